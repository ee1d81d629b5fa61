"""Akoma Ntoso 3.0: write a version (or a diff) as an OASIS LegalDocML document, and read one back.

:func:`version_to_akn` writes a ``doc`` whose FRBR Work, Expression and
Manifestation identifiers are built from the corpus, document and version ids
(``/akn/int/doc/{corpus}-{document}/{language}@{version}``), each provision a
``point`` with a stable ``eId`` (``point_4``, ``point_5__point_a``), the
proponents and the sources as TLC references, and the version's parents as
lifecycle events. :func:`diff_to_akn` writes the new version of a diff with its
``passiveModifications``: one ``textualMod`` per change (substitution,
insertion, repeal, renumbering, split, join) citing the old version as source.

What Akoma Ntoso has no element for (credit with role and confidence, topics,
positions, bracketed alternatives, lineage links, notes, amendments, the
sources' reliability) travels in the ``proprietary`` block, keyed by ``eId``.
:func:`read_akn` reads the text, labels, titles and structure from the body and
the rest from that block, so a written version reads back equal; a document
from another tool, without the block, reads as its points with the header its
FRBR metadata gives.

The XML is built with the standard library; no extra is needed.
"""

from __future__ import annotations

import datetime as _dt
import json
import os
import re
from collections.abc import Iterator, Mapping, Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Any, Protocol
from xml.etree import ElementTree as ET

import attrs

from ..errors import ValidationError
from ..model.records import PROPOSING_ROLES, Actor, ActorKind, ProposedBy, Provision, Version, attributions_of

if TYPE_CHECKING:  # pragma: no cover
    from ..model.collection import CorpusData
    from ..text.reader import ImportResult

__all__ = ["AKN_NAMESPACE", "diff_to_akn", "import_akn", "provision_eid", "read_akn", "to_akn", "version_to_akn"]

AKN_NAMESPACE = "http://docs.oasis-open.org/legaldocml/ns/akn/3.0"
"""The Akoma Ntoso 3.0 namespace (OASIS LegalDocML)."""

_PP_NAMESPACE = "https://peaceplan.invalid/ns/akn/1"  # our proprietary block; never fetched
_A = f"{{{AKN_NAMESPACE}}}"
_P = f"{{{_PP_NAMESPACE}}}"
_COUNTRY = "int"  # peace plans are international instruments: no ISO country is theirs
_SOURCE = "#peaceplan"

# How each kind of change reads as an Akoma Ntoso textual modification.
_TEXTUAL_MODS = {
    "modified": "substitution",
    "reworded": "substitution",
    "added": "insertion",
    "removed": "repeal",
    "renumbered": "renumbering",
    "moved": "renumbering",
    "split": "split",
    "merged": "join",
}


class _Kind(Protocol):
    @property
    def value(self) -> str: ...


class _Change(Protocol):
    """What the writer reads of a change (:class:`peaceplan.Change` has it)."""

    @property
    def kind(self) -> _Kind: ...
    @property
    def old_labels(self) -> tuple[str, ...]: ...
    @property
    def new_labels(self) -> tuple[str, ...]: ...
    @property
    def old(self) -> tuple[Provision, ...]: ...
    @property
    def new(self) -> tuple[Provision, ...]: ...


class _DiffShape(Protocol):
    """What the writer reads of a diff (:class:`peaceplan.Diff` has it).

    Typed by its shape, so this reader and writer of files need not import the diff engine,
    which sits a layer above and calls :func:`diff_to_akn` from ``Diff.to_akn``.
    """

    @property
    def old(self) -> Version: ...
    @property
    def new(self) -> Version: ...
    @property
    def changes(self) -> Sequence[_Change]: ...


ET.register_namespace("", AKN_NAMESPACE)
ET.register_namespace("pp", _PP_NAMESPACE)


