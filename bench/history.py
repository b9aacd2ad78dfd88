"""One committee's synthetic history: its meetings, reports and work programmes, year by year.

Meetings are made in date order so that follow-ups can point back: a resolution that asks
for a report joins a list of pending requests; a later meeting takes it up as an agenda
item that `answers` it (with a report, a previous reference and a minute reference in the
text), and the year's work programme plans that item with the resolution as its `origin`.
The minutes item of each meeting approves the minutes of the one before.
"""

from __future__ import annotations

import datetime as dt
import random
from dataclasses import dataclass, field

from corpus import Corpus
from reports import ReportMaker, letter_code
from writer import Writer

MONTHS = ("", "January", "February", "March", "April", "May", "June", "July", "August",
          "September", "October", "November", "December")
WEEKDAYS = ("Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday")
MEETING_MONTHS = (6, 7, 9, 10, 11, 12, 1, 2, 3, 4, 5, 8)  # the usual order of a council year
PROCEDURAL = ("ALTERNATE MEMBERS", "DISCLOSURES OF INTEREST", "MINUTES",
              "INSPECTION OF REPORTS AND BACKGROUND PAPERS",
              "REFERRALS TO THE OVERVIEW AND SCRUTINY COMMITTEE")
INTERESTS = ("a governor of a school named in the report", "employed by a partner agency",
             "a member of the board of a voluntary organisation funded by the Council",
             "a relative who works in the service under discussion")


def long_date(day: dt.date, weekday: bool = False) -> str:
    text = f"{day.day} {MONTHS[day.month]} {day.year}"
    return f"{WEEKDAYS[day.weekday()]} {text}" if weekday else text


def municipal_year(start: int) -> str:
    return f"{start}/{(start + 1) % 100:02d}"


def add_months(day: dt.date, months: int) -> dt.date:
    index = day.month - 1 + months
    year, month = day.year + index // 12, index % 12 + 1
    return dt.date(year, month, min(day.day, 28))


def nth_weekday(year: int, month: int, weekday: int, nth: int) -> dt.date:
    first = dt.date(year, month, 1)
    return first + dt.timedelta(days=(weekday - first.weekday()) % 7 + 7 * (nth - 1))


@dataclass
class Roster:
    """A committee's membership for one municipal year (person ids)."""

    members: dict[str, list[str]]
    alternates: dict[str, list[str]]
    co_opted: list[dict]
    chair: str


@dataclass
class Body:
    """A synthetic committee and what stays the same about it from year to year."""

    slug: str
    name: str
    short_name: str
    kind: str
    scrutiny: bool
    contacts: list[dict]
    scrutiny_lead: str | None
    weekday: int
    week: int
    start: str
    venue: str
    portfolio: str
    officers: list[dict]
    solicitor: str
    rosters: dict[str, Roster] = field(default_factory=dict)


@dataclass
class Pending:
    """A resolution's request that no later meeting has taken up yet."""

    ref: str
    target: dt.date
    title: str
    minute: str
    raised: dt.date


@dataclass
class Held:
    """What a work programme needs to know about one meeting of the year."""

    day: dt.date
    planned: list[dict]


