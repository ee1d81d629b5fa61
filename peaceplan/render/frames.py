"""pandas DataFrames of diffs, blames, threads, influence tables, synopses and corpora.

What ``to_frame()`` returns: one row per change, provision, thread step,
actor-and-head, lineage or version, with typed columns so a frame filters,
groups and plots without conversions: ``string`` for text and for the words of
closed vocabularies (kinds, statuses, actor and version ids), ``Int64`` for
counts, ``Float64`` for ratios, ``bool`` for flags, ``datetime64`` for dates
known to the day (a date known only to the month, or qualified "late", is
``NaT`` there and kept as written in the ``…_text`` column next to it), and an
ordered ``category`` only where the order is the point: a thread's versions, an
influence table's heads. Kinds are plain text, so a plot or a ``groupby`` of a
filtered frame shows only the kinds there are.

Several of a thing are a list: ``proposers`` (actor ids in credit order),
``sources`` and ``parents`` hold a list in each row (empty when there are
none), so ``frame.explode("proposers")`` gives one row per proposer. That tidy
long form is also ``to_frame(long=True)``: one row per change and proposer, the
actor id in ``proposer`` (``None`` for a change nobody is credited with), ready
to count or plot by actor.

pandas is an optional extra (``pip install 'peaceplan[pandas]'``): it is
imported when a frame is asked for, and its absence raises
:class:`~peaceplan.errors.MissingExtraError` naming the extra.
"""

from __future__ import annotations

import datetime as _dt
from collections.abc import Iterable, Mapping, Sequence
from typing import TYPE_CHECKING, Any

from ..compare.matches import MatchKind
from ..errors import MissingExtraError
from ..model.dates import FuzzyDate
from ..model.records import Attribution, Confidence, Provision

if TYPE_CHECKING:  # pragma: no cover
    import pandas as pd

    from ..compare.diff import Diff
    from ..history.blame import Blame
    from ..history.influence import Influence
    from ..history.synopsis import Synopsis
    from ..history.thread import Thread
    from ..history.timeline import Timeline
    from ..model.collection import CorpusData

__all__ = [
    "blame_frame",
    "corpus_frame",
    "diff_frame",
    "influence_frame",
    "synopsis_frame",
    "thread_frame",
    "timeline_frame",
]

Spec = str | tuple[str, ...]
"""A column's type: a pandas dtype name, ``"datetime"``, ``"list"`` (a list in each row), or ordered categories."""

_FATE_COUNTS = ("proposed", "reached", "survived", "superseded", "reverted", "dropped", "unreached", "words")


def _frame(
    rows: Sequence[Mapping[str, Any]], spec: Mapping[str, Spec], *, feature: str = "to_frame()", long: bool = False
) -> pd.DataFrame:
    """Build a DataFrame from plain rows, typing each column as ``spec`` says (and in its order).

    ``long``: one row per proposer (the ``proposers`` list becomes the ``proposer`` column).
    """
    try:
        import pandas as pd
    except ImportError:
        raise MissingExtraError(feature, "pandas") from None
    columns: dict[str, Any] = {}
    for name, kind in spec.items():
        values = [row[name] for row in rows]
        if isinstance(kind, tuple):
            columns[name] = pd.Categorical(values, categories=list(kind), ordered=True)
        elif kind == "datetime":
            columns[name] = pd.to_datetime(pd.Series(values, dtype="object"))
        elif kind == "list":
            columns[name] = pd.Series([list(v) for v in values], dtype="object")
        else:
            columns[name] = pd.Series(values, dtype=kind)
    frame: pd.DataFrame = pd.DataFrame(columns, index=pd.RangeIndex(len(rows)))
    if long:
        exploded: pd.DataFrame = frame.explode("proposers", ignore_index=True).rename(columns={"proposers": "proposer"})
        exploded["proposer"] = exploded["proposer"].astype("string")
        return exploded
    return frame


