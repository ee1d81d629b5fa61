"""Hostile text in a file shows as text in every renderer, never as live markup.

A catalogue of strings that would inject HTML, Markdown, links, terminal
escapes or invisible reordering is put into provision texts and titles,
version titles, actor names and source titles, diffed, and rendered to HTML,
Markdown and terminal text. The HTML and the Markdown (rendered by a CommonMark
engine with raw HTML allowed, the most permissive setting) must contain only
the tags and links the renderer itself writes, and each string must come out
as readable text.
"""

from __future__ import annotations

import re

import pytest
from hostile import HOSTILE, Page
from hypothesis import given
from hypothesis import strategies as st
from markdown_it import MarkdownIt

from peaceplan.compare.diff import diff
from peaceplan.model.records import Actor, Attribution, Provision, Source, Version
from peaceplan.render import (
    render_html,
    render_markdown,
    render_text,
    render_version_html,
    render_version_markdown,
    render_version_text,
)
from peaceplan.render.escape import escape_html, escape_markdown, safe_url, visible

_TAGS_HTML = {
    "html", "head", "meta", "title", "style", "body", "main", "footer", "h1", "h2", "dl", "dt", "dd", "div",
    "b", "code", "p", "ul", "ol", "li", "span", "small", "table", "thead", "tbody", "tr", "th", "td",
    "article", "header", "del", "ins", "a", "details", "summary",
}  # fmt: skip
_TAGS_MARKDOWN = {"h1", "h2", "h3", "p", "ul", "li", "strong", "em", "table", "thead", "tbody", "tr", "th", "td"}
_TAGS_MARKDOWN |= {"blockquote", "del", "ins", "a", "br"}


def _assert_inert(page: Page, allowed: set[str]) -> None:
    assert set(page.tags) <= allowed, set(page.tags) - allowed
    assert page.tags.count("style") <= 1
    assert not page.comments
    for name, value in page.attrs:
        assert not name.startswith("on"), name
        assert name not in ("src", "srcdoc", "formaction")
        if name == "href":
            assert value is not None
            assert value.startswith(("https://", "http://", "#")), value


def _fold(text: str) -> str:
    return re.sub(r"\s*[\r\n]+\s*", " ", visible(text))


def _markdown_page(markdown: str) -> Page:
    engine = MarkdownIt("commonmark", {"html": True}).enable(["table", "strikethrough"])
    return Page(engine.render(markdown))


def _versions(s: str) -> tuple[Version, Version, Actor]:
    actor = Actor(id="a", name=s, kind="person")
    source = Source(id="src", publisher=s, title=s, reliability="leaked", url="javascript:alert(1)")
    credit = Attribution(actor="a", confidence="contested", sources=["src"])
    old = Version(
        id="old",
        document="plan",
        title=s,
        status="draft",
        sources=[source],
        provisions=[
            Provision(label="1", title=s, text=f"Intro {s} end of the point."),
            Provision(label="3", text=f"Dropped: {s}"),
        ],
    )
    new = Version(
        id="new",
        document="plan",
        title=f"New {s}",
        status="proposed",
        parents=["old"],
        sources=[source, Source(id="web", publisher="P", title=s, reliability="official", url="https://ok.example/a")],
        attributions=[credit],
        provisions=[
            Provision(label="1", title=s, text=f"Intro {s} end of the point, now changed.", attributions=[credit]),
            Provision(label="2", text=s, attributions=[Attribution(actor="a", sources=["web"])]),
        ],
    )
    return old, new, actor


@pytest.fixture(params=sorted(HOSTILE), ids=sorted(HOSTILE))
def hostile(request: pytest.FixtureRequest) -> str:
    return HOSTILE[request.param]


def test_the_catalogue_holds_at_least_fifteen_hostile_strings() -> None:
    assert len(HOSTILE) >= 15


def test_html_report_shows_hostile_text_as_text(hostile: str) -> None:
    old, new, actor = _versions(hostile)
    page = Page(render_html(diff(old, new), actors=[actor]))
    _assert_inert(page, _TAGS_HTML)
    assert visible(hostile) in page.text
    assert f"New {visible(hostile)}" in page.text


def test_html_title_option_is_escaped(hostile: str) -> None:
    old, new, _ = _versions("plain")
    page = Page(render_html(diff(old, new), title=hostile))
    _assert_inert(page, _TAGS_HTML)
    assert visible(hostile) in page.text


def test_html_version_page_shows_hostile_text_as_text(hostile: str) -> None:
    _, new, actor = _versions(hostile)
    page = Page(render_version_html(new, actors=[actor]))
    _assert_inert(page, _TAGS_HTML)
    assert visible(hostile) in page.text


def test_markdown_report_shows_hostile_text_as_text(hostile: str) -> None:
    old, new, actor = _versions(hostile)
    markdown = render_markdown(diff(old, new), actors=[actor])
    page = _markdown_page(markdown)
    _assert_inert(page, _TAGS_MARKDOWN)
    assert page.tags.count("h1") == 1
    assert _fold(hostile) in page.text
    assert "javascript" not in " ".join(v or "" for _, v in page.attrs)


