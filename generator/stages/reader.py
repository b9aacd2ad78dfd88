"""Read typed values out of a parsed YAML mapping, reporting problems where they are.

Validation is reading: each record's reader asks for the keys it knows, in order, and
each ask checks the type and records the key as known. `finish()` then reports every key
nobody asked for, with the nearest known key as a hint. One bad value never stops the
rest of the file from being read.
"""

from __future__ import annotations

import datetime as dt
import enum
import re
import sys
from collections.abc import Callable, Iterator
from typing import Any, TypeVar

from generator.record.diagnostics import Diagnostics, Position, suggest

T = TypeVar("T")
E = TypeVar("E", bound=enum.Enum)

UNKNOWN = "unknown"
_MONTH = re.compile(r"^(\d{4})-(\d{2})$")
_DATE = re.compile(r"^(\d{4})-(\d{2})-(\d{2})$")
_TIME = re.compile(r"^(\d{1,2}):(\d{2})$")
_DATETIME = re.compile(r"^(\d{4}-\d{2}-\d{2})[ T](\d{1,2}:\d{2})(?::00)?$")


# Control characters but tab and the line breaks: pasted from a PDF (a form feed, an
# escape, a backspace) or written as a YAML escape. Invisible, they break calendars, feeds
# and links; no paper means one. The reader removes them and warns where they stood.
CONTROL = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f]")


def stripped(value: str) -> str:
    """Text without the spaces and newlines around it, nor control characters. Several
    lines (Markdown, mostly) are interned: the record and the safety check (safety.py)
    strip the same text from the same file, and a large archive's Markdown is too big to
    hold twice."""
    value = value.strip()
    if CONTROL.search(value):
        value = CONTROL.sub("", value).strip()
    return sys.intern(value) if "\n" in value else value


def control_warning(value: str) -> str | None:
    """What to tell the clerk about the control characters in value, if it has any."""
    if CONTROL.search(value) is None:  # nearly every text: no list made
        return None
    found = CONTROL.findall(value)
    names = ", ".join(sorted({f"U+{ord(c):04X}" for c in found}))
    return (f"removed {len(found)} control character{'s' if len(found) > 1 else ''} "
            f"({names}), invisible and probably pasted from another program")


def _type_name(value: Any) -> str:
    if isinstance(value, dict):
        return "a mapping of keys"
    if isinstance(value, list):
        return "a list"
    if isinstance(value, bool):
        return "true/false"
    if isinstance(value, (int, float)):
        return "a number"
    if isinstance(value, dt.date):
        return "a date"
    if value is None:
        return "nothing"
    return "text"


