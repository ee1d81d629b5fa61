"""Fuzzing every entry point with hypothesis: random bytes, texts and mutations of good files.

Each property feeds generated input to the entry points of one family through
:func:`hostile.harness.feed`-style checks: only a ``PeaceplanError`` escapes, no
run passes the per-input deadline, and what loads also digests, renders and
dumps (and loads back equal).

The example budget is fixed so the suite stays quick and the run is the same
every time (``derandomize``): ``PEACEPLAN_FUZZ_EXAMPLES`` examples a property,
20 by default. A long fuzzing run sets it higher, which also lets hypothesis
pick new random examples each run::

    PEACEPLAN_FUZZ_EXAMPLES=5000 python -m pytest tests/hostile/test_fuzz.py
"""

from __future__ import annotations

import io
import json
import os
import tempfile
from pathlib import Path

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from peaceplan import Diff, read_docx, read_markdown, read_pages, read_pdf, read_text
from peaceplan.corpus import load_corpus
from peaceplan.files.io import load_version, validate_path

from .harness import DEADLINE, deadline, run_entry
from .inputs import CORPUS_FILES, V1, docx_bytes, pdf_bytes, valid_diff_json

EXAMPLES = int(os.environ.get("PEACEPLAN_FUZZ_EXAMPLES", "20"))
FUZZ = settings(
    max_examples=EXAMPLES,
    deadline=None,  # the harness's own deadline (a SIGALRM timer) catches hangs; timing noise is no failure
    derandomize="PEACEPLAN_FUZZ_EXAMPLES" not in os.environ,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
    database=None,
)

# Characters a hostile text is made of: controls, C1, bidi, zero-width, surrogates, markers.
_CONTROLS = "\x00\x07\x08\x0b\x0c\x1b\x7f\x85\x9b\u200b\u202e\u2066\u2028\u2029\ufeff\ud800\udfff\t\n\r "
_MARKERS = ["1.", "(a)", "- ", "# ", "**", "Article 5", "  ", "ii)", "12.5", "\\", "> ", "---"]
HOSTILE_CHARS = st.sampled_from([*_CONTROLS, *_MARKERS])
TEXTS = st.one_of(
    st.text(max_size=400),
    st.lists(st.one_of(HOSTILE_CHARS, st.text(max_size=8)), max_size=80).map("".join),
    st.lists(
        st.tuples(st.integers(0, 12), st.sampled_from(["1.", "2.", "(a)", "(b)", "i.", "-", "•", "A."]), st.text()),
        max_size=60,
    ).map(lambda rows: "\n".join(" " * n + f"{m} {t}" for n, m, t in rows)),
)


def _mutate(data: bytes, edits: list[tuple[int, int, bytes]]) -> bytes:
    """``data`` with each (position, length to remove, bytes to insert) applied in turn."""
    out = bytearray(data)
    for at, remove, insert in edits:
        if not out:
            out += insert
            continue
        at %= len(out)
        out[at : at + remove] = insert
    return bytes(out)


EDITS = st.lists(st.tuples(st.integers(0, 10**6), st.integers(0, 8), st.binary(max_size=6)), min_size=1, max_size=8)


def _runs(work: dict[str, object], where: Path) -> None:
    for what, call in work.items():
        run_entry(what, call, where, [])  # type: ignore[arg-type]


@FUZZ
@given(data=st.binary(max_size=3000), markdown=st.booleans())
def test_any_bytes_read_as_a_text_file_give_a_version_or_a_peaceplan_error(data: bytes, markdown: bool) -> None:
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder, "plan.md" if markdown else "plan.txt")
        path.write_bytes(data)
        reader = read_markdown if markdown else read_text
        _runs({f"{reader.__name__}(Path)": lambda: reader(path, id="fuzz")}, Path(folder))


@FUZZ
@given(text=TEXTS)
def test_any_text_gives_a_version_or_a_peaceplan_error(text: str) -> None:
    with tempfile.TemporaryDirectory() as folder:
        _runs(
            {
                "read_text(text)": lambda: read_text(text, id="fuzz"),
                "read_markdown(text)": lambda: read_markdown(text, id="fuzz"),
                "read_pages(pages)": lambda: read_pages(text.split("\f") + text.split("\n\n"), id="fuzz"),
            },
            Path(folder),
        )


