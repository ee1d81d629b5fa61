"""Version files and corpus folders: load, validate, and write them back.

This is the interchange layer (see ``docs/file-format.md``). Reading a file goes
text → plain data with line numbers (:mod:`peaceplan.files.yamlio`) → JSON Schema
check → model objects → the model's own cross-checks. Every problem found on
the way is reported at once, each with the file, the line and a JSON pointer,
in words a non-programmer can act on. Writing goes the other way, in the
canonical form, atomically: a reader never sees a half-written file.
"""

from __future__ import annotations

import codecs
import contextlib
import difflib
import functools
import hashlib
import json
import os
import re
import secrets
import shutil
import stat
import sys
import time
import warnings
from collections.abc import Callable, Iterable, Iterator, Mapping
from pathlib import Path
from typing import Any, TypeVar, cast

import attrs

from .. import cache
from .._gcpause import paused_gc
from ..errors import IntegrityError, IntegrityWarning, PeaceplanError, Problem, ValidationError, docs_url
from ..limits import read_file_bytes
from ..model.collection import CorpusData, corpus_problems
from ..model.dates import FuzzyDate
from ..model.events import Event
from ..model.fields import canonical_json
from ..model.records import (
    Actor,
    Alternative,
    Amendment,
    Attribution,
    Document,
    Position,
    Provision,
    Source,
    Version,
    remember_digest,
    version_from_checked,
)
from . import schemata
from .plugins import available_corpora, corpus_location
from .yamlio import (
    _TOO_DEEP,
    LineMap,
    dump_json,
    dump_yaml,
    orjson_module,
    pointer_join,
    read_data,
    read_json_again,
    read_json_written,
)

if sys.version_info >= (3, 11):
    from importlib.resources.abc import Traversable
else:  # pragma: no cover
    from importlib.abc import Traversable

__all__ = [
    "DEFAULT_CORPUS",
    "DIGESTS_FILE",
    "Verification",
    "available_corpora",
    "dump_version",
    "load_version",
    "read_corpus",
    "validate_path",
    "verify_corpus",
    "write_digests",
]

DEFAULT_CORPUS = "ukraine-2025"
"""The built-in corpus :func:`read_corpus` reads when given no name or path."""

PathLike = str | os.PathLike[str]
T = TypeVar("T")
_C = TypeVar("_C", bound=CorpusData)
_SUFFIXES = (".yaml", ".yml", ".json")


# --- schema problems in plain words ----------------------------------------------
# The schemas themselves (reading, the registry, the validators, the compiled check)
# belong to peaceplan.files.schemata; this section turns their errors into messages.

_JSON_TYPES = {
    "string": "text",
    "integer": "a whole number",
    "number": "a number",
    "boolean": "true or false",
    "array": "a list",
    "object": "a mapping of fields (name: value)",
    "null": "nothing",
}


def _kind_of(value: object) -> str:
    if value is None:
        return "nothing (an empty value)"
    if isinstance(value, bool):
        return "true/false"
    if isinstance(value, (int, float)):
        return "a number"
    if isinstance(value, str):
        return "text"
    return "a list" if isinstance(value, list) else "a mapping of fields"


def _shown(value: object, pointer: str, lines: LineMap) -> str:
    """``value`` as the author wrote it, shortened, for a message."""
    if isinstance(value, (dict, list)):
        return ""
    text = lines.raw.get(pointer) or (value if isinstance(value, str) else json.dumps(value))
    text = repr(text) if isinstance(value, str) else text
    return f" ({text[:57]}...)" if len(text) > 60 else f" ({text})"


def _lower_first(text: str) -> str:
    return text[:1].lower() + text[1:]


def _suggest(word: object, choices: Iterable[str]) -> str:
    close = difflib.get_close_matches(str(word), list(choices), n=1)
    return f"did you mean {close[0]!r}? " if close else ""


def _schema_problems(data: Any, kind: str, lines: LineMap) -> list[Problem]:
    """Every schema violation of ``data`` (parsed JSON or YAML), in plain words, with JSON pointers."""
    if schemata.accepts(kind, data):  # the compiled check: jsonschema only for what it rejects (see schemata)
        return []
    problems: list[Problem] = []
    for error in schemata.validator(kind).iter_errors(data):
        pointer = "".join(pointer_join("", p) for p in error.absolute_path)
        keyword, expected, value, schema = error.validator, error.validator_value, error.instance, error.schema
        if keyword == "required":
            properties = schema.get("properties", {})
            for name in (n for n in expected if n not in value):
                about = _lower_first(properties.get(name, {}).get("description", "").rstrip("."))
                message = f"missing required field {name!r}" + (f" ({about})" if about else "") + "; add it"
                problems.append(Problem(message=message, pointer=pointer))
            continue
        if keyword == "additionalProperties":
            allowed = list(schema.get("properties", {}))
            for name in (n for n in value if n not in allowed):
                message = (
                    f"unknown field {name!r}; {_suggest(name, allowed)}the fields allowed here are {', '.join(allowed)}"
                )
                problems.append(Problem(message=message, pointer=pointer_join(pointer, name)))
            continue
        got = f"{_kind_of(value)}{_shown(value, pointer, lines)}"
        if keyword == "type":
            message = f"expected {_JSON_TYPES.get(expected, expected)}, got {got}"
            if expected == "string" and isinstance(value, bool):
                message += "; YAML reads yes/no/on/off/true/false as true or false, so put the text in quotes"
            elif expected == "string" and isinstance(value, (int, float)):
                message += "; put it in quotes so it stays text"
        elif keyword == "enum":
            choices = [str(c) for c in expected]
            message = (
                f"expected one of {', '.join(repr(c) for c in choices)}, got {got}; {_suggest(value, choices)}".rstrip(
                    "; "
                )
            )
        elif keyword == "const":
            message = f"expected {expected!r} (the file format version peaceplan reads), got {got}"
        elif keyword == "pattern":
            description = _lower_first(schema.get("description", f"text matching {expected}").rstrip("."))
            message = f"expected {description}; got {value!r}"
        else:  # pragma: no cover - the schemas use no other assertion keywords
            message = error.message
        problems.append(Problem(message=message, pointer=pointer))
    return problems


# --- building model objects with locations --------------------------------------

_FIELD_IN_MESSAGE = re.compile(r"^\w+\.(\w+)(?:\[(\d+)\])?:")


