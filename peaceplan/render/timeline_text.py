"""The terminal view of a timeline: ``peaceplan log --events``.

One line per version or event, oldest first, in columns: date (with the end of an
event that lasted several days), kind (``version`` or the event's kind), id, and
what it is: the title, the place of an event, and who took part or proposed it.
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from typing import TYPE_CHECKING

from rich.console import RenderableType
from rich.text import Text

from .history_text import _cut, _one_line, _widths, line_of, short_names, view_width
from .text import print_parts

if TYPE_CHECKING:  # pragma: no cover
    from ..history.timeline import Timeline
    from ..model.collection import CorpusData

__all__ = ["render_timeline_text"]

_GAP = "  "


def render_timeline_text(
    timeline: Timeline,
    corpus: CorpusData,
    *,
    color: bool | None = None,
    width: int | None = None,
) -> str:
    """A timeline, one line per version or event, cut to the width.

    >>> import peaceplan
    >>> c = peaceplan.load_corpus()
    >>> out = render_timeline_text(c.timeline("us-guarantee"), c, color=False, width=100)
    >>> print(out.splitlines()[0])
    timeline us-guarantee: US security guarantee for Ukraine — 3 versions, 3 events
    >>> print(out.splitlines()[6])
    2026-01-25  statement  zelensky-guarantee-ready  Zelensky calls the US guarantee text ready for sig…
    """
    w = view_width(width)
    names = short_names(corpus.actors)
    return print_parts(_parts(timeline, corpus, names, w), color, w)


def _parts(timeline: Timeline, corpus: CorpusData, names: Mapping[str, str], width: int) -> Iterator[RenderableType]:
    what = (
        f"{timeline.document}: {_one_line(corpus.document(timeline.document).title)}"
        if timeline.document
        else corpus.name
    )
    events = sum(1 for e in timeline if e.is_event)
    counts = f" — {len(timeline) - events} versions, {events} events"
    yield Text.assemble((f"timeline {what}", "bold"), counts, no_wrap=True, overflow="ellipsis")
    header = [Text(h, "dim") for h in ("date", "kind", "id", "what")]
    rows = []
    for e in timeline:
        when = str(e.date) if e.date else "undated"
        if e.until:
            when += f" to {e.until}"
        who = ", ".join(names.get(a, a) for a in e.actors)
        title = _one_line(e.title) + (f" ({e.place})" if e.place else "")
        text = Text(title)
        if who:
            text.append(f" — {who}", "dim")
        rows.append([Text(when), Text(e.kind, "magenta" if e.is_event else "blue"), Text(e.id, "bold"), text])
    widths = _widths([header, *rows], (24, 20, 30))
    right = [False, False, False]
    room = max(width - sum(widths) - len(_GAP) * len(widths), 8)
    for cells in [header, *rows]:
        line = line_of(cells[:-1], widths, right)
        line.append(_GAP)
        line.append_text(_cut(cells[-1], room))
        yield line
