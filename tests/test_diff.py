"""The Diff record: patch semantics, JSON, attribution, findings on the real corpus."""

from __future__ import annotations

import gc
import json
import os

import attrs
import pytest
from generator import make_document, revise
from hypothesis import example, given, settings
from hypothesis import strategies as st
from strategies import versions

import peaceplan
from peaceplan.compare.align import MatchKind
from peaceplan.compare.diff import Diff, diff
from peaceplan.compare.redline import Op, Redline, Segment, redline
from peaceplan.errors import PatchError, ValidationError
from peaceplan.model.records import Attribution, Provision, Version


@pytest.fixture(scope="module")
def corpus() -> peaceplan.Corpus:
    return peaceplan.load_corpus()


@pytest.fixture(scope="module")
def plan_diff(corpus: peaceplan.Corpus) -> Diff:
    return diff(corpus.version("28-point"), corpus.version("20-point"))


def two_versions() -> st.SearchStrategy[tuple[Version, Version]]:
    return st.tuples(versions(version_id="a", document="d"), versions(version_id="b", document="d"))


# --- patch semantics -------------------------------------------------------------


@settings(max_examples=60)
@given(two_versions())
def test_apply_rebuilds_the_new_version_exactly(pair: tuple[Version, Version]) -> None:
    old, new = pair
    assert diff(old, new).apply(old) == new


@settings(max_examples=60)
@given(two_versions())
def test_invert_applied_to_new_gives_back_old(pair: tuple[Version, Version]) -> None:
    old, new = pair
    assert diff(old, new).invert().apply(new) == old


@settings(max_examples=40)
@given(versions(version_id="a", document="d"))
def test_a_version_compared_with_itself_has_no_changes(version: Version) -> None:
    d = diff(version, version)
    assert len(d) == 0
    assert not d
    assert all(m.kind is MatchKind.UNCHANGED for m in d.alignment)
    assert d.summary().by_kind == {}


@pytest.mark.parametrize(("n", "rate", "seed"), [(30, 0.1, 1), (60, 0.3, 2), (120, 0.3, 3)])
def test_apply_and_invert_round_trip_on_realistic_revisions(n: int, rate: float, seed: int) -> None:
    old = make_document(n, seed)
    new, _ = revise(old, rate, seed)
    d = diff(old, new)
    assert d.apply(old) == new
    assert d.invert().apply(new) == old


def test_apply_refuses_a_version_the_diff_was_not_computed_from(plan_diff: Diff, corpus: peaceplan.Corpus) -> None:
    with pytest.raises(PatchError, match=r"computed from version '28-point'.*'e3-counter'"):
        plan_diff.apply(corpus.version("e3-counter"))


def test_invert_swaps_added_and_removed_and_split_and_merged(plan_diff: Diff) -> None:
    inverse = plan_diff.invert()
    before = plan_diff.summary().by_kind
    after = inverse.summary().by_kind
    assert after.get("added", 0) == before.get("removed", 0)
    assert after.get("removed", 0) == before.get("added", 0)
    assert after.get("split", 0) == before.get("merged", 0)


# --- JSON ------------------------------------------------------------------------


def test_json_round_trip_gives_an_equal_diff(plan_diff: Diff) -> None:
    assert Diff.from_json(plan_diff.to_json()) == plan_diff


def test_json_validates_against_the_diff_schema(plan_diff: Diff) -> None:
    from peaceplan.files.schemata import validate_diff_data

    validate_diff_data(json.loads(plan_diff.to_json()))


@settings(max_examples=30)
@given(two_versions())
def test_json_round_trip_on_generated_pairs(pair: tuple[Version, Version]) -> None:
    d = diff(*pair)
    assert Diff.from_json(d.to_json()) == d


def test_from_json_reports_what_is_wrong_with_a_bad_document() -> None:
    with pytest.raises(ValidationError, match="line 1"):
        Diff.from_json("{not json")
    with pytest.raises(ValidationError):
        Diff.from_json('{"peaceplan-diff": 1}')


