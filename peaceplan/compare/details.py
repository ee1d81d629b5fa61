"""Change details computed once: the redline, findings and verdict of each changed point, kept per edge.

The word diff and the findings of a changed point are most of what a diff, a
blame, an influence table or a traced diff costs once the edges are aligned
(:mod:`peaceplan.compare.alignments`), and every run of every view asked for
them again. :func:`edge` gives the details of one edge (two versions), read
from the disk cache (:mod:`peaceplan.cache`) when first asked for; the details
computed since are written back, with those read, when the whole diff is built
(:func:`~peaceplan.compare.diff.diff`), when the edge leaves this process's
memo, at :func:`flush`, or when the process exits.

An edge is keyed by the content of its two versions (as alignments are: the
digest of each file, else of the version's canonical JSON), the options that
decide the details, and (through the cache) the peaceplan code. Within it, a
detail is named by its match: the old and new paths and the kind the alignment
gave. A detail read from disk is checked before it is used: its kind a known
kind the match can have, its redline a valid one of exactly the two texts, every
finding valid; anything else is computed again and the entry rewritten.

A detail may be partial, as a view that shows less than a whole change computes
less: a redline alone (``[null, segments, null]``, what influence shows), or a
redline and the verdict without the findings (``[kind, segments, null]``, what
blame and a traced diff's steps show). A partial detail answers only what it
holds: :meth:`EdgeDetails.get`, asked for a whole change, treats it as missing,
and the change computed then (reusing its redline) completes the entry.
"""

from __future__ import annotations

import atexit
from collections import OrderedDict
from collections.abc import Hashable, Mapping, Sequence
from typing import Any

from .. import cache
from ..errors import ValidationError
from ..model.records import Provision, Version
from .alignments import content_key
from .findings import Finding
from .matches import Match, MatchKind
from .redline import Op, Redline, Segment

__all__ = ["EdgeDetails", "edge", "flush", "forget"]

KIND = "details"
"""The cache folder of the entries."""

_MEMO_SIZE = 256
"""Edges kept in memory per process; one leaving the memo is written first if it holds new details."""

_KINDS = {kind.value: kind for kind in MatchKind}

Detail = tuple[Redline, tuple[Finding, ...], MatchKind]
"""A changed point's redline, findings and verdict."""

Peek = tuple[MatchKind, frozenset[str] | None]
"""A changed point's verdict and the kinds of its findings (their values), None when they are not kept."""

Parts = tuple[MatchKind | None, list[Any], list[dict[str, Any]] | None]
"""A well-formed stored entry: its verdict (None if not kept), its segments, its findings (None if not kept)."""

_VERDICTS = frozenset({MatchKind.MODIFIED, MatchKind.REWORDED})
"""The kinds a changed point aligned as one of them may be given (its reworded/modified verdict)."""

_OPS = frozenset(op.value for op in Op)


class EdgeDetails:
    """The details of the changed points of one edge: those read from the disk cache and those computed since."""

    __slots__ = ("_folder", "_fresh", "_stored", "key")

    def __init__(self, key: Mapping[str, Any]) -> None:
        self.key = dict(key)
        self._folder = cache.cache_dir()  # written back only where it was read from
        self._stored: dict[str, Any] | None = None  # read on first use
        self._fresh: dict[str, list[Any]] = {}

    def _read(self) -> dict[str, Any]:
        if self._stored is None:
            value = cache.fetch(KIND, self.key)
            self._stored = value if isinstance(value, dict) else {}
        return self._stored

    def _item(self, match: Match) -> Parts | None:
        """The entry kept for ``match``, this process's first, else the cache folder's, if well formed; else None.

        Well formed: a verdict ``match`` can have (or none), segments, and findings (or none, not
        without a verdict). Whether its segments spell the two texts each reader checks.
        """
        name = _name(match)
        item = self._fresh.get(name)
        return _parts(item if item is not None else self._read().get(name), match)

    def get(self, match: Match, olds: Sequence[Provision], news: Sequence[Provision]) -> Detail | None:
        """The whole detail of ``match`` (whose points are ``olds`` and ``news``), if known and sound; else None.

        A partial detail (a redline alone, or without its findings) is not a whole one: None.
        """
        parts = self._item(match)
        if parts is None:
            return None
        kind, segments, findings = parts
        if kind is None or findings is None:
            return None
        try:
            red = _redline(segments, olds, news)
            if red is None:
                return None
            return red, tuple(Finding.from_dict(f) for f in findings), kind
        except (ValidationError, TypeError, ValueError, KeyError, AttributeError):
            return None

    def redline(self, match: Match, olds: Sequence[Provision], news: Sequence[Provision]) -> Redline | None:
        """The redline of ``match``, if known and sound (see :meth:`get`), without making its finding records.

        Any detail kept for ``match`` has one, partial or whole.
        """
        parts = self._item(match)
        if parts is None:
            return None
        try:
            return _redline(parts[1], olds, news)
        except (ValidationError, TypeError, ValueError, KeyError, AttributeError, IndexError):
            return None

    def peek(self, match: Match, olds: Sequence[Provision], news: Sequence[Provision]) -> Peek | None:
        """The verdict of ``match`` and the kinds of its findings, if known and sound, without making records.

        What a view that shows only kinds needs (blame's "reworded" or "modified"); the
        redline is checked against the texts as in :meth:`get`. The kinds of the findings
        are None for a detail kept without its findings; a detail without a verdict is None.
        """
        parts = self._item(match)
        if parts is None:
            return None
        kind, segments, findings = parts
        if kind is None:
            return None
        try:
            if not _same_texts(segments, olds, news):
                return None
        except (TypeError, ValueError):
            return None
        return kind, None if findings is None else frozenset(f["kind"] for f in findings)

    def put(self, match: Match, detail: Detail) -> None:
        """Keep the detail just computed for ``match`` (written with the others at the next write)."""
        red, findings, kind = detail
        self._keep(match, [kind.value, _segments(red), [f.to_dict() for f in findings]])

    def put_partial(self, match: Match, red: Redline, kind: MatchKind | None = None) -> None:
        """Keep a partial detail just computed for ``match``: its redline, and its verdict if given (no findings).

        For a point with no detail, or only a smaller one, kept: a whole detail is never
        replaced by a partial one.
        """
        known = self._fresh.get(_name(match))
        if known is not None and known[2] is not None:
            return
        self._keep(match, [None if kind is None else kind.value, _segments(red), None])

    def _keep(self, match: Match, item: list[Any]) -> None:
        self._fresh[_name(match)] = item
        _pending[id(self)] = self

    def write(self) -> None:
        """Write the details read and computed as the edge's entry, if any were computed since the last write."""
        _pending.pop(id(self), None)
        if not self._fresh:
            return
        merged = {**self._read(), **self._fresh}
        self._stored, self._fresh = merged, {}
        if cache.cache_dir() == self._folder:  # not into a cache folder chosen since (another corpus's, a test's)
            cache.store(KIND, self.key, merged)


