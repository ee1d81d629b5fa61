"""Word-level redlines: which words of a provision were deleted and inserted.

A :class:`Redline` is the text of two drafts cut into segments that are kept
(``EQUAL``), struck out (``DELETE``) or written in (``INSERT``). It reads like a
negotiator's markup, so the unit is the word, not the character: the texts are
cut into words, whitespace runs and punctuation marks, and
:class:`difflib.SequenceMatcher` aligns those tokens (through cydifflib, its
compiled port, when installed: same algorithm, same result, several times
faster; peaceplan installs it on CPython 3.10–3.13, where it ships wheels, and
uses the standard library elsewhere). A replaced word shows as a deletion
followed by an insertion.

A short kept run caught between two changes (a lone space, a comma, one word
between two rewritten phrases) is folded into the change around it, as
diff-match-patch's semantic clean-up does, so ``[-are capped-] [-at-]`` reads as
one struck phrase rather than confetti.

The redline is exact: the kept and struck segments give back the old text
character for character, the kept and inserted ones the new text. Deciding
whether a change is only *editorial* (case, spacing, punctuation) is a separate
question, answered by :meth:`Redline.is_editorial` on normalised text.
"""

from __future__ import annotations

import enum
import functools
import itertools
import operator
import re
import unicodedata
import warnings
from collections.abc import Iterable, Mapping
from typing import Any

import attrs

from ..errors import ValidationError

try:  # the compiled port of difflib: the same matching blocks, about 7x faster on word lists
    from cydifflib import SequenceMatcher
except ImportError:  # pragma: no cover - a platform without its wheels
    from difflib import SequenceMatcher

__all__ = [
    "Op",
    "Redline",
    "RedlineOptions",
    "Segment",
    "editorial_form",
    "redline",
    "tokenise",
]

# A word (letters, digits, combining marks; "600,000", "1.5" and "Ukraine's" stay
# whole), a whitespace run, or any other single character. The three branches
# cover every character, so the tokens always join back into the text.
_MARKS = "\u0300-\u036f\u1ab0-\u1aff\u1dc0-\u1dff\u20d0-\u20ff\ufe20-\ufe2f"
_TOKEN = re.compile(rf"[\w{_MARKS}]+(?:(?:(?<=\d)[.,](?=\d)|['’](?=\w))[\w{_MARKS}]+)*|\s+|.", re.DOTALL)
_WORD = re.compile(rf"[\w{_MARKS}]")
# A decimal point: a "." between two digits. Written to start with the "." (a literal re finds
# fast) and look back over it, rather than look behind first, which is tried at every character.
_DECIMAL_POINT = re.compile(r"\.(?<=\d\.)(?=\d)")
_MEANINGFUL_MARKS = frozenset("%‰‱&/§#@")
# ASCII punctuation (Unicode category P) that editorial_form() drops; symbols such as $ stay.
_ASCII_PUNCTUATION = str.maketrans(
    "",
    "",
    "".join(chr(c) for c in range(128) if unicodedata.category(chr(c)).startswith("P") and chr(c) not in "%&/#@"),
)
_ASCII_PUNCTUATION_BYTES = bytes(sorted(_ASCII_PUNCTUATION))  # the same marks, for bytes.translate
_FOLD_FACTOR = 3


class Op(str, enum.Enum):
    """What a segment of a redline does: keep, insert or delete its text."""

    EQUAL = "equal"
    INSERT = "insert"
    DELETE = "delete"

    def __str__(self) -> str:
        return str(self.value)


def _to_op(value: object) -> Op:
    if isinstance(value, Op):
        return value
    try:
        return Op(value)
    except ValueError:
        raise ValidationError(f"Segment.op: expected one of 'equal', 'insert', 'delete', got {value!r}") from None


def _non_empty(instance: object, attribute: attrs.Attribute[Any], value: object) -> None:
    if not isinstance(value, str) or not value:
        raise ValidationError(f"Segment.text: expected a non-empty string, got {value!r}")


