"""Commands that write a new version file: ``import`` (from text) and ``new`` (a copy to edit)."""

from __future__ import annotations

import re
from collections.abc import Callable
from pathlib import Path
from typing import Any, TypeVar

import attrs
import click

from ..corpus import Corpus, load_corpus
from ..errors import PeaceplanError, ValidationError, docs_url
from ..files.io import DIGESTS_FILE, building, dump_version, write_atomic, write_digests
from ..files.yamlio import dump_yaml
from ..model.records import Attribution, Provision, Version
from ._common import (
    VERSION_SUFFIXES,
    State,
    corpus_option,
    is_version_file,
    output_option,
    say,
    state_of,
    verify_option,
)

__all__ = ["import_", "link", "new"]

F = TypeVar("F", bound=Callable[..., Any])


def _file_option(f: F) -> F:
    return output_option(
        f, describe="Version file to write (default: ID.yaml here, or DIR/versions/ID.yaml with --corpus)."
    )


def _target_option(f: F) -> F:
    return click.option(
        "--corpus",
        "target",
        metavar="DIR",
        help="Corpus folder to add DIR/versions/ID.yaml to; a new or empty DIR becomes a copy of the base corpus "
        "(the global --corpus, else the built-in one).",
    )(f)


_IMPORT_EPILOG = """\b
Examples:
  peaceplan import plan.txt --id my-draft --document peace-plan --date 2026-01-15 \\
      --proposed-by ukraine --parent 20-point --corpus ./my-corpus
  peaceplan import plan.md --id v2 --document plan --output v2.yaml

Reads numbered points ("1.", "2)", "12.a") from a text, Markdown (.md), Word
(.docx, extra "docx") or PDF (.pdf, extra "pdf") file, chosen by the file's
extension, and writes a schema-valid version file; the report says what was
recognised. An Akoma Ntoso file (.akn, .xml) is read by its structure."""


