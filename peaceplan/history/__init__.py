"""History: a version's place in the lineage and where each point came from.

What belongs here: log, heads and ancestors over the version graph
(:mod:`~peaceplan.history.log`), where each point of a version came from
(:mod:`~peaceplan.history.descent`), blame, thread, synopsis, influence, deal
status and the timeline. It may import :mod:`peaceplan.compare` and everything
below, never the renderers or the facade (a result's ``_repr_html_``/``to_frame``/
``plot`` may import its renderer when called).

Until 0.2 this package also answers the names the old module ``peaceplan.history``
had (``from peaceplan.history import heads``), with a ``DeprecationWarning``. One
name cannot: ``peaceplan.history.log`` is now the module :mod:`peaceplan.history.log`,
and the function is :func:`peaceplan.log` (or ``peaceplan.history.log.log``).
"""

import importlib
import warnings

from .._moved import forward


def __getattr__(name: str) -> object:
    if name == "log":  # the module's name now: say where the function went, give the module
        warnings.warn(
            "peaceplan.history.log is the module peaceplan.history.log now, not the function log: "
            "call peaceplan.log(corpus) (or peaceplan.history.log.log)",
            DeprecationWarning,
            stacklevel=2,
        )
        return importlib.import_module("peaceplan.history.log")
    return forward(__name__, "peaceplan.history", "peaceplan.history.log", name)
