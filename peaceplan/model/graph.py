"""The version graph: order, parents, children, derivation links, ancestors, paths and cycles.

Versions name their ``parents``, so a corpus is a DAG: competing drafts branch
from one text (the E3 counter-proposal and the Geneva revision both answer the
28-point plan) and a revision may answer several. Provisions may also name,
through ``derived_from``, a provision of a version that is not a parent, often
of another document. This module is the one place that walks those links:
:class:`Graph` indexes them once per corpus (:attr:`peaceplan.Corpus.graph`
builds it on first use and keeps it), and the checks a corpus runs on
construction (:func:`parent_cycles`, :func:`derivation_cycles`) live here too.

It sits in the model layer and imports only the model and the errors: the
history views (:mod:`peaceplan.history.log`, :mod:`peaceplan.history.descent`) and the
corpus read it, never the other way round.

>>> import peaceplan
>>> g = peaceplan.load_corpus().graph
>>> g.chain("28-point", "20-point")
('28-point', 'geneva-19', '20-point')
>>> g.path("e3-counter", "20-point")
('e3-counter', '28-point', 'geneva-19', '20-point')
"""

from __future__ import annotations

import heapq
import itertools
from collections import defaultdict, deque
from collections.abc import Collection, Iterable, Iterator, Mapping
from typing import Any, Protocol

import attrs

from ..errors import Problem
from .records import Provision, Version

__all__ = ["Graph", "derivation_cycles", "parent_cycles"]


class _HasGraph(Protocol):
    @property
    def graph(self) -> Graph: ...  # pragma: no cover - a protocol


