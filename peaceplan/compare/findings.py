"""Substantive findings: the changes between two drafts that negotiators argue about.

A redline says which words changed; a :class:`Finding` says what that means:
the troop cap was raised from 600,000 to 800,000, the 100-day deadline for
elections was dropped, "It is expected that" hardened to "shall", NATO and
Europe joined the US as guarantors, Crimea is no longer named. Each finding is
structured data (kind, old value, new value, direction) with a one-sentence
summary, so renderers and tables need not parse prose.

Findings come from regular expressions and small vocabularies, not from a
language model: numbers, amounts, durations and dates, typed by what they
measure; modal verbs ranked by strength; negations; conditions with their
actor, trigger and effect; qualifiers; parties; places. The vocabularies
(``ACTORS``, ``COMPARISONS``, ``PLACES``, ``PLACE_SPELLINGS``, ``MODALS``,
``HEDGES``, ``NEGATIONS``, ``CONDITION_MARKERS``, ``CONDITION_EFFECTS``,
``QUALIFIERS``, ``REMOVALS``) are re-exported here from
:mod:`peaceplan.compare.mentions`, which reads them at call time: a later release (or a
caller, by rebinding them in :mod:`peaceplan.compare.mentions`) can extend them.

Each finding carries its :class:`Evidence` (the words it rests on in each text,
with the clause around them) and a ``confidence``; below :data:`POSSIBLE_BELOW`
it is shown as "possible" rather than stated.

Only mentions that touch a changed run of the word-level :func:`~peaceplan.compare.redline.redline`
are compared; they are paired across the two texts by the change they sit in and
by the words around them, so "600,000 personnel" and "800,000 in peacetime" are
one raised number rather than a removal and an addition. The analysis is
symmetric by construction: swapping the texts inverts every finding
(raised ↔ lowered, added ↔ removed, softened ↔ hardened).

What a text mentions is found once and kept for the next comparison it takes part
in (a draft's text is the new side of one step and the old side of the next), as
long as the vocabularies stay as they are. A caller that only asks whether a change
is substantive calls :func:`has_findings` (or :func:`has_text_findings`): the same
answer as ``bool()`` of the findings, stopping at the first one.
"""

from __future__ import annotations

import bisect
import functools
import math
import re
from collections.abc import Callable, Iterable, Mapping, Sequence
from typing import Any

import attrs

from ..errors import ValidationError
from ..model.fields import _coerce
from ..model.records import Provision, proposers_of
from .findingkinds import Direction, FindingKind
from .mentions import (
    ACTORS,
    COMPARISONS,
    CONDITION_EFFECTS,
    CONDITION_MARKERS,
    EPISTEMIC,
    HEDGES,
    IMPLICIT_LEVEL,
    MODALS,
    NEGATIONS,
    PLACE_SPELLINGS,
    PLACES,
    QUALIFIERS,
    REMOVALS,
    Mention,
    actor_matches,
    actor_order,
    context_words,
    date_key,
    duration_days,
    names_modal,
    text_mentions,
)
from .redline import Op, RedlineOptions, editorial_form, redline

__all__ = [
    "ACTORS",
    "COMPARISONS",
    "CONDITION_EFFECTS",
    "CONDITION_MARKERS",
    "HEDGES",
    "MODALS",
    "NEGATIONS",
    "PLACES",
    "PLACE_SPELLINGS",
    "POSSIBLE_BELOW",
    "QUALIFIERS",
    "REMOVALS",
    "Direction",
    "Evidence",
    "Finding",
    "FindingKind",
    "has_findings",
    "has_text_findings",
    "provision_findings",
    "stance_phrase",
    "text_findings",
    "topic_findings",
]


# --- the finding record --------------------------------------------------------------


def _to_kind(value: object) -> FindingKind:
    return _coerce(FindingKind, value, "Finding.kind")


def _to_direction(value: object) -> Direction:
    return _coerce(Direction, value, "Finding.direction")


def _optional_str(instance: object, attribute: attrs.Attribute[Any], value: object) -> None:
    if value is not None and not isinstance(value, str):
        raise ValidationError(f"Finding.{attribute.name}: expected a string or None, got {value!r}")


def _offset(instance: object, attribute: attrs.Attribute[int], value: object) -> None:
    if not isinstance(value, int) or isinstance(value, bool) or value < 0:
        raise ValidationError(f"Evidence.{attribute.name}: expected an offset (an integer >= 0), got {value!r}")


@attrs.frozen(kw_only=True)
class Evidence:
    """Where in one text a finding rests: the words at ``start:end`` and the clause around them.

    ``start`` and ``end`` are offsets in the text that was compared (a point's own
    text, or the texts of merged points joined by a space); ``excerpt`` is the clause
    around the words, beginning at offset ``excerpt_start``, so a reader can check the
    finding without the whole text.

    >>> e = Evidence(start=28, end=35, excerpt="Ukraine's army is capped at 600,000 personnel")
    >>> e.words, e.marked()
    ('600,000', "Ukraine's army is capped at [600,000] personnel")
    """

    start: int = attrs.field(validator=_offset)
    end: int = attrs.field(validator=_offset)
    excerpt: str = attrs.field(validator=attrs.validators.instance_of(str))
    excerpt_start: int = attrs.field(default=0, validator=_offset)

    def __attrs_post_init__(self) -> None:
        lo, hi = self.start - self.excerpt_start, self.end - self.excerpt_start
        if not 0 <= lo <= hi <= len(self.excerpt):
            raise ValidationError(
                f"Evidence: expected start <= end inside the excerpt (offsets {self.excerpt_start}.."
                f"{self.excerpt_start + len(self.excerpt)}), got {self.start}..{self.end}"
            )

    @property
    def words(self) -> str:
        """The words the finding rests on."""
        return self.excerpt[self.start - self.excerpt_start : self.end - self.excerpt_start]

    def marked(self, left: str = "[", right: str = "]") -> str:
        """The excerpt with the words marked: "capped at [600,000] personnel"."""
        lo, hi = self.start - self.excerpt_start, self.end - self.excerpt_start
        return f"{self.excerpt[:lo]}{left}{self.excerpt[lo:hi]}{right}{self.excerpt[hi:]}"

    def to_dict(self) -> dict[str, Any]:
        return {"start": self.start, "end": self.end, "excerpt": self.excerpt, "excerpt_start": self.excerpt_start}

    @classmethod
    def from_dict(cls, data: Mapping[str, Any]) -> Evidence:
        return cls(
            start=data["start"], end=data["end"], excerpt=data["excerpt"], excerpt_start=data.get("excerpt_start", 0)
        )


