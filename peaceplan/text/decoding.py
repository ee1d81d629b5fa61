"""Turn the bytes of a text file into text: detect the encoding, or refuse with the byte offset.

Drafts arrive saved by every editor on every system: UTF-8 with or without a
byte-order mark, UTF-16 from Windows tools, and legacy single-byte code pages
(cp1251 for Russian and Ukrainian, cp1252/latin-1 for Western European
languages). :func:`decode_text` tries, in order:

1. a byte-order mark (UTF-8, UTF-16 or UTF-32);
2. UTF-8;
3. an encoding the file declares (``coding: cp1251``, ``charset=koi8-r``,
   ``encoding="windows-1251"``) in its first 1,024 bytes;
4. UTF-16 without a mark, when every other byte of a text is zero (tried
   before UTF-8 when a quarter of the bytes are zero);
5. a well-known legacy code page: cp1251 when the bytes above 127 come in
   runs (whole Cyrillic words), cp1252 (latin-1) when they stand alone among
   ASCII letters (accented letters);

and says which it used, except for plain UTF-8. Bytes that are none of these
(a binary file, control characters) are refused with the offset of the first
byte that is not UTF-8.

:func:`check_text` refuses text that cannot be written back out: lone UTF-16
surrogates (``"\\ud800"``), which Python strings can hold but no file can.
"""

from __future__ import annotations

import codecs
import re

from ..errors import Problem, ValidationError

__all__ = ["check_text", "decode_text"]

_BOMS = (
    (codecs.BOM_UTF32_LE, "utf-32", "UTF-32"),  # before UTF-16: FF FE 00 00 starts with FF FE
    (codecs.BOM_UTF32_BE, "utf-32", "UTF-32"),
    (codecs.BOM_UTF8, "utf-8-sig", "UTF-8"),
    (codecs.BOM_UTF16_LE, "utf-16", "UTF-16"),
    (codecs.BOM_UTF16_BE, "utf-16", "UTF-16"),
)
_DECLARED = re.compile(rb"""(?:coding|charset|encoding)\s*[:=]\s*["']?([A-Za-z][A-Za-z0-9._-]{1,30})""")
_CONTROL = re.compile("[\x00-\x08\x0e-\x1f\x7f]")
_SURROGATE = re.compile("[\ud800-\udfff]")


def _refuse(file: str | None, message: str, line: int | None = None) -> ValidationError:
    return ValidationError([Problem(message=message, file=file, line=line)])


def _plain(text: str) -> bool:
    """No control characters other than tab, line and page breaks: text, not binary data."""
    return not _CONTROL.search(text)


def decode_text(raw: bytes, *, file: str | None = None) -> tuple[str, str | None]:
    """The text of ``raw`` and, unless it was plain UTF-8, a note saying which encoding was used.

    >>> decode_text("Мир".encode("cp1251"))
    ('Мир', 'not UTF-8; read as cp1251 (Cyrillic, the bytes above 127 come in whole words)')
    >>> decode_text("café".encode("utf-16"))[0]
    'café'
    >>> try:
    ...     decode_text(b"\\x00\\x01\\x02\\xff\\xfe\\x00binary", file="x.txt")
    ... except ValidationError as exc:
    ...     print(str(exc)[:60])
    x.txt, line 1: not text: byte 3 (0xff) is not UTF-8, and the
    """
    for bom, codec, name in _BOMS:
        if raw.startswith(bom):
            try:
                text = raw.decode(codec)
            except UnicodeDecodeError as exc:
                offset = exc.start + (len(bom) if codec != "utf-8-sig" else 0)
                raise _refuse(
                    file,
                    f"the file starts with a {name} byte-order mark but byte {offset} is not {name}; save it as UTF-8",
                    _line(raw, offset),
                ) from None
            return text, f"read as {name} (byte-order mark)" if name != "UTF-8" else None
    if raw.count(0) > len(raw) // 4 and (wide := _utf16_without_mark(raw)) is not None:
        return wide  # ASCII in UTF-16 is also valid UTF-8, one NUL every other byte
    try:
        return raw.decode("utf-8"), None
    except UnicodeDecodeError as exc:
        bad = exc.start
    declared = _DECLARED.search(raw[:1024])
    if declared is not None:
        name = declared[1].decode("ascii").lower()
        try:
            codec = codecs.lookup(name).name
            text = raw.decode(codec)
        except (LookupError, UnicodeDecodeError):
            pass
        else:
            if _plain(text):
                return text, f"not UTF-8; read as {codec}, the encoding the file declares"
    guess = _utf16_without_mark(raw) or _legacy(raw)
    if guess is not None:
        return guess
    raise _refuse(
        file,
        f"not text: byte {bad} (0x{raw[bad]:02x}) is not UTF-8, and the file is in no encoding peaceplan "
        "knows (UTF-8, UTF-16, UTF-32, cp1251, cp1252); save it as UTF-8",
        _line(raw, bad),
    )


def _line(raw: bytes, offset: int) -> int:
    return raw.count(b"\n", 0, offset) + 1


def _utf16_without_mark(raw: bytes) -> tuple[str, str] | None:
    if len(raw) < 4 or len(raw) % 2:
        return None
    even, odd = raw[0::2], raw[1::2]
    for zeros, codec in ((odd, "utf-16-le"), (even, "utf-16-be")):
        if zeros.count(0) >= 0.9 * len(zeros):
            try:
                text = raw.decode(codec)
            except UnicodeDecodeError:
                return None
            if _plain(text):
                return text, f"not UTF-8; read as {codec.upper()} (no byte-order mark; every other byte is zero)"
    return None


def _legacy(raw: bytes) -> tuple[str, str] | None:
    """cp1251 when high bytes come in runs (Cyrillic words), cp1252 when they stand alone."""
    high = [i for i, b in enumerate(raw) if b >= 0x80]
    if not high:
        return None
    paired = sum(1 for i in high if (i > 0 and raw[i - 1] >= 0x80) or (i + 1 < len(raw) and raw[i + 1] >= 0x80))
    candidates = ["cp1251", "cp1252", "latin-1"] if paired >= len(high) / 2 else ["cp1252", "latin-1", "cp1251"]
    reasons = {
        "cp1251": "Cyrillic, the bytes above 127 come in whole words",
        "cp1252": "Western European, the bytes above 127 stand alone among ASCII letters",
        "latin-1": "Western European, the bytes above 127 stand alone among ASCII letters",
    }
    for codec in candidates:
        try:
            text = raw.decode(codec)
        except UnicodeDecodeError:
            continue
        if _plain(text) and not re.search("[\x80-\x9f]", text):
            return text, f"not UTF-8; read as {codec} ({reasons[codec]})"
    return None


def check_text(text: str, *, file: str | None = None, reader: str = "") -> None:
    """Refuse ``text`` holding a lone surrogate (``"\\ud800"``), naming its line and column.

    >>> try:
    ...     check_text("1. ok\\n2. bad \\ud800 here", reader="read_text()")
    ... except ValidationError as exc:
    ...     print(str(exc)[:60])
    line 2: read_text(): column 8 holds a lone surrogate (U+D800
    """
    m = _SURROGATE.search(text)
    if m is None:
        return
    start = text.rfind("\n", 0, m.start()) + 1
    prefix = f"{reader}: " if reader else ""
    raise ValidationError(
        [
            Problem(
                message=f"{prefix}column {m.start() - start + 1} holds a lone surrogate (U+{ord(m[0]):04X}), which "
                "is not a character and cannot be saved; the text was decoded wrongly or made by a program",
                file=file,
                line=text.count("\n", 0, m.start()) + 1,
            )
        ]
    )
