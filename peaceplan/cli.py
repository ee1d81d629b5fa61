"""The ``peaceplan`` command: a thin click layer over the library.

Each command parses its arguments, calls one library function and renders the
result; nothing here computes a diff or reads a file format itself. Versions
are named by id (in the built-in corpus, or in ``--corpus PATH``) or by a
``.yaml``/``.json`` path. Exit codes follow ``diff(1)``: 0 no differences,
1 differences, 2 trouble. A :class:`~peaceplan.errors.PeaceplanError` (or an
unreadable file) becomes one line on stderr naming the file, the place and what
was expected; ``--debug`` adds the traceback. The reference is ``docs/cli.md``.
"""

from __future__ import annotations

import re
import sys
import traceback
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any, NoReturn, TypeVar

import attrs
import click

from . import __version__
from .blame import blame as blame_of
from .corpus import Corpus
from .diff import Diff, diff
from .errors import PeaceplanError, ValidationError
from .files import available_corpora, dump_version, load_corpus, load_version, validate_path
from .history import log as log_of
from .model import Attribution, Version
from .render import (
    diff_rows,
    render_csv,
    render_html,
    render_markdown,
    render_records,
    render_text,
    render_version_html,
    render_version_markdown,
    render_version_text,
)
from .render.history_text import render_blame_text, render_log_text, render_thread_text
from .render.table import version_rows
from .thread import thread as thread_of
from .yamlio import dump_yaml

__all__ = ["cli", "main"]

F = TypeVar("F", bound=Callable[..., Any])
FORMATS = ("text", "md", "html", "json", "csv")
_SUFFIX_FORMATS = {".md": "md", ".markdown": "md", ".html": "html", ".htm": "html", ".json": "json", ".csv": "csv"}
_VERSION_SUFFIXES = (".yaml", ".yml", ".json")


class _State:
    """What the group's options set for the command: where the corpus is, and --debug."""

    def __init__(self, corpus_path: str | None = None, debug: bool = False) -> None:
        self.corpus_path = corpus_path
        self.debug = debug
        self._corpus: Corpus | None = None

    def corpus(self) -> Corpus:
        if self._corpus is None:
            self._corpus = load_corpus(self.corpus_path)
        return self._corpus

    def version(self, ref: str) -> tuple[Version, bool]:
        """The version ``ref`` names, and whether it came from the corpus (not a file)."""
        path = Path(ref)
        if path.suffix.lower() in _VERSION_SUFFIXES or path.is_file():
            if not path.exists():
                raise PeaceplanError(f"{ref}: no such file; expected a version file (.yaml or .json) or a version id")
            return load_version(path), False
        return self.corpus().version(ref), True


def _one_line(exc: BaseException) -> str:
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


class _Group(click.Group):
    """A group that turns errors into one line on stderr and exit status 2."""

    def invoke(self, ctx: click.Context) -> Any:
        try:
            return super().invoke(ctx)
        except (click.exceptions.Exit, click.exceptions.Abort, click.ClickException):
            raise
        except BrokenPipeError:  # pragma: no cover - `peaceplan diff ... | head`
            sys.stderr.close()
            ctx.exit(2)
        except Exception as exc:
            _fail(ctx, exc)


def _fail(ctx: click.Context, exc: Exception) -> NoReturn:
    debug = bool(ctx.params.get("debug"))
    if debug:
        click.echo("".join(traceback.format_exception(type(exc), exc, exc.__traceback__)), err=True, nl=False)
    if isinstance(exc, (PeaceplanError, OSError)):
        click.echo(f"peaceplan: error: {_one_line(exc)}", err=True)
    else:
        hint = "" if debug else "; run again with --debug for the traceback"
        click.echo(f"peaceplan: internal error: {type(exc).__name__}: {_one_line(exc)} (this is a bug{hint})", err=True)
    ctx.exit(2)


def _state(ctx: click.Context) -> _State:
    return ctx.ensure_object(_State)


def _set_corpus(ctx: click.Context, _param: click.Parameter, value: str | None) -> None:
    if value is not None:
        _state(ctx).corpus_path = value


def _corpus_option(f: F) -> F:
    """``--corpus PATH`` on a command: the same as the global option, given after the command."""
    return click.option(
        "--corpus",
        "corpus_path",
        metavar="PATH",
        expose_value=False,
        callback=_set_corpus,
        help="Corpus folder (or corpus name) to look version ids up in; defaults to the built-in corpus.",
    )(f)


