"""The renderers: what each format shows for a diff, and golden files of the corpus diff.

Behaviour is pinned on small diffs built by hand (so a test says exactly which
change it renders, whatever the engine would infer), and the 28-point →
20-point report is pinned as golden Markdown and HTML files. After an intended
change to the engine or a renderer, regenerate them with
``PEACEPLAN_REGOLD=1 python -m pytest tests/test_render.py`` and read the diff.
"""

from __future__ import annotations

import csv
import difflib
import io
import os
import re
from pathlib import Path

import attrs
import pytest

from peaceplan.compare.align import Match, MatchKind
from peaceplan.compare.diff import Change, Diff, diff
from peaceplan.compare.findings import Finding, stance_phrase
from peaceplan.compare.redline import redline
from peaceplan.corpus import Corpus, load_corpus
from peaceplan.model.metadata import metadata_changes
from peaceplan.model.records import Actor, Attribution, Provision, Source, Version
from peaceplan.render import (
    diff_rows,
    render_csv,
    render_html,
    render_markdown,
    render_records,
    render_text,
    render_version_html,
    render_version_markdown,
    render_version_text,
)
from peaceplan.render.text import want_color

GOLDEN = Path(__file__).parent / "golden"
ACTORS = [
    Actor(id="us", name="United States", kind="state"),
    Actor(id="e3", name="E3 coalition", kind="coalition"),
    Actor(id="ru", name="Russia", kind="state"),
]
SOURCES = [
    Source(
        id="ft",
        publisher="Financial Times",
        title="Army cap raised",
        reliability="reported",
        url="https://ft.example/a",
    ),
    Source(id="leak", publisher="Telegram", title="Leaked list", reliability="leaked"),
]


def _version(vid: str, provisions: list[Provision], **fields: object) -> Version:
    data: dict[str, object] = {"status": "draft", **fields}
    return Version(id=vid, document="plan", title=f"Plan {vid}", sources=SOURCES, provisions=provisions, **data)  # type: ignore[arg-type]


def _change(kind: MatchKind, old: tuple[Provision, ...], new: tuple[Provision, ...], **fields: object) -> Change:
    match = Match(
        old=tuple(p.label for p in old),
        new=tuple(p.label for p in new),
        kind=kind,
        score=0.8,
        curated=False,
        relabelled=False,
        moved=kind is MatchKind.MOVED,
    )
    red = redline(" ".join(p.text for p in old), " ".join(p.text for p in new)) if old and new else None
    return Change(match=match, old=old, new=new, redline=red, **fields)  # type: ignore[arg-type]


ARMY_OLD = Provision(label="6", title="Army size", text="Ukraine's armed forces are capped at 600,000 personnel.")
ARMY_NEW = Provision(label="4", title="Army size", text="Ukraine's armed forces are capped at 800,000 personnel.")
CAP = Finding(kind="number", old="600,000", new="800,000", direction="raised", subject="army cap")


@pytest.fixture(scope="module")
def handmade() -> Diff:
    """A diff with one change of every kind, a finding, contested credit and a metadata change."""
    split_old = Provision(label="20", text="Sanctions are lifted and frozen assets are invested.")
    split_new = (
        Provision(label="17", text="Sanctions are lifted."),
        Provision(label="18", text="Frozen assets are invested."),
    )
    merged_old = (
        Provision(label="9", text="Jets are based in Poland."),
        Provision(label="10", text="Guarantees hold."),
    )
    merged_new = Provision(label="5", text="Jets are based in Poland and guarantees hold.")
    moved = Provision(label="2", text="Elections are held in 100 days.")
    moved_new = Provision(label="19", text="Elections are held in 100 days.")
    removed = Provision(label="7", text="Ukraine will not join NATO.")
    added = Provision(label="12", text="A prosperity fund is created.")
    same = Provision(label="1", text="Sovereignty is confirmed.")
    old = _version("old", [same, moved, ARMY_OLD, removed, merged_old[0], merged_old[1], split_old], status="leaked")
    new = _version("new", [same, merged_new, ARMY_NEW, added, split_new[0], split_new[1], moved_new], status="proposed")
    us = (Attribution(actor="us", confidence="confirmed", sources=["leak"]),)
    contested = (
        Attribution(actor="e3", confidence="reported", sources=["ft"]),
        Attribution(actor="ru", confidence="contested"),
    )
    entries = (
        _change(MatchKind.UNCHANGED, (same,), (same,)),
        _change(MatchKind.MOVED, (moved,), (moved_new,), attributions=us, sources=(SOURCES[1],)),
        _change(
            MatchKind.MODIFIED, (ARMY_OLD,), (ARMY_NEW,), findings=(CAP,), attributions=contested, sources=(SOURCES[0],)
        ),
        _change(MatchKind.REMOVED, (removed,), (), attributions=us),
        _change(MatchKind.MERGED, merged_old, (merged_new,), attributions=us),
        _change(MatchKind.ADDED, (), (added,), attributions=us),
        _change(MatchKind.SPLIT, (split_old,), split_new, attributions=us),
    )
    return Diff(old=old, new=new, entries=entries, metadata=metadata_changes(old, new))


