"""The calendars as residents' own calendar software reads them: four parsers that this
project did not write (vobject and ical in Python; ical.js, Thunderbird's, and node-ical
in JavaScript) must put every meeting at the instant the papers give, in London time,
on both sides of each change of the clocks.

Each timed event's start is compared, as a UTC instant, with the date and time written in
the content file, converted here with the zone database; an all-day event, by its date."""

from __future__ import annotations

import datetime as dt
import json
import subprocess
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest
import vobject
from conftest import ROOT, add_site_config, papers, write_tree
from ical.calendar_stream import IcsCalendarStream
from outputs_support import built_site, content_meetings, known_date

LONDON = ZoneInfo("Europe/London")
CLIENTS = ROOT / "tests" / "ics_clients.mjs"
# Meetings either side of the clock changes of 2022 and 2023, at times a committee meets.
AROUND_THE_CHANGES = {
    "2022-03-26": "18:00", "2022-03-28": "10:00", "2022-10-29": "16:30",
    "2022-10-31": "09:30", "2023-03-25": "13:00", "2023-03-27": "17:45",
    "2023-10-28": "11:00", "2023-10-30": "19:00",
}


def _utc(value: dt.datetime | dt.date) -> str:
    if isinstance(value, dt.datetime):
        return value.astimezone(dt.UTC).strftime("%Y-%m-%dT%H:%M:%S")
    return f"date:{value.isoformat()}"


def expected(meetings: dict[str, dict]) -> dict[str, str]:
    """Each dated meeting's start as the papers give it: uid -> UTC instant or date."""
    starts = {}
    for meeting_id, record in meetings.items():
        day = known_date(record)
        if day is None:
            continue
        time = record.get("start") if record.get("start") not in (None, "unknown") else (
            record.get("commenced"))
        if time is None:
            starts[f"{meeting_id}@committee-papers"] = f"date:{day.isoformat()}"
            continue
        hour, minute = map(int, str(time).split(":"))
        start = dt.datetime.combine(day, dt.time(hour, minute), tzinfo=LONDON)
        starts[f"{meeting_id}@committee-papers"] = _utc(start)
    return starts


def with_vobject(path: Path) -> dict[str, str]:
    calendar = vobject.readOne(path.read_text(encoding="utf-8"))
    return {str(event.uid.value): _utc(event.dtstart.value)
            for event in getattr(calendar, "vevent_list", [])}


def with_ical(path: Path) -> dict[str, str]:
    calendar = IcsCalendarStream.calendar_from_ics(path.read_text(encoding="utf-8"))
    return {str(event.uid): _utc(event.dtstart) for event in calendar.events}


def with_javascript(paths: list[Path]) -> dict[str, dict[str, dict[str, str]]]:
    result = subprocess.run(["node", str(CLIENTS), *map(str, paths)], cwd=ROOT,
                            capture_output=True, text=True, timeout=120)
    assert result.returncode == 0, result.stderr
    found = json.loads(result.stdout)
    # JavaScript writes milliseconds and a Z; the rest write neither.
    return {parser: {file: {uid: start.removesuffix(".000Z") for uid, start in starts.items()}
                     for file, starts in files.items()}
            for parser, files in found.items()}


def every_client(files: list[Path]) -> dict[str, dict[str, dict[str, str]]]:
    """What each parser reads as each event's start: parser -> file -> uid -> start."""
    clients = {"vobject": {str(f): with_vobject(f) for f in files},
               "ical": {str(f): with_ical(f) for f in files}}
    clients.update(with_javascript(files))
    return clients


def assert_every_client_agrees(files: list[Path], wanted: dict[str, str]) -> None:
    """Each parser finds every event a calendar should hold (all.ics every meeting, a
    committee's its own), each at the start the papers give."""
    assert files
    for parser, by_file in every_client(files).items():
        for file, starts in by_file.items():
            name = Path(file).stem
            own = {uid for uid in wanted if name == "all" or uid.startswith(f"{name}/")}
            assert set(starts) == own, (parser, file)
            wrong = {uid: (start, wanted[uid]) for uid, start in starts.items()
                     if start != wanted[uid]}
            assert not wrong, f"{parser} reads {Path(file).name} wrongly: {wrong}"


def test_every_calendar_of_the_bundled_site_reads_alike_in_four_clients():
    site = built_site()
    wanted = expected(content_meetings())
    files = sorted((site / "calendar").glob("*.ics"))
    assert_every_client_agrees(files, wanted)
    # The bundled papers have meetings in summer time and in winter.
    timed = [start for start in wanted.values() if not start.startswith("date:")]
    assert "2021-07-29T15:30:00" in timed and "2022-03-23T16:35:00" in timed


@pytest.fixture
def around_the_changes(project):
    files = {
        f"content/meetings/csc/{day}.yml": (
            f"committee: csc\ndate: {day}\nstart: \"{time}\"\nstatus: scheduled\n")
        for day, time in AROUND_THE_CHANGES.items()}
    return add_site_config(write_tree(project, files))


def test_meetings_either_side_of_each_clock_change_read_alike(around_the_changes, tmp_path):
    site = tmp_path / "site"
    result = papers("build", "--as-of", "2022-01-01", "--site-dir", str(site),
                    cwd=around_the_changes)
    assert result.returncode == 0, result.stderr
    wanted = expected(content_meetings(around_the_changes / "content"))
    assert len(wanted) == len(AROUND_THE_CHANGES)
    # 26 March 2022, 18:00 GMT; 28 March 2022, 10:00 BST.
    assert wanted["csc/2022-03-26@committee-papers"] == "2022-03-26T18:00:00"
    assert wanted["csc/2022-03-28@committee-papers"] == "2022-03-28T09:00:00"
    assert_every_client_agrees(sorted((site / "calendar").glob("*.ics")), wanted)
