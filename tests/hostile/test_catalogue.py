"""Every input of the hostile catalogue, through every entry point that reads it: refused cleanly or loaded whole.

See :mod:`hostile.inputs` for what the inputs are and :mod:`hostile.harness`
for what is checked on each run (only PeaceplanError escapes, no run past the
deadline, what loads digests, renders and dumps). Each input is its own test,
named by its label. The CLI commands that read a file run on every 20th input
and on every structural one; set ``PEACEPLAN_HOSTILE_CLI=all`` to run them on
all of them (a few minutes more).
"""

from __future__ import annotations

import os
from collections import Counter
from pathlib import Path

import pytest

from .harness import feed
from .inputs import Input, catalogue

CATALOGUE = catalogue()
_ALL_CLI = os.environ.get("PEACEPLAN_HOSTILE_CLI") == "all"


def _with_cli(i: int, item: Input) -> bool:
    named = ":" not in item.label  # a named variant (docx/style-cycle), not one of a generated series
    return _ALL_CLI or i % 20 == 0 or named or "structure:" in item.label or "shape:" in item.label


def test_the_catalogue_holds_two_thousand_labelled_inputs_across_every_family() -> None:
    assert len(CATALOGUE) >= 2000
    assert len({item.label for item in CATALOGUE}) == len(CATALOGUE)
    families = Counter(item.family for item in CATALOGUE)
    assert set(families) == {"version", "text", "docx", "pdf", "diff"}
    assert min(families.values()) >= 100


@pytest.mark.parametrize(("i", "item"), list(enumerate(CATALOGUE)), ids=[item.label for item in CATALOGUE])
def test_a_hostile_input_is_refused_with_a_peaceplan_error_or_loads_whole(tmp_path: Path, i: int, item: Input) -> None:
    runs = feed(item, tmp_path, cli=_with_cli(i, item), corpus=i % 5 == 0)
    assert runs
