"""How provision numbers are read and compared: ``label_key`` and learned numbering schemes.

``label_key`` normalises a printed number so that one number printed in two
formats ("Article 5(2)" and "5.2", "2.1.4" and "02.01.04") compares equal;
``learn_scheme`` finds the numbering a document's own lines share ("AC-2(3)",
"T1053.005", "1:10"). How ``read_text`` uses it is pinned in ``test_textio.py``.
"""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from peaceplan.text.numbering import LEARNED, Scheme, label_key, learn_scheme, parse_marker


@pytest.mark.parametrize(
    ("printed", "key"),
    [
        ("5", "5"),
        ("5.", "5"),
        ("5)", "5"),
        ("(5)", "5"),
        ("Article 5", "5"),
        ("ARTICLE 5.", "5"),
        ("Art. 5", "5"),
        ("Art.5", "5"),
        ("Point 5:", "5"),
        ("Section 5", "5"),
        ("Sec. 5", "5"),
        ("Paragraph 5", "5"),
        ("Para. 5", "5"),
        ("Clause 5", "5"),
        ("Item 5", "5"),
        ("§ 5", "5"),
        ("§5", "5"),
        ("§§ 5", "5"),
        ("¶ 5", "5"),
        ("Artikel 5", "5"),
        ("Artículo 5", "5"),
        ("Стаття 5.", "5"),
        ("Пункт 5", "5"),
        ("Article 5, paragraph 2", "5.2"),
    ],
)
def test_label_key_drops_style_words_and_punctuation(printed: str, key: str) -> None:
    assert label_key(printed) == key


@pytest.mark.parametrize(
    ("one", "other"),
    [
        ("2.1.4", "02.01.04"),
        ("Art. 5(2)", "5.2"),
        ("Article 5(2)", "§ 5 (2)"),
        ("AC-2(3)", "ac.2.3"),
        ("AC-2 (3)", "AC-02(03)"),
        ("T1053.005", "T1053.5"),
        ("1:10", "1.10"),
        ("12a", "12(a)"),
        ("12.b", "12 (b)"),
        ("IV", "4"),
        ("Article IV", "Article 4"),
        ("Section XII", "12"),
        ("5(a)(ii)", "5.a.2"),
        ("5(a)(i)", "5.a.1"),
        ("Article I", "1."),
        ("MSTG-ARCH-1", "mstg arch 1"),
        ("2/3", "2.3"),
    ],
)
def test_label_key_equates_one_number_printed_two_ways(one: str, other: str) -> None:
    assert label_key(one) == label_key(other)


@pytest.mark.parametrize(
    ("one", "other"),
    [
        ("5", "6"),
        ("5(i)", "5(1)"),  # a lone "i" after a number may be the ninth letter: kept as a letter
        ("i", "1"),
        ("V", "5"),
        ("CM-2", "900.2"),  # "CM" is a control family, not 900
        ("AC-2(3)", "AC-23"),
        ("T1053.005", "T1053.050"),
        ("Chapter 3", "Article 3"),  # chapters are not articles
        ("5.a", "5.b"),
    ],
)
def test_label_key_keeps_different_numbers_apart(one: str, other: str) -> None:
    assert label_key(one) != label_key(other)


def test_label_key_keeps_a_style_word_that_is_the_whole_label() -> None:
    assert label_key("Article") == "article"
    assert label_key("Preamble") == "preamble"


def test_label_key_of_a_label_without_letters_or_digits_is_empty() -> None:
    assert label_key("") == ""
    assert label_key(" (.) ") == ""


def test_label_key_reads_a_roman_part_after_a_lettered_part_as_a_number() -> None:
    assert label_key("12.b.v") == "12.b.5"
    assert label_key("h.i") == "h.1"  # under point h, "i" opens a sub-list: roman
    assert label_key("mix") == "mix"  # a word, though a valid numeral (1009)


def test_label_key_keeps_cyrillic_letters_as_letters() -> None:
    assert label_key("3 в)") == "3.в"
    assert label_key("Пункт 3, і") == "3.і"


# --- learned numbering schemes ---------------------------------------------------------


