"""Specifications of peaceplan.compare.similarity's names: one name, one meaning across the package."""

from __future__ import annotations

import importlib
import math
import re

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from peaceplan.compare import similarity
from peaceplan.compare.similarity import exact_key, token_bag

redline = importlib.import_module("peaceplan.compare.redline")  # peaceplan.redline is the function


def test_the_exact_key_folds_case_and_collapses_spaces_only() -> None:
    assert exact_key("  The Parties\n SHALL  agree. ") == "the parties shall agree."


def test_the_token_bag_stems_weighs_numbers_and_drops_stop_words() -> None:
    bag = token_bag("The guarantees cap 600,000 troops.")
    assert bag["600000"] > bag["guarantee"] == 1.0
    assert "the" not in bag


@pytest.mark.parametrize(("old", "new"), [("normalise", exact_key), ("tokenise", token_bag)])
def test_an_old_name_warns_and_is_the_renamed_function(old: str, new: object) -> None:
    message = (
        f"peaceplan.compare.similarity.{old} is deprecated and will be removed: it is called {new.__name__} now "  # type: ignore[attr-defined]
        f"(peaceplan.compare.redline has a {old} of its own, a different thing)"
    )
    with pytest.warns(DeprecationWarning, match=re.escape(message)):
        assert getattr(similarity, old) is new
    assert old not in similarity.__all__


def test_no_two_modules_of_the_text_layer_export_one_name_for_two_things() -> None:
    assert set(similarity.__all__) & set(redline.__all__) == set()


def test_an_unknown_name_is_still_an_attribute_error() -> None:
    with pytest.raises(AttributeError, match="no attribute 'nothing'"):
        similarity.nothing  # noqa: B018


_WORDS_AND_SPACES = st.text(
    alphabet=st.sampled_from(["a", "b", "Z", "é", "1", " ", "\t", "\n", "\x1c", "\x85", "\xa0", "\u2003", "\u3000"]),
    max_size=30,
)


@settings(max_examples=300, deadline=None)
@given(_WORDS_AND_SPACES, _WORDS_AND_SPACES)
def test_a_similarity_from_sorted_words_is_the_similarity_from_the_texts(a: str, b: str) -> None:
    """Words sorted once per text (the aligner's residue) score exactly as rapidfuzz's token_sort_ratio does."""
    bag_a, bag_b = token_bag(a), token_bag(b)
    plain = similarity.similarity(a, b, bag_a, bag_b)
    presorted = similarity.similarity(
        a, b, bag_a, bag_b, a_sorted=similarity.sorted_words(a), b_sorted=similarity.sorted_words(b)
    )
    assert presorted == plain


def test_words_are_not_sorted_where_python_and_rapidfuzz_split_a_text_differently() -> None:
    assert similarity.sorted_words("b a") == "a b"
    assert similarity.sorted_words("b\xa0a") is None
    assert similarity.sorted_words("b\x85a") is None


def test_the_memos_of_words_stay_bounded_and_answer_as_before(monkeypatch: pytest.MonkeyPatch) -> None:
    """A long-lived process (a notebook reading corpus after corpus) keeps at most ``_MEMO_SIZE`` words."""
    words = [f"border{chr(97 + k % 26)}{chr(97 + k // 26)}ings" for k in range(50)]
    expected = [similarity.stem(w) for w in words], [token_bag(w) for w in words]
    monkeypatch.setattr(similarity, "_MEMO_SIZE", 10)
    monkeypatch.setattr(similarity, "_STEMS", {})
    monkeypatch.setattr(similarity, "_TOKENS", {})
    assert ([similarity.stem(w) for w in words], [token_bag(w) for w in words]) == expected
    assert len(similarity._STEMS) <= 10
    assert len(similarity._TOKENS) <= 10


_ANY_TEXT = st.text(
    alphabet=st.one_of(
        st.characters(max_codepoint=127),
        st.sampled_from(["’", "é", "ß", "İ", "Σ", "\xa0", "\u2009", "\u202f", "٣"]),
    ),
    max_size=40,
)


@settings(max_examples=500, deadline=None)
@given(_ANY_TEXT)
def test_words_are_the_words_the_expression_finds_in_any_text(text: str) -> None:
    assert similarity._words(text) == similarity._WORD.findall(text)


@settings(max_examples=300, deadline=None)
@given(st.lists(st.text(alphabet="Aab1,' \u00a0’", max_size=8), max_size=8).map(" ".join))
def test_the_token_bag_is_the_bag_the_expression_gives(text: str) -> None:
    words = similarity._WORD.findall(
        similarity._THOUSANDS.sub("", text) if similarity._MAYBE_THOUSANDS.search(text) else text
    )
    expected: dict[str, float] = {}
    for n, raw in enumerate(words):
        tok, mult, name = similarity._classify(raw)
        mult = 1.0 if n == 0 and name else mult
        if tok and expected.get(tok, 0.0) < mult:
            expected[tok] = mult
    assert list(token_bag(text).items()) == list(expected.items())


_BAGS = st.lists(st.dictionaries(st.sampled_from("abcdefgh"), st.just(1.0), max_size=6), max_size=8)


@given(_BAGS, _BAGS)
def test_a_word_is_as_rare_as_its_larger_side_count_makes_it(
    old: list[dict[str, float]], new: list[dict[str, float]]
) -> None:
    weights = similarity.Weights.fit(old, new)
    n = max(len(old), len(new), 1)
    words = {t for bag in [*old, *new] for t in bag}
    assert set(weights.idf) == words
    for t in words:
        df = max(sum(t in bag for bag in old), sum(t in bag for bag in new))
        assert weights.idf[t] == math.log(1.0 + n / df)
    assert weights.default == math.log(1.0 + n)


@given(st.dictionaries(st.sampled_from("abcdef"), st.floats(0.0, 3.0), max_size=6), st.lists(_BAGS, max_size=1))
def test_the_best_container_holds_most_of_the_part(
    part: dict[str, float], wholes: list[list[dict[str, float]]]
) -> None:
    found = dict(enumerate(wholes[0] if wholes else []))
    best = similarity.best_container(part, found, 0.5)
    shares = {k: similarity.containment(part, w) for k, w in found.items()}
    if best is None:
        assert all(share < 0.5 for share in shares.values())
    else:
        assert shares[best] == max(shares.values()) >= 0.5
        assert best == max(k for k, share in shares.items() if share == shares[best])
