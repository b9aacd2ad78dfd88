"""A committee's page and a person's page stay the same size however many years the
archive holds: each shows its latest municipal year, and links to a page for each
earlier year, which together list every meeting and every attendance once."""

from __future__ import annotations

import datetime as dt
import re

from browser import AXE, axe_violations, block_external, chromium, serve_directory
from conftest import BASE_FILES, add_site_config, papers, write_tree

from generator.outputs.search import PEOPLE_GLOB, parts
from generator.stages.pipeline import run

YEARS = ("2019/20", "2020/21", "2021/22")


def _project(root, years=YEARS):
    files = dict(BASE_FILES)
    membership = "".join(f"  {year}:\n    members:\n      LABOUR: [winnard, pollard]\n"
                         for year in years)
    files["content/committees/csc.yml"] = (
        f"name: Test Committee\nkind: committee\nyears:\n{membership}")
    for year in years:
        start = int(year[:4])
        for month in (7, 11):
            files[f"content/meetings/csc/{start}-{month:02d}-01.yml"] = (
                f"committee: csc\ndate: {start}-{month:02d}-01\nstatus: held\n"
                "attendance:\n  present:\n    LABOUR: [winnard]\n  apologies: [pollard]\n"
                "items:\n  - title: Minutes\n")
    return write_tree(root, files)


def _pages(project):
    result = run(project / "content", dt.date(2023, 6, 1), shown_from=project)
    assert result.ok, [str(d) for d in result.diagnostics.errors]
    return {page.uri: page.body() for page in result.pages}


def _meeting_links(html: str) -> list[str]:
    return re.findall(r'href="[./]*meetings/csc/([0-9-]+)/', html)


def test_a_committee_page_shows_its_latest_year_and_links_the_rest(tmp_path):
    pages = _pages(_project(tmp_path))
    main = pages["committees/csc/index.md"]
    assert "<h2>Membership 2021/22</h2>" in main and "Membership 2020/21" not in main
    assert _meeting_links(main) == ["2021-07-01", "2021-11-01"]
    listed = list(_meeting_links(main))
    for year in ("2020-21", "2019-20"):
        assert f'href="{year}/"' in main
        page = pages[f"committees/csc/{year}.md"]
        assert f"<h2>Membership {year.replace('-', '/')}</h2>" in page
        listed += _meeting_links(page)
    assert sorted(listed) == sorted(uri.split("/")[-1].removesuffix(".md")
                                    for uri in pages if uri.startswith("meetings/"))


def test_a_committee_page_shows_this_year_not_next(tmp_path):
    # Next year's meetings are planned already (the build is as of 1 June 2023).
    project = _project(tmp_path, ("2022/23", "2023/24", "2024/25"))
    pages = _pages(project)
    main = pages["committees/csc/index.md"]
    assert "<h2>Membership 2023/24</h2>" in main
    assert 'href="2024-25/"' in main and 'href="2022-23/"' in main
    assert "<h2>Other years</h2>" in main


def test_a_person_page_shows_their_latest_year_and_links_the_rest(tmp_path):
    pages = _pages(_project(tmp_path))
    main = pages["people/winnard.md"]
    assert "Attendance at meetings in 2021/22" in main
    assert _meeting_links(main) == ["2021-07-01", "2021-11-01"]
    assert 'href="2020-21/">Attendance in 2020/21</a> (2 meetings)' in main
    rows = list(_meeting_links(main))
    for year in ("2020-21", "2019-20"):
        page = pages[f"people/winnard/{year}.md"]
        assert "Present" in page
        rows += _meeting_links(page)
    assert sorted(rows) == sorted(f"{y[:4]}-{m}-01" for y in YEARS for m in ("07", "11"))
    # Apologies are attendance too, year by year.
    assert "Apologies" in pages["people/pollard/2019-20.md"]


