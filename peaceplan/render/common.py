"""What every diff renderer says, before any format decides how to say it.

The terminal, Markdown and HTML renderers share one reading of a
:class:`~peaceplan.compare.diff.Diff`: the marker and wording of each kind of change,
the label line ("6 → 4"), the credit grouped by role, the words of a point as
equal/inserted/deleted runs, and the display names of actors. Keeping that here
means the three formats cannot drift apart; they differ only in markup and in
escaping (:mod:`peaceplan.render.escape`).
"""

from __future__ import annotations

import hashlib
from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from typing import TYPE_CHECKING, Any

import attrs

from ..compare.findings import Evidence, Finding, stance_phrase
from ..compare.matches import MatchKind
from ..compare.redline import Op
from ..model.records import Actor, Attribution, Confidence, Provision, Role, Source, Version, proposers_of

if TYPE_CHECKING:  # annotations only: a renderer reads a diff, it need not import the engine
    from ..compare.diff import Change, Diff

__all__ = [
    "FOLDED_RUN",
    "KIND_MARKS",
    "POSSIBLE",
    "ROLE_WORDS",
    "Actors",
    "CreditLine",
    "FindingLine",
    "RenumberingRun",
    "Run",
    "StepLine",
    "actor_hue",
    "actor_names",
    "change_title",
    "cited_sources",
    "credit_lines",
    "finding_lines",
    "finding_texts",
    "label_line",
    "point_count",
    "provision_notes",
    "renumbering_runs",
    "runs",
    "short_value",
    "shown_confidence",
    "step_lines",
    "tagged_words",
    "top_shift",
    "unchanged_count",
]

Actors = Mapping[str, Actor] | Iterable[Actor] | None
"""Who the actor ids are: a mapping of id to :class:`Actor`, an iterable of actors, or ``None`` (show ids)."""

# A short mark and the word for each kind, shown on every change heading.
KIND_MARKS: Mapping[MatchKind, str] = {
    MatchKind.UNCHANGED: "=",
    MatchKind.RENUMBERED: "#",
    MatchKind.MOVED: "↕",
    MatchKind.REWORDED: "≈",
    MatchKind.MODIFIED: "~",
    MatchKind.SPLIT: "⑂",
    MatchKind.MERGED: "⋈",
    MatchKind.ADDED: "+",
    MatchKind.REMOVED: "−",
}

ROLE_WORDS: Mapping[Role, str] = {
    Role.PROPOSER: "proposed by",
    Role.DRAFTER: "drafted by",
    Role.ENDORSER: "endorsed by",
    Role.REPORTED_BY: "reported by",
}


def actor_names(actors: Actors) -> dict[str, str]:
    """Map actor ids to display names from whatever the caller has.

    >>> actor_names([Actor(id="us", name="United States", kind="state")])
    {'us': 'United States'}
    >>> actor_names(None)
    {}
    """
    if actors is None:
        return {}
    if isinstance(actors, Mapping):
        return {key: actor.name for key, actor in actors.items()}
    return {actor.id: actor.name for actor in actors}


def actor_hue(actor: str) -> int:
    """A stable hue (0–359) for an actor id: the same colour in notebooks, reports and plots.

    >>> actor_hue("us") == actor_hue("us"), 0 <= actor_hue("e3") < 360
    (True, True)
    """
    return int(hashlib.sha256(actor.encode("utf-8")).hexdigest()[:4], 16) % 360


@attrs.frozen
class Run:
    """A stretch of a point's words: ``op`` is ``"equal"``, ``"insert"`` or ``"delete"``."""

    op: str
    text: str


_OPS = {Op.EQUAL: "equal", Op.INSERT: "insert", Op.DELETE: "delete"}


def runs(change: Change) -> tuple[Run, ...]:
    """The words of a change as equal/inserted/deleted runs.

    Matched points give their redline; an added point is all inserted and a
    removed one all deleted (sub-points included).
    """
    if change.redline is not None:
        return tuple(Run(_OPS[s.op], s.text) for s in change.redline.segments if s.text)
    if change.new:
        return (Run("insert", _joined(change.new)),)
    if change.old:
        return (Run("delete", _joined(change.old)),)
    return ()


