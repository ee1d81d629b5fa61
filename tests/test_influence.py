"""Influence: whose changes survive into the heads, on the built-in corpus and on generated lineages.

Expected answers come from the research notes: the E3 first proposed the
800,000 figure and the Article-5 framing that the 20-point plan kept; the
20-point plan moved reconstruction into the prosperity plan, where those
changes count as surviving. The 28-point plan, a version with no parent, counts
as root contributions credited to its drafters: the US envoys and, on contested
reports, Russia's Dmitriev; its non-nuclear (#18), no-change-by-force (#22) and
Peace Council (#27) points live on, reworded, as the 20-point plan's #11, #15
and #19.
"""

from __future__ import annotations

import attrs
import pytest
from generator import make_document, revise
from hypothesis import given
from hypothesis import strategies as st

from peaceplan import Actor, Attribution, Corpus, Document, UnknownVersionError, Version
from peaceplan.compare.align import align
from peaceplan.corpus import load_corpus
from peaceplan.history.descent import CARRY_KINDS
from peaceplan.history.influence import UNATTRIBUTED, Fate, Influence, UnknownGroupingError, influence
from peaceplan.history.log import heads


@pytest.fixture(scope="module")
def corpus() -> Corpus:
    return load_corpus()


@pytest.fixture(scope="module")
def table(corpus: Corpus) -> Influence:
    return influence(corpus)


@pytest.fixture(scope="module")
def plan(corpus: Corpus) -> Influence:
    """Influence on the 20-point plan and the prosperity plan, which later 2026 versions revise
    (so they are no longer heads): the heads the research notes' answers are about."""
    return influence(corpus, ["20-point", "prosperity-plan"])


def _edges(corpus: Corpus) -> int:
    return sum(
        1
        for v in corpus.versions
        for parent in v.parents
        for m in align(corpus.version(parent), v)
        if m.kind not in CARRY_KINDS
    )


def _root_provisions(corpus: Corpus) -> int:
    """Provisions of versions with no parent in the corpus that do not continue another version's provision."""
    return sum(
        1
        for v in corpus.versions
        if not any(parent in corpus for parent in v.parents)
        for _, p in v.walk()
        if not any(r.version != v.id and r.version in corpus for r in p.derived_from)
    )


def _adds_up(table: Influence) -> None:
    for actor in table:
        assert actor.proposed == len(actor.changes)
        for t in actor.heads:
            assert t.survived + t.superseded + t.reverted + t.dropped + t.unreached == actor.proposed
            assert 0 <= t.surviving_words <= t.words
    assert sum(a.proposed for a in table) == sum(len(c.proposers) or 1 for c in table.changes)


def test_default_heads_are_the_heads_of_every_document(corpus: Corpus, table: Influence) -> None:
    assert table.heads == heads(corpus)


def test_counts_add_up_to_the_number_of_changes_and_root_contributions(corpus: Corpus, table: Influence) -> None:
    assert len(table.changes) == _edges(corpus) + _root_provisions(corpus)
    assert sum(1 for c in table.changes if c.root) == _root_provisions(corpus)
    _adds_up(table)


def test_without_roots_only_edge_changes_count(corpus: Corpus, table: Influence) -> None:
    edges_only = influence(corpus, roots=False)
    assert len(edges_only.changes) == _edges(corpus)
    assert not any(c.root for c in edges_only.changes)
    assert edges_only.changes == tuple(c for c in table.changes if not c.root)
    _adds_up(edges_only)


def test_e3_proposals_survive_into_the_20_point_plan(plan: Influence) -> None:
    e3 = plan.actor("e3")
    tally = e3.head("20-point")
    assert tally.survived >= 2
    survivors = [c for c in e3.changes if c.fate("20-point") is Fate.SURVIVES]
    assert any(c.version == "20-point" and c.match.new == ("4",) for c in survivors)
    assert tally.unreached > 0  # the E3 branch itself is not an ancestor of the 20-point plan
    assert tally.share is not None
    assert tally.share > 0


def test_the_e3_changes_that_survive_into_the_20_point_plan_are_army_size_article_5_and_elections(
    plan: Influence,
) -> None:
    survivors = {
        c.match.new for c in plan.actor("e3").changes if c.version == "20-point" and c.fate("20-point") is Fate.SURVIVES
    }
    assert survivors == {("4",), ("5",), ("18",)}


@pytest.fixture(scope="module")
def parties(corpus: Corpus) -> Influence:
    return influence(corpus, by="affiliation")


def test_by_affiliation_rolls_envoys_up_to_the_state_they_speak_for(corpus: Corpus, parties: Influence) -> None:
    rows = {a.actor for a in parties}
    persons = {a.id for a in corpus.actors if a.affiliation is not None}
    assert not rows & persons
    us = parties.actor("us")
    assert {"witkoff", "kushner", "rubio"} <= set(us.members)
    assert {"umerov", "yermak"} <= set(parties.actor("ukraine").members)
    assert parties.by == "affiliation"
    assert str(parties).startswith("party ")


