"""How close is a deal: each party's position on each provision, and the share agreed.

:func:`deal_status` reads the positions a version records (``positions``: a party
accepts, rejects, reserves or proposes a point, with date and sources) and its
bracketed alternatives, and lays them out as a party × provision matrix. Each
top-level provision gets a state:

- ``bracketed``: the text carries alternatives, options without consensus (on the
  point or any of its sub-points); each option's proposer is on record as proposing it;
- ``open``: no alternatives, but a party on record rejects it or has reservations;
- ``agreed``: every party is on record accepting (or proposing) it;
- ``unknown``: nobody objects on record, but some party's position is not recorded.

The parties are those who drafted or proposed the version (its own credit, read as
accepting their own text unless a recorded position says otherwise) and everyone with
a recorded position or option in it, or, for a corpus version, in any version of its
document; a person credited with an affiliation counts for that state or
organisation. ``unknown`` is counted apart and never folded into ``agreed``: a share
agreed is agreed points over all points, with the unknown share beside it.

>>> import peaceplan
>>> status = peaceplan.load_corpus().status("20-point")
>>> status.provision("14").state.value, status.provision("12").state.value
('bracketed', 'bracketed')
>>> status.provision("14").cell("russia").stance.value
'rejects'
"""

from __future__ import annotations

import enum
from collections.abc import Iterable, Iterator, Mapping, Sequence
from typing import TYPE_CHECKING, Any

import attrs

from ..errors import UnknownProvisionError
from ..model.dates import FuzzyDate
from ..model.fields import Stance
from ..model.records import PROPOSING_ROLES, Actor, ActorKind, Provision, Source, Version

if TYPE_CHECKING:  # pragma: no cover
    import pandas as pd
    from matplotlib.figure import Figure

    from ..model.collection import CorpusData

__all__ = [
    "DealStatus",
    "Origin",
    "PartyPosition",
    "ProvisionState",
    "ProvisionStatus",
    "Share",
    "StatusHistory",
    "corpus_status",
    "deal_status",
    "status_history",
]

_SUPPORTS = frozenset({Stance.ACCEPTS, Stance.PROPOSES})
_OBJECTS = frozenset({Stance.REJECTS, Stance.RESERVES})


class ProvisionState(str, enum.Enum):
    """Where a provision stands: agreed by all parties on record, open, bracketed, or unknown."""

    AGREED = "agreed"
    OPEN = "open"
    BRACKETED = "bracketed"
    UNKNOWN = "unknown"

    def __str__(self) -> str:
        return str(self.value)


class Origin(str, enum.Enum):
    """Where a party's position comes from.

    ``recorded``: a position the version records, with its sources; ``option``: the
    party proposed one of the point's bracketed alternatives; ``drafted``: the party
    drafted or proposed the version and no recorded position says otherwise.
    """

    RECORDED = "recorded"
    OPTION = "option"
    DRAFTED = "drafted"

    def __str__(self) -> str:
        return str(self.value)


@attrs.frozen(kw_only=True)
class PartyPosition:
    """One party's position on one provision: the stance that holds, where it comes from, and why.

    ``path`` is the point or sub-point it was recorded on; ``actor`` who took it
    (a person, when the party is their state); ``earlier`` the positions it superseded.
    """

    party: str
    stance: Stance
    origin: Origin
    path: str
    actor: str
    date: FuzzyDate | None = None
    sources: tuple[Source, ...] = ()
    note: str | None = None
    earlier: tuple[PartyPosition, ...] = ()

    def to_dict(self) -> dict[str, Any]:
        return {
            "party": self.party,
            "stance": self.stance.value,
            "origin": self.origin.value,
            "path": self.path,
            "actor": self.actor,
            "date": str(self.date) if self.date else None,
            "sources": [s.id for s in self.sources],
            "note": self.note,
            "earlier": [p.to_dict() for p in self.earlier],
        }


