"""Benchmark peaceplan.diff side by side with what users do today, and check the targets.

Usage (from the repository root)::

    python benchmarks/run.py                  # full run: N = 28 .. 20,000, p = 10% and 30%
    python benchmarks/run.py --check --save   # ... assert the targets, save the table
    python benchmarks/run.py --quick --check  # CI: small N, ratio checks only (well under 2 minutes)
    python benchmarks/run.py --profile 5000   # where peaceplan.diff spends its time at N = 5,000

Every size and edit rate gets one generated revision (``tests/generator.py``,
with its gold alignment), and every method runs on that same data in the same
run, timed round robin: peaceplan.diff end to end, the DeepDiff, difflib and
all-pairs baselines (:mod:`benchmarks.baselines`), and the floor of reading
the two version files. The table shows medians and the ratios
peaceplan/baseline; ``--check`` asserts the targets of issue 6
(:mod:`benchmarks.checks`) and exits 1 when one fails.
"""

from __future__ import annotations

import argparse
import cProfile
import datetime
import functools
import io
import json
import math
import pstats
import random
import sys
import tempfile
import textwrap
import time
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
if str(ROOT) not in sys.path:  # run as a script: make the repository's packages importable
    sys.path.insert(0, str(ROOT))

import attrs  # noqa: E402
import jsonschema  # noqa: E402

from benchmarks import baselines, checks, measure  # noqa: E402
from benchmarks.report import Method, Pair, Report, Row, format_report  # noqa: E402
from peaceplan.compare.align import Match, MatchKind  # noqa: E402
from peaceplan.compare.diff import diff  # noqa: E402
from peaceplan.corpus import Corpus  # noqa: E402
from peaceplan.files.io import dump_version, load_version  # noqa: E402
from peaceplan.model.records import Document, Version  # noqa: E402
from tests.generator import Gold, edited_f1, f1, make_document, revise  # noqa: E402

__all__ = [
    "FULL",
    "MEMO_CACHES",
    "QUICK",
    "Config",
    "blame_chain",
    "cold",
    "load_and_validate",
    "main",
    "measure_row",
    "profile",
    "read_paste",
    "render_reports",
    "revision",
    "run",
    "save",
    "scaling",
]


@attrs.frozen(kw_only=True)
class Config:
    """What one run measures: sizes, edit rates, and the largest N at which each baseline runs."""

    quick: bool
    sizes: tuple[int, ...]
    rates: tuple[float, ...]
    baseline_limits: tuple[tuple[str, int], ...]
    exponent_range: tuple[int, int]
    repeats: tuple[tuple[int, int], ...] = ((200, 11), (1000, 7), (5000, 5))  # (up to N, runs); 3 beyond
    memory_from: int = 0  # peak memory is traced at N >= this (tracing is slow)
    chain: tuple[int, int] | None = None  # (versions, points) of the blame chain
    load_size: int | None = None  # points of the load-and-validate file
    paste_size: int | None = None  # points of the pasted plan read by read_text
    processes: tuple[int, int, int] | None = None  # (versions, points, rounds) of the whole-process timings
    render_size: int | None = None  # points of the pair whose diff is rendered as text and HTML

    def limit(self, baseline: str) -> int:
        """The largest N at which ``baseline`` runs (0: never)."""
        return dict(self.baseline_limits).get(baseline, 0)

    def runs(self, n: int) -> int:
        """How many timed runs each median at size ``n`` is over (a slow method runs once)."""
        return next((runs for up_to, runs in self.repeats if n <= up_to), 3)


FULL = Config(
    quick=False,
    sizes=(28, 200, 1000, 5000, 20000),
    rates=(0.1, 0.3),
    # DeepDiff paired: ~10 s at 5,000 points here, growing ~N^2 (20,000 would take minutes);
    # all-pairs: 400 million scores and a 20,000 x 20,000 assignment at 20,000.
    baseline_limits=(("deepdiff", 20000), ("deepdiff-paired", 5000), ("all-pairs", 5000), ("difflib", 20000)),
    exponent_range=(1000, 20000),
    chain=(100, 1000),
    load_size=20000,
    paste_size=20000,
    processes=(100, 1000, 5),
    render_size=20000,
)
QUICK = Config(
    quick=True,
    sizes=(200, 500, 1000, 2000),
    rates=(0.1,),
    repeats=((200, 7), (1000, 5)),
    memory_from=2000,
    baseline_limits=(("deepdiff", 200), ("deepdiff-paired", 200), ("all-pairs", 200), ("difflib", 2000)),
    exponent_range=(500, 2000),
    paste_size=8000,  # large enough for quadratic reading to show (ratio 1.8 before the fix, 1.0 after)
    processes=(10, 200, 3),
    render_size=2000,
)


