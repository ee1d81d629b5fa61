"""The Jupyter fragments: compact, inline-styled HTML in which user text is only ever text."""

from __future__ import annotations

import re

import attrs
import pytest
from hostile import HOSTILE, Page, words
from hypothesis import given, settings
from hypothesis import strategies as st
from strategies import corpora

import peaceplan
from peaceplan.compare.diff import diff
from peaceplan.corpus import Corpus
from peaceplan.history.blame import blame
from peaceplan.history.influence import influence
from peaceplan.history.synopsis import synopsis
from peaceplan.history.thread import thread
from peaceplan.model.records import Actor, Attribution, Document, Provision, Source, Version
from peaceplan.render.escape import visible
from peaceplan.render.notebook import (
    ROWS,
    actor_hue,
    blame_html,
    change_html,
    corpus_html,
    diff_html,
    influence_html,
    synopsis_html,
    thread_html,
    version_html,
)

ALLOWED_TAGS = {"div", "span", "b", "i", "code", "table", "thead", "tbody", "tr", "th", "td", "ins", "del", "ul", "li"}
ALLOWED_TAGS |= {"br"}


def _assert_inert(html: str) -> Page:
    fragment = Page(html)
    assert set(fragment.tags) <= ALLOWED_TAGS, set(fragment.tags) - ALLOWED_TAGS
    assert not fragment.comments
    for name, value in fragment.attrs:
        assert name in ("style", "title"), name
        if name == "style":  # built from constants and numbers only, never from user text
            assert value is not None
            assert re.fullmatch(r"[A-Za-z0-9:;,.%#()' -]+", value), value
            assert "url(" not in value
    return fragment


def _words(text: str) -> str:
    return words(visible(text))


@pytest.fixture(scope="module")
def corpus() -> Corpus:
    return peaceplan.load_corpus()


def _hostile_corpus(s: str) -> Corpus:
    source = Source(id="src", publisher=s, title=s, reliability="leaked", url="javascript:alert(1)")
    contested = Attribution(actor="a", confidence="contested", sources=["src"])
    old = Version(
        id="old",
        document="plan",
        title=s,
        status="draft",
        sources=[source],
        attributions=[Attribution(actor="a")],
        provisions=[
            Provision(label="1", title=s, text=f"Intro {s} end of the point.", topics=["army-size"]),
            Provision(label="2", text=f"Dropped: {s}", topics=["army-size"]),
        ],
    )
    new = Version(
        id="new",
        document="plan",
        title=f"New {s}",
        status="proposed",
        parents=["old"],
        sources=[source],
        attributions=[contested],
        provisions=[
            Provision(label="1", title=s, text=f"Intro {s} end of the point, now changed.", topics=["army-size"]),
            Provision(label="3", text=f"Added: {s}", topics=["army-size"]),
        ],
    )
    return Corpus(
        name="hostile",
        title=s,
        description=s,
        actors=[Actor(id="a", name=s, kind="person")],
        documents=[Document(id="plan", title=s, kind="peace-plan")],
        versions=[old, new],
    )


# --- escaping ----------------------------------------------------------------------


def test_the_catalogue_holds_at_least_fifteen_hostile_strings() -> None:
    assert len(set(HOSTILE.values())) >= 15


@pytest.mark.parametrize("s", HOSTILE.values(), ids=HOSTILE.keys())
def test_every_fragment_shows_hostile_text_as_text(s: str) -> None:
    c = _hostile_corpus(s)
    d = diff(c.version("old"), c.version("new"), corpus=c)
    fragments = {
        "version": version_html(c.version("old"), actors=c.actors),
        "corpus": corpus_html(c),
        "diff": diff_html(d, actors=c.actors, unchanged=True),
        "change": change_html(d.change("1"), actors=c.actors),
        "blame": blame_html(blame(c, "new"), actors=c.actors),
        "thread": thread_html(thread(c, "army size"), actors=c.actors),
        "influence": influence_html(influence(c), actors=c.actors),
        "synopsis": synopsis_html(synopsis(c, ["old", "new"])),
    }
    for html in fragments.values():
        _assert_inert(html)
    # The texts come back whole (whitespace folded by HTML), in the fragments that show them in full.
    for name in ("version", "diff", "corpus"):
        assert _words(s) in " ".join(Page(fragments[name]).text.split()), name