def test_by_affiliation_counts_a_change_credited_to_a_delegation_and_its_state_once(
    table: Influence, parties: Influence
) -> None:
    us_changes = {(c.parent, c.version, c.match) for c in parties.actor("us").changes}
    us_team = {"us", "witkoff", "kushner", "rubio", "driscoll"}
    credited = {(c.parent, c.version, c.match) for c in table.changes if us_team & set(c.proposers)}
    assert us_changes == credited
    assert parties.actor("us").proposed == len(credited)
    _adds_up_by_party(parties)


def _adds_up_by_party(t: Influence) -> None:
    for actor in t:
        for tally in actor.heads:
            assert (
                tally.survived + tally.superseded + tally.reverted + tally.dropped + tally.unreached == actor.proposed
            )


def test_by_affiliation_keeps_coalitions_as_their_own_row(corpus: Corpus, plan: Influence) -> None:
    parties = influence(corpus, ["20-point", "prosperity-plan"], by="affiliation")
    e3_actor, e3_party = plan.actor("e3"), parties.actor("e3")
    assert e3_party.members == ("e3",)
    assert e3_party.head("20-point") == e3_actor.head("20-point")


def test_by_affiliation_gives_macron_credit_to_france(parties: Influence) -> None:
    assert "macron" in parties.actor("france").members


def test_an_unknown_grouping_is_refused_with_the_choices(corpus: Corpus) -> None:
    with pytest.raises(UnknownGroupingError, match=r"influence\(by='state'\): expected 'actor' .* or 'affiliation'"):
        influence(corpus, by="state")  # type: ignore[arg-type]


def test_without_roots_a_drafter_of_the_root_version_only_is_refused_with_the_reason(corpus: Corpus) -> None:
    with pytest.raises(KeyError, match=r"no change is credited to 'dmitriev'.*version that has no parent.*roots=True"):
        influence(corpus, heads=["20-point"], roots=False).actor("dmitriev")


def test_the_drafters_of_the_28_point_plan_get_its_wording_as_root_contributions(table: Influence) -> None:
    points = {c.match.new for c in table.changes if c.root and c.version == "28-point"}
    for drafter in ("witkoff", "kushner", "dmitriev"):
        row = table.actor(drafter)
        credited = {c.match.new for c in row.changes if c.root and c.version == "28-point"}
        assert ("1",) in credited  # the version's credit, where the point names nobody of its own
        assert credited <= points
    # a point with its own credit goes to that credit only: the troop cap (#6) was pushed by Dmitriev
    cap = next(c for c in table.changes if c.root and c.version == "28-point" and c.match.new == ("6",))
    assert cap.proposers == ("dmitriev",)
    assert cap in table.actor("dmitriev").changes
    assert cap not in table.actor("witkoff").changes


@pytest.fixture(scope="module")
def into_20_point(corpus: Corpus) -> Influence:
    return influence(corpus, heads=["20-point"], by="affiliation")


def test_russia_and_the_us_have_root_contributions_in_the_20_point_plan(into_20_point: Influence) -> None:
    russia, us = into_20_point.actor("russia"), into_20_point.actor("us")
    assert "dmitriev" in russia.members
    for party in (russia, us):
        assert party.roots > 0
        assert any(c.root and c.version == "28-point" for c in party.changes)
        assert party.head("20-point").reached > 0
        assert party.head("20-point").surviving_words > 0


def test_russia_s_credit_for_the_28_point_plan_is_counted_as_contested(into_20_point: Influence) -> None:
    russia, us = into_20_point.actor("russia"), into_20_point.actor("us")
    version_wide = [c for c in russia.changes if c.root and c.version == "28-point" and "us" in c.proposers]
    assert version_wide
    assert set(version_wide) <= set(russia.contested_changes)  # Dmitriev and Russia: both contested
    assert not set(version_wide) & set(us.contested_changes)  # the US is confirmed as proposer
    cap = next(c for c in russia.changes if c.root and c.match.new == ("6",))
    assert cap not in russia.contested_changes  # WSJ reports Dmitriev pushed the troop cap
    assert russia.contested == len(russia.contested_changes) <= russia.proposed
    assert "contested" in str(into_20_point).splitlines()[0]


@pytest.mark.parametrize(("old", "new"), [("18", "11"), ("22", "15"), ("27", "19")])
def test_most_of_the_28_point_wording_survives_into_the_20_point_plan(
    into_20_point: Influence, old: str, new: str
) -> None:
    root = next(c for c in into_20_point.changes if c.root and c.version == "28-point" and c.match.new == (old,))
    assert root.fate("20-point") in (Fate.SURVIVES, Fate.SUPERSEDED)
    assert dict(root.surviving_words)["20-point"] >= root.words / 2
    assert root in into_20_point.actor("us").changes
    assert root in into_20_point.actor("russia").changes