def test_from_json_refuses_what_plain_json_loads_would_take_quietly(plan_diff: Diff) -> None:
    text = plan_diff.to_json()
    with pytest.raises(ValidationError, match="'peaceplan-diff' is given twice"):
        Diff.from_json(text.replace('"peaceplan-diff": 1,', '"peaceplan-diff": 1, "peaceplan-diff": 1,', 1))
    with pytest.raises(ValidationError, match="NaN is not a number JSON allows"):
        Diff.from_json(text.replace('"path": [', '"nan": NaN, "path": [', 1))
    with pytest.raises(ValidationError, match="nested too deeply"):
        Diff.from_json("[" * 50_000 + "]" * 50_000)


# --- the real corpus -----------------------------------------------------------------


def test_every_28_point_provision_is_accounted_for(plan_diff: Diff, corpus: peaceplan.Corpus) -> None:
    old_paths = {p for p, _ in corpus.version("28-point").walk()}
    new_paths = {p for p, _ in corpus.version("20-point").walk()}
    seen_old = [label for m in plan_diff.alignment for label in m.old]
    seen_new = [label for m in plan_diff.alignment for label in m.new]
    assert sorted(seen_old) == sorted(old_paths)
    assert sorted(seen_new) == sorted(new_paths)


def test_army_cap_is_a_modification_raising_600000_to_800000(plan_diff: Diff) -> None:
    change = plan_diff.change(new="4")
    assert change.old_labels == ("6",)
    assert change.kind is MatchKind.MODIFIED
    raised = [f for f in change.findings if f.kind.value == "number"]
    assert raised, change.findings
    assert (raised[0].old, raised[0].new, raised[0].direction) == ("600,000", "800,000", "raised")
    assert "600,000" in raised[0].summary
    assert "800,000" in raised[0].summary


def test_army_cap_change_is_credited_to_the_e3_with_sources(plan_diff: Diff) -> None:
    change = plan_diff.change(new="4")
    assert "e3" in change.proposers
    assert change.sources, "the credit must cite the sources that report it"
    cited = {s for a in change.attributions for s in a.sources}
    assert {s.id for s in change.sources} == cited


def test_amnesty_point_is_removed(plan_diff: Diff) -> None:
    change = plan_diff.change("26")
    assert change.kind is MatchKind.REMOVED
    assert change.new_labels == ()


def test_free_trade_point_is_new(plan_diff: Diff) -> None:
    assert plan_diff.change(new="10").kind is MatchKind.ADDED


def test_elections_deadline_dropped_is_a_duration_finding(plan_diff: Diff) -> None:
    change = plan_diff.change(new="18")
    assert change.old_labels == ("25",)
    assert any(f.kind.value == "duration" for f in change.findings)


def test_filter_finds_changes_by_kind_and_by_finding(plan_diff: Diff) -> None:
    removed = plan_diff.filter(kind="removed")
    assert removed
    assert all(c.kind is MatchKind.REMOVED for c in removed)
    numbers = plan_diff.filter(finding="number")
    assert any(c.new_labels == ("4",) for c in numbers)


def test_summary_counts_every_change_once_by_kind(plan_diff: Diff) -> None:
    summary = plan_diff.summary()
    assert sum(summary.by_kind.values()) == len(plan_diff)
    assert "modified" in str(summary)


def test_metadata_changes_come_from_the_headers(plan_diff: Diff) -> None:
    fields = {m.field for m in plan_diff.metadata}
    assert {"title", "status", "parents"} <= fields


def test_contested_credit_stays_contested() -> None:
    old = Version(id="a", document="d", title="T", status="draft", provisions=[Provision(label="1", text="x")])
    credit = [
        Attribution(actor="us", confidence="contested"),
        Attribution(actor="russia", confidence="contested"),
    ]
    new = attrs.evolve(
        old, id="b", provisions=[Provision(label="1", text="Russia shall pay 5 dollars.", attributions=credit)]
    )
    change = diff(old, new).change(new="1")
    assert change.proposers == ("us", "russia")
    assert change.contested


