"""Read a version from pasted text, Markdown, Word or PDF, accounting for every line.

Drafts of peace plans reach us as pastes from articles, Telegram posts, Word
files and PDF scans, numbered in every style and littered with page headers.
The readers here turn any of them into a :class:`~peaceplan.model.records.Version`
and account for every line: each input line ends up in a provision's text or
title, or in the :class:`ImportResult` report with what happened to it
(dropped as a page header, merged into point 7, renamed as a duplicate...).
Nothing is lost silently.

All readers feed one parser; only how lines are obtained differs:
:func:`read_text`, :func:`read_markdown`, :func:`read_docx` (extra ``docx``),
:func:`read_pdf` (extra ``pdf``) and :func:`read_pages` (page texts from any
PDF extractor). How markers are read and nested lives in
:mod:`peaceplan.text.numbering`, with the numbering schemes learned from a
document's own lines ("AC-2(3)", "T1053.005", "1:10"), and sub-points
written inline in a point's paragraph ("Territories: (a) ...; (b) ...") are
cut out by :mod:`peaceplan.text.inline`. Writing a version back as text is the
inverse, in :mod:`peaceplan.text.writer`; :func:`to_text` and
:func:`to_markdown` are re-exported here so ``read_markdown(to_markdown(v))``
needs one import.
"""

from __future__ import annotations

import enum
import io
import os
import re
from collections import Counter, defaultdict
from collections.abc import Iterable, Iterator, Mapping, Sequence
from functools import partial
from typing import IO, TYPE_CHECKING, Any, Literal, TypedDict

import attrs

from .._gcpause import paused_gc
from ..errors import MissingExtraError, Problem, ValidationError
from ..limits import current_limits, read_file_bytes
from ..model.records import (
    Amendment,
    Attribution,
    Fidelity,
    ProposedBy,
    Provision,
    Source,
    Status,
    Version,
    attributions_of,
)
from .containers import docx_bytes, guarded, iter_guarded, pdf_bytes, quiet, source_bytes, source_name
from .decoding import check_text, decode_text
from .inline import split_inline
from .numbering import LEARNED, Marker, Outline, WordNumbering, learn_scheme, parse_marker
from .writer import to_markdown, to_text

if TYPE_CHECKING:  # pragma: no cover
    from typing_extensions import Unpack

    from ..model.dates import FuzzyDate

__all__ = [
    "ImportMetadata",
    "ImportNote",
    "ImportResult",
    "NoteKind",
    "read_docx",
    "read_markdown",
    "read_pages",
    "read_pdf",
    "read_text",
    "to_markdown",
    "to_text",
]


class NoteKind(str, enum.Enum):
    """What happened to a line that is not plainly the text of a point."""

    DROPPED = "dropped"  # page header or footer, page number, classification mark, symbols
    MERGED = "merged"  # a continuation (wrapped) line joined to a point
    TITLE = "title"  # taken as the version title or a point's title
    HEADING = "heading"  # a section heading, kept in the next point's notes
    PREAMBLE = "preamble"  # text before the first point
    SIGNATURE = "signature"  # a trailing signature block, kept in the version notes
    DUPLICATE_LABEL = "duplicate-label"  # a number printed twice, renamed "7 (2)"
    EMPTY_POINT = "empty-point"  # a number with no text
    QUOTED_POINT = "quoted-point"  # a numbered line inside a quotation, kept as text
    BULLET = "labelled-bullet"  # a bullet given a number as its label
    NOT_A_POINT = "not-a-point"  # looked like a sub-point number ("12.5 million"), kept as text
    INLINE_SPLIT = "inline-split"  # sub-points written inline in a point's paragraph, split out
    ENCODING = "encoding"  # the file was not UTF-8: the encoding it was read in (line 0: the whole file)

    def __str__(self) -> str:
        return str(self.value)


@attrs.frozen(kw_only=True)
class ImportNote:
    """One line of the import report: where, the line as read, and what happened.

    ``path`` is the provision concerned ("7", "12.b"), when there is one.
    """

    line: int
    text: str
    kind: NoteKind = attrs.field(converter=NoteKind)
    detail: str
    path: str | None = None
    page: int | None = None

    def __str__(self) -> str:
        where = f"page {self.page}, line {self.line}" if self.page is not None else f"line {self.line}"
        if self.line == 0:
            return f"{self.kind}: {self.detail}"
        return f"{where}: {self.kind}: {self.detail}: {self.text.strip()!r}"


def _notes(notes: Iterable[ImportNote]) -> tuple[ImportNote, ...]:
    return tuple(notes)


@attrs.frozen(kw_only=True)
class ImportResult:
    """The version read from a text, with the report of every line not read as plain text."""

    version: Version
    report: tuple[ImportNote, ...] = attrs.field(converter=_notes)

    def notes(self, *kinds: NoteKind | str) -> tuple[ImportNote, ...]:
        """The report notes of these kinds (all notes when none is given)."""
        wanted = {NoteKind(k) for k in kinds}
        return tuple(n for n in self.report if not wanted or n.kind in wanted)

    def report_text(self) -> str:
        """The report as lines of text, one note a line."""
        return "\n".join(str(n) for n in self.report)

    def _repr_html_(self) -> str:
        """The notebook display: the version read, then the report of what was recognised."""
        from ..render.notebook import text_html, version_html

        report = self.report_text()
        return version_html(self.version) + (text_html("Import report", report) if report else "")


# --- lines ----------------------------------------------------------------------


