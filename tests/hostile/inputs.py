"""The hostile catalogue: thousands of labelled bad inputs, generated from a few good ones.

Each :class:`Input` is one file's bytes (or one text) with a label saying what
is wrong with it (``version/field:title/value:control-esc``) and the entry
point family it is fed to: ``version`` (a version file: ``load_version``,
``validate_path``, ``load_corpus`` of a folder holding it, CLI ``validate``
and ``show``), ``text`` (``read_text``/``read_markdown`` from a string and
from a path, CLI ``import``), ``docx``, ``pdf`` (the readers from a path and
from a stream, CLI ``import``) and ``diff`` (``Diff.from_json``).

Everything is generated deterministically from the good inputs below by
families of mutations: each field of a version given each hostile value;
truncations and byte flips; text encodings; deep nesting; huge numbers; lone
surrogates; zip bombs, style loops and damaged parts of a Word file; damaged,
encrypted and truncated PDFs; every key of a saved diff removed or retyped.
"""

from __future__ import annotations

import functools
import io
import json
import random
import re
import zipfile
from collections.abc import Iterator

import attrs

__all__ = [
    "CORPUS_FILES",
    "Input",
    "catalogue",
    "docx_bytes",
    "pdf_bytes",
    "valid_diff_json",
]

MANIFEST = """\
peaceplan: 1
name: demo
title: Demo corpus
documents:
  - id: plan
    title: Peace plan
    kind: peace-plan
"""

ACTORS = """\
peaceplan: 1
actors:
  - id: us
    name: United States
    kind: state
  - id: ukraine
    name: Ukraine
    kind: state
"""

V1 = """\
peaceplan: 1
id: v1
document: plan
title: First draft
status: draft
date: 2025-11-20
notes: A note.
attributions:
  - actor: us
    sources: [nbc]
sources:
  - id: nbc
    publisher: NBC
    title: The plan
    reliability: reported
    url: https://example.org/plan
provisions:
  - label: "1"
    title: Ceasefire
    text: A ceasefire starts.
    topics: [ceasefire]
    children:
      - label: a
        text: Along the line of contact.
  - label: "2"
    text: Elections follow.
"""

V2 = """\
peaceplan: 1
id: v2
document: plan
title: Second draft
status: proposed
parents: [v1]
provisions:
  - label: "1"
    text: A ceasefire starts at once.
    derived_from: ["v1#1"]
"""

CORPUS_FILES: dict[str, str] = {
    "corpus.yaml": MANIFEST,
    "actors.yaml": ACTORS,
    "versions/v1.yaml": V1,
    "versions/v2.yaml": V2,
}
"""A small valid corpus folder: a hostile version file is put beside these as versions/v9.yaml."""


@attrs.frozen
class Input:
    """One hostile input: what it is (the label), what reads it (the family), and its content."""

    label: str
    family: str  # version, text, docx, pdf, diff
    data: bytes
    suffix: str = ""  # the file name's suffix (.yaml, .json, .txt, .md, .docx, .pdf)

    @property
    def text(self) -> str:
        """The content as text, for the entry points that take a string (undecodable bytes replaced)."""
        return self.data.decode("utf-8", errors="surrogateescape")


# --- hostile values ---------------------------------------------------------------------------

STRINGS: dict[str, str] = {
    "control-esc": "clear\x1b[2J\x1b[H",
    "hyperlink": "\x1b]8;;https://evil.example\x1b\\x\x1b]8;;\x1b\\",
    "c1": "c1\x9b31m\x85",
    "nul": "nul\x00byte",
    "bidi": "army \u202e008\u202c",
    "zero-width": "zero\u200bwidth\ufeff",
    "markup": "[bold]x[/bold] <script>alert(1)</script> **b**",
    "template": "{{x}} {% raw %} ${x}",
    "long-word": "A" * 5000,
    "many-lines": "line\n" * 2000,
    "crlf": "a\r\nb\rc",
    "emoji-astral": "\U0001f600\U000e0041",
    "rtl-script": "مرحبا שלום",
    "combining": "e\u0301" * 200,
    "blank": "   ",
    "empty": "",
    "tab": "a\tb",
}
"""Hostile strings: each is put in each text field of each input."""