def _to_evidence(value: object) -> Evidence | None:
    if value is None or isinstance(value, Evidence):
        return value
    if isinstance(value, Mapping):
        return Evidence.from_dict(value)
    raise ValidationError(f"Finding evidence: expected an Evidence, a mapping or None, got {value!r}")


def _confidence(instance: object, attribute: attrs.Attribute[float], value: object) -> None:
    if isinstance(value, bool) or not isinstance(value, int | float) or not 0.0 <= value <= 1.0:
        raise ValidationError(f"Finding.confidence: expected a number from 0 to 1, got {value!r}")


POSSIBLE_BELOW = 0.6
"""Findings with a confidence below this are shown as "possible" rather than stated."""


def _default_summary(self: Finding) -> str:
    return _describe(self.kind, self.old, self.new, self.direction, self.subject, self.about)


@attrs.frozen(kw_only=True)
class Finding:
    """One substantive change, as data: what kind, old and new value as written, which way.

    ``subject`` is what the provision is about ("army cap"), used in the summary;
    ``about`` names the option, actor or party a finding concerns when the kind
    needs it ("option us"). ``summary`` is written from the other fields when not
    given, and rewritten by :meth:`invert`.

    >>> f = Finding(kind="number", old="600,000", new="800,000", direction="raised", subject="army cap")
    >>> f.summary
    'army cap raised from 600,000 to 800,000'
    >>> f.invert().summary
    'army cap lowered from 800,000 to 600,000'
    """

    kind: FindingKind = attrs.field(converter=_to_kind)
    old: str | None = attrs.field(validator=_optional_str)
    new: str | None = attrs.field(validator=_optional_str)
    direction: Direction = attrs.field(converter=_to_direction)
    path: str | None = attrs.field(default=None, validator=_optional_str)
    subject: str | None = attrs.field(default=None, validator=_optional_str)
    about: str | None = attrs.field(default=None, validator=_optional_str)
    summary: str = attrs.field(default=attrs.Factory(_default_summary, takes_self=True))
    old_evidence: Evidence | None = attrs.field(default=None, converter=_to_evidence)
    new_evidence: Evidence | None = attrs.field(default=None, converter=_to_evidence)
    confidence: float = attrs.field(default=1.0, validator=_confidence)

    def __attrs_post_init__(self) -> None:
        if self.old is None and self.new is None:
            raise ValidationError(f"Finding: expected an old or a new value (or both), got neither for {self.kind}")

    @property
    def possible(self) -> bool:
        """Whether the finding is shown as "possible" rather than stated (confidence below :data:`POSSIBLE_BELOW`)."""
        return self.confidence < POSSIBLE_BELOW

    @property
    def softens(self) -> bool:
        """Whether the change weakens an obligation ("shall" → "may")."""
        return self.direction is Direction.SOFTENED

    @property
    def hardens(self) -> bool:
        """Whether the change strengthens an obligation ("is expected" → "shall")."""
        return self.direction is Direction.HARDENED

    def invert(self) -> Finding:
        """The same finding read from the new text back to the old one."""
        direction = self.direction.inverse()
        summary = _describe(self.kind, self.new, self.old, direction, self.subject, self.about)
        return attrs.evolve(
            self,
            old=self.new,
            new=self.old,
            direction=direction,
            summary=summary,
            old_evidence=self.new_evidence,
            new_evidence=self.old_evidence,
        )

    def named(self, names: Mapping[str, str]) -> str:
        """The summary, with the party whose position it reports called by its display name.

        A position finding knows its party by actor id; a report that knows the
        corpus's actors (``names``: id → display name) reads better with "Russia"
        than with "russia". Other findings, and a summary given explicitly, are
        returned as they are.

        >>> f = Finding(kind="position", old=None, new="reserves", direction="added", about="russia")
        >>> f.summary
        'russia now has reservations'
        >>> f.named({"russia": "Russia"})
        'Russia now has reservations'
        """
        name = names.get(self.about) if self.kind is FindingKind.POSITION and self.about else None
        if not name or self.summary != _default_summary(self):
            return self.summary
        return _describe(self.kind, self.old, self.new, self.direction, self.subject, name)

    def to_dict(self) -> dict[str, Any]:
        data = {
            "kind": self.kind.value,
            "direction": self.direction.value,
            "old": self.old,
            "new": self.new,
            "summary": self.summary,
            "path": self.path,
            "subject": self.subject,
            "about": self.about,
            "old_evidence": self.old_evidence.to_dict() if self.old_evidence else None,
            "new_evidence": self.new_evidence.to_dict() if self.new_evidence else None,
            "confidence": self.confidence if self.confidence != 1.0 else None,
        }
        return {k: v for k, v in data.items() if v is not None}

    @classmethod
    def from_dict(cls, data: Mapping[str, Any]) -> Finding:
        return cls(**{"old": None, "new": None} | dict(data))

    def _repr_html_(self) -> str:
        """The notebook display: its text under a title (IPython calls it; no IPython import needed)."""
        from ..render.notebook import text_html

        return text_html(f"Finding ({self.kind.value})", self.summary)


# --- summaries -------------------------------------------------------------------


def _q(text: str | None) -> str:
    text = text or ""
    return f'"{text}"' if len(text) <= 80 else f'"{text[:77].rstrip()}…"'


_STANCES = {"accepts": "accepts it", "rejects": "rejects it", "reserves": "has reservations", "proposes": "proposes it"}


def stance_phrase(stance: str | None) -> str:
    """A party's stance as a phrase: "reserves" → "has reservations".

    >>> stance_phrase("reserves"), stance_phrase("accepts")
    ('has reservations', 'accepts it')
    """
    return _STANCES.get(stance or "", stance or "")


def _listing(names: Sequence[str]) -> str:
    if len(names) < 2:
        return "".join(names)
    return f"{', '.join(names[:-1])} and {names[-1]}"


def _describe(
    kind: FindingKind, old: str | None, new: str | None, direction: Direction, subject: str | None, about: str | None
) -> str:
    if subject and kind in (FindingKind.NUMBER, FindingKind.AMOUNT) and old is not None and new is not None:
        return f"{subject} {direction.value} from {old} to {new}"
    core = _core(kind, old, new, direction, about)
    return f"{subject}: {core}" if subject else core


