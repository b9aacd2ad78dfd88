"""Read each kind of content file into its model record, checking every field.

One function per record or part of a record; each asks its `Reader` for the fields the
clerk's guide lists, in the guide's order. Cross-file checks live in `validate.py`.
"""

from __future__ import annotations

import dataclasses
import functools
from pathlib import PurePosixPath
from typing import Protocol

from email_validator import EmailNotValidError, validate_email

from generator.record import numbering as numbering_rules
from generator.record import references
from generator.record.diagnostics import Position, suggest
from generator.record.model import (
    ActionPoint,
    Added,
    AddedKind,
    AgendaFront,
    AgendaItem,
    Alternate,
    Appendix,
    ApprovedElsewhere,
    Attachment,
    Attendance,
    ClosedSession,
    CommitteeKind,
    Contact,
    CoOptedMember,
    Disclosure,
    DocumentRef,
    Due,
    DueKind,
    Exemption,
    MeetingStatus,
    Membership,
    MinuteNumber,
    MinutesApproval,
    Numbering,
    Observer,
    PlannedItem,
    PlannedItemStatus,
    PlannedMeeting,
    Question,
    Reference,
    Request,
    Resolution,
    Restart,
    ScrutinyReview,
    WorkProgrammeStatus,
)
from generator.stages.reader import Reader, parse_date, parse_month

APPENDIX_PAGES = ("work-programme", "unscheduled", "tracker")


class Known(Protocol):
    """What the reading so far knows: used to check names where they are written."""

    def need_person(self, person: str, position: Position, key_path: str) -> None: ...

    def minute_number(self, r: Reader) -> MinuteNumber | None:
        """The item's minute number in its committee's form, claimed for the checks
        across meetings (numbers used twice)."""

    def item_of_this_meeting(self, text: str, position: Position,
                             key_path: str) -> Reference | None:
        """An item of the meeting being read, written 'item 10' or 'minute 294'."""

    def minute_reference_forms(self) -> str:
        """How a reference to a minute of the committee being read may be written."""


def person(r: Reader, key: str, known: Known, required: bool = False) -> str | None:
    value = r.text(key, required)
    if value:
        known.need_person(value, r.value_position(key), r.sub(key))
    return value


def contact(r: Reader) -> Contact | None:
    name = r.text("name", required=True)
    role, phone, email = r.text("role"), r.text("phone"), r.text("email")
    if email:
        problem = email_problem(email)
        if problem:
            r.error("email", f"'{email}' is not an e-mail address: {problem}",
                    "write it as it would be typed to send a message, e.g. "
                    "democratic.services@example.gov.uk")
            email = None
    return Contact(name, role, phone, email) if name else None


@functools.lru_cache(maxsize=4096)  # an archive names the same few clerks again and again
def email_problem(address: str) -> str | None:
    """Why an address cannot be mailed (its form only: no lookup), or None."""
    try:
        validate_email(address, check_deliverability=False)
    except EmailNotValidError as exc:
        return str(exc).rstrip(".")
    return None


def optional_contact(r: Reader, key: str) -> Contact | None:
    return r.nested(key, contact)


def people_ids(r: Reader, key: str, known: Known) -> tuple[str, ...]:
    out = []
    for value, position, key_path in r.text_list_at(key):
        known.need_person(value, position, key_path)
        out.append(value)
    return tuple(out)


def people_by_group(r: Reader, key: str, known: Known) -> dict[str, tuple[str, ...]]:
    groups = r.mapping(key)
    if groups is None or not groups.ok:
        return {}
    return {group: people_ids(groups, group, known) for group, _pos, _value in groups.items()}


def exemption(r: Reader, key: str = "exempt") -> Exemption | None:
    return r.nested(key, exemption_paragraph)


def reference(r: Reader, key: str, committee: str | None) -> Reference | None:
    text = r.text(key)
    if text is None:
        return None
    parsed = references.parse_reference(text, committee)
    if isinstance(parsed, str):
        r.error(key, parsed, references.REFERENCE_HINT)
        return None
    return Reference(**{**parsed.__dict__, "position": r.value_position(key)})


