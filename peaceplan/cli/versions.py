"""Commands on versions: ``list``, ``show``, ``diff``, ``export``, ``validate`` and ``verify``."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, Any

import click

from ..corpus import load_corpus
from ..errors import PeaceplanError, Problem, ValidationError
from ..files.io import (
    DIGESTS_FILE,
    available_corpora,
    load_version,
    validate_path,
    verify_corpus,
    write_digests,
)
from ._common import (
    FORMATS,
    VERSION_SUFFIXES,
    State,
    actors_of,
    color_option,
    corpus_option,
    emit,
    examples,
    format_option,
    integrity_warnings,
    one_line,
    output_option,
    pick_format,
    say,
    state_of,
    verify_option,
    with_file,
)

if TYPE_CHECKING:
    from ..compare.diff import Diff
    from ..corpus import Corpus
    from ..model.records import Version

__all__ = ["diff_", "export", "list_", "show", "validate", "verify"]

# The library is imported inside the commands: `peaceplan diff` then loads the diff
# engine and the one renderer it writes with, not the others nor the validator.


# --- list, show ----------------------------------------------------------------------


@click.command(
    "list", epilog=examples("peaceplan list", "peaceplan list --corpora", "peaceplan list --corpus ./my-corpus -f csv")
)
@click.option("--corpora", is_flag=True, help="List the available corpora instead of the versions of one.")
@format_option()
@corpus_option
@verify_option
@click.pass_context
def list_(ctx: click.Context, corpora: bool, fmt: str) -> None:
    """List the versions of a corpus (or, with --corpora, the corpora)."""
    from ..render.table import render_records

    state = state_of(ctx)
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
            emit("\n".join(parts), None)
            return
    emit(render_records(records, fmt, title=title), None)


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
            records.append({"name": name, "title": f"(cannot load: {one_line(exc)})", "versions": 0, "documents": 0})
    return records


@click.command(epilog=examples("peaceplan show 20-point", "peaceplan show 28-point -f md", "peaceplan show draft.yaml"))
@click.argument("version")
@format_option(default=None)
@output_option
@color_option
@corpus_option
@verify_option
@click.pass_context
def show(ctx: click.Context, version: str, fmt: str | None, output: str | None, color: bool | None) -> None:
    """Show one version: its header, credit and every point."""
    state = state_of(ctx)
    v, _ = state.version(version)
    emit(_render_version(v, pick_format(fmt, output), actors_of(state), color, output), output)


def _render_version(v: Version, fmt: str, actors: Any, color: bool | None, output: str | None) -> str:
    if fmt == "text":
        from ..render.text import render_version_text

        return render_version_text(v, color=False if output else color, actors=actors)
    if fmt == "md":
        from ..render.markdown import render_version_markdown

        return render_version_markdown(v, actors=actors)
    if fmt == "html":
        from ..render.html import render_version_html

        return render_version_html(v, actors=actors)
    if fmt == "json":
        import json

        from ..render.escape import escape_json

        return escape_json(json.dumps(v.to_dict(), ensure_ascii=False, indent=2)) + "\n"
    from ..render.table import render_csv, version_rows

    return render_csv(version_rows(v))


# --- diff, export ----------------------------------------------------------------------

_DIFF_EPILOG = """\b
Examples:
  peaceplan diff 28-point 20-point
  peaceplan diff 28-point geneva-19 --no-color | less
  peaceplan diff 28-point 20-point --format html --output report.html
  peaceplan diff 28-point 20-point --format json > diff.json
  peaceplan diff my-old.yaml my-new.yaml --format csv
  peaceplan diff 28-point 20-point --topic territory
  peaceplan diff 28-point 20-point --party russia --kind modified

The filters (--topic, --kind, --party, --label) keep the changes that pass all of
them; the report, its counts and the exit status are about those changes only.

