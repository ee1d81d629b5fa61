"""Reading versions from pasted text, Markdown, Word and PDF, and writing them back.

The catalogue in ``textio_cases/catalogue.yaml`` pins numbering styles and messy
pastes case by case (provisions and report notes); the properties check that no
line is ever lost, that reading is deterministic and that Markdown round-trips.
"""

from __future__ import annotations

import io
import re
import sys
from pathlib import Path
from typing import Any

import pytest
import yaml
from hypothesis import given, settings
from hypothesis import strategies as st

from peaceplan.errors import MissingExtraError, ValidationError
from peaceplan.model.records import Provision, Role, Version
from peaceplan.text.inline import split_inline
from peaceplan.text.numbering import parse_marker
from peaceplan.text.reader import (
    ImportNote,
    ImportResult,
    NoteKind,
    read_docx,
    read_markdown,
    read_pages,
    read_pdf,
    read_text,
    to_markdown,
    to_text,
)

CASES: list[dict[str, Any]] = yaml.safe_load(
    (Path(__file__).parent / "textio_cases" / "catalogue.yaml").read_text(encoding="utf-8")
)


def tree(version: Version) -> list[list[str | None]]:
    return [[path, p.title, p.text] for path, p in version.walk()]


def read_case(case: dict[str, Any]) -> ImportResult:
    reader = read_markdown if case.get("reader") == "markdown" else read_text
    return reader(case["input"], id="case", **case.get("options", {}))


def unaccounted_words(text: str, result: ImportResult) -> list[tuple[int, str]]:
    """Words of input lines that are neither in the version nor on a reported line."""
    v = result.version
    pieces = [v.title, v.notes or ""]
    for path, p in v.walk():
        pieces += [path, p.title or "", p.text, p.notes or ""]
    haystack = " ".join(pieces).casefold()
    reported = {n.line for n in result.report}
    missing = []
    for number, raw in enumerate(text.splitlines(), start=1):
        content = raw.strip()
        if not content or number in reported:
            continue
        marker = parse_marker(content)
        body = marker.rest if marker is not None else content
        missing += [(number, w) for w in re.findall(r"\w+", body) if w.casefold() not in haystack]
    return missing


# --- the catalogue -----------------------------------------------------------------


def test_catalogue_has_at_least_thirty_cases() -> None:
    assert len(CASES) >= 30
    assert len({c["name"] for c in CASES}) == len(CASES)


@pytest.mark.parametrize("case", CASES, ids=[c["name"] for c in CASES])
def test_catalogue_case_gives_expected_provisions_and_report(case: dict[str, Any]) -> None:
    result = read_case(case)
    assert tree(result.version) == [list(p) for p in case["provisions"]]
    assert [[n.line, str(n.kind)] for n in result.report] == [list(r) for r in case["report"]]
    if "title" in case:
        assert result.version.title == case["title"]
    assert result.version.notes == case.get("notes")
    for path, notes in case.get("point_notes", {}).items():
        assert result.version.provision(path).notes == notes


@pytest.mark.parametrize("case", CASES, ids=[c["name"] for c in CASES])
def test_catalogue_case_loses_no_line(case: dict[str, Any]) -> None:
    assert unaccounted_words(case["input"], read_case(case)) == []


# --- numbering schemes learned from the document ------------------------------------


_WORDS = ["ceasefire", "monitors", "verify", "the", "line", "of", "contact", "within", "30", "days", "and", "all"]


@st.composite
def learned_documents(
    draw: st.DrawFn, styles: tuple[str, ...] = ("control", "technique", "requirement", "verse", "article")
) -> list[tuple[str, str]]:
    """(label, text) lines numbered in one scheme peaceplan's fixed grammar does not read."""
    style = draw(st.sampled_from(styles))
    keys = sorted(
        draw(
            st.sets(
                st.tuples(st.integers(min_value=1, max_value=40), st.integers(min_value=0, max_value=12)),
                min_size=3,
                max_size=12,
            )
        )
    )
    family = draw(st.text(alphabet="ACDEFGHIKLMNOPRSTUVXZ", min_size=1, max_size=5))
    joiner = draw(st.sampled_from(["-", "", "."]))
    category = draw(st.sampled_from(["STORAGE", "CRYPTO", "AUTH"]))
    labels = []
    for n, sub in keys:
        if style == "control":
            labels.append(f"{family}{joiner}{n}" + (f"({sub})" if sub else ""))
        elif style == "technique":
            labels.append(f"T{1000 + n}" + (f".{sub:03d}" if sub else ""))
        elif style == "requirement":
            labels.append(f"MASVS-{category}-{n}" + (f".{sub}" if sub else ""))
        elif style == "verse":
            labels.append(f"{n}:{sub + 1}")
        else:
            labels.append(f"{n}({sub + 1})")
    lines = []
    for label in labels:
        words = draw(st.lists(st.sampled_from(_WORDS), min_size=1, max_size=8))
        head = draw(st.sampled_from(["The", "Monitors", "Account Management:", "Disable Accounts."]))
        text = " ".join([head, *words]) + draw(st.sampled_from([".", "", ";", ": (a) one; (b) two."]))
        lines.append((label, text))
    return lines


