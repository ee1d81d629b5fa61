"""Writers killed at random moments (kill -9) leave no partial folder or file, and lose nothing acknowledged.

Each round forks a writer that runs the real commands in a loop: ``import --corpus NEWDIR``
(a new corpus folder, copied from a small base corpus), ``import --corpus BASE`` (a version
added to an existing folder) and ``dump_version`` over an existing file. After each write
returns, the writer acknowledges it on a pipe. The test kills it at a random moment within the
first write or the next (how long each kind takes is measured first), then checks what a user would find:
every folder that exists loads whole, every acknowledged version is there, the overwritten file
holds the old or the new text, never a mix; and the next write removes the temporaries the
killed writes left behind.
"""

from __future__ import annotations

import os
import random
import signal
import sys
import time
import warnings
from collections.abc import Callable
from pathlib import Path

import attrs
import pytest

from peaceplan import PeaceplanError, Provision, Version, dump_version, load_corpus, load_version
from peaceplan.cli import cli
from peaceplan.files.io import building, clean_stale

pytestmark = pytest.mark.skipif(not hasattr(os, "fork"), reason="the writers are forked processes")

PLAN = "Counter-draft\n\n1. A ceasefire takes effect at once.\n2. Elections within 100 days.\n"
SMALL = {
    "corpus.yaml": "peaceplan: 1\nname: small\ntitle: Small\ndocuments: [{id: plan, title: Plan, kind: peace-plan}]\n",
    "actors.yaml": "peaceplan: 1\nactors: [{id: us, name: USA, kind: state}, {id: ua, name: Ukraine, kind: state}]\n",
    "versions/v1.yaml": "peaceplan: 1\nid: v1\ndocument: plan\ntitle: Plan\nstatus: draft\n"
    "attributions: [{actor: us}]\nprovisions: [{label: '1', text: A ceasefire.}, {label: '2', text: Elections.}]\n",
}
KILLS = 300
SEED = 20260115
STEPS = ("folder", "added", "over")
PER_BASE = 40  # versions added to one base folder before the next: keeps each load short


def _version(text: str) -> Version:
    return Version(id="over", document="peace-plan", title="Overwritten", status="draft",
                   provisions=[Provision(label=str(i), text=f"{text} {i}.") for i in range(1, 200)])  # fmt: skip


OLD, NEW = _version("The old text of point"), _version("The new wording of clause")


def _import(root: Path, version_id: str, corpus: str) -> None:
    args = ["--corpus", str(root / "small"), "import", str(root / "plan.txt"), "--id", version_id,
            "--parent", "v1", "--proposed-by", "ua", "--corpus", corpus]  # fmt: skip
    cli.main(args, prog_name="peaceplan", standalone_mode=False)


def _write(root: Path, step: str, n: int, base: str) -> str:
    """One write of kind ``step``; returns its acknowledgement."""
    if step == "folder":
        _import(root, f"mine-{n}", str(root / f"new-{n}"))
        return f"folder new-{n} mine-{n}"
    if step == "added":
        _import(root, f"added-{n}", str(root / base))
        return f"added {base} added-{n}"
    dump_version(NEW if n % 2 else OLD, root / "over.yaml")
    return "over"


def _writer(root: Path, first: int, start: int, base: str, ack: int) -> None:
    """The forked writer: new folders, added versions and overwrites in turn, each acknowledged once done."""
    devnull = os.open(os.devnull, os.O_WRONLY)
    os.dup2(devnull, 1)
    os.dup2(devnull, 2)
    for n in range(first, first + 1000):
        done = _write(root, STEPS[(start + n) % len(STEPS)], n, base)
        os.write(ack, f"{done}\n".encode())


def _fork(work: Callable[[int], None]) -> tuple[int, int]:
    """Start ``work(ack_fd)`` in a child process; return its pid and the read end of the pipe."""
    read, write = os.pipe()
    with warnings.catch_warnings():  # Python 3.12 warns about fork in a threaded process; the child only writes
        warnings.simplefilter("ignore", DeprecationWarning)
        pid = os.fork()
    if pid == 0:  # pragma: no cover - runs in the child
        try:
            os.close(read)
            work(write)
        finally:
            os._exit(0)
    os.close(write)
    return pid, read


def _read_all(fd: int) -> list[str]:
    chunks = []
    while chunk := os.read(fd, 65536):
        chunks.append(chunk)
    os.close(fd)
    return b"".join(chunks).decode().splitlines()


