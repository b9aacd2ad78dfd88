"""Search works on the static site with no server code: Pagefind, driven in Chromium."""

from __future__ import annotations

import json
import shutil

import pytest
from browser import block_external, chromium, serve_directory
from conftest import papers

from generator.outputs import search


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


def _result_links(site, query: str) -> list[str]:
    with serve_directory(site) as base_url, chromium() as browser:
        page = browser.new_page()
        page.goto(base_url + "search/?q=" + query, wait_until="load")
        page.get_by_role("status").filter(has_text="results for " + query).wait_for(timeout=20_000)
        links = page.locator("#search-results a")
        return sorted(links.nth(i).get_attribute("href") for i in range(links.count()))


def test_an_index_in_parts_finds_what_one_index_finds(site, tmp_path):
    # A large archive is indexed in parts of whole committees, merged in the browser.
    parted = tmp_path / "site"
    shutil.copytree(site, parted)
    for old in parted.glob("pagefind*"):
        shutil.rmtree(old)
    search.index_site(parted, limit=15)
    manifest = json.loads((parted / search.PARTS_FILE).read_text())
    assert len(manifest["parts"]) >= 2
    counted = 0
    for folder in [parted / "pagefind", *(parted / part for part in manifest["parts"])]:
        entry = json.loads((folder / "pagefind-entry.json").read_text())
        counted += entry["languages"]["en"]["page_count"]
    # Each page in one part; a person's earlier years are left out (search.PEOPLE_GLOB).
    assert counted == sum(1 for page in parted.rglob("*.html")
                          if not page.relative_to(parted).match("people/*/*/index.html"))
    for query in ("Young Carers", "Ofsted"):
        found = _result_links(parted, query)
        assert found and found == _result_links(site, query)


def test_results_link_into_a_site_hosted_under_a_folder(site, tmp_path):
    # GitHub Pages serves a project's site at /REPOSITORY/: links must keep that folder.
    root = tmp_path / "host"
    shutil.copytree(site, root / "papers")
    with serve_directory(root) as base_url, chromium() as browser:
        page = browser.new_page()
        page.goto(base_url + "papers/search/?q=Ofsted", wait_until="load")
        page.get_by_role("status").filter(has_text="results for Ofsted").wait_for(timeout=20_000)
        links = page.locator("#search-results a")
        hrefs = [links.nth(i).get_attribute("href") for i in range(links.count())]
        assert hrefs and all(h.startswith("/papers/") for h in hrefs), hrefs
        response = page.goto(base_url.rstrip("/") + hrefs[0], wait_until="load")
        assert response is not None and response.status == 200
