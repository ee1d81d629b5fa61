"""Which provision became which: the alignment of two versions.

:func:`align` pairs the provisions (at every depth) of an old and a new version
and says how each pair relates: unchanged, renumbered, moved, modified, split,
merged, added or removed. Everything above it (redlines, findings, diffs,
lineage) starts from these matches.

How it works, and why (the design is near-linear so 20,000-point texts stay fast):

1. **Curated lineage first** (``use_lineage=True``). A new provision whose
   ``derived_from`` names provisions of the old version is paired with them;
   so is one that names the same ancestor provision as exactly one old provision
   (both drafts derive from one point of a third).
   The *first* resolvable ref is the primary one. An old provision that is the
   primary ref of several new ones is SPLIT among them. An additional ref makes
   a MERGED match only if that old provision is nobody's primary ref, no earlier
   new provision took it as an additional ref, and the new provision's own
   primary is not split; otherwise the additional ref is ignored for alignment
   (it stays lineage, to be shown by history, not a merge).
2. **Levels, top down.** Top-level points are aligned first; then the children
   of every matched pair (of all parts, for a split or merge) are aligned among
   themselves, so sub-points get matches with their own paths ("10.a"). A
   sub-point of an unmatched provision is ADDED or REMOVED with it. Leftovers of
   any depth with identical, unique text are paired last (a sub-point promoted
   to a point keeps its match).
3. **Within a level:** identical normalised text is paired by hashing (unique
   keys, then duplicates in order); unique pairs on the longest increasing
   subsequence (patience style) are the *anchors* that fix the frame. The
   residue gets candidates from an inverted index of rare tokens
   (:class:`~peaceplan.compare.similarity.TokenIndex`) plus the nearest residue points
   between the same anchors, is scored with :func:`~peaceplan.compare.similarity.similarity`
   (IDF-weighted token overlap blended with rapidfuzz), and is assigned greedily
   by score plus priors (same stretch between anchors, shared topic, similar
   title, same sub-point structure), ties broken by closeness to the expected
   position. Very similar pairs between the same anchors are placed first and
   join the frame; a pair across anchors (a move) needs ``move_score``, since
   look-alikes far away multiply with the document's size.
4. **Splits and merges** are looked for only in the residue: an unmatched new
   point whose words are mostly found in an old point, and which covers a part
   of it that its partner does not, joins that old point as a split part;
   merges are the mirror image. The old points paired with its neighbours are
   tried first (a split's halves sit side by side), then the index candidates.
5. **Moves**: within each scope (the top level, or the children of one matched
   pair), matches off the longest increasing subsequence of matched positions
   are ``moved``; a match whose old and new parents are not matched to each
   other is moved too.

6. **Evidence beyond shared words**, for drafts nobody curated (measured on real
   document pairs in ``benchmarks/realworld``): a text kept nearly whole inside a
   longer one scores by containment; a shared opening heading and the only two
   points stating one commitment (:mod:`peaceplan.compare.paraphrase`) get a prior and are
   compared wherever they sit; printed numbers (:func:`~peaceplan.text.numbering.label_key`)
   get a prior scaled by how far the pairs already found kept theirs, and where they
   are identifiers a point whose text went elsewhere while its number lives on is
   split, and a leftover sub-item folds into its parent number's point; an optional
   embedder (``AlignOptions.similarity``) adds the cosine of two texts' vectors.
   Every match gets a calibrated :attr:`Match.confidence` (:func:`confidence`).

The result lists matches in new-document order (by the first new path of each
match); a REMOVED match follows the match of the nearest preceding old
provision that did not move, so deletions show where they happened.
"""

from __future__ import annotations

import contextlib
import contextvars
import heapq
import itertools
import re
from bisect import bisect_left, bisect_right
from collections import Counter, defaultdict
from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence

import attrs
from rapidfuzz import fuzz

from .._gcpause import paused_gc
from ..model.records import Provision, Version
from ..text.numbering import label_key
from .matches import Match, MatchKind  # re-exported: they lived here before
from .paraphrase import commitments
from .semantic import Embedder, cosine, embed
from .similarity import (
    NUMBER_WEIGHT,
    TokenIndex,
    Weights,
    best_container,
    char_ratio,
    containment,
    coverage,
    covering_parts,
    exact_key,
    similarity,
    sorted_words,
    token_bag,
)

__all__ = ["AlignOptions", "Match", "MatchKind", "align", "confidence"]


@attrs.frozen(kw_only=True)
class AlignOptions:
    """Thresholds and budgets of :func:`align`.

    The defaults were calibrated on generated revisions (``tests/generator.py``,
    10–30 % edit rates) and on the built-in corpus's curated lineage.

    ``min_score``: a 1:1 pair is accepted when similarity plus priors reaches it.
    ``move_score``: the same for two points in different stretches between anchors (a move); stricter,
    since the farther a partner may be, the more look-alikes compete (generated boilerplate reaches 0.5–0.8).
    ``strong_score``: pairs at least this similar and between the same anchors are placed first and join the frame.
    ``gap_bonus``: prior for two points between the same anchors.
    ``lone_bonus``: extra prior when they are the only unmatched points between those anchors.
    ``topic_bonus``: prior for a shared topic (a penalty of the same size when both have topics, none shared).
    ``title_bonus``: prior scaled by title similarity when both have titles.
    ``heading_bonus``: prior when two points without titles open with the same short heading
    ("Account Management. ..."), half of it when the headings are alike (a renamed point).
    ``paraphrase_bonus``: prior for the only two points, one on each side, that state one commitment
    (:mod:`peaceplan.compare.paraphrase`: "a truce takes effect" and "the parties cease all hostilities").
    ``similarity``: an optional :data:`~peaceplan.compare.semantic.Embedder` (texts to vectors, e.g. a
    sentence-transformers model); when given, the cosine of two points' vectors makes up
    ``semantic_weight`` of their similarity, and each point's nearest neighbours by it are candidates.
    ``structure_bonus``: prior when both or neither have sub-points.
    ``candidates``: index candidates per point; ``positional_candidates``: nearest residue points
    between the same anchors also compared; ``all_pairs_limit``: compare every pair when the residue
    product is at most this. ``query_tokens``/``max_postings``: index budget per lookup.
    ``token_weight``: share of token overlap (rest is rapidfuzz ``token_sort_ratio``) in a score.
    ``idf_sample``: points per side (beyond the residue) sampled to estimate word rarity.
    ``part_containment``: share of a split/merge part's words found in the whole;
    ``part_gain``: coverage of the whole each part must add; ``split_coverage``: coverage of the whole
    the parts must reach when it has no partner; ``part_reach``: a part looks first for a whole among the
    partners of the points up to this many positions away (a split's other half, a merge's first point).
    ``label_bonus``: prior for two points printed with the same number (compared by
    :func:`~peaceplan.text.numbering.label_key`, so ``02.01.04`` meets ``2.1.4``), scaled by how often the
    pairs already found at that level kept their number: nothing when the drafters renumbered, the full
    bonus when numbers are stable identifiers. ``label_min_score``: text similarity such a pair needs
    all the same (the number is a prior that text evidence overrules, not a gate).
    ``label_evidence``: pairs found by their texts that must already show whether numbers are kept
    before a number counts at all.
    ``parent_min_score``: text similarity a leftover point needs to be folded into the point printed
    with its parent number ("AC-2(10)" into "AC-2") where numbers are stable identifiers.
    ``twin_containment``: share of a merge or split part's words the whole must hold for a part about
    as alike to the whole as its partner (a near-duplicate) to join without adding coverage of its own.
    ``uncertain_below``: an inferred match whose :attr:`Match.confidence` is below this is ``uncertain``.
    ``containment_weight``: a text kept nearly whole inside a longer one scores at least this times the
    share of it the longer one holds, when that share is at least ``containment_min``, the shorter text
    has ``containment_tokens`` words or more, and the two differ in length (the shorter under
    ``containment_floor`` of the longer's weight). ``semantic_weight``: see ``similarity``.

    >>> AlignOptions().min_score
    0.45
    """

    min_score: float = 0.45
    move_score: float = 0.6
    strong_score: float = 0.65
    gap_bonus: float = 0.16
    lone_bonus: float = 0.1
    topic_bonus: float = 0.12
    title_bonus: float = 0.05
    structure_bonus: float = 0.02
    candidates: int = 4
    positional_candidates: int = 2
    all_pairs_limit: int = 2500
    query_tokens: int = 6
    max_postings: int = 32
    token_weight: float = 0.6
    part_containment: float = 0.6
    part_gain: float = 0.15
    split_coverage: float = 0.5
    part_reach: int = 6
    idf_sample: int = 200
    label_bonus: float = 0.3
    twin_containment: float = 0.8
    uncertain_below: float = 0.7
    containment_weight: float = 0.7
    containment_min: float = 0.8
    containment_floor: float = 0.6
    containment_tokens: int = 4
    heading_bonus: float = 0.2
    paraphrase_bonus: float = 0.2
    parent_min_score: float = 0.25
    similarity: Embedder | None = attrs.field(default=None, eq=False)
    semantic_weight: float = 0.5
    label_min_score: float = 0.15
    label_evidence: int = 5


