"""Sub-points written inside a point's paragraph: "Territories: (a) ...; (b) ...; (c) ...".

A paste often runs a point's sub-points into its own paragraph instead of
starting each on a line. :func:`split_inline` finds such a list and cuts the
paragraph into a lead-in and items, as if each marker had started its own line;
:mod:`peaceplan.text.reader` turns the items into sub-points and notes the split in
its report. Markers are read by :func:`peaceplan.text.numbering.parse_marker`, so
the styles are those of separate lines: ``(a)``, ``a)``, ``a.``, ``(i)``,
``ii)``, ``iii.``, ``(1)``, ``2)``, ``3.``, ``(A)``, ``B)``, ``(IV)``.

A false split silently corrupts a document, so the rules are strict. A split
needs a run of two markers or more in one style, counting from the first
(a, b, c... or i, ii, iii... or 1, 2, 3...), each at the start of the text or
after whitespace that follows ":", ";", ",", a dash or the end of a sentence
(";" and "," may be followed by "and", "or", "and/or"), each followed by
whitespace and by some text. The earliest such run is the list; it is refused
as a whole when the text after its first marker prints one of its labels, or
the next one, anywhere else in that style ("(a) ...; (b) ... and (c) ...",
"(b)" twice, "point 12 (c)"). So these stay text:

- references: "Article 5(a)", "paragraph 3(b)" (glued to a number),
  "point 12 (a)", "paragraphs (1) and (2) of Article 4" (after a word or a
  number, not after punctuation);
- numbers and years in brackets: "Resolution 2202 (2015)", "(100)" (a run
  starts at the first label, and a year is not a label);
- a lone "(a)", and upper-case "A." or "I." (initials: "A. Smith, B. Jones").

Nothing is lost: the lead-in, the markers as printed, the item texts and the
whitespace between them are the whole text, in order. Connectors stay with the
item they end ("...Russian;", "...frozen; and"), as they do on separate lines.
"""

from __future__ import annotations

import re

import attrs

from .numbering import (
    CYRILLIC,
    LOWER,
    NUMBER,
    ROMAN,
    UPPER,
    UPPER_ROMAN,
    Marker,
    cyrillic_letter,
    format_number,
    parse_marker,
)

__all__ = ["InlineItem", "InlineSplit", "split_inline"]

_FORMS = frozenset({"(x)", "x)", "x."})
_WORD_FORMAT = {
    NUMBER: "decimal",
    LOWER: "lowerLetter",
    UPPER: "upperLetter",
    ROMAN: "lowerRoman",
    UPPER_ROMAN: "upperRoman",
}
_FAMILIES = frozenset({*_WORD_FORMAT, CYRILLIC})
# what may stand before an inline marker: punctuation, whitespace, perhaps a connector word
# ("and", "or"; Ukrainian "та", "і", "або"; Russian "и", "или")
_BEFORE = re.compile(r"(?:[;,]\s+(?:(?:and/or|and|or|та|і|й|або|и|или)\s+)?|[:\u2013\u2014]\s+|[.!?][\"'”’»)]?\s+)$")


@attrs.frozen(kw_only=True)
class InlineItem:
    """One sub-point cut out of a paragraph.

    ``label`` as on a separate line (``"a"``, ``"ii"``, ``"3"``), ``marker``
    as printed (``"(a)"``, ``"ii."``, ``"3)"``), ``text`` what follows it up to
    the next marker, connectors included (``"frozen; and"``).
    """

    label: str
    marker: str
    text: str


@attrs.frozen(kw_only=True)
class InlineSplit:
    """A paragraph cut at its inline markers: the lead-in (may be empty) and the items."""

    lead: str
    items: tuple[InlineItem, ...]


@attrs.frozen
class _Candidate:
    start: int  # where the marker begins
    end: int  # where the item's text begins
    marker: Marker


