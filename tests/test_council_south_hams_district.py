"""South Hams District Council's Executive, as its own papers state it.

The content under tests/fixtures/councils/south-hams-district/content/ holds the minutes
transcribed (partially, as the transcriptions say) from the council's published pages:

- South Hams Executive, 18 April 2024:
  http://mg.swdevon.gov.uk/ieListDocuments.aspx?CId=149&MId=1831&Ver=4
- South Hams Executive, 6 June 2024:
  https://mg.swdevon.gov.uk/ieListDocuments.aspx?CId=149&MId=1967
- the approval of the 6 June 2024 minutes, at the Executive of 18 July 2024 (not
  transcribed; quoted in the folder's SOURCE.md):
  https://mg.swdevon.gov.uk/ieListDocuments.aspx?MId=1966

7 and 13 March 2024 are in the content only as the minutes of 18 April 2024 name them.
Each test checks a link the papers state: which meeting approves which minutes, the
forward reference "Minute E.11/24 below refers", Cllr J Hodgson's personal interest,
urgent business, and minute numbers in the council's form ("E.91/23").
"""

from __future__ import annotations

import datetime as dt
import json

import pytest
from councils_support import build_council

EXEC = "south-hams-executive"
APRIL, JUNE = f"meetings/{EXEC}/2024-04-18.md", f"meetings/{EXEC}/2024-06-06.md"


@pytest.fixture(scope="module")
def built(tmp_path_factory):
    result, pages, files = build_council(tmp_path_factory, "south-hams-district",
                                         dt.date(2025, 1, 1))
    return result, pages, files


def meeting_data(data, day: str) -> dict:
    return json.loads(data[f"data/meetings/{EXEC}/{day}.json"])


def test_the_content_checks_clean(built):
    result, _, _ = built
    assert [str(d) for d in result.diagnostics.errors] == []
    assert [str(d) for d in result.diagnostics.warnings] == []


def test_minute_numbers_are_shown_in_the_councils_form(built):
    _, pages, data = built
    april = pages[APRIL]
    for number, title in (("E.91/23", "Minutes"), ("E.92/23", "Urgent Business"),
                          ("E.93/23", "Declarations of Interest")):
        anchor = "minute-" + number.lower().replace(".", "-").replace("/", "-")
        assert f'<h3 id="{anchor}-title">Minute {number}: {title}</h3>' in april
    assert [(i["minute"], i["minute_number"]) for i in meeting_data(data, "2024-04-18")[
        "agenda"]] == [(91, "E.91/23"), (92, "E.92/23"), (93, "E.93/23")]
    # 6 June 2024 falls in 2024/25: "/24". Only item 11's number is known.
    assert ("Minute E.11/24 (agenda item 11): Staverton Neighbourhood Plan</h3>"
            in pages[JUNE])
    assert [i["minute_number"] for i in meeting_data(data, "2024-06-06")["agenda"]] == [
        None, None, None, None, "E.11/24"]


def test_one_minute_approves_both_march_meetings(built):
    _, pages, data = built
    item = meeting_data(data, "2024-04-18")["agenda"][0]
    assert item["approves_minutes_of"] == [f"{EXEC}/2024-03-07", f"{EXEC}/2024-03-13"]
    for day in ("2024-03-07", "2024-03-13"):
        page = pages[f"meetings/{EXEC}/{day}.md"]
        assert ('<strong>Minutes approved</strong> as a correct record at the meeting of\n'
                '<a href="../2024-04-18/#minute-e-91-23">Thursday 18 April 2024, minute '
                'E.91/23</a>. The minutes themselves are not in this archive.') in page
        minutes = meeting_data(data, day)["minutes"]
        assert minutes["standing"] == "approved" and minutes["corrections"] == []
        assert minutes["approved_by"]["id"] == f"{EXEC}/2024-04-18#minute-e-91-23"


