"""North Hertfordshire District Council's Cabinet, as its own minutes state it.

Content fixture: tests/fixtures/councils/north-hertfordshire-district/content/, from the
transcriptions beside it (SOURCE.md), of the council's published pages:

- 5 August 2014: https://democracy.north-herts.gov.uk/CeListDocuments.aspx?CommitteeId=133&MeetingId=283&DF=05%2f08%2f2014&Ver=2
- 19 June 2018: https://democracy.north-herts.gov.uk/ieListDocuments.aspx?CId=133&MId=2001&Ver=4
  and https://democracy.north-herts.gov.uk/mgAi.aspx?ID=1806 (placed in the meeting by
  https://democracy.north-herts.gov.uk/ieDecisionDetails.aspx?AIId=1806)

Minute numbers run through the municipal year (25 to 28 in August 2014, 1 to 4 in June
2018); the minutes of 24 June 2014 are approved subject to a correction naming "Minute 9
- Revenue Budget Outturn 2013/14"; three councillors withdraw from the museum item; its
decision carries a "REASON FOR DECISION". Both transcriptions are partial, and the
meetings whose minutes are approved (24 June 2014, 27 March 2018) are not in them.
"""

from __future__ import annotations

import datetime as dt
import html
import json

import pytest
from councils_support import build_council

AUGUST, JUNE = "cabinet/2014-08-05", "cabinet/2018-06-19"
MUSEUM = ("NORTH HERTFORDSHIRE MUSEUM AND HITCHIN TOWN HALL - ACQUISITION OF 14/15 BRAND "
          "STREET, HITCHIN")
CORRECTION = ('the replacement of the word "from" with "to" in the item "Recommended to '
              'Council" in Minute 9 - Revenue Budget Outturn 2013/14.')
REASON = ("To enable the Council to complete the development of the North Hertfordshire "
          "Museum/Hitchin Town Hall project as intended by the Council and operate the "
          "facility for the benefit of the local community; and to protect the Council’s "
          "interests and obtain best return from the Council’s existing investment and to "
          "secure projected income from the facility to offset some of the operational and "
          "fixed costs.")
TRUST = ("as they were Members of the Cabinet Sub-Committee (Council Charities), which was "
         "responsible for making decisions on the North Hertfordshire Museum and Community "
         "Facility on behalf of the Hitchin Town Hall: Gymnasium and Workmans Hall Trust")


@pytest.fixture(scope="module")
def built(tmp_path_factory):
    result, pages, files = build_council(tmp_path_factory, "north-hertfordshire-district",
                                         dt.date(2024, 7, 1))
    pages = {uri: html.unescape(page) for uri, page in pages.items()}
    data = {meeting: json.loads(files[f"data/meetings/{meeting}.json"])
            for meeting in (AUGUST, JUNE)}
    return result, pages, data


def page(pages, meeting):
    return pages[f"meetings/{meeting}.md"]


def test_no_errors_and_warnings_only_for_what_the_papers_name_outside_the_fixture(built):
    result, _, _ = built
    assert [str(d) for d in result.diagnostics.errors] == []
    august, june = f"content/meetings/{AUGUST}.yml", f"content/meetings/{JUNE}.yml"
    assert [str(d) for d in result.diagnostics.warnings] == [
        f"{august}:59:9: warning: 'Minute 9' in the text is not in the archive (it stays "
        "plain text)",
        f"{august}:66:18: warning: the meeting cabinet/2014-06-24 whose minutes this approves "
        "is not in the archive",
        f"{june}:47:18: warning: the meeting cabinet/2018-03-27 whose minutes this approves "
        "is not in the archive",
        *[f"{june}:{at}: warning: 'Minute 14' in the text is not in the archive (it stays "
          "plain text)" for at in ("71:62", "73:52")],
        *[f"{june}:{line}:20: warning: the minute 14 this disclosure concerns is not in this "
          "meeting's record (fine if its minutes are not transcribed; it is shown as plain text)"
          for line in (78, 86, 94)],
    ]


def test_minute_numbers_run_through_the_municipal_year_as_the_council_writes_them(built):
    _, pages, data = built
    assert [(i["minute_number"], i["description"]) for i in data[AUGUST]["agenda"]] == [
        ("25", "APOLOGIES FOR ABSENCE"), ("26", "MINUTES"),
        ("27", "NOTIFICATION OF OTHER BUSINESS"), ("28", "CHAIRMAN'S ANNOUNCEMENTS")]
    assert data[AUGUST]["municipal_year"] == "2014/15"
    # 19 June 2018 starts 2018/19 again at 1; the museum item's number is not known.
    assert [i["minute_number"] for i in data[JUNE]["agenda"]] == ["1", "2", "3", "4", None]
    assert data[JUNE]["municipal_year"] == "2018/19"
    assert '<h3 id="minute-26-title">Minute 26: MINUTES</h3>' in page(pages, AUGUST)
    assert ('<h3 id="minute-2-title">Minute 2: MINUTES - 27 MARCH 2018</h3>'
            in page(pages, JUNE))
    assert f'<h3 id="item-at-5-title">{MUSEUM}</h3>' in page(pages, JUNE)
    assert "Minute 5" not in page(pages, JUNE)  # no number is made up for it