def _readings(marker: Marker) -> tuple[tuple[str, int], ...]:
    """How a marker may count: ``(c)`` is the letter 3 (or the roman 100), ``(i)`` the letter 9 or the roman 1."""
    if marker.roman is None:
        return ((marker.family, marker.value),)
    return (marker.family, marker.value), (UPPER_ROMAN if marker.family == UPPER else ROMAN, marker.roman)


def _candidates(text: str) -> list[_Candidate]:
    out = []
    for m in re.finditer(r"(?:^|(?<=\s))[(\w]", text):
        start = m.start()
        if start and not _BEFORE.search(text, max(0, start - 16), start):
            continue
        window = text[start : start + 64].rstrip()  # a marker is short: keep long paragraphs linear
        marker = parse_marker(window)
        if (
            marker is None
            or marker.form not in _FORMS
            or marker.family not in _FAMILIES
            or marker.path
            or not any(ch.isalnum() for ch in marker.rest)
            or (marker.form == "x." and marker.family in (UPPER, UPPER_ROMAN))  # initials: "A. Smith"
        ):
            continue
        out.append(_Candidate(start, start + len(window) - len(marker.rest), marker))
    return out


def _run(candidates: list[_Candidate], first: int, family: str) -> list[_Candidate]:
    """The markers continuing ``candidates[first]``'s list, skipping those of other lists (nested ones)."""
    run = [candidates[first]]
    form = run[0].marker.form
    for candidate in candidates[first + 1 :]:
        if candidate.marker.form == form and (family, len(run) + 1) in _readings(candidate.marker):
            run.append(candidate)
    return run


def _ambiguous(text: str, run: list[_Candidate], family: str) -> bool:
    """Does the text print one of the run's labels, or the next, outside the run?"""
    form = run[0].marker.form
    taken = {c.start for c in run}
    for value in range(1, len(run) + 2):
        label = cyrillic_letter(value) if family == CYRILLIC else format_number(value, _WORD_FORMAT[family])
        printed = form.replace("x", label)
        for m in re.finditer(rf"(?<!\S){re.escape(printed)}(?![^\W_])", text):
            if m.start() > run[0].start and m.start() not in taken:
                return True
    return False


def split_inline(text: str) -> InlineSplit | None:
    """Cut ``text`` at its inline list markers, or None when it holds no list to split.

    One level only: an item's own inline list stays in its text, to be split
    in turn.

    >>> split = split_inline("Territories: (a) Crimea is recognised; (b) Kherson is frozen; and (c) the rest.")
    >>> split.lead
    'Territories:'
    >>> [(item.label, item.marker, item.text) for item in split.items]
    [('a', '(a)', 'Crimea is recognised;'), ('b', '(b)', 'Kherson is frozen; and'), ('c', '(c)', 'the rest.')]
    >>> split_inline("As in Article 5(a), paragraphs (1) and (2) of Article 4 and UNSCR 2202 (2015) apply.") is None
    True
    >>> split_inline("Conditions: (a) compensation; (b) a review and (c) a vote.") is None   # "(c)" is not after ";"
    True
    """
    candidates = _candidates(text)
    for first, candidate in enumerate(candidates):
        family = next((f for f, value in _readings(candidate.marker) if value == 1), None)
        if family is None:
            continue
        run = _run(candidates, first, family)
        if len(run) < 2:
            continue  # a lone "(a)" stays text
        ends = [c.start for c in run[1:]] + [len(text)]
        pieces = [text[c.end : end].strip() for c, end in zip(run, ends, strict=True)]
        if _ambiguous(text, run, family) or not all(any(ch.isalnum() for ch in p) for p in pieces):
            return None
        items = tuple(
            InlineItem(label=c.marker.label, marker=text[c.start : c.end].strip(), text=piece)
            for c, piece in zip(run, pieces, strict=True)
        )
        return InlineSplit(lead=text[: run[0].start].strip(), items=items)
    return None
