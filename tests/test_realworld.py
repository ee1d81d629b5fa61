"""The real-world alignment benchmark (benchmarks/realworld): every pair reads, scores and calibrates.

The figures themselves are the benchmark's to report (``python benchmarks/realworld/run.py``);
here its machinery is pinned: each real text is read by ``read_text`` label for label, the
scoring counts what the gold says, and a pair the aligner gets right scores 1.0.
"""

from __future__ import annotations

from pathlib import Path
from types import ModuleType

import pytest

from conftest import load_script

RUN = Path(__file__).resolve().parents[1] / "benchmarks" / "realworld" / "run.py"


def _runner() -> ModuleType:
    return load_script(RUN, "peaceplan_realworld_run")


runner = _runner()
PAIRS = sorted(p.parent for p in runner.PAIRS.glob("*/gold.json"))


def test_the_benchmark_has_the_shared_pairs_and_at_least_two_more() -> None:
    names = {p.name for p in PAIRS}
    shared = {"nist80053-ac-r4-r5", "nist80053-ia-r4-r5", "nist80053-sa-r4-sa-sr-r5", "masvs-v1.5.0-v2.0.0"}
    assert shared <= names
    assert len(names) >= 9
    assert all((p / "NOTICE.md").is_file() for p in PAIRS)


@pytest.mark.parametrize("pair", PAIRS, ids=lambda p: p.name)
@pytest.mark.parametrize("side", ["old.txt", "new.txt"])
def test_read_text_places_every_label_of_each_real_text(pair: Path, side: str) -> None:
    lines = runner.read_lines(pair / side)
    version, how = runner.build(pair / side, "v", lines)
    assert how == "read_text"
    assert [(p.label, p.text) for p in version.provisions] == lines


def test_scoring_ignores_unscored_and_optional_links_and_counts_the_rest() -> None:
    gold = {"pairs": [["1", "1"], ["2", "3"]], "optional_pairs": [["2", "4"]], "unscored_old": ["9"]}
    scored = runner.score({("1", "1"), ("2", "4"), ("9", "5"), ("3", "3")}, gold)
    assert (scored["tp"], scored["fp"], scored["fn"]) == (1, 1, 1)
    assert scored["fp_links"] == [("3", "3")]
    assert scored["fn_links"] == [("2", "3")]


def test_a_pair_the_aligner_gets_right_scores_one_and_reports_both_baselines() -> None:
    joel = next(p for p in PAIRS if p.name.startswith("joel"))
    result = runner.run_pair(joel)
    assert result["peaceplan"]["f1"] == pytest.approx(1.0)
    assert {"fuzzy", "same-label"} <= set(result)
    assert result["same-label"]["f1"] < 1.0  # the versification trap
    table = runner.table([result])
    assert "micro-average" in table
    assert "[0.95, 1.00]" in runner.calibration([result])