class _Builder:
    """Build model objects from schema-checked data, pinning each failure to a pointer.

    The model's constructors check what a schema cannot (duplicate labels,
    unknown source ids, real calendar dates); their errors know the field but
    not where the object sits in the file, which this builder adds.
    """

    def __init__(self) -> None:
        self.problems: list[Problem] = []

    def make(self, cls: Callable[..., T], fields: Mapping[str, Any], pointer: str) -> T | None:
        try:
            return cls(**fields)
        except ValidationError as exc:
            self.problems.extend(self._relocate(p, pointer) for p in exc.problems)
        except (ValueError, TypeError) as exc:
            self.problems.append(Problem(message=str(exc), pointer=pointer))
        return None

    @staticmethod
    def _relocate(problem: Problem, pointer: str) -> Problem:
        if problem.pointer:
            return Problem(message=problem.message, pointer=pointer + problem.pointer)
        match = _FIELD_IN_MESSAGE.match(problem.message)
        if match:
            pointer = pointer_join(pointer, match[1])
            if match[2] is not None:
                pointer = pointer_join(pointer, match[2])
        return Problem(message=problem.message, pointer=pointer)

    def dates(self, fields: dict[str, Any], pointer: str, *keys: str) -> bool:
        ok = True
        for key in keys:
            value = fields.get(key)
            if isinstance(value, str):
                try:
                    fields[key] = FuzzyDate.parse(value)
                except ValueError as exc:
                    self.problems.append(
                        Problem(message=f"{value!r} is not a valid date: {exc}", pointer=pointer_join(pointer, key))
                    )
                    ok = False
        return ok

    def many(self, items: Iterable[Any], pointer: str, build: Callable[[Any, str], T | None]) -> list[T] | None:
        built = [build(item, pointer_join(pointer, i)) for i, item in enumerate(items)]
        return None if any(b is None for b in built) else [b for b in built if b is not None]

    def attribution(self, data: Mapping[str, Any], pointer: str) -> Attribution | None:
        return self.make(Attribution, data, pointer)

    def source(self, data: Mapping[str, Any], pointer: str) -> Source | None:
        fields = dict(data)
        return self.make(Source, fields, pointer) if self.dates(fields, pointer, "date") else None

    def position(self, data: Mapping[str, Any], pointer: str) -> Position | None:
        fields = dict(data)
        return self.make(Position, fields, pointer) if self.dates(fields, pointer, "date") else None

    def alternative(self, data: Mapping[str, Any], pointer: str) -> Alternative | None:
        fields = dict(data)
        return self._with_parts(Alternative, fields, pointer, attributions=self.attribution)

    def event(self, data: Mapping[str, Any], pointer: str) -> Event | None:
        fields = dict(data)
        if not self.dates(fields, pointer, "date", "until"):
            return None
        return self._with_parts(Event, fields, pointer, sources=self.source)

    def amendment(self, data: Mapping[str, Any], pointer: str) -> Amendment | None:
        return self._with_parts(Amendment, dict(data), pointer, attributions=self.attribution)

    def provision(self, data: Mapping[str, Any], pointer: str) -> Provision | None:
        fields = dict(data)
        return self._with_parts(
            Provision,
            fields,
            pointer,
            children=self.provision,
            attributions=self.attribution,
            alternatives=self.alternative,
            positions=self.position,
        )

    def version(self, data: Mapping[str, Any]) -> Version | None:
        fields = {k: v for k, v in data.items() if k not in ("peaceplan", "digest")}
        if not self.dates(fields, "", "date", "reported"):
            fields["date"] = fields["reported"] = None  # keep checking the rest
            ok = False
        else:
            ok = True
        built = self._with_parts(
            Version,
            fields,
            "",
            attributions=self.attribution,
            sources=self.source,
            amendments=self.amendment,
            provisions=self.provision,
        )
        return built if ok else None

    def _with_parts(
        self, cls: Callable[..., T], fields: dict[str, Any], pointer: str, **parts: Callable[[Any, str], Any]
    ) -> T | None:
        complete = True
        for key, build in parts.items():
            built = self.many(fields.get(key, ()), pointer_join(pointer, key), build)
            complete = complete and built is not None
            fields[key] = built
        return self.make(cls, fields, pointer) if complete else None


# --- reading one file -----------------------------------------------------------


def _suffix(name: str) -> str:
    return os.path.splitext(name)[1].lower()


def _read(
    source: Traversable,
    file: str,
    verdict: list[dict[str, Any] | None] | None = None,
    book: _VerdictBook | None = None,
) -> tuple[Any, LineMap, str | None]:
    """Plain data, line map and sha256 of one file (``None`` with the disk cache off, which alone needs it);
    raises ValidationError naming ``file``.

    Given a ``verdict`` list, the file is a version file: for a JSON file, what loading its
    very bytes found before (see :func:`_verdict`; in ``book`` when given) is appended to it, and a file that had
    no problem then is parsed without the checks it passed. A YAML file gets no verdict:
    its data may come from the cache rather than from its bytes, so it is checked every time.
    """
    if _suffix(source.name) not in _SUFFIXES:
        message = "expected a .yaml, .yml or .json file"
        if _suffix(source.name) in (".txt", ".text", ".md", ".markdown", ".docx", ".pdf"):
            message += (
                "; a plan in plain text, Markdown, Word or PDF becomes a version file with "
                "'peaceplan import FILE --id ID' (or peaceplan.read_text, read_markdown, read_docx, read_pdf)"
            )
        raise ValidationError([Problem(message=message, file=file)])
    try:  # a path is checked first: a FIFO or /dev/zero is refused, not read forever
        raw = read_file_bytes(source, file=file) if isinstance(source, Path) else source.read_bytes()
    except FileNotFoundError:
        raise ValidationError([Problem(message="no such file; check the path", file=file)]) from None
    except OSError as exc:
        raise ValidationError([Problem(message=f"cannot read the file: {exc.strerror or exc}", file=file)]) from None
    digest = hashlib.sha256(raw).hexdigest() if cache.enabled() else None
    if _suffix(source.name) == ".json":
        if verdict is not None:
            verdict.append(None if digest is None else book.verdict(digest) if book is not None else _verdict(digest))
        written = read_json_written(raw, file)  # the very bytes the writer makes of their data: no check to make
        if written is not None:
            return (*written, digest)
        text = _decoded(raw, file)
        if verdict is not None and verdict[0] is not None:
            return (*read_json_again(text, file), digest)
        return (*read_data(text, json_syntax=True, file=file), digest)
    text = _decoded(raw, file)
    if verdict is not None:  # YAML data may come from the cache (_read_yaml_cached): it is always checked
        verdict.append(None)
    if digest is None:
        return (*read_data(text, json_syntax=False, file=file), digest)
    return (*_read_yaml_cached(digest, text, file), digest)


def _decoded(raw: bytes, file: str) -> str:
    """The text of a file's bytes (UTF-8, a byte-order mark dropped); raises ValidationError naming ``file``."""
    start = len(codecs.BOM_UTF8) if raw.startswith(codecs.BOM_UTF8) else 0
    try:
        return raw[start:].decode("utf-8")
    except UnicodeDecodeError as exc:
        offset = start + exc.start
        line = raw.count(b"\n", 0, offset) + 1
        message = (
            f"the file is not UTF-8 text: byte {offset} (0x{raw[offset]:02x}) cannot be decoded; "
            "save the file with UTF-8 encoding"
        )
        raise ValidationError([Problem(message=message, file=file, line=line)]) from None


