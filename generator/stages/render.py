"""Stage 4, render: the linked record into pages, through Jinja2 templates in theme/.

Render decides nothing about facts: statuses, links and dates come from `link`; this
module only works out where each page lives, how pages refer to each other, and what
words a reader sees. Each page is an HTML fragment with a title, handed to the builder.
"""

from __future__ import annotations

import calendar
import datetime as dt
import functools
import json
import re
import threading
import types
from collections import defaultdict
from collections.abc import Callable
from pathlib import Path

from jinja2 import Environment, FileSystemLoader, StrictUndefined, select_autoescape
from jinja2.runtime import Context
from markupsafe import Markup, escape

from generator.record.model import (
    AgendaItem,
    Archive,
    Committee,
    Meeting,
    MinuteRef,
    Reference,
    Report,
)
from generator.record.references import municipal_year, year_slug
from generator.stages import text
from generator.stages.break_points import mark_break_points
from generator.stages.link import (
    Links,
    RequestStatus,
    item_index,
    minute_targets,
    minutes_standing,
)
from generator.stages.reader import parse_date, parse_month
from generator.stages.tables import stack_tables


def _theme() -> Path:
    """The theme: inside the installed package, where the wheel maps the repository's
    theme/ (pyproject.toml), or beside generator/ in a source tree."""
    package = Path(__file__).resolve().parents[1]
    installed = package / "theme"
    return installed if installed.is_dir() else package.parent / "theme"


THEME = _theme()
TEMPLATES = THEME / "templates"


class Page:
    """A generated page: where it goes (a Markdown path MkDocs knows), its title, and its
    HTML, rendered when first asked for and kept until `forget()`. A build renders each
    page as MkDocs writes it and then forgets it, so a large archive's pages are never
    all held at once (24,000 pages of HTML are most of a gigabyte)."""

    __slots__ = ("uri", "title", "_make", "_html")

    def __init__(self, uri: str, title: str, html: str | Callable[[], str]) -> None:
        self.uri, self.title = uri, title
        self._make = html if callable(html) else None
        self._html = None if callable(html) else html

    @property
    def html(self) -> str:
        if self._html is None:
            self._html = self._make()
        return self._html

    def keep(self, html: str) -> None:
        """Hold HTML rendered elsewhere (render_ahead.py) as this page's."""
        self._html = html

    def forget(self) -> None:
        """Drop the HTML, when it can be rendered again."""
        if self._make is not None:
            self._html = None

    def source(self) -> str:
        """The page as a Markdown file: a title, then one raw HTML block."""
        return f"{self.front()}\n{self.body()}\n"

    def front(self) -> str:
        """The front matter MkDocs reads the page's title from: a JSON string, which YAML
        reads as a double-quoted one. Not ASCII-escaped: YAML does not join the surrogate
        pair JSON writes for a character beyond U+FFFF (an emoji), and the title was lost;
        the few characters YAML does not print are escaped instead."""
        title = json.dumps(text.builder_title(self.title), ensure_ascii=False)
        return f"---\ntitle: {_NOT_YAML_PRINTABLE.sub(_escaped, title)}\n---\n"

    def body(self) -> str:
        """The page's HTML as Markdown turns the source's one raw block into HTML."""
        return f'<div class="papers">\n{self.html}\n</div>'


# What YAML will not read raw in a stream, or reads as a line break (NEL, U+2028 and
# U+2029); JSON has escaped the C0 controls already.
_NOT_YAML_PRINTABLE = re.compile("[\x7f-\x9f\u2028\u2029\ud800-\udfff\ufffe\uffff]")


def _escaped(match: re.Match) -> str:
    return f"\\u{ord(match.group()):04x}"


def page_url(uri: str) -> str:
    """The directory URL MkDocs gives a page: a/b.md -> a/b/, a/index.md -> a/."""
    stem = uri[:-3]
    if stem == "index":
        return ""
    if stem.endswith("/index"):
        return stem[: -len("index")]
    return stem + "/"


def relative_path(there: str, here: str) -> str:
    """posixpath.relpath(there, here) for two of the site's own paths (relative, without
    '.' or '..' parts, "" for the root): a build asks half a million times, and relpath
    first makes both absolute against the working directory."""
    return _relative_to(there, _parts(here))