@attrs.frozen(kw_only=True)
class _Line:
    number: int
    raw: str
    content: str  # stripped, with Markdown syntax (heading hashes, quote marks) removed
    indent: int = 0
    page: int | None = None
    edge: bool = False  # among the first or last lines of its page
    heading: int = 0  # Markdown or Word heading level, 0 for body text
    quoted: bool = False  # inside a Markdown block quote


def _indent(raw: str) -> int:
    expanded = raw.expandtabs(4)
    return len(expanded) - len(expanded.lstrip())


def _plain_lines(text: str, *, first: int = 1, page: int | None = None) -> list[_Line]:
    raw_lines = text.splitlines()
    filled = [i for i, r in enumerate(raw_lines) if r.strip()]
    edges = set(filled[:2] + filled[-2:]) if page is not None else set()
    return [
        _Line(number=first + i, raw=r, content=r.strip(), indent=_indent(r), page=page, edge=i in edges)
        for i, r in enumerate(raw_lines)
    ]


_MD_HEADING = re.compile(r"^\s{0,3}(#{1,6})\s+(.*?)(?:\s+#+)?\s*$")
_MD_QUOTE = re.compile(r"^\s*>\s?(.*)$")
_MD_RULE = re.compile(r"^\s{0,3}([-*_])(\s*\1){2,}\s*$")
_MD_ESCAPE = re.compile(r"\\([!-/:-@\[-`{-~])")


def _markdown_lines(text: str) -> list[_Line]:
    lines = []
    for i, raw in enumerate(text.splitlines(), start=1):
        heading, quoted, content = 0, False, raw
        if _MD_RULE.match(raw):
            content = "---"
        elif m := _MD_HEADING.match(raw):
            heading, content = len(m[1]), m[2]
        elif m := _MD_QUOTE.match(raw):
            quoted, content = True, m[1]
        content = content.strip()
        content = _unbold_marker(content)
        content = _MD_ESCAPE.sub(r"\1", content).strip()
        lines.append(_Line(number=i, raw=raw, content=content, indent=_indent(raw), heading=heading, quoted=quoted))
    return lines


def _unbold_marker(content: str) -> str:
    """``**7.** text`` → ``7. text``; ``**7. Army size.** text`` → ``7. **Army size.** text``."""
    end = content.find("**", 2)
    if not content.startswith("**") or end < 0:
        return content
    inner, after = content[2:end], content[end + 2 :].strip()
    marker = parse_marker(inner)
    if marker is None:
        return content
    if not marker.rest:
        return f"{inner} {after}"
    return f"{inner[: len(inner) - len(marker.rest)]} **{marker.rest}** {after}"


# --- noise: page furniture --------------------------------------------------------

_PAGE_NUMBER = re.compile(
    r"^(?:page\s*\d{1,4}(?:\s*(?:of|/)\s*\d{1,4})?|\d{1,4}\s*(?:of|/)\s*\d{1,4}|\d{1,4}|[-–—]\s*\d{1,4}\s*[-–—])$",
    re.IGNORECASE,
)
_CLASSIFICATION = re.compile(
    r"^(?:strictly\s+)?(?:confidential|secret|top\s+secret|restricted|unclassified|draft|sensitive"
    r"|not\s+for\s+(?:distribution|publication|circulation)|for\s+official\s+use\s+only|embargoed\b.*)\W*$",
    re.IGNORECASE,
)
_GLYPH_BULLETS = {"•", "▪", "●", "◦"}


def _key(content: str) -> str:
    """Lines that differ only by digits and spacing are the same running header."""
    return re.sub(r"\s+", " ", re.sub(r"\d+", "#", content.casefold())).strip()


def _header_like(s: str, marker: Marker | None, ln: _Line) -> bool:
    """Could be a running header: short, not a point, not a sentence fragment mid-flow."""
    return marker is None and len(s) <= 80 and not s[0].islower() and s[-1] not in "-,;" and not ln.heading


def _noise(lines: Sequence[_Line], markers: Sequence[Marker | None]) -> dict[int, str]:
    """Index → why the line is page furniture, for every line to drop."""
    dropped: dict[int, str] = {}
    counts = Counter(_key(ln.content) for ln in lines if ln.content)
    edge_pages: dict[str, set[int]] = {}
    for ln in lines:
        if ln.edge and ln.page is not None:
            edge_pages.setdefault(_key(ln.content), set()).add(ln.page)
    for i, ln in enumerate(lines):
        s = ln.content
        if not s:
            continue
        if s == "---" or (not any(ch.isalnum() for ch in s) and s not in _GLYPH_BULLETS):
            dropped[i] = "a line of symbols only"
        elif _PAGE_NUMBER.match(s):
            dropped[i] = "page number"
        elif _CLASSIFICATION.match(s):
            dropped[i] = "classification or draft marking"
        elif not _header_like(s, markers[i], ln):
            continue
        elif len(edge_pages.get(_key(s), ())) >= 2:
            dropped[i] = "running header or footer repeated on several pages"
        elif counts[_key(s)] >= 3 and not s.endswith("."):
            dropped[i] = f"running header or footer (printed {counts[_key(s)]} times)"
    return dropped


# --- text heuristics ----------------------------------------------------------------

