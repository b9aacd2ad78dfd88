"""The tool as a council gets it: built into a wheel and an sdist, installed into a fresh
virtual environment in a temporary folder that cannot see this source tree, then used on
a new repository (`papers init`) and on a copy of the bundled content, through the steps
of the publish workflow `papers init` writes.

The virtual environments install the package's dependencies from the package registry,
as a council's would; nothing here imports the generator from the source tree.
"""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
import zipfile
from pathlib import Path

import pytest
from conftest import ROOT
from ruamel.yaml import YAML

COUNCIL = "Anytown Borough Council"
AS_OF = "2023-06-01"


def run(args: list[str], cwd: Path, env: dict, timeout: int = 900) -> subprocess.CompletedProcess:
    result = subprocess.run(args, cwd=cwd, env=env, capture_output=True, text=True,
                            timeout=timeout)
    assert result.returncode == 0, f"{args} failed:\n{result.stdout}\n{result.stderr}"
    return result


def bash(command: str, cwd: Path, env: dict) -> subprocess.CompletedProcess:
    return run(["bash", "-euo", "pipefail", "-c", command], cwd, env)


@pytest.fixture(scope="module")
def dist(tmp_path_factory) -> Path:
    """The sdist, and the wheel built from it, as `python -m build` makes them."""
    out = tmp_path_factory.mktemp("dist")
    run([sys.executable, "-m", "build", "--outdir", str(out), str(ROOT)], ROOT, dict(os.environ))
    return out


def wheel(dist: Path) -> Path:
    return next(dist.glob("committee_papers-*.whl"))


def fresh_env(venv: Path, dist: Path) -> dict:
    """The environment a council's runner gives its steps: the virtual environment first
    on PATH, nothing of this tree importable, and our wheels where pip looks for
    packages (the registry has none of ours)."""
    env = {key: value for key, value in os.environ.items()
           if key not in ("PYTHONPATH", "PYTHONHOME", "VIRTUAL_ENV")}
    env["PATH"] = f"{venv / 'bin'}:{env.get('PATH', '/usr/bin:/bin')}"
    env["VIRTUAL_ENV"] = str(venv)
    env["PIP_FIND_LINKS"] = f"{dist} {os.environ.get('PIP_FIND_LINKS', '')}".strip()
    env["NO_MKDOCS_2_WARNING"] = "1"
    env["PAPERS_AS_OF"] = AS_OF
    return env


def workflow_runs(repository: Path) -> list[str]:
    workflow = YAML(typ="safe").load((repository / ".github/workflows/publish.yml").read_text())
    return [step["run"].strip() for job in workflow["jobs"].values()
            for step in job.get("steps", []) if "run" in step]


@pytest.fixture(scope="module")
def installed(dist, tmp_path_factory) -> tuple[Path, dict]:
    """A fresh virtual environment with the package installed by the install step of the
    publish workflow that `papers init` writes (run verbatim), and the starter repository
    that workflow came from."""
    place = tmp_path_factory.mktemp("council")
    venv = place / "venv"
    run([sys.executable, "-m", "venv", str(venv)], place, dict(os.environ))
    env = fresh_env(venv, dist)
    # Only the wheel's own `papers init` can write the workflow: install it once, plain,
    # into a scratch environment to make the repository.
    scratch = place / "scratch"
    run([sys.executable, "-m", "venv", str(scratch)], place, dict(os.environ))
    scratch_env = fresh_env(scratch, dist)
    run([str(scratch / "bin/python"), "-m", "pip", "install", "--quiet", str(wheel(dist))],
        place, scratch_env)
    repository = place / "our-papers"
    run([str(scratch / "bin/papers"), "init", str(repository), "--council", COUNCIL],
        place, scratch_env)
    installs = [line for line in workflow_runs(repository) if "pip install" in line]
    assert len(installs) == 1, installs
    bash(installs[0], repository, env)
    return venv, env, repository


def test_the_wheel_carries_every_file_a_site_needs(dist):
    names = set(zipfile.ZipFile(wheel(dist)).namelist())
    tracked = subprocess.run(["git", "ls-files", "theme"], cwd=ROOT, capture_output=True,
                             text=True, check=True).stdout.split()
    assert len(tracked) > 20
    missing = [path for path in tracked if f"generator/{path}" not in names]
    assert not missing, f"theme files left out of the wheel: {missing}"
    for schema in (ROOT / "generator/outputs/schema").glob("*.json"):
        assert f"generator/outputs/schema/{schema.name}" in names
    starter = [p for p in (ROOT / "generator/clerk/starter").rglob("*") if p.is_file()]
    assert len(starter) >= 9
    for path in starter:
        assert path.relative_to(ROOT).as_posix() in names


def test_the_installed_package_is_not_the_source_tree(installed):
    venv, env, repository = installed
    where = run([str(venv / "bin/python"), "-c", "import generator; print(generator.__file__)"],
                repository, env).stdout.strip()
    assert Path(where).is_relative_to(venv), where
    assert not Path(where).is_relative_to(ROOT)


