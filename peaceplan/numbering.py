"""How drafts number their points: read a line's marker, place it in the outline.

A pasted plan numbers its points in many ways ("1.", "(a)", "Article 3",
"12.b", bullets) and rarely says how deep each list sits. This module does two
things and nothing else: :func:`parse_marker` reads the marker at the start of
one line, and :class:`Outline` decides where each new marker belongs (a sibling
of an open point, or a child of the deepest one) from the marker's family and
form, the numbering sequence and, when the text has it, the indentation.
:mod:`peaceplan.textio` builds provisions on top of it. :class:`WordNumbering`
prints the automatic list numbers of a Word file, which python-docx leaves out
of the paragraph text, so that they can be read like typed ones.

Labels are kept as printed without punctuation: ``"1."`` → ``"1"``,
``"(a)"`` → ``"a"``, ``"Article 3"`` → ``"3"`` (the keyword belongs to the
numbering style, not to the label, so "Article 3" and "3." of two drafts
line up), ``"12.b"`` → path ``("12", "b")``.
"""

from __future__ import annotations

import re
from typing import Any, Generic, TypeVar

import attrs

__all__ = ["Marker", "Outline", "WordNumbering", "cyrillic_letter", "format_number", "parse_marker", "roman_value"]

T = TypeVar("T")

# families: how a label counts
NUMBER = "number"
LOWER = "lower"
UPPER = "upper"
ROMAN = "roman"
UPPER_ROMAN = "upper-roman"
CYRILLIC = "cyrillic"
BULLET = "bullet"

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
    r"(?P<num>\d{1,3}[a-z]?)(?P<sep>\s*[.:)\u2013\u2014-](?=\s|$)\s*|\s+|$)(?P<rest>.*)$",
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
        label = m["num"]
        value = int(re.sub(r"\D", "", label))
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
        return None

    def enter(self, depth: int, marker: Marker, indent: int, node: T) -> None:
        """Record ``node`` (made from ``marker``) as the open point at ``depth``."""
        form = marker.form
        label = marker.label
        if marker.path and depth == 0 and len(marker.path) > 1:
            form, label = "dotted-flat", ".".join(marker.path)
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
