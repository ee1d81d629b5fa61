"""Specification of peaceplan.redline: exact word-level redlines."""

from __future__ import annotations

import difflib
import importlib
import itertools
import re
import sys
import unicodedata

import pytest
from hypothesis import given
from hypothesis import strategies as st

from peaceplan.compare.redline import (
    Op,
    Redline,
    RedlineOptions,
    Segment,
    SequenceMatcher,
    editorial_form,
    redline,
    tokenise,
)
from peaceplan.errors import ValidationError

# Prose made of treaty-like words, so that two draws share words and the diff has
# kept runs, not only wholesale replacement. (Candidate for tests/strategies.py.)
WORDS = ["Russia", "Ukraine", "the", "US", "shall", "may", "not", "withdraw", "from", "Donetsk", "600,000", "100"]
PUNCTUATION = [" ", " ", " ", ", ", ". ", "; ", "\n", "  "]
prose = st.lists(st.tuples(st.sampled_from(WORDS), st.sampled_from(PUNCTUATION)), max_size=14).map(
    lambda parts: "".join(w + p for w, p in parts)
)
any_text = st.one_of(st.text(), prose)


# --- exactness ---------------------------------------------------------------------


@given(any_text, any_text)
def test_old_text_and_new_text_give_back_the_inputs_exactly(old: str, new: str) -> None:
    r = redline(old, new)
    assert r.old_text == old
    assert r.new_text == new


@given(any_text, any_text)
def test_inverting_swaps_the_texts_and_inverting_twice_is_the_identity(old: str, new: str) -> None:
    r = redline(old, new)
    assert r.invert().old_text == new
    assert r.invert().new_text == old
    assert r.invert().invert() == r
    assert r.invert().inserted == r.deleted


@given(any_text, any_text)
def test_a_redline_and_its_inverse_are_made_valid_as_if_checked(old: str, new: str) -> None:
    """Redlines are made without the checks of Segment and Redline: what they make passes them."""
    for r in (redline(old, new), redline(old, new).invert()):
        checked = Redline(tuple(Segment(s.op.value, s.text) for s in r.segments))
        assert checked == r
        assert all(type(s.op) is Op and type(s.text) is str for s in r.segments)


def _changes(r: Redline) -> list[str | frozenset[tuple[Op, str]]]:
    """The redline as its kept runs and, between them, each change as the set of its (op, text)."""
    parts: list[str | frozenset[tuple[Op, str]]] = []
    change: set[tuple[Op, str]] = set()
    for s in r.segments:
        if s.op is Op.EQUAL:
            parts += [frozenset(change), s.text]
            change = set()
        else:
            change.add((s.op, s.text))
    return [*parts, frozenset(change)]


@given(any_text, any_text)
def test_the_inverse_swaps_the_sides_of_each_change_in_its_place(old: str, new: str) -> None:
    r = redline(old, new)
    swap = {Op.DELETE: Op.INSERT, Op.INSERT: Op.DELETE}
    swapped = [p if isinstance(p, str) else frozenset((swap[op], text) for op, text in p) for p in _changes(r)]
    assert _changes(r.invert()) == swapped
    assert r.invert().ratio == r.ratio


@given(any_text)
def test_a_text_against_itself_has_no_changes(text: str) -> None:
    r = redline(text, text)
    assert not r.changed
    assert r.ratio == 1.0
    assert r.inserted == r.deleted == ()
    assert not r.is_editorial()


@given(any_text, any_text)
def test_ratio_is_between_0_and_1_and_is_1_only_without_changes(old: str, new: str) -> None:
    r = redline(old, new)
    assert 0.0 <= r.ratio <= 1.0
    assert (r.ratio == 1.0) == (not r.changed)


@given(any_text, any_text)
def test_plain_data_round_trip_is_exact(old: str, new: str) -> None:
    r = redline(old, new)
    assert Redline.from_dict(r.to_dict()) == r


@given(any_text)
def test_tokens_join_back_into_the_text(text: str) -> None:
    assert "".join(tokenise(text)) == text


@given(any_text, any_text)
def test_the_compiled_matcher_finds_the_same_blocks_as_stdlib_difflib(old: str, new: str) -> None:
    # redline.py uses cydifflib when installed and falls back to difflib: both must give one redline.
    a, b = tokenise(old), tokenise(new)
    used = SequenceMatcher(None, a, b, autojunk=False).get_opcodes()
    stdlib = difflib.SequenceMatcher(None, a, b, autojunk=False).get_opcodes()
    assert [tuple(op) for op in used] == [tuple(op) for op in stdlib]


@given(any_text, any_text)
def test_segments_are_never_empty_and_never_repeat_an_op(old: str, new: str) -> None:
    segments = redline(old, new).segments
    assert all(s.text for s in segments)
    assert all(a.op != b.op for a, b in itertools.pairwise(segments))


# --- what the redline looks like ---------------------------------------------------


