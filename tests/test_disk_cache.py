"""Parsed files kept between runs (generator/disk_cache.py) never change what a run finds:
the same problems and pages from the cache as without it, and a changed, broken, deleted
or new file is read afresh."""

from __future__ import annotations

import datetime as dt
import os
import shutil
import time

import pytest
from conftest import copy_project, write_tree

from generator import pipeline, positioned, text
from generator.disk_cache import CACHE_DIR
from generator.load import FileCache

AS_OF = dt.date(2023, 6, 1)
MEETING = "content/meetings/childrens-services-osc/2022-03-23.yml"


@pytest.fixture
def parses(monkeypatch):
    """The files parsed, by their first line, as the run parses them."""
    parsed: list[str] = []
    real = positioned.load_packed

    def counting(text):
        parsed.append(text.partition("\n")[0])
        return real(text)

    monkeypatch.setattr(positioned, "load_packed", counting)
    return parsed


def settled(project):
    """The copied project as if written a minute ago: files saved within the last two
    seconds are never kept (disk_cache.RACY_NS)."""
    then = time.time() - 60
    for path in (project / "content").rglob("*"):
        os.utime(path, (then, then))
    return project


def outcome(project):
    result = pipeline.run(project / "content", AS_OF, shown_from=project)
    return ([str(d) for d in result.diagnostics.sorted()],
            {page.uri: page.html for page in result.pages})


def test_a_second_run_parses_nothing_and_finds_the_same(tmp_path, parses):
    project = settled(copy_project(tmp_path))
    first = outcome(project)
    assert len(parses) > 20 and (project / CACHE_DIR).is_dir()
    parses.clear()
    assert outcome(project) == first
    assert parses == []


def test_changed_broken_new_and_deleted_files_are_read_again(tmp_path, parses):
    project = settled(copy_project(tmp_path))
    before = outcome(project)[0]
    meeting = project / MEETING
    original = meeting.read_text()
    # The same size, so only the modification time tells the change.
    meeting.write_text(original.replace("status: held", "status: hexd"))
    parses.clear()
    problems, _pages = outcome(project)
    assert len(parses) == 1
    assert any(p.startswith(f"{MEETING}:") and "hexd" in p for p in problems), problems

    meeting.write_text(original + "items: [\n")  # a syntax error: never kept
    for _ in range(2):
        problems, _pages = outcome(project)
        assert any(p.startswith(f"{MEETING}:") and "YAML syntax error" in p for p in problems)

    meeting.write_text(original)
    assert outcome(project)[0] == before
    write_tree(project, {"content/meetings/childrens-services-osc/2022-04-20.yml": (
        "committee: childrens-services-osc\ndate: 2022-04-20\nstatus: scheduled\n")})
    problems, pages = outcome(project)
    assert "meetings/childrens-services-osc/2022-04-20.md" in pages
    os.remove(project / "content/meetings/childrens-services-osc/2022-04-20.yml")
    assert "meetings/childrens-services-osc/2022-04-20.md" not in outcome(project)[1]


def test_a_damaged_or_unwritable_cache_is_only_a_slower_run(tmp_path, parses):
    project = settled(copy_project(tmp_path))
    first = outcome(project)
    for shard in (project / CACHE_DIR).rglob("*.marshal"):
        shard.write_bytes(b"\x00not marshal" if "meetings" in shard.name else b"")
    assert outcome(project) == first
    shutil.rmtree(project / ".cache")
    (project / ".cache").write_text("not a folder")  # so nothing can be written under it
    assert outcome(project) == first


def test_the_content_folder_is_untouched(tmp_path):
    project = settled(copy_project(tmp_path))
    before = {p: p.read_bytes() for p in (project / "content").rglob("*") if p.is_file()}
    outcome(project)
    outcome(project)
    assert {p: p.read_bytes() for p in (project / "content").rglob("*") if p.is_file()} == before


def test_texts_found_clean_are_not_converted_again_but_removals_always_warned(tmp_path):
    project = settled(copy_project(tmp_path))
    write_tree(project, {MEETING: (project / MEETING).read_text().replace(
        "  - Transcribed from", "  - Transcribed <script>alert(1)</script> from", 1)})
    settled(project)
    for run in range(2):
        text._converted.clear()
        result = pipeline.check(project / "content", AS_OF, shown_from=project)
        removed = [str(d) for d in result.diagnostics.warnings if "removed unsafe" in str(d)]
        assert len(removed) == 1 and removed[0].startswith(f"{MEETING}:"), removed
        # The bundled reports hold tables: converted to be checked on the first run only.
        converted = set(text._converted)
        assert any("<table" in t or "[" in t for t in converted) == (run == 0), run
        assert any("<script>" in t for t in converted)


def test_a_fresh_copy_with_the_cache_parses_nothing(tmp_path, parses):
    # A fresh clone (or a branch switched back) gives unchanged files new times and
    # inodes: their bytes' hash still finds what was kept.
    project = settled(copy_project(tmp_path / "first"))
    first = outcome(project)
    clone = tmp_path / "clone"
    shutil.copytree(project, clone, copy_function=shutil.copy)  # new times, new inodes
    parses.clear()
    assert outcome(clone)[0] == first[0]
    assert parses == []
    touched = clone / MEETING
    touched.write_text(touched.read_text().replace("status: held", "status: hexd"))
    assert any("hexd" in problem for problem in outcome(clone)[0])
    assert parses == ["committee: childrens-services-osc"]


def test_what_is_kept_follows_deletions_but_not_a_preview_s_partial_reads(tmp_path, parses):
    project = settled(copy_project(tmp_path))
    outcome(project)
    kept = next((project / CACHE_DIR).iterdir())
    shards = {p.name for p in kept.iterdir()}
    panel = "parsed--meetings__corporate-parenting-panel.marshal"
    assert panel in shards and "clean-texts.marshal" in shards
    # A preview's run reads only the files its own cache has not: nothing is dropped.
    cache = FileCache()
    pipeline.check(project / "content", AS_OF, project, cache)
    (project / MEETING).write_text((project / MEETING).read_text() + "\n")
    settled(project)
    pipeline.check(project / "content", AS_OF, project, cache)
    assert {p.name for p in kept.iterdir()} == shards
    parses.clear()
    outcome(project)
    assert parses == []
    # A folder deleted: its shard goes too.
    shutil.rmtree(project / "content/meetings/corporate-parenting-panel")
    pipeline.check(project / "content", AS_OF, project)
    assert {p.name for p in kept.iterdir()} == shards - {panel}
