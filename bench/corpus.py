"""The real papers as a corpus of templates: every name, title and paragraph the synthetic
archive reuses, harvested from a content folder (by default the bundled Bradford papers).

Read with PyYAML's safe loader (MkDocs depends on it): this is sampling text, not checking
it, so the project's own loader and its line numbers are not needed here.
"""

from __future__ import annotations

import re
from collections import defaultdict
from dataclasses import dataclass, field
from pathlib import Path

import yaml

try:  # the C loader is much faster; fall back when PyYAML was built without libyaml
    from yaml import CSafeLoader as Loader
except ImportError:  # pragma: no cover
    from yaml import SafeLoader as Loader  # type: ignore[assignment]

# References in running text are rewritten to point at records of the synthetic archive
# (or dropped), so harvested text never names a document or minute that is not there.
DOCUMENT_REF = re.compile(r"\bDocument\s+[\"“][A-Z]{1,3}[\"”]")
DOCUMENT_ASIDE = re.compile(r"\s*\(Document\s+[\"“][A-Z]{1,3}[\"”]\)")
MINUTE_REF = re.compile(r"\bMinute\s+\d+\s*\(\d{4}/\d{2}\)")
NUMBERED = re.compile(r"^\d+(\.\d+)+\.?\s+")
FOOTNOTE = re.compile(r"\[\^\w+\]")
APPROVAL = re.compile(r"minutes of the meeting held on", re.IGNORECASE)
TITLES = {"Councillor", "Dr", "Mr", "Mrs", "Ms", "Miss"}


@dataclass
class Corpus:
    """Text pools, each a list in the order found so that sampling is deterministic."""

    committees: list[dict] = field(default_factory=list)  # name, short_name, kind, slug
    groups: list[str] = field(default_factory=list)
    co_opted_roles: list[str] = field(default_factory=list)
    forenames: list[str] = field(default_factory=list)
    surnames: list[str] = field(default_factory=list)
    roles: list[str] = field(default_factory=list)
    venues: list[str] = field(default_factory=list)
    agenda_notes: list[str] = field(default_factory=list)
    procedural: dict[str, dict] = field(default_factory=dict)  # title -> fields, minutes
    titles: list[str] = field(default_factory=list)
    descriptions: list[str] = field(default_factory=list)
    recommended: list[str] = field(default_factory=list)
    paragraphs: list[str] = field(default_factory=list)
    questions: list[dict] = field(default_factory=list)
    resolutions: list[str] = field(default_factory=list)
    outcomes: list[str] = field(default_factory=list)
    action_points: list[dict] = field(default_factory=list)
    closed_notes: list[str] = field(default_factory=list)
    report_titles: list[str] = field(default_factory=list)
    authors: list[str] = field(default_factory=list)
    summaries: list[str] = field(default_factory=list)
    equality: list[str] = field(default_factory=list)
    portfolios: list[str] = field(default_factory=list)
    recommendations: list[str] = field(default_factory=list)
    headings: list[str] = field(default_factory=list)
    blocks: list[str] = field(default_factory=list)  # report paragraphs and lists
    tables: list[str] = field(default_factory=list)
    appendices: list[str] = field(default_factory=list)  # whole appendix texts
    planned_descriptions: list[str] = field(default_factory=list)
    planned_comments: list[str] = field(default_factory=list)
    reviews: list[str] = field(default_factory=list)
    committee_names: list[str] = field(default_factory=list)  # to swap for the new one


def _add(pool: list, value) -> None:
    if value and value not in pool:
        pool.append(value)


def _text(value) -> str:
    return str(value).strip() if value is not None else ""


def _split_name(name: str) -> tuple[str | None, str]:
    words = [w for w in re.split(r"\s+", name.strip().rstrip(".")) if w and w not in TITLES]
    if not words:
        return None, ""
    forename = words[0] if len(words) > 1 and len(words[0]) > 1 else None
    return forename, words[-1]


def _add_name(corpus: Corpus, name: str) -> None:
    for part in re.split(r"/|,| and ", name or ""):
        forename, surname = _split_name(part)
        if forename and forename.isalpha() and forename[0].isupper():
            _add(corpus.forenames, forename)
        if surname.isalpha() and surname[0].isupper() and not surname.isupper():
            _add(corpus.surnames, surname)


def _paragraphs(text: str) -> list[str]:
    return [p.strip() for p in re.split(r"\n\s*\n", text or "") if p.strip()]


def _clean(text: str) -> str:
    """Harvested running text with its references to documents, minutes and footnotes
    taken out."""
    text = FOOTNOTE.sub("", DOCUMENT_REF.sub("the report", DOCUMENT_ASIDE.sub("", text)))
    return MINUTE_REF.sub("an earlier minute", text)


def _contact(corpus: Corpus, contact) -> None:
    if isinstance(contact, dict):
        _add_name(corpus, _text(contact.get("name")))
        _add(corpus.roles, _text(contact.get("role")))


def harvest(content: Path) -> Corpus:
    """Read every file under a content folder into a Corpus."""
    corpus = Corpus()
    content = Path(content)
    for path in sorted((content / "people").glob("*.yml")):
        for person in (yaml.load(path.read_text("utf-8"), Loader=Loader) or {}).values():
            _add_name(corpus, _text(person.get("name")))
    for path in sorted((content / "committees").glob("*.yml")):
        _committee(corpus, path)
    for path in sorted((content / "meetings").glob("*/*.yml")):
        _meeting(corpus, yaml.load(path.read_text("utf-8"), Loader=Loader) or {})
    for path in sorted((content / "reports").glob("*/*.md")):
        _report(corpus, path.read_text("utf-8"))
    for path in sorted((content / "work-programmes").glob("*/*.yml")):
        _work_programme(corpus, yaml.load(path.read_text("utf-8"), Loader=Loader) or {})
    return corpus


