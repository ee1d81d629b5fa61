"""Figures: the evolution flow chart and the topic heatmap, drawn from the diff engine's own answers."""

from __future__ import annotations

import itertools
import sys
from pathlib import Path

import pytest

matplotlib = pytest.importorskip("matplotlib")
matplotlib.use("Agg")

import numpy as np  # noqa: E402
from hypothesis import given, settings  # noqa: E402
from hypothesis import strategies as st  # noqa: E402
from matplotlib.colors import to_rgb  # noqa: E402
from matplotlib.figure import Figure  # noqa: E402
from matplotlib.image import AxesImage  # noqa: E402
from matplotlib.patches import PathPatch, Rectangle  # noqa: E402
from strategies import versions  # noqa: E402

import peaceplan  # noqa: E402
from peaceplan.corpus import Corpus  # noqa: E402
from peaceplan.diff import diff  # noqa: E402
from peaceplan.errors import MissingExtraError, UnknownVersionError, ValidationError  # noqa: E402
from peaceplan.model import Version  # noqa: E402
from peaceplan.render.plot import (  # noqa: E402
    DEFAULT_CHAIN,
    actor_colour,
    evolution_bands,
    plot_evolution,
    plot_topic_heatmap,
    save_figure,
    topic_counts,
)

PNG_MAGIC = b"\x89PNG\r\n\x1a\n"


@pytest.fixture(scope="module")
def corpus() -> Corpus:
    return peaceplan.load_corpus()


@pytest.fixture(scope="module")
def chain(corpus: Corpus) -> list[Version]:
    return [corpus.version(v) for v in DEFAULT_CHAIN]


# --- the bands ----------------------------------------------------------------------------


def test_bands_cover_every_point_of_every_column(chain: list[Version]) -> None:
    bands = evolution_bands(chain)
    for step, (old, new) in enumerate(itertools.pairwise(chain)):
        here = [b for b in bands if b.step == step]
        assert {b.old for b in here if b.old is not None} == set(old.labels)
        assert {b.new for b in here if b.new is not None} == set(new.labels)


def test_bands_follow_the_diff_of_each_pair(chain: list[Version]) -> None:
    bands = evolution_bands(chain)
    d = diff(chain[0], chain[1])
    dropped = {b.old for b in bands if b.step == 0 and b.fate == "dropped"}
    assert dropped == {c.old_labels[0] for c in d.filter(kind="removed") if "." not in c.old_labels[0]}
    army = next(b for b in bands if b.step == 0 and b.old == "6")
    change = next(c for c in d.entries if c.old_labels == ("6",))
    assert army.new == change.new_labels[0]
    assert army.proposer == change.proposers[0]


def test_kept_points_carry_no_proposer_and_dropped_ones_no_target(chain: list[Version]) -> None:
    for band in evolution_bands(chain):
        if band.fate == "kept":
            assert band.proposer is None
        if band.fate == "dropped":
            assert band.new is None
        if band.fate == "new":
            assert band.old is None


@settings(max_examples=40, deadline=None)
@given(st.data())
def test_bands_cover_every_top_level_point_of_any_two_versions(data: st.DataObject) -> None:
    old = data.draw(versions(version_id="old", document="d", depth=1, max_provisions=5))
    new = data.draw(versions(version_id="new", document="d", depth=1, max_provisions=5))
    bands = evolution_bands([old, new])
    assert {b.old for b in bands if b.old is not None} == set(old.labels)
    assert {b.new for b in bands if b.new is not None} == set(new.labels)


# --- the evolution chart --------------------------------------------------------------------


def test_evolution_chart_draws_a_box_per_point_and_a_ribbon_per_band(corpus: Corpus, chain: list[Version]) -> None:
    fig = plot_evolution(corpus)
    assert isinstance(fig, Figure)
    ax = fig.axes[0]
    boxes = [p for p in ax.patches if isinstance(p, Rectangle)]
    ribbons = [p for p in ax.patches if isinstance(p, PathPatch)]
    assert len(boxes) == sum(len(v.provisions) for v in chain)
    assert len(ribbons) == len(evolution_bands(chain))
    texts = [t.get_text() for t in ax.texts]
    for v in chain:
        assert v.id in texts


