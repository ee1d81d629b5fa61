"""Evolution: what became of each point along a chain of drafts, and topics across versions.

The analyses behind the figures of :mod:`peaceplan.render.plot`, as plain
results any renderer (or a user) can read:

- :func:`evolution_of` follows a chain of versions and gives one
  :class:`Band` per top-level point and what it became in the next draft:
  kept (unchanged, renumbered or moved), modified, split, merged, dropped or
  new, with the first actor credited with the change. Bands come from
  :func:`peaceplan.compare.diff.diff` of each consecutive pair, so they say exactly
  what the diff says (no second alignment).
- :func:`topic_counts` counts, for each topic and version, the provisions on
  that topic (or the changes touching it since the version before).
- :func:`main_line` is the chain a document is usually read along: from its
  first draft to its latest head, through parent links.

:meth:`Corpus.evolution <peaceplan.corpus.Corpus.evolution>`,
:meth:`Corpus.topic_counts <peaceplan.corpus.Corpus.topic_counts>` and
:meth:`Corpus.main_line <peaceplan.corpus.Corpus.main_line>` take version ids.

>>> import peaceplan
>>> c = peaceplan.load_corpus()
>>> main_line(c, "peace-plan")
('28-point', 'geneva-19', '20-point', '20-point-2026-01')
>>> flow = evolution_of([c.version("28-point"), c.version("20-point")])
>>> [(b.old, b.new, str(b.fate), b.proposer) for b in flow.bands if b.old == "6"]
[('6', '4', 'modified', 'e3')]
"""

from __future__ import annotations

import enum
import itertools
from collections import Counter
from collections.abc import Iterable, Mapping, Sequence
from typing import TYPE_CHECKING, Any, Literal

import attrs

from ..compare.diff import Change, diff
from ..compare.matches import MatchKind
from ..errors import UnknownDocumentError, UnknownVersionError, ValidationError
from ..model.records import Actor, Version
from ..model.topics import UnknownTopicError, topic
from .log import ancestors, heads, path

if TYPE_CHECKING:  # pragma: no cover
    from ..model.collection import CorpusData

__all__ = [
    "Band",
    "Evolution",
    "PointFate",
    "TopicCounts",
    "TopicMeasure",
    "evolution_of",
    "main_line",
    "topic_counts",
]


class PointFate(str, enum.Enum):
    """What became of a top-level point from one draft to the next (a :class:`Band`'s colour)."""

    KEPT = "kept"
    MODIFIED = "modified"
    SPLIT = "split"
    MERGED = "merged"
    DROPPED = "dropped"
    NEW = "new"

    def __str__(self) -> str:
        return str(self.value)


_FATES: Mapping[MatchKind, PointFate] = {
    MatchKind.UNCHANGED: PointFate.KEPT,
    MatchKind.RENUMBERED: PointFate.KEPT,
    MatchKind.MOVED: PointFate.KEPT,
    MatchKind.REWORDED: PointFate.MODIFIED,
    MatchKind.MODIFIED: PointFate.MODIFIED,
    MatchKind.SPLIT: PointFate.SPLIT,
    MatchKind.MERGED: PointFate.MERGED,
    MatchKind.REMOVED: PointFate.DROPPED,
    MatchKind.ADDED: PointFate.NEW,
}


@attrs.frozen(kw_only=True)
class Band:
    """Point ``old`` of version ``step`` of a chain became point ``new`` of version ``step + 1``.

    ``old`` is None for a new point, ``new`` None for a dropped one; ``proposer``
    is the first actor credited with the change (None for kept points).
    """

    step: int
    old: str | None
    new: str | None
    fate: PointFate = attrs.field(converter=PointFate)
    proposer: str | None


