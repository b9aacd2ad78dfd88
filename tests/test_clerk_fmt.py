"""`papers fmt` tidies layout and never changes meaning: every bundled file is formatted in
a copy and the archive read from it must equal the archive read from the original."""

from __future__ import annotations

import dataclasses
import re
from pathlib import Path

import pytest
from conftest import ROOT, papers, write_tree
from test_clerk_new import copy_project, digest
from test_guide import accepted_fields

from generator.clerk import fmt
from generator.stages import pipeline

AS_OF = pipeline.parse_as_of("2023-06-01")


def without_positions(value):
    """The record as plain data, leaving out where each value stood in its file."""
    if dataclasses.is_dataclass(value) and not isinstance(value, type):
        return {f.name: without_positions(getattr(value, f.name))
                for f in dataclasses.fields(value) if f.name != "position"}
    if isinstance(value, dict):
        return {k: without_positions(v) for k, v in value.items()}
    if isinstance(value, (list, tuple)):
        return [without_positions(v) for v in value]
    return value


def model(project: Path):
    result = pipeline.check(project / "content", AS_OF, shown_from=project)
    messages = sorted(f"{d.severity.value}: {d.key_path}: {d.message}"
                      for d in result.diagnostics.sorted())
    return without_positions(result.archive), messages


def comment_lines(text: str) -> list[str]:
    return [line.strip() for line in text.splitlines() if line.lstrip().startswith("#")]


UNTIDY = "content/meetings/childrens-services-osc/2021-01-06.yml"


def untidy(project) -> None:
    """Put a resolution's outcome before its request, as a clerk copying by hand might."""
    path = project / UNTIDY
    lines = path.read_text().splitlines(keepends=True)
    at = next(i for i, line in enumerate(lines) if line.strip().startswith("requests:"))
    assert lines[at + 1].strip().startswith("outcome:")
    lines[at], lines[at + 1] = lines[at + 1], lines[at]
    path.write_text("".join(lines))


def test_formatting_every_bundled_file_keeps_the_model_and_the_comments(tmp_path):
    project = copy_project(tmp_path)
    untidy(project)
    originals = {path: path.read_text() for path, _kind in fmt.content_files(project / "content")}
    assert len(originals) > 20
    result = papers("--project", str(project), "fmt")
    assert result.returncode == 0, result.stdout + result.stderr
    assert "not formatted:" not in result.stdout
    changed = [p for p, text in originals.items() if p.read_text() != text]
    assert changed == [project / UNTIDY]
    assert model(project) == model(ROOT)
    for path, text in originals.items():
        assert comment_lines(path.read_text()) == comment_lines(text), path
    # The formatted text reads back exactly as it did before: the archive holds all of it.
    work_programme = project / "content/work-programmes/childrens-services-osc/2021-22.yml"
    assert work_programme.read_text().startswith("# Appendix One (work programme)")
    # Formatting twice changes nothing more.
    again = papers("--project", str(project), "fmt", "--check")
    assert again.returncode == 0, again.stdout
    assert "0 files would be reformatted" in again.stdout


def test_check_lists_the_files_and_writes_nothing(tmp_path):
    project = copy_project(tmp_path)
    untidy(project)
    before = {p: digest(p) for p, _kind in fmt.content_files(project / "content")}
    result = papers("--project", str(project), "fmt", "--check")
    assert result.returncode == 1
    listed = re.findall(r"^would reformat (\S+)$", result.stdout, re.M)
    assert listed == [UNTIDY]
    assert "content/meetings/childrens-services-osc/2022-03-23.yml" not in listed
    assert {p: digest(p) for p in before} == before


def test_a_file_with_errors_is_never_written(project):
    broken = "content/meetings/csc/2022-03-23.yml"
    write_tree(project, {broken: "committee: csc\ndate: 2022-03-23\nstatus: hled\n"
                         "start: '16:30'\n"})
    before = digest(project / broken)
    result = papers("--project", str(project), "fmt")
    assert result.returncode == 1
    assert f"not formatted: {broken}: it has errors" in result.stdout
    assert digest(project / broken) == before


FMT_CASES = [
    # (what the clerk wrote, what fmt writes)
    ("committee: csc\ndate: '2022-03-23'\nstatus: held\n",
     "committee: csc\ndate: 2022-03-23\nstatus: held\n"),
    ("committee: csc\ndate: 2022-03-23\nstatus: held\nstart: 16:30\n",
     'committee: csc\ndate: 2022-03-23\nstart: "16:30"\nstatus: held\n'),
    ("status: held\ndate: 2022-03-23\ncommittee: csc  # the committee\n",
     "committee: csc  # the committee\ndate: 2022-03-23\nstatus: held\n"),
    ("committee: csc\ndate: 2022-03-23\nstatus: held\nnotes:\n- 'A note'\n- 'Say \"hi\"'\n",
     "committee: csc\ndate: 2022-03-23\nstatus: held\nnotes:\n  - \"A note\"\n"
     "  - 'Say \"hi\"'\n"),
    ("committee: csc\ndate: 2022-03-23\nstatus: held\nitems:\n"
     "  - title: A\n    minute: 3   # eol\n\n  # before B\n  - title: B\n",
     "committee: csc\ndate: 2022-03-23\nstatus: held\nitems:\n"
     "  - minute: 3   # eol\n    title: A\n\n  # before B\n  - title: B\n"),
    ("committee: csc\ndate: 2022-03-23\nstatus: held\nitems:\n  - title: Y\n"
     "    resolutions:\n      - text: |\n          Long\n\n          text\n        number: 1\n",
     "committee: csc\ndate: 2022-03-23\nstatus: held\nitems:\n  - title: Y\n"
     "    resolutions:\n      - number: 1\n        text: |\n          Long\n\n          text\n"),
]


@pytest.mark.parametrize(("written", "tidy"), FMT_CASES)
def test_house_style(written, tidy):
    assert fmt.format_file_text(written, "meeting") == tidy
    assert fmt.format_file_text(tidy, "meeting") == tidy


def test_report_bodies_are_left_as_written():
    text = ("---\ntitle: T\nletter: A\nmeeting: csc/2022-03-23\n---\n"
            "# Heading\n\n'quoted'   text  \n")
    assert fmt.format_file_text(text, "report") == (
        "---\nmeeting: csc/2022-03-23\nletter: A\ntitle: T\n---\n# Heading\n\n'quoted'   text  \n")


def test_the_key_orders_cover_the_clerks_guide():
    def keys(shape: fmt.Shape) -> set[str]:
        found = set(shape.keys)
        for inner in [*shape.nested.values(), *([shape.each] if shape.each else [])]:
            found |= keys(inner)
        return found

    ordered = set().union(*(keys(shape) for shape in fmt.SHAPES.values()))
    assert accepted_fields() - ordered == set()


def test_writes_are_atomic_and_keep_the_mode(tmp_path):
    path = tmp_path / "a.yml"
    path.write_text("old\n")
    path.chmod(0o640)
    fmt.write_atomic(path, "new\n")
    assert path.read_text() == "new\n"
    assert path.stat().st_mode & 0o777 == 0o640
    assert [p.name for p in tmp_path.iterdir()] == ["a.yml"]
