"""MkDocs hook: the schema reference page, rendered from ``schemas/*.json`` at build time.

``docs/file-format.md`` explains the file format in words; the JSON Schemas are
the contract the files are checked against. This hook turns every schema into
tables (field, type, required, description) at every build, so the reference is
always the schema that ships: a field added to a schema shows up here without
anyone editing a page.

Each schema gets a section with its top-level fields; each of its ``$defs``
gets a subsection (objects as a table of fields, scalars as their type). Nested
objects are flattened into dotted rows (``summary.by_kind``, ``metadata[].field``).
A ``$ref`` links to the definition it names, across schemas by ``$id``.

>>> schema = {
...     "title": "demo", "$id": "https://example.org/demo.json", "type": "object",
...     "required": ["id"],
...     "properties": {
...         "id": {"type": "string", "description": "Who | what."},
...         "tags": {"type": "array", "items": {"enum": ["a", "b"]}},
...     },
... }
>>> for row in field_rows(schema, Anchors({"https://example.org/demo.json": "demo"}, "demo")):
...     print(row)
('id', 'string', True, 'Who \\\\| what.')
('tags', 'array of one of `"a"`, `"b"`', False, '')
"""

from __future__ import annotations

import html
import json
import re
from collections.abc import Iterator, Mapping, Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:  # pragma: no cover
    from mkdocs.config.defaults import MkDocsConfig
    from mkdocs.structure.files import Files

__all__ = ["PAGE", "Anchors", "field_rows", "on_files", "render_schema_reference", "schema_paths", "type_of"]

PAGE = "reference/schemas.md"
"""Where the generated page lives in the site (relative to ``docs_dir``)."""

Row = tuple[str, str, bool, str]


def schema_paths(root: Path) -> list[Path]:
    """The schema files of the repository at ``root``, in the order the page shows them."""
    order = {"corpus": 0, "actors": 1, "version": 2, "diff": 3}
    found = sorted((root / "schemas").glob("*.schema.json"))
    return sorted(found, key=lambda p: (order.get(p.name.split(".")[0], len(order)), p.name))


class Anchors:
    """Turns ``$ref`` values into Markdown links to the sections of the page."""

    def __init__(self, by_id: Mapping[str, str], current: str) -> None:
        self.by_id = dict(by_id)  # schema $id -> its short name ("version")
        self.current = current

    def of(self, schema: str, definition: str | None = None) -> str:
        return f"{schema}-{definition}" if definition else schema

    def link(self, ref: str) -> str:
        base, _, fragment = ref.partition("#")
        schema = self.by_id.get(base, self.current) if base else self.current
        if base and base not in self.by_id:
            return f"`{ref}`"
        match = re.fullmatch(r"/\$defs/([^/]+)", fragment)
        definition = match.group(1) if match else None
        label = definition or f"{schema} schema"
        return f"[{label}](#{self.of(schema, definition)})"


def _cell(text: str) -> str:
    """Text fit for one cell of a Markdown table: one line, pipes escaped, HTML outside code spans escaped."""
    parts = " ".join(text.split()).split("`")
    escaped = [html.escape(p, quote=False) if i % 2 == 0 else p for i, p in enumerate(parts)]
    return "`".join(escaped).replace("|", "\\|")


def _literal(value: Any) -> str:
    return f"`{json.dumps(value, ensure_ascii=False)}`"


def type_of(node: Mapping[str, Any], anchors: Anchors) -> str:
    """A short description of the type of a schema node: ``string``, ``array of [id](#...)``, ``one of ...``.

    >>> a = Anchors({}, "version")
    >>> type_of({"$ref": "#/$defs/id"}, a)
    '[id](#version-id)'
    >>> type_of({"type": "object", "additionalProperties": {"type": "integer"}}, a)
    'map of text to integer'
    >>> type_of({}, a)
    'any'
    """
    if "$ref" in node:
        return anchors.link(node["$ref"])
    if "const" in node:
        return _literal(node["const"])
    if "enum" in node:
        return "one of " + ", ".join(_literal(v) for v in node["enum"])
    for combinator in ("oneOf", "anyOf"):
        if combinator in node:
            return " or ".join(type_of(branch, anchors) for branch in node[combinator])
    kind = node.get("type")
    if isinstance(kind, list):
        return " or ".join(type_of({**node, "type": k}, anchors) for k in kind)
    if kind == "array":
        items = node.get("items")
        return f"array of {type_of(items, anchors)}" if isinstance(items, Mapping) else "array"
    if kind == "object":
        extra = node.get("additionalProperties")
        if isinstance(extra, Mapping) and not node.get("properties"):
            return f"map of text to {type_of(extra, anchors)}"
        return "object"
    if kind == "string" and "pattern" in node and "description" not in node:
        return f"string matching `{node['pattern']}`"
    return str(kind) if kind else "any"