def test_an_alternate_is_expected_only_when_they_stand_in(tmp_path):
    # An alternate (a substitute) attends only when called on: a meeting they were not
    # needed at is no absence of theirs. A member not recorded at all is absent.
    project = _project(tmp_path, ("2021/22",))
    people = project / "content/people/people.yml"
    people.write_text(people.read_text() + "hawkesworth:\n  name: Hawkesworth\n"
                      "  title: Councillor\nbarker:\n  name: Barker\n  title: Councillor\n")
    committee = project / "content/committees/csc.yml"
    committee.write_text(committee.read_text().replace(
        "[winnard, pollard]\n", "[winnard, pollard, barker]\n"
        "    alternates:\n      LABOUR: [hawkesworth]\n"))
    meeting = project / "content/meetings/csc/2021-11-01.yml"
    meeting.write_text(meeting.read_text().replace(
        "  apologies: [pollard]\n",
        "  apologies: [pollard]\n  alternates:\n"
        "    - {person: hawkesworth, for: pollard}\n"))
    pages = _pages(project)
    alternate = pages["people/hawkesworth.md"]
    assert _meeting_links(alternate) == ["2021-11-01"]
    assert "Present as an alternate" in alternate and "Absent" not in alternate
    assert _meeting_links(pages["people/barker.md"]) == ["2021-07-01", "2021-11-01"]
    assert pages["people/barker.md"].count('<td data-label="Attendance">Absent</td>') == 2


def test_a_role_held_year_after_year_is_one_line(tmp_path):
    project = _project(tmp_path)
    committee = project / "content/committees/csc.yml"
    committee.write_text(committee.read_text()  # a gap, then a year as chair
                         + "  2023/24:\n    members:\n      LABOUR: [winnard]\n"
                         + "    chair: winnard\n")
    main = _pages(project)["people/winnard.md"]
    roles = re.findall(r"</a>, ([^<]+)</li>", main)
    assert roles == ["2019/20 to 2021/22: Member (Labour)", "2023/24: Member (Labour)",
                     "2023/24: Chair"]


def test_a_person_s_earlier_years_are_not_in_the_search_index():
    pages = ["index.html", "people/winnard/index.html", "people/winnard/2020-21/index.html",
             "meetings/csc/2021-07-01/index.html"]
    assert parts(pages, limit=1)[0] == ["index.html", PEOPLE_GLOB]
    assert re.fullmatch(PEOPLE_GLOB.replace("*", "[^/]+").replace(".", r"\."),
                        "people/winnard/index.html")


def test_year_pages_pass_axe(tmp_path):
    project = add_site_config(_project(tmp_path))
    result = papers("--project", str(project), "build", "--as-of", "2023-06-01")
    assert result.returncode == 0, result.stderr
    blocked: list[str] = []
    with serve_directory(project / "site") as base, chromium() as browser:
        context = browser.new_context()
        block_external(context, base, blocked)
        context.add_init_script(path=str(AXE))
        page = context.new_page()
        for path in ("committees/csc/2020-21/", "people/winnard/2020-21/", "people/winnard/"):
            response = page.goto(base + path, wait_until="load")
            assert response is not None and response.status == 200, path
            assert axe_violations(page) == [], path
    assert not blocked


def _outside_article(project, page: str) -> str:
    html = (project / "site" / page).read_text(encoding="utf-8")
    return re.sub(r"<article.*</article>", "", html, flags=re.S)


def test_a_page_s_navigation_does_not_grow_with_the_archive(tmp_path):
    """Other committees and other years are left out of a page's navigation, and so is
    the indentation their template would write (1.6 KB a page at thirty committees and
    twenty years, before it was quieted)."""
    small = add_site_config(_project(tmp_path / "small"))
    years = tuple(f"{start}/{(start + 1) % 100:02d}" for start in range(2008, 2022))
    large = add_site_config(_project(tmp_path / "large", years))
    write_tree(large, {f"content/committees/zz-{n}.yml": f"name: Zeta Panel {n}\nkind: panel\n"
                       for n in range(20)})
    for project in (small, large):
        result = papers("--project", str(project), "build", "--as-of", "2023-06-01")
        assert result.returncode == 0, result.stderr
    page = "meetings/csc/2021-07-01/index.html"
    assert "Zeta Panel 3" in (large / "site/committees/index.html").read_text()
    assert _outside_article(large, page) == _outside_article(small, page)