YAML_VALUES: dict[str, str] = {
    **{f"str:{k}": json.dumps(v) for k, v in STRINGS.items()},  # a JSON string is a YAML double-quoted one
    "surrogate-escape": '"t\\udc00"',
    "surrogate-pair-half": '"\\ud83d"',
    "huge-int": "9" * 5000,
    "huge-hex": "0x" + "f" * 5000,
    "huge-octal": "0o" + "7" * 5000,
    "long-float": "1." + "1" * 5000,
    "inf": ".inf",
    "nan": ".nan",
    "exp-float": "1e99999",
    "negative": "-1",
    "zero": "0",
    "bool": "yes",
    "null": "null",
    "tilde": "~",
    "list": "[1, 2, 3]",
    "mapping": "{a: 1}",
    "deep-list": "[" * 300 + "]" * 300,
    "deep-map": "{a: " * 300 + "1" + "}" * 300,
    "tag-python": "!!python/object/apply:os.system [echo]",
    "tag-binary": "!!binary aGVsbG8=",
    "tag-set": "!!set {a, b}",
    "tag-timestamp": "!!timestamp 2001-12-14",
    "custom-tag": "!foo bar",
    "anchor": "&a x",
    "alias": "*a",
    "date-like": "2025-13-45",
    "merge": "<<: {a: 1}",
    "multiline-block": "|\n  one\n  two",
    "folded": ">\n  one\n  two",
    "quote-open": '"unterminated',
    "colon-space": "a: b: c",
    "flow-open": "[a, b",
    "comment-only": "# nothing",
}
"""Hostile YAML values: each replaces the value of each field of a version file."""

JSON_VALUES: dict[str, str] = {
    **{f"str:{k}": json.dumps(v) for k, v in STRINGS.items()},
    "surrogate-escape": '"t\\udc00"',
    "surrogate-high": '"\\ud800x"',
    "huge-int": "9" * 5000,
    "huge-negative": "-" + "9" * 5000,
    "long-float": "1." + "1" * 5000,
    "exp-float": "1e99999",
    "nan": "NaN",
    "infinity": "Infinity",
    "neg-infinity": "-Infinity",
    "null": "null",
    "true": "true",
    "zero": "0",
    "negative": "-1",
    "float": "1.5",
    "list": "[1, 2]",
    "empty-list": "[]",
    "object": '{"a": 1}',
    "empty-object": "{}",
    "deep-array": "[" * 3000 + "]" * 3000,
    "deep-object": '{"a":' * 3000 + "1" + "}" * 3000,
    "bad-escape": '"\\x41"',
    "raw-control": '"a\x01b"',
}
"""Hostile JSON values: each replaces the value of each key of a saved diff."""

_BYTES = [b"\x00", b"\xff", b"\xfe", b"\x1b", b"\x80", b"\xc3", b"\xed\xa0\x80", b"\xef\xbb\xbf", b"\n", b'"', b"{"]


# --- version files ------------------------------------------------------------------------------

_FIELD_LINES = re.compile(r"^( *(?:- )?)([a-z_]+):( .*)?$", re.M)


