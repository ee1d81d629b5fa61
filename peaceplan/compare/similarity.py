"""Text features for alignment: normalised keys, weighted tokens, similarity scores.

The aligner (:mod:`peaceplan.compare.align`) needs three things from a provision's text:

* an exact key (:func:`exact_key`: casefolded, whitespace collapsed), so identical
  points are paired by hashing;
* a bag of content tokens (:func:`token_bag`): stop words dropped, a light suffix
  stemmer so "guarantees" meets "guarantee", thousands separators removed so
  "600,000" meets "600000", numbers and capitalised names flagged because they
  identify a clause better than legal boilerplate does;
* a score (:func:`similarity`) that survives paraphrase. Word-level overlap
  weighted by rarity (:class:`Weights`, IDF computed on the points being
  compared) carries the meaning; rapidfuzz's compiled ``token_sort_ratio`` adds
  character-level evidence for inflections and spelling variants.

:class:`TokenIndex` is an inverted index over rare tokens: it proposes a bounded
number of candidate partners per point, which keeps alignment near-linear instead
of comparing all pairs.

``exact_key`` and ``token_bag`` were called ``normalise`` and ``tokenise``, names
:mod:`peaceplan.compare.redline` uses for other things; the old names still work, with a
:class:`DeprecationWarning`, for one release.
"""

from __future__ import annotations

import heapq
import math
import re
import warnings
from collections import Counter, defaultdict
from collections.abc import Iterable, Mapping, Sequence
from itertools import chain
from typing import Any

import attrs
from rapidfuzz import fuzz

__all__ = [
    "STOPWORDS",
    "Bag",
    "TokenIndex",
    "Weights",
    "best_container",
    "char_ratio",
    "containment",
    "coverage",
    "covering_parts",
    "exact_key",
    "similarity",
    "sorted_words",
    "stem",
    "token_bag",
]

STOPWORDS = frozenset(
    [
        "a",
        "about",
        "after",
        "all",
        "also",
        "an",
        "and",
        "any",
        "are",
        "as",
        "at",
        "be",
        "been",
        "before",
        "being",
        "between",
        "both",
        "but",
        "by",
        "can",
        "could",
        "do",
        "does",
        "each",
        "either",
        "for",
        "from",
        "had",
        "has",
        "have",
        "he",
        "her",
        "his",
        "if",
        "in",
        "into",
        "is",
        "it",
        "its",
        "may",
        "might",
        "must",
        "no",
        "nor",
        "not",
        "of",
        "on",
        "or",
        "other",
        "our",
        "over",
        "own",
        "per",
        "same",
        "shall",
        "should",
        "so",
        "such",
        "than",
        "that",
        "the",
        "their",
        "them",
        "then",
        "there",
        "these",
        "they",
        "this",
        "those",
        "through",
        "to",
        "under",
        "until",
        "upon",
        "was",
        "we",
        "were",
        "what",
        "when",
        "where",
        "whether",
        "which",
        "while",
        "who",
        "will",
        "with",
        "within",
        "would",
        "you",
    ]
)
"""Words ignored for alignment: they occur in every clause and identify none."""

_WORD = re.compile(r"[^\W_]+(?:['’][^\W_]+)*")
# Thousands grouped by a comma, a space, or a no-break, narrow no-break or thin space ("600\u00a0000").
_THOUSANDS = re.compile(r"(?<=\d)[, \u00a0\u202f\u2009](?=\d{3}(?!\d))")
_MAYBE_THOUSANDS = re.compile(r"\d[, \u00a0\u202f\u2009]\d{3}")
"""What every text :data:`_THOUSANDS` changes holds: most texts have none, and this is found faster."""
_STEMS: dict[str, str] = {}

_MEMO_SIZE = 200_000
"""Words whose stem (``_STEMS``) and token (``_TOKENS``) are remembered per process; a memo so full starts again."""

NUMBER_WEIGHT = 1.6
NAME_WEIGHT = 1.3


def exact_key(text: str) -> str:
    """The exact-comparison form of a text: casefolded, whitespace collapsed.

    >>> exact_key("  The Parties\\n SHALL  agree. ")
    'the parties shall agree.'
    """
    folded = text.casefold()
    if folded.isprintable() and "  " not in folded and folded == folded.strip():
        return folded  # the common case, without splitting
    return " ".join(folded.split())