def _committee(corpus: Corpus, path: Path) -> None:
    data = yaml.load(path.read_text("utf-8"), Loader=Loader) or {}
    corpus.committees.append({"slug": path.stem, "name": data["name"], "kind": data["kind"],
                              "short_name": data.get("short_name")})
    _add(corpus.committee_names, data["name"])
    for contact in data.get("contacts") or []:
        _contact(corpus, contact)
    for year in (data.get("years") or {}).values():
        for group in year.get("members") or {}:
            _add(corpus.groups, group)
        for member in year.get("co_opted") or []:
            _add(corpus.co_opted_roles, _text(member.get("represents")))


def _meeting(corpus: Corpus, data: dict) -> None:
    _add(corpus.venues, _text(data.get("venue")))
    agenda = data.get("agenda") or {}
    for note in agenda.get("notes") or []:
        _add(corpus.agenda_notes, _text(note))
    for observer in (data.get("attendance") or {}).get("observers") or []:
        _add(corpus.roles, _text(observer.get("role")))
    for item in data.get("items") or []:
        _item(corpus, item)


def _item(corpus: Corpus, item: dict) -> None:
    title = _text(item.get("title"))
    for contact in item.get("contacts") or []:
        _contact(corpus, contact)
    if item.get("section", "").startswith("A.") or title in corpus.procedural:
        entry = corpus.procedural.setdefault(title, {"minutes": []})
        for key in ("reference", "description"):
            if item.get(key) and key not in entry:
                entry[key] = _text(item[key])
        _add(entry["minutes"], _text(item.get("minutes")))
        return
    if title.isupper() and any(t.upper() == title for t in corpus.procedural):
        return
    _add(corpus.titles, title.rstrip("."))
    _add(corpus.descriptions, _clean(_text(item.get("description"))))
    _add(corpus.recommended, _clean(_text(item.get("recommended"))))
    for paragraph in _paragraphs(item.get("minutes")):
        if not paragraph.startswith("[^"):  # footnote definitions stay with their item
            _add(corpus.paragraphs, _clean(paragraph))
    for question in item.get("questions") or []:
        corpus.questions.append({k: _text(v) for k, v in question.items()})
    for point in item.get("action_points") or []:
        corpus.action_points.append({k: _text(v) for k, v in point.items()})
    closed = item.get("closed_session") or {}
    _add(corpus.closed_notes, _text(closed.get("note")))
    for resolution in item.get("resolutions") or []:
        text = _text(resolution.get("text"))
        if not APPROVAL.search(text) and text.endswith((".", ";")):
            _add(corpus.resolutions, _clean(text))
        _add(corpus.outcomes, _text(resolution.get("outcome")))


def _report(corpus: Corpus, text: str) -> None:
    if not text.startswith("---\n"):
        _add(corpus.appendices, _clean(text.strip()))
        for block in _paragraphs(text):
            if block.startswith("|"):
                _add(corpus.tables, block)
        return
    front, _sep, body = text[4:].partition("\n---\n")
    data = yaml.load(front, Loader=Loader) or {}
    _add(corpus.report_titles, _text(data.get("title")))
    _add(corpus.authors, _text(data.get("author")))
    _add(corpus.summaries, _clean(_text(data.get("summary"))))
    _add(corpus.equality, _text(data.get("equality")))
    _add(corpus.portfolios, _text(data.get("portfolio")))
    _add(corpus.portfolios, _text(data.get("scrutiny_area")))
    for key in ("officer", "contact"):
        _contact(corpus, data.get(key))
    for recommendation in data.get("recommendations") or []:
        _add(corpus.recommendations, _clean(_text(recommendation)))
    for block in _paragraphs(body):
        if block.startswith("#"):
            _add(corpus.headings, re.sub(r"^#+\s*(\d+(\.\d+)*\.?\s*)?", "", block).strip())
        elif block.startswith("|"):
            _add(corpus.tables, block)
        else:  # numbered again where it is used
            _add(corpus.blocks, _clean(NUMBERED.sub("", block)))


def _work_programme(corpus: Corpus, data: dict) -> None:
    items = [i for m in data.get("meetings") or [] for i in m.get("items") or []]
    for item in [*items, *(data.get("unscheduled") or [])]:
        _add(corpus.titles, _text(item.get("title")).rstrip("."))
        _add(corpus.planned_descriptions, _text(item.get("description")))
        comments = _text(item.get("comments"))
        if comments and "recommendation from" not in comments.lower():
            _add(corpus.planned_comments, comments)
        _add_name(corpus, _text(item.get("author")))
    for meeting in data.get("meetings") or []:
        _add(corpus.venues, _text(meeting.get("venue")))
    for review in data.get("reviews") or []:
        _add(corpus.reviews, _text(review.get("title")).rstrip("."))


def group_counts(groups: list[str], seats: int) -> dict[str, int]:
    """Seats by political group, largest group first, roughly as councils share them."""
    shares = [0.55, 0.25, 0.12, 0.08]
    counts: dict[str, int] = defaultdict(int)
    for index in range(seats):
        # Hand each seat to the group furthest below its share so far.
        best = max(range(len(groups)), key=lambda g: (shares[g % len(shares)] * (index + 1)
                                                      - counts[groups[g]], -g))
        counts[groups[best]] += 1
    return {g: counts[g] for g in groups if counts[g]}
