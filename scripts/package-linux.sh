#!/usr/bin/env bash
# Builds what a Linux user downloads, into target/package/:
#   changchun-cards_VERSION-1_ARCH.deb  for Debian, Ubuntu and their kin (dpkg-deb, no other tool)
#   changchun-cards-VERSION-linux-ARCH.tar.gz   the same files with install.sh, for other distributions
# Usage: scripts/package-linux.sh [--binary PATH]   (default: a release build made here)
set -euo pipefail
cd "$(dirname "$0")/.."

binary=""
while [ $# -gt 0 ]; do
  case "$1" in
    --binary) binary="$2"; shift 2 ;;
    *) echo "unknown argument: $1" >&2; exit 2 ;;
  esac
done
if [ -z "$binary" ]; then
  cargo build --release --locked
  binary=target/release/changchun-cards
fi

version=$(sed -n 's/^version = "\(.*\)"/\1/p' Cargo.toml | head -1)
arch=$(dpkg --print-architecture 2>/dev/null || uname -m)
out=target/package
rm -rf "$out"
mkdir -p "$out"

# The file tree both packages install, under /usr.
stage() {
  local root="$1"
  install -Dm755 "$binary" "$root/usr/bin/changchun-cards"
  strip --strip-unneeded "$root/usr/bin/changchun-cards" 2>/dev/null || true
  install -Dm644 assets/linux/changchun-cards.desktop "$root/usr/share/applications/changchun-cards.desktop"
  install -Dm644 assets/linux/app.changchuncards.ChangchunCards.metainfo.xml \
    "$root/usr/share/metainfo/app.changchuncards.ChangchunCards.metainfo.xml"
  install -Dm644 assets/linux/changchun-cards.xml "$root/usr/share/mime/packages/changchun-cards.xml"
  install -Dm644 assets/icon/changchun-cards.svg "$root/usr/share/icons/hicolor/scalable/apps/changchun-cards.svg"
  for png in assets/icon/hicolor/*/apps/changchun-cards.png; do
    install -Dm644 "$png" "$root/usr/share/icons/${png#assets/icon/}"
  done
  install -Dm644 assets/linux/changchun-cards.1 "$root/usr/share/man/man1/changchun-cards.1"
  gzip -9n "$root/usr/share/man/man1/changchun-cards.1"
  install -Dm644 assets/fonts/LICENSE.txt "$root/usr/share/doc/changchun-cards/fonts-LICENSE.txt"
}

# --- .deb
deb="$out/deb"
stage "$deb"
doc="$deb/usr/share/doc/changchun-cards"
{
  echo "Format: https://www.debian.org/doc/packaging-manuals/copyright-format/1.0/"
  echo "Upstream-Name: changchun-cards"
  echo
  echo "Files: *"
  echo "Copyright: 2026 The Changchun Cards authors"
  echo "License: MIT"
  sed 's/^$/./; s/^/ /' LICENSE | tail -n +3
  echo
  echo "Files: usr/share/doc/changchun-cards/fonts-LICENSE.txt"
  echo "Copyright: Bitstream, Inc. and the DejaVu fonts team"
  echo "License: Bitstream-Vera"
  echo " See /usr/share/doc/changchun-cards/fonts-LICENSE.txt; the font is built into the program."
} > "$doc/copyright"
chmod 644 "$doc/copyright"
{
  echo "changchun-cards ($version-1) unstable; urgency=medium"
  echo
  echo "  * See CHANGELOG.md in the source for what changed."
  echo
  echo " -- Changchun Cards authors <changchun-cards@users.noreply.invalid>  $(date -R -d @"${SOURCE_DATE_EPOCH:-$(git log -1 --format=%ct 2>/dev/null || date +%s)}")"
} | gzip -9n > "$doc/changelog.Debian.gz"
chmod 644 "$doc/changelog.Debian.gz"
# Not meant for Debian's own archive, so there is no bug to close.
install -Dm644 /dev/stdin "$deb/usr/share/lintian/overrides/changchun-cards" <<'OVERRIDES'
changchun-cards: initial-upload-closes-no-bugs
OVERRIDES
installed_kb=$(du -sk "$deb/usr" | cut -f1)
# What the binary links against (dpkg-shlibdeps, when dpkg-dev is there), and the libraries the
# windowing code opens at run time, which no linker sees.
linked="libc6, libgcc-s1"
if command -v dpkg-shlibdeps >/dev/null; then
  probe=$(mktemp -d)
  mkdir -p "$probe/debian"
  printf 'Source: changchun-cards\n\nPackage: changchun-cards\nArchitecture: any\n' > "$probe/debian/control"
  found=$(cd "$probe" && dpkg-shlibdeps -O "$OLDPWD/$deb/usr/bin/changchun-cards" 2>/dev/null | sed -n 's/^shlibs:Depends=//p')
  rm -rf "$probe"
  [ -n "$found" ] && linked="$found"
fi
depends="$linked, libx11-6, libxcursor1, libxrandr2, libxi6, libxkbcommon-x11-0, libwayland-client0"
mkdir -p "$deb/DEBIAN"
cat > "$deb/DEBIAN/control" <<CONTROL
Package: changchun-cards
Version: $version-1
Architecture: $arch
Maintainer: Changchun Cards authors <changchun-cards@users.noreply.invalid>
Installed-Size: $installed_kb
Depends: $depends
Recommends: libvulkan1 | libegl1, xdg-desktop-portal
Section: education
Priority: optional
Homepage: https://crates.io/crates/changchun-cards
Description: study the Changchun Conference of 1922 with spaced repetition
 Flashcards, multiple choice, true or false, typed answers, cloze, order,
 matching and number questions on the Changchun Conference of 1922, where
 Japan met the Far Eastern Republic and Soviet Russia. Cards come back on
 the FSRS schedule Anki uses; quizzes are scored and kept over time.
 Teachers write decks as text or in the app, and import Anki, Quizlet, GIFT
 and Moodle XML files.
CONTROL
find "$deb" -type d -exec chmod 755 {} +
dpkg-deb --root-owner-group -Zxz --build "$deb" "$out/changchun-cards_${version}-1_${arch}.deb" >/dev/null
rm -rf "$deb"

# --- .tar.gz with an install script
name="changchun-cards-$version-linux-$arch"
tree="$out/$name"
stage "$tree"
install -Dm644 LICENSE "$tree/LICENSE"
cat > "$tree/install.sh" <<'INSTALL'
#!/bin/sh
# Installs Changchun Cards for this user (~/.local) or, as root, for everyone (/usr/local).
# Usage: ./install.sh [PREFIX]     ./install.sh --uninstall [PREFIX]
set -eu
here=$(cd "$(dirname "$0")" && pwd)
if [ "${1:-}" = "--uninstall" ]; then uninstall=1; shift; else uninstall=0; fi
if [ -n "${1:-}" ]; then prefix="$1"
elif [ "$(id -u)" = 0 ]; then prefix=/usr/local
else prefix="$HOME/.local"; fi
cd "$here/usr"
find . -type f | while read -r f; do
  if [ "$uninstall" = 1 ]; then rm -f "$prefix/$f"; else
    mkdir -p "$prefix/$(dirname "$f")"; cp "$f" "$prefix/$f"; fi
done
command -v update-mime-database >/dev/null && update-mime-database "$prefix/share/mime" >/dev/null 2>&1 || true
command -v update-desktop-database >/dev/null && update-desktop-database "$prefix/share/applications" >/dev/null 2>&1 || true
command -v gtk-update-icon-cache >/dev/null && gtk-update-icon-cache -q "$prefix/share/icons/hicolor" >/dev/null 2>&1 || true
if [ "$uninstall" = 1 ]; then echo "Removed Changchun Cards from $prefix."
else echo "Installed Changchun Cards in $prefix; run changchun-cards or find it in the applications menu."; fi
INSTALL
chmod 755 "$tree/install.sh"
tar -C "$out" --owner=0 --group=0 -czf "$out/$name.tar.gz" "$name"
rm -rf "$tree"
ls -1 "$out"
