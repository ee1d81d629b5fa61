"""A Word redline whose tracked changes are credited to the parties (needs the ``docx`` extra).

:func:`write_docx` writes the new version of a :class:`~peaceplan.compare.diff.Diff` as a
Word document in which every insertion and deletion is a real tracked change
(``w:ins``/``w:del``). Each revision's *author* is the party credited with the
change (the display name of the attributed proposer, "unattributed" when nobody
is) and its *date* the date of the version that introduced it. A point that moved
with its words unchanged is a Word move (``w:moveFrom``/``w:moveTo``); each
substantive change carries a Word comment with its findings, its credit (saying
so when the credit is contested) and its sources.

The document body is the versions' text, one paragraph per point and sub-point
(:func:`version_paragraphs`), under the version title: accepting every revision
gives the new version's paragraphs, rejecting every one the old version's.

python-docx writes the package, styles and comments part; the revisions are
built with its oxml layer, which has no API for them.
"""

from __future__ import annotations

import bisect
import datetime as _dt
import io
import itertools
import os
import re
from collections.abc import Iterator, Mapping, Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Any

import attrs

from ..compare.matches import MatchKind
from ..compare.redline import Op, Segment
from ..errors import MissingExtraError, PeaceplanError
from ..files.io import write_atomic
from ..model.records import Actor, ActorKind, Confidence, Provision, Version, proposers_of
from .common import actor_names

if TYPE_CHECKING:  # pragma: no cover
    from ..compare.diff import Change, Diff
    from ..model.collection import CorpusData

__all__ = ["UNATTRIBUTED", "paragraph_text", "version_paragraphs", "word_safe", "write_docx"]

UNATTRIBUTED = "unattributed"
"""The author of a revision nobody is credited with."""

_COMMENT_AUTHOR = "peaceplan"
_SUB_INDENT_TWIPS = 567  # one centimetre, for sub-points
# Characters XML 1.0 cannot hold (C0 controls but tab and line ends, U+FFFE, U+FFFF).
_NOT_XML = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff]")


def word_safe(text: str) -> str:
    """``text`` as a Word document can hold it: characters XML cannot carry become U+FFFD.

    >>> word_safe("bell" + chr(7)) == "bell" + chr(0xFFFD)
    True
    """
    return _NOT_XML.sub("\ufffd", text)


def paragraph_text(label: str, p: Provision) -> str:
    """The text of one point's paragraph: ``"4. Army size. Ukraine's armed forces ..."``.

    >>> paragraph_text("4", Provision(label="4", title="Army size", text="Up to 800,000."))
    '4. Army size. Up to 800,000.'
    """
    return _label_part(label) + _title_part(p) + p.text


def version_paragraphs(version: Version) -> list[str]:
    """The paragraphs a redline of ``version`` holds once every revision is accepted (or rejected).

    The title first, then one paragraph per point and sub-point in document order.
    Characters XML cannot hold are shown as U+FFFD (:func:`word_safe`).
    """
    return [word_safe(t) for t in (version.title, *(paragraph_text(p.label, p) for _, p in version.walk()))]


def _label_part(label: str) -> str:
    return f"{label}. "


def _title_part(p: Provision) -> str:
    return f"{p.title}. " if p.title else ""


def write_docx(diff: Diff, path: str | os.PathLike[str], *, corpus: CorpusData | None = None) -> Path:
    """Write ``diff`` as a Word document with tracked changes credited to the parties.

    ``corpus`` gives the actors' display names and the dates of the versions a
    change passed through; without it, actor ids stand for names and every
    revision is dated by the new version. The file is written whole or not at all.
    """
    try:
        import docx
    except ImportError:
        raise MissingExtraError("Diff.to_docx()", "docx") from None
    document = docx.Document()
    writer = _Writer(diff, document, corpus)
    writer.write()
    target = Path(path)
    buffer = io.BytesIO()
    document.save(buffer)
    write_atomic(target, buffer.getvalue())
    return target


# --- the plan: which paragraphs, in which order ------------------------------------------


