"""The labelled findings benchmark: precision and recall of peaceplan's findings, per kind.

Run from the repository root::

    python benchmarks/findings/run.py              # the table
    python benchmarks/findings/run.py --unlabelled # also list the findings no label matches
    python benchmarks/findings/run.py --json out.json

Each file in ``labels/`` holds one pair of versions: the findings a reader
judged (true, false or misleading, with a reason), the substantive changes a
careful reader finds in the pair (for recall) and the correct change kind of
the points the reader compared. Findings are matched to labels by pair,
provision labels, sub-point path, kind, direction and the old and new values
(fuzzily, so a small fix to a corpus text or to a finding's wording keeps the
match). A finding no label matches is reported as *unlabelled*; label it (the
``--unlabelled`` listing prints a stub to paste) before quoting the figures.

Precision counts *misleading* as wrong. Recall counts a change as found when a
finding judged true, on the same points and of one of the listed kinds, names
one of the change's keys (or, for a change listed as a point "removed" or
"added", when the diff reports those points so). Change-kind accuracy compares the diff's kind of each
labelled point with the label; a point the diff does not align the same way
counts as wrong.
"""

from __future__ import annotations

import argparse
import json
import re
import sys
from collections import Counter, defaultdict
from collections.abc import Iterable, Mapping, Sequence
from pathlib import Path
from typing import Any

import yaml
from rapidfuzz import fuzz

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE.parents[1]))

import peaceplan  # noqa: E402
from peaceplan import Diff, Version  # noqa: E402

_VALUE_MATCH = 80.0  # rapidfuzz token_set_ratio at or above which two finding values are the same


def _version(corpus: peaceplan.Corpus, version_id: str) -> Version:
    if version_id in corpus:
        return corpus.version(version_id)
    return peaceplan.load_version(HERE / "texts" / f"{version_id}.yaml")


def _labels() -> list[dict[str, Any]]:
    return [yaml.safe_load(p.read_text(encoding="utf-8")) for p in sorted((HERE / "labels").glob("*.yaml"))]


def _norm(value: str | None) -> str:
    return " ".join(re.findall(r"\w+", (value or "").casefold()))


def _same_value(a: str | None, b: str | None) -> bool:
    if (a is None) != (b is None):
        return False
    if a is None or b is None:
        return True
    x, y = _norm(a), _norm(b)
    return x == y or fuzz.token_set_ratio(x, y) >= _VALUE_MATCH


def _overlap(a: Sequence[str], b: Sequence[str]) -> bool:
    return set(a) == set(b) or bool(set(a) & set(b))


def _found(diff: Diff) -> list[dict[str, Any]]:
    out = []
    for change in diff.entries:
        for f in change.findings:
            out.append(
                {
                    "old": list(change.old_labels),
                    "new": list(change.new_labels),
                    "path": f.path,
                    "kind": f.kind.value,
                    "direction": f.direction.value,
                    "was": f.old,
                    "now": f.new,
                    "claim": f.summary,
                    "possible": bool(getattr(f, "possible", False)),
                    "excerpts": " | ".join(  # each text from the finding's words on, for a label's `near`
                        e.excerpt[e.start - e.excerpt_start :]
                        for e in (getattr(f, "old_evidence", None), getattr(f, "new_evidence", None))
                        if e
                    ),
                }
            )
    return out


def _matches(found: Mapping[str, Any], label: Mapping[str, Any]) -> bool:
    return (
        _overlap(found["old"], label["old"])
        and _overlap(found["new"], label["new"])
        and (found["path"] or None) == (label.get("path") or None)
        and found["kind"] == label["kind"]
        and found["direction"] == label["direction"]
        and _same_value(found["was"], label.get("was"))
        and _same_value(found["now"], label.get("now"))
        and (
            not label.get("near")
            or not found["excerpts"]  # code without evidence (the run before issue 13) cannot tell them apart
            or label["near"].casefold() in found["excerpts"].casefold()
        )
    )


def _key_in(keys: Iterable[str], text: str) -> bool:
    keys = list(keys)
    return not keys or any(re.search(rf"(?<!\w){re.escape(_norm(k))}", text) for k in keys)


