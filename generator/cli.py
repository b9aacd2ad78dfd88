"""The `papers` command: check, build and preview the site; start and tidy content files.

Exit codes: 0 clean, 1 problems in the content (or a failed build, or a file that cannot
be made), 2 a usage mistake.
"""

from __future__ import annotations

import argparse
import datetime as dt
import gc
import os
import shutil
import sys
import tempfile
from pathlib import Path

from generator.clerk import fmt, init, scaffold
from generator.run.progress import Progress, plural
from generator.stages import pipeline, site_settings

EXIT_OK, EXIT_PROBLEMS, EXIT_USAGE = 0, 1, 2


def _report(result: pipeline.Result, strict: bool, out) -> bool:
    """Print every diagnostic and a summary line; True when the content passes."""
    diagnostics = result.diagnostics
    for diagnostic in diagnostics.sorted():
        print(diagnostic, file=out)
    errors, warnings = len(diagnostics.errors), len(diagnostics.warnings)
    failed = errors or (strict and warnings)
    verdict = "failed" if failed else "passed"
    print(f"papers check {verdict}: {plural(errors, 'error')}, {plural(warnings, 'warning')} "
          f"in {plural(result.files_read, 'file')}", file=out)
    if strict and warnings and not errors:
        print("(--strict counts warnings as errors)", file=out)
    return not failed


def _checked(project: Path, args: argparse.Namespace, as_of: dt.date) -> pipeline.Result:
    """The content checked, with the site's settings in mkdocs.yml (site_settings.py)."""
    result = pipeline.check(project / args.content, as_of, shown_from=project)
    result.diagnostics.extend(site_settings.check(project / args.config, project))
    return result


def cmd_check(args: argparse.Namespace) -> int:
    project = Path(args.project).resolve()
    as_of = pipeline.parse_as_of(args.as_of)
    result = _checked(project, args, as_of)
    return EXIT_OK if _report(result, args.strict, sys.stdout) else EXIT_PROBLEMS


def _config_file(project: Path, config_file: str) -> Path:
    path = project / config_file
    if not path.is_file():
        raise pipeline.UsageError(f"no MkDocs configuration at {path}")
    return path


def _pin_date(as_of: dt.date) -> None:
    """Build as of this date: statuses, and the sitemap's date, which MkDocs takes from
    SOURCE_DATE_EPOCH; the same date then gives the same bytes."""
    os.environ[pipeline.AS_OF_ENV] = as_of.isoformat()
    midnight = dt.datetime.combine(as_of, dt.time(), tzinfo=dt.UTC)
    os.environ["SOURCE_DATE_EPOCH"] = str(int(midnight.timestamp()))


def cmd_build(args: argparse.Namespace) -> int:
    from generator.mkdocs_adapter import build

    project = Path(args.project).resolve()
    config_file = _config_file(project, args.config)
    as_of = pipeline.parse_as_of(args.as_of)
    _pin_date(as_of)
    progress = Progress()
    with progress.stage("Checking the content") as stage:
        result = _checked(project, args, as_of)
        stage.detail = (f"{plural(result.files_read, 'file')}, "
                        f"{plural(len(result.diagnostics.errors), 'error')}, "
                        f"{plural(len(result.diagnostics.warnings), 'warning')}")
    if not _report(result, args.strict, sys.stderr):
        print("Nothing was built; the site is unchanged.", file=sys.stderr)
        return EXIT_PROBLEMS
    pipeline.hand_over(result, as_of)
    # The checked archive lives to the end: keep the cycle collector from walking it again
    # at every collection while MkDocs builds (this process ends after the build).
    gc.freeze()
    site = Path(args.site_dir).resolve() if args.site_dir else project / "site"
    # Build beside the live site, then swap: a failure at any point leaves it untouched.
    site.parent.mkdir(parents=True, exist_ok=True)
    staging = Path(tempfile.mkdtemp(prefix=".site-new-", dir=site.parent))
    try:
        with progress.stage("Building the site with MkDocs") as stage:
            build.build(config_file, staging, args.strict)
            stage.detail = plural(sum(1 for _ in staging.rglob("*.html")), "page")
    except (build.BuildFailed, OSError) as exc:
        shutil.rmtree(staging, ignore_errors=True)
        print(f"papers build failed: {exc}", file=sys.stderr)
        print("The site is unchanged.", file=sys.stderr)
        return EXIT_PROBLEMS
    except Exception as exc:  # a bug, not the clerk's doing: still no half-written site
        shutil.rmtree(staging, ignore_errors=True)
        print(f"papers build failed: internal error ({type(exc).__name__}: {exc}); "
              "please report it with the command you ran.", file=sys.stderr)
        print("The site is unchanged.", file=sys.stderr)
        return EXIT_PROBLEMS
    except BaseException:
        shutil.rmtree(staging, ignore_errors=True)
        raise
    _swap_into_place(staging, site)
    pages = sum(1 for _ in site.rglob("*.html"))
    print(f"Built {plural(pages, 'page')} with "
          f"{plural(len(result.diagnostics.warnings), 'warning')} as of {as_of.isoformat()} "
          f"in {progress.elapsed():.1f}s.")
    print(f"The site is in {site}")
    return EXIT_OK


