"""Whole processes, side by side: what a user waits for at the command line.

Each command runs as its own process, timed round robin (every command once, then
again, so a slow patch of a shared machine hurts them all alike), and its CPU time
(user + system, from ``os.wait4``) and wall time are kept; the table shows medians.
The processes run with bytecode caching on (an installed package has its ``.pyc``
files) and a warm-up run first, and with a cache folder of their own:

- start-up: ``python -c pass``, ``python -c "import peaceplan"``, ``peaceplan --help``;
- a plain diff: ``peaceplan diff 28-point 20-point`` with the disk cache warm and
  with ``--no-cache``, beside ``git diff --no-index --word-diff`` of the Markdown of
  the two versions (what a user without peaceplan would run);
- corpus commands on a generated corpus of V versions x N provisions (a chain, 1-5 %
  edits a step, each draft credited to its drafter; 100 x 1,000 in the full run): ``blame``, ``thread``, ``influence``
  and a traced ``diff`` of the first and last versions, cold (an empty cache folder
  every run) and warm (the folder the previous run filled), beside the in-process
  floor of loading the corpus (``load_corpus``, ``json.load`` of its files) and one
  ``diff(first, last)`` (the first of those two versions in a process: see
  :func:`first_diff_cpu`).
"""

from __future__ import annotations

import json
import os
import random
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable, Mapping, Sequence
from pathlib import Path

import attrs

ROOT = Path(__file__).resolve().parent.parent

__all__ = ["ProcessReport", "Timing", "format_process_report", "make_corpus", "run_processes"]


@attrs.frozen
class Timing:
    """Median CPU and wall seconds of one command over ``runs`` runs."""

    cpu: float
    wall: float
    runs: int


@attrs.frozen(kw_only=True)
class ProcessReport:
    """The medians of every command, and the in-process floors of the corpus commands."""

    startup: Mapping[str, Timing]
    corpus_size: tuple[int, int]
    corpus: Mapping[str, Timing]
    floors: Mapping[str, float]

    def ratio(self, name: str, reference: str = "python -c pass") -> float:
        return self.startup[name].cpu / max(self.startup[reference].cpu, 1e-9)


def _environment(cache_dir: Path, pycache: Path) -> dict[str, str]:
    env = dict(os.environ)
    env.pop("PYTHONDONTWRITEBYTECODE", None)  # as installed: bytecode compiled once, not on every run
    env.pop("PEACEPLAN_NO_CACHE", None)
    env.update(
        PYTHONPYCACHEPREFIX=str(pycache),
        PEACEPLAN_CACHE_DIR=str(cache_dir),
        PYTHONPATH=os.pathsep.join([str(ROOT), env.get("PYTHONPATH", "")]).rstrip(os.pathsep),
        NO_COLOR="1",
        COLUMNS="100",
    )
    return env


