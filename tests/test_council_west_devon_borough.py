"""West Devon Borough Council's Council and Regeneration and Investment Committee, as its
own papers state them.

The content under tests/fixtures/councils/west-devon-borough/content/ holds the minutes
transcribed (partially, as the transcriptions say) from the council's published pages:

- West Devon Council, 18 July 2023:
  http://mg.swdevon.gov.uk/ieListDocuments.aspx?CId=271&MId=1844&Ver=4
- West Devon Regeneration and Investment Committee, 2 October 2020:
  http://mg.swdevon.gov.uk/ieListDocuments.aspx?CId=409&MId=1591&Ver=4

The Council of 27 June 2023 and the Invest to Earn Committee of 17 December 2019 are in
the content only as those minutes name them. Each test checks a link the papers state:
the approval of 27 June 2023's minutes "subject to the word 'lad' being replaced by the
word 'had' in the final sentence of Minute Number CM 19/23", a successor committee
approving its predecessor's minutes, the apologies, no disclosures and no urgent business,
and minute numbers in the council's form ("CM 27/23", "ITE 1/20").
"""

from __future__ import annotations

import datetime as dt
import json

import pytest
from councils_support import build_council

JULY = "meetings/west-devon-council/2023-07-18.md"
JUNE = "meetings/west-devon-council/2023-06-27.md"
OCTOBER = "meetings/regeneration-and-investment/2020-10-02.md"
CORRECTION = ("the word ‘lad’ being replaced by the word ‘had’ in the final sentence of "
              "Minute Number CM 19/23 (Business Brought Forward with the Consent of the Mayor")


@pytest.fixture(scope="module")
def built(tmp_path_factory):
    result, pages, files = build_council(tmp_path_factory, "west-devon-borough",
                                         dt.date(2025, 1, 1))
    return result, pages, files


def meeting_data(data, meeting: str) -> dict:
    return json.loads(data[f"data/meetings/{meeting}.json"])


def test_the_content_checks_clean(built):
    result, _, _ = built
    assert [str(d) for d in result.diagnostics.errors] == []
    assert [str(d) for d in result.diagnostics.warnings] == []


def test_minute_numbers_are_shown_in_the_councils_form(built):
    _, pages, data = built
    assert ('<h3 id="minute-cm-27-23-title">Minute CM 27/23: Confirmation of Minutes</h3>'
            in pages[JULY])
    assert [i["minute_number"] for i in meeting_data(data, "west-devon-council/2023-07-18")[
        "agenda"]] == ["CM 26/23", "CM 27/23", "CM 28/23", "CM 29/23"]
    # 2 October 2020 falls in 2020/21: "/20", with the letters of the Invest to Earn
    # Committee the Regeneration and Investment Committee followed.
    assert ('<h3 id="minute-ite-1-20-title">Minute ITE 1/20: Confirmation Of Minutes</h3>'
            in pages[OCTOBER])
    assert [(i["minute"], i["minute_number"]) for i in meeting_data(
        data, "regeneration-and-investment/2020-10-02")["agenda"]] == [
        (n, f"ITE {n}/20") for n in range(1, 6)]


def test_27_june_minutes_are_approved_with_the_lad_had_correction(built):
    _, pages, data = built
    assert ('<p>Approves the <a href="../2023-06-27/">minutes of Tuesday 27 June 2023</a>, '
            "with corrections.</p>") in pages[JULY]
    june = pages[JUNE]
    assert ("<strong>Minutes approved</strong> as a correct record, with corrections, at "
            'the meeting of\n<a href="../2023-07-18/#minute-cm-27-23">Tuesday 18 July 2023, '
            "minute CM 27/23</a>. The minutes themselves are not in this archive.") in june
    assert ("<li><p>the word ‘lad’ being replaced by the word ‘had’ in the final sentence of "
            '<a href="./#minute-cm-19-23">Minute Number CM 19/23</a> (Business Brought '
            "Forward with the Consent of the Mayor</p></li>") in june
    minutes = meeting_data(data, "west-devon-council/2023-06-27")["minutes"]
    assert minutes["approved_by"]["id"] == "west-devon-council/2023-07-18#minute-cm-27-23"
    assert minutes["corrections"] == [CORRECTION]
    assert [i["approves_minutes_of"] for i in meeting_data(
        data, "west-devon-council/2023-07-18")["agenda"]] == [
        [], ["west-devon-council/2023-06-27"], [], []]


