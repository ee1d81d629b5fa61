"""The shared catalogue of hostile strings, and an HTML parser to check what a renderer wrote.

Every renderer must show these strings as text: HTML and Markdown injection,
links with dangerous schemes, terminal escapes, invisible reordering, template
syntax, runaway length. :class:`Page` collects the tags, attributes, comments
and text of an HTML page or fragment, so a test can assert that only the
renderer's own markup is there and the hostile text came back as text.
"""

from __future__ import annotations

from html.parser import HTMLParser

__all__ = ["HOSTILE", "Page", "words"]

HOSTILE: dict[str, str] = {
    "script": "<script>alert(1)</script>",
    "attribute-break": '"><img src=x onerror=alert(1)>',
    "attribute-quote": "' onmouseover='alert(1)",
    "style": "<style>body{display:none}</style>",
    "html-comment": "<!-- hidden --> after",
    "anchor": "<a href='https://evil.example'>click</a>",
    "js-anchor": "<a href='javascript:alert(1)'>click</a>",
    "iframe": "<iframe srcdoc='<b>x</b>'></iframe>",
    "table-escape": "</td></tr></table><b>escaped the table</b>",
    "div-escape": "</div><div style='position:fixed'>",
    "bold": "**bold** and __strong__",
    "emphasis-strike-math": "_under_ ~~strike~~ $x^2$",
    "js-link": "[link](javascript:alert(1))",
    "image": "![img](https://evil.example/x.png)",
    "autolink": "<https://evil.example> and www.evil.example",
    "table": "| table | cell |\n| --- | --- |",
    "backticks": "`code` and ```fence```",
    "entities": "&amp; &lt;b&gt; &#x3C;script&#x3E;",
    "rtl-override": "army cap \u202e000,008\u202c raised",
    "control-chars": "nul\x00byte \x1b[31mred\x1b[0m bell\x07",
    "heading": "# heading",
    "rule": "---",
    "list-and-quote": "1. first\n- item\n> quote",
    "line-breaks": "line one\nline two\r\nline three",
    "template": "{{template}} {% raw %} ${expr} <%= erb %>",
    "backslashes": "\\*escaped\\* \\",
    "long-word": "A" * 400,
    "zero-width": "zero\u200bwidth\ufeffbom",
}
"""Hostile strings by a short name (the name is the test id)."""


class Page(HTMLParser):
    """Every tag, attribute, comment and piece of text of an HTML page or fragment."""

    def __init__(self, text: str) -> None:
        super().__init__(convert_charrefs=True)
        self.tags: list[str] = []
        self.attrs: list[tuple[str, str | None]] = []
        self.comments: list[str] = []
        self.data: list[str] = []
        self.feed(text)
        self.close()

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.tags.append(tag)
        self.attrs.extend(attrs)

    def handle_comment(self, data: str) -> None:
        self.comments.append(data)

    def handle_data(self, data: str) -> None:
        self.data.append(data)

    @property
    def text(self) -> str:
        """All the text of the page, as a browser would show it before folding whitespace."""
        return "".join(self.data)


def words(text: str) -> str:
    """``text`` with whitespace folded to single spaces, as HTML shows it."""
    return " ".join(text.split())
