"""The topic vocabulary: the subjects a provision can be tagged with.

Provisions carry topics as lower-case slugs (``army-size``). This module holds
the known slugs with a readable name, a one-line description and keywords that
signal the topic in a text, so that tags stay consistent across versions and a
caller can look a topic up by slug, by name ("army size", "Army-size") or by
one of its aliases: the wordings analysts and the issue tracker use for the
same subject ("NATO and alliances", "humanitarian (prisoners, children)",
"ZNPP").
The built-in corpus uses only topics listed here, and its tests check that.

>>> topic("Army size").slug
'army-size'
>>> topic("NATO and alliances").slug
'nato'
>>> "nuclear-plant" in TOPICS
True
"""

from __future__ import annotations

import types
from collections.abc import Iterable, Mapping

import attrs

from ..errors import ValidationError, _LookupError
from .fields import TOPIC_PATTERN
from .records import normalise_topic

__all__ = ["TOPICS", "Topic", "UnknownTopicError", "topic"]


def _keywords(value: Iterable[str]) -> tuple[str, ...]:
    if isinstance(value, str):
        raise ValidationError(f"Topic.keywords: expected a list of words or phrases, got the string {value!r}")
    return tuple(value)


def _aliases(value: Iterable[str]) -> tuple[str, ...]:
    if isinstance(value, str):
        raise ValidationError(f"Topic.aliases: expected a list of names, got the string {value!r}")
    return tuple(value)


def _check_aliases(instance: Topic, attribute: attrs.Attribute[tuple[str, ...]], value: tuple[str, ...]) -> None:
    for i, alias in enumerate(value):
        if not isinstance(alias, str) or not normalise_topic(alias):
            raise ValidationError(
                f"Topic.aliases[{i}] of {instance.slug!r}: expected a name with at least one letter or digit, "
                f"got {alias!r}"
            )


def _check_slug(instance: Topic, attribute: attrs.Attribute[str], value: str) -> None:
    if not TOPIC_PATTERN.match(value):
        raise ValidationError(f"Topic.slug: expected a lower-case slug such as 'army-size', got {value!r}")


def _check_keywords(instance: Topic, attribute: attrs.Attribute[tuple[str, ...]], value: tuple[str, ...]) -> None:
    for i, word in enumerate(value):
        if not isinstance(word, str) or not word.strip() or word != word.strip().lower():
            raise ValidationError(
                f"Topic.keywords[{i}] of {instance.slug!r}: expected a lower-case word or phrase "
                f"without surrounding spaces, got {word!r}"
            )


@attrs.frozen(kw_only=True)
class Topic:
    """One subject of the vocabulary.

    ``keywords`` are lower-case words or phrases whose presence in a provision's
    text suggests the topic (a hint for tagging, not a classifier).
    ``aliases`` are other names a reader may look the topic up by
    (:func:`topic` compares them the way it compares names).

    >>> Topic(slug="trade", name="Trade", description="Trade deals.", keywords=["free-trade"]).keywords
    ('free-trade',)
    """

    slug: str = attrs.field(validator=_check_slug)
    name: str
    description: str
    keywords: tuple[str, ...] = attrs.field(default=(), converter=_keywords, validator=_check_keywords)
    aliases: tuple[str, ...] = attrs.field(default=(), converter=_aliases, validator=_check_aliases)


class UnknownTopicError(_LookupError):
    """No topic with that slug or name is in the vocabulary."""


def _t(slug: str, name: str, description: str, keywords: tuple[str, ...], aliases: tuple[str, ...] = ()) -> Topic:
    return Topic(slug=slug, name=name, description=description, keywords=keywords, aliases=aliases)


