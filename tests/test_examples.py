"""The examples run: both notebooks execute cell by cell, and the report script writes its report.

Notebooks are stored without outputs and executed here in a fresh kernel
(nbclient, kernel ``python3`` from ipykernel, 120 s per cell) in a scratch
folder, so an API change that breaks an example fails the suite.
"""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest

nbformat = pytest.importorskip("nbformat")
nbclient = pytest.importorskip("nbclient")
pytest.importorskip("ipykernel")

EXAMPLES = Path(__file__).resolve().parent.parent / "examples"
NOTEBOOKS = ("explore-corpus.ipynb", "add-your-own-version.ipynb")


def _execute(name: str, workdir: Path) -> Any:
    notebook = nbformat.read(EXAMPLES / name, as_version=4)
    client = nbclient.NotebookClient(
        notebook, timeout=120, kernel_name="python3", resources={"metadata": {"path": str(workdir)}}
    )
    client.execute()
    return notebook


def _outputs(notebook: Any, source_start: str) -> list[Any]:
    cell = next(c for c in notebook.cells if c.cell_type == "code" and c.source.startswith(source_start))
    return list(cell.outputs)


def _shown(outputs: list[Any]) -> str:
    parts = []
    for o in outputs:
        parts.append(o.get("text", ""))
        parts.extend(str(v) for k, v in o.get("data", {}).items() if k.startswith("text/"))
    return "\n".join(parts)


@pytest.mark.parametrize("name", NOTEBOOKS)
def test_notebooks_are_valid_and_stored_without_outputs(name: str) -> None:
    notebook = nbformat.read(EXAMPLES / name, as_version=4)
    nbformat.validate(notebook)
    assert notebook.metadata.kernelspec.name == "python3"
    code = [c for c in notebook.cells if c.cell_type == "code"]
    assert code
    assert all(not c.outputs and c.execution_count is None for c in code)


@pytest.fixture(scope="module")
def explored(tmp_path_factory: pytest.TempPathFactory) -> Any:
    return _execute("explore-corpus.ipynb", tmp_path_factory.mktemp("explore"))


@pytest.fixture(scope="module")
def own(tmp_path_factory: pytest.TempPathFactory) -> tuple[Any, Path]:
    workdir = tmp_path_factory.mktemp("own")
    return _execute("add-your-own-version.ipynb", workdir), workdir


def test_explore_notebook_runs_and_shows_the_army_cap_change(explored: Any) -> None:
    errors = [o for c in explored.cells if c.cell_type == "code" for o in c.outputs if o.output_type == "error"]
    assert not errors
    assert "600,000 to 800,000" in _shown(_outputs(explored, "print(d.summary())"))


def test_explore_notebook_draws_both_plots(explored: Any) -> None:
    for start in ("plot_evolution(", "plot_topic_heatmap("):
        outputs = _outputs(explored, start)
        assert any("image/png" in o.get("data", {}) for o in outputs), start


def test_explore_notebook_shows_frames_as_tables(explored: Any) -> None:
    outputs = _outputs(explored, "versions = corpus_frame(corpus)")
    assert any("text/html" in o.get("data", {}) for o in outputs)
    assert "28-point" in _shown(outputs)


def test_own_version_notebook_compares_the_pasted_plan(own: tuple[Any, Path]) -> None:
    notebook, _ = own
    shown = _shown(_outputs(notebook, "for change in d.filter"))
    assert "800,000 to 700,000" in shown
    assert "True" in _shown(_outputs(notebook, "import pathlib"))


def test_own_version_notebook_writes_nothing_into_its_folder(own: tuple[Any, Path]) -> None:
    _, workdir = own
    assert not [p.name for p in workdir.iterdir() if not p.name.startswith(".")]


def test_report_script_writes_a_standalone_html_report(tmp_path: Path) -> None:
    out = tmp_path / "report.html"
    done = subprocess.run(
        [sys.executable, str(EXAMPLES / "diff_report.py"), "28-point", "20-point", "--output", str(out)],
        cwd=tmp_path,
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    assert done.returncode == 0, done.stderr
    page = out.read_text(encoding="utf-8")
    assert page.startswith("<!DOCTYPE html>")
    assert "<del>" in page
    assert "<ins>" in page
    assert "wrote" in done.stdout


def test_report_script_fails_with_one_clear_line_on_an_unknown_version(tmp_path: Path) -> None:
    done = subprocess.run(
        [sys.executable, str(EXAMPLES / "diff_report.py"), "nope", "20-point"],
        cwd=tmp_path,
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    assert done.returncode == 2
    assert done.stderr.startswith("error: 'nope' is neither a version of corpus 'ukraine-2025'")
    assert len(done.stderr.strip().splitlines()) == 1
    assert not (tmp_path / "diff-report.html").exists()
