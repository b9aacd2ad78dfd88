"""Nothing dropped in silence: every field a clerk writes is published or refused.

The fields are found from the code, not listed here: the readers (generator/stages/
records.py and validate.py, on reader.py's `Reader`) are watched while they read the
fixture tests/fixtures/every-field/, which sets every field, each free-text one to a
marker (`Mk` and three digits). Then, for each field:

1. the fixture sets it (else a reader has learned a key nobody tested);
2. the clerk's guide documents it, in the section for its kind of file;
3. its value reaches the built site: a generated page's visible text, or the open-data
   JSON at a place its JSON Schema describes. Fields whose value is structural (ids,
   references, choices, true/false) are checked by their visible effect, and fields
   withheld by design (exempt material) by their absence; both tables below say why.
"""

from __future__ import annotations

import datetime as dt
import functools
import json
import re
import shutil
import sys
from collections import defaultdict
from html.parser import HTMLParser
from pathlib import Path
from typing import Any

import pytest
from conftest import ROOT, add_site_config, papers
from ruamel.yaml import YAML

FIXTURE = ROOT / "tests" / "fixtures" / "every-field"
AS_OF = "2022-06-01"
MARKER = re.compile(r"\bmk\d{3}\b", re.IGNORECASE)
KINDS = {"people": "people", "committees": "committee", "meetings": "meeting",
         "reports": "report", "work-programmes": "work_programme"}

# The guide's sections where each kind of file is documented, and those of records that
# several kinds share (by the reading function in records.py that reads them).
GUIDE_SECTIONS = {
    "people": ["People files"],
    "committee": ["Committee files", "Minute numbers"],
    "meeting": ["Meeting files", "agenda", "attendance", "items", "Approving minutes",
                "resolutions", "Attachments"],
    "report": ["Report files", "Attachments"],
    "work_programme": ["Work programme files"],
}
SHARED_SECTIONS = {"contact": "Committee files"}  # "A *contact* has `name` ..."

