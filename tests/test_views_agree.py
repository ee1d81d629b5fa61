"""Views agree: for every step parent → child, diff, thread, blame and synopsis tell one story.

Checked on the built-in corpus and on generated lineages (chains of revisions
from ``tests/generator.py`` with splits, merges, moves, additions and removals,
a branch, and a curated ``derived_from`` that takes up again a point a draft
dropped, across generations).

What is compared, per top-level point of the child (sub-points are the diff's own entries and
are left out), with the diff between the parent and the child (``corpus.diff``, lineage used)
as the reference:

- **diff**: the kind of the change, and of its one step along the lineage (the tracer's).
- **thread** of the point: the kind of its change from that parent (links of the parent edge,
  not curated links to other versions) is the diff's kind, in the same vocabulary.
- **blame** of the child: blame lists the steps where a point's *wording* changed. When it lists
  one at this edge (drawn from the parent, or an origin: an added point), its verdict is the
  diff's kind; when it lists none, the diff found the wording carried over (same normalised
  text), whatever else (title, positions) changed.
- **synopsis** of ``[parent, child]``: on the rows where the parent's column holds only points the
  step drew on (for an added point, the row it starts), a cell holding exactly one point has the
  status the diff's kind names (``unchanged``/``renumbered``/``moved`` → kept, ``added`` → new; the rest by name).
  A cell holding several points reports on them together and is not compared point by point.
  A cell weighs a point with its sub-points: where the diff keeps the point's own text and
  changes a sub-point (its own entry), the cell says reworded or modified.

A point that also draws, through a curated ``derived_from``, on a provision of a version that
is not a parent (the 20-point plan's point 5 is Geneva's point 5 and takes up again the 28-point
plan's point 5, which Geneva had dropped) is compared like any other: the step from the parent
is what every view names; the extra lineage is blame's ``came_from`` and the synopsis's rows.
"""

from __future__ import annotations

from collections.abc import Iterator

import attrs
import pytest
from generator import Gold, make_document, revise
from hypothesis import example, given, settings
from hypothesis import strategies as st

import peaceplan
from peaceplan import Corpus, Document, ProvisionRef, Version
from peaceplan.compare.align import MatchKind
from peaceplan.compare.similarity import exact_key

CORPUS = peaceplan.load_corpus()

AS_CELL = {
    MatchKind.UNCHANGED: "kept",
    MatchKind.RENUMBERED: "kept",
    MatchKind.MOVED: "kept",
    MatchKind.REWORDED: "reworded",
    MatchKind.MODIFIED: "modified",
    MatchKind.SPLIT: "split",
    MatchKind.MERGED: "merged",
    MatchKind.ADDED: "new",
    MatchKind.REMOVED: "dropped",
}


def _edges(corpus: Corpus) -> Iterator[tuple[str, str]]:
    known = {v.id for v in corpus.versions}
    for child in corpus.ordered():
        for parent in child.parents:
            if parent in known:
                yield parent, child.id


EDGES = list(_edges(CORPUS))


def _sub_point_changed(diff: peaceplan.Diff, change: peaceplan.Change) -> bool:
    """Whether the diff changed a sub-point of ``change``'s points (on either side)."""
    old = tuple(f"{label}." for label in change.old_labels)
    new = tuple(f"{label}." for label in change.new_labels)
    return any(
        e.kind is not MatchKind.UNCHANGED
        and (any(x.startswith(old) for x in e.old_labels) or any(x.startswith(new) for x in e.new_labels))
        for e in diff.entries
    )