@click.command("import", epilog=_IMPORT_EPILOG)
@click.argument("file", type=click.Path(exists=True, dir_okay=False))
@click.option("--id", "version_id", required=True, help="Id of the new version (letters, digits, '.', '_', '-').")
@click.option("--document", help="Id of the document it is a version of (default: the parent's document).")
@click.option("--title", help="Title of the version (default: the file's first heading).")
@click.option("--date", help="Date the text bears: 2026-01-15, 2026-01, 'late 2025-10'.")
@click.option("--proposed-by", "proposed_by", multiple=True, metavar="ACTOR", help="Actor id of a proposer (repeat).")
@click.option("--parent", "parents", multiple=True, metavar="VERSION", help="Id of a parent version (repeat).")
@_target_option
@verify_option
@_file_option
@click.option(
    "--split-inline/--no-split-inline",
    default=True,
    show_default=True,
    help="Make sub-points written inside a point ('Territories: (a) ...; (b) ...') sub-points.",
)
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
    split_inline: bool,
    force: bool,
) -> None:
    """Turn a plain-text, Markdown, Word or PDF plan into a version file."""
    from ..text.reader import ImportMetadata, read_docx, read_markdown, read_pdf, read_text

    readers = {".md": read_markdown, ".markdown": read_markdown, ".docx": read_docx, ".pdf": read_pdf}
    reader = readers.get(Path(file).suffix.lower(), read_text)
    home = _Home.open(state_of(ctx), target, output)
    home.check_actors(proposed_by)
    if document is None and parents:
        document = home.corpus.version(parents[0]).document
    given: ImportMetadata = {"id": version_id, "split_inline": split_inline}
    if document is not None:
        given["document"] = document
    if title is not None:
        given["title"] = title
    if date is not None:
        given["date"] = date
    if proposed_by:
        given["proposed_by"] = list(proposed_by)
    if parents:
        given["parents"] = list(parents)
    if Path(file).suffix.lower() in (".akn", ".xml"):  # Akoma Ntoso: structure read, not guessed
        from ..files.akn import import_akn

        result = import_akn(
            Path(file),
            id=version_id,
            document=document,
            title=title,
            date=date,
            proposed_by=proposed_by,
            parents=list(parents) or None,
        )
    else:
        result = reader(Path(file), **given)
    if not any(p.text.strip() or p.children for p in result.version.provisions):
        raise PeaceplanError(
            f"{file}: no text to import (the file is empty or holds only blank lines); nothing was written. "
            "Expected a plan with numbered points ('1.', '(a)', 'Article 3'...), one per line"
        )
    home.add(result.version, force, default_document=document is None)
    report = result.report_text()
    if report:
        say(report)
    if all(p.label == "preamble" for p in result.version.provisions):  # nothing, or only the text before a first point
        say(
            f"peaceplan: warning: {file}: no numbered points found (any text is kept as a preamble); start each "
            "point on its own line with its number ('1.', '(a)', 'Article 3'...): see "
            + docs_url("how-to/import-text.md"),
            err=True,
        )


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
    def open(cls, state: State, target: str | None, output: str | None) -> _Home:
        out = Path(output) if output is not None else None
        if target is None:
            return cls(state.corpus(), None, False, out)
        folder = Path(target)
        if any((folder / f"corpus{suffix}").is_file() for suffix in VERSION_SUFFIXES):
            state.corpus_path = target
            return cls(state.corpus(), folder, False, out)
        if folder.exists() and (not folder.is_dir() or any(not p.name.startswith(".") for p in folder.iterdir())):
            raise PeaceplanError(
                f"{target}: not a corpus folder (no corpus.yaml) and not empty; expected a folder holding "
                "corpus.yaml, actors.yaml and versions/, or a new or empty folder to create a corpus in"
            )
        return cls(state.corpus(), folder, True, out)

    def check_actors(self, ids: tuple[str, ...]) -> None:
        """Refuse a ``--proposed-by`` id that is not an actor of the corpus, before anything is written."""
        known = {a.id for a in self.corpus.actors}
        unknown = [a for a in ids if a not in known]
        if unknown:
            raise PeaceplanError(
                f"--proposed-by: no actor {', '.join(repr(a) for a in unknown)} in corpus {self.corpus.name!r}; "
                f"expected one of: {', '.join(sorted(known))}; or add the actor to the actors.yaml of a "
                "corpus folder and pass --corpus. Nothing was written"
            )

    def add(self, version: Version, force: bool, *, default_document: bool = False, digest: bool = True) -> None:
        """Check ``version`` against the corpus, then write it (creating the corpus folder if new).

        ``default_document``: the document id is import's default, not the user's choice, so a
        loose file is told where it was filed rather than warned about a name it never gave.
        ``digest``: write the version's digest into the file (not in a copy made to be edited).
        """
        try:
            self.corpus.with_version(version)
        except ValidationError as exc:
            prefix = f"version {version.id!r}: "
            problems = list(exc.problems)
            if self.folder is None and default_document:
                problems = [p for p in problems if p.pointer != "/document"]
                documents = ", ".join(d.id for d in self.corpus.documents)
                say(
                    f"peaceplan: note: no --document given, so {version.id!r} is filed under document "
                    f"{version.document!r}; pass --document to put it beside a document of corpus "
                    f"{self.corpus.name!r}: {documents}",
                    err=True,
                )
            found = "; ".join(
                p.message.removeprefix(prefix) + (f" at {p.pointer}" if p.pointer else "") for p in problems
            )
            if self.folder is None:  # a loose file may belong to another corpus: warn only
                if found:
                    say(f"peaceplan: warning: {found} (checked against corpus {self.corpus.name!r})", err=True)
            else:
                raise PeaceplanError(
                    f"{version.id} does not fit corpus {self.corpus.name!r}: {found}. Nothing was written; "
                    "pass --document, --parent and --proposed-by ids the corpus knows (peaceplan list), "
                    "or add them to its corpus.yaml and actors.yaml"
                ) from exc
        if self.folder is None or self.output is not None:
            _write_version(version, self.output or Path(f"{version.id}.yaml"), force, digest)
            return
        path = self.folder / "versions" / f"{version.id}.yaml"
        if self.fresh:
            # Built beside the target and renamed into place: killed at any moment, it leaves no half corpus.
            with building(self.folder) as temporary:
                _seed_corpus(self.corpus, temporary, self.folder.resolve().name)
                dump_version(version, temporary / "versions" / f"{version.id}.yaml", digest=digest)
                load_corpus(temporary)  # the folder must load; a failure here is a bug worth a traceback
            say(
                f"peaceplan: created corpus folder {self.folder} (a copy of {self.corpus.name!r}: "
                f"{len(self.corpus)} versions, {len(self.corpus.actors)} actors)",
                err=True,
            )
            say(f"peaceplan: wrote {path}", err=True)
            return
        _write_version(version, path, force, digest)
        _update_digests(self.folder)
        load_corpus(self.folder)  # the folder must still load; a failure here is a bug worth a traceback


