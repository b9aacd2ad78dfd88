"""Site search: a Pagefind index written beside the built site.

Pagefind splits its index into small fragments, so a browser downloads only the pieces a
query needs rather than the whole index (mkdocs-material's lunr search downloads a single
index of about 4.7 KB a page: tens of megabytes for a council's archive). See the README's
Performance section for the figures behind the choice.
"""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

# Index the page's main content only: not the navigation, header, footer or controls.
ROOT_SELECTOR = "article.md-content__inner"
EXCLUDE = ".reading-settings, .md-source-file, .headerlink"


class SearchIndexError(Exception):
    """Pagefind could not index the site."""


def index_site(site_dir: Path) -> None:
    """Write the search index into site_dir/pagefind/."""
    command = [sys.executable, "-m", "pagefind", "--site", str(site_dir), "--silent",
               "--root-selector", ROOT_SELECTOR, "--exclude-selectors", EXCLUDE,
               "--force-language", "en"]
    result = subprocess.run(command, capture_output=True, text=True)
    if result.returncode != 0:
        raise SearchIndexError((result.stderr or result.stdout).strip()[-2000:])
