"""Figures: a document's points flowing across drafts, and topics across versions.

:func:`plot_evolution` draws an :class:`~peaceplan.history.evolution.Evolution` (what
became of each point along a chain of versions) as columns of numbered
points, with a band from each point to what it became in the next draft:
grey when it was kept (unchanged, renumbered or moved), in the proposer's
colour when it was modified, hatched when it was split or merged; a point
dropped ends in a red ×, a new one starts from a +. :func:`plot_topic_heatmap`
draws :class:`~peaceplan.history.evolution.TopicCounts`: for each topic and version,
the provisions on that topic (or the changes touching it). The analyses are
computed by :mod:`peaceplan.history.evolution` (``corpus.evolution(chain)``,
``corpus.topic_counts(versions)``); given a corpus or versions instead, the
plots ask it for them. Both return a :class:`matplotlib.figure.Figure` built
without :mod:`matplotlib.pyplot` (no global figure state, any backend);
:func:`save_figure` writes one to a file.

matplotlib is an optional extra (``pip install 'peaceplan[plot]'``); without it
these functions raise :class:`~peaceplan.errors.MissingExtraError`.
"""

from __future__ import annotations

import colorsys
import os
import warnings
from collections import defaultdict
from collections.abc import Iterable, Mapping, Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Any

from ..errors import ValidationError
from ..history.evolution import Band, Evolution, PointFate, TopicCounts, TopicMeasure, evolution_of
from ..history.evolution import topic_counts as _counts
from ..model.records import Version
from .common import Actors, actor_hue, actor_names
from .figure import figure_class as _matplotlib

if TYPE_CHECKING:  # pragma: no cover
    from matplotlib.axes import Axes
    from matplotlib.figure import Figure

__all__ = [
    "actor_colour",
    "plot_evolution",
    "plot_topic_heatmap",
    "save_figure",
]


_GREY = "#b8bfc6"
_RED = "#cf222e"
_GREEN = "#1a7f37"


def actor_colour(actor: str) -> tuple[float, float, float]:
    """The RGB colour of an actor: the hue of its badges in notebooks and reports.

    >>> r, g, b = actor_colour("e3")
    >>> all(0 <= x <= 1 for x in (r, g, b))
    True
    """
    return colorsys.hls_to_rgb(actor_hue(actor) / 360, 0.5, 0.62)


# --- the analysis to draw ------------------------------------------------------------------

# Only what the deprecated name DEFAULT_CHAIN still returns; no plot reads it (the default is corpus.main_line()).
_DEPRECATED_CHAIN = ("28-point", "geneva-19", "20-point")


def __getattr__(name: str) -> Any:
    if name == "DEFAULT_CHAIN":
        warnings.warn(
            "peaceplan.render.plot.DEFAULT_CHAIN is deprecated and will be removed: plot_evolution(corpus) "
            "now draws corpus.main_line(); pass the chain to draw, e.g. plot_evolution(corpus, [...])",
            DeprecationWarning,
            stacklevel=2,
        )
        return _DEPRECATED_CHAIN
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")


def _pick(given: Iterable[Version], versions: Sequence[str | Version] | None) -> list[Version]:
    """The versions of ``given`` named in ``versions`` (ids or versions), in that order; all of them if None."""
    chain = list(given)
    if versions is None:
        return chain
    by_id = {v.id: v for v in chain}
    wanted = [v.id if isinstance(v, Version) else v for v in versions]
    missing = [v for v in wanted if v not in by_id]
    if missing:
        raise ValidationError(f"versions {missing} are not among the versions given ({', '.join(by_id)})")
    return [by_id[v] for v in wanted]


def _evolution(source: Evolution | Iterable[Version], versions: Sequence[str | Version] | None) -> Evolution:
    """The evolution to draw: ``source`` itself, or the one a corpus or a list of versions gives."""
    if isinstance(source, Evolution):
        if versions is not None:
            raise ValidationError(
                "plot_evolution: versions=... chooses a chain, but an Evolution already has one "
                f"({' → '.join(source.ids)}); expected no versions with an Evolution"
            )
        return source
    from_corpus = getattr(source, "evolution", None)  # a Corpus: ids, its main line by default
    if callable(from_corpus):
        found = from_corpus(versions)
        if not isinstance(found, Evolution):  # pragma: no cover - Corpus.evolution returns one
            raise ValidationError(f"plot_evolution: expected an Evolution from {source!r}, got {found!r}")
        return found
    return evolution_of(_pick(source, versions))


