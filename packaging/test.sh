#!/usr/bin/env bash
# Installs kbapp with its test tools (see setup.sh) and runs the checks:
# ruff, mypy and the test suite (offscreen Qt, sockets blocked).
set -euo pipefail
cd "$(dirname "$0")/.."
bash packaging/setup.sh --dev
export QT_QPA_PLATFORM=offscreen
.venv/bin/ruff check kbapp tests
.venv/bin/ruff format --check kbapp tests
.venv/bin/mypy
.venv/bin/python -m pytest "$@"
