"""Open data as Open Civic Data: every meeting file, checked by pupa (the Open Civic Data
project's own scraping framework) as pupa checks the events its scrapers write.

pupa validates an Event's Open Civic Data fields against its JSON Schema (draft 3, with
its own types for dates); our additions (attendance, resolutions, minute numbers) are
fields it does not know and leaves alone, and our own schema describes them. The
differences that remain are written down in docs/open-data.md; the tests below hold
each of them to what the page says."""

from __future__ import annotations

import json
from pathlib import Path

import pupa.scrape as pupa_scrape
import pytest
from conftest import ROOT
from outputs_support import build_with, built_site

ADDRESS = "https://papers.example.org/"


@pytest.fixture(scope="module")
def addressed_site(tmp_path_factory) -> Path:
    return build_with(tmp_path_factory.mktemp("ocd"), "project", f"site_url: {ADDRESS}\n")


def meeting_files(site: Path) -> list[Path]:
    files = sorted((site / "data/meetings").rglob("*.json"))
    assert len(files) >= 14
    return files


def pupa_errors(document: dict) -> list[str]:
    """What pupa says of a meeting, read into its own Event as its scrapers fill one."""
    event = pupa_scrape.Event(name=document["name"], start_date=document["start_date"])
    for field in pupa_scrape.Event._schema["properties"]:
        if field in document:
            setattr(event, field, document[field])
    try:
        event.validate()
    except pupa_scrape.base.ScrapeValueError as error:
        return str(error).split("\n\t")[1:]
    return []


def test_every_meeting_is_a_valid_open_civic_data_event(addressed_site):
    for path in meeting_files(addressed_site):
        document = json.loads(path.read_text(encoding="utf-8"))
        assert pupa_errors(document) == [], path.name


def test_every_field_of_an_open_civic_data_event_is_there():
    # pupa_id is pupa's own bookkeeping; jurisdiction is set on import, not in the file.
    fields = set(pupa_scrape.Event._schema["properties"]) - {"pupa_id"}
    for path in meeting_files(built_site()):
        document = json.loads(path.read_text(encoding="utf-8"))
        assert fields <= set(document), (path.name, fields - set(document))


def test_the_checks_can_fail(addressed_site):
    # Each shape we used to write, pupa refuses: the agenda's order as a number, an
    # unknown end as null, a relative address; and no sources.
    document = json.loads(meeting_files(addressed_site)[0].read_text())
    assert pupa_errors(document) == []
    relative = [{**link, "url": "meetings/x/"} for link in document["links"]]
    for field, value in (("end_date", None), ("sources", []), ("links", relative)):
        assert pupa_errors({**document, field: value}), field
    numbered = [{**item, "order": 1} for item in document["agenda"]]
    assert pupa_errors({**document, "agenda": numbered})


def test_without_a_site_address_only_the_addresses_differ():
    # Written down in docs/open-data.md: a relative address is not a URI, and without the
    # site's address there is no other to give. Everything else is valid as it is.
    errors = [e for path in meeting_files(built_site())
              for e in pupa_errors(json.loads(path.read_text(encoding="utf-8")))]
    assert errors and all("is not a 'uri'" in e for e in errors)
    guide = (ROOT / "docs/open-data.md").read_text()
    assert "site_url" in guide and "Open Civic Data" in guide
