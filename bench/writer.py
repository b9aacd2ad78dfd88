"""Write content files the way a clerk's editor would: YAML with block text, in key order.

PyYAML's emitter (with libyaml when available) is used because it is about twenty times
faster than ruamel.yaml's round-trip dumper, which matters at 25,000 files. Everything it
writes is read back by the project's ruamel.yaml loader.
"""

from __future__ import annotations

from pathlib import Path

import yaml

try:
    from yaml import CSafeDumper as _Base
except ImportError:  # pragma: no cover
    from yaml import SafeDumper as _Base  # type: ignore[assignment]


class _Dumper(_Base):  # type: ignore[misc, valid-type]
    """Multi-line text as `|` blocks; everything else as the safe dumper writes it."""


def _text(dumper: _Dumper, value: str):
    style = "|" if "\n" in value else None
    return dumper.represent_scalar("tag:yaml.org,2002:str", str(value), style=style)


_Dumper.add_representer(str, _text)


def dump(data: dict, header: str = "") -> str:
    """One YAML document; `header` becomes a comment on the first line."""
    body = yaml.dump(data, Dumper=_Dumper, sort_keys=False, allow_unicode=True,
                     default_flow_style=False, width=1 << 20)
    return (f"# {header}\n" if header else "") + body


class Writer:
    """Writes files under one content folder and counts what it wrote."""

    def __init__(self, root: Path) -> None:
        self.root = Path(root)
        self.files = 0
        self.bytes = 0

    def write(self, relative: str, text: str) -> None:
        path = self.root / relative
        path.parent.mkdir(parents=True, exist_ok=True)
        data = text.encode("utf-8")
        path.write_bytes(data)
        self.files += 1
        self.bytes += len(data)

    def yaml(self, relative: str, data: dict, header: str = "") -> None:
        self.write(relative, dump(data, header))

    def report(self, relative: str, front: dict, body: str) -> None:
        self.write(relative, f"---\n{dump(front)}---\n{body}")
