"""Bad input never crashes the tool: hypothesis mutates the real content files (deletes
keys, swaps types, truncates, inserts random unicode, duplicates keys, ids and whole files)
and `papers check` either passes or reports each problem as `path:line:col: ...` or
`path: ...`, never a traceback.

Most examples call `generator.cli.main` in-process for speed, on a project holding the
mutated file and what it refers to (people, committees, its meeting); a few run the real
command line over the whole archive. Examples are derandomized, so CI runs the same ones
every time.
"""

from __future__ import annotations

import contextlib
import io
import re
import shutil
from pathlib import Path

import pytest
from conftest import ROOT, papers
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from generator import cli

CONTENT = ROOT / "content"
FILES = {p.relative_to(ROOT).as_posix(): p.read_text(encoding="utf-8")
         for p in sorted(CONTENT.rglob("*")) if p.is_file()}
ALWAYS = sorted(name for name in FILES if name.split("/")[1] in ("people", "committees"))
AS_OF = "2023-06-01"

DIAGNOSTIC = re.compile(r"^(?P<path>content/[^\n]+?)(?::(?P<line>\d+):(?P<col>\d+))?: "
                        r"(?P<severity>error|warning): (?P<message>.+)$")
SUMMARY = re.compile(r"^papers check (passed|failed): \d+ errors?, \d+ warnings? in \d+ files?$")
# An entry of a YAML block: a key, or a list item, with everything indented beneath it.
ENTRY = re.compile(r"^(?P<indent> *)(?P<dash>- +)?(?P<key>[^\s#:-][^:#\n]*:(?= |$))?")
REFERENCE = re.compile(r"\b(?P<day>\d{4}-\d{2}-\d{2})(?: (?:item|minute) |$)", re.M)

VALUES = ["42", "-1", "0", "3.5", "true", "false", "null", "~", "[]", "{}", "[a, b]",
          "{x: 1}", '""', "unknown", "2022-02-30", "2022-13", "2022-03-23", '"16:30"',
          "99:99", "!!binary aGk=", "&anchor x", "*nowhere", "!!python/object:os.system x",
          "|\n  a\n  b", ">-", "'unclosed", "- nested", "x" * 300, "\t", "%", "@", "`"]
KEYS = ["title", "minute", "letter", "exempt", "paragraph", "file", "status", "date",
        "committee", "items", "person", "unknown_key", "Title", "titel", "<<", "? x", "0", ""]


def entries(text: str) -> list[tuple[int, int]]:
    """Each YAML entry as (first line, line after its block)."""
    lines = text.split("\n")
    starts = []
    for number, line in enumerate(lines):
        match = ENTRY.match(line)
        if line.strip() and not line.lstrip().startswith("#") and (
                match.group("dash") or match.group("key")):
            starts.append((number, len(match.group("indent"))))
    blocks = []
    for number, indent in starts:
        end = number + 1
        while end < len(lines) and (not lines[end].strip() or
                                    len(lines[end]) - len(lines[end].lstrip(" ")) > indent):
            end += 1
        blocks.append((number, end))
    return blocks


def context(name: str) -> list[str]:
    """The files a content file needs to be read in full: people, its committee, the
    meeting a report belongs to and one of the meetings it refers to. (Parsing YAML is
    most of the time an example takes, so the project holds no more than that.)"""
    parts = name.split("/")
    if parts[1] in ("people", "committees"):
        return list(ALWAYS)
    committee = parts[2]
    needed = [n for n in ALWAYS if "/people/" in n or n.endswith(f"/{committee}.yml")]
    meetings = [m for m in FILES if m.startswith(f"content/meetings/{committee}/")]
    days = sorted({match.group("day") for match in REFERENCE.finditer(FILES[name])})[:1]
    if parts[1] == "reports":
        days.append(parts[3][:10])  # its meeting
        stem = Path(name).stem
        needed += [r for r in FILES if r.startswith(f"content/reports/{committee}/")
                   and (Path(r).stem.startswith(stem[:12]))]
    needed += [m for m in meetings if Path(m).stem in days]
    return sorted(set(needed) | {name})


