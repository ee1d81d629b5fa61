"""Version files and corpus folders: load, validate, and write them back.

This is the interchange layer (see ``docs/file-format.md``). Reading a file goes
text → plain data with line numbers (:mod:`peaceplan.yamlio`) → JSON Schema
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
import json
import os
import re
import secrets
import shutil
import stat
import sys
from collections.abc import Callable, Iterable, Mapping
from importlib.resources import files as _package_files
from pathlib import Path
from typing import TYPE_CHECKING, Any, TypeVar

from ._fastcheck import accepts
from .corpus import Corpus, corpus_problems
from .dates import FuzzyDate
from .errors import PeaceplanError, Problem, ValidationError
from .limits import read_file_bytes
from .model import Actor, Alternative, Amendment, Attribution, Document, Position, Provision, Source, Version
from .plugins import available_corpora, corpus_location
from .yamlio import _TOO_DEEP, LineMap, dump_json, dump_yaml, pointer_join, read_data

if TYPE_CHECKING:  # pragma: no cover
    import jsonschema

if sys.version_info >= (3, 11):
    from importlib.resources.abc import Traversable
else:  # pragma: no cover
    from importlib.abc import Traversable

__all__ = ["DEFAULT_CORPUS", "available_corpora", "dump_version", "load_corpus", "load_version", "validate_path"]

DEFAULT_CORPUS = "ukraine-2025"
"""The built-in corpus :func:`load_corpus` reads when given no name or path."""

PathLike = str | os.PathLike[str]
T = TypeVar("T")
_SUFFIXES = (".yaml", ".yml", ".json")


# --- schemas --------------------------------------------------------------------


def _schema_dir() -> Traversable:
    """``peaceplan/schemas`` in an installed wheel; the checkout's ``schemas/`` in an editable install."""
    packaged = _package_files("peaceplan") / "schemas"
    if (packaged / "version.schema.json").is_file():
        return packaged
    return Path(__file__).resolve().parent.parent / "schemas"


@functools.cache
def _schema(kind: str) -> dict[str, Any]:
    text = (_schema_dir() / f"{kind}.schema.json").read_text(encoding="utf-8")
    schema: dict[str, Any] = json.loads(text)
    return schema


@functools.cache
def _validator(kind: str) -> jsonschema.Draft202012Validator:
    """The reference validator of one schema, built once per process.

    Imported on first use: with the compiled check in front (peaceplan._fastcheck),
    a run that reads only valid files never needs jsonschema.
    """
    import jsonschema

    return jsonschema.Draft202012Validator(_schema(kind))


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
    if accepts(kind, data):  # the compiled check: jsonschema only for what it rejects (see peaceplan._fastcheck)
        return []
    problems: list[Problem] = []
    for error in _validator(kind).iter_errors(data):
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
        fields = {k: v for k, v in data.items() if k != "peaceplan"}
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


def _read(source: Traversable, file: str) -> tuple[Any, LineMap]:
    """Plain data and line map of one file; raises ValidationError naming ``file``."""
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
    start = len(codecs.BOM_UTF8) if raw.startswith(codecs.BOM_UTF8) else 0
    try:
        text = raw[start:].decode("utf-8")
    except UnicodeDecodeError as exc:
        offset = start + exc.start
        line = raw.count(b"\n", 0, offset) + 1
        message = (
            f"the file is not UTF-8 text: byte {offset} (0x{raw[offset]:02x}) cannot be decoded; "
            "save the file with UTF-8 encoding"
        )
        raise ValidationError([Problem(message=message, file=file, line=line)]) from None
    return read_data(text, json_syntax=_suffix(source.name) == ".json", file=file)


def _located(problems: Iterable[Problem], file: str, lines: LineMap) -> list[Problem]:
    located = [p.located(file=file, line=lines.line(p.pointer)) for p in problems]
    return sorted(located, key=lambda p: p.line or 0)


def _load(source: Traversable, file: str, kind: str) -> tuple[Any, list[Problem], LineMap]:
    """Read, schema-check and build one file: (object or None, problems, line map).

    ``kind`` is "version" (a :class:`Version`), "actors" (a list of actors) or
    "corpus" (the manifest as ``(fields, documents)``).
    """
    try:
        data, lines = _read(source, file)
    except ValidationError as exc:
        return None, list(exc.problems), LineMap()
    try:
        problems = _schema_problems(data, kind, lines)
        if problems:  # the model cannot be built from data of the wrong shape
            return None, _located(problems, file, lines), lines
        builder = _Builder()
        built: Any
        if kind == "version":
            built = builder.version(data)
        elif kind == "actors":
            built = builder.many(data["actors"], "/actors", functools.partial(builder.make, Actor))
        else:
            documents = builder.many(data["documents"], "/documents", functools.partial(builder.make, Document))
            built = None if documents is None else (data, documents)
        return built, _located(builder.problems, file, lines), lines
    except RecursionError:  # json.loads reads deeper than the checks and the model can walk
        return None, [Problem(message=_TOO_DEEP, file=file)], LineMap()


# --- corpus folders -------------------------------------------------------------


def _find(folder: Traversable, stem: str) -> Traversable | None:
    for suffix in _SUFFIXES:
        candidate = folder / f"{stem}{suffix}"
        if candidate.is_file():
            return candidate
    return None


def _join(display: str, *parts: str) -> str:
    return os.path.join(display, *parts) if display else "/".join(parts)


