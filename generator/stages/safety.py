"""Safety checks that need the whole archive, run by `papers check` and every build.

Exempt material: a report and its document on the agenda must agree on whether it is
exempt, and an appendix file withheld by one report may not be published by another.

Removed markup: `text.py` reduces every Markdown field to a safelist of HTML at render
time; done silently, a clerk would never learn that their `<script>`, their `onclick=` or
their `javascript:` link is missing from the site. So each published Markdown field is
converted (through the same cached conversion the renderer uses, so a build does the work
once) and the HTML before and after the sanitizer compared. Only removed elements and
removed attributes count: what nh3 adds or rewrites (a link's rel, a closing tag) is
normalisation, and removed attributes that cannot run or load anything (a class, an id)
are not worth a warning.
"""

from __future__ import annotations

from collections import Counter
from html.parser import HTMLParser
from pathlib import Path
from typing import Any

from markdownify import markdownify

from generator.record.diagnostics import Diagnostics, Position
from generator.record.model import Archive, Exemption
from generator.stages import text
from generator.stages.parse import LoadedContent, Source, fingerprint
from generator.stages.reader import stripped

# The fields the clerk's guide marks as Markdown, by record: a path of keys, where "[]"
# stands for every item of a list.
MARKDOWN_FIELDS = {
    "meeting": (
        ("notes", "[]"),
        ("agenda", "notes", "[]"),
        ("items", "[]", "description"),
        ("items", "[]", "recommended"),
        ("items", "[]", "minutes"),
        ("items", "[]", "closed_session", "note"),
        ("items", "[]", "resolutions", "[]", "text"),
        ("items", "[]", "resolutions", "[]", "reason"),
        ("items", "[]", "resolutions", "[]", "alternatives"),
        ("items", "[]", "reason"),
        ("items", "[]", "alternatives"),
    ),
    "report": (("summary",), ("equality",), ("recommendations", "[]")),
}

UNSAFE_TAGS = {
    "script", "style", "iframe", "frame", "frameset", "object", "embed", "applet", "form",
    "input", "button", "textarea", "select", "base", "meta", "link", "svg", "math",
    "template", "noscript", "portal", "isindex",
}
URL_ATTRIBUTES = {"href", "src", "action", "formaction", "xlink:href", "data", "poster",
                  "background", "codebase", "ping", "srcset", "cite"}
UNSAFE_ATTRIBUTES = {"style", "srcdoc"}
_URL_NOISE = {chr(c) for c in range(0x21)} | {"\x7f"}


