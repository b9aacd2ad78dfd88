"""Site search: Pagefind indexes written beside the built site.

Pagefind splits its index into small fragments, so a browser downloads only the pieces a
query needs rather than the whole index (mkdocs-material's lunr search downloads a single
index of about 4.7 KB a page: tens of megabytes for a council's archive). See the README's
Performance section for the figures behind the choice.

While it indexes, Pagefind holds about 0.45 MB of memory a page: 11 GB for a 20-year
archive. So a large site is indexed in parts of at most SHARD_PAGES pages, each part the
whole of some committees' pages, two parts at a time (one per core); the search page
merges them in the browser (Pagefind's mergeIndex), using the first part's WebAssembly
for all. A site that fits in one part gets one index, as before.
"""

from __future__ import annotations

import json
import os
import re
import shutil
import subprocess
import sys
import tempfile
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

# Index the page's main content only: not the navigation, header, footer or controls.
ROOT_SELECTOR = "article.md-content__inner"
EXCLUDE = ".reading-settings, .md-source-file, .headerlink"
SHARD_PAGES = 1500
INDEX_DIR = "pagefind"
# A person's own page, not the pages of their attendance in earlier years: a search for
# their name finds the one page, which links to the rest, and the first part, which
# holds every page outside a committee, does not grow with their careers.
PEOPLE_GLOB = "people/*/index.html"
# The other parts, which search.js merges into the first, and the globs each part indexed:
# {"parts": ["pagefind-2/", ...], "globs": [[...], [...], ...]}.
PARTS_FILE = "pagefind/parts.json"
# A committee's own pages: everything under one of these folders and the committee's id.
_COMMITTEE_FOLDERS = ("committees", "meetings", "reports", "trackers", "work-programmes")
_COMMITTEE_PAGE = re.compile(rf"^(?:{'|'.join(_COMMITTEE_FOLDERS)})/([^/]+)/")


class SearchIndexError(Exception):
    """Pagefind could not index the site."""


def parts(pages: list[str], limit: int = SHARD_PAGES) -> list[list[str]]:
    """Split the site's pages (paths relative to the site) into globs Pagefind takes:
    the first part holds every page outside a committee, then whole committees are
    added in name order, a new part starting when one would pass `limit` pages."""
    committees: dict[str, int] = {}
    others: set[str] = set()
    for page in pages:
        match = _COMMITTEE_PAGE.match(page)
        head, slash, _rest = page.partition("/")
        if match:
            committees[match.group(1)] = committees.get(match.group(1), 0) + 1
        elif head == "people":
            others.add(PEOPLE_GLOB)
        elif slash and head not in _COMMITTEE_FOLDERS:
            others.add(f"{head}/**/*.html")  # a folder outside any committee
        else:
            others.add(page)
    groups, sizes = [sorted(others)], [len(pages) - sum(committees.values())]
    for committee, size in sorted(committees.items()):
        if sizes[-1] and sizes[-1] + size > limit:
            groups.append([])
            sizes.append(0)
        groups[-1].append(_committee_glob(committee))
        sizes[-1] += size
    return [group for group in groups if group]


def _committee_glob(committee: str) -> str:
    return "{" + ",".join(_COMMITTEE_FOLDERS) + f"}}/{committee}/**/*.html"


def _glob(patterns: list[str]) -> str:
    return patterns[0] if len(patterns) == 1 else "{" + ",".join(patterns) + "}"


def _command(site_dir: Path, patterns: list[str], output: Path) -> list[str]:
    return [sys.executable, "-m", "pagefind", "--site", str(site_dir), "--silent",
            "--glob", _glob(patterns), "--output-path", str(output),
            "--root-selector", ROOT_SELECTOR, "--exclude-selectors", EXCLUDE,
            "--force-language", "en"]


def _index(site_dir: Path, patterns: list[str], output: Path) -> None:
    result = subprocess.run(_command(site_dir, patterns, output), capture_output=True,
                            text=True)
    if result.returncode != 0:
        raise SearchIndexError((result.stderr or result.stdout).strip()[-2000:])


def committee_of(path: str) -> str:
    """The committee whose part of the index holds a page (a path relative to the site,
    or a page's source path), or "" for a page outside every committee. Sorting a site's
    pages by it writes each committee's pages together, in the order `parts` takes
    them, so `EarlyParts` can index each part as soon as its pages are written."""
    match = _COMMITTEE_PAGE.match(path)
    return match.group(1) if match else ""


def _part_of(page: str, groups: list[list[str]]) -> int:
    """Which part indexes a page (a path relative to the site)."""
    committee = committee_of(page)
    if committee:
        wanted = _committee_glob(committee)
        for number, group in enumerate(groups):
            if wanted in group:
                return number
    return 0  # pages outside any committee are all in the first part


def _name(part: int) -> str:
    return INDEX_DIR if part == 0 else f"{INDEX_DIR}-{part + 1}"


