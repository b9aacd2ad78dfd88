"""Accessibility in a real browser: axe-core on every page, keyboard, reflow, screenshots.

Runs Debian's Chromium through Playwright against the built bundled site, with every
request off the local server blocked. One browser serves the whole module.
"""

from __future__ import annotations

import json
from contextlib import contextmanager
from pathlib import Path

import pytest
from browser import AXE, axe_violations, block_external
from conftest import ROOT
from outputs_support import built_site

SCREENSHOTS = ROOT / "test-output" / "screenshots"
SETTINGS = {
    "standard": {},
    "large": {"papers-text-size": "large"},
    "high-contrast": {"papers-contrast": "high"},
}
WIDTHS = {"desktop": 1280, "mobile": 320}


@pytest.fixture(scope="module")
def site() -> Path:
    return built_site()  # the bundled site as of 2023-06-01, built once a session


def all_pages(site: Path) -> list[str]:
    return sorted(p.relative_to(site).as_posix() for p in site.rglob("*.html"))


@contextmanager
def browsing(browser, base_url: str, width: int, storage: dict, blocked: list):
    """One tab for a run of pages: the width and reading settings fixed, axe preloaded."""
    context = browser.new_context(viewport={"width": width, "height": 900})
    block_external(context, base_url, blocked)
    if storage:
        context.add_init_script(
            "".join(f"localStorage.setItem({json.dumps(k)}, {json.dumps(v)});"
                    for k, v in storage.items()))
    context.add_init_script(path=str(AXE))
    try:
        yield context.new_page()
    finally:
        context.close()


# Every page in three settings that between them take each width, text size and
# contrast; test_readable.py runs axe on the pages with tables (the ones whose layout
# changes most) in all sixteen of its settings, so the suite stays within CI's budget.
AXE_SETTINGS = [("desktop", "standard"), ("mobile", "large"), ("mobile", "high-contrast")]


@pytest.mark.parametrize(("width", "setting"), AXE_SETTINGS, ids=lambda v: v)
def test_axe_finds_nothing_on_any_page(site, bundled_served, browser, width, setting):
    failures = {}
    blocked: list[str] = []
    with browsing(browser, bundled_served, WIDTHS[width], SETTINGS[setting], blocked) as page:
        for path in all_pages(site):
            page.goto(bundled_served + path, wait_until="load")
            violations = axe_violations(page)
            if violations:
                failures[path] = violations
    assert not failures, json.dumps(failures, indent=1)
    assert not blocked, f"pages asked for outside resources: {sorted(set(blocked))}"


KINDS = {
    "home": "index.html",
    "committee": "committees/childrens-services-osc/index.html",
    "meeting": "meetings/childrens-services-osc/2022-03-23/index.html",
    "report": "reports/childrens-services-osc/2021-07-29-A/index.html",
    "work-programme": "work-programmes/childrens-services-osc/2021-22/index.html",
    "tracker": "trackers/childrens-services-osc/2020-21/index.html",
    "person": "people/winnard/index.html",
    "accessibility": "accessibility/index.html",
}

FOCUS_STATE = """() => {
  const el = document.activeElement;
  if (!el || el === document.body) return null;
  const box = el.getBoundingClientRect();
  const style = getComputedStyle(el);
  return {
    tag: el.tagName, text: (el.innerText || el.getAttribute('aria-label') || '').slice(0, 40),
    left: box.left, right: box.right, top: box.top, bottom: box.bottom,
    width: box.width, height: box.height,
    outline: style.outlineStyle !== 'none' && parseFloat(style.outlineWidth) >= 2,
    shadow: style.boxShadow !== 'none',
  };
}"""


def test_keyboard_focus_stays_in_view_and_visible_at_320px(bundled_served, browser):
    blocked: list[str] = []
    with browsing(browser, bundled_served, 320, {}, blocked) as page:
        page.goto(bundled_served + KINDS["meeting"], wait_until="load")
        seen = 0
        problems = []
        for _ in range(400):
            page.keyboard.press("Tab")
            state = page.evaluate(FOCUS_STATE)
            if state is None:
                break
            seen += 1
            inside = (state["right"] > 0 and state["left"] < 320 and state["bottom"] > 0
                      and state["top"] < 900 and state["width"] > 0 and state["height"] > 0)
            if not inside or not (state["outline"] or state["shadow"]):
                problems.append(state)
        assert seen > 20, "tabbing reached too few controls"
        assert not problems, json.dumps(problems[:10], indent=1)


