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

from collections import OrderedDict
from collections.abc import Callable, Iterable
from typing import Any

import attrs

from .. import cache
from ..model.records import Version
from .align import AlignOptions, align
from .matches import Match, MatchKind

__all__ = ["aligned", "content_key", "forget", "held", "kept", "kept_all"]

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
    return {
        "old": content_key(old),
        "new": content_key(new),
        "lineage": use_lineage,
        "options": attrs.asdict(opts),
        "method": method,
    }


def held(
    old: Version, new: Version, *, use_lineage: bool = True, options: AlignOptions | None = None, method: str = "align"
) -> bool:
    """Whether :func:`aligned` would find this alignment made: in this process, or kept in the disk cache.

    (An entry on disk is not read here: one found unsound when read is computed again.)
    """
    opts = options or AlignOptions()
    if opts.similarity is not None:
        return False
    if (content_key(old), content_key(new), use_lineage, opts, method) in _memo:
        return True
    return cache.stored("alignments", _key(old, new, use_lineage, opts, method))


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
    if len(m.old) == 1 and len(m.new) == 1 and m == kept(m.old[0], m.new[0], m.confidence):
        return _kept_entries[id(kept(m.old[0], m.new[0], m.confidence))][1]
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


_KINDS = {kind.value: kind for kind in MatchKind}


def _from_entry(value: Any, old: Version, new: Version) -> tuple[Match, ...] | None:
    """The matches a cache entry holds, or None when it is not a sound alignment of these two versions.

    Every field is checked for its type, and the paths together must be every path of
    each version exactly once (a path that is not text cannot be one of them).
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
                    if type(confidence) is not float:
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
            add(
                Match(
                    old=tuple(o),
                    new=tuple(n),
                    kind=_KINDS[kind],
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
    if not _covers(olds, old) or not _covers(news, new):
        return None  # every path of both versions once; a path that is not text is none of them
    return tuple(found)


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
