"""The authoring API: a revision built from recorded amendments diffs back to exactly those amendments."""

from __future__ import annotations

import tempfile
from pathlib import Path

import attrs
import pytest
from generator import make_document
from hypothesis import given
from hypothesis import strategies as st
from strategies import versions

import peaceplan
from peaceplan.authoring import AmendmentConflictError, RevisionBuilder, revise
from peaceplan.compare.align import MatchKind
from peaceplan.model.records import Amendment, AmendmentStatus, Attribution, Provision, Source, Version

ACTORS = ["russia", "ukraine", "us", "e3", "eu"]
# Words no generated treaty text uses, so a new point never resembles a removed one by accident.
WORDS = [
    "quokka",
    "zebra",
    "pelican",
    "saxophone",
    "marmalade",
    "harbour",
    "lantern",
    "violet",
    "glacier",
    "cobalt",
    "meadow",
    "orchid",
]
new_texts = st.lists(st.sampled_from(WORDS), min_size=4, max_size=9).map(lambda ws: " ".join(ws).capitalize() + ".")
statuses = st.sampled_from(AmendmentStatus)
TEXT_KINDS = {MatchKind.MODIFIED, MatchKind.REWORDED}


@pytest.fixture(scope="module")
def corpus() -> peaceplan.Corpus:
    return peaceplan.load_corpus()


def start(parent: Version, new_id: str = "rev") -> RevisionBuilder:
    return revise(parent, new_id, date="2026-01-10", proposed_by="us")


def group(kind: MatchKind) -> str:
    return "text" if kind in TEXT_KINDS else kind.value


# --- the property: the diff from the parent is the record of accepted amendments ------------


@st.composite
def amended(draw: st.DrawFn) -> tuple[Version, Version]:
    """A generated treaty and a revision of it by random amendments (no moves), maybe renumbered."""
    parent = make_document(draw(st.integers(8, 40)), draw(st.integers(0, 10_000)))
    builder = start(parent)
    untouched = list(parent.labels)  # parent points no accepted amendment has acted on yet
    for _ in range(draw(st.integers(0, 6))):
        action = draw(st.sampled_from(["modify", "add", "remove", "split", "merge"]))
        status = draw(statuses)
        who = {"proposed_by": draw(st.sampled_from(ACTORS)), "status": status}
        need = {"merge": 2, "add": 0}.get(action, 1)
        if len(untouched) < need + 1:
            continue
        picked = draw(st.lists(st.sampled_from(untouched), min_size=need, max_size=need, unique=True))
        if action == "modify":
            builder.modify(picked[0], draw(new_texts), **who)
        elif action == "remove":
            builder.remove(picked[0], **who)
        elif action == "split":
            builder.split(picked[0], draw(st.lists(new_texts, min_size=2, max_size=3)), **who)
        elif action == "merge":
            builder.merge(picked, draw(new_texts), **who)
        else:
            after = draw(st.none() | st.sampled_from(builder.labels))
            builder.add(draw(new_texts), after=after, **who)
        if status is AmendmentStatus.ACCEPTED:
            untouched = [label for label in untouched if label not in picked]
    if draw(st.booleans()):
        builder.renumber(proposed_by=draw(st.sampled_from(ACTORS)), status=draw(statuses))
    return parent, builder.build()


def expected_changes(parent: Version, built: Version) -> dict[tuple[str, frozenset[str], frozenset[str]], Amendment]:
    """What the diff should report at the top level, read off the amendment record alone."""
    out: dict[tuple[str, frozenset[str], frozenset[str]], Amendment] = {}
    acted: set[str] = set()
    accepted = [a for a in built.amendments if a.status is AmendmentStatus.ACCEPTED]
    kinds = {"modify": "text", "add": "added", "remove": "removed", "split": "split", "merge": "merged"}
    for a in accepted:
        if a.action in kinds:
            out[(kinds[a.action], frozenset(a.targets), frozenset(a.results))] = a
            acted.update(a.targets)
    for a in accepted:
        if a.action == "renumber":
            for old, new in zip(a.targets, a.results, strict=True):
                if old in parent.labels and old not in acted:
                    out[("renumbered", frozenset({old}), frozenset({new}))] = a
    return out


