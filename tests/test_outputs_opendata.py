"""Open data: every JSON file the build writes validates against the published schema,
uses stable identifiers, and never carries exempt material."""

from __future__ import annotations

import copy
import datetime as dt
import json
import re
import subprocess
import sys

import jsonschema
import pytest
from conftest import ROOT
from jsonschema import Draft202012Validator
from outputs_support import (
    AS_OF,
    SCHEMAS,
    assert_all_valid,
    built_site,
    content_meetings,
    data_files,
    known_date,
    load_schemas,
    validators,
)

from generator.outputs import outputs
from generator.stages.pipeline import check

CANARY = ROOT / "tests/fixtures/safety/canary"


def test_the_schemas_are_valid_draft_2020_12():
    for schema in load_schemas(built_site()).values():
        assert schema["$schema"] == "https://json-schema.org/draft/2020-12/schema"
        Draft202012Validator.check_schema(schema)


def test_every_emitted_json_file_validates_against_its_schema():
    site = built_site()
    files = data_files(site)
    meetings = content_meetings()
    assert {f"data/meetings/{m}.json" for m in meetings} <= set(files)
    assert "data/childrens-services-osc/2021-22.json" in files
    assert len(files) == len(meetings) + 3  # and two years of one committee, and the index
    assert_all_valid(files, validators(load_schemas(site)))


def test_files_are_utf8_with_sorted_keys_and_meetings_in_date_order():
    files = data_files(built_site())
    for relative, raw in files.items():
        document = json.loads(raw.decode("utf-8"))
        again = json.dumps(document, ensure_ascii=False, sort_keys=True, indent=2) + "\n"
        assert again.encode() == raw, relative
    year = json.loads(files["data/childrens-services-osc/2021-22.json"])
    dates = [m["start_date"][:10] for m in year["meetings"]]
    assert dates == sorted(dates) and len(dates) == 4
    assert "Children’s Services" in files[
        "data/meetings/corporate-parenting-panel/unknown-2021-looked-after-children.json"
    ].decode()  # curly quotes kept as UTF-8, not escaped


def meeting(stem: str) -> dict:
    path = built_site() / f"data/meetings/childrens-services-osc/{stem}.json"
    return json.loads(path.read_text())


def item(document: dict, item_id: str) -> dict:
    return next(i for i in document["agenda"] if i["id"] == item_id)


def test_a_meeting_has_the_open_civic_data_shape_and_our_record():
    march = meeting("2022-03-23")
    record = content_meetings()["childrens-services-osc/2022-03-23"]
    assert march["_type"] == "event" and march["status"] == "passed"
    assert march["start_date"] == "2022-03-23"  # no advertised start: the day only
    assert march["end_date"] == "2022-03-23T18:10:00+00:00"
    assert march["location"] == {"name": record["venue"]}
    present = {p["id"] for g in march["attendance"]["present"] for p in g["people"]}
    assert present == {p for group in record["attendance"]["present"].values() for p in group}
    assert {"entity_type": "organization", "id": "childrens-services-osc",
            "name": "Children's Services Overview and Scrutiny Committee",
            "note": "host"} in march["participants"]
    assert [i["minute"] for i in march["agenda"]] == [i["minute"] for i in record["items"]]
    assert march["status_as_of"] == AS_OF
    october = meeting("2021-10-06")
    assert october["start_date"] == "2021-10-06T16:30:00+01:00"  # BST


def test_the_clerks_markdown_is_published_as_written_with_the_pages_html():
    # Nothing in the bundled papers is removed by the sanitizer, so every text is the
    # clerk's own; its HTML is the page's.
    compared = 0
    for meeting_id, record in content_meetings().items():
        document = json.loads((built_site() / f"data/meetings/{meeting_id}.json").read_text())
        for written, published in zip(record.get("items") or [], document["agenda"], strict=True):
            for field, key in (("minutes", "minutes"), ("description", "details")):
                assert published[key] == ((written.get(field) or "").strip() or None), key
                compared += bool(written.get(field))
            for r_written, r_published in zip(written.get("resolutions") or [],
                                               published["resolutions"], strict=True):
                text = r_written if isinstance(r_written, str) else r_written["text"]
                assert r_published["text"] == text.strip()
                assert r_published["text_html"].startswith("<p>")
                compared += 1
    assert compared > 50
    page = (built_site() / "meetings/childrens-services-osc/2022-03-23/index.html").read_text()
    minute_90 = item(meeting("2022-03-23"), "childrens-services-osc/2022-03-23#minute-90")
    assert minute_90["minutes_html"].split("</p>")[0] in page.replace("\n", "")


def test_the_young_carers_chain_is_in_the_data():
    origin = item(meeting("2021-03-11"), "childrens-services-osc/2021-03-11#item-2")
    resolution = origin["resolutions"][0]
    assert resolution["id"] == "childrens-services-osc/2021-03-11#item-2.1"
    assert resolution["status"] == "met"
    assert [a["id"] for a in resolution["answered_by"]] == [
        "childrens-services-osc/2022-03-23#minute-90"]
    assert resolution["answered_by"][0]["url"] == (
        "meetings/childrens-services-osc/2022-03-23/#minute-90")
    assert {"work_programme": "childrens-services-osc/2021-22", "title": "Young Carers."} in (
        resolution["planned_in"])
    young_carers = item(meeting("2022-03-23"), "childrens-services-osc/2022-03-23#minute-90")
    assert young_carers["answers"] == "childrens-services-osc/2021-03-11#item-2.1"
    further = young_carers["resolutions"][0]
    assert further["request"] == {"what": "report", "due": {
        "kind": "months-after", "date": None, "months": 12}, "due_by": "2023-03-23"}
    assert further["status"] == "overdue"  # as of 1 June 2023


