#!/usr/bin/env bash
# Writes the hashed locks of kbapp's run-time dependencies, one per platform and Python:
#   packaging/locks/{linux-x86_64,windows-amd64}-py3.{11,12,13}.txt
# from pyproject.toml, with uv (installed into build/uv if missing). Run it after a
# change to the dependencies, and commit the locks; packaging/wheelhouse.sh reads them.
# PySide6 6.11's Linux wheels need glibc 2.34 or newer (manylinux_2_34).
set -euo pipefail
cd "$(dirname "$0")/.."
uv=${UV:-$(command -v uv || true)}
if [ -z "$uv" ]; then
  if [ ! -x build/uv/bin/uv ]; then python3 -m venv build/uv && build/uv/bin/pip install -q uv; fi
  uv=build/uv/bin/uv
fi
mkdir -p packaging/locks
for py in 3.11 3.12 3.13; do
  for platform in linux-x86_64:x86_64-manylinux_2_34 windows-amd64:x86_64-pc-windows-msvc; do
    name=${platform%%:*}
    UV_CUSTOM_COMPILE_COMMAND="packaging/lock.sh" "$uv" pip compile pyproject.toml --quiet --generate-hashes \
      --python-platform "${platform#*:}" --python-version "$py" -o "packaging/locks/$name-py$py.txt"
  done
done
ls packaging/locks
