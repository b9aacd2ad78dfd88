"""The open-data files: a document per meeting, a bulk file per committee and municipal
year, an index of both, and the JSON Schemas that describe them.

Every file is UTF-8 JSON with sorted keys and a fixed order of records, and says the
build date its statuses are worked out at; nothing in it comes from the clock.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from collections.abc import Iterator
from importlib import resources

import orjson

from generator.outputs.addresses import Addresses
from generator.outputs.opendata import Json, MeetingDocuments
from generator.record.model import Archive, Committee, Meeting, Membership
from generator.record.references import year_slug
from generator.stages.link import Links
from generator.stages.render import committee_uri

SCHEMAS = ("meeting", "committee-year", "index")


def schema_path(name: str) -> str:
    return f"data/schema/{name}.schema.json"


def meeting_file(meeting_id: str) -> str:
    return f"data/meetings/{meeting_id}.json"


def bulk_path(committee: str, year: str) -> str:
    return f"data/{committee}/{year_slug(year)}.json"


def encode(document: Json) -> bytes:
    # orjson writes the same bytes as json.dumps(sort_keys=True, indent=2,
    # ensure_ascii=False) plus a newline, eight times faster: the standard library drops
    # to pure Python when asked to indent.
    return orjson.dumps(document, option=orjson.OPT_INDENT_2 | orjson.OPT_SORT_KEYS
                        | orjson.OPT_APPEND_NEWLINE)


def data_files(archive: Archive, links: Links, addresses: Addresses
               ) -> Iterator[tuple[str, bytes]]:
    """Each data file in turn, a committee's year at a time: at a large council's size
    (750 MB of JSON) holding them all at once would double the build's memory."""
    builder = MeetingDocuments(archive, links, addresses)
    meetings = sorted(archive.meetings.values(), key=lambda m: (m.date or dt.date.max, m.id))
    years: dict[tuple[str, str], list[Meeting]] = defaultdict(list)
    for meeting in meetings:
        if meeting.municipal_year:
            years[(meeting.committee, meeting.municipal_year)].append(meeting)
        else:  # a meeting of unknown year has only its own file
            yield meeting_file(meeting.id), encode(builder.meeting(meeting))
    for (committee_id, year), group in sorted(years.items()):
        docs = [builder.meeting(meeting) for meeting in group]
        for meeting, doc in zip(group, docs, strict=True):
            yield meeting_file(meeting.id), encode(doc)
        yield bulk_path(committee_id, year), encode({
            "_type": "committee-year",
            "committee": _committee(builder, archive.committees.get(committee_id), committee_id,
                                    year),
            "municipal_year": year,
            "meetings": docs,
            "status_as_of": links.as_of.isoformat(),
        })
    yield "data/index.json", encode(_index(archive, links, addresses, sorted(years)))
    for name in SCHEMAS:
        schema = resources.files(__package__).joinpath(f"schema/{name}.schema.json")
        yield schema_path(name), schema.read_bytes()


def _committee(builder: MeetingDocuments, committee: Committee | None, committee_id: str,
               year: str) -> Json:
    url = builder.url(builder.addresses.page(committee_uri(committee_id)))
    if committee is None:
        return {"id": committee_id, "name": committee_id, "short_name": None, "kind": None,
                "url": url, "minute_numbers": None, "membership": None}
    membership = next((m for m in committee.years if m.year == year), None)
    return {"id": committee.id, "name": committee.name, "short_name": committee.short_name,
            "kind": committee.kind.value, "url": url,
            "minute_numbers": {"restart": committee.numbering.restart.value,
                               "prefix": committee.numbering.prefix,
                               "year_suffix": committee.numbering.year_suffix},
            "membership": _membership(builder, membership) if membership else None}


def _membership(builder: MeetingDocuments, membership: Membership) -> Json:
    def groups(by_group: dict[str, tuple[str, ...]]) -> list[Json]:
        return [{"group": group, "people": [builder.person(p) for p in people]}
                for group, people in by_group.items()]

    return {
        "members": groups(membership.members),
        "alternates": groups(membership.alternates),
        "co_opted": [{"person": builder.person(m.person), "voting": m.voting,
                      "represents": m.represents} for m in membership.co_opted],
        "chair": builder.person(membership.chair),
        "scrutiny_lead": membership.scrutiny_lead,  # an officer, named as the papers give
    }


def _index(archive: Archive, links: Links, addresses: Addresses,
           years: list[tuple[str, str]]) -> Json:
    """Where everything is: the entry point for a re-user."""
    url = addresses.for_data
    return {
        "_type": "index",
        "status_as_of": links.as_of.isoformat(),
        "schemas": {name: url(schema_path(name)) for name in SCHEMAS},
        "calendar": url("calendar/all.ics"),
        "feed": url("feeds/papers.atom"),
        "committees": [{
            "id": committee.id,
            "name": committee.name,
            "url": url(addresses.page(committee_uri(committee.id))),
            "calendar": url(f"calendar/{committee.id}.ics"),
            "feed": url(f"feeds/{committee.id}.atom"),
            "years": [{"municipal_year": year, "data": url(bulk_path(committee.id, year))}
                      for c, year in years if c == committee.id],
        } for committee in sorted(archive.committees.values(), key=lambda c: c.id)],
        "meetings": [{
            "id": meeting.id,
            "committee": meeting.committee,
            "date": meeting.date.isoformat() if meeting.date else None,
            "municipal_year": meeting.municipal_year,
            "data": url(meeting_file(meeting.id)),
        } for meeting in sorted(archive.meetings.values(),
                                key=lambda m: (m.date or dt.date.max, m.id))],
    }
