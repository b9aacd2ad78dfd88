"""`papers serve`'s rebuilds: the page being edited at once, then everything, exactly.

After a save under content/ there are two steps:

1. quick (quick.py, in the server's build call, so browsers reload when it ends): the
   saved meetings' and reports' own pages, rendered from the saved files alone and
   written into the site. Seconds at most, whatever the archive's size.
2. complete (a background thread, started right after): the whole pipeline again (only
   changed files are parsed: load.FileCache), every page rendered with our renderer,
   and MkDocs run only on the pages whose source changed, or on all of them when the
   navigation changed (livesite.py); then the calendars, feeds, open data and search
   index. The site is then what `papers build` writes for the same content and date.
   It logs "Preview complete" when done; a newer save cancels it and starts another.

A change to docs/, the theme or mkdocs.yml rebuilds the whole site. Content errors never
stop the preview: the server shows them on every page (preview_server.py) over the last
clean build; nothing the preview does lets a traceback reach the clerk.
"""

from __future__ import annotations

import datetime as dt
import logging
import shutil
import signal
import tempfile
import threading
import time
from pathlib import Path

from jinja2 import TemplateError

from generator.mkdocs_adapter.livesite import Cancelled, LiveSite
from generator.mkdocs_adapter.plugin import template_problem, templates_for
from generator.mkdocs_adapter.preview_server import PreviewServer
from generator.run.atomic import write_atomic
from generator.run.render_ahead import render_now
from generator.stages import pipeline
from generator.stages.load import FileCache
from generator.stages.quick import quick_pages

log = logging.getLogger("mkdocs.plugins.papers")
COMPLETE = "Preview complete"
PLACEHOLDER = (b"<!doctype html>\n<html lang=\"en-GB\"><head><meta charset=\"utf-8\">"
               b"<title>The site could not be built</title></head><body></body></html>\n")


def _interrupt(*_args) -> None:
    raise KeyboardInterrupt


