"""The benchmark suite (benchmarks/): its quick mode runs, its baselines pair points, its checks judge ratios.

Timing targets are checked by the benchmark itself (``benchmarks/run.py --check``),
never by timed unit tests; here the check logic is fed made-up reports so each
target can be seen to pass and to fail.
"""

from __future__ import annotations

import random
import sys
from pathlib import Path
from typing import Any

import attrs
import pytest
from hypothesis import given
from hypothesis import strategies as st

ROOT = Path(__file__).resolve().parents[1]
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

from benchmarks import baselines, checks, measure, run  # noqa: E402
from benchmarks.report import Method, Pair, Report, Row, format_report  # noqa: E402
from tests.generator import make_document  # noqa: E402


def _method(seconds: float, edited_f1: float = 1.0) -> Method:
    return Method(seconds=seconds, runs=3, f1=1.0, edited_f1=edited_f1)


def _row(
    n: int,
    *,
    pp: float = 0.01,
    difflib: float = 0.01,
    floor: float = 0.01,
    deepdiff: float = 1.0,
    paired: float = 10.0,
    all_pairs: float = 10.0,
    edited_f1: float = 1.0,
    memory_ratio: float = 3.0,
) -> Row:
    return Row(
        n=n,
        rate=0.1,
        peaceplan=_method(pp, edited_f1),
        baselines={
            "deepdiff": _method(deepdiff),
            "deepdiff-paired": _method(paired),
            "all-pairs": _method(all_pairs),
            "difflib": _method(difflib),
        },
        floor=floor,
        load=floor * 2,
        memory=int(memory_ratio * 1000),
        parsed=1000,
    )


def _five(**changes: float) -> Row:
    """The N=5,000 row of a full run, on target unless ``changes`` say otherwise."""
    figures: dict[str, float] = {"pp": 0.05, "difflib": 0.02, "floor": 0.01} | changes
    return _row(5000, **figures)


def _full(**changes: Any) -> Report:
    rows = (_row(1000, pp=0.01), _five(), _row(20000, pp=0.2))
    report = Report(
        quick=False,
        machine="test",
        rows=rows,
        exponent=1.0,
        exponent_range=(1000, 20000),
        blame=Pair(seconds=1.0, reference=0.5, what="blame"),
        load_validate=Pair(seconds=2.0, reference=1.0, what="load"),
        paste=Pair(seconds=1.1, reference=1.0, what="paste"),
        render_text=Pair(seconds=0.5, reference=1.0, what="terminal report"),
        render_html=Pair(seconds=0.1, reference=1.0, what="HTML report"),
    )
    return attrs.evolve(report, **changes)


# --- the check logic -----------------------------------------------------------------


def test_full_run_with_every_ratio_on_target_checks_every_target_and_passes() -> None:
    results = checks.evaluate(_full())
    assert [c.name for c in results if c.passed is None] == []
    assert checks.failed(results) == ()


@pytest.mark.parametrize(
    ("changes", "failing"),
    [
        ({"blame": Pair(seconds=12.0, reference=1.0, what="blame")}, "blame chain"),
        ({"load_validate": Pair(seconds=4.0, reference=1.0, what="load")}, "load+validate 20k"),
        ({"paste": Pair(seconds=3.9, reference=1.0, what="paste")}, "import a paste (linear)"),
        ({"exponent": 1.3}, "scaling exponent"),
        ({"render_text": Pair(seconds=1.2, reference=1.0, what="terminal report")}, "terminal report"),
        ({"render_html": Pair(seconds=2.0, reference=1.0, what="HTML report")}, "HTML report"),
        ({"rows": (_row(1000), _five(paired=1.0), _row(20000))}, "vs DeepDiff paired"),
        ({"rows": (_row(1000), _five(deepdiff=0.04), _row(20000))}, "vs DeepDiff plain"),
        ({"rows": (_row(1000), _five(all_pairs=1.0), _row(20000))}, "vs all-pairs"),
        ({"rows": (_row(1000), _five(edited_f1=0.9), _row(20000))}, "edited-point F1"),
        ({"rows": (_row(1000), _row(5000), _row(20000, memory_ratio=11.0))}, "memory at N=20,000"),
    ],
)
def test_full_run_fails_exactly_the_target_that_is_missed(changes: dict[str, Any], failing: str) -> None:
    assert [c.name for c in checks.failed(checks.evaluate(_full(**changes)))] == [failing]


