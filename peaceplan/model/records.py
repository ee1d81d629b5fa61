"""The data model: actors, sources, attributions, provisions and versions.

Every class is a frozen, slotted attrs class validated on construction (and
again by ``attrs.evolve``). Sequences are tuples, so every object is hashable
and can be shared freely. ``to_dict``/``from_dict`` map each class to the
plain-data form of the version files (see ``docs/file-format.md``); the
round trip is exact, and :attr:`Version.digest` hashes that form.
"""

from __future__ import annotations

import hashlib
import operator
import re
import warnings
from collections.abc import Callable, Iterable, Iterator, Mapping
from typing import TYPE_CHECKING, Any

import attrs

from ..errors import Problem, UnknownProvisionError, UnknownSourceError, ValidationError
from ..limits import current_limits
from .dates import FuzzyDate
from .fields import (  # the vocabularies are re-exported as part of the model (see __all__)
    ActorKind,
    Confidence,
    Fidelity,
    Reliability,
    Role,
    Stance,
    Status,
    _coerce,
    _compact,
    _date,
    _identifier,
    _ids,
    _items,
    _label,
    _optional_identifier,
    _optional_text,
    _slug,
    _text,
    _to_actor_kind,
    _to_confidence,
    _to_fidelity,
    _to_reliability,
    _to_role,
    _to_stance,
    _to_status,
    _topics,
    _tuple,
    _Vocabulary,
    canonical_json,
)

if TYPE_CHECKING:  # pragma: no cover
    from ..authoring import RevisionBuilder
    from ..compare.diff import Diff, DiffOptions, TracingCorpus
    from .collection import CorpusData

__all__ = [
    "PROPOSING_ROLES",
    "Actor",
    "ActorKind",
    "Alternative",
    "Amendment",
    "AmendmentStatus",
    "Attribution",
    "Confidence",
    "Document",
    "Fidelity",
    "Position",
    "ProposedBy",
    "Provision",
    "ProvisionRef",
    "Reliability",
    "Role",
    "Source",
    "Stance",
    "Status",
    "Version",
    "attributions_of",
    "canonical_json",
    "proposers_of",
    "remember_digest",
    "version_from_checked",
]

# --- actors, sources, credit ----------------------------------------------------


@attrs.frozen(kw_only=True)
class Actor:
    """A state, organisation, coalition or person who takes part in a process.

    ``members`` lists the actor ids of a coalition; ``affiliation`` is the actor
    an envoy speaks for (Witkoff → ``us``).

    >>> Actor(id="us", name="United States", kind="state").kind
    <ActorKind.STATE: 'state'>
    """

    id: str = attrs.field(validator=_identifier)
    name: str = attrs.field(validator=_text())
    kind: ActorKind = attrs.field(converter=_to_actor_kind)
    members: tuple[str, ...] = attrs.field(default=(), converter=_tuple, validator=_ids)
    affiliation: str | None = attrs.field(default=None, validator=_optional_identifier)
    description: str | None = attrs.field(default=None, validator=_optional_text)

    def to_dict(self) -> dict[str, Any]:
        return _compact(
            {
                "id": self.id,
                "name": self.name,
                "kind": self.kind.value,
                "members": list(self.members),
                "affiliation": self.affiliation,
                "description": self.description,
            }
        )

    @classmethod
    def from_dict(cls, data: Mapping[str, Any]) -> Actor:
        return cls(**data)


@attrs.frozen(kw_only=True)
class Source:
    """Where a text or a claim comes from, and how far to trust it.

    ``via`` names another source (by id) that this one translates, transcribes
    or relays; ``derivation`` says which.
    """

    id: str = attrs.field(validator=_identifier)
    publisher: str = attrs.field(validator=_text())
    title: str = attrs.field(validator=_text())
    reliability: Reliability = attrs.field(converter=_to_reliability)
    url: str | None = attrs.field(default=None, validator=_optional_text)
    date: FuzzyDate | None = attrs.field(default=None, converter=_date)
    language: str = attrs.field(default="en", validator=_text())
    via: str | None = attrs.field(default=None, validator=_optional_identifier)
    derivation: str | None = attrs.field(
        default=None,
        validator=attrs.validators.optional(attrs.validators.in_(("translation", "transcription", "relay"))),
    )

    def to_dict(self) -> dict[str, Any]:
        data = _compact(
            {
                "id": self.id,
                "publisher": self.publisher,
                "title": self.title,
                "reliability": self.reliability.value,
                "url": self.url,
                "date": str(self.date) if self.date else None,
                "via": self.via,
                "derivation": self.derivation,
            }
        )
        data["language"] = self.language
        return data

    @classmethod
    def from_dict(cls, data: Mapping[str, Any]) -> Source:
        return cls(**data)


@attrs.frozen(kw_only=True)
class Attribution:
    """Who is credited with a text or a change, in what role, and how surely.

    Contested credit is several attributions side by side, each with its own
    evidence: nothing here ever flattens them into one name.
    """

    actor: str = attrs.field(validator=_identifier)
    role: Role = attrs.field(default=Role.PROPOSER, converter=_to_role)
    confidence: Confidence = attrs.field(default=Confidence.REPORTED, converter=_to_confidence)
    sources: tuple[str, ...] = attrs.field(default=(), converter=_tuple, validator=_ids)
    note: str | None = attrs.field(default=None, validator=_optional_text)

    def to_dict(self) -> dict[str, Any]:
        return _compact(
            {
                "actor": self.actor,
                "role": self.role.value,
                "confidence": self.confidence.value,
                "sources": list(self.sources),
                "note": self.note,
            }
        )

    @classmethod
    def from_dict(cls, data: Mapping[str, Any]) -> Attribution:
        return cls(**data)


@attrs.frozen(kw_only=True)
class Position:
    """A party's stance on a provision: accepts, rejects, reserves or proposes."""

    actor: str = attrs.field(validator=_identifier)
    stance: Stance = attrs.field(converter=_to_stance)
    sources: tuple[str, ...] = attrs.field(default=(), converter=_tuple, validator=_ids)
    date: FuzzyDate | None = attrs.field(default=None, converter=_date)
    note: str | None = attrs.field(default=None, validator=_optional_text)

    def to_dict(self) -> dict[str, Any]:
        return _compact(
            {
                "actor": self.actor,
                "stance": self.stance.value,
                "sources": list(self.sources),
                "date": str(self.date) if self.date else None,
                "note": self.note,
            }
        )

    @classmethod
    def from_dict(cls, data: Mapping[str, Any]) -> Position:
        return cls(**data)


