"""Each defect of issue 15 pinned by its own input: the reader's answer, and the words of its error."""

from __future__ import annotations

import io
import json
import os
import threading
from pathlib import Path

import pytest

import peaceplan
from peaceplan import Diff, Limits, Provision, ValidationError, Version, read_docx, read_pdf, read_text, using_limits
from peaceplan.files.io import dump_version, load_version, validate_path
from peaceplan.text.decoding import decode_text

from .inputs import V1, _bomb_part, _encrypted_pdf, _part, _rezip, docx_bytes, pdf_bytes, valid_diff_json

# --- encodings (item 4) -----------------------------------------------------------------------


@pytest.mark.parametrize(
    ("codec", "text", "note"),
    [
        ("cp1251", "План миру\n\n1. Припинення вогню.\n", "read as cp1251"),
        ("utf-16", "План миру\n\n1. Припинення вогню.\n", "read as UTF-16 (byte-order mark)"),
        ("utf-32", "План\n\n1. Мир.\n", "read as UTF-32 (byte-order mark)"),
        ("utf-16-le", "Plan\n\n1. Ceasefire.\n", "read as UTF-16-LE (no byte-order mark"),
        ("cp1252", "Plan de paix\n\n1. Cessez-le-feu immédiat, “vite”.\n", "read as cp1252"),
        ("latin-1", "Plan de paix\n\n1. Cessez-le-feu immédiat.\n", "read as cp1252"),
    ],
)
def test_a_text_file_in_a_legacy_or_utf16_encoding_is_read_and_the_choice_reported(
    tmp_path: Path, codec: str, text: str, note: str
) -> None:
    path = tmp_path / "plan.txt"
    path.write_bytes(text.encode(codec))
    result = read_text(path, id="v")
    assert result.version.provisions[-1].text == text.strip().splitlines()[-1][3:]
    assert note in str(result.report[0])
    assert result.report[0].kind == "encoding"


def test_a_declared_encoding_is_used(tmp_path: Path) -> None:
    path = tmp_path / "plan.txt"
    path.write_bytes(b"coding: koi8-r\n\n1. " + "Мир.".encode("koi8-r") + b"\n")
    result = read_text(path, id="v")
    assert result.version.provision("1").text == "Мир."
    assert "read as koi8-r, the encoding the file declares" in result.report_text()


def test_plain_utf8_gets_no_encoding_note(tmp_path: Path) -> None:
    path = tmp_path / "plan.txt"
    path.write_text("1. Мир.\n", encoding="utf-8")
    assert read_text(path, id="v").notes("encoding") == ()


def test_a_binary_file_is_refused_with_the_byte_offset(tmp_path: Path) -> None:
    path = tmp_path / "plan.txt"
    path.write_bytes(b"1. ok\n" + bytes(range(256)))
    with pytest.raises(ValidationError) as caught:
        read_text(path, id="v")
    assert str(caught.value).startswith(f"{path}, line 3: not text: byte 134 (0x80) is not UTF-8")


def test_decoding_does_not_mistake_accented_latin_for_cyrillic() -> None:
    text, note = decode_text("Résumé of the café talks".encode("cp1252"))
    assert text == "Résumé of the café talks"
    assert note is not None
    assert "cp1252" in note


# --- paths that are not readable files (items 4 and 11) -------------------------------------------


@pytest.mark.parametrize("reader", [read_text, peaceplan.read_markdown, read_docx, read_pdf, load_version])
def test_a_missing_path_is_refused_naming_it(tmp_path: Path, reader: object) -> None:
    missing = tmp_path / "nowhere.txt"
    with pytest.raises(ValidationError, match=r"nowhere\.(txt|yaml): no such file; check the path"):
        reader(missing, id="v") if reader is not load_version else load_version(tmp_path / "nowhere.yaml")  # type: ignore[operator]


def test_a_folder_is_refused_naming_it(tmp_path: Path) -> None:
    with pytest.raises(ValidationError, match=r"not a regular file \(a folder\)"):
        read_text(tmp_path, id="v")


@pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="needs FIFOs")
def test_a_fifo_is_refused_at_once_not_read_forever(tmp_path: Path) -> None:
    fifo = tmp_path / "v.yaml"
    os.mkfifo(fifo)
    outcome: list[object] = []
    worker = threading.Thread(target=lambda: outcome.append(validate_path(fifo)), daemon=True)
    worker.start()
    worker.join(10)
    assert outcome, "validate_path blocked on a FIFO"
    assert "not a regular file (a named pipe)" in str(outcome[0])
    with pytest.raises(ValidationError, match="a named pipe"):
        load_version(fifo)
    with pytest.raises(ValidationError, match="a named pipe"):
        read_text(Path(fifo), id="v")


@pytest.mark.skipif(not os.path.exists("/dev/zero"), reason="needs /dev/zero")
def test_dev_zero_is_refused_before_it_is_read() -> None:
    with pytest.raises(ValidationError, match=r"/dev/zero: not a regular file \(a character device\)"):
        read_text(Path("/dev/zero"), id="v")


