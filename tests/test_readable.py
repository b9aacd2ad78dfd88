"""Every page legible in large print, on a phone, in every table: measured in Chromium.

On every page of the bundled site, at 1280, 768 and 320 px in each of the site's text
sizes, in high contrast, and at 200% and 400% browser zoom of a 1280 px window (reading.py
says how each is set): no word is split across lines, the page never scrolls sideways,
and no table of ours scrolls sideways (its columns fit, or it is a list of labelled
blocks). Other councils' papers are measured so in tests/test_councils.py, and a whole
benchmark archive by bench/readable.py (minutes, beyond the suite's budget). Screenshots of the
tracker, the work programme and a meeting at 320 px in the largest text go to
test-output/readable/.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from browser import AXE, axe_violations
from conftest import ROOT
from outputs_support import built_site
from reading import SETTINGS, Setting, measure, pages, problems_on, reading, sweep

SCREENSHOTS = ROOT / "test-output" / "readable"
TRACKER = "trackers/childrens-services-osc/2021-22/"
PROGRAMME = "work-programmes/childrens-services-osc/2021-22/"
MEETING = "meetings/childrens-services-osc/2021-10-06/"
GUIDE = "clerk-guide/"
PHONE_LARGEST = Setting(320, "largest")


@pytest.fixture(scope="module")
def site() -> Path:
    return built_site()  # the bundled site as of 2023-06-01, built once a session


def test_no_word_is_split_nor_the_page_scrolled_sideways_on_any_page(site, bundled_served, browser):
    all_pages = pages(site)
    assert len(all_pages) >= 50
    found, words = problems_on(browser, bundled_served, all_pages, SETTINGS)
    assert not found, dict(list(found.items())[:10])
    assert words > 500_000  # about 53 pages, 16 settings: the measure saw the text


def test_the_measure_finds_what_a_reader_would_see(site, bundled_served, browser):
    # The checks can fail: with the old rule that let table cells break anywhere, the
    # tracker on a phone in large print has its words in pieces again.
    with reading(browser, bundled_served, PHONE_LARGEST, []) as page:
        page.goto(bundled_served + TRACKER, wait_until="load")
        assert measure(page)["split"] == []
        page.add_style_tag(content=".md-typeset .data-table :is(td, th, a) "
                                   "{ overflow-wrap: anywhere !important; }"
                                   ".table-wrapper { container-type: normal !important; }")
        assert len(measure(page)["split"]) > 100
        page.add_style_tag(content="article { width: 2000px; }")
        assert measure(page)["overflow"] > 1000


@pytest.mark.parametrize("setting", [s for s in SETTINGS if s.zoom != 100 or
                                     s.contrast != "standard"] + [PHONE_LARGEST],
                         ids=str)
def test_a_sweep_measures_what_a_reader_meets_in_that_setting(bundled_served, browser, setting):
    """The sweep sets width and attributes on a loaded page; a reader's tab has the choice
    stored and read by the page's script, and zoom as device pixels. Both measure alike."""
    for path in (TRACKER, MEETING, GUIDE):
        with reading(browser, bundled_served, setting, []) as page:
            page.goto(bundled_served + path, wait_until="load")
            reader = measure(page)
            swept = sweep(page, bundled_served + path, [setting])[setting]
        assert (reader["words"], reader["split"], reader["overflow"]) == (
            swept["words"], swept["split"], swept["overflow"]), path


def test_a_table_is_a_table_on_a_desktop_and_labelled_blocks_on_a_phone(bundled_served, browser):
    with reading(browser, bundled_served, Setting(1280), []) as page:
        page.goto(bundled_served + TRACKER, wait_until="load")
        assert page.evaluate("getComputedStyle(document.querySelector('table')).display") == (
            "table")
    with reading(browser, bundled_served, PHONE_LARGEST, []) as page:
        page.goto(bundled_served + TRACKER, wait_until="load")
        table = page.locator("table").first
        assert table.evaluate("t => getComputedStyle(t).display") == "block"
        labels = table.evaluate("""t => [...t.querySelectorAll('tbody tr:first-child > *')]
            .map(c => getComputedStyle(c, '::before').content)""")
        assert labels[:3] == ['"Item" / ""', '"Resolution" / ""', '"Action" / ""']
        # To a screen reader it is still a table: headings, rows and cells, and no cell's
        # name repeats its column's label (the headings carry it).
        tree = table.aria_snapshot()
        assert tree.startswith('- table "Resolutions of the meeting of')
        for heading in ("Item", "Resolution", "Action", "Due", "Status", "Outcome"):
            assert f'columnheader "{heading}"' in tree
        first_cell = table.get_by_role("cell").first.evaluate("c => c.textContent")
        assert not first_cell.startswith("Resolution")
        assert 'rowheader "Minute 47. Child Sexual Exploitation' in tree
        assert "- cell" in tree or "- cell " in tree or 'cell "' in tree


@pytest.mark.parametrize("setting", SETTINGS, ids=str)
def test_axe_finds_nothing_in_each_setting_on_each_kind_of_table_page(bundled_served, browser,
                                                                     setting):
    failures = {}
    with reading(browser, bundled_served, setting, [], str(AXE)) as page:
        for path in (TRACKER, MEETING):
            page.goto(bundled_served + path, wait_until="load")
            violations = axe_violations(page)
            if violations:
                failures[path] = violations
    assert not failures, failures


def test_screenshots_at_320px_in_the_largest_text(bundled_served, browser):
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    with reading(browser, bundled_served, PHONE_LARGEST, []) as page:
        for name, path, part in (("tracker", TRACKER, "table"),
                                 ("work-programme", PROGRAMME, "table"),
                                 ("meeting", MEETING, ".resolutions")):
            page.goto(bundled_served + path, wait_until="load")
            page.locator(part).first.scroll_into_view_if_needed()
            shot = SCREENSHOTS / f"{name}-320px-largest.png"
            page.screenshot(path=str(shot))
            assert shot.stat().st_size > 5_000
            assert measure(page)["split"] == []
