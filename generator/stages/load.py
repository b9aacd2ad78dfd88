"""Stage 1, load: read every content file under content/ (parse.py parses each one).

A file unchanged since the last run is not parsed again: serve keeps what each file gave
in memory (FileCache), and every run keeps clean parses on disk (disk_cache.py). Cold
runs parse on both cores. Nothing here knows what a meeting is.
"""

from __future__ import annotations

import contextlib
import os
import stat
import threading
from concurrent.futures import Future
from pathlib import Path
from typing import NamedTuple

from generator.record.diagnostics import Diagnostics, Position
from generator.run import workers
from generator.run.disk_cache import ParsedFiles
from generator.stages.parse import LoadedContent, Source, fingerprint, read_file
from generator.stages.positioned import Packed

FOLDERS = {
    "people": "person",
    "committees": "committee",
    "meetings": "meeting",
    "reports": "report",
    "work-programmes": "work-programme",
}


class FileCache:
    """What each file gave when last read, by path and (size, mtime, inode): `papers serve`
    keeps one across rebuilds, so after a save only the saved file is parsed again."""

    def __init__(self) -> None:
        self._entries: dict[Path, tuple[tuple, LoadedContent, Diagnostics]] = {}
        self._lock = threading.RLock()  # serve's quick step and complete step share it

    @staticmethod
    def _stat(path: Path) -> tuple | None:
        try:
            st = path.lstat()
        except OSError:
            return None
        return (st.st_mode, st.st_size, st.st_mtime_ns, st.st_ino)

    def is_stale(self, path: Path) -> bool:
        """Whether path changed (or is new) since the cache last read it."""
        with self._lock:
            entry = self._entries.get(path)
        return entry is None or entry[0] is None or entry[0][:4] != self._stat(path)

    def read(self, path: Path, kind: str, shown: str, loaded: LoadedContent,
             diags: Diagnostics, kept: ParsedFiles | None = None) -> None:
        """Add what path holds to loaded and diags, parsing it only when it changed."""
        st = self._stat(path)
        key = None if st is None else (*st, kind, shown)
        with self._lock:
            entry = self._entries.get(path)
            if key is None or entry is None or entry[0] != key:
                own, own_diags = LoadedContent(root=loaded.root), Diagnostics()
                _load_file(path, kind, shown, own, own_diags, kept)
                entry = (key, own, own_diags)
                if key is not None:
                    self._entries[path] = entry
        _, own, own_diags = entry
        loaded.sources.extend(own.sources)
        loaded.texts.update(own.texts)
        loaded.attachments.update(own.attachments)
        diags.extend(own_diags)

    def forget_missing(self, seen: set[Path]) -> None:
        with self._lock:
            for path in set(self._entries) - seen:
                del self._entries[path]


def _relative(path: Path, base: Path) -> str:
    try:
        return path.relative_to(base).as_posix()
    except ValueError:
        return path.as_posix()


def load(content_dir: Path, diags: Diagnostics, shown_from: Path | None = None,
         cache: FileCache | None = None, kept: ParsedFiles | None = None) -> LoadedContent:
    """Read every file under content_dir. Paths in messages are relative to shown_from.
    With a cache (in memory, serve's) or kept parses (on disk, disk_cache.py), a file
    unchanged since it was last read is not parsed again."""
    content_dir = Path(content_dir)
    base = shown_from or content_dir.parent
    loaded = LoadedContent(root=content_dir)
    if not content_dir.is_dir():
        diags.error(Position(_relative(content_dir, base)), "content folder not found")
        return loaded
    seen: set[Path] = set()
    helper = _Helper()
    try:
        for folder, kind in FOLDERS.items():
            top = content_dir / folder
            if _linked_folder(top, base, diags) or not top.is_dir():
                continue
            # os.walk never follows a symbolic link below `top`; such links are reported.
            for dirpath, dirnames, filenames in os.walk(top):
                dirnames[:] = sorted(d for d in dirnames if not d.startswith(".")
                                     and not _linked_folder(Path(dirpath) / d, base, diags))
                shown_dir = _relative(Path(dirpath), base)  # once a folder, not once a file
                files = [(Path(dirpath) / name, f"{shown_dir}/{name}")
                         for name in sorted(filenames) if not name.startswith(".")]
                if cache is None:
                    _load_folder(files, kind, loaded, diags, kept, helper)
                    continue
                for path, shown in files:
                    seen.add(path)
                    cache.read(path, kind, shown, loaded, diags, kept)
    finally:
        helper.close()
    if cache is not None:
        cache.forget_missing(seen)
    return loaded


