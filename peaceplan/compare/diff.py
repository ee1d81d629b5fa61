"""Compare two versions: which point became which, what changed inside it, who proposed it.

:func:`diff` aligns the provisions of two versions (:mod:`peaceplan.compare.align`),
redlines the words inside each matched point (:mod:`peaceplan.compare.redline`), names
the substantive changes (:mod:`peaceplan.compare.findings`), attributes each change to
whoever proposed it, and compares the versions' metadata through deepdiff.
The result, a :class:`Diff`, is an immutable record: it applies to the old
version to give the new one exactly, inverts, and round-trips through JSON.
"""

from __future__ import annotations

import hashlib
import json
import os
import warnings
from collections import Counter
from collections.abc import Iterator, Mapping, Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Any, Protocol

import attrs

from .._gcpause import paused_gc
from ..errors import (
    AmbiguousLabelError,
    IntegrityError,
    IntegrityWarning,
    PatchError,
    Problem,
    UnknownProvisionError,
    ValidationError,
)
from ..model.credit import change_credit
from ..model.credit import provision_credit as credit  # the old name, kept public
from ..model.fields import _coerce, canonical_json, indented_json
from ..model.metadata import COMPARED, MetadataChange, metadata_changes
from ..model.records import Attribution, Confidence, Provision, Source, Version, normalise_topic, proposers_of
from .align import AlignOptions
from .alignments import aligned
from .details import EdgeDetails
from .details import edge as _edge
from .findingkinds import FindingKind
from .findings import Finding, has_findings, has_text_findings, provision_findings, text_findings, topic_findings
from .matches import Match, MatchKind
from .redline import Op, Redline, RedlineOptions, Segment, redline

if TYPE_CHECKING:  # pragma: no cover
    import pandas as pd

    from ..model.collection import CorpusData

__all__ = [
    "Change",
    "Diff",
    "DiffOptions",
    "Step",
    "Summary",
    "TracingCorpus",
    "change_of",
    "credit",
    "decided_kind",
    "diff",
    "edge_details",
    "is_rewording",
    "known_kind",
    "redline_of",
    "same_content",
    "verdict_of",
]


@attrs.frozen(kw_only=True)
class DiffOptions:
    """Knobs of :func:`diff`, grouped so the verb keeps a short signature.

    ``reword_ratio``: a changed point with no substantive finding counts as
    *reworded* (editorial) when its redline similarity is at least this; below
    it, or with any finding, it is *modified*.
    """

    redline: RedlineOptions = attrs.field(factory=RedlineOptions)
    align: AlignOptions = attrs.field(factory=AlignOptions)
    reword_ratio: float = 0.5


@attrs.frozen(kw_only=True)
class Step:
    """One step of a change along the version lineage: where it happened and who did it."""

    parent: str
    version: str
    kind: MatchKind
    attributions: tuple[Attribution, ...] = ()
    sources: tuple[Source, ...] = ()

    def to_dict(self) -> dict[str, Any]:
        return {
            "parent": self.parent,
            "version": self.version,
            "kind": self.kind.value,
            "attributions": [a.to_dict() for a in self.attributions],
            "sources": [s.to_dict() for s in self.sources],
        }

    @classmethod
    def from_dict(cls, data: Mapping[str, Any]) -> Step:
        return cls(
            parent=data["parent"],
            version=data["version"],
            kind=MatchKind(data["kind"]),
            attributions=tuple(Attribution.from_dict(a) for a in data["attributions"]),
            sources=tuple(Source.from_dict(s) for s in data["sources"]),
        )

    def _repr_html_(self) -> str:
        """The notebook display: its text under a title (IPython calls it; no IPython import needed)."""
        from ..render.notebook import text_html

        who = proposers_of(self.attributions, fallback=True)
        text = f"{self.kind.value}" + (f", proposed by {', '.join(who)}" if who else "")
        return text_html(f"Step {self.parent} → {self.version}", text)


@attrs.frozen(kw_only=True)
class Change:
    """What happened to one point (or to the points of a split or merge).

    ``old`` and ``new`` hold the provisions at the match's paths (sub-points
    included). ``attributions`` name who proposed the change, with role and
    confidence; contested credit stays as several attributions. ``sources`` are
    the sources those attributions cite. ``steps`` trace the change through
    intermediate versions when the diff spans several drafts.
    """

    match: Match
    old: tuple[Provision, ...]
    new: tuple[Provision, ...]
    redline: Redline | None = None
    findings: tuple[Finding, ...] = ()
    attributions: tuple[Attribution, ...] = ()
    sources: tuple[Source, ...] = ()
    steps: tuple[Step, ...] = ()

    @property
    def kind(self) -> MatchKind:
        return self.match.kind

    @property
    def old_labels(self) -> tuple[str, ...]:
        return self.match.old

    @property
    def new_labels(self) -> tuple[str, ...]:
        return self.match.new

    @property
    def proposers(self) -> tuple[str, ...]:
        """Actor ids credited as proposers or drafters of the change, in order of first mention.

        Endorsers and reporters are in ``attributions`` but are not proposers; when
        nobody is credited in those roles, every credited actor is returned.
        """
        return proposers_of(self.attributions, fallback=True)

    @property
    def credited(self) -> tuple[str, ...]:
        """Every actor credited in any role (proposer, drafter, endorser, reported-by)."""
        return tuple(dict.fromkeys(a.actor for a in self.attributions))

    @property
    def contested(self) -> bool:
        """True when the credit for this change is disputed."""
        return any(a.confidence is Confidence.CONTESTED for a in self.attributions)

    @property
    def softens(self) -> bool:
        """True when a finding says an obligation was softened."""
        return any(f.softens for f in self.findings)

    @property
    def hardens(self) -> bool:
        """True when a finding says an obligation was hardened."""
        return any(f.hardens for f in self.findings)

    @property
    def substantive(self) -> bool:
        """True for a change of meaning: modified, added or removed, or carrying any finding."""
        return bool(self.findings) or self.kind in (MatchKind.MODIFIED, MatchKind.ADDED, MatchKind.REMOVED)

    def describe(self) -> str:
        """One line for a log or a report: ``6 → 4 modified: army cap raised from 600,000 to 800,000``."""
        old = "+".join(self.old_labels) or "∅"
        new = "+".join(self.new_labels) or "∅"
        text = f"{old} → {new} {self.kind.value}"
        if self.findings:
            text += ": " + "; ".join(f.summary for f in self.findings)
        if self.proposers:
            text += f" [{', '.join(self.proposers)}]"
        return text

    def _repr_html_(self) -> str:
        """The notebook display (IPython calls it; no IPython import needed)."""
        from ..render.notebook import change_html

        return change_html(self)

    def __repr__(self) -> str:
        return f"<Change {self.describe()}>"


