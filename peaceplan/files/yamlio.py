"""YAML and JSON text to plain data and back, keeping the line of every value.

peaceplan files are written by hand, so a reader must say *where* a problem is.
:func:`read_data` turns text into plain data (dicts, lists, strings, numbers)
together with a :class:`LineMap` from JSON pointers (``/provisions/3/label``)
to 1-based line numbers. YAML is read safely and strictly: dates stay text,
anchors, aliases, merge keys and any tag beyond plain text, numbers, lists and
mappings are refused (no alias bombs, no ``!!python/object``), and a key given
twice is an error instead of silently dropping the first value.

:func:`dump_yaml` and :func:`dump_json` write the canonical text of data that is
already in canonical key order: labels double-quoted, short lists of ids in flow
style, multi-line text as literal blocks.
"""

from __future__ import annotations

import bisect
import functools
import json
import re
from collections.abc import Callable, Iterator, Mapping
from types import SimpleNamespace
from typing import TYPE_CHECKING, Any

import attrs

from ..errors import Problem, ValidationError

if TYPE_CHECKING:  # pragma: no cover - imported when a YAML file is read or written (see _yaml)
    import yaml

__all__ = ["LineMap", "dump_json", "dump_yaml", "pointer_join", "read_data"]

_YAML = "tag:yaml.org,2002:"
_TOO_DEEP = "the data is nested too deeply to read; points nest a few levels deep, not hundreds"
_SCALAR_TAGS = {f"{_YAML}{t}" for t in ("str", "int", "float", "bool", "null")}
_MAX_NUMBER_CHARS = 64  # a number in a peaceplan file is a format version or a count, never this long
_LONG_NUMBER = (
    "a number written with {n:,} characters; numbers in peaceplan files are short "
    "(put it in quotes if it is meant as text)"
)
_SURROGATE_ESCAPE = re.compile(r"\\(?:u[dD][89a-fA-F]|U0000[dD][89a-fA-F])")
_SURROGATE = re.compile("[\ud800-\udfff]")


def pointer_join(pointer: str, key: str | int) -> str:
    """Append one key to a JSON pointer, escaping ``~`` and ``/`` as RFC 6901 says.

    >>> pointer_join("/provisions/3", "label")
    '/provisions/3/label'
    >>> pointer_join("", "a/b")
    '/a~1b'
    """
    return f"{pointer}/{str(key).replace('~', '~0').replace('/', '~1')}"


@attrs.frozen
class LineMap:
    """Where each value of a file starts: JSON pointer → 1-based line.

    ``raw`` keeps the source text of scalars that YAML read as something other
    than text (``no`` → ``False``, ``1:30`` → ``90``), so messages can quote
    what the author actually wrote.

    >>> LineMap({"": 1, "/title": 3}).line("/title/oops")
    3
    """

    lines: Mapping[str, int] = attrs.field(factory=dict)
    raw: Mapping[str, str] = attrs.field(factory=dict)

    def line(self, pointer: str) -> int | None:
        """The line of ``pointer``, or of its nearest ancestor that has one."""
        while True:
            if pointer in self.lines:
                return self.lines[pointer]
            if not pointer:
                return None
            pointer = pointer.rsplit("/", 1)[0]


def read_data(text: str, *, json_syntax: bool, file: str) -> tuple[Any, LineMap]:
    """Parse ``text`` as JSON or YAML into plain data and a :class:`LineMap`.

    Raises :class:`~peaceplan.ValidationError` naming ``file`` and the line for
    a syntax error, an empty file, or refused YAML (anchors, aliases, tags,
    duplicate keys); every problem found is reported at once.

    >>> data, lines = read_data('id: v1\\ndate: 2025-11-20\\nlabels: ["1", "2"]\\n', json_syntax=False, file="v.yaml")
    >>> data
    {'id': 'v1', 'date': '2025-11-20', 'labels': ['1', '2']}
    >>> lines.line("/labels/1")
    3
    """
    if not text.strip():
        what = "a JSON object" if json_syntax else "a YAML mapping"
        raise ValidationError([Problem(message=f"the file is empty; expected {what} of fields", file=file, line=1)])
    try:
        data, lines = _read_json(text, file) if json_syntax else _read_yaml(text, file)
    except RecursionError:
        raise ValidationError([Problem(message=_TOO_DEEP, file=file)]) from None
    if _may_spell_surrogate(text):
        problems = _surrogates(data, file)
        if problems:
            raise ValidationError([p.located(line=lines.line(p.pointer)) for p in problems])
    return data, lines