@attrs.frozen(kw_only=True)
class Alternative:
    """One bracketed option of a provision without consensus, with its proposer."""

    key: str = attrs.field(validator=_identifier)
    text: str = attrs.field(validator=_text())
    attributions: tuple[Attribution, ...] = attrs.field(default=(), converter=_tuple, validator=_items(Attribution))
    note: str | None = attrs.field(default=None, validator=_optional_text)

    def to_dict(self) -> dict[str, Any]:
        return _compact(
            {
                "key": self.key,
                "text": self.text,
                "attributions": [a.to_dict() for a in self.attributions],
                "note": self.note,
            }
        )

    @classmethod
    def from_dict(cls, data: Mapping[str, Any]) -> Alternative:
        data = dict(data)
        data["attributions"] = [Attribution.from_dict(a) for a in data.get("attributions", ())]
        return cls(**data)


@attrs.frozen
class ProvisionRef:
    """A reference to a provision of some version: ``28-point#10``, ``28-point#10.a``.

    >>> ProvisionRef.parse("28-point#21.d")
    ProvisionRef(version='28-point', label='21.d')
    >>> str(ProvisionRef("28-point", "6"))
    '28-point#6'
    """

    version: str = attrs.field(validator=_identifier)
    label: str = attrs.field(validator=_label)

    @classmethod
    def parse(cls, text: str) -> ProvisionRef:
        version, sep, label = text.partition("#")
        if not sep:
            raise ValidationError(f"expected a provision reference such as '28-point#10', got {text!r}")
        return cls(version, label)

    def __str__(self) -> str:
        return f"{self.version}#{self.label}"


def _refs(value: Iterable[ProvisionRef | str]) -> tuple[ProvisionRef, ...]:
    return tuple(v if isinstance(v, ProvisionRef) else ProvisionRef.parse(v) for v in _tuple(value))


# --- provisions -----------------------------------------------------------------


@attrs.frozen(kw_only=True)
class Provision:
    """A numbered point of a version, with its sub-points.

    ``label`` is the label as printed ("7", "a"); a sub-point's *path* joins the
    labels with dots ("10.a"). ``derived_from`` is curated lineage: which
    provisions of earlier versions (of this or another document) this one comes
    from. ``attributions`` override the version's for this point; ``sources`` are the ids
    of the version's sources that this point's text rests on.

    >>> p = Provision(label="6", text="Ukraine's armed forces are capped at 600,000.", topics=["army-size"])
    >>> p.topics
    ('army-size',)
    """

    label: str = attrs.field(validator=_label)
    text: str = attrs.field(default="", validator=_text(empty=True))
    title: str | None = attrs.field(default=None, validator=_optional_text)
    topics: tuple[str, ...] = attrs.field(default=(), converter=_tuple, validator=_topics)
    sources: tuple[str, ...] = attrs.field(default=(), converter=_tuple, validator=_ids)
    children: tuple[Provision, ...] = attrs.field(default=(), converter=_tuple)
    derived_from: tuple[ProvisionRef, ...] = attrs.field(default=(), converter=_refs)
    attributions: tuple[Attribution, ...] = attrs.field(default=(), converter=_tuple, validator=_items(Attribution))
    alternatives: tuple[Alternative, ...] = attrs.field(default=(), converter=_tuple, validator=_items(Alternative))
    positions: tuple[Position, ...] = attrs.field(default=(), converter=_tuple, validator=_items(Position))
    notes: str | None = attrs.field(default=None, validator=_optional_text)

    @children.validator
    def _check_children(self, attribute: attrs.Attribute[Any], value: tuple[Provision, ...]) -> None:
        _items(Provision)(self, attribute, value)
        problems = _sibling_problems(value, "/children")
        if problems:
            raise ValidationError(problems)

    def walk(self, prefix: str = "") -> Iterator[tuple[str, Provision]]:
        """Yield ``(path, provision)`` for this provision and every sub-point, depth first."""
        path = f"{prefix}.{self.label}" if prefix else self.label
        yield path, self
        for child in self.children:
            yield from child.walk(path)

    def full_text(self) -> str:
        """The text with every sub-point's text appended, labels included."""
        parts = [self.text] if self.text else []
        for path, child in self.walk():
            if child is not self and child.text:
                parts.append(f"({path.rsplit('.', 1)[-1]}) {child.text}")
        return " ".join(parts)

    def to_dict(self) -> dict[str, Any]:
        return _compact(
            {
                "label": self.label,
                "title": self.title,
                "text": self.text,
                "sources": list(self.sources),
                "topics": list(self.topics),
                "derived_from": [str(r) for r in self.derived_from],
                "attributions": [a.to_dict() for a in self.attributions],
                "alternatives": [a.to_dict() for a in self.alternatives],
                "positions": [p.to_dict() for p in self.positions],
                "notes": self.notes,
                "children": [c.to_dict() for c in self.children],
            }
        ) | {"text": self.text}

    @classmethod
    def from_dict(cls, data: Mapping[str, Any]) -> Provision:
        data = dict(data)
        data["children"] = [Provision.from_dict(c) for c in data.get("children", ())]
        data["attributions"] = [Attribution.from_dict(a) for a in data.get("attributions", ())]
        data["alternatives"] = [Alternative.from_dict(a) for a in data.get("alternatives", ())]
        data["positions"] = [Position.from_dict(p) for p in data.get("positions", ())]
        return cls(**data)


def _sibling_problems(provisions: tuple[Provision, ...], pointer: str) -> list[Problem]:
    seen: dict[str, int] = {}
    problems = []
    for i, p in enumerate(provisions):
        if p.label in seen:
            problems.append(
                Problem(
                    message=f"label {p.label!r} is used twice among these points "
                    f"(first at {pointer}/{seen[p.label]}); give every point its own label",
                    pointer=f"{pointer}/{i}/label",
                )
            )
        else:
            seen[p.label] = i
    return problems


