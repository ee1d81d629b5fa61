"""The real-world alignment benchmark: peaceplan against both naive baselines on real document pairs.

Every folder under ``pairs/`` holds an old and a new version of a real document
(``old.txt``, ``new.txt``: one provision a line, its printed label first) and the
publisher's own correspondence between them (``gold.json``; see ``README.md``
beside this file for each source and how its gold was derived). For each pair
the script

1. builds both versions with :func:`peaceplan.read_text` from the text files
   (the ``build`` column says ``read_text`` when it placed every label of the
   file, in order, as a top-level provision; otherwise ``direct``: one provision
   per line, and the pair does not count towards the targets);
2. runs ``peaceplan.diff(old, new, use_lineage=False)`` and turns every match into
   links, one per (old, new) combination, so a split or merge gives several;
3. scores them against the gold (links touching ``unscored_old``/``unscored_new``
   or listed in ``optional_pairs`` are ignored), and scores in the same run two
   naive baselines: **fuzzy** (rapidfuzz ``token_set_ratio`` of every old text
   against every new one, greedy one-to-one above 60) and **same-label** (link the
   provisions printed with the same label).

It prints a table per pair and micro-averaged, then the calibration of
``Match.confidence``: in each band of stated confidence, the share of links
that were right.

    python benchmarks/realworld/run.py                 # every pair
    python benchmarks/realworld/run.py hosea-kjv-jps1917 --errors 10
    python benchmarks/realworld/run.py --check         # exit 1 when a target of issue 12 fails
"""

from __future__ import annotations

import argparse
import itertools
import json
import sys
import time
from collections.abc import Iterable, Sequence
from pathlib import Path
from typing import Any

HERE = Path(__file__).resolve().parent
PAIRS = HERE / "pairs"
sys.path.insert(0, str(HERE.parent.parent))

import peaceplan  # noqa: E402
from peaceplan.compare.align import Match  # noqa: E402

Link = tuple[str, str]
Lines = list[tuple[str, str]]


def read_lines(path: Path) -> Lines:
    """The (label, text) of every non-empty line: the label is everything before the first space."""
    out = []
    for raw in path.read_text(encoding="utf-8").splitlines():
        if raw.strip():
            label, _, text = raw.partition(" ")
            out.append((label, text.strip()))
    return out


def build(path: Path, vid: str, lines: Lines) -> tuple[peaceplan.Version, str]:
    """One side of a pair, read by ``read_text`` when it places every label; else built line by line."""
    labels = [label for label, _ in lines]
    try:
        version = peaceplan.read_text(path, id=vid).version
    except peaceplan.PeaceplanError:
        version = None
    if version is not None and [p.label for p in version.provisions] == labels:
        return version, "read_text"
    provisions = [peaceplan.Provision(label=label, text=text) for label, text in lines]
    return peaceplan.Version(id=vid, document="realpair", title=vid, status="draft", provisions=provisions), "direct"


def links_of(matches: Iterable[Match]) -> dict[Link, float]:
    """Every (old, new) link of the matches, with the confidence of the match that makes it."""
    return {(o, n): m.confidence for m in matches for o in m.old for n in m.new}


def fuzzy_links(old: Lines, new: Lines, threshold: float = 60.0) -> set[Link]:
    """rapidfuzz ``token_set_ratio`` over all pairs, greedy one-to-one above the threshold (labels unused)."""
    from rapidfuzz import fuzz, utils

    olds = [utils.default_process(t) for _, t in old]
    news = [utils.default_process(t) for _, t in new]
    cells = []
    for i, a in enumerate(olds):
        for j, b in enumerate(news):
            s = fuzz.token_set_ratio(a, b)
            if s > threshold:
                cells.append((s, -i, -j, i, j))
    cells.sort(reverse=True)
    used_old: set[int] = set()
    used_new: set[int] = set()
    out = set()
    for *_, i, j in cells:
        if i not in used_old and j not in used_new:
            used_old.add(i)
            used_new.add(j)
            out.add((old[i][0], new[j][0]))
    return out