def stem(word: str) -> str:
    """A deliberately crude suffix stripper for casefolded English words.

    It only has to map inflections of one word to one key, not produce a word.

    >>> [stem(w) for w in ("guarantees", "guarantee", "guaranteed", "parties", "party", "capped", "cap")]
    ['guarantee', 'guarantee', 'guarantee', 'party', 'party', 'cap', 'cap']
    """
    cached = _STEMS.get(word)
    if cached is not None:
        return cached
    out = word
    if len(word) > 3 and not any(c.isdigit() for c in word):
        if word.endswith("'s") or word.endswith("’s"):
            out = out[:-2]
        if out.endswith("ies") and len(out) > 4:
            out = out[:-3] + "y"
        elif out.endswith("ing") and len(out) > 5:
            out = out[:-3]
        elif out.endswith("eed"):
            out = out[:-1]
        elif out.endswith("ed") and len(out) > 4:
            out = out[:-2]
        elif out.endswith("s") and not out.endswith("ss") and len(out) > 3:
            out = out[:-1]
        if (len(out) > 3 and out[-1] == out[-2] and out[-1] not in "aeiouls" and out != word) or (
            out.endswith("e") and not out.endswith("ee") and len(out) > 3
        ):
            out = out[:-1]
    if len(_STEMS) >= _MEMO_SIZE:
        _STEMS.clear()
    _STEMS[word] = out
    return out


Bag = Mapping[str, float]
"""Content tokens of a text, each with a multiplier (numbers and names count extra)."""


def token_bag(text: str) -> dict[str, float]:
    """The content tokens of ``text`` with their multipliers.

    >>> sorted(token_bag("Ukraine's armed forces are capped at 600,000 personnel by NATO.").items())
    [('600000', 1.6), ('arm', 1.0), ('cap', 1.0), ('forc', 1.0), ('nato', 1.3), ('personnel', 1.0), ('ukrain', 1.0)]
    """
    bag: dict[str, float] = {}
    known_word = _TOKENS.get
    words = _words(_THOUSANDS.sub("", text) if _MAYBE_THOUSANDS.search(text) else text)
    infos = [known_word(raw) or _word_info(raw) for raw in words]
    if infos and infos[0][2]:  # a capital opening the text marks no name
        infos[0] = (infos[0][0], 1.0, True)
    known = bag.get
    for tok, mult, _ in infos:
        if tok and known(tok, 0.0) < mult:
            bag[tok] = mult
    return bag


_TOKENS: dict[str, tuple[str, float, bool]] = {}

_ASCII_SPACES = bytes(c if chr(c).isascii() and chr(c).isalnum() else 32 for c in range(256))
"""Every byte but an ASCII letter or digit made a space (see :func:`_words`)."""


def _words(text: str) -> list[str]:
    """The words of ``text`` as :data:`_WORD` finds them.

    An ASCII text without an apostrophe is cut by one translation of its bytes and a
    split, several times faster than the expression and the same words: there a word
    is a run of ASCII letters and digits, and every other character parts two words.

    >>> text = "Ukraine-based forces: 600000 personnel_max"  # (ASCII, no apostrophe: cut without the expression)
    >>> _words(text) == _WORD.findall(text)
    True
    """
    if text.isascii() and "'" not in text:
        return text.encode("ascii").translate(_ASCII_SPACES).decode("ascii").split()
    return _WORD.findall(text)


def _word_info(raw: str) -> tuple[str, float, bool]:
    """:func:`_classify` of a word not met before, remembered."""
    info = _classify(raw)
    if len(_TOKENS) >= _MEMO_SIZE:
        _TOKENS.clear()
    _TOKENS[raw] = info
    return info


def _classify(raw: str) -> tuple[str, float, bool]:
    """``(token, multiplier, capitalised)`` of one word; the token is empty for a stop word."""
    low = raw.casefold()
    if low in STOPWORDS:
        return "", 0.0, False
    if any(c.isdigit() for c in low):
        return low, NUMBER_WEIGHT, False
    if raw[0].isupper():
        return stem(low), NAME_WEIGHT, True
    return stem(low), 1.0, False


@attrs.frozen(kw_only=True)
class Weights:
    """Token weights for one alignment problem: rarity (IDF) times the token's multiplier.

    Document frequency is counted per side and the larger side count is used,
    so a word that one old point and one new point share is not treated as
    common: sharing is what a matched pair does.

    >>> w = Weights.fit([{"ceasefire": 1.0, "party": 1.0}, {"party": 1.0}], [{"party": 1.0}, {"zone": 1.0}])
    >>> w.idf["ceasefire"] > w.idf["party"]
    True
    """

    idf: dict[str, float]
    default: float
    size: int

    @classmethod
    def fit(cls, old: Sequence[Bag], new: Sequence[Bag]) -> Weights:
        df = Counter(chain.from_iterable(old))  # (a bag yields its tokens)
        known = df.get
        for t, count in Counter(chain.from_iterable(new)).items():
            if count > known(t, 0):
                df[t] = count  # the larger side's count
        n = max(len(old), len(new), 1)
        rarity = {count: math.log(1.0 + n / count) for count in set(df.values())}  # (few distinct counts)
        return cls(idf={t: rarity[count] for t, count in df.items()}, default=math.log(1.0 + n), size=n)

    def weigh(self, bag: Bag) -> dict[str, float]:
        """Multiply each token's multiplier by its IDF."""
        idf, default = self.idf, self.default
        return {t: m * idf.get(t, default) for t, m in bag.items()}


