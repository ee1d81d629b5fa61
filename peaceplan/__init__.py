"""peaceplan: track how peace-plan texts change from draft to draft.

Answer three questions about any two drafts: what changed, point by point;
who proposed each change; and where each surviving clause came from.

>>> import peaceplan
>>> corpus = peaceplan.load_corpus()
>>> corpus.version("20-point").title
'20-point framework plan'
>>> d = peaceplan.diff(corpus.version("28-point"), corpus.version("20-point"))
>>> [f.summary for f in d.change("4").findings if f.kind == "number"]
['Army size raised from 600,000 to 800,000']
"""

from __future__ import annotations

from .align import AlignOptions, Match, MatchKind, align
from .authoring import AmendmentConflictError, RevisionBuilder
from .blame import Blame, BlameLine, BlameStep, blame
from .corpus import Corpus
from .dates import FuzzyDate
from .descent import HistoryOptions
from .diff import Change, Diff, DiffOptions, Step, Summary, diff
from .errors import (
    MissingExtraError,
    PatchError,
    PeaceplanError,
    Problem,
    UnknownActorError,
    UnknownCorpusError,
    UnknownProvisionError,
    UnknownVersionError,
    ValidationError,
)
from .files import available_corpora, dump_version, load_corpus, load_version, validate_path
from .findings import Finding, FindingKind
from .history import Log, LogEntry, ancestors, branch_points, common_ancestor, descendants, heads, log
from .influence import ActorInfluence, Fate, Influence, influence
from .limits import Limits, current_limits, using_limits
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
from .topics import TOPICS, Topic, UnknownTopicError, topic

__version__ = "0.1.0"

__all__ = [
    "TOPICS",
    "Actor",
    "ActorInfluence",
    "ActorKind",
    "AlignOptions",
    "Alternative",
    "Amendment",
    "AmendmentConflictError",
    "AmendmentStatus",
    "Attribution",
    "Blame",
    "BlameLine",
    "BlameStep",
    "Cell",
    "CellStatus",
    "Change",
    "Confidence",
    "Corpus",
    "Diff",
    "DiffOptions",
    "Document",
    "Fate",
    "Fidelity",
    "Finding",
    "FindingKind",
    "FuzzyDate",
    "HistoryOptions",
    "ImportNote",
    "ImportResult",
    "Influence",
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
    "Position",
    "Problem",
    "Provision",
    "ProvisionRef",
    "Redline",
    "RedlineOptions",
    "Reliability",
    "RevisionBuilder",
    "Role",
    "Segment",
    "Source",
    "Stance",
    "Status",
    "Step",
    "Summary",
    "Synopsis",
    "SynopsisRow",
    "Thread",
    "ThreadChange",
    "ThreadEntry",
    "Topic",
    "UnknownActorError",
    "UnknownCorpusError",
    "UnknownProvisionError",
    "UnknownTopicError",
    "UnknownVersionError",
    "ValidationError",
    "Version",
    "__version__",
    "align",
    "ancestors",
    "available_corpora",
    "blame",
    "branch_points",
    "common_ancestor",
    "current_limits",
    "descendants",
    "diff",
    "dump_version",
    "heads",
    "influence",
    "load_corpus",
    "load_version",
    "log",
    "plot_evolution",
    "plot_topic_heatmap",
    "read_docx",
    "read_markdown",
    "read_pages",
    "read_pdf",
    "read_text",
    "redline",
    "render_html",
    "render_markdown",
    "render_text",
    "save_figure",
    "synopsis",
    "thread",
    "to_markdown",
    "to_text",
    "topic",
    "using_limits",
    "validate_path",
]