# --- terminal text ----------------------------------------------------------------------


def test_plain_text_marks_words_like_git_word_diff(handmade: Diff) -> None:
    out = render_text(handmade, color=False, width=200, actors=ACTORS)
    assert "[-600,000-]{+800,000+}" in out
    assert "\x1b[" not in out


def test_colour_text_strikes_deletions_and_underlines_insertions(handmade: Diff) -> None:
    out = render_text(handmade, color=True, width=200, actors=ACTORS)
    strike, underline = (
        re.compile(r"\x1b\[[0-9;]*\b9\b[0-9;]*m600,000"),
        re.compile(r"\x1b\[[0-9;]*\b4\b[0-9;]*m800,000"),
    )
    assert strike.search(out)
    assert underline.search(out)
    assert "[-" not in out


def test_summary_comes_before_the_first_change(handmade: Diff) -> None:
    out = render_text(handmade, color=False, width=200, actors=ACTORS)
    assert out.index("Summary: 1 moved, 1 modified, 1 split, 1 merged, 1 added, 1 removed; 1 unchanged") < out.index(
        "6 → 4"
    )
    assert "by proposer: United States 5, E3 coalition 1, Russia 1" in out
    assert "status: leaked → proposed" in out


@pytest.mark.parametrize(
    ("line", "kind"),
    [
        ("2 → 19", "moved"),
        ("20 → 17, 18", "split"),
        ("9, 10 → 5", "merged"),
        ("(new) → 12", "added"),
        ("7 → (dropped)", "removed"),
    ],
)
def test_every_kind_of_change_is_marked_on_its_heading(handmade: Diff, line: str, kind: str) -> None:
    out = render_text(handmade, color=False, width=200, actors=ACTORS)
    assert re.search(rf"^. {re.escape(line)}  {kind}", out, re.MULTILINE)


def test_text_names_the_proposer_and_marks_contested_credit(handmade: Diff) -> None:
    out = render_text(handmade, color=False, width=200, actors=ACTORS)
    assert "proposed by E3 coalition, Russia (contested)" in out
    assert "E3 coalition (reported)" not in out


def test_findings_are_listed_under_their_change(handmade: Diff) -> None:
    out = render_text(handmade, color=False, width=200, actors=ACTORS)
    assert out.index("! army cap raised from 600,000 to 800,000") > out.index("6 → 4")


@pytest.fixture(scope="module")
def evidenced() -> Diff:
    """A real diff whose findings carry evidence, one of them only possible."""
    old = _version("old", [ARMY_OLD, Provision(label="7", title="Prisoners", text="Prisoners are exchanged.")])
    new = _version(
        "new",
        [
            ARMY_NEW,
            Provision(label="8", title="Prisoners", text="Prisoners are exchanged and Ukrainian children returned."),
        ],
    )
    return diff(old, new)


def test_text_shows_each_findings_evidence_and_marks_possible_ones(evidenced: Diff) -> None:
    out = render_text(evidenced, color=False, width=300)
    assert "! Army size raised from 600,000 to 800,000" in out
    assert (
        "was “Ukraine's armed forces are capped at [600,000] personnel” → "
        "now “Ukraine's armed forces are capped at [800,000] personnel”"
    ) in out
    assert "? possible: Ukraine now named" in out


