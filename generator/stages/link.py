"""Stage 3, link: resolve references and derive the links a clerk never writes twice.

Plain data in (the `Archive` and the build date), plain data out (`Links`); no files.
Derived here: which meeting approved whose minutes, which agenda items and work-programme
items answer which resolution, the status of every request as of the build date, and
where running-text references ("Minute 46 (2018/19)", Document "AD") point.
"""

from __future__ import annotations

import calendar
import datetime as dt
import enum
import re
from collections import defaultdict
from dataclasses import dataclass, field
from typing import NamedTuple

from generator.record.diagnostics import Diagnostics, Position
from generator.record.model import (
    AgendaItem,
    Archive,
    Disclosure,
    DueKind,
    Meeting,
    MeetingStatus,
    MinuteRef,
    PlannedItem,
    PlannedItemStatus,
    Reference,
    Resolution,
    Restart,
)
from generator.record.numbering import prefix_key, year_digits
from generator.record.references import DOCUMENT_IN_TEXT, minute_ref, minutes_in

# (meeting id, item index, resolution index): a resolution's place in the record.
ResolutionKey = tuple[str, int, int]
ItemKey = tuple[str, int]

# Wording recognised as approving minutes, a convenience: a clerk may always say which
# meeting's minutes an item approves (approves_minutes). "the minutes of the meeting
# held on 9 February 2022 be signed / were approved / be confirmed as a correct record".
_APPROVAL = re.compile(
    r"minutes of the (?:last |previous )?meeting held on (?:\w+day,? )?"
    r"(?P<day>\d{1,2})(?:st|nd|rd|th)? (?P<month>[A-Z][a-z]+),? (?P<year>\d{4}),? "
    r"(?:be|were|are|was|is) (?:signed|approved|confirmed|agreed)",
)
# Text that reads as approving minutes: where nothing is linked, papers check says so.
_READS_AS_APPROVAL = re.compile(
    r"\bminutes\b.*\b(?:correct|true|accurate)(?: and (?:correct|accurate))? record",
    re.IGNORECASE | re.DOTALL)
_MONTHS = {name: number for number, name in enumerate(calendar.month_name) if name}


class RequestStatus(enum.Enum):
    """Where a resolution's request stands on the build date."""

    MET = "met"
    OPEN = "open"
    OVERDUE = "overdue"
    WITHDRAWN = "withdrawn"
    NO_FURTHER_ACTION = "no further action"
    NOTHING_ASKED = "nothing asked"


class PlanOutcome(enum.Enum):
    """What became of a work-programme item, as far as the record shows."""

    CONSIDERED = "considered"  # an agenda item answers its origin
    PLANNED = "planned"  # its meeting is still to come
    OUTSTANDING = "outstanding"  # its meeting's record is here and does not show it taken
    NOT_RECORDED = "no record"  # its meeting has passed; that meeting's papers are not here
    UNSCHEDULED = "unscheduled"
    DEFERRED = "deferred"
    MOVED = "moved"
    WITHDRAWN = "withdrawn"


@dataclass(frozen=True)
class Approval:
    by_meeting: str
    by_item: int
    corrections: tuple[str, ...] = ()


@dataclass
class Links:
    """Everything derived; every mapping goes from a record to records it points to."""

    as_of: dt.date
    approvals: dict[str, Approval] = field(default_factory=dict)  # meeting -> who approved
    approves: dict[ItemKey, list[str]] = field(default_factory=dict)  # item -> meetings
    answered_by: dict[ResolutionKey, list[ItemKey]] = field(default_factory=dict)
    answers: dict[ItemKey, ResolutionKey] = field(default_factory=dict)
    planned_by: dict[ResolutionKey, list[tuple[str, PlannedItem]]] = field(default_factory=dict)
    # Planned items are keyed by id(): they are frozen records that live for the whole run.
    origins: dict[int, ResolutionKey] = field(default_factory=dict)
    landed: dict[int, list[ItemKey]] = field(default_factory=dict)
    plan_outcomes: dict[int, PlanOutcome] = field(default_factory=dict)
    due: dict[ResolutionKey, dt.date | None] = field(default_factory=dict)
    status: dict[ResolutionKey, RequestStatus] = field(default_factory=dict)
    # (committee, number, letter) -> every item minuted so, in date order
    minutes: dict[tuple[str, int, str], list[ItemKey]] = field(default_factory=dict)
    reports: dict[tuple[str, str], str] = field(default_factory=dict)  # (meeting, letter)
    meetings_by_committee: dict[str, list[Meeting]] = field(default_factory=dict)