@pytest.mark.parametrize(
    ("old", "new", "markup"),
    [
        (
            "Ukraine's armed forces are capped at 600,000 personnel.",
            "Armed forces stay at 800,000 in peacetime.",
            "[-Ukraine's armed-]{+Armed+} forces [-are capped-]{+stay+} at "
            "[-600,000 personnel-]{+800,000 in peacetime+}.",
        ),
        (
            "Ukraine holds elections within 100 days.",
            "Ukraine holds elections as soon as possible after signing.",
            "Ukraine holds elections [-within 100 days-]{+as soon as possible after signing+}.",
        ),
        (
            "It is expected that Russia will not invade its neighbours.",
            "Russia shall not invade its neighbours.",
            "[-It is expected that -]Russia [-will-]{+shall+} not invade its neighbours.",
        ),
        (
            "The US guarantee comes with conditions.",
            "The US, NATO and European states give guarantees.",
            "The US[- guarantee comes with conditions-]{+, NATO and European states give guarantees+}.",
        ),
    ],
)
def test_redlines_of_corpus_sentences_read_word_by_word(old: str, new: str, markup: str) -> None:
    assert str(redline(old, new)) == markup


def test_a_replaced_word_is_a_deletion_then_an_insertion() -> None:
    assert redline("Ukraine shall join", "Ukraine may join").segments == (
        Segment(Op.EQUAL, "Ukraine "),
        Segment(Op.DELETE, "shall"),
        Segment(Op.INSERT, "may"),
        Segment(Op.EQUAL, " join"),
    )


def test_numbers_with_thousands_separators_change_as_one_word() -> None:
    r = redline("a cap of 600,000", "a cap of 800,000")
    assert (r.deleted, r.inserted) == (("600,000",), ("800,000",))


def test_a_lone_space_between_two_changes_is_folded_into_them() -> None:
    r = redline("the 600,000 cap", "the 800,000 limit")
    assert (r.deleted, r.inserted) == (("600,000 cap",), ("800,000 limit",))


def test_a_kept_word_between_short_changes_stays_visible() -> None:
    assert str(redline("the US shall pay", "NATO shall fund")) == "[-the US-]{+NATO+} shall [-pay-]{+fund+}"


def test_a_kept_word_between_long_changes_is_folded_into_them() -> None:
    r = redline("Russia will block grain and Ukraine must pay debts", "Ukraine may open ports and Russia shall fund it")
    assert not any(s.op is Op.EQUAL and s.text.strip() == "and" for s in r.segments)


def test_text_added_to_an_empty_provision_is_one_insertion() -> None:
    assert redline("", "A ceasefire starts.").segments == (Segment(Op.INSERT, "A ceasefire starts."),)
    assert redline("", "").segments == ()


# --- editorial changes --------------------------------------------------------------


@pytest.mark.parametrize(
    ("old", "new"),
    [
        ("The US shall pay.", "the US  shall pay"),
        ("Ukraine's army: 600,000", "Ukraines army 600000"),
        ("non-aggression pact", "nonaggression pact"),
        ("“Peace Council”", '"peace council"'),
    ],
)
def test_case_spacing_and_punctuation_changes_are_editorial(old: str, new: str) -> None:
    assert redline(old, new).is_editorial()


@pytest.mark.parametrize(
    ("old", "new"),
    [
        ("The US shall pay.", "The US may pay."),
        ("a share of 1.5 per cent", "a share of 15 per cent"),
        ("50% of the profits", "50 of the profits"),
        ("$100bn", "100bn"),
    ],
)
def test_changes_of_words_numbers_and_symbols_are_not_editorial(old: str, new: str) -> None:
    assert not redline(old, new).is_editorial()


def test_editorial_options_can_make_case_or_punctuation_count() -> None:
    r = redline("The US shall pay.", "the US shall pay.")
    assert r.is_editorial()
    assert not r.is_editorial(RedlineOptions(ignore_case=False))
    spaced = redline("shall pay", "shall  pay")
    assert not spaced.is_editorial(RedlineOptions(ignore_whitespace=False))
    assert not redline("pay.", "pay").is_editorial(RedlineOptions(ignore_punctuation=False))


@given(prose)
def test_changing_only_case_and_spacing_of_prose_is_editorial_or_no_change(text: str) -> None:
    changed = text.upper().replace(" ", "  ")
    r = redline(text, changed)
    assert r.is_editorial() == r.changed


def test_normalise_keeps_decimal_points_and_meaningful_marks() -> None:
    options = RedlineOptions()
    assert editorial_form("1.5%, then 600,000.", options) == "1.5% then 600000"
    assert editorial_form("  A\tB  ", RedlineOptions(ignore_case=False)) == "A B"


# --- validation ----------------------------------------------------------------------


def test_a_segment_with_an_unknown_op_is_refused_with_the_choices() -> None:
    with pytest.raises(ValidationError) as info:
        Segment("replace", "x")
    assert str(info.value) == "Segment.op: expected one of 'equal', 'insert', 'delete', got 'replace'"


def test_an_empty_segment_is_refused() -> None:
    with pytest.raises(ValidationError) as info:
        Segment(Op.EQUAL, "")
    assert str(info.value) == "Segment.text: expected a non-empty string, got ''"