def test_evolution_chart_colours_a_change_by_its_proposer(corpus: Corpus, chain: list[Version]) -> None:
    fig = plot_evolution(corpus, list(DEFAULT_CHAIN))
    bands = evolution_bands(chain)
    ribbons = [p for p in fig.axes[0].patches if isinstance(p, PathPatch)]
    for band, ribbon in zip(bands, ribbons, strict=True):
        if band.fate in ("modified", "split", "merged") and band.proposer is not None:
            assert ribbon.get_facecolor()[:3] == pytest.approx(actor_colour(band.proposer))


def test_evolution_chart_legend_names_proposers(corpus: Corpus) -> None:
    fig = plot_evolution(corpus)
    legend = [t.get_text() for t in fig.legends[0].get_texts()]
    assert any(text.startswith(corpus.actor("e3").name[:20]) for text in legend)
    assert any(text.startswith("dropped") for text in legend)


def test_evolution_chart_legend_names_each_proposer_whole(corpus: Corpus) -> None:
    fig = plot_evolution(corpus)
    legend = [t.get_text() for t in fig.legends[0].get_texts()]
    assert f"{corpus.actor('e3').name} (3)" in legend
    assert not [text for text in legend if "…" in text]


@pytest.mark.parametrize("versions", [list(DEFAULT_CHAIN), ["28-point", "20-point"]])
def test_evolution_chart_text_is_readable_when_a_notebook_shows_it_900_px_wide(
    corpus: Corpus, versions: list[str]
) -> None:
    fig = plot_evolution(corpus, versions)
    dpi = 110  # as the notebook display renders it
    fig.canvas.draw()
    shown = fig.get_tightbbox().width * dpi  # the PNG is cut to what is drawn (bbox_inches="tight")
    scale = min(1.0, 900 / shown)
    texts = [*fig.axes[0].texts, *fig.legends[0].get_texts(), fig.legends[0].get_title()]
    smallest = min(t.get_fontsize() for t in texts if t.get_text())
    assert smallest * dpi / 72 * scale >= 10  # pixels on screen; was 5.7 (7 pt in a 1,687-px image)
    # and the legend lies inside the figure: nothing of it is cut
    box = fig.legends[0].get_window_extent()
    figure = fig.bbox
    assert box.x0 >= figure.x0
    assert box.y0 >= figure.y0
    assert box.x1 <= figure.x1
    assert box.y1 <= figure.y1


def test_evolution_chart_takes_versions_directly(corpus: Corpus) -> None:
    old, new = corpus.version("us-guarantee-2025-11"), corpus.version("us-guarantee-2025-12")
    fig = plot_evolution([old, new])
    boxes = [p for p in fig.axes[0].patches if isinstance(p, Rectangle)]
    assert len(boxes) == len(old.provisions) + len(new.provisions)


def test_evolution_chart_needs_two_known_versions(corpus: Corpus) -> None:
    with pytest.raises(ValidationError, match="at least two versions"):
        plot_evolution(corpus, ["28-point"])
    with pytest.raises(UnknownVersionError, match="no version 'nope'"):
        plot_evolution(corpus, ["28-point", "nope"])


# --- the heatmap --------------------------------------------------------------------------------


def test_topic_counts_count_every_tagged_provision(corpus: Corpus) -> None:
    topics, columns, rows = topic_counts(corpus)
    assert columns == tuple(v.id for v in corpus.ordered())
    for j, vid in enumerate(columns):
        tagged = sum(len(p.topics) for _, p in corpus.version(vid).walk())
        assert sum(row[j] or 0 for row in rows) == tagged
    totals = [sum(x or 0 for x in row) for row in rows]
    assert totals == sorted(totals, reverse=True)
    assert set(topics) == set(corpus.topics())


