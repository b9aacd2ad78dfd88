"""The benchmark: build synthetic archives of each size and time every stage, beside plain
mkdocs-material on the same number of pages.

    python3 bench/run.py --sizes S M [--repeat N] [--json results.json] [--serve]

For each size it generates an archive (bench/synthetic.py), then measures: our stages
(load, validate, link, render) called in this process; `papers check` and `papers build`
as child processes (wall time, CPU time, peak memory, and the build split into MkDocs's
steps by bench/build_child.py); the site written (pages, average HTML page, search
index); and the baseline. Figures are medians over the repeats.
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import shutil
import signal
import statistics
import sys
import tempfile
import time
from pathlib import Path

import measure
from baseline import write_project
from corpus import harvest
from synthetic import SIZES, generate

ROOT = Path(__file__).resolve().parent.parent
REPEATS = {"T": 1, "S": 3, "M": 1, "L": 1}


def median(runs: list) -> object:
    """The median of each number across runs, field by field (None when any run lacks it)."""
    first = runs[0]
    if isinstance(first, dict):
        return {key: median([run[key] for run in runs]) for key in first}
    if isinstance(first, (int, float)) and not isinstance(first, bool):
        return statistics.median(runs)
    if first is None or any(run is None for run in runs):
        return None
    return first


def project_for(folder: Path, size: str, seed: int) -> tuple[Path, dict]:
    """A project folder: a synthetic content/ plus copies of mkdocs.yml, docs/ and theme/."""
    project = folder / "project"
    started = time.perf_counter()
    made = generate(project / "content", size, seed)
    made["seconds"] = time.perf_counter() - started
    shutil.copy(ROOT / "mkdocs.yml", project / "mkdocs.yml")
    for name in ("docs", "theme"):
        shutil.copytree(ROOT / name, project / name)
    return project, made


def bench_size(size: str, args: argparse.Namespace, work: Path) -> dict:
    """Every measurement of one size; the 1-minute load average is noted at its start and
    end, since other work on the machine slows the wall-clock figures."""
    result = measure_size(size, args, work)
    result["load_average"].append(os.getloadavg()[0])
    return result


def measure_size(size: str, args: argparse.Namespace, work: Path) -> dict:
    repeat = args.repeat or REPEATS[size]
    folder = work / size
    print(f"[{size}] generating...", file=sys.stderr, flush=True)
    project, made = project_for(folder, size, args.seed)
    result: dict = {"size": size, "repeat": repeat, "generated": made,
                    "load_average": [os.getloadavg()[0]]}

    # The stages and checks take a minute at most even at L: always the median of three,
    # as one run on a shared machine can be a tenth out either way.
    quick = max(repeat, 3)
    print(f"[{size}] our stages x{quick}...", file=sys.stderr, flush=True)
    runs = [measure.stages(project, args.as_of) for _ in range(quick)]
    result["stages"] = median(runs)
    pages = result["stages"]["pages"]

    print(f"[{size}] papers check x{quick}, cold then warm...", file=sys.stderr, flush=True)
    result["check"] = median([measure.check(project, args.as_of, cold=True)
                              for _ in range(quick)])
    result["check_warm"] = median([measure.check(project, args.as_of) for _ in range(quick)])
    print(f"[{size}] our stages x{quick}, warm...", file=sys.stderr, flush=True)
    result["stages_warm"] = median([measure.stages(project, args.as_of, warm=True)
                                    for _ in range(quick)])

    result["build"] = result["baseline"] = result["serve"] = None
    if args.max_build_pages and pages > args.max_build_pages:
        result["skipped"] = (f"builds skipped: {pages} pages is over --max-build-pages "
                             f"{args.max_build_pages}")
        return result
    print(f"[{size}] papers build x{repeat}...", file=sys.stderr, flush=True)
    builds = []
    for _ in range(repeat):
        shutil.rmtree(project / "site", ignore_errors=True)
        builds.append(measure.papers_build(project, args.as_of, cold=True))
    result["build"] = median(builds)
    print(f"[{size}] papers build x{repeat}, warm...", file=sys.stderr, flush=True)
    warm = []
    for _ in range(repeat):
        shutil.rmtree(project / "site", ignore_errors=True)
        warm.append(measure.papers_build(project, args.as_of))
    result["build_warm"] = median(warm)
    shutil.rmtree(project / "site", ignore_errors=True)

    if args.serve:
        print(f"[{size}] papers serve, three saves...", file=sys.stderr, flush=True)
        result["serve"] = measure.serve_rebuild(project, args.as_of, args.serve_timeout)

    if not args.no_baseline:
        site_pages = result["build"]["site"]["pages"]
        print(f"[{size}] baseline, {site_pages} pages x{repeat}...", file=sys.stderr, flush=True)
        plain = folder / "baseline"
        config = write_project(plain, site_pages, round(result["stages"]["text_chars"]),
                               harvest(ROOT / "content"), args.seed)
        baselines = []
        for _ in range(repeat):
            shutil.rmtree(plain / "site", ignore_errors=True)
            baselines.append(measure.mkdocs_build(config))
        result["baseline"] = median(baselines)
        shutil.rmtree(plain / "site", ignore_errors=True)
    return result


def machine() -> dict:
    memory = next((line.split()[1] for line in Path("/proc/meminfo").read_text().splitlines()
                   if line.startswith("MemTotal")), "0") if Path("/proc/meminfo").exists() else "0"
    versions = {}
    for package in ("mkdocs", "mkdocs-material", "markdown", "jinja2", "ruamel.yaml"):
        try:
            from importlib.metadata import version

            versions[package] = version(package)
        except Exception:  # noqa: BLE001 - a missing package is just not listed
            continue
    return {"cpus": os.cpu_count(), "memory_gib": round(int(memory) / 1024 / 1024, 1),
            "python": platform.python_version(), "platform": platform.platform(),
            "load_average": list(os.getloadavg()), "versions": versions}


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", nargs="+", choices=list(SIZES), default=["S"])
    parser.add_argument("--repeat", type=int, help="runs per size (default: 3 for S, else 1)")
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--as-of", default="2023-06-01", help="the build date")
    parser.add_argument("--json", type=Path, help="also write the results to this file")
    parser.add_argument("--serve", action="store_true",
                        help="also time `papers serve` from saving a meeting file to the "
                             "updated page")
    parser.add_argument("--serve-timeout", type=float, default=900)
    parser.add_argument("--serve-project", type=Path, metavar="DIR",
                        help="only time `papers serve` (three saves) on this existing project "
                             "folder and print the figures as JSON; no build, no generation")
    parser.add_argument("--no-baseline", action="store_true")
    parser.add_argument("--max-build-pages", type=int, default=10000,
                        help="skip both site builds above this many pages (0: no limit)")
    parser.add_argument("--workdir", type=Path, help="where to generate (default: a temp dir)")
    parser.add_argument("--keep", action="store_true", help="keep the generated projects")
    parser.add_argument("--show", type=Path, help="print the table of a saved --json file")
    args = parser.parse_args(argv)
    if args.serve_project:
        figures = measure.serve_rebuild(args.serve_project.resolve(), args.as_of,
                                        args.serve_timeout)
        print(json.dumps(figures, indent=2))
        return 0
    if args.show:
        saved = json.loads(args.show.read_text("utf-8"))
        print(measure.table(saved["results"], saved["machine"]))
        return 0
    # Stopped with SIGTERM, still clean up (and stop the child being measured).
    signal.signal(signal.SIGTERM, lambda *_: sys.exit(143))
    work = Path(tempfile.mkdtemp(prefix="papers-bench-", dir=args.workdir))
    info = machine()
    results: list[dict] = []

    def save() -> None:
        if args.json:  # after every size, so a long run's early sizes are never lost
            info["load_average_after"] = list(os.getloadavg())
            args.json.write_text(json.dumps({"machine": info, "as_of": args.as_of,
                                             "seed": args.seed, "results": results},
                                            indent=2) + "\n", "utf-8")

    try:
        for size in args.sizes:
            results.append(bench_size(size, args, work))
            save()
    finally:
        if args.keep:
            print(f"Kept {work}", file=sys.stderr)
        else:
            shutil.rmtree(work, ignore_errors=True)
    save()
    info["load_average_after"] = list(os.getloadavg())
    print(measure.table(results, info))
    return 0


if __name__ == "__main__":
    sys.exit(main())