def _read_yaml_cached(digest: str, text: str, file: str) -> tuple[Any, LineMap]:
    """:func:`read_data` of a YAML file, kept in the disk cache under the sha256 of its bytes.

    Parsing YAML is most of the time it takes to load a corpus; the cached data is
    checked and built exactly as freshly parsed data is. Only data that JSON keeps
    as it is (text keys, no NaN) is stored.
    """
    key = {"sha256": digest}
    hit = cache.fetch("files", key)
    if (
        isinstance(hit, dict)
        and set(hit) == {"data", "lines", "raw"}
        and isinstance(hit["lines"], dict)
        and all(isinstance(v, int) for v in hit["lines"].values())
        and isinstance(hit["raw"], dict)
        and all(isinstance(v, str) for v in hit["raw"].values())
    ):
        return hit["data"], LineMap(hit["lines"], hit["raw"])
    data, lines = read_data(text, json_syntax=False, file=file)
    value = {"data": data, "lines": dict(lines.lines), "raw": dict(lines.raw)}
    try:
        kept = json.loads(json.dumps(value)) == value
    except (ValueError, TypeError, RecursionError):
        kept = False
    if kept:
        cache.store("files", key, value)
    return data, lines


def _version_checked(data: Mapping[str, Any], built: dict[Any, Any]) -> Version | None:
    """The version of data the compiled schema check accepted, built without checking again what it proved.

    ``built`` holds the points built so far by this load: a point of the same content is
    the same object (see :func:`~peaceplan.model.records.version_from_checked`).
    ``None`` when the data holds a problem the schema cannot see (a date that does not
    exist, a label used twice): :class:`_Builder` then builds it again to place each problem.
    """
    try:
        return version_from_checked(data, built)
    except (ValueError, TypeError):
        return None


_VERDICTS = "versions"
"""The cache kind of what loading a version file found: that its bytes hold a valid version (see _verdict)."""


def _is_json(source: Traversable) -> bool:
    return _suffix(source.name) == ".json"


def _verdict(sha256: str) -> dict[str, Any] | None:
    """What loading the version file whose bytes hash to ``sha256`` found before, if it found no problem.

    ``{"digest": D}``: the bytes parse without a duplicate key or a refused value, the
    compiled schema check accepted the data, the version built from it passed every
    check, and its stated digest ``D`` (``None`` when it states none) matched its
    content. All of that depends on the bytes and on peaceplan's code alone, and a
    cache entry is keyed by both (:mod:`peaceplan.cache`), so a file with these very
    bytes is not checked for it again; the version is still built, and checked against
    the rest of the corpus, every time. Anything else in the entry: no verdict.
    """
    return _valid_verdict(cache.fetch(_VERDICTS, {"sha256": sha256}))


def _valid_verdict(found: Any) -> dict[str, Any] | None:
    if (
        isinstance(found, dict)
        and set(found) == {"digest"}
        and (found["digest"] is None or isinstance(found["digest"], str))
    ):
        return found
    return None


_BOOKS = "verdicts"
"""The cache kind of the verdicts of one corpus folder's version files, kept together (see _VerdictBook)."""


@attrs.define
class _VerdictBook:
    """The verdicts (see :func:`_verdict`) on the version files of one corpus folder, read and written as one entry.

    A corpus of a hundred files would otherwise cost a hundred entries looked for and
    a hundred written. Each verdict in the book is still keyed by the sha256 of its
    file's bytes, and the entry by the code stamp (:mod:`peaceplan.cache`): the
    folder's name only says which book to open, so a book from another folder, or an
    old one whose files have since changed, vouches for no other bytes. A damaged or
    foreign entry is ignored (an empty book). After the load the book is written
    again, holding the verdicts of this load's files alone, when they differ from it.
    """

    key: dict[str, str]
    kept: dict[str, str]  # sha256 of a file's bytes -> its stated digest ("" when it states none)
    found: dict[str, str] = attrs.Factory(dict)  # the verdicts of this load's files

    @classmethod
    def opened(cls, folder: Traversable) -> _VerdictBook | None:
        """The book of ``folder`` as the cache holds it (empty when it holds none); ``None`` with the cache off."""
        if not cache.enabled():
            return None
        key = {"folder": os.path.abspath(folder) if isinstance(folder, Path) else str(folder)}
        kept = cache.fetch(_BOOKS, key)
        if not (isinstance(kept, dict) and all(isinstance(v, str) for v in kept.values())):
            kept = {}
        return cls(key, kept)

    def verdict(self, sha256: str) -> dict[str, Any] | None:
        stated = self.kept.get(sha256)
        if stated is None:
            return None
        self.found[sha256] = stated
        return {"digest": stated or None}

    def add(self, sha256: str, stated: str | None) -> None:
        self.found[sha256] = stated or ""

    def close(self) -> None:
        """Keep this load's verdicts, when they are not what the cache holds already."""
        if self.found != self.kept:
            cache.store(_BOOKS, self.key, self.found)


def _keep_verdict(sha256: str, stated: str | None, book: _VerdictBook | None) -> None:
    if book is not None:
        book.add(sha256, stated)
    else:
        cache.store(_VERDICTS, {"sha256": sha256}, {"digest": stated})


def _located(problems: Iterable[Problem], file: str, lines: LineMap) -> list[Problem]:
    located = [p.located(file=file, line=lines.line(p.pointer)) for p in problems]
    return sorted(located, key=lambda p: p.line or 0)


def _load(source: Traversable, file: str, kind: str, check: _Check | None = None) -> tuple[Any, list[Problem], LineMap]:
    """Read, schema-check and build one file: (object or None, problems, line map).

    ``kind`` is "version" (a :class:`Version`), "actors" (a list of actors),
    "events" (a list of events) or "corpus" (the manifest as ``(fields, documents)``).
    A version's ``digest``, when written, is checked against its content (``check``
    says whether a mismatch is a problem or a warning, and collects what was checked).
    """
    check = check if check is not None else _Check()
    verdict: list[dict[str, Any] | None] | None = [] if kind == "version" else None
    try:
        data, lines, digest = _read(source, file, verdict, check.book)
    except ValidationError as exc:
        return None, list(exc.problems), LineMap()
    known = verdict[0] if verdict else None
    try:
        accepted = known is not None or schemata.accepts(
            kind, data
        )  # the compiled check (see peaceplan.files.schemata)
        problems = [] if accepted else _schema_problems(data, kind, lines)
        if problems:  # the model cannot be built from data of the wrong shape
            return None, _located(problems, file, lines), lines
        builder = _Builder()
        built: Any
        if kind == "version":
            built = _version_checked(data, check.points) if accepted else None
            if built is None:  # built field by field, each problem placed in the file
                built = builder.version(data)
            if built is not None and digest is not None:  # its content is its file's: alignments are cached so
                cache.remember_content(built, f"file:{digest}")
            stated = data.get("digest") if built is not None else None
            if built is not None and stated is not None:
                check.covered.add(built.id)
                vouched = known is not None and known["digest"] == stated  # these bytes matched it before
                if vouched:  # the data's hash, or the version's digest: either stands for it (_Check.content_digest)
                    check.hashed[id(built)] = stated
                actual = stated if vouched else check.content_digest(built, data, stated)
                mismatch = check.compare(stated, actual, file, lines, "/digest", _IN_FILE)
                matched = actual == stated and not mismatch and not builder.problems  # (no mismatch merely warned of)
                if matched:  # the version's digest is the one stated: not computed again when asked for
                    remember_digest(built, stated)
                if known is None and accepted and matched and _is_json(source) and digest is not None:
                    _keep_verdict(digest, stated, check.book)
                return built, [*_located(builder.problems, file, lines), *mismatch], lines
            if (
                built is not None
                and known is None
                and accepted
                and not builder.problems
                and digest is not None
                and _is_json(source)
            ):
                _keep_verdict(digest, None, check.book)
        elif kind == "actors":
            built = builder.many(data["actors"], "/actors", functools.partial(builder.make, Actor))
        elif kind == "events":
            built = builder.many(data["events"], "/events", builder.event)
        else:
            documents = builder.many(data["documents"], "/documents", functools.partial(builder.make, Document))
            built = None if documents is None else (data, documents)
        return built, _located(builder.problems, file, lines), lines
    except RecursionError:  # json.loads reads deeper than the checks and the model can walk
        return None, [Problem(message=_TOO_DEEP, file=file)], LineMap()


