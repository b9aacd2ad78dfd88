"""Stage 2, validate: turn parsed files into the typed record, collecting every problem.

Each file is read by the functions in `records.py`; then the checks that need more than
one file run: that people and committees exist, that minute numbers and document letters
are not used twice, that each report belongs to a document on its meeting's agenda.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from pathlib import PurePosixPath

from . import records
from .diagnostics import Diagnostics, Position, suggest
from .load import LoadedContent, Source
from .model import (
    Archive,
    Committee,
    Meeting,
    MeetingStatus,
    Person,
    Report,
    WorkProgramme,
)
from .reader import Reader, parse_date
from .references import municipal_year, valid_municipal_year, year_slug

SLUG = re.compile(r"^[a-z0-9][a-z0-9-]*$")


def validate(loaded: LoadedContent, diags: Diagnostics) -> Archive:
    archive = Archive({}, {}, {}, {}, {})
    readers = {
        "person": _people,
        "committee": _committee,
        "meeting": _meeting,
        "report": _report,
        "work-programme": _work_programme,
    }
    for source in loaded.sources:
        reader = Reader(source.data, source.path, diags, line_offset=source.line_offset)
        if reader.ok:
            readers[source.kind](source, reader, archive, loaded)
            reader.finish()
    _check_people(archive, diags)
    _check_committees(archive, diags)
    _check_minute_numbers(archive, diags)
    _check_reports(archive, diags)
    return archive


def _stem_and_folder(source: Source) -> tuple[str, str]:
    path = PurePosixPath(source.path)
    return path.stem, path.parent.name


def _people(source: Source, r: Reader, archive: Archive, loaded: LoadedContent) -> None:
    for person_id, position, value in r.items():
        if not SLUG.match(person_id):
            r.diags.error(position, f"'{person_id}' is not a valid id",
                          hint="use lower-case letters, digits and hyphens, e.g. h-u-khan")
            continue
        if person_id in archive.people:
            first = archive.people[person_id].position
            r.diags.error(position, f"person '{person_id}' is already defined at {first}")
            continue
        sub = r.child(person_id, value)
        if not sub.ok:
            continue
        name, title, notes = sub.text("name", required=True), sub.text("title"), sub.text("notes")
        sub.finish()
        if name:
            archive.people[person_id] = Person(person_id, name, title, notes, position)


def _committee(source: Source, r: Reader, archive: Archive, loaded: LoadedContent) -> None:
    stem, _folder = _stem_and_folder(source)
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
                years.append(records.membership(sub, year))
                sub.finish()
    if not SLUG.match(stem):
        r.diags.error(Position(source.path), f"'{stem}' is not a valid committee id",
                      hint="name the file in lower-case letters, digits and hyphens")
        return
    if name and kind:
        archive.committees[stem] = Committee(stem, name, short_name, kind, contacts, tuple(years),
                                             r.position)


def _meeting(source: Source, r: Reader, archive: Archive, loaded: LoadedContent) -> None:
    stem, folder = _stem_and_folder(source)
    committee = r.text("committee", required=True)
    day = r.date("date", required=True, allow_unknown=True)
    year = r.text("municipal_year")
    if year and not valid_municipal_year(year):
        r.error("municipal_year", f"'{year}' is not a municipal year", "write it as 2021/22")
        year = None
    start, venue = r.time("start"), r.known_text("venue")
    status = records.meeting_status(r)
    moved_to = r.date("moved_to")
    commenced, concluded = r.time("commenced"), r.time("concluded")
    notes = r.text_list("notes")
    agenda = records.agenda_front(r)
    attendance = records.attendance(r)
    items = r.list_of("items", lambda sub: records.agenda_item(sub, committee))
    if committee and committee != folder:
        r.error("committee", f"the file is in the folder for '{folder}' but says '{committee}'",
                f"move it to content/meetings/{committee}/ or correct the committee")
    stem_date = parse_date(stem)
    if day and stem_date and day != stem_date:
        r.error("date", f"the date {day.isoformat()} does not match the file name {stem}",
                f"rename the file to {day.isoformat()}.yml or correct the date")
    if status is MeetingStatus.MOVED and moved_to is None:
        r.diags.warning(r.value_position("status"), "a moved meeting should say 'moved_to'",
                        "status")
    if commenced and concluded and concluded < commenced:
        r.error("concluded", "the meeting concluded before it commenced")
    if not (committee and status) or not SLUG.match(stem):
        if not SLUG.match(stem):
            r.diags.error(Position(source.path), f"'{stem}' is not a valid meeting file name",
                          hint="name it by the meeting date, e.g. 2022-03-23.yml")
        return
    if year is None and day is not None:
        year = municipal_year(day)
    _check_letters(items, r.diags)
    meeting_id = f"{committee}/{stem}"
    archive.meetings[meeting_id] = Meeting(
        meeting_id, committee, day, year, start, venue, status, moved_to, commenced, concluded,
        notes, agenda, attendance, items, r.position)


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


def _report(source: Source, r: Reader, archive: Archive, loaded: LoadedContent) -> None:
    stem, folder = _stem_and_folder(source)
    meeting = records.reference(r, "meeting", folder)
    if meeting is None and not r.has("meeting"):
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
    report_dir = PurePosixPath(source.path).parent.relative_to(
        PurePosixPath(source.path).parents[len(PurePosixPath(source.path).parents) - 2])
    appendices = r.list_of("appendices",
                           lambda sub: records.appendix(sub, report_dir, loaded.texts))
    if meeting and meeting.by:
        r.error("meeting", "a report's meeting is the meeting alone, without an item",
                f"write {meeting.meeting_id}")
    if not (meeting and letter and title):
        return
    report_id = f"{folder}/{stem}"
    archive.reports[report_id] = Report(
        report_id, meeting, letter, title, author, officer, summary, equality, portfolio,
        scrutiny_area, contact, recommendations, pages, answers, exempt, appendices,
        source.body, r.position)


def _work_programme(source: Source, r: Reader, archive: Archive, loaded: LoadedContent) -> None:
    stem, folder = _stem_and_folder(source)
    committee = r.text("committee", required=True)
    year = r.text("municipal_year", required=True)
    if year and not valid_municipal_year(year):
        r.error("municipal_year", f"'{year}' is not a municipal year", "write it as 2021/22")
        year = None
    status = records.work_programme_status(r)
    lead = r.text("scrutiny_lead")
    meetings = r.list_of("meetings", lambda sub: records.planned_meeting(sub, committee))
    unscheduled = r.list_of("unscheduled", lambda sub: records.planned_item(sub, committee))
    reviews = r.list_of("reviews", records.review)
    if committee and committee != folder:
        r.error("committee", f"the file is in the folder for '{folder}' but says '{committee}'")
    if year and stem != year_slug(year):
        r.error("municipal_year", f"the year {year} does not match the file name {stem}",
                f"name the file {year_slug(year)}.yml")
    if committee and year:
        wp_id = f"{committee}/{year_slug(year)}"
        archive.work_programmes[wp_id] = WorkProgramme(
            wp_id, committee, year, status, lead, meetings, unscheduled, reviews, r.position)


# -- checks across files ---------------------------------------------------------------


def _need_person(archive: Archive, diags: Diagnostics, person: str | None, where: Position,
                 key_path: str) -> None:
    if person and person not in archive.people:
        diags.error(where, f"unknown person '{person}'", key_path,
                    suggest(person, archive.people) or "add them to a file in content/people/")


def _check_people(archive: Archive, diags: Diagnostics) -> None:
    for committee in archive.committees.values():
        for year in committee.years:
            where = committee.position
            named = [p for group in (*year.members.values(), *year.alternates.values())
                     for p in group]
            named += [c.person for c in year.co_opted] + ([year.chair] if year.chair else [])
            for person in named:
                _need_person(archive, diags, person, where, f"years.{year.year}")
    for meeting in archive.meetings.values():
        att = meeting.attendance
        if att:
            named = [p for group in att.present.values() for p in group]
            named += [*att.co_opted, *att.apologies, *(a.person for a in att.alternates)]
            named += [o.person for o in att.observers if o.person]
            named += [att.chair] if att.chair else []
            for person in named:
                _need_person(archive, diags, person, meeting.position, "attendance")
        for item in meeting.items:
            for disclosure in item.disclosures:
                _need_person(archive, diags, disclosure.person, item.position, "disclosures")


def _check_committees(archive: Archive, diags: Diagnostics) -> None:
    records_with_committee: list[Meeting | WorkProgramme] = [
        *archive.meetings.values(), *archive.work_programmes.values()]
    for record in records_with_committee:
        if record.committee not in archive.committees:
            diags.error(record.position, f"unknown committee '{record.committee}'", "committee",
                        suggest(record.committee, archive.committees)
                        or "add it to content/committees/")


def _check_minute_numbers(archive: Archive, diags: Diagnostics) -> None:
    seen: dict[tuple[str, str, int], tuple[Meeting, Position]] = {}
    for meeting in sorted(archive.meetings.values(), key=lambda m: m.id):
        if meeting.municipal_year is None:
            continue
        for item in meeting.items:
            if item.minute is None:
                continue
            key = (meeting.committee, meeting.municipal_year, item.minute)
            if key in seen:
                first, position = seen[key]
                diags.error(item.position, f"minute {item.minute} is used twice in "
                            f"{meeting.municipal_year} (also at {position})", "minute",
                            "minute numbers run on through a committee's municipal year")
            else:
                seen[key] = (meeting, item.position)


def _check_reports(archive: Archive, diags: Diagnostics) -> None:
    seen: dict[tuple[str, str], Report] = {}
    for report in archive.reports.values():
        meeting = archive.meetings.get(report.meeting.meeting_id)
        if meeting is None:
            diags.error(report.position, f"unknown meeting '{report.meeting.text}'", "meeting",
                        suggest(report.meeting.meeting_id, archive.meetings))
            continue
        letters = [doc.letter for item in meeting.items for doc in item.documents]
        if report.letter not in letters:
            diags.error(report.position, f"meeting {meeting.id} has no document "
                        f"'{report.letter}' on its agenda", "letter",
                        f"known there: {', '.join(letters)}" if letters
                        else "list it under the item's documents in the meeting file")
        key = (meeting.id, report.letter)
        if key in seen:
            diags.error(report.position, f"document '{report.letter}' of {meeting.id} already "
                        f"has a report: {seen[key].position.path}", "letter")
        else:
            seen[key] = report
