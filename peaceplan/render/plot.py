"""Figures: a document's points flowing across drafts, and topics across versions.

:func:`plot_evolution` draws a chain of versions as columns of numbered
points, with a band from each point to what it became in the next draft:
grey when it was kept (unchanged, renumbered or moved), in the proposer's
colour when it was modified, hatched when it was split or merged; a point
dropped ends in a red ×, a new one starts from a +. Bands come from
:func:`peaceplan.diff.diff` of each consecutive pair, so the figure shows
exactly what the diff says (no second alignment). :func:`plot_topic_heatmap`
counts, for each topic and version, the provisions on that topic (or the
changes touching it). Both return a :class:`matplotlib.figure.Figure` built
without :mod:`matplotlib.pyplot` (no global figure state, any backend);
:func:`save_figure` writes one to a file.

matplotlib is an optional extra (``pip install 'peaceplan[plot]'``); without it
these functions raise :class:`~peaceplan.errors.MissingExtraError`.
"""

from __future__ import annotations

import colorsys
import functools
import io
import itertools
import os
from collections import defaultdict
from collections.abc import Iterable, Mapping, Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Any, Literal

import attrs

from ..corpus import Corpus
from ..diff import Change, diff
from ..errors import MissingExtraError, ValidationError
from ..matches import MatchKind
from ..model import Version
from .common import Actors, actor_hue, actor_names

if TYPE_CHECKING:  # pragma: no cover
    from matplotlib.axes import Axes
    from matplotlib.figure import Figure

__all__ = [
    "DEFAULT_CHAIN",
    "Band",
    "actor_colour",
    "evolution_bands",
    "plot_evolution",
    "plot_topic_heatmap",
    "save_figure",
    "topic_counts",
]

DEFAULT_CHAIN = ("28-point", "geneva-19", "20-point")
"""The chain :func:`plot_evolution` draws when given a corpus and no versions."""

Fate = Literal["kept", "modified", "split", "merged", "dropped", "new"]

_FATES: Mapping[MatchKind, Fate] = {
    MatchKind.UNCHANGED: "kept",
    MatchKind.RENUMBERED: "kept",
    MatchKind.MOVED: "kept",
    MatchKind.REWORDED: "modified",
    MatchKind.MODIFIED: "modified",
    MatchKind.SPLIT: "split",
    MatchKind.MERGED: "merged",
    MatchKind.REMOVED: "dropped",
    MatchKind.ADDED: "new",
}
_GREY = "#b8bfc6"
_RED = "#cf222e"
_GREEN = "#1a7f37"


def _matplotlib(feature: str) -> type[Figure]:
    try:
        import matplotlib.figure  # noqa: F401
    except ImportError:
        raise MissingExtraError(feature, "plot") from None
    return _figure_class()


@functools.cache
def _figure_class() -> type[Figure]:
    from matplotlib.figure import Figure

    class NotebookFigure(Figure):
        """A Figure that shows itself in Jupyter as PNG, with or without pyplot's inline backend."""

        def _repr_png_(self) -> bytes:
            buffer = io.BytesIO()
            self.savefig(buffer, format="png", dpi=110, bbox_inches="tight", facecolor="white")
            return buffer.getvalue()

    return NotebookFigure


def actor_colour(actor: str) -> tuple[float, float, float]:
    """The RGB colour of an actor: the hue of its badges in notebooks and reports.

    >>> r, g, b = actor_colour("e3")
    >>> all(0 <= x <= 1 for x in (r, g, b))
    True
    """
    return colorsys.hls_to_rgb(actor_hue(actor) / 360, 0.5, 0.62)


# --- the data of an evolution chart ---------------------------------------------------


@attrs.frozen(kw_only=True)
class Band:
    """One band of an evolution chart: point ``old`` of column ``step`` to point ``new`` of column ``step + 1``.

    ``old`` is None for a new point, ``new`` None for a dropped one; ``proposer``
    is the first actor credited with the change (None for kept points).
    """

    step: int
    old: str | None
    new: str | None
    fate: Fate
    proposer: str | None


def _owner(path: str, labels: Sequence[str]) -> str:
    """The top-level label a path belongs to: itself, or the longest label it extends ("10" for "10.b")."""
    if path in labels:
        return path
    owners = [label for label in labels if path.startswith(f"{label}.")]
    return max(owners, key=len) if owners else path