def evolution_bands(versions: Sequence[Version]) -> tuple[Band, ...]:
    """Deprecated: ``peaceplan.evolution_of(versions).bands`` (or ``corpus.evolution(ids).bands``)."""
    warnings.warn(
        "peaceplan.render.plot.evolution_bands is deprecated and will be removed: "
        "use peaceplan.evolution_of(versions).bands or corpus.evolution(ids).bands",
        DeprecationWarning,
        stacklevel=2,
    )
    return evolution_of(versions).bands if len(versions) > 1 else ()


def topic_counts(
    corpus: Iterable[Version],
    versions: Sequence[str] | None = None,
    *,
    value: TopicMeasure = "provisions",
) -> tuple[tuple[str, ...], tuple[str, ...], tuple[tuple[int | None, ...], ...]]:
    """Deprecated: ``corpus.topic_counts(versions, value=...)``, a :class:`~peaceplan.history.evolution.TopicCounts`."""
    warnings.warn(
        "peaceplan.render.plot.topic_counts is deprecated and will be removed: use "
        "corpus.topic_counts(versions, value=...) or peaceplan.topic_counts(versions, value=...), "
        "which return TopicCounts (its topics, versions and rows are this function's three items)",
        DeprecationWarning,
        stacklevel=2,
    )
    counts = _topic_counts(corpus, versions, value)
    return counts.topics, counts.versions, counts.rows


def _short(text: str, limit: int) -> str:
    return text if len(text) <= limit else text[: limit - 1].rstrip() + "…"


# --- drawing ---------------------------------------------------------------------------


def _ribbon(ax: Axes, x0: float, y0: tuple[float, float], x1: float, y1: tuple[float, float], **style: Any) -> None:
    """A band from the span ``y0`` (top, bottom) at ``x0`` to the span ``y1`` at ``x1``, as a cubic ribbon."""
    from matplotlib.patches import PathPatch
    from matplotlib.path import Path as MplPath

    mid = (x0 + x1) / 2
    vertices = [
        (x0, y0[0]),
        (mid, y0[0]),
        (mid, y1[0]),
        (x1, y1[0]),
        (x1, y1[1]),
        (mid, y1[1]),
        (mid, y0[1]),
        (x0, y0[1]),
        (x0, y0[0]),
    ]
    codes = [MplPath.MOVETO] + [MplPath.CURVE4] * 3 + [MplPath.LINETO] + [MplPath.CURVE4] * 3 + [MplPath.CLOSEPOLY]
    ax.add_patch(PathPatch(MplPath(vertices, codes), **style))


def _band_style(fate: PointFate, proposer: str | None) -> dict[str, Any]:
    if fate == "kept" or proposer is None:
        colour: Any = _GREY
    else:
        colour = actor_colour(proposer)
    style: dict[str, Any] = {"facecolor": colour, "edgecolor": "none", "alpha": 0.55, "linewidth": 0, "zorder": 2}
    if fate == "kept":
        style.update(alpha=0.45, zorder=1)
    if fate in ("dropped", "new"):
        style["zorder"] = 3
    if fate in ("split", "merged"):
        style.update(hatch="////", edgecolor="white", linewidth=0.0, alpha=0.7)
    return style


_TEXT_PT = 10.0
"""The evolution chart's text size in points (labels, titles, dates; the legend half a point less)."""