@given(amended())
def test_the_diff_from_the_parent_reports_exactly_the_accepted_amendments(pair: tuple[Version, Version]) -> None:
    parent, built = pair
    expected = expected_changes(parent, built)
    changes = peaceplan.diff(parent, built).changes
    top = [c for c in changes if not any("." in label for label in (*c.old_labels, *c.new_labels))]
    got = {(group(c.kind), frozenset(c.old_labels), frozenset(c.new_labels)): c for c in top}
    assert set(got) == set(expected)
    assert not any(c.match.moved for c in changes)
    amended_points = {label for key in got for label in (*key[1], *key[2])}
    for c in changes:  # a sub-point changes only with (or inside) an amended or renumbered point
        if c not in top:
            assert {label.split(".")[0] for label in (*c.old_labels, *c.new_labels)} & amended_points


@given(amended())
def test_each_change_is_credited_to_the_proposers_of_its_amendment(pair: tuple[Version, Version]) -> None:
    parent, built = pair
    expected = expected_changes(parent, built)
    for c in peaceplan.diff(parent, built).changes:
        amendment = expected.get((group(c.kind), frozenset(c.old_labels), frozenset(c.new_labels)))
        if amendment is not None:
            assert c.proposers == tuple(a.actor for a in amendment.attributions)


@given(amended())
def test_every_provision_names_the_parent_points_it_comes_from(pair: tuple[Version, Version]) -> None:
    parent, built = pair
    added = {
        r for a in built.amendments if a.action == "add" and a.status is AmendmentStatus.ACCEPTED for r in a.results
    }
    parent_paths = {path for path, _ in parent.walk()}
    for path, p in built.walk():
        refs = {str(r) for r in p.derived_from}
        assert all(r.version == parent.id and r.label in parent_paths for r in p.derived_from)
        assert bool(refs) is (path not in added), path
    assert built.parents == (parent.id,)


@given(
    st.integers(8, 30),
    st.integers(0, 10_000),
    st.lists(st.tuples(st.sampled_from(["modify", "remove", "split", "renumber"]), statuses, new_texts), max_size=5),
)
def test_rejected_withdrawn_and_pending_amendments_change_nothing(
    n: int, seed: int, ops: list[tuple[str, AmendmentStatus, str]]
) -> None:
    parent = make_document(n, seed)
    builder = start(parent)
    unaccepted = [(action, status, text) for action, status, text in ops if status is not AmendmentStatus.ACCEPTED]
    for k, (action, status, text) in enumerate(unaccepted):
        label = parent.labels[k % len(parent.labels)]
        if action == "modify":
            builder.modify(label, text, status=status, proposed_by="russia")
        elif action == "remove":
            builder.remove(label, status=status, proposed_by="russia")
        elif action == "split":
            builder.split(label, [text, text + " Again."], status=status, proposed_by="russia")
        else:
            builder.renumber(status=status)
    built = builder.build()
    assert [(path, p.text) for path, p in built.walk()] == [(path, p.text) for path, p in parent.walk()]
    assert not peaceplan.diff(parent, built).changes
    assert [(a.action, a.status) for a in built.amendments] == [(a, s) for a, s, _ in unaccepted]
    assert all(a.results == () for a in built.amendments)


@given(versions(min_provisions=2, max_provisions=4, depth=1), new_texts, st.sampled_from(ACTORS))
def test_a_built_version_round_trips_through_a_version_file(parent: Version, text: str, who: str) -> None:
    first, second = parent.labels[:2]
    builder = revise(parent, "revised-1", date="2026-01", proposed_by="us")
    builder.modify(first, text, proposed_by=who, rationale="Why not.", sources=[source("note-1")])
    builder.remove(second, proposed_by="ukraine", status="rejected")
    builder.add(text + " Also.", after=first, proposed_by=who)
    built = builder.renumber().build()
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder, "revised-1.yaml")
        peaceplan.dump_version(built, path)
        assert peaceplan.load_version(path) == built