def _format_option(choices: Sequence[str] = FORMATS, default: str | None = "text") -> Callable[[F], F]:
    return click.option(
        "--format",
        "-f",
        "fmt",
        type=click.Choice(list(choices)),
        default=default,
        show_default=default is not None,
        help="Output format.",
    )


def _output_option(f: F) -> F:
    return click.option(
        "--output",
        "-o",
        type=click.Path(dir_okay=False, writable=True),
        help="Write to this file instead of standard output.",
    )(f)


def _file_option(f: F) -> F:
    return click.option(
        "--output",
        "-o",
        type=click.Path(dir_okay=False, writable=True),
        help="Version file to write (default: ID.yaml here, or DIR/versions/ID.yaml with --corpus).",
    )(f)


def _target_option(f: F) -> F:
    return click.option(
        "--corpus",
        "target",
        metavar="DIR",
        help="Corpus folder to add DIR/versions/ID.yaml to; a new or empty DIR becomes a copy of the base corpus "
        "(the global --corpus, else the built-in one).",
    )(f)


def _color_option(f: F) -> F:
    return click.option(
        "--color/--no-color",
        default=None,
        help="Colour the text format (default: when writing to a terminal and NO_COLOR is unset).",
    )(f)


def _emit(text: str, output: str | None) -> None:
    if output is None:
        # color=True: keep escape codes; the renderers only emit them when colour was
        # chosen (user text has its control characters made visible).
        click.echo(text, nl=not text.endswith("\n"), color=True)
        return
    Path(output).write_text(text, encoding="utf-8")
    click.echo(f"peaceplan: wrote {output}", err=True)


def _pick_format(fmt: str | None, output: str | None) -> str:
    if fmt is not None:
        return fmt
    if output is not None:
        return _SUFFIX_FORMATS.get(Path(output).suffix.lower(), "text")
    return "text"


def _actors(state: _State) -> Any:
    """The corpus's actors, for display names; ``None`` when no corpus can be loaded (files only)."""
    try:
        return state.corpus().actors
    except PeaceplanError:
        return None


def _examples(*lines: str) -> str:
    """An epilog of example command lines, kept as written by click's formatter (``\\b``)."""
    return "\b\nExamples:\n" + "\n".join(f"  {line}" for line in lines)


# --- the group ---------------------------------------------------------------------

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
    cls=_Group,
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
    or by a .yaml/.json file path.
    """
    ctx.obj = _State(corpus_path, debug)


def main(argv: Sequence[str] | None = None) -> None:
    """Entry point of the ``peaceplan`` console script and ``python -m peaceplan``."""
    cli.main(args=list(argv) if argv is not None else None, prog_name="peaceplan")


# --- list, show ----------------------------------------------------------------------


@cli.command(
    "list", epilog=_examples("peaceplan list", "peaceplan list --corpora", "peaceplan list --corpus ./my-corpus -f csv")
)
@click.option("--corpora", is_flag=True, help="List the available corpora instead of the versions of one.")
@_format_option()
@_corpus_option
@click.pass_context
def list_(ctx: click.Context, corpora: bool, fmt: str) -> None:
    """List the versions of a corpus (or, with --corpora, the corpora)."""
    state = _state(ctx)
    if corpora:
        records = _corpora_records()
        title = "Corpora"
    else:
        corpus = state.corpus()
        records = [_version_record(v) for v in corpus.ordered()]
        title = corpus.title
        if fmt == "text":  # one table per document reads better than one wide table
            parts = [
                render_records(
                    [_version_record(v, document=False) for v in corpus.versions_of(d.id)],
                    fmt,
                    title=f"{d.title} ({d.id})",
                )
                for d in corpus.documents
            ]
            _emit("\n".join(parts), None)
            return
    _emit(render_records(records, fmt, title=title), None)


def _version_record(v: Version, *, document: bool = True) -> dict[str, Any]:
    record: dict[str, Any] = {"id": v.id}
    if document:
        record["document"] = v.document
    record |= {
        "date": str(v.date) if v.date else "",
        "status": v.status.value,
        "fidelity": v.fidelity.value,
        "points": len(v.provisions),
        "title": v.title,
    }
    return record


def _corpora_records() -> list[dict[str, Any]]:
    records = []
    for name, about in available_corpora().items():
        try:
            corpus = load_corpus(name)
            records.append(
                {
                    "name": name,
                    "title": corpus.title,
                    "versions": len(corpus),
                    "documents": len(corpus.documents),
                    "from": about.rpartition("(")[2].rstrip(")"),
                }
            )
        except PeaceplanError as exc:
            records.append({"name": name, "title": f"(cannot load: {_one_line(exc)})", "versions": 0, "documents": 0})
    return records


@cli.command(epilog=_examples("peaceplan show 20-point", "peaceplan show 28-point -f md", "peaceplan show draft.yaml"))
@click.argument("version")
@_format_option(default=None)
@_output_option
@_color_option
@_corpus_option
@click.pass_context
def show(ctx: click.Context, version: str, fmt: str | None, output: str | None, color: bool | None) -> None:
    """Show one version: its header, credit and every point."""
    state = _state(ctx)
    v, _ = state.version(version)
    _emit(_render_version(v, _pick_format(fmt, output), _actors(state), color, output), output)


def _render_version(v: Version, fmt: str, actors: Any, color: bool | None, output: str | None) -> str:
    if fmt == "text":
        return render_version_text(v, color=False if output else color, actors=actors)
    if fmt == "md":
        return render_version_markdown(v, actors=actors)
    if fmt == "html":
        return render_version_html(v, actors=actors)
    if fmt == "json":
        import json

        return json.dumps(v.to_dict(), ensure_ascii=False, indent=2) + "\n"
    return render_csv(version_rows(v))


# --- diff, export ----------------------------------------------------------------------

_DIFF_EPILOG = """\b
Examples:
  peaceplan diff 28-point 20-point
  peaceplan diff 28-point geneva-19 --no-color | less
  peaceplan diff 28-point 20-point --format html --output report.html
  peaceplan diff 28-point 20-point --format json > diff.json
  peaceplan diff my-old.yaml my-new.yaml --format csv