def _arrow(change: Change) -> str:
    """``6 → 4 modified``: a change's labels and kind, for a message."""
    return f"{'+'.join(change.old_labels) or '∅'} → {'+'.join(change.new_labels) or '∅'} {change.kind.value}"


@attrs.frozen(kw_only=True)
class Summary:
    """Counts of a diff's changes by kind and by proposer."""

    by_kind: Mapping[str, int]
    by_proposer: Mapping[str, int]
    findings: Mapping[str, int]
    metadata: int

    def __str__(self) -> str:
        kinds = ", ".join(f"{n} {k}" for k, n in self.by_kind.items()) or "no changes"
        who = ", ".join(f"{a}: {n}" for a, n in self.by_proposer.items())
        return f"{kinds}" + (f" (proposed by {who})" if who else "")

    def to_dict(self) -> dict[str, Any]:
        return {
            "by_kind": dict(self.by_kind),
            "by_proposer": dict(self.by_proposer),
            "findings": dict(self.findings),
            "metadata": self.metadata,
        }

    def _repr_html_(self) -> str:
        """The notebook display: counts by kind, proposer and finding (no IPython import needed)."""
        from ..render.notebook import summary_html

        return summary_html(self)


@attrs.frozen(kw_only=True, repr=False)
class Diff:
    """The difference between two versions, point by point.

    Iterating yields the :class:`Change` records of every point that changed
    (``entries`` has every point, unchanged ones included); ``alignment`` is
    the sequence of matches; ``metadata`` lists the header fields that differ.

    >>> import peaceplan
    >>> c = peaceplan.load_corpus()
    >>> d = peaceplan.diff(c.version("28-point"), c.version("20-point"))
    >>> d.apply(c.version("28-point")) == c.version("20-point")
    True
    """

    old: Version
    new: Version
    entries: tuple[Change, ...]
    metadata: tuple[MetadataChange, ...] = ()
    path: tuple[str, ...] = ()

    @property
    def alignment(self) -> tuple[Match, ...]:
        return tuple(e.match for e in self.entries)

    @property
    def changes(self) -> tuple[Change, ...]:
        """The entries whose point changed: every kind but *unchanged*."""
        return tuple(e for e in self.entries if e.kind is not MatchKind.UNCHANGED)

    def __iter__(self) -> Iterator[Change]:
        return iter(self.changes)

    def __len__(self) -> int:
        return len(self.changes)

    def __bool__(self) -> bool:
        return bool(self.changes) or bool(self.metadata)

    def change(
        self, label: str | int | None = None, *, old: str | int | None = None, new: str | int | None = None
    ) -> Change:
        """The entry that involves a point, named by its label on one side (``4`` stands for ``"4"``).

        ``old=`` looks among the old version's labels, ``new=`` among the new
        one's. A bare ``label`` is accepted when it names a point on one side only,
        or the same change on both; when the old point and the new point of that
        label went different ways it raises :class:`~peaceplan.AmbiguousLabelError`
        naming both candidates, since the answer depends on which draft you mean.

        >>> import peaceplan
        >>> c = peaceplan.load_corpus()
        >>> d = peaceplan.diff(c.version("28-point"), c.version("20-point"))
        >>> d.change(old="6").new_labels  # the army cap, old point 6, is new point 4
        ('4',)
        >>> d.change(new="6").old_labels  # new point 6, non-aggression in Russian law, was old 16
        ('16',)
        """
        given = [(side, value) for side, value in (("", label), ("old", old), ("new", new)) if value is not None]
        if len(given) != 1:
            raise ValidationError(
                "Diff.change: expected exactly one of a label, old= or new=; got "
                + (", ".join(f"{side or 'label'}={value!r}" for side, value in given) or "none")
            )
        side, value = given[0]
        wanted = str(value)
        on_old = next((e for e in self.entries if wanted in e.match.old), None)
        on_new = next((e for e in self.entries if wanted in e.match.new), None)
        if side == "old":
            if on_old is None:
                raise UnknownProvisionError(
                    f"Diff.change(old={wanted!r}): the old version {self.old.id!r} has no provision {wanted!r}; "
                    f"its points are {', '.join(self.old.labels) or 'none'}"
                )
            return on_old
        if side == "new":
            if on_new is None:
                raise UnknownProvisionError(
                    f"Diff.change(new={wanted!r}): the new version {self.new.id!r} has no provision {wanted!r}; "
                    f"its points are {', '.join(self.new.labels) or 'none'}"
                )
            return on_new
        if on_old is not None and on_new is not None and on_old is not on_new:
            raise AmbiguousLabelError(
                f"Diff.change({wanted!r}) is ambiguous: in {self.old.id!r} → {self.new.id!r}, old point {wanted} "
                f"is the change {_arrow(on_old)} and new point {wanted} the change {_arrow(on_new)}; "
                f"pass old={wanted!r} or new={wanted!r}"
            )
        found = on_new if on_new is not None else on_old
        if found is None:
            raise UnknownProvisionError(
                f"neither {self.old.id!r} nor {self.new.id!r} has a provision {wanted!r}; "
                f"the old version's points are {', '.join(self.old.labels) or 'none'}; "
                f"the new version's points are {', '.join(self.new.labels) or 'none'}"
            )
        return found

    def filter(
        self,
        *,
        kind: MatchKind | str | None = None,
        finding: str | None = None,
        topic: str | None = None,
        party: str | None = None,
        label: str | int | None = None,
    ) -> tuple[Change, ...]:
        """The changes that pass every filter given, in document order.

        ``kind``: of this kind (``"modified"``); ``finding``: carrying this kind of
        finding (``"modality"``); ``topic``: a point on either side is tagged with this
        topic, by slug or name (``"territory"``, ``"army size"``); ``party``: this actor
        is among the change's proposers (``"russia"``); ``label``: the point or one of
        its sub-points, on either side (``4`` takes ``"4"`` and ``"4.a"``).

        A kind, topic, party or label that does not exist raises an error listing
        those that do (:class:`~peaceplan.ValidationError`,
        :class:`~peaceplan.UnknownTopicError`, :class:`~peaceplan.UnknownProvisionError`):
        a typo must not read as "no such changes".

        >>> import peaceplan
        >>> c = peaceplan.load_corpus()
        >>> d = peaceplan.diff(c.version("28-point"), c.version("20-point"))
        >>> [ch.new_labels for ch in d.filter(topic="army size")]
        [('4',)]
        """
        out = self.changes
        if kind is not None:
            wanted = _coerce(MatchKind, kind, "Diff.filter(kind=...)")
            out = tuple(c for c in out if c.kind is wanted)
        if finding is not None:
            found = _coerce(FindingKind, finding, "Diff.filter(finding=...)")
            out = tuple(c for c in out if any(f.kind is found for f in c.findings))
        if topic is not None:
            slug = self._topic_slug(topic)
            out = tuple(c for c in out if any(slug in p.topics for p in (*c.old, *c.new)))
        if party is not None:
            self._check_party(party)
            out = tuple(c for c in out if party in c.proposers)
        if label is not None:
            wanted_label = str(label)
            if not any(wanted_label in (*e.match.old, *e.match.new) for e in self.entries):
                self.change(wanted_label)  # raises UnknownProvisionError naming the points there are
            prefix = wanted_label + "."
            out = tuple(
                c
                for c in out
                if any(lb == wanted_label or lb.startswith(prefix) for lb in (*c.old_labels, *c.new_labels))
            )
        return out

    def _topic_slug(self, topic: str) -> str:
        """The slug ``topic`` names: one tagged in either version, else a known topic (else UnknownTopicError)."""
        from ..model.topics import topic as known_topic

        slug = normalise_topic(topic)
        used = {t for v in (self.old, self.new) for _, p in v.walk() for t in p.topics}
        return slug if slug in used else known_topic(topic).slug

    def _check_party(self, party: str) -> None:
        named = {
            a.actor
            for v in (self.old, self.new)
            for a in (*v.attributions, *(a for _, p in v.walk() for a in p.attributions))
        } | {a for c in self.changes for a in c.credited}
        if party not in named:
            raise ValidationError(
                f"Diff.filter(party=...): no actor {party!r} is credited in {self.old.id!r}, {self.new.id!r} "
                f"or their changes; expected one of: {', '.join(sorted(named)) or 'none'} (actor ids)"
            )

    def summary(self) -> Summary:
        """Counts by kind and by proposer (a change credited to two actors counts for each)."""
        changes = self.changes
        kinds = Counter(c.kind.value for c in changes)
        order = [k.value for k in MatchKind]
        proposers: Counter[str] = Counter()
        findings: Counter[str] = Counter()
        for c in changes:
            proposers.update(c.proposers)
            findings.update(f.kind.value for f in c.findings)
        return Summary(
            by_kind={k: kinds[k] for k in order if kinds[k]},
            by_proposer=dict(proposers.most_common()),
            findings=dict(findings.most_common()),
            metadata=len(self.metadata),
        )

    # --- patch semantics ----------------------------------------------------------

    def apply(self, version: Version) -> Version:
        """Rebuild the new version from ``version``, which must be this diff's old version.

        Unchanged points are taken from ``version`` itself; changed ones from the
        diff. Raises :class:`~peaceplan.errors.PatchError` for any other version.
        """
        if version.digest != self.old.digest:
            raise PatchError(
                f"this diff was computed from version {self.old.id!r} (digest {self.old.digest[:12]}); "
                f"version {version.id!r} (digest {version.digest[:12]}) is not that text"
            )
        by_new: dict[str, Change] = {}
        for e in self.entries:
            for label in e.match.new:
                by_new[label] = e
        provisions = []
        for label in self.new.labels:
            e = by_new[label]
            if len(e.old) == 1 and len(e.new) == 1 and e.old == e.new:
                provisions.append(version.provision(e.match.old[0]))
            else:
                provisions.append(e.new[e.match.new.index(label)])
        header = {k: getattr(self.new, k) for k in _HEADER_FIELDS}
        return attrs.evolve(version, provisions=provisions, **header)

    def invert(self) -> Diff:
        """The diff from new back to old: ``d.invert().apply(new) == old``."""
        with paused_gc():  # a burst of small records, as in diff()
            return _build(self.new, self.old, tuple(_invert_match(m) for m in self.alignment), options=DiffOptions())

    # --- interchange --------------------------------------------------------------

    def to_dict(self) -> dict[str, Any]:
        """Plain data valid against ``schemas/diff.schema.json``."""
        return {
            "peaceplan-diff": 1,
            "old": self.old.to_dict(),
            "new": self.new.to_dict(),
            "path": list(self.path),
            "summary": self.summary().to_dict(),
            "metadata": [m.to_dict() for m in self.metadata],
            "changes": [_change_to_dict(e) for e in self.entries],
        }

    @property
    def digest(self) -> str:
        """sha256 of the canonical JSON of :meth:`to_dict`: what :meth:`to_json` writes as ``digest``."""
        return hashlib.sha256(canonical_json(self.to_dict()).encode("utf-8")).hexdigest()

    def to_json(self, *, indent: int | None = 2) -> str:
        """The diff as JSON, valid against ``schemas/diff.schema.json``, with its ``digest`` second.

        :meth:`from_json` checks the digest: a saved diff edited afterwards is refused.
        """
        data = self.to_dict()
        canonical = canonical_json(data)
        digest = hashlib.sha256(canonical.encode("utf-8")).hexdigest()
        data = {"peaceplan-diff": data.pop("peaceplan-diff"), "digest": digest, **data}
        if indent == 2:
            return indented_json(data, canonical)
        return json.dumps(data, ensure_ascii=False, indent=indent)

    @classmethod
    def from_dict(cls, data: Mapping[str, Any]) -> Diff:
        try:
            old = Version.from_dict(data["old"])
            new = Version.from_dict(data["new"])
            entries = tuple(_change_from_dict(e, old, new) for e in data["changes"])
            _check_kinds(entries, old, new)
            metadata = tuple(MetadataChange.from_dict(m) for m in data.get("metadata", ()))
            return cls(old=old, new=new, entries=entries, metadata=metadata, path=tuple(data.get("path", ())))
        except (KeyError, TypeError, ValueError) as exc:
            if isinstance(exc, ValidationError):
                raise
            raise ValidationError(f"not a peaceplan diff: {exc!r}") from None

    @classmethod
    def from_json(cls, text: str, *, verify: bool = True, file: str | None = None) -> Diff:
        """Load a diff written by :meth:`to_json`; the result equals the original.

        Bad input raises :class:`~peaceplan.ValidationError`: a syntax error with
        its line, a key given twice (which plain ``json.loads`` would drop),
        ``NaN``, or anything the diff schema refuses, with its JSON pointer.
        When the text carries a ``digest`` (as :meth:`to_json` writes), the rest
        must hash to it, or :class:`~peaceplan.IntegrityError` is raised;
        ``verify=False`` loads it anyway, with an :class:`~peaceplan.IntegrityWarning`.
        ``file`` names the file the text was read from, for messages.
        """
        from ..files.schemata import accepts, validate_diff_data
        from ..files.yamlio import _TOO_DEEP, read_data

        name = file or "diff JSON"
        data, lines = read_data(text, json_syntax=True, file=name)
        try:
            if not accepts("diff", data):  # jsonschema lists the problems (see peaceplan.files.schemata)
                validate_diff_data(data, file=file)
            if "digest" in data:
                stated = data["digest"]
                actual = hashlib.sha256(
                    canonical_json({k: v for k, v in data.items() if k != "digest"}).encode("utf-8")
                ).hexdigest()
                if stated != actual:
                    found = (
                        f"the content does not match its digest ({stated[:12]}…; the content hashes to {actual[:12]}…)"
                    )
                    if verify:
                        raise IntegrityError(
                            [
                                Problem(
                                    message=f"{found}: the diff was changed after it was written; compute it again "
                                    "with peaceplan.diff, or load it anyway with verify=False",
                                    file=name,
                                    line=lines.line("/digest"),
                                    pointer="/digest",
                                )
                            ]
                        )
                    warnings.warn(
                        IntegrityWarning(f"{name}: {found}; loaded anyway, as verification is off"), stacklevel=2
                    )
            return cls.from_dict(data)
        except RecursionError:
            raise ValidationError(f"{name}: {_TOO_DEEP}") from None

    def _repr_html_(self) -> str:
        """The notebook display (IPython calls it; no IPython import needed)."""
        from ..render.notebook import diff_html

        return diff_html(self)

    def to_frame(self, *, unchanged: bool = False, long: bool = False) -> pd.DataFrame:
        """A pandas DataFrame with typed columns (needs the ``pandas`` extra).

        One row per change (every aligned point with ``unchanged``), its proposers a list;
        ``long``: one row per change and proposer, the actor id in ``proposer``.
        """
        from ..render.frames import diff_frame

        return diff_frame(self, unchanged=unchanged, long=long)

    def to_docx(self, path: str | os.PathLike[str], *, corpus: CorpusData | None = None) -> Path:
        """Write a Word redline whose tracked changes are credited to the parties (needs the ``docx`` extra).

        See :func:`peaceplan.render.docx.write_docx`; ``corpus`` gives display names and step dates.
        """
        from ..render.docx import write_docx

        return write_docx(self, path, corpus=corpus)

    def to_akn(self, *, corpus: CorpusData | None = None) -> str:
        """The new version as Akoma Ntoso 3.0 XML, each change a ``textualMod`` in its ``passiveModifications``."""
        from ..files.akn import diff_to_akn

        return diff_to_akn(self, corpus=corpus)

    def __repr__(self) -> str:
        return f"<Diff {self.old.id!r} → {self.new.id!r}: {self.summary()}>"


