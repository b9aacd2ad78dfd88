"""Shared by the tests of calendars, feeds and open data: the bundled site, built once.

The real `papers build` on the bundled content, as of 2023-06-01; the tests read the
files it wrote. Built once per test session (three modules use it) and removed at exit.
"""

from __future__ import annotations

import atexit
import datetime as dt
import functools
import json
import shutil
import tempfile
from pathlib import Path

from conftest import ROOT, papers
from jsonschema import Draft202012Validator, FormatChecker
from referencing import Registry, Resource
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


SCHEMAS = ("meeting", "committee-year", "index")


def load_schemas(site: Path) -> dict[str, dict]:
    return {name: json.loads((site / f"data/schema/{name}.schema.json").read_text())
            for name in SCHEMAS}


def validators(schemas: dict[str, dict]) -> dict[str, Draft202012Validator]:
    registry = Registry().with_resources(
        (schema["$id"], Resource.from_contents(schema)) for schema in schemas.values())
    return {name: Draft202012Validator(schema, registry=registry, format_checker=FormatChecker())
            for name, schema in schemas.items()}


def schema_for(relative: str) -> str:
    """Which schema a file under data/ answers to, by where it is."""
    parts = relative.split("/")
    if relative == "data/index.json":
        return "index"
    if parts[1] == "meetings" and len(parts) == 4:
        return "meeting"
    if len(parts) == 3 and parts[2][:4].isdigit():
        return "committee-year"
    raise AssertionError(f"{relative} matches no published schema")


def data_files(site: Path) -> dict[str, bytes]:
    return {p.relative_to(site).as_posix(): p.read_bytes()
            for p in sorted((site / "data").rglob("*")) if p.is_file()
            and not p.relative_to(site).as_posix().startswith("data/schema/")}


def assert_all_valid(files: dict[str, bytes], checks: dict[str, Draft202012Validator]) -> None:
    for relative, raw in files.items():
        assert relative.endswith(".json"), relative
        errors = list(checks[schema_for(relative)].iter_errors(json.loads(raw)))
        assert not errors, (relative, [f"{e.json_path}: {e.message[:200]}" for e in errors[:5]])
