"""The record: one frozen dataclass per civic concept, as the papers describe them.

Frozen dataclasses rather than pydantic: the validator reads the ruamel.yaml tree
itself (see `reader.py`) so every message carries the clerk's line and column and a
hint in plain words; the model only has to hold checked values. Values a source does not
give are None ("unknown"), never a guess.
"""

from __future__ import annotations

import datetime as dt
import enum
from dataclasses import dataclass, field

from generator.record.diagnostics import Position


class CommitteeKind(enum.Enum):
    """What sort of body it is."""

    COMMITTEE = "committee"
    PANEL = "panel"
    BOARD = "board"


class MeetingStatus(enum.Enum):
    """Where a meeting is in its life."""

    SCHEDULED = "scheduled"  # in the calendar, no papers yet
    AGENDA_PUBLISHED = "agenda-published"  # the agenda and reports are out
    HELD = "held"  # it took place; minutes may follow
    CANCELLED = "cancelled"
    MOVED = "moved"  # to another date (`moved_to`)


class WorkProgrammeStatus(enum.Enum):
    DRAFT = "draft"
    AGREED = "agreed"


class PlannedItemStatus(enum.Enum):
    """What became of an item a work programme planned."""

    PLANNED = "planned"
    DEFERRED = "deferred"
    MOVED = "moved"
    WITHDRAWN = "withdrawn"


class DueKind(enum.Enum):
    """How a resolution says when the thing it asks for is due."""

    DATE = "date"  # by a day
    MONTH = "month"  # "in December 2022": by the end of that month
    MONTHS_AFTER = "months-after"  # "in 12 months"
    NEXT_MEETING = "next-meeting"
    UNSPECIFIED = "unspecified"  # "as soon as possible", "in the future"


@dataclass(frozen=True)
class Contact:
    """A named officer with their role and how to reach them."""

    name: str
    role: str | None = None
    phone: str | None = None
    email: str | None = None


@dataclass(frozen=True)
class Person:
    """A councillor or co-opted member named in the papers."""

    id: str
    name: str
    title: str | None
    notes: str | None
    position: Position

    @property
    def display_name(self) -> str:
        return f"{self.title} {self.name}" if self.title else self.name


@dataclass(frozen=True)
class CoOptedMember:
    """A member who is not a councillor, and whom they represent."""

    person: str
    voting: bool
    represents: str | None


@dataclass(frozen=True)
class Membership:
    """Who sat on a committee in one municipal year."""

    year: str
    members: dict[str, tuple[str, ...]]  # political group heading -> person ids
    alternates: dict[str, tuple[str, ...]]
    co_opted: tuple[CoOptedMember, ...]
    chair: str | None
    scrutiny_lead: str | None


class Restart(enum.Enum):
    """When a committee's minute numbers start again from 1."""

    MUNICIPAL_YEAR = "each-municipal-year"  # Bradford: 86 in March, 1 again in June
    MEETING = "each-meeting"  # Lancashire's Cabinet: 1, 2, 3 at every meeting
    NEVER = "never"  # Hillingdon's Cabinet: on from 276 to 413 across the years


@dataclass(frozen=True)
class Numbering:
    """How a committee numbers its minutes: when numbers restart, a prefix written before
    the number ("E." in "E.91/23", "CM " in "CM 27/23") and whether "/YY", the last two
    digits of the year the municipal year starts, follows it. Any number may carry a
    letter for an item added later ("7A")."""

    restart: Restart = Restart.MUNICIPAL_YEAR
    prefix: str = ""
    year_suffix: bool = False


@dataclass(frozen=True, order=True)
class MinuteNumber:
    """A minute's number: compared by number and letter; `text` is how it is shown, in
    its committee's form ("E.91/23", "7A", "86")."""

    number: int
    letter: str = ""
    text: str = field(default="", compare=False)

    def __str__(self) -> str:
        return self.text or f"{self.number}{self.letter}"

    @property
    def key(self) -> tuple[int, str]:
        return (self.number, self.letter)


@dataclass(frozen=True)
class Committee:
    """A committee, panel or board of the council."""

    id: str
    name: str
    short_name: str | None
    kind: CommitteeKind
    contacts: tuple[Contact, ...]
    years: tuple[Membership, ...]
    position: Position
    numbering: Numbering = Numbering()


@dataclass(frozen=True)
class Exemption:
    """Not for publication under a paragraph of Schedule 12A, LGA 1972 (None: unknown)."""

    paragraph: int | None


@dataclass(frozen=True)
class Due:
    """When something a resolution asks for is due."""

    kind: DueKind
    date: dt.date | None = None  # DATE, or the first day of MONTH
    months: int | None = None  # MONTHS_AFTER


@dataclass(frozen=True)
class Request:
    """What a resolution asks for (a report, an update) and by when."""

    what: str
    due: Due