def _linked_folder(path: Path, base: Path, diags: Diagnostics) -> bool:
    """A folder that is a symbolic link could lead anywhere on the disk: never read."""
    if not path.is_symlink():
        return False
    diags.error(Position(_relative(path, base)), "content folders may not be symbolic links",
                hint="move or copy the folder into content/ instead")
    return True


def _load_file(path: Path, kind: str, shown: str, loaded: LoadedContent, diags: Diagnostics,
               kept: ParsedFiles | None = None) -> None:
    _load_folder([(path, shown)], kind, loaded, diags, kept)


class _Unread(NamedTuple):
    """A file to parse: its stat key when its parse may be kept, and its bytes if they
    were read already (to compare with a kept parse's)."""

    path: Path
    shown: str
    key: tuple | None = None
    raw: bytes | None = None


def _load_folder(files: list[tuple[Path, str]], kind: str, loaded: LoadedContent,
                 diags: Diagnostics, kept: ParsedFiles | None = None,
                 helper: _Helper | None = None) -> None:
    """Load one folder's files, in order: each file's kept parse if it is unchanged, else
    parse it (a share of them on the helper's core) and keep the parse if it was clean."""
    slots: list[Source | _Unread] = []
    # Each file's folder, relative to content/, as the kept parses are filed: worked out
    # once, as every file here shares it.
    folder = files[0][0].parent.relative_to(loaded.root).as_posix() if files else ""
    for path, shown in files:
        st = _content_file(path, kind, shown, loaded, diags)
        if st is not None:
            slots.append(_Unread(path, shown) if kept is None
                         else _kept_or_unread(path, st, kind, shown, folder, kept))
    unread = [slot for slot in slots if type(slot) is _Unread]
    their_share = unread[1::2]
    # Not their bytes: the helper reads (and hashes) them itself.
    theirs = (helper.parse([slot._replace(raw=None) for slot in their_share], kind,
                           loaded.root) if helper else None)
    mine = unread if theirs is None else unread[0::2]
    parsed = {slot.path: _parse_file(slot, kind, loaded.root) for slot in mine}
    if theirs is not None:
        for slot, portable in zip(their_share, _received(theirs, len(their_share)),
                                  strict=True):
            parsed[slot.path] = (_from_portable(portable, slot, kind, loaded.root)
                                 or _parse_file(slot, kind, loaded.root))
    for slot in slots:
        if type(slot) is Source:
            loaded.sources.append(slot)
            continue
        own, own_diags, hashed = parsed[slot.path]
        loaded.sources.extend(own.sources)
        loaded.texts.update(own.texts)
        diags.extend(own_diags)
        if kept is not None and slot.key is not None and hashed is not None and (
                not own_diags and len(own.sources) == 1):
            _keep(own.sources[0], slot, hashed, kept, folder)


def _content_file(path: Path, kind: str, shown: str, loaded: LoadedContent,
                  diags: Diagnostics) -> os.stat_result | None:
    """The file's stat if it is a content file to parse; otherwise note it (an attachment)
    or say what is wrong with it."""
    # One lstat for every question: reading 30,000 files, each stat counts. Taken before
    # reading, so a file saved meanwhile has a new stat, and is read again next time.
    try:
        st = path.lstat()
    except OSError as exc:
        diags.error(Position(shown), f"cannot read file: {exc.strerror}")
        return None
    # Links first: a link to a file outside content/ is an error even where a plain file
    # of its kind would be ignored (an attachment beside a report).
    if stat.S_ISLNK(st.st_mode):
        diags.error(Position(shown), "content files may not be symbolic links",
                    hint="copy the file into content/ instead")
        return None
    suffix = path.suffix.lower()
    regular = stat.S_ISREG(st.st_mode)
    if suffix not in (".yml", ".yaml", ".md"):
        if kind in ("meeting", "report") and regular:
            # An original paper (a PDF, say) to attach; only a record naming it publishes it.
            loaded.attachments[path.relative_to(loaded.root).as_posix()] = st.st_size
        else:
            diags.warning(Position(shown), "ignored: not a .yml or .md file")
        return None
    if not regular:  # a named pipe or a device would block or never end
        diags.error(Position(shown), "this is not a regular file",
                    hint="content files are YAML or Markdown saved as UTF-8 text")
        return None
    return st


