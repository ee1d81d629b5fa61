"""A compiled yes/no schema check in front of jsonschema, which stays the reference.

jsonschema walks a version of 4,000 provisions in about 110 ms, and the JSON
of a diff between two such versions in about 700 ms: four times what computing
the diff takes. jsonschema-rs, a compiled validator, answers "is this valid?"
for the same data in about 0.5 and 5 ms. So a file is first put to the
compiled validator; only what it rejects goes to jsonschema, which lists every
problem in the words the file layer reports. Data the compiled validator
accepts is never looked at again, so it must not accept anything jsonschema
rejects:

* the schemas' patterns are written so both regex engines read them alike (the
  text class is ``[^\\s\\x1c-\\x1f\\x85]``, not ``\\S``: Python counts those five
  characters as spaces, ECMA-262 and Rust do not); ``tests/test_fastcheck.py``
  puts every space, digit, control and format character, and every character
  below U+3100, into examples of every pattern and compares the two engines;
* it is asked only about what :func:`json.loads` or peaceplan's YAML reader
  returned (dicts, lists, strings, numbers, booleans and ``None``): it would
  read a tuple as an array, where jsonschema refuses one.

Where jsonschema-rs is not installed (it ships wheels for CPython on the common
platforms; see ``pyproject.toml``), every check goes to jsonschema, slower and
with the same results.
"""

from __future__ import annotations

import functools
from typing import Any

__all__ = ["accepts"]

_SHIPPED = ("version", "actors", "corpus", "events", "diff")

try:
    import jsonschema_rs
except ImportError:  # pragma: no cover - depends on the platform
    jsonschema_rs = None  # type: ignore[assignment]


@functools.cache
def _validator(kind: str) -> Any:
    """The compiled validator of one shipped schema (every shipped schema registered for
    ``$ref``), or ``None`` when it is not installed or cannot be built: jsonschema then
    checks everything."""
    from .files import _schema

    if jsonschema_rs is None:  # pragma: no cover - depends on the platform
        return None
    try:
        schemas = {name: _schema(name) for name in _SHIPPED}
        registry = jsonschema_rs.Registry([(s["$id"], s) for s in schemas.values()])
        return jsonschema_rs.validator_for(schemas[kind], registry=registry)
    except Exception:  # an API or schema-dialect change in a newer release: not worth failing a load for
        return None


def accepts(kind: str, data: Any) -> bool:
    """Whether the compiled validator finds ``data`` valid against the ``kind`` schema.

    ``False`` means "ask jsonschema": the data may be invalid, or the compiled
    validator may be missing or unable to read it. ``data`` must be plain parsed
    JSON or YAML (see the module docstring).

    >>> accepts("version", {"peaceplan": 1})  # no id, title, provisions...
    False
    """
    validator = _validator(kind)
    if validator is None:
        return False
    try:
        return bool(validator.is_valid(data))
    except ValueError:  # a value it cannot convert (a lone surrogate, a non-text key): jsonschema decides
        return False
