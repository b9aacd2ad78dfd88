#!/usr/bin/env bash
# Install everything the tests need, then run the whole test suite.
set -euo pipefail
cd "$(dirname "$0")/.."
export PIP_BREAK_SYSTEM_PACKAGES=1 PIP_ROOT_USER_ACTION=ignore NO_MKDOCS_2_WARNING=1
# The browser tests drive Debian's Chromium at /usr/bin/chromium; Playwright's own browser
# downloads are never used.
if [ ! -x /usr/bin/chromium ]; then
    apt-get update -qq
    apt-get install -y -qq chromium
fi
python3 -m pip install --quiet --editable '.[test]'
# axe-core (accessibility) and vnu-jar (the W3C Nu HTML checker, run with Java) from npm.
if ! command -v java >/dev/null; then
    apt-get update -qq
    apt-get install -y -qq default-jre-headless
fi
npm ci --no-audit --no-fund --ignore-scripts --loglevel=error
python3 -m ruff check generator tests bench
python3 -m generator fmt --check
python3 -m pytest -q "$@"