@attrs.frozen(kw_only=True, repr=False)
class Evolution:
    """What became of each top-level point of each version of a chain in the next one.

    ``versions`` is the chain, in order; ``bands`` run step by step (step ``i``
    joins ``versions[i]`` to ``versions[i + 1]``), and within a step follow the
    diff's changes. Every top-level point of every version is at one end of at
    least one band of each step it takes part in. ``actors`` are who the
    proposers are, when the chain came from a corpus (for display names).
    """

    versions: tuple[Version, ...]
    bands: tuple[Band, ...]
    actors: tuple[Actor, ...] = ()

    def __attrs_post_init__(self) -> None:
        if len(self.versions) < 2:
            raise ValidationError(f"Evolution.versions: expected at least two versions, got {list(self.ids)}")
        last = len(self.versions) - 2
        for b in self.bands:
            if not 0 <= b.step <= last:
                raise ValidationError(
                    f"Evolution.bands: expected steps 0 to {last} for a chain of {len(self.versions)} versions, "
                    f"got a band of step {b.step} ({b.old} → {b.new})"
                )

    @property
    def ids(self) -> tuple[str, ...]:
        """The ids of the chain's versions, in order."""
        return tuple(v.id for v in self.versions)

    @property
    def steps(self) -> tuple[tuple[Band, ...], ...]:
        """The bands of each step: ``steps[i]`` joins ``versions[i]`` to ``versions[i + 1]``."""
        return tuple(tuple(b for b in self.bands if b.step == i) for i in range(len(self.versions) - 1))

    def proposers(self) -> tuple[tuple[str, int], ...]:
        """``(actor, bands)`` for every actor credited with a band, the most bands first, then by id.

        >>> import peaceplan
        >>> flow = peaceplan.load_corpus().evolution(["28-point", "20-point"])
        >>> dict(flow.proposers())["e3"] > 0
        True
        """
        counts = Counter(b.proposer for b in self.bands if b.proposer is not None)
        return tuple(sorted(counts.items(), key=lambda item: (-item[1], item[0])))

    def to_records(self) -> list[dict[str, Any]]:
        """One plain dict per band: the step, both versions' ids, both labels, the fate and the proposer."""
        return [
            {
                "step": b.step,
                "old_version": self.versions[b.step].id,
                "new_version": self.versions[b.step + 1].id,
                "old": b.old,
                "new": b.new,
                "fate": b.fate.value,
                "proposer": b.proposer,
            }
            for b in self.bands
        ]

    def __repr__(self) -> str:
        fates = Counter(b.fate.value for b in self.bands)
        shown = ", ".join(f"{n} {fate}" for fate, n in sorted(fates.items()))
        return f"<Evolution {' → '.join(self.ids)}: {len(self.bands)} bands ({shown})>"


def _owner(path: str, labels: Sequence[str]) -> str:
    """The top-level label a path belongs to: itself, or the longest label it extends ("10" for "10.b")."""
    if path in labels:
        return path
    owners = [label for label in labels if path.startswith(f"{label}.")]
    return max(owners, key=len) if owners else path


def _step_bands(step: int, old: Version, new: Version) -> list[Band]:
    """The bands between the top-level points of ``old`` and ``new``, from their diff.

    A change between sub-points counts for their top-level points only when
    those points have no top-level match of their own.
    """
    d = diff(old, new)
    old_labels, new_labels = set(old.labels), set(new.labels)
    top = [c for c in d.entries if set(c.old_labels) <= old_labels and set(c.new_labels) <= new_labels]
    rest = [c for c in d.entries if c not in top]
    covered_old = {label for c in top for label in c.old_labels}
    covered_new = {label for c in top for label in c.new_labels}
    chosen: list[tuple[Change, tuple[str, ...], tuple[str, ...]]] = [(c, c.old_labels, c.new_labels) for c in top]
    for c in rest:
        olds = tuple(dict.fromkeys(_owner(label, old.labels) for label in c.old_labels))
        news = tuple(dict.fromkeys(_owner(label, new.labels) for label in c.new_labels))
        if set(olds) - covered_old or set(news) - covered_new:
            chosen.append((c, olds, news))
            covered_old |= set(olds)
            covered_new |= set(news)
    bands: list[Band] = []
    seen: set[tuple[str | None, str | None]] = set()
    for c, olds, news in chosen:
        fate = _FATES[c.kind]
        proposer = c.proposers[0] if c.proposers and fate is not PointFate.KEPT else None
        olds_: list[str | None] = list(olds) or [None]
        news_: list[str | None] = list(news) or [None]
        for o in olds_:
            for n in news_:
                if (o, n) not in seen:
                    seen.add((o, n))
                    bands.append(Band(step=step, old=o, new=n, fate=fate, proposer=proposer))
    return bands


def evolution_of(versions: Iterable[Version], *, actors: Iterable[Actor] = ()) -> Evolution:
    """The bands between the top-level points of each pair of consecutive ``versions``.

    ``versions`` is the chain, in order (at least two); ``actors`` are kept on
    the result so that a renderer can name the proposers.

    >>> import peaceplan
    >>> c = peaceplan.load_corpus()
    >>> flow = evolution_of([c.version("28-point"), c.version("geneva-19")])
    >>> flow.ids, len(flow.steps)
    (('28-point', 'geneva-19'), 1)
    """
    chain = tuple(versions)
    if len(chain) < 2:
        raise ValidationError(f"an evolution needs at least two versions, got {[v.id for v in chain]}")
    bands = [b for step, (old, new) in enumerate(itertools.pairwise(chain)) for b in _step_bands(step, old, new)]
    return Evolution(versions=chain, bands=tuple(bands), actors=tuple(actors))


