"""Site search: a Pagefind index written beside the built site.

Pagefind splits its index into small fragments, so a browser downloads only the pieces a
query needs rather than the whole index (mkdocs-material's lunr search downloads a single
index of about 4.7 KB a page: tens of megabytes for a council's archive). See the README's
Performance section for the figures behind the choice.
"""

from __future__ import annotations

import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

# Index the page's main content only: not the navigation, header, footer or controls.
ROOT_SELECTOR = "article.md-content__inner"
EXCLUDE = ".reading-settings, .md-source-file, .headerlink"


class SearchIndexError(Exception):
    """Pagefind could not index the site."""


def index_site(site_dir: Path) -> None:
    """Write the search index into site_dir/pagefind/.

    Pagefind writes into a new folder that then replaces the old one whole: a preview
    reindexing a served site never serves half an index, nor fragments of the last one."""
    site_dir = Path(site_dir)
    staging = Path(tempfile.mkdtemp(prefix=".pagefind-new-", dir=site_dir))
    command = [sys.executable, "-m", "pagefind", "--site", str(site_dir), "--silent",
               "--root-selector", ROOT_SELECTOR, "--exclude-selectors", EXCLUDE,
               "--force-language", "en", "--output-path", str(staging)]
    try:
        result = subprocess.run(command, capture_output=True, text=True)
        if result.returncode != 0:
            raise SearchIndexError((result.stderr or result.stdout).strip()[-2000:])
        staging.chmod(0o755)
        target = site_dir / "pagefind"
        old = site_dir / f".pagefind-old-{staging.name[-8:]}"
        if target.exists():
            target.rename(old)
        staging.rename(target)
        shutil.rmtree(old, ignore_errors=True)
    finally:
        shutil.rmtree(staging, ignore_errors=True)
