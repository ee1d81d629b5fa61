"""Compact terminal views of an influence table and a synopsis, in the shape of ``peaceplan log``.

One header line, a row of dim column names, one line per row, columns two
spaces apart, numbers right-aligned; the flexible column (an actor's name, a
row's title) gives way to the terminal width first and is cut with ``…``. Both
views read a computed result and never recompute it; user text (titles, actor
names) passes through :func:`~peaceplan.render.escape.visible` into rich
``Text`` objects, never parsed as markup. Colour follows the other compact
views (:func:`~peaceplan.render.text.want_color`). The full records are
:meth:`Influence.to_records <peaceplan.history.influence.Influence.to_records>` and
:meth:`Synopsis.to_records <peaceplan.history.synopsis.Synopsis.to_records>`.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence

from rich.text import Text

from ..history.influence import UNATTRIBUTED, Influence
from ..history.synopsis import Cell, CellStatus, Synopsis
from ..model.collection import CorpusData
from .escape import visible
from .history_text import line_of, short_names, view_width
from .text import terminal_console

__all__ = ["influence_text", "synopsis_text"]

_GAP = "  "
_ESCAPE = re.compile(r"\x1b\[[0-9;]*m")
_TRAILING = re.compile(r"(?:\s|\x1b\[[0-9;]*m)+$")  # the end of a line: spaces among the colour codes
_STATUS_STYLES = {
    CellStatus.NEW: "green",
    CellStatus.KEPT: "dim",
    CellStatus.REWORDED: "cyan",
    CellStatus.MODIFIED: "yellow",
    CellStatus.MERGED: "magenta",
    CellStatus.SPLIT: "magenta",
    CellStatus.DROPPED: "red",
}
_INFLUENCE_COLUMNS = ("proposed", "roots", "contested", "reached", "survived", "superseded", "lost", "share")
_INFLUENCE_LEGEND = (
    "proposed: changes anywhere in the corpus, reached: those on the way to the head "
    "(= survived + superseded + lost) · roots: wording of a version with no parent · "
    "contested: credit rests on contested reports only · superseded: reworded again later · "
    "lost: reverted or dropped · share: inserted words still in the head"
)


def influence_text(
    result: Influence, corpus: CorpusData, *, color: bool | None = None, width: int | None = None
) -> str:
    """One block per head: a line per actor (display names) whose changes reach it, then who never reaches it.

    >>> import peaceplan
    >>> c = peaceplan.load_corpus()
    >>> out = influence_text(c.influence(["20-point"], by="affiliation"), c, color=False, width=100)
    >>> print(out.splitlines()[2])
    United States       114     44          0       92        42          30    20    56%
    """
    w = view_width(width)
    names = short_names(corpus.actors) | {UNATTRIBUTED: "(unattributed)"}
    lines: list[Text] = []
    for head in result.heads:
        reached = [a for a in result.actors if a.head(head).reached]
        absent = [names.get(a.actor, a.actor) for a in result.actors if not a.head(head).reached]
        if lines:
            lines.append(Text())
        who = "parties" if result.by == "affiliation" else "actors"
        count = f"{len(reached)} of {len(result.actors)} {who} reach it"
        lines.append(_title(f"influence on {head}", f": {corpus.version(head).title}", count, w))
        header = [Text("party" if result.by == "affiliation" else "actor", "dim")]
        header += [Text(name, "dim") for name in _INFLUENCE_COLUMNS]
        rows = []
        for a in reached:
            t = a.head(head)
            share = f"{t.share:.0%}" if t.share is not None else "–"
            # reached = survived + superseded + lost: every count the sum needs is shown
            numbers = (a.proposed, a.roots, a.contested, t.reached, t.survived, t.superseded, t.reverted + t.dropped)
            row = [Text(visible(names.get(a.actor, a.actor)), "bold"), *(Text(str(n)) for n in numbers)]
            row[3].stylize("bold red" if a.contested else "dim")
            rows.append([*row, Text(share)])
        right = [False] + [True] * len(_INFLUENCE_COLUMNS)
        lines += _table(header, rows, flexible=0, right=right, width=w, least=8)
        if absent:
            lines.append(Text(visible(f"no change on the way to {head}: {', '.join(absent)}"), "dim"))
    lines += [Text(), Text(_INFLUENCE_LEGEND, "dim")]
    return _render(lines, color, w)


def synopsis_text(result: Synopsis, *, color: bool | None = None, width: int | None = None) -> str:
    """A line per lineage of points: its origin and title, then the label and status in each draft.

    >>> import peaceplan
    >>> s = peaceplan.load_corpus().synopsis(["28-point", "geneva-19", "20-point"])
    >>> print(next(line for line in synopsis_text(s, color=False, width=100).splitlines() if "Army" in line))
    28-point#6   Army size                             6 new     4 modified   4 modified
    """
    w = view_width(width)
    header = [Text(visible(h), "dim") for h in ("origin", "title", *result.columns)]
    rows = [
        [
            Text(visible(str(r.origin))),
            Text(" ".join(visible(r.title or "").split()), "bold"),
            *(_cell(c) for c in r.cells),
        ]
        for r in result
    ]
    lines = [_title(f"synopsis {' '.join(result.columns)}", "", f"{len(result)} rows", w)]
    lines += _table(header, rows, flexible=1, right=[False] * len(header), width=w, least=8, optional=True)
    return _render(lines, color, w, crop=False)


def _cell(cell: Cell) -> Text:
    if cell.status is None:
        return Text()
    text = Text(", ".join(visible(label) for label in cell.labels))
    if cell.labels:
        text.append(" ")
    text.append(cell.status.value, _STATUS_STYLES[cell.status])
    return text


def _title(bold: str, rest: str, count: str, width: int) -> Text:
    line = Text.assemble((visible(bold), "bold"), " ".join(visible(rest).split()), f" — {count}")
    line.no_wrap, line.overflow = True, "ellipsis"
    return line


def _table(
    header: list[Text],
    rows: list[list[Text]],
    *,
    flexible: int,
    right: Sequence[bool],
    width: int,
    least: int,
    optional: bool = False,
) -> list[Text]:
    """Header and rows as lines: fixed columns as wide as their widest cell, the ``flexible`` one takes the rest.

    When the room left is under ``least`` the columns close up to one space; if there is still less, an
    ``optional`` flexible column is left out, any other is cut to what is left (at least 4 cells).
    """
    widths = [max(row[i].cell_len for row in [header, *rows]) for i in range(len(header))]
    gap = _GAP
    if width - (sum(widths) - widths[flexible] + len(gap) * (len(widths) - 1)) < least:
        gap = " "
    room = width - (sum(widths) - widths[flexible] + len(gap) * (len(widths) - 1))
    keep = [i for i in range(len(widths)) if i != flexible or room >= least or not optional]
    widths[flexible] = max(min(widths[flexible], room), 4)
    return [
        line_of([row[i] for i in keep], [widths[i] for i in keep], [right[i] for i in keep], gap)
        for row in [header, *rows]
    ]


def _render(lines: Iterable[Text], color: bool | None, width: int, *, crop: bool = True) -> str:
    """The lines as terminal text: table lines are cut to the width with ``…`` (or, without ``crop``, run
    past it), other text folds."""
    console, _ = terminal_console(color, width)
    for line in lines:
        if not crop:
            console.print(line, no_wrap=True, overflow="ignore", crop=False)
        elif line.no_wrap:  # the console does not read these off the Text
            console.print(line, no_wrap=True, overflow="ellipsis")
        else:
            console.print(line)
    out = console.file.getvalue()  # type: ignore[attr-defined]
    return "\n".join(
        _TRAILING.sub(lambda m: "".join(_ESCAPE.findall(m.group())), line) for line in str(out).split("\n")
    )
