"""The ``peaceplan`` command, run through click's test runner.

Pins the exit codes (0 no differences, 1 differences, 2 trouble), every output
format, ``--output``, one-line errors without tracebacks (and a traceback with
``--debug``), the file commands (validate, import, new), and that every
command and option is documented in ``docs/cli.md``.
"""

from __future__ import annotations

import csv
import io
import json
import os
import re
import subprocess
import sys
from pathlib import Path
from typing import Any

import attrs
import click
import jsonschema
import pytest
from cli_support import assert_one_line_error, run
from click.testing import CliRunner, Result
from referencing import Registry, Resource

from peaceplan.cli import cli
from peaceplan.compare.diff import diff
from peaceplan.corpus import load_corpus
from peaceplan.files import io as files
from peaceplan.files.io import load_version, validate_path
from peaceplan.history.blame import blame
from peaceplan.history.log import log as log_of
from peaceplan.history.thread import thread as thread_of
from peaceplan.render import render_records

ROOT = Path(__file__).resolve().parent.parent
DOCS = ROOT / "docs" / "cli.md"

BAD_VERSION = "peaceplan: 1\nid: bad\ndocument: peace-plan\ntitle: 7\nprovisions: []\n"
PLAIN_PLAN = "A plan of our own\n\n1. A ceasefire starts at once.\n2. Ukraine's army is capped at 800,000.\n"


# --- exit codes -----------------------------------------------------------------------------


def test_diff_of_different_versions_exits_1(runner: CliRunner) -> None:
    result = run(runner, "diff", "28-point", "20-point")
    assert result.exit_code == 1
    assert "600,000" in result.stdout
    assert "800,000" in result.stdout


def test_diff_of_a_version_with_itself_exits_0(runner: CliRunner) -> None:
    result = run(runner, "diff", "20-point", "20-point")
    assert result.exit_code == 0
    assert "no changes to the text" in result.stdout


def test_unknown_version_exits_2_with_one_line(runner: CliRunner) -> None:
    assert_one_line_error(run(runner, "diff", "28-point", "99-point"), "'99-point'", "known: ")


def test_usage_errors_exit_2(runner: CliRunner) -> None:
    assert run(runner, "diff", "28-point").exit_code == 2
    assert run(runner, "diff", "28-point", "20-point", "--format", "pdf").exit_code == 2


# --- formats and --output ----------------------------------------------------------------------


def _schema_validator() -> jsonschema.protocols.Validator:
    schemas = {p.name: json.loads(p.read_text(encoding="utf-8")) for p in (ROOT / "schemas").glob("*.json")}
    registry: Registry[Any] = Registry().with_resources(
        (schema["$id"], Resource.from_contents(schema)) for schema in schemas.values()
    )
    return jsonschema.Draft202012Validator(schemas["diff.schema.json"], registry=registry)


def test_json_output_is_the_diff_and_validates_against_the_schema(runner: CliRunner) -> None:
    result = run(runner, "diff", "28-point", "20-point", "--format", "json")
    assert result.exit_code == 1
    data = json.loads(result.stdout)
    validate = getattr(files, "validate_diff_data", None)
    if validate is not None:
        validate(data)
    errors = sorted(_schema_validator().iter_errors(data), key=str)
    assert not errors, errors[0]
    corpus = load_corpus()
    expected = diff(corpus.version("28-point"), corpus.version("20-point"), corpus=corpus)
    assert data == json.loads(expected.to_json())


def test_csv_output_has_one_row_per_change(runner: CliRunner) -> None:
    result = run(runner, "diff", "28-point", "20-point", "--format", "csv")
    rows = list(csv.DictReader(io.StringIO(result.stdout)))
    corpus = load_corpus()
    expected = diff(corpus.version("28-point"), corpus.version("20-point"), corpus=corpus)
    assert len(rows) == len(expected.changes)
    assert set(rows[0]) == {"old", "new", "kind", "score", "confidence", "proposers", "contested", "findings"}
    assert any("600,000" in r["findings"] and "800,000" in r["findings"] for r in rows)


@pytest.mark.parametrize("command", ["diff", "export"])
def test_a_csv_diff_traced_without_steps_is_the_table_of_the_traced_diff(runner: CliRunner, command: str) -> None:
    from peaceplan.render.table import diff_rows, render_csv

    traced = load_corpus().diff("28-point", "20-point")  # every change's steps decided
    assert any(e.steps for e in traced.entries)
    result = run(runner, command, "28-point", "20-point", "--format", "csv")
    assert result.stdout == render_csv(diff_rows(traced))


def test_the_cli_called_with_arguments_leaves_the_garbage_collector_as_it_was(monkeypatch: pytest.MonkeyPatch) -> None:
    import atexit
    import gc

    from peaceplan.cli import main

    registered: list[object] = []
    monkeypatch.setattr(atexit, "register", registered.append)
    enabled, frozen = gc.isenabled(), gc.get_freeze_count()
    with pytest.raises(SystemExit):
        main(["list", "--format", "csv"])
    assert (gc.isenabled(), gc.get_freeze_count(), registered) == (enabled, frozen, [])


@pytest.mark.parametrize(
    ("fmt", "marker"),
    [("text", "Summary:"), ("md", "## Summary"), ("html", "<!DOCTYPE html>"), ("json", '"peaceplan-diff": 1')],
)
def test_every_format_renders_the_diff(runner: CliRunner, fmt: str, marker: str) -> None:
    result = run(runner, "diff", "28-point", "20-point", "--format", fmt)
    assert result.exit_code == 1
    assert marker in result.stdout