Exit status: 0 no differences, 1 differences (0 with --exit-zero), 2 trouble."""


@click.command("diff", epilog=_DIFF_EPILOG)
@click.argument("old")
@click.argument("new")
@click.option(
    "--no-lineage",
    is_flag=True,
    help="Compare the texts alone: ignore curated derived_from links and intermediate drafts.",
)
@format_option(default=None)
@output_option
@color_option
@click.option("--title", help="Title of the HTML report.")
@click.option(
    "--exit-zero",
    is_flag=True,
    help="Exit 0 even when the versions differ (only trouble exits non-zero), for scripts that chain commands.",
)
@click.option("--topic", help="Only changes to points tagged with this topic (slug or name: territory, 'army size').")
@click.option(
    "--kind",
    type=click.Choice(["renumbered", "moved", "reworded", "modified", "split", "merged", "added", "removed"]),
    help="Only changes of this kind.",
)
@click.option("--party", metavar="ACTOR", help="Only changes this actor proposed (an actor id: russia, us, e3).")
@click.option("--label", help="Only this point and its sub-points, by its label on either side (4, 21.a).")
@corpus_option
@verify_option
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
    topic: str | None,
    kind: str | None,
    party: str | None,
    label: str | None,
) -> None:
    """Compare two versions point by point: what changed and who proposed it."""
    state = state_of(ctx)
    chosen = pick_format(fmt, output)
    result, actors = _compute(state, old, new, no_lineage, steps=_shows_steps(chosen))
    if any(f is not None for f in (topic, kind, party, label)):
        result = _only(result, topic=topic, kind=kind, party=party, label=label)
    emit(_render_diff(result, chosen, actors, color, output, title), output)
    ctx.exit(1 if result and not exit_zero else 0)


def _compute(state: State, old: str, new: str, no_lineage: bool, *, steps: bool = True) -> tuple[Diff, Any]:
    """The diff of two versions, traced along the lineage when both are in the corpus.

    ``steps=False`` for a format that shows no step (see :meth:`~peaceplan.Corpus.diff`).
    """
    from ..compare.diff import diff

    a, a_in = state.version(old)
    b, b_in = state.version(new)
    if a_in and b_in and not no_lineage:
        return state.corpus().diff(a, b, steps=steps), actors_of(state)
    return diff(a, b, use_lineage=not no_lineage), actors_of(state)


def _shows_steps(fmt: str) -> bool:
    """Whether a diff rendered in ``fmt`` shows each change's steps along the lineage (the CSV table does not)."""
    return fmt != "csv"


def _only(result: Diff, *, topic: str | None, kind: str | None, party: str | None, label: str | None) -> Diff:
    """``result`` keeping only the changes :meth:`Diff.filter` picks (for a report: not a diff to apply)."""
    import attrs

    kept = {id(c) for c in result.filter(topic=topic, kind=kind, party=party, label=label)}
    return attrs.evolve(result, entries=tuple(e for e in result.entries if id(e) in kept), metadata=())


def _render_diff(
    result: Diff, fmt: str, actors: Any, color: bool | None, output: str | None, title: str | None = None
) -> str:
    if fmt == "text":
        from ..render.text import render_text

        return render_text(result, color=False if output else color, actors=actors)
    if fmt == "md":
        from ..render.markdown import render_markdown

        return render_markdown(result, actors=actors)
    if fmt == "html":
        from ..render.html import render_html

        return render_html(result, title=title, actors=actors)
    if fmt == "json":
        from ..render.escape import escape_json

        return escape_json(result.to_json()) + "\n"
    from ..render.table import diff_rows, render_csv

    return render_csv(diff_rows(result))


_EXPORT_EPILOG = """\b
Examples:
  peaceplan export 20-point --format md --output 20-point.md
  peaceplan export 28-point 20-point --output report.html
  peaceplan export 28-point 20-point --format csv > changes.csv
  peaceplan export 28-point 20-point --format docx -o redline.docx
  peaceplan export 20-point --format akn -o 20-point.akn

With one version, export that version; with two, export their diff. The
format defaults to the --output file's suffix (.md, .html, .json, .csv,
.docx, .akn or .xml). docx, a Word redline with tracked changes credited to
the parties, needs two versions and --output. akn is Akoma Ntoso 3.0 XML: of
one version, or of the new one with each change as a passive modification."""

# Binary formats written to a file by a library call, not rendered as text.
_FILE_FORMATS = {".docx": "docx", ".akn": "akn", ".xml": "akn"}


