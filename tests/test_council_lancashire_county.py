"""Lancashire County Council's Cabinet, as its own minutes state it.

The content under tests/fixtures/councils/lancashire-county/content/ is transcribed from
the published pages (both partial; see that folder's SOURCE.md and each meeting's notes):

- 6 August 2020: http://council.lancashire.gov.uk/ieListDocuments.aspx?CId=122&MId=10349
- 3 September 2020: https://council.lancashire.gov.uk/ieListDocuments.aspx?CId=122&MId=10351&Ver=4&fbclid=IwAR0aJacZFM7kS-4D6JQ-Seh5ZQLDa8ScCH-tFoKpT2VvzxY0IuF2tTdpqP8

Minutes are numbered from 1 at every meeting; 3 September 2020 approves 6 August 2020;
County Councillor Peter Buckley's declaration is recorded under minute 2 of 3 September.
"""

from __future__ import annotations

import datetime as dt
import html
import json

import pytest
from councils_support import build_council

AUGUST, SEPTEMBER = "meetings/cabinet/2020-08-06.md", "meetings/cabinet/2020-09-03.md"
BUCKLEY = ("on Item 5 – Procurement Report in respect of the second procurement exercise, M55 "
           "Heyhouses Link Road (Earthworks and Structures), as his wife is a member of Fylde "
           "Borough Council.")


@pytest.fixture(scope="module")
def built(tmp_path_factory):
    result, pages, files = build_council(tmp_path_factory, "lancashire-county",
                                         dt.date(2021, 1, 1))
    pages = {uri: html.unescape(page) for uri, page in pages.items()}
    data = {day: json.loads(files[f"data/meetings/cabinet/{day}.json"])
            for day in ("2020-08-06", "2020-09-03")}
    return result, pages, data


def test_the_papers_check_with_no_errors_and_only_what_is_outside_the_fixture_warns(built):
    result, _, _ = built
    assert [str(d) for d in result.diagnostics.errors] == []
    assert [str(d) for d in result.diagnostics.warnings] == [
        "content/meetings/cabinet/2020-08-06.yml:41:18: warning: the meeting cabinet/2020-07-09 "
        "whose minutes this approves is not in the archive",
        "content/meetings/cabinet/2020-09-03.yml:37:20: warning: the item 5 this disclosure "
        "concerns is not in this meeting's record (fine if its minutes are not transcribed; it "
        "is shown as plain text)"]


def test_minutes_are_numbered_from_one_at_each_meeting(built):
    _, pages, data = built
    assert [i["minute_number"] for i in data["2020-08-06"]["agenda"]] == ["1", "2", "3", "4", "5"]
    assert [i["minute_number"] for i in data["2020-09-03"]["agenda"]] == ["1", "2", "3", "4"]
    assert '<h3 id="minute-1-title">Minute 1: Apologies for Absence</h3>' in pages[AUGUST]
    assert '<h3 id="minute-1-title">Minute 1: Apologies for Absence</h3>' in pages[SEPTEMBER]
    assert ('<h3 id="minute-4-title">Minute 4: Money Matters 2020/21 Position - Quarter 1</h3>'
            in pages[SEPTEMBER])


def test_3_september_approves_the_minutes_of_6_august(built):
    _, pages, data = built
    august = pages[AUGUST]
    assert "<strong>Minutes approved</strong> as a correct record at the meeting of" in august
    assert ('<a href="../2020-09-03/#minute-3">Thursday 3 September 2020, minute 3</a>'
            in august)
    assert ('<p>Approves the <a href="../2020-08-06/">minutes of Thursday 6 August 2020</a>.</p>'
            in pages[SEPTEMBER])
    minutes = data["2020-08-06"]["minutes"]
    assert (minutes["standing"], minutes["approved_by"]["id"], minutes["corrections"]) == (
        "approved", "cabinet/2020-09-03#minute-3", [])
    approving = data["2020-09-03"]["agenda"][2]
    assert approving["approves_minutes_of"] == ["cabinet/2020-08-06"]
    assert approving["resolutions"][0]["text"].strip() == (
        "That the minutes of the meeting held on 6 August 2020 be confirmed as a correct "
        "record and signed by the Chair.")
    # Nothing in the fixture approves 3 September: the page says so, never "Draft".
    assert "Approval not recorded" in pages[SEPTEMBER] and "Draft" not in pages[SEPTEMBER]


def test_the_declaration_is_listed_on_the_members_page_with_its_kind(built):
    _, pages, data = built
    assert ('<a href="../../meetings/cabinet/2020-09-03/#minute-2">Cabinet, Thursday 3 '
            "September 2020, minute 2: Disclosure of Pecuniary and Non-Pecuniary Interests</a>: "
            f"Non-Pecuniary interest: {BUCKLEY} Concerns item 5.</li>"
            ) in pages["people/peter-buckley.md"]
    # Item 5 is not in the partial record: named in plain text, linked nowhere.
    assert f"Non-Pecuniary interest: {BUCKLEY} Concerns item 5.</li>" in pages[SEPTEMBER]
    assert ">item 5</a>" not in pages[SEPTEMBER]
    assert data["2020-09-03"]["agenda"][1]["disclosures"] == [{
        "interest": BUCKLEY, "kind": "non-Pecuniary", "left_room": None,
        "concerns": [{"text": "item 5", "item": None}],
        "person": {"id": "peter-buckley", "name": "County Councillor Peter Buckley",
                   "url": "people/peter-buckley/"}}]
    assert data["2020-08-06"]["agenda"][1]["disclosures"] == []
    assert "<p>None declared</p>" in pages[AUGUST]


def test_apologies_and_resolutions_are_as_published(built):
    _, pages, data = built
    assert [p["id"] for p in data["2020-08-06"]["attendance"]["apologies"]] == [
        "albert-atkinson"]
    assert data["2020-09-03"]["attendance"]["apologies"] == []
    assert "Thursday 6 August 2020</a></th><td data-label=\"Committee\">Cabinet</td><td " \
           "data-label=\"Attendance\">Apologies</td>" in pages["people/albert-atkinson.md"]
    covid = data["2020-08-06"]["agenda"][3]["resolutions"][0]["text"].strip()
    assert covid == ("That, the contents of the report including the financial forecasts be "
                     "noted and approved the proposed next steps.")
    assert "Appendix 'A' of the report, be approved." in pages[AUGUST]


def test_the_record_stops_where_the_stored_pages_stop(built):
    _, pages, data = built
    assert [i["description"] for i in data["2020-08-06"]["agenda"]][-1] == "Commercial Blueprint"
    assert 'at the words "Urgent Deci"' in pages[AUGUST]
    assert "Minute 6" not in pages[AUGUST]
    last = data["2020-09-03"]["agenda"][-1]["minutes"]
    assert last.rstrip().endswith("the impact it would have on the county council's budget.")
    assert 'after the words "In presenting t"' in pages[SEPTEMBER]