def test_markdown_and_html_show_the_evidence_under_each_finding(evidenced: Diff) -> None:
    md = render_markdown(evidenced)
    assert "*was “Ukraine's armed forces are capped at **600,000** personnel”" in md
    assert "> - possible: Ukraine now named" in md
    page = render_html(evidenced)
    assert "capped at <mark>600,000</mark> personnel" in page
    assert '<li class="possible">possible: Ukraine now named' in page


def test_text_wraps_to_the_width(handmade: Diff) -> None:
    out = render_text(handmade, color=False, width=40, actors=ACTORS)
    assert max(len(line) for line in out.splitlines()) <= 40
    assert len(out.splitlines()) > len(render_text(handmade, color=False, width=200).splitlines())


def test_no_color_environment_turns_colour_off(monkeypatch: pytest.MonkeyPatch) -> None:
    class Terminal(io.StringIO):
        def isatty(self) -> bool:
            return True

    monkeypatch.delenv("FORCE_COLOR", raising=False)
    monkeypatch.delenv("NO_COLOR", raising=False)
    assert want_color(Terminal()) is True
    assert want_color(io.StringIO()) is False
    monkeypatch.setenv("NO_COLOR", "1")
    assert want_color(Terminal()) is False


def test_version_text_lists_every_point_and_sub_point() -> None:
    v = _version("v", [Provision(label="1", text="Top.", children=[Provision(label="a", text="Sub-point.")])])
    out = render_version_text(v, color=False, width=100)
    assert "1. Top." in out
    assert "  a. Sub-point." in out


# --- Markdown and HTML ---------------------------------------------------------------------


def test_markdown_shows_changes_with_ins_and_del_tags(handmade: Diff) -> None:
    out = render_markdown(handmade, actors=ACTORS)
    assert "capped at <del>600,000</del><ins>800,000</ins> personnel" in out
    assert "> - army cap raised from 600,000 to 800,000" in out
    assert "**Russia** *(contested)*" in out
    assert "| status | leaked | proposed |" in out
    assert "[Army cap raised](<https://ft.example/a>) (Financial Times, reported)" in out


def test_html_calls_out_findings_badges_and_sources(handmade: Diff) -> None:
    out = render_html(handmade, actors=ACTORS)
    assert "<del>600,000</del><ins>800,000</ins>" in out
    assert "<li>army cap raised from 600,000 to 800,000</li>" in out
    assert '<span class="badge contested" title="credit contested">Russia <small>contested</small></span>' in out
    assert '<a href="https://ft.example/a" rel="noopener noreferrer">Army cap raised</a>' in out
    assert '<span class="rel rel-leaked">leaked</span>' in out
    assert "<td>status</td><td>leaked</td><td>proposed</td>" in out


def test_html_is_self_contained(handmade: Diff) -> None:
    out = render_html(handmade, actors=ACTORS)
    assert "<script" not in out
    assert "<link" not in out
    assert "@import" not in out
    assert "url(" not in out
    assert re.findall(r'(?:src|href)="([^"]+)"', out) == ["https://ft.example/a"] * out.count(
        'href="https://ft.example/a"'
    )


def test_html_title_defaults_to_the_version_ids(handmade: Diff) -> None:
    assert "<title>old → new</title>" in render_html(handmade)
    assert "<title>My report</title>" in render_html(handmade, title="My report")


@pytest.mark.parametrize("render", [render_version_markdown, render_version_html])
def test_version_pages_show_every_point(render: object) -> None:
    v = _version("v", [Provision(label="1", text="First point."), Provision(label="2", text="Second point.")])
    out = render(v)  # type: ignore[operator]
    assert "First point" in out
    assert "Second point" in out
    assert "Leaked list" in out


