"""Compact terminal views of history: ``blame``, ``log`` and ``thread``, the way git shows them.

:func:`render_blame_text` prints one line per provision, in the shape of
``git blame``: the label, the version and label where its current wording was
introduced, the kind of change there, who proposed it, its origin (marked
``^`` when the corpus holds no earlier text of it, as git marks a boundary
commit), and the start of its text cut to the width. :func:`render_log_text`
prints one line per version, :func:`render_thread_text` one short block per
version with the findings and the redline. The field-by-field listing of the
full records stays with :func:`~peaceplan.render.table.render_records`.

Actors are shown by short display names from the corpus (a person's surname, a
coalition's name without its parenthesised members); doubtful credit is marked
``?`` (contested) or ``*`` (inferred), with a legend under the view. Colour,
``NO_COLOR`` and width follow the diff redline (:mod:`peaceplan.render.text`):
without colour the redline carries git's word-diff markers
``[-deleted-]{+inserted+}``. User text passes through
:func:`~peaceplan.render.escape.visible` into rich ``Text`` objects, never
parsed as markup, so neither markup nor terminal escapes reach the terminal.
"""

from __future__ import annotations

import re
import shutil
from collections.abc import Iterable, Iterator, Mapping, Sequence
from typing import TYPE_CHECKING

from rich.console import RenderableType
from rich.padding import Padding
from rich.text import Text

from ..compare.matches import MatchKind
from ..model.records import Actor, ActorKind, Attribution, Confidence, ProvisionRef, Role
from .common import KIND_MARKS, Actors, finding_texts
from .escape import visible
from .text import KIND_STYLES, print_parts, want_color, words_text

if TYPE_CHECKING:  # pragma: no cover
    from ..history.blame import Blame, BlameLine
    from ..history.log import Log
    from ..history.thread import Thread, ThreadChange, ThreadEntry
    from ..model.collection import CorpusData

__all__ = ["credit_text", "render_blame_text", "render_log_text", "render_thread_text", "short_name", "short_names"]

_PROPOSING = (Role.PROPOSER, Role.DRAFTER)
_CONFIDENCE_MARKS: Mapping[Confidence, str] = {Confidence.CONTESTED: "?", Confidence.INFERRED: "*"}
_LEGEND = {
    "^": "origin predates the corpus",
    "?": "contested credit",
    "*": "inferred credit",
}
_GAP = "  "
_MIN_TEXT = 40  # narrower than this, a blame line's text goes on a line of its own
_NAMES_CAP = 28  # a column of names is cut to this width when the text needs the room
_TEXT_WANTED = 30  # the start of a blamed text worth keeping before the names grow wider


def short_name(actor: Actor) -> str:
    """The name an actor is shown by in a compact view: a person's surname, a name without its parenthesis.

    >>> short_name(Actor(id="dmitriev", name="Kirill Dmitriev", kind="person"))
    'Dmitriev'
    >>> short_name(Actor(id="e3", name="E3 (United Kingdom, France, Germany)", kind="coalition"))
    'E3'
    >>> short_name(Actor(id="us", name="United States", kind="state"))
    'United States'
    """
    name = re.sub(r"\s*\([^()]*\)\s*$", "", actor.name).strip() or actor.name
    if actor.kind is ActorKind.PERSON:
        return name.split()[-1]
    return name


def short_names(actors: Actors) -> dict[str, str]:
    """Map actor ids to :func:`short_name` (an empty mapping for ``None``: ids are shown as they are).

    >>> short_names([Actor(id="vance", name="JD Vance", kind="person")])
    {'vance': 'Vance'}
    """
    if actors is None:
        return {}
    found = actors.values() if isinstance(actors, Mapping) else actors
    return {actor.id: short_name(actor) for actor in found}