@pytest.mark.parametrize(
    ("suffix", "marker"), [(".html", "<!DOCTYPE html>"), (".md", "## Summary"), (".csv", "old,new")]
)
def test_output_writes_a_file_in_the_format_of_its_suffix(
    runner: CliRunner, in_tmp: Path, suffix: str, marker: str
) -> None:
    result = run(runner, "diff", "28-point", "20-point", "--output", f"report{suffix}")
    assert result.exit_code == 1
    assert result.stdout == ""
    text = (in_tmp / f"report{suffix}").read_text(encoding="utf-8")
    assert text.startswith(marker) or marker in text


def test_text_is_coloured_only_when_asked(runner: CliRunner) -> None:
    plain = run(runner, "diff", "28-point", "20-point")
    coloured = run(runner, "diff", "28-point", "20-point", "--color")
    assert "\x1b[" not in plain.stdout
    assert "{+" in plain.stdout
    assert "\x1b[" in coloured.stdout
    assert "{+" not in coloured.stdout


def test_text_written_to_a_file_is_never_coloured(runner: CliRunner, in_tmp: Path) -> None:
    run(runner, "diff", "28-point", "20-point", "--color", "-o", "out.txt")
    assert "\x1b[" not in (in_tmp / "out.txt").read_text(encoding="utf-8")


def test_no_lineage_compares_the_texts_alone(runner: CliRunner) -> None:
    traced = run(runner, "diff", "28-point", "20-point", "-f", "json")
    alone = run(runner, "diff", "28-point", "20-point", "-f", "json", "--no-lineage")
    assert json.loads(traced.stdout)["path"] == ["28-point", "geneva-19", "20-point"]
    assert json.loads(alone.stdout)["path"] == []


# --- bad files: one line, no traceback ---------------------------------------------------------


def test_a_bad_version_file_is_one_line_naming_file_and_location(runner: CliRunner, in_tmp: Path) -> None:
    (in_tmp / "bad.yaml").write_text(BAD_VERSION, encoding="utf-8")
    result = run(runner, "diff", "bad.yaml", "28-point")
    assert_one_line_error(result, "bad.yaml", "line ", "more problem", "peaceplan validate bad.yaml")


def test_a_missing_version_file_is_one_line(runner: CliRunner, in_tmp: Path) -> None:
    assert_one_line_error(run(runner, "show", "nowhere.yaml"), "nowhere.yaml", "no such file")


def test_debug_shows_the_traceback(runner: CliRunner, in_tmp: Path) -> None:
    (in_tmp / "bad.yaml").write_text(BAD_VERSION, encoding="utf-8")
    result = run(runner, "--debug", "diff", "bad.yaml", "28-point")
    assert result.exit_code == 2
    assert "Traceback (most recent call last)" in result.stderr
    assert result.stderr.strip().splitlines()[-1].startswith("peaceplan: error: bad.yaml")


def test_a_bad_corpus_folder_is_one_line(runner: CliRunner, in_tmp: Path) -> None:
    assert_one_line_error(run(runner, "--corpus", str(in_tmp / "nothing"), "list"), "nothing", "does not exist")


# --- list, show, export ----------------------------------------------------------------------


def test_list_shows_every_version_of_the_corpus(runner: CliRunner) -> None:
    result = run(runner, "list", "--format", "csv")
    assert result.exit_code == 0
    ids = [row["id"] for row in csv.DictReader(io.StringIO(result.stdout))]
    assert sorted(ids) == sorted(v.id for v in load_corpus().versions)


def test_list_corpora_shows_the_built_in_corpus(runner: CliRunner) -> None:
    result = run(runner, "list", "--corpora", "--format", "json")
    assert result.exit_code == 0
    assert "ukraine-2025" in [r["name"] for r in json.loads(result.stdout)]


@pytest.mark.parametrize(("fmt", "marker"), [("text", "28-point: "), ("md", "# US 28"), ("html", "<!DOCTYPE html>")])
def test_show_renders_one_version(runner: CliRunner, fmt: str, marker: str) -> None:
    result = run(runner, "show", "28-point", "--format", fmt)
    assert result.exit_code == 0
    assert marker in result.stdout
    assert "600,000" in result.stdout


def test_show_json_is_the_version_file_form(runner: CliRunner) -> None:
    result = run(runner, "show", "28-point", "--format", "json")
    assert json.loads(result.stdout) == load_corpus().version("28-point").to_dict()


def test_export_of_one_version_and_of_a_diff(runner: CliRunner, in_tmp: Path) -> None:
    assert run(runner, "export", "20-point", "-o", "v.md").exit_code == 0
    assert run(runner, "export", "28-point", "20-point", "-o", "d.html").exit_code == 0
    assert (in_tmp / "v.md").read_text(encoding="utf-8").startswith("# ")
    assert "<del>" in (in_tmp / "d.html").read_text(encoding="utf-8")
    assert run(runner, "export", "a", "b", "c").exit_code == 2


# --- history commands ------------------------------------------------------------------------


def test_log_lists_the_versions_of_a_document(runner: CliRunner) -> None:
    result = run(runner, "log", "peace-plan", "--format", "json")
    assert result.exit_code == 0
    text = result.stdout
    assert text.index("28-point") < text.index("20-point")


def test_log_of_an_unknown_document_is_one_line(runner: CliRunner) -> None:
    assert_one_line_error(run(runner, "log", "no-such-document"), "no-such-document")


def test_blame_names_where_each_point_came_from(runner: CliRunner) -> None:
    result = run(runner, "blame", "20-point", "--format", "json")
    assert result.exit_code == 0
    records = {r["label"]: r for r in json.loads(result.stdout)}
    assert records == {r["label"]: r for r in blame(load_corpus(), "20-point").to_records()}
    assert records["4"]["origin"] == "28-point#6"


