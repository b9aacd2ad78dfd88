"""Kent County Council's Environment & Transport Cabinet Committee, as its minutes state it.

Content fixture: tests/fixtures/councils/kent-county/content/, from the transcriptions
beside it (SOURCE.md), of the council's published pages:

- 28 November 2018: https://democracy.kent.gov.uk/ieListDocuments.aspx?CId=831&MId=7977
- 18 March 2021: https://democracy.kent.gov.uk:9071/ieListDocuments.aspx?CId=831&MID=8559

Minute numbers run on from meeting to meeting (124 to 127, then 333 to 336); members
declare interests naming their kind and the agenda item ("(item 10)") and say they will
leave the room; an urgent item is "provided as a supplement" with the reason it could
not wait; the minutes of 19 January 2021 (not transcribed) are approved. Both
transcriptions are partial.
"""

from __future__ import annotations

import datetime as dt
import html
import json

import pytest
from councils_support import build_council

COMMITTEE = "environment-transport-cabinet-committee"
NOVEMBER, MARCH = f"{COMMITTEE}/2018-11-28", f"{COMMITTEE}/2021-03-18"
NAME = "Environment & Transport Cabinet Committee"
PLAN = "in the Kent Minerals and Waste Local Plan (item 10)"
URGENT = ("Development of the Climate Change Risk and Impact Assessment for Kent and Medway, "
          "and Adaptation Programme and Implementation Plan")
URGENCY = ("The item had been included in the agenda as it could not reasonably be delayed "
           "to the next meeting of the cabinet committee in June.")


@pytest.fixture(scope="module")
def built(tmp_path_factory):
    result, pages, files = build_council(tmp_path_factory, "kent-county",
                                         dt.date(2024, 7, 1))
    pages = {uri: html.unescape(page) for uri, page in pages.items()}
    data = {meeting: json.loads(files[f"data/meetings/{meeting}.json"])
            for meeting in (NOVEMBER, MARCH)}
    return result, pages, data


def page(pages, meeting):
    return pages[f"meetings/{meeting}.md"]


def test_no_errors_and_warnings_only_for_items_and_a_meeting_outside_the_fixture(built):
    result, _, _ = built
    assert [str(d) for d in result.diagnostics.errors] == []
    assert [str(d) for d in result.diagnostics.warnings] == [
        *[f"content/meetings/{meeting}.yml:{at}: warning: the item {number} this disclosure "
          "concerns is not in this meeting's record (fine if its minutes are not transcribed; "
          "it is shown as plain text)"
          for meeting, at, number in (
              (NOVEMBER, "48:20", 10), (NOVEMBER, "53:20", 10),
              (MARCH, "55:20", 7), (MARCH, "55:28", 8), (MARCH, "59:20", 11),
              (MARCH, "59:29", 12), (MARCH, "65:20", 11), (MARCH, "65:29", 12))],
        f"content/meetings/{MARCH}.yml:76:18: warning: the meeting {COMMITTEE}/2021-01-19 "
        "whose minutes this approves is not in the archive"]


def test_minute_numbers_run_on_across_meetings_and_years(built):
    result, pages, data = built
    assert result.archive.committees[COMMITTEE].numbering.restart.value == "never"
    assert [(i["minute_number"], i["description"]) for i in data[NOVEMBER]["agenda"]] == [
        ("124", "Apologies and Substitutes"),
        ("125", "Declarations of Interest by Members in items on the Agenda"),
        ("126", "Minutes of the meeting held on 20 September 2018"),
        ("127", "Dates of future meetings for 2019/2020")]
    # The urgent item's own minute is not in the transcription: no number is made up.
    assert [i["minute_number"] for i in data[MARCH]["agenda"]] == [
        "333", "334", "335", "336", None]
    assert "<h3 id=\"minute-333-title\">Minute 333: Introduction</h3>" in page(pages, MARCH)


def test_disclosures_name_kind_and_leaving_the_room(built):
    _, pages, data = built
    declarations = data[NOVEMBER]["agenda"][1]
    item_10 = [{"text": "item 10", "item": None}]  # item 10 is not in the partial record
    assert [(d["person"]["id"], d["kind"], d["interest"], d["left_room"], d["concerns"])
            for d in declarations["disclosures"]] == [
        ("m-balfour", "Disclosable Pecuniary Interest", PLAN, True, item_10),
        ("m-payne", "Other Significant Interest", PLAN, True, item_10)]
    # The item it concerns is named in plain text after the minutes' words.
    assert (f"Mr M Payne</a>: Other Significant Interest: {PLAN} (left the room) "
            "Concerns item 10.</li>" in page(pages, NOVEMBER))
    assert ">item 10</a>" not in page(pages, NOVEMBER)
    # The minutes' own words stay as they are: "(item 10)" is not a minute reference.
    assert ("Mr M Balfour declared a Disclosable Pecuniary Interest in the Kent Minerals and "
            "Waste Local Plan (item 10) and said that he would leave the room for this item."
            in page(pages, NOVEMBER))


