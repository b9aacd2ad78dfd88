"""`papers fmt`: write content files in one house style without changing what they say.

The style: keys in the order the clerk's guide lists them, two-space indentation with list
dashes indented under their key, double quotes where quotes are needed (times always
quoted, dates never), long lines never wrapped. ruamel.yaml's round-trip mode keeps every
comment, blank line, block scalar (`|`) and flow list (`[a, b]`) as the clerk wrote it.

Every formatted file is parsed again and compared with the original before anything is
written; a file that would read differently is left alone, and so is a file with errors.
"""

from __future__ import annotations

import io
import re
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from ruamel.yaml import YAML
from ruamel.yaml.comments import CommentedMap, CommentedSeq
from ruamel.yaml.compat import ordereddict
from ruamel.yaml.error import CommentMark
from ruamel.yaml.nodes import ScalarNode
from ruamel.yaml.representer import RoundTripRepresenter
from ruamel.yaml.resolver import VersionedResolver
from ruamel.yaml.scalarstring import (
    DoubleQuotedScalarString,
    FoldedScalarString,
    LiteralScalarString,
    SingleQuotedScalarString,
)
from ruamel.yaml.tokens import CommentToken

from generator.record.diagnostics import Diagnostics
from generator.run import atomic
from generator.stages.load import FOLDERS
from generator.stages.parse import _Constructor, as_tree, parse_yaml, split_front_matter

TIMESTAMP = "tag:yaml.org,2002:timestamp"
_TIME = re.compile(r"^\d{1,2}:\d{2}$")
_RESOLVER = VersionedResolver()


def _is_timestamp(text: str) -> bool:
    return _RESOLVER.resolve(ScalarNode, text, (True, False)) == TIMESTAMP


class _Representer(RoundTripRepresenter):
    """Writes dates plain: the loader reads them back as the same text either way."""

    def represent_str(self, data: str):
        if _is_timestamp(data):
            return self.represent_scalar(TIMESTAMP, data)
        return super().represent_str(data)


_Representer.add_representer(str, _Representer.represent_str)


def yaml() -> YAML:
    """The round-trip YAML reader and writer for content files, in the house style."""
    handle = YAML(typ="rt")
    handle.Constructor = _Constructor
    handle.Representer = _Representer
    handle.preserve_quotes = True
    handle.indent(mapping=2, sequence=4, offset=2)
    handle.width = 4096  # never fold a long line of text
    handle.allow_duplicate_keys = False
    return handle


def dump(data: Any) -> str:
    """YAML text for a tree, in the house style."""
    out = io.StringIO()
    yaml().dump(data, out)
    return out.getvalue()


def write_atomic(path: Path, text: str) -> None:
    """Replace (or create) a file in one step: a reader never sees half of it."""
    atomic.write_atomic(path, text.encode("utf-8"))


# -- key order, as docs/clerk-guide.md lists the fields ---------------------------------


@dataclass(frozen=True)
class Shape:
    """The keys of one kind of mapping in order, and the shapes of what they hold."""

    keys: tuple[str, ...] = ()
    nested: dict[str, Shape] = field(default_factory=dict)  # a mapping, or each list item
    each: Shape | None = None  # for mappings keyed by data (people ids, years)


CONTACT = Shape(("name", "role", "phone", "email"))
EXEMPT = Shape(("paragraph",))
ATTACHMENT = Shape(("title", "file", "exempt"), {"exempt": EXEMPT})
RESOLUTION = Shape(("number", "text", "reason", "alternatives", "action", "requests",
                    "outcome", "withdrawn"),
                   {"requests": Shape(("what", "due"))})
DISCLOSURE = Shape(("person", "kind", "concerns", "interest", "left_room"))
ITEM = Shape(
    ("section", "number", "minute", "title", "reference", "description", "recommended",
     "contacts", "documents", "previous_reference", "answers", "minutes", "questions",
     "action_points", "disclosures", "closed_session", "resolutions", "reason",
     "alternatives", "action", "approves_minutes", "added"),
    {"contacts": CONTACT,
     "documents": Shape(("letter", "title", "pages", "exempt"), {"exempt": EXEMPT}),
     "questions": Shape(("question", "answer")),
     "action_points": Shape(("text", "action")),
     "disclosures": DISCLOSURE,
     "closed_session": Shape(("paragraph", "note", "minutes")),
     "resolutions": RESOLUTION,
     "approves_minutes": Shape(("meeting", "corrections")),
     "added": Shape(("kind", "reason", "published"))})
MEETING = Shape(
    ("committee", "date", "municipal_year", "start", "venue", "status", "moved_to",
     "commenced", "concluded", "notes", "minutes_approved", "attachments", "agenda",
     "attendance", "disclosures", "items"),
    {"minutes_approved": Shape(("on", "at", "corrections")),
     "disclosures": DISCLOSURE,
     "agenda": Shape(("from", "contacts", "register_to_speak_by", "notes"),
                     {"from": CONTACT, "contacts": CONTACT}),
     "attendance": Shape(
         ("present", "co_opted", "alternates", "apologies", "observers", "officers", "chair"),
         {"alternates": Shape(("person", "for")),
          "observers": Shape(("person", "name", "role")),
          "officers": CONTACT}),
     "attachments": ATTACHMENT,
     "items": ITEM})
