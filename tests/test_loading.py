"""Loading a corpus fast without checking less (issue 16: load_corpus within 5x json.load of its files).

The loader shares each point of the same content between the versions of one load, walks a
version's points on first use, reads the writer's own JSON bytes with orjson and checks
digests through orjson's canonical text. Each shortcut must give exactly what the slow way
gives, and must never vouch for bytes that were changed.
"""

from __future__ import annotations

import hashlib
import json
import random
from pathlib import Path
from typing import Any

import attrs
import pytest
from hypothesis import given
from hypothesis import strategies as st
from strategies import versions

from peaceplan import IntegrityError, IntegrityWarning, Provision, ValidationError, Version
from peaceplan.corpus import load_corpus
from peaceplan.files.io import _digest_of, _quick_digest, dump_version, load_version
from peaceplan.files.yamlio import dump_json, read_data, read_json_written
from peaceplan.model.fields import canonical_json
from peaceplan.model.records import version_from_checked

orjson = pytest.importorskip("orjson")

_json_values = st.recursive(
    st.none()
    | st.booleans()
    | st.integers(min_value=-(2**63), max_value=2**64 - 1)
    | st.text(st.characters(exclude_categories=("Cs",))),
    lambda inner: st.lists(inner, max_size=4) | st.dictionaries(st.text(max_size=6), inner, max_size=4),
    max_leaves=20,
)


@given(_json_values)
def test_orjsons_sorted_compact_text_is_the_canonical_json_of_version_data(data: Any) -> None:
    # The digest check's quick path is taken only when these agree: it must agree on what files hold.
    assert orjson.dumps(data, option=orjson.OPT_SORT_KEYS) == canonical_json(data).encode("utf-8")
    assert _quick_digest(data) == _digest_of(data)


def test_the_quick_digest_falls_back_to_the_standard_library_where_orjson_refuses() -> None:
    for data in ({"big": 2**70}, {"list": [1, {"big": -(2**64)}]}):
        assert _quick_digest(data) == _digest_of(data)


@given(versions())
def test_the_writers_own_bytes_are_read_by_the_quick_path_as_the_checked_path_reads_them(version: Version) -> None:
    data = version.to_dict() | {"digest": version.digest}
    raw = dump_json(data).encode("utf-8")
    found = read_json_written(raw, "v.json")
    assert found is not None  # every file dump_version writes takes the quick path
    assert found[0] == read_data(raw.decode("utf-8"), json_syntax=True, file="v.json")[0] == data


@pytest.mark.parametrize(
    "edit",
    [
        lambda raw: raw.replace(b'"id": "v1",', b'"id": "v1",\n  "id": "v1",', 1),  # a key given twice
        lambda raw: raw.replace(b'"id": "v1",', b'"id":"v1",', 1),  # spaced by hand
        lambda raw: b"\xef\xbb\xbf" + raw,  # a byte-order mark
        lambda raw: raw.replace(b'"peaceplan": 1', b'"peaceplan": 1e0', 1),  # a number spelled otherwise
        lambda raw: raw.replace(b'"peaceplan": 1', b'"peaceplan": 100000000000000000000000', 1),  # past 64 bits
        lambda raw: raw.replace(b"A ceasefire.", b"A ceasefire.\\ud800", 1),  # a lone surrogate
        lambda raw: raw.replace(b"A ceasefire.", b"A cease\xfffire.", 1),  # not UTF-8
        lambda raw: raw.rstrip(b"\n"),  # no final newline
    ],
)
def test_bytes_the_writer_would_not_write_go_through_every_check(edit: Any) -> None:
    version = Version(
        id="v1", document="plan", title="Plan", status="draft", provisions=[Provision(label="1", text="A ceasefire.")]
    )
    raw = dump_json(version.to_dict() | {"digest": version.digest}).encode("utf-8")
    assert read_json_written(raw, "v.json") is not None
    assert read_json_written(edit(raw), "v.json") is None


def test_a_key_given_twice_is_still_refused(tmp_path: Path) -> None:
    version = Version(
        id="v1", document="plan", title="Plan", status="draft", provisions=[Provision(label="1", text="A ceasefire.")]
    )
    path = tmp_path / "v1.json"
    dump_version(version, path)
    path.write_bytes(path.read_bytes().replace(b'"title": "Plan",', b'"title": "Plan",\n  "title": "Plan",', 1))
    with pytest.raises(ValidationError, match="twice"):
        load_version(path)


