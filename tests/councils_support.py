"""One council's papers (tests/fixtures/councils/COUNCIL/content) run through the
pipeline, for the modules that test the links each council's papers state."""

from __future__ import annotations

import datetime as dt
import shutil

from conftest import ROOT
from ruamel.yaml import YAML

from generator.outputs import outputs
from generator.stages.pipeline import Result, run

COUNCILS = ROOT / "tests" / "fixtures" / "councils"


def build_council(tmp_path_factory, council: str, as_of: dt.date
                  ) -> tuple[Result, dict[str, str], dict[str, str | bytes]]:
    """(the run's result, each page's HTML by address, each output file by path), from a
    copy of the council's content."""
    project = tmp_path_factory.mktemp(council)
    shutil.copytree(COUNCILS / council / "content", project / "content")
    result = run(project / "content", as_of, shown_from=project)
    pages = {page.uri: page.html for page in result.pages}
    return result, pages, dict(outputs(result.archive, result.links, None))


def texts_of(item: dict) -> list[str]:
    """What an item of a meeting file quotes from the papers: its title, description,
    minutes, resolutions, disclosures' interests and approvals' corrections."""
    found = [item["title"], item.get("description"), item.get("minutes")]
    found += [r["text"] for r in item.get("resolutions", [])]
    found += [d["interest"] for d in item.get("disclosures", [])]
    for approval in item.get("approves_minutes", []):
        found += list(approval.get("corrections", []))
    return [str(t).strip() for t in found if t]


def quoted_texts(council: str) -> list[tuple[str, str]]:
    """(file name, text) for every text the council's meeting files quote."""
    yaml = YAML(typ="safe")
    return [(path.name, text)
            for path in sorted((COUNCILS / council / "content" / "meetings").rglob("*.yml"))
            for item in yaml.load(path.read_text(encoding="utf-8")).get("items") or []
            for text in texts_of(item)]
