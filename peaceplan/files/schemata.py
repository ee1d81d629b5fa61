"""The shipped JSON Schemas: the one module that lists, reads, registers, compiles and bundles them.

peaceplan ships one JSON Schema (draft 2020-12) per kind of file, listed in
:data:`SHIPPED`: ``version``, ``actors``, ``corpus``, ``events`` and ``diff``.
They live in ``schemas/`` in a checkout and in ``peaceplan/schemas/`` inside
the wheel. Everything else in peaceplan that needs a schema asks this module:

* :func:`schema` reads one (each file once per process), :func:`schema_path`
  says where it is;
* :func:`registry` is the one :class:`referencing.Registry` holding every
  shipped schema under its ``$id``, so the diff schema's ``$ref`` to the
  version schema resolves without the network;
* :func:`validator` is the reference validator (jsonschema) of one kind,
  built once per process over that registry; the file layer turns its errors
  into plain words (:mod:`peaceplan.files.io`), :func:`validate_diff_data` does it
  for diffs;
* :func:`accepts` is the compiled yes/no check in front of jsonschema (see
  below);
* :func:`bundle` builds, and :func:`bundled` reads, a *self-contained* schema:
  the diff schema with the version schema inlined under ``$defs`` and no
  ``$ref`` outside itself, which any validator can use offline with no
  registry (``jsonschema.validate(data, peaceplan.files.schemata.bundled("diff"))``).
  The bundled file ships beside the sources (``schemas/bundled/``);
  ``tests/test_schemata.py`` fails when it differs from what :func:`bundle`
  makes of the current sources, and ``python scripts/bundle_schemas.py``
  writes it again.

The compiled check
------------------
jsonschema walks a version of 4,000 provisions in about 110 ms, and the JSON
of a diff between two such versions in about 700 ms: four times what computing
the diff takes. jsonschema-rs, a compiled validator, answers "is this valid?"
for the same data in about 0.5 and 5 ms. So a file is first put to the
compiled validator (:func:`accepts`); only what it rejects goes to jsonschema,
which lists every problem in the words the file layer reports. Data the
compiled validator accepts is never looked at again, so it must not accept
anything jsonschema rejects:

* the schemas' patterns are written so both regex engines read them alike (the
  text class is ``[^\\s\\x1c-\\x1f\\x85]``, not ``\\S``: Python counts those five
  characters as spaces, ECMA-262 and Rust do not); ``tests/test_fastcheck.py``
  puts every space, digit, control and format character, and every character
  below U+3100, into examples of every pattern and compares the two engines;
* it is asked only about what :func:`json.loads` or peaceplan's YAML reader
  returned (dicts, lists, strings, numbers, booleans and ``None``): it would
  read a tuple as an array, where jsonschema refuses one.

The compiled validator of a kind is built from its bundled schema, so it needs
no registry of its own, and every check it passes also exercises the bundle.
Where jsonschema-rs is not installed (it ships wheels for CPython on the common
platforms; see ``pyproject.toml``), every check goes to jsonschema, slower and
with the same results. jsonschema and referencing themselves are imported on
first use: a run that reads only valid files never needs them.
"""

from __future__ import annotations

import copy
import functools
import json
import sys
from collections.abc import Iterator
from importlib.resources import files as _package_files
from pathlib import Path
from typing import TYPE_CHECKING, Any

from ..errors import Problem, ValidationError

if TYPE_CHECKING:  # pragma: no cover
    import jsonschema
    from referencing import Registry

    if sys.version_info >= (3, 11):
        from importlib.resources.abc import Traversable
    else:
        from importlib.abc import Traversable

try:
    import jsonschema_rs
except ImportError:  # pragma: no cover - depends on the platform
    jsonschema_rs = None  # type: ignore[assignment]

__all__ = [
    "SHIPPED",
    "accepts",
    "bundle",
    "bundled",
    "bundled_path",
    "registry",
    "schema",
    "schema_dir",
    "schema_path",
    "validate_diff_data",
    "validator",
]

SHIPPED: tuple[str, ...] = ("version", "actors", "corpus", "events", "diff")
"""Every schema peaceplan ships, by kind: ``schemas/KIND.schema.json``."""

_BUNDLED_ID = "https://peaceplan.dev/schemas/bundled/{kind}.schema.json"
# Values of these keywords are data, not subschemas: a "$ref" inside one is not a reference.
_DATA_KEYWORDS = frozenset({"const", "enum", "examples", "default"})


def _known(kind: str) -> str:
    if kind not in SHIPPED:
        raise ValidationError(f"no shipped schema {kind!r}; the shipped ones are {', '.join(SHIPPED)}")
    return kind