def plot_evolution(
    source: Evolution | Iterable[Version],
    versions: Sequence[str | Version] | None = None,
    *,
    actors: Actors = None,
    titles: bool = True,
) -> Figure:
    """A flow chart of a document's points across a chain of drafts.

    ``source`` is what to draw: an :class:`~peaceplan.history.evolution.Evolution`
    (``corpus.evolution(chain)``), a corpus (``versions`` is then the chain,
    ids or versions, by default :meth:`~peaceplan.corpus.Corpus.main_line`),
    or the versions themselves in order (``versions`` then picks some by id).
    Each column is a draft, each box a top-level point; bands join each point
    to what it became in the next draft, coloured by the proposer of the
    change. ``actors`` name the proposers (by default the corpus's). With
    ``titles`` the first and last columns show the points' titles.

    >>> import peaceplan
    >>> corpus = peaceplan.load_corpus()
    >>> fig = plot_evolution(corpus.evolution(["28-point", "geneva-19", "20-point"]))
    >>> [t.get_text() for t in fig.axes[0].texts if t.get_text().startswith("28-point")]
    ['28-point']
    >>> [t.get_text() for t in plot_evolution(corpus).axes[0].texts if t.get_text() == corpus.main_line()[-1]]
    ['20-point-2026-01']
    """
    figure_cls = _matplotlib("plot_evolution()")
    analysis = _evolution(source, versions)
    chain = analysis.versions
    names = actor_names(analysis.actors if actors is None else actors)
    bands = analysis.bands

    unit, fill = 1.0, 0.78
    rows = max(len(v.provisions) for v in chain)
    ys = [{p.label: -i * unit for i, p in enumerate(v.provisions)} for v in chain]
    title_room = 3.7 if titles else 0.4
    # Boxes fit their longest label ("12.b", "article-5"): about 0.16 data units per character at 10 pt.
    longest = max(len(p.label) for v in chain for p in v.provisions)
    box_w = max(0.6, 0.16 * longest + 0.25)
    gap = 3.0 + box_w
    xs = [i * gap for i in range(len(chain))]
    # A data unit is 0.75 in across and a row 0.3 in high: 10-point text fills a box, and a chart of three
    # drafts is about 11 in wide, so a notebook (about 900 px) shows it near its natural size.
    width = 0.3 + 0.75 * (gap * (len(chain) - 1) + box_w + 2 * title_room)
    fig = figure_cls(figsize=(width, 2.6 + rows * 0.3), layout="constrained")
    ax = fig.add_subplot()

    # Divide each box among its bands, in the order of the points at the other end.
    outs: dict[tuple[int, str], list[Band]] = defaultdict(list)
    ins: dict[tuple[int, str], list[Band]] = defaultdict(list)
    for b in bands:
        if b.old is not None:
            outs[(b.step, b.old)].append(b)
        if b.new is not None:
            ins[(b.step + 1, b.new)].append(b)

    def span(column: int, label: str, band: Band, group: list[Band], other: int, side: str) -> tuple[float, float]:
        def key(x: Band) -> float:
            end = x.new if side == "out" else x.old
            return -ys[other][end] if end is not None else float(rows)

        ordered = sorted(group, key=key)
        share = unit * fill / len(ordered)
        top = ys[column][label] + unit * fill / 2 - ordered.index(band) * share
        return (top, top - share)

    for b in bands:
        x0, x1 = xs[b.step] + box_w / 2, xs[b.step + 1] - box_w / 2
        style = _band_style(b.fate, b.proposer)
        if b.old is not None and b.new is not None:
            y0 = span(b.step, b.old, b, outs[(b.step, b.old)], b.step + 1, "out")
            y1 = span(b.step + 1, b.new, b, ins[(b.step + 1, b.new)], b.step, "in")
            _ribbon(ax, x0, y0, x1, y1, **style)
        elif b.old is not None:  # dropped: a stub that ends in a red cross
            y0 = span(b.step, b.old, b, outs[(b.step, b.old)], b.step + 1, "out")
            end = x0 + (x1 - x0) * 0.3
            style.update(facecolor=_RED, alpha=0.3)
            _ribbon(ax, x0, y0, end, (y0[0] - 0.1, y0[1] + 0.1), **style)
            ax.plot([end + 0.08], [(y0[0] + y0[1]) / 2], marker="x", color=_RED, markersize=6, mew=1.8, zorder=4)
        elif b.new is not None:  # new: a stub that starts from a plus
            y1 = span(b.step + 1, b.new, b, ins[(b.step + 1, b.new)], b.step, "in")
            start = x1 - (x1 - x0) * 0.3
            _ribbon(ax, start, (y1[0] - 0.1, y1[1] + 0.1), x1, y1, **style)
            ax.plot([start - 0.1], [(y1[0] + y1[1]) / 2], marker="P", color=_GREEN, markersize=6, mew=0, zorder=4)

    last = len(chain) - 1
    for i, v in enumerate(chain):
        for p in v.provisions:
            y = ys[i][p.label]
            ax.add_patch(
                _rect(
                    xs[i] - box_w / 2,
                    y - unit * fill / 2,
                    box_w,
                    unit * fill,
                    facecolor="#24292f",
                    edgecolor="none",
                    zorder=5,
                )
            )
            ax.text(
                xs[i],
                y,
                p.label,
                ha="center",
                va="center",
                fontsize=_TEXT_PT,
                color="white",
                fontweight="bold",
                zorder=6,
            )
            if titles and p.title and i in (0, last):
                left = i == 0
                ax.text(
                    xs[i] + (-box_w / 2 - 0.12 if left else box_w / 2 + 0.12),
                    y,
                    _short(p.title, 34),
                    ha="right" if left else "left",
                    va="center",
                    fontsize=_TEXT_PT,
                    color="#1f2328",
                )
        when = v.date.human() if v.date else ""
        ax.text(xs[i], unit * 1.15, v.id, ha="center", va="bottom", fontsize=_TEXT_PT + 2, fontweight="bold")
        ax.text(xs[i], unit * 0.6, when, ha="center", va="bottom", fontsize=_TEXT_PT, color="#59636e")

    ax.set_xlim(xs[0] - box_w / 2 - title_room, xs[-1] + box_w / 2 + title_room)
    ax.set_ylim(-(rows - 1) * unit - unit, unit * 2.3)
    ax.set_axis_off()
    _evolution_legend(fig, ax, bands, names)
    ax.set_title(
        " → ".join(v.id for v in chain) + ": what became of each point",
        fontsize=_TEXT_PT + 3,
        loc="left",
        pad=4,
    )
    return fig


