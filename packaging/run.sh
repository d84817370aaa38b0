#!/usr/bin/env bash
# Installs kbapp (see setup.sh), builds the knowledge base from the shipped
# sources and opens the window. Arguments go to kbapp: `packaging/run.sh search ISMS`.
set -euo pipefail
cd "$(dirname "$0")/.."
bash packaging/setup.sh --gui
.venv/bin/kbapp build
exec .venv/bin/kbapp "$@"
