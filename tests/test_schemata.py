"""peaceplan.files.schemata owns the shipped schemas, and its bundled diff schema works offline with no registry.

One module lists, reads, registers, compiles and bundles the schemas; every other
module asks it. The bundled diff schema must stay what :func:`bundle` makes of the
sources, and a diff saved by peaceplan must validate against it with a plain
``jsonschema.validate`` while the network is blocked.
"""

from __future__ import annotations

import ast
import copy
import json
import os
import socket
import subprocess
import sys
import warnings
import zipfile
from collections.abc import Iterator
from functools import cache
from pathlib import Path
from typing import Any

import jsonschema
import pytest
import referencing.exceptions
from cli_support import run
from click.testing import CliRunner
from generator import make_document, revise
from hypothesis import given
from hypothesis import strategies as st
from strategies import every_path

from peaceplan import Diff, ValidationError, diff, load_corpus
from peaceplan.files import schemata

ROOT = Path(__file__).resolve().parent.parent
PACKAGE = ROOT / "peaceplan"


def _refs(node: Any) -> Iterator[str]:
    if isinstance(node, dict):
        for key, value in node.items():
            if key == "$ref" and isinstance(value, str):
                yield value
            elif key not in ("const", "enum"):
                yield from _refs(value)
    elif isinstance(node, list):
        for value in node:
            yield from _refs(value)


def _ids(node: Any) -> Iterator[str]:
    if isinstance(node, dict):
        if isinstance(node.get("$id"), str):
            yield node["$id"]
        for key, value in node.items():
            if key not in ("const", "enum"):
                yield from _ids(value)
    elif isinstance(node, list):
        for value in node:
            yield from _ids(value)


def _pointed(root: dict[str, Any], ref: str) -> Any:
    node: Any = root
    for part in ref.removeprefix("#/").split("/"):
        node = node[part.replace("~1", "/").replace("~0", "~")]
    return node


@pytest.fixture
def no_network(monkeypatch: pytest.MonkeyPatch) -> list[tuple[Any, ...]]:
    """Block every connection and name lookup; the list records each attempt."""
    attempts: list[tuple[Any, ...]] = []

    def refuse(*args: Any, **kwargs: Any) -> Any:
        attempts.append(args)
        raise OSError("network blocked by the test")

    monkeypatch.setattr(socket, "create_connection", refuse)
    monkeypatch.setattr(socket, "getaddrinfo", refuse)
    monkeypatch.setattr(socket.socket, "connect", refuse)
    return attempts


