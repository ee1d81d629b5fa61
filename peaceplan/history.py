"""The version graph: log, ancestors, descendants, branch points, heads and paths.

Versions name their ``parents``, so a corpus is a DAG: competing drafts branch
from one text (the E3 counter-proposal and the Geneva revision both answer the
28-point plan) and a revision may answer several. Provisions may also name,
through ``derived_from``, a provision of a version that is not a parent, often
of another document (a guarantee document that grew out of a point of the plan,
a prosperity plan that took over the plan's reconstruction points). This module
answers the questions about that graph; provision-level history (blame,
threads, synopsis, influence) builds on it.

>>> import peaceplan
>>> c = peaceplan.load_corpus()
>>> [e.version for e in log(c, "peace-plan")]
['28-point', 'e3-counter', 'geneva-19', '20-point', '20-point-2026-01']
>>> heads(c, "peace-plan")
('e3-counter', '20-point-2026-01')
>>> path(c, "e3-counter", "20-point")
('e3-counter', '28-point', 'geneva-19', '20-point')
"""

from __future__ import annotations

from collections import deque
from collections.abc import Iterable, Iterator
from typing import TYPE_CHECKING, Any

import attrs

from .dates import FuzzyDate
from .lineage import version_path
from .model import Status

if TYPE_CHECKING:  # pragma: no cover
    from .corpus import Corpus

__all__ = [
    "Graph",
    "Log",
    "LogEntry",
    "ancestors",
    "branch_points",
    "common_ancestor",
    "descendants",
    "heads",
    "log",
    "path",
]


@attrs.frozen(kw_only=True, repr=False)
class Graph:
    """The version DAG of a corpus, indexed once: order, parents, children and derivation links.

    ``order`` lists version ids parents first, then by date (:meth:`Corpus.ordered`).
    ``derived`` maps a version to the *other* versions its provisions name in
    ``derived_from`` without naming them as parents (cross-document or skipping links).
    """

    order: tuple[str, ...]
    parents: dict[str, tuple[str, ...]]
    children: dict[str, tuple[str, ...]]
    derived: dict[str, tuple[str, ...]]
    derived_by: dict[str, tuple[str, ...]]
    documents: dict[str, str]

    @classmethod
    def of(cls, corpus: Corpus) -> Graph:
        """Index ``corpus``."""
        ordered = corpus.ordered()
        order = tuple(v.id for v in ordered)
        parents = {v.id: tuple(p for p in v.parents if p in corpus) for v in ordered}
        children: dict[str, list[str]] = {vid: [] for vid in order}
        for vid in order:
            for p in parents[vid]:
                children[p].append(vid)
        derived: dict[str, tuple[str, ...]] = {}
        derived_by: dict[str, list[str]] = {vid: [] for vid in order}
        for v in ordered:
            named = dict.fromkeys(
                r.version
                for _, p in v.walk()
                for r in p.derived_from
                if r.version != v.id and r.version not in parents[v.id] and r.version in corpus
            )
            derived[v.id] = tuple(named)
            for other in named:
                derived_by[other].append(v.id)
        return cls(
            order=order,
            parents=parents,
            children={k: tuple(v) for k, v in children.items()},
            derived=derived,
            derived_by={k: tuple(v) for k, v in derived_by.items()},
            documents={v.id: v.document for v in ordered},
        )

    def rank(self) -> dict[str, int]:
        """Each version's position in :attr:`order`."""
        return {vid: i for i, vid in enumerate(self.order)}

    def upstream(self, version_id: str, *, derivations: bool = False) -> Iterator[str]:
        """The versions ``version_id`` comes from, nearest first (breadth-first), itself excluded."""
        return self._walk(version_id, self.parents, self.derived if derivations else None)

    def downstream(self, version_id: str, *, derivations: bool = False) -> Iterator[str]:
        """The versions that come from ``version_id``, nearest first, itself excluded."""
        return self._walk(version_id, self.children, self.derived_by if derivations else None)

    @staticmethod
    def _walk(start: str, links: dict[str, tuple[str, ...]], extra: dict[str, tuple[str, ...]] | None) -> Iterator[str]:
        seen = {start}
        queue = deque([start])
        while queue:
            current = queue.popleft()
            nxt = list(links.get(current, ()))
            if extra is not None:
                nxt.extend(extra.get(current, ()))
            for vid in nxt:
                if vid not in seen:
                    seen.add(vid)
                    queue.append(vid)
                    yield vid

    def __repr__(self) -> str:
        return f"<Graph: {len(self.order)} versions>"