Exit status: 0 no differences, 1 differences (0 with --exit-zero), 2 trouble."""


@cli.command("diff", epilog=_DIFF_EPILOG)
@click.argument("old")
@click.argument("new")
@click.option(
    "--no-lineage",
    is_flag=True,
    help="Compare the texts alone: ignore curated derived_from links and intermediate drafts.",
)
@_format_option(default=None)
@_output_option
@_color_option
@click.option("--title", help="Title of the HTML report.")
@click.option(
    "--exit-zero",
    is_flag=True,
    help="Exit 0 even when the versions differ (only trouble exits non-zero), for scripts that chain commands.",
)
@_corpus_option
@click.pass_context
def diff_(
    ctx: click.Context,
    old: str,
    new: str,
    no_lineage: bool,
    fmt: str | None,
    output: str | None,
    color: bool | None,
    title: str | None,
    exit_zero: bool,
) -> None:
    """Compare two versions point by point: what changed and who proposed it."""
    state = _state(ctx)
    result, actors = _compute(state, old, new, no_lineage)
    _emit(_render_diff(result, _pick_format(fmt, output), actors, color, output, title), output)
    ctx.exit(1 if result and not exit_zero else 0)


def _compute(state: _State, old: str, new: str, no_lineage: bool) -> tuple[Diff, Any]:
    a, a_in = state.version(old)
    b, b_in = state.version(new)
    corpus = state.corpus() if a_in and b_in and not no_lineage else None
    return diff(a, b, use_lineage=not no_lineage, corpus=corpus), _actors(state)


def _render_diff(
    result: Diff, fmt: str, actors: Any, color: bool | None, output: str | None, title: str | None = None
) -> str:
    if fmt == "text":
        return render_text(result, color=False if output else color, actors=actors)
    if fmt == "md":
        return render_markdown(result, actors=actors)
    if fmt == "html":
        return render_html(result, title=title, actors=actors)
    if fmt == "json":
        return result.to_json() + "\n"
    return render_csv(diff_rows(result))


_EXPORT_EPILOG = """\b
Examples:
  peaceplan export 20-point --format md --output 20-point.md
  peaceplan export 28-point 20-point --output report.html
  peaceplan export 28-point 20-point --format csv > changes.csv

With one version, export that version; with two, export their diff. The
format defaults to the --output file's suffix (.md, .html, .json, .csv)."""


