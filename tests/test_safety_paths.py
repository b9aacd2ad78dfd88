"""Files stay inside content/: a path or a link that leads out is an error and is never read.

"Never read" is proved with named pipes: reading one blocks until a writer comes, and none
ever does, so a tool that opened it would hang until the test's timeout fails it.
"""

from __future__ import annotations

import os
from pathlib import Path

import pytest
from conftest import papers, write_tree

MEETING = (
    "committee: csc\ndate: 2022-03-23\nstatus: held\n"
    "items:\n  - minute: 1\n    title: Report\n    documents: [A]\n"
)
SECRET = "CANARYOUTSIDE83 never to be read\n"


def report(appendix_file: str) -> str:
    return (
        "---\nmeeting: csc/2022-03-23\nletter: A\ntitle: Report\n"
        f"appendices:\n  - label: Appendix 1\n    file: {appendix_file}\n---\nBody.\n"
    )


@pytest.fixture
def archive(project: Path) -> Path:
    """A valid archive with one meeting, and a secret file beside content/."""
    write_tree(project, {"content/meetings/csc/2022-03-23.yml": MEETING, "secret.md": SECRET})
    return project


def check(project: Path) -> tuple[int, str]:
    # A short timeout: a tool that opened one of the named pipes would hang here.
    result = papers("--project", str(project), "check", timeout=60)
    output = result.stdout + result.stderr
    assert "Traceback" not in output
    assert "CANARYOUTSIDE83" not in output
    return result.returncode, result.stdout


def pipe(path: Path) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    os.mkfifo(path)
    return path


@pytest.mark.parametrize("appendix_file", [
    "../../../secret.md",
    "../../people/people.yml",
    "sub/../../../../secret.md",
    "/etc/passwd",
    "{project}/secret.md",
])
def test_an_appendix_path_leading_out_of_the_folder_is_an_error(archive, appendix_file):
    appendix_file = appendix_file.format(project=archive)
    write_tree(archive, {"content/reports/csc/2022-03-23-A.md": report(appendix_file)})
    code, out = check(archive)
    assert code == 1
    assert (f"content/reports/csc/2022-03-23-A.md:7:11: error: appendices[0].file: "
            f"'{appendix_file}' is outside the report's folder") in out, out


def test_a_linked_appendix_file_is_an_error_and_never_read(archive):
    outside = pipe(archive / "outside/appendix.md")
    write_tree(archive, {"content/reports/csc/2022-03-23-A.md": report("appendix.md")})
    (archive / "content/reports/csc/appendix.md").symlink_to(outside)
    code, out = check(archive)
    assert code == 1
    assert ("content/reports/csc/appendix.md: error: content files may not be symbolic links"
            in out)
    assert "appendices[0].file: no file 'appendix.md' beside this report" in out


def test_a_linked_attachment_is_an_error_and_never_read(archive):
    # Attachments (a PDF beside a report) are not read, but a link out is still refused.
    outside = pipe(archive / "outside/pack.pdf")
    (archive / "content/reports/csc").mkdir(parents=True)
    (archive / "content/reports/csc/pack.pdf").symlink_to(outside)
    code, out = check(archive)
    assert code == 1
    assert "content/reports/csc/pack.pdf: error: content files may not be symbolic links" in out


def test_a_linked_folder_is_an_error_and_never_read(archive):
    outside = archive / "outside"
    pipe(outside / "2022-03-23.yml")
    write_tree(archive, {"outside/2022-03-24.yml": "committee: csc\n" + SECRET})
    (archive / "content/meetings/linked").symlink_to(outside, target_is_directory=True)
    code, out = check(archive)
    assert code == 1
    assert "content/meetings/linked: error: content folders may not be symbolic links" in out
    assert "outside" not in out


def test_a_linked_folder_of_a_kind_is_an_error_and_never_read(archive):
    outside = archive / "elsewhere"
    pipe(outside / "csc/2022-03-23-A.md")
    (archive / "content/reports").symlink_to(outside, target_is_directory=True)
    code, out = check(archive)
    assert code == 1
    assert "content/reports: error: content folders may not be symbolic links" in out


def test_a_named_pipe_in_content_is_an_error_not_a_hang(archive):
    pipe(archive / "content/meetings/csc/2022-03-24.yml")
    code, out = check(archive)
    assert code == 1
    assert "content/meetings/csc/2022-03-24.yml: error: this is not a regular file" in out


def test_an_appendix_file_withheld_by_one_report_cannot_be_published_by_another(archive):
    write_tree(archive, {
        "content/meetings/csc/2022-03-23.yml": MEETING.replace(
            "documents: [A]", "documents: [A, {letter: B, exempt: {paragraph: 3}}]"),
        "content/reports/csc/shared.md": "CANARYSHARED89 The contract price.\n",
        "content/reports/csc/2022-03-23-A.md": report("shared.md"),
        "content/reports/csc/2022-03-23-B.md": report("shared.md").replace(
            "letter: A", "letter: B\nexempt: {paragraph: 3}"),
    })
    code, out = check(archive)
    assert code == 1
    assert ("content/reports/csc/2022-03-23-A.md:2:1: error: Appendix 1: the file "
            "'reports/csc/shared.md' is exempt as an appendix of "
            "content/reports/csc/2022-03-23-B.md, but this report publishes it") in out, out
