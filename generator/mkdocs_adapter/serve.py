"""`papers serve`: a live preview that keeps going while the content has errors.

A clerk saves a file with a mistake in it; the preview must not die. In serve mode the
plugin shows the problems on the page instead of failing: a banner at the top of every
page, over the last version of the site that had no errors (or over a page saying the
site cannot be shown yet). When the file is fixed the next rebuild drops the banner.
`papers build` and `mkdocs build` still fail on errors.

How the preview rebuilds only what a save changed is preview.py's business; the banner
and the page of problems are problems.py's.
"""

from __future__ import annotations

import datetime as dt
import logging
import os
import sys
from pathlib import Path

from generator.mkdocs_adapter.preview import Preview


def _log_to_terminal() -> None:
    """MkDocs logs what it is doing (the address, each rebuild, content errors) to the
    'mkdocs' logger; show those lines as `mkdocs serve` would."""
    handler = logging.StreamHandler(sys.stderr)
    handler.setFormatter(logging.Formatter("%(levelname)-7s -  %(message)s"))
    logger = logging.getLogger("mkdocs")
    logger.addHandler(handler)
    logger.setLevel(logging.INFO)
    logger.propagate = False


def run(project: Path, config_file: Path, content_dir: Path, dev_addr: str,
        as_of: dt.date) -> None:
    """Serve the site from project, rebuilding what changes when content, docs, theme or
    config change."""
    _log_to_terminal()
    os.chdir(project)
    print(f"Previewing the site at http://{dev_addr}/ as you edit {content_dir}. "
          "Press Ctrl+C to stop.", file=sys.stderr, flush=True)
    Preview(project, config_file, content_dir, dev_addr, as_of).serve()
