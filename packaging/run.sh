#!/usr/bin/env bash
# Installs kbapp (see setup.sh), builds the knowledge base from the shipped
# sources and opens the window. Arguments go to kbapp: `packaging/run.sh search ISMS`.
# The install is redone only when pyproject.toml changed since the last one, so a
# second launch starts at once.
set -euo pipefail
cd "$(dirname "$0")/.."
stamp=.venv/.kbapp-run-installed
wanted="$(sha256sum pyproject.toml | cut -d' ' -f1)"
if [ ! -x .venv/bin/kbapp ] || [ "$(cat "$stamp" 2>/dev/null)" != "$wanted" ]; then
  bash packaging/setup.sh --gui
  echo "$wanted" > "$stamp"
fi
.venv/bin/kbapp build
exec .venv/bin/kbapp "$@"
