"""Atom feeds of published papers: site-wide and one per committee.

Each agenda, set of minutes, report and item's decisions is an entry. Dates come from
the record, never the clock: a paper is dated by its meeting, and minutes by the meeting
that approved them once one has. Entry ids are `urn:uuid:` names derived from what the
entry is (e.g. "minutes:childrens-services-osc/2022-03-23"), so they stay the same
wherever the site is hosted and however often it is rebuilt.
"""

from __future__ import annotations

import datetime as dt
import functools
import re
from collections.abc import Callable, Iterator
from dataclasses import dataclass

from feedgen.feed import FeedGenerator
from markupsafe import Markup, escape

from generator.outputs.addresses import ID_DOMAIN, Addresses, day_start, meeting_path
from generator.record.model import Archive, Meeting, MeetingStatus, Report
from generator.stages import text
from generator.stages.link import Links, MinutesStanding, RequestStatus, minutes_standing
from generator.stages.render import long_date, page_url, report_uri

# The namespace of every id minted for the feeds (uuid5 of our fixed identifier).
KINDS = {"agenda": "Agenda", "minutes": "Minutes", "report": "Report",
         "decisions": "Decisions"}
# Each feed holds the newest papers only, as feeds do: a reader asks for it every few
# hours, and the whole history of a large council (60,000 papers) would be 57 MB a time.
# The site and the open data keep everything; 100 papers is months of one committee's.
NEWEST = 100


@dataclass(frozen=True)
class Paper:
    """One feed entry: a published paper, where it is, and the date the record gives it."""

    kind: str
    key: str  # what it is, e.g. "agenda:childrens-services-osc/2022-03-23"
    committee: str
    title: str
    published: dt.date
    updated: dt.date
    path: str  # its page, relative to the site root
    content: Callable[[], str]  # its HTML, made only for the papers a feed holds


# Characters XML 1.0 cannot hold at all (a form feed pasted from a PDF, say).
_NOT_XML = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ud800-\udfff\ufffe\uffff]")


def xml_text(value: str) -> str:
    return _NOT_XML.sub("", value)


def feeds(archive: Archive, links: Links, addresses: Addresses, site_name: str,
          newest: int = NEWEST) -> Iterator[tuple[str, bytes]]:
    """feeds/papers.atom and feeds/COMMITTEE.atom, one per committee: each its newest
    papers."""
    papers = sorted(_papers(archive, links),
                    key=lambda p: (-p.updated.toordinal(), p.key))
    yield _feed("feeds/papers.atom", "papers", f"{site_name}: newly published papers",
                "", papers[:newest], links, addresses, site_name)
    by_committee: dict[str, list[Paper]] = {}
    for paper in papers:
        by_committee.setdefault(paper.committee, []).append(paper)
    for committee in sorted(archive.committees.values(), key=lambda c: c.id):
        own = by_committee.get(committee.id, [])[:newest]
        yield _feed(f"feeds/{committee.id}.atom", f"papers:{committee.id}",
                    f"{committee.name}: newly published papers",
                    f"committees/{committee.id}/", own, links, addresses, site_name)


def _feed(file: str, key: str, title: str, home: str, papers: list[Paper], links: Links,
          addresses: Addresses, site_name: str) -> tuple[str, bytes]:
    feed = FeedGenerator()
    feed.id(addresses.urn(f"feed:{key}"))
    feed.title(xml_text(title))
    feed.author(name=xml_text(site_name))
    feed.language("en-GB")
    feed.generator(ID_DOMAIN)
    feed.link(href=addresses.from_file(file, file), rel="self", type="application/atom+xml")
    feed.link(href=addresses.from_file(home, file), rel="alternate", type="text/html")
    # A feed with no papers yet is dated by the build, the only date it has.
    newest = papers[0].updated if papers else links.as_of
    feed.updated(day_start(newest))
    for paper in papers:
        entry = feed.add_entry(order="append")
        entry.id(addresses.urn(paper.key))
        entry.title(xml_text(paper.title))
        entry.updated(day_start(paper.updated))
        entry.published(day_start(paper.published))
        entry.link(href=addresses.from_file(paper.path, file), rel="alternate")
        entry.category(term=paper.kind, label=KINDS[paper.kind])
        entry.content(xml_text(paper.content()), type="html")
    return file, feed.atom_str(pretty=True)


def _papers(archive: Archive, links: Links) -> list[Paper]:
    papers: list[Paper] = []
    for meeting in archive.meetings.values():
        if meeting.date is None:
            continue  # an entry needs a date; the meeting page still lists it
        name = _committee_name(archive, meeting.committee)
        when = f"{name}, {long_date(meeting.date)}"
        if meeting.items:
            papers.append(Paper("agenda", f"agenda:{meeting.id}", meeting.committee,
                                f"Agenda: {when}", meeting.date, meeting.date,
                                meeting_path(meeting), functools.partial(_agenda_html, meeting)))
        if meeting.status is MeetingStatus.HELD and any(
                item.minutes or item.resolutions for item in meeting.items):
            papers.append(_minutes(archive, links, meeting, when))
        if meeting.status is MeetingStatus.HELD:
            papers += _decisions(meeting, when, links)
    for report in archive.reports.values():
        meeting = archive.meetings.get(report.meeting.meeting_id)
        if meeting and meeting.date:
            papers.append(_report(report, meeting, archive))
    return papers