def _name(match: Match) -> str:
    """A detail's name within its edge: the match's paths and its alignment kind."""
    return "\x1f".join(match.old) + "\x1e" + "\x1f".join(match.new) + "\x1e" + match.kind.value


def _segments(red: Redline) -> list[list[str]]:
    # _value_ is what Enum.value reads, without the descriptor call (thousands of segments an edge)
    return [[s.op._value_, s.text] for s in red.segments]


def _kind(value: Any, match: Match) -> MatchKind | None:
    """The stored verdict of ``match`` if it is one :func:`~peaceplan.compare.diff.change_of` can give it, else None.

    A point aligned as modified (or reworded) is given either; any other keeps its alignment's kind.
    """
    kind = _KINDS.get(value) if type(value) is str else None
    if kind is None:
        return None
    if match.kind in _VERDICTS:
        return kind if kind in _VERDICTS else None
    return kind if kind is match.kind else None


def _same_texts(segments: Any, olds: Sequence[Provision], news: Sequence[Provision]) -> bool:
    """Whether stored segments are well formed and spell exactly the two sides' texts (no records made)."""
    old_parts, new_parts = [], []
    for op, text in segments:
        if type(text) is not str or not text or op not in _OPS:
            return False
        if op != "insert":
            old_parts.append(text)
        if op != "delete":
            new_parts.append(text)
    return "".join(old_parts) == " ".join(p.text for p in olds) and "".join(new_parts) == " ".join(p.text for p in news)


def _parts(item: Any, match: Match) -> Parts | None:
    """A stored entry's verdict, segments and findings, if well formed for ``match`` (see :meth:`EdgeDetails._item`)."""
    if type(item) is not list or len(item) != 3:
        return None
    kind_value, segments, findings = item
    kind = None if kind_value is None else _kind(kind_value, match)
    if (kind is None and kind_value is not None) or type(segments) is not list:
        return None
    if findings is not None:
        if kind is None or type(findings) is not list:
            return None
        if not all(type(f) is dict and type(f.get("kind")) is str for f in findings):
            return None
    return kind, segments, findings


def _redline(segments: Any, olds: Sequence[Provision], news: Sequence[Provision]) -> Redline | None:
    """The stored segments as a redline, or None when it is not the redline of these points' texts."""
    red = Redline(tuple(Segment(op, text) for op, text in segments))
    if red.old_text != " ".join(p.text for p in olds) or red.new_text != " ".join(p.text for p in news):
        return None
    return red


_memo: OrderedDict[Hashable, EdgeDetails] = OrderedDict()
_pending: dict[int, EdgeDetails] = {}  # edges holding details not yet written


def edge(old: Version, new: Version, options: Mapping[str, Any], memo_key: Hashable) -> EdgeDetails | None:
    """The details of the edge ``old`` → ``new`` under ``options`` (plain JSON data; ``memo_key`` hashes alike).

    None when the disk cache is off: then details are only computed.
    """
    if not cache.enabled():
        return None
    old_key, new_key = content_key(old), content_key(new)
    full = (old_key, new_key, memo_key, cache.cache_dir())
    found = _memo.get(full)
    if found is not None:
        _memo.move_to_end(full)
        return found
    found = _memo[full] = EdgeDetails({"old": old_key, "new": new_key, "options": options})
    if len(_memo) > _MEMO_SIZE:
        _memo.popitem(last=False)[1].write()
    return found


def flush() -> None:
    """Write every edge holding details computed since it was last written."""
    for details in list(_pending.values()):
        details.write()


def forget() -> None:
    """Write what is pending, then empty this process's memo (the disk cache stays)."""
    flush()
    _memo.clear()


atexit.register(flush)