@settings(max_examples=25, deadline=None)
@given(corpora(min_versions=2, max_versions=3))
def test_fragments_of_any_corpus_hold_only_their_own_markup(c: Corpus) -> None:
    old, new = c.ordered()[0], c.ordered()[-1]
    d = diff(old, new)
    for html in (version_html(new), corpus_html(c), diff_html(d, unchanged=True), blame_html(blame(c, new.id))):
        _assert_inert(html)
    shown = " ".join(Page(version_html(new, limit=len(new.provisions))).text.split())
    for _, p in new.walk():
        assert _words(p.text) in shown


@given(st.text(min_size=1, max_size=60))
def test_version_title_round_trips_as_text(title: str) -> None:
    v = Version(id="v", document="d", title=title if title.strip() else "x", status="draft")
    fragment = _assert_inert(version_html(v))
    assert _words(v.title) in " ".join(fragment.text.split())


# --- what each fragment says ---------------------------------------------------------------


def test_diff_fragment_marks_deleted_and_inserted_words(corpus: Corpus) -> None:
    d = diff(corpus.version("28-point"), corpus.version("20-point"))
    html = diff_html(d)
    deleted = re.findall(r"<del [^>]*>(.*?)</del>", html)
    inserted = re.findall(r"<ins [^>]*>(.*?)</ins>", html)
    army = d.change(new="4").redline
    assert army is not None
    assert all(run in deleted for run in army.deleted)
    assert all(run in inserted for run in army.inserted)


def test_diff_fragment_has_one_row_per_change_and_says_how_many_are_unchanged(corpus: Corpus) -> None:
    d = diff(corpus.version("28-point"), corpus.version("geneva-19"))
    html = diff_html(d)
    assert html.count("<tr>") == len(d.changes) + 1  # header row
    unchanged = len(d.entries) - len(d.changes)
    assert f"{unchanged} unchanged" in Page(html).text
    assert diff_html(d, unchanged=True).count("<tr>") == len(d.entries) + 1


def _long_plan(points: int, version_id: str, *, insert_at: int | None = None, edit: int | None = None) -> Version:
    """A plan of distinct points; optionally one new point inserted (renumbering the rest) and one edited."""
    texts = [f"Clause {k} sets out measure number {k} of the plan." for k in range(1, points + 1)]
    if edit is not None:
        texts[edit - 1] = texts[edit - 1].replace("sets out", "no longer sets out")
    if insert_at is not None:
        texts.insert(insert_at - 1, "A wholly new clause on prisoner exchanges.")
    provisions = [Provision(label=str(k), text=t) for k, t in enumerate(texts, start=1)]
    return Version(id=version_id, document="plan", title=version_id, status="draft", provisions=provisions)


def test_diff_fragment_folds_a_run_of_renumbered_points_into_one_row() -> None:
    d = diff(_long_plan(30, "old"), _long_plan(30, "new", insert_at=3, edit=20))
    html = diff_html(d)
    text = Page(html).text
    assert "3–19 → 4–20" in text
    assert "17 points; nothing else changed" in text
    assert "21–30 → 22–31" in text
    assert "10 points; nothing else changed" in text
    assert "no longer" in text  # the edited point keeps its own row, between the two runs
    # 1 header, the run 3–19, the edited 20, the run 21–30, the added point (1 and 2 are unchanged)
    assert html.count("<tr>") == 5
    assert diff_html(d, unchanged=True).count("<tr>") == len(d.entries) + 1  # every point, none folded


def test_diff_fragment_stops_at_the_row_limit_and_counts_what_it_left_out() -> None:
    d = diff(_long_plan(30, "old"), _long_plan(30, "new", insert_at=3, edit=20))
    assert diff_html(d, limit=2).count("<tr>") == 3
    text = Page(diff_html(d, limit=2)).text
    # shown: the run 3–19 (17 changes) and the edited point; left out: the run 21–30 and the added point
    assert "… and 11 more changes, not shown" in text
    assert "diff_html(d, limit=None)" in text
    assert "d.to_frame()" in text
    assert "more changes" not in Page(diff_html(d, limit=None)).text
    assert "more changes" not in Page(diff_html(d, limit=4)).text
    everything = Page(diff_html(d, unchanged=True, limit=29)).text
    assert "… and 2 more entries, not shown" in everything
    assert "diff_html(d, unchanged=True, limit=None)" in everything


