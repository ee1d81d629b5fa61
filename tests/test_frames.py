"""DataFrames: one row per change, provision, thread step, actor and head, lineage or version, typed columns."""

from __future__ import annotations

import sys
from collections.abc import Callable
from typing import Any

import pandas as pd
import pytest
from hypothesis import given, settings
from strategies import corpora

import peaceplan
from peaceplan.compare.align import MatchKind
from peaceplan.compare.diff import diff
from peaceplan.corpus import Corpus
from peaceplan.errors import MissingExtraError, PeaceplanError
from peaceplan.history.blame import blame
from peaceplan.history.influence import influence
from peaceplan.history.synopsis import synopsis
from peaceplan.history.thread import thread
from peaceplan.render.frames import (
    blame_frame,
    corpus_frame,
    diff_frame,
    influence_frame,
    synopsis_frame,
    thread_frame,
)

KINDS = [k.value for k in MatchKind]


@pytest.fixture(scope="module")
def corpus() -> Corpus:
    return peaceplan.load_corpus()


def _kinds_of(frame: pd.DataFrame) -> dict[str, str]:
    """Each column's dtype family: category, string, Int64, Float64, bool or datetime."""
    out = {}
    for name, dtype in frame.dtypes.items():
        if isinstance(dtype, pd.CategoricalDtype):
            out[str(name)] = "category"
        elif pd.api.types.is_datetime64_any_dtype(dtype):
            out[str(name)] = "datetime"
        else:
            out[str(name)] = str(dtype)
    return out


# --- diff --------------------------------------------------------------------------------


def test_diff_frame_has_one_row_per_change_in_order(corpus: Corpus) -> None:
    d = diff(corpus.version("28-point"), corpus.version("20-point"), corpus=corpus)
    df = diff_frame(d)
    assert len(df) == len(d.changes)
    assert df["kind"].tolist() == [c.kind.value for c in d.changes]
    assert df["proposers"].tolist() == [list(c.proposers) for c in d.changes]
    assert df["findings"].tolist() == [len(c.findings) for c in d.changes]
    assert df["contested"].tolist() == [c.contested for c in d.changes]
    assert len(diff_frame(d, unchanged=True)) == len(d.entries)


def test_diff_frame_columns_are_typed(corpus: Corpus) -> None:
    df = diff_frame(diff(corpus.version("28-point"), corpus.version("20-point")))
    kinds = _kinds_of(df)
    assert "category" not in kinds.values()  # a filtered frame's plot shows only the kinds it has
    assert kinds["proposers"] == kinds["sources"] == "object"
    assert {kinds[c] for c in ("old", "new", "kind", "title", "old_text", "new_text", "redline", "summary")} == {
        "string"
    }
    assert {kinds[c] for c in ("findings", "steps")} == {"Int64"}
    assert kinds["score"] == "Float64"
    assert {kinds[c] for c in ("moved", "relabelled", "curated", "substantive", "contested")} == {"bool"}


def test_diff_frame_of_identical_versions_is_empty_but_typed_the_same(corpus: Corpus) -> None:
    v = corpus.version("20-point")
    empty = diff_frame(diff(v, v))
    full = diff_frame(diff(corpus.version("28-point"), v))
    assert len(empty) == 0
    assert _kinds_of(empty) == _kinds_of(full)


def test_diff_frame_filters_by_kind_and_finding(corpus: Corpus) -> None:
    d = diff(corpus.version("28-point"), corpus.version("20-point"))
    df = diff_frame(d)
    removed = df[df["kind"] == "removed"]
    assert len(removed) == len(d.filter(kind="removed"))
    army = df[df["new"] == "4"].iloc[0]
    change = d.change(new="4")
    assert army["old"] == ", ".join(change.old_labels)
    assert army["summary"] == "; ".join(f.summary for f in change.findings)


# --- history -------------------------------------------------------------------------------


def test_blame_frame_has_one_row_per_provision(corpus: Corpus) -> None:
    b = blame(corpus, "20-point")
    df = blame_frame(b)
    assert df["label"].tolist() == list(b.labels)
    assert df["origin"].tolist() == [str(line.origin.ref) for line in b]
    assert df["introduced_in"].tolist() == [line.introduced.version for line in b]
    assert df["predates_corpus"].tolist() == [line.predates_corpus for line in b]
    assert df["depth"].tolist() == [line.label.count(".") for line in b]
    kinds = _kinds_of(df)
    assert (kinds["kind"], kinds["proposers"], kinds["text"], kinds["steps"]) == ("string", "object", "string", "Int64")
    assert df["proposers"].tolist() == [list(line.proposers) for line in b]


