"""The commitments peace texts restate in other words, so that the aligner can see them through paraphrase.

Drafts of one agreement restate the same commitment in other words all the time:
"the parties cease all hostilities" and "a full and unconditional truce takes
effect"; "regional self-government is expanded" and "a constitutional amendment
grants the regions wider powers". Word overlap misses such pairs. This module
names the commitments (:data:`COMMITMENTS`: ceasefire, withdrawal, amnesty,
elections, monitoring, guarantees, reconstruction...), each with the phrasings
that state it and the topic of :mod:`peaceplan.model.topics` it belongs to;
:func:`commitments` says which of them a text states. The aligner adds one token
per commitment to a text's words, weighted by rarity like any word, so two
provisions stating the same commitment gain evidence they are one point.

>>> sorted(commitments("The parties cease all hostilities at midnight."))
['ceasefire']
>>> sorted(commitments("A full and unconditional truce takes effect."))
['ceasefire']
>>> sorted(commitments("A constitutional amendment grants the regions wider powers."))
['constitution', 'self-government']
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping

import attrs

__all__ = ["COMMITMENTS", "Commitment", "commitments"]


def _phrasings(value: Iterable[str]) -> tuple[str, ...]:
    return tuple(value)


@attrs.frozen(kw_only=True)
class Commitment:
    """A commitment peace texts state in several ways: its slug, its topic and the phrasings that state it.

    Phrasings are lower-case words or phrases matched as whole words; a phrase
    ending in ``*`` also matches longer words ("withdr*": withdraw, withdrawal).
    """

    slug: str
    topic: str
    phrasings: tuple[str, ...] = attrs.field(converter=_phrasings)


def _c(slug: str, topic: str, *phrasings: str) -> Commitment:
    return Commitment(slug=slug, topic=topic, phrasings=phrasings)


COMMITMENTS: Mapping[str, Commitment] = {
    c.slug: c
    for c in (
        _c(
            "ceasefire",
            "ceasefire",
            "ceasefire*",
            "cease-fire*",
            "truce*",
            "armistice",
            "cessation of hostilities",
            "cease all hostilities",
            "cease hostilities",
            "end hostilities",
            "end of hostilities",
            "stop the fighting",
            "fighting stops",
            "silence regime",
            "guns fall silent",
        ),
        _c(
            "withdrawal",
            "territory",
            "withdr*",
            "pull back",
            "pulls back",
            "pull out",
            "pullback",
            "redeploy*",
            "disengage*",
            "separation of forces",
        ),
        _c("buffer-zone", "territory", "demilitarised zone", "demilitarized zone", "buffer zone", "neutral zone"),
        _c("amnesty", "amnesty", "amnest*", "pardon*", "immunity from prosecution", "not be prosecuted"),
        _c("elections", "elections", "election*", "ballot*", "polls", "referend*", "vote", "votes", "voting"),
        _c(
            "monitoring",
            "ceasefire-monitoring",
            "monitor*",
            "observer*",
            "observation mission",
            "verif*",
            "inspector*",
            "inspection*",
        ),
        _c(
            "guarantees",
            "security-guarantees",
            "guarantee*",
            "guarantor*",
            "security assurance*",
            "collective defen*",
            "mutual defen*",
            "article 5",
        ),
        _c(
            "reconstruction",
            "reconstruction",
            "reconstruct*",
            "rebuild*",
            "recovery fund",
            "recovery of ukraine",
            "restoration fund",
            "development fund",
        ),
        _c(
            "prisoners",
            "humanitarian",
            "prisoner*",
            "detainee*",
            "captive*",
            "pows",
            "prisoners of war",
            "all for all",
            "all-for-all",
        ),
        _c(
            "self-government",
            "language-religion",
            "self-government",
            "self-rule",
            "autonom*",
            "devolution",
            "decentrali*",
            "special status",
            "wider powers",
            "local government",
        ),
        _c("constitution", "implementation", "constitution*"),
        _c("sanctions", "sanctions", "sanction*", "restrictive measures", "embargo*", "snapback"),
        _c("recognition", "territory", "recogni*", "de facto", "de jure"),
        _c("refugees", "humanitarian", "refugee*", "displaced", "right of return", "return home"),
        _c("neutrality", "nato", "neutral", "neutrality", "non-aligned", "non-bloc", "not join", "never join"),
        _c(
            "force-cap",
            "army-size",
            "armed forces are capped",
            "capped at",
            "limited to",
            "ceiling on",
            "troop limit*",
            "maximum strength",
        ),
    )
}
"""The built-in commitments, by slug."""


_WORD = re.compile(r"[^\W_]+")


def _words(phrase: str) -> tuple[str, ...]:
    return tuple(_WORD.findall(phrase.casefold()))


_ASCII_FOLD = bytes(ord(chr(c).casefold()) if chr(c).isascii() and chr(c).isalnum() else 32 for c in range(256))
"""Every ASCII letter casefolded, every byte but an ASCII letter or digit made a space (see :func:`_folded_words`)."""


def _folded_words(text: str) -> list[str]:
    """The words :data:`_WORD` finds in ``text`` casefolded.

    An ASCII text is cut by one translation of its bytes and a split, several times
    faster and the same words: its casefolded form is its lower-case form, and there a
    word is a run of ASCII letters and digits that every other character ends.

    >>> _folded_words("Ukraine's TRUCE_zone, 2025") == _WORD.findall("Ukraine's TRUCE_zone, 2025".casefold())
    True
    """
    if text.isascii():
        return text.encode("ascii").translate(_ASCII_FOLD).decode("ascii").split()
    return _WORD.findall(text.casefold())


_SEEN_SIZE = 100_000
"""Words whose commitments a matcher remembers; a memo so full starts again."""


class _Matcher:
    """Finds phrasings word by word: one dictionary look-up per word of a text, so long documents stay fast."""

    def __init__(self, commitments: Mapping[str, Commitment]) -> None:
        self.exact: dict[str, set[str]] = {}
        self.prefixes: dict[str, set[str]] = {}
        self.phrases: dict[str, list[tuple[tuple[str, ...], bool, str]]] = {}
        self.needs: dict[tuple[tuple[str, ...], bool], frozenset[str]] = {}  # the words a phrase's rest must have
        for c in commitments.values():
            for phrasing in c.phrasings:
                open_end = phrasing.endswith("*")
                words = _words(phrasing.rstrip("*"))
                if len(words) == 1:
                    (self.prefixes if open_end else self.exact).setdefault(words[0], set()).add(c.slug)
                elif words:
                    self.phrases.setdefault(words[0], []).append((words[1:], open_end, c.slug))
                    self.needs[words[1:], open_end] = frozenset(words[1:-1] if open_end else words[1:])
        self.starts = frozenset(self.phrases)  # the words that open a phrase
        self.lengths = sorted({len(p) for p in self.prefixes})
        self.seen: dict[str, frozenset[str]] = {}
        self.hitting: set[str] = set()  # the words of seen that state a commitment alone

    def _word(self, word: str) -> frozenset[str]:
        hits = set(self.exact.get(word, ()))
        for n in self.lengths:
            if n > len(word):
                break
            hits.update(self.prefixes.get(word[:n], ()))
        found = self.seen[word] = frozenset(hits)
        if found:
            self.hitting.add(word)
        return found

    def _forget(self) -> None:
        """Forget the words met (a memo so full starts again)."""
        self.seen.clear()
        self.hitting.clear()

    def __call__(self, text: str) -> frozenset[str]:
        words = _folded_words(text)
        distinct = set(words)
        unseen = distinct.difference(self.seen)
        if unseen:  # words not met before: looked up and remembered
            if len(self.seen) + len(unseen) > _SEEN_SIZE:
                self._forget()
                unseen = distinct
            for word in unseen:
                self._word(word)
        # the hits of its distinct words, then the phrases at the few words that open one
        seen = self.seen
        found: set[str] = set().union(*[seen[w] for w in distinct.intersection(self.hitting)])
        for start in self.starts.intersection(distinct):
            for rest, open_end, slug in self.phrases[start]:
                if slug in found or not self.needs[rest, open_end] <= distinct:
                    continue
                k = words.index(start)
                while True:
                    if self._follows(words, k, rest, open_end):
                        found.add(slug)
                        break
                    try:
                        k = words.index(start, k + 1)
                    except ValueError:
                        break
        return frozenset(found)

    @staticmethod
    def _follows(words: list[str], k: int, rest: tuple[str, ...], open_end: bool) -> bool:
        """Whether the words after ``words[k]`` are ``rest`` (the last one a prefix of its word when ``open_end``)."""
        following = words[k + 1 : k + 1 + len(rest)]
        return (
            len(following) == len(rest)
            and following[:-1] == list(rest[:-1])
            and (following[-1].startswith(rest[-1]) if open_end else following[-1] == rest[-1])
        )


_MATCH = _Matcher(COMMITMENTS)


def commitments(text: str) -> frozenset[str]:
    """The slugs of the commitments ``text`` states (see :data:`COMMITMENTS`)."""
    return _MATCH(text)