def test_minutes_approval_and_statuses_follow_the_record():
    february = meeting("2022-02-09")
    assert february["minutes"]["approved_by"]["id"] == (
        "childrens-services-osc/2022-03-23#minute-86")
    approving = item(meeting("2022-03-23"), "childrens-services-osc/2022-03-23#minute-86")
    assert approving["approves_minutes_of"] == ["childrens-services-osc/2022-02-09"]
    assert february["minutes"]["standing"] == "approved"
    assert meeting("2022-03-23")["minutes"] == {
        "published": True, "standing": "not recorded", "approved_by": None,
        "approved_elsewhere": None, "corrections": [], "to_be_approved_at": None}
    minute_47 = item(meeting("2021-10-06"), "childrens-services-osc/2021-10-06#minute-47")
    assert [r["request"]["due_by"] for r in minute_47["resolutions"] if r["request"]] == [
        "2022-12-31"]


def test_the_index_points_at_every_file():
    site = built_site()
    index = json.loads((site / "data/index.json").read_text())
    dated = sorted((known_date(r) or dt.date.max, m) for m, r in content_meetings().items())
    assert [m["id"] for m in index["meetings"]] == [m for _date, m in dated]
    pointed = [m["data"] for m in index["meetings"]]
    pointed += [y["data"] for c in index["committees"] for y in c["years"]]
    pointed += [index["calendar"], index["feed"], *index["schemas"].values()]
    pointed += [c[key] for c in index["committees"] for key in ("calendar", "feed")]
    for path in pointed:
        assert (site / path).is_file(), path


@pytest.fixture(scope="module")
def canary_outputs() -> dict[str, bytes]:
    result = check(CANARY / "content", dt.date(2023, 6, 1), shown_from=CANARY)
    assert result.ok, [str(d) for d in result.diagnostics.errors]
    return dict(outputs(result.archive, result.links, "https://papers.example.org/"))


def test_exempt_material_never_reaches_calendars_feeds_or_data(canary_outputs):
    assert any(path.startswith("data/meetings/") for path in canary_outputs)
    for path, data in canary_outputs.items():
        assert b"CANARY" not in data, path
    document = json.loads(canary_outputs["data/meetings/csc/2022-03-23.json"])
    documents = {d["letter"]: d for d in document["documents"]}
    assert documents["B"]["exempt"] == {"paragraph": 3}
    assert documents["B"]["report"]["body"] is None
    assert documents["B"]["title"] == "Contract award for residential care"
    assert documents["C"]["exempt"] == {"paragraph": 1} and documents["C"]["report"] is None
    appendix = documents["A"]["report"]["appendices"][1]
    assert appendix["exempt"] == {"paragraph": 2} and appendix["text"] is None
    closed = item(document, "csc/2022-03-23#minute-2")["closed_session"]
    assert set(closed) == {"exempt", "note", "note_html"} and closed["exempt"] == {"paragraph": 3}


def test_canary_data_validates_and_the_schema_refuses_exempt_content(canary_outputs):
    checks = validators({name: json.loads(canary_outputs[f"data/schema/{name}.schema.json"])
                         for name in SCHEMAS})
    assert_all_valid({p: d for p, d in canary_outputs.items()
                      if p.startswith("data/") and not p.startswith("data/schema/")}, checks)
    document = json.loads(canary_outputs["data/meetings/csc/2022-03-23.json"])
    leaked = copy.deepcopy(document)
    exempt = next(d for d in leaked["documents"] if d["letter"] == "B")
    exempt["report"]["body"] = "the tender prices"
    with pytest.raises(jsonschema.ValidationError):
        checks["meeting"].validate(leaked)
    leaked = copy.deepcopy(document)
    item(leaked, "csc/2022-03-23#minute-2")["closed_session"]["minutes"] = "private"
    with pytest.raises(jsonschema.ValidationError):
        checks["meeting"].validate(leaked)


def test_the_open_data_page_links_reach_the_files():
    site = built_site()
    page = (site / "open-data/index.html").read_text()
    hrefs = re.findall(r'href="\.\./((?:calendar|feeds|data)/[^"#]+)"', page)
    assert {"calendar/all.ics", "feeds/papers.atom", "data/index.json",
            "data/schema/meeting.schema.json"} <= set(hrefs)
    for href in hrefs:
        assert (site / href).is_file(), href


def test_the_outputs_never_import_mkdocs():
    code = ("import sys, generator.outputs; "
            "sys.exit(any(m.split('.')[0] == 'mkdocs' for m in sys.modules))")
    assert subprocess.run([sys.executable, "-c", code], cwd=ROOT).returncode == 0
