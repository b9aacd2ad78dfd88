"""`papers serve` rebuilds only what a save changed, and still ends with exactly the site
`papers build` makes of the same content on the same date.

The preview re-renders the saved meeting's page at once, then, in the background, every
page whose source changed (the complete step, logged as "Preview complete"). Once it has,
every file of a clean `papers build --as-of` of the edited content must be in the
preview's site with the same bytes (pages fetched from the server, less the live-reload
script it adds), and the preview's site must hold no other file.
"""

from __future__ import annotations

import json
import re
import time
import urllib.request
from pathlib import Path

import pytest
from conftest import copy_project, fetch, papers, serving

AS_OF = "2023-06-01"
MEETING = "content/meetings/childrens-services-osc/2022-03-23.yml"
COMPLETE = "Preview complete"
TIMEOUT = 90  # seconds for a build, and for a change to be rebuilt


def completed(log_path: Path) -> int:
    return log_path.read_text().count(COMPLETE)


def wait_until(condition, what: str, log_path: Path) -> None:
    deadline = time.monotonic() + TIMEOUT
    while not condition():
        assert time.monotonic() < deadline, f"{what} did not happen:\n{log_path.read_text()}"
        time.sleep(0.1)


def site_dir(log_path: Path) -> Path:
    return Path(re.search(r"The preview's site is in (\S+)", log_path.read_text())[1])


def get(url: str) -> bytes:
    with urllib.request.urlopen(url, timeout=10) as response:
        return response.read()


def without_livereload(html: bytes) -> bytes:
    """The page as written: the server adds one script just before the last </body>."""
    end = html.rindex(b"</body>")
    start = html.rindex(b"<script>", 0, end)
    assert b"livereload" in html[start:end]
    return html[:start] + html[end:]


def files(folder: Path) -> dict[str, Path]:
    return {p.relative_to(folder).as_posix(): p for p in folder.rglob("*") if p.is_file()}


def assert_same_as_build(project: Path, url: str, log_path: Path, tmp_path: Path) -> None:
    built = tmp_path / "built"
    result = papers("--project", str(project), "build", "--as-of", AS_OF,
                    "--site-dir", str(built))
    assert result.returncode == 0, result.stderr
    expected = files(built)
    served = files(site_dir(log_path))
    assert sorted(served) == sorted(expected)
    for relative, path in expected.items():
        if relative.endswith(".html"):
            got = without_livereload(get(url + relative))
        else:
            got = served[relative].read_bytes()
        assert got == path.read_bytes(), f"{relative} differs from a clean build"
    for relative in ("pagefind/pagefind-entry.json", "calendar.ics"):
        if relative in expected:
            assert get(url + relative) == expected[relative].read_bytes()


def _in_parts(project: Path, pages: int) -> None:
    """Index the project's search in parts of this many pages (a large archive's way)."""
    config = project / "mkdocs.yml"
    text = config.read_text()
    assert text.count("content_dir: content\n") == 1
    config.write_text(text.replace("content_dir: content\n",
                                   f"content_dir: content\n      search_part_pages: {pages}\n"))


def _part_folder(site: Path, committee: str) -> Path:
    manifest = json.loads((site / "pagefind" / "parts.json").read_text())
    number = next(n for n, globs in enumerate(manifest["globs"])
                  if any(f"/{committee}/" in glob for glob in globs))
    return site / ("pagefind" if number == 0 else f"pagefind-{number + 1}")


@pytest.mark.parametrize("part_pages", [None, 12], ids=["one index", "index in parts"])
def test_a_saved_meeting_is_served_at_once_and_the_site_ends_as_a_build(tmp_path, part_pages):
    project = copy_project(tmp_path)
    if part_pages:
        _in_parts(project, part_pages)
    meeting = project / MEETING
    text = meeting.read_text()
    edited = (text.replace("No disclosures of interest in matters under consideration were "
                           "received.", "Councillor Winnard declared a new interest today.")
                  .replace("apologies: [samina-karim]", "apologies: [samina-karim, wood]"))
    assert edited.count("new interest today") == 1 and "samina-karim, wood" in edited
    page_url = "meetings/childrens-services-osc/2022-03-23/"
    with serving(project, AS_OF, TIMEOUT) as (url, log_path):
        assert "new interest today" not in fetch(url + page_url)
        before = completed(log_path)
        other_part = _part_folder(site_dir(log_path), "corporate-parenting-panel")
        other_indexed = other_part.stat().st_ino
        saved = time.monotonic()
        meeting.write_text(edited)
        wait_until(lambda: "new interest today" in (fetch(url + page_url) or ""),
                   "the meeting page showing the edit", log_path)
        assert time.monotonic() - saved < 30
        wait_until(lambda: completed(log_path) > before, "the complete step", log_path)
        page = fetch(url + page_url)
        assert "papers-problems" not in page
        # The person page of the new apology changed too, though the quick step left it.
        assert "2022-03-23" in fetch(url + "people/wood/")
        assert_same_as_build(project, url, log_path, tmp_path)
        if part_pages:
            # The other committee's part of the index was kept, not indexed again.
            assert other_part != _part_folder(site_dir(log_path), "childrens-services-osc")
            assert other_part.stat().st_ino == other_indexed


def test_a_new_meeting_changes_the_navigation_and_the_site_ends_as_a_build(tmp_path):
    project = copy_project(tmp_path)
    with serving(project, AS_OF, TIMEOUT) as (url, log_path):
        before = completed(log_path)
        made = papers("--project", str(project), "new", "--as-of", AS_OF, "meeting",
                      "childrens-services-osc", "2023-07-12", "--without-plan")
        assert made.returncode == 0, made.stdout + made.stderr
        wait_until(lambda: completed(log_path) > before, "the complete step", log_path)
        page = fetch(url + "meetings/childrens-services-osc/2023-07-12/")
        assert page is not None and "12 July 2023" in page
        # Every page's navigation lists it: the committee's page, say.
        assert "2023-07-12" in fetch(url + "committees/childrens-services-osc/")
        assert_same_as_build(project, url, log_path, tmp_path)
