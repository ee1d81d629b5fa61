"""Specifications of peaceplan.align: which provision became which."""

from __future__ import annotations

import string
from collections import Counter

import attrs
import pytest
from generator import edited_f1, f1, make_document, pairs_of, revise
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from strategies import versions as rich_versions

from peaceplan.compare.align import AlignOptions, Match, MatchKind, align
from peaceplan.model.records import Provision, ProvisionRef, Version

PROPERTY = settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])


def version(vid: str, *points: Provision | str) -> Version:
    provisions = [p if isinstance(p, Provision) else Provision(label=str(i), text=p) for i, p in enumerate(points, 1)]
    return Version(id=vid, document="plan", title=vid, status="draft", provisions=provisions)


def paths(v: Version) -> list[str]:
    return [path for path, _ in v.walk()]


def by_old(matches: tuple[Match, ...]) -> dict[str, Match]:
    return {o: m for m in matches for o in m.old}


def by_new(matches: tuple[Match, ...]) -> dict[str, Match]:
    return {n: m for m in matches for n in m.new}


CEASEFIRE = "A full ceasefire takes effect as soon as both sides withdraw to the agreed positions."
ARMY = "Ukraine's armed forces are capped at 600,000 personnel in peacetime."
NATO = "Ukraine writes into its constitution that it will not join NATO."
ELECTIONS = "Ukraine holds presidential elections within 100 days of signing the agreement."
ASSETS = "Frozen Russian assets worth 100 billion dollars fund the reconstruction of Ukraine."
AMNESTY = "Every party to the conflict receives a full amnesty for acts committed during the war."


# --- strategies ---------------------------------------------------------------------

SENTENCES = [CEASEFIRE, ARMY, NATO, ELECTIONS, ASSETS, AMNESTY, "Reserved.", ""]


@st.composite
def small_versions(draw: st.DrawFn, vid: str = "a") -> Version:
    """Small versions from a tiny vocabulary, so duplicate and empty texts are common."""
    points = []
    for i in range(draw(st.integers(0, 8))):
        kids = [
            Provision(label=string.ascii_lowercase[k], text=draw(st.sampled_from(SENTENCES)))
            for k in range(draw(st.integers(0, 3)))
        ]
        points.append(Provision(label=str(i + 1), text=draw(st.sampled_from(SENTENCES)), children=kids))
    return Version(id=vid, document="plan", title=vid, status="draft", provisions=points)


generated = st.builds(make_document, st.integers(1, 80), st.integers(0, 10_000))
versions = st.one_of(small_versions(), generated)


def relabel(v: Version, offset: int = 100) -> Version:
    """The same texts under new labels (numbers shifted, sub-points as roman-ish letters)."""
    points = [
        attrs.evolve(
            p,
            label=str(int(p.label) + offset),
            children=[attrs.evolve(c, label=c.label.upper()) for c in p.children],
        )
        for p in v.provisions
    ]
    return attrs.evolve(v, id="relabelled", provisions=points)


def assert_covers_once(old: Version, new: Version, matches: tuple[Match, ...]) -> None:
    old_seen = Counter(o for m in matches for o in m.old)
    new_seen = Counter(n for m in matches for n in m.new)
    assert sorted(old_seen) == sorted(paths(old))
    assert sorted(new_seen) == sorted(paths(new))
    assert set(old_seen.values()) <= {1}
    assert set(new_seen.values()) <= {1}


# --- invariants ---------------------------------------------------------------------


@PROPERTY
@given(versions)
def test_a_version_aligned_with_itself_is_all_unchanged(v: Version) -> None:
    matches = align(v, v)
    assert {m.kind for m in matches} <= {MatchKind.UNCHANGED}
    assert [m.new for m in matches] == [(p,) for p in paths(v)]
    assert all(m.old == m.new and m.score == 1.0 and not m.moved for m in matches)


@PROPERTY
@given(versions)
def test_renumbering_alone_yields_only_renumbered_matches(v: Version) -> None:
    new = relabel(v)
    matches = align(v, new)
    assert {m.kind for m in matches} <= {MatchKind.RENUMBERED}
    assert all(m.relabelled and not m.moved and m.score == 1.0 for m in matches)
    assert len(matches) == len(paths(v))


