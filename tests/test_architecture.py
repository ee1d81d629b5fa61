"""The import contract: peaceplan's layers import one way, and no module imports itself back.

Read from the source (the AST), every ``import`` counts: at module level, inside a
function, and under ``if TYPE_CHECKING:`` (a signature that names a higher layer ties
the lower one to it as surely as a call does). From the bottom up::

    base      errors, limits, cache, _version, _gcpause, _moved
    model     peaceplan.model.*        actors, documents, versions, provisions, dates, events,
                                       credit, the version graph, the corpus's data...
    beside    peaceplan.files.*, peaceplan.text.*, peaceplan.authoring
    compare   peaceplan.compare.*      align, redline, findings, diff, curate
    history   peaceplan.history.*      the tracer (descent), log, blame, thread, synopsis, influence
    render    peaceplan.render.*       text, Markdown, HTML, notebook, frames, plots, Word
    facade    peaceplan, peaceplan.corpus   the top-level verbs and Corpus
    cli       peaceplan.cli.*, peaceplan.__main__

A module may import its own layer and the layers below. The exceptions are named here and
nowhere else: the display and export hooks Python and pandas look for on the object itself
(``HOOKS``), which import their renderer when called; and three deprecated verbs
(``DEPRECATED``), removed in 0.2. Apart from those, the graph of imports that run has no
cycle, inside a layer as well as across layers.
"""

from __future__ import annotations

import ast
import textwrap
from collections.abc import Iterator
from pathlib import Path

import attrs
import pytest

PACKAGE = Path(__file__).resolve().parent.parent / "peaceplan"

LAYERS: tuple[tuple[str, tuple[str, ...]], ...] = (
    (
        "base",
        (
            "peaceplan.errors",
            "peaceplan.limits",
            "peaceplan.cache",
            "peaceplan._version",
            "peaceplan._gcpause",
            "peaceplan._moved",
        ),
    ),
    ("model", ("peaceplan.model",)),
    ("files, text and authoring", ("peaceplan.files", "peaceplan.text", "peaceplan.authoring")),
    ("compare", ("peaceplan.compare",)),
    ("history", ("peaceplan.history",)),
    ("render", ("peaceplan.render",)),
    ("facade", ("peaceplan", "peaceplan.corpus")),
    ("cli", ("peaceplan.cli", "peaceplan.__main__")),
)
"""Bottom to top: the layer of a module is the one with the longest matching prefix."""

HOOKS = frozenset({"_repr_html_", "_repr_markdown_", "to_frame", "plot", "to_docx"})
"""Methods on a result that import their renderer when called: the only upward imports."""

DEPRECATED = frozenset(
    {
        ("peaceplan.model.records", "Version.diff"),
        ("peaceplan.model.records", "Version.revise"),
        ("peaceplan.model.records", "Version.to_akn"),
    }
)
"""Verbs that joined a version with a higher layer; deprecated, removed in 0.2."""

DEPRECATED_TYPES = frozenset(
    {
        ("peaceplan.model.records", "peaceplan.compare.diff"),  # Version.diff -> Diff
        ("peaceplan.model.records", "peaceplan.authoring"),  # Version.revise -> RevisionBuilder
    }
)
"""The types those verbs return, imported for type checkers only; they go with the verbs."""


@attrs.frozen
class Import:
    importer: str
    target: str
    line: int
    scope: str  # the enclosing function's qualified name ("" at module level)
    type_only: bool  # under ``if TYPE_CHECKING:``

    def __str__(self) -> str:
        where = f" in {self.scope}()" if self.scope else ""
        return f"{self.importer}:{self.line}{where} imports {self.target}"


def module_name(path: Path, root: Path) -> str:
    parts = list(path.relative_to(root.parent).with_suffix("").parts)
    if parts[-1] == "__init__":
        parts.pop()
    return ".".join(parts)


