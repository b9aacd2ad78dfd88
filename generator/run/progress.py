"""Progress for long commands: one line per stage with counts and the time it took.

On a terminal, rich shows a spinner while a stage runs and a tick when it is done; in a
log (CI, a pipe) the same lines come out as plain text, one per finished stage, so a
build log reads the same everywhere.
"""

from __future__ import annotations

import sys
import time
from collections.abc import Iterator
from contextlib import contextmanager
from typing import TextIO

from rich.console import Console
from rich.markup import escape


def plural(count: int, word: str) -> str:
    """'1 page', '2 pages'."""
    return f"{count} {word}{'' if count == 1 else 's'}"


class Stage:
    """A stage under way; `detail` is what it says when done (counts, usually)."""

    def __init__(self) -> None:
        self.detail = ""
        self.failed = False


class Progress:
    """Writes stage lines and a closing summary to one stream."""

    def __init__(self, out: TextIO | None = None, fancy: bool | None = None) -> None:
        self.out = out or sys.stderr
        self.console = Console(file=self.out, highlight=False, soft_wrap=True,
                               force_terminal=fancy)
        self.fancy = self.console.is_terminal if fancy is None else fancy
        self.started = time.perf_counter()

    @contextmanager
    def stage(self, label: str) -> Iterator[Stage]:
        """Run one stage: a spinner meanwhile on a terminal, then its line."""
        stage = Stage()
        began = time.perf_counter()
        try:
            if self.fancy:
                with self.console.status(escape(label) + "…"):
                    yield stage
            else:
                yield stage
        except BaseException:
            stage.failed = True
            raise
        finally:
            self._line(label, stage, time.perf_counter() - began)

    def _line(self, label: str, stage: Stage, seconds: float) -> None:
        detail = f": {stage.detail}" if stage.detail else ""
        text = f"{label}{detail} ({seconds:.1f}s)"
        if self.fancy:
            mark = "[red]✗[/red]" if stage.failed else "[green]✓[/green]"
            self.console.print(f"{mark} {escape(text)}")
        else:
            print(f"{'failed: ' if stage.failed else ''}{text}", file=self.out, flush=True)

    def elapsed(self) -> float:
        return time.perf_counter() - self.started