M = "meetings/csc/2022-03-23/"  # the meeting page that holds nearly everything
# Fields whose value is structural: checked by what they visibly do, on a page (its
# address under site/) or in an open-data file (file, JSON pointer): (where, what must be
# there, why the value itself is not looked for).
STRUCTURAL: dict[str, tuple[str, str, str]] = {
    "committee.kind": ("data/csc/2021-22.json#/committee/kind", "panel",
                       "a choice from committee, panel or board"),
    "committee.years.*.members.*": ("committees/csc/", "Labour Mk016 Councillor Mk002 Geoff",
                                    "people by id under a group: the group and the names"),
    "committee.years.*.alternates.*": ("committees/csc/", "Alternates Labour Mk017 Councillor "
                                       "Firth", "people by id under a group"),
    "committee.years.*.co_opted[].person": ("committees/csc/", "Co-opted members Joyce Simpson",
                                            "a person's id: their name"),
    "committee.years.*.co_opted[].voting": ("committees/csc/", "Mk018 (voting)",
                                            "true or false"),
    "committee.years.*.chair": ("committees/csc/", "Chair: Councillor Mk002 Geoff",
                                "a person's id: their name"),
    "committee.minute_numbers.restart": ("data/csc/2021-22.json#/committee/minute_numbers/"
                                         "restart", "never", "a choice of when numbers restart"),
    "committee.minute_numbers.prefix": (M, "Minute MK 4711/21", "written before each number"),
    "committee.minute_numbers.year_suffix": (M, "Minute MK 4711/21", "true or false: the '/21'"),
    "meeting.committee": (M, "Committee Test Committee Mk010", "a committee's id: its name"),
    "meeting.municipal_year": (M, "Municipal year 2021/22", "a year, shown as written"),
    "meeting.status": (M, "Status Held", "a choice of status"),
    "meeting.attendance.present.*": (M, "Present Labour Mk111 Councillor Mk002 Geoff",
                                     "people by id under a group"),
    "meeting.attendance.co_opted": (M, "Co-opted members present Joyce Simpson",
                                    "people's ids: their names"),
    "meeting.attendance.alternates[].person": (M, "Alternates Councillor Firth for",
                                               "a person's id: their name"),
    "meeting.attendance.alternates[].for": (M, "Firth for Councillor Pollard",
                                            "a person's id: their name"),
    "meeting.attendance.apologies": (M, "Apologies Dr Samina Karim", "people's ids"),
    "meeting.attendance.observers[].person": (M, "Observers Councillor Duffy",
                                              "a person's id: their name"),
    "meeting.attendance.chair": (M, "Mk001 in the chair", "a person's id: their name"),
    "meeting.items[].documents[].letter": (M, 'Document "C"', "a letter naming a document"),
    "meeting.items[].documents[].exempt.paragraph": (
        M, "exempt under paragraph 3 of Schedule 12A", "a paragraph number of Schedule 12A"),
    "meeting.items[].previous_reference": (M, "Previous reference: Minute 46 (2018/19)",
                                           "a reference, shown as written or as a link"),
    "meeting.items[].answers": (M, "Requested by minute MK 3001/21, resolution 1",
                                "a reference: a link to what it answers"),
    "meeting.disclosures[].person": (M, "for the whole meeting Councillor Mk002 Geoff",
                                     "a person's id: their name"),
    "meeting.disclosures[].left_room": (M, "(stayed in the room)", "true or false"),
    "meeting.items[].disclosures[].concerns": (
        M, "Mk136 interest. (left the room) Concerns item 617",
        "items of the meeting: named, and linked"),
    "meeting.disclosures[].concerns": (
        M, "Mk313 interest in all business. (stayed in the room) Concerns minute 4711",
        "items of the meeting: named, and linked"),
    "meeting.items[].disclosures[].person": (M, "Disclosures of interest Councillor Pollard",
                                             "a person's id: their name"),
    "meeting.items[].disclosures[].left_room": (M, "(left the room)",
                                                "true or false"),
    "meeting.items[].closed_session.paragraph": (
        M, "exempt under paragraph 1 of Schedule 12A", "a paragraph number of Schedule 12A"),
    "meeting.items[].resolutions[].number": (
        "data/meetings/csc/2022-03-23.json#/agenda/0/resolutions/0/id",
        "csc/2022-03-23#minute-mk-4711-21.7", "a number: part of the resolution's id"),
    "meeting.items[].resolutions[].withdrawn": (M, "Status: Withdrawn", "true or false"),
    "meeting.items[].added.kind": (M, "Urgent business", "a choice of supplementary or urgent"),
    "meeting.items[].approves_minutes[].meeting": (
        M, "Approves the minutes of Wednesday 9 February 2022", "a reference to a meeting"),
    "meeting.attachments[].file": (M, "Agenda pack Mk151 (PDF, 23 bytes)",
                                   "a file's name: the file, linked with its type and size"),
    "meeting.attachments[].exempt.paragraph": (
        M, "exempt under paragraph 2 of Schedule 12A", "a paragraph number of Schedule 12A"),
    "report.meeting": ("reports/csc/2022-03-23-A/", "Wednesday 23 March 2022",
                       "a reference to the meeting it goes to"),
    "report.letter": ("reports/csc/2022-03-23-A/", 'Document "A"', "a document letter"),
    "report.answers": ("data/meetings/csc/2022-03-23.json#/documents/0/report/answers",
                       "csc/2022-02-09#minute-mk-3001-21.1", "a reference to a resolution"),
    "report.exempt.paragraph": ("reports/csc/2022-03-23-B/",
                                "exempt under paragraph 5 of Schedule 12A",
                                "a paragraph number of Schedule 12A"),
    "report.appendices[].file": ("reports/csc/2022-03-23-A/", "Mk224 appendix text",
                                 "a file's name: the file's text is published"),
    "report.appendices[].shows": ("reports/csc/2022-03-23-A/",
                                  "Work Programme Appendix Mk219",
                                  "names a page of the site: the appendix links to it"),
    "report.appendices[].exempt.paragraph": ("reports/csc/2022-03-23-A/",
                                             "exempt under paragraph 4 of Schedule 12A",
                                             "a paragraph number of Schedule 12A"),
    "report.attachments[].file": ("reports/csc/2022-03-23-A/", "Original Report Mk222 (PDF",
                                  "a file's name: the file, linked with its type and size"),
    "report.attachments[].exempt.paragraph": ("reports/csc/2022-03-23-A/",
                                              "exempt under paragraph 6 of Schedule 12A",
                                              "a paragraph number of Schedule 12A"),
    "work_programme.committee": ("work-programmes/csc/2021-22/", "Test Committee Mk010",
                                 "a committee's id: its name"),
    "work_programme.municipal_year": ("work-programmes/csc/2021-22/", "2021/22",
                                      "a year, shown as written"),
    "work_programme.status": ("work-programmes/csc/2021-22/", "Agreed work programme",
                              "a choice of draft or agreed"),
    "work_programme.meetings[].items[].origin": (
        "work-programmes/csc/2021-22/", "Mk305 planned comments. Origin: minute MK 3001/21, "
        "resolution 1", "a reference: a link to the resolution"),
    "work_programme.meetings[].items[].status": ("work-programmes/csc/2021-22/", "moved",
                                                 "a choice of status"),
    "work_programme.unscheduled[].origin": (
        "work-programmes/csc/2021-22/", "Mk309 unscheduled comments. Origin: minute MK 3001/21, "
        "resolution 1", "a reference: a link to the resolution"),
    "work_programme.unscheduled[].status": ("work-programmes/csc/2021-22/", "deferred",
                                            "a choice of status"),
}

