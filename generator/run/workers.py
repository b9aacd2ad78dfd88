"""Worker processes, for the work that pays on a second core: parsing files (load.py),
converting Markdown for the safety check (text.py) and rendering pages (render_ahead.py).

They are forked: a forked worker starts at once and shares, unsent, whatever this process
had when it forked. Forking is safe only while this process runs one thread (serve's
server runs more), and other ways of starting workers re-run the calling script; so
without a spare core, or with threads running, there are no workers and the caller does
the work itself.
"""

from __future__ import annotations

import gc
import itertools
import marshal
import multiprocessing
import os
import shutil
import tempfile
import threading
import weakref
from collections.abc import Callable
from concurrent.futures import Future, ProcessPoolExecutor
from pathlib import Path
from typing import Any


def spare() -> int:
    """How many workers can run beside this process now (0: do the work here)."""
    if threading.active_count() > 1:
        return 0
    return min(len(os.sched_getaffinity(0)), 8) - 1


class Pool:
    """Forked workers; use it in a with block, which ends them and removes their files.

    A worker that dies (killed for memory, say) fails its work with BrokenProcessPool
    rather than leaving the caller waiting for ever, as multiprocessing.Pool would.

    What a worker gives back comes through a file, marshalled, not through the pool's
    pipe: there a megabyte goes 64 KB at a time, and each piece waits for the thread
    reading the pipe here to take the GIL from this process's main thread, up to 5 ms a
    time while it is busy. Work that sent its results through the pipe kept the worker
    idle half the time (rendering ahead) or cost this process 3 seconds (parsing at L).

    Each worker first moves what it inherited out of the cycle collector's sight: a
    collection walks every object it tracks and writes to each, which in a forked
    worker would copy the whole inherited heap, page by page."""

    def __init__(self, workers: int) -> None:
        self._folder = Path(tempfile.mkdtemp(prefix="papers-work-"))
        # Removed by shutdown(), or at exit if a run is interrupted; a forked worker
        # never runs it (it leaves through os._exit).
        self._remove_folder = weakref.finalize(self, shutil.rmtree, self._folder, True)
        self._names = itertools.count()
        self._executor = ProcessPoolExecutor(
            workers, mp_context=multiprocessing.get_context("fork"), initializer=gc.freeze)

    def __enter__(self) -> Pool:
        return self

    def __exit__(self, *exc) -> None:
        self.shutdown()

    def submit(self, work: Callable[..., Any], *args: Any) -> Future:
        """Run work(*args) in a worker; its result (of types marshal writes) is had
        through `result`."""
        return self._executor.submit(_leave, work, self._folder / str(next(self._names)),
                                     *args)

    @staticmethod
    def result(future: Future) -> Any:
        """What the work gave, or the exception it raised (BrokenProcessPool for a worker
        that died)."""
        path = future.result()
        try:
            return marshal.loads(path.read_bytes())
        finally:
            path.unlink(missing_ok=True)

    def shutdown(self, cancel: bool = False) -> None:
        self._executor.shutdown(wait=True, cancel_futures=cancel)
        self._remove_folder()


def _leave(work: Callable[..., Any], path: Path, *args: Any) -> Path:
    """In a worker: run the work and leave its result in a file."""
    path.write_bytes(marshal.dumps(work(*args)))
    return path