def _swap_into_place(staging: Path, site: Path) -> None:
    old = None
    if site.exists():
        old = Path(tempfile.mkdtemp(prefix=".site-old-", dir=site.parent))
        old.rmdir()
        site.rename(old)
    staging.rename(site)
    if old is not None:
        shutil.rmtree(old, ignore_errors=True)


def cmd_serve(args: argparse.Namespace) -> int:
    project = Path(args.project).resolve()
    as_of = pipeline.parse_as_of(args.as_of)
    # The same date as `papers build --as-of`, so the preview is the site that would build.
    _pin_date(as_of)
    from generator.mkdocs_adapter import serve

    config_file = _config_file(project, args.config)
    serve.run(project, config_file, project / args.content, args.dev_addr, as_of)
    return EXIT_OK


def _archive(args: argparse.Namespace) -> tuple[Path, pipeline.Result]:
    """The checked archive that `papers new` works from."""
    project = Path(args.project).resolve()
    result = pipeline.check(project / args.content, pipeline.parse_as_of(args.as_of),
                            shown_from=project)
    errors = len(result.diagnostics.errors)
    if errors:
        print(f"note: the content has {plural(errors, 'error')} (run papers check); "
              "records with errors are left out of what follows", file=sys.stderr)
    return project, result


def _made(made: scaffold.Made, project: Path, args: argparse.Namespace) -> int:
    """Say what was made, then check it, as the clerk would next."""
    shown = made.path.relative_to(project) if made.path.is_relative_to(project) else made.path
    print(f"{made.verb} {shown}")
    for note in made.notes:
        print(f"  {note}")
    result = pipeline.check(project / args.content, pipeline.parse_as_of(args.as_of),
                            shown_from=project)
    own = [d for d in result.diagnostics.sorted() if d.position.path == shown.as_posix()]
    for diagnostic in own:
        print(diagnostic)
    errors = [d for d in own if d.severity.value == "error"]
    print(f"{shown} {'has errors' if errors else 'passes papers check'}; edit it, then run "
          "papers check")
    return EXIT_PROBLEMS if errors else EXIT_OK


def cmd_new(args: argparse.Namespace) -> int:
    project, result = _archive(args)
    content = project / args.content
    try:
        if args.what == "meeting":
            try:
                day = dt.date.fromisoformat(args.date)
            except ValueError:
                raise pipeline.UsageError(
                    f"the date must be written YYYY-MM-DD, not {args.date!r}") from None
            made = scaffold.new_meeting(content, result.archive, args.committee, day,
                                        args.without_plan)
        elif args.what == "report":
            made = scaffold.new_report(content, result.archive, args.meeting, args.letter)
        else:
            made = scaffold.new_minutes(content, result.archive, args.meeting, args.first)
    except scaffold.ScaffoldError as exc:
        print(f"papers new {args.what}: {exc}", file=sys.stderr)
        return EXIT_PROBLEMS
    return _made(made, project, args)


def cmd_fmt(args: argparse.Namespace) -> int:
    project = Path(args.project).resolve()
    content = project / args.content
    progress = Progress()
    with progress.stage("Checking the content") as stage:
        result = pipeline.check(content, pipeline.parse_as_of(args.as_of), shown_from=project)
        broken = {(project / d.position.path).resolve() for d in result.diagnostics.errors}
        stage.detail = plural(len(broken), "file") + " with errors"
    with progress.stage("Checking the layout" if args.check else "Formatting") as stage:
        outcome = fmt.format_tree(content, broken, write=not args.check)
        stage.detail = plural(len(outcome.changed) + len(outcome.unchanged), "file")
    verb = "would be reformatted" if args.check else "reformatted"
    for path in outcome.changed:
        print(f"{'would reformat' if args.check else 'reformatted'} {path.relative_to(project)}")
    for path, why in outcome.skipped:
        print(f"not formatted: {path.relative_to(project)}: {why}")
    print(f"papers fmt: {plural(len(outcome.changed), 'file')} {verb}, "
          f"{len(outcome.unchanged)} already tidy, {len(outcome.skipped)} not formatted")
    if args.check and outcome.changed:
        print("Run papers fmt to tidy them.")
    failed = outcome.skipped or (args.check and outcome.changed)
    return EXIT_PROBLEMS if failed else EXIT_OK


