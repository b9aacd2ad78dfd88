"""Hostile text in every field still gives well-formed calendars, feeds and open data.

The payload corpus of the safety tests (script tags, event handlers, javascript: links,
line breaks, quotes) goes into every free-text field; the outputs must still parse, feed
HTML must carry no executable vector, and the open data must still validate."""

from __future__ import annotations

import datetime as dt
import json
import re
import xml.etree.ElementTree as ET
from html.parser import HTMLParser

import feedparser
import icalendar
import pytest
from conftest import write_tree
from test_outputs_opendata import assert_all_valid, validators
from test_safety_xss import PAYLOADS, payload_files

from generator.outputs import outputs
from generator.stages.pipeline import check

ATOM = "{http://www.w3.org/2005/Atom}"
# Elements that run code, load other documents or restyle what a feed reader shows.
FORBIDDEN = {"script", "iframe", "frame", "frameset", "object", "embed", "applet", "base",
             "style", "link", "meta", "form", "input", "button", "textarea", "select", "svg",
             "math", "img", "video", "audio", "source", "template", "noscript", "portal"}


class Vectors(HTMLParser):
    """Parses feed HTML as a reader would and lists whatever could run."""

    def __init__(self) -> None:
        super().__init__()
        self.found: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag in FORBIDDEN:
            self.found.append(f"<{tag}>")
        for name, value in attrs:
            if name.startswith("on"):
                self.found.append(f"{tag} {name}=")
            scheme = re.sub(r"[\x00-\x20]+", "", value or "").lower()
            if name in ("href", "src") and scheme.startswith(("javascript:", "data:")):
                self.found.append(f"{tag} {name}={value}")


def vectors(html: str) -> list[str]:
    parser = Vectors()
    parser.feed(html)
    parser.close()
    return parser.found


@pytest.fixture(scope="module")
def payload_outputs(tmp_path_factory) -> dict[str, bytes]:
    files: dict[str, str] = {}
    for i, payload in enumerate(PAYLOADS):
        files.update(payload_files(i, payload))
    project = write_tree(tmp_path_factory.mktemp("payloads"), files)
    result = check(project / "content", dt.date(2022, 6, 1), shown_from=project)
    assert result.ok, [str(d) for d in result.diagnostics.errors][:5]
    return dict(outputs(result.archive, result.links, None))


def test_every_calendar_still_parses_with_its_events(payload_outputs):
    calendar = icalendar.Calendar.from_ical(payload_outputs["calendar/all.ics"])
    assert len(calendar.walk("VEVENT")) == len(PAYLOADS)
    for i in range(len(PAYLOADS)):
        own = icalendar.Calendar.from_ical(payload_outputs[f"calendar/c{i}.ics"])
        assert [str(e["UID"]) for e in own.walk("VEVENT")] == [
            f"c{i}/2022-03-23@committee-papers"]


def test_the_scan_sees_a_vector():
    assert vectors('<p><a href=" java\tscript:x">x</a><img src=x onerror=y></p>') == [
        "a href= java\tscript:x", "<img>", "img onerror="]
    assert not vectors("<p>&lt;script&gt; onclick=</p>")


def test_every_feed_still_parses_and_its_html_runs_nothing(payload_outputs):
    feeds = {p: d for p, d in payload_outputs.items() if p.endswith(".atom")}
    assert len(feeds) == len(PAYLOADS) + 1
    for path, data in feeds.items():
        assert not feedparser.parse(data).bozo, path
        for content in ET.fromstring(data).iter(f"{ATOM}content"):
            assert not vectors(content.text or ""), (path, content.text)


def test_the_open_data_still_validates(payload_outputs):
    schemas = {name: json.loads(payload_outputs[f"data/schema/{name}.schema.json"])
               for name in ("meeting", "committee-year", "index")}
    data = {p: d for p, d in payload_outputs.items()
            if p.startswith("data/") and not p.startswith("data/schema/")}
    assert len(data) == 2 * len(PAYLOADS) + 1
    assert_all_valid(data, validators(schemas))