def _seed(n: int, rate: float) -> int:
    return n * 1000 + round(rate * 100)


def _as_matches(pairs: baselines.Pairs, olds: Sequence[str], news: Sequence[str]) -> list[Match]:
    """A baseline's index pairs as matches, unpaired points added or removed, for the same F1."""
    out = [Match(old=(olds[i],), new=(news[j],), kind=MatchKind.MODIFIED, score=0.0, curated=False) for i, j in pairs]
    paired_old = {i for i, _ in pairs}
    paired_new = {j for _, j in pairs}
    out += [
        Match(old=(o,), new=(), kind=MatchKind.REMOVED, score=0.0, curated=False)
        for i, o in enumerate(olds)
        if i not in paired_old
    ]
    out += [
        Match(old=(), new=(n,), kind=MatchKind.ADDED, score=0.0, curated=False)
        for j, n in enumerate(news)
        if j not in paired_new
    ]
    return out


def _points(version: Version) -> tuple[list[str], list[dict[str, Any]], list[str]]:
    """Paths, point dicts (``label``: the path; ``text``) and texts of every provision, sub-points included."""
    walked = list(version.walk())
    paths = [path for path, _ in walked]
    dicts = [{"label": path, "text": p.text} | ({"title": p.title} if p.title else {}) for path, p in walked]
    return paths, dicts, [p.text for _, p in walked]


def _read_versions(paths: Sequence[Path]) -> tuple[Version, ...]:
    out = []
    for path in paths:
        with path.open(encoding="utf-8") as f:
            out.append(Version.from_dict(json.load(f)))
    return tuple(out)


MEMO_CACHES = ("peaceplan.compare.redline:_cached_redline", "peaceplan.compare.alignments:_memo")
"""Caches keyed by the texts being compared, cleared before every timed run (``module:function``).

Repeating a diff of the same two versions would otherwise find every word diff
memoised by the run before, and time what a user diffing two new drafts never
sees. Compile-once caches (schemas, patterns, word stems) stay warm, as they
are in any long-running process.
"""


def cold() -> None:
    """Clear :data:`MEMO_CACHES`, so the next diff pays what a first diff of new drafts pays."""
    for ref in MEMO_CACHES:
        module, _, name = ref.partition(":")
        cached = getattr(sys.modules.get(module), name, None)
        clear = getattr(cached, "cache_clear", None) or getattr(cached, "clear", None)
        if clear is not None:
            clear()


def revision(n: int, rate: float) -> tuple[Version, Version, Gold]:
    """The generated document of N provisions and its revision at edit rate ``rate``, with the gold alignment."""
    old = make_document(n, _seed(n, rate), version_id="old")
    new, gold = revise(old, rate, _seed(n, rate) + 1, version_id="new")
    return old, new, gold


def measure_row(n: int, rate: float, config: Config, folder: Path) -> Row:
    """Generate one revision of N points at edit rate ``rate`` and measure every method on it."""
    old, new, gold = revision(n, rate)
    files = [folder / f"{n}-{rate:.2f}-old.json", folder / f"{n}-{rate:.2f}-new.json"]
    dump_version(old, files[0])
    dump_version(new, files[1])
    old_paths, old_dicts, old_texts = _points(old)
    new_paths, new_dicts, new_texts = _points(new)
    runners: dict[str, Callable[[], Any]] = {
        "deepdiff": lambda: baselines.deepdiff_plain(old_dicts, new_dicts),
        "deepdiff-paired": lambda: baselines.deepdiff_paired(old_dicts, new_dicts),
        "all-pairs": lambda: baselines.all_pairs(old_texts, new_texts),
        "difflib": lambda: baselines.difflib_pairs(old_texts, new_texts),
    }
    methods: dict[str, Callable[[], Any]] = {
        "peaceplan": lambda: diff(old, new),
        "floor": lambda: _read_versions(files),
        "load": lambda: tuple(load_version(f) for f in files),
    }
    methods |= {key: fn for key, fn in runners.items() if n <= config.limit(key)}
    timed = measure.medians(methods, config.runs(n), setup=cold)

    def scored(key: str, matches: Sequence[Match]) -> Method:
        t = timed[key]
        return Method(seconds=t.seconds, runs=t.runs, f1=f1(matches, gold), edited_f1=edited_f1(matches, gold))

    ours = scored("peaceplan", timed["peaceplan"].result.alignment)
    found: dict[str, Method | None] = {
        key: scored(key, _as_matches(timed[key].result, old_paths, new_paths)) if key in timed else None
        for key in runners
    }
    memory = parsed = None
    if n >= config.memory_from:
        cold()
        memory = measure.peak_memory(lambda: diff(old, new))
        parsed = measure.parsed_size(lambda: _read_versions(files))
    return Row(
        n=n,
        rate=rate,
        peaceplan=ours,
        baselines=found,
        floor=timed["floor"].seconds,
        load=timed["load"].seconds,
        memory=memory,
        parsed=parsed,
    )


