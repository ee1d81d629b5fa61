"""Old module paths, kept for one release: ``import peaceplan.align`` still works in 0.1.

In 0.1 the flat modules moved into subpackages named after their layer
(``peaceplan.align`` is now ``peaceplan.compare.align``). Importing an old path
warns (``DeprecationWarning``) and gives the module at its new path, the same
module object, so a name patched or read through either path is the same name.
The old paths go in 0.2. The three old modules whose names are now packages
(``peaceplan.model``, ``peaceplan.files``, ``peaceplan.history``) forward their
old names from the package itself (see :func:`forward`).
"""

from __future__ import annotations

import importlib
import importlib.abc
import importlib.machinery
import sys
import types
import warnings
from collections.abc import Sequence

__all__ = ["MOVED", "forward", "install", "warn_moved"]

MOVED: dict[str, str] = {
    "peaceplan.dates": "peaceplan.model.dates",
    "peaceplan.fields": "peaceplan.model.fields",
    "peaceplan.metadata": "peaceplan.model.metadata",
    "peaceplan.events": "peaceplan.model.events",
    "peaceplan.topics": "peaceplan.model.topics",
    "peaceplan.credit": "peaceplan.model.credit",
    "peaceplan.graph": "peaceplan.model.graph",
    "peaceplan.yamlio": "peaceplan.files.yamlio",
    "peaceplan.schemata": "peaceplan.files.schemata",
    "peaceplan.akn": "peaceplan.files.akn",
    "peaceplan.plugins": "peaceplan.files.plugins",
    "peaceplan.textio": "peaceplan.text.reader",
    "peaceplan.textwrite": "peaceplan.text.writer",
    "peaceplan.containers": "peaceplan.text.containers",
    "peaceplan.decoding": "peaceplan.text.decoding",
    "peaceplan.inline": "peaceplan.text.inline",
    "peaceplan.numbering": "peaceplan.text.numbering",
    "peaceplan.align": "peaceplan.compare.align",
    "peaceplan.alignments": "peaceplan.compare.alignments",
    "peaceplan.similarity": "peaceplan.compare.similarity",
    "peaceplan.paraphrase": "peaceplan.compare.paraphrase",
    "peaceplan.semantic": "peaceplan.compare.semantic",
    "peaceplan.redline": "peaceplan.compare.redline",
    "peaceplan.matches": "peaceplan.compare.matches",
    "peaceplan.findingkinds": "peaceplan.compare.findingkinds",
    "peaceplan.mentions": "peaceplan.compare.mentions",
    "peaceplan.findings": "peaceplan.compare.findings",
    "peaceplan.diff": "peaceplan.compare.diff",
    "peaceplan.lineage": "peaceplan.compare.lineage",
    "peaceplan.curate": "peaceplan.compare.curate",
    "peaceplan.descent": "peaceplan.history.descent",
    "peaceplan.blame": "peaceplan.history.blame",
    "peaceplan.thread": "peaceplan.history.thread",
    "peaceplan.synopsis": "peaceplan.history.synopsis",
    "peaceplan.influence": "peaceplan.history.influence",
    "peaceplan.deal": "peaceplan.history.deal",
    "peaceplan.timeline": "peaceplan.history.timeline",
    "peaceplan.evolution": "peaceplan.history.evolution",
}
"""Old module path → new module path (the old paths go in 0.2)."""


def warn_moved(old: str, new: str, stacklevel: int) -> None:
    """Warn that ``old`` moved to ``new`` (a ``DeprecationWarning``; the old path goes in 0.2)."""
    warnings.warn(
        f"{old} moved to {new}; the old path goes in peaceplan 0.2 (import from {new}, "
        "or use the top-level name: peaceplan.diff, peaceplan.load_corpus, ...)",
        DeprecationWarning,
        stacklevel=stacklevel,
    )


class _Alias(importlib.abc.Loader):
    def __init__(self, new: str) -> None:
        self.new = new

    def create_module(self, spec: importlib.machinery.ModuleSpec) -> types.ModuleType:
        warn_moved(spec.name, self.new, stacklevel=8)
        return importlib.import_module(self.new)

    def exec_module(self, module: types.ModuleType) -> None:
        pass  # the module at its new path is already executed


class _Finder(importlib.abc.MetaPathFinder):
    def find_spec(
        self, fullname: str, path: Sequence[str] | None, target: types.ModuleType | None = None
    ) -> importlib.machinery.ModuleSpec | None:
        new = MOVED.get(fullname)
        if new is None:
            return None
        return importlib.machinery.ModuleSpec(fullname, _Alias(new))


def install() -> None:
    """Let the old module paths import (``peaceplan/__init__.py`` calls it once)."""
    if not any(isinstance(f, _Finder) for f in sys.meta_path):
        sys.meta_path.append(_Finder())


def forward(package: str, old: str, new: str, name: str) -> object:
    """A name the old module ``old`` had, now in ``new``: for the package's ``__getattr__``."""
    module = importlib.import_module(new)
    try:
        value = getattr(module, name)
    except AttributeError:
        raise AttributeError(f"module {package!r} has no attribute {name!r}") from None
    warn_moved(f"{old}.{name}", f"{new}.{name}", stacklevel=4)
    return value
