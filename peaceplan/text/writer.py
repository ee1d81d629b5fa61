"""Write a version back as plain numbered text or Markdown: the inverse of :mod:`peaceplan.text.reader`.

The output is meant to be read again, by a person or by the readers:
``read_markdown(to_markdown(v))`` gives the same labels, titles and texts as
``v`` for labels the reader recognises (numbers, letters, roman numerals). A
duplicate label renamed on import ("7 (2)") is printed as it was ("7"), so a
round trip renames it the same way. For a report of a version, with credit and
sources, use the renderers in :mod:`peaceplan.render` instead.
"""

from __future__ import annotations

import re
from collections.abc import Iterator, Sequence

from ..model.records import Provision, Version
from .numbering import roman_value

__all__ = ["to_markdown", "to_text"]

_MD_SPECIAL = re.compile(r"([\\*_`\[\]<#])")


def _printed(label: str) -> str:
    """A renamed duplicate is printed as it was: "7 (2)" → "7", which reads back as "7 (2)"."""
    return re.sub(r" \(\d+\)$", "", label)


def _paren(label: str) -> str:
    label = _printed(label)
    return f"({label})" if re.fullmatch(r"\d{1,3}|[a-zA-Z]", label) or roman_value(label) else f"{label}."


def _lines_out(provisions: Sequence[Provision], depth: int, markdown: bool) -> Iterator[str]:
    for p in provisions:
        text = " ".join(p.text.split())
        title = " ".join(p.title.split()) if p.title else None
        if markdown:
            text = _MD_SPECIAL.sub(r"\\\1", text)
            head = "**" + _MD_SPECIAL.sub(r"\\\1", title) + "**" if title else ""
            marker = f"{_printed(p.label)}." if depth == 0 else f"- {_paren(p.label)}"
            indent = "    " * depth
        else:
            head = f"{title}:" if title else ""
            marker = f"{_printed(p.label)}." if depth == 0 else _paren(p.label)
            indent = "   " * depth
        yield " ".join(part for part in (indent + marker, head, text) if part)
        yield from _lines_out(p.children, depth + 1, markdown)


def _write(version: Version, markdown: bool) -> str:
    out = [f"# {version.title}" if markdown else version.title, ""]
    provisions = version.provisions
    if provisions and provisions[0].label == "preamble" and not provisions[0].children:
        text = " ".join(provisions[0].text.split())
        out += [_MD_SPECIAL.sub(r"\\\1", text) if markdown else text, ""]
        provisions = provisions[1:]
    out.extend(_lines_out(provisions, 0, markdown))
    return "\n".join(out).rstrip() + "\n"


def to_text(version: Version) -> str:
    """Write a version as plain numbered text: titles as "Title:", sub-points indented.

    >>> v = Version(id="v", document="d", title="Plan", status="draft", provisions=[
    ...     Provision(label="1", title="Army size", text="Capped.", children=[Provision(label="a", text="Now.")])])
    >>> print(to_text(v), end="")
    Plan
    <BLANKLINE>
    1. Army size: Capped.
       (a) Now.
    """
    return _write(version, markdown=False)


def to_markdown(version: Version) -> str:
    """Write a version as Markdown: a numbered list, titles bold, sub-points nested.

    ``read_markdown(to_markdown(v))`` has the same labels, titles and texts as
    ``v`` for labels the reader recognises (numbers, letters, roman numerals).

    >>> v = Version(id="v", document="d", title="Plan", status="draft", provisions=[
    ...     Provision(label="1", title="Army size", text="Capped.", children=[Provision(label="a", text="Now.")])])
    >>> print(to_markdown(v), end="")
    # Plan
    <BLANKLINE>
    1. **Army size** Capped.
        - (a) Now.
    """
    return _write(version, markdown=True)