@settings(max_examples=150, deadline=None)
@given(learned_documents())
def test_labels_of_one_learned_scheme_are_read_back_label_for_label(lines: list[tuple[str, str]]) -> None:
    text = "\n".join(f"{label} {body}" for label, body in lines)
    version = read_text(text, id="v").version
    assert [(p.label, p.title, p.text, p.children) for p in version.provisions] == [
        (label, None, body, ()) for label, body in lines
    ]


@settings(max_examples=100, deadline=None)
@given(learned_documents(styles=("article",)), st.sampled_from(["Art. ", "Article ", "§ ", "Sec. "]))
def test_learned_article_headings_read_like_the_fixed_grammar_s(lines: list[tuple[str, str]], word: str) -> None:
    """ "Art. 5(1) The parties..." needs the document to vouch for it; "Art. 5(1). The parties..." does not."""
    learned = read_text("\n".join(f"{word}{label} {body}" for label, body in lines), id="v").version
    fixed = read_text("\n".join(f"{word}{label}. {body}" for label, body in lines), id="v").version
    assert [p.label for p in learned.provisions] == [label for label, _ in lines]
    assert learned.provisions == fixed.provisions


def test_a_learned_label_after_a_page_break_is_still_a_point() -> None:
    pages = [
        "AC-1 Policy and Procedures. Develop a policy.\nAC-2 Account Management. Define the accounts.\nPage 1 of 2",
        "AC-2(1) Automated Management. Use automated tools.\nAC-3 Access Enforcement. Enforce it.\nPage 2 of 2",
    ]
    result = read_pages(pages, id="v")
    assert [p.label for p in result.version.provisions] == ["AC-1", "AC-2", "AC-2(1)", "AC-3"]
    assert [n.kind for n in result.report] == [NoteKind.DROPPED, NoteKind.DROPPED]


def test_learned_points_that_repeat_a_text_are_no_running_header() -> None:
    text = "AC-12 Session Termination.\nAC-13 Withdrawn\nAC-15 Withdrawn\nAC-16 Withdrawn\nAC-17 Remote Access."
    result = read_text(text, id="v")
    assert [p.label for p in result.version.provisions] == ["AC-12", "AC-13", "AC-15", "AC-16", "AC-17"]
    assert result.report == ()


def test_a_running_header_stays_furniture_in_a_document_numbered_by_a_learned_scheme() -> None:
    pages = [
        "ACCESS CONTROL\nAC-1 Policy. Develop a policy.\nAC-2 Accounts. Define accounts.",
        "ACCESS CONTROL\nAC-3 Enforcement. Enforce it.\nAC-4 Flow. Control flows.",
        "ACCESS CONTROL\nAC-5 Duties. Separate duties.\nAC-6 Privilege. Least privilege.",
    ]
    result = read_pages(pages, id="v")
    assert [p.label for p in result.version.provisions] == ["AC-1", "AC-2", "AC-3", "AC-4", "AC-5", "AC-6"]
    assert result.version.title == "ACCESS CONTROL"
    assert [n.kind for n in result.report] == [NoteKind.TITLE, NoteKind.DROPPED, NoteKind.DROPPED]


def test_a_learned_label_printed_twice_is_renamed_with_a_note() -> None:
    result = read_text("1:1 In the beginning.\n1:2 And the earth.\n1:2 And darkness.\n1:3 And light.", id="v")
    assert [p.label for p in result.version.provisions] == ["1:1", "1:2", "1:2 (2)", "1:3"]
    assert [str(n) for n in result.notes("duplicate-label")] == [
        "line 3: duplicate-label: label '1:2' is used twice here; renamed '1:2 (2)': '1:2 And darkness.'"
    ]


def test_a_dotted_label_printed_twice_at_the_top_is_renamed_with_a_note() -> None:
    result = read_text("02.01.01 Guarantors are named.\n02.01.01 Envoys are appointed.", id="v")
    assert [p.label for p in result.version.provisions] == ["02.01.01", "02.01.01 (2)"]
    assert [n.line for n in result.notes("duplicate-label")] == [2]


def test_a_learned_scheme_keeps_the_fixed_grammar_for_sub_points_on_their_own_lines() -> None:
    text = (
        "AC-1 Policy and Procedures. The organization:\n"
        "a. Develops a policy;\n"
        "b. Reviews it yearly.\n"
        "AC-2 Account Management.\n"
        "AC-2(1) Automated Management.\n"
    )
    version = read_text(text, id="v").version
    assert [path for path, _ in version.walk()] == ["AC-1", "AC-1.a", "AC-1.b", "AC-2", "AC-2(1)"]


def test_markdown_headings_numbered_by_a_learned_scheme_give_titles() -> None:
    md = (
        "## T1037 Boot Scripts\n\nAdversaries use scripts.\n\n"
        "## T1037.001 Logon Script\n\nOn Windows.\n\n"
        "## T1053 Scheduled Task\n\nTasks run.\n"
    )
    version = read_markdown(md, id="v").version
    assert [(p.label, p.title, p.text) for p in version.provisions] == [
        ("T1037", "Boot Scripts", "Adversaries use scripts."),
        ("T1037.001", "Logon Script", "On Windows."),
        ("T1053", "Scheduled Task", "Tasks run."),
    ]


