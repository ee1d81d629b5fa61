"""The building blocks of the data model: vocabularies, id and text rules, validators.

Every validator raises :class:`~peaceplan.errors.ValidationError` naming the
field, what was expected and what was got, so bad input from code reads like
bad input from a file. :mod:`peaceplan.model.records` builds its classes from these.
"""

from __future__ import annotations

import enum
import json
import re
from collections.abc import Callable, Iterable, Mapping
from typing import Any, TypeVar

import attrs

from ..errors import ValidationError
from .dates import FuzzyDate

__all__ = [
    "ID_PATTERN",
    "TOPIC_PATTERN",
    "ActorKind",
    "Confidence",
    "Fidelity",
    "Reliability",
    "Role",
    "Stance",
    "Status",
    "canonical_json",
    "indented_json",
]

ID_PATTERN = re.compile(r"^[A-Za-z0-9][A-Za-z0-9._-]*$")
TOPIC_PATTERN = re.compile(r"^[a-z0-9][a-z0-9-]*$")

E = TypeVar("E", bound=enum.Enum)


class _Vocabulary(str, enum.Enum):
    """A closed vocabulary whose members compare equal to their file values."""

    def __str__(self) -> str:
        return str(self.value)


class ActorKind(_Vocabulary):
    """What sort of actor this is: a state, an organisation, a coalition (with members)
    or a person (with an affiliation)."""

    STATE = "state"
    ORGANISATION = "organisation"
    COALITION = "coalition"
    PERSON = "person"


class Reliability(_Vocabulary):
    """How a source came by its text: officially, by a leak, by reporting, or by analysis."""

    OFFICIAL = "official"
    LEAKED = "leaked"
    REPORTED = "reported"
    ANALYSIS = "analysis"


class Role(_Vocabulary):
    """How an actor is credited with a text or change: it proposed, drafted or endorsed it, or only reported it."""

    PROPOSER = "proposer"
    DRAFTER = "drafter"
    ENDORSER = "endorser"
    REPORTED_BY = "reported-by"


class Confidence(_Vocabulary):
    """How sure the credit is: confirmed, reported, contested (disputed claims kept side by side) or inferred."""

    CONFIRMED = "confirmed"
    REPORTED = "reported"
    CONTESTED = "contested"
    INFERRED = "inferred"


class Status(_Vocabulary):
    """Where a version's text stands: draft, leaked, proposed, agreed, signed, rejected or superseded."""

    DRAFT = "draft"
    LEAKED = "leaked"
    PROPOSED = "proposed"
    AGREED = "agreed"
    SIGNED = "signed"
    REJECTED = "rejected"
    SUPERSEDED = "superseded"


class Fidelity(_Vocabulary):
    """How close a version's text is to the real document."""

    VERBATIM = "verbatim"
    SUMMARISED = "summarised"
    PARTIAL = "partial"
    RECONSTRUCTED = "reconstructed"


class Stance(_Vocabulary):
    """A party's position on a provision: it accepts, rejects, reserves or proposes it."""

    ACCEPTS = "accepts"
    REJECTS = "rejects"
    RESERVES = "reserves"
    PROPOSES = "proposes"


def _to_actor_kind(value: object) -> ActorKind:
    return _coerce(ActorKind, value)


def _to_reliability(value: object) -> Reliability:
    return _coerce(Reliability, value)


def _to_role(value: object) -> Role:
    return _coerce(Role, value)


def _to_confidence(value: object) -> Confidence:
    return _coerce(Confidence, value)


def _to_status(value: object) -> Status:
    return _coerce(Status, value)


def _to_fidelity(value: object) -> Fidelity:
    return _coerce(Fidelity, value)


def _to_stance(value: object) -> Stance:
    return _coerce(Stance, value)


# --- validators -----------------------------------------------------------------
# They raise ValidationError (a ValueError) naming the field, what was expected
# and what was got, so bad input from code reads like bad input from a file.


def _fail(cls_name: str, field: str, expected: str, got: object) -> ValidationError:
    return ValidationError(f"{cls_name}.{field}: expected {expected}, got {got!r}")


def _identifier(instance: object, attribute: attrs.Attribute[Any], value: object) -> None:
    if not isinstance(value, str) or not ID_PATTERN.match(value):
        raise _fail(
            type(instance).__name__,
            attribute.name,
            "an id of letters, digits, '.', '_' or '-' (such as '28-point')",
            value,
        )


def _optional_identifier(instance: object, attribute: attrs.Attribute[Any], value: object) -> None:
    if value is not None:
        _identifier(instance, attribute, value)


_SURROGATE = re.compile("[\ud800-\udfff]")


def _no_surrogate(instance: object, attribute: attrs.Attribute[Any], value: str) -> None:
    """Refuse a lone surrogate ("\\ud800"): Python strings can hold one, but no file or digest can."""
    if not value.isascii() and _SURROGATE.search(value):
        raise _fail(type(instance).__name__, attribute.name, "text without lone surrogates (U+D800 to U+DFFF)", value)


def _text(*, empty: bool = False) -> Callable[[object, attrs.Attribute[Any], object], None]:
    def check(instance: object, attribute: attrs.Attribute[Any], value: object) -> None:
        if not isinstance(value, str) or (not empty and not value.strip()):
            expected = "a string" if empty else "a non-empty string"
            raise _fail(type(instance).__name__, attribute.name, expected, value)
        _no_surrogate(instance, attribute, value)

    return check


