"""A catalogue of malformed inputs: each is refused with the file, the place and plain words.

Every case starts from one small valid corpus, breaks one thing, and checks
that loading raises :class:`peaceplan.ValidationError` whose text names the
file, the location (JSON pointer and line) and what was expected.
"""

from __future__ import annotations

import os
from collections.abc import Callable, Mapping
from pathlib import Path

import attrs
import pytest
from hostile.inputs import ACTORS, MANIFEST  # the same small corpus the hostile catalogue starts from

from peaceplan import PeaceplanError, ValidationError
from peaceplan.corpus import load_corpus
from peaceplan.files.io import load_version, validate_path

V1 = """\
peaceplan: 1
id: v1
document: plan
title: First draft
status: draft
date: 2025-11-20
attributions:
  - actor: us
    sources: [nbc]
sources:
  - id: nbc
    publisher: NBC
    title: The plan
    reliability: reported
provisions:
  - label: "1"
    text: A ceasefire starts.
    children:
      - label: a
        text: Along the line of contact.
  - label: "2"
    text: Elections follow.
"""

V2 = """\
peaceplan: 1
id: v2
document: plan
title: Second draft
status: proposed
parents: [v1]
provisions:
  - label: "1"
    text: A ceasefire starts at once.
    derived_from: ["v1#1"]
"""

BASE: dict[str, str | bytes] = {
    "corpus.yaml": MANIFEST,
    "actors.yaml": ACTORS,
    "versions/v1.yaml": V1,
    "versions/v2.yaml": V2,
}


@attrs.frozen
class Case:
    """One malformed input and where its error must point."""

    files: Mapping[str, str | bytes]
    file: str  # the file the problem is in, relative to the corpus folder
    pointer: str | None  # JSON pointer of the problem, None when the file cannot be parsed
    marker: str | bytes | None  # the problem's line is the first line holding this text
    words: str  # plain words the message must contain
    load: str = "corpus"  # "corpus" loads the folder; a file name loads that one file


def edit(file: str, old: str, new: str) -> dict[str, str | bytes]:
    text = BASE[file]
    assert isinstance(text, str)
    assert old in text, f"{old!r} not in {file}"
    return {file: text.replace(old, new, 1)}


V1_FILE = "versions/v1.yaml"