_LEAD_IN = frozenset(
    re.findall(
        r"\w+",
        "the a an of to and or in on at for with by that is are be will shall would as from its their which who not"
        " following says said reads stated provides stipulates includes including within after before under between"
        " into over than until upon per without against about",
    )
)
_VERBS = frozenset(
    re.findall(r"\w+", "is are was were will shall must may can should would has have had be agree agrees")
)
_QUOTES = "\"'“”‘’«„‚>"
_SIGNATURE = re.compile(
    r"^(?:(?i:signed\b|signature|in\s+witness\s+whereof|done\s+(?:at|in)\b|witness(?:ed)?\b|on\s+behalf\s+of\b)"
    r"|_{3,}|/s/|(?i:for)\s+(?:the\s+)?[A-Z][\w .'’&()-]{0,50}:?$)",
)
_COLON_TITLE = re.compile(r"^(?P<head>[^:]{1,60}?):\s+(?P<text>\S.*)$")
_BOLD_TITLE = re.compile(r"^\*\*(?P<title>.+?)\*\*\s*[:.\u2013\u2014-]?\s*(?P<text>.*)$")


def _title_like(s: str) -> bool:
    """A short capitalised phrase without final punctuation: "Army size", "Ceasefire"."""
    words = s.split()
    return (
        0 < len(words) <= 6
        and len(s) <= 60
        and s[0].isupper()
        and s[-1] not in ".,;:!?-\u2013\u2014\"'”’"
        and words[-1].lower() not in _LEAD_IN
        and not any(w.lower() in _VERBS for w in words)
        and parse_marker(s) is None
    )


def _sentence_start(s: str) -> bool:
    """A title line is followed by a new sentence; a wrapped line goes on mid-sentence."""
    return bool(s) and (s[0].isupper() or s[0].isdigit() or s[0] in _QUOTES)


def _is_signature(ln: _Line) -> bool:
    s = ln.content
    return bool(_SIGNATURE.match(s)) and (not s.lower().startswith("for ") or "," not in s)


def _join(parts: Sequence[tuple[_Line, str]]) -> tuple[str, set[int]]:
    """Join wrapped lines with spaces, mending words hyphenated across a break.

    Returns the text and the numbers of the lines whose start was glued to a
    hyphenated word ("demilita-" + "rised" → "demilitarised"; before a capital
    the hyphen stays: "Russian-" + "Ukrainian").
    """
    pieces: list[str] = []  # joined with spaces at the end: one pass, however many lines
    glued: set[int] = set()
    for ln, piece in parts:
        piece = piece.strip()
        if not piece:
            continue
        if pieces and _HYPHENATED.match(pieces[-1][-2:]) and piece[0].isalpha():
            last = pieces[-1]
            pieces[-1] = (last[:-1] if piece[0].islower() else last.rstrip("\u00ad")) + piece
            glued.add(ln.number)
        else:
            pieces.append(piece)
    return " ".join(" ".join(pieces).split()), glued


_BOLD_LABEL = re.compile(r"^\*\*(?P<label>[^*\s]{1,40})\*\*\s+(?P<rest>\S.*)$")  # "**AC-2** Account Management"
_HYPHENATED = re.compile(r"[A-Za-z][-\u00ad]\Z")  # the last two characters of a line broken mid-word


# --- the parser --------------------------------------------------------------------


@attrs.define
class _Node:
    label: str
    path: str
    line: _Line
    rest: str
    heading: bool
    learned: bool = False  # numbered by a scheme learned from the document (AC-2(3), 1:10): the line is its text
    parts: list[tuple[_Line, str]] = attrs.Factory(list)
    children: list[_Node] = attrs.Factory(list)
    notes: list[str] = attrs.Factory(list)


class _TooMuch(Exception):
    """A limit of :class:`~peaceplan.Limits` exceeded at a line; :func:`_parse` makes it a ValidationError."""

    def __init__(self, message: str, line: int) -> None:
        super().__init__(message)
        self.message = message
        self.line = line


class _Taken:
    """The labels used in one list of sibling points, with where to look for the next free one.

    Both searches below only move forward (labels are never freed), so naming
    n points costs O(n) in all, not O(n²) ("1." printed 50,000 times).
    """

    def __init__(self) -> None:
        self.labels: set[str] = set()
        self._bullet = 1
        self._copies: dict[str, int] = {}

    def bullet(self, least: int) -> str:
        """The first number from ``least`` on that is not a label yet."""
        n = max(least, self._bullet)
        while str(n) in self.labels:
            n += 1
        self._bullet = n
        return str(n)

    def copy(self, label: str) -> str:
        """``label (k)`` for the first k from 2 on that is not a label yet."""
        k = self._copies.get(label, 2)
        while f"{label} ({k})" in self.labels:
            k += 1
        self._copies[label] = k + 1
        return f"{label} ({k})"


