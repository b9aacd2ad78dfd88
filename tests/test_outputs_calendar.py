"""iCalendar feeds: they parse back, hold one event per dated meeting, and say the truth
about times, places and status."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import icalendar
from conftest import write_tree
from outputs_support import AS_OF, built_site, content_meetings, known_date

from generator.outputs import outputs
from generator.stages.pipeline import check

LONDON = "Europe/London"


def parse(path: Path) -> icalendar.Calendar:
    return icalendar.Calendar.from_ical(path.read_bytes())


def events(calendar: icalendar.Calendar) -> dict[str, icalendar.Event]:
    found = {}
    for event in calendar.walk("VEVENT"):
        uid = str(event["UID"])
        assert uid not in found, f"duplicate UID {uid}"
        found[uid] = event
    return found


def test_every_calendar_parses_with_one_event_per_dated_meeting():
    site = built_site()
    meetings = content_meetings()
    dated = {mid for mid, record in meetings.items() if known_date(record)}
    committees = {mid.split("/")[0] for mid in meetings}
    files = sorted((site / "calendar").glob("*.ics"))
    assert {f.name for f in files} == {"all.ics", *(f"{c}.ics" for c in committees)}
    for file in files:
        calendar = parse(file)
        assert [tz["TZID"] for tz in calendar.walk("VTIMEZONE")] == [LONDON], file.name
        wanted = {m for m in dated if file.stem in ("all", m.split("/")[0])}
        assert set(events(calendar)) == {f"{m}@committee-papers" for m in wanted}, file.name
    # The undated Corporate Parenting Panel meeting is left out, not given a made-up date.
    assert len(dated) == len(meetings) - 1
    assert not events(parse(site / "calendar/corporate-parenting-panel.ics"))


def test_events_carry_london_times_venue_status_and_build_date():
    calendar = parse(built_site() / "calendar/all.ics")
    found = events(calendar)
    october = found["childrens-services-osc/2021-10-06@committee-papers"]
    start, end = october.decoded("DTSTART"), october.decoded("DTEND")
    assert start == dt.datetime(2021, 10, 6, 16, 30, tzinfo=start.tzinfo)
    assert str(october["DTSTART"].params["TZID"]) == LONDON
    assert start.utcoffset() == dt.timedelta(hours=1)  # British Summer Time
    assert (end.hour, end.minute) == (19, 0)  # concluded
    assert str(october["LOCATION"]) == "Council Chamber, City Hall - City Hall, Bradford"
    assert str(october["STATUS"]) == "CONFIRMED"
    # No advertised start, but the minutes say when it commenced and concluded.
    march = found["childrens-services-osc/2022-03-23@committee-papers"]
    assert (march.decoded("DTSTART").hour, march.decoded("DTSTART").minute) == (16, 35)
    assert (march.decoded("DTEND").hour, march.decoded("DTEND").minute) == (18, 10)
    assert "commenced at 16:35" in str(march["DESCRIPTION"])
    # Neither known: an all-day event on the right day.
    july = found["childrens-services-osc/2020-07-01@committee-papers"]
    assert july.decoded("DTSTART") == dt.date(2020, 7, 1)
    assert july.decoded("DTEND") == dt.date(2020, 7, 2)
    stamp = dt.datetime.fromisoformat(AS_OF).replace(tzinfo=dt.UTC)
    assert {event.decoded("DTSTAMP") for event in found.values()} == {stamp}


def test_without_a_site_address_the_description_names_the_page():
    march = events(parse(built_site() / "calendar/all.ics"))[
        "childrens-services-osc/2022-03-23@committee-papers"]
    assert "URL" not in march
    page = "meetings/childrens-services-osc/2022-03-23/"
    assert page in str(march["DESCRIPTION"])
    assert (built_site() / page / "index.html").is_file()
    assert "YOUNG CARERS" in str(march["DESCRIPTION"])


CHANGED = {
    "content/meetings/csc/2022-01-12.yml": (
        "committee: csc\ndate: 2022-01-12\nstart: '18:00'\nvenue: City Hall\nstatus: cancelled\n"),
    "content/meetings/csc/2022-02-02.yml": (
        "committee: csc\ndate: 2022-02-02\nstart: '10:00'\nstatus: moved\nmoved_to: 2022-02-16\n"),
    "content/meetings/csc/2022-02-16.yml": (
        "committee: csc\ndate: 2022-02-16\nstart: '10:00'\nvenue: City Hall\nstatus: scheduled\n"),
}


def test_cancelled_and_moved_meetings_stay_in_the_calendar_as_cancelled(project):
    write_tree(project, CHANGED)
    result = check(project / "content", dt.date(2022, 1, 1), shown_from=project)
    assert result.ok, [str(d) for d in result.diagnostics.errors]
    files = dict(outputs(result.archive, result.links, "https://papers.example.org"))
    found = events(icalendar.Calendar.from_ical(files["calendar/csc.ics"]))
    assert len(found) == 3
    cancelled = found["csc/2022-01-12@papers.example.org"]
    assert str(cancelled["STATUS"]) == "CANCELLED"
    assert str(cancelled["SUMMARY"]) == "Test Committee (cancelled)"
    moved = found["csc/2022-02-02@papers.example.org"]
    assert str(moved["STATUS"]) == "CANCELLED"
    assert "moved to Wednesday 16 February 2022" in str(moved["SUMMARY"])
    scheduled = found["csc/2022-02-16@papers.example.org"]
    assert str(scheduled["STATUS"]) == "CONFIRMED"
    assert "Finishing time not known." in str(scheduled["DESCRIPTION"])
    assert scheduled.decoded("DTEND") - scheduled.decoded("DTSTART") == dt.timedelta(hours=2)
    # In winter London is on GMT.
    assert scheduled.decoded("DTSTART").utcoffset() == dt.timedelta(0)
    assert str(scheduled["URL"]) == "https://papers.example.org/meetings/csc/2022-02-16/"


def test_uids_stay_and_only_the_stamp_follows_the_build_date(project):
    write_tree(project, CHANGED)
    ics = {}
    for as_of in (dt.date(2022, 1, 1), dt.date(2024, 5, 5)):
        result = check(project / "content", as_of, shown_from=project)
        ics[as_of] = dict(outputs(result.archive, result.links, None))["calendar/all.ics"]
    first, later = (icalendar.Calendar.from_ical(v) for v in ics.values())
    assert set(events(first)) == set(events(later))
    assert ics[dt.date(2022, 1, 1)] != ics[dt.date(2024, 5, 5)]
    assert ics[dt.date(2022, 1, 1)].replace(b"DTSTAMP:20220101", b"DTSTAMP:20240505") == (
        ics[dt.date(2024, 5, 5)])