CASES: dict[str, Case] = {
    "number where text is expected": Case(
        edit(V1_FILE, "title: First draft", "title: 7"),
        V1_FILE,
        "/title",
        "title: 7",
        "expected text, got a number (7)",
    ),
    "unquoted numeric label": Case(
        edit(V1_FILE, 'label: "2"', "label: 2"),
        V1_FILE,
        "/provisions/1/label",
        "label: 2",
        "got a number (2); put it in quotes",
    ),
    "yes/no read as true/false": Case(
        edit(V1_FILE, "  - actor: us", "  - actor: no"),
        V1_FILE,
        "/attributions/0/actor",
        "actor: no",
        "expected text, got true/false (no)",
    ),
    "list where a mapping is expected": Case(
        edit(V1_FILE, "attributions:\n  - actor: us\n    sources: [nbc]", "attributions:\n  - us"),
        V1_FILE,
        "/attributions/0",
        "  - us",
        "expected a mapping of fields (name: value), got text ('us')",
    ),
    "a label ending in a line break": Case(
        edit(V1_FILE, '  - label: "2"', "  - label: |\n      2"),
        V1_FILE,
        "/provisions/1/label",
        "label: |",
        "Provision.label: expected a printed label without surrounding spaces",
    ),
    "missing required field of a provision": Case(
        edit(V1_FILE, "    text: Elections follow.\n", ""),
        V1_FILE,
        "/provisions/1",
        'label: "2"',
        "missing required field 'text'",
    ),
    "missing required field of the version": Case(
        edit(V1_FILE, "status: draft\n", ""), V1_FILE, "", "peaceplan: 1", "missing required field 'status'"
    ),
    "unknown top-level field": Case(
        edit(V1_FILE, "title: First draft\n", "title: First draft\nnotse: typo\n"),
        V1_FILE,
        "/notse",
        "notse:",
        "unknown field 'notse'; did you mean 'notes'?",
    ),
    "unknown field in a provision": Case(
        edit(V1_FILE, "    text: Elections follow.\n", "    text: Elections follow.\n    topic: [elections]\n"),
        V1_FILE,
        "/provisions/1/topic",
        "topic:",
        "unknown field 'topic'; did you mean 'topics'?",
    ),
    "unknown actor": Case(
        edit(V1_FILE, "  - actor: us", "  - actor: usa"),
        V1_FILE,
        "/attributions/0/actor",
        "actor: usa",
        "actor 'usa' is not defined in the actors file",
    ),
    "unknown document": Case(
        edit(V1_FILE, "document: plan", "document: plans"),
        V1_FILE,
        "/document",
        "document: plans",
        "document 'plans' is not in the corpus manifest",
    ),
    "duplicate labels": Case(
        edit(V1_FILE, 'label: "2"', 'label: "1"'),
        V1_FILE,
        "/provisions/1/label",
        'label: "1"\n    text: Elections',
        "label '1' is used twice",
    ),
    "duplicate sub-point labels": Case(
        edit(
            V1_FILE,
            "        text: Along the line of contact.\n",
            "        text: Along the line.\n      - label: a\n        text: Again.\n",
        ),
        V1_FILE,
        "/provisions/0/children/1/label",
        "      - label: a\n        text: Again.",
        "label 'a' is used twice",
    ),
    "cyclic parents": Case(
        edit(V1_FILE, "status: draft\n", "status: draft\nparents: [v2]\n"),
        V1_FILE,
        "/parents",
        "parents: [v2]",
        "parents form a cycle: v1 -> v2 -> v1",
    ),
    "missing parent": Case(
        edit("versions/v2.yaml", "parents: [v1]", "parents: [v0]"),
        "versions/v2.yaml",
        "/parents/0",
        "parents: [v0]",
        "parent version 'v0' does not exist",
    ),
    "derived_from names a missing version": Case(
        edit("versions/v2.yaml", '"v1#1"', '"v9#1"'),
        "versions/v2.yaml",
        "/provisions/0/derived_from/0",
        "v9#1",
        "derived_from names version 'v9', which does not exist",
    ),
    "derived_from names a missing provision": Case(
        edit("versions/v2.yaml", '"v1#1"', '"v1#7"'),
        "versions/v2.yaml",
        "/provisions/0/derived_from/0",
        "v1#7",
        "derived_from names provision '7' of 'v1'",
    ),
    "derived_from that is not a reference": Case(
        edit("versions/v2.yaml", '"v1#1"', '"v1-1"'),
        "versions/v2.yaml",
        "/provisions/0/derived_from/0",
        "v1-1",
        "expected a provision of some version, written version#label",
    ),
    "month 13": Case(
        edit(V1_FILE, "date: 2025-11-20", "date: 2025-13-01"),
        V1_FILE,
        "/date",
        "date: 2025-13-01",
        "expected a date as the source gives it, such as 2025-11-20",
    ),
    "a word instead of a date": Case(
        edit(V1_FILE, "date: 2025-11-20", "date: soon"), V1_FILE, "/date", "date: soon", "got 'soon'"
    ),
    "a day the month does not have": Case(
        edit(V1_FILE, "date: 2025-11-20", "date: 2025-02-30"),
        V1_FILE,
        "/date",
        "date: 2025-02-30",
        "'2025-02-30' is not a valid date: day is out of range for month",
    ),
    "unknown status": Case(
        edit(V1_FILE, "status: draft", "status: final"),
        V1_FILE,
        "/status",
        "status: final",
        "expected one of 'draft', 'leaked', 'proposed', 'agreed', 'signed', 'rejected', 'superseded', "
        "got text ('final')",
    ),
    "unknown role": Case(
        edit(V1_FILE, "    sources: [nbc]\nsources", "    role: author\n    sources: [nbc]\nsources"),
        V1_FILE,
        "/attributions/0/role",
        "role: author",
        "expected one of 'proposer', 'drafter', 'endorser', 'reported-by'",
    ),
    "topic that is not a slug": Case(
        edit(V1_FILE, "    text: Elections follow.\n", "    text: Elections follow.\n    topics: [Army Size]\n"),
        V1_FILE,
        "/provisions/1/topics/0",
        "topics: [Army Size]",
        "expected a lower-case slug",
    ),
    "unknown source id in an attribution": Case(
        edit(V1_FILE, "sources: [nbc]", "sources: [cnn]"),
        V1_FILE,
        "/attributions/0/sources/0",
        "sources: [cnn]",
        "source 'cnn' is not listed under 'sources' of this version (known: nbc)",
    ),
    "source id used twice": Case(
        edit(
            V1_FILE,
            "provisions:\n",
            "  - {id: nbc, publisher: NBC, title: Again, reliability: reported}\nprovisions:\n",
        ),
        V1_FILE,
        "/sources/1/id",
        "{id: nbc, publisher: NBC, title: Again",
        "source id 'nbc' is used twice",
    ),
    "format version from the future": Case(
        edit(V1_FILE, "peaceplan: 1", "peaceplan: 2"), V1_FILE, "/peaceplan", "peaceplan: 2", "expected 1"
    ),
    "field given twice": Case(
        edit(V1_FILE, "status: draft\n", "status: draft\ntitle: Again\n"),
        V1_FILE,
        "/title",
        "title: Again",
        "the field 'title' is given twice here (first on line 4)",
    ),
    "duplicate version id across two files": Case(
        {"versions/v2.yaml": "peaceplan: 1\nid: v1\ndocument: plan\ntitle: Copy\nstatus: draft\nprovisions: []\n"},
        "versions/v2.yaml",
        "/id",
        "id: v1",
        "version id 'v1' is also used by",
    ),
    "actor without a name": Case(
        edit("actors.yaml", "    name: Ukraine\n", ""),
        "actors.yaml",
        "/actors/1",
        "id: ukraine",
        "missing required field 'name'",
    ),
    "coalition member that does not exist": Case(
        edit(
            "actors.yaml",
            "    name: Ukraine\n    kind: state\n",
            "    name: Ukraine\n    kind: state\n  - {id: e3, name: E3, kind: coalition, members: [uk]}\n",
        ),
        "actors.yaml",
        "/actors/2/members/0",
        "id: e3",
        "actor 'uk' is not defined",
    ),
    "document kind that is not a slug": Case(
        edit("corpus.yaml", "kind: peace-plan", "kind: Peace Plan"),
        "corpus.yaml",
        "/documents/0/kind",
        "kind: Peace Plan",
        "expected a lower-case slug",
    ),
    "bytes that are not UTF-8": Case(
        {V1_FILE: V1.encode().replace(b"First draft", b"Premi\xe8re version")},
        V1_FILE,
        None,
        b"Premi\xe8re",
        f"the file is not UTF-8 text: byte {V1.encode().index(b'First draft') + 5} (0xe8)",
    ),
    "a !!python/object tag": Case(
        edit(V1_FILE, "title: First draft", "title: !!python/object/apply:os.system ['echo hi']"),
        V1_FILE,
        "/title",
        "!!python/object",
        "the tag !!python/object/apply:os.system is not allowed (it runs code)",
    ),
    "an alias bomb": Case(
        {
            V1_FILE: V1
            + 'a: &a ["x", "x", "x", "x", "x", "x", "x", "x", "x"]\n'
            + "".join(
                f"{n}: &{n} [*{p}, *{p}, *{p}, *{p}, *{p}, *{p}, *{p}, *{p}, *{p}]\n"
                for p, n in zip("abcdefgh", "bcdefghi", strict=True)
            )
        },
        V1_FILE,
        None,
        "a: &a",
        "an anchor (&a) is not allowed",
    ),
    "an empty file": Case({V1_FILE: ""}, V1_FILE, None, None, "the file is empty"),
    "a file of comments only": Case({V1_FILE: "# to do\n"}, V1_FILE, None, "# to do", "the file holds only comments"),
    "a JSON list instead of an object": Case(
        {"v3.json": '[\n  {"id": "v3"}\n]\n'},
        "v3.json",
        "",
        "[",
        "expected a mapping of fields (name: value), got a list",
        load="v3.json",
    ),
    "JSON syntax error": Case(
        {"v3.json": '{\n  "peaceplan": 1,\n  "id": "v3",,\n}\n'},
        "v3.json",
        None,
        '"v3",,',
        "JSON syntax error: Expecting property name enclosed in double quotes (line 3, column 14)",
        load="v3.json",
    ),
    "JSON field given twice": Case(
        {"v3.json": '{\n  "peaceplan": 1,\n  "id": "v3",\n  "id": "v4"\n}\n'},
        "v3.json",
        "/id",
        '"v4"',
        "the field 'id' is given twice here",
        load="v3.json",
    ),
    "JSON labels used twice (lines found after a clean parse)": Case(
        {
            "v3.json": '{\n  "peaceplan": 1,\n  "id": "v3",\n  "document": "plan",\n  "title": "Third",\n'
            '  "status": "draft",\n  "provisions": [\n    {"label": "1", "text": "A."},\n'
            '    {"label": "1", "text": "B."}\n  ]\n}\n'
        },
        "v3.json",
        "/provisions/1/label",
        '"text": "B."',
        "label '1' is used twice",
        load="v3.json",
    ),
    "JSON field given twice deep inside": Case(
        {
            "v3.json": '{\n  "peaceplan": 1,\n  "id": "v3",\n  "document": "plan",\n  "title": "Third",\n'
            '  "status": "draft",\n  "provisions": [\n    {"label": "1", "text": "A."},\n'
            '    {"label": "2",\n     "text": "B.",\n     "text": "C."}\n  ]\n}\n'
        },
        "v3.json",
        "/provisions/1/text",
        '"text": "C."',
        "the field 'text' is given twice here",
        load="v3.json",
    ),
    "a text of control characters Python counts as spaces": Case(
        edit(V1_FILE, "title: First draft", 'title: "\\x1c\\x85"'),
        V1_FILE,
        "/title",
        "title: ",
        "expected text with at least one character that is not a space",
    ),
    "YAML syntax error": Case(
        edit(V1_FILE, "sources: [nbc]", "sources: [nbc"),
        V1_FILE,
        None,
        "sources:\n  - id",
        "YAML syntax error: expected ',' or ']'",
    ),
    "text with ': ' left unquoted": Case(
        edit(V1_FILE, "text: Elections follow.", "text: Elections: within 100 days."),
        V1_FILE,
        None,
        "Elections: within",
        "put text that contains ': ' in quotes",
    ),
    "tabs for indentation": Case(
        edit(V1_FILE, "    text: Elections follow.", "\ttext: Elections follow."),
        V1_FILE,
        None,
        "\ttext",
        "YAML does not allow tabs for indentation, use spaces",
    ),
    "control characters in the text": Case(
        edit(V1_FILE, "Elections follow.", "Elections\x00follow."),
        V1_FILE,
        None,
        "Elections\x00",
        "the character '\\x00' (code 0x0) is not allowed in YAML",
    ),
}


