"""Version files and corpus folders: round trips, canonical form, atomic writes, schemas."""

from __future__ import annotations

import json
import os
import random
import re
from importlib import resources
from pathlib import Path
from typing import Any

import pytest
from hypothesis import given
from hypothesis import strategies as st
from strategies import corpora, versions

from peaceplan import Corpus, FuzzyDate, PeaceplanError, Provision, ValidationError, Version
from peaceplan.corpus import load_corpus
from peaceplan.files import yamlio
from peaceplan.files.io import (
    DEFAULT_CORPUS,
    dump_version,
    load_version,
    validate_path,
)
from peaceplan.files.schemata import schema as _schema
from peaceplan.files.schemata import schema_dir as _schema_dir
from peaceplan.files.schemata import validator as _validator
from peaceplan.files.yamlio import dump_yaml, read_data
from peaceplan.model.fields import ID_PATTERN, TOPIC_PATTERN

DOCS = Path(__file__).resolve().parent.parent / "docs" / "file-format.md"
SUFFIXES = [".yaml", ".json"]


def _dump_and_load(version: Version, folder: Path, suffix: str) -> tuple[Version, bytes]:
    path = folder / f"v{suffix}"
    dump_version(version, path)
    return load_version(path), path.read_bytes()


# --- round trips -----------------------------------------------------------------


@pytest.mark.parametrize("suffix", SUFFIXES)
@given(version=versions())
def test_load_of_dump_is_the_same_version(
    tmp_path_factory: pytest.TempPathFactory, suffix: str, version: Version
) -> None:
    loaded, _ = _dump_and_load(version, tmp_path_factory.mktemp("rt"), suffix)
    assert loaded == version


@pytest.mark.parametrize("suffix", SUFFIXES)
@given(version=versions())
def test_digest_is_stable_under_dump_and_load(
    tmp_path_factory: pytest.TempPathFactory, suffix: str, version: Version
) -> None:
    loaded, _ = _dump_and_load(version, tmp_path_factory.mktemp("digest"), suffix)
    assert loaded.digest == version.digest


@pytest.mark.parametrize("suffix", SUFFIXES)
@given(version=versions())
def test_redump_is_byte_identical(tmp_path_factory: pytest.TempPathFactory, suffix: str, version: Version) -> None:
    folder = tmp_path_factory.mktemp("redump")
    loaded, first = _dump_and_load(version, folder, suffix)
    _, second = _dump_and_load(loaded, folder, suffix)
    assert first == second


def _shuffled(data: Any, rng: random.Random) -> Any:
    if isinstance(data, dict):
        keys = list(data)
        rng.shuffle(keys)
        return {k: _shuffled(data[k], rng) for k in keys}
    if isinstance(data, list):
        return [_shuffled(item, rng) for item in data]
    return data


@given(version=versions(), seed=st.integers(0, 2**32))
def test_digest_ignores_the_key_order_of_the_input(
    tmp_path_factory: pytest.TempPathFactory, version: Version, seed: int
) -> None:
    path = tmp_path_factory.mktemp("shuffled") / "v.json"
    path.write_text(json.dumps(_shuffled(version.to_dict(), random.Random(seed))), encoding="utf-8")
    loaded = load_version(path)
    assert loaded == version
    assert loaded.digest == version.digest


@given(corpus=corpora())
def test_a_corpus_folder_loads_back_to_the_same_corpus(
    tmp_path_factory: pytest.TempPathFactory, corpus: Corpus
) -> None:
    folder = tmp_path_factory.mktemp("corpus")
    (folder / "corpus.yaml").write_text(dump_yaml(corpus.manifest()), encoding="utf-8")
    actors = {"peaceplan": 1, "actors": [a.to_dict() for a in corpus.actors]}
    (folder / "actors.yaml").write_text(dump_yaml(actors), encoding="utf-8")
    (folder / "versions").mkdir()
    for i, version in enumerate(corpus.versions):  # the index keeps ids that differ only in case apart
        dump_version(version, folder / "versions" / f"{i:02d}-{version.id}{SUFFIXES[i % 2]}")
    loaded = load_corpus(folder)
    assert loaded.manifest() == corpus.manifest()
    assert loaded.actors == corpus.actors
    assert sorted(loaded.versions, key=lambda v: v.id) == sorted(corpus.versions, key=lambda v: v.id)
    assert validate_path(folder) == []


# --- the canonical form ----------------------------------------------------------


def _doc_example() -> dict[str, Any]:
    """The version example of docs/file-format.md, read as data (its key order is the contract)."""
    text = DOCS.read_text(encoding="utf-8")
    block = re.search(r"## A version.*?```yaml\n(.*?)```", text, re.S)
    assert block is not None
    data, _ = read_data(block[1], json_syntax=False, file="file-format.md")
    return dict(data)