def test_lineage_tracing_credits_each_step(corpus: peaceplan.Corpus) -> None:
    d = diff(corpus.version("28-point"), corpus.version("20-point"), corpus=corpus)
    assert d.path == ("28-point", "geneva-19", "20-point")
    army = d.change(new="4")
    assert army.steps, "a change across two steps must list them"
    assert army.steps[0].parent == "28-point"
    assert {s.version for s in army.steps} <= {"geneva-19", "20-point"}
    assert Diff.from_json(d.to_json()) == d


def test_version_diff_is_deprecated_and_still_the_diff_function(corpus: peaceplan.Corpus) -> None:
    a, b = corpus.version("28-point"), corpus.version("e3-counter")
    with pytest.deprecated_call(match=r"version.diff\(new\) is deprecated .* use peaceplan.diff\(old, new\)"):
        assert a.diff(b) == diff(a, b)


def test_documents_of_different_kinds_can_be_compared(corpus: peaceplan.Corpus) -> None:
    d = diff(corpus.version("uk-france-declaration"), corpus.version("paris-declaration"))
    assert d.apply(corpus.version("uk-france-declaration")) == corpus.version("paris-declaration")


def test_asking_for_a_label_neither_version_has_names_both_versions(plan_diff: Diff) -> None:
    from peaceplan.errors import UnknownProvisionError

    with pytest.raises(UnknownProvisionError, match=r"neither '28-point' nor '20-point' has a provision '99'"):
        plan_diff.change("99")


def test_change_old_names_the_old_point_and_new_the_new_one(plan_diff: Diff) -> None:
    # The 28-point plan's point 6 (army size) is the 20-point plan's point 4; new point 6 is old 16.
    army = plan_diff.change(old="6")
    assert (army.old_labels, army.new_labels) == (("6",), ("4",))
    assert plan_diff.change(new="4") is army
    assert plan_diff.change(new="6").old_labels == ("16",)


def test_a_bare_label_on_one_side_only_or_naming_one_change_is_accepted(plan_diff: Diff) -> None:
    assert plan_diff.change("26") is plan_diff.change(old="26")  # the 20-point plan has 20 points
    unchanged = next(e for e in plan_diff.entries if e.old_labels == e.new_labels)
    label = unchanged.old_labels[0]
    assert plan_diff.change(label) is unchanged is plan_diff.change(old=label) is plan_diff.change(new=label)


def test_a_bare_label_naming_different_changes_on_each_side_is_refused_naming_both(plan_diff: Diff) -> None:
    from peaceplan.errors import AmbiguousLabelError, PeaceplanError

    with pytest.raises(AmbiguousLabelError) as caught:
        plan_diff.change("6")
    assert isinstance(caught.value, PeaceplanError)
    assert isinstance(caught.value, KeyError)
    assert str(caught.value) == (
        "Diff.change('6') is ambiguous: in '28-point' → '20-point', old point 6 is the change 6 → 4 modified "
        "and new point 6 the change 16 → 6 modified; pass old='6' or new='6'"
    )


def test_change_on_one_side_names_that_sides_points_when_the_label_is_missing(plan_diff: Diff) -> None:
    from peaceplan.errors import UnknownProvisionError

    with pytest.raises(UnknownProvisionError, match=r"Diff.change\(new='26'\): the new version '20-point' has no "):
        plan_diff.change(new="26")
    with pytest.raises(UnknownProvisionError, match=r"version '28-point' has no provision '29'; its points are 1, 2"):
        plan_diff.change(old=29)


def test_change_wants_exactly_one_of_label_old_and_new(plan_diff: Diff) -> None:
    with pytest.raises(ValidationError, match=r"expected exactly one of a label, old= or new=; got old='4', new='4'"):
        plan_diff.change(old="4", new="4")
    with pytest.raises(ValidationError, match=r"got none"):
        plan_diff.change()


def test_filter_by_a_label_on_both_sides_is_not_ambiguous(plan_diff: Diff) -> None:
    labels = {lb for c in plan_diff.filter(label="6") for lb in (*c.old_labels, *c.new_labels)}
    assert {"6", "16"} <= labels