def _core(kind: FindingKind, old: str | None, new: str | None, direction: Direction, about: str | None) -> str:
    if old is None:
        return _added(kind, new or "", direction, about)
    if new is None:
        return _removed(kind, old, direction, about)
    if kind in (FindingKind.NUMBER, FindingKind.AMOUNT):
        return f"{old} {direction.value} to {new}"
    if kind is FindingKind.DURATION:
        if direction in (Direction.RAISED, Direction.LOWERED):
            verb = "lengthened" if direction is Direction.RAISED else "shortened"
            return f"{_q(old)} {verb} to {_q(new)}"
        before, after = duration_days(old), duration_days(new)
        if before is not None and after is None:
            return f"deadline {_q(old)} dropped; now {_q(new)}"
        if before is None and after is not None:
            return f"deadline {_q(new)} set; was {_q(old)}"
        return f"{_q(old)} changed to {_q(new)}"
    if kind is FindingKind.DATE:
        earlier, later = date_key(old), date_key(new)
        when = "later" if later > earlier else "earlier" if later < earlier else ""
        return f"date moved {when} from {old} to {new}".replace("  ", " ")
    if kind is FindingKind.MODALITY:
        return f"{direction.value} from {_q(old)} to {_q(new)}"
    if kind is FindingKind.PARTY:
        was, now = actor_order(old), actor_order(new)
        gained = [a for a in now if a not in was]
        lost = [a for a in was if a not in now]
        kept = [a for a in now if a in was]
        if gained and lost:
            return f"{_listing(lost)} replaced by {_listing(gained)}"
        if gained:
            return f"{_listing(gained)} added" + (f" alongside {_listing(kept)}" if kept else "")
        if lost:
            return f"{_listing(lost)} dropped" + (f", leaving {_listing(kept)}" if kept else "")
        return f"{_q(old)} changed to {_q(new)}"
    if kind is FindingKind.POSITION:
        return f"{about} now {stance_phrase(new)} (before: {stance_phrase(old)})"
    if kind is FindingKind.ALTERNATIVE:
        return f"{about} changed from {_q(old)} to {_q(new)}"
    if kind is FindingKind.CONDITION and about:
        return f"condition changed ({about}) from {_q(old)} to {_q(new)}"
    return f"{kind.value} changed from {_q(old)} to {_q(new)}"


def _added(kind: FindingKind, new: str, direction: Direction, about: str | None) -> str:
    if kind is FindingKind.CONDITION and about:
        return f"condition added ({about}): {_q(new)}"
    if kind is FindingKind.MODALITY:
        return f"{_q(new)} added ({direction.value})"
    if kind is FindingKind.PLACE:
        return f"{new} now named"
    if kind is FindingKind.PARTY:
        return f"{_listing(actor_order(new)) or new} now named" + (", to be excluded" if about == "excluded" else "")
    if kind is FindingKind.POSITION:
        return f"{about} now {stance_phrase(new)}"
    if kind is FindingKind.ALTERNATIVE:
        return f"{about} added: {_q(new)}"
    if kind in (FindingKind.NUMBER, FindingKind.AMOUNT):
        return f"{new} added"
    return f"{kind.value} added: {_q(new)}"


def _removed(kind: FindingKind, old: str, direction: Direction, about: str | None) -> str:
    if kind is FindingKind.CONDITION and about:
        return f"condition removed ({about}): {_q(old)}"
    if kind is FindingKind.MODALITY:
        return f"{_q(old)} dropped ({direction.value})"
    if kind is FindingKind.PLACE:
        return f"{old} no longer named"
    if kind is FindingKind.PARTY:
        return f"{_listing(actor_order(old)) or old} no longer named" + (
            " (was excluded)" if about == "excluded" else ""
        )
    if kind is FindingKind.POSITION:
        return f"{about}'s position no longer recorded (before: {stance_phrase(old)})"
    if kind is FindingKind.ALTERNATIVE:
        return f"{about} removed: {_q(old)}"
    if kind in (FindingKind.NUMBER, FindingKind.AMOUNT):
        return f"{old} removed"
    return f"{kind.value} removed: {_q(old)}"


# --- comparing two texts -------------------------------------------------------------

_Span = tuple[int, int, int, int]  # a changed run: old start, old end, new start, new end
# (kind order, position) for sorting, then a finding as kind, old and new value, direction, about,
# evidence in each text and confidence
_Scored = tuple[
    tuple[int, int], FindingKind, str | None, str | None, Direction, str | None,
    tuple["Evidence | None", "Evidence | None"], float,
]  # fmt: skip
_KIND_ORDER = {kind: i for i, kind in enumerate(FindingKind)}
_EDITORIAL = RedlineOptions()
_PAIR_THRESHOLD = 1.0
_DIGIT = re.compile(r"\d")


def _changed_spans(old: str, new: str) -> tuple[_Span, ...]:
    spans: list[_Span] = []
    i = j = 0
    current: list[int] | None = None
    for segment in redline(old, new).segments:
        size = len(segment.text)
        if segment.op is Op.EQUAL:
            if current is not None:
                spans.append((current[0], i, current[1], j))
                current = None
            i, j = i + size, j + size
            continue
        if current is None:
            current = [i, j]
        if segment.op is Op.DELETE:
            i += size
        else:
            j += size
    if current is not None:
        spans.append((current[0], i, current[1], j))
    return tuple(spans)