@pytest.mark.parametrize("limit", [-1, 2.5, True, "10"])
def test_a_row_limit_that_is_not_a_count_is_refused(corpus: Corpus, limit: object) -> None:
    d = diff(corpus.version("28-point"), corpus.version("20-point"))
    with pytest.raises(ValueError, match="limit: expected a number of rows"):
        diff_html(d, limit=limit)  # type: ignore[arg-type]
    with pytest.raises(ValueError, match="limit: expected a number of rows"):
        blame_html(blame(corpus, "20-point"), limit=limit)  # type: ignore[arg-type]


def test_a_zero_row_limit_shows_the_summary_and_counts_every_change(corpus: Corpus) -> None:
    d = diff(corpus.version("28-point"), corpus.version("20-point"))
    html = diff_html(d, limit=0)
    assert html.count("<tr>") == 1
    assert f"… and {len(d.changes)} more changes, not shown" in Page(html).text


def test_labels_that_are_digits_but_not_decimal_numbers_do_not_break_the_folding() -> None:
    texts = ["A ceasefire holds.", "Prisoners go home.", "Elections follow.", "Sanctions ease."]
    old = Version(
        id="o",
        document="d",
        title="O",
        status="draft",
        provisions=[Provision(label=label, text=t) for label, t in zip(["²", "5", "6", "7"], texts, strict=True)],
    )
    new = Version(
        id="n",
        document="d",
        title="N",
        status="draft",
        provisions=[Provision(label=str(k), text=t) for k, t in enumerate(texts, start=3)],
    )
    text = Page(diff_html(diff(old, new))).text
    assert "5–7 → 4–6" in text  # the run folds; "²" → "3" keeps a row of its own


def test_a_diff_of_thousands_of_points_displays_in_a_few_hundred_rows() -> None:
    old = _long_plan(3000, "old")
    shifted = diff(old, _long_plan(3000, "new", insert_at=1, edit=1500))._repr_html_()
    assert shifted.count("<tr>") == 5  # header, the added point, a run, the edited point, a run
    edits = [
        Provision(label=p.label, text=p.text + (" It is amended." if int(p.label) % 2 else "")) for p in old.provisions
    ]
    rewritten = diff(old, attrs.evolve(old, id="new", provisions=edits))
    html = rewritten._repr_html_()
    assert html.count("<tr>") == ROWS + 1
    assert f"… and {len(rewritten.changes) - ROWS} more changes, not shown" in Page(html).text
    assert len(html) < 1000 * ROWS  # under 1 kB a row, instead of megabytes for the whole text


def test_diff_fragment_counts_changes_by_kind(corpus: Corpus) -> None:
    d = diff(corpus.version("28-point"), corpus.version("20-point"))
    text = Page(diff_html(d)).text
    for kind, n in d.summary().by_kind.items():
        assert f"{n} {kind}" in text


def test_contested_credit_is_labelled_and_drawn_dashed(corpus: Corpus) -> None:
    html = corpus_html(corpus)
    contested = [a.actor for a in corpus.version("28-point").attributions if a.confidence.value == "contested"]
    assert contested
    for actor in contested:
        name = corpus.actor(actor).name
        badge = re.search(rf'<span title="{re.escape(name)} \({actor}\), credit contested" style="([^"]*)">', html)
        assert badge is not None, actor
        assert "border-style:dashed" in badge.group(1)
    assert "contested" in Page(html).text


def test_proposer_badges_name_actors_when_names_are_given(corpus: Corpus) -> None:
    change = diff(corpus.version("28-point"), corpus.version("20-point")).change(new="4")
    assert change.proposers == ("e3",)
    named = Page(change_html(change, actors=corpus.actors)).text
    assert corpus.actor("e3").name in named
    assert corpus.actor("e3").name not in Page(change_html(change)).text


def test_many_proposers_fold_into_a_count(corpus: Corpus) -> None:
    d = diff(corpus.version("28-point"), corpus.version("geneva-19"))
    crowded = next(c for c in d.changes if len(c.proposers) > 4)
    html = change_html(crowded)
    assert f"+{len(crowded.proposers) - 3} more" in Page(html).text


