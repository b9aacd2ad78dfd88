"""Measurements: our stages in this process, `papers check`, `papers build`, `mkdocs build`
and `papers serve` as child processes, what a build wrote, and the printed table."""

from __future__ import annotations

import datetime as dt
import gc
import json
import os
import re
import resource
import shutil
import socket
import subprocess
import sys
import tempfile
import time
import urllib.error
import urllib.request
from pathlib import Path

BENCH = Path(__file__).resolve().parent
ROOT = BENCH.parent
sys.path.insert(0, str(ROOT))  # the generator package, even when not installed

from build_child import peak_rss_mib  # noqa: E402

from generator.record.diagnostics import Diagnostics  # noqa: E402
from generator.run.disk_cache import CACHE_DIR, ParsedFiles  # noqa: E402
from generator.run.render_ahead import render_now  # noqa: E402
from generator.stages import pipeline, text  # noqa: E402
from generator.stages.link import link  # noqa: E402
from generator.stages.load import load  # noqa: E402
from generator.stages.pipeline import read_archive  # noqa: E402

# Child processes run this checkout's generator too, installed or not.
CHILD_ENV = {**os.environ, "NO_MKDOCS_2_WARNING": "1",
             "PYTHONPATH": os.pathsep.join(filter(None, [str(ROOT),
                                                         os.environ.get("PYTHONPATH")]))}
TAG = re.compile(r"<[^>]+>")
SUMMARY = re.compile(r"(\d+) errors?, (\d+) warnings?")


def _clock() -> tuple[float, float]:
    """Wall and CPU seconds, the CPU of finished worker processes (Markdown) included."""
    return time.perf_counter(), time.process_time() + _children_cpu()


def stages(project: Path, as_of: str, warm: bool = False) -> dict:
    """Load, validate, link and render the project's content, each timed (wall and CPU),
    as generator/stages/pipeline.py runs them: validate includes the safety checks, render the
    Markdown conversion, on two cores as a build renders (render_ahead.py). Cold, every
    file is parsed (nothing kept on disk); warm, files come from the parses the last run
    kept, as in a clerk's next run."""
    gc.collect()
    text._converted.clear()  # a fresh start for every run: nothing converted yet
    if not warm:
        forget_cache(project)
    diags = Diagnostics()
    marks = [_clock()]
    gc.disable()  # as pipeline.check and pipeline.run run
    try:
        kept = ParsedFiles(project / "content") if warm else None
        loaded = load(project / "content", diags, project, kept=kept)
        if kept is not None:
            kept.save()
        marks.append(_clock())
        archive, markdown = read_archive(loaded, diags, project)
        marks.append(_clock())
        links = link(archive, dt.date.fromisoformat(as_of), diags)
        marks.append(_clock())
        if diags.errors:
            shown = "\n".join(str(d) for d in diags.sorted()[:20])
            raise SystemExit(f"the synthetic archive has errors:\n{shown}")
        pages = pipeline.pages(archive, links, markdown, project / "theme" / "templates")
    finally:
        gc.enable()
    # Pages render when their HTML is first asked for (MkDocs asks as it writes each one,
    # and the build renders them ahead on the second core): render them all here, on both
    # cores, so the render stage is timed whole; with the archive frozen out of the
    # cycle collector's sight, as `papers build` has it while MkDocs writes (cli.py).
    gc.freeze()
    try:
        html_bytes = sum(len(page.html) for page in render_now(pages))
    finally:
        gc.unfreeze()
    marks.append(_clock())
    names = ("load", "validate", "link", "render")
    out: dict = {name: marks[i + 1][0] - marks[i][0] for i, name in enumerate(names)}
    out["cpu"] = {name: marks[i + 1][1] - marks[i][1] for i, name in enumerate(names)}
    out["total"] = marks[-1][0] - marks[0][0]
    out["pages"] = len(pages)
    out["ms_per_page"] = 1000 * out["total"] / max(1, len(pages))
    out["cpu_ms_per_page"] = 1000 * sum(out["cpu"].values()) / max(1, len(pages))
    out["text_chars"] = sum(len(TAG.sub(" ", p.html)) for p in pages) / max(1, len(pages))
    out["html_kb"] = html_bytes / 1024 / max(1, len(pages))
    out["warnings"] = len(diags.warnings)
    return out