def _run(argv: Sequence[str], env: Mapping[str, str], cwd: Path) -> tuple[float, float]:
    """CPU (user + system) and wall seconds of one process running ``argv``."""
    start = time.perf_counter()
    process = subprocess.Popen(argv, env=dict(env), cwd=cwd, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    _, status, usage = os.wait4(process.pid, 0)
    wall = time.perf_counter() - start
    process.returncode = os.waitstatus_to_exitcode(status)
    if process.returncode not in (0, 1):  # diff exits 1 when the versions differ
        raise RuntimeError(f"{' '.join(argv)} exited {process.returncode}")
    return usage.ru_utime + usage.ru_stime, wall


def _timed_round_robin(
    commands: Mapping[str, tuple[Sequence[str], Callable[[], Mapping[str, str]]]], repeats: int, cwd: Path
) -> dict[str, Timing]:
    """Each command ``repeats`` times in turn; the environment is asked for before every run."""
    samples: dict[str, list[tuple[float, float]]] = {name: [] for name in commands}
    for _ in range(repeats):
        for name, (argv, env) in commands.items():
            samples[name].append(_run(argv, env(), cwd))
    return {
        name: Timing(
            cpu=statistics.median(c for c, _ in runs), wall=statistics.median(w for _, w in runs), runs=len(runs)
        )
        for name, runs in samples.items()
    }


_DRAFTERS = ("party-a", "party-b", "mediator")
"""Who drafts the generated versions, in turn: every draft of a negotiation is somebody's."""


def make_corpus(folder: Path, versions: int, points: int, seed: int = 7) -> list[str]:
    """Write a corpus folder of a chain of ``versions`` drafts of ``points`` provisions; their ids, in order.

    Each draft is credited to its drafter, the parties and the mediator in turn, as the
    drafts of a negotiation are: a history view then has someone to credit at every step.
    """
    from peaceplan.files.io import dump_version
    from peaceplan.model.records import Attribution, Confidence, Role, Version
    from tests.generator import make_document, revise

    def drafted(v: Version, k: int) -> Version:
        return attrs.evolve(
            v, attributions=(Attribution(actor=_DRAFTERS[k % 3], role=Role.DRAFTER, confidence=Confidence.CONFIRMED),)
        )

    rng = random.Random(seed)
    chain = [drafted(make_document(points, seed, version_id="v000"), 0)]
    for k in range(1, versions):
        child, _ = revise(chain[-1], rng.uniform(0.01, 0.05), seed + k, version_id=f"v{k:03d}")
        chain.append(drafted(attrs.evolve(child, parents=(chain[-1].id,)), k))
    (folder / "versions").mkdir(parents=True)
    document = chain[0].document
    (folder / "corpus.yaml").write_text(
        f"peaceplan: 1\nname: generated\ntitle: Generated chain\ndocuments:\n"
        f"  - id: {document}\n    title: Generated document\n    kind: peace-plan\n",
        encoding="utf-8",
    )
    (folder / "actors.yaml").write_text(
        "peaceplan: 1\nactors:\n"
        + "".join(f"  - id: {a}\n    name: {a.replace('-', ' ').title()}\n    kind: state\n" for a in _DRAFTERS),
        encoding="utf-8",
    )
    for v in chain:
        dump_version(v, folder / "versions" / f"{v.id}.json")
    return [v.id for v in chain]


def _floors(folder: Path, first: str, last: str, cache_dir: Path, repeats: int = 3) -> dict[str, float]:
    """In-process CPU seconds (medians of ``repeats``): json.load of every file, load_corpus, one diff(first, last).

    ``load_corpus`` is timed with the disk cache off (every file parsed, schema-checked and
    digest-checked: the issue's target) and with the cache folder ``cache_dir`` that the
    warm commands use (what a second run reads). Each is timed after a first call off the
    clock (imports, compiled validators and patterns warm, as in any process that has
    loaded one corpus). The diff is timed by :func:`first_diff_cpu`, each repeat in a
    process of its own.
    """
    import gc

    from peaceplan import cache
    from peaceplan.corpus import load_corpus

    def cpu(fn: Callable[[], object]) -> float:
        times = []
        for _ in range(repeats):
            gc.collect()
            start = time.process_time()
            fn()
            times.append(time.process_time() - start)
        return statistics.median(times)

    def read_json() -> None:
        for f in files:
            with f.open(encoding="utf-8") as handle:
                json.load(handle)

    previous = os.environ.get("PEACEPLAN_CACHE_DIR")
    os.environ["PEACEPLAN_CACHE_DIR"] = str(cache_dir)
    try:
        cache.set_enabled(False)
        load_corpus(folder)
        files = sorted(folder.rglob("*.json"))
        plain = cpu(read_json)
        loaded = cpu(lambda: load_corpus(folder))
        cache.set_enabled(True)
        load_corpus(folder)  # the warm folder holds what the commands' runs left; this fills anything missing
        cached = cpu(lambda: load_corpus(folder))
    finally:
        cache.set_enabled(None)
        if previous is None:
            os.environ.pop("PEACEPLAN_CACHE_DIR", None)
        else:
            os.environ["PEACEPLAN_CACHE_DIR"] = previous
    one = statistics.median(_first_diff_in_a_process(folder, first, last) for _ in range(repeats))
    return {"json.load": plain, "load_corpus": loaded, "load_corpus (cache warm)": cached, "diff(first, last)": one}


def first_diff_cpu(folder: Path, first: str, last: str) -> float:
    """CPU seconds of one ``diff(first, last)``: the first diff of these two versions in this process.

    Call it in a fresh process. The corpus is loaded (disk cache off) and the built-in
    corpus diffed first, off the clock, so imports, lazily compiled patterns and every
    code path are warm, but nothing of the two versions' texts is: a repeated diff
    would find its token bags, mentions and redlines in the per-text memos of the
    process and time less than one diff costs.
    """
    import gc

    from peaceplan import cache
    from peaceplan.compare.diff import diff
    from peaceplan.corpus import load_corpus

    cache.set_enabled(False)
    try:
        builtin = load_corpus()
        diff(builtin.version("28-point"), builtin.version("20-point"))
        corpus = load_corpus(folder)
        old, new = corpus.version(first), corpus.version(last)
        gc.collect()
        start = time.process_time()
        diff(old, new)
        return time.process_time() - start
    finally:
        cache.set_enabled(None)


def _first_diff_in_a_process(folder: Path, first: str, last: str) -> float:
    code = (
        "import sys; from pathlib import Path; from benchmarks.process import first_diff_cpu; "
        "print(repr(first_diff_cpu(Path(sys.argv[1]), sys.argv[2], sys.argv[3])))"
    )
    env = dict(os.environ)
    env["PYTHONPATH"] = os.pathsep.join([str(ROOT), env.get("PYTHONPATH", "")]).rstrip(os.pathsep)
    done = subprocess.run(
        [sys.executable, "-c", code, str(folder), first, last],
        env=env,
        cwd=ROOT,
        capture_output=True,
        text=True,
        check=True,
    )
    return float(done.stdout.strip().splitlines()[-1])


def run_processes(*, versions: int, points: int, repeats: int, log: Callable[[str], None] = print) -> ProcessReport:
    """Measure every command (see the module docstring) and return the medians."""
    python = sys.executable
    with tempfile.TemporaryDirectory() as tmp:
        work = Path(tmp)
        pycache, warm_cache = work / "pycache", work / "cache-warm"
        cold_counter = iter(range(1_000_000))

        def warm() -> Mapping[str, str]:
            return _environment(warm_cache, pycache)

        def cold() -> Mapping[str, str]:
            fresh = work / f"cache-cold-{next(cold_counter)}"
            return _environment(fresh, pycache)

        from peaceplan.corpus import load_corpus
        from peaceplan.render.markdown import render_version_markdown

        builtin = load_corpus()
        for vid in ("28-point", "20-point"):
            (work / f"{vid}.md").write_text(render_version_markdown(builtin.version(vid)), encoding="utf-8")
        pp = [python, "-m", "peaceplan"]
        startup: dict[str, tuple[Sequence[str], Callable[[], Mapping[str, str]]]] = {
            "python -c pass": ([python, "-c", "pass"], warm),
            "import peaceplan": ([python, "-c", "import peaceplan"], warm),
            "peaceplan --help": ([*pp, "--help"], warm),
            "peaceplan diff 28-point 20-point": ([*pp, "diff", "28-point", "20-point"], warm),
            "  ... --no-cache": ([*pp, "--no-cache", "diff", "28-point", "20-point"], warm),
        }
        git = shutil.which("git")
        if git is not None:
            word_diff = [git, "diff", "--no-index", "--word-diff", "--no-color", "28-point.md", "20-point.md"]
            startup["git diff --no-index --word-diff (Markdown)"] = (word_diff, warm)
        for argv, env in startup.values():  # warm-up: bytecode compiled, the disk cache filled
            _run(argv, env(), work)
        log(f"  timing start-up and a plain diff ({repeats} rounds)")
        started = _timed_round_robin(startup, repeats, work)

        log(f"  generating a corpus of {versions} x {points:,} provisions")
        folder = work / "corpus"
        ids = make_corpus(folder, versions, points)
        first, last = ids[0], ids[-1]
        at = [*pp, "--corpus", str(folder)]
        commands = {
            "blame": [*at, "blame", last, "-f", "csv"],
            "thread": [*at, "thread", last, "1", "-f", "csv"],
            "influence": [*at, "influence", last, "-f", "csv"],
            "diff (traced)": [*at, "diff", first, last, "-f", "csv"],
        }
        corpus_runs: dict[str, tuple[Sequence[str], Callable[[], Mapping[str, str]]]] = {}
        for name, argv in commands.items():
            corpus_runs[f"{name}, cold"] = (argv, cold)
            corpus_runs[f"{name}, warm"] = (argv, warm)
        for argv in commands.values():  # fill the warm folder
            _run(argv, warm(), work)
        log(f"  timing the corpus commands cold and warm ({repeats} rounds)")
        corpus = _timed_round_robin(corpus_runs, repeats, work)
        floors = _floors(folder, first, last, warm_cache)
    return ProcessReport(startup=started, corpus_size=(versions, points), corpus=corpus, floors=floors)


def format_process_report(report: ProcessReport) -> str:
    """The medians as a table: CPU and wall milliseconds, and CPU over ``python -c pass``."""
    lines = ["Whole processes (medians; CPU = user + system; x = CPU over python -c pass)", ""]
    lines.append(f"{'command':<48} {'CPU ms':>8} {'wall ms':>8} {'x':>6}")
    for name, t in report.startup.items():
        lines.append(f"{name:<48} {t.cpu * 1000:8.0f} {t.wall * 1000:8.0f} {report.ratio(name):6.1f}")
    v, n = report.corpus_size
    floor = report.floors["load_corpus"] + report.floors["diff(first, last)"]
    lines += ["", f"Corpus commands on a generated corpus of {v} x {n:,} provisions (cold: an empty cache folder)", ""]
    lines.append(f"{'command':<48} {'CPU ms':>8} {'wall ms':>8} {'/floor':>6}")
    for name, t in report.corpus.items():
        lines.append(f"{name:<48} {t.cpu * 1000:8.0f} {t.wall * 1000:8.0f} {t.cpu / floor:6.2f}")
    lines += ["", "In-process floors (CPU ms): " + ", ".join(f"{k} {s * 1000:.0f}" for k, s in report.floors.items())]
    plain = max(report.floors["json.load"], 1e-9)
    lines.append(
        f"load_corpus over json.load of its files: {report.floors['load_corpus'] / plain:.1f}x with the cache off, "
        f"{report.floors.get('load_corpus (cache warm)', float('nan')) / plain:.1f}x with it warm"
    )
    lines.append("/floor = CPU over (load_corpus + one diff(first, last)) in process")
    return "\n".join(lines)