def main_line(corpus: CorpusData, document_id: str | None = None) -> tuple[str, ...]:
    """The chain a document is read along: from its first draft to its latest head, through parents.

    The latest head is the one that comes last in the corpus's order (parents
    first, then by date); the chain is the shortest path of parent links to it
    from the oldest of its ancestors in the same document. ``document_id``
    defaults to the corpus's first document.

    >>> import peaceplan
    >>> c = peaceplan.load_corpus()
    >>> main_line(c, "us-guarantee")
    ('us-guarantee-2025-11', 'us-guarantee-2025-12', 'us-guarantee-2026-01')
    >>> main_line(c, "uk-france-declaration")
    ('uk-france-declaration',)
    """
    if document_id is None:
        if not corpus.documents:
            raise UnknownDocumentError(f"corpus {corpus.name!r} has no document, so no main line")
        document_id = corpus.documents[0].id
    tips = heads(corpus, document_id)
    if not tips:
        raise UnknownVersionError(f"document {document_id!r} of corpus {corpus.name!r} has no version")
    head = tips[-1]
    same = [vid for vid in ancestors(corpus, head) if corpus.version(vid).document == document_id]
    if not same:
        return (head,)
    found = path(corpus, same[0], head)
    return found if found is not None else (head,)


# --- topics across versions ----------------------------------------------------------------

TopicMeasure = Literal["provisions", "changes"]
"""What a :class:`TopicCounts` cell counts: provisions on the topic, or changes touching it."""


def _topic_name(slug: str) -> str:
    try:
        return topic(slug).name
    except UnknownTopicError:  # a corpus's own topic, outside the shipped vocabulary
        return slug.replace("-", " ")


@attrs.frozen(kw_only=True, repr=False)
class TopicCounts:
    """Per topic (a row), per version (a column): how many provisions are on it, or changes touch it.

    With ``value == "changes"`` a cell counts the changes touching the topic
    between its version and the column before (None in the first column).
    ``topics`` are slugs, from the most to the least counted; ``names`` their
    display names, in the same order.
    """

    value: TopicMeasure
    topics: tuple[str, ...]
    names: tuple[str, ...]
    versions: tuple[str, ...]
    rows: tuple[tuple[int | None, ...], ...]

    def count(self, topic: str, version: str) -> int | None:
        """The cell of ``topic`` (a slug) and ``version`` (an id).

        >>> import peaceplan
        >>> peaceplan.load_corpus().topic_counts(["28-point", "20-point"]).count("army-size", "20-point")
        1
        """
        if topic not in self.topics:
            raise UnknownTopicError(f"no topic {topic!r} among the counts; counted: {', '.join(self.topics) or 'none'}")
        if version not in self.versions:
            raise UnknownVersionError(f"no version {version!r} among the counts; counted: {', '.join(self.versions)}")
        return self.rows[self.topics.index(topic)][self.versions.index(version)]

    def to_records(self) -> list[dict[str, Any]]:
        """One plain dict per cell: topic, name, version and count."""
        return [
            {"topic": t, "name": name, "version": vid, self.value: x}
            for t, name, row in zip(self.topics, self.names, self.rows, strict=True)
            for vid, x in zip(self.versions, row, strict=True)
        ]

    def __repr__(self) -> str:
        return f"<TopicCounts of {self.value}: {len(self.topics)} topics × {len(self.versions)} versions>"


def topic_counts(versions: Iterable[Version], *, value: TopicMeasure = "provisions") -> TopicCounts:
    """For each topic and version of ``versions``, the number of provisions on it (``value="provisions"``).

    With ``value="changes"``, the number of changes touching the topic between
    each version and the one before it in ``versions`` (None for the first).
    Topics run from the most to the least counted, then by slug.

    >>> import peaceplan
    >>> c = peaceplan.load_corpus()
    >>> counts = topic_counts([c.version("28-point"), c.version("20-point")])
    >>> counts.rows[counts.topics.index("army-size")]
    (1, 1)
    """
    if value not in ("provisions", "changes"):
        raise ValidationError(f"value: expected 'provisions' or 'changes', got {value!r}")
    chosen = tuple(versions)
    slugs = sorted({t for v in chosen for _, p in v.walk() for t in p.topics})
    table: dict[str, list[int | None]] = {t: [] for t in slugs}
    for i, v in enumerate(chosen):
        if value == "provisions":
            tagged = Counter(t for _, p in v.walk() for t in set(p.topics))  # the slugs as stored, not re-normalised
            for t in slugs:
                table[t].append(tagged[t])
            continue
        if i == 0:
            for t in slugs:
                table[t].append(None)
            continue
        counted: Counter[str] = Counter()
        for c in diff(chosen[i - 1], v):
            counted.update({t for p in (*c.old, *c.new) for _, q in p.walk() for t in q.topics})
        for t in slugs:
            table[t].append(counted[t])
    order = sorted(slugs, key=lambda t: (-sum(x or 0 for x in table[t]), t))
    return TopicCounts(
        value=value,
        topics=tuple(order),
        names=tuple(_topic_name(t) for t in order),
        versions=tuple(v.id for v in chosen),
        rows=tuple(tuple(table[t]) for t in order),
    )