def test_a_capitalised_word_before_each_number_is_learned_as_the_numbering_style() -> None:
    text = (
        "Phase 1 – Ceasefire: all fire stops within 24 hours.\n"
        "Phase 2: Hostages are released.\n"
        "(a) All living hostages within 72 hours.\n"
        "(b) The remains of the deceased.\n"
        "Phase 3: Reconstruction begins."
    )
    version = read_text(text, id="v").version
    assert [(path, p.text) for path, p in version.walk()] == [
        ("1", "Ceasefire: all fire stops within 24 hours."),
        ("2", "Hostages are released."),
        ("2.a", "All living hostages within 72 hours."),
        ("2.b", "The remains of the deceased."),
        ("3", "Reconstruction begins."),
    ]


def test_a_word_numbered_heading_over_numbered_articles_stays_a_heading() -> None:
    text = (
        "Chapter 1 General provisions\n\nArticle 1. The parties agree.\nArticle 2. They sign.\n\n"
        "Chapter 2 Ceasefire\n\nArticle 3. Fire ceases.\n\nChapter 3 Final clauses\n\nArticle 4. It ends."
    )
    version = read_text(text, id="v").version
    assert [p.label for p in version.provisions] == ["1", "2", "3", "4"]
    assert version.provision("3").notes == "Section heading: Chapter 2 Ceasefire"


def test_learned_labels_in_a_markdown_list_or_in_bold_are_points_not_bullets() -> None:
    md = "# Controls\n\n- AC-1 Policy.\n- AC-2 Accounts.\n  - a. Define types.\n- AC-2(3) Disable.\n- AC-3 Enforce.\n"
    result = read_markdown(md, id="v")
    assert [path for path, _ in result.version.walk()] == ["AC-1", "AC-2", "AC-2.a", "AC-2(3)", "AC-3"]
    assert result.notes("labelled-bullet") == ()
    bold = "**T1037** Boot Scripts.\n\n**T1037.001** Logon Script.\n\n**T1053** Scheduled Task.\n"
    assert [(p.label, p.text) for p in read_markdown(bold, id="v").version.provisions] == [
        ("T1037", "Boot Scripts."),
        ("T1037.001", "Logon Script."),
        ("T1053", "Scheduled Task."),
    ]


@pytest.mark.parametrize(
    "text",
    [
        "COVID-19 cases rose.\nCOVID-19 deaths fell.\nCOVID-19 rules ended.",  # one label, printed thrice
        "G7 leaders met in June.\nThe talks resumed.\nThey stalled again.\nF-16 jets flew.\nNobody agreed.",
        "2025 was hard.\n2026 will be better.\n2027 is far away.",  # bare numbers open prose
        "T1004 is one technique.\nT1013 is another.\nT1004 comes back.\nT1001 again.",  # out of order
        "In 2025 the talks stalled.\nIn 2026 they resumed.\nIn 2027 a deal was signed.",
        "About 40 observers came.\nAbout 50 left.\nAbout 60 stayed.",  # a prose word is no style
    ],
)
def test_prose_opening_with_identifiers_or_numbers_stays_text(text: str) -> None:
    assert [p.label for p in read_text(text, id="v").version.provisions] == ["preamble"]


# --- report --------------------------------------------------------------------------


def test_report_note_says_where_what_and_why() -> None:
    result = read_text("1. A ceasefire starts.\nPage 1 of 2\n2. Talks follow.", id="v")
    (note,) = result.report
    assert note == ImportNote(line=2, text="Page 1 of 2", kind="dropped", detail="page number")
    assert str(note) == "line 2: dropped: page number: 'Page 1 of 2'"


def test_report_can_be_filtered_by_kind() -> None:
    result = read_text("Intro.\n1. One\n1. One again\n2.", id="v")
    assert [n.line for n in result.notes(NoteKind.DUPLICATE_LABEL)] == [3]
    assert [n.line for n in result.notes("empty-point", "preamble")] == [1, 4]
    assert result.notes() == result.report


def test_merged_note_names_the_point_it_joined() -> None:
    result = read_text("10. The guarantee\n(a) is paid for\nby Ukraine.", id="v")
    (note,) = result.notes("merged")
    assert (note.path, note.detail) == ("10.a", "continuation joined to point 10.a")


def test_duplicate_label_note_gives_old_and_new_label() -> None:
    result = read_text("7. One.\n7. Two.\n7. Three.", id="v")
    assert [p.label for p in result.version.provisions] == ["7", "7 (2)", "7 (3)"]
    assert [n.detail for n in result.notes("duplicate-label")] == [
        "label '7' is used twice here; renamed '7 (2)'",
        "label '7' is used twice here; renamed '7 (3)'",
    ]


# --- metadata ------------------------------------------------------------------------