def resolution_key(meeting: Meeting, item_index: int, resolution_index: int) -> ResolutionKey:
    return (meeting.id, item_index, resolution_index)


def link(archive: Archive, as_of: dt.date, diags: Diagnostics) -> Links:
    links = Links(as_of)
    by_committee: dict[str, list[Meeting]] = defaultdict(list)
    for meeting in archive.meetings.values():
        by_committee[meeting.committee].append(meeting)
    for meetings in by_committee.values():
        meetings.sort(key=lambda m: (m.date or dt.date.max, m.id))
        for meeting in meetings:
            for index, item in enumerate(meeting.items):
                if item.minute is not None:
                    links.minutes.setdefault((meeting.committee, *item.minute.key), []).append(
                        (meeting.id, index))
    links.meetings_by_committee = dict(by_committee)
    for report in archive.reports.values():
        links.reports[(report.meeting.meeting_id, report.letter)] = report.id

    _link_answers(archive, links, diags)
    _link_work_programmes(archive, links, diags)
    _link_approvals(archive, links, diags)
    _compute_statuses(archive, links)
    _check_text_references(archive, links, diags)
    return links


def resolve(archive: Archive, ref: Reference, diags: Diagnostics,
            position: Position | None) -> tuple[Meeting, int | None, int | None] | None:
    """Find what a reference points at: (meeting, item index, resolution index).

    A target outside the archive is a warning; a meeting in the archive that lacks the
    item or resolution is an error, since that is a typo rather than a gap."""
    position = ref.position or position or Position("")
    meeting = archive.meetings.get(ref.meeting_id)
    if meeting is None:
        diags.warning(position, f"'{ref.text}' is not in the archive",
                      hint="fine if its papers are not published here")
        return None
    if ref.by is None:
        return meeting, None, None
    if not meeting.items:
        diags.warning(position, f"the items of {meeting.id} are not in the archive")
        return None
    field_name = "number" if ref.by == "item" else "minute"
    index = item_index(meeting, ref)
    if index is None:
        known = [str(getattr(i, field_name)) for i in meeting.items
                 if getattr(i, field_name) is not None]
        diags.error(position, f"{meeting.id} has no {ref.by} {ref.number}{ref.letter}",
                    hint=f"known there: {', '.join(known)}" if known
                    else f"its items have no {field_name} numbers")
        return None
    item = meeting.items[index]
    if ref.resolution is None:
        return meeting, index, None
    for r_index, resolution in enumerate(item.resolutions):
        if (resolution.number or r_index + 1) == ref.resolution:
            return meeting, index, r_index
    diags.error(position, f"{ref.by} {ref.number}{ref.letter} of {meeting.id} has no resolution "
                f"{ref.resolution}", hint=f"it has {len(item.resolutions)}")
    return None


def minute_targets(archive: Archive, links: Links, ref: MinuteRef,
                   meeting: Meeting) -> list[ItemKey]:
    """The minutes a minute reference written at `meeting` can mean: of the committee its
    prefix names (else the meeting's own), narrowed by what it gives (a date, a month, a
    municipal year, "/YY"), else by the meeting's own numbering (its meeting, its year,
    or its committee's whole run). One is found; none or several are for a warning."""
    if ref.prefix:
        committees = [c.id for c in archive.committees.values()
                      if prefix_key(c.numbering.prefix) == ref.prefix]
    else:
        committees = [meeting.committee]
    found = [key for committee in committees
             for key in links.minutes.get((committee, *ref.key), [])]

    def fits(key: ItemKey) -> bool:
        target = archive.meetings[key[0]]
        day, year = target.date, target.municipal_year
        if ref.day or ref.month:
            return day is not None and (day == ref.day if ref.day
                                        else (day.year, day.month) == ref.month)
        if ref.year or ref.yy:
            return year is not None and (year == ref.year if ref.year
                                         else year_digits(year) == ref.yy)
        if target.committee != meeting.committee:
            return True
        restart = archive.committees[meeting.committee].numbering.restart
        if restart is Restart.MEETING:
            return target.id == meeting.id
        return restart is Restart.NEVER or year == meeting.municipal_year

    return [key for key in found if fits(key)]


def item_index(meeting: Meeting, ref: Reference) -> int | None:
    """Where in the meeting the item a reference names ('item 10', 'minute 294') is."""
    for index, item in enumerate(meeting.items):
        if (item.number == ref.number if ref.by == "item"
                else item.minute is not None and item.minute.key == (ref.number, ref.letter)):
            return index
    return None