def test_badges_keep_one_hue_per_actor(corpus: Corpus) -> None:
    html = corpus_html(corpus)
    for actor in ("us", "ukraine", "e3"):
        assert f"hsl({actor_hue(actor)},70%,92%)" in html


def test_version_fragment_lists_points_up_to_the_limit(corpus: Corpus) -> None:
    v = corpus.version("28-point")
    text = Page(version_html(v, limit=5)).text
    assert v.provision("5").text in text
    assert v.provision("6").text not in text
    assert f"… and {len(v.provisions) - 5} more points" in text


def test_blame_fragment_has_a_row_per_provision_with_its_origin(corpus: Corpus) -> None:
    b = blame(corpus, "20-point")
    html = blame_html(b)
    assert html.count("<tr>") == len(b) + 1
    assert str(b["4"].origin.ref) in Page(html).text


def test_blame_fragment_names_the_version_a_wording_was_written_in_only_where_it_is_another(corpus: Corpus) -> None:
    own = blame_html(blame(corpus, "20-point"))  # every point worded there: no column repeats it
    assert ">worded in<" not in own
    assert "all 23 worded in this version" in Page(own).text
    b = blame(corpus, "20-point-2026-01")
    html = blame_html(b)
    assert ">worded in<" in html
    cells = re.findall(r"<tr>(.*?)</tr>", html)[1:]
    for line, row in zip(b, cells, strict=True):
        worded = re.findall(r'<td style="[^"]*">(.*?)</td>', row)[2]
        assert (worded == "") == (line.introduced.version == "20-point-2026-01")
        assert worded in ("", f"<code>{line.introduced.version}</code>", f"<code>{line.introduced.ref}</code>")


def test_blame_fragment_stops_at_the_row_limit_and_counts_what_it_left_out(corpus: Corpus) -> None:
    b = blame(corpus, "20-point")
    html = blame_html(b, limit=5)
    assert html.count("<tr>") == 6
    assert f"… and {len(b) - 5} more provisions, not shown" in Page(html).text
    assert "IPython.display.HTML(peaceplan.render.notebook.blame_html(b, limit=None))" in Page(html).text
    assert blame_html(b, limit=None) == blame_html(b)  # the corpus fits under the default limit


def test_thread_fragment_visits_every_version_of_the_thread(corpus: Corpus) -> None:
    t = thread(corpus, "army size")
    text = Page(thread_html(t)).text
    for version in t.versions:
        assert version in text


def test_influence_fragment_has_a_column_per_head_and_a_row_per_actor(corpus: Corpus) -> None:
    inf = influence(corpus, heads=["20-point", "prosperity-plan"])
    html = influence_html(inf)
    assert html.count("<tr>") == len(inf) + 1
    tally = inf.actor("e3").head("20-point")
    assert f"{tally.survived}/{tally.reached}" in Page(html).text


def test_influence_fragment_says_what_became_of_the_changes_that_did_not_survive(corpus: Corpus) -> None:
    inf = influence(corpus, heads=["20-point"])
    text = Page(influence_html(inf)).text
    for a in inf:
        t = a.head("20-point")
        if t.reached:
            assert t.survived + t.superseded + t.reverted + t.dropped == t.reached
            cell = f"{t.survived}/{t.reached}"
            assert cell in text
            assert f"{t.superseded} superseded, {t.reverted + t.dropped} lost" in text.split(cell, 1)[1]


def test_synopsis_fragment_has_a_row_per_lineage(corpus: Corpus) -> None:
    s = synopsis(corpus, ["28-point", "geneva-19", "20-point"])
    html = synopsis_html(s)
    assert html.count("<tr>") == len(s) + 1


def test_fragments_carry_no_script_no_stylesheet_and_no_classes(corpus: Corpus) -> None:
    d = diff(corpus.version("28-point"), corpus.version("20-point"), corpus=corpus)
    for html in (diff_html(d), corpus_html(corpus), version_html(corpus.version("20-point"))):
        assert "<script" not in html
        assert "<style" not in html
        assert "class=" not in html
        assert html.startswith("<div style=")
        assert html.endswith("</div>")


# --- the display protocol ---------------------------------------------------------------------