def _mappings(data: Any, path: str = "") -> list[tuple[str, list[str]]]:
    """Every mapping as (its path with list indices and sub-point nesting dropped, its keys in order)."""
    found: list[tuple[str, list[str]]] = []
    if isinstance(data, dict):
        found.append((path, list(data)))
        for key, value in data.items():
            found.extend(_mappings(value, path if key == "children" else f"{path}/{key}"))
    elif isinstance(data, list):
        for item in data:
            found.extend(_mappings(item, path))
    return found


@given(version=versions(min_provisions=1))
def test_dump_writes_keys_in_the_order_of_the_format_doc(
    tmp_path_factory: pytest.TempPathFactory, version: Version
) -> None:
    path = tmp_path_factory.mktemp("order") / "v.yaml"
    dump_version(version, path)
    written, _ = read_data(path.read_text(encoding="utf-8"), json_syntax=False, file="v.yaml")
    documented: dict[str, list[str]] = {}
    for where, keys in _mappings(_doc_example()):
        documented.setdefault(where, []).extend(k for k in keys if k not in documented.get(where, []))
    for where, keys in _mappings(written):
        reference = documented.get(where, [])
        in_both = [k for k in keys if k in reference]
        assert in_both == [k for k in reference if k in in_both], where


def test_dump_quotes_labels_and_keeps_unicode(tmp_path: Path) -> None:
    version = Version(
        id="v1",
        document="plan",
        title="Мирний план",
        status="draft",
        provisions=[Provision(label="4", text="Ukraine’s army: 800,000.", children=[Provision(label="a", text="x")])],
    )
    path = tmp_path / "v1.yaml"
    dump_version(version, path)
    text = path.read_text(encoding="utf-8")
    assert '- label: "4"' in text
    assert '- label: "a"' in text
    assert "title: Мирний план" in text
    assert "Ukraine’s army: 800,000." in text


def test_unquoted_dates_stay_text_and_load_as_fuzzy_dates(tmp_path: Path) -> None:
    path = tmp_path / "v1.yaml"
    path.write_text(
        "peaceplan: 1\nid: v1\ndocument: plan\ntitle: Plan\nstatus: draft\ndate: 2025-11-20\n"
        "reported: late 2025-10\nprovisions: []\n",
        encoding="utf-8",
    )
    version = load_version(path)
    assert version.date == FuzzyDate(2025, 11, 20)
    assert version.reported == FuzzyDate(2025, 10, None, "late")


def test_yml_and_json_suffixes_load_the_same_version(tmp_path: Path) -> None:
    version = Version(
        id="v1", document="plan", title="Plan", status="agreed", provisions=[Provision(label="1", text="A")]
    )
    for name in ("v.yml", "v.json", "V.JSON"):
        dump_version(version, tmp_path / name)
        assert load_version(tmp_path / name) == version
    written = (tmp_path / "v.json").read_text(encoding="utf-8")
    assert written.startswith(f'{{\n  "peaceplan": 1,\n  "digest": "{version.digest}",\n  "id": "v1",')


# --- atomic writes ---------------------------------------------------------------


def _simple(title: str) -> Version:
    return Version(id="v1", document="plan", title=title, status="draft", provisions=[Provision(label="1", text="A")])


@pytest.mark.parametrize("failing", ["fsync", "replace"])
def test_a_failed_write_keeps_the_old_file_and_leaves_no_temporary(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, failing: str
) -> None:
    path = tmp_path / "v1.yaml"
    dump_version(_simple("Old"), path)
    before = path.read_bytes()

    def fail(*args: object) -> None:
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(os, failing, fail)
    with pytest.raises(OSError, match="No space left"):
        dump_version(_simple("New"), path)
    monkeypatch.undo()
    assert path.read_bytes() == before
    assert sorted(p.name for p in tmp_path.iterdir()) == ["v1.yaml"]