def test_full_run_without_the_largest_size_skips_the_checks_that_need_it() -> None:
    results = checks.evaluate(_full(rows=(_row(1000), _row(5000))))
    skipped = {c.name for c in results if c.passed is None}
    assert skipped == {"N=20,000 completes", "memory at N=20,000"}


@given(pp=st.floats(0.001, 1.0), difflib=st.floats(0.001, 1.0))
def test_quick_difflib_guard_holds_exactly_within_its_regression_bound(pp: float, difflib: float) -> None:
    report = Report(quick=True, machine="test", rows=(_row(2000, pp=pp, difflib=difflib, floor=1.0),))
    (check,) = [c for c in checks.evaluate(report) if c.name == "vs difflib (regression guard)"]
    assert check.passed is (pp / difflib <= checks.QUICK_DIFFLIB)


def test_quick_mode_checks_small_n_ratios_and_lists_the_full_run_targets_as_skipped() -> None:
    report = Report(
        quick=True,
        machine="test",
        rows=(_row(500), _row(1000), _row(2000, pp=1.0, difflib=0.01, floor=1.0)),
        exponent=1.1,
        exponent_range=(500, 2000),
    )
    results = checks.evaluate(report)
    assert [c.name for c in checks.failed(results)] == ["vs difflib (regression guard)"]
    assert "N=2,000" in next(c.measured for c in results if c.name == "vs difflib (regression guard)")
    skipped = {c.name for c in results if c.passed is None}
    assert {"vs DeepDiff paired", "blame chain", "memory at N=20,000", "load+validate 20k"} <= skipped
    assert "FAILED: vs difflib (regression guard)" in checks.format_checks(results)


def test_the_full_run_still_checks_the_issues_3x_difflib_target() -> None:
    results = checks.evaluate(_full(rows=(_row(1000), _five(pp=0.1, difflib=0.01), _row(20000))))
    assert "vs difflib" in [c.name for c in checks.failed(results)]


