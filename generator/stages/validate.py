"""Stage 2, validate: turn parsed files into the typed record, collecting every problem.

Each file is read by the functions in `records.py`; then the checks that need more than
one file run: that people and committees exist, that minute numbers and document letters
are not used twice, that each report belongs to a document on its meeting's agenda.

Reading the files one by one is most of validation (eight of nine seconds at a
twenty-year archive), and a meeting's, a report's or a work programme's reading depends
on nothing outside the file but the ids of people and committees and the attachments: so
a clean file's reading is kept for the next run, and only the checks across files run
again (minute numbers, a report's place on its meeting's agenda). Validation knows nothing
of where readings are kept: the pipeline hands it last run's (`Readings.before`) and takes
this run's (`Readings.now`) to keep, both plain data.
"""

from __future__ import annotations

import dataclasses
import marshal
import re
from collections import defaultdict
from collections.abc import Callable, Iterable
from typing import TYPE_CHECKING, Any, NamedTuple

from generator.record import numbering
from generator.record.diagnostics import Diagnostics, Position, suggest
from generator.record.model import (
    Archive,
    Committee,
    Meeting,
    MeetingStatus,
    MinuteNumber,
    Numbering,
    Person,
    Reference,
    Report,
    WorkProgramme,
)
from generator.record.references import (
    municipal_year,
    parse_reference,
    valid_municipal_year,
    year_slug,
)
from generator.stages import records
from generator.stages.parse import LoadedContent, Source, fingerprint
from generator.stages.positioned import Packed
from generator.stages.reader import UNKNOWN, Reader, parse_date

if TYPE_CHECKING:
    from generator.stages.safety import PublishedMarkdown

SLUG = re.compile(r"^[a-z0-9][a-z0-9-]*$")


class Context:
    """The archive as read so far, and the checks that need it (see records.Known)."""

    def __init__(self, loaded: LoadedContent, diags: Diagnostics) -> None:
        self.loaded = loaded
        self.diags = diags
        self.archive = Archive({}, {}, {}, {}, {})
        # Each minute number claimed, in file order: ((*scope, number, letter), position,
        # key path, as shown); checked when every meeting is read (check_minutes).
        self.claims: list[tuple[tuple, Position, str, str]] = []
        # (committee, meeting id, year) of the meeting being read
        self.minute_scope: tuple[str, str, str | None] | None = None
        self.examples: dict[str, str] = {}  # committee -> a minute number of its papers
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

    def minute_number(self, r: Reader) -> MinuteNumber | None:
        value = r.raw("minute")
        if value is None or value == UNKNOWN:
            return None
        committee, meeting_id, year = self.minute_scope or ("", "", None)
        rules = self.numbering(committee)
        found = numbering.read(rules, value, year)
        if isinstance(found, str):
            r.error("minute", found, numbering.forms(rules, year, self.examples.get(committee)))
            return None
        where = self.minute_scope and numbering.scope(rules, committee, meeting_id, year)
        if where:
            self.claim(((*where, *found.key), r.value_position("minute"), r.sub("minute"),
                        str(found)))
        return found

    def claim(self, claim: tuple) -> None:
        """Note a minute number's use, and keep the committee's first as an example of
        its numbers for messages."""
        self.claims.append(claim)
        self.examples.setdefault(claim[0][0], claim[3])

    def item_of_this_meeting(self, text: str, position: Position,
                             key_path: str) -> Reference | None:
        meeting_id = self.minute_scope[1] if self.minute_scope else "unknown/unknown"
        ref = parse_reference(f"{meeting_id} {text}", None)
        if isinstance(ref, str) or ref.by is None or ref.resolution is not None:
            self.diags.error(position, f"'{text}' is not an item of this meeting", key_path,
                             "write 'item 10' (its agenda number) or 'minute 294'")
            return None
        return dataclasses.replace(ref, text=text, position=position)

    def minute_reference_forms(self) -> str:
        committee = self.minute_scope[0] if self.minute_scope else ""
        return numbering.reference_forms(self.numbering(committee), self.examples.get(committee))

    def numbering(self, committee: str) -> Numbering:
        known = self.archive.committees.get(committee)
        return known.numbering if known else Numbering()

    def check_minutes(self) -> None:
        """Each minute number once where its committee's numbering says (a year, a
        meeting, the committee's whole run): the first claim holds it."""
        first: dict[tuple, Position] = {}
        for key, position, key_path, shown in self.claims:
            if key in first:
                where, why = numbering.scope_words(self.numbering(key[0]), key[:-2])
                self.diags.error(position, f"minute {shown} is used twice {where} "
                                 f"(also at {first[key]})", key_path, why)
            else:
                first[key] = position

    def world(self) -> bytes:
        """All that reading a meeting, report or work programme may look at outside the
        file."""
        numbering = sorted((c.id, c.numbering.restart.value, c.numbering.prefix,
                            c.numbering.year_suffix) for c in self.archive.committees.values())
        return fingerprint(marshal.dumps((sorted(self.archive.people), numbering,
                                     sorted(self.loaded.attachments.items()))))


