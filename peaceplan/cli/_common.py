"""What every command shares: the state the group's options set, errors as one line, options, output.

The group (:class:`Group`) turns a :class:`~peaceplan.errors.PeaceplanError`
or an unreadable file into one line on stderr and exit status 2
(:func:`fail`); ``--debug`` adds the traceback. :class:`State` holds the corpus
the version ids are looked up in and reads a version named by id or by file
path. The option decorators (``--format``, ``--output``, ``--color``,
``--corpus``, ``--long``) are the same on every command that takes them, and
:func:`emit` writes a command's output to standard output or to the
``--output`` file.
"""

from __future__ import annotations

import contextlib
import os
import sys
import traceback
import warnings
from collections.abc import Callable, Iterator, Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Any, NoReturn, TypeVar

import click

from ..errors import IntegrityWarning, PeaceplanError, ValidationError

if TYPE_CHECKING:
    from ..corpus import Corpus
    from ..model.records import Version

# The library is imported where a command uses it, not here: every command,
# and `peaceplan --help`, imports this module (see tests/test_startup.py).

__all__ = [
    "FORMATS",
    "VERSION_SUFFIXES",
    "Group",
    "State",
    "actors_of",
    "color_option",
    "corpus_option",
    "emit",
    "examples",
    "fail",
    "format_option",
    "integrity_warnings",
    "is_version_file",
    "long_option",
    "one_line",
    "output_option",
    "pick_format",
    "say",
    "state_of",
    "verify_option",
]

F = TypeVar("F", bound=Callable[..., Any])
FORMATS = ("text", "md", "html", "json", "csv")
"""The formats every command writes: :data:`peaceplan.render.table.FORMATS`, without importing rich."""
_SUFFIX_FORMATS = {".md": "md", ".markdown": "md", ".html": "html", ".htm": "html", ".json": "json", ".csv": "csv"}
VERSION_SUFFIXES = (".yaml", ".yml", ".json")


class State:
    """What the group's options set for the command: where the corpus is, whether digests are checked, --debug."""

    def __init__(self, corpus_path: str | None = None, debug: bool = False, verify: bool = True) -> None:
        self.corpus_path = corpus_path
        self.debug = debug
        self.verify = verify
        self._corpus: Corpus | None = None

    def corpus(self) -> Corpus:
        if self._corpus is None:
            from ..corpus import load_corpus

            try:
                with integrity_warnings():
                    self._corpus = load_corpus(self.corpus_path, verify=self.verify)
            except PeaceplanError as exc:
                if self.corpus_path is not None and os.environ.get("PEACEPLAN_CORPUS") == self.corpus_path:
                    raise PeaceplanError(
                        f"{one_line(exc)} (the corpus was named by the PEACEPLAN_CORPUS environment variable)"
                    ) from None
                raise
        return self._corpus

    def version(self, ref: str) -> tuple[Version, bool]:
        """The version ``ref`` names, and whether it came from the corpus (not a file)."""
        if is_version_file(ref):
            from ..files.io import load_version

            if not Path(ref).exists():
                raise PeaceplanError(f"{ref}: no such file; expected a version file (.yaml or .json) or a version id")
            with integrity_warnings():
                return load_version(Path(ref), verify=self.verify), False
        return self.corpus().version(ref), True

    def corpus_with(self, refs: Sequence[str]) -> tuple[Corpus, list[str]]:
        """The corpus with every version file among ``refs`` added, and the version ids ``refs`` name."""
        corpus = self.corpus()
        ids = []
        for ref in refs:
            v, from_corpus = self.version(ref)
            if not from_corpus:
                corpus = with_file(corpus, v, ref)
            ids.append(v.id)
        return corpus, ids


def with_file(corpus: Corpus, version: Version, file: str) -> Corpus:
    """``corpus`` with the version read from ``file`` added; its problems there are the file's.

    A file whose id is a corpus version's stands in for it, said on standard error:
    otherwise an analysis would quietly mix the file's text with the corpus's.
    """
    import attrs

    if version.id in corpus and corpus.version(version.id) != version:
        say(
            f"peaceplan: warning: {file}: id {version.id!r} is also a version of corpus {corpus.name!r}; "
            "the file's text stands in for it here (give the file its own id to compare the two)",
            err=True,
        )
    try:
        return corpus.with_version(version)
    except ValidationError as exc:  # unknown actors, parents, documents: in this file, as used with this corpus
        raise ValidationError(
            p.located(file=file)
            if p.file
            else attrs.evolve(p, message=f"{p.message} (with corpus {corpus.name!r})", file=file)
            for p in exc.problems
        ) from None