# Withheld by design: their markers must reach nothing at all.
WITHHELD: dict[str, str] = {
    "meeting.items[].closed_session.minutes": "the minutes of a closed session are exempt",
}


# -- 1. the fields the readers accept --------------------------------------------------

class Watched:
    """What the readers asked for while reading the fixture."""

    def __init__(self) -> None:
        self.asked: list[tuple[str, str, str, str]] = []  # (file, key path, key, reader)
        self.data_parents: set[tuple[str, str]] = set()  # (file, key path) keyed by data

    def normal(self, file: str, key_path: str, key: str | None = None) -> str:
        """A key path as a field: the kind of file first, list indexes as [] and keys
        that are data (ids, years, group names) as *."""
        kind = KINDS[Path(file).parts[1]]
        raw = [part for part in key_path.split(".") if part] + ([key] if key else [])
        parts: list[str] = []
        for index, part in enumerate(raw):
            name, _, rest = part.partition("[")
            if (file, ".".join(raw[:index])) in self.data_parents:
                name = "*"
            parts.append(name + ("[]" if rest else ""))
        return ".".join([kind, *parts])

    def fields(self) -> dict[str, str]:
        """Each field and the function in records.py or validate.py that reads it."""
        return {self.normal(file, key_path, key): reader
                for file, key_path, key, reader in self.asked}


def watch(watched: Watched):
    """Patches for Reader's methods that record each key asked for (the outermost ask:
    text() asking raw() for the same key is one field)."""
    from generator.stages.reader import Reader

    active: list[tuple[int, str]] = []
    patches = []

    def spy(name: str):
        method = getattr(Reader, name)

        @functools.wraps(method)
        def wrapper(self, key, *args, **kwargs):
            mark = (id(self), key)
            if mark not in active:
                caller = sys._getframe(1).f_code.co_qualname.split(".")[0]
                watched.asked.append((self.path, self.key_path, key, caller))
            active.append(mark)
            try:
                return method(self, key, *args, **kwargs)
            finally:
                active.pop()
        return wrapper

    for name in ("raw", "text", "known_text", "integer", "boolean", "choice", "date",
                 "time", "datetime", "mapping", "nested", "sequence", "list_of",
                 "text_list", "text_list_at"):
        patches.append((Reader, name, spy(name)))

    items = Reader.items

    def keyed_by_data(self):
        watched.data_parents.add((self.path, self.key_path))
        return items(self)
    patches.append((Reader, "items", keyed_by_data))
    return patches


