"""Derived links on small scenario archives: references in running text, approvals, statuses."""

from __future__ import annotations

import datetime as dt

from conftest import write_tree

from generator.stages.link import RequestStatus
from generator.stages.pipeline import run

OLD = "content/meetings/csc/2018-10-10.yml"
NEW = "content/meetings/csc/2019-01-16.yml"


def build(project, files, as_of=dt.date(2019, 6, 1)):
    write_tree(project, files)
    result = run(project / "content", as_of, shown_from=project)
    return result, {page.uri: page.html for page in result.pages}


def test_minute_references_in_text_link_when_the_minute_is_here(project):
    result, pages = build(project, {
        OLD: "committee: csc\ndate: 2018-10-10\nstatus: held\n"
             "items:\n  - title: Fostering\n    minute: 46\n",
        NEW: "committee: csc\ndate: 2019-01-16\nstatus: held\n"
             "items:\n  - title: Fostering again\n    minute: 60\n"
             "    previous_reference: Minute 46 (2018/19)\n"
             "    minutes: As agreed at Minute 46 (2018/19), not Minute 99 (2018/19) nor\n"
             "      SubMinute 46 (2018/19).\n",
    })
    html = pages["meetings/csc/2019-01-16.md"]
    assert '<a href="../2018-10-10/#minute-46">Minute 46 (2018/19)</a>, not Minute 99' in html
    assert "SubMinute 46 (2018/19)." in html  # only the whole word names a minute
    warnings = [str(d) for d in result.diagnostics.warnings]
    assert warnings == [f"{NEW}:5:5: warning: 'Minute 99 (2018/19)' in the text is not in "
                        "the archive (it stays plain text)"]


def test_approval_of_minutes_marks_them_approved_and_links_back(project):
    _, pages = build(project, {
        OLD: "committee: csc\ndate: 2018-10-10\nstatus: held\n"
             "items:\n  - title: Fostering\n    minute: 46\n    minutes: Discussed.\n",
        NEW: "committee: csc\ndate: 2019-01-16\nstatus: held\nitems:\n  - title: Minutes\n"
             "    minute: 55\n    resolutions:\n      - text: That the minutes of the meeting "
             "held on 10 October 2018 be signed as a correct record.\n",
    })
    old = pages["meetings/csc/2018-10-10.md"]
    assert "Minutes approved" in old and '<a href="../2019-01-16/#minute-55">' in old
    assert "Draft minutes" in pages["meetings/csc/2019-01-16.md"]


def test_request_statuses(project):
    request = ("committee: csc\ndate: 2018-10-10\nstatus: held\nitems:\n  - title: Homes\n"
               "    minute: 46\n    resolutions:\n"
               "      - text: A report in three months.\n"
               "        requests: {what: report, due: in 3 months}\n"
               "      - text: A report to the next meeting.\n"
               "        requests: {what: report, due: next meeting}\n"
               "      - text: A report some day.\n"
               "        requests: {what: report, due: unspecified}\n"
               "      - text: Withdrawn.\n"
               "        requests: {what: report, due: 2018-11}\n"
               "        withdrawn: true\n"
               "      - text: Thanks to officers.\n"
               "        outcome: No further action required.\n")
    answer = ("committee: csc\ndate: 2019-01-16\nstatus: held\nitems:\n  - title: Homes\n"
              "    minute: 60\n    answers: 2018-10-10 minute 46.2\n")
    result, _ = build(project, {OLD: request, NEW: answer}, as_of=dt.date(2019, 2, 1))
    statuses = [result.links.status[("csc/2018-10-10", 0, i)] for i in range(5)]
    assert statuses == [RequestStatus.OVERDUE, RequestStatus.MET, RequestStatus.OPEN,
                        RequestStatus.WITHDRAWN, RequestStatus.NO_FURTHER_ACTION]
    assert result.links.due[("csc/2018-10-10", 0, 0)] == dt.date(2019, 1, 10)
    assert result.links.due[("csc/2018-10-10", 0, 1)] == dt.date(2019, 1, 16)


def test_answering_an_item_that_does_not_exist_is_an_error(project):
    result, _ = build(project, {
        OLD: "committee: csc\ndate: 2018-10-10\nstatus: held\nitems:\n  - title: A\n"
             "    minute: 46\n",
        NEW: "committee: csc\ndate: 2019-01-16\nstatus: held\nitems:\n  - title: B\n"
             "    answers: 2018-10-10 minute 47.1\n",
    })
    assert [str(d) for d in result.diagnostics.errors] == [
        f"{NEW}:6:14: error: csc/2018-10-10 has no minute 47 (known there: 46)"]
