"""Blame: where each provision's wording came from, on the built-in corpus and on generated lineages.

Corpus answers come from the research notes: the 20-point plan's army-size
point (4) goes back to the 28-point plan's 600,000 cap (point 6); the figure was
changed to 800,000 first proposed by the E3; the free-trade point (10) is new in
the 20-point plan.
"""

from __future__ import annotations

import attrs
import pytest
from generator import make_document, revise
from hypothesis import given
from hypothesis import strategies as st

from peaceplan import (
    AlignOptions,
    Corpus,
    DiffOptions,
    Document,
    Provision,
    UnknownVersionError,
    ValidationError,
    Version,
)
from peaceplan.compare.align import MatchKind
from peaceplan.corpus import load_corpus
from peaceplan.history.blame import blame
from peaceplan.history.descent import HistoryOptions


@pytest.fixture(scope="module")
def corpus() -> Corpus:
    return load_corpus()


def _corpus(*versions: Version) -> Corpus:
    return Corpus(
        name="generated",
        title="Generated lineage",
        documents=[Document(id="doc", title="Doc", kind="peace-plan")],
        versions=versions,
    )


def _child(version: Version, new: Version, version_id: str) -> Version:
    return attrs.evolve(new, id=version_id, document="doc", parents=(version.id,))


# --- the built-in corpus -----------------------------------------------------------------


def test_army_size_point_goes_back_to_the_600000_cap(corpus: Corpus) -> None:
    line = blame(corpus, "20-point")["4"]
    assert (line.origin.version, line.origin.label) == ("28-point", "6")
    assert "600,000" in corpus.version("28-point").provision("6").text
    assert line.predates_corpus


def test_army_size_point_names_who_changed_the_figure(corpus: Corpus) -> None:
    line = blame(corpus, "20-point")["4"]
    assert line.introduced.version == "20-point"
    assert line.proposers == ("e3",)
    assert "ukraine" in [a.actor for a in line.attributions]
    geneva = next(s for s in line.steps if s.version == "geneva-19")
    assert geneva.proposers == ("e3",)
    assert [s.id for s in geneva.sources] == ["ft"]
    assert [str(r) for r in geneva.came_from] == ["28-point#6"]
    red = line.change.redline
    assert red is not None
    assert "800,000" in red.new_text


def test_blame_steps_run_from_the_newest_back_to_the_origin(corpus: Corpus) -> None:
    steps = blame(corpus, "20-point")["4"].steps
    assert [str(s.ref) for s in steps] == ["20-point#4", "geneva-19#4", "28-point#6"]
    assert steps[-1].kind is MatchKind.ADDED
    assert not steps[-1].came_from


def test_a_new_point_is_worded_where_it_appears_and_does_not_predate_the_corpus(corpus: Corpus) -> None:
    line = blame(corpus, "20-point")["10"]
    assert line.introduced.version == "20-point"
    assert line.introduced.kind is MatchKind.ADDED
    assert line.origin == line.introduced
    assert not line.predates_corpus


def test_blame_covers_every_provision_at_every_depth(corpus: Corpus) -> None:
    b = blame(corpus, "20-point")
    assert b.labels == tuple(path for path, _ in corpus.version("20-point").walk())
    assert b["5.a"].origin.ref.label == "10.c"


def test_a_merged_point_has_an_origin_in_each_point_it_merges(corpus: Corpus) -> None:
    origins = {str(o.ref) for o in blame(corpus, "20-point")["5"].origins}
    assert origins == {"28-point#10", "28-point#5"}


def test_unchanged_wording_is_blamed_on_the_draft_that_first_had_it(corpus: Corpus) -> None:
    line = blame(corpus, "e3-counter")["1"]
    assert line.introduced.version == "28-point"
    assert line.introduced.label == "1"


def test_the_first_draft_is_the_origin_of_all_its_points(corpus: Corpus) -> None:
    b = blame(corpus, "28-point")
    assert all(line.introduced.version == "28-point" and line.predates_corpus for line in b)