@pytest.fixture(scope="module")
def saved_diff(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A diff saved as a user saves one: ``peaceplan diff 28-point 20-point --format json --output FILE``."""
    path = tmp_path_factory.mktemp("saved") / "diff.json"
    result = run(CliRunner(), "diff", "28-point", "20-point", "--format", "json", "--output", str(path))
    assert result.exit_code == 1, result.output  # the versions differ
    return path


# --- one owner -----------------------------------------------------------------------------


def _imports(path: Path) -> set[str]:
    """Every peaceplan module ``path`` imports, at module level or inside a function."""
    found: set[str] = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.ImportFrom) and node.level:
            if node.module:
                found.add(node.module)
            else:
                found.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and (node.module or "").startswith("peaceplan"):
            found.add((node.module or "").removeprefix("peaceplan").lstrip(".") or "peaceplan")
        elif isinstance(node, ast.Import):
            found.update(a.name.removeprefix("peaceplan.") for a in node.names if a.name.startswith("peaceplan."))
    return found


def test_the_schema_module_imports_only_the_errors_from_peaceplan() -> None:
    assert _imports(PACKAGE / "files" / "schemata.py") == {"errors"}


def test_files_and_the_diff_get_their_schemas_and_checks_from_schemata() -> None:
    assert "schemata" in _imports(PACKAGE / "files" / "io.py")  # from . import schemata
    assert "files.schemata" in _imports(PACKAGE / "compare" / "diff.py")


def _code(path: Path) -> tuple[set[str], set[str]]:
    """The names and the string constants (docstrings left out) of the code of ``path``."""
    tree = ast.parse(path.read_text(encoding="utf-8"))
    docstrings = {
        id(node.value)
        for node in ast.walk(tree)
        if isinstance(node, ast.Expr) and isinstance(node.value, ast.Constant) and isinstance(node.value.value, str)
    }
    names = {n.id for n in ast.walk(tree) if isinstance(n, ast.Name)}
    names |= {n.attr for n in ast.walk(tree) if isinstance(n, ast.Attribute)}
    names |= {
        a.name.split(".")[0] for n in ast.walk(tree) if isinstance(n, (ast.Import, ast.ImportFrom)) for a in n.names
    }
    names |= {(n.module or "").split(".")[0] for n in ast.walk(tree) if isinstance(n, ast.ImportFrom)}
    strings = {
        n.value
        for n in ast.walk(tree)
        if isinstance(n, ast.Constant) and isinstance(n.value, str) and id(n) not in docstrings
    }
    return names, strings


def _kind_lists(path: Path) -> Iterator[ast.AST]:
    """Tuple, list and set literals of ``path`` that name most shipped kinds (a copy of the list)."""
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, (ast.Tuple, ast.List, ast.Set)):
            words = {e.value for e in node.elts if isinstance(e, ast.Constant) and isinstance(e.value, str)}
            if len(words & set(schemata.SHIPPED)) >= 4:
                yield node


def test_no_other_module_reads_lists_or_compiles_a_schema() -> None:
    owners = {"schemata.py"}
    offenders = []
    for path in sorted(PACKAGE.rglob("*.py")):
        if path.name in owners:
            continue
        names, strings = _code(path)
        where = path.relative_to(ROOT).as_posix()
        offenders += [
            (where, n) for n in names & {"jsonschema", "jsonschema_rs", "referencing", "Draft202012Validator"}
        ]
        offenders += [(where, s) for s in strings if "schema.json" in s or s == "schemas"]
        offenders += [(where, "a list of the shipped kinds") for _ in _kind_lists(path)]
    assert not offenders


def test_the_shipped_list_names_every_schema_file_once() -> None:
    on_disk = sorted(p.name.removesuffix(".schema.json") for p in (ROOT / "schemas").glob("*.schema.json"))
    assert sorted(schemata.SHIPPED) == on_disk
    assert len(set(schemata.SHIPPED)) == len(schemata.SHIPPED)


def test_one_registry_holds_every_shipped_schema_under_its_id() -> None:
    registry = schemata.registry()
    assert registry is schemata.registry()
    for kind in schemata.SHIPPED:
        assert registry.contents(f"https://peaceplan.dev/schemas/{kind}.schema.json") == schemata.schema(kind)


def test_the_validators_are_built_once_and_resolve_the_diffs_reference_offline(
    saved_diff: Path, no_network: list[tuple[Any, ...]]
) -> None:
    for kind in schemata.SHIPPED:
        assert schemata.validator(kind) is schemata.validator(kind)
    instance = json.loads(saved_diff.read_text(encoding="utf-8"))
    assert schemata.validator("diff").is_valid(instance)
    assert not schemata.validator("diff").is_valid({**instance, "old": {"peaceplan": 1}})
    schemata.validate_diff_data(instance)
    assert no_network == []


def test_schema_hands_out_a_copy_so_callers_cannot_change_the_checks() -> None:
    mine = schemata.schema("version")
    mine["properties"].clear()
    assert schemata.schema("version")["properties"]
    assert not schemata.validator("version").is_valid({"peaceplan": 1})
    theirs = schemata.bundled("diff")
    theirs["$defs"].clear()
    assert schemata.bundled("diff")["$defs"]


@pytest.mark.parametrize("ask", [schemata.schema, schemata.validator, schemata.bundle, schemata.bundled])
def test_an_unknown_kind_is_refused_naming_the_shipped_ones(ask: Any) -> None:
    with pytest.raises(ValidationError) as caught:
        ask("diffs")
    assert str(caught.value) == "no shipped schema 'diffs'; the shipped ones are version, actors, corpus, events, diff"


# --- the bundled diff schema ----------------------------------------------------------------


def test_the_bundled_diff_schema_is_what_the_generator_makes_of_the_current_sources() -> None:
    assert schemata.bundled("diff") == schemata.bundle("diff"), (
        "schemas/bundled/diff.schema.json is stale: run python scripts/bundle_schemas.py"
    )
    assert json.loads((ROOT / "schemas" / "bundled" / "diff.schema.json").read_text(encoding="utf-8")) == (
        schemata.bundle("diff")
    )


def test_the_bundle_script_finds_nothing_out_of_date() -> None:
    sys.path.insert(0, str(ROOT / "scripts"))
    try:
        import bundle_schemas
    finally:
        sys.path.remove(str(ROOT / "scripts"))
    assert bundle_schemas.main(["--check"]) == 0
    assert (ROOT / "schemas" / "bundled" / "diff.schema.json").read_text(encoding="utf-8") == (
        bundle_schemas.rendered("diff")
    )


def test_schemas_that_refer_to_no_other_are_their_own_bundle() -> None:
    for kind in ("version", "actors", "corpus", "events"):
        assert schemata.bundle(kind) == schemata.schema(kind)
        assert schemata.bundled(kind) == schemata.schema(kind)
        assert schemata.bundled_path(kind).name == f"{kind}.schema.json"
    assert sorted(p.name for p in (ROOT / "schemas" / "bundled").iterdir()) == ["diff.schema.json"]


def test_every_reference_of_the_bundled_diff_schema_points_inside_it() -> None:
    bundled = schemata.bundled("diff")
    refs = set(_refs(bundled))
    assert refs, "the diff schema has references"
    assert all(ref.startswith("#/$defs/") for ref in refs), sorted(r for r in refs if not r.startswith("#/"))
    for ref in refs:
        assert isinstance(_pointed(bundled, ref), dict), ref
    assert list(_ids(bundled)) == ["https://peaceplan.dev/schemas/bundled/diff.schema.json"]
    jsonschema.Draft202012Validator.check_schema(bundled)


def test_the_bundle_inlines_the_version_schema_and_its_definitions_unchanged_but_for_references() -> None:
    bundled, version = schemata.bundled("diff"), schemata.schema("version")
    assert bundled["properties"]["old"]["$ref"] == bundled["properties"]["new"]["$ref"] == "#/$defs/version"
    inlined = bundled["$defs"]["version"]
    assert inlined["properties"].keys() == version["properties"].keys()
    assert inlined["required"] == version["required"]
    for name, definition in version["$defs"].items():
        assert bundled["$defs"][f"version-{name}"].keys() == definition.keys(), name
    # the diff schema's own "attribution" and the version schema's stay apart
    assert bundled["$defs"]["attribution"] == schemata.schema("diff")["$defs"]["attribution"]
    assert "$ref" not in json.dumps(bundled["$defs"]["version-id"])


def test_a_saved_diff_validates_with_plain_jsonschema_validate_and_the_network_blocked(
    saved_diff: Path, no_network: list[tuple[Any, ...]]
) -> None:
    instance = json.loads(saved_diff.read_text(encoding="utf-8"))
    schema = json.loads(schemata.bundled_path("diff").read_text(encoding="utf-8"))  # the file, as a user reads it
    jsonschema.validate(instance, schema)
    assert no_network == []
    broken = copy.deepcopy(instance)
    broken["old"]["provisions"][0]["label"] = 7
    with pytest.raises(jsonschema.ValidationError, match="7 is not of type 'string'"):
        jsonschema.validate(broken, schema)
    assert no_network == []


def test_the_source_diff_schema_alone_reaches_for_the_network_which_is_why_the_bundle_exists(
    saved_diff: Path, no_network: list[tuple[Any, ...]]
) -> None:
    instance = json.loads(saved_diff.read_text(encoding="utf-8"))
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", DeprecationWarning)  # jsonschema's deprecated remote retrieval
        with pytest.raises(referencing.exceptions.Unresolvable, match=r"version\.schema\.json"):
            jsonschema.validate(instance, schemata.schema("diff"))
    assert no_network, "the block saw no attempt: the test above would prove nothing"


def test_diff_to_json_validates_against_the_bundle_as_against_the_sources() -> None:
    corpus = load_corpus()
    saved = diff(corpus.version("28-point"), corpus.version("geneva-19"), corpus=corpus).to_json()
    instance = json.loads(saved)
    jsonschema.validate(instance, schemata.bundled("diff"))
    schemata.validate_diff_data(instance)
    assert Diff.from_json(saved).to_json() == saved


@cache
def _small_diff() -> dict[str, Any]:
    old = make_document(8, 3)
    new, _ = revise(old, 0.4, 5)
    data: dict[str, Any] = json.loads(diff(old, new).to_json())
    return data


def _errors(validator: Any, data: Any) -> list[tuple[list[Any], str]]:
    return sorted(((list(map(str, e.absolute_path)), e.message) for e in validator.iter_errors(data)), key=str)


@given(
    pick=st.integers(min_value=0),
    how=st.sampled_from(["replace", "delete", "extra"]),
    value=st.one_of(st.none(), st.booleans(), st.integers(), st.text(max_size=4), st.lists(st.integers(), max_size=2)),
)
def test_the_bundle_finds_exactly_the_problems_the_sources_and_registry_find(pick: int, how: str, value: Any) -> None:
    data = copy.deepcopy(_small_diff())
    paths = every_path(data)
    path = paths[pick % len(paths)]
    if path:
        parent = data
        for key in path[:-1]:
            parent = parent[key]
        if how == "delete":
            del parent[path[-1]]
        elif how == "extra" and isinstance(parent, dict):
            parent[f"zz-{path[-1]}"] = value
        else:
            parent[path[-1]] = value
    else:
        data = value
    standalone = jsonschema.Draft202012Validator(schemata.bundled("diff"))
    assert _errors(standalone, data) == _errors(schemata.validator("diff"), data)


def test_the_wheel_ships_the_bundled_diff_schema_and_the_installed_package_reads_it(tmp_path: Path) -> None:
    from hatchling.builders.wheel import WheelBuilder

    (wheel,) = WheelBuilder(str(ROOT)).build(directory=str(tmp_path / "dist"), versions=["standard"])
    site = tmp_path / "site"
    with zipfile.ZipFile(wheel) as archive:
        assert "peaceplan/schemas/bundled/diff.schema.json" in archive.namelist()
        archive.extractall(site)
    probe = (
        f"import sys; sys.path.insert(0, {str(site)!r})\n"
        "import json, jsonschema, peaceplan\n"
        "from peaceplan.files import schemata\n"
        f"assert peaceplan.__file__.startswith({str(site)!r}), peaceplan.__file__\n"
        "print(schemata.bundled_path('diff'))\n"
        "c = peaceplan.load_corpus()\n"
        "d = peaceplan.diff(c.version('28-point'), c.version('20-point'), corpus=c)\n"
        "jsonschema.validate(json.loads(d.to_json()), schemata.bundled('diff'))\n"
        "assert schemata.bundled('diff') == schemata.bundle('diff')\n"
    )
    env = {k: v for k, v in os.environ.items() if k != "PYTHONPATH"}
    done = subprocess.run([sys.executable, "-c", probe], capture_output=True, text=True, cwd=tmp_path, env=env)
    assert done.returncode == 0, done.stderr
    assert Path(done.stdout.strip()) == site / "peaceplan" / "schemas" / "bundled" / "diff.schema.json"


# --- the command line ------------------------------------------------------------------------


@pytest.mark.parametrize("kind", schemata.SHIPPED)
def test_peaceplan_schema_prints_the_shipped_file(kind: str) -> None:
    result = run(CliRunner(), "schema", kind)
    assert result.exit_code == 0
    assert result.stdout == schemata.schema_path(kind).read_text(encoding="utf-8")
    assert json.loads(result.stdout) == schemata.schema(kind)


def test_peaceplan_schema_bundled_writes_the_self_contained_diff_schema(tmp_path: Path) -> None:
    target = tmp_path / "diff-bundled.json"
    result = run(CliRunner(), "schema", "diff", "--bundled", "--output", str(target))
    assert result.exit_code == 0
    assert json.loads(target.read_text(encoding="utf-8")) == schemata.bundle("diff")
    assert run(CliRunner(), "schema", "version", "--bundled").stdout == run(CliRunner(), "schema", "version").stdout


def test_peaceplan_schema_refuses_an_unknown_kind_naming_the_shipped_ones() -> None:
    result = run(CliRunner(), "schema", "diffs")
    assert result.exit_code == 2
    assert "'diffs' is not one of 'version', 'actors', 'corpus', 'events', 'diff'" in result.stderr


@pytest.mark.skipif(schemata.jsonschema_rs is None, reason="jsonschema-rs is not installed here")
def test_reading_a_valid_saved_diff_never_imports_jsonschema(saved_diff: Path) -> None:
    # The compiled check answers for valid data; jsonschema (about 0.17 s to import) only lists problems.
    probe = (
        "import sys, peaceplan\n"
        f"peaceplan.Diff.from_json(open({str(saved_diff)!r}, encoding='utf-8').read())\n"
        "print(sorted(m for m in ('jsonschema', 'referencing') if m in sys.modules))\n"
    )
    done = subprocess.run([sys.executable, "-c", probe], capture_output=True, text=True, check=True)
    assert done.stdout.strip() == "[]"
