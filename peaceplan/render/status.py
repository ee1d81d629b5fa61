"""Views of how close a deal is: the party × provision matrix, the shares agreed, and their history.

Every view consumes a :class:`~peaceplan.history.deal.DealStatus` or
:class:`~peaceplan.history.deal.StatusHistory` and escapes the text it is given. Frames
need the ``pandas`` extra and the plot the ``plot`` extra; without them they raise
:class:`~peaceplan.errors.MissingExtraError`.
"""

from __future__ import annotations

import datetime as _dt
import json
from collections.abc import Sequence
from typing import TYPE_CHECKING, Any

from ..errors import MissingExtraError
from ..history.deal import DealStatus, PartyPosition, ProvisionState, Share, StatusHistory
from .escape import escape_html, escape_markdown
from .figure import figure_class as _plot_figure
from .table import render_records

if TYPE_CHECKING:  # pragma: no cover
    import pandas as pd
    from matplotlib.figure import Figure

__all__ = [
    "history_frame",
    "history_html",
    "matrix_records",
    "plot_status_history",
    "render_status",
    "share_records",
    "status_frame",
    "status_html",
]

_STATE_COLOURS = {
    ProvisionState.AGREED: "#1a7f37",
    ProvisionState.OPEN: "#cf222e",
    ProvisionState.BRACKETED: "#9a6700",
    ProvisionState.UNKNOWN: "#6e7781",
}


_MARKS = {"drafted": "*", "option": "†", "recorded": ""}
_LEGEND = (
    "* drafted the version, no position recorded on the point; † proposed one of its bracketed options; – not on record"
)


def _cell_text(c: PartyPosition | None) -> str:
    if c is None:
        return "–"
    return c.stance.value + _MARKS[c.origin.value]


def _short(text: str, limit: int = 30) -> str:
    return text if len(text) <= limit else text[: limit - 1] + "…"


def matrix_records(status: DealStatus) -> list[dict[str, Any]]:
    """One record per provision: label, title, state, and each party's stance (``–`` when not on record)."""
    out = []
    for p in status.provisions:
        record: dict[str, Any] = {"point": p.label, "title": _short(p.title or ""), "state": p.state.value}
        for party in status.parties:
            record[status.name(party)] = _cell_text(p.cell(party))
        out.append(record)
    return out


def share_records(status: DealStatus) -> list[dict[str, Any]]:
    """One record for the whole text and one per topic: counts by state and the shares agreed and unknown."""
    out = []
    for s in (status.overall, *status.by_topic):
        out.append(
            {
                "topic": s.topic or "(all points)",
                "points": s.total,
                "agreed": s.agreed,
                "open": s.open,
                "bracketed": s.bracketed,
                "unknown": s.unknown,
                "agreed %": f"{s.share_agreed:.0%}",
                "unknown %": f"{s.share_unknown:.0%}",
            }
        )
    return out


def _record_lines(status: DealStatus) -> list[str]:
    """Each recorded position or option, with its date, sources and note: who holds what, and says who."""
    lines = []
    for p in status.provisions:
        for c in p.positions:
            if c.origin.value == "drafted":
                continue
            when = f" ({c.date})" if c.date else ""
            where = f" on {c.path}" if c.path != p.label else ""
            by = f" [{c.actor}]" if c.actor != c.party else ""
            sources = ", ".join(s.id for s in c.sources) or "no source recorded"
            note = f": {c.note}" if c.note else ""
            lines.append(f"{p.label}{where} {status.name(c.party)}{by} {c.stance.value}{when}{note} — {sources}")
    return lines


def _summary(s: Share) -> str:
    return (
        f"{s.agreed} of {s.total} points agreed by all parties on record ({s.share_agreed:.0%}); "
        f"{s.open} open, {s.bracketed} bracketed, {s.unknown} unknown ({s.share_unknown:.0%})"
    )