@attrs.frozen
class _Para:
    """One paragraph of the redline: what it shows and which change it belongs to."""

    role: str  # "keep" (an aligned point), "del", "ins", "move-from", "move-to"
    change: Change
    old: tuple[str, Provision] | None = None
    new: tuple[str, Provision] | None = None


def _plan(diff: Diff) -> list[_Para]:
    """The paragraphs in an order that reads as the new text and rejects back to the old one.

    Points aligned one to one keep their place when their old positions rise with
    the new ones (the longest such run); the others are moves. Removed points, the
    old side of moves, splits and merges are placed before the first kept point
    that came after them in the old text.
    """
    old_order = {path: i for i, (path, _) in enumerate(diff.old.walk())}
    new_order = {path: i for i, (path, _) in enumerate(diff.new.walk())}
    one_to_one = [e for e in diff.entries if len(e.match.old) == 1 and len(e.match.new) == 1]
    one_to_one.sort(key=lambda e: new_order[e.match.new[0]])
    anchored = {id(e) for e in _rising(one_to_one, [old_order[e.match.old[0]] for e in one_to_one])}

    old_items: list[tuple[int, _Para]] = []  # paragraphs only the old text has
    new_items: list[tuple[int, _Para]] = []  # paragraphs only the new text has (or anchors)
    for e in diff.entries:
        olds = [(path, diff.old.provision(path)) for path in e.match.old]
        news = [(path, diff.new.provision(path)) for path in e.match.new]
        if id(e) in anchored:
            new_items.append((new_order[news[0][0]], _Para("keep", e, olds[0], news[0])))
            continue
        movable = len(olds) == 1 and len(news) == 1 and _same_words(olds[0][1], news[0][1])
        for path, p in olds:
            old_items.append((old_order[path], _Para("move-from" if movable else "del", e, old=(path, p))))
        for path, p in news:
            new_items.append((new_order[path], _Para("move-to" if movable else "ins", e, new=(path, p))))
    old_items.sort(key=lambda item: item[0])
    new_items.sort(key=lambda item: item[0])

    plan: list[_Para] = []
    pending = iter(old_items)
    waiting = next(pending, None)
    for _, para in new_items:
        if para.role == "keep":
            assert para.old is not None
            here = old_order[para.old[0]]
            while waiting is not None and waiting[0] < here:
                plan.append(waiting[1])
                waiting = next(pending, None)
        plan.append(para)
    while waiting is not None:
        plan.append(waiting[1])
        waiting = next(pending, None)
    return plan


def _rising(items: Sequence[Change], keys: Sequence[int]) -> list[Change]:
    """The longest run of ``items`` whose ``keys`` strictly rise (patience sorting)."""
    tails: list[int] = []  # index into items of the smallest tail of each length
    back: list[int] = [-1] * len(items)
    for i, key in enumerate(keys):
        k = bisect.bisect_left([keys[t] for t in tails], key)
        back[i] = tails[k - 1] if k else -1
        if k == len(tails):
            tails.append(i)
        else:
            tails[k] = i
    out: list[Change] = []
    i = tails[-1] if tails else -1
    while i != -1:
        out.append(items[i])
        i = back[i]
    return out[::-1]


def _same_words(old: Provision, new: Provision) -> bool:
    return old.text == new.text and old.title == new.title


# --- credit ------------------------------------------------------------------------------


def _party_names(ids: Sequence[str], actors: Mapping[str, Actor], names: Mapping[str, str]) -> str:
    """The parties among ``ids`` as one author string; a person is folded into a credited affiliation."""
    kept = [
        a
        for a in ids
        if not (
            a in actors
            and actors[a].kind is ActorKind.PERSON
            and actors[a].affiliation is not None
            and actors[a].affiliation in ids
        )
    ]
    return ", ".join(names.get(a, a) for a in kept) or UNATTRIBUTED


def _date_of(value: Any) -> _dt.datetime | None:
    if value is None:
        return None
    return _dt.datetime(value.year, value.month or 1, value.day or 1, tzinfo=_dt.timezone.utc)


