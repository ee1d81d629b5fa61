"""What a provision's text mentions: quantities, modal verbs, negations, conditions, actors, places.

The vocabularies and pattern matchers behind :mod:`peaceplan.compare.findings`: each
``*_mentions`` function finds one kind of :class:`Mention` in a text. The
vocabularies are module-level constants (``ACTORS``, ``PLACES``,
``PLACE_SPELLINGS``, ``MODALS``, ``HEDGES``, ``NEGATIONS``,
``CONDITION_MARKERS``), read at call time, so a caller can extend them by
rebinding them here.
"""

from __future__ import annotations

import functools
import operator
import re
from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from types import MappingProxyType
from typing import Any, Generic, TypeVar, cast, overload

import attrs

from .findingkinds import Direction, FindingKind  # re-exported: they lived here before

__all__ = [
    "ACTORS",
    "COMPARISONS",
    "CONDITION_EFFECTS",
    "CONDITION_MARKERS",
    "EPISTEMIC",
    "HEDGES",
    "IMPLICIT_LEVEL",
    "MODALS",
    "NEGATIONS",
    "PLACES",
    "PLACE_SPELLINGS",
    "QUALIFIERS",
    "REMOVALS",
    "ActorMatch",
    "Direction",
    "FindingKind",
    "Mention",
    "TextMentions",
    "actor_matches",
    "actor_order",
    "condition_mentions",
    "context_words",
    "date_key",
    "duration_days",
    "modal_mentions",
    "names_modal",
    "negation_mentions",
    "party_ids",
    "party_mentions",
    "place_mentions",
    "qualifier_mentions",
    "quantity_mentions",
    "text_mentions",
]

_K = TypeVar("_K")


# --- vocabularies ------------------------------------------------------------------
# Proper names match case-sensitively; modal, negation and condition words in any case.


def _vocab(words: str) -> frozenset[str]:
    return frozenset(words.split("|"))


ACTORS: Mapping[str, frozenset[str]] = MappingProxyType(
    {
        # States and organisations of the built-in corpus first (see data/ukraine-2025/actors.yaml) ...
        "the US": _vocab("US|U.S.|USA|United States|America|American|Americans|Washington"),
        "Russia": _vocab("Russia|Russian|Russians|Russian Federation|Kremlin|Moscow's"),
        "Ukraine": _vocab("Ukraine|Ukrainian|Ukrainians|Kyiv"),
        "Europe": _vocab("Europe|European|Europeans"),
        "the EU": _vocab("EU|European Union|European Commission|European Council|Brussels"),
        "NATO": _vocab("NATO|North Atlantic Treaty Organization|North Atlantic Alliance"),
        "the UK": _vocab("UK|United Kingdom|Britain|British"),
        "France": _vocab("France|French"),
        "Germany": _vocab("Germany|German"),
        "Italy": _vocab("Italy|Italian"),
        "Poland": _vocab("Poland|Polish"),
        "Finland": _vocab("Finland|Finnish"),
        "Denmark": _vocab("Denmark|Danish"),
        "the Netherlands": _vocab("Netherlands|Dutch"),
        "Norway": _vocab("Norway|Norwegian"),
        "Sweden": _vocab("Sweden|Swedish"),
        "the E3": _vocab("E3"),
        "the UN": _vocab("UN|United Nations|UN Security Council"),
        "the IAEA": _vocab("IAEA|International Atomic Energy Agency"),
        "the World Bank": _vocab("World Bank"),
        "the G7": _vocab("G7"),
        "the G8": _vocab("G8"),
        "the Peace Council": _vocab("Peace Council|Board of Peace"),
        "the Coalition of the Willing": _vocab("Coalition of the Willing"),
        "the signatories": _vocab("signatory|signatories|Signatories"),
        "the Special Commission": _vocab("Special Commission"),
        "the joint committee": _vocab("joint committee|Joint Committee"),
        # ... their parliaments and leaders ...
        "the Duma": _vocab("Duma|State Duma"),
        "the Rada": _vocab("Rada|Verkhovna Rada"),
        "Congress": _vocab("Congress|US Congress|Senate"),
        "the European Parliament": _vocab("European Parliament"),
        "Trump": _vocab("Trump|Donald Trump"),
        "Vance": _vocab("Vance|JD Vance"),
        "Rubio": _vocab("Rubio|Marco Rubio"),
        "Witkoff": _vocab("Witkoff|Steve Witkoff"),
        "Kushner": _vocab("Kushner|Jared Kushner"),
        "Driscoll": _vocab("Driscoll|Dan Driscoll"),
        "Putin": _vocab("Putin|Vladimir Putin"),
        "Dmitriev": _vocab("Dmitriev|Kirill Dmitriev"),
        "Ushakov": _vocab("Ushakov|Yuri Ushakov"),
        "Lavrov": _vocab("Lavrov|Sergei Lavrov"),
        "Zelensky": _vocab("Zelensky|Zelenskyy|Volodymyr Zelensky"),
        "Umerov": _vocab("Umerov|Rustem Umerov"),
        "Yermak": _vocab("Yermak|Andriy Yermak"),
        "Bevz": _vocab("Bevz"),
        "Kyslytsya": _vocab("Kyslytsya|Serhiy Kyslytsya"),
        "Starmer": _vocab("Starmer|Keir Starmer"),
        "Macron": _vocab("Macron|Emmanuel Macron"),
        "Merz": _vocab("Merz|Friedrich Merz"),
        "the UAE": _vocab("UAE|United Arab Emirates|Emirati"),
        "Gruenbaum": _vocab("Gruenbaum|Josh Gruenbaum"),
        "Grynkewich": _vocab("Grynkewich|Alexus Grynkewich"),
        "Peskov": _vocab("Peskov|Dmitry Peskov"),
        "Kostyukov": _vocab("Kostyukov|Igor Kostyukov"),
        "Medinsky": _vocab("Medinsky|Vladimir Medinsky"),
        "Budanov": _vocab("Budanov|Kyrylo Budanov"),
        "Sybiha": _vocab("Sybiha|Andrii Sybiha"),
        "Kachka": _vocab("Kachka|Taras Kachka"),
        "Arakhamia": _vocab("Arakhamia|David Arakhamia"),
        # ... and the other states and bodies peace texts commonly name.
        "Turkey": _vocab("Turkey|Türkiye|Turkish"),
        "China": _vocab("China|Chinese"),
        "Belarus": _vocab("Belarus|Belarusian"),
        "the African Union": _vocab("African Union|AU"),
        "Egypt": _vocab("Egypt|Egyptian"),
        "Qatar": _vocab("Qatar|Qatari"),
        "Israel": _vocab("Israel|Israeli|Israelis"),
        "Hamas": _vocab("Hamas"),
        "Ethiopia": _vocab("Ethiopia|Ethiopian"),
        "the TPLF": _vocab("TPLF|Tigray People's Liberation Front"),
        "the Red Cross": _vocab("Red Cross|Red Crescent|ICRC"),
    }
)
"""Actor display name → the names, acronyms and demonyms that refer to it.

States and organisations, their parliaments and leaders; the built-in corpus's actors
first (a test checks that every actor of its ``actors.yaml`` is here), then others that
peace texts name. Extend it by rebinding it with more entries.
"""

_DEMONYMS = _vocab(
    "American|Americans|Russian|Russians|Ukrainian|Ukrainians|European|Europeans|British|French|German|Italian"
    "|Polish|Finnish|Danish|Dutch|Norwegian|Swedish|Turkish|Chinese|Belarusian|Egyptian|Qatari|Israeli|Israelis"
    "|Ethiopian"
)  # an actor named only by one of these ("Ukrainian children") may be a description rather than a party

COMPARISONS: frozenset[str] = _vocab(
    "like|unlike|mirrors|mirror|mirroring|modelled on|modeled on|similar to|akin to|comparable to|as in|based on"
    "|along the lines of"
)
"""Words before an actor that name it only for a comparison ("mirrors NATO's Article 5"), not as a party."""

_ATTRIBUTIONS = _vocab("proposed|suggested|demanded|requested|asked for|put forward|wanted|floated")

QUALIFIERS: Mapping[str, frozenset[str]] = MappingProxyType(
    {
        "in peacetime": _vocab("in peacetime|in time of peace|in peace time"),
        "permanent": _vocab("permanent|permanently|for ever|forever|indefinitely|indefinite"),
        "temporary": _vocab("temporary|temporarily|interim|transitional|for a transition"),
        "unconditional": _vocab("unconditional|unconditionally|without conditions|without preconditions"),
        "legally binding": _vocab("legally binding|binding"),
        "by a defined date": _vocab("by a defined date|by an agreed date|by a fixed date|by a set date"),
        "full": _vocab("full|fully|complete|completely|comprehensive|in full|entire|entirely"),
        "coordinated": _vocab("coordinated"),
        "gradual": _vocab("gradual|gradually|step by step|in stages|in phases|stage by stage|case by case"),
        "de facto": _vocab("de facto"),
        "at least": _vocab("at least|at a minimum|at minimum"),
    }
)
"""Qualifiers that change what a provision commits to, by the concept each wording expresses.

Two wordings of one concept ("gradually", "step by step") are the same qualifier;
a concept found in one text and not the other is a finding.
"""

REMOVALS: frozenset[str] = _vocab("dropped|removed|scrapped|abandoned|deleted|struck out|no longer|withdrawn")
"""Words that, in the same clause as a quantity, say it is dropped ("the 600,000 cap is dropped")."""

_WITHOUT = _vocab("without|instead of|rather than|in place of|replacing")  # "without the $100bn"

CONDITION_EFFECTS: Mapping[str, frozenset[str]] = MappingProxyType(
    {
        "voids": _vocab("void|voided|lapse|lapses|lose|loses|lost|ends|terminates|terminated|cancelled|forfeits"
                        "|is withdrawn|are withdrawn|is suspended|are suspended"),
        "triggers": _vocab("take effect|takes effect|apply|applies|follows|follow|triggers|is restored|are restored"
                           "|return|returns|receive|receives|is granted|are granted|enters into force|starts|start"
                           "|begins|begin|ends the war|ends immediately"),
        "delays": _vocab("delayed|postponed|deferred|waits|wait"),
    }
)  # fmt: skip
"""What a condition does to the provision it qualifies, by the words of its main clause."""

