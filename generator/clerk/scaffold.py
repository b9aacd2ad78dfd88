"""`papers new`: start a meeting, a report or a meeting's minutes from what the archive knows.

Each maker reads the checked archive, builds a ruamel.yaml tree and writes it in the house
style of `fmt.py`. Facts come only from the archive (the work programme, the previous
meeting, the committee); where it does not say, the file says `unknown` or leaves the field
out. Nothing is ever overwritten: a new file must not exist yet, and minutes are only
added to a meeting that has none.
"""

from __future__ import annotations

import datetime as dt
import os
import tempfile
from dataclasses import dataclass, field
from pathlib import Path

from ruamel.yaml.comments import CommentedMap, CommentedSeq

from generator.clerk import fmt
from generator.record import numbering
from generator.record.diagnostics import suggest
from generator.record.model import (
    AgendaItem,
    Archive,
    Meeting,
    MeetingStatus,
    Numbering,
    PlannedMeeting,
    Restart,
    WorkProgramme,
)
from generator.record.references import municipal_year, parse_reference, year_slug

PROCEDURAL = "A. Procedural items"
ACTIVITIES = "B. Overview and scrutiny activities"
# The standing procedural items, in agenda order, with the reference the agenda gives.
STANDARD_ITEMS = (
    ("Alternate members", "Standing Order 34"),
    ("Disclosures of interest", None),
    ("Minutes", None),
    ("Inspection of reports and background papers", None),
    ("Referrals to the Overview and Scrutiny Committee", None),
)
ITEM_INDENT = 4  # keys of an agenda item sit under "  - "


class ScaffoldError(Exception):
    """A file cannot be made; the message says why and what to do instead."""


@dataclass
class Made:
    """What a maker wrote, and what the clerk should know about it."""

    path: Path
    notes: list[str] = field(default_factory=list)
    verb: str = "Made"


def shown(path: Path, content_dir: Path) -> str:
    """A path as messages name it: from the project folder, content/..."""
    try:
        return path.relative_to(content_dir.parent).as_posix()
    except ValueError:
        return path.as_posix()


def create_new(path: Path, text: str, content_dir: Path) -> None:
    """Write a file that must not exist yet. Linking a finished temporary file into place
    fails if the name is taken, so even a race never overwrites anything."""
    path.parent.mkdir(parents=True, exist_ok=True)
    handle, temp = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=path.parent)
    try:
        with os.fdopen(handle, "w", encoding="utf-8", newline="\n") as out:
            out.write(text)
        os.chmod(temp, 0o644)
        os.link(temp, path)
    except FileExistsError:
        raise ScaffoldError(f"{shown(path, content_dir)} already exists; it was left as it "
                            "is") from None
    finally:
        Path(temp).unlink(missing_ok=True)


def long_date(day: dt.date) -> str:
    """'9 February 2022', as the papers write dates in running text."""
    return f"{day.day} {day:%B %Y}"


# -- new meeting --------------------------------------------------------------------------


def _committee_or_error(archive: Archive, committee: str) -> None:
    if committee not in archive.committees:
        hint = suggest(committee, archive.committees) or "add it to content/committees/"
        raise ScaffoldError(f"unknown committee '{committee}' ({hint})")


def _plan_for(archive: Archive, committee: str, day: dt.date
              ) -> tuple[WorkProgramme | None, PlannedMeeting | None]:
    programme = archive.work_programmes.get(f"{committee}/{year_slug(municipal_year(day))}")
    if programme is None:
        return None, None
    return programme, next((m for m in programme.meetings if m.date == day), None)


def previous_meeting(archive: Archive, committee: str, day: dt.date) -> Meeting | None:
    """The last meeting of the committee before a date that was not cancelled or moved."""
    earlier = [m for m in archive.meetings.values()
               if m.committee == committee and m.date and m.date < day
               and m.status not in (MeetingStatus.CANCELLED, MeetingStatus.MOVED)]
    return max(earlier, key=lambda m: m.date, default=None)


def _latest_wording(archive: Archive, committee: str, day: dt.date, title: str
                    ) -> AgendaItem | None:
    """The same standing item on the committee's latest earlier agenda, to copy its words."""
    meetings = sorted((m for m in archive.meetings.values()
                       if m.committee == committee and m.date and m.date < day),
                      key=lambda m: m.date, reverse=True)
    for meeting in meetings:
        for item in meeting.items:
            if item.title.casefold() == title.casefold() and item.description:
                return item
    return None