class _Parser:
    def __init__(self, lines: Sequence[_Line], *, markdown: bool, split_inline: bool = True) -> None:
        self.lines = lines
        self.markdown = markdown
        self.split_inline = split_inline
        self.report: list[ImportNote] = []
        self._noted: defaultdict[str, set[int]] = defaultdict(set)  # path → lines already noted for it
        self.outline: Outline[_Node] = Outline()
        self.top: list[_Node] = []
        self.current: _Node | None = None
        self.preamble: list[_Line] = []
        self.signature: list[_Line] = []
        self.title: str | None = None
        self.pending_headings: list[str] = []
        self._taken: dict[int, _Taken] = {}  # id of a list of sibling nodes → the labels used in it
        self._paths: set[str] = set()  # the path of every point so far (a dotted label can spell another's)
        self._limits = current_limits()
        self._points = 0

    def note(self, ln: _Line, kind: NoteKind, detail: str, path: str | None = None) -> None:
        self.report.append(ImportNote(line=ln.number, text=ln.raw, kind=kind, detail=detail, path=path, page=ln.page))
        if path is not None:
            self._noted[path].add(ln.number)

    def marker(self, ln: _Line) -> Marker | None:
        if ln.quoted or not ln.content:
            return None
        marker = parse_marker(ln.content)
        if marker is not None and marker.is_bullet and marker.rest:
            inner = parse_marker(marker.rest)  # "- (a) text": the bullet is list syntax
            if inner is not None and not inner.is_bullet:
                return inner
        if marker is not None and marker.is_bullet and self.markdown:
            return attrs.evolve(marker, form="-")  # Markdown nests bullets by indentation, not by glyph
        return marker

    def run(self) -> None:
        lines = self.lines
        markers = [self.marker(ln) for ln in lines]
        dropped = _noise(lines, markers)
        if self._learn(markers, dropped):  # "AC-13 Withdrawn." printed thrice is no running header
            dropped = _noise(lines, markers)
        kept = [i for i, ln in enumerate(lines) if ln.content and i not in dropped]
        marker_indents = [lines[i].indent for i in kept if markers[i] is not None]
        base = min(marker_indents, default=0)
        first = next((i for i, ln in enumerate(lines) if ln.content), None)
        if first is not None and dropped.get(first, "").startswith("running"):
            title_at: int | None = first  # a running title: its first print is the document's title
            del dropped[first]
        else:
            title_at = self._find_title(kept, markers)
        if title_at is not None:
            key = _key(lines[title_at].content)
            for i, ln in enumerate(lines):
                if i > title_at and _key(ln.content) == key and markers[i] is None:
                    dropped[i] = "running title repeated on later pages"
        last_marker = max((i for i in kept if markers[i] is not None and i not in dropped), default=-1)
        signature_from = next(
            (i for i in kept if i > last_marker >= 0 and i not in dropped and _is_signature(lines[i])), None
        )
        previous_blank = True
        for i, ln in enumerate(lines):
            if i in dropped:
                self.note(ln, NoteKind.DROPPED, dropped[i])
            elif not ln.content:
                previous_blank = True
                continue
            elif i == title_at:
                self.title = ln.content
                self.note(ln, NoteKind.TITLE, "taken as the version title")
            elif signature_from is not None and i >= signature_from:
                self.signature.append(ln)
                self.note(ln, NoteKind.SIGNATURE, "signature block, kept in the version notes")
            else:
                self._line(ln, markers[i], max(ln.indent - base, 0), previous_blank, self._next_marker(i, markers))
            previous_blank = False

    def _learn(self, markers: list[Marker | None], dropped: Mapping[int, str]) -> bool:
        """Read the labels of a numbering scheme the document's own lines share (``AC-2(3)``, ``1:10``).

        Page furniture is left out, so that a point after a page break still
        follows the sentence that ended the page; lines taken for a running
        header or footer because they repeat (digits aside) stay in, since
        labelled points may repeat a text ("AC-13 Withdrawn."). True when some
        line got a label.
        """
        kept = [
            i
            for i, ln in enumerate(self.lines)
            if not ln.quoted and not (i in dropped and not dropped[i].startswith("running header or footer"))
        ]
        contents = [self._learnable(self.lines[i].content, markers[i]) for i in kept]
        scheme = learn_scheme(contents)
        learned = False
        if scheme is not None:
            for i, marker in zip(kept, scheme.markers(contents), strict=True):
                if marker is not None and ((current := markers[i]) is None or current.is_bullet):
                    markers[i] = marker
                    learned = True
        return learned

    @staticmethod
    def _learnable(content: str, marker: Marker | None) -> str:
        """The line as a learned label may open it: "- AC-2 ..." and "**AC-2** ..." read as "AC-2 ..."."""
        if marker is not None and marker.is_bullet:
            content = marker.rest
        if (m := _BOLD_LABEL.match(content)) is not None:
            content = f"{m['label']} {m['rest']}"
        return content

    def _next_marker(self, i: int, markers: Sequence[Marker | None]) -> bool:
        for j in range(i + 1, len(self.lines)):
            if self.lines[j].content:
                return markers[j] is not None or self.lines[j].heading > 0
        return False

    def _find_title(self, kept: Sequence[int], markers: Sequence[Marker | None]) -> int | None:
        if not kept:
            return None
        first = kept[0]
        ln = self.lines[first]
        if markers[first] is not None:
            return None
        if ln.heading:
            return first
        if self.markdown:
            return None
        words = ln.content.split()
        followed = len(kept) > 1 and (kept[1] > first + 1 or markers[kept[1]] is not None)
        if len(words) <= 12 and ln.content[-1] not in ".,;" and followed:
            return first
        return None

    def _line(self, ln: _Line, marker: Marker | None, indent: int, after_blank: bool, before_point: bool) -> None:
        content = ln.content
        if marker is None and ln.heading:
            self._heading(ln)
            return
        quoted = parse_marker(content if ln.quoted else content.lstrip(_QUOTES + " "))
        if marker is None and (ln.quoted or content[0] in _QUOTES) and quoted is not None and not quoted.is_bullet:
            where = f"point {self.current.path}" if self.current else "the preamble"
            self._text(ln, content, NoteKind.QUOTED_POINT, f"a numbered line inside a quotation, kept in {where}")
            return
        if (
            marker is None
            and not self.markdown
            and after_blank
            and before_point
            and (_title_like(content) or (content.isupper() and len(content) <= 60))
        ):
            self._heading(ln)
            return
        if marker is not None:
            marker = self.outline.resolve(marker)
            depth = self.outline.place(marker, indent, trust_indent=self.markdown)
            if depth is not None:
                self._point(ln, marker, depth, indent)
                return
            assert self.current is not None  # a dotted marker is refused only under an open point
            self._text(
                ln,
                content,
                NoteKind.NOT_A_POINT,
                f"{'.'.join(marker.path)!r} continues no open point; kept as text of point {self.current.path}",
            )
            return
        self._text(ln, content, None, "")

    def _heading(self, ln: _Line) -> None:
        self.pending_headings.append(ln.content)
        self.note(ln, NoteKind.HEADING, "section heading, kept in the notes of the next point (or of the version)")

    def _text(self, ln: _Line, content: str, kind: NoteKind | None, detail: str) -> None:
        if self.current is None:
            self.preamble.append(ln)
            self.note(ln, kind or NoteKind.PREAMBLE, detail or "text before the first point")
            return
        self.current.parts.append((ln, content))
        if kind is not None:
            self.note(ln, kind, detail, self.current.path)

    def _point(self, ln: _Line, marker: Marker, depth: int, indent: int) -> None:
        parent = self.outline.parent(depth)
        siblings = parent.children if parent is not None else self.top
        taken = self._taken.setdefault(id(siblings), _Taken())
        label = marker.label
        if marker.path:  # "12.b" under 12 is "b"; at the top, or under 03 with no 03.01 open: "12.b", "01.01"
            label = ".".join(marker.path[depth:])
        printed = label
        if marker.is_bullet:
            label = taken.bullet(len(siblings) + 1)
        elif label in taken.labels:
            printed = label
            label = taken.copy(label)
        path = f"{parent.path}.{label}" if parent is not None else label
        spelled = path in self._paths
        if spelled:
            # A dotted label can spell the path of a point elsewhere ("1.1" at the top, and "1" under
            # "1"): a path names one point, so the later one is renamed as a label used twice is
            # (a bullet takes the next free number).
            base = label
            while path in self._paths:
                label = taken.bullet(int(label) + 1) if marker.is_bullet else taken.copy(base)
                path = f"{parent.path}.{label}" if parent is not None else label
        taken.labels.add(label)
        self._paths.add(path)
        self._check_limits(ln, path, depth)
        node = _Node(
            label=label, path=path, line=ln, rest=marker.rest, heading=ln.heading > 0, learned=marker.family == LEARNED
        )
        if marker.is_bullet:
            self.note(
                ln, NoteKind.BULLET, f"bullet numbered {label} under {parent.path if parent else 'the top'}", path
            )
        elif spelled:
            self.note(
                ln,
                NoteKind.DUPLICATE_LABEL,
                f"label {printed!r} would give this point the path of another point; renamed {label!r}",
                path,
            )
        elif label != printed:
            self.note(ln, NoteKind.DUPLICATE_LABEL, f"label {printed!r} is used twice here; renamed {label!r}", path)
        node.notes.extend(f"Section heading: {h}" for h in self.pending_headings)
        self.pending_headings.clear()
        siblings.append(node)
        self.outline.enter(depth, marker, indent, node)
        self.current = node

    def _check_limits(self, ln: _Line, path: str, depth: int) -> None:
        self._points += 1
        if depth + 1 > self._limits.max_depth:
            shown = path if len(path) <= 60 else f"{path[:30]}…{path[-25:]}"
            raise _TooMuch(
                f"point {shown} nests {depth + 1} levels deep; the limit is {self._limits.max_depth}"
                " (Limits.max_depth, set with peaceplan.using_limits or PEACEPLAN_LIMITS)",
                ln.number,
            )
        if self._points > self._limits.max_provisions:
            raise _TooMuch(
                f"more than {self._limits.max_provisions:,} points; the limit is {self._limits.max_provisions:,}"
                " (Limits.max_provisions, set with peaceplan.using_limits or PEACEPLAN_LIMITS)",
                ln.number,
            )

    # --- building provisions ---------------------------------------------------

    def _opens_inline_list(self, ln: _Line, text: str, parts: Sequence[tuple[_Line, str]]) -> bool:
        """Is ``text`` (after a colon) an inline list from its first word? Then the head is its lead-in, not a title.

        "21. Territories: (a) ...; (b) ..." keeps "Territories:" as its text, as
        "21. Territories:" followed by "(a) ..." on separate lines does.
        """
        if not self.split_inline or parse_marker(text) is None:
            return False
        split = split_inline(_join([(ln, text), *parts])[0])
        return split is not None and not split.lead

    def provisions(self) -> list[Provision]:
        return [self._provision(n) for n in self.top]

    def _provision(self, node: _Node) -> Provision:
        title: str | None = None
        rest = node.rest
        parts = node.parts
        if self.markdown and (m := _BOLD_TITLE.match(rest)):
            title, rest = m["title"].strip().rstrip(".:").strip() or None, m["text"]
        elif node.heading and rest:
            title, rest = rest, ""
        elif (
            not node.learned
            and (m := _COLON_TITLE.match(rest))
            and _title_like(m["head"])
            and m["text"][0] not in _QUOTES
            and not self._opens_inline_list(node.line, m["text"], parts)
        ):
            title, rest = m["head"].strip(), m["text"]
        elif rest and parts and _title_like(rest) and _sentence_start(parts[0][1]):
            title, rest = rest, ""
        elif not rest and len(parts) >= 2 and _title_like(parts[0][1]) and _sentence_start(parts[1][1]):
            title = parts[0][1]
            self.note(parts[0][0], NoteKind.TITLE, f"taken as the title of point {node.path}", node.path)
            parts = parts[1:]
        text, glued = _join([(node.line, rest), *parts])
        noted = frozenset(self._noted[node.path])  # as noted before this point's own notes
        for ln, _ in parts:
            if ln.number not in noted:
                detail = f"continuation joined to point {node.path}"
                if ln.number in glued:
                    detail += " (a word hyphenated across the line break was mended)"
                self.note(ln, NoteKind.MERGED, detail, node.path)
        nodes = node.children
        if self.split_inline and not node.learned and not nodes and (split := split_inline(text)) is not None:
            text = split.lead
            nodes = [
                _Node(label=item.label, path=f"{node.path}.{item.label}", line=node.line, rest=item.text, heading=False)
                for item in split.items
            ]
            markers = ", ".join(repr(item.marker) for item in split.items)
            paths = ", ".join(n.path for n in nodes)
            detail = (
                f"sub-points written inline split at {markers} into {paths} (split_inline=False keeps them as text)"
            )
            self.note(node.line, NoteKind.INLINE_SPLIT, detail, node.path)
        children = [self._provision(c) for c in nodes]
        if not text and title is None and not children:
            self.note(node.line, NoteKind.EMPTY_POINT, f"point {node.path} has a number but no text", node.path)
        return Provision(
            label=node.label,
            title=title,
            text=text,
            children=children,
            notes="\n".join(node.notes) or None,
        )