@pytest.mark.parametrize("render", [render_version_text, render_version_markdown, render_version_html])
def test_version_views_show_the_options_on_the_table_and_the_parties_positions(render: object) -> None:
    # 20-point#12 leaves the plant undecided between two options; a view that dropped them
    # would show "two options are on the table" and neither option.
    corpus = load_corpus()
    out = render(corpus.version("20-point"), actors=corpus.actors)  # type: ignore[operator]
    plain = re.sub(r"\\(.)", r"\1", re.sub(r"\s+", " ", out))  # Markdown escapes and wrapping aside
    assert "option us: Ukraine, the United States and Russia run the plant jointly" in plain
    assert "(proposed by Ukraine)" in plain
    positions = [pos for _, p in corpus.version("20-point").walk() for pos in p.positions]
    assert positions
    for pos in positions:
        assert f"{corpus.actor(pos.actor).name} {stance_phrase(pos.stance.value)}" in plain


def test_version_text_lists_the_sources_it_cites() -> None:
    corpus = load_corpus()
    v = corpus.version("20-point")
    out = render_version_text(v, color=False, width=200)
    assert "Sources:" in out
    for s in v.sources:
        assert f"[{s.id}] {s.title}" in out


def test_an_empty_diff_says_the_texts_are_the_same() -> None:
    v = _version("v", [Provision(label="1", text="Same.")])
    d = diff(v, v)
    assert "The texts are the same." in render_markdown(d)
    assert "The texts are the same." in render_html(d)
    assert "no changes to the text" in render_text(d, color=False, width=80)


# --- tables -----------------------------------------------------------------------------


def test_csv_has_one_row_per_change(handmade: Diff) -> None:
    rows = list(csv.DictReader(io.StringIO(render_csv(diff_rows(handmade)))))
    assert len(rows) == len(handmade.changes)
    army = next(r for r in rows if r["old"] == "6")
    assert army["new"] == "4"
    assert army["kind"] == "modified"
    assert army["proposers"] == "e3 ru"
    assert army["contested"] == "true"
    assert army["findings"] == "army cap raised from 600,000 to 800,000"


def test_csv_neutralises_spreadsheet_formulas() -> None:
    out = render_csv([{"a": "=HYPERLINK(1)", "b": "-12", "c": "@x"}])
    assert out.splitlines()[1] == "'=HYPERLINK(1),-12,'@x"


@pytest.mark.parametrize("fmt", ["text", "md", "html", "json", "csv"])
def test_records_render_in_every_format(fmt: str) -> None:
    out = render_records([{"label": "6", "actor": "<us>"}], fmt, title="blame")
    assert "6" in out
    assert "<us>" in out or "&lt;us&gt;" in out or "\\<us\\>" in out


def test_records_refuse_an_unknown_format() -> None:
    with pytest.raises(ValueError, match="unknown format 'pdf'"):
        render_records([], "pdf")


# --- golden files of the corpus diff --------------------------------------------------------


@pytest.fixture(scope="module")
def corpus() -> Corpus:
    return load_corpus()


@pytest.fixture(scope="module")
def corpus_diff(corpus: Corpus) -> Diff:
    return diff(corpus.version("28-point"), corpus.version("20-point"), corpus=corpus)


def _check_golden(name: str, actual: str) -> None:
    path = GOLDEN / name
    if os.environ.get("PEACEPLAN_REGOLD"):
        path.parent.mkdir(exist_ok=True)
        path.write_text(actual, encoding="utf-8")
    if not path.exists():
        pytest.fail(f"golden file {name} is missing; create it with PEACEPLAN_REGOLD=1 python -m pytest {__file__}")
    expected = path.read_text(encoding="utf-8")
    if actual != expected:
        delta = "".join(
            difflib.unified_diff(expected.splitlines(True), actual.splitlines(True), f"golden/{name}", "rendered", n=1)
        )
        pytest.fail(f"{name} differs from the golden file (PEACEPLAN_REGOLD=1 to accept):\n{delta[:4000]}")


def test_markdown_of_the_28_to_20_point_diff_matches_the_golden_file(corpus: Corpus, corpus_diff: Diff) -> None:
    _check_golden("28-point_20-point.md", render_markdown(corpus_diff, actors=corpus.actors))


