"""Deprecated: chains of versions live in :mod:`peaceplan.model.graph`, the tracer in :mod:`peaceplan.history.descent`.

:func:`version_path` is :meth:`peaceplan.model.graph.Graph.chain` of the corpus's
graph; :func:`trace_steps` is :meth:`peaceplan.Corpus.diff` (which traces with
:meth:`peaceplan.history.descent.Descent.trace`, the tracer every history view uses).
Both stay for one release.
"""

from __future__ import annotations

import warnings
from typing import TYPE_CHECKING

if TYPE_CHECKING:  # pragma: no cover
    from ..model.collection import CorpusData
    from .diff import Diff, DiffOptions, TracingCorpus

__all__ = ["trace_steps", "version_path"]


def version_path(corpus: CorpusData, old_id: str, new_id: str) -> tuple[str, ...] | None:
    """The shortest chain of versions from ``old_id`` down to ``new_id`` through parent links.

    Returns ``None`` when ``new_id`` does not descend from ``old_id``; ties are
    broken by the order parents are listed in. Use ``corpus.graph.chain(old_id, new_id)``.

    >>> import peaceplan
    >>> version_path(peaceplan.load_corpus(), "28-point", "20-point")
    ('28-point', 'geneva-19', '20-point')
    """
    corpus.version(old_id)
    corpus.version(new_id)
    return corpus.graph.chain(old_id, new_id)


def trace_steps(result: Diff, corpus: TracingCorpus, *, use_lineage: bool, options: DiffOptions) -> Diff:
    """Deprecated: ``corpus.diff(result.old, result.new, use_lineage=..., options=...)``."""
    warnings.warn(
        "peaceplan.compare.lineage.trace_steps is deprecated and will be removed: call "
        "corpus.diff(old, new, use_lineage=..., options=...), which traces every change",
        DeprecationWarning,
        stacklevel=2,
    )
    return corpus.diff(result.old, result.new, use_lineage=use_lineage, options=options)
