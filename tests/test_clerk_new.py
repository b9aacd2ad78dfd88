"""`papers new`: meetings from the work programme, reports, and minutes, on a copy of the
bundled content, driven through the real command line."""

from __future__ import annotations

import hashlib
import re
from pathlib import Path

import pytest
from conftest import copy_project, papers
from ruamel.yaml import YAML

from generator.stages import pipeline

AS_OF = "2023-06-01"
COMMITTEE = "childrens-services-osc"
MEETING = f"content/meetings/{COMMITTEE}/2022-01-19.yml"
PLANNED_TITLES = [  # the 2021/22 work programme's items for 19 January 2022
    "Ofsted inspection of LACS - Improvement",
    "Budget for Children's Services",
    "Educational Standards - Early Years to Key Stage 4",
    "Work Planning",
]




def run(project: Path, *args: str):
    return papers("--project", str(project), *args)


def load(path: Path):
    return YAML(typ="safe").load(path.read_text(encoding="utf-8"))


def digest(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def check_errors(project: Path) -> list[str]:
    result = pipeline.check(project / "content", pipeline.parse_as_of(AS_OF), shown_from=project)
    return [str(d) for d in result.diagnostics.errors]


@pytest.fixture
def project(tmp_path):
    return copy_project(tmp_path)


@pytest.fixture
def with_meeting(project):
    result = run(project, "new", "meeting", COMMITTEE, "2022-01-19")
    assert result.returncode == 0, result.stdout + result.stderr
    return project


def test_new_meeting_follows_the_work_programme(with_meeting):
    project = with_meeting
    path = project / MEETING
    meeting = load(path)
    assert meeting["committee"] == COMMITTEE
    assert meeting["status"] == "scheduled"
    assert meeting["venue"] == "City Hall, Bradford"  # from the plan
    assert meeting["start"] == "unknown"  # the plan gives no time; nothing is invented
    procedural = [i for i in meeting["items"] if i["section"] == "A. Procedural items"]
    planned = [i for i in meeting["items"] if i["section"] == "B. Overview and scrutiny activities"]
    assert [i["title"] for i in procedural] == [
        "Alternate members", "Disclosures of interest", "Minutes",
        "Inspection of reports and background papers",
        "Referrals to the Overview and Scrutiny Committee"]
    assert procedural[0]["reference"] == "Standing Order 34"
    # The last meeting before 19 January 2022 in the archive is 6 October 2021.
    assert procedural[2]["recommended"] == (
        "That the minutes of the meeting held on 6 October 2021 be signed as a correct record.")
    assert [i["title"] for i in planned] == PLANNED_TITLES
    assert [i["number"] for i in meeting["items"]] == list(range(1, 10))
    assert [c["name"] for c in planned[0]["contacts"]] == ["Mark Douglas", "Irfan Alam"]
    assert planned[1]["answers"] == "2021-02-03 item 3.1"  # the planned item's origin
    assert "answers" not in planned[0]
    text = path.read_text()
    assert text.startswith("# Made by `papers new meeting` from the 2021/22 work programme")
    assert "# Work programme: Children's Services Overview & Scrutiny Committee recommendation "\
           "from Wednesday 3 February 2021." in text
    assert check_errors(project) == []
    assert run(project, "check").returncode == 0
    # What the scaffold writes is already in the house style.
    assert f"would reformat {MEETING}" not in run(project, "fmt", "--check").stdout


def test_new_meeting_says_which_file_it_made(project):
    result = run(project, "new", "meeting", COMMITTEE, "2022-01-19")
    assert result.returncode == 0
    assert f"Made {MEETING}" in result.stdout
    assert f"{MEETING} passes papers check" in result.stdout


def test_new_meeting_never_overwrites(with_meeting):
    path = with_meeting / MEETING
    path.write_text(path.read_text() + "# the clerk's own note\n")
    before = digest(path)
    result = run(with_meeting, "new", "meeting", COMMITTEE, "2022-01-19")
    assert result.returncode == 1
    assert f"{MEETING} already exists; it was left as it is" in result.stderr
    assert digest(path) == before
    assert "Traceback" not in result.stderr


def test_new_meeting_refuses_an_existing_meeting_from_the_archive(project):
    path = project / f"content/meetings/{COMMITTEE}/2022-03-23.yml"
    before = digest(path)
    result = run(project, "new", "meeting", COMMITTEE, "2022-03-23")
    assert result.returncode == 1
    assert digest(path) == before


@pytest.mark.parametrize(("args", "message", "code"), [
    (("childrens-servics-osc", "2022-01-19"),
     "unknown committee 'childrens-servics-osc' (did you mean 'childrens-services-osc'?)", 1),
    ((COMMITTEE, "2022-01-20"),
     "the 2021/22 work programme plans no meeting of 'childrens-services-osc' on 2022-01-20 "
     "(planned: 2021-07-29, 2021-09-22, 2021-10-20, 2021-11-17, 2021-12-15, 2022-01-19, "
     "2022-02-09, 2022-03-23)", 1),
    ((COMMITTEE, "2023-01-18"), "there is no 2022/23 work programme for", 1),
    ((COMMITTEE, "2022-02-30"), "the date must be written YYYY-MM-DD", 2),
])
def test_new_meeting_explains_what_it_cannot_do(project, args, message, code):
    result = run(project, "new", "meeting", *args)
    assert result.returncode == code
    assert message in result.stderr
    assert not (project / f"content/meetings/{COMMITTEE}/{args[1]}.yml").exists()


def test_new_meeting_without_a_plan_makes_the_procedural_items(project):
    result = run(project, "new", "meeting", COMMITTEE, "2022-01-20", "--without-plan")
    assert result.returncode == 0, result.stderr
    meeting = load(project / f"content/meetings/{COMMITTEE}/2022-01-20.yml")
    assert len(meeting["items"]) == 5
    assert meeting["venue"] == "unknown"
    assert check_errors(project) == []


def test_new_report_for_a_document_on_the_agenda(with_meeting):
    project = with_meeting
    result = run(project, "new", "report", f"{COMMITTEE}/2022-01-19", "A")
    assert result.returncode == 1
    assert "has no document 'A' on its agenda" in result.stderr
    assert "documents: [{letter: A}]" in result.stderr

    path = project / MEETING
    path.write_text(path.read_text().replace(
        "    answers: 2021-02-03 item 3.1\n",
        "    documents:\n      - letter: A\n        title: Budget 2022/23\n"
        "    answers: 2021-02-03 item 3.1\n"))
    result = run(project, "new", "report", f"{COMMITTEE}/2022-01-19", "A")
    assert result.returncode == 0, result.stdout + result.stderr
    report = project / f"content/reports/{COMMITTEE}/2022-01-19-A.md"
    assert f"Made content/reports/{COMMITTEE}/2022-01-19-A.md" in result.stdout
    front = load_front(report)
    assert front["meeting"] == f"{COMMITTEE}/2022-01-19"
    assert front["letter"] == "A"
    assert front["title"] == "Budget 2022/23"
    assert front["contact"] == {"name": "Mark Douglas"}
    assert front["answers"] == "2021-02-03 item 3.1"
    assert check_errors(project) == []

    before = digest(report)
    again = run(project, "new", "report", f"{COMMITTEE}/2022-01-19", "A")
    assert again.returncode == 1
    assert "already" in again.stderr
    assert digest(report) == before


def load_front(path: Path):
    text = path.read_text()
    assert text.startswith("---\n")
    return YAML(typ="safe").load(text.split("---\n")[1])


def test_new_report_needs_the_meeting(project):
    result = run(project, "new", "report", f"{COMMITTEE}/2022-01-19", "A")
    assert result.returncode == 1
    assert f"papers new meeting {COMMITTEE} 2022-01-19" in result.stderr


def test_new_minutes_continue_the_municipal_year(with_meeting):
    project = with_meeting
    path = project / MEETING
    result = run(project, "new", "minutes", f"{COMMITTEE}/2022-01-19")
    assert result.returncode == 0, result.stdout + result.stderr
    assert f"Added minutes to {MEETING}" in result.stdout
    meeting = load(path)
    assert meeting["status"] == "held"
    # 6 October 2021, the last earlier meeting of 2021/22 with minutes, ended at minute 49.
    assert [i["minute"] for i in meeting["items"]] == list(range(50, 59))
    assert [i["number"] for i in meeting["items"]] == list(range(1, 10))  # kept
    assert list(meeting["items"][5])[:4] == ["section", "number", "minute", "title"]
    text = path.read_text()
    # The scaffold's comments survive, and resolution skeletons wait under each item.
    assert text.startswith("# Made by `papers new meeting`")
    assert "# Work programme: Children's Services Overview & Scrutiny" in text
    assert text.count("    # resolutions:\n") == 9
    assert ("    #   - text: That the minutes of the meeting held on 6 October 2021 be signed "
            "as a correct record.") in text
    assert check_errors(project) == []

    before = digest(path)
    again = run(project, "new", "minutes", f"{COMMITTEE}/2022-01-19")
    assert again.returncode == 1
    assert "already has minute numbers" in again.stderr
    assert digest(path) == before


def test_new_minutes_keep_what_the_clerk_wrote(with_meeting):
    project = with_meeting
    path = project / MEETING
    path.write_text(path.read_text().replace(
        "status: scheduled\n", "status: agenda-published  # sent out 11 January\n"))
    assert run(project, "new", "minutes", f"{COMMITTEE}/2022-01-19").returncode == 0
    text = path.read_text()
    assert re.search(r"^status: held +# sent out 11 January$", text, re.M), text[:400]
    assert text.index("committee:") < text.index("date:") < text.index("status:") < text.index(
        "commenced: unknown") < text.index("items:")


def test_new_minutes_need_a_starting_number_when_the_year_has_none(project):
    result = run(project, "new", "meeting", COMMITTEE, "2022-07-20", "--without-plan")
    assert result.returncode == 0, result.stderr
    minutes = run(project, "new", "minutes", f"{COMMITTEE}/2022-07-20")
    assert minutes.returncode == 1
    assert "give it with --first N" in minutes.stderr
    assert run(project, "new", "minutes", f"{COMMITTEE}/2022-07-20", "--first", "1").returncode == 0
    assert [i["minute"] for i in load(project / f"content/meetings/{COMMITTEE}/2022-07-20.yml")[
        "items"]] == [1, 2, 3, 4, 5]