def test_html_of_the_28_to_20_point_diff_matches_the_golden_file(corpus: Corpus, corpus_diff: Diff) -> None:
    _check_golden("28-point_20-point.html", render_html(corpus_diff, actors=corpus.actors))


def test_corpus_report_calls_out_the_army_cap(corpus: Corpus, corpus_diff: Diff) -> None:
    for out in (
        render_markdown(corpus_diff),
        render_html(corpus_diff),
        render_text(corpus_diff, color=False, width=300),
    ):
        assert "600,000" in out
        assert "800,000" in out


def test_wide_records_render_as_blocks_with_shared_fields_once() -> None:
    records = [
        {"subject": "army-size", "version": f"v{i}", "text": f"word{i} " * 30, "steps": ["a" * 40, f"step {i}" * 5]}
        for i in range(2)
    ]
    out = render_records(records, "text", title="thread army-size", width=60)
    assert out.count("subject: army-size") == 1
    assert re.search(r"^v0$", out, re.MULTILINE)
    assert re.search(r"^v1$", out, re.MULTILINE)
    assert "    - " + "a" * 40 in out
    assert max(len(line) for line in out.splitlines()) <= 60


def test_narrow_records_render_as_a_table() -> None:
    out = render_records([{"id": "v1", "points": 3}, {"id": "v2", "points": 4}], "text", width=60)
    assert re.search(r"^\s*id\s+points\s*$", out, re.MULTILINE)
    assert re.search(r"^\s*v2\s+4\s*$", out, re.MULTILINE)


# --- long texts in the terminal: renumbering runs -------------------------------------


def _numbered(texts: list[str], version_id: str) -> Version:
    return Version(
        id=version_id,
        document="d",
        title=version_id,
        status="draft",
        provisions=[Provision(label=str(k), text=t) for k, t in enumerate(texts, start=1)],
    )


CLAUSES = [f"Clause {w} binds the parties." for w in ("alpha", "beta", "gamma", "delta", "epsilon", "zeta")]


def test_points_renumbered_by_an_insertion_show_as_one_line_without_their_text() -> None:
    old = _numbered(CLAUSES, "old")
    new = _numbered([CLAUSES[0], "A new ceasefire clause.", *CLAUSES[1:]], "new")
    out = render_text(diff(old, new), color=False, width=120)
    assert "# 2–6 → 3–7  renumbered  (5 points; nothing else changed)" in out
    assert "Clause gamma" not in out  # the renumbered points' wording is not repeated
    assert "A new ceasefire clause." in out


def test_the_html_report_folds_points_only_renumbered_into_one_line() -> None:
    old = _numbered(CLAUSES, "old")
    new = _numbered([CLAUSES[0], "A new ceasefire clause.", *CLAUSES[1:]], "new")
    d = diff(old, new)
    page = render_html(d)
    assert page.count('class="change k-renumbered folded"') == 1
    assert "2–6 → 3–7" in page
    assert "5 points; nothing else changed" in page
    assert "Clause gamma" not in page.split("<h2>Unchanged</h2>")[0]  # their wording is not repeated
    assert "A new ceasefire clause." in page
    # anchors keep counting the changes one by one: the next change after the run keeps its number
    assert page.count('<article class="change') == len(d.changes) - 5 + 1


def test_the_markdown_report_folds_points_only_renumbered_into_one_heading() -> None:
    old = _numbered(CLAUSES, "old")
    new = _numbered([CLAUSES[0], "A new ceasefire clause.", *CLAUSES[1:]], "new")
    out = render_markdown(diff(old, new))
    assert "### \\# 2–6 → 3–7 · renumbered — 5 points; nothing else changed" in out
    assert "Clause gamma" not in out  # the renumbered points' wording is not repeated
    assert "A new ceasefire clause." in out


def test_a_renumbering_run_is_cut_by_a_changed_point_and_short_runs_are_listed_point_by_point() -> None:
    old = _numbered(CLAUSES, "old")
    changed = [CLAUSES[0], "A new ceasefire clause.", CLAUSES[1], CLAUSES[2], "Clause delta binds Russia alone."]
    new = _numbered([*changed, *CLAUSES[4:]], "new")
    out = render_text(diff(old, new), color=False, width=120)
    # 2 → 3 and 3 → 4 are too short a run to fold: each is listed with its text.
    assert "# 2 → 3  renumbered" in out
    assert "Clause gamma binds the parties." in out
    assert "renumbered  (" not in out