def _children_cpu() -> float:
    usage = resource.getrusage(resource.RUSAGE_CHILDREN)
    return usage.ru_utime + usage.ru_stime


def forget_cache(project: Path) -> None:
    """Remove the parses, readings and clean texts kept from earlier runs (.cache/papers/), so
    the next run starts cold, as on a fresh clone."""
    shutil.rmtree(project / CACHE_DIR, ignore_errors=True)


def check(project: Path, as_of: str, cold: bool = False) -> dict:
    """`papers check`, as a clerk runs it: cold, with nothing kept from an earlier run, or
    warm, with what the last run kept."""
    if cold:
        forget_cache(project)
    cpu, started = _children_cpu(), time.perf_counter()
    done = subprocess.run([sys.executable, "-m", "generator", "--project", str(project),
                           "check", "--as-of", as_of], capture_output=True, text=True,
                          env=CHILD_ENV)
    seconds = time.perf_counter() - started
    found = SUMMARY.search(done.stdout)
    if done.returncode != 0 or not found:
        raise SystemExit(f"papers check failed ({done.returncode}):\n{done.stdout[-3000:]}"
                         f"{done.stderr[-3000:]}")
    return {"seconds": seconds, "cpu_seconds": _children_cpu() - cpu,
            "errors": int(found.group(1)), "warnings": int(found.group(2))}


def _child_build(mode: str, args: list[str], site: Path) -> dict:
    with tempfile.TemporaryDirectory() as scratch:
        out, errors = Path(scratch) / "build.json", Path(scratch) / "stderr"
        started = time.perf_counter()
        with errors.open("w") as stderr:
            build = subprocess.Popen([sys.executable, str(BENCH / "build_child.py"), mode,
                                      *args, str(out)], stdout=subprocess.DEVNULL,
                                     stderr=stderr, text=True, cwd=ROOT, env=CHILD_ENV)
            helpers = _helpers_peak_mib(build)
        wall = time.perf_counter() - started
        if build.returncode != 0 or not out.exists():
            raise SystemExit(f"{mode} build failed ({build.returncode}):\n"
                             f"{errors.read_text()[-3000:]}")
        child = json.loads(out.read_text())
    child["helper_peak_rss_mib"] = helpers
    child["peak_rss_mib"] = max(child["own_peak_rss_mib"], helpers)
    child["wall_seconds"] = wall  # including the interpreter starting and importing
    child["site"] = site_stats(site)
    pages = max(1, child["site"]["pages"])
    child["ms_per_page"] = 1000 * wall / pages
    child["cpu_ms_per_page"] = 1000 * child["cpu_seconds"] / pages
    return child


def papers_build(project: Path, as_of: str, cold: bool = False) -> dict:
    """`papers build --project PROJECT --as-of AS_OF`, the real build (cold or warm, as
    for check)."""
    if cold:
        forget_cache(project)
    return _child_build("papers", [str(project), as_of], project / "site")


def mkdocs_build(config: Path) -> dict:
    """Plain `mkdocs build` of a configuration."""
    return _child_build("mkdocs", [str(config)], config.parent / "site")


def _bytes(paths) -> int:
    return sum(p.stat().st_size for p in paths if p.is_file())


