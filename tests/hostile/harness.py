"""Feeding one hostile input to every entry point that reads it, under a deadline.

:func:`feed` runs an :class:`~hostile.inputs.Input` through the library entry
points of its family (and, with ``cli=True``, the CLI commands that read such
a file) and checks the promise of issue 15 for each run:

* only a :class:`~peaceplan.PeaceplanError` escapes (``validate_path`` raises nothing);
* no run passes :data:`DEADLINE` seconds of CPU time (a timer interrupts a hang; see :func:`deadline`);
* what loads also digests, renders (text, Markdown, HTML) and dumps, and the
  dumped file loads back equal;
* the CLI exits 0, 1 or 2 with no traceback and no "internal error".

It returns the list of runs made, so a test can count them.
"""

from __future__ import annotations

import contextlib
import io
import os
import signal
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

from click.testing import CliRunner

from peaceplan import (
    Corpus,
    Diff,
    ImportResult,
    PeaceplanError,
    Version,
    read_docx,
    read_markdown,
    read_pdf,
    read_text,
)
from peaceplan.cli import cli
from peaceplan.corpus import load_corpus
from peaceplan.files.io import dump_version, load_version, validate_path
from peaceplan.render.html import render_version_html
from peaceplan.render.markdown import render_version_markdown
from peaceplan.render.text import render_text, render_version_text

from .inputs import CORPUS_FILES, Input

__all__ = ["DEADLINE", "Hang", "deadline", "feed", "run_entry"]

DEADLINE = float(os.environ.get("PEACEPLAN_HOSTILE_DEADLINE", "20"))
"""CPU seconds one entry point may take on one input (issue 15: no hang past 20 s); see :func:`deadline`."""


class Hang(BaseException):  # not an Exception: no `except Exception` in a reader may swallow it
    """An entry point ran past the deadline."""


@contextlib.contextmanager
def deadline(seconds: float, what: str) -> Iterator[None]:
    """Raise :class:`Hang` in the block past ``seconds`` of CPU time, or six times that on the clock.

    CPU time (a SIGPROF timer) catches a loop however busy the machine is; the
    wall clock (SIGALRM) catches a read that blocks without using the CPU (a
    FIFO). Main thread, Unix.
    """

    def alarm(signum: int, frame: Any) -> None:
        clock = "CPU" if signum == signal.SIGPROF else "wall-clock"
        raise Hang(f"{what}: still running after {seconds if clock == 'CPU' else 6 * seconds} s of {clock} time")

    previous = {sig: signal.signal(sig, alarm) for sig in (signal.SIGPROF, signal.SIGALRM)}
    signal.setitimer(signal.ITIMER_PROF, seconds)
    signal.setitimer(signal.ITIMER_REAL, 6 * seconds)
    try:
        yield
    finally:
        signal.setitimer(signal.ITIMER_PROF, 0)
        signal.setitimer(signal.ITIMER_REAL, 0)
        for sig, handler in previous.items():
            signal.signal(sig, handler)


def _settle(version: Version, where: Path, what: str) -> None:
    """What loads must digest, render and dump, and the dump must load back equal."""
    assert version.digest, what
    render_version_text(version, color=False, width=100)
    render_version_markdown(version)
    render_version_html(version)
    target = where / "settled.yaml"
    dump_version(version, target)
    again = load_version(target)
    assert again == version, f"{what}: the dumped version loads back different"


def run_entry(what: str, work: Callable[[], Any], where: Path, runs: list[str]) -> Any:
    runs.append(what)
    try:
        with deadline(DEADLINE, what):
            result = work()
    except PeaceplanError as exc:
        str(exc)  # the message itself must build
        return None
    except Hang:
        raise
    except RecursionError as exc:
        raise AssertionError(f"{what}: RecursionError escaped: {exc}") from None
    except Exception as exc:
        raise AssertionError(f"{what}: {type(exc).__name__} escaped: {exc}") from exc
    with deadline(DEADLINE, f"{what} (settling)"):
        if isinstance(result, Version):
            _settle(result, where, what)
        elif isinstance(result, ImportResult):
            _settle(result.version, where, what)
        elif isinstance(result, Corpus):
            for version in result.versions:
                _settle(version, where, f"{what}: {version.id}")
        elif isinstance(result, Diff):
            render_text(result, color=False, width=100)
            assert Diff.from_json(result.to_json()) == result, f"{what}: the diff does not round-trip"
    return result


