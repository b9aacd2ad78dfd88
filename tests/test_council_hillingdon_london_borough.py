"""The London Borough of Hillingdon's Cabinet, as its own minutes state it.

The content under tests/fixtures/councils/hillingdon-london-borough/content/ is transcribed
from the published pages (both partial; see that folder's SOURCE.md and each meeting's
notes):

- 17 March 2011: http://modgov.hillingdon.gov.uk/ieListDocuments.aspx?CId=115&MId=791&Ver=4
- 27 October 2011: https://modgov.hillingdon.gov.uk/ieListDocuments.aspx?CId=115&MeetingId=977

Cabinet minute numbers run on across meetings and years (276 to 280 in March 2011; the
October page refers to "minute 413"). Declarations name the item and minute and say the
member remained in the room; The Foster Carers' Charter gives "Reasons for decision" and
"Alternative options considered and rejected".
"""

from __future__ import annotations

import datetime as dt
import html
import json

import pytest
from councils_support import build_council

MARCH, OCTOBER = "meetings/cabinet/2011-03-17.md", "meetings/cabinet/2011-10-27.md"
DECLARATIONS = ("Cabinet, Thursday 17 March 2011, minute 277: Declarations of Interest in "
                "matters before this meeting</a>")
REASON = ("Cabinet gave its support to the Government’s Foster Carers’ Charter, and a local "
          "version, which set out guidelines on how local authorities, social workers and "
          "foster carers should work together in the future.")
ALTERNATIVES = "Cabinet could have decided not to sign-up to the two charters."


@pytest.fixture(scope="module")
def built(tmp_path_factory):
    result, pages, files = build_council(tmp_path_factory, "hillingdon-london-borough",
                                         dt.date(2012, 1, 1))
    pages = {uri: html.unescape(page) for uri, page in pages.items()}
    data = {day: json.loads(files[f"data/meetings/cabinet/{day}.json"])
            for day in ("2011-03-17", "2011-10-27")}
    return result, pages, data


def test_no_errors_and_warnings_only_for_minutes_outside_the_fixture(built):
    result, _, _ = built
    assert [str(d) for d in result.diagnostics.errors] == []
    assert [str(d) for d in result.diagnostics.warnings] == [
        # Each at its place in the text ("(minute 294)" in line 27, column 73).
        "content/meetings/cabinet/2011-03-17.yml:27:73: warning: 'minute 294' in the text is "
        "not in the archive (it stays plain text)",
        "content/meetings/cabinet/2011-03-17.yml:29:89: warning: 'minute 284' in the text is "
        "not in the archive (it stays plain text)",
        *[f"content/meetings/cabinet/2011-03-17.yml:{at}: warning: the minute {number} this "
          "disclosure concerns is not in this meeting's record (fine if its minutes are not "
          "transcribed; it is shown as plain text)"
          for at, number in (("35:20", 294), ("40:20", 284), ("45:20", 284), ("50:20", 290),
                             ("50:32", 292))],
        "content/meetings/cabinet/2011-03-17.yml:59:18: warning: the meeting cabinet/2011-02-17 "
        "whose minutes this approves is not in the archive",
        "content/meetings/cabinet/2011-10-27.yml:22:14: warning: 'minute 413' in the text is "
        "not in the archive (it stays plain text)",
        "content/meetings/cabinet/2011-10-27.yml:27:20: warning: the minute 413 this disclosure "
        "concerns is not in this meeting's record (fine if its minutes are not transcribed; it "
        "is shown as plain text)"]


def test_minute_numbers_run_on_and_lost_ones_are_not_invented(built):
    _, pages, data = built
    assert [i["minute_number"] for i in data["2011-03-17"]["agenda"]] == [
        "276", "277", "278", "279", "280"]
    assert '<h3 id="minute-276-title">Minute 276: Apologies for Absence</h3>' in pages[MARCH]
    assert [i["minute"] for i in data["2011-10-27"]["agenda"]] == [None] * 6
    assert "Minute 4" not in pages[OCTOBER]
    assert (data["2011-03-17"]["municipal_year"], data["2011-10-27"]["municipal_year"]) == (
        "2010/11", "2011/12")


