"""How drafts number their points: read a line's marker, place it in the outline.

A pasted plan numbers its points in many ways ("1.", "(a)", "Article 3",
"12.b", bullets) and rarely says how deep each list sits. :func:`parse_marker`
reads the marker at the start of one line by a fixed grammar, and
:class:`Outline` decides where each new marker belongs (a sibling of an open
point, or a child of the deepest one) from the marker's family and form, the
numbering sequence and, when the text has it, the indentation. Standards and
catalogues number their provisions with identifiers no fixed grammar foresees
("AC-2(3)", "T1053.005", "1:10"): :func:`learn_scheme` learns such a
:class:`Scheme` from a document's own lines. :mod:`peaceplan.text.reader` builds
provisions on top of all this. :class:`WordNumbering` prints the automatic list
numbers of a Word file, which python-docx leaves out of the paragraph text, so
that they can be read like typed ones. :func:`label_key` normalises a printed
number so that one number in two formats compares equal.

Labels are kept as printed without punctuation: ``"1."`` → ``"1"``,
``"(a)"`` → ``"a"``, ``"Article 3"`` → ``"3"`` (the keyword belongs to the
numbering style, not to the label, so "Article 3" and "3." of two drafts
line up), ``"12.b"`` → path ``("12", "b")``; labels of a learned scheme whole:
``"AC-2(3)"``.
"""

from __future__ import annotations

import functools
import re
from collections import Counter
from collections.abc import Sequence
from typing import Any, Generic, TypeVar

import attrs

__all__ = [
    "Marker",
    "Outline",
    "Scheme",
    "WordNumbering",
    "cyrillic_letter",
    "format_number",
    "label_key",
    "learn_scheme",
    "parse_marker",
    "roman_value",
]

T = TypeVar("T")

# families: how a label counts
NUMBER = "number"
LOWER = "lower"
UPPER = "upper"
ROMAN = "roman"
UPPER_ROMAN = "upper-roman"
CYRILLIC = "cyrillic"
BULLET = "bullet"
LEARNED = "learned"  # a label of a scheme learned from the document itself (see learn_scheme)

# The lower-case letters Russian and Ukrainian drafts number sub-points with, in order:
# the letters both alphabets share up to "и" (most lists stop there), then Ukrainian "і",
# then the rest, leaving out the letters drafting skips (ё, й, ъ, ы, ь, ґ, є, ї).
_CYRILLIC_LETTERS = "абвгдежзиіклмнопрстуфхцчшщэюя"
_CYRILLIC_VALUE = {c: k for k, c in enumerate(_CYRILLIC_LETTERS, start=1)}

BULLETS = "-*•–—▪◦●+"

# Heading keywords, by the numbering style each names. Drafts circulate in several
# languages, so the words are there in English, French, German, Spanish, Italian,
# Portuguese, Russian and Ukrainian ("Стаття 3" lines up with "Article 3" and "3.").
_KEYWORDS: dict[str, tuple[str, ...]] = {
    "article": ("article", "art.", "artikel", "artículo", "articulo", "articolo", "artigo", "статья", "стаття"),
    "point": ("point", "punkt", "punto", "ponto", "пункт"),
    "section": ("section", "sec.", "sección", "seccion", "sezione", "secção", "abschnitt", "раздел", "розділ"),
    "clause": ("clause", "klausel", "cláusula", "clausola"),
    "paragraph": ("paragraph", "para.", "paragraphe", "párrafo", "absatz", "paragrafo", "абзац"),
    "item": ("item",),
}
_FORM_OF = {word.rstrip("."): form for form, words in _KEYWORDS.items() for word in words} | {"§": "§", "§§": "§"}
_KEYWORD = re.compile(
    r"^(?P<kw>"
    + "|".join(re.escape(w) for w in sorted((w for ws in _KEYWORDS.values() for w in ws), key=len, reverse=True))
    + r"|§§?)\s*"
    r"(?P<num>\d{1,3}[a-z]?(?:\s?\(\d{1,3}[a-z]?\))*)(?P<sep>\s*[.:)\u2013\u2014-](?=\s|$)\s*|\s+|$)(?P<rest>.*)$",
    re.IGNORECASE,
)
_DOTTED = re.compile(r"^(?P<path>\d{1,3}(?:\.(?:\d{1,3}|[a-z]))+)[.)]?(?:\s+|$)(?P<rest>.*)$")
_LABEL = rf"\d{{1,3}}|[a-z]|[A-Z]|[ivxlcdm]{{1,7}}|[IVXLCDM]{{1,7}}|[{_CYRILLIC_LETTERS}]"
_PAREN = re.compile(rf"^\((?P<label>{_LABEL})\)(?:\s+|$)(?P<rest>.*)$")
_SUFFIX = re.compile(rf"^(?P<label>{_LABEL})(?P<p>[.)])(?:\s+|$)(?P<rest>.*)$")
_BULLET = re.compile(rf"^(?P<b>[{re.escape(BULLETS)}])(?:\s+|$)(?P<rest>.*)$")