def test_markdown_version_shows_hostile_text_as_text(hostile: str) -> None:
    _, new, actor = _versions(hostile)
    page = _markdown_page(render_version_markdown(new, actors=[actor]))
    _assert_inert(page, _TAGS_MARKDOWN)
    assert page.tags.count("h1") == 1
    assert _fold(hostile) in page.text


_SGR = re.compile(r"\x1b\[[0-9;]*m")


@pytest.mark.parametrize("color", [False, True], ids=["plain", "color"])
def test_terminal_output_carries_no_control_characters_from_the_text(hostile: str, color: bool) -> None:
    old, new, actor = _versions(hostile)
    for out in (
        render_text(diff(old, new), color=color, width=2000, actors=[actor]),
        render_version_text(new, color=color, width=2000, actors=[actor]),
    ):
        bare = _SGR.sub("", out)
        assert not re.search("[\x00-\x08\x0b-\x1f\x7f\u202a-\u202e\u2066-\u2069]", bare)
        assert visible(hostile).split("\n")[0] in bare


def test_hostile_provision_labels_are_escaped() -> None:
    old = Version(id="o", document="d", title="T", status="draft", provisions=[Provision(label="<b>1", text="a b")])
    new = Version(id="n", document="d", title="T", status="draft", provisions=[Provision(label="*1*", text="a c")])
    d = diff(old, new)
    page = Page(render_html(d))
    _assert_inert(page, _TAGS_HTML)
    assert "<b>1" in page.text
    md_page = _markdown_page(render_markdown(d))
    _assert_inert(md_page, _TAGS_MARKDOWN)
    assert "<b>1" in md_page.text
    assert "*1*" in md_page.text


@pytest.mark.parametrize(
    ("url", "linked"),
    [
        ("https://example.org/a?b=1&c=2", True),
        ("http://example.org", True),
        ("mailto:press@example.org", True),
        ("javascript:alert(1)", False),
        ("JAVASCRIPT:alert(1)", False),
        ("data:text/html,<script>alert(1)</script>", False),
        ("vbscript:msgbox", False),
        ("https://exa mple.org", False),
        ("java\nscript:alert(1)", False),
        ("", False),
        (None, False),
    ],
)
def test_only_web_and_mail_links_are_linked(url: str | None, linked: bool) -> None:
    assert (safe_url(url) is not None) is linked


@given(st.text())
def test_escaped_markdown_reads_back_as_the_visible_text(text: str) -> None:
    page = _markdown_page(f"X{escape_markdown(text)}X")
    assert page.tags == ["p"]
    assert page.text.strip("\n") == f"X{_fold(text)}X"


@given(st.text())
def test_escaped_html_reads_back_as_the_visible_text(text: str) -> None:
    page = Page(f"<p>{escape_html(text)}</p>")
    assert page.tags == ["p"]
    assert page.text == visible(text)


@given(st.text())
def test_visible_leaves_no_invisible_control_and_is_idempotent(text: str) -> None:
    shown = visible(text)
    assert not re.search("[\x00-\x08\x0b-\x1f\x7f-\x9f\u202a-\u202e\u2066-\u2069\ufeff]", shown)
    assert visible(shown) == shown


@given(st.text())
def test_escaped_markdown_at_the_start_of_a_line_is_one_paragraph_of_the_visible_text(text: str) -> None:
    shown = _fold(text.lstrip()).strip()
    if not shown:
        return
    page = _markdown_page(escape_markdown(text.lstrip()))
    assert page.tags == ["p"]
    assert page.text.strip() == shown


@pytest.mark.parametrize(
    "text",
    [
        "US 28-point peace plan (leaked draft)",
        "2025-12-23",
        "late 2025-10 · leaked · summarised",
        "Ukraine's armed forces stay at 800,000 in peacetime.",
        "AT&T, 1.5 million, #5, -5 degrees, a > b, 100%, e.g. (a)",
    ],
)
def test_markdown_escaping_leaves_text_that_opens_no_markup_as_written(text: str) -> None:
    assert escape_markdown(text) == text


@pytest.mark.parametrize(
    ("text", "escaped"),
    [
        ("1. first", "1\\. first"),
        ("# heading", "\\# heading"),
        ("- item", "\\- item"),
        ("> quote", "\\> quote"),
        ("---", "\\---"),
        ("**bold** _it_ `code` [link](x) <b> &amp; a|b ~~s~~ $x$", None),
    ],
)
def test_markdown_escaping_escapes_what_would_open_markup(text: str, escaped: str | None) -> None:
    if escaped is not None:
        assert escape_markdown(text) == escaped
    for line in (escape_markdown(text), f"X{escape_markdown(text)}X", f"- X{escape_markdown(text)}"):
        page = _markdown_page(line)
        assert page.tags in (["p"], ["ul", "li"])
        assert page.text.strip("\n").removeprefix("X").removesuffix("X") == text