@PROPERTY
@given(versions, versions, st.booleans())
def test_alignment_covers_every_provision_exactly_once(old: Version, new: Version, lineage: bool) -> None:
    assert_covers_once(old, new, align(old, new, use_lineage=lineage))


@pytest.mark.slow
@settings(max_examples=15, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.data())
def test_coverage_holds_with_arbitrary_curated_lineage(data: st.DataObject) -> None:
    old = data.draw(rich_versions(version_id="old", max_provisions=5))
    refs = [ProvisionRef("old", p) for p in paths(old)] + [ProvisionRef("old", "missing"), ProvisionRef("x", "1")]
    new = data.draw(rich_versions(version_id="new", refs=refs, max_provisions=5, depth=1))
    matches = align(old, new)
    assert_covers_once(old, new, matches)
    curated_new = {n for m in matches if m.curated for n in m.new}
    for path, p in new.walk():
        if any(r.version == "old" and r.label in paths(old) for r in p.derived_from):
            assert path in curated_new


@PROPERTY
@given(st.integers(5, 120), st.integers(0, 10_000), st.sampled_from([0.1, 0.3, 0.6]))
def test_revisions_are_covered_once_and_scores_are_in_range(n: int, seed: int, rate: float) -> None:
    old = make_document(n, seed)
    new, _ = revise(old, rate, seed + 1)
    matches = align(old, new)
    assert_covers_once(old, new, matches)
    for m in matches:
        assert 0.0 <= m.score <= 1.0
        assert (m.kind in (MatchKind.ADDED, MatchKind.REMOVED)) == (m.score == 0.0 and not (m.old and m.new))
        assert (len(m.new) > 1) == (m.kind is MatchKind.SPLIT)
        assert (len(m.old) > 1) == (m.kind is MatchKind.MERGED)


@PROPERTY
@given(st.integers(5, 80), st.integers(0, 10_000))
def test_matches_follow_new_document_order(n: int, seed: int) -> None:
    old = make_document(n, seed)
    new, _ = revise(old, 0.3, seed + 1)
    order = {p: i for i, p in enumerate(paths(new))}
    firsts = [order[m.new[0]] for m in align(old, new) if m.new]
    assert firsts == sorted(firsts)


# --- accuracy on generated revisions --------------------------------------------------


@pytest.mark.parametrize("n", [30, 200])
@pytest.mark.parametrize(("rate", "minimum"), [(0.1, 0.97), (0.3, 0.90)])
def test_alignment_f1_on_generated_revisions(n: int, rate: float, minimum: float) -> None:
    scores = []
    for seed in range(5):
        old = make_document(n, seed)
        new, gold = revise(old, rate, seed + 100)
        scores.append(f1(align(old, new), gold))
    assert min(scores) >= minimum, scores


@pytest.mark.slow
@pytest.mark.parametrize(("rate", "minimum"), [(0.1, 0.97), (0.3, 0.90)])
def test_alignment_f1_on_a_thousand_point_revision(rate: float, minimum: float) -> None:
    for seed in range(2):
        old = make_document(1000, seed)
        new, gold = revise(old, rate, seed + 100)
        assert f1(align(old, new), gold) >= minimum


@pytest.mark.parametrize("n", [200, 1000])
def test_edited_points_f1_at_ten_percent(n: int) -> None:
    scores = []
    for seed in range(3):
        old = make_document(n, seed)
        new, gold = revise(old, 0.1, seed + 100)
        scores.append(edited_f1(align(old, new), gold))
    assert min(scores) >= 0.85, scores
    assert sum(scores) / len(scores) >= 0.90, scores


@pytest.mark.slow
def test_edited_points_f1_holds_at_four_thousand_points() -> None:
    # the residue grows with N, and so do look-alikes far away: local evidence must still win
    scores = []
    for seed in range(3):
        old = make_document(4000, seed)
        new, gold = revise(old, 0.1, seed + 100)
        scores.append(edited_f1(align(old, new), gold))
    assert min(scores) >= 0.97, scores


def test_edited_points_f1_on_small_documents_pooled_over_seeds() -> None:
    scores = []
    for seed in range(10):
        old = make_document(30, seed)
        new, gold = revise(old, 0.1, seed + 100)
        scores.append(edited_f1(align(old, new), gold))
    assert sum(scores) / len(scores) >= 0.90, scores


