"""The real Bradford papers: they check clean, build a site, and the derived links hold."""

from __future__ import annotations

import hashlib
import html
import re
import subprocess
import sys
from pathlib import Path

import pytest
from conftest import ROOT, papers

SITE_PAGES = {
    "march": "meetings/childrens-services-osc/2022-03-23/index.html",
    "february": "meetings/childrens-services-osc/2022-02-09/index.html",
    "october": "meetings/childrens-services-osc/2021-10-06/index.html",
    "march-2021": "meetings/childrens-services-osc/2021-03-11/index.html",
    "report-a": "reports/childrens-services-osc/2021-07-29-A/index.html",
    "programme": "work-programmes/childrens-services-osc/2021-22/index.html",
}


@pytest.fixture(scope="module")
def site(tmp_path_factory) -> Path:
    out = tmp_path_factory.mktemp("site") / "site"
    result = papers("build", "--as-of", "2023-06-01", "--site-dir", str(out))
    assert result.returncode == 0, result.stdout + result.stderr
    assert f"The site is in {out}" in result.stdout
    return out


def page(site: Path, name: str) -> str:
    return (site / SITE_PAGES[name]).read_text()


def test_bundled_content_checks_clean_and_lists_its_warnings():
    result = papers("check")
    assert result.returncode == 0, result.stdout
    assert "papers check passed: 0 errors" in result.stdout
    warnings = [line for line in result.stdout.splitlines() if ": warning: " in line]
    # The bundled site has no public address of its own, and says so.
    settings = [line for line in warnings if not line.startswith("content/")]
    assert [line.split(": warning: ")[0] for line in settings] == ["mkdocs.yml:1:1"]
    assert "no site_url" in settings[0]
    assert len(warnings) > len(settings)


def test_every_record_has_a_page(site):
    for name in SITE_PAGES:
        assert (site / SITE_PAGES[name]).is_file(), name
    meetings = list((ROOT / "content/meetings").rglob("*.yml"))
    built = list((site / "meetings").rglob("index.html"))
    assert len(built) == len(meetings) >= 14


def test_minutes_approval_is_shown_both_ways(site):
    february = page(site, "february")
    assert "Minutes approved" in february
    assert 'href="../2022-03-23/#minute-86"' in february
    march = page(site, "march")
    assert 'href="../2022-02-09/"' in march and "minutes of Wednesday 9 February 2022" in march
    # Nothing in the archive approves 23 March, and no later meeting is known: the page
    # says so, and never calls them a draft (the as-of date is a year on).
    assert "Approval not recorded" in march and "Draft minutes" not in march


def test_young_carers_chain(site):
    march = page(site, "march")
    assert 'Requested by <a href="../2021-03-11/#item-2">item 2, resolution 1' in march
    origin = page(site, "march-2021")
    assert 'href="../2022-03-23/#minute-90"' in origin
    programme = page(site, "programme")
    assert "Young Carers." in programme
    assert "../../../meetings/childrens-services-osc/2022-03-23/#minute-90" in programme


def test_request_status_follows_the_build_date(site, tmp_path):
    october = page(site, "october")
    minute_47 = october[october.index('id="minute-47"'):october.index('id="minute-48"')]
    assert "due by Saturday 31 December 2022" in minute_47
    assert "Overdue" in minute_47
    earlier = tmp_path / "site"
    assert papers("build", "--as-of", "2022-06-01", "--site-dir", str(earlier)).returncode == 0
    text = (earlier / SITE_PAGES["october"]).read_text()
    minute_47 = text[text.index('id="minute-47"'):text.index('id="minute-48"')]
    assert "Open" in minute_47 and "Overdue" not in minute_47


def test_unplanned_meeting_sits_beside_the_planned_ones(site):
    programme = page(site, "programme")
    assert "Wednesday 6 October 2021 (not in the work programme)" in programme
    assert programme.index("Wednesday 22 September 2021") < programme.index(
        "Wednesday 6 October 2021") < programme.index("Wednesday 20 October 2021")


def test_report_tables_stay_tables(site):
    report = page(site, "report-a")
    assert report.count("<table") >= 3
    assert "Considered at" in report


