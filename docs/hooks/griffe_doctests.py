"""Griffe extension: make peaceplan's docstrings read well in the API reference.

peaceplan's docstrings are written for ``help()`` and doctest: bare ``>>>``
examples and reST roles (``:class:`~peaceplan.compare.diff.Diff```). Rendered as
Markdown by mkdocstrings, a bare ``>>>`` line would become a nested block quote
and a role would show its colons. This extension, loaded by mkdocstrings
(``extensions:`` in ``mkdocs.yml``), rewrites each docstring before rendering:

- every run of doctest lines (from a ``>>>`` line to the next blank line) is
  wrapped in a ``pycon`` code fence;
- a reST literal-block marker (a line ending in ``::``) loses one colon, the
  indented block after it being a Markdown code block already;
- every reST role becomes inline code of its target's last part
  (``~peaceplan.compare.diff.Diff`` → ``Diff``), or of its explicit title.

The source docstrings are not touched, so ``help()`` and doctest see them as
written.

>>> fence_doctests("Compare.\\n\\n>>> 1 + 1\\n2\\n\\nMore.").splitlines()
['Compare.', '', '```pycon', '>>> 1 + 1', '2', '```', '', 'More.']
>>> plain_roles("See :class:`~peaceplan.compare.diff.Diff` and :func:`diff() <peaceplan.compare.diff.diff>`.")
'See `Diff` and `diff()`.'
"""

from __future__ import annotations

import re
from typing import Any

try:
    from griffe import Extension
except ImportError:  # pragma: no cover - griffe comes with mkdocstrings, needed only to build the docs
    Extension = object  # type: ignore[misc,assignment]

__all__ = ["DocstringsForMarkdown", "fence_doctests", "plain_roles"]

_ROLE = re.compile(r":(?:py:)?[a-z]+:`(?P<body>[^`]+)`")
_TITLED = re.compile(r"(?P<title>.+?)\s*<(?P<target>[^>]+)>")


def fence_doctests(text: str) -> str:
    """Wrap every run of doctest lines (a ``>>>`` line up to the next blank line) in a ``pycon`` fence."""
    out: list[str] = []
    lines = text.split("\n")
    i = 0
    fenced = False
    while i < len(lines):
        line = lines[i]
        stripped = line.lstrip()
        if stripped.startswith("```"):
            fenced = not fenced
        if not fenced and stripped.startswith(">>>"):
            indent = line[: len(line) - len(stripped)]
            block = []
            while i < len(lines) and lines[i].strip():
                block.append(lines[i])
                i += 1
            out += [f"{indent}```pycon", *block, f"{indent}```"]
            continue
        if not fenced and line.endswith("::") and not stripped.startswith("::"):
            line = line[:-1]
        out.append(line)
        i += 1
    return "\n".join(out)


def _role(match: re.Match[str]) -> str:
    body = match.group("body")
    titled = _TITLED.fullmatch(body)
    if titled:
        return f"`{titled.group('title')}`"
    target = body.lstrip("~!")
    if body.startswith("~"):
        target = target.rsplit(".", 1)[-1]
    return f"`{target}`"


def plain_roles(text: str) -> str:
    """Turn reST roles into inline code (``:class:`~a.B``` → `` `B` ``)."""
    return _ROLE.sub(_role, text)


class DocstringsForMarkdown(Extension):
    """Rewrite each docstring as it is loaded: fence doctests, flatten reST roles."""

    def on_instance(self, *, obj: Any, **kwargs: Any) -> None:
        docstring = getattr(obj, "docstring", None)
        if docstring is not None:
            docstring.value = plain_roles(fence_doctests(docstring.value))