def test_a_file_over_the_size_limit_is_refused(tmp_path: Path) -> None:
    path = tmp_path / "v.yaml"
    path.write_text(V1, encoding="utf-8")
    with using_limits(Limits(max_file_bytes=100)), pytest.raises(ValidationError, match=r"Limits\.max_file_bytes"):
        load_version(path)
    assert load_version(path).id == "v1"


# --- lone surrogates (item 5) ---------------------------------------------------------------------


def test_a_lone_surrogate_in_a_text_is_refused_with_line_and_column() -> None:
    with pytest.raises(ValidationError, match=r"line 2: read_text\(\): column 4 holds a lone surrogate \(U\+D800\)"):
        read_text("1. a\n2. \ud800 b", id="v")


def test_a_lone_surrogate_escape_in_a_version_file_is_refused_with_its_pointer(tmp_path: Path) -> None:
    path = tmp_path / "v.json"
    data = json.dumps({"peaceplan": 1, "id": "v", "document": "d", "title": "T", "status": "draft", "provisions": []})
    path.write_text(data.replace('"T"', '"T\\udc00"'), encoding="utf-8")
    with pytest.raises(ValidationError, match=r"at /title: the text holds a lone surrogate \(U\+DC00"):
        load_version(path)
    assert "lone surrogate" in str(validate_path(path)[0])


def test_a_lone_surrogate_escape_in_a_saved_diff_is_refused() -> None:
    text = valid_diff_json().replace('"First"', '"First\\ud800"')
    with pytest.raises(ValidationError, match="lone surrogate"):
        Diff.from_json(text)


def test_the_model_refuses_a_lone_surrogate_so_nothing_crashes_later() -> None:
    with pytest.raises(ValidationError, match=r"Provision\.text: expected text without lone surrogates"):
        Provision(label="1", text="0\ud800")


# --- huge numbers (item 10) -----------------------------------------------------------------------


@pytest.mark.parametrize("number", ["9" * 5000, "0x" + "f" * 5000, "-" + "1" * 100])
def test_a_huge_yaml_number_is_refused_and_validate_path_does_not_raise(tmp_path: Path, number: str) -> None:
    path = tmp_path / "v.yaml"
    path.write_text(V1.replace("peaceplan: 1", f"peaceplan: {number}"), encoding="utf-8")
    with pytest.raises(ValidationError, match=r"line 1, at /peaceplan: a number written with [\d,]+ characters"):
        load_version(path)
    assert "a number written with" in validate_path(path)[0].message


def test_a_json_number_overflowing_to_infinity_is_refused() -> None:
    with pytest.raises(ValidationError, match="too large or too long"):
        Diff.from_json(valid_diff_json().replace('"peaceplan-diff": 1', '"peaceplan-diff": 1e999'))


# --- deep outlines (item 9) -----------------------------------------------------------------------


@pytest.mark.parametrize("levels", [200, 500])
def test_a_deep_outline_is_refused_with_the_depth_limit_not_a_crash(levels: int) -> None:
    text = "\n".join(" " * (2 * i) + "1. x" for i in range(levels))
    with pytest.raises(
        ValidationError, match=r"line 129: read_text\(\): point .* nests 129 levels deep; the limit is 128"
    ):
        read_text(text, id="v")


def test_a_version_built_deeper_than_the_limit_is_refused_when_made() -> None:
    point = Provision(label="1", text="x")
    for _ in range(150):
        point = Provision(label="1", text="x", children=[point])
    with pytest.raises(ValidationError, match=r"points nest more than 128 levels deep"):
        Version(id="v", document="d", title="T", status="draft", provisions=[point])


def test_a_raised_depth_limit_lets_a_deeper_outline_load_and_dump(tmp_path: Path) -> None:
    text = "\n".join(" " * (2 * i) + "1. x" for i in range(140))
    with using_limits(Limits(max_depth=140)):
        version = read_text(text, id="v").version
        dump_version(version, tmp_path / "v.yaml")
        assert load_version(tmp_path / "v.yaml") == version


def test_line_length_and_point_count_limits_are_refused_with_the_limit_named() -> None:
    with using_limits(Limits(max_line_chars=50)), pytest.raises(ValidationError, match=r"Limits\.max_line_chars"):
        read_text("1. " + "x" * 60, id="v")
    with using_limits(Limits(max_provisions=3)), pytest.raises(ValidationError, match="more than 3 points"):
        read_text("1. a\n2. b\n3. c\n4. d", id="v")


def test_limits_refuse_nonsense_values() -> None:
    with pytest.raises(ValidationError, match=r"Limits\.max_pages: expected a positive whole number, got -1"):
        Limits(max_pages=-1)
    with pytest.raises(ValidationError, match=r"expected a peaceplan\.Limits"), using_limits(3):  # type: ignore[arg-type]
        pass


# --- Word files (items 2 and 3) -------------------------------------------------------------------