def _shapes(node: Mapping[str, Any], name: str) -> Iterator[tuple[str, Mapping[str, Any]]]:
    """The inline objects inside a property, with the prefix their fields get (``name.``, ``name[].``)."""
    if node.get("properties"):
        yield f"{name}.", node
    for combinator in ("oneOf", "anyOf"):
        for branch in node.get(combinator, ()):
            yield from _shapes(branch, name)
    items = node.get("items")
    if isinstance(items, Mapping):
        yield from _shapes(items, f"{name}[]")


def field_rows(node: Mapping[str, Any], anchors: Anchors, prefix: str = "") -> Iterator[Row]:
    """One ``(field, type, required, description)`` row per property, nested inline objects flattened."""
    required: Sequence[str] = node.get("required", ())
    for name, prop in node.get("properties", {}).items():
        description = prop.get("description") or prop.get("title") or ""
        yield f"{prefix}{name}", type_of(prop, anchors), name in required, _cell(description)
        for sub_prefix, shape in _shapes(prop, name):
            yield from field_rows(shape, anchors, prefix + sub_prefix)


def _table(rows: Sequence[Row]) -> list[str]:
    lines = ["| Field | Type | Required | Description |", "| --- | --- | --- | --- |"]
    lines += [f"| `{f}` | {t} | {'yes' if r else 'no'} | {d or '–'} |" for f, t, r, d in rows]
    return [*lines, ""]


def _definition(name: str, node: Mapping[str, Any], anchors: Anchors) -> list[str]:
    lines = [f"### `{name}` {{#{anchors.of(anchors.current, name)}}}", ""]
    if node.get("description"):
        lines += [_cell(node["description"]), ""]
    rows = list(field_rows(node, anchors))
    if rows:
        return lines + _table(rows)
    shape = type_of(node, anchors)
    if node.get("type") == "string" and "pattern" in node:
        shape = f"string matching `{node['pattern']}`"
    return [*lines, f"Type: {shape}.", ""]


def _schema_section(path: Path, schema: Mapping[str, Any], anchors: Anchors) -> list[str]:
    name = anchors.current
    title = schema.get("title", path.name)
    lines = [f"## {title} {{#{name}}}", "", f"File: `schemas/{path.name}` · `$id`: `{schema.get('$id', '–')}`", ""]
    if schema.get("description"):
        lines += [_cell(schema["description"]), ""]
    lines += _table(list(field_rows(schema, anchors)))
    for def_name, node in schema.get("$defs", {}).items():
        lines += _definition(def_name, node, anchors)
    return lines


def render_schema_reference(paths: Sequence[Path]) -> str:
    """The Markdown of the reference page for the schema files ``paths``."""
    schemas = [(p, json.loads(p.read_text(encoding="utf-8"))) for p in paths]
    by_id = {s["$id"]: p.name.split(".")[0] for p, s in schemas if "$id" in s}
    lines = [
        "# Schema reference",
        "",
        "Every field of every file, rendered from the JSON Schemas (draft 2020-12) in `schemas/` at",
        "every build of these pages, so this is always the contract the files are checked against.",
        "The [file format](../file-format.md) page explains the same files in words, with examples;",
        "what a schema cannot express (unknown actors, cyclic parents, dangling `derived_from`) is",
        "checked afterwards and listed there.",
        "",
        "The diff schema refers to the version schema by `$id`. For a validator that cannot be given",
        "a registry, or must work offline, `schemas/bundled/diff.schema.json` is the same schema made",
        'self-contained (`peaceplan.files.schemata.bundled("diff")`; see',
        "[using the schemas with another validator](../file-format.md#using-the-schemas-with-another-validator));",
        "it is generated from the files below by `python scripts/bundle_schemas.py`.",
        "",
    ]
    lines += [f"- [{s.get('title', p.name)}](#{p.name.split('.')[0]}): `schemas/{p.name}`" for p, s in schemas]
    lines.append("")
    for path, schema in schemas:
        lines += _schema_section(path, schema, Anchors(by_id, path.name.split(".")[0]))
    return "\n".join(lines)


def on_files(files: Files, config: MkDocsConfig) -> Files:
    """Add the generated page to the build (MkDocs ``on_files`` event)."""
    from mkdocs.structure.files import File

    root = Path(config.config_file_path).resolve().parent
    content = render_schema_reference(schema_paths(root))
    files.append(File.generated(config, PAGE, content=content))
    return files