@click.command(epilog=_EXPORT_EPILOG)
@click.argument("versions", nargs=-1, required=True, metavar="VERSION [NEW]")
@format_option((*FORMATS, "docx", "akn"), default=None)
@output_option
@click.option("--no-lineage", is_flag=True, help="For a diff: compare the texts alone.")
@click.option("--title", help="Title of the HTML report.")
@corpus_option
@verify_option
@click.pass_context
def export(
    ctx: click.Context,
    versions: tuple[str, ...],
    fmt: str | None,
    output: str | None,
    no_lineage: bool,
    title: str | None,
) -> None:
    """Export a version, or the diff of two, as text, Markdown, HTML, JSON, CSV, a Word redline or Akoma Ntoso."""
    if len(versions) > 2:
        raise click.UsageError("expected one version (to export it) or two (to export their diff)")
    state = state_of(ctx)
    suffix = Path(output).suffix.lower() if output else ""
    chosen = fmt or _FILE_FORMATS.get(suffix) or pick_format(fmt, output)
    if chosen == "docx":
        if len(versions) != 2 or output is None:
            raise click.UsageError(
                "--format docx writes a Word redline of two versions to a file: give OLD NEW and --output FILE.docx"
            )
        result, _ = _compute(state, versions[0], versions[1], no_lineage)
        result.to_docx(output, corpus=_corpus_or_none(state))
        say(f"peaceplan: wrote {output}", err=True)
        return
    if chosen == "akn":
        from ..files.akn import version_to_akn

        corpus = _corpus_or_none(state)
        if len(versions) == 1:
            v, _ = state.version(versions[0])
            emit(version_to_akn(v, corpus=corpus), output)
        else:
            result, _ = _compute(state, versions[0], versions[1], no_lineage)
            emit(result.to_akn(corpus=corpus), output)
        return
    if len(versions) == 1:
        v, _ = state.version(versions[0])
        emit(_render_version(v, chosen, actors_of(state), False, output), output)
        return
    result, actors = _compute(state, versions[0], versions[1], no_lineage, steps=_shows_steps(chosen))
    emit(_render_diff(result, chosen, actors, False, output, title), output)


def _corpus_or_none(state: State) -> Corpus | None:
    """The corpus, for display names and dates; ``None`` when none loads (two version files)."""
    try:
        return state.corpus()
    except PeaceplanError:
        return None


# --- validate ----------------------------------------------------------------------------------


@click.command(
    epilog="\b\nExamples:\n  peaceplan validate my-draft.yaml\n  peaceplan validate ./my-corpus\n"
    "  peaceplan validate versions/*.yaml\n  peaceplan validate my-draft.yaml --corpus ./my-corpus\n\n"
    "A version file is also checked against the corpus it is used with (unknown actors, parents,\n"
    "documents, derived_from links): the corpus folder it sits in, else --corpus, else the built-in\n"
    "corpus when the file belongs to one of its documents.\n\n"
    "Exit status: 0 when every file is valid, 2 when any has a problem."
)
@click.argument("paths", nargs=-1, required=True, type=click.Path(exists=True), metavar="FILE...")
@corpus_option
@verify_option
@click.pass_context
def validate(ctx: click.Context, paths: tuple[str, ...]) -> None:
    """Check version files, actors files, events files, manifests or whole corpus folders."""
    state = state_of(ctx)
    folders: dict[Path, list[Problem]] = {}  # each corpus folder checked once, however many of its files are named
    bad = 0
    for path in paths:
        with integrity_warnings():
            problems = validate_path(path, verify=state.verify)
        note = ""
        if not problems and _is_version_file(path):
            problems, note = _in_context(state, path, folders)
        if not problems:
            say(f"ok: {path}{note}")
            continue
        bad += 1
        for problem in problems:
            say(str(problem if problem.file else problem.located(file=path)))
    if bad:
        say(f"peaceplan: problems found in {bad} of the {len(paths)} paths checked", err=True)
        ctx.exit(2)


def _is_version_file(path: str) -> bool:
    target = Path(path)
    return target.is_file() and target.stem not in ("corpus", "actors", "events")


def _in_context(state: State, path: str, folders: dict[Path, list[Problem]]) -> tuple[list[Problem], str]:
    """The problems of the version file ``path`` within the corpus it is used with, and a note on which.

    ``folders`` keeps the problems of each corpus folder already checked.
    """
    target = Path(path)
    folder = target.parent.parent
    if target.parent.name == "versions" and any((folder / f"corpus{s}").is_file() for s in VERSION_SUFFIXES):
        mine = target.resolve()
        if folder.resolve() not in folders:
            with integrity_warnings():
                folders[folder.resolve()] = validate_path(folder, verify=state.verify)
        found = folders[folder.resolve()]
        own = [p for p in found if p.file is None or Path(p.file).resolve() == mine]
        if own:
            return [p.located(file=path) for p in own], ""
        if found:  # the folder itself does not load: the check against it never happened
            return [], (
                f" (not checked against corpus folder {str(folder)!r}: {len(found)} problem"
                f"{'s' if len(found) > 1 else ''} in its other files; run 'peaceplan validate {folder}')"
            )
        return [], f" (checked with corpus folder {str(folder)!r})"
    with integrity_warnings():
        version = load_version(target, verify=state.verify)
    try:
        corpus = state.corpus()
    except PeaceplanError as exc:
        return [Problem(message=f"cannot load the corpus to check it against: {one_line(exc)}", file=path)], ""
    if state.corpus_path is None and version.document not in {d.id for d in corpus.documents}:
        return (
            [],
            f" (not checked against a corpus: document {version.document!r} is not in {corpus.name!r}; use --corpus)",
        )
    try:
        with_file(corpus, version, path)
    except ValidationError as exc:
        return list(exc.problems), ""
    return [], f" (checked with corpus {corpus.name!r})"