PLACES: frozenset[str] = _vocab(
    "Crimea|Donetsk|Luhansk|Kherson|Zaporizhzhia|Kharkiv|Sumy|Dnipropetrovsk|Mykolaiv|Odesa|Kinburn Spit|Dnipro"
    "|Black Sea|Sea of Azov|Moscow|St Petersburg|Poland|Donbas|Arctic|Line of Contact"
)
"""Places and territory whose naming or dropping is a finding."""

PLACE_SPELLINGS: Mapping[str, str] = MappingProxyType(
    {"Zaporizhia": "Zaporizhzhia", "Zaporozhye": "Zaporizhzhia", "Donbass": "Donbas", "Kharkov": "Kharkiv"}
    | {"Lugansk": "Luhansk", "Nikolaev": "Mykolaiv", "Dnieper": "Dnipro", "Odessa": "Odesa"}
    | {"St. Petersburg": "St Petersburg", "Saint Petersburg": "St Petersburg"}
    | {"line of contact": "Line of Contact", "contact line": "Line of Contact", "Contact line": "Line of Contact"}
)
"""Other spellings of places in :data:`PLACES`."""

MODALS: Mapping[int, frozenset[str]] = MappingProxyType(
    {
        5: _vocab("must|has to|have to|is required to|are required to|is obliged to|are obliged to|is obligated to"),
        4: _vocab("shall|is bound to|are bound to|cannot|can not|may not|guarantees that|guarantee that|guarantees it"
                  "|guarantee it|ensures that|ensure that|ensures it|ensure it"),
        3: _vocab("will|undertakes to|undertake to|commits to|commit to|agrees to"),
        2: _vocab("should|ought to|would|is expected to|are expected to|intends to|intend to|aims to|aim to|seeks to"
                  "|seek to|will seek to|will endeavour to|will strive to|is encouraged to|are encouraged to"
                  "|is invited to|are invited to|it is expected that|it is understood that|it is hoped that"
                  "|it is intended that"),
        1: _vocab("may|can|could|might|is free to|are free to|is allowed to|are allowed to|is permitted to"
                  "|are permitted to|is eligible|are eligible"),
    }
)  # fmt: skip
"""Modal strength → the wordings of that strength: must > shall > will > should/expected > may.

A plain statement ("Ukraine stays non-nuclear") binds like "will", and so does a
commitment verb ("agrees to"); a body that "guarantees" or "ensures" something binds
like "shall". A negated permission ("may not", "cannot") is a
prohibition and ranks with "shall".
"""

HEDGES: frozenset[str] = _vocab("it is expected that|it is understood that|it is hoped that|it is intended that")
"""Frames that govern the next modal of their sentence: "It is expected that Russia will" ranks as "expected"."""

NEGATIONS: frozenset[str] = _vocab("not|never|no|none|neither|nor|cannot")
"""Words that negate a clause (and any word ending in "n't")."""

# "no later than" bounds a deadline; "not only" adds; neither negates the clause
_NOT_NEGATING = re.compile(r"(?:no|not)\s+(?:later|earlier|more|less|fewer|sooner|only)(?!\w)", re.IGNORECASE)

CONDITION_MARKERS: frozenset[str] = _vocab(
    "if|only if|even if|unless|provided that|providing that|on condition that|once|only once|after|only after"
    "|subject to|as long as|in the event that|in the event of|in case of|conditional on|conditional upon"
    "|contingent on|contingent upon|as soon as|until|only as|depends on|depend on|dependent on|upon"
)
"""Words that open a condition; the condition runs to the next comma, semicolon or full stop."""

_STOPWORDS = _vocab("a|an|the|of|to|in|on|and|or|for|with|by|at|from|is|are|be|its|it|their|that|this|as|which|who")
_CONDITION_WORDS = 12  # a condition is quoted up to this many words
_REFERENCES = _vocab("article|art|point|points|paragraph|section|clause|no|annex|chapter|resolution|phase|stage")
IMPLICIT_LEVEL = 3
"""The :data:`MODALS` level of a plain statement: "Ukraine joins" binds like "will"."""
EPISTEMIC = _vocab("can|could|might|would")
"""Modal words often about ability or likelihood, not obligation ("so that implementation can begin"):
compared when they replace another modal, never against a plain statement."""
_NOUN_WILL = frozenset({"the", "political", "good", "free", "own", "their", "its", "his", "her", "of", "ill"})

# --- mentions --------------------------------------------------------------------


@attrs.frozen
class Mention:
    """Something a finding can be about, found at ``start:end`` of one text."""

    kind: FindingKind
    start: int
    end: int
    surface: str
    key: Any  # mentions with equal keys say the same thing
    value: float | None = None  # magnitude: a count, a sum, a share in %, days
    unit: str = ""  # what the magnitude counts: "$", "%", "days", the noun after a number
    level: int = 0  # modal strength
    ids: frozenset[str] = frozenset()  # actors named
    measure: str = ""  # what a quantity measures ("personnel", "assets", "per", "deadline"); "" when unknown
    dropped: bool = False  # a quantity the text mentions only to say it is dropped
    subject: str = ""  # a condition's actor ("" when unknown)
    effect: str = ""  # what a condition does: "voids", "triggers", "delays" ("" when unknown)
    stems: frozenset[str] = frozenset()  # a condition's content words, names aside, for comparing two of them
    confidence: float = 1.0  # how surely the mention means what its kind says
    excluded: bool = False  # a party named only to be excluded ("no NATO troops")


@functools.lru_cache(maxsize=64)
def _alternation(words: frozenset[str], flags: int = 0) -> re.Pattern[str]:
    """A pattern matching any of ``words`` as whole words, longest first, spaces as any whitespace."""
    return re.compile(_alternation_source(words), flags)


def _longest_first(words: Iterable[str]) -> list[str]:
    """The order the alternatives of every vocabulary pattern are tried in."""
    return sorted(words, key=lambda w: (-len(w), w))


def _alternation_source(words: frozenset[str], *, lower: bool = False) -> str:
    """The source of :func:`_alternation`; with ``lower``, each word lower-cased where it stands."""
    ordered = _longest_first(words)
    body = "|".join(r"\s+".join(re.escape(part) for part in (w.lower() if lower else w).split()) for w in ordered)
    return rf"(?<!\w)(?:{body})(?!\w)"


def _names_pattern(words: frozenset[str]) -> re.Pattern[str]:
    """What ``_alternation(words)`` matches, found faster when the words are proper names.

    A pattern that opens with its alternatives lets re skip ahead to the letters
    they start with, and capitals are rare in running text; one that opens with
    ``(?<!\\w)`` is tried at every offset. So the start-of-word check moves to
    just after each word's first character: ``(?<!\\w[\\s\\S])`` there holds exactly
    when ``(?<!\\w)`` held before it. Same alternatives, same order, same matches.
    """
    ordered = _longest_first(words)
    if not all(w.split() for w in ordered):
        return _alternation(words)  # an empty word matches the empty string: keep the plain form
    # The words grouped by first character, each group in that order: two words that begin with different
    # characters never match at one place, so the same word wins; and the pattern, with a look back a group
    # rather than one a word, is about half the size (the actors': 3,848 -> 2,104 characters), compiled in
    # about half the time (3.3 -> 1.9 ms, in every process that looks for an actor or a place).
    groups: dict[str, list[str]] = {}
    for w in ordered:
        first, *rest = w.split()
        groups.setdefault(first[0], []).append(r"\s+".join([re.escape(first[1:]), *map(re.escape, rest)]))
    alternatives = [rf"{re.escape(first)}(?<!\w[\s\S])(?:{'|'.join(tails)})" for first, tails in groups.items()]
    return re.compile(rf"(?:{'|'.join(alternatives)})(?!\w)")


# --- case-insensitive matching, fast -------------------------------------------------
# CPython's re matches an IGNORECASE pattern several times slower than the same pattern
# without the flag: a branch whose alternatives start with a plain letter is skipped on a
# one-character check, one that starts with a case-folded letter is entered. So each
# case-insensitive pattern below has a case-sensitive twin, all lower case, that scans
# the lower-cased text; each place it matches is then matched again with the real pattern
# on the text itself, so callers get the very match objects they always did.

_UNFOLDABLE = {"ı": "i", "ſ": "s", "İ": "i"}  # IGNORECASE matches them to these; str.lower does not
_UNFOLD = str.maketrans(_UNFOLDABLE)


def _word_key(surface: str) -> str:
    """The vocabulary key of a word an IGNORECASE pattern matched: "MUST", "muſt" and "wıll" → "must", "will".

    ``str.lower`` alone leaves the three characters IGNORECASE also equates with
    "i" and "s", and a lookup keyed by it would fail on them.
    """
    return _spaced(surface).translate(_UNFOLD).lower()


def _folded(text: str) -> str | None:
    """:func:`_lowered`, kept for the next family of mentions of the same text that asks."""
    if isinstance(text, str) and len(text) <= _KEPT_UP_TO:
        return _kept_folded(text)
    return _lowered(text)  # a long text (not kept), or not a str (_lowered says so)


def _lowered(text: str) -> str | None:
    """``text`` lower-cased, if an all-lower-case pattern finds in it what IGNORECASE finds in ``text``; else None.

    IGNORECASE compares a character by its lower-case form, and also matches "ı"
    (dotless i) and "İ" to "i" and "ſ" (long s) to "s". On every other character
    ``str.lower`` gives one character that matches an ASCII letter exactly when
    IGNORECASE would, equals an ASCII punctuation mark or digit only if it was that
    mark, and keeps ``\\w``, ``\\s`` and ``\\d`` as they were (``tests/test_findings.py``
    checks every code point; the one lowering that depends on context, a final "Σ"
    to "ς", is Greek either way). So on a text without those three characters, a
    pattern whose literals are ASCII and lower case matches the lowered text at the
    same offsets as its IGNORECASE form matches the text.
    """
    if text.isascii():
        return text.lower()
    if any(c in text for c in _UNFOLDABLE):
        return None
    lowered = text.lower()
    return lowered if len(lowered) == len(text) else None


