"""Each class of content error, fed as a small bad file, is reported at its exact place."""

from __future__ import annotations

import pytest
from conftest import papers, write_tree

MEETING = "content/meetings/csc/2022-03-23.yml"
HEAD = "committee: csc\ndate: 2022-03-23\nstatus: held\n"

CASES = [
    pytest.param(
        MEETING, "committee: csc\ndate: [2022-03-23\nstatus: held\n",
        "3:7: error: YAML syntax error: expected ',' or ']', but got ':'", id="yaml-syntax"),
    pytest.param(
        MEETING, HEAD + "items:\n\t- title: One\n",
        "5:1: error: YAML syntax error: found character '\\t' that cannot start any token "
        "(YAML indents with spaces, never tabs)", id="tab"),
    pytest.param(
        MEETING, HEAD + "items:\n  - title: [a, b]\n",
        "5:12: error: items[0].title: expected text, found a list (put the text on one line "
        "after the colon, or use | for several lines)", id="wrong-type"),
    pytest.param(
        MEETING, HEAD + "items:\n  - title: One\n    minute: forty\n",
        "6:13: error: items[0].minute: 'forty' is not a minute number (write it as this "
        "committee's papers do, e.g. 12, with a letter for an item taken late (12A))",
        id="wrong-type-number"),
    pytest.param(
        MEETING, HEAD + "venu: City Hall\n",
        "4:1: error: unknown key 'venu' (did you mean 'venue'?)", id="unknown-key"),
    pytest.param(
        MEETING, "committee: csc\ndate: 2022-03-23\n",
        "1:1: error: missing required field 'status' (add 'status:' to this file)",
        id="missing-field"),
    pytest.param(
        MEETING, HEAD.replace("held", "hled"),
        "3:9: error: status: 'hled' is not one of the allowed values (did you mean 'held'?)",
        id="bad-choice"),
    pytest.param(
        "content/meetings/csc/2022-02-30.yml", "committee: csc\ndate: 2022-02-30\nstatus: held\n",
        "2:7: error: date: not a real date: '2022-02-30' (write dates as YYYY-MM-DD, "
        "e.g. 2022-03-23, or 'unknown')", id="impossible-date"),
    pytest.param(
        MEETING, HEAD + 'commenced: "25:10"\n',
        '4:12: error: commenced: not a real time: \'25:10\' (write times on the 24-hour '
        'clock in quotes, e.g. "16:30")', id="impossible-time"),
    pytest.param(
        MEETING, HEAD + "attendance:\n  chair: winard\n",
        "5:10: error: attendance.chair: unknown person 'winard' (did you mean 'winnard'?)",
        id="unknown-person"),
    pytest.param(
        MEETING, HEAD + "attendance:\n  present:\n    LABOUR: [winnard, polard]\n",
        "6:23: error: attendance.present.LABOUR[1]: unknown person 'polard' "
        "(did you mean 'pollard'?)", id="unknown-person-in-list"),
    pytest.param(
        MEETING, "committee: csx\ndate: 2022-03-23\nstatus: held\n",
        "1:12: error: committee: unknown committee 'csx' (did you mean 'csc'?)",
        id="unknown-committee"),
    pytest.param(
        MEETING, HEAD + "items:\n  - title: One\n    documents: [AA]\n  - title: Two\n"
        "    documents:\n      - letter: AA\n",
        "9:9: error: document letter 'AA' is used twice in this meeting (first at line 6) "
        "(each document at a meeting has its own letter)", id="letter-twice"),
    pytest.param(
        MEETING, HEAD + "items:\n  - title: One\n    answers: 2021-03-11 item two\n",
        "6:14: error: items[0].answers: malformed reference '2021-03-11 item two' (write "
        "COMMITTEE/DATE, then 'item N' or 'minute N', then '.K' for resolution K, "
        "e.g. childrens-services-osc/2021-03-11 item 2.1)", id="malformed-reference"),
    pytest.param(
        MEETING, HEAD + "items:\n  - title: One\n    previous_reference: Minute 46 (2018/2019)\n",
        "6:25: error: items[0].previous_reference: malformed minute reference 'Minute 46 "
        "(2018/2019)' (write it as the papers do: Minute 46 (2018/19), minute 46 of 10 October "
        "2018, Minute 46 – October 2018, or Minute 46 for one of the same municipal year)",
        id="malformed-minute-reference"),
    pytest.param(
        MEETING, HEAD + "items:\n  - title: One\n    answers: 2021-03-11 item 2.1\n",
        "6:14: warning: '2021-03-11 item 2.1' is not in the archive (fine if its papers are "
        "not published here)", id="reference-outside-archive"),
]


