"""The version graph (peaceplan.model.graph): one index of the DAG, built once per corpus, and its walks."""

from __future__ import annotations

import ast
import itertools
import random
from importlib.util import resolve_name
from pathlib import Path
from typing import Any

import pytest
from hypothesis import given
from hypothesis import strategies as st

import peaceplan
from peaceplan import Corpus, Document, Provision, ProvisionRef, Version
from peaceplan.history.log import Graph as HistoryGraph
from peaceplan.model.graph import Graph, derivation_cycles, parent_cycles

CORPUS = peaceplan.load_corpus()


def _version(**fields: Any) -> Version:
    return Version(title=fields["id"].upper(), status="draft", **fields)


PACKAGE = Path(peaceplan.__file__).parent


def test_the_graph_is_built_once_per_corpus_and_every_view_reads_that_one() -> None:
    corpus = peaceplan.load_corpus()
    graph = corpus.graph
    assert corpus.graph is graph
    assert Graph.of(corpus) is graph
    assert HistoryGraph is Graph  # the old import path still works
    from peaceplan.history.descent import Descent

    assert Descent(corpus).graph is graph
    assert [v.id for v in corpus.ordered()] == list(graph.order)


def test_a_new_corpus_gets_a_graph_of_its_own() -> None:
    extra = _version(id="v-extra", document="peace-plan", parents=("20-point",), provisions=(Provision(label="1"),))
    bigger = CORPUS.with_version(extra)
    assert bigger.graph is not CORPUS.graph
    assert bigger.graph.children["20-point"] == ("20-point-2026-01", "v-extra")
    assert CORPUS.graph.children["20-point"] == ("20-point-2026-01",)


def test_chains_paths_and_common_ancestors_of_the_built_in_corpus() -> None:
    g = CORPUS.graph
    assert g.chain("28-point", "20-point") == ("28-point", "geneva-19", "20-point")
    assert g.chain("20-point", "28-point") is None
    assert g.path("20-point", "28-point") == ("20-point", "geneva-19", "28-point")
    assert g.path("e3-counter", "20-point") == ("e3-counter", "28-point", "geneva-19", "20-point")
    assert g.common_ancestor("e3-counter", "20-point") == "28-point"
    assert g.heads("peace-plan") == ("e3-counter", "20-point-2026-01")
    assert g.branch_points("peace-plan") == ("28-point",)
    assert g.ancestors("prosperity-plan", derivations=True) == ("28-point", "geneva-19", "20-point")


def test_dependencies_come_first_and_a_derivation_cycle_is_cut() -> None:
    a = _version(
        id="a",
        document="doc",
        provisions=(Provision(label="1", text="A", derived_from=(ProvisionRef("b", "1"),)),),
    )
    b = _version(
        id="b",
        document="doc2",
        provisions=(Provision(label="1", text="B", derived_from=(ProvisionRef("a", "1"),)),),
    )
    c = _version(id="c", document="doc", parents=("a",), provisions=(Provision(label="1", text="C"),))
    corpus = Corpus(
        name="loop",
        title="Loop",
        documents=[Document(id="doc", title="Doc", kind="plan"), Document(id="doc2", title="Doc 2", kind="plan")],
        versions=[a, b, c],
    )
    order = corpus.graph.dependencies_first("c")
    assert order[-1] == "c"
    assert sorted(order) == ["a", "b", "c"]
    assert order.index("a") < order.index("c")
    assert corpus.graph.dependencies_first("c", done={"a"}) == ["c"]


def test_parent_cycles_and_derivation_cycles_are_found_before_a_corpus_is_built() -> None:
    x = _version(id="x", document="doc", parents=("y",))
    y = _version(id="y", document="doc", parents=("x",))
    assert parent_cycles({"x": x, "y": y}) == [["x", "y"]]
    p = _version(id="p", document="doc")
    q = _version(
        id="q",
        document="doc",
        provisions=(Provision(label="1", text="Q"),),
        parents=("p",),
    )
    p_back = _version(
        id="p",
        document="doc",
        provisions=(Provision(label="1", text="P", derived_from=(ProvisionRef("q", "1"),)),),
    )
    assert derivation_cycles({"p": p, "q": q}) == []
    ((vid, problem),) = derivation_cycles({"p": p_back, "q": q})
    assert vid == "p"
    assert problem.pointer == "/provisions/0/derived_from/0"
    assert "closes a cycle in the lineage: q (child of p) -> p (derived from q)" in problem.message


@st.composite
def dags(draw: st.DrawFn) -> list[Version]:
    """Versions whose parents are earlier versions, shuffled, with dates that may disagree with the order."""
    n = draw(st.integers(1, 12))
    versions = []
    for i in range(n):
        parents = draw(st.sets(st.integers(0, i - 1), max_size=3)) if i else set()
        day = draw(st.integers(1, 28))
        versions.append(
            _version(id=f"v{i}", document="doc", date=f"2025-01-{day:02d}", parents=[f"v{p}" for p in sorted(parents)])
        )
    random.Random(draw(st.integers(0, 1000))).shuffle(versions)
    return versions


@given(dags())
def test_every_version_comes_after_its_parents_and_chains_follow_parent_links(versions: list[Version]) -> None:
    corpus = Corpus(
        name="dag", title="DAG", documents=[Document(id="doc", title="Doc", kind="plan")], versions=versions
    )
    g = corpus.graph
    rank = g.rank()
    assert sorted(g.order) == sorted(v.id for v in versions)
    for v in versions:
        assert all(rank[p] < rank[v.id] for p in v.parents)
        for child in g.children[v.id]:
            assert v.id in g.parents[child]
        for ancestor in g.ancestors(v.id):
            chain = g.chain(ancestor, v.id)
            assert chain is not None
            assert (chain[0], chain[-1]) == (ancestor, v.id)
            assert all(a in g.parents[b] for a, b in itertools.pairwise(chain))
            common = g.common_ancestor(ancestor, v.id)
            assert common is not None
            assert common in {ancestor, *g.ancestors(ancestor)}
        assert v.id not in g.ancestors(v.id)
        assert set(g.descendants(v.id)) == {w.id for w in versions if v.id in g.ancestors(w.id)}


# --- imports run one way: the graph, the diff engine and the old lineage module ------------------


def _imports(module: str) -> set[str]:
    """The peaceplan modules ``module`` (``model.graph``) imports anywhere (inside functions too), type-checking
    imports aside, each as its path under the package (``errors``, ``model.records``)."""
    tree = ast.parse((PACKAGE / f"{module.replace('.', '/')}.py").read_text(encoding="utf-8"))
    package = f"peaceplan.{module}".rpartition(".")[0]
    checking: set[int] = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.If) and "TYPE_CHECKING" in ast.unparse(node.test):
            checking.update(id(n) for child in node.body for n in ast.walk(child))
    found = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.ImportFrom) and node.level and id(node) not in checking:
            found.add(resolve_name("." * node.level + (node.module or ""), package).removeprefix("peaceplan."))
    return found


@pytest.mark.parametrize(
    ("module", "allowed"),
    [
        ("model.graph", {"errors", "model.records"}),
        ("compare.lineage", set()),
    ],
)
def test_the_graph_and_the_old_lineage_module_import_nothing_above_the_model(module: str, allowed: set[str]) -> None:
    assert _imports(module) <= allowed, _imports(module)


def test_the_diff_engine_does_not_import_the_history_layer() -> None:
    assert {m for m in _imports("compare.diff") if m.startswith(("history", "corpus", "compare.lineage"))} == set()
