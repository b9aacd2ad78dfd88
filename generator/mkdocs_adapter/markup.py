"""Markup fixes to mkdocs-material's output that its templates cannot reach, so every page
passes the W3C Nu checker and axe-core. They touch only HTML, never content or facts.

The plugin applies them (plugin.py), so a council's mkdocs.yml needs no hooks of ours.
"""

from __future__ import annotations

import re

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