def evolution_bands(versions: Sequence[Version]) -> tuple[Band, ...]:
    """The bands between top-level points of consecutive versions, from the diff of each pair.

    A change between sub-points counts for their top-level points only when
    those points have no top-level match of their own.

    >>> import peaceplan
    >>> c = peaceplan.load_corpus()
    >>> bands = evolution_bands([c.version("28-point"), c.version("20-point")])
    >>> [(b.old, b.new, b.fate, b.proposer) for b in bands if b.old == "6"]
    [('6', '4', 'modified', 'e3')]
    """
    bands: list[Band] = []
    for step, (old, new) in enumerate(itertools.pairwise(versions)):
        d = diff(old, new)
        old_labels, new_labels = set(old.labels), set(new.labels)
        top = [c for c in d.entries if set(c.old_labels) <= old_labels and set(c.new_labels) <= new_labels]
        rest = [c for c in d.entries if c not in top]
        covered_old = {label for c in top for label in c.old_labels}
        covered_new = {label for c in top for label in c.new_labels}
        chosen: list[tuple[Change, tuple[str, ...], tuple[str, ...]]] = [(c, c.old_labels, c.new_labels) for c in top]
        for c in rest:
            olds = tuple(dict.fromkeys(_owner(label, old.labels) for label in c.old_labels))
            news = tuple(dict.fromkeys(_owner(label, new.labels) for label in c.new_labels))
            if set(olds) - covered_old or set(news) - covered_new:
                chosen.append((c, olds, news))
                covered_old |= set(olds)
                covered_new |= set(news)
        seen: set[tuple[str | None, str | None]] = set()
        for c, olds, news in chosen:
            fate = _FATES[c.kind]
            proposer = c.proposers[0] if c.proposers and fate != "kept" else None
            olds_: list[str | None] = list(olds) or [None]
            news_: list[str | None] = list(news) or [None]
            for o in olds_:
                for n in news_:
                    if (o, n) not in seen:
                        seen.add((o, n))
                        bands.append(Band(step=step, old=o, new=n, fate=fate, proposer=proposer))
    return tuple(bands)


def _chain(source: Corpus | Iterable[Version], versions: Sequence[str] | None) -> list[Version]:
    if isinstance(source, Corpus):
        ids = list(versions) if versions is not None else [v for v in DEFAULT_CHAIN if v in source]
        if not ids:
            ids = [v.id for v in source.versions_of(source.documents[0].id)]
        return [source.version(v) for v in ids]
    chain = list(source)
    if versions is not None:
        by_id = {v.id: v for v in chain}
        missing = [v for v in versions if v not in by_id]
        if missing:
            raise ValidationError(f"versions {missing} are not among the versions given ({', '.join(by_id)})")
        chain = [by_id[v] for v in versions]
    return chain


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


def _band_style(fate: Fate, proposer: str | None) -> dict[str, Any]:
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