def test_thread_frame_has_a_row_per_change_with_versions_in_thread_order(corpus: Corpus) -> None:
    t = thread(corpus, "army size")
    df = thread_frame(t)
    assert len(df) == sum(max(1, len(e.changes)) for e in t)
    assert df["version"].cat.categories.tolist() == list(t.versions)
    assert df["version"].cat.ordered
    assert df["version"].is_monotonic_increasing
    with_change = df[df["kind"].notna()]
    assert len(with_change) == sum(len(e.changes) for e in t)


def test_thread_frame_dates_are_timestamps_only_when_known_to_the_day(corpus: Corpus) -> None:
    t = thread(corpus, "army size")
    df = thread_frame(t).drop_duplicates("version")
    for e, (_, row) in zip(t, df.iterrows(), strict=True):
        precise = e.date is not None and e.date.day is not None and e.date.qualifier is None
        assert pd.isna(row["date"]) is not precise
        if precise:
            assert e.date is not None
            assert row["date"].date().isoformat() == str(e.date)
        if e.date is None:
            assert pd.isna(row["date_text"])
        else:
            assert row["date_text"] == str(e.date)


def test_influence_frame_counts_add_up(corpus: Corpus) -> None:
    inf = influence(corpus, heads=["20-point", "prosperity-plan"])
    df = influence_frame(inf)
    assert len(df) == len(inf) * 2
    fates = df["survived"] + df["superseded"] + df["reverted"] + df["dropped"]
    assert (fates == df["reached"]).all()
    assert (df["reached"] + df["unreached"] == df["proposed"]).all()
    assert df["head"].cat.categories.tolist() == ["20-point", "prosperity-plan"]
    assert str(df["share"].dtype) == "Float64"
    e3 = df[(df["actor"] == "e3") & (df["head"] == "20-point")].iloc[0]
    assert e3["survived"] == inf.actor("e3").head("20-point").survived


def test_synopsis_frame_has_label_and_status_per_draft(corpus: Corpus) -> None:
    columns = ["28-point", "geneva-19", "20-point"]
    s = synopsis(corpus, columns)
    df = synopsis_frame(s)
    assert len(df) == len(s)
    for i, column in enumerate(columns):
        statuses = [r.cells[i].status.value if r.cells[i].status else None for r in s]
        assert [None if pd.isna(x) else x for x in df[f"{column} status"]] == statuses
        assert str(df[f"{column} status"].dtype) == "string"


# --- corpus ----------------------------------------------------------------------------------


def test_corpus_frame_has_one_row_per_version_parents_first(corpus: Corpus) -> None:
    df = corpus_frame(corpus)
    assert df["version"].tolist() == [v.id for v in corpus.ordered()]
    assert df["provisions"].tolist() == [len(v.provisions) for v in corpus.ordered()]
    assert df["points"].tolist() == [sum(1 for _ in v.walk()) for v in corpus.ordered()]
    assert df["status"].tolist() == [v.status.value for v in corpus.ordered()]
    assert df["parents"].tolist() == [list(v.parents) for v in corpus.ordered()]
    assert df.loc[df["version"] == "28-point", "contested"].item() is True


def test_corpus_frame_keeps_approximate_dates_as_text(corpus: Corpus) -> None:
    df = corpus_frame(corpus).set_index("version")
    late = corpus.version("28-point").date
    assert late is not None
    assert late.qualifier is not None
    assert pd.isna(df.loc["28-point", "date"])
    assert df.loc["28-point", "date_text"] == str(late)
    exact = corpus.version("20-point").date
    assert exact is not None
    assert df.loc["20-point", "date"] == pd.Timestamp(str(exact))


@settings(max_examples=30, deadline=None)
@given(corpora(min_versions=2, max_versions=3))
def test_frames_of_any_corpus_keep_one_row_per_item(c: Corpus) -> None:
    frame = corpus_frame(c)
    assert len(frame) == len(c)
    assert frame["points"].sum() == sum(1 for v in c for _ in v.walk())
    old, new = c.ordered()[0], c.ordered()[-1]
    d = diff(old, new)
    assert len(diff_frame(d)) == len(d.changes)
    assert len(diff_frame(d, unchanged=True)) == len(d.entries)
    assert len(blame_frame(blame(c, new.id))) == sum(1 for _ in new.walk())


