"""Markup fixes to mkdocs-material's output that its templates cannot reach, so every page
passes the W3C Nu checker and axe-core. They touch only HTML, never content or facts.

The plugin applies them (plugin.py), so a council's mkdocs.yml needs no hooks of ours.
"""

from __future__ import annotations

import html
import re
from urllib.parse import urljoin, urlsplit

from generator.stages.break_points import mark_break_points
from generator.stages.render import wrap_tables
from generator.stages.tables import stack_tables

# Material's hidden checkboxes carry autocomplete="off", which HTML allows only on inputs
# that hold a value a browser could autofill; a checkbox is not one.
_CHECKBOX_AUTOCOMPLETE = re.compile(r'(<input class="md-toggle"[^>]*?) autocomplete="off"')
# The table of contents names a "__toc" toggle that exists only for pages in the nav.
_TOC_LABEL = re.compile(r'<label class="md-nav__title" for="__toc">')


def written_page_content(content: str) -> str:
    """Markdown pages (the clerk's guide) reflow as the generated pages do: their tables
    get the same focusable, labelled scroll region and labels for narrow widths, and long
    addresses their break points."""
    wrapped, _count = wrap_tables(content, 0)
    return stack_tables(mark_break_points(wrapped))


def fixed_page(output: str) -> str:
    """A whole page (or the 404 template) as MkDocs is about to write it."""
    output = _CHECKBOX_AUTOCOMPLETE.sub(r"\1", output)
    if 'id="__toc"' not in output:
        output = _TOC_LABEL.sub('<label class="md-nav__title">', output)
    return output


_LINK = re.compile(r"""<a\b((?:[^>"']|"[^"]*"|'[^']*')*)>(.*?)</a>""", re.S)
_HREF = re.compile(r'\shref="([^"]*)"')
_TAGS = re.compile(r"<[^>]*>")


def print_addresses(output: str, page_url: str | None) -> str:
    """Each link in the page's article marked with the address paper prints after it
    (papers.css, @media print): a link to another site as it is; a link within the site
    in full where the site's address (page_url, this page's) is known, and not at all
    where it is not, since a relative path means nothing on paper. Links within the page,
    e-mail and phone links, and links whose text is already their address print none."""
    start, end = output.find("<article"), output.rfind("</article>")
    if start < 0 or end < start:
        return output

    def marked(link: re.Match) -> str:
        href = _HREF.search(link.group(1))
        if href is None or "data-print-href" in link.group(1):
            return link.group()
        address = html.unescape(href.group(1))
        scheme = urlsplit(address).scheme
        if scheme in ("http", "https"):
            full = address
        elif scheme or address.startswith("#") or not address or page_url is None:
            return link.group()
        else:
            full = urljoin(page_url, address)
        shown = html.unescape(_TAGS.sub("", link.group(2))).strip()
        if shown in (full, address) or shown.rstrip("/") == full.rstrip("/"):
            return link.group()
        return (f'<a{link.group(1)} data-print-href="{html.escape(full, quote=True)}">'
                f"{link.group(2)}</a>")

    return output[:start] + _LINK.sub(marked, output[start:end]) + output[end:]