# --- digests --------------------------------------------------------------------

DIGESTS_FILE = "digests.json"
"""The optional file of a corpus folder listing the digest of each of its files (see :func:`write_digests`)."""

_IN_FILE = "the digest written in the file", "delete the file's 'digest' line or write it again with dump_version"


def _digest_of(data: Any) -> str:
    """sha256 of the canonical JSON of plain data (as :attr:`Version.digest` for a version)."""
    return hashlib.sha256(canonical_json(data).encode("utf-8")).hexdigest()


def _quick_digest(data: Any) -> str:
    """:func:`_digest_of` of parsed version data, through orjson when it can: a guess to compare a digest with.

    orjson's compact, key-sorted UTF-8 output is the canonical JSON text for the data a
    version file holds (texts, whole numbers, lists, mappings; tests/test_files.py checks
    it against :func:`canonical_json` on generated data), about six times faster. Only
    ever used as :meth:`_Check.content_digest` uses it: a hash that equals the digest
    stated is the canonical text's hash (a JSON text parses to one value, so data
    encoded to the very text the digest was made from is that data), and one that does
    not is never trusted, the version's own digest decides.
    """
    fast = orjson_module()
    if fast is not None:
        try:
            return hashlib.sha256(fast.dumps(data, option=fast.OPT_SORT_KEYS)).hexdigest()
        except (TypeError, ValueError):  # a lone surrogate, a number past 64 bits: the standard library's way
            pass
    return _digest_of(data)


@attrs.define
class _Check:
    """Whether a digest mismatch is a problem (``verify``) or a warning, and what was checked.

    ``problems`` holds every mismatch reported as a problem (so a caller can tell an
    :class:`~peaceplan.IntegrityError` from other problems).
    """

    verify: bool = True
    problems: list[Problem] = attrs.Factory(list)
    covered: set[str] = attrs.Factory(set)  # ids of the versions whose digest was checked
    versions: list[str] = attrs.Factory(list)  # ids of the versions read
    hashed: dict[int, str] = attrs.Factory(dict)  # id of a version read -> sha256 of its file's data
    points: dict[Any, Any] = attrs.Factory(dict)  # the points built so far, by content (version_from_checked)
    book: _VerdictBook | None = None  # where a folder's verdicts are kept together (see _VerdictBook)

    def content_digest(self, version: Version, data: Mapping[str, Any], stated: str) -> str:
        """What to compare a digest ``stated`` for ``version`` with: its :attr:`~Version.digest`, found cheaply.

        ``data`` is the file's data it was built from. A digest is the sha256 of the
        canonical JSON of :meth:`Version.to_dict`; a file written by :func:`dump_version`
        holds that very data (its ``digest`` aside), so hashing the data read answers
        without building the dictionary again, the costliest part of loading a
        corpus. When that hash does not match (a hand-written file leaves out
        defaults, spells a date otherwise), the version's own digest decides, as
        always. Either way the content read is what the stated digest vouches for.
        """
        hashed = self.hashed.get(id(version))
        if hashed is None:
            hashed = _quick_digest({key: value for key, value in data.items() if key != "digest"})
            self.hashed[id(version)] = hashed
        return stated if hashed == stated else version.digest

    def compare(
        self, stated: str, actual: str, file: str, line: int | LineMap | None, pointer: str, against: tuple[str, str]
    ) -> list[Problem]:
        """A problem (or a warning) when ``stated`` is not ``actual``; ``line`` may be the file's line map,
        read only then (finding a line in a JSON file walks its text)."""
        if stated == actual:
            return []
        if isinstance(line, LineMap):
            line = line.line(pointer)
        what, fix = against
        found = f"the content does not match {what} ({stated[:12]}…; the content hashes to {actual[:12]}…)"
        if not self.verify:
            warnings.warn(IntegrityWarning(f"{file}: {found}; loaded anyway, as verification is off"), stacklevel=5)
            return []
        message = (
            f"{found}: the file changed after its digest was written; if the change is yours, {fix}, "
            "or load it anyway with --no-verify (verify=False)"
        )
        problem = Problem(message=message, file=file, line=line, pointer=pointer)
        self.problems.append(problem)
        return [problem]

    def error(self, problems: list[Problem]) -> ValidationError:
        """The error to raise for ``problems``: an :class:`IntegrityError` when they are all digest mismatches."""
        if all(p in self.problems for p in problems):
            return IntegrityError(problems)
        return ValidationError(problems)


def _read_digests(source: Traversable, file: str) -> tuple[dict[str, Any], list[Problem], LineMap]:
    """The digests file of a folder (``{"corpus": ..., "actors": ..., "versions": {id: digest}}``) and its problems."""
    try:
        data, lines, _ = _read(source, file)
    except ValidationError as exc:
        return {}, list(exc.problems), LineMap()
    expected = (
        'expected {"peaceplan-digests": 1, "corpus": DIGEST, "actors": DIGEST, "versions": {ID: DIGEST, ...}} '
        "with each DIGEST 64 lower-case hex digits; write it with 'peaceplan verify --write-digests FOLDER'"
    )
    hexes = re.compile(r"[0-9a-f]{64}")

    def bad(pointer: str) -> list[Problem]:
        return [Problem(message=expected, file=file, line=lines.line(pointer), pointer=pointer)]

    if not isinstance(data, dict) or data.get("peaceplan-digests") != 1:
        return {}, bad(""), lines
    for key in data:
        if key not in ("peaceplan-digests", "corpus", "actors", "events", "versions"):
            return {}, bad(pointer_join("", key)), lines
    for key in ("corpus", "actors", "events"):
        if key in data and not (isinstance(data[key], str) and hexes.fullmatch(data[key])):
            return {}, bad(pointer_join("", key)), lines
    listed = data.get("versions", {})
    if not isinstance(listed, dict):
        return {}, bad("/versions"), lines
    for key, value in listed.items():
        if not (isinstance(value, str) and hexes.fullmatch(value)):
            return {}, bad(pointer_join("/versions", key)), lines
    return data, [], lines


def _actors_digest(actors: Iterable[Actor]) -> str:
    return _digest_of({"actors": [a.to_dict() for a in actors]})


def _events_digest(events: Iterable[Event]) -> str:
    return _digest_of({"events": [e.to_dict() for e in events]})


# --- corpus folders -------------------------------------------------------------