class Reader:
    """A view of one YAML mapping at a known place in a file."""

    __slots__ = ("node", "path", "diags", "key_path", "line_offset", "position", "_known", "ok")

    def __init__(
        self,
        node: Any,
        path: str,
        diags: Diagnostics,
        key_path: str = "",
        position: Position | None = None,
        line_offset: int = 0,
    ) -> None:
        self.node = node
        self.path = path
        self.diags = diags
        self.key_path = key_path
        self.line_offset = line_offset
        self.position = position or Position(path, 1 + line_offset, 1)
        self._known: set[str] = set()
        self.ok = isinstance(node, dict)
        if not self.ok:
            self.diags.error(self.position, f"expected a mapping of keys, found {_type_name(node)}",
                             key_path)

    # -- positions ----------------------------------------------------------------
    def _at(self, lc: tuple[int, int] | None) -> Position:
        if lc is None:
            return self.position
        return Position(self.path, lc[0] + 1 + self.line_offset, lc[1] + 1)

    def key_position(self, key: str) -> Position:
        return self._recorded(key, lambda lc: lc.key(key))

    def value_position(self, key: str) -> Position:
        return self._recorded(key, lambda lc: lc.value(key))

    def _recorded(self, key: str, where: Callable) -> Position:
        # A key merged in with '<<' has no place of its own: use the mapping's.
        lc = getattr(self.node, "lc", None)
        if lc is not None and key in self.node:
            try:
                return self._at(where(lc))
            except (KeyError, IndexError, TypeError):
                pass
        return self.position

    def sub(self, key: str) -> str:
        return f"{self.key_path}.{key}" if self.key_path else key

    def error(self, key: str, message: str, hint: str = "") -> None:
        self.diags.error(self.value_position(key), message, self.sub(key), hint)

    def warning(self, key: str, message: str, hint: str = "") -> None:
        self.diags.warning(self.value_position(key), message, self.sub(key), hint)

    # -- raw access ---------------------------------------------------------------
    def raw(self, key: str, required: bool = False) -> Any:
        self._known.add(key)
        if not self.ok:
            return None
        value = self.node.get(key)
        if value is None and required:
            where = self.key_path or "this file"
            self.diags.error(self.position, f"missing required field '{key}'",
                             self.key_path, f"add '{key}:' to {where}")
        return value

    def has(self, key: str) -> bool:
        return self.ok and key in self.node and self.node[key] is not None

    # -- scalars ------------------------------------------------------------------
    def text(self, key: str, required: bool = False) -> str | None:
        value = self.raw(key, required)
        if type(value) is not str:  # text nearly always: no further tests
            if value is None:
                return None
            # A number reads as its text; so does ruamel.yaml's own kind of str (a | block
            # in the rare file positioned.py leaves to it).
            if isinstance(value, bool) or not isinstance(value, (str, int, float)):
                self.error(key, f"expected text, found {_type_name(value)}",
                           "put the text on one line after the colon, or use | for several "
                           "lines")
                return None
            value = str(value)
        problem = control_warning(value)
        if problem:
            self.warning(key, problem)
        value = stripped(value)
        if not value and required:
            self.error(key, f"'{key}' must not be empty")
            return None
        return value or None

    def known_text(self, key: str, required: bool = False) -> str | None:
        """Text where `unknown` means the source does not say."""
        value = self.text(key, required)
        return None if value == UNKNOWN else value

    def integer(self, key: str, required: bool = False, minimum: int = 1) -> int | None:
        value = self.raw(key, required)
        if value is None or value == UNKNOWN:
            return None
        if isinstance(value, bool) or not isinstance(value, int):
            self.error(key, f"expected a whole number, found {_type_name(value)} {value!r}")
            return None
        if value < minimum:
            self.error(key, f"must be {minimum} or more, found {value}")
            return None
        return value

    def boolean(self, key: str, default: bool = False) -> bool:
        value = self.raw(key)
        if value is None:
            return default
        if not isinstance(value, bool):
            self.error(key, f"expected true or false, found {value!r}")
            return default
        return value

    def choice(self, key: str, kind: type[E], required: bool = False) -> E | None:
        value = self.raw(key, required)
        if value is None:
            return None
        allowed = [member.value for member in kind]
        if not isinstance(value, str) or value not in allowed:
            self.error(key, f"'{value}' is not one of the allowed values",
                       suggest(str(value), allowed) or "allowed: " + ", ".join(allowed))
            return None
        return kind(value)

    def date(self, key: str, required: bool = False, allow_unknown: bool = False) -> dt.date | None:
        value = self.raw(key, required)
        if value is None:
            return None
        if allow_unknown and value == UNKNOWN:
            return None
        parsed = parse_date(value)
        if parsed is None:
            hint = "write dates as YYYY-MM-DD, e.g. 2022-03-23"
            if allow_unknown:
                hint += ", or 'unknown'"
            self.error(key, f"not a real date: {value!r}", hint)
        return parsed

    def time(self, key: str) -> dt.time | None:
        value = self.raw(key)
        if value is None or value == UNKNOWN:
            return None
        parsed = parse_time(value)
        if parsed is None:
            self.error(key, f"not a real time: {value!r}",
                       'write times on the 24-hour clock in quotes, e.g. "16:30"')
        return parsed

    def datetime(self, key: str) -> dt.datetime | dt.date | None:
        value = self.raw(key)
        if value is None or value == UNKNOWN:
            return None
        if isinstance(value, dt.datetime):
            return value.replace(tzinfo=None)
        match = _DATETIME.match(str(value)) if isinstance(value, str) else None
        if match:
            day, clock = parse_date(match.group(1)), parse_time(match.group(2))
            if day and clock:
                return dt.datetime.combine(day, clock)
        day = parse_date(value)
        if day is None:
            self.error(key, f"not a real date and time: {value!r}",
                       "write YYYY-MM-DD HH:MM, e.g. 2021-07-27 12:00")
        return day

    # -- structures ---------------------------------------------------------------
    def mapping(self, key: str, required: bool = False) -> Reader | None:
        value = self.raw(key, required)
        if value is None:
            return None
        return Reader(value, self.path, self.diags, self.sub(key), self.value_position(key),
                      self.line_offset)

    def nested(self, key: str, read: Callable[[Reader], T | None]) -> T | None:
        """A mapping under key, read with `read` and checked for unknown keys."""
        sub = self.mapping(key)
        if sub is None or not sub.ok:
            return None
        value = read(sub)
        sub.finish()
        return value

    def items(self) -> Iterator[tuple[str, Position, Any]]:
        """Iterate a mapping whose keys are data (ids, group names), not field names."""
        if not self.ok:
            return
        for key, value in self.node.items():
            self._known.add(str(key))
            yield str(key), self.key_position(key), value

    def child(self, key: str, value: Any) -> Reader:
        return Reader(value, self.path, self.diags, self.sub(str(key)),
                      self.value_position(key), self.line_offset)

    def sequence(self, key: str) -> list[tuple[Any, Position, str]]:
        """A list under key: each item with its position and key path. A lone value is
        accepted as a list of one."""
        value = self.raw(key)
        if value is None:
            return []
        if not isinstance(value, list):
            return [(value, self.value_position(key), self.sub(key))]
        return [
            (item, self._item_position(value, index), f"{self.sub(key)}[{index}]")
            for index, item in enumerate(value)
        ]

    def _item_position(self, seq: Any, index: int) -> Position:
        lc = getattr(seq, "lc", None)
        if lc is not None:
            try:
                return self._at(lc.item(index))
            except (KeyError, IndexError, TypeError):
                pass
        return self.position

    def list_of(self, key: str, read: Callable[[Reader], T | None]) -> tuple[T, ...]:
        """A list of mappings, each read with `read`."""
        if not self.ok or self.node.get(key) is None:  # most lists are absent: be quick
            self._known.add(key)
            return ()
        out = []
        for item, position, key_path in self.sequence(key):
            reader = Reader(item, self.path, self.diags, key_path, position, self.line_offset)
            if reader.ok:
                value = read(reader)
                reader.finish()
                if value is not None:
                    out.append(value)
        return tuple(out)

    def text_list(self, key: str) -> tuple[str, ...]:
        return tuple(value for value, _position, _key_path in self.text_list_at(key))

    def text_list_at(self, key: str) -> list[tuple[str, Position, str]]:
        """A list of text, each with where it stands (for checks that need the place)."""
        out = []
        for item, position, key_path in self.sequence(key):
            if isinstance(item, bool) or not isinstance(item, (str, int, float)):
                self.diags.error(position, f"expected text, found {_type_name(item)}", key_path)
                continue
            problem = control_warning(str(item))
            if problem:
                self.diags.warning(position, problem, key_path)
            value = stripped(str(item))
            if value:
                out.append((value, position, key_path))
        return out

    def finish(self) -> None:
        """Report keys that no reader asked for."""
        if not self.ok:
            return
        for key in self.node:
            if str(key) not in self._known:
                self.diags.error(self.key_position(key), f"unknown key '{key}'", self.key_path,
                                 suggest(str(key), self._known))


def parse_date(value: Any) -> dt.date | None:
    if isinstance(value, dt.datetime):
        return value.date()
    if isinstance(value, dt.date):
        return value
    match = _DATE.match(value) if isinstance(value, str) else None
    if not match:
        return None
    try:
        return dt.date(*(int(part) for part in match.groups()))
    except ValueError:
        return None


def parse_month(value: Any) -> dt.date | None:
    match = _MONTH.match(value) if isinstance(value, str) else None
    if not match:
        return None
    year, month = int(match.group(1)), int(match.group(2))
    return dt.date(year, month, 1) if 1 <= month <= 12 else None


def parse_time(value: Any) -> dt.time | None:
    if isinstance(value, int) and not isinstance(value, bool):
        return None
    match = _TIME.match(value) if isinstance(value, str) else None
    if not match:
        return None
    hour, minute = int(match.group(1)), int(match.group(2))
    if hour > 23 or minute > 59:
        return None
    return dt.time(hour, minute)