def provision_eid(path: str) -> str:
    """The ``eId`` of the point at ``path``: ``"5.a"`` → ``"point_5__point_a"``.

    Letters, digits and ``-`` stay; any other character is written ``_u`` + its hex code + ``_``.

    >>> provision_eid("5.a"), provision_eid("IV bis")
    ('point_5__point_a', 'point_IV_u20_bis')
    """
    return "__".join(f"point_{_eid_part(part)}" for part in path.split("."))


def _eid_part(label: str) -> str:
    return re.sub(r"[^A-Za-z0-9-]", lambda m: f"_u{ord(m.group(0)):x}_", label)


_SCHEME = re.compile(r"[A-Za-z][A-Za-z0-9+.\-]*:")
_PERCENT = re.compile(r"%[0-9A-Fa-f]{2}")
_UNRESERVED_AND_SUB_DELIMS = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-._~!$&'()*+,;="
_URI_CHARACTERS = frozenset(_UNRESERVED_AND_SUB_DELIMS + ":/?#@")
"""What RFC 3986 lets a URI reference hold as it is (``%`` only as a percent-encoding; ``[``/``]`` are encoded)."""
_USERINFO = frozenset(_UNRESERVED_AND_SUB_DELIMS + ":")
_HOST = frozenset(_UNRESERVED_AND_SUB_DELIMS)
"""What a host name holds as it is (RFC 3986 ``reg-name``: no colon, which would start the port)."""
_IP_LITERAL = re.compile(r"(\[(?:[0-9A-Fa-f:.]+|[vV][0-9A-Fa-f]+\.[A-Za-z0-9\-._~!$&'()*+,;=:]+)\])(:[0-9]*)?")
"""A host that is an IP literal in brackets, with its port if any (RFC 3986 section 3.2.2: ``[2001:db8::7]:80``)."""
_PORT = re.compile(r"[0-9]*")
_AUTHORITY_END = re.compile(r"[/?#]")


def _uri_reference(url: str) -> str:
    """``url`` as a URI reference an ``xs:anyURI`` attribute accepts (RFC 3986), its meaning kept.

    A source's URL is any text a user wrote: a character a URI cannot hold (a space, a
    letter outside ASCII, a ``%`` that encodes nothing, a second ``#``, a bracket) is
    percent-encoded as UTF-8, and so is a colon in the first segment of a reference
    without a scheme (``:`` alone would read as an empty scheme). After ``//``, the
    authority is read as ``userinfo@host:port``: an ``@`` before the last one, and a colon
    in the host that starts no port of digits, are encoded too, and an empty port is dropped
    (``host:`` means ``host``). Any other valid URL is left as it is, an IP literal host in
    brackets included. The exact URL travels in the
    ``proprietary`` block, so reading it back is unaffected.

    >>> _uri_reference("https://example.org/a b?q=ü#part")
    'https://example.org/a%20b?q=%C3%BC#part'
    >>> _uri_reference(":"), _uri_reference("50%"), _uri_reference("a#b#c")
    ('%3A', '50%25', 'a#b%23c')
    >>> _uri_reference("http://[2001:db8::7]:8080/c[1]"), _uri_reference("http://a@b@host:port/")
    ('http://[2001:db8::7]:8080/c%5B1%5D', 'http://a%40b@host%3Aport/')
    """
    scheme = _SCHEME.match(url)
    start = scheme.end() if scheme else 0
    out = [url[:start]]
    first_segment = scheme is None  # a colon here would make a relative reference read as a scheme
    if url.startswith("//", start):
        end = _AUTHORITY_END.search(url, start + 2)
        stop = end.start() if end else len(url)
        out += ("//", _authority(url[start + 2 : stop]))
        start, first_segment = stop, False
    fragment = False
    i = start
    while i < len(url):
        c = url[i]
        if c == "%" and _PERCENT.match(url, i):
            out.append(url[i : i + 3])
            i += 3
            continue
        if c in "/?#":
            first_segment = False
        keep = c in _URI_CHARACTERS and not (c == ":" and first_segment) and not (c == "#" and fragment)
        fragment = fragment or c == "#"
        out.append(c if keep else _percent(c))
        i += 1
    return "".join(out)


