"""Integrity: digests written into version files, saved diffs and a corpus's digests.json, checked on load.

The sweep tests edit one character at a time (substitute, insert, delete; seeded) and
classify each edit: refused, or loaded as exactly the content that was written (an edit
that changes nothing, such as a space after a colon). None may load as other content.
"""

from __future__ import annotations

import json
import random
import shutil
from collections import Counter
from collections.abc import Callable
from pathlib import Path

import pytest
from click.testing import CliRunner
from hypothesis import given
from hypothesis import strategies as st
from strategies import versions

import peaceplan
from peaceplan import (
    Diff,
    IntegrityError,
    IntegrityWarning,
    PeaceplanError,
    ValidationError,
    Version,
    dump_version,
    load_corpus,
    load_version,
    validate_path,
    verify_corpus,
    write_digests,
)
from peaceplan.cli import cli
from peaceplan.files.io import DIGESTS_FILE, corpus_location

BUILT_IN = Path(str(corpus_location("ukraine-2025")))
EDITS = 600
POOL = "abcdefgxyz ABZ019.,:;-_#'\"[]{}\n\t\\éж€"


def _one_char_edits(text: str, count: int, seed: int) -> list[str]:
    rng = random.Random(seed)
    edits = []
    for _ in range(count):
        at = rng.randrange(len(text))
        op, char = rng.choice(("substitute", "insert", "delete")), rng.choice(POOL)
        if op == "substitute":
            char = char if char != text[at] else "q" if text[at] != "q" else "r"
            edits.append(text[:at] + char + text[at + 1 :])
        elif op == "insert":
            edits.append(text[:at] + char + text[at:])
        else:
            edits.append(text[:at] + text[at + 1 :])
    return edits


def _classify(load: Callable[[str], object], original: object, edits: list[str]) -> Counter[str]:
    """How many edits were refused, loaded as the original content, or loaded as other content."""
    outcome: Counter[str] = Counter()
    for text in edits:
        try:
            loaded = load(text)
        except PeaceplanError:
            outcome["refused"] += 1
            continue
        outcome["same content" if loaded == original else "ACCEPTED OTHER CONTENT"] += 1
    return outcome


@pytest.fixture(scope="module")
def geneva() -> Version:
    return load_corpus().version("geneva-19")


# --- version files ----------------------------------------------------------------


def test_dump_version_writes_the_content_digest_second(tmp_path: Path, geneva: Version) -> None:
    dump_version(geneva, tmp_path / "v.yaml")
    lines = (tmp_path / "v.yaml").read_text(encoding="utf-8").splitlines()
    assert lines[:2] == ["peaceplan: 1", f"digest: {geneva.digest}"]
    assert load_version(tmp_path / "v.yaml") == geneva


def test_a_draft_written_without_a_digest_loads_after_any_edit(tmp_path: Path, geneva: Version) -> None:
    dump_version(geneva, tmp_path / "v.yaml", digest=False)
    text = (tmp_path / "v.yaml").read_text(encoding="utf-8")
    assert "digest" not in text
    (tmp_path / "v.yaml").write_text(text.replace("Geneva", "Genf", 1), encoding="utf-8")
    assert load_version(tmp_path / "v.yaml") != geneva


@pytest.mark.parametrize("suffix", [".yaml", ".json"])
def test_a_changed_version_file_is_refused_naming_the_file_and_the_digest_line(
    tmp_path: Path, geneva: Version, suffix: str
) -> None:
    path = tmp_path / f"v{suffix}"
    dump_version(geneva, path)
    path.write_text(path.read_text(encoding="utf-8").replace("800,000", "900,000"), encoding="utf-8")
    with pytest.raises(IntegrityError) as caught:
        load_version(path)
    (problem,) = caught.value.problems
    assert (problem.file, problem.line, problem.pointer) == (str(path), 2 if suffix == ".yaml" else 3, "/digest")
    with pytest.warns(IntegrityWarning):
        edited = load_version(path, verify=False)
    assert f"({geneva.digest[:12]}…; the content hashes to {edited.digest[:12]}…)" in str(problem)
    assert "the file changed after its digest was written" in problem.message
    assert "--no-verify" in problem.message
    assert isinstance(caught.value, ValidationError)  # what callers already catch