def _rect(x: float, y: float, w: float, h: float, **style: Any) -> Any:
    from matplotlib.patches import Rectangle

    return Rectangle((x, y), w, h, **style)


def _evolution_legend(fig: Figure, ax: Axes, bands: Sequence[Band], names: Mapping[str, str]) -> None:
    from matplotlib.lines import Line2D
    from matplotlib.patches import Patch

    fates = {b.fate for b in bands}
    handles: list[Any] = [
        Patch(facecolor=_GREY, alpha=0.45, label="kept (unchanged, renumbered or moved)"),
        Patch(facecolor="#8c959f", alpha=0.7, label="modified (proposer's colour)"),
    ]
    if fates & {"split", "merged"}:
        handles.append(Patch(facecolor="#8c959f", alpha=0.7, hatch="////", edgecolor="white", label="split or merged"))
    if "dropped" in fates:
        handles.append(Line2D([], [], color=_RED, marker="x", linestyle="none", mew=1.8, label="dropped"))
    if "new" in fates:
        handles.append(Line2D([], [], color=_GREEN, marker="P", linestyle="none", label="new point"))
    counts: dict[str, int] = defaultdict(int)
    for b in bands:
        if b.proposer is not None:
            counts[b.proposer] += 1
    proposers = sorted(counts, key=lambda a: (-counts[a], a))
    for actor in proposers:
        label = names.get(actor, actor)  # whole: a cut name ("E3 (United Kingdom, France, Ger…") names nobody
        handles.append(Patch(facecolor=actor_colour(actor), alpha=0.7, label=f"{label} ({counts[actor]})"))
    fig.legend(
        handles=handles,
        loc="outside lower center",
        ncols=min(3, len(handles)),
        fontsize=_TEXT_PT - 0.5,
        frameon=False,
        title="what became of each point, and who proposed the change (number of bands)",
        title_fontsize=_TEXT_PT,
    )


# --- topic heatmap -----------------------------------------------------------------------


def _topic_counts(
    source: TopicCounts | Iterable[Version], versions: Sequence[str | Version] | None, value: TopicMeasure | None
) -> TopicCounts:
    """The counts to draw: ``source`` itself, or the ones a corpus or a list of versions gives."""
    if isinstance(source, TopicCounts):
        if versions is not None or value not in (None, source.value):
            raise ValidationError(
                f"plot_topic_heatmap: TopicCounts of {source.value} already has its versions and measure; "
                f"expected no versions and value={source.value!r} or none with it, got versions={versions!r}, "
                f"value={value!r}"
            )
        return source
    measure: TopicMeasure = value if value is not None else "provisions"
    from_corpus = getattr(source, "topic_counts", None)  # a Corpus: ids, every version by default
    if callable(from_corpus):
        found = from_corpus(versions, value=measure)
        if not isinstance(found, TopicCounts):  # pragma: no cover - Corpus.topic_counts returns them
            raise ValidationError(f"plot_topic_heatmap: expected TopicCounts from {source!r}, got {found!r}")
        return found
    return _counts(_pick(source, versions), value=measure)


