"""Influence: whose proposals made it into the latest drafts.

Every edit on every parent → child edge of the corpus (a point added, removed,
modified, split or merged; renumbering and moves do not count) is a *change*,
credited to the proposers and drafters of the new provision (its own
attributions, else its version's). For each head version (by default every
version no other version of its document revises), each change has one fate:

* ``survives``: its wording (or, for a removal, the absence) is still there;
* ``superseded``: the point lives on, reworded again later;
* ``reverted``: the point went back to the wording before the change (or a removed point came back);
* ``dropped``: the point's lineage ends before the head;
* ``unreached``: the head does not descend from the change's version.

Descent follows curated ``derived_from`` links across documents, so a point
that migrated into another document (the 20-point plan's reconstruction point
into the prosperity plan) survives there. The word share counts the words a
party inserted (the insertions of each change's redline, all the words of an
added point) that are still in the head's text of the points descending from
the change.

With ``by="affiliation"`` the table reads per state or coalition: an envoy's
credit goes to the actor they speak for (Witkoff and Kushner to the US,
Dmitriev to Russia, Umerov to Ukraine), and a change credited to a delegation
and to its state counts once for that state.

>>> import peaceplan
>>> inf = influence(peaceplan.load_corpus(), heads=["20-point"])
>>> tally = inf.actor("e3").head("20-point")
>>> tally.survived > 0, tally.unreached > 0  # army size and Article 5 made it; the E3 branch did not
(True, True)
"""

from __future__ import annotations

import enum
import re
from collections import Counter, defaultdict
from collections.abc import Callable, Iterator, Sequence
from typing import TYPE_CHECKING, Any, Literal

import attrs

from .align import Match, MatchKind
from .descent import CARRY_KINDS, Descent, HistoryOptions, Link, Node, proposers_of
from .errors import PeaceplanError
from .history import heads as default_heads
from .model import Attribution

if TYPE_CHECKING:  # pragma: no cover
    import pandas as pd

    from .corpus import Corpus

__all__ = [
    "UNATTRIBUTED",
    "ActorInfluence",
    "ChangeFate",
    "Fate",
    "Grouping",
    "HeadTally",
    "Influence",
    "UnknownGroupingError",
    "influence",
]

Grouping = Literal["actor", "affiliation"]
"""How :func:`influence` groups credit: per credited actor, or per state or coalition an envoy speaks for."""

_GROUPINGS: tuple[str, ...] = ("actor", "affiliation")


class UnknownGroupingError(PeaceplanError, ValueError):
    """``by`` is neither ``"actor"`` nor ``"affiliation"``."""


UNATTRIBUTED = "?"
"""The actor key of changes nobody is credited with (never a valid actor id)."""

_WORD = re.compile(r"\w+")


class Fate(str, enum.Enum):
    """What became of a change by a head version."""

    SURVIVES = "survives"
    SUPERSEDED = "superseded"
    REVERTED = "reverted"
    DROPPED = "dropped"
    UNREACHED = "unreached"

    def __str__(self) -> str:
        return str(self.value)


@attrs.frozen(kw_only=True)
class ChangeFate:
    """One change on one edge, who proposed it, its inserted words, and its fate in each head."""

    parent: str
    version: str
    match: Match
    attributions: tuple[Attribution, ...]
    proposers: tuple[str, ...]
    words: int
    fates: tuple[tuple[str, Fate], ...]
    surviving_words: tuple[tuple[str, int], ...]

    @property
    def kind(self) -> MatchKind:
        """The alignment's word for the change (added, removed, modified, split, merged)."""
        return self.match.kind

    def fate(self, head: str) -> Fate:
        """What became of the change by ``head``; a head not in the table raises ``KeyError``."""
        for h, fate in self.fates:
            if h == head:
                return fate
        raise KeyError(f"{head!r} is not a head of this influence table")

    def describe(self) -> str:
        """One line: ``parent#old → version#new kind``."""
        old = "+".join(self.match.old) or "∅"
        new = "+".join(self.match.new) or "∅"
        return f"{self.parent}#{old} → {self.version}#{new} {self.kind.value}"

    def to_record(self) -> dict[str, Any]:
        """A plain dict of the change with one column per head holding its fate."""
        return {
            "parent": self.parent,
            "version": self.version,
            "old": list(self.match.old),
            "new": list(self.match.new),
            "kind": self.kind.value,
            "proposers": list(self.proposers),
            "words": self.words,
        } | {f"{head}": fate.value for head, fate in self.fates}

    def __repr__(self) -> str:
        return f"<ChangeFate {self.describe()} [{', '.join(self.proposers)}]>"