def _parts(path: str) -> list[str]:
    path = path.strip("/")
    return path.split("/") if path else []


def _relative_to(there: str, at: list[str]) -> str:
    """relative_path, from the parts of the page's own path (worked out once a page)."""
    to = _parts(there)
    same = 0
    for a, b in zip(to, at, strict=False):
        if a != b:
            break
        same += 1
    return "/".join([".."] * (len(at) - same) + to[same:]) or "."


def meeting_uri(meeting_id: str) -> str:
    return f"meetings/{meeting_id}.md"


def report_uri(report_id: str) -> str:
    return f"reports/{report_id}.md"


def committee_uri(committee: str) -> str:
    return f"committees/{committee}/index.md"


def committee_year_uri(committee: str, year: str) -> str:
    return f"committees/{committee}/{year_slug(year)}.md"


def work_programme_uri(committee: str, year: str) -> str:
    return f"work-programmes/{committee}/{year_slug(year)}.md"


def tracker_uri(committee: str, year: str) -> str:
    return f"trackers/{committee}/{year_slug(year)}.md"


def person_uri(person_id: str) -> str:
    return f"people/{person_id}.md"


def person_year_uri(person_id: str, year: str) -> str:
    return f"people/{person_id}/{year_slug(year)}.md"


def item_label(item: AgendaItem) -> str | None:
    """How the papers number an item: 'minute E.91/23' or 'item 3'; None where they give
    it no number (its place in the list is not one)."""
    if item.minute is not None:
        return f"minute {item.minute}"
    if item.number is not None:
        return f"item {item.number}"
    return None


def item_anchor(meeting: Meeting, index: int) -> str:
    item = meeting.items[index]
    if item.minute is not None:
        return "minute-" + re.sub(r"[^a-z0-9]+", "-", str(item.minute).lower()).strip("-")
    if item.number is not None:
        return f"item-{item.number}"
    return f"item-at-{index + 1}"


_TABLE_TAG = re.compile(r"</?table>")
# A footnote's id, or a link to one: id="fn-1", href="#fnref-1" (the sanitizer allows no
# other ids: text.py).
_FOOTNOTE_ID = re.compile(r'\b(id=|href=)"(#?)(fn|fnref)-')
_EMPTY_HEAD = re.compile(r"<thead>\s*<tr>(?:\s*<th[^>]*>\s*</th>)+\s*</tr>\s*</thead>\s*")


def relevel_headings(html: str, top: int) -> str:
    """Shift headings so the highest becomes h{top}: a report's '#' or '##' sits under the
    page's own h2 without skipping a level."""
    if "<h" not in html:  # most texts have no heading
        return html
    levels = text.HEADING_LEVEL.findall(html)
    return text.shift_headings(html, top - int(min(levels))) if levels else html


def wrap_tables(html: str, count: int) -> tuple[str, int]:
    """Put each table from clerk Markdown in a labelled region that takes keyboard focus,
    so a wide table scrolls on its own and a keyboard user can scroll it. Tables are
    numbered through the page (count: tables so far) so each region's name is unique.
    A table inside another's cell goes with it: only the outermost is wrapped, ending at
    its own </table>, not the first one found."""
    if "<table>" not in html:
        return html, count
    out: list[str] = []
    depth = start = done = 0
    for tag in _TABLE_TAG.finditer(html):
        if tag.group() == "<table>":
            if depth == 0:
                start = tag.start()
            depth += 1
        elif depth:
            depth -= 1
            if depth == 0:
                count += 1
                # Markdown cannot write a table without a header row; an empty one is dropped.
                body = _EMPTY_HEAD.sub("", html[start + len("<table>"):tag.start()], count=1)
                out.append(html[done:start])
                out.append(f'<div class="table-wrapper" role="region" aria-label="Table {count}" '
                           f'tabindex="0"><table class="data-table">{body}</table></div>')
                done = tag.end()
    out.append(html[done:])
    return "".join(out), count


def number_footnotes(html: str, text_number: int) -> str:
    """Footnote ids unique on the page: the second and later texts with footnotes on a page
    (a report's body and its summary, two minutes) all number theirs from 1, so their ids
    become fn2-1, fnref2-1, and so on; the first text's stay fn-1."""
    if text_number < 2:
        return html
    return _FOOTNOTE_ID.sub(lambda m: f'{m.group(1)}"{"#" if m.group(2) else ""}'
                                      f'{m.group(3)}{text_number}-', html)


