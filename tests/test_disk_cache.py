"""Parsed files kept between runs (generator/run/disk_cache.py) never change what a run finds:
the same problems and pages from the cache as without it, and a changed, broken, deleted
or new file is read afresh."""

from __future__ import annotations

import datetime as dt
import os
import pickle
import shutil
import time
from pathlib import Path

import pytest
from conftest import copy_project, write_tree

from generator.run.disk_cache import CACHE_DIR
from generator.stages import pipeline, positioned, text, validate
from generator.stages.load import FileCache

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


class _Planted:
    """A pickle that runs a command when loaded, as one planted in a shared cache would."""

    def __init__(self, marker: Path) -> None:
        self.marker = marker

    def __reduce__(self):
        return (os.system, (f"touch {self.marker}",))


def test_a_hostile_or_damaged_kept_reading_runs_nothing_and_is_read_again(tmp_path,
                                                                           readings):
    project = settled(copy_project(tmp_path))
    first = outcome(project)
    shards = sorted((project / CACHE_DIR).rglob("read--*"))
    assert len(shards) >= 2
    marker = tmp_path / "ran"
    # The planted object sits where a reading would, inside a well-formed shard.
    shards[0].write_bytes(pickle.dumps(("meetings/childrens-services-osc", b"",
                                        {"2022-03-23.yml": _Planted(marker)})))
    shards[1].write_bytes(shards[1].read_bytes()[:100])  # cut short
    readings.clear()
    assert outcome(project) == first
    assert not marker.exists()
    assert len(readings) > 5  # both folders were read afresh
    # And the planted file would have run under plain pickle: the test can fail.
    pickle.loads(pickle.dumps(_Planted(marker)))
    assert marker.exists()


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
    readings = "read--meetings__corporate-parenting-panel.pickle"
    assert readings in shards
    assert {p.name for p in kept.iterdir()} == shards - {panel, readings}


@pytest.fixture
def readings(monkeypatch):
    """The meeting files validation reads, as it reads them (not taken as kept)."""
    read: list[str] = []
    real = validate._meeting

    def counting(source, reader, context):
        read.append(source.path)
        return real(source, reader, context)

    monkeypatch.setattr(validate, "_meeting", counting)
    return read


def test_a_second_run_reads_no_meeting_again_and_finds_the_same(tmp_path, readings):
    project = settled(copy_project(tmp_path))
    first = outcome(project)
    assert len(readings) > 5
    readings.clear()
    assert outcome(project) == first
    assert readings == []
    # A blank line parses as before: the kept reading stands. A changed value does not.
    (project / MEETING).write_text((project / MEETING).read_text() + "\n")
    assert outcome(project) == first
    assert readings == []
    (project / MEETING).write_text((project / MEETING).read_text().replace(
        "status: held", "status: cancelled"))
    assert outcome(project) != first
    assert readings == [MEETING]


def _same_as_without_the_cache(project) -> list[str]:
    """The problems a run finds with what it kept, checked against a run without."""
    kept = outcome(project)
    shutil.rmtree(project / ".cache")
    assert outcome(project) == kept
    return kept[0]


def test_a_kept_reading_answers_again_for_what_its_file_names(tmp_path, readings):
    """A meeting unchanged since its reading was kept is still checked against the
    people, committees, attachments and other meetings of this run."""
    project = settled(copy_project(tmp_path))
    outcome(project)
    people = project / "content/people/childrens-services-osc.yml"
    people.write_text(people.read_text().replace("alipoor:", "alipoor-gone:", 1))
    problems = _same_as_without_the_cache(project)
    assert any(p.startswith(MEETING) and "unknown person 'alipoor'" in p for p in problems)

    project = settled(copy_project(tmp_path / "minutes"))
    outcome(project)
    readings.clear()
    clash = "content/meetings/childrens-services-osc/2022-03-24.yml"
    write_tree(project, {clash: "committee: childrens-services-osc\ndate: 2022-03-24\n"
                         "status: held\nitems:\n  - title: Again\n    minute: 86\n"})
    problems = _same_as_without_the_cache(project)
    assert readings[0] == clash  # the other meetings' readings were kept
    assert any(p.startswith(clash) and "minute 86 is used twice" in p and MEETING in p
               for p in problems), problems

    project = settled(copy_project(tmp_path / "attachments"))
    pack = "content/meetings/childrens-services-osc/pack.pdf"
    write_tree(project, {pack: b"%PDF-1.4\n%%EOF\n", MEETING: (project / MEETING).read_text()
                         + "attachments:\n  - title: Agenda pack\n    file: pack.pdf\n"})
    settled(project)
    assert not [p for p in outcome(project)[0] if "pack.pdf" in p]
    os.remove(project / pack)
    problems = _same_as_without_the_cache(project)
    assert any(p.startswith(MEETING) and "pack.pdf" in p for p in problems), problems


def test_a_kept_report_is_filed_afresh_with_this_run_s_body(tmp_path, readings):
    """A report's kept reading is still checked against its meeting's agenda, and its
    page shows the body as it is now (the body is not part of what was kept)."""
    project = settled(copy_project(tmp_path))
    outcome(project)
    report = project / "content/reports/childrens-services-osc/2021-07-29-B.md"
    report.write_text(report.read_text() + "\nA sentence added to the body.\n")
    page = outcome(project)[1]["reports/childrens-services-osc/2021-07-29-B.md"]
    assert "A sentence added to the body." in page
    _same_as_without_the_cache(project)
    meeting = project / "content/meetings/childrens-services-osc/2021-07-29.yml"
    meeting.write_text(meeting.read_text().replace("      - letter: B\n", "      - letter: Q\n"))
    problems = _same_as_without_the_cache(project)
    assert any(p.startswith("content/reports/childrens-services-osc/2021-07-29-B.md:")
               and "has no document 'B'" in p for p in problems), problems
