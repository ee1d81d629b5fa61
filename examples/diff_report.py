"""Write a standalone HTML report of the changes between two versions.

Usage::

    python examples/diff_report.py                          # 28-point -> 20-point, into diff-report.html
    python examples/diff_report.py geneva-19 20-point -o geneva-to-20.html
    python examples/diff_report.py old.yaml new.yaml        # two version files of your own
    python examples/diff_report.py v1 v2 --corpus my-corpus/

Versions are ids of the built-in corpus (or of the corpus folder given with
``--corpus``) or paths to version files. With a corpus, each change is traced
through the drafts in between and credited step by step. The report is one
self-contained file: open it in any browser, no network needed.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

import peaceplan
from peaceplan.compare.diff import diff
from peaceplan.corpus import Corpus
from peaceplan.model.records import Version
from peaceplan.render.html import render_html


def _version(name: str, corpus: Corpus) -> Version:
    """A version by id in the corpus, else by file path."""
    if name in corpus:
        return corpus.version(name)
    path = Path(name)
    if path.is_file():
        return peaceplan.load_version(path)
    known = ", ".join(v.id for v in corpus.versions)
    raise peaceplan.UnknownVersionError(f"{name!r} is neither a version of corpus {corpus.name!r} ({known}) nor a file")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("old", nargs="?", default="28-point", help="old version: id or file (default: 28-point)")
    parser.add_argument("new", nargs="?", default="20-point", help="new version: id or file (default: 20-point)")
    parser.add_argument("--corpus", metavar="PATH", help="a corpus folder (default: the built-in corpus)")
    parser.add_argument("-o", "--output", metavar="FILE", default="diff-report.html", help="where to write the report")
    args = parser.parse_args(argv)

    try:
        corpus = peaceplan.load_corpus(args.corpus)
        old, new = _version(args.old, corpus), _version(args.new, corpus)
        in_corpus = all(v.id in corpus and corpus.version(v.id) == v for v in (old, new))
        d = diff(old, new, corpus=corpus if in_corpus else None)
    except peaceplan.PeaceplanError as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 2

    output = Path(args.output)
    output.write_text(render_html(d, actors=corpus.actors), encoding="utf-8")
    print(f"{old.id} → {new.id}: {d.summary()}")
    print(f"wrote {output} ({output.stat().st_size:,} bytes)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
