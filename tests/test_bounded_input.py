"""Hostile input costs nothing: a file that would make `papers check` expand aliases into
billions of nodes, or nest without end, is refused at its file, line and column, saying
which limit it passed, in bounded memory. Content arrives in pull requests, and a check
must never be a way to exhaust the machine that runs it."""

from __future__ import annotations

import marshal
import re
import resource
import subprocess
import sys

import pytest
from conftest import write_tree

from generator.stages import positioned

# Far below what an unbounded expansion needs (9.46 GB at nine levels), far above what
# Python with the generator loaded holds (about 100 MB).
MEMORY_CAP = 1 << 30


def alias_bomb(levels: int, tag: str = "") -> str:
    """Each anchor a list of nine of the one before: 9**levels nodes once expanded."""
    lines = ["committee: csc", "date: 2022-01-12", "status: scheduled",
             f"a0: &a0 {tag}[lol, lol, lol, lol, lol, lol, lol, lol, lol]"]
    for level in range(1, levels):
        previous = f"*a{level - 1}"
        lines.append(f"a{level}: &a{level} [{', '.join([previous] * 9)}]")
    return "\n".join(lines) + "\n"


# papers check, reporting at exit its own peak memory since it started (VmHWM): a forked
# child's rusage would count the pages it shared with this test process before exec.
CHILD = """import atexit, re, runpy, sys
atexit.register(lambda: print(re.search(r"VmHWM:\\s+(\\d+)", open("/proc/self/status").read())
                              .group(0), file=sys.stderr))
sys.argv = ["papers", "check"]
runpy.run_module("generator", run_name="__main__")
"""


def capped_check(project) -> tuple[subprocess.CompletedProcess, int]:
    """`papers check` in a child limited to MEMORY_CAP; and its peak memory, in KB."""
    def cap() -> None:
        resource.setrlimit(resource.RLIMIT_AS, (MEMORY_CAP, MEMORY_CAP))

    result = subprocess.run([sys.executable, "-c", CHILD], cwd=project, capture_output=True,
                            text=True, timeout=60, preexec_fn=cap)
    peak = re.search(r"VmHWM:\s+(\d+)", result.stderr)
    return result, int(peak.group(1)) if peak else MEMORY_CAP // 1024


@pytest.mark.parametrize("levels", [9, 30])
@pytest.mark.parametrize("tag", ["", "!!seq "])  # a tag sends the file to ruamel.yaml
def test_an_alias_bomb_is_refused_where_it_goes_off(project, levels, tag):
    write_tree(project, {"content/meetings/csc/2022-01-12.yml": alias_bomb(levels, tag)})
    result, peak_kb = capped_check(project)
    assert result.returncode == 1, result.stdout + result.stderr
    assert "Traceback" not in result.stderr and "MemoryError" not in result.stderr
    errors = [line for line in result.stdout.splitlines() if ": error: " in line]
    # Read as it goes (libyaml), the first alias past the limit: a4's, on line 8, after
    # a1 to a3 repeated 8,289 parts. Read by ruamel.yaml (a tag), the file's first alias.
    line = 5 if tag else 8
    assert errors[0].startswith(f"content/meetings/csc/2022-01-12.yml:{line}:"), errors
    assert "over the limit of 10,000" in errors[0]
    assert "aliases" in errors[0]
    assert peak_kb < 100 * 1024, f"peak {peak_kb // 1024} MB"  # the whole check: 37 MB here


def test_a_small_anchor_and_alias_still_reads(project):
    write_tree(project, {"content/meetings/csc/2022-01-12.yml": (
        "committee: csc\ndate: 2022-01-12\nstatus: scheduled\nvenue: &room Committee Room 1\n"
        "items:\n  - title: Apologies\n    description: *room\n")})
    result, _peak = capped_check(project)
    assert result.returncode == 0, result.stdout


def test_nesting_without_end_is_refused_at_its_depth(project):
    deep = "committee: csc\ndate: 2022-01-12\nstatus: scheduled\nitems: " + "[" * 200 + (
        "]" * 200) + "\n"
    write_tree(project, {"content/meetings/csc/2022-01-12.yml": deep})
    result, _peak = capped_check(project)
    assert result.returncode == 1
    errors = [line for line in result.stdout.splitlines() if ": error: " in line]
    assert errors[0].startswith("content/meetings/csc/2022-01-12.yml:4:"), errors
    assert "nested more than 64 deep" in errors[0]


def test_a_bomb_in_a_reports_front_matter_points_at_its_line(project):
    front = alias_bomb(12).replace("committee: csc\ndate: 2022-01-12\nstatus: scheduled\n",
                                   "title: A report\n")
    write_tree(project, {"content/reports/csc/2022-01-12-A.md": f"---\n{front}---\nBody.\n"})
    result, _peak = capped_check(project)
    assert result.returncode == 1
    errors = [line for line in result.stdout.splitlines() if "over the limit" in line]
    # Front matter starts on line 2; a4, the first alias past the limit, is its sixth line.
    assert errors and errors[0].startswith("content/reports/csc/2022-01-12-A.md:7:"), errors


def test_the_repeat_count_never_repeats_anything():
    """Counting a 30-level bomb's nodes takes a handful of steps, not 9**30."""
    packed = positioned.load_packed(alias_bomb(4).replace("committee: csc\n", ""))
    tree = marshal.loads(packed)  # the packed shape, each anchored list shared
    sizes: dict[int, int] = {}
    lists = [10, 1 + 9 * 10, 1 + 9 * 91, 1 + 9 * 820]  # a0 to a3
    assert positioned.size(tree, sizes) == 1 + 2 + sum(lists)  # with date and status
    assert len(sizes) == 5  # the root and four lists, each counted once