def fixture_values(watched: Watched, content: Path) -> dict[str, list[Any]]:
    """Each field the fixture sets and its values, read from the files independently of
    the generator (a report's fields from its front matter)."""
    yaml = YAML(typ="safe")
    values: dict[str, list[Any]] = defaultdict(list)

    def walk(file: str, node: Any, key_path: str) -> None:
        for key, value in node.items():
            path = f"{key_path}.{key}" if key_path else str(key)
            field = watched.normal(file, key_path, str(key))
            if isinstance(value, dict):
                values.setdefault(field, [])  # a field of its own, with fields inside
                walk(file, value, path)
            elif isinstance(value, list):
                values.setdefault(field, [])  # a field even when its entries are fields
                for index, item in enumerate(value):
                    if isinstance(item, dict):
                        walk(file, item, f"{path}[{index}]")
                    elif field.endswith(".documents"):  # a bare letter: {letter: X}
                        values[f"{field}[].letter"].append(item)
                    else:
                        values[field].append(item)
            else:
                values[field].append(value)

    for path in sorted(content.rglob("*")):
        file = path.relative_to(content.parent).as_posix()
        if path.suffix == ".yml":
            walk(file, yaml.load(path), "")
        elif path.suffix == ".md" and path.read_text().startswith("---\n"):
            walk(file, yaml.load(path.read_text().split("---\n")[1]), "")
    return values


# -- 3. the built site -----------------------------------------------------------------