@pytest.mark.parametrize("enabled", [True, False])
def test_diff_leaves_the_garbage_collector_as_it_found_it(corpus: peaceplan.Corpus, enabled: bool) -> None:
    # diff pauses the collector while it builds its records; a caller's own setting must survive it,
    # also when the work inside the pause fails.
    from peaceplan._gcpause import paused_gc

    (gc.enable if enabled else gc.disable)()
    try:
        corpus.diff("28-point", "20-point")
        assert gc.isenabled() is enabled
        seen = []

        def fail_while_paused() -> None:
            with paused_gc():
                seen.append(gc.isenabled())
                raise ZeroDivisionError

        with pytest.raises(ZeroDivisionError):
            fail_while_paused()
        assert seen == [False]
        assert gc.isenabled() is enabled
    finally:
        gc.enable()


def _generated_chain(size: int, seed: int, rate: float, hops: int) -> peaceplan.Corpus:
    versions = [attrs.evolve(make_document(size, seed, version_id="v0"), document="doc")]
    for k in range(1, hops + 1):
        nxt, _ = revise(versions[-1], rate, seed + k, version_id=f"v{k}")
        versions.append(attrs.evolve(nxt, id=f"v{k}", document="doc", parents=(versions[-1].id,)))
    return peaceplan.Corpus(
        name="generated",
        title="Generated lineage",
        documents=[peaceplan.Document(id="doc", title="Doc", kind="peace-plan")],
        versions=versions,
    )


@settings(max_examples=25, deadline=None)
@given(size=st.integers(3, 25), seed=st.integers(0, 10_000), rate=st.floats(0.05, 0.5), hops=st.integers(2, 4))
def test_a_change_traced_along_the_lineage_has_one_step_per_hop_that_changed_it(
    size: int, seed: int, rate: float, hops: int
) -> None:
    # Oracle: follow each point hop by hop by scanning every change of every hop diff.
    corpus = _generated_chain(size, seed, rate, hops)
    traced = corpus.diff("v0", f"v{hops}")
    hop_diffs = [corpus.diff(f"v{k}", f"v{k + 1}") for k in range(hops)]
    assert traced.path == tuple(f"v{k}" for k in range(hops + 1))
    for change in traced:
        if change.kind is MatchKind.UNCHANGED:
            assert change.steps == ()
            continue
        forward = bool(change.old_labels)  # a new point is followed back from the newest draft
        labels = set(change.old_labels if forward else change.new_labels)
        expected = []
        for hop in hop_diffs if forward else hop_diffs[::-1]:
            hits = [h for h in hop.entries if labels & set(h.old_labels if forward else h.new_labels)]
            expected += [(hop.old.id, hop.new.id, h.kind) for h in hits if h.kind is not MatchKind.UNCHANGED]
            labels = {label for h in hits for label in (h.new_labels if forward else h.old_labels)}
            if not labels:
                break
        if not forward:
            expected.reverse()
        assert [(s.parent, s.version, s.kind) for s in change.steps] == expected


def test_diff_json_is_the_same_whatever_the_hash_seed() -> None:
    # DeepDiff reports header changes in sets, whose order follows the string hash seed;
    # a saved diff must equal a fresh one, so the JSON may not depend on it.
    import subprocess
    import sys

    script = (
        "import hashlib, peaceplan\n"
        "c = peaceplan.load_corpus()\n"
        "h = hashlib.sha256()\n"
        "for a in c.versions:\n"
        "    for b in c.versions:\n"
        "        if a.document == b.document and a.id != b.id:\n"
        "            h.update(peaceplan.diff(a, b).to_json().encode())\n"
        "print(h.hexdigest())\n"
    )
    digests = {
        subprocess.run(
            [sys.executable, "-c", script],
            capture_output=True,
            text=True,
            check=True,
            env={**os.environ, "PYTHONHASHSEED": seed},
        ).stdout
        for seed in ("1", "2", "3")
    }
    assert len(digests) == 1


def test_diff_refuses_version_ids_and_says_how_to_diff_by_id() -> None:
    with pytest.raises(TypeError, match=r"call corpus.diff\('28-point', '20-point'\)"):
        peaceplan.diff("28-point", "20-point")  # type: ignore[arg-type]