def test_same_content_and_date_build_byte_identical(site, tmp_path):
    again = tmp_path / "again"
    assert papers("build", "--as-of", "2023-06-01", "--site-dir", str(again)).returncode == 0

    def digest(root: Path) -> dict[str, str]:
        return {p.relative_to(root).as_posix(): hashlib.sha256(p.read_bytes()).hexdigest()
                for p in sorted(root.rglob("*")) if p.is_file()}

    assert digest(site) == digest(again)


def test_only_the_mkdocs_adapter_imports_mkdocs():
    modules = sorted(
        ".".join(path.relative_to(ROOT).with_suffix("").parts)
        for path in (ROOT / "generator").rglob("*.py")
        if "mkdocs_adapter" not in path.parts and path.name != "__main__.py")
    assert "generator.stages.pipeline" in modules and "generator.cli" in modules
    code = (f"import sys, importlib; [importlib.import_module(m) for m in {modules!r}]; "
            "sys.exit(any(m.split('.')[0] == 'mkdocs' for m in sys.modules))")
    assert subprocess.run([sys.executable, "-c", code], cwd=ROOT).returncode == 0


def test_plain_mkdocs_build_works_too(tmp_path):
    result = subprocess.run(
        [sys.executable, "-m", "mkdocs", "build", "--strict", "-q", "--site-dir",
         str(tmp_path / "site")], cwd=ROOT, capture_output=True, text=True,
        env={"PAPERS_AS_OF": "2023-06-01", "NO_MKDOCS_2_WARNING": "1",
             "PATH": "/usr/bin:/bin"})
    assert result.returncode == 0, result.stderr
    assert (tmp_path / "site/meetings/childrens-services-osc/2022-03-23/index.html").is_file()


def test_everyone_present_on_6_october_2021_has_it_in_their_record(site):
    from ruamel.yaml import YAML

    meeting = YAML().load(ROOT / "content/meetings/childrens-services-osc/2021-10-06.yml")
    present = [p for group in meeting["attendance"]["present"].values() for p in group]
    assert len(present) == 9
    for person in present:
        record = (site / "people" / person / "index.html").read_text()
        row = re.search(r'<a href="../../meetings/childrens-services-osc/2021-10-06/">'
                        r"Wednesday 6 October 2021</a></th><td[^>]*>[^<]*</td>"
                        r"<td[^>]*>([^<]*)</td>", record)
        assert row and row.group(1) == "Present", person


def test_navigation_goes_committee_then_year_then_meeting(site):
    import datetime as dt

    from generator.stages.pipeline import check
    from generator.stages.render import navigation

    result = check(ROOT / "content", dt.date(2023, 6, 1))
    sections = navigation(result.archive, result.links)
    # Titles reach MkDocs as HTML (escaped); unescaped they are the committees' names.
    names = [html.unescape(next(iter(section))) for section in sections]
    assert names == ["Children's Services Overview and Scrutiny Committee",
                     "Corporate Parenting Panel"]
    children = next(iter(sections[0].values()))
    assert children[0] == "committees/childrens-services-osc/index.md"
    assert [next(iter(year)) for year in children[1:]] == ["2021/22", "2020/21"]
    assert {"23 March 2022": "meetings/childrens-services-osc/2022-03-23.md"} in (
        children[1]["2021/22"])
    home = (site / "index.html").read_text()
    assert 'href="meetings/childrens-services-osc/2022-03-23/"' in home


def test_document_letters_in_running_text_link_when_the_report_is_here(site):
    agenda = (site / "meetings/childrens-services-osc/2021-07-29/index.html").read_text()
    assert '<a href="../../../reports/childrens-services-osc/2021-07-29-A/">Document "A"</a>' in (
        agenda)
    march = page(site, "march")
    assert '(Document "AA") presented' in march  # not in the archive: stays plain text


def test_work_programme_says_what_became_of_each_plan(site):
    programme = page(site, "programme")
    send = programme[programme.index("Special Educational Needs and Disability Reforms."):]
    assert send.index("<strong>Outstanding</strong>") < send.index("Young Carers.")
    young_carers = programme[programme.rindex("Young Carers."):]
    assert "Considered: <a" in young_carers[:1500]


def test_home_lists_upcoming_meetings_papers_and_how_to_take_part(site):
    home = (site / "index.html").read_text()
    for heading in ("Upcoming meetings", "Recently published papers", "Committees",
                    "How to take part"):
        assert f">{heading}</h2>" in home, heading
    assert "No meetings are scheduled after Thursday 1 June 2023." in home
    assert 'Document "B": Children' in home