@dataclass(frozen=True)
class Resolution:
    """One thing resolved, numbered within its minute."""

    number: int | None
    text: str
    action: str | None
    request: Request | None
    outcome: str | None
    withdrawn: bool
    position: Position
    reason: str | None = None  # the reason for the decision (Markdown)
    alternatives: str | None = None  # the alternative options considered (Markdown)


@dataclass(frozen=True)
class DocumentRef:
    """A document presented with an agenda item: its letter, title and pages."""

    letter: str
    title: str | None
    pages: str | None
    exempt: Exemption | None
    position: Position


@dataclass(frozen=True)
class Question:
    question: str
    answer: str | None


@dataclass(frozen=True)
class ActionPoint:
    text: str
    action: str | None


@dataclass(frozen=True)
class Disclosure:
    """A member's disclosure of an interest: in the item it is recorded under, or in the
    items of its meeting it names ("in the Kent Minerals and Waste Local Plan (item 10)",
    declared under Declarations of Interest)."""

    person: str
    interest: str  # what the interest is, as the minutes say
    kind: str | None = None  # disclosable pecuniary, other registrable, non-registrable…
    left_room: bool | None = None  # None: the minutes do not say
    concerns: tuple[Reference, ...] = ()  # items of the same meeting


@dataclass(frozen=True)
class ClosedSession:
    """The meeting went into private session: a public note and exempt minutes."""

    exemption: Exemption
    note: str | None
    minutes: str | None  # never published


@dataclass(frozen=True)
class Reference:
    """A parsed reference to a meeting, an item in it, or a resolution of that item."""

    committee: str
    meeting: str  # meeting id within the committee (the file stem)
    by: str | None = None  # "item" or "minute"
    number: int | None = None
    resolution: int | None = None
    text: str = ""
    position: Position | None = field(default=None, compare=False)
    letter: str = ""  # of a minute number, "7A"

    @property
    def meeting_id(self) -> str:
        return f"{self.committee}/{self.meeting}"


@dataclass(frozen=True)
class MinuteRef:
    """A minute named as papers name it. Besides its number (and letter), what narrows
    it down: a committee's prefix ("Minute E.11/24"), the year's two digits, a
    municipal year ("Minute 46 (2018/19)"), a month ("Minute 111 – March 2017") or a
    meeting's date ("minute 12 of 9 March 2022"). With none of these ("Minute 8") it is
    a minute of the referring meeting's own numbering: its meeting, year or run."""

    number: int
    letter: str = ""
    prefix: str = ""  # as normalised by numbering.prefix_key
    yy: str | None = None
    year: str | None = None
    month: tuple[int, int] | None = None  # (year, month)
    day: dt.date | None = None
    text: str = ""
    position: Position | None = field(default=None, compare=False)

    @property
    def key(self) -> tuple[int, str]:
        return (self.number, self.letter)


@dataclass(frozen=True)
class MinutesApproval:
    """An item's approval of one meeting's minutes, as the clerk wrote it: of this
    committee or another (a successor approving its predecessor's last minutes), as a
    correct record or with corrections (each as the minutes record it)."""

    meeting: Reference
    corrections: tuple[str, ...] = ()


@dataclass(frozen=True)
class ApprovedElsewhere:
    """A meeting's minutes approved outside this archive: when (if known) and where (a
    meeting or body, as the papers give it)."""

    on: dt.date | None
    at: str | None
    corrections: tuple[str, ...] = ()


class AddedKind(enum.Enum):
    """How an item came onto an agenda after it was published."""

    SUPPLEMENTARY = "supplementary"  # in a supplementary agenda
    URGENT = "urgent"  # urgent business the chair agreed to take


@dataclass(frozen=True)
class Added:
    """An item added after the agenda was published: how, why (the chair's reason for
    urgency, as the minutes give it) and when its papers were published."""

    kind: AddedKind
    reason: str | None
    published: dt.date | None


@dataclass(frozen=True)
class AgendaItem:
    """An item of business on an agenda, and once held its minutes."""

    section: str | None
    number: int | None
    minute: MinuteNumber | None
    title: str
    reference: str | None
    description: str | None
    recommended: str | None
    contacts: tuple[Contact, ...]
    documents: tuple[DocumentRef, ...]
    previous_reference: MinuteRef | None
    answers: Reference | None
    minutes: str | None
    questions: tuple[Question, ...]
    action_points: tuple[ActionPoint, ...]
    disclosures: tuple[Disclosure, ...]
    closed_session: ClosedSession | None
    resolutions: tuple[Resolution, ...]
    action: str | None
    position: Position
    approves_minutes: tuple[MinutesApproval, ...] = ()
    reason: str | None = None  # the reason for the item's decisions (Markdown)
    alternatives: str | None = None  # the alternative options considered (Markdown)
    added: Added | None = None  # an item added after the agenda was published
    # Where each Markdown text of the item starts (field name, position of its value), so
    # what is found in the text is reported at its own line.
    text_at: tuple[tuple[str, Position], ...] = ()


@dataclass(frozen=True)
class Alternate:
    person: str
    replacing: str | None


