"""A corpus: actors, documents and versions together, checked as a whole.

A :class:`Corpus` answers lookups by id and checks what no single file can:
that every actor, parent and ``derived_from`` reference exists, that version
ids are unique, and that parents form a DAG.
"""

from __future__ import annotations

import difflib
from collections.abc import Iterable, Iterator, Sequence
from typing import TYPE_CHECKING, Any

import attrs

from .errors import (
    Problem,
    UnknownActorError,
    UnknownDocumentError,
    UnknownEventError,
    UnknownVersionError,
    ValidationError,
)
from .model.events import Event, event_problems
from .model.fields import _identifier, _items, _text, _tuple
from .model.graph import Graph, derivation_cycles, parent_cycles
from .model.records import Actor, Document, Provision, Version

if TYPE_CHECKING:  # pragma: no cover
    import pandas as pd

    from .history.blame import Blame
    from .history.deal import DealStatus, StatusHistory
    from .history.descent import HistoryOptions
    from .compare.diff import Diff, DiffOptions
    from .history.evolution import Evolution, TopicCounts, TopicMeasure
    from .history.log import Log
    from .history.influence import Grouping, Influence
    from .history.synopsis import Synopsis
    from .history.thread import Thread
    from .history.timeline import Timeline

__all__ = ["Corpus", "corpus_problems"]


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
class Corpus:
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

    def with_version(self, version: Version) -> Corpus:
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
        from .render.notebook import corpus_html

        return corpus_html(self)

    def to_frame(self, *, long: bool = False) -> pd.DataFrame:
        """A pandas DataFrame with typed columns (needs the ``pandas`` extra).

        Its proposers are a list in each row; ``long``: one row per proposer, the actor id in ``proposer``.
        """
        from .render.frames import corpus_frame

        return corpus_frame(self, long=long)

    def __repr__(self) -> str:
        return (
            f"<Corpus {self.name!r}: {len(self.documents)} documents, "
            f"{len(self.versions)} versions, {len(self.actors)} actors>"
        )

    # --- verbs defined in higher layers (imported lazily: data flows one way) -----

    def diff(
        self,
        old_id: str | Version,
        new_id: str | Version,
        *,
        use_lineage: bool = True,
        options: DiffOptions | None = None,
    ) -> Diff:
        """Diff two versions by id, crediting each change step by step along the lineage.

        Each change is traced through the versions between the two by the one
        tracer every history view uses (:meth:`peaceplan.history.descent.Descent.trace`),
        so a step has the kind blame, thread and synopsis give it.
        """
        from .history.descent import Descent, HistoryOptions
        from .compare.diff import DiffOptions, diff

        options = options or DiffOptions()
        result = diff(self.version(old_id), self.version(new_id), use_lineage=use_lineage, options=options)
        return Descent(self, HistoryOptions(diff=options), lineage=use_lineage).trace(result)

    def blame(self, version_id: str | Version, *, options: HistoryOptions | None = None) -> Blame:
        """For every provision of a version: where its wording first appeared and who proposed it."""
        from .history.blame import blame

        return blame(self, version_id, options=options)

    def status(self, version_id: str | Version, *, parties: Sequence[str] | None = None) -> DealStatus:
        """How close a deal is: each party's position on each point, each point's state, the share agreed."""
        from .history.deal import corpus_status

        return corpus_status(self, self.version(version_id), parties=parties)

    def status_history(self, document_id: str, *, parties: Sequence[str] | None = None) -> StatusHistory:
        """:meth:`status` of every version of a document, parents first: how the share agreed moved."""
        from .history.deal import status_history

        return status_history(self, document_id, parties=parties)

    def thread(
        self, subject: str | Version, label: str | int | None = None, *, options: HistoryOptions | None = None
    ) -> Thread:
        """A topic (``"territory"``) or one provision (``"20-point", "14"``) through every draft."""
        from .history.thread import thread

        return thread(self, subject, label, options=options)

    def synopsis(
        self, versions: str | Version | Iterable[str | Version], *, options: HistoryOptions | None = None
    ) -> Synopsis:
        """One table aligning three or more drafts, branches included."""
        from .history.synopsis import synopsis

        return synopsis(self, versions, options=options)

    def influence(
        self,
        heads: str | Version | Iterable[str | Version] | None = None,
        *,
        by: Grouping = "actor",
        roots: bool = True,
        options: HistoryOptions | None = None,
    ) -> Influence:
        """Per actor (or per state or coalition with ``by="affiliation"``): changes proposed and
        how many survive in each head version; ``roots`` also counts the wording of versions with
        no parent (such as the 28-point plan) as its drafters' contributions."""
        from .history.influence import influence

        return influence(self, heads, by=by, roots=roots, options=options)

    def event(self, event_id: str) -> Event:
        """The event with this id."""
        for e in self.events:
            if e.id == event_id:
                return e
        known = ", ".join(e.id for e in self.events) or "none"
        raise UnknownEventError(f"no event {event_id!r} in corpus {self.name!r}; known: {known}")

    def timeline(self, document_id: str | None = None, *, versions: bool = True) -> Timeline:
        """Versions and events together in date order (``versions=False``: the events alone).

        With ``document_id``, the versions of that document and the events that concern them.
        """
        from .history.timeline import timeline

        return timeline(self, document_id, versions=versions)

    def log(self, document_id: str | None = None) -> Log:
        """The versions of one document (or all) in lineage-then-date order."""
        from .history.log import log

        return log(self, document_id)

    def heads(self, document_id: str | None = None) -> tuple[str, ...]:
        """The latest version of each branch."""
        from .history.log import heads

        return heads(self, document_id)

    def ancestors(self, version_id: str, *, derivations: bool = False) -> tuple[str, ...]:
        """Every version this one descends from (``derivations`` follows cross-document links)."""
        from .history.log import ancestors

        return ancestors(self, version_id, derivations=derivations)

    def descendants(self, version_id: str, *, derivations: bool = False) -> tuple[str, ...]:
        """Every version that descends from this one."""
        from .history.log import descendants

        return descendants(self, version_id, derivations=derivations)

    def main_line(self, document_id: str | None = None) -> tuple[str, ...]:
        """The chain a document is read along: its first draft to its latest head (the first document by default).

        >>> import peaceplan
        >>> peaceplan.load_corpus().main_line()
        ('28-point', 'geneva-19', '20-point', '20-point-2026-01')
        """
        from .history.evolution import main_line

        return main_line(self, document_id)

    def evolution(self, versions: str | Version | Iterable[str | Version] | None = None) -> Evolution:
        """What became of each point along a chain of versions (ids or versions; :meth:`main_line` by default).

        >>> import peaceplan
        >>> flow = peaceplan.load_corpus().evolution(["28-point", "geneva-19", "20-point"])
        >>> [str(b.fate) for b in flow.bands if b.step == 0 and b.old == "6"]
        ['modified']
        """
        from .history.evolution import evolution_of

        ids = self.main_line() if versions is None else self.version_ids(versions)
        return evolution_of([self.version(v) for v in ids], actors=self.actors)

    def topic_counts(
        self,
        versions: str | Version | Iterable[str | Version] | None = None,
        *,
        value: TopicMeasure = "provisions",
    ) -> TopicCounts:
        """Per topic and version, the provisions on it (or ``value="changes"``: changes touching it).

        ``versions`` (ids or versions) defaults to every version, parents first.

        >>> import peaceplan
        >>> counts = peaceplan.load_corpus().topic_counts(["28-point", "20-point"], value="changes")
        >>> counts.count("army-size", "28-point") is None
        True
        """
        from .history.evolution import topic_counts

        chosen = self.ordered() if versions is None else [self.version(v) for v in self.version_ids(versions)]
        return topic_counts(chosen, value=value)

    def manifest(self) -> dict[str, Any]:
        """The plain-data form of the manifest file (``corpus.yaml``)."""
        data: dict[str, Any] = {"peaceplan": 1, "name": self.name, "title": self.title}
        if self.description:
            data["description"] = self.description
        data["documents"] = [d.to_dict() for d in self.documents]
        return data
