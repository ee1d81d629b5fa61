"""Compact HTML fragments for Jupyter: what ``_repr_html_`` of each result returns.

A notebook shows a :class:`~peaceplan.compare.diff.Diff`, a version, a blame or an
influence table by calling its ``_repr_html_`` (the IPython display protocol,
which needs no IPython import). The fragments here are small and
self-contained: inline styles only (a notebook's own stylesheet and a rendered
``.ipynb`` on GitHub both drop ``<style>`` blocks or scope them badly), no
JavaScript, cells aligned left whatever the notebook theme does, and explicit
text colours on every coloured background so dark themes stay readable.

They read the same way as the HTML report (:mod:`peaceplan.render.html`):
deleted words in ``<del>``, inserted words in ``<ins>``, one badge per
proposer with a hue derived from the actor id (the same hue in the report and
in :mod:`peaceplan.render.plot`), contested credit drawn dashed and labelled.
Every piece of user text goes through
:func:`~peaceplan.render.escape.escape_html`.

Each function takes ``actors`` (a mapping or iterable of
:class:`~peaceplan.model.records.Actor`, e.g. ``corpus.actors``) to show names
instead of ids; ``_repr_html_`` calls them without it.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping, Sequence
from functools import partial
from typing import TYPE_CHECKING

from ..compare.matches import MatchKind
from ..errors import ValidationError
from ..model.records import Attribution, Confidence, Provision, Version
from .common import (
    FOLDED_RUN,
    KIND_MARKS,
    Actors,
    RenumberingRun,
    actor_hue,
    actor_names,
    change_title,
    credit_lines,
    finding_lines,
    label_line,
    match_doubt,
    renumbering_runs,
    runs,
    step_lines,
    unchanged_count,
)
from .escape import escape_html

if TYPE_CHECKING:  # pragma: no cover
    from ..compare.diff import Change, Diff, Summary
    from ..compare.redline import Redline
    from ..history.blame import Blame, BlameLine
    from ..history.influence import HeadTally, Influence
    from ..history.log import Log
    from ..history.synopsis import Synopsis
    from ..history.thread import Thread
    from ..history.timeline import Timeline
    from ..model.collection import CorpusData

__all__ = [
    "KIND_COLOURS",
    "ROWS",
    "STATUS_COLOURS",
    "actor_hue",
    "blame_html",
    "change_html",
    "corpus_html",
    "diff_html",
    "influence_html",
    "log_html",
    "redline_html",
    "summary_html",
    "synopsis_html",
    "text_html",
    "thread_html",
    "timeline_html",
    "version_html",
]

h = escape_html

ROWS = 200
"""How many rows a diff or blame table shows by default; the rest are counted under it.

