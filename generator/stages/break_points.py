"""Places where a long address may wrap: after each '/', '@', '_', ':', '?', '=' and '+',
and before each '.' and each percent-escape ('%22'), inside a run of text longer than a
narrow line holds (an e-mail address, a web address such as a meeting's joining link, a
file's path), marked with <wbr>.

Browsers do not wrap "fatima.butt@bradford.gov.uk" or "assistance/concessions" at their
punctuation, so on a phone in large print such a run is wider than its line and is
broken between two letters instead, or widens its table. <wbr> adds no character: the
address reads, copies and searches as written.
"""

from __future__ import annotations

import re

LONG = 16  # characters: shorter runs fit any line the site draws

# Text between tags, outside the elements whose text is not shown as text.
_TAG_OR_TEXT = re.compile(r"(<(script|style|textarea|title)\b.*?</\2\s*>|<[^>]*>)", re.S | re.I)
_RUN = re.compile(rf"\S{{{LONG},}}")
# Never after '&' or '#': they begin the character references the HTML's text holds.
_AFTER = re.compile(r"([/@_:?=+])(?=[^\s/@_.:?=+])")
# Not again where _AFTER has just marked ('>' of its <wbr>: text holds '>' only as &gt;).
_BEFORE = re.compile(r"(?<=[^\s/@_.:?=+>])(\.(?=\w)|%[0-9A-Fa-f]{2})")


def _marked(run: re.Match) -> str:
    text = run.group()
    if not any(mark in text for mark in "/@_.:?=+%"):
        return text
    return _BEFORE.sub(r"<wbr>\1", _AFTER.sub(r"\1<wbr>", text))


def mark_break_points(html: str) -> str:
    """The HTML with <wbr> in every long run of text that holds an address's punctuation."""
    out = []
    done = 0
    for tag in _TAG_OR_TEXT.finditer(html):
        out.append(_RUN.sub(_marked, html[done:tag.start()]))
        out.append(tag.group())
        done = tag.end()
    out.append(_RUN.sub(_marked, html[done:]))
    return "".join(out)
