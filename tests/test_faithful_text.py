"""What the clerk wrote is what is published: YAML's readings of numbers never rewrite
text (1e3 is not 1000.0, 0x1F is not 31, 5.10 is not 5.1)."""

from __future__ import annotations

import json
import re
import subprocess

from conftest import ROOT, add_site_config, copy_project, papers, write_tree

VNU = ROOT / "node_modules" / "vnu-jar" / "build" / "dist" / "vnu.jar"

MEETING = """committee: csc
date: 2022-03-23
status: held
items:
  - minute: 1
    title: 1e3
    reference: 5.10
  - minute: 2
    title: 0x1F
  - minute: 3
    title: 1_000
  - minute: 4
    title: .inf
"""


def test_numbers_in_text_are_published_as_written(project, tmp_path):
    write_tree(project, {"content/meetings/csc/2022-03-23.yml": MEETING})
    add_site_config(project)
    result = papers("build", "--as-of", "2022-06-01", "--site-dir", str(tmp_path / "site"),
                    cwd=project)
    assert result.returncode == 0, result.stdout + result.stderr
    page = (tmp_path / "site/meetings/csc/2022-03-23/index.html").read_text()
    for written in ("1e3", "5.10", "0x1F", "1_000", ".inf"):
        assert written in page, written
    for reinterpreted in ("1000.0", "5.1<", "1000<", ">inf", "Infinity"):
        assert reinterpreted not in page, reinterpreted


def test_a_whole_number_field_written_otherwise_is_an_error_at_its_place(project):
    write_tree(project, {"content/meetings/csc/2022-03-23.yml":
                         MEETING.replace("minute: 1\n", "minute: 1e3\n")})
    result = papers("check", cwd=project)
    assert result.returncode == 1
    assert "content/meetings/csc/2022-03-23.yml:5:13: error" in result.stdout, result.stdout


def test_a_title_beyond_the_basic_plane_keeps_its_page_title(tmp_path):
    """An emoji or a mathematical letter in a report's title (outside U+0000-U+FFFF)."""
    project = copy_project(tmp_path)
    report = project / "content/reports/childrens-services-osc/2021-07-29-B.md"
    title = "Work Programme 2021/22 \U0001f9d2\U0001f3fd \U0001d518\U0001d52b\U0001d526"
    report.write_text(report.read_text().replace(
        "title: Children's Services Overview and Scrutiny Committee – DRAFT Work Programme "
        "2021/22", f"title: {title}"), encoding="utf-8")
    result = papers("build", "--as-of", "2022-06-01", "--site-dir", str(tmp_path / "site"),
                    cwd=project)
    assert result.returncode == 0, result.stderr
    page = (tmp_path / "site/reports/childrens-services-osc/2021-07-29-B/index.html").read_text()
    assert re.search(f"<title>[^<]*{re.escape(title)} - ", page), re.search("<title>.*", page)
    assert re.search(f"<h1[^>]*>[^<]*{re.escape(title)}</h1>", page), re.search("<h1.*", page)


NESTED_AND_NOTED = """committee: csc
date: 2022-03-23
status: held
items:
  - minute: 1
    title: Budget
    minutes: |
      The table[^1] below sets out the figures.

      <table><tr><td>Outer<table><tr><td>Inner</td></tr></table></td><td>After</td></tr></table>

      [^1]: From the Director's report.
  - minute: 2
    title: Fostering
    minutes: |
      As reported[^1] to the Panel.

      [^1]: In March.
"""


def test_nested_tables_and_footnotes_in_two_minutes_make_a_valid_page(project, tmp_path):
    write_tree(project, {"content/meetings/csc/2022-03-23.yml": NESTED_AND_NOTED})
    add_site_config(project)
    site = tmp_path / "site"
    result = papers("build", "--as-of", "2022-06-01", "--site-dir", str(site), cwd=project)
    assert result.returncode == 0, result.stderr
    page = site / "meetings/csc/2022-03-23/index.html"
    html = page.read_text()
    ids = re.findall(r'\sid="([^"]+)"', html)
    assert len(ids) == len(set(ids)), sorted(i for i in ids if ids.count(i) > 1)
    for target in re.findall(r'href="#([^"]+)"', html):
        assert target in ids, target
    assert html.count('class="table-wrapper"') == 1
    vnu = subprocess.run(["java", "-jar", str(VNU), "--errors-only", "--format", "json",
                          str(page)], capture_output=True, text=True, timeout=300)
    messages = json.loads(vnu.stderr or '{"messages": []}')["messages"]
    assert not [m["message"] for m in messages if m["type"] == "error"]


CONTROLLED = r"""committee: csc
date: 2022-03-23
start: "16:30"
status: held
venue: "City Hall\e, Bradford"
items:
  - minute: 1
    title: "Budget\f report"
    documents:
      - letter: A
        title: Budget
    minutes: "Agreed.\b See the [report](https://example.org/a\x01b)."
"""


def test_control_characters_are_removed_with_a_warning_before_any_output(project, tmp_path):
    report = "---\nmeeting: csc/2022-03-23\nletter: A\ntitle: Budget\n---\nPage one.\f\nPage two.\n"
    write_tree(project, {"content/meetings/csc/2022-03-23.yml": CONTROLLED,
                         "content/reports/csc/2022-03-23-A.md": report})
    add_site_config(project)
    check = papers("check", cwd=project)
    assert check.returncode == 0, check.stdout
    warnings = [line for line in check.stdout.splitlines() if "control character" in line]
    places = {line.split(": warning")[0] for line in warnings}
    assert {"content/meetings/csc/2022-03-23.yml:5:8", "content/meetings/csc/2022-03-23.yml:8:12",
            "content/meetings/csc/2022-03-23.yml:12:14",
            "content/reports/csc/2022-03-23-A.md:6:10"} <= places, warnings
    site = tmp_path / "site"
    result = papers("build", "--as-of", "2022-06-01", "--site-dir", str(site), cwd=project)
    assert result.returncode == 0, result.stderr
    written = [p for p in site.rglob("*") if p.is_file()
               and p.suffix in (".html", ".ics", ".atom", ".json", ".xml")]
    assert len(written) > 10
    for path in written:
        text = path.read_text(encoding="utf-8")
        assert not re.search("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f]", text), path
    page = (site / "meetings/csc/2022-03-23/index.html").read_text()
    assert "Budget report" in page and "City Hall, Bradford" in page
    assert 'href="https://example.org/ab"' in page
    calendar = (site / "calendar/csc.ics").read_text()
    assert "LOCATION:City Hall\\, Bradford" in calendar