def _version_inputs() -> Iterator[Input]:
    base = V1
    fields = [(m.start(), m.end(), m.group(1), m.group(2)) for m in _FIELD_LINES.finditer(base) if m.group(3)]
    for start, end, indent, key in fields:
        line_no = base.count("\n", 0, start) + 1
        for name, value in YAML_VALUES.items():
            text = base[:start] + f"{indent}{key}: {value}" + base[end:]
            yield Input(f"version/line{line_no}:{key}/value:{name}", "version", text.encode("utf-8"), ".yaml")
    data = base.encode("utf-8")
    for cut in range(0, len(data), 7):
        yield Input(f"version/truncated-at:{cut}", "version", data[:cut], ".yaml")
    rng = random.Random(15)
    for n in range(120):
        at = rng.randrange(len(data))
        junk = rng.choice(_BYTES)
        yield Input(f"version/byte:{n}:at{at}:{junk.hex()}", "version", data[:at] + junk + data[at + 1 :], ".yaml")
    for codec in ("utf-16", "utf-16-le", "utf-32", "cp1251", "latin-1", "utf-8-sig"):
        text = base.replace("First draft", "Перший проєкт" if codec == "cp1251" else "Première ébauche")
        yield Input(f"version/encoding:{codec}", "version", text.encode(codec), ".yaml")
    structural = {
        "empty": "",
        "only-comments": "# nothing\n",
        "a-list": "- a\n- b\n",
        "a-scalar": "just text\n",
        "duplicate-key": base + "title: Again\n",
        "two-documents": base + "---\n" + base,
        "billion-laughs": "a: &a [x, x, x, x, x, x, x, x, x]\nb: &b [*a, *a, *a, *a, *a, *a, *a, *a, *a]\n"
        "c: &c [*b, *b, *b, *b, *b, *b, *b, *b, *b]\nd: [*c, *c, *c, *c, *c, *c, *c, *c, *c]\n",
        "tabs": base.replace("  - label", "\t- label"),
        "deep-provisions": _deep_version(300),
        "deep-provisions-120": _deep_version(120),
        "many-provisions": _wide_version(5000),
        "long-line": base.replace("A ceasefire starts.", "x" * 2_000_000),
        "nul-in-text": base.replace("A ceasefire", "A\x00ceasefire"),
        "bom-twice": "\ufeff\ufeff" + base,
        "cycle-derived": V2.replace('derived_from: ["v1#1"]', 'derived_from: ["v2#1"]'),
        "self-parent": V2.replace("parents: [v1]", "parents: [v2]"),
        "dotted-orphan-label": base.replace('label: "2"', 'label: "3.1"'),
    }
    for name, text in structural.items():
        yield Input(f"version/structure:{name}", "version", text.encode("utf-8", errors="surrogatepass"), ".yaml")
    as_json = _v1_json()
    for key_path in _json_paths(as_json):
        for name, value in list(JSON_VALUES.items())[::3]:  # a third of the values: the YAML ones cover the rest
            yield Input(
                f"version-json/{'/'.join(map(str, key_path))}/value:{name}",
                "version",
                _replace_json(as_json, key_path, value).encode("utf-8"),
                ".json",
            )


def _deep_version(depth: int) -> str:
    lines = ["peaceplan: 1", "id: deep", "document: plan", "title: Deep", "status: draft", "provisions:"]
    indent = "  "
    for _ in range(depth):
        lines += [f'{indent}- label: "1"', f"{indent}  text: x", f"{indent}  children:"]
        indent += "    "
    lines += [f'{indent}- label: "1"', f"{indent}  text: x"]
    return "\n".join(lines) + "\n"


def _wide_version(count: int) -> str:
    head = "peaceplan: 1\nid: wide\ndocument: plan\ntitle: Wide\nstatus: draft\nprovisions:\n"
    return head + "".join(f'  - label: "{i}"\n    text: Point {i}.\n' for i in range(1, count + 1))


def _v1_json() -> str:
    import yaml

    return json.dumps(yaml.safe_load(V1), default=str)


def _json_paths(text: str) -> list[tuple[str | int, ...]]:
    """The path of every value in a JSON document (keys and list indexes)."""
    out: list[tuple[str | int, ...]] = []

    def walk(value: object, path: tuple[str | int, ...]) -> None:
        if path:
            out.append(path)
        if isinstance(value, dict):
            for k, v in value.items():
                walk(v, (*path, k))
        elif isinstance(value, list):
            for i, v in enumerate(value):
                walk(v, (*path, i))

    walk(json.loads(text), ())
    return out