@attrs.define
class Tally:
    kills: int = 0
    acknowledged: int = 0
    partial_folders: list[str] = attrs.Factory(list)
    unreadable: list[str] = attrs.Factory(list)
    lost: list[str] = attrs.Factory(list)
    mixed: int = 0
    inside: int = 0  # kills that left a new temporary behind: they fell inside a write


def _check(root: Path, folder: str, acked: list[str], tally: Tally) -> None:
    """What a user finds after the kill (``folder``: the base folder versions were added to)."""
    for made in sorted(root.glob("new-*")):
        try:
            load_corpus(made)
        except PeaceplanError as exc:
            tally.partial_folders.append(f"{made.name}: {exc}")
    try:
        base = load_corpus(root / folder)
    except PeaceplanError as exc:
        tally.unreadable.append(f"{folder}: {exc}")
        base = None
    try:
        over = load_version(root / "over.yaml")
        if over not in (OLD, NEW):
            tally.mixed += 1
    except PeaceplanError as exc:
        tally.unreadable.append(f"over.yaml: {exc}")
    for line in acked:
        kind, *names = line.split()
        if kind == "folder" and not (root / names[0] / "versions" / f"{names[1]}.yaml").is_file():
            tally.lost.append(line)
        if kind == "added" and (base is None or names[1] not in base):
            tally.lost.append(line)


def crash_writers(root: Path, kills: int, seed: int) -> Tally:
    """Kill ``kills`` forked writers at random moments and tally what they leave behind."""
    rng = random.Random(seed)
    (root / "plan.txt").write_text(PLAN, encoding="utf-8")
    for name, text in SMALL.items():
        (root / "small" / name).parent.mkdir(parents=True, exist_ok=True)
        (root / "small" / name).write_text(text, encoding="utf-8")
    dump_version(OLD, root / "over.yaml")
    for step in STEPS:  # each kind of write once here first: what the writers import is loaded, as in theirs
        _write(root, step, 0, "base-0")
    took = _timings(root)  # how long each kind of write takes in a forked writer, to kill within it
    _remove(root / "new-0")
    _remove(root / "new-1")
    tally = Tally()
    for round_ in range(kills):
        base = f"base-{round_ // PER_BASE}"
        if not (root / base).exists():
            _import(root, "seed", str(root / base))
        start = round_ % len(STEPS)
        before = set(_temporaries(root))
        pid, ack = _fork(lambda fd, n=1000 * (round_ + 1), s=start, b=base: _writer(root, n, s, b, fd))
        time.sleep(rng.uniform(0.0, 1.6 * took[STEPS[(start + 1000 * (round_ + 1)) % len(STEPS)]]))
        os.kill(pid, signal.SIGKILL)
        os.waitpid(pid, 0)
        acked = _read_all(ack)
        tally.kills += 1
        tally.acknowledged += len(acked)
        _check(root, base, acked, tally)
        tally.inside += bool(set(_temporaries(root)) - before)
        for folder in root.glob("new-*"):  # keep the parent small: each folder has been checked
            _remove(folder)
    return tally


def _timings(root: Path) -> dict[str, float]:
    """How long each kind of write takes in a forked writer, as the killed writers run them.

    Timed in a child, not here: a child of a process that has run many tests pays for the
    pages it shares with it (copied as its collector and allocator touch them), so a write
    timed here can be several times shorter than the same write in a writer, and every kill
    would then fall inside the first write.
    """

    def timed(fd: int) -> None:
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, 1)
        os.dup2(devnull, 2)
        for step in STEPS:
            started = time.perf_counter()
            _write(root, step, 1, "base-0")
            os.write(fd, f"{step} {time.perf_counter() - started}\n".encode())

    pid, ack = _fork(timed)
    os.waitpid(pid, 0)
    found = {step: float(seconds) for step, seconds in (line.split() for line in _read_all(ack))}
    assert set(found) == set(STEPS), found
    return found


def _remove(folder: Path) -> None:
    for path in sorted(folder.rglob("*"), key=lambda p: len(p.parts), reverse=True):
        path.rmdir() if path.is_dir() else path.unlink()
    folder.rmdir()


def _temporaries(root: Path) -> list[Path]:
    return list(root.rglob("*.tmp"))