def cmd_init(args: argparse.Namespace) -> int:
    folder = Path(args.folder)
    try:
        written = init.init(folder, args.council, dt.date.today())
    except init.InitError as exc:
        print(f"papers init: {exc}", file=sys.stderr)
        return EXIT_PROBLEMS
    for path in written:
        print(f"Made {path}")
    print(f"\n{folder} is a council's papers repository with an example committee, person "
          "and meeting.\nNext:\n"
          f"  cd {folder}\n  papers check\n  papers serve    # preview at http://127.0.0.1:8000/\n"
          "Then replace the examples with your own papers; README.md says what goes where.")
    return EXIT_OK


def parser() -> argparse.ArgumentParser:
    main = argparse.ArgumentParser(
        prog="papers", description="Check, build and preview a council's committee papers.")
    main.add_argument("--project", default=".", help="the project folder (default: here)")
    commands = main.add_subparsers(dest="command", required=True, metavar="COMMAND")

    def command(name: str, func, help_text: str) -> argparse.ArgumentParser:
        sub = commands.add_parser(name, help=help_text, description=help_text)
        sub.set_defaults(func=func)
        sub.add_argument("--content", default="content", help="the content folder")
        sub.add_argument("--as-of", help="the build date, YYYY-MM-DD (default: today); "
                         "statuses such as 'overdue' are worked out as of this date")
        return sub

    check = command("check", cmd_check, "check every content file and list all problems")
    check.add_argument("--strict", action="store_true", help="treat warnings as errors")
    check.add_argument("--config", default="mkdocs.yml", help="the MkDocs configuration")
    build = command("build", cmd_build, "check the content, then build the website")
    build.add_argument("--strict", action="store_true", help="treat warnings as errors")
    build.add_argument("--site-dir", help="where to write the site (default: site/)")
    build.add_argument("--config", default="mkdocs.yml", help="the MkDocs configuration")
    preview = command("serve", cmd_serve, "preview the site, rebuilding as files change; "
                      "errors show on the page")
    preview.add_argument("--config", default="mkdocs.yml", help="the MkDocs configuration")
    preview.add_argument("-a", "--dev-addr", default="127.0.0.1:8000", help="address to serve on")
    tidy = command("fmt", cmd_fmt, "write every content file in the house style, keeping "
                   "comments (never changes what a file says)")
    tidy.add_argument("--check", action="store_true",
                      help="change nothing; list the files that would change and exit 1")
    start = commands.add_parser(
        "init", help="start a council's repository of papers in a new folder",
        description="Make FOLDER (new or empty) a council's repository: an example "
        "committee, person and meeting, mkdocs.yml, a publish workflow, a pre-commit config "
        "and a README for clerks. Never writes into a folder that has anything in it.")
    start.set_defaults(func=cmd_init)
    start.add_argument("folder", help="the folder to make, e.g. our-council-papers")
    start.add_argument("--council", required=True,
                       help='the council\'s name, e.g. "Anytown Borough Council"')
    _new_commands(command("new", cmd_new, "start a meeting, a report or a meeting's minutes"))
    return main


def _new_commands(new: argparse.ArgumentParser) -> None:
    kinds = new.add_subparsers(dest="what", required=True, metavar="WHAT")
    meeting = kinds.add_parser(
        "meeting", help="a meeting file from the committee's work programme for that date",
        description="Make content/meetings/COMMITTEE/DATE.yml: the procedural items, then "
        "the items the work programme plans for that date. Never overwrites a file.")
    meeting.add_argument("committee", help="the committee's id, e.g. childrens-services-osc")
    meeting.add_argument("date", help="the meeting date, YYYY-MM-DD")
    meeting.add_argument("--without-plan", action="store_true",
                         help="make the procedural items alone when the plan has no such date")
    report = kinds.add_parser(
        "report", help="a report file for a document on a meeting's agenda",
        description="Make content/reports/COMMITTEE/DATE-LETTER.md for a document letter the "
        "meeting's agenda lists. Never overwrites a file.")
    report.add_argument("meeting", help="the meeting, COMMITTEE/DATE")
    report.add_argument("letter", help="the document letter, e.g. A")
    minutes = kinds.add_parser(
        "minutes", help="number a meeting's items as minutes and mark it held",
        description="Add minute numbers, continuing the committee's municipal year, and "
        "commented-out minutes and resolutions to write, to an existing meeting file.")
    minutes.add_argument("meeting", help="the meeting, COMMITTEE/DATE")
    minutes.add_argument("--first", type=int, metavar="N",
                         help="the first minute number (when the archive cannot tell)")


def main(argv: list[str] | None = None) -> int:
    # mkdocs-material prints a banner about MkDocs 2.0 on every run; clerks need not see it.
    os.environ.setdefault("NO_MKDOCS_2_WARNING", "1")
    args = parser().parse_args(argv)
    try:
        return args.func(args)
    except pipeline.UsageError as exc:
        print(f"papers: {exc}", file=sys.stderr)
        return EXIT_USAGE
    except KeyboardInterrupt:
        return 130


if __name__ == "__main__":
    sys.exit(main())