def test_blame_crosses_into_the_document_a_point_grew_out_of(corpus: Corpus) -> None:
    line = blame(corpus, "prosperity-plan")["funds"]
    versions = [s.version for s in line.steps]
    assert "20-point" in versions
    assert "28-point" in versions
    assert any(s.curated for s in line.steps)


def test_blame_records_are_plain_rows(corpus: Corpus) -> None:
    b = blame(corpus, "20-point")
    records = b.to_records()
    assert len(records) == len(b)
    row = records[b.labels.index("4")]
    assert row["origin"] == "28-point#6"
    assert row["proposers"] == ["e3"]
    assert row["predates_corpus"] is True
    assert "28-point#6" in str(b)
    assert repr(b).startswith("<Blame of '20-point'")


def test_blame_of_an_unknown_version_names_the_known_ones(corpus: Corpus) -> None:
    with pytest.raises(UnknownVersionError, match="20-point"):
        blame(corpus, "21-point")


# --- generated lineages ------------------------------------------------------------------

shortcuts = st.sampled_from([0, 1])


@given(
    size=st.integers(3, 25),
    seed=st.integers(0, 10_000),
    edited=st.sets(st.integers(0, 24), max_size=5),
    shortcut=shortcuts,
)
def test_untouched_provisions_are_blamed_on_their_origin(size: int, seed: int, edited: set[int], shortcut: int) -> None:
    root = attrs.evolve(make_document(size, seed, version_id="v0"), document="doc")
    provisions = list(root.provisions)
    touched = {i for i in edited if i < len(provisions)}
    for i in touched:
        p = provisions[i]
        provisions[i] = attrs.evolve(p, text=f"{p.text} Amended in draft {seed}.")
    child = _child(root, attrs.evolve(root, provisions=provisions), "v1")
    b = blame(_corpus(root, child), "v1", options=HistoryOptions(shortcut=shortcut))
    for i, p in enumerate(child.provisions):
        line = b[p.label]
        expected = "v1" if i in touched else "v0"
        assert line.introduced.version == expected
        assert line.origin.version == "v0"
        assert line.origin.label == p.label


@given(size=st.integers(3, 25), seed=st.integers(0, 10_000), rate=st.floats(0.0, 0.4), shift=st.integers(1, 50))
def test_blame_after_a_pure_renumbering_is_unchanged(size: int, seed: int, rate: float, shift: int) -> None:
    root = attrs.evolve(make_document(size, seed, version_id="v0"), document="doc")
    revised, _ = revise(root, rate, seed, version_id="v1")
    middle = _child(root, revised, "v1")
    renamed = {p.label: str(int(p.label) + shift) for p in middle.provisions}
    shifted = [attrs.evolve(p, label=renamed[p.label]) for p in middle.provisions]
    last = _child(middle, attrs.evolve(middle, provisions=shifted), "v2")
    corpus = _corpus(root, middle, last)
    before, after = blame(corpus, "v1"), blame(corpus, "v2")
    for line in before:
        top, dot, rest = line.label.partition(".")
        moved = after[renamed[top] + dot + rest]
        assert (moved.introduced, moved.origins, moved.steps) == (line.introduced, line.origins, line.steps)


@given(size=st.integers(3, 20), seed=st.integers(0, 10_000), rate=st.floats(0.0, 0.5))
def test_every_chain_ends_at_an_origin_without_predecessor(size: int, seed: int, rate: float) -> None:
    versions = [attrs.evolve(make_document(size, seed, version_id="v0"), document="doc")]
    for k in (1, 2):
        nxt, _ = revise(versions[-1], rate, seed + k, version_id=f"v{k}")
        versions.append(_child(versions[-1], nxt, f"v{k}"))
    for line in blame(_corpus(*versions), "v2"):
        assert line.origins
        assert all(o.kind is MatchKind.ADDED and not o.came_from for o in line.origins)
        assert line.introduced in line.steps
        # The newest step is the blamed version's own, the one that introduced the
        # wording, or a split or merge that kept one side's wording (still a step).
        first = line.steps[0]
        assert first.version == "v2" or line.introduced == first or first.kind in (MatchKind.SPLIT, MatchKind.MERGED)