@pytest.mark.slow
def test_writers_killed_at_random_moments_leave_no_partial_folder_or_file(tmp_path: Path) -> None:
    tally = crash_writers(tmp_path, KILLS, SEED)
    assert tally.kills == KILLS
    assert tally.acknowledged >= 10  # some kills fell after a write: what it acknowledged must be there
    assert tally.partial_folders == []
    assert tally.unreadable == []
    assert tally.lost == []
    assert tally.mixed == 0
    assert tally.inside >= KILLS // 20, "too few kills fell inside a write for the test to prove anything"
    # The next write to each folder removes what the killed writes left there.
    bases = sorted(tmp_path.glob("base-*"))
    for base in bases:
        _import(tmp_path, "after", str(base))
    _import(tmp_path, "after", str(tmp_path / "new-after"))
    dump_version(NEW, tmp_path / "over.yaml")
    assert _temporaries(tmp_path) == []
    assert all("after" in load_corpus(base) for base in bases)


if __name__ == "__main__":  # pragma: no cover - the measurement quoted in the changelog
    import tempfile

    with tempfile.TemporaryDirectory() as folder:
        result = crash_writers(Path(folder), int(sys.argv[1]) if len(sys.argv) > 1 else KILLS, SEED)
        print(result.kills, "kills,", result.inside, "inside a write,", result.acknowledged, "acknowledged writes")
        left = len(_temporaries(Path(folder)))
        print(len(result.partial_folders), "partial folders;", len(result.unreadable), "unreadable;",
              len(result.lost), "lost;", result.mixed, "mixed;", left, "temporaries left")  # fmt: skip
        for line in (result.partial_folders + result.unreadable + result.lost)[:5]:
            print(" ", line[:300])


# --- the pieces, one at a time -------------------------------------------------------


def _dead_pid() -> int:
    pid, ack = _fork(lambda fd: None)
    os.waitpid(pid, 0)
    os.close(ack)
    return pid


def test_the_next_write_removes_the_temporaries_of_dead_writers_only(tmp_path: Path) -> None:
    dead = _dead_pid()
    stale_file = tmp_path / f".v.yaml.{dead}.0123456789ab.tmp"
    stale_folder = tmp_path / f".new.{dead}.0123456789ab.tmp"
    stale_file.write_text("half a fi", encoding="utf-8")
    (stale_folder / "versions").mkdir(parents=True)
    live = tmp_path / f".w.yaml.{os.getpid()}.0123456789ab.tmp"  # this process: a write in progress
    live.write_text("being written", encoding="utf-8")
    other = tmp_path / ".notes.tmp"  # not a name peaceplan writes
    other.write_text("mine", encoding="utf-8")
    dump_version(OLD, tmp_path / "v.yaml")
    assert sorted(p.name for p in tmp_path.iterdir()) == sorted([live.name, other.name, "v.yaml"])
    assert clean_stale(tmp_path) == []


def test_a_new_folder_appears_whole_or_not_at_all(tmp_path: Path) -> None:
    target = tmp_path / "made"

    def fail_halfway() -> None:
        with building(target) as inside:
            (inside / "corpus.yaml").write_text("x", encoding="utf-8")
            raise RuntimeError("killed halfway")

    with pytest.raises(RuntimeError):
        fail_halfway()
    assert list(tmp_path.iterdir()) == []
    with building(target) as inside:
        (inside / "corpus.yaml").write_text("x", encoding="utf-8")
        assert not target.exists()
    assert [p.name for p in target.iterdir()] == ["corpus.yaml"]
    assert [p.name for p in tmp_path.iterdir()] == ["made"]


def test_building_refuses_a_folder_with_files_and_fills_one_with_only_hidden_ones(tmp_path: Path) -> None:
    (tmp_path / "full").mkdir()
    (tmp_path / "full" / "notes.txt").write_text("mine", encoding="utf-8")
    with (
        pytest.raises(PeaceplanError, match="exists and is not empty; nothing was written"),
        building(tmp_path / "full"),
    ):
        pass
    (tmp_path / "repo" / ".git").mkdir(parents=True)
    with building(tmp_path / "repo") as inside:
        (inside / "versions").mkdir()
        (inside / "corpus.yaml").write_text("x", encoding="utf-8")
    assert sorted(p.name for p in (tmp_path / "repo").iterdir()) == [".git", "corpus.yaml", "versions"]


def test_building_creates_missing_parent_folders(tmp_path: Path) -> None:
    with building(tmp_path / "a" / "b" / "made") as inside:
        (inside / "corpus.yaml").write_text("x", encoding="utf-8")
    assert (tmp_path / "a" / "b" / "made" / "corpus.yaml").is_file()