_PLACEHOLDER = "\u2603HOSTILE\u2603"


def _replace_json(text: str, path: tuple[str | int, ...], raw: str) -> str:
    """``text`` with the value at ``path`` replaced by the raw JSON text ``raw`` (any bytes, even invalid)."""
    data = json.loads(text)
    target = data
    for step in path[:-1]:
        target = target[step]
    target[path[-1]] = _PLACEHOLDER
    return json.dumps(data, ensure_ascii=False).replace(json.dumps(_PLACEHOLDER, ensure_ascii=False), raw)


def _remove_json(text: str, path: tuple[str | int, ...]) -> str:
    data = json.loads(text)
    target = data
    for step in path[:-1]:
        target = target[step]
    del target[path[-1]]
    return json.dumps(data)


# --- texts ------------------------------------------------------------------------------------


def _text_inputs() -> Iterator[Input]:
    template = "Peace plan {s}\n\n1. A ceasefire {s} starts.\n  (a) Along the line {s}.\n2. Elections {s}.\n"
    for name, s in STRINGS.items():
        for suffix in (".txt", ".md"):
            text = template.format(s=s)
            yield Input(f"text/field:{name}{suffix}", "text", text.encode("utf-8"), suffix)
            yield Input(f"text/label:{name}{suffix}", "text", f"1. a\n{s}. b\n({s}) c\n".encode(), suffix)
    sample = "План миру\n\n1. Припинення вогню.\n2. Вибори.\n"
    western = "Plan de paix\n\n1. Cessez-le-feu immédiat.\n2. Élections à venir.\n"
    encodings = {
        "cp1251": sample.encode("cp1251"),
        "koi8-r-declared": b"# coding: koi8-r\n" + sample.encode("koi8-r"),
        "utf-16-bom": sample.encode("utf-16"),
        "utf-16-le-no-bom": sample.encode("utf-16-le"),
        "utf-16-be-no-bom": sample.encode("utf-16-be"),
        "utf-32-bom": sample.encode("utf-32"),
        "utf-8-bom": sample.encode("utf-8-sig"),
        "latin-1": western.encode("latin-1"),
        "cp1252": (western + "“quoted” – dash\n").encode("cp1252"),
        "mac-roman-undeclared": western.encode("mac_roman"),
        "binary": bytes(range(256)) * 4,
        "nul-bytes": b"1. a\x00b\n2. c\x00\n",
        "bom-then-bad-utf16": b"\xff\xfe\x00\xd8",
        "utf-8-overlong": b"1. \xc0\xaf\n",
        "encoded-surrogate": b"1. \xed\xa0\x80\n",
        "truncated-utf8": "1. Мир".encode()[:-1],
    }
    for name, data in encodings.items():
        yield Input(f"text/encoding:{name}", "text", data, ".txt")
    shapes = {
        "repeated-1": "1. a\n" * 3000,
        "running-headers": "".join(f"HEADER\n{i}. point {i}.\nPage {i}\n" for i in range(1, 1500)),
        "inline-items": "1. Items: " + "; ".join(f"({chr(97 + i % 26)}) x" for i in range(3000)),
        "bullets": "- item\n" * 3000,
        "deep-indent-200": "\n".join(" " * (2 * i) + "1. x" for i in range(200)),
        "deep-indent-500": "\n".join(" " * (2 * i) + "1. x" for i in range(500)),
        "deep-markdown-300": "\n".join("  " * i + "- x" for i in range(300)),
        "deep-dotted-300": "\n".join(".".join(["1"] * k) + ". x" for k in range(1, 301)),
        "long-line": "1. " + "word " * 300_000,
        "only-blank": "\n\n\n   \n",
        "empty": "",
        "only-markers": "1.\n2.\n(a)\n",
        "lone-surrogate-escape-text": "1. \\ud800 written out",
        "huge-number-marker": "9" * 5000 + ". x\n",
        "roman-monster": "M" * 3000 + ". x\n",
        "letter-run": "\n".join(f"({chr(97 + i % 26) * (1 + i // 26)}) x" for i in range(2000)),
        "form-feeds": "1. a\f2. b\f3. c\v4. d",
        "unicode-separators": "1. a\u20282. b\u20293. c\x854. d",
        "signature-only": "Signed: ____\nFor the United States:\n",
    }
    for name, text in shapes.items():
        for suffix in (".txt", ".md"):
            yield Input(f"text/shape:{name}{suffix}", "text", text.encode("utf-8"), suffix)
    rng = random.Random(8)
    base = template.format(s="x").encode()
    for n in range(60):
        at = rng.randrange(len(base))
        yield Input(f"text/byte:{n}:at{at}", "text", base[:at] + rng.choice(_BYTES) + base[at + 1 :], ".txt")


