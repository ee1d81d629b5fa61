"""Edge alignments computed once: shared within a process, kept in the disk cache between runs.

Blame, thread, synopsis and influence each walk every parent-to-child edge of a
corpus, and a diff traced along the lineage aligns each hop; the same edge was
aligned again by every view and every command. :func:`aligned` returns the
alignment of two versions from, in turn, this process's memo, the disk cache
(:mod:`peaceplan.cache`), or the computation, and keeps it in both.

An alignment is keyed by the content of the two versions (the sha256 of the file
each was read from, else :attr:`~peaceplan.model.records.Version.digest`), the alignment
options and how it was computed, so an answer never belongs to other texts or
options. An entry read from disk is checked before it is used: every entry well
formed, and every provision of both versions in exactly one match (the
invariant :func:`~peaceplan.compare.align.align` keeps); anything else is recomputed.
"""

from __future__ import annotations

from bisect import bisect_right
from collections import OrderedDict
from collections.abc import Callable, Iterable, Iterator, Sequence
from itertools import accumulate, compress, pairwise, repeat
from operator import mul, ne, sub
from typing import Any

import attrs

from .. import cache
from ..model.records import Version
from .align import AlignOptions, align
from .matches import Match, MatchKind

__all__ = ["KeptEdge", "aligned", "aligned_kept", "content_key", "forget", "held", "kept", "kept_all", "kept_runs"]

_MEMO_SIZE = 4096
"""Alignments kept in memory per process (an edge of two 1,000-point drafts is about 1,000 matches)."""

_memo: OrderedDict[tuple[Any, ...], tuple[Match, ...]] = OrderedDict()


def content_key(version: Version) -> str:
    """What identifies the content of ``version``: the digest of its file, else of its canonical JSON."""
    key = cache.content_of(version)
    if key is None:
        key = f"version:{version.digest}"
        cache.remember_content(version, key)
    return key


def aligned(
    old: Version,
    new: Version,
    *,
    use_lineage: bool = True,
    options: AlignOptions | None = None,
    method: str = "align",
    compute: Callable[[], tuple[Match, ...]] | None = None,
) -> tuple[Match, ...]:
    """The alignment of ``old`` and ``new``, computed at most once per content, options and method.

    ``compute`` (default: :func:`~peaceplan.compare.align.align` with these options) computes it
    when neither the memo nor the disk cache has it; ``method`` names how, so a
    different computation (such as blame's shortcut for long texts) is kept apart.
    """
    opts = options or AlignOptions()
    if opts.similarity is not None:
        # An embedder is code, not data: it can be neither part of a key nor told apart from another.
        return compute() if compute is not None else align(old, new, use_lineage=use_lineage, options=opts)
    memo_key = (content_key(old), content_key(new), use_lineage, opts, method)
    found = _memo.get(memo_key)
    if found is not None:
        _memo.move_to_end(memo_key)
        return found
    key = _key(old, new, use_lineage, opts, method)
    found = _from_entry(cache.fetch("alignments", key), old, new)
    if found is None:
        found = compute() if compute is not None else align(old, new, use_lineage=use_lineage, options=opts)
        if cache.enabled():
            cache.store("alignments", key, _entries(found))
    _memo[memo_key] = found
    if len(_memo) > _MEMO_SIZE:
        _memo.popitem(last=False)
    return found


def _key(old: Version, new: Version, use_lineage: bool, opts: AlignOptions, method: str) -> dict[str, Any]:
    """The disk cache key of an alignment."""
    options = _options.get(opts)
    if options is None:
        options = _options[opts] = attrs.asdict(opts)
        if len(_options) > 64:
            _options.clear()
    return {
        "old": content_key(old),
        "new": content_key(new),
        "lineage": use_lineage,
        "options": options,
        "method": method,
    }


_options: dict[AlignOptions, dict[str, Any]] = {}  # each set of options as a key holds it (see _key), made once