# --- the writer ---------------------------------------------------------------------------


class _Writer:
    """Builds the document body paragraph by paragraph (one instance per document)."""

    def __init__(self, diff: Diff, document: Any, corpus: CorpusData | None) -> None:
        from docx.oxml import OxmlElement
        from docx.oxml.ns import qn

        self.diff = diff
        self.document = document
        self.corpus = corpus
        self.element = OxmlElement
        self.qn = qn
        self.actors: dict[str, Actor] = {a.id: a for a in corpus.actors} if corpus is not None else {}
        self.names = actor_names(self.actors)
        self.ids = itertools.count(1)
        self.moves = itertools.count(1)
        self.fallback_date = _date_of(diff.new.date) or _date_of(diff.old.date)
        self.commented_changes: set[int] = set()

    # --- credit of one change

    def author(self, change: Change) -> str:
        return _party_names(change.proposers, self.actors, self.names)

    def date(self, change: Change) -> _dt.datetime | None:
        """The date of the version that introduced the change: its first step that credits a proposer."""
        wanted = set(change.proposers)
        steps = [s for s in change.steps if s.kind is not MatchKind.UNCHANGED]
        chosen = next((s for s in steps if wanted & set(proposers_of(s.attributions, fallback=True))), None)
        chosen = chosen or (steps[-1] if steps else None)
        if chosen is not None and self.corpus is not None:
            try:
                found = _date_of(self.corpus.version(chosen.version).date)
            except PeaceplanError:  # a step outside the corpus given: fall back to the new version's date
                found = None
            if found is not None:
                return found
        return self.fallback_date

    # --- body

    def write(self) -> None:
        core = self.document.core_properties
        core.title = word_safe(self.diff.new.title)
        core.subject = word_safe(f"Redline of {self.diff.old.id} → {self.diff.new.id}")
        core.author = _COMMENT_AUTHOR
        core.comments = word_safe(
            f"Tracked changes from {self.diff.old.title} ({self.diff.old.id}) to {self.diff.new.title} "
            f"({self.diff.new.id}), each credited to the party that proposed it. Written by peaceplan."
        )
        if self.fallback_date is not None:  # dated by the text, not the clock: the same diff, the same file
            core.created = core.modified = self.fallback_date.replace(tzinfo=None)
        body = self.document.element.body
        for p in list(body.iterchildren(self.qn("w:p"))):
            body.remove(p)
        self.title()
        for para in _plan(self.diff):
            self.paragraph(para)

    def title(self) -> None:
        p = self.document.add_paragraph(style="Title")._p
        old, new = self.diff.old.title, self.diff.new.title
        if old == new:
            p.append(self.run(new))
            return
        author = _party_names(proposers_of(self.diff.new.attributions, fallback=True), self.actors, self.names)
        date = self.fallback_date
        p.append(self.revision("w:del", [self.run(old, deleted=True)], author, date))
        p.append(self.revision("w:ins", [self.run(new)], author, date))

    def paragraph(self, para: _Para) -> None:
        change = para.change
        side = para.new or para.old
        assert side is not None
        path = side[0]
        p = self.document.add_paragraph()._p
        if "." in path:
            ppr = p.get_or_add_pPr()
            ind = self.element("w:ind")
            ind.set(self.qn("w:left"), str(_SUB_INDENT_TWIPS * path.count(".")))
            ppr.append(ind)
        author, date = self.author(change), self.date(change)
        content: list[Any]
        if para.role == "keep":
            assert para.old is not None
            assert para.new is not None
            content = self.kept(para.old[1], para.new[1], change, author, date)
        elif para.role in ("del", "move-from"):
            assert para.old is not None
            mark = "w:del" if para.role == "del" else "w:moveFrom"
            self.mark_paragraph(p, mark, author, date)
            content = [self.revision(mark, self.pieces(para.old[1], deleted=True), author, date)]
        else:
            assert para.new is not None
            mark = "w:ins" if para.role == "ins" else "w:moveTo"
            self.mark_paragraph(p, mark, author, date)
            content = [self.revision(mark, self.pieces(para.new[1]), author, date)]
        if para.role in ("move-from", "move-to"):
            content = self.move_range(para, content, author, date)
        if _comment_wanted(change, para.role) and id(change) not in self.commented_changes:
            self.commented_changes.add(id(change))  # a split's comment goes on its first new paragraph only
            content = self.commented(content, change, author, date)
        for element in content:
            p.append(element)

    def kept(self, old: Provision, new: Provision, change: Change, author: str, date: _dt.datetime | None) -> list[Any]:
        """An aligned point: its label, title and words, each changed part a tracked revision."""
        out: list[Any] = []
        out += self.part(_label_part(old.label), _label_part(new.label), author, date, bold=True)
        out += self.part(_title_part(old), _title_part(new), author, date, bold=True)
        for segment in _segments(change, old, new):
            if segment.op is Op.EQUAL:
                out.append(self.run(segment.text))
            elif segment.op is Op.DELETE:
                out.append(self.revision("w:del", [self.run(segment.text, deleted=True)], author, date))
            else:
                out.append(self.revision("w:ins", [self.run(segment.text)], author, date))
        return out

    def part(self, old: str, new: str, author: str, date: _dt.datetime | None, *, bold: bool) -> list[Any]:
        if old == new:
            return [self.run(new, bold=bold)] if new else []
        out = []
        if old:
            out.append(self.revision("w:del", [self.run(old, deleted=True, bold=bold)], author, date))
        if new:
            out.append(self.revision("w:ins", [self.run(new, bold=bold)], author, date))
        return out

    def pieces(self, p: Provision, *, deleted: bool = False) -> list[Any]:
        runs = [self.run(_label_part(p.label), deleted=deleted, bold=True)]
        if p.title:
            runs.append(self.run(_title_part(p), deleted=deleted, bold=True))
        if p.text:
            runs.append(self.run(p.text, deleted=deleted))
        return runs

    # --- oxml helpers

    def run(self, text: str, *, deleted: bool = False, bold: bool = False) -> Any:
        r = self.element("w:r")
        if bold:
            rpr = self.element("w:rPr")
            rpr.append(self.element("w:b"))
            r.append(rpr)
        t = self.element("w:delText" if deleted else "w:t")
        t.set("{http://www.w3.org/XML/1998/namespace}space", "preserve")
        t.text = word_safe(text)
        r.append(t)
        return r

    def stamp(self, element: Any, author: str, date: _dt.datetime | None) -> Any:
        element.set(self.qn("w:id"), str(next(self.ids)))
        element.set(self.qn("w:author"), author)
        if date is not None:
            element.set(self.qn("w:date"), date.strftime("%Y-%m-%dT%H:%M:%SZ"))
        return element

    def revision(self, tag: str, runs: Sequence[Any], author: str, date: _dt.datetime | None) -> Any:
        element = self.stamp(self.element(tag), author, date)
        for r in runs:
            element.append(r)
        return element

    def mark_paragraph(self, p: Any, tag: str, author: str, date: _dt.datetime | None) -> None:
        """Mark the paragraph mark itself as inserted, deleted or moved, so the paragraph goes with its text."""
        ppr = p.get_or_add_pPr()
        rpr = self.element("w:rPr")
        rpr.append(self.stamp(self.element(tag), author, date))
        ppr.append(rpr)

    def move_range(self, para: _Para, content: list[Any], author: str, date: _dt.datetime | None) -> list[Any]:
        side = "From" if para.role == "move-from" else "To"
        start = self.stamp(self.element(f"w:move{side}RangeStart"), author, date)
        start.set(self.qn("w:name"), f"move{self.move_number(para.change)}")
        end = self.element(f"w:move{side}RangeEnd")
        end.set(self.qn("w:id"), start.get(self.qn("w:id")))
        return [start, *content, end]

    def move_number(self, change: Change) -> int:
        numbers: dict[int, int] = self.__dict__.setdefault("_move_numbers", {})
        if id(change) not in numbers:
            numbers[id(change)] = next(self.moves)
        return numbers[id(change)]

    def commented(self, content: list[Any], change: Change, author: str, date: _dt.datetime | None) -> list[Any]:
        """Anchor the change's comment on ``content``: findings, credit and sources."""
        comment = self.document.comments.add_comment(text="", author=_COMMENT_AUTHOR, initials="pp")
        if date is not None:  # dated like the change, not by the clock: the same diff writes the same document
            comment._comment_elm.set(self.qn("w:date"), date.strftime("%Y-%m-%dT%H:%M:%SZ"))
        paragraphs = [word_safe(line) for line in _comment_lines(change, author, self.names, self.diff)]
        comment.paragraphs[0].add_run(paragraphs[0])
        for line in paragraphs[1:]:  # built in oxml: python-docx's add_paragraph costs a millisecond each
            p = self.element("w:p")
            ppr = self.element("w:pPr")
            style = self.element("w:pStyle")
            style.set(self.qn("w:val"), "CommentText")
            ppr.append(style)
            p.append(ppr)
            p.append(self.run(line))
            comment._comment_elm.append(p)
        number = str(comment.comment_id)
        start = self.element("w:commentRangeStart")
        start.set(self.qn("w:id"), number)
        end = self.element("w:commentRangeEnd")
        end.set(self.qn("w:id"), number)
        ref_run = self.element("w:r")
        rpr = self.element("w:rPr")
        style = self.element("w:rStyle")
        style.set(self.qn("w:val"), "CommentReference")
        rpr.append(style)
        ref_run.append(rpr)
        ref = self.element("w:commentReference")
        ref.set(self.qn("w:id"), number)
        ref_run.append(ref)
        return [start, *content, end, ref_run]