def _line_of(content: str | bytes, marker: str | bytes) -> int:
    index = content.index(marker)  # type: ignore[arg-type]
    return content[:index].count("\n" if isinstance(content, str) else b"\n") + 1  # type: ignore[arg-type]


def test_the_catalogue_holds_at_least_25_distinct_inputs() -> None:
    contents = {repr(sorted(case.files.items())) for case in CASES.values()}
    assert len(contents) == len(CASES) >= 25


@pytest.mark.parametrize("name", list(CASES))
def test_malformed_input_is_refused_with_file_location_and_words(
    name: str, write_files: Callable[[Mapping[str, str | bytes]], Path]
) -> None:
    case = CASES[name]
    folder = write_files({**BASE, **case.files})
    target = folder / case.load if case.load != "corpus" else folder
    with pytest.raises(ValidationError) as caught:
        load_corpus(target) if case.load == "corpus" else load_version(target)
    error = caught.value
    expected_file = os.path.join(str(folder), *case.file.split("/"))
    content = {**BASE, **case.files}[case.file]
    line = _line_of(content, case.marker) if case.marker is not None else 1
    matching = [
        p
        for p in error.problems
        if p.file == expected_file and p.line == line and (case.pointer is None or p.pointer == case.pointer)
    ]
    assert matching, f"no problem at {expected_file}, line {line}, {case.pointer!r} in:\n{error}"
    problem = matching[0]
    assert case.words in problem.message
    text = str(error)
    assert expected_file in text
    assert f"line {line}" in text
    if case.pointer:
        assert f"at {case.pointer}:" in text