def _day(date: FuzzyDate | None) -> _dt.date | None:
    """The calendar day of a date known exactly to the day, else None (shown as NaT)."""
    if date is None or date.month is None or date.day is None or date.qualifier is not None:
        return None
    return _dt.date(date.year, date.month, date.day)


def _text(date: FuzzyDate | None) -> str | None:
    return str(date) if date is not None else None


def _joined(items: Iterable[str], sep: str = ", ") -> str | None:
    text = sep.join(items)
    return text or None


def _full(provisions: Iterable[Provision]) -> str | None:
    return _joined((p.full_text() for p in provisions), " ")


def _contested(attributions: Iterable[Attribution]) -> bool:
    return any(a.confidence is Confidence.CONTESTED for a in attributions)


def _ordered(values: Iterable[str]) -> tuple[str, ...]:
    return tuple(dict.fromkeys(values))


# --- diffs ---------------------------------------------------------------------

_DIFF_SPEC: Mapping[str, Spec] = {
    "old": "string",
    "new": "string",
    "kind": "string",
    "title": "string",
    "score": "Float64",
    "moved": "bool",
    "relabelled": "bool",
    "curated": "bool",
    "confidence": "Float64",
    "uncertain": "bool",
    "old_text": "string",
    "new_text": "string",
    "redline": "string",
    "findings": "Int64",
    "summary": "string",
    "substantive": "bool",
    "softens": "bool",
    "hardens": "bool",
    "proposers": "list",
    "contested": "bool",
    "sources": "list",
    "steps": "Int64",
}


def diff_frame(d: Diff, *, unchanged: bool = False, long: bool = False) -> pd.DataFrame:
    """One row per change of a diff (every aligned point with ``unchanged``).

    ``old``/``new`` are the labels ("10.b, 10.d" for a merge), ``summary`` the
    findings' summaries joined with "; ", ``steps`` the intermediate drafts in
    which the point changed when the diff was traced through a corpus; ``long``
    gives one row per change and proposer (see the module docstring).

    >>> import peaceplan
    >>> from peaceplan.compare.diff import diff
    >>> c = peaceplan.load_corpus()
    >>> df = diff_frame(diff(c.version("28-point"), c.version("20-point")))
    >>> df.loc[df["new"] == "4", ["old", "kind", "proposers"]].to_dict("records")
    [{'old': '6', 'kind': 'modified', 'proposers': ['e3']}]
    """
    rows = []
    for c in d.entries if unchanged else d.changes:
        rows.append(
            {
                "old": _joined(c.old_labels),
                "new": _joined(c.new_labels),
                "kind": c.kind.value,
                "title": next((p.title for p in (*c.new, *c.old) if p.title), None),
                "score": c.match.score,
                "moved": c.match.moved,
                "relabelled": c.match.relabelled,
                "curated": c.match.curated,
                "confidence": c.match.confidence,
                "uncertain": c.match.uncertain,
                "old_text": _full(c.old),
                "new_text": _full(c.new),
                "redline": str(c.redline) if c.redline is not None else None,
                "findings": len(c.findings),
                "summary": _joined((f.summary for f in c.findings), "; "),
                "substantive": c.substantive,
                "softens": c.softens,
                "hardens": c.hardens,
                "proposers": list(c.proposers),
                "contested": c.contested,
                "sources": [s.id for s in c.sources],
                "steps": sum(1 for s in c.steps if s.kind is not MatchKind.UNCHANGED),
            }
        )
    return _frame(rows, _DIFF_SPEC, long=long)


# --- history -------------------------------------------------------------------

_BLAME_SPEC: Mapping[str, Spec] = {
    "label": "string",
    "depth": "Int64",
    "text": "string",
    "introduced_in": "string",
    "introduced_as": "string",
    "kind": "string",
    "proposers": "list",
    "contested": "bool",
    "sources": "list",
    "origin": "string",
    "origin_version": "string",
    "origins": "Int64",
    "predates_corpus": "bool",
    "steps": "Int64",
}


