"""Shared helpers: build small content trees on disk and run the real `papers` command."""

from __future__ import annotations

import os
import shutil
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent

BASE_FILES = {
    "content/committees/csc.yml": "name: Test Committee\nkind: committee\n",
    "content/people/people.yml": (
        "winnard:\n  name: Geoff Winnard\n  title: Councillor\n"
        "pollard:\n  name: Pollard\n  title: Councillor\n"
    ),
}


def write_tree(root: Path, files: dict[str, str | bytes]) -> Path:
    for relative, body in files.items():
        path = root / relative
        path.parent.mkdir(parents=True, exist_ok=True)
        if isinstance(body, bytes):
            path.write_bytes(body)
        else:
            path.write_text(body, encoding="utf-8")
    return root


def add_site_config(root: Path) -> Path:
    """Give a project folder the site's MkDocs configuration, docs and theme, so it builds."""
    for name in ("docs", "theme"):
        shutil.copytree(ROOT / name, root / name, dirs_exist_ok=True)
    shutil.copy(ROOT / "mkdocs.yml", root / "mkdocs.yml")
    return root


def copy_project(tmp_path: Path) -> Path:
    """A project folder holding a copy of the bundled content, site sources and config."""
    project = tmp_path / "project"
    shutil.copytree(ROOT / "content", project / "content")
    return add_site_config(project)


def free_port() -> int:
    """A free port on the loopback interface."""
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def fetch(url: str) -> str | None:
    """A page's text, or None while the server is not answering yet."""
    try:
        with urllib.request.urlopen(url, timeout=5) as response:
            return response.read().decode("utf-8")
    except (urllib.error.URLError, ConnectionError, TimeoutError):
        return None


@pytest.fixture
def project(tmp_path):
    """A project folder holding a minimal valid archive; add files with write_tree."""
    return write_tree(tmp_path, dict(BASE_FILES))


def papers(*args: str, cwd: Path | None = None, env: dict | None = None,
           timeout: int = 300) -> subprocess.CompletedProcess:
    """Run the real command line as a clerk would."""
    full_env = {**os.environ, "NO_MKDOCS_2_WARNING": "1", **(env or {})}
    return subprocess.run([sys.executable, "-m", "generator", *args], cwd=cwd or ROOT,
                          capture_output=True, text=True, env=full_env, timeout=timeout)


@contextmanager
def serving(project: Path, as_of: str = "2023-06-01", timeout: float = 90
            ) -> Iterator[tuple[str, Path]]:
    """`papers serve` on a free port until the block ends; yields (its address, the file
    its output goes to, beside the project)."""
    port = free_port()
    log_path = project.parent / "serve.log"
    log = log_path.open("w")
    server = subprocess.Popen(
        [sys.executable, "-m", "generator", "--project", str(project), "serve",
         "-a", f"127.0.0.1:{port}", "--as-of", as_of],
        stdout=log, stderr=subprocess.STDOUT, env={**os.environ, "NO_MKDOCS_2_WARNING": "1"})
    url = f"http://127.0.0.1:{port}/"
    try:
        deadline = time.monotonic() + timeout
        while fetch(url) is None:
            assert server.poll() is None, log_path.read_text()
            assert time.monotonic() < deadline, "papers serve did not start in time"
            time.sleep(0.2)
        yield url, log_path
    finally:
        server.terminate()
        try:
            server.wait(timeout=15)
        except subprocess.TimeoutExpired:
            server.kill()
            server.wait(timeout=15)
        log.close()


@pytest.fixture(scope="module")
def browser():
    """Debian's Chromium for a module's tests (tests/browser.py). Not one a session: a
    running Playwright holds an event loop, and other tests start their own."""
    from browser import chromium

    with chromium() as instance:
        yield instance


@pytest.fixture(scope="module")
def bundled_served():
    """The bundled site as of 2023-06-01 (outputs_support.built_site), on a local server."""
    from browser import serve_directory
    from outputs_support import built_site

    with serve_directory(built_site()) as base_url:
        yield base_url