@contextlib.contextmanager
def integrity_warnings() -> Iterator[None]:
    """Show each :class:`~peaceplan.IntegrityWarning` raised inside as one line on stderr (``--no-verify``)."""
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always", IntegrityWarning)
        yield
    for warning in caught:
        if issubclass(warning.category, IntegrityWarning):
            click.echo(f"peaceplan: warning: {warning.message}", err=True)
        else:  # not ours to show: hand it on as it came
            warnings.warn_explicit(warning.message, warning.category, warning.filename, warning.lineno)


def is_version_file(ref: str) -> bool:
    """Whether ``ref`` names a version file (by its suffix, or because the file exists) rather than an id."""
    path = Path(ref)
    return path.suffix.lower() in VERSION_SUFFIXES or path.is_file()


def say(message: str, *, err: bool = False) -> None:
    """Print a message (a warning, an error, a report line) with its invisible characters made visible.

    Messages quote file names, ids, labels and lines of the user's files; passed
    through :func:`~peaceplan.render.escape.visible`, none of them can drive the
    terminal. Rendered views go through :func:`emit` instead.
    """
    from ..render.escape import visible

    click.echo(visible(message), err=err)


def one_line(exc: BaseException) -> str:
    """The message of ``exc`` on one line (the first problem of a file, with a count of the others)."""
    if isinstance(exc, ValidationError):
        text = str(exc.problems[0])
        more = len(exc.problems) - 1
        if more:
            where = f" {exc.problems[0].file}" if exc.problems[0].file else ""
            text += f" (and {more} more problem{'s' if more > 1 else ''}: run 'peaceplan validate{where}')"
        return text
    if isinstance(exc, OSError):
        name = exc.filename if exc.filename is not None else ""
        return f"{name}: {exc.strerror or exc}" if name else str(exc)
    return " ".join(str(exc).split()) or type(exc).__name__


class _UsageLine(click.UsageError):
    """A usage error (an unknown option, a bad choice, a missing argument) shown as one line.

    click shows the usage block, a hint and the error on three lines; every other
    peaceplan error is one line, so scripts and people read these the same way.
    """

    def __init__(self, message: str, ctx: click.Context | None = None, command: str | None = None) -> None:
        super().__init__(message, ctx)
        self.command = command  # the subcommand's name when click gave no context

    def show(self, file: Any = None) -> None:
        named = [self.command] if self.command else []
        sub = self.ctx.command_path.split(" ")[1:] if self.ctx is not None else named
        command = " ".join(["peaceplan", *sub])  # the name of the program as typed, whatever click was told
        say(f"peaceplan: error: {self.format_message().rstrip('.')} (see '{command} --help')", err=True)


def _one_line_usage(exc: click.UsageError, group: click.Context | None = None) -> click.UsageError:
    """``exc`` as one line; ``group`` names the subcommand when click gave no context."""
    if isinstance(exc, (_UsageLine, click.exceptions.NoArgsIsHelpError)):  # the latter shows the help, as asked
        return exc
    command = group.invoked_subcommand if group is not None else None
    return _UsageLine(exc.format_message(), exc.ctx, command)


class Group(click.Group):
    """A group that turns errors into one line on stderr and exit status 2."""

    def make_context(
        self, info_name: str | None, args: list[str], parent: click.Context | None = None, **extra: Any
    ) -> click.Context:
        try:
            return super().make_context(info_name, args, parent, **extra)
        except click.UsageError as exc:
            raise _one_line_usage(exc) from None

    def invoke(self, ctx: click.Context) -> Any:
        try:
            return super().invoke(ctx)
        except click.UsageError as exc:
            raise _one_line_usage(exc, ctx) from None
        except (click.exceptions.Exit, click.exceptions.Abort, click.ClickException):
            raise
        except BrokenPipeError:  # pragma: no cover - `peaceplan diff ... | head`
            sys.stderr.close()
            ctx.exit(2)
        except Exception as exc:
            fail(ctx, exc)


def fail(ctx: click.Context, exc: Exception) -> NoReturn:
    """Report ``exc`` as one line on stderr (after the traceback with ``--debug``) and exit 2."""
    debug = bool(ctx.params.get("debug"))
    if debug:
        from ..render.escape import visible

        click.echo(visible("".join(traceback.format_exception(type(exc), exc, exc.__traceback__))), err=True, nl=False)
    if isinstance(exc, (PeaceplanError, OSError)):
        say(f"peaceplan: error: {one_line(exc)}", err=True)
    else:
        hint = "" if debug else "; run again with --debug for the traceback"
        say(f"peaceplan: internal error: {type(exc).__name__}: {one_line(exc)} (this is a bug{hint})", err=True)
    ctx.exit(2)


