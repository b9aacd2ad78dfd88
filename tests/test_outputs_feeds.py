"""Atom feeds: they parse cleanly, carry RFC 4287's required elements, and date papers by
the record, never by the clock."""

from __future__ import annotations

import datetime as dt
import json
import xml.etree.ElementTree as ET
from pathlib import Path

import feedparser
import icalendar
from conftest import ROOT, write_tree
from outputs_support import AS_OF, build_with, built_site, content_meetings

from generator.outputs import outputs
from generator.outputs.addresses import Addresses
from generator.outputs.feeds import feeds
from generator.stages.pipeline import check

ATOM = "{http://www.w3.org/2005/Atom}"
BASE = "https://papers.example.org/"


def feed_files(site: Path) -> list[Path]:
    return sorted((site / "feeds").glob("*.atom"))


def entries(path: Path) -> list[ET.Element]:
    return ET.parse(path).getroot().findall(f"{ATOM}entry")


def test_every_feed_parses_without_errors():
    site = built_site()
    committees = {mid.split("/")[0] for mid in content_meetings()}
    files = feed_files(site)
    assert {f.name for f in files} == {"papers.atom", *(f"{c}.atom" for c in committees)}
    for file in files:
        parsed = feedparser.parse(file.read_bytes())
        assert not parsed.bozo, (file.name, parsed.get("bozo_exception"))
        assert parsed.version == "atom10", file.name
    assert len(feedparser.parse((site / "feeds/papers.atom").read_bytes()).entries) > 20


def one(element: ET.Element, name: str) -> ET.Element:
    found = element.findall(f"{ATOM}{name}")
    assert len(found) == 1, f"{name}: {len(found)} found"
    return found[0]


def rfc3339(element: ET.Element) -> dt.datetime:
    value = dt.datetime.fromisoformat(element.text or "")
    assert value.tzinfo is not None, element.text
    return value


def test_every_feed_has_the_elements_rfc_4287_requires():
    for file in feed_files(built_site()):
        feed = ET.parse(file).getroot()
        assert feed.tag == f"{ATOM}feed"
        assert one(feed, "id").text.startswith("urn:uuid:")
        assert one(feed, "title").text
        updated = rfc3339(one(feed, "updated"))
        # atom:author on the feed, so no entry needs its own (RFC 4287 4.1.1).
        assert one(one(feed, "author"), "name").text
        assert [link.get("rel") for link in feed.findall(f"{ATOM}link")].count("self") == 1
        ids = []
        for entry in feed.findall(f"{ATOM}entry"):
            ids.append(one(entry, "id").text)
            assert one(entry, "title").text
            assert rfc3339(one(entry, "updated")) <= updated
            # An entry without content needs an alternate link; ours have both.
            links = entry.findall(f"{ATOM}link")
            assert [link.get("rel", "alternate") for link in links] == ["alternate"]
            assert one(entry, "content").get("type") == "html"
        assert len(ids) == len(set(ids)), file.name
        assert all(i.startswith("urn:uuid:") for i in ids)


def test_entries_are_newest_first_and_every_link_reaches_a_page():
    site = built_site()
    for file in feed_files(site):
        parsed = feedparser.parse(file.read_bytes(),
                                  response_headers={"content-location": f"{BASE}feeds/x.atom"})
        dates = [entry.updated_parsed for entry in parsed.entries]
        assert dates == sorted(dates, reverse=True), file.name
        for entry in parsed.entries:
            assert entry.link.startswith(BASE), entry.link
            page = entry.link[len(BASE):].split("#")[0]
            assert (site / page / "index.html").is_file(), entry.link


def by_title(path: Path) -> dict[str, ET.Element]:
    return {one(e, "title").text: e for e in entries(path)}