def scaling(sizes: Sequence[int], *, repeats: int = 3, log: Callable[[str], None] = print) -> list[tuple[int, float]]:
    """Median time of ``peaceplan.diff`` at each size (p = 10%), the sizes timed round robin.

    Timing the sizes in turn, rather than one after another, keeps a slow patch
    of a shared machine from bending the fitted exponent.
    """
    if len(sizes) < 2:
        return []
    log(f"  timing peaceplan.diff round robin across N = {', '.join(f'{n:,}' for n in sizes)}")
    pairs = {n: revision(n, 0.1)[:2] for n in sizes}
    timed = measure.medians({str(n): functools.partial(diff, *pairs[n]) for n in sizes}, repeats, slow=math.inf)
    return [(n, timed[str(n)].seconds) for n in sorted(sizes)]


def blame_chain(versions: int, points: int, seed: int = 7) -> Pair:
    """Blame of the last of ``versions`` drafts of ``points`` points (1–5% edits a step) vs one diff first→last."""
    from peaceplan.history.blame import blame

    rng = random.Random(seed)
    chain = [make_document(points, seed, version_id="v000")]
    for k in range(1, versions):
        child, _ = revise(chain[-1], rng.uniform(0.01, 0.05), seed + k, version_id=f"v{k:03d}")
        chain.append(attrs.evolve(child, parents=(chain[-1].id,)))
    document = Document(id=chain[0].document, title="Generated chain", kind="peace-plan")
    blame_times, diff_times = [], []
    for _ in range(3):
        corpus = Corpus(name="benchmark", title="Benchmark chain", documents=[document], versions=chain)
        cold()
        start = time.perf_counter()
        blame(corpus, chain[-1].id)
        blame_times.append(time.perf_counter() - start)
        cold()
        start = time.perf_counter()
        diff(chain[0], chain[-1])
        diff_times.append(time.perf_counter() - start)
    return Pair(
        seconds=sorted(blame_times)[1],
        reference=sorted(diff_times)[1],
        what=f"blame of a {versions}-version chain of {points:,}-point drafts vs one diff (first vs last)",
    )