def _authority(text: str) -> str:
    """An authority (what follows ``//`` up to a path, query or fragment) as ``userinfo@host:port`` reads it."""
    user, at, hostport = text.rpartition("@")
    literal = _IP_LITERAL.fullmatch(hostport)
    if literal is not None:
        written = hostport  # (brackets, then a port of digits: as it is)
    else:
        host, colon, port = hostport.rpartition(":")
        if not colon or not host or not _PORT.fullmatch(port):  # (a port after no host: libxml2 refuses it)
            host, port = hostport, ""
        # (an empty port is dropped, as RFC 3986 section 6.2.3 normalises it: libxml2 refuses "host:")
        written = _encoded(host, _HOST) + (":" + port if port else "")
    return (_encoded(user, _USERINFO) + "@" if at else "") + written


def _encoded(text: str, allowed: frozenset[str]) -> str:
    """``text`` with every character outside ``allowed`` percent-encoded (a percent-encoding kept)."""
    out = []
    i = 0
    while i < len(text):
        if text[i] == "%" and _PERCENT.match(text, i):
            out.append(text[i : i + 3])
            i += 3
            continue
        out.append(text[i] if text[i] in allowed else _percent(text[i]))
        i += 1
    return "".join(out)


def _percent(c: str) -> str:
    """One character percent-encoded as UTF-8 (a lone surrogate as its code point's bytes)."""
    return "".join(f"%{b:02X}" for b in c.encode("utf-8", "surrogatepass"))


# Characters XML 1.0 cannot carry (C0 controls but tab and line ends, U+FFFE, U+FFFF).
_NOT_XML = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff]")


def _unwritable(data: Any, pointer: str = "") -> tuple[str, str] | None:
    """The JSON pointer and character of the first string in ``data`` that XML cannot carry."""
    if isinstance(data, str):
        found = _NOT_XML.search(data)
        return (pointer or "/", f"U+{ord(found.group(0)):04X}") if found else None
    items = data.items() if isinstance(data, dict) else enumerate(data) if isinstance(data, list) else ()
    for key, value in items:
        hit = _unwritable(value, f"{pointer}/{key}")
        if hit is not None:
            return hit
    return None


# --- writing ---------------------------------------------------------------------------------


def version_to_akn(version: Version, *, corpus: CorpusData | None = None) -> str:
    """``version`` as an Akoma Ntoso 3.0 ``doc`` (a string of XML).

    ``corpus`` names the corpus in the FRBR identifiers and gives the actors' names
    and kinds for the TLC references; without it the corpus is ``local``.
    """
    return _serialise(_document(version, corpus, None))


def to_akn(version: Version, *, corpus: CorpusData | None = None) -> str:
    """``version`` as Akoma Ntoso 3.0 XML; :func:`peaceplan.read_akn` reads it back equal.

    The same as :func:`version_to_akn`, under the name the other writers use
    (:func:`peaceplan.to_text`, :func:`peaceplan.to_markdown`).
    """
    return version_to_akn(version, corpus=corpus)


def diff_to_akn(diff: _DiffShape, *, corpus: CorpusData | None = None) -> str:
    """The new version of ``diff`` as Akoma Ntoso, with a ``textualMod`` for each change in ``passiveModifications``."""
    return _serialise(_document(diff.new, corpus, diff))


def _serialise(root: ET.Element) -> str:
    ET.indent(root)
    text = ET.tostring(root, encoding="unicode").replace("\r", "&#13;")  # a parser would turn a bare CR into LF
    return '<?xml version="1.0" encoding="UTF-8"?>\n' + text + "\n"