@functools.lru_cache(maxsize=16384)  # an archive has a few thousand dates, each asked often
def long_date(day: dt.date | None) -> str:
    if day is None:
        return "date unknown"
    return f"{day:%A} {day.day} {day:%B %Y}"


def clock(time: dt.time | None) -> str:
    if time is None:
        return ""
    hour = time.hour % 12 or 12
    suffix = "am" if time.hour < 12 else "pm"
    return f"{hour}.{time.minute:02d}{suffix}" if time.minute else f"{hour}{suffix}"


# Python's own functions and methods: called as they are, with no context to pass.
_PLAIN_CALLABLES = frozenset((types.FunctionType, types.MethodType, types.BuiltinFunctionType))


class _Context(Context):
    """Jinja's context, calling a template's plain functions straight away. Jinja asks of
    every call whether the callee wants the context passed in; our helpers never do, and
    at L the asking was a tenth of rendering (three million calls). Anything marked with
    jinja2's pass_context and the like, macros included, goes Jinja's way."""

    def call(__self, __obj, *args, **kwargs):  # noqa: N805 - Jinja's own signature
        if type(__obj) in _PLAIN_CALLABLES and not hasattr(__obj, "jinja_pass_arg"):
            kwargs.pop("_block_vars", None)
            kwargs.pop("_loop_vars", None)
            try:
                return __obj(*args, **kwargs)
            except StopIteration:  # as Jinja has it
                return __self.environment.undefined("value was undefined because a callable "
                                                    "raised a StopIteration exception")
        return super().call(__obj, *args, **kwargs)


