"""Shared by the tests of calendars, feeds and open data: the bundled site, built once.

The real `papers build` on the bundled content, as of 2023-06-01; the tests read the
files it wrote. Built once per test session (three modules use it) and removed at exit.
"""

from __future__ import annotations

import atexit
import datetime as dt
import functools
import shutil
import tempfile
from pathlib import Path

from conftest import ROOT, papers
from ruamel.yaml import YAML

AS_OF = "2023-06-01"


@functools.cache
def built_site() -> Path:
    root = Path(tempfile.mkdtemp(prefix="papers-outputs-"))
    atexit.register(shutil.rmtree, root, ignore_errors=True)
    site = root / "site"
    result = papers("build", "--as-of", AS_OF, "--site-dir", str(site))
    assert result.returncode == 0, result.stdout + result.stderr
    return site


def content_meetings(content: Path = ROOT / "content") -> dict[str, dict]:
    """Every meeting file as the clerk wrote it, by id (COMMITTEE/STEM): read here with
    ruamel.yaml, independently of the generator, to check the outputs against."""
    yaml = YAML(typ="safe")
    meetings = {}
    for path in sorted((content / "meetings").glob("*/*.yml")):
        meetings[f"{path.parent.name}/{path.stem}"] = yaml.load(path)
    return meetings


def known_date(record: dict) -> dt.date | None:
    value = record.get("date")
    return value if isinstance(value, dt.date) else None


def build_with(tmp_path, name: str, settings: str, plugin: str = "") -> Path:
    """The bundled content built with these lines added to mkdocs.yml (plugin: to the
    papers plugin's settings); its site."""
    project = tmp_path / name
    for folder in ("content", "docs"):
        shutil.copytree(ROOT / folder, project / folder)
    config = (ROOT / "mkdocs.yml").read_text().replace(
        "      content_dir: content\n", f"      content_dir: content\n{plugin}")
    (project / "mkdocs.yml").write_text(f"{settings}{config}")
    site = tmp_path / f"{name}-site"
    result = papers("--project", str(project), "build", "--as-of", AS_OF,
                    "--site-dir", str(site))
    assert result.returncode == 0, result.stderr
    return site