class Preview:
    def __init__(self, project: Path, config_file: Path, content_dir: Path, dev_addr: str,
                 as_of: dt.date) -> None:
        self.project = project
        self.config_file = config_file
        self.content_dir = content_dir.resolve()
        self.as_of = as_of
        self.dev_addr = dev_addr
        self.cache = FileCache()
        self.site_dir = Path(tempfile.mkdtemp(prefix="papers-serve-"))
        self.site: LiveSite | None = None
        self.lock = threading.Lock()  # held while MkDocs's objects or the site change
        self.generation = 0  # counts saves; a complete step of an older one gives up
        self.completed = 0  # the generation the site was last made complete for
        self.wanted = threading.Condition()  # wakes the complete step's thread
        self.failure: list[str] = []  # the site itself could not be built
        host, port = dev_addr.rsplit(":", 1)
        self.server = PreviewServer(builder=self.on_change, host=host, port=int(port),
                                    root=str(self.site_dir), problems=self.problems)
        self.server.error_handler = self._error_page

    # -- what the server asks ---------------------------------------------------------------
    def problems(self) -> list[str]:
        plugin = self.site.plugin if self.site is not None else None
        return self.failure + (plugin.problems if plugin is not None else [])

    def _error_page(self, code: int) -> bytes | None:
        page = self.site_dir / f"{code}.html"
        return page.read_bytes() if code in (404, 500) and page.is_file() else None

    # -- steps ------------------------------------------------------------------------------
    def _check(self) -> pipeline.Result:
        return pipeline.check(self.content_dir, self.as_of, shown_from=self.project,
                              cache=self.cache)

    def build_all(self) -> None:
        """The whole site from scratch: at start, and when docs, theme or config change."""
        started = time.perf_counter()
        try:
            site = LiveSite(self.config_file, self.site_dir)
            pipeline.hand_over(self._check(), self.as_of)
            site.build()
        except Exception as exc:  # noqa: BLE001 - shown on the page, never a traceback
            self._failed("the site could not be built", exc)
            if not (self.site_dir / "index.html").exists():
                # Somewhere for the server to show the problem on.
                write_atomic(self.site_dir / "index.html", PLACEHOLDER)
            return
        self.site = site
        self.failure = []
        log.info(f"Built the preview in {time.perf_counter() - started:.1f}s")

    def _failed(self, what: str, exc: Exception) -> None:
        message = f"{what}: {type(exc).__name__}: {exc}"
        log.error(message)
        self.failure = [message]

    def on_change(self) -> None:
        """The server's builder: the quick step, then wake the complete step. Never raises:
        the server would print a traceback."""
        try:
            self._on_change()
        except Exception as exc:  # noqa: BLE001 - shown on the page, never a traceback
            self._failed("the preview could not be updated", exc)

    def _on_change(self) -> None:
        self.generation += 1
        generation = self.generation
        if self.site is not None:
            self.site.cancel.set()
        with self.lock:
            changed = self.server.changes.take()
            outside = [p for p in changed if not p.resolve().is_relative_to(self.content_dir)]
            if outside or self.site is None:
                self.build_all()
                self.completed = generation
                log.info(f"{COMPLETE}: the whole site was rebuilt (run {generation})")
                return
            self.site.cancel.clear()
            started = time.perf_counter()
            try:
                pages = quick_pages(changed, self.site.plugin.result, self.cache,
                                    self.content_dir, self.project, templates_for(self.project))
                urls = self.site.render_now(pages)
            except Exception as exc:  # noqa: BLE001 - the complete step will say what is wrong
                log.debug(f"quick step failed: {type(exc).__name__}: {exc}")
                urls = []
            if urls:
                log.info(f"Updated {', '.join('/' + u for u in urls)} in "
                         f"{time.perf_counter() - started:.2f}s; rebuilding the rest")
        with self.wanted:
            self.wanted.notify_all()

    def _complete_forever(self) -> None:
        """One thread makes the site complete, for the latest save: never two pipelines
        at once (each holds the whole archive in memory)."""
        while True:
            with self.wanted:
                self.wanted.wait_for(lambda: self.generation > self.completed)
                generation = self.generation
            if self.complete(generation):
                self.completed = max(self.completed, generation)

    def complete(self, generation: int) -> bool:
        """The complete step for this save; False when a newer save made it give up."""
        started = time.perf_counter()
        try:
            result = self._check()
            if generation != self.generation:
                return False
            failure = None
            if result.ok:
                try:
                    pipeline.hand_over(result, self.as_of)
                    result = pipeline.run(self.content_dir, self.as_of, self.project,
                                          templates_for(self.project))
                    render_now(result.pages)
                except TemplateError as exc:
                    failure = template_problem(exc)
            checked = time.perf_counter()
            with self.lock:
                if generation != self.generation:
                    return False
                site = self.site
                if failure:
                    site.plugin.take_failure(site.config, failure)
                else:
                    site.plugin.take(site.config, result)
                written = site.update()
                self.failure = []
        except Cancelled:
            return False
        except Exception as exc:  # noqa: BLE001 - shown on the page, never a traceback
            self._failed("the preview could not be updated", exc)
            written, checked = 0, started
        took = time.perf_counter() - started
        log.info(f"{COMPLETE}: {written} more page{'' if written == 1 else 's'} rendered in "
                 f"{took:.1f}s ({checked - started:.1f}s checking and rendering the content; "
                 f"run {generation})")
        self.server.reload_browsers()
        return True

    # -- running ----------------------------------------------------------------------------
    def serve(self) -> None:
        # Stopped by a signal (a test, a service manager) as by Ctrl+C: the site folder in
        # the temporary directory, gigabytes at L, is removed either way.
        signal.signal(signal.SIGTERM, _interrupt)
        try:
            log.info(f"The preview's site is in {self.site_dir}")
            self.build_all()
            threading.Thread(target=self._complete_forever, daemon=True).start()
            for path in (self.content_dir, self.project / "docs", self.project / "theme"):
                if path.is_dir():
                    self.server.watch(str(path))
            self.server.watch(str(self.config_file), recursive=False)
            try:
                self.server.serve()
            except KeyboardInterrupt:
                log.info("Shutting down...")
            finally:
                self.server.shutdown()
        finally:
            shutil.rmtree(self.site_dir, ignore_errors=True)