def render_status(status: DealStatus, fmt: str) -> str:
    """The status in one of the table formats (text, md, html, json, csv); csv and json stay machine-readable."""
    if fmt == "json":
        return json.dumps(status.to_dict(), ensure_ascii=False, indent=2) + "\n"
    if fmt == "csv":
        return render_records(matrix_records(status), "csv")
    if fmt == "html":
        return status_html(status)
    v = status.version
    parties = ", ".join(status.name(p) for p in status.parties) or "none on record"
    head = f"{v.title} ({v.id})"
    if fmt == "md":
        parts = [
            f"# Status of {escape_markdown(head)}",
            "",
            escape_markdown(_summary(status.overall)),
            "",
            f"Parties: {escape_markdown(parties)}.",
            "",
            render_records(matrix_records(status), "md", title="Positions"),
            escape_markdown(_LEGEND),
            "",
            render_records(share_records(status), "md", title="Share agreed"),
            "## On record",
            "",
            *(f"- {escape_markdown(line)}" for line in _record_lines(status)),
        ]
        return "\n".join(parts) + "\n"
    out = [
        f"Status of {head}",
        _summary(status.overall),
        f"Parties: {parties}",
        "",
        render_records(matrix_records(status), "text"),
        _LEGEND,
        "",
        render_records(share_records(status), "text", title="Share agreed"),
        "On record:",
        *(f"  {line}" for line in _record_lines(status)),
    ]
    return "\n".join(out) + "\n"


# --- notebook --------------------------------------------------------------------------------


def _chip(state: ProvisionState) -> str:
    colour = _STATE_COLOURS[state]
    return (
        f'<span style="border:1px solid {colour};color:{colour};border-radius:3px;'
        f'padding:0 4px;font-size:90%">{state.value}</span>'
    )


def _cell_html(c: PartyPosition | None) -> str:
    if c is None:
        return '<span style="color:#6e7781">–</span>'
    title = "; ".join(
        x
        for x in (
            f"{c.origin.value}",
            str(c.date) if c.date else "",
            ", ".join(f"{s.publisher}: {s.title}" for s in c.sources),
            c.note or "",
        )
        if x
    )
    return f'<span title="{escape_html(title)}">{escape_html(_cell_text(c))}</span>'


def status_html(status: DealStatus) -> str:
    """The notebook view: summary, the matrix with coloured states (hover a cell for its sources), shares by topic."""
    v = status.version
    head = "".join(f"<th>{escape_html(status.name(p))}</th>" for p in status.parties)
    rows = "".join(
        "<tr>"
        f"<td>{escape_html(p.label)}</td><td>{escape_html(p.title or '')}</td><td>{_chip(p.state)}</td>"
        + "".join(f"<td>{_cell_html(p.cell(party))}</td>" for party in status.parties)
        + "</tr>"
        for p in status.provisions
    )
    shares = render_records(share_records(status), "html", title="Share agreed")
    records = "".join(f"<li>{escape_html(line)}</li>" for line in _record_lines(status))
    return (
        f"<div><h4>Status of {escape_html(v.title)} ({escape_html(v.id)})</h4>"
        f"<p>{escape_html(_summary(status.overall))}</p>"
        f"<table><thead><tr><th>point</th><th>title</th><th>state</th>{head}</tr></thead>"
        f"<tbody>{rows}</tbody></table><p><small>{escape_html(_LEGEND)}</small></p>{shares}"
        f"<details><summary>On record</summary><ul>{records}</ul></details></div>"
    )


def history_html(history: StatusHistory) -> str:
    """The notebook view of a history: one row per version, the shares of the whole text."""
    records = [
        {
            "version": s.version.id,
            "date": str(s.version.date) if s.version.date else "",
            "points": s.overall.total,
            "agreed": s.overall.agreed,
            "open": s.overall.open,
            "bracketed": s.overall.bracketed,
            "unknown": s.overall.unknown,
            "agreed %": f"{s.overall.share_agreed:.0%}",
        }
        for s in history.statuses
    ]
    return render_records(records, "html", title=f"Status of {history.document} over its versions")


# --- frames ----------------------------------------------------------------------------------


def _pandas(feature: str) -> None:
    try:
        import pandas  # noqa: F401
    except ImportError:
        raise MissingExtraError(feature, "pandas") from None