A notebook keeps every output in the saved ``.ipynb``, and a browser slows on
tables of thousands of rows: past a few hundred, a frame (``to_frame()``)
filters better than scrolling does.
"""

KIND_COLOURS: Mapping[str, str] = {
    "unchanged": "#8c959f",
    "renumbered": "#0969da",
    "moved": "#0969da",
    "reworded": "#1b7c83",
    "modified": "#9a6700",
    "split": "#8250df",
    "merged": "#8250df",
    "added": "#1a7f37",
    "removed": "#cf222e",
}
"""The colour of each kind of change (a :class:`~peaceplan.compare.matches.MatchKind` value), as in the HTML report."""

STATUS_COLOURS: Mapping[str, str] = {
    "new": "#1a7f37",
    "kept": "#8c959f",
    "reworded": "#0969da",
    "modified": "#9a6700",
    "merged": "#8250df",
    "split": "#8250df",
    "dropped": "#cf222e",
}
"""The colour of each synopsis cell status (a :class:`~peaceplan.history.synopsis.CellStatus` value)."""

_INK = "color:#1f2328"
_MUTED = "color:#59636e"
_BOX = f"font-family:system-ui,-apple-system,'Segoe UI',Roboto,sans-serif;font-size:13px;line-height:1.45;{_INK};"
_WRAP = f'<div style="{_BOX}background:#fff;padding:6px 8px;max-width:72em;overflow-wrap:break-word">'
_TABLE = '<table style="border-collapse:collapse;margin:4px 0;width:auto">'
_TD = "padding:3px 8px;border-top:1px solid #d1d9e0;text-align:left;vertical-align:top;font-size:13px"
_TH = f"{_TD};font-weight:600;background:#f6f8fa;border-bottom:1px solid #d1d9e0"
_DEL = "background:#ffebe9;color:#a40e26;text-decoration:line-through"
_INS = "background:#dafbe1;color:#116329;text-decoration:underline"
_SHORT = 160
_MOST_BADGES = 4


# --- small pieces ----------------------------------------------------------------


def _wrap(*parts: str) -> str:
    return _WRAP + "".join(parts) + "</div>"


def _heading(text: str, note: str = "") -> str:
    extra = f' <span style="font-weight:400;{_MUTED}">{note}</span>' if note else ""
    return f'<div style="font-weight:700;font-size:14px;margin:0 0 4px">{text}{extra}</div>'


def _muted(text: str) -> str:
    return f'<span style="{_MUTED};font-size:12px">{text}</span>'


def _chip(text: str, colour: str) -> str:
    return (
        f'<span style="display:inline-block;background:{colour};color:#fff;border-radius:9px;'
        f'padding:0 7px;font-size:11px;font-weight:700;white-space:nowrap">{text}</span>'
    )


def _kind_chip(kind: MatchKind) -> str:
    return _chip(f"{h(KIND_MARKS[kind])} {h(kind.value)}", KIND_COLOURS[kind.value])


def _badge(actor: str, names: Mapping[str, str], confidence: Confidence | None = None) -> str:
    name = names.get(actor, actor)
    hue = actor_hue(actor)
    style = (
        f"display:inline-block;background:hsl({hue},70%,92%);color:hsl({hue},60%,22%);"
        f"border:1px solid hsl({hue},45%,62%);border-radius:9px;padding:0 6px;margin:1px 1px;"
        "font-size:11px;white-space:nowrap"
    )
    note = ""
    if confidence is Confidence.CONTESTED:
        style += ";border-style:dashed;background:#fff8c5;color:#6b4500;border-color:#9a6700"
        note = " <b>contested</b>"
    elif confidence is Confidence.INFERRED:
        note = " <i>inferred</i>"
    tip = h(f"{name} ({actor}), credit {confidence.value}" if confidence else f"{name} ({actor})")
    return f'<span title="{tip}" style="{style}">{h(name)}{note}</span>'


def _confidence(actor: str, attributions: Sequence[Attribution]) -> Confidence | None:
    """The confidence worth marking on an actor's badge: contested if any credit is, inferred if all is."""
    confidences = [a.confidence for a in attributions if a.actor == actor]
    if Confidence.CONTESTED in confidences:
        return Confidence.CONTESTED
    if confidences and all(c is Confidence.INFERRED for c in confidences):
        return Confidence.INFERRED
    return None


def _badges(
    actors: Iterable[str],
    names: Mapping[str, str],
    attributions: Sequence[Attribution] = (),
    *,
    most: int = _MOST_BADGES,
) -> str:
    """One badge per actor; past ``most`` actors, the rest fold into "+N more" (contested ones always shown)."""
    ids = list(dict.fromkeys(actors))
    marks = {actor: _confidence(actor, attributions) for actor in ids}
    keep = set(ids)
    if len(ids) > most:
        keep = set(ids[: most - 1]) | {a for a in ids if marks[a] is Confidence.CONTESTED}
    out = [_badge(actor, names, marks[actor]) for actor in ids if actor in keep]
    hidden = [names.get(a, a) for a in ids if a not in keep]
    if hidden:
        out.append(f'<span title="{h(", ".join(hidden))}" style="{_MUTED};font-size:11px">+{len(hidden)} more</span>')
    return " ".join(out)