def test_derivation_links_that_form_a_cycle_do_not_loop() -> None:
    a = Version(
        id="a",
        document="doc",
        title="A",
        status="draft",
        provisions=[Provision(label="1", text="A ceasefire starts.", derived_from=["b#1"])],
    )
    b = Version(
        id="b",
        document="doc",
        title="B",
        status="draft",
        provisions=[Provision(label="1", text="A ceasefire starts at once.", derived_from=["a#1"])],
    )
    corpus = _corpus(a, b)
    for vid in ("a", "b"):
        (line,) = blame(corpus, vid)
        assert line.origins
        assert all(not o.came_from for o in line.origins)


def test_records_and_printed_steps_use_the_diffs_reworded_or_modified_verdict(corpus: Corpus) -> None:
    # The alignment says "modified" for any new wording; the diff tells a rewording from a substantive
    # change. Records, printed steps and the compact view all show the diff's word.
    b = blame(corpus, "20-point")
    line = b["11"]  # "agrees to remain a non-nuclear state" → "stays a non-nuclear state"
    assert line.introduced.kind is MatchKind.MODIFIED
    assert line.introduced.verdict is MatchKind.REWORDED is line.change.kind
    assert line.to_record()["kind"] == "reworded"
    assert line.to_record()["steps"][0].startswith("20-point#11 reworded from geneva-19#10")
    assert b["4"].to_record()["kind"] == "modified"  # 600,000 → 800,000 is substantive
    for every in b:
        for step in every.steps:
            if step.kind is MatchKind.MODIFIED:
                assert step.verdict in (MatchKind.MODIFIED, MatchKind.REWORDED)
            else:
                assert step.verdict is step.kind


# --- options ----------------------------------------------------------------------------

_STRICT = AlignOptions(min_score=0.9, lone_bonus=0.0, gap_bonus=0.0, positional_candidates=0)


def _withdrawal_corpus() -> Corpus:
    kept = [Provision(label="1", text="A ceasefire takes effect on signature.")]
    root = Version(
        id="v0",
        document="doc",
        title="T",
        status="draft",
        provisions=[
            *kept,
            Provision(label="2", text="Russia shall withdraw its forces from the Kharkiv region in 30 days."),
        ],
    )
    reworded = Provision(label="2", text="Russia should endeavour to withdraw its troops from Kharkiv within 90 days.")
    return _corpus(root, attrs.evolve(root, id="v1", parents=("v0",), provisions=[*kept, reworded]))


def test_blame_honours_the_alignment_options_inside_the_diff_options() -> None:
    corpus = _withdrawal_corpus()
    assert blame(corpus, "v1")["2"].origin.version == "v0"  # paired with its old wording by default
    strict = HistoryOptions(diff=DiffOptions(align=_STRICT))
    assert strict.align is _STRICT
    assert blame(corpus, "v1", options=strict)["2"].origin.version == "v1"  # too different to pair: new


def test_history_options_align_is_deprecated_and_stands_for_the_diff_options_align() -> None:
    with pytest.warns(DeprecationWarning, match=r"pass HistoryOptions\(diff=DiffOptions\(align=\.\.\.\)\)"):
        old_style = HistoryOptions(align=_STRICT)
    assert old_style == HistoryOptions(diff=DiffOptions(align=_STRICT))
    assert blame(_withdrawal_corpus(), "v1", options=old_style)["2"].origin.version == "v1"


def test_history_options_refuses_two_different_alignment_options() -> None:
    with (
        pytest.warns(DeprecationWarning, match="is deprecated"),
        pytest.raises(ValidationError, match=r"align=\.\.\. and diff=.* disagree"),
    ):
        HistoryOptions(align=_STRICT, diff=DiffOptions(align=AlignOptions(min_score=0.5)))