def _may_spell_surrogate(text: str) -> bool:
    """Whether ``text`` holds a raw lone surrogate, or an escape that may spell one.

    Two searches, each quick on its own (one pattern joining both is several times
    slower on a large file): ASCII text holds no raw surrogate, and an escape starts with
    a backslash, which the search for it skips to.
    """
    if _SURROGATE_ESCAPE.search(text):
        return True
    return not text.isascii() and _SURROGATE.search(text) is not None


def _surrogates(data: Any, file: str) -> list[Problem]:
    """A problem for every string (key or value) holding a lone surrogate, which no file can store."""
    problems: list[Problem] = []
    stack: list[tuple[str, Any]] = [("", data)]
    while stack:
        pointer, value = stack.pop()
        if isinstance(value, dict):
            for key, item in value.items():
                stack.append((pointer_join(pointer, key), item))
                if _SURROGATE.search(key):
                    stack.append((pointer_join(pointer, key), key))
        elif isinstance(value, list):
            stack.extend((pointer_join(pointer, i), item) for i, item in enumerate(value))
        elif isinstance(value, str) and (m := _SURROGATE.search(value)):
            message = (
                f"the text holds a lone surrogate (U+{ord(m[0]):04X}, written as an escape such as "
                "\\udc00), which is not a character; remove it or write the character it stands for"
            )
            shown = _SURROGATE.sub(lambda c: f"\\u{ord(c[0]):04x}", pointer)  # a key may hold one too
            problems.append(Problem(message=message, pointer=shown, file=file))
    return sorted(problems, key=lambda p: p.pointer)


# --- YAML -------------------------------------------------------------------------


class _RefuseAnchors:
    """Composer mixin: refuse anchors and aliases before any node is built (no alias bombs)."""

    if TYPE_CHECKING:  # provided by the parser this is mixed into

        def peek_event(self) -> yaml.Event: ...

    def compose_node(self, parent: yaml.Node | None, index: int) -> yaml.Node | None:
        import yaml

        event = self.peek_event()
        refused = _yaml().Refused
        if isinstance(event, yaml.AliasEvent):
            raise refused(
                problem=f"an alias (*{event.anchor}) is not allowed; write the value out in full",
                problem_mark=event.start_mark,
            )
        if getattr(event, "anchor", None) is not None:
            raise refused(
                problem=f"an anchor (&{getattr(event, 'anchor', '')}) is not allowed; peaceplan files do not use "
                "anchors or aliases, write each value out in full",
                problem_mark=event.start_mark,
            )
        return super().compose_node(parent, index)  # type: ignore[misc, no-any-return]


@functools.cache
def _yaml() -> SimpleNamespace:
    """PyYAML and the classes built on it, made on first use.

    A JSON file, a corpus read from the disk cache and ``import peaceplan`` need no YAML
    parser, and importing PyYAML is a good part of a short command's start-up.
    ``Refused``: YAML that is well formed but that peaceplan will not read;
    ``StrictLoader``: a pure-Python safe loader that keeps dates as text and refuses
    anchors and aliases (its error messages are the ones reported, whichever loader found
    the error); ``Loader``: the libyaml one where PyYAML has it (it scans about seven times
    faster; composing stays in Python, so the same checks apply); ``Dumper``: canonical
    YAML, block style, sequences indented under their key, no aliases.
    """
    import yaml

    class Refused(yaml.MarkedYAMLError):
        """YAML that is well formed but that peaceplan will not read."""

    class StrictLoader(_RefuseAnchors, yaml.SafeLoader):
        """A pure-Python safe loader that keeps dates as text and refuses anchors and aliases."""

    # Without the timestamp resolver, `date: 2025-11-20` stays the text "2025-11-20".
    StrictLoader.yaml_implicit_resolvers = {
        first: [(tag, rx) for tag, rx in resolvers if tag != f"{_YAML}timestamp"]
        for first, resolvers in yaml.SafeLoader.yaml_implicit_resolvers.items()
    }
    loader: Callable[[str], Any] = StrictLoader
    try:
        from yaml._yaml import CParser

        class FastStrictLoader(
            _RefuseAnchors, yaml.composer.Composer, CParser, yaml.constructor.SafeConstructor, yaml.resolver.Resolver
        ):
            def __init__(self, stream: str) -> None:
                CParser.__init__(self, stream)
                yaml.composer.Composer.__init__(self)
                yaml.constructor.SafeConstructor.__init__(self)
                yaml.resolver.Resolver.__init__(self)

        FastStrictLoader.yaml_implicit_resolvers = StrictLoader.yaml_implicit_resolvers
        loader = FastStrictLoader
    except ImportError:  # pragma: no cover - PyYAML built without libyaml
        pass

    class Dumper(yaml.SafeDumper):
        """Canonical YAML: block style, sequences indented under their key, no aliases."""

        def increase_indent(self, flow: bool = False, indentless: bool = False) -> None:
            super().increase_indent(flow, False)

        def ignore_aliases(self, data: Any) -> bool:
            return True

    Dumper.add_representer(str, _represent_str)
    Dumper.add_representer(_Quoted, _represent_str)
    Dumper.add_representer(_Flow, _represent_flow)
    return SimpleNamespace(Refused=Refused, StrictLoader=StrictLoader, Loader=loader, Dumper=Dumper)


