"""Commands on the history of a corpus: ``blame``, ``log``, ``thread``, ``influence`` and ``synopsis``.

Each has a compact terminal view (the ``text`` format) and, with ``--long`` (all but
``synopsis``) or any other format, the result's plain records (``to_records()``) laid out by
:func:`~peaceplan.render.table.render_records`.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any, Protocol, TypeVar, cast

import click

from ..history.blame import blame as blame_of
from ..history.influence import Grouping
from ..history.log import log as log_of
from ..history.thread import thread as thread_of
from ..render import render_records
from ._common import (
    color_option,
    corpus_option,
    emit,
    examples,
    format_option,
    long_option,
    output_option,
    state_of,
    verify_option,
)

__all__ = ["blame", "influence", "log", "synopsis", "thread"]


class _Result(Protocol):
    def to_records(self) -> list[dict[str, Any]]: ...


F = TypeVar("F", bound=Callable[..., Any])


def _view_options(f: F) -> F:
    """What every history view takes: ``--format``, ``--long``, ``--output``, ``--color``, ``--corpus``."""
    for option in (corpus_option, verify_option, color_option, output_option, long_option, format_option()):
        f = option(f)
    return f


def _emit_view(
    result: _Result,
    title: str,
    compact: Callable[..., str],
    *,
    fmt: str,
    long: bool,
    output: str | None,
    color: bool | None,
    tabular: bool = True,
    min_width: int = 60,
) -> None:
    """The compact view ``compact(color=...)`` in the text format (unless ``--long``), else the records in ``fmt``.

    A ``tabular`` compact view (one line per row, in columns) on a terminal narrower
    than ``min_width`` would cut whole columns away; the records, one field a line,
    show everything there.
    """
    if fmt == "text" and not long:
        from ..render.history_text import view_width  # (a view written as records needs no terminal renderer)

        if not (tabular and output is None and view_width(None) < min_width):
            emit(compact(color=False if output else color), output)
            return
    emit(render_records(result.to_records(), fmt, title=title), output)


_BLAME_EPILOG = """\b
Examples:
  peaceplan blame 20-point
  peaceplan blame 20-point --long
  peaceplan blame 20-point --format csv
  peaceplan blame my-draft.yaml