_ROMAN_VALUES = {"i": 1, "v": 5, "x": 10, "l": 50, "c": 100, "d": 500, "m": 1000}
_ROMAN = re.compile(r"^m{0,3}(cm|cd|d?c{0,3})(xc|xl|l?x{0,3})(ix|iv|v?i{0,3})$")


def roman_value(text: str) -> int | None:
    """The value of a roman numeral (either case), or None when ``text`` is not one.

    >>> roman_value("iv"), roman_value("XII"), roman_value("iiv")
    (4, 12, None)
    """
    low = text.lower()
    if not low or not _ROMAN.match(low):
        return None
    total = 0
    for i, ch in enumerate(low):
        value = _ROMAN_VALUES[ch]
        if i + 1 < len(low) and _ROMAN_VALUES[low[i + 1]] > value:
            total -= value
        else:
            total += value
    return total


# label_key: the words that name a numbering style, not a number ("Article", "§", "Пункт"...)
_KEY_WORDS = frozenset(word.rstrip(".") for words in _KEYWORDS.values() for word in words) | {"§", "§§", "¶", "¶¶"}
_KEY_PART = re.compile(r"[§¶]+|\d+|[^\W\d_]+")
_KEY_ROMAN_LETTERS = frozenset("ivxl")  # multi-letter numerals of these only: "cm", "cd", "mix" stay words
_KEY_ROMAN_SINGLE = frozenset("ivx")


def label_key(label: str) -> str:
    """A printed provision number, normalised so that one number in two formats compares equal.

    Two drafts print the same number differently ("Article 5" and "5.", "2.1.4"
    and "02.01.04", "AC-2(3)" and "ac 2.3"); the key of both is the same. The
    label is case-folded and cut into parts, runs of digits and runs of letters
    (so "12a" is "12.a", like "12(a)" and "12.b" → "12.b"); every other
    character is a separator (".", "-", ":", "(", ")", "/", spaces, trailing
    punctuation...). Then:

    - a style word (Article, Art., Point, Section, Sec., Paragraph, Para.,
      Clause, Item, §, ¶, and the French, German, Spanish, Italian, Portuguese,
      Russian and Ukrainian words :func:`parse_marker` knows: "Artikel",
      "Стаття"...) is dropped when a part follows it ("Article" alone stays);
    - numbers lose their leading zeros ("005" → "5", "00" → "0");
    - roman numerals become numbers when the part is clearly one: two letters
      or more of i, v, x, l that form a valid numeral ("IV", "xii"; "CM", "CD"
      or "mix" stay letters, as family codes and words), or a single "i", "v"
      or "x" right after a dropped style word ("Article I") or after a lettered
      part ("5(a)(i)", "12.b.v"). A lone "i", "v" or "x" anywhere else is
      ambiguous (the ninth letter or one?) and stays a letter: "5(i)" is
      "5.i", not "5.1";
    - the parts are joined with ".".

    The key is idempotent (``label_key(label_key(x)) == label_key(x)``) and is
    empty only when the label has no letter or digit.

    >>> label_key("Article 5(2)"), label_key("Art. 5.2."), label_key("§ 5 (2)")
    ('5.2', '5.2', '5.2')
    >>> label_key("02.01.04"), label_key("AC-2(3)"), label_key("T1053.005"), label_key("1:10")
    ('2.1.4', 'ac.2.3', 't.1053.5', '1.10')
    >>> label_key("IV"), label_key("Article I"), label_key("5(a)(ii)"), label_key("5(i)"), label_key("CM-2")
    ('4', '1', '5.a.2', '5.i', 'cm.2')
    >>> label_key("Стаття 3."), label_key("Point 12.b"), label_key("MSTG-ARCH-1")
    ('3', '12.b', 'mstg.arch.1')
    """
    parts = _KEY_PART.findall(label.casefold())
    out: list[str] = []
    after_word = False
    for k, part in enumerate(parts):
        if part in _KEY_WORDS and k + 1 < len(parts):
            after_word = True
            continue
        if part.isdecimal():
            part = str(int(part))
        elif (roman := roman_value(part)) is not None and (
            (len(part) > 1 and set(part) <= _KEY_ROMAN_LETTERS)
            or (part in _KEY_ROMAN_SINGLE and (after_word or (bool(out) and len(out[-1]) == 1 and out[-1].isalpha())))
        ):
            part = str(roman)
        out.append(part)
        after_word = False
    return ".".join(out)