def site_stats(site: Path) -> dict:
    """Pages (HTML files but 404.html), their average size, the site, and the search
    index on disk: mkdocs-material's lunr index is one file a browser downloads whole;
    Pagefind's is a folder of fragments, of which a query downloads a few (measure that
    with bench/search.py)."""
    html = [p for p in site.rglob("*.html") if p.name != "404.html"]
    lunr, pagefind = site / "search" / "search_index.json", site / "pagefind"
    if lunr.exists():
        index, kind = lunr.stat().st_size, "lunr"
    elif pagefind.is_dir():
        # A large site's index is in parts: pagefind/, pagefind-2/, ...
        index = sum(_bytes(part.rglob("*")) for part in site.glob("pagefind*"))
        kind = f"pagefind, {len(list(site.glob('pagefind*')))} part(s)"
    else:
        index, kind = None, None
    by_kind: dict[str, list[int]] = {}
    for page in html:
        parts = page.relative_to(site).parts
        by_kind.setdefault(parts[0] if len(parts) > 1 else "/", []).append(page.stat().st_size)
    return {
        "pages": len(html),
        "avg_html_kb": _bytes(html) / max(1, len(html)) / 1024,
        # The mix of kinds sets the average: a meeting page is about twice a report's.
        "by_kind": {folder: {"pages": len(sizes), "avg_kb": sum(sizes) / len(sizes) / 1024}
                    for folder, sizes in sorted(by_kind.items())},
        "site_mb": _bytes(site.rglob("*")) / 1e6,
        "search_index_mb": index / 1e6 if index is not None else None,
        "search_index_kind": kind,
    }


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def _get(url: str) -> str | None:
    try:
        with urllib.request.urlopen(url, timeout=10) as response:
            return response.read().decode("utf-8", "replace")
    except (urllib.error.URLError, OSError):
        return None


def _wait_for(url: str, test, deadline: float) -> bool:
    while time.perf_counter() < deadline:
        body = _get(url)
        if body is not None and test(body):
            return True
        time.sleep(0.1)
    return False


# generator/mkdocs_adapter/preview.py logs it after each complete step.
SERVE_COMPLETE = "Preview complete"


def _helpers_peak_mib(build: subprocess.Popen, every: float = 0.25) -> float:
    """Wait for a build, sampling the peak memory of each process it started (the search
    indexer, forked workers): Linux's ru_maxrss of a child counts the memory its parent
    had when it started, so it cannot tell them apart from the build itself."""
    peak = 0.0
    while build.poll() is None:
        for pid in _descendants(build.pid):
            peak = max(peak, peak_rss_mib(pid) or 0.0)
        time.sleep(every)
    return peak


def _descendants(root: int) -> set[int]:
    parents: dict[int, int] = {}
    for entry in os.listdir("/proc"):
        if entry.isdigit():
            try:
                stat = Path(f"/proc/{entry}/stat").read_text()
            except OSError:
                continue
            parents[int(entry)] = int(stat.rpartition(")")[2].split()[1])
    found: set[int] = set()
    below = {root}
    while below:
        below = {pid for pid, parent in parents.items() if parent in below} - found
        found |= below
    return found


