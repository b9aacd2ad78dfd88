"""Every page of a synthetic archive measured in Chromium in every reading setting: words
split across lines, pages that scroll sideways, tables of ours that scroll.

    python3 bench/readable.py [--size S] [--every N]

Makes the archive (bench/synthetic.py), builds it, and sweeps every page (or every Nth)
in each setting of tests/reading.py (three widths in three text sizes, high contrast,
200% and 400% zoom). Prints the problems found, the words measured and the time taken.
The suite measures every page of the bundled site (tests/test_readable.py) and of seven
other councils' papers (tests/test_councils.py); this measures a whole synthetic archive,
which takes minutes.
"""

from __future__ import annotations

import argparse
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "tests"))

from browser import chromium, serve_directory  # noqa: E402
from reading import SETTINGS, Setting, reading, sweep  # noqa: E402


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--size", default="S", choices=("T", "S", "M"))
    parser.add_argument("--every", type=int, default=1, help="measure every Nth page")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory(prefix="papers-readable-") as folder:
        project = Path(folder)
        subprocess.run([sys.executable, str(ROOT / "bench/synthetic.py"),
                        str(project / "content"), "--size", args.size], check=True,
                       capture_output=True)
        (project / "mkdocs.yml").write_text(
            "site_name: Papers\ntheme:\n  name: material\n  font: false\n"
            "plugins:\n  - papers:\n      content_dir: content\n")
        (project / "docs").mkdir()
        subprocess.run([sys.executable, "-m", "generator", "--project", str(project), "build",
                        "--as-of", "2023-06-01", "--site-dir", str(project / "site")],
                       check=True, capture_output=True)
        site = project / "site"
        paths = sorted(p.relative_to(site).as_posix() for p in site.rglob("*.html"))
        paths = paths[::args.every]
        started = time.perf_counter()
        words = problems = 0
        with serve_directory(site) as base_url, chromium() as browser, reading(
                browser, base_url, Setting(1280), []) as page:
            for path in paths:
                for setting, seen in sweep(page, base_url + path, SETTINGS).items():
                    words += seen["words"]
                    if seen["split"] or seen["overflow"] or seen["scrolling"]:
                        problems += 1
                        print(f"{path} at {setting}: split {seen['split'][:3]}, "
                              f"overflow {seen['overflow']} px, scrolling {seen['scrolling']}")
        took = time.perf_counter() - started
    print(f"{len(paths)} pages x {len(SETTINGS)} settings: {problems} with problems, "
          f"{words:,} words measured, {took:.0f} s")
    return 1 if problems else 0


if __name__ == "__main__":
    sys.exit(main())
