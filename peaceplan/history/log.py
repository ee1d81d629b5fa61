"""The version graph: log, ancestors, descendants, branch points, heads and paths.

Versions name their ``parents``, so a corpus is a DAG: competing drafts branch
from one text (the E3 counter-proposal and the Geneva revision both answer the
28-point plan) and a revision may answer several. Provisions may also name,
through ``derived_from``, a provision of a version that is not a parent, often
of another document (a guarantee document that grew out of a point of the plan,
a prosperity plan that took over the plan's reconstruction points). This module
answers the questions about that graph, read from the one index of it,
:class:`~peaceplan.model.graph.Graph` (:attr:`Corpus.graph`, built once per corpus);
provision-level history (blame, threads, synopsis, influence) builds on it.

>>> import peaceplan
>>> c = peaceplan.load_corpus()
>>> [e.version for e in log(c, "peace-plan")]
['28-point', 'e3-counter', 'geneva-19', '20-point', '20-point-2026-01']
>>> heads(c, "peace-plan")
('e3-counter', '20-point-2026-01')
>>> path(c, "e3-counter", "20-point")
('e3-counter', '28-point', 'geneva-19', '20-point')
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import TYPE_CHECKING, Any

import attrs

from ..model.dates import FuzzyDate
from ..model.graph import Graph
from ..model.records import Status

if TYPE_CHECKING:  # pragma: no cover
    from ..model.collection import CorpusData

__all__ = [
    "Graph",
    "Log",
    "LogEntry",
    "ancestors",
    "branch_points",
    "common_ancestor",
    "descendants",
    "heads",
    "log",
    "path",
]


@attrs.frozen(kw_only=True)
class LogEntry:
    """One version in a log: its place in the graph and who put it forward."""

    version: str
    document: str
    title: str
    date: FuzzyDate | None
    status: Status
    parents: tuple[str, ...]
    children: tuple[str, ...]
    derived_from: tuple[str, ...]
    proposers: tuple[str, ...]

    @property
    def is_branch_point(self) -> bool:
        """True when two or more versions revise this one."""
        return len(self.children) > 1

    @property
    def is_root(self) -> bool:
        """True when the corpus holds no earlier version of this text."""
        return not self.parents

    def to_record(self) -> dict[str, Any]:
        return {
            "version": self.version,
            "document": self.document,
            "title": self.title,
            "date": str(self.date) if self.date else None,
            "status": self.status.value,
            "parents": list(self.parents),
            "children": list(self.children),
            "derived_from": list(self.derived_from),
            "proposers": list(self.proposers),
        }

    def __str__(self) -> str:
        date = str(self.date) if self.date else "undated"
        came = f" ← {', '.join(self.parents)}" if self.parents else " (root)"
        extra = f" [derives from {', '.join(self.derived_from)}]" if self.derived_from else ""
        who = f" by {', '.join(self.proposers)}" if self.proposers else ""
        return f"{self.version:<24} {date:<14} {self.status.value:<10}{who}{came}{extra}"

    def _repr_html_(self) -> str:
        """The notebook display: its text under a title (IPython calls it; no IPython import needed)."""
        from ..render.notebook import text_html

        return text_html(f"Version {self.version}", str(self))


@attrs.frozen(kw_only=True, repr=False)
class Log:
    """The versions of a document (or of the whole corpus), parents first, then by date."""

    document: str | None
    entries: tuple[LogEntry, ...]

    def __iter__(self) -> Iterator[LogEntry]:
        return iter(self.entries)

    def __len__(self) -> int:
        return len(self.entries)

    def __getitem__(self, index: int) -> LogEntry:
        return self.entries[index]

    @property
    def versions(self) -> tuple[str, ...]:
        return tuple(e.version for e in self.entries)

    def to_records(self) -> list[dict[str, Any]]:
        """One plain row per version."""
        return [e.to_record() for e in self.entries]

    def __str__(self) -> str:
        return "\n".join(str(e) for e in self.entries)

    def __repr__(self) -> str:
        what = f"document {self.document!r}" if self.document else "corpus"
        return f"<Log of {what}: {' → '.join(self.versions) or 'no versions'}>"

    def _repr_html_(self) -> str:
        """The notebook display: one row per version (no IPython import needed)."""
        from ..render.notebook import log_html

        return log_html(self)


def log(corpus: CorpusData, document_id: str | None = None) -> Log:
    """The versions of ``document_id`` (every version when None), parents first, then by date.

    Each entry names its parents and children, and the versions of *other*
    documents (or skipped ancestors) its provisions say they derive from.

    >>> import peaceplan
    >>> c = peaceplan.load_corpus()
    >>> entry = log(c, "prosperity-plan")[0]
    >>> entry.derived_from
    ('20-point',)
    """
    graph = corpus.graph
    if document_id is not None:
        corpus.document(document_id)
    entries = []
    for vid in graph.order:
        v = corpus.version(vid)
        if document_id is not None and v.document != document_id:
            continue
        entries.append(
            LogEntry(
                version=v.id,
                document=v.document,
                title=v.title,
                date=v.date or v.reported,
                status=v.status,
                parents=graph.parents[vid],
                children=graph.children[vid],
                derived_from=graph.derived[vid],
                proposers=v.proposers,
            )
        )
    return Log(document=document_id, entries=tuple(entries))


def ancestors(corpus: CorpusData, version_id: str, *, derivations: bool = False) -> tuple[str, ...]:
    """Every version ``version_id`` descends from, oldest first (itself excluded).

    With ``derivations``, versions reached through ``derived_from`` links count too,
    so a document's history crosses into the documents it grew out of.

    >>> import peaceplan
    >>> c = peaceplan.load_corpus()
    >>> ancestors(c, "20-point")
    ('28-point', 'geneva-19')
    >>> ancestors(c, "prosperity-plan", derivations=True)
    ('28-point', 'geneva-19', '20-point')
    """
    corpus.version(version_id)
    return corpus.graph.ancestors(version_id, derivations=derivations)


def descendants(corpus: CorpusData, version_id: str, *, derivations: bool = False) -> tuple[str, ...]:
    """Every version that descends from ``version_id``, oldest first (itself excluded).

    >>> import peaceplan
    >>> descendants(peaceplan.load_corpus(), "28-point")
    ('e3-counter', 'geneva-19', '20-point', '20-point-2026-01')
    """
    corpus.version(version_id)
    return corpus.graph.descendants(version_id, derivations=derivations)


def branch_points(corpus: CorpusData, document_id: str | None = None) -> tuple[str, ...]:
    """Versions that two or more versions revise (competing drafts branch there).

    >>> import peaceplan
    >>> branch_points(peaceplan.load_corpus(), "peace-plan")
    ('28-point',)
    """
    if document_id is not None:
        corpus.document(document_id)
    return corpus.graph.branch_points(document_id)


def heads(corpus: CorpusData, document_id: str | None = None) -> tuple[str, ...]:
    """The latest version of each branch: versions no other version revises.

    With ``document_id``, the heads of that document (a version revised only by
    versions of other documents is still a head of its own).

    >>> import peaceplan
    >>> c = peaceplan.load_corpus()
    >>> heads(c, "peace-plan")
    ('e3-counter', '20-point-2026-01')
    >>> "prosperity-plan-2026-02" in heads(c)
    True
    """
    if document_id is not None:
        corpus.document(document_id)
    return corpus.graph.heads(document_id)


def common_ancestor(corpus: CorpusData, a: str, b: str) -> str | None:
    """The nearest version both ``a`` and ``b`` descend from (either may be it), or None.

    Nearest means the fewest parent links from ``a`` and ``b`` together.

    >>> import peaceplan
    >>> common_ancestor(peaceplan.load_corpus(), "e3-counter", "20-point")
    '28-point'
    """
    corpus.version(a)
    corpus.version(b)
    return corpus.graph.common_ancestor(a, b)


def path(corpus: CorpusData, a: str, b: str) -> tuple[str, ...] | None:
    """The chain of versions from ``a`` to ``b`` through parent links, in either direction.

    Down from an ancestor, up to one, or up to the nearest common ancestor and
    down again for competing branches; None when the two share no ancestor.

    >>> import peaceplan
    >>> c = peaceplan.load_corpus()
    >>> path(c, "20-point", "28-point")
    ('20-point', 'geneva-19', '28-point')
    """
    corpus.version(a)
    corpus.version(b)
    return corpus.graph.path(a, b)