def held(
    old: Version,
    new: Version,
    *,
    use_lineage: bool = True,
    options: AlignOptions | None = None,
    method: str = "align",
    kept: bool | None = None,
) -> bool:
    """Whether :func:`aligned` would find this alignment made: in this process, or kept in the disk cache.

    ``kept``: True to ask only of an alignment made by :func:`aligned_kept`, False only of one made
    by :func:`aligned` (each is kept on disk in its own form: one look each); None, either.
    (An entry on disk is not read here: one found unsound when read is computed again.)
    """
    opts = options or AlignOptions()
    if opts.similarity is not None:
        return False
    memo_key = (content_key(old), content_key(new), use_lineage, opts, method)
    if (kept is not True and memo_key in _memo) or (kept is not False and memo_key in _edges):
        return True
    key = _key(old, new, use_lineage, opts, method)
    if kept:
        return cache.stored("alignments", {**key, "form": _KEPT_FORM})
    return cache.stored("alignments", key) or (kept is None and cache.stored("alignments", {**key, "form": _KEPT_FORM}))


_KEPT_SIZE = 65536
"""Kept matches remembered per process (one per pair of paths: a few per point of a long lineage)."""

_kept: dict[tuple[str, str, float], Match] = {}
_kept_entries: dict[int, tuple[Match, str | list[Any]]] = {}  # a kept match's id -> it and its entry


def kept(old: str, new: str, confidence: float = 1.0) -> Match:
    """The match of a point kept word for word, at its path or under another label: most of every edge.

    Matches are immutable, so one stands for that pairing in every alignment read from the cache
    (and with it the form it takes in a cache entry).
    """
    key = (old, new, confidence)
    found = _kept.get(key)
    if found is None:
        if len(_kept) >= _KEPT_SIZE:
            _kept.clear()
            _kept_entries.clear()
        same = old == new
        kind = MatchKind.UNCHANGED if same else MatchKind.RENUMBERED
        found = _kept[key] = Match(
            old=(old,), new=(new,), kind=kind, score=1.0, curated=False, relabelled=not same, confidence=confidence
        )
        entry: str | list[Any] = [old, new, confidence] if confidence != 1.0 else old if same else [old, new]
        _kept_entries[id(found)] = (found, entry)  # (the match is held: its id names no other)
    return found


def kept_all(olds: Iterable[str], news: Iterable[str]) -> list[Match]:
    """``[kept(a, b) for a, b in zip(olds, news)]``, faster: the pairings an edge keeps word for word."""
    found = _kept.get
    return [found((a, b, 1.0)) or kept(a, b) for a, b in zip(olds, news, strict=True)]


def _entries(found: tuple[Match, ...]) -> list[str | list[Any]]:
    """``[_entry(m) for m in found]``, a kept match's form read without a call (most of every edge)."""
    made = _kept_entries.get
    return [
        e[1] if e is not None and e[0] is m else _entry(m)
        for m, e in zip(found, map(made, map(id, found)), strict=True)
    ]


def _entry(m: Match) -> str | list[Any]:
    """How a match is kept in a cache entry.

    A point kept word for word is its path (``"7"``), or its two paths when renumbered
    (``["7", "8"]``), with the confidence after them when it is not 1 (``["7", "7", 0.999]``);
    any other match is every field.
    """
    made = _kept_entries.get(id(m))
    if made is not None and made[0] is m:
        return made[1]
    if len(m.old) == 1 and len(m.new) == 1 and _is_kept(m):
        old, new = m.old[0], m.new[0]
        return [old, new, m.confidence] if m.confidence != 1.0 else old if old == new else [old, new]
    return [
        list(m.old),
        list(m.new),
        m.kind.value,
        m.score,
        m.curated,
        m.relabelled,
        m.moved,
        m.confidence,
        m.uncertain,
    ]


def _is_kept(m: Match) -> bool:
    """Whether a match of one path to one is ``kept(m.old[0], m.new[0], m.confidence)`` (equal to it), made or not."""
    same = m.old == m.new
    return (
        m.kind is (MatchKind.UNCHANGED if same else MatchKind.RENUMBERED)
        and m.score == 1.0
        and not m.curated
        and m.relabelled is not same
        and not m.moved
        and not m.uncertain
    )


