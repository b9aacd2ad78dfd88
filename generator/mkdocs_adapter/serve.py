"""`papers serve`: a live preview that keeps going while the content has errors.

A clerk saves a file with a mistake in it; the preview must not die. In serve mode the
plugin shows the problems on the page instead of failing: a banner at the top of every
page, over the last version of the site that had no errors (or over a page saying the
site cannot be shown yet). When the file is fixed the next rebuild drops the banner.
`papers build` and `mkdocs build` still fail on errors.

How the preview rebuilds only what a save changed is preview.py's business.
"""

from __future__ import annotations

import datetime as dt
import html
import logging
import os
import sys
from pathlib import Path

from generator.stages.render import Page

ERROR_PAGE_TITLE = "The content has errors"
BANNER_ID = "papers-problems"


def problems_banner(messages: list[str]) -> str:
    """An alert listing every problem, escaped: content text never becomes markup."""
    count = len(messages)
    heading = f"The content has {count} error{'' if count == 1 else 's'}"
    items = "\n".join(f"<li><code>{html.escape(message)}</code></li>" for message in messages)
    return (
        f'<div id="{BANNER_ID}" role="alert" style="border:3px solid #b00020;'
        'padding:0.75em 1em;margin:0 0 1.5em;background:#fff4f4;color:#1a1a1a">\n'
        f'<h2 style="margin-top:0">{heading}</h2>\n'
        "<p>Fix them and save: this preview rebuilds by itself. Until then it shows the "
        "last version without errors. <code>papers check</code> lists the same problems.</p>\n"
        f"<ul>\n{items}\n</ul>\n</div>\n"
    )


def problems_page(uri: str = "index.md") -> Page:
    """The page shown where the site has never built: the banner does the listing."""
    body = ("<p>No version of the site without errors has been built yet in this preview. "
            "The problems are listed above.</p>")
    return Page(uri, ERROR_PAGE_TITLE, f"<h1>{ERROR_PAGE_TITLE}</h1>\n{body}")


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
    from generator.mkdocs_adapter.preview import Preview

    _log_to_terminal()
    os.chdir(project)
    print(f"Previewing the site at http://{dev_addr}/ as you edit {content_dir}. "
          "Press Ctrl+C to stop.", file=sys.stderr, flush=True)
    Preview(project, config_file, content_dir, dev_addr, as_of).serve()