class TracingCorpus(Protocol):
    """What :func:`diff` hands a ``corpus=`` diff to: a :class:`~peaceplan.Corpus`.

    Tracing a change along the lineage is the history layer's work, above this engine;
    the corpus, the facade over both, diffs and traces with the one tracer. Typed by
    its shape, so the engine does not import the layers above it.
    """

    def diff(
        self,
        old_id: str | Version,
        new_id: str | Version,
        *,
        use_lineage: bool = True,
        options: DiffOptions | None = None,
    ) -> Diff: ...  # pragma: no cover - a protocol


# Every header field of a version: its id plus the fields the metadata diff compares.
_HEADER_FIELDS = ("id", *COMPARED)


def diff(
    old: Version,
    new: Version,
    *,
    use_lineage: bool = True,
    corpus: TracingCorpus | None = None,
    options: DiffOptions | None = None,
) -> Diff:
    """Compare two versions point by point.

    Works for consecutive drafts, non-adjacent ones, competing branches and
    documents of different kinds. With ``use_lineage`` curated ``derived_from``
    links win over inference. With ``corpus`` (both versions must be in it),
    this is ``corpus.diff(old, new)``: a change between non-adjacent versions is
    traced along the lineage and credited step by step, as blame and thread
    trace it.

    >>> import peaceplan
    >>> c = peaceplan.load_corpus()
    >>> d = peaceplan.diff(c.version("28-point"), c.version("20-point"))
    >>> d.change(new="4").kind.value
    'modified'
    """
    for side, value in (("old", old), ("new", new)):
        if not isinstance(value, Version):
            hint = (
                f"; for version ids, load the corpus and call corpus.diff({old!r}, {new!r})"
                if isinstance(value, str)
                else ""
            )
            raise TypeError(f"diff() compares two Version objects; {side} is {type(value).__name__} {value!r}{hint}")
    if corpus is not None:
        # Tracing is history's work: the corpus (the facade) diffs, then traces with the one tracer.
        return corpus.diff(old, new, use_lineage=use_lineage, options=options)
    options = options or DiffOptions()
    with paused_gc():  # a burst of small records: see peaceplan._gcpause
        matches = aligned(old, new, use_lineage=use_lineage, options=options.align)
        return _build(old, new, matches, options=options)