def test_generator_gold_names_every_provision_of_both_versions() -> None:
    old = make_document(300, 5)
    new, gold = revise(old, 0.3, 6)
    assert {o for o, _ in gold.pairs if o} == set(paths(old))
    assert {n for _, n in gold.pairs if n} == set(paths(new))
    assert gold.edited_old <= set(paths(old))
    assert gold.edited_new <= set(paths(new))


def test_a_perfect_alignment_scores_one_and_a_wrong_one_less() -> None:
    old = make_document(60, 1)
    _, gold = revise(old, 0.3, 2)
    perfect = tuple(
        Match(old=(o,) if o else (), new=(n,) if n else (), kind=MatchKind.MODIFIED, score=0.5, curated=False)
        for o, n in gold.pairs
    )
    assert pairs_of(perfect) == set(gold.pairs)
    assert f1(perfect, gold) == 1.0
    assert edited_f1(perfect, gold) == 1.0
    assert f1(perfect[1:], gold) < 1.0


# --- kinds on small examples ----------------------------------------------------------


def test_a_point_whose_text_changed_is_modified_in_place() -> None:
    old = version("a", CEASEFIRE, ARMY)
    new = version("b", CEASEFIRE, ARMY.replace("600,000", "800,000"))
    m = by_old(align(old, new))["2"]
    assert (m.old, m.new, m.kind, m.relabelled, m.moved) == (("2",), ("2",), MatchKind.MODIFIED, False, False)
    assert 0.5 < m.score < 1.0


def test_deleting_a_point_renumbers_the_rest_and_places_the_removal_where_it_was() -> None:
    old = version("a", CEASEFIRE, ARMY, NATO)
    new = version("b", CEASEFIRE, NATO)
    matches = align(old, new)
    assert [(m.old, m.new, m.kind) for m in matches] == [
        (("1",), ("1",), MatchKind.UNCHANGED),
        (("2",), (), MatchKind.REMOVED),
        (("3",), ("2",), MatchKind.RENUMBERED),
    ]
    assert matches[1].score == 0.0


def test_a_new_point_is_added_with_its_sub_points() -> None:
    old = version("a", CEASEFIRE)
    new = version(
        "b", CEASEFIRE, Provision(label="2", text="Security guarantees:", children=[Provision(label="a", text=NATO)])
    )
    matches = align(old, new)
    assert [(m.old, m.new, m.kind) for m in matches] == [
        (("1",), ("1",), MatchKind.UNCHANGED),
        ((), ("2",), MatchKind.ADDED),
        ((), ("2.a",), MatchKind.ADDED),
    ]


def test_a_swapped_point_is_moved_and_the_rest_is_not() -> None:
    old = version("a", CEASEFIRE, ARMY, NATO, ELECTIONS)
    new = version("b", ARMY, NATO, ELECTIONS, CEASEFIRE)
    kinds = {m.old[0]: (m.kind, m.moved) for m in align(old, new)}
    assert kinds == {
        "1": (MatchKind.MOVED, True),
        "2": (MatchKind.RENUMBERED, False),
        "3": (MatchKind.RENUMBERED, False),
        "4": (MatchKind.RENUMBERED, False),
    }


def test_a_point_moved_and_reworded_is_modified_and_flagged_moved() -> None:
    old = version("a", CEASEFIRE, ARMY, NATO, ELECTIONS)
    new = version("b", NATO, ELECTIONS, ARMY.replace("capped at", "limited to"), CEASEFIRE)
    m = by_old(align(old, new))["2"]
    assert (m.new, m.kind, m.relabelled) == (("3",), MatchKind.MODIFIED, True)


def test_a_point_cut_in_two_is_split() -> None:
    old = version("a", CEASEFIRE, f"{ARMY} {ELECTIONS}", NATO)
    new = version("b", CEASEFIRE, ARMY, ELECTIONS.replace("within", "no later than"), NATO)
    m = by_old(align(old, new))["2"]
    assert (m.old, m.new, m.kind) == (("2",), ("2", "3"), MatchKind.SPLIT)


def test_two_distant_points_joined_into_one_are_merged() -> None:
    old = version("a", ARMY, CEASEFIRE, NATO, ELECTIONS, AMNESTY)
    new = version("b", f"{ARMY} {AMNESTY}", CEASEFIRE, NATO, ELECTIONS)
    m = by_new(align(old, new))["1"]
    assert (m.old, m.new, m.kind) == (("1", "5"), ("1",), MatchKind.MERGED)


