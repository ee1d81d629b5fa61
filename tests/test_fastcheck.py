"""The compiled schema check never accepts what jsonschema, the reference, rejects.

:func:`peaceplan.files.schemata.accepts` lets jsonschema-rs answer "valid?" first and skips
jsonschema when it says yes, so every test here pins down the one direction that
matters: compiled yes implies reference yes. (The other direction may differ:
the compiled engine reads ``$`` and ``\\d`` more strictly, and whatever it
rejects goes to jsonschema anyway.)
"""

from __future__ import annotations

import copy
import json
import re
import sys
import unicodedata
from collections.abc import Iterator
from functools import cache
from pathlib import Path
from typing import Any

import pytest
from generator import make_document, revise
from hypothesis import event, given
from hypothesis import strategies as st
from strategies import every_path

from peaceplan import Diff, ValidationError, diff, load_corpus
from peaceplan.files import schemata
from peaceplan.files.io import load_version
from peaceplan.files.schemata import schema as _schema
from peaceplan.files.schemata import validator as _validator

needs_compiled = pytest.mark.skipif(schemata.jsonschema_rs is None, reason="jsonschema-rs is not installed here")

KINDS = ("version", "actors", "corpus", "diff")

# Valid examples of each pattern of the shipped schemas: the sweep below puts
# every interesting character into each at the start, the middle and the end.
SEEDS: dict[str, tuple[str, ...]] = {
    "text": ("A ceasefire.", "x"),
    "label": ("7", "12.b"),
    "ref": ("28-point#6", "a#21.d"),
    "id": ("v1", "28-point"),
    "slug": ("army-size", "nato"),
    "date": ("early 2025", "2025-11-20", "20 November 2025", "Nov. 2025"),
    "digest": ("0" * 64, "9f86d081884c7d659a2feaa0c55ad015a3bf4f1b2b0b822cd15d6c15b0f00a08"),
}


def _patterns() -> dict[str, str]:
    """Every ``pattern`` of every shipped schema, by the ``$defs`` entry that holds it."""
    found: dict[str, str] = {}

    def walk(node: Any, name: str) -> None:
        if isinstance(node, dict):
            if "pattern" in node:
                found[f"{name}: {node['pattern']}"] = node["pattern"]
            for key, value in node.items():
                walk(value, key if isinstance(value, dict) and "pattern" in value else name)
        elif isinstance(node, list):
            for value in node:
                walk(value, name)

    for kind in KINDS:
        walk(_schema(kind), kind)
    return found


@cache
def _interesting_characters() -> tuple[str, ...]:
    """Every character below U+3100, and every space, digit, control or format character above it."""
    low = [chr(cp) for cp in range(0x3100) if not 0xD800 <= cp <= 0xDFFF]
    high = (chr(cp) for cp in range(0x3100, sys.maxunicode + 1) if not 0xD800 <= cp <= 0xDFFF)
    wanted = {"Zs", "Zl", "Zp", "Cc", "Cf", "Nd"}
    return (*low, *(c for c in high if c.isspace() or c.isdigit() or unicodedata.category(c) in wanted))


def _variants(seed: str, c: str) -> Iterator[str]:
    middle = len(seed) // 2
    yield c
    yield c + seed
    yield seed + c
    yield seed[:middle] + c + seed[middle:]
    yield seed[:middle] + c + c + seed[middle + 1 :]


def _seeds_for(name: str) -> tuple[str, ...]:
    key = name.split(":", 1)[0]
    assert key in SEEDS, f"a new schema pattern ({name}): add valid examples of it to SEEDS"
    return SEEDS[key]


@needs_compiled
@pytest.mark.parametrize("name", sorted(_patterns()))
def test_no_schema_pattern_matches_more_in_the_compiled_engine_than_in_python(name: str) -> None:
    source = _patterns()[name]
    python = re.compile(source)
    compiled = schemata.jsonschema_rs.validator_for({"type": "string", "pattern": source})
    seeds = _seeds_for(name)
    assert all(python.search(s) and compiled.is_valid(s) for s in seeds), "the seeds must be valid examples"
    laxer = [
        text
        for c in _interesting_characters()
        for seed in seeds
        for text in _variants(seed, c)
        if compiled.is_valid(text) and python.search(text) is None
    ]
    assert not laxer, f"the compiled engine accepts {len(laxer)} strings Python's re rejects, e.g. {laxer[:5]!r}"


