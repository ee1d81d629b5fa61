"""Escaping user text for every output: terminal, Markdown and HTML.

Everything a renderer prints that came from a file (provision texts, titles,
actor names, source titles, notes, URLs) passes through here first, so a
provision that reads ``<script>`` or ``**bold**`` shows as exactly that text.
Three layers:

* :func:`visible` makes invisible characters visible in every format: C0/C1
  control characters (NUL, ESC and the like, which could drive a terminal) and
  Unicode bidirectional overrides (which could make displayed text read
  differently from the stored text) become ``⟨U+202E⟩`` markers.
* :func:`escape_html` is :func:`html.escape` (quotes included) over
  :func:`visible`.
* :func:`escape_markdown` backslash-escapes what Markdown would read as markup
  and nothing else: anywhere, the characters that open inline markup (emphasis,
  code, links, raw HTML, GFM tables, strikethrough and math) and an ``&`` that
  would start an entity; at the start, what would open a block (a heading,
  quote, list or numbered list). Line breaks fold into spaces, so no text can
  start a block further on. ``28-point``, ``2025-12-23`` and ``(leaked draft)``
  stay as written.

:func:`safe_url` keeps only ``http``, ``https`` and ``mailto`` links; any other
scheme (``javascript:``, ``data:``) is shown as text, never linked.
"""

from __future__ import annotations

import html
import re
import urllib.parse

__all__ = ["escape_html", "escape_json", "escape_markdown", "for_terminal", "safe_url", "visible"]

# C0 controls except tab and newline, DEL, C1 controls, the bidi embedding,
# override and isolate characters (and the Arabic letter mark), the zero-width
# space, word joiner and invisible operators, the deprecated format characters,
# the byte-order mark, the interlinear annotation characters, the tag characters
# (which can spell hidden text), lone surrogates (which no terminal can print),
# and the line/paragraph separators. Joiners (U+200C/D) and the LRM/RLM marks
# stay: scripts such as Persian need them and they cannot reorder text.
_INVISIBLE = re.compile(
    "[\x00-\x08\x0b-\x1f\x7f-\x9f\u061c\u180e\u200b\u2028-\u202e\u2060-\u2064\u2066-\u206f"
    "\ud800-\udfff\ufeff\ufff9-\ufffb\U000e0000-\U000e007f]"
)

# CommonMark lets a backslash escape any ASCII punctuation. These can open or
# close inline markup wherever they stand: emphasis (* _), code (`), links and
# images ([ ], after which ( ) and ! are plain), raw HTML and autolinks (<), GFM
# table cells (|) and strikethrough (~), math ($), and the escape itself. An &
# matters only where it starts an entity (&amp; &#38;).
_MARKDOWN_INLINE = re.compile(r"([\\`*_\[\]<|~$])|&(?=#?[A-Za-z0-9]+;)")
# These open a block only at the start of a line: a heading (# then a space), a
# quote (>), a list item (- or + then a space; * is escaped anywhere), a numbered
# item (1. or 1) then a space), a setext underline or thematic break (a line of
# = or -). "28-point", "#5" and "1.5 million" open nothing and stay as written.
_MARKDOWN_BLOCK = re.compile(
    r"^([ \t]*)(?:#{1,6}(?=[ \t]|$)|>|[-+](?=[ \t]|$)|\d{1,9}[.)](?=[ \t]|$)|=+[ \t]*$|(?:-[ \t]*)+$)"
)

_SAFE_SCHEMES = frozenset({"http", "https", "mailto"})


def visible(text: str) -> str:
    """Replace control, bidi-override and zero-width characters by visible ``⟨U+XXXX⟩`` markers.

    The one escaping function for text shown on a terminal: every text view
    passes user text (provision texts, titles, labels, names, file names in
    error messages) through it, and the terminal console applies it again to
    whatever it prints. Tabs and newlines stay; so does every printable
    character in any script.

    >>> visible("army\\u202e008")
    'army⟨U+202E⟩008'
    >>> visible("Київ")
    'Київ'
    """
    return _INVISIBLE.sub(lambda m: f"⟨U+{ord(m.group()):04X}⟩", text)


_SGR = re.compile(r"(\x1b\[[0-9;]*m)")


def for_terminal(output: str) -> str:
    r"""A rendered output made safe for a terminal: colour codes kept, every other invisible character shown.

    What a renderer returns holds its own colour codes (``ESC[1m``); any
    other escape, control, bidi or zero-width character is made visible, so
    no format (CSV included) can drive the terminal it is printed on.

    >>> for_terminal("\x1b[1mbold\x1b[0m \x1b]8;;https://evil.example\x07link")
    '\x1b[1mbold\x1b[0m ⟨U+001B⟩]8;;https://evil.example⟨U+0007⟩link'
    """
    return "".join(part if i % 2 else visible(part) for i, part in enumerate(_SGR.split(output)))


def escape_json(text: str) -> str:
    r"""JSON text with its invisible characters written as ``\uXXXX`` escapes: the same data, shown safely.

    >>> print(escape_json('["army \u202e008"]'))
    ["army \u202e008"]
    """

    def escaped(m: re.Match[str]) -> str:
        code = ord(m.group())
        if code > 0xFFFF:
            code -= 0x10000
            return f"\\u{0xD800 + (code >> 10):04x}\\u{0xDC00 + (code & 0x3FF):04x}"
        return f"\\u{code:04x}"

    return _INVISIBLE.sub(escaped, text)


def escape_html(text: str) -> str:
    """Escape user text for HTML element content and quoted attribute values.

    >>> escape_html('<script>alert("1")</script>')
    '&lt;script&gt;alert(&quot;1&quot;)&lt;/script&gt;'
    """
    return html.escape(visible(text), quote=True)


def escape_markdown(text: str) -> str:
    r"""Escape user text so Markdown (CommonMark or GFM) shows it as written, on one line.

    >>> escape_markdown("**bold** <b>")
    '\\*\\*bold\\*\\* \\<b>'
    >>> escape_markdown("# heading\n- item")
    '\\# heading - item'
    >>> escape_markdown("US 28-point plan (leaked draft), 2025-12-23. AT&T")
    'US 28-point plan (leaked draft), 2025-12-23. AT&T'
    >>> escape_markdown("1. first &amp; [link](x)")
    '1\\. first \\&amp; \\[link\\](x)'
    """
    folded = re.sub(r"\s*[\r\n]+\s*", " ", visible(text))
    inline = _MARKDOWN_INLINE.sub(lambda m: "\\" + m.group(0), folded)
    return _MARKDOWN_BLOCK.sub(_escape_block, inline, count=1)


def _escape_block(m: re.Match[str]) -> str:
    indent, marker = m.group(1), m.group(0)[len(m.group(1)) :]
    digits = len(marker) - len(marker.lstrip("0123456789"))
    return f"{indent}{marker[:digits]}\\{marker[digits:]}"  # 1\. item, \# heading, \- item


def safe_url(url: str | None) -> str | None:
    """The URL when it is safe to link (``http``, ``https``, ``mailto``), else ``None``.

    >>> safe_url("https://example.org/a?b=1")
    'https://example.org/a?b=1'
    >>> safe_url("javascript:alert(1)") is None
    True
    """
    if not url:
        return None
    cleaned = url.strip()
    if _INVISIBLE.search(cleaned) or any(ch.isspace() for ch in cleaned):
        return None
    scheme = urllib.parse.urlsplit(cleaned).scheme.lower()
    return cleaned if scheme in _SAFE_SCHEMES else None