COMMITTEE = Shape(
    ("name", "short_name", "kind", "minute_numbers", "contacts", "years"),
    {"contacts": CONTACT,
     "minute_numbers": Shape(("restart", "prefix", "year_suffix")),
     "years": Shape(each=Shape(
         ("members", "alternates", "co_opted", "chair", "scrutiny_lead"),
         {"co_opted": Shape(("person", "voting", "represents"))}))})
PEOPLE = Shape(each=Shape(("name", "title", "notes")))
REPORT = Shape(
    ("meeting", "letter", "title", "author", "officer", "summary", "equality", "portfolio",
     "scrutiny_area", "contact", "recommendations", "pages", "answers", "exempt", "appendices",
     "attachments"),
    {"officer": CONTACT, "contact": CONTACT, "exempt": EXEMPT, "attachments": ATTACHMENT,
     "appendices": Shape(("label", "title", "file", "shows", "exempt"), {"exempt": EXEMPT})})
PLANNED_ITEM = Shape(("number", "title", "description", "author", "comments", "origin",
                      "status", "moved_to"))
WORK_PROGRAMME = Shape(
    ("committee", "municipal_year", "status", "scrutiny_lead", "meetings", "unscheduled",
     "reviews"),
    {"meetings": Shape(("date", "venue", "chairs_briefing", "report_deadline", "items"),
                       {"items": PLANNED_ITEM}),
     "unscheduled": PLANNED_ITEM,
     "reviews": Shape(("title", "description", "status"))})
SHAPES = {"person": PEOPLE, "committee": COMMITTEE, "meeting": MEETING, "report": REPORT,
          "work-programme": WORK_PROGRAMME}


def _reorder(node: CommentedMap, keys: tuple[str, ...]) -> None:
    present = list(node.keys())
    rank = {key: index for index, key in enumerate(keys)}
    # Keys the guide does not know (the check reports them) keep their place at the end.
    wanted = sorted(present, key=lambda k: (rank.get(k, len(keys)), present.index(k)))
    if wanted == present:
        return
    _move_trailing_comment(node, present[-1], wanted[-1])
    for key in wanted:
        node.move_to_end(key)


def _move_trailing_comment(node: CommentedMap, old_last: Any, new_last: Any) -> None:
    """The blank lines and comments after a mapping belong to its end, not to the key
    that happened to be last: keep them at the end when the keys move."""
    if old_last == new_last or _is_block(node[old_last]):
        return
    lines = _take_lines_after(node, old_last)
    if lines:
        _attach_after(node, new_last, lines)


def _is_block(value: Any) -> bool:
    """A non-empty list or mapping written as lines (its own last line holds any comment)."""
    return isinstance(value, (CommentedMap, CommentedSeq)) and bool(value) and (
        not value.fa.flow_style())


def _is_block_text(value: Any) -> bool:
    return isinstance(value, (LiteralScalarString, FoldedScalarString))


def _slot(node: CommentedMap | CommentedSeq) -> int:
    """Where ruamel.yaml keeps the comment after a value: per key, or per list index."""
    return 0 if isinstance(node, CommentedSeq) else 2


def _post_comment(node: CommentedMap | CommentedSeq, key: Any):
    slots = node.ca.items.get(key)
    return slots[_slot(node)] if slots and len(slots) > _slot(node) else None


def _take_lines_after(node: CommentedMap | CommentedSeq, key: Any) -> str:
    """Remove and return the whole lines that follow node[key] (keeping its end-of-line
    comment). A `|` block ends its own line, so everything after it is whole lines."""
    token = _post_comment(node, key)
    if token is None:
        return ""
    if _is_block_text(node[key]):
        node.ca.items[key][_slot(node)] = None
        return token.value
    eol, newline, lines = token.value.partition("\n")
    token.value = eol + newline
    return lines


def _attach_after(node: CommentedMap | CommentedSeq, last: Any, lines: str) -> None:
    """Add whole lines (blank, or comments with their indentation, each ending in a
    newline) after the last line of node[last], where last is a key or an index."""
    if _is_block(node[last]):
        inner = node[last]
        inner_last = len(inner) - 1 if isinstance(inner, CommentedSeq) else list(inner)[-1]
        _attach_after(inner, inner_last, lines)
        return
    existing = _post_comment(node, last)
    if existing is not None:
        existing.value += lines
        return
    slots = node.ca.items.setdefault(last, [None, None, None, None])
    value = lines if _is_block_text(node[last]) else "\n" + lines
    slots[_slot(node)] = CommentToken(value, CommentMark(0))


def blank_line_after(seq: CommentedSeq, index: int) -> None:
    """A blank line after a list item, as clerks leave between agenda items."""
    _attach_after(seq, index, "\n")