def plot_topic_heatmap(
    source: TopicCounts | Iterable[Version] | None = None,
    versions: Sequence[str | Version] | None = None,
    *,
    value: TopicMeasure | None = None,
    corpus: Iterable[Version] | None = None,
) -> Figure:
    """A topic × version heatmap: how many provisions of each version are on each topic.

    ``source`` is what to draw: :class:`~peaceplan.history.evolution.TopicCounts`
    (``corpus.topic_counts(versions)``), a corpus (``versions`` then chooses
    the columns, by default every version, parents first) or the versions
    themselves. With ``value="changes"`` a cell counts the changes touching the
    topic since the previous column instead. ``corpus=`` is the deprecated
    name of ``source``.

    >>> import peaceplan
    >>> fig = plot_topic_heatmap(peaceplan.load_corpus().topic_counts())
    >>> fig.axes[0].get_ylabel()
    'topic'
    """
    figure_cls = _matplotlib("plot_topic_heatmap()")
    import numpy as np

    if corpus is not None:
        warnings.warn(
            "plot_topic_heatmap(corpus=...) is deprecated and will be removed: pass the corpus (or "
            "corpus.topic_counts(...)) as the first argument",
            DeprecationWarning,
            stacklevel=2,
        )
        if source is not None:
            raise ValidationError("plot_topic_heatmap: expected one source, got both source and corpus=")
        source = corpus
    if source is None:
        raise ValidationError("plot_topic_heatmap: expected what to draw (TopicCounts, a corpus or versions), got none")
    counts = _topic_counts(source, versions, value)
    topics, columns, rows, value = counts.topics, counts.versions, counts.rows, counts.value
    data = np.array([[np.nan if x is None else x for x in row] for row in rows], dtype=float)
    fig = figure_cls(figsize=(2.8 + 0.62 * len(columns), 1.6 + 0.3 * len(topics)), layout="constrained")
    ax = fig.add_subplot()
    peak = np.nanmax(data) if data.size and not np.all(np.isnan(data)) else 1.0
    masked = np.ma.masked_where(np.isnan(data) | (data == 0), data)
    image = ax.imshow(masked, cmap="YlOrRd", vmin=0, vmax=max(peak, 1.0), aspect="auto", interpolation="nearest")
    ax.set_facecolor("#f6f8fa")
    for r, row in enumerate(rows):
        for col, x in enumerate(row):
            if x:
                dark = x > 0.6 * peak
                ax.text(col, r, str(x), ha="center", va="center", fontsize=7.5, color="white" if dark else "#1f2328")
    ax.set_xticks(range(len(columns)), labels=list(columns), rotation=40, ha="right", fontsize=8)
    ax.set_yticks(range(len(topics)), labels=list(counts.names), fontsize=8)
    ax.set_xticks(np.arange(-0.5, len(columns)), minor=True)
    ax.set_yticks(np.arange(-0.5, len(topics)), minor=True)
    ax.grid(which="minor", color="white", linewidth=1.2)
    ax.tick_params(which="minor", length=0)
    for spine in ax.spines.values():
        spine.set_visible(False)
    ax.set_ylabel("topic")
    what = (
        "provisions on the topic" if value == "provisions" else "changes touching the topic since the previous column"
    )
    ax.set_title(f"Topics across versions: {what}", fontsize=10, loc="left")
    fig.colorbar(image, ax=ax, shrink=0.5, label=value)
    return fig


def save_figure(fig: Figure, path: str | os.PathLike[str], *, dpi: int = 150) -> Path:
    """Write ``fig`` to ``path`` (the format follows the suffix: .png, .svg, .pdf) and return the path.

    >>> import tempfile, pathlib, peaceplan
    >>> out = pathlib.Path(tempfile.mkdtemp()) / "flow.svg"
    >>> save_figure(plot_evolution(peaceplan.load_corpus()), out).stat().st_size > 0
    True
    """
    target = Path(path)
    fig.savefig(target, dpi=dpi, bbox_inches="tight", facecolor="white")
    return target
