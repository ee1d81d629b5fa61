"""Provision-level descent: which provision of which earlier version each provision comes from.

This is the one tracer of provisions along the lineage. Blame, threads, the
synopsis, the influence table and the traced diff (:meth:`Corpus.diff`, through
:meth:`Descent.trace`) all ask the same thing of the version graph
(:class:`~peaceplan.model.graph.Graph`): for a provision, which provisions of earlier versions it
grew from, and at which step its wording changed. :class:`Descent` answers it
once per call. It aligns every edge of the lineage exactly once (each parent to
its child, cached), adds curated ``derived_from`` links that the parent edges
do not already account for (links that skip versions, such as 20-point#4 naming
28-point#6 although its parent is geneva-19, and links into other documents),
and walks the versions parents first, giving every provision at every depth a
:class:`Node`.

A node is created only where something happens to the wording: a provision
whose text is carried over unchanged (even renumbered or moved) shares the node
of the provision it came from. So a provision's chain of nodes is short (its
wording changes, splits and merges) however long the lineage, and tracing it
never re-diffs anything. Full redlines and findings are computed on demand, for
the steps a caller shows (:meth:`Descent.change`).

Large texts take a shortcut before :func:`~peaceplan.compare.align.align`: top-level
points whose whole text, sub-points included, is identical and unique on both
sides are paired by hashing, and only the rest is aligned. Most points of a
revision are untouched, so an edge of a long chain costs little more than
hashing it. A view that follows a few points (a provision's thread) asks only
for the matches holding them (:meth:`Descent.touching`): where the hashing
pairs them, and no alignment of the rest could take a pairing off the run of
points kept in order (making it *moved*), the edge is not aligned at all.
"""

from __future__ import annotations

import contextlib
import warnings
from bisect import bisect_left, bisect_right
from collections import Counter, defaultdict
from collections.abc import Iterable, Iterator, Mapping, Sequence
from collections.abc import Set as AbstractSet
from functools import cached_property, partial
from itertools import accumulate, chain, compress, filterfalse, pairwise, repeat
from operator import attrgetter, is_, is_not, itemgetter
from typing import TYPE_CHECKING, NamedTuple, cast

import attrs
from rapidfuzz import fuzz

from .._gcpause import paused_gc
from ..compare.align import AlignOptions, align, shared_bags
from ..compare.alignments import KeptEdge, aligned, aligned_kept, held, kept_all, kept_runs
from ..compare.details import EdgeDetails
from ..compare.diff import (
    Change,
    Diff,
    DiffOptions,
    Step,
    change_of,
    credit,
    decided_kind,
    edge_details,
    redline_of,
    same_content,
    verdict_of,
)
from ..compare.matches import Match, MatchKind
from ..compare.redline import Redline
from ..compare.similarity import exact_key
from ..errors import ValidationError
from ..model.credit import Credit, change_credit, provision_credit
from ..model.graph import Graph
from ..model.records import Attribution, Provision, Source, Version

if TYPE_CHECKING:  # pragma: no cover
    from ..model.collection import CorpusData

__all__ = ["Descent", "HistoryOptions", "Link", "Node", "credits_nobody", "origin_match", "wording"]

# Kinds that carry a provision over without touching its wording.
CARRY_KINDS = frozenset({MatchKind.UNCHANGED, MatchKind.RENUMBERED, MatchKind.MOVED})
_CHECK = 4  # every how many edges a traced diff lets go of the changes it is done with (see Descent._along)
_UNCHANGED, _RENUMBERED, _MOVED = MatchKind.UNCHANGED, MatchKind.RENUMBERED, MatchKind.MOVED  # (a member lookup costs)


@attrs.frozen(kw_only=True)
class HistoryOptions:
    """Knobs of the history verbs (blame, thread, synopsis, influence).

    ``diff``: how each edge of the lineage is compared, as :func:`~peaceplan.diff`
    compares two versions; its ``align`` options pair the points of every edge.
    ``shortcut``: when both versions of an edge have at least this many
    top-level points, identical points are paired by hashing before
    :func:`~peaceplan.compare.align.align` sees the rest (see the module docstring);
    0 disables it.

    ``HistoryOptions(align=...)`` is deprecated: it warns and stands for
    ``HistoryOptions(diff=DiffOptions(align=...))``, the one place alignment
    options are read; ``options.align`` reads ``options.diff.align``.

    >>> HistoryOptions().shortcut
    200
    >>> HistoryOptions(diff=DiffOptions(align=AlignOptions(min_score=0.9))).align.min_score
    0.9
    """

    diff: DiffOptions = attrs.field(factory=DiffOptions)
    shortcut: int = 200
    _align: AlignOptions | None = attrs.field(default=None, alias="align", repr=False, eq=False)

    def __attrs_post_init__(self) -> None:
        if self._align is None:
            return
        warnings.warn(
            "HistoryOptions(align=...) is deprecated and will be removed: pass "
            "HistoryOptions(diff=DiffOptions(align=...)), which every history view reads",
            DeprecationWarning,
            stacklevel=3,
        )
        if self.diff.align not in (AlignOptions(), self._align):
            raise ValidationError(
                "HistoryOptions: align=... and diff=DiffOptions(align=...) disagree; "
                "expected the alignment options once, in diff=DiffOptions(align=...)"
            )
        object.__setattr__(self, "diff", attrs.evolve(self.diff, align=self._align))
        object.__setattr__(self, "_align", None)

    @property
    def align(self) -> AlignOptions:
        """The alignment options of every edge (``diff.align``)."""
        return self.diff.align


@attrs.frozen(kw_only=True)
class Link:
    """Provisions of ``version`` (``match.new``) that come from provisions of ``parent`` (``match.old``).

    ``curated`` links come from a ``derived_from`` reference to a version that
    is not a parent (or that the parent alignment did not use); the others from
    the alignment of a parent edge.
    """

    parent: str
    version: str
    match: Match
    curated: bool = False


def origin_match(path: str) -> Match:
    """The match of a provision with no predecessor: ``path`` added.

    >>> origin_match("4").kind.value
    'added'
    """
    return Match(old=(), new=(path,), kind=MatchKind.ADDED, score=0.0, curated=False)


def wording(p: Provision) -> tuple[str, ...]:
    """The comparison key of a provision's own wording: its text and its bracketed alternatives.

    Case and spacing do not count, as in :func:`~peaceplan.compare.align.align`.

    >>> wording(Provision(label="1", text="A  Ceasefire."))
    ('a ceasefire.',)
    """
    return (exact_key(p.text), *(exact_key(a.text) for a in p.alternatives))


class Node:
    """A step in a provision's descent: where its wording was set, split or merged.

    ``links`` are the links that produced it (empty for an origin); ``prev`` the
    nodes it came from; ``intro`` the node whose step first gave the current
    wording (itself unless the step kept the wording of one of ``prev``).
    """

    __slots__ = ("_intro", "kind", "links", "path", "prev", "version", "wording")

    def __init__(
        self,
        version: str,
        path: str,
        links: tuple[Link, ...],
        prev: tuple[Node, ...],
        words: tuple[str, ...],
        kind: MatchKind,
    ) -> None:
        self.version = version
        self.path = path
        self.links = links
        self.prev = prev
        self.wording = words
        self.kind = kind
        self._intro: Node | None = None

    @property
    def intro(self) -> Node:
        return self._intro if self._intro is not None else self

    def lineage(self) -> Iterator[Node]:
        """This node and every node it descends from, each once, depth first."""
        seen: set[int] = set()
        stack = [self]
        while stack:
            node = stack.pop()
            if id(node) in seen:
                continue
            seen.add(id(node))
            yield node
            stack.extend(reversed(node.prev))

    def reaches(self, target: Node) -> bool:
        """Whether ``target`` is this node or one it descends from."""
        return any(n is target for n in self.lineage())

    def __repr__(self) -> str:
        return f"<Node {self.version}#{self.path} {self.kind.value}>"