def test_papers_are_dated_by_their_meetings_and_minutes_by_their_approval():
    found = by_title(built_site() / "feeds/papers.atom")
    committee = "Children's Services Overview and Scrutiny Committee"
    agenda = found[f"Agenda: {committee}, Wednesday 23 March 2022"]
    assert one(agenda, "updated").text == "2022-03-23T00:00:00+00:00"
    assert "Minute 90: YOUNG CARERS" in one(agenda, "content").text
    # Nothing in the archive approves them, and no later meeting is known: not a draft
    # (the page says the same).
    minutes = found[f"Minutes: {committee}, Wednesday 23 March 2022"]
    assert "approval of these minutes is not recorded here" in one(minutes, "content").text
    decided = found[f"Decided: Minute 90: YOUNG CARERS ({committee}, Wednesday 23 March 2022)"]
    assert "further progress report be presented in 12 months" in one(decided, "content").text
    assert "overdue" in one(decided, "content").text  # due 23 March 2023, as of 1 June 2023
    report = next(t for t in found if t.startswith('Document "A": Ofsted Monitoring Visit'))
    assert one(found[report], "updated").text.startswith("2021-07-29")
    kinds = {e.find(f"{ATOM}category").get("term") for e in found.values()}
    assert kinds == {"agenda", "minutes", "report", "decisions"}


APPROVED = {
    "content/meetings/csc/2022-02-09.yml": (
        "committee: csc\ndate: 2022-02-09\nstatus: held\nitems:\n"
        "  - minute: 70\n    title: Budget\n    minutes: Members discussed the budget.\n"),
    "content/meetings/csc/2022-03-23.yml": (
        "committee: csc\ndate: 2022-03-23\nstatus: held\nitems:\n"
        "  - minute: 86\n    title: Minutes\n    resolutions:\n"
        "      - text: That the minutes of the meeting held on 9 February 2022 be signed "
        "as a correct record.\n"),
}


def test_minutes_are_updated_when_a_later_meeting_approves_them(project):
    write_tree(project, APPROVED)
    result = check(project / "content", dt.date(2023, 6, 1), shown_from=project)
    assert result.ok, [str(d) for d in result.diagnostics.errors]
    feed = dict(outputs(result.archive, result.links, None))["feeds/csc.atom"]
    parsed = feedparser.parse(feed)
    assert not parsed.bozo
    minutes = {e.title: e for e in parsed.entries if e.tags[0].term == "minutes"}
    february = minutes["Minutes: Test Committee, Wednesday 9 February 2022"]
    assert february.published.startswith("2022-02-09")
    assert february.updated.startswith("2022-03-23")
    assert "Approved as a correct record at the meeting of Wednesday 23 March 2022" in (
        february.content[0].value)
    # No later meeting is known by June 2023: not a draft, and not said to be approved.
    assert "Minutes: Test Committee, Wednesday 23 March 2022" in minutes
    assert parsed.feed.updated.startswith("2022-03-23")  # the newest paper, not the build
    # While the next meeting is still to come, they are the draft the papers call them.
    write_tree(project, {"content/meetings/csc/2022-04-20.yml": (
        "committee: csc\ndate: 2022-04-20\nstatus: scheduled\n")})
    result = check(project / "content", dt.date(2022, 4, 1), shown_from=project)
    feed = dict(outputs(result.archive, result.links, None))["feeds/csc.atom"]
    titles = {e.title for e in feedparser.parse(feed).entries}
    assert "Minutes: Test Committee, Wednesday 23 March 2022 (draft)" in titles


def test_committee_feeds_split_the_site_feed():
    site = built_site()
    everything = {one(e, "id").text for e in entries(site / "feeds/papers.atom")}
    parts = [{one(e, "id").text for e in entries(f)} for f in feed_files(site)
             if f.name != "papers.atom"]
    assert set().union(*parts) == everything
    assert sum(len(p) for p in parts) == len(everything)


def ids(site: Path) -> list[str]:
    feed = ET.parse(site / "feeds/papers.atom").getroot()
    return [one(feed, "id").text] + [one(e, "id").text for e in feed.findall(f"{ATOM}entry")]