def _contacts(author: str | None) -> CommentedSeq | None:
    """'Mark Douglas/Irfan Alam.' -> one contact each."""
    names = [name.strip().rstrip(".").strip() for name in (author or "").split("/")]
    names = [name for name in names if name]
    if not names:
        return None
    seq = CommentedSeq()
    for name in names:
        contact = CommentedMap()
        contact["name"] = name
        seq.append(contact)
    return seq


def _standard_items(archive: Archive, committee: str, day: dt.date, notes: list[str]
                    ) -> list[CommentedMap]:
    items = []
    previous = previous_meeting(archive, committee, day)
    for title, reference in STANDARD_ITEMS:
        item = CommentedMap()
        item["section"] = PROCEDURAL
        item["number"] = len(items) + 1
        item["title"] = title
        earlier = _latest_wording(archive, committee, day, title)
        if reference or (earlier and earlier.reference):
            item["reference"] = reference or earlier.reference
        if earlier and earlier.description:
            item["description"] = fmt.block_text(earlier.description)
        if title == "Minutes":
            if previous is not None:
                item["recommended"] = (f"That the minutes of the meeting held on "
                                       f"{long_date(previous.date)} be signed as a correct record.")
            else:
                item.yaml_set_comment_before_after_key(
                    "title", before="No earlier meeting of this committee is in the archive: "
                    "add 'recommended:' naming the meeting whose minutes are approved.",
                    indent=ITEM_INDENT)
                notes.append("no earlier meeting is in the archive, so the Minutes item "
                             "names none: fill it in")
        items.append(item)
    return items


def _planned_items(plan: PlannedMeeting, first_number: int
                   ) -> list[tuple[CommentedMap, str | None]]:
    """Each planned item as an agenda item, with the plan's comments on it."""
    items = []
    for planned in plan.items:
        if planned.status.value != "planned":
            continue
        item = CommentedMap()
        item["section"] = ACTIVITIES
        item["number"] = first_number + len(items)
        item["title"] = planned.title.strip().rstrip(".").strip() or planned.title
        if planned.description:
            item["description"] = fmt.block_text(planned.description)
        contacts = _contacts(planned.author)
        if contacts:
            item["contacts"] = contacts
        if planned.origin:
            item["answers"] = planned.origin.text
        comment = f"Work programme: {planned.comments}" if planned.comments else None
        items.append((item, comment))
    return items


def meeting_tree(archive: Archive, committee: str, day: dt.date, plan: PlannedMeeting | None,
                 programme: WorkProgramme | None, notes: list[str]) -> CommentedMap:
    """The new meeting file as a tree: procedural items, then the planned items."""
    meeting = CommentedMap()
    meeting["committee"] = committee
    meeting["date"] = day.isoformat()
    meeting["start"] = "unknown"
    meeting["venue"] = (plan.venue if plan and plan.venue else "unknown")
    meeting["status"] = "scheduled"
    items = [(item, None) for item in _standard_items(archive, committee, day, notes)]
    if plan is not None:
        items += _planned_items(plan, len(items) + 1)
    seq = CommentedSeq(item for item, _comment in items)
    for index, (_item, comment) in enumerate(items):
        if index < len(items) - 1:
            fmt.blank_line_after(seq, index)
        if comment:
            seq.yaml_set_comment_before_after_key(index, before=comment, indent=2)
    meeting["items"] = seq
    source = (f"the {programme.municipal_year} work programme "
              f"(content/work-programmes/{programme.id}.yml)") if plan and programme else None
    header = [f"Made by `papers new meeting` from {source}." if source else
              "Made by `papers new meeting`; the work programme plans no meeting on this date.",
              "Check every line, fill in what the plan does not say, then run `papers check`."]
    meeting.yaml_set_start_comment("\n".join(header))
    return meeting