def _find(folder: Traversable, stem: str) -> Traversable | None:
    for suffix in _SUFFIXES:
        candidate = folder / f"{stem}{suffix}"
        if candidate.is_file():
            return candidate
    return None


def _join(display: str, *parts: str) -> str:
    return os.path.join(display, *parts) if display else "/".join(parts)


def _load_folder(
    folder: Traversable, display: str, check: _Check | None, into: type[_C], *, listed: bool = True
) -> tuple[_C | None, list[Problem]]:
    """Load a corpus folder, collecting the problems of every file and across files.

    Digests written in version files are checked, and with ``listed`` those of the
    folder's digests file when it has one (``check`` says how; see :class:`_Check`).
    The cyclic collector is paused meanwhile: a large corpus is hundreds of thousands
    of objects made in one burst, all kept, and every collection pass on the way
    walked them all again for nothing (about a third of the time it took).
    """
    check = check if check is not None else _Check()
    book = check.book = _VerdictBook.opened(folder)
    try:
        with paused_gc():
            loaded = _read_folder(folder, display, check, into, listed=listed)
    finally:
        check.book = None
    if book is not None:
        book.close()
    return loaded


def _read_folder(
    folder: Traversable, display: str, check: _Check | None, into: type[_C], *, listed: bool = True
) -> tuple[_C | None, list[Problem]]:
    check = check if check is not None else _Check()
    problems: list[Problem] = []
    missing = (
        f"; a corpus folder holds corpus.yaml, actors.yaml and a versions/ folder (see {docs_url('file-format.md')})"
    )
    manifest_file, actors_file = _find(folder, "corpus"), _find(folder, "actors")
    manifest: Any = None
    actors: Any = None
    where: dict[str, tuple[str, LineMap]] = {}
    for stem, found in (("corpus", manifest_file), ("actors", actors_file)):
        if found is None:
            problems.append(Problem(message=f"no {stem}.yaml in this folder{missing}", file=display))
            continue
        name = _join(display, found.name)
        built, found_problems, lines = _load(found, name, stem, check)
        problems.extend(found_problems)
        where[stem] = (name, lines)
        manifest, actors = (built, actors) if stem == "corpus" else (manifest, built)

    events: list[Event] = []
    events_file = _find(folder, "events")  # optional: a corpus need not record events
    if events_file is not None:
        name = _join(display, events_file.name)
        built, found_problems, lines = _load(events_file, name, "events")
        problems.extend(found_problems)
        where["events"] = (name, lines)
        events = built or []

    versions_dir = folder / "versions"
    version_files: list[Traversable] = []
    if versions_dir.is_dir():
        version_files = sorted(
            (f for f in versions_dir.iterdir() if _suffix(f.name) in _SUFFIXES and not f.name.startswith(".")),
            key=lambda f: f.name,
        )
    else:
        problems.append(Problem(message=f"no versions/ folder here{missing}", file=display))
    versions: list[Version] = []
    files_of: dict[str, list[tuple[str, LineMap]]] = {}
    for source in version_files:
        name = _join(display, "versions", source.name)
        version, found_problems, lines = _load(source, name, "version", check)
        problems.extend(found_problems)
        if version is not None:
            versions.append(version)
            files_of.setdefault(version.id, []).append((name, lines))
    digests = folder / DIGESTS_FILE
    if listed and digests.is_file():
        all_read = not problems and len(versions) == len(version_files)
        built = {"corpus": manifest, "actors": actors, "events": events}
        named = {stem: (where[stem][0], built[stem]) for stem in where}
        problems.extend(_listed_problems(digests, display, named, versions, files_of, check, all_read))
    check.versions = [v.id for v in versions]
    if problems or manifest is None or actors is None:
        # Cross-file checks on a partly read corpus would report ghosts (a parent "missing"
        # only because its file failed); fix the files above first.
        return None, problems

    data, documents = manifest

    def make() -> _C:
        return into(
            name=data["name"],
            title=data["title"],
            description=data.get("description"),
            actors=actors,
            documents=documents,
            versions=versions,
            events=events,
        )

    try:  # the corpus checks every cross-reference as it is made; only a refused one is looked at again
        return make(), []
    except ValidationError:
        pass
    duplicates_seen: dict[str, int] = {}
    for version_id, problem in corpus_problems(actors, documents, versions, events):
        if version_id is None:
            stem = problem.pointer.split("/")[1] if problem.pointer.count("/") else ""
            file, lines = where[stem if stem in ("actors", "events") else "corpus"]
        elif problem.pointer == "/id":  # the same id in several files: point at each later one
            count = duplicates_seen[version_id] = duplicates_seen.get(version_id, 0) + 1
            file, lines = files_of[version_id][count]
            first = files_of[version_id][0][0]
            problem = Problem(
                message=f"version id {version_id!r} is also used by {first}; give every version its own id",
                pointer="/id",
            )
        elif len(files_of[version_id]) > 1:
            continue  # which of the files sharing this id is meant? fix the id first
        else:
            file, lines = files_of[version_id][0]
        problems.extend(_located([problem], file, lines))
    if problems:
        return None, problems
    return make(), []  # refused for another reason: raises it


def _listed_problems(
    source: Traversable,
    display: str,
    named: dict[str, tuple[str, Any]],
    versions: list[Version],
    files_of: dict[str, list[tuple[str, LineMap]]],
    check: _Check,
    all_read: bool,
) -> list[Problem]:
    """The files of a folder whose content does not match its digests file, and what that file wrongly lists.

    ``all_read``: every version file was read, so an id listed but not found is a missing file.
    """
    file = _join(display, DIGESTS_FILE)
    data, problems, lines = _read_digests(source, file)
    if problems:
        return problems
    fix = f"run 'peaceplan verify --write-digests {display}' to list the new digests"
    against = f"its digest in {file}", fix
    out: list[Problem] = []
    listed: dict[str, str] = data.get("versions", {})
    for stem, (where, built) in named.items():
        if built is not None and stem in data:
            if stem == "corpus":
                actual = _digest_of(built[0])
            else:
                actual = _actors_digest(built) if stem == "actors" else _events_digest(built)
            out.extend(check.compare(data[stem], actual, where, None, "", against))
    for v in versions:
        if len(files_of[v.id]) > 1:
            continue  # the same id in two files is reported as such
        where = files_of[v.id][0][0]
        if v.id in listed:
            actual = listed[v.id] if check.hashed.get(id(v)) == listed[v.id] else v.digest  # see _Check.content_digest
            out.extend(check.compare(listed[v.id], actual, where, None, "", against))
            check.covered.add(v.id)
            continue
        found = f"version {v.id!r} is not listed in {file}: it was added after the digests were written"
        if not check.verify:
            warnings.warn(IntegrityWarning(f"{where}: {found}; loaded anyway, as verification is off"), stacklevel=4)
            continue
        problem = Problem(message=f"{found}; {fix}, or load it anyway with --no-verify", file=where)
        check.problems.append(problem)
        out.append(problem)
    if all_read:
        for version_id in listed:
            if version_id in files_of:
                continue
            found = f"lists version {version_id!r}, which no file of {_join(display, 'versions')} holds"
            if not check.verify:
                warnings.warn(IntegrityWarning(f"{file}: {found}; loaded anyway, as verification is off"), stacklevel=4)
                continue
            pointer = pointer_join("/versions", version_id)
            message = f"{found} (a file was removed or renamed); {fix}, or load it anyway with --no-verify"
            problem = Problem(message=message, file=file, line=lines.line(pointer), pointer=pointer)
            check.problems.append(problem)
            out.append(problem)
    return out