def _views(corpus: Corpus, parent: str, child: str) -> dict[str, dict[str, str]]:
    """For each top-level point of ``child``: the kind each view gives the step from ``parent``."""
    version = corpus.version(child)
    diff = corpus.diff(parent, child)
    by_diff = {label: e for e in diff.entries for label in e.new_labels if "." not in label}
    out: dict[str, dict[str, str]] = {}
    blamed = {line.label: line for line in corpus.blame(child).lines}
    synopsis = corpus.synopsis([parent, child])
    for p in version.provisions:
        change = by_diff[p.label]
        views = {"diff": AS_CELL[change.kind]}
        traced = {AS_CELL[s.kind] for s in change.steps if s.parent == parent and s.version == child}
        if change.kind is not MatchKind.UNCHANGED:
            views["diff step"] = ",".join(sorted(traced)) or "none"
        entry = corpus.thread(child, p.label)[child]
        kinds = {
            c.kind for c in entry.changes if c.parent == parent and not c.curated and p.label in c.change.new_labels
        }
        views["thread"] = ",".join(sorted(AS_CELL[k] for k in kinds)) or "none"
        steps = [
            s
            for s in blamed[p.label].steps
            if s.version == child and (not s.came_from or any(r.version == parent for r in s.came_from))
        ]
        if steps:
            views["blame"] = ",".join(sorted({AS_CELL[s.verdict] for s in steps}))
        else:  # no wording step here: the diff must have found the wording carried over
            carried = [exact_key(q.text) for q in change.old] == [exact_key(q.text) for q in change.new]
            views["blame"] = views["diff"] if carried else "wording carried (no blame step)"
        # the rows of the point's step from the parent (not rows it joins through a curated link past it,
        # nor rows whose points in the parent went elsewhere too: the cell reports on all of them)
        cells = [
            row.cells[1]
            for row in synopsis.rows
            if p.label in row.cells[1].labels
            and (
                bool(row.cells[0].labels) and set(row.cells[0].labels) <= set(change.old_labels)
                if change.old_labels
                else row.origin == ProvisionRef(child, p.label)
            )
        ]
        single = {str(cell.status) for cell in cells if len(cell.labels) == 1}
        if single:
            status = ",".join(sorted(single))
            if views["diff"] == "kept" and _sub_point_changed(diff, change) and status in ("reworded", "modified"):
                status = "kept"  # the cell weighs the whole point; the diff's own entries show its sub-points
            views["synopsis"] = status
        out[p.label] = views
    return out


def _disagreements(corpus: Corpus, parent: str, child: str) -> dict[str, dict[str, str]]:
    return {label: views for label, views in _views(corpus, parent, child).items() if len(set(views.values())) > 1}


@pytest.mark.parametrize(("parent", "child"), EDGES, ids=[f"{p}->{c}" for p, c in EDGES])
def test_diff_thread_blame_and_synopsis_give_each_step_the_same_kind(parent: str, child: str) -> None:
    disagree = _disagreements(CORPUS, parent, child)
    assert not disagree, f"{parent} -> {child}: {disagree}"


def test_the_built_in_corpus_has_steps_of_every_common_kind_to_compare() -> None:
    seen = {views["diff"] for p, c in EDGES for views in _views(CORPUS, p, c).values()}
    assert {"kept", "reworded", "modified", "new"} <= seen, seen


def test_a_point_drawn_also_from_a_grandparent_is_given_the_same_kind_by_every_view() -> None:
    blamed = CORPUS.blame("20-point")
    for label, dropped in (("5", "5"), ("9", "12")):
        step = blamed[label].steps[0]
        # the lineage keeps both: Geneva's point and the 28-point plan's point Geneva dropped
        assert step.version == "20-point"
        assert ProvisionRef("28-point", dropped) in step.came_from
        assert any(r.version == "geneva-19" for r in step.came_from)
    views = _views(CORPUS, "geneva-19", "20-point")
    assert views["5"] == {
        "diff": "modified",
        "diff step": "modified",
        "thread": "modified",
        "blame": "modified",
        "synopsis": "modified",
    }, views["5"]
    assert len(set(views["9"].values())) == 1, views["9"]


def test_the_traced_diff_between_distant_drafts_takes_its_steps_from_the_views_tracer() -> None:
    """corpus.diff(28-point, 20-point): each step of a change is the change of that edge thread shows."""
    result = CORPUS.diff("28-point", "20-point")
    thread_kinds = {}
    for change in result.changes:
        for step in change.steps:
            for label in change.new_labels[:1]:
                if step.version == "20-point" and "." not in label:
                    entry = CORPUS.thread("20-point", label)["20-point"]
                    thread_kinds[label] = {c.kind for c in entry.changes if c.parent == step.parent and not c.curated}
                    assert step.kind in thread_kinds[label], (label, step, thread_kinds[label])
    assert thread_kinds