def test_minute_number_cm_19_23_in_the_resolution_links_to_june(built):
    _, pages, _ = built
    assert ('in the final sentence of <a href="../2023-06-27/#minute-cm-19-23">Minute '
            "Number CM 19/23</a> (Business Brought Forward with the Consent of the Mayor”."
            ) in pages[JULY]
    assert '<section class="agenda-item" id="minute-cm-19-23"' in pages[JUNE]


def test_the_successor_committee_approves_the_invest_to_earn_minutes(built):
    _, pages, data = built
    assert ('<p>Approves the <a href="../../invest-to-earn/2019-12-17/">minutes of the Invest '
            "to Earn Committee, Tuesday 17 December 2019</a>.</p>") in pages[OCTOBER]
    assert ('<a href="../../regeneration-and-investment/2020-10-02/#minute-ite-1-20">West '
            "Devon Regeneration and Investment Committee, Friday 2 October 2020, minute "
            "ITE 1/20</a>") in pages["meetings/invest-to-earn/2019-12-17.md"]
    agenda = meeting_data(data, "regeneration-and-investment/2020-10-02")["agenda"]
    # "the Committee meeting held on 17 December 2019" is the predecessor's, not its own.
    assert [i["approves_minutes_of"] for i in agenda] == [
        ["invest-to-earn/2019-12-17"], [], [], [], []]
    minutes = meeting_data(data, "invest-to-earn/2019-12-17")["minutes"]
    assert minutes["approved_by"]["id"] == (
        "regeneration-and-investment/2020-10-02#minute-ite-1-20")


def test_approval_of_the_transcribed_meetings_is_not_recorded(built):
    _, pages, data = built
    for uri, meeting in ((JULY, "west-devon-council/2023-07-18"),
                         (OCTOBER, "regeneration-and-investment/2020-10-02")):
        assert "<strong>Approval not recorded</strong>" in pages[uri]
        assert meeting_data(data, meeting)["minutes"]["approved_by"] is None


def test_the_apologies_are_on_the_meeting_and_each_councillors_page(built):
    _, pages, data = built
    attendance = meeting_data(data, "west-devon-council/2023-07-18")["attendance"]
    assert [p["id"] for p in attendance["apologies"]] == ["blackman", "jory", "watts"]
    assert attendance["present"] == []
    for who in ("blackman", "jory", "watts"):
        assert ('<a href="../../meetings/west-devon-council/2023-07-18/">Tuesday 18 July '
                '2023</a></th><td data-label="Committee">West Devon Council</td><td '
                'data-label="Attendance">Apologies</td>') in pages[f"people/{who}.md"]


def test_no_disclosures_and_no_urgent_business_were_recorded(built):
    _, pages, data = built
    for meeting in ("west-devon-council/2023-07-18", "regeneration-and-investment/2020-10-02"):
        agenda = meeting_data(data, meeting)["agenda"]
        assert [i["disclosures"] for i in agenda] == [[]] * len(agenda)
        assert [i["added"] for i in agenda] == [None] * len(agenda)
    assert "but there were none made." in pages[JULY]
    assert ("The Chairman confirmed that he had no items of urgent business for "
            "consideration at this meeting.") in pages[OCTOBER]
    for who in ("blackman", "jory", "watts", "ewings", "renders"):
        assert "<h2>Disclosures of interest</h2>\n<p>None recorded in this archive.</p>" in (
            pages[f"people/{who}.md"])


def test_the_exclusion_of_press_and_public_is_resolved_before_the_part_two_item(built):
    _, _, data = built
    agenda = meeting_data(data, "regeneration-and-investment/2020-10-02")["agenda"]
    assert [r["text"] for r in agenda[3]["resolutions"]] == [
        "That in accordance with Section 100(A)(4) of the Local Government Act 1972, the "
        "public and press be excluded from the meeting during consideration of the following "
        "items of business as the likely disclosure of exempt information as defined in "
        "paragraph 3 of Schedule 12A to the Act is involved."]
    assert agenda[4]["description"] == "Temporary Accommodation- Tavistock"
    assert agenda[4]["details"].endswith("the public be excluded from the Meeting on the")


def test_each_meeting_says_where_its_transcription_stops(built):
    _, _, data = built
    for meeting, last_words in (
            ("west-devon-council/2023-07-18", "the Council cared about its young"),
            ("regeneration-and-investment/2020-10-02", "excluded from the Meeting on the")):
        notes = meeting_data(data, meeting)["notes"]
        assert any("The record is partial." in n and last_words in n for n in notes), notes
