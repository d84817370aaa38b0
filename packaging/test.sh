#!/usr/bin/env bash
# Installs kbapp with its test tools (see setup.sh) and runs the checks:
# ruff, mypy and the test suite (offscreen Qt, sockets blocked), on every core: one
# worker per core (KBAPP_TEST_WORKERS=0 runs it in this process), each test module whole
# on one worker (tests/conftest.py groups them).
set -euo pipefail
cd "$(dirname "$0")/.."
bash packaging/setup.sh --dev
export QT_QPA_PLATFORM=offscreen
.venv/bin/ruff check kbapp tests
.venv/bin/ruff format --check kbapp tests
.venv/bin/mypy
.venv/bin/python -m pytest -n "${KBAPP_TEST_WORKERS:-auto}" --dist loadfile "$@"