@attrs.frozen
class Segment:
    """A run of text that is kept, inserted or deleted.

    >>> Segment("delete", "600,000")
    Segment(op=<Op.DELETE: 'delete'>, text='600,000')
    """

    op: Op = attrs.field(converter=_to_op)
    text: str = attrs.field(validator=_non_empty)

    def to_dict(self) -> dict[str, Any]:
        return {"op": self.op.value, "text": self.text}

    @classmethod
    def from_dict(cls, data: Mapping[str, Any]) -> Segment:
        return cls(data["op"], data["text"])


@attrs.frozen(kw_only=True)
class RedlineOptions:
    """Which differences :meth:`Redline.is_editorial` and :func:`editorial_form` disregard.

    ``ignore_punctuation`` drops punctuation marks (Unicode category P) but keeps a
    decimal point between digits, so "600,000" equals "600000" and "1.5" does not
    equal "15". Marks that carry meaning are never ignored: symbols such as "$" and
    "€", and "%", "‰", "&", "/", "§", "#" and "@".
    """

    ignore_case: bool = True
    ignore_whitespace: bool = True
    ignore_punctuation: bool = True


def _canonical(segments: tuple[Segment, ...]) -> None:
    for i in range(1, len(segments)):
        before, after = segments[i - 1].op, segments[i].op
        if before == after:
            raise ValidationError(
                f"Redline.segments[{i}]: expected a different op from the segment before it, got two "
                f"{after.value!r} segments in a row; merge them into one segment"
            )
        if before is Op.INSERT and after is Op.DELETE:
            raise ValidationError(
                f"Redline.segments[{i}]: expected deletions before insertions within a change, got an "
                f"'insert' followed by a 'delete'; put the 'delete' segment first"
            )


def _to_segments(value: Iterable[Segment]) -> tuple[Segment, ...]:
    if isinstance(value, (str, Mapping)):
        raise ValidationError(f"Redline.segments: expected a sequence of Segment, got {value!r}")
    return tuple(value)


def _segments(instance: Redline, attribute: attrs.Attribute[Any], value: tuple[Any, ...]) -> None:
    for i, segment in enumerate(value):
        if not isinstance(segment, Segment):
            raise ValidationError(f"Redline.segments[{i}]: expected a Segment, got {segment!r}")
    _canonical(value)