def test_metadata_defaults() -> None:
    v = read_text("1. A ceasefire starts.", id="v1").version
    assert (v.id, v.document, v.title, v.status.value, v.fidelity.value) == (
        "v1",
        "imported",
        "Imported version",
        "draft",
        "verbatim",
    )


def test_metadata_keywords_reach_the_version() -> None:
    v = read_text(
        "1. A ceasefire starts.",
        id="geneva-19",
        document="peace-plan",
        title="Geneva framework",
        status="proposed",
        date="2025-11-23",
        reported="2025-11-24",
        fidelity="summarised",
        parents=["28-point"],
        language="uk",
        sources=[{"id": "ft", "publisher": "FT", "title": "Geneva text", "reliability": "reported"}],
        proposed_by=["us", "ukraine"],
    ).version
    assert (v.title, str(v.date), str(v.reported), v.parents, v.language) == (
        "Geneva framework",
        "2025-11-23",
        "2025-11-24",
        ("28-point",),
        "uk",
    )
    assert [s.id for s in v.sources] == ["ft"]
    assert [(a.actor, a.role, a.confidence.value) for a in v.attributions] == [
        ("us", Role.PROPOSER, "reported"),
        ("ukraine", Role.PROPOSER, "reported"),
    ]


def test_proposed_by_accepts_one_actor_id() -> None:
    assert read_text("1. x", id="v", proposed_by="us").version.proposers == ("us",)


def test_missing_id_is_a_validation_error() -> None:
    with pytest.raises(ValidationError, match=r"read_text\(\): the keyword 'id' is required"):
        read_text("1. x")


@pytest.mark.parametrize(
    ("keyword", "value"),
    [
        ("status", "bogus"),
        ("id", "not an id"),
        ("date", "someday"),
        ("fidelity", "exact"),
        ("proposed_by", ["us", "not valid!"]),
        ("sources", [{"id": "x"}]),
        ("parents", "28-point"),
    ],
)
def test_invalid_metadata_names_the_keyword(keyword: str, value: object) -> None:
    metadata: dict[str, Any] = {"id": "v", keyword: value}
    with pytest.raises(ValidationError, match=rf"read_markdown\(\): keyword {keyword}=") as info:
        read_markdown("1. x", **metadata)
    assert info.value.pointer == f"/{keyword}"
    assert isinstance(info.value, ValueError)


def test_unknown_keyword_is_named() -> None:
    with pytest.raises(ValidationError, match="unknown keyword 'stauts'; expected one of") as info:
        read_text("1. x", id="v", stauts="draft")
    assert info.value.pointer == "/stauts"


def test_invalid_preamble_option_is_named() -> None:
    with pytest.raises(ValidationError, match="keyword preamble='drop'"):
        read_text("1. x", id="v", preamble="drop")


def test_invalid_split_inline_option_is_named() -> None:
    with pytest.raises(ValidationError, match=r"read_text\(\): keyword split_inline='no': expected True or False"):
        read_text("1. x", id="v", split_inline="no")


def test_given_title_wins_and_the_title_line_is_still_reported() -> None:
    result = read_text("28-POINT PLAN\n\n1. x", id="v", title="US 28-point plan")
    assert result.version.title == "US 28-point plan"
    assert [(n.line, n.kind) for n in result.report] == [(1, NoteKind.TITLE)]


# --- sources: paths, Word, PDF ---------------------------------------------------------


def test_read_text_accepts_a_path_or_a_file_name(tmp_path: Path) -> None:
    path = tmp_path / "plan.txt"
    path.write_text("1. A ceasefire starts.\n2. Talks follow.\n", encoding="utf-8")
    assert read_text(path, id="v").version.labels == ("1", "2")
    assert read_text(str(path), id="v").version.labels == ("1", "2")
    assert read_markdown(path, id="v").version.labels == ("1", "2")


def test_read_docx_reads_word_numbering_headings_bullets_and_tables(tmp_path: Path) -> None:
    docx = pytest.importorskip("docx")
    document = docx.Document()
    document.add_heading("20-point framework", 0)
    document.add_paragraph("Read out by Zelensky on 23 December.")
    document.add_paragraph("Sovereignty is reaffirmed.", style="List Number")
    document.add_paragraph("Guarantees mirror Article 5:", style="List Number")
    document.add_paragraph("(a) for 15 years;")
    document.add_paragraph("(b) renewable.")
    document.add_heading("Territory", 2)
    document.add_paragraph("Talks start from the line of contact.", style="List Number")
    document.add_paragraph("with international monitoring", style="List Bullet")
    table = document.add_table(rows=1, cols=1)
    table.cell(0, 0).text = "4. Elections are held after signing."
    path = tmp_path / "plan.docx"
    document.save(path)

    result = read_docx(path, id="20-point")
    assert result.version.title == "20-point framework"
    assert tree(result.version) == [
        ["preamble", None, "Read out by Zelensky on 23 December."],
        ["1", None, "Sovereignty is reaffirmed."],
        ["2", None, "Guarantees mirror Article 5:"],
        ["2.a", None, "for 15 years;"],
        ["2.b", None, "renewable."],
        ["3", None, "Talks start from the line of contact."],
        ["3.1", None, "with international monitoring"],
        ["4", None, "Elections are held after signing."],
    ]
    assert result.version.provision("3").notes == "Section heading: Territory"
    assert [(n.line, str(n.kind)) for n in result.report] == [
        (1, "title"),
        (2, "preamble"),
        (7, "heading"),
        (9, "labelled-bullet"),
    ]
    with path.open("rb") as stream:
        assert read_docx(stream, id="v").version == result.version.__class__(**{**_fields(result.version), "id": "v"})