@dataclasses.dataclass
class Readings:
    """Readings of meetings, reports and work programmes across runs, as plain data.

    before: last run's, {folder: (world, {name: (fingerprint of the parse, shown path,
    reading)})}; now: this run's to keep, {folder: {name: (...)}}, with the world they
    were read in. A reading is used again only when the file's parse, its shown path and
    the world (the ids of people and committees, the attachments) are all the same."""

    before: dict[str, tuple[bytes, dict]] = dataclasses.field(default_factory=dict)
    world: bytes = b""
    now: dict[str, dict] = dataclasses.field(default_factory=dict)

    def use(self, folder: str, name: str, key: bytes, shown: str) -> tuple | None:
        world, entries = self.before.get(folder, (None, {}))
        entry = entries.get(name) if world == self.world else None
        if entry is None or entry[0] != key or entry[1] != shown:
            return None
        return entry


def validate(loaded: LoadedContent, diags: Diagnostics,
             markdown: PublishedMarkdown | None = None,
             readings: Readings | None = None) -> Archive:
    """The archive the files describe. Each file's tree is unpacked once, read, shown to
    the safety check (its reading of the file's Markdown) and dropped. readings: those of
    last run to use again, and where to put this run's clean ones."""
    context = Context(loaded, diags)
    by_kind: dict[str, list[Source]] = defaultdict(list)
    for source in sorted(loaded.sources, key=lambda s: s.path):
        by_kind[source.kind].append(source)
    # People and committees first, so every later file can be checked against them where
    # each name is written; meetings before reports, which must find their meeting.
    for source in by_kind["person"] + by_kind["committee"]:
        _read(source, _people if source.kind == "person" else _committee, context, markdown)
    kept = readings if markdown is not None else None
    if kept is not None:
        kept.world = context.world()
    for source in by_kind["meeting"]:
        found = _kept_reading(source, _meeting, context, markdown, kept)
        if found is not None:
            context.archive.meetings[found[0]] = found[1]
    context.check_minutes()
    for source in by_kind["report"]:
        read = _kept_reading(source, _report, context, markdown, kept)
        if read is not None:
            _file_report(read, source, context)
    for source in by_kind["work-programme"]:
        found = _kept_reading(source, _work_programme, context, markdown, kept)
        if found is not None:
            context.archive.work_programmes[found[0]] = found[1]
    return context.archive


def _read(source: Source, read: Callable[[Source, Reader, Context], Any], ctx: Context,
          markdown: PublishedMarkdown | None) -> Any:
    """What `read` makes of one file (None if it is not a mapping)."""
    data = source.data
    reader = Reader(data, source.path, ctx.diags, line_offset=source.line_offset)
    found = None
    if reader.ok:
        found = read(source, reader, ctx)
        reader.finish()
    if markdown is not None:
        markdown.visit(source, data)
    return found


def _keepable(found: Any) -> bool:
    """Whether a clean reading may be kept: not a report's with appendices, which holds
    the appendix files' text (and publishes or withholds them)."""
    return not (isinstance(found, _ReportRead) and found.report.appendices)


class _Reading(NamedTuple):
    """What one file gave: what it was read as, its minute claims and its Markdown texts
    (None standing for a report's body, which is kept with its parse, not here)."""

    found: Any
    claims: list[tuple[tuple, Position, str, str]]
    texts: list[str | None]


