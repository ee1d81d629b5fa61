"""A diff (or one version) as one standalone HTML file.

The report needs no network and no JavaScript: the stylesheet is inline, the
fonts are the reader's system fonts, and the list of unchanged points folds
with ``<details>``. It reads top to bottom: the two versions, a summary (counts
by kind, by proposer and by finding), metadata changes, then one card per
changed point with its redline (``<ins>``/``<del>``), its substantive findings
called out, proposer badges (contested credit drawn dashed and labelled), its
path through intermediate drafts, and its sources with their reliability.

Every piece of user text goes through
:func:`~peaceplan.render.escape.escape_html`; URLs are linked only when
:func:`~peaceplan.render.escape.safe_url` accepts them.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Mapping, Sequence
from typing import TYPE_CHECKING

from ..compare.matches import MatchKind
from ..model.records import Attribution, Confidence, Provision, Source, Version
from .common import (
    FOLDED_RUN,
    KIND_MARKS,
    Actors,
    RenumberingRun,
    actor_hue,
    actor_names,
    change_title,
    cited_sources,
    credit_lines,
    finding_lines,
    label_line,
    match_doubt,
    point_count,
    provision_notes,
    renumbering_runs,
    short_value,
    shown_confidence,
    step_lines,
    tagged_words,
    unchanged_count,
)
from .escape import escape_html, safe_url

if TYPE_CHECKING:  # annotations only: a renderer reads a diff, it need not import the engine
    from ..compare.diff import Change, Diff

__all__ = ["render_html", "render_version_html"]

h = escape_html

_CSS = """
:root { --ink: #1f2328; --muted: #59636e; --line: #d1d9e0; --card: #ffffff; --page: #f6f8fa;
  --ins: #1a7f37; --ins-bg: #dafbe1; --del: #cf222e; --del-bg: #ffebe9; }
* { box-sizing: border-box; }
body { margin: 0; background: var(--page); color: var(--ink);
  font: 16px/1.55 system-ui, -apple-system, "Segoe UI", Roboto, "Noto Sans", sans-serif; }
main { max-width: 62rem; margin: 0 auto; padding: 2rem 1.25rem 4rem; overflow-wrap: anywhere; }
h1 { font-size: 1.7rem; margin: 0 0 .75rem; line-height: 1.25; }
h2 { font-size: 1.2rem; margin: 2.25rem 0 .75rem; padding-bottom: .3rem; border-bottom: 1px solid var(--line); }
a { color: #0969da; }
.versions { display: grid; grid-template-columns: 1fr 1fr; gap: .75rem; margin: 0; }
.versions > div { background: var(--card); border: 1px solid var(--line); border-radius: 8px; padding: .7rem 1rem; }
.versions dt { font-size: .75rem; text-transform: uppercase; letter-spacing: .05em; color: var(--muted); }
.versions dd { margin: 0; }
.meta { color: var(--muted); font-size: .9rem; }
.path { color: var(--muted); margin: .75rem 0 0; }
.cards { display: flex; flex-wrap: wrap; gap: .5rem; margin: 0; padding: 0; list-style: none; }
.cards li { background: var(--card); border: 1px solid var(--line); border-left: 4px solid var(--k, #8c959f);
  border-radius: 6px; padding: .35rem .8rem; min-width: 7rem; }
.cards b { display: block; font-size: 1.4rem; line-height: 1.2; }
.cards span { color: var(--muted); font-size: .85rem; }
.facts { margin: .9rem 0 0; padding: 0; list-style: none; }
.facts li { margin: .25rem 0; }
table { border-collapse: collapse; width: 100%; background: var(--card); font-size: .92rem; }
th, td { border: 1px solid var(--line); padding: .35rem .6rem; text-align: left; vertical-align: top; }
th { background: var(--page); }
.fields td:first-child { white-space: nowrap; font-weight: 600; }
.change { background: var(--card); border: 1px solid var(--line); border-left: 5px solid var(--k, #8c959f);
  border-radius: 8px; padding: .8rem 1.1rem; margin: 0 0 1rem; }
.change header { display: flex; flex-wrap: wrap; align-items: baseline; gap: .3rem .6rem; }
.labels { font-weight: 700; font-size: 1.05rem; }
.kind { font-size: .78rem; font-weight: 700; text-transform: uppercase; letter-spacing: .04em; color: #fff;
  background: var(--k, #8c959f); border-radius: 999px; padding: .05rem .55rem; }
.flag { font-size: .78rem; color: var(--muted); border: 1px solid var(--line); border-radius: 999px; padding: 0 .5rem; }
.title { font-style: italic; color: var(--muted); }
.credit { margin: .45rem 0 0; font-size: .9rem; color: var(--muted); }
.badge { display: inline-block; color: var(--ink); background: hsl(var(--hue, 210) 70% 94%);
  border: 1px solid hsl(var(--hue, 210) 45% 70%); border-radius: 999px; padding: 0 .55rem; margin: .1rem 0; }
.badge.contested { border-style: dashed; background: #fff8c5; border-color: #9a6700; }
.badge small { color: var(--muted); }
.redline { margin: .6rem 0 0; font-size: 1.02rem; }
ins { color: var(--ins); background: var(--ins-bg); text-decoration: underline; text-decoration-thickness: 1px; }
del { color: var(--del); background: var(--del-bg); text-decoration: line-through; }
del + ins, ins + del { margin-left: .2em; }
.findings { margin: .7rem 0 0; padding: .45rem .8rem .45rem 2rem; background: #fff8c5;
  border: 1px solid #d4a72c; border-radius: 6px; }
.findings li { font-weight: 600; }
.findings li.possible { font-weight: 400; font-style: italic; }
.findings .evidence { display: block; font-weight: 400; font-size: .85em; color: #57606a; }
.findings .evidence mark { background: #fff0a8; color: inherit; }
.steps { margin: .6rem 0 0; padding: 0; list-style: none; font-size: .88rem; color: var(--muted); }
.steps li::before { content: "↳ "; }
.sources-line { margin: .6rem 0 0; font-size: .85rem; color: var(--muted); }
.rel { display: inline-block; font-size: .72rem; font-weight: 700; text-transform: uppercase;
  letter-spacing: .04em; border-radius: 4px; padding: 0 .35rem; color: #fff; background: #59636e; }
.rel-official { background: #1a7f37; } .rel-leaked { background: #bc4c00; }
.rel-reported { background: #0969da; } .rel-analysis { background: #8250df; }
.k-unchanged { --k: #8c959f; } .k-renumbered, .k-moved { --k: #0969da; } .k-reworded { --k: #1b7c83; }
.k-modified { --k: #9a6700; } .k-split, .k-merged { --k: #8250df; } .k-added { --k: #1a7f37; }
.k-removed { --k: #cf222e; }
details { background: var(--card); border: 1px solid var(--line); border-radius: 8px; padding: .6rem 1rem; }
summary { cursor: pointer; font-weight: 600; }
.point { margin: .5rem 0; }
.point .point { margin-left: 1.5rem; }
.legend { font-size: .88rem; color: var(--muted); margin: .9rem 0 0; }
footer { margin-top: 3rem; font-size: .8rem; color: var(--muted); }
@media (max-width: 40rem) { .versions { grid-template-columns: 1fr; } }
"""


def _page(title: str, body: Iterable[str]) -> str:
    return (
        "<!DOCTYPE html>\n"
        '<html lang="en">\n<head>\n<meta charset="utf-8">\n'
        '<meta name="viewport" content="width=device-width, initial-scale=1">\n'
        '<meta name="generator" content="peaceplan">\n'
        f"<title>{h(title)}</title>\n<style>{_CSS}</style>\n</head>\n<body>\n<main>\n"
        + "\n".join(body)
        + "\n<footer>Made with peaceplan. Texts are summaries; see each source for the original wording.</footer>\n"
        "</main>\n</body>\n</html>\n"
    )


def render_html(diff: Diff, *, title: str | None = None, actors: Actors = None) -> str:
    """The diff as one self-contained HTML page.

    >>> from peaceplan.compare.diff import diff
    >>> from peaceplan.corpus import load_corpus
    >>> c = load_corpus()
    >>> page = render_html(diff(c.version("28-point"), c.version("20-point")))
    >>> page.startswith("<!DOCTYPE html>") and "<del>" in page and "http" not in page.split("<main>")[0]
    True
    """
    names = actor_names(actors)
    title = title or f"{diff.old.id} → {diff.new.id}"
    return _page(title, _diff_body(diff, title, names))


def _diff_body(diff: Diff, title: str, names: Mapping[str, str]) -> Iterator[str]:
    yield f"<h1>{h(title)}</h1>"
    yield '<dl class="versions">'
    for side, v in (("Old", diff.old), ("New", diff.new)):
        yield f'<div><dt>{side}</dt><dd><b>{h(v.title)}</b></dd><dd class="meta">{_version_meta(v)}</dd></div>'
    yield "</dl>"
    if len(diff.path) > 2:
        yield f'<p class="path">Traced through {" → ".join(f"<b>{h(v)}</b>" for v in diff.path)}</p>'
    yield from _summary(diff, names)
    if diff.metadata:
        yield "<h2>Metadata changes</h2>"
        yield '<table class="fields"><thead><tr><th>Field</th><th>Old</th><th>New</th></tr></thead><tbody>'

        for m in diff.metadata:
            yield f"<tr><td>{h(m.field)}</td><td>{h(short_value(m.old))}</td><td>{h(short_value(m.new))}</td></tr>"
        yield "</tbody></table>"
    yield f"<h2>Changes ({len(diff.changes)})</h2>"
    if not diff.changes:
        yield "<p>The texts are the same.</p>"
    index = 1
    for run in renumbering_runs(diff.changes):  # points only renumbered fold into one line, as in the terminal
        if len(run) >= FOLDED_RUN:
            yield _folded(run, index)
        else:
            for offset, change in enumerate(run):
                yield _change(change, index + offset, names)
        index += len(run)
    changed = {id(e) for e in diff.changes}
    same = [e for e in diff.entries if id(e) not in changed]
    if same:
        yield "<h2>Unchanged</h2>"
        yield f"<details><summary>{len(same)} points unchanged</summary>"
        for e in same:
            for p in e.new:
                yield _provision(p)
        yield "</details>"
    sources = cited_sources(diff)
    if sources:
        yield "<h2>Sources</h2>"
        yield from _source_table(sources)


def _version_meta(v: Version) -> str:
    bits = [f"<code>{h(v.id)}</code>"]
    if v.date:
        bits.append(h(str(v.date)))
    bits.append(h(v.status.value))
    bits.append(f"{h(v.fidelity.value)} text")
    return " · ".join(bits)


def _summary(diff: Diff, names: Mapping[str, str]) -> Iterator[str]:
    summary = diff.summary()
    yield "<h2>Summary</h2>"
    yield '<ul class="cards">'
    for kind, n in summary.by_kind.items():
        yield f'<li class="k-{h(kind)}"><b>{n}</b><span>{h(kind)}</span></li>'
    yield f'<li class="k-unchanged"><b>{unchanged_count(diff)}</b><span>unchanged</span></li>'
    if diff.metadata:
        yield f"<li><b>{len(diff.metadata)}</b><span>metadata fields</span></li>"
    yield "</ul>"
    yield '<ul class="facts">'
    if summary.by_proposer:
        who = ", ".join(f"{_badge(a, names.get(a, a))} {n}" for a, n in summary.by_proposer.items())
        yield f"<li><b>Credited:</b> {who}</li>"
    if summary.findings:
        found = ", ".join(f"{h(k)} {n}" for k, n in summary.findings.items())
        yield f"<li><b>Substantive findings:</b> {found}</li>"
    yield "</ul>"
    yield '<p class="legend">In each point: <del>deleted words</del> and <ins>inserted words</ins>.</p>'


def _badge(actor: str, name: str, confidence: Confidence | None = None) -> str:
    if confidence is Confidence.CONTESTED:
        return f'<span class="badge contested" title="credit contested">{h(name)} <small>contested</small></span>'
    shown = shown_confidence(confidence) if confidence is not None else None
    note = f" <small>{h(shown)}</small>" if shown else ""
    return f'<span class="badge" style="--hue: {actor_hue(actor)}">{h(name)}{note}</span>'


def _credit(attributions: Iterable[Attribution], names: Mapping[str, str]) -> str:
    ids = {names.get(a.actor, a.actor): a.actor for a in attributions}
    parts = []
    for line in credit_lines(attributions, names):
        badges = " ".join(_badge(ids.get(name, name), name, confidence) for name, confidence in line.names)
        parts.append(f"{h(line.words)} {badges}")
    return " · ".join(parts)


def _folded(run: Sequence[Change], index: int) -> str:
    """One line for a run of points that were only renumbered (``id`` of its first change)."""
    span = RenumberingRun.of(run)
    return (
        f'<article class="change k-renumbered folded" id="change-{index}"><header>'
        f'<span class="labels">{h(span.labels)}</span>'
        f'<span class="kind">{h(KIND_MARKS[MatchKind.RENUMBERED])} renumbered</span>'
        f'<span class="title">{h(span.count)}; nothing else changed</span></header></article>'
    )


def _change(change: Change, index: int, names: Mapping[str, str]) -> str:
    kind = change.kind.value
    title = change_title(change)
    out = [f'<article class="change k-{h(kind)}" id="change-{index}">', "<header>"]
    out.append(f'<span class="labels">{h(label_line(change))}</span>')
    out.append(f'<span class="kind">{h(KIND_MARKS[change.kind])} {h(kind)}</span>')
    if change.match.moved and kind != "moved":
        out.append('<span class="flag">moved</span>')
    doubt = match_doubt(change)
    if doubt:
        out.append(f'<span class="flag uncertain">{h(doubt)}</span>')
    if title:
        out.append(f'<span class="title">{h(title)}</span>')
    out.append("</header>")
    credit = _credit(change.attributions, names)
    if credit:
        out.append(f'<p class="credit">{credit}</p>')
    words = tagged_words(change, h)
    if words:
        out.append(f'<p class="redline">{words}</p>')
    findings = finding_lines(change, names)
    if findings:
        out.append('<ul class="findings">')
        for line in findings:
            evidence = line.evidence_parts(lambda w: f"<mark>{w}</mark>", h)
            shown = f'<span class="evidence">{" → ".join(evidence)}</span>' if evidence else ""
            opening = '<li class="possible">' if line.possible else "<li>"
            out.append(f"{opening}{h(line.text)}{shown}</li>")
        out.append("</ul>")
    steps = step_lines(change, names)
    if steps:
        out.append('<ul class="steps">')
        for step in steps:
            tail = f" — {', '.join(h(name) for name in step.who)}" if step.who else ""
            out.append(f"<li>{h(step.parent)} → {h(step.version)}: {h(step.kind.value)}{tail}</li>")
        out.append("</ul>")
    if change.sources:
        refs = "; ".join(_source_ref(s) for s in change.sources)
        out.append(f'<p class="sources-line">Sources: {refs}</p>')
    out.append("</article>")
    return "\n".join(out)


def _link(text: str, url: str | None) -> str:
    href = safe_url(url)
    if href is None:
        return h(text)
    return f'<a href="{h(href)}" rel="noopener noreferrer">{h(text)}</a>'


def _reliability(s: Source) -> str:
    value = s.reliability.value
    return f'<span class="rel rel-{h(value)}">{h(value)}</span>'


def _source_ref(s: Source) -> str:
    return f"{_link(s.title, s.url)} <small>({h(s.publisher)})</small> {_reliability(s)}"


def _source_table(sources: Iterable[Source]) -> Iterator[str]:
    yield "<table><thead><tr><th>Source</th><th>Publisher</th><th>Date</th><th>Reliability</th></tr></thead><tbody>"
    for s in sources:
        date = h(str(s.date)) if s.date else ""
        cells = (_link(s.title, s.url), h(s.publisher), date, _reliability(s))
        yield "<tr>" + "".join(f"<td>{cell}</td>" for cell in cells) + "</tr>"
    yield "</tbody></table>"


def render_version_html(version: Version, *, title: str | None = None, actors: Actors = None) -> str:
    """One version as a standalone HTML page: header, credit, every point, sources.

    >>> from peaceplan.corpus import load_corpus
    >>> page = render_version_html(load_corpus().version("28-point"))
    >>> "<title>US 28-point peace plan (leaked draft)</title>" in page
    True
    """
    names = actor_names(actors)
    title = title or version.title
    body = [f"<h1>{h(title)}</h1>", f'<p class="meta">{_version_meta(version)} · {h(point_count(version))}</p>']
    credit = _credit(version.attributions, names)
    if credit:
        body.append(f'<p class="credit">{credit}</p>')
    body.append("<h2>Points</h2>")
    body.extend(_provision(p, names) for p in version.provisions)
    if version.sources:
        body.append("<h2>Sources</h2>")
        body.extend(_source_table(version.sources))
    return _page(title, body)


def _provision(p: Provision, names: Mapping[str, str] | None = None) -> str:
    """A point with its sub-points; with ``names``, its options and the parties' positions under it."""
    title = f"<b>{h(p.title)}</b> " if p.title else ""
    notes = "".join(f'<div class="meta">{h(n)}</div>' for n in provision_notes(p, names)) if names is not None else ""
    children = "".join(_provision(c, names) for c in p.children)
    return f'<div class="point"><b>{h(p.label)}.</b> {title}{h(p.text)}{notes}{children}</div>'
