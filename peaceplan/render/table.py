"""Tabular output: rows of a diff, and records (blame, log, thread) in every format.

A diff flattens to one row per change (:func:`diff_rows`): old and new labels,
kind, alignment score, proposers and the findings' summaries, which is what the
CLI writes for ``--format csv``. History results hand over plain records
(``to_records()``); :func:`render_records` lays any such list out as a terminal
table, a Markdown or HTML table, CSV or JSON, with the same escaping as the
reports. CSV cells that a spreadsheet would run as a formula (``=``, ``+``,
``-``, ``@`` at the start) are prefixed with ``'``.
"""

from __future__ import annotations

import csv
import io
import json
import re
import shutil
from collections.abc import Mapping, Sequence
from typing import TYPE_CHECKING, Any

from ..errors import ValidationError
from ..model.records import Version
from .escape import escape_html, escape_json, escape_markdown, visible

if TYPE_CHECKING:  # annotations only: a renderer reads a diff, it need not import the engine
    from ..compare.diff import Diff

__all__ = ["FORMATS", "diff_rows", "render_csv", "render_records", "version_rows"]

FORMATS = ("text", "md", "html", "json", "csv")
_NUMBER = re.compile(r"^[+-]?\d+(\.\d+)?$")


def diff_rows(diff: Diff) -> list[dict[str, Any]]:
    """One row per change: labels, kind, score, proposers and findings.

    >>> from peaceplan.compare.diff import diff
    >>> from peaceplan.corpus import load_corpus
    >>> c = load_corpus()
    >>> rows = diff_rows(diff(c.version("28-point"), c.version("20-point")))
    >>> sorted(rows[0])
    ['confidence', 'contested', 'findings', 'kind', 'new', 'old', 'proposers', 'score']
    """
    return [
        {
            "old": " ".join(change.old_labels),
            "new": " ".join(change.new_labels),
            "kind": change.kind.value,
            "score": round(change.match.score, 3),
            "confidence": round(change.match.confidence, 3),
            "proposers": " ".join(change.proposers),
            "contested": change.contested,
            "findings": "; ".join(f.summary for f in change.findings),
        }
        for change in diff.changes
    ]


def version_rows(version: Version) -> list[dict[str, Any]]:
    """One row per point and sub-point: path, title, text, topics and credited actors.

    >>> from peaceplan.corpus import load_corpus
    >>> rows = version_rows(load_corpus().version("28-point"))
    >>> rows[0]["path"], sorted(rows[0])
    ('1', ['actors', 'path', 'text', 'title', 'topics'])
    """
    return [
        {
            "path": path,
            "title": p.title or "",
            "text": p.text,
            "topics": " ".join(p.topics),
            "actors": " ".join(dict.fromkeys(a.actor for a in p.attributions)),
        }
        for path, p in version.walk()
    ]


def _cell(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, (list, tuple)):
        return "; ".join(_cell(v) for v in value)
    if isinstance(value, bool):
        return "true" if value else "false"
    return str(value)


def _csv_safe(text: str) -> str:
    if text[:1] in ("=", "+", "-", "@", "\t", "\r") and not _NUMBER.match(text):
        return "'" + text
    return text


def render_csv(records: Sequence[Mapping[str, Any]]) -> str:
    """Records as CSV with a header row (the keys of the first record, then any new ones).

    >>> print(render_csv([{"old": "6", "new": "4", "findings": "=1+1"}]), end="")
    old,new,findings
    6,4,'=1+1
    """
    fields = _fields(records)
    out = io.StringIO()
    writer = csv.DictWriter(out, fieldnames=fields, lineterminator="\n")
    writer.writeheader()
    for record in records:
        writer.writerow({k: _csv_safe(_cell(record.get(k))) for k in fields})
    return out.getvalue()


def _fields(records: Sequence[Mapping[str, Any]]) -> list[str]:
    return list(dict.fromkeys(k for record in records for k in record))