def _kept_reading(source: Source, read: Callable[[Source, Reader, Context], Any],
                  ctx: Context, markdown: PublishedMarkdown | None,
                  kept: Readings | None) -> Any:
    """What `read` makes of a file read alone (a meeting, a report, a work programme):
    read, or taken from its kept reading."""
    folder, name = source.folder.as_posix(), source.path.rpartition("/")[2]
    tree = source.tree if kept is not None and type(source.tree) is Packed else None
    entry = key = None
    if tree is not None:
        key = fingerprint(tree)
        kept.now.setdefault(folder, {})
        entry = kept.use(folder, name, key, source.path)
    reading = None if entry is None else entry[2]
    # A kept reading whose texts the safety check must convert (not yet known clean) is
    # read again: the check needs the file's tree to say where each text stands.
    if reading is None or markdown is None or not markdown.visit_kept(
            [source.body if text is None else text for text in reading.texts]):
        diags, claims = ctx.diags, ctx.claims
        ctx.diags, ctx.claims = Diagnostics(), []
        texts_before = len(markdown.texts) if markdown is not None else 0
        try:
            found = _read(source, read, ctx, markdown)
            texts = markdown.texts[texts_before:] if markdown is not None else []
            reading = _Reading(found, ctx.claims,
                               [None if text is source.body else text for text in texts])
            clean = not len(ctx.diags) and _keepable(reading.found)
            diags.extend(ctx.diags)
        finally:
            ctx.diags, ctx.claims = diags, claims
        if clean and tree is not None:
            kept.now[folder][name] = (key, source.path, reading)
    elif tree is not None:
        kept.now[folder][name] = entry
    for claim in reading.claims:
        ctx.claim(claim)
    return reading.found


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
    rules = records.numbering(r)
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
                                                 tuple(years), r.position, rules)


def _meeting(source: Source, r: Reader, ctx: Context) -> tuple[str, Meeting] | None:
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
    ctx.minute_scope = (committee, f"{committee}/{stem}", year) if known_committee else None
    items = r.list_of("items", lambda sub: records.agenda_item(sub, committee, ctx))
    attachments = r.list_of("attachments", lambda sub: records.attachment(
        sub, source.folder, ctx.loaded.attachments))
    approved_elsewhere = records.approved_elsewhere(r)
    disclosures = r.list_of("disclosures", lambda sub: records.disclosure(sub, ctx))
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
        return None
    _check_letters(items, r.diags)
    if not (committee and status):
        return None
    meeting_id = f"{committee}/{stem}"
    return meeting_id, Meeting(meeting_id, committee, day, year, start, venue, status,
                               moved_to, commenced, concluded, notes, agenda, attendance,
                               items, attachments, r.position, approved_elsewhere,
                               disclosures)


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


class _ReportRead(NamedTuple):
    """What a report's file says, read alone (its body left out: kept with the parse), and
    where its meeting and letter are written, for the checks against the meetings."""

    report: Report
    meeting_at: Position
    letter_at: Position


def _report(source: Source, r: Reader, ctx: Context) -> _ReportRead | None:
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
        return None
    if meeting_ref.by:
        r.error("meeting", "a report's meeting is the meeting alone, without an item",
                f"write {meeting_ref.meeting_id}")
        return None
    return _ReportRead(
        Report(f"{folder}/{stem}", meeting_ref, letter, title, author, officer, summary,
               equality, portfolio, scrutiny_area, contact, recommendations, pages, answers,
               exempt, appendices, attachments, "", r.position),
        r.value_position("meeting"), r.value_position("letter"))


def _file_report(read: _ReportRead, source: Source, ctx: Context) -> None:
    """File a report under its meeting's document, if the meeting lists it and no other
    report has it."""
    meeting_ref, letter = read.report.meeting, read.report.letter
    meeting = ctx.archive.meetings.get(meeting_ref.meeting_id)
    if meeting is None:
        ctx.diags.error(read.meeting_at, f"unknown meeting '{meeting_ref.text}'", "meeting",
                        suggest(meeting_ref.meeting_id, ctx.archive.meetings)
                        or "a report's meeting must be in content/meetings/")
        return
    letters = [doc.letter for item in meeting.items for doc in item.documents]
    if letter not in letters:
        ctx.diags.error(read.letter_at,
                        f"meeting {meeting.id} has no document '{letter}' on its agenda",
                        "letter", f"known there: {', '.join(letters)}" if letters
                        else "list it under the item's documents in the meeting file")
        return
    other = ctx.report_for.get((meeting.id, letter))
    if other is not None:
        ctx.diags.error(read.letter_at, f"document '{letter}' of {meeting.id} already has "
                        f"a report: {other.position.path}", "letter")
        return
    report = dataclasses.replace(read.report, body=source.body, body_line=source.body_line)
    ctx.report_for[(meeting.id, letter)] = ctx.archive.reports[report.id] = report


def _work_programme(source: Source, r: Reader, ctx: Context
                    ) -> tuple[str, WorkProgramme] | None:
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
    if not (committee and year):
        return None
    wp_id = f"{committee}/{year_slug(year)}"
    return wp_id, WorkProgramme(wp_id, committee, year, status, lead, meetings, unscheduled,
                                reviews, r.position)
