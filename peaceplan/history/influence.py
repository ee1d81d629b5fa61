"""Influence: whose proposals made it into the latest drafts.

Every edit on every parent → child edge of the corpus (a point added, removed,
modified, split or merged; renumbering and moves do not count) is a *change*,
credited to the proposers and drafters of the new provision (its own
attributions, else its version's). With ``roots=True`` (the default) the
wording of a *root* version (one with no parent in the corpus, such as the
28-point plan) counts too: each of its provisions that does not continue an
earlier provision through ``derived_from`` is a *root contribution*, an
addition credited the same way. Without it, the largest contributor to a later
draft (the 28-point plan's drafters, Russia's Dmitriev among them) would have no
row at all. For each head version (by default every version no other version
of its document revises), each change has one fate:

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

Contested credit is never flattened: a change credited to several actors counts
for each of them, and each row also counts the changes whose credit to it rests
only on attributions marked ``contested`` (Dmitriev's and Russia's share in
drafting the 28-point plan), so the table shows how much of a party's tally is
disputed.

>>> import peaceplan
>>> inf = influence(peaceplan.load_corpus(), heads=["20-point"])
>>> tally = inf.actor("e3").head("20-point")
>>> tally.survived > 0, tally.unreached > 0  # army size and Article 5 made it; the E3 branch did not
(True, True)
>>> russia = influence(peaceplan.load_corpus(), heads=["20-point"], by="affiliation").actor("russia")
>>> russia.roots > 0, russia.contested > 0  # 28-point wording, credited to Russia on contested reports
(True, True)
"""

from __future__ import annotations

import enum
import re
from collections import Counter, defaultdict
from collections.abc import Callable, Iterable, Iterator, Sequence
from typing import TYPE_CHECKING, Any, Literal

import attrs

from .._gcpause import paused_gc
from ..compare.matches import Match, MatchKind
from ..errors import PeaceplanError, UnknownActorError, UnknownVersionError
from ..model.records import PROPOSING_ROLES, Attribution, Confidence, Version, proposers_of
from .descent import Descent, HistoryOptions, Link, Node, origin_match
from .log import heads as default_heads