@attrs.frozen(kw_only=True)
class Marker:
    """The numbering at the start of a line.

    ``family`` says how the label counts (number, lower, upper, roman,
    upper-roman, bullet, dotted) and ``form`` how it is printed (``"x."``,
    ``"x)"``, ``"(x)"``, ``"article"``, the bullet character...). ``value`` is
    the ordinal (``c`` → 3, ``iv`` → 4; 0 for bullets). A single letter that is
    also a roman numeral (``i``, ``v``, ``x``...) carries ``roman`` too, and the
    outline decides by context. ``path`` is set for dotted labels (``12.b``).
    """

    label: str
    family: str
    form: str
    value: int
    rest: str
    roman: int | None = None
    path: tuple[str, ...] = ()

    @property
    def is_bullet(self) -> bool:
        return self.family == BULLET


def _letter_marker(label: str, form: str, rest: str) -> Marker | None:
    if label.isdigit():
        return Marker(label=label, family=NUMBER, form=form, value=int(label), rest=rest)
    if label in _CYRILLIC_VALUE:
        if form == "x.":  # "м. Київ", "г. Москва", "с. 5": abbreviations, not sub-points
            return None
        return Marker(label=label, family=CYRILLIC, form=form, value=_CYRILLIC_VALUE[label], rest=rest)
    upper = label.isupper()
    roman = roman_value(label)
    if len(label) == 1:
        family = UPPER if upper else LOWER
        return Marker(label=label, family=family, form=form, value=ord(label.lower()) - 96, rest=rest, roman=roman)
    if roman is None:
        return None  # "mix." or "ill." opening a line: a word, not a numeral
    return Marker(label=label, family=UPPER_ROMAN if upper else ROMAN, form=form, value=roman, rest=rest)


def parse_marker(line: str) -> Marker | None:
    """Read the point marker at the start of ``line`` (already stripped), or None.

    >>> m = parse_marker("(iv) the fourth")
    >>> m.label, m.family, m.form, m.value, m.rest
    ('iv', 'roman', '(x)', 4, 'the fourth')
    >>> parse_marker("Article 3 – Ceasefire").label
    '3'
    >>> m = parse_marker("Стаття 3. Припинення вогню")
    >>> m.label, m.form, m.rest
    ('3', 'article', 'Припинення вогню')
    >>> m = parse_marker("в) обмін полоненими")
    >>> m.label, m.family, m.form, m.value
    ('в', 'cyrillic', 'x)', 3)
    >>> parse_marker("м. Київ, 20 грудня 2025 р.") is None   # a place, not a sub-point
    True
    >>> parse_marker("12.b Joint patrols").path
    ('12', 'b')
    >>> parse_marker("2025. The year") is None   # years are not point numbers
    True
    """
    if m := _KEYWORD.match(line):
        form = _FORM_OF.get(m["kw"].lower().rstrip("."))
        if form is None:  # matched only by case folding ("İtem", "ſection"): not one of the words
            return None
        if form != "§" and not (m["sep"].strip() or not m["rest"]):
            return None  # "Point 3 says that..." is prose, not a heading
        label = "".join(m["num"].split())  # "3", "3a", "5(2)" (also printed "5 (2)")
        value = int(re.split(r"\D", label, maxsplit=1)[0])
        return Marker(label=label, family=NUMBER, form=form, value=value, rest=m["rest"].strip())
    if m := _DOTTED.match(line):
        path = tuple(m["path"].split("."))
        last = path[-1]
        family = NUMBER if last.isdigit() else LOWER
        value = int(last) if last.isdigit() else ord(last) - 96
        return Marker(label=last, family=family, form="dotted", value=value, rest=m["rest"].strip(), path=path)
    if m := _PAREN.match(line):
        return _letter_marker(m["label"], "(x)", m["rest"].strip())
    if m := _SUFFIX.match(line):
        return _letter_marker(m["label"], "x" + m["p"], m["rest"].strip())
    if m := _BULLET.match(line):
        rest = m["rest"].strip()
        if rest and all(ch in BULLETS or ch.isspace() for ch in rest):
            return None  # "* * *" is a separator, not a bullet
        return Marker(label="", family=BULLET, form=m["b"], value=0, rest=rest)
    return None