def test_verify_false_loads_a_changed_file_with_a_warning(tmp_path: Path, geneva: Version) -> None:
    path = tmp_path / "v.yaml"
    dump_version(geneva, path)
    path.write_text(path.read_text(encoding="utf-8").replace("800,000", "900,000"), encoding="utf-8")
    with pytest.warns(IntegrityWarning, match=r"v\.yaml: the content does not match .* loaded anyway"):
        loaded = load_version(path, verify=False)
    assert "900,000" in loaded.provision("4").text
    assert validate_path(path)[0].pointer == "/digest"
    with pytest.warns(IntegrityWarning):
        assert validate_path(path, verify=False) == []


@pytest.mark.parametrize("suffix", [".yaml", ".json"])
def test_no_one_character_edit_of_a_version_file_loads_as_other_content(
    tmp_path: Path, geneva: Version, suffix: str
) -> None:
    path = tmp_path / f"v{suffix}"
    dump_version(geneva, path)
    edited = tmp_path / f"edited{suffix}"

    def load(text: str) -> Version:
        edited.write_text(text, encoding="utf-8")
        return load_version(edited)

    outcome = _classify(load, geneva, _one_char_edits(path.read_text(encoding="utf-8"), EDITS, seed=15))
    assert outcome["ACCEPTED OTHER CONTENT"] == 0, outcome
    # the rest change no content (whitespace between tokens: a JSON file indented two spaces a level is about
    # a seventh blanks), and "same content" means exactly that: the loaded version equals the original
    assert outcome["refused"] >= EDITS * 0.8, outcome


def test_the_same_edits_without_a_digest_load_as_other_content(tmp_path: Path, geneva: Version) -> None:
    # The baseline the digest removes: without one, most edits load silently as another text.
    path = tmp_path / "v.yaml"
    dump_version(geneva, path, digest=False)
    edited = tmp_path / "edited.yaml"

    def load(text: str) -> Version:
        edited.write_text(text, encoding="utf-8")
        return load_version(edited)

    outcome = _classify(load, geneva, _one_char_edits(path.read_text(encoding="utf-8"), 200, seed=15))
    assert outcome["ACCEPTED OTHER CONTENT"] > 50, outcome


@given(versions(), st.integers(min_value=0), st.sampled_from("x9 \n:"))
def test_an_inserted_character_never_loads_as_other_content(version: Version, at: int, char: str) -> None:
    import tempfile

    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder, "v.yaml")
        dump_version(version, path)
        text = path.read_text(encoding="utf-8")
        at %= len(text)
        path.write_text(text[:at] + char + text[at:], encoding="utf-8")
        try:
            loaded = load_version(path)
        except PeaceplanError:
            return
        assert loaded == version


# --- saved diffs ------------------------------------------------------------------


@pytest.fixture(scope="module")
def saved() -> tuple[Diff, str]:
    corpus = load_corpus()
    d = peaceplan.diff(corpus.version("geneva-19"), corpus.version("20-point"))
    return d, d.to_json()


def test_to_json_writes_the_digest_of_the_rest(saved: tuple[Diff, str]) -> None:
    d, text = saved
    data = json.loads(text)
    assert list(data)[:2] == ["peaceplan-diff", "digest"]
    assert data["digest"] == d.digest
    assert Diff.from_json(text) == d


def test_no_one_character_edit_of_a_saved_diff_loads_as_other_content(saved: tuple[Diff, str]) -> None:
    d, text = saved
    outcome = _classify(Diff.from_json, d, _one_char_edits(text, EDITS, seed=12))
    assert outcome["ACCEPTED OTHER CONTENT"] == 0, outcome
    assert outcome["refused"] >= EDITS * 0.7, outcome  # the rest change no content: a space in the indentation


def test_a_change_relabelled_unchanged_is_caught_with_or_without_the_digest(saved: tuple[Diff, str]) -> None:
    _, text = saved
    data = json.loads(text)
    i, change = next((i, c) for i, c in enumerate(data["changes"]) if c["kind"] == "modified")
    change["kind"] = "unchanged"
    with pytest.raises(IntegrityError, match="does not match its digest"):
        Diff.from_json(json.dumps(data))
    del data["digest"]
    with pytest.raises(ValidationError, match="the entry says 'unchanged', but the two points differ") as caught:
        Diff.from_json(json.dumps(data))
    assert caught.value.pointer == f"/changes/{i}/kind"