def test_thread_follows_a_topic_through_the_versions_that_have_it(runner: CliRunner) -> None:
    result = run(runner, "thread", "army size", "--format", "json")
    assert result.exit_code == 0
    versions = [r["version"] for r in json.loads(result.stdout)]
    assert versions.index("28-point") < versions.index("20-point")


def _lines_of(result: Result) -> dict[str, str]:
    """The lines of a compact view, by their first word (a label, a date, a version)."""
    return {line.split(" ", 1)[0]: line for line in result.stdout.splitlines() if line.strip()}


def test_blame_text_is_one_git_blame_line_per_provision(runner: CliRunner) -> None:
    result = run(runner, "blame", "20-point")
    assert result.exit_code == 0
    lines = _lines_of(result)
    # every point of 20-point was worded there: no column repeats it, the heading says it once
    assert result.stdout.startswith(
        "blame 20-point: 20-point framework plan · 2025-12-23 — 23 provisions, all 23 worded"
    )
    assert lines["label"] == "label  kind      proposed by             origin             text"
    assert (
        lines["4"]
        == "4      modified  E3                      ^28-point#6        Ukraine's armed forces stay at 800,000…"
    )
    assert (
        lines["5"]
        == "5      modified  United States, E3*      ^28-point#10 +1    The United States, NATO and the Europea…"
    )  # Geneva's point 5, modified; +1: it also takes up 28-point#5, which Geneva dropped
    assert lines["5.b"].split()[:2] == ["5.b", "merged"]
    assert (
        lines["5.c"]
        == "5.c    added     United States, Ukraine  20-point#5.c       Bilateral guarantees are not excluded."
    )
    assert (
        lines["18"]
        == "18     modified  E3*                     ^28-point#25       Ukraine holds elections as soon as poss…"
    )
    assert result.stdout.rstrip().endswith("^ origin predates the corpus · * inferred credit")


def test_blame_text_names_the_version_a_wording_was_written_in_only_where_it_is_another() -> None:
    wide = CliRunner(env={"NO_COLOR": "1", "COLUMNS": "160"})
    result = run(wide, "blame", "20-point-2026-01")
    lines = _lines_of(result)
    assert lines["label"].split("  ")[:2] == ["label", "worded in"]
    corpus = load_corpus()
    for line in blame(corpus, "20-point-2026-01"):
        cell = lines[line.label][7:18].strip()
        if line.introduced.version == "20-point-2026-01":
            assert cell == ""
        else:
            assert cell == (
                line.introduced.version if line.introduced.label == line.label else str(line.introduced.ref)
            )
    assert "a blank 'worded in': worded here, in 20-point-2026-01" in result.stdout


@pytest.mark.parametrize("width", [80, 100, 120, 160])
@pytest.mark.parametrize("version", ["20-point", "20-point-2026-01", "28-point"])
def test_blame_text_gives_the_text_at_least_40_columns(version: str, width: int) -> None:
    out = CliRunner(env={"NO_COLOR": "1", "COLUMNS": str(width)}).invoke(cli, ["blame", version]).stdout
    header = out.splitlines()[1]
    lines = blame(load_corpus(), version)
    if header.endswith("  text"):  # after the columns
        assert width - header.index("  text") - 2 >= 40
    else:  # on a line of its own, under each row
        texts = [row for row in out.splitlines()[2:] if row.startswith(" ")]
        assert len(texts) == len(lines)
        assert all(row[:7].strip() == "" for row in texts)
        assert any(len(row) > 40 for row in texts)


def test_blame_text_agrees_with_the_library_on_every_provision(runner: CliRunner) -> None:
    lines = _lines_of(run(runner, "blame", "20-point"))
    for line in blame(load_corpus(), "20-point"):
        assert line.introduced.version == "20-point"
        origin = ("^" if line.predates_corpus else "") + str(line.origin.ref)
        assert origin in lines[line.label].split()


def test_blame_text_marks_contested_credit(runner: CliRunner) -> None:
    wide = CliRunner(env={"NO_COLOR": "1", "COLUMNS": "160"})
    lines = _lines_of(run(wide, "blame", "28-point"))
    assert "United States, Witkoff, Kushner, Dmitriev?, Russia?" in lines["1"]
    assert "? contested credit" in wide.invoke(cli, ["blame", "28-point"]).stdout


@pytest.mark.parametrize("width", [60, 80, 100, 140])
@pytest.mark.parametrize("args", [("blame", "20-point"), ("log", "peace-plan"), ("thread", "army-size")])
def test_compact_history_views_fit_the_terminal_width(args: tuple[str, ...], width: int) -> None:
    result = CliRunner(env={"NO_COLOR": "1", "COLUMNS": str(width)}).invoke(cli, list(args))
    assert result.exit_code == 0
    assert max(len(line) for line in result.stdout.splitlines()) <= width


def test_blame_text_puts_the_text_on_a_second_line_when_narrow(runner: CliRunner) -> None:
    narrow = CliRunner(env={"NO_COLOR": "1", "COLUMNS": "70"})
    lines = run(narrow, "blame", "20-point").stdout.splitlines()
    at = next(i for i, line in enumerate(lines) if line.startswith("4 "))
    assert lines[at].split() == ["4", "modified", "E3", "^28-point#6"]
    assert lines[at + 1].strip().startswith("Ukraine's armed forces stay at 800,000")


