"""Akoma Ntoso: what the exporter writes validates against the OASIS schema, and reads back equal."""

from __future__ import annotations

from pathlib import Path
from xml.etree import ElementTree as ET

import attrs
import pytest
from click.testing import CliRunner
from hypothesis import assume, given, settings
from hypothesis import strategies as st
from strategies import versions

from peaceplan import read_akn
from peaceplan.cli import cli
from peaceplan.compare.diff import diff
from peaceplan.corpus import Corpus, load_corpus
from peaceplan.errors import ValidationError
from peaceplan.files.akn import AKN_NAMESPACE, _uri_reference, diff_to_akn, provision_eid, to_akn, version_to_akn
from peaceplan.files.io import load_version
from peaceplan.model.records import Provision, Version

etree = pytest.importorskip("lxml.etree")

A = f"{{{AKN_NAMESPACE}}}"
SCHEMA = Path(__file__).parent / "akn" / "akomantoso30.xsd"


@pytest.fixture(scope="module")
def corpus() -> Corpus:
    return load_corpus()


@pytest.fixture(scope="module")
def schema() -> object:
    return etree.XMLSchema(etree.parse(str(SCHEMA)))


def _valid(schema: object, xml: str) -> list[str]:
    ok = schema.validate(etree.fromstring(xml.encode("utf-8")))  # type: ignore[attr-defined]
    return [] if ok else [str(e) for e in schema.error_log]  # type: ignore[attr-defined]


def test_every_corpus_version_validates_against_the_oasis_schema_and_reads_back_equal(
    corpus: Corpus, schema: object
) -> None:
    for v in corpus.versions:
        xml = version_to_akn(v, corpus=corpus)
        assert _valid(schema, xml) == [], v.id
        assert read_akn(xml.encode("utf-8")) == v, v.id


def test_the_identifiers_come_from_the_corpus_document_and_version(corpus: Corpus) -> None:
    root = ET.fromstring(to_akn(corpus.version("20-point"), corpus=corpus))
    ident = root.find(f"{A}doc/{A}meta/{A}identification")
    assert ident is not None
    values = {e.tag.removeprefix(A): e.get("value") for e in ident.iter() if e.tag.endswith("this")}
    assert ident.find(f"{A}FRBRWork/{A}FRBRthis").get("value") == "/akn/int/doc/ukraine-2025-peace-plan/!main"  # type: ignore[union-attr]
    assert (
        ident.find(f"{A}FRBRExpression/{A}FRBRthis").get("value")  # type: ignore[union-attr]
        == "/akn/int/doc/ukraine-2025-peace-plan/en@20-point/!main"
    )
    assert values
    eids = [p.get("eId") for p in root.iter(f"{A}point")]
    assert "point_5__point_a" in eids
    assert len(eids) == len(set(eids))


def test_proponents_and_sources_are_tlc_references_and_the_lineage_is_the_lifecycle(corpus: Corpus) -> None:
    root = ET.fromstring(to_akn(corpus.version("20-point"), corpus=corpus))
    refs = root.find(f"{A}doc/{A}meta/{A}references")
    assert refs is not None
    organisations = {e.get("eId"): e.get("showAs") for e in refs.iter(f"{A}TLCOrganization")}
    assert organisations["us"] == "United States"
    assert organisations["russia"] == "Russia"  # on record with a position
    sources = [e.get("eId") for e in refs.iter(f"{A}TLCReference") if e.get("name") == "source"]
    assert "src_metroscroll-bloomberg" in sources
    proponents = [e.get("refersTo") for e in root.iter(f"{A}docProponent")]
    assert proponents == ["#us", "#ukraine"]
    events = [(e.get("source"), e.get("type")) for e in root.iter(f"{A}eventRef")]
    assert events == [("#ver_28-point", "generation"), ("#ver_geneva-19", "amendment"), ("#ver_20-point", "amendment")]