def _credit(attributions: Sequence[Attribution], names: Mapping[str, str]) -> str:
    """Badges grouped by role ("proposed by …; endorsed by …"), contested credit marked."""
    parts = []
    for line in credit_lines(attributions, {}):
        ids = [actor for actor, _ in line.names]
        parts.append(f"{_muted(h(line.words))} {_badges(ids, names, attributions)}")
    return "<br>".join(parts)


def _short(text: str, limit: int = _SHORT) -> str:
    text = " ".join(text.split())
    return text if len(text) <= limit else text[: limit - 1].rstrip() + "…"


def _redline(change: Change, *, limit: int | None = None) -> str:
    """The change's words with ``<del>``/``<ins>``; whole added or removed points cut to ``limit``."""
    out = []
    whole = change.redline is None
    previous = ""
    for run in runs(change):
        text = _short(run.text, limit) if whole and limit else run.text
        if run.op == "equal":
            out.append(h(text))
        else:
            tag, style = ("ins", _INS) if run.op == "insert" else ("del", _DEL)
            if previous in ("insert", "delete") and previous != run.op:
                style += ";margin-left:.25em"
            out.append(f'<{tag} style="{style}">{h(text)}</{tag}>')
        previous = run.op
    return "".join(out).strip()


def _findings(change: Change, names: Mapping[str, str]) -> str:
    lines = finding_lines(change, names)
    if not lines:
        return ""
    items = "".join(
        ('<li style="font-style:italic">' if line.possible else "<li>")
        + h(line.text)
        + (
            f'<div style="font-size:.85em;color:#57606a">{" → ".join(evidence)}</div>'
            if (evidence := line.evidence_parts(lambda w: f'<b style="background:#fff0a8">{w}</b>', h))
            else ""
        )
        + "</li>"
        for line in lines
    )
    return (
        '<ul style="margin:3px 0 0;padding:2px 6px 2px 22px;background:#fff8c5;color:#3b2300;'
        f'border-left:3px solid #d4a72c">{items}</ul>'
    )


def _table(header: Sequence[str], rows: Iterable[Sequence[str]], *, wide: int | None = None) -> str:
    """A table; column ``wide`` (an index) gets room for running text."""
    head = "".join(
        f'<th style="{_TH}{";min-width:26em" if i == wide else ""}">{cell}</th>' for i, cell in enumerate(header)
    )
    body = "".join("<tr>" + "".join(f'<td style="{_TD}">{cell}</td>' for cell in row) + "</tr>" for row in rows)
    return f"{_TABLE}<thead><tr>{head}</tr></thead><tbody>{body}</tbody></table>"


def _plural(n: int, word: str) -> str:
    return f"{n} {word}{'' if n == 1 else 's'}"


# --- versions and corpora -----------------------------------------------------


def _provision(path: str, p: Provision, depth: int) -> str:
    title = f"<b>{h(p.title)}</b> " if p.title else ""
    topics = f" {_muted(h(', '.join(p.topics)))}" if p.topics and depth == 0 else ""
    credit = ""
    if p.attributions:
        credit = " " + _badges((a.actor for a in p.attributions), {}, p.attributions)
    children = "".join(_provision(f"{path}.{c.label}", c, depth + 1) for c in p.children)
    return (
        f'<div style="margin:2px 0 2px {1.6 * depth:.1f}em">'
        f'<b style="display:inline-block;min-width:2.2em">{h(p.label)}.</b> {title}{h(p.text)}{topics}{credit}'
        f"{children}</div>"
    )


def version_html(v: Version, *, actors: Actors = None, limit: int = 40) -> str:
    """A version: title, status, date, proposers, then its points (the first ``limit`` of them).

    >>> from peaceplan.model.records import Provision, Version
    >>> v = Version(id="v1", document="plan", title="<Plan>", status="draft",
    ...             provisions=[Provision(label="1", text="A ceasefire <b>starts</b>.")])
    >>> html = version_html(v)
    >>> "&lt;Plan&gt;" in html and "&lt;b&gt;starts" in html and "<b>starts" not in html
    True
    """
    names = actor_names(actors)
    facts = [f"<code>{h(v.id)}</code>", h(v.status.value)]
    if v.date:
        facts.append(h(v.date.human()))
    if v.fidelity.value != "verbatim":
        facts.append(f"<i>{h(v.fidelity.value)} text</i>")
    facts.append(_plural(len(v.provisions), "point"))
    head = _heading(h(v.title), " · ".join(facts))
    credit = _credit(v.attributions, names)
    shown = v.provisions[:limit]
    points = "".join(_provision(p.label, p, 0) for p in shown)
    more = len(v.provisions) - len(shown)
    tail = f"<div>{_muted(f'… and {more} more points (version_html(v, limit=…) shows more)')}</div>" if more else ""
    return _wrap(head, f"<div>{credit}</div>" if credit else "", f'<div style="margin-top:4px">{points}</div>', tail)


