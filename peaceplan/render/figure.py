"""The matplotlib figure every plot draws on, and the clear error when the ``plot`` extra is missing.

Figures are built without :mod:`matplotlib.pyplot` (no global figure state, any
backend) and show themselves in Jupyter as PNG. Importing this module does not
import matplotlib; :func:`figure_class` does, on first use.
"""

from __future__ import annotations

import functools
import io
from typing import TYPE_CHECKING

from ..errors import MissingExtraError

if TYPE_CHECKING:  # pragma: no cover
    from matplotlib.figure import Figure

__all__ = ["figure_class"]


def figure_class(feature: str) -> type[Figure]:
    """The Figure class plots draw on; without matplotlib, a :class:`MissingExtraError` naming ``feature``."""
    try:
        import matplotlib.figure  # noqa: F401
    except ImportError:
        raise MissingExtraError(feature, "plot") from None
    return _figure_class()


@functools.cache
def _figure_class() -> type[Figure]:
    from matplotlib.figure import Figure

    class NotebookFigure(Figure):
        """A Figure that shows itself in Jupyter as PNG, with or without pyplot's inline backend."""

        def _repr_png_(self) -> bytes:
            buffer = io.BytesIO()
            self.savefig(buffer, format="png", dpi=110, bbox_inches="tight", facecolor="white")
            return buffer.getvalue()

    return NotebookFigure
