"""The ``peaceplan`` command: a thin click layer over the library.

Each command parses its arguments, calls one library function and renders the
result; nothing here computes a diff or reads a file format itself. Versions
are named by id (in the built-in corpus, or in ``--corpus PATH``) or by a
``.yaml``/``.json`` path. Exit codes follow ``diff(1)``: 0 no differences,
1 differences, 2 trouble. A :class:`~peaceplan.errors.PeaceplanError` (or an
unreadable file) becomes one line on stderr naming the file, the place and what
was expected; ``--debug`` adds the traceback. The reference is ``docs/cli.md``.

The commands live in three modules: :mod:`.versions` (``list``, ``show``,
``diff``, ``export``, ``validate``), :mod:`.history` (``blame``, ``log``,
``thread``, ``influence``, ``synopsis``) and :mod:`.authoring` (``import``,
``new``); what they share (errors, options, output) is in :mod:`._common`.
"""

from __future__ import annotations

from collections.abc import Sequence

import click

from .. import __version__
from ..errors import PeaceplanError
from ..limits import current_limits
from . import authoring, history, versions
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

Exit status: 0 no differences, 1 differences, 2 trouble. See docs/cli.md."""


@click.group(
    cls=Group,
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
@click.option("--debug", is_flag=True, help="Show the full traceback when something goes wrong.")
@click.version_option(__version__, "-V", "--version", prog_name="peaceplan")
@click.pass_context
def cli(ctx: click.Context, corpus_path: str | None, debug: bool) -> None:
    """Track how peace-plan texts change from draft to draft.

    Compare two drafts point by point, see who proposed each change, and trace
    where each clause came from. Versions are named by id (see `peaceplan list`)
    or by a .yaml/.json file path. Input limits (file size, nesting depth...) can
    be raised with PEACEPLAN_LIMITS="max_depth=150,max_file_bytes=200000000".
    """
    ctx.obj = State(corpus_path, debug)
    try:
        current_limits()  # a mistyped PEACEPLAN_LIMITS is one clear error, before anything is read
    except PeaceplanError as exc:
        fail(ctx, exc)


# In this order in `peaceplan --help` and on the reference page.
for _command in (
    versions.list_,
    versions.show,
    versions.diff_,
    versions.export,
    history.blame,
    history.log,
    history.thread,
    history.influence,
    history.synopsis,
    versions.validate,
    authoring.import_,
    authoring.new,
):
    cli.add_command(_command)
del _command


def main(argv: Sequence[str] | None = None) -> None:
    """Entry point of the ``peaceplan`` console script and ``python -m peaceplan``."""
    cli.main(args=list(argv) if argv is not None else None, prog_name="peaceplan")