def _path_problems(provisions: tuple[Provision, ...]) -> list[Problem]:
    """A path ("3.1") that names two points: a point labelled "3.1" and sub-point "1" of point "3".

    Paths join labels with dots, so such a text cannot say which point a
    ``derived_from`` link, a diff or a history view means.
    """
    first: dict[str, str] = {}
    problems = []

    def walk(points: tuple[Provision, ...], prefix: str, base: str) -> None:
        siblings: set[str] = set()
        for i, p in enumerate(points):
            if p.label in siblings:
                continue  # a label used twice among siblings is reported as such
            siblings.add(p.label)
            path, pointer = f"{prefix}.{p.label}" if prefix else p.label, f"{base}/{i}"
            if path in first:
                problems.append(
                    Problem(
                        message=f"path {path!r} names two points, this one and the one at {first[path]}, since "
                        "paths join labels with dots; relabel one of them (such as '3.1' to '3a')",
                        pointer=f"{pointer}/label",
                    )
                )
            first.setdefault(path, pointer)
            walk(p.children, path, f"{pointer}/children")

    walk(provisions, "", "/provisions")
    return problems


# --- versions and documents -----------------------------------------------------


class AmendmentStatus(_Vocabulary):
    """The fate of an amendment: proposed (open), accepted (applied), rejected or
    withdrawn (recorded, text unchanged)."""

    PROPOSED = "proposed"
    ACCEPTED = "accepted"
    REJECTED = "rejected"
    WITHDRAWN = "withdrawn"


def _to_amendment_status(value: object) -> AmendmentStatus:
    return _coerce(AmendmentStatus, value)


AMENDMENT_ACTIONS = ("modify", "add", "remove", "move", "split", "merge", "renumber")


@attrs.frozen(kw_only=True)
class Amendment:
    """One proposed change to a text, recorded with who proposed it and its fate.

    ``targets`` are the parent version's labels the amendment acts on; ``results``
    the labels it produced in this version. Rejected and withdrawn amendments stay
    in the record (what was tried and failed matters) but changed nothing.
    """

    action: str = attrs.field(validator=attrs.validators.in_(AMENDMENT_ACTIONS))
    targets: tuple[str, ...] = attrs.field(default=(), converter=_tuple, validator=_items(str))
    results: tuple[str, ...] = attrs.field(default=(), converter=_tuple, validator=_items(str))
    texts: tuple[str, ...] = attrs.field(default=(), converter=_tuple, validator=_items(str))
    attributions: tuple[Attribution, ...] = attrs.field(default=(), converter=_tuple, validator=_items(Attribution))
    status: AmendmentStatus = attrs.field(default=AmendmentStatus.ACCEPTED, converter=_to_amendment_status)
    rationale: str | None = attrs.field(default=None, validator=_optional_text)

    def to_dict(self) -> dict[str, Any]:
        return _compact(
            {
                "action": self.action,
                "targets": list(self.targets),
                "results": list(self.results),
                "texts": list(self.texts),
                "attributions": [a.to_dict() for a in self.attributions],
                "status": self.status.value,
                "rationale": self.rationale,
            }
        )

    @classmethod
    def from_dict(cls, data: Mapping[str, Any]) -> Amendment:
        data = dict(data)
        data["attributions"] = [Attribution.from_dict(a) for a in data.get("attributions", ())]
        return cls(**data)


@attrs.frozen(kw_only=True)
class Document:
    """A lineage of versions of one text. ``kind`` is open-ended ("peace-plan",
    "security-guarantee", "prosperity-plan", "declaration", or one of your own)."""

    id: str = attrs.field(validator=_identifier)
    title: str = attrs.field(validator=_text())
    kind: str = attrs.field(validator=_slug)
    description: str | None = attrs.field(default=None, validator=_optional_text)

    def to_dict(self) -> dict[str, Any]:
        return _compact(
            {
                "id": self.id,
                "title": self.title,
                "kind": self.kind,
                "description": self.description,
            }
        )

    @classmethod
    def from_dict(cls, data: Mapping[str, Any]) -> Document:
        return cls(**data)