def test_approval_subject_to_correction_of_a_meeting_outside_the_fixture(built):
    result, pages, data = built
    item = result.archive.meetings[AUGUST].items[1]
    [approval] = item.approves_minutes
    assert approval.meeting.meeting_id == "cabinet/2014-06-24"
    assert approval.corrections == (CORRECTION,)
    # 24 June 2014 is not in the fixture: nothing links, the approval is only warned of.
    assert "cabinet/2014-06-24" not in result.archive.meetings
    assert data[AUGUST]["agenda"][1]["approves_minutes_of"] == []
    assert data[AUGUST]["agenda"][1]["resolutions"][0]["text"] == (
        "That the Minutes of the meeting of Cabinet held on 24 June 2014 be approved as a "
        "true record of the proceedings and signed by the Chairman, subject to " + CORRECTION)
    # "Minute 9" is minute 9 of 2014/15, which is not here: it stays plain text.
    assert "in Minute 9 - Revenue Budget Outturn 2013/14.</p>" in page(pages, AUGUST)
    assert 'href="./#minute-9"' not in page(pages, AUGUST)


def test_plain_approval_of_27_march_2018_is_recorded_on_the_item(built):
    result, _, data = built
    [approval] = result.archive.meetings[JUNE].items[1].approves_minutes
    assert approval.meeting.meeting_id == "cabinet/2018-03-27"
    assert approval.corrections == ()
    assert data[JUNE]["agenda"][1]["resolutions"][0]["text"] == (
        "That the Minutes of the Meeting of the Committee held on 27 March 2018 be approved "
        "as a true record of the proceedings and be signed by the Chairman.")
    # Neither meeting here has its own approval in the fixture.
    assert [data[m]["minutes"]["standing"] for m in (AUGUST, JUNE)] == [
        "not recorded", "not recorded"]


def test_the_three_councillors_who_withdrew_from_the_museum_item(built):
    _, pages, data = built
    museum = data[JUNE]["agenda"][4]
    assert museum["description"] == MUSEUM
    # "Prior to the consideration of this item and Minute 14 below": the minute the papers
    # number is named; it is not in the partial record, so it is plain text.
    assert [(d["person"]["id"], d["interest"], d["kind"], d["left_room"], d["concerns"])
            for d in museum["disclosures"]] == [
        (who, TRUST, None, True, [{"text": "minute 14", "item": None}])
        for who in ("julian-cunningham", "bernard-lovewell", "michael-weeks")]
    assert (f"Councillor Michael Weeks</a>: {TRUST} (left the room) Concerns minute 14."
            in page(pages, JUNE))
    weeks = pages["people/michael-weeks.md"]
    assert (f'<a href="../../meetings/{JUNE}/#item-at-5">Cabinet, Tuesday 19 June 2018, '
            in weeks)
    assert f"{MUSEUM}</a>: {TRUST} (left the room) Concerns minute 14." in weeks
    # Councillor Lovewell, present in 2014, is the same person as in 2018.
    lovewell = pages["people/bernard-lovewell.md"]
    assert f'href="../../meetings/{AUGUST}/"' in lovewell
    assert f'href="../../meetings/{JUNE}/#item-at-5"' in lovewell


def test_reason_for_decision_and_numbered_resolutions_of_the_museum_item(built):
    _, pages, data = built
    museum = data[JUNE]["agenda"][4]
    assert museum["reason"] == REASON
    assert [r["number"] for r in museum["resolutions"]] == [1, 2, 3, 4]
    assert museum["resolutions"][2]["text"].startswith(
        "That Council be recommended to agree an initial, in principle, resolution")
    assert (f"<p><strong>Reason for decision</strong></p><p>{REASON}</p>"
            in page(pages, JUNE))


def test_minute_14_below_stays_the_papers_words(built):
    _, pages, _ = built
    june = page(pages, JUNE)
    assert ("[Note:  This item was considered both before and after Minute 14 below - the "
            "Part 2 item on the same matter.]") in june
    assert "#minute-14" not in june


def test_attendance_and_partial_record_notes(built):
    _, pages, data = built
    attendance = data[AUGUST]["attendance"]
    assert attendance["chair"]["id"] == "l-a-needham"
    assert [p["id"] for p in attendance["present"][0]["people"]] == [
        "l-a-needham", "t-w-hone", "p-c-w-burt", "jane-gray", "david-levett",
        "bernard-lovewell"]
    assert [p["id"] for p in attendance["apologies"]] == ["julian-cunningham", "tony-hunter"]
    assert [(o["person"]["id"], o["role"]) for o in attendance["observers"]][:2] == [
        ("r-l-shakespeare-smith", "Chairman of Overview & Scrutiny Committee"),
        ("lorna-kercher", "Chairman of Letchworth Committee")]
    assert all(data[m]["notes"][0].startswith("Partial record") for m in (AUGUST, JUNE))
    assert "(3) The Chairman announced that Item 13 on the agenda -</p>" in page(pages, AUGUST)
