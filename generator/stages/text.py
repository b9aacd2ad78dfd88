"""Clerk-written Markdown to safe HTML.

Report bodies are written by many officers and some hold HTML tables, so raw HTML is
reduced to a safelist by nh3 (a maintained sanitizer) after Markdown conversion: a
report can never inject script into the site.
"""

from __future__ import annotations

import contextlib
import ctypes
import html
import re
from collections.abc import Callable, Iterable

import nh3
from cmarkgfm import _cmark
from cmarkgfm.cmark import Options
from markupsafe import Markup, escape

from generator.record.model import MinuteRef
from generator.record.references import DOCUMENT_IN_TEXT, minute_ref, replace_minutes
from generator.run import workers

ALLOWED_TAGS = {
    "a", "abbr", "b", "blockquote", "br", "caption", "code", "col", "colgroup", "dd", "del",
    "div", "dl", "dt", "em", "h2", "h3", "h4", "h5", "h6", "hr", "i", "li", "ol", "p", "pre",
    "s", "section", "span", "strong", "sub", "sup", "table", "tbody", "td", "tfoot", "th",
    "thead", "tr", "u", "ul",
}
ALLOWED_ATTRIBUTES = {
    "a": {"href", "title", "id", "aria-label"},
    "abbr": {"title"},
    "td": {"colspan", "rowspan", "align"},
    "th": {"colspan", "rowspan", "scope", "align"},
    "ol": {"start"},
    "li": {"id"},
    "sup": {"id"},
}
# Only the classes Markdown's footnotes use: a clerk's class could dress content up as
# the site's own controls.
ALLOWED_CLASSES = {"section": {"footnotes"}, "sup": {"footnote-ref"}, "a": {"footnote-backref"}}
URL_SCHEMES = {"http", "https", "mailto", "tel"}
LINK_REL = "noopener noreferrer"
# Only footnote ids (fn-1, fnref-1, fnref-1-2): any other id could take over one the page
# or the theme relies on (DOM clobbering of mkdocs-material's "__config", or a "minute-47").
_FOOTNOTE_ID = re.compile(r"^fn(?:ref)?-[\w-]+$")
_URL_CONTROL = re.compile("[\x00-\x1f\x7f-\x9f]")
# The one label a link may carry: the name of a footnote's link back to its reference.
_BACK_TO_REFERENCE = re.compile(r"^Back to reference [\w-]+$")

# GitHub Flavored Markdown, so the site shows a clerk's text as GitHub shows their files:
# CommonMark with tables, bare web addresses as links, ~~struck~~ text and footnotes. It is
# GitHub's cmark-gfm, in C: some twenty times quicker than python-markdown, which was the
# costliest step of a large build. Raw HTML is passed on (UNSAFE) to the sanitizer below,
# whose safelist decides; cmark's own tag filter would print a <script> as text instead,
# and `papers check` could not tell the clerk it is gone.
_OPTIONS = Options.CMARK_OPT_UNSAFE | Options.CMARK_OPT_FOOTNOTES
_EXTENSIONS = ("table", "autolink", "strikethrough")
_HEADING = re.compile(r"<(/?)h([1-6])\b")
HEADING_LEVEL = re.compile(r"<h([1-6])\b")


def shift_headings(html: str, by: int) -> str:
    """Every heading `by` levels lower (higher if negative), none below h6."""
    if not by or "<h" not in html:  # most texts have no heading
        return html
    return _HEADING.sub(lambda m: f"<{m.group(1)}h{min(6, int(m.group(2)) + by)}", html)


def _keep_attribute(tag: str, attribute: str, value: str) -> str | None:
    if attribute == "id" and not _FOOTNOTE_ID.match(value):
        return None
    # A link holding control characters (written as character references, as in
    # java&#1;script:) is no address a clerk meant, and old browsers dropped them, making
    # it javascript: again.
    if attribute == "href" and _URL_CONTROL.search(value):
        return None
    if attribute == "aria-label" and not _BACK_TO_REFERENCE.match(value):
        return None
    return value


# Built once: nh3.clean builds its safelist afresh on each call, which cost three times
# as much as the cleaning itself.
_CLEANER = nh3.Cleaner(tags=ALLOWED_TAGS, attributes=ALLOWED_ATTRIBUTES,
                       allowed_classes=ALLOWED_CLASSES, attribute_filter=_keep_attribute,
                       url_schemes=URL_SCHEMES, link_rel=LINK_REL)


def sanitize(html: str) -> str:
    return _CLEANER.clean(html)


# Checking (safety.py) and rendering convert the same texts in one run of `papers build`;
# the cache makes that one conversion, and `papers serve`'s rebuilds convert only the texts
# a save changed. Texts are immutable, so a hit is always right.
# The HTML before sanitizing is kept only where the sanitizer removed something (safety.py
# names it), not where it only respelt it.
_converted: dict[str, tuple[str, str | None]] = {}

# Below this many texts, starting worker processes costs more than it saves.
_PARALLEL_FROM = 400


# cmarkgfm's markdown_to_html_with_extensions never frees the document tree it parses
# nor the HTML cmark writes: about eight times a text's size leaked a call, 1.2 GB for a
# large archive's texts. The same calls, through the same C library, freeing both (with
# the library's own cmark_node_free, and the C library's free for what cmark allocated).
_cmark.lib.cmark_gfm_core_extensions_ensure_registered()
_SYNTAX = [_cmark.lib.cmark_find_syntax_extension(name.encode()) for name in _EXTENSIONS]
_node_free = ctypes.CDLL(_cmark.__file__).cmark_node_free
_node_free.argtypes = [ctypes.c_void_p]
_free = ctypes.CDLL(None).free
_free.argtypes = [ctypes.c_void_p]


