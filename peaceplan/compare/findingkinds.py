"""What a finding is about (:class:`FindingKind`) and which way it goes (:class:`Direction`).

The vocabulary :mod:`peaceplan.compare.findings` reports in and :mod:`peaceplan.compare.mentions`
finds things by, kept apart from both so that the diff engine, the renderers and
a user filtering findings need not import the pattern matchers. Both enums
compare equal to their string values (``FindingKind.NUMBER == "number"``).
``peaceplan.compare.mentions`` and ``peaceplan.compare.findings`` re-export them.

>>> Direction.RAISED.inverse()
<Direction.LOWERED: 'lowered'>
"""

from __future__ import annotations

import enum

__all__ = ["Direction", "FindingKind"]


class FindingKind(str, enum.Enum):
    """What a finding is about."""

    NUMBER = "number"
    AMOUNT = "amount"
    DURATION = "duration"
    DATE = "date"
    MODALITY = "modality"
    NEGATION = "negation"
    CONDITION = "condition"
    QUALIFIER = "qualifier"
    PARTY = "party"
    PLACE = "place"
    TOPIC = "topic"
    ALTERNATIVE = "alternative"
    POSITION = "position"

    def __str__(self) -> str:
        return str(self.value)


class Direction(str, enum.Enum):
    """Which way a finding goes; compares equal to its string value ("raised")."""

    RAISED = "raised"
    LOWERED = "lowered"
    CHANGED = "changed"
    ADDED = "added"
    REMOVED = "removed"
    SOFTENED = "softened"
    HARDENED = "hardened"

    def __str__(self) -> str:
        return str(self.value)

    def inverse(self) -> Direction:
        """The direction of the same change read backwards: raised ↔ lowered and so on."""
        return _INVERSE[self]


_INVERSE = {
    Direction.RAISED: Direction.LOWERED,
    Direction.LOWERED: Direction.RAISED,
    Direction.ADDED: Direction.REMOVED,
    Direction.REMOVED: Direction.ADDED,
    Direction.SOFTENED: Direction.HARDENED,
    Direction.HARDENED: Direction.SOFTENED,
    Direction.CHANGED: Direction.CHANGED,
}
