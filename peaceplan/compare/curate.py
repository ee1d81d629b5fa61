"""Review, then curate: turn the pairings a diff inferred into curated lineage.

:func:`peaceplan.diff` infers which old provision became which new one when the
new version carries no ``derived_from`` links (a pasted or imported draft).
Inference proposes; the analyst decides. :func:`link` writes the pairings the
analyst accepts — by label, every one at or above a confidence, or pairs given
outright in place of a wrong guess — into the new version's ``derived_from``,
and returns that version. Saved (``peaceplan link`` does it in the CLI), the
next diff pairs those provisions from the curated links (``Match.curated``)
instead of guessing again.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence

import attrs

from ..errors import PeaceplanError
from ..model.records import Provision, ProvisionRef, Version
from .diff import Diff

__all__ = ["link", "review"]


def review(diff: Diff) -> tuple[tuple[str, str, str, float, bool], ...]:
    """The inferred pairings of ``diff`` for review, least sure first.

    One row per pairing the aligner made from the texts (curated ones, additions
    and removals aside): ``(new labels, old labels, kind, confidence, uncertain)``,
    labels joined with "+".

    >>> import peaceplan
    >>> old = peaceplan.read_text("1. A ceasefire starts at once.\\n2. Prisoners are exchanged.", id="a").version
    >>> new = peaceplan.read_text("1. Prisoners are exchanged all for all.", id="b").version
    >>> [(row[0], row[1], row[4]) for row in review(peaceplan.diff(old, new))]
    [('1', '2', False)]
    """
    rows = [
        ("+".join(c.match.new), "+".join(c.match.old), c.kind.value, c.match.confidence, c.match.uncertain)
        for c in diff.entries
        if c.match.old and c.match.new and not c.match.curated
    ]
    return tuple(sorted(rows, key=lambda r: (r[3], r[0])))


def link(
    diff: Diff,
    *,
    accept: Iterable[str] = (),
    above: float | None = None,
    pairs: Mapping[str, str | Sequence[str]] | None = None,
) -> Version:
    """``diff.new`` with the accepted pairings written into its provisions' ``derived_from``.

    ``accept``: labels (paths, "10.a") of new provisions whose inferred pairing is
    right; ``above``: accept every inferred pairing whose confidence is at least
    this; ``pairs``: new label → old label(s), links given outright (for a pairing
    the aligner got wrong or missed). A provision that gets links loses the
    ``derived_from`` refs it had into ``diff.old`` and keeps those into other
    versions. Refused with a :class:`~peaceplan.errors.PeaceplanError`: a label
    that is in neither version, or that names no inferred pairing.

    >>> import peaceplan
    >>> old = peaceplan.read_text("1. A ceasefire starts at once.\\n2. Prisoners are exchanged.", id="a").version
    >>> new = peaceplan.read_text("1. Prisoners are exchanged all for all.", id="b").version
    >>> curated = link(peaceplan.diff(old, new), accept=["1"])
    >>> [str(r) for r in curated.provision("1").derived_from]
    ['a#2']
    >>> peaceplan.diff(old, curated).change(new="1").match.curated
    True
    """
    old, new = diff.old, diff.new
    wanted: dict[str, tuple[str, ...]] = {}
    inferred = {path: c for c in diff.entries if c.match.old and c.match.new for path in c.match.new}
    for label in accept:
        change = inferred.get(label)
        if change is None:
            new.provision(label)  # an unknown label says so, with the labels there are
            raise PeaceplanError(f"{new.id}#{label} was not paired with a provision of {old.id}: nothing to accept")
        if not change.match.curated:
            wanted[label] = change.match.old
    if above is not None:
        if not 0.0 <= above <= 1.0:
            raise PeaceplanError(f"a confidence to accept from is between 0 and 1, not {above}")
        for path, change in inferred.items():
            if not change.match.curated and change.match.confidence >= above:
                wanted.setdefault(path, change.match.old)
    for label, olds in (pairs or {}).items():
        targets = (olds,) if isinstance(olds, str) else tuple(olds)
        if not targets:
            raise PeaceplanError(f"{new.id}#{label}: no old provision given to link it to")
        new.provision(label)
        for target in targets:
            old.provision(target)
        wanted[label] = targets
    if not wanted:
        return new
    refs = {path: tuple(ProvisionRef(old.id, o) for o in olds) for path, olds in wanted.items()}
    return attrs.evolve(new, provisions=_relinked(new.provisions, "", refs, old.id))


def _relinked(
    points: Sequence[Provision], prefix: str, refs: Mapping[str, tuple[ProvisionRef, ...]], old_id: str
) -> tuple[Provision, ...]:
    out = []
    for p in points:
        path = f"{prefix}{p.label}"
        children = _relinked(p.children, f"{path}.", refs, old_id) if p.children else p.children
        given = refs.get(path)
        if given is not None:
            kept = tuple(r for r in p.derived_from if r.version != old_id)
            p = attrs.evolve(p, derived_from=(*given, *kept), children=children)
        elif children is not p.children:
            p = attrs.evolve(p, children=children)
        out.append(p)
    return tuple(out)