@attrs.frozen
class Redline:
    """The word-level markup from one text to another.

    Segments are in canonical form: no two neighbours share an op, and within a
    change the deletion comes before the insertion. ``str()`` gives the compact
    ``[-deleted-]{+inserted+}`` notation of ``git diff --word-diff``.

    >>> r = redline("Elections within 100 days.", "Elections as soon as possible.")
    >>> print(r)
    Elections [-within 100 days-]{+as soon as possible+}.
    >>> r.deleted, r.inserted
    (('within 100 days',), ('as soon as possible',))
    >>> r.old_text
    'Elections within 100 days.'
    """

    segments: tuple[Segment, ...] = attrs.field(converter=_to_segments, validator=_segments)

    @property
    def old_text(self) -> str:
        """The old text: kept and deleted segments, exactly as given to :func:`redline`."""
        return "".join(s.text for s in self.segments if s.op is not Op.INSERT)

    @property
    def new_text(self) -> str:
        """The new text: kept and inserted segments, exactly as given to :func:`redline`."""
        return "".join(s.text for s in self.segments if s.op is not Op.DELETE)

    @property
    def changed(self) -> bool:
        """Whether anything was inserted or deleted."""
        return any(s.op is not Op.EQUAL for s in self.segments)

    @property
    def inserted(self) -> tuple[str, ...]:
        """The inserted runs, in order."""
        return tuple(s.text for s in self.segments if s.op is Op.INSERT)

    @property
    def deleted(self) -> tuple[str, ...]:
        """The deleted runs, in order."""
        return tuple(s.text for s in self.segments if s.op is Op.DELETE)

    @property
    def ratio(self) -> float:
        """Similarity from 0 (nothing kept) to 1 (identical): twice the kept characters over all characters.

        >>> redline("peace now", "peace later").ratio
        0.6
        """
        kept = changed = 0  # the lengths of the texts, without joining them: 2 * kept + changed
        for s in self.segments:
            if s.op is Op.EQUAL:
                kept += len(s.text)
            else:
                changed += len(s.text)
        total = 2 * kept + changed
        if total == 0:
            return 1.0
        return 2 * kept / total

    def is_editorial(self, options: RedlineOptions | None = None) -> bool:
        """Whether the texts differ, but only in case, spacing or punctuation (as ``options`` allow).

        An unchanged text is not an editorial change: this is ``False`` for it.

        >>> redline("The US shall pay.", "the US  shall pay").is_editorial()
        True
        >>> redline("The US shall pay.", "The US may pay.").is_editorial()
        False
        """
        options = options if options is not None else RedlineOptions()
        return self.changed and editorial_form(self.old_text, options) == editorial_form(self.new_text, options)

    def invert(self) -> Redline:
        """The redline from the new text back to the old one: insertions and deletions swap.

        >>> print(redline("a cap of 600,000", "a cap of 800,000").invert())
        a cap of [-800,000-]{+600,000+}
        """
        # The segments are canonical (see _canonical): each change is a deletion, an insertion, or a
        # deletion then an insertion, which swap sides; the kept runs stay as they are.
        inverted: list[Segment] = []
        segments = self.segments
        i, count = 0, len(segments)
        while i < count:
            segment = segments[i]
            op = segment.op
            if op is Op.EQUAL:
                inverted.append(segment)
            elif op is Op.INSERT:
                inverted.append(_made(Op.DELETE, segment.text))
            elif i + 1 < count and segments[i + 1].op is Op.INSERT:  # a replacement: its two sides swap places
                inverted += (_made(Op.DELETE, segments[i + 1].text), _made(Op.INSERT, segment.text))
                i += 1
            else:
                inverted.append(_made(Op.INSERT, segment.text))
            i += 1
        return _made_redline(tuple(inverted))

    def to_dict(self) -> dict[str, Any]:
        return {"segments": [s.to_dict() for s in self.segments]}

    @classmethod
    def from_dict(cls, data: Mapping[str, Any]) -> Redline:
        return cls(tuple(Segment.from_dict(s) for s in data.get("segments", ())))

    def __str__(self) -> str:
        marks = {Op.EQUAL: "{}", Op.DELETE: "[-{}-]", Op.INSERT: "{{+{}+}}"}
        return "".join(marks[s.op].format(s.text) for s in self.segments)

    def _repr_html_(self) -> str:
        """The notebook display: deleted words struck through, inserted ones underlined."""
        from ..render.notebook import redline_html

        return redline_html(self)


def tokenise(text: str) -> tuple[str, ...]:
    """Cut ``text`` into words, whitespace runs and single punctuation marks; they join back into ``text``.

    >>> tokenise("Ukraine's army: 600,000.")
    ("Ukraine's", ' ', 'army', ':', ' ', '600,000', '.')
    """
    return tuple(_TOKEN.findall(text))


def editorial_form(text: str, options: RedlineOptions) -> str:
    """The form of ``text`` compared by :meth:`Redline.is_editorial`.

    Always NFKC-normalised; then case-folded, stripped of punctuation, and with
    whitespace runs collapsed, as ``options`` say.

    >>> editorial_form("Russia's  ARMY: 600,000.", RedlineOptions())
    'russias army 600000'
    >>> editorial_form("Russia's  ARMY", RedlineOptions(ignore_case=False))
    'Russias ARMY'
    """
    text = unicodedata.normalize("NFKC", text)
    if options.ignore_case:
        text = text.casefold()
    if options.ignore_punctuation:
        if text.isascii() and "\x00" not in text:  # the common case, done in C: protect decimal points, drop the rest
            # bytes.translate deletes in one pass where str.translate looks each character up in a dict
            kept = _DECIMAL_POINT.sub("\x00", text).encode("ascii").translate(None, _ASCII_PUNCTUATION_BYTES)
            text = kept.decode("ascii").replace("\x00", ".")
        else:
            kept_points = {m.start() for m in _DECIMAL_POINT.finditer(text)}
            text = "".join(
                ch
                for i, ch in enumerate(text)
                if i in kept_points or ch in _MEANINGFUL_MARKS or not unicodedata.category(ch).startswith("P")
            )
    if options.ignore_whitespace:
        # What re.sub(r"\s+", " ", text).strip() gives, faster: str.split and re's \s agree on what is a space.
        text = " ".join(text.split())
    return text