def test_log_text_is_one_line_per_version(runner: CliRunner) -> None:
    result = run(runner, "log", "peace-plan")
    assert result.exit_code == 0
    lines = result.stdout.splitlines()
    assert lines[1].split() == ["date", "version", "status", "fidelity", "points", "parents", "proposed", "by"]
    corpus = load_corpus()
    for entry, line in zip(log_of(corpus, "peace-plan"), lines[2:], strict=False):
        version = corpus.version(entry.version)
        assert line.startswith(str(entry.date))
        assert f" {entry.version} " in line
        assert f" {len(version.provisions)}  " in line
    assert lines[3] == "2025-11-23    e3-counter        leaked    partial            25  28-point   E3"


def test_list_log_and_show_count_the_points_of_every_version_the_same_way(runner: CliRunner) -> None:
    corpus = load_corpus()
    listed = {
        row["id"]: int(row["points"]) for row in csv.DictReader(io.StringIO(run(runner, "list", "-f", "csv").stdout))
    }
    wide = CliRunner(env={"NO_COLOR": "1", "COLUMNS": "200"})
    logged = {}
    for line in run(wide, "log").stdout.splitlines()[2:]:
        cells = line.split()
        at = next((i for i, cell in enumerate(cells) if cell in listed), None)
        if at is not None:  # a version's row, not the legend
            logged[cells[at]] = int(cells[at + 3])
    for version in corpus.ordered():
        points, every = len(version.provisions), sum(1 for _ in version.walk())
        said = f"{points} points" + (f", {every} with sub-points" if every != points else "")
        assert listed[version.id] == logged[version.id] == points
        assert f" · {said}" in run(wide, "show", version.id).stdout.splitlines()[1]
        assert f" · {said}" in run(runner, "show", version.id, "-f", "md").stdout
        assert f" · {said}</p>" in run(runner, "show", version.id, "-f", "html").stdout
    assert " · 28 points, 43 with sub-points" in run(wide, "show", "28-point").stdout


def test_thread_text_is_one_block_per_version_with_findings_and_redline(runner: CliRunner) -> None:
    result = run(runner, "thread", "army size")
    assert result.exit_code == 0
    blocks = result.stdout.split("\n\n")
    assert blocks[0].startswith("thread army-size (topic)")
    e3 = next(b for b in blocks if b.startswith("e3-counter#6"))
    assert e3.splitlines() == [
        "e3-counter#6  2025-11-23  peace-plan",
        "  ~ modified from 28-point#6  by E3",
        "    ! Army size raised from 600,000 to 800,000",
        '    ! qualifier added: "in peacetime"',
        "    Ukraine's armed forces are [-capped at 600,000 personnel-]{+limited to 800,000 in peacetime+}.",
    ]
    versions = [b.split()[0].split("#")[0] for b in blocks[1:]]
    assert versions == list(thread_of(load_corpus(), "army size").versions)


@pytest.mark.parametrize("command", [("blame", "20-point"), ("log", "peace-plan"), ("thread", "army-size")])
def test_compact_history_views_are_coloured_only_when_asked(runner: CliRunner, command: tuple[str, ...]) -> None:
    plain = run(runner, *command)
    coloured = run(runner, *command, "--color")
    assert "\x1b[" not in plain.stdout
    assert "\x1b[" in coloured.stdout
    if command[0] == "thread":
        assert "{+" in plain.stdout
        assert "{+" not in coloured.stdout


@pytest.mark.parametrize("command", [("blame", "20-point"), ("log", "peace-plan"), ("thread", "army-size")])
def test_long_keeps_the_field_by_field_listing(runner: CliRunner, command: tuple[str, ...]) -> None:
    long = run(runner, *command, "--long")
    assert long.exit_code == 0
    records = json.loads(run(runner, *command, "--format", "json").stdout)
    title = " ".join(command)
    assert long.stdout.rstrip("\n") == render_records(records, "text", title=title, width=100).rstrip("\n")


def test_compact_blame_shows_hostile_text_as_text(runner: CliRunner, in_tmp: Path) -> None:
    base = load_corpus().version("20-point")
    hostile = "[bold]x[/bold] \x1b[2J\x1b[31mred \u202e008"
    first = attrs.evolve(base.provisions[0], text=hostile)
    version = attrs.evolve(base, id="hostile", parents=("20-point",), provisions=(first, *base.provisions[1:]))
    files.dump_version(version, in_tmp / "hostile.yaml")
    wide = CliRunner(env={"NO_COLOR": None, "FORCE_COLOR": None, "COLUMNS": "160"})
    for args in (["blame", "hostile.yaml"], ["blame", "hostile.yaml", "--color"]):
        out = run(wide, *args).stdout
        assert "\x1b[2J" not in out
        assert "\u202e" not in out
        assert "[bold]x[/bold] ⟨U+001B⟩[2J" in re.sub(r"\x1b\[[0-9;]*m", "", out)


# --- validate, import, new ----------------------------------------------------------------------


def test_validate_a_good_file_exits_0(runner: CliRunner, in_tmp: Path) -> None:
    result = run(runner, "show", "28-point", "-f", "json", "-o", "good.json")
    assert result.exit_code == 0
    result = run(runner, "validate", "good.json")
    assert result.exit_code == 0
    assert result.stdout == "ok: good.json (checked with corpus 'ukraine-2025')\n"


def test_validate_prints_every_problem_with_file_line_and_pointer(runner: CliRunner, in_tmp: Path) -> None:
    (in_tmp / "bad.yaml").write_text(BAD_VERSION, encoding="utf-8")
    result = run(runner, "validate", "bad.yaml")
    assert result.exit_code == 2
    lines = result.stdout.splitlines()
    assert lines == [str(p) for p in validate_path("bad.yaml")]
    assert len(lines) == 2
    assert "bad.yaml, line 4, at /title: expected text" in result.stdout