def _segments(change: Change, old: Provision, new: Provision) -> tuple[Segment, ...]:
    """The change's redline of the point's words, or the whole text struck and rewritten when it has none."""
    red = change.redline
    if red is not None and red.old_text == old.text and red.new_text == new.text:
        return red.segments
    if old.text == new.text:
        return (Segment(Op.EQUAL, old.text),) if old.text else ()
    out = []
    if old.text:
        out.append(Segment(Op.DELETE, old.text))
    if new.text:
        out.append(Segment(Op.INSERT, new.text))
    return tuple(out)


def _comment_wanted(change: Change, role: str) -> bool:
    """A comment on each substantive change or contested credit, once (on the new side of a move or split)."""
    if not (change.substantive or change.contested):
        return False
    return not (role in ("del", "move-from") and change.new)


def _comment_lines(change: Change, author: str, names: Mapping[str, str], diff: Diff) -> Iterator[str]:
    old = "+".join(change.old_labels) or "∅"
    new = "+".join(change.new_labels) or "∅"
    yield f"{diff.old.id} {old} → {diff.new.id} {new}: {change.kind.value}"
    for f in change.findings:
        yield f"• {f.summary}"
    if change.attributions:
        yield f"Credited to {author}:"
        for a in dict.fromkeys(change.attributions):  # a credit repeated by two steps is said once
            detail = f"{a.role.value}, {a.confidence.value}"
            line = f"– {names.get(a.actor, a.actor)} ({detail})"
            if a.note:
                line += f": {a.note}"
            yield line
    else:
        yield "No one is credited with this change in the sources recorded."
    if change.contested:
        disputed = [names.get(a.actor, a.actor) for a in change.attributions if a.confidence is Confidence.CONTESTED]
        yield f"Credit contested: the sources disagree on whether {', '.join(dict.fromkeys(disputed))} proposed this."
    for step in change.steps:
        who = ", ".join(names.get(a, a) for a in proposers_of(step.attributions, fallback=True)) or UNATTRIBUTED
        yield f"Step {step.parent} → {step.version} ({step.kind.value}): {who}"
    if change.sources:
        yield "Sources:"
        for s in change.sources:
            when = f", {s.date}" if s.date else ""
            where = f", {s.url}" if s.url else ""
            yield f"– {s.publisher}: {s.title}{when}{where} ({s.reliability.value})"
