"""`papers serve` keeps serving when the content is wrong and shows the errors on the page.

A real browser (Debian's Chromium, driven by Playwright) watches the preview while a file
is broken and then mended; the server is the real `papers serve` on a free loopback port.
"""

from __future__ import annotations

import os
import subprocess
import sys

from browser import CHROMIUM, CHROMIUM_ARGS
from conftest import fetch, papers, serving
from playwright.sync_api import expect, sync_playwright
from test_clerk_new import copy_project

MEETING = "content/meetings/childrens-services-osc/2022-03-23.yml"
START_TIMEOUT = 90  # seconds for the first build
REBUILD_TIMEOUT = 60_000  # milliseconds for a rebuild to reach the page






def test_the_preview_shows_errors_on_the_page_and_recovers(tmp_path):
    project = copy_project(tmp_path)
    meeting = project / MEETING
    good = meeting.read_text()
    with serving(project, timeout=START_TIMEOUT) as (url, _log), sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        try:
            page = browser.new_page()
            page.goto(url)
            expect(page.locator("h1").first).to_have_text("Committee papers")
            expect(page.locator("#papers-problems")).to_have_count(0)

            # A typo, with markup in it: the page must show it as text.
            meeting.write_text(good.replace("status: held", "status: <b>hled</b>"))
            banner = page.locator("#papers-problems")
            expect(banner).to_contain_text(
                f"{MEETING}:5:9: error: status: '<b>hled</b>' is not one of the allowed values",
                timeout=REBUILD_TIMEOUT)
            expect(banner).to_contain_text("The content has 1 error")
            expect(banner.locator("b")).to_have_count(0)
            # The preview keeps the last good site under the banner.
            expect(page.locator("h1").first).to_have_text("Committee papers")
            page.goto(url + "clerk-guide/")
            expect(page.locator("#papers-problems")).to_contain_text("'<b>hled</b>'")

            meeting.write_text(good)
            expect(page.locator("#papers-problems")).to_have_count(0, timeout=REBUILD_TIMEOUT)
            page.goto(url)
            expect(page.locator("#papers-problems")).to_have_count(0)
            expect(page.locator("h1").first).to_have_text("Committee papers")
        finally:
            browser.close()


def test_a_preview_that_starts_broken_says_so(tmp_path):
    project = copy_project(tmp_path)
    meeting = project / MEETING
    meeting.write_text(meeting.read_text().replace("status: held", "status: hled"))
    with serving(project, timeout=START_TIMEOUT) as (url, _log):
        page = fetch(url)
    assert page is not None
    assert "The content has errors" in page
    assert "is not one of the allowed values (did you mean &#x27;held&#x27;?)" in page


def test_builds_still_fail_on_errors(tmp_path):
    project = copy_project(tmp_path)
    meeting = project / MEETING
    meeting.write_text(meeting.read_text().replace("status: held", "status: hled"))
    assert papers("--project", str(project), "build").returncode == 1
    mkdocs = subprocess.run([sys.executable, "-m", "mkdocs", "build", "-q"], cwd=project,
                            capture_output=True, text=True, timeout=300,
                            env={**os.environ, "NO_MKDOCS_2_WARNING": "1"})
    assert mkdocs.returncode != 0
    assert "the content has errors" in mkdocs.stderr + mkdocs.stdout
    assert not (project / "site").exists()
