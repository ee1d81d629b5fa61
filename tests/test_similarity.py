"""Specifications of peaceplan.compare.similarity's names: one name, one meaning across the package."""

from __future__ import annotations

import importlib
import re

import pytest

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
