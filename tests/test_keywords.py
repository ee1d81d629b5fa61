"""Typed keywords: a misspelt keyword of Version.diff, Version.revise or a read_* function is caught.

The convenience verbs on Version took ``**options: Any`` and the readers
``**metadata: Any``, so ``plan.diff(other, use_linage=False)`` passed the type
checker. They now spell their keywords out (the readers through one TypedDict,
:class:`peaceplan.text.reader.ImportMetadata`), which mypy checks; at run time a
misspelt keyword still fails with a message that names it.
"""

from __future__ import annotations

import inspect
import textwrap
from pathlib import Path

import attrs
import pytest

import peaceplan
from peaceplan.authoring import revise
from peaceplan.compare.diff import diff
from peaceplan.model.records import Version
from peaceplan.text.reader import ImportMetadata, read_docx, read_markdown, read_pages, read_pdf, read_text

READERS = [read_text, read_markdown, read_pages, read_pdf, read_docx]


def _keywords(function: object) -> dict[str, inspect.Parameter]:
    params = inspect.signature(function).parameters  # type: ignore[arg-type]
    return {name: p for name, p in params.items() if p.kind is inspect.Parameter.KEYWORD_ONLY}


def test_version_diff_takes_the_keywords_of_diff() -> None:
    assert _keywords(Version.diff).keys() == _keywords(diff).keys() == {"use_lineage", "corpus", "options"}
    assert {k: p.default for k, p in _keywords(Version.diff).items()} == {
        k: p.default for k, p in _keywords(diff).items()
    }


def test_version_revise_takes_the_keywords_of_revise() -> None:
    assert list(_keywords(Version.revise)) == list(_keywords(revise))
    assert [p.default for p in _keywords(Version.revise).values()] == [p.default for p in _keywords(revise).values()]


def test_the_import_keywords_are_the_version_fields_and_the_reading_options() -> None:
    fields = {a.name for a in attrs.fields(Version) if a.init} - {"provisions"}
    keys = ImportMetadata.__required_keys__ | ImportMetadata.__optional_keys__
    assert keys == fields | {"proposed_by", "preamble", "split_inline"}
    assert ImportMetadata.__required_keys__ == {"id"}


@pytest.mark.parametrize("reader", READERS, ids=lambda r: r.__name__)
def test_every_reader_types_its_metadata_with_the_one_typed_dict(reader: object) -> None:
    (metadata,) = (p for p in inspect.signature(reader).parameters.values() if p.kind is inspect.Parameter.VAR_KEYWORD)  # type: ignore[arg-type]
    assert metadata.annotation == "Unpack[ImportMetadata]"


def test_a_misspelt_keyword_of_version_diff_fails_at_run_time_naming_it() -> None:
    corpus = peaceplan.load_corpus()
    with pytest.raises(TypeError, match="use_linage"):
        corpus.version("28-point").diff(corpus.version("20-point"), use_linage=False)  # type: ignore[call-arg]


def test_a_misspelt_reader_keyword_fails_at_run_time_naming_it() -> None:
    with pytest.raises(peaceplan.ValidationError, match="unknown keyword 'titel'"):
        read_text("1. A ceasefire starts.", id="v", titel="Plan")  # type: ignore[call-arg]


@pytest.mark.slow
def test_mypy_rejects_misspelt_keywords_and_accepts_the_right_ones(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    api = pytest.importorskip("mypy.api")
    monkeypatch.setenv("MYPYPATH", str(Path(peaceplan.__file__).parent.parent))  # this peaceplan, not another
    code = textwrap.dedent(
        """
        import peaceplan
        from peaceplan.text.reader import read_markdown, read_text

        plan = peaceplan.load_corpus().version("20-point")
        plan.diff(plan, use_lineage=False)
        plan.diff(plan, use_linage=False)
        plan.revise("v2", date="2026-01", proposed_by="us", title="T")
        plan.revise("v2", date="2026-01", proposed_by="us", titel="T")
        peaceplan.diff(plan, plan, use_linage=False)
        peaceplan.revise(plan, "v2", date="2026-01", proposed_by="us", titel="T")
        read_text("1. A ceasefire starts.", id="v", title="T", split_inline=False)
        read_text("1. A ceasefire starts.", id="v", titel="T")
        read_markdown("1. A ceasefire starts.", title="T")
        read_text("1. A ceasefire starts.", id="v", preamble="note")
        """
    )
    script = tmp_path / "calls.py"
    script.write_text(code, encoding="utf-8")
    out, _, status = api.run(
        [
            "--strict",
            "--no-error-summary",
            "--cache-dir",
            str(tmp_path / "cache"),
            "--python-version",
            "3.10",
            str(script),
        ]
    )
    errors = sorted(int(line.split(":")[1]) for line in out.splitlines() if ": error:" in line)
    # Line numbers in calls.py: 7 use_linage, 9 titel (the deprecated methods), 10 use_linage, 11 titel
    # (the top-level verbs), 13 titel, 14 no id, 15 a preamble that is not one.
    assert status == 1
    assert sorted(set(errors)) == [7, 9, 10, 11, 13, 14, 15], out
