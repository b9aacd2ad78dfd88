"""A meeting page prints as a clean agenda or minutes: checked as Chromium prints it."""

from __future__ import annotations

import pytest
from browser import chromium, serve_directory
from conftest import papers

MEETING = "meetings/childrens-services-osc/2022-03-23/"


@pytest.fixture(scope="module")
def site(tmp_path_factory):
    out = tmp_path_factory.mktemp("print") / "site"
    assert papers("build", "--as-of", "2023-06-01", "--site-dir", str(out)).returncode == 0
    return out


def test_meeting_prints_without_navigation_with_link_addresses_and_page_breaks(site, tmp_path):
    with serve_directory(site) as base_url, chromium() as browser:
        page = browser.new_page()
        page.goto(base_url + MEETING, wait_until="load")
        page.emulate_media(media="print")
        hidden = page.evaluate("""() => ['.md-header', '.md-sidebar--primary', '.md-footer',
            '.reading-settings'].map(s => getComputedStyle(document.querySelector(s)).display)""")
        assert hidden == ["none"] * 4
        after = page.evaluate("""() => getComputedStyle(
            document.querySelector('.papers a[href^="../"]'), '::after').content""")
        assert after.startswith('" (../')
        breaks = page.evaluate("""() => [...document.querySelectorAll('.agenda-item')]
            .map(s => getComputedStyle(s).breakBefore)""")
        assert breaks[0] != "page" and set(breaks[1:]) == {"page"}
        pdf = tmp_path / "meeting.pdf"
        page.pdf(path=str(pdf))
        assert pdf.read_bytes().startswith(b"%PDF") and pdf.stat().st_size > 10_000