def test_topic_changes_count_changes_since_the_previous_column(corpus: Corpus) -> None:
    topics, _, rows = topic_counts(corpus, ["28-point", "20-point"], value="changes")
    assert all(row[0] is None for row in rows)
    d = diff(corpus.version("28-point"), corpus.version("20-point"))
    touching = [c for c in d if any("army-size" in q.topics for p in (*c.old, *c.new) for _, q in p.walk())]
    assert rows[topics.index("army-size")][1] == len(touching)


def test_heatmap_shows_the_counts(corpus: Corpus) -> None:
    chosen = ["28-point", "geneva-19", "20-point"]
    fig = plot_topic_heatmap(corpus, chosen)
    topics, _, rows = topic_counts(corpus, chosen)
    ax = fig.axes[0]
    image = next(a for a in ax.get_children() if isinstance(a, AxesImage))
    shown = np.ma.filled(image.get_array(), 0)
    assert shown.tolist() == [[float(x or 0) for x in row] for row in rows]
    assert len(ax.get_yticklabels()) == len(topics)
    assert [t.get_text() for t in ax.get_xticklabels()] == chosen
    assert ax.get_yticklabels()[topics.index("army-size")].get_text() == "Army size"


def test_heatmap_rejects_an_unknown_measure(corpus: Corpus) -> None:
    with pytest.raises(ValidationError, match="'provisions' or 'changes'"):
        plot_topic_heatmap(corpus, ["28-point"], value="words")  # type: ignore[arg-type]


# --- saving and showing ------------------------------------------------------------------------


@pytest.mark.parametrize("suffix", [".png", ".svg", ".pdf"])
def test_save_figure_writes_the_format_of_the_suffix(corpus: Corpus, tmp_path: Path, suffix: str) -> None:
    out = save_figure(plot_topic_heatmap(corpus, ["28-point", "20-point"]), tmp_path / f"heat{suffix}")
    data = out.read_bytes()
    expected = {".png": PNG_MAGIC, ".svg": b"<?xml", ".pdf": b"%PDF"}[suffix]
    assert data.startswith(expected)


def test_figures_show_themselves_in_jupyter_without_pyplot(corpus: Corpus) -> None:
    fig = plot_evolution(corpus)
    assert fig.canvas.manager is None  # not registered with pyplot: no global state, no double display
    png = fig._repr_png_()  # type: ignore[attr-defined]
    assert png.startswith(PNG_MAGIC)


def test_grey_means_kept(corpus: Corpus, chain: list[Version]) -> None:
    fig = plot_evolution(corpus)
    bands = evolution_bands(chain)
    ribbons = [p for p in fig.axes[0].patches if isinstance(p, PathPatch)]
    kept = [r for b, r in zip(bands, ribbons, strict=True) if b.fate == "kept"]
    assert kept
    assert all(r.get_facecolor()[:3] == pytest.approx(to_rgb("#b8bfc6")) for r in kept)


# --- without matplotlib ---------------------------------------------------------------------------


@pytest.mark.parametrize("which", ["plot_evolution", "plot_topic_heatmap"])
def test_without_matplotlib_plots_name_the_extra_to_install(
    corpus: Corpus, monkeypatch: pytest.MonkeyPatch, which: str
) -> None:
    monkeypatch.setitem(sys.modules, "matplotlib", None)
    monkeypatch.setitem(sys.modules, "matplotlib.figure", None)
    with pytest.raises(MissingExtraError) as info:
        plot_evolution(corpus) if which == "plot_evolution" else plot_topic_heatmap(corpus)
    assert str(info.value) == f"{which}() needs the optional dependency group 'plot': pip install 'peaceplan[plot]'"
    assert info.value.extra == "plot"