def render_records(
    records: Sequence[Mapping[str, Any]],
    fmt: str,
    *,
    title: str = "",
    color: bool = False,
    width: int | None = None,
) -> str:
    """Lay records out in one of :data:`FORMATS`.

    >>> print(render_records([{"label": "6", "actor": "us"}], "md"), end="")
    | label | actor |
    | --- | --- |
    | 6 | us |
    """
    if fmt == "json":
        return escape_json(json.dumps(list(records), ensure_ascii=False, indent=2, default=str)) + "\n"
    if fmt == "csv":
        return render_csv(records)
    fields = _fields(records)
    if fmt == "md":
        lines = [f"## {escape_markdown(title)}", ""] if title else []
        lines.append("| " + " | ".join(escape_markdown(f) for f in fields) + " |")
        lines.append("| " + " | ".join("---" for _ in fields) + " |")
        for r in records:
            lines.append("| " + " | ".join(escape_markdown(_cell(r.get(f))) for f in fields) + " |")
        return "\n".join(lines) + "\n"
    if fmt == "html":
        head = "".join(f"<th>{escape_html(f)}</th>" for f in fields)
        rows = "".join(
            "<tr>" + "".join(f"<td>{escape_html(_cell(r.get(f)))}</td>" for f in fields) + "</tr>" for r in records
        )
        caption = f"<caption>{escape_html(title)}</caption>" if title else ""
        return f"<table>{caption}<thead><tr>{head}</tr></thead><tbody>{rows}</tbody></table>\n"
    if fmt != "text":
        raise ValidationError(f"unknown format {fmt!r}; expected one of {', '.join(FORMATS)}")
    from rich import box  # (records written as CSV, JSON, Markdown or HTML need no rich)
    from rich.table import Table
    from rich.text import Text

    from .text import terminal_console

    width = width or shutil.get_terminal_size((100, 24)).columns
    if _fits(records, fields, width):
        table = Table(title=visible(title) or None, box=box.SIMPLE_HEAD, show_lines=False, highlight=False)
        for f in fields:
            table.add_column(visible(f), overflow="fold")
        for r in records:
            table.add_row(*(Text(visible(_cell(r.get(f)))) for f in fields))
        parts: list[Any] = [table]
    else:
        parts = _blocks(records, fields, title)
    console, _ = terminal_console(color, width)
    for part in parts:
        console.print(part)
    text = console.file.getvalue()  # type: ignore[attr-defined]
    return "\n".join(line.rstrip() for line in str(text).split("\n"))


def _fits(records: Sequence[Mapping[str, Any]], fields: Sequence[str], width: int) -> bool:
    """Whether a table of these records reads well in ``width`` columns (no column folded to slivers)."""
    needed = 0
    for f in fields:
        longest = max([len(f)] + [len(_cell(r.get(f))) for r in records])
        needed += min(longest, 30) + 2
    return needed <= width


def _blocks(records: Sequence[Mapping[str, Any]], fields: Sequence[str], title: str) -> list[Any]:
    """Records too wide for a table: one block each, headed by the first field that varies.

    Fields with the same value in every record are shown once, under the title.
    """
    from rich.padding import Padding
    from rich.text import Text

    parts: list[Any] = [Text(visible(title), style="bold")] if title else []
    varying = [f for f in fields if len(records) < 2 or len({_cell(r.get(f)) for r in records}) > 1] or list(fields)
    for f in fields:
        if f not in varying and _cell(records[0].get(f)):
            parts.append(Text(f"{visible(f)}: {visible(_cell(records[0].get(f)))}", overflow="fold"))
    for r in records:
        parts.append(Text(""))
        head, *rest = varying
        parts.append(Text(visible(_cell(r.get(head))), style="bold", overflow="fold"))
        for f in rest:
            value = r.get(f)
            if value in (None, "", [], ()):
                continue
            line = Text(f"{visible(f)}: ", style="dim", overflow="fold")
            items = [visible(_cell(v)) for v in value] if isinstance(value, (list, tuple)) else None
            if items is not None and sum(len(i) + 2 for i in items) > 60:
                parts.append(Padding(line, (0, 0, 0, 2)))
                parts.extend(Padding(Text(f"- {item}", overflow="fold"), (0, 0, 0, 4)) for item in items)
                continue
            line.append("; ".join(items) if items is not None else visible(_cell(value)), style="")
            parts.append(Padding(line, (0, 0, 0, 2)))
    return parts