def tagged_words(change: Change, escape: Callable[[str], str]) -> str:
    """The words of a change escaped by ``escape``, insertions in ``<ins>`` and deletions in ``<del>``.

    Runs of whitespace alone are left untagged: an inserted space marks nothing a reader can see.

    >>> from peaceplan.compare.diff import diff
    >>> from peaceplan.model.records import Provision, Version
    >>> def v(text):
    ...     point = Provision(label="1", text=text)
    ...     return Version(id="v", document="d", title="T", status="draft", provisions=[point])
    >>> import html
    >>> tagged_words(diff(v("A <b> cap"), v("A <b> limit")).changes[0], html.escape)
    'A &lt;b&gt; <del>cap</del><ins>limit</ins>'
    """
    out = []
    for run in runs(change):
        text = escape(run.text)
        if run.op == "equal" or not text.strip():
            out.append(text)
        else:
            tag = "ins" if run.op == "insert" else "del"
            out.append(f"<{tag}>{text}</{tag}>")
    return "".join(out).strip()


def _joined(provisions: Iterable[Provision]) -> str:
    return " ".join(p.full_text() for p in provisions)


def label_line(change: Change) -> str:
    """``"6 → 4"``, ``"20 → 17, 18"``, ``"(new) → 12"``, ``"9 → (dropped)"``.

    Labels are checked by the model (no spaces, no line breaks) but not
    escaped: callers escape the line for their format.
    """
    old = ", ".join(change.old_labels) or "(new)"
    new = ", ".join(change.new_labels) or "(dropped)"
    return f"{old} → {new}"


@attrs.frozen
class CreditLine:
    """The actors credited in one role: ``proposed by`` United States, Ukraine (contested)."""

    words: str
    names: tuple[tuple[str, Confidence], ...]


def credit_lines(attributions: Iterable[Attribution], names: Mapping[str, str]) -> tuple[CreditLine, ...]:
    """Group credit by role, in role order, each actor once per role with its confidence.

    >>> line, = credit_lines([Attribution(actor="us", confidence="contested")], {"us": "United States"})
    >>> line.words, line.names
    ('proposed by', (('United States', <Confidence.CONTESTED: 'contested'>),))
    """
    by_role: dict[Role, dict[str, Confidence]] = {}
    for a in attributions:
        by_role.setdefault(a.role, {}).setdefault(names.get(a.actor, a.actor), a.confidence)
    return tuple(CreditLine(ROLE_WORDS[role], tuple(by_role[role].items())) for role in ROLE_WORDS if role in by_role)


def shown_confidence(confidence: Confidence) -> str | None:
    """The confidence word worth printing next to a name: only doubtful credit is marked.

    >>> shown_confidence(Confidence.CONTESTED), shown_confidence(Confidence.REPORTED)
    ('contested', None)
    """
    return confidence.value if confidence in (Confidence.CONTESTED, Confidence.INFERRED) else None


def match_doubt(change: Change) -> str | None:
    """How sure the aligner is of an uncertain pairing ("uncertain match, 43% sure"), or None when it is sure.

    Every view shows it beside the change's kind, so a reader knows which pairings to
    check (and accept or reject with ``peaceplan link``).
    """
    if not change.match.uncertain:
        return None
    return f"uncertain match, {round(change.match.confidence * 100)}% sure"


def change_title(change: Change) -> str | None:
    """The title of the point a change is about (new side first)."""
    return next((p.title for p in (*change.new, *change.old) if p.title), None)


@attrs.frozen
class FindingLine:
    """One finding as a renderer shows it: its text (marked "possible:" below the confidence
    threshold) and the evidence a reader checks it against, in each text."""

    text: str
    possible: bool
    old: Evidence | None
    new: Evidence | None

    def evidence_parts(self, mark: Callable[[str], str], quote: Callable[[str], str]) -> tuple[str, ...]:
        """The evidence as ``was …``/``now …`` parts: ``quote`` escapes text, ``mark`` wraps the words."""
        parts = []
        for side, ev in (("was", self.old), ("now", self.new)):
            if ev is not None:
                lo, hi = ev.start - ev.excerpt_start, ev.end - ev.excerpt_start
                before, words, after = ev.excerpt[:lo], ev.excerpt[lo:hi], ev.excerpt[hi:]
                parts.append(f"{side} “{quote(before)}{mark(quote(words))}{quote(after)}”")
        return tuple(parts)