# --- metadata ----------------------------------------------------------------------


class _ImportId(TypedDict):
    id: str


class ImportMetadata(_ImportId, total=False):
    """The keywords every ``read_*`` function takes: the new version's metadata and two reading options.

    ``id`` is required; the others default as :func:`read_text` says. A type
    checker holds a call to these keywords (``read_text(text, id="v", titel="...")``
    is an error before it runs); at run time an unknown keyword or a bad value
    raises :class:`~peaceplan.ValidationError` naming it.
    """

    document: str
    title: str | None
    status: Status | str
    date: FuzzyDate | str | None
    reported: FuzzyDate | str | None
    fidelity: Fidelity | str
    language: str
    attributions: Iterable[Attribution]
    parents: Iterable[str]
    sources: Iterable[Source | Mapping[str, Any]]
    notes: str | None
    amendments: Iterable[Amendment]
    proposed_by: ProposedBy
    preamble: Literal["provision", "notes"]
    split_inline: bool


_OPTIONS = ("preamble", "split_inline")
_PROBE = Version(id="probe", document="imported", title="probe", status="draft")


def _version_fields(reader: str, metadata: Mapping[str, Any]) -> dict[str, Any]:
    """Check the metadata keywords one by one, so an error names the keyword at fault."""
    if "id" not in metadata:
        raise _error(f"{reader}: the keyword 'id' is required (the new version's id, such as id='geneva-19')", "id")
    fields = dict(metadata)
    allowed = set(attrs.fields_dict(Version)) - {"provisions"}
    unknown = sorted(set(fields) - allowed - {"proposed_by", *_OPTIONS})
    if unknown:
        expected = ", ".join(sorted(allowed | {"proposed_by", *_OPTIONS}))
        raise _error(f"{reader}: unknown keyword {unknown[0]!r}; expected one of {expected}", unknown[0])
    fields.setdefault("document", "imported")
    fields.setdefault("status", "draft")
    proposed_by = fields.pop("proposed_by", None)
    if proposed_by is not None:
        try:
            credit = attributions_of(proposed_by)  # the parser revise() uses
        except (ValidationError, TypeError) as exc:
            raise _keyword_error(reader, "proposed_by", proposed_by, exc) from None
        fields["attributions"] = (*fields.get("attributions", ()), *credit)
    if "sources" in fields:
        try:
            fields["sources"] = [s if isinstance(s, Source) else Source.from_dict(s) for s in fields["sources"]]
        except (ValidationError, TypeError, ValueError) as exc:
            raise _keyword_error(reader, "sources", fields["sources"], exc) from None
    probe = _PROBE
    for key in sorted(fields, key=lambda k: k != "sources"):  # sources first: others may cite them
        if key == "title" and fields[key] is None:
            continue
        try:
            probe = attrs.evolve(probe, **{key: fields[key]})
        except (ValidationError, TypeError, ValueError) as exc:
            raise _keyword_error(reader, key, fields[key], exc) from None
    return fields