@attrs.frozen(kw_only=True)
class LogEntry:
    """One version in a log: its place in the graph and who put it forward."""

    version: str
    document: str
    title: str
    date: FuzzyDate | None
    status: Status
    parents: tuple[str, ...]
    children: tuple[str, ...]
    derived_from: tuple[str, ...]
    proposers: tuple[str, ...]

    @property
    def is_branch_point(self) -> bool:
        """True when two or more versions revise this one."""
        return len(self.children) > 1

    @property
    def is_root(self) -> bool:
        """True when the corpus holds no earlier version of this text."""
        return not self.parents

    def to_record(self) -> dict[str, Any]:
        return {
            "version": self.version,
            "document": self.document,
            "title": self.title,
            "date": str(self.date) if self.date else None,
            "status": self.status.value,
            "parents": list(self.parents),
            "children": list(self.children),
            "derived_from": list(self.derived_from),
            "proposers": list(self.proposers),
        }

    def __str__(self) -> str:
        date = str(self.date) if self.date else "undated"
        came = f" ← {', '.join(self.parents)}" if self.parents else " (root)"
        extra = f" [derives from {', '.join(self.derived_from)}]" if self.derived_from else ""
        who = f" by {', '.join(self.proposers)}" if self.proposers else ""
        return f"{self.version:<24} {date:<14} {self.status.value:<10}{who}{came}{extra}"

    def _repr_html_(self) -> str:
        """The notebook display: its text under a title (IPython calls it; no IPython import needed)."""
        from .render.notebook import text_html

        return text_html(f"Version {self.version}", str(self))


@attrs.frozen(kw_only=True, repr=False)
class Log:
    """The versions of a document (or of the whole corpus), parents first, then by date."""

    document: str | None
    entries: tuple[LogEntry, ...]

    def __iter__(self) -> Iterator[LogEntry]:
        return iter(self.entries)

    def __len__(self) -> int:
        return len(self.entries)

    def __getitem__(self, index: int) -> LogEntry:
        return self.entries[index]

    @property
    def versions(self) -> tuple[str, ...]:
        return tuple(e.version for e in self.entries)

    def to_records(self) -> list[dict[str, Any]]:
        """One plain row per version."""
        return [e.to_record() for e in self.entries]

    def __str__(self) -> str:
        return "\n".join(str(e) for e in self.entries)

    def __repr__(self) -> str:
        what = f"document {self.document!r}" if self.document else "corpus"
        return f"<Log of {what}: {' → '.join(self.versions) or 'no versions'}>"

    def _repr_html_(self) -> str:
        """The notebook display: one row per version (no IPython import needed)."""
        from .render.notebook import log_html

        return log_html(self)


def log(corpus: Corpus, document_id: str | None = None) -> Log:
    """The versions of ``document_id`` (every version when None), parents first, then by date.

    Each entry names its parents and children, and the versions of *other*
    documents (or skipped ancestors) its provisions say they derive from.

    >>> import peaceplan
    >>> c = peaceplan.load_corpus()
    >>> entry = log(c, "prosperity-plan")[0]
    >>> entry.derived_from
    ('20-point',)
    """
    graph = Graph.of(corpus)
    if document_id is not None:
        corpus.document(document_id)
    entries = []
    for vid in graph.order:
        v = corpus.version(vid)
        if document_id is not None and v.document != document_id:
            continue
        entries.append(
            LogEntry(
                version=v.id,
                document=v.document,
                title=v.title,
                date=v.date or v.reported,
                status=v.status,
                parents=graph.parents[vid],
                children=graph.children[vid],
                derived_from=graph.derived[vid],
                proposers=v.proposers,
            )
        )
    return Log(document=document_id, entries=tuple(entries))


def _in_order(graph: Graph, ids: Iterable[str]) -> tuple[str, ...]:
    wanted = set(ids)
    return tuple(vid for vid in graph.order if vid in wanted)


def ancestors(corpus: Corpus, version_id: str, *, derivations: bool = False) -> tuple[str, ...]:
    """Every version ``version_id`` descends from, oldest first (itself excluded).

    With ``derivations``, versions reached through ``derived_from`` links count too,
    so a document's history crosses into the documents it grew out of.

    >>> import peaceplan
    >>> c = peaceplan.load_corpus()
    >>> ancestors(c, "20-point")
    ('28-point', 'geneva-19')
    >>> ancestors(c, "prosperity-plan", derivations=True)
    ('28-point', 'geneva-19', '20-point')
    """
    corpus.version(version_id)
    graph = Graph.of(corpus)
    return _in_order(graph, graph.upstream(version_id, derivations=derivations))


