"""Golden files: one rendered page of each kind, compared byte for byte.

A deliberate change to a template or the content regenerates them with
`UPDATE_GOLDEN=1 python3 -m pytest tests/test_golden.py`; review the diff before committing.
"""

from __future__ import annotations

import datetime as dt
import os

import pytest
from conftest import ROOT

from generator.stages.pipeline import run

GOLDEN = ROOT / "tests" / "golden"
PAGES = {
    "home": "index.md",
    "committees": "committees/index.md",
    "committee": "committees/childrens-services-osc/index.md",
    "meeting": "meetings/childrens-services-osc/2022-03-23.md",
    "report": "reports/childrens-services-osc/2021-07-29-B.md",
    "work-programme": "work-programmes/childrens-services-osc/2021-22.md",
    "tracker": "trackers/childrens-services-osc/2021-22.md",
    "person": "people/winnard.md",
}


@pytest.fixture(scope="module")
def pages() -> dict[str, str]:
    result = run(ROOT / "content", dt.date(2023, 6, 1), shown_from=ROOT)
    assert result.ok
    return {page.uri: page.source() for page in result.pages}


@pytest.mark.parametrize("kind", sorted(PAGES))
def test_page_matches_its_golden_file(pages, kind):
    golden = GOLDEN / f"{kind}.md"
    rendered = pages[PAGES[kind]]
    if os.environ.get("UPDATE_GOLDEN"):
        golden.parent.mkdir(exist_ok=True)
        golden.write_text(rendered)
    assert golden.is_file(), f"no golden file {golden}: run with UPDATE_GOLDEN=1"
    assert rendered == golden.read_text(), f"{kind} page differs from {golden}"