def due(r: Reader, key: str) -> Due | None:
    value = r.raw(key)
    if value is None:
        return Due(DueKind.UNSPECIFIED)
    text = str(value).strip().lower() if not isinstance(value, bool) else ""
    day = parse_date(value)
    if day:
        return Due(DueKind.DATE, day)
    month = parse_month(text)
    if month:
        return Due(DueKind.MONTH, month)
    if text == "next meeting":
        return Due(DueKind.NEXT_MEETING)
    if text == "unspecified":
        return Due(DueKind.UNSPECIFIED)
    words = text.split()
    if len(words) == 3 and words[0] == "in" and words[1].isdigit() and words[2] in (
        "months", "month"
    ):
        return Due(DueKind.MONTHS_AFTER, months=int(words[1]))
    r.error(key, f"cannot tell when {value!r} is due",
            "write a date (2022-12-14), a month (2022-12), 'in 12 months', 'next meeting' "
            "or 'unspecified'")
    return None


def request(r: Reader) -> Request | None:
    what = r.text("what", required=True)
    when = due(r, "due")
    return Request(what, when) if what and when else None


def resolution(r: Reader) -> Resolution | None:
    number = r.integer("number")
    text = r.text("text", required=True)
    action = r.text("action")
    asked = r.nested("requests", request)
    outcome = r.text("outcome")
    withdrawn = r.boolean("withdrawn")
    reason, alternatives = r.text("reason"), r.text("alternatives")
    if text is None:
        return None
    return Resolution(number, text, action, asked, outcome, withdrawn, r.position, reason,
                      alternatives)


def document(r: Reader) -> DocumentRef | None:
    letter = r.text("letter", required=True)
    title, pages = r.text("title"), r.text("pages")
    exempt = exemption(r)
    if letter and not (letter.isalpha() and letter.isupper() and len(letter) <= 3):
        r.error("letter", f"'{letter}' is not a document letter",
                "use capital letters, as the agenda does: A, B, AA")
        return None
    return DocumentRef(letter, title, pages, exempt, r.position) if letter else None


def documents(r: Reader) -> tuple[DocumentRef, ...]:
    # A bare letter is accepted as shorthand for {letter: X}.
    out = []
    for item, position, key_path in r.sequence("documents"):
        node = {"letter": item} if isinstance(item, str) else item
        sub = Reader(node, r.path, r.diags, key_path, position, r.line_offset)
        if sub.ok:
            value = document(sub)
            if node is item:
                sub.finish()
            if value:
                out.append(value)
    return tuple(out)


def question(r: Reader) -> Question | None:
    asked, answer = r.text("question", required=True), r.text("answer")
    return Question(asked, answer) if asked else None


def action_point(r: Reader) -> ActionPoint | None:
    text, action = r.text("text", required=True), r.text("action")
    return ActionPoint(text, action) if text else None


def disclosure(r: Reader, known: Known) -> Disclosure | None:
    who, interest = person(r, "person", known, required=True), r.text("interest", required=True)
    kind = r.text("kind")
    left = r.raw("left_room")
    if left is not None and not isinstance(left, bool):
        r.error("left_room", f"expected true or false, found {left!r}",
                "write true if the member left the room for the item, false if they "
                "stayed; leave it out if the minutes do not say")
        left = None
    concerns = tuple(ref for ref in (known.item_of_this_meeting(*written)
                                     for written in r.text_list_at("concerns")) if ref)
    return Disclosure(who, interest, kind, left, concerns) if who and interest else None


def closed_session(r: Reader) -> ClosedSession | None:
    return r.nested("closed_session", lambda sub: ClosedSession(
        exemption_paragraph(sub), sub.text("note"), sub.text("minutes")))


def exemption_paragraph(r: Reader) -> Exemption:
    """A closed session names its paragraph directly rather than under `exempt`."""
    paragraph = r.raw("paragraph", required=True)
    if paragraph in (None, "unknown"):
        return Exemption(None)
    if isinstance(paragraph, bool) or not isinstance(paragraph, int) or not 1 <= paragraph <= 7:
        r.error("paragraph", f"not a paragraph of Schedule 12A: {paragraph!r}",
                "write a number from 1 to 7, or 'unknown'")
        return Exemption(None)
    return Exemption(paragraph)


def minutes_approval(r: Reader, committee: str | None) -> MinutesApproval | None:
    if not r.has("meeting"):
        r.text("meeting", required=True)  # says what is missing, and where
        return None
    meeting = reference(r, "meeting", committee)
    corrections = r.text_list("corrections")
    if meeting is not None and meeting.by is not None:
        r.error("meeting", f"'{meeting.text}' names an item; minutes are approved a meeting "
                "at a time", "write the meeting alone: COMMITTEE/DATE")
        return None
    return MinutesApproval(meeting, corrections) if meeting else None