_kept_folded = functools.lru_cache(maxsize=256)(_lowered)

# Texts longer than this are not kept (here or in :func:`text_mentions`): a count of texts
# alone would not bound the memory their mentions and folded forms hold.
_KEPT_UP_TO = 2_000


_NOT_LITERAL = re.compile(r"\\.|\(\?P[<=]\w+[>)]")  # escapes (\s, \d, \$) and group names


_AT_WORD_START = r"(?<!\w)"


def _after_non_word(source: str) -> str | None:
    """A pattern source that finds, one character early, where ``source`` matches: ``\\W`` then ``source``
    without its opening ``(?<!\\w)``; None when ``source`` does not open with that look back.

    Scanned over the text with a space before it, it matches at offset ``q`` exactly where ``source``
    matches at offset ``q`` of the text itself (the look back held there just when the character before,
    or the space put before the text, is not a word character), and it ends where ``source`` ends. re can
    skip to the next character it may start with (``\\W``: spaces and marks, never inside a word), where
    ``source`` is tried at every offset. So the same matches in the same order, found faster, as long as
    no match ends with the character the next one must look back at: true of a pattern whose matches
    all end with a word character (each caller says so, and a test checks it).
    """
    if not source.startswith(_AT_WORD_START):
        return None
    return r"\W" + source[len(_AT_WORD_START) :]


def _scanned(scan: re.Pattern[str], text: str) -> Iterator[int]:
    """The offsets of ``text`` at which the pattern ``scan`` was made from (by :func:`_after_non_word`) matches,
    one after another as its ``finditer`` finds them."""
    return (m.start() for m in scan.finditer(" " + text))


@attrs.frozen
class _Caseless:
    """An IGNORECASE pattern, and (when its literals are ASCII) its lower-case twin for :func:`_folded` text.

    When its matches all end with a word character and it opens with ``(?<!\\w)``, the twin is written to
    be scanned one character early (``scanned``, see :func:`_after_non_word`).
    """

    pattern: re.Pattern[str]
    folded: re.Pattern[str] | None
    scanned: bool = False

    @classmethod
    def of(cls, source: str, *, word_ends: bool = False) -> _Caseless:
        """A case-insensitive ``source`` written in lower case (checked), with its twin; ``word_ends``: each of
        its matches ends with a word character."""
        literals = _NOT_LITERAL.sub("", source)
        if not (literals.isascii() and literals == literals.lower()):
            raise ValueError(f"_Caseless.of: expected ASCII, lower-case literals, got {source!r}")
        return cls.made(re.compile(source, re.IGNORECASE), source, word_ends=word_ends)

    @classmethod
    def made(cls, pattern: re.Pattern[str], twin: str | None, *, word_ends: bool) -> _Caseless:
        """``pattern`` with the twin of source ``twin``, scanned early where it can be (see the class)."""
        if twin is None:
            return cls(pattern, None)
        early = _after_non_word(twin) if word_ends else None
        if early is None:
            return cls(pattern, re.compile(twin))
        return cls(pattern, re.compile(early), scanned=True)

    def starts(self, folded: str) -> Iterator[int]:
        """Where the twin matches in ``folded`` (not None), one match after another."""
        assert self.folded is not None
        if self.scanned:
            return _scanned(self.folded, folded)
        return (m.start() for m in self.folded.finditer(folded))

    def finditer(self, text: str, folded: str | None) -> Iterator[re.Match[str]]:
        """What ``self.pattern.finditer(text)`` yields; ``folded`` is ``_folded(text)``."""
        if folded is None or self.folded is None:
            yield from self.pattern.finditer(text)
            return
        for start in self.starts(folded):
            found = self.pattern.match(text, start)  # the same match, its groups read from the text itself
            assert found is not None  # the pattern matches wherever its twin does (see _folded)
            yield found

    def search(self, text: str, folded: str | None) -> re.Match[str] | None:
        """What ``self.pattern.search(text)`` gives: the first of :meth:`finditer`, without looking for the rest."""
        if folded is None or self.folded is None:
            return self.pattern.search(text)
        first = next(self.starts(folded), None)
        if first is None:
            return None
        found = self.pattern.match(text, first)
        assert found is not None  # the pattern matches wherever its twin does (see _folded)
        return found


@functools.lru_cache(maxsize=64)
def _caseless_alternation(words: frozenset[str]) -> _Caseless:
    """``_alternation(words, re.IGNORECASE)``, with a lower-case twin when every word is ASCII."""
    pattern = _alternation(words, re.IGNORECASE)
    twin = _grouped_source(words) if all(w.isascii() for w in words) else None
    return _Caseless.made(pattern, twin, word_ends=all(_WORD_CHARACTER.fullmatch(w[-1:]) for w in words))


_WORD_CHARACTER = re.compile(r"\w")


def _grouped_source(words: frozenset[str]) -> str:
    """What ``_alternation_source(words, lower=True)`` matches, with its alternatives grouped by first character.

    Two words that begin with different characters never match at one place, and
    within a group the words keep their order, so at each place the same word wins;
    but re tries one first character a group rather than one a word. A vocabulary
    with a word that is only spaces keeps the plain form.
    """
    groups: dict[str, list[str]] = {}
    for word in _longest_first(words):
        parts = word.lower().split()
        if not parts:
            return _alternation_source(words, lower=True)
        tail = r"\s+".join([re.escape(parts[0][1:]), *map(re.escape, parts[1:])])
        groups.setdefault(parts[0][0], []).append(tail)
    body = "|".join(f"{re.escape(first)}(?:{'|'.join(tails)})" for first, tails in groups.items())
    return rf"(?<!\w)(?:{body})(?!\w)"