def _address(pointer) -> int:
    return int(_cmark.ffi.cast("uintptr_t", pointer))


def _markdown(text: str) -> str:
    lib = _cmark.lib
    parser = lib.cmark_parser_new(_OPTIONS)
    try:
        for extension in _SYNTAX:
            lib.cmark_parser_attach_syntax_extension(parser, extension)
        data = text.encode("utf-8")
        lib.cmark_parser_feed(parser, data, len(data))
        root = lib.cmark_parser_finish(parser)
        try:
            raw = lib.cmark_render_html(root, _OPTIONS,
                                        lib.cmark_parser_get_syntax_extensions(parser))
            try:
                html = _cmark.ffi.string(raw).decode("utf-8")
            finally:
                _free(_address(raw))
        finally:
            _node_free(_address(root))
    finally:
        lib.cmark_parser_free(parser)
    return html.rstrip("\n")  # the page's template lays out what follows


def _only_respelt(before: str, after: str) -> bool:
    """Whether the sanitizer changed nothing but spelling: quotes in text, self-closing
    tags and the rel it gives every link. Then nothing was removed: every tag left in
    `after` is one nh3 kept, so had any element or attribute gone the texts would differ.
    (Comparing the two element by element costs far more: a report is long.)"""
    return (before.replace("&quot;", '"').replace(" />", ">")
            == after.replace(f' rel="{LINK_REL}"', ""))


def _convert(text: str) -> tuple[str, str | None]:
    # Down a level: a body's '#' never competes with the page's own title.
    html = shift_headings(_markdown(text), 1)
    clean = sanitize(html)
    return clean, (None if _only_respelt(html, clean) else html)


def convert(text: str) -> tuple[str, str]:
    """Clerk Markdown as HTML: (as Markdown wrote it, after the sanitizer); the same twice
    when the sanitizer removed nothing.

    Headings come down one level first: a clerk's '#' is never the page's own h1 (which
    the sanitizer would drop), and the page puts them under its headings (relevel)."""
    done = _converted.get(text)
    if done is None:
        done = _converted[text] = _convert(text)
    clean, html = done
    return (html if html is not None else clean), clean


def convert_all(texts: Iterable[str]) -> None:
    """Convert many texts ahead of need, on every core: this process converts its share
    while forked workers convert the rest. Results land in convert's cache."""
    global _todo
    todo = [text for text in dict.fromkeys(texts) if text and text not in _converted]
    helpers = workers.spare()
    if not helpers or len(todo) < _PARALLEL_FROM:
        for text in todo:
            convert(text)
        return
    # The workers inherit the texts and are told only which share is theirs: sending the
    # texts cost as much as converting them. Shares interleave, as long texts cluster.
    _todo, step = todo, helpers + 1
    try:
        with workers.Pool(helpers) as pool:
            theirs = [pool.submit(_convert_share, n, step) for n in range(1, step)]
            shares = {0: [_convert(text) for text in todo[0::step]]}
            for n, share in enumerate(theirs, start=1):
                # A worker that failed (or died) leaves its texts to be converted here
                # when they are asked for: converting ahead is only a saving.
                with contextlib.suppress(Exception):
                    shares[n] = pool.result(share)
    finally:
        _todo = []
    for n, share in shares.items():
        _converted.update(zip(todo[n::step], share, strict=True))


_todo: list[str] = []  # the texts convert_all's forked workers share out


def _convert_share(first: int, step: int) -> list[tuple[str, str | None]]:
    return [_convert(text) for text in _todo[first::step]]


def to_html(text: str | None, link: Callable[[str], str] | None = None) -> Markup:
    """Convert clerk Markdown to sanitized HTML; `link` may turn references into links."""
    if not text:
        return Markup("")
    html = convert(text)[1]
    if link:
        html = link(html)
    return Markup(html)


def builder_title(text: str) -> str:
    """A page or section title as MkDocs themes want it: they print titles into the page
    (the <title>, the navigation and its aria-labels, the search index) without escaping,
    so a title is HTML. Quotes are escaped too, for the titles printed inside attributes;
    a template must not unescape a title again (Jinja's striptags does)."""
    return html.escape(text, quote=True)


def inline(text: str | None) -> Markup:
    """Short text (a title, a name): escaped, never interpreted."""
    return escape(text or "")


def link_references(html: str, minute_href: Callable[[MinuteRef], str | None],
                    document_href: Callable[[str], str | None]) -> str:
    """Turn 'Minute 46 (2018/19)' (and each other form of a minute reference) and
    Document "AD" into links where the target exists.

    Runs on sanitized HTML; only text outside tags can match, as both patterns need a
    word followed by a space and a number or a quote, which our attribute values never
    hold ("minute-47" has a hyphen)."""

    def minute(match: re.Match) -> str:
        ref = minute_ref(match)
        href = None if isinstance(ref, str) else minute_href(ref)
        return f'<a href="{escape(href)}">{match.group(0)}</a>' if href else match.group(0)

    def document(match: re.Match) -> str:
        href = document_href(match.group("letter"))
        return f'<a href="{escape(href)}">{match.group(0)}</a>' if href else match.group(0)

    if "inute" in html:
        html = replace_minutes(html, minute)
    return DOCUMENT_IN_TEXT.sub(document, html) if "Document" in html else html