def _build(old: Version, new: Version, matches: Sequence[Match], *, options: DiffOptions) -> Diff:
    known = edge_details(old, new, options)
    entries = tuple(change_of(old, new, m, options, details=known) for m in matches)
    if known is not None:
        known.write()
    return Diff(old=old, new=new, entries=entries, metadata=metadata_changes(old, new))


def edge_details(old: Version, new: Version, options: DiffOptions) -> EdgeDetails | None:
    """The details (redline, findings, verdict) of the changed points from ``old`` to ``new``, kept on disk.

    What :func:`change_of` reads before computing a changed point's details, and keeps
    what it computes in (see :mod:`peaceplan.compare.details`); None when the disk
    cache is off. The alignment options do not decide a detail, so they are no part of
    its key; every other option is.
    """
    return _edge(
        old, new, attrs.asdict(options, filter=lambda a, _: a.name != "align"), (options.redline, options.reword_ratio)
    )


def _redline(old: str, new: str) -> Redline:
    """The redline, always computed with the texts in string order (then inverted if need be).

    The findings compare texts in that order too, so both share one cached word diff,
    and a diff and its inverse show mirror-image redlines.
    """
    return redline(old, new) if old <= new else redline(new, old).invert()


def _subject(p: Provision) -> str | None:
    """What a point is about, for finding summaries: its title, else its first topic."""
    if p.title:
        return p.title
    return p.topics[0].replace("-", " ") if p.topics else None


