"""Evolution: what became of each point along a chain, topics across versions, and a document's main line."""

from __future__ import annotations

import itertools

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from strategies import corpora, versions

import peaceplan
from peaceplan.compare.diff import diff
from peaceplan.corpus import Corpus
from peaceplan.errors import UnknownDocumentError, UnknownVersionError, ValidationError
from peaceplan.history.evolution import Band, Evolution, PointFate, TopicCounts, evolution_of, main_line, topic_counts
from peaceplan.history.log import heads
from peaceplan.model.records import Version
from peaceplan.model.topics import UnknownTopicError

CHAIN = ("28-point", "geneva-19", "20-point")


@pytest.fixture(scope="module")
def corpus() -> Corpus:
    return peaceplan.load_corpus()


@pytest.fixture(scope="module")
def flow(corpus: Corpus) -> Evolution:
    return corpus.evolution(CHAIN)


def _assert_every_point_is_at_one_end(flow: Evolution) -> None:
    assert len(flow.steps) == len(flow.versions) - 1
    for step, (old, new) in enumerate(itertools.pairwise(flow.versions)):
        here = flow.steps[step]
        assert all(b.step == step for b in here)
        assert {b.old for b in here if b.old is not None} == set(old.labels)
        assert {b.new for b in here if b.new is not None} == set(new.labels)


# --- the bands --------------------------------------------------------------------------------


def test_bands_cover_every_point_of_every_version_of_the_chain(flow: Evolution) -> None:
    _assert_every_point_is_at_one_end(flow)
    assert sum(len(s) for s in flow.steps) == len(flow.bands)


def test_bands_follow_the_diff_of_each_pair(corpus: Corpus, flow: Evolution) -> None:
    d = diff(corpus.version("28-point"), corpus.version("geneva-19"))
    dropped = {b.old for b in flow.steps[0] if b.fate is PointFate.DROPPED}
    assert dropped == {c.old_labels[0] for c in d.filter(kind="removed") if "." not in c.old_labels[0]}
    army = next(b for b in flow.steps[0] if b.old == "6")
    change = next(c for c in d.entries if c.old_labels == ("6",))
    assert army.new == change.new_labels[0]
    assert army.proposer == change.proposers[0]


def test_the_28_point_plans_army_cap_is_modified_into_point_4_by_the_e3(corpus: Corpus) -> None:
    flow = evolution_of([corpus.version("28-point"), corpus.version("20-point")])
    assert [(b.old, b.new, b.fate, b.proposer) for b in flow.bands if b.old == "6"] == [
        ("6", "4", PointFate.MODIFIED, "e3")
    ]


def test_kept_points_carry_no_proposer_dropped_ones_no_target_new_ones_no_origin(flow: Evolution) -> None:
    for band in flow.bands:
        if band.fate is PointFate.KEPT:
            assert band.proposer is None
        assert (band.new is None) == (band.fate is PointFate.DROPPED)
        assert (band.old is None) == (band.fate is PointFate.NEW)


def test_proposers_count_the_bands_each_actor_is_credited_with(flow: Evolution) -> None:
    counted = dict(flow.proposers())
    for actor, n in counted.items():
        assert n == sum(1 for b in flow.bands if b.proposer == actor)
    assert [n for _, n in flow.proposers()] == sorted(counted.values(), reverse=True)
    assert sum(counted.values()) == sum(1 for b in flow.bands if b.proposer is not None)


def test_records_name_both_versions_of_each_band(flow: Evolution) -> None:
    records = flow.to_records()
    assert len(records) == len(flow.bands)
    army = next(r for r in records if r["step"] == 0 and r["old"] == "6")
    assert army["old_version"] == "28-point"
    assert army["new_version"] == "geneva-19"
    assert army["fate"] == "modified"


def test_an_evolution_repr_names_its_chain(flow: Evolution) -> None:
    assert repr(flow).startswith("<Evolution 28-point → geneva-19 → 20-point: ")


def test_a_band_takes_its_fate_as_text_too() -> None:
    band = Band(step=0, old="1", new=None, fate="dropped", proposer=None)  # type: ignore[arg-type]
    assert band.fate is PointFate.DROPPED
    with pytest.raises(ValueError, match="'vanished' is not a valid PointFate"):
        Band(step=0, old="1", new=None, fate="vanished", proposer=None)  # type: ignore[arg-type]


def test_an_evolution_needs_at_least_two_versions(corpus: Corpus) -> None:
    with pytest.raises(ValidationError, match=r"an evolution needs at least two versions, got \['28-point'\]"):
        evolution_of([corpus.version("28-point")])


def test_an_evolution_refuses_a_band_outside_its_chain(flow: Evolution) -> None:
    stray = Band(step=2, old="1", new="1", fate=PointFate.KEPT, proposer=None)
    with pytest.raises(ValidationError, match=r"Evolution.bands: expected steps 0 to 1 .* got a band of step 2"):
        Evolution(versions=flow.versions, bands=(*flow.bands, stray))


@settings(max_examples=40, deadline=None)
@given(st.data())
def test_every_top_level_point_of_a_generated_chain_is_at_one_end_of_a_band(data: st.DataObject) -> None:
    length = data.draw(st.integers(min_value=2, max_value=3))
    chain = [data.draw(versions(version_id=f"v{i}", document="d", depth=1, max_provisions=5)) for i in range(length)]
    flow = evolution_of(chain)
    _assert_every_point_is_at_one_end(flow)
    for band in flow.bands:
        assert (band.new is None) == (band.fate is PointFate.DROPPED)
        assert (band.old is None) == (band.fate is PointFate.NEW)