@attrs.frozen(kw_only=True, repr=False)
class Version:
    """An immutable snapshot of a document's text at one moment.

    ``parents`` are version ids (a DAG: competing drafts branch from one text).
    ``date`` is the date the text bears, ``reported`` the date it surfaced; either
    may be approximate. ``fidelity`` says whether the text is verbatim or
    summarised, partial or reconstructed from press reports.

    >>> v = Version(id="v1", document="plan", title="Plan", status="draft",
    ...             provisions=[Provision(label="1", text="A ceasefire starts.")])
    >>> v.provision("1").text
    'A ceasefire starts.'
    >>> len(v.digest)
    64
    """

    id: str = attrs.field(validator=_identifier)
    document: str = attrs.field(validator=_identifier)
    title: str = attrs.field(validator=_text())
    status: Status = attrs.field(converter=_to_status)
    date: FuzzyDate | None = attrs.field(default=None, converter=_date)
    reported: FuzzyDate | None = attrs.field(default=None, converter=_date)
    fidelity: Fidelity = attrs.field(default=Fidelity.VERBATIM, converter=_to_fidelity)
    language: str = attrs.field(default="en", validator=_text())
    attributions: tuple[Attribution, ...] = attrs.field(default=(), converter=_tuple, validator=_items(Attribution))
    parents: tuple[str, ...] = attrs.field(default=(), converter=_tuple, validator=_ids)
    sources: tuple[Source, ...] = attrs.field(default=(), converter=_tuple, validator=_items(Source))
    provisions: tuple[Provision, ...] = attrs.field(default=(), converter=_tuple, validator=_items(Provision))
    notes: str | None = attrs.field(default=None, validator=_optional_text)
    amendments: tuple[Amendment, ...] = attrs.field(default=(), converter=_tuple, validator=_items(Amendment))
    _paths: dict[str, Provision] | None = attrs.field(init=False, default=None, eq=False, hash=False, repr=False)
    _walked: tuple[tuple[str, Provision], ...] | None = attrs.field(
        init=False, default=None, eq=False, hash=False, repr=False
    )
    _annotated: tuple[bool, bool, bool] = attrs.field(init=False, eq=False, hash=False, repr=False)
    _digest: str | None = attrs.field(init=False, default=None, eq=False, hash=False, repr=False)

    def __attrs_post_init__(self) -> None:
        self._settle(None)

    def _settle(self, facts: tuple[int, int] | None) -> None:
        """Check the version as made and note what its points are like; raise ValidationError for any problem.

        ``facts`` (from :func:`version_from_checked`): how deep the points go and their flags,
        gathered while they were built, with labels known unique among the top-level points and
        among every point's sub-points. When no label then holds a dot, no path can name two
        points (a path is its labels joined by dots), so the walk and the path index wait for
        their first use. Otherwise every point is walked now.
        """
        if facts is None or facts[1] & _DOTTED:
            _check_depth(self.provisions)  # first: the walks below recurse once a level
            walked = self._walk_index()
            points = list(map(_SECOND, walked))  # read once: a diff asks for every pair of points
            refers = any(any(map(get, points)) for get in _REFERENCES)
            object.__setattr__(self, "_annotated", (any(map(_TITLE, points)), any(map(_TOPICS, points)), refers))
        else:
            depth, flags = facts
            if depth > current_limits().max_depth:
                _check_depth(self.provisions)  # raises, saying where
            annotated = (bool(flags & _TITLED), bool(flags & _TOPICAL), bool(flags & _REFERRING))
            object.__setattr__(self, "_annotated", annotated)
        problems = self.problems()
        if problems:
            raise ValidationError(problems)

    def _walk_index(self) -> tuple[tuple[str, Provision], ...]:
        """Every ``(path, provision)`` in document order, walked on first use, with the path index beside it."""
        walked = self._walked
        if walked is None:
            walked = _walk_all(self.provisions)
            object.__setattr__(self, "_paths", dict(walked))  # every path names one point, or problems() says so
            object.__setattr__(self, "_walked", walked)
        return walked

    def problems(self) -> list[Problem]:
        """Check what a schema cannot: duplicate labels and paths, unknown source ids, repeated parents."""
        problems: list[Problem] = []
        if self._walked is not None and len(self._paths or ()) != len(self._walked):  # else no label or path twice
            problems += _sibling_problems(self.provisions, "/provisions")
            problems += _path_problems(self.provisions)
        source_ids: dict[str, int] = {}
        for i, s in enumerate(self.sources):
            if s.id in source_ids:
                problems.append(
                    Problem(
                        message=f"source id {s.id!r} is used twice",
                        pointer=f"/sources/{i}/id",
                    )
                )
            source_ids.setdefault(s.id, i)
        for i, s in enumerate(self.sources):
            if s.via is not None and s.via not in source_ids:
                problems.append(
                    Problem(
                        message=f"'via' names source {s.via!r}, which this version does not list; "
                        f"expected one of {sorted(source_ids)}",
                        pointer=f"/sources/{i}/via",
                    )
                )
        if self.id in self.parents:
            problems.append(Problem(message="a version cannot be its own parent", pointer="/parents"))
        if len(set(self.parents)) != len(self.parents):
            problems.append(Problem(message="a parent is listed twice", pointer="/parents"))

        def check_refs(refs: Iterable[str], pointer: str) -> None:
            for j, ref in enumerate(refs):
                if ref not in source_ids:
                    known = ", ".join(sorted(source_ids)) or "none"
                    problems.append(
                        Problem(
                            message=f"source {ref!r} is not listed under 'sources' of this version (known: {known})",
                            pointer=f"{pointer}/{j}",
                        )
                    )

        for i, a in enumerate(self.attributions):
            check_refs(a.sources, f"/attributions/{i}/sources")
        for i, amendment in enumerate(self.amendments):
            for k, a in enumerate(amendment.attributions):
                check_refs(a.sources, f"/amendments/{i}/attributions/{k}/sources")
        for pointer, p in self._walk_pointers(_cites):
            check_refs(p.sources, f"{pointer}/sources")
            for i, a in enumerate(p.attributions):
                check_refs(a.sources, f"{pointer}/attributions/{i}/sources")
            for i, alt in enumerate(p.alternatives):
                for k, a in enumerate(alt.attributions):
                    check_refs(
                        a.sources,
                        f"{pointer}/alternatives/{i}/attributions/{k}/sources",
                    )
            keys = [alt.key for alt in p.alternatives]
            if len(set(keys)) != len(keys):
                problems.append(
                    Problem(
                        message="two alternatives share a key",
                        pointer=f"{pointer}/alternatives",
                    )
                )
            for i, pos in enumerate(p.positions):
                check_refs(pos.sources, f"{pointer}/positions/{i}/sources")
        return problems

    def _walk_pointers(self, keep: Callable[[Provision], object] | None = None) -> Iterator[tuple[str, Provision]]:
        """``(JSON pointer, provision)`` of every point, in document order; with ``keep``, of those it holds true of.

        A pointer is made only for a point kept: the checks that need one look at
        the few points citing sources, actors or other versions, not at every point.
        """
        found: list[tuple[str, Provision]] = []
        if keep is not None and not self._annotated[2]:
            return iter(found)  # no point refers to anything: none to keep (see _refers)

        def visit(provisions: tuple[Provision, ...], base: str) -> None:
            for i, p in enumerate(provisions):
                if keep is None or keep(p):
                    found.append((f"{base}/{i}", p))
                if p.children:
                    visit(p.children, f"{base}/{i}/children")

        visit(self.provisions, "/provisions")
        return iter(found)

    # --- lookups ----------------------------------------------------------------

    @property
    def labels(self) -> tuple[str, ...]:
        """The top-level labels in document order."""
        return tuple(p.label for p in self.provisions)

    def walk(self) -> Iterator[tuple[str, Provision]]:
        """Yield ``(path, provision)`` for every provision and sub-point, in document order."""
        walked = self._walked  # walked once, on first use
        return iter(walked if walked is not None else self._walk_index())

    def provision(self, label: str) -> Provision:
        """The provision with this label, or sub-point with this path ("10.a")."""
        paths = self._paths
        if paths is None:
            self._walk_index()
            paths = self._paths
            assert paths is not None
        found = paths.get(label)
        if found is not None:
            return found
        raise UnknownProvisionError(
            f"version {self.id!r} has no provision {label!r}; its points are {', '.join(self.labels) or 'none'}"
        )

    def _has_path(self, path: str) -> bool:
        """Whether a point or sub-point of this version has this path ("10.a"); cheaper than a failed lookup."""
        paths = self._paths
        if paths is None:
            self._walk_index()
            paths = self._paths
            assert paths is not None
        return path in paths

    @property
    def has_titles(self) -> bool:
        """Whether any point of this version has a title (an imported plain text has none)."""
        return self._annotated[0]

    @property
    def has_topics(self) -> bool:
        """Whether any point of this version is tagged with topics (an imported plain text has none)."""
        return self._annotated[1]

    @property
    def has_references(self) -> bool:
        """Whether any point of this version refers beyond itself: sources, credits, options, positions, versions.

        (When none does, no point has alternatives or a ``derived_from``.)
        """
        return self._annotated[2]

    def by_topic(self, topic: str) -> tuple[tuple[str, Provision], ...]:
        """Every ``(path, provision)`` tagged with ``topic`` ("army size" and "army-size" both work)."""
        slug = normalise_topic(topic)
        return tuple((path, p) for path, p in self.walk() if slug in p.topics)

    @property
    def proposers(self) -> tuple[str, ...]:
        """Actor ids credited as proposers or drafters of this version."""
        return proposers_of(self.attributions)

    def source(self, source_id: str) -> Source:
        """The source with this id."""
        for s in self.sources:
            if s.id == source_id:
                return s
        known = ", ".join(s.id for s in self.sources) or "none"
        raise UnknownSourceError(f"version {self.id!r} cites no source {source_id!r}; its sources are {known}")

    # --- interchange ------------------------------------------------------------

    def to_dict(self, *, provisions: bool = True) -> dict[str, Any]:
        """The plain-data form written to version files (canonical key order).

        ``provisions=False`` leaves the text out: the header alone, cheap on a long text.
        """
        data: dict[str, Any] = {"peaceplan": 1}
        data |= _compact(
            {
                "id": self.id,
                "document": self.document,
                "title": self.title,
                "status": self.status.value,
                "date": str(self.date) if self.date else None,
                "reported": str(self.reported) if self.reported else None,
                "fidelity": self.fidelity.value,
                "language": self.language,
                "parents": list(self.parents),
                "attributions": [a.to_dict() for a in self.attributions],
                "sources": [s.to_dict() for s in self.sources],
                "notes": self.notes,
                "amendments": [a.to_dict() for a in self.amendments],
                "provisions": [p.to_dict() for p in self.provisions] if provisions else [],
            }
        )
        data.setdefault("provisions", [])
        return data

    @classmethod
    def from_dict(cls, data: Mapping[str, Any]) -> Version:
        """Build a version from the plain-data form (already schema-checked; the loader checks a file's digest)."""
        data = {k: v for k, v in data.items() if k not in ("peaceplan", "digest")}
        data["attributions"] = [Attribution.from_dict(a) for a in data.get("attributions", ())]
        data["sources"] = [Source.from_dict(s) for s in data.get("sources", ())]
        data["provisions"] = [Provision.from_dict(p) for p in data.get("provisions", ())]
        data["amendments"] = [Amendment.from_dict(a) for a in data.get("amendments", ())]
        return cls(**data)

    @property
    def digest(self) -> str:
        """sha256 of the canonical JSON form: equal versions, equal digests, on any machine."""
        if self._digest is None:  # computed once: the version is immutable
            digest = hashlib.sha256(canonical_json(self.to_dict()).encode("utf-8")).hexdigest()
            object.__setattr__(self, "_digest", digest)
            return digest
        return self._digest

    # --- deprecated verbs ---------------------------------------------------------
    # A verb that joins a version with a higher layer lives on that layer. These three
    # stay for one release, named in the import contract (tests/test_architecture.py).

    def diff(
        self,
        new: Version,
        *,
        use_lineage: bool = True,
        corpus: TracingCorpus | None = None,
        options: DiffOptions | None = None,
    ) -> Diff:
        """Deprecated, removed in 0.2: use :func:`peaceplan.diff` ``(old, new)``, which takes the same keywords."""
        _deprecated("version.diff(new)", "peaceplan.diff(old, new)")
        from ..compare.diff import diff

        return diff(self, new, use_lineage=use_lineage, corpus=corpus, options=options)

    def revise(
        self,
        new_id: str,
        *,
        date: FuzzyDate | str | None,
        proposed_by: ProposedBy,
        title: str | None = None,
        status: Status | str = "draft",
        sources: Iterable[Source] = (),
        document: str | None = None,
        reported: FuzzyDate | str | None = None,
        fidelity: Fidelity | str | None = None,
        language: str | None = None,
        notes: str | None = None,
    ) -> RevisionBuilder:
        """Deprecated, removed in 0.2: use :func:`peaceplan.revise` ``(version, new_id)``, which takes the same
        keywords."""
        _deprecated("version.revise(new_id)", "peaceplan.revise(version, new_id)")
        from ..authoring import revise

        return revise(
            self,
            new_id,
            date=date,
            proposed_by=proposed_by,
            title=title,
            status=status,
            sources=sources,
            document=document,
            reported=reported,
            fidelity=fidelity,
            language=language,
            notes=notes,
        )

    def to_akn(self, *, corpus: CorpusData | None = None) -> str:
        """Deprecated, removed in 0.2: use :func:`peaceplan.to_akn` ``(version)``."""
        _deprecated("version.to_akn()", "peaceplan.to_akn(version)")
        from ..files.akn import version_to_akn

        return version_to_akn(self, corpus=corpus)

    def _repr_html_(self) -> str:
        """The notebook display (IPython calls it; no IPython import needed)."""
        from ..render.notebook import version_html

        return version_html(self)

    def __repr__(self) -> str:
        date = f", {self.date}" if self.date else ""
        return f"<Version {self.id!r}: {self.title!r}{date}, {self.status.value}, {len(self.provisions)} provisions>"