_KINDS = {kind.value: kind for kind in MatchKind}


def _from_entry(value: Any, old: Version, new: Version) -> tuple[Match, ...] | None:
    """The matches a cache entry holds, or None when it is not a sound alignment of these two versions.

    Every field is checked for its type, and the paths together must be every path of
    each version exactly once (a path that is not text cannot be one of them).
    """
    read = _read_matches(value)
    if read is None:
        return None
    found, olds, news = read
    if not _covers(olds, old) or not _covers(news, new):
        return None  # every path of both versions once; a path that is not text is none of them
    return found


def _read_matches(value: Any) -> tuple[tuple[Match, ...], list[Any], list[Any]] | None:
    """The matches of a list of entries (see :func:`_entry`), with every old and new path they hold, in order.

    None when an entry is not well formed (each field of its type); which paths they hold is for the caller to check.
    """
    if not isinstance(value, list):
        return None
    found: list[Match] = []
    add = found.append
    known = _kept.get  # (kept(), without a call for a pairing met before)
    olds: list[Any] = []  # every path of each side, in the order read
    news: list[Any] = []
    try:
        for item in value:
            if type(item) is str:  # most of an entry: a point kept at its path
                add(known((item, item, 1.0)) or kept(item, item))
                olds.append(item)
                news.append(item)
                continue
            if type(item) is not list:
                return None
            size = len(item)
            if size == 2 or size == 3:
                o, n = item[0], item[1]
                if not (type(o) is str and type(n) is str):
                    return None
                if size == 2:
                    add(known((o, n, 1.0)) or kept(o, n))
                else:
                    confidence = item[2]
                    if type(confidence) is not float or not 0.0 <= confidence <= 1.0:  # (not NaN either)
                        return None
                    add(kept(o, n, confidence))
                olds.append(o)
                news.append(n)
                continue
            o, n, kind, score, curated, relabelled, moved, confidence, uncertain = item
            if not (type(o) is list and type(n) is list):  # exactly lists: a text would spell paths
                return None
            if not all(type(b) is bool for b in (curated, relabelled, moved, uncertain)):
                return None
            if not (_unit(score) and _unit(confidence)):
                return None
            kind = _KINDS[kind]
            if bool(o) is (kind is _ADDED) or bool(n) is (kind is _REMOVED):
                return None  # only an addition has no old path, only a removal no new one
            add(
                Match(
                    old=tuple(o),
                    new=tuple(n),
                    kind=kind,
                    score=float(score),
                    curated=curated,
                    relabelled=relabelled,
                    moved=moved,
                    confidence=float(confidence),
                    uncertain=uncertain,
                )
            )
            olds += o
            news += n
    except (TypeError, ValueError, KeyError):
        return None
    return tuple(found), olds, news


_ADDED, _REMOVED = MatchKind.ADDED, MatchKind.REMOVED


def _unit(value: Any) -> bool:
    """Whether a field read from an entry is a number in [0, 1]: a float or an int, not a bool, a text or NaN."""
    return (type(value) is float or type(value) is int) and 0 <= value <= 1


def _covers(paths: list[Any], version: Version) -> bool:
    """Whether ``paths`` are the paths of ``version``, each once (a version's paths are distinct)."""
    walked = version.walk()
    expected = {path for path, _ in walked}
    try:
        return len(paths) == len(expected) and set(paths) == expected
    except TypeError:  # an unhashable "path"
        return False


def forget() -> None:
    """Empty this process's memo (the disk cache stays): the next alignment of any edge is computed or read again."""
    _memo.clear()
    _edges.clear()


# --- an edge whose points kept whole are given by position -------------------------------------

Side = tuple[Sequence[str], Sequence[int], Sequence[int]]
"""One version of an edge as :func:`aligned_kept` reads it: every path in document order; where each top-level
point's paths start among them (one more, the end); and a number for each point's whole content (the same number
for the same content)."""

_KEPT_FORM = "kept-runs"
"""The ``form`` of a cache key whose entry holds a :class:`KeptEdge` (an entry of matches has none)."""