# --- generated lineages ----------------------------------------------------------------------


def _child(parent: Version, new: Version, version_id: str) -> Version:
    return attrs.evolve(new, id=version_id, document="doc", parents=(parent.id,))


def _taken_up_again(grand: Version, parent: Version, child: Version, gold_gp: Gold, gold_pc: Gold) -> Version:
    """``child`` with a point that also derives from a point of ``grand`` that ``parent`` dropped.

    Its primary ``derived_from`` names its own point of ``parent`` (so the aligner keeps
    that pairing); the second names the dropped point, across a generation.
    """
    dropped = sorted(o for o, n in gold_gp.pairs if o is not None and n is None and "." not in o)
    kept = {n: o for o, n in gold_pc.pairs if o is not None and n is not None and "." not in n and "." not in o}
    one_to_one = [n for n in kept if sum(1 for _, m in gold_pc.pairs if m == n) == 1]
    if not dropped or not one_to_one:
        return child
    target = sorted(one_to_one, key=int)[0]
    refs = (ProvisionRef(parent.id, kept[target]), ProvisionRef(grand.id, dropped[0]))
    provisions = [attrs.evolve(p, derived_from=refs) if p.label == target else p for p in child.provisions]
    return attrs.evolve(child, provisions=provisions)


def _generated(size: int, seed: int) -> Corpus:
    """A chain v0 → v1 → v2 → v3, a branch v1 → w2, and a point of v3 taken up again from v1."""
    v0 = attrs.evolve(make_document(size, seed, version_id="v0"), document="doc")
    versions = [v0]
    golds: list[Gold] = []
    for k in (1, 2, 3):
        nxt, gold = revise(versions[-1], 0.35, seed + k, version_id=f"v{k}")
        versions.append(_child(versions[-1], nxt, f"v{k}"))
        golds.append(gold)
    versions[3] = _taken_up_again(versions[1], versions[2], versions[3], golds[1], golds[2])
    branch, _ = revise(versions[1], 0.35, seed + 10, version_id="w2")
    versions.append(_child(versions[1], branch, "w2"))
    return Corpus(
        name="generated",
        title="Generated lineage",
        documents=[Document(id="doc", title="Doc", kind="peace-plan")],
        versions=versions,
    )


@pytest.mark.parametrize("seed", [3, 17, 29, 41, 58, 76])
def test_views_agree_on_every_step_of_a_generated_lineage(seed: int) -> None:
    corpus = _generated(14, seed)
    seen: set[str] = set()
    for parent, child in _edges(corpus):
        views = _views(corpus, parent, child)
        seen.update(v["diff"] for v in views.values())
        disagree = {label: v for label, v in views.items() if len(set(v.values())) > 1}
        assert not disagree, f"seed {seed}, {parent} -> {child}: {disagree}"
    assert "kept" in seen, seen


def test_generated_lineages_hold_steps_of_every_kind_the_views_compare() -> None:
    seen = set()
    curated_across = False
    for seed in [3, 17, 29, 41, 58, 76]:
        corpus = _generated(14, seed)
        curated_across |= any(r.version == "v1" for _, p in corpus.version("v3").walk() for r in p.derived_from)
        for parent, child in _edges(corpus):
            seen.update(v["diff"] for v in _views(corpus, parent, child).values())
    assert curated_across
    assert {"kept", "reworded", "modified", "split", "merged", "new"} <= seen, seen


@settings(max_examples=20, deadline=None)
@given(size=st.integers(6, 20), seed=st.integers(0, 10_000))
@example(size=6, seed=187)  # a point taken up again from a draft whose merge came before the column
def test_views_agree_on_every_step_of_any_generated_lineage(size: int, seed: int) -> None:
    corpus = _generated(size, seed)
    for parent, child in _edges(corpus):
        disagree = _disagreements(corpus, parent, child)
        assert not disagree, f"size {size}, seed {seed}, {parent} -> {child}: {disagree}"