def test_declarations_name_the_kind_and_that_the_member_stayed(built):
    _, pages, data = built
    # Each names the minutes it concerns; none of them is in the partial record, so the
    # minute numbers are plain text, never a link.
    assert (f"{DECLARATIONS}: Personal interest: in Item 19 (minute 294) as "
            "Chairman of the School Governing Body (stayed in the room) Concerns minute "
            "294.</li>"
            ) in pages["people/douglas-mills.md"]
    cooper = pages["people/george-cooper.md"]
    assert (f"{DECLARATIONS}: Personal interest: in Item 9 (minute 284) as their "
            "property backed onto the school concerned (stayed in the room) Concerns minute "
            "284.</li>") in cooper
    assert (f"{DECLARATIONS}: Personal interest: in Items 15 and "
            "17 (minutes 290 and 292) as a trustee of the Groundwork Trust (stayed in the "
            "room) Concerns minute 290 and minute 292.</li>") in cooper
    assert (f"{DECLARATIONS}: Personal interest: in Item 9 (minute 284) as their "
            "property backed onto the school concerned") in pages["people/judith-cooper.md"]
    assert ('<a href="../../meetings/cabinet/2011-10-27/#item-at-2">Cabinet, Thursday 27 '
            "October 2011, Declarations of Interest in matters before this meeting</a>: "
            "Personal and non-prejudicial interest: in agenda item 8 (minute "
            "413) as a parishioner of the Church of the Most Sacred Heart (stayed in the "
            "room) Concerns minute 413.</li>") in pages["people/philip-corthorne.md"]
    assert ("Groundwork Trust (stayed in the room) Concerns minute 290 and minute 292."
            in pages[MARCH])
    assert ">minute 29" not in pages[MARCH] and ">minute 413" not in pages[OCTOBER]
    march = data["2011-03-17"]["agenda"][1]["disclosures"]
    assert [(d["person"]["id"], d["kind"], d["left_room"], d["concerns"]) for d in march] == [
        ("douglas-mills", "personal", False, [{"text": "minute 294", "item": None}]),
        ("george-cooper", "personal", False, [{"text": "minute 284", "item": None}]),
        ("judith-cooper", "personal", False, [{"text": "minute 284", "item": None}]),
        ("george-cooper", "personal", False, [{"text": "minute 290", "item": None},
                                              {"text": "minute 292", "item": None}])]
    assert data["2011-10-27"]["agenda"][1]["disclosures"][0]["concerns"] == [
        {"text": "minute 413", "item": None}]
    assert "Disclosures of interest</h2>\n<p>None recorded in this archive.</p>" in pages[
        "people/scott-seaman-digby.md"]


def test_reasons_alternatives_and_the_officer_to_action(built):
    _, pages, data = built
    charter = data["2011-10-27"]["agenda"][4]
    assert charter["description"] == "The Foster Carers' Charter"
    assert charter["reason"].startswith(REASON)
    assert charter["alternatives"].strip() == ALTERNATIVES
    assert charter["action"] == "Linda Sanders, Social Care, Health & Housing"
    assert "Adopt the principles of the Government’s Foster Carers’ Charter;" in charter[
        "resolutions"][0]["text"]
    october = pages[OCTOBER]
    assert f"<strong>Reason for decision</strong></p><p>{REASON}" in october
    assert (f"<strong>Alternative options considered</strong></p><p>{ALTERNATIVES}</p>"
            in october)
    assert '<p class="action">Action: Linda Sanders, Social Care, Health & Housing</p>' in october


def test_approvals_as_published(built):
    _, pages, data = built
    # 17 March names the meeting it approves (17 February 2011, not in the fixture); 27
    # October approves "the last meeting" without a date, so nothing is linked.
    assert "<h3 id=\"minute-278-title\">Minute 278: To approve the minutes of the last Cabinet " \
           "meeting held on 17 February 2011</h3>" in pages[MARCH]
    assert [i["approves_minutes_of"] for i in data["2011-10-27"]["agenda"]] == [[]] * 6
    assert data["2011-03-17"]["minutes"]["standing"] == "not recorded"
    assert ("<p>The minutes and decisions of the last meeting were confirmed as a correct "
            "record.</p>") in pages[OCTOBER]
    assert [p["id"] for p in data["2011-10-27"]["attendance"]["apologies"]] == ["george-cooper"]