def _fields(v: Version) -> dict[str, Any]:
    return {name: getattr(v, name) for name in ("id", "document", "title", "status", "provisions", "notes")}


def _write_pdf(pages: list[list[str]]) -> bytes:
    """A real PDF with a Helvetica text layer, built with pypdf's low-level objects."""
    pypdf = pytest.importorskip("pypdf")
    from pypdf.generic import DecodedStreamObject, DictionaryObject, NameObject

    writer = pypdf.PdfWriter()
    font = writer._add_object(
        DictionaryObject(
            {
                NameObject("/Type"): NameObject("/Font"),
                NameObject("/Subtype"): NameObject("/Type1"),
                NameObject("/BaseFont"): NameObject("/Helvetica"),
                NameObject("/Encoding"): NameObject("/WinAnsiEncoding"),
            }
        )
    )
    for lines in pages:
        page = writer.add_blank_page(612, 792)
        ops = ["BT", "/F1 11 Tf", "14 TL", "72 740 Td"]
        for line in lines:
            escaped = line.replace("\\", "\\\\").replace("(", "\\(").replace(")", "\\)")
            ops.append(f"({escaped}) Tj T*")
        ops.append("ET")
        stream = DecodedStreamObject()
        stream.set_data("\n".join(ops).encode("latin-1"))
        page[NameObject("/Contents")] = writer._add_object(stream)
        page[NameObject("/Resources")] = DictionaryObject(
            {NameObject("/Font"): DictionaryObject({NameObject("/F1"): font})}
        )
    out = io.BytesIO()
    writer.write(out)
    return out.getvalue()


def test_read_pdf_reads_a_real_pdf_and_drops_page_furniture(tmp_path: Path) -> None:
    path = tmp_path / "plan.pdf"
    path.write_bytes(
        _write_pdf(
            [
                [
                    "PEACE FRAMEWORK",
                    "1. A ceasefire starts (now).",
                    "2. Troops pull back to the demilita-",
                    "Page 1 of 2",
                ],
                ["PEACE FRAMEWORK", "rised zone.", "3. Talks begin.", "Page 2 of 2"],
            ]
        )
    )
    result = read_pdf(path, id="v")
    assert result.version.title == "PEACE FRAMEWORK"
    assert tree(result.version) == [
        ["1", None, "A ceasefire starts (now)."],
        ["2", None, "Troops pull back to the demilitarised zone."],
        ["3", None, "Talks begin."],
    ]
    assert [(n.page, n.line, str(n.kind)) for n in result.report] == [
        (1, 1, "title"),
        (1, 4, "dropped"),
        (2, 5, "dropped"),
        (2, 6, "merged"),
        (2, 8, "dropped"),
    ]


def test_read_pages_drops_lines_repeated_at_page_edges_only() -> None:
    pages = [
        "Ukraine framework – restricted\n1. A ceasefire starts.\n2. Talks follow.\n- 1 -",
        "Ukraine framework – restricted\n3. Sanctions are eased.\n- 2 -",
    ]
    result = read_pages(pages, id="v")
    assert result.version.labels == ("1", "2", "3")
    assert [(n.page, n.line, n.detail) for n in result.notes("dropped")] == [
        (1, 4, "page number"),
        (2, 5, "running title repeated on later pages"),
        (2, 7, "page number"),
    ]


def test_read_pages_on_a_single_page_keeps_everything() -> None:
    result = read_pages(["1. A ceasefire starts.\n2. Talks follow."], id="v")
    assert tree(result.version) == [["1", None, "A ceasefire starts."], ["2", None, "Talks follow."]]
    assert result.report == ()


@pytest.mark.parametrize(("reader", "module", "extra"), [(read_docx, "docx", "docx"), (read_pdf, "pypdf", "pdf")])
def test_missing_optional_dependency_names_the_extra(
    monkeypatch: pytest.MonkeyPatch, reader: Any, module: str, extra: str
) -> None:
    monkeypatch.setitem(sys.modules, module, None)
    with pytest.raises(MissingExtraError, match=rf"pip install 'peaceplan\[{extra}\]'"):
        reader("plan.bin", id="v")


# --- writers -------------------------------------------------------------------------

SMALL = Version(
    id="v",
    document="d",
    title="Plan",
    status="draft",
    provisions=[
        Provision(label="preamble", text="The parties agree as follows."),
        Provision(
            label="10",
            title="Guarantee",
            text="The US guarantee has conditions:",
            children=[
                Provision(label="a", text="compensation *in full*;", children=[Provision(label="i", text="yearly")]),
                Provision(label="b", text="void on invasion."),
            ],
        ),
        Provision(label="11", text=""),
    ],
)