_MOVED = MatchKind.MOVED

_edges: OrderedDict[tuple[Any, ...], KeptEdge] = OrderedDict()


def _side(value: tuple[Sequence[str], Sequence[int]]) -> tuple[tuple[str, ...], tuple[int, ...]]:
    """One version of an edge as :class:`KeptEdge` holds it: its paths, and where each top-level point's paths start."""
    paths, starts = value
    return tuple(paths), tuple(starts)


def _run_tuple(value: Iterable[tuple[int, int, int]]) -> tuple[tuple[int, int, int], ...]:
    return tuple(value)


def _match_tuple(value: Iterable[Match]) -> tuple[Match, ...]:
    return tuple(value)


def _frozen(value: Iterable[int]) -> frozenset[int]:
    return frozenset(value)


def _first_pairs(edge: KeptEdge) -> tuple[int, ...]:
    """Each run's first pair, and one more: the number of pairs (see :meth:`KeptEdge.pair`)."""
    return tuple(accumulate([size for _, _, size in edge.runs], initial=0))


@attrs.frozen(repr=False)
class KeptEdge:
    """The alignment of two versions with the top-level points it keeps whole given by position, not match by match.

    On a long lineage most points of an edge are kept word for word (a match per path): this holds
    them as runs of positions, and the matches of the rest. ``old``/``new``: each version's paths in
    document order, and where each top-level point's paths start among them (one more, the end);
    :attr:`old_paths`, :attr:`old_starts`, :attr:`new_paths` and :attr:`new_starts` name them.
    ``runs``: ``(old, new, length)``, the top-level points ``old + t`` and ``new + t`` (``t < length``)
    paired, of the same whole content (their paths pair one by one, in order), the runs in new order;
    the pairs are numbered in that order. ``moved``: the pairs off the longest run of pairings in
    order (their top-level match is *moved*, as :func:`~peaceplan.compare.align.align` says).
    ``rest``: the matches of every other point.

    :attr:`matches` is the alignment as :func:`aligned` gives one: every pair path by path, then ``rest``.
    """

    old: tuple[tuple[str, ...], tuple[int, ...]] = attrs.field(converter=_side)
    new: tuple[tuple[str, ...], tuple[int, ...]] = attrs.field(converter=_side)
    # (runs are held as a tuple, typed as a Sequence so that a caller may keep a list of runs in one variable with them)
    runs: Sequence[tuple[int, int, int]] = attrs.field(converter=_run_tuple)
    moved: frozenset[int] = attrs.field(converter=_frozen)
    rest: tuple[Match, ...] = attrs.field(converter=_match_tuple)
    _firsts: tuple[int, ...] = attrs.field(init=False, eq=False, default=attrs.Factory(_first_pairs, takes_self=True))
    """Each run's first pair (see :meth:`pair`), derived from ``runs``."""
    _matches: tuple[Match, ...] | None = attrs.field(init=False, eq=False, default=None)
    """:attr:`matches` once made, set there alone (a frozen edge: it only remembers a function of the fields)."""

    @property
    def old_paths(self) -> tuple[str, ...]:
        """Every path of the old version, in document order."""
        return self.old[0]

    @property
    def old_starts(self) -> tuple[int, ...]:
        """Where each top-level point's paths start among :attr:`old_paths` (one more: the end)."""
        return self.old[1]

    @property
    def new_paths(self) -> tuple[str, ...]:
        """Every path of the new version, in document order."""
        return self.new[0]

    @property
    def new_starts(self) -> tuple[int, ...]:
        """Where each top-level point's paths start among :attr:`new_paths` (one more: the end)."""
        return self.new[1]

    @property
    def matches(self) -> tuple[Match, ...]:
        """Every match: each kept pair path by path (its top-level match moved when the pair is), then the rest."""
        found = self._matches
        if found is None:
            olds, news = self.kept_paths()
            out = kept_all(olds, news)
            if self.moved:
                at = self._pair_paths()
                for k in self.moved:
                    out[at[k]] = _moved(out[at[k]])
            found = (*out, *self.rest)
            object.__setattr__(self, "_matches", found)  # (the one place it is set: see _matches)
        return found

    def kept_paths(self) -> tuple[list[str], list[str]]:
        """The old and the new paths of the points kept whole, pair by pair: the kept matches' paths, in order."""
        old_paths, old_starts, new_paths, new_starts = self.old_paths, self.old_starts, self.new_paths, self.new_starts
        olds: list[str] = []
        news: list[str] = []
        for i, j, size in self.runs:
            olds += old_paths[old_starts[i] : old_starts[i + size]]
            news += new_paths[new_starts[j] : new_starts[j + size]]
        return olds, news

    def pairs(self) -> Iterator[tuple[int, int]]:
        """Each pair's two top-level positions, in order."""
        for i, j, size in self.runs:
            yield from zip(range(i, i + size), range(j, j + size), strict=True)

    def path_runs(self) -> list[tuple[int, int, int]]:
        """The runs path by path: ``(old, new, length)``, the paths ``old_paths[old + t]`` and ``new_paths[new + t]``
        (``t < length``) paired, one kept match each, in new order (each run's points have the same paths)."""
        olds, news = self.old_starts, self.new_starts
        return [(olds[i], news[j], olds[i + size] - olds[i]) for i, j, size in self.runs]

    def moved_pairs(self) -> list[tuple[int, int]]:
        """The two top-level positions of each pair in :attr:`moved` (its first path's match is moved), in order."""
        if not self.moved:
            return []
        ends = list(accumulate(size for _, _, size in self.runs))  # the number of pairs up to each run's end
        found: list[tuple[int, int]] = []
        for k in sorted(self.moved):
            r = bisect_right(ends, k)
            i, j, size = self.runs[r]
            t = k - (ends[r] - size)
            found.append((i + t, j + t))
        return found

    @staticmethod
    def match_of(old: str, new: str, moved: bool) -> Match:
        """The match :attr:`matches` holds for a kept pair of paths: moved when it is a moved pair's first path."""
        found = kept(old, new)
        return _moved(found) if moved else found

    def _pair_paths(self) -> list[int]:
        """Where each pair's first match is among the kept matches."""
        starts = self.old_starts
        sizes = [starts[i + 1] - starts[i] for i, _ in self.pairs()]
        return list(accumulate(sizes, initial=0))

    def pair(self, k: int) -> list[Match]:
        """The matches of pair ``k``, path by path, as :attr:`matches` holds them; IndexError if there is no such pair.

        Found by its run (a version whose kept points hold curated links asks for each of them).
        """
        firsts = self._firsts
        if not 0 <= k < firsts[-1]:
            raise IndexError(f"pair {k} of an edge of {firsts[-1]} pairs")
        run = bisect_right(firsts, k) - 1
        i, j, _ = self.runs[run]
        i, j = i + k - firsts[run], j + k - firsts[run]
        out = kept_all(
            self.old_paths[self.old_starts[i] : self.old_starts[i + 1]],
            self.new_paths[self.new_starts[j] : self.new_starts[j + 1]],
        )
        if k in self.moved:
            out[0] = _moved(out[0])
        return out

    def entry(self) -> dict[str, Any]:
        """How the edge is kept in a cache entry: its ``runs`` as lists, ``moved`` and ``rest`` (see :func:`_entry`)."""
        return {"runs": list(map(list, self.runs)), "moved": sorted(self.moved), "rest": [_entry(m) for m in self.rest]}

    def __repr__(self) -> str:
        pairs = sum(size for _, _, size in self.runs)
        return f"<KeptEdge {pairs} points kept, {len(self.moved)} moved, {len(self.rest)} other matches>"


