"""The ``peaceplan`` command: a thin click layer over the library.

Each command parses its arguments, calls one library function and renders the
result; nothing here computes a diff or reads a file format itself. Versions
are named by id (in the built-in corpus, or in ``--corpus PATH``) or by a
``.yaml``/``.json`` path. Exit codes follow ``diff(1)``: 0 no differences,
1 differences, 2 trouble. A :class:`~peaceplan.errors.PeaceplanError` (or an
unreadable file) becomes one line on stderr naming the file, the place and what
was expected; ``--debug`` adds the traceback. The reference is ``docs/cli.md``.

The commands live in five modules: :mod:`.versions` (``list``, ``show``,
``diff``, ``export``, ``validate``, ``verify``), :mod:`.history` (``blame``, ``log``,
``thread``, ``influence``, ``synopsis``), :mod:`.authoring` (``import``,
``new``, ``link``), :mod:`.deal` (``status``) and :mod:`.cache` (``cache info``,
``cache clear``); what they share (errors, options, output) is in :mod:`._common`.
A command's module is imported only when the command runs (``_COMMANDS``).
"""

from __future__ import annotations

import atexit
import gc
import importlib
from collections.abc import Iterator, Sequence
from typing import Any

import click

from .._version import __version__
from ..errors import PeaceplanError, docs_url
from ._common import Group, State, fail

__all__ = ["cli", "main"]

_MAIN_EPILOG = """\b
Examples:
  peaceplan list
  peaceplan diff 28-point 20-point
  peaceplan diff 28-point 20-point --format html -o report.html
  peaceplan blame 20-point
  peaceplan --corpus ./my-corpus diff v1 v2
  peaceplan diff old.yaml new.yaml --format json

Exit status: 0 no differences, 1 differences, 2 trouble. Documentation: """ + docs_url("cli.md")


# Each command's module is imported when the command runs (pip's commands_dict does the
# same): `peaceplan diff` need not import the history views or the readers, and
# `peaceplan --help` imports none of them. The summary is the command's short help,
# shown by --help without importing it (tests/test_startup.py checks they agree).
_COMMANDS: dict[str, tuple[str, str, str]] = {
    "list": ("versions", "list_", "List the versions of a corpus (or, with --corpora, the corpora)."),
    "show": ("versions", "show", "Show one version: its header, credit and every point."),
    "diff": ("versions", "diff_", "Compare two versions point by point: what changed and who proposed it."),
    "export": (
        "versions",
        "export",
        "Export a version, or the diff of two, as text, Markdown, HTML, JSON, CSV, a Word redline or Akoma Ntoso.",
    ),
    "blame": ("history", "blame", "For each point of a version, where its text came from and who put it there."),
    "log": (
        "history",
        "log",
        "The versions of one document (or, with no DOCUMENT, of the corpus) in order: date, status, parents and"
        " who proposed each; with --events, a timeline of versions and events together.",
    ),
    "thread": ("history", "thread", "Follow a topic, or one point, through every version of the corpus."),
    "influence": ("history", "influence", "Whose proposals survived into the latest drafts."),
    "synopsis": ("history", "synopsis", "Several drafts side by side in one table."),
    "status": ("deal", "status", "How close a deal is: each party's position on each point, and the share agreed."),
    "validate": (
        "versions",
        "validate",
        "Check version files, actors files, events files, manifests or whole corpus folders.",
    ),
    "verify": (
        "versions",
        "verify",
        "Check a corpus folder (default: --corpus, else the built-in one), a version file or a saved diff.",
    ),
    "import": ("authoring", "import_", "Turn a plain-text, Markdown, Word or PDF plan into a version file."),
    "new": ("authoring", "new", "Start a new version as an editable copy of an existing one."),
    "link": (
        "authoring",
        "link",
        "Review the pairings a diff inferred, and write the accepted ones into the new version.",
    ),
    "cache": ("cache", "cache", "Where the disk cache is and what it holds (info), or empty it (clear)."),
    "schema": (
        "schema",
        "schema",
        "Print a JSON Schema peaceplan ships (version, actors, corpus, events or diff).",
    ),
}


def _load(name: str) -> click.Command:
    module, attr, _ = _COMMANDS[name]
    command = getattr(importlib.import_module(f"{__name__}.{module}"), attr)
    if not isinstance(command, click.Command):  # pragma: no cover - a wrong entry in _COMMANDS
        raise TypeError(f"_COMMANDS[{name!r}] names {module}.{attr}, which is not a click command")
    return command