_Loader: Callable[[str], Any] | None = None
"""The loader YAML files are read with; ``None``: the fastest there is (``_yaml().Loader``). Tests set it."""


def __getattr__(name: str) -> Any:
    if name == "_StrictLoader":  # the pure-Python loader, for tests that read with it
        return _yaml().StrictLoader
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")


def _compose(text: str, loader_class: Callable[[str], Any]) -> tuple[yaml.Node | None, Any]:
    loader = loader_class(text)  # checks every character before parsing
    try:
        return loader.get_single_node(), loader
    finally:
        loader.dispose()


def _read_yaml(text: str, file: str) -> tuple[Any, LineMap]:
    import yaml

    parts = _yaml()
    chosen = _Loader or parts.Loader
    try:
        try:
            node, loader = _compose(text, chosen)
        except yaml.YAMLError as first:
            if chosen is parts.StrictLoader:
                raise
            try:
                node, loader = _compose(text, parts.StrictLoader)  # for PyYAML's clearer message, with tab hints
            except (ValueError, OverflowError):  # its scanner's chr() of an escape past U+10FFFF ("\U99999999")
                raise first from None
    except (ValueError, OverflowError):  # pragma: no cover - only without libyaml
        message = "a quoted text holds an escape (\\U...) that names no character; correct or remove it"
        raise ValidationError([Problem(message=message, file=file)]) from None
    except yaml.MarkedYAMLError as exc:
        raise ValidationError([_yaml_problem(exc, file)]) from None
    except yaml.reader.ReaderError as exc:
        line = text.count("\n", 0, exc.position) + 1
        message = f"the character {chr(exc.character)!r} (code {exc.character:#x}) is not allowed in YAML; remove it"
        raise ValidationError([Problem(message=message, file=file, line=line)]) from None
    except yaml.YAMLError as exc:  # pragma: no cover - PyYAML raises only the two above
        raise ValidationError([Problem(message=f"YAML error: {exc}", file=file)]) from None
    if node is None:
        raise ValidationError(
            [Problem(message="the file holds only comments; expected a YAML mapping of fields", file=file, line=1)]
        )
    reader = _NodeReader(loader, file)
    data = reader.read(node, "")
    if reader.problems:
        raise ValidationError(reader.problems)
    return data, LineMap(reader.lines, reader.raw)


def _yaml_problem(exc: yaml.MarkedYAMLError, file: str) -> Problem:
    mark = exc.problem_mark or exc.context_mark
    message = exc.problem or "YAML syntax error"
    if isinstance(exc, _yaml().Refused):
        return Problem(message=message, file=file, line=mark.line + 1 if mark else None)
    if exc.context:
        message = f"{message} ({exc.context}"
        if exc.context_mark and mark and exc.context_mark.line != mark.line:
            message += f" on line {exc.context_mark.line + 1}"
        message += ")"
    hint = "YAML syntax error: "
    if "'\\t'" in message:
        message += "; YAML does not allow tabs for indentation, use spaces"
    elif "mapping values are not allowed" in message:
        message += "; put text that contains ': ' in quotes"
    return Problem(message=hint + message, file=file, line=mark.line + 1 if mark else None)


def _tag_name(tag: str) -> str:
    return "!!" + tag.removeprefix(_YAML) if tag.startswith(_YAML) else tag


