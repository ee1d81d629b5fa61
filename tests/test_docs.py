"""The documentation cannot drift from the code.

- every public name in ``peaceplan.__all__`` has a docstring of its own and is
  rendered on a page of the API reference;
- the generated CLI reference has every command and every option, and the
  narrative page ``docs/cli.md`` has a section for every command;
- the generated schema reference has every field of every schema;
- every shell example (```` ```console ```` block) of the pages that promise it
  runs: each ``$ peaceplan ...`` line through click's runner, in a fresh folder
  holding the page's example files (fences with ``title="name"``), exits 0 or 1
  (never 2, trouble), and prints every output line the page shows under it;
- the site builds with ``mkdocs build --strict`` (warnings are errors).

The ``>>>`` examples of every page run as doctests through pytest's
``--doctest-glob='*.md'`` (``docs`` is in ``testpaths``), not here.
"""

from __future__ import annotations

import importlib.util
import inspect
import json
import os
import re
import shlex
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path
from types import ModuleType
from typing import Any

import click
import pytest
from click.testing import CliRunner

import peaceplan
from peaceplan.cli import cli

ROOT = Path(__file__).resolve().parent.parent
DOCS = ROOT / "docs"
API_PAGES = DOCS / "reference" / "api"

# Pages whose ```console blocks are runnable, self-contained examples.
RUNNABLE_PAGES = ("index.md", "tutorial.md", "how-to/diff.md", "how-to/reports.md")


def _hook(name: str) -> ModuleType:
    """Import one of the MkDocs hooks in docs/hooks/ (they are not a package)."""
    path = DOCS / "hooks" / f"{name}.py"
    spec = importlib.util.spec_from_file_location(f"peaceplan_docs_{name}", path)
    assert spec is not None
    assert spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


# --- docstrings and the API reference ------------------------------------------------------


def _public_names() -> list[str]:
    """The classes and functions of ``peaceplan.__all__`` (values such as ``TOPICS`` have no docstring)."""
    return [
        name
        for name in peaceplan.__all__
        if inspect.isclass(getattr(peaceplan, name)) or inspect.isfunction(getattr(peaceplan, name))
    ]


def _own_docstring(obj: Any) -> str:
    """The docstring written on ``obj`` itself, not one inherited from a base class."""
    doc = obj.__dict__.get("__doc__") if inspect.isclass(obj) else obj.__doc__
    return (doc or "").strip()


def test_public_names_are_the_classes_and_functions_of_all() -> None:
    values = set(peaceplan.__all__) - set(_public_names())
    assert values == {"TOPICS", "__version__"}


@pytest.mark.parametrize("name", _public_names())
def test_every_public_name_has_its_own_docstring(name: str) -> None:
    obj = getattr(peaceplan, name)
    assert _own_docstring(obj), (
        f"peaceplan.{name} ({obj.__module__}) has no docstring of its own; "
        "write one saying what it is and why (it is rendered in the API reference)"
    )


def _directives() -> dict[str, str]:
    """Every ``::: identifier`` of the API pages, with the options block that follows it."""
    found: dict[str, str] = {}
    for page in sorted(API_PAGES.glob("*.md")):
        text = page.read_text(encoding="utf-8")
        for match in re.finditer(r"^::: (\S+)\n((?:[ \t]+.*\n?)*)", text, re.M):
            found[match.group(1)] = match.group(2)
    return found


def _rendered(module: str, name: str, directives: dict[str, str]) -> bool:
    if f"{module}.{name}" in directives:
        return True
    options = directives.get(module)
    if options is None or "members: false" in options:
        return False
    listed = re.search(r"members:\s*\[([^\]]*)\]", options)
    return listed is None or name in [m.strip() for m in listed.group(1).split(",")]


@pytest.mark.parametrize("name", _public_names())
def test_every_public_name_is_on_an_api_page(name: str) -> None:
    obj = getattr(peaceplan, name)
    assert _rendered(obj.__module__, name, _directives()), (
        f"peaceplan.{name} is not rendered in docs/reference/api/: add '::: {obj.__module__}' "
        f"or '::: {obj.__module__}.{name}' to the page it belongs on"
    )


def test_api_pages_are_all_in_the_nav() -> None:
    config = (ROOT / "mkdocs.yml").read_text(encoding="utf-8")
    for page in API_PAGES.glob("*.md"):
        assert f"reference/api/{page.name}" in config, f"{page.name} is not in the nav of mkdocs.yml"


# --- the CLI reference ---------------------------------------------------------------------