class History:
    """Generates and writes every meeting, report and work programme of one committee."""

    def __init__(self, corpus: Corpus, body: Body, years: list[int], per_year: int,
                 seed: int, names: dict[str, str], writer: Writer) -> None:
        self.c = corpus
        self.body = body
        self.years = years
        self.per_year = per_year
        self.rng = random.Random(f"{seed}:{body.slug}")
        self.names = names
        self.writer = writer
        self.reports = ReportMaker(corpus, body, self.rng, writer)
        self.pending: list[Pending] = []
        self.previous: dt.date | None = None
        self.meetings = 0
        self.start = years[0]
        self.minute = self.letters = 0

    # -- helpers ---------------------------------------------------------------------
    def pick(self, pool: list, default=""):
        return self.rng.choice(pool) if pool else default

    def text(self, value: str) -> str:
        """Harvested text, speaking of this committee rather than the one it came from."""
        for name in self.c.committee_names:
            value = value.replace(name, self.body.name)
        return value

    def paragraphs(self, low: int, high: int) -> list[str]:
        return [self.text(self.pick(self.c.paragraphs)) for _ in range(self.rng.randint(low, high))]

    def officer(self) -> dict:
        officer = dict(self.rng.choice(self.body.officers))
        return {**officer, "role": self.text(officer["role"])}

    # -- the committee's years -------------------------------------------------------
    def generate(self) -> int:
        for start in self.years:
            year = municipal_year(start)
            self.start, self.minute, self.letters = start, 1, 0
            held = [self.meeting(year, day, index)
                    for index, day in enumerate(self.dates(start))]
            self.work_programme(start, year, [h for h in held if h is not None])
        return self.meetings

    def dates(self, start: int) -> list[dt.date]:
        # Spread over the year: ten a year meet in every month but May and August.
        picks = [MEETING_MONTHS[i * 10 // self.per_year] for i in range(self.per_year)]
        months = sorted(picks, key=lambda m: (m < 5, m))
        return [nth_weekday(start + (m < 5), m, self.body.weekday, self.body.week)
                for m in months]

    def meeting(self, year: str, day: dt.date, index: int) -> Held | None:
        body = self.body
        path = f"meetings/{body.slug}/{day.isoformat()}.yml"
        self.meetings += 1
        if self.rng.random() < 0.02:
            self.writer.yaml(path, {
                "committee": body.slug, "date": day, "start": body.start, "venue": body.venue,
                "status": "cancelled", "notes": ["This meeting was cancelled."]})
            return None
        roster = body.rosters[year]
        attendance = self.attendance(roster)
        items = self.procedural(day, attendance, roster)
        items += self.business(year, day, len(items), index == 0)
        for number, item in enumerate(items, start=1):
            item["number"] = number
            item["minute"] = self.minute
            self.minute += 1
        items = [self.order(item) for item in items]
        planned = [{"title": i["title"], "origin": i.get("answers"), "author": i.get("_author")}
                   for i in items if not i.get("section", "").startswith("A.")]
        self.resolve_later(year, day, items)
        start = dt.datetime.combine(day, dt.time.fromisoformat(body.start))
        commenced = start + dt.timedelta(minutes=self.rng.choice((0, 0, 5, 10)))
        concluded = commenced + dt.timedelta(minutes=self.rng.randrange(60, 200, 5))
        self.writer.yaml(path, {
            "committee": body.slug, "date": day, "start": body.start, "venue": body.venue,
            "status": "held", "commenced": f"{commenced:%H:%M}",
            "concluded": f"{min(concluded, start.replace(hour=23, minute=0)):%H:%M}",
            "agenda": self.agenda(day), "attendance": attendance, "items": items,
        }, "Synthetic benchmark content (bench/synthetic.py).")
        self.previous = day
        return Held(day, planned)

    def agenda(self, day: dt.date) -> dict:
        body = self.body
        deadline = day - dt.timedelta(days=2)
        return {
            "from": {"name": body.solicitor, "role": "City Solicitor"},
            "contacts": body.contacts[:1],
            "register_to_speak_by": f"{deadline.isoformat()} 12:00",
            "notes": [self.text(note) for note in self.c.agenda_notes],
        }

    def attendance(self, roster: Roster) -> dict:
        rng = self.rng
        present: dict[str, list[str]] = {}
        apologies, alternates = [], []
        for group, people in roster.members.items():
            here = []
            for person in people:
                if rng.random() < 0.08:
                    apologies.append(person)
                    spare = [p for p in roster.alternates.get(group, []) if p not in alternates]
                    if spare and rng.random() < 0.6:
                        alternates.append({"person": rng.choice(spare), "for": person})
                elif rng.random() > 0.02:  # otherwise absent without apologies
                    here.append(person)
            if here:
                present[group] = here
        co_opted = [m["person"] for m in roster.co_opted if rng.random() < 0.75]
        chair = roster.chair if any(roster.chair in p for p in present.values()) else next(
            (p[0] for p in present.values()), None)
        out: dict = {"present": present}
        if co_opted:
            out["co_opted"] = co_opted
        if alternates:
            out["alternates"] = alternates
        out["apologies"] = apologies
        if rng.random() < 0.3:
            out["observers"] = [{"name": self.officer()["name"],
                                 "role": self.pick(self.c.roles, "Portfolio Holder")}]
        out["officers"] = [{k: v for k, v in self.officer().items() if k in ("name", "role")}
                           for _ in range(rng.randint(1, 3))]
        if chair:
            out["chair"] = chair
        return out

    def procedural(self, day: dt.date, attendance: dict, roster: Roster) -> list[dict]:
        proc, items = self.c.procedural, []
        for title in PROCEDURAL:
            if title == "MINUTES" and self.previous is None:
                continue
            if title.startswith("REFERRALS") and not self.body.scrutiny:
                continue
            if title == "ALTERNATE MEMBERS" and not roster.alternates:
                continue
            template = proc.get(title, {})
            item = {"section": "A. Procedural items", "title": title}
            for key in ("reference", "description"):
                if template.get(key):
                    item[key] = self.text(template[key])
            item["minutes"] = self.text(self.pick(template.get("minutes") or [""], ""))
            if title == "ALTERNATE MEMBERS" and attendance.get("alternates"):
                item["minutes"] = "\n\n".join(
                    f"{self.names[a['person']]} attended as an alternate for "
                    f"{self.names[a['for']]}." for a in attendance["alternates"])
            if title == "DISCLOSURES OF INTEREST" and self.rng.random() < 0.15:
                who = self.rng.choice([p for g in attendance["present"].values() for p in g])
                interest = self.rng.choice(INTERESTS)
                item["disclosures"] = [{"person": who, "interest": f"They are {interest}."}]
                item["minutes"] = f"{self.names[who]} disclosed an interest: they are {interest}."
            if title == "MINUTES":
                held = long_date(self.previous)
                item["recommended"] = (f"That the minutes of the meeting held on {held} be "
                                       "signed as a correct record (previously circulated).")
                item.pop("minutes", None)
                item["resolutions"] = [{"text": f"That the minutes of the meeting held on "
                                                f"{held} be signed as a correct record."}]
                item["action"] = "City Solicitor"
            if not item.get("minutes"):
                item.pop("minutes", None)
            items.append(item)
        return items

    # -- business items --------------------------------------------------------------
    def business(self, year: str, day: dt.date, procedural: int, first: bool) -> list[dict]:
        rng = self.rng
        total = rng.randint(6, 12)
        count = max(2, total - procedural)
        due = [p for p in self.pending if p.target <= day + dt.timedelta(days=15)]
        answering = [p for p in due if rng.random() < 0.75][:3]
        for p in answering:
            self.pending.remove(p)
        # Requests not taken up in two years are forgotten (they stay open or overdue).
        self.pending = [p for p in self.pending if (day - p.raised).days < 730]
        topics: list[Pending | None] = [*answering[: count - 1]]
        topics += [None] * (count - 1 - len(topics))
        reports = max(1, round((procedural + count) / 3))
        with_report = set(rng.sample(range(count - 1), min(reports, count - 1)))
        items = [self.business_item(year, day, topic, i in with_report)
                 for i, topic in enumerate(topics)]
        items.append(self.work_planning(year, day, first))
        return items

    def next_letter(self) -> str:
        self.letters += 1
        return letter_code(self.letters - 1)

    def business_item(self, year: str, day: dt.date, topic: Pending | None,
                      report: bool) -> dict:
        rng = self.rng
        title = topic.title if topic else self.text(self.pick(self.c.titles)).strip()
        officer = self.officer()
        author = self.reports.author()
        item: dict = {"title": title or "Update report"}
        if self.body.scrutiny:
            item["section"] = "B. Overview and scrutiny activities"
        letter = self.next_letter() if report else None
        cite = f' (Document "{letter}")' if letter else ""
        description = [f"The {author} will submit a report{cite} on {item['title']}."]
        description += [self.text(self.pick(self.c.paragraphs))][: rng.randint(0, 1)]
        item["description"] = "\n\n".join(description) + "\n"
        item["recommended"] = (f'That the report{cite} be noted and the comments of the '
                               "Committee be considered.")
        item["contacts"] = [{"name": officer["name"], "phone": officer.get("phone", "")}]
        if letter:
            document = {"letter": letter, "title": item["title"]}
            if rng.random() < 0.02:
                document["exempt"] = {"paragraph": rng.choice((1, 3, 4))}
            else:
                pages = self.reports.write(year, day, letter, item["title"], author, officer,
                                           topic.ref if topic and rng.random() < 0.5 else None)
                document["pages"] = pages
            item["documents"] = [document]
        if topic:
            item["previous_reference"] = topic.minute
            item["answers"] = topic.ref
        minutes = []
        if letter:
            minutes.append(f"The report of the {author}{cite} was submitted.")
        if topic:
            minutes.append(f"The report responded to the request made at {topic.minute} "
                           f"on {long_date(topic.raised)}.")
        minutes += self.paragraphs(1, 5)
        item["minutes"] = "\n\n".join(minutes) + "\n"
        if rng.random() < 0.3:
            item["questions"] = [dict(q) for q in rng.sample(
                self.c.questions, min(len(self.c.questions), rng.randint(2, 6)))]
        if rng.random() < 0.1 and self.c.action_points:
            item["action_points"] = [dict(self.pick(self.c.action_points))]
        if rng.random() < 0.02:
            item["closed_session"] = {
                "paragraph": rng.choice((1, 3, "unknown")),
                "note": self.text(self.pick(self.c.closed_notes, "The meeting went into "
                                                                 "closed session.")),
                "minutes": "Exempt discussion: never published."}
        item["resolutions"] = [self.resolution(day, item["title"], k)
                               for k in range(rng.randint(1, 3))]
        if len(item["resolutions"]) == 1:
            item["resolutions"][0].pop("number")
        item["action"] = author
        item["_author"] = officer["name"]
        return item

    def resolution(self, day: dt.date, title: str, index: int) -> dict:
        rng = self.rng
        out: dict = {"number": index + 1}
        if rng.random() < 0.35:
            kind = rng.random()
            if kind < 0.4:
                due, words, target = "in 12 months", "in 12 months' time", add_months(day, 12)
            elif kind < 0.65:
                when = add_months(day, rng.randint(3, 9))
                due, words, target = f"{when:%Y-%m}", f"in {MONTHS[when.month]} {when.year}", when
            elif kind < 0.8:
                due, words, target = "next meeting", "to the next meeting", day
            else:
                due, words = "unspecified", "at a future meeting"
                target = add_months(day, rng.randint(2, 10))
            out["text"] = f"That a further report on {title} be presented {words}.\n"
            out["requests"] = {"what": "report", "due": due}
            out["_pending"] = (target, title)
        else:
            out["text"] = self.text(self.pick(self.c.resolutions))
        if self.start < max(self.years) and rng.random() < 0.5:
            out["outcome"] = self.pick(self.c.outcomes)
        return out

    def work_planning(self, year: str, day: dt.date, first: bool) -> dict:
        body = self.body
        item: dict = {"title": f"{body.short_name} - Work Programme {year}"}
        if body.scrutiny:
            item["section"] = "B. Overview and scrutiny activities"
        lead = body.scrutiny_lead or body.contacts[0]["name"]
        if first:
            letter = self.next_letter()
            previous = municipal_year(self.start - 1) if self.start > self.years[0] else None
            pages = self.reports.work_programme(year, previous, day, letter, item["title"])
            item["documents"] = [{"letter": letter, "title": item["title"], "pages": pages}]
            item["description"] = (f'The report of the Chair (Document "{letter}") presents the '
                                   f"Committee's work programme for {year}.\n")
        item["minutes"] = (f"The {'Overview and Scrutiny Lead' if body.scrutiny else 'clerk'} "
                           f"presented the work programme for {year}.\n\n"
                           "Members discussed and amended the work programme.\n")
        item["resolutions"] = [{"text": f"That the work programme for {year} be agreed, as "
                                        "amended.\n"}]
        item["action"] = lead
        item["_author"] = lead
        return item

    def order(self, item: dict) -> dict:
        """Keys in the order of the clerk's guide (and of real files)."""
        keys = ("section", "number", "minute", "title", "reference", "description",
                "recommended", "contacts", "documents", "previous_reference", "answers",
                "minutes", "questions", "action_points", "disclosures", "closed_session",
                "resolutions", "action", "_author")
        return {k: item[k] for k in keys if k in item}

    def resolve_later(self, year: str, day: dt.date, items: list[dict]) -> None:
        """Queue each request for a later meeting, now that minute numbers are known."""
        for item in items:
            for index, resolution in enumerate(item.get("resolutions", [])):
                pending = resolution.pop("_pending", None)
                if pending:
                    self.pending.append(Pending(
                        ref=f"{day.isoformat()} minute {item['minute']}.{index + 1}",
                        target=pending[0], title=pending[1],
                        minute=f"Minute {item['minute']} ({year})", raised=day))
        for item in items:
            item.pop("_author", None)

    # -- the work programme ----------------------------------------------------------
    def work_programme(self, start: int, year: str, held: list[Held]) -> None:
        rng, body = self.rng, self.body
        meetings = []
        plan = list(held)
        if len(plan) > 2 and rng.random() < 0.1:
            # Plan against record: one planned date was never held; one held date unplanned.
            moved = plan.pop(rng.randrange(1, len(plan)))
            plan.append(Held(moved.day + dt.timedelta(days=7), moved.planned))
            plan.sort(key=lambda h: h.day)
        for index, meeting in enumerate(plan):
            items = []
            for number, planned in enumerate(meeting.planned, start=1):
                entry: dict = {"number": number, "title": planned["title"]}
                if rng.random() < 0.3:
                    entry["description"] = self.text(self.pick(self.c.planned_descriptions))
                entry["author"] = planned["author"]
                if planned["origin"]:
                    raised = dt.date.fromisoformat(planned["origin"].split()[0])
                    entry["comments"] = (f"{body.short_name} recommendation from "
                                         f"{long_date(raised, weekday=True)}.")
                    entry["origin"] = planned["origin"]
                items.append(entry)
            if index + 1 < len(plan) and rng.random() < 0.15:
                items.append({"number": len(items) + 1, "title": self.pick(self.c.titles),
                              "author": self.officer()["name"],
                              "comments": f"Deferred from {long_date(meeting.day, True)}.",
                              "status": "deferred", "moved_to": plan[index + 1].day})
            meetings.append({
                "date": meeting.day, "venue": body.venue,
                "chairs_briefing": meeting.day - dt.timedelta(days=28),
                "report_deadline": meeting.day - dt.timedelta(days=14), "items": items})
        unscheduled = [{"number": n, "title": p.title, "author": self.officer()["name"],
                        "comments": f"{body.short_name} recommendation from "
                                    f"{long_date(p.raised, weekday=True)}.", "origin": p.ref}
                       for n, p in enumerate(self.pending[:4], start=1)]
        for _ in range(rng.randint(1, 3)):
            unscheduled.append({"number": len(unscheduled) + 1, "title": self.pick(self.c.titles),
                                "author": self.officer()["name"]})
        programme: dict = {
            "committee": body.slug, "municipal_year": year,
            "status": "draft" if start == max(self.years) else "agreed",
        }
        if body.scrutiny_lead:
            programme["scrutiny_lead"] = body.scrutiny_lead
        programme["meetings"] = meetings
        programme["unscheduled"] = unscheduled
        reviews = rng.sample(self.c.reviews, min(len(self.c.reviews), rng.randint(1, 3)))
        programme["reviews"] = [{"title": title} for title in reviews]
        self.writer.yaml(f"work-programmes/{body.slug}/{start}-{(start + 1) % 100:02d}.yml",
                         programme, "Synthetic benchmark content (bench/synthetic.py).")
