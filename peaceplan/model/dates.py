"""Dates as this field reports them: a day, a month, a year, or "late October 2025".

Many drafts are known only from leaks and read-outs, so a version's date is often
approximate. :class:`FuzzyDate` keeps exactly what the source says and no more,
and still sorts chronologically.
"""

from __future__ import annotations

import calendar
import datetime as _dt
import re

import attrs

__all__ = ["FuzzyDate"]

_QUALIFIERS = ("early", "mid", "late", "about")
# Where "early", "mid" and "late" fall: (month within a year, day within a month).
_QUALIFIER_POSITION = {"early": (2, 5), "mid": (6, 15), "late": (10, 25)}
_MONTHS = {name.lower(): i for i, name in enumerate(calendar.month_name) if name}
_MONTHS.update({name.lower(): i for i, name in enumerate(calendar.month_abbr) if name})

_ISO = re.compile(r"^(?:(?P<q>early|mid|late|about)\s+)?(?P<y>\d{4})(?:-(?P<m>\d{2})(?:-(?P<d>\d{2}))?)?$")
_WORDS = re.compile(
    r"^(?:(?P<q>early|mid|late|about)\s+)?(?:(?P<d>\d{1,2})\s+)?(?P<mon>[A-Za-z]+)\.?\s+(?P<y>\d{4})$",
    re.IGNORECASE,
)


def _check_month(instance: FuzzyDate, attribute: attrs.Attribute[int | None], value: int | None) -> None:
    if value is not None and not 1 <= value <= 12:
        raise ValueError(f"month must be between 1 and 12, got {value}")


def _check_day(instance: FuzzyDate, attribute: attrs.Attribute[int | None], value: int | None) -> None:
    if value is None:
        return
    if instance.month is None:
        raise ValueError("a date with a day must also have a month")
    _dt.date(instance.year, instance.month, value)  # raises ValueError with a clear text


@attrs.frozen(order=False)
class FuzzyDate:
    """A calendar date known to the day, the month or only the year.

    ``qualifier`` records "early", "mid", "late" or "about" as the source gives it.

    >>> FuzzyDate.parse("late 2025-10")
    FuzzyDate('late 2025-10')
    >>> str(FuzzyDate.parse("20 Nov 2025"))
    '2025-11-20'
    >>> FuzzyDate.parse("2025-11") < FuzzyDate.parse("2025-11-20")
    True
    """

    year: int = attrs.field(validator=attrs.validators.and_(attrs.validators.ge(1), attrs.validators.le(9999)))
    month: int | None = attrs.field(default=None, validator=_check_month)
    day: int | None = attrs.field(default=None, validator=_check_day)
    qualifier: str | None = attrs.field(
        default=None,
        validator=attrs.validators.optional(attrs.validators.in_(_QUALIFIERS)),
    )

    @classmethod
    def parse(cls, text: str | _dt.date) -> FuzzyDate:
        """Read ``2025-11-20``, ``2025-11``, ``2025``, ``late 2025-10``,
        ``20 November 2025`` or ``late October 2025``.

        Raises ``ValueError`` with the accepted forms when the text is none of them.
        """
        if isinstance(text, _dt.date):
            return cls(text.year, text.month, text.day)
        raw = text.strip()
        m = _ISO.match(raw)
        if m:
            return cls(
                int(m["y"]),
                int(m["m"]) if m["m"] else None,
                int(m["d"]) if m["d"] else None,
                m["q"],
            )
        m = _WORDS.match(raw)
        if m and m["mon"].lower() in _MONTHS:
            return cls(
                int(m["y"]),
                _MONTHS[m["mon"].lower()],
                int(m["d"]) if m["d"] else None,
                m["q"].lower() if m["q"] else None,
            )
        raise ValueError(
            f"expected a date such as 2025-11-20, 2025-11, 2025, 'late 2025-10' or '20 November 2025', got {text!r}"
        )

    @property
    def precision(self) -> str:
        """``"day"``, ``"month"`` or ``"year"``."""
        if self.day is not None:
            return "day"
        return "month" if self.month is not None else "year"

    def sort_key(self) -> tuple[int, int, int, int]:
        """A key that orders dates chronologically.

        A bare month sorts before its days; "early", "mid" and "late" place an
        approximate month among its days (around the 5th, 15th and 25th) and an
        approximate year among its months, so "late 2025-10" follows "2025-10-05".
        """
        position = _QUALIFIER_POSITION.get(self.qualifier or "")
        if self.day is not None or position is None:
            return (self.year, self.month or 0, self.day or 0, 1)
        if self.month is not None:
            return (self.year, self.month, position[1], 0)
        return (self.year, position[0], 0, 0)

    def __lt__(self, other: FuzzyDate) -> bool:
        return self.sort_key() < other.sort_key()

    def __le__(self, other: FuzzyDate) -> bool:
        return self.sort_key() <= other.sort_key()

    def __gt__(self, other: FuzzyDate) -> bool:
        return self.sort_key() > other.sort_key()

    def __ge__(self, other: FuzzyDate) -> bool:
        return self.sort_key() >= other.sort_key()

    def __str__(self) -> str:
        text = f"{self.year:04d}"
        if self.month is not None:
            text += f"-{self.month:02d}"
        if self.day is not None:
            text += f"-{self.day:02d}"
        return f"{self.qualifier} {text}" if self.qualifier else text

    def __repr__(self) -> str:
        return f"FuzzyDate({str(self)!r})"

    def human(self) -> str:
        """A reader's form: ``20 November 2025``, ``late October 2025``, ``2025``."""
        parts = [self.qualifier] if self.qualifier else []
        if self.day is not None:
            parts.append(str(self.day))
        if self.month is not None:
            parts.append(calendar.month_name[self.month])
        parts.append(str(self.year))
        return " ".join(parts)