def _load_named(name: str, verify: bool, into: type[_C]) -> _C:
    data: type[CorpusData] = into
    return cast(_C, _load_named_once(name, verify, data))  # type: ignore[arg-type]  # a class is hashable


@functools.cache
def _load_named_once(name: str, verify: bool, into: type[CorpusData]) -> CorpusData:
    """Load a built-in or plugin corpus once per process (corpora are immutable).

    Only the plugin that provides ``name`` is loaded: a broken one elsewhere does not matter.
    """
    check = _Check(verify=verify)
    corpus, problems = _load_folder(corpus_location(name), name, check, into)
    if corpus is None:
        raise check.error(problems)
    return corpus


def _as_name(path: PathLike | None) -> str | None:
    if path is None:
        return DEFAULT_CORPUS
    if isinstance(path, str) and re.fullmatch(r"[A-Za-z0-9][A-Za-z0-9._-]*", path) and not os.path.exists(path):
        return path
    return None


# --- public functions -----------------------------------------------------------


def load_version(path: PathLike, *, verify: bool = True) -> Version:
    """Read one version file (``.yaml``, ``.yml`` or ``.json``).

    Raises :class:`~peaceplan.ValidationError` listing every problem of the
    file, each with the line and JSON pointer. Cross-references to other files
    (actors, parents, ``derived_from``) are checked by :func:`read_corpus`.

    A file that carries a ``digest`` (as :func:`dump_version` writes) must still
    hold the content it was written with: otherwise :class:`~peaceplan.IntegrityError`
    names the file. ``verify=False`` loads it anyway, with an
    :class:`~peaceplan.IntegrityWarning`.

    >>> import pathlib, tempfile
    >>> with tempfile.TemporaryDirectory() as folder:
    ...     path = pathlib.Path(folder, "v1.yaml")
    ...     _ = path.write_text('peaceplan: 1\\nid: v1\\ndocument: plan\\ntitle: Plan\\nstatus: draft\\n'
    ...                         'date: 2025-11-20\\nprovisions:\\n  - label: "1"\\n    text: A ceasefire.\\n')
    ...     version = load_version(path)
    >>> version.date, version.provision("1").text
    (FuzzyDate('2025-11-20'), 'A ceasefire.')
    """
    file = os.fspath(path)
    check = _Check(verify=verify)
    with paused_gc():  # see _load_folder
        version, problems, _ = _load(Path(file), file, "version", check)
    if problems or version is None:
        raise check.error(problems)
    return version  # type: ignore[no-any-return]


def dump_version(version: Version, path: PathLike, *, digest: bool = True) -> None:
    """Write ``version`` to ``path`` in canonical form: JSON for ``.json``, YAML otherwise.

    Keys come in the order of ``docs/file-format.md``, empty values are left
    out, labels are quoted, text is UTF-8. The second key is the ``digest``
    (:attr:`Version.digest`), which :func:`load_version` checks; ``digest=False``
    leaves it out, for a draft meant to be edited by hand. The file is
    replaced atomically: a temporary file in the same folder is written, then
    renamed over ``path``.

    >>> import pathlib, tempfile
    >>> from peaceplan import Provision, Version
    >>> v = Version(id="v1", document="plan", title="Plan", status="draft", date="2025-11-20",
    ...             provisions=[Provision(label="1", text="A ceasefire starts.", topics=["ceasefire"])])
    >>> with tempfile.TemporaryDirectory() as folder:
    ...     path = pathlib.Path(folder, "v1.yaml")
    ...     dump_version(v, path)
    ...     print(path.read_text(encoding="utf-8"), end="")
    ...     assert load_version(path) == v
    peaceplan: 1
    digest: 00b8e01fb0a69516e687985f7d7ea382433f5214ef798c5958b177706583c1a7
    id: v1
    document: plan
    title: Plan
    status: draft
    date: '2025-11-20'
    fidelity: verbatim
    language: en
    provisions:
      - label: "1"
        text: A ceasefire starts.
        topics: [ceasefire]
    """
    if not isinstance(version, Version):
        raise TypeError(f"dump_version() expected a Version, got {type(version).__name__}")
    target = Path(path)
    data = version.to_dict() | ({"digest": version.digest} if digest else {})
    version_schema = schemata.schema("version")
    data = _canonical(data, version_schema, version_schema)
    text = dump_json(data) if _suffix(target.name) == ".json" else dump_yaml(data)
    write_atomic(target, text.encode("utf-8"))


def read_corpus(path: PathLike | None = None, *, verify: bool = True, into: type[_C]) -> _C:
    """Read a corpus (the built-in one, one by name, or a corpus folder) into ``into``.

    :func:`peaceplan.load_corpus` calls it with ``into=Corpus``: the data with its verbs.

    ``None`` loads ``ukraine-2025``, the built-in corpus; a name loads a built-in
    (or, later, plugin) corpus; anything else is a folder holding
    ``corpus.yaml``, ``actors.yaml`` and ``versions/`` (an existing folder wins
    over a name). Every file is checked and every cross-reference, and all
    problems are raised together as a :class:`~peaceplan.ValidationError`.

    Digests are checked: those written in version files, and those of the
    folder's ``digests.json`` when it has one (the built-in corpus does; see
    :func:`write_digests`). A file whose content no longer matches raises
    :class:`~peaceplan.IntegrityError`; ``verify=False`` loads it anyway, with an
    :class:`~peaceplan.IntegrityWarning`.

    >>> import pathlib, tempfile
    >>> with tempfile.TemporaryDirectory() as folder:
    ...     root = pathlib.Path(folder)
    ...     _ = (root / "corpus.yaml").write_text(
    ...         "peaceplan: 1\\nname: demo\\ntitle: Demo\\ndocuments: [{id: plan, title: Plan, kind: peace-plan}]\\n")
    ...     _ = (root / "actors.yaml").write_text("peaceplan: 1\\nactors: [{id: us, name: USA, kind: state}]\\n")
    ...     (root / "versions").mkdir()
    ...     _ = (root / "versions" / "v1.yaml").write_text(
    ...         "peaceplan: 1\\nid: v1\\ndocument: plan\\ntitle: Plan\\nstatus: draft\\n"
    ...         "attributions: [{actor: us}]\\nprovisions: []\\n")
    ...     corpus = read_corpus(root, into=CorpusData)
    >>> corpus
    <CorpusData 'demo': 1 documents, 1 versions, 1 actors>
    """
    name = _as_name(path)
    if name is not None:
        return _load_named(name, verify, into)
    assert path is not None
    folder, display = _folder_of(path)
    check = _Check(verify=verify)
    corpus, problems = _load_folder(folder, display, check, into)
    if corpus is None:
        raise check.error(problems)
    return corpus