# --- moves, one at a time (a swap of neighbours is ambiguous by nature) ---------------------


@given(st.integers(6, 30), st.integers(0, 10_000), st.data())
def test_a_point_moved_past_two_or_more_others_is_the_one_flagged_moved(n: int, seed: int, data: st.DataObject) -> None:
    parent = make_document(n, seed)
    labels = parent.labels
    if len(labels) < 4:
        return
    i = data.draw(st.integers(0, len(labels) - 1))
    j = data.draw(st.integers(-1, len(labels) - 1).filter(lambda j: j - i >= 2 or i - j >= 3))
    built = start(parent).move(labels[i], after=None if j < 0 else labels[j], proposed_by="e3").build()
    changes = peaceplan.diff(parent, built).changes
    assert [(c.kind, c.old_labels, c.match.moved, c.proposers) for c in changes] == [
        (MatchKind.MOVED, (labels[i],), True, ("e3",))
    ]


# --- the built-in corpus ---------------------------------------------------------------------


def test_raising_the_army_cap_in_the_20_point_plan_is_one_modified_change_with_a_number_finding_by_russia(
    corpus: peaceplan.Corpus,
) -> None:
    plan = corpus.version("20-point")
    text = "Ukraine's armed forces stay at 850,000 in peacetime."
    built = start(plan, "20-point-ru").modify("4", text, proposed_by="russia").build()
    (change,) = peaceplan.diff(plan, built).changes
    assert (change.kind, change.old_labels, change.new_labels) == (MatchKind.MODIFIED, ("4",), ("4",))
    assert [f.kind.value for f in change.findings] == ["number"]
    assert change.proposers == ("russia",)
    assert built.provision("4").text == text
    assert [str(r) for r in built.provision("4").derived_from] == ["20-point#4"]


def test_version_revise_starts_the_same_builder(corpus: peaceplan.Corpus) -> None:
    plan = corpus.version("20-point")
    builder = revise(plan, "20-point-b", date="2026-01-10", proposed_by="us")
    assert isinstance(builder, RevisionBuilder)
    assert builder.build() == start(plan, "20-point-b").build()


def test_a_removal_is_credited_to_who_proposed_it(corpus: peaceplan.Corpus) -> None:
    plan = corpus.version("20-point")
    built = start(plan).remove("5", proposed_by=Attribution(actor="russia", confidence="confirmed")).build()
    removed = peaceplan.diff(plan, built).filter(kind="removed")
    assert [(c.old_labels, c.proposers) for c in removed] == [
        (("5",), ("russia",)),
        (("5.a",), ("russia",)),
        (("5.b",), ("russia",)),
        (("5.c",), ("russia",)),
    ]


def test_an_inserted_point_is_labelled_after_its_neighbour_until_renumbered(corpus: peaceplan.Corpus) -> None:
    plan = corpus.version("20-point")
    builder = start(plan).add("Humanitarian corridors open.", after="3", proposed_by="eu")
    assert builder.labels[2:5] == ("3", "3a", "4")
    builder.renumber()
    assert builder.labels == tuple(str(k) for k in range(1, 22))
    built = builder.build()
    assert built.amendments[0].results == ("4",)
    kinds = {c.kind for c in peaceplan.diff(plan, built).changes if "." not in c.new_labels[0]}
    assert kinds == {MatchKind.ADDED, MatchKind.RENUMBERED}


def test_a_sub_point_is_amended_by_its_path(corpus: peaceplan.Corpus) -> None:
    plan = corpus.version("20-point")
    built = start(plan).modify("5.a", "If Russia invades Ukraine, sanctions return.", proposed_by="russia").build()
    (change,) = peaceplan.diff(plan, built).changes
    assert (change.old_labels, change.new_labels, change.proposers) == (("5.a",), ("5.a",), ("russia",))