def test_from_json_with_verify_false_loads_an_edited_diff_with_a_warning(saved: tuple[Diff, str]) -> None:
    _, text = saved
    data = json.loads(text)
    data["path"] = ["edited"]
    edited = json.dumps(data)
    with pytest.warns(IntegrityWarning, match="saved.json: the content does not match its digest"):
        loaded = Diff.from_json(edited, verify=False, file="saved.json")
    assert loaded.path == ("edited",)


# --- corpus folders and the built-in digests ----------------------------------------


def test_the_built_in_corpus_ships_digests_that_match_its_files() -> None:
    # After correcting the built-in data, regenerate the list with:
    #   python -m peaceplan verify --write-digests peaceplan/data/ukraine-2025
    listed = json.loads((BUILT_IN / DIGESTS_FILE).read_text(encoding="utf-8"))
    corpus = load_corpus()
    assert listed["versions"] == {v.id: v.digest for v in corpus.versions}
    result = verify_corpus()
    assert result.ok, [str(p) for p in result.problems]
    assert result.checked == result.versions == len(corpus)


@pytest.fixture
def copy(tmp_path: Path) -> Path:
    return Path(shutil.copytree(BUILT_IN, tmp_path / "copy"))


def test_a_changed_file_of_a_listed_corpus_is_refused(copy: Path) -> None:
    target = copy / "versions" / "28-point.yaml"
    target.write_text(target.read_text(encoding="utf-8").replace("600,000", "700,000"), encoding="utf-8")
    with pytest.raises(IntegrityError, match=r"28-point\.yaml: the content does not match its digest in"):
        load_corpus(copy)
    with pytest.warns(IntegrityWarning):
        loaded = load_corpus(copy, verify=False).version("28-point")
    assert any("700,000" in p.text for _, p in loaded.walk())
    (problem,) = verify_corpus(copy).problems
    assert problem.file == str(target)


def test_added_removed_and_relisted_files_of_a_listed_corpus(copy: Path) -> None:
    extra = load_corpus(copy).version("20-point")
    dump_version(extra.__class__.from_dict(extra.to_dict() | {"id": "extra"}), copy / "versions" / "extra.yaml")
    listed = json.loads((copy / DIGESTS_FILE).read_text(encoding="utf-8"))
    listed["versions"]["gone"] = "0" * 64
    (copy / DIGESTS_FILE).write_text(json.dumps(listed), encoding="utf-8")
    messages = [p.message for p in verify_corpus(copy).problems]
    assert any("version 'extra' is not listed in" in m for m in messages), messages
    assert any("lists version 'gone', which no file of" in m for m in messages), messages
    write_digests(copy)
    assert verify_corpus(copy).ok


def test_a_changed_actors_file_is_refused(copy: Path) -> None:
    actors = copy / "actors.yaml"
    actors.write_text(actors.read_text(encoding="utf-8").replace("name: ", "name: X", 1), encoding="utf-8")
    with pytest.raises(IntegrityError, match=r"actors\.yaml: the content does not match"):
        load_corpus(copy)


def test_a_malformed_digests_file_is_reported(copy: Path) -> None:
    (copy / DIGESTS_FILE).write_text('{"peaceplan-digests": 1, "versions": {"28-point": "abc"}}', encoding="utf-8")
    (problem,) = verify_corpus(copy).problems
    assert problem.pointer == "/versions/28-point"
    assert "64 lower-case hex digits" in problem.message


def test_write_digests_refuses_to_bless_a_file_that_contradicts_its_own_digest(copy: Path) -> None:
    target = copy / "versions" / "28-point.yaml"
    dump_version(load_version(target), target)
    target.write_text(target.read_text(encoding="utf-8").replace("600,000", "700,000"), encoding="utf-8")
    with pytest.raises(IntegrityError, match="the digest written in the file"):
        write_digests(copy)


# --- the command line -----------------------------------------------------------------