def _folder_of(path: PathLike) -> tuple[Path, str]:
    """The corpus folder ``path`` names (itself, or the folder of its ``corpus.yaml``) and how to show it."""
    display = os.fspath(path)
    folder = Path(display)
    if folder.is_file() and folder.stem == "corpus":
        folder, display = folder.parent, os.path.dirname(display) or "."
    if not folder.is_dir():
        what = "is a file, not a corpus folder" if folder.exists() else "does not exist"
        raise ValidationError(
            [
                Problem(
                    message=f"this {what}; pass a folder holding corpus.yaml, actors.yaml and versions/", file=display
                )
            ]
        )
    return folder, display


def validate_path(path: PathLike, *, verify: bool = True) -> list[Problem]:
    """Every problem of a version, actors or manifest file, or of a whole corpus folder.

    Never raises for a bad input: an empty list means the path is valid. A
    file's kind is told by its name (``corpus.yaml``, ``actors.yaml``,
    ``events.yaml``, else a version). Digests are checked as :func:`read_corpus` checks
    them (a mismatch is one of the problems); ``verify=False`` turns mismatches into warnings.

    >>> import pathlib, tempfile
    >>> with tempfile.TemporaryDirectory() as folder:
    ...     path = pathlib.Path(folder, "v1.yaml")
    ...     _ = path.write_text("peaceplan: 1\\nid: v1\\ndocument: plan\\ntitle: 7\\nprovisions: []\\n")
    ...     for problem in validate_path(path):
    ...         print(problem.line, problem.pointer, problem.message)
    1  missing required field 'status' (where the text stands); add it
    4 /title expected text, got a number (7); put it in quotes so it stays text
    """
    display = os.fspath(path)
    target = Path(display)
    if not target.exists():
        return [Problem(message="no such file or folder; check the path", file=display)]
    check = _Check(verify=verify)
    try:
        if target.is_dir():
            return _load_folder(target, display, check, CorpusData)[1]
        if target.name == DIGESTS_FILE:
            return _read_digests(target, display)[1]
        kind = target.stem if target.stem in ("corpus", "actors", "events") else "version"
        return _load(target, display, kind, check)[1]
    except OSError as exc:  # pragma: no cover - a folder vanishing mid-walk
        return [Problem(message=f"cannot read: {exc.strerror or exc}", file=display)]


@attrs.frozen(kw_only=True)
class Verification:
    """What :func:`verify_corpus` found: every problem, and how many versions a digest vouches for.

    ``unchecked`` are the ids of the versions read that carry no digest, in their
    file or in the folder's ``digests.json``: their content cannot be checked.
    """

    path: str
    problems: tuple[Problem, ...]
    versions: int
    checked: int
    unchecked: tuple[str, ...]

    @property
    def ok(self) -> bool:
        """No problem found."""
        return not self.problems

    def __str__(self) -> str:
        if self.problems:
            count = len(self.problems)
            return f"{self.path}: {count} problem{'s' if count > 1 else ''}"
        return f"ok: {self.path}: {self.versions} versions, {self.checked} with a digest checked"


def verify_corpus(path: PathLike | None = None) -> Verification:
    """Check a corpus as ``git fsck`` checks a repository: every digest, reference and lineage link.

    Reads every file of the folder (or of the built-in or plugin corpus ``path``
    names), checks each version's content against the digest written in its file
    and against the folder's ``digests.json``, and reports what is wrong
    across files: unknown actors, parents, documents and ``derived_from``
    points, duplicate ids, and cycles in the lineage. Never raises for a bad
    corpus: the problems are in the result.

    >>> result = verify_corpus()  # the built-in corpus ships its digests
    >>> result.ok, result.versions == result.checked
    (True, True)
    """
    name = _as_name(path)
    check = _Check()
    try:
        if name is not None:
            display = name
            folder: Traversable = corpus_location(name)
        else:
            assert path is not None
            folder, display = _folder_of(path)
    except PeaceplanError as exc:
        refused = exc.problems if isinstance(exc, ValidationError) else (Problem(message=str(exc)),)
        return Verification(path=os.fspath(path or ""), problems=refused, versions=0, checked=0, unchecked=())
    _, found = _load_folder(folder, display, check, CorpusData)
    unchecked = tuple(v for v in check.versions if v not in check.covered)
    return Verification(
        path=display,
        problems=tuple(found),
        versions=len(check.versions),
        checked=len(check.versions) - len(unchecked),
        unchecked=unchecked,
    )


def write_digests(path: PathLike) -> Path:
    """Write the ``digests.json`` of a corpus folder: the digest of its manifest, actors and every version.

    The folder must load (apart from its old ``digests.json``, which is replaced);
    a version file whose own ``digest`` does not match is refused, not blessed.
    Returns the path written. This is how the built-in corpus's digests are
    regenerated after its files are corrected: ``peaceplan verify --write-digests
    peaceplan/data/ukraine-2025`` (see ``docs/file-format.md``).

    >>> import pathlib, shutil, tempfile, peaceplan
    >>> with tempfile.TemporaryDirectory() as folder:
    ...     copy = shutil.copytree(peaceplan.files.io.corpus_location("ukraine-2025"), pathlib.Path(folder, "c"))
    ...     written = write_digests(copy)
    ...     verify_corpus(copy).ok
    True
    """
    folder, display = _folder_of(path)
    check = _Check()
    corpus, problems = _load_folder(folder, display, check, CorpusData, listed=False)
    if corpus is None:
        raise check.error(problems)
    manifest, _, _ = _read(_find(folder, "corpus") or folder / "corpus.yaml", _join(display, "corpus.yaml"))
    data = {
        "peaceplan-digests": 1,
        "corpus": _digest_of(manifest),
        "actors": _actors_digest(corpus.actors),
        **({"events": _events_digest(corpus.events)} if corpus.events else {}),
        "versions": {v.id: v.digest for v in sorted(corpus.versions, key=lambda v: v.id)},
    }
    target = folder / DIGESTS_FILE
    write_atomic(target, (json.dumps(data, ensure_ascii=False, indent=2) + "\n").encode("utf-8"))
    return target


# --- writing --------------------------------------------------------------------


def _canonical(data: Any, schema: Mapping[str, Any], root: Mapping[str, Any]) -> Any:
    """``data`` with every mapping's keys in the order its schema lists them."""
    ref = schema.get("$ref")
    if isinstance(ref, str) and ref.startswith("#/$defs/"):
        schema = root["$defs"][ref.removeprefix("#/$defs/")]
    if isinstance(data, dict):
        properties = schema.get("properties", {})
        rank = {key: i for i, key in enumerate(properties)}
        ordered = sorted(data, key=lambda key: rank.get(key, len(rank)))
        return {key: _canonical(data[key], properties.get(key, {}), root) for key in ordered}
    if isinstance(data, list):
        return [_canonical(item, schema.get("items", {}), root) for item in data]
    return data


# Temporary files and folders of writes in progress: ".NAME.PID.RANDOM.tmp" beside what they become.
_TEMPORARY = re.compile(r"\..+\.(\d+)\.[0-9a-f]{12}\.tmp")
_UNLOCKED_AGE = 3600.0  # without advisory locks (Windows), a temporary this old (seconds) is stale

