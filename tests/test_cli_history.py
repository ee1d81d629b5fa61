"""``peaceplan influence`` and ``peaceplan synopsis``, run through click's test runner.

Pins the compact terminal views (display names, the contested column, one
aligned row per lineage of points), that every other format is the library's
``to_records()``, ``--output``, version files as arguments, and the one-line
errors for unknown versions and bad options.
"""

from __future__ import annotations

import csv
import io
import json
import re
from pathlib import Path

import attrs
import pytest
from cli_support import assert_one_line_error, run
from click.testing import CliRunner, Result

from peaceplan.cli import cli
from peaceplan.corpus import load_corpus
from peaceplan.files import io as files
from peaceplan.render import render_records
from peaceplan.render.history_text import short_names

THREE = ("28-point", "geneva-19", "20-point")


def _assert_usage_error(result: Result, message: str, command: str) -> None:
    # One line, like every other error, naming the help to read.
    assert result.exit_code == 2, result.output
    assert result.stderr.strip().splitlines() == [f"peaceplan: error: {message} (see 'peaceplan {command} --help')"]
    assert "Traceback" not in result.output


def _rows(result: Result) -> dict[str, list[str]]:
    """The lines of a compact table by their first cell; cells are two or more spaces apart."""
    rows = {}
    for line in result.stdout.splitlines():
        cells = re.split(r"\s{2,}", line.strip())
        if len(cells) > 1:
            rows[cells[0]] = cells[1:]
    return rows


def _new_draft(runner: CliRunner) -> None:
    """Write my-draft.yaml, an unedited copy of the 20-point plan, in the working folder."""
    assert run(runner, "new", "--from", "20-point", "--id", "my-draft").exit_code == 0


# --- influence: the compact view ---------------------------------------------------------------


def test_influence_text_is_a_row_per_party_with_its_counts(runner: CliRunner) -> None:
    result = run(runner, "influence", "20-point", "--by", "affiliation")
    assert result.exit_code == 0, result.output
    lines = result.stdout.splitlines()
    assert lines[0] == "influence on 20-point: 20-point framework plan — 4 of 11 parties reach it"
    header = ["party", "proposed", "roots", "contested", "reached", "survived", "superseded", "lost", "share"]
    assert lines[1].split() == header
    rows = _rows(result)
    assert rows["United States"] == ["114", "44", "0", "92", "42", "30", "20", "56%"]
    assert rows["Ukraine"] == ["87", "7", "1", "55", "41", "10", "4", "89%"]
    assert rows["Russia"] == ["43", "43", "37", "42", "0", "22", "20", "28%"]
    assert lines[2] == "United States       114     44          0       92        42          30    20    56%"


def test_influence_text_shows_every_count_its_reached_column_adds_up(runner: CliRunner) -> None:
    result = run(runner, "influence")
    blocks = [b for b in result.stdout.split("\n\n") if b.startswith("influence on ")]
    assert blocks
    for block in blocks:
        rows = [re.split(r"\s{2,}", line.strip())[1:] for line in block.splitlines()[2:]]
        rows = [row for row in rows if len(row) == 8 and row[0].isdecimal()]
        assert rows
        for row in rows:
            reached, survived, superseded, lost = (int(n) for n in row[3:7])
            assert reached == survived + superseded + lost
            assert int(row[0]) >= reached
    assert "reached: those on the way to the head (= survived + superseded + lost)" in " ".join(result.stdout.split())


def test_influence_text_agrees_with_the_library_for_every_actor_that_reaches_the_head(runner: CliRunner) -> None:
    rows = _rows(run(runner, "influence", "20-point"))
    corpus = load_corpus()
    names = short_names(corpus.actors)
    assert {"United States", "Ukraine", "Witkoff", "Dmitriev", "E3"} <= set(rows)
    reached = 0
    for a in corpus.influence(["20-point"]):
        t = a.head("20-point")
        if not t.reached:
            assert names.get(a.actor, "(unattributed)") not in rows
            continue
        reached += 1
        expected = (a.proposed, a.roots, a.contested, t.reached, t.survived, t.superseded, t.reverted + t.dropped)
        assert rows[names[a.actor]][:7] == [str(n) for n in expected]
    assert reached == len(rows) - 1  # and the header


