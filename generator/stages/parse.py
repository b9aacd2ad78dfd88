"""Parse one content file, keeping where each value came from.

Nothing here knows what a meeting is; it turns a file's bytes into a tree of dicts and
lists that remember the line and column of every key and item (`positioned`, or
ruamel.yaml's for the rare file that needs it) and a Markdown body, and turns anything
unreadable into a diagnostic instead of an exception.
"""

from __future__ import annotations

import functools
import hashlib
import re
from dataclasses import dataclass, field
from pathlib import Path, PurePosixPath
from typing import Any

from ruamel.yaml import YAML
from ruamel.yaml.constructor import RoundTripConstructor
from ruamel.yaml.error import MarkedYAMLError, YAMLError
from ruamel.yaml.reader import ReaderError

from generator.record.diagnostics import Diagnostics, Position
from generator.stages import positioned
from generator.stages.positioned import Packed, unpack
from generator.stages.reader import CONTROL, control_warning


def fingerprint(data: bytes) -> bytes:
    """What a run reuses is keyed by (parses, readings, clean texts): the same bytes, the
    same fingerprint."""
    return hashlib.blake2b(data, digest_size=16).digest()


# A clerk's file is a few hundred kilobytes at most; anything this big is a mistake
# (a PDF renamed, a paste gone wrong) and parsing it would only make the clerk wait.
MAX_FILE_BYTES = 2 * 1024 * 1024


@dataclass
class Source:
    """One parsed content file."""

    kind: str
    path: str  # relative to the project, as printed in messages
    tree: Any  # the parsed tree (front matter for reports), Packed unless ruamel.yaml's
    line_offset: int = 0  # lines before the YAML starts in the file (front matter)
    body: str = ""  # a report's Markdown body
    body_line: int = 0  # the line the body starts on

    @property
    def data(self) -> Any:
        """The parsed tree. Most files' trees are kept packed, and unpacked afresh at each
        ask: validation asks once a file, so a run holds one file's tree at a time, not
        the whole archive's (trees are three times their packed size: a GB at L)."""
        return as_tree(self.tree)

    @property
    def folder(self) -> PurePosixPath:
        """The record's folder relative to content/, e.g. reports/childrens-services-osc;
        files a record names (appendices, attachments) are found beside it."""
        return _content_folder(self.path.rpartition("/")[0])

    @property
    def stem_and_folder(self) -> tuple[str, str]:
        """The file's name without its suffix, and its folder's name."""
        head, _slash, name = self.path.rpartition("/")
        return name.rpartition(".")[0] or name, head.rpartition("/")[2]


def as_tree(parsed: Any) -> Any:
    """What parse_yaml gave, as a tree of dicts and lists."""
    return unpack(parsed) if type(parsed) is Packed else parsed


@functools.lru_cache(maxsize=4096)  # a folder of a few hundred files asks once
def _content_folder(directory: str) -> PurePosixPath:
    return PurePosixPath(*PurePosixPath(directory).parts[-2:])


@dataclass
class LoadedContent:
    """Everything read from content/, before any meaning is given to it."""

    root: Path
    sources: list[Source] = field(default_factory=list)
    texts: dict[str, str] = field(default_factory=dict)  # Markdown files without front matter
    # Other files beside meetings and reports (PDFs and the like): path -> size in bytes.
    attachments: dict[str, int] = field(default_factory=dict)


class _Constructor(RoundTripConstructor):
    """Leaves dates as text: the validator checks them and reports an impossible date
    (2022-02-30) at its line and column, where ruamel.yaml would raise. Leaves every
    number but a plain whole one as text too, as written (1e3, 0x1F, 1_000, 5.10): no
    field holds a fraction, and text must never be published reinterpreted as 1000.0."""

    def construct_whole_number(self, node):
        value = self.construct_scalar(node)
        return int(value) if _PLAIN_INT.match(value) else str(value)


_PLAIN_INT = re.compile(r"[-+]?(?:0|[1-9][0-9]*)\Z")
_Constructor.add_constructor("tag:yaml.org,2002:timestamp", RoundTripConstructor.construct_yaml_str)
_Constructor.add_constructor("tag:yaml.org,2002:float", RoundTripConstructor.construct_yaml_str)
_Constructor.add_constructor("tag:yaml.org,2002:int", _Constructor.construct_whole_number)


def _yaml() -> YAML:
    yaml = YAML(typ="rt")
    yaml.Constructor = _Constructor
    yaml.allow_duplicate_keys = False
    return yaml