def test_to_markdown_writes_a_numbered_list_with_bold_titles() -> None:
    assert to_markdown(SMALL) == (
        "# Plan\n\n"
        "The parties agree as follows.\n\n"
        "10. **Guarantee** The US guarantee has conditions:\n"
        "    - (a) compensation \\*in full\\*;\n"
        "        - (i) yearly\n"
        "    - (b) void on invasion.\n"
        "11.\n"
    )


def test_to_text_writes_plain_numbered_text() -> None:
    assert to_text(SMALL) == (
        "Plan\n\n"
        "The parties agree as follows.\n\n"
        "10. Guarantee: The US guarantee has conditions:\n"
        "   (a) compensation *in full*;\n"
        "      (i) yearly\n"
        "   (b) void on invasion.\n"
        "11.\n"
    )


def test_to_text_reads_back_with_read_text() -> None:
    assert tree(read_text(to_text(SMALL), id="v").version) == tree(SMALL)


# --- properties ----------------------------------------------------------------------

WORDS = ["ceasefire", "troops", "border", "sanctions", "elections", "within", "100", "days", "zone", "800,000"]
TITLE_WORDS = ["Army", "Size", "Territory", "Elections", "Frozen", "Assets", "Nuclear"]
CHILD_LABELS = [*"abcdefghijklmnopqrstuvwxyz", *map(str, range(1, 30)), "ii", "iii", "iv", "vi", "ix", "xii"]

texts = st.lists(st.sampled_from(WORDS), max_size=8).map(" ".join)
titles = st.none() | st.lists(st.sampled_from(TITLE_WORDS), min_size=1, max_size=3).map(" ".join)


def provisions(labels: st.SearchStrategy[list[str]], depth: int) -> st.SearchStrategy[list[Provision]]:
    def build(chosen: list[str]) -> st.SearchStrategy[list[Provision]]:
        children = provisions(st.lists(st.sampled_from(CHILD_LABELS), unique=True, max_size=3), depth + 1)
        one = st.builds(
            lambda label, title, text, kids: Provision(label=label, title=title, text=text, children=kids),
            st.just("x"),
            titles,
            texts,
            children if depth < 2 else st.just([]),
        )
        return st.tuples(*[one.map(lambda p, label=label: _relabel(p, label)) for label in chosen]).map(list)

    return labels.flatmap(build)


def _relabel(p: Provision, label: str) -> Provision:
    return Provision(label=label, title=p.title, text=p.text, children=p.children)


versions = st.builds(
    lambda preamble, top, title: Version(
        id="gen",
        document="d",
        title=title,
        status="draft",
        provisions=([Provision(label="preamble", text=preamble)] if preamble else []) + top,
    ),
    st.none() | st.lists(st.sampled_from(WORDS), min_size=3, max_size=6).map(" ".join),
    provisions(st.lists(st.integers(1, 99), unique=True, min_size=1, max_size=6).map(lambda ns: list(map(str, ns))), 0),
    st.lists(st.sampled_from(TITLE_WORDS), min_size=1, max_size=4).map(" ".join),
)


@settings(max_examples=150, deadline=None)
@given(versions)
def test_markdown_round_trip_keeps_labels_titles_and_texts(version: Version) -> None:
    back = read_markdown(to_markdown(version), id="gen").version
    assert back.title == version.title
    assert tree(back) == tree(version)


MESSY_LINES = st.one_of(
    st.tuples(
        st.sampled_from(
            [
                "1.",
                "2)",
                "(3)",
                "Point 4:",
                "Article 5",
                "§ 6",
                "Стаття 8",
                "а)",
                "(б)",
                "Artikel 9:",
                "(a)",
                "b)",
                "c.",
                "(iv)",
                "12.b",
                "7.1",
                "-",
                "•",
                "AC-2",
                "AC-2(3)",
                "AC-3",
                "T1053",
                "T1053.005",
                "1:10",
                "2:1",
                "MSTG-ARCH-1",
                "§ 3(1)",
                "Art. 5(2)",
                "02",
                "02.01",
            ]
        ),
        texts,
    ).map(" ".join),
    texts,
    st.sampled_from(
        [
            "Page 3 of 9",
            "CONFIDENTIAL",
            "- 4 -",
            "* * *",
            "",
            "",
            '"3. quoted point text"',
            "the demilita-",
            "rised zone",
            "Signed:",
            "For Ukraine:",
            "SECURITY GUARANTEES",
            "Army size: capped",
            "0.6 million troops",
        ]
    ),
)
messy_texts = st.lists(MESSY_LINES, max_size=25).map("\n".join)


@settings(max_examples=200, deadline=None)
@given(messy_texts)
def test_no_input_line_is_lost(text: str) -> None:
    result = read_text(text, id="v")
    assert unaccounted_words(text, result) == []