def credit_text(attributions: Iterable[Attribution], names: Mapping[str, str], *, width: int | None = None) -> Text:
    """Who proposed or drafted a text, each actor once, doubtful credit marked ``?`` or ``*``.

    Endorsers and reporters are left out: the compact views answer "who put it
    there". Given a ``width`` the list is cut between names, with a count of the
    names left out, rather than in the middle of one.

    >>> from peaceplan.model.records import Attribution
    >>> credit = [Attribution(actor="us"), Attribution(actor="dmitriev", confidence="contested")]
    >>> credit_text(credit, {"us": "United States"}).plain
    'United States, dmitriev?'
    >>> credit_text(credit, {"us": "United States"}, width=20).plain
    'United States +1'
    """
    seen: dict[str, Confidence] = {}
    for a in attributions:
        if a.role in _PROPOSING:
            seen.setdefault(a.actor, a.confidence)
    items = []
    for actor, confidence in seen.items():
        item = Text(visible(names.get(actor, actor)))
        mark = _CONFIDENCE_MARKS.get(confidence)
        if mark:
            item.append(mark, "bold red" if confidence is Confidence.CONTESTED else "dim")
        items.append(item)
    text = Text(", ").join(items)
    if width is None or text.cell_len <= width:
        return text
    for keep in range(len(items) - 1, 0, -1):
        short = Text(", ").join(items[:keep])
        short.append(f" +{len(items) - keep}", "dim")
        if short.cell_len <= width:
            return short
    return _cut(text, width)


# --- layout -------------------------------------------------------------------------------


def _one_line(text: str) -> str:
    return " ".join(visible(text).split())


def _cut(text: Text, width: int) -> Text:
    """A copy of ``text`` cut to ``width`` cells, ending in ``…`` when anything was cut."""
    if text.cell_len <= width:
        return text.copy()
    out = text.copy()
    out.truncate(max(width - 1, 0))
    out.rstrip()
    out.append("…")
    return out


def _widths(rows: Sequence[Sequence[Text]], caps: Sequence[int]) -> list[int]:
    return [min(cap, max(row[i].cell_len for row in rows)) for i, cap in enumerate(caps)]


def line_of(cells: Iterable[Text], widths: Sequence[int], right: Sequence[bool], gap: str = _GAP) -> Text:
    """Cells as one line cut to the width: each cut or padded to its column (``right``-aligned or not)."""
    line = Text(no_wrap=True, overflow="ellipsis")
    for i, (cell, width) in enumerate(zip(cells, widths, strict=True)):
        if i:
            line.append(gap)
        out = _cut(cell, width)
        out.align("right" if right[i] else "left", width)
        line.append_text(out)
    return line


def _legend(marks: Iterable[str]) -> Iterator[Text]:
    used = [m for m in _LEGEND if m in set(marks)]
    if used:
        yield Text()
        yield Text(" · ".join(f"{m} {_LEGEND[m]}" for m in used), style="dim")


def _marks(text: Text) -> set[str]:
    return {m for m in _LEGEND if m in text.plain}


def view_width(width: int | None) -> int:
    """The width of a compact view: ``width``, else the terminal's; at least 40 columns."""
    return max(width if width is not None else shutil.get_terminal_size((100, 24)).columns, 40)


# --- blame -------------------------------------------------------------------------------


def render_blame_text(
    blame: Blame,
    corpus: CorpusData,
    *,
    color: bool | None = None,
    width: int | None = None,
) -> str:
    """A blame as ``git blame`` would show it: one line per provision (two when the text would get under 40 columns).

    The ``worded in`` column names the version a point's wording was written in only where it is
    another version (with the label there when it differs); it is left out when every point was
    worded in the blamed version.

    ``corpus`` (the one the blame was computed on) gives the version's title and
    the actors' names. ``color=None`` decides from the environment; ``width=None``
    uses the terminal width.

    >>> import peaceplan
    >>> c = peaceplan.load_corpus()
    >>> out = render_blame_text(peaceplan.blame(c, "20-point"), c, color=False, width=110)
    >>> lines = out.splitlines()
    >>> print(lines[1])
    label  kind      proposed by             origin             text
    >>> print(next(line for line in lines if line.startswith("4 ")))
    4      modified  E3                      ^28-point#6        Ukraine's armed forces stay at 800,000 in peaceti…
    """
    w = view_width(width)
    names = short_names(corpus.actors)
    return print_parts(_blame_parts(blame, corpus, names, w), color, w)


def _blame_cells(line: BlameLine, version: str, names: Mapping[str, str]) -> list[Text]:
    kind = line.introduced.verdict  # the alignment's "modified" covers rewording; the diff tells them apart
    origin = ("^" if line.predates_corpus else "") + str(line.origin.ref)
    if len(line.origins) > 1:
        origin += f" +{len(line.origins) - 1}"
    return [
        Text(visible(line.label), "bold"),
        Text(visible(_worded_in(line, version))),
        Text(kind.value, KIND_STYLES[kind]),
        credit_text(line.attributions, names),
        Text(visible(origin), "dim"),
    ]


def _worded_in(line: BlameLine, version: str) -> str:
    """Where a line's wording was written: blank in the blamed version, else that version (with its label if other)."""
    step = line.introduced
    if step.version == version:
        return ""
    return step.version if step.label == line.label else str(step.ref)


