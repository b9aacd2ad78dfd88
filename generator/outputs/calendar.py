"""iCalendar feeds: every meeting, and every committee's meetings, to subscribe to.

One VEVENT per meeting whose date is known (an undated meeting cannot be put in a
calendar). Times are Europe/London with the zone's VTIMEZONE; the UID is the meeting id,
so an event never duplicates in a subscriber's calendar when the feed is refreshed, and
DTSTAMP is the build date, so two builds of the same content are byte-identical.

A cancelled meeting stays in the feed as STATUS:CANCELLED, so subscribers see it struck
out rather than silently gone. A moved meeting is also CANCELLED on its original date,
with the new date in its summary and description: it will not take place at that time,
and its new date is a meeting of its own.
"""

from __future__ import annotations

import datetime as dt
import functools
from collections.abc import Iterator

from icalendar import Calendar, Event, Timezone, TimezoneDaylight, TimezoneStandard

from generator.outputs.addresses import ID_DOMAIN, LONDON, Addresses, meeting_path, stamp
from generator.record.model import Archive, Meeting, MeetingStatus
from generator.stages.link import Links
from generator.stages.render import long_date

PRODID = f"-//{ID_DOMAIN}//committee papers calendar//EN"
# Used only when the minutes give no finishing time: long enough to block out the
# meeting in a diary; the description says the finish is not known.
ASSUMED_LENGTH = dt.timedelta(hours=2)
STATUS = {
    MeetingStatus.SCHEDULED: "CONFIRMED",
    MeetingStatus.AGENDA_PUBLISHED: "CONFIRMED",
    MeetingStatus.HELD: "CONFIRMED",
    MeetingStatus.CANCELLED: "CANCELLED",
    MeetingStatus.MOVED: "CANCELLED",
}


def calendars(archive: Archive, links: Links, addresses: Addresses
              ) -> Iterator[tuple[str, bytes]]:
    """calendar/all.ics and calendar/COMMITTEE.ics, one per committee, one at a time."""
    meetings = sorted((m for m in archive.meetings.values() if m.date),
                      key=lambda m: (m.date, m.id))
    yield "calendar/all.ics", _calendar(
        "all", "All committee meetings", meetings, archive, links, addresses)
    for committee in sorted(archive.committees.values(), key=lambda c: c.id):
        own = [m for m in meetings if m.committee == committee.id]
        yield f"calendar/{committee.id}.ics", _calendar(
            committee.id, f"{committee.name}: meetings", own, archive, links, addresses)


def one_line(value: str) -> str:
    """Text for a one-line property. icalendar leaves NAME and X-WR-CALNAME unescaped, so a
    line break there would break the file; summaries and venues read better on one line."""
    return " ".join(value.split())


def _calendar(key: str, name: str, meetings: list[Meeting], archive: Archive, links: Links,
              addresses: Addresses) -> bytes:
    name = one_line(name)
    calendar = Calendar.new(
        prodid=PRODID, uid=addresses.uid(f"calendar/{key}"), name=name,
        description=f"{name}, as published on the committee papers website.",
        refresh_interval=dt.timedelta(hours=12),
        source=addresses.absolute(f"calendar/{key}.ics"))
    calendar.add("X-WR-TIMEZONE", "Europe/London")
    calendar.add("X-PUBLISHED-TTL", dt.timedelta(hours=12))
    calendar.add_component(_london(meetings))
    for meeting in meetings:
        calendar.add_component(_event(meeting, archive, links, addresses))
    return calendar.to_ical()