@settings(max_examples=150, deadline=None)
@given(learned_documents(), st.lists(st.tuples(st.integers(min_value=0, max_value=12), MESSY_LINES), max_size=8))
def test_no_line_is_lost_among_the_points_of_a_learned_scheme(
    lines: list[tuple[str, str]], noise: list[tuple[int, str]]
) -> None:
    text_lines = [f"{label} {body}" for label, body in lines]
    for at, line in noise:
        text_lines.insert(min(at, len(text_lines)), line)
    text = "\n".join(text_lines)
    result = read_text(text, id="v")
    assert unaccounted_words(text, result) == []
    assert read_text(text, id="v") == result


@settings(max_examples=100, deadline=None)
@given(messy_texts)
def test_no_markdown_line_is_lost(text: str) -> None:
    result = read_markdown(text, id="v")
    assert unaccounted_words(text, result) == []


@settings(max_examples=100, deadline=None)
@given(messy_texts)
def test_read_text_is_deterministic(text: str) -> None:
    first, second = read_text(text, id="v"), read_text(text, id="v")
    assert first.version.digest == second.version.digest
    assert first.report == second.report


@settings(max_examples=100, deadline=None)
@given(messy_texts)
def test_every_report_line_is_a_real_input_line(text: str) -> None:
    lines = text.splitlines()
    for note in read_text(text, id="v").report:
        assert lines[note.line - 1] == note.text


# --- inline sub-points -----------------------------------------------------------------


def test_inline_split_note_names_the_markers_and_the_new_sub_points() -> None:
    result = read_text("21. Territories: (a) Crimea; (b) Kherson and Zaporizhzhia.", id="v")
    (note,) = result.report
    assert (note.line, note.kind, note.path) == (1, NoteKind.INLINE_SPLIT, "21")
    assert note.detail == (
        "sub-points written inline split at '(a)', '(b)' into 21.a, 21.b (split_inline=False keeps them as text)"
    )


@pytest.mark.parametrize("reader", [read_markdown, read_pages])
def test_every_reader_takes_split_inline(reader: Any) -> None:
    source = "1. Terms: (a) one; (b) two."
    source_arg = [source] if reader is read_pages else source
    assert [path for path, _ in reader(source_arg, id="v").version.walk()] == ["1", "1.a", "1.b"]
    assert [path for path, _ in reader(source_arg, id="v", split_inline=False).version.walk()] == ["1"]


def test_split_inline_keeps_the_connectors_and_the_markers_as_printed() -> None:
    split = split_inline("Terms: a) one, b) two; and c) three.")
    assert split is not None
    assert split.lead == "Terms:"
    assert [(i.label, i.marker, i.text) for i in split.items] == [
        ("a", "a)", "one,"),
        ("b", "b)", "two; and"),
        ("c", "c)", "three."),
    ]


@pytest.mark.parametrize(
    "text",
    [
        "As in Article 5(a) and (b).",
        "As in point 12 (a), (b) and (c).",
        "Paragraphs (1) and (2) of Article 4 apply.",
        "UNSCR 2202 (2015), (2016) and (2017).",
        "Ukraine agrees: (a) to hold elections.",
        "Terms: (b) one; (c) two.",  # a run starts at its first label
        "Terms: (a) one; b) two.",  # one style a run
        "Terms: (a) one; (b) two and (c) three.",  # the list goes on in prose
        "Terms: (a) one; (b) two; (a) three.",  # a label printed twice
        "Initialled: A. Smith, B. Jones.",
        "Terms: (a); (b) two.",  # an item without text
        "Costs rise by 1. 2. 3 per cent.",
    ],
)
def test_split_inline_leaves_references_and_lone_markers_alone(text: str) -> None:
    assert split_inline(text) is None


INLINE_LABELS = {
    "lower": ["a", "b", "c", "d", "e", "f"],
    "roman": ["i", "ii", "iii", "iv", "v", "vi"],
    "number": ["1", "2", "3", "4", "5", "6"],
    "upper": ["A", "B", "C", "D", "E", "F"],
}
INLINE_SEPARATORS = [";", ",", ":", "; and", ", or", ".", " \u2014"]
inline_words = st.lists(st.sampled_from(WORDS), min_size=1, max_size=4).map(" ".join)


@st.composite
def inline_lists(draw: st.DrawFn, outer: str | None = None) -> tuple[str, str]:
    """A paragraph with an inline list, and the same paragraph without its markers.

    One item may hold an inline list of its own, in another family.
    """
    family = draw(st.sampled_from(sorted(set(INLINE_LABELS) - {outer or ""})))
    form = draw(st.sampled_from(["({})", "{})"] if family == "upper" else ["({})", "{})", "{}."]))
    labels = INLINE_LABELS[family][: draw(st.integers(2, 6))]
    lead = draw(st.just("") | st.tuples(inline_words, st.sampled_from([":", ",", ".", " \u2014"])).map("".join))
    text, bare = lead, lead
    for k, label in enumerate(labels):
        item = draw(inline_words)
        item_bare = item
        if outer is None and k == 0 and draw(st.booleans()):
            inner, inner_bare = draw(inline_lists(outer=family))
            item, item_bare = f"{item}: {inner}", f"{item}: {inner_bare}"
        end = draw(st.sampled_from(INLINE_SEPARATORS)) if k + 1 < len(labels) else draw(st.sampled_from(["", "."]))
        text += f" {form.format(label)} {item}{end}"
        bare += f" {item_bare}{end}"
    return text.strip(), bare.strip()