PROPOSING_ROLES = frozenset({Role.PROPOSER, Role.DRAFTER})
"""The roles that make an actor a proposer of a text or change (endorsers and reporters do not)."""


def _walk_all(provisions: tuple[Provision, ...]) -> tuple[tuple[str, Provision], ...]:
    """``(path, provision)`` of every point and sub-point, in document order (what :meth:`Version.walk` yields)."""
    found: list[tuple[str, Provision]] = []
    add = found.append
    for p in provisions:
        add((p.label, p))
        if p.children:
            _walk_under(p.children, p.label, add)
    return tuple(found)


def _walk_under(points: tuple[Provision, ...], prefix: str, add: Callable[[tuple[str, Provision]], None]) -> None:
    """Add ``(path, point)`` of ``points`` and their sub-points under ``prefix`` (see :func:`_walk_all`).

    (A function of the module, not one nested in :func:`_walk_all`: a nested function calling itself
    is a reference cycle, left for the garbage collector.)
    """
    for p in points:
        path = f"{prefix}.{p.label}"
        add((path, p))
        if p.children:
            _walk_under(p.children, path, add)


_SECOND = operator.itemgetter(1)
_TITLE = operator.attrgetter("title")
_TOPICS = operator.attrgetter("topics")
_REFERENCES = tuple(
    operator.attrgetter(name) for name in ("sources", "attributions", "alternatives", "positions", "derived_from")
)
"""What :func:`_refers` reads, one field a pass (a pass of ``map`` runs in C)."""


