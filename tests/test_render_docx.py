"""The Word redline: tracked changes credited to the parties, moves, comments, and what Word makes of it.

"Accept all" and "reject all" are applied here to the document XML, independently
of the writer: every ``w:ins``/``w:moveTo`` is kept and every ``w:del``/``w:moveFrom``
dropped (or the reverse), and a paragraph whose mark is dropped runs into the next.
The 28-point → 20-point redline is pinned as a golden file of its document and
comments XML; regenerate it with ``PEACEPLAN_REGOLD=1 python -m pytest
tests/test_render_docx.py`` after an intended change, and read the diff.
"""

from __future__ import annotations

import difflib
import os
import shutil
import subprocess
import sys
import zipfile
from collections.abc import Iterator
from pathlib import Path
from xml.etree import ElementTree as ET

import attrs
import pytest
from click.testing import CliRunner
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from strategies import versions

from peaceplan.cli import cli
from peaceplan.compare.diff import Diff, diff
from peaceplan.corpus import Corpus, load_corpus
from peaceplan.errors import MissingExtraError
from peaceplan.model.records import Actor, Attribution, Document, Provision, Source, Version
from peaceplan.render.docx import UNATTRIBUTED, version_paragraphs

pytest.importorskip("docx")

W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
ET.register_namespace("w", W[1:-1])
GOLDEN = Path(__file__).parent / "golden"
KEEP_ON_ACCEPT = {f"{W}ins", f"{W}moveTo"}
DROP_ON_ACCEPT = {f"{W}del", f"{W}moveFrom"}


@pytest.fixture(scope="module")
def corpus() -> Corpus:
    return load_corpus()


@pytest.fixture(scope="module")
def corpus_diff(corpus: Corpus) -> Diff:
    return corpus.diff("28-point", "20-point")


# --- applying the revisions the way Word does ------------------------------------------------


def _xml(path: Path, member: str) -> ET.Element:
    with zipfile.ZipFile(path) as z:
        return ET.fromstring(z.read(member))


def _texts(element: ET.Element, accept: bool, inside: frozenset[str] = frozenset()) -> Iterator[str]:
    for child in element:
        tag = child.tag
        if tag in KEEP_ON_ACCEPT | DROP_ON_ACCEPT:
            yield from _texts(child, accept, inside | {tag})
        elif tag in (f"{W}t", f"{W}delText"):
            dropped = inside & (DROP_ON_ACCEPT if accept else KEEP_ON_ACCEPT)
            if not dropped:
                yield child.text or ""
        elif tag != f"{W}pPr":
            yield from _texts(child, accept, inside)


def resolved(path: Path, *, accept: bool) -> list[str]:
    """The non-empty paragraphs of the body once every revision is accepted (or rejected)."""
    body = _xml(path, "word/document.xml").find(f"{W}body")
    assert body is not None
    out: list[str] = []
    carry = ""
    for p in body.iter(f"{W}p"):
        text = carry + "".join(_texts(p, accept))
        mark = p.find(f"{W}pPr/{W}rPr")
        marks = {m.tag for m in mark} if mark is not None else set()
        if marks & (DROP_ON_ACCEPT if accept else KEEP_ON_ACCEPT):
            carry = text  # the paragraph mark goes: its text runs into the next paragraph
            continue
        carry = ""
        out.append(text)
    if carry:
        out.append(carry)
    return [t for t in out if t]


def revisions(path: Path) -> list[tuple[str, str, str, str]]:
    """``(kind, author, date, text)`` of every tracked change of the body, in order."""
    body = _xml(path, "word/document.xml")
    out = []
    for tag in ("ins", "del", "moveFrom", "moveTo"):
        for element in body.iter(f"{W}{tag}"):
            text = "".join(t.text or "" for t in element.iter() if t.tag in (f"{W}t", f"{W}delText"))
            out.append((tag, element.get(f"{W}author", ""), element.get(f"{W}date", ""), text))
    return out


def comments(path: Path) -> list[str]:
    root = _xml(path, "word/comments.xml")
    return ["\n".join("".join(t.text or "" for t in p.iter(f"{W}t")) for p in c.iter(f"{W}p")) for c in root]


# --- accept all, reject all -----------------------------------------------------------------------


def test_accepting_every_revision_gives_the_new_text_and_rejecting_them_the_old(corpus: Corpus, tmp_path: Path) -> None:
    d = corpus.diff("28-point", "20-point")
    target = d.to_docx(tmp_path / "r.docx", corpus=corpus)
    assert resolved(target, accept=True) == version_paragraphs(d.new)
    assert resolved(target, accept=False) == version_paragraphs(d.old)


