"""The details cache keeps what each view computed: whole details, and partial ones (a redline, a verdict).

A view that shows a step's kind (blame, a traced diff's steps) keeps its redline and
verdict without findings; one that shows its inserted words (influence) keeps the
redline alone. A partial detail is checked like a whole one before use, answers only
what it holds, and a whole change completes it; every view gives the same output
whatever the cache folder held before, in any order.
"""

from __future__ import annotations

import functools
import itertools
import json
import uuid
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest
from cache_support import rewrite_entry
from generator import make_chain
from hypothesis import given, settings
from hypothesis import strategies as st

from peaceplan import Corpus, Document, Version, cache
from peaceplan.compare import alignments, details
from peaceplan.compare import diff as diff_module
from peaceplan.compare.align import align
from peaceplan.compare.details import EdgeDetails
from peaceplan.compare.diff import DiffOptions, change_of, edge_details, redline_of, verdict_of
from peaceplan.compare.matches import Match, MatchKind
from peaceplan.corpus import load_corpus

OPTIONS = DiffOptions()


@pytest.fixture
def folder(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[Path]:
    target = tmp_path / "cache"
    monkeypatch.setenv(cache.ENV_DIR, str(target))
    monkeypatch.delenv(cache.ENV_OFF, raising=False)
    cache.set_enabled(None)
    alignments.forget()
    details.forget()
    yield target
    details.forget()
    alignments.forget()


def _new_process() -> None:
    """What a process does as it exits (write what is pending), and the next one starts with (empty memos)."""
    details.forget()
    alignments.forget()


def _counting(monkeypatch: pytest.MonkeyPatch) -> dict[str, int]:
    """Count the redlines and findings computed for changed points (the work kept details save)."""
    calls = {"_redline": 0, "provision_findings": 0, "_joined_findings": 0}
    for name in calls:
        real = getattr(diff_module, name)

        def counting(*args: Any, _real: Callable[..., Any] = real, _name: str = name, **kwargs: Any) -> Any:
            calls[_name] += 1
            return _real(*args, **kwargs)

        monkeypatch.setattr(diff_module, name, counting)
    return calls


def _sides(old: Version, new: Version, m: Match) -> tuple[tuple[Any, ...], tuple[Any, ...]]:
    return tuple(map(old.provision, m.old)), tuple(map(new.provision, m.new))


def _changed(old: Version, new: Version) -> list[Match]:
    """The matches whose details are kept: points on both sides whose text differs."""
    return [
        m
        for m in align(old, new)
        if m.old and m.new and m.kind in (MatchKind.MODIFIED, MatchKind.SPLIT, MatchKind.MERGED)
    ]


PAIR = ("28-point", "20-point")


def test_a_redline_kept_alone_is_read_back_and_answers_only_the_redline(folder: Path) -> None:
    corpus = load_corpus()
    old, new = (corpus.version(v) for v in PAIR)
    matches = _changed(old, new)
    assert matches
    kept = edge_details(old, new, OPTIONS)
    assert kept is not None
    reds = [redline_of(old, new, m, details=kept) for m in matches]
    _new_process()
    again = edge_details(old, new, OPTIONS)
    assert again is not None
    assert again is not kept
    for m, red in zip(matches, reds, strict=True):
        olds, news = _sides(old, new, m)
        assert red == change_of(old, new, m, OPTIONS).redline
        assert again.redline(m, olds, news) == red
        assert again.peek(m, olds, news) is None  # no verdict kept
        assert again.get(m, olds, news) is None  # not a whole detail
        # a whole change completes the entry, and equals the one computed without any
        assert change_of(old, new, m, OPTIONS, details=again) == change_of(old, new, m, OPTIONS)
        whole = again.get(m, olds, news)
        assert whole is not None
        assert whole[0] == red


def test_a_verdict_kept_without_findings_is_read_back_without_computing_anything(
    folder: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    corpus = load_corpus()
    old, new = (corpus.version(v) for v in PAIR)
    matches = [m for m in _changed(old, new) if m.kind is MatchKind.MODIFIED]
    kept = edge_details(old, new, OPTIONS)
    verdicts = [verdict_of(old, new, m, OPTIONS, details=kept) for m in matches]
    assert verdicts == [change_of(old, new, m, OPTIONS).kind for m in matches]
    assert {MatchKind.MODIFIED, MatchKind.REWORDED} <= set(verdicts)
    _new_process()
    again = edge_details(old, new, OPTIONS)
    assert again is not None
    calls = _counting(monkeypatch)
    peeks = [again.peek(m, *_sides(old, new, m)) for m in matches]
    assert [verdict_of(old, new, m, OPTIONS, details=again) for m in matches] == verdicts
    assert calls == {"_redline": 0, "provision_findings": 0, "_joined_findings": 0}
    for m, verdict, peek in zip(matches, verdicts, peeks, strict=True):
        olds, news = _sides(old, new, m)
        # a rewording has no finding: its whole detail is known; a modification's findings are not kept
        assert peek == ((verdict, frozenset()) if verdict is MatchKind.REWORDED else (verdict, None))
        assert (again.get(m, olds, news) is None) is (verdict is MatchKind.MODIFIED)
    monkeypatch.undo()
    expected = [change_of(old, new, m, OPTIONS) for m in matches]
    assert [change_of(old, new, m, OPTIONS, details=again) for m in matches] == expected
    assert all(again.get(m, *_sides(old, new, m)) is not None for m in matches)  # completed


def test_a_whole_detail_is_never_replaced_by_a_partial_one(folder: Path) -> None:
    corpus = load_corpus()
    old, new = (corpus.version(v) for v in PAIR)
    m = next(m for m in _changed(old, new) if m.kind is MatchKind.MODIFIED)
    kept = edge_details(old, new, OPTIONS)
    assert kept is not None
    whole = change_of(old, new, m, OPTIONS, details=kept)
    assert whole.redline is not None
    kept.put_partial(m, whole.redline, MatchKind.MODIFIED)
    kept.put_partial(m, whole.redline)
    assert kept.get(m, whole.old, whole.new) == (whole.redline, whole.findings, whole.kind)


def _store_damaged(entry: Path, damage: Callable[[list[Any]], Any]) -> None:
    """Rewrite a details entry with every detail damaged, well formed and checksummed as store() writes it."""
    rewrite_entry(entry, lambda value: {name: damage(item) for name, item in value.items()})


def _stored(folder: Path) -> dict[str, Any]:
    return {
        json.dumps(data["key"], sort_keys=True): data["value"]
        for data in (json.loads(p.read_text(encoding="utf-8")) for p in sorted((folder / "details").glob("*.json")))
    }


@pytest.mark.parametrize(
    "damage",
    [
        pytest.param(lambda item: ["no-such-kind", *item[1:]], id="unknown-verdict"),
        pytest.param(lambda item: ["added", *item[1:]], id="verdict-the-match-cannot-have"),
        pytest.param(lambda item: [item[0], [["equal", "another text"]], item[2]], id="another-text"),
        pytest.param(lambda item: [item[0], [["sideways", "text"]], item[2]], id="unknown-op"),
        pytest.param(lambda item: [item[0], item[1], "none"], id="findings-not-a-list"),
        pytest.param(lambda item: [None, item[1], item[2] if item[2] is not None else []], id="findings-no-verdict"),
        pytest.param(lambda item: item[:2], id="short"),
        pytest.param(lambda item: "not a detail", id="not-a-detail"),
    ],
)
def test_a_damaged_partial_detail_is_ignored_and_rebuilt(
    folder: Path, monkeypatch: pytest.MonkeyPatch, damage: Callable[[list[Any]], Any]
) -> None:
    corpus = load_corpus()
    cache.set_enabled(False)
    try:
        expected = (corpus.blame("20-point").to_records(), corpus.influence(heads=["20-point"]).to_records())
    finally:
        cache.set_enabled(None)
    assert (corpus.blame("20-point").to_records(), corpus.influence(heads=["20-point"]).to_records()) == expected
    _new_process()
    sound = _stored(folder)
    partial = [item for value in sound.values() for item in value.values() if item[2] is None]
    assert any(item[0] is None for item in partial)
    assert any(item[0] is not None for item in partial)
    for entry in sorted((folder / "details").glob("*.json")):
        _store_damaged(entry, damage)
    assert _stored(folder) != sound
    calls = _counting(monkeypatch)
    assert (corpus.blame("20-point").to_records(), corpus.influence(heads=["20-point"]).to_records()) == expected
    assert calls["_redline"]  # recomputed, not trusted
    _new_process()
    assert _stored(folder) == sound  # every damaged detail written again as it was


VIEWS: dict[str, Callable[[Corpus, str, str], Any]] = {
    "diff": lambda corpus, first, last: corpus.diff(first, last).to_json(),
    "influence": lambda corpus, first, last: corpus.influence(heads=[last]).to_records(),
    "blame": lambda corpus, first, last: corpus.blame(last).to_records(),
    "thread": lambda corpus, first, last: corpus.thread(last, corpus.version(last).labels[0]).to_records(),
}


def _chain(versions: int, points: int, seed: int) -> Corpus:
    """A chain of generated drafts (renumbering, splits, merges, moves, rewordings at every step)."""
    return Corpus(
        name="chain",
        title="Chain",
        documents=[Document(id="doc", title="Doc", kind="peace-plan")],
        versions=make_chain(versions, points, seed),
    )


@pytest.mark.parametrize(
    ("corpus", "first", "last"),
    [
        pytest.param(load_corpus(), "28-point", "20-point", id="built-in"),
        pytest.param(_chain(5, 40, 7), "v0", "v4", id="generated"),
    ],
)
def test_every_view_gives_the_same_output_after_any_other_in_one_cache_folder(
    folder: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, corpus: Corpus, first: str, last: str
) -> None:
    alone = {}
    for name, view in VIEWS.items():
        monkeypatch.setenv(cache.ENV_DIR, str(tmp_path / f"alone-{name}"))
        _new_process()
        alone[name] = view(corpus, first, last)
        _new_process()
        assert view(corpus, first, last) == alone[name]  # warm, after itself
    cache.set_enabled(False)
    try:
        assert {name: view(corpus, first, last) for name, view in VIEWS.items()} == alone
    finally:
        cache.set_enabled(None)
    for k, order in enumerate(itertools.permutations(["diff", "influence", "blame"])):
        monkeypatch.setenv(cache.ENV_DIR, str(tmp_path / f"shared-{k}"))
        for name in (*order, "thread", *order):  # each cold after the others, then warm
            _new_process()
            assert VIEWS[name](corpus, first, last) == alone[name], (order, name)


@st.composite
def _kept_before(draw: st.DrawFn, count: int) -> list[tuple[int, str]]:
    """Which matches an edge's details already hold, and what: a redline, a verdict, a whole change."""
    chosen = draw(st.lists(st.integers(0, max(count - 1, 0)), max_size=count, unique=True))
    return [(k, draw(st.sampled_from(["redline", "verdict", "whole"]))) for k in chosen]


@settings(max_examples=30, deadline=None)
@given(st.integers(0, 10_000), st.data())
def test_the_verdict_from_the_redline_first_is_the_change_records_kind(seed: int, data: st.DataObject) -> None:
    """verdict_of, redline_of and change_of give what change_of gives alone, whatever the details held before."""
    corpus = _chain(2, 30, seed)
    old, new = corpus.versions
    matches = list(align(old, new))
    options = data.draw(st.sampled_from([OPTIONS, DiffOptions(reword_ratio=0.8), DiffOptions(reword_ratio=0.2)]))
    expected = [change_of(old, new, m, options) for m in matches]
    kept = EdgeDetails({"test": uuid.uuid4().hex})  # a key no cache folder holds: only this example's details
    try:
        for k, what in data.draw(_kept_before(len(matches))):
            if what == "redline":
                redline_of(old, new, matches[k], details=kept)
            elif what == "verdict":
                verdict_of(old, new, matches[k], options, details=kept)
            else:
                change_of(old, new, matches[k], options, details=kept)
        for m, change in zip(matches, expected, strict=True):
            assert verdict_of(old, new, m, options) == change.kind
            assert verdict_of(old, new, m, options, details=kept) == change.kind
            assert redline_of(old, new, m, details=kept) == (change.redline if change.old and change.new else None)
            assert change_of(old, new, m, options, details=kept) == change
    finally:
        details._pending.pop(id(kept), None)  # never written


_JSON = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats(allow_nan=False) | st.text(max_size=6),
    lambda inner: st.lists(inner, max_size=3) | st.dictionaries(st.text(max_size=6), inner, max_size=3),
    max_leaves=10,
)


@st.composite
def _stored_items(draw: st.DrawFn, sound: list[Any]) -> Any:
    """A detail as a damaged or foreign cache entry may hold it: any JSON, or a sound one with parts replaced."""
    if draw(st.booleans()):
        return draw(_JSON)
    item = list(sound)
    for part in draw(st.lists(st.integers(0, 2), max_size=3)):
        if part == 2 and draw(st.booleans()):  # one finding's field
            finding = dict(sound[2][0])
            finding[draw(st.sampled_from(sorted(finding)))] = draw(_JSON)
            item[2] = [finding, *sound[2][1:]]
        else:
            item[part] = draw(st.one_of(_JSON, st.sampled_from(["modified", "reworded", "moved", None])))
    return item


@functools.cache
def _a_modification_with_findings() -> tuple[Match, Any]:
    corpus = load_corpus()
    old, new = (corpus.version(v) for v in PAIR)
    return next(
        (m, change)
        for m in _changed(old, new)
        if (change := change_of(old, new, m, OPTIONS)).findings and m.kind is MatchKind.MODIFIED
    )


@settings(max_examples=300, deadline=None)
@given(st.data())
def test_a_detail_of_any_shape_read_from_the_cache_is_answered_or_ignored_never_raised(data: st.DataObject) -> None:
    m, whole = _a_modification_with_findings()
    assert whole.redline is not None
    sound = [
        whole.kind.value,
        [[s.op.value, s.text] for s in whole.redline.segments],
        [f.to_dict() for f in whole.findings],
    ]
    kept = EdgeDetails({"test": uuid.uuid4().hex})  # a key no cache folder holds
    kept._stored = {details._name(m): data.draw(_stored_items(sound))}
    olds, news = whole.old, whole.new
    got, peeked, red = kept.get(m, olds, news), kept.peek(m, olds, news), kept.redline(m, olds, news)
    assert red is None or red == whole.redline  # a redline only of these two texts
    assert peeked is None or peeked[0] in (MatchKind.MODIFIED, MatchKind.REWORDED)  # a verdict this match can have
    assert got is None or (got[0] == whole.redline and got[2] in (MatchKind.MODIFIED, MatchKind.REWORDED))