@attrs.frozen(kw_only=True)
class ProvisionStatus:
    """The state of one top-level provision and each party's position on it."""

    label: str
    title: str | None
    topics: tuple[str, ...]
    state: ProvisionState
    positions: tuple[PartyPosition, ...]
    options: tuple[str, ...] = ()

    def cell(self, party: str) -> PartyPosition | None:
        """The position of ``party`` on this provision, or None when it is not on record."""
        return next((p for p in self.positions if p.party == party), None)

    def to_dict(self) -> dict[str, Any]:
        return {
            "label": self.label,
            "title": self.title,
            "topics": list(self.topics),
            "state": self.state.value,
            "options": list(self.options),
            "positions": [p.to_dict() for p in self.positions],
        }


@attrs.frozen(kw_only=True)
class Share:
    """How many points stand where, overall (``topic`` None) or for one topic."""

    topic: str | None
    total: int
    agreed: int
    open: int
    bracketed: int
    unknown: int

    @property
    def share_agreed(self) -> float:
        """Agreed points over all points (0.0 for none); unknown points count against it, never for it."""
        return self.agreed / self.total if self.total else 0.0

    @property
    def share_unknown(self) -> float:
        """Points whose standing is not on record, over all points."""
        return self.unknown / self.total if self.total else 0.0

    def to_dict(self) -> dict[str, Any]:
        return {
            "topic": self.topic,
            "total": self.total,
            "agreed": self.agreed,
            "open": self.open,
            "bracketed": self.bracketed,
            "unknown": self.unknown,
            "share_agreed": round(self.share_agreed, 4),
            "share_unknown": round(self.share_unknown, 4),
        }


def _share(topic: str | None, states: Sequence[ProvisionState]) -> Share:
    return Share(
        topic=topic,
        total=len(states),
        agreed=states.count(ProvisionState.AGREED),
        open=states.count(ProvisionState.OPEN),
        bracketed=states.count(ProvisionState.BRACKETED),
        unknown=states.count(ProvisionState.UNKNOWN),
    )


@attrs.frozen(kw_only=True, repr=False)
class DealStatus:
    """The party × provision matrix of one version, with each provision's state and the shares agreed."""

    version: Version
    parties: tuple[str, ...]
    provisions: tuple[ProvisionStatus, ...]
    names: Mapping[str, str] = attrs.field(factory=dict, eq=False)

    def provision(self, label: str | int) -> ProvisionStatus:
        label = str(label)
        for p in self.provisions:
            if p.label == label:
                return p
        raise UnknownProvisionError(
            f"version {self.version.id!r} has no provision {label!r}; its points are "
            f"{', '.join(self.version.labels) or 'none'}"
        )

    @property
    def overall(self) -> Share:
        """The shares over every top-level provision."""
        return _share(None, [p.state for p in self.provisions])

    @property
    def by_topic(self) -> tuple[Share, ...]:
        """The shares per topic, topics in alphabetical order (a point with two topics counts in both)."""
        topics = sorted({t for p in self.provisions for t in p.topics})
        return tuple(_share(t, [p.state for p in self.provisions if t in p.topics]) for t in topics)

    def name(self, party: str) -> str:
        return self.names.get(party, party)

    def to_dict(self) -> dict[str, Any]:
        return {
            "version": self.version.id,
            "date": str(self.version.date) if self.version.date else None,
            "parties": list(self.parties),
            "overall": self.overall.to_dict(),
            "by_topic": [s.to_dict() for s in self.by_topic],
            "provisions": [p.to_dict() for p in self.provisions],
            "sources": {s.id: s.to_dict() for s in self.version.sources},
        }

    def to_frame(self) -> pd.DataFrame:
        """One row per provision: label, title, topics, state, and one stance column per party (``pandas`` extra)."""
        from ..render.status import status_frame

        return status_frame(self)

    def _repr_html_(self) -> str:
        from ..render.status import status_html

        return status_html(self)

    def __repr__(self) -> str:
        o = self.overall
        return (
            f"<DealStatus {self.version.id!r}: {o.agreed} agreed, {o.open} open, {o.bracketed} bracketed, "
            f"{o.unknown} unknown of {o.total}>"
        )