def _update_digests(folder: Path) -> None:
    """A folder that lists its digests (digests.json) lists the version just added too."""
    if (folder / DIGESTS_FILE).is_file():
        write_digests(folder)


def _seed_corpus(base: Corpus, folder: Path, name: str) -> None:
    """Write ``base`` into ``folder`` as a corpus folder named ``name``: corpus.yaml, actors.yaml, versions/."""
    if not re.fullmatch(r"[A-Za-z0-9][A-Za-z0-9._-]*", name):
        name = "my-corpus"
    manifest: dict[str, Any] = {"peaceplan": 1, "name": name, "title": f"{base.title} (with my versions)"}
    if base.description:
        manifest["description"] = base.description
    manifest["documents"] = [d.to_dict() for d in base.documents]
    (folder / "versions").mkdir(parents=True, exist_ok=True)
    write_atomic(folder / "corpus.yaml", dump_yaml(manifest).encode("utf-8"))
    actors = {"peaceplan": 1, "actors": [a.to_dict() for a in base.actors]}
    write_atomic(folder / "actors.yaml", dump_yaml(actors).encode("utf-8"))
    for v in base.versions:
        dump_version(v, folder / "versions" / f"{v.id}.yaml")


def _write_version(version: Version, path: Path, force: bool, digest: bool) -> None:
    if path.exists() and not force:
        raise PeaceplanError(f"{path}: the file exists; pass --force to overwrite it")
    dump_version(version, path, digest=digest)
    say(f"peaceplan: wrote {path}", err=True)


_NEW_EPILOG = """\b
Examples:
  peaceplan new --from 20-point --id my-draft
  peaceplan new --from 20-point --id ua-2026-01 --proposed-by ukraine --corpus ./my-corpus
  peaceplan diff 20-point my-draft.yaml

The copy keeps every point and its sources; it gets the new id, the old
version as its parent, status 'draft', no date, and no credit but the
--proposed-by actors (blame still finds who wrote each unchanged clause).
Edit it, then diff it against its parent."""


@click.command(epilog=_NEW_EPILOG)
@click.option("--from", "source", required=True, metavar="VERSION", help="Version to copy (id or file).")
@click.option("--id", "version_id", required=True, help="Id of the new version.")
@click.option("--title", help="Title of the new version (default: the old title with '(draft)').")
@click.option("--proposed-by", "proposed_by", multiple=True, metavar="ACTOR", help="Actor id of a proposer (repeat).")
@_target_option
@verify_option
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
    state = state_of(ctx)
    home = _Home.open(state, target, output)
    home.check_actors(proposed_by)
    old = _copy_source(state, home, source)
    copy = attrs.evolve(
        old,
        id=version_id,
        title=title or (old.title if old.title.endswith(" (draft)") else f"{old.title} (draft)"),
        parents=(old.id,),
        status="draft",
        date=None,
        reported=None,
        attributions=tuple(Attribution(actor=a, confidence="confirmed") for a in proposed_by),
        amendments=(),
        provisions=_uncredited(old.provisions),
    )
    home.add(copy, force, digest=False)  # a copy to edit: a digest would refuse every edit


