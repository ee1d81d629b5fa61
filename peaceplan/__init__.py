"""peaceplan: track how peace-plan texts change from draft to draft.

Answer three questions about any two drafts: what changed, point by point;
who proposed each change; and where each surviving clause came from.

>>> import peaceplan
>>> corpus = peaceplan.load_corpus()
>>> corpus.version("20-point").title
'20-point framework plan'
>>> d = peaceplan.diff(corpus.version("28-point"), corpus.version("20-point"))
>>> [f.summary for f in d.change(new="4").findings if f.kind == "number"]
['Army size raised from 600,000 to 800,000']
"""

from __future__ import annotations

import importlib
import sys
import types
from typing import TYPE_CHECKING, Any

from . import _moved

if TYPE_CHECKING:  # what mypy and editors see; at run time each name is imported on first use
    from .authoring import AmendmentConflictError, RevisionBuilder, revise
    from .compare.align import AlignOptions, align
    from .compare.curate import link, review
    from .compare.diff import Change, Diff, DiffOptions, Step, Summary, diff
    from .compare.findingkinds import FindingKind
    from .compare.findings import Evidence, Finding
    from .compare.matches import Match, MatchKind
    from .compare.redline import Op, Redline, RedlineOptions, Segment, redline
    from .corpus import Corpus, load_corpus
    from .errors import (
        AmbiguousLabelError,
        IntegrityError,
        IntegrityWarning,
        MissingExtraError,
        PatchError,
        PeaceplanError,
        Problem,
        UnknownActorError,
        UnknownCorpusError,
        UnknownDocumentError,
        UnknownEventError,
        UnknownProvisionError,
        UnknownSourceError,
        UnknownVersionError,
        ValidationError,
    )
    from .files.akn import read_akn, to_akn
    from .files.io import (
        Verification,
        available_corpora,
        dump_version,
        load_version,
        validate_path,
        verify_corpus,
        write_digests,
    )
    from .files.plugins import PluginError
    from .history.blame import Blame, BlameLine, BlameStep, blame
    from .history.deal import DealStatus, ProvisionState, StatusHistory, deal_status
    from .history.descent import HistoryOptions
    from .history.evolution import Band, Evolution, PointFate, TopicCounts, evolution_of, main_line, topic_counts
    from .history.influence import ActorInfluence, Fate, Influence, influence
    from .history.log import Log, LogEntry, ancestors, branch_points, common_ancestor, descendants, heads, log
    from .history.synopsis import Cell, CellStatus, Synopsis, SynopsisRow, synopsis
    from .history.thread import Thread, ThreadChange, ThreadEntry, thread
    from .history.timeline import Timeline, TimelineEntry, timeline
    from .limits import Limits, current_limits, using_limits
    from .model.dates import FuzzyDate
    from .model.events import Event, EventKind
    from .model.metadata import MetadataChange
    from .model.records import (
        Actor,
        ActorKind,
        Alternative,
        Amendment,
        AmendmentStatus,
        Attribution,
        Confidence,
        Document,
        Fidelity,
        Position,
        Provision,
        ProvisionRef,
        Reliability,
        Role,
        Source,
        Stance,
        Status,
        Version,
    )
    from .model.topics import TOPICS, Topic, UnknownTopicError, topic
    from .render import render_html, render_markdown, render_text
    from .render.plot import plot_evolution, plot_topic_heatmap, save_figure
    from .text.reader import (
        ImportNote,
        ImportResult,
        read_docx,
        read_markdown,
        read_pages,
        read_pdf,
        read_text,
        to_markdown,
        to_text,
    )