# --- the working tree -------------------------------------------------------------

_HEADING = re.compile(r"\s*([^.:;!?\n]{2,80}?)[.:]\s+\S")


class _Node:
    """A provision in the working tree: its path, document order, exact key and (lazily) its tokens."""

    __slots__ = (
        "_bag",
        "_full",
        "_heading",
        "_label_key",
        "_raw",
        "_sorted",
        "children",
        "key",
        "order",
        "own",
        "parent",
        "path",
        "provision",
    )

    def __init__(self, path: str, provision: Provision, order: int, parent: _Node | None, own: str) -> None:
        self.path = path
        self.provision = provision
        self.order = order
        self.parent = parent
        self.own = own
        self.children: list[_Node] = []
        self.key = own
        self._full: str | None = None
        self._bag: dict[str, float] | None = None
        self._label_key: str | None = None
        self._heading: str | None = None
        self._raw: str | None = None
        self._sorted: tuple[str | None] | None = None  # (sorted_words(full),) once computed

    @property
    def heading(self) -> str:
        """The point's title, or the short heading its text opens with ("Account Management. ..."), casefolded.

        Empty when it has neither. A heading is a lead of at most eight words ending with a
        full stop or colon and followed by more text: catalogues and standards print titles
        that way, and a renamed point often keeps its title when its text is rewritten.
        """
        if self._heading is None:
            title, text = self.provision.title, self.provision.text
            # (a text that opens with no space has its heading's full stop or colon among characters 2 to 80)
            plain = text[:1].isspace() is False and text.find(".", 2, 81) < 0 and text.find(":", 2, 81) < 0
            found = None if title or plain else _HEADING.match(text)
            if title:
                self._heading = exact_key(title)
            elif found is None or len(found.group(1).split()) > 8:
                self._heading = ""
            else:
                self._heading = exact_key(found.group(1))
        return self._heading

    @property
    def label_key(self) -> str:
        """The printed number, normalised so that the same number in another format compares equal."""
        if self._label_key is None:
            self._label_key = _label_key_of(self.provision.label)
        return self._label_key

    @property
    def raw(self) -> str:
        """The text including sub-points as written (:meth:`Provision.full_text`; the text of a leaf), made once."""
        if self._raw is None:
            self._raw = self.provision.full_text() if self.children else self.provision.text
        return self._raw

    @property
    def full(self) -> str:
        """Normalised text including sub-points (the own text for a leaf)."""
        if self._full is None:
            self._full = exact_key(self.raw) if self.children else self.own
        return self._full

    @property
    def sorted_full(self) -> str | None:
        """The words of :attr:`full` sorted, once for every comparison (see :func:`similarity.sorted_words`)."""
        if self._sorted is None:
            self._sorted = (sorted_words(self.full),)
        return self._sorted[0]

    @property
    def known_sorted_full(self) -> str | None:
        """:attr:`sorted_full` when it was already made; else None."""
        found = self._sorted
        return None if found is None else found[0]

    @property
    def known_sorted_own(self) -> str | None:
        """The words of a leaf's own text sorted, when :attr:`sorted_full` was already made; else None."""
        found = self._sorted
        return None if found is None or self.children else found[0]

    @property
    def bag(self) -> dict[str, float]:
        if self._bag is None:
            self._bag = _bag_of(self.raw)
        return self._bag


_LABEL_KEYS_SIZE = 20_000
"""Labels whose keys are remembered per process (the labels of a document recur in every draft)."""

_label_keys: dict[str, str] = {}


def _label_key_of(label: str) -> str:
    """:func:`~peaceplan.text.numbering.label_key`, remembered, as word stems are."""
    found = _label_keys.get(label)
    if found is None:
        if len(_label_keys) >= _LABEL_KEYS_SIZE:
            _label_keys.clear()
        found = _label_keys[label] = label_key(label)
    return found


_BAGS: contextvars.ContextVar[dict[str, dict[str, float]] | None] = contextvars.ContextVar(
    "peaceplan_align_bags", default=None
)


@contextlib.contextmanager
def shared_bags(bags: dict[str, dict[str, float]]) -> Iterator[None]:
    """Within the block, :func:`align` keeps each text's tokens in ``bags`` and reuses them.

    The history verbs align edge after edge of one lineage, whose drafts share
    most of their texts: with one ``bags`` dict for the whole walk, each text is
    cut into tokens once rather than once per edge. The dict belongs to the
    caller, so it lives as long as the walk and no longer.

    >>> bags: dict[str, dict[str, float]] = {}
    >>> with shared_bags(bags):
    ...     _ = _bag_of("Ukraine's army is capped at 600,000.")
    >>> list(bags)
    ["Ukraine's army is capped at 600,000."]
    """
    token = _BAGS.set(bags)
    try:
        yield
    finally:
        _BAGS.reset(token)


COMMITMENT_WEIGHT = 0.5
"""Multiplier of the token a restated commitment adds to a text's words (before rarity weighting)."""


def _tokens(text: str) -> dict[str, float]:
    """The words of ``text`` (:func:`~peaceplan.compare.similarity.token_bag`) plus one token per commitment it states.

    The commitment tokens (:func:`~peaceplan.compare.paraphrase.commitments`: "ceasefire" for "truce" as for
    "cease all hostilities") let two provisions that restate one commitment in other words share
    evidence; they are weighted by rarity like words, so a commitment every point states counts little.
    """
    bag = token_bag(text)
    for slug in sorted(commitments(text)):  # in a fixed order: a bag's order must not follow the hash seed
        mark = _MARKS.get(slug)
        if mark is None:
            mark = _MARKS[slug] = f"§{slug}"
            _STATED.add(mark)
        bag[mark] = COMMITMENT_WEIGHT
    return bag


_MARKS: dict[str, str] = {}
"""The token of each commitment slug (see :func:`_tokens`; no word's token starts with "§")."""

_STATED: set[str] = set()
"""Every token of :data:`_MARKS`: the commitment tokens a bag holds are its tokens in this set."""


def _stated(bag: dict[str, float]) -> Iterator[str]:
    """The commitment tokens of a bag :func:`_tokens` made: those it ends with (no word's token starts with "§")."""
    for t in reversed(bag):
        if t[0] != "§":
            return
        yield t


def _bag_of(text: str) -> dict[str, float]:
    """The tokens of ``text`` (see :func:`_tokens`), shared within :func:`shared_bags`."""
    bags = _BAGS.get()
    if bags is None:
        return _tokens(text)
    found = bags.get(text)
    if found is None:
        found = bags[text] = _tokens(text)
    return found


@attrs.define(eq=False)
class _Group:
    olds: list[_Node]
    news: list[_Node]
    curated: bool
    expanded: bool = False
    moved: bool = False
    chars: float | None = None  # the char_ratio of the full texts of a 1:1 pair, when already computed


def _build(version: Version) -> tuple[list[_Node], list[_Node]]:
    """The top-level nodes and every node in document (pre-)order.

    A leaf's exact key is its normalised text; a parent's is its full text, so
    two parents pair by hashing only when their sub-points are identical too.
    """
    every: list[_Node] = []
    roots = [_make(p, None, every) for p in version.provisions]
    return roots, every


def _make(p: Provision, parent: _Node | None, every: list[_Node]) -> _Node:
    """The node of ``p`` and its sub-points', each added to ``every`` in document order.

    (A function of the module, not one nested in :func:`_build`: a nested function calling
    itself is a reference cycle, which would keep every node alive until a collection pass.)
    """
    node = _Node(f"{parent.path}.{p.label}" if parent else p.label, p, len(every), parent, exact_key(p.text))
    every.append(node)
    if p.children:
        node.children = [_make(c, node, every) for c in p.children]
        node.key = node.full
    return node


class _State:
    """The groups found so far, and which group each old and new node belongs to."""

    def __init__(self) -> None:
        self._groups: dict[int, _Group] = {}
        self.of_old: dict[int, _Group] = {}
        self.of_new: dict[int, _Group] = {}

    @property
    def groups(self) -> list[_Group]:
        return list(self._groups.values())

    def add(self, olds: Sequence[_Node], news: Sequence[_Node], *, curated: bool = False) -> _Group:
        group = _Group(olds=sorted(olds, key=_order), news=sorted(news, key=_order), curated=curated)
        self._groups[id(group)] = group
        for n in group.olds:
            self.of_old[n.order] = group
        for n in group.news:
            self.of_new[n.order] = group
        return group

    def pair(self, old: _Node, new: _Node) -> _Group:
        group = _Group(olds=[old], news=[new], curated=False)
        self._groups[id(group)] = group
        self.of_old[old.order] = group
        self.of_new[new.order] = group
        return group

    def drop(self, group: _Group) -> None:
        del self._groups[id(group)]
        for n in group.olds:
            del self.of_old[n.order]
        for n in group.news:
            del self.of_new[n.order]


def _order(node: _Node) -> int:
    return node.order