class Renderer:
    """Renders every page; keeps the page being rendered so links come out relative."""

    def __init__(self, archive: Archive, links: Links, templates: Path = TEMPLATES) -> None:
        self.archive = archive
        self.links = links
        self._here: list[str] = []  # the folder of the page being rendered, in parts
        self.env = Environment(
            loader=FileSystemLoader(str(templates)),
            autoescape=select_autoescape(["html"]),
            undefined=StrictUndefined,
            trim_blocks=True,
            lstrip_blocks=True,
        )
        self.env.context_class = _Context
        self.env.filters.update(long_date=long_date, clock=clock, id_of=id, file_size=file_size)
        self.env.globals.update(
            href=self.href, href_file=self.href_file, md=self.markdown, person=self.person,
            archive=archive, links=links,
            meeting_uri=meeting_uri, report_uri=report_uri, committee_uri=committee_uri,
            person_uri=person_uri, person_year_uri=person_year_uri,
            committee_year_uri=committee_year_uri, attachment_uri=attachment_uri,
            work_programme_uri=work_programme_uri, tracker_uri=tracker_uri,
            item_anchor=item_anchor, item_label=item_label, Status=RequestStatus,
            resolution_link=self.resolution_link,
            report_for=self.report_for, committee_name=self.committee_name,
            minute_href=self.minute_href, reference_link=self.reference_link,
            concerned=self.concerned,
        )
        self._meeting: Meeting | None = None
        self._rendering = threading.Lock()  # serve renders from more than one thread
        self._tables = 0
        self._footnoted = 0  # texts with footnotes on the page so far

    # -- helpers the templates call ------------------------------------------------------
    def href(self, uri: str, anchor: str | None = None) -> str:
        relative = _relative_to(page_url(uri), self._here)
        relative = "./" if relative == "." else relative + "/"
        return f"{relative}#{anchor}" if anchor else relative

    def href_file(self, path: str) -> str:
        """A relative link from the current page to a file in the site (a calendar, a feed)."""
        return _relative_to(path, self._here)

    def markdown(self, source: str | None, top: int = 4) -> Markup:
        """Clerk Markdown as safe HTML whose highest heading is an h{top}, fitting under the
        page's own headings, with its tables in focusable regions."""
        html = relevel_headings(text.to_html(source, self._link_text), top)
        html, self._tables = wrap_tables(html, self._tables)
        if 'class="footnotes"' in html:
            self._footnoted += 1
            html = number_footnotes(html, self._footnoted)
        return Markup(html)

    def _link_text(self, html: str) -> str:
        meeting = self._meeting
        if meeting is None:
            return html

        def minute_href(ref: MinuteRef) -> str | None:
            return self.minute_href(ref, meeting)

        def document_href(letter: str) -> str | None:
            report = self.links.reports.get((meeting.id, letter))
            return self.href(report_uri(report)) if report else None

        return text.link_references(html, minute_href, document_href)

    def minute_href(self, ref: MinuteRef, meeting: Meeting) -> str | None:
        """Where a minute reference written at `meeting` points, if it names one minute
        of the archive."""
        targets = minute_targets(self.archive, self.links, ref, meeting)
        if len(targets) != 1:
            return None
        target = self.archive.meetings[targets[0][0]]
        return self.href(meeting_uri(target.id), item_anchor(target, targets[0][1]))

    def person(self, person_id: str | None) -> Markup:
        """A person's name, linked to their page."""
        person = self.archive.people.get(person_id or "")
        if person is None:
            return escape(person_id or "")
        # Not Markup.format: string.Formatter in Python cost a second at L.
        return Markup(f'<a href="{escape(self.href(person_uri(person.id)))}">'
                      f'{escape(person.display_name)}</a>')

    def committee_name(self, committee_id: str) -> str:
        committee = self.archive.committees.get(committee_id)
        return committee.name if committee else committee_id

    def report_for(self, meeting_id: str, letter: str) -> Report | None:
        report_id = self.links.reports.get((meeting_id, letter))
        return self.archive.reports.get(report_id) if report_id else None

    def concerned(self, meeting: Meeting, disclosure) -> Markup:
        """The items a disclosure names, each linked where its minutes are here:
        'item 10', 'item 7 and item 8'."""
        parts = []
        for ref in disclosure.concerns:
            index = item_index(meeting, ref)
            words = escape(ref.text)
            if index is not None:
                href = self.href(meeting_uri(meeting.id), item_anchor(meeting, index))
                words = Markup(f'<a href="{escape(href)}">{words}</a>')
            parts.append(words)
        return Markup(" and ").join(parts)

    def reference_link(self, ref: Reference) -> Markup:
        """A reference that names no resolution here, in words, linked to its meeting
        where that is here, else said to be outside the archive."""
        meeting = self.archive.meetings.get(ref.meeting_id)
        words = escape(self.reference_words(ref))
        if meeting is None:
            return Markup(f"{words} (not in this archive)")
        return Markup(f'<a href="{escape(self.href(meeting_uri(meeting.id)))}">{words}</a>')

    def reference_words(self, ref: Reference) -> str:
        """A reference in words: 'Test Committee, 11 March 2021, item 2, resolution 1'
        (a meeting named by a month: 'March 2021')."""
        day, month = parse_date(ref.meeting), parse_month(ref.meeting)
        when = (long_date(day) if day else f"{calendar.month_name[month.month]} {month.year}"
                if month else ref.meeting)
        words = [self.committee_name(ref.committee), when]
        if ref.by:
            words.append(f"{ref.by} {ref.number}{ref.letter}")
        if ref.resolution:
            words.append(f"resolution {ref.resolution}")
        return ", ".join(words)

    def resolution_link(self, key: tuple[str, int, int]) -> tuple[str, str]:
        """(href, words) for a resolution, e.g. 'minute 47, resolution 1 of 6 October 2021'."""
        meeting = self.archive.meetings[key[0]]
        item = meeting.items[key[1]]
        resolution = item.resolutions[key[2]]
        where = item_label(item) or f"“{item.title}”"
        words = (f"{where}, resolution {resolution.number or key[2] + 1}, "
                 f"{long_date(meeting.date)}")
        return self.href(meeting_uri(meeting.id), item_anchor(meeting, key[1])), words

    # -- pages ---------------------------------------------------------------------------
    def _page(self, uri: str, title: str, template: str, links_from: Meeting | None = None,
              **context) -> Page:
        """A page, to be rendered from template when its HTML is asked for; references in
        its text ("Minute 46 (2018/19)") are found in links_from's committee."""
        return Page(uri, title, functools.partial(self._html, uri, title, template, links_from,
                                                  context))

    def _html(self, uri: str, title: str, template: str, links_from: Meeting | None,
              context: dict) -> str:
        with self._rendering:  # the page being rendered is the renderer's state
            self._here, self._tables, self._meeting = _parts(page_url(uri)), 0, links_from
            self._footnoted = 0
            try:
                page = self.env.get_template(template).render(title=title, **context)
                return stack_tables(mark_break_points(page))
            finally:
                self._meeting = None

    def render_all(self) -> list[Page]:
        pages = [self._home(), self._committee_list()]
        for committee in sorted(self.archive.committees.values(), key=lambda c: c.name):
            pages += self._committee_pages(committee)
        for meeting in sorted(self.archive.meetings.values(), key=lambda m: m.id):
            pages.append(self._meeting_page(meeting))
        for report in sorted(self.archive.reports.values(), key=lambda r: r.id):
            pages.append(self._report_page(report))
        records = attendance_records(self.archive)
        for person in sorted(self.archive.people.values(), key=lambda p: p.id):
            pages += self._person_pages(person, **records[person.id])
        for programme in sorted(self.archive.work_programmes.values(), key=lambda w: w.id):
            pages.append(self._page(
                work_programme_uri(programme.committee, programme.municipal_year),
                f"Work programme {programme.municipal_year}: "
                f"{self.committee_name(programme.committee)}",
                "work_programme.html", programme=programme,
                held=self._held_by_date(programme.committee, programme.municipal_year)))
        for (committee, year), meetings in sorted(_resolution_years(self.links).items()):
            pages.append(self._page(
                tracker_uri(committee, year),
                f"Resolutions and outcomes {year}: {self.committee_name(committee)}",
                "tracker.html", committee=committee, year=year, meetings=meetings))
        return pages

    def _held_by_date(self, committee: str, year: str) -> dict[dt.date, Meeting]:
        return {m.date: m for m in self.links.meetings_by_committee.get(committee, [])
                if m.municipal_year == year and m.date}

    def _home(self) -> Page:
        dated = [m for m in self.archive.meetings.values() if m.date]
        upcoming = sorted((m for m in dated if m.date >= self.links.as_of), key=lambda m: m.date)
        recent = sorted((m for m in dated if m.date < self.links.as_of),
                        key=lambda m: m.date, reverse=True)[:10]
        # Papers are published with their meeting's agenda: newest meeting first.
        papers = sorted((r for r in self.archive.reports.values()
                         if self.archive.meetings[r.meeting.meeting_id].date),
                        key=lambda r: (self.archive.meetings[r.meeting.meeting_id].date, r.id),
                        reverse=True)[:10]
        return self._page("index.md", "Committee papers", "home.html",
                          upcoming=upcoming, recent=recent, papers=papers,
                          committees=sorted(self.archive.committees.values(),
                                            key=lambda c: c.name))

    def _committee_list(self) -> Page:
        return self._page("committees/index.md", "Committees", "committees.html",
                          committees=sorted(self.archive.committees.values(),
                                            key=lambda c: c.name))

    def _committee_pages(self, committee) -> list[Page]:
        """The committee's page, with the membership and meetings of the municipal year
        under way (or the latest before it), and a page for each other year: a committee's
        page stays the same size however many years the archive holds."""
        meetings: dict[str, list[Meeting]] = defaultdict(list)
        undated = []
        for meeting in self.links.meetings_by_committee.get(committee.id, []):
            if meeting.municipal_year:
                meetings[meeting.municipal_year].append(meeting)
            else:
                undated.append(meeting)
        membership = {year.year: year for year in committee.years}
        years = sorted(set(meetings) | set(membership), reverse=True)
        # Not next year's, whose meetings may be planned already: this year's.
        now = municipal_year(self.links.as_of)
        shown = next((year for year in years if year <= now), years[-1] if years else None)
        others = [year for year in years if year != shown]
        programmes = sorted((w for w in self.archive.work_programmes.values()
                             if w.committee == committee.id), key=lambda w: w.municipal_year)
        trackers = {year for (c, year) in _resolution_years(self.links) if c == committee.id}
        pages = [self._page(
            committee_uri(committee.id), committee.name, "committee.html", committee=committee,
            year=shown, membership=membership.get(shown), meetings=meetings.get(shown, []),
            others=others, data_years=sorted(meetings, reverse=True), undated=undated,
            programmes=programmes, trackers=trackers)]
        for year in others:
            pages.append(self._page(
                committee_year_uri(committee.id, year), f"{committee.name}, {year}",
                "committee_year.html", committee=committee, year=year,
                membership=membership.get(year), meetings=meetings.get(year, [])))
        return pages

    def _person_pages(self, person, roles: list, attendance: list, disclosures: list
                      ) -> list[Page]:
        """The person's page, with their attendance in the latest municipal year they
        attended (and at meetings of no known year), and a page of attendance for each
        earlier year: a page that does not grow with a twenty-year career."""
        by_year: dict[str, list] = defaultdict(list)
        for meeting, how in attendance:
            by_year[meeting.municipal_year or ""].append((meeting, how))
        latest, *earlier = sorted((y for y in by_year if y), reverse=True) or [None]
        undated = by_year.get("", [])
        caption = (f"Attendance at meetings in {latest}"
                   + (", and at meetings whose date is not known" if undated else "")
                   if latest else "Attendance at meetings whose date is not known")
        pages = [self._page(
            person_uri(person.id), person.display_name, "person.html", person=person,
            roles=year_ranges(roles), disclosures=disclosures, caption=caption,
            attendance=by_year.get(latest, []) + undated,
            earlier={year: len(by_year[year]) for year in earlier})]
        for year in earlier:
            pages.append(self._page(
                person_year_uri(person.id, year), f"{person.display_name}: attendance {year}",
                "person_year.html", person=person, year=year, attendance=by_year[year]))
        return pages

    def _meeting_page(self, meeting: Meeting) -> Page:
        title = f"{self.committee_name(meeting.committee)}, {long_date(meeting.date)}"
        return self._page(meeting_uri(meeting.id), title, "meeting.html", links_from=meeting,
                          meeting=meeting, standing=minutes_standing(meeting, self.links))

    def _report_page(self, report: Report) -> Page:
        meeting = self.archive.meetings.get(report.meeting.meeting_id)
        title = f'Document "{report.letter}": {report.title}'
        item_index = None
        if meeting:
            item_index = next((i for i, item in enumerate(meeting.items)
                               if any(d.letter == report.letter for d in item.documents)),
                              None)
        return self._page(report_uri(report.id), title, "report.html", links_from=meeting,
                          report=report, meeting=meeting, item_index=item_index)


