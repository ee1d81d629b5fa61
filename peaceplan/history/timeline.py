"""The timeline of a corpus: its versions and its events in one date order.

Texts are not the whole story of a process: between two drafts there are talks
rounds, truces, calls, announcements and denials. :func:`timeline` puts the
versions of a corpus (at the date each text bears, or when it surfaced) and its
events (:class:`~peaceplan.model.events.Event`) on one line, oldest first.

>>> import peaceplan
>>> t = timeline(peaceplan.load_corpus())
>>> [e.id for e in t][:3]
['european-12-point', '28-point', 'us-guarantee-2025-11']
>>> t.entry("abu-dhabi-round-1").kind
'talks-round'
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import TYPE_CHECKING, Any

import attrs

from ..errors import UnknownEventError
from ..model.dates import FuzzyDate
from ..model.events import Event
from ..model.records import Version

if TYPE_CHECKING:  # pragma: no cover
    import pandas as pd

    from ..model.collection import CorpusData

__all__ = ["Timeline", "TimelineEntry", "timeline"]

VERSION = "version"
"""The ``kind`` of a timeline entry that is a version (an event's kind is its :class:`~peaceplan.EventKind`)."""


@attrs.frozen(kw_only=True)
class TimelineEntry:
    """One row of a timeline: a version or an event.

    ``kind`` is ``"version"`` or the event's kind (``"talks-round"``, ``"truce"`` …);
    ``date`` is the version's date (or, when it has none, the date it surfaced) or the
    event's start, ``until`` an event's end. ``concerns`` are the versions or provisions
    an event is about, or a version's parents. ``version`` or ``event`` holds the object.
    """

    id: str
    kind: str
    date: FuzzyDate | None
    title: str
    until: FuzzyDate | None = None
    document: str | None = None
    status: str | None = None
    place: str | None = None
    actors: tuple[str, ...] = ()
    concerns: tuple[str, ...] = ()
    sources: int = 0
    version: Version | None = attrs.field(default=None, eq=False, repr=False)
    event: Event | None = attrs.field(default=None, eq=False, repr=False)

    @property
    def is_event(self) -> bool:
        return self.event is not None

    def to_record(self) -> dict[str, Any]:
        return {
            "date": str(self.date) if self.date else None,
            "until": str(self.until) if self.until else None,
            "kind": self.kind,
            "id": self.id,
            "title": self.title,
            "document": self.document,
            "status": self.status,
            "place": self.place,
            "actors": list(self.actors),
            "concerns": list(self.concerns),
            "sources": self.sources,
        }

    def __str__(self) -> str:
        when = str(self.date) if self.date else "undated"
        if self.until:
            when += f" to {self.until}"
        where = f" ({self.place})" if self.place else ""
        return f"{when:<26} {self.kind:<21} {self.id}: {self.title}{where}"


@attrs.frozen(kw_only=True, repr=False)
class Timeline:
    """Versions and events of a corpus (or of one document) in date order."""

    document: str | None
    entries: tuple[TimelineEntry, ...]

    def __iter__(self) -> Iterator[TimelineEntry]:
        return iter(self.entries)

    def __len__(self) -> int:
        return len(self.entries)

    def __getitem__(self, index: int) -> TimelineEntry:
        return self.entries[index]

    def entry(self, entry_id: str) -> TimelineEntry:
        """The entry of the version or event with this id."""
        for e in self.entries:
            if e.id == entry_id:
                return e
        known = ", ".join(e.id for e in self.entries) or "none"
        raise UnknownEventError(f"no version or event {entry_id!r} on this timeline; its entries are {known}")

    @property
    def events(self) -> tuple[Event, ...]:
        return tuple(e.event for e in self.entries if e.event is not None)

    @property
    def versions(self) -> tuple[str, ...]:
        return tuple(e.id for e in self.entries if e.version is not None)

    def to_records(self) -> list[dict[str, Any]]:
        """One plain row per entry."""
        return [e.to_record() for e in self.entries]

    def to_frame(self) -> pd.DataFrame:
        """A pandas DataFrame with typed columns (needs the ``pandas`` extra)."""
        from ..render.frames import timeline_frame

        return timeline_frame(self)

    def _repr_html_(self) -> str:
        """The notebook display (IPython calls it; no IPython import needed)."""
        from ..render.notebook import timeline_html

        return timeline_html(self)

    def __str__(self) -> str:
        return "\n".join(str(e) for e in self.entries)

    def __repr__(self) -> str:
        what = f"document {self.document!r}" if self.document else "corpus"
        events = sum(1 for e in self.entries if e.event is not None)
        return f"<Timeline of {what}: {len(self.entries) - events} versions, {events} events>"


def _version_entry(v: Version) -> TimelineEntry:
    return TimelineEntry(
        id=v.id,
        kind=VERSION,
        date=v.date or v.reported,
        title=v.title,
        document=v.document,
        status=v.status.value,
        actors=v.proposers,
        concerns=v.parents,
        sources=len(v.sources),
        version=v,
    )


def _event_entry(e: Event) -> TimelineEntry:
    return TimelineEntry(
        id=e.id,
        kind=e.kind.value,
        date=e.date,
        until=e.until,
        title=e.title,
        place=e.place,
        actors=e.actors,
        concerns=e.concerns,
        sources=len(e.sources),
        event=e,
    )


def timeline(corpus: CorpusData, document_id: str | None = None, *, versions: bool = True) -> Timeline:
    """The versions and events of ``corpus`` in date order, oldest first.

    A version stands at the date its text bears (or, without one, the date it
    surfaced); an event at its start. On the same date a version comes before an
    event, and otherwise the corpus order (parents first) and the events file's
    order hold. With ``document_id``, only that document's versions and the events
    concerning them; with ``versions=False``, only events.

    >>> import peaceplan
    >>> t = timeline(peaceplan.load_corpus(), "us-guarantee")
    >>> t.versions
    ('us-guarantee-2025-11', 'us-guarantee-2025-12', 'us-guarantee-2026-01')
    >>> "zelensky-guarantee-ready" in [e.id for e in t.events]
    True
    """
    if document_id is not None:
        corpus.document(document_id)
    wanted = {v.id for v in corpus.versions if document_id is None or v.document == document_id}
    rows: list[tuple[tuple[int, int, int, int], int, int, TimelineEntry]] = []
    if versions:
        for i, v in enumerate(corpus.ordered()):
            if v.id in wanted:
                entry = _version_entry(v)
                rows.append((_key(entry.date), 0, i, entry))
    for i, e in enumerate(corpus.events):
        if document_id is None or any(vid in wanted for vid in e.versions):
            rows.append((_key(e.date), 1, i, _event_entry(e)))
    rows.sort(key=lambda row: row[:3])
    return Timeline(document=document_id, entries=tuple(row[3] for row in rows))


def _key(date: FuzzyDate | None) -> tuple[int, int, int, int]:
    return date.sort_key() if date else (9999, 0, 0, 0)
