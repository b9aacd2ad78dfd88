"""Tables that read at every width: each data table is told the width below which its
columns no longer fit with whole words, and there becomes a list of labelled blocks.

A table squeezed into a phone (or into large print on any screen) otherwise breaks its
words into columns two letters wide. So each body cell is labelled with its column's
heading (`data-label`, shown before the cell only when the table is stacked; the table
itself, headings included, stays a table to a screen reader), and the table is given a
class `stack-below-N`: the stylesheet lays it out as blocks when its region is narrower
than N em (a container query, so the reader's own text size moves the point too).

N is worked out from the table's text: each column needs its longest word (estimated
generously, at WORD_EM a character), and a column of running text a readable measure
(READABLE characters of TEXT_EM, a fair average), plus its padding. The browser tests
measure that no word is split at any width, size or zoom.

A table this cannot label (a heading that spans columns, more than one heading row, no
heading row) keeps the scrolling region it is wrapped in.
"""

from __future__ import annotations

import html
import re

# Stylesheet steps, in em of the table's region (papers.css has a rule for each).
STEPS = (20, 25, 30, 35, 40, 45, 50, 60, 70, 80, 100)
WORD_EM = 0.6  # a character of Arial (or its stand-ins) in a word, at most, even bold
TEXT_EM = 0.5  # a character of running text, on average
READABLE = 14  # characters: a column of running text narrower than this reads badly
CELL_PADDING_EM = 1.3  # 0.6em each side and the border, at the table's size
TABLE_SIZE = 0.85 / 0.95  # the table's font size, relative to its region's

_OUTER_TABLE = re.compile(r'<table class="data-table">|</table>|<table\b')
_TAG = r"""(?:[^>"']|"[^"]*"|'[^']*')*"""
_ROW = re.compile(r"<tr\b" + _TAG + r">(.*?)</tr>", re.S)
_CELL = re.compile(r"<(t[dh])\b(" + _TAG + r")>(.*?)</\1>", re.S)
_ANY_TAG = re.compile(r"<" + _TAG + r">")
_WORD = re.compile(r"\S+")


def _text(fragment: str) -> str:
    """A cell's text as read: a <wbr> is no character."""
    return html.unescape(_ANY_TAG.sub(" ", fragment.replace("<wbr>", ""))).strip()


def _longest_word(fragment: str) -> int:
    """The longest run a line cannot break: a <wbr> (break_points.py) is a break."""
    words = _WORD.findall(_text(fragment.replace("<wbr>", " ")))
    return max((len(word) for word in words), default=0)


def stack_point(headings: list[str], rows: list[list[str]]) -> int:
    """The step (em of the region) below which these columns cannot fit whole words;
    headings and rows are HTML fragments, a cell each."""
    width = 0.0
    for column, heading in enumerate(headings):
        cells = [row[column] for row in rows if column < len(row)] + [heading]
        word = max(_longest_word(cell) for cell in cells)
        text = max(len(_text(cell)) for cell in cells)
        width += max(word * WORD_EM, min(text, READABLE) * TEXT_EM) + CELL_PADDING_EM
    needed = width * TABLE_SIZE
    return next((step for step in STEPS if step >= needed), STEPS[-1])


def _labelled(table: str) -> str | None:
    """The table with its body cells labelled and its step class; None if it cannot be."""
    if "<table" in table[len('<table class="data-table">'):] or "colspan" in table \
            or "rowspan" in table:
        return None
    head, sep, body = table.partition("</thead>")
    if not sep:
        return None
    header_rows = _ROW.findall(head)
    if len(header_rows) != 1:
        return None
    headings = [cell[2] for cell in _CELL.findall(header_rows[0])]
    if not headings or not all(_text(heading) for heading in headings):
        return None
    rows: list[list[str]] = []

    def label_row(row: re.Match) -> str:
        cells: list[str] = []

        def label(cell: re.Match) -> str:
            column = len(cells)
            cells.append(cell.group(3))
            if column >= len(headings) or "data-label=" in cell.group(2):
                return cell.group()
            # An empty cell is left out of its row's block: a label over nothing.
            name = html.escape(_text(headings[column]), quote=True)
            mark = f'data-label="{name}"' if _text(cell.group(3)) else "data-empty"
            return f"<{cell.group(1)}{cell.group(2)} {mark}>{cell.group(3)}</{cell.group(1)}>"

        labelled = _CELL.sub(label, row.group())
        rows.append(cells)
        return labelled

    body = _ROW.sub(label_row, body)
    step = stack_point(headings, rows)
    start = f'<table class="data-table stack-below-{step}">'
    return start + head[len('<table class="data-table">'):] + sep + body


def stack_tables(page: str) -> str:
    """Every outermost data table of a page's HTML labelled for narrow widths."""
    if '<table class="data-table">' not in page:
        return page
    out: list[str] = []
    depth = done = start = 0
    for tag in _OUTER_TABLE.finditer(page):
        if tag.group() != "</table>":
            if depth == 0:
                start = tag.start()
            depth += 1
            continue
        if not depth:
            continue
        depth -= 1
        if depth == 0 and page.startswith('<table class="data-table">', start):
            table = page[start:tag.end()]
            out.append(page[done:start])
            out.append(_labelled(table) or table)
            done = tag.end()
    out.append(page[done:])
    return "".join(out)