def approved_elsewhere(r: Reader) -> ApprovedElsewhere | None:
    return r.nested("minutes_approved", lambda sub: ApprovedElsewhere(
        sub.date("on", allow_unknown=True), sub.text("at"), sub.text_list("corrections")))


def added(r: Reader) -> Added | None:
    return r.nested("added", lambda sub: Added(
        sub.choice("kind", AddedKind) or AddedKind.SUPPLEMENTARY, sub.text("reason"),
        sub.date("published")))


def agenda_item(r: Reader, committee: str | None, known: Known) -> AgendaItem | None:
    section = r.text("section")
    number = r.integer("number")
    minute = known.minute_number(r)
    title = r.text("title", required=True)
    ref = r.text("reference")
    description = r.text("description")
    recommended = r.text("recommended")
    contacts = r.list_of("contacts", contact)
    docs = documents(r)
    previous = None
    previous_text = r.text("previous_reference")
    if previous_text:
        parsed = references.parse_minute_ref(previous_text)
        if isinstance(parsed, str):
            r.error("previous_reference", parsed,
                    f"write it as the papers do: {known.minute_reference_forms()}")
        else:
            previous = dataclasses.replace(parsed, position=r.value_position("previous_reference"))
    answers = reference(r, "answers", committee)
    minutes = r.text("minutes")
    questions = r.list_of("questions", question)
    points = r.list_of("action_points", action_point)
    disclosures = r.list_of("disclosures", lambda sub: disclosure(sub, known))
    closed = closed_session(r)
    resolutions = r.list_of("resolutions", resolution)
    action = r.text("action")
    approves = r.list_of("approves_minutes", lambda sub: minutes_approval(sub, committee))
    reason, alternatives = r.text("reason"), r.text("alternatives")
    supplement = added(r)
    if title is None:
        return None
    text_at = tuple((key, r.value_position(key)) for key in ("description", "recommended",
                                                            "minutes") if r.has(key))
    return AgendaItem(section, number, minute, title, ref, description, recommended, contacts,
                      docs, previous, answers, minutes, questions, points, disclosures, closed,
                      resolutions, action, r.position, approves, reason, alternatives,
                      supplement, text_at)


def agenda_front(r: Reader) -> AgendaFront | None:
    return r.nested("agenda", lambda sub: AgendaFront(
        optional_contact(sub, "from"), sub.list_of("contacts", contact),
        sub.datetime("register_to_speak_by"), sub.text_list("notes")))


def alternate(r: Reader, known: Known) -> Alternate | None:
    who = person(r, "person", known, required=True)
    replacing = person(r, "for", known)
    return Alternate(who, replacing) if who else None


def observer(r: Reader, known: Known) -> Observer | None:
    who, name, role = person(r, "person", known), r.text("name"), r.text("role")
    if not who and not name:
        r.diags.error(r.position, "an observer needs a 'person' or a 'name'", r.key_path)
        return None
    return Observer(who, name, role)


def attendance(r: Reader, known: Known) -> Attendance | None:
    return r.nested("attendance", lambda sub: Attendance(
        present=people_by_group(sub, "present", known),
        co_opted=people_ids(sub, "co_opted", known),
        alternates=sub.list_of("alternates", lambda x: alternate(x, known)),
        apologies=people_ids(sub, "apologies", known),
        observers=sub.list_of("observers", lambda x: observer(x, known)),
        officers=sub.list_of("officers", contact),
        chair=person(sub, "chair", known),
    ))


def meeting_status(r: Reader) -> MeetingStatus | None:
    return r.choice("status", MeetingStatus, required=True)


def membership(r: Reader, year: str, known: Known) -> Membership:
    return Membership(
        year=year,
        members=people_by_group(r, "members", known),
        alternates=people_by_group(r, "alternates", known),
        co_opted=r.list_of("co_opted", lambda sub: co_opted(sub, known)),
        chair=person(r, "chair", known),
        scrutiny_lead=r.text("scrutiny_lead"),
    )


def co_opted(r: Reader, known: Known) -> CoOptedMember | None:
    who = person(r, "person", known, required=True)
    voting = r.boolean("voting")
    represents = r.text("represents")
    return CoOptedMember(who, voting, represents) if who else None


def committee_kind(r: Reader) -> CommitteeKind | None:
    return r.choice("kind", CommitteeKind, required=True)