class _Comparison:
    """Two texts, their changed runs, and the helpers that pair mentions across them.

    :meth:`groups` and :meth:`context` depend only on a mention's side and offsets,
    and pairing asks for them many times over: they are computed once per comparison.
    """

    def __init__(self, old: str, new: str) -> None:
        self.texts = (old, new)
        self._groups: dict[tuple[int, int, int], frozenset[int]] = {}
        self._context: dict[tuple[int, int, int], frozenset[str]] = {}
        # Made on first use (places are compared without them): see _made. Plain attributes, not
        # functools.cached_property, which takes a lock on each first use before Python 3.12.
        self._spans: tuple[_Span, ...] | None = None
        self._runs: tuple[tuple[tuple[int, int, int], ...], ...] = ()
        self._ends: tuple[tuple[int, ...], ...] = ()

    @property
    def spans(self) -> tuple[_Span, ...]:
        """The changed runs, from the redline."""
        return self._spans if self._spans is not None else self._made()

    def _made(self) -> tuple[_Span, ...]:
        """The changed runs, kept with each side's runs as (run, start, end), for :meth:`groups`, and where each
        side's runs end, in order (the runs of a side follow one another, kept text between), for :meth:`touched`."""
        spans = self._spans = _changed_spans(*self.texts)
        self._runs = tuple(tuple((k, span[lo], span[lo + 1]) for k, span in enumerate(spans)) for lo in (0, 2))
        self._ends = tuple(span[1] for span in spans), tuple(span[3] for span in spans)
        return spans

    def groups(self, m: Mention, side: int) -> frozenset[int]:
        """The changed runs a mention overlaps or touches, on its side (0 old, 1 new)."""
        start, end = m.start, m.end
        key = (side, start, end)
        found = self._groups.get(key)
        if found is None:
            if self._spans is None:
                self._made()
            found = frozenset([k for k, lo, hi in self._runs[side] if start <= hi and end >= lo])
            self._groups[key] = found
        return found

    def in_replacement(self, m: Mention, side: int) -> bool:
        """Whether the mention sits in a run that replaces text (not a pure insertion or deletion)."""
        spans = self.spans
        return any(spans[k][0] < spans[k][1] and spans[k][2] < spans[k][3] for k in self.groups(m, side))

    def touched(self, mentions: Iterable[Mention], side: int) -> list[Mention]:
        """The mentions that overlap or touch a changed run: those whose :meth:`groups` are not empty."""
        if self._spans is None:
            self._made()
        ends, runs = self._ends[side], self._runs[side]
        found = []
        for m in mentions:
            # The first run that ends at or after the mention's start is the one it can touch first.
            k = bisect.bisect_left(ends, m.start)
            if k < len(ends) and runs[k][1] <= m.end:
                found.append(m)
        return found

    def context(self, m: Mention, side: int) -> frozenset[str]:
        """The words around a mention (up to four each side, stopwords and numbers left out)."""
        key = (side, m.start, m.end)
        found = self._context.get(key)
        if found is None:
            found = context_words(self.texts[side], m.start, m.end)
            self._context[key] = found
        return found

    def score(self, o: Mention, n: Mention) -> float:
        total = 2.0 if self.groups(o, 0) & self.groups(n, 1) else 0.0
        total += 2 * _jaccard(self.context(o, 0), self.context(n, 1))
        if o.unit and o.unit == n.unit:
            total += 1.5
        if o.ids or n.ids:
            total += 2 * _jaccard(o.ids, n.ids)
        return total

    def pair(
        self, olds: list[Mention], news: list[Mention], *, sole: bool
    ) -> tuple[list[tuple[Mention, Mention]], list[Mention], list[Mention]]:
        """Cancel mentions that say the same on both sides, then pair the rest by score.

        With ``sole``, a last unpaired old and new mention of the same kind pair
        whatever their score: they are the only candidates for each other.
        """
        olds, news = list(olds), list(news)
        if not olds or not news:  # nothing to cancel or pair: the common case, answered at once
            return [], olds, news
        for o in list(olds):
            twin = next((n for n in news if n.key == o.key), None)
            if twin is not None:
                olds.remove(o)
                news.remove(twin)
        scored = sorted(
            (
                (self.score(o, n), i, j)
                for i, o in enumerate(olds)
                for j, n in enumerate(news)
                if o.kind is n.kind and _compatible(o, n)
            ),
            key=lambda t: (-t[0], t[1], t[2]),
        )
        pairs: list[tuple[Mention, Mention]] = []
        used_old: set[int] = set()
        used_new: set[int] = set()
        for value, i, j in scored:
            if value >= _PAIR_THRESHOLD and i not in used_old and j not in used_new:
                pairs.append((olds[i], news[j]))
                used_old.add(i)
                used_new.add(j)
        rest_old = [o for i, o in enumerate(olds) if i not in used_old]
        rest_new = [n for j, n in enumerate(news) if j not in used_new]
        if (
            sole
            and len(rest_old) == 1
            and len(rest_new) == 1
            and rest_old[0].kind is rest_new[0].kind
            and _compatible(rest_old[0], rest_new[0])
        ):
            pairs.append((rest_old[0], rest_new[0]))
            rest_old, rest_new = [], []
        return pairs, rest_old, rest_new


def _jaccard(a: frozenset[str], b: frozenset[str]) -> float:
    return len(a & b) / len(a | b) if a or b else 0.0


def _overlaps(m: Mention, others: Sequence[Mention]) -> bool:
    return any(m.start < o.end and o.start < m.end for o in others)


def _quantity_direction(o: Mention, n: Mention) -> Direction | None:
    if o.kind is FindingKind.DATE:
        return Direction.CHANGED
    if o.value is None or n.value is None or (o.kind is FindingKind.AMOUNT and o.unit != n.unit):
        return Direction.CHANGED
    if math.isclose(o.value, n.value):
        return None
    return Direction.RAISED if n.value > o.value else Direction.LOWERED


_SENTENCE = re.compile(r"[.;:!?\n]")
_SENTENCE_MARKS = ".;:!?\n"  # what _SENTENCE matches
_EXCERPT_REACH = 70  # characters of context each side of the words, at most


def _evidence(text: str, m: Mention | None) -> Evidence | None:
    """The words of a mention and the clause around them, cut at whole words within
    :data:`_EXCERPT_REACH` characters each side."""
    if m is None:
        return None
    reach = max(0, m.start - _EXCERPT_REACH)
    lo = max([text.rfind(mark, reach, m.start) for mark in _SENTENCE_MARKS]) + 1  # just after the last mark in reach
    if not lo:  # none in reach
        lo = reach if reach == 0 else min(m.start, text.find(" ", reach) + 1 or m.start)
    stop = _SENTENCE.search(text, m.end, m.end + _EXCERPT_REACH)
    if stop is not None:
        hi = stop.start()
    elif m.end + _EXCERPT_REACH >= len(text):
        hi = len(text)
    else:
        cut = text.rfind(" ", m.end, m.end + _EXCERPT_REACH)
        hi = cut if cut > m.end else m.end + _EXCERPT_REACH
    while lo < m.start and text[lo].isspace():
        lo += 1
    while hi > m.end and text[hi - 1].isspace():
        hi -= 1
    return Evidence(start=m.start, end=m.end, excerpt=text[lo:hi], excerpt_start=lo)


def _compatible(o: Mention, n: Mention) -> bool:
    """Whether two mentions of one kind can be the same thing changed: they measure the same (or an unknown) thing,
    and a condition has the same actor and effect (or an unknown one)."""
    if o.measure and n.measure and o.measure != n.measure:
        return False
    if o.kind is FindingKind.CONDITION:
        return (not o.subject or not n.subject or o.subject == n.subject) and (
            not o.effect or not n.effect or o.effect == n.effect
        )
    return True


def _same_condition(o: Mention, n: Mention) -> bool:
    """Whether two conditions say the same: compatible, and one's trigger words contain the other's (or nearly)."""
    if not _compatible(o, n) or not o.stems or not n.stems:
        return False
    return o.stems <= n.stems or n.stems <= o.stems or _jaccard(o.stems, n.stems) >= 0.5


@functools.lru_cache(maxsize=1024)
def _editorial(text: str) -> str:
    """The editorial form of ``text``, kept for the next comparison it takes part in."""
    return editorial_form(text, _EDITORIAL)


