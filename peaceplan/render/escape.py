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
* :func:`escape_markdown` backslash-escapes every Markdown control character,
  ``<``, ``>`` and ``&`` included (so raw HTML and entities stay text), and
  folds line breaks into spaces so no text can start a heading, list, table
  row or code block.

:func:`safe_url` keeps only ``http``, ``https`` and ``mailto`` links; any other
scheme (``javascript:``, ``data:``) is shown as text, never linked.
"""

from __future__ import annotations

import html
import re
import urllib.parse

__all__ = ["escape_html", "escape_markdown", "safe_url", "visible"]

# C0 controls except tab and newline, DEL, C1 controls, the bidi embedding,
# override and isolate characters, the zero-width space and byte-order mark, and
# the line/paragraph separators. Joiners (U+200C/D) and the LRM/RLM marks stay:
# scripts such as Persian need them and they cannot reorder text.
_INVISIBLE = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f\u200b\u2028-\u202e\u2066-\u2069\ufeff]")

# CommonMark lets a backslash escape any ASCII punctuation; these are the ones
# that can start or end markup (GFM tables and strikethrough, and the $ of math).
_MARKDOWN_SPECIAL = re.compile(r"([\\`*_{}\[\]()#+\-.!|<>&~$])")

_SAFE_SCHEMES = frozenset({"http", "https", "mailto"})


def visible(text: str) -> str:
    """Replace control and bidi-override characters by visible ``⟨U+XXXX⟩`` markers.

    Tabs and newlines stay; so does every printable character in any script.

    >>> visible("army\\u202e008")
    'army⟨U+202E⟩008'
    >>> visible("Київ")
    'Київ'
    """
    return _INVISIBLE.sub(lambda m: f"⟨U+{ord(m.group()):04X}⟩", text)


def escape_html(text: str) -> str:
    """Escape user text for HTML element content and quoted attribute values.

    >>> escape_html('<script>alert("1")</script>')
    '&lt;script&gt;alert(&quot;1&quot;)&lt;/script&gt;'
    """
    return html.escape(visible(text), quote=True)


def escape_markdown(text: str) -> str:
    r"""Escape user text so Markdown (CommonMark or GFM) shows it as written, on one line.

    >>> escape_markdown("**bold** <b>")
    '\\*\\*bold\\*\\* \\<b\\>'
    >>> escape_markdown("# heading\n- item")
    '\\# heading \\- item'
    """
    folded = re.sub(r"\s*[\r\n]+\s*", " ", visible(text))
    return _MARKDOWN_SPECIAL.sub(r"\\\1", folded)


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