def plot_evolution(
    source: Corpus | Iterable[Version],
    versions: Sequence[str] | None = None,
    *,
    actors: Actors = None,
    titles: bool = True,
) -> Figure:
    """A flow chart of a document's points across a chain of drafts.

    ``source`` is a corpus (``versions`` are then ids, by default
    ``28-point → geneva-19 → 20-point``) or the versions themselves, in order.
    Each column is a draft, each box a top-level point; bands join each point
    to what it became in the next draft, coloured by the proposer of the
    change. With ``titles`` the first and last columns show the points' titles.

    >>> import peaceplan
    >>> fig = plot_evolution(peaceplan.load_corpus())
    >>> [t.get_text() for t in fig.axes[0].texts if t.get_text().startswith("28-point")]
    ['28-point']
    """
    figure_cls = _matplotlib("plot_evolution()")
    chain = _chain(source, versions)
    if len(chain) < 2:
        raise ValidationError(f"plot_evolution needs at least two versions, got {[v.id for v in chain]}")
    names = actor_names(source.actors if actors is None and isinstance(source, Corpus) else actors)
    bands = evolution_bands(chain)

    unit, fill = 1.0, 0.78
    rows = max(len(v.provisions) for v in chain)
    ys = [{p.label: -i * unit for i, p in enumerate(v.provisions)} for v in chain]
    title_room = 3.6 if titles else 0.4
    # Boxes fit their longest label ("12.b", "article-5"): about 0.13 data units per character at 7 pt.
    longest = max(len(p.label) for v in chain for p in v.provisions)
    box_w = max(0.5, 0.13 * longest + 0.2)
    gap = 4.0 + box_w
    xs = [i * gap for i in range(len(chain))]
    width = 1.0 + title_room * 1.7 + 0.9 * gap * (len(chain) - 1)
    fig = figure_cls(figsize=(width, 1.9 + rows * 0.27), layout="constrained")
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
            ax.text(xs[i], y, p.label, ha="center", va="center", fontsize=7, color="white", fontweight="bold", zorder=6)
            if titles and p.title and i in (0, last):
                left = i == 0
                ax.text(
                    xs[i] + (-box_w / 2 - 0.12 if left else box_w / 2 + 0.12),
                    y,
                    _short(p.title, 34),
                    ha="right" if left else "left",
                    va="center",
                    fontsize=7.5,
                    color="#1f2328",
                )
        when = v.date.human() if v.date else ""
        ax.text(xs[i], unit * 1.1, v.id, ha="center", va="bottom", fontsize=10, fontweight="bold")
        ax.text(xs[i], unit * 0.6, when, ha="center", va="bottom", fontsize=7.5, color="#59636e")

    ax.set_xlim(xs[0] - box_w / 2 - title_room, xs[-1] + box_w / 2 + title_room)
    ax.set_ylim(-(rows - 1) * unit - unit, unit * 2.1)
    ax.set_axis_off()
    _evolution_legend(fig, ax, bands, names)
    ax.set_title(
        " → ".join(v.id for v in chain) + ": what became of each point",
        fontsize=11,
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
        label = _short(names.get(actor, actor), 32)
        handles.append(Patch(facecolor=actor_colour(actor), alpha=0.7, label=f"{label} ({counts[actor]})"))
    fig.legend(
        handles=handles,
        loc="outside lower center",
        ncols=min(3, len(handles)),
        fontsize=7.5,
        frameon=False,
        title="what became of each point, and who proposed the change (number of bands)",
        title_fontsize=8,
    )


# --- topic heatmap -----------------------------------------------------------------------


def _topic_name(slug: str) -> str:
    from ..topics import UnknownTopicError, topic

    try:
        return topic(slug).name
    except UnknownTopicError:
        return slug.replace("-", " ")


def topic_counts(
    corpus: Corpus,
    versions: Sequence[str] | None = None,
    *,
    value: Literal["provisions", "changes"] = "provisions",
) -> tuple[tuple[str, ...], tuple[str, ...], tuple[tuple[int | None, ...], ...]]:
    """``(topics, versions, rows)``: per topic, per version, the number of provisions on it.

    With ``value="changes"``, the number of changes touching the topic between
    each version and the one before it in ``versions`` (None for the first).
    Topics run from the most to the least mentioned.

    >>> import peaceplan
    >>> topics, columns, rows = topic_counts(peaceplan.load_corpus(), ["28-point", "20-point"])
    >>> rows[topics.index("army-size")]
    (1, 1)
    """
    chosen = [corpus.version(v) for v in versions] if versions is not None else list(corpus.ordered())
    slugs = sorted({t for v in chosen for _, p in v.walk() for t in p.topics})
    table: dict[str, list[int | None]] = {t: [] for t in slugs}
    for i, v in enumerate(chosen):
        if value == "provisions":
            for t in slugs:
                table[t].append(len(v.by_topic(t)))
        elif value == "changes":
            if i == 0:
                for t in slugs:
                    table[t].append(None)
                continue
            counted: dict[str, int] = defaultdict(int)
            for c in diff(chosen[i - 1], v):
                touched = {t for p in (*c.old, *c.new) for _, q in p.walk() for t in q.topics}
                for t in touched:
                    counted[t] += 1
            for t in slugs:
                table[t].append(counted[t])
        else:
            raise ValidationError(f"value: expected 'provisions' or 'changes', got {value!r}")
    order = sorted(slugs, key=lambda t: (-sum(x or 0 for x in table[t]), t))
    return tuple(order), tuple(v.id for v in chosen), tuple(tuple(table[t]) for t in order)


def plot_topic_heatmap(
    corpus: Corpus,
    versions: Sequence[str] | None = None,
    *,
    value: Literal["provisions", "changes"] = "provisions",
) -> Figure:
    """A topic × version heatmap: how many provisions of each version are on each topic.

    ``versions`` defaults to every version of the corpus, parents first. With
    ``value="changes"`` a cell counts the changes touching the topic since the
    previous column instead.

    >>> import peaceplan
    >>> fig = plot_topic_heatmap(peaceplan.load_corpus())
    >>> fig.axes[0].get_ylabel()
    'topic'
    """
    figure_cls = _matplotlib("plot_topic_heatmap()")
    import numpy as np

    topics, columns, rows = topic_counts(corpus, versions, value=value)
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
    ax.set_yticks(range(len(topics)), labels=[_topic_name(t) for t in topics], fontsize=8)
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
