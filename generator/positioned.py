"""Parse YAML fast into dicts and lists that remember where each key, value and item is.

ruamel.yaml's round-trip loader keeps positions but costs about 10 ms a file in pure
Python: 4 minutes for a 20-year archive before anything else happens. Here libyaml (the
C parser inside PyYAML) produces the parse events and a short loop builds the tree, about
20 times faster, with the same `lc.key(k)`, `lc.value(k)` and `lc.item(i)` answers the
readers use on ruamel's trees.

Scalars are resolved as ruamel.yaml resolves them (YAML 1.2: `yes` is text, dates stay
text for the validator). Anything rarer (explicit tags, `<<` merge keys, numbers written
as 0x1F, 1_000, 012 or 1.5, several documents, duplicate keys, any syntax error) raises
`Unusual`, and the caller parses that file with ruamel.yaml instead, so its values and
error messages stay ruamel's own. Two places differ, both for the better: an empty value
(`key:`) is placed just after its colon rather than on the next line, and an alias where
it is used rather than at its anchor.
"""

from __future__ import annotations

import re
from typing import Any

import yaml
from ruamel.yaml.nodes import ScalarNode
from ruamel.yaml.resolver import VersionedResolver
from yaml import events

# PyYAML built without libyaml has no CSafeLoader: every file then takes the slow path.
_LOADER = getattr(yaml, "CSafeLoader", None)


class Unusual(Exception):
    """This file needs ruamel.yaml: a feature this loader leaves to it, or an error."""


# A place is packed into one int, line then column, _BITS bits each: no file is long enough
# to need more (load refuses files over 2 MB). A tuple a place made a parsed archive half
# as large again: 1.2 GB at a large council's size, all held while it is validated.
_BITS = 21
_MASK = (1 << _BITS) - 1


def _place(mark) -> int:
    return mark.line << _BITS | mark.column


def _unpack(place: int) -> tuple[int, int]:
    return place >> _BITS & _MASK, place & _MASK


class Lines:
    """Line and column (from 0) of a mapping's keys and values, or a list's items."""

    __slots__ = ("line", "col", "_at")

    def __init__(self, line: int, col: int, places: dict | list) -> None:
        self.line, self.col = line, col
        # A mapping's key -> its key's place and its value's; a list's places by index.
        self._at = places

    def key(self, key: Any) -> tuple[int, int]:
        return _unpack(self._at[key] >> 2 * _BITS)

    def value(self, key: Any) -> tuple[int, int]:
        return _unpack(self._at[key])

    def item(self, index: int) -> tuple[int, int]:
        return _unpack(self._at[index])


class PositionedMap(dict):
    __slots__ = ("lc",)


class PositionedList(list):
    __slots__ = ("lc",)


# Plain scalars whose first character is none of these are always text.
_MAYBE_NOT_TEXT = frozenset("-+0123456789.~nNtTfF<=")
_NULL = frozenset(("", "~", "null", "Null", "NULL"))
_BOOL = {"true": True, "True": True, "TRUE": True,
         "false": False, "False": False, "FALSE": False}
_PLAIN_INT = re.compile(r"[-+]?(?:0|[1-9][0-9]*)\Z")
# Dates and times, the commonest values starting with a digit, are text to the validator.
_DATE_OR_TIME = re.compile(r"[0-9]{4}-[0-9]{2}-[0-9]{2}(?:[ T][0-9]{1,2}:[0-9]{2})?\Z"
                           r"|[0-9]{1,2}:[0-9]{2}\Z")
_NUMBER_START = frozenset("-+.0123456789")
_RESOLVER = VersionedResolver(version=(1, 2))
_NUMBER_TAGS = frozenset(("tag:yaml.org,2002:int", "tag:yaml.org,2002:float"))


def _plain(value: str) -> Any:
    if not value or value[0] not in _MAYBE_NOT_TEXT:
        return value or None
    if value in _NULL:
        return None
    if value in _BOOL:
        return _BOOL[value]
    if _PLAIN_INT.match(value):
        return int(value)
    if value in ("<<", "="):
        raise Unusual("merge key")
    if value[0] not in _NUMBER_START or _DATE_OR_TIME.match(value):
        return value
    if str(_RESOLVER.resolve(ScalarNode, value, (True, False))) in _NUMBER_TAGS:
        raise Unusual("a number ruamel.yaml reads its own way")
    return value  # text, or a timestamp, which stays text


def load(text: str) -> Any:
    """The document in `text` (None if empty), or `Unusual`."""
    if _LOADER is None:
        raise Unusual("no libyaml")
    loader = _LOADER(text)
    try:
        get = loader.get_event
        get()  # the stream starts
        if type(get()) is events.StreamEndEvent:
            return None
        root = _node(get, get(), {})
        get()  # the document ends
        if type(get()) is not events.StreamEndEvent:
            raise Unusual("several documents")
        return root
    except yaml.YAMLError as exc:
        raise Unusual("syntax") from exc
    except RecursionError as exc:
        raise Unusual("deep") from exc
    finally:
        loader.dispose()


def _node(get, event, anchors: dict[str, Any]) -> Any:
    kind = type(event)
    if kind is events.AliasEvent:
        if event.anchor not in anchors:
            raise Unusual("alias")
        return anchors[event.anchor]
    if event.tag not in (None, "!"):
        raise Unusual("explicit tag")
    if kind is events.ScalarEvent:
        value = _plain(event.value) if not event.style else event.value
    elif kind is events.SequenceStartEvent:
        value = _sequence(get, event, anchors)
    elif kind is events.MappingStartEvent:
        value = _mapping(get, event, anchors)
    else:
        raise Unusual(kind.__name__)
    if event.anchor is not None:
        anchors[event.anchor] = value
    return value


def _sequence(get, start, anchors) -> PositionedList:
    out = PositionedList()
    places: list[int] = []
    out.lc = Lines(start.start_mark.line, start.start_mark.column, places)
    event = get()
    while type(event) is not events.SequenceEndEvent:
        places.append(_place(event.start_mark))
        out.append(_node(get, event, anchors))
        event = get()
    return out


def _mapping(get, start, anchors) -> PositionedMap:
    out = PositionedMap()
    places: dict[Any, int] = {}
    out.lc = Lines(start.start_mark.line, start.start_mark.column, places)
    event = get()
    while type(event) is not events.MappingEndEvent:
        if type(event) is not events.ScalarEvent:
            raise Unusual("a key that is not a plain value")
        key_place = _place(event.start_mark)
        key = _node(get, event, anchors)
        if key in out:
            raise Unusual("duplicate key")  # ruamel.yaml names both places
        event = get()
        places[key] = key_place << 2 * _BITS | _place(event.start_mark)
        out[key] = _node(get, event, anchors)
        event = get()
    return out