def _london(meetings: list[Meeting]) -> Timezone:
    """The Europe/London VTIMEZONE, with every change of the clocks from the year before
    the first meeting to two years after the last.

    Always present, so a committee with no dated meeting yet still has a valid calendar.
    Each change is its own RDATE line: icalendar writes them as one comma-separated list,
    of which ical.js (Thunderbird's) and vobject read only the first, putting summer
    meetings an hour late. Each onset is the local time just before the change, as RFC 5545
    asks (01:00 GMT in March, 02:00 BST in October)."""
    first = min((m.date for m in meetings), default=dt.date(2000, 1, 1))
    last = max((m.date for m in meetings), default=first)
    zone = Timezone()
    zone.add("TZID", "Europe/London")
    changes = _clock_changes(dt.date(first.year - 1, 1, 1), dt.date(last.year + 2, 1, 1))
    observances: dict[tuple, list[dt.datetime]] = {}
    for when, before, after in changes:
        onset = (when + before).replace(tzinfo=None)  # local time, in the offset before
        observances.setdefault((before, after, when.astimezone(LONDON).tzname()),
                               []).append(onset)
    for (before, after, name), onsets in observances.items():
        part = TimezoneDaylight() if after > before else TimezoneStandard()
        part.add("DTSTART", onsets[0])
        for onset in onsets[1:]:
            part.add("RDATE", onset)
        part.add("TZNAME", name)
        part.add("TZOFFSETFROM", before)
        part.add("TZOFFSETTO", after)
        zone.add_component(part)
    return zone


@functools.cache  # every committee's calendar asks for much the same years
def _clock_changes(start: dt.date, end: dt.date
                   ) -> tuple[tuple[dt.datetime, dt.timedelta, dt.timedelta], ...]:
    """Each change of London's clocks between two dates: (the UTC instant, the offset
    before, the offset after), found in the zone database a day, then a minute, at a time."""
    changes = []
    moment = dt.datetime.combine(start, dt.time(), tzinfo=dt.UTC)
    finish = dt.datetime.combine(end, dt.time(), tzinfo=dt.UTC)
    step = dt.timedelta(days=1)
    while moment < finish:
        before = moment.astimezone(LONDON).utcoffset()
        after = (moment + step).astimezone(LONDON).utcoffset()
        if before != after:
            low, high = moment, moment + step  # the change is after low, at or before high
            while high - low > dt.timedelta(minutes=1):
                middle = low + (high - low) / 2
                if middle.astimezone(LONDON).utcoffset() == before:
                    low = middle
                else:
                    high = middle
            changes.append((high.replace(second=0, microsecond=0), before, after))
        moment += step
    return tuple(changes)


def _times(meeting: Meeting) -> tuple[dt.date | dt.datetime, dt.date | dt.datetime, list[str]]:
    """DTSTART, DTEND and what the description must say about them.

    The advertised start, else the time the minutes say it commenced; with neither, an
    all-day event. The end is when it concluded, else two hours after the start."""
    assert meeting.date is not None
    begins = meeting.start or meeting.commenced
    if begins is None:
        return meeting.date, meeting.date + dt.timedelta(days=1), ["Start time not known."]
    notes = [] if meeting.start else [f"Start time not advertised; commenced at {begins:%H:%M}."]
    start = dt.datetime.combine(meeting.date, begins, tzinfo=LONDON)
    if meeting.concluded and meeting.concluded > begins:
        return start, dt.datetime.combine(meeting.date, meeting.concluded, tzinfo=LONDON), notes
    return start, start + ASSUMED_LENGTH, [*notes, "Finishing time not known."]


def _event(meeting: Meeting, archive: Archive, links: Links, addresses: Addresses) -> Event:
    committee = archive.committees.get(meeting.committee)
    name = committee.name if committee else meeting.committee
    summary = name
    if meeting.status is MeetingStatus.CANCELLED:
        summary += " (cancelled)"
    elif meeting.status is MeetingStatus.MOVED:
        summary += (f" (moved to {long_date(meeting.moved_to)})" if meeting.moved_to
                    else " (moved)")
    start, end, notes = _times(meeting)
    path = meeting_path(meeting)
    url = addresses.absolute(path)
    lines = [f"{name}, {long_date(meeting.date)}.",
             f"Status: {meeting.status.value.replace('-', ' ')}.", *notes]
    titles = [one_line(item.title) for item in meeting.items]
    if titles:
        lines += ["", "Items of business:", *(f"- {title}" for title in titles)]
    lines += ["", f"Agenda, reports and minutes: {url}" if url
              else f"Agenda, reports and minutes: the page {path} of the committee papers site."]
    return Event.new(
        uid=addresses.uid(meeting.id), summary=one_line(summary), start=start, end=end,
        stamp=stamp(links.as_of), status=STATUS[meeting.status],
        location=one_line(meeting.venue) if meeting.venue else None,
        description="\n".join(lines), url=url)