def test_a_credit_several_changes_share_is_said_once_and_each_change_names_its_group(handmade: Diff) -> None:
    out = render_text(handmade, color=False, width=200, actors=ACTORS)
    # us proposed five of the changes: its credit is said once, above, and each of them points to it
    assert "Credit, said once for the changes that share it:\n  [A] proposed by United States (5 changes)" in out
    assert out.count("proposed by United States") == 1
    assert out.count("credit [A]") == 5
    # the contested credit of the army change belongs to it alone: shown in full under it
    army = out[out.index("6 → 4") :].split("\n\n")[0]
    assert "proposed by E3 coalition, Russia (contested)" in army


def test_the_corpus_diff_says_its_shared_credit_lines_once() -> None:
    from peaceplan.corpus import load_corpus

    corpus = load_corpus()
    d = corpus.diff("28-point", "20-point")
    out = render_text(d, color=False, width=300, actors=corpus.actors)
    block = out.split("Credit, said once for the changes that share it:\n", 1)[1].split("\n\n", 1)[0]
    groups = re.findall(r"^  \[([A-Z]+)\] (.*) \((\d+) changes\)$", block, re.MULTILINE)
    assert groups
    for key, credit, n in groups:
        assert out.count(f"credit [{key}]") == int(n)
        assert out.count(f"] {credit} (") == 1
    assert sum(int(n) for _, _, n in groups) + out.count("\n  drafted by") + out.count("\n  proposed by") >= len(
        [c for c in d.changes if c.attributions]
    )


def test_the_corpus_diff_names_a_delegation_once_however_many_steps_and_credits_it_drafted() -> None:
    corpus = load_corpus()
    out = render_text(corpus.diff("28-point", "20-point"), color=False, width=400, actors=corpus.actors)
    legend, _, body = out.partition("Credit, said once for the changes that share it:\n")[2].partition("\n\n")
    delegation = "Marco Rubio, Steve Witkoff, Dan Driscoll, Andriy Yermak, Oleksandr Bevz"
    # said in the legend (once as drafters, once as the proposers of the steps), never under a change
    assert legend.count(delegation) == 2
    assert delegation not in body
    steps = re.findall(r"^  \S+ → \S+: \w+ \((.*)\)$", body, re.MULTILINE)
    assert steps.count("credit [D]") == 17  # the delegation's steps to geneva-19
    assert (
        "  [D] United States, Ukraine, " + delegation + ", Serhiy Kyslytsya, Rustem Umerov (on 17 steps between drafts)"
        in legend
    )


def test_a_credit_made_of_a_shared_line_and_one_of_its_own_names_the_shared_key() -> None:
    us = Attribution(actor="us", role="drafter", confidence="confirmed")
    e3 = Attribution(actor="e3", confidence="reported")
    olds = [Provision(label=str(k), text=f"Clause {w} binds the parties.") for k, w in enumerate("abcde", 1)]
    news = [Provision(label=p.label, text=p.text.replace("binds", "obliges")) for p in olds]
    d = diff(_version("old", olds), _version("new", news))
    ru = Attribution(actor="ru", confidence="reported")
    credits = [(us,), (us,), (us, e3), (us, e3), (us, ru)]  # the last: the shared line and one of its own
    d = attrs.evolve(
        d, entries=tuple(attrs.evolve(c, attributions=credit) for c, credit in zip(d.entries, credits, strict=True))
    )
    out = render_text(d, color=False, width=200, actors=ACTORS)
    block = out.split("Credit, said once for the changes that share it:\n", 1)[1].split("\n\n", 1)[0]
    assert block == "  [A] drafted by United States (3 changes)\n  [B] as [A]; proposed by E3 coalition (2 changes)"
    assert out.count("credit [A]\n") == 2
    assert out.count("credit [B]\n") == 2
    assert "credit [A]; proposed by Russia\n" in out
    assert out.count("United States") == 2  # the legend and the summary's count
