"""Publishing from git: the workflow runs what CI runs and deploys site/ from main only; the
pre-commit hooks call real `papers` commands; long commands report their stages."""

from __future__ import annotations

import datetime as dt
import io
import re
import shlex
from pathlib import Path

import pytest
from conftest import ROOT, papers
from ruamel.yaml import YAML

from generator.clerk import init
from generator.cli import parser
from generator.run.disk_cache import CACHE_DIR
from generator.run.progress import Progress

WORKFLOW = ROOT / ".github/workflows/publish.yml"


@pytest.fixture(scope="module")
def council(tmp_path_factory) -> Path:
    """A council's repository as `papers init` makes it."""
    folder = tmp_path_factory.mktemp("council") / "papers"
    init.init(folder, "Anytown Borough Council", dt.date(2026, 12, 4))
    return folder


@pytest.fixture(params=["this project's", "a council's"])
def workflow(request, council) -> Path:
    """This project's own workflow (it runs the tests too) and the one a council gets."""
    return WORKFLOW if request.param == "this project's" else (
        council / ".github/workflows/publish.yml")


def load(path):
    return YAML(typ="safe").load(path.read_text())


def ci_commands() -> list[str]:
    """The commands .ci/run runs, leaving out shell set-up (set, cd)."""
    lines = [line.strip() for line in (ROOT / ".ci/run").read_text().splitlines()]
    return [line for line in lines if line and not line.startswith(("#", "set ", "cd "))]


def steps(workflow) -> list[dict]:
    return [step for job in workflow["jobs"].values() for step in job.get("steps", [])]


def test_the_workflow_runs_what_ci_runs_then_checks_and_builds():
    workflow = load(WORKFLOW)
    # YAML 1.1 reads the key `on` as true; GitHub reads it as the trigger list.
    triggers = workflow.get("on", workflow.get(True))
    assert {"push", "pull_request"} <= set(triggers)
    runs = [step["run"].strip() for step in steps(workflow) if "run" in step]
    assert ci_commands() == ["bash scripts/test.sh"]
    assert "bash .ci/run" in runs
    assert "papers check" in runs
    assert "papers build" in runs
    assert runs.index("papers check") < runs.index("bash .ci/run") < runs.index("papers build")


def test_the_workflow_deploys_site_from_main_only(workflow):
    workflow = load(workflow)
    build, deploy = workflow["jobs"]["build"], workflow["jobs"]["deploy"]
    upload = next(s for s in build["steps"] if s.get("uses", "").startswith(
        "actions/upload-pages-artifact@"))
    assert upload["with"]["path"].rstrip("/") == "site"
    main_only = "github.event_name == 'push' && github.ref == 'refs/heads/main'"
    assert upload["if"] == main_only
    assert deploy["if"] == main_only
    assert deploy["needs"] == "build"
    assert deploy["permissions"] == {"pages": "write", "id-token": "write"}
    assert any(s.get("uses", "").startswith("actions/deploy-pages@") for s in deploy["steps"])
    assert workflow["permissions"] == {"contents": "read"}


def test_a_councils_workflow_installs_the_pinned_tool_then_checks_and_builds(council):
    runs = [step["run"].strip() for step in steps(load(council / ".github/workflows/publish.yml"))
            if "run" in step]
    assert runs == [f'python -m pip install "committee-papers=={init.version()}"',
                    "papers check", "papers build"]


def hooks_of(path: Path) -> dict:
    hooks = load(path)
    if isinstance(hooks, dict):  # a repository's .pre-commit-config.yaml
        hooks = [hook for repo in hooks["repos"] for hook in repo["hooks"]]
    return {hook["id"]: hook for hook in hooks}


@pytest.mark.parametrize("config", [".pre-commit-hooks.yaml", "council"])
def test_the_hooks_run_real_commands(config, council):
    hooks = hooks_of(ROOT / config if config != "council" else
                     council / ".pre-commit-config.yaml")
    assert set(hooks) == {"papers-check", "papers-fmt"}
    assert hooks["papers-check"]["entry"] == "papers check"
    commands = parser()._subparsers._group_actions[0].choices
    for hook in hooks.values():
        program, command, *options = shlex.split(hook["entry"])
        assert program == "papers"
        # Ours installs the package; a council's runs the `papers` its clerk installed.
        assert hook["language"] == ("system" if config == "council" else "python")
        assert hook["pass_filenames"] is False
        parsed = parser().parse_args([command, *options])  # raises on an unknown option
        assert parsed.command in commands


def test_the_publishing_guide_names_the_hooks_and_the_workflow():
    guide = (ROOT / "docs/publishing.md").read_text()
    for hook in load(ROOT / ".pre-commit-hooks.yaml"):
        assert f"id: {hook['id']}" in guide
    assert ".github/workflows/publish.yml" in guide


def test_build_reports_its_stages_and_a_summary_in_plain_text(tmp_path):
    result = papers("build", "--as-of", "2023-06-01", "--site-dir", str(tmp_path / "site"))
    assert result.returncode == 0, result.stderr
    assert "\x1b[" not in result.stdout + result.stderr  # no colours in a log
    assert re.search(r"^Checking the content: \d+ files, 0 errors, \d+ warnings \(\d+\.\ds\)$",
                     result.stderr, re.M), result.stderr
    assert re.search(r"^Building the site with MkDocs: \d+ pages \(\d+\.\ds\)$",
                     result.stderr, re.M), result.stderr
    assert re.search(r"^Built \d+ pages with \d+ warnings as of 2023-06-01 in \d+\.\ds\.$",
                     result.stdout, re.M), result.stdout


def test_a_terminal_gets_ticks_and_a_failed_stage_says_so():
    out = io.StringIO()
    progress = Progress(out, fancy=True)
    with progress.stage("Checking the content") as stage:
        stage.detail = "3 files"
    try:
        with progress.stage("Building"):
            raise OSError("disk full")
    except OSError:
        pass
    text = out.getvalue()
    assert re.search(r"✓.*Checking the content: 3 files \(\d\.\ds\)", text)
    assert re.search(r"✗.*Building \(\d\.\ds\)", text)

    plain = io.StringIO()
    try:
        with Progress(plain, fancy=False).stage("Building"):
            raise OSError("disk full")
    except OSError:
        pass
    assert re.fullmatch(r"failed: Building \(\d\.\ds\)\n", plain.getvalue())


def test_the_workflow_keeps_the_parsed_files_before_it_checks(workflow):
    """A fresh clone with the last run's parses only parses what changed."""
    build = load(workflow)["jobs"]["build"]["steps"]
    names = [step.get("run", step.get("uses", "")).strip() for step in build]
    cache = next(i for i, name in enumerate(names) if name.startswith("actions/cache@"))
    assert Path(build[cache]["with"]["path"]) == CACHE_DIR
    assert build[cache]["with"]["restore-keys"]  # the latest run's, whichever commit it was
    assert cache < names.index("papers check")
