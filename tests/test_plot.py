"""Figures: the evolution flow chart and the topic heatmap, drawn from the analyses of peaceplan.history.evolution."""

from __future__ import annotations

import ast
import sys
from pathlib import Path

import pytest

matplotlib = pytest.importorskip("matplotlib")
matplotlib.use("Agg")

import numpy as np  # noqa: E402
from matplotlib.colors import to_rgb  # noqa: E402
from matplotlib.figure import Figure  # noqa: E402
from matplotlib.image import AxesImage  # noqa: E402
from matplotlib.patches import PathPatch, Rectangle  # noqa: E402

import peaceplan  # noqa: E402
from peaceplan.corpus import Corpus  # noqa: E402
from peaceplan.errors import MissingExtraError, UnknownVersionError, ValidationError  # noqa: E402
from peaceplan.history.evolution import Evolution, PointFate, evolution_of  # noqa: E402
from peaceplan.model.records import Version  # noqa: E402
from peaceplan.render import plot as plot_module  # noqa: E402
from peaceplan.render.plot import (  # noqa: E402
    actor_colour,
    plot_evolution,
    plot_topic_heatmap,
    save_figure,
)

PNG_MAGIC = b"\x89PNG\r\n\x1a\n"
CHAIN = ("28-point", "geneva-19", "20-point")


@pytest.fixture(scope="module")
def corpus() -> Corpus:
    return peaceplan.load_corpus()


@pytest.fixture(scope="module")
def chain(corpus: Corpus) -> list[Version]:
    return [corpus.version(v) for v in CHAIN]


@pytest.fixture(scope="module")
def flow(corpus: Corpus) -> Evolution:
    return corpus.evolution(CHAIN)


# --- the evolution chart --------------------------------------------------------------------


def _ribbons(fig: Figure) -> list[PathPatch]:
    return [p for p in fig.axes[0].patches if isinstance(p, PathPatch)]


def test_evolution_chart_draws_a_box_per_point_and_a_ribbon_per_band(flow: Evolution) -> None:
    fig = plot_evolution(flow)
    assert isinstance(fig, Figure)
    ax = fig.axes[0]
    boxes = [p for p in ax.patches if isinstance(p, Rectangle)]
    assert len(boxes) == sum(len(v.provisions) for v in flow.versions)
    assert len(_ribbons(fig)) == len(flow.bands)
    texts = [t.get_text() for t in ax.texts]
    for v in flow.versions:
        assert v.id in texts


def test_evolution_chart_of_a_corpus_draws_its_main_line_by_default(corpus: Corpus) -> None:
    fig = plot_evolution(corpus)
    texts = [t.get_text() for t in fig.axes[0].texts]
    assert all(vid in texts for vid in corpus.main_line())
    assert len(_ribbons(fig)) == len(corpus.evolution().bands)


def test_evolution_chart_of_a_corpus_draws_the_chain_given(corpus: Corpus, flow: Evolution) -> None:
    fig = plot_evolution(corpus, list(CHAIN))
    assert len(_ribbons(fig)) == len(flow.bands)
    assert fig.axes[0].get_title(loc="left").startswith("28-point → geneva-19 → 20-point:")


def test_evolution_chart_colours_a_change_by_its_proposer(flow: Evolution) -> None:
    fig = plot_evolution(flow)
    for band, ribbon in zip(flow.bands, _ribbons(fig), strict=True):
        if band.fate in ("modified", "split", "merged") and band.proposer is not None:
            assert ribbon.get_facecolor()[:3] == pytest.approx(actor_colour(band.proposer))


def test_evolution_chart_legend_names_proposers_from_the_evolutions_actors(corpus: Corpus, flow: Evolution) -> None:
    fig = plot_evolution(flow)
    legend = [t.get_text() for t in fig.legends[0].get_texts()]
    assert any(text.startswith(corpus.actor("e3").name[:20]) for text in legend)
    assert any(text.startswith("dropped") for text in legend)


def test_evolution_chart_legend_names_each_proposer_whole(corpus: Corpus) -> None:
    fig = plot_evolution(corpus)
    legend = [t.get_text() for t in fig.legends[0].get_texts()]
    assert f"{corpus.actor('e3').name} (3)" in legend
    assert not [text for text in legend if "…" in text]


MAIN_LINE = ["28-point", "geneva-19", "20-point", "20-point-2026-01"]


@pytest.mark.parametrize("versions", [MAIN_LINE, ["28-point", "20-point"]])
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
    assert len(_ribbons(fig)) == len(evolution_of([old, new]).bands)


def test_evolution_chart_picks_the_versions_named_among_those_given(chain: list[Version]) -> None:
    fig = plot_evolution(chain, ["20-point", chain[0]])
    assert fig.axes[0].get_title(loc="left").startswith("20-point → 28-point:")
    with pytest.raises(ValidationError, match=r"versions \['nope'\] are not among the versions given"):
        plot_evolution(chain, ["28-point", "nope"])


def test_evolution_chart_needs_two_known_versions(corpus: Corpus) -> None:
    with pytest.raises(ValidationError, match="at least two versions"):
        plot_evolution(corpus, ["28-point"])
    with pytest.raises(UnknownVersionError, match="no version 'nope'"):
        plot_evolution(corpus, ["28-point", "nope"])


def test_evolution_chart_of_an_evolution_refuses_a_second_chain(flow: Evolution) -> None:
    with pytest.raises(ValidationError, match=r"an Evolution already has one \(28-point → geneva-19 → 20-point\)"):
        plot_evolution(flow, ["28-point", "20-point"])


