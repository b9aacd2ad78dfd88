#!/usr/bin/env bash
# Install everything the tests need, then run the whole test suite.
set -euo pipefail
cd "$(dirname "$0")/.."
export PIP_BREAK_SYSTEM_PACKAGES=1 PIP_ROOT_USER_ACTION=ignore NO_MKDOCS_2_WARNING=1
python3 -m pip install --quiet --editable '.[test]'
python3 -m ruff check generator tests
python3 -m pytest -q "$@"
