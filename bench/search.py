"""Search on a built site: what a browser downloads and waits for to answer one query.

    python3 bench/search.py SITE [SITE ...] [--query "Young Carers" ...]

For each built site: the size of mkdocs-material's lunr index (search/search_index.json,
which the browser downloads whole before its first query) when the site has one, and for
Pagefind (pagefind/, written by `papers build`): the whole index on disk, the bytes a
browser fetches for one query (entry, wasm, index chunks, fragments) and the time from
the query to its results, median over the queries, in Debian's Chromium.
"""

from __future__ import annotations

import argparse
import re
import statistics
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "tests"))

from browser import chromium, serve_directory  # noqa: E402

QUERY_PAGE = """<!doctype html><html lang="en"><head><title>bench</title></head><body>
<script type="module">
window.runQuery = async (q) => {
  const pagefind = await import("./pagefind/pagefind.js");
  await pagefind.options({baseUrl: "/"});
  await pagefind.init();
  // A large site's index is in parts (generator/outputs/search.py), merged as search.js does.
  const listed = await fetch("./pagefind/parts.json");
  const parts = listed.ok ? (await listed.json()).parts : [];
  await Promise.all(parts.map(p => pagefind.mergeIndex(new URL(p, location.href).href,
                                                       {baseUrl: "/"})));
  const t0 = performance.now();
  const found = await pagefind.search(q);
  const first = await Promise.all(found.results.slice(0, 10).map(r => r.data()));
  return {count: found.results.length, ms: performance.now() - t0, shown: first.length};
};
</script></body></html>"""


def folder_bytes(path: Path) -> int:
    return sum(p.stat().st_size for p in path.rglob("*") if p.is_file())


def measure(site: Path, queries: list[str]) -> dict:
    figures = {"site": str(site), "pages": sum(1 for _ in site.rglob("index.html"))}
    lunr = site / "search" / "search_index.json"
    figures["lunr_index_bytes"] = lunr.stat().st_size if lunr.is_file() else None
    pagefind = site / "pagefind"
    if not pagefind.is_dir():
        return figures
    figures["pagefind_total_bytes"] = folder_bytes(pagefind)
    probe = site / "bench-search.html"
    probe.write_text(QUERY_PAGE)
    downloads, index_downloads, times, counts = [], [], [], []
    try:
        with serve_directory(site) as base_url, chromium() as browser:
            for query in queries:
                context = browser.new_context()  # a fresh cache: a first-time visitor
                sizes: list[tuple[str, int]] = []
                # Pagefind fetches its index from a web worker; context events see those.
                context.on("requestfinished", lambda request, sizes=sizes: sizes.append(
                    (request.url, request.sizes()["responseBodySize"])))
                page = context.new_page()
                page.goto(base_url + "bench-search.html", wait_until="load")
                sizes.clear()  # the page itself is not search
                started = time.perf_counter()
                result = page.evaluate("q => window.runQuery(q)", query)
                times.append((time.perf_counter() - started) * 1000)
                pagefind_sizes = [(url, size) for url, size in sizes if "/pagefind/" in url]
                downloads.append(sum(size for _url, size in pagefind_sizes))
                # The index proper (chunks, fragments, filters), without the fixed-size
                # program files every search page loads once (pagefind.js, the wasm).
                index_downloads.append(sum(size for url, size in pagefind_sizes
                                           if re.search(r"/(index|fragment|filter)/", url)))
                counts.append(result["count"])
                context.close()
    finally:
        probe.unlink()
    figures.update(pagefind_query_bytes_median=statistics.median(downloads),
                   pagefind_query_bytes_max=max(downloads),
                   pagefind_query_index_bytes_median=statistics.median(index_downloads),
                   pagefind_query_ms_median=round(statistics.median(times), 1),
                   results=counts)
    return figures


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("sites", nargs="+", type=Path)
    parser.add_argument("--query", action="append",
                        default=None, help="a query to run (repeatable)")
    args = parser.parse_args()
    queries = args.query or ["Young Carers", "Ofsted monitoring visit", "fostering",
                             "social workers recruitment", "minutes"]
    for site in args.sites:
        figures = measure(site, queries)
        print(" ".join(f"{key}={value}" for key, value in figures.items()))
    return 0


if __name__ == "__main__":
    sys.exit(main())
