"""Derived links on small scenario archives: references in running text, approvals, statuses."""

from __future__ import annotations

import datetime as dt
import html
import json

from conftest import write_tree

from generator.outputs import outputs
from generator.stages.link import RequestStatus
from generator.stages.pipeline import run

OLD = "content/meetings/csc/2018-10-10.yml"
NEW = "content/meetings/csc/2019-01-16.yml"


def build(project, files, as_of=dt.date(2019, 6, 1)):
    write_tree(project, files)
    result = run(project / "content", as_of, shown_from=project)
    return result, {page.uri: page.html for page in result.pages}


def meeting_data(result, path: str) -> dict:
    """One open-data file of the run, read."""
    return json.loads(dict(outputs(result.archive, result.links, None))[path])


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
    assert warnings == [f"{NEW}:8:14: warning: 'Minute 99 (2018/19)' in the text is not in "
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
    # No later meeting is known, so nothing says when 16 January's minutes were approved:
    # the page says that, and never that they are a draft.
    new = pages["meetings/csc/2019-01-16.md"]
    assert "Approval not recorded" in new and "Draft" not in new


HELD = "committee: csc\ndate: {day}\nstatus: held\nitems:\n  - title: Fostering\n" \
       "    minute: {minute}\n    minutes: Discussed.\n"


def test_minutes_are_draft_only_until_the_next_meeting_is_held(project):
    files = {OLD: HELD.format(day="2018-10-10", minute=46),
             NEW: "committee: csc\ndate: 2019-01-16\nstatus: scheduled\n"}
    _, before = build(project, files, as_of=dt.date(2019, 1, 2))
    assert ("<strong>Draft minutes</strong>: to be approved as a correct record at the "
            "committee's next meeting, on <a href=\"../2019-01-16/\">Wednesday 16 January "
            "2019</a>.") in before["meetings/csc/2018-10-10.md"]
    _, after = build(project, files, as_of=dt.date(2019, 2, 1))
    old = after["meetings/csc/2018-10-10.md"]
    assert "Approval not recorded" in old and "Draft" not in old


# As Lancashire County Council's Cabinet worded it on 3 September 2020 (tests/fixtures/
# councils/lancashire-county), and as West Devon's Council passively did.
LANCASHIRE = ("Resolved: That the minutes of the meeting held on 6 August 2020 be confirmed "
              "as a correct record and signed by the Chair.")
PASSIVE = "The minutes of the meeting held on 6 August 2020 were approved as a correct record."


def test_other_councils_wording_of_approval_is_recognised(project):
    for wording in (LANCASHIRE, PASSIVE):
        result, pages = build(project, {
            "content/meetings/csc/2020-08-06.yml": HELD.format(day="2020-08-06", minute=1),
            "content/meetings/csc/2020-09-03.yml": (
                "committee: csc\ndate: 2020-09-03\nstatus: held\nitems:\n"
                f"  - title: Minutes\n    minute: 2\n    resolutions:\n"
                f"      - text: {json.dumps(wording)}\n"),
        }, as_of=dt.date(2021, 1, 1))
        assert "Minutes approved" in pages["meetings/csc/2020-08-06.md"], wording
        assert not result.diagnostics.warnings


# South Hams District Council's Executive, 18 April 2024 (tests/fixtures/councils/
# south-hams-district): two meetings' minutes approved at once, one a special meeting.
SOUTH_HAMS = ("The minutes of the Executive meeting held on 7 March 2024, and the Special "
              "Executive meeting held on 13 March 2024 were both confirmed as a true and "
              "correct record.")


def test_wording_it_cannot_match_is_a_warning_until_the_clerk_says_which(project):
    files = {
        "content/meetings/exec/2024-03-07.yml": HELD.format(day="2024-03-07", minute=80
                                                            ).replace("csc", "exec"),
        "content/meetings/exec/2024-03-13.yml": HELD.format(day="2024-03-13", minute=85
                                                            ).replace("csc", "exec"),
        "content/meetings/exec/2024-04-18.yml": (
            "committee: exec\ndate: 2024-04-18\nstatus: held\nitems:\n"
            f"  - title: Minutes\n    minute: 91\n    resolutions:\n"
            f"      - text: {json.dumps(SOUTH_HAMS)}\n"),
    }
    committees = {"content/committees/exec.yml": "name: Executive\nkind: committee\n"}
    result, pages = build(project, {**files, **committees}, as_of=dt.date(2024, 6, 1))
    warnings = [str(d) for d in result.diagnostics.warnings]
    assert any("2024-04-18.yml:8:9: warning: this reads as approving minutes" in w
               for w in warnings), warnings
    assert "Approval not recorded" in pages["meetings/exec/2024-03-07.md"]
    files["content/meetings/exec/2024-04-18.yml"] += (
        "    approves_minutes:\n      - meeting: 2024-03-07\n      - meeting: 2024-03-13\n")
    result, pages = build(project, files, as_of=dt.date(2024, 6, 1))
    assert not [d for d in result.diagnostics.warnings if "approv" in str(d)]
    for day in ("2024-03-07", "2024-03-13"):
        page = pages[f"meetings/exec/{day}.md"]
        assert "Minutes approved" in page and '<a href="../2024-04-18/#minute-91">' in page
    approving = pages["meetings/exec/2024-04-18.md"]
    assert "minutes of Thursday 7 March 2024" in approving
    assert "minutes of Wednesday 13 March 2024" in approving


def test_corrections_a_successor_committee_and_an_approval_outside_the_archive(project):
    # West Devon's Council approved minutes "subject to the word 'lad' being replaced by
    # the word 'had'" (tests/fixtures/councils/west-devon-borough); a successor committee
    # approves the last minutes of the one it replaced.
    result, pages = build(project, {
        "content/committees/old.yml": "name: Invest to Earn Committee\nkind: committee\n",
        "content/committees/new.yml": "name: Hub Committee\nkind: committee\n",
        "content/meetings/old/2019-12-17.yml": HELD.format(day="2019-12-17", minute=9
                                                           ).replace("csc", "old"),
        "content/meetings/old/2019-06-11.yml": HELD.format(day="2019-06-11", minute=2
                                                           ).replace("csc", "old")
        + "minutes_approved:\n  on: 2019-09-10\n  at: the Invest to Earn Committee\n",
        "content/meetings/new/2020-02-04.yml": (
            "committee: new\ndate: 2020-02-04\nstatus: held\nitems:\n  - title: Minutes\n"
            "    minute: 1\n    approves_minutes:\n      - meeting: old/2019-12-17\n"
            "        corrections:\n          - \"'lad' replaced by 'had' in Minute 9.\"\n"
            "      - meeting: old/2019-11-05\n"),
    }, as_of=dt.date(2020, 6, 1))
    warnings = [str(d) for d in result.diagnostics.warnings]
    assert any("2020-02-04.yml:11:18: warning: the meeting old/2019-11-05 whose minutes this "
               "approves is not in the archive" in w for w in warnings), warnings
    old = pages["meetings/old/2019-12-17.md"]
    assert "as a correct record, with corrections, at the meeting of" in old
    assert "Hub Committee, Tuesday 4 February 2020, minute 1" in old
    # "Minute 9" in the correction is a minute of the meeting it corrects, and links there
    assert "'lad' replaced by 'had' in <a href=\"./#minute-9\">Minute 9</a>." in old
    new = pages["meetings/new/2020-02-04.md"]
    assert "minutes of the Invest to Earn Committee, Tuesday 17 December 2019</a>, with " \
           "corrections." in new
    # The meeting outside the archive is approved too, as the clerk wrote: said so, not lost.
    assert ("<p>Approves the minutes of Invest to Earn Committee, Tuesday 5 November 2019 "
            "(not in this archive).</p>") in new
    item = meeting_data(result, "data/meetings/new/2020-02-04.json")["agenda"][0]
    assert item["approves_minutes_of"] == ["old/2019-12-17"]
    assert item["approves_minutes_outside"] == [
        {"meeting": "old/2019-11-05", "corrections": [], "corrections_html": []}]
    elsewhere = pages["meetings/old/2019-06-11.md"]
    assert ("as a correct record at the Invest to Earn Committee on Tuesday 10 September "
            "2019: a meeting whose papers are not in this archive") in elsewhere


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


# Hillingdon's Cabinet, 27 October 2011 (tests/fixtures/councils/hillingdon-london-borough):
# reasons and alternatives for the item's decisions as a whole; North Hertfordshire's
# Cabinet, 19 June 2018, a reason for one resolution.
HILLINGDON_REASON = ("Cabinet gave its support to the Government's Foster Carers' Charter, "
                     "and a local version, which set out guidelines on how local "
                     "authorities, social workers and foster carers should work together "
                     "in the future.")
HILLINGDON_ALTERNATIVES = "Cabinet could have decided not to sign-up to the two charters."
NORTH_HERTS_REASON = ("To enable the Council to complete the development of the North "
                      "Hertfordshire Museum/Hitchin Town Hall project as intended by the "
                      "Council.")


def test_reasons_and_alternatives_are_published_with_the_decision(project):
    result, pages = build(project, {NEW: (
        "committee: csc\ndate: 2019-01-16\nstatus: held\nitems:\n"
        "  - title: Foster Carers' Charter\n    minute: 413\n    resolutions:\n"
        "      - text: Approve the local Foster Carers' Charter.\n"
        f"        reason: {json.dumps(NORTH_HERTS_REASON)}\n"
        f"    reason: {json.dumps(HILLINGDON_REASON)}\n"
        f"    alternatives: {json.dumps(HILLINGDON_ALTERNATIVES)}\n")})
    assert result.ok, [str(d) for d in result.diagnostics.errors]
    page = pages["meetings/csc/2019-01-16.md"]
    for words in (HILLINGDON_REASON, HILLINGDON_ALTERNATIVES, NORTH_HERTS_REASON):
        assert words in html.unescape(page)
    assert page.count("<strong>Reason for decision</strong>") == 2
    assert "<strong>Alternative options considered</strong>" in page
    tracker = pages["trackers/csc/2018-19.md"]
    assert "Hitchin Town Hall" in tracker and "not to sign-up" in tracker
    data = meeting_data(result, "data/meetings/csc/2019-01-16.json")
    item = data["agenda"][0]
    assert item["reason"] == HILLINGDON_REASON
    assert item["alternatives_html"] == f"<p>{html.escape(HILLINGDON_ALTERNATIVES, False)}</p>"
    assert item["resolutions"][0]["reason"] == NORTH_HERTS_REASON


# Kent County Council's Environment & Transport Cabinet Committee, 18 March 2021
# (tests/fixtures/councils/kent-county).
KENT = ("declared a Disclosable Pecuniary Interest in the Highways Term Maintenance "
        "Contract (item 10) and said that he would leave the room")


def test_a_disclosure_names_its_kind_whether_they_left_and_where_on_the_person_page(project):
    result, pages = build(project, {NEW: (
        "committee: csc\ndate: 2019-01-16\nstatus: held\nitems:\n"
        "  - title: Highways Term Maintenance Contract\n    minute: 60\n    disclosures:\n"
        f"      - person: winnard\n        kind: disclosable pecuniary\n"
        f"        interest: {json.dumps(KENT)}\n        left_room: true\n"
        "      - person: pollard\n        interest: A member of the board.\n"
        "        left_room: maybe\n")})
    errors = [str(d) for d in result.diagnostics.errors]
    assert errors == [f"{NEW}:14:20: error: items[0].disclosures[1].left_room: expected true "
                      "or false, found 'maybe' (write true if the member left the room for "
                      "the item, false if they stayed; leave it out if the minutes do not "
                      "say)"]
    (project / NEW).write_text((project / NEW).read_text().replace("maybe", "false"))
    result, pages = build(project, {})
    meeting = html.unescape(pages["meetings/csc/2019-01-16.md"])
    assert f"Disclosable pecuniary interest: {KENT} (left the room for this item)" in meeting
    assert "A member of the board. (stayed in the room)" in meeting
    person = html.unescape(pages["people/winnard.md"])
    assert ('<a href="../../meetings/csc/2019-01-16/#minute-60">Test Committee, Wednesday 16 '
            "January 2019, minute 60: Highways Term Maintenance Contract</a>: Disclosable "
            f"pecuniary interest: {KENT} (left the room for this item)") in person
    assert "date unknown" not in person


# Kent's urgent item of 18 March 2021, "provided as a supplement" (tests/fixtures/councils/
# kent-county).
KENT_URGENCY = ("The item had been included in the agenda as it could not reasonably be "
                "delayed to the next meeting of the cabinet committee in June.")


def test_an_item_added_after_the_agenda_says_so_on_the_page_in_the_feed_and_data(project):
    result, pages = build(project, {NEW: (
        "committee: csc\ndate: 2019-01-16\nstatus: agenda-published\nitems:\n"
        "  - number: 10\n    title: Highways\n"
        "  - number: 11\n    title: Climate Change Risk and Impact Assessment\n"
        f"    added:\n      kind: urgent\n      reason: {json.dumps(KENT_URGENCY)}\n"
        "      published: 2019-01-14\n"
        "  - number: 12\n    title: Budget\n    added: {published: 2019-01-15}\n")},
        as_of=dt.date(2019, 1, 10))
    assert result.ok, [str(d) for d in result.diagnostics.errors]
    page = html.unescape(pages["meetings/csc/2019-01-16.md"])
    assert ("<strong>Urgent business</strong>: added after the agenda was published; its "
            "papers were published on Monday 14 January 2019. " + KENT_URGENCY) in page
    assert ("<strong>Supplementary item</strong>: added after the agenda was published; its "
            "papers were published on Tuesday 15 January 2019.") in page
    files = dict(outputs(result.archive, result.links, None))
    assert "11. Climate Change Risk and Impact Assessment (urgent item)" in html.unescape(
        files["feeds/csc.atom"].decode())
    agenda = json.loads(files["data/meetings/csc/2019-01-16.json"])["agenda"]
    assert [i["added"] for i in agenda] == [
        None, {"kind": "urgent", "reason": KENT_URGENCY, "published": "2019-01-14"},
        {"kind": "supplementary", "reason": None, "published": "2019-01-15"}]


def test_a_previous_reference_outside_the_archive_is_a_warning_at_its_place(project):
    result, pages = build(project, {NEW: (
        "committee: csc\ndate: 2019-01-16\nstatus: held\nitems:\n  - title: Fostering\n"
        "    minute: 60\n    previous_reference: Minute 111 (2016/17)\n")})
    assert [str(d) for d in result.diagnostics.warnings] == [
        f"{NEW}:7:25: warning: the previous reference, Minute 111 (2016/17), is not in the "
        "archive (the page shows it as plain text)"]
    assert "Minute 111 (2016/17)" in pages["meetings/csc/2019-01-16.md"]


def test_a_disclosure_for_the_whole_meeting(project):
    # Wiltshire Council, Declarations of Interest (cms.wiltshire.gov.uk/ieIssueDetails.aspx?
    # IId=4688&Opt=3&PlanId=0): declared under the meeting's declarations, for a part of
    # the budget rather than one agenda item.
    interest = ("in respect of the housing revenue account in so far as the setting of "
                "garage rents was concerned. Cllr Dalton held a garage tenancies and left the "
                "meeting during consideration of that element of the budget.")
    result, pages = build(project, {NEW: (
        "committee: csc\ndate: 2019-01-16\nstatus: held\n"
        "disclosures:\n  - person: winnard\n    kind: personal and prejudicial\n"
        f"    interest: {json.dumps(interest)}\n    left_room: true\n"
        "items:\n  - title: Budget\n    minute: 60\n")})
    assert result.ok, [str(d) for d in result.diagnostics.errors]
    page = html.unescape(pages["meetings/csc/2019-01-16.md"])
    assert '<h2 id="disclosures">Disclosures of interest for the whole meeting</h2>' in page
    assert f"Personal and prejudicial interest: {interest} (left the room)</li>" in page
    person = html.unescape(pages["people/winnard.md"])
    assert ('<a href="../../meetings/csc/2019-01-16/#disclosures">Test Committee, Wednesday '
            '16 January 2019, the whole meeting</a>: Personal and prejudicial interest') in person
    data = meeting_data(result, "data/meetings/csc/2019-01-16.json")
    assert data["disclosures"] == [{
        "person": {"id": "winnard", "name": "Councillor Geoff Winnard", "url": "people/winnard/"},
        "interest": interest,
        "kind": "personal and prejudicial", "left_room": True, "concerns": []}]
    assert data["agenda"][0]["disclosures"] == []


def test_a_reference_in_the_text_is_warned_about_at_its_own_line_and_column(project):
    # A clerk at 6pm needs the line that holds the reference, not the item's first line.
    result, _ = build(project, {
        NEW: ("committee: csc\ndate: 2019-01-16\nstatus: held\nitems:\n  - title: One\n"
              "    minute: 60\n    description: See Minute 98 (2018/19).\n    minutes: |\n"
              "      First line.\n      Second, Minute 99 (2018/19).\n    resolutions:\n"
              "      - text: As Minute 97 (2018/19) said.\n    documents: [A]\n"),
        "content/reports/csc/2019-01-16-A.md": (
            "---\nmeeting: csc/2019-01-16\nletter: A\ntitle: A report\n---\n"
            "# Background\n\nThe committee asked, at Minute 96 (2018/19), for this.\n"),
    })
    places = sorted((str(d.position), d.message.split("'")[1])
                    for d in result.diagnostics.warnings)
    assert places == [
        ("content/meetings/csc/2019-01-16.yml:10:15", "Minute 99 (2018/19)"),  # in a | block
        ("content/meetings/csc/2019-01-16.yml:12:9", "Minute 97 (2018/19)"),  # its resolution
        ("content/meetings/csc/2019-01-16.yml:7:18", "Minute 98 (2018/19)"),  # its value
        ("content/reports/csc/2019-01-16-A.md:8:25", "Minute 96 (2018/19)")]  # in the body