def new_meeting(content_dir: Path, archive: Archive, committee: str, day: dt.date,
                without_plan: bool = False) -> Made:
    """Write content/meetings/COMMITTEE/DATE.yml from the work programme for that date."""
    _committee_or_error(archive, committee)
    path = content_dir / "meetings" / committee / f"{day.isoformat()}.yml"
    if path.exists():
        raise ScaffoldError(f"{shown(path, content_dir)} already exists; it was left as it is")
    programme, plan = _plan_for(archive, committee, day)
    if plan is None and not without_plan:
        year = municipal_year(day)
        if programme is None:
            raise ScaffoldError(
                f"there is no {year} work programme for '{committee}' "
                f"(content/work-programmes/{committee}/{year_slug(year)}.yml); "
                "add it, or give --without-plan for the procedural items alone")
        planned = ", ".join(m.date.isoformat() for m in programme.meetings) or "none"
        raise ScaffoldError(
            f"the {year} work programme plans no meeting of '{committee}' on "
            f"{day.isoformat()} (planned: {planned}); check the date, or give --without-plan "
            "for the procedural items alone")
    notes: list[str] = []
    tree = meeting_tree(archive, committee, day, plan, programme, notes)
    if plan is not None:
        count = sum(1 for item in plan.items if item.status.value == "planned")
        notes.insert(0, f"{count} planned item{'' if count == 1 else 's'} from the "
                     f"{programme.municipal_year} work programme")
    else:
        notes.insert(0, "the work programme plans no meeting on this date: procedural "
                     "items only")
    create_new(path, fmt.dump(tree), content_dir)
    return Made(path, notes)


# -- new report ---------------------------------------------------------------------------


def _meeting_or_error(archive: Archive, text: str) -> Meeting:
    ref = parse_reference(text, None)
    if isinstance(ref, str) or ref.by:
        raise ScaffoldError(f"'{text}' is not a meeting: write COMMITTEE/DATE, "
                            "e.g. childrens-services-osc/2022-01-19")
    meeting = archive.meetings.get(ref.meeting_id)
    if meeting is None:
        hint = suggest(ref.meeting_id, archive.meetings)
        raise ScaffoldError(f"no meeting '{ref.meeting_id}' in the archive"
                            + (f" ({hint})" if hint else "")
                            + f"; make it first with: papers new meeting {ref.committee} "
                            f"{ref.meeting}")
    return meeting


def report_text(meeting: Meeting, letter: str, item: AgendaItem) -> str:
    """A report file: front matter to fill in, and an empty body."""
    document = next(doc for doc in item.documents if doc.letter == letter)
    front = CommentedMap()
    front["meeting"] = meeting.id
    front["letter"] = letter
    front["title"] = document.title or item.title
    for key in ("author", "summary", "portfolio", "scrutiny_area"):
        front[key] = None
    if item.contacts:
        contact = CommentedMap()
        for key in ("name", "role", "phone", "email"):
            value = getattr(item.contacts[0], key)
            if value:
                contact[key] = value
        front["contact"] = contact
    front["recommendations"] = None
    if item.answers:
        front["answers"] = item.answers.text
    front.yaml_set_start_comment(
        f"Made by `papers new report` for item {item.number or item.title} of {meeting.id}.\n"
        "Fill in the fields (the clerk's guide lists them all), write the report below the\n"
        "second ---, then run `papers check`.")
    return f"---\n{fmt.dump(front)}---\n\n"


def new_report(content_dir: Path, archive: Archive, meeting_text: str, letter: str) -> Made:
    """Write content/reports/COMMITTEE/STEM-LETTER.md for a document on a meeting's agenda."""
    meeting = _meeting_or_error(archive, meeting_text)
    letter = letter.strip().upper()
    item = next((i for i in meeting.items for doc in i.documents if doc.letter == letter), None)
    if item is None:
        letters = sorted({doc.letter for i in meeting.items for doc in i.documents})
        known = f" (on its agenda: {', '.join(letters)})" if letters else ""
        raise ScaffoldError(
            f"meeting {meeting.id} has no document '{letter}' on its agenda{known}; "
            f"first list it under the item in content/meetings/{meeting.id}.yml, e.g. "
            f"documents: [{{letter: {letter}}}]")
    for report in archive.reports.values():
        if report.meeting.meeting_id == meeting.id and report.letter == letter:
            raise ScaffoldError(f"document '{letter}' of {meeting.id} already has a report: "
                                f"{report.position.path}")
    path = content_dir / "reports" / meeting.committee / f"{meeting.stem}-{letter}.md"
    create_new(path, report_text(meeting, letter, item), content_dir)
    return Made(path, [f"for item {item.number or ''} {item.title}".replace("  ", " ")])