def test_influence_text_shows_contested_credit_and_who_never_reaches_the_head(runner: CliRunner) -> None:
    result = run(runner, "influence", "20-point")
    rows = _rows(result)
    assert rows["Dmitriev"][2] == "37"  # contested: his share in the 28-point plan rests on contested reports
    assert rows["United States"][2] == "0"
    flat = " ".join(result.stdout.split())
    assert "no change on the way to 20-point: European states, Macron, Coalition of the Willing" in flat
    assert flat.endswith("lost: reverted or dropped · share: inserted words still in the head")


def test_influence_without_heads_has_a_block_for_every_head_of_the_corpus(runner: CliRunner) -> None:
    result = run(runner, "influence")
    assert result.exit_code == 0, result.output
    titles = [line.split(":")[0] for line in result.stdout.splitlines() if line.startswith("influence on ")]
    assert titles == [f"influence on {head}" for head in load_corpus().heads()]


def test_influence_no_roots_counts_changes_on_edges_only(runner: CliRunner) -> None:
    with_roots = _rows(run(runner, "influence", "20-point", "--by", "affiliation"))
    without = _rows(run(runner, "influence", "20-point", "--by", "affiliation", "--no-roots"))
    assert "Russia" in with_roots
    assert "Russia" not in without  # Russia's only credit is the 28-point plan, a root
    assert without["United States"][:2] == ["70", "0"]


def test_influence_of_a_version_file_adds_it_to_the_corpus(runner: CliRunner, in_tmp: Path) -> None:
    _new_draft(runner)
    draft = run(runner, "influence", "my-draft.yaml", "--by", "affiliation")
    assert draft.exit_code == 0, draft.output
    assert draft.stdout.startswith("influence on my-draft: 20-point framework plan (draft)")
    original = run(runner, "influence", "20-point", "--by", "affiliation")
    assert _rows(draft)["United States"] == _rows(original)["United States"]


# --- influence: records, files, errors ------------------------------------------------------------


def test_influence_json_is_the_library_records(runner: CliRunner) -> None:
    result = run(runner, "influence", "20-point", "--by", "affiliation", "--format", "json")
    assert result.exit_code == 0, result.output
    records = json.loads(result.stdout)
    assert records == load_corpus().influence(["20-point"], by="affiliation").to_records()
    assert [r["actor"] for r in records][:3] == ["us", "ukraine", "russia"]


def test_influence_csv_is_one_row_per_actor_and_head(runner: CliRunner) -> None:
    result = run(runner, "influence", "20-point", "prosperity-plan", "-f", "csv")
    rows = list(csv.DictReader(io.StringIO(result.stdout)))
    expected = load_corpus().influence(["20-point", "prosperity-plan"]).to_records()
    assert len(rows) == len(expected)
    assert list(rows[0]) == list(expected[0])
    us = {r["head"]: r for r in rows if r["actor"] == "us"}
    assert (us["20-point"]["survived"], us["20-point"]["contested"]) == ("42", "0")
    assert {r["head"] for r in rows} == {"20-point", "prosperity-plan"}


@pytest.mark.parametrize(
    ("fmt", "marker"), [("md", "## influence 20-point\n"), ("html", "<caption>influence 20-point")]
)
def test_influence_md_and_html_are_tables_of_the_records(runner: CliRunner, fmt: str, marker: str) -> None:
    result = run(runner, "influence", "20-point", "--format", fmt)
    assert result.exit_code == 0
    assert marker in result.stdout
    assert "ukraine" in result.stdout
    assert "contested" in result.stdout


def test_influence_long_is_the_field_by_field_listing(runner: CliRunner) -> None:
    long = run(runner, "influence", "20-point", "--long")
    records = json.loads(run(runner, "influence", "20-point", "-f", "json").stdout)
    assert long.stdout.rstrip("\n") == render_records(records, "text", title="influence 20-point", width=100).rstrip(
        "\n"
    )
    assert "unreached: " in long.stdout