def _refers(p: Provision) -> bool:
    """Whether a point refers to anything beyond itself: sources, actors (credits, options, positions), versions.

    A version none of whose points does skips every check of such references; a
    ``keep`` given to :meth:`Version._walk_pointers` must hold only of points this holds of.
    """
    return bool(p.sources or p.attributions or p.alternatives or p.positions or p.derived_from)


def _cites(p: Provision) -> bool:
    """Whether a point names sources (itself, or through its credits, options or positions)."""
    return bool(p.sources or p.attributions or p.alternatives or p.positions)


def _check_depth(provisions: tuple[Provision, ...]) -> None:
    """Refuse points nested deeper than ``Limits.max_depth``, found without recursion.

    Every walk of a version (rendering, writing, diffing) recurses once a level;
    past a few hundred levels Python's recursion limit would stop it midway, so
    such a version is refused when it is made, with the place it goes too deep.
    """
    if not any(p.children for p in provisions):
        return
    limit = current_limits().max_depth
    stack: list[tuple[int, str, tuple[Provision, ...]]] = [(1, "/provisions", provisions)]
    while stack:
        depth, pointer, level = stack.pop()
        for i, p in enumerate(level):
            if p.children:
                if depth + 1 > limit:
                    raise ValidationError(
                        [
                            Problem(
                                message=f"points nest more than {limit} levels deep; the limit is {limit} "
                                "(Limits.max_depth, set with peaceplan.using_limits or PEACEPLAN_LIMITS)",
                                pointer=f"{pointer}/{i}/children",
                            )
                        ]
                    )
                stack.append((depth + 1, f"{pointer}/{i}/children", p.children))


def proposers_of(attributions: Iterable[Attribution], *, fallback: bool = False) -> tuple[str, ...]:
    """Actor ids credited as proposer or drafter, in order of first mention.

    With ``fallback``, when nobody holds those roles every credited actor is returned.

    >>> proposers_of([Attribution(actor="un", role="endorser"), Attribution(actor="us")])
    ('us',)
    >>> proposers_of([Attribution(actor="un", role="endorser")], fallback=True)
    ('un',)
    """
    attributions = tuple(attributions)
    chosen = [a.actor for a in attributions if a.role in PROPOSING_ROLES]
    if not chosen and fallback:
        chosen = [a.actor for a in attributions]
    return tuple(dict.fromkeys(chosen))


ProposedBy = str | Attribution | Iterable[str | Attribution]
"""Who proposed something: an actor id, an :class:`Attribution`, or several."""


def attributions_of(value: ProposedBy, *, role: str = "proposer") -> tuple[Attribution, ...]:
    """Attributions from an actor id, an Attribution, or a list of either (ids become ``role``, ``reported``).

    The one reader of a ``proposed_by`` argument: :func:`~peaceplan.revise`, its
    amendment verbs and the ``read_*`` importers all take the same forms.

    >>> [a.actor for a in attributions_of(["russia", Attribution(actor="us", confidence="confirmed")])]
    ['russia', 'us']
    >>> attributions_of(3)
    Traceback (most recent call last):
    ...
    peaceplan.errors.ValidationError: proposed_by: expected an actor id or an Attribution, or a list of them; got 3
    """
    if isinstance(value, (str, Attribution)):
        items: list[object] = [value]
    elif isinstance(value, Iterable) and not isinstance(value, Mapping):
        items = list(value)
    else:
        raise ValidationError(f"proposed_by: expected an actor id or an Attribution, or a list of them; got {value!r}")
    if not items:
        raise ValidationError("proposed_by: expected an actor id or an Attribution, got an empty list")
    out = []
    for item in items:
        if isinstance(item, Attribution):
            out.append(item)
        elif isinstance(item, str):
            out.append(Attribution(actor=item, role=role, confidence="reported"))
        else:
            raise ValidationError(f"proposed_by: expected an actor id or an Attribution, got {item!r}")
    return tuple(out)


def normalise_topic(topic: str) -> str:
    """``"Army size"`` → ``"army-size"``: the slug form topics are stored in.

    >>> normalise_topic("NATO and alliances")
    'nato-and-alliances'
    """
    return re.sub(r"[^a-z0-9]+", "-", topic.strip().lower()).strip("-")


# --- building from schema-checked data ------------------------------------------
# Data the version schema has accepted (peaceplan.files.io asks the compiled check,
# peaceplan.files.schemata) has every field of the right type and form: ids, labels,
# slugs and texts match the patterns the field validators test, and every
# vocabulary holds one of its values. Building it through the constructors tests
# all of that again, field by field, and that was most of the time it took to load
# a large corpus (about 9 µs a provision, against under 1 µs here). These builders
# set the fields directly, already converted, and keep every check the schema
# cannot make: real calendar dates, labels unique among sibling points, and what
# Version's constructor checks (depth, paths, source references, parents), which
# still runs. tests/test_model.py checks that they build exactly what from_dict
# builds, and tests/test_files.py that what they refuse is reported as before.


