"""Lancaster City Council's Cabinet, as its own minutes state it.

The content under tests/fixtures/councils/lancaster-city/content/ is transcribed from the
published pages (both partial; see that folder's SOURCE.md and each meeting's notes):

- 14 July 2020: https://committeeadmin.lancaster.gov.uk/ieListDocuments.aspx?MId=7584
- 8 June 2021: https://committeeadmin.lancaster.gov.uk/ieListDocuments.aspx?CId=297&MeetingId=7795

Minute numbers run on through the municipal year (15, 16, 17 in July 2020). The stored
copy of 8 June 2021 lost its minute numbers; its text announces an item of urgent
business with the reason for urgency ("(Minute 11 refers)"), and, as published, also
calls the Palatine Recreation Ground item "Minute 11".
"""

from __future__ import annotations

import datetime as dt
import html
import json

import pytest
from councils_support import build_council

JULY, JUNE = "meetings/cabinet/2020-07-14.md", "meetings/cabinet/2021-06-08.md"
URGENT_TITLE = ("South Lancaster Growth Catalyst - Housing Infrastructure Fund - Principles "
                "Agreement with Lancashire County Council –Delivering Bailrigg Garden Village")
URGENCY = ("The reason for the urgency being that any further delay in approving the decision "
           "to enter into the Principles Agreement with Lancashire County Council, would "
           "imperil the £140M Housing Infrastructure Funding for South Lancaster Growth "
           "Corridor; and also the wider Grant Determination Agreement between Lancashire "
           "County Council and Homes England.")
HEATH = ("in the Referral from Overview & Scrutiny (Minute 8) having been on the task group.  "
         "She advised the meeting that she would be presenting the report but would not be "
         "participating in the debate or vote.")


@pytest.fixture(scope="module")
def built(tmp_path_factory):
    result, pages, files = build_council(tmp_path_factory, "lancaster-city",
                                         dt.date(2021, 9, 1))
    pages = {uri: html.unescape(page) for uri, page in pages.items()}
    data = {day: json.loads(files[f"data/meetings/cabinet/{day}.json"])
            for day in ("2020-07-14", "2021-06-08")}
    return result, pages, data


def test_no_errors_and_warnings_only_for_what_the_papers_name_outside_the_fixture(built):
    result, _, _ = built
    assert [str(d) for d in result.diagnostics.errors] == []
    assert [str(d) for d in result.diagnostics.warnings] == [
        "content/meetings/cabinet/2020-07-14.yml:27:18: warning: the meeting cabinet/2020-06-09 "
        "whose minutes this approves is not in the archive",
        "content/meetings/cabinet/2021-06-08.yml:22:18: warning: the meeting cabinet/2021-04-13 "
        "whose minutes this approves is not in the archive",
        "content/meetings/cabinet/2021-06-08.yml:32:81: warning: 'Minute 8' in the text is not "
        "in the archive (it stays plain text)",
        "content/meetings/cabinet/2021-06-08.yml:39:20: warning: the minute 8 this disclosure "
        "concerns is not in this meeting's record (fine if its minutes are not transcribed; it "
        "is shown as plain text)"]


def test_minute_numbers_are_the_councils_own_and_lost_ones_are_not_invented(built):
    _, pages, data = built
    assert [i["minute_number"] for i in data["2020-07-14"]["agenda"]] == ["15", "16", "17"]
    assert '<h3 id="minute-15-title">Minute 15: Minutes</h3>' in pages[JULY]
    assert ('<h3 id="minute-16-title">Minute 16: Items of Urgent Business Authorised by the '
            "Leader</h3>") in pages[JULY]
    june = data["2021-06-08"]["agenda"]
    assert [i["minute"] for i in june] == [None, None, None, None, None, 11]
    assert [i["description"] for i in june][4] == "Appointments to Outside Bodies"
    assert data["2020-07-14"]["municipal_year"] == "2020/21"
    assert data["2021-06-08"]["municipal_year"] == "2021/22"


def test_the_urgent_item_says_why_it_was_urgent(built):
    _, pages, data = built
    urgent = data["2021-06-08"]["agenda"][-1]
    assert (urgent["description"], urgent["added"]) == (
        URGENT_TITLE, {"kind": "urgent", "reason": URGENCY, "published": None})
    assert [i["added"] for i in data["2021-06-08"]["agenda"][:-1]] == [None] * 5
    assert (f'<h3 id="minute-11-title">Minute 11: {URGENT_TITLE}</h3>\n'
            '<p class="item-added"><strong>Urgent business</strong>: added after the agenda '
            f"was published. {URGENCY}</p>") in pages[JUNE]


def test_minute_11_refers_links_to_the_urgent_item_and_minute_8_stays_text(built):
    _, pages, _ = built
    june = pages[JUNE]
    assert ('considered as the final item on the agenda (<a href="./#minute-11">Minute 11</a> '
            "refers).") in june
    assert "Overview & Scrutiny (Minute 8) having been on the task group" in june
    # As published, the Palatine Recreation Ground item is "(Minute 11)" too; the text is
    # kept, and the number leads where the papers' other "Minute 11" does.
    assert june.count('(<a href="./#minute-11">Minute 11</a>) in view of her being') == 2


def test_declarations_are_on_each_members_page_without_a_kind_the_papers_do_not_name(built):
    _, pages, data = built
    # Minute 8 is not in the partial record: named in plain text.
    assert ('<a href="../../meetings/cabinet/2021-06-08/#item-at-3">Cabinet, Tuesday 8 June '
            f"2021, Declarations of Interest</a>: {HEATH} Concerns minute 8.</li>"
            ) in pages["people/heath.md"]
    # "(Minute 11)", as published, is the number the papers also give the urgent item:
    # these two name no item, so nothing links to the wrong one.
    for who, why in (("lewis", "a volunteer there."),
                     ("whitehead", "a Member of the Palatine Projects Group.")):
        assert ("Declarations of Interest</a>: in the Palatine Recreation Ground item "
                f"(Minute 11) in view of her being {why}</li>") in pages[f"people/{who}.md"]
    disclosures = data["2021-06-08"]["agenda"][2]["disclosures"]
    assert [(d["person"]["id"], d["kind"], d["left_room"], d["concerns"])
            for d in disclosures] == [
        ("heath", None, None, [{"text": "minute 8", "item": None}]),
        ("lewis", None, None, []), ("whitehead", None, None, [])]
    assert disclosures[0]["interest"] == HEATH


def test_approvals_of_meetings_outside_the_fixture_are_recorded_as_published(built):
    _, pages, data = built
    assert ("<p>The minutes of the meeting held on Tuesday 9 June  2020 were approved as a "
            "correct record.</p>") in pages[JULY]
    assert ("<p>The minutes of the meeting held on Tuesday 13 April 2021 were approved as a "
            "correct record.</p>") in pages[JUNE]
    # Neither approved meeting is here: each page says what its item approves, and that
    # the approved meeting's papers are not in this archive.
    assert ("<p>Approves the minutes of Cabinet, Tuesday 9 June 2020 (not in this "
            "archive).</p>") in pages[JULY]
    assert ("<p>Approves the minutes of Cabinet, Tuesday 13 April 2021 (not in this "
            "archive).</p>") in pages[JUNE]
    assert data["2020-07-14"]["minutes"]["standing"] == "not recorded"