@pytest.mark.parametrize(("path", "text", "expected"), CASES)
def test_each_error_class_is_reported_at_its_place(project, path, text, expected):
    write_tree(project, {path: text})
    result = papers("--project", str(project), "check")
    lines = result.stdout.splitlines()
    assert f"{path}:{expected}" in lines, result.stdout
    is_error = ": error: " in expected
    assert result.returncode == (1 if is_error else 0)
    assert "Traceback" not in result.stdout + result.stderr


def minute_47(day: str) -> str:
    return f"committee: csc\ndate: {day}\nstatus: held\nitems:\n  - title: A\n    minute: 47\n"


def test_minute_number_used_twice_in_a_municipal_year(project):
    write_tree(project, {
        "content/meetings/csc/2021-10-06.yml":
            minute_47("2021-10-06"),
        MEETING: HEAD + "items:\n  - title: B\n    minute: 47\n",
    })
    result = papers("--project", str(project), "check")
    assert (f"{MEETING}:6:13: error: items[0].minute: minute 47 is used twice in 2021/22 "
            "(also at content/meetings/csc/2021-10-06.yml:6:13) (minute numbers run on "
            "through a committee's municipal year)") in result.stdout.splitlines()
    assert result.returncode == 1


def test_same_minute_number_in_another_year_is_fine(project):
    write_tree(project, {
        "content/meetings/csc/2020-10-07.yml":
            minute_47("2020-10-07"),
        MEETING: HEAD + "items:\n  - title: B\n    minute: 47\n",
    })
    assert papers("--project", str(project), "check").returncode == 0


def test_one_file_with_five_problems_reports_all_five(project):
    write_tree(project, {MEETING: (
        "committee: csc\n"
        "date: 2022-03-23\n"
        "status: hled\n"                      # 1: not an allowed status
        "venu: City Hall\n"                   # 2: unknown key
        'commenced: "16:75"\n'                # 3: impossible time
        "attendance:\n"
        "  chair: winard\n"                   # 4: unknown person
        "items:\n"
        "  - minute: 85\n"                    # 5: missing title
    )})
    result = papers("--project", str(project), "check")
    errors = [line for line in result.stdout.splitlines() if ": error: " in line]
    assert [e.split(": error: ")[0] for e in errors] == [
        f"{MEETING}:3:9", f"{MEETING}:4:1", f"{MEETING}:5:12", f"{MEETING}:7:10",
        f"{MEETING}:9:5",
    ], result.stdout
    assert "items[0]: missing required field 'title'" in errors[4]
    assert "papers check failed: 5 errors" in result.stdout
    assert result.returncode == 1


def test_strict_turns_warnings_into_failure(project):
    write_tree(project, {MEETING: HEAD + "items:\n  - title: One\n    answers: 2021-03-11\n"})
    assert papers("--project", str(project), "check").returncode == 0
    strict = papers("--project", str(project), "check", "--strict")
    assert strict.returncode == 1
    assert "--strict counts warnings as errors" in strict.stdout


def test_usage_mistakes_exit_2(project):
    assert papers("--project", str(project), "check", "--as-of", "tomorrow").returncode == 2
    assert papers("--project", str(project), "frobnicate").returncode == 2
