"""Other councils' papers, as a clerk there would publish them: each council's content
under tests/fixtures/councils/ passes `papers check` and builds a site with the real
command line, and a resident reads its pages in Chromium at 320 px in the largest text
and at 1280 px, with no word split, nothing scrolling sideways and nothing axe-core
finds. The links each council's papers state are tested in its own module
(tests/test_council_*.py); the sources are in each folder's SOURCE.md."""

from __future__ import annotations

import re
import shutil
from pathlib import Path

import pytest
from browser import AXE, axe_violations, serve_directory
from conftest import ROOT, add_site_config, papers
from councils_support import COUNCILS as COUNCILS_FOLDER
from councils_support import quoted_texts
from outputs_support import assert_all_valid, data_files, load_schemas, validators
from reading import Setting, pages, problems_on, reading

COUNCILS = sorted(path for path in COUNCILS_FOLDER.iterdir() if path.is_dir())
SCREENSHOTS = ROOT / "test-output" / "councils"


def council_name(folder: Path) -> str:
    """The council's name as its SOURCE.md gives it ("- Council: South Hams District
    Council (Devon; ...)")."""
    source = (folder / "SOURCE.md").read_text(encoding="utf-8")
    return re.search(r"^- Council: (.+?)(?: \(|\.?$)", source, re.MULTILINE).group(1)


@pytest.fixture(scope="module")
def built(tmp_path_factory) -> dict[str, tuple[Path, str, str]]:
    """Each council's project, checked and built once: {folder: (project, check's
    output, build's output)}."""
    out = {}
    for council in COUNCILS:
        project = tmp_path_factory.mktemp(council.name)
        shutil.copytree(council / "content", project / "content")
        add_site_config(project)
        config = project / "mkdocs.yml"
        config.write_text(re.sub(r"(?m)^(        name: ).*$", rf"\g<1>{council_name(council)}",
                                 config.read_text(encoding="utf-8"), count=1),
                          encoding="utf-8")
        check = papers("--project", str(project), "check")
        build = papers("--project", str(project), "build") if check.returncode == 0 else check
        out[council.name] = (project, check.stdout + check.stderr,
                             build.stdout + build.stderr if build.returncode == 0 else None)
    return out


def papers_pages(site: Path) -> list[str]:
    """The site's pages made from the council's papers."""
    return [p for p in pages(site) if p.startswith(
        ("meetings/", "people/", "committees/", "trackers/", "work-programmes/"))]


@pytest.mark.parametrize("council", COUNCILS, ids=lambda path: path.name)
def test_every_text_is_the_transcriptions_own_words(council):
    """Titles, minutes, resolutions, interests and corrections are quoted from the
    transcribed papers word for word, never paraphrased."""
    transcribed = "\n".join(p.read_text(encoding="utf-8") for p in council.glob("*.md"))
    quoted = quoted_texts(council.name)
    assert len(quoted) >= 15
    assert [(name, text) for name, text in quoted if text not in transcribed] == []


def test_every_councils_papers_are_content_here():
    assert len(COUNCILS) >= 4
    assert [c.name for c in COUNCILS if not (c / "content" / "meetings").is_dir()] == []


@pytest.mark.parametrize("council", COUNCILS, ids=lambda path: path.name)
def test_a_councils_papers_pass_check_and_build(council, built):
    project, checked, build = built[council.name]
    assert re.search(r"papers check passed: 0 errors", checked), checked
    assert build is not None, checked
    name = council_name(council)
    meetings = sorted((project / "content" / "meetings").glob("*/*.yml"))
    assert meetings
    for meeting in meetings:
        page = project / "site" / "meetings" / meeting.parent.name / meeting.stem / "index.html"
        html = page.read_text(encoding="utf-8")
        assert name in html, (page, name)  # the council's own name in every page's footer


def test_every_councils_open_data_validates_against_the_published_schemas(built):
    """Minute numbers of every form ('E.91/23', '7A', 'CM 27/23') make identifiers the
    schemas accept; every file of every council answers to its schema."""
    checked = 0
    for project, _checked, _build in built.values():
        site = project / "site"
        files = data_files(site)
        assert_all_valid(files, validators(load_schemas(site)))
        checked += len(files)
    assert checked >= 30


def test_every_councils_pages_read_whole_on_a_phone_in_the_largest_text(built, browser):
    """Every page made from each council's papers at 320 px in the largest text and at
    1280 px: minute numbers such as 'CM 27/23', long titles, joining links and quoted
    resolutions stay whole. (The guide and the other pages every site has are measured
    in every setting by test_readable.py.)"""
    found, words = {}, 0
    for council, (project, _checked, _build) in built.items():
        site = project / "site"
        with serve_directory(site) as base_url:
            problems, seen = problems_on(browser, base_url, papers_pages(site),
                                         [Setting(320, "largest"), Setting(1280)])
        words += seen
        found.update({f"{council}: {where}": what for where, what in problems.items()})
    assert words > 20_000  # the measure saw the papers' text
    assert not found, dict(list(found.items())[:10])


def test_axe_finds_nothing_on_the_councils_meeting_and_people_pages(built, browser):
    failures = {}
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    for council, (project, _checked, _build) in built.items():
        site = project / "site"
        meetings = [p for p in papers_pages(site) if p.startswith("meetings/")]
        people = [p for p in papers_pages(site) if p.startswith("people/")]
        paths = [p for p in meetings if p.count("/") == 3] + people[:1]
        with serve_directory(site) as base_url, reading(
                browser, base_url, Setting(320, "largest"), [], str(AXE)) as page:
            for path in paths:
                page.goto(base_url + path, wait_until="load")
                violations = axe_violations(page)
                if violations:
                    failures[f"{council}: {path}"] = violations
            page.goto(base_url + paths[0], wait_until="load")
            page.screenshot(path=str(SCREENSHOTS / f"{council}-320px-largest.png"), full_page=True)
    assert not failures, failures