def test_two_kinds_of_interest_by_one_member_and_where_the_minutes_do_not_say(built):
    _, _, data = built
    declarations = data[MARCH]["agenda"][1]
    assert [(d["person"]["id"], d["kind"], d["interest"].split(",")[0], d["left_room"],
             [c["text"] for c in d["concerns"]])
            for d in declarations["disclosures"]] == [
        ("m-balfour", "pecuniary", "in Items 7 and 8", None, ["item 7", "item 8"]),
        ("m-balfour", "non-pecuniary", "in Items 11 and 12", None, ["item 11", "item 12"]),
        ("rayner", "pecuniary", "in Items 11 and 12", None, ["item 11", "item 12"])]
    assert [c["item"] for d in declarations["disclosures"] for c in d["concerns"]] == [None] * 6


def test_the_person_page_lists_committee_date_and_minute_of_each_disclosure(built):
    _, pages, _ = built
    balfour = pages["people/m-balfour.md"]
    assert (f'<a href="../../meetings/{NOVEMBER}/#minute-125">{NAME}, Wednesday 28 November '
            "2018, minute 125: Declarations of Interest by Members in items on the Agenda</a>"
            f": Disclosable Pecuniary Interest: {PLAN} (left the room) Concerns item 10."
            ) in balfour
    assert (f'<a href="../../meetings/{MARCH}/#minute-334">{NAME}, Thursday 18 March 2021, '
            "minute 334: Declarations of Interest by Members in items on the Agenda</a>: "
            "Non-pecuniary interest: in Items 11 and 12,") in balfour
    assert "Concerns item 11 and item 12.</li>" in balfour
    assert balfour.count(f"/meetings/{MARCH}/#minute-334") == 2
    assert "minute 334" in pages["people/rayner.md"]
    assert "minute 334" not in pages["people/m-payne.md"]


def test_the_urgent_item_provided_as_a_supplement(built):
    _, pages, data = built
    urgent = data[MARCH]["agenda"][4]
    assert urgent["description"] == URGENT
    assert urgent["added"] == {"kind": "urgent", "reason": URGENCY, "published": None}
    assert all(i["added"] is None for i in data[MARCH]["agenda"][:4])
    assert ("<strong>Urgent business</strong>: added after the agenda was published. "
            + URGENCY) in page(pages, MARCH)
    assert ("It was agreed that the item be considered following Item 10 and that Item 18, "
            "‘Decisions taken between Cabinet Committee Meetings’ be taken following Item 9."
            in data[MARCH]["agenda"][0]["minutes"])


def test_approval_of_19_january_2021_and_no_approval_made_up_for_minute_126(built):
    result, pages, data = built
    [approval] = result.archive.meetings[MARCH].items[2].approves_minutes
    assert approval.meeting.meeting_id == f"{COMMITTEE}/2021-01-19"
    assert approval.corrections == ()
    assert data[MARCH]["agenda"][2]["approves_minutes_of"] == []  # not in the fixture
    assert data[MARCH]["agenda"][2]["resolutions"][0]["text"] == (
        "RESOLVED that the minutes of the meeting held on 19 January 2021 be approved as a "
        "correct record and that they be signed by the Chairman.")
    # Minute 126's text is absent from the stored page: no resolution, no approval.
    minute_126 = data[NOVEMBER]["agenda"][2]
    assert minute_126["resolutions"] == [] and minute_126["approves_minutes_of"] == []
    assert minute_126["details"] == "To consider and approve the minutes as a correct record."
    # Nothing in the fixture approves either meeting.
    assert data[NOVEMBER]["minutes"]["standing"] == "not recorded"
    assert data[NOVEMBER]["minutes"]["approved_by"] is None


def test_attendance_contact_and_where_the_record_stops(built):
    _, pages, data = built
    assert [p["id"] for p in data[NOVEMBER]["attendance"]["apologies"]] == ["a-booth"]
    assert data[NOVEMBER]["agenda_details"]["contacts"][0]["name"] == "Georgina Little"
    assert data[MARCH]["agenda_details"]["contacts"][0]["name"] == "Ann Hunter"
    assert data[NOVEMBER]["agenda"][3]["resolutions"][0]["text"].endswith(
        "Tuesday 24 March 2020\n\nFriday 15 Ma")
    assert all(data[m]["notes"][0].startswith("Partial record.") for m in (NOVEMBER, MARCH))
    assert "independently ass</li>" in page(pages, MARCH)
