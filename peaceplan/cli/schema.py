"""``peaceplan schema``: print a shipped JSON Schema, or its self-contained bundle, for other tools."""

from __future__ import annotations

import click

from ..files import schemata
from ._common import emit, examples, output_option

__all__ = ["schema"]

_EPILOG = examples(
    "peaceplan schema version",
    "peaceplan schema diff --bundled -o diff-bundled.json",
) + (
    "\n\nThe diff schema refers to the version schema by $id, an address no server answers;\n"
    "--bundled prints it self-contained (the version schema inlined under $defs), for an\n"
    "editor, a CI job or any validator that works offline with no registry. The other\n"
    "schemas refer to no other file: --bundled prints them unchanged."
)


@click.command(epilog=_EPILOG)
@click.argument("kind", type=click.Choice(schemata.SHIPPED))
@click.option("--bundled", is_flag=True, help="The self-contained schema: no $ref outside itself.")
@output_option
def schema(kind: str, bundled: bool, output: str | None) -> None:
    """Print a JSON Schema peaceplan ships (version, actors, corpus, events or diff)."""
    path = schemata.bundled_path(kind) if bundled else schemata.schema_path(kind)
    emit(path.read_text(encoding="utf-8"), output)