def _optional_text(instance: object, attribute: attrs.Attribute[Any], value: object) -> None:
    if value is not None:
        _text()(instance, attribute, value)


def _label(instance: object, attribute: attrs.Attribute[Any], value: object) -> None:
    if not isinstance(value, str) or not value or value != value.strip() or "\n" in value:
        raise _fail(
            type(instance).__name__,
            attribute.name,
            "a printed label without surrounding spaces (such as '7' or '12.b')",
            value,
        )
    _no_surrogate(instance, attribute, value)


def _items(
    kind: type | tuple[type, ...],
) -> Callable[[object, attrs.Attribute[Any], tuple[Any, ...]], None]:
    def check(instance: object, attribute: attrs.Attribute[Any], value: tuple[Any, ...]) -> None:
        for i, item in enumerate(value):
            if not isinstance(item, kind):
                name = kind.__name__ if isinstance(kind, type) else " or ".join(k.__name__ for k in kind)
                raise _fail(type(instance).__name__, f"{attribute.name}[{i}]", f"{_article(name)} {name}", item)

    return check


def _article(word: str) -> str:
    return "an" if word[:1].lower() in "aeiou" else "a"


def _ids(instance: object, attribute: attrs.Attribute[Any], value: tuple[Any, ...]) -> None:
    for i, item in enumerate(value):
        if not isinstance(item, str) or not ID_PATTERN.match(item):
            raise _fail(type(instance).__name__, f"{attribute.name}[{i}]", "an id", item)


def _topics(instance: object, attribute: attrs.Attribute[Any], value: tuple[Any, ...]) -> None:
    for i, item in enumerate(value):
        if not isinstance(item, str) or not TOPIC_PATTERN.match(item):
            raise _fail(
                type(instance).__name__,
                f"{attribute.name}[{i}]",
                "a lower-case topic slug such as 'army-size'",
                item,
            )


def _slug(instance: object, attribute: attrs.Attribute[Any], value: object) -> None:
    if not isinstance(value, str) or not TOPIC_PATTERN.match(value):
        raise _fail(
            type(instance).__name__,
            attribute.name,
            "a lower-case slug such as 'peace-plan'",
            value,
        )


def _coerce(enum_cls: type[E], value: object, where: str | None = None) -> E:
    """``value`` as a member of ``enum_cls``; the error names ``where`` ("Finding.kind"), or else the enum."""
    if isinstance(value, enum_cls):
        return value
    try:
        return enum_cls(value)
    except ValueError:
        choices = ", ".join(repr(m.value) for m in enum_cls)
        raise ValidationError(f"{where or enum_cls.__name__}: expected one of {choices}, got {value!r}") from None


def _date(value: object) -> FuzzyDate | None:
    if value is None or isinstance(value, FuzzyDate):
        return value
    if isinstance(value, str):
        try:
            return FuzzyDate.parse(value)
        except ValueError as exc:
            raise ValidationError(str(exc)) from None
    raise ValidationError(f"expected a date such as '2025-11-20', got {value!r}")


def _tuple(value: Iterable[Any]) -> tuple[Any, ...]:
    if isinstance(value, (str, bytes, Mapping)):
        raise ValidationError(f"expected a list, got {value!r}")
    return tuple(value)


def _compact(data: dict[str, Any]) -> dict[str, Any]:
    """Drop keys whose value is a default (None or empty), for compact files."""
    return {k: v for k, v in data.items() if v is not None and v != [] and v != ()}


def canonical_json(data: Any) -> str:
    """The canonical JSON text of plain data: sorted keys, no spaces, UTF-8 kept.

    >>> canonical_json({"b": 1, "a": "é"})
    '{"a":"é","b":1}'
    """
    return json.dumps(data, sort_keys=True, ensure_ascii=False, separators=(",", ":"))


# A number the standard library writes with an exponent (1e-05, 1e+16), or not a number at all:
# orjson writes those otherwise (0.00001, null). Matched in the canonical text, strings and all.
_OTHER_NUMBERS = re.compile(r"\de[-+]|NaN|Infinity")


def indented_json(data: Any, canonical: str | None = None) -> str:
    """``json.dumps(data, ensure_ascii=False, indent=2)``, written by orjson when it writes the same text.

    The standard library writes indented JSON in Python, a second a saved traced diff of
    1,000 points (17 MB); orjson writes the same characters (keys in order, UTF-8 kept, the
    same escapes) but for a float the standard library writes with an exponent or a NaN,
    which the :func:`canonical_json` text of ``data`` (``canonical``, when known) shows,
    and an integer past 64 bits or a lone surrogate, which orjson refuses. Those, and
    anything without orjson, go through the standard library.

    >>> indented_json({"b": [1, 0.5], "a": "é"}) == json.dumps({"b": [1, 0.5], "a": "é"}, ensure_ascii=False, indent=2)
    True
    """
    if canonical is None:
        canonical = canonical_json(data)
    if _OTHER_NUMBERS.search(canonical) is None:
        try:
            import orjson
        except ImportError:  # pragma: no cover - a platform without its wheels
            pass
        else:
            try:
                return str(orjson.dumps(data, option=orjson.OPT_INDENT_2).decode("utf-8"))
            except TypeError:  # an integer past 64 bits, a lone surrogate
                pass
    return json.dumps(data, ensure_ascii=False, indent=2)
