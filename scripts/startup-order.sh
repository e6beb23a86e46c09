#!/usr/bin/env bash
# Writes scripts/startup-order.txt: the functions of the app that run from launch until the library
# is on screen. Release builds for x86-64 Linux hand the list to the linker (build.rs), which places
# those functions next to each other, so start-up maps a few megabytes of the binary instead of
# pieces spread over all of it (docs/performance.md, "Desktop app").
#
# Symbol names change with the compiler and the dependencies' versions; names the linker no longer
# finds are skipped, so a stale list costs memory, never a build. Run this again after updating
# either. Needs valgrind and a display: under Xvfb, e.g.
#   Xvfb :99 & DISPLAY=:99 scripts/startup-order.sh
set -euo pipefail
cd "$(dirname "$0")/.."
cargo build --release --quiet --bin changchun-cards
app="${CARGO_TARGET_DIR:-target}/release/changchun-cards"
data="$(mktemp -d)"
profile="$(mktemp)"
trap 'rm -rf "$data" "$profile"' EXIT

# Callgrind sees every function that runs, however briefly; mangled names are what the linker matches.
ICED_BACKEND=tiny-skia CHANGCHUN_CARDS_EXIT_WHEN_READY=1 \
  valgrind --tool=callgrind --demangle=no --compress-strings=no --compress-pos=no \
  --callgrind-out-file="$profile" "$app" --data-dir "$data" >/dev/null 2>&1

# Each `fn=` line belongs to the object named by the `ob=` line above it; keep the app's own named
# functions (code without a symbol shows as a bare address).
awk -v app="$(realpath "$app")" '
  /^ob=/ { ours = (substr($0, 4) == app) }
  /^fn=0x[0-9a-f]+$/ { next }
  /^fn=/ && ours { name = substr($0, 4); if (!(name in seen)) { seen[name] = 1; print name } }
' "$profile" >scripts/startup-order.txt
echo "scripts/startup-order.txt: $(wc -l <scripts/startup-order.txt) functions"