def _sub(parent: ET.Element, tag: str, text: str | None = None, **attributes: str) -> ET.Element:
    element = ET.SubElement(parent, f"{_A}{tag}", {k.rstrip("_"): v for k, v in attributes.items()})
    if text is not None:
        element.text = text
    return element


def _xs_date(value: Any) -> str:
    """An xs:date for a fuzzy date (its first day), or the earliest date for none."""
    if value is None:
        return "0001-01-01"
    return _dt.date(value.year, value.month or 1, value.day or 1).isoformat()


def _uris(corpus_name: str, version: Version) -> tuple[str, str, str]:
    work = f"/akn/{_COUNTRY}/doc/{corpus_name}-{version.document}"
    expression = f"{work}/{version.language}@{version.id}"
    return work, expression, f"{expression}.akn"


def _document(version: Version, corpus: CorpusData | None, diff: _DiffShape | None) -> ET.Element:
    for checked in (version, *((diff.old,) if diff is not None else ())):
        hit = _unwritable(checked.to_dict())
        if hit is not None:
            raise ValidationError(
                f"version {checked.id!r}, at {hit[0]}: holds {hit[1]}, a character XML 1.0 cannot carry; "
                "Akoma Ntoso cannot hold this text (remove the control character)"
            )
    actors: dict[str, Actor] = {a.id: a for a in corpus.actors} if corpus is not None else {}
    corpus_name = corpus.name if corpus is not None else "local"
    root = ET.Element(f"{_A}akomaNtoso")
    doc = _sub(root, "doc", name=version.document)
    meta = _sub(doc, "meta")
    _identification(meta, version, corpus_name)
    chain = _lineage(version, corpus)
    _lifecycle(meta, version, chain)
    if diff is not None and diff.changes:
        _modifications(meta, diff, corpus_name)
    _references(meta, version, actors, corpus_name, diff, [v.id for v in chain])
    proprietary = _sub(meta, "proprietary", source=_SOURCE)
    data = ET.SubElement(proprietary, f"{_P}version")
    data.text = json.dumps(_extras(version), ensure_ascii=False, sort_keys=True)
    preface = _sub(doc, "preface")
    _sub(_sub(preface, "p"), "docTitle", version.title)
    proponents = list(dict.fromkeys(a.actor for a in version.attributions if a.role in PROPOSING_ROLES))
    if proponents:
        line = _sub(preface, "p")
        for i, actor in enumerate(proponents):
            if i:
                _sub(line, "span", ", ")
            _sub(line, "docProponent", actors[actor].name if actor in actors else actor, refersTo=f"#{actor}")
    body = _sub(doc, "mainBody")
    for p in version.provisions:
        _point(body, p, p.label)
    if not version.provisions:
        _sub(body, "p")
    return root


def _identification(meta: ET.Element, version: Version, corpus_name: str) -> None:
    work, expression, manifestation = _uris(corpus_name, version)
    date = _xs_date(version.date or version.reported)
    name = str(version.date) if version.date else "undated"
    identification = _sub(meta, "identification", source=_SOURCE)
    authors = [a.actor for a in version.attributions if a.role in PROPOSING_ROLES] or ["peaceplan"]
    for tag, this, uri in (
        ("FRBRWork", f"{work}/!main", work),
        ("FRBRExpression", f"{expression}/!main", expression),
        ("FRBRManifestation", f"{manifestation}", manifestation),
    ):
        frbr = _sub(identification, tag)
        _sub(frbr, "FRBRthis", value=this)
        _sub(frbr, "FRBRuri", value=uri)
        _sub(frbr, "FRBRdate", date=date, name=name)
        for author in dict.fromkeys(authors):
            _sub(frbr, "FRBRauthor", href=f"#{author}")
        if tag == "FRBRWork":
            _sub(frbr, "FRBRcountry", value=_COUNTRY)
            _sub(frbr, "FRBRname", value=version.document)
        elif tag == "FRBRExpression":
            _sub(frbr, "FRBRversionNumber", value=version.id)
            _sub(frbr, "FRBRlanguage", language=version.language)