_ALL = (
    _t(
        "sovereignty",
        "Sovereignty",
        "Recognition of a state's sovereignty and independence.",
        ("sovereignty", "sovereign", "independence", "neutrality"),
    ),
    _t(
        "non-aggression",
        "Non-aggression",
        "Pledges or laws not to attack, and not to change lines by force.",
        ("non-aggression", "not invade", "by force", "aggression"),
    ),
    _t(
        "nato",
        "NATO",
        "NATO membership, enlargement and Russia–NATO relations.",
        ("nato", "alliance", "enlargement", "accession", "article 5"),
        ("NATO and alliances", "alliances", "NATO membership", "NATO enlargement"),
    ),
    _t(
        "security-guarantees",
        "Security guarantees",
        "Commitments by other states to defend or support Ukraine.",
        ("guarantee", "guarantees", "article 5", "security commitment", "restore peace"),
        ("guarantees", "security guarantee", "Article 5 guarantees"),
    ),
    _t(
        "army-size",
        "Army size",
        "Limits on, or the agreed size of, Ukraine's armed forces.",
        ("armed forces", "personnel", "troops", "cap", "600,000", "800,000", "army"),
        ("army cap", "troop cap", "size of the army", "armed forces"),
    ),
    _t(
        "foreign-troops",
        "Foreign troops",
        "Stationing or deployment of foreign forces in or near Ukraine.",
        ("foreign forces", "multinational force", "stationed", "deploy", "fighter jets", "military hubs"),
        ("foreign forces", "multinational force", "troop deployment"),
    ),
    _t(
        "military-aid",
        "Military aid",
        "Long-term arms supply, financing and defence-industrial cooperation.",
        ("military aid", "defence industry", "weapons", "regenerate", "defence cooperation"),
    ),
    _t(
        "eu-membership",
        "EU membership",
        "Ukraine's accession to the European Union and access to its market.",
        ("eu", "european union", "accession", "membership", "market access"),
        ("EU", "EU accession", "European Union"),
    ),
    _t(
        "reconstruction",
        "Reconstruction",
        "Rebuilding Ukraine and the funds that pay for it.",
        ("reconstruction", "rebuild", "rebuilding", "development fund", "recovery", "investment"),
        ("prosperity", "recovery", "rebuilding"),
    ),
    _t(
        "frozen-assets",
        "Frozen assets",
        "Use or release of immobilised Russian state assets.",
        ("frozen", "assets", "immobilised", "reserves", "compensation"),
        ("Russian assets", "immobilised assets", "frozen Russian assets"),
    ),
    _t(
        "sanctions",
        "Sanctions",
        "Imposing, lifting or snapping back sanctions.",
        ("sanctions", "snapback", "lifted", "eased"),
        ("sanctions relief",),
    ),
    _t(
        "economy",
        "Economy",
        "Economic cooperation, reintegration and investment deals between states.",
        ("economic cooperation", "g8", "world economy", "energy", "rare earth", "data centres"),
    ),
    _t(
        "trade",
        "Trade",
        "Trade agreements and market access.",
        ("free trade", "free-trade", "trade agreement", "grain"),
    ),
    _t(
        "arms-control",
        "Arms control",
        "Nuclear arms-control and non-proliferation treaties between powers.",
        ("start", "arms control", "non-proliferation", "treaty"),
    ),
    _t(
        "nuclear-status",
        "Nuclear status",
        "Ukraine's status as a non-nuclear-weapon state.",
        ("non-nuclear", "npt", "nuclear weapons"),
        ("non-nuclear status", "NPT"),
    ),
    _t(
        "nuclear-plant",
        "Nuclear plant",
        "The Zaporizhzhia nuclear power plant: control, operation and output.",
        ("zaporizhzhia nuclear", "znpp", "power plant", "iaea", "electricity"),
        ("ZNPP", "Zaporizhzhia nuclear plant", "Zaporizhzhia nuclear power plant", "nuclear power plant"),
    ),
    _t(
        "territory",
        "Territory",
        "Control, recognition and exchange of territory; lines of contact and buffer zones.",
        (
            "territory",
            "crimea",
            "donetsk",
            "luhansk",
            "kherson",
            "zaporizhzhia",
            "line of contact",
            "contact line",
            "demilitarised zone",
            "buffer zone",
            "recognition",
        ),
        ("territorial questions", "land", "Donbas"),
    ),
    _t(
        "ceasefire",
        "Ceasefire",
        "When and how the fighting stops.",
        ("ceasefire", "cease-fire", "truce", "hostilities"),
    ),
    _t(
        "ceasefire-monitoring",
        "Ceasefire monitoring",
        "Verifying a ceasefire and handling breaches.",
        ("monitoring", "verification", "surveillance", "early warning", "violations", "breaches"),
        ("monitoring", "verification", "ceasefire verification"),
    ),
    _t(
        "humanitarian",
        "Humanitarian",
        "Prisoners, detainees, deported children and family reunification.",
        ("prisoners", "all-for-all", "children", "detainees", "hostages", "reunification", "exchange"),
        ("humanitarian (prisoners, children)", "prisoners", "children", "prisoners and children", "POWs"),
    ),
    _t(
        "elections",
        "Elections",
        "Elections and referendums in Ukraine.",
        ("elections", "election", "referendum", "vote"),
        ("elections and referendum", "referendum"),
    ),
    _t(
        "amnesty",
        "Amnesty",
        "Amnesty for wartime acts and waiver of claims.",
        ("amnesty", "waive", "claims"),
    ),
    _t(
        "language-religion",
        "Language and religion",
        "Minority languages, religion, media and education.",
        ("language", "religion", "religious", "minority", "education", "tolerance", "nazi"),
        ("language", "religion", "language, religion and education", "minorities"),
    ),
    _t(
        "navigation",
        "Navigation",
        "Shipping on the Dnipro and the Black Sea; the Kinburn Spit.",
        ("dnipro", "black sea", "shipping", "navigation", "kinburn"),
    ),
    _t(
        "implementation",
        "Implementation",
        "Bodies, rules and ratification that put a deal into effect.",
        ("peace council", "working group", "legally binding", "ratification", "committee", "congress"),
    ),
)

