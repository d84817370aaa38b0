#!/usr/bin/env bash
# Fills a wheelhouse: every wheel kbapp needs on one platform and Python, checked
# against the hashed lock, and kbapp's own wheel, with wheelhouse/requirements.txt
# holding all their hashes. Carried to an offline machine, it installs with:
#   python -m venv kbapp-env
#   kbapp-env/bin/pip install --no-index --find-links wheelhouse --require-hashes -r wheelhouse/requirements.txt
# Usage: packaging/wheelhouse.sh [--platform linux-x86_64|windows-amd64] [--python 3.11|3.12|3.13] [--out DIR]
set -euo pipefail
cd "$(dirname "$0")/.."
platform=linux-x86_64
py="$(python3 -c 'import sys; print(f"{sys.version_info[0]}.{sys.version_info[1]}")')"
out=wheelhouse
while [ $# -gt 0 ]; do
  case "$1" in
    --platform) platform="$2"; shift 2 ;;
    --python) py="$2"; shift 2 ;;
    --out) out="$2"; shift 2 ;;
    *) echo "wheelhouse.sh: unknown option $1 (use --platform, --python, --out)" >&2; exit 2 ;;
  esac
done
lock="packaging/locks/$platform-py$py.txt"
if [ ! -f "$lock" ]; then
  echo "wheelhouse.sh: no lock for $platform and Python $py ($lock); see packaging/locks/" >&2
  exit 2
fi
case "$platform" in
  linux-x86_64) tags=(--platform manylinux_2_34_x86_64 --platform manylinux_2_28_x86_64
                      --platform manylinux_2_17_x86_64 --platform manylinux2014_x86_64 --platform linux_x86_64) ;;
  windows-amd64) tags=(--platform win_amd64) ;;
  *) echo "wheelhouse.sh: unknown platform $platform" >&2; exit 2 ;;
esac
python=python3
if [ -x .venv/bin/python ]; then python=.venv/bin/python; fi
mkdir -p "$out"
# Wheels only, for the platform named (not this machine's), each checked against the lock.
"$python" -m pip download --quiet --disable-pip-version-check --only-binary=:all: --no-deps --require-hashes \
  "${tags[@]}" --python-version "$py" --implementation cp -r "$lock" -d "$out"
# kbapp itself: its wheel, and its hash beside the lock's.
rm -f "$out"/kbapp-*.whl
"$python" -m pip wheel --quiet --disable-pip-version-check --no-deps --no-build-isolation -w "$out" .
wheel="$(ls "$out"/kbapp-*.whl)"
{
  echo "# kbapp's wheelhouse for $platform, Python $py: the lock $lock and kbapp's own wheel."
  grep -v '^#' "$lock"
  echo "kbapp==$("$python" -c 'import kbapp; print(kbapp.__version__)') \\"
  echo "    --hash=sha256:$(sha256sum "$wheel" | cut -d' ' -f1)"
} > "$out/requirements.txt"
(cd "$out" && sha256sum ./*.whl requirements.txt > SHA256SUMS)
echo "wheelhouse.sh: $out: $(ls "$out"/*.whl | wc -l) wheels, $(du -sm "$out" | cut -f1) MB, for $platform and Python $py"
