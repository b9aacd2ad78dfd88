"""Nothing a clerk wrote is changed: content/ is byte-for-byte the same (names, contents,
modes and modification times) after `papers check`, `papers build` and `papers serve`."""

from __future__ import annotations

import hashlib
import os
import signal
import subprocess
import sys
import time
from pathlib import Path

from conftest import ROOT, copy_project, fetch, free_port, papers

AS_OF = "2023-06-01"


def snapshot(root: Path) -> dict[str, tuple]:
    """Every file and folder under root: its kind, mode, modification time and digest."""
    out = {}
    for path in sorted(root.rglob("*")):
        stat = path.lstat()
        digest = hashlib.sha256(path.read_bytes()).hexdigest() if path.is_file() else ""
        out[path.relative_to(root).as_posix()] = (stat.st_mode, stat.st_mtime_ns, digest)
    return out








def serve_and_fetch(project: Path, page: str) -> str:
    """Start `papers serve` on a free loopback port, fetch a page, and stop it."""
    port = free_port()
    log = project.parent / "serve.log"
    with log.open("w") as out:
        server = subprocess.Popen(
            [sys.executable, "-m", "generator", "--project", str(project), "serve",
             "-a", f"127.0.0.1:{port}", "--as-of", AS_OF],
            stdout=out, stderr=subprocess.STDOUT, cwd=ROOT,
            env={**os.environ, "NO_MKDOCS_2_WARNING": "1"})
    try:
        deadline = time.monotonic() + 120
        while (body := fetch(f"http://127.0.0.1:{port}/{page}")) is None:
            assert server.poll() is None, log.read_text()
            assert time.monotonic() < deadline, "papers serve did not start in time"
            time.sleep(0.5)
        return body
    finally:
        server.send_signal(signal.SIGINT)
        try:
            server.wait(timeout=30)
        except subprocess.TimeoutExpired:
            server.kill()
            server.wait()


def test_check_build_and_serve_change_nothing_in_content(tmp_path):
    project = copy_project(tmp_path)
    content = project / "content"
    before = snapshot(content)
    assert len(before) > 20

    assert papers("--project", str(project), "check", "--as-of", AS_OF).returncode == 0
    assert snapshot(content) == before
    assert papers("--project", str(project), "check", "--strict").returncode in (0, 1)
    assert snapshot(content) == before

    result = papers("--project", str(project), "build", "--as-of", AS_OF)
    assert result.returncode == 0, result.stderr
    assert (project / "site/index.html").is_file()
    assert snapshot(content) == before

    body = serve_and_fetch(project, "meetings/childrens-services-osc/2022-03-23/")
    assert "Young Carers" in body
    assert snapshot(content) == before
