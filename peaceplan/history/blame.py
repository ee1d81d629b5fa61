"""Blame: where each provision's current wording came from, and who put it there.

For every provision of a version (sub-points included), :func:`blame` names the
version in which its current wording first appeared, who proposed it there,
and the chain of steps back to its origin. It follows the provision through
the diff engine's alignment of each edge of the lineage (so renumbering, moves,
splits and merges are followed, never line positions) and through curated
``derived_from`` links, which may skip versions or cross documents.

A provision first seen in a version with no parents is marked
``predates_corpus``: the corpus holds no earlier text of it, so its wording
may be older (the 28-point plan's points were reportedly drafted from earlier
Russian papers).

Each edge is aligned once and a provision's chain holds only the steps that
changed its wording (or split or merged it), so blaming the last of a hundred
drafts costs about a hundred cheap alignments. A step that changed the wording is
compared word by word only for its verdict (:attr:`BlameStep.verdict`); the full
change (redline, findings) is computed only when asked for (:attr:`BlameLine.change`).

>>> import peaceplan
>>> b = blame(peaceplan.load_corpus(), "20-point")
>>> line = b["4"]
>>> line.introduced.version, line.origin.version, line.origin.label
('20-point', '28-point', '6')
>>> line.proposers
('e3',)
"""

from __future__ import annotations

import functools
from collections.abc import Callable, Iterator
from typing import TYPE_CHECKING, Any

import attrs

from .._gcpause import paused_gc
from ..compare.diff import Change
from ..compare.matches import MatchKind
from ..errors import UnknownProvisionError
from ..model.records import Attribution, ProvisionRef, Source, Version, proposers_of
from .descent import Descent, HistoryOptions, Node

if TYPE_CHECKING:  # pragma: no cover
    import pandas as pd

    from ..model.collection import CorpusData

__all__ = ["Blame", "BlameLine", "BlameStep", "blame"]


@attrs.frozen(kw_only=True)
class BlameStep:
    """One step of a provision's history: the version, what happened there, and who did it.

    ``came_from`` names the provisions the step drew on (none for an origin);
    ``curated`` is true when the step follows a ``derived_from`` link rather
    than the alignment of a parent edge. ``kind`` is the alignment's word
    (``modified`` covers rewording); :attr:`verdict` is the diff engine's finer
    one (``reworded`` or ``modified``), which records and printed steps show.
    """

    version: str
    label: str
    kind: MatchKind
    came_from: tuple[ProvisionRef, ...] = ()
    curated: bool = False
    attributions: tuple[Attribution, ...] = ()
    sources: tuple[Source, ...] = ()
    _load_change: Callable[[], Change] | None = attrs.field(
        default=None, eq=False, repr=False, hash=False, alias="load_change"
    )
    _load_verdict: Callable[[], MatchKind] | None = attrs.field(
        default=None, eq=False, repr=False, hash=False, alias="load_verdict"
    )

    @property
    def verdict(self) -> MatchKind:
        """What the diff calls this step: ``reworded`` or ``modified`` where the alignment says ``modified``.

        Telling them apart takes the step's redline (and, when the redline reads as a
        rewording, whether the step has any finding), so it is computed when first
        asked for, without the step's change record, and kept in the disk cache for
        the next run; every other kind is the alignment's.

        >>> import peaceplan
        >>> step = blame(peaceplan.load_corpus(), "20-point")["11"].introduced
        >>> step.kind.value, step.verdict.value
        ('modified', 'reworded')
        """
        if self.kind is MatchKind.MODIFIED:
            if self._load_verdict is not None:  # the kind alone, without the step's records
                return self._load_verdict()
            if self._load_change is not None:
                return self._load_change().kind
        return self.kind

    @property
    def proposers(self) -> tuple[str, ...]:
        """Actors credited as proposer or drafter of this step."""
        return proposers_of(self.attributions)

    @property
    def ref(self) -> ProvisionRef:
        return ProvisionRef(self.version, self.label)

    def to_record(self) -> dict[str, Any]:
        return {
            "version": self.version,
            "label": self.label,
            "kind": self.verdict.value,
            "came_from": [str(r) for r in self.came_from],
            "curated": self.curated,
            "proposers": list(self.proposers),
            "attributions": [_credit_text(a) for a in self.attributions],
            "sources": [s.id for s in self.sources],
        }

    def __str__(self) -> str:
        came = f" from {', '.join(str(r) for r in self.came_from)}" if self.came_from else ""
        who = f" [{', '.join(self.proposers)}]" if self.proposers else ""
        return f"{self.ref} {self.verdict.value}{came}{who}"


def _credit_text(a: Attribution) -> str:
    return f"{a.actor} ({a.role.value}, {a.confidence.value})"