def blame_frame(b: Blame, *, long: bool = False) -> pd.DataFrame:
    """One row per provision (sub-points included): where its wording appeared, who proposed it, its origin.

    >>> import peaceplan
    >>> from peaceplan.history.blame import blame
    >>> df = blame_frame(blame(peaceplan.load_corpus(), "20-point"))
    >>> df.set_index("label").loc["4", ["origin", "proposers"]].tolist()
    ['28-point#6', ['e3']]
    """
    rows = []
    for line in b.lines:
        rows.append(
            {
                "label": line.label,
                "depth": line.label.count("."),
                "text": line.text,
                "introduced_in": line.introduced.version,
                "introduced_as": line.introduced.label,
                "kind": line.introduced.verdict.value,
                "proposers": list(line.proposers),
                "contested": _contested(line.attributions),
                "sources": [s.id for s in line.introduced.sources],
                "origin": str(line.origin.ref),
                "origin_version": line.origin.version,
                "origins": len(line.origins),
                "predates_corpus": line.predates_corpus,
                "steps": len(line.steps),
            }
        )
    return _frame(rows, _BLAME_SPEC, long=long)


def thread_frame(t: Thread, *, long: bool = False) -> pd.DataFrame:
    """One row per change along a thread (a version reached without a change gets one row).

    ``version`` is a category ordered as the thread runs; ``old``/``new`` are
    provision references ("28-point#6").

    >>> import peaceplan
    >>> from peaceplan.history.thread import thread
    >>> df = thread_frame(thread(peaceplan.load_corpus(), "army size"))
    >>> df["version"].cat.categories[:2].tolist()
    ['28-point', 'e3-counter']
    """
    rows = []
    for e in t.entries:
        base: dict[str, Any] = {
            "subject": t.subject,
            "version": e.version,
            "document": e.document,
            "date": _day(e.date),
            "date_text": _text(e.date),
            "labels": _joined(e.labels),
        }
        empty: dict[str, Any] = {
            "parent": None,
            "kind": None,
            "old": None,
            "new": None,
            "curated": False,
            "proposers": [],
            "contested": False,
            "summary": None,
            "redline": None,
            "text": _joined(e.texts, " "),
        }
        if not e.changes:
            rows.append(base | empty)
        for tc in e.changes:
            c = tc.change
            rows.append(
                base
                | {
                    "parent": tc.parent,
                    "kind": c.kind.value,
                    "old": _joined(f"{tc.parent}#{label}" for label in c.old_labels),
                    "new": _joined(f"{tc.version}#{label}" for label in c.new_labels),
                    "curated": tc.curated,
                    "proposers": list(tc.proposers),
                    "contested": c.contested,
                    "summary": _joined((f.summary for f in c.findings), "; "),
                    "redline": str(c.redline) if c.redline is not None else None,
                    "text": _full(c.new),
                }
            )
    versions = _ordered(e.version for e in t.entries)
    spec: dict[str, Spec] = {
        "subject": "string",
        "version": versions,
        "document": "string",
        "date": "datetime",
        "date_text": "string",
        "labels": "string",
        "parent": "string",
        "kind": "string",
        "old": "string",
        "new": "string",
        "curated": "bool",
        "proposers": "list",
        "contested": "bool",
        "summary": "string",
        "redline": "string",
        "text": "string",
    }
    return _frame(rows, spec, long=long)


def influence_frame(i: Influence) -> pd.DataFrame:
    """One row per actor and head version: changes proposed, their fates there, and the share of words kept.

    ``roots`` counts the actor's root contributions (wording of versions with no
    parent) among ``proposed``; ``contested`` the changes credited to it on
    contested attributions only.

    >>> import peaceplan
    >>> from peaceplan.history.influence import influence
    >>> df = influence_frame(influence(peaceplan.load_corpus(), heads=["20-point"]))
    >>> bool((df["survived"] <= df["reached"]).all())
    True
    """
    rows = i.to_records()
    spec: dict[str, Spec] = {"actor": "string", "head": tuple(i.heads)}
    spec.update(dict.fromkeys(_FATE_COUNTS, "Int64"))
    spec["roots"] = "Int64"
    spec["contested"] = "Int64"
    spec["surviving_words"] = "Int64"
    spec["share"] = "Float64"
    return _frame(rows, spec)


