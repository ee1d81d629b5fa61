"""Threads: one subject followed through every draft, with each change and who made it.

``thread(corpus, "territory")`` gathers the provisions tagged with a topic in
every version, in lineage order; ``thread(corpus, "20-point", "14")`` gathers
one provision's family instead: everything it descends from and everything
that descends from those, across branches and documents. Each entry says how
its provisions came from the previous drafts: a :class:`~peaceplan.compare.diff.Change`
per link (redline, findings, credit), removals included, so a point that a
draft dropped shows up where it was dropped.

>>> import peaceplan
>>> t = thread(peaceplan.load_corpus(), "army size")
>>> [(e.version, e.labels) for e in t][:4]
[('28-point', ('6',)), ('e3-counter', ('6',)), ('european-24-point', ('11',)), ('geneva-19', ('4',))]
"""

from __future__ import annotations

from collections import deque
from collections.abc import Iterator
from typing import TYPE_CHECKING, Any

import attrs

from .._gcpause import paused_gc
from ..compare.diff import Change
from ..compare.matches import MatchKind
from ..errors import UnknownVersionError
from ..model.dates import FuzzyDate
from ..model.records import ProvisionRef, Version, normalise_topic, proposers_of
from .descent import Descent, HistoryOptions, Link

if TYPE_CHECKING:  # pragma: no cover
    import pandas as pd

    from ..model.collection import CorpusData

__all__ = ["Thread", "ThreadChange", "ThreadEntry", "thread"]


@attrs.frozen(kw_only=True)
class ThreadChange:
    """How provisions of ``version`` came from provisions of ``parent`` (or were dropped from it)."""

    parent: str
    version: str
    change: Change
    curated: bool = False

    @property
    def kind(self) -> MatchKind:
        return self.change.kind

    @property
    def proposers(self) -> tuple[str, ...]:
        """Actors credited as proposer or drafter of the change (nobody, when nothing changed)."""
        if self.kind is MatchKind.UNCHANGED:
            return ()
        return proposers_of(self.change.attributions)

    def to_record(self) -> dict[str, Any]:
        c = self.change
        return {
            "parent": self.parent,
            "version": self.version,
            "old": [str(ProvisionRef(self.parent, label)) for label in c.old_labels],
            "new": [str(ProvisionRef(self.version, label)) for label in c.new_labels],
            "kind": c.kind.value,
            "curated": self.curated,
            "proposers": list(self.proposers),
            "sources": [s.id for s in c.sources],
            "redline": str(c.redline) if c.redline is not None else None,
            "findings": [f.summary for f in c.findings],
        }

    def __str__(self) -> str:
        old = "+".join(f"{self.parent}#{label}" for label in self.change.old_labels) or "∅"
        new = "+".join(f"{self.version}#{label}" for label in self.change.new_labels) or "∅"
        who = f" [{', '.join(self.proposers)}]" if self.proposers else ""
        return f"{old} → {new} {self.kind.value}{who}"

    def _repr_html_(self) -> str:
        """The notebook display: its text under a title (IPython calls it; no IPython import needed)."""
        from ..render.notebook import text_html

        return text_html("Thread change", str(self))


@attrs.frozen(kw_only=True)
class ThreadEntry:
    """One version's provisions on the subject, and the changes that led to them."""

    version: str
    document: str
    date: FuzzyDate | None
    labels: tuple[str, ...]
    texts: tuple[str, ...]
    changes: tuple[ThreadChange, ...]

    @property
    def refs(self) -> tuple[ProvisionRef, ...]:
        return tuple(ProvisionRef(self.version, label) for label in self.labels)

    @property
    def proposers(self) -> tuple[str, ...]:
        """Everyone credited with a change in this entry, in order of first mention."""
        return tuple(dict.fromkeys(a for c in self.changes for a in c.proposers))

    def __str__(self) -> str:
        head = f"{self.version} ({self.date or 'undated'}): {', '.join(self.labels) or 'none'}"
        return "\n".join([head, *(f"    {c}" for c in self.changes)])

    def _repr_html_(self) -> str:
        """The notebook display: its text under a title (IPython calls it; no IPython import needed)."""
        from ..render.notebook import text_html

        return text_html(f"Thread entry: {self.version}", str(self))


