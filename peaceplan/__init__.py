"""peaceplan: track how peace-plan texts change from draft to draft.

Answer three questions about any two drafts: what changed, point by point;
who proposed each change; and where each surviving clause came from.

>>> import peaceplan
>>> corpus = peaceplan.load_corpus()
>>> corpus.version("20-point").title
'20-point framework plan'
"""

from __future__ import annotations

from .corpus import Corpus
from .dates import FuzzyDate
from .errors import (
    MissingExtraError,
    PatchError,
    PeaceplanError,
    Problem,
    UnknownActorError,
    UnknownProvisionError,
    UnknownVersionError,
    ValidationError,
)
# from .files import dump_version, load_corpus, load_version  (files.py lands next)
from .model import (
    Actor,
    ActorKind,
    Alternative,
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

__version__ = "0.1.0"

__all__ = [
    "Actor",
    "ActorKind",
    "Alternative",
    "Attribution",
    "Confidence",
    "Corpus",
    "Document",
    "Fidelity",
    "FuzzyDate",
    "MissingExtraError",
    "PatchError",
    "PeaceplanError",
    "Position",
    "Problem",
    "Provision",
    "ProvisionRef",
    "Reliability",
    "Role",
    "Source",
    "Stance",
    "Status",
    "UnknownActorError",
    "UnknownProvisionError",
    "UnknownVersionError",
    "ValidationError",
    "Version",
    "__version__",
]