class VisibleText(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.parts: list[str] = []
        self.hidden = 0

    def handle_starttag(self, tag, attrs):
        self.hidden += tag in ("script", "style", "template")

    def handle_endtag(self, tag):
        self.hidden -= tag in ("script", "style", "template")

    def handle_data(self, data):
        if not self.hidden and data.strip():
            self.parts.append(data.strip())


def visible_text(html: str) -> str:
    parser = VisibleText()
    parser.feed(html)
    return " ".join(parser.parts)


def generated_pages(site: Path) -> dict[str, str]:
    """The visible text of each page made from content (not the site's own docs pages,
    whose text mentions fields by name), by address."""
    docs = {p.stem for p in (ROOT / "docs").glob("*.md")}
    pages = {}
    for path in sorted(site.rglob("index.html")):
        address = path.parent.relative_to(site).as_posix() + "/"
        if address.split("/")[0] not in docs:
            pages[address.lstrip("./")] = visible_text(path.read_text(encoding="utf-8"))
    return pages


def json_leaves(node: Any, pointer: str = "") -> list[tuple[str, Any]]:
    if isinstance(node, dict):
        return [leaf for key, value in node.items()
                for leaf in json_leaves(value, f"{pointer}/{key}")]
    if isinstance(node, list):
        return [leaf for index, value in enumerate(node)
                for leaf in json_leaves(value, f"{pointer}/{index}")]
    return [(pointer, node)]


class Schemas:
    """The open-data JSON Schemas, to say whether a place in a file is described."""

    def __init__(self, folder: Path) -> None:
        self.by_id = {}
        for path in folder.glob("*.schema.json"):
            schema = json.loads(path.read_text())
            self.by_id[schema["$id"]] = schema

    def for_file(self, name: str) -> dict:
        kind = ("index" if name == "data/index.json" else
                "meeting" if name.startswith("data/meetings/") else "committee-year")
        return self.by_id[f"urn:committee-papers:schema:{kind}"]

    def resolve(self, ref: str, base: dict) -> tuple[dict, dict]:
        uri, _, fragment = ref.partition("#")
        root = self.by_id[uri] if uri else base
        node = root
        for part in fragment.split("/")[1:]:
            node = node[part]
        return node, root

    def described(self, schema: dict, root: dict, parts: list[str]) -> bool:
        """Whether the schema names the place parts leads to (not merely allows it)."""
        if "$ref" in schema:
            target, target_root = self.resolve(schema["$ref"], root)
            if self.described(target, target_root, parts):
                return True
        for key in ("anyOf", "oneOf", "allOf"):
            if any(self.described(sub, root, parts) for sub in schema.get(key, [])):
                return True
        if not parts:
            return any(key in schema for key in ("type", "const", "enum", "$ref", "anyOf"))
        head, rest = parts[0], parts[1:]
        if head in schema.get("properties", {}):
            return self.described(schema["properties"][head], root, rest)
        if head.isdigit() and isinstance(schema.get("items"), dict):
            return self.described(schema["items"], root, rest)
        return False


def renderings(value: Any) -> list[str]:
    """What of a value the clerk wrote must be published: a pattern each (a text's
    markers; a number, date or time as it may be written)."""
    if isinstance(value, str) and re.fullmatch(r"\d{1,2}:\d{2}", value):
        return [times(dt.time.fromisoformat(value.zfill(5)))]
    if isinstance(value, str) and re.fullmatch(r"\d{4}-\d\d-\d\d[ T]\d{1,2}:\d\d", value):
        value = dt.datetime.fromisoformat(value.replace(" ", "T"))
    if isinstance(value, bool):
        return []
    if isinstance(value, str):
        return [m.lower() for m in MARKER.findall(value)]
    if isinstance(value, int):
        return [rf"\b{value}\b"]
    if isinstance(value, dt.datetime):
        day, time = dates(value.date()), times(value.time())
        return [rf"(?:{day})\D{{0,20}}(?:{time})|(?:{time})\D{{0,20}}(?:{day})"]
    if isinstance(value, dt.date):
        return [dates(value)]
    return []


def dates(day: dt.date) -> str:
    return rf"\b{day.isoformat()}\b|\b{day.day} {day:%B %Y}\b"


def times(time: dt.time) -> str:
    hour = time.hour % 12 or 12
    suffix = "am" if time.hour < 12 else "pm"
    return rf"\b{time:%H:%M}\b|\b{hour}[.:]{time:%M} ?{suffix}\b"


@pytest.fixture(scope="module")
def every_field(tmp_path_factory):
    """The fixture read (with the readers watched) and built once: (the fields asked
    for, the fixture's values, the site)."""
    from generator.record.diagnostics import Diagnostics
    from generator.stages.load import load
    from generator.stages.validate import validate

    project = tmp_path_factory.mktemp("every-field") / "project"
    shutil.copytree(FIXTURE / "content", project / "content")
    add_site_config(project)

    watched = Watched()
    monkeypatch = pytest.MonkeyPatch()
    for owner, name, replacement in watch(watched):
        monkeypatch.setattr(owner, name, replacement)
    try:
        diags = Diagnostics()
        validate(load(project / "content", diags), diags)
    finally:
        monkeypatch.undo()
    assert not diags.errors, [str(d) for d in diags.errors]

    site = project / "site"
    result = papers("--project", str(project), "build", "--as-of", AS_OF,
                    "--site-dir", str(site))
    assert result.returncode == 0, result.stdout + result.stderr
    return watched, fixture_values(watched, project / "content"), site


def leaves(fields) -> list[str]:
    """The fields that hold a value, not other fields."""
    return sorted(f for f in fields
                  if not any(o.startswith((f + ".", f + "[].")) for o in fields))


def test_the_readers_are_watched(every_field):
    watched, _values, _site = every_field
    fields = watched.fields()
    assert {"meeting.items[].reason", "meeting.items[].resolutions[].requests.due",
            "committee.years.*.co_opted[].represents", "people.*.notes",
            "report.appendices[].shows", "work_programme.unscheduled[].moved_to"} <= set(fields)
    assert fields["meeting.agenda.from.email"] == "contact"


def test_the_fixture_sets_every_field_the_readers_accept(every_field):
    watched, values, _site = every_field
    unset = sorted(set(watched.fields()) - set(values))
    assert not unset, ("the readers accept fields that tests/fixtures/every-field/ does "
                       f"not set; set each there (a marker where it is text): {unset}")


# -- 2. the clerk's guide ----------------------------------------------------------------

def guide_sections() -> dict[str, str]:
    guide = (ROOT / "docs" / "clerk-guide.md").read_text(encoding="utf-8")
    sections: dict[str, str] = {}
    heading = ""
    fenced = False
    for line in guide.splitlines():
        fenced ^= line.startswith("```")
        match = None if fenced else re.match(r"#{2,3} (.+)", line)
        if match:
            heading = match.group(1)
        else:
            sections[heading] = sections.get(heading, "") + line + "\n"
    return sections


def names_in(text: str) -> set[str]:
    """The field names a piece of the guide mentions: in backticks (each part of a dotted
    path) or as YAML keys."""
    names = {part for quoted in re.findall(r"`([^`\n]+)`", text)
             for part in quoted.split(".")}
    return names | set(re.findall(r"^\s*(?:- )?([a-z_]+):", text, re.MULTILINE))


def blocks(text: str) -> list[str]:
    """A section's table rows, paragraphs and code examples, each one piece."""
    pieces = re.split(r"\n\s*\n|\n(?=\|)|(?=```)", text)
    return [p for p in pieces if p.strip()]


def singular(name: str) -> str:
    for plural, one in (("ices", "ix"), ("ies", "y"), ("s", "")):
        if name.endswith(plural):
            return name[: -len(plural)] + one
    return name


def mentions(block: str, name: str) -> bool:
    """Whether a piece of the guide speaks of name: as a field, or in words ("each
    appendix")."""
    if name in names_in(block):
        return True
    words = rf"\b(?:{re.escape(name)}|{re.escape(singular(name))})\b"
    return re.search(words, block.replace("_", " "), re.IGNORECASE) is not None


def documented(field: str, reader: str, sections: dict[str, str]) -> bool:
    kind, *parts = field.split(".")
    names = [part.removesuffix("[]") for part in parts]
    leaf = names[-1]
    if leaf == "*":
        return True  # a key that is data: its parent is the field
    parent = next((n for n in reversed(names[:-1]) if n != "*"), None)
    own = GUIDE_SECTIONS[kind]
    shared = SHARED_SECTIONS.get(reader)
    if shared and leaf in names_in(sections[shared]):
        return True
    for heading in own:
        for block in blocks(sections[heading]):
            if leaf in names_in(block) and (parent is None
                                            or parent.replace("_", " ") == heading.lower()
                                            or mentions(block, parent.replace("_", " "))):
                return True
    return False


def test_every_field_is_in_the_clerks_guide(every_field):
    watched, _values, _site = every_field
    sections = guide_sections()
    missing = sorted(field for field, reader in watched.fields().items()
                     if not documented(field, reader, sections))
    assert not missing, ("fields the readers accept that docs/clerk-guide.md does not "
                         f"document where a clerk would look: {missing}")


# -- 3. the published site ---------------------------------------------------------------

@pytest.fixture(scope="module")
def published(every_field):
    """(visible text of each generated page, every open-data value with its file and
    pointer, the schemas)."""
    _watched, _values, site = every_field
    pages = generated_pages(site)
    data = []
    for path in sorted((site / "data").rglob("*.json")):
        name = path.relative_to(site).as_posix()
        if not name.startswith("data/schema/"):
            data += [(name, pointer, value)
                     for pointer, value in json_leaves(json.loads(path.read_text()))]
    return pages, data, Schemas(ROOT / "generator" / "outputs" / "schema")


def where_published(patterns: list[str], pages, data, schemas) -> tuple[list[str], list[str]]:
    """Where each pattern is found: the places that count, and the JSON places the schema
    does not describe."""
    found, undescribed = [], []
    for pattern in patterns:
        regex = re.compile(pattern, re.IGNORECASE)
        found += [address for address, text in pages.items() if regex.search(text)]
        for name, pointer, value in data:
            if isinstance(value, (str, int)) and not isinstance(value, bool) and (
                    regex.search(str(value))):
                if schemas.described(schemas.for_file(name), schemas.for_file(name),
                                     pointer.split("/")[1:]):
                    found.append(f"{name}#{pointer}")
                else:
                    undescribed.append(f"{name}#{pointer}")
    return found, undescribed


def test_the_tables_name_fields_the_readers_accept(every_field):
    watched, _values, _site = every_field
    fields = set(watched.fields())
    stale = sorted((set(STRUCTURAL) | set(WITHHELD)) - fields)
    assert not stale, f"the tables name fields no reader accepts: {stale}"


def test_every_field_reaches_a_page_or_the_open_data(every_field, published):
    watched, values, _site = every_field
    pages, data, schemas = published
    dropped, unmarked, undescribed = [], [], []
    for field in leaves(watched.fields()):
        if field in STRUCTURAL or field in WITHHELD:
            continue
        patterns = [p for value in values.get(field, []) for p in renderings(value)]
        if not patterns:
            unmarked.append(field)
            continue
        # Every value must arrive, not merely one: each list entry is a fact.
        for pattern in patterns:
            found, elsewhere = where_published([pattern], pages, data, schemas)
            undescribed += [f"{field} at {place}" for place in elsewhere]
            if not found:
                dropped.append(f"{field} ({pattern})")
    assert not unmarked, ("give these fields a marker (Mk and three digits), a number, a "
                          f"date or a time in the fixture, or add them to STRUCTURAL: {unmarked}")
    assert not undescribed, f"open data the JSON Schema does not describe: {undescribed}"
    assert not dropped, f"fields published on no page and in no open data: {dropped}"


@pytest.mark.parametrize("field", sorted(STRUCTURAL))
def test_structural_fields_have_their_effect(field, published):
    pages, data, _schemas = published
    where, expected, _reason = STRUCTURAL[field]
    if "#" in where:
        name, pointer = where.split("#")
        found = [value for file, at, value in data if file == name and at == pointer]
        assert found == [expected], (field, where, found)
    else:
        text = re.sub(r"\s+", " ", pages[where])
        words = r"\W+".join(re.escape(word) for word in expected.split())
        assert re.search(words, text, re.IGNORECASE), (field, where, expected)


def leaked(site: Path, markers: list[str]) -> list[str]:
    """The published files (pages, search index, data, feeds, calendars) holding any."""
    out = []
    for path in site.rglob("*"):
        if path.is_file() and path.suffix in (".html", ".json", ".xml", ".ics", ".atom"):
            text = path.read_text(encoding="utf-8", errors="replace").lower()
            out += [f"{m} in {path.relative_to(site)}" for m in markers if m in text]
    return out


def test_withheld_fields_reach_nothing(every_field):
    _watched, values, site = every_field
    for field in WITHHELD:
        markers = [m for value in values[field] for m in renderings(value)]
        assert markers, field
        assert not leaked(site, markers), field


def test_a_reports_body_is_published_and_an_exempt_one_is_not(every_field, published):
    """A report's body (below its front matter) is no field, but the clerk wrote it."""
    _watched, _values, site = every_field
    pages, data, schemas = published
    found, undescribed = where_published(["mk223"], pages, data, schemas)
    assert "reports/csc/2022-03-23-A/" in found and not undescribed, (found, undescribed)
    assert [place for place in found if place.endswith("/report/body")], found
    assert not leaked(site, ["mk231"])


def test_an_answers_reference_outside_the_archive_is_published(published):
    """`answers` naming a resolution the archive does not hold is warned about; what the
    clerk wrote must still be published (minute 3002 of 9 February 2022 answers one of
    11 March 2021, before the fixture's archive begins)."""
    pages, data, _schemas = published
    written = re.compile(r"2021-03-11|11 March 2021")
    page = pages["meetings/csc/2022-02-09/"]
    item = page[page.index("Answering an Earlier Year"):]
    in_data = [pointer for name, pointer, value in data
               if name == "data/meetings/csc/2022-02-09.json" and pointer.startswith("/agenda/1/")
               and isinstance(value, str) and written.search(value)]
    assert written.search(item) or in_data, "the unresolved answers reference was dropped"
