#!/bin/sh
# Builds a self-contained folder of the desktop app in dist/itscm-desktop with PyInstaller
# (installed into the project's venv on first use; it is a build tool, not a dependency).
set -eu
cd "$(dirname "$0")/.."
sh packaging/setup.sh
.venv/bin/python -m pip install --quiet --disable-pip-version-check "pyinstaller>=6.10"
.venv/bin/pyinstaller --noconfirm --distpath dist --workpath build packaging/itscm-desktop.spec
echo "Built dist/itscm-desktop/ — run dist/itscm-desktop/itscm-desktop"