def same_content(old: Provision, new: Provision, *, titled: bool = True, tagged: bool = True) -> bool:
    """Whether a point's own content is the same in both versions: a match of the two needs no word diff.

    :func:`change_of` keeps the kind of a one-to-one match of such points (an *unchanged* match
    stays unchanged, a renumbered one renumbered) and computes no redline or findings. Titles
    count when both versions use them (``titled``), topics when both are tagged (``tagged``).

    >>> same_content(Provision(label="1", text="A ceasefire."), Provision(label="2", text="A ceasefire."))
    True
    >>> same_content(Provision(label="1", text="A ceasefire."), Provision(label="1", text="A truce."))
    False
    """
    # _own_content of each, compared field by field (most often the first field decides)
    return (
        old.text == new.text
        and old.alternatives == new.alternatives
        and old.positions == new.positions
        and (not titled or old.title == new.title)
        and (not tagged or old.topics == new.topics)
    )


def decided_kind(
    match: Match, olds: Sequence[Provision], news: Sequence[Provision], *, titled: bool, tagged: bool
) -> MatchKind | None:
    """The kind :func:`change_of` gives ``match`` when the match and its points' own content decide it; else None.

    ``olds`` and ``news`` are the points of ``match`` in the old and new version; ``titled``
    and ``tagged`` say whether both versions use titles and topics (see :func:`same_content`).
    A point added or removed, a split and a merge keep the alignment's kind, and so does a
    match whose points' own content is the same on both sides. None, when the kind takes a
    verdict: a point aligned as modified or reworded is *reworded* or *modified* as its
    redline and findings say (:func:`is_rewording`), unless it is one point whose content
    stayed the same; a point carried over (unchanged, renumbered, moved) whose title,
    topics, options or positions changed is *modified* or *reworded* as its findings say.
    What :func:`verdict_of` and a traced diff's steps answer without a redline.

    >>> p, q = Provision(label="1", text="A ceasefire."), Provision(label="1", text="A truce.")
    >>> def kind(old, new, kind): return decided_kind(Match(old=tuple(x.label for x in old),
    ...     new=tuple(x.label for x in new), kind=kind, score=1.0, curated=False), old, new, titled=True, tagged=True)
    >>> kind([p], [p], MatchKind.MODIFIED), kind([p], [q], MatchKind.MODIFIED), kind([p], [], MatchKind.REMOVED)
    (<MatchKind.MODIFIED: 'modified'>, None, <MatchKind.REMOVED: 'removed'>)
    """
    kind = match.kind
    if kind is MatchKind.MODIFIED or kind is MatchKind.REWORDED:
        if not olds or not news:
            return kind  # not a consistent match: change_of keeps its kind
    elif kind not in _CARRIED:
        return kind  # added, removed, split, merged: the alignment's kind
    if len(olds) == 1 and len(news) == 1:  # the common case: one point, its content the same or not
        return kind if same_content(olds[0], news[0], titled=titled, tagged=tagged) else None
    if kind in _CARRIED and not _own_differs(olds, news, titled=titled, tagged=tagged):
        return kind  # several points carried over, each with the same content
    return None  # the verdict of its redline and findings