# Thousands grouped by commas, or by the no-break, narrow no-break or thin space of European typography
# ("600\u00a0000"), one kind of separator in a number; not by a plain space, which also parts two numbers
# ("Article 5 100 days"). (Written as escapes: the patterns' sources stay ASCII.)
_GROUPED = r"(?:,\d{3})+|(?:\u00a0\d{3})+|(?:\u202f\d{3})+|(?:\u2009\d{3})+"
_NUM = rf"\d{{1,3}}(?:{_GROUPED})(?:\.\d+)?|\d+(?:\.\d+)?"
_SMALL = {"a": 1, "an": 1, "one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7}
_SMALL |= {"eight": 8, "nine": 9, "ten": 10, "eleven": 11, "twelve": 12, "fifteen": 15, "twenty": 20, "thirty": 30}
_SMALL_RE = "|".join(sorted(_SMALL, key=len, reverse=True))
_DAYS = {"minute": 1 / 1440, "hour": 1 / 24, "day": 1.0, "week": 7.0, "month": 365 / 12, "year": 365.0}
_VAGUE = {"immediately": 0.0, "forthwith": 0.0, "at once": 0.0}
_SCALE = {"k": 1e3, "thousand": 1e3, "m": 1e6, "mn": 1e6, "million": 1e6, "b": 1e9, "bn": 1e9, "billion": 1e9}
_SCALE |= {"tn": 1e12, "trillion": 1e12}
_CURRENCY = {"$": "$", "us$": "$", "usd": "$", "dollars": "$", "€": "€", "eur": "€", "euros": "€"}
_CURRENCY |= {"£": "£", "gbp": "£", "pounds": "£"}
_FRACTION_DENOMINATOR = {"half": 2, "halves": 2, "third": 3, "thirds": 3, "quarter": 4, "quarters": 4}
_MONTHS = "January|February|March|April|May|June|July|August|September|October|November|December"
_MONTH_NUMBER = {m: i for i, m in enumerate(_MONTHS.split("|"), start=1)}
_PART = {"beginning": (1, 1), "start": (1, 1), "middle": (6, 15), "end": (12, 31)}


def _by_first(words: str) -> str:
    """The alternation of plain ``words`` ("in|over|up to"), its alternatives grouped by first letter.

    Two words that begin with different letters never match at one place (nor do they with
    IGNORECASE: no character matches two letters), and within a group the words keep their
    order, so at each place the same word wins, with the same groups; but re tries a first
    letter once a group, where it tried it once a word. (A test checks the matches are the same.)
    """
    groups: dict[str, list[str]] = {}
    for word in words.split("|"):
        if not word or not all(c.isascii() and (c.isalpha() or c == " ") for c in word) or word[0] == " ":
            raise ValueError(f"_by_first: expected ASCII words and spaces, got {word!r} in {words!r}")
        groups.setdefault(word[0], []).append(word[1:])
    if len({first.lower() for first in groups}) < len(groups):  # "May" and "may": one letter, with IGNORECASE
        raise ValueError(f"_by_first: expected words whose first letters differ in more than case, got {words!r}")
    return "|".join(first + (f"(?:{'|'.join(tails)})" if tails != [""] else "") for first, tails in groups.items())


_DATE_PREPOSITIONS = "by|before|until|after|from|since|on|in|no later than|not later than"


def _date_source(prepositions: str, months: str) -> str:
    """The source of :data:`_DATE`, with the given alternations of prepositions and of month names."""
    return (
        rf"(?<!\w)(?:(?i:{prepositions})\s+)?(?:"
        rf"(?P<iy>\d{{4}})-(?P<im>\d{{2}})-(?P<id>\d{{2}})"
        rf"|(?P<d1>\d{{1,2}})\s+(?P<m1>{months})(?:,?\s+(?P<y1>\d{{4}}))?"
        rf"|(?P<m2>{months})\s+(?P<d2>\d{{1,2}})(?!\d)(?:,?\s+(?P<y2>\d{{4}}))?"
        rf"|(?P<m3>{months})\s+(?P<y3>\d{{4}})"
        rf"|(?:the\s+)?(?P<part>end|beginning|start|middle)\s+of\s+(?P<y4>(?:19|20)\d{{2}})"
        rf"|(?P<y5>(?:19|20)\d{{2}})(?![,.]\d))(?!\w)"
    )


_DATE_PLAIN = _date_source(_DATE_PREPOSITIONS, _MONTHS)  # as first written; a test checks _DATE finds the same
_DATE = re.compile(_date_source(_by_first(_DATE_PREPOSITIONS), _by_first(_MONTHS)))  # found faster (see _by_first)
# _DATE scanned one character early (see _after_non_word): each date ends with a digit or a month's name.
_DATE_EARLY = re.compile(cast(str, _after_non_word(_DATE.pattern)))
# Every date has four digits in a row (a year) or names a month (case-sensitive, as in _DATE).
_FOUR_DIGITS = re.compile(r"\d{4}")
_MONTH_NAME = re.compile(_MONTHS)
_UNITS = "minute|hour|day|week|month|year"
_VAGUE_DURATIONS = (
    "as soon as possible|as soon as practicable|immediately|without delay|forthwith|at once|promptly|in due course"
)
_DURATION_PREPOSITIONS = (
    "within|for|after|in|over|up to|at least|at most|no later than|not later than"
    "|no more than|not more than|no less than|not less than"
)
# The durations, as first written: each alternation tried word by word, the start-of-word check made twice.
_DURATION_PLAIN = (
    rf"(?<!\w)(?:(?P<prep>{_DURATION_PREPOSITIONS})\s+)?(?:the\s+(?:first|next)\s+)?"
    rf"(?P<n>{_NUM}|{_SMALL_RE})[\s-](?P<unit>{_UNITS})s?(?!\w)"
    rf"|(?<!\w)(?P<vague>{_VAGUE_DURATIONS})(?!\w)"
)


# _DURATION_PLAIN, found faster: its alternations grouped by first letter (see _by_first), and the one
# start-of-word check before both branches (it looks at the same place for each).
_DURATION = _Caseless.of(
    rf"(?<!\w)(?:(?:(?P<prep>{_by_first(_DURATION_PREPOSITIONS)})\s+)?(?:the\s+(?:first|next)\s+)?"
    rf"(?P<n>{_NUM}|{_by_first(_SMALL_RE)})[\s-](?P<unit>{_UNITS})s?(?!\w)"
    rf"|(?P<vague>{_by_first(_VAGUE_DURATIONS)})(?!\w))",
    word_ends=True,  # a unit ("days") or a vague duration ("at once") ends each
)
# Each duration names a unit or is one of the vague ones, in lower case in the folded text.
_DURATION_WORDS = (*_UNITS.split("|"), *_VAGUE_DURATIONS.split("|"))
_CURRENCY_MARKS = ("$", "€", "£", "USD", "EUR", "GBP", "dollars", "euros", "pounds")  # one is in each match
_MONEY = re.compile(
    rf"(?P<cur>US\$|\$|€|£|(?:USD|EUR|GBP)\s?)(?P<n>{_NUM})"
    r"(?:\s?(?P<scale>bn|billion|tn|trillion|mn|million|thousand)|(?P<short>[kmb]))?(?!\w)"
    rf"|(?<![\w.,])(?P<n2>{_NUM})\s?(?:(?P<scale2>bn|billion|tn|trillion|mn|million|thousand)\s+)?"
    r"(?P<cur2>dollars|euros|pounds|USD|EUR|GBP)(?!\w)"
)
_PERCENT = re.compile(rf"(?<![\w.,])(?P<n>{_NUM})\s?(?:%|per\s?cent(?!\w)|percent(?!\w))")
_PERCENT_MARKS = ("%", "cent")  # "%", "per cent", "percent": one is in each _PERCENT match
_FRACTION = _Caseless.of(
    r"(?<!\w)(?:(?P<fn>one|a|two|three)[\s-])?(?P<f>half|halves|thirds?|quarters?)(?!\w)"
    r"(?!\s+(?:part(?:y|ies)|countr|state|round|option|way|time|sector|world|reading))",
    word_ends=True,  # "half", "thirds", "quarter" ends each
)
_FRACTION_WORDS = ("half", "halves", "third", "quarter")  # one is in each match (group f), folded
_RATIO = re.compile(r"(?<![\w:/.,])(?P<a>\d{1,3})\s?[:/]\s?(?P<b>\d{1,3})(?![\w:/]|[.,]\d)")
_RATIO_MARKS = (":", "/")  # one is in each _RATIO match
# A number not glued to a word, a decimal or a currency. Written to open with its first digit, then
# look back over it ("(?<![\w.,$€£])" moved one character on), so that re skips to digits: the same
# matches as "(?<![\w.,$€£])(?P<n>{_NUM})..." (a test checks it), found faster.
_NUM_AFTER_FIRST_DIGIT = rf"\d{{0,2}}(?:{_GROUPED})(?:\.\d+)?|\d*(?:\.\d+)?"  # _NUM, its first digit taken
_NUMBER_SCALE = r"(?:\s?(?P<scale>thousand|million|billion)(?!\w)|(?P<short>k|m|bn)(?!\w))?(?!\w)"
_NUMBER = re.compile(rf"(?P<n>\d(?<![\w.,$€£]\d)(?:{_NUM_AFTER_FIRST_DIGIT})){_NUMBER_SCALE}")
_DIGIT = re.compile(r"\d")  # _NUM, and so every date, amount, share, ratio and number, has one
_NEGATION_AUX = re.compile(
    r"(?:will|shall|must|may|can|should|would|could|does|do|did|is|are|was|were|has|have|had)\s+$", re.IGNORECASE
)
_NOT_CONTRACTED = re.compile(r"(?<!\w)\w+n['’]t(?!\w)", re.IGNORECASE)
_APOSTROPHES = ("'", "’")  # one is in each _NOT_CONTRACTED match (the class is uncased: no other matches)
_CLAUSE_END = re.compile(r"[,;.:!?()\n]")
_SENTENCE_END = re.compile(r"[.;:!?\n]")
_WORDS = re.compile(r"\w+")
_PARTY_JOINT = re.compile(r"(?:\s*(?:,|and|or|&|/|–|—|-|as well as|together with|plus)\s*)+(?:the\s+)?")
_ARTICLE_BEFORE = re.compile(r"(?<!\w)(?:the|The)\s+$")
_COLLECTIVE = re.compile(
    r"[\s-]+(?:states|countries|nations|signatories|partners|allies|members|governments|leaders|guarantors)(?!\w)"
)


_SEPARATORS = str.maketrans("", "", ",\u00a0\u202f\u2009")


def _number(text: str) -> float:
    """The value of a number as :data:`_NUM` finds it, its thousands separators dropped."""
    return float(text.translate(_SEPARATORS))


_Quantity = tuple[int, int, FindingKind, Any, "float | None", str, re.Match[str]]
"""A quantity found: start, end, kind, key, value, unit, and the match of its pattern."""


def _quantities(text: str) -> list[_Quantity]:
    """Dates, durations, amounts and numbers, earlier kinds taking precedence where they overlap.

    A pattern is skipped where the text lacks something each of its matches holds
    (a digit, a currency, a unit word: see the constants beside each pattern), so
    skipping it finds nothing less; the order, and so the precedence, is kept.
    """
    found: list[_Quantity] = []

    def taken(m: re.Match[str]) -> bool:
        """Whether an earlier kind took (part of) the place of ``m``: then ``m`` is no quantity."""
        start, end = m.span()
        return any(start < f[1] and f[0] < end for f in found)

    def add(m: re.Match[str], kind: FindingKind, key: Any, value: float | None = None, unit: str = "") -> None:
        if not taken(m):
            found.append((m.start(), m.end(), kind, key, value, unit, m))

    def put(m: re.Match[str], kind: FindingKind, key: Any, value: float | None, unit: str) -> None:
        found.append((m.start(), m.end(), kind, key, value, unit, m))  # add, where taken(m) was just asked

    digit = _DIGIT.search(text)
    folded = _folded(text)
    if digit is not None and (_FOUR_DIGITS.search(text, digit.start()) or _MONTH_NAME.search(text)):
        for start in _scanned(_DATE_EARLY, text):  # what _DATE.finditer(text) finds
            m = cast(re.Match[str], _DATE.match(text, start))
            if m["y5"] and m.group() == m["y5"] and _counted_after(text, m.end()):
                continue  # "1900 personnel": a count that looks like a year
            add(m, FindingKind.DATE, ("date", date_key(m.group())))
    if folded is None or any(word in folded for word in _DURATION_WORDS):
        for m in _DURATION.finditer(text, folded):
            if taken(m):
                continue  # a date took it
            days = _match_days(m)
            put(m, FindingKind.DURATION, ("days", days if days is not None else m.group().lower()), days, "days")
    if digit is not None and any(mark in text for mark in _CURRENCY_MARKS):
        for m in _MONEY.finditer(text):
            currency = _CURRENCY[(m["cur"] or m["cur2"]).strip().lower()]
            scale = _SCALE.get((m["scale"] or m["short"] or m["scale2"] or "").lower(), 1.0)
            value = _number(m["n"] or m["n2"]) * scale
            add(m, FindingKind.AMOUNT, ("amount", currency, round(value, 6)), value, currency)
    if digit is not None and any(mark in text for mark in _PERCENT_MARKS):
        for m in _PERCENT.finditer(text):
            add(m, FindingKind.AMOUNT, ("amount", "%", round(_number(m["n"]), 6)), _number(m["n"]), "%")
    if folded is None or any(word in folded for word in _FRACTION_WORDS):
        for m in _FRACTION.finditer(text, folded):
            word = _word_key(m["f"])
            if m["fn"] is None and word != "half":
                continue
            share = 100 * _SMALL.get(_word_key(m["fn"] or "one"), 1) / _FRACTION_DENOMINATOR[word]
            add(m, FindingKind.AMOUNT, ("amount", "%", round(share, 6)), share, "%")
    if digit is not None and any(mark in text for mark in _RATIO_MARKS):
        for m in _RATIO.finditer(text):
            first, second = int(m["a"]), int(m["b"])
            if first + second == 100:
                add(m, FindingKind.AMOUNT, ("amount", "%", float(first)), float(first), "%")
    if digit is not None:
        for m in _NUMBER.finditer(text, digit.start()):  # a number starts with a digit
            if taken(m):
                continue  # part of a date, a duration or an amount: most numbers are
            before = _WORDS.findall(text, max(0, m.start() - 20), m.start())
            if before and str(before[-1]).lower() in _REFERENCES:
                continue  # "Article 5" refers, it does not count
            value = _number(m["n"]) * _SCALE.get((m["scale"] or m["short"] or "").lower(), 1.0)
            put(m, FindingKind.NUMBER, ("number", round(value, 6)), value, _noun_after(text, m.end()))
    return sorted(found, key=lambda f: f[0])


_MEASURES: Mapping[str, frozenset[str]] = MappingProxyType(
    {
        "personnel": _vocab("personnel|troops|soldiers|servicemen|forces|army|armed|military|combatants"),
        "prisoners": _vocab("prisoners|prisoner|detainees|detainee|captives|hostages|hostage|gazans|remains"),
        "vehicles": _vocab("trucks|truckloads|lorries|vehicles"),
        "assets": _vocab("assets|frozen|reserves|immobilised|immobilized"),
        "fund": _vocab("fund|funds|target|aiming|aim|raise|raising|mobilise|mobilised|financing|grants"),
        "profit": _vocab("profit|profits|proceeds"),
        "area": _vocab("km|kilometres|kilometers|hectares|square|miles|metres|meters"),
    }
)  # what a count or a sum measures, by the nearest of these words within six words of it
_RATE_AFTER = re.compile(
    r"\s*(?:\w+\s+){0,3}?(?:for\s+each|for\s+every|per|a\s+day|each\s+day|every\s+day|a\s+week|a\s+month"
    r"|a\s+year|daily|annually)(?!\w)",
    re.IGNORECASE,
)
_PAST_BEFORE = re.compile(r"(?<!\w)(?:past|last|previous|preceding|recent)\s+$", re.IGNORECASE)
_PERIOD_BEFORE = re.compile(r"(?<!\w)(?:lasts?|lasting|runs?|for|over|of|term\s+of|period\s+of)\s+$", re.IGNORECASE)
_DEADLINE_PREP = frozenset({"within", "in", "after", "no later than", "not later than"})
_WITHOUT_BEFORE = re.compile(
    r"(?<!\w)(?:without|instead\s+of|rather\s+than|in\s+place\s+of|replacing)\s+(?:\w+\s+){0,2}$", re.IGNORECASE
)
_COMMA_SEGMENT = re.compile(r"[,;.:!?()\n]")


def quantity_mentions(text: str) -> list[Mention]:
    """:func:`_quantities`, each typed by what it measures and marked when the text says it is dropped.

    A sum of frozen assets and a fund-raising target, a count of prisoners per
    hostage and a count of prisoners, the length of a phase and a deadline are
    different measures: they are compared only like with like. "The 600,000 cap is
    dropped" and "without the $100bn" mention a quantity only to remove it.
    Durations of the past ("the past thirty years") date something; they are left out.
    Thousands may be grouped by commas or by a no-break, narrow no-break or thin space
    ("600\u00a0000" is 600,000); a plain space groups nothing, as it also parts two numbers.
    """
    found = _quantities(text)
    if not found:  # what follows reads the text around each quantity: with none, nothing to read
        return []
    out = []
    lowered = text.lower()
    may_drop = any(word in lowered for word in _dropping_words(REMOVALS, _WITHOUT))  # else nothing is dropped
    without = removal = False
    folded = _folded(text)
    if may_drop:
        # Which of the two ways of saying so the text can hold at all: else that search is skipped.
        without = folded is None or any(word in folded for word in _WITHOUT_WORDS)
        removal = _may_match(REMOVALS, folded)
        may_drop = without or removal
    measures = _measure_index(_snapshot(_MEASURES))
    for start, end, kind, key, value, unit, match in found:
        if kind is FindingKind.DURATION:
            if _PAST_BEFORE.search(text, max(0, start - 12), start):
                continue
            measure = _duration_measure(text, start, match)
        elif kind is FindingKind.DATE:
            measure = ""
        elif kind is FindingKind.AMOUNT and unit == "%":
            measure = "share"
        else:
            measure = "per" if kind is FindingKind.NUMBER and _RATE_AFTER.match(text, end) else ""
            measure = measure or _nearest_measure(text, start, end, measures)
        # A "without" before the quantity lies in the 40 characters before it, its word too.
        near = without and (
            folded is None or any(word in folded[max(0, start - 40) : start] for word in _WITHOUT_WORDS)
        )
        dropped = may_drop and _dropped(text, start, end, without=near, removal=removal)
        surface = match.group().strip()
        out.append(Mention(kind, start, end, surface, key, value, unit, measure=measure, dropped=dropped))
    return out


def _duration_measure(text: str, start: int, match: re.Match[str]) -> str:
    """What the duration at ``start`` measures: a deadline, a period or "" (``match`` is its ``_DURATION`` match)."""
    word = _word_key(match["prep"]) if match["prep"] else ""
    if match["vague"] or word in _DEADLINE_PREP:
        return "deadline"
    if word or _PERIOD_BEFORE.search(text, max(0, start - 16), start):
        return "period"
    return ""


@functools.lru_cache(maxsize=16)
def _measure_index(measures: tuple[tuple[str, frozenset[str]], ...]) -> Mapping[str, str]:
    """Each word of :data:`_MEASURES` → the first measure that has it (``measures`` is its snapshot)."""
    index: dict[str, str] = {}
    for measure, words in measures:
        for word in words:
            index.setdefault(word, measure)
    return MappingProxyType(index)


def _nearest_measure(text: str, start: int, end: int, measures: Mapping[str, str] | None = None) -> str:
    """The measure of the nearest measure word within six words of ``text[start:end]`` ("" if none);
    ``measures`` is :func:`_measure_index` of :data:`_MEASURES`, if already made."""
    index = _measure_index(_snapshot(_MEASURES)) if measures is None else measures
    # The words before come nearer word by word, those after go farther: the nearest on each side is the
    # last measure word before and the first after; at equal distances the one before wins.
    best: tuple[int, str] | None = None
    for w in reversed(list(_WORDS.finditer(text, max(0, start - 60), start))[-6:]):
        measure = index.get(w.group().lower())  # a word's first measure
        if measure is not None:
            best = (start - w.end(), measure)
            break
    for n, w in enumerate(_WORDS.finditer(text, end, end + 60)):
        if n == 6 or (best is not None and w.start() - end >= best[0]):
            break  # six words after, or none nearer than the one before
        measure = index.get(w.group().lower())
        if measure is not None:
            return measure
    return best[1] if best else ""


# One is in each _WITHOUT_BEFORE match, in lower case in the folded text.
_WITHOUT_WORDS = ("without", "instead", "rather", "place", "replacing")
_SEGMENT_MARKS = ",;.:!?()\n"  # what _COMMA_SEGMENT matches


def _dropped(text: str, start: int, end: int, *, without: bool = True, removal: bool = True) -> bool:
    """Whether the text mentions the quantity at ``start:end`` only to say it is dropped.

    ``without`` and ``removal`` say whether the text can hold a "without" before a
    quantity (:data:`_WITHOUT_WORDS`) and a word of :data:`REMOVALS`; a search that
    cannot succeed is skipped.
    """
    if without and _WITHOUT_BEFORE.search(text, max(0, start - 40), start):
        return True
    if not removal:
        return False
    seg_start = max([text.rfind(mark, 0, start) for mark in _SEGMENT_MARKS]) + 1  # after the last mark, else 0
    stop = _COMMA_SEGMENT.search(text, end)
    segment = text[seg_start : stop.start() if stop else len(text)]
    return _caseless_alternation(REMOVALS).search(segment, _folded(segment)) is not None


@functools.lru_cache(maxsize=16)
def _dropping_words(removals: frozenset[str], without: frozenset[str]) -> tuple[str, ...]:
    """``_first_words(removals | without)``, kept per pair of vocabularies (a frozenset keeps its hash, a union
    made anew for each text would be hashed again)."""
    return _first_words(removals | without)


@functools.lru_cache(maxsize=16)
def _first_words(words: frozenset[str]) -> tuple[str, ...]:
    """The first word of each of ``words`` (as written)."""
    return tuple(word.split()[0] for word in words)


def _may_match(words: frozenset[str], folded: str | None) -> bool:
    """Whether ``_caseless_alternation(words)`` can match in a text whose :func:`_folded` form is ``folded``.

    False only when, for every word, the text lacks its longest part in lower case: each
    match of an ASCII word holds its parts, lower-cased, in the folded text (see
    :func:`_folded`). A word that is not ASCII, and a text that cannot be folded, may match.
    """
    if folded is None:
        return True
    parts = _longest_parts(words)
    return parts is None or parts.search(folded) is not None


@functools.lru_cache(maxsize=16)
def _longest_parts(words: frozenset[str]) -> re.Pattern[str] | None:
    """A pattern that finds the longest part of any of ``words``, in lower case, anywhere; None when a word
    is not ASCII or has no part."""
    found = []
    for word in words:
        parts = word.lower().split()
        if not word.isascii() or not parts:
            return None
        found.append(max(parts, key=len))
    return re.compile("|".join(map(re.escape, sorted(found))))


def _counted_after(text: str, end: int) -> bool:
    """Whether the word after ``end`` is something counted ("personnel", "prisoners", "trucks")."""
    word = _WORDS.search(text, end, end + 30)
    return (
        word is not None
        and not text[end : word.start()].strip()
        and word.group().lower() in _measure_index(_snapshot(_MEASURES))
    )


def _match_days(m: re.Match[str]) -> float | None:
    if m["vague"]:
        return _VAGUE.get(_word_key(m["vague"]))
    n = _word_key(m["n"])
    count = float(_SMALL[n]) if n in _SMALL else _number(m["n"])
    return count * _DAYS[_word_key(m["unit"])]


def duration_days(text: str) -> float | None:
    """The length in days of the first duration ``text`` states ("100 days", "two weeks"); None when it states none.

    >>> duration_days("within two weeks of signing")
    14.0
    """
    m = _DURATION.pattern.search(text)
    return _match_days(m) if m else None


def date_key(text: str) -> tuple[int, int, int]:
    """The first date ``text`` states as (year, month, day), 0 for a part not given; (0, 0, 0) when none.

    >>> date_key("elections by 15 May 2026")
    (2026, 5, 15)
    """
    m = _DATE.search(text)
    if m is None:
        return (0, 0, 0)
    if m["iy"]:
        return (int(m["iy"]), int(m["im"]), int(m["id"]))
    if m["part"]:
        return (int(m["y4"]), *_PART[m["part"]])
    year = m["y1"] or m["y2"] or m["y3"] or m["y5"]
    month = m["m1"] or m["m2"] or m["m3"]
    day = m["d1"] or m["d2"]
    return (int(year or 0), _MONTH_NUMBER.get(month or "", 0), int(day or 0))


def context_words(text: str, start: int, end: int, *, each_side: int = 4) -> frozenset[str]:
    """The words around ``text[start:end]``, lowercased: up to ``each_side`` on each side (within 60
    characters), stop words and numbers left out. Two mentions with words in common sit in like context.

    >>> sorted(context_words("The army is capped at 600,000 personnel in peacetime.", 22, 29))
    ['army', 'capped', 'peacetime', 'personnel']
    """
    words = _WORDS.findall(text, max(0, start - 60), start)[-each_side:]
    words += _WORDS.findall(text, end, end + 60)[:each_side]
    return frozenset(w.lower() for w in words if w.lower() not in _STOPWORDS and not w.isdigit())


def _noun_after(text: str, end: int) -> str:
    for word in _WORDS.findall(text, end, min(len(text), end + 40)):
        if word.lower() not in _STOPWORDS and not word.isdigit():
            return str(word).lower()
    return ""


def _snapshot(vocabulary: Mapping[_K, Iterable[str]]) -> tuple[tuple[_K, frozenset[str]], ...]:
    """A hashable copy of a vocabulary, read at call time: the key of what is compiled from it.

    The vocabularies can be rebound (or, if a caller made them mutable, changed in
    place) between two calls; a cache keyed by their content sees either.
    """
    shipped = _SHIPPED.get(id(vocabulary))
    if shipped is not None and shipped[0] is vocabulary:
        return shipped[1]  # one of the read-only vocabularies as shipped: its snapshot never changes
    return tuple((key, frozenset(words)) for key, words in vocabulary.items())


# The vocabularies as this module defines them (read-only mappings of frozensets no caller holds):
# id → (the mapping, its snapshot), so the common case skips rebuilding the snapshot on every call.
_SHIPPED: dict[int, tuple[Mapping[Any, Any], tuple[tuple[Any, frozenset[str]], ...]]] = {}


def _remember_shipped(*vocabularies: Mapping[Any, frozenset[str]]) -> None:
    for vocabulary in vocabularies:
        _SHIPPED[id(vocabulary)] = (vocabulary, tuple((key, frozenset(words)) for key, words in vocabulary.items()))


@functools.lru_cache(maxsize=16)
def _modal_vocabulary(modals: tuple[tuple[int, frozenset[str]], ...]) -> tuple[Mapping[str, int], _Caseless]:
    """Each modal wording → its strength, and the pattern that finds them (``modals`` is :data:`MODALS`)."""
    levels = {w: level for level, words in modals for w in words}
    return MappingProxyType(levels), _caseless_alternation(frozenset(levels))


_DIGIT_NEXT = re.compile(r"\s+\d")
_RELATIVE_BEFORE = re.compile(r"(?<!\w)(?:which|that|who)\s+$", re.IGNORECASE)
_NOUN_BEFORE = re.compile(
    r"(?<!\w)(?:security|the|a|an|these|those|its|their|strong|reliable|robust|binding|bilateral|such|of|any|all)\s+$",
    re.IGNORECASE,
)
_NOT_NEXT = re.compile(r"\s+not(?!\w)")


def modal_mentions(text: str) -> list[Mention]:
    """The obligation words of ``text`` (:data:`MODALS`), each with its strength as ``level``.

    A hedge followed by a modal in one sentence ("it is expected that ... will")
    is one mention with the weaker level; "may not" is a prohibition; "the will of
    the people", the month May and "which may include" are not obligations.
    """
    levels, pattern = _modal_vocabulary(_snapshot(MODALS))
    found: list[Mention] = []
    for m in pattern.finditer(text, _folded(text)):
        surface = m.group()
        words = _word_key(surface)
        if words == "will":
            before = _WORDS.findall(text, max(0, m.start() - 20), m.start())
            if before and before[-1].lower() in _NOUN_WILL:
                continue  # "the will of the people"
        if surface == "May" and _DIGIT_NEXT.match(text, m.end()):
            continue  # the month
        if _RELATIVE_BEFORE.search(text, max(0, m.start() - 8), m.start()):
            continue  # "which may include": a description of what something covers, not an obligation
        if words.startswith(("guarantee", "ensure")) and _NOUN_BEFORE.search(text, max(0, m.start() - 12), m.start()):
            continue  # "security guarantees that mirror": the noun, not the verb
        level = levels[words]
        if words in ("may", "can") and _NOT_NEXT.match(text, m.end()):
            level = 4  # "may not" is a prohibition
        previous = found[-1] if found else None
        if (
            previous is not None
            and previous.key[0] in HEDGES
            and len(previous.key) == 1
            and not _SENTENCE_END.search(text, previous.end, m.start())
        ):
            found[-1] = Mention(
                FindingKind.MODALITY,
                previous.start,
                m.end(),
                previous.surface,
                (previous.key[0], words),
                level=min(previous.level, level),
            )
            continue
        found.append(Mention(FindingKind.MODALITY, m.start(), m.end(), surface, (words,), level=level))
    return found


def names_modal(text: str) -> bool:
    """Whether ``text`` holds a word of :data:`MODALS` (what :func:`modal_mentions` looks for, before it
    sets aside the will of the people, the month May and the like).

    >>> names_modal("Ukraine shall hold elections"), names_modal("Ukraine holds elections")
    (True, False)
    """
    return _modal_vocabulary(_snapshot(MODALS))[1].search(text, _folded(text)) is not None


def negation_mentions(text: str) -> list[Mention]:
    """The negations of ``text`` (:data:`NEGATIONS` and contracted ones such as "won't")."""
    found = []
    matches = list(_caseless_alternation(NEGATIONS).finditer(text, _folded(text)))
    if any(mark in text for mark in _APOSTROPHES):
        matches += _NOT_CONTRACTED.finditer(text)
    for m in sorted(matches, key=lambda m: m.start()):
        word = _word_key(m.group())  # "NEITHER" and "neıther" are "neither", as IGNORECASE found them
        key = "not" if word.endswith(("n't", "n’t")) or word == "cannot" else word
        if _NOT_NEGATING.match(text, m.start()) or _quoted(text, m.start()):
            continue  # "no later than" bounds a deadline; a quoted "not a blank check" describes
        aux = _NEGATION_AUX.search(text, max(0, m.start() - 12), m.start()) if key in ("not", "never") else None
        if key == "not" and aux is None and _PARTICIPLE_NEXT.match(text, m.end()):
            continue  # "institutions not associated with": a description, not a negated clause
        start = aux.start() if aux else m.start()
        confidence = 1.0 if aux is not None or key != "not" else 0.8
        found.append(Mention(FindingKind.NEGATION, start, m.end(), text[start : m.end()], key, confidence=confidence))
    return found


_PARTICIPLE_NEXT = re.compile(r"\s+\w+ed(?!\w)")


def _quoted(text: str, at: int) -> bool:
    """Whether offset ``at`` of ``text`` is inside a quotation ("…" or “…”)."""
    return text.count('"', 0, at) % 2 == 1 or text.rfind("“", 0, at) > text.rfind("”", 0, at)


def condition_mentions(text: str, matches: Sequence[ActorMatch] | None = None) -> list[Mention]:
    """Conditions, each with its subject (who acts), its trigger words and its effect on the provision.

    "Ukraine loses the guarantee if it invades Russia" is a condition with subject
    Ukraine (the pronoun resolved to the last actor before it), stems {invad} and
    effect "voids"; "If Russia invades Ukraine, a military response follows" has
    subject Russia and effect "triggers". A condition that names no trigger
    ("subject to conditions") is left out. ``matches`` are the actor matches of ``text``
    (:func:`actor_matches`), if already found.
    """
    found: list[Mention] = []
    markers = list(_caseless_alternation(CONDITION_MARKERS).finditer(text, _folded(text)))
    if not markers:
        return found
    actors = actor_matches(text) if matches is None else matches  # each condition takes those in its clause
    _, place_pattern = _places()
    places = list(place_pattern.finditer(text))
    for m in markers:
        stop = _CLAUSE_END.search(text, m.end())
        clause = list(_WORDS.finditer(text, m.end(), stop.start() if stop else len(text)))[:_CONDITION_WORDS]
        if not clause:
            continue
        last = clause[-1]
        words = [w.group().lower() for w in clause]
        if set(words) <= _GENERIC_CONDITION:
            continue  # "subject to conditions": says there are conditions, names none
        surface = text[m.start() : last.end()]
        key, marker = _word_key(surface), _word_key(m.group())
        subject = _condition_subject(text, m.start(), m.end(), last.end(), actors)
        named = [a.group() for a, _ in actors if m.start() <= a.start() and a.end() <= last.end()]
        named += [p.group() for p in places if m.start() <= p.start() and p.end() <= last.end()]
        names = {w.lower() for name in named for w in _WORDS.findall(name)}
        stems = frozenset(
            _stem(w) for w in words if w not in _STOPWORDS and w not in names and w not in _PRONOUNS and len(w) > 2
        )
        effect = _condition_effect(text, m.start(), stop.start() if stop else len(text))
        found.append(
            Mention(
                FindingKind.CONDITION, m.start(), last.end(), surface, key, unit=marker, subject=subject,
                effect=effect, stems=stems,
            )
        )  # fmt: skip
    return found


_GENERIC_CONDITION = _vocab("conditions|condition|terms|this|that|these|those|it|them|the|certain|some")
_PRONOUNS = _vocab("it|they|he|she|its|their|them|him|her")
_PASSIVE_NEXT = re.compile(r"\s+(?:is|are|was|were|be|been|being)\s+\w+(?:ed|en)(?!\w)")
_PRONOUN_NEXT = re.compile(r"\s*(?:it|they)(?!\w)", re.IGNORECASE)
_ONLY_JOINS = re.compile(r"\s*(?:and|or|but|only)?\s*", re.IGNORECASE)
# Wordings of one thing, so that "once all parties accept this memorandum" and "once all parties
# agree to the deal" read as one condition.
_SYNONYMS: Mapping[str, str] = MappingProxyType({
    **dict.fromkeys(("memorandum", "agreement", "deal", "accord", "treaty", "plan", "document", "text"), "agreement"),
    **dict.fromkeys(("accept", "accepts", "accepted", "agree", "agrees", "approve", "approves", "endorse"), "accept"),
    **dict.fromkeys(("withdrawn", "withdraw", "withdraws", "withdrew", "pulled"), "withdraw"),
    **dict.fromkeys(("sides", "side", "parties", "party"), "party"),
    **dict.fromkeys(("breach", "breached", "breaches", "broken", "broke", "violated", "violation"), "breach"),
})  # fmt: skip


def _stem(word: str) -> str:
    """A crude stem: the synonym's head word, cut to five letters ("positions", "position" → "posit")."""
    return _SYNONYMS.get(word, word)[:5]


def _condition_subject(text: str, marker: int, start: int, end: int, actors: Sequence[ActorMatch]) -> str:
    """Who acts in the condition at ``start:end``: its first actor, a pronoun's antecedent, or "" if unknown.

    ``actors`` are the actor matches of the whole ``text``.
    """
    if _PRONOUN_NEXT.match(text, start, end):
        sentence = max(text.rfind(".", 0, marker), text.rfind(";", 0, marker)) + 1
        before = [name for a, name in actors if sentence <= a.start() and a.end() <= marker]
        return before[-1] if before else ""
    inside = [(a, name) for a, name in actors if start <= a.start() and a.end() <= end]
    if not inside:
        return ""
    first, name = inside[0]
    if _PASSIVE_NEXT.match(text, first.end(), end + 30):
        return ""  # "if Ukraine is attacked": Ukraine does not act
    return name


@functools.lru_cache(maxsize=16)
def _effect_patterns(effects: tuple[tuple[str, frozenset[str]], ...]) -> tuple[tuple[str, _Caseless], ...]:
    return tuple((effect, _caseless_alternation(words)) for effect, words in effects)


def _condition_effect(text: str, marker: int, clause_end: int) -> str:
    """What the condition at ``marker`` does: the effect words of the segment before it, or after it if it opens."""
    segment_start = max([text.rfind(mark, 0, marker) for mark in _SEGMENT_MARKS]) + 1  # after the last mark, or 0
    before = text[segment_start:marker]
    if _WORDS.search(before) and not _ONLY_JOINS.fullmatch(before):
        window = before
    else:
        stop = _SENTENCE_END.search(text, clause_end)
        window = text[clause_end : stop.start() if stop else len(text)]
    first: tuple[int, str] | None = None
    folded = _folded(window)
    for effect, pattern in _effect_patterns(_snapshot(CONDITION_EFFECTS)):
        hit = pattern.search(window, folded)
        if hit is not None and (first is None or hit.start() < first[0]):
            first = (hit.start(), effect)
    return first[1] if first else ""


def _spaced(text: str) -> str:
    """``text`` with each whitespace run made one space, as vocabulary entries are written."""
    return " ".join(text.split())


@functools.lru_cache(maxsize=16)
def _actor_vocabulary(actors: tuple[tuple[str, frozenset[str]], ...]) -> tuple[Mapping[str, str], re.Pattern[str]]:
    """Each name of an actor → its display name, and the pattern that finds them (``actors`` is :data:`ACTORS`)."""
    names = {alias: name for name, aliases in actors for alias in aliases}
    return MappingProxyType(names), _names_pattern(frozenset(names))


ActorMatch = tuple[re.Match[str], str]
"""Where a text names an actor (the regex match), and the actor's display name."""


def actor_matches(text: str | None) -> list[ActorMatch]:
    """Where ``text`` names an actor, and which: one scan for :func:`actor_order` and
    :func:`party_mentions` to share."""
    names, pattern = _actor_vocabulary(_snapshot(ACTORS))
    found = []
    for m in pattern.finditer(text or ""):
        name = m.group()
        found.append((m, names[name if name.isalpha() else _spaced(name)]))  # a name of letters only has no space
    return found


def actor_order(text: str | None, matches: Sequence[ActorMatch] | None = None) -> list[str]:
    """The actors ``text`` names, by display name, in order of first mention (``matches``: its actor matches)."""
    return list(dict.fromkeys(name for _, name in (actor_matches(text) if matches is None else matches)))


def _actor_ids(text: str | None, matches: Sequence[ActorMatch] | None = None) -> frozenset[str]:
    return frozenset(actor_order(text, matches))


def _party_matches(text: str, matches: Sequence[ActorMatch] | None = None) -> list[ActorMatch]:
    """The actor matches of ``text`` that name a party: not one named only for a comparison
    ("mirrors NATO's Article 5"), in a quotation, or as the author of a proposal ("the figure
    the Europeans proposed").
    """
    folded = _folded(text)
    return [
        (m, name) for m, name in (actor_matches(text) if matches is None else matches) if _is_party(text, m, folded)
    ]


_COMPARED_AFTER = re.compile(r"(?:['’]s\s+Article|-style|-like)(?!\w)")


@functools.lru_cache(maxsize=16)
def _comparison_before(words: frozenset[str]) -> re.Pattern[str]:
    return re.compile(rf"{_alternation_source(words)}\s+(?:the\s+)?$", re.IGNORECASE)


@functools.lru_cache(maxsize=16)
def _attribution_after(words: frozenset[str]) -> re.Pattern[str]:
    return re.compile(rf"\s+{_alternation_source(words)}", re.IGNORECASE)


def _is_party(text: str, m: re.Match[str], folded: str | None) -> bool:
    """Whether the actor matched at ``m`` is named as a party (``folded`` is :func:`_folded` of ``text``)."""
    start = m.start()
    if _COMPARED_AFTER.match(text, m.end()) or _quoted(text, start):
        return False
    before = max(0, start - 30)
    # A comparison word before the name lies in those 30 characters: where none can, it is not searched for.
    if _may_match(COMPARISONS, folded and folded[before:start]) and _comparison_before(COMPARISONS).search(
        text, before, start
    ):
        return False
    return not _attribution_after(_ATTRIBUTIONS).match(text, m.end())


def party_ids(text: str | None, matches: Sequence[ActorMatch] | None = None) -> frozenset[str]:
    """The actors ``text`` names as parties (see :func:`_party_matches`)."""
    return frozenset(name for _, name in _party_matches(text or "", matches))


def party_mentions(text: str, matches: Sequence[ActorMatch] | None = None) -> list[Mention]:
    """Runs of parties joined by commas, "and", dashes: "the US, NATO and European states".

    ``matches`` are the actor matches of ``text`` (:func:`actor_matches`), if already found;
    actors named only for a comparison, in a quotation or as a proposal's author are left out.
    A run named only by demonyms ("Ukrainian children"), or after "of" ("the rebuilding of
    Ukraine"), may describe rather than name a party: its confidence is lower. A run after
    "no" or "without" ("no NATO troops") names a party to exclude it, and says so (``excluded``).
    """
    return _party_mentions(text, _party_matches(text, matches))


def _party_mentions(text: str, parties: Sequence[ActorMatch]) -> list[Mention]:
    """:func:`party_mentions`, from the actor matches of ``text`` that name parties (:func:`_party_matches`)."""
    runs: list[list[ActorMatch]] = []
    ends: list[int] = []
    for m, name in parties:
        if runs and m.start() < ends[-1]:
            continue  # inside the previous run ("European signatories")
        if runs and _PARTY_JOINT.fullmatch(text, runs[-1][-1][0].end(), m.start()):
            runs[-1].append((m, name))
        else:
            runs.append([(m, name)])
            ends.append(m.end())
        collective = _COLLECTIVE.match(text, m.end())
        ends[-1] = collective.end() if collective else m.end()
    found = []
    for run, end in zip(runs, ends, strict=True):
        start = run[0][0].start()
        article = _ARTICLE_BEFORE.search(text[max(0, start - 5) : start])
        start -= len(article.group()) if article else 0
        ids = frozenset(name for _, name in run)
        demonyms = end == run[-1][0].end() and all(_spaced(m.group()) in _DEMONYMS for m, _ in run)
        complement = _COMPLEMENT_BEFORE.search(text, max(0, start - 6), start) is not None
        confidence = 0.5 if demonyms or complement else 1.0
        excluded = _EXCLUDED_BEFORE.search(text, max(0, start - 10), start) is not None
        found.append(
            Mention(
                FindingKind.PARTY, start, end, text[start:end], ids, ids=ids, confidence=confidence, excluded=excluded
            )
        )
    return found


# "no NATO troops": a party named to be excluded, not one that acts or is bound
_EXCLUDED_BEFORE = re.compile(r"(?<!\w)(?:no|without|nor|neither|not)\s+$", re.IGNORECASE)
# "the rebuilding of Ukraine": a name after "of" completes a noun; it is what something is about, rarely who acts.
_COMPLEMENT_BEFORE = re.compile(r"(?<!\w)of\s+$")


def qualifier_mentions(text: str) -> list[Mention]:
    """Qualifiers of :data:`QUALIFIERS`, keyed by the concept each wording expresses.

    A negated qualifier is its own concept: "not for ever" is "not permanent".
    """
    names, pattern = _qualifier_vocabulary(_snapshot(QUALIFIERS))
    found = []
    for m in pattern.finditer(text, _folded(text)):
        if _quoted(text, m.start()):
            continue
        concept, start = names[_word_key(m.group())], m.start()
        negated = _NEGATED_BEFORE.search(text, max(0, start - 8), start)
        if negated is not None:
            concept, start = f"not {concept}", negated.start()
        found.append(Mention(FindingKind.QUALIFIER, start, m.end(), text[start : m.end()], concept, confidence=0.9))
    return found


_NEGATED_BEFORE = re.compile(r"(?<!\w)(?:not|never|no)\s+$", re.IGNORECASE)


@functools.lru_cache(maxsize=16)
def _qualifier_vocabulary(qualifiers: tuple[tuple[str, frozenset[str]], ...]) -> tuple[Mapping[str, str], _Caseless]:
    names = {w: concept for concept, words in qualifiers for w in words}
    return MappingProxyType(names), _caseless_alternation(frozenset(names))


@functools.lru_cache(maxsize=16)
def _place_vocabulary(
    spellings: tuple[tuple[str, str], ...], places: frozenset[str]
) -> tuple[Mapping[str, str], re.Pattern[str]]:
    """Each spelling of a place → its name, and the pattern that finds them.

    ``spellings`` and ``places`` are :data:`PLACE_SPELLINGS` and :data:`PLACES`.
    """
    names = dict(spellings) | {p: p for p in places}
    return MappingProxyType(names), _names_pattern(frozenset(names))


def _places() -> tuple[Mapping[str, str], re.Pattern[str]]:
    """:func:`_place_vocabulary` of :data:`PLACE_SPELLINGS` and :data:`PLACES` as they are now."""
    if PLACE_SPELLINGS is _AS_SHIPPED[_PLACE_SPELLINGS_AT] and PLACES is _AS_SHIPPED[_PLACES_AT]:
        return _shipped_places()  # the read-only vocabularies as shipped: their pattern never changes
    return _place_vocabulary(tuple(PLACE_SPELLINGS.items()), frozenset(PLACES))


def place_mentions(text: str) -> dict[str, Mention]:
    """Each place named in ``text`` (by its name in :data:`PLACES`) → its first mention."""
    spellings, pattern = _places()
    first: dict[str, Mention] = {}
    for m in pattern.finditer(text):
        name = spellings[_spaced(m.group())]
        first.setdefault(name, Mention(FindingKind.PLACE, m.start(), m.end(), m.group(), name))
    return first


_remember_shipped(ACTORS, MODALS, CONDITION_EFFECTS, QUALIFIERS, _MEASURES)

# Every module-level vocabulary the functions above read at call time, public or not.
_VOCABULARY_NAMES = (
    "ACTORS", "COMPARISONS", "CONDITION_EFFECTS", "CONDITION_MARKERS", "HEDGES", "MODALS", "NEGATIONS", "PLACES",
    "PLACE_SPELLINGS", "QUALIFIERS", "REMOVALS", "_ATTRIBUTIONS", "_DEMONYMS", "_GENERIC_CONDITION", "_MEASURES",
    "_NOUN_WILL", "_PRONOUNS", "_REFERENCES", "_STOPWORDS", "_SYNONYMS", "_WITHOUT",
)  # fmt: skip
_AS_SHIPPED = tuple(globals()[name] for name in _VOCABULARY_NAMES)
_CURRENT = operator.itemgetter(*_VOCABULARY_NAMES)
_PLACES_AT, _PLACE_SPELLINGS_AT = _VOCABULARY_NAMES.index("PLACES"), _VOCABULARY_NAMES.index("PLACE_SPELLINGS")


@functools.cache
def _shipped_places() -> tuple[Mapping[str, str], re.Pattern[str]]:
    spellings, places = _AS_SHIPPED[_PLACE_SPELLINGS_AT], _AS_SHIPPED[_PLACES_AT]
    return _place_vocabulary(tuple(spellings.items()), frozenset(places))


def _frozen(value: object) -> object:
    """A hashable copy of a vocabulary's content (a mapping, a set of words, a word)."""
    if isinstance(value, Mapping):
        return tuple((key, _frozen(item)) for key, item in value.items())
    if isinstance(value, str | int | float):
        return value
    if isinstance(value, Iterable):
        return frozenset(map(_frozen, value))
    return value


def _vocabulary_state() -> object:
    """What every vocabulary holds now, as a key for caching what was found with them: None when each
    is the one this module ships (the common case, answered without reading them); else their content.

    A cache of mentions keyed by a text and this sees a vocabulary rebound or changed in place.
    """
    current = _CURRENT(globals())
    if current == _AS_SHIPPED:  # each the same object as shipped (or one equal to it: the same words)
        return None
    state = tuple(map(_frozen, current))
    # One copy of each state for every text kept with it (a copy is some 60 kB), and a few states at most.
    if state not in _STATES and len(_STATES) >= 16:
        _STATES.clear()
    return _STATES.setdefault(state, state)


_STATES: dict[object, object] = {}


# --- every mention of a text, kept ------------------------------------------------------

_T = TypeVar("_T")


class _kept(Generic[_T]):
    """A lazy attribute of a :class:`TextMentions`: computed on first use, then kept in the instance (what
    :class:`functools.cached_property` does, without the lock it takes on every first use before Python 3.12:
    here many are made per text). Read after a vocabulary changed, it is that of :func:`text_mentions` now."""

    def __init__(self, compute: Callable[[Any], _T]) -> None:
        self.compute = compute
        self.name = compute.__name__
        self.__doc__ = compute.__doc__

    @overload
    def __get__(self, instance: None, owner: type) -> _kept[_T]: ...

    @overload
    def __get__(self, instance: object, owner: type) -> _T: ...

    def __get__(self, instance: object, owner: type) -> _T | _kept[_T]:
        if instance is None:
            return self
        made = cast("TextMentions", instance)
        if _vocabulary_state() != made.vocabularies:
            # A vocabulary changed since the instance was made: what it would find now belongs to the
            # instance kept for the vocabularies as they are now, not to this one (kept for the old ones).
            return cast("_T", getattr(text_mentions(made.text), self.name))
        value = self.compute(instance)
        instance.__dict__[self.name] = value  # found there from now on: this descriptor has no __set__
        return value


class TextMentions:
    """Everything one text mentions, family by family: each family found on first use, then kept.

    Get one with :func:`text_mentions`, which keeps it for the next caller: a chain of
    drafts compares each text twice (as the new side of one step and the old side of
    the next), and :mod:`~peaceplan.compare.findings` looks names up in scope texts that
    are often the texts themselves. Each family is a tuple of what the ``*_mentions``
    function of this module gives for :attr:`text`, with the vocabularies as they were when it was
    made (:attr:`vocabularies`); a family first read after one of them changed is the one
    :func:`text_mentions` gives now, so an instance kept for the old vocabularies never holds
    what the new ones found.

    >>> m = text_mentions("Ukraine's army is capped at 600,000 personnel in peacetime.")
    >>> [q.surface for q in m.quantities], sorted(m.concepts), sorted(m.party_ids)
    (['600,000'], ['in peacetime'], ['Ukraine'])
    """

    def __init__(self, text: str) -> None:
        self.text = text
        self.vocabularies: object = _vocabulary_state()  # what its families are found with: see text_mentions

    @_kept
    def quantities(self) -> tuple[Mention, ...]:
        """Every quantity (:func:`quantity_mentions`), those mentioned only as dropped included."""
        return tuple(quantity_mentions(self.text))

    @_kept
    def in_force(self) -> tuple[Mention, ...]:
        """The quantities not mentioned only to say they are dropped."""
        return tuple(q for q in self.quantities if not q.dropped)

    @_kept
    def modals(self) -> tuple[Mention, ...]:
        """:func:`modal_mentions`."""
        return tuple(modal_mentions(self.text))

    @_kept
    def negations(self) -> tuple[Mention, ...]:
        """:func:`negation_mentions`."""
        return tuple(negation_mentions(self.text))

    @_kept
    def conditions(self) -> tuple[Mention, ...]:
        """:func:`condition_mentions`."""
        return tuple(condition_mentions(self.text, self.actors))

    @_kept
    def qualifiers(self) -> tuple[Mention, ...]:
        """:func:`qualifier_mentions`."""
        return tuple(qualifier_mentions(self.text))

    @_kept
    def concepts(self) -> frozenset[str]:
        """The qualifiers' concepts."""
        return frozenset(m.key for m in self.qualifiers)

    @_kept
    def actors(self) -> tuple[ActorMatch, ...]:
        """:func:`actor_matches`."""
        return tuple(actor_matches(self.text))

    @_kept
    def party_matches(self) -> tuple[ActorMatch, ...]:
        """The actor matches that name a party (not for a comparison, in a quotation or as an author)."""
        return tuple(_party_matches(self.text, self.actors))

    @_kept
    def party_ids(self) -> frozenset[str]:
        """:func:`party_ids`."""
        return frozenset(name for _, name in self.party_matches)

    @_kept
    def parties(self) -> tuple[Mention, ...]:
        """:func:`party_mentions`."""
        return tuple(_party_mentions(self.text, self.party_matches))

    @_kept
    def party_lists(self) -> tuple[Mention, ...]:
        """The runs of more than one party: a state in one is a party, not a place."""
        return tuple(p for p in self.parties if len(p.ids) > 1)

    @_kept
    def places(self) -> Mapping[str, Mention]:
        """:func:`place_mentions`, read-only."""
        return MappingProxyType(place_mentions(self.text))


# A text recurs in a later comparison (a draft's text is the new side of one step and the old side of the
# next). A history view asks for it again at once; a walk over every change of a corpus, edge by edge, some
# hundreds of texts later. More kept would keep more objects alive for the garbage collector to walk:
# in a process holding a large corpus, each of its full passes costs a tenth of a second or more.
@functools.lru_cache(maxsize=1024)  # about 4 kB a text
def _kept_mentions(text: str, vocabularies: object) -> TextMentions:
    """The mentions of ``text`` found with the vocabularies in the state ``vocabularies`` (the cache key)."""
    made = TextMentions(text)
    made.vocabularies = vocabularies  # the key it is kept under, even if a vocabulary changed since
    return made


def text_mentions(text: str) -> TextMentions:
    """The mentions of ``text`` (:class:`TextMentions`), the same object for the same text as long as the
    vocabularies stay as they are: rebinding one, or changing it in place, gives a new one. The 1,024
    texts last asked for are kept, those of up to 2,000 characters (a longer one is found anew).

    >>> text_mentions("Russia may not invade.") is text_mentions("Russia may not invade.")
    True
    """
    if isinstance(text, str) and len(text) > _KEPT_UP_TO:  # a long text: found anew for each caller
        return TextMentions(text)
    return _kept_mentions(text, _vocabulary_state())