def test_a_configured_site_address_makes_every_link_absolute_and_names_every_id(tmp_path):
    """The plugin hands mkdocs.yml's site_url to the outputs: links are absolute, and
    calendar and feed ids name the site, so two councils' ids never clash."""
    site = build_with(tmp_path, "project", f"site_url: {BASE}\n")
    feed = ET.parse(site / "feeds/papers.atom").getroot()
    hrefs = [link.get("href") for link in feed.iter(f"{ATOM}link")]
    assert hrefs and all(h.startswith(BASE) for h in hrefs)
    assert f"{BASE}feeds/papers.atom" in hrefs
    plain = ids(built_site())
    named = ids(site)
    assert len(named) == len(plain) and all(i.startswith("urn:uuid:") for i in named)
    assert not set(named) & set(plain)
    calendar = icalendar.Calendar.from_ical((site / "calendar/all.ics").read_bytes())
    urls = [str(event["URL"]) for event in calendar.walk("VEVENT")]
    assert f"{BASE}meetings/childrens-services-osc/2022-03-23/" in urls
    host = BASE.split("//")[1].rstrip("/")
    assert {str(event["UID"]).split("@")[1] for event in calendar.walk("VEVENT")} == {host}
    index = json.loads((site / "data/index.json").read_text())
    assert index["calendar"] == f"{BASE}calendar/all.ics"
    meeting = json.loads((site / "data/meetings/childrens-services-osc/2022-03-23.json")
                         .read_text())
    assert meeting["links"][0]["url"] == f"{BASE}meetings/childrens-services-osc/2022-03-23/"
    # A site that moves keeps its ids by naming its old address as its id.
    moved = build_with(tmp_path, "moved", "site_url: https://new.example.net/papers/\n")
    assert ids(moved) != named
    kept = build_with(tmp_path, "kept", "site_url: https://new.example.net/papers/\n",
                      f"      site_id: {host}\n")
    assert ids(kept) == named
    assert ids(build_with(tmp_path, "again", f"site_url: {BASE}\n")) == named


def test_feed_html_is_escaped_and_sanitized(project):
    script = "<script>alert(1)</script>"
    write_tree(project, {
        "content/meetings/csc/2022-03-23.yml": (
            "committee: csc\ndate: 2022-03-23\nstatus: held\nitems:\n"
            f"  - minute: 1\n    title: {json.dumps(script)}\n"
            "    documents:\n      - letter: A\n"
            f"    resolutions:\n      - text: {json.dumps('Agreed ' + script)}\n"),
        "content/reports/csc/2022-03-23-A.md": (
            "---\nmeeting: csc/2022-03-23\nletter: A\ntitle: Budget\n"
            f"summary: {json.dumps('Summary <img src=x onerror=alert(2)>' + script)}\n---\n"
            "Body.\n"),
    })
    result = check(project / "content", dt.date(2023, 6, 1), shown_from=project)
    assert result.ok, [str(d) for d in result.diagnostics.errors]
    feed = dict(outputs(result.archive, result.links, None))["feeds/papers.atom"]
    contents = [one(e, "content").text for e in ET.fromstring(feed).iter(f"{ATOM}entry")]
    assert len(contents) == 4  # agenda, minutes, decisions, report
    for html in contents:
        assert "<script" not in html and "onerror" not in html, html
    assert any("&lt;script&gt;" in html for html in contents)


def test_each_feed_holds_only_its_newest_papers():
    """A feed is fetched every few hours: it holds the newest papers, not the archive."""
    result = check(ROOT / "content", dt.date.fromisoformat(AS_OF), shown_from=ROOT)
    addresses = Addresses(None)

    def ids(newest: int) -> dict[str, list[str]]:
        return {path: [one(e, "id").text for e in ET.fromstring(feed).iter(f"{ATOM}entry")]
                for path, feed in feeds(result.archive, result.links, addresses, "Papers",
                                        newest)}

    everything, newest = ids(10_000), ids(5)
    assert len(everything["feeds/papers.atom"]) > 5
    assert everything.keys() == newest.keys()
    for path, kept in newest.items():
        assert kept == everything[path][:5], path
