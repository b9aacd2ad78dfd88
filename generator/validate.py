"""Stage 2, validate: turn parsed files into the typed record, collecting every problem.

Each file is read by the functions in `records.py`; then the checks that need more than
one file run: that people and committees exist, that minute numbers and document letters
are not used twice, that each report belongs to a document on its meeting's agenda.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable
from typing import Any

from . import records
from .diagnostics import Diagnostics, Position, suggest
from .model import (
    Archive,
    Committee,
    Meeting,
    MeetingStatus,
    Person,
    Report,
    WorkProgramme,
)
from .parse import LoadedContent, Source
from .reader import Reader, parse_date
from .references import municipal_year, valid_municipal_year, year_slug

SLUG = re.compile(r"^[a-z0-9][a-z0-9-]*$")


# People and committees are read first, so every later file can be checked against them
# where each name is written; meetings before reports, which must find their meeting.
ORDER = ("person", "committee", "meeting", "report", "work-programme")


class Context:
    """The archive as read so far, and the checks that need it (see records.Known)."""

    def __init__(self, loaded: LoadedContent, diags: Diagnostics) -> None:
        self.loaded = loaded
        self.diags = diags
        self.archive = Archive({}, {}, {}, {}, {})
        self.minutes: dict[tuple[str, str, int], Position] = {}
        self.minute_scope: tuple[str, str] | None = None  # (committee, year) being read
        self.report_for: dict[tuple[str, str], Report] = {}  # (meeting, letter) -> report

    def need_person(self, person: str, position: Position, key_path: str) -> None:
        if person not in self.archive.people:
            self.diags.error(position, f"unknown person '{person}'", key_path,
                             suggest(person, self.archive.people)
                             or "add them to a file in content/people/")

    def need_committee(self, r: Reader, committee: str | None) -> bool:
        if committee is None:
            return False
        if committee not in self.archive.committees:
            r.error("committee", f"unknown committee '{committee}'",
                    suggest(committee, self.archive.committees)
                    or "add it to content/committees/")
            return False
        return True

    def claim_minute(self, minute: int, position: Position, key_path: str) -> None:
        if self.minute_scope is None:
            return
        key = (*self.minute_scope, minute)
        if key in self.minutes:
            self.diags.error(position, f"minute {minute} is used twice in {key[1]} "
                             f"(also at {self.minutes[key]})", key_path,
                             "minute numbers run on through a committee's municipal year")
        else:
            self.minutes[key] = position


def validate(loaded: LoadedContent, diags: Diagnostics,
             visit: Callable[[Source, Any], None] | None = None) -> Archive:
    """The archive the files describe. Each file's tree is unpacked once, read, shown to
    `visit` (the safety check's reading of its Markdown) and dropped."""
    context = Context(loaded, diags)
    readers = {
        "person": _people,
        "committee": _committee,
        "meeting": _meeting,
        "report": _report,
        "work-programme": _work_programme,
    }
    for source in sorted(loaded.sources, key=lambda s: (ORDER.index(s.kind), s.path)):
        data = source.data
        reader = Reader(data, source.path, diags, line_offset=source.line_offset)
        if reader.ok:
            readers[source.kind](source, reader, context)
            reader.finish()
        if visit is not None:
            visit(source, data)
    return context.archive


def _people(source: Source, r: Reader, ctx: Context) -> None:
    people = ctx.archive.people
    for person_id, position, value in r.items():
        if not SLUG.match(person_id):
            r.diags.error(position, f"'{person_id}' is not a valid id",
                          hint="use lower-case letters, digits and hyphens, e.g. h-u-khan")
            continue
        if person_id in people:
            r.diags.error(position, f"person '{person_id}' is already defined at "
                          f"{people[person_id].position}")
            continue
        sub = r.child(person_id, value)
        if not sub.ok:
            continue
        name, title, notes = sub.text("name", required=True), sub.text("title"), sub.text("notes")
        sub.finish()
        if name:
            people[person_id] = Person(person_id, name, title, notes, position)


def _committee(source: Source, r: Reader, ctx: Context) -> None:
    stem, _folder = source.stem_and_folder
    name, short_name = r.text("name", required=True), r.text("short_name")
    kind = records.committee_kind(r)
    contacts = r.list_of("contacts", records.contact)
    years = []
    year_map = r.mapping("years")
    if year_map is not None and year_map.ok:
        for year, position, value in year_map.items():
            if not valid_municipal_year(year):
                r.diags.error(position, f"'{year}' is not a municipal year", "years",
                              "write it as 2021/22")
                continue
            sub = year_map.child(year, value)
            if sub.ok:
                years.append(records.membership(sub, year, ctx))
                sub.finish()
    if not SLUG.match(stem):
        r.diags.error(Position(source.path), f"'{stem}' is not a valid committee id",
                      hint="name the file in lower-case letters, digits and hyphens")
        return
    if name and kind:
        ctx.archive.committees[stem] = Committee(stem, name, short_name, kind, contacts,
                                                 tuple(years), r.position)


def _meeting(source: Source, r: Reader, ctx: Context) -> None:
    stem, folder = source.stem_and_folder
    committee = r.text("committee", required=True)
    known_committee = ctx.need_committee(r, committee)
    day = r.date("date", required=True, allow_unknown=True)
    year = r.text("municipal_year")
    if year and not valid_municipal_year(year):
        r.error("municipal_year", f"'{year}' is not a municipal year", "write it as 2021/22")
        year = None
    if year is None and day is not None:
        year = municipal_year(day)
    start, venue = r.time("start"), r.known_text("venue")
    status = records.meeting_status(r)
    moved_to = r.date("moved_to")
    commenced, concluded = r.time("commenced"), r.time("concluded")
    notes = r.text_list("notes")
    agenda = records.agenda_front(r)
    attendance = records.attendance(r, ctx)
    ctx.minute_scope = (committee, year) if committee and year else None
    items = r.list_of("items", lambda sub: records.agenda_item(sub, committee, ctx))
    attachments = r.list_of("attachments", lambda sub: records.attachment(
        sub, source.folder, ctx.loaded.attachments))
    ctx.minute_scope = None
    if known_committee and committee != folder:
        r.error("committee", f"the file is in the folder for '{folder}' but says '{committee}'",
                f"move it to content/meetings/{committee}/ or correct the committee")
    stem_date = parse_date(stem)
    if day and stem_date and day != stem_date:
        r.error("date", f"the date {day.isoformat()} does not match the file name {stem}",
                f"rename the file to {day.isoformat()}.yml or correct the date")
    if status is MeetingStatus.MOVED and moved_to is None:
        r.warning("status", "a moved meeting should say 'moved_to'")
    if commenced and concluded and concluded < commenced:
        r.error("concluded", "the meeting concluded before it commenced")
    if not SLUG.match(stem):
        r.diags.error(Position(source.path), f"'{stem}' is not a valid meeting file name",
                      hint="name it by the meeting date, e.g. 2022-03-23.yml")
        return
    _check_letters(items, r.diags)
    if committee and status:
        meeting_id = f"{committee}/{stem}"
        ctx.archive.meetings[meeting_id] = Meeting(
            meeting_id, committee, day, year, start, venue, status, moved_to, commenced,
            concluded, notes, agenda, attendance, items, attachments, r.position)


def _check_letters(items: Iterable, diags: Diagnostics) -> None:
    seen: dict[str, Position] = {}
    for item in items:
        for doc in item.documents:
            if doc.letter in seen:
                diags.error(doc.position, f"document letter '{doc.letter}' is used twice in this "
                            f"meeting (first at line {seen[doc.letter].line})",
                            hint="each document at a meeting has its own letter")
            else:
                seen[doc.letter] = doc.position


def _report(source: Source, r: Reader, ctx: Context) -> None:
    stem, folder = source.stem_and_folder
    meeting_ref = records.reference(r, "meeting", folder)
    if meeting_ref is None and not r.has("meeting"):
        r.raw("meeting", required=True)
    letter = r.text("letter", required=True)
    title = r.text("title", required=True)
    author = r.text("author")
    officer = records.optional_contact(r, "officer")
    summary, equality = r.text("summary"), r.text("equality")
    portfolio, scrutiny_area = r.text("portfolio"), r.text("scrutiny_area")
    contact = records.optional_contact(r, "contact")
    recommendations = r.text_list("recommendations")
    pages = r.text("pages")
    answers = records.reference(r, "answers", folder)
    exempt = records.exemption(r)
    # Appendix files are named relative to the report's own folder under content/.
    report_dir = source.folder
    appendices = r.list_of("appendices",
                           lambda sub: records.appendix(sub, report_dir, ctx.loaded.texts))
    attachments = r.list_of("attachments", lambda sub: records.attachment(
        sub, report_dir, ctx.loaded.attachments))
    if meeting_ref is None or not (letter and title):
        return
    if meeting_ref.by:
        r.error("meeting", "a report's meeting is the meeting alone, without an item",
                f"write {meeting_ref.meeting_id}")
        return
    meeting = ctx.archive.meetings.get(meeting_ref.meeting_id)
    if meeting is None:
        r.error("meeting", f"unknown meeting '{meeting_ref.text}'",
                suggest(meeting_ref.meeting_id, ctx.archive.meetings)
                or "a report's meeting must be in content/meetings/")
        return
    letters = [doc.letter for item in meeting.items for doc in item.documents]
    if letter not in letters:
        r.error("letter", f"meeting {meeting.id} has no document '{letter}' on its agenda",
                f"known there: {', '.join(letters)}" if letters
                else "list it under the item's documents in the meeting file")
        return
    other = ctx.report_for.get((meeting.id, letter))
    if other is not None:
        r.error("letter", f"document '{letter}' of {meeting.id} already has a report: "
                f"{other.position.path}")
        return
    report_id = f"{folder}/{stem}"
    report = ctx.report_for[(meeting.id, letter)] = Report(
        report_id, meeting_ref, letter, title, author, officer, summary, equality, portfolio,
        scrutiny_area, contact, recommendations, pages, answers, exempt, appendices,
        attachments, source.body, r.position)
    ctx.archive.reports[report_id] = report


def _work_programme(source: Source, r: Reader, ctx: Context) -> None:
    stem, folder = source.stem_and_folder
    committee = r.text("committee", required=True)
    known_committee = ctx.need_committee(r, committee)
    year = r.text("municipal_year", required=True)
    if year and not valid_municipal_year(year):
        r.error("municipal_year", f"'{year}' is not a municipal year", "write it as 2021/22")
        year = None
    status = records.work_programme_status(r)
    lead = r.text("scrutiny_lead")
    meetings = r.list_of("meetings", lambda sub: records.planned_meeting(sub, committee))
    unscheduled = r.list_of("unscheduled", lambda sub: records.planned_item(sub, committee))
    reviews = r.list_of("reviews", records.review)
    if known_committee and committee != folder:
        r.error("committee", f"the file is in the folder for '{folder}' but says '{committee}'")
    if year and stem != year_slug(year):
        r.error("municipal_year", f"the year {year} does not match the file name {stem}",
                f"name the file {year_slug(year)}.yml")
    if committee and year:
        wp_id = f"{committee}/{year_slug(year)}"
        ctx.archive.work_programmes[wp_id] = WorkProgramme(
            wp_id, committee, year, status, lead, meetings, unscheduled, reviews, r.position)