def test_validate_a_corpus_folder(runner: CliRunner) -> None:
    folder = ROOT / "peaceplan" / "data" / "ukraine-2025"
    result = run(runner, "validate", str(folder))
    assert result.exit_code == 0
    assert result.stdout.startswith("ok: ")


def test_new_writes_an_editable_copy_that_diffs_against_its_parent(runner: CliRunner, in_tmp: Path) -> None:
    result = run(runner, "new", "--from", "20-point", "--id", "my-draft", "--proposed-by", "ukraine")
    assert result.exit_code == 0, result.output
    copy = load_version(in_tmp / "my-draft.yaml")
    assert copy.parents == ("20-point",)
    assert copy.status.value == "draft"
    parent = load_corpus().version("20-point")
    assert [(path, p.text) for path, p in copy.walk()] == [(path, p.text) for path, p in parent.walk()]
    again = run(runner, "new", "--from", "20-point", "--id", "my-draft")
    assert_one_line_error(again, "my-draft.yaml", "--force")
    result = run(runner, "diff", "20-point", "my-draft.yaml", "-f", "json")
    assert json.loads(result.stdout)["summary"]["by_kind"] == {}


def test_a_point_rewritten_in_a_new_copy_is_credited_to_the_copy_s_proposers(runner: CliRunner, in_tmp: Path) -> None:
    # The parent's point 4 carries its own credit (the E3's proposal); the copy's proposer rewrites it.
    assert "e3" in [a.actor for a in load_corpus().version("20-point").provision("4").attributions]
    assert run(runner, "new", "--from", "20-point", "--id", "mine", "--proposed-by", "russia").exit_code == 0
    text = (in_tmp / "mine.yaml").read_text(encoding="utf-8")
    (in_tmp / "mine.yaml").write_text(text.replace("stay at 800,000", "stay at 700,000"), encoding="utf-8")
    changes = json.loads(run(runner, "diff", "20-point", "mine.yaml", "-f", "json").stdout)["changes"]
    (changed,) = [c for c in changes if c["kind"] != "unchanged"]
    assert [a["actor"] for a in changed["attributions"]] == ["russia"]
    assert not any(p.derived_from or p.attributions for _, p in load_version(in_tmp / "mine.yaml").walk())
    assert run(runner, "new", "--from", "mine.yaml", "--id", "mine-2").exit_code == 0
    assert load_version(in_tmp / "mine-2.yaml").title.count("(draft)") == 1


def test_import_writes_a_valid_version_and_prints_the_report(runner: CliRunner, in_tmp: Path) -> None:
    (in_tmp / "plan.txt").write_text(PLAIN_PLAN, encoding="utf-8")
    result = run(
        runner, "import", "plan.txt", "--id", "mine", "--date", "2026-01-15", "--proposed-by", "ukraine",
        "--parent", "20-point", "--output", "mine.yaml",
    )  # fmt: skip
    assert result.exit_code == 0, result.output
    assert validate_path(in_tmp / "mine.yaml") == []
    version = load_version(in_tmp / "mine.yaml")
    assert version.document == "peace-plan"
    assert version.parents == ("20-point",)
    assert [p.label for p in version.provisions] == ["1", "2"]
    assert "title" in result.stdout


MARKDOWN_PLAN = (
    "# A plan of our own\n\n1. **Ceasefire.** Fighting stops at once.\n2. **Army size.** Capped at 800,000.\n"
)


def test_import_reads_a_markdown_file_as_markdown(runner: CliRunner, in_tmp: Path) -> None:
    (in_tmp / "plan.md").write_text(MARKDOWN_PLAN, encoding="utf-8")
    result = run(runner, "import", "plan.md", "--id", "md-plan", "--document", "peace-plan", "--output", "md.yaml")
    assert result.exit_code == 0, result.output
    version = load_version(in_tmp / "md.yaml")
    assert version.title == "A plan of our own"
    assert [(p.title, p.text) for p in version.provisions] == [
        ("Ceasefire", "Fighting stops at once."),
        ("Army size", "Capped at 800,000."),
    ]


def test_import_reads_a_word_file_by_its_extension(runner: CliRunner, in_tmp: Path) -> None:
    docx = pytest.importorskip("docx")
    document = docx.Document()
    document.add_paragraph("1. Fighting stops at once.")
    document.add_paragraph("2. Territories: (a) the line is frozen; (b) a zone is demilitarised.")
    document.save(str(in_tmp / "plan.docx"))
    result = run(runner, "import", "plan.docx", "--id", "word", "--document", "peace-plan", "--output", "w.yaml")
    assert result.exit_code == 0, result.output
    version = load_version(in_tmp / "w.yaml")
    assert [c.label for c in version.provision("2").children] == ["a", "b"]


def test_import_no_split_inline_keeps_inline_sub_points_as_text(runner: CliRunner, in_tmp: Path) -> None:
    (in_tmp / "plan.txt").write_text("1. Territories: (a) the line is frozen; (b) a zone is made.\n", encoding="utf-8")
    args = ("import", "plan.txt", "--document", "peace-plan")
    assert run(runner, *args, "--id", "split", "--output", "s.yaml").exit_code == 0
    assert run(runner, *args, "--id", "whole", "--output", "w.yaml", "--no-split-inline").exit_code == 0
    assert [c.label for c in load_version(in_tmp / "s.yaml").provision("1").children] == ["a", "b"]
    whole = load_version(in_tmp / "w.yaml").provision("1")
    assert whole.children == ()
    assert whole.text.endswith("(a) the line is frozen; (b) a zone is made.")