@attrs.frozen(kw_only=True, repr=False)
class StatusHistory:
    """The status of each version of a document, in order: how the share agreed moved."""

    document: str
    statuses: tuple[DealStatus, ...]

    def rows(self) -> list[dict[str, Any]]:
        """One record per version and topic (``topic`` None for the whole text)."""
        out = []
        for s in self.statuses:
            for share in (s.overall, *s.by_topic):
                out.append(
                    {"version": s.version.id, "date": str(s.version.date) if s.version.date else None} | share.to_dict()
                )
        return out

    def to_frame(self) -> pd.DataFrame:
        """The :meth:`rows` as a pandas DataFrame (``pandas`` extra)."""
        from ..render.status import history_frame

        return history_frame(self)

    def plot(self, *, topics: Sequence[str] | None = None) -> Figure:
        """Share agreed over time, overall and by topic (``plot`` extra); the unknown share dashed."""
        from ..render.status import plot_status_history

        return plot_status_history(self, topics=topics)

    def _repr_html_(self) -> str:
        from ..render.status import history_html

        return history_html(self)

    def __repr__(self) -> str:
        shares = ", ".join(f"{s.version.id} {s.overall.share_agreed:.0%}" for s in self.statuses)
        return f"<StatusHistory {self.document!r}: agreed {shares}>"


# --- computing a status ----------------------------------------------------------------------


def deal_status(
    version: Version,
    *,
    actors: Mapping[str, Actor] | Iterable[Actor] | None = None,
    parties: Sequence[str] | None = None,
) -> DealStatus:
    """The party × provision matrix of ``version``, each provision's state, and the shares agreed.

    ``actors`` (the corpus's) fold a person into the state or organisation they are
    affiliated with and give display names. ``parties`` fixes whose agreement counts;
    by default, everyone who drafted or proposed the version or is on record in it.
    """
    known = _actor_map(actors)
    party_of = _party_folder(known)
    by_id = {s.id: s for s in version.sources}
    drafted = _drafted(version, party_of, by_id)
    rows: list[ProvisionStatus] = []
    seen: dict[str, None] = dict.fromkeys(p.party for p in drafted)
    for p in version.provisions:
        row = _provision_status(p, drafted, party_of, by_id)
        rows.append(row)
        seen.update(dict.fromkeys(c.party for c in row.positions))
    chosen = tuple(parties) if parties is not None else tuple(seen)
    rows = [_with_state(r, chosen, p) for r, p in zip(rows, version.provisions, strict=True)]
    return DealStatus(
        version=version,
        parties=chosen,
        provisions=tuple(rows),
        names={a: known[a].name for a in chosen if a in known},
    )


def corpus_status(corpus: CorpusData, version: Version, *, parties: Sequence[str] | None = None) -> DealStatus:
    """:func:`deal_status` of a corpus version; by default its parties include everyone on record in its document.

    A party with a position on any version of the document counts for every version
    of it, so a draft that records nobody's position reads as unknown, not agreed by
    its own authors alone. A party that is not an actor of the corpus raises
    :class:`~peaceplan.UnknownActorError` naming those that are: a typo must not read as
    "no position on record".
    """
    if parties is not None:
        for party in parties:
            corpus.actor(party)
    if parties is None:
        own = deal_status(version, actors=corpus.actors).parties
        others = (deal_status(v, actors=corpus.actors) for v in corpus.versions_of(version.document))
        on_record = (
            c.party for s in others for p in s.provisions for c in p.positions if c.origin is not Origin.DRAFTED
        )
        parties = tuple(dict.fromkeys((*own, *on_record)))
    return deal_status(version, actors=corpus.actors, parties=parties)


def status_history(corpus: CorpusData, document: str, *, parties: Sequence[str] | None = None) -> StatusHistory:
    """:func:`corpus_status` of every version of ``document``, parents first, then by date."""
    return StatusHistory(
        document=document,
        statuses=tuple(corpus_status(corpus, v, parties=parties) for v in corpus.versions_of(document)),
    )


def _actor_map(actors: Mapping[str, Actor] | Iterable[Actor] | None) -> dict[str, Actor]:
    if actors is None:
        return {}
    if isinstance(actors, Mapping):
        return dict(actors)
    return {a.id: a for a in actors}


