"""Paths through the version DAG, and changes traced step by step along them.

A diff between non-adjacent drafts (the 28-point plan straight to the 20-point
plan) credits each change through the lineage: it follows the point through
every intermediate version and names who changed it at each step.
"""

from __future__ import annotations

from collections import defaultdict, deque
from itertools import pairwise
from typing import TYPE_CHECKING

import attrs

from .matches import MatchKind

if TYPE_CHECKING:  # pragma: no cover
    from .corpus import Corpus
    from .diff import Change, Diff, DiffOptions, Step

__all__ = ["trace_steps", "version_path"]


def version_path(corpus: Corpus, old_id: str, new_id: str) -> tuple[str, ...] | None:
    """The shortest chain of versions from ``old_id`` down to ``new_id`` through parent links.

    Returns ``None`` when ``new_id`` does not descend from ``old_id``; ties are
    broken by the order parents are listed in.

    >>> import peaceplan
    >>> version_path(peaceplan.load_corpus(), "28-point", "20-point")
    ('28-point', 'geneva-19', '20-point')
    """
    corpus.version(old_id)
    corpus.version(new_id)
    previous: dict[str, str | None] = {new_id: None}
    queue = deque([new_id])
    while queue:
        current = queue.popleft()
        if current == old_id:
            chain = [current]
            while (nxt := previous[chain[-1]]) is not None:
                chain.append(nxt)
            return tuple(chain)
        for parent in corpus.version(current).parents:
            if parent not in previous and parent in corpus:
                previous[parent] = current
                queue.append(parent)
    return None


def trace_steps(result: Diff, corpus: Corpus, *, use_lineage: bool, options: DiffOptions) -> Diff:
    """Give every change of ``result`` its steps along the lineage, and credit it step by step.

    When the new version is a direct child of the old one (or unrelated), each
    change gets a single step. Otherwise each intermediate pair is diffed once
    and every change is followed through those diffs.
    """
    from .diff import Step, diff

    path = version_path(corpus, result.old.id, result.new.id)
    if path is None or len(path) <= 2:
        entries = tuple(attrs.evolve(e, steps=(_step(e, result, Step),)) if _changed(e) else e for e in result.entries)
        return attrs.evolve(result, entries=entries, path=path or ())
    versions = [corpus.version(v) for v in path]
    hops = [_Hop(diff(a, b, use_lineage=use_lineage, options=options)) for a, b in pairwise(versions)]
    entries = tuple(_traced(e, hops, Step) if _changed(e) else e for e in result.entries)
    return attrs.evolve(result, entries=entries, path=path)


def _changed(e: Change) -> bool:
    return e.kind is not MatchKind.UNCHANGED


class _Hop:
    """One diff along the path, with its changes indexed by old and by new label.

    Following a point through a hop is then a lookup per label, not a scan of the
    hop's changes: tracing a diff of N points along the path costs O(N) per hop.
    """

    def __init__(self, diff: Diff) -> None:
        self.diff = diff
        self.by_old: dict[str, list[tuple[int, Change]]] = defaultdict(list)
        self.by_new: dict[str, list[tuple[int, Change]]] = defaultdict(list)
        for position, h in enumerate(diff.entries):
            for label in h.old_labels:
                self.by_old[label].append((position, h))
            for label in h.new_labels:
                self.by_new[label].append((position, h))

    def hits(self, labels: set[str], *, forward: bool) -> list[Change]:
        """The changes of this hop that touch ``labels`` (old labels going forward, new ones going back), in order."""
        index = self.by_old if forward else self.by_new
        found = dict(hit for label in labels for hit in index.get(label, ()))
        return [found[position] for position in sorted(found)]


def _traced(e: Change, hops: list[_Hop], step_cls: type[Step]) -> Change:
    """Follow ``e`` forward from its old labels (back from its new ones, for an addition) through ``hops``."""
    forward = bool(e.old_labels)
    labels = set(e.old_labels if forward else e.new_labels)
    steps: list[Step] = []
    for hop in hops if forward else reversed(hops):
        hits = hop.hits(labels, forward=forward)
        steps.extend(_step(h, hop.diff, step_cls) for h in hits if _changed(h))
        labels = {label for h in hits for label in (h.new_labels if forward else h.old_labels)}
        if not labels:
            break
    if not forward:
        steps.reverse()
    if not steps:
        return e
    credit = tuple(dict.fromkeys(a for s in steps for a in s.attributions))
    sources = tuple(dict.fromkeys(src for s in steps for src in s.sources))
    return attrs.evolve(e, steps=tuple(steps), attributions=credit or e.attributions, sources=sources or e.sources)


def _step(h: Change, hop: Diff, step_cls: type[Step]) -> Step:
    return step_cls(parent=hop.old.id, version=hop.new.id, kind=h.kind, attributions=h.attributions, sources=h.sources)
