"""One council's papers (tests/fixtures/councils/COUNCIL/content) run through the
pipeline, for the modules that test the links each council's papers state."""

from __future__ import annotations

import datetime as dt
import shutil

from conftest import ROOT

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