def test_influence_output_writes_a_file_and_nothing_to_stdout(runner: CliRunner, in_tmp: Path) -> None:
    result = run(runner, "influence", "20-point", "--color", "-o", "influence.txt")
    assert result.exit_code == 0
    assert result.stdout == ""
    assert result.stderr == "peaceplan: wrote influence.txt\n"
    text = (in_tmp / "influence.txt").read_text(encoding="utf-8")
    assert text.startswith("influence on 20-point")
    assert "\x1b[" not in text
    assert run(runner, "influence", "20-point", "-f", "csv", "-o", "influence.csv").exit_code == 0
    assert (in_tmp / "influence.csv").read_text(encoding="utf-8").startswith("actor,head,proposed,")


def test_influence_of_an_unknown_version_is_one_line(runner: CliRunner) -> None:
    assert_one_line_error(run(runner, "influence", "99-point"), "no version '99-point'", "known: 20-point")


def test_influence_by_something_else_is_a_usage_error(runner: CliRunner) -> None:
    result = run(runner, "influence", "--by", "party")
    _assert_usage_error(result, "Invalid value for '--by': 'party' is not one of 'actor', 'affiliation'", "influence")


# --- synopsis --------------------------------------------------------------------------------------


def test_synopsis_text_aligns_each_lineage_across_the_drafts(runner: CliRunner) -> None:
    result = run(runner, "synopsis", *THREE)
    assert result.exit_code == 0, result.output
    lines = result.stdout.splitlines()
    assert lines[0] == "synopsis 28-point geneva-19 20-point — 29 rows"
    assert lines[1].split() == ["origin", "title", *THREE]
    rows = _rows(result)
    assert rows["28-point#21"] == ["Territory", "21 new", "13 modified", "14 modified"]
    assert rows["28-point#26"] == ["Amnesty", "26 new", "dropped", "dropped"]
    # 20-point#5 takes up 28-point#5 again through a curated link: on its row, not a split of it
    assert rows["28-point#5"] == ["Security guarantees", "5 new", "3 reworded", "3, 5 modified"]
    assert rows["20-point#10"] == ["Free trade with the US", "10 new"]  # only in the last draft
    territory = next(line for line in lines if line.startswith("28-point#21 "))
    assert territory == "28-point#21  Territory                             21 new    13 modified  14 modified"


def test_synopsis_text_agrees_with_the_library_on_every_row(runner: CliRunner) -> None:
    rows = _rows(run(runner, "synopsis", *THREE))
    table = load_corpus().synopsis(list(THREE))
    assert len(rows) == len(table) + 1  # and the header
    for row in table:
        shown = rows[str(row.origin)]
        assert shown[0] == row.title
        assert shown[1:] == [str(cell) for cell in row.cells if str(cell)]


def test_synopsis_json_and_csv_are_the_library_records(runner: CliRunner) -> None:
    expected = load_corpus().synopsis(list(THREE)).to_records()
    assert json.loads(run(runner, "synopsis", *THREE, "-f", "json").stdout) == expected
    rows = list(csv.DictReader(io.StringIO(run(runner, "synopsis", *THREE, "-f", "csv").stdout)))
    assert list(rows[0]) == ["origin", "title", *(f"{v}{part}" for v in THREE for part in ("", " status"))]
    territory = next(r for r in rows if r["title"] == "Territory")
    assert (territory["geneva-19"], territory["geneva-19 status"]) == ("13", "modified")


@pytest.mark.parametrize(
    ("fmt", "marker"), [("md", "| 28-point#21 | Territory | 21 | new |"), ("html", "<td>Territory</td>")]
)
def test_synopsis_md_and_html_are_tables_of_the_records(runner: CliRunner, fmt: str, marker: str) -> None:
    result = run(runner, "synopsis", *THREE, "--format", fmt)
    assert result.exit_code == 0
    assert marker in result.stdout


def test_synopsis_output_writes_a_file(runner: CliRunner, in_tmp: Path) -> None:
    result = run(runner, "synopsis", *THREE, "-f", "md", "--output", "synopsis.md")
    assert result.exit_code == 0
    assert result.stdout == ""
    assert (in_tmp / "synopsis.md").read_text(encoding="utf-8").startswith("## synopsis 28-point geneva-19 20-point\n")
    assert run(runner, "synopsis", *THREE, "--color", "-o", "synopsis.txt").exit_code == 0
    text = (in_tmp / "synopsis.txt").read_text(encoding="utf-8")
    assert "\x1b[" not in text
    assert "Territory" in text