def synopsis_frame(s: Synopsis) -> pd.DataFrame:
    """One row per lineage of points; for each draft its label(s) and status (text).

    >>> import peaceplan
    >>> from peaceplan.history.synopsis import synopsis
    >>> df = synopsis_frame(synopsis(peaceplan.load_corpus(), ["28-point", "20-point"]))
    >>> df.loc[df["origin"] == "28-point#6", ["20-point", "20-point status"]].values.tolist()
    [['4', 'modified']]
    """
    rows = s.to_records()
    spec: dict[str, Spec] = {"origin": "string", "title": "string"}
    for column in s.columns:
        spec[column] = "string"
        spec[f"{column} status"] = "string"
    return _frame(rows, spec)


# --- corpora ---------------------------------------------------------------------

_CORPUS_SPEC: Mapping[str, Spec] = {
    "version": "string",
    "document": "string",
    "title": "string",
    "status": "string",
    "date": "datetime",
    "date_text": "string",
    "reported": "datetime",
    "reported_text": "string",
    "fidelity": "string",
    "language": "string",
    "parents": "list",
    "proposers": "list",
    "contested": "bool",
    "provisions": "Int64",
    "points": "Int64",
    "sources": "Int64",
}


def corpus_frame(c: CorpusData, *, long: bool = False) -> pd.DataFrame:
    """One row per version, parents first: document, status, dates, proposers and sizes.

    ``provisions`` counts top-level points, ``points`` sub-points too.

    >>> import peaceplan
    >>> df = corpus_frame(peaceplan.load_corpus())
    >>> df.set_index("version").loc["28-point", "provisions"]
    np.int64(28)
    """
    rows = []
    for v in c.ordered():
        rows.append(
            {
                "version": v.id,
                "document": v.document,
                "title": v.title,
                "status": v.status.value,
                "date": _day(v.date),
                "date_text": _text(v.date),
                "reported": _day(v.reported),
                "reported_text": _text(v.reported),
                "fidelity": v.fidelity.value,
                "language": v.language,
                "parents": list(v.parents),
                "proposers": list(v.proposers),
                "contested": _contested(v.attributions),
                "provisions": len(v.provisions),
                "points": sum(1 for _ in v.walk()),
                "sources": len(v.sources),
            }
        )
    return _frame(rows, _CORPUS_SPEC, long=long)


# --- timelines -------------------------------------------------------------------

_TIMELINE_SPEC: Mapping[str, Spec] = {
    "date": "datetime",
    "date_text": "string",
    "until": "datetime",
    "until_text": "string",
    "kind": "category",
    "id": "string",
    "title": "string",
    "is_event": "bool",
    "document": "category",
    "status": "category",
    "place": "category",
    "actors": "string",
    "concerns": "string",
    "sources": "Int64",
}


def timeline_frame(t: Timeline) -> pd.DataFrame:
    """One row per version or event, oldest first: dates, kind, place, actors, what it concerns.

    >>> import peaceplan
    >>> df = timeline_frame(peaceplan.load_corpus().timeline())
    >>> df.set_index("id").loc["abu-dhabi-round-1", "until_text"]
    '2026-01-24'
    """
    rows = [
        {
            "date": _day(e.date),
            "date_text": _text(e.date),
            "until": _day(e.until),
            "until_text": _text(e.until),
            "kind": e.kind,
            "id": e.id,
            "title": e.title,
            "is_event": e.is_event,
            "document": e.document,
            "status": e.status,
            "place": e.place,
            "actors": _joined(e.actors),
            "concerns": _joined(e.concerns),
            "sources": e.sources,
        }
        for e in t.entries
    ]
    return _frame(rows, _TIMELINE_SPEC)