def known_kind(old: Version, new: Version, match: Match, details: EdgeDetails) -> MatchKind | None:
    """The kind :func:`change_of` gives ``match``, when ``details`` know its verdict; else None.

    For a view that shows a step's kind and not its redline or findings (blame): the
    same decision as :func:`change_of`, read from the details kept on disk without
    making their records. None for a point whose details are not kept (unknown yet, or
    a point added, removed or carried over word for word, which cost little to compute),
    and for a point carried over with other content whose findings are not kept (its
    kind rests on theirs). :func:`verdict_of` computes what this does not know.
    """
    olds = tuple(map(old.provision, match.old))
    news = tuple(map(new.provision, match.new))
    if not olds or not news:
        return None
    own_differs = _own_differs(
        olds, news, titled=old.has_titles and new.has_titles, tagged=old.has_topics and new.has_topics
    )
    if len(olds) == 1 and len(news) == 1 and not own_differs:
        return None
    known = details.peek(match, olds, news)
    if known is None:
        return None
    kind, finding_kinds = known
    if kind in _CARRIED and own_differs:
        if finding_kinds is None:
            return None
        substantive = bool(finding_kinds & _SUBSTANTIVE_SAME_TEXT)
        kind = MatchKind.MODIFIED if substantive else MatchKind.REWORDED
    return kind


def verdict_of(
    old: Version, new: Version, match: Match, options: DiffOptions, *, details: EdgeDetails | None = None
) -> MatchKind:
    """The kind :func:`change_of` gives ``match``, computing no more of the change than the kind needs.

    For a view that shows a step's kind (blame's verdicts, a traced diff's steps). A point
    aligned as modified is *modified* or *reworded* (see :func:`is_rewording`); the redline
    decides first, and only when it reads as a rewording are the findings asked whether
    there is any (:func:`_has_findings`). ``details`` (:func:`edge_details`) answer it when
    they know the verdict, lend a redline kept alone, and keep what is computed: the
    redline and verdict, with the findings when there are none.

    >>> import peaceplan
    >>> c = peaceplan.load_corpus()
    >>> old, new = c.version("28-point"), c.version("20-point")
    >>> matches = [m for m in peaceplan.align(old, new) if m.kind is MatchKind.MODIFIED]
    >>> [verdict_of(old, new, m, DiffOptions()) for m in matches] == [
    ...     change_of(old, new, m, DiffOptions()).kind for m in matches
    ... ]
    True
    """
    olds = tuple(map(old.provision, match.old))
    news = tuple(map(new.provision, match.new))
    titled, tagged = old.has_titles and new.has_titles, old.has_topics and new.has_topics
    kind = decided_kind(match, olds, news, titled=titled, tagged=tagged)
    if kind is not None:
        return kind
    if match.kind in _CARRIED:
        # Carried over with other content: its kind rests on the kinds of its findings.
        known = known_kind(old, new, match, details) if details is not None else None
        return known if known is not None else change_of(old, new, match, options, details=details).kind
    # Modified or reworded, as the redline and findings say.
    red: Redline | None = None
    if details is not None:
        stored = details.peek(match, olds, news)
        if stored is not None:
            return stored[0]
        red = details.redline(match, olds, news)  # a redline kept alone (influence's)
    if red is None:
        red = _points_redline(olds, news)
    if _modified_by_redline(red, options) or _has_findings(olds, news):  # the redline first: most need no findings
        if details is not None:
            details.put_partial(match, red, MatchKind.MODIFIED)
        return MatchKind.MODIFIED
    if details is not None:
        details.put(match, (red, (), MatchKind.REWORDED))  # no finding: the whole detail is known
    return MatchKind.REWORDED


def redline_of(old: Version, new: Version, match: Match, *, details: EdgeDetails | None = None) -> Redline | None:
    """The redline :func:`change_of` gives ``match``, without its findings, verdict or credit.

    For a view that shows what words a change inserted and nothing else (influence): the
    findings are most of the cost of a change record. ``details`` answer it when they
    keep it, and keep it when computed.

    >>> import peaceplan
    >>> c = peaceplan.load_corpus()
    >>> old, new = c.version("28-point"), c.version("20-point")
    >>> m = next(m for m in peaceplan.align(old, new) if m.kind is MatchKind.MODIFIED)
    >>> redline_of(old, new, m) == change_of(old, new, m, DiffOptions()).redline
    True
    """
    olds = tuple(map(old.provision, match.old))
    news = tuple(map(new.provision, match.new))
    if not olds or not news:
        return None
    titled, tagged = old.has_titles and new.has_titles, old.has_topics and new.has_topics
    if len(olds) == 1 and len(news) == 1 and not _own_differs(olds, news, titled=titled, tagged=tagged):
        text = olds[0].text
        return Redline(segments=(Segment(op=Op.EQUAL, text=text),) if text else ())
    if details is not None:
        known = details.redline(match, olds, news)
        if known is not None:
            return known
    red = _points_redline(olds, news)
    if details is not None:
        details.put_partial(match, red)
    return red


def _points_redline(olds: Sequence[Provision], news: Sequence[Provision]) -> Redline:
    """The word redline of a match's points: their own texts, each side joined by a space."""
    return _redline(" ".join(p.text for p in olds), " ".join(p.text for p in news))


def _has_findings(olds: Sequence[Provision], news: Sequence[Provision]) -> bool:
    """Whether the change of ``olds`` into ``news`` has any finding: what a verdict asks of the findings.

    The one place a verdict without findings (:func:`verdict_of`) asks it: the findings
    :func:`change_of` computes, looked for only until the first one
    (:func:`~peaceplan.compare.findings.has_findings`, :func:`~peaceplan.compare.findings.has_text_findings`).
    """
    if len(olds) == 1 and len(news) == 1:
        return has_findings(olds[0], news[0], children=False)
    return has_text_findings(" ".join(p.full_text() for p in olds), " ".join(p.full_text() for p in news))


_CARRIED = frozenset({MatchKind.UNCHANGED, MatchKind.RENUMBERED, MatchKind.MOVED})
"""Kinds that carry a point over with the same wording (its title, topics, options or positions may differ)."""

_VERDICTS = frozenset({MatchKind.MODIFIED, MatchKind.REWORDED})
"""Kinds of a changed text: which of the two is a verdict of its redline and findings (see :func:`is_rewording`)."""

