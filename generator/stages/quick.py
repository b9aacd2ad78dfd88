"""The quick re-render `papers serve` does the moment a clerk saves a meeting or a report.

Validating and linking the whole archive takes minutes at a large council's size; the
clerk should not wait that long to see the page they are editing. So the saved files alone
are read and validated (against the people and committees, which they name), their
records put in place of the old ones in the last clean archive, and their own pages
rendered with that archive's links. The result is a preview of the edited page, close to
the truth but not guaranteed: a status that depends on other meetings, say, is last
build's. The complete rebuild that follows (serve.py) re-renders everything properly
and replaces whatever this got wrong, so nothing here needs to be exact, and nothing here
may fail: when in doubt it renders nothing.
"""

from __future__ import annotations

import dataclasses
import logging
import os
from collections.abc import Iterable
from pathlib import Path

from generator.record.diagnostics import Diagnostics
from generator.stages.load import FOLDERS, FileCache
from generator.stages.parse import LoadedContent
from generator.stages.pipeline import Result
from generator.stages.render import Page, Renderer

log = logging.getLogger("mkdocs.plugins.papers")

# Records whose page is worth rendering at once, and the folders they need to validate.
QUICK_KINDS = ("meeting", "report")
NEEDED_KINDS = ("person", "committee")


def _kind(path: Path, content_dir: Path) -> str | None:
    try:
        folder = path.relative_to(content_dir).parts[0]
    except (ValueError, IndexError):
        return None
    return FOLDERS.get(folder)


def _shown(path: Path, shown_from: Path) -> str:
    try:
        return path.relative_to(shown_from).as_posix()
    except ValueError:
        return path.as_posix()


def quick_pages(changed: Iterable[Path], previous: Result | None, cache: FileCache,
                content_dir: Path, shown_from: Path, templates: Path) -> list[Page]:
    """The pages of the meetings and reports in the changed files that the cache has not
    read since they changed; [] when there are none or they cannot be rendered alone."""
    if previous is None or previous.archive is None or previous.links is None:
        return []
    wanted = [path for path in sorted(set(changed))
              if path.suffix.lower() in (".yml", ".yaml", ".md")
              and _kind(path, content_dir) in QUICK_KINDS
              and path.is_file() and cache.is_stale(path)]
    if not wanted:
        return []
    try:
        loaded, diags = LoadedContent(root=content_dir), Diagnostics()
        for folder, kind in FOLDERS.items():
            if kind not in NEEDED_KINDS:
                continue
            for dirpath, _dirs, names in os.walk(content_dir / folder):
                for name in sorted(names):
                    path = Path(dirpath) / name
                    if not name.startswith(".") and path.suffix.lower() in (".yml", ".yaml"):
                        cache.read(path, kind, _shown(path, shown_from), loaded, diags)
        for path in wanted:
            cache.read(path, _kind(path, content_dir), _shown(path, shown_from), loaded, diags)
        from generator.stages.validate import validate

        fresh = validate(loaded, diags)
        old = previous.archive
        archive = dataclasses.replace(old, meetings={**old.meetings, **fresh.meetings},
                                      reports={**old.reports, **fresh.reports})
        renderer = Renderer(archive, previous.links, templates)
        pages = [renderer._meeting_page(m) for m in fresh.meetings.values()]
        pages += [renderer._report_page(r) for r in fresh.reports.values()]
        return pages
    except Exception as exc:  # noqa: BLE001 - only a preview; the complete rebuild decides
        log.debug(f"quick re-render skipped: {type(exc).__name__}: {exc}")
        return []