def corpus_html(c: CorpusData) -> str:
    """A corpus: its title and one row per version (parents first): document, date, status, proposers, points.

    >>> import peaceplan
    >>> "28-point" in corpus_html(peaceplan.load_corpus())
    True
    """
    names = actor_names(c.actors)
    rows = []
    for v in c.ordered():
        date = h(v.date.human()) if v.date else (_muted(f"reported {h(v.reported.human())}") if v.reported else "")
        date = f'<span style="white-space:nowrap">{date}</span>'
        rows.append(
            (
                f"<code>{h(v.id)}</code>",
                h(v.title),
                h(v.document),
                date,
                h(v.status.value),
                _badges(v.proposers, names, v.attributions),
                str(len(v.provisions)),
            )
        )
    note = (
        f"{_plural(len(c.documents), 'document')}, {_plural(len(c.versions), 'version')}, "
        f"{_plural(len(c.actors), 'actor')}"
    )
    desc = f"<div>{_muted(h(c.description))}</div>" if c.description else ""
    table = _table(("version", "title", "document", "date", "status", "proposed by", "points"), rows)
    return _wrap(_heading(h(c.title), f"<code>{h(c.name)}</code> · {note}"), desc, table)


# --- diffs ----------------------------------------------------------------------


def _names(shown: Sequence[str], most: int = 3) -> str:
    if not shown:
        return ""
    more = f" +{len(shown) - most}" if len(shown) > most else ""
    return f" ({h(', '.join(shown[:most]))}{more})"


def _change_row(change: Change, names: Mapping[str, str]) -> tuple[str, ...]:
    title = change_title(change)
    what = [f"<b>{h(title)}</b> " if title else ""]
    what.append(_redline(change, limit=_SHORT * 2))
    what.append(_findings(change, names))
    steps = step_lines(change, names)
    if steps:
        via = "; ".join(f"{h(s.parent)} → {h(s.version)} {h(s.kind.value)}{_names(s.who)}" for s in steps)
        what.append(f"<div>{_muted('↳ ' + via)}</div>")
    flags = []
    if change.match.moved and change.kind is not MatchKind.MOVED:
        flags.append(_muted("moved"))
    doubt = match_doubt(change)
    if doubt:
        flags.append(_muted(h(doubt)))
    kind = _kind_chip(change.kind) + ("<br>" + " ".join(flags) if flags else "")
    return (
        f'<span style="white-space:nowrap;font-weight:600">{h(label_line(change))}</span>',
        kind,
        "".join(what),
        _credit(change.attributions, names),
    )


def change_html(c: Change, *, actors: Actors = None) -> str:
    """One change: labels, kind, redline, findings and credit.

    >>> import peaceplan
    >>> from peaceplan.compare.diff import diff
    >>> corpus = peaceplan.load_corpus()
    >>> html = change_html(diff(corpus.version("28-point"), corpus.version("20-point")).change(new="4"))
    >>> "<del" in html and "<ins" in html and "800,000" in html
    True
    """
    names = actor_names(actors)
    return _wrap(_table(("points", "kind", "what changed", "credit"), [_change_row(c, names)], wide=2))