def _keyword_error(reader: str, key: str, value: object, exc: Exception) -> ValidationError:
    return _error(f"{reader}: keyword {key}={value!r} is not valid: {exc}", key)


def _error(message: str, key: str) -> ValidationError:
    return ValidationError([Problem(message=message, pointer=f"/{key}")])


def _parse(
    lines: Sequence[_Line],
    reader: str,
    metadata: Mapping[str, Any],
    *,
    markdown: bool,
    file: str | None = None,
    encoding: str | None = None,
) -> ImportResult:
    options = {k: v for k, v in metadata.items() if k in _OPTIONS}
    fields = _version_fields(reader, {k: v for k, v in metadata.items() if k not in _OPTIONS})
    preamble = options.get("preamble", "provision")
    if preamble not in ("provision", "notes"):
        raise _error(f"{reader}: keyword preamble={preamble!r}: expected 'provision' or 'notes'", "preamble")
    split = options.get("split_inline", True)
    if not isinstance(split, bool):
        raise _error(f"{reader}: keyword split_inline={split!r}: expected True or False", "split_inline")
    _check_lines(lines, reader, file)
    parser = _Parser(lines, markdown=markdown, split_inline=split)
    try:
        with paused_gc():  # a long text makes a burst of small objects that live on; collecting them frees nothing
            parser.run()
            provisions = parser.provisions()
    except _TooMuch as exc:
        raise ValidationError([Problem(message=f"{reader}: {exc.message}", file=file, line=exc.line)]) from None
    except RecursionError:
        message = (
            f"{reader}: the points nest too deeply to read "
            "(lower Limits.max_depth, set with peaceplan.using_limits or PEACEPLAN_LIMITS)"
        )
        raise ValidationError([Problem(message=message, file=file)]) from None
    notes = [fields.pop("notes")] if fields.get("notes") else []
    if parser.preamble:
        text, _ = _join([(ln, ln.content) for ln in parser.preamble])
        if preamble == "provision":
            provisions.insert(0, Provision(label="preamble", text=text))
        else:
            notes.insert(0, f"Preamble: {text}")
    if parser.signature:
        notes.append("Signature block: " + " / ".join(ln.content for ln in parser.signature))
    if parser.pending_headings:
        notes.append("Trailing heading: " + " / ".join(parser.pending_headings))
    fields["title"] = fields.get("title") or parser.title or "Imported version"
    fields["notes"] = "\n\n".join(notes) or None
    version = Version(provisions=provisions, **fields)
    if encoding is not None:
        parser.report.append(ImportNote(line=0, text="", kind=NoteKind.ENCODING, detail=encoding))
    report = sorted(parser.report, key=lambda n: n.line)
    return ImportResult(version=version, report=tuple(report))