def _blame_parts(blame: Blame, corpus: CorpusData, names: Mapping[str, str], width: int) -> Iterator[RenderableType]:
    version = corpus.version(blame.version)
    here = sum(1 for line in blame if line.introduced.version == blame.version)
    date = f" · {version.date}" if version.date else ""
    worded = f"all {here} worded here" if here == len(blame) else f"{here} worded here"
    yield Text.assemble(
        (f"blame {blame.version}", "bold"),
        f": {_one_line(version.title)}{date} — {len(blame)} provisions, {worded}",
        no_wrap=True,
        overflow="ellipsis",
    )
    # The version a wording was written in is said only where it is another one: a column that repeated
    # the blamed version (and the row's own label) for every point of its own text said nothing.
    columns = ["label", "worded in", "kind", "proposed by", "origin"]
    caps = [12, 30, 10, 1000, 24]
    rows = [_blame_cells(line, blame.version, names) for line in blame]
    if here == len(blame):
        del columns[1], caps[1]
        for cells in rows:
            del cells[1]
    who = columns.index("proposed by")
    header = [Text(h, "dim") for h in columns]
    widths = _widths([header, *rows], caps)
    right = [False] * len(widths)
    others = sum(widths) - widths[who] + len(_GAP) * len(widths)
    # The names may take what the text can spare beyond a readable start; narrower, they give way first.
    widths[who] = max(min(widths[who], max(_NAMES_CAP, width - others - _TEXT_WANTED), width - others + len(_GAP)), 8)
    for line, cells in zip(blame, rows, strict=True):
        cells[who] = credit_text(line.attributions, names, width=widths[who])
    room = width - others - widths[who]
    # The text keeps one line with the columns while it has room for a sentence's start; else it takes
    # a line of its own, the whole width but the label's.
    inline = room >= _MIN_TEXT or all(len(_one_line(line.text)) <= room for line in blame)
    head = line_of(header, widths, right)
    if inline:
        head.append(_GAP + "text", "dim")
    yield head
    marks: set[str] = set()
    for line, cells in zip(blame, rows, strict=True):
        marks |= {m for cell in cells[who:] for m in _marks(cell)}
        text = Text(_one_line(line.text))
        out = line_of(cells, widths, right)
        if inline:
            out.append(_GAP)
            out.append_text(_cut(text, room))
            yield out
        else:
            yield out
            indent = widths[0] + len(_GAP)
            yield Padding(_cut(text, width - indent), (0, 0, 0, indent))
    yield from _legend(marks)
    if 0 < here < len(blame):
        yield Text(f"a blank 'worded in': worded here, in {visible(blame.version)}", style="dim")


# --- log ---------------------------------------------------------------------------------


def render_log_text(
    log: Log,
    corpus: CorpusData,
    *,
    color: bool | None = None,
    width: int | None = None,
) -> str:
    """A log as ``git log --oneline`` would show it: one line per version, oldest first.

    Each line: date, version id, status, fidelity, number of points (top-level, as
    ``peaceplan list`` counts them and a plan's name does; ``show`` adds the count with
    sub-points), parents (``(root)`` when the corpus holds no earlier text), and who
    proposed the version, cut to the width.

    >>> import peaceplan
    >>> c = peaceplan.load_corpus()
    >>> out = render_log_text(peaceplan.log(c, "peace-plan"), c, color=False, width=100)
    >>> print(out.splitlines()[3])
    2025-11-23    e3-counter        leaked    partial            25  28-point   E3
    """
    w = view_width(width)
    names = short_names(corpus.actors)
    return print_parts(_log_parts(log, corpus, names, w), color, w)


def _log_parts(log: Log, corpus: CorpusData, names: Mapping[str, str], width: int) -> Iterator[RenderableType]:
    what = f"{log.document}: {_one_line(corpus.document(log.document).title)}" if log.document else corpus.name
    yield Text.assemble((f"log {what}", "bold"), f" — {len(log)} versions", no_wrap=True, overflow="ellipsis")
    header = [Text(h, "dim") for h in ("date", "version", "status", "fidelity", "points", "parents", "proposed by")]
    rows = []
    for entry in log:
        version = corpus.version(entry.version)
        parents = ", ".join(entry.parents) or "(root)"
        rows.append(
            [
                Text(str(entry.date) if entry.date else "undated"),
                Text(entry.version, "bold"),
                Text(entry.status.value),
                Text(version.fidelity.value, "dim"),
                Text(str(len(version.provisions))),
                Text(parents, "dim"),
                Text(),
            ]
        )
    widths = _widths([header, *rows], (16, 30, 12, 14, 6, 30))
    right = [False, False, False, False, True, False]
    room = max(width - sum(widths) - len(_GAP) * len(widths), 8)
    marks: set[str] = set()
    for i, cells in enumerate([header, *rows]):
        if i:
            cells[-1] = credit_text(corpus.version(log[i - 1].version).attributions, names, width=room)
        marks |= _marks(cells[-1])
        line = line_of(cells[:-1], widths, right)
        line.append(_GAP)
        line.append_text(_cut(cells[-1], room))
        yield line
    yield from _legend(marks - {"^"})