def _load_folder(folder: Traversable, display: str) -> tuple[Corpus | None, list[Problem]]:
    """Load a corpus folder, collecting the problems of every file and across files."""
    problems: list[Problem] = []
    missing = "; a corpus folder holds corpus.yaml, actors.yaml and a versions/ folder (see docs/file-format.md)"
    manifest_file, actors_file = _find(folder, "corpus"), _find(folder, "actors")
    manifest: Any = None
    actors: Any = None
    where: dict[str, tuple[str, LineMap]] = {}
    for stem, found in (("corpus", manifest_file), ("actors", actors_file)):
        if found is None:
            problems.append(Problem(message=f"no {stem}.yaml in this folder{missing}", file=display))
            continue
        name = _join(display, found.name)
        built, found_problems, lines = _load(found, name, stem)
        problems.extend(found_problems)
        where[stem] = (name, lines)
        manifest, actors = (built, actors) if stem == "corpus" else (manifest, built)

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
        version, found_problems, lines = _load(source, name, "version")
        problems.extend(found_problems)
        if version is not None:
            versions.append(version)
            files_of.setdefault(version.id, []).append((name, lines))
    if problems or manifest is None or actors is None:
        # Cross-file checks on a partly read corpus would report ghosts (a parent "missing"
        # only because its file failed); fix the files above first.
        return None, problems

    data, documents = manifest
    duplicates_seen: dict[str, int] = {}
    for version_id, problem in corpus_problems(actors, documents, versions):
        if version_id is None:
            file, lines = where["actors" if problem.pointer.startswith("/actors") else "corpus"]
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
    corpus = Corpus(
        name=data["name"],
        title=data["title"],
        description=data.get("description"),
        actors=actors,
        documents=documents,
        versions=versions,
    )
    return corpus, []


@functools.cache
def _load_named(name: str) -> Corpus:
    """Load a built-in or plugin corpus once per process (corpora are immutable).

    Only the plugin that provides ``name`` is loaded: a broken one elsewhere does not matter.
    """
    corpus, problems = _load_folder(corpus_location(name), name)
    if corpus is None:
        raise ValidationError(problems)
    return corpus


def _as_name(path: PathLike | None) -> str | None:
    if path is None:
        return DEFAULT_CORPUS
    if isinstance(path, str) and re.fullmatch(r"[A-Za-z0-9][A-Za-z0-9._-]*", path) and not os.path.exists(path):
        return path
    return None


# --- public functions -----------------------------------------------------------


def load_version(path: PathLike) -> Version:
    """Read one version file (``.yaml``, ``.yml`` or ``.json``).

    Raises :class:`~peaceplan.ValidationError` listing every problem of the
    file, each with the line and JSON pointer. Cross-references to other files
    (actors, parents, ``derived_from``) are checked by :func:`load_corpus`.

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
    version, problems, _ = _load(Path(file), file, "version")
    if problems or version is None:
        raise ValidationError(problems)
    return version  # type: ignore[no-any-return]


def dump_version(version: Version, path: PathLike) -> None:
    """Write ``version`` to ``path`` in canonical form: JSON for ``.json``, YAML otherwise.

    Keys come in the order of ``docs/file-format.md``, empty values are left
    out, labels are quoted, text is UTF-8. The file is replaced atomically: a
    temporary file in the same folder is written, then renamed over ``path``.

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
    data = _canonical(version.to_dict(), _schema("version"), _schema("version"))
    text = dump_json(data) if _suffix(target.name) == ".json" else dump_yaml(data)
    write_atomic(target, text.encode("utf-8"))


def load_corpus(path: PathLike | None = None) -> Corpus:
    """Load a corpus: the built-in one, one by name, or a corpus folder.

    ``None`` loads ``ukraine-2025``, the built-in corpus; a name loads a built-in
    (or, later, plugin) corpus; anything else is a folder holding
    ``corpus.yaml``, ``actors.yaml`` and ``versions/`` (an existing folder wins
    over a name). Every file is checked and every cross-reference, and all
    problems are raised together as a :class:`~peaceplan.ValidationError`.

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
    ...     corpus = load_corpus(root)
    >>> corpus
    <Corpus 'demo': 1 documents, 1 versions, 1 actors>
    """
    name = _as_name(path)
    if name is not None:
        return _load_named(name)
    assert path is not None
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
    corpus, problems = _load_folder(folder, display)
    if corpus is None:
        raise ValidationError(problems)
    return corpus


def validate_path(path: PathLike) -> list[Problem]:
    """Every problem of a version, actors or manifest file, or of a whole corpus folder.

    Never raises for a bad input: an empty list means the path is valid. A
    file's kind is told by its name (``corpus.yaml``, ``actors.yaml``, else a
    version).

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
    try:
        if target.is_dir():
            return _load_folder(target, display)[1]
        kind = target.stem if target.stem in ("corpus", "actors") else "version"
        return _load(target, display, kind)[1]
    except OSError as exc:  # pragma: no cover - a folder vanishing mid-walk
        return [Problem(message=f"cannot read: {exc.strerror or exc}", file=display)]


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


def write_atomic(path: Path, payload: bytes) -> None:
    """Write ``payload`` to a temporary file beside ``path``, then rename it over ``path``.

    A reader never sees half a file, and a failed write leaves the old one as it was.
    A symbolic link is followed (the file it names is replaced, the link kept); a
    device, pipe or other special file (``/dev/stdout``, ``>(cmd)``) is written to
    as it is, since renaming over it would replace it with a plain file.
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
    temporary = path.with_name(f".{path.name}.{secrets.token_hex(6)}.tmp")
    fd = os.open(temporary, os.O_WRONLY | os.O_CREAT | os.O_EXCL | getattr(os, "O_BINARY", 0), 0o666)
    try:
        with os.fdopen(fd, "wb") as handle:
            handle.write(payload)
            handle.flush()
            os.fsync(handle.fileno())
        if path.exists():
            shutil.copymode(path, temporary)
        os.replace(temporary, path)
    except BaseException:
        with contextlib.suppress(OSError):
            temporary.unlink()
        raise