# --- numbering schemes learned from the document ------------------------------------

# A label a scheme may learn: an optional style word (a heading keyword, "§", or any
# capitalised word: "Phase 1", "Principle 2", "CIS 1.1"), then letters and digits joined
# by "-", ".", ":" or "/" and parenthesised parts ("AC-2(3)", "T1053.005", "1:10",
# "5(2)"), then optional punctuation, then the text.
_LEARN_TOKEN = re.compile(
    r"^(?:(?P<kw>(?:"
    + "|".join(re.escape(w) for w in sorted((w for ws in _KEYWORDS.values() for w in ws), key=len, reverse=True))
    + r")(?:\s+|(?<=\.)\s*)|[§¶]{1,2}\s*|(?P<word>[^\W\d_]{3,20})\s+))?"
    r"(?P<label>[^\W_](?:[^\W_]|[-.:/](?=[^\W_])|\([^\W_]{1,4}\)|\s\((?:\d{1,3}|[^\W\d_])\)){0,60})"
    r"(?:[.:)]|\s+[\u2013\u2014-](?=\s))?(?:\s+(?P<rest>\S.*))?$",
    re.IGNORECASE,
)
# Words that open prose before a number ("In 2025 the talks...", "About 40 observers..."):
# never a style word
_PROSE_WORDS = frozenset(
    re.findall(
        r"\w+",
        "the and for from since until after before over under about around with without than some all only"
        " nearly almost more less just each every per into onto upon within between during among",
    )
)
_HEADING_FORMS = frozenset(_FORM_OF.values())  # "article", "point", "§"...: styles the fixed grammar knows
_LONGEST_LABEL = 40  # "MASVS-RESILIENCE-4", "AC-2(13)", "T1053.005": identifiers are short
_SHAPE_LETTERS = re.compile(r"[^\W\d_]+")
_SHAPE_TAIL = re.compile(r"(?:[-.:/][9Aa]+|\([9Aa]+\))*")
_ORDER_LETTERS = re.compile(r"[^\W\d_]+")


def _shape(label: str) -> str:
    """ "AC-2(3)" → "A-9(9)", "T1053.005" → "A9.9", "1:10" → "9:9": letters and digits by kind."""

    def letters(m: re.Match[str]) -> str:
        run = m[0]
        return "A" if run.isupper() else "a" if run.islower() else "Aa"

    return re.sub(r"\d+", "9", _SHAPE_LETTERS.sub(letters, label))


@functools.lru_cache(maxsize=256)
def _bases(shape: str) -> tuple[str, ...]:
    """The stems ``shape`` extends: "A-9(9)" → ["A-9", "A-9(9)"] (each holds a number)."""
    return tuple(
        shape[:j]
        for j in range(1, len(shape) + 1)
        if (j == len(shape) or shape[j] in "-.:/(") and "9" in shape[:j] and _SHAPE_TAIL.fullmatch(shape, j) is not None
    )


def _read_token(line: str) -> tuple[str, str, str] | None:
    """``(style, label, rest)`` of a line opening with a learnable label, else None."""
    m = _LEARN_TOKEN.match(line)
    if m is None or not m["rest"] or len(m["label"]) > _LONGEST_LABEL or not any(c.isdecimal() for c in m["label"]):
        return None
    kw, word = m["kw"], m["word"]
    style = ""
    if word:
        if not word[0].isupper() or word.casefold() in _PROSE_WORDS:
            return None
        style = word.casefold()
    elif kw:
        style = _FORM_OF.get(kw.strip().lower().rstrip("."), "§")
    return style, "".join(m["label"].split()), m["rest"].strip()  # "AC-2 (3)" is "AC-2(3)"


