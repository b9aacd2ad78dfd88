"""Parse YAML fast into dicts and lists that remember where each key, value and item is.

ruamel.yaml's round-trip loader keeps positions but costs about 10 ms a file in pure
Python: 4 minutes for a 20-year archive before anything else happens. Here libyaml (the
C parser inside PyYAML) produces the parse events and a short loop builds the tree, about
20 times faster, with the same `lc.key(k)`, `lc.value(k)` and `lc.item(i)` answers the
readers use on ruamel's trees. The loop builds nested tuples, the shape a run keeps every
file in (`Packed`), and `decode` makes the dicts and lists when a file is read.

Scalars are resolved as the project's ruamel.yaml constructor resolves them (YAML 1.2:
`yes` is text; dates stay text for the validator; a number other than a plain whole number,
such as 1e3, 0x1F, 1_000 or 5.10, stays the text the clerk wrote, since no field holds a
fraction and a title of "1e3" must not be published as 1000.0). Anything rarer (explicit
tags, `<<` merge keys, several documents, duplicate keys, any syntax error) raises
`Unusual`, and the caller parses that file with ruamel.yaml instead, so its values and
error messages stay ruamel's own. Two places differ, both for the better: an empty value
(`key:`) is placed just after its colon rather than on the next line, and an alias where
it is used rather than at its anchor.
"""

from __future__ import annotations

import marshal
import re
from typing import Any

import yaml
from ruamel.yaml.resolver import VersionedResolver
from yaml import events

# PyYAML built without libyaml has no CSafeLoader: every file then takes the slow path.
_LOADER = getattr(yaml, "CSafeLoader", None)


class Unusual(Exception):
    """This file needs ruamel.yaml: a feature this loader leaves to it, or an error."""


# Bounds on the work one file can ask for. Aliases repeat a part of the file where they
# are used, so nine short lines (each anchor a list of the one before) can stand for a
# tree of a billion nodes: the nodes an alias would repeat are counted before anything
# is repeated. No clerk's file comes near either bound; content arrives in pull requests.
ALIAS_NODES = 10_000  # nodes that aliases may repeat, in one file
NESTING = 64  # mappings and lists inside one another


class Refused(Exception):
    """The file asks for more work than any paper needs: which bound, and where (from 0)."""

    def __init__(self, message: str, hint: str, line: int, column: int) -> None:
        super().__init__(message)
        self.message, self.hint, self.line, self.column = message, hint, line, column


def refuse_aliases(copied: int, line: int, column: int) -> Refused:
    return Refused(f"aliases here would repeat {copied:,} or more parts of the file, over "
                   f"the limit of {ALIAS_NODES:,}",
                   "write the values out, or use fewer, smaller anchors (&) and aliases (*)",
                   line, column)


def refuse_nesting(line: int, column: int) -> Refused:
    return Refused(f"lists and mappings are nested more than {NESTING} deep here",
                   "no paper needs this; look for brackets or indentation that runs away",
                   line, column)


def size(tree: Any, sizes: dict[int, int]) -> int:
    """How many nodes a tree holds with every alias repeated (its scalars, lists and
    mappings), worked out without repeating any: a shared part is counted once and its
    count remembered by id in sizes, which ends up holding one entry a distinct part."""
    if not isinstance(tree, (tuple, list, dict)):
        return 1
    known = sizes.get(id(tree))
    if known is not None:
        return known
    if type(tree) is tuple:  # the packed shape: its values or items come last
        children = tree[-1]
    elif isinstance(tree, dict):
        children = [*tree.keys(), *tree.values()]
    else:
        children = tree
    total = 1 + sum(size(child, sizes) for child in children)
    sizes[id(tree)] = total
    return total


def repeated(tree: Any) -> int:
    """How many nodes aliases repeat in a tree another parser built (ruamel.yaml shares
    an anchored part wherever it is used): its size with repeats, less without."""
    sizes: dict[int, int] = {}
    whole = size(tree, sizes)
    distinct, seen = 0, set()
    stack = [tree]
    while stack:
        node = stack.pop()
        if not isinstance(node, (list, dict)):
            distinct += 1
            continue
        if id(node) in seen:
            continue
        seen.add(id(node))
        distinct += 1
        stack.extend([*node.keys(), *node.values()] if isinstance(node, dict) else node)
    return whole - distinct


class _Anchors(dict):
    """Anchored values by name, and the work done so far in this file."""

    def __init__(self) -> None:
        super().__init__()
        self.copied = 0  # nodes that aliases have repeated
        self.depth = 0
        self.sizes: dict[int, int] = {}


# A place is packed into one int, line then column, _BITS bits each: no file is long enough
# to need more (load refuses files over 2 MB). A tuple a place made a parsed archive half
# as large again: 1.2 GB at a large council's size, all held while it is validated.
_BITS = 21
_MASK = (1 << _BITS) - 1


def _unpack(place: int) -> tuple[int, int]:
    return place >> _BITS & _MASK, place & _MASK


