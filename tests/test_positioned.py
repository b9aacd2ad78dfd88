"""The fast loader (generator/stages/positioned.py) must read every file exactly as ruamel.yaml's
round-trip loader does: the same values and the same positions, or hand the file over."""

from __future__ import annotations

from pathlib import Path

import pytest

from generator.record.diagnostics import Diagnostics
from generator.stages import positioned
from generator.stages.parse import _yaml, as_tree, parse_yaml, split_front_matter
from generator.stages.reader import Reader

ROOT = Path(__file__).resolve().parent.parent

SNIPPETS = {
    "words": "title: Young Carers\nvenue: City Hall, Bradford\n",
    "yaml 1.2 words": "a: yes\nb: no\nc: on\nd: off\ne: y\n",
    "booleans": "a: true\nb: False\nc: TRUE\n",
    "nulls": "a:\nb: ~\nc: null\nd: Null\n",
    "integers": "a: 12\nb: -3\nc: +44\nd: 0\n",
    "other numbers": "a: 1.5\nb: 0x1F\nc: 012\nd: 1_000\ne: .inf\nf: 1e3\ng: 0o17\n",
    "text like numbers": "a: 01274 443287\nb: 2021/22\nc: 25 - 64\nd: 2020-11-27 minute 4\n"
                         "e: 1 000\nf: -1 / 2\n",
    "dates and times": "date: 2021-07-29\nstart: 18:00\nwhen: 2021-07-29 18:00\nodd: 2022-02-30\n",
    "quoted": "a: '18:00'\nb: \"true\"\nc: '12'\n",
    "blocks": "a: |\n  one\n  two\nb: >-\n  folded\n  text\n",
    "lists": "items:\n- a\n- b: 1\n  c: [x, y]\n- - nested\n",
    "flow": "a: {b: 1, c: [2, 3]}\n",
    "anchors": "a: &x [1, 2]\nb: *x\n",
    "merge key": "base: &b {x: 1}\nother:\n  <<: *b\n  y: 2\n",
    "explicit tags": "a: !!str 12\nb: !!int '7'\n",
    "unknown tag": "a: !custom thing\n",
    "duplicate key": "a: 1\nb: 2\na: 3\n",
    "two documents": "a: 1\n---\nb: 2\n",
    "empty": "",
    "comment only": "# nothing here\n",
    "tab": "a:\n\tb: 1\n",
    "bad indent": "a: 1\n  b: 2\n",
    "unclosed": "a: [1, 2\n",
    "complex key": "? [a, b]\n: 1\n",
    "unicode": "title: Café – “quoted” 👍\nb: x\n",
}


def _plain(value):
    """A ruamel.yaml tree as plain dicts, lists and scalars, for comparison."""
    if isinstance(value, dict):
        return {key: _plain(item) for key, item in value.items()}
    if isinstance(value, list):
        return [_plain(item) for item in value]
    if isinstance(value, str):
        return str(value)
    if isinstance(value, bool) or value is None:
        return value
    if isinstance(value, int):
        return int(value)
    if isinstance(value, float):
        return float(value)
    return repr(value)  # a tagged value (both loaders leave these to ruamel.yaml)


def _positions(value, path=""):
    """Every (path, key position, value position) in a tree, as tuples. An empty value
    (`key:`) is placed after its colon, where ruamel.yaml places it on the next line."""
    found = []
    if isinstance(value, dict):
        for key in value:
            where = tuple(value.lc.value(key)) if value[key] is not None else None
            found.append((f"{path}.{key}", tuple(value.lc.key(key)), where))
            found += _positions(value[key], f"{path}.{key}")
    elif isinstance(value, list):
        for index, item in enumerate(value):
            found.append((f"{path}[{index}]", tuple(value.lc.item(index))))
            found += _positions(item, f"{path}[{index}]")
    return found


def _ruamel(text: str):
    diags = Diagnostics()
    try:
        return _yaml().load(text), diags
    except Exception as exc:  # noqa: BLE001 - the error itself is what is compared
        return type(exc).__name__, diags


@pytest.mark.parametrize("name", SNIPPETS)
def test_reads_as_ruamel_reads(name):
    text = SNIPPETS[name]
    ours, ours_diags = as_tree(parse_yaml(text, "f.yml", Diagnostics())), None
    theirs, _ = _ruamel(text)
    if isinstance(theirs, str):  # ruamel.yaml failed: we report an error, never a value
        diags = Diagnostics()
        assert parse_yaml(text, "f.yml", diags) is None and diags.errors, name
        return
    assert ours_diags is None
    assert _plain(ours) == _plain(theirs)
    if name not in ("anchors", "merge key"):  # an alias's place is where it is used
        assert _positions(ours) == _positions(theirs)


def test_numbers_other_than_plain_whole_ones_stay_as_written_in_both_loaders():
    """No field holds a fraction: 1e3 in a title is the text 1e3, never 1000.0."""
    text = SNIPPETS["other numbers"]
    written = {line.split(": ")[0]: line.split(": ")[1] for line in text.splitlines()}
    assert positioned.load(text) == written
    assert _plain(_yaml().load(text)) == written
    assert positioned.load("minute: 86\nlate: -3\n") == {"minute": 86, "late": -3}


@pytest.mark.parametrize("name", ["merge key", "explicit tags", "unknown tag",
                                  "duplicate key", "two documents", "tab"])
def test_rare_features_go_to_ruamel(name):
    with pytest.raises(positioned.Unusual):
        positioned.load(SNIPPETS[name])


def test_every_bundled_file_reads_the_same():
    count = 0
    for path in sorted((ROOT / "content").rglob("*")):
        if path.suffix not in (".yml", ".md"):
            continue
        text = path.read_text(encoding="utf-8")
        if path.suffix == ".md":
            parts = split_front_matter(text)
            if parts is None:
                continue
            text = parts[0]
        ours = positioned.load(text)
        theirs = _yaml().load(text)
        assert _plain(ours) == _plain(theirs), path
        assert _positions(ours) == _positions(theirs), path
        count += 1
    assert count > 20


def test_text_from_a_file_only_ruamel_reads_is_text():
    """A merge key sends the whole file to ruamel.yaml, whose `|` blocks are its own kind
    of str: still text to the readers, not "expected text, found text"."""
    diags = Diagnostics()
    text = "base: &b {x: 1}\nother:\n  <<: *b\ntitle: |\n  Block\n  text\nnumber: 7\n"
    tree = as_tree(parse_yaml(text, "f.yml", diags))
    assert type(tree["title"]) is not str  # ruamel.yaml's, as the test needs
    reader = Reader(tree, "f.yml", diags)
    assert reader.text("title") == "Block\ntext"
    assert reader.text("number") == "7"
    assert not diags.errors
