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
import multiprocessing
import os
import threading
from concurrent.futures import ProcessPoolExecutor


def spare() -> int:
    """How many workers can run beside this process now (0: do the work here)."""
    if threading.active_count() > 1:
        return 0
    return min(len(os.sched_getaffinity(0)), 8) - 1


def pool(workers: int) -> ProcessPoolExecutor:
    """A pool of forked workers; use it in a with block, which ends them. A worker that
    dies (killed for memory, say) fails its work with BrokenProcessPool rather than
    leaving the caller waiting for ever, as multiprocessing.Pool would.

    Each worker first moves what it inherited out of the cycle collector's sight: a
    collection walks every object it tracks and writes to each, which in a forked
    worker would copy the whole inherited heap, page by page."""
    return ProcessPoolExecutor(workers, mp_context=multiprocessing.get_context("fork"),
                               initializer=gc.freeze)