def _lineage(version: Version, corpus: CorpusData | None) -> list[Version]:
    """The earlier versions of ``version``'s lineage the corpus holds, oldest first."""
    if corpus is None:
        return []
    graph = corpus.graph  # a parent outside the corpus given: named in the references only
    ids = {up for p in version.parents if p in graph for up in (p, *graph.upstream(p))}
    return sorted((corpus.version(vid) for vid in ids), key=lambda v: (_xs_date(v.date or v.reported), v.id))


def _lifecycle(meta: ET.Element, version: Version, chain: list[Version]) -> None:
    """One event per earlier version in the lineage, then this version's own."""
    lifecycle = _sub(meta, "lifecycle", source=_SOURCE)
    for i, v in enumerate([*chain, version]):
        _sub(
            lifecycle,
            "eventRef",
            eId=f"evt_{_eid_part(v.id)}",
            date=_xs_date(v.date or v.reported),
            source=f"#ver_{_eid_part(v.id)}",
            type="generation" if i == 0 else "amendment",
        )


def _modifications(meta: ET.Element, diff: _DiffShape, corpus_name: str) -> None:
    analysis = _sub(meta, "analysis", source=_SOURCE)
    passive = _sub(analysis, "passiveModifications")
    old_ref = f"#ver_{_eid_part(diff.old.id)}"
    old_uri = _uris(corpus_name, diff.old)[1]
    for i, change in enumerate(diff.changes, start=1):
        mod = _sub(passive, "textualMod", type=_TEXTUAL_MODS[change.kind.value], eId=f"pmod_{i}")
        _sub(mod, "source", href=old_ref)
        targets = change.new_labels or change.old_labels
        prefix = "" if change.new_labels else f"{old_uri}~"
        for label in targets:
            _sub(mod, "destination", href=f"{prefix}#{provision_eid(label)}")
        for label, p in zip(change.old_labels, change.old, strict=True):
            ET.SubElement(_sub(mod, "old", href=f"{old_uri}~#{provision_eid(label)}"), f"{_P}text").text = p.text
        for label, p in zip(change.new_labels, change.new, strict=True):
            ET.SubElement(_sub(mod, "new", href=f"#{provision_eid(label)}"), f"{_P}text").text = p.text


def _references(
    meta: ET.Element,
    version: Version,
    actors: Mapping[str, Actor],
    corpus_name: str,
    diff: _DiffShape | None,
    lineage: list[str],
) -> None:
    references = _sub(meta, "references", source=_SOURCE)
    ids = {"peaceplan"}
    _sub(references, "TLCOrganization", eId="peaceplan", href="/ontology/organization/peaceplan", showAs="peaceplan")
    credited = [a.actor for a in version.attributions]
    for _, p in version.walk():
        credited += [a.actor for a in p.attributions]
        credited += [pos.actor for pos in p.positions]
        credited += [a.actor for alt in p.alternatives for a in alt.attributions]
    for actor in dict.fromkeys(credited):
        if actor in ids:
            continue
        ids.add(actor)
        known = actors.get(actor)
        person = known is not None and known.kind is ActorKind.PERSON
        _sub(
            references,
            "TLCPerson" if person else "TLCOrganization",
            eId=actor,
            href=f"/ontology/{'person' if person else 'organization'}/{corpus_name}/{actor}",
            showAs=known.name if known is not None else actor,
        )
    versions = [version.id, *version.parents, *lineage]
    if diff is not None:
        versions.append(diff.old.id)
    for vid in dict.fromkeys(versions):
        _sub(
            references,
            "TLCReference",
            eId=f"ver_{_eid_part(vid)}",
            href=f"/akn/{_COUNTRY}/doc/{corpus_name}-{version.document}/{version.language}@{vid}",
            showAs=vid,
            name="version",
        )
    for s in version.sources:
        _sub(
            references,
            "TLCReference",
            eId=f"src_{_eid_part(s.id)}",
            href=_uri_reference(s.url) if s.url else f"/ontology/source/{corpus_name}/{s.id}",
            showAs=f"{s.publisher}: {s.title}",
            name="source",
        )