@pytest.mark.parametrize(
    ("lines", "scheme"),
    [
        (["AC-1 Policy.", "AC-2 Accounts.", "AC-2(3) Disable Accounts.", "AC-3 Enforcement."], Scheme("", "A-9")),
        (["T1037 Scripts.", "T1037.001 Logon Script.", "T1053 Scheduled Task.", "T1053.005 Task."], Scheme("", "A9")),
        (["MSTG-ARCH-1 Components.", "MSTG-ARCH-2 Controls.", "MSTG-STORAGE-1 Storage."], Scheme("", "A-A-9")),
        (["1:10 Yet the number.", "1:11 Then shall.", "2:1 Say ye."], Scheme("", "9:9")),
        (["Art. 5(1) The parties.", "Art. 5(2) Monitors.", "Article 6(1) Prisoners."], Scheme("article", "9(9)")),
        (["§ 1001 Scope.", "§ 1002 Terms.", "§ 1003 Entry."], Scheme("§", "9")),
        (["02 Security", "02.01 Guarantors.", "03 Humanitarian", "03.01 Prisoners."], Scheme("", "", ("02", "03"))),
        (["Phase 1: Ceasefire.", "Phase 2: Hostages.", "(a) All.", "Phase 3: Rebuilding."], Scheme("phase", "9")),
        (["CIS 1.1 Inventory.", "CIS 1.2 Unauthorized assets.", "CIS 2.1 Software."], Scheme("cis", "9.9")),
    ],
)
def test_learn_scheme_finds_the_shape_the_lines_share(lines: list[str], scheme: Scheme) -> None:
    assert learn_scheme(lines) == scheme


@pytest.mark.parametrize(
    "lines",
    [
        ["AC-1 Policy.", "AC-2 Accounts."],  # two lines are no scheme yet
        [
            "AC-1 Policy.",
            "It is reviewed.",
            "It is signed.",
            "Nobody objects.",
            "AC-2 Accounts.",
            "All agree.",
            "AC-3 X.",
        ],
        ["AC-3 Enforcement.", "AC-1 Policy.", "AC-2 Accounts.", "AC-1 Again."],  # no order
        ["1. One.", "2. Two.", "3. Three."],  # the fixed grammar reads these
        ["2025 was hard.", "2026 was better.", "2027 is far."],  # bare numbers
        ["AC-1", "AC-2", "AC-3"],  # labels without text
        ["Chapter 1 General.", "Article 1. One.", "Chapter 2 Ceasefire.", "Article 2. Two.", "Chapter 3 End."],
        ["In 2025 talks stalled.", "In 2026 they resumed.", "In 2027 a deal came."],
        ["phase 1 begins.", "phase 2 follows.", "phase 3 ends."],  # a style word is capitalised
        [],
    ],
)
def test_learn_scheme_learns_nothing_from_prose_few_or_unordered_labels(lines: list[str]) -> None:
    assert learn_scheme(lines) is None


def test_a_learned_heading_keyword_gives_the_marker_of_the_fixed_grammar() -> None:
    marker = Scheme("article", "9(9)").read("Art. 5(2) The monitors verify the ceasefire.")
    assert marker == parse_marker("Art. 5(2). The monitors verify the ceasefire.")


def test_a_scheme_reads_labels_that_extend_its_shape() -> None:
    scheme = Scheme(style="", shape="A-9")
    for line, label in [
        ("AC-2 Accounts.", "AC-2"),
        ("AC-2(3) Disable.", "AC-2(3)"),
        ("SC-7(4)(a). Text", "SC-7(4)(a)"),
    ]:
        marker = scheme.read(line)
        assert marker is not None
        assert (marker.label, marker.family) == (label, LEARNED)
    assert scheme.read("T1037 Scripts.") is None
    assert scheme.read("MSTG-ARCH-1 Components.") is None
    assert scheme.read("AC-2") is None  # no text


