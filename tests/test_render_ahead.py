"""Rendering ahead on the second core (generator/run/render_ahead.py): every page's HTML is
what rendering it in this process gives, whatever order pages are asked for in; the HTML
held stays a few chunks'; a worker that fails costs time and nothing else; and a build
leaves no worker files behind, broken templates included."""

from __future__ import annotations

import datetime as dt
import functools
import os
import time

import pytest
from conftest import ROOT, copy_project, papers

from generator.run import render_ahead, workers
from generator.run.render_ahead import RenderAhead
from generator.stages.pipeline import run
from generator.stages.render import Page

CHUNK = 4  # small chunks, so the bundled site's 46 pages make a dozen of them


def bundled_pages() -> list[Page]:
    result = run(ROOT / "content", dt.date(2023, 6, 1), shown_from=ROOT)
    assert result.ok
    return result.pages


@pytest.fixture(scope="module")
def expected() -> dict[str, str]:
    return {page.uri: page.html for page in bundled_pages()}


def held(pages: list[Page]) -> int:
    return sum(page._html is not None for page in pages)


def test_pages_rendered_ahead_are_the_pages_rendered_here(expected):
    pages = bundled_pages()
    assert len(pages) > 8 * CHUNK
    most_held = 0
    with RenderAhead(pages, chunk=CHUNK) as ahead:
        for page in pages:
            ahead.ready(page)
            assert page.html == expected[page.uri]
            most_held = max(most_held, held(pages))
            page.forget()  # as a build does once MkDocs has written the page
            time.sleep(0.03)  # MkDocs's own work on the page, at its slowest
    # The worker kept ahead of this process, which rendered little of its own...
    if workers.spare():
        assert ahead.from_worker >= len(pages) // 2
    else:
        assert ahead.from_worker == 0
    # ...and no more than the chunks handed over were ever held at once.
    assert most_held <= (render_ahead.AHEAD + 1) * CHUNK


def test_any_order_gives_the_same_pages(expected):
    pages = bundled_pages()
    with RenderAhead(pages, chunk=CHUNK) as ahead:
        for page in reversed(pages):
            ahead.ready(page)
            assert page.html == expected[page.uri]
        for page in pages[::3]:
            ahead.ready(page)
            assert page.html == expected[page.uri]


def _here_only(parent: int, number: int) -> str:
    if os.getpid() != parent:
        raise RuntimeError("the worker failed")
    return f"<p>page {number}</p>"


def _never(number: int) -> str:
    raise ValueError(f"page {number} cannot render")


def test_a_failing_worker_leaves_the_pages_to_this_process():
    pages = [Page(f"p{n}.md", f"Page {n}", functools.partial(_here_only, os.getpid(), n))
             for n in range(10 * CHUNK)]
    with RenderAhead(pages, chunk=CHUNK) as ahead:
        for n, page in enumerate(pages):
            ahead.ready(page)
            assert page.html == f"<p>page {n}</p>"
    assert ahead.from_worker == 0


def test_a_page_that_cannot_render_fails_here():
    pages = [Page(f"p{n}.md", f"Page {n}", functools.partial(_never, n))
             for n in range(10 * CHUNK)]
    with RenderAhead(pages, chunk=CHUNK) as ahead:
        for n, page in enumerate(pages):
            ahead.ready(page)  # the worker's failure is not raised here...
            with pytest.raises(ValueError, match=f"page {n} cannot render"):
                page.html  # noqa: B018 - ...but when the page is asked for


def test_a_build_leaves_no_worker_files(tmp_path):
    project = copy_project(tmp_path)
    scratch = tmp_path / "scratch"
    scratch.mkdir()
    env = {"TMPDIR": str(scratch)}
    result = papers("--project", str(project), "build", "--as-of", "2023-06-01", env=env)
    assert result.returncode == 0, result.stderr
    assert list(scratch.iterdir()) == []
    # A template that fails on pages late in the site, which the worker renders.
    template = project / "theme/templates/tracker.html"
    template.write_text(template.read_text() + "{{ no_such_thing.attribute }}")
    result = papers("--project", str(project), "build", "--as-of", "2023-06-01", env=env)
    assert result.returncode == 1
    assert "a page template failed" in result.stderr and "Traceback" not in result.stderr
    assert list(scratch.iterdir()) == []