def _resolution(archive: Archive, ref: Reference, diags: Diagnostics,
                position: Position) -> ResolutionKey | None:
    """The resolution a reference names, or None (a whole item or meeting, or not found)."""
    target = resolve(archive, ref, diags, position)
    if target is None or target[1] is None or target[2] is None:
        return None
    return (target[0].id, target[1], target[2])


def _link_answers(archive: Archive, links: Links, diags: Diagnostics) -> None:
    for meeting in archive.meetings.values():
        for index, item in enumerate(meeting.items):
            key = item.answers and _resolution(archive, item.answers, diags, item.position)
            if key:
                links.answered_by.setdefault(key, []).append((meeting.id, index))
                links.answers[(meeting.id, index)] = key
    # A report may name the resolution it answers itself; its agenda item then answers it.
    for report in archive.reports.values():
        key = report.answers and _resolution(archive, report.answers, diags, report.position)
        meeting = archive.meetings.get(report.meeting.meeting_id)
        if not key or meeting is None:
            continue
        index = next(i for i, item in enumerate(meeting.items)
                     if any(doc.letter == report.letter for doc in item.documents))
        if (meeting.id, index) not in links.answers:
            links.answered_by.setdefault(key, []).append((meeting.id, index))
            links.answers[(meeting.id, index)] = key


def _link_work_programmes(archive: Archive, links: Links, diags: Diagnostics) -> None:
    for programme in archive.work_programmes.values():
        planned = [(m.date, item) for m in programme.meetings for item in m.items]
        for day, item in [*planned, *((None, item) for item in programme.unscheduled)]:
            key = item.origin and _resolution(archive, item.origin, diags, item.position)
            if key:
                links.planned_by.setdefault(key, []).append((programme.id, item))
                links.origins[id(item)] = key
                links.landed[id(item)] = list(links.answered_by.get(key, []))
            links.plan_outcomes[id(item)] = _plan_outcome(item, day, programme.committee, links)


def _plan_outcome(item: PlannedItem, day: dt.date | None, committee: str,
                  links: Links) -> PlanOutcome:
    if item.status is not PlannedItemStatus.PLANNED:
        return PlanOutcome(item.status.value)
    if links.landed.get(id(item)):
        return PlanOutcome.CONSIDERED
    if day is None:
        return PlanOutcome.UNSCHEDULED
    if day >= links.as_of:
        return PlanOutcome.PLANNED
    record = next((m for m in links.meetings_by_committee.get(committee, []) if m.date == day),
                  None)
    if record is None or not record.items:
        return PlanOutcome.NOT_RECORDED
    # Only an item whose origin we know can be shown to have been taken; without one,
    # the record cannot say, and "outstanding" would be a guess.
    return PlanOutcome.OUTSTANDING if item.origin else PlanOutcome.PLANNED


def _parse_long_date(match: re.Match) -> dt.date | None:
    month = _MONTHS.get(match.group("month"))
    if month is None:
        return None
    try:
        return dt.date(int(match.group("year")), month, int(match.group("day")))
    except ValueError:
        return None


def _link_approvals(archive: Archive, links: Links, diags: Diagnostics) -> None:
    """Which item approved which meeting's minutes: as the clerk wrote it (an item's
    approves_minutes), or else as its resolution words it. A resolution that reads as
    approving minutes with nothing linked is a warning: a page would otherwise go on
    calling approved minutes a draft."""
    for meeting in archive.meetings.values():
        if meeting.status is not MeetingStatus.HELD:
            continue
        for index, item in enumerate(meeting.items):
            if item.approves_minutes:
                for approval in item.approves_minutes:
                    target = archive.meetings.get(approval.meeting.meeting_id)
                    if target is None:
                        diags.warning(approval.meeting.position, f"the meeting "
                                      f"{approval.meeting.meeting_id} whose minutes this "
                                      "approves is not in the archive")
                        continue
                    _approve(links, target.id, Approval(meeting.id, index,
                                                        approval.corrections), diags,
                             approval.meeting.position)
                continue
            for resolution in item.resolutions:
                match = _APPROVAL.search(resolution.text)
                if not match:
                    if _READS_AS_APPROVAL.search(resolution.text):
                        diags.warning(resolution.position, "this reads as approving minutes, "
                                      "but names no meeting held on a date written as "
                                      "'9 February 2022'", hint="say which: approves_minutes: "
                                      "[{meeting: COMMITTEE/DATE}] on the item")
                    continue
                day = _parse_long_date(match)
                target = next((m for m in links.meetings_by_committee.get(meeting.committee, [])
                               if m.date == day), None)
                if target is None:
                    held_on = day.isoformat() if day else "that date"
                    diags.warning(resolution.position, f"the meeting of {held_on} whose minutes "
                                  "this approves is not in the archive", hint="if it was "
                                  "another committee's, say so: approves_minutes: "
                                  "[{meeting: COMMITTEE/DATE}] on the item")
                    continue
                _approve(links, target.id, Approval(meeting.id, index), diags,
                         resolution.position)