def redline(old: str, new: str) -> Redline:
    """The word-level redline from ``old`` to ``new``.

    >>> print(redline("The US guarantee comes with conditions.", "The US, NATO and European states give guarantees."))
    The US[- guarantee comes with conditions-]{+, NATO and European states give guarantees+}.

    Results are cached (a :class:`Redline` is immutable): the diff and the
    findings of one change ask for the same redline.
    """
    if not isinstance(old, str) or not isinstance(new, str):
        return _redline(old, new)
    return _cached_redline(old, new)


@functools.lru_cache(maxsize=4096)
def _cached_redline(old: str, new: str) -> Redline:
    return _redline(old, new)


def _redline(old: str, new: str) -> Redline:
    a, words_a, offsets_a = _tokens_of(old)
    b, words_b, offsets_b = _tokens_of(new)
    # The runs, as token ranges (see _RunTuple), made and read faster than objects: a redline cuts a dozen or so.
    runs: list[_RunTuple] = []
    for tag, i1, i2, j1, j2 in SequenceMatcher(None, a, b, autojunk=False).get_opcodes():
        if tag == "equal":
            runs.append((True, i1, i2, j1, j2))
        elif runs and not runs[-1][0]:  # two changes in a row (never from the matcher): one change
            runs[-1] = (False, runs[-1][1], i2, runs[-1][3], j2)
        else:
            runs.append((False, i1, i2, j1, j2))
    if len(runs) > 2:
        runs = _folded_runs(runs, words_a, words_b)
    segments: list[Segment] = []
    append = segments.append
    for is_equal, i1, i2, j1, j2 in runs:
        # The tokens join back into their text, so a run's text is the slice of the text its tokens span.
        if is_equal:
            append(_made(Op.EQUAL, old[offsets_a[i1] : offsets_a[i2]]))
            continue
        if i1 < i2:
            append(_made(Op.DELETE, old[offsets_a[i1] : offsets_a[i2]]))
        if j1 < j2:
            append(_made(Op.INSERT, new[offsets_b[j1] : offsets_b[j2]]))
    # Canonical by construction: kept runs and changes alternate (the fold joins neighbouring changes),
    # a change deletes before it inserts, and every run holds at least one token.
    return _made_redline(tuple(segments))


_new = object.__new__
_set = object.__setattr__


def _made(op: Op, text: str) -> Segment:
    """``Segment(op, text)`` without its checks, for a segment this module cut: an :class:`Op` and non-empty text.

    A redline is made of thousands of them, and the checks were most of their cost.
    """
    segment = _new(Segment)
    _set(segment, "op", op)
    _set(segment, "text", text)
    return segment


def _made_redline(segments: tuple[Segment, ...]) -> Redline:
    """``Redline(segments)`` without its checks, for segments this module made canonical (see :func:`_canonical`)."""
    red = _new(Redline)
    _set(red, "segments", segments)
    return red


# --- internals ------------------------------------------------------------------


# Texts longer than this are not kept: their tokens take some 35 bytes a character (a text of
# 10,000 characters, 370 kB), and a count of texts alone would not bound the memory they hold.
_KEPT_UP_TO = 2_000