def _check_lines(lines: Sequence[_Line], reader: str, file: str | None) -> None:
    limit = current_limits().max_line_chars
    for ln in lines:
        if len(ln.raw) > limit:
            message = (
                f"{reader}: the line has {len(ln.raw):,} characters; the limit is {limit:,}"
                " (Limits.max_line_chars, set with peaceplan.using_limits or PEACEPLAN_LIMITS)"
            )
            raise ValidationError([Problem(message=message, file=file, line=ln.number)])


# --- readers -------------------------------------------------------------------------


@attrs.frozen
class _Source:
    text: str
    file: str | None = None  # the path, when the text came from a file
    encoding: str | None = None  # how the file was decoded, when not plain UTF-8


def _source_text(source: str | os.PathLike[str], reader: str) -> _Source:
    """The text of ``source`` (a path, a one-line string naming a file, or the text itself), checked."""
    if isinstance(source, os.PathLike) or (
        isinstance(source, str) and "\n" not in source and len(source) < 1024 and os.path.isfile(source)
    ):
        file = os.fspath(source)
        text, encoding = decode_text(read_file_bytes(source, file=file), file=file)
        found = _Source(text, file, encoding)
    elif isinstance(source, str):
        found = _Source(source)
    else:
        raise ValidationError(f"{reader}: expected the text or a path, got {type(source).__name__}")
    check_text(found.text, file=found.file, reader=reader)
    return found


def read_text(source: str | os.PathLike[str], /, **metadata: Unpack[ImportMetadata]) -> ImportResult:
    """Read a version from plain text: a paste from an article, a post or a PDF.

    ``source`` is the text itself, or a path (a :class:`pathlib.Path`, or a
    one-line string naming an existing file). Metadata keywords: ``id``
    (required), ``document`` ("imported"), ``title`` (the first heading, else
    "Imported version"), ``status`` ("draft"), ``date``, ``reported``,
    ``fidelity`` ("verbatim"), ``parents``, ``proposed_by`` (as :func:`~peaceplan.revise`
    takes it: actor ids credited as proposers, confidence "reported", or Attributions), ``sources`` (Source
    objects or dicts), any other :class:`~peaceplan.model.records.Version` field,
    ``preamble`` ("provision": text before point 1 becomes a provision labelled
    "preamble"; "notes": it goes to the version notes) and ``split_inline``
    (True: sub-points written inline, "Territories: (a) ...; (b) ...", become
    sub-points, see :mod:`peaceplan.text.inline`; False: they stay text).

    >>> result = read_text("Plan\\n\\n1. A ceasefire starts.\\n2. Army size: capped at\\n800,000.", id="v1")
    >>> [(p.label, p.title, p.text) for p in result.version.provisions]
    [('1', None, 'A ceasefire starts.'), ('2', 'Army size', 'capped at 800,000.')]
    >>> print(result.report_text())
    line 1: title: taken as the version title: 'Plan'
    line 5: merged: continuation joined to point 2: '800,000.'
    """
    found = _source_text(source, "read_text()")
    lines = _plain_lines(found.text)
    return _parse(lines, "read_text()", metadata, markdown=False, file=found.file, encoding=found.encoding)


def read_markdown(source: str | os.PathLike[str], /, **metadata: Unpack[ImportMetadata]) -> ImportResult:
    """Read a version from Markdown: headings, numbered and bulleted lists, bold titles.

    Takes the same keywords as :func:`read_text`. ``# Title`` gives the version
    title, ``## 7. Army size`` or ``7. **Army size** text`` a point with a title;
    nested list indentation gives the sub-points.

    >>> md = "# Plan\\n\\n1. **Army size** Capped at 600,000.\\n    - (a) In peacetime."
    >>> v = read_markdown(md, id="v1").version
    >>> v.title, v.provision("1").title, v.provision("1.a").text
    ('Plan', 'Army size', 'In peacetime.')
    """
    found = _source_text(source, "read_markdown()")
    lines = _markdown_lines(found.text)
    return _parse(lines, "read_markdown()", metadata, markdown=True, file=found.file, encoding=found.encoding)


