"""Renderers: the same typed changes shown as terminal text, Markdown, HTML or tables.

A renderer never recomputes a diff: it reads a :class:`~peaceplan.compare.diff.Diff`
(or a :class:`~peaceplan.model.records.Version`) and lays it out. Every renderer
escapes user text (:mod:`peaceplan.render.escape`), so a provision that reads
``<script>`` shows as that text in every format.

>>> from peaceplan.compare.diff import diff
>>> from peaceplan.corpus import load_corpus
>>> from peaceplan.render import render_markdown
>>> c = load_corpus()
>>> "<del>" in render_markdown(diff(c.version("28-point"), c.version("20-point")))
True
"""

from __future__ import annotations

import importlib
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from .html import render_html, render_version_html
    from .markdown import render_markdown, render_version_markdown
    from .table import diff_rows, render_csv, render_records
    from .text import render_text, render_version_text

# Each renderer is imported when first asked for (PEP 562): the terminal report
# need not import the HTML, Markdown and table renderers, nor they rich.
_LAZY = {
    "diff_rows": "table",
    "render_csv": "table",
    "render_html": "html",
    "render_markdown": "markdown",
    "render_records": "table",
    "render_text": "text",
    "render_version_html": "html",
    "render_version_markdown": "markdown",
    "render_version_text": "text",
}


def __getattr__(name: str) -> Any:
    module = _LAZY.get(name)
    if module is None:
        raise AttributeError(f"module 'peaceplan.render' has no attribute {name!r}")
    value = getattr(importlib.import_module(f"{__name__}.{module}"), name)
    globals()[name] = value
    return value


def __dir__() -> list[str]:
    return sorted(set(globals()) | set(__all__))


__all__ = [
    "diff_rows",
    "render_csv",
    "render_html",
    "render_markdown",
    "render_records",
    "render_text",
    "render_version_html",
    "render_version_markdown",
    "render_version_text",
]