def attachment_uri(path: str) -> str:
    """Where an attachment is published: attachments/ then its path under content/."""
    return f"attachments/{path}"


def published_attachments(archive: Archive) -> list[str]:
    """The attached files the site publishes (paths under content/): none that is exempt,
    and none of an exempt report, whose very attachments are its content."""
    paths = [a.path for m in archive.meetings.values() for a in m.attachments if not a.exempt]
    paths += [a.path for r in archive.reports.values() if not r.exempt
              for a in r.attachments if not a.exempt]
    return sorted(set(paths))


def file_size(size: int) -> str:
    """'98 KB', '1.2 MB': as GOV.UK writes file sizes."""
    if size < 1024:
        return f"{size} bytes"
    if size < 1024 * 1024:
        return f"{round(size / 1024)} KB"
    return f"{size / 1024 / 1024:.1f} MB"


def navigation(archive: Archive, links: Links) -> list:
    """The committees section of the site navigation, in MkDocs's nav form: committees,
    then municipal years (newest first), then that year's meetings and papers. A section
    opens only when asked, so the sidebar stays usable with hundreds of meetings."""
    sections = []
    for committee in sorted(archive.committees.values(), key=lambda c: c.name):
        years: dict[str, list] = defaultdict(list)
        for meeting in links.meetings_by_committee.get(committee.id, []):
            label = f"{meeting.date:%-d %B %Y}" if meeting.date else "Date unknown"
            years[meeting.municipal_year or "Year unknown"].append({label: meeting_uri(meeting.id)})
        for programme in archive.work_programmes.values():
            if programme.committee == committee.id:
                years[programme.municipal_year].insert(0, {
                    "Work programme": work_programme_uri(committee.id, programme.municipal_year)})
        for committee_id, year in _resolution_years(links):
            if committee_id == committee.id:
                years[year].insert(0, {"Resolutions and outcomes": tracker_uri(committee_id, year)})
        children: list = [committee_uri(committee.id)]
        children += [{year: years[year]} for year in sorted(years, reverse=True)]
        sections.append({text.builder_title(committee.name): children})
    return sections


