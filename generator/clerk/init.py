"""`papers init`: start a council's own repository of papers.

It writes the council's files only: an example committee, person and meeting that pass
`papers check`, mkdocs.yml naming the plugin, a publish workflow pinned to this version,
a pre-commit config, .gitignore and a README for clerks. No code or template of the tool
is copied: the installed package brings those, so a new version is a change of the pin.
"""

from __future__ import annotations

import datetime as dt
import json
from importlib import metadata
from pathlib import Path

import jinja2

from generator.record.references import municipal_year

STARTER = Path(__file__).parent / "starter"


class InitError(Exception):
    """The folder cannot be made into a repository; the message says why."""


def version() -> str:
    try:
        return metadata.version("committee-papers")
    except metadata.PackageNotFoundError:  # run from a source tree never installed
        return "0.0.0"


def _target(relative: Path) -> Path:
    """Starter files that begin with '_' are written with a '.': a wheel's package data
    leaves out files whose names begin with a dot."""
    return Path(*(("." + part[1:]) if part.startswith("_") else part
                  for part in relative.parts))


def init(folder: Path, council: str, today: dt.date) -> list[Path]:
    """Write the starter repository into folder (made if missing); the paths written."""
    if folder.exists() and not folder.is_dir():
        raise InitError(f"{folder} is a file, not a folder")
    if folder.is_dir() and any(folder.iterdir()):
        raise InitError(f"{folder} is not empty; papers init only starts a new folder, "
                        "so that nothing already there is overwritten")
    # The example meets on a Wednesday four or more weeks away: still to come when the
    # clerk first runs papers check.
    meeting = today + dt.timedelta(days=28)
    meeting += dt.timedelta(days=(2 - meeting.weekday()) % 7)
    values = {"council": council, "version": version(), "date": meeting.isoformat(),
              "year": municipal_year(meeting)}
    # [[ ]] rather than {{ }}: the publish workflow is full of GitHub's own ${{ }}.
    env = jinja2.Environment(variable_start_string="[[", variable_end_string="]]",
                             keep_trailing_newline=True, undefined=jinja2.StrictUndefined,
                             autoescape=False)
    # A YAML value that is safe whatever the council's name holds (JSON strings are YAML).
    env.filters["quoted"] = lambda text: json.dumps(text, ensure_ascii=False)
    written = []
    for source in sorted(path for path in STARTER.rglob("*") if path.is_file()):
        relative = _target(source.relative_to(STARTER))
        target = folder / env.from_string(relative.as_posix()).render(values)
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_text(env.from_string(source.read_text()).render(values))
        written.append(target)
    return written
