#!/usr/bin/env bash
# Builds the Linux packages and checks them as a distribution would: lintian, desktop-file-validate
# and appstreamcli on the files, then installs the .deb with apt and the tarball with its script and
# runs what they installed. Needs root for the .deb (CI runs as root). Installs its tools from
# Debian's packages when they are missing.
# Usage: scripts/check-linux-package.sh [--binary PATH]   (as scripts/package-linux.sh)
set -euo pipefail
cd "$(dirname "$0")/.."

tools="lintian desktop-file-utils appstream dpkg-dev"
if ! command -v lintian >/dev/null || ! command -v desktop-file-validate >/dev/null \
  || ! command -v appstreamcli >/dev/null || ! command -v dpkg-shlibdeps >/dev/null; then
  apt-get update -qq
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq $tools >/dev/null
fi

scripts/package-linux.sh "$@"
deb=$(ls target/package/changchun-cards_*.deb)
tarball=$(ls target/package/changchun-cards-*-linux-*.tar.gz)

echo "== desktop-file-validate, appstreamcli"
desktop-file-validate assets/linux/changchun-cards.desktop
appstreamcli validate --no-net assets/linux/app.changchuncards.ChangchunCards.metainfo.xml

echo "== lintian"
lintian --fail-on error,warning "$deb"

echo "== install the .deb"
DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "./$deb" >/dev/null
trap 'DEBIAN_FRONTEND=noninteractive apt-get remove -y -qq changchun-cards >/dev/null || true' EXIT
test "$(command -v changchun-cards)" = /usr/bin/changchun-cards
/usr/bin/changchun-cards --version
data=$(mktemp -d)
/usr/bin/changchun-cards --data-dir "$data" validate
test -f /usr/share/applications/changchun-cards.desktop
test -f /usr/share/icons/hicolor/256x256/apps/changchun-cards.png
rm -rf "$data"

echo "== the tarball's install script"
unpacked=$(mktemp -d)
prefix=$(mktemp -d)
tar -C "$unpacked" -xzf "$tarball"
"$unpacked"/changchun-cards-*/install.sh "$prefix"
"$prefix/bin/changchun-cards" --version
test -f "$prefix/share/applications/changchun-cards.desktop"
"$unpacked"/changchun-cards-*/install.sh --uninstall "$prefix"
test ! -e "$prefix/bin/changchun-cards"
rm -rf "$unpacked" "$prefix"
echo "The Linux packages install and run."