@cli.command(epilog=_EXPORT_EPILOG)
@click.argument("versions", nargs=-1, required=True, metavar="VERSION [NEW]")
@_format_option(default=None)
@_output_option
@click.option("--no-lineage", is_flag=True, help="For a diff: compare the texts alone.")
@click.option("--title", help="Title of the HTML report.")
@_corpus_option
@click.pass_context
def export(
    ctx: click.Context,
    versions: tuple[str, ...],
    fmt: str | None,
    output: str | None,
    no_lineage: bool,
    title: str | None,
) -> None:
    """Export a version, or the diff of two, as text, Markdown, HTML, JSON or CSV."""
    if len(versions) > 2:
        raise click.UsageError("expected one version (to export it) or two (to export their diff)")
    state = _state(ctx)
    chosen = _pick_format(fmt, output)
    if len(versions) == 1:
        v, _ = state.version(versions[0])
        _emit(_render_version(v, chosen, _actors(state), False, output), output)
        return
    result, actors = _compute(state, versions[0], versions[1], no_lineage)
    _emit(_render_diff(result, chosen, actors, False, output, title), output)


# --- history: blame, log, thread -------------------------------------------------------


def _long_option(f: F) -> F:
    return click.option(
        "--long",
        "-l",
        is_flag=True,
        help="In the text format, list every field of every record instead of the compact view.",
    )(f)


_BLAME_EPILOG = """\b
Examples:
  peaceplan blame 20-point
  peaceplan blame 20-point --long
  peaceplan blame 20-point --format csv
  peaceplan blame my-draft.yaml

One line per point: label, where its wording was introduced (version#label),
the kind of change there, who proposed it (? contested, * inferred credit),
its origin (^ when the corpus holds no earlier text) and the start of its text."""


@cli.command(epilog=_BLAME_EPILOG)
@click.argument("version")
@_format_option()
@_long_option
@_output_option
@_color_option
@_corpus_option
@click.pass_context
def blame(ctx: click.Context, version: str, fmt: str, long: bool, output: str | None, color: bool | None) -> None:
    """For each point of a version, where its text came from and who put it there."""
    state = _state(ctx)
    v, from_corpus = state.version(version)
    corpus = state.corpus() if from_corpus else state.corpus().with_version(v)
    result = blame_of(corpus, v.id)
    if fmt == "text" and not long:
        _emit(render_blame_text(result, corpus, color=False if output else color), output)
        return
    _emit(render_records(result.to_records(), fmt, title=f"blame {v.id}"), output)


@cli.command(
    epilog=_examples("peaceplan log peace-plan", "peaceplan log peace-plan --long", "peaceplan log us-guarantee -f md")
)
@click.argument("document")
@_format_option()
@_long_option
@_output_option
@_color_option
@_corpus_option
@click.pass_context
def log(ctx: click.Context, document: str, fmt: str, long: bool, output: str | None, color: bool | None) -> None:
    """The versions of one document in order: date, status, parents and who proposed each."""
    state = _state(ctx)
    result = log_of(state.corpus(), document)
    if fmt == "text" and not long:
        _emit(render_log_text(result, state.corpus(), color=False if output else color), output)
        return
    _emit(render_records(result.to_records(), fmt, title=f"log {document}"), output)


@cli.command(
    epilog=_examples(
        "peaceplan thread army-size",
        "peaceplan thread 'NATO membership'",
        "peaceplan thread 20-point 4",
        "peaceplan thread army-size --format json",
    )
)
@click.argument("args", nargs=-1, required=True, metavar="TOPIC | VERSION LABEL")
@_format_option()
@_long_option
@_output_option
@_color_option
@_corpus_option
@click.pass_context
def thread(
    ctx: click.Context, args: tuple[str, ...], fmt: str, long: bool, output: str | None, color: bool | None
) -> None:
    """Follow a topic, or one point, through every version of the corpus."""
    if len(args) > 2:
        raise click.UsageError("expected a TOPIC, or a VERSION and a LABEL")
    state = _state(ctx)
    result = thread_of(state.corpus(), *args)
    if fmt == "text" and not long:
        _emit(render_thread_text(result, state.corpus(), color=False if output else color), output)
        return
    _emit(render_records(result.to_records(), fmt, title="thread " + " ".join(args)), output)


# --- files: validate, import, new ----------------------------------------------------------