def _kept_or_unread(path: Path, st: os.stat_result, kind: str, shown: str, folder: str,
                    kept: ParsedFiles) -> Source | _Unread:
    """The file's kept parse when it is unchanged (by stat, else by its bytes' hash)."""
    key = (st.st_size, st.st_mtime_ns, st.st_ino, st.st_ctime_ns, kind, shown)
    hit = kept.get(folder, path.name, key)
    raw = None
    if hit is None:
        # A new stat but perhaps the same bytes (a fresh clone, a branch switched back):
        # the file's hash decides, from the bytes that are parsed if it differs.
        hit, raw = kept.same_bytes(folder, path.name, key, path)
    if hit is None:
        return _Unread(path, shown, key, raw)
    line_offset, body, body_line, packed = hit
    return Source(kind, shown, Packed(packed), line_offset, body, body_line)


def _keep(source: Source, slot: _Unread, hashed: bytes, kept: ParsedFiles, folder: str
          ) -> None:
    """Keep a clean parse, packed; a tree only ruamel.yaml could read is not kept."""
    if type(source.tree) is not Packed:
        return
    kept.put(folder, slot.path.name, slot.key, hashed,
             (source.line_offset, source.body, source.body_line, source.tree))


def _parse_file(slot: _Unread, kind: str, root: Path
                ) -> tuple[LoadedContent, Diagnostics, bytes | None]:
    """What one file gives, on its own: (its source or text, its problems, and the digest
    of the bytes it was parsed from when the parse may be kept)."""
    raw = slot.raw
    if raw is None and slot.key is not None:
        with contextlib.suppress(OSError):  # read_file tries again, and says what is wrong
            raw = slot.path.read_bytes()
    own, own_diags = LoadedContent(root=root), Diagnostics()
    read_file(slot.path, kind, slot.shown, own, own_diags, raw)
    return own, own_diags, None if raw is None or slot.key is None else fingerprint(raw)


# Parsing is most of a cold run (a fresh clone, the first check): on two cores, a forked
# helper parses every second file of a folder while this process parses the rest. Below
# this many files to parse, handing a share over costs more than it saves.
_PARALLEL_FROM = 32


class _Helper:
    """A forked worker, started when a folder first has enough files to parse."""

    def __init__(self) -> None:
        self._pool: workers.Pool | None = None
        self._started = False

    def parse(self, share: list[_Unread], kind: str, root: Path) -> Future | None:
        if 2 * len(share) < _PARALLEL_FROM:
            return None
        if not self._started:
            self._started = True
            self._pool = workers.Pool(1) if workers.spare() else None
        if self._pool is None:
            return None
        try:
            return self._pool.submit(_parse_portable, share, kind, root)
        except Exception:  # noqa: BLE001 - a broken pool (its worker died): parse here
            self.close()
            return None

    def close(self) -> None:
        if self._pool is not None:
            self._pool.shutdown()
            self._pool = None


def _received(theirs: Future, count: int) -> list[tuple | None]:
    """The helper's parses; if it failed in any way, None for each: parsed here instead,
    as the helper only saves time."""
    try:
        return workers.Pool.result(theirs)
    except Exception:  # noqa: BLE001 - anything, a dead helper included
        return [None] * count


def _parse_portable(share: list[_Unread], kind: str, root: Path) -> list[tuple | None]:
    """In the helper: each file's parse, packed to send back; None for a file with any
    problem or a tree only ruamel.yaml could read, which this process parses again (so
    diagnostics are made in one place)."""
    out: list[tuple | None] = []
    for slot in share:
        own, own_diags, hashed = _parse_file(slot, kind, root)
        portable = None
        if not own_diags and len(own.sources) + len(own.texts) == 1:
            if own.texts:
                portable = ("text", *next(iter(own.texts.items())), hashed)
            elif type(own.sources[0].tree) is Packed:
                source = own.sources[0]
                portable = ("source", bytes(source.tree), source.line_offset, source.body,
                            source.body_line, hashed)
        out.append(portable)
    return out


def _from_portable(portable: tuple | None, slot: _Unread, kind: str, root: Path
                   ) -> tuple[LoadedContent, Diagnostics, bytes | None] | None:
    if portable is None:
        return None
    own = LoadedContent(root=root)
    if portable[0] == "text":
        _, path, text, hashed = portable
        own.texts[path] = text
    else:
        _, packed, line_offset, body, body_line, hashed = portable
        own.sources.append(Source(kind, slot.shown, Packed(packed), line_offset, body,
                                  body_line))
    return own, Diagnostics(), hashed
