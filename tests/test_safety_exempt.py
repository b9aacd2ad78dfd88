"""Exempt material never reaches the site: every file a full build writes is searched for
canary words planted in the exempt parts of tests/fixtures/safety/canary.

The scan walks the whole output tree (pages, search index, sitemap, feeds, calendars,
open data and whatever is added later), decompressing gzip files and reading binary files
as text, so a new output format is covered without changing this test.
"""

from __future__ import annotations

import gzip
import hashlib
import re
import shutil
from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import urljoin

import pytest
from conftest import ROOT, papers

CONTENT = ROOT / "tests/fixtures/safety/canary/content"
AS_OF = "2022-06-01"
CANARY = re.compile(rb"canary[a-z]+\d+", re.I)
CONTROL = re.compile(rb"publiccontrol[a-z]+\d+", re.I)
NOTICE = "Not for publication."
REPORT_B = "reports/csc/2022-03-23-B/"


def planted(pattern: re.Pattern) -> set[str]:
    """The words of a kind planted in the fixture content."""
    return {match.decode().upper() for path in CONTENT.rglob("*") if path.is_file()
            for match in pattern.findall(path.read_bytes())}


def make_project(root: Path) -> Path:
    for name in ("docs", "theme"):
        shutil.copytree(ROOT / name, root / name)
    shutil.copy(ROOT / "mkdocs.yml", root / "mkdocs.yml")
    shutil.copytree(CONTENT, root / "content")
    return root


def readable(path: Path) -> bytes:
    """A file's bytes as a reader of any format would see them: gzip decompressed."""
    data = path.read_bytes()
    if data[:2] == b"\x1f\x8b":
        data = gzip.decompress(data)
    return data


def words_in(site: Path, pattern: re.Pattern) -> dict[str, set[str]]:
    """Each planted word of a kind, with every file under site/ that holds it."""
    found: dict[str, set[str]] = {}
    for path in sorted(site.rglob("*")):
        if path.is_file():
            text = readable(path).decode("utf-8", errors="ignore").encode()
            for match in pattern.findall(text):
                found.setdefault(match.decode().upper(), set()).add(
                    path.relative_to(site).as_posix())
    return found


@pytest.fixture(scope="module")
def project(tmp_path_factory) -> Path:
    return make_project(tmp_path_factory.mktemp("canary"))


@pytest.fixture(scope="module")
def site(project) -> Path:
    result = papers("--project", str(project), "build", "--as-of", AS_OF)
    assert result.returncode == 0, result.stdout + result.stderr
    return project / "site"


def page(site: Path, uri: str) -> str:
    return (site / uri / "index.html").read_text(encoding="utf-8")


def test_the_fixture_plants_a_canary_in_every_exempt_part():
    assert planted(CANARY) == {
        "CANARYCLOSEDMINUTES41", "CANARYEXEMPTAPPENDIX17", "CANARYREPORTSUMMARY23",
        "CANARYREPORTEQUALITY29", "CANARYREPORTRECOMMENDATION31", "CANARYREPORTBODY37",
        "CANARYREPORTTABLE43", "CANARYREPORTAPPENDIX47",
    }


def test_no_file_in_the_site_holds_a_canary(site):
    leaks = words_in(site, CANARY)
    assert not leaks, leaks


def test_the_scan_sees_what_is_published(site):
    # The same scan finds the control words planted in public parts, in the pages, in
    # the search index and in compressed files: a scan that found nothing proves nothing.
    found = words_in(site, CONTROL)
    assert set(found) == planted(CONTROL)
    # Whichever search index the site has: mkdocs-material's, or Pagefind's gzip fragments.
    search = ("search/search_index.json", "pagefind/fragment/")
    assert all(any(f.startswith(search) for f in files) for files in found.values()), found


def test_the_scan_reads_compressed_and_binary_files(tmp_path):
    (tmp_path / "a.json.gz").write_bytes(gzip.compress(b'{"x": "CANARYZIPPED1"}'))
    (tmp_path / "b.bin").write_bytes(b"\x00\xff\xfeCANARYBINARY2\x00")
    assert set(words_in(tmp_path, CANARY)) == {"CANARYZIPPED1", "CANARYBINARY2"}