One line per point: label, where its wording was introduced (version#label),
the kind of change there, who proposed it (? contested, * inferred credit),
its origin (^ when the corpus holds no earlier text) and the start of its text."""


@click.command(epilog=_BLAME_EPILOG)
@click.argument("version")
@_view_options
@click.pass_context
def blame(ctx: click.Context, version: str, fmt: str, long: bool, output: str | None, color: bool | None) -> None:
    """For each point of a version, where its text came from and who put it there."""
    corpus, (version_id,) = state_of(ctx).corpus_with([version])
    result = blame_of(corpus, version_id)

    def compact(color: bool | None) -> str:
        from ..render.history_text import render_blame_text

        return render_blame_text(result, corpus, color=color)

    _emit_view(result, f"blame {version_id}", compact, fmt=fmt, long=long, output=output, color=color)


@click.command(
    epilog=examples(
        "peaceplan log peace-plan",
        "peaceplan log peace-plan --long",
        "peaceplan log us-guarantee -f md",
        "peaceplan log --events",
        "peaceplan log us-guarantee --events -f csv",
    )
)
@click.argument("document", required=False)
@click.option(
    "--events",
    "events",
    is_flag=True,
    help="Put the corpus's events (talks rounds, truces, statements...) on the log with the versions, in "
    "date order; with a DOCUMENT, the events that concern its versions.",
)
@_view_options
@click.pass_context
def log(
    ctx: click.Context,
    document: str | None,
    events: bool,
    fmt: str,
    long: bool,
    output: str | None,
    color: bool | None,
) -> None:
    """The versions of one document (or, with no DOCUMENT, of the corpus) in order: date, status, parents and
    who proposed each; with --events, a timeline of versions and events together."""
    corpus = state_of(ctx).corpus()
    if events:
        timeline = corpus.timeline(document)

        def compact_timeline(color: bool | None) -> str:
            from ..render.timeline_text import render_timeline_text

            return render_timeline_text(timeline, corpus, color=color)

        title = f"timeline {document}" if document else "timeline"
        _emit_view(timeline, title, compact_timeline, fmt=fmt, long=long, output=output, color=color, min_width=75)
        return
    result = log_of(corpus, document)

    def compact(color: bool | None) -> str:
        from ..render.history_text import render_log_text

        return render_log_text(result, corpus, color=color)

    title = f"log {document}" if document else "log"
    _emit_view(result, title, compact, fmt=fmt, long=long, output=output, color=color, min_width=75)


@click.command(
    epilog=examples(
        "peaceplan thread army-size",
        "peaceplan thread 'NATO membership'",
        "peaceplan thread 20-point 4",
        "peaceplan thread army-size --format json",
    )
)
@click.argument("args", nargs=-1, required=True, metavar="TOPIC | VERSION LABEL")
@_view_options
@click.pass_context
def thread(
    ctx: click.Context, args: tuple[str, ...], fmt: str, long: bool, output: str | None, color: bool | None
) -> None:
    """Follow a topic, or one point, through every version of the corpus."""
    if len(args) > 2:
        raise click.UsageError("expected a TOPIC, or a VERSION and a LABEL")
    corpus = state_of(ctx).corpus()
    result = thread_of(corpus, *args)

    def compact(color: bool | None) -> str:
        from ..render.history_text import render_thread_text

        return render_thread_text(result, corpus, color=color)

    _emit_view(
        result, "thread " + " ".join(args), compact, fmt=fmt, long=long, output=output, color=color, tabular=False
    )


# --- influence, synopsis ---------------------------------------------------------------------

_INFLUENCE_EPILOG = """\b
Examples:
  peaceplan influence 20-point
  peaceplan influence 20-point --by affiliation
  peaceplan influence 20-point prosperity-plan --no-roots
  peaceplan influence --long
  peaceplan influence 20-point --format csv

Every edit on every parent-to-child edge (and, unless --no-roots, the wording
of each version with no parent) is credited to its proposers, then followed to
each HEAD (default: the latest version of every branch): it survives there, is
reworded again, reverted, dropped, or never reaches it. One table per head."""


@click.command(epilog=_INFLUENCE_EPILOG)
@click.argument("heads", nargs=-1, metavar="[HEAD]...")
@click.option(
    "--by",
    type=click.Choice(["actor", "affiliation"]),
    default="actor",
    show_default=True,
    help="One row per credited actor, or per state or coalition (envoys rolled up to the party they speak for).",
)
@click.option(
    "--roots/--no-roots",
    default=True,
    show_default=True,
    help="Count the wording of versions with no parent (such as the 28-point plan) as their drafters' changes.",
)
@_view_options
@click.pass_context
def influence(
    ctx: click.Context,
    heads: tuple[str, ...],
    by: str,
    roots: bool,
    fmt: str,
    long: bool,
    output: str | None,
    color: bool | None,
) -> None:
    """Whose proposals survived into the latest drafts.

    For each actor (or, with --by affiliation, each state or coalition): the
    changes credited to it, how many are contested, and in each head how many
    reached it, survive there, were superseded (reworded again) or were lost,
    and the share of its inserted words still in the text.
    """
    corpus, ids = state_of(ctx).corpus_with(heads)
    result = corpus.influence(ids or None, by=cast("Grouping", by), roots=roots)
    title = f"influence {' '.join(result.heads)}" + (" by affiliation" if by == "affiliation" else "")

    def compact(color: bool | None) -> str:
        from ..render.overview_text import influence_text

        return influence_text(result, corpus, color=color)

    _emit_view(result, title, compact, fmt=fmt, long=long, output=output, color=color)


_SYNOPSIS_EPILOG = """\b
Examples:
  peaceplan synopsis 28-point geneva-19 20-point
  peaceplan synopsis 28-point e3-counter geneva-19 20-point -f csv
  peaceplan synopsis 28-point 20-point my-draft.yaml --format md

One row per lineage of points (keyed by the point it starts from), one column
per draft: the point's label there and what became of it (new, kept,
reworded, modified, merged, split, dropped); empty where the draft is on
another branch."""


@click.command(epilog=_SYNOPSIS_EPILOG)
@click.argument("versions", nargs=-1, required=True, metavar="VERSION...")
@format_option()
@output_option
@color_option
@corpus_option
@verify_option
@click.pass_context
def synopsis(ctx: click.Context, versions: tuple[str, ...], fmt: str, output: str | None, color: bool | None) -> None:
    """Several drafts side by side in one table.

    One row per lineage of points, one column per draft (competing branches
    included), each cell the point's label there and what became of it.
    """
    corpus, ids = state_of(ctx).corpus_with(versions)
    result = corpus.synopsis(ids)

    def compact(color: bool | None) -> str:
        from ..render.overview_text import synopsis_text

        return synopsis_text(result, color=color)

    _emit_view(result, "synopsis " + " ".join(ids), compact, fmt=fmt, long=False, output=output, color=color)