def evaluate(*, include_possible: bool = True) -> dict[str, Any]:
    """Match every pair's findings to its labels; the counts behind the table."""
    corpus = peaceplan.load_corpus()
    by_kind: dict[str, Counter[str]] = defaultdict(Counter)
    recall: dict[str, Counter[str]] = defaultdict(Counter)
    kinds = Counter[str]()
    unlabelled: list[dict[str, Any]] = []
    missed: list[dict[str, Any]] = []
    wrong_kinds: list[dict[str, Any]] = []
    pairs = []
    for data in _labels():
        old_id, new_id = data["pair"]
        pairs.append(f"{old_id} -> {new_id}")
        diff = peaceplan.diff(_version(corpus, old_id), _version(corpus, new_id))
        found = [f for f in _found(diff) if include_possible or not f["possible"]]
        true_found = []
        for f in found:
            label = next((lab for lab in data["findings"] if _matches(f, lab)), None)
            if label is None:
                by_kind[f["kind"]]["unlabelled"] += 1
                unlabelled.append({"pair": [old_id, new_id], **f})
                continue
            by_kind[f["kind"]][label["verdict"]] += 1
            if label["verdict"] == "true":
                true_found.append(f)
        shown = {(tuple(e.old_labels), tuple(e.new_labels)): e.kind.value for e in diff.entries}
        for change in data["changes"]:
            points = (tuple(change["old"]), tuple(change["new"]))
            hit = shown.get(points) in change["kinds"] or any(
                f["kind"] in change["kinds"]
                and (_overlap(f["old"], change["old"]) or _overlap(f["new"], change["new"]))
                and _key_in(change["keys"], " ".join(_norm(x) for x in (f["was"], f["now"], f["claim"])))
                for f in true_found
            )
            recall[old_id + " -> " + new_id]["found" if hit else "missed"] += 1
            if not hit:
                missed.append({"pair": [old_id, new_id], **change})
        for label in data["kinds"]:
            got = shown.get((tuple(label["old"]), tuple(label["new"])))
            ok = got == label["kind"]
            kinds["right" if ok else "wrong"] += 1
            if not ok:
                wrong_kinds.append({"pair": [old_id, new_id], **label, "got": got})
    return {
        "pairs": pairs,
        "by_kind": {k: dict(v) for k, v in sorted(by_kind.items())},
        "recall": {k: dict(v) for k, v in recall.items()},
        "kinds": dict(kinds),
        "unlabelled": unlabelled,
        "missed": missed,
        "wrong_kinds": wrong_kinds,
    }


def _ratio(a: int, b: int) -> str:
    return f"{a / b:.2f}" if b else "—"


def table(result: Mapping[str, Any]) -> str:
    lines = [f"{'kind':<12} {'true':>5} {'false':>5} {'misl.':>5} {'unlab.':>6} {'precision':>9}"]
    totals = Counter[str]()
    for kind, counts in result["by_kind"].items():
        totals.update(counts)
        judged = counts.get("true", 0) + counts.get("false", 0) + counts.get("misleading", 0)
        lines.append(
            f"{kind:<12} {counts.get('true', 0):>5} {counts.get('false', 0):>5} {counts.get('misleading', 0):>5} "
            f"{counts.get('unlabelled', 0):>6} {_ratio(counts.get('true', 0), judged):>9}"
        )
    judged = totals["true"] + totals["false"] + totals["misleading"]
    lines.append(
        f"{'all':<12} {totals['true']:>5} {totals['false']:>5} {totals['misleading']:>5} "
        f"{totals['unlabelled']:>6} {_ratio(totals['true'], judged):>9}"
    )
    found = sum(v.get("found", 0) for v in result["recall"].values())
    changes = found + sum(v.get("missed", 0) for v in result["recall"].values())
    lines.append("")
    share = _ratio(found, changes)
    lines.append(f"recall: {found} of {changes} substantive changes reported by a true finding ({share})")
    for pair, counts in result["recall"].items():
        n = counts.get("found", 0) + counts.get("missed", 0)
        lines.append(f"  {pair:<48} {counts.get('found', 0):>3} / {n:<3} {_ratio(counts.get('found', 0), n)}")
    right, wrong = result["kinds"].get("right", 0), result["kinds"].get("wrong", 0)
    lines.append(f"change kinds right: {right} of {right + wrong} ({_ratio(right, right + wrong)})")
    return "\n".join(lines)


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--unlabelled", action="store_true", help="list unlabelled findings as label stubs")
    parser.add_argument("--missed", action="store_true", help="list the changes no true finding reports")
    parser.add_argument("--wrong-kinds", action="store_true", help="list the points whose change kind is wrong")
    parser.add_argument("--stated-only", action="store_true", help="leave out the findings shown as 'possible'")
    parser.add_argument("--json", type=Path, help="also write the counts and lists to this JSON file")
    args = parser.parse_args(argv)
    result = evaluate(include_possible=not args.stated_only)
    print(f"{len(result['pairs'])} pairs: " + "; ".join(result["pairs"]))
    print(table(result))
    if args.unlabelled:
        print("\nunlabelled findings:")
        print(yaml.safe_dump(result["unlabelled"], sort_keys=False, allow_unicode=True, width=110))
    if args.missed:
        print("\nmissed changes:")
        for m in result["missed"]:
            print(f"  {m['pair'][0]} -> {m['pair'][1]} {m['old']} -> {m['new']}: {m['what']}")
    if args.wrong_kinds:
        print("\nwrong change kinds:")
        for m in result["wrong_kinds"]:
            print(f"  {m['pair'][0]} -> {m['pair'][1]} {m['old']} -> {m['new']}: expected {m['kind']}, got {m['got']}")
    if args.json:
        args.json.write_text(json.dumps(result, indent=1, ensure_ascii=False), encoding="utf-8")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