def _classes() -> list[str]:
    """Every character class (``[...]``, ``\\d``, ``\\s``...) written in a shipped pattern."""
    found = {c for source in _patterns().values() for c in re.findall(r"\[(?:\\.|[^\]\\])*\]|\\[dDsSwW]", source)}
    return sorted(found)


def _compiled_accepts_one_python_refuses(klass: str) -> bool:
    """Whether some single code point (surrogates aside) matches ``klass`` in the compiled engine only."""
    python = re.compile(klass)
    refused = [c for c in _every_character() if not python.fullmatch(c)]
    # One call: "every item fails the pattern" holds unless the compiled engine matches one Python refused.
    none_match = schemata.jsonschema_rs.validator_for(
        {"type": "array", "items": {"not": {"pattern": f"^(?:{klass})$"}}}
    )
    return not none_match.is_valid(refused)


@cache
def _every_character() -> tuple[str, ...]:
    return tuple(chr(cp) for cp in range(sys.maxunicode + 1) if not 0xD800 <= cp <= 0xDFFF)


@needs_compiled
def test_no_character_class_of_the_schemas_matches_a_code_point_in_the_compiled_engine_only() -> None:
    classes = _classes()
    assert r"[^\s\x1c-\x1f\x85]" in classes  # the text class, so the extraction works
    laxer = [klass for klass in classes if _compiled_accepts_one_python_refuses(klass)]
    assert not laxer
    assert _compiled_accepts_one_python_refuses(r"\S")  # the check can fail: \S is read differently


def test_the_sweep_finds_a_pattern_the_engines_read_differently() -> None:
    # \S is the pattern the schemas used to have: Python counts U+001C..U+001F and
    # U+0085 as spaces, the compiled engine does not. The sweep must see that.
    if schemata.jsonschema_rs is None:
        pytest.skip("jsonschema-rs is not installed here")
    compiled = schemata.jsonschema_rs.validator_for({"type": "string", "pattern": r"\S"})
    laxer = {c for c in _interesting_characters() if compiled.is_valid(c) and re.search(r"\S", c) is None}
    assert laxer == {"\x1c", "\x1d", "\x1e", "\x1f", "\x85"}


def _reference_valid(kind: str, data: Any) -> bool:
    return not any(True for _ in _validator(kind).iter_errors(data))


@cache
def _valid_documents() -> dict[str, Any]:
    old = make_document(12, 3)
    new, _ = revise(old, 0.3, 4)
    return {"version": old.to_dict(), "diff": json.loads(diff(old, new).to_json())}


@needs_compiled
def test_the_compiled_check_accepts_the_valid_files_it_is_there_to_speed_up() -> None:
    corpus = load_corpus()
    for version in corpus.versions:
        assert schemata.accepts("version", json.loads(json.dumps(version.to_dict()))), version.id
    for kind, data in _valid_documents().items():
        assert schemata.accepts(kind, data), kind


ODD_VALUES = st.one_of(
    st.none(),
    st.booleans(),
    st.integers(min_value=-(2**70), max_value=2**70),
    st.floats(allow_nan=True, allow_infinity=True),
    st.text(alphabet=st.sampled_from(" \t\n\x1c\x1f\x85\xa0\u2028\ufeff\u0663aZ9#.-_:/"), max_size=6),
    st.text(max_size=8),
    st.lists(st.text(max_size=3), max_size=2),
    st.dictionaries(st.text(max_size=4), st.text(max_size=4), max_size=2),
)


def _mutated(data: Any, path: tuple[Any, ...], how: str, value: Any) -> Any:
    """``data`` with the value at ``path`` replaced, deleted, or given an unknown sibling field."""
    data = copy.deepcopy(data)
    if not path:
        return value
    parent = data
    for key in path[:-1]:
        parent = parent[key]
    last = path[-1]
    if how == "delete":
        del parent[last]
    elif how == "extra" and isinstance(parent, dict):
        parent[f"zz-{last}"] = value
    else:
        parent[last] = value
    return data


