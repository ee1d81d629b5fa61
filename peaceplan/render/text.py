"""The terminal redline: a diff (or one version) as text, coloured when the terminal allows.

Built on rich: insertions are green and underlined, deletions red and struck
through, each change headed by its kind mark, its labels and who proposed it,
with its substantive findings listed beneath. Without colour (``NO_COLOR`` set,
output not a terminal, or ``color=False``) the same report is plain text with
git's word-diff markers, ``[-deleted-]{+inserted+}``, so it survives pipes,
logs and e-mail. Text is wrapped to the terminal width (or ``width``).

User text is put into rich ``Text`` objects (never parsed as rich markup) and
passed through :func:`~peaceplan.render.escape.visible`, so neither markup nor
terminal escape sequences in a file reach the terminal.
"""

from __future__ import annotations

import io
import os
import shutil
import sys
from collections import Counter
from collections.abc import Iterable, Iterator, Mapping, Sequence
from typing import TYPE_CHECKING

from rich.color import ColorSystem
from rich.console import Console, RenderableType
from rich.padding import Padding
from rich.segment import Segment
from rich.text import Text

from ..compare.matches import MatchKind
from ..model.records import Attribution, Confidence, Provision, Version
from .common import (
    FOLDED_RUN,
    KIND_MARKS,
    Actors,
    CreditLine,
    RenumberingRun,
    actor_names,
    change_title,
    credit_lines,
    finding_lines,
    label_line,
    match_doubt,
    point_count,
    provision_notes,
    renumbering_runs,
    runs,
    short_value,
    shown_confidence,
    step_lines,
    unchanged_count,
)
from .escape import visible

if TYPE_CHECKING:  # annotations only: a renderer reads a diff, it need not import the engine
    from ..compare.diff import Change, Diff

__all__ = ["KIND_STYLES", "render_text", "render_version_text", "want_color", "words_text"]

KIND_STYLES: Mapping[MatchKind, str] = {
    MatchKind.UNCHANGED: "dim",
    MatchKind.RENUMBERED: "blue",
    MatchKind.MOVED: "blue",
    MatchKind.REWORDED: "cyan",
    MatchKind.MODIFIED: "yellow",
    MatchKind.SPLIT: "magenta",
    MatchKind.MERGED: "magenta",
    MatchKind.ADDED: "green",
    MatchKind.REMOVED: "red",
}
_INSERT = "green underline"
_DELETE = "red strike"


def want_color(stream: object = None) -> bool:
    """Whether to colour output: never with ``NO_COLOR``, always with ``FORCE_COLOR``, else only on a terminal.

    >>> import io
    >>> want_color(io.StringIO())
    False
    """
    if os.environ.get("NO_COLOR"):
        return False
    if os.environ.get("FORCE_COLOR"):
        return True
    stream = sys.stdout if stream is None else stream
    isatty = getattr(stream, "isatty", None)
    return bool(isatty and isatty())


class _VisibleConsole(Console):
    """A console whose every piece of printed text passes :func:`~peaceplan.render.escape.visible`.

    The renderers make user text visible where they build it (so widths are
    measured on what is shown); this is the net under them: whatever text a
    renderable carries, a label or a title that a renderer forgot included,
    leaves the console with its control, C1, bidi and zero-width characters
    made visible. Only the console's own control segments (its colour codes)
    pass unchanged.
    """

    def _render_buffer(self, buffer: Iterable[Segment]) -> str:
        shown = (segment if segment.control else Segment(visible(segment.text), *segment[1:]) for segment in buffer)
        return super()._render_buffer(shown)


def terminal_console(color: bool | None, width: int | None) -> tuple[Console, bool]:
    """A rich console that writes to a string, and whether it colours.

    Colour as asked, else as :func:`want_color` decides; ``width`` in columns
    (at least 20), else the terminal's. User text is never read as markup,
    highlighted or turned into emoji. Every terminal renderer prints through one.
    """
    use_color = want_color() if color is None else color
    if width is None:
        width = shutil.get_terminal_size((100, 24)).columns
    console = _VisibleConsole(
        file=io.StringIO(),
        width=max(width, 20),
        color_system="standard" if use_color else None,
        force_terminal=use_color,
        no_color=not use_color,
        highlight=False,
        markup=False,
        emoji=False,
        legacy_windows=False,
        _environ={},
    )
    return console, use_color