@st.composite
def mutated(draw) -> tuple[str, dict[str, str]]:
    """A content file, changed in one to three ways; and the files of its project."""
    name = draw(st.sampled_from(sorted(FILES)))
    text = FILES[name]
    extra: dict[str, str] = {}
    for _ in range(draw(st.integers(1, 3))):
        lines = text.split("\n")
        blocks = entries(text) or [(0, 1)]
        start, end = draw(st.sampled_from(blocks))
        kind = draw(st.sampled_from([
            "delete", "duplicate", "swap-type", "rename-key", "truncate", "unicode",
            "unicode-value", "line-noise", "clone-file"]))
        if kind == "delete":
            lines[start:end] = []
        elif kind == "duplicate":  # duplicate keys, ids, minute numbers, letters
            lines[end:end] = lines[start:end]
        elif kind == "swap-type":
            match = ENTRY.match(lines[start])
            head = match.group(0) if match.group("key") else match.group("indent") + (
                match.group("dash") or "")
            value = draw(st.sampled_from(VALUES))
            lines[start:end] = [f"{head} {value}".rstrip()]
        elif kind == "rename-key":
            match = ENTRY.match(lines[start])
            if match.group("key"):
                key = draw(st.sampled_from(KEYS) | st.text(max_size=8))
                prefix = match.group("indent") + (match.group("dash") or "")
                lines[start] = prefix + key + ":" + lines[start][match.end():]
        elif kind == "truncate":
            text = "\n".join(lines)
            lines = text[:draw(st.integers(0, len(text)))].split("\n")
        elif kind == "unicode":
            text = "\n".join(lines)
            at = draw(st.integers(0, len(text)))
            lines = (text[:at] + draw(st.text(min_size=1, max_size=20)) + text[at:]).split("\n")
        elif kind == "unicode-value":
            match = ENTRY.match(lines[start])
            noise = draw(st.text(max_size=30))
            lines[start] = match.group(0) + " " + noise if match.group(0) else noise
        elif kind == "line-noise":
            line = draw(st.integers(0, len(lines) - 1))
            lines[line] = draw(st.sampled_from(["\t" + lines[line], lines[line][1:],
                                                " " + lines[line], "---", "...", "? ",
                                                lines[line] + " #", lines[line] + ":"]))
        elif kind == "clone-file":  # the same record twice: a second file of it
            path = Path(name)
            extra[str(path.with_name(path.stem + "-copy" + path.suffix))] = "\n".join(lines)
        text = "\n".join(lines)
    files = {n: FILES[n] for n in context(name)}
    files[name] = text
    files.update(extra)
    return name, files


def write_project(root: Path, files: dict[str, str]) -> None:
    shutil.rmtree(root / "content", ignore_errors=True)
    for name, text in files.items():
        path = root / name
        path.parent.mkdir(parents=True, exist_ok=True)
        # Random unicode may hold lone surrogates; write them as the bytes an editor
        # mangling them would, so the loader's own decoding is tested.
        path.write_bytes(text.encode("utf-8", errors="surrogatepass"))


def assert_well_reported(code: int, out: str, err: str, root: Path) -> None:
    assert "Traceback" not in out + err, out + err
    assert code in (0, 1), out + err
    lines = out.splitlines()
    assert lines and SUMMARY.match(lines[-1]), out
    errors = 0
    for line in lines[:-1]:
        match = DIAGNOSTIC.match(line)
        assert match, f"not a diagnostic: {line!r}"
        assert (root / match.group("path")).exists() or (
            root / match.group("path")).is_symlink(), line
        if match.group("line"):
            assert int(match.group("line")) >= 1 and int(match.group("col")) >= 0, line
        errors += match.group("severity") == "error"
    assert (code == 1) == (errors > 0), out


FUZZ = settings(max_examples=2000, derandomize=True, deadline=None, database=None,
                suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large,
                                       HealthCheck.filter_too_much])


@pytest.fixture(scope="module")
def root(tmp_path_factory) -> Path:
    return tmp_path_factory.mktemp("fuzz")


@FUZZ
@given(example=mutated())
def test_check_reports_every_mutation_without_crashing(root, example):
    _name, files = example
    write_project(root, files)
    out, err = io.StringIO(), io.StringIO()
    with contextlib.redirect_stdout(out), contextlib.redirect_stderr(err):
        code = cli.main(["--project", str(root), "check", "--as-of", AS_OF])
    assert_well_reported(code, out.getvalue(), err.getvalue(), root)


@settings(FUZZ, max_examples=6)
@given(example=mutated())
def test_the_command_line_reports_mutations_of_the_whole_archive(tmp_path_factory, example):
    name, files = example
    root = tmp_path_factory.mktemp("whole")
    write_project(root, {**FILES, **files})
    result = papers("--project", str(root), "check", "--as-of", AS_OF)
    assert_well_reported(result.returncode, result.stdout, result.stderr, root)


def test_the_mutations_reach_every_file_and_change_it():
    # The strategy must be able to produce bad input: each file is chosen, and most
    # draws change it.
    seen, changed = set(), 0

    @settings(max_examples=400, derandomize=True, database=None, deadline=None,
              suppress_health_check=list(HealthCheck))
    @given(example=mutated())
    def collect(example):
        nonlocal changed
        name, files = example
        seen.add(name)
        changed += files[name] != FILES[name] or len(files) > len(context(name))

    collect()
    assert seen == set(FILES)
    assert changed > 300