def comment_after(seq: CommentedSeq, index: int, lines: str) -> None:
    """Comment lines (written with their indentation) right after a list item's last
    line, before any blank lines or comments that already follow it."""
    node, last = seq, index
    while _is_block(node[last]):
        node = node[last]
        last = len(node) - 1 if isinstance(node, CommentedSeq) else list(node)[-1]
    following = _take_lines_after(node, last)
    _attach_after(node, last, lines + following)


def block_text(text: str) -> str:
    """Text as YAML writes it best: several lines as a `|` block, one line plain."""
    if "\n" in text.strip():
        return LiteralScalarString(text.strip() + "\n")
    return text.strip()


def _tidy(node: Any, shape: Shape) -> None:
    if isinstance(node, CommentedSeq):
        for item in node:
            _tidy(item, shape)
        return
    if not isinstance(node, CommentedMap):
        return
    if shape.each is not None:
        for value in node.values():
            _tidy(value, shape.each)
        return
    _reorder(node, shape.keys)
    for key, inner in shape.nested.items():
        if key in node:
            _tidy(node[key], inner)


def _normal_scalar(value: Any) -> Any:
    if not isinstance(value, str) or isinstance(value, (LiteralScalarString, FoldedScalarString)):
        return value
    if _TIME.match(value):
        return DoubleQuotedScalarString(value)
    if _is_timestamp(value):
        return str(value)
    if isinstance(value, SingleQuotedScalarString) and '"' not in value:
        return DoubleQuotedScalarString(value)
    return value


def _quote(node: Any) -> None:
    """Times in double quotes, dates plain, single quotes made double."""
    if isinstance(node, CommentedMap):
        for key in list(node.keys()):
            value = node[key]
            _quote(value)
            normal = _normal_scalar(value)
            if normal is not value:
                # Past CommentedMap's own setter, which would keep the old quote style.
                ordereddict.__setitem__(node, key, normal)
    elif isinstance(node, CommentedSeq):
        for index, value in enumerate(node):
            _quote(value)
            normal = _normal_scalar(value)
            if normal is not value:
                list.__setitem__(node, index, normal)


def _plain(value: Any) -> Any:
    """A tree as plain Python values, for comparing what two texts mean."""
    if isinstance(value, dict):
        return {str(k): _plain(v) for k, v in value.items()}
    if isinstance(value, list):
        return [_plain(v) for v in value]
    if isinstance(value, str):
        return str(value)
    return value


def format_yaml(text: str, kind: str) -> str:
    """The text in the house style. Raises ValueError if it cannot be done safely."""
    data = yaml().load(text)
    if data is None:
        return text
    _tidy(data, SHAPES[kind])
    _quote(data)
    result = dump(data)
    before = as_tree(parse_yaml(text, "before", Diagnostics()))
    after = as_tree(parse_yaml(result, "after", Diagnostics()))
    if _plain(before) != _plain(after):
        raise ValueError("formatting would change what the file says")
    return result


def format_file_text(text: str, kind: str) -> str:
    """A content file's text in the house style: YAML files whole, reports' front matter
    only (the Markdown body is the clerk's prose, left as written)."""
    if kind != "report":
        return format_yaml(text, kind)
    parts = split_front_matter(text)
    if parts is None:
        return text
    front, body, _line = parts
    if not front.strip():
        return text
    return f"---\n{format_yaml(front, kind)}---\n{body}"


def content_files(content_dir: Path) -> Iterator[tuple[Path, str]]:
    """Every file `papers fmt` looks after, with its kind, in a stable order."""
    for folder, kind in FOLDERS.items():
        top = content_dir / folder
        if not top.is_dir():
            continue
        for path in sorted(top.rglob("*")):
            if any(part.startswith(".") for part in path.relative_to(top).parts):
                continue
            suffix = path.suffix.lower()
            if path.is_file() and not path.is_symlink() and (
                suffix in (".yml", ".yaml") or (kind == "report" and suffix == ".md")
            ):
                yield path, kind


@dataclass
class Outcome:
    """What `papers fmt` did, or would do, to the files."""

    changed: list[Path] = field(default_factory=list)
    unchanged: list[Path] = field(default_factory=list)
    skipped: list[tuple[Path, str]] = field(default_factory=list)  # (file, why)


def format_tree(content_dir: Path, has_errors: set[Path], write: bool) -> Outcome:
    """Format every content file; files with errors are skipped, never written."""
    outcome = Outcome()
    for path, kind in content_files(content_dir):
        if path.resolve() in has_errors:
            outcome.skipped.append((path, "it has errors: run papers check and fix them first"))
            continue
        try:
            text = path.read_text(encoding="utf-8")
            formatted = format_file_text(text, kind)
        except (OSError, UnicodeDecodeError, ValueError) as exc:
            outcome.skipped.append((path, str(exc)))
            continue
        except Exception as exc:  # ruamel.yaml's own errors: the check reports them in full
            outcome.skipped.append((path, f"cannot be read as YAML ({type(exc).__name__})"))
            continue
        if formatted == text:
            outcome.unchanged.append(path)
            continue
        outcome.changed.append(path)
        if write:
            write_atomic(path, formatted)
    return outcome
