"""A peaceplan plugin: the drafts of the made-up Silver River water-sharing treaty.

Entry points (see pyproject.toml): ``corpus_folder`` gives the corpus folder,
``topics`` the topics the corpus adds, ``KINDS`` its document kind.
"""

from __future__ import annotations

from importlib.resources import files
from typing import TYPE_CHECKING

from peaceplan.model.topics import Topic

if TYPE_CHECKING:
    from importlib.resources.abc import Traversable

__all__ = ["KINDS", "corpus_folder", "topics"]

KINDS = {"water-treaty": "A treaty sharing the water of a river between the states along it."}


def corpus_folder() -> Traversable:
    """The folder holding corpus.yaml, actors.yaml and versions/."""
    return files(__name__) / "corpus"


def topics() -> list[Topic]:
    """Topics of water-sharing talks that peaceplan's own vocabulary lacks."""
    return [
        Topic(
            slug="water-sharing",
            name="Water sharing",
            description="How much of a river's flow each state may take, and when.",
            keywords=["flow", "cubic metres", "abstraction"],
        )
    ]
