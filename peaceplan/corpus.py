"""The facade: :class:`Corpus`, a corpus with every analysis as a verb, and :func:`load_corpus`.

A :class:`Corpus` is the data of :class:`~peaceplan.model.collection.CorpusData` (actors,
documents, versions, events, checked as a whole) with the verbs an analyst calls on it:
``corpus.diff``, ``blame``, ``thread``, ``synopsis``, ``influence``, ``status``, ``log``...
Each verb is one call into the layer that owns it, imported when first called so that
loading a corpus does not load every analysis. This module sits above them all; nothing
below imports it.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from typing import TYPE_CHECKING

import attrs

from .files.io import PathLike, read_corpus
from .model.collection import CorpusData
from .model.records import Version

if TYPE_CHECKING:  # pragma: no cover
    from .compare.diff import Diff, DiffOptions
    from .history.blame import Blame
    from .history.deal import DealStatus, StatusHistory
    from .history.descent import HistoryOptions
    from .history.evolution import Evolution, TopicCounts, TopicMeasure
    from .history.influence import Grouping, Influence
    from .history.log import Log
    from .history.synopsis import Synopsis
    from .history.thread import Thread
    from .history.timeline import Timeline

__all__ = ["Corpus", "load_corpus"]


@attrs.frozen(kw_only=True, repr=False)
class Corpus(CorpusData):
    """Actors, documents and versions of one process, checked together, with every analysis as a verb.

    >>> import peaceplan
    >>> c = peaceplan.load_corpus()
    >>> len(c.version("28-point").provisions)
    28
    >>> c.diff("28-point", "20-point").new.id
    '20-point'
    """

    def diff(
        self,
        old_id: str | Version,
        new_id: str | Version,
        *,
        use_lineage: bool = True,
        options: DiffOptions | None = None,
        steps: bool = True,
    ) -> Diff:
        """Diff two versions by id, crediting each change step by step along the lineage.

        Each change is traced through the versions between the two by the one
        tracer every history view uses (:meth:`peaceplan.history.descent.Descent.trace`),
        so a step has the kind blame, thread and synopsis give it.

        ``steps=False``: each change credited step by step all the same, its steps
        left out (``change.steps`` empty), for a report that shows who proposed each
        change and not its steps, as the CSV table: no step's kind is decided, which
        for a point reworded along the way takes its redline and findings.

        >>> c = load_corpus()
        >>> full, credited = c.diff("28-point", "20-point"), c.diff("28-point", "20-point", steps=False)
        >>> len(full.change(new="4").steps), len(credited.change(new="4").steps)
        (2, 0)
        >>> [c.proposers for c in full.changes] == [c.proposers for c in credited.changes]
        True
        """
        from .compare.diff import DiffOptions, diff
        from .history.descent import Descent, HistoryOptions

        options = options or DiffOptions()
        descent = Descent(self, HistoryOptions(diff=options), lineage=use_lineage)
        with descent.sharing_tokens():  # (the two drafts' texts: most edges of the lineage tokenise them again)
            result = diff(self.version(old_id), self.version(new_id), use_lineage=use_lineage, options=options)
        return descent.trace(result, steps=steps)

    def blame(self, version_id: str | Version, *, options: HistoryOptions | None = None) -> Blame:
        """For every provision of a version: where its wording first appeared and who proposed it."""
        from .history.blame import blame

        return blame(self, version_id, options=options)

    def status(self, version_id: str | Version, *, parties: Sequence[str] | None = None) -> DealStatus:
        """How close a deal is: each party's position on each point, each point's state, the share agreed."""
        from .history.deal import corpus_status

        return corpus_status(self, self.version(version_id), parties=parties)

    def status_history(self, document_id: str, *, parties: Sequence[str] | None = None) -> StatusHistory:
        """:meth:`status` of every version of a document, parents first: how the share agreed moved."""
        from .history.deal import status_history

        return status_history(self, document_id, parties=parties)

    def thread(
        self, subject: str | Version, label: str | int | None = None, *, options: HistoryOptions | None = None
    ) -> Thread:
        """A topic (``"territory"``) or one provision (``"20-point", "14"``) through every draft."""
        from .history.thread import thread

        return thread(self, subject, label, options=options)

    def synopsis(
        self, versions: str | Version | Iterable[str | Version], *, options: HistoryOptions | None = None
    ) -> Synopsis:
        """One table aligning three or more drafts, branches included."""
        from .history.synopsis import synopsis

        return synopsis(self, versions, options=options)

    def influence(
        self,
        heads: str | Version | Iterable[str | Version] | None = None,
        *,
        by: Grouping = "actor",
        roots: bool = True,
        options: HistoryOptions | None = None,
    ) -> Influence:
        """Per actor (or per state or coalition with ``by="affiliation"``): changes proposed and
        how many survive in each head version; ``roots`` also counts the wording of versions with
        no parent (such as the 28-point plan) as its drafters' contributions."""
        from .history.influence import influence

        return influence(self, heads, by=by, roots=roots, options=options)

    def timeline(self, document_id: str | None = None, *, versions: bool = True) -> Timeline:
        """Versions and events together in date order (``versions=False``: the events alone).

        With ``document_id``, the versions of that document and the events that concern them.
        """
        from .history.timeline import timeline

        return timeline(self, document_id, versions=versions)

    def log(self, document_id: str | None = None) -> Log:
        """The versions of one document (or all) in lineage-then-date order."""
        from .history.log import log

        return log(self, document_id)

    def heads(self, document_id: str | None = None) -> tuple[str, ...]:
        """The latest version of each branch."""
        from .history.log import heads

        return heads(self, document_id)

    def ancestors(self, version_id: str, *, derivations: bool = False) -> tuple[str, ...]:
        """Every version this one descends from (``derivations`` follows cross-document links)."""
        from .history.log import ancestors

        return ancestors(self, version_id, derivations=derivations)

    def descendants(self, version_id: str, *, derivations: bool = False) -> tuple[str, ...]:
        """Every version that descends from this one."""
        from .history.log import descendants

        return descendants(self, version_id, derivations=derivations)

    def main_line(self, document_id: str | None = None) -> tuple[str, ...]:
        """The chain a document is read along: its first draft to its latest head (the first document by default).

        >>> import peaceplan
        >>> peaceplan.load_corpus().main_line()
        ('28-point', 'geneva-19', '20-point', '20-point-2026-01')
        """
        from .history.evolution import main_line

        return main_line(self, document_id)

    def evolution(self, versions: str | Version | Iterable[str | Version] | None = None) -> Evolution:
        """What became of each point along a chain of versions (ids or versions; :meth:`main_line` by default).

        >>> import peaceplan
        >>> flow = peaceplan.load_corpus().evolution(["28-point", "geneva-19", "20-point"])
        >>> [str(b.fate) for b in flow.bands if b.step == 0 and b.old == "6"]
        ['modified']
        """
        from .history.evolution import evolution_of

        ids = self.main_line() if versions is None else self.version_ids(versions)
        return evolution_of([self.version(v) for v in ids], actors=self.actors)

    def topic_counts(
        self,
        versions: str | Version | Iterable[str | Version] | None = None,
        *,
        value: TopicMeasure = "provisions",
    ) -> TopicCounts:
        """Per topic and version, the provisions on it (or ``value="changes"``: changes touching it).

        ``versions`` (ids or versions) defaults to every version, parents first.

        >>> import peaceplan
        >>> counts = peaceplan.load_corpus().topic_counts(["28-point", "20-point"], value="changes")
        >>> counts.count("army-size", "28-point") is None
        True
        """
        from .history.evolution import topic_counts

        chosen = self.ordered() if versions is None else [self.version(v) for v in self.version_ids(versions)]
        return topic_counts(chosen, value=value)


def load_corpus(path: PathLike | None = None, *, verify: bool = True) -> Corpus:
    """Load a corpus: the built-in one, one a plugin provides by name, or a folder.

    What is read and checked is said at :func:`peaceplan.files.io.read_corpus`; this gives
    a :class:`Corpus`, with its verbs.

    >>> import peaceplan
    >>> peaceplan.load_corpus()
    <Corpus 'ukraine-2025': ...>
    """
    return read_corpus(path, verify=verify, into=Corpus)