# --- without pandas -------------------------------------------------------------------------


def _builders(c: Corpus) -> dict[str, Callable[[], Any]]:
    d = diff(c.version("28-point"), c.version("geneva-19"))
    b = blame(c, "geneva-19")
    t = thread(c, "army size")
    inf = influence(c, heads=["geneva-19"])
    s = synopsis(c, ["28-point", "geneva-19"])
    return {
        "diff": lambda: diff_frame(d),
        "blame": lambda: blame_frame(b),
        "thread": lambda: thread_frame(t),
        "influence": lambda: influence_frame(inf),
        "synopsis": lambda: synopsis_frame(s),
        "corpus": lambda: corpus_frame(c),
    }


@pytest.mark.parametrize("which", ["diff", "blame", "thread", "influence", "synopsis", "corpus"])
def test_without_pandas_every_frame_names_the_extra_to_install(
    corpus: Corpus, monkeypatch: pytest.MonkeyPatch, which: str
) -> None:
    build = _builders(corpus)[which]
    monkeypatch.setitem(sys.modules, "pandas", None)
    with pytest.raises(MissingExtraError) as info:
        build()
    assert str(info.value) == (
        "to_frame() needs the optional dependency group 'pandas': pip install 'peaceplan[pandas]'"
    )
    assert info.value.extra == "pandas"
    assert isinstance(info.value, ImportError)
    assert isinstance(info.value, PeaceplanError)


def test_results_turn_into_their_frame(corpus: Corpus) -> None:
    d = corpus.diff("28-point", "20-point")
    made = {
        "diff": (d, diff_frame),
        "blame": (corpus.blame("20-point"), blame_frame),
        "thread": (corpus.thread("army size"), thread_frame),
        "influence": (corpus.influence(heads=["20-point"]), influence_frame),
        "synopsis": (corpus.synopsis(["28-point", "20-point"]), synopsis_frame),
        "corpus": (corpus, corpus_frame),
    }
    for name, (result, build) in made.items():
        pd.testing.assert_frame_equal(result.to_frame(), build(result), obj=name)  # type: ignore[operator]


# --- tidy forms ------------------------------------------------------------------------------


def test_the_long_form_has_one_row_per_change_and_proposer(corpus: Corpus) -> None:
    d = diff(corpus.version("28-point"), corpus.version("20-point"), corpus=corpus)
    wide, long = d.to_frame(), d.to_frame(long=True)
    assert len(long) == sum(max(1, len(c.proposers)) for c in d.changes)
    assert "proposers" not in long.columns
    assert str(long["proposer"].dtype) == "string"
    counts = long.groupby("proposer").size().to_dict()
    assert counts == d.summary().by_proposer
    # the same as exploding the wide form's list
    assert wide.explode("proposers")["proposers"].dropna().tolist() == long["proposer"].dropna().tolist()


def test_a_change_nobody_is_credited_with_keeps_one_row_in_the_long_form() -> None:
    from peaceplan.model.records import Provision, Version

    old = Version(id="a", document="d", title="A", status="draft", provisions=[Provision(label="1", text="One.")])
    new = Version(id="b", document="d", title="B", status="draft", provisions=[Provision(label="1", text="Two.")])
    long = diff(old, new).to_frame(long=True)
    assert len(long) == 1
    assert pd.isna(long["proposer"].iloc[0])


@pytest.mark.parametrize("name", ["blame", "thread", "corpus"])
def test_every_frame_with_proposers_has_a_long_form(corpus: Corpus, name: str) -> None:
    result: Any = {
        "blame": lambda: blame(corpus, "20-point"),
        "thread": lambda: thread(corpus, "army size"),
        "corpus": lambda: corpus,
    }[name]()
    wide, long = result.to_frame(), result.to_frame(long=True)
    assert len(long) == sum(max(1, len(p)) for p in wide["proposers"])
    assert set(long["proposer"].dropna()) == {a for p in wide["proposers"] for a in p}


def test_a_filtered_frame_groups_into_only_the_kinds_it_has(corpus: Corpus) -> None:
    df = diff(corpus.version("28-point"), corpus.version("20-point")).to_frame()
    removed = df[df["kind"] == "removed"]
    assert removed.groupby("kind").size().index.tolist() == ["removed"]