def _approve(links: Links, target: str, approval: Approval, diags: Diagnostics,
             position: Position | None) -> None:
    earlier = links.approvals.get(target)
    if earlier is not None and (earlier.by_meeting, earlier.by_item) != (
            approval.by_meeting, approval.by_item):
        diags.warning(position, f"the minutes of {target} are already approved at "
                      f"{earlier.by_meeting}; each meeting's minutes are approved once")
        return
    links.approvals[target] = approval
    approved = links.approves.setdefault((approval.by_meeting, approval.by_item), [])
    if target not in approved:
        approved.append(target)


@dataclass(frozen=True)
class MinutesStanding:
    """Where a held meeting's minutes stand, as the record shows on the build date.

    kind: "approved" (at `approval`, in this archive), "approved elsewhere" (the meeting
    says so), "draft" (no approval yet, and the committee's next meeting, `pending_at`,
    is still to come), or "not recorded" (that meeting has been held, or none is known,
    and no approval is recorded here). Never "draft" after the meeting that would have
    approved them: the papers did not say so."""

    kind: str
    approval: Approval | None = None
    pending_at: Meeting | None = None


def minutes_standing(meeting: Meeting, links: Links) -> MinutesStanding:
    approval = links.approvals.get(meeting.id)
    if approval is not None:
        return MinutesStanding("approved", approval)
    if meeting.minutes_approved is not None:
        return MinutesStanding("approved elsewhere")
    # The committee's meetings are in date order: the first later one that takes place.
    following = next((m for m in links.meetings_by_committee.get(meeting.committee, [])
                      if m.date and meeting.date and m.date > meeting.date
                      and m.status not in (MeetingStatus.CANCELLED, MeetingStatus.MOVED)),
                     None)
    if following is not None and following.date >= links.as_of:
        return MinutesStanding("draft", pending_at=following)
    return MinutesStanding("not recorded")


def _add_months(day: dt.date, months: int) -> dt.date:
    month_index = day.month - 1 + months
    year, month = day.year + month_index // 12, month_index % 12 + 1
    return dt.date(year, month, min(day.day, calendar.monthrange(year, month)[1]))


def due_date(meeting: Meeting, resolution: Resolution, links: Links) -> dt.date | None:
    """The last day a request can be met on time, or None when it names no time."""
    due = resolution.request.due if resolution.request else None
    if due is None:
        return None
    if due.kind is DueKind.DATE:
        return due.date
    if due.kind is DueKind.MONTH and due.date:
        last = calendar.monthrange(due.date.year, due.date.month)[1]
        return due.date.replace(day=last)
    if due.kind is DueKind.MONTHS_AFTER and meeting.date and due.months:
        return _add_months(meeting.date, due.months)
    if due.kind is DueKind.NEXT_MEETING and meeting.date:
        later = [m.date for m in links.meetings_by_committee.get(meeting.committee, [])
                 if m.date and m.date > meeting.date and m.status is not MeetingStatus.CANCELLED]
        return later[0] if later else None
    return None


def _compute_statuses(archive: Archive, links: Links) -> None:
    for meeting in archive.meetings.values():
        for index, item in enumerate(meeting.items):
            for r_index, resolution in enumerate(item.resolutions):
                key = (meeting.id, index, r_index)
                links.due[key] = due_date(meeting, resolution, links)
                links.status[key] = _status(archive, links, key, resolution)


def _status(archive: Archive, links: Links, key: ResolutionKey,
            resolution: Resolution) -> RequestStatus:
    if resolution.withdrawn:
        return RequestStatus.WITHDRAWN
    for meeting_id, _index in links.answered_by.get(key, []):
        answering = archive.meetings[meeting_id]
        if answering.status is MeetingStatus.HELD or (
            answering.date and answering.date <= links.as_of
        ):
            return RequestStatus.MET
    if resolution.request is None:
        if resolution.outcome and "no further action" in resolution.outcome.lower():
            return RequestStatus.NO_FURTHER_ACTION
        return RequestStatus.NOTHING_ASKED
    due = links.due[key]
    if due is not None and due < links.as_of:
        return RequestStatus.OVERDUE
    return RequestStatus.OPEN


