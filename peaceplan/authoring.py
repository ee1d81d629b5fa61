"""Author a revision in code: amendments with proposers, applied into a new version.

Drafts change by amendments: one party asks to raise a number, another to drop
a point, a mediator merges two clauses and renumbers the lot. :func:`revise`
(``peaceplan.revise(version, ...)``) starts a :class:`RevisionBuilder` on a parent
version; each verb (``modify``, ``add``, ``remove``, ``move``, ``split``,
``merge``, ``renumber``) records an :class:`~peaceplan.model.records.Amendment` with its
proposer, rationale, status and sources, and, when the amendment is accepted,
applies it to a working copy of the text. :meth:`RevisionBuilder.build` turns
that copy into a new immutable :class:`~peaceplan.model.records.Version`:

- ``parents`` is the parent's id, ``amendments`` every amendment recorded
  (rejected, withdrawn and still-proposed ones too: what was tried and failed
  matters, but only accepted ones change the text);
- every provision carries curated lineage, ``derived_from`` refs to the parent
  provisions it comes from (unchanged ones too), following the rule of
  :mod:`peaceplan.compare.align`: a split's parts all name the old point first, a
  merge names the merged points in turn;
- every amended provision is credited to the amendment's proposers, so
  ``peaceplan.diff(parent, built)`` reports exactly the accepted amendments, attributed
  as recorded.

The builder is mutable (a working copy is the point of it); what it builds is not.

>>> import peaceplan
>>> plan = peaceplan.load_corpus().version("20-point")
>>> draft = (
...     revise(plan, "20-point-ru", date="2026-01-10", proposed_by="us")
...     .modify("4", "Ukraine's armed forces stay at 850,000 in peacetime.", proposed_by="russia")
...     .remove("18", proposed_by="russia", status="rejected")
...     .build()
... )
>>> [(c.kind.value, c.new_labels, c.proposers) for c in peaceplan.diff(plan, draft)]
[('modified', ('4',), ('russia',))]
>>> [(a.action, a.targets, a.status.value) for a in draft.amendments]
[('modify', ('4',), 'accepted'), ('remove', ('18',), 'rejected')]
"""

from __future__ import annotations

import itertools
import string
from collections.abc import Iterable, Iterator, Sequence
from typing import Any

import attrs

from .errors import PeaceplanError, UnknownProvisionError, ValidationError
from .model.credit import removal_credit
from .model.dates import FuzzyDate
from .model.records import (
    Alternative,
    Amendment,
    AmendmentStatus,
    Attribution,
    Fidelity,
    ProposedBy,
    Provision,
    ProvisionRef,
    Source,
    Status,
    Version,
    attributions_of,
)

__all__ = ["AmendmentConflictError", "ProposedBy", "RevisionBuilder", "attributions_of", "removal_credit", "revise"]

# ProposedBy and attributions_of live in the model (the read_* importers parse proposed_by too),
# removal_credit in peaceplan.model.credit (with the rest of who-gets-credit); they stay importable from here.

SourceLike = Source | str


class AmendmentConflictError(PeaceplanError, ValueError):
    """An amendment acts on a point an earlier accepted amendment already removed or replaced."""


@attrs.define(eq=False)
class _Node:
    """A point of the working copy: its content, sub-points, and where it comes from in the parent.

    ``origin`` lists the parent paths it derives from, primary first (empty for
    an added point). ``carried`` is true for the parent's own point (even
    amended or moved); split parts and merged points are new. ``credited`` is
    true once an accepted amendment has set its attributions.
    """

    provision: Provision
    children: list[_Node]
    origin: tuple[str, ...]
    carried: bool
    credited: bool = False

    @property
    def label(self) -> str:
        return self.provision.label

    def relabel(self, label: str) -> None:
        self.provision = attrs.evolve(self.provision, label=label)

    def walk(self) -> Iterator[_Node]:
        yield self
        for child in self.children:
            yield from child.walk()


@attrs.define(eq=False)
class _Record:
    """An amendment as recorded so far; its results are nodes, labelled when the version is built."""

    amendment: Amendment
    results: list[_Node]