TOPICS: Mapping[str, Topic] = types.MappingProxyType({t.slug: t for t in _ALL})
"""Every known topic by slug, in a reader's order (read-only)."""


def _index(topics: Iterable[Topic]) -> dict[str, Topic]:
    """Every normalised name and alias → its topic; a name claimed by two topics is a bug in the vocabulary."""
    out: dict[str, Topic] = {}
    for t in topics:
        for name in (t.name, *t.aliases):
            key = normalise_topic(name)
            other = out.get(key) or (TOPICS.get(key) if key != t.slug else None)
            if other is not None and other is not t:
                raise ValidationError(
                    f"topic name {name!r} of {t.slug!r} is already taken by {other.slug!r}; rename one"
                )
            out[key] = t
    return out


_BY_NAME = _index(_ALL)


def topic(slug_or_name: str) -> Topic:
    """The topic with this slug, name or alias; case, spaces and punctuation do not matter.

    >>> topic("nuclear plant").name
    'Nuclear plant'
    >>> topic("language and religion").slug
    'language-religion'
    >>> topic("Humanitarian (prisoners, children)").slug
    'humanitarian'
    >>> topic("weather")  # doctest: +ELLIPSIS
    Traceback (most recent call last):
    ...
    peaceplan.model.topics.UnknownTopicError: unknown topic 'weather' (as slug 'weather'); ...
    """
    key = normalise_topic(slug_or_name)
    found = TOPICS.get(key) or _BY_NAME.get(key)
    if found is None:
        raise UnknownTopicError(
            f"unknown topic {slug_or_name!r} (as slug {key!r}); expected one of: {', '.join(TOPICS)}. "
            "Use one of these slugs or a topic's name or alias, or add the topic to peaceplan.model.topics"
        )
    return found
