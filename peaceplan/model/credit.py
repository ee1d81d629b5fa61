"""Who gets credit for a change: the one place that decides it.

A change between two versions is credited to the attributions of the points it
produced (:func:`provision_credit`): their own when they carry some, else the
new version's. A removed point produced nothing, so its credit comes from the
new version's amendment record (:func:`removal_credit`): whoever proposed an
accepted ``remove`` of it. :func:`change_credit` puts the two together the way
:func:`peaceplan.diff` and the history views ask for it. Each answer comes with
the sources those attributions cite, looked up in the version that carries them.

This module reads the model only; :mod:`peaceplan.compare.diff` and
:mod:`peaceplan.authoring` re-export their old names (``diff.credit``,
``authoring.removal_credit``) from here.

>>> import peaceplan
>>> corpus = peaceplan.load_corpus()
>>> plan = corpus.version("20-point")
>>> [a.actor for a in provision_credit(plan, [plan.provision("4")])[0]]  # point 4's own credit
['e3', 'ukraine']
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence

from .records import AmendmentStatus, Attribution, Provision, Source, Version

__all__ = ["Credit", "change_credit", "provision_credit", "removal_credit"]

Credit = tuple[tuple[Attribution, ...], tuple[Source, ...]]
"""Who is credited (each attribution once, in order of first mention) and the sources they cite."""

_NOBODY: Credit = ((), ())


def provision_credit(version: Version, provisions: Sequence[Provision]) -> Credit:
    """The provisions' own attributions when any carry some, else the version's; with the cited sources.

    ``provisions`` are points of ``version`` (the sources are looked up there).
    """
    own = tuple(a for p in provisions for a in p.attributions)
    return _with_sources(version, own or version.attributions)


def removal_credit(old_id: str, new: Version, paths: Sequence[str]) -> Credit:
    """Who removed the points ``paths`` of version ``old_id``, by ``new``'s record of accepted amendments.

    A removed point has nothing in the new text to carry its credit, so the diff
    asks the amendment record: the proposers of every accepted ``remove`` of
    that point (or of the point it was a sub-point of), with the sources they
    cite. Empty when ``new`` is not a revision of ``old_id`` or records none.

    >>> import peaceplan
    >>> plan = peaceplan.load_corpus().version("20-point")
    >>> draft = peaceplan.revise(plan, "x", date="2026-01", proposed_by="us").remove("5", proposed_by="russia").build()
    >>> [a.actor for a in removal_credit("20-point", draft, ["5.a"])[0]]
    ['russia']
    """
    if old_id not in new.parents:
        return _NOBODY
    return _with_sources(
        new,
        (
            a
            for m in new.amendments
            if m.action == "remove" and m.status is AmendmentStatus.ACCEPTED
            if any(p == t or p.startswith(f"{t}.") for p in paths for t in m.targets)
            for a in m.attributions
        ),
    )


def change_credit(old: Version, new: Version, old_paths: Sequence[str], news: Sequence[Provision]) -> Credit:
    """The credit of one change from ``old`` to ``new``: the points it produced (``news``), or for a
    removal (no ``news``) the accepted amendments that removed ``old_paths``, else ``new``'s own credit.

    An unchanged point is credited to nobody; the caller decides that (this
    function is asked only about points that changed).

    >>> import peaceplan
    >>> plan = peaceplan.load_corpus().version("20-point")
    >>> draft = peaceplan.revise(plan, "x", date="2026-01", proposed_by="us").remove("5", proposed_by="russia").build()
    >>> [a.actor for a in change_credit(plan, draft, ["5"], [])[0]]
    ['russia']
    >>> [a.actor for a in change_credit(plan, draft, ["4"], [draft.provision("4")])[0]]
    ['e3', 'ukraine']
    """
    credited = provision_credit(new, news)
    if not news:
        removed_by = removal_credit(old.id, new, old_paths)
        if removed_by[0]:
            return removed_by
    return credited


def _with_sources(version: Version, attributions: Iterable[Attribution]) -> Credit:
    chosen = tuple(dict.fromkeys(attributions))
    if not chosen:
        return _NOBODY
    wanted = dict.fromkeys(s for a in chosen for s in a.sources)
    by_id = {s.id: s for s in version.sources}
    return chosen, tuple(by_id[s] for s in wanted if s in by_id)
