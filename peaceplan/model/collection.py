"""A corpus's data: actors, documents, versions and events together, checked as a whole.

A :class:`CorpusData` answers lookups by id and checks what no single file can:
that every actor, parent and ``derived_from`` reference exists, that version
ids are unique, and that parents form a DAG.
"""

from __future__ import annotations

import difflib
from collections.abc import Iterable, Iterator
from typing import TYPE_CHECKING, Any, TypeVar

import attrs

from ..errors import (
    Problem,
    UnknownActorError,
    UnknownDocumentError,
    UnknownEventError,
    UnknownVersionError,
    ValidationError,
)
from .events import Event, event_problems
from .fields import _identifier, _items, _text, _tuple
from .graph import Graph, derivation_cycles, parent_cycles
from .records import Actor, Document, Provision, Version

if TYPE_CHECKING:  # pragma: no cover
    import pandas as pd

__all__ = ["CorpusData", "corpus_problems"]

_C = TypeVar("_C", bound="CorpusData")


def corpus_problems(
    actors: Iterable[Actor],
    documents: Iterable[Document],
    versions: Iterable[Version],
    events: Iterable[Event] = (),
) -> list[tuple[str | None, Problem]]:
    """Every cross-reference problem, as ``(version id or None, problem)`` pairs.

    The pointer of each problem is inside that version's file (or inside the
    actors, manifest or events file when the version id is None: its pointer
    starts with ``/actors``, ``/documents`` or ``/events``), so a reader that
    knows which file holds which version can say exactly where to look.
    """
    actors, documents, versions, events = list(actors), list(documents), list(versions), list(events)
    out: list[tuple[str | None, Problem]] = []
    actor_ids: dict[str, int] = {}
    for i, actor in enumerate(actors):
        if actor.id in actor_ids:
            out.append((None, Problem(message=f"actor id {actor.id!r} is defined twice", pointer=f"/actors/{i}/id")))
        actor_ids.setdefault(actor.id, i)
    for i, actor in enumerate(actors):
        for j, m in enumerate(actor.members):
            if m not in actor_ids:
                out.append((None, _unknown_actor(m, actor_ids, f"/actors/{i}/members/{j}")))
        if actor.affiliation is not None and actor.affiliation not in actor_ids:
            out.append((None, _unknown_actor(actor.affiliation, actor_ids, f"/actors/{i}/affiliation")))
    doc_ids: dict[str, int] = {}
    for i, d in enumerate(documents):
        if d.id in doc_ids:
            out.append(
                (
                    None,
                    Problem(message=f"document id {d.id!r} is defined twice", pointer=f"/documents/{i}/id"),
                )
            )
        doc_ids.setdefault(d.id, i)

    by_id: dict[str, Version] = {}
    for v in versions:
        if v.id in by_id:
            out.append(
                (
                    v.id,
                    Problem(message=f"version id {v.id!r} is used by two files; ids must be unique", pointer="/id"),
                )
            )
        by_id.setdefault(v.id, v)

    for v in versions:
        if v.document not in doc_ids:
            known = ", ".join(sorted(doc_ids)) or "none"
            out.append(
                (
                    v.id,
                    Problem(
                        message=f"document {v.document!r} is not in the corpus manifest (known: {known})",
                        pointer="/document",
                    ),
                )
            )
        for i, parent in enumerate(v.parents):
            if parent not in by_id:
                out.append(
                    (
                        v.id,
                        Problem(
                            message=f"parent version {parent!r} does not exist in this corpus",
                            pointer=f"/parents/{i}",
                        ),
                    )
                )
        for i, credit in enumerate(v.attributions):
            if credit.actor not in actor_ids:
                out.append((v.id, _unknown_actor(credit.actor, actor_ids, f"/attributions/{i}/actor")))
        for i, amendment in enumerate(v.amendments):
            for k, credit in enumerate(amendment.attributions):
                if credit.actor not in actor_ids:
                    where = f"/amendments/{i}/attributions/{k}/actor"
                    out.append((v.id, _unknown_actor(credit.actor, actor_ids, where)))
        for pointer, p in v._walk_pointers(_names_others):  # pointers only for the points naming actors or versions
            for i, credit in enumerate(p.attributions):
                if credit.actor not in actor_ids:
                    out.append((v.id, _unknown_actor(credit.actor, actor_ids, f"{pointer}/attributions/{i}/actor")))
            for i, alt in enumerate(p.alternatives):
                for k, credit in enumerate(alt.attributions):
                    if credit.actor not in actor_ids:
                        out.append(
                            (
                                v.id,
                                _unknown_actor(
                                    credit.actor,
                                    actor_ids,
                                    f"{pointer}/alternatives/{i}/attributions/{k}/actor",
                                ),
                            )
                        )
            for i, pos in enumerate(p.positions):
                if pos.actor not in actor_ids:
                    out.append((v.id, _unknown_actor(pos.actor, actor_ids, f"{pointer}/positions/{i}/actor")))
            for i, ref in enumerate(p.derived_from):
                where = f"{pointer}/derived_from/{i}"
                if ref.version not in by_id:
                    out.append(
                        (
                            v.id,
                            Problem(
                                message=f"derived_from names version {ref.version!r}, which does not exist",
                                pointer=where,
                            ),
                        )
                    )
                elif not by_id[ref.version]._has_path(ref.label):
                    out.append(
                        (
                            v.id,
                            Problem(
                                message=f"derived_from names provision {ref.label!r} of {ref.version!r}, which "
                                f"has no such provision (it has {', '.join(by_id[ref.version].labels)})",
                                pointer=where,
                            ),
                        )
                    )
                elif ref.version == v.id:
                    out.append(
                        (
                            v.id,
                            Problem(message="a provision cannot derive from its own version", pointer=where),
                        )
                    )
    if events:
        ordered_paths = {vid: [path for path, _ in v.walk()] for vid, v in by_id.items()}
        out.extend((None, p) for p in event_problems(events, actor_ids, ordered_paths))
    for cycle in parent_cycles(by_id):
        out.append(
            (
                cycle[0],
                Problem(message=f"parents form a cycle: {' -> '.join([*cycle, cycle[0]])}", pointer="/parents"),
            )
        )
    out.extend(derivation_cycles(by_id))
    return out


