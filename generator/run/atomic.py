"""Write a file so that a reader sees the old bytes or the new, never half of them."""

from __future__ import annotations

import os
import tempfile
from pathlib import Path


def write_atomic(path: str | os.PathLike, data: bytes) -> None:
    """Write data beside path, then rename it over path (a rename is atomic on POSIX)."""
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, temporary = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=path.parent)
    try:
        with os.fdopen(fd, "wb") as out:
            out.write(data)
        # A file keeps its permissions (a clerk's file may be shared); a new one is 0644.
        os.chmod(temporary, path.stat().st_mode & 0o777 if path.exists() else 0o644)
        os.replace(temporary, path)
    except BaseException:
        Path(temporary).unlink(missing_ok=True)
        raise


def write_if_changed(path: str | os.PathLike, data: bytes) -> bool:
    """write_atomic, unless path already holds data; True when it wrote."""
    try:
        if Path(path).read_bytes() == data:
            return False
    except OSError:
        pass
    write_atomic(path, data)
    return True