def test_scheme_markers_skip_a_cross_reference_opening_a_wrapped_line() -> None:
    lines = [
        "AC-2(1) Automated Account Management. Employ automated mechanisms as described in",
        "AC-3 for the enforcement of the policy.",
        "AC-3 Access Enforcement. Enforce approved authorizations.",
    ]
    assert [m.label if m else None for m in Scheme("", "A-9").markers(lines)] == ["AC-2(1)", None, "AC-3"]


def test_scheme_markers_leave_lines_of_the_fixed_grammar_to_it() -> None:
    lines = ["AC-2 Accounts. The organization:", "a. Defines accounts;", "AC-3 Enforcement."]
    assert [m.label if m else None for m in Scheme("", "A-9").markers(lines)] == ["AC-2", None, "AC-3"]
    assert parse_marker(lines[1]) is not None


def test_a_section_sign_with_numbered_paragraphs_is_read_by_the_fixed_grammar() -> None:
    marker = parse_marker("§ 3(2) It reports weekly.")
    assert marker is not None
    assert (marker.label, marker.form, marker.value, marker.rest) == ("3(2)", "§", 3, "It reports weekly.")
    assert parse_marker("Article 5(2) provides that the parties agree.") is None  # a reference in prose


def test_a_parenthesised_part_printed_after_a_space_belongs_to_the_label() -> None:
    marker = parse_marker("§ 3 (1) The ministry decides.")
    assert marker is not None
    assert (marker.label, marker.rest) == ("3(1)", "The ministry decides.")
    learned = Scheme("", "A-9").read("AC-2 (3) Disable Accounts.")
    assert learned is not None
    assert (learned.label, learned.rest) == ("AC-2(3)", "Disable Accounts.")
    other = Scheme("", "A-9").read("AC-2 (Windows) Accounts.")  # a word in brackets is text
    assert other is not None
    assert (other.label, other.rest) == ("AC-2", "(Windows) Accounts.")


# --- properties --------------------------------------------------------------------

_parts = st.one_of(
    st.integers(min_value=0, max_value=2000).map(str),
    st.sampled_from(["a", "b", "i", "v", "x", "ii", "iv", "xii", "ac", "ia", "cm", "mstg", "arch", "t"]),
)
_separators = st.sampled_from([".", "-", ":", "/", " ", "(", ")", ", ", ") ("])
_keywords = st.sampled_from(["", "Article ", "Art. ", "Point ", "Section ", "§ ", "¶ ", "Стаття "])


@st.composite
def printed_labels(draw: st.DrawFn) -> tuple[list[str], str]:
    """A label's parts and one printing of them: a style word, parts joined by separators."""
    parts = draw(st.lists(_parts, min_size=1, max_size=5))
    text = draw(_keywords) + parts[0]
    for part in parts[1:]:
        text += draw(_separators) + part
    return parts, text + draw(st.sampled_from(["", ".", ")", ":", " "]))


@given(st.text(max_size=30))
def test_label_key_is_idempotent_on_any_text(label: str) -> None:
    key = label_key(label)
    assert label_key(key) == key


@given(printed_labels())
def test_label_key_is_idempotent_on_printed_labels(drawn: tuple[list[str], str]) -> None:
    _, printed = drawn
    assert label_key(label_key(printed)) == label_key(printed)


@given(printed_labels(), st.lists(st.integers(min_value=0, max_value=3), min_size=5, max_size=5))
def test_label_key_ignores_case_and_leading_zeros(drawn: tuple[list[str], str], zeros: list[int]) -> None:
    parts, printed = drawn
    rebuilt = ".".join(("0" * n + part) if part.isdigit() else part for part, n in zip(parts, zeros, strict=False))
    plain = ".".join(parts)
    assert label_key(rebuilt) == label_key(plain)
    assert label_key(printed.upper()) == label_key(printed) == label_key(printed.lower())


@given(printed_labels())
def test_label_key_is_dot_joined_lower_case_parts(drawn: tuple[list[str], str]) -> None:
    _, printed = drawn
    key = label_key(printed)
    assert key == key.casefold()
    assert all(part and (part.isdecimal() or part.isalpha()) for part in key.split("."))
    assert all(not part.isdecimal() or part == str(int(part)) for part in key.split("."))