# --- thread ------------------------------------------------------------------------------


def render_thread_text(
    thread: Thread,
    corpus: CorpusData,
    *,
    color: bool | None = None,
    width: int | None = None,
) -> str:
    """A thread as one short block per version: the provisions, how each came from the last draft, by whom.

    A version whose provisions have no earlier text in the thread shows the start
    of that text; every other change shows its kind, where it came from, who
    proposed it, the findings (``!``) and the redline, coloured like the diff's.

    >>> import peaceplan
    >>> c = peaceplan.load_corpus()
    >>> out = render_thread_text(peaceplan.thread(c, "20-point", "4"), c, color=False, width=100)
    >>> print("\\n".join(out.splitlines()[5:8]))
    e3-counter#6  2025-11-23  peace-plan
      ~ modified from 28-point#6  by E3
        ! Army size raised from 600,000 to 800,000
    """
    w = view_width(width)
    names = short_names(corpus.actors)
    use_color = want_color() if color is None else color
    return print_parts(_thread_parts(thread, names, use_color, w), use_color, w)


def _thread_parts(thread: Thread, names: Mapping[str, str], color: bool, width: int) -> Iterator[RenderableType]:
    what = "topic" if thread.by_topic else "provision"
    yield Text.assemble(
        (f"thread {visible(thread.subject)}", "bold"),
        f" ({what}) — {len(thread)} versions",
        no_wrap=True,
        overflow="ellipsis",
    )
    marks: set[str] = set()
    for entry in thread:
        yield Text()
        yield from _entry_parts(entry, names, color, width, marks)
    yield from _legend(marks)


def _entry_parts(
    entry: ThreadEntry, names: Mapping[str, str], color: bool, width: int, marks: set[str]
) -> Iterator[RenderableType]:
    refs = ", ".join(str(r) for r in entry.refs) or f"{entry.version} (none left)"
    date = str(entry.date) if entry.date else "undated"
    yield Text.assemble((visible(refs), "bold"), f"{_GAP}{date}{_GAP}", (entry.document, "dim"), overflow="fold")
    if not entry.changes:
        for label, text in zip(entry.labels, entry.texts, strict=True):
            prefix = f"= {visible(label)}: " if len(entry.labels) > 1 else "= "
            yield Padding(_cut(Text(prefix + _one_line(text)), width - 2), (0, 0, 0, 2))
        return
    for change in entry.changes:
        head = _change_head(change, entry, names)
        marks |= _marks(head)
        yield Padding(head, (0, 0, 0, 2))
        for finding in finding_texts(change.change, names):
            yield Padding(Text.assemble(("! ", "bold yellow"), (visible(finding), "bold")), (0, 0, 0, 4))
        if change.kind is not MatchKind.UNCHANGED:
            words = words_text(change.change, color)
            if words.plain.strip():
                yield Padding(words, (0, 0, 0, 4))


def _change_head(change: ThreadChange, entry: ThreadEntry, names: Mapping[str, str]) -> Text:
    kind = change.kind
    style = KIND_STYLES[kind]
    head = Text(overflow="fold")
    head.append(f"{KIND_MARKS[kind]} {kind.value}", f"bold {style}")
    old = [str(ProvisionRef(change.parent, label)) for label in change.change.old_labels]
    if old:
        head.append(" from " + visible(", ".join(old)))
    new = change.change.new_labels
    if new and (len(entry.labels) > 1 or len(new) > 1):
        head.append(" → " + visible(", ".join(new)))
    if change.curated:
        head.append(" (curated link)", "dim")
    if kind is not MatchKind.UNCHANGED:
        who = credit_text(change.change.attributions, names)
        if who.plain:
            head.append(f"{_GAP}by ")
            head.append_text(who)
    return head