def _shared(a: Mapping[str, float], b: Mapping[str, float]) -> float:
    """Weight, in ``a``, of the tokens ``a`` and ``b`` share."""
    return sum(map(a.__getitem__, a.keys() & b.keys()))


def containment(part: Mapping[str, float], whole: Mapping[str, float]) -> float:
    """Share of ``part``'s token weight found in ``whole`` (1.0: every word of part is in whole).

    >>> containment({"a": 1.0, "b": 1.0}, {"a": 2.0, "c": 5.0})
    0.5
    """
    total = sum(part.values())
    if not total:
        return 0.0
    return _shared(part, whole) / total


def coverage(whole: Mapping[str, float], parts: Iterable[Mapping[str, float]]) -> float:
    """Share of ``whole``'s token weight found in at least one of ``parts``.

    >>> coverage({"a": 1.0, "b": 1.0, "c": 2.0}, [{"a": 1.0}, {"c": 1.0}])
    0.75
    """
    total = sum(whole.values())
    if not total:
        return 0.0
    seen: set[str] = set()
    for p in parts:
        seen.update(filter(whole.__contains__, p))
    return sum(map(whole.__getitem__, seen)) / total


def best_container(part: Mapping[str, float], wholes: Mapping[int, Mapping[str, float]], floor: float) -> int | None:
    """The key of the whole that contains most of ``part`` (at least ``floor`` of it), or None.

    >>> best_container({"zone": 1.0, "fund": 1.0}, {7: {"zone": 1.0}, 8: {"zone": 1.0, "fund": 1.0}}, 0.6)
    8
    """
    best, best_c = None, floor
    total = sum(part.values())  # (containment's denominator, summed once)
    for key, whole in wholes.items():
        c = _shared(part, whole) / total if total else 0.0
        if c >= best_c:
            best, best_c = key, c
    return best


def covering_parts(
    whole: Mapping[str, float],
    kept: Sequence[Mapping[str, float]],
    parts: Mapping[int, Mapping[str, float]],
    gain: float,
) -> list[int]:
    """The keys of the ``parts`` that each add at least ``gain`` coverage of ``whole`` beyond ``kept``, sorted.

    Parts are taken greedily, largest gain first: this is how a split (or merge)
    shows that every part carries a distinct share of the text.

    >>> covering_parts({"a": 1.0, "b": 1.0, "c": 1.0}, [{"a": 1.0}], {1: {"b": 1.0}, 2: {"a": 1.0}}, 0.2)
    [1]
    """
    chosen: list[int] = []
    covered = list(kept)
    base = coverage(whole, covered)
    remaining = dict(parts)
    while remaining:
        added, key = max((coverage(whole, [*covered, w]) - base, -k) for k, w in remaining.items())
        if added < gain:
            break
        chosen.append(-key)
        covered.append(remaining.pop(-key))
        base += added
    return sorted(chosen)


_NOT_SPLIT = ("\x85", "\xa0")
"""Characters Python's ``str.split`` cuts at and rapidfuzz's ``token_sort_ratio`` does not."""


def sorted_words(text: str) -> str | None:
    """The words of ``text`` sorted and joined by single spaces, as rapidfuzz's ``token_sort_ratio`` compares them.

    A text compared with many others is sorted once: :func:`similarity` given the sorted
    words of both texts scores exactly as it would from the texts. None for a text
    holding a character the two split differently at (NEL, no-break space): such a text is
    compared from its own words.

    >>> sorted_words("the parties agree")
    'agree parties the'
    >>> sorted_words("a\xa0b") is None
    True
    """
    if not text.isascii() and any(c in text for c in _NOT_SPLIT):  # (an ASCII text holds neither)
        return None
    return " ".join(sorted(text.split()))


