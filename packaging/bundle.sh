#!/usr/bin/env bash
# Builds kbapp's one-folder bundle for Linux x86_64, to carry to an offline workstation:
#   dist/kbapp-VERSION-linux-x86_64.tar.gz   the bundle: kbapp-VERSION/kbapp and its files,
#                                            with a prebuilt, checked knowledge base
#   dist/SHA256SUMS                          the archive's SHA-256, for `sha256sum -c`
# Inside, MANIFEST.sha256 lists every file's SHA-256, for `kbapp check`, and install.sh
# puts the bundle in /opt/kbapp (or ~/.local with --user) with its menu entry.
# Usage: packaging/bundle.sh [--out DIR] [--no-setup]
set -euo pipefail
cd "$(dirname "$0")/.."
out=dist
setup=1
while [ $# -gt 0 ]; do
  case "$1" in
    --out) out="$2"; shift 2 ;;
    --no-setup) setup=0; shift ;;
    *) echo "bundle.sh: unknown option $1 (use --out DIR, --no-setup)" >&2; exit 2 ;;
  esac
done
if [ "$(uname -s)-$(uname -m)" != "Linux-x86_64" ]; then
  echo "bundle.sh: builds the Linux x86_64 bundle; on Windows follow README's PowerShell steps" >&2
  exit 2
fi
# --gui: the X11 libraries Qt's xcb plugin needs are on this machine, so PyInstaller bundles them.
if [ "$setup" = 1 ]; then bash packaging/setup.sh --gui --bundle; fi
python=.venv/bin/python
version="$($python -c 'import kbapp; print(kbapp.__version__)')"
name="kbapp-$version"
archive="$name-linux-x86_64.tar.gz"
work=build/bundle
rm -rf "$work"
mkdir -p "$work" "$out"

# 1. The knowledge base, built from the shipped sources and checked whole, so that the
#    first start copies it instead of building.
KBAPP_HOME="$work/home" .venv/bin/kbapp build --force >/dev/null
$python packaging/bundle_tools.py prebuilt "$work/home" "$work/prebuilt"

# 2. The folder. PyInstaller's work files stay in build/pyinstaller, so a second build is quicker.
KBAPP_PREBUILT="$PWD/$work/prebuilt" $python -m PyInstaller --noconfirm --log-level WARN \
  --distpath "$work/dist" --workpath build/pyinstaller packaging/kbapp.spec
$python packaging/bundle_tools.py warnings build/pyinstaller/kbapp/warn-kbapp.txt
mv "$work/dist/kbapp" "$work/$name"
if find "$work/$name" -iname '*Qt6Network*' -o -iname '*WebEngine*' -o -iname '*qvnc*' | grep -q .; then
  echo "bundle.sh: the bundle holds Qt's network or web modules; see packaging/kbapp.spec" >&2
  exit 1
fi

# 3. The desktop integration and its installer (install.sh --user, or as root for /opt/kbapp).
mkdir -p "$work/$name/share"
cp packaging/linux/org.kbapp.kbapp.desktop.in packaging/linux/org.kbapp.kbapp.metainfo.xml "$work/$name/share/"
cp kbapp/resources/icons/kbapp.svg "$work/$name/share/org.kbapp.kbapp.svg"
cp packaging/linux/install.sh "$work/$name/install.sh"

# 4. The manifest, then the archive (files read-only, owned by root, in name order).
$python packaging/bundle_tools.py manifest "$work/$name"
chmod -R a-w,a+rX "$work/$name"
tar --sort=name --owner=0 --group=0 --numeric-owner -C "$work" -czf "$out/$archive" "$name"
chmod -R u+w "$work/$name"
(cd "$out" && sha256sum "$archive" > SHA256SUMS)
echo "bundle.sh: $out/$archive ($(du -m "$out/$archive" | cut -f1) MB; unpacked $(du -sm "$work/$name" | cut -f1) MB)"
echo "bundle.sh: $out/SHA256SUMS"