def _lis(pairs: Iterable[tuple[int, int]]) -> list[tuple[int, int]]:
    """The longest subsequence of ``pairs`` increasing in both coordinates (patience sorting)."""
    ordered = sorted(pairs)
    tails: list[int] = []
    tail_at: list[int] = []
    back: list[int] = []
    for k, (_, n) in enumerate(ordered):
        p = bisect_left(tails, n)
        back.append(tail_at[p - 1] if p else -1)
        if p == len(tails):
            tails.append(n)
            tail_at.append(k)
        else:
            tails[p] = n
            tail_at[p] = k
    out: list[tuple[int, int]] = []
    k = tail_at[-1] if tail_at else -1
    while k >= 0:
        out.append(ordered[k])
        k = back[k]
    return out[::-1]


# --- curated lineage --------------------------------------------------------------


def _claim_curated(old_id: str, old_nodes: list[_Node], new_nodes: list[_Node], state: _State) -> None:
    by_path = {n.path: n for n in old_nodes}
    # Two drafts that both derive from one provision of a third (geneva-19#7 and
    # 20-point#8 from 28-point#12) are linked through it, when exactly one old
    # provision claims that ancestor.
    shared: dict[str, _Node | None] = {}
    for o in old_nodes:
        for ref in o.provision.derived_from:
            key = str(ref)
            shared[key] = o if key not in shared else None
    refs: dict[int, list[_Node]] = {}
    claimants: dict[int, list[_Node]] = defaultdict(list)
    for n in new_nodes:
        seen: dict[int, _Node] = {}
        for ref in n.provision.derived_from:
            target = by_path.get(ref.label) if ref.version == old_id else shared.get(str(ref))
            if target is not None:
                seen.setdefault(target.order, target)
        if seen:
            refs[n.order] = list(seen.values())
            claimants[next(iter(seen))].append(n)
    taken: set[int] = set()
    for n in new_nodes:
        these = refs.get(n.order)
        if not these or n.order in state.of_new:
            continue
        primary = these[0]
        split = claimants[primary.order]
        if len(split) > 1:
            state.add([primary], split, curated=True)
            continue
        olds = [primary]
        for extra in these[1:]:
            if extra.order not in claimants and extra.order not in taken:
                taken.add(extra.order)
                olds.append(extra)
        state.add(olds, [n], curated=True)


# --- one level ----------------------------------------------------------------------


class _Frame:
    """Anchors (matched positions in order) and what they imply for the points between them."""

    def __init__(self, anchors: Sequence[tuple[int, int]], n_old: int, n_new: int) -> None:
        self.olds = [-1] + [a for a, _ in anchors] + [n_old]
        self.news = [-1] + [b for _, b in anchors] + [n_new]

    def gap_old(self, i: int) -> int:
        return bisect_right(self.olds, i)

    def gap_new(self, j: int) -> int:
        return bisect_right(self.news, j)

    def expected(self, i: int) -> float:
        g = self.gap_old(i)
        lo_o, hi_o, lo_n, hi_n = self.olds[g - 1], self.olds[g], self.news[g - 1], self.news[g]
        return lo_n + (i - lo_o) * (hi_n - lo_n) / (hi_o - lo_o)


def _align_level(olds: list[_Node], news: list[_Node], state: _State, opts: AlignOptions) -> None:
    pos_new = {n.order: j for j, n in enumerate(news)}
    free_old = [i for i, n in enumerate(olds) if n.order not in state.of_old]
    free_new = [j for j, n in enumerate(news) if n.order not in state.of_new]
    anchors: list[tuple[int, int]] = []
    for i, n in enumerate(olds):
        g = state.of_old.get(n.order)
        if g is not None and len(g.olds) == 1 and len(g.news) == 1 and g.news[0].order in pos_new:
            anchors.append((i, pos_new[g.news[0].order]))
    if not free_old or not free_new:
        return
    by_key: dict[str, list[int]] = defaultdict(list)
    for i in free_old:
        by_key[olds[i].key].append(i)
    new_by_key: dict[str, list[int]] = defaultdict(list)
    for j in free_new:
        new_by_key[news[j].key].append(j)
    paired_old: set[int] = set()
    paired_new: set[int] = set()
    repeated: list[tuple[list[int], list[int]]] = []
    for key, js in new_by_key.items():
        is_ = by_key.get(key)
        if not is_:
            continue
        if len(is_) == 1 and len(js) == 1:
            state.pair(olds[is_[0]], news[js[0]])
            paired_old.add(is_[0])
            paired_new.add(js[0])
            anchors.append((is_[0], js[0]))
        else:
            repeated.append((is_, js))
    anchors = _lis(anchors)
    if repeated:
        # duplicates (boilerplate) go to the copy nearest where the frame expects it
        frame = _Frame(anchors, len(olds), len(news))
        for is_, js in repeated:
            if len(is_) * len(js) > 400:
                ranked = list(zip(is_, js, strict=False))  # in order
            else:
                ranked = sorted(((i, j) for i in is_ for j in js), key=lambda p: (abs(p[1] - frame.expected(p[0])), p))
            for i, j in ranked:
                if i not in paired_old and j not in paired_new:
                    state.pair(olds[i], news[j])
                    paired_old.add(i)
                    paired_new.add(j)
    residue_old = [i for i in free_old if i not in paired_old]
    residue_new = [j for j in free_new if j not in paired_new]
    if residue_old and residue_new:
        _fuzzy(olds, news, residue_old, residue_new, anchors, state, opts)


def _fuzzy(
    olds: list[_Node],
    news: list[_Node],
    ro: list[int],
    rn: list[int],
    anchors: list[tuple[int, int]],
    state: _State,
    opts: AlignOptions,
) -> None:
    _Residue(olds, news, ro, rn, anchors, state, opts).run()