def test_merging_points_with_sub_points_re_letters_the_clashing_ones() -> None:
    parent = Version(
        id="p",
        document="d",
        title="P",
        status="draft",
        provisions=[
            Provision(label="1", text="One.", children=[Provision(label="a", text="One a.")]),
            Provision(label="2", text="Two.", children=[Provision(label="a", text="Two a.")]),
        ],
    )
    built = start(parent).merge(["2", "1"], "One and two.", proposed_by="eu").build()
    assert [(path, p.text) for path, p in built.walk()] == [("1", "One and two."), ("1.a", "One a."), ("1.b", "Two a.")]
    assert [str(r) for r in built.provision("1").derived_from] == ["p#2", "p#1"]
    merged = peaceplan.diff(parent, built).change("1")
    assert (merged.kind, set(merged.old_labels)) == (MatchKind.MERGED, {"1", "2"})


def test_sources_given_with_an_amendment_are_listed_and_cited(corpus: peaceplan.Corpus) -> None:
    plan = corpus.version("20-point")
    leak = source("leak")
    built = start(plan).modify("4", "Ukraine's forces stay at 850,000.", proposed_by="russia", sources=[leak]).build()
    assert built.source("leak") == leak
    assert built.provision("4").attributions[0].sources == ("leak",)
    assert built.amendments[0].attributions[0].sources == ("leak",)
    cited = {s for _, p in built.walk() for a in p.attributions for s in a.sources}
    assert cited <= {s.id for s in built.sources}


# --- validation --------------------------------------------------------------------------------


def test_an_unknown_label_names_the_label_and_the_points_there_are(corpus: peaceplan.Corpus) -> None:
    builder = start(corpus.version("20-point"))
    with pytest.raises(peaceplan.UnknownProvisionError) as caught:
        builder.modify("42", "Anything.")
    assert str(caught.value) == (
        "modify '42': the revision of '20-point' has no point '42'; its points are now "
        + ", ".join(str(k) for k in range(1, 21))
        + " (name a sub-point by its path, such as '5.a')"
    )


def test_amending_a_point_an_accepted_amendment_removed_is_a_conflict(corpus: peaceplan.Corpus) -> None:
    builder = start(corpus.version("20-point")).remove("18", proposed_by="russia")
    with pytest.raises(AmendmentConflictError) as caught:
        builder.modify("18", "Elections are held in 2027.")
    assert str(caught.value) == (
        "modify '18': point '18' is no longer in the text; amendment 1 (remove 18, proposed by russia) already "
        "took it out. Record this amendment with status='rejected', or act on the point that replaced it"
    )
    builder.modify("18", "Elections are held in 2027.", status="rejected", proposed_by="ukraine")
    assert [a.status.value for a in builder.build().amendments] == ["accepted", "rejected"]


def test_a_modify_that_changes_nothing_is_refused(corpus: peaceplan.Corpus) -> None:
    plan = corpus.version("20-point")
    with pytest.raises(peaceplan.ValidationError, match="already has"):
        start(plan).modify("4", plan.provision("4").text)


def test_an_unknown_source_id_is_refused_with_the_known_ones(corpus: peaceplan.Corpus) -> None:
    with pytest.raises(peaceplan.ValidationError, match=r"no source 'nowhere' is known \(known: .*ukrinform"):
        start(corpus.version("20-point")).modify("4", "New words.", sources=["nowhere"])


def test_an_unknown_status_lists_the_statuses(corpus: peaceplan.Corpus) -> None:
    with pytest.raises(peaceplan.ValidationError, match="'proposed', 'accepted', 'rejected', 'withdrawn'"):
        start(corpus.version("20-point")).remove("4", status="vetoed")


def test_a_bad_revision_date_fails_where_it_is_given(corpus: peaceplan.Corpus) -> None:
    with pytest.raises(peaceplan.ValidationError):
        revise(corpus.version("20-point"), "x", date="soon", proposed_by="us")


def test_the_built_version_is_immutable(corpus: peaceplan.Corpus) -> None:
    built = start(corpus.version("20-point")).build()
    with pytest.raises(attrs.exceptions.FrozenInstanceError):
        built.id = "other"  # type: ignore[misc]


def source(source_id: str) -> Source:
    return Source(id=source_id, publisher="A newspaper", title="A report", reliability="reported")
