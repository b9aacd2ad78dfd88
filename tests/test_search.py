"""Search works on the static site with no server code: Pagefind, driven in Chromium."""

from __future__ import annotations

import pytest
from browser import block_external, chromium, serve_directory
from conftest import papers


@pytest.fixture(scope="module")
def site(tmp_path_factory):
    out = tmp_path_factory.mktemp("search") / "site"
    result = papers("build", "--as-of", "2023-06-01", "--site-dir", str(out))
    assert result.returncode == 0, result.stderr
    assert (out / "pagefind" / "pagefind.js").is_file()
    assert not (out / "search" / "search_index.json").exists()  # no lunr index to download
    return out


def test_typing_a_query_finds_the_papers_and_announces_the_count(site):
    blocked: list[str] = []
    with serve_directory(site) as base_url, chromium() as browser:
        context = browser.new_context()
        block_external(context, base_url, blocked)
        page = context.new_page()
        page.goto(base_url + "search/", wait_until="load")
        page.get_by_label("Search agendas, reports and minutes").fill("Young Carers")
        page.keyboard.press("Enter")
        status = page.get_by_role("status")
        status.filter(has_text="results for Young Carers").wait_for(timeout=20_000)
        assert status.get_attribute("aria-live") == "polite"
        links = page.locator("#search-results a")
        hrefs = [links.nth(i).get_attribute("href") for i in range(links.count())]
        assert any("meetings/childrens-services-osc/2022-03-23/" in h for h in hrefs), hrefs
        count = int(status.inner_text().split()[0])
        assert count == links.count() or count > 50

        page.goto(base_url + "search/?q=Ofsted", wait_until="load")
        page.get_by_role("status").filter(has_text="results for Ofsted").wait_for(timeout=20_000)
        assert page.locator("#search-results a").count() > 0
    assert not blocked