def diff_html(d: Diff, *, actors: Actors = None, unchanged: bool = False, limit: int | None = ROWS) -> str:
    """A diff: the two versions, counts by kind and by proposer, then one row per change.

    As in the terminal, three or more consecutive points renumbered by one
    shift, and changed in nothing else, share one row. ``unchanged`` lists every
    point instead, the unchanged ones too, each on its own row. The table stops
    after ``limit`` rows (``None``: no limit) and says how many changes it left
    out.

    >>> import peaceplan
    >>> from peaceplan.compare.diff import diff
    >>> corpus = peaceplan.load_corpus()
    >>> html = diff_html(diff(corpus.version("28-point"), corpus.version("20-point")))
    >>> html.count("<tr>") > 20 and "army" in html.lower()
    True
    """
    limit = _checked_limit(limit)
    names = actor_names(actors)
    summary = d.summary()

    def side(v: Version) -> str:
        date = f", {h(v.date.human())}" if v.date else ""
        return f"<code>{h(v.id)}</code> <i>{h(v.title)}</i>{_muted(date)}"

    head = _heading(f"{side(d.old)} → {side(d.new)}")
    kinds = " ".join(_chip(f"{n} {h(k)}", KIND_COLOURS[k]) for k, n in summary.by_kind.items()) or _muted("no changes")
    same = unchanged_count(d)
    lines = [f"<div>{kinds} {_muted(f'· {same} unchanged') if same else ''}</div>"]
    if summary.by_proposer:
        counted = list(summary.by_proposer.items())
        who = " ".join(f"{_badge(a, names)}&nbsp;{n}" for a, n in counted[:8])
        if len(counted) > 8:
            rest = ", ".join(f"{names.get(a, a)} {n}" for a, n in counted[8:])
            who += f' <span title="{h(rest)}" style="{_MUTED};font-size:11px">+{len(counted) - 8} more</span>'
        lines.append(f"<div>{_muted('changes proposed by')} {who}</div>")
    if d.path and len(d.path) > 2:
        lines.append(f"<div>{_muted('traced along ' + ' → '.join(h(p) for p in d.path))}</div>")
    if d.metadata:
        fields = ", ".join(h(m.field) for m in d.metadata)
        lines.append(f"<div>{_muted('header changes: ' + fields)}</div>")
    # One row per change, or per folded run: (how to draw it, how many changes it stands for).
    groups = [[e] for e in d.entries] if unchanged else list(renumbering_runs(d.changes))
    items: list[tuple[Callable[[], tuple[str, ...]], int]] = []
    for group in groups:
        if len(group) >= FOLDED_RUN:
            items.append((partial(_run_row, group), len(group)))
        else:
            items.extend((partial(_change_row, c, names), 1) for c in group)
    shown = items[:limit]  # only the rows shown are drawn
    left_out = sum(n for _, n in items[len(shown) :])
    table = _table(("points", "kind", "what changed", "credit"), [draw() for draw, _ in shown], wide=2)
    what, everything = (
        ("entries", "diff_html(d, unchanged=True, limit=None)")
        if unchanged
        else ("changes", "diff_html(d, limit=None)")
    )
    tail = _left_out(left_out, what, everything, "d.to_frame()")
    return _wrap(head, *lines, table, tail)


def _run_row(run: Sequence[Change]) -> tuple[str, ...]:
    span = RenumberingRun.of(run)
    return (
        f'<span style="white-space:nowrap;font-weight:600">{h(span.labels)}</span>',
        _kind_chip(MatchKind.RENUMBERED),
        _muted(f"{h(span.count)}; nothing else changed"),
        "",
    )


def _checked_limit(limit: int | None) -> int | None:
    if limit is not None and (isinstance(limit, bool) or not isinstance(limit, int) or limit < 0):
        raise ValidationError(f"limit: expected a number of rows (0 or more), or None for every row; got {limit!r}")
    return limit


def _left_out(count: int, what: str, everything: str, frame: str) -> str:
    """The line under a table cut at its row limit: how much is missing and how to see it."""
    if not count:
        return ""
    show = f"IPython.display.HTML(peaceplan.render.notebook.{everything})"
    return (
        f"<div>{_muted(f'… and {count} more {what}, not shown. Every row: <code>{show}</code>; ')}"
        f"{_muted(f'a table to filter: <code>{frame}</code>')}</div>"
    )


