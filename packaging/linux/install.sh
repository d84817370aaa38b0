#!/usr/bin/env bash
# Installs the kbapp bundle this script is in, with its menu entry, or removes it.
#   sudo ./install.sh              into /opt/kbapp, for every user (/usr/local: command, menu, icon)
#   ./install.sh --user            into ~/.local/opt/kbapp, for you alone (~/.local: command, menu, icon)
#   [sudo] ./install.sh --uninstall [--user]
# The bundle is checked against its manifest before it is put in place. Each user's own
# data (knowledge base, bookmarks, settings) is never touched; the removal says where it is.
# DESTDIR, if set, is put before every path (for packagers, and the tests).
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
scope=system
action=install
for arg in "$@"; do
  case "$arg" in
    --user) scope=user ;;
    --uninstall) action=uninstall ;;
    *) echo "install.sh: unknown option $arg (use --user, --uninstall)" >&2; exit 2 ;;
  esac
done
destdir="${DESTDIR:-}"
if [ "$scope" = system ]; then
  app="/opt/kbapp"; share="/usr/local/share"; bin="/usr/local/bin"
  if [ -z "$destdir" ] && [ "$(id -u)" != 0 ]; then
    echo "install.sh: installing for every user needs root: run it with sudo, or use --user" >&2
    exit 1
  fi
else
  app="$HOME/.local/opt/kbapp"; share="$HOME/.local/share"; bin="$HOME/.local/bin"
fi
id=org.kbapp.kbapp
desktop="$share/applications/$id.desktop"
icon="$share/icons/hicolor/scalable/apps/$id.svg"
metainfo="$share/metainfo/$id.metainfo.xml"
link="$bin/kbapp"

refresh_menus() {
  command -v update-desktop-database >/dev/null && update-desktop-database -q "$destdir$share/applications" || true
  command -v gtk-update-icon-cache >/dev/null && gtk-update-icon-cache -q -t "$destdir$share/icons/hicolor" || true
}

if [ "$action" = uninstall ]; then
  if [ ! -e "$destdir$app/kbapp" ]; then
    echo "install.sh: kbapp is not installed in $app" >&2
    exit 1
  fi
  chmod -R u+w "$destdir$app"
  rm -rf "$destdir$app"
  rm -f "$destdir$desktop" "$destdir$icon" "$destdir$metainfo"
  if [ -L "$destdir$link" ]; then rm -f "$destdir$link"; fi
  refresh_menus
  echo "install.sh: kbapp removed from $app, with its menu entry and command."
  echo "install.sh: each user's own data stays in ~/.local/share/kbapp, ~/.config/kbapp and ~/.local/state/kbapp;"
  echo "install.sh: delete those folders to remove it too."
  exit 0
fi

if ! "$here/kbapp" check --folder "$here" >/dev/null; then
  "$here/kbapp" check --folder "$here" || true
  echo "install.sh: this bundle does not match its manifest; install it again from its archive" >&2
  exit 1
fi
mkdir -p "$destdir$(dirname "$app")" "$destdir$bin" "$(dirname "$destdir$desktop")" \
  "$(dirname "$destdir$icon")" "$(dirname "$destdir$metainfo")"
# Beside the old one, then swapped in, so that a failed copy leaves the old one working.
staging="$destdir$app.new-$$"
rm -rf "$staging"
cp -a "$here" "$staging"
chmod -R a-w,a+rX "$staging"
if [ -e "$destdir$app" ]; then
  chmod -R u+w "$destdir$app"
  rm -rf "$destdir$app"
fi
mv "$staging" "$destdir$app"
sed "s|@BIN@|$app/kbapp|g" "$here/share/$id.desktop.in" > "$destdir$desktop"
cp "$here/share/$id.svg" "$destdir$icon"
cp "$here/share/$id.metainfo.xml" "$destdir$metainfo"
ln -sfn "$app/kbapp" "$destdir$link"
refresh_menus
echo "install.sh: kbapp installed in $app; menu entry $desktop; command $link"