def test_public_pages_say_what_is_withheld_and_why(site):
    meeting = page(site, "meetings/csc/2022-03-23")
    documents = {letter: meeting[meeting.index(f'Document "{letter}"'):][:600]
                 for letter in ("B", "C")}
    assert "Contract award for residential care" in documents["B"]
    assert NOTICE in documents["B"] and "paragraph 3 of Schedule 12A" in documents["B"]
    assert "A child&#39;s case review" in documents["C"] or "A child's case review" in (
        documents["C"])
    assert NOTICE in documents["C"] and "paragraph 1 of Schedule 12A" in documents["C"]
    closed = meeting[meeting.index('id="minute-2"'):meeting.index('id="minute-3"')]
    assert "held in private" in closed and "paragraph 3 of Schedule 12A" in closed
    assert "PUBLICCONTROLNOTE61" in closed  # the closed session's public note is shown

    report = page(site, REPORT_B)
    assert "Contract award for residential care" in report
    assert NOTICE in report and "paragraph 3 of Schedule 12A" in report
    assert "Tender scores" in report  # an appendix's title is public, its text is not

    public = page(site, "reports/csc/2022-03-23-A")
    appendix = public[public.index('id="appendix-2"'):]
    assert NOTICE in appendix and "paragraph 2 of Schedule 12A" in appendix
    assert "PUBLICCONTROLAPPENDIX59" in public


class _Links(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.hrefs: list[str] = []

    def handle_starttag(self, tag, attrs):
        href = dict(attrs).get("href")
        if tag == "a" and href:
            self.hrefs.append(href)


def test_every_page_linking_to_an_exempt_report_says_it_is_exempt(site):
    linking = []
    for path in sorted(site.rglob("*.html")):
        url = "/" + path.relative_to(site).as_posix().removesuffix("index.html")
        html = path.read_text(encoding="utf-8")
        # The site navigation lists every page; what must carry the notice is the content.
        article = html[html.find("<article"):html.find("</article>")]
        parser = _Links()
        parser.feed(article)
        targets = {urljoin(url, href).split("#")[0] for href in parser.hrefs}
        if "/" + REPORT_B in targets and url != "/" + REPORT_B:
            linking.append(url)
            assert "not for publication" in article.lower(), url
    assert {"/meetings/csc/2022-03-23/", "/"} <= set(linking)


def test_an_exempt_document_whose_report_is_not_marked_is_an_error(tmp_path):
    project = make_project(tmp_path)
    # The agenda marks document C exempt; a report for it forgets to say so.
    (project / "content/reports/csc/2022-03-23-C.md").write_text(
        "---\nmeeting: csc/2022-03-23\nletter: C\ntitle: A child's case review\n---\n"
        "CANARYUNMARKED71 The child's name.\n", encoding="utf-8")
    # And report A says it is exempt where its agenda entry does not.
    report_a = project / "content/reports/csc/2022-03-23-A.md"
    report_a.write_text(report_a.read_text().replace("summary:", "exempt: {paragraph: 4}\n"
                                                     "summary:"), encoding="utf-8")
    result = papers("--project", str(project), "build", "--as-of", AS_OF)
    assert result.returncode == 1
    assert ("content/reports/csc/2022-03-23-C.md:2:1: error: document 'C' is exempt on the "
            "agenda of csc/2022-03-23, but this report is not marked exempt "
            "(add 'exempt: {paragraph: 1}' here" in result.stderr), result.stderr
    assert ("content/meetings/csc/2022-03-23.yml:15:9: error: the report for document 'A' "
            "(content/reports/csc/2022-03-23-A.md) is exempt, but this agenda entry is not "
            "(add 'exempt: {paragraph: 4}' to the document here)" in result.stderr)
    assert not (project / "site").exists()


def test_a_failed_build_leaves_no_canary_and_the_old_site_intact(tmp_path):
    project = make_project(tmp_path)
    assert papers("--project", str(project), "build", "--as-of", AS_OF).returncode == 0

    def digest() -> dict[str, str]:
        return {p.relative_to(project / "site").as_posix(): hashlib.sha256(
            p.read_bytes()).hexdigest() for p in (project / "site").rglob("*") if p.is_file()}

    before = digest()
    (project / "content/reports/csc/2022-03-23-C.md").write_text(
        "---\nmeeting: csc/2022-03-23\nletter: C\ntitle: A child's case review\n---\n"
        "CANARYUNMARKED73\n", encoding="utf-8")
    assert papers("--project", str(project), "build", "--as-of", AS_OF).returncode == 1
    assert digest() == before
    assert not words_in(project / "site", CANARY)
