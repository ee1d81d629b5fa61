"""The diff schema, validated with every peaceplan schema registered for ``$ref``.

A diff file embeds two whole versions, so its schema refers to the version
schema by ``$id``; this module builds one ``referencing`` registry of every
shipped schema, compiles the diff validator once, and reports problems the way
the file layer does (JSON pointer and plain words).
"""

from __future__ import annotations

import functools
from typing import Any

import jsonschema
from referencing import Registry, Resource

from .errors import Problem, ValidationError
from .files import _schema

__all__ = ["validate_diff_data"]

_SHIPPED = ("version", "actors", "corpus", "events", "diff")


@functools.cache
def _registry() -> tuple[Registry, dict[str, Any]]:
    schemas = {name: _schema(name) for name in _SHIPPED}  # each file read once, shared with the file layer
    registry: Registry = Registry().with_resources(
        (schema["$id"], Resource.from_contents(schema)) for schema in schemas.values()
    )
    return registry, schemas


@functools.cache
def _diff_validator() -> jsonschema.Draft202012Validator:
    registry, schemas = _registry()
    return jsonschema.Draft202012Validator(schemas["diff"], registry=registry)


def validate_diff_data(data: Any, *, file: str | None = None) -> None:
    """Raise :class:`~peaceplan.errors.ValidationError` listing every way ``data`` breaks the diff schema.

    >>> validate_diff_data({"peaceplan-diff": 1})
    Traceback (most recent call last):
    ...
    peaceplan.errors.ValidationError: 5 problems:
    ...
    """
    errors = sorted(_diff_validator().iter_errors(data), key=lambda e: list(map(str, e.absolute_path)))
    if errors:
        raise ValidationError(
            Problem(
                message=f"not a valid peaceplan diff: {e.message}",
                pointer="/" + "/".join(str(p) for p in e.absolute_path) if e.absolute_path else "",
                file=file,
            )
            for e in errors
        )