@pytest.mark.parametrize("name", list(CASES))
def test_validate_path_reports_the_same_problems_without_raising(
    name: str, write_files: Callable[[Mapping[str, str | bytes]], Path]
) -> None:
    case = CASES[name]
    folder = write_files({**BASE, **case.files})
    target = folder / case.load if case.load != "corpus" else folder
    with pytest.raises(ValidationError) as caught:
        load_corpus(target) if case.load == "corpus" else load_version(target)
    assert validate_path(target) == list(caught.value.problems)


def test_every_schema_problem_of_a_file_is_reported_at_once(
    write_files: Callable[[Mapping[str, str | bytes]], Path],
) -> None:
    broken = V1.replace("title: First draft", "title: 7").replace("status: draft", "status: final")
    broken = broken.replace("    text: Elections follow.\n", "    txt: Elections follow.\n")
    folder = write_files({"v1.yaml": broken})
    with pytest.raises(ValidationError) as caught:
        load_version(folder / "v1.yaml")
    pointers = sorted(p.pointer for p in caught.value.problems)
    assert pointers == ["/provisions/1", "/provisions/1/txt", "/status", "/title"]
    assert str(caught.value).startswith("4 problems:")


def test_a_file_that_is_not_yaml_or_json_is_refused_by_name(tmp_path: Path) -> None:
    path = tmp_path / "v3.txt"
    path.write_text("id: v3\n", encoding="utf-8")
    with pytest.raises(ValidationError, match=r"v3\.txt: expected a \.yaml, \.yml or \.json file") as caught:
        load_version(path)
    assert caught.value.file == str(path)