def test_import_into_a_new_folder_creates_a_corpus_the_version_diffs_in(runner: CliRunner, in_tmp: Path) -> None:
    (in_tmp / "plan.txt").write_text(PLAIN_PLAN, encoding="utf-8")
    args = ["import", "plan.txt", "--id", "mine", "--parent", "20-point", "--proposed-by", "ukraine"]
    result = run(runner, *args, "--corpus", "mine-corpus")
    assert result.exit_code == 0, result.output
    assert "created corpus folder mine-corpus" in result.stderr
    corpus = load_corpus(in_tmp / "mine-corpus")
    assert {v.id for v in corpus} == {v.id for v in load_corpus()} | {"mine"}
    compared = run(runner, "--corpus", "mine-corpus", "diff", "20-point", "mine", "-f", "json")
    assert compared.exit_code == 1, compared.output
    assert json.loads(compared.stdout)["new"]["id"] == "mine"


def test_new_into_an_existing_corpus_folder_adds_one_file(runner: CliRunner, in_tmp: Path) -> None:
    assert run(runner, "new", "--from", "20-point", "--id", "a", "--corpus", "c").exit_code == 0
    before = sorted(p.name for p in (in_tmp / "c" / "versions").iterdir())
    result = run(runner, "new", "--from", "a", "--id", "b", "--corpus", "c")
    assert result.exit_code == 0, result.output
    assert sorted(p.name for p in (in_tmp / "c" / "versions").iterdir()) == sorted([*before, "b.yaml"])
    assert load_corpus(in_tmp / "c").version("b").parents == ("a",)


def test_import_refuses_a_folder_that_is_neither_a_corpus_nor_empty(runner: CliRunner, in_tmp: Path) -> None:
    (in_tmp / "plan.txt").write_text(PLAIN_PLAN, encoding="utf-8")
    (in_tmp / "stuff").mkdir()
    (in_tmp / "stuff" / "notes.txt").write_text("x", encoding="utf-8")
    result = run(runner, "import", "plan.txt", "--id", "mine", "--document", "plan", "--corpus", "stuff")
    assert_one_line_error(result, "stuff", "corpus.yaml", "empty folder")


def test_import_that_would_break_the_corpus_writes_nothing(runner: CliRunner, in_tmp: Path) -> None:
    (in_tmp / "plan.txt").write_text(PLAIN_PLAN, encoding="utf-8")
    result = run(runner, "import", "plan.txt", "--id", "mine", "--proposed-by", "ukraine", "--corpus", "c")
    assert_one_line_error(result, "'imported'", "/document", "Nothing was written")
    assert not (in_tmp / "c").exists()


# --- help and docs --------------------------------------------------------------------------


def _commands() -> dict[str, click.Command]:
    return dict(sorted(cli.commands.items()))


@pytest.mark.parametrize("name", list(_commands()))
def test_every_command_has_help_with_examples(runner: CliRunner, name: str) -> None:
    result = run(runner, name, "--help")
    assert result.exit_code == 0
    assert "Examples:" in result.stdout
    assert "peaceplan " + name in result.stdout


@pytest.mark.parametrize("name", list(_commands()))
def test_every_command_and_option_is_documented(name: str) -> None:
    docs = DOCS.read_text(encoding="utf-8")
    section = re.search(rf"^## peaceplan {re.escape(name)}\n(.*?)(?=^## |\Z)", docs, re.MULTILINE | re.DOTALL)
    assert section is not None, f"docs/cli.md has no '## peaceplan {name}' section"
    for param in _commands()[name].params:
        for opt in getattr(param, "opts", []):
            if opt.startswith("-") and opt != "--help":
                assert f"`{opt}" in section.group(1), f"option {opt} of '{name}' is not documented in docs/cli.md"


def test_global_options_are_documented() -> None:
    docs = DOCS.read_text(encoding="utf-8")
    for param in cli.params:
        for opt in getattr(param, "opts", []):
            assert f"`{opt}" in docs, opt


def test_python_dash_m_runs_the_same_command() -> None:
    result = subprocess.run(
        [sys.executable, "-m", "peaceplan", "diff", "28-point", "28-point"], capture_output=True, text=True, check=False
    )
    assert result.returncode == 0, result.stderr
    assert "Summary:" in result.stdout


def test_diff_with_exit_zero_exits_0_although_the_versions_differ(runner: CliRunner) -> None:
    plain = runner.invoke(cli, ["diff", "28-point", "20-point", "--no-color"])
    zero = runner.invoke(cli, ["diff", "28-point", "20-point", "--no-color", "--exit-zero"])
    assert (plain.exit_code, zero.exit_code) == (1, 0)
    assert zero.output == plain.output


# --- a version file checked with the corpus it is used with ------------------------------


def _copy_of_20_point(runner: CliRunner, in_tmp: Path, version_id: str, *, edit: tuple[str, str] | None = None) -> str:
    assert run(runner, "new", "--from", "20-point", "--id", version_id, "--proposed-by", "ukraine").exit_code == 0
    path = in_tmp / f"{version_id}.yaml"
    if edit:
        path.write_text(path.read_text(encoding="utf-8").replace(*edit), encoding="utf-8")
    return path.name


def test_validate_checks_a_version_file_with_the_corpus_it_belongs_to(runner: CliRunner, in_tmp: Path) -> None:
    good = _copy_of_20_point(runner, in_tmp, "good")
    bad = _copy_of_20_point(runner, in_tmp, "bad", edit=("actor: ukraine", "actor: ukrane"))
    ok = run(runner, "validate", good)
    assert ok.exit_code == 0
    assert ok.stdout.strip() == f"ok: {good} (checked with corpus 'ukraine-2025')"
    result = run(runner, "validate", bad)
    assert result.exit_code == 2
    first = result.stdout.splitlines()[0]
    assert first.startswith(f"{bad}, at /attributions/0/actor: ")
    assert "actor 'ukrane' is not defined in the actors file; did you mean 'ukraine'?" in first