def test_synopsis_of_a_version_file_adds_a_column_for_it(runner: CliRunner, in_tmp: Path) -> None:
    _new_draft(runner)
    result = run(runner, "synopsis", "28-point", "20-point", "my-draft.yaml")
    assert result.exit_code == 0, result.output
    assert _rows(result)["28-point#21"] == ["Territory", "21 new", "14 modified", "14 kept"]


def test_synopsis_of_an_unknown_version_is_one_line(runner: CliRunner) -> None:
    assert_one_line_error(run(runner, "synopsis", "28-point", "99-point", "20-point"), "no version '99-point'")


def test_synopsis_of_a_version_given_twice_is_one_line(runner: CliRunner) -> None:
    result = run(runner, "synopsis", "28-point", "28-point", "20-point")
    assert_one_line_error(result, "synopsis got a version twice", "give each draft once")


def test_synopsis_without_versions_is_a_usage_error(runner: CliRunner) -> None:
    _assert_usage_error(run(runner, "synopsis"), "Missing argument 'VERSION...'", "synopsis")


# --- both: width, colour, hostile text -----------------------------------------------------------


@pytest.mark.parametrize("width", [60, 80, 100, 140])
@pytest.mark.parametrize(
    "args", [("influence", "20-point"), ("influence", "--by", "affiliation"), ("synopsis", *THREE)]
)
def test_compact_views_fit_the_terminal_width(args: tuple[str, ...], width: int) -> None:
    result = CliRunner(env={"NO_COLOR": "1", "COLUMNS": str(width)}).invoke(cli, list(args))
    assert result.exit_code == 0
    assert max(len(line) for line in result.stdout.splitlines()) <= width


@pytest.mark.parametrize("command", [("influence", "20-point"), ("synopsis", *THREE)])
def test_compact_views_are_coloured_only_when_asked(runner: CliRunner, command: tuple[str, ...]) -> None:
    plain = run(runner, *command)
    coloured = run(runner, *command, "--color")
    assert "\x1b[" not in plain.stdout
    assert "\x1b[" in coloured.stdout
    assert re.sub(r"\x1b\[[0-9;]*m", "", coloured.stdout) == plain.stdout


def test_compact_views_show_hostile_text_as_text(runner: CliRunner, in_tmp: Path) -> None:
    base = load_corpus().version("20-point")
    hostile = "[bold]x[/bold] \x1b[2J\u202e008"
    added = attrs.evolve(base.provisions[0], label="99", title=hostile, derived_from=(), attributions=())
    version = attrs.evolve(
        base, id="hostile", title=hostile, parents=("20-point",), provisions=(*base.provisions, added)
    )
    files.dump_version(version, in_tmp / "hostile.yaml")
    wide = CliRunner(env={"NO_COLOR": None, "FORCE_COLOR": None, "COLUMNS": "160"})
    for args in (["influence", "hostile.yaml"], ["synopsis", "28-point", "20-point", "hostile.yaml"]):
        for colour in ("--color", "--no-color"):
            out = run(wide, *args, colour).stdout
            assert "\x1b[2J" not in out
            assert "\u202e" not in out
            assert "[bold]x[/bold] ⟨U+001B⟩[2J⟨U+202E⟩008" in re.sub(r"\x1b\[[0-9;]*m", "", out)


@pytest.mark.parametrize(
    ("args", "field"),
    [(("blame", "20-point"), "introduced_as: 4"), (("log", "peace-plan"), "proposers:"), (("influence",), "survived:")],
)
def test_a_terminal_too_narrow_for_the_columns_lists_every_field_instead(args: tuple[str, ...], field: str) -> None:
    # At 40 columns the one-line views cut whole columns (origin, parents, share) away.
    result = CliRunner(env={"NO_COLOR": "1", "COLUMNS": "40"}).invoke(cli, list(args))
    assert result.exit_code == 0
    assert field in result.stdout
    assert max(len(line) for line in result.stdout.splitlines()) <= 40