def _carry(p: Provision, path: str) -> _Node:
    children = [_carry(c, f"{path}.{c.label}") for c in p.children]
    return _Node(
        provision=attrs.evolve(p, children=(), derived_from=()),
        children=children,
        origin=(path,),
        carried=True,
    )


def _fresh(taken: set[str], base: str, count: int) -> list[str]:
    """``count`` labels ``base`` + a, b, c ... (then -2, -3 ...) not in ``taken``, as drafts label insertions."""
    out: list[str] = []
    suffixes = itertools.chain(string.ascii_lowercase, (f"-{n}" for n in itertools.count(2)))
    for suffix in suffixes:
        if len(out) == count:
            break
        label = f"{base}{suffix}"
        if label not in taken:
            out.append(label)
    return out


def _after_label(taken: set[str], after: str | None, *, top: bool = True) -> str:
    """The label drafts print for a point inserted after label ``after``: "4a"; at the start "1"/"a" or "0".

    >>> _after_label({"1", "2", "4", "4a"}, "4"), _after_label({"1"}, None), _after_label(set(), None, top=False)
    ('4b', '0', 'a')
    """
    if after is None:
        for label in ("1" if top else "a", "0"):
            if label not in taken:
                return label
    return _fresh(taken, after or "0", 1)[0]


def _next_free(taken: set[str], label: str) -> str:
    """The next label of the same series not in ``taken``: "a" → "b", "3" → "4", else "x" → "xa".

    >>> _next_free({"a", "b"}, "a"), _next_free({"1", "2"}, "2"), _next_free({"i"}, "i")
    ('c', '3', 'j')
    """
    if label.isdecimal() and len(label) <= 9:  # "²" is a digit int() refuses
        return next(str(n) for n in itertools.count(int(label) + 1) if str(n) not in taken)
    if len(label) == 1 and label in string.ascii_lowercase:
        free = [c for c in string.ascii_lowercase[string.ascii_lowercase.index(label) :] if c not in taken]
        if free:
            return free[0]
    return _fresh(taken, label, 1)[0]


def _text(action: str, value: object) -> str:
    if not isinstance(value, str) or not value.strip():
        raise ValidationError(f"{action}: expected the new wording as a non-empty string, got {value!r}")
    return value