try:
    import fcntl
except ImportError:  # pragma: no cover - Windows
    fcntl = None  # type: ignore[assignment]


def _temporary_beside(path: Path) -> Path:
    return path.with_name(f".{path.name}.{os.getpid()}.{secrets.token_hex(6)}.tmp")


def _hold(fd: int) -> None:
    """Take the advisory lock that marks a temporary as in use; the kernel drops it when the process dies.

    A file system without locks (some network mounts) refuses it: the writer's process id,
    in the temporary's name, still protects it from a cleaner on the same machine.
    """
    if fcntl is not None:
        with contextlib.suppress(OSError):
            fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)


def _abandoned(path: Path, pid: int) -> bool:
    """Whether the writer of the temporary ``path`` is gone: its process ended, and no one holds its lock."""
    if fcntl is None:  # pragma: no cover - Windows: a file in use cannot be removed anyway; go by age
        with contextlib.suppress(OSError):
            return time.time() - path.stat().st_mtime > _UNLOCKED_AGE
        return False
    try:
        os.kill(pid, 0)
        return False  # its writer still runs (or the number was reused: then it goes on a later write)
    except ProcessLookupError:
        pass
    except OSError:
        return False  # a process of another user: alive
    try:
        fd = os.open(path, os.O_RDONLY)
    except OSError:
        return False  # renamed into place, or removed, meanwhile: not ours to touch
    try:
        fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
    except OSError:
        return False  # held: a writer on another machine sharing the folder
    finally:
        os.close(fd)
    return True


def clean_stale(folder: Path) -> list[Path]:
    """Remove the temporary files and folders that killed writes left in ``folder``; return what went.

    A temporary is named after its writer's process and locked while it writes;
    only those whose process has ended and whose lock is free are removed, so a
    write in progress is never disturbed. :func:`write_atomic` and
    :func:`building` call this on their folder before they write.
    """
    removed: list[Path] = []
    try:
        entries = list(os.scandir(folder))
    except OSError:
        return removed
    for entry in entries:
        match = _TEMPORARY.fullmatch(entry.name)
        if match is None:
            continue
        path = Path(entry.path)
        if not _abandoned(path, int(match[1])):
            continue
        with contextlib.suppress(OSError):
            if entry.is_dir(follow_symlinks=False):
                shutil.rmtree(path)
            else:
                path.unlink()
            removed.append(path)
    return removed


@contextlib.contextmanager
def building(target: Path) -> Iterator[Path]:
    """Build the new folder ``target`` in a temporary sibling, renamed into place when the block succeeds.

    Readers, and a writer killed at any moment, see either no folder (or the empty
    one that was there) or the whole of it, never part. Missing parent folders are
    created. Raises
    :class:`~peaceplan.PeaceplanError` when ``target`` holds anything but hidden
    files. A folder holding only hidden files (``.git``) is filled entry by
    entry instead, ``corpus.yaml`` last, since a folder cannot be renamed over it.
    """
    parent = target.parent
    try:
        parent.mkdir(parents=True, exist_ok=True)  # empty folders: nothing half-made if killed here
    except OSError as exc:
        raise PeaceplanError(f"{target}: cannot create the folder {str(parent)!r}: {exc.strerror or exc}") from None
    clean_stale(parent)
    if target.exists():
        clean_stale(target)
        if not target.is_dir() or any(not p.name.startswith(".") for p in target.iterdir()):
            raise PeaceplanError(f"{target}: the folder exists and is not empty; nothing was written")
    temporary = _temporary_beside(target)
    temporary.mkdir()
    try:
        lock = os.open(temporary, os.O_RDONLY) if fcntl is not None else None  # Windows opens no folder
        try:
            if lock is not None:
                _hold(lock)
            yield temporary
            _fsync_folder(temporary)
            _place(temporary, target)
            _fsync_folder(parent)
        finally:
            if lock is not None:
                os.close(lock)
    except BaseException:
        with contextlib.suppress(OSError):
            shutil.rmtree(temporary)
        raise


def _place(temporary: Path, target: Path) -> None:
    """Rename the built folder to ``target`` (absent, or empty but for hidden files)."""
    if not target.exists():
        try:
            os.rename(temporary, target)
            return
        except OSError:
            if not target.exists():
                raise
    if not any(target.iterdir()):
        with contextlib.suppress(OSError):  # POSIX renames a folder over an empty one in one step
            os.rename(temporary, target)
            return
    if any(not p.name.startswith(".") for p in target.iterdir()):
        raise PeaceplanError(f"{target}: the folder was filled by someone else meanwhile; nothing was written")
    entries = sorted(temporary.iterdir(), key=lambda p: p.stem == "corpus")  # the manifest last: then it is whole
    for entry in entries:
        os.rename(entry, target / entry.name)
    temporary.rmdir()


def _fsync_folder(folder: Path) -> None:
    """Make a folder's entries (renames, new files) durable, where the platform allows."""
    with contextlib.suppress(OSError):
        fd = os.open(folder, os.O_RDONLY)
        try:
            os.fsync(fd)
        finally:
            os.close(fd)


def _replace(temporary: Path, path: Path) -> None:
    if path.exists():
        shutil.copymode(path, temporary)
    os.replace(temporary, path)


def write_atomic(path: Path, payload: bytes) -> None:
    """Write ``payload`` to a temporary file beside ``path``, then rename it over ``path``.

    A reader never sees half a file, and a failed write leaves the old one as it was.
    The temporary files of writes killed before that rename are removed by the next
    write to the same folder (:func:`clean_stale`). A symbolic link is followed (the
    file it names is replaced, the link kept); a device, pipe or other special file
    (``/dev/stdout``, ``>(cmd)``) is written to as it is, since renaming over it
    would replace it with a plain file.
    """
    try:
        mode = os.stat(path).st_mode  # through any link
    except OSError:
        mode = None
    if mode is not None and not stat.S_ISREG(mode) and not stat.S_ISDIR(mode):
        with open(path, "wb") as handle:
            handle.write(payload)
        return
    if mode is not None and path.is_symlink():
        path = Path(os.path.realpath(path))
    if not path.parent.is_dir():
        raise PeaceplanError(f"{path}: the folder {str(path.parent)!r} does not exist; create it, or write elsewhere")
    if path.is_dir():
        raise PeaceplanError(f"{path}: this is a folder; give a file name to write to")
    clean_stale(path.parent)
    temporary = _temporary_beside(path)
    fd = os.open(temporary, os.O_WRONLY | os.O_CREAT | os.O_EXCL | getattr(os, "O_BINARY", 0), 0o666)
    try:
        with os.fdopen(fd, "wb") as handle:
            _hold(handle.fileno())  # held until closed, after the rename
            handle.write(payload)
            handle.flush()
            os.fsync(handle.fileno())
            if fcntl is not None:
                _replace(temporary, path)
        if fcntl is None:  # pragma: no cover - Windows renames only a closed file
            _replace(temporary, path)
        _fsync_folder(path.parent)
    except BaseException:
        with contextlib.suppress(OSError):
            temporary.unlink()
        raise