def test_papers_init_makes_a_repository_that_checks_and_builds(installed, tmp_path):
    venv, env, repository = installed
    # The council's repository holds its own files only: no code or templates of ours.
    files = sorted(p.relative_to(repository).as_posix() for p in repository.rglob("*")
                   if p.is_file())
    assert not [f for f in files if f.endswith((".py", ".html", ".css", ".js"))], files
    for expected in ("mkdocs.yml", ".gitignore", ".pre-commit-config.yaml", "README.md",
                     ".github/workflows/publish.yml", "content/committees/example-committee.yml",
                     "content/people/example-committee.yml"):
        assert expected in files
    assert [f for f in files if f.startswith("content/meetings/example-committee/")]
    # A copy, so the module's repository stays as papers init left it.
    copy = tmp_path / "copy"
    shutil.copytree(repository, copy)
    check = bash("papers check", copy, env)
    assert "papers check passed: 0 errors" in check.stdout
    assert "no site_url" in check.stdout  # a fresh repository has no public address yet
    bash("papers build", copy, env)
    site = copy / "site"
    for page in ("index.html", "search/index.html", "accessibility/index.html",
                 "about/index.html", "committees/example-committee/index.html",
                 "stylesheets/papers.css", "javascripts/search.js",
                 "javascripts/reading-settings.js", "pagefind/pagefind.js",
                 "feeds/papers.atom", "data/index.json"):
        assert (site / page).is_file(), page
    assert list((site / "meetings/example-committee").glob("*/index.html"))
    assert list((site / "calendar").glob("*.ics"))
    home = (site / "index.html").read_text()
    assert 'href="stylesheets/papers.css"' in home
    assert 'src="javascripts/search.js"' in home
    assert COUNCIL in home  # the footer names the council


def test_papers_init_refuses_a_folder_that_is_not_empty(installed, tmp_path):
    venv, env, _ = installed
    (tmp_path / "notes.txt").write_text("the clerk's own file\n")
    result = subprocess.run(["papers", "init", str(tmp_path), "--council", COUNCIL],
                            cwd=tmp_path, env=env, capture_output=True, text=True)
    assert result.returncode == 1
    assert "is not empty" in result.stderr
    assert "Traceback" not in result.stderr
    assert [p.name for p in tmp_path.iterdir()] == ["notes.txt"]
    assert (tmp_path / "notes.txt").read_text() == "the clerk's own file\n"


def test_the_workflow_steps_build_the_bundled_content(installed, tmp_path):
    """The bundled Bradford papers in a council's folder of their own (content, docs and
    mkdocs.yml; no theme/), built by the workflow's own check and build steps."""
    venv, env, repository = installed
    folder = tmp_path / "bradford"
    shutil.copytree(ROOT / "content", folder / "content")
    shutil.copytree(ROOT / "docs", folder / "docs")
    shutil.copy(ROOT / "mkdocs.yml", folder / "mkdocs.yml")
    steps = [line for line in workflow_runs(repository) if "pip install" not in line]
    assert steps == ["papers check", "papers build"]
    for step in steps:
        bash(step, folder, env)
    site = folder / "site"
    meeting = (site / "meetings/childrens-services-osc/2022-03-23/index.html").read_text()
    assert "MONITORING OF THE CHILDREN" in meeting
    assert 'href="../../../stylesheets/papers.css"' in meeting
    pages = {p.relative_to(site).as_posix() for p in site.rglob("*.html")}
    assert len(pages) >= 50
    assert (site / "pagefind/pagefind.js").is_file()
    # Every page and file the site links to exists.
    for page in ("index.html", "committees/childrens-services-osc/index.html"):
        html = (site / page).read_text()
        for href in re.findall(r'(?:href|src)="([^"#?:]+)"', html):
            target = (site / page).parent / href
            assert target.exists() or (target / "index.html").exists(), (page, href)


def test_the_workflow_installs_no_browser_and_runs_no_tests_of_ours(installed):
    _, _, repository = installed
    runs = "\n".join(workflow_runs(repository))
    for word in ("pytest", ".ci/run", "chromium", "playwright", "npm", "apt-get", "git clone"):
        assert word not in runs
    assert re.search(r'pip install "committee-papers==\d+\.\d+\.\d+"', runs), runs


def test_pip_installs_from_the_sdist(dist, tmp_path):
    venv = tmp_path / "venv"
    run([sys.executable, "-m", "venv", str(venv)], tmp_path, dict(os.environ))
    env = fresh_env(venv, dist)
    sdist = next(dist.glob("committee_papers-*.tar.gz"))
    bash(f"python -m pip install --quiet {sdist}", tmp_path, env)
    bash(f"papers init papers --council '{COUNCIL}'", tmp_path, env)
    bash("papers build", tmp_path / "papers", env)
    assert (tmp_path / "papers/site/stylesheets/papers.css").is_file()