class RevisionBuilder:
    """A working copy of a version that records amendments and builds the revised version.

    Made by :func:`revise` (``peaceplan.revise(version, ...)``). Every verb returns the
    builder, so calls chain. Labels name points as they stand *now* in the
    working copy (top-level labels, or paths such as ``"5.a"`` for sub-points);
    a point added without a label gets one after its neighbour (``"4a"``), as
    drafts print insertions until someone renumbers.

    Each verb takes ``proposed_by`` (an actor id, an Attribution, or several;
    the revision's proposers when left out), ``rationale``, ``status``
    (``"accepted"``, ``"proposed"``, ``"rejected"`` or ``"withdrawn"``) and
    ``sources`` (:class:`~peaceplan.model.records.Source` objects, which the version
    will list, or ids of sources it already lists). Only accepted amendments
    change the text; the others are recorded and change nothing.
    """

    def __init__(self, parent: Version, header: dict[str, Any], credit: tuple[Attribution, ...]) -> None:
        self._parent = parent
        self._header = header
        self._credit = credit
        self._roots: list[_Node] = [_carry(p, p.label) for p in parent.provisions]
        self._records: list[_Record] = []
        self._gone: dict[str, int] = {}  # label → index of the accepted amendment that consumed it
        self._sources: dict[str, Source] = {s.id: s for s in parent.sources}
        self._new_sources: dict[str, Source] = {}
        for s in header.get("sources", ()):
            self._add_source(s, "revise(sources=...)")

    # --- what the working copy holds -------------------------------------------------

    @property
    def parent(self) -> Version:
        return self._parent

    @property
    def labels(self) -> tuple[str, ...]:
        """The top-level labels of the working copy, in order."""
        return tuple(n.label for n in self._roots)

    @property
    def amendments(self) -> tuple[Amendment, ...]:
        """The amendments recorded so far (``results`` hold the labels as they stand now)."""
        return tuple(self._finish(r, self._paths()) for r in self._records)

    def text(self, label: str) -> str:
        """The current wording of a point of the working copy."""
        siblings, i = self._locate(label, "text")
        return siblings[i].provision.text

    # --- the verbs ----------------------------------------------------------------------

    def modify(
        self,
        label: str,
        text: str,
        *,
        proposed_by: ProposedBy | None = None,
        rationale: str | None = None,
        status: AmendmentStatus | str = "accepted",
        sources: Iterable[SourceLike] = (),
    ) -> RevisionBuilder:
        """Reword point ``label``. Only the wording changes: title, topics, positions and sub-points stay."""
        text = _text("modify", text)
        amendment, apply = self._start("modify", [label], (text,), proposed_by, rationale, status, sources)
        if not apply:
            return self._record(amendment, [])
        siblings, i = self._locate(label, "modify")
        node = siblings[i]
        if node.provision.text == text:
            raise ValidationError(
                f"modify {label!r}: the new wording is the text the point already has; "
                "pass the changed wording, or record nothing"
            )
        node.provision = attrs.evolve(node.provision, text=text)
        self._credit_node(node, amendment.attributions)
        return self._record(amendment, [node])

    def add(
        self,
        text: str,
        *,
        after: str | None,
        under: str | None = None,
        label: str | None = None,
        title: str | None = None,
        topics: Iterable[str] = (),
        proposed_by: ProposedBy | None = None,
        rationale: str | None = None,
        status: AmendmentStatus | str = "accepted",
        sources: Iterable[SourceLike] = (),
    ) -> RevisionBuilder:
        """Insert a new point after point ``after`` (``None``: at the start of the list ``under`` names,
        the top level by default). Without ``label`` it gets ``after`` + a letter (``"4a"``)."""
        text = _text("add", text)
        named = [n for n in (after, under) if n is not None]
        amendment, apply = self._start("add", named, (text,), proposed_by, rationale, status, sources)
        amendment = attrs.evolve(amendment, targets=())
        if not apply:
            return self._record(amendment, [])
        siblings, at = self._place(after, under, "add")
        if label is None:
            taken = {n.label for n in siblings}
            label = _after_label(taken, siblings[at - 1].label if at else None, top=siblings is self._roots)
        self._check_free(siblings, label, "add")
        provision = Provision(label=label, text=text, title=title, topics=tuple(topics))
        node = _Node(provision=provision, children=[], origin=(), carried=False)
        self._credit_node(node, amendment.attributions)
        siblings.insert(at, node)
        return self._record(amendment, [node])

    def remove(
        self,
        label: str,
        *,
        proposed_by: ProposedBy | None = None,
        rationale: str | None = None,
        status: AmendmentStatus | str = "accepted",
        sources: Iterable[SourceLike] = (),
    ) -> RevisionBuilder:
        """Delete point ``label`` with its sub-points."""
        amendment, apply = self._start("remove", [label], (), proposed_by, rationale, status, sources)
        if apply:
            siblings, i = self._locate(label, "remove")
            del siblings[i]
            self._gone[label] = len(self._records)
        return self._record(amendment, [])

    def move(
        self,
        label: str,
        *,
        after: str | None,
        proposed_by: ProposedBy | None = None,
        rationale: str | None = None,
        status: AmendmentStatus | str = "accepted",
        sources: Iterable[SourceLike] = (),
    ) -> RevisionBuilder:
        """Move point ``label`` (with its sub-points) to just after point ``after`` (``None``: to the start
        of its list). Its label stays until :meth:`renumber`."""
        named = [label] + ([after] if after is not None else [])
        amendment, apply = self._start("move", named, (), proposed_by, rationale, status, sources)
        amendment = attrs.evolve(amendment, targets=amendment.targets[:1])
        if not apply:
            return self._record(amendment, [])
        siblings, i = self._locate(label, "move")
        node = siblings[i]
        if after is not None:
            where, k = self._locate(after, "move")
            if any(n is where[k] for n in node.walk()):
                raise ValidationError(f"move {label!r}: cannot move a point after itself or one of its own sub-points")
        del siblings[i]
        target, at = self._place(after, None, "move", own_list=siblings)
        if target is not siblings:
            self._check_free(target, node.label, "move")
        target.insert(at, node)
        self._credit_node(node, amendment.attributions)
        return self._record(amendment, [node])

    def split(
        self,
        label: str,
        texts: Sequence[str],
        *,
        labels: Sequence[str] | None = None,
        proposed_by: ProposedBy | None = None,
        rationale: str | None = None,
        status: AmendmentStatus | str = "accepted",
        sources: Iterable[SourceLike] = (),
    ) -> RevisionBuilder:
        """Replace point ``label`` by several points with ``texts``, in its place. The first part keeps the
        label and the sub-points; the others get ``label`` + a letter unless ``labels`` are given."""
        if isinstance(texts, str) or len(texts) < 2:
            raise ValidationError(f"split {label!r}: expected a list of at least two texts, got {texts!r}")
        texts = tuple(_text("split", t) for t in texts)
        if labels is not None and len(labels) != len(texts):
            raise ValidationError(
                f"split {label!r}: {len(texts)} texts but {len(labels)} labels; give one label per text"
            )
        amendment, apply = self._start("split", [label], texts, proposed_by, rationale, status, sources)
        if not apply:
            return self._record(amendment, [])
        siblings, i = self._locate(label, "split")
        old = siblings[i]
        taken = {n.label for n in siblings}
        names = list(labels) if labels is not None else [old.label, *_fresh(taken, old.label, len(texts) - 1)]
        if len(set(names)) != len(names):
            raise ValidationError(f"split {label!r}: the parts need distinct labels, got {names}")
        for name in names:
            self._check_free([n for n in siblings if n is not old], name, "split")
        parts = []
        for k, (name, text) in enumerate(zip(names, texts, strict=True)):
            provision = attrs.evolve(old.provision, label=name, text=text)
            if k:
                provision = attrs.evolve(provision, alternatives=(), positions=(), notes=None)
            part = _Node(provision, old.children if k == 0 else [], old.origin[:1], False)
            self._credit_node(part, amendment.attributions)
            parts.append(part)
        siblings[i : i + 1] = parts
        return self._record(amendment, parts)

    def merge(
        self,
        labels: Sequence[str],
        text: str,
        *,
        label: str | None = None,
        proposed_by: ProposedBy | None = None,
        rationale: str | None = None,
        status: AmendmentStatus | str = "accepted",
        sources: Iterable[SourceLike] = (),
    ) -> RevisionBuilder:
        """Replace the points ``labels`` by one point with ``text``, in the place (and with the label) of
        whichever comes first in the document. Their sub-points follow, re-lettered where labels clash."""
        if isinstance(labels, str) or len(labels) < 2 or len(set(labels)) != len(labels):
            raise ValidationError(f"merge: expected a list of at least two distinct labels, got {labels!r}")
        text = _text("merge", text)
        amendment, apply = self._start("merge", list(labels), (text,), proposed_by, rationale, status, sources)
        if not apply:
            return self._record(amendment, [])
        order = {id(n): k for k, n in enumerate(n for root in self._roots for n in root.walk())}
        found = [self._locate(lb, "merge") for lb in labels]
        nodes = [siblings[i] for siblings, i in found]
        for a in nodes:
            for b in nodes:
                if a is not b and any(d is b for d in a.walk()):
                    raise ValidationError(f"merge: {b.label!r} is a sub-point of {a.label!r}; merge siblings instead")
        first = min(nodes, key=lambda n: order[id(n)])
        siblings = next(s for (s, _), n in zip(found, nodes, strict=True) if n is first)
        children: list[_Node] = []
        for n in sorted(nodes, key=lambda n: order[id(n)]):
            for child in n.children:
                taken = {c.label for c in children}
                if child.label in taken:
                    child.relabel(_next_free(taken, child.label))
                children.append(child)
        origin = tuple(dict.fromkeys(o for n in nodes for o in n.origin))
        merged_label = label if label is not None else first.label
        self._check_free([n for n in siblings if n not in nodes], merged_label, "merge")
        provision = attrs.evolve(
            first.provision,
            label=merged_label,
            text=text,
            topics=tuple(dict.fromkeys(t for n in nodes for t in n.provision.topics)),
            alternatives=_unique_keys(a for n in nodes for a in n.provision.alternatives),
            positions=tuple(dict.fromkeys(p for n in nodes for p in n.provision.positions)),
        )
        merged = _Node(provision, children, origin, False)
        self._credit_node(merged, amendment.attributions)
        siblings[siblings.index(first)] = merged
        for lb, n, (s, _) in zip(labels, nodes, found, strict=True):
            if n is not first:
                s.remove(n)
                self._gone[lb] = len(self._records)
        return self._record(amendment, [merged])

    def renumber(
        self,
        *,
        proposed_by: ProposedBy | None = None,
        rationale: str | None = None,
        status: AmendmentStatus | str = "accepted",
        sources: Iterable[SourceLike] = (),
    ) -> RevisionBuilder:
        """Relabel the top-level points 1, 2, 3 ... in their current order, as a clean draft prints them.

        Records the labels that change (``targets`` as they stood, ``results`` the new ones).
        """
        changed = [(n, str(k)) for k, n in enumerate(self._roots, 1) if n.label != str(k)]
        amendment, apply = self._start("renumber", [], (), proposed_by, rationale, status, sources)
        amendment = attrs.evolve(amendment, targets=tuple(n.label for n, _ in changed))
        if not apply:
            return self._record(amendment, [])
        for node, new in changed:
            node.relabel(new)
            for d in node.walk():
                if not d.credited:
                    self._credit_node(d, amendment.attributions)
        return self._record(amendment, [n for n, _ in changed])

    # --- the product --------------------------------------------------------------------

    def build(self) -> Version:
        """The revised version: the accepted amendments applied, every amendment recorded, lineage curated."""
        parent = self._parent
        paths = self._paths()

        def make(node: _Node) -> Provision:
            return attrs.evolve(
                node.provision,
                children=tuple(make(c) for c in node.children),
                derived_from=tuple(ProvisionRef(parent.id, o) for o in node.origin),
            )

        provisions = tuple(make(n) for n in self._roots)
        amendments = tuple(self._finish(r, paths) for r in self._records)
        header = {k: v for k, v in self._header.items() if k != "sources"}
        sources = self._cited(header["attributions"], amendments, provisions)
        return Version(**header, provisions=provisions, amendments=amendments, sources=sources)

    # --- internals ----------------------------------------------------------------------

    def _start(
        self,
        action: str,
        named: Sequence[str],
        texts: tuple[str, ...],
        proposed_by: ProposedBy | None,
        rationale: str | None,
        status: AmendmentStatus | str,
        sources: Iterable[SourceLike],
    ) -> tuple[Amendment, bool]:
        """Check the labels, build the record, and say whether to apply it (accepted only).

        Nothing is kept (not even a new source) unless every check passes.
        """
        credit = self._credit if proposed_by is None else attributions_of(proposed_by, role="proposer")
        amendment = Amendment(
            action=action,
            targets=tuple(self._target(lb, action) for lb in named),
            texts=texts,
            attributions=credit,
            status=status,
            rationale=rationale,
        )
        apply = amendment.status is AmendmentStatus.ACCEPTED
        for lb in named:
            if apply or (self._find(lb) is None and self._find_parent(lb) is None):
                self._locate(lb, action)  # raises for an unknown label, or one an accepted amendment took out
        listed = _listed(sources)
        for source in listed:
            self._add_source(source, f"{action}(sources=...)", dry_run=True)
        ids = tuple(dict.fromkeys(self._add_source(source, f"{action}(sources=...)") for source in listed))
        credit = tuple(attrs.evolve(a, sources=tuple(dict.fromkeys((*a.sources, *ids)))) for a in credit)
        amendment = attrs.evolve(amendment, attributions=credit)
        return amendment, apply

    def _record(self, amendment: Amendment, results: list[_Node]) -> RevisionBuilder:
        self._records.append(_Record(amendment, results))
        return self

    def _finish(self, record: _Record, paths: dict[int, str]) -> Amendment:
        return attrs.evolve(record.amendment, results=tuple(paths[id(n)] for n in record.results if id(n) in paths))

    def _paths(self) -> dict[int, str]:
        out: dict[int, str] = {}

        def walk(nodes: list[_Node], prefix: str) -> None:
            for n in nodes:
                path = f"{prefix}.{n.label}" if prefix else n.label
                out[id(n)] = path
                walk(n.children, path)

        walk(self._roots, "")
        return out

    def _find(self, label: str) -> tuple[list[_Node], int] | None:
        for i, n in enumerate(self._roots):
            if n.label == label:
                return self._roots, i

        def walk(nodes: list[_Node], prefix: str) -> tuple[list[_Node], int] | None:
            for i, n in enumerate(nodes):
                path = f"{prefix}.{n.label}" if prefix else n.label
                if path == label:
                    return nodes, i
                if label.startswith(f"{path}."):
                    found = walk(n.children, path)
                    if found is not None:
                        return found
            return None

        return walk(self._roots, "")

    def _find_parent(self, label: str) -> Provision | None:
        try:
            return self._parent.provision(label)
        except UnknownProvisionError:
            return None

    def _locate(self, label: str, action: str) -> tuple[list[_Node], int]:
        found = self._find(label)
        if found is not None:
            return found
        if label in self._gone:
            k = self._gone[label]
            earlier = self._records[k].amendment
            who = ", ".join(a.actor for a in earlier.attributions) or "nobody named"
            raise AmendmentConflictError(
                f"{action} {label!r}: point {label!r} is no longer in the text; amendment {k + 1} "
                f"({earlier.action} {', '.join(earlier.targets)}, proposed by {who}) already took it out. "
                "Record this amendment with status='rejected', or act on the point that replaced it"
            )
        known = ", ".join(self.labels) or "none"
        raise UnknownProvisionError(
            f"{action} {label!r}: the revision of {self._parent.id!r} has no point {label!r}; its points are now "
            f"{known} (name a sub-point by its path, such as '5.a')"
        )

    def _target(self, label: str, action: str) -> str:
        """The label an amendment names: the parent's label for the parent's own points, else as given."""
        found = self._find(label)
        if found is not None:
            node = found[0][found[1]]
            if node.carried:
                return node.origin[0]
        return label

    def _place(
        self, after: str | None, under: str | None, action: str, *, own_list: list[_Node] | None = None
    ) -> tuple[list[_Node], int]:
        if after is not None:
            siblings, i = self._locate(after, action)
            if under is not None:
                parent_list, k = self._locate(under, action)
                if siblings is not parent_list[k].children:
                    raise ValidationError(f"{action}: point {after!r} is not a sub-point of {under!r}")
            return siblings, i + 1
        if under is not None:
            parent_list, k = self._locate(under, action)
            return parent_list[k].children, 0
        return (own_list if own_list is not None else self._roots), 0

    def _check_free(self, siblings: Iterable[_Node], label: str, action: str) -> None:
        if any(n.label == label for n in siblings):
            raise ValidationError(
                f"{action}: label {label!r} is already used at that level; pass another label= or renumber() first"
            )

    def _credit_node(self, node: _Node, credit: tuple[Attribution, ...]) -> None:
        own = node.provision.attributions if node.credited else ()
        node.provision = attrs.evolve(node.provision, attributions=tuple(dict.fromkeys((*own, *credit))))
        node.credited = True

    def _add_source(self, source: SourceLike, where: str, *, dry_run: bool = False) -> str:
        """Register a new source (or check an id); ``dry_run`` only checks."""
        if isinstance(source, Source):
            known = self._sources.get(source.id)
            if known is not None and known != source:
                raise ValidationError(
                    f"{where}: source id {source.id!r} is already used by another source "
                    f"({known.publisher}: {known.title}); give the new one its own id"
                )
            if dry_run:
                return source.id
            self._sources[source.id] = source
            self._new_sources.setdefault(source.id, source)
            return source.id
        if isinstance(source, str):
            if source not in self._sources:
                known_ids = ", ".join(sorted(self._sources)) or "none"
                raise ValidationError(
                    f"{where}: no source {source!r} is known (known: {known_ids}); pass a Source object to add it"
                )
            return source
        raise ValidationError(f"{where}: expected a Source or a source id, got {source!r}")

    def _cited(
        self,
        credit: Iterable[Attribution],
        amendments: Iterable[Amendment],
        provisions: Iterable[Provision],
    ) -> tuple[Source, ...]:
        """The parent's sources still cited (with those they relay), then the sources this revision added."""
        cited: set[str] = set(self._new_sources)
        credits = [*credit, *(a for amendment in amendments for a in amendment.attributions)]
        for root in provisions:
            for _, p in root.walk():
                credits += [*p.attributions, *(a for alt in p.alternatives for a in alt.attributions)]
                cited.update(s for pos in p.positions for s in pos.sources)
                cited.update(p.sources)
        cited.update(s for a in credits for s in a.sources)
        pending = list(cited)
        while pending:
            source = self._sources.get(pending.pop())
            if source is not None and source.via is not None and source.via not in cited:
                cited.add(source.via)
                pending.append(source.via)
        ordered = {s.id: s for s in self._parent.sources if s.id in cited}
        for s in self._new_sources.values():
            ordered.setdefault(s.id, s)
        return tuple(ordered.values())