@attrs.frozen(kw_only=True, repr=False)
class Graph:
    """The version DAG of a corpus, indexed once: order, parents, children and derivation links.

    ``order`` lists version ids parents first; of the versions whose parents are
    all placed, the earliest (by date, then id) comes next. ``derived`` maps a
    version to the *other* versions its provisions name in ``derived_from``
    without naming them as parents (cross-document or skipping links);
    ``derived_by`` is the reverse. Read-only: do not modify the mappings.

    >>> import peaceplan
    >>> g = peaceplan.load_corpus().graph
    >>> g.parents["20-point"], g.children["28-point"]
    (('geneva-19',), ('e3-counter', 'geneva-19'))
    """

    order: tuple[str, ...]
    parents: dict[str, tuple[str, ...]]
    children: dict[str, tuple[str, ...]]
    derived: dict[str, tuple[str, ...]]
    derived_by: dict[str, tuple[str, ...]]
    documents: dict[str, str]
    _rank: dict[str, int] = attrs.field(alias="rank", eq=False)

    @classmethod
    def of(cls, corpus: _HasGraph) -> Graph:
        """The graph of ``corpus``: :attr:`peaceplan.Corpus.graph`, built once per corpus."""
        return corpus.graph

    @classmethod
    def build(cls, versions: Iterable[Version]) -> Graph:
        """Index ``versions`` (a corpus's, whose parents form no cycle; parents outside them are left out)."""
        versions = tuple(versions)
        known = {v.id: v for v in versions}
        ordered = _topological(versions, known)
        order = tuple(v.id for v in ordered)
        parents = {v.id: tuple(p for p in v.parents if p in known) for v in ordered}
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
                if r.version != v.id and r.version not in parents[v.id] and r.version in known
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
            rank={vid: i for i, vid in enumerate(order)},
        )

    def __contains__(self, version_id: object) -> bool:
        return version_id in self.documents

    def rank(self) -> dict[str, int]:
        """Each version's position in :attr:`order` (computed once; do not modify the result)."""
        return self._rank

    def in_order(self, ids: Iterable[str]) -> tuple[str, ...]:
        """``ids`` in graph order, each once."""
        return tuple(sorted(set(ids), key=self._rank.__getitem__))

    # --- walks ----------------------------------------------------------------------------

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

    def ancestors(self, version_id: str, *, derivations: bool = False) -> tuple[str, ...]:
        """Every version ``version_id`` descends from, oldest first (itself excluded)."""
        return self.in_order(self.upstream(version_id, derivations=derivations))

    def descendants(self, version_id: str, *, derivations: bool = False) -> tuple[str, ...]:
        """Every version that descends from ``version_id``, oldest first (itself excluded)."""
        return self.in_order(self.downstream(version_id, derivations=derivations))

    def dependencies_first(self, version_id: str, done: Collection[str] = ()) -> list[str]:
        """``version_id`` and every version it depends on (parents and derivation links), dependencies first.

        Versions in ``done`` are left out and not walked through; a cycle of
        derivation links (two documents borrowing from each other) is cut where
        the walk comes back to a version it is still inside.
        """
        out: list[str] = []
        state: dict[str, int] = {}
        stack: list[tuple[str, bool]] = [(version_id, False)]
        while stack:
            current, expanded = stack.pop()
            if expanded:
                state[current] = 2
                out.append(current)
                continue
            if current in state or current in done:
                continue
            state[current] = 1
            stack.append((current, True))
            for dep in reversed((*self.parents[current], *self.derived[current])):
                if dep not in state and dep not in done:
                    stack.append((dep, False))
        return out

    # --- documents ------------------------------------------------------------------------

    def in_document(self, document_id: str | None) -> Iterator[str]:
        """The versions of one document (every version when None), in graph order."""
        return (vid for vid in self.order if document_id is None or self.documents[vid] == document_id)

    def revisions(self, version_id: str, document_id: str | None = None) -> tuple[str, ...]:
        """The versions revising ``version_id`` that belong to ``document_id`` (any document if None)."""
        return tuple(c for c in self.children[version_id] if document_id is None or self.documents[c] == document_id)

    def heads(self, document_id: str | None = None) -> tuple[str, ...]:
        """The versions no other version (of ``document_id``, when given) revises."""
        return tuple(vid for vid in self.in_document(document_id) if not self.revisions(vid, document_id))

    def branch_points(self, document_id: str | None = None) -> tuple[str, ...]:
        """The versions that two or more versions (of ``document_id``, when given) revise."""
        return tuple(vid for vid in self.in_document(document_id) if len(self.revisions(vid, document_id)) > 1)

    # --- paths ----------------------------------------------------------------------------

    def chain(self, old_id: str, new_id: str) -> tuple[str, ...] | None:
        """The shortest chain of versions from ``old_id`` down to ``new_id`` through parent links.

        None when ``new_id`` does not descend from ``old_id``; ties are broken
        by the order parents are listed in.
        """
        previous: dict[str, str | None] = {new_id: None}
        queue = deque([new_id])
        while queue:
            current = queue.popleft()
            if current == old_id:
                found = [current]
                while (nxt := previous[found[-1]]) is not None:
                    found.append(nxt)
                return tuple(found)
            for parent in self.parents.get(current, ()):
                if parent not in previous:
                    previous[parent] = current
                    queue.append(parent)
        return None

    def common_ancestor(self, a: str, b: str) -> str | None:
        """The nearest version both ``a`` and ``b`` descend from (either may be it), or None.

        Nearest means the fewest parent links from ``a`` and ``b`` together; ties
        go to the later version.
        """
        dist_a = self._distances(a)
        dist_b = self._distances(b)
        shared = [v for v in dist_a if v in dist_b]
        if not shared:
            return None
        return min(shared, key=lambda v: (dist_a[v] + dist_b[v], -self._rank[v]))

    def _distances(self, start: str) -> dict[str, int]:
        out = {start: 0}
        queue = deque([start])
        while queue:
            current = queue.popleft()
            for p in self.parents[current]:
                if p not in out:
                    out[p] = out[current] + 1
                    queue.append(p)
        return out

    def path(self, a: str, b: str) -> tuple[str, ...] | None:
        """The chain of versions from ``a`` to ``b`` through parent links, in either direction.

        Down from an ancestor, up to one, or up to the nearest common ancestor
        and down again for competing branches; None when the two share no ancestor.
        """
        down = self.chain(a, b)
        if down is not None:
            return down
        up = self.chain(b, a)
        if up is not None:
            return tuple(reversed(up))
        base = self.common_ancestor(a, b)
        if base is None:
            return None
        to_a = self.chain(base, a)
        to_b = self.chain(base, b)
        if to_a is None or to_b is None:  # pragma: no cover - common_ancestor guarantees both
            return None
        return (*reversed(to_a), *to_b[1:])

    def __repr__(self) -> str:
        return f"<Graph: {len(self.order)} versions>"


def _topological(versions: tuple[Version, ...], known: Mapping[str, Version]) -> tuple[Version, ...]:
    """Parents first; of the versions whose parents are all placed, the earliest (by date, then id) next.

    A version on a cycle of parents is never placed (:func:`parent_cycles` reports it).
    """

    def key(v: Version) -> tuple[tuple[int, int, int, int], str]:
        when = v.date or v.reported
        return (when.sort_key() if when else (9999, 0, 0, 0), v.id)

    waiting = {v.id: sum(1 for p in set(v.parents) if p in known) for v in versions}
    children: dict[str, list[Version]] = defaultdict(list)
    for v in versions:
        for p in set(v.parents):
            if p in known:
                children[p].append(v)
    ready = [(key(v), i, v) for i, v in enumerate(versions) if not waiting[v.id]]
    heapq.heapify(ready)
    out: list[Version] = []
    while ready:
        _, _, nxt = heapq.heappop(ready)
        out.append(nxt)
        for child in children[nxt.id]:
            waiting[child.id] -= 1
            if not waiting[child.id]:
                heapq.heappush(ready, (key(child), len(out), child))
    return tuple(out)