def _uncredited(points: tuple[Provision, ...]) -> tuple[Provision, ...]:
    """The points without their own credit and curated links, at every depth.

    Credit and ``derived_from`` describe the old text: kept on a point the user
    then rewrites, they would credit the new wording to whoever wrote the old
    (and link it to the old version's sources). The copy's changes are credited
    to its own proposers; blame still finds who wrote each unchanged clause,
    through the parent.
    """
    return tuple(attrs.evolve(p, attributions=(), derived_from=(), children=_uncredited(p.children)) for p in points)


def _copy_source(state: State, home: _Home, ref: str) -> Version:
    """The version ``new --from`` copies: a file, or an id in the target corpus (or the base it is made from)."""
    if is_version_file(ref):
        return state.version(ref)[0]
    return home.corpus.version(ref)


_LINK_EPILOG = """\b
Examples:
  peaceplan link 20-point my-draft.yaml                  # review: the inferred pairings, least sure first
  peaceplan link 20-point my-draft.yaml --accept 7 --accept 12.a
  peaceplan link 20-point my-draft.yaml --above 0.9 --pair 14=15
  peaceplan link 20-point my-draft.yaml --above 0.9 --output curated.yaml

Without --accept, --above or --pair, lists the pairings the diff inferred from
the texts (new, old, kind, confidence; 'uncertain' ones first). With them,
writes the accepted pairings into the new version's derived_from: back into
its file, or to --output. The next diff pairs those points from the curated
links."""


@click.command(epilog=_LINK_EPILOG)
@click.argument("old")
@click.argument("new")
@click.option("--accept", multiple=True, metavar="LABEL", help="Accept the pairing inferred for this point (repeat).")
@click.option("--above", type=float, metavar="P", help="Accept every inferred pairing at least this sure (0 to 1).")
@click.option("--pair", "pairs", multiple=True, metavar="NEW=OLD[+OLD]", help="Link a new point to old ones (repeat).")
@output_option
@corpus_option
@click.pass_context
def link(
    ctx: click.Context,
    old: str,
    new: str,
    accept: tuple[str, ...],
    above: float | None,
    pairs: tuple[str, ...],
    output: str | None,
) -> None:
    """Review the pairings a diff inferred, and write the accepted ones into the new version."""
    from ..compare.curate import link as write_links
    from ..compare.curate import review
    from ..compare.diff import diff

    state = state_of(ctx)
    a, _ = state.version(old)
    b, b_in = state.version(new)
    result = diff(a, b)
    if not (accept or above is not None or pairs):
        rows = review(result)
        if not rows:
            say(f"peaceplan: no inferred pairings between {a.id} and {b.id}", err=True)
        for new_labels, old_labels, kind, sure, uncertain in rows:
            flag = "  uncertain" if uncertain else ""
            say(f"{new_labels:>8} ← {old_labels:<12} {kind:<10} {sure:6.1%}{flag}")
        return
    given: dict[str, tuple[str, ...]] = {}
    for item in pairs:
        left, sep, right = item.partition("=")
        if not sep or not left.strip() or not right.strip():
            raise click.BadParameter(f"expected NEW=OLD (or NEW=OLD+OLD), got {item!r}", param_hint="--pair")
        given[left.strip()] = tuple(part.strip() for part in right.split("+"))
    curated = write_links(result, accept=accept, above=above, pairs=given)
    if output is None:
        if b_in:
            raise PeaceplanError(f"{new} is a version of the corpus, not a file: pass --output FILE to write the links")
        output = new
    dump_version(curated, Path(output))
    count = sum(1 for _, p in curated.walk() for r in p.derived_from if r.version == a.id)
    say(f"peaceplan: wrote {output} ({count} links to {a.id})", err=True)