@cli.command(
    epilog="\b\nExamples:\n  peaceplan validate my-draft.yaml\n  peaceplan validate ./my-corpus\n"
    "  peaceplan validate versions/*.yaml\n\nExit status: 0 when every file is valid, 2 when any has a problem."
)
@click.argument("paths", nargs=-1, required=True, type=click.Path(exists=True), metavar="FILE...")
@click.pass_context
def validate(ctx: click.Context, paths: tuple[str, ...]) -> None:
    """Check version files, actors files, manifests or whole corpus folders."""
    bad = 0
    for path in paths:
        problems = validate_path(path)
        if not problems:
            click.echo(f"ok: {path}")
            continue
        bad += 1
        for problem in problems:
            click.echo(str(problem if problem.file else problem.located(file=path)))
    if bad:
        click.echo(f"peaceplan: problems found in {bad} of the {len(paths)} paths checked", err=True)
        ctx.exit(2)


_IMPORT_EPILOG = """\b
Examples:
  peaceplan import plan.txt --id my-draft --document peace-plan --date 2026-01-15 \\
      --proposed-by ukraine --parent 20-point --corpus ./my-corpus
  peaceplan import plan.md --id v2 --document plan --output v2.yaml

Reads numbered points ("1.", "2)", "12.a") from a text or Markdown file and
writes a schema-valid version file; the report says what was recognised."""


@cli.command("import", epilog=_IMPORT_EPILOG)
@click.argument("file", type=click.Path(exists=True, dir_okay=False))
@click.option("--id", "version_id", required=True, help="Id of the new version (letters, digits, '.', '_', '-').")
@click.option("--document", help="Id of the document it is a version of (default: the parent's document).")
@click.option("--title", help="Title of the version (default: the file's first heading).")
@click.option("--date", help="Date the text bears: 2026-01-15, 2026-01, 'late 2025-10'.")
@click.option("--proposed-by", "proposed_by", multiple=True, metavar="ACTOR", help="Actor id of a proposer (repeat).")
@click.option("--parent", "parents", multiple=True, metavar="VERSION", help="Id of a parent version (repeat).")
@_target_option
@_file_option
@click.option("--force", is_flag=True, help="Overwrite an existing version file.")
@click.pass_context
def import_(
    ctx: click.Context,
    file: str,
    version_id: str,
    document: str | None,
    title: str | None,
    date: str | None,
    proposed_by: tuple[str, ...],
    parents: tuple[str, ...],
    target: str | None,
    output: str | None,
    force: bool,
) -> None:
    """Turn a plain-text or Markdown plan into a version file."""
    from .textio import read_text

    home = _Home.open(_state(ctx), target, output)
    if document is None and parents:
        document = home.corpus.version(parents[0]).document
    metadata = {
        "id": version_id,
        "document": document,
        "title": title,
        "date": date,
        "proposed_by": list(proposed_by) or None,
        "parents": list(parents) or None,
    }
    result = read_text(Path(file), **{k: v for k, v in metadata.items() if v is not None})
    home.add(result.version, force)
    report = result.report_text()
    if report:
        click.echo(report)


@attrs.frozen
class _Home:
    """Where ``import`` and ``new`` put a version, and the corpus its ids are checked against.

    With ``--corpus DIR``, ``DIR`` is a corpus folder; a new or empty ``DIR`` is
    created as a copy of the base corpus (the global ``--corpus``, by default the
    built-in one) so the new version's parents and actors resolve there. Without
    it the version goes to ``--output`` or ``./ID.yaml``.
    """

    corpus: Corpus
    folder: Path | None
    fresh: bool
    output: Path | None

    @classmethod
    def open(cls, state: _State, target: str | None, output: str | None) -> _Home:
        out = Path(output) if output is not None else None
        if target is None:
            return cls(state.corpus(), None, False, out)
        folder = Path(target)
        if any((folder / f"corpus{suffix}").is_file() for suffix in _VERSION_SUFFIXES):
            state.corpus_path = target
            return cls(state.corpus(), folder, False, out)
        if folder.exists() and (not folder.is_dir() or any(not p.name.startswith(".") for p in folder.iterdir())):
            raise PeaceplanError(
                f"{target}: not a corpus folder (no corpus.yaml) and not empty; expected a folder holding "
                "corpus.yaml, actors.yaml and versions/, or a new or empty folder to create a corpus in"
            )
        return cls(state.corpus(), folder, True, out)

    def add(self, version: Version, force: bool) -> None:
        """Check ``version`` against the corpus, then write it (creating the corpus folder if new)."""
        try:
            self.corpus.with_version(version)
        except ValidationError as exc:
            prefix = f"version {version.id!r}: "
            found = "; ".join(
                p.message.removeprefix(prefix) + (f" at {p.pointer}" if p.pointer else "") for p in exc.problems
            )
            if self.folder is None:  # a loose file may belong to another corpus: warn only
                click.echo(f"peaceplan: warning: {found} (checked against corpus {self.corpus.name!r})", err=True)
            else:
                raise PeaceplanError(
                    f"{version.id} does not fit corpus {self.corpus.name!r}: {found}. Nothing was written; "
                    "pass --document, --parent and --proposed-by ids the corpus knows (peaceplan list), "
                    "or add them to its corpus.yaml and actors.yaml"
                ) from exc
        if self.folder is None or self.output is not None:
            _write_version(version, self.output or Path(f"{version.id}.yaml"), force)
            return
        path = self.folder / "versions" / f"{version.id}.yaml"
        if self.fresh:
            _seed_corpus(self.corpus, self.folder)
            click.echo(
                f"peaceplan: created corpus folder {self.folder} (a copy of {self.corpus.name!r}: "
                f"{len(self.corpus)} versions, {len(self.corpus.actors)} actors)",
                err=True,
            )
        _write_version(version, path, force)
        load_corpus(self.folder)  # the folder must still load; a failure here is a bug worth a traceback


