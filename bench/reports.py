"""Synthetic reports (documents) for one committee: front matter, a numbered body with a
table, and now and then appendices, made from the real reports' text."""

from __future__ import annotations

import datetime as dt
import random
import string

from corpus import Corpus
from writer import Writer

FIXED_SECTIONS = ("FINANCIAL & RESOURCE APPRAISAL", "RISK MANAGEMENT AND GOVERNANCE ISSUES",
                  "LEGAL APPRAISAL", "OTHER IMPLICATIONS")
MEASURES = ("Referrals received", "Assessments completed within 45 days", "Cases per worker",
            "Complaints upheld", "Budget (£000)", "Spend to date (£000)", "Vacancy rate (%)",
            "Agency staff (%)", "Repeat referrals (%)", "Plans reviewed on time (%)")


def letter_code(index: int) -> str:
    """0 -> A, 25 -> Z, 26 -> AA: document letters as a year's agendas run them on."""
    letters = string.ascii_uppercase
    return letters[index] if index < 26 else letters[index // 26 - 1] + letters[index % 26]


class ReportMaker:
    """Writes the reports of one committee's meetings."""

    def __init__(self, corpus: Corpus, body, rng: random.Random, writer: Writer) -> None:
        self.c = corpus
        self.body = body
        self.rng = rng
        self.writer = writer
        self.day: dt.date | None = None
        self.page = 1

    def author(self) -> str:
        portfolio = self.body.portfolio
        choices = [f"Strategic Director, {portfolio}", f"Assistant Director, {portfolio}",
                   f"Director of {portfolio}", *self.c.authors]
        return self.text(self.rng.choice(choices))

    def text(self, value: str) -> str:
        for name in self.c.committee_names:
            value = value.replace(name, self.body.name)
        return value

    def pages(self, day: dt.date, count: int) -> str:
        if day != self.day:
            self.day, self.page = day, 1
        first, self.page = self.page, self.page + count
        return f"{first} - {self.page - 1}"

    def front(self, day: dt.date, letter: str, title: str, author: str, officer: dict) -> dict:
        rng, c = self.rng, self.c
        summary = self.text(rng.choice(c.summaries)) if rng.random() < 0.5 else (
            f"This report of the {author} sets out {title}.")
        return {
            "meeting": f"{self.body.slug}/{day.isoformat()}",
            "letter": letter,
            "title": title,
            "author": author,
            "officer": {"name": officer["name"], "role": officer["role"]},
            "summary": summary,
            "equality": self.text(rng.choice(c.equality)),
            "portfolio": self.body.portfolio,
            "scrutiny_area": self.body.portfolio,
            "contact": officer,
            "recommendations": [self.text(r) for r in rng.sample(
                c.recommendations, min(len(c.recommendations), rng.randint(1, 3)))],
        }

    def write(self, year: str, day: dt.date, letter: str, title: str, author: str,
              officer: dict, answers: str | None) -> str:
        """Write one report (and its appendix files); return its page range."""
        rng = self.rng
        front = self.front(day, letter, title, author, officer)
        front["pages"] = self.pages(day, rng.randint(4, 40))
        if answers:
            front["answers"] = answers
        stem = f"reports/{self.body.slug}/{day.isoformat()}-{letter}"
        appendices = []
        for number in range(1, 3 if rng.random() < 0.2 else 1):
            name = f"{day.isoformat()}-{letter}-appendix-{number}.md"
            appendix = rng.choice(self.c.appendices)
            blocks = appendix.split("\n\n")
            self.writer.write(f"reports/{self.body.slug}/{name}",
                              "\n\n".join(blocks[: rng.randint(5, 40)]) + "\n")
            appendices.append({"label": f"Appendix {number}", "title": f"{title}: appendix "
                               f"{number}", "file": name})
        if rng.random() < 0.1:
            appendices.append({"label": f"Appendix {len(appendices) + 1}",
                               "title": "Background papers (not reproduced here)"})
        if appendices:
            front["appendices"] = appendices
        self.writer.report(f"{stem}.md", front, self.body_text(letter, title))
        return front["pages"]

    def work_programme(self, year: str, previous: str | None, day: dt.date, letter: str,
                       title: str) -> str:
        """The chair's report that carries the year's work programme as appendices."""
        lead = self.body.scrutiny_lead or self.body.contacts[0]["name"]
        front = {
            "meeting": f"{self.body.slug}/{day.isoformat()}", "letter": letter, "title": title,
            "author": f"Chair of the {self.body.name}",
            "summary": f"This report presents the {self.body.name} work programme for {year}.",
            "portfolio": self.body.portfolio,
            "contact": {"name": lead, "role": "Overview and Scrutiny Lead"},
            "recommendations": ["That members consider and comment on the areas of work "
                                "included in the work programme."],
            "pages": self.pages(day, 14),
            "appendices": [
                {"label": "Appendix One", "title": f"Work Programme {year}",
                 "shows": f"work-programme {year}"},
                {"label": "Appendix Two", "title": "Unscheduled topics",
                 "shows": f"unscheduled {year}"},
            ],
        }
        if previous:
            front["appendices"].append({"label": "Appendix Three", "title": "Resolution tracking",
                                        "shows": f"tracker {previous}"})
        body = (f"## 1. SUMMARY\n\n1.1 This report presents the work programme for {year} "
                f'(Appendix One to Document "{letter}") and the unscheduled topics.\n\n'
                "## 2. BACKGROUND\n\n2.1 The Council constitution requires all Overview and "
                "Scrutiny Committees to produce a work programme.\n\n"
                "## 3. RECOMMENDATIONS\n\n3.1 That members consider and comment on the areas of "
                "work included in the work programme.\n")
        self.writer.report(f"reports/{self.body.slug}/{day.isoformat()}-{letter}.md", front, body)
        return front["pages"]

    def body_text(self, letter: str, title: str) -> str:
        """A numbered report body: summary, background, a few topics with a table, the
        standard appraisals and the recommendations."""
        rng, c = self.rng, self.c
        usual = {"SUMMARY", "BACKGROUND", "RECOMMENDATIONS", *FIXED_SECTIONS}
        topics = [h for h in c.headings if h.upper() not in usual]
        middle = rng.sample(topics, min(len(topics), rng.randint(1, 3)))
        headings = ["SUMMARY", "BACKGROUND", *middle, *FIXED_SECTIONS, "RECOMMENDATIONS"]
        table_at = rng.randrange(2, 2 + len(middle))
        out = []
        for number, heading in enumerate(headings, start=1):
            out.append(f"## {number}. {heading.upper()}")
            if number == 1:
                out.append(f'{number}.1 This report (Document "{letter}") concerns {title}.')
                continue
            count = 1 if heading in FIXED_SECTIONS else rng.randint(1, 4)
            for paragraph in range(1, count + 1):
                block = self.text(rng.choice(c.blocks))
                numbered = not block.startswith(("-", "*", "1."))
                out.append(f"{number}.{paragraph} {block}" if numbered else block)
            if number == table_at + 1:
                out.append(self.table() if rng.random() < 0.6 or not c.tables
                           else rng.choice(c.tables))
        return "\n\n".join(out) + "\n"

    def table(self) -> str:
        rng = self.rng
        start = rng.randint(2015, 2021)
        years = [f"{y}/{(y + 1) % 100:02d}" for y in range(start, start + 3)]
        rows = [f"| Measure | {' | '.join(years)} | Target |",
                "| --- |" + " ---: |" * (len(years) + 1)]
        for measure in rng.sample(MEASURES, rng.randint(3, 7)):
            base = rng.randint(5, 5000)
            values = [f"{max(0, base + rng.randint(-base // 4, base // 4)):,}" for _ in years]
            rows.append(f"| {measure} | {' | '.join(values)} | {base:,} |")
        return "\n".join(rows)