# --- Word files -----------------------------------------------------------------------------------


@functools.cache
def docx_bytes() -> bytes:
    """A small valid Word file: a title, numbered points with sub-points, a table."""
    import docx

    document = docx.Document()
    document.add_heading("Peace plan", level=1)
    for text in ("A ceasefire starts.", "Elections follow.", "Sanctions are lifted."):
        document.add_paragraph(text, style="List Number")
        document.add_paragraph(f"Detail of {text}", style="List Number 2")
    table = document.add_table(rows=1, cols=2)
    table.cell(0, 0).text = "4. In a table."
    table.cell(0, 1).text = "5. Second cell."
    out = io.BytesIO()
    document.save(out)
    return out.getvalue()


def _rezip(data: bytes, replace: dict[str, bytes | None], extra: dict[str, bytes] | None = None) -> bytes:
    """A copy of the zip ``data`` with parts replaced (None removes one) and parts added."""
    out = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(data)) as src, zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as dst:
        for info in src.infolist():
            if info.filename in replace:
                if replace[info.filename] is not None:
                    dst.writestr(info.filename, replace[info.filename])  # type: ignore[arg-type]
            else:
                dst.writestr(info, src.read(info.filename))
        for name, content in (extra or {}).items():
            dst.writestr(name, content)
    return out.getvalue()


def _part(data: bytes, name: str) -> bytes:
    with zipfile.ZipFile(io.BytesIO(data)) as z:
        return z.read(name)


@functools.cache
def _bomb_part() -> bytes:
    return bytes(33 * 1024 * 1024)  # over the 32 MiB part limit; deflates to about 33 KB