@attrs.frozen(kw_only=True, repr=False)
class Thread:
    """A subject followed through the versions, oldest first.

    ``subject`` is the topic slug, or the provision reference the thread started from.
    """

    subject: str
    by_topic: bool
    entries: tuple[ThreadEntry, ...]

    def __iter__(self) -> Iterator[ThreadEntry]:
        return iter(self.entries)

    def __len__(self) -> int:
        return len(self.entries)

    def __getitem__(self, version_id: str) -> ThreadEntry:
        for e in self.entries:
            if e.version == version_id:
                return e
        raise UnknownVersionError(
            f"the thread of {self.subject!r} does not visit {version_id!r}; it visits {', '.join(self.versions)}"
        )

    @property
    def versions(self) -> tuple[str, ...]:
        return tuple(e.version for e in self.entries)

    @property
    def refs(self) -> tuple[ProvisionRef, ...]:
        """Every provision the thread visits, in order."""
        return tuple(r for e in self.entries for r in e.refs)

    def to_records(self) -> list[dict[str, Any]]:
        """One plain row per change (a version with no change gets one row of its provisions)."""
        rows = []
        for e in self.entries:
            base = {
                "subject": self.subject,
                "version": e.version,
                "document": e.document,
                "date": str(e.date) if e.date else None,
                "labels": list(e.labels),
            }
            if not e.changes:
                rows.append(base | {"kind": None, "old": [], "new": [], "proposers": [], "findings": []})
            for c in e.changes:
                record = c.to_record()
                del record["version"]
                rows.append(base | record)
        return rows

    def __str__(self) -> str:
        return "\n".join(str(e) for e in self.entries)

    def _repr_html_(self) -> str:
        """The notebook display (IPython calls it; no IPython import needed)."""
        from ..render.notebook import thread_html

        return thread_html(self)

    def to_frame(self, *, long: bool = False) -> pd.DataFrame:
        """A pandas DataFrame with typed columns (needs the ``pandas`` extra).

        Its proposers are a list in each row; ``long``: one row per proposer, the actor id in ``proposer``.
        """
        from ..render.frames import thread_frame

        return thread_frame(self, long=long)

    def __repr__(self) -> str:
        return f"<Thread of {self.subject!r}: {' → '.join(str(r) for r in self.refs) or 'nothing'}>"


@paused_gc()  # a record per provision and version, none of them garbage (see peaceplan._gcpause)
def thread(
    corpus: CorpusData, subject: str | Version, label: str | int | None = None, *, options: HistoryOptions | None = None
) -> Thread:
    """Follow a topic (``thread(c, "territory")``) or a provision (``thread(c, "20-point", "14")``) through the drafts.

    A topic is given by slug or name ("army size" is "army-size"); an unknown
    topic raises :class:`~peaceplan.model.topics.UnknownTopicError`.

    >>> import peaceplan
    >>> c = peaceplan.load_corpus()
    >>> [str(r) for r in thread(c, "20-point", "4").refs][:4]
    ['28-point#6', 'e3-counter#6', 'geneva-19#4', '20-point#4']
    """
    if isinstance(subject, Version):  # a provision thread: the version stands for its id
        subject = subject.id
    if isinstance(label, int):  # thread(c, "20-point", 4) is thread(c, "20-point", "4")
        label = str(label)
    descent = Descent(corpus, options)
    if label is None:
        slug = _topic_slug(corpus, subject)
        members = {
            vid: {path for path, p in descent.provisions(vid).items() if slug in p.topics}
            for vid in descent.graph.order
        }
        return _build(descent, slug, True, members)
    corpus.version(subject).provision(label)  # an unknown version or label raises here, with the known ones
    # With no curated link in the corpus, a point's links are its matches on its parent edges: the
    # family is found edge by edge, and an edge is aligned in full only where it changes the family.
    family = _edge_family if descent.uncurated() else _family
    return _build(descent, f"{subject}#{label}", False, family(descent, subject, label))