def same_label_links(old: Lines, new: Lines) -> set[Link]:
    labels = {label for label, _ in new}
    return {(label, label) for label, _ in old if label in labels}


def score(predicted: Iterable[Link], gold: dict[str, Any]) -> dict[str, Any]:
    pairs = {tuple(p) for p in gold["pairs"]}
    optional = {tuple(p) for p in gold.get("optional_pairs", [])}
    u_old, u_new = set(gold.get("unscored_old", [])), set(gold.get("unscored_new", []))
    kept = {p for p in predicted if p[0] not in u_old and p[1] not in u_new and p not in optional}
    tp, fp, fn = len(kept & pairs), len(kept - pairs), len(pairs - kept)
    return {
        "tp": tp,
        "fp": fp,
        "fn": fn,
        **prf(tp, fp, fn),
        "fp_links": sorted(kept - pairs),
        "fn_links": sorted(pairs - kept),
    }


def prf(tp: int, fp: int, fn: int) -> dict[str, float]:
    p = tp / (tp + fp) if tp + fp else 0.0
    r = tp / (tp + fn) if tp + fn else 0.0
    return {"precision": p, "recall": r, "f1": 2 * p * r / (p + r) if p + r else 0.0}


def run_pair(folder: Path) -> dict[str, Any]:
    gold = json.loads((folder / "gold.json").read_text(encoding="utf-8"))
    old_lines, new_lines = read_lines(folder / "old.txt"), read_lines(folder / "new.txt")
    old, how_old = build(folder / "old.txt", "old", old_lines)
    new, how_new = build(folder / "new.txt", "new", new_lines)
    start = time.perf_counter()
    found = peaceplan.diff(old, new, use_lineage=False)
    seconds = time.perf_counter() - start
    links = links_of(found.alignment)
    ours = score(links, gold)
    pairs = {tuple(p) for p in gold["pairs"]}
    optional = {tuple(p) for p in gold.get("optional_pairs", [])}
    u_old, u_new = set(gold.get("unscored_old", [])), set(gold.get("unscored_new", []))
    judged = [
        (conf, link in pairs)
        for link, conf in links.items()
        if link[0] not in u_old and link[1] not in u_new and link not in optional
    ]
    return {
        "pair": folder.name,
        "sizes": (len(old_lines), len(new_lines)),
        "gold": len(pairs),
        "build": "read_text" if how_old == how_new == "read_text" else f"{how_old}/{how_new}",
        "seconds": seconds,
        "peaceplan": ours,
        "fuzzy": score(fuzzy_links(old_lines, new_lines), gold),
        "same-label": score(same_label_links(old_lines, new_lines), gold),
        "judged": judged,
        "uncertain": sum(1 for m in found.alignment if m.uncertain),
        "texts": (dict(old_lines), dict(new_lines)),
    }


def _cell(s: dict[str, Any]) -> str:
    return f"{s['precision']:.3f}/{s['recall']:.3f}/{s['f1']:.3f}"


def table(results: Sequence[dict[str, Any]]) -> str:
    head = (
        f"{'pair':38} {'old':>4} {'new':>4} {'gold':>4} {'build':>9} {'time':>6}  "
        f"{'peaceplan P/R/F1':>19} {'fuzzy P/R/F1':>19} {'same-label P/R/F1':>19} {'unc':>4}"
    )
    rows = [head, "-" * len(head)]
    for r in results:
        rows.append(
            f"{r['pair']:38} {r['sizes'][0]:>4} {r['sizes'][1]:>4} {r['gold']:>4} {r['build']:>9} "
            f"{r['seconds']:>5.2f}s  {_cell(r['peaceplan']):>19} {_cell(r['fuzzy']):>19} "
            f"{_cell(r['same-label']):>19} {r['uncertain']:>4}"
        )
    rows.append("-" * len(head))
    micro = {
        key: prf(*(sum(r[key][k] for r in results) for k in ("tp", "fp", "fn")))
        for key in ("peaceplan", "fuzzy", "same-label")
    }
    total = sum(r["gold"] for r in results)
    rows.append(
        f"{'micro-average':38} {'':>4} {'':>4} {total:>4} {'':>9} {sum(r['seconds'] for r in results):>5.2f}s  "
        f"{_cell(micro['peaceplan']):>19} {_cell(micro['fuzzy']):>19} {_cell(micro['same-label']):>19}"
    )
    return "\n".join(rows)


