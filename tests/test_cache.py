"""The disk cache: keyed by content, options and code; JSON only; a bad entry is ignored and rebuilt."""

from __future__ import annotations

import hashlib
import json
import os
from pathlib import Path
from typing import Any

import pytest
from cache_support import rewrite_entry
from click.testing import CliRunner
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from conftest import WriteFiles
from peaceplan import cache
from peaceplan.cli import cli
from peaceplan.compare.matches import Match, MatchKind
from peaceplan.corpus import load_corpus
from peaceplan.files.io import load_version

VERSION = """\
peaceplan: 1
id: v1
document: plan
title: A plan
status: draft
provisions:
  - label: "1"
    text: A ceasefire starts at once.
  - label: "2"
    text: Prisoners are exchanged all for all.
"""


@pytest.fixture
def folder(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    target = tmp_path / "cache"
    monkeypatch.setenv(cache.ENV_DIR, str(target))
    monkeypatch.delenv(cache.ENV_OFF, raising=False)
    cache.set_enabled(None)
    return target


def _entries(folder: Path, kind: str) -> list[Path]:
    return sorted((folder / kind).glob("*.json")) if (folder / kind).is_dir() else []


def test_a_stored_value_is_fetched_under_the_same_key_only(folder: Path) -> None:
    cache.store("example", {"a": 1}, {"x": [1, 2]})
    assert cache.fetch("example", {"a": 1}) == {"x": [1, 2]}
    assert cache.fetch("example", {"a": 2}) is None
    assert cache.fetch("other", {"a": 1}) is None


def test_an_entry_is_told_stored_under_its_own_key_only_and_not_when_the_cache_is_off(folder: Path) -> None:
    assert not cache.stored("example", {"a": 1})
    cache.store("example", {"a": 1}, [1])
    assert cache.stored("example", {"a": 1})
    assert not cache.stored("example", {"a": 2})
    cache.set_enabled(False)
    try:
        assert not cache.stored("example", {"a": 1})
    finally:
        cache.set_enabled(None)


def test_an_alignment_is_held_once_aligned_in_this_process_or_kept_on_disk(folder: Path, tmp_path: Path) -> None:
    from peaceplan.compare import alignments

    (tmp_path / "v1.yaml").write_text(VERSION, encoding="utf-8")
    (tmp_path / "v2.yaml").write_text(VERSION.replace("id: v1", "id: v2").replace("at once", "today"), "utf-8")
    old, new = load_version(tmp_path / "v1.yaml"), load_version(tmp_path / "v2.yaml")
    alignments.forget()
    assert not alignments.held(old, new)
    made = alignments.aligned(old, new)
    assert alignments.held(old, new)
    assert not alignments.held(old, new, method="another")
    alignments.forget()  # the disk entry alone
    assert alignments.held(old, new)
    assert alignments.aligned(old, new) == made
    cache.clear()
    alignments.forget()
    assert not alignments.held(old, new)


def test_an_alignment_is_held_in_the_form_it_was_made_in_and_asked_of_in_that_form_alone(
    folder: Path, tmp_path: Path
) -> None:
    from peaceplan.compare import alignments
    from peaceplan.compare.align import AlignOptions, align

    (tmp_path / "v1.yaml").write_text(VERSION, encoding="utf-8")
    (tmp_path / "v2.yaml").write_text(VERSION.replace("id: v1", "id: v2").replace("at once", "today"), "utf-8")
    old, new = load_version(tmp_path / "v1.yaml"), load_version(tmp_path / "v2.yaml")

    def side(version: Any) -> tuple[list[str], list[int]]:
        paths = [path for path, _ in version.walk()]
        return paths, [*(paths.index(p.label) for p in version.provisions), len(paths)]

    def unread() -> Any:
        raise AssertionError("no entry to read")

    alignments.forget()
    alignments.aligned(old, new)  # as matches, under "align"
    alignments.aligned_kept(  # as runs (none: every point in the rest), under "runs"
        old,
        new,
        use_lineage=True,
        options=AlignOptions(),
        method="runs",
        sides=unread,
        compute=lambda: alignments.KeptEdge(side(old), side(new), [], frozenset(), align(old, new)),
    )
    for _ in ("made in this process", "kept on disk alone"):
        assert [alignments.held(old, new, method="align", kept=k) for k in (None, False, True)] == [True, True, False]
        assert [alignments.held(old, new, method="runs", kept=k) for k in (None, False, True)] == [True, False, True]
        assert not any(alignments.held(old, new, method="another", kept=k) for k in (None, False, True))
        alignments.forget()


def test_a_kept_edge_is_a_frozen_value_of_tuples_whose_matches_are_made_once_and_made_again_by_evolve() -> None:
    import attrs

    from peaceplan.compare.alignments import KeptEdge

    paths, starts = [str(k) for k in range(10)], list(range(11))
    edge = KeptEdge((paths, starts), (paths, starts), [(0, 0, 5), (6, 5, 4)], [1], [])
    assert (edge.old_paths, edge.new_starts) == (tuple(paths), tuple(starts))
    assert (edge.runs, edge.moved, edge.rest) == (((0, 0, 5), (6, 5, 4)), frozenset({1}), ())
    assert edge == KeptEdge((paths, starts), (paths, starts), [(0, 0, 5), (6, 5, 4)], [1], [])
    assert hash(edge) == hash(KeptEdge((tuple(paths), starts), (paths, starts), edge.runs, edge.moved, ()))
    with pytest.raises(attrs.exceptions.FrozenInstanceError):
        edge.runs = ()  # type: ignore[misc]
    matches = edge.matches
    assert edge.matches is matches  # made once
    assert [m.old[0] for m in matches] == ["0", "1", "2", "3", "4", "6", "7", "8", "9"]
    assert matches[1].kind is MatchKind.MOVED
    assert edge.pair(1) == [matches[1]]
    still = attrs.evolve(edge, moved=frozenset())
    assert still.matches[1].kind is MatchKind.UNCHANGED
    assert still.pair(1) == [still.matches[1]]
    shorter = attrs.evolve(edge, runs=[(0, 0, 5)])
    assert len(shorter.matches) == 5
    with pytest.raises(IndexError):
        shorter.pair(5)


def test_an_entry_is_plain_json_naming_its_key_and_the_digest_of_its_value(folder: Path) -> None:
    cache.store("example", {"a": 1}, [1, 2, 3])
    (entry,) = _entries(folder, "example")
    data = json.loads(entry.read_text(encoding="utf-8"))
    assert set(data) == {"key", "sha256", "value"}
    assert data["value"] == [1, 2, 3]
    assert cache.stamp() in data["key"]


_PLAIN = st.recursive(
    st.none()
    | st.booleans()
    | st.integers(min_value=-(2**70), max_value=2**70)
    | st.floats()  # NaN and infinities included: the standard library writes and reads them
    | st.text(alphabet=st.characters(exclude_categories=["Cs"])),  # a lone surrogate is not UTF-8 text
    lambda inner: (
        st.lists(inner, max_size=4)
        | st.tuples(inner, inner)
        | st.dictionaries(st.text(max_size=5) | st.integers(), inner, max_size=4)
    ),
    max_leaves=12,
)


def _as_read(value: Any) -> Any:
    """``value`` as the standard library's JSON gives it back (tuples as lists, keys as text); None if it refuses it."""
    try:
        text = json.dumps(value, sort_keys=True, ensure_ascii=False)
        text.encode("utf-8")
    except (TypeError, ValueError):  # keys of two types to sort; a lone surrogate
        return None
    return json.loads(text)


def _same(a: Any, b: Any) -> bool:
    """Equal, NaN equal to NaN."""
    if isinstance(a, float) and isinstance(b, float) and a != a:
        return b != b
    if isinstance(a, list) and isinstance(b, list):
        return len(a) == len(b) and all(_same(x, y) for x, y in zip(a, b, strict=True))
    if isinstance(a, dict) and isinstance(b, dict):
        return a.keys() == b.keys() and all(_same(a[k], b[k]) for k in a)
    return type(a) is type(b) and a == b


@settings(suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(value=_PLAIN)
def test_a_stored_value_is_fetched_as_json_reads_it_back(folder: Path, value: Any) -> None:
    cache.clear()  # not the entry an earlier example stored
    cache.store("example", {"a": 1}, value)
    assert _same(cache.fetch("example", {"a": 1}), _as_read(value))


@pytest.mark.parametrize(
    "value",
    [float("nan"), [1.0, float("inf")], {"score": float("-inf")}, [None, "null"], {1: "one"}, [2**64, 1]],
    ids=["nan", "inf", "-inf", "null", "number-key", "big-int"],
)
def test_a_value_the_fast_writer_would_change_is_kept_as_it_is(folder: Path, value: Any) -> None:
    """orjson writes NaN and infinities as null, refuses number keys and big integers: the standard library does not."""
    cache.store("example", {"a": 1}, value)
    assert _same(cache.fetch("example", {"a": 1}), _as_read(value))


def test_a_value_that_is_not_plain_data_is_not_stored(folder: Path) -> None:
    import datetime

    cache.store("example", {"a": 1}, {"date": datetime.date(2025, 11, 20)})
    assert cache.fetch("example", {"a": 1}) is None
    assert _entries(folder, "example") == []


@pytest.mark.parametrize(
    "damage",
    [
        lambda text: text[: len(text) // 2],  # truncated
        lambda text: text.replace("[1,2,3]", "[1,2,4]").replace("[1, 2, 3]", "[1, 2, 4]"),  # edited value
        lambda text: "not json at all",
        lambda text: json.dumps([1, 2, 3]),  # a foreign file
        lambda text: json.dumps({**json.loads(text), "key": "another key"}),  # another entry's key
        lambda text: "\x80\x81 binary",
    ],
    ids=["truncated", "edited", "garbage", "foreign", "other-key", "binary"],
)
def test_a_damaged_or_foreign_entry_is_ignored(folder: Path, damage: object) -> None:
    cache.store("example", {"a": 1}, [1, 2, 3])
    (entry,) = _entries(folder, "example")
    entry.write_text(damage(entry.read_text(encoding="utf-8")), encoding="utf-8")  # type: ignore[operator]
    assert cache.fetch("example", {"a": 1}) is None
    cache.store("example", {"a": 1}, [1, 2, 3])  # rebuilt over it
    assert cache.fetch("example", {"a": 1}) == [1, 2, 3]


def test_turned_off_nothing_is_read_or_written(folder: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    cache.store("example", {"a": 1}, 1)
    monkeypatch.setenv(cache.ENV_OFF, "1")
    assert cache.fetch("example", {"a": 1}) is None
    cache.store("example", {"a": 2}, 2)
    assert len(_entries(folder, "example")) == 1
    monkeypatch.delenv(cache.ENV_OFF)
    cache.set_enabled(False)
    try:
        assert cache.fetch("example", {"a": 1}) is None
    finally:
        cache.set_enabled(None)
    assert cache.fetch("example", {"a": 1}) == 1


def test_a_folder_that_cannot_be_written_only_means_no_caching(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    blocker = tmp_path / "a-file"
    blocker.write_text("not a folder", encoding="utf-8")
    monkeypatch.setenv(cache.ENV_DIR, str(blocker / "cache"))
    cache.store("example", {"a": 1}, 1)
    assert cache.fetch("example", {"a": 1}) is None


def test_the_folder_follows_the_environment(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    monkeypatch.setenv(cache.ENV_DIR, str(tmp_path / "mine"))
    assert cache.cache_dir() == tmp_path / "mine"
    monkeypatch.delenv(cache.ENV_DIR)
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "xdg"))
    assert cache.cache_dir() == tmp_path / "xdg" / "peaceplan"


def test_info_counts_the_entries_and_clear_removes_them(folder: Path) -> None:
    cache.store("one", {"a": 1}, 1)
    cache.store("one", {"a": 2}, 2)
    cache.store("two", {"a": 1}, 3)
    found = cache.info()
    assert found.entries == {"one": 2, "two": 1}
    assert found.size > 0
    assert found.folder == str(folder)
    assert cache.clear() == 3
    assert cache.info().entries == {}


def test_an_entry_is_stored_after_a_clear_removed_its_folder(folder: Path) -> None:
    cache.store("example", {"a": 1}, [1])
    assert cache.clear() == 1
    assert not (folder / "example").exists()
    cache.store("example", {"a": 2}, [2])  # the folder is made again, though this process made it before
    assert cache.fetch("example", {"a": 2}) == [2]
    assert cache.info().entries == {"example": 1}


def test_clear_removes_only_the_entries_it_wrote(folder: Path) -> None:
    cache.store("one", {"a": 1}, 1)
    assert (
        (folder / "CACHEDIR.TAG").read_text(encoding="utf-8").startswith("Signature: 8a477f597d28d172789f06886806bc55")
    )
    mine = folder / "one" / "notes.json"
    mine.write_text("{}", encoding="utf-8")
    assert cache.clear() == 1
    assert mine.read_text(encoding="utf-8") == "{}"


def test_a_cache_folder_pointed_at_other_files_by_mistake_loses_none(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    documents = tmp_path / "documents"
    (documents / "project").mkdir(parents=True)
    kept = documents / "project" / ("a" * 64 + ".json")
    kept.write_text("{}", encoding="utf-8")
    monkeypatch.setenv(cache.ENV_DIR, str(documents))
    assert cache.info().entries == {}
    assert cache.clear() == 0
    assert kept.is_file()


def test_a_yaml_file_read_twice_is_parsed_once_and_checked_both_times(folder: Path, write_files: WriteFiles) -> None:
    path = write_files({"v1.yaml": VERSION}) / "v1.yaml"
    first = load_version(path)
    assert len(_entries(folder, "files")) == 1
    assert load_version(path) == first
    # A cached entry whose data no longer fits the schema is still refused, as fresh data would be.
    (entry,) = _entries(folder, "files")
    rewrite_entry(entry, lambda value: {**value, "data": {**value["data"], "status": "nonsense"}})
    with pytest.raises(Exception, match="status"):
        load_version(path)


def test_an_edited_file_is_read_afresh(folder: Path, write_files: WriteFiles) -> None:
    path = write_files({"v1.yaml": VERSION}) / "v1.yaml"
    assert load_version(path).title == "A plan"
    path.write_text(VERSION.replace("A plan", "Another plan"), encoding="utf-8")
    assert load_version(path).title == "Another plan"


def test_a_corpus_loads_the_same_from_the_cache(folder: Path) -> None:
    from peaceplan.files.io import _load_named_once

    _load_named_once.cache_clear()
    cold = load_corpus()
    assert _entries(folder, "files")
    _load_named_once.cache_clear()
    assert load_corpus() == cold


def test_cache_info_and_clear_on_the_command_line(folder: Path) -> None:
    cache.store("example", {"a": 1}, 1)
    runner = CliRunner()
    shown = runner.invoke(cli, ["cache", "info"])
    assert shown.exit_code == 0
    assert "1 example" in shown.output
    assert str(folder) in shown.output
    cleared = runner.invoke(cli, ["cache", "clear"])
    assert cleared.exit_code == 0
    assert "removed 1 entry" in cleared.output
    assert cache.info().entries == {}


def test_no_cache_on_the_command_line_reads_and_writes_nothing(folder: Path, write_files: WriteFiles) -> None:
    path = write_files({"v1.yaml": VERSION}) / "v1.yaml"
    result = CliRunner().invoke(cli, ["--no-cache", "show", str(path)])
    assert result.exit_code == 0, result.output
    assert not _entries(folder, "files")
    assert "(turned off" in CliRunner().invoke(cli, ["--no-cache", "cache", "info"]).output
    # the next run without the option caches again
    assert CliRunner().invoke(cli, ["show", str(path)]).exit_code == 0
    assert _entries(folder, "files")


def test_the_stamp_changes_when_a_module_changes(monkeypatch: pytest.MonkeyPatch) -> None:
    before = cache.stamp()
    module = Path(cache.__file__)
    stat = module.stat()
    monkeypatch.setattr(cache, "_stamp", [])
    try:
        os.utime(module, ns=(stat.st_atime_ns, stat.st_mtime_ns + 1_000_000_000))
        assert cache.stamp() != before
    finally:
        os.utime(module, ns=(stat.st_atime_ns, stat.st_mtime_ns))


# --- edge alignments ----------------------------------------------------------------------------


def _counting_align(monkeypatch: pytest.MonkeyPatch) -> list[tuple[str, str]]:
    import sys

    from peaceplan.compare.align import align as real

    calls: list[tuple[str, str]] = []

    def counting(old: Any, new: Any, **kwargs: Any) -> Any:
        calls.append((old.id, new.id))
        return real(old, new, **kwargs)

    monkeypatch.setattr(sys.modules["peaceplan.compare.alignments"], "align", counting)
    return calls


def test_the_history_views_share_the_alignments_of_one_process(folder: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    from peaceplan.compare import alignments

    cache.set_enabled(False)  # the memo alone
    try:
        alignments.forget()
        calls = _counting_align(monkeypatch)
        corpus = load_corpus()
        corpus.blame("20-point")
        after_blame = len(calls)
        assert after_blame
        corpus.thread("army size")
        corpus.synopsis(["28-point", "geneva-19", "20-point"])
        corpus.influence(heads=["20-point"])
        assert len(set(calls)) == len(calls)  # no edge aligned twice across the four views
    finally:
        cache.set_enabled(None)


def test_alignments_come_from_the_disk_the_second_time_and_equal_the_first(
    folder: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from peaceplan.compare import alignments

    alignments.forget()
    calls = _counting_align(monkeypatch)
    corpus = load_corpus()
    first = corpus.blame("20-point")
    assert calls
    assert _entries(folder, "alignments")
    alignments.forget()
    calls.clear()
    assert corpus.blame("20-point") == first
    assert calls == []


def test_a_damaged_or_wrong_alignment_entry_is_recomputed(folder: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    from peaceplan.compare import alignments

    corpus = load_corpus()
    old, new = corpus.version("28-point"), corpus.version("geneva-19")
    alignments.forget()
    expected = alignments.aligned(old, new)
    (entry,) = _entries(folder, "alignments")
    # a well-formed entry whose matches leave a point out: checksummed anew, still refused
    rewrite_entry(entry, lambda value: value[1:])
    alignments.forget()
    calls = _counting_align(monkeypatch)
    assert alignments.aligned(old, new) == expected
    assert calls == [("28-point", "geneva-19")]


def test_other_options_are_another_alignment(folder: Path) -> None:
    from peaceplan.compare import alignments
    from peaceplan.compare.align import AlignOptions

    corpus = load_corpus()
    old, new = corpus.version("28-point"), corpus.version("geneva-19")
    alignments.forget()
    alignments.aligned(old, new)
    alignments.aligned(old, new, options=AlignOptions(min_score=0.9))
    alignments.aligned(old, new, use_lineage=False)
    assert len(_entries(folder, "alignments")) == 3


def test_an_inferred_alignment_from_the_disk_keeps_each_matchs_confidence(folder: Path) -> None:
    from peaceplan.compare import alignments

    corpus = load_corpus()
    old, new = corpus.version("20-point"), corpus.version("28-point")
    alignments.forget()
    first = alignments.aligned(old, new, use_lineage=False)
    assert any(m.confidence < 1.0 for m in first)
    alignments.forget()
    again = alignments.aligned(old, new, use_lineage=False)
    assert [(m.confidence, m.uncertain) for m in again] == [(m.confidence, m.uncertain) for m in first]


def test_an_alignment_with_an_embedder_is_neither_cached_nor_memoised(folder: Path) -> None:
    from peaceplan.compare import alignments
    from peaceplan.compare.align import AlignOptions

    corpus = load_corpus()
    old, new = corpus.version("28-point"), corpus.version("geneva-19")
    calls: list[int] = []

    def embedder(texts: Any) -> list[list[float]]:
        calls.append(len(texts))
        return [[float(len(t)), 1.0] for t in texts]

    alignments.forget()
    options = AlignOptions(similarity=embedder)
    alignments.aligned(old, new, use_lineage=False, options=options)
    alignments.aligned(old, new, use_lineage=False, options=options)
    assert len(calls) >= 2
    assert _entries(folder, "alignments") == []


def _json_version(tmp_path: Path) -> Path:
    from peaceplan import Provision, Version
    from peaceplan.files.io import dump_version

    path = tmp_path / "v1.json"
    version = Version(
        id="v1", document="plan", title="A plan", status="draft", provisions=[Provision(label="1", text="A ceasefire.")]
    )
    dump_version(version, path)
    return path


def test_a_version_file_loaded_once_is_not_schema_or_digest_checked_again_for_the_same_bytes(
    folder: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from peaceplan.files import schemata

    path = _json_version(tmp_path)
    first = load_version(path)
    assert len(_entries(folder, "versions")) == 1
    asked: list[str] = []
    monkeypatch.setattr(schemata, "accepts", lambda kind, data: asked.append(kind) or True)
    assert load_version(path) == first
    assert asked == []  # the verdict on these bytes stood for the schema check


def test_a_verdict_never_vouches_for_other_bytes(folder: Path, tmp_path: Path) -> None:
    from peaceplan import IntegrityError

    path = _json_version(tmp_path)
    load_version(path)
    path.write_text(path.read_text(encoding="utf-8").replace("A ceasefire.", "A truce."), encoding="utf-8")
    with pytest.raises(IntegrityError, match="does not match the digest written in the file"):
        load_version(path)  # edited after its digest was written: other bytes, no verdict, checked in full


def test_a_damaged_verdict_is_ignored_and_the_file_checked_in_full(folder: Path, tmp_path: Path) -> None:
    path = _json_version(tmp_path)
    version = load_version(path)
    (entry,) = _entries(folder, "versions")
    entry.write_text(entry.read_text(encoding="utf-8").replace('"digest"', '"digests"'), encoding="utf-8")
    key = {"sha256": hashlib.sha256(path.read_bytes()).hexdigest()}
    assert cache.fetch("versions", key) is None  # its value no longer matches its digest
    assert load_version(path) == version
    assert cache.fetch("versions", key) == {"digest": version.digest}  # rebuilt


def test_a_file_loaded_despite_a_wrong_digest_gets_no_verdict(folder: Path, tmp_path: Path) -> None:
    from peaceplan import IntegrityError, IntegrityWarning

    path = _json_version(tmp_path)
    path.write_text(path.read_text(encoding="utf-8").replace("A ceasefire.", "A truce."), encoding="utf-8")
    with pytest.warns(IntegrityWarning):
        load_version(path, verify=False)
    assert _entries(folder, "versions") == []
    with pytest.raises(IntegrityError):
        load_version(path)


def _json_corpus(tmp_path: Path) -> Path:
    """A copy of the built-in corpus with each version written as JSON (the files that get verdicts)."""
    import shutil

    from peaceplan.files.io import DIGESTS_FILE, corpus_location, dump_version

    target = tmp_path / "corpus"
    shutil.copytree(str(corpus_location("ukraine-2025")), target)
    (target / DIGESTS_FILE).unlink(missing_ok=True)
    for path in sorted((target / "versions").iterdir()):
        if path.suffix in (".yaml", ".yml"):
            dump_version(load_version(path), path.with_suffix(".json"))
            path.unlink()
    return target


def _file_hashes(corpus: Path) -> set[str]:
    return set(_file_digests(corpus))


def _file_digests(corpus: Path) -> dict[str, str]:
    return {
        hashlib.sha256(p.read_bytes()).hexdigest(): json.loads(p.read_text(encoding="utf-8"))["digest"]
        for p in (corpus / "versions").glob("*.json")
    }


def test_a_corpus_folders_verdicts_are_one_entry_that_spares_the_checks_the_next_time(
    folder: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from peaceplan.files import schemata

    corpus = _json_corpus(tmp_path)
    first = load_corpus(corpus)
    (book,) = _entries(folder, "verdicts")
    assert _entries(folder, "versions") == []  # not one entry per file
    kept = json.loads(book.read_text(encoding="utf-8"))["value"]
    assert kept == _file_digests(corpus)  # each file's bytes -> the digest they were found to state
    asked: list[str] = []
    checked = schemata.accepts
    monkeypatch.setattr(schemata, "accepts", lambda kind, data: asked.append(kind) or checked(kind, data))
    assert load_corpus(corpus) == first
    assert "version" not in asked  # the verdicts on these bytes stood for the schema checks
    assert _entries(folder, "verdicts") == [book]


def test_a_folders_verdict_never_vouches_for_other_bytes(folder: Path, tmp_path: Path) -> None:
    from peaceplan import IntegrityError, IntegrityWarning

    corpus = _json_corpus(tmp_path)
    load_corpus(corpus)
    edited = sorted((corpus / "versions").glob("*.json"))[0]
    edited.write_text(edited.read_text(encoding="utf-8").replace('"text": "', '"text": "X', 1), encoding="utf-8")
    with pytest.raises(IntegrityError, match="does not match the digest written in the file"):
        load_corpus(corpus)  # edited after its digest was written: other bytes, no verdict, checked in full
    with pytest.warns(IntegrityWarning):
        load_corpus(corpus, verify=False)
    (book,) = _entries(folder, "verdicts")
    kept = json.loads(book.read_text(encoding="utf-8"))["value"]
    assert hashlib.sha256(edited.read_bytes()).hexdigest() not in kept  # loaded despite its digest: no verdict
    assert set(kept) == _file_hashes(corpus) - {hashlib.sha256(edited.read_bytes()).hexdigest()}


@pytest.mark.parametrize("damage", ["text", [1, 2], {"a": 5}, {}])
def test_a_damaged_or_foreign_verdict_book_is_ignored_and_rebuilt(
    folder: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, damage: object
) -> None:
    from peaceplan.files import schemata

    corpus = _json_corpus(tmp_path)
    first = load_corpus(corpus)
    (book,) = _entries(folder, "verdicts")
    right = book.read_text(encoding="utf-8")
    if damage == "text":
        book.write_text(right.replace('"value":{"', '"value":{"0'), encoding="utf-8")
    else:
        rewrite_entry(book, lambda value: damage)
    asked: list[str] = []
    checked = schemata.accepts
    monkeypatch.setattr(schemata, "accepts", lambda kind, data: asked.append(kind) or checked(kind, data))
    assert load_corpus(corpus) == first
    assert asked.count("version") == len(first.versions)  # every file checked in full
    assert book.read_text(encoding="utf-8") == right  # rebuilt


def test_a_verdict_book_from_another_folder_vouches_only_for_its_own_bytes(
    folder: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from peaceplan import IntegrityError
    from peaceplan.files import schemata

    corpus = _json_corpus(tmp_path)
    load_corpus(corpus)
    (book,) = _entries(folder, "verdicts")
    kept = json.loads(book.read_text(encoding="utf-8"))["value"]
    other = _json_corpus(tmp_path / "other")
    edited = sorted((other / "versions").glob("*.json"))[-1]
    edited.write_text(edited.read_text(encoding="utf-8").replace('"text": "', '"text": "X', 1), encoding="utf-8")
    cache.store("verdicts", {"folder": str(other)}, kept)  # this folder's verdicts, found in the other's book
    asked: list[str] = []
    checked = schemata.accepts
    monkeypatch.setattr(schemata, "accepts", lambda kind, data: asked.append(kind) or checked(kind, data))
    with pytest.raises(IntegrityError, match="does not match the digest written in the file"):
        load_corpus(other)
    assert asked.count("version") == 1  # the same bytes stood; the edited file alone was checked


def test_an_alignment_entry_gives_back_every_match_as_it_was() -> None:
    from generator import make_document, revise

    from peaceplan import Provision, Version
    from peaceplan.compare import alignments
    from peaceplan.compare.align import Match, MatchKind, align

    old = make_document(60, 3, version_id="old")
    new, _ = revise(old, 0.3, 4, version_id="new")
    corpus = load_corpus()
    pairs = [(old, new), (corpus.version("28-point"), corpus.version("geneva-19"))]
    forms: set[str] = set()
    for a, b in pairs:
        expected = align(a, b)
        entry = json.loads(json.dumps([alignments._entry(m) for m in expected]))
        forms |= {"path" if isinstance(e, str) else f"{len(e)} fields" for e in entry}
        assert alignments._from_entry(entry, a, b) == expected
        assert alignments._from_entry(entry[1:], a, b) is None  # a point left out
        assert alignments._from_entry([*entry, entry[0]], a, b) is None  # a point twice
    assert forms == {"3 fields", "9 fields"}  # kept word for word (with align's confidence), the rest
    kept = Match(old=("7",), new=("7",), kind=MatchKind.UNCHANGED, score=1.0, curated=False)
    moved = Match(old=("7",), new=("8",), kind=MatchKind.RENUMBERED, score=1.0, curated=False, relabelled=True)
    assert [alignments._entry(m) for m in (kept, moved)] == ["7", ["7", "8"]]  # as blame's shortcut makes them
    assert alignments._from_entry(
        ["7"],
        *(
            Version(id=v, document="d", title="T", status="draft", provisions=[Provision(label="7", text="Kept.")])
            for v in ("a", "b")
        ),
    ) == (kept,)


def _with(entry: list[Any], k: int, field: int, value: Any) -> list[Any]:
    """``entry`` with one field of its match ``k`` (of nine fields) replaced by ``value``."""
    damaged = list(entry[k])
    damaged[field] = value
    return [*entry[:k], damaged, *entry[k + 1 :]]


def test_an_alignment_entry_holding_a_malformed_match_is_not_read() -> None:
    """A match of no path, of a kind its paths contradict, or whose score or confidence is not a number in
    [0, 1] (a text, a bool, NaN) makes an entry corrupt: it is computed again, not read."""
    from generator import make_document, revise

    from peaceplan.compare import alignments
    from peaceplan.compare.align import align

    old = make_document(40, 3, version_id="old")
    new, _ = revise(old, 0.3, 4, version_id="new")
    entry = json.loads(json.dumps([alignments._entry(m) for m in align(old, new)]))
    assert alignments._from_entry(entry, old, new) is not None
    k = next(k for k, e in enumerate(entry) if isinstance(e, list) and len(e) == 9 and e[0] and e[1])
    kept = next(k for k, e in enumerate(entry) if isinstance(e, list) and len(e) == 3)
    damaged = {
        "a match of no path": [*entry, [[], [], "added", 0.0, False, False, False, 1.0, False]],
        "added, with old paths": _with(entry, k, 2, "added"),
        "removed, with new paths": _with(entry, k, 2, "removed"),
        "a score as text": _with(entry, k, 3, "0.5"),
        "a score as a bool": _with(entry, k, 3, True),
        "a score above one": _with(entry, k, 3, 1.5),
        "a confidence below zero": _with(entry, k, 7, -0.5),
        "a confidence NaN": _with(entry, k, 7, float("nan")),
        "a kept match's confidence NaN": [*entry[:kept], [*entry[kept][:2], float("nan")], *entry[kept + 1 :]],
    }
    for what, value in damaged.items():
        assert alignments._from_entry(json.loads(json.dumps(value)), old, new) is None, what


# --- change details (peaceplan.compare.details) ---------------------------------------------


def _counting_findings(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    """Count the findings computed for changed points (the work the details entries save)."""
    from peaceplan.compare import diff as diff_module

    calls: list[str] = []
    real = diff_module.provision_findings

    def counting(*args: Any, **kwargs: Any) -> Any:
        calls.append("findings")
        return real(*args, **kwargs)

    monkeypatch.setattr(diff_module, "provision_findings", counting)
    return calls


def test_change_details_come_from_the_disk_the_second_time_and_equal_the_first(
    folder: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from peaceplan.compare import details
    from peaceplan.compare.diff import diff

    corpus = load_corpus()
    old, new = corpus.version("28-point"), corpus.version("20-point")
    details.forget()
    first = diff(old, new)
    assert _entries(folder, "details")
    details.forget()
    calls = _counting_findings(monkeypatch)
    again = diff(old, new)
    assert calls == []  # every changed point's findings read from the entry
    assert again.to_json() == first.to_json()


def test_the_history_views_keep_their_details_for_the_next_run(folder: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    from peaceplan.compare import alignments, details

    corpus = load_corpus()
    alignments.forget()
    details.forget()
    first = (corpus.blame("20-point").to_records(), corpus.influence(heads=["20-point"]).to_records())
    traced = corpus.diff("28-point", "20-point").to_json()
    details.flush()  # what the process does as it exits
    details.forget()
    calls = _counting_findings(monkeypatch)
    assert (corpus.blame("20-point").to_records(), corpus.influence(heads=["20-point"]).to_records()) == first
    assert corpus.diff("28-point", "20-point").to_json() == traced
    assert calls == []


@pytest.mark.parametrize(
    "damage",
    [
        lambda item: ["no-such-kind", *item[1:]],
        lambda item: [item[0], [["equal", "another text"]], item[2]],
        lambda item: [item[0], [["sideways", "text"]], item[2]],
        lambda item: [item[0], item[1], [{"kind": "number"}]],
        lambda item: "not a detail",
    ],
)
def test_a_damaged_or_foreign_detail_is_recomputed(folder: Path, monkeypatch: pytest.MonkeyPatch, damage: Any) -> None:
    from peaceplan.compare import details
    from peaceplan.compare.diff import diff

    corpus = load_corpus()
    old, new = corpus.version("28-point"), corpus.version("20-point")
    details.forget()
    expected = diff(old, new)
    (entry,) = _entries(folder, "details")
    # well formed and checksummed anew (the layout store() writes), but every detail wrong
    rewrite_entry(entry, lambda value: {name: damage(item) for name, item in value.items()})
    details.forget()
    calls = _counting_findings(monkeypatch)
    again = diff(old, new)
    assert calls  # recomputed, not trusted
    assert again.to_json() == expected.to_json()
    assert corpus.blame("20-point").to_records() == load_corpus().blame("20-point").to_records()


def test_other_diff_options_are_other_details(folder: Path) -> None:
    from peaceplan.compare import details
    from peaceplan.compare.diff import DiffOptions, diff

    corpus = load_corpus()
    old, new = corpus.version("28-point"), corpus.version("20-point")
    details.forget()
    diff(old, new)
    strict = diff(old, new, options=DiffOptions(reword_ratio=0.99))
    assert len(_entries(folder, "details")) == 2
    details.forget()
    assert diff(old, new, options=DiffOptions(reword_ratio=0.99)).to_json() == strict.to_json()


def test_turned_off_no_details_are_read_or_written(folder: Path) -> None:
    from peaceplan.compare import details
    from peaceplan.compare.diff import diff

    cache.set_enabled(False)
    try:
        details.forget()
        corpus = load_corpus()
        diff(corpus.version("28-point"), corpus.version("20-point"))
        corpus.blame("20-point")
        details.flush()
    finally:
        cache.set_enabled(None)
    assert _entries(folder, "details") == []


def test_an_entry_in_a_folder_that_cannot_be_searched_is_told_not_stored_as_it_is_not_fetched(
    folder: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    cache.store("example", {"a": 1}, [1])
    real_stat, real_os_stat, real_open = Path.stat, os.stat, open

    def denied(path: object) -> None:
        if str(path).startswith(str(folder)):
            raise PermissionError(13, "Permission denied", str(path))

    def stat(self: Path, **options: Any) -> os.stat_result:
        denied(self)
        return real_stat(self, **options)

    def os_stat(path: Any, *args: Any, **options: Any) -> os.stat_result:
        denied(path)
        return real_os_stat(path, *args, **options)

    def opened(path: Any, *args: Any, **options: Any) -> Any:
        denied(path)
        return real_open(path, *args, **options)

    monkeypatch.setattr(Path, "stat", stat)
    monkeypatch.setattr(os, "stat", os_stat)
    monkeypatch.setattr("builtins.open", opened)
    assert cache.fetch("example", {"a": 1}) is None
    assert not cache.stored("example", {"a": 1})


@given(
    st.sampled_from(["7", "8"]),
    st.sampled_from(["7", "8"]),
    st.sampled_from(list(MatchKind)),
    st.sampled_from([1.0, 0.5]),
    st.booleans(),
    st.booleans(),
    st.booleans(),
    st.sampled_from([1.0, 0.999]),
    st.booleans(),
)
def test_a_match_is_written_in_the_kept_form_exactly_when_it_equals_the_kept_match_of_its_paths(
    old: str,
    new: str,
    kind: MatchKind,
    score: float,
    curated: bool,
    relabelled: bool,
    moved: bool,
    confidence: float,
    uncertain: bool,
) -> None:
    from peaceplan.compare import alignments

    m = Match(
        old=(old,),
        new=(new,),
        kind=kind,
        score=score,
        curated=curated,
        relabelled=relabelled,
        moved=moved,
        confidence=confidence,
        uncertain=uncertain,
    )
    entry = alignments._entry(m)
    assert alignments._is_kept(m) == (m == alignments.kept(old, new, confidence))
    assert (len(entry) != 9) == alignments._is_kept(m)  # (a path, or a list of two or three)
    read = alignments._read_matches([entry])
    if kind in (MatchKind.ADDED, MatchKind.REMOVED):  # with a path on each side: no such match is ever made
        assert read is None
    else:
        assert read is not None
        assert read[0] == (m,)
