"""Events: what happened on a date and is not a text.

A peace process is more than its drafts: talks rounds, truces, calls, signing
announcements and denials move it along without producing a new text. An
:class:`Event` records one of them (its date, kind, actors, place, the versions
or provisions it concerns, and its sources) so that a timeline
(:meth:`peaceplan.Corpus.timeline`) can show texts and events in one order.

Events live in a corpus's ``events.yaml`` (see ``docs/file-format.md``), are
checked against ``schemas/events.schema.json``, and are cross-checked with the
corpus: every actor, version and provision an event names must exist.

>>> e = Event(id="round-1", date="2026-01-23", until="2026-01-24", kind="talks-round",
...           title="First round", actors=["us"], concerns=["20-point#14"],
...           sources=[Source(id="s", publisher="Agency", title="Report", reliability="reported")])
>>> e.kind, str(e.until), e.provisions
(<EventKind.TALKS_ROUND: 'talks-round'>, '2026-01-24', (ProvisionRef(version='20-point', label='14'),))
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping
from typing import Any

import attrs

from ..errors import Problem, ValidationError
from .dates import FuzzyDate
from .fields import (
    _coerce,
    _compact,
    _date,
    _identifier,
    _ids,
    _items,
    _optional_text,
    _text,
    _tuple,
    _Vocabulary,
)
from .records import ProvisionRef, Source

__all__ = ["Event", "EventKind"]


class EventKind(_Vocabulary):
    """What sort of event: a round of talks, a meeting or call, a statement, a proposal, a text
    handed over, a signing (or its announcement, cancellation or postponement), a denial, a
    truce, or a prisoner exchange."""

    TALKS_ROUND = "talks-round"
    MEETING = "meeting"
    CALL = "call"
    STATEMENT = "statement"
    PROPOSAL = "proposal"
    HANDOVER = "handover"
    SIGNING = "signing"
    SIGNING_ANNOUNCEMENT = "signing-announcement"
    CANCELLATION = "cancellation"
    POSTPONEMENT = "postponement"
    DENIAL = "denial"
    TRUCE = "truce"
    PRISONER_EXCHANGE = "prisoner-exchange"


def _to_kind(value: object) -> EventKind:
    return _coerce(EventKind, value, "Event.kind")


def _required_date(value: object) -> FuzzyDate:
    date = _date(value)
    if date is None:
        raise ValidationError("Event.date: expected a date such as '2026-01-23', got None")
    return date


_CONCERN = re.compile(r"^[A-Za-z0-9][A-Za-z0-9._-]*(?:#\S(?:[^\n]*\S)?)?$")


def _concerns(instance: object, attribute: attrs.Attribute[Any], value: tuple[Any, ...]) -> None:
    for i, item in enumerate(value):
        if not isinstance(item, str) or not _CONCERN.match(item):
            raise ValidationError(
                f"Event.concerns[{i}]: expected a version id or a provision such as '20-point#14', got {item!r}"
            )


@attrs.frozen(kw_only=True)
class Event:
    """One dated event of a process that is not a text: a talks round, a truce, a denial.

    ``until`` closes an event that lasted several days. ``concerns`` names what it is about:
    version ids (``"20-point-2026-01"``) or provisions (``"20-point-2026-01#14"``). Every
    event cites at least one source.
    """

    id: str = attrs.field(validator=_identifier)
    date: FuzzyDate = attrs.field(converter=_required_date)
    kind: EventKind = attrs.field(converter=_to_kind)
    title: str = attrs.field(validator=_text())
    actors: tuple[str, ...] = attrs.field(converter=_tuple, validator=_ids)
    sources: tuple[Source, ...] = attrs.field(converter=_tuple, validator=_items(Source))
    until: FuzzyDate | None = attrs.field(default=None, converter=_date)
    summary: str | None = attrs.field(default=None, validator=_optional_text)
    place: str | None = attrs.field(default=None, validator=_optional_text)
    concerns: tuple[str, ...] = attrs.field(default=(), converter=_tuple, validator=_concerns)
    notes: str | None = attrs.field(default=None, validator=_optional_text)

    def __attrs_post_init__(self) -> None:
        problems = self.problems()
        if problems:
            raise ValidationError(problems)

    def problems(self) -> list[Problem]:
        """What a schema cannot check: no actor or source, an end before the start, source ids."""
        problems: list[Problem] = []
        if not self.actors:
            problems.append(Problem(message="an event names at least one actor; add who took part", pointer="/actors"))
        if not self.sources:
            problems.append(
                Problem(message="an event cites at least one source; add where it is reported", pointer="/sources")
            )
        if self.until is not None and self.until < self.date:
            problems.append(
                Problem(
                    message=f"'until' ({self.until}) is before 'date' ({self.date}); give the end date",
                    pointer="/until",
                )
            )
        seen: dict[str, int] = {}
        for i, s in enumerate(self.sources):
            if s.id in seen:
                problems.append(Problem(message=f"source id {s.id!r} is used twice", pointer=f"/sources/{i}/id"))
            seen.setdefault(s.id, i)
        for i, s in enumerate(self.sources):
            if s.via is not None and s.via not in seen:
                problems.append(
                    Problem(
                        message=f"'via' names source {s.via!r}, which this event does not list; "
                        f"expected one of {sorted(seen)}",
                        pointer=f"/sources/{i}/via",
                    )
                )
        return problems

    @property
    def versions(self) -> tuple[str, ...]:
        """The ids of the versions the event concerns, directly or through one of their provisions."""
        return tuple(dict.fromkeys(c.partition("#")[0] for c in self.concerns))

    @property
    def provisions(self) -> tuple[ProvisionRef, ...]:
        """The provisions the event concerns (those named ``version#label``)."""
        return tuple(ProvisionRef.parse(c) for c in self.concerns if "#" in c)

    def to_dict(self) -> dict[str, Any]:
        """The plain-data form of ``events.yaml`` (canonical key order)."""
        return _compact(
            {
                "id": self.id,
                "date": str(self.date),
                "until": str(self.until) if self.until else None,
                "kind": self.kind.value,
                "title": self.title,
                "summary": self.summary,
                "place": self.place,
                "actors": list(self.actors),
                "concerns": list(self.concerns),
                "sources": [s.to_dict() for s in self.sources],
                "notes": self.notes,
            }
        )

    @classmethod
    def from_dict(cls, data: Mapping[str, Any]) -> Event:
        """Build an event from the plain-data form (already schema-checked)."""
        data = dict(data)
        data["sources"] = [Source.from_dict(s) for s in data.get("sources", ())]
        return cls(**data)


def event_problems(
    events: Iterable[Event], actor_ids: Iterable[str], paths: Mapping[str, Iterable[str]]
) -> list[Problem]:
    """Cross-reference problems of ``events`` (pointers inside the events file).

    ``paths`` maps each version id of the corpus to its provision paths.

    >>> e = Event(id="e", date="2026-01", kind="call", title="A call", actors=["us", "xx"],
    ...           concerns=["v1#9"], sources=[Source(id="s", publisher="P", title="T", reliability="reported")])
    >>> for p in event_problems([e], ["us"], {"v1": ["1"]}):
    ...     print(p.pointer, p.message)
    /events/0/actors/1 actor 'xx' is not defined in the actors file
    /events/0/concerns/0 concerns names provision '9' of 'v1', which has no such provision (it has 1)
    """
    actors = set(actor_ids)
    known = {vid: list(p) for vid, p in paths.items()}
    problems: list[Problem] = []
    seen: dict[str, int] = {}
    for i, event in enumerate(events):
        base = f"/events/{i}"
        if event.id in seen:
            problems.append(
                Problem(
                    message=f"event id {event.id!r} is used twice (first at /events/{seen[event.id]})",
                    pointer=f"{base}/id",
                )
            )
        seen.setdefault(event.id, i)
        for j, actor in enumerate(event.actors):
            if actor not in actors:
                problems.append(
                    Problem(message=f"actor {actor!r} is not defined in the actors file", pointer=f"{base}/actors/{j}")
                )
        for j, concern in enumerate(event.concerns):
            version, _, label = concern.partition("#")
            where = f"{base}/concerns/{j}"
            if version not in known:
                problems.append(
                    Problem(message=f"concerns names version {version!r}, which does not exist", pointer=where)
                )
            elif label and label not in known[version]:
                problems.append(
                    Problem(
                        message=f"concerns names provision {label!r} of {version!r}, which has no such provision "
                        f"(it has {', '.join(p for p in known[version] if '.' not in p)})",
                        pointer=where,
                    )
                )
    return problems