def read_pages(pages: Iterable[str], /, **metadata: Unpack[ImportMetadata]) -> ImportResult:
    """Read a version from the texts of a document's pages, in order.

    Knowing where pages start and end lets lines repeated at the top or foot of
    several pages be dropped as running headers and footers. Takes the same
    keywords as :func:`read_text`; report notes carry the page number.

    >>> pages = ["PLAN\\n1. A ceasefire\\nstarts.\\nPage 1 of 2", "PLAN\\n2. Talks begin.\\nPage 2 of 2"]
    >>> [p.text for p in read_pages(pages, id="v1").version.provisions]
    ['A ceasefire starts.', 'Talks begin.']
    """
    return _read_pages(pages, "read_pages()", metadata)


def _read_pages(
    pages: Iterable[str], reader: str, metadata: Mapping[str, Any], file: str | None = None
) -> ImportResult:
    lines: list[_Line] = []
    for number, page in enumerate(pages, start=1):
        if not isinstance(page, str):
            raise ValidationError([Problem(message=f"{reader}: page {number} is not text: {page!r:.80}", file=file)])
        check_text(page, file=file, reader=f"{reader}: page {number}")
        lines.extend(_plain_lines(page, first=len(lines) + 1, page=number))
    return _parse(lines, reader, metadata, markdown=False, file=file)


def read_pdf(path: str | os.PathLike[str] | IO[bytes], /, **metadata: Unpack[ImportMetadata]) -> ImportResult:
    """Read a version from a PDF with a text layer (needs the extra ``pdf``: pypdf).

    Scanned PDFs without a text layer need OCR first. See :func:`read_pages`.
    A file that is not a PDF, is encrypted, is damaged or exceeds the
    :class:`~peaceplan.Limits` (file size, number of pages) raises
    :class:`~peaceplan.ValidationError` naming the file and what is wrong.
    """
    try:
        from pypdf import PdfReader
    except ImportError:
        raise MissingExtraError("read_pdf()", "pdf") from None
    with quiet("pypdf"):
        return _pdf_pages(PdfReader, path, metadata)


def _pdf_pages(pdf_reader: Any, path: str | os.PathLike[str] | IO[bytes], metadata: Mapping[str, Any]) -> ImportResult:
    file = source_name(path, "the PDF stream")
    data = source_bytes(path, file)
    pdf_bytes(data, file)
    reader = guarded(file, "cannot read the PDF", lambda: pdf_reader(io.BytesIO(data)))
    if guarded(file, "cannot read the PDF", lambda: reader.is_encrypted):
        opened = guarded(file, "encrypted PDF", lambda: reader.decrypt(""))
        if not opened:
            raise ValidationError([Problem(message="encrypted PDF: it needs a password; decrypt it first", file=file)])
    count = guarded(file, "cannot read the PDF", lambda: len(reader.pages))
    limit = current_limits().max_pages
    if count > limit:
        message = (
            f"the PDF has {count:,} pages; the limit is {limit:,} "
            "(Limits.max_pages, set with peaceplan.using_limits or PEACEPLAN_LIMITS)"
        )
        raise ValidationError([Problem(message=message, file=file)])

    def page_text(n: int) -> str:
        return str(reader.pages[n].extract_text() or "")

    pages = [guarded(file, f"cannot read page {n + 1} of the PDF", partial(page_text, n)) for n in range(count)]
    return _read_pages(pages, "read_pdf()", metadata, file=file if file != "the PDF stream" else None)


def read_docx(path: str | os.PathLike[str] | IO[bytes], /, **metadata: Unpack[ImportMetadata]) -> ImportResult:
    """Read a version from a Word file (needs the extra ``docx``: python-docx).

    Paragraphs are lines; Word's automatic numbering is printed back in front of
    its paragraphs ("1.", "a)", "•") so it is read like typed numbering; heading
    styles act as Markdown headings; table cells are read row by row. A file
    that is not a Word file, is encrypted, is damaged or exceeds the
    :class:`~peaceplan.Limits` (file size, size of a part once unzipped) raises
    :class:`~peaceplan.ValidationError` naming the file and what is wrong.
    """
    try:
        import docx
    except ImportError:
        raise MissingExtraError("read_docx()", "docx") from None
    file = source_name(path, "the Word stream")
    data = source_bytes(path, file)
    docx_bytes(data, file)
    document = guarded(file, "cannot read the Word file", lambda: docx.Document(io.BytesIO(data)))
    lines = [
        _Line(number=i, raw=text, content=text.strip(), heading=level)
        for i, (text, level) in enumerate(
            iter_guarded(file, "cannot read the Word file", _docx_lines(document)), start=1
        )
    ]
    shown = file if file != "the Word stream" else None
    for ln in lines:
        check_text(ln.raw, file=shown, reader=f"read_docx(): paragraph {ln.number}")
    return _parse(lines, "read_docx()", metadata, markdown=False, file=shown)


def _docx_lines(document: Any) -> Iterator[tuple[str, int]]:
    """``(text, heading level)`` for every paragraph line and table cell line, in order."""
    from docx.oxml.ns import qn
    from docx.table import Table

    numbering = WordNumbering(document, qn)
    for block in document.iter_inner_content():
        paragraphs = (
            [p for row in block.rows for cell in row.cells for p in cell.paragraphs]
            if isinstance(block, Table)
            else [block]
        )
        for paragraph in paragraphs:
            style = paragraph.style.name if paragraph.style is not None else ""
            level = 1 if style == "Title" else int(m[1]) if (m := re.fullmatch(r"Heading (\d)", style)) else 0
            prefix = numbering.prefix(paragraph)
            for k, piece in enumerate(paragraph.text.split("\n")):
                yield (f"{prefix} {piece}" if prefix and k == 0 else piece), level
