#!/usr/bin/env bash
# Start-up time and memory of the app against an empty iced window, in the same run on the same machine.
# Needs a display: under Xvfb, e.g. `Xvfb :99 & DISPLAY=:99 scripts/measure-startup.sh`.
# Both programs close themselves after their first frame with content (the app: the library with its
# counts, via CHANGCHUN_CARDS_EXIT_WHEN_READY). Prints medians of N runs and the ratios.
set -euo pipefail
cd "$(dirname "$0")/.."
runs="${RUNS:-10}"
export ICED_BACKEND="${ICED_BACKEND:-tiny-skia}"
# Two builds: an example brings in the development dependencies, whose features would change how
# iced is compiled; the app is measured as `cargo build --release` makes it.
cargo build --release --quiet --bin changchun-cards
cargo build --release --quiet --example empty_window
data="$(mktemp -d)"
trap 'rm -rf "$data"' EXIT

measure() { # command… → lines "seconds kilobytes"
  for _ in $(seq "$runs"); do
    /usr/bin/time -f "%e %M" "$@" 2>&1 >/dev/null | tail -n 1
  done
}
median() { sort -n | awk '{a[NR]=$1} END {print (NR%2 ? a[(NR+1)/2] : (a[NR/2]+a[NR/2+1])/2)}'; }

target="${CARGO_TARGET_DIR:-target}"
# Read once, so that both are wholly in the page cache: a page fault maps the cached pages around it.
cat "$target/release/examples/empty_window" "$target/release/changchun-cards" >/dev/null
empty="$(measure "$target/release/examples/empty_window")"
app="$(CHANGCHUN_CARDS_EXIT_WHEN_READY=1 measure "$target/release/changchun-cards" --data-dir "$data")"

empty_t=$(echo "$empty" | awk '{print $1}' | median); empty_m=$(echo "$empty" | awk '{print $2}' | median)
app_t=$(echo "$app" | awk '{print $1}' | median); app_m=$(echo "$app" | awk '{print $2}' | median)
echo "empty window: ${empty_t} s, ${empty_m} KiB"
echo "app:          ${app_t} s, ${app_m} KiB"
awk -v a="$app_t" -v e="$empty_t" -v am="$app_m" -v em="$empty_m" \
  'BEGIN {printf "ratio: start-up %.2fx, memory %.2fx\n", a/e, am/em}'
