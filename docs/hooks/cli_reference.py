"""MkDocs hook: the CLI reference page, generated from the click commands at build time.

The page ``reference/cli.md`` is never written by hand: at every build this hook
walks the ``peaceplan`` click group and writes each command's ``--help`` (usage,
options, examples) as it is in the installed code, so the reference cannot drift
from the command. The narrative page ``cli.md`` explains the commands; this one
lists exactly what ``--help`` prints.

The page goes into the build as a generated file (``File.generated``): nothing is
written into ``docs/``.

>>> page = render_cli_reference()
>>> page.splitlines()[0]
'# Command reference'
>>> "## peaceplan diff" in page and "Usage: peaceplan diff [OPTIONS] OLD NEW" in page
True
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import TYPE_CHECKING, Any

import click

if TYPE_CHECKING:  # pragma: no cover
    from mkdocs.config.defaults import MkDocsConfig
    from mkdocs.structure.files import Files

__all__ = ["PAGE", "WIDTH", "command_paths", "help_text", "on_files", "render_cli_reference"]

PAGE = "reference/cli.md"
"""Where the generated page lives in the site (relative to ``docs_dir``)."""

WIDTH = 80
"""The terminal width the help is formatted for, fixed so the page is the same on every machine."""


def _root() -> click.Group:
    from peaceplan.cli import cli

    return cli


def _walk(command: click.Command, ctx: click.Context) -> Iterator[tuple[click.Command, click.Context]]:
    """Every visible command under ``command`` (itself first), each with the context it runs in."""
    yield command, ctx
    if isinstance(command, click.Group):
        for name in command.commands:  # definition order, as the narrative page has them
            sub = command.commands[name]
            if sub.hidden:
                continue
            settings: dict[str, Any] = {**sub.context_settings, "terminal_width": WIDTH, "max_content_width": WIDTH}
            yield from _walk(sub, click.Context(sub, info_name=name, parent=ctx, **settings))


def _contexts(root: click.Group | None = None) -> list[tuple[click.Command, click.Context]]:
    group = root if root is not None else _root()
    settings: dict[str, Any] = {**group.context_settings, "terminal_width": WIDTH, "max_content_width": WIDTH}
    return list(_walk(group, click.Context(group, info_name="peaceplan", **settings)))


def command_paths(root: click.Group | None = None) -> list[str]:
    """Every command as typed on the command line, the group first: ``["peaceplan", "peaceplan list", ...]``.

    >>> command_paths()[:2]
    ['peaceplan', 'peaceplan list']
    """
    return [ctx.command_path for _, ctx in _contexts(root)]


def help_text(path: str, root: click.Group | None = None) -> str:
    """What ``path --help`` prints, at the fixed width.

    >>> help_text("peaceplan validate").splitlines()[0]
    'Usage: peaceplan validate [OPTIONS] FILE...'
    """
    for command, ctx in _contexts(root):
        if ctx.command_path == path:
            return command.get_help(ctx)
    raise KeyError(f"no command {path!r}; the commands are {', '.join(command_paths(root))}")


def _anchor(path: str) -> str:
    return path.replace(" ", "-")


def render_cli_reference(root: click.Group | None = None) -> str:
    """The Markdown of the reference page: one section per command with its ``--help``."""
    contexts = _contexts(root)
    lines = [
        "# Command reference",
        "",
        "What `--help` prints for each command, generated from the code at every build of these",
        "pages (so it is always the installed behaviour). The [narrative page](../cli.md) explains",
        "naming versions, formats, colour, errors and exit status.",
        "",
    ]
    lines += [f"- [`{ctx.command_path}`](#{_anchor(ctx.command_path)})" for _, ctx in contexts]
    lines.append("")
    for command, ctx in contexts:
        lines += [
            f"## {ctx.command_path} {{#{_anchor(ctx.command_path)}}}",
            "",
            "```text",
            command.get_help(ctx).rstrip(),
            "```",
            "",
        ]
    return "\n".join(lines)


def on_files(files: Files, config: MkDocsConfig) -> Files:
    """Add the generated page to the build (MkDocs ``on_files`` event)."""
    from mkdocs.structure.files import File

    files.append(File.generated(config, PAGE, content=render_cli_reference()))
    return files