if TYPE_CHECKING:  # pragma: no cover
    import pandas as pd

    from ..model.collection import CorpusData

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
    """One change on one edge (or one root contribution): who proposed it, its inserted words, its fate in each head.

    ``parent`` is None for a root contribution: a provision of a version with
    no parent, counted as added there. ``contested`` lists the proposers whose
    credit for this change rests only on attributions marked ``contested``.
    """

    parent: str | None
    version: str
    match: Match
    attributions: tuple[Attribution, ...]
    proposers: tuple[str, ...]
    words: int
    fates: tuple[tuple[str, Fate], ...]
    surviving_words: tuple[tuple[str, int], ...]
    contested: tuple[str, ...] = ()

    @property
    def kind(self) -> MatchKind:
        """The alignment's word for the change (added, removed, modified, split, merged)."""
        return self.match.kind

    @property
    def root(self) -> bool:
        """Whether this is the wording of a root version rather than a change on an edge."""
        return self.parent is None

    def fate(self, head: str) -> Fate:
        """What became of the change by ``head``; a head not in the table raises ``UnknownVersionError``."""
        for h, fate in self.fates:
            if h == head:
                return fate
        raise UnknownVersionError(
            f"{head!r} is not a head of this influence table; heads: {', '.join(h for h, _ in self.fates) or 'none'}"
        )

    def describe(self) -> str:
        """One line: ``parent#old → version#new kind``, or ``version#new root`` for a root contribution."""
        new = "+".join(self.match.new) or "∅"
        if self.parent is None:
            return f"{self.version}#{new} root"
        old = "+".join(self.match.old) or "∅"
        return f"{self.parent}#{old} → {self.version}#{new} {self.kind.value}"

    def to_record(self) -> dict[str, Any]:
        """A plain dict of the change with one column per head holding its fate."""
        return {
            "parent": self.parent,
            "version": self.version,
            "old": list(self.match.old),
            "new": list(self.match.new),
            "kind": self.kind.value,
            "root": self.root,
            "proposers": list(self.proposers),
            "contested": list(self.contested),
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
    ``contested_changes`` are the changes whose credit to this row rests only
    on attributions marked ``contested``.
    """

    actor: str
    proposed: int
    heads: tuple[HeadTally, ...]
    changes: tuple[ChangeFate, ...]
    members: tuple[str, ...] = ()
    contested_changes: tuple[ChangeFate, ...] = ()

    @property
    def roots(self) -> int:
        """How many of the counted changes are root contributions (wording of a version with no parent)."""
        return sum(1 for c in self.changes if c.root)

    @property
    def contested(self) -> int:
        """How many of the counted changes are credited to this row on contested attributions only."""
        return len(self.contested_changes)

    def head(self, head: str) -> HeadTally:
        """This actor's tally in one head; a head not in the table raises an error naming the heads."""
        for tally in self.heads:
            if tally.head == head:
                return tally
        raise UnknownVersionError(
            f"{head!r} is not a head of this influence table; heads: {', '.join(t.head for t in self.heads) or 'none'}"
        )

    def lost(self, head: str) -> tuple[ChangeFate, ...]:
        """The changes that were reverted or dropped on the way to ``head``."""
        return tuple(c for c in self.changes if c.fate(head) in (Fate.REVERTED, Fate.DROPPED))

    def _repr_html_(self) -> str:
        """The notebook display: its text under a title (IPython calls it; no IPython import needed)."""
        from ..render.notebook import text_html

        lines = [f"{self.proposed} changes proposed ({self.contested} on contested credit only)"]
        for t in self.heads:
            share = f", {t.share:.0%} of inserted words kept" if t.share is not None else ""
            lines.append(
                f"in {t.head}: {t.reached} reached, {t.survived} survive, {t.superseded} superseded, "
                f"{t.reverted} reverted, {t.dropped} dropped, {t.unreached} never reach it{share}"
            )
        return text_html(f"Influence of {self.actor}", "\n".join(lines))


@attrs.frozen(kw_only=True, repr=False)
class Influence:
    """Per actor: changes proposed, and their fate in each head version."""

    heads: tuple[str, ...]
    changes: tuple[ChangeFate, ...]
    actors: tuple[ActorInfluence, ...]
    by: Grouping = "actor"
    roots: bool = True

    def __iter__(self) -> Iterator[ActorInfluence]:
        return iter(self.actors)

    def __len__(self) -> int:
        return len(self.actors)

    def actor(self, actor_id: str) -> ActorInfluence:
        """The row of one actor (or party, when grouped by affiliation); the error says why one is missing."""
        for a in self.actors:
            if a.actor == actor_id:
                return a
        hint = (
            " (the table is grouped by affiliation: ask for the state or coalition)" if self.by == "affiliation" else ""
        )
        why = (
            ""
            if self.roots
            else ". Root versions were left out (roots=False), so actors credited only with a version that "
            "has no parent (such as the 28-point plan's drafters) have no changes to count: pass roots=True"
        )
        raise UnknownActorError(
            f"no change is credited to {actor_id!r}{hint}; actors with changes: "
            f"{', '.join(a.actor for a in self.actors)}{why}"
        )

    def to_records(self) -> list[dict[str, Any]]:
        """One plain row per actor and head."""
        return [
            {
                "actor": a.actor,
                "head": t.head,
                "proposed": a.proposed,
                "roots": a.roots,
                "contested": a.contested,
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
        lines = [
            f"{first:<26} {'head':<24} {'proposed':>8} {'roots':>5} {'contested':>9} {'reached':>7} "
            f"{'survive':>7} {'superseded':>10} {'lost':>5} {'share':>6}"
        ]
        for a in self.actors:
            for t in a.heads:
                share = f"{t.share:.0%}" if t.share is not None else "–"
                lines.append(
                    f"{a.actor:<26} {t.head:<24} {a.proposed:>8} {a.roots:>5} {a.contested:>9} {t.reached:>7} "
                    f"{t.survived:>7} {t.superseded:>10} {t.reverted + t.dropped:>5} {share:>6}"
                )
        return "\n".join(lines)

    def _repr_html_(self) -> str:
        """The notebook display (IPython calls it; no IPython import needed)."""
        from ..render.notebook import influence_html

        return influence_html(self)

    def to_frame(self) -> pd.DataFrame:
        """A pandas DataFrame with typed columns (needs the ``pandas`` extra)."""
        from ..render.frames import influence_frame

        return influence_frame(self)

    def __repr__(self) -> str:
        roots = sum(1 for c in self.changes if c.root)
        return (
            f"<Influence by {self.by}: {len(self.changes)} changes ({roots} root contributions) by "
            f"{len(self.actors)} actors, heads {', '.join(self.heads)}>"
        )


@paused_gc()  # a record per provision and version, none of them garbage (see peaceplan._gcpause)
def influence(
    corpus: CorpusData,
    heads: str | Version | Iterable[str | Version] | None = None,
    *,
    by: Grouping = "actor",
    roots: bool = True,
    options: HistoryOptions | None = None,
) -> Influence:
    """Count each actor's changes over every edge of the corpus and what became of them in ``heads``.

    ``heads`` defaults to the heads of every document (:func:`peaceplan.history.log.heads`).
    ``by="affiliation"`` rolls every credited person up to the state or
    coalition they act for (their ``affiliation``, followed to its end), so
    each row is a party; ``by="actor"`` (the default) keeps one row per
    credited actor id. ``roots=True`` (the default) also counts the wording of
    every version with no parent in the corpus: each of its provisions that
    does not continue an earlier one through ``derived_from`` is a root
    contribution, credited to the provision's proposers and drafters (else the
    version's); ``roots=False`` counts edge changes only.

    >>> import peaceplan
    >>> c = peaceplan.load_corpus()
    >>> inf = influence(c, heads=["20-point"])
    >>> sum(a.proposed for a in inf) >= len(inf.changes)
    True
    >>> parties = influence(c, heads=["20-point"], by="affiliation")
    >>> "witkoff" in [a.actor for a in parties], "witkoff" in parties.actor("us").members
    (False, True)
    >>> "dmitriev" in parties.actor("russia").members
    True
    """
    if by not in _GROUPINGS:
        raise UnknownGroupingError(
            f"influence(by={by!r}): expected 'actor' (one row per credited actor) or 'affiliation' "
            "(envoys rolled up to the state or coalition they speak for)"
        )
    descent = Descent(corpus, options)
    chosen = corpus.version_ids(heads) if heads is not None else default_heads(corpus)
    for h in chosen:
        corpus.version(h)
    graph = descent.graph
    reach = {h: _reach(descent, h) for h in chosen}
    upstream = {h: set(graph.upstream(h, derivations=True)) | {h} for h in chosen}
    fates: list[ChangeFate] = []
    head_texts: dict[tuple[str, ...], Counter[str]] = {}  # the words of a head's points, counted once
    for vid in graph.order:
        if not graph.parents[vid]:
            if roots:
                for path, node in descent.nodes(vid).items():
                    if node.prev:  # carried in through derived_from: its wording starts elsewhere
                        continue
                    fates.append(_fate(descent, None, vid, origin_match(path), chosen, reach, upstream, head_texts))
            continue
        for parent in graph.parents[vid]:
            for m in descent.changing(parent, vid):  # (a point carried over word for word is no change)
                fates.append(_fate(descent, parent, vid, m, chosen, reach, upstream, head_texts))
    group = _party_of(corpus) if by == "affiliation" else (lambda actor: actor)
    by_actor: dict[str, list[ChangeFate]] = defaultdict(list)
    disputed: dict[str, list[ChangeFate]] = defaultdict(list)
    members: dict[str, dict[str, None]] = defaultdict(dict)
    for c in fates:
        keys: dict[str, list[str]] = {}
        for actor in c.proposers or (UNATTRIBUTED,):
            key = group(actor)
            keys.setdefault(key, []).append(actor)
            members[key].setdefault(actor)
        for key, credited in keys.items():
            by_actor[key].append(c)
            if all(actor in c.contested for actor in credited):
                disputed[key].append(c)
    actors = tuple(
        sorted(
            (
                _tally(actor, changes, chosen, tuple(members[actor]), tuple(disputed[actor]))
                for actor, changes in by_actor.items()
            ),
            key=lambda a: (-a.proposed, a.actor),
        )
    )
    return Influence(heads=chosen, changes=tuple(fates), actors=actors, by=by, roots=roots)


def _party_of(corpus: CorpusData) -> Callable[[str], str]:
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


def _contested(attributions: Sequence[Attribution], proposers: Sequence[str]) -> tuple[str, ...]:
    """The proposers whose every proposing attribution here is marked contested."""
    return tuple(
        actor
        for actor in proposers
        if all(
            a.confidence is Confidence.CONTESTED for a in attributions if a.actor == actor and a.role in PROPOSING_ROLES
        )
    )


def _fate(
    descent: Descent,
    parent: str | None,
    version: str,
    m: Match,
    heads: tuple[str, ...],
    reach: dict[str, dict[int, list[str]]],
    upstream: dict[str, set[str]],
    head_texts: dict[tuple[str, ...], Counter[str]],
) -> ChangeFate:
    """The fate of one change on the edge ``parent`` → ``version`` (a root contribution when ``parent`` is None).

    ``head_texts`` keeps the words of the head points a change reached (head id, then
    paths), counted once for every change of their lineage.
    """
    attributions, _ = descent.credit(version, m.new)
    news: list[Node] = [descent.nodes(version)[n] for n in m.new]
    olds: list[Node] = [descent.nodes(parent)[o] for o in m.old] if parent is not None else []
    if m.kind is MatchKind.ADDED:
        inserted = _words(" ".join(descent.provisions(version)[n].text for n in m.new))
    elif m.kind is MatchKind.REMOVED or parent is None:
        inserted = Counter()
    else:
        red = descent.redline(Link(parent=parent, version=version, match=m))
        inserted = _words(" ".join(red.inserted)) if red is not None else Counter()
    old_words = {n.wording for n in olds}
    results: list[tuple[str, Fate]] = []
    kept_words: list[tuple[str, int]] = []
    for head in heads:
        paths = reach[head]
        if version not in upstream[head]:
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
        if not inserted:
            kept_words.append((head, 0))
            continue
        key = (head, *found)
        text = head_texts.get(key)
        if text is None:
            text = head_texts[key] = _words(" ".join(descent.provisions(head)[p].text for p in found))
        kept_words.append((head, sum(min(count, text[w]) for w, count in inserted.items())))
    proposers = proposers_of(attributions)
    return ChangeFate(
        parent=parent,
        version=version,
        match=m,
        attributions=attributions,
        proposers=proposers,
        contested=_contested(attributions, proposers),
        words=sum(inserted.values()),
        fates=tuple(results),
        surviving_words=tuple(kept_words),
    )


def _tally(
    actor: str,
    changes: list[ChangeFate],
    heads: tuple[str, ...],
    members: tuple[str, ...],
    contested: tuple[ChangeFate, ...],
) -> ActorInfluence:
    # Each change's fates and surviving words by head, read once: a lookup per head
    # instead of a scan of every head, so many heads do not cost heads² per change.
    by_head = [(c.words, dict(c.fates), dict(c.surviving_words)) for c in changes]
    tallies = []
    for head in heads:
        counts = Counter(fates[head] for _, fates, _ in by_head)
        reached = [(words, kept[head]) for words, fates, kept in by_head if fates[head] is not Fate.UNREACHED]
        tallies.append(
            HeadTally(
                head=head,
                survived=counts[Fate.SURVIVES],
                superseded=counts[Fate.SUPERSEDED],
                reverted=counts[Fate.REVERTED],
                dropped=counts[Fate.DROPPED],
                unreached=counts[Fate.UNREACHED],
                words=sum(words for words, _ in reached),
                surviving_words=sum(kept for _, kept in reached),
            )
        )
    return ActorInfluence(
        actor=actor,
        proposed=len(changes),
        heads=tuple(tallies),
        changes=tuple(changes),
        members=members,
        contested_changes=contested,
    )