class _NodeReader:
    """Turn a composed YAML node tree into plain data, recording lines and refusals."""

    def __init__(self, loader: Any, file: str) -> None:
        import yaml

        self.nodes = yaml.MappingNode, yaml.SequenceNode, yaml.ScalarNode
        self.loader = loader
        self.file = file
        self.lines: dict[str, int] = {}
        self.raw: dict[str, str] = {}
        self.problems: list[Problem] = []

    def refuse(self, message: str, node: yaml.Node, pointer: str) -> None:
        self.problems.append(Problem(message=message, pointer=pointer, file=self.file, line=node.start_mark.line + 1))

    def read(self, node: yaml.Node, pointer: str) -> Any:
        self.lines.setdefault(pointer, node.start_mark.line + 1)
        mapping, sequence, scalar = self.nodes
        if isinstance(node, mapping) and node.tag == f"{_YAML}map":
            return self.read_mapping(node, pointer)
        if isinstance(node, sequence) and node.tag == f"{_YAML}seq":
            return [self.read(item, pointer_join(pointer, i)) for i, item in enumerate(node.value)]
        if isinstance(node, scalar) and node.tag in _SCALAR_TAGS:
            if node.tag != f"{_YAML}str" and len(node.value) > _MAX_NUMBER_CHARS:
                self.refuse(_LONG_NUMBER.format(n=len(node.value)), node, pointer)
                return None
            value = self.loader.construct_object(node, deep=True)
            if not isinstance(value, str):
                self.raw[pointer] = node.value
            return value
        what = "runs code" if "python" in node.tag else "is not plain data"
        self.refuse(
            f"the tag {_tag_name(node.tag)} is not allowed (it {what}); peaceplan files hold only text, "
            "numbers, true/false, lists and mappings, so remove the tag",
            node,
            pointer,
        )
        return None

    def read_mapping(self, node: yaml.MappingNode, pointer: str) -> dict[str, Any]:
        out: dict[str, Any] = {}
        for key_node, value_node in node.value:
            if key_node.tag == f"{_YAML}merge":
                self.refuse("merge keys (<<) are not allowed; write the fields out in full", key_node, pointer)
                continue
            if not isinstance(key_node, self.nodes[2]) or key_node.tag not in _SCALAR_TAGS:
                self.refuse(
                    "a field name must be plain text, not a list, a mapping or a tagged value", key_node, pointer
                )
                continue
            key = key_node.value  # the text as written: `1:` names the field "1", `no:` the field "no"
            here = pointer_join(pointer, key)
            if key in out:
                self.refuse(
                    f"the field {key!r} is given twice here (first on line {self.lines[here]}); "
                    "keep one, or the first would be silently lost",
                    key_node,
                    here,
                )
                continue
            self.lines[here] = key_node.start_mark.line + 1
            out[key] = self.read(value_node, here)
        return out


# --- JSON -------------------------------------------------------------------------

_WHITESPACE = re.compile(r"[ \t\n\r]*")


def _refuse_constant(name: str) -> Any:
    raise ValueError(f"{name} is not a number JSON allows")


def _finite_float(text: str) -> float:
    value = float(text)
    if len(text) > _MAX_NUMBER_CHARS or value in (float("inf"), float("-inf")):
        raise ValueError(f"the number {text[:20]}{'…' if len(text) > 20 else ''} is too large or too long")
    return value


def _short_int(digits: str) -> int:
    if len(digits) > _MAX_NUMBER_CHARS:
        raise ValueError(_LONG_NUMBER.format(n=len(digits)))
    return int(digits)


def _read_json(text: str, file: str) -> tuple[Any, LineMap]:
    duplicated = False

    def checked(pairs: list[tuple[str, Any]]) -> dict[str, Any]:
        nonlocal duplicated
        out = dict(pairs)
        duplicated = duplicated or len(out) != len(pairs)  # json.loads would keep the last value quietly
        return out

    try:
        data = json.loads(
            text,
            parse_constant=_refuse_constant,
            parse_int=_short_int,
            parse_float=_finite_float,
            object_pairs_hook=checked,
        )
    except json.JSONDecodeError as exc:
        message = f"JSON syntax error: {exc.msg} (line {exc.lineno}, column {exc.colno})"
        raise ValidationError([Problem(message=message, file=file, line=exc.lineno)]) from None
    except ValueError as exc:
        raise ValidationError([Problem(message=f"JSON error: {exc}", file=file)]) from None
    if duplicated:
        raise ValidationError(_JsonLines.scan(text, file).problems)
    return data, LineMap(_LazyJsonLines(text, file))


