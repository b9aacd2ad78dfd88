"""Open data: one meeting as a JSON-ready document, shaped after the Open Civic Data Event.

The Open Civic Data fields (`name`, `start_date`, `location`, `status`, `participants`,
`agenda` with `related_entities`, `documents`, `links`, `sources`) carry their usual
meaning; our record adds resolutions with their requests and statuses as of the build
date, minute numbers, attendance and the approval of minutes. The schema in
`schema/meeting.schema.json` says what every field is.

Identifiers are stable and readable: a meeting is `COMMITTEE/STEM`; an item is the
meeting id with its page anchor (`#minute-90`, or `#item-2` before minute numbers are
given); a resolution adds its number (`#minute-90.1`); a document its letter
(`#document-AB`).

Exempt material appears as the public agenda shows it: letter or label, title and the
Schedule 12A paragraph; none of its content, and never the minutes of a closed session.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from generator.outputs.addresses import LONDON, Addresses, meeting_path
from generator.record.model import (
    AgendaItem,
    Archive,
    Attendance,
    Contact,
    Disclosure,
    DocumentRef,
    Exemption,
    Meeting,
    MeetingStatus,
    Report,
)
from generator.stages.link import Links, item_index, minute_targets, minutes_standing
from generator.stages.render import committee_uri, item_anchor, long_date, person_uri, report_uri
from generator.stages.safety import published_markdown
from generator.stages.text import convert

# Our meeting status in the Open Civic Data vocabulary; a moved meeting will not take
# place on its date, so it is cancelled there (its new date is a meeting of its own).
OCD_STATUS = {
    MeetingStatus.SCHEDULED: "confirmed",
    MeetingStatus.AGENDA_PUBLISHED: "confirmed",
    MeetingStatus.HELD: "passed",
    MeetingStatus.CANCELLED: "cancelled",
    MeetingStatus.MOVED: "cancelled",
}

Json = dict[str, Any]


def iso(value: dt.date | dt.datetime | None) -> str | None:
    return value.isoformat() if value is not None else None


def clock(value: dt.time | None) -> str | None:
    return f"{value:%H:%M}" if value is not None else None


def published(name: str, value: str | list[str] | None, public: bool = True) -> Json:
    """A Markdown field (or list of them) as its page publishes it: `name` holds the
    Markdown (see `published_markdown`), `name_html` the sanitized HTML the page shows,
    headings one level down as there. Withheld (`public` false): null, or an empty list."""
    if isinstance(value, (list, tuple)):
        values = list(value) if public else []
        return {name: [published_markdown(v) for v in values],
                f"{name}_html": [convert(v)[1] if v else v for v in values]}
    if not public:
        return {name: None, f"{name}_html": None}
    if not value:
        return {name: value, f"{name}_html": value}
    return {name: published_markdown(value), f"{name}_html": convert(value)[1]}


def contact(value: Contact | None) -> Json | None:
    if value is None:
        return None
    return {"name": value.name, "role": value.role, "phone": value.phone, "email": value.email}


def exemption(value: Exemption | None) -> Json | None:
    return {"paragraph": value.paragraph} if value is not None else None


def item_id(meeting: Meeting, index: int) -> str:
    return f"{meeting.id}#{item_anchor(meeting, index)}"


class MeetingDocuments:
    """Builds the open-data document of each meeting from the linked record."""

    def __init__(self, archive: Archive, links: Links, addresses: Addresses) -> None:
        self.archive = archive
        self.links = links
        self.addresses = addresses

    # -- references to other records ------------------------------------------------------
    def url(self, path: str) -> str:
        return self.addresses.for_data(path)

    def person(self, person_id: str | None) -> Json | None:
        if person_id is None:
            return None
        person = self.archive.people.get(person_id)
        if person is None:
            return {"id": person_id, "name": person_id, "url": None}
        return {"id": person.id, "name": person.display_name,
                "url": self.url(self.addresses.page(person_uri(person.id)))}

    def item_ref(self, meeting_id: str, index: int) -> Json:
        meeting = self.archive.meetings[meeting_id]
        return {"id": item_id(meeting, index), "url": self.url(meeting_path(meeting, index))}

    def resolution_id(self, key: tuple[str, int, int]) -> str:
        meeting = self.archive.meetings[key[0]]
        resolution = meeting.items[key[1]].resolutions[key[2]]
        return f"{item_id(meeting, key[1])}.{resolution.number or key[2] + 1}"

    def committee_name(self, committee_id: str) -> str:
        committee = self.archive.committees.get(committee_id)
        return committee.name if committee else committee_id

    # -- the meeting ----------------------------------------------------------------------
    def meeting(self, meeting: Meeting) -> Json:
        name = self.committee_name(meeting.committee)
        page = self.url(meeting_path(meeting))
        has_minutes = any(item.minutes or item.resolutions for item in meeting.items)
        return {
            "_type": "event",
            "id": meeting.id,
            "name": f"{name}, {long_date(meeting.date)}",
            "classification": "committee-meeting",
            "description": "",
            "committee": {"id": meeting.committee, "name": name,
                          "url": self.url(self.addresses.page(committee_uri(meeting.committee)))},
            "municipal_year": meeting.municipal_year,
            # Open Civic Data writes an unknown date as "", not null.
            "start_date": self._start(meeting) or "",
            "end_date": self._at(meeting, meeting.concluded) or "",
            "all_day": meeting.start is None,
            "timezone": "Europe/London",
            "commenced": clock(meeting.commenced),
            "concluded": clock(meeting.concluded),
            "status": OCD_STATUS[meeting.status],
            "meeting_status": meeting.status.value,
            "moved_to": iso(meeting.moved_to),
            "location": {"name": meeting.venue} if meeting.venue else None,
            "participants": self._participants(meeting),
            "attendance": self._attendance(meeting.attendance),
            "agenda_details": self._agenda_details(meeting),
            "agenda": [self._item(meeting, i) for i in range(len(meeting.items))],
            "documents": [self._document(meeting, i, d) for i, item in enumerate(meeting.items)
                          for d in item.documents],
            "minutes": self._minutes(meeting, has_minutes),
            "disclosures": [self._disclosure(meeting, d) for d in meeting.disclosures],
            **published("notes", meeting.notes),
            "links": [{"note": "meeting page: agenda, reports and minutes", "url": page}],
            "sources": [{"note": "the clerk's record of this meeting, as published", "url": page}],
            "media": [],
            "extras": {},
            "status_as_of": self.links.as_of.isoformat(),
        }

    def _disclosure(self, meeting: Meeting, disclosure: Disclosure) -> Json:
        concerns = []
        for ref in disclosure.concerns:
            index = item_index(meeting, ref)
            concerns.append({"text": ref.text,
                             "item": None if index is None else self.item_ref(meeting.id, index)})
        return {"person": self.person(disclosure.person), "interest": disclosure.interest,
                "kind": disclosure.kind, "left_room": disclosure.left_room,
                "concerns": concerns}

    def _minutes(self, meeting: Meeting, has_minutes: bool) -> Json:
        standing = minutes_standing(meeting, self.links)
        approval, elsewhere = standing.approval, meeting.minutes_approved
        corrections = (approval.corrections if approval else
                       elsewhere.corrections if elsewhere else ())
        return {
            "published": meeting.status is MeetingStatus.HELD and has_minutes,
            "standing": standing.kind,
            "approved_by": (self.item_ref(approval.by_meeting, approval.by_item)
                            if approval else None),
            "approved_elsewhere": ({"on": iso(elsewhere.on), "at": elsewhere.at}
                                   if elsewhere and not approval else None),
            "corrections": list(corrections),
            "to_be_approved_at": standing.pending_at.id if standing.pending_at else None,
        }

    def _at(self, meeting: Meeting, time: dt.time | None) -> str | None:
        if meeting.date is None or time is None:
            return None
        return dt.datetime.combine(meeting.date, time, tzinfo=LONDON).isoformat()

    def _start(self, meeting: Meeting) -> str | None:
        """The advertised start; only the day when the start time is not known."""
        return self._at(meeting, meeting.start) or iso(meeting.date)

    def _participants(self, meeting: Meeting) -> list[Json]:
        host = {"entity_type": "organization", "id": meeting.committee,
                "name": self.committee_name(meeting.committee), "note": "host"}
        people = []
        a = meeting.attendance
        if a is not None:
            roles = [(a.chair, "chair")] if a.chair else []
            roles += [(p, f"member present ({group.title()})")
                      for group, members in a.present.items() for p in members]
            roles += [(p, "co-opted member present") for p in a.co_opted]
            roles += [(x.person, "alternate") for x in a.alternates]
            roles += [(o.person, "observer" + (f": {o.role}" if o.role else ""))
                      for o in a.observers if o.person]
            for person_id, note in roles:
                person = self.person(person_id)
                assert person is not None
                people.append({"entity_type": "person", "id": person["id"],
                               "name": person["name"], "note": note})
        return [host, *people]

    def _attendance(self, a: Attendance | None) -> Json | None:
        if a is None:
            return None
        return {
            "present": [{"group": group, "people": [self.person(p) for p in members]}
                        for group, members in a.present.items()],
            "co_opted": [self.person(p) for p in a.co_opted],
            "alternates": [{"person": self.person(x.person), "replacing": self.person(x.replacing)}
                           for x in a.alternates],
            "apologies": [self.person(p) for p in a.apologies],
            "observers": [{"person": self.person(o.person), "name": o.name, "role": o.role}
                          for o in a.observers],
            "officers": [{"name": c.name, "role": c.role} for c in a.officers],
            "chair": self.person(a.chair),
        }

    def _agenda_details(self, meeting: Meeting) -> Json | None:
        front = meeting.agenda
        if front is None:
            return None
        deadline = front.register_to_speak_by
        if isinstance(deadline, dt.datetime) and deadline.tzinfo is None:
            deadline = deadline.replace(tzinfo=LONDON)
        return {"sender": contact(front.sender), "contacts": [contact(c) for c in front.contacts],
                "register_to_speak_by": iso(deadline), **published("notes", front.notes)}

    # -- items and resolutions -------------------------------------------------------------
    def _item(self, meeting: Meeting, index: int) -> Json:
        item = meeting.items[index]
        answers = self.links.answers.get((meeting.id, index))
        approves = self.links.approves.get((meeting.id, index), [])
        previous = None
        if item.previous_reference:
            ref = item.previous_reference
            targets = minute_targets(self.archive, self.links, ref, meeting)
            previous = {"text": ref.text, "minute": ref.number, "municipal_year": ref.year,
                        "item": self.item_ref(*targets[0]) if len(targets) == 1 else None}
        closed = item.closed_session
        return {
            "id": item_id(meeting, index),
            "order": str(index + 1),  # a string in Open Civic Data
            "description": item.title,
            "section": item.section,
            "number": item.number,
            "minute": item.minute.number if item.minute else None,
            "minute_number": str(item.minute) if item.minute else None,
            "reference": item.reference,
            **published("details", item.description),
            **published("recommended", item.recommended),
            "contacts": [contact(c) for c in item.contacts],
            "documents": [f"{meeting.id}#document-{d.letter}" for d in item.documents],
            "previous_reference": previous,
            "answers": self.resolution_id(answers) if answers else None,
            "answers_reference": item.answers.text if item.answers else None,
            "approves_minutes_of": approves,
            "approves_minutes_outside": [
                {"meeting": a.meeting.meeting_id, **published("corrections", a.corrections)}
                for a in item.approves_minutes
                if a.meeting.meeting_id not in self.archive.meetings],
            **published("minutes", item.minutes),
            "questions": [{"question": q.question, "answer": q.answer} for q in item.questions],
            "action_points": [{"text": p.text, "action": p.action} for p in item.action_points],
            "disclosures": [self._disclosure(meeting, d) for d in item.disclosures],
            # The public note and the paragraph only: closed-session minutes never leave.
            "closed_session": ({"exempt": exemption(closed.exemption),
                                **published("note", closed.note)}
                               if closed else None),
            "resolutions": [self._resolution(meeting, index, r)
                            for r in range(len(item.resolutions))],
            "added": ({"kind": item.added.kind.value, "reason": item.added.reason,
                       "published": iso(item.added.published)} if item.added else None),
            **published("reason", item.reason),
            **published("alternatives", item.alternatives),
            "action": item.action,
            "related_entities": self._related(meeting, item, answers, approves),
        }

    def _related(self, meeting: Meeting, item: AgendaItem, answers, approves) -> list[Json]:
        related = [{"entity_type": "document", "id": f"{meeting.id}#document-{d.letter}",
                    "name": f'Document "{d.letter}"', "note": "presented"}
                   for d in item.documents]
        if answers:
            related.append({"entity_type": "resolution", "id": self.resolution_id(answers),
                            "name": self.resolution_id(answers), "note": "requested by"})
        for approved_id in approves:
            approved = self.archive.meetings[approved_id]
            related.append({"entity_type": "event", "id": approved_id,
                            "name": f"{self.committee_name(approved.committee)}, "
                                    f"{long_date(approved.date)}",
                            "note": "minutes approved"})
        for disclosure in item.disclosures:
            person = self.person(disclosure.person)
            assert person is not None
            related.append({"entity_type": "person", "id": person["id"], "name": person["name"],
                            "note": "disclosed an interest"})
        return related

    def _resolution(self, meeting: Meeting, index: int, r_index: int) -> Json:
        key = (meeting.id, index, r_index)
        resolution = meeting.items[index].resolutions[r_index]
        request = None
        if resolution.request:
            due = resolution.request.due
            request = {"what": resolution.request.what,
                       "due": {"kind": due.kind.value, "date": iso(due.date), "months": due.months},
                       "due_by": iso(self.links.due.get(key))}
        return {
            "id": self.resolution_id(key),
            "number": resolution.number,
            **published("text", resolution.text),
            **published("reason", resolution.reason),
            **published("alternatives", resolution.alternatives),
            "action": resolution.action,
            "request": request,
            "status": self.links.status[key].value,
            "outcome": resolution.outcome,
            "withdrawn": resolution.withdrawn,
            "answered_by": [self.item_ref(*at) for at in self.links.answered_by.get(key, [])],
            "planned_in": [{"work_programme": programme, "title": planned.title}
                           for programme, planned in self.links.planned_by.get(key, [])],
        }

    # -- documents -------------------------------------------------------------------------
    def _document(self, meeting: Meeting, index: int, ref: DocumentRef) -> Json:
        report_id = self.links.reports.get((meeting.id, ref.letter))
        report = self.archive.reports.get(report_id) if report_id else None
        title = report.title if report else ref.title
        exempt = ref.exempt or (report.exempt if report else None)
        links = []
        if report:
            links.append({"media_type": "text/html",
                          "url": self.url(self.addresses.page(report_uri(report.id)))})
        return {
            "id": f"{meeting.id}#document-{ref.letter}",
            "letter": ref.letter,
            "note": f'Document "{ref.letter}"' + (f": {title}" if title else ""),
            "title": title,
            "item": item_id(meeting, index),
            "pages": ref.pages or (report.pages if report else None),
            "date": iso(meeting.date) or "",
            "exempt": exemption(exempt),
            "links": links,
            "report": self._report(report, exempt, meeting, index) if report else None,
        }

    def _report(self, report: Report, exempt: Exemption | None, meeting: Meeting,
                index: int) -> Json:
        public = exempt is None
        # The resolution the report answers, whether the report or its item names it.
        answers = self.links.answers.get((meeting.id, index)) if report.answers else None
        return {
            "id": report.id,
            "title": report.title,
            "exempt": exemption(exempt),
            "author": report.author if public else None,
            "officer": contact(report.officer) if public else None,
            "contact": contact(report.contact) if public else None,
            "portfolio": report.portfolio if public else None,
            "scrutiny_area": report.scrutiny_area if public else None,
            **published("summary", report.summary, public),
            **published("equality", report.equality, public),
            **published("recommendations", report.recommendations, public),
            **published("body", report.body, public),
            "answers": self.resolution_id(answers) if answers else None,
            "answers_reference": report.answers.text if report.answers and public else None,
            "appendices": [{
                "label": a.label,
                "title": a.title,
                "exempt": exemption(a.exempt or exempt),
                **published("text", a.text, public and a.exempt is None),
                "shows": a.shows if public and a.exempt is None else None,
            } for a in report.appendices],
        }