def test_filter_refuses_a_kind_that_does_not_exist_listing_those_that_do(plan_diff: Diff) -> None:
    with pytest.raises(ValidationError, match=r"Diff.filter\(finding=...\): expected one of 'number'.*got 'numbr'"):
        plan_diff.filter(finding="numbr")
    with pytest.raises(ValidationError, match=r"Diff.filter\(kind=...\): expected one of .*'modified'.*got 'modifed'"):
        plan_diff.filter(kind="modifed")
    assert plan_diff.filter(kind="modified") == plan_diff.filter(kind=MatchKind.MODIFIED)


def test_change_takes_a_point_number_for_its_label(plan_diff: Diff) -> None:
    assert plan_diff.change(new=4) == plan_diff.change(new="4")
    assert plan_diff.change(26) == plan_diff.change("26") == plan_diff.change(old=26)


def test_a_plain_text_copy_of_a_version_changes_only_what_its_text_changes(corpus: peaceplan.Corpus) -> None:
    # An imported draft has no titles or topics; that says nothing about its subject,
    # so a point with the same text is unchanged (it read as "reworded" with nothing marked).
    from peaceplan.text.reader import read_text
    from peaceplan.text.writer import to_text

    original = corpus.version("20-point")
    copy = read_text(to_text(original), id="copy", document="peace-plan").version
    assert not any(p.topics for _, p in copy.walk())
    d = peaceplan.diff(original, copy)
    assert MatchKind.REWORDED.value not in d.summary().by_kind
    for change in d.changes:
        assert change.kind is MatchKind.MODIFIED
        assert change.findings, change.match
    one = attrs.evolve(original, provisions=original.provisions[:2])
    for edited in (
        attrs.evolve(one.provisions[0], title="Another title"),  # a title changed
        attrs.evolve(one.provisions[0], title=None, topics=()),  # dropped from one point of an annotated version
    ):
        d = peaceplan.diff(one, attrs.evolve(one, provisions=[edited, one.provisions[1]]))
        assert d.change("1").kind is MatchKind.REWORDED, edited


def test_a_clause_inserted_whole_is_a_modification_not_a_rewording() -> None:
    from peaceplan.compare.diff import is_rewording
    from peaceplan.compare.redline import redline

    old, new = "Sovereignty is reaffirmed.", "Sovereignty is reaffirmed, and every signatory confirms it by signing."
    assert not is_rewording(redline(old, new), ())
    assert is_rewording(redline("Ukraine agrees to remain non-nuclear.", "Ukraine stays non-nuclear."), ())


def test_a_rewording_that_gains_a_position_or_topic_is_modified() -> None:
    from peaceplan import Position, Provision, Version

    def version(vid: str, provision: Provision) -> Version:
        return Version(id=vid, document="d", title="t", status="draft", provisions=[provision])

    old = Provision(label="3", text="Ukraine receives reliable security guarantees.", topics=["security-guarantees"])
    new = Provision(
        label="3",
        text="Ukraine receives strong security guarantees.",
        topics=["security-guarantees"],
        positions=[Position(actor="russia", stance="reserves")],
    )
    (change,) = diff(version("a", old), version("b", new)).entries
    assert change.kind.value == "modified"


def test_change_still_takes_the_label_by_keyword(plan_diff: Diff) -> None:
    assert plan_diff.change(label="26") is plan_diff.change("26")


_KINDS_OF_BOTH_SIDES = (MatchKind.MODIFIED, MatchKind.REWORDED, MatchKind.UNCHANGED, MatchKind.RENUMBERED)
_KINDS_OF_BOTH_SIDES += (MatchKind.MOVED, MatchKind.SPLIT, MatchKind.MERGED)


