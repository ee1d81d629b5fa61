"""Benchmark: text import is linear in the input, for the shapes that were quadratic (issue 15, item 8).

Times ``read_text`` / ``read_pages`` on generated inputs of 10k, 20k, 40k and
80k lines for each shape that once took minutes, and prints the time and the
ratio of each size's time to the previous (half) size's. Linear means a ratio
near 2; the target is at most 2.5 up to 100k lines::

    python benchmarks/import_scaling.py            # 10k..80k lines (a minute or two)
    python benchmarks/import_scaling.py --quick    # 2.5k..10k lines (seconds; CI)
    python benchmarks/import_scaling.py --check    # exit 1 when a ratio is over 2.5

Shapes: "1. a" printed again and again (duplicate labels), running headers
and page numbers, inline items in one paragraph ("(a) x; (b) x; ..."), a
many-page PDF text restarting its numbering on every page, bullets.
Each time is the best of three runs of the process's CPU time, so a busy machine disturbs it less.
"""

from __future__ import annotations

import argparse
import itertools
import sys
import time
from collections.abc import Callable, Sequence
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from peaceplan import read_pages, read_text

TARGET = 2.5


def _repeated(n: int) -> object:
    return "1. a\n" * n


def _headers(n: int) -> object:
    return "".join(f"PEACE PLAN DRAFT\n{i}. Point {i} reads here.\nPage {i}\n" for i in range(1, n // 3 + 1))


def _inline(n: int) -> object:
    return "1. Items: " + "; ".join(f"({chr(97 + i % 26)}) x" for i in range(n))


def _pages(n: int) -> object:
    return [f"PLAN\n1. first point\n2. second point\nPage {p}" for p in range(1, n // 4 + 1)]


def _bullets(n: int) -> object:
    return "- item\n" * n


SHAPES: dict[str, Callable[[int], object]] = {
    "repeated '1. a'": _repeated,
    "running headers": _headers,
    "inline items": _inline,
    "restarting pages": _pages,
    "bullets": _bullets,
}


def time_import(source: object, repeats: int = 3) -> float:
    """Best of ``repeats`` wall times of importing ``source`` (a text, or a list of page texts)."""
    best = float("inf")
    for _ in range(repeats):
        start = time.process_time()
        if isinstance(source, list):
            read_pages(source, id="bench")
        else:
            assert isinstance(source, str)
            read_text(source, id="bench")
        best = min(best, time.process_time() - start)
    return best


def run(sizes: Sequence[int], log: Callable[[str], None] = print) -> dict[str, list[tuple[int, float]]]:
    """Seconds per size for every shape; prints a table as it goes."""
    log(f"{'shape':<20}" + "".join(f"{n:>12,}" for n in sizes) + "   worst ratio (2x input)")
    results: dict[str, list[tuple[int, float]]] = {}
    for name, make in SHAPES.items():
        times = [(n, time_import(make(n))) for n in sizes]
        results[name] = times
        ratios = [b / a for (_, a), (_, b) in itertools.pairwise(times)]
        log(f"{name:<20}" + "".join(f"{t:>11.3f}s" for _, t in times) + f"   {max(ratios):.2f}")
    return results


def worst_ratio(results: dict[str, list[tuple[int, float]]]) -> tuple[str, float]:
    """The shape whose time grows most when its input doubles, and that ratio."""
    worst = ("", 0.0)
    for name, times in results.items():
        for (_, a), (_, b) in itertools.pairwise(times):
            if b / a > worst[1]:
                worst = (name, b / a)
    return worst


def main(argv: Sequence[str] | None = None) -> int:
    """Run the benchmark; with ``--check``, 0 when every ratio is within the target, 1 otherwise."""
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--quick", action="store_true", help="2.5k..10k lines instead of 10k..80k")
    parser.add_argument("--check", action="store_true", help=f"exit 1 when doubling an input costs over {TARGET}x")
    args = parser.parse_args(argv)
    sizes = [2_500, 5_000, 10_000] if args.quick else [10_000, 20_000, 40_000, 80_000]
    results = run(sizes)
    name, ratio = worst_ratio(results)
    verdict = "ok" if ratio <= TARGET else "FAIL"
    print(f"[{verdict:<4}] import linear: target time(2n)/time(n) <= {TARGET}; worst {ratio:.2f} ({name})")
    return 1 if args.check and ratio > TARGET else 0


if __name__ == "__main__":
    raise SystemExit(main())
