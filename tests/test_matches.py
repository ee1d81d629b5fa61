"""Specifications of peaceplan.compare.matches: the alignment's records, apart from the aligner.

``Match`` and ``MatchKind`` are read by the diff engine, the history views and
every renderer; they live in a module that imports nothing heavy, so a renderer
that needs the kinds does not load the aligner and rapidfuzz. Each import test
runs a fresh interpreter and reads ``sys.modules`` there.
"""

from __future__ import annotations

import importlib
import json
import subprocess
import sys

import pytest

import peaceplan
from peaceplan.compare.matches import Match, MatchKind

_ENGINE = ("peaceplan.compare.align", "peaceplan.compare.alignments", "peaceplan.compare.diff", "rapidfuzz")


def _loaded_after(code: str, modules: tuple[str, ...]) -> set[str]:
    probe = f"{code}\nimport sys, json\nprint(json.dumps([m for m in {modules!r} if m in sys.modules]))"
    out = subprocess.run([sys.executable, "-c", probe], capture_output=True, text=True, check=True).stdout
    return set(json.loads(out.splitlines()[-1]))


def test_the_matches_module_imports_no_aligner_and_no_rapidfuzz() -> None:
    assert _loaded_after("import peaceplan.compare.matches", _ENGINE) == set()


@pytest.mark.parametrize("renderer", ["text", "markdown", "html", "notebook", "table", "common"])
def test_a_renderer_imports_neither_the_aligner_nor_the_diff_engine_nor_rapidfuzz(renderer: str) -> None:
    assert _loaded_after(f"import peaceplan.render.{renderer}", _ENGINE) == set()


def test_the_probe_sees_the_aligner_when_it_is_imported() -> None:
    # The check above would pass vacuously if the probe could not see modules at all.
    assert _loaded_after("import peaceplan.compare.align", _ENGINE) == {"peaceplan.compare.align", "rapidfuzz"}


def test_the_old_import_paths_name_the_same_objects() -> None:
    aligner = importlib.import_module("peaceplan.compare.align")  # peaceplan.align is the function
    assert aligner.MatchKind is MatchKind
    assert aligner.Match is Match
    assert peaceplan.MatchKind is MatchKind
    assert peaceplan.Match is Match
    assert {"Match", "MatchKind"} <= set(aligner.__all__)


def test_the_aligner_produces_the_records_of_this_module() -> None:
    corpus = peaceplan.load_corpus()
    matches = peaceplan.align(corpus.version("28-point"), corpus.version("20-point"))
    assert matches
    assert all(type(m) is Match and type(m.kind) is MatchKind for m in matches)


def test_a_kind_reads_as_its_value() -> None:
    assert [str(k) for k in MatchKind][:3] == ["unchanged", "renumbered", "moved"]
    assert MatchKind("split") is MatchKind.SPLIT