def _setters(cls: type, names: tuple[str, ...]) -> tuple[Callable[[Any, Any], None], ...]:
    """The slot setters of ``cls``'s fields, which must be exactly ``names`` in order.

    A field added to a model class without its builder below fails here, at import.
    """
    found = tuple(a.name for a in attrs.fields(cls))
    if found != names:  # pragma: no cover - a programming error caught by every test run
        raise RuntimeError(f"update peaceplan.model.records's builders of {cls.__name__}: its fields are {found}")
    return tuple(getattr(cls, name).__set__ for name in names)


_new = object.__new__
_ROLES = {m.value: m for m in Role}
_CONFIDENCES = {m.value: m for m in Confidence}
_STANCES = {m.value: m for m in Stance}
_RELIABILITIES = {m.value: m for m in Reliability}
_AMENDMENT_STATUSES = {m.value: m for m in AmendmentStatus}

_A_ACTOR, _A_ROLE, _A_CONFIDENCE, _A_SOURCES, _A_NOTE = _setters(
    Attribution, ("actor", "role", "confidence", "sources", "note")
)
_PO_ACTOR, _PO_STANCE, _PO_SOURCES, _PO_DATE, _PO_NOTE = _setters(
    Position, ("actor", "stance", "sources", "date", "note")
)
_AL_KEY, _AL_TEXT, _AL_ATTRIBUTIONS, _AL_NOTE = _setters(Alternative, ("key", "text", "attributions", "note"))
(
    _P_LABEL,
    _P_TEXT,
    _P_TITLE,
    _P_TOPICS,
    _P_SOURCES,
    _P_CHILDREN,
    _P_DERIVED,
    _P_ATTRIBUTIONS,
    _P_ALTERNATIVES,
    _P_POSITIONS,
    _P_NOTES,
) = _setters(
    Provision,
    (
        "label",
        "text",
        "title",
        "topics",
        "sources",
        "children",
        "derived_from",
        "attributions",
        "alternatives",
        "positions",
        "notes",
    ),
)
_S_ID, _S_PUBLISHER, _S_TITLE, _S_RELIABILITY, _S_URL, _S_DATE, _S_LANGUAGE, _S_VIA, _S_DERIVATION = _setters(
    Source, ("id", "publisher", "title", "reliability", "url", "date", "language", "via", "derivation")
)
_AM_ACTION, _AM_TARGETS, _AM_RESULTS, _AM_TEXTS, _AM_ATTRIBUTIONS, _AM_STATUS, _AM_RATIONALE = _setters(
    Amendment, ("action", "targets", "results", "texts", "attributions", "status", "rationale")
)


def _attribution_checked(data: Mapping[str, Any]) -> Attribution:
    made: Attribution = _new(Attribution)
    _A_ACTOR(made, data["actor"])
    _A_ROLE(made, _ROLES[data["role"]] if "role" in data else Role.PROPOSER)
    _A_CONFIDENCE(made, _CONFIDENCES[data["confidence"]] if "confidence" in data else Confidence.REPORTED)
    _A_SOURCES(made, tuple(data.get("sources", ())))
    _A_NOTE(made, data.get("note"))
    return made


def _attributions_checked(items: Iterable[Mapping[str, Any]] | None) -> tuple[Attribution, ...]:
    return tuple(map(_attribution_checked, items)) if items else ()


def _position_checked(data: Mapping[str, Any]) -> Position:
    made: Position = _new(Position)
    _PO_ACTOR(made, data["actor"])
    _PO_STANCE(made, _STANCES[data["stance"]])
    _PO_SOURCES(made, tuple(data.get("sources", ())))
    _PO_DATE(made, _date(data.get("date")))  # a date of the right form may still not exist (2025-02-30)
    _PO_NOTE(made, data.get("note"))
    return made


def _alternative_checked(data: Mapping[str, Any]) -> Alternative:
    made: Alternative = _new(Alternative)
    _AL_KEY(made, data["key"])
    _AL_TEXT(made, data["text"])
    _AL_ATTRIBUTIONS(made, _attributions_checked(data.get("attributions")))
    _AL_NOTE(made, data.get("note"))
    return made


def _provision_checked(data: Mapping[str, Any]) -> Provision:
    """One point (and its sub-points) of schema-checked data, built alone (see :func:`_shared_point`)."""
    return _shared_point(data, {})[0]


_Built = tuple[Provision, int, int]
"""A point built from schema-checked data, how many levels deep it goes, and its flags (below)."""

# What a version must know of all its points (see Version._settle), one bit each, gathered while they are
# built: a point with a title, with topics, referring to anything beyond itself (see _refers), with a label
# holding a dot (its paths could then name two points).
_TITLED, _TOPICAL, _REFERRING, _DOTTED = 1, 2, 4, 8

_OWN_FIELDS = frozenset({"label", "text", "children"})