class EarlyParts:
    """Parts of the index started while MkDocs still writes the site. Told of each page
    once it is on disk (`written`), a part whose pages are all written is indexed then,
    one part at a time, at a lower priority than the build's own work: the second core
    has time to spare while MkDocs writes, as rendering ahead (render_ahead.py) keeps
    well ahead of it. `index_site` then waits for them and indexes the rest. The pages
    must be written committee by committee (`committee_of`), or no part is complete
    before the last page; the first part, pages outside every committee, is left to
    `index_site`."""

    def __init__(self, site_dir: Path, pages: list[str], limit: int = SHARD_PAGES) -> None:
        self.site_dir = Path(site_dir)
        self.groups = parts(pages, limit)
        self._left = [0] * len(self.groups)
        for page in pages:
            self._left[_part_of(page, self.groups)] += 1
        self._waiting: list[int] = []
        self.started: dict[int, subprocess.Popen] = {}
        self.staging: Path | None = None

    def written(self, page: str) -> None:
        """A page (a path relative to the site) is on disk."""
        part = _part_of(page, self.groups)
        self._left[part] -= 1
        if part and self._left[part] == 0:
            self._waiting.append(part)
        if self._waiting and all(p.poll() is not None for p in self.started.values()):
            self._start(self._waiting.pop(0))

    def _start(self, part: int) -> None:
        if self.staging is None:
            self.staging = Path(tempfile.mkdtemp(prefix=".pagefind-new-", dir=self.site_dir))
        command = _command(self.site_dir, self.groups[part], self.staging / _name(part))
        nice = shutil.which("nice")
        with open(self.staging / f"{_name(part)}.log", "wb") as log:
            self.started[part] = subprocess.Popen(
                [nice, "-n", "10", *command] if nice else command,
                stdout=subprocess.DEVNULL, stderr=log)

    def keeps(self, part: int, patterns: list[str]) -> bool:
        """Whether a part started early indexes these patterns (the part's globs in the
        finished site); one that does not is stopped, to be indexed again."""
        process = self.started.get(part)
        if process is None:
            return False
        if self.groups[part] == patterns:
            return True
        del self.started[part]
        process.kill()
        process.wait()
        shutil.rmtree(self.staging / _name(part), ignore_errors=True)
        return False

    def wait(self) -> None:
        """Wait for every part started early; raise if one failed."""
        for part, process in list(self.started.items()):
            if process.wait() != 0:
                log = (self.staging / f"{_name(part)}.log").read_text(errors="replace")
                raise SearchIndexError(log.strip()[-2000:])
            del self.started[part]

    def cancel(self) -> None:
        """Stop every part still indexing and remove what they wrote (a failed build)."""
        for process in self.started.values():
            process.kill()
            process.wait()
        self.started.clear()
        if self.staging is not None:
            shutil.rmtree(self.staging, ignore_errors=True)


def index_site(site_dir: Path, limit: int = SHARD_PAGES,
               changed: set[str] | None = None, early: EarlyParts | None = None) -> None:
    """Write the search index into site_dir/pagefind/ (and pagefind-2/, ... for a site of
    more than `limit` pages), and the list of parts search.js merges.

    With `changed` (pages written or deleted since the last index, as paths relative to
    the site; serve's complete step), a part whose pages are the same as last time and
    none of them changed is kept as it is: a save re-indexes its own committee's part.
    With `early` (a build's), the parts it indexed as the pages were written are kept.
    Pagefind writes into new folders that then replace the old ones whole: a preview
    reindexing a served site never serves half an index, nor fragments of the last one."""
    site_dir = Path(site_dir)
    pages = sorted(p.relative_to(site_dir).as_posix() for p in site_dir.rglob("*.html"))
    groups = parts(pages, limit)
    names = [_name(n) for n in range(len(groups))]
    redo = set(range(len(groups)))
    if changed is not None:
        before = _manifest(site_dir).get("globs", [])
        touched = {_part_of(page, groups) for page in changed}
        redo = {n for n in redo if n in touched or n >= len(before) or before[n] != groups[n]
                or not (site_dir / names[n]).is_dir()}
    staging = (early.staging if early is not None and early.staging is not None
               else Path(tempfile.mkdtemp(prefix=".pagefind-new-", dir=site_dir)))
    try:
        indexed = {n for n in redo if early is not None and early.keeps(n, groups[n])}
        workers = max(1, min(2, len(os.sched_getaffinity(0))))
        with ThreadPoolExecutor(workers) as pool:
            running = [pool.submit(_index, site_dir, groups[n], staging / names[n])
                       for n in sorted(redo - indexed)]
            if early is not None:
                early.wait()
            for done in running:
                done.result()
        manifest = {"parts": [f"{name}/" for name in names[1:]], "globs": groups}
        staged_manifest = staging / "parts.json"
        staged_manifest.write_text(json.dumps(manifest) + "\n", encoding="utf-8")
        stale = [old for old in site_dir.glob(f"{INDEX_DIR}-*") if old.name not in names]
        for n in sorted(redo):
            (staging / names[n]).chmod(0o755)
            target = site_dir / names[n]
            if target.exists():
                target.rename(staging / f"old-{names[n]}")
            (staging / names[n]).rename(target)
        staged_manifest.replace(site_dir / PARTS_FILE)
        for old in stale:
            shutil.rmtree(old, ignore_errors=True)
    finally:
        if early is not None:
            early.cancel()  # a part not waited for, as another failed
        shutil.rmtree(staging, ignore_errors=True)


def _manifest(site_dir: Path) -> dict:
    try:
        return json.loads((site_dir / PARTS_FILE).read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return {}