def test_sub_points_are_aligned_inside_their_matched_parents() -> None:
    kids = [Provision(label="a", text=NATO), Provision(label="b", text=ASSETS), Provision(label="c", text=AMNESTY)]
    old = version("a", CEASEFIRE, Provision(label="2", text="", children=kids))
    new_kids = [Provision(label="a", text=NATO), Provision(label="b", text=AMNESTY.replace("full", "complete"))]
    new = version("b", Provision(label="1", text="", children=new_kids), CEASEFIRE)
    matches = align(old, new)
    got = {(m.old, m.new): m.kind for m in matches}
    assert {got[("2",), ("1",)], got[("1",), ("2",)]} == {MatchKind.MOVED, MatchKind.RENUMBERED}
    assert got[("2.a",), ("1.a",)] is MatchKind.RENUMBERED
    assert got[("2.b",), ()] is MatchKind.REMOVED
    assert got[("2.c",), ("1.b",)] is MatchKind.MODIFIED


BLACK_SEA = (
    "The Peace Council shall restore free commercial shipping and grain exports on the Black Sea, "
    "subject to verification by the OSCE Special Monitoring Mission."
)


def test_a_reworded_point_keeps_its_place_against_a_look_alike_added_far_away() -> None:
    reworded = (
        "Subject to confirmation by the OSCE mission, the Peace Council will reinstate grain exports "
        "and commercial navigation on the Black Sea without delay."
    )
    look_alike = BLACK_SEA.replace("the Black Sea", "the Sea of Azov")
    old = version("a", CEASEFIRE, BLACK_SEA, ARMY, NATO, ELECTIONS, ASSETS, AMNESTY)
    new = version("b", CEASEFIRE, reworded, ARMY, NATO, ELECTIONS, ASSETS, AMNESTY, look_alike)
    assert "2" in by_old(align(old, new))["2"].new


def test_an_unmatched_point_with_nothing_similar_is_removed_not_forced_into_a_pair() -> None:
    old = version("a", CEASEFIRE, ARMY)
    new = version("b", CEASEFIRE, "The Black Sea is open to grain shipping.")
    assert [m.kind for m in align(old, new)] == [MatchKind.UNCHANGED, MatchKind.REMOVED, MatchKind.ADDED]


# --- curated lineage ----------------------------------------------------------------


def test_curated_links_win_over_text_similarity() -> None:
    old = version("a", CEASEFIRE, ARMY)
    new = version(
        "b",
        Provision(label="1", text=CEASEFIRE, derived_from=["a#2"]),
        Provision(label="2", text=ARMY, derived_from=["a#1"]),
    )
    curated = align(old, new)
    assert {(m.old, m.new, m.curated) for m in curated} == {(("2",), ("1",), True), (("1",), ("2",), True)}
    inferred = align(old, new, use_lineage=False)
    assert {(m.old, m.new, m.curated) for m in inferred} == {(("1",), ("1",), False), (("2",), ("2",), False)}


@PROPERTY
@given(st.integers(3, 40), st.integers(0, 10_000), st.data())
def test_every_curated_link_is_honoured(n: int, seed: int, data: st.DataObject) -> None:
    old = make_document(n, seed)
    new = relabel(make_document(n, seed + 1))
    tops_new = list(new.labels)
    target = data.draw(st.lists(st.sampled_from(old.labels), min_size=len(tops_new), max_size=len(tops_new)))
    linked = [attrs.evolve(p, derived_from=[f"old#{t}"]) for p, t in zip(new.provisions, target, strict=True)]
    new = attrs.evolve(new, provisions=linked)
    got = by_new(align(old, new))
    for label, t in zip(tops_new, target, strict=True):
        assert got[label].old == (t,)
        assert got[label].curated


def test_several_new_points_deriving_from_one_old_point_are_a_curated_split() -> None:
    old = version("a", f"{ARMY} {NATO}", CEASEFIRE)
    new = version(
        "b",
        Provision(label="1", text=ARMY, derived_from=["a#1"]),
        Provision(label="2", text=NATO, derived_from=["a#1"]),
        CEASEFIRE,
    )
    m = by_old(align(old, new))["1"]
    assert (m.old, m.new, m.kind, m.curated) == (("1",), ("1", "2"), MatchKind.SPLIT, True)


