"""Pages rendered ahead on the second core, while this process does something else with
them: a build's MkDocs wraps each page in the theme and writes it, slower than we render.

A forked worker renders the pages in their order, a chunk at a time and a few chunks
ahead of the page asked for. When the page asked for is not back yet, this process
renders a chunk the worker has not started (the farthest ahead) rather than wait: so it
renders almost nothing itself while MkDocs is the slower, and half the pages when nothing
else is done with them. The HTML held is a few chunks', whatever the archive's size.

Rendering ahead only saves time. A page the worker did not send back (it failed, or died)
is rendered here when asked for, and its error, if it has one, is raised here.
"""

from __future__ import annotations

import contextlib
from concurrent.futures import Future

from generator.run import workers
from generator.stages.render import Page

CHUNK = 32  # pages the worker renders at a time: a megabyte or so of HTML
AHEAD = 8  # chunks handed to the worker beyond the one asked for


class RenderAhead:
    """Call `ready(page)` before taking a page's HTML, and `close()` (or use a with block)
    to end the worker. Pages are best asked for in order; any order is correct."""

    def __init__(self, pages: list[Page], chunk: int = CHUNK) -> None:
        self._pages = pages
        self._size = chunk
        self._chunk_of = {id(page): n // chunk for n, page in enumerate(pages)}
        self._pending: dict[int, Future] = {}  # chunk -> the worker's rendering of it
        self._next = 1  # the next chunk to hand over: the first is rendered here
        self._pool: workers.Pool | None = None
        self._started = False
        self.from_worker = 0  # pages whose HTML came from the worker

    def __enter__(self) -> RenderAhead:
        return self

    def __exit__(self, *exc) -> None:
        self.close()

    def ready(self, page: Page) -> None:
        """Have page's HTML at hand if the worker rendered it, and keep the worker busy
        with the pages after it."""
        chunk = self._chunk_of.get(id(page))
        if chunk is None:
            return
        self._hand_over(chunk)
        while chunk in self._pending:
            future = self._pending[chunk]
            if future.done() or not self._render_farthest():
                del self._pending[chunk]
                self._take(chunk, future)

    def close(self) -> None:
        global _pages
        if self._pool is not None:
            self._pool.shutdown(cancel=True)
            self._pool = None
        self._pending.clear()
        _pages = []

    def _chunk(self, chunk: int) -> list[Page]:
        return self._pages[chunk * self._size:(chunk + 1) * self._size]

    def _hand_over(self, chunk: int) -> None:
        """Give the worker the chunks up to AHEAD beyond this one that it has not had."""
        last = min(chunk + AHEAD, (len(self._pages) - 1) // self._size)
        self._next = max(self._next, chunk + 1)
        if self._next > last or not self._start():
            return
        try:
            while self._next <= last:
                start = self._next * self._size
                self._pending[self._next] = self._pool.submit(_render, start,
                                                              start + self._size)
                self._next += 1
        except Exception:  # noqa: BLE001 - a broken pool (its worker died): render here
            self._pool.shutdown(cancel=True)
            self._pool = None

    def _start(self) -> bool:
        """Fork the worker the first time there is work for it, when a core is spare."""
        global _pages
        if not self._started:
            self._started = True
            # One worker: it renders three times as fast as MkDocs writes.
            if workers.spare():
                _pages = self._pages  # the forked worker inherits them, unsent
                self._pool = workers.Pool(1)
        return self._pool is not None

    def _render_farthest(self) -> bool:
        """Render here the farthest chunk the worker has not started; False if none."""
        for chunk in sorted(self._pending, reverse=True):
            if self._pending[chunk].cancel():
                del self._pending[chunk]
                for page in self._chunk(chunk):
                    # A page that fails is left to fail when it is asked for.
                    with contextlib.suppress(Exception):
                        page.html  # noqa: B018 - asked for its rendering
                return True
        return False

    def _take(self, chunk: int, future: Future) -> None:
        try:
            rendered = workers.Pool.result(future)
        except Exception:  # noqa: BLE001 - anything, a dead worker included: render here
            return
        for page, html in zip(self._chunk(chunk), rendered, strict=True):
            page.keep(html)
        self.from_worker += len(rendered)


def render_now(pages: list[Page]) -> list[Page]:
    """Render every page now, not as each is written, on both cores when one is spare (at
    the first build of a preview, not once its threads run): a preview keeps every page's
    HTML anyway (to tell which changed), and a broken template then fails here, where the
    preview can show the problem on every page."""
    with RenderAhead(pages) as ahead:
        for page in pages:
            ahead.ready(page)
            page.html  # noqa: B018 - asked for its rendering
    return pages


_pages: list[Page] = []  # the pages the forked worker renders


def _render(start: int, stop: int) -> list[str]:
    """In the worker: a chunk of pages' HTML."""
    rendered = []
    for page in _pages[start:stop]:
        rendered.append(page.html)
        page.forget()
    return rendered