def _commands() -> list[tuple[str, click.Command]]:
    out: list[tuple[str, click.Command]] = []
    for name, command in cli.commands.items():
        if not command.hidden:
            out.append((f"peaceplan {name}", command))
    return out


def test_generated_cli_reference_has_every_command_and_option() -> None:
    page = _hook("cli_reference").render_cli_reference()
    for path, command in [("peaceplan", cli), *_commands()]:
        section = page.split(f"\n## {path} {{#", 1)
        assert len(section) == 2, f"{path} has no section in the generated CLI reference"
        body = section[1].split("\n## ", 1)[0]
        assert f"Usage: {path}" in body
        for param in command.params:
            for opt in getattr(param, "opts", ()):
                if opt.startswith("-"):
                    assert opt in body, f"{path}: option {opt} missing from the generated reference"


@pytest.mark.parametrize("path", [p for p, _ in _commands()])
def test_narrative_cli_page_has_a_section_for_every_command(path: str) -> None:
    text = (DOCS / "cli.md").read_text(encoding="utf-8")
    assert re.search(rf"^## {re.escape(path)}$", text, re.M), (
        f"docs/cli.md has no '## {path}' section; describe the command there (the reference page is generated)"
    )


def test_cli_reference_help_is_what_the_command_prints() -> None:
    hook = _hook("cli_reference")
    result = CliRunner().invoke(cli, ["diff", "--help"], prog_name="peaceplan", terminal_width=hook.WIDTH)
    assert result.exit_code == 0
    assert hook.help_text("peaceplan diff").strip() == result.output.strip()


# --- the schema reference ------------------------------------------------------------------


@pytest.mark.parametrize("schema_path", sorted((ROOT / "schemas").glob("*.schema.json")), ids=lambda p: p.name)
def test_schema_reference_lists_every_field(schema_path: Path) -> None:
    hook = _hook("schema_reference")
    page = hook.render_schema_reference(hook.schema_paths(ROOT))
    schema = json.loads(schema_path.read_text(encoding="utf-8"))
    assert f"`schemas/{schema_path.name}`" in page
    objects = [schema, *schema.get("$defs", {}).values()]
    for node in objects:
        for field in node.get("properties", {}):
            assert re.search(rf"^\| `([\w\[\].-]*\.)?{re.escape(field)}` \|", page, re.M), (
                f"{schema_path.name}: field {field!r} is not in the schema reference"
            )


def test_schema_reference_required_column_follows_the_schema() -> None:
    hook = _hook("schema_reference")
    schema = json.loads((ROOT / "schemas" / "version.schema.json").read_text(encoding="utf-8"))
    rows = {row[0]: row for row in hook.field_rows(schema, hook.Anchors({}, "version"))}
    assert {name for name, row in rows.items() if row[2]} == set(schema["required"])


# --- runnable shell examples ---------------------------------------------------------------


def _fixtures(text: str) -> dict[str, str]:
    """The example files of a page: fenced blocks with ``title="path"``."""
    pattern = re.compile(r'^```\w*[^\n]*?title="([^"]+)"[^\n]*\n(.*?)^```', re.M | re.S)
    return {m.group(1): m.group(2) for m in pattern.finditer(text)}


def _console_steps(text: str) -> Iterator[tuple[str, list[str]]]:
    """Each ``$ command`` of the page's console blocks, with the output lines shown under it."""
    for block in re.findall(r"^```console\n(.*?)^```", text, re.M | re.S):
        command: str | None = None
        shown: list[str] = []
        for line in block.splitlines():
            if line.startswith("$ "):
                if command is not None:
                    yield command, shown
                command, shown = line[2:], []
            elif command is not None and line.strip():
                shown.append(line)
        if command is not None:
            yield command, shown


def _run(command: str, folder: Path) -> tuple[int, str] | None:
    """Run one shell line of the docs in ``folder``; None when it is not a peaceplan command."""
    words = shlex.split(command.split(" | ")[0])
    if words[:2] == ["mkdir", "-p"]:
        for name in words[2:]:
            (folder / name).mkdir(parents=True, exist_ok=True)
        return 0, ""
    if not words or words[0] != "peaceplan":
        return None  # pip, an editor, a pager: not ours to run
    target = None
    if ">" in words:
        at = words.index(">")
        words, target = words[:at], words[at + 1]
    result = CliRunner(env={"NO_COLOR": "1", "COLUMNS": "100"}).invoke(cli, words[1:], catch_exceptions=False)
    if target is not None:
        (folder / target).write_text(result.stdout, encoding="utf-8")
    return result.exit_code, result.output