def test_a_diff_exports_its_changes_as_passive_modifications(corpus: Corpus, schema: object) -> None:
    d = corpus.diff("28-point", "20-point")
    xml = diff_to_akn(d, corpus=corpus)
    assert _valid(schema, xml) == []
    root = ET.fromstring(xml)
    mods = list(root.iter(f"{A}textualMod"))
    assert len(mods) == len(d.changes)
    types = {m.get("type") for m in mods}
    assert {"substitution", "insertion", "repeal", "join"} <= types
    army = next(m for m in mods if m.find(f"{A}destination").get("href") == "#point_4")  # type: ignore[union-attr]
    assert army.find(f"{A}source").get("href") == "#ver_28-point"  # type: ignore[union-attr]
    assert read_akn(xml.encode("utf-8")) == d.new


@settings(max_examples=40)  # each example is checked against the 240 kB schema
@given(versions(version_id="a", document="d"))
def test_any_version_validates_and_reads_back_equal_or_is_refused_in_words(schema: object, v: Version) -> None:
    try:
        xml = version_to_akn(v)
    except ValidationError as exc:
        refused = str(exc)
        assert "a character XML 1.0 cannot carry" in refused
        return
    assert _valid(schema, xml) == []
    assert read_akn(xml.encode("utf-8")) == v


@settings(max_examples=25)
@given(versions(version_id="a", document="d"), versions(version_id="b", document="d"))
def test_any_diff_exports_valid_akoma_ntoso(schema: object, old: Version, new: Version) -> None:
    try:
        xml = diff_to_akn(diff(old, new))
    except ValidationError:
        return
    assert _valid(schema, xml) == []


def test_the_body_is_what_is_read_not_a_hidden_copy(corpus: Corpus) -> None:
    xml = to_akn(corpus.version("20-point"), corpus=corpus)
    edited = xml.replace("Ukraine's armed forces stay at 800,000 in peacetime.", "Ukraine's armed forces stay small.")
    assert read_akn(edited.encode("utf-8")).provision("4").text == "Ukraine's armed forces stay small."


def test_akoma_ntoso_from_another_tool_reads_as_its_points() -> None:
    xml = f"""<akomaNtoso xmlns="{AKN_NAMESPACE}"><doc name="accord"><meta><identification source="#x">
      <FRBRExpression><FRBRthis value="/akn/int/doc/accord/eng@v2/!main"/>
      <FRBRuri value="/akn/int/doc/accord/eng@v2"/><FRBRversionNumber value="V2"/>
      <FRBRlanguage language="en"/></FRBRExpression></identification></meta>
      <preface><p><docTitle>An accord</docTitle></p></preface>
      <mainBody>
        <point eId="p1"><num>1</num><heading>Ceasefire</heading><content><p>Guns fall silent.</p></content></point>
        <point eId="p2"><num>2</num><intro><p>Talks:</p></intro>
          <point eId="p2a"><num>a</num><content><p>begin at once.</p></content></point></point>
      </mainBody></doc></akomaNtoso>"""
    v = read_akn(xml.encode("utf-8"))
    assert (v.id, v.document, v.title, v.status.value) == ("v2", "accord", "An accord", "draft")
    assert v.provision("1").title == "Ceasefire"
    assert v.provision("2.a").text == "begin at once."


def test_broken_or_foreign_xml_is_refused_with_the_file_named(tmp_path: Path) -> None:
    bad = tmp_path / "bad.akn"
    bad.write_text("<akomaNtoso><doc>", encoding="utf-8")
    with pytest.raises(ValidationError, match=r"bad\.akn: not well-formed XML"):
        read_akn(bad)
    other = tmp_path / "other.xml"
    other.write_text("<html/>", encoding="utf-8")
    with pytest.raises(ValidationError, match=r"other\.xml: expected an <akomaNtoso> root"):
        read_akn(other)


def test_a_control_character_is_refused_naming_where_it_is() -> None:
    v = Version(id="a", document="d", title="T", status="draft", provisions=[Provision(label="1", text="bell\x07")])
    with pytest.raises(ValidationError, match=r"at /provisions/0/text: holds U\+0007"):
        version_to_akn(v)


def test_eids_escape_what_an_eid_cannot_hold() -> None:
    assert provision_eid("10.b") == "point_10__point_b"
    assert provision_eid("IV bis") == "point_IV_u20_bis"
    assert provision_eid("a_b") != provision_eid("a b")