# Where each public name lives. Importing them all up front cost about 0.3 s
# (rich, rapidfuzz, yaml, the diff engine, the renderers) before a command
# could even print its help; PEP 562's module ``__getattr__`` imports a
# module the first time one of its names is asked for.
_LAZY: dict[str, str] = {
    "Limits": "limits",
    "current_limits": "limits",
    "using_limits": "limits",
    "IntegrityError": "errors",
    "IntegrityWarning": "errors",
    "Verification": "files.io",
    "verify_corpus": "files.io",
    "write_digests": "files.io",
    "read_akn": "files.akn",
    "to_akn": "files.akn",
    "link": "compare.curate",
    "review": "compare.curate",
    "DealStatus": "history.deal",
    "ProvisionState": "history.deal",
    "StatusHistory": "history.deal",
    "deal_status": "history.deal",
    "Event": "model.events",
    "EventKind": "model.events",
    "Band": "history.evolution",
    "Evolution": "history.evolution",
    "PointFate": "history.evolution",
    "TopicCounts": "history.evolution",
    "evolution_of": "history.evolution",
    "main_line": "history.evolution",
    "topic_counts": "history.evolution",
    "Timeline": "history.timeline",
    "TimelineEntry": "history.timeline",
    "timeline": "history.timeline",
    "UnknownEventError": "errors",
    "Evidence": "compare.findings",
    "AlignOptions": "compare.align",
    "Match": "compare.matches",
    "MatchKind": "compare.matches",
    "align": "compare.align",
    "AmendmentConflictError": "authoring",
    "RevisionBuilder": "authoring",
    "revise": "authoring",
    "Blame": "history.blame",
    "BlameLine": "history.blame",
    "BlameStep": "history.blame",
    "blame": "history.blame",
    "Corpus": "corpus",
    "FuzzyDate": "model.dates",
    "HistoryOptions": "history.descent",
    "Change": "compare.diff",
    "Diff": "compare.diff",
    "DiffOptions": "compare.diff",
    "Step": "compare.diff",
    "Summary": "compare.diff",
    "diff": "compare.diff",
    "AmbiguousLabelError": "errors",
    "MissingExtraError": "errors",
    "PatchError": "errors",
    "PeaceplanError": "errors",
    "Problem": "errors",
    "UnknownActorError": "errors",
    "UnknownCorpusError": "errors",
    "UnknownDocumentError": "errors",
    "UnknownProvisionError": "errors",
    "UnknownSourceError": "errors",
    "UnknownVersionError": "errors",
    "ValidationError": "errors",
    "available_corpora": "files.io",
    "dump_version": "files.io",
    "load_corpus": "corpus",
    "load_version": "files.io",
    "validate_path": "files.io",
    "Finding": "compare.findings",
    "FindingKind": "compare.findingkinds",
    "Log": "history.log",
    "LogEntry": "history.log",
    "ancestors": "history.log",
    "branch_points": "history.log",
    "common_ancestor": "history.log",
    "descendants": "history.log",
    "heads": "history.log",
    "log": "history.log",
    "ActorInfluence": "history.influence",
    "Fate": "history.influence",
    "Influence": "history.influence",
    "influence": "history.influence",
    "MetadataChange": "model.metadata",
    "Actor": "model.records",
    "ActorKind": "model.records",
    "Alternative": "model.records",
    "Amendment": "model.records",
    "AmendmentStatus": "model.records",
    "Attribution": "model.records",
    "Confidence": "model.records",
    "Document": "model.records",
    "Fidelity": "model.records",
    "Position": "model.records",
    "Provision": "model.records",
    "ProvisionRef": "model.records",
    "Reliability": "model.records",
    "Role": "model.records",
    "Source": "model.records",
    "Stance": "model.records",
    "Status": "model.records",
    "Version": "model.records",
    "PluginError": "files.plugins",
    "Op": "compare.redline",
    "Redline": "compare.redline",
    "RedlineOptions": "compare.redline",
    "Segment": "compare.redline",
    "redline": "compare.redline",
    "render_html": "render",
    "render_markdown": "render",
    "render_text": "render",
    "plot_evolution": "render.plot",
    "plot_topic_heatmap": "render.plot",
    "save_figure": "render.plot",
    "Cell": "history.synopsis",
    "CellStatus": "history.synopsis",
    "Synopsis": "history.synopsis",
    "SynopsisRow": "history.synopsis",
    "synopsis": "history.synopsis",
    "ImportNote": "text.reader",
    "ImportResult": "text.reader",
    "read_docx": "text.reader",
    "read_markdown": "text.reader",
    "read_pages": "text.reader",
    "read_pdf": "text.reader",
    "read_text": "text.reader",
    "to_markdown": "text.reader",
    "to_text": "text.reader",
    "Thread": "history.thread",
    "ThreadChange": "history.thread",
    "ThreadEntry": "history.thread",
    "thread": "history.thread",
    "TOPICS": "model.topics",
    "Topic": "model.topics",
    "UnknownTopicError": "model.topics",
    "topic": "model.topics",
}


