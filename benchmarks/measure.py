"""How the benchmark measures: interleaved medians, traced memory, a log-log fit, the machine.

Shared machines are noisy, so every comparison is a ratio of medians taken in
one run, with the methods timed in turn (round robin) so a slow patch of the
machine hurts all of them alike. A method whose first run is slow is not
repeated: its single time is already far from the others.
"""

from __future__ import annotations

import gc
import math
import os
import platform
import re
import statistics
import time
import tracemalloc
from collections.abc import Callable, Mapping, Sequence
from typing import Any

import attrs

__all__ = [
    "SLOW_SECONDS",
    "Timed",
    "machine_slug",
    "machine_summary",
    "medians",
    "parsed_size",
    "peak_memory",
    "scaling_exponent",
]

SLOW_SECONDS = 2.0
"""A method whose first run takes longer than this is timed once."""


@attrs.frozen
class Timed:
    """A method's median wall time in seconds, the number of runs it is over, and its last result."""

    seconds: float
    runs: int
    result: Any = attrs.field(eq=False, repr=False)


def medians(
    methods: Mapping[str, Callable[[], Any]],
    repeats: int,
    *,
    slow: float = SLOW_SECONDS,
    setup: Callable[[], Any] | None = None,
) -> dict[str, Timed]:
    """Median wall time of each method, timed round robin ``repeats`` times.

    A garbage collection (and ``setup``, if given) runs before every call, off
    the clock, so no method pays for another's garbage or profits from another
    run's memo caches; a method whose first run exceeds ``slow`` seconds runs once.

    >>> timed = medians({"sum": lambda: sum(range(100))}, repeats=3)
    >>> timed["sum"].runs, timed["sum"].result
    (3, 4950)
    """
    samples: dict[str, list[float]] = {name: [] for name in methods}
    results: dict[str, Any] = {}
    for _ in range(max(1, repeats)):
        for name, fn in methods.items():
            if samples[name] and samples[name][0] > slow:
                continue
            if setup is not None:
                setup()
            gc.collect()
            start = time.perf_counter()
            results[name] = fn()
            samples[name].append(time.perf_counter() - start)
    return {name: Timed(statistics.median(s), len(s), results[name]) for name, s in samples.items()}


def peak_memory(fn: Callable[[], Any]) -> int:
    """Peak bytes allocated while ``fn`` runs (tracemalloc), not counting what existed before.

    >>> peak_memory(lambda: [0] * 100_000) >= 800_000
    True
    """
    gc.collect()
    tracemalloc.start()
    try:
        fn()
        return tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()


def parsed_size(build: Callable[[], Any]) -> int:
    """Bytes still allocated after ``build`` returns: the size of what it built (kept alive).

    >>> parsed_size(lambda: [0] * 100_000) >= 800_000
    True
    """
    gc.collect()
    tracemalloc.start()
    try:
        built = build()
        size = tracemalloc.get_traced_memory()[0]
        del built
        return size
    finally:
        tracemalloc.stop()


def scaling_exponent(points: Sequence[tuple[int, float]]) -> float:
    """The slope of log(time) against log(N), by least squares.

    >>> round(scaling_exponent([(1000, 0.1), (2000, 0.4), (4000, 1.6)]), 3)
    2.0
    """
    if len(points) < 2:
        raise ValueError(f"a scaling exponent needs times at two sizes at least, got {len(points)}")
    xs = [math.log(n) for n, _ in points]
    ys = [math.log(t) for _, t in points]
    mx, my = statistics.fmean(xs), statistics.fmean(ys)
    return sum((x - mx) * (y - my) for x, y in zip(xs, ys, strict=True)) / sum((x - mx) ** 2 for x in xs)


def _cpu_model() -> str:
    try:
        with open("/proc/cpuinfo", encoding="utf-8") as f:
            for line in f:
                if line.lower().startswith("model name"):
                    return " ".join(line.split(":", 1)[1].split())
    except OSError:
        pass
    return platform.processor() or platform.machine() or "unknown CPU"


def _ram_gb() -> float | None:
    try:
        return os.sysconf("SC_PAGE_SIZE") * os.sysconf("SC_PHYS_PAGES") / 2**30
    except (ValueError, OSError, AttributeError):
        return None


def _cores() -> int:
    try:
        return len(os.sched_getaffinity(0))
    except AttributeError:  # pragma: no cover - not Linux
        return os.cpu_count() or 1


def machine_summary() -> str:
    """Cores, RAM, CPU model and Python version: enough to compare runs, no paths or names."""
    ram = _ram_gb()
    memory = f", {ram:.0f} GB RAM" if ram else ""
    return f"{_cores()} cores{memory}, {_cpu_model()}, Python {platform.python_version()} ({platform.system()})"


def machine_slug() -> str:
    """A file-name-safe summary such as ``2core-23gb-amd-epyc``."""
    ram = _ram_gb()
    parts = [f"{_cores()}core", f"{ram:.0f}gb" if ram else "", _cpu_model().lower()]
    slug = "-".join(p for p in parts if p)
    return re.sub(r"[^a-z0-9]+", "-", slug).strip("-")[:60]
