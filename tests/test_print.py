"""Pages print as clean papers: checked as Chromium prints them, and in the PDF it writes,
read back by pypdf (not by the browser that wrote it).

On paper a link cannot be clicked, so its address is printed after it: in full where
the site's address (site_url) is known, and not at all where it is not, as a relative
path ("../../../people/alipoor/") means nothing on paper. A reader's large print carries
onto paper, and no word is split across lines there either."""

from __future__ import annotations

import re

import pytest
from browser import serve_directory
from conftest import papers
from outputs_support import build_with
from pypdf import PdfReader
from reading import Setting, reading

MEETING = "meetings/childrens-services-osc/2022-03-23/"
TRACKER = "trackers/childrens-services-osc/2021-22/"
ADDRESS = "https://papers.example.org/"
WORD = re.compile(r"[^\W_]+(?:['’][^\W_]+)*")


@pytest.fixture(scope="module")
def site(tmp_path_factory):
    out = tmp_path_factory.mktemp("print") / "site"
    assert papers("build", "--as-of", "2023-06-01", "--site-dir", str(out)).returncode == 0
    return out


@pytest.fixture(scope="module")
def addressed_site(tmp_path_factory):
    return build_with(tmp_path_factory.mktemp("print-address"), "project",
                      f"site_url: {ADDRESS}\n")


def printed(browser, site, path, tmp_path, size="standard") -> tuple[str, str, list[str]]:
    """(the PDF's text, as pypdf reads it; the page's text as printed; the addresses the
    print stylesheet puts after links)."""
    with serve_directory(site) as base_url, reading(browser, base_url, Setting(1280, size),
                                                     []) as page:
        page.goto(base_url + path, wait_until="load")
        page.emulate_media(media="print")
        shown = page.evaluate("() => document.querySelector('article').innerText")
        addresses = page.evaluate("""() => [...document.querySelectorAll('article a')]
            .map(a => getComputedStyle(a, '::after').content)
            .filter(c => c && c !== 'none' && c !== 'normal')""")
        pdf = tmp_path / f"{path.strip('/').replace('/', '-')}-{size}.pdf"
        page.pdf(path=str(pdf), format="A4")
    text = "\n".join(p.extract_text() for p in PdfReader(pdf).pages)
    return text, shown, addresses


def split_in_pdf(text: str, shown: str, addresses: list[str]) -> set[str]:
    """Words of the PDF that are no word of the page: the pieces of a word split across
    lines ("Statu", "s"), or joined across them."""
    known = {w.lower() for w in WORD.findall(shown + " " + " ".join(addresses))}
    return {w for w in WORD.findall(text) if len(w) > 1 and w.lower() not in known}


def test_meeting_prints_without_navigation_and_with_page_breaks(site, browser):
    with serve_directory(site) as base_url, reading(browser, base_url, Setting(1280),
                                                     []) as page:
        page.goto(base_url + MEETING, wait_until="load")
        page.emulate_media(media="print")
        hidden = page.evaluate("""() => ['.md-header', '.md-sidebar--primary', '.md-footer',
            '.reading-settings'].map(s => getComputedStyle(document.querySelector(s)).display)""")
        assert hidden == ["none"] * 4
        breaks = page.evaluate("""() => [...document.querySelectorAll('.agenda-item')]
            .map(s => getComputedStyle(s).breakBefore)""")
        assert breaks[0] != "page" and set(breaks[1:]) == {"page"}


@pytest.mark.parametrize("path", [MEETING, TRACKER])
def test_without_the_site_address_no_relative_address_is_printed(site, browser, tmp_path, path):
    text, shown, addresses = printed(browser, site, path, tmp_path)
    assert "../" not in text and not any("../" in a for a in addresses)
    # Links to other sites still print theirs; within the site, nothing.
    assert all("https://" in a or "http://" in a for a in addresses)
    assert not split_in_pdf(text, shown, addresses)


@pytest.mark.parametrize("path", [MEETING, TRACKER])
def test_with_the_site_address_links_print_in_full_and_no_word_is_split(
        addressed_site, browser, tmp_path, path):
    text, shown, addresses = printed(browser, addressed_site, path, tmp_path)
    assert "../" not in text
    own = [a for a in addresses if ADDRESS in a]
    assert len(own) >= 3, addresses
    assert f"({ADDRESS}people/" in "".join(own) or f"({ADDRESS}meetings/" in "".join(own)
    flat = re.sub(r"\s+", "", text)
    assert f"{ADDRESS}meetings/childrens-services-osc/" in flat  # on paper, in full
    assert not split_in_pdf(text, shown, addresses)


def test_the_split_word_check_can_fail(site, browser, tmp_path):
    text, shown, addresses = printed(browser, site, TRACKER, tmp_path)
    broken = text.replace("Children's Services", "Children's Servi\nces", 1)
    assert broken != text and split_in_pdf(broken, shown, addresses) == {"Servi", "ces"}


def test_large_print_carries_onto_paper(addressed_site, browser, tmp_path):
    sizes = {}
    for size in ("standard", "large", "largest"):
        with serve_directory(addressed_site) as base_url, reading(
                browser, base_url, Setting(1280, size), []) as page:
            page.goto(base_url + TRACKER, wait_until="load")
            page.emulate_media(media="print")
            sizes[size] = page.evaluate(
                "() => getComputedStyle(document.querySelector('article p')).fontSize")
    assert sizes == {"standard": "16px", "large": "20px", "largest": "24px"}  # 12, 15, 18 pt
    text, shown, addresses = printed(browser, addressed_site, TRACKER, tmp_path, "largest")
    assert not split_in_pdf(text, shown, addresses)
    assert "Status" in shown  # the tracker's labels (or headings) are on paper