class _Elements(HTMLParser):
    """The start tags of an HTML fragment, each with its attributes."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.found: list[tuple[str, list[tuple[str, str]]]] = []

    def handle_starttag(self, tag, attrs):
        self.found.append((tag, [(name, value or "") for name, value in attrs]))


def _elements(html: str) -> list[tuple[str, list[tuple[str, str]]]]:
    parser = _Elements()
    parser.feed(html)
    parser.close()
    return parser.found


def _unsafe_attribute(name: str, value: str) -> bool:
    if name.startswith("on") or name in UNSAFE_ATTRIBUTES:
        return True
    if name not in URL_ATTRIBUTES:
        return False
    url = "".join(c for c in value if c not in _URL_NOISE).lower()
    scheme, colon, _rest = url.partition(":")
    # A scheme is letters before the first colon, with no slash, ? or # before it.
    has_scheme = colon and scheme and not any(c in scheme for c in "/?#")
    return bool(has_scheme and scheme not in text.URL_SCHEMES)


def _printable(value: str) -> str:
    """A value as one line of a message: control characters written as escapes."""
    return "".join(c if c.isprintable() else f"\\x{ord(c):02x}" for c in value)


def _describe(tag: str, attributes: list[tuple[str, str]]) -> str:
    shown = []
    for name, value in attributes:
        if name in URL_ATTRIBUTES:
            short = value if len(value) <= 40 else value[:39] + "…"
            shown.append(f'{name}="{_printable(short)}"')
        else:
            shown.append(_printable(name))
    return f"<{_printable(tag)}{''.join(' ' + s for s in shown)}>"


def _may_lose_markup(source: str) -> bool:
    """Without raw HTML ('<') or a link, image or footnote ('['), Markdown writes only tags
    and attributes the sanitizer keeps: nothing to find, no conversion to pay for."""
    return "<" in source or "[" in source


def _compared(source: str) -> tuple[list, Counter, Counter] | None:
    """A text's elements as Markdown wrote them, and the tags and attributes the sanitizer
    kept (counted); None when it cannot have removed anything."""
    if not _may_lose_markup(source):
        return None
    before, after = text.convert(source)
    if before == after:  # nothing removed
        return None
    kept = _elements(after)
    return (_elements(before), Counter(tag for tag, _attrs in kept),
            Counter((tag, name, value) for tag, attrs in kept for name, value in attrs))


def removed_markup(source: str) -> tuple[list[str], list[str]]:
    """What the sanitizer removed from a Markdown text: (unsafe, merely not published).

    Each is described as the clerk would recognise it: <script>, <img onerror>,
    <a href="javascript:alert(1)">."""
    compared = _compared(source)
    if compared is None:
        return [], []
    before, kept_tags, kept_attributes = compared
    unsafe: list[str] = []
    unpublished: list[str] = []
    for tag, attrs in before:
        risky = [(n, v) for n, v in attrs if _unsafe_attribute(n, v)]
        if kept_tags[tag] > 0:
            kept_tags[tag] -= 1
            gone = []
            for name, value in risky:
                if kept_attributes[(tag, name, value)] > 0:
                    kept_attributes[(tag, name, value)] -= 1
                else:
                    gone.append((name, value))
            if gone:
                unsafe.append(_describe(tag, gone))
        elif tag in UNSAFE_TAGS or risky:
            unsafe.append(_describe(tag, risky))
        else:
            unpublished.append(f"<{tag}>")
    return list(dict.fromkeys(unsafe)), list(dict.fromkeys(unpublished))


def _cut_down(source: str) -> bool:
    """Whether the sanitizer removed any element or attribute at all from a text, however
    harmless (an id can still clash with a re-user's page); cmark's own footnote markers
    (data-footnote-*) excepted, as they are not the clerk's."""
    compared = _compared(source)
    if compared is None:
        return False
    before, kept_tags, kept_attributes = compared
    for tag, attrs in before:
        if kept_tags[tag] == 0:
            return True
        kept_tags[tag] -= 1
        for name, value in attrs:
            if name.startswith("data-footnote"):
                continue
            if kept_attributes[(tag, name, value)] == 0:
                return True
            kept_attributes[(tag, name, value)] -= 1
    return False


def published_markdown(source: str | None) -> str | None:
    """Clerk Markdown as the pages publish it, for the open data: as written when the
    sanitizer removed nothing (nearly always); otherwise the Markdown of what the page
    shows, so that a re-user who renders it without a sanitizer of their own gets the
    page's text and nothing the sanitizer took out. Its raw '<' are escaped, as text."""
    if not source or not _cut_down(source):
        return source
    shown = text.shift_headings(text.convert(source)[1], -1)  # the clerk's own levels
    return markdownify(shown, heading_style="ATX", bullets="-", escape_misc=True).strip()


def check(loaded: LoadedContent, archive: Archive, diags: Diagnostics,
          markdown: PublishedMarkdown) -> list[str]:
    """The safety checks: exempt reports agree with their agenda, and a warning at each
    published Markdown field whose HTML the sanitizer cut down (`markdown` has seen each
    file as validate read it). Returns the published Markdown texts, which the build
    converts next."""
    check_exemptions(archive, diags)
    return markdown.check(loaded, diags)


def check_exemptions(archive: Archive, diags: Diagnostics) -> None:
    """A report and its document on the agenda must agree on whether it is exempt.

    The agenda says so where the public reads the list of papers, the report where its
    content is; if only one said so, the other page would publish the content or link to
    it without the notice. An error, so nothing is built until the clerk decides. The
    same holds for an appendix file that one report withholds and another publishes."""
    _check_appendix_files(archive, diags)
    for report in sorted(archive.reports.values(), key=lambda r: r.id):
        meeting = archive.meetings.get(report.meeting.meeting_id)
        if meeting is None:
            continue
        for item in meeting.items:
            for doc in item.documents:
                if doc.letter != report.letter or bool(doc.exempt) == bool(report.exempt):
                    continue
                if doc.exempt:
                    diags.error(report.position, f"document '{doc.letter}' is exempt on the "
                                f"agenda of {meeting.id}, but this report is not marked exempt",
                                hint=f"add 'exempt: {{paragraph: {_paragraph(doc.exempt)}}}' "
                                "here, or remove 'exempt' from the agenda's document")
                else:
                    diags.error(doc.position, f"the report for document '{doc.letter}' "
                                f"({report.position.path}) is exempt, but this agenda entry "
                                "is not", hint=f"add 'exempt: {{paragraph: "
                                f"{_paragraph(report.exempt)}}}' to the document here")


def _check_appendix_files(archive: Archive, diags: Diagnostics) -> None:
    reports = sorted(archive.reports.values(), key=lambda r: r.id)
    withheld = {a.file: report for report in reports for a in report.appendices
                if a.file and (a.exempt or report.exempt)}
    for report in reports:
        for appendix in report.appendices:
            other = withheld.get(appendix.file or "")
            if other and not (appendix.exempt or report.exempt):
                diags.error(report.position, f"{appendix.label}: the file '{appendix.file}' is "
                            f"exempt as an appendix of {other.position.path}, but this report "
                            "publishes it", hint="mark this appendix exempt too, or give it a "
                            "file of its own")


def _paragraph(exemption: Exemption | None) -> str:
    return str(exemption.paragraph) if exemption and exemption.paragraph else "unknown"


def _fingerprint(value: str) -> bytes:
    return fingerprint(value.encode("utf-8", "surrogatepass"))


class PublishedMarkdown:
    """Every published Markdown text, gathered file by file as validation reads each
    file's tree (`visit`), then checked for markup the sanitizer removes (`check`). Texts
    found clean last run are not converted again."""

    def __init__(self, content_dir: Path, shown_from: Path | None = None,
                 clean_before: set[bytes] | None = None) -> None:
        self.base = Path(shown_from) if shown_from else Path(content_dir).parent
        # The fingerprints of texts found clean last run (the pipeline keeps them between
        # runs), and of those found clean now, to keep for the next.
        self.clean_before = clean_before or set()
        self.clean_now: set[bytes] = set()
        self.texts: list[str] = []
        # The texts to convert, and where each stands; worked out now, while the file's
        # tree is at hand: (text, position, key path, whether to find the line inside it).
        self.to_check: list[tuple[str, Position, str, bool]] = []
        self.withheld: set[str] = set()  # appendix files of exempt reports or appendices
        self.published: set[str] = set()

    def visit(self, source: Source, data: Any) -> None:
        values = [stripped(value) for value in _fields(source, data, trails=False)]
        self.texts += values
        if any(self._to_convert(value) for value in values):
            # Where each such text stands: walked again, keeping the way down this time
            # (rare once texts are known clean; keeping it for every text cost a second).
            for value, trail in _fields(source, data):
                value = stripped(value)
                if self._to_convert(value):
                    self.to_check.append((value, *_where(source, trail), False))
        if source.kind == "report" and isinstance(data, dict):
            exempt_report = data.get("exempt") is not None
            if not exempt_report:
                self._add_whole(source.body, Position(source.path, source.body_line, 1))
            report_dir = source.folder
            for appendix in _list(data.get("appendices")):
                if isinstance(appendix, dict) and isinstance(appendix.get("file"), str):
                    path = (report_dir / appendix["file"].strip()).as_posix()
                    exempt = exempt_report or appendix.get("exempt") is not None
                    (self.withheld if exempt else self.published).add(path)

    def visit_kept(self, texts: list[str]) -> bool:
        """A file's texts as its kept reading found them (validate.py), unless one must
        be converted: then False, and the file is read and visited afresh."""
        if any(self._to_convert(value) for value in texts):
            return False
        self.texts += texts
        return True

    def _to_convert(self, value: str) -> bool:
        return _may_lose_markup(value) and not self._known_clean(value)

    def _known_clean(self, value: str) -> bool:
        key = _fingerprint(value)
        if key in self.clean_before:
            self.clean_now.add(key)
            return True
        return False

    def _add_whole(self, value: str, start: Position) -> None:
        """A whole Markdown text (a report's body, an appendix file), starting at start."""
        self.texts.append(value)
        if self._to_convert(value):
            self.to_check.append((value, start, "", True))

    def check(self, loaded: LoadedContent, diags: Diagnostics) -> list[str]:
        """Warn at each text whose HTML the sanitizer cut down; every published text."""
        for path in sorted(self.published - self.withheld):
            if path in loaded.texts:
                shown = _relative(loaded.root / path, self.base)
                self._add_whole(loaded.texts[path], Position(shown, 1, 1))
        text.convert_all(value for value, *_where in self.to_check)
        for value, position, key_path, locate in self.to_check:
            if not _warn(value, position, key_path, diags, locate):
                self.clean_now.add(_fingerprint(value))
        return self.texts


def _relative(path: Path, base: Path) -> str:
    try:
        return path.relative_to(base).as_posix()
    except ValueError:
        return path.as_posix()


def _list(value: Any) -> list:
    return value if isinstance(value, list) else []


# The way down a parsed file to a text: each step a mapping and key, or a list and index.
Trail = tuple[tuple[Any, Any], ...]


def _field_tree(paths: tuple[tuple[str, ...], ...]) -> dict:
    """MARKDOWN_FIELDS's paths of one record as a tree, so one walk visits each item once:
    {"items": {"[]": {"description": None, ...}}}, None where a text is."""
    tree: dict = {}
    for path in paths:
        node = tree
        for step in path[:-1]:
            node = node.setdefault(step, {})
        node[path[-1]] = None
    return tree


_FIELD_TREES = {kind: _field_tree(paths) for kind, paths in MARKDOWN_FIELDS.items()}


def _fields(source: Source, data: Any, trails: bool = True) -> list:
    """Every Markdown field of a parsed file that holds text, with the way to it (or
    without, when trails is false: just the texts)."""
    fields = _FIELD_TREES.get(source.kind)
    if fields is None or source.kind == "report" and isinstance(data, dict) and (
            data.get("exempt") is not None):
        return []  # no Markdown fields, or never published: nothing removed from the site
    found: list = []
    _walk(data, fields, () if trails else None, found)
    return found


def _walk(node: Any, fields: dict | None, trail: Trail | None, found: list) -> None:
    if fields is None:
        if isinstance(node, str):
            found.append(node if trail is None else (node, trail))
    elif "[]" in fields:
        if isinstance(node, list):
            for index, item in enumerate(node):
                _walk(item, fields["[]"], None if trail is None else (*trail, (node, index)),
                      found)
        else:  # a lone value is read as a list of one (Reader.sequence)
            _walk(node, fields["[]"], trail, found)
    elif isinstance(node, dict):
        for key, below in fields.items():
            if key in node:
                _walk(node[key], below, None if trail is None else (*trail, (node, key)),
                      found)


def _where(source: Source, trail: Trail) -> tuple[Position, str]:
    """The place a trail ends (or the nearest place above it that was recorded), and its
    key path: items[2].minutes."""
    position = Position(source.path, 1 + source.line_offset, 1)
    key_path = ""
    for node, key in trail:
        position = _position(source, node, key) or position
        if isinstance(node, list):
            key_path = f"{key_path}[{key}]"
        else:
            key_path = f"{key_path}.{key}" if key_path else key
    return position, key_path


def _position(source: Source, node: Any, key: Any) -> Position | None:
    """Where a mapping's value or a list's item starts, as ruamel.yaml recorded it."""
    try:
        line, column = node.lc.value(key) if isinstance(node, dict) else node.lc.item(key)
    except (AttributeError, KeyError, IndexError, TypeError):
        return None
    return Position(source.path, line + 1 + source.line_offset, column + 1)


def _warn(source: str, position: Position, key_path: str, diags: Diagnostics,
          locate: bool = False) -> bool:
    """Warn if the sanitizer removes anything from a text; whether it did."""
    unsafe, unpublished = removed_markup(source)
    if not unsafe and not unpublished:
        return False
    if unsafe:
        at = _locate(source, unsafe[0], position) if locate else position
        diags.warning(at, "removed unsafe HTML: " + ", ".join(unsafe), key_path,
                      "the site never publishes script, styles, frames, forms, event "
                      "handlers or links other than http, https, mailto and tel")
    if unpublished:
        at = _locate(source, unpublished[0], position) if locate else position
        diags.warning(at, "removed HTML the site does not publish: " + ", ".join(unpublished),
                      key_path, "tables, lists, emphasis, headings and links are kept; write "
                      "the rest in Markdown or leave it out")
    return True


def _locate(source: str, described: str, start: Position) -> Position:
    """The line and column in a Markdown file where a removed element first appears."""
    tag, _space, rest = described[1:-1].partition(" ")
    needles = [rest.split('"')[1]] if '"' in rest else []
    needles += [f"<{tag}", rest.split(" ")[0] if rest else ""]
    lowered = source.lower()
    for needle in filter(None, needles):
        offset = lowered.find(needle.lower())
        if offset != -1:
            line = source.count("\n", 0, offset)
            column = offset - (source.rfind("\n", 0, offset) + 1) + 1
            return Position(start.path, start.line + line, column)
    return start