@FUZZ
@given(edits=EDITS, json_syntax=st.booleans())
def test_a_mutated_version_file_loads_whole_or_is_refused(
    edits: list[tuple[int, int, bytes]], json_syntax: bool
) -> None:
    import yaml

    good = json.dumps(yaml.safe_load(V1), default=str).encode() if json_syntax else V1.encode()
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder, "v.json" if json_syntax else "v.yaml")
        path.write_bytes(_mutate(good, edits))
        _runs({"load_version": lambda: load_version(path)}, Path(folder))
        with deadline(DEADLINE, "validate_path"):
            assert isinstance(validate_path(path), list)


@FUZZ
@given(name=st.sampled_from(sorted(CORPUS_FILES)), edits=EDITS)
def test_a_corpus_folder_with_a_mutated_file_loads_whole_or_is_refused(
    name: str, edits: list[tuple[int, int, bytes]]
) -> None:
    with tempfile.TemporaryDirectory() as folder:
        root = Path(folder, "corpus")
        for file, text in CORPUS_FILES.items():
            (root / file).parent.mkdir(parents=True, exist_ok=True)
            data = text.encode()
            (root / file).write_bytes(_mutate(data, edits) if file == name else data)
        _runs({"load_corpus": lambda: load_corpus(root)}, Path(folder))
        with deadline(DEADLINE, "validate_path(folder)"):
            assert isinstance(validate_path(root), list)


@FUZZ
@given(edits=EDITS)
def test_a_mutated_word_file_gives_a_version_or_a_peaceplan_error(edits: list[tuple[int, int, bytes]]) -> None:
    data = _mutate(docx_bytes(), edits)
    with tempfile.TemporaryDirectory() as folder:
        _runs({"read_docx(stream)": lambda: read_docx(io.BytesIO(data), id="fuzz")}, Path(folder))


@FUZZ
@given(edits=EDITS)
def test_a_mutated_pdf_gives_a_version_or_a_peaceplan_error(edits: list[tuple[int, int, bytes]]) -> None:
    data = _mutate(pdf_bytes(), edits)
    with tempfile.TemporaryDirectory() as folder:
        _runs({"read_pdf(stream)": lambda: read_pdf(io.BytesIO(data), id="fuzz")}, Path(folder))


def _containers(children: st.SearchStrategy[object]) -> st.SearchStrategy[object]:
    return st.lists(children, max_size=3) | st.dictionaries(st.text(max_size=8), children, max_size=3)


JSON_VALUES = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats(allow_nan=False) | st.text(max_size=20),
    _containers,
    max_leaves=8,
)


@FUZZ
@given(edits=EDITS)
def test_a_mutated_saved_diff_loads_whole_or_is_refused(edits: list[tuple[int, int, bytes]]) -> None:
    text = _mutate(valid_diff_json().encode(), edits).decode("utf-8", errors="surrogateescape")
    with tempfile.TemporaryDirectory() as folder:
        _runs({"Diff.from_json": lambda: Diff.from_json(text)}, Path(folder))


@FUZZ
@given(data=st.data(), value=JSON_VALUES)
def test_a_saved_diff_with_any_value_retyped_loads_whole_or_is_refused(data: st.DataObject, value: object) -> None:
    document = json.loads(valid_diff_json())
    target = document
    while isinstance(target, (dict, list)) and target:
        keys = list(target) if isinstance(target, dict) else list(range(len(target)))
        key = data.draw(st.sampled_from(keys))
        if not isinstance(target[key], (dict, list)) or data.draw(st.booleans()):
            target[key] = value
            break
        target = target[key]
    text = json.dumps(document, ensure_ascii=False)
    with tempfile.TemporaryDirectory() as folder:
        _runs({"Diff.from_json": lambda: Diff.from_json(text)}, Path(folder))