_SUBSTANTIVE_SAME_TEXT = frozenset({FindingKind.ALTERNATIVE.value, FindingKind.POSITION.value})
"""Finding kinds that make a change of a point whose text stayed the same substantive (see :func:`change_of`)."""


def change_of(
    old: Version, new: Version, match: Match, options: DiffOptions, *, details: EdgeDetails | None = None
) -> Change:
    """The full :class:`Change` record of one match: redline, findings, final kind and credit.

    Public so history can compute the detail of a single step without a whole diff.
    ``details`` (:func:`edge_details` of the two versions) answers a changed point's
    redline, findings and verdict when it knows them, and keeps them when computed.
    """
    olds = tuple(map(old.provision, match.old))
    news = tuple(map(new.provision, match.new))
    titled, tagged = old.has_titles and new.has_titles, old.has_topics and new.has_topics
    decided = decided_kind(match, olds, news, titled=titled, tagged=tagged)  # None: a verdict
    kind = match.kind
    red: Redline | None = None
    findings: tuple[Finding, ...] = ()
    if len(olds) == 1 and len(news) == 1 and same_content(olds[0], news[0], titled=titled, tagged=tagged):
        # The common case in a large text: the same point, perhaps renumbered or
        # moved. Nothing inside it changed, so skip the word diff and findings.
        text = olds[0].text
        red = Redline(segments=(Segment(op=Op.EQUAL, text=text),) if text else ())
    elif olds and news:
        known = details.get(match, olds, news) if details is not None else None
        if known is not None:
            red, findings, kind = known
        else:
            # A redline kept alone (by influence, or with a verdict by blame) is reused; the entry is completed.
            red = details.redline(match, olds, news) if details is not None else None
            if red is None:
                red = _points_redline(olds, news)
            if len(olds) == 1 and len(news) == 1:
                findings = provision_findings(olds[0], news[0], subject=_subject(news[0]), children=False)
            else:
                findings = _joined_findings(olds, news)
            if decided is None and kind in _VERDICTS:
                kind = MatchKind.REWORDED if is_rewording(red, findings, options) else MatchKind.MODIFIED
            if details is not None:
                details.put(match, (red, findings, kind))
    else:
        # A whole point added or removed: every name in it would read as "now
        # named" or "no longer named", which is noise; its topics are the news.
        one = news[0] if news else olds[0]
        pair = (None, one) if news else (one, None)
        inherited = _parent_topics(new if news else old, (match.new if news else match.old)[0])
        findings = tuple(f for f in topic_findings(*pair, subject=_subject(one)) if (f.new or f.old) not in inherited)
    if decided is None and kind in _CARRIED:
        # Same text, but the title, topics, options or positions changed.
        substantive = any(f.kind.value in _SUBSTANTIVE_SAME_TEXT for f in findings)
        kind = MatchKind.MODIFIED if substantive else MatchKind.REWORDED
    if kind is not match.kind:
        match = attrs.evolve(match, kind=kind)
    attributions: tuple[Attribution, ...] = ()
    sources: tuple[Source, ...] = ()
    if kind is not MatchKind.UNCHANGED:
        attributions, sources = change_credit(old, new, match.old, news)
    return Change(
        match=match,
        old=olds,
        new=news,
        redline=red,
        findings=findings,
        attributions=attributions,
        sources=sources,
    )


def _parent_topics(version: Version, label: str) -> frozenset[str]:
    """The topics of the point a sub-point belongs to: a sub-point added or dropped does not add or drop them.

    "All prisoners are exchanged" dropped as a sub-point of a humanitarian point that
    stays is not the humanitarian topic removed; counting it would report the topic
    once for the parent and again for each sub-point.
    """
    head, dot, _ = label.rpartition(".")
    if not dot:
        return frozenset()
    try:
        return frozenset(version.provision(head).topics)
    except UnknownProvisionError:
        return frozenset()


def is_rewording(red: Redline, findings: Sequence[Finding], options: DiffOptions | None = None) -> bool:
    """The editorial/substantive call for a changed text: no finding at all, no clause added or
    dropped whole, and either an editorial-only redline or one similar enough (``options.reword_ratio``).

    A finding of any kind (a number, a party, an obligation word, a topic or a
    stance) makes the change substantive; so does a run of words inserted or
    deleted outright that holds a clause (:data:`CLAUSE_WORDS` words of substance
    or more), as ", and every signatory confirms it by signing" does.

    >>> from peaceplan.compare.redline import redline
    >>> is_rewording(redline("Ukraine gets reliable guarantees.", "Ukraine gets strong guarantees."), ())
    True
    >>> is_rewording(redline("Sovereignty is reaffirmed.",
    ...                      "Sovereignty is reaffirmed, and every signatory confirms it by signing."), ())
    False
    """
    options = options or DiffOptions()
    return not findings and not _modified_by_redline(red, options)


def _modified_by_redline(red: Redline, options: DiffOptions) -> bool:
    """Whether the redline alone makes a changed text modified, whatever its findings (see :func:`is_rewording`).

    A clause added or dropped whole, or a rewrite neither editorial nor similar enough.
    """
    if _adds_or_drops_clause(red):
        return True
    if red.ratio >= options.reword_ratio:  # the cheaper test first: most rewrites keep most of their text
        return False
    return not red.is_editorial(options.redline)


CLAUSE_WORDS = 4
"""Words of four letters or more (stopwords aside) in a run inserted or deleted whole that make it a clause."""

_FUNCTION_WORDS = frozenset(
    {"that", "this", "with", "from", "into", "onto", "their", "them", "they", "there", "these", "those", "which"}
    | {"while", "where", "when", "what", "have", "been", "also", "such", "than", "then", "only", "over", "under"}
    | {"upon", "about"}
)