def imports_of(source: str, name: str, *, is_package: bool, known: frozenset[str]) -> Iterator[Import]:
    """Every import of a module of the package in ``source``, resolved to the module it loads."""

    def target_of(node: ast.ImportFrom) -> list[str]:
        if node.level:
            base = name.split(".") if is_package else name.split(".")[:-1]
            base = base[: len(base) - (node.level - 1)]
            module = ".".join(base + ([node.module] if node.module else []))
        else:
            module = node.module or ""
        found = [f"{module}.{alias.name}" for alias in node.names if f"{module}.{alias.name}" in known]
        return found if found and len(found) == len(node.names) else [module, *found]

    def walk(node: ast.AST, scope: list[str], type_only: bool) -> Iterator[Import]:
        for child in ast.iter_child_nodes(node):
            if isinstance(child, ast.If) and "TYPE_CHECKING" in ast.unparse(child.test):
                for stmt in child.body:
                    yield from walk_one(stmt, scope, True)
                for stmt in child.orelse:
                    yield from walk_one(stmt, scope, type_only)
                continue
            yield from walk_one(child, scope, type_only)

    def walk_one(child: ast.AST, scope: list[str], type_only: bool) -> Iterator[Import]:
        if isinstance(child, ast.ImportFrom):
            targets = target_of(child)
        elif isinstance(child, ast.Import):
            targets = [alias.name for alias in child.names]
        else:
            targets = []
        for target in targets:
            while target not in known and "." in target:
                target = target.rsplit(".", 1)[0]
            if target in known and target != name:
                yield Import(name, target, child.lineno, ".".join(scope), type_only)  # type: ignore[attr-defined]
        inner = scope
        if isinstance(child, (ast.FunctionDef, ast.AsyncFunctionDef, ast.ClassDef)):
            inner = [*scope, child.name]
        yield from walk(child, inner, type_only)

    yield from walk(ast.parse(source), [], False)


def package_imports(root: Path = PACKAGE) -> list[Import]:
    files = sorted(p for p in root.rglob("*.py"))
    known = frozenset(module_name(p, root) for p in files)
    out: list[Import] = []
    for path in files:
        out.extend(
            imports_of(
                path.read_text(encoding="utf-8"),
                module_name(path, root),
                is_package=path.name == "__init__.py",
                known=known,
            )
        )
    return out


def layer_of(module: str) -> int:
    best, found = -1, -1
    for rank, (_, prefixes) in enumerate(LAYERS):
        for prefix in prefixes:
            if (module == prefix or module.startswith(prefix + ".")) and len(prefix) > best:
                best, found = len(prefix), rank
    return found


def excused(imp: Import) -> bool:
    """An upward import the contract names: a display/export hook, or a deprecated verb."""
    method = imp.scope.rsplit(".", 1)[-1]
    if method in HOOKS and layer_of(imp.target) == layer_of("peaceplan.render"):
        return True
    if imp.type_only and not imp.scope and (imp.importer, imp.target) in DEPRECATED_TYPES:
        return True
    return (imp.importer, imp.scope) in DEPRECATED


def upward(imports: list[Import]) -> list[str]:
    return [str(i) for i in imports if layer_of(i.target) > layer_of(i.importer) and not excused(i)]


def cycles(imports: list[Import]) -> list[list[str]]:
    """The strongly connected components of more than one module, over imports that run."""
    graph: dict[str, set[str]] = {}
    for i in imports:
        if not i.type_only and not excused(i):
            graph.setdefault(i.importer, set()).add(i.target)
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    on_stack: set[str] = set()
    found: list[list[str]] = []

    def connect(v: str) -> None:  # Tarjan; the graph is a few dozen modules deep at most
        index[v] = low[v] = len(index)
        stack.append(v)
        on_stack.add(v)
        for w in sorted(graph.get(v, ())):
            if w not in index:
                connect(w)
                low[v] = min(low[v], low[w])
            elif w in on_stack:
                low[v] = min(low[v], index[w])
        if low[v] == index[v]:
            component = []
            while True:
                w = stack.pop()
                on_stack.discard(w)
                component.append(w)
                if w == v:
                    break
            if len(component) > 1:
                found.append(sorted(component))

    for v in sorted(graph):
        if v not in index:
            connect(v)
    return found


# --- the contract ------------------------------------------------------------------------

IMPORTS = package_imports()


def test_every_module_belongs_to_a_layer() -> None:
    modules = {i.importer for i in IMPORTS} | {i.target for i in IMPORTS}
    assert [m for m in sorted(modules) if layer_of(m) < 0] == []