def serve_rebuild(project: Path, as_of: str, timeout: float, saves: int = 3) -> dict:
    """Start `papers serve` on loopback; then, `saves` times, save one meeting file with a
    changed venue and time until the served meeting page shows it (the quick step) and
    until the server logs that its complete step has finished (the site is then what
    `papers build` writes). Medians over the saves; waits are bounded by `timeout`."""
    meeting = next(p for p in sorted((project / "content" / "meetings").glob("*/*.yml"))
                   if "status: held" in p.read_text("utf-8"))
    url_path = f"meetings/{meeting.parent.name}/{meeting.stem}/"
    port = _free_port()
    url = f"http://127.0.0.1:{port}/{url_path}"
    text = meeting.read_text("utf-8")
    empty = {"first_build_seconds": None, "rebuild_seconds": None, "complete_seconds": None,
             "peak_rss_mib": None, "samples": []}
    with tempfile.TemporaryDirectory() as logs:
        log_path = Path(logs) / "serve.log"
        with log_path.open("wb") as log:
            started = time.perf_counter()
            server = subprocess.Popen(
                [sys.executable, "-m", "generator", "--project", str(project), "serve",
                 "--as-of", as_of, "-a", f"127.0.0.1:{port}"], stdout=log, stderr=log,
                env=CHILD_ENV)
        try:
            if not _wait_for(url, lambda body: True, started + timeout):
                return empty
            first = time.perf_counter() - started
            samples = []
            for save in range(saves):
                done = log_path.read_text("utf-8", "replace").count(SERVE_COMPLETE)
                marker = f"benchmark edit {int(time.time())} {save}"
                meeting.write_text(re.sub(r"(?m)^venue: .*$", f"venue: {marker}", text,
                                          count=1), "utf-8")
                saved = time.perf_counter()
                seen = _wait_for(url, lambda body, m=marker: m in body, saved + timeout)
                rebuild = time.perf_counter() - saved if seen else None
                complete = None
                while time.perf_counter() < saved + timeout:
                    if log_path.read_text("utf-8", "replace").count(SERVE_COMPLETE) > done:
                        complete = time.perf_counter() - saved
                        break
                    time.sleep(0.1)
                samples.append({"rebuild_seconds": rebuild, "complete_seconds": complete})
            peak = peak_rss_mib(server.pid)

            def mid(key):
                values = [s[key] for s in samples]
                return None if None in values else sorted(values)[len(values) // 2]

            return {"first_build_seconds": first, "rebuild_seconds": mid("rebuild_seconds"),
                    "complete_seconds": mid("complete_seconds"), "peak_rss_mib": peak,
                    "samples": samples}
        finally:
            meeting.write_text(text, "utf-8")
            server.terminate()
            try:
                server.wait(timeout=20)
            except subprocess.TimeoutExpired:
                server.kill()
                server.wait()


# -- the table ---------------------------------------------------------------------------
def _fmt(value, digits: int = 1) -> str:
    if value is None:
        return "-"
    if isinstance(value, float):
        return f"{value:,.{digits}f}"
    return f"{value:,}" if isinstance(value, int) else str(value)


def _rows(result: dict) -> list[tuple[str, str, str]]:
    """(label, ours, baseline) for one size."""
    stages, build, base = result["stages"], result.get("build"), result.get("baseline")

    def both(get, digits: int = 1) -> tuple[str, str]:
        return (_fmt(get(build), digits) if build else "-",
                _fmt(get(base), digits) if base else "-")

    def phase(name):
        return lambda b: b["phases"][name]

    def stage(name):
        return f"{_fmt(stages[name], 2)} ({_fmt(stages['cpu'][name], 2)})"

    made, warm = result["generated"], result.get("check_warm")
    warm_stages = result.get("stages_warm")
    warm_build = result.get("build_warm")
    load = result.get("load_average") or []
    rows = [
        ("load average at start / end", " / ".join(f"{x:.1f}" for x in load), ""),
        ("meetings / content files", f"{made['meetings']:,} / {made['files']:,}", ""),
        ("pages (HTML files; else rendered)",
         *(both(lambda b: b["site"]["pages"]) if build else (_fmt(stages["pages"]), "-"))),
        ("our stages: load s (CPU s)", stage("load"), ""),
        ("  validate s (CPU s)", stage("validate"), ""),
        ("  link s (CPU s)", stage("link"), ""),
        ("  render s (CPU s)", stage("render"), ""),
        ("  ms per page, 4 stages (CPU)", f"{_fmt(stages['ms_per_page'], 2)} "
         f"({_fmt(stages['cpu_ms_per_page'], 2)})", ""),
        ("our stages, warm: load s; ms per page (CPU)",
         f"{_fmt(warm_stages['load'], 2)}; {_fmt(warm_stages['ms_per_page'], 2)} "
         f"({_fmt(warm_stages['cpu_ms_per_page'], 2)})" if warm_stages else "-", ""),
        ("papers check, cold s (CPU s)", f"{_fmt(result['check']['seconds'])} "
         f"({_fmt(result['check']['cpu_seconds'])})", ""),
        ("papers check, warm s (CPU s)", f"{_fmt(warm['seconds'])} "
         f"({_fmt(warm['cpu_seconds'])})" if warm else "-", ""),
        ("site build wall s", *both(lambda b: b["wall_seconds"])),
        ("  CPU s", *both(lambda b: b["cpu_seconds"])),
        ("  before MkDocs (papers: check + plugin) s", *both(phase("before_mkdocs"))),
        ("  MkDocs files + nav s", *both(phase("files_and_nav"))),
        ("  MkDocs read pages s", *both(phase("read_pages"))),
        ("  MkDocs write pages s", *both(phase("write_pages"))),
        ("  MkDocs post-build (search index) s", *both(phase("post_build"))),
        ("  after MkDocs (papers: swap into place) s", *both(phase("after_mkdocs"))),
        ("ms per page (wall)", *both(lambda b: b["ms_per_page"])),
        ("warm build (kept parses) wall s", _fmt(warm_build["wall_seconds"]) if warm_build
         else "-", ""),
        ("  ms per page (wall)", _fmt(warm_build["ms_per_page"]) if warm_build else "-", ""),
        ("  peak memory MiB", _fmt(warm_build["peak_rss_mib"], 0) if warm_build else "-", ""),
        ("ms per page (CPU)", *both(lambda b: b["cpu_ms_per_page"])),
        ("peak memory MiB", *both(lambda b: b["peak_rss_mib"], 0)),
        ("  of the build process / its helpers MiB",
         *both(lambda b: f"{b['own_peak_rss_mib']:,.0f} / {b['helper_peak_rss_mib']:,.0f}"
               if "own_peak_rss_mib" in b else None)),
        ("average HTML page KB", *both(lambda b: b["site"]["avg_html_kb"])),
        ("  meetings / reports / people / committees KB",
         *both(lambda b: " / ".join(_fmt(b["site"]["by_kind"].get(k, {}).get("avg_kb"))
                                    for k in ("meetings", "reports", "people", "committees"))
               if "by_kind" in b["site"] else None)),
        ("site MB", *both(lambda b: b["site"]["site_mb"], 0)),
        ("search index on disk MB", *both(lambda b: b["site"]["search_index_mb"], 2)),
        ("  of kind", *both(lambda b: b["site"].get("search_index_kind")
                             or ("lunr" if b["site"]["search_index_mb"] else None))),
    ]
    serve = result.get("serve")
    if serve:
        rows.append(("serve: first build s", _fmt(serve["first_build_seconds"]), ""))
        rows.append(("serve: page updated after a save s", _fmt(serve["rebuild_seconds"]), ""))
        rows.append(("serve: site complete after a save s",
                     _fmt(serve.get("complete_seconds")), ""))
        rows.append(("serve: peak memory MiB", _fmt(serve.get("peak_rss_mib"), 0), ""))
    return rows


def table(results: list[dict], info: dict) -> str:
    columns = []
    for result in results:
        columns.append((result["size"], [r[1] for r in _rows(result)]))
        columns.append((f"{result['size']} plain", [r[2] for r in _rows(result)]))
    labels = [r[0] for r in _rows(results[0])] if results else []
    width = max(len(label) for label in labels) if labels else 10
    lines = ["  ".join([" " * width, *(f"{name:>14}" for name, _ in columns)])]
    for index, label in enumerate(labels):
        lines.append("  ".join([f"{label:<{width}}",
                                *(f"{values[index]:>14}" for _, values in columns)]))
    for result in results:
        if result.get("skipped"):
            lines.append(f"{result['size']}: {result['skipped']}")
    load = info["load_average"]
    lines.append(f"Machine: {info['cpus']} CPUs, {info['memory_gib']} GiB, Python "
                 f"{info['python']}, mkdocs {info['versions'].get('mkdocs')}, mkdocs-material "
                 f"{info['versions'].get('mkdocs-material')}; load average at start "
                 f"{load[0]:.1f}, at end {info.get('load_average_after', [0])[0]:.1f}.")
    lines.append("'plain' is mkdocs-material on the same number of pre-written pages with "
                 "its default navigation; builds are medians over the repeats, our stages "
                 "and papers check medians of at least three runs.")
    return "\n".join(lines)
