"""A build indexes each committee's part of the search index as soon as the committee's
pages are written, while MkDocs writes the rest; the index is the one that indexing the
finished site gives, and a failed build leaves no part behind."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from conftest import copy_project

from generator import cli
from generator.outputs import search

PART_PAGES = 12  # the bundled site's committees then make parts of their own


def _small_parts(project: Path) -> Path:
    config = project / "mkdocs.yml"
    text = config.read_text()
    assert "      content_dir: content\n" in text
    config.write_text(text.replace("      content_dir: content\n", "      content_dir: content\n"
                                   f"      search_part_pages: {PART_PAGES}\n"))
    return project


def _files(folder: Path) -> dict[str, bytes]:
    return {p.relative_to(folder).as_posix(): p.read_bytes()
            for p in sorted(folder.rglob("*")) if p.is_file()}


@pytest.fixture
def kept_early(monkeypatch):
    """The parts each build kept from those it started early."""
    kept: list[int] = []
    real = search.EarlyParts.keeps

    def keeps(self, part, patterns):
        if real(self, part, patterns):
            kept.append(part)
            return True
        return False

    monkeypatch.setattr(search.EarlyParts, "keeps", keeps)
    return kept


def test_parts_indexed_early_are_those_the_finished_site_gives(tmp_path, kept_early):
    project = _small_parts(copy_project(tmp_path))
    assert cli.main(["--project", str(project), "build", "--as-of", "2023-06-01"]) == 0
    site = project / "site"
    assert kept_early and 0 not in kept_early  # committees' parts, not the first
    built = {name: _files(folder) for folder in site.glob("pagefind*")
             for name in [folder.name]}
    assert len(built) >= 3
    assert not list(site.glob(".pagefind-new-*"))

    again = tmp_path / "again"
    shutil.copytree(site, again)
    for old in again.glob("pagefind*"):
        shutil.rmtree(old)
    search.index_site(again, limit=PART_PAGES)
    assert {folder.name: _files(folder) for folder in again.glob("pagefind*")} == built


def test_a_part_whose_pages_change_is_indexed_again(tmp_path):
    # Told of pages the finished site does not have, a part started early is stopped.
    project = _small_parts(copy_project(tmp_path))
    assert cli.main(["--project", str(project), "build", "--as-of", "2023-06-01"]) == 0
    site = project / "site"
    before = {folder.name: _files(folder) for folder in site.glob("pagefind*")}
    pages = sorted(p.relative_to(site).as_posix() for p in site.rglob("*.html"))
    committee = next(search.committee_of(p) for p in pages if search.committee_of(p))
    gone = [p for p in pages if search.committee_of(p) == committee]
    early = search.EarlyParts(site, [*pages, f"meetings/{committee}/2099-01-01/index.html"],
                              limit=PART_PAGES)
    for page in pages:
        early.written(page)
    early.written(f"meetings/{committee}/2099-01-01/index.html")
    assert early.started
    search.index_site(site, limit=PART_PAGES, early=early)
    assert {folder.name: _files(folder) for folder in site.glob("pagefind*")} == before
    assert gone and not early.started and not list(site.glob(".pagefind-new-*"))


def test_a_build_that_fails_leaves_no_part_behind(tmp_path, caplog):
    project = _small_parts(copy_project(tmp_path))
    # People's pages are written after every committee's: the committees' parts are
    # indexing, or indexed, when the build fails.
    template = project / "theme/templates/person.html"
    template.write_text(template.read_text() + "{{ no_such_thing.attribute }}")
    started: list[search.EarlyParts] = []
    real = search.EarlyParts.written

    def written(self, page):
        real(self, page)
        if self not in started:
            started.append(self)

    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(search.EarlyParts, "written", written)
        assert cli.main(["--project", str(project), "build", "--as-of", "2023-06-01"]) == 1
    assert "a page template failed" in caplog.text
    assert started and not started[0].started  # every part stopped
    assert not list(project.rglob(".pagefind-new-*"))