def test_a_failed_first_write_leaves_no_file_at_all(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    def fail(*args: object) -> None:
        raise OSError(5, "Input/output error")

    monkeypatch.setattr(os, "replace", fail)
    with pytest.raises(OSError, match="Input/output"):
        dump_version(_simple("New"), tmp_path / "v1.yaml")
    monkeypatch.undo()
    assert list(tmp_path.iterdir()) == []


def test_a_rewrite_keeps_the_file_permissions(tmp_path: Path) -> None:
    path = tmp_path / "v1.yaml"
    dump_version(_simple("Old"), path)
    path.chmod(0o640)
    dump_version(_simple("New"), path)
    assert path.stat().st_mode & 0o777 == 0o640
    assert load_version(path).title == "New"


def test_dump_refuses_what_is_not_a_version(tmp_path: Path) -> None:
    with pytest.raises(TypeError, match="dump_version\\(\\) expected a Version, got dict"):
        dump_version({"id": "v1"}, tmp_path / "v1.yaml")  # type: ignore[arg-type]


# --- schemas ---------------------------------------------------------------------


@pytest.mark.parametrize("kind", ["version", "actors", "corpus"])
def test_schemas_are_valid_draft_2020_12_with_their_id(kind: str) -> None:
    schema = _schema(kind)
    _validator(kind).check_schema(schema)
    assert schema["$schema"] == "https://json-schema.org/draft/2020-12/schema"
    assert schema["$id"] == f"https://peaceplan.dev/schemas/{kind}.schema.json"
    assert (_schema_dir() / f"{kind}.schema.json").is_file()


def _objects(schema: Any) -> list[dict[str, Any]]:
    found = []
    if isinstance(schema, dict):
        if "properties" in schema:
            found.append(schema)
        for value in schema.values():
            found.extend(_objects(value))
    return found


@pytest.mark.parametrize("kind", ["version", "actors", "corpus"])
def test_every_schema_property_has_a_title_and_a_description_and_objects_are_closed(kind: str) -> None:
    for obj in _objects(_schema(kind)):
        assert obj["additionalProperties"] is False
        for name, prop in obj["properties"].items():
            assert prop.get("title"), name
            assert prop.get("description"), name


def test_schema_patterns_are_the_model_patterns() -> None:
    for kind in ("version", "actors", "corpus"):
        defs = _schema(kind)["$defs"]
        assert defs["id"]["pattern"] == ID_PATTERN.pattern
        assert defs["slug"]["pattern"] == TOPIC_PATTERN.pattern


def test_validators_are_compiled_once() -> None:
    assert _validator("version") is _validator("version")


# --- corpora ---------------------------------------------------------------------


def test_the_default_corpus_is_the_built_in_one() -> None:
    corpus = load_corpus()
    assert corpus.name == DEFAULT_CORPUS
    assert load_corpus(DEFAULT_CORPUS) is corpus
    assert len(corpus.versions) > 0


def test_an_existing_folder_wins_over_a_corpus_name(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    (tmp_path / DEFAULT_CORPUS).mkdir()
    monkeypatch.chdir(tmp_path)
    with pytest.raises(ValidationError, match=r"no corpus\.yaml in this folder"):
        load_corpus(DEFAULT_CORPUS)


def test_unknown_corpus_names_raise_a_peaceplan_error() -> None:
    with pytest.raises(PeaceplanError) as caught:
        load_corpus("no-such-corpus")
    assert not isinstance(caught.value, ValidationError)
    assert DEFAULT_CORPUS in str(caught.value)


def test_the_built_in_corpus_validates_without_problems() -> None:
    folder = resources.files("peaceplan") / "data" / DEFAULT_CORPUS
    assert validate_path(Path(str(folder))) == []


def test_the_fast_and_the_pure_python_yaml_readers_agree(monkeypatch: pytest.MonkeyPatch) -> None:
    folder = Path(str(resources.files("peaceplan") / "data" / DEFAULT_CORPUS))
    texts = [p.read_text(encoding="utf-8") for p in sorted(folder.rglob("*.yaml"))]
    fast = [read_data(t, json_syntax=False, file="f.yaml") for t in texts]
    monkeypatch.setattr(yamlio, "_Loader", yamlio._StrictLoader)
    assert [read_data(t, json_syntax=False, file="f.yaml") for t in texts] == fast


@pytest.mark.parametrize(
    ("name", "text", "pointer"),
    [
        ("actors.yaml", "peaceplan: 1\nactors:\n  - {id: us, name: US, kind: country}\n", "/actors/0/kind"),
        ("corpus.yaml", "peaceplan: 1\nname: demo\ntitle: Demo\ndocuments: [{id: p, title: P}]\n", "/documents/0"),
        ("v1.json", '{"peaceplan": 1, "id": "v1", "document": "p", "title": "T", "status": "draft"}', ""),
    ],
)
def test_validate_path_tells_a_file_kind_by_its_name(tmp_path: Path, name: str, text: str, pointer: str) -> None:
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    problems = validate_path(path)
    assert [p.pointer for p in problems] == [pointer]
    assert problems[0].file == str(path)


def test_validate_path_names_a_path_that_does_not_exist(tmp_path: Path) -> None:
    missing = tmp_path / "nothing-here"
    assert [str(p) for p in validate_path(missing)] == [f"{missing}: no such file or folder; check the path"]