POSSIBLE = "possible: "
"""How a finding below the confidence threshold is introduced (see :attr:`peaceplan.Finding.possible`)."""


def finding_lines(change: Change, names: Mapping[str, str] | None = None) -> tuple[FindingLine, ...]:
    """The findings as renderers show them: text without the point's title, "possible:" when unsure,
    and the evidence in each text; a text repeated by two findings is shown once.

    The heading of the change already names the point; "Army size: Russia now has
    reservations" under the heading "Army size" reads better as "Russia now has
    reservations". With ``names`` (actor id → display name) a party whose position
    changed is called by its name (see :meth:`peaceplan.compare.findings.Finding.named`).
    """
    title = change_title(change)
    prefix = f"{title}: " if title else None
    out: dict[str, FindingLine] = {}
    for f in change.findings:
        text = _finding_text(f, names, prefix)
        out.setdefault(text, FindingLine(text, f.possible, f.old_evidence, f.new_evidence))
    return tuple(out.values())


def _finding_text(f: Finding, names: Mapping[str, str] | None, prefix: str | None) -> str:
    text = f.named(names) if names else f.summary
    if prefix and text.startswith(prefix) and len(text) > len(prefix):
        text = text[len(prefix) :]
    return POSSIBLE + text if f.possible else text


def finding_texts(change: Change, names: Mapping[str, str] | None = None) -> tuple[str, ...]:
    """The findings' texts of :func:`finding_lines`, without their evidence."""
    return tuple(line.text for line in finding_lines(change, names))


@attrs.frozen
class StepLine:
    """One edge a change went through on its way between two non-adjacent versions."""

    parent: str
    version: str
    kind: MatchKind
    who: tuple[str, ...]


def step_lines(change: Change, names: Mapping[str, str]) -> tuple[StepLine, ...]:
    """The steps worth showing under a change: none for a direct edge, else each changing step once.

    Unchanged steps are left out, and a step shared by the parts of a merged
    point is shown once; ``who`` holds display names, each once.
    """
    if len(change.steps) <= 1:
        return ()
    lines = (
        StepLine(s.parent, s.version, s.kind, tuple(dict.fromkeys(names.get(a.actor, a.actor) for a in s.attributions)))
        for s in change.steps
        if s.kind is not MatchKind.UNCHANGED
    )
    return tuple(dict.fromkeys(lines))


FOLDED_RUN = 3
"""From this many consecutive points renumbered by one shift (and nothing else), views show one line for them."""


def top_shift(change: Change) -> tuple[int, int] | None:
    """For a point (or sub-point) whose number is all that changed: its old and new top-level numbers."""
    if change.kind is not MatchKind.RENUMBERED or len(change.old) != 1 or len(change.new) != 1:
        return None
    (old_top, _, old_rest), (new_top, _, new_rest) = (
        label.partition(".") for label in (*change.old_labels, *change.new_labels)
    )
    # isdecimal, not isdigit: "²" is a digit that int() refuses; and a label of
    # thousands of digits is not a point number worth folding (int() refuses it too).
    if not all(top.isdecimal() and len(top) <= 9 for top in (old_top, new_top)) or old_rest != new_rest:
        return None
    return int(old_top), int(new_top)


def renumbering_runs(changes: Iterable[Change]) -> Iterator[list[Change]]:
    """The changes in order, consecutive points renumbered by one shift (with their sub-points) grouped.

    Inserting a point near the top of a long text renumbers every point after
    it; listing each would bury the changes that matter. A run is cut by any
    other change, and by a gap or a different shift in the numbering.
    """
    run: list[Change] = []
    previous: tuple[int, int] | None = None
    for change in changes:
        shift = top_shift(change)
        if (
            run
            and shift is not None
            and previous is not None
            and shift[1] - shift[0] == previous[1] - previous[0]
            and shift[0] - previous[0] in (0, 1)
        ):
            run.append(change)
        else:
            if run:
                yield run
            run = [change]
        previous = shift
    if run:
        yield run


