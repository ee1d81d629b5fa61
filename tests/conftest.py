"""Shared pytest setup: hypothesis profiles and a corpus-folder writer.

``HYPOTHESIS_PROFILE=ci`` runs more examples; the default keeps the suite quick.
"""

from __future__ import annotations

import importlib.util
import os
import sys
from collections.abc import Callable, Mapping
from pathlib import Path
from types import ModuleType

import pytest
from click.testing import CliRunner
from hypothesis import HealthCheck, settings

__all__ = ["in_tmp", "load_script", "runner", "write_files"]

pytest.register_assert_rewrite("cli_support")  # its helpers' asserts explain themselves like a test's

settings.register_profile("default", deadline=None, suppress_health_check=[HealthCheck.too_slow])
settings.register_profile("ci", parent=settings.get_profile("default"), max_examples=500)
settings.load_profile(os.environ.get("HYPOTHESIS_PROFILE", "default"))

WriteFiles = Callable[[Mapping[str, str | bytes]], Path]


def load_script(path: Path, name: str) -> ModuleType:
    """A script of the repository that is not in a package (a benchmark's run.py), imported as ``name``."""
    spec = importlib.util.spec_from_file_location(name, path)
    assert spec is not None
    assert spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    sys.modules[name] = module  # attrs and dataclasses look their module up while it runs
    spec.loader.exec_module(module)
    return module


@pytest.fixture
def write_files(tmp_path: Path) -> WriteFiles:
    """Write ``{relative path: text or bytes}`` under a fresh folder and return the folder."""

    def write(contents: Mapping[str, str | bytes]) -> Path:
        for name, content in contents.items():
            target = tmp_path / name
            target.parent.mkdir(parents=True, exist_ok=True)
            if isinstance(content, bytes):
                target.write_bytes(content)
            else:
                target.write_text(content, encoding="utf-8")
        return tmp_path

    return write


@pytest.fixture
def runner() -> CliRunner:
    return CliRunner(env={"NO_COLOR": None, "FORCE_COLOR": None, "COLUMNS": "100"})


@pytest.fixture
def in_tmp(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """Run the test from a fresh, empty working folder."""
    monkeypatch.chdir(tmp_path)
    return tmp_path
