"""What users do today to pair the points of two drafts, each reduced to index pairs.

The benchmark compares :func:`peaceplan.diff` with the tools a user would reach
for without it. Each baseline takes the two versions' points (as plain dicts or
as texts, prepared before the clock starts) and returns the set of
``(old index, new index)`` pairs it implies, so one F1 function scores all of
them against the generator's gold alignment:

* :func:`deepdiff_plain`: ``DeepDiff(old_points, new_points, ignore_order=True)``;
* :func:`deepdiff_paired`: the same with the number field excluded, so renumbered
  but otherwise equal points hash alike and changed points may be paired;
* :func:`difflib_pairs`: :class:`difflib.SequenceMatcher` over the point texts;
* :func:`all_pairs`: every pair scored with ``rapidfuzz.process.cdist``, then an
  assignment (scipy's ``linear_sum_assignment`` when scipy is installed, else a
  greedy best-first assignment).

The pairs are read from each tool's own report; nothing here re-implements a
diff. Reading the report is part of the timed call, as reading peaceplan's
matches is part of its.
"""

from __future__ import annotations

import difflib
import json
from collections import defaultdict
from collections.abc import Mapping, Sequence
from typing import Any

from deepdiff import DeepDiff
from rapidfuzz import fuzz, process

__all__ = [
    "ALL_PAIRS_CUTOFF",
    "ASSIGNMENT",
    "LABEL_PATH",
    "Pairs",
    "all_pairs",
    "deepdiff_paired",
    "deepdiff_plain",
    "difflib_pairs",
]

Pairs = frozenset[tuple[int, int]]
"""``(old index, new index)`` pairs of points a method says correspond."""

LABEL_PATH = r"root\[\d+\]\['label'\]"
"""DeepDiff ``exclude_regex_paths`` entry that hides the point number of every item."""

ALL_PAIRS_CUTOFF = 60
"""Minimum rapidfuzz ``ratio`` (0–100) for an assigned all-pairs pair to count as a match."""

try:  # scipy is optional: the benchmark says which assignment it used.
    from scipy.optimize import linear_sum_assignment as _lsa  # type: ignore[import-untyped]

    ASSIGNMENT = "scipy.optimize.linear_sum_assignment"
except ImportError:  # pragma: no cover - depends on the environment
    _lsa = None
    ASSIGNMENT = "greedy best-first (scipy not installed)"


def deepdiff_plain(old: Sequence[Mapping[str, Any]], new: Sequence[Mapping[str, Any]]) -> Pairs:
    """``DeepDiff(old, new, ignore_order=True)``, pairs read from its tree report.

    >>> old = [{"label": "1", "text": "A ceasefire."}, {"label": "2", "text": "Elections."}]
    >>> sorted(deepdiff_plain(old, [old[1], old[0]]))
    [(0, 1), (1, 0)]
    """
    return _deepdiff_pairs(old, new, exclude_label=False)


def deepdiff_paired(old: Sequence[Mapping[str, Any]], new: Sequence[Mapping[str, Any]]) -> Pairs:
    """DeepDiff set up to pair renumbered points: ``ignore_order=True``, the label excluded.

    >>> old = [{"label": "1", "text": "A ceasefire."}, {"label": "2", "text": "Elections."}]
    >>> new = [{"label": "1", "text": "Elections."}]
    >>> sorted(deepdiff_paired(old, new))
    [(1, 0)]
    """
    return _deepdiff_pairs(old, new, exclude_label=True)


def _deepdiff_pairs(
    old: Sequence[Mapping[str, Any]], new: Sequence[Mapping[str, Any]], *, exclude_label: bool
) -> Pairs:
    options: dict[str, Any] = {"exclude_regex_paths": [LABEL_PATH]} if exclude_label else {}
    tree = DeepDiff(list(old), list(new), ignore_order=True, view="tree", **options)
    pairs: set[tuple[int, int]] = set()
    seen_old: set[int] = set()
    seen_new: set[int] = set()
    for levels in tree.values():
        for level in levels:
            old_path = level.path(output_format="list")
            new_path = level.path(use_t2=True, output_format="list")
            i = old_path[0] if old_path and _present(level, "t1") else None
            j = new_path[0] if new_path and _present(level, "t2") else None
            if isinstance(i, int):
                seen_old.add(i)
            if isinstance(j, int):
                seen_new.add(j)
            if isinstance(i, int) and isinstance(j, int):
                pairs.add((i, j))
    # What the report leaves out, DeepDiff found equal (same hash): pair those
    # items by the same equality it used (the dict, without the label if excluded).
    unreported: defaultdict[str, list[int]] = defaultdict(list)
    for j, item in enumerate(new):
        if j not in seen_new:
            unreported[_key(item, exclude_label)].append(j)
    for i, item in enumerate(old):
        if i not in seen_old:
            candidates = unreported.get(_key(item, exclude_label))
            if candidates:
                pairs.add((i, candidates.pop(0)))
    return frozenset(pairs)


def _present(level: Any, side: str) -> bool:
    return type(getattr(level, side)).__name__ != "NotPresent"


def _key(item: Mapping[str, Any], exclude_label: bool) -> str:
    data = {k: v for k, v in item.items() if not (exclude_label and k == "label")}
    return json.dumps(data, sort_keys=True)


def difflib_pairs(old: Sequence[str], new: Sequence[str]) -> Pairs:
    """``difflib.SequenceMatcher`` over the point texts: equal blocks, and replace blocks
    of equal length, pair points one to one.

    >>> sorted(difflib_pairs(["a", "b", "c"], ["a", "x", "c", "d"]))
    [(0, 0), (1, 1), (2, 2)]
    """
    matcher = difflib.SequenceMatcher(a=list(old), b=list(new))
    pairs: set[tuple[int, int]] = set()
    for tag, i1, i2, j1, j2 in matcher.get_opcodes():
        if tag == "equal" or (tag == "replace" and i2 - i1 == j2 - j1):
            pairs.update((i1 + k, j1 + k) for k in range(i2 - i1))
    return frozenset(pairs)


def all_pairs(old: Sequence[str], new: Sequence[str], *, cutoff: int = ALL_PAIRS_CUTOFF) -> Pairs:
    """Score every pair with ``rapidfuzz.process.cdist`` (one worker), then assign.

    Pairs scoring below ``cutoff`` stay unpaired (an insertion and a deletion).

    >>> sorted(all_pairs(["the army is capped", "elections in 100 days"], ["elections in 90 days", "new"]))
    [(1, 0)]
    """
    import numpy as np

    if not old or not new:
        return frozenset()
    scores = process.cdist(list(old), list(new), scorer=fuzz.ratio, dtype=np.uint8, workers=1)
    if _lsa is not None:
        rows, cols = _lsa(scores, maximize=True)
        chosen = list(zip(rows.tolist(), cols.tolist(), strict=True))
    else:  # pragma: no cover - depends on the environment
        chosen = _greedy(scores, cutoff)
    return frozenset((i, j) for i, j in chosen if scores[i, j] >= cutoff)


def _greedy(scores: Any, cutoff: int) -> list[tuple[int, int]]:  # pragma: no cover - without scipy
    import numpy as np

    order = np.argsort(scores, axis=None, kind="stable")[::-1]
    width = scores.shape[1]
    used_old: set[int] = set()
    used_new: set[int] = set()
    out = []
    for flat in order.tolist():
        i, j = divmod(flat, width)
        if scores[i, j] < cutoff:
            break
        if i not in used_old and j not in used_new:
            used_old.add(i)
            used_new.add(j)
            out.append((i, j))
    return out