def test_export_writes_akoma_ntoso_for_a_version_or_a_diff(tmp_path: Path, corpus: Corpus) -> None:
    runner = CliRunner()
    one = runner.invoke(cli, ["export", "20-point", "--format", "akn"])
    assert one.exit_code == 0, one.output
    assert read_akn(one.output.encode("utf-8")) == corpus.version("20-point")
    target = tmp_path / "r.akn"
    two = runner.invoke(cli, ["export", "28-point", "20-point", "-o", str(target)])
    assert two.exit_code == 0, two.output
    assert "<textualMod" in target.read_text(encoding="utf-8")


def test_import_reads_an_akoma_ntoso_file_as_a_new_version(tmp_path: Path, corpus: Corpus) -> None:
    source = tmp_path / "plan.akn"
    source.write_text(to_akn(corpus.version("20-point"), corpus=corpus), encoding="utf-8")
    target = tmp_path / "mine.yaml"
    result = CliRunner().invoke(
        cli, ["import", str(source), "--id", "mine", "--parent", "20-point", "--proposed-by", "e3", "-o", str(target)]
    )
    assert result.exit_code == 0, result.output
    mine = load_version(target)
    original = corpus.version("20-point")
    assert mine.provisions == original.provisions
    assert (mine.id, mine.parents, mine.attributions[-1].actor) == ("mine", ("20-point",), "e3")


@pytest.mark.parametrize(
    "url", [":", "1:2", "a b", "https://example.org/ü?q=1#a#b", "50%", "x[1]", "\\\\server\\share"]
)
def test_a_source_url_that_is_no_uri_is_written_as_a_valid_uri_reference_and_reads_back_as_written(
    corpus: Corpus, schema: object, url: str
) -> None:
    v = corpus.version("20-point")
    source = attrs.evolve(v.sources[0], url=url)
    v = attrs.evolve(v, sources=(source, *v.sources[1:]))
    xml = version_to_akn(v)
    assert _valid(schema, xml) == []
    assert read_akn(xml.encode("utf-8")).sources[0].url == url


@pytest.mark.parametrize(
    "url",
    [
        "https://example.org/a/b?c=d&e=f#g",
        "mailto:desk@example.org",
        "/relative/path",
        "%41",
        "http://[2001:db8::7]:8080/c?d",
        "https://user@[v1.fe]/",
        "//[::1]/x",
    ],
)
def test_a_valid_source_url_is_written_as_it_is(url: str) -> None:
    assert _uri_reference(url) == url


@pytest.mark.parametrize(
    ("url", "written"),
    [
        ("http://[2001:db8::7]:8080/c", "http://[2001:db8::7]:8080/c"),
        ("http://[::1]/", "http://[::1]/"),
        ("http://[::1", "http://%5B%3A:1"),
        ("http://a/[::1]/", "http://a/%5B::1%5D/"),
        ("http://host:port/", "http://host%3Aport/"),
        ("http://a:b:8/", "http://a%3Ab:8/"),
        ("http://a@b@host/", "http://a%40b@host/"),
        ("http://host:/x", "http://host/x"),
        ("http://:80/", "http://%3A80/"),
        ("//a:b", "//a%3Ab"),
    ],
)
def test_a_source_urls_authority_is_written_as_userinfo_host_and_port_and_validates(
    corpus: Corpus, schema: object, url: str, written: str
) -> None:
    v = corpus.version("20-point")
    v = attrs.evolve(v, sources=(attrs.evolve(v.sources[0], url=url), *v.sources[1:]))
    xml = version_to_akn(v)
    assert _valid(schema, xml) == []
    assert read_akn(xml.encode("utf-8")).sources[0].url == url
    assert _uri_reference(url) == written


_URL_PARTS = st.sampled_from([*":/?#@[]%.aZ09 -_~!$&'()*+,;=ü", "%41", "[::1]", "%zz"])


@settings(max_examples=300, deadline=None)
@given(st.sampled_from(["", "http:", "http://", "//", "mailto:", "x://"]), st.lists(_URL_PARTS, max_size=14))
def test_any_source_url_is_written_as_a_uri_reference_the_schema_accepts(
    corpus: Corpus, schema: object, start: str, parts: list[str]
) -> None:
    url = start + "".join(parts)
    assume(url.strip())
    v = corpus.version("20-point")
    v = attrs.evolve(v, sources=(attrs.evolve(v.sources[0], url=url), *v.sources[1:]))
    assert _valid(schema, version_to_akn(v)) == []
