"""What a reader meets on a page, measured in Chromium: words broken across lines, and a
page wider than the window.

A word is a run of letters and digits (an apostrophe inside it included), so an address
or an e-mail that wraps at its dots, slashes or @ breaks no word. It is split when the
client rectangles of a Range over it lie on more than one line (distinct tops): what a
reader sees as "Statu" at the end of one line and "s" at the start of the next. A word
wider than its whole line, with the characters it is written against up to the next
space or break point (a 48-letter token in a meeting's joining link), cannot but break;
it is listed apart, as `longer`, not as split. A table's line is its container's, not its
cell's: a column too narrow for its words is what the measure is for.

The settings are the site's own text sizes and contrast, and the browser's zoom: zooming
a 1280 px window to 200% gives the page a 640 px viewport at two device pixels per CSS
pixel, which is what Chromium's own zoom does to layout. `reading` opens a tab in one
setting as a reader meets it (the choice stored, read by the page's script; the zoom as
device pixels). `sweep` measures one loaded page in many settings, setting the window's
width and the attributes the page's script would set: the same layout, without loading
the page again for each (tests check that the two agree).
"""

from __future__ import annotations

import json
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

MEASURE = """() => {
  const article = document.querySelector('article') || document.body;
  const walker = document.createTreeWalker(article, NodeFilter.SHOW_TEXT);
  const word = /[\\p{L}\\p{N}]+(?:['\\u2019][\\p{L}\\p{N}]+)*/gu;
  const split = [], longer = [];
  let words = 0;
  while (walker.nextNode()) {
    const node = walker.currentNode;
    for (const match of node.data.matchAll(word)) {
      if (match[0].length < 2) continue;
      const range = document.createRange();
      range.setStart(node, match.index);
      range.setEnd(node, match.index + match[0].length);
      const rects = [...range.getClientRects()].filter(r => r.width > 0 && r.height > 0);
      if (!rects.length) continue;
      words++;
      const tops = new Set(rects.map(r => Math.round(r.top)));
      if (tops.size > 1) {
        const end = match.index + match[0].length + 20;
        const context = node.data.slice(Math.max(0, match.index - 20), end);
        // The line it had: the content box of the block it flows in; in a table, the
        // table's own container (a column too narrow for its words is the fault).
        let block = node.parentElement;
        const table = block.closest('table');
        if (table) block = table.parentElement;
        while (getComputedStyle(block).display.startsWith('inline')) block = block.parentElement;
        const style = getComputedStyle(block);
        const line = block.clientWidth - parseFloat(style.paddingLeft)
          - parseFloat(style.paddingRight);
        // The run it stands in, to the next space or tag (a <wbr> ends a text node):
        // '%22IsBroadcastMeeting' holds the word '22IsBroadcastMeeting'.
        const run = document.createRange();
        const from = node.data.slice(0, match.index).search(/\\S*$/);
        const rest = node.data.slice(match.index).search(/\\s|$/);
        run.setStart(node, from);
        run.setEnd(node, match.index + rest);
        const width = [...run.getClientRects()].reduce((sum, r) => sum + r.width, 0);
        (width > line ? longer : split).push(
          match[0] + ' in "' + context.replace(/\\s+/g, ' ').trim() + '"');
      }
    }
  }
  const root = document.documentElement;
  return {words, split, longer, overflow: Math.max(0, root.scrollWidth - root.clientWidth)};
}"""


@dataclass(frozen=True)
class Setting:
    """A window and a reader's choices: CSS width, text size, contrast and zoom."""

    width: int
    size: str = "standard"
    contrast: str = "standard"
    zoom: int = 100

    @property
    def viewport(self) -> dict:
        return {"width": self.width * 100 // self.zoom, "height": 900 * 100 // self.zoom}

    @property
    def storage(self) -> dict:
        stored = {}
        if self.size != "standard":
            stored["papers-text-size"] = self.size
        if self.contrast != "standard":
            stored["papers-contrast"] = self.contrast
        return stored

    def __str__(self) -> str:
        return f"{self.width}px-{self.size}-{self.contrast}-zoom{self.zoom}"


SIZES = ("standard", "large", "largest")
# Every width in every text size; high contrast at each width in the largest size; the
# browser's zoom of a desktop window, in the standard size and the largest.
SETTINGS = (
    [Setting(width, size) for width in (1280, 768, 320) for size in SIZES]
    + [Setting(width, "largest", "high") for width in (1280, 768, 320)]
    + [Setting(1280, size, zoom=zoom) for zoom in (200, 400) for size in ("standard", "largest")]
)


@contextmanager
def reading(browser, base_url: str, setting: Setting, blocked: list, *init_scripts: str):
    """One tab in this setting, with every request off the local server blocked."""
    from browser import block_external

    context = browser.new_context(viewport=setting.viewport,
                                  device_scale_factor=setting.zoom / 100)
    block_external(context, base_url, blocked)
    if setting.storage:
        context.add_init_script("".join(
            f"localStorage.setItem({json.dumps(k)}, {json.dumps(v)});"
            for k, v in setting.storage.items()))
    for script in init_scripts:
        context.add_init_script(path=script)
    try:
        yield context.new_page()
    finally:
        context.close()


APPLY = """([size, contrast]) => {
  const root = document.documentElement;
  if (size === 'standard') root.removeAttribute('data-text-size');
  else root.setAttribute('data-text-size', size);
  if (contrast === 'high') root.setAttribute('data-contrast', 'high');
  else root.removeAttribute('data-contrast');
}"""

# Tables of ours (labelled, tables.py) that scroll sideways: their columns did not fit.
SCROLLING_TABLES = """() => [...document.querySelectorAll('.table-wrapper')]
  .filter(w => w.querySelector('table[class*="stack-below-"]'))
  .filter(w => w.scrollWidth > w.clientWidth + 1)
  .map(w => w.getAttribute('aria-label'))"""


def sweep(page, url: str, settings) -> dict[Setting, dict]:
    """Each setting's measure of the page at url, loaded once."""
    page.set_viewport_size(settings[0].viewport)
    page.goto(url, wait_until="load")
    found = {}
    for setting in settings:
        page.set_viewport_size(setting.viewport)
        page.evaluate(APPLY, [setting.size, setting.contrast])
        found[setting] = {**measure(page), "scrolling": page.evaluate(SCROLLING_TABLES)}
    return found


def measure(page) -> dict:
    """{words, split: [word in "context"], overflow: px} for the page now shown."""
    return page.evaluate(MEASURE)


def pages(site: Path) -> list[str]:
    return sorted(p.parent.relative_to(site).as_posix() + "/" if p.name == "index.html"
                  else p.relative_to(site).as_posix() for p in site.rglob("*.html"))


def problems_on(browser, base_url: str, paths: list[str], settings) -> tuple[dict, int]:
    """Every split word, sideways scroll and scrolling table of ours, by page and setting;
    and how many words were measured."""
    found, words, blocked = {}, 0, []
    with reading(browser, base_url, Setting(1280), blocked) as page:
        for path in paths:
            for setting, seen in sweep(page, base_url + path.removeprefix("./"),
                                       settings).items():
                words += seen["words"]
                if seen["split"] or seen["overflow"] or seen["scrolling"]:
                    found[f"{path} at {setting}"] = {k: seen[k] for k in (
                        "split", "overflow", "scrolling")}
    assert not blocked, blocked
    return found, words