def test_an_unknown_corpus_name_lists_the_known_ones() -> None:
    with pytest.raises(PeaceplanError, match=r"no corpus named 'atlantis'; known corpora: .*ukraine-2025"):
        load_corpus("atlantis")


def test_a_missing_corpus_folder_is_named(tmp_path: Path) -> None:
    missing = tmp_path / "nowhere"
    with pytest.raises(ValidationError, match="does not exist") as caught:
        load_corpus(missing)
    assert caught.value.file == str(missing)


def test_a_corpus_folder_without_its_files_names_each_missing_one(tmp_path: Path) -> None:
    with pytest.raises(ValidationError) as caught:
        load_corpus(tmp_path)
    messages = [p.message for p in caught.value.problems]
    assert [m.split(";")[0] for m in messages] == [
        "no corpus.yaml in this folder",
        "no actors.yaml in this folder",
        "no versions/ folder here",
    ]


def _nested_points(depth: int) -> str:
    point = '{"label": "1", "text": "A."}'
    for _ in range(depth):
        point = '{"label": "1", "text": "A.", "children": [' + point + "]}"
    return f"[{point}]"


NESTED = {
    "a title nested 700 lists deep": ("[" * 700 + "]" * 700, "[]"),
    "points nested 300 deep": ('"Deep"', _nested_points(300)),
    "points nested 900 deep": ('"Deep"', _nested_points(900)),
    "points nested 3,000 deep": ('"Deep"', _nested_points(3000)),
}


@pytest.mark.parametrize("name", list(NESTED))
def test_data_nested_deeper_than_the_reader_can_walk_loads_or_is_refused_in_words(name: str, tmp_path: Path) -> None:
    # How deep Python can walk depends on the recursion limit (hypothesis raises it), so
    # the pinned behaviour is: a version or a ValidationError naming the file, never a RecursionError.
    title, provisions = NESTED[name]
    path = tmp_path / "deep.json"
    path.write_text(
        f'{{"peaceplan": 1, "id": "v", "document": "plan", "title": {title}, "status": "draft", '
        f'"provisions": {provisions}}}',
        encoding="utf-8",
    )
    error: ValidationError | None = None
    try:
        load_version(path)
    except ValidationError as exc:
        error = exc
    if error is None:
        assert not title.startswith("[")  # a list is never a title
    else:
        assert str(path) in str(error)
        # Which refusal comes first depends on how much stack is left: the reader's own, or the
        # depth limit once the data is read. Each names what was expected.
        refusals = ("nested too deeply to read", "expected text, got a list", "levels deep; the limit is")
        assert any(words in str(error) for words in refusals), str(error)


def test_points_nested_a_hundred_deep_still_load(tmp_path: Path) -> None:
    path = tmp_path / "deep.json"
    path.write_text(
        '{"peaceplan": 1, "id": "v", "document": "plan", "title": "Deep", "status": "draft", '
        f'"provisions": {_nested_points(100)}}}',
        encoding="utf-8",
    )
    assert load_version(path).provisions[0].children