def _committee_name(archive: Archive, committee_id: str) -> str:
    committee = archive.committees.get(committee_id)
    return committee.name if committee else committee_id


def _item_heading(meeting: Meeting, index: int) -> str:
    item = meeting.items[index]
    added = f" ({item.added.kind.value} item)" if item.added else ""
    if item.minute is not None:
        return f"Minute {item.minute}: {item.title}{added}"
    if item.number is not None:
        return f"{item.number}. {item.title}{added}"
    return item.title + added


def _agenda_html(meeting: Meeting) -> str:
    parts = []
    if meeting.status in (MeetingStatus.CANCELLED, MeetingStatus.MOVED):
        moved = (f" to {long_date(meeting.moved_to)}" if meeting.moved_to else "")
        parts.append(Markup("<p><strong>This meeting was {}{}.</strong></p>").format(
            meeting.status.value, moved))
    if meeting.venue:
        parts.append(Markup("<p>Venue: {}</p>").format(meeting.venue))
    items = Markup("").join(Markup("<li>{}</li>").format(_item_heading(meeting, i))
                            for i in range(len(meeting.items)))
    parts.append(Markup("<p>Items of business:</p><ul>{}</ul>").format(items))
    return str(Markup("").join(parts))


def _minutes(archive: Archive, links: Links, meeting: Meeting, when: str) -> Paper:
    standing = minutes_standing(meeting, links)
    approval = standing.approval
    approver = archive.meetings.get(approval.by_meeting) if approval else None
    updated = meeting.date
    assert updated is not None
    if approver and approver.date:
        updated = max(updated, approver.date)
    title = f"Minutes: {when}" + (" (draft)" if standing.kind == "draft" else "")
    return Paper("minutes", f"minutes:{meeting.id}", meeting.committee, title, meeting.date,
                 updated, meeting_path(meeting),
                 functools.partial(_minutes_html, meeting, standing, approver))


def _minutes_html(meeting: Meeting, standing: MinutesStanding, approver: Meeting | None) -> str:
    corrected = ", with corrections," if standing.approval and standing.approval.corrections \
        else ""
    if approver and approver.date:
        status = Markup("<p>Approved as a correct record{} at the meeting of {}.</p>").format(
            corrected, long_date(approver.date))
    elif standing.kind == "approved elsewhere":
        status = Markup("<p>Approved as a correct record at a meeting whose papers are not "
                        "in this archive.</p>")
    elif standing.kind == "draft":
        status = Markup("<p>Draft: to be approved as a correct record at the next meeting, "
                        "on {}.</p>").format(long_date(standing.pending_at.date))
    else:
        status = Markup("<p>The approval of these minutes is not recorded here.</p>")
    minuted = Markup("").join(Markup("<li>{}</li>").format(_item_heading(meeting, i))
                              for i, item in enumerate(meeting.items)
                              if item.minutes or item.resolutions)
    return str(status + Markup("<ul>{}</ul>").format(minuted))


def _decisions(meeting: Meeting, when: str, links: Links) -> list[Paper]:
    assert meeting.date is not None
    papers = []
    for index, item in enumerate(meeting.items):
        if not item.resolutions:
            continue
        path = meeting_path(meeting, index)
        papers.append(Paper("decisions", f"decisions:{meeting.id}#{path.partition('#')[2]}",
                            meeting.committee, f"Decided: {_item_heading(meeting, index)} ({when})",
                            meeting.date, meeting.date, path,
                            functools.partial(_decisions_html, meeting, index, links)))
    return papers


def _decisions_html(meeting: Meeting, index: int, links: Links) -> str:
    item = meeting.items[index]
    resolved = Markup("").join(
        Markup("<li>{}{}</li>").format(text.to_html(resolution.text),
                                      _status(links, (meeting.id, index, r_index)))
        for r_index, resolution in enumerate(item.resolutions))
    html = Markup("<p>Resolved:</p><ol>{}</ol>").format(resolved)
    if item.action:
        html += Markup("<p>Action: {}</p>").format(item.action)
    return str(html)


def _status(links: Links, key: tuple[str, int, int]) -> Markup:
    """Where a resolution's request stands on the build date, when it asks for something."""
    status = links.status[key]
    if status is RequestStatus.NOTHING_ASKED:
        return Markup("")
    return Markup("<p>Status as of {}: {}.</p>").format(long_date(links.as_of), status.value)


def _report(report: Report, meeting: Meeting, archive: Archive) -> Paper:
    assert meeting.date is not None
    when = f"{_committee_name(archive, meeting.committee)}, {long_date(meeting.date)}"
    return Paper("report", f"report:{report.id}", meeting.committee,
                 f'Document "{report.letter}": {report.title} ({when})', meeting.date,
                 meeting.date, page_url(report_uri(report.id)),
                 functools.partial(_report_html, report))


def _report_html(report: Report) -> str:
    if report.exempt:
        # Its existence is public; nothing of its content goes in a feed.
        paragraph = (f"paragraph {report.exempt.paragraph} of "
                     if report.exempt.paragraph else "")
        html = escape(f"Not for publication: exempt under {paragraph}Schedule 12A of the "
                      "Local Government Act 1972.")
        html = Markup("<p>{}</p>").format(html)
    else:
        html = Markup("")
        if report.author:
            html += Markup("<p>Report of: {}.</p>").format(report.author)
        html += text.to_html(report.summary)
    return str(html)
