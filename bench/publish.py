"""A council's publish workflow, timed: the steps of the workflow `papers init` writes, run
in a fresh virtual environment on a copy of the bundled content, as a runner would.

    python3 bench/publish.py [--repeat N]

Builds the wheel once (not a workflow step: the registry holds it), then for each repeat
makes a fresh virtual environment and times the workflow's own steps: installing the
pinned version (from the wheel, its dependencies from the registry or pip's cache, as a
runner's cache would give them), `papers check` and `papers build`. Prints each step's
median and the total; the target is under a minute.
"""

from __future__ import annotations

import argparse
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from ruamel.yaml import YAML

ROOT = Path(__file__).resolve().parent.parent
TARGET_S = 60.0


def workflow_steps(repository: Path) -> list[str]:
    workflow = YAML(typ="safe").load((repository / ".github/workflows/publish.yml").read_text())
    return [step["run"].strip() for job in workflow["jobs"].values()
            for step in job.get("steps", []) if "run" in step]


def one_run(dist: Path, place: Path) -> dict[str, float]:
    venv = place / "venv"
    subprocess.run([sys.executable, "-m", "venv", str(venv)], check=True)
    env = {key: value for key, value in os.environ.items() if key != "PYTHONPATH"}
    env.update(PATH=f"{venv / 'bin'}:{env.get('PATH', '/usr/bin:/bin')}",
               VIRTUAL_ENV=str(venv), NO_MKDOCS_2_WARNING="1",
               PIP_FIND_LINKS=f"{dist} {os.environ.get('PIP_FIND_LINKS', '')}".strip())
    starter = place / "starter"
    subprocess.run([sys.executable, "-m", "generator", "init", str(starter), "--council",
                    "Bench"], check=True, capture_output=True, cwd=ROOT)
    folder = place / "papers"
    shutil.copytree(ROOT / "content", folder / "content")
    shutil.copytree(ROOT / "docs", folder / "docs")
    shutil.copy(ROOT / "mkdocs.yml", folder / "mkdocs.yml")
    times = {}
    for step in workflow_steps(starter):
        start = time.perf_counter()
        subprocess.run(["bash", "-euo", "pipefail", "-c", step], cwd=folder, env=env,
                       check=True, capture_output=True)
        times[step] = time.perf_counter() - start
    return times


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeat", type=int, default=3)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as scratch:
        dist = Path(scratch) / "dist"
        subprocess.run([sys.executable, "-m", "build", "--wheel", "--outdir", str(dist),
                        str(ROOT)], check=True, capture_output=True)
        runs = []
        for number in range(args.repeat):
            place = Path(scratch) / f"run{number}"
            place.mkdir()
            runs.append(one_run(dist, place))
    print(f"The publish workflow's steps on the bundled content, median of {args.repeat} "
          "fresh virtual environments:")
    for step in runs[0]:
        print(f"  {statistics.median(run[step] for run in runs):6.1f} s  {step}")
    total = statistics.median(sum(run.values()) for run in runs)
    print(f"  {total:6.1f} s  in all (target: under {TARGET_S:.0f} s; "
          f"{total / TARGET_S:.2f} of it)")


if __name__ == "__main__":
    main()