def test_results_display_as_their_fragment_in_jupyter(corpus: Corpus) -> None:
    d = corpus.diff("28-point", "20-point")
    shown = {
        "version": (corpus.version("20-point"), version_html),
        "corpus": (corpus, corpus_html),
        "diff": (d, diff_html),
        "change": (d.change(new="4"), change_html),
        "blame": (corpus.blame("20-point"), blame_html),
        "thread": (corpus.thread("army size"), thread_html),
        "influence": (corpus.influence(heads=["20-point"]), influence_html),
        "synopsis": (corpus.synopsis(["28-point", "20-point"]), synopsis_html),
    }
    for name, (result, render) in shown.items():
        assert result._repr_html_() == render(result), name  # type: ignore[operator]


def test_diff_fragment_shows_each_findings_evidence_and_possible_ones_in_italic() -> None:
    old = Version(
        id="a", document="d", title="A", status="draft",
        provisions=[Provision(label="1", text="The army is capped at 600,000 personnel. Prisoners are exchanged.")],
    )  # fmt: skip
    new = Version(
        id="b", document="d", title="B", status="draft",
        provisions=[Provision(label="1", text="The army is capped at 800,000 personnel. Ukrainian children return.")],
    )  # fmt: skip
    html = _assert_inert(diff_html(diff(old, new)))
    text = " ".join(html.text.split())
    assert "was “The army is capped at 600,000 personnel” → now “The army is capped at 800,000 personnel”" in text
    assert "possible: Ukraine now named" in text
    assert '<b style="background:#fff0a8">800,000</b>' in diff_html(diff(old, new))


def _every_result(corpus: Corpus) -> dict[str, object]:
    """One of every result a verb returns, and of the records inside them."""
    d = corpus.diff("28-point", "20-point")
    army = d.change(new="4")
    b = corpus.blame("20-point")
    t = corpus.thread("army size")
    i = corpus.influence(heads=["20-point"])
    s = corpus.synopsis(["28-point", "20-point"])
    log = peaceplan.log(corpus, "peace-plan")
    return {
        "Diff": d,
        "Change": army,
        "Summary": d.summary(),
        "Step": army.steps[0],
        "Finding": army.findings[0],
        "MetadataChange": d.metadata[0],
        "Match": army.match,
        "Redline": army.redline,
        "Blame": b,
        "BlameLine": b.lines[0],
        "Thread": t,
        "ThreadEntry": t.entries[0],
        "ThreadChange": next(e for e in t.entries if e.changes).changes[0],
        "Influence": i,
        "ActorInfluence": next(iter(i)),
        "Synopsis": s,
        "SynopsisRow": next(iter(s)),
        "Log": log,
        "LogEntry": log.entries[0],
        "Version": corpus.version("20-point"),
        "Corpus": corpus,
        "ImportResult": peaceplan.read_text("1. A ceasefire.\n2. Prisoners go home.", id="pasted"),
    }


@pytest.mark.parametrize(
    "name",
    [
        "Diff",
        "Change",
        "Summary",
        "Step",
        "Finding",
        "MetadataChange",
        "Match",
        "Redline",
        "Blame",
        "BlameLine",
        "Thread",
        "ThreadEntry",
        "ThreadChange",
        "Influence",
        "ActorInfluence",
        "Synopsis",
        "SynopsisRow",
        "Log",
        "LogEntry",
        "Version",
        "Corpus",
        "ImportResult",
    ],
)
def test_every_result_has_an_inert_rich_display_in_a_notebook(corpus: Corpus, name: str) -> None:
    result = _every_result(corpus)[name]
    assert type(result).__name__ == name
    html = result._repr_html_()  # type: ignore[attr-defined]
    fragment = _assert_inert(html)
    assert fragment.text.strip()
    assert f"<{name}" not in fragment.text  # not a raw repr
    assert f"{name}(" not in fragment.text


def test_a_summary_shows_its_counts_as_a_table(corpus: Corpus) -> None:
    summary = corpus.diff("28-point", "20-point").summary()
    page = _assert_inert(summary._repr_html_())
    assert "table" in page.tags
    for kind, n in summary.by_kind.items():
        assert kind in page.text
        assert str(n) in page.text


def test_a_redline_shows_deletions_and_insertions(corpus: Corpus) -> None:
    red = corpus.diff("28-point", "20-point").change(new="4").redline
    assert red is not None
    page = _assert_inert(red._repr_html_())
    assert {"del", "ins"} <= set(page.tags)