def _resolution_years(links: Links) -> dict[tuple[str, str], list[Meeting]]:
    """Committee-years that have resolutions, and so a tracker page."""
    years: dict[tuple[str, str], list[Meeting]] = defaultdict(list)
    for meetings in links.meetings_by_committee.values():
        for meeting in meetings:
            if meeting.municipal_year:
                years[(meeting.committee, meeting.municipal_year)].append(meeting)
    return {key: ms for key, ms in years.items()
            if any(r for m in ms for i in m.items for r in i.resolutions)}


def year_ranges(roles: list[tuple]) -> list[tuple]:
    """(committee, year, role) in order, a role held through consecutive municipal years
    made one (committee, "2004/05 to 2014/15", role): a line for each spell, not for each
    year of a long career."""
    held: dict[tuple[str, str], tuple[Committee, list[str]]] = {}
    for committee, year, role in roles:
        held.setdefault((committee.id, role), (committee, []))[1].append(year)
    spells = []
    for (_committee_id, role), (committee, years) in held.items():
        runs: list[list[str]] = []
        for year in sorted(set(years)):
            if runs and _year_after(runs[-1][-1]) == year:
                runs[-1].append(year)
            else:
                runs.append([year])
        spells += [(committee, run[0] if len(run) == 1 else f"{run[0]} to {run[-1]}", role)
                   for run in runs]
    return spells