def _unique_keys(alternatives: Iterable[Alternative]) -> tuple[Alternative, ...]:
    """Bracketed options of merged points, the first of each key kept (keys must stay unique)."""
    out: dict[str, Alternative] = {}
    for a in alternatives:
        out.setdefault(a.key, a)
    return tuple(out.values())


def _listed(value: Iterable[SourceLike]) -> list[SourceLike]:
    if isinstance(value, (str, Source)):
        return [value]
    return list(value)


def revise(
    version: Version,
    new_id: str,
    *,
    date: FuzzyDate | str | None,
    proposed_by: ProposedBy,
    title: str | None = None,
    status: Status | str = "draft",
    sources: Iterable[Source] = (),
    document: str | None = None,
    reported: FuzzyDate | str | None = None,
    fidelity: Fidelity | str | None = None,
    language: str | None = None,
    notes: str | None = None,
) -> RevisionBuilder:
    """Start a revision of ``version`` (``peaceplan.revise(version, ...)``): a builder of amendments.

    ``proposed_by`` credits the revision as a whole (and any amendment given no
    proposer of its own); ``sources`` are the sources of the new text, cited by
    those credits. ``title``, ``document``, ``fidelity`` and ``language``
    default to the parent's.

    >>> import peaceplan
    >>> plan = peaceplan.load_corpus().version("20-point")
    >>> builder = revise(plan, "20-point-b", date="2026-01", proposed_by="us")
    >>> builder.add("Both parties open humanitarian corridors.", after="17").labels[16:19]
    ('17', '17a', '18')
    >>> builder.build().parents
    ('20-point',)
    """
    listed = tuple(sources)
    for s in listed:
        if not isinstance(s, Source):
            raise ValidationError(f"revise(sources=...): expected Source objects, got {s!r}")
    credit = attributions_of(proposed_by, role="proposer")
    ids = tuple(s.id for s in listed)
    credit = tuple(a if a.sources else attrs.evolve(a, sources=ids) for a in credit)
    header: dict[str, Any] = {
        "id": new_id,
        "document": document if document is not None else version.document,
        "title": title if title is not None else version.title,
        "status": status,
        "date": date,
        "reported": reported,
        "fidelity": fidelity if fidelity is not None else version.fidelity,
        "language": language if language is not None else version.language,
        "attributions": credit,
        "parents": (version.id,),
        "notes": notes,
        "sources": listed,
    }
    # Check the header now, not at build(): a bad date should fail where it was typed.
    Version(**header)
    return RevisionBuilder(version, header, credit)
