"""The preview's web server: MkDocs's live-reload server, with three changes.

- It watches with the operating system's file notifications rather than MkDocs's polling,
  which stats every file twice a second (a core's worth of work at 30,000 files), and it
  tells the preview which files changed, not only that something did.
- It shows the content's problems as a banner at the top of every page it sends, over the
  pages of the last clean build, so the pages on disk stay exactly what `papers build`
  would write and a new problem needs no page rendered again.
- The preview can make browsers reload after its background rebuild, not only after the
  builder call the server waits on.
"""

from __future__ import annotations

import os
import threading
from collections.abc import Callable
from pathlib import Path

import watchdog.events
import watchdog.observers
from mkdocs.livereload import LiveReloadServer, _timestamp

from generator.mkdocs_adapter.problems import problems_banner

ARTICLE = b'<article class="md-content__inner md-typeset">'


# What a save does; not a file being opened or read (the build itself reads docs/).
CHANGES = {"created", "deleted", "modified", "moved", "closed"}


class Changes(watchdog.events.FileSystemEventHandler):
    """The paths that changed since the preview last asked; calls changed() on each."""

    def __init__(self, changed: Callable[[], None]) -> None:
        super().__init__()
        self._paths: set[Path] = set()
        self._lock = threading.Lock()
        self._changed = changed

    def on_any_event(self, event) -> None:
        if event.event_type not in CHANGES or (event.is_directory
                                               and event.event_type != "moved"):
            return
        with self._lock:
            self._paths.add(Path(os.fsdecode(event.src_path)))
            if getattr(event, "dest_path", ""):
                self._paths.add(Path(os.fsdecode(event.dest_path)))
        self._changed()

    def take(self) -> set[Path]:
        with self._lock:
            paths, self._paths = self._paths, set()
        return paths


class PreviewServer(LiveReloadServer):
    def __init__(self, *args, problems: Callable[[], list[str]], **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.observer = watchdog.observers.Observer()
        self.problems = problems
        self.changes = Changes(self._want)

    def watch(self, path: str, func: None = None, *, recursive: bool = True) -> None:
        """Like LiveReloadServer.watch, counting only changes (see CHANGES)."""
        path = os.path.abspath(path)
        if path not in self._watched_paths:  # the server starts its observer when not empty
            self._watched_paths[path] = 1
            self.observer.schedule(self.changes, path, recursive=recursive)

    def _want(self) -> None:
        with self._rebuild_cond:
            self._want_rebuild = True
            self._rebuild_cond.notify_all()

    def _inject_js_into_html(self, content: bytes, epoch: int) -> bytes:
        content = super()._inject_js_into_html(content, epoch)
        problems = self.problems()
        if problems:
            banner = problems_banner(problems).encode("utf-8")
            at = content.find(ARTICLE)
            at = at + len(ARTICLE) if at != -1 else max(content.find(b"<body"), 0)
            if at and content[at - 1:at] != b">":
                at = content.index(b">", at) + 1
            content = content[:at] + banner + content[at:]
        return content

    def reload_browsers(self) -> None:
        """Tell the open pages to reload, unless a rebuild the server waits on is under way
        (its end reloads them)."""
        with self._epoch_cond:
            if self._visible_epoch != self._wanted_epoch:
                return
            self._wanted_epoch = self._visible_epoch = _timestamp()
            self._epoch_cond.notify_all()