@attrs.frozen(kw_only=True)
class HeadTally:
    """One actor's changes counted by fate in one head; the five counts add up to the changes proposed."""

    head: str
    survived: int
    superseded: int
    reverted: int
    dropped: int
    unreached: int
    words: int
    surviving_words: int

    @property
    def reached(self) -> int:
        """Changes made on the way to this head."""
        return self.survived + self.superseded + self.reverted + self.dropped

    @property
    def share(self) -> float | None:
        """Share of the actor's inserted words (on the way to this head) still in it; None without any."""
        return self.surviving_words / self.words if self.words else None


@attrs.frozen(kw_only=True)
class ActorInfluence:
    """One actor's proposals and what became of them in each head.

    ``members`` are the credited actor ids rolled up into ``actor`` (only
    ``actor`` itself unless the table is grouped by affiliation).
    """

    actor: str
    proposed: int
    heads: tuple[HeadTally, ...]
    changes: tuple[ChangeFate, ...]
    members: tuple[str, ...] = ()

    def head(self, head: str) -> HeadTally:
        """This actor's tally in one head; a head not in the table raises ``KeyError`` naming the heads."""
        for tally in self.heads:
            if tally.head == head:
                return tally
        raise KeyError(f"{head!r} is not a head of this influence table; heads: {[t.head for t in self.heads]}")

    def lost(self, head: str) -> tuple[ChangeFate, ...]:
        """The changes that were reverted or dropped on the way to ``head``."""
        return tuple(c for c in self.changes if c.fate(head) in (Fate.REVERTED, Fate.DROPPED))


@attrs.frozen(kw_only=True, repr=False)
class Influence:
    """Per actor: changes proposed, and their fate in each head version."""

    heads: tuple[str, ...]
    changes: tuple[ChangeFate, ...]
    actors: tuple[ActorInfluence, ...]
    by: Grouping = "actor"

    def __iter__(self) -> Iterator[ActorInfluence]:
        return iter(self.actors)

    def __len__(self) -> int:
        return len(self.actors)

    def actor(self, actor_id: str) -> ActorInfluence:
        """The row of one actor (or party, when grouped by affiliation); ``KeyError`` says why one is missing."""
        for a in self.actors:
            if a.actor == actor_id:
                return a
        hint = (
            " (the table is grouped by affiliation: ask for the state or coalition)" if self.by == "affiliation" else ""
        )
        raise KeyError(
            f"no change is credited to {actor_id!r}{hint}; actors with changes: "
            f"{', '.join(a.actor for a in self.actors)}. Actors credited only with a version that has no "
            "parent (such as the 28-point plan's drafters) have no changes to count"
        )

    def to_records(self) -> list[dict[str, Any]]:
        """One plain row per actor and head."""
        return [
            {
                "actor": a.actor,
                "head": t.head,
                "proposed": a.proposed,
                "reached": t.reached,
                "survived": t.survived,
                "superseded": t.superseded,
                "reverted": t.reverted,
                "dropped": t.dropped,
                "unreached": t.unreached,
                "words": t.words,
                "surviving_words": t.surviving_words,
                "share": t.share,
            }
            for a in self.actors
            for t in a.heads
        ]

    def __str__(self) -> str:
        first = "party" if self.by == "affiliation" else "actor"
        lines = [f"{first:<26} {'head':<24} {'proposed':>8} {'reached':>7} {'survive':>7} {'lost':>5} {'share':>6}"]
        for a in self.actors:
            for t in a.heads:
                share = f"{t.share:.0%}" if t.share is not None else "–"
                lines.append(
                    f"{a.actor:<26} {t.head:<24} {a.proposed:>8} {t.reached:>7} {t.survived:>7} "
                    f"{t.reverted + t.dropped:>5} {share:>6}"
                )
        return "\n".join(lines)

    def _repr_html_(self) -> str:
        """The notebook display (IPython calls it; no IPython import needed)."""
        from .render.notebook import influence_html

        return influence_html(self)

    def to_frame(self) -> pd.DataFrame:
        """A pandas DataFrame with typed columns (needs the ``pandas`` extra)."""
        from .render.frames import influence_frame

        return influence_frame(self)

    def __repr__(self) -> str:
        return (
            f"<Influence by {self.by}: {len(self.changes)} changes by {len(self.actors)} actors, "
            f"heads {', '.join(self.heads)}>"
        )