class Placed(NamedTuple):
    """A text and where it starts in its file. `lines`: the text's lines are the file's,
    from that place on (a block scalar, a report's body), so a place inside it can be
    worked out exactly; else only its start is known."""

    text: str
    at: Position
    lines: bool = False

    def place(self, index: int) -> Position:
        """Where the character at `index` of the text stands in the file."""
        before = self.text[:index]
        if not self.lines:
            return self.at
        line_start = before.rfind("\n") + 1  # each line of the text is indented alike
        return Position(self.at.path, self.at.line + before.count("\n"),
                        self.at.column + index - line_start)


def item_texts(item: AgendaItem) -> list[Placed]:
    """The item's Markdown texts, each where it stands: a text of several lines written
    with '|' starts on the line after its key, indented two more than the item."""
    placed = []
    at = dict(item.text_at)
    for key, text in (("description", item.description), ("recommended", item.recommended),
                      ("minutes", item.minutes)):
        if text:
            where = at.get(key, item.position)
            if "\n" in text:  # a block ('|' keeps its final line break)
                indent = item.position.column + 2
                placed.append(Placed(text, Position(where.path, where.line + 1, indent), True))
            else:
                placed.append(Placed(text, where))
    placed += [Placed(r.text, r.position) for r in item.resolutions if r.text]
    return placed


def _check_text_references(archive: Archive, links: Links, diags: Diagnostics) -> None:
    """Warn where running text names a minute or document that is not in the archive."""
    for meeting in archive.meetings.values():
        letters = {d.letter for item in meeting.items for d in item.documents}
        for item in meeting.items:
            for placed in item_texts(item):
                _check_text(placed, meeting, letters, archive, links, diags)
            _check_concerns(meeting, item.disclosures, diags)
            ref = item.previous_reference
            if ref:
                _check_minute(ref, meeting, ref.position or item.position, archive, links,
                              diags, f"the previous reference, {ref.text},",
                              "the page shows it as plain text")
        _check_concerns(meeting, meeting.disclosures, diags)
    for report in archive.reports.values():
        meeting = archive.meetings.get(report.meeting.meeting_id)
        if meeting is not None:
            letters = {d.letter for item in meeting.items for d in item.documents}
            body = Placed(report.body, Position(report.position.path, report.body_line, 1),
                          bool(report.body_line))
            _check_text(body, meeting, letters, archive, links, diags)


def _check_concerns(meeting: Meeting, disclosures: tuple[Disclosure, ...],
                    diags: Diagnostics) -> None:
    for disclosure in disclosures:
        for ref in disclosure.concerns:
            if item_index(meeting, ref) is None:
                diags.warning(ref.position or meeting.position, f"the {ref.text} this "
                              "disclosure concerns is not in this meeting's record",
                              hint="fine if its minutes are not transcribed; it is shown as "
                              "plain text")


def _check_minute(ref: MinuteRef, meeting: Meeting, position: Position, archive: Archive,
                  links: Links, diags: Diagnostics, named: str, hint: str) -> None:
    """Warn where a minute reference finds no minute, or more than one."""
    targets = minute_targets(archive, links, ref, meeting)
    if len(targets) > 1:
        diags.warning(position, f"{named} could be a minute of any of "
                      f"{', '.join(key[0] for key in targets)}",
                      hint="name the meeting, e.g. 'minute 12 of 9 March 2022'; " + hint)
    elif not targets:
        diags.warning(position, f"{named} is not in the archive", hint=hint)


def _check_text(placed: Placed, meeting: Meeting, letters: set[str], archive: Archive,
                links: Links, diags: Diagnostics) -> None:
    for match in minutes_in(placed.text):
        ref = minute_ref(match)
        position = placed.place(match.start())
        if isinstance(ref, str):
            diags.warning(position, ref, hint="it stays plain text")
        else:
            _check_minute(ref, meeting, position, archive, links, diags,
                          f"'{ref.text}' in the text", "it stays plain text")
    for match in DOCUMENT_IN_TEXT.finditer(placed.text):
        if match.group("letter") not in letters:
            diags.warning(placed.place(match.start()), f"'{match.group(0)}' in the text is "
                          "not a document of this meeting", hint="it stays plain text")