def _adds_or_drops_clause(red: Redline) -> bool:
    """Whether some run of the redline is inserted or deleted outright (not replaced) and holds a clause."""
    segments = red.segments
    last = len(segments) - 1
    for i, segment in enumerate(segments):
        # A redline is canonical (no two neighbours share an op): a run between kept text is a deletion, an
        # insertion, or a deletion then an insertion (a replacement, which is no clause added or dropped).
        if segment.op is Op.EQUAL:
            continue
        if (i > 0 and segments[i - 1].op is not Op.EQUAL) or (i < last and segments[i + 1].op is not Op.EQUAL):
            continue
        if len(segment.text) < _CLAUSE_CHARS and segment.text.isascii():
            continue  # too short to hold a clause (lower-casing keeps an ASCII word's length): the common case
        substance = [w for w in (w.strip(".,;:()\"'").lower() for w in segment.text.split()) if len(w) >= 4]
        if len([w for w in substance if w not in _FUNCTION_WORDS]) >= CLAUSE_WORDS:
            return True
    return False


_CLAUSE_CHARS = 4 * CLAUSE_WORDS + CLAUSE_WORDS - 1
"""The fewest characters an ASCII clause takes: :data:`CLAUSE_WORDS` words of four letters or more, a space between."""


def _own_differs(olds: Sequence[Provision], news: Sequence[Provision], *, titled: bool, tagged: bool) -> bool:
    """Whether the points' own content differs (lineage links, notes and credit aside).

    Titles count only when both versions use them (``titled``), topics only when
    both are tagged (``tagged``): a version with none at all, such as an imported
    plain text, says nothing about its points' subjects, so the same text is not a
    change. Within annotated versions, a title or topic dropped from one point is.
    """
    if len(olds) == 1 and len(news) == 1:  # the common case, without building lists
        return _own_content(olds[0], titled, tagged) != _own_content(news[0], titled, tagged)
    return [_own_content(p, titled, tagged) for p in olds] != [_own_content(p, titled, tagged) for p in news]


def _own_content(p: Provision, titled: bool = True, tagged: bool = True) -> tuple[object, ...]:
    """A point's own content; its title and topics only where the other side has some (``titled``, ``tagged``)."""
    return (p.text, p.title if titled else None, p.topics if tagged else None, p.alternatives, p.positions)


def _joined_findings(olds: Sequence[Provision], news: Sequence[Provision]) -> tuple[Finding, ...]:
    return text_findings(" ".join(p.full_text() for p in olds), " ".join(p.full_text() for p in news))


_INVERSE = {
    MatchKind.ADDED: MatchKind.REMOVED,
    MatchKind.REMOVED: MatchKind.ADDED,
    MatchKind.SPLIT: MatchKind.MERGED,
    MatchKind.MERGED: MatchKind.SPLIT,
}


def _invert_match(m: Match) -> Match:
    return attrs.evolve(m, old=m.new, new=m.old, kind=_INVERSE.get(m.kind, m.kind))


def _change_to_dict(e: Change) -> dict[str, Any]:
    m = e.match
    return {
        "old": list(m.old),
        "new": list(m.new),
        "kind": m.kind.value,
        "score": m.score,
        "curated": m.curated,
        "relabelled": m.relabelled,
        "moved": m.moved,
        "confidence": m.confidence,
        "uncertain": m.uncertain,
        "redline": e.redline.to_dict() if e.redline is not None else None,
        "findings": [f.to_dict() for f in e.findings],
        "attributions": [a.to_dict() for a in e.attributions],
        "sources": [s.to_dict() for s in e.sources],
        "steps": [s.to_dict() for s in e.steps],
    }


def _check_kinds(entries: Sequence[Change], old: Version, new: Version) -> None:
    """Refuse an entry whose kind its own two sides contradict.

    A saved diff whose "modified" change was relabelled "unchanged" would drop the
    change from the summary and make :meth:`Diff.apply` keep the old text; the
    digest catches that edit, and this check catches it in a diff without one.
    """
    titled, tagged = old.has_titles and new.has_titles, old.has_topics and new.has_topics
    problems = []
    for i, e in enumerate(entries):
        kind, olds, news = e.kind, e.old, e.new
        if kind in (MatchKind.UNCHANGED, MatchKind.RENUMBERED, MatchKind.MOVED):
            if len(olds) != 1 or len(news) != 1:
                wrong = f"a {kind.value!r} entry pairs one point with one, not {len(olds)} with {len(news)}"
            elif _own_differs(olds, news, titled=titled, tagged=tagged):
                wrong = f"the entry says {kind.value!r}, but the two points differ"
            elif kind is MatchKind.UNCHANGED and e.match.old != e.match.new:
                wrong = (
                    f"the entry says 'unchanged', but the point was renumbered ({e.match.old[0]} → {e.match.new[0]})"
                )
            else:
                continue
        elif (kind is MatchKind.ADDED and olds) or (kind is MatchKind.REMOVED and news):
            wrong = f"an {kind.value!r} entry has points on both sides"
        else:
            continue
        problems.append(Problem(message=f"not a consistent diff: {wrong}", pointer=f"/changes/{i}/kind"))
    if problems:
        raise ValidationError(problems)


def _change_from_dict(data: Mapping[str, Any], old: Version, new: Version) -> Change:
    match = Match(
        old=tuple(data["old"]),
        new=tuple(data["new"]),
        kind=MatchKind(data["kind"]),
        score=float(data["score"]),
        curated=bool(data["curated"]),
        relabelled=bool(data["relabelled"]),
        moved=bool(data["moved"]),
        confidence=float(data.get("confidence", 1.0)),
        uncertain=bool(data.get("uncertain", False)),
    )
    return Change(
        match=match,
        old=tuple(old.provision(label) for label in match.old),
        new=tuple(new.provision(label) for label in match.new),
        redline=Redline.from_dict(data["redline"]) if data.get("redline") is not None else None,
        findings=tuple(Finding.from_dict(f) for f in data["findings"]),
        attributions=tuple(Attribution.from_dict(a) for a in data["attributions"]),
        sources=tuple(Source.from_dict(s) for s in data["sources"]),
        steps=tuple(Step.from_dict(s) for s in data.get("steps", ())),
    )
