"""Parsing on two cores gives what parsing on one gives: the same sources, texts and
problems, in the same order, whether or not parses are kept on disk."""

from __future__ import annotations

import os
from pathlib import Path

import pytest
from conftest import write_tree

from generator.record.diagnostics import Diagnostics
from generator.run.disk_cache import ParsedFiles
from generator.stages import load
from generator.stages.positioned import PositionedList, PositionedMap

BROKEN = {
    "07": "committee: csc\nitems: [unclosed\n",  # a syntax error
    "12": "committee: csc\ncommittee: again\n",  # a duplicate key
    "18": "base: &base {venue: City Hall}\nitems:\n  - <<: *base\n    title: Merged\n",
    "23": b"committee: csc\nvenue: Caf\xe9\n",  # not UTF-8
    "29": "",  # empty
    "31": "committee: csc\nnumber: 0x1F\n",  # only ruamel.yaml reads it
}


def _archive(root: Path) -> Path:
    files: dict[str, str | bytes] = {}
    for n in range(40):
        day = f"{n:02d}"
        files[f"content/meetings/csc/2022-01-{day}.yml"] = BROKEN.get(day, (
            f"committee: csc\ndate: 2022-01-{day}\nitems:\n  - title: Item {n}\n"
            f"    minutes: |\n      Line one of {n}.\n      Line two.\n"))
        files[f"content/reports/csc/2022-01-{day}-A.md"] = (
            f"---\nmeeting: csc/2022-01-{day}\nletter: A\ntitle: Report {n}\n---\n"
            f"# Body {n}\n" if n % 5 else f"An appendix, number {n}.\n")
    files["content/meetings/csc/2022-01-05-agenda.pdf"] = b"%PDF-1.4"
    return write_tree(root, files)


def _shape(node):
    """A parsed tree with every recorded position, to compare two trees whole."""
    if type(node) is PositionedMap:
        return (node.lc.line, node.lc.col, [(key, node.lc.key(key), node.lc.value(key),
                                             _shape(value)) for key, value in node.items()])
    if type(node) is PositionedList:
        return (node.lc.line, node.lc.col, [(node.lc.item(i), _shape(v))
                                            for i, v in enumerate(node)])
    if isinstance(node, (dict, list)):
        return ("ruamel.yaml", repr(node))
    return node


_REAL_PARSE = load._parse_portable


def _parse_and_say_so(share, kind, root):
    """The helper's work, leaving a mark that it was done (in the helper's process)."""
    (root.parent / "helper-parsed").touch()
    return _REAL_PARSE(share, kind, root)


def _load(project: Path, kept: bool):
    diags = Diagnostics()
    parsed = ParsedFiles(project / "content") if kept else None
    loaded = load.load(project / "content", diags, project, kept=parsed)
    if parsed:
        parsed.save()
    sources = [(s.kind, s.path, _shape(s.data), s.line_offset, s.body, s.body_line)
               for s in loaded.sources]
    return sources, loaded.texts, loaded.attachments, [str(d) for d in diags.sorted()]


@pytest.mark.skipif(len(os.sched_getaffinity(0)) < 2, reason="one core: no helper to start")
@pytest.mark.parametrize("kept", [False, True])
def test_parsing_on_two_cores_matches_one(tmp_path, monkeypatch, kept):
    project = _archive(tmp_path)
    monkeypatch.setattr(load, "_parse_portable", _parse_and_say_so)
    two = _load(project, kept)
    assert (project / "helper-parsed").exists()  # the helper parsed a share
    (project / "helper-parsed").unlink()
    if kept:
        for shard in (project / ".cache").rglob("*.marshal"):
            shard.unlink()  # parse everything again, this time on one core
    monkeypatch.setattr(load, "_PARALLEL_FROM", 10**9)
    one = _load(project, kept)
    assert not (project / "helper-parsed").exists()
    assert two == one
    sources, texts, attachments, problems = one
    assert len(sources) == 40 - 4 + 32  # four broken meetings give no tree; 32 reports
    assert len(texts) == 8 and attachments
    assert len(problems) >= 4


def _helper_dies(*_args):
    os._exit(1)  # as if killed for memory


def _helper_fails(*_args):
    raise RuntimeError("a bug in the helper")


@pytest.mark.skipif(len(os.sched_getaffinity(0)) < 2, reason="one core: no helper to start")
@pytest.mark.parametrize("failure", [_helper_dies, _helper_fails])
def test_a_helper_that_dies_or_fails_leaves_the_parsing_here(tmp_path, monkeypatch, failure):
    """The helper only saves time: whatever becomes of it, the run gives the same result
    and never waits for ever."""
    project = _archive(tmp_path)
    for n in range(40):  # a second folder, after the helper is gone
        write_tree(project, {f"content/meetings/other/2022-02-{n:02d}.yml": "committee: other\n"})
    monkeypatch.setattr(load, "_PARALLEL_FROM", 10**9)
    one = _load(project, kept=True)
    for shard in (project / ".cache").rglob("*.marshal"):
        shard.unlink()
    monkeypatch.setattr(load, "_PARALLEL_FROM", 32)
    monkeypatch.setattr(load, "_parse_portable", failure)
    two = _load(project, kept=True)
    assert two == one