def _point(parent: ET.Element, p: Provision, path: str) -> None:
    point = _sub(parent, "point", eId=provision_eid(path))
    _sub(point, "num", p.label)
    if p.title is not None:
        _sub(point, "heading", p.title)
    if p.children:
        if p.text:
            _sub(_sub(point, "intro"), "p", p.text)
        for child in p.children:
            _point(point, child, f"{path}.{child.label}")
    else:
        _sub(_sub(point, "content"), "p", p.text)


def _extras(version: Version) -> dict[str, Any]:
    """What the body does not carry: the header, and each point's own fields but label, text, title and children."""
    data = version.to_dict(provisions=False)
    data.pop("provisions", None)
    data.pop("title", None)
    data.pop("language", None)
    points: dict[str, Any] = {}
    for path, p in version.walk():
        own = {k: v for k, v in p.to_dict().items() if k not in ("label", "text", "title", "children")}
        if "text" not in p.to_dict():
            own["no_text"] = True
        if own:
            points[provision_eid(path)] = own
    return {"peaceplan-akn": 1, "header": data, "points": points}


# --- reading ---------------------------------------------------------------------------------


def read_akn(source: str | os.PathLike[str] | bytes, /) -> Version:
    """Read a version from Akoma Ntoso XML: a path, or the XML itself as bytes.

    The points come from the body (``num``, ``heading``, ``intro``/``content``
    text, nested points); the header and what the body cannot hold from the
    peaceplan ``proprietary`` block when present. A document from another tool
    reads with its id and document from the FRBR expression and work, its status
    ``draft``. Malformed or foreign XML raises :class:`~peaceplan.ValidationError`
    naming the file and the element.
    """
    name = str(source) if not isinstance(source, bytes) else "Akoma Ntoso XML"
    try:
        root = ET.fromstring(source) if isinstance(source, bytes) else ET.parse(Path(source)).getroot()
    except ET.ParseError as exc:
        raise ValidationError(f"{name}: not well-formed XML: {exc}") from None
    except OSError as exc:
        raise ValidationError(f"{name}: cannot read: {exc.strerror or exc}") from None
    if root.tag != f"{_A}akomaNtoso":
        raise ValidationError(f"{name}: expected an <akomaNtoso> root in namespace {AKN_NAMESPACE}, got <{root.tag}>")
    doc = next(iter(root), None)
    if doc is None:
        raise ValidationError(f"{name}: <akomaNtoso> holds no document")
    extras = _read_extras(doc, name)
    header = dict(extras.get("header", {})) if extras else _frbr_header(doc, name)
    header["title"] = (
        _text_of(doc.find(f"{_A}preface/{_A}p/{_A}docTitle")) or header.get("title") or doc.get("name", "")
    )
    language = doc.find(f"{_A}meta/{_A}identification/{_A}FRBRExpression/{_A}FRBRlanguage")
    header["language"] = language.get("language", "en") if language is not None else "en"
    body = doc.find(f"{_A}mainBody")
    if body is None:
        raise ValidationError(f"{name}: <{doc.tag.removeprefix(_A)}> has no <mainBody>")
    points = extras.get("points", {}) if extras else {}
    header["provisions"] = [_read_point(e, e.findtext(f"{_A}num", ""), points, name) for e in _points(body)]
    header["peaceplan"] = 1
    from .io import _schema_problems
    from .yamlio import LineMap

    problems = _schema_problems(header, "version", LineMap())
    if problems:
        raise ValidationError([p.located(file=name) for p in problems])
    return Version.from_dict(header)