def _year_after(year: str) -> str:
    """The municipal year after '2021/22' (a membership's year, checked as one)."""
    return municipal_year(dt.date(int(year[:4]) + 1, 5, 1))


def attendance_records(archive: Archive) -> dict[str, dict]:
    """Each person's roles by committee and year, their attendance at each meeting whose
    attendance is recorded (present, apologies, absent: a member not recorded either way,
    alternate or observer) and their disclosures: one pass over the archive for everyone,
    where a pass a person cost minutes at a large council's size. An alternate is
    expected only where they stand in: a meeting they were not called to is no absence."""
    records: dict[str, dict] = defaultdict(
        lambda: {"roles": [], "attendance": [], "disclosures": []})
    # (committee, year) -> the people expected at its meetings
    expected: dict[tuple[str, str], set[str]] = defaultdict(set)

    def role(person: str, committee, year: str, what: str) -> None:
        records[person]["roles"].append((committee, year, what))
        expected[(committee.id, year)].add(person)

    for committee in sorted(archive.committees.values(), key=lambda c: c.name):
        for year in committee.years:
            for group, people in year.members.items():
                for person in people:
                    role(person, committee, year.year, f"Member ({group.title()})")
            for group, people in year.alternates.items():
                for person in people:
                    # A role, but not one expected at every meeting.
                    records[person]["roles"].append(
                        (committee, year.year, f"Alternate ({group.title()})"))
            for member in year.co_opted:
                kind = "Voting" if member.voting else "Non-voting"
                role(member.person, committee, year.year, f"{kind} co-opted member"
                     + (f", {member.represents}" if member.represents else ""))
            if year.chair:
                role(year.chair, committee, year.year, "Chair")
    for meeting in sorted(archive.meetings.values(), key=lambda m: (m.date or dt.date.max, m.id)):
        for disclosure in meeting.disclosures:
            records[disclosure.person]["disclosures"].append((meeting, None, disclosure))
        for index, item in enumerate(meeting.items):
            for disclosure in item.disclosures:
                records[disclosure.person]["disclosures"].append((meeting, index, disclosure))
        a = meeting.attendance
        if a is None:
            continue
        # Lowest first, so a person recorded twice keeps the highest: present, then as an
        # alternate, then apologies, then observing.
        status = {o.person: "Observer" for o in a.observers}
        status.update((person, "Apologies") for person in a.apologies)
        status.update((x.person, "Present as an alternate") for x in a.alternates)
        status.update((person, "Present") for people in a.present.values() for person in people)
        status.update((person, "Present") for person in a.co_opted)
        for person in expected.get((meeting.committee, meeting.municipal_year), ()):
            status.setdefault(person, "Absent")
        for person, how in status.items():
            records[person]["attendance"].append((meeting, how))
    return records


def render(archive: Archive, links: Links, templates: Path = TEMPLATES) -> list[Page]:
    return Renderer(archive, links, templates).render_all()

