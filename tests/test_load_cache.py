"""load.FileCache: `papers serve` parses again only the files that changed since the last
rebuild, and a cached load gives exactly what a fresh one does, problems included."""

from __future__ import annotations

import os

from conftest import write_tree

from generator.record.diagnostics import Diagnostics
from generator.stages import load as load_module
from generator.stages.load import FileCache, load


def loaded_with(cache, root):
    diags = Diagnostics()
    loaded = load(root / "content", diags, root, cache)
    return loaded, [str(d) for d in diags.sorted()]


def test_only_changed_files_are_parsed_again_and_the_result_is_a_fresh_loads(project,
                                                                             monkeypatch):
    write_tree(project, {"content/committees/broken.yml": "name: [unclosed\n",
                         "content/committees/other.yml": "name: Other\nkind: committee\n"})
    parsed = []
    real = load_module._load_file

    def counting(path, *args):
        parsed.append(path.name)
        return real(path, *args)

    monkeypatch.setattr(load_module, "_load_file", counting)
    cache = FileCache()
    first, first_problems = loaded_with(cache, project)
    assert sorted(parsed) == ["broken.yml", "csc.yml", "other.yml", "people.yml"]
    assert any("broken.yml" in p for p in first_problems)

    parsed.clear()
    again, again_problems = loaded_with(cache, project)
    assert parsed == []
    assert again_problems == first_problems
    assert [s.path for s in again.sources] == [s.path for s in first.sources]

    other = project / "content/committees/other.yml"
    other.write_text("name: Renamed\nkind: committee\n")
    os.utime(other, ns=(1, 1))  # a different mtime however fast the test runs
    (project / "content/committees/broken.yml").unlink()
    parsed.clear()
    changed, changed_problems = loaded_with(cache, project)
    assert parsed == ["other.yml"]
    assert changed_problems == []
    fresh, fresh_problems = loaded_with(None, project)
    assert [(s.path, s.data) for s in changed.sources] == [(s.path, s.data)
                                                           for s in fresh.sources]
    assert fresh_problems == changed_problems
    assert cache.is_stale(other) is False
    other.write_text("name: Again\nkind: committee\n")
    os.utime(other, ns=(2, 2))
    assert cache.is_stale(other) is True