BANDS = (0.0, 0.5, 0.7, 0.8, 0.9, 0.95, 1.01)


def calibration(results: Sequence[dict[str, Any]]) -> str:
    """In each band of stated confidence, how many scored links and the share of them that were right."""
    rows = ["confidence band   links   stated (mean)   right"]
    for lo, hi in itertools.pairwise(BANDS):
        inside = [(c, ok) for r in results for c, ok in r["judged"] if lo <= c < hi]
        if inside:
            stated = sum(c for c, _ in inside) / len(inside)
            right = sum(ok for _, ok in inside) / len(inside)
            band = f"[{lo:.2f}, {min(hi, 1.0):.2f}{')' if hi <= 1 else ']'}"
            rows.append(f"{band}   {len(inside):>5}   {stated:>13.3f}   {right:.3f}")
    return "\n".join(rows)


def checks(results: Sequence[dict[str, Any]]) -> list[tuple[bool, str]]:
    """The targets of the real-world benchmark (issue 12)."""
    micro = prf(*(sum(r["peaceplan"][k] for r in results) for k in ("tp", "fp", "fn")))
    out = [
        (micro["f1"] >= 0.95, f"micro F1 >= 0.95: {micro['f1']:.3f}"),
        (micro["precision"] >= 0.95, f"micro precision >= 0.95: {micro['precision']:.3f}"),
    ]
    for r in results:
        f1 = r["peaceplan"]["f1"]
        base = max(r["fuzzy"]["f1"], r["same-label"]["f1"])
        out.append(
            (f1 >= 0.70 and f1 > base, f"{r['pair']}: F1 {f1:.3f} >= 0.70 and above both baselines ({base:.3f})")
        )
        out.append((r["build"] == "read_text", f"{r['pair']}: both versions built by read_text ({r['build']})"))
    return out


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("pairs", nargs="*", help="pair folder names (default: every folder under pairs/)")
    parser.add_argument(
        "--errors", type=int, default=0, metavar="N", help="list up to N false and N missed links per pair"
    )
    parser.add_argument("--json", metavar="FILE", help="also write every score to FILE")
    parser.add_argument("--check", action="store_true", help="exit 1 when a target fails")
    args = parser.parse_args(argv)
    folders = sorted(p.parent for p in PAIRS.glob("*/gold.json"))
    if args.pairs:
        folders = [f for f in folders if f.name in args.pairs]
    results = [run_pair(f) for f in folders]
    print(table(results))
    print()
    print(calibration(results))
    if args.errors:
        for r in results:
            old, new = r["texts"]
            wrong, missed = r["peaceplan"]["fp_links"], r["peaceplan"]["fn_links"]
            if wrong or missed:
                print(f"\n{r['pair']}")
            for tag, links in (("false", wrong), ("missed", missed)):
                for a, b in links[: args.errors]:
                    print(f"  {tag:6} {a} -> {b}: {old.get(a, '')[:70]!r} | {new.get(b, '')[:70]!r}")
    if args.json:
        Path(args.json).write_text(
            json.dumps([{k: v for k, v in r.items() if k not in ("texts", "judged")} for r in results], indent=1),
            encoding="utf-8",
        )
    if args.check:
        failed = 0
        print()
        for ok, text in checks(results):
            print(f"[{'ok  ' if ok else 'FAIL'}] {text}")
            failed += not ok
        return 1 if failed else 0
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
