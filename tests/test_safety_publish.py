"""A build that fails half-way because a write fails (a full disk, simulated) leaves the
previous site/ byte-identical and no half-built folder behind.

The kernel does the failing: the build runs with RLIMIT_FSIZE set, so writing any file
past the limit fails with EFBIG (SIGXFSZ is ignored so the write returns an error rather
than killing the process), exactly as a write to a full disk fails with ENOSPC.
"""

from __future__ import annotations

import hashlib
import os
import resource
import shutil
import signal
import subprocess
import sys
from pathlib import Path

import pytest
from conftest import ROOT, papers

AS_OF = "2023-06-01"


def snapshot(root: Path) -> dict[str, str]:
    return {p.relative_to(root).as_posix(): hashlib.sha256(p.read_bytes()).hexdigest()
            for p in sorted(root.rglob("*")) if p.is_file()}


def build_with_file_size_limit(project: Path, limit: int) -> subprocess.CompletedProcess:
    def limit_writes() -> None:
        signal.signal(signal.SIGXFSZ, signal.SIG_IGN)
        resource.setrlimit(resource.RLIMIT_FSIZE, (limit, limit))

    return subprocess.run(
        [sys.executable, "-B", "-m", "generator", "--project", str(project), "build",
         "--as-of", "2023-06-02"],
        cwd=ROOT, capture_output=True, text=True, timeout=300, preexec_fn=limit_writes,
        env={**os.environ, "NO_MKDOCS_2_WARNING": "1"})


BIG_APPENDIX = "content/reports/childrens-services-osc/2021-07-29-A-appendix-4.md"
BIG_PAGE = "reports/childrens-services-osc/2021-07-29-A/index.html"


@pytest.fixture(scope="module")
def built(tmp_path_factory) -> tuple[Path, dict[str, str]]:
    """The bundled project, built once. One appendix is made long enough that its report's
    page is bigger than any of the theme's assets, so a limit can let every asset through
    and fail on that page, half-way through writing the pages."""
    project = tmp_path_factory.mktemp("publish") / "project"
    for name in ("content", "docs", "theme"):
        shutil.copytree(ROOT / name, project / name)
    shutil.copy(ROOT / "mkdocs.yml", project / "mkdocs.yml")
    appendix = project / BIG_APPENDIX
    appendix.write_text(appendix.read_text() * 110, encoding="utf-8")
    result = papers("--project", str(project), "build", "--as-of", AS_OF)
    assert result.returncode == 0, result.stderr
    return project, snapshot(project / "site")


@pytest.mark.parametrize("when", ["copying-assets", "writing-pages"])
def test_a_write_failing_half_way_leaves_the_site_untouched(built, when):
    project, before = built
    site = project / "site"
    assets = max(p.stat().st_size for p in (site / "assets").rglob("*") if p.is_file())
    page = (site / BIG_PAGE).stat().st_size
    assert page > assets
    # Every asset fits under the second limit, so that build fails on a page (or on a
    # later output as big), after the assets and the pages before it were written.
    limit = 16 * 1024 if when == "copying-assets" else page - 1
    result = build_with_file_size_limit(project, limit)
    assert result.returncode == 1, result.stdout + result.stderr
    assert "papers build failed" in result.stderr and "File too large" in result.stderr
    assert "The site is unchanged." in result.stderr
    assert "Traceback" not in result.stderr
    assert snapshot(site) == before
    assert not [p.name for p in project.iterdir() if p.name.startswith(".site-")]
