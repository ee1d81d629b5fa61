"""No text view lets a file drive the terminal: hostile strings in every field, every view, no raw control.

A corpus folder is written whose every user-visible string (labels included)
carries terminal escapes, C1 controls, bidi overrides and zero-width
characters. Every text view of the CLI is run over it, coloured and plain,
wide and narrow, and so are the error and report paths (a hostile file name,
a hostile id, an import report). Nothing may reach the output raw except the
colour codes the renderer chose.
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from cli_support import run
from click.testing import CliRunner

from peaceplan import Actor, Attribution, Provision, Source, Version
from peaceplan.files.io import dump_version
from peaceplan.files.yamlio import dump_yaml
from peaceplan.render.escape import escape_json, for_terminal, visible

# Every kind of character a terminal obeys or hides.
RAW = re.compile(
    "[\x00-\x08\x0b-\x1f\x7f-\x9f\u061c\u180e\u200b\u2028-\u202e\u2060-\u2064\u2066-\u206f\ufeff\ufff9-\ufffb"
    "\U000e0000-\U000e007f]"
)
SGR = re.compile(r"\x1b\[[0-9;]*m")

STRINGS = {
    "clear-screen": "clear\x1b[2J\x1b[Hscreen",
    "hyperlink": "\x1b]8;;https://evil.example\x1b\\click\x1b]8;;\x1b\\",
    "title-set": "\x1b]0;pwned\x07title",
    "c1-csi": "c1\x9b31mred\x9b0m",
    "bidi": "army \u202e008\u202c cap \u2066iso\u2069 \u061cmark",
    "zero-width": "zero\u200bwidth\ufeff\u2060join\u2063",
    "controls": "nul\x00bell\x07bs\x08cr\rvt\x0bdel\x7f",
    "tags": "tag\U000e0041\U000e0042hidden",
    "annotation": "anno\ufff9tated\ufffb",
}


def _label(s: str, i: int) -> str:
    """A label carrying ``s``: no surrounding spaces, no line breaks (the label rules), no dots (paths)."""
    return f"{i}{s.replace('.', '').replace(chr(10), '')}".strip()


def _corpus_folder(root: Path) -> tuple[Path, list[str]]:
    """A corpus whose every string field carries a hostile string; returns it and the labels of v3."""
    hostile = list(STRINGS.values())
    s = "".join(hostile)
    (root / "versions").mkdir(parents=True)
    manifest = {
        "peaceplan": 1,
        "name": "hostile",
        "title": f"Corpus {s}",
        "description": s,
        "documents": [{"id": "plan", "title": f"Plan {s}", "kind": "peace-plan"}],
    }
    (root / "corpus.yaml").write_text(dump_yaml(manifest), encoding="utf-8")
    actors = [
        Actor(id="a", name=f"Actor {hostile[0]}", kind="state"),
        Actor(id="b", name=f"Person {hostile[1]}", kind="person", affiliation="a"),
    ]
    (root / "actors.yaml").write_text(
        dump_yaml({"peaceplan": 1, "actors": [a.to_dict() for a in actors]}), encoding="utf-8"
    )
    source = Source(id="src", publisher=f"Pub {s}", title=f"Src {s}", reliability="leaked", url="https://e.example")
    labels = [_label(h, i) for i, h in enumerate(hostile, start=1)]
    versions: list[Version] = []
    for n in range(1, 4):
        provisions = [
            Provision(
                label=label,
                title=f"Title {h}",
                text=f"Point {h} reads {n} and {'stays' if i % 2 else f'changes {n}'} here {h}.",
                notes=f"Note {h}",
                topics=["army-size"],
                children=[Provision(label=f"a{h}".strip(), text=f"Sub {h} {n if i == 1 else ''}")] if i < 3 else [],
            )
            for i, (label, h) in enumerate(zip(labels, hostile, strict=True))
            if not (n == 3 and i == 4)  # one point dropped in the last draft
        ]
        if n == 3:
            provisions.append(Provision(label=_label(hostile[4], 99), text=f"Added {hostile[4]}", topics=["army-size"]))
        versions.append(
            Version(
                id=f"v{n}",
                document="plan",
                title=f"Draft {n} {s}",
                status="draft",
                date=f"2025-11-2{n}",
                notes=f"Notes {s}",
                parents=[f"v{n - 1}"] if n > 1 else [],
                sources=[source],
                attributions=[Attribution(actor="a" if n % 2 else "b", sources=["src"])],
                provisions=provisions,
            )
        )
    for v in versions:
        dump_version(v, root / "versions" / f"{v.id}.yaml")
    return root, labels


VIEWS = [
    ("list",),
    ("show", "v3"),
    ("diff", "v1", "v3"),
    ("diff", "v2", "v3", "--format", "json"),
    ("blame", "v3"),
    ("blame", "v3", "--long"),
    ("thread", "army-size"),
    ("thread", "v3", "LABEL"),
    ("thread", "army-size", "--long"),
    ("log", "plan"),
    ("log", "plan", "--long"),
    ("synopsis", "v1", "v2", "v3"),
    ("influence",),
    ("influence", "--long"),
    ("list", "--format", "json"),
    ("blame", "v3", "--format", "csv"),
]


def _assert_clean(out: str, where: str) -> None:
    bare = SGR.sub("", out)
    found = RAW.search(bare)
    context = bare[max(0, found.start() - 40) : found.start() + 20] if found else ""
    assert found is None, f"{where}: raw U+{ord(found.group()):04X} at {found.start()}: {context!r}"


@pytest.mark.parametrize("width", ["100", "40"])
@pytest.mark.parametrize("color", ["--no-color", "--color"])
@pytest.mark.parametrize("view", VIEWS, ids=lambda v: "-".join(v))
def test_every_text_view_shows_hostile_fields_without_raw_control_characters(
    tmp_path: Path, view: tuple[str, ...], color: str, width: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    if "csv" in view:  # CSV is data, kept exact when piped; on a terminal it is shown safely
        monkeypatch.setattr("peaceplan.cli._common._is_terminal", lambda stream: True)
    folder, labels = _corpus_folder(tmp_path / "c")
    args = [labels[0] if a == "LABEL" else a for a in view]
    text_format = "--format" not in args
    runner = CliRunner(env={"NO_COLOR": None, "FORCE_COLOR": None, "COLUMNS": width})
    result = run(runner, "--corpus", str(folder), *args, *([color] if text_format and args[0] != "list" else []))
    assert result.exit_code in (0, 1), result.output
    assert "Traceback" not in result.output
    _assert_clean(result.stdout, " ".join(view))
    _assert_clean(result.stderr, " ".join(view))
    if text_format and view[0] != "influence":  # influence lists actor ids and counts only
        assert "⟨U+" in result.stdout  # the hostile text is shown, made visible


def test_errors_and_warnings_name_hostile_files_and_ids_visibly(tmp_path: Path) -> None:
    runner = CliRunner(env={"NO_COLOR": None, "FORCE_COLOR": None, "COLUMNS": "100"})
    folder, _ = _corpus_folder(tmp_path / "c")
    bad = tmp_path / "bad\x1b[2J\u202e.yaml"
    bad.write_text("peaceplan: 1\nid: x\x1b]0;t\x07\ntitle: [\n", encoding="utf-8")
    for args in (
        ("validate", str(bad)),
        ("show", str(bad)),
        ("--corpus", str(folder), "show", "v\x1b[2J\u202e9"),
        ("--corpus", str(folder), "thread", "v3", "no\x1b]8;;x\x07such"),
        ("--corpus", str(folder), "--debug", "show", str(bad)),
        ("show", "v1", "--format", "md\x1b[2J"),
    ):
        result = run(runner, *args)
        assert result.exit_code == 2
        _assert_clean(result.stdout, repr(args))
        _assert_clean(result.stderr, repr(args))


def test_the_import_report_shows_hostile_lines_visibly(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(tmp_path)
    runner = CliRunner(env={"NO_COLOR": None, "FORCE_COLOR": None, "COLUMNS": "100"})
    text = "Plan \x1b[2J\n\n" + "".join(f"{i}. Point {s}\ncontinued {s}\n" for i, s in enumerate(STRINGS.values(), 1))
    (tmp_path / "plan\x1b[2J.txt").write_text(text, encoding="utf-8")
    result = run(runner, "import", "plan\x1b[2J.txt", "--id", "imp")
    assert result.exit_code == 0, result.output
    _assert_clean(result.stdout, "import report")
    _assert_clean(result.stderr, "import messages")


@pytest.mark.parametrize("s", STRINGS.values(), ids=STRINGS.keys())
def test_for_terminal_keeps_colour_codes_and_shows_everything_else(s: str) -> None:
    out = for_terminal(f"\x1b[1m{s}\x1b[0m")
    assert out.startswith("\x1b[1m")
    assert out.endswith("\x1b[0m")
    _assert_clean(out, s)
    assert out[4:-4] == visible(s).replace("\x1b", "⟨U+001B⟩")


@pytest.mark.parametrize("s", STRINGS.values(), ids=STRINGS.keys())
def test_escaped_json_is_the_same_data_without_raw_control_characters(s: str) -> None:
    import json

    text = json.dumps({"label": s}, ensure_ascii=False)
    escaped = escape_json(text)
    _assert_clean(escaped, s)
    assert json.loads(escaped) == {"label": s}