# --- history ---------------------------------------------------------------------


def _worded_in(line: BlameLine, version: str) -> str:
    """Where a point's wording was written: blank in the blamed version, else that version (with its label if other)."""
    step = line.introduced
    if step.version == version:
        return ""
    return f"<code>{h(step.version if step.label == line.label else str(step.ref))}</code>"


def blame_html(b: Blame, *, actors: Actors = None, limit: int | None = ROWS) -> str:
    """A blame: for each provision, where its wording first appeared, who proposed it, and its origin.

    The table stops after ``limit`` provisions (``None``: no limit) and says how
    many it left out.

    >>> import peaceplan
    >>> from peaceplan.history.blame import blame
    >>> html = blame_html(blame(peaceplan.load_corpus(), "20-point"))
    >>> "28-point#6" in html
    True
    """
    limit = _checked_limit(limit)
    names = actor_names(actors)
    rows: list[tuple[str, ...]] = []
    for line in b.lines[:limit]:
        origin = "<br>".join(f'<code style="white-space:nowrap">{h(str(o.ref))}</code>' for o in line.origins)
        if line.predates_corpus:
            tip = "the corpus holds no earlier text of this point: its wording may be older"
            origin += f' <span title="{tip}" style="{_MUTED};font-size:11px;white-space:nowrap">pre-corpus</span>'
        depth = line.label.count(".")
        label = (
            f'<span style="padding-left:{1.2 * depth:.1f}em;font-weight:600;white-space:nowrap">{h(line.label)}</span>'
        )
        rows.append(
            (
                label,
                f'<span title="{h(line.text)}">{h(_short(line.text))}</span>',
                _worded_in(line, b.version),
                _kind_chip(line.introduced.verdict),
                _badges(line.proposers, names, line.attributions),
                origin,
            )
        )
    worded = sum(1 for line in b.lines if line.introduced.version == b.version)
    every = "all " if worded == len(b.lines) else ""
    head = _heading(
        f"Blame of <code>{h(b.version)}</code>",
        f"{_plural(len(b.lines), 'provision')}, {every}{worded} worded in this version",
    )
    header: tuple[str, ...] = ("point", "text", "worded in", "how", "proposed by", "origin")
    if worded == len(b.lines):  # a column naming the blamed version on every row says nothing
        header = header[:2] + header[3:]
        rows = [row[:2] + row[3:] for row in rows]
    table = _table(header, rows, wide=1)
    tail = _left_out(len(b.lines) - len(rows), "provisions", "blame_html(b, limit=None)", "b.to_frame()")
    return _wrap(head, table, tail)


def thread_html(t: Thread, *, actors: Actors = None) -> str:
    """A thread: each version's provisions on the subject and how they came from the drafts before.

    >>> import peaceplan
    >>> from peaceplan.history.thread import thread
    >>> html = thread_html(thread(peaceplan.load_corpus(), "army size"))
    >>> "geneva-19" in html and "<ins" in html
    True
    """
    names = actor_names(actors)
    rows = []
    for e in t.entries:
        date = f"<br>{_muted(h(e.date.human()))}" if e.date else ""
        where = f"<code>{h(e.version)}</code>{date}"
        labels = h(", ".join(e.labels)) if e.labels else _muted("—")
        if not e.changes:
            text = h(_short(" ".join(e.texts), _SHORT * 2))
            rows.append((where, labels, "", text, ""))
            continue
        for i, tc in enumerate(e.changes):
            c = tc.change
            old = ", ".join(f"{tc.parent}#{label}" for label in c.old_labels) or "∅"
            new = ", ".join(f"{tc.version}#{label}" for label in c.new_labels) or "∅"
            link = _muted(h(f"{old} → {new}") + (" · curated" if tc.curated else ""))
            body = f"<div>{link}</div>{_redline(c, limit=_SHORT)}{_findings(c, names)}"
            credit = _badges(tc.proposers, names, c.attributions)
            rows.append((where if i == 0 else "", labels if i == 0 else "", _kind_chip(c.kind), body, credit))
    what = "topic" if t.by_topic else "provision"
    head = _heading(
        f"Thread of {what} <code>{h(t.subject)}</code>",
        f"through {_plural(len(t.entries), 'version')}",
    )
    return _wrap(head, _table(("version", "points", "change", "text", "proposed by"), rows, wide=3))