TEXT_SPACING = """
html { font-size: 250% !important; }
* { line-height: 1.5 !important; letter-spacing: 0.12em !important;
    word-spacing: 0.16em !important; }
p { margin-bottom: 2em !important; }
"""

OVERFLOW = """() => {
  const width = document.documentElement.clientWidth;
  const wide = [];
  for (const el of document.querySelectorAll('body *')) {
    if (el.closest('.table-wrapper, .md-sidebar, .md-search, .md-typeset__scrollwrap')) continue;
    // Material fades the header's second title in and out: invisible, it cannot overflow.
    let hidden = false;
    for (let at = el; at && at !== document.body; at = at.parentElement) {
      const style = getComputedStyle(at);
      if (style.opacity === '0' || style.visibility === 'hidden') { hidden = true; break; }
    }
    if (hidden) continue;
    const box = el.getBoundingClientRect();
    if (box.width > 0 && box.right > width + 1) {
      wide.push(el.tagName + '.' + el.className + ' ' + Math.round(box.right));
    }
  }
  return {scroll: document.documentElement.scrollWidth, width: width, wide: wide.slice(0, 5)};
}"""


def test_no_page_scrolls_sideways_at_320px_with_200_percent_text(site, bundled_served, browser):
    failures = {}
    blocked: list[str] = []
    with browsing(browser, bundled_served, 320, {}, blocked) as page:
        for path in all_pages(site):
            page.goto(bundled_served + path, wait_until="load")
            page.add_style_tag(content=TEXT_SPACING)
            state = page.evaluate(OVERFLOW)
            if state["scroll"] > state["width"] or state["wide"]:
                failures[path] = state
    assert not failures, json.dumps(failures, indent=1)


@pytest.mark.parametrize("width", sorted(WIDTHS))
def test_screenshots_of_each_kind_of_page(bundled_served, browser, width):
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    blocked: list[str] = []
    with browsing(browser, bundled_served, WIDTHS[width], {}, blocked) as page:
        for kind, path in KINDS.items():
            page.goto(bundled_served + path, wait_until="load")
            target = SCREENSHOTS / f"{kind}-{WIDTHS[width]}.png"
            page.screenshot(path=str(target), full_page=False)
            assert target.stat().st_size > 5000


def test_text_size_and_contrast_controls_are_remembered(bundled_served, browser):
    blocked: list[str] = []
    with browsing(browser, bundled_served, 1280, {}, blocked) as page:
        page.goto(bundled_served + KINDS["home"], wait_until="load")
        body_size = ("() => parseFloat(getComputedStyle("
                     "document.querySelector('.md-typeset')).fontSize)")
        standard = page.evaluate(body_size)
        assert standard >= 19
        page.get_by_role("button", name="Largest").click()
        page.get_by_role("button", name="High contrast").click()
        page.goto(bundled_served + KINDS["meeting"], wait_until="load")
        assert page.evaluate(body_size) >= standard * 1.35
        assert page.evaluate("document.documentElement.dataset.contrast") == "high"
        assert page.get_by_role("button", name="Largest").get_attribute("aria-pressed") == "true"


def test_nothing_is_smaller_than_16px(bundled_served, browser):
    smallest = """() => {
      let least = 100, where = '';
      for (const el of document.querySelectorAll('body *')) {
        if (!el.childNodes.length) continue;
        const hasText = [...el.childNodes].some(n => n.nodeType === 3 && n.textContent.trim());
        if (!hasText || el.closest('.visually-hidden')) continue;
        const box = el.getBoundingClientRect();
        if (box.width === 0 || box.height === 0) continue;
        const size = parseFloat(getComputedStyle(el).fontSize);
        if (size < least) { least = size; where = el.tagName + '.' + el.className; }
      }
      return [least, where];
    }"""
    blocked: list[str] = []
    with browsing(browser, bundled_served, 1280, {}, blocked) as page:
        for kind, path in KINDS.items():
            page.goto(bundled_served + path, wait_until="load")
            least, where = page.evaluate(smallest)
            assert least >= 16, (kind, least, where)