def test_a_word_file_with_a_style_based_on_itself_is_read() -> None:
    good = docx_bytes()
    styles = _part(good, "word/styles.xml").replace(
        b'w:styleId="Normal">', b'w:styleId="Normal"><w:basedOn w:val="Normal"/>', 1
    )
    assert b'<w:basedOn w:val="Normal"/>' in styles
    result = read_docx(io.BytesIO(_rezip(good, {"word/styles.xml": styles})), id="v")
    assert result.version.provision("1").text == "A ceasefire starts."


def test_a_zip_bomb_is_refused_from_the_zip_directory() -> None:
    bomb = _rezip(docx_bytes(), {}, {"word/media/bomb.bin": _bomb_part()})
    assert len(bomb) < 1024 * 1024
    with pytest.raises(ValidationError, match=r"part too large: 'word/media/bomb.bin' unpacks to 34,603,008 bytes"):
        read_docx(io.BytesIO(bomb), id="v")


def test_a_list_level_past_eight_is_read_as_level_eight() -> None:
    good = docx_bytes()
    document = _part(good, "word/document.xml").replace(
        b'<w:pStyle w:val="ListNumber"/>',
        b'<w:pStyle w:val="ListNumber"/><w:numPr><w:ilvl w:val="10"/><w:numId w:val="1"/></w:numPr>',
    )
    result = read_docx(io.BytesIO(_rezip(good, {"word/document.xml": document})), id="v")
    assert result.version.provisions


@pytest.mark.parametrize(
    ("data", "words"),
    [
        (b"1. plain text", "not a Word file: not a valid zip archive"),
        (b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + bytes(600), r"an encrypted \(password-protected\) document"),
        (b"", "not a Word file: not a valid zip archive"),
    ],
)
def test_a_file_that_is_not_a_word_file_is_named_and_refused(tmp_path: Path, data: bytes, words: str) -> None:
    path = tmp_path / "plan.docx"
    path.write_bytes(data)
    with pytest.raises(ValidationError, match=f"{path}: .*{words}"):
        read_docx(path, id="v")


def test_a_damaged_word_part_is_a_validation_error_naming_the_file(tmp_path: Path) -> None:
    path = tmp_path / "plan.docx"
    path.write_bytes(_rezip(docx_bytes(), {"word/document.xml": b"<not xml"}))
    with pytest.raises(ValidationError, match=f"{path}: cannot read the Word file: damaged file"):
        read_docx(path, id="v")


# --- PDF files (item 2) ---------------------------------------------------------------------------


def test_an_encrypted_pdf_is_refused_as_such(tmp_path: Path) -> None:
    path = tmp_path / "plan.pdf"
    path.write_bytes(_encrypted_pdf("secret"))
    with pytest.raises(ValidationError, match=f"{path}: encrypted PDF: it needs a password"):
        read_pdf(path, id="v")


def test_a_pdf_encrypted_with_an_empty_password_is_read() -> None:
    result = read_pdf(io.BytesIO(_encrypted_pdf("")), id="v")
    assert [p.text for p in result.version.provisions] == ["A ceasefire starts.", "Elections follow."]


@pytest.mark.parametrize(
    ("data", "words"),
    [
        (b"1. plain text", "not a PDF file"),
        (pdf_bytes()[:200], "cannot read the PDF: damaged PDF"),
    ],
)
def test_a_damaged_pdf_is_a_validation_error_naming_the_file(tmp_path: Path, data: bytes, words: str) -> None:
    path = tmp_path / "plan.pdf"
    path.write_bytes(data)
    with pytest.raises(ValidationError, match=f"{path}: {words}"):
        read_pdf(path, id="v")


def test_a_pdf_over_the_page_limit_is_refused() -> None:
    pages = tuple((f"{n}. Point.",) for n in range(1, 6))
    with using_limits(Limits(max_pages=4)), pytest.raises(ValidationError, match="the PDF has 5 pages; the limit is 4"):
        read_pdf(io.BytesIO(pdf_bytes(pages)), id="v")


def test_limits_can_be_set_for_the_cli_through_the_environment(tmp_path: Path) -> None:
    from click.testing import CliRunner

    from peaceplan.cli import cli

    (tmp_path / "plan.txt").write_text("1. a\n  (a) b\n    (i) c\n", encoding="utf-8")
    args = ["import", str(tmp_path / "plan.txt"), "--id", "v", "-o", str(tmp_path / "v.yaml")]
    refused = CliRunner(env={"PEACEPLAN_LIMITS": "max_depth=2"}).invoke(cli, args)
    assert refused.exit_code == 2
    assert "point 1.a.i nests 3 levels deep; the limit is 2 (Limits.max_depth" in refused.stderr
    mistyped = CliRunner(env={"PEACEPLAN_LIMITS": "max_dept=2"}).invoke(cli, args)
    assert mistyped.exit_code == 2
    assert mistyped.stderr.startswith("peaceplan: error: PEACEPLAN_LIMITS: unknown limit 'max_dept'")
    assert CliRunner(env={"PEACEPLAN_LIMITS": "max_depth=3"}).invoke(cli, args).exit_code == 0