def test_an_extra_ref_merges_only_when_no_other_point_claims_it_as_primary() -> None:
    # like 20-point#5 (from 28-point#10 and #5) beside 20-point#3 (from 28-point#5)
    old = version("a", CEASEFIRE, ARMY, NATO, ASSETS)
    new = version(
        "b",
        Provision(label="1", text=ARMY, derived_from=["a#2"]),
        Provision(label="2", text=f"{NATO} {ARMY}", derived_from=["a#3", "a#2"]),
        Provision(label="3", text=f"{ASSETS} {CEASEFIRE}", derived_from=["a#4", "a#1"]),
    )
    got = {m.new: (m.old, m.kind, m.curated) for m in align(old, new) if m.new}
    assert got[("1",)] == (("2",), MatchKind.RENUMBERED, True)
    assert got[("2",)] == (("3",), MatchKind.MODIFIED, True)
    assert got[("3",)] == (("1", "4"), MatchKind.MERGED, True)


def test_links_to_other_versions_or_unknown_labels_are_ignored() -> None:
    old = version("a", CEASEFIRE, ARMY)
    new = version("b", Provision(label="1", text=CEASEFIRE, derived_from=["z#2", "a#99"]), ARMY)
    assert all(not m.curated and m.kind is MatchKind.UNCHANGED for m in align(old, new))


def test_a_curated_link_can_cross_levels() -> None:
    old = version("a", CEASEFIRE, Provision(label="2", text="Territory:", children=[Provision(label="a", text=ASSETS)]))
    new = version("b", CEASEFIRE, Provision(label="2", text="Money for rebuilding.", derived_from=["a#2.a"]))
    got = by_new(align(old, new))["2"]
    assert (got.old, got.curated, got.moved) == (("2.a",), True, True)
    assert by_old(align(old, new))["2"].kind is MatchKind.REMOVED


def test_a_stricter_min_score_turns_a_weak_pair_into_a_removal() -> None:
    opts = AlignOptions()
    assert 0 < opts.min_score < opts.strong_score < 1
    stricter = attrs.evolve(opts, min_score=0.99, gap_bonus=0.0, lone_bonus=0.0)
    old = version("a", CEASEFIRE, ARMY)
    new = version("b", CEASEFIRE, ARMY.replace("capped at 600,000", "kept at 800,000"))
    assert by_old(align(old, new))["2"].kind is MatchKind.MODIFIED
    assert by_old(align(old, new, options=stricter))["2"].kind is MatchKind.REMOVED


# --- the built-in corpus ------------------------------------------------------------


@pytest.mark.parametrize(
    ("old_id", "new_id", "minimum"), [("28-point", "20-point", 0.9), ("28-point", "geneva-19", 0.9)]
)
def test_inferred_alignment_agrees_with_curated_lineage_on_real_drafts(
    old_id: str, new_id: str, minimum: float
) -> None:
    from peaceplan.corpus import load_corpus

    corpus = load_corpus()
    old, new = corpus.version(old_id), corpus.version(new_id)
    inferred = {n: set(m.old) for m in align(old, new, use_lineage=False) for n in m.new}
    linked = [
        (path, refs) for path, p in new.walk() if (refs := [r.label for r in p.derived_from if r.version == old_id])
    ]
    agree = sum(refs[0] in inferred[path] for path, refs in linked)
    assert linked
    assert agree / len(linked) >= minimum, [(path, refs, inferred[path]) for path, refs in linked]


def test_drafts_deriving_from_one_ancestor_point_are_linked_through_it() -> None:
    from peaceplan.model.records import Provision, Version

    base = Version(id="base", document="d", title="Base", status="draft", provisions=[Provision(label="1", text="x")])
    old = Version(
        id="old",
        document="d",
        title="Old",
        status="draft",
        provisions=[
            Provision(label="1", text="A ceasefire starts at once.", derived_from=["base#1"]),
            Provision(label="2", text="Elections follow within a year."),
        ],
    )
    new = Version(
        id="new",
        document="d",
        title="New",
        status="draft",
        provisions=[Provision(label="7", text="Troops withdraw before any vote.", derived_from=["base#1"])],
    )
    assert base.provision("1").text == "x"
    (match,) = [m for m in align(old, new) if m.new]
    assert (match.old, match.new, match.curated) == (("1",), ("7",), True)
    assert not [m for m in align(old, new, use_lineage=False) if m.new and m.curated]