def _seed_corpus(base: Corpus, folder: Path) -> None:
    """Write ``base`` into ``folder`` as a corpus folder: corpus.yaml, actors.yaml, versions/."""
    name = folder.resolve().name
    if not re.fullmatch(r"[A-Za-z0-9][A-Za-z0-9._-]*", name):
        name = "my-corpus"
    manifest: dict[str, Any] = {"peaceplan": 1, "name": name, "title": f"{base.title} (with my versions)"}
    if base.description:
        manifest["description"] = base.description
    manifest["documents"] = [d.to_dict() for d in base.documents]
    (folder / "versions").mkdir(parents=True, exist_ok=True)
    (folder / "corpus.yaml").write_text(dump_yaml(manifest), encoding="utf-8")
    actors = {"peaceplan": 1, "actors": [a.to_dict() for a in base.actors]}
    (folder / "actors.yaml").write_text(dump_yaml(actors), encoding="utf-8")
    for v in base.versions:
        dump_version(v, folder / "versions" / f"{v.id}.yaml")


def _write_version(version: Version, path: Path, force: bool) -> None:
    if path.exists() and not force:
        raise PeaceplanError(f"{path}: the file exists; pass --force to overwrite it")
    dump_version(version, path)
    click.echo(f"peaceplan: wrote {path}", err=True)


_NEW_EPILOG = """\b
Examples:
  peaceplan new --from 20-point --id my-draft
  peaceplan new --from 20-point --id ua-2026-01 --proposed-by ukraine --corpus ./my-corpus
  peaceplan diff 20-point my-draft.yaml

The copy keeps every point, its sources and its credit; it gets the new id,
the old version as its parent, status 'draft', and no date. Edit it, then
diff it against its parent."""


@cli.command(epilog=_NEW_EPILOG)
@click.option("--from", "source", required=True, metavar="VERSION", help="Version to copy (id or file).")
@click.option("--id", "version_id", required=True, help="Id of the new version.")
@click.option("--title", help="Title of the new version (default: the old title with '(draft)').")
@click.option("--proposed-by", "proposed_by", multiple=True, metavar="ACTOR", help="Actor id of a proposer (repeat).")
@_target_option
@_file_option
@click.option("--force", is_flag=True, help="Overwrite an existing version file.")
@click.pass_context
def new(
    ctx: click.Context,
    source: str,
    version_id: str,
    title: str | None,
    proposed_by: tuple[str, ...],
    target: str | None,
    output: str | None,
    force: bool,
) -> None:
    """Start a new version as an editable copy of an existing one."""
    state = _state(ctx)
    home = _Home.open(state, target, output)
    old = _copy_source(state, home, source)
    copy = attrs.evolve(
        old,
        id=version_id,
        title=title or f"{old.title} (draft)",
        parents=(old.id,),
        status="draft",
        date=None,
        reported=None,
        attributions=tuple(Attribution(actor=a, confidence="confirmed") for a in proposed_by),
        amendments=(),
    )
    home.add(copy, force)


def _copy_source(state: _State, home: _Home, ref: str) -> Version:
    """The version ``new --from`` copies: a file, or an id in the target corpus (or the base it is made from)."""
    path = Path(ref)
    if path.suffix.lower() in _VERSION_SUFFIXES or path.is_file():
        return state.version(ref)[0]
    return home.corpus.version(ref)