def test_validate_says_when_a_file_belongs_to_no_corpus_it_knows(runner: CliRunner, in_tmp: Path) -> None:
    name = _copy_of_20_point(runner, in_tmp, "other", edit=("document: peace-plan", "document: my-plan"))
    result = run(runner, "validate", name)
    assert result.exit_code == 0
    assert "not checked against a corpus: document 'my-plan' is not in 'ukraine-2025'; use --corpus" in result.stdout


def test_validate_checks_a_file_in_a_corpus_folder_with_that_folder(runner: CliRunner, in_tmp: Path) -> None:
    args = ("--from", "20-point", "--id", "ua1", "--proposed-by", "ukraine", "--corpus", "mine")
    assert run(runner, "new", *args).exit_code == 0
    path = in_tmp / "mine" / "versions" / "ua1.yaml"
    path.write_text(path.read_text(encoding="utf-8").replace("actor: ukraine", "actor: ukrane"), encoding="utf-8")
    result = run(runner, "validate", str(Path("mine", "versions", "ua1.yaml")))
    assert result.exit_code == 2
    assert "line 10, at /attributions/0/actor: actor 'ukrane'" in result.stdout
    assert run(runner, "validate", str(Path("mine", "versions", "20-point.yaml"))).exit_code == 0


def test_a_problem_a_file_has_only_with_the_corpus_names_the_file(runner: CliRunner, in_tmp: Path) -> None:
    name = _copy_of_20_point(runner, in_tmp, "other", edit=("document: peace-plan", "document: my-plan"))
    assert_one_line_error(run(runner, "blame", name), f"{name}, at /document", "(with corpus 'ukraine-2025')")


def test_a_file_standing_in_for_a_corpus_version_is_said_on_stderr(runner: CliRunner, in_tmp: Path) -> None:
    name = _copy_of_20_point(runner, in_tmp, "twin", edit=("stay at 800,000", "stay at 700,000"))
    path = in_tmp / name
    text = path.read_text(encoding="utf-8").replace("id: twin", "id: 20-point", 1)
    text = text.replace("parents: [20-point]", "parents: [geneva-19]", 1)
    path.write_text(text, encoding="utf-8")
    result = run(runner, "blame", name)
    assert result.exit_code == 0, result.output
    assert f"peaceplan: warning: {name}: id '20-point' is also a version of corpus 'ukraine-2025'" in result.stderr


@pytest.mark.parametrize(
    ("args", "words"),
    [
        (("diff", "28-point", "20-point", "-f", "pdf"), "Invalid value for '--format' / '-f': 'pdf' is not one of"),
        (("diff", "28-point"), "Missing argument 'NEW' (see 'peaceplan diff --help')"),
        (("difff",), "No such command 'difff'. Did you mean 'diff'? (see 'peaceplan --help')"),
        (("--bogus", "list"), "No such option '--bogus'"),
        (("validate", "nothing.yaml"), "Path 'nothing.yaml' does not exist (see 'peaceplan validate --help')"),
    ],
)
def test_a_usage_mistake_is_one_line_naming_the_help_to_read(
    runner: CliRunner, in_tmp: Path, args: tuple[str, ...], words: str
) -> None:
    assert_one_line_error(run(runner, *args), words)


def test_writing_into_a_folder_that_does_not_exist_says_so_in_one_line(runner: CliRunner, in_tmp: Path) -> None:
    result = run(runner, "diff", "28-point", "20-point", "-o", str(Path("missing", "report.html")))
    assert_one_line_error(result, "the folder 'missing' does not exist; create it, or write elsewhere")
    (in_tmp / "plan.txt").write_text("1. A ceasefire.\n", encoding="utf-8")
    result = run(
        runner, "import", "plan.txt", "--id", "x", "--document", "peace-plan", "-o", str(Path("missing", "x.yaml"))
    )
    assert_one_line_error(result, "x.yaml: the folder 'missing' does not exist")
    assert not list(in_tmp.glob("**/*.tmp"))


@pytest.mark.parametrize(
    ("args", "name"),
    [
        (args, name)
        for args in [
            ("show", "20-point"),
            ("export", "20-point"),
            ("export", "28-point", "20-point"),
            ("diff", "28-point", "20-point"),
        ]
        for name in ["plan.pdf", "out.docx", "report.odt"]
        if not (args[0] == "export" and name == "out.docx")  # export writes Word redlines (test_render_docx)
    ],
)
def test_an_output_suffix_no_format_writes_is_refused_and_nothing_written(
    runner: CliRunner, in_tmp: Path, args: tuple[str, ...], name: str
) -> None:
    result = run(runner, *args, "-o", name)
    assert_one_line_error(result, f"{name}: no format is written as '{Path(name).suffix}'", ".md", "--format")
    assert not (in_tmp / name).exists()
    assert run(runner, "show", "20-point", "-o", "plan.txt").stderr == "peaceplan: wrote plan.txt\n"


def test_importing_text_without_numbered_points_warns(runner: CliRunner, in_tmp: Path) -> None:
    (in_tmp / "prose.txt").write_text("Just prose.\nMore prose.\n", encoding="utf-8")
    result = run(runner, "import", "prose.txt", "--id", "prose", "--document", "peace-plan", "-o", "prose.yaml")
    assert result.exit_code == 0
    assert "peaceplan: warning: prose.txt: no numbered points found" in result.stderr
    (in_tmp / "plan.txt").write_text("1. A ceasefire.\n", encoding="utf-8")
    result = run(runner, "import", "plan.txt", "--id", "plan", "--document", "peace-plan", "-o", "plan.yaml")
    assert "no numbered points" not in result.stderr


