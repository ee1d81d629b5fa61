"""Synopsis: competing drafts side by side, one row per lineage of points.

Expected rows come from the research notes' gold tables (§9.1–9.3): the amnesty
point (28-point 26) is gone from the E3 text, the Geneva text and the 20-point
plan; the army-size point is modified in each; free trade (20-point 10) is new.
"""

from __future__ import annotations

import pytest

from peaceplan import Corpus, UnknownVersionError, ValidationError
from peaceplan.corpus import load_corpus
from peaceplan.history.synopsis import Cell, CellStatus, synopsis

DRAFTS = ["28-point", "e3-counter", "geneva-19", "20-point"]


@pytest.fixture(scope="module")
def corpus() -> Corpus:
    return load_corpus()


def _statuses(corpus: Corpus, origin: str) -> list[CellStatus | None]:
    return [cell.status for cell in synopsis(corpus, DRAFTS).row(origin).cells]


def test_amnesty_is_dropped_in_every_later_draft(corpus: Corpus) -> None:
    assert _statuses(corpus, "28-point#26") == [
        CellStatus.NEW,
        CellStatus.DROPPED,
        CellStatus.DROPPED,
        CellStatus.DROPPED,
    ]


def test_army_size_is_modified_in_each_draft_and_followed_through_renumbering(corpus: Corpus) -> None:
    row = synopsis(corpus, DRAFTS).row("28-point#6")
    assert [c.labels for c in row.cells] == [("6",), ("6",), ("4",), ("4",)]
    assert [c.status for c in row.cells][1:] == [CellStatus.MODIFIED] * 3
    assert row.title == "Army size"


def test_unchanged_points_are_kept(corpus: Corpus) -> None:
    assert _statuses(corpus, "28-point#1")[1] is CellStatus.KEPT


def test_a_rewording_without_substantive_finding_is_reworded_not_modified(corpus: Corpus) -> None:
    # "agrees to remain a non-nuclear state" → "stays a non-nuclear state": editorial.
    assert _statuses(corpus, "28-point#18")[3] is CellStatus.REWORDED
    # "Sovereignty is reaffirmed" gains "every signatory confirms it by signing": a clause and a party added.
    assert _statuses(corpus, "28-point#1")[3] is CellStatus.MODIFIED
    # 100 days → as soon as possible is substantive.
    assert _statuses(corpus, "28-point#25")[3] is CellStatus.MODIFIED


def test_a_point_new_in_a_later_draft_is_empty_on_the_drafts_before_it(corpus: Corpus) -> None:
    row = synopsis(corpus, DRAFTS).row("20-point#10")
    assert [c.status for c in row.cells] == [None, None, None, CellStatus.NEW]
    assert str(row.cells[0]) == ""


def test_merges_and_splits_are_named(corpus: Corpus) -> None:
    split = synopsis(corpus, ["european-12-point", "european-24-point"]).row("european-12-point#A").cells[-1]
    assert split.labels == ("2", "6", "7")
    assert split.status is CellStatus.SPLIT
    merged = synopsis(corpus, ["us-guarantee-2025-11", "us-guarantee-2025-12"]).row("us-guarantee-2025-11#response")
    assert str(merged.cells[-1]) == "article-5 merged"


def test_a_point_that_takes_up_a_dropped_point_again_is_on_both_rows_and_not_a_merge(corpus: Corpus) -> None:
    # 20-point#5 is Geneva's point 5 (28-point#10) and names 28-point#5, which Geneva dropped, too:
    # the diff, the thread and blame call the step modified, and so does the synopsis, on both rows.
    s = synopsis(corpus, DRAFTS)
    guarantee = s.row("28-point#10").cells[-1]
    assert guarantee.labels == ("5",)
    assert guarantee.status is CellStatus.MODIFIED
    security = s.row("28-point#5").cells[-1]
    assert set(security.labels) == {"3", "5"}
    assert security.status is CellStatus.MODIFIED
    assert corpus.diff("geneva-19", "20-point").change(new="5").kind.value == "modified"


def test_drafts_on_another_branch_leave_a_row_empty_not_dropped(corpus: Corpus) -> None:
    s = synopsis(corpus, ["e3-counter", "20-point"])
    assert s.row("28-point#4").cells[1].status is CellStatus.DROPPED
    assert s.row("20-point#10").cells[0] == Cell()
    assert not any(r.origin.label == "26" for r in s.rows)  # rows are lineages of the points shown


def test_every_point_of_every_draft_is_on_some_row(corpus: Corpus) -> None:
    s = synopsis(corpus, DRAFTS)
    for vid in DRAFTS:
        shown = {label for cell in s.column(vid) for label in cell.labels}
        assert shown == set(corpus.version(vid).labels)


def test_text_table_and_records(corpus: Corpus) -> None:
    s = synopsis(corpus, DRAFTS)
    text = str(s)
    assert [cell.strip() for cell in text.splitlines()[0].split(" | ")[2:]] == DRAFTS
    records = s.to_records()
    assert len(records) == len(s.rows)
    amnesty = next(r for r in records if r["origin"] == "28-point#26")
    assert amnesty["20-point status"] == "dropped"
    assert amnesty["20-point"] is None
    assert repr(s).startswith(f"<Synopsis: {len(s)} rows × 4 drafts")


def test_bad_column_lists_are_refused(corpus: Corpus) -> None:
    with pytest.raises(ValidationError, match="at least one version"):
        synopsis(corpus, [])
    with pytest.raises(ValidationError, match="twice"):
        synopsis(corpus, ["28-point", "28-point"])
    with pytest.raises(UnknownVersionError, match="28-point"):
        synopsis(corpus, ["28-point", "29-point"])


def test_a_row_split_or_merged_in_an_earlier_draft_is_not_split_or_merged_again(corpus: Corpus) -> None:
    # The US guarantee of December merged the trigger and the response of November's draft; its
    # January revision merges nothing, so its point is not merged again.
    assert not [c for c in corpus.diff("us-guarantee-2025-12", "us-guarantee-2026-01") if c.kind == "merged"]
    s = synopsis(corpus, ["us-guarantee-2025-12", "us-guarantee-2026-01"])
    assert str(s.row("us-guarantee-2025-11#response").cells[0]) == "article-5 merged"
    assert not [r for r in s.rows if str(r.cells[1].status) in ("split", "merged")]
    s = synopsis(corpus, ["20-point", "20-point-2026-01"])
    assert not [r for r in s.rows if str(r.cells[1].status) in ("split", "merged")]


def test_a_change_of_positions_only_is_modified_as_the_diff_says(corpus: Corpus) -> None:
    assert corpus.diff("20-point", "20-point-2026-01").change(new="12").kind.value == "modified"
    s = synopsis(corpus, ["20-point", "20-point-2026-01"])
    (cell,) = [r.cells[1] for r in s.rows if r.cells[1].labels == ("12",)]
    assert str(cell) == "12 modified"