def numbering(r: Reader) -> Numbering:
    """How the committee numbers its minutes (Bradford's way unless it says)."""
    found = r.nested("minute_numbers", lambda sub: Numbering(
        sub.choice("restart", Restart) or Restart.MUNICIPAL_YEAR,
        _prefix(sub), sub.boolean("year_suffix")))
    return found or Numbering()


def _prefix(r: Reader) -> str:
    """The prefix as it stands before a number: letters end with a space ("CM 27/23")."""
    prefix = r.text("prefix") or ""
    if prefix[-1:].isalpha():
        prefix += " "
    if prefix and not numbering_rules.WRITTEN.match(f"{prefix}1"):
        r.error("prefix", f"'{prefix}' cannot start a minute number",
                "write the letters the papers put before the number, with the dot or "
                "space that follows them, e.g. \"E.\" or \"CM \"")
        return ""
    return prefix


def appendix(r: Reader, report_dir: PurePosixPath, texts: dict[str, str]) -> Appendix | None:
    label = r.text("label", required=True)
    title = r.text("title")
    file = r.text("file")
    shows = r.text("shows")
    exempt = exemption(r)
    if file and shows:
        r.error("shows", "an appendix has a 'file' or 'shows', not both")
    path = text = None
    if file:
        candidate = PurePosixPath(file)
        if candidate.is_absolute() or ".." in candidate.parts:
            r.error("file", f"'{file}' is outside the report's folder",
                    "name a file beside the report, e.g. 2021-07-29-A-appendix-1.md")
        else:
            path = (report_dir / candidate).as_posix()
            text = texts.get(path)
            if text is None:
                r.error("file", f"no file '{file}' beside this report",
                        suggest_file(file, report_dir, texts))
    if shows:
        words = shows.split()
        if len(words) != 2 or words[0] not in APPENDIX_PAGES or not (
            references.valid_municipal_year(words[1])
        ):
            r.error("shows", f"cannot show '{shows}'",
                    "write 'work-programme 2021/22', 'unscheduled 2021/22' or 'tracker 2020/21'")
            shows = None
    return Appendix(label, title, path, shows, exempt, text) if label else None


def attachment(r: Reader, folder: PurePosixPath, files: dict[str, int]) -> Attachment | None:
    """An original file beside the record, named relative to the record's folder."""
    title = r.text("title", required=True)
    file = r.text("file", required=True)
    exempt = exemption(r)
    if not (title and file):
        return None
    candidate = PurePosixPath(file)
    if candidate.is_absolute() or ".." in candidate.parts:
        r.error("file", f"'{file}' is outside this record's folder",
                "put the file beside the record and name it, e.g. agenda-pack.pdf")
        return None
    path = (folder / candidate).as_posix()
    if path not in files:
        r.error("file", f"no file '{file}' beside this record", suggest_file(file, folder, files))
        return None
    return Attachment(title, path, files[path], exempt)


def suggest_file(file: str, report_dir: PurePosixPath, texts: dict[str, object]) -> str:
    siblings = [PurePosixPath(p).name for p in texts if PurePosixPath(p).parent == report_dir]
    return suggest(file, siblings)


def planned_item(r: Reader, committee: str | None) -> PlannedItem | None:
    number = r.integer("number")
    title = r.text("title", required=True)
    description, author, comments = r.text("description"), r.text("author"), r.text("comments")
    origin = reference(r, "origin", committee)
    status = r.choice("status", PlannedItemStatus) or PlannedItemStatus.PLANNED
    moved_to = r.date("moved_to")
    if title is None:
        return None
    return PlannedItem(number, title, description, author, comments, origin, status, moved_to,
                       r.position)


def planned_meeting(r: Reader, committee: str | None) -> PlannedMeeting | None:
    day = r.date("date", required=True)
    venue = r.text("venue")
    briefing, deadline = r.date("chairs_briefing"), r.date("report_deadline")
    items = r.list_of("items", lambda sub: planned_item(sub, committee))
    if day is None:
        return None
    return PlannedMeeting(day, venue, briefing, deadline, items, r.position)


def review(r: Reader) -> ScrutinyReview | None:
    title = r.text("title", required=True)
    value = ScrutinyReview(title, r.text("description"), r.text("status"))
    return value if title else None


def work_programme_status(r: Reader) -> WorkProgrammeStatus | None:
    return r.choice("status", WorkProgrammeStatus)
