#!/usr/bin/env bash
# Install the package and build the site from the bundled content with it, exactly as a
# council's own repository is built: the installed `papers`, not this source tree.
set -euo pipefail
cd "$(dirname "$0")/.."
# Debian's own Python marks itself externally managed; this project installs into it
# as the README says (or into whatever Python runs this script, e.g. a venv).
export PIP_BREAK_SYSTEM_PACKAGES=1 PIP_ROOT_USER_ACTION=ignore NO_MKDOCS_2_WARNING=1
python3 -m pip install --quiet .
papers build "$@"