def _names_others(p: Provision) -> bool:
    return bool(p.attributions or p.alternatives or p.positions or p.derived_from)


def _unknown_actor(actor: str, known: dict[str, int], pointer: str) -> Problem:
    close = difflib.get_close_matches(actor, list(known), n=1)
    guess = f"; did you mean {close[0]!r}?" if close else ""
    hint = ", ".join(sorted(known)[:12]) + (", …" if len(known) > 12 else "")
    return Problem(message=f"actor {actor!r} is not defined in the actors file{guess} (known: {hint})", pointer=pointer)


@attrs.frozen(kw_only=True, repr=False)
class CorpusData:
    """Actors, documents and versions of one process, checked together.

    >>> import peaceplan
    >>> c = peaceplan.load_corpus()
    >>> len(c.version("28-point").provisions)
    28
    """

    name: str = attrs.field(validator=_identifier)
    title: str = attrs.field(validator=_text())
    description: str | None = None
    actors: tuple[Actor, ...] = attrs.field(default=(), converter=_tuple, validator=_items(Actor))
    documents: tuple[Document, ...] = attrs.field(default=(), converter=_tuple, validator=_items(Document))
    versions: tuple[Version, ...] = attrs.field(default=(), converter=_tuple, validator=_items(Version))
    events: tuple[Event, ...] = attrs.field(default=(), converter=_tuple, validator=_items(Event))
    _index: dict[str, Any] = attrs.field(init=False, eq=False, hash=False)

    def __attrs_post_init__(self) -> None:
        problems = corpus_problems(self.actors, self.documents, self.versions, self.events)
        if problems:
            raise ValidationError(
                attrs.evolve(p, message=f"version {vid!r}: {p.message}") if vid else p for vid, p in problems
            )
        index = {
            "versions": {v.id: v for v in self.versions},
            "actors": {a.id: a for a in self.actors},
            "documents": {d.id: d for d in self.documents},
        }
        object.__setattr__(self, "_index", index)

    # --- lookups ----------------------------------------------------------------

    def version(self, version_id: str | Version) -> Version:
        """The version with this id; a :class:`Version` of the corpus may stand for its id.

        A version that only shares an id with the corpus's (an edited copy) is
        refused rather than swapped for the corpus's text.
        """
        key = version_id.id if isinstance(version_id, Version) else version_id
        found: Version | None = self._index["versions"].get(key) if isinstance(key, str) else None
        if found is None:
            known = [v.id for v in self.versions]
            close = difflib.get_close_matches(str(key), known, n=1)
            hint = f"did you mean {close[0]!r}? " if close else ""
            raise UnknownVersionError(f"no version {key!r} in corpus {self.name!r}; {hint}known: {', '.join(known)}")
        if isinstance(version_id, Version) and found is not version_id and found != version_id:
            raise ValidationError(
                f"the version {key!r} given differs from the version of that id in corpus {self.name!r}; "
                "add it first with corpus.with_version(version), or give it an id of its own"
            )
        return found

    def version_ids(self, versions: str | Version | Iterable[str | Version]) -> tuple[str, ...]:
        """The ids of ``versions`` (ids or versions of this corpus; one alone is one), each checked.

        >>> import peaceplan
        >>> c = peaceplan.load_corpus()
        >>> c.version_ids("20-point"), c.version_ids([c.version("28-point"), "20-point"])
        (('20-point',), ('28-point', '20-point'))
        """
        items = (versions,) if isinstance(versions, (str, Version)) else tuple(versions)
        return tuple(self.version(v).id for v in items)

    def actor(self, actor_id: str) -> Actor:
        """The actor with this id."""
        try:
            return self._index["actors"][actor_id]  # type: ignore[no-any-return]
        except KeyError:
            known = ", ".join(a.id for a in self.actors) or "none"
            raise UnknownActorError(f"no actor {actor_id!r} in corpus {self.name!r}; known: {known}") from None

    def document(self, document_id: str) -> Document:
        """The document with this id."""
        try:
            return self._index["documents"][document_id]  # type: ignore[no-any-return]
        except KeyError:
            known = ", ".join(d.id for d in self.documents)
            raise UnknownDocumentError(f"no document {document_id!r} in corpus {self.name!r}; known: {known}") from None

    def versions_of(self, document_id: str) -> tuple[Version, ...]:
        """The versions of one document, parents before children, then by date."""
        self.document(document_id)
        return tuple(v for v in self.ordered() if v.document == document_id)

    @property
    def graph(self) -> Graph:
        """The version graph (:class:`~peaceplan.model.graph.Graph`): order, parents, children, paths.

        Built on first use and kept: every history view of this corpus walks the same one.

        >>> import peaceplan
        >>> c = peaceplan.load_corpus()
        >>> c.graph is c.graph, c.graph.chain("28-point", "20-point")
        (True, ('28-point', 'geneva-19', '20-point'))
        """
        found: Graph | None = self._index.get("graph")
        if found is None:
            found = Graph.build(self.versions)
            self._index["graph"] = found
        return found

    def ordered(self) -> tuple[Version, ...]:
        """Every version in an order where parents come first, ties broken by date then id.

        Of the versions whose parents are all placed, the earliest (by date, then
        id) comes next: :attr:`graph`'s order, computed once per corpus.
        """
        found: tuple[Version, ...] | None = self._index.get("ordered")
        if found is None:
            versions = self._index["versions"]
            found = tuple(versions[vid] for vid in self.graph.order)
            self._index["ordered"] = found
        return found

    def provisions_by_topic(self, topic: str) -> tuple[tuple[Version, str, Provision], ...]:
        """Every ``(version, path, provision)`` on ``topic`` across the corpus, in version order."""
        return tuple((v, path, p) for v in self.ordered() for path, p in v.by_topic(topic))

    def topics(self) -> tuple[str, ...]:
        """Every topic used anywhere in the corpus, sorted."""
        return tuple(sorted({t for v in self.versions for _, p in v.walk() for t in p.topics}))

    def children(self, version_id: str) -> tuple[Version, ...]:
        """The versions that list ``version_id`` as a parent."""
        self.version(version_id)
        versions = self._index["versions"]
        return tuple(versions[vid] for vid in self.graph.children[version_id])

    def derived(self, version_id: str, label: str) -> tuple[tuple[Version, str], ...]:
        """Every ``(version, path)`` whose curated ``derived_from`` names this provision."""
        out = []
        for v in self.ordered():
            for path, p in v.walk():
                if any(r.version == version_id and r.label == label for r in p.derived_from):
                    out.append((v, path))
        return tuple(out)

    def with_version(self: _C, version: Version) -> _C:
        """A new corpus with ``version`` added (or replacing the one with its id)."""
        versions = [v for v in self.versions if v.id != version.id] + [version]
        return attrs.evolve(self, versions=versions)

    def __iter__(self) -> Iterator[Version]:
        return iter(self.ordered())

    def __len__(self) -> int:
        return len(self.versions)

    def __contains__(self, version_id: object) -> bool:
        return version_id in self._index["versions"]

    def _repr_html_(self) -> str:
        """The notebook display (IPython calls it; no IPython import needed)."""
        from ..render.notebook import corpus_html

        return corpus_html(self)

    def to_frame(self, *, long: bool = False) -> pd.DataFrame:
        """A pandas DataFrame with typed columns (needs the ``pandas`` extra).

        Its proposers are a list in each row; ``long``: one row per proposer, the actor id in ``proposer``.
        """
        from ..render.frames import corpus_frame

        return corpus_frame(self, long=long)

    def __repr__(self) -> str:
        return (
            f"<{type(self).__name__} {self.name!r}: {len(self.documents)} documents, "
            f"{len(self.versions)} versions, {len(self.actors)} actors>"
        )

    def event(self, event_id: str) -> Event:
        """The event with this id."""
        for e in self.events:
            if e.id == event_id:
                return e
        known = ", ".join(e.id for e in self.events) or "none"
        raise UnknownEventError(f"no event {event_id!r} in corpus {self.name!r}; known: {known}")

    def manifest(self) -> dict[str, Any]:
        """The plain-data form of the manifest file (``corpus.yaml``)."""
        data: dict[str, Any] = {"peaceplan": 1, "name": self.name, "title": self.title}
        if self.description:
            data["description"] = self.description
        data["documents"] = [d.to_dict() for d in self.documents]
        return data