@attrs.frozen
class Scheme:
    """A numbering scheme learned from a document's own lines (see :func:`learn_scheme`).

    ``shape`` is the stem every label of the scheme starts with, letters as
    ``A`` (upper case) or ``a``, numbers as ``9``: ``"A-9"`` for ``AC-2`` and
    ``AC-2(3)``, ``"A9"`` for ``T1053`` and ``T1053.005``, ``"9:9"`` for
    ``1:10``; empty when the document has heads only. ``style`` is the style
    word the labels follow (``"article"`` for ``Art. 5(2)``, ``"§"``), or
    empty. ``heads`` are the bare numbers that head the document's dotted
    labels ("02" in "02 Security" above "02.01 Access"): such a line is a
    point, though a bare number opening a line is text elsewhere.

    >>> scheme = Scheme(style="", shape="A-9")
    >>> m = scheme.read("AC-2(3) Disable Accounts. Disable accounts within a time period.")
    >>> m.label, m.family, m.rest
    ('AC-2(3)', 'learned', 'Disable Accounts. Disable accounts within a time period.')
    >>> scheme.read("1:10 Yet the number...") is None
    True
    """

    style: str
    shape: str
    heads: tuple[str, ...] = ()

    def read(self, line: str) -> Marker | None:
        """The marker of ``line`` (already stripped) when it opens with a label of this scheme."""
        token = _read_token(line)
        if token is None:
            return None
        style, label, rest = token
        shape = _shape(label)
        if not style and label in self.heads:
            form = "learned head"
        elif self.shape and style == self.style and self.shape in _bases(shape):
            form = f"learned {self.style} {self.shape}"
        else:
            return None
        numbers = re.findall(r"\d+", label)
        if style in _HEADING_FORMS:  # "Art. 5(1) The parties...": an article heading, like "Article 5(1)."
            return Marker(label=label, family=NUMBER, form=style, value=int(numbers[0]), rest=rest)
        return Marker(label=label, family=LEARNED, form=form, value=int(numbers[-1]), rest=rest)

    def markers(self, lines: Sequence[str]) -> list[Marker | None]:
        """The marker of every line of a document that opens a point with a label of this scheme.

        ``lines`` as for :func:`learn_scheme`. A line the fixed grammar of
        :func:`parse_marker` reads gets None, and so does a line that goes on
        from a sentence the line before left open (a cross-reference such as
        "AC-3" at the start of a wrapped line).
        """
        fixed = [bool(line) and parse_marker(line) is not None for line in lines]
        read = [None if not line or f else self.read(line) for line, f in zip(lines, fixed, strict=True)]
        opening = _openings(lines, [f or m is not None for f, m in zip(fixed, read, strict=True)])
        return [m if opens else None for m, opens in zip(read, opening, strict=True)]


def _in_order(labels: Sequence[str]) -> bool:
    """Do most labels count up from the one before them with the same letters (AC-2 → AC-2(1) → AC-3)?"""
    steps = up = 0
    previous: tuple[str, tuple[int, ...]] | None = None
    for label in labels:
        letters = "".join(_ORDER_LETTERS.findall(label.casefold()))
        numbers = tuple(int(n) for n in re.findall(r"\d+", label))
        if previous is not None and previous[0] == letters:
            steps += 1
            up += numbers > previous[1]
        previous = (letters, numbers)
    return 2 * steps >= len(labels) - 1 and 3 * up >= 2 * steps


_SENTENCE_END = tuple(".!?;:…\"'”’»)]")


def _left_open(line: str, labelled: bool) -> bool:
    """Does ``line`` break off mid-sentence, so that the next line may go on with it?

    Not when it ends a sentence, nor, for a line without a label, when it reads
    as a heading: short, in capitals, or with most words capitalised ("Access
    Control Policy").
    """
    if line.endswith(_SENTENCE_END):
        return False
    if labelled:
        return True
    words = line.split()
    heading = len(line) <= 30 or line.isupper() or 2 * sum(w[0].isupper() for w in words) > len(words)
    return not heading


def _goes_on(line: str) -> bool:
    """Does the text after a line's first word start in lower case ("AC-3 for enforcement")?"""
    words = line.split(maxsplit=2)
    return len(words) > 1 and words[1][0].islower()


def _openings(lines: Sequence[str], labelled: Sequence[bool]) -> list[bool]:
    """Which lines may open a point: any line but one that goes on from a sentence the
    line before left open. A labelled line after a labelled line opens one unless both
    say otherwise: the line before breaks off and this one goes on in lower case
    (``labelled``: the lines that open with a label)."""
    out = []
    previous = ""
    previous_labelled = False
    for line, has_label in zip(lines, labelled, strict=True):
        opens = (
            not previous
            or not _left_open(previous, previous_labelled)
            or (previous_labelled and has_label and not _goes_on(line))
        )
        out.append(bool(line) and opens)
        previous, previous_labelled = line, has_label
    return out