def influence(
    corpus: Corpus,
    heads: Sequence[str] | None = None,
    *,
    by: Grouping = "actor",
    options: HistoryOptions | None = None,
) -> Influence:
    """Count each actor's changes over every edge of the corpus and what became of them in ``heads``.

    ``heads`` defaults to the heads of every document (:func:`peaceplan.history.heads`).
    ``by="affiliation"`` rolls every credited person up to the state or
    coalition they act for (their ``affiliation``, followed to its end), so
    each row is a party; ``by="actor"`` (the default) keeps one row per
    credited actor id.

    >>> import peaceplan
    >>> c = peaceplan.load_corpus()
    >>> inf = influence(c, heads=["20-point"])
    >>> sum(a.proposed for a in inf) >= len(inf.changes)
    True
    >>> parties = influence(c, heads=["20-point"], by="affiliation")
    >>> "witkoff" in [a.actor for a in parties], "witkoff" in parties.actor("us").members
    (False, True)
    """
    if by not in _GROUPINGS:
        raise UnknownGroupingError(
            f"influence(by={by!r}): expected 'actor' (one row per credited actor) or 'affiliation' "
            "(envoys rolled up to the state or coalition they speak for)"
        )
    descent = Descent(corpus, options)
    chosen = tuple(heads) if heads is not None else default_heads(corpus)
    for h in chosen:
        corpus.version(h)
    graph = descent.graph
    reach = {h: _reach(descent, h) for h in chosen}
    upstream = {h: set(graph.upstream(h, derivations=True)) | {h} for h in chosen}
    fates: list[ChangeFate] = []
    for vid in graph.order:
        for parent in graph.parents[vid]:
            for m in descent.matches(parent, vid):
                if m.kind in CARRY_KINDS:
                    continue
                fates.append(_fate(descent, Link(parent=parent, version=vid, match=m), chosen, reach, upstream))
    group = _party_of(corpus) if by == "affiliation" else (lambda actor: actor)
    by_actor: dict[str, list[ChangeFate]] = defaultdict(list)
    members: dict[str, dict[str, None]] = defaultdict(dict)
    for c in fates:
        keys: dict[str, None] = {}
        for actor in c.proposers or (UNATTRIBUTED,):
            key = group(actor)
            keys.setdefault(key)
            members[key].setdefault(actor)
        for key in keys:
            by_actor[key].append(c)
    actors = tuple(
        sorted(
            (_tally(actor, changes, chosen, tuple(members[actor])) for actor, changes in by_actor.items()),
            key=lambda a: (-a.proposed, a.actor),
        )
    )
    return Influence(heads=chosen, changes=tuple(fates), actors=actors, by=by)


