"""Problems found in the content, collected by every stage and reported together.

A clerk fixing files at 6pm wants every problem at once, each pointing at the exact
place, so no stage stops at the first one: it adds a `Diagnostic` and carries on.
"""

from __future__ import annotations

import difflib
import enum
from collections.abc import Iterable
from dataclasses import dataclass
from typing import NamedTuple


class Severity(enum.Enum):
    """How bad a problem is: errors stop a build, warnings are reported only."""

    ERROR = "error"
    WARNING = "warning"


class Position(NamedTuple):
    """Where a value sits: a path relative to the project and a 1-based line and column.
    A named tuple: validation makes one for nearly every value it reads (two million at
    L), and a frozen dataclass took four times as long to make and twice the memory."""

    path: str
    line: int = 0
    column: int = 0

    def __str__(self) -> str:
        if self.line:
            return f"{self.path}:{self.line}:{self.column}"
        return self.path


@dataclass(frozen=True)
class Diagnostic:
    """One problem: where it is, which key, what is wrong and how to fix it."""

    position: Position
    severity: Severity
    message: str
    key_path: str = ""
    hint: str = ""

    def __str__(self) -> str:
        where = f"{self.key_path}: " if self.key_path else ""
        hint = f" ({self.hint})" if self.hint else ""
        return f"{self.position}: {self.severity.value}: {where}{self.message}{hint}"

    def sort_key(self) -> tuple:
        return (self.position, self.severity.value, self.key_path, self.message)


class Diagnostics:
    """The one collector every stage adds to."""

    def __init__(self) -> None:
        self._items: list[Diagnostic] = []

    def error(self, position: Position, message: str, key_path: str = "", hint: str = "") -> None:
        self._items.append(Diagnostic(position, Severity.ERROR, message, key_path, hint))

    def warning(
        self, position: Position, message: str, key_path: str = "", hint: str = ""
    ) -> None:
        self._items.append(Diagnostic(position, Severity.WARNING, message, key_path, hint))

    def extend(self, other: Diagnostics) -> None:
        self._items.extend(other._items)

    @property
    def errors(self) -> list[Diagnostic]:
        return [d for d in self.sorted() if d.severity is Severity.ERROR]

    @property
    def warnings(self) -> list[Diagnostic]:
        return [d for d in self.sorted() if d.severity is Severity.WARNING]

    def sorted(self) -> list[Diagnostic]:
        return sorted(set(self._items), key=Diagnostic.sort_key)

    def __len__(self) -> int:
        return len(self._items)

    def __iter__(self):
        return iter(self.sorted())


def suggest(word: str, choices: Iterable[str]) -> str:
    """A hint naming the nearest allowed value, or listing them when none is near."""
    choices = sorted(set(choices))
    if not choices:
        return ""
    close = difflib.get_close_matches(word, choices, n=1, cutoff=0.6)
    if close:
        return f"did you mean '{close[0]}'?"
    if len(choices) <= 12:
        return "allowed: " + ", ".join(choices)
    return ""