def _docx_inputs() -> Iterator[Input]:
    good = docx_bytes()
    yield Input("docx/valid", "docx", good, ".docx")
    document = _part(good, "word/document.xml")
    styles = _part(good, "word/styles.xml")
    numbering = _part(good, "word/numbering.xml")
    self_based = re.sub(
        rb'(<w:style [^>]*w:styleId="Normal"[^>]*>)', rb'\1<w:basedOn w:val="Normal"/>', styles, count=1
    )
    cycle = re.sub(
        rb'(<w:style [^>]*w:styleId="ListNumber"[^>]*>)', rb'\1<w:basedOn w:val="ListNumber2"/>', styles, count=1
    )
    cycle = re.sub(rb"(<w:style [^>]*w:styleId=\"ListNumber2\"[^>]*>)", rb'\1<w:basedOn w:val="ListNumber"/>', cycle)
    for level in (9, 10, 11, 99, -1, 2147483647):
        numbered = re.sub(
            rb"<w:pStyle w:val=\"ListNumber\"/>",
            b'<w:pStyle w:val="ListNumber"/><w:numPr><w:ilvl w:val="%d"/><w:numId w:val="1"/></w:numPr>' % level,
            document,
        )
        yield Input(f"docx/list-level:{level}", "docx", _rezip(good, {"word/document.xml": numbered}), ".docx")
    variants: dict[str, bytes] = {
        "style-based-on-itself": _rezip(good, {"word/styles.xml": self_based}),
        "style-cycle": _rezip(good, {"word/styles.xml": cycle}),
        "zip-bomb-part": _rezip(good, {}, {"word/media/bomb.bin": _bomb_part()}),
        "zip-bomb-document": _rezip(good, {"word/document.xml": document + b" " * (33 * 1024 * 1024)}),
        "no-document-part": _rezip(good, {"word/document.xml": None}),
        "no-content-types": _rezip(good, {"[Content_Types].xml": None}),
        "no-styles": _rezip(good, {"word/styles.xml": None}),
        "no-numbering": _rezip(good, {"word/numbering.xml": None}),
        "document-not-xml": _rezip(good, {"word/document.xml": b"not xml at all"}),
        "document-truncated-xml": _rezip(good, {"word/document.xml": document[: len(document) // 2]}),
        "document-entity-bomb": _rezip(
            good,
            {
                "word/document.xml": b'<?xml version="1.0"?><!DOCTYPE d [<!ENTITY a "aaaaaaaaaa">'
                b'<!ENTITY b "&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;"><!ENTITY c "&b;&b;&b;&b;&b;&b;&b;&b;&b;&b;">]>'
                + document.replace(b"A ceasefire starts.", b"&c;")
            },
        ),
        "document-deep-xml": _rezip(
            good, {"word/document.xml": document.replace(b"<w:body>", b"<w:body>" + b"<w:sdt>" * 5000, 1)}
        ),
        "numbering-garbage": _rezip(good, {"word/numbering.xml": numbering.replace(b'w:ilvl="0"', b'w:ilvl="x"')}),
        "numbering-not-xml": _rezip(good, {"word/numbering.xml": b"\x00\x01"}),
        "styles-not-xml": _rezip(good, {"word/styles.xml": b"<w:styles"}),
        "rels-missing": _rezip(good, {"word/_rels/document.xml.rels": None}),
        "rels-garbage": _rezip(good, {"_rels/.rels": b"garbage"}),
        "control-chars-in-text": _rezip(
            good, {"word/document.xml": document.replace(b"A ceasefire starts.", b"A &#x1b;[2J cease &#x202e;fire.")}
        ),
        "encrypted-ole": b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + bytes(4096),
        "empty": b"",
        "text-file": b"1. A ceasefire.\n",
        "pdf-renamed": pdf_bytes(),
        "zip-of-nothing": _empty_zip(),
        "zip-only-content-types": _only_content_types(),
    }
    for name, data in variants.items():
        yield Input(f"docx/{name}", "docx", data, ".docx")
    for cut in list(range(0, len(good), max(1, len(good) // 40)))[:40]:
        yield Input(f"docx/truncated-at:{cut}", "docx", good[:cut], ".docx")
    rng = random.Random(3)
    for n in range(40):
        data = bytearray(good)
        for _ in range(1 + n % 4):
            data[rng.randrange(len(data))] = rng.randrange(256)
        yield Input(f"docx/bytes-flipped:{n}", "docx", bytes(data), ".docx")
    for name, s in STRINGS.items():
        if name in ("many-lines", "long-word", "nul"):
            continue
        xml_text = s.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
        xml_text = re.sub("[\x00-\x08\x0b\x0c\x0e-\x1f]", lambda m: f"&#x{ord(m[0]):x};", xml_text)
        changed = document.replace(b"A ceasefire starts.", xml_text.encode("utf-8"))
        yield Input(f"docx/field:{name}", "docx", _rezip(good, {"word/document.xml": changed}), ".docx")


def _empty_zip() -> bytes:
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w"):
        pass
    return out.getvalue()


def _only_content_types() -> bytes:
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as z:
        z.writestr("[Content_Types].xml", "<Types/>")
    return out.getvalue()


# --- PDF files ----------------------------------------------------------------------------------


def pdf_bytes(pages: tuple[tuple[str, ...], ...] = (("1. A ceasefire starts.", "2. Elections follow."),)) -> bytes:
    """A minimal valid PDF with a text layer: one line of Helvetica per string, a page per tuple."""
    objects: list[bytes] = []
    kids = " ".join(f"{3 + 2 * i} 0 R" for i in range(len(pages)))
    font = 3 + 2 * len(pages)
    objects.append(b"<< /Type /Catalog /Pages 2 0 R >>")
    objects.append(f"<< /Type /Pages /Kids [{kids}] /Count {len(pages)} >>".encode())
    for i, lines in enumerate(pages):
        ops = "BT /F1 12 Tf 72 720 Td " + " ".join(f"({_pdf_string(line)}) Tj 0 -14 Td" for line in lines) + " ET"
        stream = ops.encode("latin-1", errors="replace")
        objects.append(
            f"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] /Contents {4 + 2 * i} 0 R "
            f"/Resources << /Font << /F1 {font} 0 R >> >> >>".encode()
        )
        objects.append(b"<< /Length %d >>\nstream\n" % len(stream) + stream + b"\nendstream")
    objects.append(b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>")
    out = bytearray(b"%PDF-1.4\n")
    offsets = []
    for n, body in enumerate(objects, start=1):
        offsets.append(len(out))
        out += b"%d 0 obj\n" % n + body + b"\nendobj\n"
    xref = len(out)
    out += b"xref\n0 %d\n0000000000 65535 f \n" % (len(objects) + 1)
    out += b"".join(b"%010d 00000 n \n" % o for o in offsets)
    out += b"trailer\n<< /Size %d /Root 1 0 R >>\nstartxref\n%d\n%%%%EOF\n" % (len(objects) + 1, xref)
    return bytes(out)


def _pdf_string(s: str) -> str:
    return s.replace("\\", "\\\\").replace("(", "\\(").replace(")", "\\)")


def _encrypted_pdf(password: str) -> bytes:
    from pypdf import PdfReader, PdfWriter

    writer = PdfWriter(clone_from=PdfReader(io.BytesIO(pdf_bytes())))
    writer.encrypt(user_password=password, owner_password="owner", algorithm="RC4-128")
    out = io.BytesIO()
    writer.write(out)
    return out.getvalue()


def _pdf_inputs() -> Iterator[Input]:
    good = pdf_bytes()
    yield Input("pdf/valid", "pdf", good, ".pdf")
    restarting = tuple((f"Plan page {p}", "1. a point", "2. another", f"Page {p}") for p in range(1, 201))
    variants: dict[str, bytes] = {
        "encrypted-with-password": _encrypted_pdf("secret"),
        "encrypted-empty-password": _encrypted_pdf(""),
        "restarting-numbering-200-pages": pdf_bytes(restarting),
        "empty": b"",
        "header-only": b"%PDF-1.4\n",
        "no-header": good[9:],
        "docx-renamed": docx_bytes(),
        "text-file": b"1. A ceasefire.\n",
        "no-xref": good[: good.index(b"xref")],
        "bad-xref-offset": good.replace(b"startxref\n", b"startxref\n9"),
        "bad-length": good.replace(b"/Length ", b"/Length 9999"),
        "negative-length": good.replace(b"/Length ", b"/Length -"),
        "huge-length": good.replace(b"/Length ", b"/Length 99999999999"),
        "no-root": good.replace(b"/Root 1 0 R", b""),
        "pages-loop": good.replace(b"/Kids [3 0 R]", b"/Kids [2 0 R]"),
        "page-count-lies": good.replace(b"/Count 1", b"/Count 999999999"),
        "bad-filter": good.replace(b"<< /Length", b"<< /Filter /FlateDecode /Length"),
        "unknown-filter": good.replace(b"<< /Length", b"<< /Filter /NoSuchDecode /Length"),
        "control-chars-in-text": pdf_bytes((("1. \x1b[2J clear", "2. \x07 bell"),)),
        "deep-array": good.replace(b"/MediaBox [0 0 612 792]", b"/MediaBox " + b"[" * 5000 + b"]" * 5000),
        "deep-dict": good.replace(b"/Resources", b"/X " + b"<<" * 3000 + b">>" * 3000 + b" /Resources"),
    }
    for name, data in variants.items():
        yield Input(f"pdf/{name}", "pdf", data, ".pdf")
    for cut in range(0, len(good), max(1, len(good) // 40)):
        yield Input(f"pdf/truncated-at:{cut}", "pdf", good[:cut], ".pdf")
    rng = random.Random(4)
    for n in range(50):
        data = bytearray(good)
        for _ in range(1 + n % 3):
            data[rng.randrange(len(data))] = rng.randrange(256)
        yield Input(f"pdf/bytes-flipped:{n}", "pdf", bytes(data), ".pdf")


# --- saved diffs ----------------------------------------------------------------------------------


@functools.cache
def valid_diff_json() -> str:
    """A saved diff (:meth:`Diff.to_json`) of two small versions."""
    from peaceplan import Provision, Version, diff

    old = Version(
        id="v1",
        document="plan",
        title="First",
        status="draft",
        provisions=[Provision(label="1", text="A ceasefire starts."), Provision(label="2", text="Elections.")],
    )
    new = Version(
        id="v2",
        document="plan",
        title="Second",
        status="draft",
        parents=["v1"],
        provisions=[Provision(label="1", text="A ceasefire starts at once."), Provision(label="3", text="New.")],
    )
    return diff(old, new).to_json(indent=None)


def _diff_inputs() -> Iterator[Input]:
    good = valid_diff_json()
    paths = _json_paths(good)
    names = list(JSON_VALUES)
    for i, path in enumerate(paths):
        label = "/".join(map(str, path))
        yield Input(f"diff/{label}/removed", "diff", _remove_json(good, path).encode(), ".json")
        for k in range(4):  # four values a path, rotating through the list
            name = names[(i * 4 + k) % len(names)]
            text = _replace_json(good, path, JSON_VALUES[name])
            yield Input(f"diff/{label}/value:{name}", "diff", text.encode("utf-8", "surrogatepass"), ".json")
    data = good.encode()
    for cut in range(0, len(data), max(1, len(data) // 60)):
        yield Input(f"diff/truncated-at:{cut}", "diff", data[:cut], ".json")
    rng = random.Random(12)
    for n in range(60):
        at = rng.randrange(len(data))
        yield Input(f"diff/byte:{n}:at{at}", "diff", data[:at] + rng.choice(_BYTES) + data[at + 1 :], ".json")
    structural = {
        "empty": "",
        "array": "[]",
        "null": "null",
        "string": '"x"',
        "duplicate-key": good[:-1] + ', "old": 1}',
        "deep": "[" * 5000 + "]" * 5000,
        "nan": good.replace("}", ', "x": NaN}', 1),
    }
    for name, text in structural.items():
        yield Input(f"diff/structure:{name}", "diff", text.encode(), ".json")


def catalogue() -> list[Input]:
    """Every hostile input, in a fixed order; labels are unique."""
    inputs = [*_version_inputs(), *_text_inputs(), *_docx_inputs(), *_pdf_inputs(), *_diff_inputs()]
    seen: dict[str, int] = {}
    unique = []
    for item in inputs:
        n = seen.get(item.label, 0)
        seen[item.label] = n + 1
        unique.append(item if n == 0 else attrs.evolve(item, label=f"{item.label}#{n + 1}"))
    return unique