def learn_scheme(lines: Sequence[str]) -> Scheme | None:
    """The numbering scheme a document's lines share, or None when they share none.

    ``lines`` are the document's lines in order, stripped (a blank line is
    ``""``). Only lines that may open a point take part: a line after a blank
    one, after the end of a sentence or after a heading; a line that goes on
    from a wrapped line of prose does not. Lines the fixed grammar of
    :func:`parse_marker` reads ("1.", "(a)", "Article 3", "12.1") keep their
    reading and teach no scheme. A scheme is learned when:

    - three lines or more open with a label of one shape that :func:`parse_marker`
      does not read (an identifier such as ``AC-2(3)``, ``T1053.005``,
      ``MSTG-ARCH-1``, chapter and verse ``1:10``, ``Art. 5(2)`` followed by a
      word, ``§ 1001``), and text after it; labels that extend the shape by
      parts belong to it (``AC-2`` and ``AC-2(3)``; ``T1053`` and ``T1053.005``);
    - they are at least half of the lines that may open a point and that the
      fixed grammar does not read (the others are prose, headings, a title);
    - they come in order: two in three of them or more count up from the label
      before them with the same letters (``AC-2`` → ``AC-2(1)`` → ``AC-3``;
      ``1:9`` → ``2:1``).

    A bare number without punctuation ("2025 was a hard year") is not a
    learned label, as it opens prose too often, unless a style word goes
    before it ("§ 1001") or it heads the document's dotted labels: "02
    Security" above "02.01 Access" is point 02 (the scheme's ``heads``). A
    style word may be the document's own ("Phase 1:", "Principle 2",
    "CIS 1.1"): a capitalised word that does not open prose before numbers
    ("In 2025", "About 40"), learned only when the fixed grammar reads no
    numbered point in the document ("Chapter 2 Ceasefire" above "Article 3."
    is a heading, not a point).

    >>> learn_scheme(["T1004 Winlogon Helper DLL.", "T1037 Logon Scripts.", "T1037.001 Logon Script (Windows)."])
    Scheme(style='', shape='A9', heads=())
    >>> learn_scheme(["1:1 The word of the LORD.", "1:2 The beginning.", "", "1:3 So he went."])
    Scheme(style='', shape='9:9', heads=())
    >>> learn_scheme(["02 Security", "02.01 Access is restricted.", "03 Staff", "03.01 Staff are trained."])
    Scheme(style='', shape='', heads=('02', '03'))
    >>> learn_scheme(["Phase 1: Ceasefire.", "Phase 2: Hostages are released.", "Phase 3: Reconstruction."])
    Scheme(style='phase', shape='9', heads=())
    >>> learn_scheme(["2025 was a hard year.", "2026 will be better.", "2027 is far."]) is None
    True
    """
    parsed = [parse_marker(line) if line else None for line in lines]
    dotted = {m.path[0] for m in parsed if m is not None and len(m.path) > 1}
    numbered = any(m is not None and m.family == NUMBER for m in parsed)
    tokens = [_read_token(line) if line and m is None else None for line, m in zip(lines, parsed, strict=True)]
    opening = _openings(lines, [m is not None or t is not None for m, t in zip(parsed, tokens, strict=True)])
    counts: Counter[tuple[str, str]] = Counter()
    heads: set[str] = set()
    for token, opens in zip(tokens, opening, strict=True):
        if token is None or not opens:
            continue
        style, label, _ = token
        if not style and label in dotted:
            heads.add(label)
        if numbered and style and style not in _HEADING_FORMS:
            continue  # "Chapter 1 General" above "Article 1.": a heading over numbered points, as before
        counts.update((style, base) for base in _bases(_shape(label)) if style or base != "9")
    scheme = Scheme(style="", shape="", heads=tuple(sorted(heads)))
    if counts:
        (style, shape), count = max(counts.items(), key=lambda item: (item[1], len(item[0][1]), item[0]))
        unread = sum(opens and m is None for opens, m in zip(opening, parsed, strict=True))  # prose, headings...
        labels = [
            t[1]
            for t, opens in zip(tokens, opening, strict=True)
            if opens and t and t[0] == style and shape in _bases(_shape(t[1]))
        ]
        if count >= 3 and 2 * count >= unread and _in_order(labels):
            scheme = Scheme(style=style, shape=shape, heads=scheme.heads)
    return scheme if scheme.shape or scheme.heads else None


_PREVIOUS_LETTER = {chr(c): chr(c - 1) for c in range(ord("b"), ord("z") + 1)}


@attrs.define
class _Level(Generic[T]):
    family: str
    form: str
    value: int
    indent: int
    label: str
    node: T