class _Found(Exception):
    """Stops an analysis at its first finding, when only whether there is one matters."""


class _Analysis:
    """The findings from ``old`` to ``new``, family by family; ``scope`` holds the texts names are looked
    up in (the points' full texts, sub-points and options included), so a name a sub-point or an option
    keeps is not reported as added or dropped by the parent's own text.

    The families are independent of one another and each emits its own kinds, so the order they run in
    changes nothing once the findings are sorted; with ``first``, the first finding raises :class:`_Found`.
    """

    def __init__(self, old: str, new: str, scope: tuple[str, str] | None = None, *, first: bool = False) -> None:
        self.texts = (old, new)
        self.cmp = _Comparison(old, new)
        self.sides = (text_mentions(old), text_mentions(new))
        # A point without sub-points or options is its own scope (the same object, even for a text too long to keep).
        self.scope = self.sides
        if scope:
            self.scope = (
                self.sides[0] if scope[0] == old else text_mentions(scope[0]),
                self.sides[1] if scope[1] == new else text_mentions(scope[1]),
            )
        self.first = first
        self.found: list[_Scored] = []

    def emit(
        self,
        kind: FindingKind,
        o: Mention | None,
        n: Mention | None,
        direction: Direction,
        about: str | None = None,
        confidence: float | None = None,
    ) -> None:
        if self.first:
            raise _Found
        position = o.start if o is not None else n.start if n is not None else 0
        before, after = o.surface if o else None, n.surface if n else None
        if confidence is None:
            confidence = min(m.confidence for m in (o, n) if m is not None)
        evidence = (_evidence(self.texts[0], o), _evidence(self.texts[1], n))
        self.found.append(((_KIND_ORDER[kind], position), kind, before, after, direction, about, evidence, confidence))

    def unpaired(self, kind: FindingKind, rest_old: Sequence[Mention], rest_new: Sequence[Mention]) -> None:
        for o in rest_old:
            self.emit(kind, o, None, Direction.REMOVED)
        for n in rest_new:
            self.emit(kind, None, n, Direction.ADDED)

    def all(self) -> list[_Scored]:
        """Every finding, family by family."""
        for family in (
            self.quantities, self.modals, self.negations, self.conditions, self.qualifiers, self.parties, self.places
        ):  # fmt: skip
            family()
        return self.found

    def any(self) -> bool:
        """Whether there is a finding, the families likeliest to find one for the least cost first.

        What the changed runs hold tells which family most often finds: a digit, the
        quantities (which cost most to find, and otherwise come late); an obligation word,
        the obligation words (which otherwise come after the quantities and conditions: a
        modal finding without one in a changed run is rare). The order changes only what
        is computed before the first finding, never whether there is one.
        """
        self.first = True
        changed = self.changed_text()
        if _DIGIT.search(changed):
            families = (self.quantities, self.places, self.modals, self.qualifiers, self.conditions)
        elif names_modal(changed):
            families = (self.modals, self.places, self.qualifiers, self.quantities, self.conditions)
        else:
            families = (self.places, self.qualifiers, self.quantities, self.conditions, self.modals)
        try:
            for family in families:
                family()
            self.negations()
            self.parties()
        except _Found:
            return True
        return False

    def changed_text(self) -> str:
        """The changed runs of both texts, one after another (a line between two)."""
        old, new = self.texts
        return "\n".join([old[i1:i2] + "\n" + new[j1:j2] for i1, i2, j1, j2 in self.cmp.spans])

    def quantities(self) -> None:
        """Quantities, typed by what they measure; one mentioned only as dropped is not in force."""
        cmp, emit = self.cmp, self.emit
        quantities = (self.sides[0].in_force, self.sides[1].in_force)
        if not quantities[0] and not quantities[1]:
            return
        pairs, rest_old, rest_new = cmp.pair(cmp.touched(quantities[0], 0), cmp.touched(quantities[1], 1), sole=False)
        for kind in (FindingKind.NUMBER, FindingKind.AMOUNT, FindingKind.DURATION, FindingKind.DATE):
            kind_pairs, kind_old, kind_new = cmp.pair(
                [o for o in rest_old if o.kind is kind], [n for n in rest_new if n.kind is kind], sole=True
            )
            for o, n in [p for p in pairs if p[0].kind is kind] + kind_pairs:
                direction = _quantity_direction(o, n)
                if direction is not None:
                    emit(kind, o, n, direction)
            # A quantity still in force elsewhere in the other text (moved, not changed) is no finding.
            kind_old = [o for o in kind_old if not any(q.key == o.key for q in quantities[1])]
            kind_new = [n for n in kind_new if not any(q.key == n.key for q in quantities[0])]
            self.unpaired(kind, kind_old, kind_new)

    def modals(self) -> None:
        """Obligation words."""
        cmp, emit = self.cmp, self.emit
        modals = (self.sides[0].modals, self.sides[1].modals)
        if not modals[0] and not modals[1]:
            return
        pairs, rest_old, rest_new = cmp.pair(cmp.touched(modals[0], 0), cmp.touched(modals[1], 1), sole=False)
        for o, n in pairs:
            if o.level != n.level:
                emit(FindingKind.MODALITY, o, n, Direction.HARDENED if n.level > o.level else Direction.SOFTENED)
        rest_old = [o for o in rest_old if o.key[-1] not in EPISTEMIC]
        rest_new = [n for n in rest_new if n.key[-1] not in EPISTEMIC]
        for o in list(rest_old):  # "may" for "are free to": one wording of a strength for another is no change
            twin = next((n for n in rest_new if n.level == o.level), None)
            if twin is not None:
                rest_old.remove(o)
                rest_new.remove(twin)
        rest_old = [o for o in rest_old if cmp.in_replacement(o, 0)]
        rest_new = [n for n in rest_new if cmp.in_replacement(n, 1)]
        softer, harder = Direction.SOFTENED, Direction.HARDENED
        for o in rest_old:
            if o.level != IMPLICIT_LEVEL:
                emit(FindingKind.MODALITY, o, None, softer if o.level > IMPLICIT_LEVEL else harder)
        for n in rest_new:
            if n.level != IMPLICIT_LEVEL:
                emit(FindingKind.MODALITY, None, n, harder if n.level > IMPLICIT_LEVEL else softer)

    def negations(self) -> None:
        """Negations: only as many added (or dropped) as the texts' counts of each differ."""
        cmp = self.cmp
        negations = (self.sides[0].negations, self.sides[1].negations)
        if not negations[0] and not negations[1]:
            return
        olds = [m for m in cmp.touched(negations[0], 0) if not _overlaps(m, self.sides[0].quantities)]
        news = [m for m in cmp.touched(negations[1], 1) if not _overlaps(m, self.sides[1].quantities)]
        pairs, rest_old, rest_new = cmp.pair(olds, news, sole=False)
        for o, n in pairs:
            self.emit(FindingKind.NEGATION, o, n, Direction.CHANGED)
        extra = {key: sum(m.key == key for m in negations[1]) - sum(m.key == key for m in negations[0])
                 for key in {m.key for m in rest_old + rest_new}}  # fmt: skip
        self.unpaired(
            FindingKind.NEGATION,
            [o for o in rest_old if extra[o.key] < 0][: max(0, -min(extra.values(), default=0))],
            [n for n in rest_new if extra[n.key] > 0][: max(0, max(extra.values(), default=0))],
        )

    def conditions(self) -> None:
        """Conditions, clause by clause: kept (the same trigger, actor and effect), changed, dropped or added."""
        cmp, emit = self.cmp, self.emit
        if not self.sides[0].conditions and not self.sides[1].conditions:
            return
        # Those outside the quantities: "after 100 days" is a duration.
        conditions = tuple([m for m in side.conditions if not _overlaps(m, side.quantities)] for side in self.sides)
        kept_old = {id(o) for o in conditions[0] if any(_same_condition(o, n) for n in conditions[1])}
        kept_new = {id(n) for n in conditions[1] if any(_same_condition(o, n) for o in conditions[0])}
        olds = [o for o in cmp.touched(conditions[0], 0) if id(o) not in kept_old]
        news = [n for n in cmp.touched(conditions[1], 1) if id(n) not in kept_new]
        pairs, rest_old, rest_new = cmp.pair(olds, news, sole=False)
        for o, n in pairs:
            emit(FindingKind.CONDITION, o, n, Direction.CHANGED, about=_effect_label(o, n))
        changed_to = {id(c): _partner(c, conditions[1], cmp, 0) for c in rest_old}
        changed_from = {id(c): _partner(c, conditions[0], cmp, 1) for c in rest_new}
        for was in rest_old:
            became = changed_to[id(was)]
            if became is not None:
                emit(FindingKind.CONDITION, was, became, Direction.CHANGED, about=_effect_label(was, became))
            else:
                emit(FindingKind.CONDITION, was, None, Direction.REMOVED, about=was.effect or None)
        for now in rest_new:
            came = changed_from[id(now)]
            if came is None:
                emit(FindingKind.CONDITION, None, now, Direction.ADDED, about=now.effect or None)
            elif changed_to.get(id(came)) is not now:
                emit(FindingKind.CONDITION, came, now, Direction.CHANGED, about=_effect_label(came, now))

    def qualifiers(self) -> None:
        """Qualifiers, by concept: one named in one text and not at all in the other."""
        cmp = self.cmp
        qualifiers = (self.sides[0].qualifiers, self.sides[1].qualifiers)
        if not qualifiers[0] and not qualifiers[1]:
            return
        concepts = (self.scope[0].concepts, self.scope[1].concepts)
        seen: set[str] = set()
        for m in cmp.touched(qualifiers[0], 0):
            if m.key not in concepts[1] and m.key not in seen:
                seen.add(m.key)
                self.emit(FindingKind.QUALIFIER, m, None, Direction.REMOVED)
        for m in cmp.touched(qualifiers[1], 1):
            if m.key not in concepts[0] and m.key not in seen:
                seen.add(m.key)
                self.emit(FindingKind.QUALIFIER, None, m, Direction.ADDED)

    def parties(self) -> None:
        """Parties: actors named as parties in one scope only (not in a comparison, a quotation or an
        attribution)."""
        cmp = self.cmp
        shifted = self.scope[0].party_ids ^ self.scope[1].party_ids  # actors named in one text only
        if not shifted:
            return
        olds, news = cmp.touched(self.sides[0].parties, 0), cmp.touched(self.sides[1].parties, 1)
        pairs, rest_old, rest_new = cmp.pair(olds, news, sole=False)
        for o, n in list(pairs):
            if not o.ids & n.ids and not cmp.context(o, 0) & cmp.context(n, 1):
                # Two lists with no party and no words around them in common are not one list changed.
                pairs.remove((o, n))
                rest_old.append(o)
                rest_new.append(n)
        for o, n in pairs:
            gained, lost = (n.ids - o.ids) & shifted, (o.ids - n.ids) & shifted
            if gained or lost:
                direction = Direction.CHANGED if gained and lost else Direction.ADDED if gained else Direction.REMOVED
                self.emit(FindingKind.PARTY, o, n, direction)
        reported = frozenset().union(*(m.ids for pair in pairs for m in pair))
        for side, rest, direction in ((0, rest_old, Direction.REMOVED), (1, rest_new, Direction.ADDED)):
            for m in sorted(rest, key=lambda m: m.start):
                named = m.ids & shifted - reported
                if named:
                    # Only the parties the other text does not name: "Israel and Hamas" → "Israel".
                    only = m if named == m.ids else attrs.evolve(m, surface=_listing(_in_order(m, named)))
                    about = "excluded" if m.excluded else None
                    self.emit(
                        FindingKind.PARTY, only if side == 0 else None, only if side == 1 else None, direction, about
                    )
                    reported |= named

    def places(self) -> None:
        """Places named in one scope only; a state in a list of parties is a party, not a place."""
        old, new = self.sides
        if not old.places and not new.places:
            return
        for name, m in old.places.items():
            if name not in self.scope[1].places and not _overlaps(m, old.party_lists):
                self.emit(FindingKind.PLACE, m, None, Direction.REMOVED)
        for name, m in new.places.items():
            if name not in self.scope[0].places and not _overlaps(m, new.party_lists):
                self.emit(FindingKind.PLACE, None, m, Direction.ADDED)