@pytest.mark.parametrize(
    ("old", "new"), [("28-point", "geneva-19"), ("geneva-19", "20-point"), ("20-point", "28-point")]
)
def test_accept_and_reject_hold_for_other_corpus_pairs(corpus: Corpus, tmp_path: Path, old: str, new: str) -> None:
    d = corpus.diff(old, new)
    target = d.to_docx(tmp_path / "r.docx", corpus=corpus)
    assert resolved(target, accept=True) == version_paragraphs(d.new)
    assert resolved(target, accept=False) == version_paragraphs(d.old)


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(st.tuples(versions(version_id="a", document="d"), versions(version_id="b", document="d")))
def test_accept_and_reject_give_back_any_two_versions(tmp_path: Path, pair: tuple[Version, Version]) -> None:
    old, new = pair
    target = diff(old, new).to_docx(tmp_path / "r.docx")
    assert resolved(target, accept=True) == version_paragraphs(new)
    assert resolved(target, accept=False) == version_paragraphs(old)


# --- credit --------------------------------------------------------------------------------------


def test_each_revision_is_authored_by_the_credited_party_and_dated_by_the_version_that_introduced_it(
    corpus: Corpus, tmp_path: Path
) -> None:
    d = corpus.diff("28-point", "20-point")
    target = d.to_docx(tmp_path / "r.docx", corpus=corpus)
    e3 = corpus.actor("e3").name
    army = [r for r in revisions(target) if "800,000" in r[3]]
    assert army, "the army cap's new figure is a tracked insertion"
    assert {r[1] for r in army} == {e3}
    # The E3 figure entered the lineage in the Geneva draft, before the 20-point plan.
    geneva = corpus.version("geneva-19").date
    assert geneva is not None
    assert {r[2][:10] for r in army} == {f"{geneva.year:04d}-{geneva.month:02d}-{geneva.day:02d}"}


def _pair(credit: tuple[Attribution, ...] = (), sources: tuple[Source, ...] = ()) -> tuple[Version, Version]:
    old = Version(
        id="a",
        document="d",
        title="Plan",
        status="draft",
        date="2025-11-01",
        provisions=[
            Provision(label="1", text="A ceasefire starts at once."),
            Provision(label="2", text="Prisoners are exchanged all for all."),
            Provision(label="3", text="Elections follow within 100 days."),
        ],
    )
    new = Version(
        id="b",
        document="d",
        title="Plan",
        status="draft",
        date="2025-12-01",
        sources=sources,
        provisions=[
            Provision(label="1", text="Elections follow within 100 days."),
            Provision(label="2", text="A ceasefire starts at once."),
            Provision(label="3", text="Prisoners are exchanged all for some.", attributions=credit),
        ],
    )
    return old, new


def test_a_point_moved_with_its_words_unchanged_is_a_word_move(tmp_path: Path) -> None:
    old, new = _pair()
    target = diff(old, new).to_docx(tmp_path / "r.docx")
    kinds = [r[0] for r in revisions(target)]
    assert "moveFrom" in kinds
    assert "moveTo" in kinds
    body = _xml(target, "word/document.xml")
    starts = {e.get(f"{W}name") for e in body.iter(f"{W}moveFromRangeStart")}
    assert starts == {e.get(f"{W}name") for e in body.iter(f"{W}moveToRangeStart")}
    assert resolved(target, accept=True) == version_paragraphs(new)
    assert resolved(target, accept=False) == version_paragraphs(old)


def test_a_change_nobody_is_credited_with_is_authored_unattributed(tmp_path: Path) -> None:
    old, new = _pair()
    target = diff(old, new).to_docx(tmp_path / "r.docx")
    assert {r[1] for r in revisions(target)} == {UNATTRIBUTED}


def test_the_comment_gives_findings_credit_sources_and_says_when_credit_is_contested(tmp_path: Path) -> None:
    source = Source(id="wire", publisher="A Wire Service", title="Who wrote point 3", reliability="reported")
    credit = (
        Attribution(actor="us", confidence="contested", sources=("wire",), note="Claimed by both."),
        Attribution(actor="ukraine", confidence="contested", sources=("wire",)),
    )
    old, new = _pair(credit, (source,))
    d = diff(old, new)
    target = d.to_docx(tmp_path / "r.docx")
    authored = {r[1] for r in revisions(target) if "some" in r[3]}
    assert authored == {"us, ukraine"}
    (note,) = [c for c in comments(target) if "a 2 → b 3" in c]
    assert "Credit contested: the sources disagree on whether us, ukraine proposed this." in note
    assert "A Wire Service: Who wrote point 3" in note
    assert "Claimed by both." in note


def test_display_names_come_from_the_corpus_and_a_person_folds_into_the_credited_state(tmp_path: Path) -> None:
    credit = (Attribution(actor="us"), Attribution(actor="rubio"))
    old, new = _pair(credit)
    corpus = Corpus(
        name="t",
        title="T",
        actors=[
            Actor(id="us", name="United States", kind="state"),
            Actor(id="rubio", name="Marco Rubio", kind="person", affiliation="us"),
        ],
        documents=[Document(id="d", title="D", kind="plan")],
        versions=[old, attrs.evolve(new, parents=("a",))],
    )
    target = diff(old, new).to_docx(tmp_path / "r.docx", corpus=corpus)
    assert {r[1] for r in revisions(target) if "some" in r[3]} == {"United States"}