def print_parts(parts: Iterable[RenderableType], color: bool | None, width: int | None) -> str:
    """The parts printed through :func:`terminal_console`, trailing spaces stripped.

    A ``Text`` made ``no_wrap`` is cut to the width with ``…`` (the console does not read that off the Text).
    A ``Text``, or one indented by :class:`~rich.padding.Padding` on the left only, is wrapped here
    and its lines printed in one batch: rich's ``Padding`` renders its content, then crops and pads
    every line again, which made a report of 20,000 points cost more than the diff it shows.
    Anything else is printed by the console as it is. The output is the same either way.
    """
    console, use_color = terminal_console(color, width)
    batch: list[Text] = []

    def flush() -> None:
        if not batch:
            return
        if use_color:  # each line's styled segments, written as the console writes them (no second wrap)
            out: list[str] = []
            for line in batch:
                if line.style:  # render() reads a Text's own style only from its spans
                    line = Text().append(line)
                for seg in line.render(console, end=""):
                    out.append(seg.style.render(seg.text, color_system=ColorSystem.STANDARD) if seg.style else seg.text)
                out.append("\n")
            console.file.write("".join(out))
        else:  # the plain text of each line is what the console would write
            console.file.write("\n".join(line.plain for line in batch) + "\n")
        batch.clear()

    width = console.width  # a property that asks the OS for the terminal's size on every read
    for part in parts:
        indent, inner = _left_indent(part)
        if not isinstance(inner, Text) or "\t" in inner.plain:
            flush()
            if isinstance(part, Text) and part.no_wrap:
                console.print(part, no_wrap=True, overflow="ellipsis")
            else:
                console.print(part)
            continue
        # Deep outlines indent no further than leaves room for 20 columns of text (a width of
        # zero or less would stop the wrap altogether).
        indent = min(indent, max(0, width - 20))
        room = max(1, width - indent)
        no_wrap = bool(inner.no_wrap) and indent == 0
        plain = inner.plain
        if (
            "\n" not in plain
            and (len(plain) <= room // 2 or inner.cell_len <= room)
            and inner.justify in (None, "default")
        ):
            lines: Iterable[Text] = (inner,)  # one line that fits: what wrap would return, without dividing it
        else:
            lines = inner.wrap(
                console,
                room,
                justify=inner.justify or "default",
                overflow="ellipsis" if no_wrap else inner.overflow or "fold",
                tab_size=8,
                no_wrap=no_wrap,
            )
        pad = Text(" " * indent) if indent else None
        for line in lines:
            if no_wrap:
                line.truncate(room, overflow="ellipsis")
            batch.append(Text.assemble(pad, line) if pad is not None else line)
    flush()
    out = console.file.getvalue()  # type: ignore[attr-defined]
    return "\n".join(line.rstrip() for line in str(out).split("\n"))


def _left_indent(part: RenderableType) -> tuple[int, RenderableType]:
    """How far ``part`` is indented by Padding on the left only, and what it indents (else 0 and ``part``)."""
    indent = 0
    while isinstance(part, Padding) and not (part.top or part.right or part.bottom) and part.style in ("", "none"):
        indent += part.left
        part = part.renderable
    return indent, part


def _t(text: str, style: str = "") -> Text:
    return Text(visible(text), style=style, overflow="fold")


def _indent(renderable: RenderableType, level: int = 1) -> Padding:
    return Padding(renderable, (0, 0, 0, 2 * level))


def render_text(
    diff: Diff,
    *,
    color: bool | None = None,
    width: int | None = None,
    actors: Actors = None,
) -> str:
    """The diff as a terminal redline.

    ``color=None`` decides from the environment (:func:`want_color`);
    ``width=None`` uses the terminal width. ``actors`` (the corpus's actors)
    turns actor ids into names.

    >>> from peaceplan.compare.diff import diff
    >>> from peaceplan.corpus import load_corpus
    >>> c = load_corpus()
    >>> d = diff(c.version("28-point"), c.version("20-point"))
    >>> "600,000" in render_text(d, color=False, width=100)
    True
    """
    use_color = want_color() if color is None else color
    names = actor_names(actors)
    return print_parts(_diff_parts(diff, use_color, names), use_color, width)


def _diff_parts(diff: Diff, color: bool, names: Mapping[str, str]) -> Iterator[RenderableType]:
    yield Text.assemble(("peaceplan diff: ", "bold"), (diff.old.id, "bold"), " → ", (diff.new.id, "bold"))
    yield _indent(_t(f"old: {_version_line(diff.old)}"))
    yield _indent(_t(f"new: {_version_line(diff.new)}"))
    if len(diff.path) > 2:
        yield _indent(_t("path: " + " → ".join(diff.path)))
    yield Text()
    yield from _summary_parts(diff, names)
    folded = list(renumbering_runs(diff.changes))
    shown = [change for run in folded if len(run) < FOLDED_RUN for change in run]
    groups = _credit_groups(shown, names)
    crews = _step_groups(shown, names, start=len(groups))
    if groups or crews:
        yield Text("Credit, said once for the changes that share it:", style="bold")
        for credit, (key, n) in groups.items():
            others = {c: k for c, (k, _) in groups.items() if c != credit}
            refs, rest = _credit_refs(credit, others)  # a shared line said in its own group is named by its key
            yield _indent(_credit_line(f"[{key}] ", refs, rest, color, f" ({n} changes)"))
        for who, (key, n) in crews.items():
            line = Text(f"[{key}] ", style="bold", overflow="fold")
            line.append(visible(", ".join(who)), "bold")
            line.append(f" (on {n} steps between drafts)", "dim")
            yield _indent(line)
    for run in folded:
        if len(run) >= FOLDED_RUN:
            yield Text()
            yield _run_line(run)
            continue
        for change in run:
            yield Text()
            yield from _change_parts(change, color, names, groups=groups, crews=crews)


def _credit_groups(
    changes: Sequence[Change], names: Mapping[str, str]
) -> dict[tuple[CreditLine, ...], tuple[str, int]]:
    """Each credit that two or more changes share → its key (A, B, ...) and how many changes name it, most first.

    The drafts of a negotiation credit most of their points to one delegation; nine names
    repeated under forty changes hid the few changes someone else put in. A change whose own
    credit is a shared one-line credit plus lines of its own names the key too (and is counted).
    """
    credits = [credit_lines(c.attributions, names) for c in changes]
    counts = Counter(credits)
    counts.pop((), None)
    shared = [credit for credit, n in counts.most_common() if n >= 2]
    keys = {credit: _key(i) for i, credit in enumerate(shared)}
    uses: Counter[str] = Counter()
    for credit in credits:
        uses.update(_credit_refs(credit, keys)[0])
    return {credit: (key, uses[key]) for credit, key in keys.items()}


def _credit_refs(
    credit: tuple[CreditLine, ...], keys: Mapping[tuple[CreditLine, ...], str]
) -> tuple[tuple[str, ...], tuple[CreditLine, ...]]:
    """The keys a change's credit names (a whole shared credit, else its lines said once above) and its other lines."""
    whole = keys.get(credit)
    if whole is not None:
        return (whole,), ()
    refs = tuple(keys[(line,)] for line in credit if (line,) in keys)
    rest = tuple(line for line in credit if (line,) not in keys)
    return refs, rest


_CREW = 3
"""A list of this many proposers or more, under the steps of two or more changes, is said once above."""


def _step_groups(
    changes: Sequence[Change], names: Mapping[str, str], *, start: int
) -> dict[tuple[str, ...], tuple[str, int]]:
    """Each list of proposers that two or more step lines share → its key (after the credit keys) and how many.

    A change traced along the lineage lists the steps it went through, each with its proposers;
    a delegation of nine named under twenty steps buried the steps someone else drafted.
    """
    counts = Counter(step.who for c in changes for step in step_lines(c, names) if len(step.who) >= _CREW)
    shared = [(who, n) for who, n in counts.most_common() if n >= 2]
    return {who: (_key(start + i), n) for i, (who, n) in enumerate(shared)}


def _key(i: int) -> str:
    """A, B, ..., Z, AA, AB, ..."""
    return _key(i // 26 - 1) + chr(ord("A") + i % 26) if i >= 26 else chr(ord("A") + i)


def _credit_line(lead: str, refs: Sequence[str], credit: Sequence[CreditLine], color: bool, tail: str = "") -> Text:
    """A credit as one line: ``lead``, then ``as [A]`` for the lines said under other keys, then its own lines."""
    text = Text(lead, style="bold", overflow="fold")
    if refs:
        text.append("as " + ", ".join(f"[{key}]" for key in refs), "dim")
    if refs and credit:
        text.append("; ")
    if credit:
        text.append_text(_credit_of(credit, color))
    if tail:
        text.append(tail, "dim")
    return text


def _run_line(run: Sequence[Change]) -> Text:
    span = RenumberingRun.of(run)
    style = KIND_STYLES[MatchKind.RENUMBERED]
    return Text.assemble(
        (f"{KIND_MARKS[MatchKind.RENUMBERED]} {visible(span.labels)}", f"bold {style}"),
        ("  ", ""),
        ("renumbered", style),
        (f"  ({span.count}; nothing else changed)", "dim"),
    )


def _version_line(v: Version) -> str:
    bits = [v.title]
    if v.date:
        bits.append(str(v.date))
    bits.append(v.status.value)
    if v.fidelity.value != "verbatim":
        bits.append(v.fidelity.value)
    return " · ".join(bits)


def _summary_parts(diff: Diff, names: Mapping[str, str]) -> Iterator[RenderableType]:
    summary = diff.summary()
    kinds = ", ".join(f"{n} {k}" for k, n in summary.by_kind.items()) or "no changes to the text"
    same = unchanged_count(diff)
    yield Text.assemble(("Summary: ", "bold"), kinds + (f"; {same} unchanged" if same else ""))
    if summary.by_proposer:
        who = ", ".join(f"{names.get(a, a)} {n}" for a, n in summary.by_proposer.items())
        yield _indent(_t(f"by proposer: {who}"))
    if summary.findings:
        yield _indent(_t("findings: " + ", ".join(f"{k} {n}" for k, n in summary.findings.items())))
    if diff.metadata:
        yield Text("Metadata:", style="bold")
        for m in diff.metadata:
            yield _indent(_t(f"{m.field}: {short_value(m.old)} → {short_value(m.new)}"))


def _change_parts(
    change: Change,
    color: bool,
    names: Mapping[str, str],
    *,
    groups: Mapping[tuple[CreditLine, ...], tuple[str, int]] | None = None,
    crews: Mapping[tuple[str, ...], tuple[str, int]] | None = None,
) -> Iterator[RenderableType]:
    style = KIND_STYLES[change.kind]
    heading = Text.assemble(
        (f"{KIND_MARKS[change.kind]} {visible(label_line(change))}", f"bold {style}"),
        ("  ", ""),
        (change.kind.value, style),
    )
    flags = [flag for flag, on in (("moved", change.match.moved), ("curated", change.match.curated)) if on]
    if flags and change.kind.value not in flags:
        heading.append(f" ({', '.join(flags)})", "dim")
    doubt = match_doubt(change)
    if doubt:
        heading.append(f" ({doubt})", "yellow")
    title = change_title(change)
    if title:
        heading.append("  ")
        heading.append(visible(title), "italic")
    yield heading
    keys = {c: k for c, (k, _) in (groups or {}).items()}
    refs, rest = _credit_refs(credit_lines(change.attributions, names), keys)
    if refs:
        text = Text("credit " + ", ".join(f"[{key}]" for key in refs), "dim", overflow="fold")
        if rest:
            text.append("; ")
            text.append_text(_credit_of(rest, color))
        yield _indent(text)
    elif rest:
        yield _indent(_credit_of(rest, color))
    words = words_text(change, color)
    if words.plain.strip():
        yield _indent(words)
    for finding in finding_lines(change, names):
        style = "yellow" if finding.possible else "bold"
        mark = "? " if finding.possible else "! "
        yield _indent(Text.assemble((mark, "bold yellow"), (visible(finding.text), style)))
        evidence = finding.evidence_parts(lambda w: f"[{w}]", visible)
        if evidence:
            yield _indent(_t("  " + " → ".join(evidence), "dim"))
    for step in step_lines(change, names):
        crew = (crews or {}).get(step.who)
        who = f" (credit [{crew[0]}])" if crew else f" ({', '.join(step.who)})" if step.who else ""
        yield _indent(_t(f"{step.parent} → {step.version}: {step.kind.value}{who}", "dim"))


def _credit_text(attributions: Iterable[Attribution], names: Mapping[str, str], color: bool) -> Text | None:
    lines = credit_lines(attributions, names)
    return _credit_of(lines, color) if lines else None


def _credit_of(lines: Sequence[CreditLine], color: bool) -> Text:
    text = Text(overflow="fold")
    for i, line in enumerate(lines):
        if i:
            text.append("; ")
        text.append(line.words + " ", "dim")
        for j, (name, confidence) in enumerate(line.names):
            if j:
                text.append(", ")
            text.append(visible(name), "bold")
            shown = shown_confidence(confidence)
            if shown:
                text.append(f" ({shown})", "bold red" if confidence is Confidence.CONTESTED else "dim")
    return text


def words_text(change: Change, color: bool) -> Text:
    """The redline of one change as rich Text: styled when ``color``, else ``[-old-]{+new+}`` markers."""
    text = Text(overflow="fold")
    for run in runs(change):
        words = visible(run.text)
        if run.op == "equal":
            text.append(words)
        elif color:
            text.append(words, _INSERT if run.op == "insert" else _DELETE)
        elif run.op == "insert":
            text.append("{+" + words + "+}")
        else:
            text.append("[-" + words + "-]")
    return text


def render_version_text(
    version: Version,
    *,
    color: bool | None = None,
    width: int | None = None,
    actors: Actors = None,
) -> str:
    """One version as text: its header, credit, and every point with its sub-points.

    >>> from peaceplan.corpus import load_corpus
    >>> v = load_corpus().version("28-point")
    >>> render_version_text(v, color=False, width=100).splitlines()[0]
    '28-point: US 28-point peace plan (leaked draft)'
    """
    use_color = want_color() if color is None else color
    names = actor_names(actors)
    return print_parts(_version_parts(version, use_color, names), use_color, width)


def _version_parts(version: Version, color: bool, names: Mapping[str, str]) -> Iterator[RenderableType]:
    yield Text.assemble((version.id, "bold"), ": ", (visible(version.title), "bold"))
    yield _indent(_t(f"{_version_line(version)} · {point_count(version)}"))
    credit = _credit_text(version.attributions, names, color)
    if credit is not None:
        yield _indent(credit)
    for p in version.provisions:
        yield Text()
        yield from _provision_parts(p, 0, names)
    if version.sources:
        yield Text()
        yield Text("Sources:", style="bold")
        for s in version.sources:
            date = f", {s.date}" if s.date else ""
            yield _indent(_t(f"[{s.id}] {s.title} — {s.publisher}{date} · {s.reliability.value}"))


def _provision_parts(p: Provision, level: int, names: Mapping[str, str]) -> Iterator[RenderableType]:
    head = Text(f"{visible(p.label)}. ", style="bold", overflow="fold")
    if p.title:  # the separator keeps title and text apart when bold is not shown
        head.append(visible(p.title), "bold")
        head.append(" — ")
    head.append(visible(p.text))
    if p.topics:
        head.append(f"  [{', '.join(p.topics)}]", "dim")
    yield _indent(head, level) if level else head
    for note in provision_notes(p, names):
        yield _indent(_t(f"· {note}"), level + 1)
    for child in p.children:
        yield from _provision_parts(child, level + 1, names)