def read_json_again(text: str, file: str) -> tuple[Any, LineMap]:
    """:func:`read_data` of JSON text known to pass its checks (the same bytes did before): parsed as it is.

    The checks of :func:`read_data` (duplicate keys, numbers, lone surrogates) refuse
    text or let it through unchanged, so text that passed them parses to the same data
    without them. The lines are found as :func:`read_data` finds them, when asked for.
    """
    try:
        data = json.loads(text)
    except (ValueError, RecursionError):  # pragma: no cover - text read before without a problem
        return read_data(text, json_syntax=True, file=file)
    return data, LineMap(_LazyJsonLines(text, file))


@functools.cache
def orjson_module() -> Any:
    """orjson, where it is installed (a compiled JSON reader and writer, several times faster here), else None."""
    try:
        import orjson
    except ImportError:  # pragma: no cover - a platform without its wheels
        return None
    return orjson


def read_json_written(raw: bytes, file: str) -> tuple[Any, LineMap] | None:
    """The data and lines of JSON bytes that are exactly what :func:`dump_json` writes for their data; else None.

    Such bytes need none of :func:`read_data`'s checks: the writer's text of a value
    names each key once, spells every number as Python reads it back and holds no lone
    surrogate, and bytes equal to the text written for the data they parse to cannot
    have lost anything on the way (a key given twice, a number read as another). orjson
    parses and writes them back (about three times faster than ``json.loads`` with the
    checks) and the two are compared; any other bytes (written by hand, or by another
    tool), or no orjson, give None and are read by :func:`read_data`.
    """
    fast = orjson_module()
    if fast is None or not raw.endswith(b"}\n"):
        return None
    try:
        data = fast.loads(raw)
        written = fast.dumps(data, option=fast.OPT_INDENT_2)  # json.dumps(indent=2, ensure_ascii=False), in bytes
    except (ValueError, TypeError):  # refused (orjson's JSONDecodeError is a ValueError): read_data says why
        return None
    if len(written) + 1 != len(raw) or not raw.startswith(written):
        return None
    return data, LineMap(_LazyJsonLines(raw, file))


class _LazyJsonLines(Mapping[str, int]):
    """The lines of a JSON text's values, found on first use.

    Only a file with problems needs its lines, so a clean file, the common case,
    never pays for the walk (about a fifth of loading a large version file).
    The text may be given as its UTF-8 bytes, decoded then.
    """

    def __init__(self, text: str | bytes, file: str) -> None:
        self._text: str | bytes | None = text
        self._file = file
        self._lines: dict[str, int] = {}

    def _found(self) -> dict[str, int]:
        if self._text is not None:
            text = self._text.decode("utf-8") if isinstance(self._text, bytes) else self._text
            try:
                self._lines = _JsonLines.scan(text, self._file).lines
            except RecursionError:  # json.loads reads deeper than this walk goes: the lines stay unknown
                self._lines = {}
            self._text = None  # the walk is done once; the text need not be kept alive
        return self._lines

    def __getitem__(self, pointer: str) -> int:
        return self._found()[pointer]

    def __iter__(self) -> Iterator[str]:
        return iter(self._found())

    def __len__(self) -> int:
        return len(self._found())


