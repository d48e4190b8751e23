#!/bin/sh
# Sets up a development environment from a fresh clone: the few system libraries that
# Qt needs (Debian/Ubuntu, installed only when missing), then a virtual environment in
# .venv with the project and its pinned dependencies. Safe to run again.
set -eu
cd "$(dirname "$0")/.."

PYTHON="${PYTHON:-python3}"
"$PYTHON" - <<'PY' || { echo "ITSCM Desktop needs Python 3.11 or newer." >&2; exit 1; }
import sys
sys.exit(0 if sys.version_info >= (3, 11) else 1)
PY

# System libraries Qt loads at run time (offscreen and X11). Listed one per line.
if command -v dpkg-query >/dev/null 2>&1; then
    missing=""
    for pkg in $(grep -v '^#' packaging/debian-packages.txt); do
        dpkg-query -W -f='${Status}' "$pkg" 2>/dev/null | grep -q "ok installed" || missing="$missing $pkg"
    done
    if [ -n "$missing" ]; then
        echo "Installing system packages:$missing"
        if [ "$(id -u)" = 0 ]; then SUDO=""; else SUDO="sudo"; fi
        $SUDO apt-get update -qq
        DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq $missing
    fi
fi

if [ ! -x .venv/bin/python ]; then
    "$PYTHON" -m venv .venv
fi
stamp=.venv/.itscm-installed
if [ ! -f "$stamp" ] || [ pyproject.toml -nt "$stamp" ] || [ packaging/constraints.txt -nt "$stamp" ]; then
    .venv/bin/python -m pip install --quiet --disable-pip-version-check --upgrade pip
    .venv/bin/python -m pip install --quiet --disable-pip-version-check \
        -c packaging/constraints.txt -e '.[dev]'
    touch "$stamp"
fi