# --- cycles: what a corpus refuses on construction -------------------------------------------


def parent_cycles(by_id: Mapping[str, Version]) -> list[list[str]]:
    """Each cycle among parents once, as a list of version ids (parents outside ``by_id`` ignored)."""
    state: dict[str, int] = {}
    stack: list[str] = []
    cycles: list[list[str]] = []

    def visit(vid: str) -> None:
        state[vid] = 1
        stack.append(vid)
        for parent in by_id[vid].parents:
            if parent not in by_id:
                continue
            if state.get(parent) == 1:
                cycles.append(stack[stack.index(parent) :])
            elif parent not in state:
                visit(parent)
        stack.pop()
        state[vid] = 2

    for vid in sorted(by_id):
        if vid not in state:
            visit(vid)
    return cycles


def derivation_cycles(by_id: Mapping[str, Version]) -> list[tuple[str | None, Problem]]:
    """Each parent link that a ``derived_from`` link leads back to, as a problem of that ``derived_from``.

    A version comes after its parents; a provision deriving from a descendant of
    its own version would put the version before itself, and the history views,
    which read parents before children, would have no order to read them in.
    Cycles of parents alone are reported by :func:`parent_cycles`; cycles of
    ``derived_from`` links alone (two documents borrowing from each other) are
    allowed, and the history views cut them (:meth:`Graph.dependencies_first`).
    """
    edges: dict[str, dict[str, tuple[str, str] | None]] = {}  # version → what it comes from → (pointer, ref) or None
    for vid, v in by_id.items():
        out: dict[str, tuple[str, str] | None] = dict.fromkeys(p for p in v.parents if p in by_id)
        for pointer, p in v._walk_pointers(_derives):  # pointers only for the points with links
            for j, ref in enumerate(p.derived_from):
                if ref.version in by_id and ref.version != vid and ref.version not in out:
                    out[ref.version] = (f"{pointer}/derived_from/{j}", str(ref))
        edges[vid] = out
    component = _components(edges)
    found: list[tuple[str | None, Problem]] = []
    for child in sorted(edges):
        for parent, link in edges[child].items():
            if link is not None or component[parent] != component[child]:
                continue
            back = _path(edges, parent, child, component)  # parent ⇝ child, closing the cycle
            cycle = [child, *back]
            links = list(itertools.pairwise(cycle))
            derived = [(a, found_link) for a, b in links if (found_link := edges[a][b]) is not None]
            if not derived:
                continue  # parents only: reported as such
            steps = " -> ".join(
                f"{a} ({'derived from' if edges[a][b] is not None else 'child of'} {b})" for a, b in links
            )
            vid, (pointer, named) = derived[0]
            message = (
                f"derived_from {named!r} closes a cycle in the lineage: {steps}; a version comes after its parents, "
                "so its points cannot derive from its descendants: remove or correct one of these links"
            )
            problem = (vid, Problem(message=message, pointer=pointer))
            if problem not in found:
                found.append(problem)
    return found


def _components(edges: dict[str, dict[str, Any]]) -> dict[str, int]:
    """The strongly connected component of each node (Tarjan's algorithm, without recursion)."""
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    on_stack: set[str] = set()
    stack: list[str] = []
    component: dict[str, int] = {}
    components: list[str] = []  # the root of each component found
    for root in edges:
        if root in index:
            continue
        work = [(root, iter(edges[root]))]
        index[root] = low[root] = len(index)
        stack.append(root)
        on_stack.add(root)
        while work:
            node, children = work[-1]
            nxt = next(children, None)
            if nxt is not None:
                if nxt not in index:
                    index[nxt] = low[nxt] = len(index)
                    stack.append(nxt)
                    on_stack.add(nxt)
                    work.append((nxt, iter(edges[nxt])))
                elif nxt in on_stack:
                    low[node] = min(low[node], index[nxt])
                continue
            work.pop()
            if work:
                low[work[-1][0]] = min(low[work[-1][0]], low[node])
            if low[node] == index[node]:
                number = len(components)
                components.append(node)
                while True:
                    member = stack.pop()
                    on_stack.discard(member)
                    component[member] = number
                    if member == node:
                        break
    return component


def _path(edges: dict[str, dict[str, Any]], start: str, goal: str, component: dict[str, int]) -> list[str]:
    """The shortest path of links from ``start`` to ``goal`` within their component, both included."""
    came: dict[str, str | None] = {start: None}
    queue = deque([start])
    while queue:
        node = queue.popleft()
        if node == goal:
            break
        for nxt in edges[node]:
            if nxt not in came and component[nxt] == component[start]:
                came[nxt] = node
                queue.append(nxt)
    path = [goal]
    while (previous := came[path[-1]]) is not None:
        path.append(previous)
    return path[::-1]


def _derives(p: Provision) -> bool:
    return bool(p.derived_from)