class _JsonLines:
    """Walk JSON text already known to be valid, noting where each value starts.

    json.loads gives no positions; this second pass is a few dozen lines and
    also places each key given twice in one object (json.loads keeps the last
    value quietly; :func:`_read_json` notices and asks this pass where). It runs
    only when a problem needs a line (see :class:`_LazyJsonLines`).
    """

    def __init__(self, text: str, file: str) -> None:
        self.text = text
        self.file = file
        self.newlines = [i for i, c in enumerate(text) if c == "\n"]
        self.decoder = json.JSONDecoder(parse_constant=_refuse_constant)
        self.lines: dict[str, int] = {}
        self.problems: list[Problem] = []

    @classmethod
    def scan(cls, text: str, file: str) -> _JsonLines:
        """Walk ``text`` (valid JSON) once: its lines and duplicated keys."""
        scanner = cls(text, file)
        scanner.value(0, "")
        return scanner

    def line(self, index: int) -> int:
        return bisect.bisect_left(self.newlines, index) + 1

    def skip(self, index: int) -> int:
        match = _WHITESPACE.match(self.text, index)
        assert match is not None  # the pattern matches the empty string
        return match.end()

    def value(self, index: int, pointer: str) -> int:
        index = self.skip(index)
        self.lines.setdefault(pointer, self.line(index))
        char = self.text[index]
        if char == "{":
            return self.object(index + 1, pointer)
        if char == "[":
            return self.array(index + 1, pointer)
        _, end = self.decoder.raw_decode(self.text, index)
        return int(end)

    def object(self, index: int, pointer: str) -> int:
        seen: set[str] = set()
        index = self.skip(index)
        if self.text[index] == "}":
            return index + 1
        while True:
            key_at = self.skip(index)
            key, index = json.decoder.scanstring(self.text, key_at + 1)  # type: ignore[attr-defined]
            here = pointer_join(pointer, key)
            if key in seen:
                self.problems.append(
                    Problem(
                        message=f"the field {key!r} is given twice here; keep one, or the first would be silently lost",
                        pointer=here,
                        file=self.file,
                        line=self.line(key_at),
                    )
                )
            seen.add(key)
            self.lines.setdefault(here, self.line(key_at))
            index = self.skip(index) + 1  # the colon
            index = self.skip(self.value(index, here))
            if self.text[index] == "}":
                return index + 1
            index += 1  # the comma

    def array(self, index: int, pointer: str) -> int:
        index = self.skip(index)
        if self.text[index] == "]":
            return index + 1
        position = 0
        while True:
            index = self.skip(self.value(index, pointer_join(pointer, position)))
            position += 1
            if self.text[index] == "]":
                return index + 1
            index += 1


# --- writing ----------------------------------------------------------------------


class _Quoted(str):
    """A string always written in double quotes (labels: "4" must stay text)."""


class _Flow(list[Any]):
    """A list written on one line: ``topics: [army-size, nato]``."""


# Characters PyYAML folds or mangles outside double quotes (NEL, line and paragraph
# separators, carriage returns) or cannot print at all: such text is written
# double-quoted, where every character has an exact escape. Compiled when first written
# (a few milliseconds, which a command that only reads files never pays).
@functools.cache
def _needs_escapes() -> re.Pattern[str]:
    return re.compile("[^\t\n\x20-\x7e\xa0-\u2027\u202a-\ud7ff\ue000-\ufefe\uff00-\ufffd\U00010000-\U0010ffff]")


def _represent_str(dumper: yaml.SafeDumper, value: str) -> yaml.ScalarNode:
    if isinstance(value, _Quoted) or _needs_escapes().search(value):
        style: str | None = '"'
    else:
        style = "|" if "\n" in value else None
    return dumper.represent_scalar(f"{_YAML}str", str(value), style=style)


def _represent_flow(dumper: yaml.SafeDumper, value: list[Any]) -> yaml.SequenceNode:
    return dumper.represent_sequence(f"{_YAML}seq", value, flow_style=True)


def _mark(data: Any, quoted: frozenset[str], key: str | None = None) -> Any:
    if isinstance(data, Mapping):
        return {k: _mark(v, quoted, k) for k, v in data.items()}
    if isinstance(data, list):
        if data and all(isinstance(item, str) and "\n" not in item for item in data):
            return _Flow(data)
        return [_mark(item, quoted) for item in data]
    if isinstance(data, str) and key in quoted:
        return _Quoted(data)
    return data


def dump_yaml(data: Any, *, quoted: frozenset[str] = frozenset({"label"})) -> str:
    """Canonical YAML text of plain data, keys in the order given.

    Values of the keys in ``quoted`` are double-quoted; lists of one-line
    strings are written in flow style.

    >>> print(dump_yaml({"label": "4", "topics": ["army-size"], "text": "One.\\nTwo."}), end="")
    label: "4"
    topics: [army-size]
    text: |-
      One.
      Two.
    """
    import yaml

    return yaml.dump(
        _mark(data, quoted),
        Dumper=_yaml().Dumper,
        allow_unicode=True,
        sort_keys=False,
        default_flow_style=False,
        width=100,
        indent=2,
    )


def dump_json(data: Any) -> str:
    """Canonical JSON text of plain data: keys in the order given, two-space indent, UTF-8 kept.

    >>> print(dump_json({"label": "4", "topics": []}), end="")
    {
      "label": "4",
      "topics": []
    }
    """
    return json.dumps(data, ensure_ascii=False, indent=2) + "\n"
