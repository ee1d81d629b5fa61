"""What an alignment says: which old provisions became which new ones (:class:`Match`), and how (:class:`MatchKind`).

The records :func:`peaceplan.compare.align.align` produces and everything above it
reads: the diff engine, the history views and every renderer. They live here,
apart from the aligner, so a renderer that only needs to know the kinds does
not import the aligner and its dependencies. :mod:`peaceplan.compare.align`
re-exports both names.
"""

from __future__ import annotations

import enum

import attrs

__all__ = ["Match", "MatchKind"]


class MatchKind(str, enum.Enum):
    """How an old provision relates to a new one."""

    UNCHANGED = "unchanged"
    RENUMBERED = "renumbered"
    MOVED = "moved"
    REWORDED = "reworded"
    MODIFIED = "modified"
    SPLIT = "split"
    MERGED = "merged"
    ADDED = "added"
    REMOVED = "removed"

    def __str__(self) -> str:
        return str(self.value)


@attrs.frozen(kw_only=True)
class Match:
    """One entry of an alignment: old paths, new paths, and how they relate.

    ``old`` is empty for ADDED, ``new`` for REMOVED; SPLIT has one old path and
    several new ones, MERGED the reverse. ``score`` is the text similarity in
    [0, 1] (1.0 for identical text, 0.0 for added/removed). ``curated`` is true
    when the pairing came from ``derived_from`` lineage.

    ``confidence`` is the probability that the pairing is right, calibrated on
    real document pairs and generated revisions (see :func:`peaceplan.compare.align.confidence` and
    ``benchmarks/realworld``): a curated pairing is 1.0, and so is "added" or
    "removed" (they claim no pairing). ``uncertain`` marks an inferred pairing
    whose confidence is below :attr:`peaceplan.compare.align.AlignOptions.uncertain_below`: shown as
    such in every view, for an analyst to accept or reject
    (:func:`peaceplan.link`).

    >>> m = Match(old=("6",), new=("5",), kind=MatchKind.RENUMBERED, score=1.0, curated=False, relabelled=True)
    >>> m.kind.value, m.relabelled, m.moved
    ('renumbered', True, False)
    """

    old: tuple[str, ...]
    new: tuple[str, ...]
    kind: MatchKind
    score: float
    curated: bool
    relabelled: bool = False
    moved: bool = False
    confidence: float = 1.0
    uncertain: bool = False

    def _repr_html_(self) -> str:
        """The notebook display: its text under a title (IPython calls it; no IPython import needed)."""
        from ..render.notebook import text_html

        old, new = ", ".join(self.old) or "(none)", ", ".join(self.new) or "(none)"
        flags = [f for f, on in (("curated", self.curated), ("moved", self.moved)) if on]
        text = f"{old} → {new}: {self.kind.value}, similarity {self.score:.2f}" + "".join(f", {f}" for f in flags)
        return text_html(f"Match ({self.kind.value})", text)
