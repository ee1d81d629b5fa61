"""The built-in corpus ``ukraine-2025`` loads, passes every check, and says what the sources say.

The pinned facts (counts, figures, lineage) are taken from the research notes the
corpus was built from; the gold table of 28-point → 20-point lineage is copied here
as data so that a change to the corpus that breaks it fails loudly.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from importlib import resources
from typing import Any

import attrs
import hypothesis.strategies as st
import pytest
import yaml
from hypothesis import given

from peaceplan import Corpus, PeaceplanError
from peaceplan.corpus import load_corpus
from peaceplan.model.collection import corpus_problems
from peaceplan.model.records import Confidence, Fidelity, Role, normalise_topic
from peaceplan.model.topics import TOPICS, Topic, UnknownTopicError, topic

CORPUS_DIR = resources.files("peaceplan") / "data" / "ukraine-2025"

# corpus-facts §9.1: for each point of the 20-point plan, the 28-point labels it derives from.
GOLD_20_FROM_28: dict[str, set[str]] = {
    "1": {"1"},
    "2": {"2"},
    "3": {"5"},
    "4": {"6"},
    "5": {"10", "5"},
    "6": {"16"},
    "7": {"11"},
    "8": {"12"},
    "9": {"14", "12"},
    "10": set(),
    "11": {"18"},
    "12": {"19"},
    "13": {"20"},
    "14": {"21"},
    "15": {"22"},
    "16": {"23"},
    "17": {"24"},
    "18": {"25"},
    "19": {"27"},
    "20": {"28"},
}
# corpus-facts §5.2 and §9.2: 28-point items missing from the 20-point plan (and, inferred, from Geneva).
DROPPED_AFTER_28 = {"3", "4", "7", "8", "9", "13", "15", "17", "26"}
# corpus-facts §2.1: the E3 deleted these two points and kept the US numbering for the rest.
E3_DELETED = {"3", "26"}
E3_UNKNOWN = {"15"}  # no copy reports the E3 wording of point 15, so it is left out (docs/corpus.md)

REQUIRED_VERSIONS = {
    "28-point",
    "us-guarantee-2025-11",
    "e3-counter",
    "european-24-point",
    "geneva-19",
    "berlin-statement",
    "20-point",
    "us-guarantee-2025-12",
    "paris-declaration",
    "uk-france-declaration",
    "prosperity-plan",
    # 2026 (issue 17): the agreed guarantee text, the framework passed to Moscow, the military track,
    # the prosperity document
    "us-guarantee-2026-01",
    "20-point-2026-01",
    "ceasefire-monitoring-2026-02",
    "prosperity-plan-2026-02",
}
REQUIRED_TOPICS = {
    "territory",
    "army-size",
    "nato",
    "security-guarantees",
    "ceasefire",
    "ceasefire-monitoring",
    "sanctions",
    "frozen-assets",
    "reconstruction",
    "elections",
    "amnesty",
    "humanitarian",
    "nuclear-plant",
    "language-religion",
    "foreign-troops",
    "sovereignty",
    "non-aggression",
    "eu-membership",
    "arms-control",
    "nuclear-status",
    "navigation",
    "trade",
    "implementation",
    "economy",
}


# --- loading --------------------------------------------------------------------


def _read(name: str) -> Any:
    return yaml.safe_load(CORPUS_DIR.joinpath(name).read_text(encoding="utf-8"))


def _version_files() -> list[str]:
    folder = CORPUS_DIR.joinpath("versions")
    return sorted(f"versions/{f.name}" for f in folder.iterdir() if f.name.endswith(".yaml"))


@pytest.fixture(scope="module")
def corpus() -> Corpus:
    return load_corpus()


def _scalars(data: Any) -> Iterator[Any]:
    if isinstance(data, dict):
        for value in data.values():
            yield from _scalars(value)
    elif isinstance(data, list):
        for value in data:
            yield from _scalars(value)
    else:
        yield data


# --- the corpus as a whole ----------------------------------------------------------


def test_the_corpus_loads_and_has_no_cross_reference_problems(corpus: Corpus) -> None:
    assert corpus.name == "ukraine-2025"
    assert corpus_problems(corpus.actors, corpus.documents, corpus.versions, corpus.events) == []


@pytest.mark.parametrize("name", ["corpus.yaml", "actors.yaml", "events.yaml", *_version_files()])
def test_dates_are_quoted_so_every_yaml_loader_keeps_them_text(name: str) -> None:
    assert not [v for v in _scalars(_read(name)) if isinstance(v, (dt.date, dt.datetime))]


def test_every_version_the_project_names_is_in_the_corpus(corpus: Corpus) -> None:
    assert REQUIRED_VERSIONS.issubset(v.id for v in corpus.versions)


def test_every_version_cites_at_least_one_source(corpus: Corpus) -> None:
    assert [v.id for v in corpus.versions if not v.sources] == []


def test_every_attribution_cites_at_least_one_source(corpus: Corpus) -> None:
    missing = []
    for v in corpus.versions:
        missing += [(v.id, "", a.actor) for a in v.attributions if not a.sources]
        for path, p in v.walk():
            credits = [*p.attributions, *(a for alt in p.alternatives for a in alt.attributions)]
            missing += [(v.id, path, a.actor) for a in credits if not a.sources]
    assert missing == []


def test_every_topic_used_is_in_the_vocabulary(corpus: Corpus) -> None:
    assert [t for t in corpus.topics() if t not in TOPICS] == []


def test_the_vocabulary_has_every_topic_the_project_requires() -> None:
    assert REQUIRED_TOPICS.issubset(TOPICS)


def test_fidelity_says_how_close_each_text_is(corpus: Corpus) -> None:
    assert corpus.version("28-point").fidelity is Fidelity.SUMMARISED
    assert corpus.version("20-point").fidelity is Fidelity.SUMMARISED
    assert corpus.version("e3-counter").fidelity is Fidelity.PARTIAL
    assert corpus.version("geneva-19").fidelity is Fidelity.RECONSTRUCTED
    # none of these texts is verbatim: they are written in our own words
    assert [v.id for v in corpus.versions if v.fidelity is Fidelity.VERBATIM] == []


# --- the 28-point plan ----------------------------------------------------------------


def test_the_28_point_plan_has_28_points_labelled_in_order(corpus: Corpus) -> None:
    assert corpus.version("28-point").labels == tuple(str(n) for n in range(1, 29))


@pytest.mark.parametrize(("point", "letters"), [("10", "abcd"), ("20", "abc"), ("21", "abcd"), ("24", "abcd")])
def test_the_28_point_sub_points_are_children(corpus: Corpus, point: str, letters: str) -> None:
    children = corpus.version("28-point").provision(point).children
    assert tuple(c.label for c in children) == tuple(letters)


def test_28_point_6_caps_the_army_at_600000(corpus: Corpus) -> None:
    assert "600,000" in corpus.version("28-point").provision("6").text


def test_28_point_authorship_is_credited_to_both_sides(corpus: Corpus) -> None:
    v = corpus.version("28-point")
    drafters = [a for a in v.attributions if a.role in (Role.DRAFTER, Role.PROPOSER)]
    assert len({a.actor for a in drafters}) >= 2
    sides = {corpus.actor(a.actor).affiliation or a.actor for a in drafters}
    assert {"us", "russia"} <= sides
    dmitriev = next(a for a in v.attributions if a.actor == "dmitriev")
    assert dmitriev.confidence is Confidence.CONTESTED
    assert dmitriev.sources


@pytest.mark.parametrize("point", ["6", "7", "13", "21"])
def test_28_point_credits_dmitriev_with_the_points_wsj_names(corpus: Corpus, point: str) -> None:
    credits = corpus.version("28-point").provision(point).attributions
    dmitriev = [a for a in credits if a.actor == "dmitriev"]
    assert len(dmitriev) == 1
    assert dmitriev[0].confidence is Confidence.REPORTED
    assert dmitriev[0].sources


def test_28_point_amnesty_credit_is_contested_with_claim_and_denial(corpus: Corpus) -> None:
    v = corpus.version("28-point")
    point = v.provision("26")
    assert "amnesty" in point.topics
    (credit,) = point.attributions
    assert credit.actor == "umerov"
    assert credit.confidence is Confidence.CONTESTED
    publishers = {v.source(s).publisher for s in credit.sources}
    assert {"New York Post", "Razom"} <= publishers
    assert "denied" in (credit.note or "")


# --- the E3 counter-proposal and the Geneva reconstruction ------------------------------


@pytest.mark.parametrize("version_id", ["e3-counter", "geneva-19"])
def test_e3_and_geneva_both_revise_the_28_point_plan(corpus: Corpus, version_id: str) -> None:
    assert corpus.version(version_id).parents == ("28-point",)


def test_e3_deletes_points_3_and_26_and_keeps_the_us_numbering(corpus: Corpus) -> None:
    e3 = corpus.version("e3-counter")
    expected = tuple(str(n) for n in range(1, 29) if str(n) not in E3_DELETED | E3_UNKNOWN)
    assert e3.labels == expected
    for p in e3.provisions:
        assert [str(r) for r in p.derived_from] == [f"28-point#{p.label}"]


def test_e3_raises_the_army_to_800000_in_peacetime(corpus: Corpus) -> None:
    text = corpus.version("e3-counter").provision("6").text
    assert "800,000" in text
    assert "peacetime" in text


def test_geneva_keeps_the_19_points_not_dropped_later_relabelled_in_order(corpus: Corpus) -> None:
    geneva = corpus.version("geneva-19")
    kept = [str(n) for n in range(1, 29) if str(n) not in DROPPED_AFTER_28]
    assert geneva.labels == tuple(str(n) for n in range(1, 20))
    assert [[str(r) for r in p.derived_from] for p in geneva.provisions] == [[f"28-point#{n}"] for n in kept]
    assert all(p.notes for p in geneva.provisions)


# --- the 20-point plan -----------------------------------------------------------------


def test_the_20_point_plan_has_20_points_labelled_in_order(corpus: Corpus) -> None:
    assert corpus.version("20-point").labels == tuple(str(n) for n in range(1, 21))


def test_the_20_point_plan_revises_the_geneva_text_and_says_the_path_is_inferred(corpus: Corpus) -> None:
    v = corpus.version("20-point")
    assert v.parents == ("geneva-19",)
    assert "inferred" in (v.notes or "")


def test_20_point_4_sets_the_army_at_800000_and_derives_from_28_point_6(corpus: Corpus) -> None:
    p = corpus.version("20-point").provision("4")
    assert "800,000" in p.text
    assert [str(r) for r in p.derived_from] == ["28-point#6"]
    assert {"e3", "ukraine"} <= {a.actor for a in p.attributions}


@pytest.mark.parametrize("label", list(GOLD_20_FROM_28))
def test_20_point_lineage_matches_the_gold_table(corpus: Corpus, label: str) -> None:
    p = corpus.version("20-point").provision(label)
    assert {r.label for r in p.derived_from if r.version == "28-point"} == GOLD_20_FROM_28[label]
    assert all(r.version == "28-point" for r in p.derived_from)
    for _, child in p.walk():
        assert {r.label.split(".")[0] for r in child.derived_from} <= GOLD_20_FROM_28[label]


def test_20_point_drops_exactly_the_nine_points_of_the_gold_table(corpus: Corpus) -> None:
    used = {r.label for _, p in corpus.version("20-point").walk() for r in p.derived_from}
    top = {label.split(".")[0] for label in used}
    assert set(corpus.version("28-point").labels) - top == DROPPED_AFTER_28


@pytest.mark.parametrize("label", ["12", "14"])
def test_20_point_open_points_hold_two_options_from_different_proposers(corpus: Corpus, label: str) -> None:
    alternatives = corpus.version("20-point").provision(label).alternatives
    assert len(alternatives) == 2
    proposers = [{a.actor for a in alt.attributions if a.role is Role.PROPOSER} for alt in alternatives]
    assert all(proposers)
    assert proposers[0].isdisjoint(proposers[1])


def test_20_point_records_russia_treating_the_plan_as_a_starting_point(corpus: Corpus) -> None:
    stances = [pos for _, p in corpus.version("20-point").walk() for pos in p.positions if pos.actor == "russia"]
    assert len(stances) >= 3
    assert all(pos.sources for pos in stances)


# --- the other documents ----------------------------------------------------------------


def test_each_document_holds_its_lineage(corpus: Corpus) -> None:
    assert [v.id for v in corpus.versions_of("peace-plan")] == [
        "28-point",
        "e3-counter",
        "geneva-19",
        "20-point",
        "20-point-2026-01",
    ]
    assert corpus.version("us-guarantee-2025-12").parents == ("us-guarantee-2025-11",)
    assert corpus.version("us-guarantee-2026-01").parents == ("us-guarantee-2025-12",)
    assert corpus.version("prosperity-plan-2026-02").parents == ("prosperity-plan",)
    assert corpus.version("paris-declaration").parents == ("berlin-statement",)


def test_the_us_guarantee_grows_from_10_to_15_years_and_ukraine_asks_for_more(corpus: Corpus) -> None:
    november = corpus.version("us-guarantee-2025-11").provision("duration")
    december = corpus.version("us-guarantee-2025-12").provision("duration")
    assert "ten years" in november.text
    assert "fifteen years" in december.text
    assert [str(r) for r in december.derived_from] == ["us-guarantee-2025-11#duration"]
    (ask,) = december.positions
    assert ask.actor == "ukraine"
    assert "30, 40 or 50" in (ask.note or "")


def test_the_prosperity_plan_derives_from_20_point_8_and_9(corpus: Corpus) -> None:
    refs = {str(r) for _, p in corpus.version("prosperity-plan").walk() for r in p.derived_from}
    assert refs == {"20-point#8", "20-point#9"}


def test_the_paris_declaration_has_five_components_and_only_it_is_published_officially(corpus: Corpus) -> None:
    paris = corpus.version("paris-declaration")
    assert paris.labels == ("1", "2", "3", "4", "5")
    assert any(s.reliability.value == "official" and s.url for s in paris.sources)


# --- the topic vocabulary -----------------------------------------------------------------


def test_topics_are_keyed_by_their_slug_with_lower_case_keywords() -> None:
    for slug, t in TOPICS.items():
        assert t.slug == slug
        assert t.keywords
        assert all(k == k.lower() for k in t.keywords)


@given(
    slug=st.sampled_from(sorted(TOPICS)),
    separator=st.sampled_from([" ", "-", "_", "  ", " - "]),
    case=st.sampled_from([str.lower, str.upper, str.title, str.capitalize]),
)
def test_topic_lookup_ignores_case_and_separators(slug: str, separator: str, case: Any) -> None:
    assert topic(case(slug.replace("-", separator))) is TOPICS[slug]


@pytest.mark.parametrize("slug", sorted(TOPICS))
def test_topic_lookup_accepts_the_readable_name(slug: str) -> None:
    assert topic(TOPICS[slug].name) is TOPICS[slug]


# The topic names of the history issue, as an analyst types them, and the slug each means.
ISSUE_TOPICS = {
    "territory": "territory",
    "army size": "army-size",
    "NATO and alliances": "nato",
    "security guarantees": "security-guarantees",
    "ceasefire monitoring": "ceasefire-monitoring",
    "sanctions": "sanctions",
    "frozen assets": "frozen-assets",
    "reconstruction": "reconstruction",
    "elections": "elections",
    "amnesty": "amnesty",
    "humanitarian (prisoners, children)": "humanitarian",
    "nuclear plant": "nuclear-plant",
    "language and religion": "language-religion",
    "foreign troops": "foreign-troops",
}


@pytest.mark.parametrize(("name", "slug"), sorted(ISSUE_TOPICS.items()))
def test_topic_lookup_accepts_the_issue_wording_of_every_listed_topic(name: str, slug: str) -> None:
    assert topic(name) is TOPICS[slug]


@pytest.mark.parametrize(("slug", "alias"), [(s, a) for s, t in TOPICS.items() for a in t.aliases])
def test_topic_lookup_accepts_every_alias_in_any_case(slug: str, alias: str) -> None:
    assert topic(alias) is TOPICS[slug]
    assert topic(alias.upper()) is TOPICS[slug]


def test_no_alias_or_name_is_claimed_by_two_topics() -> None:
    claimed: dict[str, str] = {}
    for slug, t in TOPICS.items():
        for name in (t.name, *t.aliases):
            key = normalise_topic(name)
            assert claimed.setdefault(key, slug) == slug, f"{name!r} of {slug!r} also names {claimed[key]!r}"
            assert key not in TOPICS or key == slug


def test_a_vocabulary_where_two_topics_share_an_alias_is_refused() -> None:
    from peaceplan.model.topics import _index

    a = Topic(slug="alpha", name="Alpha", description="A.", aliases=["shared"])
    b = Topic(slug="beta", name="Beta", description="B.", aliases=["Shared"])
    with pytest.raises(ValueError, match="topic name 'Shared' of 'beta' is already taken by 'alpha'; rename one"):
        _index([a, b])


def test_a_topic_alias_must_not_be_a_bare_string_or_blank() -> None:
    with pytest.raises(ValueError, match=r"Topic\.aliases: expected a list of names, got the string 'x'"):
        Topic(slug="alpha", name="Alpha", description="A.", aliases="x")  # type: ignore[arg-type]
    with pytest.raises(ValueError, match=r"Topic.aliases\[0\] of 'alpha': expected a name with at least one letter"):
        Topic(slug="alpha", name="Alpha", description="A.", aliases=[" - "])


@pytest.mark.parametrize("name", sorted(set(ISSUE_TOPICS) - {"amnesty"}))
def test_every_issue_topic_threads_through_at_least_two_versions_of_the_corpus(name: str, corpus: Corpus) -> None:
    th = corpus.thread(name)
    assert th.subject == ISSUE_TOPICS[name]
    assert len({e.version for e in th.entries if e.labels}) >= 2


def test_the_amnesty_thread_shows_the_point_dropped_by_both_branches(corpus: Corpus) -> None:
    th = corpus.thread("amnesty")
    assert [e.version for e in th.entries if e.labels] == ["28-point"]
    removed = {c.version for e in th.entries for c in e.changes if c.change.kind.value == "removed"}
    assert removed == {"e3-counter", "geneva-19"}


def test_an_unknown_topic_is_a_peaceplan_key_error_that_lists_the_known_ones() -> None:
    with pytest.raises(UnknownTopicError) as info:
        topic("Weather")
    assert isinstance(info.value, PeaceplanError)
    assert isinstance(info.value, KeyError)
    message = str(info.value)
    assert message.startswith("unknown topic 'Weather' (as slug 'weather'); expected one of: sovereignty, ")
    assert "army-size" in message


# --- version order at scale ---------------------------------------------------------------


@st.composite
def version_dags(draw: st.DrawFn) -> Corpus:
    """Versions with random parents among the earlier ones (a DAG), some dated, some not."""
    from peaceplan import Document, Provision, Version

    size = draw(st.integers(1, 25))
    versions = []
    for k in range(size):
        parents = draw(st.lists(st.integers(0, k - 1), max_size=3, unique=True)) if k else []
        date = draw(st.one_of(st.none(), st.sampled_from(["2025-11", "2025-11-20", "2025-12-01", "2026"])))
        versions.append(
            Version(
                id=f"v{draw(st.integers(0, 99)):02d}-{k}",
                document="d",
                title=f"V{k}",
                status="draft",
                date=date,
                parents=[versions[p].id for p in parents],
                provisions=[Provision(label="1", text="A clause.")],
            )
        )
    shuffled = draw(st.permutations(versions))
    document = Document(id="d", title="D", kind="peace-plan")
    return Corpus(name="dag", title="DAG", documents=[document], versions=shuffled)


def _ordered_by_scanning(corpus: Corpus) -> list[str]:
    """The specification: repeatedly take the earliest version (date, then id) whose parents are placed."""
    remaining = {v.id: v for v in corpus.versions}
    done: list[str] = []

    def key(v: Any) -> tuple[Any, str]:
        when = v.date or v.reported
        return (when.sort_key() if when else (9999, 0, 0, 0), v.id)

    while remaining:
        nxt = min((v for v in remaining.values() if all(p in done for p in v.parents)), key=key)
        done.append(nxt.id)
        del remaining[nxt.id]
    return done


@given(version_dags())
def test_versions_are_ordered_parents_first_then_by_date_and_id(corpus: Corpus) -> None:
    assert [v.id for v in corpus.ordered()] == _ordered_by_scanning(corpus)
    for v in corpus.versions:
        assert [c.id for c in corpus.children(v.id)] == [c.id for c in corpus.ordered() if v.id in c.parents]


# --- what the lookups accept ------------------------------------------------------------


def test_an_unknown_version_id_suggests_the_closest_one(corpus: Corpus) -> None:
    with pytest.raises(PeaceplanError, match="no version '20-piont' in corpus 'ukraine-2025'; did you mean '20-point'"):
        corpus.version("20-piont")


def test_a_version_of_the_corpus_stands_for_its_id(corpus: Corpus) -> None:
    v20 = corpus.version("20-point")
    assert corpus.version(v20) is v20
    assert corpus.version_ids([corpus.version("28-point"), "20-point"]) == ("28-point", "20-point")


def test_one_id_where_the_history_verbs_take_several_means_that_one(corpus: Corpus) -> None:
    # A lone string used to be read letter by letter ("no version '2'").
    assert corpus.synopsis("20-point").columns == ("20-point",)
    assert corpus.influence(heads="20-point").heads == ("20-point",)


def test_the_history_verbs_take_a_version_where_they_take_an_id(corpus: Corpus) -> None:
    v20 = corpus.version("20-point")
    assert corpus.blame(v20) == corpus.blame("20-point")
    assert corpus.thread(v20, "4") == corpus.thread("20-point", "4")
    assert corpus.diff(corpus.version("28-point"), v20) == corpus.diff("28-point", "20-point")


def test_an_edited_copy_sharing_a_corpus_id_is_refused_not_swapped(corpus: Corpus) -> None:
    v20 = corpus.version("20-point-2026-01")  # a head: no later text derives from its last point
    edited = attrs.evolve(v20, provisions=v20.provisions[:-1])
    with pytest.raises(PeaceplanError, match="differs from the version of that id in corpus 'ukraine-2025'"):
        corpus.version(edited)
    with pytest.raises(PeaceplanError, match="with_version"):
        corpus.blame(edited)
    assert corpus.with_version(edited).version(edited) is edited


def test_a_point_number_stands_for_its_label_in_blame_and_thread(corpus: Corpus) -> None:
    assert corpus.blame("20-point")[4] == corpus.blame("20-point")["4"]
    assert corpus.thread("20-point", 4) == corpus.thread("20-point", "4")