def test_grey_means_kept(flow: Evolution) -> None:
    fig = plot_evolution(flow)
    kept = [r for b, r in zip(flow.bands, _ribbons(fig), strict=True) if b.fate is PointFate.KEPT]
    assert kept
    assert all(r.get_facecolor()[:3] == pytest.approx(to_rgb("#b8bfc6")) for r in kept)


# --- the heatmap --------------------------------------------------------------------------------


def _shown(fig: Figure) -> list[list[float]]:
    image = next(a for a in fig.axes[0].get_children() if isinstance(a, AxesImage))
    return np.ma.filled(image.get_array(), 0).tolist()  # type: ignore[no-any-return]


def test_heatmap_shows_the_counts(corpus: Corpus) -> None:
    counts = corpus.topic_counts(CHAIN)
    fig = plot_topic_heatmap(counts)
    ax = fig.axes[0]
    assert _shown(fig) == [[float(x or 0) for x in row] for row in counts.rows]
    assert len(ax.get_yticklabels()) == len(counts.topics)
    assert [t.get_text() for t in ax.get_xticklabels()] == list(CHAIN)
    assert ax.get_yticklabels()[counts.topics.index("army-size")].get_text() == "Army size"


def test_heatmap_of_a_corpus_or_versions_counts_them(corpus: Corpus, chain: list[Version]) -> None:
    expected = [[float(x or 0) for x in row] for row in corpus.topic_counts(CHAIN, value="changes").rows]
    assert _shown(plot_topic_heatmap(corpus, list(CHAIN), value="changes")) == expected
    assert _shown(plot_topic_heatmap(chain, value="changes")) == expected
    every = corpus.topic_counts()
    assert [t.get_text() for t in plot_topic_heatmap(corpus).axes[0].get_xticklabels()] == list(every.versions)


def test_heatmap_rejects_an_unknown_measure(corpus: Corpus) -> None:
    with pytest.raises(ValidationError, match="'provisions' or 'changes'"):
        plot_topic_heatmap(corpus, ["28-point"], value="words")  # type: ignore[arg-type]


def test_heatmap_of_counts_refuses_another_measure_or_other_versions(corpus: Corpus) -> None:
    counts = corpus.topic_counts(CHAIN)
    with pytest.raises(ValidationError, match="TopicCounts of provisions already has its versions and measure"):
        plot_topic_heatmap(counts, value="changes")
    with pytest.raises(ValidationError, match="TopicCounts of provisions already has its versions and measure"):
        plot_topic_heatmap(counts, ["28-point"])
    assert plot_topic_heatmap(counts, value="provisions").axes[0].get_ylabel() == "topic"


# --- deprecated names, kept for one release -------------------------------------------------------


def test_heatmap_corpus_keyword_still_works_with_a_deprecation_warning(corpus: Corpus) -> None:
    with pytest.warns(DeprecationWarning, match=r"plot_topic_heatmap\(corpus=...\) is deprecated"):
        fig = plot_topic_heatmap(corpus=corpus, versions=list(CHAIN))
    assert _shown(fig) == [[float(x or 0) for x in row] for row in corpus.topic_counts(CHAIN).rows]


def test_evolution_bands_still_works_with_a_deprecation_warning(chain: list[Version], flow: Evolution) -> None:
    with pytest.warns(DeprecationWarning, match="use peaceplan.evolution_of"):
        assert plot_module.evolution_bands(chain) == flow.bands


def test_topic_counts_still_works_with_a_deprecation_warning(corpus: Corpus) -> None:
    counts = corpus.topic_counts(CHAIN, value="changes")
    with pytest.warns(DeprecationWarning, match="use corpus.topic_counts"):
        old = plot_module.topic_counts(corpus, list(CHAIN), value="changes")
    assert old == (counts.topics, counts.versions, counts.rows)


def test_default_chain_is_deprecated_for_the_corpus_main_line() -> None:
    with pytest.warns(DeprecationWarning, match=r"now draws corpus.main_line\(\)"):
        assert plot_module.DEFAULT_CHAIN == CHAIN


# --- saving and showing ------------------------------------------------------------------------


@pytest.mark.parametrize("suffix", [".png", ".svg", ".pdf"])
def test_save_figure_writes_the_format_of_the_suffix(corpus: Corpus, tmp_path: Path, suffix: str) -> None:
    out = save_figure(plot_topic_heatmap(corpus.topic_counts(["28-point", "20-point"])), tmp_path / f"heat{suffix}")
    data = out.read_bytes()
    expected = {".png": PNG_MAGIC, ".svg": b"<?xml", ".pdf": b"%PDF"}[suffix]
    assert data.startswith(expected)


def test_figures_show_themselves_in_jupyter_without_pyplot(flow: Evolution) -> None:
    fig = plot_evolution(flow)
    assert fig.canvas.manager is None  # not registered with pyplot: no global state, no double display
    png = fig._repr_png_()  # type: ignore[attr-defined]
    assert png.startswith(PNG_MAGIC)


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


def test_the_plots_import_no_engine_only_the_analyses_they_draw() -> None:
    tree = ast.parse(Path(plot_module.__file__).read_text(encoding="utf-8"))
    imported = {
        "." * node.level + (node.module or "")
        for node in ast.walk(tree)
        if isinstance(node, ast.ImportFrom) and node.level
    }
    assert imported == {"..errors", "..history.evolution", "..model.records", ".common", ".figure"}
