"""Parsed content files kept on disk between runs, so a run parses only what changed.

Parsing is the largest part of `papers check` on a large archive (about 11 of its 20
seconds for 30,000 files), while a clerk's archive changes by a file or two between runs.
So each folder's parsed files are kept in one file under `.cache/papers/` beside
`content/`, and found again by the file's path and its (size, modification time, inode,
change time): the test `make` trusts, with nanosecond times. A file whose stat differs is
read, and parsed again unless its bytes hash as before (a fresh clone or a `git checkout`
gives unchanged files new times). Only clean parses are kept: a file that gave any
diagnostic, or that needed ruamel.yaml (see positioned.py), is read every run, so its
problems are reported every run.

Validation's reading of each clean meeting, report and work programme is kept too
(KeptReadings): its record and its Markdown texts, found again by what the file parsed to
and all that its reading looked at outside the file (the ids of people and committees,
the attachments); so are the texts the safety check found clean (CleanTexts). Both are
read before those stages run and written after (stages/pipeline.py): the stages are
handed plain data and never reach in here.

The cache never changes what a run finds: `tests/test_disk_cache.py` checks that a run
from the cache gives the same diagnostics and pages as one without. Delete the folder at
any time. The folder's name holds a hash of the code that parses, so a new version of
the generator never reads an old version's trees.
"""

from __future__ import annotations

import contextlib
import hashlib
import marshal
import os
import pickle
import time
from importlib import metadata
from pathlib import Path

from generator.run.atomic import write_atomic
from generator.stages.parse import fingerprint

CACHE_DIR = Path(".cache") / "papers"
# A file changed this recently could change again within the same tick of the file
# system's clock, same size and all, and look unchanged: it is not kept (git's "racy"
# rule). Two seconds covers the coarsest clocks in use (FAT's).
RACY_NS = 2_000_000_000


def _code_version() -> str:
    """A hash of the code whose work is kept (ours, and the Markdown converter and the
    sanitizer's versions): change any and the old cache is never read."""
    version = hashlib.blake2b(digest_size=8)
    package = Path(__file__).parent.parent
    for name in ("run/disk_cache.py", "stages/positioned.py", "stages/parse.py",
                 "stages/load.py", "stages/text.py", "stages/safety.py", "stages/validate.py",
                 "stages/records.py", "stages/reader.py", "record/references.py",
                 "record/numbering.py", "record/model.py", "record/diagnostics.py"):
        version.update((package / name).read_bytes())
    for package in ("cmarkgfm", "nh3", "PyYAML"):
        with contextlib.suppress(metadata.PackageNotFoundError):
            version.update(metadata.version(package).encode())
    return version.hexdigest()


def _folder(content_dir: Path) -> Path:
    return Path(content_dir).parent / CACHE_DIR / _code_version()


class ParsedFiles:
    """The kept parses of one content folder's files, a shard a folder (meetings/csc):
    a saved file rewrites its own folder's shard, not the whole archive's. Each file's
    entry: (stat key, hash of its bytes, what was kept)."""

    def __init__(self, content_dir: Path, prune: bool = True) -> None:
        """prune: whether every file is asked for, so that what is not was deleted (serve
        asks only for the files it has not read since its last run)."""
        self.folder = _folder(content_dir)
        self.prune = prune
        # One folder's shard at a time: load reads a folder's files together, and holding
        # every shard to the end would hold the archive twice over (a few hundred MB at L).
        self._at: str | None = None
        self._shard: dict[str, tuple] = {}
        self._seen: set[str] = set()
        self._changed = False
        self._visited: set[str] = set()

    def _open(self, folder: str) -> dict[str, tuple]:
        if folder != self._at:
            self._close()
            try:
                shard = marshal.loads((self.folder / _shard_name(folder)).read_bytes())
            except (OSError, EOFError, ValueError, TypeError):
                shard = {}
            self._at, self._shard = folder, shard if isinstance(shard, dict) else {}
            self._seen, self._changed = set(), False
            self._visited.add(folder)
        return self._shard

    def _close(self) -> None:
        """Write the open shard if it changed, dropping files no longer there. A cache
        that cannot be written (a read-only checkout) is only a slower next run."""
        if self._at is None:
            return
        gone = set(self._shard) - self._seen if self.prune else set()
        for name in gone:
            del self._shard[name]
        if self._changed or gone:
            with contextlib.suppress(OSError):
                write_atomic(self.folder / _shard_name(self._at), marshal.dumps(self._shard))
        self._at, self._shard = None, {}

    def get(self, folder: str, name: str, key: tuple) -> tuple | None:
        """What was kept for a file, if its stat key (and kind and shown path) are the same."""
        entry = self._open(folder).get(name)
        self._seen.add(name)
        if entry is None or entry[0] != key:
            return None
        return entry[2]

    def same_bytes(self, folder: str, name: str, key: tuple, path: Path
                   ) -> tuple[tuple | None, bytes | None]:
        """What was kept for a file whose stat changed but whose bytes are the same (git
        gives every file of a fresh clone a new modification time), kept again under its
        new stat; and the file's bytes, read only if something was kept for it."""
        entry = self._open(folder).get(name)
        if entry is None or entry[0][4:] != key[4:]:
            return None, None
        try:
            raw = path.read_bytes()
        except OSError:
            return None, None
        hashed = fingerprint(raw)
        if entry[1] != hashed:
            return None, raw
        self.put(folder, name, key, hashed, entry[2])
        return entry[2], raw

    def put(self, folder: str, name: str, key: tuple, hashed: bytes, kept: tuple) -> None:
        """Keep a file's parse, found again by its stat, or by its bytes' digest."""
        if time.time_ns() - key[1] < RACY_NS:  # its modification time
            return
        self._open(folder)[name] = (key, hashed, kept)
        self._seen.add(name)
        self._changed = True

    def save(self) -> None:
        """Write the last shard; forget the shards of folders no longer there, and the
        caches of other versions."""
        self._close()
        if not self.folder.is_dir():
            return
        visited = {_shard_name(folder) for folder in self._visited}
        for shard in self.folder.glob(f"{_SHARD}*") if self.prune else ():
            if shard.name not in visited:
                shard.unlink(missing_ok=True)
        _remove_old_versions(self.folder)