def test_june_approves_april_and_april_says_so(built):
    _, pages, data = built
    assert ('<p>Approves the <a href="../2024-04-18/">minutes of Thursday 18 April '
            '2024</a>.</p>') in pages[JUNE]
    assert ('<strong>Minutes approved</strong> as a correct record at the meeting of\n'
            '<a href="../2024-06-06/#item-at-2">') in pages[APRIL]
    minutes = meeting_data(data, "2024-04-18")["minutes"]
    assert minutes["approved_by"]["id"] == f"{EXEC}/2024-06-06#item-at-2"
    assert [i["approves_minutes_of"] for i in meeting_data(data, "2024-06-06")["agenda"]
            ] == [[], [f"{EXEC}/2024-04-18"], [], [], []]


def test_june_minutes_were_approved_on_18_july_2024_outside_the_archive(built):
    _, pages, data = built
    assert ("<strong>Minutes approved</strong> as a correct record at the Executive on "
            "Thursday 18 July 2024: a meeting whose papers are not in this archive."
            ) in pages[JUNE]
    minutes = meeting_data(data, "2024-06-06")["minutes"]
    assert minutes["approved_elsewhere"] == {"at": "the Executive", "on": "2024-07-18"}
    assert minutes["approved_by"] is None


def test_minute_e_11_24_below_refers_links_to_its_anchor(built):
    _, pages, _ = built
    june = pages[JUNE]
    assert ("With regard to agenda item 11 (‘Staverton Neighbourhood Plan’ (<a href="
            '"./#minute-e-11-24">Minute E.11/24</a> below refers)), Cllr J Hodgson') in june
    assert '<section class="agenda-item" id="minute-e-11-24"' in june
    # "below": the anchor comes after the declaration that names it.
    assert june.index('id="minute-e-11-24"') > june.index("below refers")


def test_cllr_hodgsons_personal_interest_is_on_the_item_and_her_page(built):
    _, pages, data = built
    agenda = meeting_data(data, "2024-06-06")["agenda"]
    assert [i["disclosures"] for i in agenda[:4]] == [[], [], [], []]
    assert agenda[4]["disclosures"] == [{
        "interest": "by virtue of having been an observer to the process (in her "
                    "capacity as the local Ward Member)",
        "kind": "personal", "left_room": False,
        "concerns": [{"text": "minute E.11/24",
                      "item": {"id": "south-hams-executive/2024-06-06#minute-e-11-24",
                               "url": "meetings/south-hams-executive/2024-06-06/"
                                      "#minute-e-11-24"}}],
        "person": {"id": "j-hodgson", "name": "Councillor J Hodgson",
                   "url": "people/j-hodgson/"}}]
    # "agenda item 11 (... (Minute E.11/24 below refers))": the minute is here, so it links.
    assert ('<li><a href="../../meetings/south-hams-executive/2024-06-06/#minute-e-11-24">'
            "South Hams Executive, Thursday 6 June 2024, minute E.11/24: Staverton "
            "Neighbourhood Plan</a>: Personal interest: by virtue of having been an observer to "
            "the process (in her capacity as the local Ward Member) (stayed in the room) "
            'Concerns <a href="../../meetings/south-hams-executive/2024-06-06/#minute-e-11-24">'
            "minute E.11/24</a>.</li>") in pages["people/j-hodgson.md"]
    assert ("(stayed in the room) Concerns "
            '<a href="./#minute-e-11-24">minute E.11/24</a>.</li>') in pages[JUNE]


def test_the_south_west_water_item_is_urgent_business(built):
    _, pages, data = built
    assert [i["added"] for i in meeting_data(data, "2024-04-18")["agenda"]] == [
        None, {"kind": "urgent", "published": None, "reason": None}, None]
    april = pages[APRIL]
    urgent = april.index('id="minute-e-92-23"')
    assert april.index("<strong>Urgent business</strong>", urgent) < april.index(
        'id="minute-e-93-23"')
    assert april.count("<strong>Urgent business</strong>") == 1


def test_each_meeting_says_where_its_transcription_stops(built):
    _, pages, data = built
    april = meeting_data(data, "2024-04-18")
    assert april["agenda"][-1]["minutes"] == "Members and officers were invite"
    assert any("The record is partial." in n and "Members and officers were invite" in n
               for n in april["notes"])
    june = meeting_data(data, "2024-06-06")
    assert june["agenda"][3]["minutes"].endswith("However, these had both")
    assert any("The record is partial." in n and "However, these had both" in n
               for n in june["notes"])
    assert "The record is partial." in pages[JUNE]