def test_verify_prints_one_line_per_problem_and_exits_2(copy: Path, tmp_path: Path) -> None:
    runner = CliRunner()
    ok = runner.invoke(cli, ["verify", str(copy)])
    assert ok.exit_code == 0
    assert ok.stdout.startswith(f"ok: {copy}: ")
    for name in ("28-point", "20-point"):
        target = copy / "versions" / f"{name}.yaml"
        target.write_text(target.read_text(encoding="utf-8") + "notes: edited\n", encoding="utf-8")
    bad = runner.invoke(cli, ["verify", str(copy)])
    assert bad.exit_code == 2
    assert len(bad.stdout.splitlines()) == 2
    assert bad.stderr.strip() == f"peaceplan: {copy}: 2 problems"


def test_no_verify_loads_anyway_and_says_so_on_stderr(copy: Path) -> None:
    target = copy / "versions" / "28-point.yaml"
    target.write_text(target.read_text(encoding="utf-8").replace("600,000", "700,000"), encoding="utf-8")
    runner = CliRunner()
    refused = runner.invoke(cli, ["--corpus", str(copy), "show", "28-point"])
    assert refused.exit_code == 2
    assert "28-point.yaml: the content does not match its digest" in refused.stderr
    for args in (["--no-verify", "--corpus", str(copy), "show", "28-point"], ["show", "28-point", "--corpus",
                 str(copy), "--no-verify"]):  # fmt: skip
        loaded = runner.invoke(cli, args)
        assert loaded.exit_code == 0, loaded.output
        assert "700,000" in loaded.stdout
        assert "peaceplan: warning:" in loaded.stderr
        assert "loaded anyway" in loaded.stderr


def test_verify_checks_a_version_file_and_a_saved_diff(tmp_path: Path, saved: tuple[Diff, str]) -> None:
    runner = CliRunner()
    (tmp_path / "d.json").write_text(saved[1], encoding="utf-8")
    assert runner.invoke(cli, ["verify", str(tmp_path / "d.json")]).exit_code == 0
    data = json.loads(saved[1])
    next(c for c in data["changes"] if c["kind"] == "modified")["kind"] = "reworded"
    (tmp_path / "d.json").write_text(json.dumps(data, indent=2), encoding="utf-8")
    result = runner.invoke(cli, ["verify", str(tmp_path / "d.json")])
    assert result.exit_code == 2
    assert "d.json, line 3, at /digest: the content does not match its digest" in result.stdout


def test_write_digests_from_the_command_line_then_import_keeps_the_list(copy: Path, tmp_path: Path) -> None:
    (copy / DIGESTS_FILE).unlink()
    runner = CliRunner()
    assert runner.invoke(cli, ["verify", "--write-digests", str(copy)]).exit_code == 0
    (tmp_path / "plan.txt").write_text("Plan\n\n1. A ceasefire.\n", encoding="utf-8")
    args = ["import", str(tmp_path / "plan.txt"), "--id", "mine", "--parent", "20-point", "--corpus", str(copy)]
    assert runner.invoke(cli, args).exit_code == 0
    assert "mine" in json.loads((copy / DIGESTS_FILE).read_text(encoding="utf-8"))["versions"]
    assert verify_corpus(copy).ok


def test_an_escape_past_the_last_unicode_character_is_refused_not_a_crash(tmp_path: Path) -> None:
    # One inserted digit turns "\U0001F600" into "\U001F6000": PyYAML's Python scanner raised ValueError.
    for escape in ("\\U001F6000", "\\U99999999", "\\U" + "9" * 30):
        path = tmp_path / "v.yaml"
        path.write_text(f'peaceplan: 1\nid: v\ndocument: d\ntitle: "{escape}"\nstatus: draft\nprovisions: []\n')
        with pytest.raises(ValidationError) as caught:
            load_version(path)
        assert caught.value.file == str(path)


def test_an_edited_events_file_is_refused_by_the_digests_of_its_folder(tmp_path: Path) -> None:
    from peaceplan.corpus import load_corpus
    from peaceplan.errors import IntegrityError
    from peaceplan.files.io import corpus_location, write_digests

    folder = tmp_path / "corpus"
    shutil.copytree(str(corpus_location("ukraine-2025")), folder)
    write_digests(folder)
    events = folder / "events.yaml"
    events.write_text(events.read_text(encoding="utf-8").replace("Abu Dhabi", "Abu Dabi", 1), encoding="utf-8")
    with pytest.raises(IntegrityError, match="events"):
        load_corpus(folder)