# --- verify ------------------------------------------------------------------------------------


@click.command(
    epilog=examples(
        "peaceplan verify",
        "peaceplan verify ./my-corpus",
        "peaceplan verify my-draft.yaml",
        "peaceplan verify saved-diff.json",
        "peaceplan verify --write-digests ./my-corpus",
    )
    + "\n\nChecks every digest (those written in version files and saved diffs, and a folder's\n"
    "digests.json), every reference (actors, parents, documents, derived_from points) and the\n"
    "lineage (no cycles), and prints one line per problem.\n\n"
    "Exit status: 0 when everything checks out, 2 when anything does not."
)
@click.argument("path", required=False, type=click.Path(exists=True), metavar="[PATH]")
@click.option(
    "--write-digests",
    "write",
    is_flag=True,
    help=f"Write the folder's {DIGESTS_FILE} (the digest of its manifest, actors and every version), then verify.",
)
@corpus_option
@click.pass_context
def verify(ctx: click.Context, path: str | None, write: bool) -> None:
    """Check a corpus folder (default: --corpus, else the built-in one), a version file or a saved diff."""
    state = state_of(ctx)
    target = path if path is not None else state.corpus_path
    if target is not None and Path(target).is_file() and Path(target).stem != "corpus":
        if write:
            raise PeaceplanError(
                f"{target}: --write-digests writes the {DIGESTS_FILE} of a corpus folder; pass the folder"
            )
        problems, summary = _verify_file(target)
    else:
        if write:
            if target is None or not Path(target).is_dir():
                named = target or "the built-in corpus"
                raise PeaceplanError(
                    f"{named}: --write-digests needs a corpus folder on disk; pass its path "
                    "(for the built-in corpus, peaceplan/data/ukraine-2025 in a checkout)"
                )
            written = write_digests(target)
            say(f"peaceplan: wrote {written}", err=True)
        result = verify_corpus(target)
        problems, summary = list(result.problems), str(result)
        if result.ok and result.unchecked:
            listed = ", ".join(result.unchecked[:5]) + (", …" if len(result.unchecked) > 5 else "")
            summary += (
                f" ({len(result.unchecked)} without a digest, so unchecked: {listed}; "
                f"'peaceplan verify --write-digests {result.path}' lists them all)"
            )
    for problem in problems:
        say(str(problem if problem.file else problem.located(file=target)))
    if problems:
        say(f"peaceplan: {summary}", err=True)
        ctx.exit(2)
    say(summary)


def _verify_file(path: str) -> tuple[list[Problem], str]:
    """The problems of one version file or saved diff, and a summary line."""
    from ..compare.diff import Diff
    from ..limits import read_file_bytes

    try:
        raw = read_file_bytes(path)
    except ValidationError as exc:
        return list(exc.problems), f"{path}: not checked"
    if Path(path).suffix.lower() == ".json" and b'"peaceplan-diff"' in raw[:200]:
        try:
            text = raw.decode("utf-8")
        except UnicodeDecodeError as exc:
            return [Problem(message=f"not UTF-8 text: byte {exc.start} cannot be decoded", file=path)], ""
        try:
            found = Diff.from_json(text, file=path)
        except ValidationError as exc:
            return list(exc.problems), f"{path}: the saved diff does not check out"
        checked = "its digest checked" if '"digest"' in text[:200] else "no digest to check"
        return [], f"ok: {path}: a diff of {found.old.id} → {found.new.id}, {checked}"
    try:
        version = load_version(path)
    except ValidationError as exc:
        return list(exc.problems), f"{path}: the version file does not check out"
    return [], f"ok: {path}: version {version.id}, " + (
        "its digest checked" if b"digest" in raw[:300] else "no digest to check (dump_version writes one)"
    )