@settings(max_examples=60)
@given(two_versions(), st.data())
def test_a_kind_the_match_decides_is_the_kind_of_its_change_record(
    pair: tuple[Version, Version], data: st.DataObject
) -> None:
    """decided_kind, when it answers, gives what change_of gives; when it does not, the kind is a verdict."""
    from peaceplan.compare.diff import DiffOptions, change_of, decided_kind, verdict_of

    old, new = pair
    titled, tagged = old.has_titles and new.has_titles, old.has_topics and new.has_topics
    for m in peaceplan.align(old, new):
        if m.old and m.new:  # any kind a match of points on both sides could be given, consistent or not
            m = attrs.evolve(m, kind=data.draw(st.sampled_from(_KINDS_OF_BOTH_SIDES)))
        olds, news = [old.provision(p) for p in m.old], [new.provision(p) for p in m.new]
        decided = decided_kind(m, olds, news, titled=titled, tagged=tagged)
        kind = change_of(old, new, m, DiffOptions()).kind
        if decided is None:
            assert kind in (MatchKind.MODIFIED, MatchKind.REWORDED)
        else:
            assert decided is kind is m.kind
        assert verdict_of(old, new, m, DiffOptions()) is kind


def _clause_by_runs(red: Redline) -> bool:
    """Whether a run inserted or deleted whole holds a clause, read run by run (the rule, spelled out plainly)."""
    from peaceplan.compare.diff import _FUNCTION_WORDS, CLAUSE_WORDS

    runs: list[list[Segment]] = [[]]
    for segment in red.segments:
        if segment.op is Op.EQUAL:
            runs.append([])
        else:
            runs[-1].append(segment)
    for run in runs:
        if len({s.op for s in run}) != 1:
            continue
        words = [w for s in run for w in s.text.split()]
        substance = [w for w in (w.strip(".,;:()\"'").lower() for w in words) if len(w) >= 4]
        if len([w for w in substance if w not in _FUNCTION_WORDS]) >= CLAUSE_WORDS:
            return True
    return False


_CLAUSE_WORDS = st.sampled_from(["sovereignty", "every", "signatory", "confirms", "it", "by", "signing", "İab", "the"])
_CLAUSE_TEXT = st.lists(st.tuples(_CLAUSE_WORDS, st.sampled_from([" ", ", ", ". ", "  "])), max_size=9).map(
    lambda parts: "".join(w + p for w, p in parts)
)


@example("Peace.", "Peace. İab İab İab İab")  # "İ" lower-cases to two characters: four short words, a clause
@given(st.one_of(_CLAUSE_TEXT, st.text()), st.one_of(_CLAUSE_TEXT, st.text()))
def test_a_clause_added_or_dropped_whole_is_found_as_the_rule_reads_it(old: str, new: str) -> None:
    from peaceplan.compare.diff import _adds_or_drops_clause

    red = redline(old, new)
    assert _adds_or_drops_clause(red) is _clause_by_runs(red)
    assert _adds_or_drops_clause(red.invert()) is _clause_by_runs(red)


def test_several_points_carried_over_keep_their_kind_only_while_each_keeps_its_own_content() -> None:
    from peaceplan.compare.diff import DiffOptions, change_of, decided_kind, verdict_of
    from peaceplan.compare.matches import Match

    points = (Provision(label="1", text="A ceasefire.", topics=("security",)), Provision(label="2", text="A truce."))
    old = Version(id="a", document="d", title="A", status="draft", provisions=points)
    changed = (attrs.evolve(points[0], topics=("territory",)), points[1])
    for news, expected in ((points, MatchKind.UNCHANGED), (changed, None)):
        new = attrs.evolve(old, id="b", provisions=news)
        m = Match(old=("1", "2"), new=("1", "2"), kind=MatchKind.UNCHANGED, score=1.0, curated=False)
        assert decided_kind(m, old.provisions, new.provisions, titled=False, tagged=True) is expected
        kind = change_of(old, new, m, DiffOptions()).kind
        assert verdict_of(old, new, m, DiffOptions()) is kind
        assert kind is (expected or MatchKind.REWORDED)  # a topic changed: no alternative or position, a rewording
    one_side = Match(old=(), new=("1",), kind=MatchKind.UNCHANGED, score=1.0, curated=False)
    assert decided_kind(one_side, (), points[:1], titled=False, tagged=True) is None  # no consistent match