def _in_order(m: Mention, names: frozenset[str]) -> list[str]:
    """The words of ``m`` that name the actors ``names``, as written and in order ("US" where the display name
    is "the US"): a finding quotes its text, and its summary names the actors (see :func:`_core`)."""
    return list(dict.fromkeys(found.group() for found, name in actor_matches(m.surface) if name in names)) or sorted(
        names
    )


def _partner(m: Mention, others: Sequence[Mention], cmp: _Comparison, side: int) -> Mention | None:
    """The condition on the other side, in the same changed run and with the same known actor and effect,
    that ``m`` became (or came from), even if that one also keeps another condition."""
    if not m.subject or not m.effect:
        return None
    groups = cmp.groups(m, side)
    for other in others:
        if other.subject == m.subject and other.effect == m.effect and groups & cmp.groups(other, 1 - side):
            return other
    return None


def _effect_label(o: Mention, n: Mention) -> str | None:
    if o.effect and n.effect and o.effect != n.effect:
        return f"{o.effect}, now {n.effect}"
    return n.effect or o.effect or None


def text_findings(
    old: str, new: str, *, subject: str | None = None, scope: tuple[str, str] | None = None
) -> tuple[Finding, ...]:
    """The substantive changes from ``old`` to ``new``, ordered by kind and then by place in the text.

    ``subject`` says what the text is about ("army cap"), for the summaries.
    ``scope`` are the texts in which names and qualifiers are looked up (by
    default ``old`` and ``new``): a caller comparing a point's own text passes
    its full texts, so that a name a sub-point keeps is not reported as dropped.
    Identical texts, and texts that differ only in case, spacing or punctuation,
    have no findings. Swapping ``old`` and ``new`` inverts every finding. Each
    finding carries the words it rests on in each text (:class:`Evidence`).

    >>> for f in text_findings("Ukraine's army is capped at 600,000 personnel.",
    ...                        "Ukraine's army stays at 800,000 in peacetime.", subject="army cap"):
    ...     print(f.kind, f.direction, "|", f.summary)
    number raised | army cap raised from 600,000 to 800,000
    qualifier added | army cap: qualifier added: "in peacetime"
    >>> [f.summary for f in text_findings("Elections within 100 days.", "Elections as soon as possible.")]
    ['deadline "within 100 days" dropped; now "as soon as possible"']
    """
    if _same_in_substance(old, new):
        return ()
    # One canonical order makes the analysis symmetric by construction: the texts are
    # compared in string order, and each finding is read backwards (as Finding.invert
    # would) when they came the other way round.
    if old > new:
        back = (scope[1], scope[0]) if scope else None
        return tuple(
            _finding(subject, kind, after, before, direction.inverse(), about, (ev[1], ev[0]), confidence, inverse=True)
            for _, kind, before, after, direction, about, ev, confidence in sorted(
                _Analysis(new, old, back).all(), key=lambda s: s[0]
            )
        )
    return tuple(
        _finding(subject, kind, before, after, direction, about, ev, confidence)
        for _, kind, before, after, direction, about, ev, confidence in sorted(
            _Analysis(old, new, scope).all(), key=lambda s: s[0]
        )
    )


