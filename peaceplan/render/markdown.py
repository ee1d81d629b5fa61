"""A diff (or one version) as Markdown, for READMEs, issues, wikis and mkdocs.

Insertions and deletions are the HTML tags ``<ins>`` and ``<del>``, which
GitHub, GitLab and mkdocs all render (underlined and struck through) and which
stay unambiguous in the raw file, unlike ``**bold**`` for an insertion. Every
piece of user text goes through
:func:`~peaceplan.render.escape.escape_markdown`: Markdown control characters
are backslash-escaped, ``<``, ``>`` and ``&`` too (so raw HTML and entities in a
file stay text), and line breaks fold into spaces so no text can open a
heading, list, table row or code block. Links are written only for ``http``,
``https`` and ``mailto`` URLs.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Mapping
from typing import TYPE_CHECKING

from ..compare.matches import MatchKind
from ..model.metadata import MetadataChange
from ..model.records import Attribution, Provision, Source, Version
from .common import (
    FOLDED_RUN,
    KIND_MARKS,
    Actors,
    RenumberingRun,
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
from .escape import escape_markdown, safe_url

if TYPE_CHECKING:  # annotations only: a renderer reads a diff, it need not import the engine
    from ..compare.diff import Change, Diff

__all__ = ["render_markdown", "render_version_markdown"]

md = escape_markdown


def render_markdown(diff: Diff, *, actors: Actors = None) -> str:
    """The diff as a Markdown report: summary, metadata, each change, sources.

    >>> from peaceplan.compare.diff import diff
    >>> from peaceplan.corpus import load_corpus
    >>> c = load_corpus()
    >>> d = diff(c.version("28-point"), c.version("20-point"))
    >>> render_markdown(d).splitlines()[0]
    '# 28-point → 20-point'
    """
    names = actor_names(actors)
    return "\n".join(_diff_lines(diff, names)).rstrip() + "\n"


def _diff_lines(diff: Diff, names: Mapping[str, str]) -> Iterator[str]:
    yield f"# {md(diff.old.id)} → {md(diff.new.id)}"
    yield ""
    yield f"- **Old:** {_version_line(diff.old)}"
    yield f"- **New:** {_version_line(diff.new)}"
    if len(diff.path) > 2:
        yield f"- **Path:** {' → '.join(md(v) for v in diff.path)}"
    yield ""
    yield from _summary_lines(diff, names)
    if diff.metadata:
        yield "## Metadata changes"
        yield ""
        yield from _metadata_lines(diff.metadata)
    yield "## Changes"
    yield ""
    if not diff.changes:
        yield "The texts are the same."
        yield ""
    for run in renumbering_runs(diff.changes):  # points only renumbered fold into one line, as in the terminal
        if len(run) >= FOLDED_RUN:
            span = RenumberingRun.of(run)
            mark = md(KIND_MARKS[MatchKind.RENUMBERED])
            yield f"### {mark} {md(span.labels)} · renumbered — {md(span.count)}; nothing else changed"
            yield ""
            continue
        for change in run:
            yield from _change_lines(change, names)
    sources = cited_sources(diff)
    if sources:
        yield "## Sources"
        yield ""
        yield from _source_lines(sources)


def _version_line(v: Version) -> str:
    bits = [f"{md(v.id)}: {md(v.title)}"]
    if v.date:
        bits.append(md(str(v.date)))
    bits.append(v.status.value)
    bits.append(f"{v.fidelity.value} text")
    return " · ".join(bits)


def _summary_lines(diff: Diff, names: Mapping[str, str]) -> Iterator[str]:
    summary = diff.summary()
    yield "## Summary"
    yield ""
    if summary.by_kind:
        yield "| Kind | Points |"
        yield "| --- | ---: |"
        for kind, n in summary.by_kind.items():
            yield f"| {md(kind)} | {n} |"
        yield ""
    same = unchanged_count(diff)
    yield f"{len(diff.changes)} points changed, {same} unchanged, {len(diff.metadata)} metadata fields changed."
    yield ""
    if summary.by_proposer:
        who = ", ".join(f"{md(names.get(a, a))} ({n})" for a, n in summary.by_proposer.items())
        yield f"**By proposer:** {who}"
        yield ""
    if summary.findings:
        yield "**Findings:** " + ", ".join(f"{md(k)} ({n})" for k, n in summary.findings.items())
        yield ""


def _metadata_lines(changes: Iterable[MetadataChange]) -> Iterator[str]:
    yield "| Field | Old | New |"
    yield "| --- | --- | --- |"
    for m in changes:
        yield f"| {md(m.field)} | {md(short_value(m.old))} | {md(short_value(m.new))} |"
    yield ""


def _credit(attributions: Iterable[Attribution], names: Mapping[str, str]) -> str:
    parts = []
    for line in credit_lines(attributions, names):
        who = []
        for name, confidence in line.names:
            shown = shown_confidence(confidence)
            who.append(f"**{md(name)}**" + (f" *({shown})*" if shown else ""))
        parts.append(f"{line.words} {', '.join(who)}")
    text = "; ".join(parts)
    return text[:1].upper() + text[1:]


def _change_lines(change: Change, names: Mapping[str, str]) -> Iterator[str]:
    title = change_title(change)
    heading = f"### {md(KIND_MARKS[change.kind])} {md(label_line(change))} · {change.kind.value}"
    if change.match.moved and change.kind.value != "moved":
        heading += " (moved)"
    doubt = match_doubt(change)
    if doubt:
        heading += f" ({md(doubt)})"
    if title:
        heading += f" — {md(title)}"
    yield heading
    yield ""
    credit = _credit(change.attributions, names)
    if credit:
        yield credit
        yield ""
    words = tagged_words(change, md)
    if words:
        yield words
        yield ""
    if change.findings:
        yield "> **Findings**"
        for line in finding_lines(change, names):
            yield f"> - {md(line.text)}"
            evidence = line.evidence_parts(lambda w: f"**{w}**", md)
            if evidence:
                yield f">   <br>*{' → '.join(evidence)}*"
        yield ""
    steps = step_lines(change, names)
    for step in steps:
        who = f" ({', '.join(md(name) for name in step.who)})" if step.who else ""
        yield f"- *{md(step.parent)} → {md(step.version)}:* {step.kind.value}{who}"
    if steps:
        yield ""
    if change.sources:
        yield "Sources: " + "; ".join(_source_ref(s) for s in change.sources)
        yield ""


def _link(text: str, url: str | None) -> str:
    href = safe_url(url)
    if href is None or any(ch in href for ch in "<>\\"):
        return md(text)
    return f"[{md(text)}](<{href}>)"


def _source_ref(s: Source) -> str:
    return f"{_link(s.title, s.url)} ({md(s.publisher)}, {s.reliability.value})"


def _source_lines(sources: Iterable[Source]) -> Iterator[str]:
    for s in sources:
        date = f", {md(str(s.date))}" if s.date else ""
        yield f"- {_link(s.title, s.url)} — {md(s.publisher)}{date} · **{s.reliability.value}**"
    yield ""


def render_version_markdown(version: Version, *, actors: Actors = None) -> str:
    """One version as Markdown: header, credit, every point with its sub-points, and sources.

    >>> from peaceplan.corpus import load_corpus
    >>> v = load_corpus().version("28-point")
    >>> render_version_markdown(v).splitlines()[0]
    '# US 28-point peace plan (leaked draft)'
    """
    names = actor_names(actors)
    lines = [f"# {md(version.title)}", "", f"- **Version:** {_version_line(version)} · {point_count(version)}"]
    credit = _credit(version.attributions, names)
    if credit:
        lines.append(f"- {credit}")
    lines.append("")
    for p in version.provisions:
        lines.extend(_provision_lines(p, 0, names))
    lines.append("")
    if version.sources:
        lines.extend(["## Sources", ""])
        lines.extend(_source_lines(version.sources))
    return "\n".join(lines).rstrip() + "\n"


def _provision_lines(p: Provision, level: int, names: Mapping[str, str]) -> Iterator[str]:
    title = f"*{md(p.title)}* " if p.title else ""
    yield f"{'  ' * level}- **{md(p.label)}\\.** {title}{md(p.text)}"
    for note in provision_notes(p, names):
        yield f"{'  ' * (level + 1)}- *{md(' '.join(note.split()))}*"  # no edge spaces inside the emphasis
    for child in p.children:
        yield from _provision_lines(child, level + 1, names)
