"""The version graph (log, ancestors, heads, paths) and threads, on the built-in corpus.

Expected answers come from the research notes the corpus was built from: the E3
counter-proposal and the Geneva revision both answer the 28-point plan, the
20-point plan revises the Geneva text, and the prosperity plan took over the
20-point plan's reconstruction points.
"""

from __future__ import annotations

import pytest

from peaceplan import Corpus, UnknownDocumentError, UnknownProvisionError
from peaceplan.compare.align import MatchKind
from peaceplan.corpus import load_corpus
from peaceplan.history.log import ancestors, branch_points, common_ancestor, descendants, heads, log, path
from peaceplan.history.thread import thread
from peaceplan.model.topics import UnknownTopicError


@pytest.fixture(scope="module")
def corpus() -> Corpus:
    return load_corpus()


# --- lineage ---------------------------------------------------------------------------


def test_log_of_the_peace_plan_lists_parents_before_children_then_by_date(corpus: Corpus) -> None:
    assert log(corpus, "peace-plan").versions == ("28-point", "e3-counter", "geneva-19", "20-point", "20-point-2026-01")


def test_log_entries_name_parents_children_and_branch_points(corpus: Corpus) -> None:
    entries = {e.version: e for e in log(corpus, "peace-plan")}
    assert entries["28-point"].children == ("e3-counter", "geneva-19")
    assert entries["28-point"].is_branch_point
    assert entries["28-point"].is_root
    assert entries["20-point"].parents == ("geneva-19",)
    assert not entries["20-point"].is_branch_point


def test_log_shows_derivation_from_other_documents(corpus: Corpus) -> None:
    entry, revision = log(corpus, "prosperity-plan")
    assert entry.derived_from == ("20-point",)
    assert revision.parents == ("prosperity-plan",)
    assert entry.to_record()["derived_from"] == ["20-point"]


def test_log_of_the_whole_corpus_holds_every_version(corpus: Corpus) -> None:
    whole = log(corpus)
    assert sorted(whole.versions) == sorted(v.id for v in corpus.versions)
    assert len(whole.to_records()) == len(corpus)
    assert "20-point" in str(whole)


def test_log_of_an_unknown_document_names_the_known_ones(corpus: Corpus) -> None:
    with pytest.raises(UnknownDocumentError, match="peace-plan"):
        log(corpus, "no-such-plan")


def test_branch_point_of_the_peace_plan_is_the_28_point_plan(corpus: Corpus) -> None:
    assert branch_points(corpus, "peace-plan") == ("28-point",)


def test_heads_are_the_latest_draft_of_each_branch(corpus: Corpus) -> None:
    assert heads(corpus, "peace-plan") == ("e3-counter", "20-point-2026-01")
    everywhere = heads(corpus)
    assert {"e3-counter", "20-point-2026-01", "prosperity-plan-2026-02"} <= set(everywhere)
    assert "28-point" not in everywhere
    assert "geneva-19" not in everywhere
    assert "20-point" not in everywhere


def test_ancestors_follow_parents_and_optionally_derivations(corpus: Corpus) -> None:
    assert ancestors(corpus, "20-point") == ("28-point", "geneva-19")
    assert ancestors(corpus, "prosperity-plan") == ()
    assert "20-point" in ancestors(corpus, "prosperity-plan", derivations=True)


def test_descendants_follow_children_and_optionally_derivations(corpus: Corpus) -> None:
    assert descendants(corpus, "geneva-19") == ("20-point", "20-point-2026-01")
    assert "prosperity-plan" in descendants(corpus, "geneva-19", derivations=True)


def test_path_goes_through_the_common_ancestor_of_competing_branches(corpus: Corpus) -> None:
    assert path(corpus, "28-point", "20-point") == ("28-point", "geneva-19", "20-point")
    assert path(corpus, "20-point", "28-point") == ("20-point", "geneva-19", "28-point")
    assert path(corpus, "e3-counter", "20-point") == ("e3-counter", "28-point", "geneva-19", "20-point")
    assert common_ancestor(corpus, "e3-counter", "geneva-19") == "28-point"


def test_path_between_unrelated_versions_is_none(corpus: Corpus) -> None:
    assert common_ancestor(corpus, "28-point", "berlin-statement") is None
    assert path(corpus, "28-point", "berlin-statement") is None


# --- threads ---------------------------------------------------------------------------


def test_territory_thread_visits_each_draft_of_the_territory_point_in_order(corpus: Corpus) -> None:
    refs = [str(r) for r in thread(corpus, "territory").refs]
    visited = ["28-point#21", "e3-counter#21", "geneva-19#13", "20-point#14"]
    assert all(r in refs for r in visited)
    assert [refs.index(r) for r in visited] == sorted(refs.index(r) for r in visited)


def test_topic_names_and_slugs_give_the_same_thread(corpus: Corpus) -> None:
    assert thread(corpus, "army size").refs == thread(corpus, "army-size").refs
    assert thread(corpus, "Army size").subject == "army-size"


def test_army_size_thread_credits_each_change_of_the_figure(corpus: Corpus) -> None:
    t = thread(corpus, "army-size")
    (e3_change,) = t["e3-counter"].changes
    assert e3_change.kind is MatchKind.MODIFIED
    assert e3_change.proposers == ("e3",)
    assert "800,000" in t["e3-counter"].texts[0]
    (final,) = t["20-point"].changes
    assert (final.parent, final.change.old_labels, final.change.new_labels) == ("geneva-19", ("4",), ("4",))


def test_a_dropped_point_shows_where_it_was_dropped(corpus: Corpus) -> None:
    t = thread(corpus, "amnesty")
    assert t.versions[0] == "28-point"
    removal = t["e3-counter"].changes[0]
    assert removal.kind is MatchKind.REMOVED
    assert removal.change.old_labels == ("26",)
    assert t["e3-counter"].labels == ()
    assert removal.proposers == ("e3",)


def test_unknown_topic_is_refused_with_the_known_topics(corpus: Corpus) -> None:
    with pytest.raises(UnknownTopicError, match="territory"):
        thread(corpus, "weather")


def test_provision_thread_follows_the_point_back_and_across_branches(corpus: Corpus) -> None:
    t = thread(corpus, "20-point", "4")
    assert [str(r) for r in t.refs][:4] == ["28-point#6", "e3-counter#6", "geneva-19#4", "20-point#4"]
    assert [str(r) for r in t.refs][4:] == ["20-point-2026-01#4"]  # carried into the January 2026 framework
    assert t.subject == "20-point#4"
    assert not t.by_topic


def test_provision_thread_crosses_into_the_document_a_point_migrated_to(corpus: Corpus) -> None:
    t = thread(corpus, "28-point", "12")
    assert "prosperity-plan" in t.versions
    migrations = [c for c in t["prosperity-plan"].changes if c.curated]
    assert migrations
    assert all(c.parent == "20-point" for c in migrations)


def test_provision_thread_of_an_unknown_label_names_the_known_ones(corpus: Corpus) -> None:
    with pytest.raises(UnknownProvisionError, match="has no provision '99'"):
        thread(corpus, "20-point", "99")


def test_thread_records_are_plain_rows_one_per_change(corpus: Corpus) -> None:
    t = thread(corpus, "20-point", "14")
    records = t.to_records()
    assert len(records) == sum(max(1, len(e.changes)) for e in t)
    last = next(r for r in reversed(records) if r["version"] == "20-point")
    assert (last["version"], last["old"], last["new"]) == ("20-point", ["geneva-19#13"], ["20-point#14"])
    assert isinstance(last["redline"], str)
    assert last["kind"] == "modified"
