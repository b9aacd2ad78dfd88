"""The `papers` command: check, build and serve the committee papers site.

Exit codes: 0 clean, 1 problems in the content (or a failed build), 2 a usage mistake.
"""

from __future__ import annotations

import argparse
import datetime as dt
import os
import shutil
import sys
import tempfile
import time
from pathlib import Path

from . import pipeline

EXIT_OK, EXIT_PROBLEMS, EXIT_USAGE = 0, 1, 2


def _plural(count: int, word: str) -> str:
    return f"{count} {word}{'' if count == 1 else 's'}"


def _report(result: pipeline.Result, strict: bool, out) -> bool:
    """Print every diagnostic and a summary line; True when the content passes."""
    diagnostics = result.diagnostics
    for diagnostic in diagnostics.sorted():
        print(diagnostic, file=out)
    errors, warnings = len(diagnostics.errors), len(diagnostics.warnings)
    failed = errors or (strict and warnings)
    verdict = "failed" if failed else "passed"
    print(f"papers check {verdict}: {_plural(errors, 'error')}, {_plural(warnings, 'warning')} "
          f"in {_plural(result.files_read, 'file')}", file=out)
    if strict and warnings and not errors:
        print("(--strict counts warnings as errors)", file=out)
    return not failed


def cmd_check(args: argparse.Namespace) -> int:
    project = Path(args.project).resolve()
    as_of = pipeline.parse_as_of(args.as_of)
    result = pipeline.check(project / args.content, as_of, shown_from=project)
    return EXIT_OK if _report(result, args.strict, sys.stdout) else EXIT_PROBLEMS


def _mkdocs_config(project: Path, config_file: str, **overrides):
    from mkdocs.config import load_config

    path = project / config_file
    if not path.is_file():
        raise pipeline.UsageError(f"no MkDocs configuration at {path}")
    return load_config(str(path), **overrides)


def cmd_build(args: argparse.Namespace) -> int:
    from mkdocs.commands.build import build
    from mkdocs.exceptions import MkDocsException

    project = Path(args.project).resolve()
    as_of = pipeline.parse_as_of(args.as_of)
    os.environ[pipeline.AS_OF_ENV] = as_of.isoformat()
    # MkDocs dates the sitemap from SOURCE_DATE_EPOCH: the build date makes it reproducible.
    midnight = dt.datetime.combine(as_of, dt.time(), tzinfo=dt.UTC)
    os.environ["SOURCE_DATE_EPOCH"] = str(int(midnight.timestamp()))
    started = time.perf_counter()
    result = pipeline.check(project / args.content, as_of, shown_from=project)
    if not _report(result, args.strict, sys.stderr):
        print("Nothing was built; the site is unchanged.", file=sys.stderr)
        return EXIT_PROBLEMS
    site = Path(args.site_dir).resolve() if args.site_dir else project / "site"
    # Build beside the live site, then swap: a failure at any point leaves it untouched.
    site.parent.mkdir(parents=True, exist_ok=True)
    staging = Path(tempfile.mkdtemp(prefix=".site-new-", dir=site.parent))
    try:
        config = _mkdocs_config(project, args.config, site_dir=str(staging), strict=args.strict)
        build(config)
    except (MkDocsException, OSError) as exc:
        shutil.rmtree(staging, ignore_errors=True)
        print(f"papers build failed: {exc}", file=sys.stderr)
        print("The site is unchanged.", file=sys.stderr)
        return EXIT_PROBLEMS
    except BaseException:
        shutil.rmtree(staging, ignore_errors=True)
        raise
    _swap_into_place(staging, site)
    pages = sum(1 for _ in site.rglob("*.html"))
    seconds = time.perf_counter() - started
    print(f"Built {_plural(pages, 'page')} as of {as_of.isoformat()} in {seconds:.1f}s.")
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
    from mkdocs.commands.serve import serve

    project = Path(args.project).resolve()
    as_of = pipeline.parse_as_of(args.as_of)
    os.environ[pipeline.AS_OF_ENV] = as_of.isoformat()
    config_file = project / args.config
    if not config_file.is_file():
        raise pipeline.UsageError(f"no MkDocs configuration at {config_file}")
    os.chdir(project)
    serve(config_file=str(config_file), dev_addr=args.dev_addr, livereload=True,
          watch=[str(project / args.content), str(project / "theme")])
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
    build = command("build", cmd_build, "check the content, then build the website")
    build.add_argument("--strict", action="store_true", help="treat warnings as errors")
    build.add_argument("--site-dir", help="where to write the site (default: site/)")
    build.add_argument("--config", default="mkdocs.yml", help="the MkDocs configuration")
    serve = command("serve", cmd_serve, "preview the site, rebuilding as files change")
    serve.add_argument("--config", default="mkdocs.yml", help="the MkDocs configuration")
    serve.add_argument("-a", "--dev-addr", default="127.0.0.1:8000", help="address to serve on")
    return main


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