# --- the command line and the missing extra ----------------------------------------------------------


def test_export_writes_a_word_redline_for_two_versions(tmp_path: Path) -> None:
    target = tmp_path / "r.docx"
    result = CliRunner().invoke(cli, ["export", "28-point", "20-point", "-o", str(target)])
    assert result.exit_code == 0, result.output
    assert zipfile.is_zipfile(target)
    assert any(r[0] == "ins" for r in revisions(target))


def test_export_docx_needs_two_versions_and_a_file(tmp_path: Path) -> None:
    one = CliRunner().invoke(cli, ["export", "20-point", "-o", str(tmp_path / "x.docx")])
    assert one.exit_code == 2
    assert "give OLD NEW and --output FILE.docx" in one.output
    assert not (tmp_path / "x.docx").exists()
    piped = CliRunner().invoke(cli, ["export", "28-point", "20-point", "-f", "docx"])
    assert piped.exit_code == 2
    assert "--output FILE.docx" in piped.output


def test_without_python_docx_the_error_names_the_extra(
    corpus_diff: Diff, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setitem(sys.modules, "docx", None)
    with pytest.raises(MissingExtraError, match=r"Diff.to_docx\(\) needs .*pip install 'peaceplan\[docx\]'"):
        corpus_diff.to_docx(tmp_path / "r.docx")
    assert not (tmp_path / "r.docx").exists()


# --- golden file -------------------------------------------------------------------------------------


def _normalised(path: Path) -> str:
    """The document and comments XML, indented: what the golden file pins (zip metadata is left out)."""
    parts = []
    for member in ("word/document.xml", "word/comments.xml"):
        root = _xml(path, member)
        ET.indent(root)
        parts.append(f"<!-- {member} -->\n" + ET.tostring(root, encoding="unicode"))
    return "\n".join(parts) + "\n"


def test_the_28_to_20_point_redline_matches_the_golden_file(corpus: Corpus, tmp_path: Path) -> None:
    actual = _normalised(corpus.diff("28-point", "20-point").to_docx(tmp_path / "r.docx", corpus=corpus))
    path = GOLDEN / "28-point_20-point.docx.xml"
    if os.environ.get("PEACEPLAN_REGOLD"):
        path.write_text(actual, encoding="utf-8")
    if not path.exists():
        pytest.fail(f"golden file {path.name} is missing; create it with PEACEPLAN_REGOLD=1 and rerun this test")
    expected = path.read_text(encoding="utf-8")
    if actual != expected:
        delta = "".join(difflib.unified_diff(expected.splitlines(True), actual.splitlines(True), path.name, "now", n=1))
        pytest.fail(f"{path.name} differs from the golden file (PEACEPLAN_REGOLD=1 to accept):\n{delta[:4000]}")


# --- what LibreOffice makes of it ------------------------------------------------------------------------


@pytest.mark.slow
def test_libreoffice_opens_the_redline_and_renders_its_pages(corpus: Corpus, tmp_path: Path) -> None:
    soffice = shutil.which("soffice") or shutil.which("libreoffice")
    pdftoppm = shutil.which("pdftoppm")
    if soffice is None or pdftoppm is None:
        pytest.skip("needs LibreOffice (soffice) and poppler (pdftoppm)")
    target = corpus.diff("28-point", "20-point").to_docx(tmp_path / "r.docx", corpus=corpus)
    profile = (tmp_path / "profile").as_uri()
    command = [soffice, f"-env:UserInstallation={profile}", "--headless", "--convert-to", "pdf"]
    subprocess.run(
        [*command, "--outdir", str(tmp_path), str(target)],
        check=True,
        capture_output=True,
        timeout=240,
    )
    pdf = tmp_path / "r.pdf"
    assert pdf.stat().st_size > 10_000
    subprocess.run([pdftoppm, "-r", "50", "-png", str(pdf), str(tmp_path / "page")], check=True, timeout=120)
    pages = sorted(tmp_path.glob("page-*.png"))
    assert len(pages) >= 2  # thirty-odd points, half of them struck through, do not fit on one page
    assert all(p.read_bytes().startswith(b"\x89PNG") for p in pages)


def test_a_split_point_carries_one_comment(tmp_path: Path) -> None:
    old = Version(
        id="a",
        document="d",
        title="P",
        status="draft",
        provisions=[Provision(label="1", text="Talks begin within 30 days. Guns stop.")],
    )
    new = Version(
        id="b",
        document="d",
        title="P",
        status="draft",
        provisions=[
            Provision(label="1", text="Talks begin within 60 days.", derived_from=["a#1"]),
            Provision(label="2", text="Guns stop.", derived_from=["a#1"]),
        ],
    )
    d = diff(old, new)
    assert [c.kind.value for c in d.changes] == ["split"]
    target = d.to_docx(tmp_path / "r.docx")
    assert len(comments(target)) == 1
    assert resolved(target, accept=True) == version_paragraphs(new)
    assert resolved(target, accept=False) == version_paragraphs(old)