def test_main_exits_one_and_names_the_failed_target_on_stderr(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    bad = _full(exponent=1.5)
    monkeypatch.setattr(run, "run", lambda config, log: bad)
    assert run.main(["--check", "--no-processes"]) == 1
    assert "scaling exponent" in capsys.readouterr().err
    assert run.main(["--no-processes"]) == 0  # without --check a miss is reported, not fatal


# --- the suite itself, at tiny sizes ---------------------------------------------------


def test_quick_mode_measures_every_method_on_the_same_small_revisions() -> None:
    config = attrs.evolve(run.QUICK, sizes=(40, 90), memory_from=90)
    report = run.run(config, log=lambda _: None)
    assert [(r.n, r.rate) for r in report.rows] == [(40, 0.1), (90, 0.1)]
    for row in report.rows:
        assert set(row.baselines) == {"deepdiff", "deepdiff-paired", "all-pairs", "difflib"}
        assert all(m is not None and m.seconds > 0 for m in row.baselines.values())
        assert 0.0 <= row.peaceplan.edited_f1 <= 1.0
        assert row.peaceplan.f1 > 0.5
        assert row.floor > 0
        assert row.load > 0
    assert report.rows[0].memory is None
    assert report.rows[1].memory_ratio is not None
    table = format_report(report)
    assert [line.split() for line in table.splitlines() if line.lstrip().startswith("N ")] == [
        ["N", "p", "ms", "F1", "F1ed", "|", *["ms", "F1ed", "pp/", "|"] * 4, "ms", "load", "pp/", "|", "MB", "×ver"]
    ]
    assert "    40 10%" in table
    assert "    90 10%" in table


def test_main_quick_check_on_tiny_sizes_prints_one_table_and_exits_zero(capsys: pytest.CaptureFixture[str]) -> None:
    assert run.main(["--quick", "--check", "--sizes", "30", "--no-processes"]) == 0
    out = capsys.readouterr().out
    assert out.count("peaceplan benchmark, quick mode") == 1
    assert "[skip] blame chain" in out


# --- baselines and measurement -----------------------------------------------------------


def _texts(n: int, seed: int) -> list[str]:
    texts = list(dict.fromkeys(p.text for p in make_document(n, seed).provisions if p.text))
    return texts


@given(seed=st.integers(0, 10_000))
def test_every_baseline_pairs_a_shuffled_renumbered_document_with_itself(seed: int) -> None:
    old = _texts(25, seed)
    order = list(range(len(old)))
    random.Random(seed).shuffle(order)
    new = [old[i] for i in order]
    truth = {(i, j) for j, i in enumerate(order)}
    old_points = [{"label": str(k + 1), "text": t} for k, t in enumerate(old)]
    new_points = [{"label": str(k + 1), "text": t} for k, t in enumerate(new)]
    assert baselines.deepdiff_paired(old_points, new_points) == truth
    assert baselines.all_pairs(old, new) == truth
    assert baselines.difflib_pairs(old, old) == {(i, i) for i in range(len(old))}


def test_cold_empties_every_memo_cache_the_benchmark_names() -> None:
    from peaceplan.compare.diff import diff
    from peaceplan.compare.redline import redline
    from peaceplan.model.records import Provision, Version

    def size(c: Any) -> int:
        return int(c.cache_info().currsize) if hasattr(c, "cache_info") else len(c)

    # A renamed or removed cache must fail here rather than leave the benchmark silently warm.
    caches = [getattr(sys.modules[module], name) for module, _, name in (r.partition(":") for r in run.MEMO_CACHES)]
    redline("The army is capped at 600,000.", "The army is capped at 800,000.")
    old = Version(id="a", document="d", title="A", status="draft", provisions=[Provision(label="1", text="One.")])
    diff(old, Version(id="b", document="d", title="B", status="draft", provisions=[Provision(label="1", text="Two.")]))
    assert all(size(c) for c in caches)
    run.cold()
    assert all(size(c) == 0 for c in caches)


@given(power=st.floats(0.3, 2.5), scale=st.floats(1e-6, 1e-2))
def test_scaling_exponent_recovers_the_power_of_a_power_law(power: float, scale: float) -> None:
    points = [(n, scale * n**power) for n in (1000, 5000, 20000)]
    assert measure.scaling_exponent(points) == pytest.approx(power, rel=1e-6)


def test_scaling_exponent_needs_two_sizes() -> None:
    with pytest.raises(ValueError, match="two sizes at least, got 1"):
        measure.scaling_exponent([(1000, 0.1)])


def test_machine_slug_is_file_name_safe() -> None:
    slug = measure.machine_slug()
    assert slug
    assert all(ch.isalnum() or ch == "-" for ch in slug)


@pytest.mark.parametrize(("quick", "ratio", "holds"), [(True, 1.1, True), (True, 1.8, False), (False, 1.8, False)])
def test_the_paste_check_catches_reading_that_outgrows_the_text(quick: bool, ratio: float, holds: bool) -> None:
    # Quadratic reading makes a paste 4x as long cost about 16x, i.e. 4x four short ones.
    rows = (_row(500), _row(2000, floor=1.0)) if quick else (_row(1000), _five(), _row(20000, pp=0.2))
    report = Report(quick=quick, machine="test", rows=rows, paste=Pair(seconds=ratio, reference=1.0, what="paste"))
    (check,) = [c for c in checks.evaluate(report) if c.name == "import a paste (linear)"]
    assert check.passed is holds


def test_the_reports_of_a_small_diff_are_measured_beside_the_diff_and_checked() -> None:
    text, html = run.render_reports(60)
    assert text.reference == html.reference > 0  # one diff, both reports of it
    assert text.seconds > 0
    assert html.seconds > 0
    assert "60-point diff" in text.what
    report = attrs.evolve(_full(), render_text=text, render_html=html)
    shown = format_report(report)
    assert f"{text.what}: " in shown
    assert f"{html.what}: " in shown
    names = {c.name: c for c in checks.evaluate(report)}
    assert names["terminal report"].passed is (text.ratio <= checks.RENDER_RATIO)
    assert names["HTML report"].measured.startswith(f"measured {html.ratio:.2f}")


# --- whole processes ---------------------------------------------------------------------------


def _process_report(diff_cpu: float, pass_cpu: float = 0.012, import_cpu: float = 0.03) -> Any:
    from benchmarks.process import ProcessReport, Timing

    startup = {
        "python -c pass": Timing(pass_cpu, pass_cpu, 3),
        "import peaceplan": Timing(import_cpu, import_cpu, 3),
        "peaceplan diff 28-point 20-point": Timing(diff_cpu, diff_cpu, 3),
    }
    corpus = {"blame, cold": Timing(3.0, 3.0, 3), "blame, warm": Timing(0.8, 0.8, 3)}
    floors = {"json.load": 0.5, "load_corpus": 1.5, "diff(first, last)": 1.0}
    return ProcessReport(startup=startup, corpus_size=(100, 1000), corpus=corpus, floors=floors)


@pytest.mark.parametrize(
    ("diff_cpu", "import_cpu", "failing"),
    [
        (0.2, 0.03, set()),
        (0.4, 0.03, {"peaceplan diff 28-point 20-point (process CPU)", "peaceplan diff vs python -c pass"}),
        (0.2, 0.2, {"import peaceplan (process CPU)"}),
    ],
)
def test_the_process_checks_hold_and_fail_on_the_issues_bounds(
    diff_cpu: float, import_cpu: float, failing: set[str]
) -> None:
    results = checks.process_checks(_process_report(diff_cpu, import_cpu=import_cpu), quick=False)
    assert {c.name for c in checks.failed(results)} == failing
    warm = next(c for c in results if c.name == "blame, warm")
    cold = next(c for c in results if c.name == "blame, cold")
    assert (warm.passed, cold.passed) == (True, True)  # 0.8 s; 3.0 / (1.5 + 1.0) = 1.2x


def test_quick_mode_skips_the_corpus_targets_of_the_full_corpus() -> None:
    results = checks.process_checks(_process_report(0.2), quick=True)
    assert all(c.passed is None for c in results if c.name.startswith("blame"))


def test_the_process_benchmark_times_each_command_as_a_whole_process(tmp_path: Path) -> None:
    from benchmarks.process import format_process_report, make_corpus, run_processes

    ids = make_corpus(tmp_path / "c", 3, 30)
    assert ids == ["v000", "v001", "v002"]
    assert (tmp_path / "c" / "versions" / "v002.json").is_file()
    report = run_processes(versions=2, points=30, repeats=1, log=lambda _: None)
    assert set(report.startup) >= {"python -c pass", "import peaceplan", "peaceplan diff 28-point 20-point"}
    assert all(t.cpu > 0 and t.runs == 1 for t in report.startup.values())
    assert {name.split(",")[0] for name in report.corpus} == {"blame", "thread", "influence", "diff (traced)"}
    table = format_process_report(report)
    assert "git diff --no-index --word-diff" in table or "git" not in report.startup
    assert "Corpus commands on a generated corpus of 2 x 30 provisions" in table
