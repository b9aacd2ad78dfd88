"""`papers init`: a council's new repository, which passes `papers check` and builds as it
stands, holds nothing of the tool's, and is never written over a folder in use.
(tests/test_package.py runs the same from an installed wheel.)"""

from __future__ import annotations

import datetime as dt

from conftest import papers
from ruamel.yaml import YAML


def test_the_new_repository_checks_and_builds_with_the_councils_name(tmp_path):
    council = 'Ynys Môn: "Isle of Anglesey" County Council'
    folder = tmp_path / "deep" / "papers"
    made = papers("init", str(folder), "--council", council, cwd=tmp_path)
    assert made.returncode == 0, made.stderr
    assert "Made" in made.stdout and "papers check" in made.stdout
    settings = YAML(typ="safe").load((folder / "mkdocs.yml").read_text())
    assert settings["site_name"] == f"{council} committee papers"
    assert settings["plugins"][0]["papers"]["council"]["name"] == council
    check = papers("check", cwd=folder)
    assert check.returncode == 0, check.stdout
    warnings = [line for line in check.stdout.splitlines() if ": warning: " in line]
    assert len(warnings) == 1 and "no site_url" in warnings[0]
    build = papers("build", cwd=folder)
    assert build.returncode == 0, build.stderr
    home = (folder / "site/index.html").read_text()
    assert "Ynys Môn: &#34;Isle of Anglesey&#34; County Council" in home or (
        "Ynys Môn: &quot;Isle of Anglesey&quot; County Council" in home)


def test_the_example_meeting_is_a_wednesday_still_to_come(tmp_path):
    folder = tmp_path / "papers"
    assert papers("init", str(folder), "--council", "Anytown", cwd=tmp_path).returncode == 0
    [meeting] = (folder / "content/meetings/example-committee").glob("*.yml")
    day = dt.date.fromisoformat(meeting.stem)
    assert day.weekday() == 2
    assert 28 <= (day - dt.date.today()).days < 35
    assert YAML(typ="safe").load(meeting.read_text())["date"] == day


def test_a_folder_with_anything_in_it_is_refused_and_left_alone(tmp_path):
    (tmp_path / ".git").mkdir()
    result = papers("init", str(tmp_path), "--council", "Anytown", cwd=tmp_path)
    assert result.returncode == 1
    assert f"papers init: {tmp_path} is not empty" in result.stderr
    assert [p.name for p in tmp_path.iterdir()] == [".git"]


def test_a_file_is_refused(tmp_path):
    target = tmp_path / "papers"
    target.write_text("notes\n")
    result = papers("init", str(target), "--council", "Anytown", cwd=tmp_path)
    assert result.returncode == 1
    assert "is a file, not a folder" in result.stderr
    assert target.read_text() == "notes\n"


def test_the_council_is_asked_for(tmp_path):
    result = papers("init", str(tmp_path / "papers"), cwd=tmp_path)
    assert result.returncode == 2
    assert "--council" in result.stderr
    assert not (tmp_path / "papers").exists()
