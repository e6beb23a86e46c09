#!/usr/bin/env bash
# Renders the app icon (assets/icon/changchun-cards.svg) at the sizes desktops look for, into
# assets/icon/hicolor/SIZExSIZE/apps/changchun-cards.png. Needs rsvg-convert (Debian: librsvg2-bin).
# The PNGs are committed, so packaging needs no renderer.
set -euo pipefail
cd "$(dirname "$0")/.."
for size in 16 24 32 48 64 128 256 512; do
  out="assets/icon/hicolor/${size}x${size}/apps"
  mkdir -p "$out"
  rsvg-convert --width "$size" --height "$size" assets/icon/changchun-cards.svg \
    --output "$out/changchun-cards.png"
done
echo "rendered $(ls assets/icon/hicolor | wc -l) sizes"