@pytest.mark.parametrize("content", ["", "\n\n   \n", "\ufeff"])
def test_importing_an_empty_file_is_refused_and_nothing_written(runner: CliRunner, in_tmp: Path, content: str) -> None:
    (in_tmp / "empty.txt").write_text(content, encoding="utf-8")
    result = run(runner, "import", "empty.txt", "--id", "empty", "--document", "peace-plan")
    assert_one_line_error(result, "empty.txt: no text to import", "nothing was written")
    assert not (in_tmp / "empty.yaml").exists()


@pytest.mark.parametrize("command", ["import", "new"])
def test_an_unknown_proposer_is_refused_before_anything_is_written(
    runner: CliRunner, in_tmp: Path, command: str
) -> None:
    (in_tmp / "plan.txt").write_text("1. A ceasefire.\n", encoding="utf-8")
    source = ("plan.txt",) if command == "import" else ("--from", "20-point")
    result = run(runner, command, *source, "--id", "mine", "--proposed-by", "ukraine", "--proposed-by", "nobody")
    assert_one_line_error(result, "--proposed-by: no actor 'nobody' in corpus 'ukraine-2025'", "russia")
    assert not (in_tmp / "mine.yaml").exists()
    assert run(runner, command, *source, "--id", "mine", "--proposed-by", "ukraine").exit_code == 0
    assert (in_tmp / "mine.yaml").exists()


def test_import_without_a_document_says_where_it_filed_the_version(runner: CliRunner, in_tmp: Path) -> None:
    (in_tmp / "plan.txt").write_text("1. A ceasefire.\n", encoding="utf-8")
    result = run(runner, "import", "plan.txt", "--id", "plan", "-o", "plan.yaml")
    assert result.exit_code == 0
    assert "peaceplan: note: no --document given, so 'plan' is filed under document 'imported'" in result.stderr
    assert "not in the corpus manifest" not in result.stderr


def test_a_bad_corpus_from_the_environment_is_said_to_come_from_it(
    runner: CliRunner, in_tmp: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("PEACEPLAN_CORPUS", str(in_tmp / "nope"))
    result = runner.invoke(cli, ["diff", "28-point", "20-point"], catch_exceptions=False)
    assert_one_line_error(result, "nope", "named by the PEACEPLAN_CORPUS environment variable")


def test_showing_a_text_plan_points_to_import(runner: CliRunner, in_tmp: Path) -> None:
    (in_tmp / "plan.txt").write_text("1. A ceasefire.\n", encoding="utf-8")
    assert_one_line_error(run(runner, "show", "plan.txt"), "expected a .yaml, .yml or .json file", "peaceplan import")


def test_a_thread_of_a_version_without_a_label_asks_for_the_label(runner: CliRunner) -> None:
    assert_one_line_error(
        run(runner, "thread", "20-point"), "'20-point' is a version, not a topic", "thread 20-point 4"
    )


def test_an_option_missing_its_value_names_the_command_s_help(runner: CliRunner) -> None:
    assert_one_line_error(run(runner, "diff", "--format"), "requires an argument (see 'peaceplan diff --help')")


@pytest.mark.skipif(os.name == "nt", reason="symbolic links need privileges on Windows")
def test_writing_through_a_symbolic_link_keeps_the_link(runner: CliRunner, in_tmp: Path) -> None:
    (in_tmp / "real.txt").write_text("old", encoding="utf-8")
    (in_tmp / "link.txt").symlink_to("real.txt")
    assert run(runner, "show", "20-point", "-o", "link.txt").exit_code == 0
    assert (in_tmp / "link.txt").is_symlink()
    assert (in_tmp / "real.txt").read_text(encoding="utf-8").startswith("20-point: ")


def test_validate_says_when_the_file_s_corpus_folder_does_not_load(runner: CliRunner, in_tmp: Path) -> None:
    args = ("--from", "20-point", "--id", "ua1", "--proposed-by", "ukraine", "--corpus", "mine")
    assert run(runner, "new", *args).exit_code == 0
    other = in_tmp / "mine" / "versions" / "28-point.yaml"
    other.write_text(other.read_text(encoding="utf-8") + "title: [\n", encoding="utf-8")
    result = run(runner, "validate", str(Path("mine", "versions", "ua1.yaml")))
    assert result.exit_code == 0
    assert (
        "(not checked against corpus folder 'mine': 1 problem in its other files; run 'peaceplan validate mine')"
        in (result.stdout)
    )


def test_validate_checks_a_corpus_folder_once_for_all_its_files(
    runner: CliRunner, in_tmp: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from peaceplan.cli import versions

    args = ("--from", "20-point", "--id", "ua1", "--proposed-by", "ukraine", "--corpus", "mine")
    assert run(runner, "new", *args).exit_code == 0
    checked: list[str] = []

    def counting(path: Any, *, verify: bool = True) -> Any:
        checked.append(str(path))
        return files.validate_path(path, verify=verify)

    monkeypatch.setattr(versions, "validate_path", counting)
    names = [str(Path("mine", "versions", f"{v}.yaml")) for v in ("ua1", "20-point", "28-point")]
    result = run(runner, "validate", *names)
    assert result.exit_code == 0
    assert result.stdout.count("(checked with corpus folder 'mine')") == 3
    assert checked == [*names[:1], "mine", *names[1:]]  # each file, and the folder once