def _party_folder(known: Mapping[str, Actor]) -> Any:
    def party_of(actor: str) -> str:
        a = known.get(actor)
        if a is not None and a.kind is ActorKind.PERSON and a.affiliation is not None:
            return a.affiliation
        return actor

    return party_of


def _drafted(version: Version, party_of: Any, by_id: Mapping[str, Source]) -> tuple[PartyPosition, ...]:
    out: dict[str, PartyPosition] = {}
    for a in version.attributions:
        if a.role not in PROPOSING_ROLES:
            continue
        party = party_of(a.actor)
        out.setdefault(
            party,
            PartyPosition(
                party=party,
                stance=Stance.ACCEPTS,
                origin=Origin.DRAFTED,
                path="",
                actor=a.actor,
                date=version.date,
                sources=tuple(by_id[s] for s in a.sources if s in by_id),
                note=f"{a.role.value} of the version",
            ),
        )
    return tuple(out.values())


def _walk(p: Provision, path: str) -> Iterator[tuple[str, Provision]]:
    yield path, p
    for child in p.children:
        yield from _walk(child, f"{path}.{child.label}")


def _provision_status(
    p: Provision, drafted: Sequence[PartyPosition], party_of: Any, by_id: Mapping[str, Source]
) -> ProvisionStatus:
    recorded: dict[str, list[PartyPosition]] = {}
    options: dict[str, PartyPosition] = {}
    keys: list[str] = []
    for path, point in _walk(p, p.label):
        for pos in point.positions:
            party = party_of(pos.actor)
            recorded.setdefault(party, []).append(
                PartyPosition(
                    party=party,
                    stance=pos.stance,
                    origin=Origin.RECORDED,
                    path=path,
                    actor=pos.actor,
                    date=pos.date,
                    sources=tuple(by_id[s] for s in pos.sources if s in by_id),
                    note=pos.note,
                )
            )
        for alt in point.alternatives:
            keys.append(alt.key if path == p.label else f"{path}:{alt.key}")
            for a in alt.attributions:
                if a.role not in PROPOSING_ROLES:
                    continue
                party = party_of(a.actor)
                options.setdefault(
                    party,
                    PartyPosition(
                        party=party,
                        stance=Stance.PROPOSES,
                        origin=Origin.OPTION,
                        path=path,
                        actor=a.actor,
                        sources=tuple(by_id[s] for s in a.sources if s in by_id),
                        note=f"proposes option {alt.key!r}: {alt.text}",
                    ),
                )
    cells: dict[str, PartyPosition] = {}
    for party, found in recorded.items():
        ordered = sorted(enumerate(found), key=lambda item: (_date_key(item[1].date), item[0]))
        latest = ordered[-1][1]
        cells[party] = attrs.evolve(latest, earlier=tuple(x for _, x in ordered[:-1]))
    for party, option in options.items():
        cells.setdefault(party, option)
    for d in drafted:
        cells.setdefault(d.party, attrs.evolve(d, path=p.label))
    return ProvisionStatus(
        label=p.label,
        title=p.title,
        topics=tuple(dict.fromkeys(t for _, point in _walk(p, p.label) for t in point.topics)),
        state=ProvisionState.UNKNOWN,  # set once the parties are known
        positions=tuple(cells.values()),
        options=tuple(keys),
    )


def _date_key(date: FuzzyDate | None) -> tuple[int, int, int, int]:
    return date.sort_key() if date is not None else (0, 0, 0, 0)


def _with_state(row: ProvisionStatus, parties: Sequence[str], p: Provision) -> ProvisionStatus:
    stances = {c.party: c.stance for c in row.positions if c.party in parties}
    if row.options:
        state = ProvisionState.BRACKETED
    elif any(s in _OBJECTS for s in stances.values()):
        state = ProvisionState.OPEN
    elif parties and all(stances.get(party) in _SUPPORTS for party in parties):
        state = ProvisionState.AGREED
    else:
        state = ProvisionState.UNKNOWN
    order = {party: i for i, party in enumerate(parties)}
    positions = tuple(sorted(row.positions, key=lambda c: order.get(c.party, len(order))))
    return attrs.evolve(row, state=state, positions=positions)
