"""Specifications of peaceplan.compare.findingkinds: what a finding is about and which way it goes."""

from __future__ import annotations

import ast
import subprocess
import sys
from pathlib import Path

import pytest

import peaceplan
from peaceplan.compare import findings, mentions
from peaceplan.compare.findingkinds import Direction, FindingKind

PACKAGE = Path(peaceplan.__file__).parent


def _peaceplan_modules_after(code: str) -> set[str]:
    probe = f"{code}\nimport sys\nprint(' '.join(m for m in sys.modules if m.startswith('peaceplan')))"
    out = subprocess.run([sys.executable, "-c", probe], capture_output=True, text=True, check=True).stdout
    return set(out.split())


def test_importing_the_kinds_loads_no_other_peaceplan_module() -> None:
    package = _peaceplan_modules_after("import peaceplan")
    assert _peaceplan_modules_after("import peaceplan.compare.findingkinds") == package | {
        "peaceplan.compare",  # the layer package, whose __init__ imports nothing
        "peaceplan.compare.findingkinds",
    }


def test_the_old_import_paths_name_the_same_objects() -> None:
    assert mentions.FindingKind is findings.FindingKind is peaceplan.FindingKind is FindingKind
    assert mentions.Direction is findings.Direction is Direction


@pytest.mark.parametrize(
    "module",
    ["compare.findings", "compare.mentions", "compare.findingkinds", "compare.matches", "model.credit", "compare.diff"],
)
def test_a_compare_module_imports_no_private_name_of_another_module(module: str) -> None:
    tree = ast.parse((PACKAGE / f"{module.replace('.', '/')}.py").read_text(encoding="utf-8"))
    private = {
        f"{node.module}.{alias.name}"
        for node in ast.walk(tree)
        if isinstance(node, ast.ImportFrom)
        and node.level > 0
        and node.module not in ("model.fields", "files.yamlio", "_gcpause")
        for alias in node.names
        if alias.name.startswith("_")
    }
    assert private == set()


def test_every_direction_inverts_back_to_itself() -> None:
    assert all(d.inverse().inverse() is d for d in Direction)
    assert Direction.SOFTENED.inverse() is Direction.HARDENED


def test_the_kinds_compare_equal_to_and_read_as_their_values() -> None:
    assert FindingKind.NUMBER == "number"
    assert str(FindingKind.NUMBER) == "number"
    assert f"{Direction.RAISED}" == "raised"