def _read_text(path: Path, shown: str, diags: Diagnostics, raw: bytes | None = None
               ) -> str | None:
    try:
        raw = path.read_bytes() if raw is None else raw
    except OSError as exc:
        diags.error(Position(shown), f"cannot read file: {exc.strerror}")
        return None
    if len(raw) > MAX_FILE_BYTES:
        diags.error(
            Position(shown),
            f"file is too large ({len(raw) // 1024} KB)",
            hint=f"content files must be under {MAX_FILE_BYTES // 1024 // 1024} MB; "
            "split it or check it is the file you meant",
        )
        return None
    if b"\x00" in raw:
        diags.error(Position(shown, 1, 1), "this is not a text file (it holds binary data)",
                    hint="content files are YAML or Markdown saved as UTF-8 text")
        return None
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        before = raw[: exc.start]
        line = before.count(b"\n") + 1
        column = exc.start - (before.rfind(b"\n") + 1) + 1
        diags.error(Position(shown, line, column), "the file is not valid UTF-8 text",
                    hint="save it as UTF-8 in your editor")
        return None
    return text.replace("\r\n", "\n").replace("\r", "\n")


# Where the first alias (*name) of a file ruamel.yaml read stands, to point at it.
_FIRST_ALIAS = re.compile(r"(?<![\w*])\*[^\s,\[\]{}*]+")


# A character beyond U+FFFF written as the two \\u escapes of its UTF-16 pair, as JSON
# tools write YAML: YAML reads each half alone, and no page can be written with either.
# (A lone half matches the second alternative.)
_SURROGATE_ESCAPES = re.compile(
    r"\\u([dD][89abAB][0-9a-fA-F]{2})\\u([dD][c-fC-F][0-9a-fA-F]{2})"
    r"|\\u[dD][89a-fA-F][0-9a-fA-F]{2}")


def _line_column(text: str, index: int) -> tuple[int, int]:
    """The line and column (from 0) of the character at index."""
    return text.count("\n", 0, index), index - (text.rfind("\n", 0, index) + 1)


def _at(text: str, index: int, shown: str, line_offset: int = 0) -> Position:
    """Where the character at index stands in text: 1-based line and column."""
    line, column = _line_column(text, index)
    return Position(shown, line + 1 + line_offset, column + 1)


def _joined_escapes(text: str, shown: str, diags: Diagnostics, line_offset: int) -> str:
    """The text with each escaped UTF-16 pair as the one character it stands for, and a
    lone half as U+FFFD, with a warning where it stands."""
    def join(match: re.Match) -> str:
        if match.group(1):
            high, low = int(match.group(1), 16), int(match.group(2), 16)
            return f"\\U{0x10000 + (high - 0xD800) * 0x400 + (low - 0xDC00):08X}"
        diags.warning(_at(text, match.start(), shown, line_offset),
                      f"{match.group()} is half of a character (a UTF-16 surrogate) with no "
                      "other half: shown as \ufffd",
                      hint="write the character itself, or its \\U escape with 8 digits")
        return "\\uFFFD"

    return _SURROGATE_ESCAPES.sub(join, text)


def parse_yaml(text: str, shown: str, diags: Diagnostics, line_offset: int = 0) -> Any:
    """Parse YAML text: the tree Packed (or ruamel.yaml's, for the rare file positioned.py
    leaves to it), None if empty; a syntax error becomes a diagnostic at its line and
    column."""
    if "\\u" in text and _SURROGATE_ESCAPES.search(text):
        text = _joined_escapes(text, shown, diags, line_offset)
    try:
        try:
            return positioned.load_packed(text)
        except positioned.Unusual:
            pass  # ruamel.yaml reads it, or says what is wrong in its own words
        tree = _yaml().load(text)
        copied = positioned.repeated(tree)
        if copied > positioned.ALIAS_NODES:
            alias = _FIRST_ALIAS.search(text)
            raise positioned.refuse_aliases(copied,
                                            *_line_column(text, alias.start() if alias else 0))
        return tree
    except positioned.Refused as exc:
        diags.error(Position(shown, exc.line + 1 + line_offset, exc.column + 1), exc.message,
                    hint=exc.hint)
    except MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        line = mark.line + 1 + line_offset if mark else 0
        column = mark.column + 1 if mark else 0
        # One line: ruamel.yaml quotes whole values, block text and all, in some problems.
        problem = " ".join((exc.problem or exc.context or "invalid YAML").split())
        if "duplicate key" in problem:
            problem = problem.split(" with value ")[0]
        # ruamel.yaml names a tab as the two characters backslash and t.
        tab = "\\t" in problem or "\t" in problem
        hint = "YAML indents with spaces, never tabs" if tab else ""
        if "duplicate key" in problem:
            hint = "each key may appear once in a mapping"
        if problem == "mapping values are not allowed here" and mark:
            hint = _colon_hint(text, mark.line, mark.column)
        diags.error(Position(shown, line, column), f"YAML syntax error: {problem}", hint=hint)
    except ReaderError as exc:
        # A control character (U+001F, say) pasted from another program; invisible in
        # most editors, so say exactly where it is.
        what = (f"U+{exc.character:04X}" if isinstance(exc.character, int)
                else repr(exc.character))
        diags.error(_at(text, exc.position, shown, line_offset),
                    f"the file holds a control character ({what}) that YAML does not allow",
                    hint="delete it; most editors do not show it")
    except YAMLError as exc:
        diags.error(Position(shown), "YAML error: " + " ".join(str(exc).split()))
    except RecursionError:
        diags.error(Position(shown), "YAML is nested too deeply")
    except (TypeError, ValueError) as exc:
        # ruamel.yaml itself fails on some odd input, such as a list used as a key.
        diags.error(Position(shown), f"cannot read this YAML ({' '.join(str(exc).split())})",
                    hint="keys must be plain words; look for '?' or brackets before a colon")
    return None