def status_frame(status: DealStatus) -> pd.DataFrame:
    """One row per provision: ``label``, ``title``, ``topics``, ``state`` (categorical), one stance column per party."""
    _pandas("DealStatus.to_frame()")
    import pandas as pd

    rows = []
    for p in status.provisions:
        row: dict[str, Any] = {
            "label": p.label,
            "title": p.title,
            "topics": list(p.topics),
            "state": p.state.value,
        }
        for party in status.parties:
            c = p.cell(party)
            row[party] = c.stance.value if c is not None else None
        rows.append(row)
    frame: pd.DataFrame = pd.DataFrame(rows, columns=["label", "title", "topics", "state", *status.parties])
    frame["state"] = pd.Categorical(frame["state"], categories=[s.value for s in ProvisionState])
    return frame


def history_frame(history: StatusHistory) -> pd.DataFrame:
    """One row per version and topic (``topic`` missing for the whole text), with counts and shares."""
    _pandas("StatusHistory.to_frame()")
    import pandas as pd

    columns = [
        "version",
        "date",
        "topic",
        "total",
        "agreed",
        "open",
        "bracketed",
        "unknown",
        "share_agreed",
        "share_unknown",
    ]
    frame: pd.DataFrame = pd.DataFrame(history.rows(), columns=columns)
    return frame


# --- plot ------------------------------------------------------------------------------------


def _when(status: DealStatus) -> _dt.date | None:
    d = status.version.date
    return _dt.date(d.year, d.month or 1, d.day or 1) if d is not None else None


_MOST_TOPICS = 6


def _main_topics(statuses: Sequence[DealStatus]) -> list[str]:
    """The topics with the most points over all the versions (at most six), alphabetically."""
    counts: dict[str, int] = {}
    for s in statuses:
        for sh in s.by_topic:
            if sh.topic:
                counts[sh.topic] = counts.get(sh.topic, 0) + sh.total
    return sorted(sorted(counts, key=lambda t: (-counts[t], t))[:_MOST_TOPICS])


def plot_status_history(history: StatusHistory, *, topics: Sequence[str] | None = None) -> Figure:
    """Share agreed over time: the whole text (bold, with its unknown share dashed) and each topic.

    ``topics`` chooses the topic lines (by default the six topics with the most points).
    Versions without a date are placed in order after the dated ones.
    """
    figure_class = _plot_figure("StatusHistory.plot()")
    statuses = history.statuses
    dates = [_when(s) for s in statuses]
    if all(d is not None for d in dates):
        xs: list[Any] = list(dates)
        labels = None
    else:
        xs = list(range(len(statuses)))
        labels = [s.version.id for s in statuses]
    figure = figure_class(figsize=(8, 4.5))
    ax = figure.add_subplot()
    wanted = list(topics) if topics is not None else _main_topics(statuses)
    for topic in wanted:
        points = [
            (x, sh.share_agreed)
            for x, s in zip(xs, statuses, strict=True)
            for sh in s.by_topic
            if sh.topic == topic and sh.total
        ]
        if points:
            ax.plot([p[0] for p in points], [p[1] for p in points], marker="o", linewidth=1, alpha=0.6, label=topic)
    ax.plot(
        xs, [s.overall.share_agreed for s in statuses], color="black", linewidth=2.5, marker="o", label="all points"
    )
    ax.plot(
        xs,
        [s.overall.share_unknown for s in statuses],
        color="black",
        linestyle="--",
        linewidth=1,
        label="all points: unknown",
    )
    ax.plot(
        xs,
        [(s.overall.open + s.overall.bracketed) / s.overall.total if s.overall.total else 0.0 for s in statuses],
        color="#cf222e",
        linestyle=":",
        linewidth=1.5,
        label="all points: open or bracketed",
    )
    ax.set_ylim(-0.02, 1.02)
    ax.set_ylabel("share of points")
    ax.yaxis.set_major_formatter(lambda y, _pos: f"{y:.0%}")
    if labels is not None:
        ax.set_xticks(xs, labels, rotation=30, ha="right")
    else:
        figure.autofmt_xdate()
        for i, (x, s) in enumerate(zip(xs, statuses, strict=True)):
            ax.annotate(s.version.id, (x, 0), fontsize=7, xytext=(2, 6 + 9 * (i % 3)), textcoords="offset points")
    ax.set_title(f"How close is a deal: {history.document}")
    ax.legend(fontsize=7, ncol=2, loc="upper left", bbox_to_anchor=(1.01, 1.0))
    ax.grid(alpha=0.3)
    figure.tight_layout()
    return figure
