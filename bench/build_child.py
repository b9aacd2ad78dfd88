"""Run one real site build in this process and write its phases and peak memory as JSON.

    python3 bench/build_child.py papers PROJECT AS_OF OUT.json  # `papers build`
    python3 bench/build_child.py mkdocs CONFIG OUT.json         # plain `mkdocs build`

The build is the real one (the `papers` command's own code, or MkDocs's); all this adds is
a log handler that notes when MkDocs reaches each step of its build, which splits the
wall time into phases, and a look at the peak memory and CPU time at the end (of this
process and of any it ran, such as the search indexer).
"""

from __future__ import annotations

import json
import logging
import os
import re
import resource
import sys
import time
from pathlib import Path

# MkDocs log messages that open each step of `mkdocs.commands.build.build`, in order.
MARKS = {
    "Cleaning site directory": "plugins_ready",  # after every plugin's on_config
    "Reading markdown pages.": "files_ready",  # after on_files and the navigation
    "Copying static assets.": "pages_read",  # every page's Markdown converted
    "Building markdown pages.": "writing",  # theme templates rendered per page from here
    "Building page ": "last_page",  # the latest page started (kept updating)
    "Documentation built in": "built",  # after on_post_build (the search index)
}


class Marks(logging.Handler):
    """Notes the time of the first (or, for pages, latest) message of each step."""

    def __init__(self) -> None:
        super().__init__(logging.DEBUG)
        self.times: dict[str, float] = {}

    def emit(self, record: logging.LogRecord) -> None:
        message = record.getMessage()
        for prefix, name in MARKS.items():
            if message.startswith(prefix) and (name == "last_page" or name not in self.times):
                self.times[name] = time.perf_counter()


def phases(start: float, marks: dict[str, float], end: float) -> dict[str, float | None]:
    """Seconds in each phase; None where a mark is missing (the build failed early)."""

    def between(a: str, b: str) -> float | None:
        return marks[b] - marks[a] if a in marks and b in marks else None

    return {
        "before_mkdocs": marks["plugins_ready"] - start if "plugins_ready" in marks else None,
        "files_and_nav": between("plugins_ready", "files_ready"),
        "read_pages": between("files_ready", "pages_read"),
        "static_files": between("pages_read", "writing"),
        "write_pages": between("writing", "last_page"),
        "post_build": between("last_page", "built"),
        "after_mkdocs": end - marks["built"] if "built" in marks else None,
    }


def peak_rss_mib(pid: int | str) -> float | None:
    """A live process's peak resident memory (Linux's VmHWM), in MiB."""
    try:
        status = Path(f"/proc/{pid}/status").read_text()
    except OSError:
        return None
    found = re.search(r"VmHWM:\s+(\d+) kB", status)
    return int(found[1]) / 1024 if found else None


def run(mode: str, args: list[str]) -> int:
    if mode == "papers":
        from generator.cli import main

        project, as_of = args
        with open(os.devnull, "w") as quiet:
            stdout, sys.stdout = sys.stdout, quiet
            try:
                return main(["--project", project, "build", "--as-of", as_of])
            finally:
                sys.stdout = stdout
    from mkdocs.commands.build import build
    from mkdocs.config import load_config

    build(load_config(args[0]))
    return 0


def main() -> int:
    mode, *args, out = sys.argv[1:]
    os.environ.setdefault("NO_MKDOCS_2_WARNING", "1")
    handler = Marks()
    logger = logging.getLogger("mkdocs")
    logger.addHandler(handler)
    logger.setLevel(logging.DEBUG)
    logger.propagate = False  # MkDocs's debug chatter is for the marks only...
    shown = logging.StreamHandler(sys.stderr)
    shown.setLevel(logging.WARNING)  # ...but warnings and errors are still shown
    logger.addHandler(shown)
    start = time.perf_counter()
    code = run(mode, args)
    end = time.perf_counter()
    # The build's own helpers (the search indexer, forked workers) count too: CPU here,
    # memory sampled by the benchmark (measure.py). The peak is this process's VmHWM:
    # ru_maxrss would count the benchmark's own memory, which this process started in.
    own = resource.getrusage(resource.RUSAGE_SELF)
    helpers = resource.getrusage(resource.RUSAGE_CHILDREN)
    Path(out).write_text(json.dumps({
        "exit": code,
        "seconds": end - start,
        "cpu_seconds": own.ru_utime + own.ru_stime + helpers.ru_utime + helpers.ru_stime,
        "own_peak_rss_mib": peak_rss_mib("self"),
        "phases": phases(start, handler.times, end),
    }, indent=2))
    return code


if __name__ == "__main__":
    sys.exit(main())