class Descent:
    """The descent of every provision of a corpus, computed lazily and cached for one call.

    >>> import peaceplan
    >>> d = Descent(peaceplan.load_corpus())
    >>> node = d.nodes("20-point")["4"]
    >>> node.version, node.kind.value, [p.version for p in node.prev]
    ('20-point', 'modified', ['geneva-19'])
    """

    def __init__(self, corpus: CorpusData, options: HistoryOptions | None = None, *, lineage: bool = True) -> None:
        self.corpus = corpus
        self.graph: Graph = corpus.graph
        self.options = options or HistoryOptions()
        self.lineage = lineage  # whether edges are aligned with curated derived_from links (diff's use_lineage)
        self._matches: dict[tuple[str, str], tuple[Match, ...]] = {}
        self._edges: dict[tuple[str, str], KeptEdge | tuple[Match, ...]] = {}  # (see _aligned)
        self._nodes: dict[str, dict[str, Node]] = {}
        self._links: dict[str, dict[str, tuple[Link, ...]]] = {}
        # links not made yet (see links()): the parent, new paths with their old ones, and runs of them to add
        self._carried: dict[str, tuple[str, dict[str, str], list[tuple[Sequence[str], Sequence[str]]]]] = {}
        self._changes: dict[tuple[str, str, Match], Change] = {}
        self._kinds: dict[tuple[str, str, Match], MatchKind] = {}  # verdicts known without a change record
        self._details: dict[tuple[str, str], EdgeDetails | None] = {}  # each edge's details, from the disk cache
        self._keys: dict[str, _Tops] = {}  # (see _shortcut)
        self._contents: dict[tuple[object, ...], int] = {}  # each content of a top-level point: its number
        self._text_contents: dict[str, int] = {}  # the number of a point that is one text (see _key)
        self._own_paths: dict[str, tuple[str]] = {}  # a label's paths, when it has no sub-points: one tuple each
        # a point with sub-points (no alternatives), by the id of its first (sub-points are the same objects
        # from version to version when they are kept, whatever the point's label): its sub-points, text,
        # content number, number of paths and whether a sub-point has a derived_from (see _key)
        self._wholes: dict[int, tuple[tuple[Provision, ...], str, int, int, bool]] = {}
        self._paths: dict[str, dict[str, Provision]] = {}
        self._tops: dict[str, dict[str, str]] = {}
        self._wordings: dict[str, dict[str, tuple[str, ...]]] = {}
        self._keyed: dict[str, tuple[str, ...]] = {}  # a text without alternatives -> its wording
        self._bags: dict[str, dict[str, float]] = {}  # each text's alignment tokens, shared by every edge
        self._paired_at: dict[tuple[str, str], tuple[list[int], list[int]]] = {}  # (see _pairs)
        self._hashed: dict[tuple[str, str], _Paired | None] = {}  # each edge's pairings by hashing (see touching())
        self._indexed: dict[tuple[str, str], tuple[Sequence[Match], dict[str, int], dict[str, int]]] = {}
        self._top_at: dict[str, dict[str, int]] = {}  # each path of a version: the position of its top-level point
        self._flat: dict[str, dict[str, int]] = {}  # each path of a version: its position (see _flat_at)
        self._walked: dict[str, list[Provision]] = {}  # each version's provisions in document order (see _points)
        self._uncurated: bool | None = None

    def provisions(self, version_id: str) -> dict[str, Provision]:
        """Every provision of a version by path, in document order (do not modify the result)."""
        found = self._paths.get(version_id)
        if found is None:
            found = dict(self.corpus.version(version_id).walk())
            self._paths[version_id] = found
        return found

    def tops(self, version_id: str) -> dict[str, str]:
        """Every path of a version with the label of the top-level point it is in (do not modify the result).

        Not the path up to its first dot: a top-level label may hold dots ("3.1", "Art. 5").
        """
        found = self._tops.get(version_id)
        if found is None:
            found = {path: p.label for p in self.corpus.version(version_id).provisions for path, _ in p.walk()}
            self._tops[version_id] = found
        return found

    # --- edges ----------------------------------------------------------------------

    @contextlib.contextmanager
    def sharing_tokens(self) -> Iterator[None]:
        """Within the block, :func:`~peaceplan.compare.align.align` keeps each text's tokens for this descent's edges.

        For a diff of two versions of the lineage made before it is traced (:meth:`Corpus.diff`):
        the texts it tokenises are those of the first and last drafts, which the first and last
        edges to change each point tokenise again. Tokens are a function of the text alone, so
        sharing them changes no result.

        >>> import peaceplan
        >>> c = peaceplan.load_corpus()
        >>> d = Descent(c)
        >>> with d.sharing_tokens():
        ...     direct = peaceplan.diff(c.version("28-point"), c.version("20-point"))
        >>> d.trace(direct).changes == Descent(c).trace(direct).changes
        True
        """
        with shared_bags(self._bags):
            yield

    def matches(self, parent_id: str, version_id: str) -> tuple[Match, ...]:
        """The alignment of one edge, computed once."""
        key = (parent_id, version_id)
        cached = self._matches.get(key)
        if cached is None:
            edge = self._aligned(parent_id, version_id)
            cached = self._matches[key] = edge.matches if isinstance(edge, KeptEdge) else edge
        return cached

    def changing(self, parent_id: str, version_id: str) -> list[Match]:
        """The matches of one edge that do not carry a point over word for word, in :meth:`matches`' order.

        Those whose kind is not unchanged, renumbered or moved: without the match of every
        path a long edge keeps (the points the shortcut pairs by hashing are all kept).
        """
        edge = self._aligned(parent_id, version_id)
        return [m for m in (edge.rest if isinstance(edge, KeptEdge) else edge) if m.kind not in CARRY_KINDS]

    def _aligned(self, parent_id: str, version_id: str) -> KeptEdge | tuple[Match, ...]:
        """The alignment of one edge, computed once: a :class:`KeptEdge` when it takes the shortcut."""
        key = (parent_id, version_id)
        cached = self._edges.get(key)
        if cached is None:
            old, new = self.corpus.version(parent_id), self.corpus.version(version_id)
            limit = self.options.shortcut
            with shared_bags(self._bags):  # one lineage: each text is tokenised once for all its edges
                # Through peaceplan.compare.alignments: every view in this process, and the next run, reuse the edge.
                if self._shortcuts(old, new):
                    cached = aligned_kept(
                        old,
                        new,
                        options=self.options.align,
                        use_lineage=self.lineage,
                        method=f"shortcut-moves:{limit}",
                        sides=lambda: (self._key(old).side(), self._key(new).side()),
                        compute=lambda: self._shortcut(old, new),
                    )
                else:
                    cached = aligned(old, new, use_lineage=self.lineage, options=self.options.align)
            self._edges[key] = cached
        return cached

    def touching(self, parent_id: str, version_id: str, olds: AbstractSet[str], news: AbstractSet[str]) -> list[Match]:
        """The matches of one edge that hold a path of ``olds`` (old side) or of ``news`` (new side).

        As :meth:`matches` gives them, in its order, but without aligning the edge in
        full when the shortcut answers alone: when every such path is in a top-level
        point the shortcut pairs by hashing (its match is then its own, whatever the
        rest aligns to), and no alignment of the rest could take that pairing off the
        longest run of pairings in order (which would make it *moved*). Following a
        few points along a long lineage then aligns only the edges that change them.
        """
        key = (parent_id, version_id)
        if key not in self._indexed and key not in self._matches:
            if key in self._hashed:
                edge = self._hashed[key]
            else:
                edge = self._hashed[key] = self._paired(parent_id, version_id)
            if edge is not None:
                picked = edge.pick(self._placed(parent_id, olds), olds, self._placed(version_id, news), news)
                if picked is not None:
                    return picked
        aligned = self._aligned(parent_id, version_id)
        if isinstance(aligned, KeptEdge) and key not in self._indexed:  # read as runs: no match per kept path
            found_runs = _Runs(self, aligned, parent_id, version_id, True).picked(olds)
            found_runs.update(_Runs(self, aligned, parent_id, version_id, False).picked(news))
            return [m for _, (_, m) in sorted(found_runs.items())]
        matches, by_old, by_new = self._edge_index(parent_id, version_id)
        found = {by_old[path] for path in olds} | {by_new[path] for path in news}
        return [matches[k] for k in sorted(found)]

    def _flat_at(self, version_id: str, paths: Sequence[str]) -> dict[str, int]:
        """Each of a version's ``paths`` (every path, in document order) with its position, made once per version."""
        found = self._flat.get(version_id)
        if found is None:
            found = self._flat[version_id] = dict(zip(paths, range(len(paths)), strict=True))
        return found

    def _points(self, version_id: str) -> list[Provision]:
        """Every provision of a version in document order, made once per version."""
        found = self._walked.get(version_id)
        if found is None:
            found = self._walked[version_id] = list(map(_PROVISION, self.corpus.version(version_id).walk()))
        return found

    def _edge_index(self, parent_id: str, version_id: str) -> tuple[Sequence[Match], dict[str, int], dict[str, int]]:
        """The alignment of one edge (:meth:`matches`), with each old and each new path's position in it, made once.

        Every path of either version is in exactly one match (the alignment's invariant).
        """
        key = (parent_id, version_id)
        index = self._indexed.get(key)
        if index is None:
            edge = self._aligned(parent_id, version_id)
            matches = self.matches(parent_id, version_id)
            if isinstance(edge, KeptEdge):  # the kept matches first, one per path: their positions in a run
                olds, news = edge.kept_paths()
                base = len(olds)
                by_old = dict(zip(olds, range(base), strict=True))
                by_new = dict(zip(news, range(base), strict=True))
                by_old.update((path, k) for k, m in enumerate(edge.rest, base) for path in m.old)
                by_new.update((path, k) for k, m in enumerate(edge.rest, base) for path in m.new)
            else:
                by_old = {path: k for k, m in enumerate(matches) for path in m.old}
                by_new = {path: k for k, m in enumerate(matches) for path in m.new}
            index = self._indexed[key] = (matches, by_old, by_new)
        return index

    def uncurated(self) -> bool:
        """Whether no provision of the corpus has a ``derived_from``: every link is then a match of a parent edge.

        (The links of a provision are then what :meth:`touching` finds of it on its parent edges.)
        """
        if self._uncurated is None:
            self._uncurated = not any(p.derived_from for vid in self.graph.order for p in self.provisions(vid).values())
        return self._uncurated

    def _shortcuts(self, old: Version, new: Version) -> bool:
        """Whether the edge from ``old`` to ``new`` takes the shortcut: both of at least ``options.shortcut`` points."""
        limit = self.options.shortcut
        return bool(limit) and len(old.provisions) >= limit and len(new.provisions) >= limit

    def _paired(self, parent_id: str, version_id: str) -> _Paired | None:
        """The shortcut's pairings by hashing on one edge.

        None when the edge does not take the shortcut, or when its alignment is made
        already (by a view before this one, or kept in the disk cache): it is then read,
        never wasted (the hashing alone cannot settle every point) and about as quick.
        """
        old, new = self.corpus.version(parent_id), self.corpus.version(version_id)
        if not self._shortcuts(old, new):
            return None
        method = f"shortcut-moves:{self.options.shortcut}"
        if held(old, new, use_lineage=self.lineage, options=self.options.align, method=method, kept=True):
            return None
        return _Paired(list(zip(*self._pairs(old, new), strict=True)), self._key(old), self._key(new))

    def _placed(self, version_id: str, paths: AbstractSet[str]) -> dict[str, int]:
        """Each of ``paths`` (of a version taking the shortcut) with the position of its top-level point."""
        at = self._key(self.corpus.version(version_id)).at
        if all(path in at for path in paths):  # top-level points (a path is one point's only)
            return at
        found = self._top_at.get(version_id)
        if found is None:
            walked = self._key(self.corpus.version(version_id)).paths
            found = self._top_at[version_id] = {path: i for i, points in enumerate(walked) for path in points}
        return found

    def wordings(self, version_id: str) -> dict[str, tuple[str, ...]]:
        """Every path of a version with its :func:`wording`, computed once."""
        found = self._wordings.get(version_id)
        if found is None:
            found = {path: self._wording(p) for path, p in self.provisions(version_id).items()}
            self._wordings[version_id] = found
        return found

    def _key(self, version: Version) -> _Tops:
        """What the shortcut reads of a version's top-level points (see :class:`_Tops`), made once per version.

        A point's content is a number: two points of any versions of this descent get the same
        number exactly when their whole contents are the same (own wording and every sub-point's,
        with paths relative to the point), so a number stands for the content in every comparison.
        """
        found = self._keys.get(version.id)
        if found is not None:
            return found
        numbers, by_text = self._contents, self._text_contents
        points = version.provisions
        size = len(points)
        # Most points are one text (no sub-points, no alternatives): the number of their text, met before
        # in most versions; the rest are numbered below.
        contents: list[int | None] = list(map(by_text.get, map(_TEXT, points)))
        whole = list(compress(range(size), map(_CHILDREN, points)))  # points of more than one text
        refers = version.has_references  # (else no point has alternatives or a derived_from)
        if refers:
            whole = sorted({*whole, *compress(range(size), map(_ALTS, points))})
        cited = set(compress(range(size), map(_DERIVED, points))) if refers else set()  # with a derived_from, below too
        sizes = [1] * size if whole else []  # each point's paths
        wholes = self._wholes
        for i in whole:
            p = points[i]
            kids = p.children
            made = wholes.get(id(kids[0])) if kids and not p.alternatives else None
            if made is None or made[1] != p.text or len(made[0]) != len(kids) or not all(map(is_, made[0], kids)):
                cut = len(p.label) + 1
                parts: list[object] = []
                below = False  # whether a sub-point has a derived_from
                for path, q in p.walk():
                    parts.append(path[cut:])
                    parts.append(self._wording(q))
                    below = below or (refers and q is not p and bool(q.derived_from))
                made = (kids, p.text, numbers.setdefault(tuple(parts), len(numbers)), len(parts) // 2, below)
                if kids and not p.alternatives:
                    wholes[id(kids[0])] = made  # (it holds the sub-points: the id names no other while it is kept)
            contents[i] = made[2]
            sizes[i] = made[3]
            if made[4]:
                cited.add(i)
        if None in contents:
            for i in compress(range(size), map(_IS_NONE, contents)):
                p = points[i]
                number = by_text[p.text] = numbers.setdefault(("", self._wording(p)), len(numbers))
                contents[i] = number
        found = self._keys[version.id] = _Tops.of(
            version, cast("list[int]", contents), list(accumulate(sizes, initial=0)) if whole else None, cited
        )
        return found

    def _wording(self, p: Provision) -> tuple[str, ...]:
        """The :func:`wording` of one point, that of a text without alternatives made once per text.

        (Most texts recur in every later version.)
        """
        if p.alternatives:
            return wording(p)
        words = self._keyed.get(p.text)
        if words is None:
            words = self._keyed[p.text] = (exact_key(p.text),)
        return words

    def _pairs(self, old: Version, new: Version) -> tuple[list[int], list[int]]:
        """The top-level points of ``old`` and ``new`` the shortcut pairs by hashing: their positions, in new order.

        A content found once in each version pairs its two points, unless a curated link involves either.
        Made once per edge (the lists are not to be modified).
        """
        edge = (old.id, new.id)
        made = self._paired_at.get(edge)
        if made is not None:
            return made
        before, after = self._key(old), self._key(new)
        once, contents = before.once, after.contents
        # the new points whose content is found once in each version (each such content is at one new
        # position), in new order: one pass, in C
        paired = list(map((after.once.keys() & once.keys()).__contains__, contents))
        news = list(compress(range(len(contents)), paired))
        olds = list(map(once.__getitem__, compress(contents, paired)))
        if after.citing:
            named: set[str | None] = set()  # old top-level points a curated link names
            curated: set[str] = set()  # new top-level points holding a curated link to the old version
            old_tops, new_tops = self.tops(old.id), self.tops(new.id)
            for path, p in after.citing:
                for r in p.derived_from:
                    if r.version == old.id:
                        named.add(old_tops.get(r.label))
                        curated.add(new_tops[path])
            if named or curated:
                old_points, new_points = old.provisions, new.provisions
                kept = [
                    (i, j)
                    for i, j in zip(olds, news, strict=True)
                    if old_points[i].label not in named and new_points[j].label not in curated
                ]
                olds, news = [i for i, _ in kept], [j for _, j in kept]
        made = self._paired_at[edge] = (olds, news)
        return made

    def _shortcut(self, old: Version, new: Version) -> KeptEdge:
        """Pair identical, unique, uncurated top-level points by hashing; align the rest."""
        olds, news = self._pairs(old, new)
        before, after = self._key(old), self._key(new)
        old_points, new_points = old.provisions, new.provisions
        lone_old = sorted(set(range(len(old_points))).difference(olds))
        lone_new = sorted(set(range(len(new_points))).difference(news))
        rest_old = list(map(old_points.__getitem__, lone_old))
        rest_new = list(map(new_points.__getitem__, lone_new))
        rest: Sequence[Match] = ()
        if rest_old or rest_new:
            rest = align(
                attrs.evolve(old, provisions=rest_old),
                attrs.evolve(new, provisions=rest_new),
                use_lineage=self.lineage,
                options=self.options.align,
            )
        runs = kept_runs(olds, news)
        # (a match of the rest starts with a top-level label only when of one of the points left to it)
        old_at = dict(zip(map(_LABEL, rest_old), lone_old, strict=True))
        new_at = dict(zip(map(_LABEL, rest_new), lone_new, strict=True))
        moved, rest = _moves(runs, rest, old_at, new_at)
        return KeptEdge((before.flat, before.starts), (after.flat, after.starts), runs, moved, rest)

    # --- nodes ----------------------------------------------------------------------

    def nodes(self, version_id: str) -> dict[str, Node]:
        """Every provision path of ``version_id`` with its node (do not modify the result)."""
        if version_id not in self._nodes:
            self.corpus.version(version_id)
            with paused_gc():  # a node and a link per provision and version, none of them garbage
                for vid in self.graph.dependencies_first(version_id, self._nodes):
                    self._compute(vid)
        return self._nodes[version_id]

    def links(self, version_id: str) -> dict[str, tuple[Link, ...]]:
        """For every path of ``version_id``, the links it was traced through (parents' and curated)."""
        self.nodes(version_id)
        if version_id in self._carried:
            olds = self._carried_olds(version_id)
            parent = self._carried.pop(version_id)[0]
            matches, _, by_new = self._edge_index(parent, version_id)
            used = self._links[version_id]
            self._links[version_id] = {
                path: (Link(parent=parent, version=version_id, match=matches[by_new[path]]),)
                if path in olds
                else used[path]
                for path in self._nodes[version_id]
            }
        return self._links[version_id]

    def _carried_olds(self, version_id: str) -> dict[str, str]:
        """The points of a version carried over word for word, each new path with its old one (see :meth:`_compute`)."""
        _, olds, runs = self._carried[version_id]
        if runs:
            for news, old_paths in runs:
                olds.update(zip(news, old_paths, strict=True))
            runs.clear()
        return olds

    def sources(self, version_id: str, path: str) -> list[tuple[str, str]]:
        """The ``(version, path)`` of every provision a provision's links come from, as :meth:`links` gives them.

        Without making links: most provisions of a long lineage are carried over word
        for word, and a view that follows paths (a thread) needs no link records.
        """
        self.nodes(version_id)
        if version_id in self._carried:
            old = self._carried_olds(version_id).get(path)
            if old is not None:
                return [(self._carried[version_id][0], old)]
        return [(link.parent, o) for link in self._links[version_id][path] for o in link.match.old]

    def derivations(self, version_id: str) -> Iterator[tuple[str, str, str]]:
        """``(path, parent, old path)`` for every link of every provision of a version (see :meth:`sources`)."""
        self.nodes(version_id)
        parent, carried = (
            (self._carried[version_id][0], self._carried_olds(version_id)) if version_id in self._carried else ("", {})
        )
        used = self._links[version_id]
        for path in self._nodes[version_id]:  # (in document order)
            old = carried.get(path)
            if old is not None:
                yield path, parent, old
                continue
            for link in used[path]:
                for o in link.match.old:
                    yield path, link.parent, o

    def curated_links(self, version_id: str, path: str) -> tuple[Link, ...]:
        """The curated links of one provision (a point carried over word for word has none)."""
        self.nodes(version_id)
        return tuple(link for link in self._links[version_id].get(path, ()) if link.curated)

    def _compute(self, version_id: str) -> None:
        version = self.corpus.version(version_id)
        parents = self.graph.parents[version_id]
        by_new: dict[str, list[Link]] = defaultdict(list)
        # With one parent, every path is in one match at most: the one-to-one links (most of them)
        # are kept apart, and a point they carry over word for word takes its node in one step.
        single: dict[str, Match] = {}
        unmatched: dict[str, list[str]] = {}
        nodes: dict[str, Node] = {}
        used: dict[str, tuple[Link, ...]] = {}
        # points carried over word for word (their links made when asked for, see links()): their old paths, and
        # runs of them (new paths, old paths)
        carried: dict[str, str] = {}
        runs_carried: list[tuple[Sequence[str], Sequence[str]]] = []
        upstream = self._nodes
        from_parent = upstream[parents[0]] if len(parents) == 1 else {}
        edge = self._aligned(parents[0], version_id) if len(parents) == 1 else None
        if isinstance(edge, KeptEdge):
            # The points paired by hashing, of the same content on both sides: each path's node is its
            # old path's (as _place decides for an uncurated one-to-one link of the same wording), taken
            # run by run; only the other points are looked at path by path.
            lost: list[str] = []
            for m in edge.rest:
                if len(m.old) == 1 and len(m.new) == 1:
                    single[m.new[0]] = m
                elif m.old and m.new:
                    link = Link(parent=parents[0], version=version_id, match=m)
                    for new_path in m.new:
                        by_new[new_path].append(link)
                elif m.old:
                    lost.append(m.old[0])
            unmatched[parents[0]] = lost
            runs = edge.runs
            cited = self._key(version).cited
            if cited:  # a point with a curated link: its paths looked at one by one, its pair's matches given
                pieces: list[tuple[int, int, int]] = []
                for k, (i, j) in enumerate(edge.pairs()):
                    if j in cited:
                        own = edge.new_paths[edge.new_starts[j] : edge.new_starts[j + 1]]
                        single.update(zip(own, edge.pair(k), strict=True))
                    elif pieces and pieces[-1][0] + pieces[-1][2] == i and pieces[-1][1] + pieces[-1][2] == j:
                        pieces[-1] = (pieces[-1][0], pieces[-1][1], pieces[-1][2] + 1)
                    else:
                        pieces.append((i, j, 1))
                runs = pieces
            old_paths, old_starts, new_paths, new_starts = (
                edge.old_paths,
                edge.old_starts,
                edge.new_paths,
                edge.new_starts,
            )
            node_of = from_parent.__getitem__
            done = 0  # the new paths given their nodes so far
            for i, j, size in [*runs, (0, len(new_starts) - 1, 0)]:
                for path in new_paths[done : new_starts[j]]:  # the points before the run: one by one
                    self._place(version, path, single, by_new, unmatched, nodes, used, carried, from_parent)
                news = new_paths[new_starts[j] : new_starts[j + size]]
                olds = old_paths[old_starts[i] : old_starts[i + size]]
                nodes.update(zip(news, map(node_of, olds), strict=True))
                runs_carried.append((news, olds))
                done = new_starts[j + size]
        else:
            for parent in parents:
                lost = []
                matches: Sequence[Match] = self.matches(parent, version_id)
                if len(parents) == 1:
                    single = {m.new[0]: m for m in matches if len(m.old) == 1 and len(m.new) == 1}
                    matches = (
                        [m for m in matches if len(m.old) != 1 or len(m.new) != 1] if len(single) < len(matches) else ()
                    )
                for m in matches:
                    if m.old and m.new:
                        link = Link(parent=parent, version=version_id, match=m)
                        for new_path in m.new:
                            by_new[new_path].append(link)
                    elif m.old:
                        lost.append(m.old[0])
                unmatched[parent] = lost
            for path, _ in version.walk():
                self._place(version, path, single, by_new, unmatched, nodes, used, carried, from_parent)
        self._nodes[version_id] = nodes
        self._links[version_id] = used
        if carried or runs_carried:
            self._carried[version_id] = (parents[0], carried, runs_carried)

    def _place(
        self,
        version: Version,
        path: str,
        single: dict[str, Match],
        by_new: dict[str, list[Link]],
        unmatched: dict[str, list[str]],
        nodes: dict[str, Node],
        used: dict[str, tuple[Link, ...]],
        carried: dict[str, str],
        from_parent: dict[str, Node],
    ) -> None:
        """Give one path of ``version`` its node and links (see :meth:`_compute`): ``single`` its one-to-one match."""
        version_id = version.id
        p = version.provision(path)
        words = (None if p.alternatives else self._keyed.get(p.text)) or self._wording(p)
        one = single.get(path)
        if one is not None and not p.derived_from:
            n = from_parent[one.old[0]]
            if n.wording == words:  # as _node decides for one uncurated one-to-one link
                nodes[path] = n
                carried[path] = one.old[0]
                return
            parents = self.graph.parents[version_id]
            link = Link(parent=parents[0], version=version_id, match=one)
            used[path] = (link,)
            nodes[path] = self._node(version_id, path, words, [link], [n], 1)
            return
        parents = self.graph.parents[version_id]
        links = [Link(parent=parents[0], version=version_id, match=one)] if one is not None else []
        links += by_new.get(path, ())
        prev: list[Node] = []
        upstream = self._nodes
        for link in links:
            for o in link.match.old:
                n = upstream[link.parent][o]
                if n not in prev:
                    prev.append(n)
        direct = len(prev)  # the nodes the parent edges give; curated links add the rest
        if p.derived_from:
            for link, target in self._curated(version, path, p, links, prev, unmatched):
                links.append(link)
                prev.append(target)
        used[path] = tuple(links)
        nodes[path] = self._node(version_id, path, words, links, prev, direct)

    def _curated(
        self,
        version: Version,
        path: str,
        p: Provision,
        links: Sequence[Link],
        prev: Sequence[Node],
        unmatched: dict[str, list[str]],
    ) -> Iterator[tuple[Link, Node]]:
        """The curated links of one provision that its parent links do not already account for."""
        found: list[Node] = list(prev)
        for ref in p.derived_from:
            source = self._nodes.get(ref.version)
            if ref.version == version.id or source is None:
                continue
            if any(link.parent == ref.version and ref.label in link.match.old for link in links):
                continue
            target = source.get(ref.label)
            if target is None or any(n.reaches(target) for n in found):
                continue
            parent, label = ref.version, ref.label
            if not links:
                # a link that skips versions: go through the parent's point that carries
                # the same lineage, if the parent alignment left that point unmatched
                for candidate_parent, lost in unmatched.items():
                    hit = next((q for q in lost if self._nodes[candidate_parent][q].reaches(target)), None)
                    if hit is not None:
                        parent, label, target = candidate_parent, hit, self._nodes[candidate_parent][hit]
                        unmatched[candidate_parent] = [q for q in lost if q != hit]
                        break
            old = self.provisions(parent)[label]
            same = self.wordings(parent)[label] == self.wordings(version.id)[path]
            moved = self.graph.documents[parent] != version.document
            if same:
                kind = MatchKind.MOVED if moved else (MatchKind.RENUMBERED if label != path else MatchKind.UNCHANGED)
            else:
                kind = MatchKind.MODIFIED
            match = Match(
                old=(label,),
                new=(path,),
                kind=kind,
                score=1.0 if same else round(fuzz.ratio(exact_key(old.text), exact_key(p.text)) / 100, 4),
                curated=True,
                relabelled=label != path,
                moved=moved,
            )
            found.append(target)
            yield Link(parent=parent, version=version.id, match=match, curated=True), target

    @staticmethod
    def _node(
        version_id: str, path: str, words: tuple[str, ...], links: list[Link], prev: list[Node], direct: int
    ) -> Node:
        """The node of one provision: the one it carries over unchanged, else a new one.

        Its kind is the step's kind from the parent edge, as the diff of that
        edge gives it: *merged* only when the parent edges draw it from several
        provisions (or, with no parent edge, its curated links do). A curated
        ``derived_from`` that also reaches past the parent (a point Geneva dropped,
        taken up again by the 20-point plan) adds to the node's lineage (its
        ``prev``, blame's ``came_from``, the synopsis's rows), not to its kind:
        the aligner treats such an additional reference the same way.
        """
        if not prev:
            return Node(version_id, path, (), (), words, MatchKind.ADDED)
        if len(prev) == 1 and len(links) == 1:
            link = links[0]
            m = link.match
            if not link.curated and len(m.old) == 1 and len(m.new) == 1 and prev[0].wording == words:
                return prev[0]
        drawn = prev[:direct] if direct else prev
        kind = links[0].match.kind
        if len(drawn) > 1 and kind is not MatchKind.SPLIT:
            kind = MatchKind.MERGED
        elif kind in CARRY_KINDS and drawn[0].wording != words:
            kind = MatchKind.MODIFIED
        node = Node(version_id, path, tuple(links), tuple(prev), words, kind)
        kept = next((n for n in prev if n.wording == words), None)
        if kept is not None:
            node._intro = kept.intro
        return node

    # --- what a caller shows ------------------------------------------------------------

    def change(self, link: Link) -> Change:
        """The full change of one link (redline, findings, credit), computed once."""
        key = (link.parent, link.version, link.match)
        found = self._changes.get(key)
        if found is None:
            old, new = self.corpus.version(link.parent), self.corpus.version(link.version)
            found = change_of(old, new, link.match, self.options.diff, details=self._edge(link.parent, link.version))
            self._changes[key] = found
        return found

    def kind(self, link: Link) -> MatchKind:
        """The kind :meth:`change` gives a link, without its change record where it can be.

        Read from the kept details where they know it, else decided from the redline, asking
        the findings only whether there is any when the redline reads as a rewording
        (:func:`~peaceplan.compare.diff.verdict_of`).
        """
        key = (link.parent, link.version, link.match)
        found = self._changes.get(key)
        if found is not None:
            return found.kind
        kind = self._kinds.get(key)
        if kind is None:
            old, new = self.corpus.version(link.parent), self.corpus.version(link.version)
            kind = verdict_of(old, new, link.match, self.options.diff, details=self._edge(link.parent, link.version))
            self._kinds[key] = kind
        return kind

    def redline(self, link: Link) -> Redline | None:
        """The redline :meth:`change` gives a link, read from the kept details or computed alone (no findings made)."""
        found = self._changes.get((link.parent, link.version, link.match))
        if found is not None:
            return found.redline
        old, new = self.corpus.version(link.parent), self.corpus.version(link.version)
        return redline_of(old, new, link.match, details=self._edge(link.parent, link.version))

    def _edge(self, parent: str, version: str) -> EdgeDetails | None:
        """The kept details of one edge (see :func:`~peaceplan.compare.diff.edge_details`), asked for once."""
        edge = (parent, version)
        if edge not in self._details:
            self._details[edge] = edge_details(
                self.corpus.version(parent), self.corpus.version(version), self.options.diff
            )
        return self._details[edge]

    def origin_change(self, version_id: str, path: str) -> Change:
        """The change that adds a provision with no predecessor."""
        return self.change(Link(parent=version_id, version=version_id, match=origin_match(path)))

    def credit(self, version_id: str, paths: Sequence[str]) -> tuple[tuple[Attribution, ...], tuple[Source, ...]]:
        """Who is credited with the provisions at ``paths`` of a version (their own credit, else the version's)."""
        found = self.provisions(version_id)
        return credit(self.corpus.version(version_id), [found[p] for p in paths])

    # --- a diff traced along the lineage -------------------------------------------------

    def trace(self, result: Diff, *, steps: bool = True) -> Diff:
        """``result`` with every change given its steps along the lineage, and credited step by step.

        The diff of two versions of this corpus, as :meth:`Corpus.diff` returns it.
        When the new version is a child of the old one (or not a descendant),
        each change is its own single step. Otherwise each change is followed
        from its old points (back from its new ones, for an addition) through
        every edge of the chain between them, as blame and thread follow it: the
        same alignment of each edge (:meth:`matches`) and the same change record
        of each step (:meth:`change`), so every view gives a step the same kind.

        ``steps=False``: each change credited step by step all the same, but its
        steps left out, for a view that shows who proposed a change and not its
        steps (the CSV table). No step's kind is then decided, which for a change
        reworded or modified along the way takes its redline and findings. An
        edge into a version that credits no one (:func:`credits_nobody`) gives
        every change the same empty credit: a change is only followed through it,
        and when every edge of the chain is such, no edge is followed (nor aligned).

        The changes are followed together, edge by edge: each point followed is looked up
        once per edge, and a match's step made once for every change through it. Without
        steps, a change is followed only as far as an edge could still credit it anew.

        >>> import peaceplan
        >>> c = peaceplan.load_corpus()
        >>> d = Descent(c).trace(peaceplan.diff(c.version("28-point"), c.version("20-point")))
        >>> [(s.version, s.kind.value) for s in d.change(new="4").steps]
        [('geneva-19', 'modified'), ('20-point', 'modified')]
        >>> credited = Descent(c).trace(peaceplan.diff(c.version("28-point"), c.version("20-point")), steps=False)
        >>> credited.change(new="4").steps, credited.change(new="4").proposers == d.change(new="4").proposers
        ((), True)
        """
        with paused_gc():  # a step per change and edge, none of them garbage
            return self._trace(result, steps)

    def _trace(self, result: Diff, steps: bool = True) -> Diff:
        chain = self.graph.chain(result.old.id, result.new.id)
        if chain is None or len(chain) <= 2:
            if not steps:  # a change's one step is the change itself: its credit is already the change's
                return attrs.evolve(result, path=chain or ())
            entries = tuple(
                attrs.evolve(e, steps=(_step(e, result.old.id, result.new.id),)) if _changed(e) else e
                for e in result.entries
            )
            return attrs.evolve(result, entries=entries, path=chain or ())
        if not steps and all(credits_nobody(self.corpus.version(v)) for v in chain[1:]):
            # Every step of every change would be credited to no one: each change keeps its credit.
            return attrs.evolve(result, path=chain)
        hops = [_Hop(self, a, b) for a, b in pairwise(chain)]
        traced = iter(self._follow([e for e in result.entries if _changed(e)], hops, steps))
        entries = tuple(next(traced) if _changed(e) else e for e in result.entries)
        return attrs.evolve(result, entries=entries, path=chain)

    def _step(self, hop: _Hop, m: Match) -> Step | None:
        """The step of a match of ``hop`` as :meth:`change` gives it (None when unchanged), without its records."""
        kind = hop.fixed_kind(m)
        link = None
        if kind is None:  # reworded or modified: the change record's verdict
            link = Link(parent=hop.parent, version=hop.version, match=m)
            kind = self.kind(link)
        if kind is _UNCHANGED:
            return None
        found = self._changes.get((hop.parent, hop.version, m)) if link is not None else None
        if found is not None:
            attributions, sources = found.attributions, found.sources
        else:  # as change_of credits a change
            attributions, sources = hop.credit_of(m)
        return Step(parent=hop.parent, version=hop.version, kind=kind, attributions=attributions, sources=sources)

    def _credit(self, hop: _Hop, m: Match) -> _Credited | None:
        """The credit :meth:`_step` gives a match of ``hop`` (None when unchanged), its kind left undecided.

        A match is an unchanged step only when :meth:`_Hop.fixed_kind` says so: a verdict,
        when one is needed, is reworded or modified, never unchanged.
        """
        if hop.fixed_kind(m) is _UNCHANGED:
            return None
        return _Credited(*hop.credit_of(m))

    def _traced(self, e: Change, hops: Sequence[_Hop], steps: bool = True) -> Change:
        """Follow ``e`` forward from its old labels (back from its new ones, for an addition) through ``hops``.

        One change alone, every hop in turn: the general path, which :meth:`_follow` (every
        change together, hop by hop, as :meth:`trace` follows them) gives the same answer as.
        """
        forward = bool(e.old_labels)
        start = e.old_labels if forward else e.new_labels
        # The one label followed (the common case: one point through one match per hop), else None and the labels.
        label: str | None = start[0] if len(start) == 1 else None
        labels: set[str] = set() if label is not None else set(start)
        # Each step taken, in the order of the hops followed. Without steps, a step whose kind
        # takes a verdict is only its credit: no kind is decided.
        found: list[Step | _Credited] = []
        add = found.append
        for hop in hops if forward else reversed(hops):
            # Without steps, an edge into a version that credits no one gives every change the same
            # (empty) credit: only the points followed through it are needed, not the kinds.
            quiet = not steps and hop.silent
            if label is not None:
                k = (hop.by_old if forward else hop.by_new).get(label)
                if k is None:
                    break
                m = hop.matches[k]
                olds, news = m.old, m.new
                if not quiet:
                    kind = m.kind
                    # Carried over word for word (most points of most hops of a long chain): a step
                    # if renumbered or moved, as :meth:`_Hop.carried` gives it, and the same point.
                    # The loader gives a point repeated word for word (label too) the same object.
                    if (kind is _RENUMBERED or kind is _UNCHANGED or kind is _MOVED) and len(olds) == len(news) == 1:
                        old, new = hop.old_paths[olds[0]], hop.new_paths[news[0]]
                        if old is new or same_content(old, new, titled=hop.titled, tagged=hop.tagged):
                            if kind is not _UNCHANGED:
                                # credited as its version if not on its own: one step per hop and kind
                                shared = None if new.attributions else hop.shared.get(kind)
                                add(shared or hop.step(m))
                            label = news[0] if forward else olds[0]
                            continue
                    # Any other match (:meth:`_Hop.carried` has no step for it): its change record's step.
                    made = self._step(hop, m) if steps else self._credit(hop, m)
                    if made is not None:
                        add(made)
                ahead = news if forward else olds  # a change record keeps its match's paths
                if len(ahead) == 1:
                    label = ahead[0]
                    continue
                label, labels = None, set(ahead)
                if not labels:
                    break
                continue
            # Several points followed: each match holding one of them, in the edge's order, once.
            index, matches = (hop.by_old if forward else hop.by_new), hop.matches
            reached: set[str] = set()
            for m in map(matches.__getitem__, sorted({index[label] for label in labels if label in index})):
                if not quiet:
                    # A point carried over word for word has its step, if renumbered or moved, without
                    # a change record; any other the step of its change record (its kind from the kept
                    # details, where they know it).
                    carried = hop.carried(m)
                    if carried:
                        add(carried[0])
                    elif carried is None:
                        made = self._step(hop, m) if steps else self._credit(hop, m)
                        if made is not None:
                            add(made)
                reached.update(m.new if forward else m.old)  # a change record keeps its match's paths
            if len(reached) == 1:
                (label,) = reached
            elif not reached:
                break
            labels = reached
        if not found:
            return e
        if not forward:
            found.reverse()
        given = tuple(dict.fromkeys(chain.from_iterable(map(_ATTRIBUTIONS, found))))
        sources = tuple(dict.fromkeys(chain.from_iterable(map(_SOURCES, found))))
        if steps:
            return attrs.evolve(
                e,
                steps=tuple(cast("list[Step]", found)),
                attributions=given or e.attributions,
                sources=sources or e.sources,
            )
        return attrs.evolve(e, attributions=given or e.attributions, sources=sources or e.sources)

    def _follow(self, changes: Sequence[Change], hops: Sequence[_Hop], steps: bool = True) -> list[Change]:
        """``changes`` traced through ``hops`` as :meth:`_traced` traces each, all followed together, hop by hop.

        The same steps in the same order: at each hop every point still followed is looked
        up once, and the step of a match there is made once whoever passes through it (a
        point carried over word for word takes its step without a change record, as
        :meth:`_traced` gives it). Each change is credited once at the end
        (:class:`_Credits`).
        """
        taken: list[list[Step | int]] = [[] for _ in changes]
        forward = [(i, e.old_labels) for i, e in enumerate(changes) if e.old_labels]
        back = [(i, e.new_labels) for i, e in enumerate(changes) if not e.old_labels]
        credits = _Credits()
        self._along(forward, hops, True, steps, taken, credits)
        self._along(back, hops[::-1], False, steps, taken, credits)
        return [credits.traced(e, found, steps) for e, found in zip(changes, taken, strict=True)]

    def _along(
        self,
        starts: Sequence[tuple[int, tuple[str, ...]]],
        hops: Sequence[_Hop],
        forward: bool,
        steps: bool,
        taken: list[list[Step | int]],
        credits: _Credits,
    ) -> None:
        """Follow each change ``i`` of ``starts`` from its labels through ``hops`` (forward: old to new), its steps
        added to ``taken[i]`` in the order :meth:`_traced` takes them (hop by hop, each hop's matches in order)."""
        ones: list[list[Step | int]] = []  # the changes following one label (the common case): their steps
        labels: list[str] = []  # ... and their labels
        # the changes following several labels, each label with its position (as ``places``)
        several: list[tuple[list[Step | int], dict[str, int]]] = []
        # Through edges held as runs, the position of each label among the paths ``placed`` (a version's paths
        # in document order) when known, else -1: a label is then looked up by its position alone.
        places: list[int] = []
        placed: Sequence[str] | None = None
        for i, start in starts:
            if len(start) == 1:
                ones.append(taken[i])
                labels.append(start[0])
            elif start:
                several.append((taken[i], dict.fromkeys(start, -1)))
        # Without steps, a change already credited with every credit the hops left could give it is
        # not followed further (its credit is each attribution once, in order of first mention). Followed
        # back, a credit taken later comes first: only when the hops left can give none.
        bounds = self._bounds(hops, credits) if starts and not steps else None
        for h, hop in enumerate(hops):
            if bounds is not None and h % _CHECK == 0 and (bound := bounds[h]) is not None:
                if not bound:
                    return
                if forward:
                    going = [not bound.issubset(found) for found in ones]
                    if not all(going):
                        ones, labels = list(compress(ones, going)), list(compress(labels, going))
                        if placed is not None:
                            places = list(compress(places, going))
                    several = [(found, followed) for found, followed in several if not bound.issubset(found)]
            if not ones and not several:
                return
            # Without steps, an edge into a version that credits no one gives every change the same
            # (empty) credit: only the points followed through it are needed, not the kinds.
            quiet = not steps and hop.silent
            # Credits only, no point of the version credited on its own: a point carried over renumbered
            # or moved is credited as its version, its content the same or not (see _Taken.credited).
            fast = not steps and not quiet and not hop.owned
            # An edge held as runs of points kept whole is read so: no match made for a point kept whole.
            runs = hop.runs(forward)
            index: dict[str, int] = {}
            matches: Sequence[Match] = ()
            if runs is None:
                index, matches = (hop.by_old if forward else hop.by_new), hop.matches
            step_at = _Taken(self, hop, steps, credits)
            credited = step_at.credited if fast else -1
            joined: list[list[Step | int]] = []  # changes from following several labels to one
            joined_labels: list[str] = []
            joined_places: list[int] = []
            next_several: list[tuple[list[Step | int], dict[str, int]]] = []
            for found, followed in several:  # each match holding one of the labels, in the edge's order, once
                reached: dict[str, int] = {}  # (a set of labels, each with its position when known)
                if runs is None:
                    picked = [
                        (at, matches[at]) for at in sorted({index[label] for label in followed if label in index})
                    ]
                else:
                    known = followed if placed is runs.here else None
                    picked = [taken for _, taken in sorted(runs.picked(followed, known).items())]
                for at, m in picked:
                    if fast and (m.kind is _RENUMBERED or m.kind is _MOVED) and len(m.old) == 1 and len(m.new) == 1:
                        found.append(credited)
                    elif not quiet:
                        step = step_at.of(at, m)
                        if step is not None:
                            found.append(step)
                    if runs is None:
                        reached.update(dict.fromkeys(m.new if forward else m.old, -1))
                    else:
                        reached.update((path, runs.there(at, path)) for path in (m.new if forward else m.old))
                if len(reached) == 1:
                    joined.append(found)
                    joined_labels.extend(reached)
                    joined_places.extend(reached.values())
                elif reached:
                    next_several.append((found, reached))
            # Each change following one label: the label it follows next, None if it stops here (or goes
            # on with several labels), in the same order.
            nexts: list[str | None] = []
            put, get = nexts.append, index.get
            if runs is not None:
                if placed is not runs.here:
                    places = [-1] * len(labels)
                nexts_at: list[int] = []
                self._through(
                    runs, hop, ones, labels, places, nexts, nexts_at, next_several, step_at, quiet=quiet, steps=steps
                )
                places, placed = nexts_at, runs.ahead
            elif fast:
                old_paths, new_paths = hop.old_paths, hop.new_paths
                for found, label in zip(ones, labels, strict=True):
                    k = get(label)
                    if k is None:
                        put(None)
                        continue
                    m = matches[k]
                    olds, news = m.old, m.new
                    if len(olds) == 1 and len(news) == 1:  # one point (most points of most hops)
                        kind = m.kind
                        if kind is _RENUMBERED or kind is _MOVED:
                            found.append(credited)
                        # the loader gives a point repeated word for word (label too) the same object
                        elif kind is not _UNCHANGED or old_paths[olds[0]] is not new_paths[news[0]]:
                            step = step_at(k)
                            if step is not None:
                                found.append(step)
                        put(news[0] if forward else olds[0])
                        continue
                    step = step_at(k)
                    if step is not None:
                        found.append(step)
                    put(_onward(found, news if forward else olds, next_several))
            elif steps:
                old_paths, new_paths, shared = hop.old_paths, hop.new_paths, hop.shared
                titled, tagged = hop.titled, hop.tagged
                for found, label in zip(ones, labels, strict=True):
                    k = get(label)
                    if k is None:
                        put(None)
                        continue
                    m = matches[k]
                    olds, news = m.old, m.new
                    if len(olds) == 1 and len(news) == 1:  # one point (most points of most hops)
                        kind = m.kind
                        if kind is _RENUMBERED or kind is _UNCHANGED or kind is _MOVED:
                            # carried over word for word: a step if renumbered or moved (see _Taken)
                            new = new_paths[news[0]]
                            old = old_paths[olds[0]]
                            if old is new or same_content(old, new, titled=titled, tagged=tagged):
                                if kind is not _UNCHANGED:
                                    found.append((None if new.attributions else shared.get(kind)) or hop.step(m))
                                put(news[0] if forward else olds[0])
                                continue
                        step = step_at(k)
                        if step is not None:
                            found.append(step)
                        put(news[0] if forward else olds[0])
                        continue
                    step = step_at(k)
                    if step is not None:
                        found.append(step)
                    put(_onward(found, news if forward else olds, next_several))
            else:  # the points followed, no step taken (quiet); or without steps, into a version crediting a point
                for found, label in zip(ones, labels, strict=True):  # on its own: each match's step
                    k = get(label)
                    if k is None:
                        put(None)
                        continue
                    if not quiet:
                        step = step_at(k)
                        if step is not None:
                            found.append(step)
                    m = matches[k]
                    put(_onward(found, m.new if forward else m.old, next_several))
            if runs is None:
                placed = None
            if None in nexts:  # the changes that stop here, or follow several labels from here
                going = list(map(is_not, nexts, repeat(None)))
                ones, nexts = list(compress(ones, going)), list(compress(nexts, going))
                if placed is not None:
                    places = list(compress(places, going))
            labels = cast("list[str]", nexts)  # (no None left)
            ones.extend(joined)
            labels.extend(joined_labels)
            if placed is not None:
                places.extend(joined_places)
            several = next_several

    @staticmethod
    def _through(
        runs: _Runs,
        hop: _Hop,
        ones: list[list[Step | int]],
        labels: list[str],
        places: list[int],
        nexts: list[str | None],
        nexts_at: list[int],
        several: list[tuple[list[Step | int], dict[str, int]]],
        step_at: _Taken,
        *,
        quiet: bool,
        steps: bool,
    ) -> None:
        """Follow each of ``labels`` (its steps in ``ones``) through an edge held as runs (see :meth:`_along`).

        A label in a point kept whole is followed by its position: its kept match is unchanged
        when the label stays, moved when it is a moved pair's first path, else renumbered, and
        is made only when its step takes a change record. Any other is one of the edge's other
        matches (``rest``). The next label of each goes to ``nexts`` (None: it stops here, or
        goes on with several labels, put in ``several``), its position to ``nexts_at`` when
        known (see :attr:`_Runs.ahead_at`), else -1; ``places``: the position of each label
        (-1: looked up).
        """
        put, place = nexts.append, nexts_at.append
        starts, ends, shift, moved = runs.starts, runs.ends, runs.shift, runs.moved
        at: dict[str, int] | None = None
        ahead_at = runs.ahead_at
        ahead, here_points, ahead_points, rest, rest_at = (
            runs.ahead,
            runs.here_points,
            runs.ahead_points,
            runs.rest,
            runs.rest_at,
        )
        forward = runs.forward
        titled, tagged, shared = hop.titled, hop.tagged, hop.shared
        # Credits only, no point of the version credited on its own: a point carried over renumbered
        # or moved is credited as its version (see _Taken.credited).
        fast = not steps and not quiet and not hop.owned
        credited = step_at.credited if fast else -1
        for found, label, pos in zip(ones, labels, places, strict=True):
            if pos < 0 and label not in rest_at:  # (a label of the other matches needs no position)
                if at is None:
                    at = runs.at
                pos = at.get(label, -1)
                if pos < 0:
                    put(None)
                    place(-1)
                    continue
            r = bisect_right(starts, pos) - 1
            if pos >= 0 and r >= 0 and pos < ends[r]:  # in a point kept whole: one path to one, of the same content
                there = pos + shift[r]
                follow = ahead[there]
                put(follow)
                place(there)
                if quiet:
                    continue
                kind = _MOVED if pos in moved else _UNCHANGED if follow == label else _RENUMBERED
                if fast and kind is not _UNCHANGED:
                    found.append(credited)
                    continue
                point, other = here_points[pos], ahead_points[there]
                if point is other and kind is _UNCHANGED:  # the loader gives a point repeated word for word
                    continue  # (label too) the same object
                old_label, new_label, old, new = (
                    (label, follow, point, other) if forward else (follow, label, other, point)
                )
                if steps and (point is other or same_content(old, new, titled=titled, tagged=tagged)):
                    if kind is not _UNCHANGED:  # as _Taken gives the step of a point carried over word for word
                        found.append(
                            (None if new.attributions else shared.get(kind))
                            or hop.carried_step(kind, (old_label,), new)
                        )
                    continue
                step = step_at.of(pos, KeptEdge.match_of(old_label, new_label, kind is _MOVED))
                if step is not None:
                    found.append(step)
                continue
            k = rest_at.get(label)
            if k is None:
                put(None)
                place(-1)
                continue
            m = rest[k]
            if not quiet:
                step = step_at.of(-1 - k, m)
                if step is not None:
                    found.append(step)
            further = m.new if forward else m.old
            if len(further) == 1:
                put(further[0])
                place(ahead_at.get(further[0], -1))
                continue
            put(None)
            place(-1)
            if further:
                several.append((found, {path: ahead_at.get(path, -1) for path in further}))

    @staticmethod
    def _bounds(hops: Sequence[_Hop], credits: _Credits) -> list[frozenset[int] | None]:
        """For each of ``hops``, every credit (its number) a change followed without steps could take from it on.

        None when not known: an edge into a version that credits a point on its own, or
        records an amendment crediting anyone. Through any other edge a change is credited
        as the version (:attr:`_Hop.credited`: the credit of the points it gives, and of a
        removal with no amendment crediting it) or, through a version that credits no one,
        given no step.
        """
        found: list[frozenset[int] | None] = []
        after: frozenset[int] | None = frozenset()
        for hop in reversed(hops):
            if after is None or hop.silent:
                pass
            elif hop.owned or any(map(_ATTRIBUTIONS, hop.new.amendments)):
                after = None
            else:
                after = after | {credits.number(*hop.credited)}
            found.append(after)
        found.reverse()
        return found


class _Runs:
    """One edge held as runs of points kept whole (:class:`~peaceplan.compare.alignments.KeptEdge`), read from
    one side (``forward``: the old one) for labels followed through it.

    A label is found by its position among its version's paths (``here``; ``at``): in a run
    (``starts``/``ends``, sorted), it is kept whole and its path on the other side is
    ``ahead[pos + shift]``; else it is in one of the other matches (``rest_at``: its
    position in ``rest``), and ``ahead_at`` gives the position of each path of the other side
    in no run. ``moved``: the positions of the first paths of moved pairs;
    ``here_points``/``ahead_points``: every provision of each side in document order.
    """

    __slots__ = (
        "_at",
        "_descent",
        "_here_id",
        "ahead",
        "ahead_at",
        "ahead_points",
        "ends",
        "forward",
        "here",
        "here_points",
        "moved",
        "rest",
        "rest_at",
        "shift",
        "size",
        "starts",
    )

    def __init__(self, descent: Descent, edge: KeptEdge, parent: str, version: str, forward: bool) -> None:
        self.forward = forward
        runs = edge.path_runs()  # (old, new, length), in new order
        if forward:
            runs.sort()  # in old order
            here, there, paths, ahead = parent, version, edge.old_paths, edge.new_paths
            self.starts = [a for a, _, _ in runs]
            self.shift = [b - a for a, b, _ in runs]
            self.moved = {edge.old_starts[i] for i, _ in edge.moved_pairs()}
            self.rest_at = {path: k for k, m in enumerate(edge.rest) for path in m.old}
        else:
            here, there, paths, ahead = version, parent, edge.new_paths, edge.old_paths
            self.starts = [b for _, b, _ in runs]
            self.shift = [a - b for a, b, _ in runs]
            self.moved = {edge.new_starts[j] for _, j in edge.moved_pairs()}
            self.rest_at = {path: k for k, m in enumerate(edge.rest) for path in m.new}
        self.ends = [a + size for a, (_, _, size) in zip(self.starts, runs, strict=True)]
        self._descent, self._here_id = descent, here
        self._at: dict[str, int] | None = None
        self.here, self.ahead = paths, ahead
        # the paths of the other side in no run (of the other matches), with their positions
        thens = sorted((b, size) for _, b, size in runs) if forward else sorted((a, size) for a, _, size in runs)
        gaps = zip([0, *(b + size for b, size in thens)], [*(b for b, _ in thens), len(ahead)], strict=True)
        self.ahead_at = {ahead[t]: t for a, b in gaps for t in range(a, b)}
        self.here_points, self.ahead_points = descent._points(here), descent._points(there)
        self.rest = edge.rest
        self.size = len(edge.new_paths)

    @property
    def at(self) -> dict[str, int]:
        """Each path of this side with its position (made once per version, when a label must be looked up)."""
        found = self._at
        if found is None:
            found = self._at = self._descent._flat_at(self._here_id, self.here)
        return found

    def there(self, key: int, path: str) -> int:
        """The position of ``path`` of the other side, in the match :class:`_Taken` knows by ``key`` (see
        :meth:`picked`); -1 when not known."""
        if key < 0:
            return self.ahead_at.get(path, -1)
        return key + self.shift[bisect_right(self.starts, key) - 1]

    def picked(self, labels: Iterable[str], places: Mapping[str, int] | None = None) -> dict[int, tuple[int, Match]]:
        """The matches holding ``labels``, each once, by their order in the edge (:meth:`Descent.matches`): each with
        the number :class:`_Taken` knows it by (a kept one: the position of its path on this side).

        ``places``: the position of each label on this side, where known (-1: not known).
        """
        found: dict[int, tuple[int, Match]] = {}
        starts, ends, rest_at = self.starts, self.ends, self.rest_at
        for label in labels:
            k = rest_at.get(label)
            if k is not None:
                found[self.size + k] = (-1 - k, self.rest[k])
                continue
            pos = places.get(label, -1) if places is not None else -1
            if pos < 0:
                pos = self.at.get(label, -1)
                if pos < 0:
                    continue
            r = bisect_right(starts, pos) - 1
            if r >= 0 and pos < ends[r]:
                there = pos + self.shift[r]
                other, moved = self.ahead[there], pos in self.moved
                if self.forward:
                    found[there] = (pos, KeptEdge.match_of(label, other, moved))
                else:
                    found[pos] = (pos, KeptEdge.match_of(other, label, moved))
        return found


class _Taken:
    """The step each match of one hop gives a change followed through it (None when unchanged), as
    :meth:`Descent._traced` takes it; without steps, the number of its credit (:class:`_Credits`).

    A point carried over word for word takes its step without a change record (as
    :meth:`_Hop.carried` gives it), any other match the step of its change record
    (:meth:`Descent._step`), or without steps only its credit (:meth:`Descent._credit`),
    made once per match.
    """

    __slots__ = ("_credited", "credits", "descent", "hop", "made", "steps")

    def __init__(self, descent: Descent, hop: _Hop, steps: bool, credits: _Credits) -> None:
        self.descent, self.hop, self.steps, self.credits = descent, hop, steps, credits
        self.made: dict[int, Step | int | None] = {}
        self._credited: int | None = None

    @property
    def credited(self) -> int:
        """The number of the credit of a match giving one point credited as its version (none of its own).

        :func:`~peaceplan.model.credit.change_credit` of any match giving such a point is
        :func:`~peaceplan.model.credit.provision_credit` of the version alone, whatever the
        kind of the match: a traced diff without steps needs no verdict for it.
        """
        if self._credited is None:
            self._credited = self.credits.number(*self.hop.credited)
        return self._credited

    def __call__(self, k: int) -> Step | int | None:
        return self.of(k, self.hop.matches[k])

    def of(self, k: int, m: Match) -> Step | int | None:
        """The step of match ``m`` of the hop, ``k`` naming it among the hop's matches (it is made once per ``k``)."""
        hop = self.hop
        kind = m.kind
        if (kind is _RENUMBERED or kind is _UNCHANGED or kind is _MOVED) and len(m.old) == 1 and len(m.new) == 1:
            new = hop.new.provision(m.new[0])
            if not self.steps and kind is not _UNCHANGED and not new.attributions:
                return self.credited
            old = hop.old.provision(m.old[0])
            # The loader gives a point repeated word for word (label too) the same object.
            if old is new or same_content(old, new, titled=hop.titled, tagged=hop.tagged):
                if kind is _UNCHANGED:
                    return None
                step = hop.step(m)
                return step if self.steps else self.credits.number(step.attributions, step.sources)
        made = self.made
        if k in made:
            return made[k]
        # any other match: its change record's step
        found: Step | int | None
        if self.steps:
            found = self.descent._step(hop, m)
        elif hop.fixed_kind(m) is _UNCHANGED:  # as :meth:`Descent._credit` credits it
            found = None
        else:
            credit = hop.credit_of(m)
            found = self.credited if credit is hop.credited else self.credits.number(*credit)
        made[k] = found
        return found


class _Hop:
    """One edge of the chain a diff is traced along, its matches indexed by old and by new label.

    Following a point through an edge is then a lookup per label, not a scan of
    its matches: tracing a diff of N points along the chain costs O(N) per edge.
    """

    def __init__(self, descent: Descent, parent: str, version: str) -> None:
        self.parent = parent
        self.version = version
        self.descent = descent
        self.old, self.new = descent.corpus.version(parent), descent.corpus.version(version)
        self.titled = self.old.has_titles and self.new.has_titles
        self.tagged = self.old.has_topics and self.new.has_topics
        self.shared: dict[MatchKind, Step] = {}  # the step of a carried point with no credit of its own
        self.edge = descent._aligned(parent, version)

    @cached_property
    def old_paths(self) -> dict[str, Provision]:
        """Every provision of the old version by path."""
        return self.descent.provisions(self.parent)

    @cached_property
    def new_paths(self) -> dict[str, Provision]:
        """Every provision of the new version by path."""
        return self.descent.provisions(self.version)

    @cached_property
    def _index(self) -> tuple[Sequence[Match], dict[str, int], dict[str, int]]:
        # Each label with the position of its match (shared with the descent's other views).
        return self.descent._edge_index(self.parent, self.version)

    @property
    def matches(self) -> Sequence[Match]:
        """The edge's matches (:meth:`Descent.matches`), made when asked for (see :meth:`runs`)."""
        return self._index[0]

    @property
    def by_old(self) -> dict[str, int]:
        """Each old path with the position of its match in :attr:`matches`."""
        return self._index[1]

    @property
    def by_new(self) -> dict[str, int]:
        """Each new path with the position of its match in :attr:`matches`."""
        return self._index[2]

    def runs(self, forward: bool) -> _Runs | None:
        """The edge as runs of points kept whole, read from its old side (``forward``) or its new one; None when
        the edge is not held so (its :attr:`matches` are then read)."""
        edge = self.edge
        if not isinstance(edge, KeptEdge):
            return None
        return _Runs(self.descent, edge, self.parent, self.version, forward)

    @cached_property
    def silent(self) -> bool:
        """Whether every change through this edge is credited to no one (see :func:`credits_nobody`)."""
        return credits_nobody(self.new)

    @cached_property
    def credited(self) -> Credit:
        """The credit of a change giving points of the new version none of which has attributions of its own.

        :func:`~peaceplan.model.credit.change_credit` credits such a change as the version:
        :func:`~peaceplan.model.credit.provision_credit` of the version alone, the same for
        every such change through this edge.
        """
        return provision_credit(self.new, ())

    def credit_of(self, m: Match) -> Credit:
        """The credit :func:`~peaceplan.model.credit.change_credit` gives the change of a match of this edge."""
        news = tuple(map(self.new.provision, m.new))
        if news and not any(map(_ATTRIBUTIONS, news)):
            return self.credited
        return change_credit(self.old, self.new, m.old, news)

    @cached_property
    def owned(self) -> bool:
        """Whether a point of the new version has attributions of its own (the others are credited as the version)."""
        return any(map(_ATTRIBUTIONS, self.descent._points(self.version)))

    def fixed_kind(self, m: Match) -> MatchKind | None:
        """The kind :meth:`Descent.change` gives ``m`` when the match alone decides it; None when it takes a verdict.

        :func:`~peaceplan.compare.diff.decided_kind` over this edge's points: a point added or
        removed, a split or a merge keep the alignment's kind, as does a match whose points'
        own content is the same on both sides; a match of changed content that the alignment
        calls modified, reworded or carried over takes the verdict of its redline and findings.
        """
        olds = list(map(self.old.provision, m.old))
        news = list(map(self.new.provision, m.new))
        return decided_kind(m, olds, news, titled=self.titled, tagged=self.tagged)

    def carried(self, m: Match) -> tuple[Step, ...] | None:
        """For a match that carries one point over word for word, its step (none if unchanged); else None.

        The step is the one :meth:`Descent.change` gives the match: its own kind (the
        texts are the same, see :func:`~peaceplan.compare.diff.same_content`), credited as
        :func:`~peaceplan.compare.diff.change_of` credits a change.
        """
        kind = m.kind
        if not (kind is _UNCHANGED or kind is _RENUMBERED or kind is _MOVED) or len(m.old) != 1 or len(m.new) != 1:
            return None
        new = self.new.provision(m.new[0])
        if not same_content(self.old.provision(m.old[0]), new, titled=self.titled, tagged=self.tagged):
            return None
        return () if kind is _UNCHANGED else (self.step(m),)

    def step(self, m: Match) -> Step:
        """The step of a match that carries one point over word for word, renumbered or moved (see :meth:`carried`)."""
        return self.carried_step(m.kind, m.old, self.new.provision(m.new[0]))

    def carried_step(self, kind: MatchKind, olds: tuple[str, ...], new: Provision) -> Step:
        """:meth:`step` of a match of this ``kind`` carrying the point at ``olds`` over word for word as ``new``."""
        if not new.attributions:  # credited as its version: the same step for every such point
            found = self.shared.get(kind)
            if found is not None:
                return found
        if new.attributions:
            attributions, sources = change_credit(self.old, self.new, olds, (new,))
        else:
            attributions, sources = self.credited
        step = Step(parent=self.parent, version=self.version, kind=kind, attributions=attributions, sources=sources)
        if not new.attributions:
            self.shared[kind] = step
        return step


def credits_nobody(version: Version) -> bool:
    """Whether every change into ``version`` is credited to no one.

    A change is credited to the points it produced (their own attributions, else the
    version's) or, for a removal, to whoever proposed the accepted amendment that removed
    it (:func:`~peaceplan.model.credit.change_credit`): none of them names anyone here. So
    a change followed through an edge into ``version`` gets no credit from that step,
    whatever its kind: a traced diff without steps need not tell its kind.

    >>> import peaceplan
    >>> credits_nobody(peaceplan.load_corpus().version("20-point"))
    False
    >>> plain = Version(id="v", document="d", title="V", status="draft", provisions=[Provision(label="1", text="A.")])
    >>> credits_nobody(plain)
    True
    """
    return (
        not version.attributions
        and not any(map(_ATTRIBUTIONS, map(_PROVISION, version.walk())))
        and not any(map(_ATTRIBUTIONS, version.amendments))
    )


class _Credited(NamedTuple):
    """The credit of a step whose kind is left undecided (a traced diff without steps)."""

    attributions: tuple[Attribution, ...]
    sources: tuple[Source, ...]


_ATTRIBUTIONS, _SOURCES, _PROVISION = attrgetter("attributions"), attrgetter("sources"), itemgetter(1)
_TEXT, _LABEL, _CHILDREN = attrgetter("text"), attrgetter("label"), attrgetter("children")
_ALTS, _DERIVED = attrgetter("alternatives"), attrgetter("derived_from")
_IS_NONE = partial(is_, None)
_PATH = itemgetter(0)


class _Credits:
    """The credit of changes traced step by step (see :meth:`Descent._follow`): every credit met, numbered.

    A change is credited with its steps' attributions, each once in order of first
    mention, and the sources they cite (as :meth:`Descent._traced` credits it). The steps
    of a long chain repeat a few credits (a version's drafter, at every hop it renumbers
    a point): each credit is numbered by value once, each attribution and source too, so
    a change's credit is put together from small numbers rather than by comparing its
    steps' attributions one by one. A step is known by identity while its trace runs
    (every step is held in a change's steps until then).
    """

    def __init__(self) -> None:
        self._attributions: dict[Attribution, int] = {}  # each attribution met: its number
        self._attribution: list[Attribution] = []  # ... and each number's attribution
        self._sources: dict[Source, int] = {}
        self._source: list[Source] = []
        self._numbers: dict[tuple[tuple[int, ...], tuple[int, ...]], int] = {}  # each credit: its number
        self._given: list[tuple[int, ...]] = []  # each credit's attributions by number
        self._cited: list[tuple[int, ...]] = []  # ... and its sources
        self._of_step: dict[int, int] = {}  # each step met, by identity: the number of its credit

    def number(self, attributions: Sequence[Attribution], sources: Sequence[Source]) -> int:
        """The number of a credit: the same for every credit of the same attributions and sources."""
        key = (tuple(map(self._numbered_attribution, attributions)), tuple(map(self._numbered_source, sources)))
        found = self._numbers.get(key)
        if found is None:
            found = self._numbers[key] = len(self._given)
            self._given.append(key[0])
            self._cited.append(key[1])
        return found

    def _numbered_attribution(self, a: Attribution) -> int:
        found = self._attributions.get(a)
        if found is None:
            found = self._attributions[a] = len(self._attribution)
            self._attribution.append(a)
        return found

    def _numbered_source(self, s: Source) -> int:
        found = self._sources.get(s)
        if found is None:
            found = self._sources[s] = len(self._source)
            self._source.append(s)
        return found

    def traced(self, e: Change, found: list[Step | int], steps: bool) -> Change:
        """``e`` with the steps ``found`` in the order taken (without steps, their credits' numbers) and
        their credit, as :meth:`Descent._traced` gives it."""
        if not found:
            return e
        if not e.old_labels:  # followed back from its new points
            found.reverse()
        if steps:
            taken = dict(zip(map(id, found), found, strict=True))  # each step once, in order of first mention
            of_step = self._of_step
            for key in filterfalse(of_step.__contains__, taken):
                step = cast("Step", taken[key])
                of_step[key] = self.number(step.attributions, step.sources)
            numbers = dict.fromkeys(map(of_step.__getitem__, taken))
        else:
            numbers = dict.fromkeys(cast("list[int]", found))
        # each credit once, in order of first mention: each attribution and source in the same order
        given = dict.fromkeys(chain.from_iterable(map(self._given.__getitem__, numbers)))
        cited = dict.fromkeys(chain.from_iterable(map(self._cited.__getitem__, numbers)))
        attributions = tuple(map(self._attribution.__getitem__, given)) or e.attributions
        sources = tuple(map(self._source.__getitem__, cited)) or e.sources
        if steps:
            return attrs.evolve(e, steps=tuple(cast("list[Step]", found)), attributions=attributions, sources=sources)
        return attrs.evolve(e, attributions=attributions, sources=sources)


def _onward(
    found: list[Step | int], ahead: tuple[str, ...], several: list[tuple[list[Step | int], dict[str, int]]]
) -> str | None:
    """The one label a change (its steps ``found``) goes on with through a match whose paths ahead are ``ahead``.

    None when it stops there (no path ahead) or goes on with several labels, then added to ``several``.
    """
    if len(ahead) == 1:
        return ahead[0]
    if ahead:
        several.append((found, dict.fromkeys(ahead, -1)))
    return None


def _changed(e: Change) -> bool:
    return e.kind is not _UNCHANGED


def _step(e: Change, parent: str, version: str) -> Step:
    return Step(parent=parent, version=version, kind=e.kind, attributions=e.attributions, sources=e.sources)


def _moves(
    runs: list[tuple[int, int, int]],
    rest: Sequence[Match],
    old_at: dict[str, int],
    new_at: dict[str, int],
) -> tuple[frozenset[int], tuple[Match, ...]]:
    """Which pairs by hashing are moved, and ``rest`` with its pairings marked so, as ``align`` would mark them.

    The shortcut pairs part of the points by hashing (in ``runs``, see :class:`KeptEdge`; the
    pairs numbered in their order) and aligns the rest apart, so neither part sees the whole order: a pairing is moved
    when it is off the longest run of pairings in the same order on both sides, counted
    over all, as :func:`~peaceplan.compare.align._lis` finds it. ``old_at``/``new_at``: each
    version's top-level labels (those of the points left to the rest, at least) with their positions.

    The pairs by hashing come in stretches where both positions step by one: patience sorting
    (:func:`~peaceplan.compare.align._lis`) lays such a stretch on consecutive piles, each point
    after the one before it, so it is played here a stretch at a time, with the same outcome.
    """
    # every pairing as a stretch (old, new, length, its first pair, or -1 - its place in rest), in old order
    firsts = accumulate([size for _, _, size in runs], initial=0)
    stretches = [(i, j, size, first) for (i, j, size), first in zip(runs, firsts, strict=False)]
    placed: dict[int, int] = {}  # the pairings of rest: position in rest -> old position
    for k, m in enumerate(rest):
        if m.old and m.new and m.old[0] in old_at and m.new[0] in new_at:
            placed[k] = o = old_at[m.old[0]]
            stretches.append((o, new_at[m.new[0]], 1, -1 - k))
    stretches.sort()
    starts = list(accumulate([size for _, _, size, _ in stretches], initial=0))  # each stretch's first pairing
    tails: list[int] = []  # patience sorting, pairing by pairing as _lis plays it (pairings numbered in old order)
    tail_at: list[int] = []
    back: list[int] = []  # the pairing before each stretch's first on the longest run so far
    for s, (_, n, size, _) in enumerate(stretches):
        pile = bisect_left(tails, n)
        back.append(tail_at[pile - 1] if pile else -1)
        tails[pile : pile + size] = range(n, n + size)
        tail_at[pile : pile + size] = range(starts[s], starts[s] + size)
    on: dict[int, int] = {}  # each stretch on the longest run: how many of its first pairings are
    at = tail_at[-1] if tail_at else -1
    while at >= 0:
        s = bisect_right(starts, at) - 1
        on[s] = at - starts[s] + 1
        at = back[s]
    moved: set[int] = set()
    off: set[int] = set()  # the old positions of the pairings of rest off the run
    for s, (o, _, size, first) in enumerate(stretches):
        kept = on.get(s, 0)
        if kept < size:
            if first >= 0:
                moved.update(range(first + kept, first + size))
            else:
                off.add(o)
    out = list(rest)
    for k, o in placed.items():
        m = out[k]
        is_moved = o in off
        kind = m.kind
        if kind in CARRY_KINDS:
            kind = MatchKind.MOVED if is_moved else MatchKind.RENUMBERED if m.old != m.new else MatchKind.UNCHANGED
        if is_moved != m.moved or kind is not m.kind:
            out[k] = attrs.evolve(m, moved=is_moved, kind=kind)
    return frozenset(moved), tuple(out)


class _Paired:
    """The top-level points of one edge that the shortcut pairs by hashing, looked up point by point.

    ``pairs``: the positions of each pairing in the two versions, in new order, as
    :meth:`Descent._pairs` gives them (the shortcut's first matches, in that order).
    """

    __slots__ = ("_above", "_below", "after", "before", "by_new", "by_old", "lone_new", "lone_old", "pairs")

    def __init__(self, pairs: list[tuple[int, int]], before: _Tops, after: _Tops) -> None:
        self.pairs = pairs
        self.before, self.after = before, after
        self.by_old = {i: k for k, (i, _) in enumerate(pairs)}
        self.by_new = {j: k for k, (_, j) in enumerate(pairs)}
        olds = [i for i, _ in pairs]
        self._below = list(accumulate(olds, max))  # the furthest old position of the pairings up to each
        self._above = list(accumulate(reversed(olds), min))[::-1]  # the nearest one of the pairings from each on
        # the first and last points of each side left to the alignment of the rest (None: none)
        lone_old = [i for i in range(len(before.contents)) if i not in self.by_old]
        lone_new = [j for j in range(len(after.contents)) if j not in self.by_new]
        self.lone_old = (lone_old[0], lone_old[-1]) if lone_old else None
        self.lone_new = (lone_new[0], lone_new[-1]) if lone_new else None

    def settled(self, k: int) -> bool:
        """Whether pairing ``k`` is on every longest run of pairings in order, whatever the rest aligns to.

        It is when no other pairing can cross it (one before it in a version and after
        it in the other): every run then extends through it, so :func:`_with_moves`
        leaves it as it is. A pairing by hashing crosses it if the pairings before it
        in new order reach past it in old order, or those after it reach before it; a
        pairing of the rest may, wherever a point left to the rest lies before it in
        one version and one lies after it in the other.
        """
        i, j = self.pairs[k]
        if k and self._below[k - 1] > i:
            return False
        if k + 1 < len(self.pairs) and self._above[k + 1] < i:
            return False
        if self.lone_old is not None and self.lone_new is not None:
            (first_old, last_old), (first_new, last_new) = self.lone_old, self.lone_new
            if (first_old < i and last_new > j) or (last_old > i and first_new < j):
                return False
        return True

    def pick(
        self, old_at: dict[str, int], olds: AbstractSet[str], new_at: dict[str, int], news: AbstractSet[str]
    ) -> list[Match] | None:
        """The shortcut's matches holding ``olds`` or ``news``, in its order; None when the hashing alone cannot tell.

        ``old_at``/``new_at``: the position of each path's top-level point in its version.
        """
        picked: set[int] = set()
        for paths, at, index in ((olds, old_at, self.by_old), (news, new_at, self.by_new)):
            for path in paths:
                k = index.get(at[path])
                if k is None or not self.settled(k):
                    return None
                picked.add(k)
        found: list[Match] = []
        for k in sorted(picked):
            i, j = self.pairs[k]
            found += (
                m for m in kept_all(self.before.paths[i], self.after.paths[j]) if m.old[0] in olds or m.new[0] in news
            )
        return found


class _Tops:
    """What the hashing shortcut reads of one version's top-level points, made once per version.

    ``contents``: each point's content number (see :meth:`Descent._key`), in order; ``once``: the
    numbers found once in the version, with the point's position; ``at``: each label's position;
    ``flat``: every path in document order, and ``starts`` where each point's paths start in it
    (one more: the end); ``paths``: each point's paths (its own first, then its sub-points'), made
    when asked for; ``citing``: every ``(path, point)`` with a ``derived_from``; ``cited``: the
    positions of the points holding one (theirs or a sub-point's).
    """

    __slots__ = ("_at", "_paths", "cited", "citing", "contents", "flat", "once", "points", "starts")

    def __init__(self, version: Version, contents: list[int], starts: list[int] | None, cited: set[int]) -> None:
        """The shortcut's view of ``version``, whose top-level points have these content numbers.

        ``starts``: where each point's paths start among all (None: every point is one path).
        """
        size = len(contents)
        once = dict(zip(contents, range(size), strict=True))
        if len(once) < size:  # a content twice: not paired by hashing
            counts = Counter(contents)
            once = {k: i for k, i in once.items() if counts[k] == 1}
        walked = version.walk()
        self.contents = contents
        self.once = once
        self.points = version.provisions  # (see at)
        self._at: dict[str, int] | None = None
        self.flat = list(map(_PATH, walked))
        self.starts = starts if starts is not None else list(range(size + 1))
        self.cited = cited
        self.citing = list(compress(version.walk(), map(_DERIVED, map(_PROVISION, version.walk())))) if cited else []
        self._paths: list[tuple[str, ...]] | None = None

    @classmethod
    def of(cls, version: Version, contents: list[int], starts: list[int] | None, cited: set[int]) -> _Tops:
        """As the constructor."""
        return cls(version, contents, starts, cited)

    @property
    def at(self) -> dict[str, int]:
        """Each top-level label with its point's position, made when asked for."""
        if self._at is None:
            self._at = dict(zip(map(_LABEL, self.points), range(len(self.points)), strict=True))
        return self._at

    @property
    def paths(self) -> list[tuple[str, ...]]:
        """Each point's paths (its own first, then its sub-points' in document order)."""
        if self._paths is None:
            flat, starts = self.flat, self.starts
            self._paths = [tuple(flat[a:b]) for a, b in pairwise(starts)]
        return self._paths

    def side(self) -> tuple[list[str], list[int], list[int]]:
        """The version as :func:`~peaceplan.compare.alignments.aligned_kept` reads an entry against it."""
        return self.flat, self.starts, self.contents