@dataclass(frozen=True)
class Observer:
    person: str | None
    name: str | None
    role: str | None


@dataclass(frozen=True)
class Attendance:
    """Who was at a meeting, as its minutes record them."""

    present: dict[str, tuple[str, ...]]
    co_opted: tuple[str, ...]
    alternates: tuple[Alternate, ...]
    apologies: tuple[str, ...]
    observers: tuple[Observer, ...]
    officers: tuple[Contact, ...]
    chair: str | None


@dataclass(frozen=True)
class AgendaFront:
    """The agenda's front page."""

    sender: Contact | None
    contacts: tuple[Contact, ...]
    register_to_speak_by: dt.datetime | dt.date | None
    notes: tuple[str, ...]


@dataclass(frozen=True)
class Meeting:
    """A meeting of a committee: its agenda and, once held, its minutes."""

    id: str  # committee/stem
    committee: str
    date: dt.date | None
    municipal_year: str | None
    start: dt.time | None
    venue: str | None
    status: MeetingStatus
    moved_to: dt.date | None
    commenced: dt.time | None
    concluded: dt.time | None
    notes: tuple[str, ...]
    agenda: AgendaFront | None
    attendance: Attendance | None
    items: tuple[AgendaItem, ...]
    attachments: tuple[Attachment, ...]
    position: Position
    minutes_approved: ApprovedElsewhere | None = None
    disclosures: tuple[Disclosure, ...] = ()  # for the whole meeting, not one item

    @property
    def stem(self) -> str:
        return self.id.split("/", 1)[1]


@dataclass(frozen=True)
class Attachment:
    """An original file published with a meeting or report: a PDF agenda pack, say."""

    title: str  # what the link says: the document's name
    path: str  # relative to content/
    size: int  # bytes
    exempt: Exemption | None

    @property
    def kind(self) -> str:
        """The file type as a reader would name it: PDF, Word, Excel."""
        suffix = self.path.rsplit(".", 1)[-1].lower() if "." in self.path else ""
        return FILE_KINDS.get(suffix, suffix.upper() or "file")


FILE_KINDS = {
    "pdf": "PDF", "doc": "Word", "docx": "Word", "odt": "OpenDocument text",
    "xls": "Excel", "xlsx": "Excel", "ods": "OpenDocument spreadsheet", "csv": "CSV",
    "ppt": "PowerPoint", "pptx": "PowerPoint", "txt": "text", "rtf": "RTF",
    "png": "PNG image", "jpg": "JPEG image", "jpeg": "JPEG image", "mp3": "MP3 audio",
    "mp4": "MP4 video", "zip": "ZIP archive",
}


@dataclass(frozen=True)
class Appendix:
    label: str
    title: str | None
    file: str | None  # path relative to content/
    shows: str | None  # "work-programme 2021/22" and the like
    exempt: Exemption | None
    text: str | None  # the file's Markdown, when it is in the archive


@dataclass(frozen=True)
class Report:
    """A document presented to a meeting under a letter."""

    id: str  # committee/meeting-stem-LETTER
    meeting: Reference
    letter: str
    title: str
    author: str | None
    officer: Contact | None
    summary: str | None
    equality: str | None
    portfolio: str | None
    scrutiny_area: str | None
    contact: Contact | None
    recommendations: tuple[str, ...]
    pages: str | None
    answers: Reference | None
    exempt: Exemption | None
    appendices: tuple[Appendix, ...]
    attachments: tuple[Attachment, ...]
    body: str
    position: Position
    body_line: int = 0  # the file's line the body starts on


@dataclass(frozen=True)
class PlannedItem:
    """An item a work programme plans for a meeting (or leaves unscheduled)."""

    number: int | None
    title: str
    description: str | None
    author: str | None
    comments: str | None
    origin: Reference | None
    status: PlannedItemStatus
    moved_to: dt.date | None
    position: Position


@dataclass(frozen=True)
class PlannedMeeting:
    date: dt.date
    venue: str | None
    chairs_briefing: dt.date | None
    report_deadline: dt.date | None
    items: tuple[PlannedItem, ...]
    position: Position


@dataclass(frozen=True)
class ScrutinyReview:
    title: str
    description: str | None
    status: str | None


@dataclass(frozen=True)
class WorkProgramme:
    """A committee's plan for a municipal year."""

    id: str  # committee/2021-22
    committee: str
    municipal_year: str
    status: WorkProgrammeStatus | None
    scrutiny_lead: str | None
    meetings: tuple[PlannedMeeting, ...]
    unscheduled: tuple[PlannedItem, ...]
    reviews: tuple[ScrutinyReview, ...]
    position: Position


@dataclass(frozen=True)
class Archive:
    """Every record, checked; the input to the link stage."""

    people: dict[str, Person]
    committees: dict[str, Committee]
    meetings: dict[str, Meeting]
    reports: dict[str, Report]
    work_programmes: dict[str, WorkProgramme]