class Outline(Generic[T]):
    """The stack of open lists while a text is read top to bottom.

    :meth:`place` finds the depth of a new marker: a sibling of the open point
    whose list it continues, or a child of the deepest open point. The rules,
    in order: deeper indentation opens a sub-list; a list with the same family
    and form is continued; a list with the same family whose next number this
    is is continued (mixed "1." / "2)" pastes); otherwise a new sub-list opens.
    A single letter that is also a roman numeral is a letter when it follows
    its letter ("i" after "h") and a roman numeral otherwise.

    >>> outline: Outline[str] = Outline()
    >>> for line in ["1. a", "(a) b", "(i) c", "(ii) d", "(b) e", "2. f"]:
    ...     marker = outline.resolve(parse_marker(line))
    ...     depth = outline.place(marker, 0)
    ...     outline.enter(depth, marker, 0, line)
    ...     print(depth, marker.label)
    0 1
    1 a
    2 i
    2 ii
    1 b
    0 2
    """

    def __init__(self) -> None:
        self.levels: list[_Level[T]] = []

    def parent(self, depth: int) -> T | None:
        """The open point a marker placed at ``depth`` belongs to (None at the top)."""
        return self.levels[depth - 1].node if depth > 0 else None

    def resolve(self, marker: Marker) -> Marker:
        """Settle a letter/roman ambiguity ("i", "v", "x"...) by what is open."""
        if marker.roman is None:
            return marker
        roman_family = UPPER_ROMAN if marker.family == UPPER else ROMAN
        previous = _PREVIOUS_LETTER.get(marker.label.lower())
        for level in reversed(self.levels):
            if level.family == marker.family and previous is not None and level.label.lower() == previous:
                return marker  # "i" after "h": a letter
            if level.family == roman_family and level.value + 1 == marker.roman:
                return attrs.evolve(marker, family=roman_family, value=marker.roman, roman=None)
        if marker.roman == 1:
            return attrs.evolve(marker, family=roman_family, value=1, roman=None)
        return marker

    def place(self, marker: Marker, indent: int, *, trust_indent: bool = False) -> int | None:
        """The depth (0 = top level) where ``marker`` belongs.

        ``indent`` is the marker line's indentation. With ``trust_indent``
        (Markdown, where nesting is syntax) a deeper indentation always opens a
        sub-list; otherwise a marker that continues an open list's sequence
        wins over stray indentation. None means a dotted label whose parent is
        not open (a decimal such as "12.5 million" opening a wrapped line): the
        line is text.
        """
        if marker.path:
            return self._place_dotted(marker)
        levels = self.levels
        if levels and indent > levels[-1].indent + 1:
            continues = any(
                lv.family == marker.family and lv.form == marker.form and marker.value == lv.value + 1 for lv in levels
            )
            if trust_indent or not continues:
                return len(levels)
        open_levels = [lv for lv in levels if lv.indent <= indent + 1] or levels[:1]
        same = [(d, lv) for d, lv in enumerate(open_levels) if abs(lv.indent - indent) <= 1]
        candidates = (same or list(enumerate(open_levels)))[::-1]
        for depth, level in candidates:
            if level.family == marker.family and level.form == marker.form:
                return depth
        for depth, level in candidates:
            if level.family == marker.family and marker.value == level.value + 1:
                return depth
        if same and indent > 0:
            return same[-1][0]
        return len(open_levels)

    def _place_dotted(self, marker: Marker) -> int | None:
        parents = marker.path[:-1]
        labels = [lv.label for lv in self.levels]
        if tuple(labels[: len(parents)]) == parents:
            return len(parents)
        if not self.levels or (self.levels[0].form == "dotted-flat"):
            return 0
        if len(parents) > 1 and labels[0] == parents[0]:
            # "03.01.01" under "03" with no "03.01": under the deepest open ancestor, labelled "01.01"
            return next(k for k in range(len(parents), 0, -1) if tuple(labels[:k]) == parents[:k])
        return None

    def enter(self, depth: int, marker: Marker, indent: int, node: T) -> None:
        """Record ``node`` (made from ``marker``) as the open point at ``depth``."""
        form = marker.form
        label = marker.label
        if marker.path and depth == 0 and len(marker.path) > 1:
            form, label = "dotted-flat", ".".join(marker.path)
        elif marker.path:
            label = ".".join(marker.path[depth:])
        del self.levels[depth:]
        self.levels.append(_Level(marker.family, form, marker.value, indent, label, node))