def schema_dir() -> Traversable:
    """The folder of the shipped schemas.

    ``peaceplan/schemas`` in an installed wheel; the checkout's ``schemas/`` in
    an editable install or a source tree.
    """
    here = Path(__file__)
    if here.is_file():  # the package is a folder on disk: its resources are beside it (as files() finds them)
        packaged: Traversable = here.parent.parent / "schemas"
    else:  # pragma: no cover - imported from a zip file
        packaged = _package_files("peaceplan") / "schemas"
    if (packaged / "version.schema.json").is_file():
        return packaged
    return here.resolve().parents[2] / "schemas"


def schema_path(kind: str) -> Traversable:
    """The file of the shipped schema of ``kind``: ``schemas/KIND.schema.json``.

    >>> schema_path("diff").name
    'diff.schema.json'
    """
    return schema_dir() / f"{_known(kind)}.schema.json"


@functools.cache
def _source(kind: str) -> dict[str, Any]:
    """The parsed schema file of ``kind``, read once per process and shared: never modify it."""
    text = schema_path(kind).read_text(encoding="utf-8")
    parsed: dict[str, Any] = json.loads(text)
    return parsed


def schema(kind: str) -> dict[str, Any]:
    """The shipped schema of ``kind`` (one of :data:`SHIPPED`), as parsed JSON: a copy of your own.

    >>> schema("version")["$id"]
    'https://peaceplan.dev/schemas/version.schema.json'
    >>> schema("x")
    Traceback (most recent call last):
    ...
    peaceplan.errors.ValidationError: no shipped schema 'x'; the shipped ones are version, actors, corpus, events, diff
    """
    return copy.deepcopy(_source(kind))


@functools.cache
def registry() -> Registry[Any]:
    """Every shipped schema under its ``$id``, for ``$ref`` between them (built once per process).

    The diff schema refers to the version schema by ``$id``, an address no
    server answers; a validator given this registry resolves it offline:

    >>> import jsonschema
    >>> v = jsonschema.Draft202012Validator(schema("diff"), registry=registry())
    >>> v.is_valid({"peaceplan-diff": 1})
    False
    """
    from referencing import Registry, Resource

    empty: Registry[Any] = Registry()
    return empty.with_resources(
        (source["$id"], Resource.from_contents(source)) for source in map(_source, SHIPPED)
    ).crawl()


@functools.cache
def validator(kind: str) -> jsonschema.Draft202012Validator:
    """The reference (jsonschema) validator of ``kind``, over :func:`registry`, built once per process.

    >>> validator("version") is validator("version")
    True
    >>> validator("actors").is_valid({"peaceplan": 1, "actors": []})
    True
    """
    import jsonschema

    return jsonschema.Draft202012Validator(_source(_known(kind)), registry=registry())


# --- the bundled, self-contained schemas ------------------------------------------------


def _ids() -> dict[str, str]:
    return {_source(kind)["$id"]: kind for kind in SHIPPED}


def bundle(kind: str) -> dict[str, Any]:
    """The self-contained schema of ``kind``, made from the shipped sources: no ``$ref`` outside itself.

    Every schema that ``kind`` refers to by ``$id`` is inlined under ``$defs``:
    its root as ``$defs/NAME`` and each of its definitions as
    ``$defs/NAME-DEFINITION`` (the version schema's ``id`` becomes
    ``#/$defs/version-id``), and every reference is rewritten to point there.
    A schema that refers to no other (every one but ``diff``) comes back as it
    is. The result gets its own ``$id`` (``.../schemas/bundled/KIND.schema.json``)
    so that it can sit in one registry with the sources.

    >>> diff = bundle("diff")
    >>> diff["properties"]["old"]["$ref"], diff["$defs"]["version"]["properties"]["id"]["$ref"]
    ('#/$defs/version', '#/$defs/version-id')
    >>> bundle("version") == schema("version")
    True
    """
    ids = _ids()
    root = schema(kind)
    defs: dict[str, Any] = root.setdefault("$defs", {})
    own = set(defs)
    inlined: set[str] = set()

    def local(name: str, fragment: str, where: str) -> str:
        if name == kind:
            return f"#{fragment}"
        if name not in inlined:
            inlined.add(name)
            source = schema(name)
            source_defs = source.pop("$defs", {})
            for keyword in ("$schema", "$id"):
                source.pop(keyword, None)
            entries = {name: source} | {f"{name}-{key}": value for key, value in source_defs.items()}
            clash = sorted(own & set(entries))
            if clash:
                raise ValueError(f"bundling {kind}: $defs {', '.join(clash)} of {name} clash with {kind}'s own")
            defs.update(entries)
            for entry in entries.values():
                rewrite(entry, name)
        if not fragment:
            return f"#/$defs/{name}"
        if fragment.startswith("/$defs/") and fragment.count("/") == 2:
            return f"#/$defs/{name}-{fragment.removeprefix('/$defs/')}"
        raise ValueError(f"bundling {kind}: cannot inline the reference {where!r} (only the root or one of $defs)")

    def target(ref: str, owner: str) -> str:
        base, _, fragment = ref.partition("#")
        name = ids.get(base) if base else owner
        if name is None:
            raise ValueError(f"bundling {kind}: {ref!r} is not one of the shipped schemas ({', '.join(ids)})")
        return local(name, fragment, ref)

    def rewrite(node: Any, owner: str) -> None:
        if isinstance(node, dict):
            for key, value in node.items():
                if key == "$ref" and isinstance(value, str):
                    node[key] = target(value, owner)
                elif key not in _DATA_KEYWORDS:
                    rewrite(value, owner)
        elif isinstance(node, list):
            for value in node:
                rewrite(value, owner)

    for key, value in list(root.items()):
        if key != "$defs" and key not in _DATA_KEYWORDS:
            rewrite(value, kind)
    for name in sorted(own):  # the kind's own definitions (inlined ones were rewritten as they arrived)
        rewrite(defs[name], kind)
    if not inlined:
        return schema(kind)
    root["$id"] = _BUNDLED_ID.format(kind=kind)
    root["$comment"] = (
        "Generated by peaceplan.files.schemata.bundle from "
        f"{', '.join(f'{k}.schema.json' for k in [kind, *sorted(inlined)])}"
        " (scripts/bundle_schemas.py writes it); edit those, not this file."
    )
    return root


