"""Forked workers give back what their work returned, or the error it raised, and leave no
files behind whatever became of them."""

from __future__ import annotations

import os
import tempfile
from concurrent.futures.process import BrokenProcessPool

import pytest

from generator.run import workers

pytestmark = pytest.mark.skipif(len(os.sched_getaffinity(0)) < 2,
                                reason="one core: no worker to start")


def _echo(text: str, times: int) -> list[tuple[str, int]]:
    return [(text * times, os.getpid())]


def _fails() -> None:
    raise ValueError("the work failed")


def _dies() -> None:
    os._exit(1)  # as if killed for memory


@pytest.fixture
def scratch(tmp_path, monkeypatch):
    """The temporary folder workers leave their results in, empty to begin with."""
    monkeypatch.setattr(tempfile, "tempdir", str(tmp_path))
    return tmp_path


def test_results_come_back_from_another_process(scratch):
    big = "x" * 300_000  # more than the pipe takes at a time
    with workers.Pool(1) as pool:
        futures = [pool.submit(_echo, big, n) for n in range(1, 4)]
        results = [pool.result(future) for future in futures]
    assert [len(text) for (text, _pid), in results] == [300_000, 600_000, 900_000]
    assert {pid for (_text, pid), in results} != {os.getpid()}
    assert list(scratch.iterdir()) == []


def test_an_error_in_the_work_is_raised_here(scratch):
    with workers.Pool(1) as pool:
        with pytest.raises(ValueError, match="the work failed"):
            pool.result(pool.submit(_fails))
        assert pool.result(pool.submit(_echo, "a", 2))[0][0] == "aa"  # it works on
    assert list(scratch.iterdir()) == []


def test_a_worker_that_dies_fails_its_work_and_leaves_nothing(scratch):
    with workers.Pool(1) as pool, pytest.raises(BrokenProcessPool):
        pool.result(pool.submit(_dies))
    assert list(scratch.iterdir()) == []


def test_results_not_taken_are_removed(scratch):
    pool = workers.Pool(1)
    future = pool.submit(_echo, "unread", 1)
    future.result()  # done, its file written, never taken
    assert len(list(next(scratch.iterdir()).iterdir())) == 1
    pool.shutdown()
    assert list(scratch.iterdir()) == []
