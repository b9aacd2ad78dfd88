"""The benchmark still runs: a tiny synthetic archive is deterministic, valid and of the
right shape, and bench/run.py measures size S end to end against the plain baseline (the
performance issue asks CI to run the benchmark at S as a smoke test)."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

from conftest import ROOT, papers

BENCH = ROOT / "bench"


def synthetic(out: Path, seed: int = 1) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, str(BENCH / "synthetic.py"), str(out), "--size", "T",
                           "--seed", str(seed)], capture_output=True, text=True, timeout=120)


def tree(root: Path) -> dict[str, bytes]:
    return {p.relative_to(root).as_posix(): p.read_bytes()
            for p in sorted(root.rglob("*")) if p.is_file()}


def test_same_seed_gives_the_same_bytes_and_the_archive_passes_check(tmp_path):
    first, again, other = (tmp_path / name / "content" for name in ("a", "b", "c"))
    for out, seed in ((first, 1), (again, 1), (other, 2)):
        done = synthetic(out, seed)
        assert done.returncode == 0, done.stderr
    assert tree(first) == tree(again)
    assert tree(first) != tree(other)

    checked = papers("--project", str(tmp_path / "a"), "check", "--as-of", "2023-06-01")
    assert checked.returncode == 0, checked.stdout
    assert "passed: 0 errors" in checked.stdout


def test_the_archive_has_the_shape_of_the_real_papers(tmp_path):
    content = tmp_path / "content"
    assert synthetic(content).returncode == 0
    meetings = sorted((content / "meetings").glob("*/*.yml"))
    reports = [p for p in (content / "reports").glob("*/*.md") if "appendix" not in p.name]
    assert len(meetings) == 3 * 2 * 4  # committees x municipal years x meetings a year
    assert len(list((content / "work-programmes").glob("*/*.yml"))) == 3 * 2
    assert len(list((content / "committees").glob("*.yml"))) == 3
    text = "\n".join(p.read_text("utf-8") for p in meetings)
    assert text.count("\n  minute: ") >= 6 * len(meetings) * 0.9  # 6 to 12 items a meeting
    assert "requests:" in text and "answers: " in text and "previous_reference: " in text
    assert "be signed as a correct record" in text  # minutes approval
    programmes = "\n".join(p.read_text("utf-8")
                           for p in (content / "work-programmes").glob("*/*.yml"))
    assert "origin: " in programmes
    bodies = "\n".join(p.read_text("utf-8") for p in reports)
    assert "| --- |" in bodies  # reports carry tables
    items = text.count("\n  minute: ")
    assert items / 5 < len(reports) < items / 2  # about one report for every three items


def test_generator_refuses_a_folder_that_is_not_empty(tmp_path):
    (tmp_path / "notes.txt").write_text("mine", "utf-8")
    done = synthetic(tmp_path)
    assert done.returncode == 2
    assert "not empty" in done.stderr
    assert (tmp_path / "notes.txt").read_text("utf-8") == "mine"


def test_benchmark_runs_end_to_end_at_size_s(tmp_path):
    out = tmp_path / "results.json"
    work = tmp_path / "work"
    work.mkdir()
    done = subprocess.run(
        [sys.executable, str(BENCH / "run.py"), "--sizes", "S", "--repeat", "1", "--json",
         str(out), "--workdir", str(work)], capture_output=True, text=True, timeout=600)
    assert done.returncode == 0, done.stderr[-3000:]
    assert "pages (HTML files" in done.stdout and "S plain" in done.stdout
    result = json.loads(out.read_text())["results"][0]
    build, baseline = result["build"], result["baseline"]
    assert result["check"]["errors"] == result["check_warm"]["errors"] == 0
    assert result["build_warm"]["site"]["pages"] == build["site"]["pages"]
    assert build["site"]["pages"] == baseline["site"]["pages"] > 900
    assert build["site"]["search_index_mb"] > 0 and build["peak_rss_mib"] > 0
    assert all(value is not None for value in build["phases"].values())
    assert all(result["stages"][stage] > 0 for stage in ("load", "validate", "link", "render"))
    assert result["stages_warm"]["pages"] == result["stages"]["pages"]
    assert list(work.iterdir()) == []  # the generated projects are cleaned up