def _external_refs(node: Any) -> Iterator[str]:
    if isinstance(node, dict):
        for key, value in node.items():
            if key == "$ref" and isinstance(value, str) and not value.startswith("#"):
                yield value
            elif key not in _DATA_KEYWORDS:
                yield from _external_refs(value)
    elif isinstance(node, list):
        for value in node:
            yield from _external_refs(value)


def bundled_path(kind: str) -> Traversable:
    """Where the bundled schema of ``kind`` ships, or its source when that refers to no other schema.

    ``schemas/bundled/diff.schema.json`` in a checkout,
    ``peaceplan/schemas/bundled/diff.schema.json`` in the wheel:

    >>> bundled_path("diff").name, bundled_path("version").name
    ('diff.schema.json', 'version.schema.json')
    """
    if any(True for _ in _external_refs(_source(_known(kind)))):
        return schema_dir() / "bundled" / f"{kind}.schema.json"
    return schema_path(kind)


@functools.cache
def _bundled(kind: str) -> dict[str, Any]:
    parsed: dict[str, Any] = json.loads(bundled_path(kind).read_text(encoding="utf-8"))
    return parsed


def bundled(kind: str) -> dict[str, Any]:
    """The self-contained schema of ``kind`` that ships with peaceplan: a copy of your own.

    Use it with any validator, offline, with no registry; it equals
    :func:`bundle` of the shipped sources (a test keeps them so):

    >>> import jsonschema
    >>> jsonschema.Draft202012Validator(bundled("diff")).is_valid({"peaceplan-diff": 1})
    False
    """
    return copy.deepcopy(_bundled(kind))


# --- the compiled check -----------------------------------------------------------------


@functools.cache
def _compiled(kind: str) -> Any:
    """The compiled validator of one shipped schema, built from its bundle, or ``None`` when
    jsonschema-rs is not installed or cannot build it: jsonschema then checks everything."""
    if jsonschema_rs is None:  # pragma: no cover - depends on the platform
        return None
    source = _source(_known(kind))
    try:
        return jsonschema_rs.validator_for(bundle(kind) if any(True for _ in _external_refs(source)) else source)
    except Exception:  # an API or schema-dialect change in a newer release: not worth failing a load for
        return None


def accepts(kind: str, data: Any) -> bool:
    """Whether the compiled validator finds ``data`` valid against the ``kind`` schema.

    ``False`` means "ask jsonschema" (:func:`validator`): the data may be
    invalid, or the compiled validator may be missing or unable to read it.
    ``data`` must be plain parsed JSON or YAML (see the module docstring).

    >>> accepts("version", {"peaceplan": 1})  # no id, title, provisions...
    False
    """
    compiled = _compiled(kind)
    if compiled is None:
        return False
    try:
        return bool(compiled.is_valid(data))
    except ValueError:  # a value it cannot convert (a lone surrogate, a non-text key): jsonschema decides
        return False


def validate_diff_data(data: Any, *, file: str | None = None) -> None:
    """Raise :class:`~peaceplan.errors.ValidationError` listing every way ``data`` breaks the diff schema.

    >>> validate_diff_data({"peaceplan-diff": 1})
    Traceback (most recent call last):
    ...
    peaceplan.errors.ValidationError: 5 problems:
    ...
    """
    errors = sorted(validator("diff").iter_errors(data), key=lambda e: list(map(str, e.absolute_path)))
    if errors:
        raise ValidationError(
            Problem(
                message=f"not a valid peaceplan diff: {e.message}",
                pointer="/" + "/".join(str(p) for p in e.absolute_path) if e.absolute_path else "",
                file=file,
            )
            for e in errors
        )