def split_front_matter(text: str) -> tuple[str, str, int] | None:
    """Split `---` front matter from a Markdown body: (yaml, body, body's first line)."""
    if not text.startswith("---\n"):
        return None
    end = text.find("\n---\n", 3)
    if end == -1:
        if text.endswith("\n---"):
            end = len(text) - 4
        else:
            return None
    front = text[4 : end + 1]
    body = text[end + 5 :]
    return front, body, front.count("\n") + 3


def read_file(path: Path, kind: str, shown: str, loaded: LoadedContent, diags: Diagnostics,
               raw: bytes | None = None):
    """Read (unless its bytes are given) and parse a YAML or Markdown file into loaded, or
    say what is wrong with it."""
    text = _read_text(path, shown, diags, raw)
    if text is None:
        return
    if path.suffix.lower() == ".md":
        if kind != "report":
            diags.warning(Position(shown), "ignored: Markdown files belong in content/reports/")
            return
        text = _without_control_characters(text, shown, diags)
        parts = split_front_matter(text)
        if parts is None:
            loaded.texts[path.relative_to(loaded.root).as_posix()] = text
            return
        front, body, body_line = parts
        errors = len(diags)
        data = parse_yaml(front, shown, diags, line_offset=1)
        if data is not None or front.strip() == "":
            loaded.sources.append(Source(kind, shown, data, 1, body, body_line))
        elif len(diags) == errors:
            _holds_nothing(shown, 2, "front matter", diags)
        return
    if not text.strip():
        diags.error(Position(shown), "the file is empty",
                    hint="copy a similar file and edit it, or delete this one")
        return
    errors = len(diags)
    data = parse_yaml(text, shown, diags)
    if data is not None:
        loaded.sources.append(Source(kind, shown, data))
    elif len(diags) == errors:
        _holds_nothing(shown, 1, "file", diags)


def _colon_hint(text: str, line: int, column: int) -> str:
    """What to do about 'mapping values are not allowed here' at a line and column (from
    0): a key longer than YAML allows, or, mostly, a colon and space inside a value."""
    lines = text.splitlines()
    before = lines[line][:column] if line < len(lines) else ""
    if len(before.strip()) > 1024:
        return "a key may be at most 1,024 characters; is this long text meant as a value?"
    return ('a colon followed by a space starts a new key: put the whole value in quotes, '
            'e.g. title: "Item 5: Budget"')


def _without_control_characters(text: str, shown: str, diags: Diagnostics) -> str:
    """A Markdown file's text without control characters, with a warning at the first.
    (YAML files cannot hold them raw: their parser refuses them.)"""
    first = CONTROL.search(text)
    if first is None:
        return text
    diags.warning(_at(text, first.start(), shown), control_warning(text))
    return CONTROL.sub("", text)


def _holds_nothing(shown: str, line: int, what: str, diags: Diagnostics) -> None:
    """YAML that is only comments, `~` or `null`: no error to YAML, but the record would
    vanish from the site without a word."""
    diags.error(Position(shown, line, 1), f"the {what} holds no keys, only comments or null",
                hint="write the record's keys (see the clerk's guide), or delete the file")