def similarity(
    a_text: str,
    b_text: str,
    a: Mapping[str, float],
    b: Mapping[str, float],
    *,
    token_weight: float = 0.6,
    a_total: float | None = None,
    b_total: float | None = None,
    a_sorted: str | None = None,
    b_sorted: str | None = None,
    chars: float | None = None,
) -> float:
    """How alike two texts are, in [0, 1]: weighted token Dice blended with rapidfuzz ``token_sort_ratio``.

    ``a_text``/``b_text`` are normalised texts, ``a``/``b`` their weighted tokens (``a_total``/``b_total``
    their total weights, when the caller already knows them; ``a_sorted``/``b_sorted`` their
    :func:`sorted_words`, when the caller keeps them; ``chars`` their :func:`char_ratio`, when the
    caller has it: the score is the same).

    >>> similarity("the parties agree", "the parties agree", {"party": 1.0, "agre": 1.0}, {"party": 1.0, "agre": 1.0})
    1.0
    >>> similarity("a zone", "a fund", {"zone": 1.0}, {"fund": 1.0}) < 0.5
    True
    """
    if a_text == b_text:
        return 1.0
    total = (a_total if a_total is not None else sum(a.values())) + (
        b_total if b_total is not None else sum(b.values())
    )
    common = a.keys() & b.keys()
    dice = (sum([a[t] for t in common]) + sum([b[t] for t in common])) / total if total else 0.0
    if chars is None:
        chars = char_ratio(a_text, b_text, a_sorted, b_sorted)
    return float(token_weight * dice + (1.0 - token_weight) * chars)


def char_ratio(a_text: str, b_text: str, a_sorted: str | None = None, b_sorted: str | None = None) -> float:
    """The character evidence of :func:`similarity`: rapidfuzz's ``token_sort_ratio`` of the texts, in [0, 1].

    From their :func:`sorted_words` when both are given (the same ratio, the words sorted once per text).

    >>> char_ratio("the parties agree", "parties the agree")
    1.0
    """
    if a_sorted is not None and b_sorted is not None:
        return fuzz.ratio(a_sorted, b_sorted, processor=None) / 100.0
    return fuzz.token_sort_ratio(a_text, b_text, processor=None) / 100.0


@attrs.frozen(kw_only=True)
class TokenIndex:
    """An inverted index from rare tokens to the points (by position in a list) that contain them.

    ``candidates(bag)`` looks up only the ``query_tokens`` rarest tokens of a
    query and skips posting lists longer than ``max_postings`` (boilerplate
    words), so each query costs a bounded amount whatever the document size.
    The ``rerank`` × ``limit`` best of those are ranked again by the weight of
    every word they share with the query (``bags``: the indexed bags), so points
    tied on one rare word are told apart by the common ones.

    >>> index = TokenIndex.build([{"zone": 2.0, "party": 0.1}, {"fund": 2.0, "party": 0.1}])
    >>> index.candidates({"fund": 2.0, "party": 0.1}, limit=1)
    [1]
    """

    postings: dict[str, list[int]]
    bags: Sequence[Mapping[str, float]] = ()
    query_tokens: int = 10
    max_postings: int = 64
    rerank: int = 3

    @classmethod
    def build(
        cls, bags: Sequence[Mapping[str, float]], *, query_tokens: int = 10, max_postings: int = 64
    ) -> TokenIndex:
        postings: dict[str, list[int]] = defaultdict(list)
        for i, bag in enumerate(bags):
            for t in bag:
                postings[t].append(i)
        return cls(postings=dict(postings), bags=bags, query_tokens=query_tokens, max_postings=max_postings)

    def candidates(self, bag: Mapping[str, float], *, limit: int) -> list[int]:
        """Up to ``limit`` indexed points sharing the most rare-token weight with ``bag``, best first."""
        postings, cap = self.postings, self.max_postings
        usable = [(w, t) for t, w in bag.items() if 0 < len(postings.get(t, ())) <= cap]
        if len(usable) > self.query_tokens:
            usable = heapq.nlargest(self.query_tokens, usable)
        scores: dict[int, float] = defaultdict(float)
        for w, t in usable:
            for i in postings[t]:
                scores[i] += w
        if len(scores) <= limit:
            return sorted(scores, key=lambda i: (-scores[i], i))
        best = heapq.nlargest(limit * self.rerank, scores.items(), key=_second)
        if self.bags and len(best) > limit:
            # rare words only shortlist: the weight of every shared word ranks the shortlist
            bags = self.bags
            best = heapq.nlargest(limit, ((i, _shared(bag, bags[i])) for i, _ in best), key=_second)
        return [i for i, _ in best[:limit]]


def _second(item: tuple[int, float]) -> float:
    return item[1]


_RENAMED = {"normalise": "exact_key", "tokenise": "token_bag"}


def __getattr__(name: str) -> Any:
    """The old names of :func:`exact_key` and :func:`token_bag`, with a :class:`DeprecationWarning`."""
    new = _RENAMED.get(name)
    if new is None:
        raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
    warnings.warn(
        f"peaceplan.compare.similarity.{name} is deprecated and will be removed: it is called {new} now "
        f"(peaceplan.compare.redline has a {name} of its own, a different thing)",
        DeprecationWarning,
        stacklevel=2,
    )
    return globals()[new]
