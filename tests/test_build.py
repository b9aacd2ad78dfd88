"""`papers build` swaps a finished site into place; a failure leaves the old one untouched."""

from __future__ import annotations

import hashlib
from pathlib import Path

from conftest import copy_project, papers, write_tree


def snapshot(root: Path) -> dict[str, str]:
    return {p.relative_to(root).as_posix(): hashlib.sha256(p.read_bytes()).hexdigest()
            for p in sorted(root.rglob("*")) if p.is_file()}




def test_failed_builds_leave_the_previous_site_untouched(tmp_path):
    project = copy_project(tmp_path)
    assert papers("--project", str(project), "build", "--as-of", "2023-06-01").returncode == 0
    site = project / "site"
    before = snapshot(site)
    content_before = snapshot(project / "content")

    # Bad content: the check fails before anything is built.
    meeting = project / "content/meetings/childrens-services-osc/2022-03-23.yml"
    good = meeting.read_text()
    meeting.write_text(good.replace("status: held", "status: hled"))
    result = papers("--project", str(project), "build")
    assert result.returncode == 1
    assert "Nothing was built; the site is unchanged." in result.stderr
    assert snapshot(site) == before
    meeting.write_text(good)

    # A template error half-way through the MkDocs build.
    template = project / "theme/templates/meeting.html"
    template.write_text(template.read_text() + "{{ no_such_thing.attribute }}")
    result = papers("--project", str(project), "build")
    assert result.returncode == 1
    assert "Traceback" not in result.stderr
    assert "a page template failed" in result.stderr
    assert snapshot(site) == before
    assert not [p for p in project.iterdir() if p.name.startswith(".site-")]

    assert snapshot(project / "content") == content_before


def test_build_reports_where_the_site_is(tmp_path):
    project = copy_project(tmp_path)
    write_tree(project, {})
    result = papers("--project", str(project), "build", "--as-of", "2023-06-01")
    assert result.returncode == 0
    assert f"The site is in {project / 'site'}" in result.stdout