def _moved(m: Match) -> Match:
    """A kept match off the run of pairings in order: moved."""
    return attrs.evolve(m, moved=True, kind=_MOVED)


def kept_runs(olds: Sequence[int], news: Sequence[int]) -> list[tuple[int, int, int]]:
    """The pairs ``olds[k]``, ``news[k]`` (``news`` increasing) as runs ``(old, new, length)`` stepping by one.

    >>> kept_runs([0, 1, 2, 5, 3], [0, 1, 2, 3, 4])
    [(0, 0, 3), (5, 3, 1), (3, 4, 1)]
    """
    size = len(olds)
    if not size:
        return []
    # both step by one exactly where the steps multiply to one (a new step is at least one)
    steps = map(mul, map(sub, olds[1:], olds), map(sub, news[1:], news))
    ends = list(compress(range(1, size), map(ne, steps, repeat(1))))
    return [(olds[a], news[a], b - a) for a, b in zip([0, *ends], [*ends, size], strict=True)]


def aligned_kept(
    old: Version,
    new: Version,
    *,
    use_lineage: bool,
    options: AlignOptions,
    method: str,
    sides: Callable[[], tuple[Side, Side]],
    compute: Callable[[], KeptEdge],
) -> KeptEdge:
    """As :func:`aligned`, for an alignment made as a :class:`KeptEdge` (``compute``), kept on disk in its form.

    ``sides`` gives the two versions as an entry is read against them (see :data:`Side`): an entry
    is used only when its pairs are of points of the same content, its other matches hold every
    other path of both versions once, and each field is of its type; else it is computed again.
    """
    if options.similarity is not None:
        return compute()
    memo_key = (content_key(old), content_key(new), use_lineage, options, method)
    found = _edges.get(memo_key)
    if found is not None:
        _edges.move_to_end(memo_key)
        return found
    key = {**_key(old, new, use_lineage, options, method), "form": _KEPT_FORM}
    value = cache.fetch("alignments", key)
    found = _kept_from_entry(value, *sides()) if value is not None else None
    if found is None:
        found = compute()
        if cache.enabled():
            cache.store("alignments", key, found.entry())
    _edges[memo_key] = found
    if len(_edges) > _MEMO_SIZE:
        _edges.popitem(last=False)
    return found