def __getattr__(name: str) -> Any:
    module = _LAZY.get(name)
    if module is None:
        raise AttributeError(f"module 'peaceplan' has no attribute {name!r}")
    value = getattr(importlib.import_module(f"peaceplan.{module}"), name)
    globals()[name] = value  # the next look-up is an ordinary global
    return value


def __dir__() -> list[str]:
    return sorted(set(globals()) | set(__all__))


class _Face(types.ModuleType):
    """The package module, which keeps a public name from being shadowed by its module.

    Importing ``peaceplan.diff`` (the old path of the module ``peaceplan.compare.diff``,
    which imports until 0.2) sets the package attribute ``diff`` to that module;
    ``peaceplan.diff`` must stay the function, as it was when this file imported every
    name up front. Such a binding is dropped here, so the name goes
    through ``__getattr__`` and resolves to the public object.
    """

    def __setattr__(self, name: str, value: Any) -> None:
        if isinstance(value, types.ModuleType) and name in _LAZY:
            return
        super().__setattr__(name, value)


sys.modules[__name__].__class__ = _Face

_moved.install()  # the old module paths (peaceplan.align, ...) import until 0.2


from ._version import __version__  # noqa: E402  (after the module class is set, like the rest)

__all__ = [
    "TOPICS",
    "Actor",
    "ActorInfluence",
    "ActorKind",
    "AlignOptions",
    "Alternative",
    "AmbiguousLabelError",
    "Amendment",
    "AmendmentConflictError",
    "AmendmentStatus",
    "Attribution",
    "Band",
    "Blame",
    "BlameLine",
    "BlameStep",
    "Cell",
    "CellStatus",
    "Change",
    "Confidence",
    "Corpus",
    "DealStatus",
    "Diff",
    "DiffOptions",
    "Document",
    "Event",
    "EventKind",
    "Evidence",
    "Evolution",
    "Fate",
    "Fidelity",
    "Finding",
    "FindingKind",
    "FuzzyDate",
    "HistoryOptions",
    "ImportNote",
    "ImportResult",
    "Influence",
    "IntegrityError",
    "IntegrityWarning",
    "Limits",
    "Log",
    "LogEntry",
    "Match",
    "MatchKind",
    "MetadataChange",
    "MissingExtraError",
    "Op",
    "PatchError",
    "PeaceplanError",
    "PluginError",
    "PointFate",
    "Position",
    "Problem",
    "Provision",
    "ProvisionRef",
    "ProvisionState",
    "Redline",
    "RedlineOptions",
    "Reliability",
    "RevisionBuilder",
    "Role",
    "Segment",
    "Source",
    "Stance",
    "Status",
    "StatusHistory",
    "Step",
    "Summary",
    "Synopsis",
    "SynopsisRow",
    "Thread",
    "ThreadChange",
    "ThreadEntry",
    "Timeline",
    "TimelineEntry",
    "Topic",
    "TopicCounts",
    "UnknownActorError",
    "UnknownCorpusError",
    "UnknownDocumentError",
    "UnknownEventError",
    "UnknownProvisionError",
    "UnknownSourceError",
    "UnknownTopicError",
    "UnknownVersionError",
    "ValidationError",
    "Verification",
    "Version",
    "__version__",
    "align",
    "ancestors",
    "available_corpora",
    "blame",
    "branch_points",
    "common_ancestor",
    "current_limits",
    "deal_status",
    "descendants",
    "diff",
    "dump_version",
    "evolution_of",
    "heads",
    "influence",
    "link",
    "load_corpus",
    "load_version",
    "log",
    "main_line",
    "plot_evolution",
    "plot_topic_heatmap",
    "read_akn",
    "read_docx",
    "read_markdown",
    "read_pages",
    "read_pdf",
    "read_text",
    "redline",
    "render_html",
    "render_markdown",
    "render_text",
    "review",
    "revise",
    "save_figure",
    "synopsis",
    "thread",
    "timeline",
    "to_akn",
    "to_markdown",
    "to_text",
    "topic",
    "topic_counts",
    "using_limits",
    "validate_path",
    "verify_corpus",
    "write_digests",
]
