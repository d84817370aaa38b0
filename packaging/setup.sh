#!/usr/bin/env bash
# Installs what kbapp needs on this machine: Qt's system libraries (Debian/Ubuntu,
# when run as root or with sudo) and a virtual environment in .venv with kbapp in it.
# Usage: packaging/setup.sh [--dev] [--gui] [--bundle]
set -euo pipefail
cd "$(dirname "$0")/.."

dev=0
gui=0
bundle=0
for arg in "$@"; do
  case "$arg" in
    --dev) dev=1 ;;
    --gui) gui=1 ;;
    --bundle) bundle=1 ;;  # PyInstaller, to build the offline bundle
    *) echo "setup.sh: unknown option $arg (use --dev, --gui, --bundle)" >&2; exit 2 ;;
  esac
done

# Qt's runtime libraries: offscreen needs the first set, a real window the second.
qt_offscreen=(libegl1 libgl1 libfontconfig1 libxkbcommon0 libdbus-1-3 libglib2.0-0)
qt_window=(xvfb xauth libxkbcommon-x11-0 libxcb-cursor0 libxcb-icccm4 libxcb-image0 libxcb-keysyms1
           libxcb-render-util0 libxcb-shape0)
# The tests open exported CSV in LibreOffice (headless) to prove formulas stay text,
# put kbapp's home on a network filesystem (SFTP through sshfs, to this machine),
# trace the offline bundle's system calls (strace), and validate the desktop entry
# and AppStream metainfo.
# The keyboard journeys drive a real window on Xvfb, under a window manager (openbox),
# with real key presses (xdotool).
test_tools=(libreoffice-calc-nogui sshfs openssh-server strace desktop-file-utils appstream openbox xdotool)
wanted=("${qt_offscreen[@]}")
if [ "$gui" = 1 ] || [ "$dev" = 1 ]; then wanted+=("${qt_window[@]}"); fi
if [ "$dev" = 1 ]; then wanted+=("${test_tools[@]}"); fi

if command -v apt-get >/dev/null 2>&1 && command -v dpkg-query >/dev/null 2>&1; then
  missing=()
  for pkg in "${wanted[@]}"; do
    dpkg-query -W -f='${Status}' "$pkg" 2>/dev/null | grep -q "install ok installed" || missing+=("$pkg")
  done
  if [ "${#missing[@]}" -gt 0 ]; then
    sudo=""
    if [ "$(id -u)" != 0 ]; then sudo="sudo"; fi
    echo "setup.sh: installing system packages: ${missing[*]}" >&2
    $sudo apt-get update -qq
    DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
  fi
else
  echo "setup.sh: not a Debian-like system; make sure Qt 6's runtime libraries are installed" >&2
fi

python=${PYTHON:-python3}
if [ ! -x .venv/bin/python ]; then
  "$python" -m venv .venv
fi
.venv/bin/python -m pip install -q --upgrade pip
extras=()
if [ "$dev" = 1 ]; then extras+=(dev); fi
if [ "$bundle" = 1 ]; then extras+=(bundle); fi
if [ "${#extras[@]}" -gt 0 ]; then
  .venv/bin/python -m pip install -q -e ".[$(IFS=,; echo "${extras[*]}")]"
else
  .venv/bin/python -m pip install -q -e .
fi