@attrs.frozen(kw_only=True)
class BlameLine:
    """The blame of one provision: where its current wording first appeared, and its history.

    ``steps`` run from the newest back to the origin(s); a merged provision has
    several origins. :attr:`change` is the full change (redline, findings) of
    the step that introduced the current wording, computed when first asked for.
    """

    label: str
    text: str
    introduced: BlameStep
    steps: tuple[BlameStep, ...]
    origins: tuple[BlameStep, ...]
    predates_corpus: bool
    _load_change: Callable[[], Change] = attrs.field(eq=False, repr=False, hash=False, alias="load_change")

    @property
    def change(self) -> Change:
        """The full change of the introducing step: redline, findings, and the reworded/modified verdict."""
        return self._load_change()

    @property
    def origin(self) -> BlameStep:
        """The first origin: where the provision's main line of descent starts."""
        return self.origins[0]

    @property
    def proposers(self) -> tuple[str, ...]:
        """Who proposed the current wording (proposers and drafters of the introducing step)."""
        return self.introduced.proposers

    @property
    def attributions(self) -> tuple[Attribution, ...]:
        return self.introduced.attributions

    def to_record(self) -> dict[str, Any]:
        return {
            "label": self.label,
            "text": self.text,
            "introduced_in": self.introduced.version,
            "introduced_as": self.introduced.label,
            "kind": self.introduced.verdict.value,
            "proposers": list(self.proposers),
            "attributions": [_credit_text(a) for a in self.attributions],
            "sources": [s.id for s in self.introduced.sources],
            "origin": str(self.origin.ref),
            "origins": [str(o.ref) for o in self.origins],
            "predates_corpus": self.predates_corpus,
            "steps": [str(s) for s in self.steps],
        }

    def __str__(self) -> str:
        who = ", ".join(self.proposers) or "?"
        older = " (predates the corpus)" if self.predates_corpus else ""
        return (
            f"{self.label:<8} {self.introduced.version:<22} {self.introduced.verdict.value:<10} {who:<20} "
            f"origin {self.origin.ref}{older}"
        )

    def _repr_html_(self) -> str:
        """The notebook display: its text under a title (IPython calls it; no IPython import needed)."""
        from ..render.notebook import text_html

        return text_html(f"Blame of point {self.label}", str(self))


@attrs.frozen(kw_only=True, repr=False)
class Blame:
    """The blame of every provision of a version, in document order (sub-points included)."""

    version: str
    lines: tuple[BlameLine, ...]

    def __iter__(self) -> Iterator[BlameLine]:
        return iter(self.lines)

    def __len__(self) -> int:
        return len(self.lines)

    def __getitem__(self, label: str | int) -> BlameLine:
        label = str(label)  # b[4] is b["4"]
        for line in self.lines:
            if line.label == label:
                return line
        raise UnknownProvisionError(
            f"version {self.version!r} has no provision {label!r}; its paths are {', '.join(self.labels) or 'none'}"
        )

    @property
    def labels(self) -> tuple[str, ...]:
        return tuple(line.label for line in self.lines)

    def to_records(self) -> list[dict[str, Any]]:
        """One plain row per provision."""
        return [line.to_record() for line in self.lines]

    def __str__(self) -> str:
        header = f"{'label':<8} {'introduced in':<22} {'kind':<10} {'proposed by':<20} origin"
        return "\n".join([header, *(str(line) for line in self.lines)])

    def _repr_html_(self) -> str:
        """The notebook display (IPython calls it; no IPython import needed)."""
        from ..render.notebook import blame_html

        return blame_html(self)

    def to_frame(self, *, long: bool = False) -> pd.DataFrame:
        """A pandas DataFrame with typed columns (needs the ``pandas`` extra).

        Its proposers are a list in each row; ``long``: one row per proposer, the actor id in ``proposer``.
        """
        from ..render.frames import blame_frame

        return blame_frame(self, long=long)

    def __repr__(self) -> str:
        here = sum(1 for line in self.lines if line.introduced.version == self.version)
        return f"<Blame of {self.version!r}: {len(self.lines)} provisions, {here} worded here>"


@paused_gc()  # a record per provision and version, none of them garbage (see peaceplan._gcpause)
def blame(corpus: CorpusData, version_id: str | Version, *, options: HistoryOptions | None = None) -> Blame:
    """For every provision of ``version_id``: where its wording first appeared, who proposed it, and its history.

    >>> import peaceplan
    >>> b = blame(peaceplan.load_corpus(), "20-point")
    >>> [str(s.ref) for s in b["4"].steps]
    ['20-point#4', 'geneva-19#4', '28-point#6']
    >>> b["4"].origin.kind.value, b["4"].predates_corpus
    ('added', True)
    """
    return _Blamer(Descent(corpus, options)).blame(corpus.version(version_id).id)


class _Blamer:
    def __init__(self, descent: Descent) -> None:
        self.descent = descent
        self.rank = descent.graph.rank()
        self.steps: dict[int, BlameStep] = {}

    def blame(self, version_id: str) -> Blame:
        nodes = self.descent.nodes(version_id)  # an unknown version raises here
        lines = tuple(self.line(path, p.text, nodes[path]) for path, p in self.descent.provisions(version_id).items())
        return Blame(version=version_id, lines=lines)

    def line(self, path: str, text: str, node: Node) -> BlameLine:
        lineage = list(node.lineage())
        chain = sorted(lineage, key=lambda n: (-self.rank[n.version], n.path))
        origins = tuple(self.step(n) for n in lineage if not n.prev)
        parents = self.descent.graph.parents
        return BlameLine(
            label=path,
            text=text,
            introduced=self.step(node.intro),
            steps=tuple(self.step(n) for n in chain),
            origins=origins,
            predates_corpus=all(not parents[o.version] for o in origins),
            load_change=functools.partial(self.change, node.intro),
        )

    def step(self, node: Node) -> BlameStep:
        found = self.steps.get(id(node))
        if found is None:
            attributions, sources = self.descent.credit(node.version, (node.path,))
            found = BlameStep(
                version=node.version,
                label=node.path,
                kind=node.kind,
                came_from=tuple(ProvisionRef(link.parent, o) for link in node.links for o in link.match.old),
                curated=any(link.curated for link in node.links),
                attributions=attributions,
                sources=sources,
                load_change=functools.partial(self.change, node),
                load_verdict=functools.partial(self.verdict, node),
            )
            self.steps[id(node)] = found
        return found

    def verdict(self, node: Node) -> MatchKind:
        if not node.links:
            return self.change(node).kind
        return self.descent.kind(node.links[0])

    def change(self, node: Node) -> Change:
        if not node.links:
            return self.descent.origin_change(node.version, node.path)
        return self.descent.change(node.links[0])