def _sample(nodes: list[_Node], keep: list[int], size: int) -> list[dict[str, float]]:
    """Token bags of the residue plus an evenly strided sample of the other points, for IDF."""
    chosen = set(keep)
    if len(nodes) > len(chosen):
        step = max(1, len(nodes) // max(1, size - len(chosen)))
        chosen.update(range(0, len(nodes), step))
    return [nodes[i].bag for i in sorted(chosen)]


class _Sides:
    """What :meth:`_Residue.bounds` reads of the new residue points, by their place ``k`` in it: made once per level."""

    __slots__ = (
        "by_full",
        "leaves",
        "lengths",
        "own_postings",
        "own_totals",
        "owns",
        "parents",
        "postings",
        "sizes",
        "totals",
    )

    def __init__(
        self, news: list[_Node], rn: list[int], weighted: dict[int, dict[str, float]], totals: dict[int, float]
    ) -> None:
        bags = [weighted[j] for j in rn]
        self.totals = [totals[j] for j in rn]
        # The length of each point's sorted words (sorted_words of node.full): the length of node.full itself,
        # which exact_key made of words parted by single spaces, with no character that sorted_words refuses.
        self.lengths = [len(news[j].full) for j in rn]
        self.sizes = [len(bag) for bag in bags]
        self.own_postings: defaultdict[str, list[tuple[int, float]]] | None = None  # (see _Residue._own_postings)
        self.by_full: dict[str, list[int]] = defaultdict(list)
        self.parents: list[int] = []  # the points with sub-points
        self.leaves: list[int] = []  # and those without
        self.postings: defaultdict[str, list[tuple[int, float]]] = defaultdict(list)  # token: (k, its weight)
        self.owns = [news[j].own for j in rn]  # each point's own text
        self.own_totals: list[float] = [0.0] * len(rn)  # a parent's own tokens' weight (see _Residue._own_postings)
        by_full, parents, leaves, postings = self.by_full, self.parents, self.leaves, self.postings
        for k, j in enumerate(rn):
            node = news[j]
            by_full[node.full].append(k)
            (parents if node.children else leaves).append(k)
            for t, w in bags[k].items():
                postings[t].append((k, w))


class _Residue:
    """The points of one level left after exact matching, and their fuzzy assignment."""

    def __init__(
        self,
        olds: list[_Node],
        news: list[_Node],
        ro: list[int],
        rn: list[int],
        anchors: list[tuple[int, int]],
        state: _State,
        opts: AlignOptions,
    ) -> None:
        self.olds, self.news, self.ro, self.rn = olds, news, ro, rn
        self.state, self.opts = state, opts
        self.anchors = anchors
        self.weights = weights = Weights.fit(_sample(olds, ro, opts.idf_sample), _sample(news, rn, opts.idf_sample))
        idf, default = weights.idf.get, weights.default  # (Weights.weigh, without a call per point)
        self.wo = {i: {t: m * idf(t, default) for t, m in olds[i].bag.items()} for i in ro}
        self.wn = {j: {t: m * idf(t, default) for t, m in news[j].bag.items()} for j in rn}
        self.to = {i: sum(w.values()) for i, w in self.wo.items()}
        self.tn = {j: sum(w.values()) for j, w in self.wn.items()}
        self.used_old: dict[int, int] = {}
        self.used_new: dict[int, int] = {}
        self._old_pos = {olds[i].order: i for i in ro}
        self._new_pos = {news[j].order: j for j in rn}
        self._places = {j: k for k, j in enumerate(rn)}  # a new residue point's place in rn
        self._own_bags: dict[int, dict[str, float]] = {}  # weighted tokens of a parent's own text, by node id
        self._new_sides: _Sides | None = None  # (see bounds)
        self._own_totals: dict[int, float] = {}  # the total weight of each of _own_bags
        # each old point's row of shared weights with the new points, by place in rn (see _bounds)
        self._shared_rows: dict[int, tuple[list[float], list[float]]] = {}
        self.pairs: dict[int, _Group] = {}  # 1:1 groups by old position
        self.chars: dict[tuple[int, int], float] = {}  # each compared pair's char_ratio (see pair_similarity)
        self.presort = True  # whether pair_similarity sorts the words of the points it compares (see run)
        self.multi_old: set[int] = set()
        self.multi_new: set[int] = set()
        # An old point's candidates are new points, and a new point's old ones.
        self.new_candidates = _Shortlist(rn, self.wn, self.wo, opts)
        self.old_candidates = _Shortlist(ro, self.wo, self.wn, opts)
        self.vo: dict[int, tuple[float, ...]] = {}
        self.vn: dict[int, tuple[float, ...]] = {}
        if opts.similarity is not None:
            vectors = embed(
                opts.similarity,
                [olds[i].provision.full_text() for i in ro] + [news[j].provision.full_text() for j in rn],
            )
            self.vo = dict(zip(ro, vectors[: len(ro)], strict=True))
            self.vn = dict(zip(rn, vectors[len(ro) :], strict=True))

    def run(self) -> None:
        olds, news, ro, rn, opts = self.olds, self.news, self.ro, self.rn, self.opts
        frame = _Frame(self.anchors, len(olds), len(news))
        floor = max(opts.strong_score, opts.min_score)
        sims: dict[tuple[int, int], float] = {}
        pairs: set[tuple[int, int]]
        every = len(ro) * len(rn) <= opts.all_pairs_limit
        self.presort = not (every and self.bounded)  # (bounded, a point is compared with about one other)
        if every:
            pairs = set()  # (every pair: made below only where its order is needed)
        else:
            pairs = set()
            lone = self._lone_strong(frame, floor, sims) if opts.positional_candidates > 0 else {}
            for i in ro:
                if i in lone:
                    # Alone with its partner between two anchors, and similar enough: the strong
                    # pass below pairs them whatever else i's candidates hold, so skip the lookup.
                    pairs.add((i, lone[i]))
                    continue
                pairs.update((i, j) for j in self.new_candidates(i))
                pairs.update((i, j) for j in _nearby(rn, frame, i, opts.positional_candidates))
                if self.vo:
                    pairs.update((i, j) for j in self.nearest(i))
        # A pair that cannot reach ``floor`` is not a strong pair, and most of all pairs are far
        # apart: for those an upper bound of their similarity (:meth:`bounds`) is kept instead,
        # and the similarity is computed only if the pairing pass below could use it.
        bounds: dict[int, list[float]] = {}  # each old point's bounds, by place in rn
        if every and self.bounded:
            hot: list[tuple[int, int]] = []  # the pairs whose bound reaches the floor
            for i in ro:
                bounds[i] = found = self._bounds(i, self._shared_rows)
                hot += [(i, rn[k]) for k, bound in enumerate(found) if bound >= floor]
            for i, j in hot:
                sims[i, j] = self.pair_similarity(i, j)
            # the others' bounds are read where the pairing pass below needs them
        else:  # (candidates are alike: each is compared outright)
            if every:
                pairs = {(i, j) for i in ro for j in rn}
            for i, j in pairs:
                if (i, j) not in sims:
                    sims[i, j] = self.pair_similarity(i, j)
        strong_candidates = [p for p, s in sims.items() if s >= floor and frame.gap_old(p[0]) == frame.gap_new(p[1])]
        if every and self.bounded and _tied(strong_candidates, sims):
            # Which of two equally similar partners counts for label_stability is the one met first in the
            # order of every pair, the order the similarities are computed in when none is bounded.
            order = {p: n for n, p in enumerate({(i, j) for i in ro for j in rn})}
            strong_candidates.sort(key=order.__getitem__)
        stability = self.label_stability(strong_candidates, sims)
        same = list(self.same_labels()) if stability > 0 else []
        restated = set(self.same_commitments())
        for i, j in [*same, *self.same_headings(), *restated]:
            if (i, j) not in sims:
                sims[i, j] = self.pair_similarity(i, j)
        label_prior = opts.label_bonus * stability

        def ranked_strong(p: tuple[int, int]) -> tuple[float, tuple[int, int]]:
            kept = label_prior and olds[p[0]].label_key == news[p[1]].label_key
            return (-(sims[p] + (label_prior if kept else 0.0)), p)

        # A strong pair gives way to a same-number pair that, with the number's prior, is better still
        # (an old technique whose rewrite kept its number, against the sub-technique that took its text).
        numbered_old: dict[int, float] = {}
        numbered_new: dict[int, float] = {}
        for i, j in same:
            if sims[i, j] < opts.label_min_score:
                continue
            better = sims[i, j] + label_prior
            numbered_old[i] = max(numbered_old.get(i, 0.0), better)
            numbered_new[j] = max(numbered_new.get(j, 0.0), better)
        for i, j in sorted(strong_candidates, key=ranked_strong):
            if (
                olds[i].label_key != news[j].label_key
                and max(numbered_old.get(i, 0.0), numbered_new.get(j, 0.0)) > sims[i, j] + opts.gap_bonus
            ):
                continue
            self.pair(i, j)
        self.splits_and_merges()
        frame = _Frame(_lis([*self.anchors, *self.used_old.items()]), len(olds), len(news))
        gap_old = {i: frame.gap_old(i) for i in ro if i not in self.used_old}
        gap_new = {j: frame.gap_new(j) for j in rn if j not in self.used_new}
        lone_old = Counter(gap_old.values())
        lone_new = Counter(gap_new.values())
        ranked = []
        used_old, used_new = self.used_old, self.used_new
        below: dict[tuple[int, int], float] = {}
        if bounds:  # every pair of points both still free that was not compared: by its bound
            spots = [(k, j) for k, j in enumerate(rn) if j not in used_new]
            below = {(i, j): bounds[i][k] for i in ro if i not in used_old for k, j in spots if (i, j) not in sims}
        for (i, j), s in itertools.chain(sims.items(), below.items()):
            if i in used_old or j in used_new:
                continue
            g = gap_old[i]
            if g != gap_new[j]:
                prior = _prior(olds[i], news[j], opts.min_score - opts.move_score, opts)
            elif lone_old[g] == 1 and lone_new[g] == 1:
                prior = _prior(olds[i], news[j], opts.gap_bonus + opts.lone_bonus, opts)
            else:
                prior = _prior(olds[i], news[j], opts.gap_bonus, opts)
            if (i, j) in below:
                # ``s`` is a bound: the score it gives is at least the score (see ``bounded``), so a
                # pair whose bound falls short falls short; any other is scored from its similarity
                if _ranked_score(s, prior, label_prior, opts, olds[i], news[j], restated=False) < opts.min_score:
                    continue
                s = self.pair_similarity(i, j)
            score = _ranked_score(s, prior, label_prior, opts, olds[i], news[j], restated=(i, j) in restated)
            if score >= opts.min_score:
                ranked.append((-score, abs(j - frame.expected(i)), i, j))
        ranked.sort()
        for _, _, i, j in ranked:
            self.pair(i, j)
        self.splits_and_merges()
        if stability >= 0.5 and opts.label_bonus > 0:
            self.numbered_parts(same, sims)
            self.parent_number_merges()

    def numbered_parts(self, same: Sequence[tuple[int, int]], sims: dict[tuple[int, int], float]) -> None:
        """Join a point left over to the split or merge of the point printed with its number on the other side.

        Where numbers are stable identifiers, an old point whose text went to a new point under
        another number (a technique revoked in favour of a sub-technique) while its own number
        lives on (the parent technique, re-scoped) was split between the two; and the mirror
        image is a merge. Text evidence must still say the two are related.
        """
        opts = self.opts
        for i, j in same:
            if (i in self.used_old) == (j in self.used_new) or sims[i, j] < opts.label_min_score:
                continue
            if i in self.used_old:
                group = self.state.of_old[self.olds[i].order]
                if group.curated or len(group.olds) != 1 or group.olds[0] is not self.olds[i]:
                    continue
                news = [self._new_pos[n.order] for n in group.news]
                self._regroup(group, [i], [*news, j])
            else:
                group = self.state.of_new[self.news[j].order]
                if group.curated or len(group.news) != 1 or group.news[0] is not self.news[j]:
                    continue
                olds = [self._old_pos[n.order] for n in group.olds]
                self._regroup(group, [*olds, i], [j])

    def parent_number_merges(self) -> None:
        """Fold a point left over into the point printed with its parent number, where numbers are identifiers.

        A withdrawn enhancement "AC-2(10)" incorporated into its base control "AC-2", a sub-item
        "12.b" folded into "12": the old point has no partner, the new point that carries its
        parent's number is paired with the old parent, and the two texts are related. The old
        point joins that pair as a merge. (Not the mirror image: new sub-items under a kept number
        are mostly additions, not a split of their parent.)
        """
        opts = self.opts
        new_by_key = {self.news[j].label_key: j for j in self.rn}
        for i in self.ro:
            if i in self.used_old:
                continue
            parent_key = self.olds[i].label_key.rpartition(".")[0]
            j = new_by_key.get(parent_key)
            if j is None or j not in self.used_new or self.pair_similarity(i, j) < opts.parent_min_score:
                continue
            group = self.state.of_new[self.news[j].order]
            if group.curated or len(group.news) != 1 or group.olds[0].label_key != parent_key:
                continue
            self._regroup(group, [*(self._old_pos[n.order] for n in group.olds), i], [j])

    def _regroup(self, group: _Group, olds: list[int], news: list[int]) -> None:
        for i in [k for k, g in self.pairs.items() if g is group]:
            del self.pairs[i]
        self.state.drop(group)
        self._group(sorted(olds), sorted(news), drop=None)

    def label_stability(self, strong: Sequence[tuple[int, int]], sims: dict[tuple[int, int], float]) -> float:
        """How far printed numbers identify points at this level: the share of pairs found so far that kept theirs.

        Identical texts (the anchors) and the strong pairs are the evidence. Two points
        picked at random share a number about once in as many points as the level has, so a
        fifth of the pairs keeping theirs is already far beyond chance: numbers are then stable
        identifiers for part of the text (a standard whose revoked items took new numbers), and
        the prior grows to its full size when half the pairs kept them. With fewer than
        ``label_evidence`` pairs (a short text keeps its numbers by the chance of few edits), or
        fewer than a fifth keeping their number (a renumbered draft), numbers say nothing (0.0).
        """
        olds, news, opts = self.olds, self.news, self.opts
        best: dict[int, tuple[float, int]] = {}
        for i, j in strong:
            if (i not in best or sims[i, j] > best[i][0]) and j not in self.used_new:
                best[i] = (sims[i, j], j)
        found = [*self.anchors, *((i, j) for i, (_, j) in best.items())]
        if len(found) < opts.label_evidence:
            return 0.0
        kept = sum(1 for i, j in found if olds[i].label_key == news[j].label_key) / len(found)
        return 0.0 if kept < 0.2 else min(1.0, round(2 * kept, 4))

    def same_labels(self) -> Iterator[tuple[int, int]]:
        """Residue pairs printed with the same number, so that they are compared wherever they sit."""
        by_key: dict[str, list[int]] = defaultdict(list)
        for j in self.rn:
            if j not in self.used_new:
                by_key[self.news[j].label_key].append(j)
        for i in self.ro:
            if i not in self.used_old:
                for j in by_key.get(self.olds[i].label_key, ()):
                    yield i, j

    def nearest(self, i: int) -> list[int]:
        """The ``candidates`` new residue points whose vectors are nearest old point ``i``'s."""
        v = self.vo[i]
        return heapq.nlargest(self.opts.candidates, self.rn, key=lambda j: cosine(v, self.vn[j]))

    def same_commitments(self) -> Iterator[tuple[int, int]]:
        """Residue pairs that alone, each on its side, state one commitment (a truce and a ceasefire).

        A commitment stated by one old and one new point of the residue, and by no other, is
        evidence those two are one point restated in other words (:mod:`peaceplan.compare.paraphrase`);
        one that many points state (boilerplate) is none.
        """
        if not self.opts.paraphrase_bonus:
            return
        olds: dict[str, list[int]] = defaultdict(list)
        news: dict[str, list[int]] = defaultdict(list)
        for i in self.ro:
            if i not in self.used_old:
                for t in _stated(self.olds[i].bag):
                    olds[t].append(i)
        for j in self.rn:
            if j not in self.used_new:
                for t in _stated(self.news[j].bag):
                    news[t].append(j)
        for t, is_ in olds.items():
            js = news.get(t)
            if js is not None and len(is_) == 1 and len(js) == 1:
                yield is_[0], js[0]

    def same_headings(self) -> Iterator[tuple[int, int]]:
        """Residue pairs that open with the same heading (unique on each side), compared wherever they sit."""
        if not self.opts.heading_bonus:
            return
        olds: dict[str, list[int]] = defaultdict(list)
        for i in self.ro:
            if i not in self.used_old and (h := self.olds[i].heading):
                olds[h].append(i)
        for j in self.rn:
            if j not in self.used_new and (h := self.news[j].heading):
                found = olds.get(h)
                if found is not None and len(found) == 1:
                    yield found[0], j

    @property
    def bounded(self) -> bool:
        """Whether :meth:`bounds` may stand in for :meth:`pair_similarity` where a pair falls short.

        Not with an embedder (its cosine is not bounded here), nor with weights under which a
        higher similarity could make a lower score (a token weight outside [0, 1], a negative
        containment weight or label bonus, the prior of a kept printed number).
        """
        opts = self.opts
        return (
            not self.vo
            and 0.0 <= opts.token_weight <= 1.0
            and opts.containment_weight >= 0.0
            and opts.label_bonus >= 0.0
        )

    def bounds(self, i: int) -> list[float]:
        """An upper bound of :meth:`pair_similarity` of ``i`` with each new residue point, at a fraction of its cost.

        The weighted token Dice is computed as :func:`~peaceplan.compare.similarity.similarity`
        computes it (the weights the two share gathered in one pass over i's tokens in an index
        of the new points'), the character ratio is bounded by the two lengths (no ratio exceeds
        twice the shorter over both), and the other terms likewise by the tokens the texts share.
        A hair is added to each bound against rounding: the weights are summed in another order.
        """
        return self._bounds(i, None)

    def _bounds(self, i: int, rows: dict[int, tuple[list[float], list[float]]] | None) -> list[float]:
        """:meth:`bounds`; the weights ``i`` shares with each new point go into ``rows`` too, when given.

        ``rows[i]`` is ``(mine, theirs)``: for each new residue point by place in ``rn``, the weight
        in ``i`` of the tokens the two share, and their weight in the new point (see :meth:`_wholes`).
        """
        old = self.olds[i]
        sides = self._new_sides
        if sides is None:
            sides = self._new_sides = _Sides(self.news, self.rn, self.wn, self.tn)
        n = len(sides.totals)
        a, ta = self.wo[i], self.to[i]
        la = len(old.full)  # (the length of its sorted words: see _Sides.lengths)
        opts = self.opts
        tw, cw = opts.token_weight, opts.containment_weight
        cmin, ctokens = opts.containment_min, opts.containment_tokens
        spread = opts.containment_floor if cw else 2.0  # (no containment term when the weight is 0)
        mine = [0.0] * n  # each new point: the weight in i of the tokens they share
        theirs = [0.0] * n  # and in the new point
        postings = sides.postings
        for t, w in a.items():
            found = postings.get(t)
            if found is not None:
                for k, other in found:
                    mine[k] += w
                    theirs[k] += other
        if rows is not None:
            rows[i] = (mine, theirs)
        rest = 1.0 - tw
        totals, lengths = sides.totals, sides.lengths
        if ta > 0.0 and la > 0:  # (no sum below is 0)
            out = [
                tw * (sa + sb) / (ta + tb) + rest * 2.0 * (la if la < lb else lb) / (la + lb) + _HAIR
                for sa, sb, tb, lb in zip(mine, theirs, totals, lengths, strict=True)
            ]
        else:
            out = [
                tw * ((sa + sb) / (ta + tb) if ta + tb else 0.0)
                + rest * (2.0 * min(la, lb) / (la + lb) if la + lb else 1.0)
                + _HAIR
                for sa, sb, tb, lb in zip(mine, theirs, totals, lengths, strict=True)
            ]
        free = sides.by_full.get(old.full, ())  # (no bound: the similarity is computed)
        kids = sides.leaves if old.children else sides.parents
        if kids:
            # A point with sub-points and one without: their own texts are compared too (see pair_similarity);
            # the weights they share are gathered as above, between the parent's own tokens and the leaf's.
            shared = [0.0] * n  # each new point: the weight of the shared tokens on both sides
            walked: Mapping[str, float] = self._own_bag(old) if old.children else a
            index = postings if old.children else self._own_postings(sides)
            for t, w in walked.items():
                found = index.get(t)
                if found is not None:
                    for k, other in found:
                        shared[k] += w + other
            floor = rest - opts.structure_bonus + _HAIR
            owns, own_totals = sides.owns, sides.own_totals
            mine_own, mine_total = old.own, self._own_totals[id(old)] if old.children else ta
            for k in kids:
                if mine_own == owns[k]:
                    out[k] = 2.0  # (no bound: the similarity is computed)
                    continue
                both = mine_total + (totals[k] if old.children else own_totals[k])
                bound = tw * (shared[k] / both if both else 0) + floor
                if bound > out[k]:
                    out[k] = bound
        held = cmin - _HAIR
        if len(a) >= ctokens and ta:  # i the smaller: the share of i the new point holds
            least = held * ta
            for k, sa in enumerate(mine):
                if sa >= least:
                    tb = totals[k]
                    if ta < spread * tb if ta < tb else ta == tb and tb < spread * ta:
                        bound = cw * (sa / ta) + _HAIR
                        if bound > out[k]:
                            out[k] = bound
        sizes = sides.sizes
        for k, sb in enumerate(theirs):  # the new point the smaller: the share of it i holds
            tb = totals[k]
            if sb >= held * tb and tb and ta > tb and tb < spread * ta and sizes[k] >= ctokens:
                bound = cw * (sb / tb) + _HAIR
                if bound > out[k]:
                    out[k] = bound
        for k in free:
            out[k] = 2.0
        return out

    def _own_postings(self, sides: _Sides) -> Mapping[str, list[tuple[int, float]]]:
        """The own tokens of the new points with sub-points, each with the places ``k`` of those holding it."""
        if sides.own_postings is None:
            sides.own_postings = defaultdict(list)
            for k in sides.parents:
                parent = self.news[self.rn[k]]
                for t, w in self._own_bag(parent).items():
                    sides.own_postings[t].append((k, w))
                sides.own_totals[k] = self._own_totals[id(parent)]
        return sides.own_postings

    def _own_bag(self, parent: _Node) -> dict[str, float]:
        """The weighted tokens of a parent's own text (without its sub-points), made once."""
        own = self._own_bags.get(id(parent))
        if own is None:
            own = self._own_bags[id(parent)] = self.weights.weigh(_bag_of(parent.provision.text))
            self._own_totals[id(parent)] = sum(own.values())
        return own

    def pair_similarity(self, i: int, j: int) -> float:
        """How alike old residue point ``i`` and new residue point ``j`` are (IDF-weighted tokens and characters).

        A text kept nearly whole inside a longer one (a clause that moved and grew: a sentence
        added, a list appended) scores by how much of it the longer one holds, not only by how
        alike the two are as wholes, which punishes the added length.
        """
        a, b = self.wo[i], self.wn[j]
        ta, tb = self.to[i], self.tn[j]
        old, new = self.olds[i], self.news[j]
        chars = None
        if old.full != new.full:
            # (sorted once per point where a point meets many; where it meets about one, rapidfuzz sorts faster)
            chars = self.chars[i, j] = (
                char_ratio(old.full, new.full, old.sorted_full, new.sorted_full)
                if self.presort
                else char_ratio(old.full, new.full, old.known_sorted_full, new.known_sorted_full)
            )
        score = similarity(
            old.full, new.full, a, b, token_weight=self.opts.token_weight, a_total=ta, b_total=tb, chars=chars
        )
        opts = self.opts
        if bool(old.children) != bool(new.children):
            # A pasted point that repeats a point's own text without its sub-points (or the reverse):
            # compared as wholes, the sub-points it lacks would hide that the texts are one.
            parent, leaf = (old, new) if old.children else (new, old)
            own = self._own_bag(parent)
            leaf_bag = b if leaf is new else a
            score = max(
                score,
                similarity(parent.own, leaf.own, own, leaf_bag, token_weight=opts.token_weight) - opts.structure_bonus,
            )
        if self.vo:
            score = (1.0 - opts.semantic_weight) * score + opts.semantic_weight * cosine(self.vo[i], self.vn[j])
        if opts.containment_weight and min(ta, tb) >= opts.containment_floor * max(ta, tb):
            return score
        small, large = (a, b) if ta <= tb else (b, a)
        if len(small) >= opts.containment_tokens:
            held = containment(small, large)
            if held >= opts.containment_min:
                score = max(score, opts.containment_weight * held)
        return score

    def _lone_strong(self, frame: _Frame, floor: float, sims: dict[tuple[int, int], float]) -> dict[int, int]:
        """Old → new residue points that are the only two between the same anchors and at least ``floor`` alike.

        Such a pair is a strong pair nothing can contest (a strong pair lies within
        one stretch between anchors, and this stretch holds no other residue point),
        so the index need not be asked for their candidates. Their similarities go
        into ``sims``.
        """
        olds_in: dict[int, list[int]] = defaultdict(list)
        news_in: dict[int, list[int]] = defaultdict(list)
        for i in self.ro:
            olds_in[frame.gap_old(i)].append(i)
        for j in self.rn:
            news_in[frame.gap_new(j)].append(j)
        lone: dict[int, int] = {}
        for gap, is_ in olds_in.items():
            js = news_in.get(gap, ())
            if len(is_) == 1 and len(js) == 1:
                i, j = is_[0], js[0]
                sims[i, j] = score = self.pair_similarity(i, j)
                if score >= floor:
                    lone[i] = j
        return lone

    def pair(self, i: int, j: int) -> None:
        if i not in self.used_old and j not in self.used_new:
            self.used_old[i], self.used_new[j] = j, i
            self.pairs[i] = group = self.state.pair(self.olds[i], self.news[j])
            group.chars = self.chars.get((i, j))

    def splits_and_merges(self) -> None:
        """Attach unmatched points as parts of a split (new parts of an old point), then of a merge."""
        self._attach(self.rn, self.used_new, self.used_old, self.wn, self.wo, self.old_candidates, split=True)
        self._attach(self.ro, self.used_old, self.used_new, self.wo, self.wn, self.new_candidates, split=False)

    def _attach(
        self,
        side: list[int],
        used: dict[int, int],
        other_used: dict[int, int],
        weights: dict[int, dict[str, float]],
        other_weights: dict[int, dict[str, float]],
        candidates: Callable[[int], list[int]],
        *,
        split: bool,
    ) -> None:
        """Make unmatched points of ``side`` parts of a whole on the other side, with its partner if any."""
        mine, taken = (self.multi_new, self.multi_old) if split else (self.multi_old, self.multi_new)
        opts = self.opts
        parts_of: dict[int, list[int]] = defaultdict(list)
        for k in side:
            if k not in used:
                able = self._wholes(k, split=split)
                if able is not None and not able:
                    continue  # no whole holds enough of k: none of those below would
                # the wholes whose partner sits next to k (a split's halves, a merge's reach) come first
                near = {
                    w: other_weights[w]
                    for d in range(-opts.part_reach, opts.part_reach + 1)
                    if (w := used.get(k + d)) is not None and w not in taken and (able is None or w in able)
                }
                best = best_container(weights[k], near, opts.part_containment)
                if best is None:
                    wholes = {
                        w: other_weights[w] for w in candidates(k) if w not in taken and (able is None or w in able)
                    }
                    best = best_container(weights[k], wholes, opts.part_containment)
                if best is not None:
                    parts_of[best].append(k)
        for whole, parts in parts_of.items():
            partner = other_used.get(whole)
            if partner is not None and partner in mine:
                continue
            kept = [] if partner is None else [weights[partner]]
            chosen = covering_parts(other_weights[whole], kept, {k: weights[k] for k in parts}, opts.part_gain)
            if partner is not None:
                # Near-duplicates merged into one ("privileged" and "non-privileged accounts" into
                # "accounts"): a part as alike to the whole as its partner adds no coverage of its own.
                chosen += [k for k in parts if k not in chosen and self._twin(whole, k, partner, split=split)]
            # Parts that hold the whole's text word for word, in their order, are its parts whatever
            # their words weigh (a text that repeats itself: one half adds no word the other lacks).
            chosen += [k for k in self._conserved(whole, partner, parts, split=split) if k not in chosen]
            if len(chosen) + len(kept) < 2:
                continue
            if not kept and coverage(other_weights[whole], [weights[k] for k in chosen]) < opts.split_coverage:
                continue
            members = sorted(chosen if partner is None else [partner, *chosen])
            if split:
                self._group([whole], members, drop=whole)
            else:
                self._group(members, [whole], drop=partner)

    def _wholes(self, part: int, *, split: bool) -> set[int] | None:
        """The points of the other side that may hold ``part_containment`` of ``part``, or None when unknown.

        Read off the weights each old point shares with each new point (gathered by the
        bounds, when every pair was bounded): :func:`~peaceplan.compare.similarity.best_container`
        takes no whole that holds less of the part than that, and a hair is left for the
        other order in which the weights were summed. The wholes it may take are among these.
        """
        rows = self._shared_rows
        if len(rows) != len(self.ro):
            return None
        held = self.opts.part_containment - _HAIR
        if split:  # the part is a new point; each whole an old one
            total = self.tn[part]
            k = self._places[part]
            return {w for w, (_, theirs) in rows.items() if (theirs[k] / total if total else 0.0) >= held}
        total = self.to[part]
        mine = rows[part][0]
        return {j for j, shared in zip(self.rn, mine, strict=True) if (shared / total if total else 0.0) >= held}

    def _conserved(self, whole: int, partner: int | None, parts: list[int], *, split: bool) -> list[int]:
        """The ``parts`` that, with ``partner``, are the text of ``whole`` cut in pieces, in order; else none.

        Joined in document order (with the partner, if any), all the parts, or the run of
        neighbouring points that holds the partner, must give the whole's text exactly
        (casefolded, spaces collapsed: :attr:`_Node.full`).
        """
        pieces, text = (self.news, self.olds[whole].full) if split else (self.olds, self.news[whole].full)
        members = sorted({*parts, *(() if partner is None else (partner,))})
        if len(members) < 2:
            return []
        runs = [members]
        if partner is not None:
            at = members.index(partner)
            start, end = at, at + 1
            while start > 0 and members[start - 1] == members[start] - 1:
                start -= 1
            while end < len(members) and members[end] == members[end - 1] + 1:
                end += 1
            runs.append(members[start:end])
        for run in runs:
            if len(run) >= 2 and " ".join(pieces[k].full for k in run) == text:
                return [k for k in run if k != partner]
        return []

    def _twin(self, whole: int, part: int, partner: int, *, split: bool) -> bool:
        """Whether ``part`` is nearly all found in ``whole`` and about as alike to it as its partner is."""
        if split:
            mine, theirs = self.pair_similarity(whole, part), self.pair_similarity(whole, partner)
            inside = containment(self.wn[part], self.wo[whole])
        else:
            mine, theirs = self.pair_similarity(part, whole), self.pair_similarity(partner, whole)
            inside = containment(self.wo[part], self.wn[whole])
        return inside >= self.opts.twin_containment and mine >= self.opts.strong_score and mine >= theirs - 0.1

    def _group(self, olds: list[int], news: list[int], *, drop: int | None) -> None:
        if drop is not None and drop in self.pairs:
            self.state.drop(self.pairs.pop(drop))
        self.state.add([self.olds[i] for i in olds], [self.news[j] for j in news])
        for i in olds:
            self.used_old[i] = news[0]
        for j in news:
            self.used_new[j] = olds[0]
        self.multi_old.update(olds)
        self.multi_new.update(news)


class _Shortlist:
    """The residue points of one side sharing most rare words with a point of the other side.

    The token index over ``positions`` is built on first use, and each point is
    looked up once: split and merge detection ask again for points the pairing
    pass already asked about.
    """

    def __init__(
        self,
        positions: list[int],
        indexed: dict[int, dict[str, float]],
        queries: dict[int, dict[str, float]],
        opts: AlignOptions,
    ) -> None:
        self.positions, self.indexed, self.queries, self.opts = positions, indexed, queries, opts
        self._index: TokenIndex | None = None
        self._found: dict[int, list[int]] = {}

    def __call__(self, k: int) -> list[int]:
        found = self._found.get(k)
        if found is None:
            if self._index is None:
                self._index = TokenIndex.build(
                    [self.indexed[p] for p in self.positions],
                    query_tokens=self.opts.query_tokens,
                    max_postings=self.opts.max_postings,
                )
            hits = self._index.candidates(self.queries[k], limit=self.opts.candidates)
            found = self._found[k] = [self.positions[h] for h in hits]
        return found


def _tied(pairs: list[tuple[int, int]], sims: dict[tuple[int, int], float]) -> bool:
    """Whether two of ``pairs`` pair one old point with two new ones exactly as similar."""
    seen = set()
    for i, j in pairs:
        key = (i, sims[i, j])
        if key in seen:
            return True
        seen.add(key)
    return False


def _nearby(rn: list[int], frame: _Frame, i: int, limit: int) -> Iterator[int]:
    """Up to ``limit`` residue positions between the same anchors as ``i``, nearest the expected position."""
    if limit <= 0:
        return
    g = frame.gap_old(i)
    lo, hi = frame.news[g - 1], frame.news[g]
    expected = frame.expected(i)
    right = bisect_left(rn, expected)
    left = right - 1
    for _ in range(limit):
        lcand = rn[left] if left >= 0 and rn[left] > lo else None
        rcand = rn[right] if right < len(rn) and rn[right] < hi else None
        if lcand is None and rcand is None:
            return
        if rcand is None or (lcand is not None and expected - lcand <= rcand - expected):
            yield lcand  # type: ignore[misc]
            left -= 1
        else:
            yield rcand
            right += 1


_HAIR = 1e-9
"""What a bound of a similarity is raised by against rounding (its terms may be summed in another order)."""


def _ranked_score(
    s: float, prior: float, label_prior: float, opts: AlignOptions, old: _Node, new: _Node, *, restated: bool
) -> float:
    """The score a residue pair of similarity ``s`` and prior ``prior`` ranks by in the pairing pass.

    It grows with ``s`` (for a label prior of at least 0): a bound of ``s`` gives a bound of the score.
    """
    score = s + prior
    if label_prior and s >= opts.label_min_score and old.label_key == new.label_key:
        score += label_prior
    if restated:
        score += opts.paraphrase_bonus
    return score


def _prior(old: _Node, new: _Node, bonus: float, opts: AlignOptions) -> float:
    a, b = old.provision, new.provision
    if not (a.title and b.title) and opts.heading_bonus:
        ha, hb = old.heading, new.heading
        if ha and hb:
            if ha == hb:
                bonus += opts.heading_bonus
            elif fuzz.token_set_ratio(ha, hb, processor=None) >= 80:
                bonus += opts.heading_bonus / 2
    if a.topics and b.topics:
        bonus += opts.topic_bonus if set(a.topics) & set(b.topics) else -opts.topic_bonus
    if a.title and b.title:
        bonus += opts.title_bonus * (2 * fuzz.token_sort_ratio(a.title.casefold(), b.title.casefold()) / 100 - 1)
    if (a.children or b.children) and bool(a.children) == bool(b.children):
        bonus += opts.structure_bonus
    return bonus


# --- the driver ---------------------------------------------------------------------


def align(
    old: Version, new: Version, *, use_lineage: bool = True, options: AlignOptions | None = None
) -> tuple[Match, ...]:
    """Align the provisions of ``old`` and ``new``: which provision became which.

    Every provision of both versions, at every depth, appears in exactly one
    match (a split or merge names several). See the module docstring for the
    method; ``use_lineage=False`` ignores curated ``derived_from`` links and
    infers everything from the texts.

    >>> from peaceplan.model.records import Provision, Version
    >>> a = Version(id="a", document="d", title="A", status="draft", provisions=[
    ...     Provision(label="1", text="A ceasefire starts at once."),
    ...     Provision(label="2", text="Prisoners are exchanged all for all.")])
    >>> b = Version(id="b", document="d", title="B", status="draft", provisions=[
    ...     Provision(label="1", text="Prisoners are exchanged all for all.")])
    >>> [(m.old, m.new, m.kind.value) for m in align(a, b)]
    [(('1',), (), 'removed'), (('2',), ('1',), 'renumbered')]
    """
    opts = options or AlignOptions()
    with paused_gc():  # tens of thousands of small objects: collection passes would only cost time
        old_roots, old_nodes = _build(old)
        new_roots, new_nodes = _build(new)
        state = _State()
        if use_lineage:
            _claim_curated(old.id, old_nodes, new_nodes, state)
        _expand(old_roots, new_roots, state, opts)
        _pair_leftovers(old_nodes, new_nodes, state, opts)
        _mark_moves(state)
        matches = _matches(old_nodes, new_nodes, state, opts)
        for node in (*old_nodes, *new_nodes):
            node.parent = None  # the tree's only cycles: broken, reference counting frees it on return
        return matches


def _expand(old_roots: list[_Node], new_roots: list[_Node], state: _State, opts: AlignOptions) -> None:
    queue = [(old_roots, new_roots)]
    while queue:
        while queue:
            olds, news = queue.pop()
            _align_level(olds, news, state, opts)
        for g in state.groups:
            if not g.expanded:
                g.expanded = True
                if len(g.olds) == 1 and len(g.news) == 1 and g.olds[0].key == g.news[0].key:
                    _pair_identical(g.olds[0].children, g.news[0].children, state, opts)
                    continue
                kids_old = [c for n in g.olds for c in n.children]
                kids_new = [c for n in g.news for c in n.children]
                if kids_old or kids_new:
                    queue.append((kids_old, kids_new))


def _pair_identical(olds: list[_Node], news: list[_Node], state: _State, opts: AlignOptions) -> None:
    """Pair the sub-points of two parents with identical full text, one for one (claimed ones aside)."""
    free_old = [n for n in olds if n.order not in state.of_old]
    free_new = [n for n in news if n.order not in state.of_new]
    if len(free_old) != len(free_new) or any(a.key != b.key for a, b in zip(free_old, free_new, strict=True)):
        _expand(free_old, free_new, state, opts)
        return
    for a, b in zip(free_old, free_new, strict=True):
        state.pair(a, b).expanded = True
        if a.children or b.children:
            _pair_identical(a.children, b.children, state, opts)


def _pair_leftovers(old_nodes: list[_Node], new_nodes: list[_Node], state: _State, opts: AlignOptions) -> None:
    """Pair unmatched provisions of any depth whose own text is identical and unique among the leftovers."""
    lone_old: dict[str, list[_Node]] = defaultdict(list)
    for n in old_nodes:
        if n.order not in state.of_old and n.own:
            lone_old[n.own].append(n)
    lone_new: dict[str, list[_Node]] = defaultdict(list)
    for n in new_nodes:
        if n.order not in state.of_new and n.own:
            lone_new[n.own].append(n)
    found = False
    for key, ns in lone_new.items():
        os_ = lone_old.get(key)
        if os_ and len(os_) == 1 and len(ns) == 1:
            state.add(os_, ns)
            found = True
    if found:
        _expand([], [], state, opts)


def _mark_moves(state: _State) -> None:
    scopes: dict[tuple[int, int], list[_Group]] = defaultdict(list)
    for g in state.groups:
        po, pn = g.olds[0].parent, g.news[0].parent
        go = state.of_old.get(po.order) if po else None
        gn = state.of_new.get(pn.order) if pn else None
        if go is not gn or (po is None) != (pn is None):
            g.moved = True
            continue
        scopes[(id(go), id(gn))].append(g)
    for groups in scopes.values():
        by_pos = {(g.olds[0].order, g.news[0].order): g for g in groups}
        keep = set(_lis(by_pos))
        for pos, g in by_pos.items():
            g.moved = pos not in keep


def _score(g: _Group) -> float:
    if len(g.olds) == 1 and len(g.news) == 1:
        a, b = g.olds[0], g.news[0]
        if a.own == b.own and (a.own or a.full == b.full):
            return 1.0
        if a.own and b.own:
            # two leaves: their own texts are their full texts, whose char_ratio the pairing may have computed
            chars = g.chars if not (a.children or b.children) else None
            a_sorted, b_sorted = a.known_sorted_own, b.known_sorted_own
            return round(
                similarity(
                    a.own, b.own, _own_tokens(a), _own_tokens(b), a_sorted=a_sorted, b_sorted=b_sorted, chars=chars
                ),
                4,
            )
        return round(similarity(a.full, b.full, a.bag, b.bag), 4)
    a_text = " ".join(n.full for n in g.olds)
    b_text = " ".join(n.full for n in g.news)
    return round(similarity(a_text, b_text, _joined_tokens(g.olds), _joined_tokens(g.news)), 4)


def _own_tokens(node: _Node) -> dict[str, float]:
    """:func:`~peaceplan.compare.similarity.token_bag` of the node's own (casefolded) text.

    Read off the tokens of its text when they are known (see :func:`_casefolded`), else cut.
    """
    text = node.provision.text
    return _casefolded(_known_bag(text) if node.children else node._bag or _known_bag(text), text, node.own)


def _known_bag(text: str) -> dict[str, float] | None:
    """The tokens of ``text`` when :func:`shared_bags` holds them; else None."""
    bags = _BAGS.get()
    return None if bags is None else bags.get(text)


def _casefolded(bag: dict[str, float] | None, text: str, key: str) -> dict[str, float]:
    """:func:`~peaceplan.compare.similarity.token_bag` of ``key``, the :func:`exact_key` of ``text``.

    ``bag`` is the tokens of ``text`` (:func:`_tokens`), or None. When ``text`` is ASCII with
    nothing for :func:`~peaceplan.compare.similarity.exact_key` to collapse, they are read off
    ``bag`` rather than cut again: casefolding such a text changes no word's bounds or token,
    only the mark of a name (a name's token counts as a plain word's), and the tokens keep
    their order (the commitment tokens dropped). Any other text is cut as it is.
    """
    if bag is None or not text.isascii() or key != text.lower():
        return token_bag(key)
    return {t: NUMBER_WEIGHT if m == NUMBER_WEIGHT else 1.0 for t, m in bag.items() if t[0] != "§"}


def _joined_tokens(nodes: list[_Node]) -> dict[str, float]:
    """:func:`~peaceplan.compare.similarity.token_bag` of the nodes' full texts joined by spaces.

    Gathered from each text's tokens where they are known: when every text is read off
    its tokens (:func:`_casefolded`: ASCII, so no word of it is capitalised and each token
    has one multiplier, a number's or a plain word's), the tokens of the whole are those
    of the texts in order, each where it first occurs; unless a text ends with a digit and
    the next opens with one (the space between might part the thousands of one number).
    """
    tokens: dict[str, float] = {}
    before = ""
    for n in nodes:
        full = n.full
        if before[-1:].isdigit() and full[:1].isdigit():
            return token_bag(" ".join(n.full for n in nodes))
        before = full
        if n.children:
            bag, text = n._bag, n.raw
        else:
            text = n.provision.text
            bag = n._bag or _known_bag(text)
        if bag is None or not text.isascii() or full != text.lower():
            return token_bag(" ".join(n.full for n in nodes))
        tokens.update(_casefolded(bag, text, full))
    return tokens


def _kind(g: _Group) -> MatchKind:
    if len(g.news) > 1:
        return MatchKind.SPLIT
    if len(g.olds) > 1:
        return MatchKind.MERGED
    a, b = g.olds[0], g.news[0]
    if a.own != b.own:
        return MatchKind.MODIFIED
    if g.moved:
        return MatchKind.MOVED
    return MatchKind.RENUMBERED if a.path != b.path else MatchKind.UNCHANGED


_CALIBRATION = ((0.0, 0.05), (0.2, 0.2), (0.35, 0.55), (0.45, 0.7), (0.55, 0.9), (0.7, 0.98), (0.9, 0.99), (1.0, 0.995))
"""Evidence → probability right: knots of a piecewise-linear map, read off the pairings made on every real pair
of ``benchmarks/realworld`` and on generated revisions (share right per band of evidence); the benchmark prints
the same bands each run, so a drift shows."""

_KNOTS = [x for x, _ in _CALIBRATION]

SAME_LABEL_EVIDENCE = 0.15
"""Evidence a printed number kept on both sides adds to a pairing's text similarity."""

PART_DISCOUNT = 0.95
"""A split or merge claims several links at once: each is a little less sure than a one-to-one pairing."""


def confidence(score: float, *, same_label: bool = False, parts: int = 2, exact: bool = False) -> float:
    """The calibrated probability that an inferred pairing is right.

    ``score`` is its text similarity (:attr:`Match.score`), ``same_label`` whether
    old and new carry the same printed number, ``parts`` how many provisions the
    pairing joins (more than two: a split or merge), ``exact`` whether the texts
    are identical.

    >>> confidence(0.95), confidence(0.3), confidence(0.3, same_label=True)
    (0.9925, 0.4333, 0.7)
    >>> confidence(1.0, exact=True)
    0.999
    """
    if exact:
        return 0.999
    evidence = min(1.0, max(0.0, score + (SAME_LABEL_EVIDENCE if same_label else 0.0)))
    k = bisect_left(_KNOTS, evidence, 1)  # (the first segment whose end is at least the evidence)
    (x0, y0), (x1, y1) = _CALIBRATION[k - 1], _CALIBRATION[k]
    p = y0 + (y1 - y0) * (evidence - x0) / (x1 - x0)
    if parts > 2:
        p *= PART_DISCOUNT
    return round(p, 4)


def _confidence(g: _Group, score: float) -> float:
    if g.curated:
        return 1.0
    if len(g.olds) == 1 and len(g.news) == 1:
        if score >= 1.0:
            return 0.999  # (confidence of an exact pairing)
        return confidence(score, same_label=g.olds[0].label_key == g.news[0].label_key, parts=2)
    same = any(a.label_key == b.label_key for a in g.olds for b in g.news)
    return confidence(score, same_label=same, parts=len(g.olds) + len(g.news))


def _matches(old_nodes: list[_Node], new_nodes: list[_Node], state: _State, opts: AlignOptions) -> tuple[Match, ...]:
    keyed: list[tuple[tuple[int, int, int], Match]] = []
    for g in state.groups:
        olds, news = g.olds, g.news
        old_paths = (olds[0].path,) if len(olds) == 1 else tuple([n.path for n in olds])
        new_paths = (news[0].path,) if len(news) == 1 else tuple([n.path for n in news])
        score = _score(g)
        sure = _confidence(g, score)
        match = Match(
            old=old_paths,
            new=new_paths,
            kind=_kind(g),
            score=score,
            curated=g.curated,
            relabelled=old_paths != new_paths,
            moved=g.moved,
            confidence=sure,
            uncertain=sure < opts.uncertain_below,
        )
        keyed.append(((g.news[0].order, 0, 0), match))
    for n in new_nodes:
        if n.order not in state.of_new:
            match = Match(old=(), new=(n.path,), kind=MatchKind.ADDED, score=0.0, curated=False)
            keyed.append(((n.order, 0, 0), match))
    anchor = -1
    for n in old_nodes:
        owner = state.of_old.get(n.order)
        if owner is None:
            match = Match(old=(n.path,), new=(), kind=MatchKind.REMOVED, score=0.0, curated=False)
            keyed.append(((anchor, 1, n.order), match))
        elif not owner.moved:
            anchor = owner.news[-1].order
    keyed.sort(key=lambda km: km[0])
    return tuple(m for _, m in keyed)