def _chain(folder: Path, count: int = 4, points: int = 30) -> list[Version]:
    from tests.generator import make_document, revise

    rng = random.Random(3)
    chain = [make_document(points, 3, version_id="v000")]
    for k in range(1, count):
        child, _ = revise(chain[-1], rng.uniform(0.05, 0.2), 3 + k, version_id=f"v{k:03d}")
        chain.append(attrs.evolve(child, parents=(chain[-1].id,)))
    (folder / "versions").mkdir(parents=True)
    (folder / "corpus.yaml").write_text(
        f"peaceplan: 1\nname: chain\ntitle: Chain\ndocuments:\n  - id: {chain[0].document}\n"
        "    title: Plan\n    kind: peace-plan\n",
        encoding="utf-8",
    )
    (folder / "actors.yaml").write_text("peaceplan: 1\nactors:\n  - id: drafter\n    name: D\n    kind: state\n")
    for v in chain:
        dump_version(v, folder / "versions" / f"{v.id}.json")
    return chain


def test_points_of_the_same_content_are_one_object_per_load_and_the_versions_are_unchanged(tmp_path: Path) -> None:
    chain = _chain(tmp_path)
    corpus = load_corpus(tmp_path)
    for v in chain:
        loaded = corpus.version(v.id)
        assert loaded == v == Version.from_dict(json.loads((tmp_path / "versions" / f"{v.id}.json").read_text()))
        assert list(loaded.walk()) == list(v.walk())
        for path, p in v.walk():
            assert loaded.provision(path) == p
    by_content: dict[Provision, set[int]] = {}
    for v in corpus.versions:
        for _, p in v.walk():
            by_content.setdefault(p, set()).add(id(p))
    assert all(len(ids) == 1 for ids in by_content.values())  # equal points are the same object
    assert sum(1 for v in corpus.versions for _ in v.walk()) > len(by_content)  # and drafts did share some


def test_a_loaded_version_walks_on_first_use_and_knows_its_proven_digest(tmp_path: Path) -> None:
    chain = _chain(tmp_path, count=2)
    corpus = load_corpus(tmp_path)
    loaded = corpus.version(chain[1].id)
    assert loaded._walked is None  # nothing walked the points yet
    assert loaded._digest == hashlib.sha256(canonical_json(loaded.to_dict()).encode()).hexdigest()
    assert loaded.provision("1") == chain[1].provision("1")
    assert loaded._walked is not None


def test_a_changed_file_is_checked_in_full_and_its_digest_is_its_content(tmp_path: Path) -> None:
    chain = _chain(tmp_path, count=2)
    path = tmp_path / "versions" / "v001.json"
    stated = chain[1].digest
    text = path.read_text(encoding="utf-8")
    first = chain[1].provisions[0].text
    path.write_text(text.replace(json.dumps(first), json.dumps(first + " Changed."), 1), encoding="utf-8")
    with pytest.raises(IntegrityError):
        load_corpus(tmp_path)
    with pytest.warns(IntegrityWarning):
        loaded = load_corpus(tmp_path, verify=False).version("v001")
    assert loaded.digest != stated  # the stated digest is not taken for the changed content
    assert loaded.digest == hashlib.sha256(canonical_json(loaded.to_dict()).encode()).hexdigest()


def test_labels_checked_at_once_when_the_quick_build_cannot_prove_paths_unique() -> None:
    header = {"id": "v", "document": "d", "title": "T", "status": "draft"}
    dotted = {"label": "3.1", "text": "A truce."}
    nested = {"label": "3", "text": "", "children": [{"label": "1", "text": "A truce."}]}
    with pytest.raises(ValidationError, match="names two points"):
        version_from_checked(header | {"provisions": [dotted, nested]})
    shared: dict[Any, Any] = {}
    twice = {"label": "a", "text": "The same words."}
    built = version_from_checked(
        header
        | {
            "provisions": [
                {"label": "1", "text": "", "children": [twice]},
                {"label": "2", "text": "", "children": [twice]},
            ]
        },
        shared,
    )
    assert built.provision("1.a") is built.provision("2.a")  # one object, two places: both found by path
    assert [path for path, _ in built.walk()] == ["1", "1.a", "2", "2.a"]
