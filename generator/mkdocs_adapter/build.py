"""`papers build`'s MkDocs side: read the project's mkdocs.yml and build the site into a folder."""

from __future__ import annotations

from pathlib import Path


class BuildFailed(Exception):
    """MkDocs could not build the site; the message says why."""


def build(config_file: Path, site_dir: Path, strict: bool) -> None:
    """Build the site described by config_file into site_dir, as `mkdocs build` would."""
    # Imported here: `papers check` never needs MkDocs, and importing it takes a while.
    from mkdocs.commands.build import build as mkdocs_build
    from mkdocs.config import load_config
    from mkdocs.exceptions import MkDocsException

    try:
        mkdocs_build(load_config(str(config_file), site_dir=str(site_dir), strict=strict))
    except MkDocsException as exc:
        raise BuildFailed(str(exc)) from None