class WordNumbering:
    """Word's automatic list numbers, printed as typed ones ("%1." decimal → "3.").

    Word keeps list numbers out of the paragraph text: a paragraph refers to a
    list (``numId``) and a level (``ilvl``), and the numbering part says how
    each level is printed (``lvlText`` "(%2)", ``numFmt`` lowerLetter). This
    counts paragraphs per list and level and prints the number, so a Word
    list reads like a pasted one. ``document`` is a python-docx Document and
    ``qn`` its ``docx.oxml.ns.qn``; both are passed in so that this module does
    not import the optional python-docx.
    """

    def __init__(self, document: Any, qn: Any) -> None:
        self.qn = qn
        self.counters: dict[str, list[int]] = {}
        self.levels: dict[str, dict[int, tuple[str, str]]] = {}
        part = document.part
        try:
            root = part.numbering_part.element
        except (KeyError, NotImplementedError):
            return
        val = qn("w:val")
        abstract = {
            a.get(qn("w:abstractNumId")): {
                int(lvl.get(qn("w:ilvl"))): (
                    lvl.find(qn("w:numFmt")).get(val) if lvl.find(qn("w:numFmt")) is not None else "decimal",
                    lvl.find(qn("w:lvlText")).get(val) if lvl.find(qn("w:lvlText")) is not None else "",
                )
                for lvl in a.findall(qn("w:lvl"))
            }
            for a in root.findall(qn("w:abstractNum"))
        }
        for num in root.findall(qn("w:num")):
            ref = num.find(qn("w:abstractNumId"))
            if ref is not None:
                self.levels[num.get(qn("w:numId"))] = abstract.get(ref.get(val), {})

    def prefix(self, paragraph: Any) -> str:
        num_pr = None
        if paragraph._p.pPr is not None:
            num_pr = paragraph._p.pPr.numPr
        style = paragraph.style
        seen: set[object] = set()  # a style based on itself, or a cycle of styles, would loop forever
        while num_pr is None and style is not None and style.style_id not in seen:
            seen.add(style.style_id)
            p_pr = style.element.pPr
            num_pr = p_pr.numPr if p_pr is not None else None
            style = style.base_style
        if num_pr is None or num_pr.numId is None or num_pr.numId.val == 0:
            return ""
        num_id = str(num_pr.numId.val)
        ilvl = num_pr.ilvl.val if num_pr.ilvl is not None else 0
        ilvl = min(max(ilvl, 0), 8)  # Word has levels 0 to 8; a file may say 10 or -1
        formats = self.levels.get(num_id, {})
        counts = self.counters.setdefault(num_id, [0] * 10)
        counts[ilvl] += 1
        counts[ilvl + 1 :] = [0] * (9 - ilvl)
        fmt, pattern = formats.get(ilvl, ("decimal", f"%{ilvl + 1}."))
        if fmt == "bullet":
            return "•"
        return re.sub(
            r"%(\d)",
            lambda m: format_number(counts[int(m[1]) - 1], formats.get(int(m[1]) - 1, ("decimal", ""))[0]),
            pattern,
        )


def cyrillic_letter(n: int) -> str:
    """The ``n``-th lower-case Cyrillic letter in drafting order (see the ``cyrillic`` family).

    >>> cyrillic_letter(1), cyrillic_letter(3), cyrillic_letter(10)
    ('а', 'в', 'і')
    """
    return _CYRILLIC_LETTERS[(n - 1) % len(_CYRILLIC_LETTERS)]


def format_number(n: int, fmt: str) -> str:
    """Print ``n`` in a Word number format (decimal, lowerLetter, upperRoman...).

    >>> format_number(3, "lowerLetter"), format_number(14, "upperRoman"), format_number(7, "decimal")
    ('c', 'XIV', '7')
    """
    if fmt in ("lowerLetter", "upperLetter"):
        letter = chr(ord("a") + (n - 1) % 26)
        return letter.upper() if fmt == "upperLetter" else letter
    if fmt in ("lowerRoman", "upperRoman"):
        pairs = [(1000, "m"), (900, "cm"), (500, "d"), (400, "cd"), (100, "c"), (90, "xc"), (50, "l")]
        pairs += [(40, "xl"), (10, "x"), (9, "ix"), (5, "v"), (4, "iv"), (1, "i")]
        out = ""
        for value, numeral in pairs:
            while n >= value:
                out, n = out + numeral, n - value
        return out.upper() if fmt == "upperRoman" else out
    return str(n)