# -- new minutes --------------------------------------------------------------------------


def first_minute(archive: Archive, meeting: Meeting) -> int:
    """The number of the meeting's first minute, in its committee's numbering: 1 where
    numbers start again at each meeting; else one after the highest number of the
    earlier meetings of its municipal year (or of its committee's whole run)."""
    rules = archive.committees[meeting.committee].numbering
    if rules.restart is Restart.MEETING:
        return 1
    earlier = [m for m in archive.meetings.values()
               if m.committee == meeting.committee and m.id != meeting.id
               and (rules.restart is Restart.NEVER or m.municipal_year == meeting.municipal_year)
               and m.date and meeting.date and m.date < meeting.date]
    numbers = [item.minute.number for m in earlier for item in m.items if item.minute]
    if numbers:
        return max(numbers) + 1
    where = ("" if rules.restart is Restart.NEVER else f" in {meeting.municipal_year}")
    raise ScaffoldError(
        f"no earlier minutes of {meeting.committee}{where} are in the "
        "archive, so the next minute number cannot be worked out; give it with --first N")


def _resolution_skeleton(item: CommentedMap) -> str:
    pad = " " * ITEM_INDENT
    text = str(item.get("recommended") or "").strip().replace("\n", " ")
    lines = ["minutes: |", "  What was said (Markdown).", "resolutions:",
             f"  - text: {text or 'That ...'}"]
    return "".join(f"{pad}# {line}\n" for line in lines)


def written(rules: Numbering, number: int, year: str | None) -> int | str:
    """A minute number as the file should hold it: a plain number as a number, one in a
    committee's own form ("E.92/23") as text."""
    shown = numbering.show(rules, number, "", year)
    return number if shown == str(number) else shown


def add_minutes(path: Path, archive: Archive, meeting: Meeting, first: int | None) -> Made:
    """Number the items of a meeting file as minutes, mark it held, and add commented
    skeletons of the minutes and resolutions under each item."""
    if any(item.minute for item in meeting.items):
        raise ScaffoldError(f"{meeting.id} already has minute numbers; nothing was changed")
    if not meeting.items:
        raise ScaffoldError(f"{meeting.id} has no agenda items to minute; add them first")
    start = first if first is not None else first_minute(archive, meeting)
    rules = archive.committees[meeting.committee].numbering
    text = path.read_text(encoding="utf-8")
    tree = fmt.yaml().load(text)
    items = tree.get("items")
    if not isinstance(items, CommentedSeq) or not all(isinstance(i, CommentedMap) for i in items):
        raise ScaffoldError(f"{meeting.id}: items is not a list of agenda items; "
                            "run papers check")
    for offset, item in enumerate(items):
        keys = list(item.keys())
        position = next((index + 1 for index, key in reversed(list(enumerate(keys)))
                         if key in ("section", "number")), 0)
        item.insert(position, "minute", written(rules, start + offset, meeting.municipal_year))
        fmt.comment_after(items, offset, _resolution_skeleton(item))
    status_at = list(tree.keys()).index("status") if "status" in tree else len(tree) - 1
    tree["status"] = "held"
    for key in ("concluded", "commenced"):
        if key not in tree:
            tree.insert(status_at + 1, key, "unknown")
    fmt.write_atomic(path, fmt.dump(tree))
    last = start + len(items) - 1
    return Made(path, [f"minutes {written(rules, start, meeting.municipal_year)} to "
                       f"{written(rules, last, meeting.municipal_year)}; status is now held",
                       "under each item, commented-out minutes and resolutions wait to be "
                       "written: remove the # and fill them in"], verb="Added minutes to")


def new_minutes(content_dir: Path, archive: Archive, meeting_text: str,
                first: int | None = None) -> Made:
    meeting = _meeting_or_error(archive, meeting_text)
    path = content_dir / "meetings" / meeting.committee / f"{meeting.stem}.yml"
    if not path.is_file():
        raise ScaffoldError(f"cannot find the file of {meeting.id} at "
                            f"{shown(path, content_dir)}")
    return add_minutes(path, archive, meeting, first)