@attrs.frozen
class RenumberingRun:
    """What one line says of a run of :func:`renumbering_runs`: the numbers and how many points moved."""

    labels: str  # "2–40 → 3–41"
    count: str  # "39 points and 4 sub-points"

    @classmethod
    def of(cls, run: Sequence[Change]) -> RenumberingRun:
        shifts = [shift for c in run if (shift := top_shift(c)) is not None]  # every change of a run has one
        (old_first, new_first), (old_last, new_last) = shifts[0], shifts[-1]
        points = sum(1 for c in run if "." not in c.new_labels[0])
        subs = len(run) - points
        count = f"{points} points" + (f" and {subs} sub-points" if subs else "")
        return cls(f"{old_first}–{old_last} → {new_first}–{new_last}", count)


def point_count(version: Version) -> str:
    """How many points a version has, as ``peaceplan list`` and ``log`` count them, and with sub-points.

    The top-level points are what a plan's name counts (the 28-point plan has 28);
    when some have sub-points, the count of every point follows.

    >>> from peaceplan.corpus import load_corpus
    >>> c = load_corpus()
    >>> point_count(c.version("28-point")), point_count(c.version("geneva-19"))
    ('28 points, 43 with sub-points', '19 points')
    """
    top = len(version.provisions)
    every = sum(1 for _ in version.walk())
    said = f"{top} point" if top == 1 else f"{top} points"
    return said if every == top else f"{said}, {every} with sub-points"


def provision_notes(p: Provision, names: Mapping[str, str]) -> tuple[str, ...]:
    """What a version view prints under a point besides its text: the options on the table and the parties' positions.

    >>> from peaceplan.model.records import Alternative, Position, Provision
    >>> p = Provision(label="12", text="Not agreed.", alternatives=[Alternative(key="us", text="Run it jointly.")],
    ...               positions=[Position(actor="russia", stance="reserves", note="wants the plant")])
    >>> provision_notes(p, {"russia": "Russia"})
    ('option us: Run it jointly.', 'Russia has reservations (wants the plant)')
    """
    out = []
    for a in p.alternatives:
        who = proposers_of(a.attributions)
        by = f" (proposed by {', '.join(names.get(x, x) for x in who)})" if who else ""
        out.append(f"option {a.key}: {a.text}{by}")
    for pos in p.positions:
        note = f" ({pos.note})" if pos.note else ""
        out.append(f"{names.get(pos.actor, pos.actor)} {stance_phrase(pos.stance.value)}{note}")
    return tuple(out)


def cited_sources(diff: Diff) -> tuple[Source, ...]:
    """Every source cited by a change of the diff (or its steps), each once, in order of citation."""
    seen: dict[str, Source] = {}
    for change in diff.changes:
        for s in change.sources:
            seen.setdefault(s.id, s)
        for step in change.steps:
            for s in step.sources:
                seen.setdefault(s.id, s)
    return tuple(seen.values())


def unchanged_count(diff: Diff) -> int:
    """How many matched points did not change at all."""
    return len(diff.entries) - len(diff.changes)


def short_value(value: Any, limit: int = 100) -> str:
    """A metadata value in a few words: ids where a list has them, ``None`` as ``(none)``, long text cut.

    A list of ids (parents) or of records with an actor or an id (attributions,
    sources) reads as those names, as long as they fit in ``limit``; else by its length.

    >>> short_value(None), short_value(["geneva-19"]), short_value([{"actor": "us"}, {"actor": "ukraine"}])
    ('(none)', 'geneva-19', 'us, ukraine')
    >>> short_value([{"text": "x"}, {"text": "y"}]), short_value("leaked")
    ('2 items', 'leaked')
    """
    if value is None:
        return "(none)"
    if isinstance(value, (list, tuple)):
        names = [_name_of(item) for item in value]
        if value and all(names) and len(listed := ", ".join(str(n) for n in names)) <= limit:
            return listed
        return f"{len(value)} item{'s' if len(value) != 1 else ''}"
    if isinstance(value, dict):
        return f"{len(value)} field{'s' if len(value) != 1 else ''}"
    text = " ".join(str(value).split())
    return text if len(text) <= limit else text[: limit - 1].rstrip() + "…"


def _name_of(item: Any) -> str | None:
    """What names a list item: itself when it is a short text, else its ``actor`` or ``id`` field."""
    if isinstance(item, str):
        return item if len(item) <= 40 else None
    if isinstance(item, dict):
        found = item.get("actor") or item.get("id")
        return found if isinstance(found, str) else None
    return None