def _party_of(corpus: Corpus) -> Callable[[str], str]:
    """A function from an actor id to the party it acts for: its affiliation, followed to its end."""
    affiliation = {a.id: a.affiliation for a in corpus.actors}

    def party(actor: str) -> str:
        seen = {actor}
        while (up := affiliation.get(actor)) is not None and up not in seen:
            seen.add(up)
            actor = up
        return actor

    return party


def _reach(descent: Descent, head: str) -> dict[int, list[str]]:
    """For every node in the descent of ``head``'s provisions, the paths of ``head`` descending from it."""
    out: dict[int, list[str]] = defaultdict(list)
    for path, node in descent.nodes(head).items():
        for n in node.lineage():
            out[id(n)].append(path)
    return out


def _words(text: str) -> Counter[str]:
    return Counter(w.casefold() for w in _WORD.findall(text))


def _fate(
    descent: Descent,
    link: Link,
    heads: tuple[str, ...],
    reach: dict[str, dict[int, list[str]]],
    upstream: dict[str, set[str]],
) -> ChangeFate:
    m = link.match
    attributions, _ = descent.credit(link.version, m.new)
    news: list[Node] = [descent.nodes(link.version)[n] for n in m.new]
    olds: list[Node] = [descent.nodes(link.parent)[o] for o in m.old]
    if m.kind is MatchKind.ADDED:
        inserted = _words(" ".join(descent.provisions(link.version)[n].text for n in m.new))
    elif m.kind is MatchKind.REMOVED:
        inserted = Counter()
    else:
        red = descent.change(link).redline
        inserted = _words(" ".join(red.inserted)) if red is not None else Counter()
    old_words = {n.wording for n in olds}
    results: list[tuple[str, Fate]] = []
    kept_words: list[tuple[str, int]] = []
    for head in heads:
        paths = reach[head]
        if link.version not in upstream[head]:
            results.append((head, Fate.UNREACHED))
            kept_words.append((head, 0))
            continue
        if m.kind is MatchKind.REMOVED:
            back = any(id(n) in paths for n in olds)
            results.append((head, Fate.REVERTED if back else Fate.SURVIVES))
            kept_words.append((head, 0))
            continue
        found = sorted({p for n in news for p in paths.get(id(n), ())})
        head_words = descent.wordings(head)
        if not found:
            fate = Fate.DROPPED
        elif any(head_words[p] == n.wording for n in news for p in paths.get(id(n), ())):
            fate = Fate.SURVIVES
        elif any(head_words[p] in old_words for p in found):
            fate = Fate.REVERTED
        else:
            fate = Fate.SUPERSEDED
        results.append((head, fate))
        text = _words(" ".join(descent.provisions(head)[p].text for p in found))
        kept_words.append((head, sum(min(count, text[w]) for w, count in inserted.items())))
    return ChangeFate(
        parent=link.parent,
        version=link.version,
        match=m,
        attributions=attributions,
        proposers=proposers_of(attributions),
        words=sum(inserted.values()),
        fates=tuple(results),
        surviving_words=tuple(kept_words),
    )


def _tally(actor: str, changes: list[ChangeFate], heads: tuple[str, ...], members: tuple[str, ...]) -> ActorInfluence:
    tallies = []
    for head in heads:
        counts = Counter(c.fate(head) for c in changes)
        reached = [c for c in changes if c.fate(head) is not Fate.UNREACHED]
        tallies.append(
            HeadTally(
                head=head,
                survived=counts[Fate.SURVIVES],
                superseded=counts[Fate.SUPERSEDED],
                reverted=counts[Fate.REVERTED],
                dropped=counts[Fate.DROPPED],
                unreached=counts[Fate.UNREACHED],
                words=sum(c.words for c in reached),
                surviving_words=sum(dict(c.surviving_words)[head] for c in reached),
            )
        )
    return ActorInfluence(
        actor=actor, proposed=len(changes), heads=tuple(tallies), changes=tuple(changes), members=members
    )
