"""No input makes `papers check` print a traceback: broken files become diagnostics."""

from __future__ import annotations

from pathlib import Path

import pytest
from conftest import ROOT, papers, write_tree

GOOD = (ROOT / "content/meetings/childrens-services-osc/2022-03-23.yml").read_text()
MEETING = "content/meetings/csc/2022-03-23.yml"

BROKEN = {
    "truncated": GOOD.encode()[: len(GOOD) // 3],
    "tabs": b"committee: csc\n\tdate: 2022-03-23\n",
    "binary": bytes(range(256)) * 4,
    "empty": b"",
    "whitespace-only": b"   \n\n",
    "bom": b"\xef\xbb\xbfcommittee: csc\ndate: 2022-03-23\nstatus: held\n",
    "crlf": b"committee: csc\r\ndate: 2022-03-23\r\nstatus: held\r\nvenu: x\r\n",
    "latin-1": "committee: csc\nvenue: Caf\u00e9\n".encode("latin-1"),
    "huge": b"committee: csc\nnotes:\n" + b"  - " + b"x" * 80 + b"\n" * (5 * 1024 * 1024 // 85),
    "list-at-top": b"- committee: csc\n",
    "scalar-at-top": b"just some words\n",
    "deep-nesting": b"a: " + b"[" * 5000 + b"]" * 5000 + b"\n",
    "duplicate-keys": b"committee: csc\ncommittee: csc\n",
    "duplicate-block-keys": b"committee: csc\nnotes: |\n  one\n  two\nnotes: |\n  three\n",
    "anchors": b"a: &x [*x]\n",
    "unclosed-quote": b'committee: "csc\ndate: 2022-03-23\n',
    "nul-in-text": b"committee: csc\x00\n",
    "tilde": b"~\n",
    "null": b"null\n",
    "comments-only": b"# The meeting of 23 March, to be written up.\n# committee: csc\n",
}


@pytest.mark.parametrize("name", sorted(BROKEN))
def test_broken_file_is_reported_not_crashed(project, name):
    write_tree(project, {MEETING: BROKEN[name]})
    result = papers("--project", str(project), "check")
    output = result.stdout + result.stderr
    assert "Traceback" not in output
    assert result.returncode in (0, 1)
    problems = [line for line in result.stdout.splitlines() if line.startswith(MEETING)]
    if name not in ("bom", "crlf"):
        assert result.returncode == 1, output
        assert problems, output
    # One line a problem, whatever text the problem quotes.
    assert all(line.startswith((MEETING, "papers check")) for line in result.stdout.splitlines())


def test_bom_and_crlf_files_are_read_like_any_other(project):
    write_tree(project, {MEETING: BROKEN["bom"]})
    assert papers("--project", str(project), "check").returncode == 0
    write_tree(project, {MEETING: BROKEN["crlf"]})
    result = papers("--project", str(project), "check")
    # CRLF line endings must not shift the reported line.
    assert f"{MEETING}:4:1: error: unknown key 'venu' (did you mean 'venue'?)" in result.stdout


def test_broken_report_front_matter(project):
    write_tree(project, {
        "content/reports/csc/2022-03-23-A.md": "---\nmeeting: [csc/2022-03-23\n---\nBody\n",
    })
    result = papers("--project", str(project), "check")
    assert "content/reports/csc/2022-03-23-A.md:3:1: error: YAML syntax error" in result.stdout
    assert "Traceback" not in result.stdout + result.stderr


def test_missing_content_folder(tmp_path: Path):
    result = papers("--project", str(tmp_path), "check")
    assert result.returncode == 1
    assert "content: error: content folder not found" in result.stdout


@pytest.mark.parametrize("body", ["~\n", "null\n", "# to be written\n", "--- ~\n"])
def test_a_file_of_nothing_but_null_or_comments_is_an_error_not_a_vanished_record(
        project, body):
    write_tree(project, {MEETING: body})
    result = papers("--project", str(project), "check")
    assert result.returncode == 1, result.stdout
    assert f"{MEETING}:1:1: error: the file holds no keys, only comments or null" in (
        result.stdout)


def test_report_front_matter_of_only_null_is_an_error(project):
    report = "content/reports/csc/2022-03-23-A.md"
    write_tree(project, {report: "---\n~\n---\nThe report's body.\n"})
    result = papers("--project", str(project), "check")
    assert result.returncode == 1, result.stdout
    assert f"{report}:2:1: error: the front matter holds no keys" in result.stdout


@pytest.mark.parametrize("address", ["fatima.butt@", "jill bell@bradford.gov.uk",
                                     "governance.bradford.gov.uk", "x@localhost"])
def test_an_email_address_that_cannot_be_mailed_is_an_error_at_its_place(project, address):
    write_tree(project, {"content/committees/csc.yml": (
        "name: Test Committee\nkind: committee\ncontacts:\n  - name: Jill Bell\n"
        f"    email: {address}\n")})
    result = papers("--project", str(project), "check")
    assert result.returncode == 1, result.stdout
    assert (f"content/committees/csc.yml:5:12: error: contacts[0].email: '{address}' is not "
            "an e-mail address") in result.stdout


@pytest.mark.parametrize(("body", "hint"), [
    ("committee: csc\ndate: 2022-03-23\nstatus: held\nvenue: Room 1: City Hall\n",
     'put the whole value in quotes, e.g. title: "Item 5: Budget"'),
    ("committee: csc\nattendance:\n  present:\n    " + "LABOUR " * 150 + ": [winnard]\n",
     "a key may be at most 1,024 characters"),
])
def test_a_stray_colon_says_what_to_do(project, body, hint):
    write_tree(project, {MEETING: body})
    result = papers("--project", str(project), "check")
    assert result.returncode == 1
    assert "YAML syntax error: mapping values are not allowed here" in result.stdout
    assert hint in result.stdout, result.stdout