def _topic_slug(corpus: CorpusData, subject: str) -> str:
    slug = normalise_topic(subject)
    if slug in corpus.topics():
        return slug
    from ..model.topics import UnknownTopicError, topic

    if subject in corpus:
        raise UnknownTopicError(
            f"{subject!r} is a version, not a topic; to follow one of its points, give the point's label too, "
            f"as in thread(corpus, {subject!r}, '4') or 'peaceplan thread {subject} 4'"
        )
    return topic(subject).slug


def _family(descent: Descent, version_id: str, label: str) -> dict[str, set[str]]:
    """The provision, everything it descends from, and everything descending from those."""
    found = {(version_id, label)}
    queue = deque(found)
    while queue:
        vid, path = queue.popleft()
        for source in descent.sources(vid, path):
            if source not in found:
                found.add(source)
                queue.append(source)
    # Everything descending from those: a provision is in when one it derives from is. Its
    # sources are in its parents and the versions it names in derived_from, which the graph's
    # order puts before it unless a derived_from link points forward (two documents borrowing
    # from each other): one pass in that order then sees every source settled; else passes
    # are repeated until one adds nothing.
    graph = descent.graph
    rank = graph.rank()
    forward = any(rank[other] > rank[vid] for vid in graph.order for other in graph.derived[vid])
    grew = True
    while grew:
        grew = False
        for vid in graph.order:
            for path, parent, o in descent.derivations(vid):
                if (parent, o) in found and (vid, path) not in found:
                    found.add((vid, path))
                    grew = forward
    members: dict[str, set[str]] = {vid: set() for vid in graph.order}
    for vid, path in found:
        members[vid].add(path)
    return members


def _edge_family(descent: Descent, version_id: str, label: str) -> dict[str, set[str]]:
    """What :func:`_family` finds, in a corpus with no curated link (:meth:`Descent.uncurated`).

    A provision's links are then its matches of both sides on its parent edges, which
    :meth:`Descent.touching` gives point by point: back from the provision through
    the matches holding each point found, then forward, in the graph's order, to
    every point a match draws from one found.
    """
    graph = descent.graph
    members: dict[str, set[str]] = {vid: set() for vid in graph.order}
    members[version_id].add(label)
    queue = deque([(version_id, label)])
    while queue:
        vid, path = queue.popleft()
        for parent in graph.parents[vid]:
            for m in descent.touching(parent, vid, frozenset(), {path}):
                for o in m.old:
                    if o not in members[parent]:
                        members[parent].add(o)
                        queue.append((parent, o))
    for vid in graph.order:  # (parents first: a parent's members are all found before its children's)
        for parent in graph.parents[vid]:
            if members[parent]:
                for m in descent.touching(parent, vid, members[parent], frozenset()):
                    if m.new:
                        members[vid].update(m.new)
    return members


def _build(descent: Descent, subject: str, by_topic: bool, members: dict[str, set[str]]) -> Thread:
    entries = []
    curated = not descent.uncurated()
    for vid in descent.graph.order:
        mine = members[vid]
        provisions = descent.provisions(vid)
        labels = tuple(path for path in provisions if path in mine)
        changes: list[ThreadChange] = []
        for parent in descent.graph.parents[vid]:
            for m in descent.touching(parent, vid, members[parent], mine):
                link = Link(parent=parent, version=vid, match=m)
                changes.append(ThreadChange(parent=parent, version=vid, change=descent.change(link)))
        if labels:
            if curated:  # (a provision has curated links only in a corpus with some)
                changes.extend(
                    ThreadChange(parent=link.parent, version=vid, change=descent.change(link), curated=True)
                    for path in labels
                    for link in descent.curated_links(vid, path)
                )
        elif not changes:
            continue
        version = descent.corpus.version(vid)
        entries.append(
            ThreadEntry(
                version=vid,
                document=version.document,
                date=version.date or version.reported,
                labels=labels,
                texts=tuple(provisions[path].text for path in labels),
                changes=tuple(changes),
            )
        )
    return Thread(subject=subject, by_topic=by_topic, entries=tuple(entries))