def import_akn(
    path: str | os.PathLike[str],
    /,
    *,
    id: str,  # the keyword every reader of peaceplan.text.reader takes
    document: str | None = None,
    title: str | None = None,
    date: str | None = None,
    proposed_by: ProposedBy = (),
    parents: Sequence[str] | None = None,
) -> ImportResult:
    """Read an Akoma Ntoso file as a new version, as ``peaceplan import plan.akn`` does.

    The version is :func:`read_akn`'s, under the id given; ``document``, ``title``,
    ``date`` and ``parents`` replace its own when given, and ``proposed_by`` adds
    proposers. The report is empty: nothing is guessed from the layout.
    """
    from ..text.reader import ImportResult

    version = read_akn(path)
    changes: dict[str, Any] = {"id": id}
    changes |= {k: v for k, v in (("document", document), ("title", title), ("date", date)) if v is not None}
    if parents is not None:
        changes["parents"] = tuple(parents)
    if proposed_by:
        changes["attributions"] = (*version.attributions, *attributions_of(proposed_by))
    try:
        return ImportResult(version=attrs.evolve(version, **changes), report=())
    except (TypeError, ValueError) as exc:
        if isinstance(exc, ValidationError):
            raise
        raise ValidationError(f"{os.fspath(path)}: {exc}") from None


def _points(parent: ET.Element) -> Iterator[ET.Element]:
    return (e for e in parent if e.tag == f"{_A}point")


def _text_of(element: ET.Element | None) -> str | None:
    if element is None:
        return None
    return "".join(element.itertext())


def _read_point(e: ET.Element, path: str, points: Mapping[str, Any], name: str) -> dict[str, Any]:
    label = e.findtext(f"{_A}num")
    if label is None:
        raise ValidationError(f"{name}: <point eId={e.get('eId')!r}> has no <num>")
    data: dict[str, Any] = {"label": label}
    heading = e.find(f"{_A}heading")
    if heading is not None:
        data["title"] = _text_of(heading)
    text = _text_of(e.find(f"{_A}content/{_A}p")) or _text_of(e.find(f"{_A}intro/{_A}p")) or ""
    own = dict(points.get(e.get("eId", ""), {}))
    if not own.pop("no_text", False):
        data["text"] = text
    data |= own
    children = [_read_point(c, f"{path}.{c.findtext(f'{_A}num', '')}", points, name) for c in _points(e)]
    if children:
        data["children"] = children
    return data


def _read_extras(doc: ET.Element, name: str) -> dict[str, Any] | None:
    block = doc.find(f"{_A}meta/{_A}proprietary/{_P}version")
    if block is None or not block.text:
        return None
    try:
        data = json.loads(block.text)
    except json.JSONDecodeError as exc:
        raise ValidationError(f"{name}: the peaceplan block in <proprietary> is not JSON: {exc}") from None
    if not isinstance(data, dict) or data.get("peaceplan-akn") != 1:
        raise ValidationError(f"{name}: the peaceplan block in <proprietary> is not version 1 of its format")
    return data


def _frbr_header(doc: ET.Element, name: str) -> dict[str, Any]:
    expression = doc.find(f"{_A}meta/{_A}identification/{_A}FRBRExpression/{_A}FRBRuri")
    uri = expression.get("value", "") if expression is not None else ""
    number = doc.find(f"{_A}meta/{_A}identification/{_A}FRBRExpression/{_A}FRBRversionNumber")
    version_id = number.get("value") if number is not None else uri.rpartition("@")[2]
    document = doc.get("name") or uri.split("/")[4] if uri.count("/") >= 4 else doc.get("name", "")
    slug = re.sub(r"[^a-z0-9]+", "-", (version_id or "").lower()).strip("-")
    if not slug:
        raise ValidationError(f"{name}: no FRBRExpression version number or URI to take the version id from")
    return {
        "id": slug,
        "document": re.sub(r"[^a-z0-9]+", "-", (document or slug).lower()).strip("-") or slug,
        "status": "draft",
    }