def _paste(points: int, seed: int = 11) -> str:
    """A pasted plan of ``points`` provisions: wrapped at 60 columns, one long point broken mid-word."""
    from peaceplan.text.writer import to_text

    lines: list[str] = []
    for line in to_text(make_document(points, seed, version_id="paste")).splitlines():
        lines.extend(textwrap.wrap(line, width=60, break_on_hyphens=False) or [""])
    # An annex point pasted as one long run of wrapped lines (a PDF page, a report's appendix),
    # every seventh line ending in a word broken by a hyphen: one point's text growing line by line.
    words = " ".join(f"clause {k} of the annex keeps the zone" for k in range(points // 4))
    annex = [
        f"{line} demilita-" if k % 7 == 0 else f"rised {line}" if k % 7 == 1 else line
        for k, line in enumerate(textwrap.wrap(words, width=50))
    ]
    return "\n".join([*lines, f"{points + 1}. Annex.", *annex])


def read_paste(points: int) -> Pair:
    """``read_text`` of a paste of ``points`` provisions vs four times one of a quarter as many (linearity)."""
    from peaceplan.text.reader import read_text

    big, small = _paste(points), _paste(points // 4)
    times: dict[str, list[float]] = {"big": [], "small": []}
    for _ in range(3):
        for key, text in (("big", big), ("small", small)):
            start = time.perf_counter()
            read_text(text, id="paste")
            times[key].append(time.perf_counter() - start)
    return Pair(
        seconds=sorted(times["big"])[1],
        reference=4 * sorted(times["small"])[1],
        what=(
            f"read_text of a pasted plan of {points:,} points ({big.count(chr(10)) + 1:,} lines) vs 4x one of "
            f"{points // 4:,} points"
        ),
    )


def load_and_validate(points: int, folder: Path) -> Pair:
    """``load_version`` of a file of ``points`` provisions vs ``json.load`` plus one precompiled validation."""
    path = folder / f"load-{points}.json"
    dump_version(make_document(points, 11, version_id="big"), path)
    schema = json.loads((ROOT / "schemas" / "version.schema.json").read_text(encoding="utf-8"))
    validator = jsonschema.Draft202012Validator(schema)  # compiled once, outside the clock

    def plain() -> Any:
        with path.open(encoding="utf-8") as f:
            data = json.load(f)
        validator.validate(data)
        return data

    load_version(path)  # warm the loader's own compiled validator, as plain()'s is warm
    timed = measure.medians({"load": lambda: load_version(path), "plain": plain}, repeats=3)
    return Pair(
        seconds=timed["load"].seconds,
        reference=timed["plain"].seconds,
        what=f"load_version of a {points:,}-provision file vs json.load + one jsonschema validation",
    )


def render_reports(points: int, rate: float = 0.1) -> tuple[Pair, Pair]:
    """The terminal report (coloured, 100 columns) and the HTML report of a diff of ``points`` points, vs the diff.

    The diff is timed from cold memo caches, as a first diff of new drafts; the reports are timed on
    the diff it returned, as the CLI renders it right after computing it (each report is a fresh
    string: renderers keep no cache of their own).
    """
    from peaceplan.render.html import render_html
    from peaceplan.render.text import render_text

    old, new, _ = revision(points, rate)
    timed_diff = measure.medians({"diff": lambda: diff(old, new)}, repeats=3, slow=math.inf, setup=cold)["diff"]
    d = timed_diff.result
    timed = measure.medians(
        {"text": lambda: render_text(d, color=True, width=100), "html": lambda: render_html(d)},
        repeats=3,
        slow=math.inf,
    )
    what = f"of a {points:,}-point diff at p={rate:.0%} ({len(d.changes):,} changes) vs the diff"
    return (
        Pair(seconds=timed["text"].seconds, reference=timed_diff.seconds, what=f"terminal report {what}"),
        Pair(seconds=timed["html"].seconds, reference=timed_diff.seconds, what=f"HTML report {what}"),
    )


def _notes(config: Config) -> tuple[str, ...]:
    notes = []
    for key, what in (
        ("deepdiff", "DeepDiff plain"),
        ("deepdiff-paired", "DeepDiff paired"),
        ("all-pairs", "all-pairs"),
    ):
        limit = config.limit(key)
        if limit < max(config.sizes):
            notes.append(f"{what} not run above N={limit:,}" + ("" if config.quick else " (it would take minutes)"))
    notes.append(f"all-pairs: rapidfuzz cdist (fuzz.ratio, one worker) + {baselines.ASSIGNMENT}")
    notes.append(
        "points: every provision (sub-points included) as {'label': path, 'text': text}; DeepDiff pairs are read "
        "from its tree report (values_changed paths in t1 and t2), unreported items are its hash-equal ones"
    )
    return tuple(notes)


def run(config: Config, *, log: Callable[[str], None] = print) -> Report:
    """Measure everything ``config`` asks for and return the report."""
    rows = []
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        for n in config.sizes:
            for rate in config.rates:
                started = time.perf_counter()
                rows.append(measure_row(n, rate, config, folder))
                log(f"  measured N={n:,} p={rate:.0%} in {time.perf_counter() - started:.1f} s")
        lo, hi = config.exponent_range
        fit = scaling([n for n in config.sizes if lo <= n <= hi], log=log)
        exponent = measure.scaling_exponent(fit) if len(fit) >= 2 else None
        span = (fit[0][0], fit[-1][0]) if len(fit) >= 2 else None
        blame = None
        if config.chain is not None:
            log("  measuring the blame chain")
            blame = blame_chain(*config.chain)
        loaded = None
        if config.load_size is not None:
            log("  measuring load and validate")
            loaded = load_and_validate(config.load_size, folder)
        paste = None
        if config.paste_size is not None:
            log("  measuring a pasted plan's import")
            paste = read_paste(config.paste_size)
        reports = None
        if config.render_size is not None:
            log(f"  measuring the text and HTML reports of a {config.render_size:,}-point diff")
            reports = render_reports(config.render_size)
    return Report(
        quick=config.quick,
        machine=measure.machine_summary(),
        rows=tuple(rows),
        exponent=exponent,
        exponent_range=span,
        scaling=tuple(fit),
        blame=blame,
        load_validate=loaded,
        paste=paste,
        render_text=reports[0] if reports else None,
        render_html=reports[1] if reports else None,
        notes=_notes(config),
    )


def profile(n: int, rate: float = 0.1, *, top: int = 25) -> str:
    """cProfile of one ``peaceplan.diff`` at N = ``n``: the top functions by own time and by cumulative time."""
    old, new, _ = revision(n, rate)
    diff(old, new)  # warm compile-once caches (stems, patterns) as a long-running process would have them
    cold()  # ... but not the word diffs of these very texts
    profiler = cProfile.Profile()
    profiler.runcall(diff, old, new)
    out = io.StringIO()
    stats = pstats.Stats(profiler, stream=out)
    stats.sort_stats("tottime").print_stats(top)
    stats.sort_stats("cumulative").print_stats(top)
    return out.getvalue()


def _parse(argv: Sequence[str] | None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(prog="benchmarks/run.py", description=__doc__.split("\n\n")[0])
    parser.add_argument("--quick", action="store_true", help="small N (200..2,000), cheap baselines only (for CI)")
    parser.add_argument("--check", action="store_true", help="assert the targets; exit 1 when one fails")
    parser.add_argument("--save", action="store_true", help="write the report to benchmarks/results/")
    parser.add_argument("--sizes", help="comma-separated N to measure instead of the mode's")
    parser.add_argument("--rates", help="comma-separated edit rates (0.1,0.3) instead of the mode's")
    parser.add_argument("--profile", type=int, metavar="N", help="profile one peaceplan.diff at N and exit")
    parser.add_argument("--no-processes", action="store_true", help="skip the whole-process timings")
    return parser.parse_args(argv)


def _config(args: argparse.Namespace) -> Config:
    config = QUICK if args.quick else FULL
    if args.sizes:
        config = attrs.evolve(
            config,
            sizes=tuple(int(s) for s in args.sizes.split(",")),
            chain=None,
            load_size=None,
            paste_size=None,
            render_size=None,
        )
    if args.rates:
        config = attrs.evolve(config, rates=tuple(float(r) for r in args.rates.split(",")))
    return config


def save(text: str) -> Path:
    """Write ``text`` to ``benchmarks/results/<date>-<machine>.txt`` and return the path."""
    folder = Path(__file__).resolve().parent / "results"
    folder.mkdir(exist_ok=True)
    path = folder / f"{datetime.date.today().isoformat()}-{measure.machine_slug()}.txt"
    path.write_text(text + "\n", encoding="utf-8")
    return path


def main(argv: Sequence[str] | None = None) -> int:
    """Run the benchmark; 0 when every checked target holds (or with no ``--check``), 1 otherwise."""
    args = _parse(argv)
    from peaceplan import cache

    cache.set_enabled(False)  # in-process timings are of first computations, never of the disk cache
    if args.profile:
        print(profile(args.profile))
        return 0
    config = _config(args)
    mode = "quick" if config.quick else "full"
    print(f"peaceplan benchmark ({mode}): N = {', '.join(f'{n:,}' for n in config.sizes)}", flush=True)
    report = run(config, log=lambda line: print(line, flush=True))
    results = checks.evaluate(report)
    text = format_report(report)
    if config.processes is not None and not args.no_processes:
        from benchmarks.process import format_process_report, run_processes

        versions, points, rounds = config.processes
        print("  whole processes", flush=True)
        processes = run_processes(
            versions=versions, points=points, repeats=rounds, log=lambda line: print(line, flush=True)
        )
        results = (*results, *checks.process_checks(processes, quick=config.quick))
        text += "\n\n" + format_process_report(processes)
    text += "\n\n" + checks.format_checks(results)
    print("\n" + text)
    if args.save:
        print(f"saved to {save(text).relative_to(ROOT)}")
    bad = checks.failed(results)
    if args.check and bad:
        print(
            f"benchmark check failed: {', '.join(c.name for c in bad)} missed the target "
            "(see the [FAIL] lines above; profile with `python benchmarks/run.py --profile 5000`)",
            file=sys.stderr,
        )
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