def _shared_point(data: Mapping[str, Any], built: dict[Any, _Built]) -> _Built:
    """The point of schema-checked ``data``, built once per distinct content within ``built``.

    Drafts of one text repeat most of their points word for word, and a point is an
    immutable value: every occurrence of the same data (same label, text, fields and
    sub-points) becomes the same object, found by what it was built from. ``built``
    maps that key to the point, its depth and flags; it holds each point it keys, so the
    ids of sub-points in a key stay theirs. Labels used twice among sub-points are refused
    when a point is first built (a point found again has the same, checked, sub-points).
    """
    label = data["label"]
    text = data["text"]
    children = data.get("children")
    if children:
        parts = [_shared_point(c, built) for c in children]
        key: tuple[Any, ...] = (label, text, *[id(c[0]) for c in parts])
        plain = len(data) == 3  # a label, a text and sub-points: most points
    else:
        key = (label, text)
        if len(data) == 2:  # a label and a text: most points of all, so found first
            found = built.get(key)
            if found is not None:
                return found
        parts = []
        plain = len(data) - (children is not None) == 2
    if not plain:  # the other fields, in a form that equal data alone share (a text first: no id is a text)
        key = (*key[:2], repr(sorted((k, v) for k, v in data.items() if k not in _OWN_FIELDS)), *key[2:])
    found = built.get(key)
    if found is not None:
        return found
    made: Provision = _new(Provision)
    _P_LABEL(made, label)
    _P_TEXT(made, text)
    depth, flags = 1, _DOTTED if "." in label else 0
    if parts:
        kids = tuple([c[0] for c in parts])
        if len({c.label for c in kids}) != len(kids):
            raise ValidationError(_sibling_problems(kids, "/children"))
        _P_CHILDREN(made, kids)
        for _, d, f in parts:
            if d >= depth:
                depth = d + 1
            flags |= f
    else:
        _P_CHILDREN(made, ())
    if plain:
        _P_TITLE(made, None)
        _P_TOPICS(made, ())
        _P_SOURCES(made, ())
        _P_DERIVED(made, ())
        _P_ATTRIBUTIONS(made, ())
        _P_ALTERNATIVES(made, ())
        _P_POSITIONS(made, ())
        _P_NOTES(made, None)
    else:
        _P_TITLE(made, data.get("title"))
        _P_TOPICS(made, tuple(data.get("topics", ())))
        _P_SOURCES(made, tuple(data.get("sources", ())))
        derived = data.get("derived_from")
        _P_DERIVED(made, tuple(map(ProvisionRef.parse, derived)) if derived else ())
        _P_ATTRIBUTIONS(made, _attributions_checked(data.get("attributions")))
        alternatives = data.get("alternatives")
        _P_ALTERNATIVES(made, tuple(map(_alternative_checked, alternatives)) if alternatives else ())
        positions = data.get("positions")
        _P_POSITIONS(made, tuple(map(_position_checked, positions)) if positions else ())
        _P_NOTES(made, data.get("notes"))
        flags |= (
            (_TITLED if made.title else 0) | (_TOPICAL if made.topics else 0) | (_REFERRING if _refers(made) else 0)
        )
    found = built[key] = (made, depth, flags)
    return found


def _source_checked(data: Mapping[str, Any]) -> Source:
    made: Source = _new(Source)
    _S_ID(made, data["id"])
    _S_PUBLISHER(made, data["publisher"])
    _S_TITLE(made, data["title"])
    _S_RELIABILITY(made, _RELIABILITIES[data["reliability"]])
    _S_URL(made, data.get("url"))
    _S_DATE(made, _date(data.get("date")))
    _S_LANGUAGE(made, data.get("language", "en"))
    _S_VIA(made, data.get("via"))
    _S_DERIVATION(made, data.get("derivation"))
    return made


def _amendment_checked(data: Mapping[str, Any]) -> Amendment:
    made: Amendment = _new(Amendment)
    _AM_ACTION(made, data["action"])
    _AM_TARGETS(made, tuple(data.get("targets", ())))
    _AM_RESULTS(made, tuple(data.get("results", ())))
    _AM_TEXTS(made, tuple(data.get("texts", ())))
    _AM_ATTRIBUTIONS(made, _attributions_checked(data.get("attributions")))
    _AM_STATUS(made, _AMENDMENT_STATUSES[data["status"]] if "status" in data else AmendmentStatus.ACCEPTED)
    _AM_RATIONALE(made, data.get("rationale"))
    return made


_VERSION_FIELDS = tuple(a.name for a in attrs.fields(Version))
_V_SET = dict(zip(_VERSION_FIELDS, _setters(Version, _VERSION_FIELDS), strict=True))
_V_VALIDATED = tuple(a for a in attrs.fields(Version) if a.validator is not None and a.name != "provisions")


def version_from_checked(data: Mapping[str, Any], built: dict[Any, Any] | None = None) -> Version:
    """Build a version from data the version schema has accepted: what :meth:`Version.from_dict` builds, faster.

    Only for data a schema check has passed (the loader's compiled check): the field
    checks the schema has made are not made again. What the schema cannot check is
    checked as always (dates, labels unique among siblings, and the version's own
    checks), raising :class:`~peaceplan.errors.ValidationError`; the loader then
    builds the data again the slow way, to say where each problem is.

    ``built``: the points built so far (an empty dict to start; the loader keeps one for
    a whole corpus folder), so that a point read again with the same content, as drafts
    of one text repeat most of theirs, is the same object (see :func:`_shared_point`).
    """
    sources = data.get("sources")
    amendments = data.get("amendments")
    table: dict[Any, Any] = {} if built is None else built
    points = [_shared_point(p, table) for p in data["provisions"]]
    provisions = tuple([p[0] for p in points])
    depth, flags = 0, 0
    for _, d, f in points:
        if d > depth:
            depth = d
        flags |= f
    made: Version = _new(Version)
    fields: dict[str, Any] = {
        "id": data["id"],
        "document": data["document"],
        "title": data["title"],
        "status": _to_status(data["status"]),
        "date": _date(data.get("date")),  # a date of the right form may still not exist (2025-02-30)
        "reported": _date(data.get("reported")),
        "fidelity": _to_fidelity(data.get("fidelity", Fidelity.VERBATIM)),
        "language": data.get("language", "en"),
        "attributions": _attributions_checked(data.get("attributions")),
        "parents": tuple(data.get("parents", ())),
        "sources": tuple(map(_source_checked, sources)) if sources else (),
        "provisions": provisions,
        "notes": data.get("notes"),
        "amendments": tuple(map(_amendment_checked, amendments)) if amendments else (),
        "_paths": None,
        "_walked": None,
        "_digest": None,
    }
    for name, value in fields.items():
        _V_SET[name](made, value)
    for field in _V_VALIDATED:  # the header's checks (cheap), as the constructor makes them
        field.validator(made, field, fields[field.name])  # type: ignore[misc]
    unique = len({p.label for p in provisions}) == len(provisions)  # (sub-points were checked when built)
    made._settle((depth, flags) if unique else None)
    return made


def remember_digest(version: Version, digest: str) -> None:
    """Record ``digest`` as :attr:`Version.digest` of ``version``, which then is not computed.

    Only for a digest proven to be the version's: the loader's, when the canonical JSON of
    the file's data, which the version was built from, hashes to the digest its file states.
    """
    if version._digest is None:
        object.__setattr__(version, "_digest", digest)


def _deprecated(old: str, new: str) -> None:
    warnings.warn(
        f"{old} is deprecated and will be removed in peaceplan 0.2; use {new}", DeprecationWarning, stacklevel=3
    )