@pytest.mark.parametrize("page", RUNNABLE_PAGES)
def test_shell_examples_run(page: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    text = (DOCS / page).read_text(encoding="utf-8")
    for name, content in _fixtures(text).items():
        (tmp_path / name).parent.mkdir(parents=True, exist_ok=True)
        (tmp_path / name).write_text(content, encoding="utf-8")
    monkeypatch.chdir(tmp_path)
    for command, shown in _console_steps(text):
        ran = _run(command, tmp_path)
        if ran is None:
            continue
        status, output = ran
        assert status in (0, 1), f"{page}: '$ {command}' exited {status}:\n{output}"
        flat = " ".join(output.split())
        for line in shown:
            assert " ".join(line.split()) in flat, (
                f"{page}: '$ {command}' did not print {line!r}; it printed:\n{output}"
            )


def test_console_steps_are_read_with_their_output() -> None:
    steps = list(_console_steps("```console\n$ peaceplan a\nout 1\n\n$ peaceplan b\n```\n"))
    assert steps == [("peaceplan a", ["out 1"]), ("peaceplan b", [])]


# --- the site builds -------------------------------------------------------------------------


@pytest.mark.slow
def test_site_builds_with_warnings_as_errors(tmp_path: Path) -> None:
    if importlib.util.find_spec("mkdocs") is None:
        pytest.skip("mkdocs is not installed (it comes with the 'test' extra): cannot build the docs site")
    done = subprocess.run(
        [sys.executable, "-m", "mkdocs", "build", "--strict", "--site-dir", str(tmp_path / "site")],
        cwd=ROOT,
        capture_output=True,
        text=True,
        env={**os.environ, "NO_MKDOCS_2_WARNING": "1"},
        check=False,
    )
    assert done.returncode == 0, f"mkdocs build --strict failed:\n{done.stderr[-4000:]}"
    for page in ("reference/cli/index.html", "reference/schemas/index.html", "reference/api/compare/index.html"):
        assert (tmp_path / "site" / page).is_file(), f"{page} was not built"


# --- links to the published docs ----------------------------------------------------------------


def test_messages_link_to_the_published_site_named_in_mkdocs_yml() -> None:
    from peaceplan.errors import DOCS_SITE

    config = (ROOT / "mkdocs.yml").read_text(encoding="utf-8")
    assert re.search(rf"^site_url: {re.escape(DOCS_SITE)}$", config, re.M)


def test_the_package_metadata_and_the_readme_link_to_the_same_published_site() -> None:
    from peaceplan.errors import DOCS_SITE

    tomllib = pytest.importorskip("tomllib")  # Python 3.11+

    urls = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))["project"]["urls"]
    assert urls["Documentation"] == DOCS_SITE
    # The README is the package's page on PyPI, where a path into docs/ leads nowhere.
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    targets = re.findall(r"\]\(([^)\s]+)\)", readme)
    assert [t for t in targets if t.startswith("docs/")] == []
    for target in (t for t in targets if t.startswith(DOCS_SITE)):
        page = target.removeprefix(DOCS_SITE).rstrip("/")
        assert (DOCS / page).is_file() or (DOCS / f"{page}.md").is_file(), f"README links to {target}: no such page"


def test_every_page_a_message_links_to_exists() -> None:
    from peaceplan.errors import DOCS_SITE, docs_url

    pages = set()
    for source in (ROOT / "peaceplan").rglob("*.py"):
        pages |= set(re.findall(r"docs_url\(\s*[\"']([^\"']+)[\"']", source.read_text(encoding="utf-8")))
    assert pages
    for page in pages:
        path = page.partition("#")[0]
        assert (DOCS / path).is_file(), f"{page}: no such page in docs/"
        assert docs_url(page).startswith(DOCS_SITE)


def test_no_message_sends_a_user_to_a_docs_file_they_do_not_have() -> None:
    for source in (ROOT / "peaceplan").rglob("*.py"):
        for number, line in enumerate(source.read_text(encoding="utf-8").splitlines(), 1):
            stripped = line.strip()
            if stripped.startswith(("#", ">>>")) or "``docs/" in line:
                continue  # comments, doctests and docstring references are for developers
            assert not re.search(r"[\"'].*\bdocs/[\w/-]+\.md", line), f"{source.name}:{number}: {stripped}"


def test_the_version_string_is_the_one_pyproject_gives() -> None:
    pyproject = (Path(__file__).resolve().parent.parent / "pyproject.toml").read_text(encoding="utf-8")
    assert re.search(r'^version = "([^"]+)"$', pyproject, re.M)[1] == peaceplan.__version__  # type: ignore[index]