class CleanTexts:
    """The fingerprints of the Markdown texts the sanitizer removed nothing from last run:
    the safety check (safety.py) is given them and converts only the other texts; it
    hands back this run's, which are kept for the next. A text with removals is never
    kept, so it is warned about every run."""

    def __init__(self, content_dir: Path) -> None:
        self.path = _folder(content_dir) / "clean-texts.marshal"

    def load(self) -> set[bytes]:
        try:
            kept = marshal.loads(self.path.read_bytes())
        except (OSError, EOFError, ValueError, TypeError):
            return set()
        return kept if isinstance(kept, set) else set()

    def save(self, before: set[bytes], now: set[bytes]) -> None:
        """Keep this run's clean texts (and only them); unwritable is only slower."""
        if now == before:
            return
        with contextlib.suppress(OSError):
            write_atomic(self.path, marshal.dumps(now))


class KeptReadings:
    """What validation read from each meeting, report and work programme last run, a shard
    a folder (meetings/csc), as plain data for validate.Readings: {folder: (world,
    {name: (fingerprint of the parse, shown path, reading)})}. Validation decides which
    it may use; this only reads them before the stage and writes them after. Pickled, as
    records are dataclasses, which marshal cannot write; read back by `_RecordsOnly`, which
    builds records and nothing else, as the folder may come from a shared CI cache."""

    def __init__(self, content_dir: Path) -> None:
        self.folder = _folder(content_dir)

    def load(self) -> dict[str, tuple[bytes, dict]]:
        kept: dict[str, tuple[bytes, dict]] = {}
        shards = self.folder.glob(f"{_READINGS}*") if self.folder.is_dir() else ()
        for shard in shards:
            try:
                with shard.open("rb") as file:
                    folder, world, readings = _RecordsOnly(file).load()
            except Exception:  # noqa: BLE001 - unreadable, from another Python: read again
                continue
            if not (isinstance(folder, str) and isinstance(world, bytes)
                    and isinstance(readings, dict)):
                continue
            kept[folder] = (world, readings)
        return kept

    def save(self, before: dict[str, tuple[bytes, dict]], world: bytes,
             now: dict[str, dict]) -> None:
        """Write the shards that changed (or lost files); remove those of folders gone.
        Unwritable is only slower."""
        for folder, readings in now.items():
            old_world, old = before.get(folder, (None, {}))
            if old_world != world or readings.keys() != old.keys() or any(
                    readings[name] is not old[name] for name in readings):
                # Whatever fails, a cache must never fail the run it was to speed up.
                with contextlib.suppress(OSError, pickle.PicklingError, TypeError,
                                         AttributeError, RecursionError):
                    write_atomic(self.folder / _readings_name(folder),
                                 pickle.dumps((folder, world, readings),
                                              pickle.HIGHEST_PROTOCOL))
        wanted = {_readings_name(folder) for folder in now}
        for shard in self.folder.glob(f"{_READINGS}*") if self.folder.is_dir() else ():
            if shard.name not in wanted:
                shard.unlink(missing_ok=True)


_READINGS = "read--"

# What a shard may name: the record's classes, their enums and positions, and dates.
_RECORD_MODULES = ("generator.record.model", "generator.record.diagnostics")
_ALSO = {("generator.stages.validate", "_Reading"), ("datetime", "date"),
         ("datetime", "datetime"), ("datetime", "time"), ("datetime", "timezone"),
         ("datetime", "timedelta")}


class _RecordsOnly(pickle.Unpickler):
    """Unpickles records and nothing else. Pickle calls whatever a file names (os.system,
    eval): a hostile shard, planted in a shared cache, must fail to load instead."""

    def find_class(self, module: str, name: str) -> type:
        found = super().find_class(module, name) if (
            module in _RECORD_MODULES or (module, name) in _ALSO) else None
        # A class defined there, not a function or a module it imported.
        if not isinstance(found, type) or found.__module__ != module:
            raise pickle.UnpicklingError(f"{module}.{name} is not part of a record")
        return found



def _readings_name(folder: str) -> str:
    return _READINGS + folder.replace("/", "__").replace(os.sep, "__") + ".pickle"


_SHARD = "parsed--"


def _shard_name(folder: str) -> str:
    return _SHARD + folder.replace("/", "__").replace(os.sep, "__") + ".marshal"


def _remove_old_versions(current: Path) -> None:
    """Other versions' caches are never read again."""
    try:
        others = [p for p in current.parent.iterdir() if p.is_dir() and p != current]
    except OSError:
        return
    for other in others:
        for shard in [*other.glob("*.marshal"), *other.glob("*.pickle")]:
            shard.unlink(missing_ok=True)
        with contextlib.suppress(OSError):
            other.rmdir()