def _tokens_of(text: str) -> tuple[tuple[str, ...], bytes, tuple[int, ...]]:
    """:func:`_tokens`, kept for a text of up to ``_KEPT_UP_TO`` characters."""
    if isinstance(text, str) and len(text) <= _KEPT_UP_TO:
        return _tokens(text)
    return _tokens.__wrapped__(text)  # not a string: tokenise says so (the cache would say it is unhashable)


@functools.lru_cache(maxsize=1024)  # a text recurs in a later comparison (about 4 kB a text of 200 characters)
def _tokens(text: str) -> tuple[tuple[str, ...], bytes, tuple[int, ...]]:
    """The tokens of ``text`` (:func:`tokenise`), which of them are words, and how many characters come before each.

    ``words.count(1, i, j)`` are the words of ``tokens[i:j]`` (a byte 1 for each word, 0 for
    the others), and the tokens join back into the text, so they are ``text[offsets[i]:offsets[j]]``:
    a redline asks both of runs. Kept per text: a draft's text is compared with the one before
    it and the one after it.
    """
    tokens = tokenise(text)
    firsts = "".join(map(operator.itemgetter(0), tokens))  # a token is a word when its first character is one
    if firsts.isascii():  # the common case, done in C
        words = firsts.encode("ascii").translate(_ASCII_WORD_FLAGS)
    else:
        words = bytes(1 if _WORD.match(first) else 0 for first in firsts)
    return tokens, words, tuple(itertools.accumulate(map(len, tokens), initial=0))


_ASCII_WORD_FLAGS = bytes(1 if _WORD.match(chr(c)) else 0 for c in range(256))


_RunTuple = tuple[bool, int, int, int, int]
"""A kept run of tokens, or a change (deleted tokens replaced by inserted ones): ``(kept, i1, i2, j1, j2)``.

The tokens ``i1:i2`` of the old text and ``j1:j2`` of the new one, kept in both
(``kept``), or deleted from the one and inserted in the other. Runs are contiguous, so
two changes and the kept run between them join into one change by their ends, and the
words of a run are those of its token ranges.
"""


def _folded_runs(runs: list[_RunTuple], words_a: bytes, words_b: bytes) -> list[_RunTuple]:
    """Fold a kept run between two changes into them when it is smaller than both.

    A kept run of only spaces and punctuation always folds. One with words folds
    when each neighbouring change is at least ``_FOLD_FACTOR`` times as long in
    words (the larger side of a change): diff-match-patch's semantic rule, counted
    in words and made stricter so that a kept noun between two short edits stays
    visible. ``words_a`` and ``words_b`` flag the tokens of each text that are
    words (see :func:`_tokens`): a run's words are counted when the rule asks.
    """
    runs = list(runs)
    i = 1
    while i < len(runs) - 1:
        kept = runs[i]
        if kept[0]:
            before, after = runs[i - 1], runs[i + 1]
            if not before[0] and not after[0]:
                words = words_a.count(1, kept[1], kept[2]) * _FOLD_FACTOR
                # A change has no more words than tokens: where its tokens are too few, its words are not counted.
                if words == 0 or (
                    words
                    <= min(
                        max(before[2] - before[1], before[4] - before[3]), max(after[2] - after[1], after[4] - after[3])
                    )
                    and words
                    <= min(
                        max(words_a.count(1, before[1], before[2]), words_b.count(1, before[3], before[4])),
                        max(words_a.count(1, after[1], after[2]), words_b.count(1, after[3], after[4])),
                    )
                ):
                    runs[i - 1 : i + 2] = [(False, before[1], after[2], before[3], after[4])]
                    i = max(1, i - 2)
                    continue
        i += 1
    return runs


def __getattr__(name: str) -> Any:
    """The old name of :func:`editorial_form`, with a :class:`DeprecationWarning`."""
    if name != "normalise":
        raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
    warnings.warn(
        "peaceplan.compare.redline.normalise is deprecated and will be removed: it is called editorial_form now "
        "(peaceplan.compare.similarity had a normalise of its own, a different thing)",
        DeprecationWarning,
        stacklevel=2,
    )
    return editorial_form