class _Lazy(dict[str, click.Command]):
    """``cli.commands``: every command in the order of ``_COMMANDS``, each module imported when read."""

    def _order(self) -> list[str]:
        return [*_COMMANDS, *(n for n in dict.keys(self) if n not in _COMMANDS)]

    def __getitem__(self, name: str) -> click.Command:
        if not dict.__contains__(self, name) and name in _COMMANDS:
            dict.__setitem__(self, name, _load(name))
        return dict.__getitem__(self, name)

    def __contains__(self, name: object) -> bool:
        return dict.__contains__(self, name) or name in _COMMANDS

    def __iter__(self) -> Iterator[str]:
        return iter(self._order())

    def __len__(self) -> int:
        return len(self._order())

    def get(self, name: str, default: Any = None) -> Any:
        try:
            return self[name]
        except KeyError:
            return default

    def loaded(self, name: str) -> bool:
        """Whether the command ``name`` has been imported (or added) already."""
        return dict.__contains__(self, name)

    def names(self) -> set[str]:
        """Every command's name, importing none."""
        return set(self._order())

    def keys(self) -> Any:
        return self._order()

    def values(self) -> Any:
        return [self[n] for n in self._order()]

    def items(self) -> Any:
        return [(n, self[n]) for n in self._order()]


class _Commands(Group):
    """The ``peaceplan`` group: each command imported when it is asked for, --help from the summaries."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self._lazy = _Lazy()
        self.commands = self._lazy

    def list_commands(self, ctx: click.Context) -> list[str]:
        return sorted(self._lazy.names())

    def format_commands(self, ctx: click.Context, formatter: click.HelpFormatter) -> None:
        """The Commands section of ``--help``, from the summaries: no command module imported."""
        names = self.list_commands(ctx)
        limit = formatter.width - 6 - max(len(n) for n in names)
        rows = []
        for name in names:
            if name in _COMMANDS and not self._lazy.loaded(name):
                rows.append((name, click.Command(name, help=_COMMANDS[name][2]).get_short_help_str(limit)))
            elif not (command := self.commands[name]).hidden:
                rows.append((name, command.get_short_help_str(limit)))
        with formatter.section("Commands"):
            formatter.write_dl(rows)


@click.group(
    cls=_Commands,
    epilog=_MAIN_EPILOG,
    context_settings={"help_option_names": ["-h", "--help"], "max_content_width": 100},
)
@click.option(
    "--corpus",
    "corpus_path",
    metavar="PATH",
    envvar="PEACEPLAN_CORPUS",
    help="Corpus folder (or corpus name) to look version ids up in [env: PEACEPLAN_CORPUS]; "
    "defaults to the built-in corpus.",
)
@click.option(
    "--no-verify",
    "no_verify",
    is_flag=True,
    help="Load files whose content does not match their digest, with a warning, instead of refusing them.",
)
@click.option("--debug", is_flag=True, help="Show the full traceback when something goes wrong.")
@click.option(
    "--no-cache",
    is_flag=True,
    help="Neither read nor write the disk cache of parsed files and alignments (see 'peaceplan cache').",
)
@click.version_option(__version__, "-V", "--version", prog_name="peaceplan")
@click.pass_context
def cli(ctx: click.Context, corpus_path: str | None, no_verify: bool, debug: bool, no_cache: bool) -> None:
    """Track how peace-plan texts change from draft to draft.

    Compare two drafts point by point, see who proposed each change, and trace
    where each clause came from. Versions are named by id (see `peaceplan list`)
    or by a .yaml/.json file path. Input limits (file size, nesting depth...) can
    be raised with PEACEPLAN_LIMITS="max_depth=150,max_file_bytes=200000000".
    """
    from .. import cache

    cache.set_enabled(False if no_cache else None)  # each run decides afresh (tests run many in one process)
    ctx.obj = State(corpus_path, debug, verify=not no_verify)
    from ..limits import current_limits

    try:
        current_limits()  # a mistyped PEACEPLAN_LIMITS is one clear error, before anything is read
    except PeaceplanError as exc:
        fail(ctx, exc)


def main(argv: Sequence[str] | None = None) -> None:
    """Entry point of the ``peaceplan`` console script and ``python -m peaceplan``."""
    if argv is None:
        # The console script: this process runs one command, then exits. What the command reads
        # and makes (half a million records for a corpus of 100 x 1,000 provisions) lives until
        # its output is written, so the cyclic collector's passes would walk it again and again
        # and free nothing, but for the few cycles an alignment leaves (its working tree), which
        # the exit frees: a few MB for 99 edges of 1,000 points, against 5% of a cold command's
        # time. A longer-lived process (tests, a notebook) calls the CLI with ``argv``: its
        # collector is left as it is.
        gc.disable()
        # Nor need the interpreter's last pass at exit walk every object to find those few
        # cycles (a tenth of a second): frozen, they are freed with the process. Registered
        # first, this runs after every other exit handler (the details cache is written then).
        atexit.register(gc.freeze)
    cli.main(args=list(argv) if argv is not None else None, prog_name="peaceplan")
