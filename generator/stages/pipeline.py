"""The stages in order: load, validate, link, render. No MkDocs here (see plugin.py)."""

from __future__ import annotations

import contextlib
import datetime as dt
import gc
import os
from dataclasses import dataclass, field
from pathlib import Path

from generator.record.diagnostics import Diagnostics
from generator.record.model import Archive
from generator.run import workers
from generator.run.disk_cache import CleanTexts, KeptReadings, ParsedFiles
from generator.stages import safety, text
from generator.stages.link import Links, link
from generator.stages.load import FileCache, load
from generator.stages.parse import LoadedContent
from generator.stages.render import TEMPLATES, Page, render
from generator.stages.validate import Readings, validate

AS_OF_ENV = "PAPERS_AS_OF"


class UsageError(Exception):
    """A command was given something it cannot use (not a content problem)."""


def parse_as_of(value: str | None) -> dt.date:
    """The build date: given, or from PAPERS_AS_OF, or today. Builds are reproducible
    when it is given."""
    value = value or os.environ.get(AS_OF_ENV)
    if not value:
        return dt.date.today()
    try:
        return dt.date.fromisoformat(value)
    except ValueError:
        raise UsageError(f"--as-of must be a date written YYYY-MM-DD, not {value!r}") from None


@dataclass
class Result:
    diagnostics: Diagnostics
    archive: Archive | None = None
    links: Links | None = None
    pages: list[Page] = field(default_factory=list)
    files_read: int = 0
    content_dir: Path = Path("content")
    markdown: list[str] = field(default_factory=list)  # every published Markdown text

    @property
    def ok(self) -> bool:
        return not self.diagnostics.errors


@contextlib.contextmanager
def _without_cycle_collection():
    """The stages build millions of small objects that live to the end of the run and
    hold no reference cycles; Python's cycle collector would walk them all again and again
    to find nothing (about 4 seconds at L). Freed objects are still freed at once."""
    enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if enabled:
            gc.enable()


@_without_cycle_collection()
def check(content_dir: Path, as_of: dt.date, shown_from: Path | None = None,
          cache: FileCache | None = None) -> Result:
    """Load, validate and link: every problem in the content; nothing written but the
    parsed files kept for next time (disk_cache.py). A cache (serve's) spares parsing
    the files that have not changed since it last read them, even from that store."""
    diags = Diagnostics()
    kept = ParsedFiles(Path(content_dir), prune=cache is None)
    loaded = load(Path(content_dir), diags, shown_from, cache, kept)
    kept.save()
    archive, markdown = read_archive(loaded, diags, shown_from)
    links = link(archive, as_of, diags)
    return Result(diags, archive, links, content_dir=Path(content_dir), markdown=markdown,
                  files_read=len(loaded.sources) + len(loaded.texts) + len(loaded.attachments))


def read_archive(loaded: LoadedContent, diags: Diagnostics, shown_from: Path | None = None
                 ) -> tuple[Archive, list[str]]:
    """Validate and run the safety checks: the archive, and its published Markdown texts.
    The safety check reads each file's Markdown as validation reads the file, so each
    file's tree is unpacked once (parse.Source.data)."""
    # What the last run kept comes in before the stages and this run's goes out after:
    # validate and the safety check are handed plain data and know nothing of the cache.
    kept_readings, kept_texts = KeptReadings(loaded.root), CleanTexts(loaded.root)
    readings = Readings(before=kept_readings.load())
    clean_before = kept_texts.load()
    markdown = safety.PublishedMarkdown(loaded.root, shown_from, clean_before)
    archive = validate(loaded, diags, markdown, readings)
    texts = safety.check(loaded, archive, diags, markdown)
    kept_readings.save(readings.before, readings.world, readings.now)
    kept_texts.save(clean_before, markdown.clean_now)
    return archive, texts


# `papers build` checks the content before it starts MkDocs, whose plugin then calls
# run(): the checked result is handed over so the archive is read once, not twice.
_handed_over: dict[tuple[Path, dt.date], Result] = {}


def hand_over(result: Result, as_of: dt.date) -> None:
    """Let the next run() of the same content and date use this check's result."""
    _handed_over.clear()
    _handed_over[(result.content_dir.resolve(), as_of)] = result


@_without_cycle_collection()
def run(content_dir: Path, as_of: dt.date, shown_from: Path | None = None,
        templates: Path = TEMPLATES) -> Result:
    """Check, then render the pages when there are no errors."""
    result = _handed_over.pop((Path(content_dir).resolve(), as_of), None)
    _handed_over.clear()  # taken once: a later run (serve's rebuilds) reads the files again
    if result is None:
        result = check(content_dir, as_of, shown_from)
    if result.ok and result.archive is not None and result.links is not None:
        result.pages = pages(result.archive, result.links, result.markdown, templates)
    return result


def pages(archive: Archive, links: Links, markdown: list[str], templates: Path = TEMPLATES
          ) -> list[Page]:
    """The pages, to render as each is asked for. When nothing will render them ahead on
    a second core (render_ahead.py), converting each text as its page needs it, the texts
    are converted now, all in one go: converting between renders slows both, and what
    runs after them, as their allocations interleave (a preview's first build at L, by
    13 s)."""
    if not workers.spare():
        text.convert_all(markdown)
    return render(archive, links, templates)