def test_no_module_imports_a_higher_layer() -> None:
    assert upward(IMPORTS) == []


def test_the_imports_that_run_form_no_cycle() -> None:
    assert cycles(IMPORTS) == []


def test_every_named_exception_is_still_used() -> None:
    # A whitelist entry nothing needs any more is removed, so the list stays short and true.
    used = {(i.importer, i.scope) for i in IMPORTS if excused(i) and layer_of(i.target) > layer_of(i.importer)}
    assert sorted(DEPRECATED - used) == []
    typed = {(i.importer, i.target) for i in IMPORTS if i.type_only and not i.scope}
    assert sorted(DEPRECATED_TYPES - typed) == []


def test_base_modules_import_only_base_modules() -> None:
    base = [i for i in IMPORTS if layer_of(i.importer) == 0 and layer_of(i.target) != 0]
    assert [str(i) for i in base] == []


# --- the checker catches what it must ----------------------------------------------------------


def _check(modules: dict[str, str]) -> tuple[list[str], list[list[str]]]:
    known = frozenset(modules)
    found: list[Import] = []
    for name, source in modules.items():
        found.extend(imports_of(textwrap.dedent(source), name, is_package=False, known=known))
    return upward(found), cycles(found)


def test_an_upward_import_inside_a_function_is_caught() -> None:
    bad, _ = _check(
        {
            "peaceplan.model.records": "def f():\n    from ..compare.diff import diff\n",
            "peaceplan.compare.diff": "def diff(): ...\n",
        }
    )
    assert bad == ["peaceplan.model.records:2 in f() imports peaceplan.compare.diff"]


def test_an_upward_import_for_type_checking_only_is_caught() -> None:
    bad, _ = _check(
        {
            "peaceplan.compare.diff": (
                "from typing import TYPE_CHECKING\nif TYPE_CHECKING:\n    from ..corpus import Corpus\n"
            ),
            "peaceplan.corpus": "",
        }
    )
    assert bad == ["peaceplan.compare.diff:3 imports peaceplan.corpus"]


def test_a_display_hook_may_import_its_renderer_but_nothing_else_upward() -> None:
    bad, _ = _check(
        {
            "peaceplan.model.records": """
                class Version:
                    def _repr_html_(self):
                        from ..render.notebook import version_html
                    def to_frame(self):
                        from ..history.blame import blame
            """,
            "peaceplan.render.notebook": "",
            "peaceplan.history.blame": "",
        }
    )
    assert bad == ["peaceplan.model.records:6 in Version.to_frame() imports peaceplan.history.blame"]


def test_a_cycle_inside_one_layer_is_caught() -> None:
    _, found = _check(
        {
            "peaceplan.files.io": "from . import schemata\n",
            "peaceplan.files.schemata": "def f():\n    from .io import load\n",
        }
    )
    assert found == [["peaceplan.files.io", "peaceplan.files.schemata"]]


@pytest.mark.parametrize(
    ("module", "layer"),
    [
        ("peaceplan.errors", "base"),
        ("peaceplan.model.records", "model"),
        ("peaceplan.text.reader", "files, text and authoring"),
        ("peaceplan.compare.diff", "compare"),
        ("peaceplan.history.blame", "history"),
        ("peaceplan.render.text", "render"),
        ("peaceplan.corpus", "facade"),
        ("peaceplan", "facade"),
        ("peaceplan.cli.versions", "cli"),
    ],
)
def test_a_module_takes_the_layer_of_its_longest_prefix(module: str, layer: str) -> None:
    assert LAYERS[layer_of(module)][0] == layer


def test_the_architecture_page_names_every_public_module_where_it_lives() -> None:
    page = (PACKAGE.parent / "docs" / "architecture.md").read_text(encoding="utf-8")
    modules = {
        module_name(path, PACKAGE)
        for path in PACKAGE.rglob("*.py")
        if path.name != "__init__.py" and not path.name.startswith("_")
    }
    unnamed = sorted(
        m for m in modules if f"`{m}`" not in page and not m.startswith(("peaceplan.render.", "peaceplan.cli."))
    )
    assert unnamed == [], f"docs/architecture.md does not say where these live: {unnamed}"
    assert "`peaceplan.render.*`" in page
    assert "`peaceplan.cli.*`" in page