def _share_cell(t: HeadTally) -> str:
    if t.reached == 0:
        return _muted("–")
    percent = f"{t.share:.0%}" if t.share is not None else "–"
    strength = t.share if t.share is not None else 0.0
    background = f"hsl(130,55%,{96 - 30 * strength:.0f}%)"
    # the rest of the changes that reached the head, said beside the survivors so the cell adds up
    rest = f"{t.superseded} superseded, {t.reverted + t.dropped} lost"
    return (
        f'<span style="display:inline-block;white-space:nowrap;background:{background};color:#0b2e13;'
        f'padding:0 4px" title="{t.survived} of {t.reached} changes survive ({rest}); {percent} of inserted words">'
        f"<b>{t.survived}</b>/{t.reached} · {percent}</span>"
        f'<br><span style="{_MUTED};font-size:11px;white-space:nowrap">{rest}</span>'
    )


def influence_html(i: Influence, *, actors: Actors = None) -> str:
    """An influence table: one row per actor, one column per head: changes that survive / reached, word share.

    Beside ``proposed``, ``roots`` counts root contributions (wording of versions with no parent) and
    ``contested`` the changes credited to the actor on contested attributions only.

    >>> import peaceplan
    >>> from peaceplan.history.influence import influence
    >>> html = influence_html(influence(peaceplan.load_corpus(), heads=["20-point"]))
    >>> "20-point" in html and "e3" in html
    True
    """
    names = actor_names(actors)
    rows = []
    for a in i.actors:
        cells = [_share_cell(t) for t in a.heads]
        who = _muted("unattributed") if a.actor == "?" else _badge(a.actor, names)
        contested = str(a.contested) if a.contested else _muted("–")
        rows.append((who, str(a.proposed), str(a.roots), contested, *cells))
    head = _heading(
        "Influence",
        f"{_plural(len(i.changes), 'change')} by {_plural(len(i.actors), 'actor')}; "
        "each cell: changes that survive / changes on the way to that head · share of inserted words kept; "
        "under it, the others: superseded (reworded again) and lost (reverted or dropped)",
    )
    header = ("actor", "proposed", "roots", "contested", *(f"<code>{h(x)}</code>" for x in i.heads))
    return _wrap(head, _table(header, rows))


def synopsis_html(s: Synopsis) -> str:
    """A synopsis: one row per lineage of points, one column per draft, each cell coloured by status.

    >>> import peaceplan
    >>> from peaceplan.history.synopsis import synopsis
    >>> html = synopsis_html(synopsis(peaceplan.load_corpus(), ["28-point", "20-point"]))
    >>> "dropped" in html
    True
    """
    rows = []
    for r in s.rows:
        cells = []
        for cell in r.cells:
            if cell.status is None:
                cells.append("")
                continue
            labels = f"<b>{h(', '.join(cell.labels))}</b> " if cell.labels else ""
            colour = STATUS_COLOURS.get(cell.status.value, "#8c959f")
            cells.append(f'{labels}<span style="color:{colour};font-size:11px">{h(cell.status.value)}</span>')
        rows.append((f"<code>{h(str(r.origin))}</code>", h(r.title or ""), *cells))
    head = _heading("Synopsis", f"{_plural(len(s.rows), 'row')} × {_plural(len(s.columns), 'draft')}")
    header = ("origin", "title", *(f"<code>{h(c)}</code>" for c in s.columns))
    return _wrap(head, _table(header, rows))


# --- timelines ------------------------------------------------------------------

_EVENT_COLOUR = "#8250df"
_VERSION_COLOUR = "#0969da"