def test_with_roots_the_e3_s_three_surviving_changes_are_still_reported(into_20_point: Influence) -> None:
    survivors = {c.match.new for c in into_20_point.actor("e3").changes if c.fate("20-point") is Fate.SURVIVES}
    assert survivors == {("4",), ("5",), ("18",)}
    assert into_20_point.actor("e3").roots == 0


def test_a_root_provision_carried_in_through_derived_from_is_not_a_root_contribution(
    corpus: Corpus, table: Influence
) -> None:
    counted = {c.match.new[0] for c in table.changes if c.root and c.version == "prosperity-plan"}
    walked = dict(corpus.version("prosperity-plan").walk())
    carried = {path for path, p in walked.items() if p.derived_from}
    assert carried  # the prosperity plan took over the 20-point plan's reconstruction points
    assert counted == set(walked) - carried
    assert counted


def test_the_e3_branch_keeps_all_of_its_own_changes(table: Influence) -> None:
    tally = table.actor("e3").head("e3-counter")
    assert tally.survived == tally.reached > 0


def test_reconstruction_migrating_into_the_prosperity_plan_counts_as_surviving_there(plan: Influence) -> None:
    moved = next(c for c in plan.changes if c.version == "20-point" and c.match.new == ("8",))
    assert moved.fate("prosperity-plan") in (Fate.SURVIVES, Fate.SUPERSEDED)
    assert dict(moved.surviving_words)["prosperity-plan"] > 0


def test_dropped_changes_are_listed(plan: Influence) -> None:
    e3 = plan.actor("e3")
    lost = e3.lost("20-point")
    assert all(c.fate("20-point") in (Fate.REVERTED, Fate.DROPPED) for c in lost)
    assert len(lost) == e3.head("20-point").reverted + e3.head("20-point").dropped


def test_records_are_one_row_per_actor_and_head(table: Influence) -> None:
    records = table.to_records()
    assert len(records) == len(table.actors) * len(table.heads)
    assert {"actor", "head", "proposed", "roots", "contested", "survived", "share"} <= set(records[0])
    assert "e3" in str(table)


def test_an_unknown_head_is_refused(corpus: Corpus) -> None:
    with pytest.raises(UnknownVersionError, match="20-point"):
        influence(corpus, heads=["21-point"])


@given(
    size=st.integers(3, 20),
    seed=st.integers(0, 10_000),
    rate=st.floats(0.0, 0.5),
    credited=st.integers(0, 3),
    disputed=st.booleans(),
)
def test_influence_counts_add_up_on_generated_lineages(
    size: int, seed: int, rate: float, credited: int, disputed: bool
) -> None:
    drafters = [Attribution(actor="us", role="drafter")]
    if disputed:
        drafters.append(Attribution(actor="witkoff", role="drafter", confidence="contested"))
    first = attrs.evolve(make_document(size, seed, version_id="v0"), document="doc", attributions=drafters)
    versions: list[Version] = [first]
    for k in (1, 2, 3):
        nxt, _ = revise(versions[-1], rate, seed + k, version_id=f"v{k}")
        credit = [Attribution(actor="us"), Attribution(actor="e3"), Attribution(actor="witkoff")][: (k + credited) % 4]
        versions.append(attrs.evolve(nxt, document="doc", parents=(versions[-1].id,), attributions=credit))
    corpus = Corpus(
        name="generated",
        title="Generated lineage",
        actors=[
            Actor(id="us", name="United States", kind="state"),
            Actor(id="e3", name="E3", kind="coalition"),
            Actor(id="witkoff", name="Steve Witkoff", kind="person", affiliation="us"),
        ],
        documents=[Document(id="doc", title="Doc", kind="peace-plan")],
        versions=versions,
    )
    table = influence(corpus)
    assert table.heads == ("v3",)
    roots = sum(1 for _ in first.walk())
    assert len(table.changes) == _edges(corpus) + roots
    assert sum(1 for c in table.changes if c.root) == roots
    _adds_up(table)
    assert len(influence(corpus, roots=False).changes) == _edges(corpus)
    assert table.actor("us").roots == roots
    assert table.actor("us").contested == 0
    if disputed:
        assert table.actor("witkoff").contested == table.actor("witkoff").roots == roots
    uncredited = [c for c in table.changes if not c.proposers]
    if uncredited:
        assert table.actor(UNATTRIBUTED).proposed == len(uncredited)
    parties = influence(corpus, by="affiliation")
    assert parties.changes == table.changes
    _adds_up_by_party(parties)
    # witkoff speaks for the US, whose own credit is not contested: the party's credit is not disputed
    assert not any(c.root for c in parties.actor("us").contested_changes)