def _squeeze(text: str) -> str:
    return "".join(text.split())


@settings(max_examples=150, deadline=None)
@given(st.lists(inline_lists(), min_size=1, max_size=4))
def test_inline_lists_round_trip_through_markdown(paragraphs: list[tuple[str, str]]) -> None:
    text = "\n".join(f"{n}. {paragraph}" for n, (paragraph, _) in enumerate(paragraphs, start=1))
    first = read_text(text, id="gen").version
    assert all(p.children for p in first.provisions)
    back = read_markdown(to_markdown(first), id="gen").version
    assert tree(back) == tree(first)
    assert back.provisions == first.provisions


@settings(max_examples=150, deadline=None)
@given(st.lists(inline_lists(), min_size=1, max_size=4))
def test_inline_split_keeps_every_character_but_the_markers_in_order(paragraphs: list[tuple[str, str]]) -> None:
    text = "\n".join(f"{n}. {paragraph}" for n, (paragraph, _) in enumerate(paragraphs, start=1))
    result = read_text(text, id="gen")
    for point, (_, bare) in zip(result.version.provisions, paragraphs, strict=True):
        assert point.title is None
        assert _squeeze("".join(p.text for _, p in point.walk())) == _squeeze(bare)
    assert {n.line for n in result.notes("inline-split")} == set(range(1, len(paragraphs) + 1))


INLINE_TOKENS = st.sampled_from(
    [
        *WORDS,
        *("(a)", "(b)", "(c)", "a)", "b)", "a.", "b.", "(i)", "(ii)", "ii.", "(1)", "(2)", "1)", "2)", "1.", "2."),
        *("(A)", "(B)", "A.", "B.", "(2015)", "5(a)", "Article", "point", "12", "and", "or", "\u2014"),
    ]
)
INLINE_PUNCTUATION = st.sampled_from(["", "", "", ";", ",", ":", "."])


inline_noise = st.lists(st.tuples(INLINE_TOKENS, INLINE_PUNCTUATION).map("".join), max_size=12).map(" ".join)


@settings(max_examples=400, deadline=None)
@given(
    st.tuples(inline_noise, st.just(("", "")) | inline_lists(), inline_noise).map(lambda t: f"{t[0]} {t[1][0]} {t[2]}")
)
def test_split_inline_never_loses_or_reorders_a_character(text: str) -> None:
    split = split_inline(text)
    if split is None:
        return
    assert _squeeze(split.lead + "".join(item.marker + item.text for item in split.items)) == _squeeze(text)
    assert len(split.items) >= 2
    assert all(any(ch.isalnum() for ch in item.text) for item in split.items)
    for item in split.items:
        marker = parse_marker(f"{item.marker} {item.text}")
        assert marker is not None
        assert (marker.label, marker.rest) == (item.label, item.text)


def test_renamed_duplicates_are_written_as_printed_and_read_back_renamed() -> None:
    version = read_text("7. One.\n7. Two.\n8. Three.", id="v").version
    assert "7. Two." in to_markdown(version)
    assert tree(read_markdown(to_markdown(version), id="v").version) == tree(version)


def test_read_pages_keeps_wrapped_lines_repeated_at_page_edges() -> None:
    pages = [f"{n}. Both parties agree to\nthe terms." for n in (1, 2, 3)]
    result = read_pages(pages, id="v")
    assert [p.text for p in result.version.provisions] == ["Both parties agree to the terms."] * 3
    assert result.notes("dropped") == ()


@pytest.mark.parametrize("line", ["İtem 3. Foo", "ARTİCLE 3. Text", "ſection 3. Text"])
def test_a_keyword_matched_only_by_case_folding_is_no_marker_and_no_crash(line: str) -> None:
    assert parse_marker(line) is None
    assert read_text(f"1. First.\n{line}\n", id="v").version.provisions[0].label == "1"


def test_a_dotted_label_that_spells_another_points_path_is_renamed_and_reported() -> None:
    # "MASVS-STORAGE-1.1" at the top spells the path of the empty sub-point "1." under MASVS-STORAGE-1.
    text = "MASVS-STORAGE-1 The ceasefire.\n1. \nMASVS-STORAGE-1.1 The withdrawal.\nMASVS-STORAGE-1.2 The exchange."
    result = read_text(text, id="v")
    paths = [path for path, _ in result.version.walk()]
    assert paths == ["MASVS-STORAGE-1", "MASVS-STORAGE-1.1", "MASVS-STORAGE-1.1 (2)", "MASVS-STORAGE-1.2"]
    assert result.version.provision("MASVS-STORAGE-1.1 (2)").text == "The withdrawal."
    renamed = [n for n in result.report if n.kind is NoteKind.DUPLICATE_LABEL]
    assert [(n.line, n.path) for n in renamed] == [(3, "MASVS-STORAGE-1.1 (2)")]
    assert "the path of another point" in renamed[0].detail