def _cli(args: list[str], what: str, where: Path, runs: list[str]) -> None:
    runs.append(what)
    runner = CliRunner(env={"NO_COLOR": None, "FORCE_COLOR": None, "COLUMNS": "100"})
    cwd = os.getcwd()
    os.chdir(where)
    try:
        with deadline(DEADLINE, what):
            result = runner.invoke(cli, args, catch_exceptions=True)
    finally:
        os.chdir(cwd)
    assert result.exit_code in (0, 1, 2), f"{what}: exit {result.exit_code}: {result.output[-500:]}"
    assert "Traceback" not in result.output, f"{what}: {result.output[-800:]}"
    assert "internal error" not in result.output, f"{what}: {result.output[-800:]}"
    assert not isinstance(result.exception, (AssertionError, RecursionError)), what


def feed(item: Input, where: Path, *, cli: bool = False, corpus: bool = False) -> list[str]:
    """Run ``item`` through every entry point of its family in the folder ``where``; the runs made."""
    runs: list[str] = []
    path = where / f"input{item.suffix}"
    path.write_bytes(item.data)
    family = item.family
    if family == "version":
        run_entry("load_version", lambda: load_version(path), where, runs)
        runs.append("validate_path")
        with deadline(DEADLINE, "validate_path"):
            problems = validate_path(path)  # documented never to raise: anything escaping fails the test
        assert isinstance(problems, list)
        if corpus:
            folder = where / "corpus"
            for name, text in CORPUS_FILES.items():
                (folder / name).parent.mkdir(parents=True, exist_ok=True)
                (folder / name).write_text(text, encoding="utf-8")
            (folder / "versions" / f"v9{item.suffix}").write_bytes(item.data)
            run_entry("load_corpus", lambda: load_corpus(folder), where, runs)
            runs.append("validate_path(folder)")
            with deadline(DEADLINE, "validate_path(folder)"):
                assert isinstance(validate_path(folder), list)
        if cli:
            _cli(["validate", path.name], "cli validate", where, runs)
            _cli(["show", path.name, "--no-color"], "cli show", where, runs)
            _cli(["blame", path.name, "--no-color"], "cli blame", where, runs)
            _cli(["diff", "20-point", path.name, "--no-color"], "cli diff", where, runs)
            _cli(["synopsis", "20-point", path.name, "--no-color"], "cli synopsis", where, runs)
            _cli(["export", path.name, "--format", "json"], "cli export", where, runs)
    elif family == "text":
        reader = read_markdown if item.suffix == ".md" else read_text
        name = reader.__name__
        run_entry(f"{name}(Path)", lambda: reader(path, id="hostile"), where, runs)
        run_entry(f"{name}(str path)", lambda: reader(str(path), id="hostile"), where, runs)
        run_entry(f"{name}(text)", lambda: reader(item.text, id="hostile"), where, runs)
        if cli:
            _cli(["import", path.name, "--id", "hostile", "--force"], "cli import", where, runs)
    elif family in ("docx", "pdf"):
        reader = read_docx if family == "docx" else read_pdf
        name = reader.__name__
        run_entry(f"{name}(Path)", lambda: reader(path, id="hostile"), where, runs)
        run_entry(f"{name}(stream)", lambda: reader(io.BytesIO(item.data), id="hostile"), where, runs)
        if cli:
            _cli(["import", path.name, "--id", "hostile", "--force"], "cli import", where, runs)
    elif family == "diff":
        run_entry("Diff.from_json", lambda: Diff.from_json(item.text), where, runs)
    else:  # pragma: no cover - a new family needs its entry points here
        raise AssertionError(f"unknown family {family!r}")
    return runs