def has_text_findings(old: str, new: str, *, scope: tuple[str, str] | None = None) -> bool:
    """Whether :func:`text_findings` finds anything from ``old`` to ``new``: the same answer, found faster.

    It stops at the first finding, and looks for the kinds that cost least to find
    first (places, obligation words, qualifiers), so a caller that only asks whether a
    change is substantive pays less than for the findings themselves. ``scope`` is as
    for :func:`text_findings`.

    >>> has_text_findings("Elections within 100 days.", "Elections as soon as possible.")
    True
    >>> has_text_findings("Elections within 100 days.", "elections, within 100 days")
    False
    >>> has_text_findings("Ukraine gets reliable guarantees.", "Ukraine gets strong guarantees.")
    False
    """
    if _same_in_substance(old, new):
        return False
    if old > new:  # the order text_findings compares them in
        return _Analysis(new, old, (scope[1], scope[0]) if scope else None).any()
    return _Analysis(old, new, scope).any()


def _same_in_substance(old: str, new: str) -> bool:
    """Whether the texts are equal, or differ only in case, spacing or punctuation: they have no findings."""
    if not isinstance(old, str) or not isinstance(new, str):  # editorial_form says what it expected, as it did
        return old == new or editorial_form(old, _EDITORIAL) == editorial_form(new, _EDITORIAL)
    return old == new or _editorial_of(old) == _editorial_of(new)


def _editorial_of(text: str) -> str:
    """The editorial form of ``text``, kept for a text of up to 2,000 characters (a count of texts alone
    would not bound the memory longer ones hold)."""
    return _editorial(text) if len(text) <= 2_000 else editorial_form(text, _EDITORIAL)


def _finding(
    subject: str | None,
    kind: FindingKind,
    old: str | None,
    new: str | None,
    direction: Direction,
    about: str | None,
    evidence: tuple[Evidence | None, Evidence | None],
    confidence: float,
    *,
    inverse: bool = False,
) -> Finding:
    if about and inverse and ", now " in about:
        was, now = about.split(", now ", 1)
        about = f"{now}, now {was}"
    return Finding(
        kind=kind,
        old=old,
        new=new,
        direction=direction,
        subject=subject,
        about=about,
        old_evidence=evidence[0],
        new_evidence=evidence[1],
        confidence=confidence,
    )


# --- comparing two provisions ----------------------------------------------------------


def provision_findings(
    old: Provision | None, new: Provision | None, *, subject: str | None = None, children: bool = True
) -> tuple[Finding, ...]:
    """The substantive changes from one provision to another, sub-points included.

    Compares the texts (see :func:`text_findings`), topics, alternatives and
    positions, then the sub-points with the same label, with ``path`` set to the
    sub-point's dotted path under the new provision's label ("5.a"). When the
    sub-points do not correspond (one side has none, or no label in common), the
    full texts are compared instead. ``subject`` defaults to the provision's title.
    Either side may be ``None`` for a provision added or dropped.

    With ``children=False`` only the provisions' own texts, topics, alternatives
    and positions are compared: for callers such as a diff over an alignment
    that already pairs sub-points (see :func:`peaceplan.compare.align.align`).

    >>> old = Provision(label="25", text="Ukraine holds elections within 100 days.", topics=["elections"])
    >>> new = Provision(label="18", text="Ukraine holds elections as soon as possible after signing.",
    ...                 topics=["elections", "sequencing"])
    >>> for f in provision_findings(old, new, subject="elections"):
    ...     print(f.summary)
    elections: deadline "within 100 days" dropped; now "as soon as possible"
    elections: condition added: "after signing"
    elections: topic added: "sequencing"
    """
    if not children:
        return tuple(_own_findings(old, new, subject or _title(old, new), own_text=True))
    return tuple(_provision_findings(old, new, subject, None))


def has_findings(old: Provision | None, new: Provision | None, *, children: bool = True) -> bool:
    """Whether :func:`provision_findings` finds anything from ``old`` to ``new``: the same answer, found faster.

    For a caller that only asks "is this change substantive?": it stops at the first
    finding, checks topics, options and positions before the texts, and within a text
    looks for the kinds that cost least to find first (see :func:`has_text_findings`).
    ``children`` is as for :func:`provision_findings`.

    >>> old = Provision(label="25", text="Ukraine holds elections within 100 days.")
    >>> has_findings(old, Provision(label="18", text="Ukraine holds elections as soon as possible."))
    True
    >>> has_findings(old, Provision(label="18", text="Ukraine holds elections, within 100 days"))
    False
    >>> has_findings(old, None), has_findings(None, None)
    (True, False)
    """
    if not children:
        return _own_has_findings(old, new, own_text=True)
    return _provision_has_findings(old, new)