def state_of(ctx: click.Context) -> State:
    """The :class:`State` of the running command."""
    return ctx.ensure_object(State)


def _set_corpus(ctx: click.Context, _param: click.Parameter, value: str | None) -> None:
    if value is not None:
        state_of(ctx).corpus_path = value


def corpus_option(f: F) -> F:
    """``--corpus PATH`` on a command: the same as the global option, given after the command."""
    return click.option(
        "--corpus",
        "corpus_path",
        metavar="PATH",
        expose_value=False,
        callback=_set_corpus,
        help="Corpus folder (or corpus name) to look version ids up in; defaults to the built-in corpus.",
    )(f)


def _no_verify(ctx: click.Context, _param: click.Parameter, value: bool) -> None:
    if value:
        state_of(ctx).verify = False


def verify_option(f: F) -> F:
    """``--no-verify`` on a command: the same as the global option, given after the command."""
    return click.option(
        "--no-verify",
        is_flag=True,
        expose_value=False,
        callback=_no_verify,
        help="Load files whose content does not match their digest, with a warning, instead of refusing them.",
    )(f)


def format_option(choices: Sequence[str] = FORMATS, default: str | None = "text") -> Callable[[F], F]:
    """``--format``/``-f``: one of ``choices``; with ``default=None`` it follows the ``--output`` suffix."""
    return click.option(
        "--format",
        "-f",
        "fmt",
        type=click.Choice(list(choices)),
        default=default,
        show_default=default is not None,
        help="Output format.",
    )


def output_option(f: F, *, describe: str = "Write to this file instead of standard output.") -> F:
    """``--output``/``-o``: the file to write instead of standard output (``describe`` is its help)."""
    return click.option("--output", "-o", type=click.Path(dir_okay=False, writable=True), help=describe)(f)


def color_option(f: F) -> F:
    """``--color``/``--no-color``: force or forbid colour in the text format."""
    return click.option(
        "--color/--no-color",
        default=None,
        help="Colour the text format (default: when writing to a terminal and NO_COLOR is unset).",
    )(f)


def long_option(f: F) -> F:
    """``--long``/``-l``: the field-by-field listing of the records instead of a compact view."""
    return click.option(
        "--long",
        "-l",
        is_flag=True,
        help="In the text format, list every field of every record instead of the compact view.",
    )(f)


def emit(text: str, output: str | None) -> None:
    """Write ``text`` to standard output, or to the file ``output`` (saying so on stderr)."""
    if output is None:
        # color=True: keep escape codes; the renderers only emit them when colour was
        # chosen (user text has its control characters made visible). On a terminal,
        # for_terminal also shows any other escape (a CSV cell's), keeping the colours.
        from ..render.escape import for_terminal

        shown = for_terminal(text) if _is_terminal(sys.stdout) else text
        click.echo(shown, nl=not text.endswith("\n"), color=True)
        return
    from ..files.io import write_atomic

    write_atomic(Path(output), text.encode("utf-8"))  # never half a report
    say(f"peaceplan: wrote {output}", err=True)


def _is_terminal(stream: Any) -> bool:
    isatty = getattr(stream, "isatty", None)
    try:
        return bool(isatty and isatty())
    except (OSError, ValueError):  # pragma: no cover - a closed stream
        return False


def pick_format(fmt: str | None, output: str | None) -> str:
    """The format asked for, else the one the ``--output`` suffix names, else text."""
    if fmt is not None:
        return fmt
    if output is not None:
        suffix = Path(output).suffix.lower()
        if suffix not in _SUFFIX_FORMATS and suffix not in ("", ".txt", ".text"):
            # Refused, not written as text: a report.docx that is plain text inside is a broken file.
            known = ", ".join(sorted([*_SUFFIX_FORMATS, ".txt"]))
            raise PeaceplanError(
                f"{output}: no format is written as {suffix!r}; expected a file name ending in {known}, "
                "or choose the format with --format (see 'peaceplan export --help'). Nothing was written"
            )
        return _SUFFIX_FORMATS.get(suffix, "text")
    return "text"


def actors_of(state: State) -> Any:
    """The corpus's actors, for display names; ``None`` when no corpus can be loaded (files only)."""
    try:
        return state.corpus().actors
    except PeaceplanError:
        return None


def examples(*lines: str) -> str:
    """An epilog of example command lines, kept as written by click's formatter (``\\b``)."""
    return "\b\nExamples:\n" + "\n".join(f"  {line}" for line in lines)
