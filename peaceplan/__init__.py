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

if TYPE_CHECKING:  # what mypy and editors see; at run time each name is imported on first use
    from .akn import read_akn, to_akn
    from .align import AlignOptions, align
    from .authoring import AmendmentConflictError, RevisionBuilder, revise
    from .blame import Blame, BlameLine, BlameStep, blame
    from .corpus import Corpus
    from .curate import link, review
    from .dates import FuzzyDate
    from .deal import DealStatus, ProvisionState, StatusHistory, deal_status
    from .descent import HistoryOptions
    from .diff import Change, Diff, DiffOptions, Step, Summary, diff
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
    from .events import Event, EventKind
    from .evolution import Band, Evolution, PointFate, TopicCounts, evolution_of, main_line, topic_counts
    from .files import (
        Verification,
        available_corpora,
        dump_version,
        load_corpus,
        load_version,
        validate_path,
        verify_corpus,
        write_digests,
    )
    from .findingkinds import FindingKind
    from .findings import Evidence, Finding
    from .history import Log, LogEntry, ancestors, branch_points, common_ancestor, descendants, heads, log
    from .influence import ActorInfluence, Fate, Influence, influence
    from .limits import Limits, current_limits, using_limits
    from .matches import Match, MatchKind
    from .metadata import MetadataChange
    from .model import (
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
    from .plugins import PluginError
    from .redline import Op, Redline, RedlineOptions, Segment, redline
    from .render import render_html, render_markdown, render_text
    from .render.plot import plot_evolution, plot_topic_heatmap, save_figure
    from .synopsis import Cell, CellStatus, Synopsis, SynopsisRow, synopsis
    from .textio import (
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
    from .thread import Thread, ThreadChange, ThreadEntry, thread
    from .timeline import Timeline, TimelineEntry, timeline
    from .topics import TOPICS, Topic, UnknownTopicError, topic

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
    "Verification": "files",
    "verify_corpus": "files",
    "write_digests": "files",
    "read_akn": "akn",
    "to_akn": "akn",
    "link": "curate",
    "review": "curate",
    "DealStatus": "deal",
    "ProvisionState": "deal",
    "StatusHistory": "deal",
    "deal_status": "deal",
    "Event": "events",
    "EventKind": "events",
    "Band": "evolution",
    "Evolution": "evolution",
    "PointFate": "evolution",
    "TopicCounts": "evolution",
    "evolution_of": "evolution",
    "main_line": "evolution",
    "topic_counts": "evolution",
    "Timeline": "timeline",
    "TimelineEntry": "timeline",
    "timeline": "timeline",
    "UnknownEventError": "errors",
    "Evidence": "findings",
    "AlignOptions": "align",
    "Match": "matches",
    "MatchKind": "matches",
    "align": "align",
    "AmendmentConflictError": "authoring",
    "RevisionBuilder": "authoring",
    "revise": "authoring",
    "Blame": "blame",
    "BlameLine": "blame",
    "BlameStep": "blame",
    "blame": "blame",
    "Corpus": "corpus",
    "FuzzyDate": "dates",
    "HistoryOptions": "descent",
    "Change": "diff",
    "Diff": "diff",
    "DiffOptions": "diff",
    "Step": "diff",
    "Summary": "diff",
    "diff": "diff",
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
    "available_corpora": "files",
    "dump_version": "files",
    "load_corpus": "files",
    "load_version": "files",
    "validate_path": "files",
    "Finding": "findings",
    "FindingKind": "findingkinds",
    "Log": "history",
    "LogEntry": "history",
    "ancestors": "history",
    "branch_points": "history",
    "common_ancestor": "history",
    "descendants": "history",
    "heads": "history",
    "log": "history",
    "ActorInfluence": "influence",
    "Fate": "influence",
    "Influence": "influence",
    "influence": "influence",
    "MetadataChange": "metadata",
    "Actor": "model",
    "ActorKind": "model",
    "Alternative": "model",
    "Amendment": "model",
    "AmendmentStatus": "model",
    "Attribution": "model",
    "Confidence": "model",
    "Document": "model",
    "Fidelity": "model",
    "Position": "model",
    "Provision": "model",
    "ProvisionRef": "model",
    "Reliability": "model",
    "Role": "model",
    "Source": "model",
    "Stance": "model",
    "Status": "model",
    "Version": "model",
    "PluginError": "plugins",
    "Op": "redline",
    "Redline": "redline",
    "RedlineOptions": "redline",
    "Segment": "redline",
    "redline": "redline",
    "render_html": "render",
    "render_markdown": "render",
    "render_text": "render",
    "plot_evolution": "render.plot",
    "plot_topic_heatmap": "render.plot",
    "save_figure": "render.plot",
    "Cell": "synopsis",
    "CellStatus": "synopsis",
    "Synopsis": "synopsis",
    "SynopsisRow": "synopsis",
    "synopsis": "synopsis",
    "ImportNote": "textio",
    "ImportResult": "textio",
    "read_docx": "textio",
    "read_markdown": "textio",
    "read_pages": "textio",
    "read_pdf": "textio",
    "read_text": "textio",
    "to_markdown": "textio",
    "to_text": "textio",
    "Thread": "thread",
    "ThreadChange": "thread",
    "ThreadEntry": "thread",
    "thread": "thread",
    "TOPICS": "topics",
    "Topic": "topics",
    "UnknownTopicError": "topics",
    "topic": "topics",
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

    Importing ``peaceplan.diff`` (the module) sets the package attribute ``diff`` to
    that module; ``peaceplan.diff`` must stay the function, as it was when this file
    imported every name up front. Such a binding is dropped here, so the name goes
    through ``__getattr__`` and resolves to the public object.
    """

    def __setattr__(self, name: str, value: Any) -> None:
        if isinstance(value, types.ModuleType) and name in _LAZY:
            return
        super().__setattr__(name, value)


sys.modules[__name__].__class__ = _Face


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