def _provision_has_findings(old: Provision | None, new: Provision | None) -> bool:
    """:func:`_provision_findings`, stopping at the first finding."""
    if old is None and new is None:
        return False
    old_children = {c.label: c for c in old.children} if old is not None else {}
    new_children = {c.label: c for c in new.children} if new is not None else {}
    recurse = bool(old_children.keys() & new_children.keys()) or (old is None or new is None)
    if _own_has_findings(old, new, own_text=recurse):
        return True
    return recurse and any(
        _provision_has_findings(old_children.get(label), new_children.get(label))
        for label in [*old_children, *(k for k in new_children if k not in old_children)]
    )


def _own_has_findings(old: Provision | None, new: Provision | None, *, own_text: bool) -> bool:
    """:func:`_own_findings`, stopping at the first finding: topics, options and positions cost least."""
    if _topic_findings(old, new, None) or _alternative_findings(old, new, None) or _position_findings(old, new, None):
        return True
    scope = (_scope_text(old), _scope_text(new))
    return has_text_findings(_own_text(old, own_text), _own_text(new, own_text), scope=scope)


def _provision_findings(
    old: Provision | None, new: Provision | None, subject: str | None, path: str | None
) -> list[Finding]:
    top = new if new is not None else old
    if top is None:
        return []
    subject = subject or _title(old, new)
    old_children = {c.label: c for c in old.children} if old is not None else {}
    new_children = {c.label: c for c in new.children} if new is not None else {}
    recurse = bool(old_children.keys() & new_children.keys()) or (old is None or new is None)
    found = [attrs.evolve(f, path=path) for f in _own_findings(old, new, subject, own_text=recurse)]
    if recurse:
        base = path or top.label
        for label in [*old_children, *(k for k in new_children if k not in old_children)]:
            old_child, new_child = old_children.get(label), new_children.get(label)
            child = new_child or old_child
            title = child.title if child is not None else None
            found += _provision_findings(old_child, new_child, title or subject, f"{base}.{label}")
    return found


def _title(old: Provision | None, new: Provision | None) -> str | None:
    return new.title if new is not None and new.title else old.title if old is not None else None


def _own_findings(
    old: Provision | None, new: Provision | None, subject: str | None, *, own_text: bool
) -> list[Finding]:
    """Findings of one level: the text (own, or with sub-points), topics, alternatives, positions."""
    scope = (_scope_text(old), _scope_text(new))
    found = list(text_findings(_own_text(old, own_text), _own_text(new, own_text), subject=subject, scope=scope))
    for compare in (_topic_findings, _alternative_findings, _position_findings):
        found += compare(old, new, subject)
    return found


def _scope_text(provision: Provision | None) -> str:
    """Everything a point says: its text, its sub-points' and its options' (where names are looked up)."""
    if provision is None:
        return ""
    return " ".join([provision.full_text(), *(a.text for a in provision.alternatives)])


def _own_text(provision: Provision | None, own: bool) -> str:
    if provision is None:
        return ""
    return provision.text if own else provision.full_text()


def topic_findings(old: Provision | None, new: Provision | None, *, subject: str | None = None) -> tuple[Finding, ...]:
    """Only the topics gained and lost from one provision to another (either may be ``None``).

    What a diff reports for a whole point added or dropped: every name and number
    in it would be "new", which is noise; its subjects are the news.

    >>> new = Provision(label="9", text="A fund rebuilds Ukraine.", topics=["reconstruction", "sanctions"])
    >>> [f.summary for f in topic_findings(None, new)]
    ['topic added: "reconstruction"', 'topic added: "sanctions"']
    """
    return tuple(_topic_findings(old, new, subject))


def _topic_findings(old: Provision | None, new: Provision | None, subject: str | None) -> list[Finding]:
    if old is not None and new is not None and not (old.topics and new.topics):
        # One side is simply untagged (an imported draft): that says nothing about its subject.
        return []
    was = set(old.topics) if old else set()
    now = set(new.topics) if new else set()
    return [
        Finding(kind=FindingKind.TOPIC, old=None, new=t, direction="added", subject=subject) for t in sorted(now - was)
    ] + [
        Finding(kind=FindingKind.TOPIC, old=t, new=None, direction="removed", subject=subject)
        for t in sorted(was - now)
    ]


def _alternative_findings(old: Provision | None, new: Provision | None, subject: str | None) -> list[Finding]:
    was = {a.key: a for a in old.alternatives} if old else {}
    now = {a.key: a for a in new.alternatives} if new else {}
    make: Callable[..., Finding] = functools.partial(Finding, kind=FindingKind.ALTERNATIVE, subject=subject)
    found = []
    for key in [*was, *(k for k in now if k not in was)]:
        before, after = was.get(key), now.get(key)
        by_before = proposers_of(before.attributions, fallback=True) if before else ()
        by_after = proposers_of(after.attributions, fallback=True) if after else ()
        proposers = by_after or by_before if not (by_before and by_after and by_before != by_after) else ()
        about = f"option {key}" + (f" (proposed by {', '.join(proposers)})" if proposers else "")
        if before is None and after is not None:
            found.append(make(old=None, new=after.text, direction="added", about=about))
        elif after is None and before is not None:
            found.append(make(old=before.text, new=None, direction="removed", about=about))
        elif before is not None and after is not None:
            if before.text != after.text:
                found.append(make(old=before.text, new=after.text, direction="changed", about=about))
            if by_before != by_after:
                found.append(
                    make(old=", ".join(by_before) or None, new=", ".join(by_after) or None, direction="changed",
                         about=f"option {key} proposer")
                )  # fmt: skip
    return found


def _position_findings(old: Provision | None, new: Provision | None, subject: str | None) -> list[Finding]:
    was = {p.actor: p.stance.value for p in old.positions} if old else {}
    now = {p.actor: p.stance.value for p in new.positions} if new else {}
    found = []
    for actor in [*was, *(a for a in now if a not in was)]:
        before, after = was.get(actor), now.get(actor)
        if before != after:
            direction = "changed" if before and after else "added" if after else "removed"
            found.append(
                Finding(
                    kind=FindingKind.POSITION, old=before, new=after, direction=direction, subject=subject, about=actor
                )
            )
    return found