class Lines:
    """Line and column (from 0) of a mapping's keys and values, or a list's items."""

    __slots__ = ("line", "col", "_keys", "_places")

    def __init__(self, line: int, col: int, places: tuple, keys: tuple = ()) -> None:
        self.line, self.col = line, col
        # A list's places by index; a mapping's in the order of its keys, each its key's
        # place and its value's. Kept as parsed: few are ever asked for (a problem's place,
        # a list item's), so a dict of them for every mapping read was wasted work.
        self._keys, self._places = keys, places

    def _of(self, key: Any) -> int:
        try:
            return self._places[self._keys.index(key)]
        except ValueError:
            raise KeyError(key) from None

    def key(self, key: Any) -> tuple[int, int]:
        return _unpack(self._of(key) >> 2 * _BITS)

    def value(self, key: Any) -> tuple[int, int]:
        return _unpack(self._of(key))

    def item(self, index: int) -> tuple[int, int]:
        return _unpack(self._places[index])


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
    return value  # text, a number other than a plain whole one, or a timestamp: all text


def load_packed(text: str) -> Packed | None:
    """The document in `text`, Packed (None if empty), or `Unusual`: the tree is built
    in its packed shape, as a run keeps it, so nothing is built twice."""
    tree = _tree(text)
    return None if tree is None else Packed(marshal.dumps(tree))


def load(text: str) -> Any:
    """The document in `text` as positioned dicts and lists (None if empty), or `Unusual`."""
    tree = _tree(text)
    return decode(tree) if type(tree) is tuple else tree


def _tree(text: str) -> Any:
    if _LOADER is None:
        raise Unusual("no libyaml")
    loader = _LOADER(text)
    try:
        get = loader.get_event
        get()  # the stream starts
        if type(get()) is events.StreamEndEvent:
            return None
        root = _node(get, get(), _Anchors())
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


def _node(get, event, anchors: _Anchors) -> Any:
    kind = type(event)
    if kind is events.AliasEvent:
        if event.anchor not in anchors:
            raise Unusual("alias")
        value = anchors[event.anchor]
        anchors.copied += size(value, anchors.sizes)
        if anchors.copied > ALIAS_NODES:
            raise refuse_aliases(anchors.copied, event.start_mark.line,
                                 event.start_mark.column)
        return value
    if event.tag not in (None, "!"):
        raise Unusual("explicit tag")
    if kind is events.ScalarEvent:
        value = _plain(event.value) if not event.style else event.value
    elif kind is events.SequenceStartEvent or kind is events.MappingStartEvent:
        anchors.depth += 1
        if anchors.depth > NESTING:
            raise refuse_nesting(event.start_mark.line, event.start_mark.column)
        value = (_sequence if kind is events.SequenceStartEvent else _mapping)(
            get, event, anchors)
        anchors.depth -= 1
    else:
        raise Unusual(kind.__name__)
    if event.anchor is not None:
        anchors[event.anchor] = value
    return value


# _sequence and _mapping read a plain scalar (most of a file) inline, not through _node:
# a call for each made up a tenth of a large archive's parse.
_Scalar = events.ScalarEvent


def _sequence(get, start, anchors) -> tuple:
    places: list[int] = []
    items: list[Any] = []
    event = get()
    while type(event) is not events.SequenceEndEvent:
        mark = event.start_mark
        places.append(mark.line << _BITS | mark.column)
        if type(event) is _Scalar and event.anchor is None and event.tag is None:
            items.append(event.value if event.style else _plain(event.value))
        else:
            items.append(_node(get, event, anchors))
        event = get()
    mark = start.start_mark
    return (_LIST, mark.line, mark.column, tuple(places), tuple(items))


def _mapping(get, start, anchors) -> tuple:
    places: dict[Any, int] = {}
    values: list[Any] = []
    event = get()
    while type(event) is not events.MappingEndEvent:
        if type(event) is not _Scalar:
            raise Unusual("a key that is not a plain value")
        mark = event.start_mark
        key_place = mark.line << _BITS | mark.column
        if event.anchor is None and event.tag is None:
            key = event.value if event.style else _plain(event.value)
        else:
            key = _node(get, event, anchors)
        if key in places:
            raise Unusual("duplicate key")  # ruamel.yaml names both places
        event = get()
        mark = event.start_mark
        places[key] = key_place << 2 * _BITS | mark.line << _BITS | mark.column
        if type(event) is _Scalar and event.anchor is None and event.tag is None:
            values.append(event.value if event.style else _plain(event.value))
        else:
            values.append(_node(get, event, anchors))
        event = get()
    mark = start.start_mark
    return (_MAP, mark.line, mark.column, tuple(places), tuple(places.values()),
            tuple(values))


# -- the packed shape -------------------------------------------------------------------
# A tree is built as nested tuples, the only containers marshal writes fast and small:
# (_MAP, line, col, keys, places, values) or (_LIST, line, col, places, items), and kept
# so (Packed). `decode` makes the dicts and lists the readers use.
_MAP, _LIST = 0, 1


class Packed(bytes):
    """A parsed tree packed into bytes (marshal of its tuples): about a third of the
    tree's size, so a run holds every file packed and unpacks one at a time
    (parse.Source.data)."""


def unpack(packed: bytes) -> Any:
    tree = marshal.loads(packed)
    return decode(tree) if type(tree) is tuple else tree


def decode(node: tuple) -> Any:
    """The dicts and lists a packed tree stands for. Only containers are tuples, and only
    they take a call: a call for each scalar too made this most of a cached load."""
    if node[0] == _MAP:
        _, line, col, keys, places, values = node
        out = PositionedMap(zip(keys, [decode(v) if type(v) is tuple else v for v in values],
                                strict=True))
        out.lc = Lines(line, col, places, keys)
        return out
    _, line, col, places, items = node
    out = PositionedList([decode(v) if type(v) is tuple else v for v in items])
    out.lc = Lines(line, col, places)
    return out