@settings(max_examples=30, deadline=None)
@given(versions(version_id="v", document="d", depth=1, max_provisions=5))
def test_a_version_followed_by_itself_keeps_every_point_as_itself(version: Version) -> None:
    flow = evolution_of([version, version])
    assert [(b.old, b.new, b.fate, b.proposer) for b in flow.bands] == [
        (label, label, PointFate.KEPT, None) for label in version.labels
    ]


# --- the corpus's chains ------------------------------------------------------------------------


def test_the_main_line_of_the_peace_plan_runs_from_the_28_point_plan_to_its_latest_draft(corpus: Corpus) -> None:
    assert main_line(corpus) == ("28-point", "geneva-19", "20-point", "20-point-2026-01")
    assert corpus.main_line("peace-plan") == main_line(corpus)
    assert "e3-counter" in heads(corpus, "peace-plan")  # a head, but an earlier one: not on the main line


def test_the_main_line_of_a_single_version_document_is_that_version(corpus: Corpus) -> None:
    assert corpus.main_line("uk-france-declaration") == ("uk-france-declaration",)


def test_the_main_line_of_an_unknown_document_names_the_known_ones(corpus: Corpus) -> None:
    with pytest.raises(UnknownDocumentError, match="no document 'nope' in corpus 'ukraine-2025'; known: peace-plan"):
        corpus.main_line("nope")


@settings(max_examples=40, deadline=None)
@given(corpora(max_versions=5))
def test_a_main_line_follows_parent_links_to_a_head_of_its_document(corpus: Corpus) -> None:
    for document in corpus.documents:
        if not corpus.versions_of(document.id):
            with pytest.raises(UnknownVersionError, match=f"document {document.id!r} .* has no version"):
                main_line(corpus, document.id)
            continue
        line = main_line(corpus, document.id)
        assert line[-1] == heads(corpus, document.id)[-1]
        assert corpus.version(line[0]).document == document.id
        for parent, child in itertools.pairwise(line):
            assert parent in corpus.version(child).parents


def test_a_corpus_evolution_follows_its_main_line_by_default(corpus: Corpus) -> None:
    flow = corpus.evolution()
    assert flow.ids == corpus.main_line()
    assert flow.actors == corpus.actors


def test_a_corpus_evolution_takes_ids_or_versions(corpus: Corpus, flow: Evolution) -> None:
    assert corpus.evolution([corpus.version("28-point"), "geneva-19", "20-point"]) == flow


def test_a_corpus_evolution_refuses_an_unknown_version(corpus: Corpus) -> None:
    with pytest.raises(UnknownVersionError, match="no version 'nope' in corpus 'ukraine-2025'"):
        corpus.evolution(["28-point", "nope"])


# --- topics across versions --------------------------------------------------------------------


def test_topic_counts_count_every_tagged_provision(corpus: Corpus) -> None:
    counts = corpus.topic_counts()
    assert counts.versions == tuple(v.id for v in corpus.ordered())
    for j, vid in enumerate(counts.versions):
        tagged = sum(len(p.topics) for _, p in corpus.version(vid).walk())
        assert sum(row[j] or 0 for row in counts.rows) == tagged
    totals = [sum(x or 0 for x in row) for row in counts.rows]
    assert totals == sorted(totals, reverse=True)
    assert set(counts.topics) == set(corpus.topics())


def test_topic_counts_name_each_topic(corpus: Corpus) -> None:
    counts = corpus.topic_counts(["28-point"])
    assert counts.names[counts.topics.index("army-size")] == "Army size"


def test_topic_changes_count_changes_since_the_previous_version(corpus: Corpus) -> None:
    counts = corpus.topic_counts(["28-point", "20-point"], value="changes")
    assert all(row[0] is None for row in counts.rows)
    d = diff(corpus.version("28-point"), corpus.version("20-point"))
    touching = [c for c in d if any("army-size" in q.topics for p in (*c.old, *c.new) for _, q in p.walk())]
    assert counts.count("army-size", "20-point") == len(touching)
    assert counts.count("army-size", "28-point") is None


def test_topic_counts_refuse_an_unknown_measure(corpus: Corpus) -> None:
    with pytest.raises(ValidationError, match="value: expected 'provisions' or 'changes', got 'words'"):
        corpus.topic_counts(["28-point"], value="words")  # type: ignore[arg-type]


def test_a_count_of_an_unknown_topic_or_version_names_what_was_counted(corpus: Corpus) -> None:
    counts = corpus.topic_counts(["28-point", "20-point"])
    with pytest.raises(UnknownTopicError, match="no topic 'weather' among the counts; counted: "):
        counts.count("weather", "28-point")
    with pytest.raises(UnknownVersionError, match="no version 'nope' among the counts; counted: 28-point, 20-point"):
        counts.count("army-size", "nope")


def test_topic_count_records_have_a_cell_each(corpus: Corpus) -> None:
    counts = corpus.topic_counts(["28-point", "20-point"])
    records = counts.to_records()
    assert len(records) == len(counts.topics) * 2
    assert {"topic": "army-size", "name": "Army size", "version": "20-point", "provisions": 1} in records


@settings(max_examples=40, deadline=None)
@given(st.lists(versions(depth=1, max_provisions=4), min_size=1, max_size=3))
def test_each_versions_provision_counts_add_up_to_its_topic_tags(chain: list[Version]) -> None:
    counts = topic_counts(chain)
    assert isinstance(counts, TopicCounts)
    for j, version in enumerate(chain):
        assert sum(row[j] or 0 for row in counts.rows) == sum(len(set(p.topics)) for _, p in version.walk())
    assert set(counts.topics) == {t for v in chain for _, p in v.walk() for t in p.topics}
