"""Every built page is valid HTML (W3C Nu checker) and every internal link and anchor
resolves (linkchecker)."""

from __future__ import annotations

import json
import shutil
import subprocess
from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import urlsplit

import pytest
from browser import serve_directory
from conftest import ROOT, papers

VNU = ROOT / "node_modules" / "vnu-jar" / "build" / "dist" / "vnu.jar"


@pytest.fixture(scope="module")
def site(tmp_path_factory) -> Path:
    out = tmp_path_factory.mktemp("valid") / "site"
    result = papers("build", "--as-of", "2023-06-01", "--site-dir", str(out))
    assert result.returncode == 0, result.stderr
    return out


def test_nu_validator_finds_no_errors(site):
    pages = sorted(str(p) for p in site.rglob("*.html"))
    result = subprocess.run(
        ["java", "-jar", str(VNU), "--errors-only", "--format", "json", *pages],
        capture_output=True, text=True, timeout=600)
    messages = json.loads(result.stderr or '{"messages": []}')["messages"]
    errors = [f"{m.get('url', '')[len(site.as_uri()):]}:{m.get('lastLine')}: {m['message']}"
              for m in messages if m["type"] == "error"]
    assert not errors, "\n".join(errors[:40])
    assert len(pages) > 40


def test_linkchecker_finds_no_broken_internal_links_or_anchors(site, tmp_path):
    # Over HTTP on loopback: run as root, linkchecker drops to 'nobody', who cannot read
    # pytest's private temporary folders.
    config = tmp_path / "linkcheckerrc"
    config.write_text("[filtering]\nignore=\n  ^mailto:\n  ^tel:\n"
                      "checkextern=0\n[AnchorCheck]\n")
    linkchecker = shutil.which("linkchecker")
    assert linkchecker, "linkchecker is not installed"
    with serve_directory(site) as base_url:
        result = subprocess.run(
            [linkchecker, "--config", str(config), "--no-status", "--output", "text",
             "--recursion-level", "-1", base_url],
            capture_output=True, text=True, timeout=600)
    assert result.returncode == 0, result.stdout[-4000:] + result.stderr[-2000:]
    assert "0 errors found" in result.stdout or "no errors" in result.stdout.lower(), (
        result.stdout[-2000:])


class _LinksAndIds(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.ids: set[str] = set()
        self.hrefs: list[str] = []

    def handle_starttag(self, tag, attrs) -> None:
        attributes = dict(attrs)
        if attributes.get("id"):
            self.ids.add(attributes["id"])
        if tag == "a" and attributes.get("name"):
            self.ids.add(attributes["name"])
        if tag == "a" and attributes.get("href"):
            self.hrefs.append(attributes["href"])


def test_every_internal_anchor_exists(site):
    """linkchecker does not check anchors on directory URLs (ours are all a/b/#id), so the
    fragments are checked here against the ids of the page they point to."""
    pages = {}
    for path in site.rglob("*.html"):
        parser = _LinksAndIds()
        parser.feed(path.read_text())
        pages[path] = parser
    broken = []
    checked = 0
    for path, parser in pages.items():
        for href in parser.hrefs:
            target, _, fragment = href.partition("#")
            if not fragment or urlsplit(href).scheme or href.startswith("//"):
                continue
            page = path if not target else (path.parent / target).resolve()
            if page.is_dir():
                page = page / "index.html"
            checked += 1
            if page not in pages or fragment not in pages[page].ids:
                broken.append(f"{path.relative_to(site)}: {href}")
    assert not broken, "\n".join(broken[:30])
    assert checked > 100