# Characters one regex engine counts as spaces and another does not (U+001C..U+001F and
# U+0085 for Python, U+FEFF for ECMA-262), and a few every engine counts as spaces.
SPACES = ("\x1c", "\x1d", "\x1e", "\x1f", "\x85", "\ufeff", "\u180e", "\u200b", " ", "\xa0", "\t")
SPACES_AND_CONTROLS = st.text(alphabet=st.sampled_from(SPACES), min_size=1, max_size=3)


@needs_compiled
@given(
    kind=st.sampled_from(["version", "diff"]),
    pick=st.integers(min_value=0),
    how=st.sampled_from(["replace", "delete", "extra", "string", "string"]),
    value=ODD_VALUES,
    blank=SPACES_AND_CONTROLS,
)
def test_whatever_the_compiled_check_accepts_jsonschema_accepts_too(
    kind: str, pick: int, how: str, value: Any, blank: str
) -> None:
    data = _valid_documents()[kind]
    if how == "string":  # a string leaf becomes spaces and controls, where the regex dialects differ most
        paths = _string_paths(data)
        broken = _mutated(data, paths[pick % len(paths)], "replace", blank)
    else:
        paths = every_path(data)
        broken = _mutated(data, paths[pick % len(paths)], how, value)
    accepted = schemata.accepts(kind, broken)
    event(f"compiled check accepts: {accepted}")
    if accepted:
        assert _reference_valid(kind, broken)


BLANKISH = ("\x1c", "\x1d", "\x1e", "\x1f", "\x85", "\x1c\x85", " \x1f ", "\ufeff", "7\n", "\u0663")


def _string_paths(data: Any, prefix: tuple[Any, ...] = ()) -> list[tuple[Any, ...]]:
    return [path for path in every_path(data, prefix) if isinstance(_at(data, path), str)]


def _at(data: Any, path: tuple[Any, ...]) -> Any:
    for key in path:
        data = data[key]
    return data


@needs_compiled
@pytest.mark.parametrize("kind", ["version", "diff"])
def test_strings_the_engines_read_differently_never_pass_the_compiled_check_alone(kind: str) -> None:
    data = _valid_documents()[kind]
    paths = _string_paths(data)
    assert len(paths) >= 30
    unsafe = [
        (path, text)
        for path in paths
        for text in BLANKISH
        if schemata.accepts(kind, broken := _mutated(data, path, "replace", text))
        and not _reference_valid(kind, broken)
    ]
    assert not unsafe


def test_without_the_compiled_check_files_load_and_fail_exactly_as_with_it(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    good = tmp_path / "good.json"
    good.write_text(json.dumps(_valid_documents()["version"]), encoding="utf-8")
    bad = tmp_path / "bad.json"
    bad.write_text(json.dumps({**_valid_documents()["version"], "title": 7}), encoding="utf-8")
    text = json.dumps(_valid_documents()["diff"])
    loaded, diffed = load_version(good), Diff.from_json(text)
    with pytest.raises(ValidationError) as with_it:
        load_version(bad)
    monkeypatch.setattr(schemata, "_compiled", lambda kind: None)
    assert not schemata.accepts("version", _valid_documents()["version"])
    assert load_version(good) == loaded
    with pytest.raises(ValidationError) as without_it:
        load_version(bad)
    assert without_it.value.problems == with_it.value.problems
    assert Diff.from_json(text) == diffed


def test_a_value_the_compiled_check_cannot_read_goes_to_jsonschema() -> None:
    class Label(str):
        """A str subclass: jsonschema reads it as text, jsonschema-rs refuses to convert it."""

    data = copy.deepcopy(_valid_documents()["version"])
    data["provisions"][0]["label"] = Label(data["provisions"][0]["label"])
    assert not schemata.accepts("version", data)
    assert _reference_valid("version", data)
