"""Specifications of peaceplan.model.credit: the one place that decides who gets credit for a change."""

from __future__ import annotations

import ast
import importlib
from importlib.util import resolve_name
from pathlib import Path

import pytest

import peaceplan
from peaceplan.model.credit import change_credit, provision_credit, removal_credit
from peaceplan.model.records import Attribution, Source

PACKAGE = Path(peaceplan.__file__).parent


@pytest.fixture(scope="module")
def corpus() -> peaceplan.Corpus:
    return peaceplan.load_corpus()


def _imported(module: str) -> set[str]:
    """The package modules ``module`` (``compare.diff``) imports, at the top or inside functions (``model.credit``)."""
    tree = ast.parse((PACKAGE / f"{module.replace('.', '/')}.py").read_text(encoding="utf-8"))
    package = f"peaceplan.{module}".rpartition(".")[0]
    return {
        resolve_name("." * n.level + (n.module or ""), package).removeprefix("peaceplan.")
        for n in ast.walk(tree)
        if isinstance(n, ast.ImportFrom) and n.level
    }


def test_the_old_names_are_the_credit_modules_functions() -> None:
    assert importlib.import_module("peaceplan.compare.diff").credit is provision_credit
    assert importlib.import_module("peaceplan.authoring").removal_credit is removal_credit


def test_the_diff_engine_asks_the_credit_module_not_authoring() -> None:
    assert "authoring" not in _imported("compare.diff")
    assert "model.credit" in _imported("compare.diff")
    assert "model.credit" in _imported("authoring")


def test_the_credit_module_reads_the_model_only() -> None:
    assert _imported("model.credit") == {"model.records"}


def test_a_point_with_its_own_credit_keeps_it_and_one_without_takes_the_versions(corpus: peaceplan.Corpus) -> None:
    plan = corpus.version("20-point")
    own = plan.provision("4")
    assert own.attributions
    assert provision_credit(plan, [own])[0] == tuple(dict.fromkeys(own.attributions))
    bare = next(p for _, p in plan.walk() if not p.attributions)
    assert provision_credit(plan, [bare])[0] == plan.attributions


def test_credit_comes_with_the_sources_it_cites_in_citation_order() -> None:
    sources = (
        Source(id="b", publisher="B", title="B", reliability="official"),
        Source(id="a", publisher="A", title="A", reliability="official"),
    )
    version = peaceplan.Version(
        id="v",
        document="d",
        title="t",
        status="draft",
        sources=sources,
        attributions=(
            Attribution(actor="us", confidence="reported", sources=("a",)),
            Attribution(actor="us", confidence="reported", sources=("a",)),
            Attribution(actor="eu", confidence="reported", sources=("b", "a")),
        ),
    )
    attributions, cited = provision_credit(version, [])
    assert [a.actor for a in attributions] == ["us", "eu"]  # each attribution once
    assert [s.id for s in cited] == ["a", "b"]


def test_a_removal_is_credited_to_the_accepted_amendment_that_removed_it_or_its_parent(
    corpus: peaceplan.Corpus,
) -> None:
    plan = corpus.version("20-point")
    draft = (
        peaceplan.revise(plan, "x", date="2026-01", proposed_by="us")
        .remove("5", proposed_by="russia")
        .remove("6", proposed_by="ukraine", status="rejected")
        .build()
    )
    assert [a.actor for a in removal_credit("20-point", draft, ["5"])[0]] == ["russia"]
    assert [a.actor for a in removal_credit("20-point", draft, ["5.b"])[0]] == ["russia"]
    assert removal_credit("20-point", draft, ["6"]) == ((), ())  # the removal was rejected
    assert removal_credit("28-point", draft, ["5"]) == ((), ())  # not a revision of 28-point


def test_a_removal_nobody_recorded_falls_back_to_the_new_versions_credit(corpus: peaceplan.Corpus) -> None:
    old, new = corpus.version("28-point"), corpus.version("20-point")
    removed = next(c for c in peaceplan.diff(old, new) if c.kind == "removed")
    assert change_credit(old, new, removed.old_labels, []) == provision_credit(new, [])
    assert (removed.attributions, removed.sources) == provision_credit(new, [])


def test_the_diff_credits_each_change_as_the_credit_module_does(corpus: peaceplan.Corpus) -> None:
    old = corpus.version("20-point")
    new = peaceplan.revise(old, "x", date="2026-01", proposed_by="us").remove("5", proposed_by="russia").build()
    for change in peaceplan.diff(old, new):
        if change.kind == "unchanged":
            assert change.attributions == ()
        else:
            expected = change_credit(old, new, change.old_labels, change.new)
            assert (change.attributions, change.sources) == expected