def timeline_html(t: Timeline, *, actors: Actors = None) -> str:
    """A timeline: one row per version or event, oldest first, with its kind, place and actors.

    >>> import peaceplan
    >>> html = timeline_html(peaceplan.load_corpus().timeline())
    >>> "abu-dhabi-round-1" in html and "talks-round" in html
    True
    """
    names = actor_names(actors)
    rows = []
    for e in t.entries:
        when = h(e.date.human()) if e.date else ""
        if e.until:
            when += f" – {h(e.until.human())}"
        colour = _EVENT_COLOUR if e.is_event else _VERSION_COLOUR
        what = h(e.title) + (f" {_muted(h(e.place))}" if e.place else "")
        about = ", ".join(f"<code>{h(c)}</code>" for c in e.concerns)
        rows.append(
            (
                f'<span style="white-space:nowrap">{when}</span>',
                _chip(h(e.kind), colour),
                f"<code>{h(e.id)}</code>",
                what,
                _badges(e.actors, names),
                about,
            )
        )
    events = sum(1 for e in t.entries if e.is_event)
    note = f"{_plural(len(t.entries) - events, 'version')}, {_plural(events, 'event')}"
    title = f"Timeline of {t.document}" if t.document else "Timeline"
    table = _table(("date", "kind", "id", "what", "actors", "concerns"), rows, wide=3)
    return _wrap(_heading(h(title), note), table)


# --- the smaller results ----------------------------------------------------------


def summary_html(s: Summary, *, actors: Actors = None) -> str:
    """A diff's counts: by kind (chips), by proposer (badges), by kind of finding, and metadata fields.

    >>> import peaceplan
    >>> c = peaceplan.load_corpus()
    >>> "modified" in summary_html(c.diff("28-point", "20-point").summary())
    True
    """
    names = actor_names(actors)
    kinds = " ".join(f"{_kind_chip(MatchKind(k))} {n}" for k, n in s.by_kind.items()) or _muted("no changes")
    rows = [("changes", kinds)]
    if s.by_proposer:
        rows.append(("by proposer", " ".join(f"{_badge(a, names)} {n}" for a, n in s.by_proposer.items())))
    if s.findings:
        rows.append(("findings", h(", ".join(f"{k} {n}" for k, n in s.findings.items()))))
    if s.metadata:
        rows.append(("metadata", h(_plural(s.metadata, "header field") + " changed")))
    body = "".join(f'<tr><th style="{_TH}">{k}</th><td style="{_TD}">{v}</td></tr>' for k, v in rows)
    return _wrap(_heading("Summary"), f"{_TABLE}<tbody>{body}</tbody></table>")


def log_html(log: Log, *, actors: Actors = None) -> str:
    """A log: one row per version, parents first, with date, status, parents and proposer badges."""
    names = actor_names(actors)
    what = f"log of {log.document}" if log.document else "log of the corpus"
    rows = [
        (
            f"<b>{h(e.version)}</b>" + (f"<br>{_muted(h(_short(e.title, 80)))}" if e.title else ""),
            h(str(e.date)) if e.date else _muted("undated"),
            _chip(h(e.status.value), STATUS_COLOURS.get(e.status.value, "#59636e")),
            h(", ".join(e.parents)) if e.parents else _muted("root"),
            _badges(e.proposers, names),
        )
        for e in log.entries
    ]
    table = _table(("version", "date", "status", "parents", "proposed by"), rows)
    return _wrap(_heading(h(what), _plural(len(log.entries), "version")), table)


def redline_html(r: Redline) -> str:
    """Words kept, deleted (struck through) and inserted (underlined)."""
    out = []
    for seg in r.segments:
        if seg.op.value == "equal":
            out.append(h(seg.text))
        else:
            tag, style = ("ins", _INS) if seg.op.value == "insert" else ("del", _DEL)
            out.append(f'<{tag} style="{style}">{h(seg.text)}</{tag}>')
    return _wrap("".join(out))


def text_html(title: str, text: str) -> str:
    """A small result shown as its text under a title (a finding, a metadata change, a log entry...)."""
    lines = "<br>".join(h(line) for line in text.splitlines()) or _muted("(empty)")
    return _wrap(_heading(h(title)), f'<div style="white-space:pre-wrap">{lines}</div>')