def descendants(corpus: Corpus, version_id: str, *, derivations: bool = False) -> tuple[str, ...]:
    """Every version that descends from ``version_id``, oldest first (itself excluded).

    >>> import peaceplan
    >>> descendants(peaceplan.load_corpus(), "28-point")
    ('e3-counter', 'geneva-19', '20-point', '20-point-2026-01')
    """
    corpus.version(version_id)
    graph = Graph.of(corpus)
    return _in_order(graph, graph.downstream(version_id, derivations=derivations))


def branch_points(corpus: Corpus, document_id: str | None = None) -> tuple[str, ...]:
    """Versions that two or more versions revise (competing drafts branch there).

    >>> import peaceplan
    >>> branch_points(peaceplan.load_corpus(), "peace-plan")
    ('28-point',)
    """
    graph = Graph.of(corpus)
    if document_id is not None:
        corpus.document(document_id)
    return tuple(vid for vid in _in_document(graph, document_id) if len(_revisions(graph, vid, document_id)) > 1)


def heads(corpus: Corpus, document_id: str | None = None) -> tuple[str, ...]:
    """The latest version of each branch: versions no other version revises.

    With ``document_id``, the heads of that document (a version revised only by
    versions of other documents is still a head of its own).

    >>> import peaceplan
    >>> c = peaceplan.load_corpus()
    >>> heads(c, "peace-plan")
    ('e3-counter', '20-point-2026-01')
    >>> "prosperity-plan-2026-02" in heads(c)
    True
    """
    graph = Graph.of(corpus)
    if document_id is not None:
        corpus.document(document_id)
    return tuple(vid for vid in _in_document(graph, document_id) if not _revisions(graph, vid, document_id))


def _in_document(graph: Graph, document_id: str | None) -> Iterator[str]:
    """The versions of one document (or all) in graph order."""
    return (vid for vid in graph.order if document_id is None or graph.documents[vid] == document_id)


def _revisions(graph: Graph, version_id: str, document_id: str | None) -> list[str]:
    """The versions revising ``version_id`` that belong to ``document_id`` (any document if None)."""
    return [c for c in graph.children[version_id] if document_id is None or graph.documents[c] == document_id]


def common_ancestor(corpus: Corpus, a: str, b: str) -> str | None:
    """The nearest version both ``a`` and ``b`` descend from (either may be it), or None.

    Nearest means the fewest parent links from ``a`` and ``b`` together.

    >>> import peaceplan
    >>> common_ancestor(peaceplan.load_corpus(), "e3-counter", "20-point")
    '28-point'
    """
    corpus.version(a)
    corpus.version(b)
    graph = Graph.of(corpus)
    dist_a = _distances(graph, a)
    dist_b = _distances(graph, b)
    shared = [v for v in dist_a if v in dist_b]
    if not shared:
        return None
    rank = graph.rank()
    return min(shared, key=lambda v: (dist_a[v] + dist_b[v], -rank[v]))


def _distances(graph: Graph, start: str) -> dict[str, int]:
    out = {start: 0}
    queue = deque([start])
    while queue:
        current = queue.popleft()
        for p in graph.parents[current]:
            if p not in out:
                out[p] = out[current] + 1
                queue.append(p)
    return out


def path(corpus: Corpus, a: str, b: str) -> tuple[str, ...] | None:
    """The chain of versions from ``a`` to ``b`` through parent links, in either direction.

    Down from an ancestor, up to one, or up to the nearest common ancestor and
    down again for competing branches; None when the two share no ancestor.

    >>> import peaceplan
    >>> c = peaceplan.load_corpus()
    >>> path(c, "20-point", "28-point")
    ('20-point', 'geneva-19', '28-point')
    """
    down = version_path(corpus, a, b)
    if down is not None:
        return down
    up = version_path(corpus, b, a)
    if up is not None:
        return tuple(reversed(up))
    base = common_ancestor(corpus, a, b)
    if base is None:
        return None
    to_a = version_path(corpus, base, a)
    to_b = version_path(corpus, base, b)
    if to_a is None or to_b is None:  # pragma: no cover - common_ancestor guarantees both
        return None
    return (*reversed(to_a), *to_b[1:])