def test_two_neighbouring_segments_with_the_same_op_are_refused() -> None:
    with pytest.raises(ValidationError) as info:
        Redline((Segment("delete", "a"), Segment("delete", "b")))
    assert str(info.value) == (
        "Redline.segments[1]: expected a different op from the segment before it, got two 'delete' segments "
        "in a row; merge them into one segment"
    )


def test_an_insertion_before_a_deletion_is_refused() -> None:
    with pytest.raises(ValidationError, match=r"segments\[1\]: expected deletions before insertions"):
        Redline.from_dict({"segments": [{"op": "insert", "text": "a"}, {"op": "delete", "text": "b"}]})


def test_segments_must_be_segment_objects() -> None:
    with pytest.raises(ValidationError, match=r"Redline.segments\[0\]: expected a Segment, got 'x'"):
        Redline(("x",))  # type: ignore[arg-type]


def test_the_old_name_normalise_warns_and_is_editorial_form() -> None:
    module = importlib.import_module("peaceplan.compare.redline")  # peaceplan.redline is the function
    message = (
        "peaceplan.compare.redline.normalise is deprecated and will be removed: it is called editorial_form now "
        "(peaceplan.compare.similarity had a normalise of its own, a different thing)"
    )
    with pytest.warns(DeprecationWarning, match=re.escape(message)):
        old = module.normalise
    assert old is editorial_form
    assert "normalise" not in module.__all__


# --- the runs of a redline, as the fold rule sees them ---------------------------------------


def _redline_from_token_lists(old: str, new: str) -> str:
    """The redline as first written: runs as lists of tokens, word counts by a regex on each token.

    ``_redline`` keeps runs as token ranges and reads word counts and texts from tables
    kept per text; both must mark the same words.
    """
    a, b = tokenise(old), tokenise(new)

    marks = "\u0300-\u036f\u1ab0-\u1aff\u1dc0-\u1dff\u20d0-\u20ff\ufe20-\ufe2f"  # combining marks

    def words(tokens: list[str]) -> int:
        return sum(1 for t in tokens if re.match(rf"[\w{marks}]", t))

    runs: list[tuple[list[str], list[str], list[str]]] = []  # kept, deleted, inserted
    for tag, i1, i2, j1, j2 in SequenceMatcher(None, a, b, autojunk=False).get_opcodes():
        if tag == "equal":
            runs.append((list(a[i1:i2]), [], []))
        elif runs and not runs[-1][0]:
            runs[-1] = ([], runs[-1][1] + list(a[i1:i2]), runs[-1][2] + list(b[j1:j2]))
        else:
            runs.append(([], list(a[i1:i2]), list(b[j1:j2])))
    i = 1
    while i < len(runs) - 1:
        (_, d1, n1), (kept, _, _), (_, d2, n2) = runs[i - 1], runs[i], runs[i + 1]
        weight = min(max(words(d1), words(n1)), max(words(d2), words(n2)))
        if kept and not runs[i - 1][0] and not runs[i + 1][0] and (not words(kept) or words(kept) * 3 <= weight):
            runs[i - 1 : i + 2] = [([], d1 + kept + d2, n1 + kept + n2)]
            i = max(1, i - 2)
            continue
        i += 1
    markup = []
    for kept, deleted, inserted in runs:
        markup.append("".join(kept) if kept else "")
        markup.append(f"[-{''.join(deleted)}-]" if deleted else "")
        markup.append(f"{{+{''.join(inserted)}+}}" if inserted else "")
    return "".join(markup)


@given(any_text, any_text)
def test_the_redline_marks_what_runs_of_token_lists_mark(old: str, new: str) -> None:
    assert str(redline(old, new)) == _redline_from_token_lists(old, new)


@pytest.mark.parametrize(("old", "new"), [("a\u0301b c", "a\u0301b d"), ("x _y z", "x _y w"), ("é 1.5 d", "è 1.5 d")])
def test_words_that_open_with_a_mark_an_underscore_or_a_letter_beyond_ascii_count_as_words(old: str, new: str) -> None:
    assert str(redline(old, new)) == _redline_from_token_lists(old, new)


@pytest.mark.slow
def test_str_split_and_re_agree_on_what_is_whitespace() -> None:
    """The premise of editorial_form's whitespace step, on every code point."""
    chars = "".join(chr(c) for c in range(sys.maxunicode + 1) if not 0xD800 <= c < 0xE000)
    assert [c for c in chars if c.isspace()] == re.findall(r"\s", chars)


def _editorial_by_regexes(text: str) -> str:
    """editorial_form as first written, character by character and with a regex for each step."""
    text = unicodedata.normalize("NFKC", text).casefold()
    points = {m.start() for m in re.finditer(r"(?<=\d)\.(?=\d)", text)}
    text = "".join(
        c for i, c in enumerate(text) if i in points or c in "%‰‱&/§#@" or not unicodedata.category(c).startswith("P")
    )
    return re.sub(r"\s+", " ", text).strip()


@given(st.one_of(any_text, st.text(alphabet="0123456789.,;%$ \t\n\x1c\u00a0\u2003abÉ")))
def test_editorial_form_is_what_a_regex_for_each_step_gives(text: str) -> None:
    assert editorial_form(text, RedlineOptions()) == _editorial_by_regexes(text)