def _kept_from_entry(value: Any, old: Side, new: Side) -> KeptEdge | None:
    """The edge a cache entry holds (see :meth:`KeptEdge.entry`), or None when it is not sound for these versions."""
    if type(value) is not dict or value.keys() != {"runs", "moved", "rest"}:
        return None
    (old_paths, old_starts, old_contents), (new_paths, new_starts, new_contents) = old, new
    listed, moved = value["runs"], value["moved"]
    if type(listed) is not list or type(moved) is not list:
        return None
    runs: list[tuple[int, int, int]] = []
    end = 0  # where the runs so far end on the new side (they come in new order)
    for run in listed:
        if type(run) is not list or len(run) != 3 or not all(type(x) is int for x in run):
            return None
        i, j, size = run
        if size < 1 or i < 0 or j < end or i + size > len(old_contents) or j + size > len(new_contents):
            return None
        if old_contents[i : i + size] != new_contents[j : j + size]:
            return None  # a pair of points of other contents
        runs.append((i, j, size))
        end = j + size
    by_old = sorted(runs)
    if any(a[0] + a[2] > b[0] for a, b in pairwise(by_old)):
        return None  # an old point in two pairs
    pairs = sum(size for _, _, size in runs)
    if not all(type(k) is int and 0 <= k < pairs for k in moved) or len(set(moved)) != len(moved):
        return None
    read = _read_matches(value["rest"])
    if read is None:
        return None
    rest, rest_olds, rest_news = read
    for paths, starts, count, paired, held in (
        (old_paths, old_starts, len(old_contents), [(i, size) for i, _, size in runs], rest_olds),
        (new_paths, new_starts, len(new_contents), [(j, size) for _, j, size in runs], rest_news),
    ):
        left = set(range(count)).difference(*(range(a, a + size) for a, size in paired))
        expected = [path for a in left for path in paths[starts[a] : starts[a + 1]]]
        try:
            if len(held) != len(expected) or set(held) != set(expected):
                return None  # every path not kept whole in one other match
        except TypeError:  # an unhashable "path"
            return None
    return KeptEdge((old_paths, old_starts), (new_paths, new_starts), runs, moved, rest)
