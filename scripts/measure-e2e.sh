#!/usr/bin/env bash
# End to end, as a learner meets it, on a large profile: 100 user decks of 1 000 cards and a learner
# with 1 000 000 reviews (10 a card). Times, each the median of RUNS runs of the release build:
#   - the library ready: from launch until the library with today's counts has been drawn
#     (the app closes itself then: CHANGCHUN_CARDS_EXIT_WHEN_READY=1);
#   - the statistics screen: from launch until its charts are drawn (=statistics);
#   - `changchun-cards stats`: the same figures in the terminal.
# Needs a display for the first two: `Xvfb :99 & DISPLAY=:99 scripts/measure-e2e.sh`.
# DECKS and REVIEWS_PER_CARD make a smaller profile; DATA reuses a folder written before.
set -euo pipefail
cd "$(dirname "$0")/.."
runs="${RUNS:-5}"
decks="${DECKS:-100}"
per_card="${REVIEWS_PER_CARD:-10}"
export ICED_BACKEND="${ICED_BACKEND:-tiny-skia}"
cargo build --release --quiet --bin changchun-cards
cargo build --release --quiet --example synthetic_data
if [ -n "${DATA:-}" ]; then
  data="$DATA"
else
  data="$(mktemp -d)"
  trap 'rm -rf "$data"' EXIT
  target/release/examples/synthetic_data "$data" "$decks" "$per_card"
fi
app=target/release/changchun-cards

seconds() { # command… → wall seconds of each run, one a line (RUNS of them)
  for _ in $(seq "${RUNS:-$runs}"); do
    local start end
    start=$(date +%s.%N)
    "$@" >/dev/null 2>&1
    end=$(date +%s.%N)
    echo "$end $start" | awk '{printf "%.3f\n", $1 - $2}'
  done
}
median() { sort -n | awk '{a[NR]=$1} END {print (NR%2 ? a[(NR+1)/2] : (a[NR/2]+a[NR/2+1])/2)}'; }
report() { # label, times
  echo "$1: median $(echo "$2" | median) s (runs: $(echo "$2" | tr '\n' ' '))"
}

# A first run of the day takes the daily backup of the store; do it before measuring.
"$app" --data-dir "$data" --profile bench backup >/dev/null
# The first statistics of a profile make the store's summary of the log; later ones read it.
report "stats (terminal), first: the summary made from the whole log" \
  "$(RUNS=1 seconds "$app" --data-dir "$data" --profile bench stats)"
report "stats (terminal)" "$(seconds "$app" --data-dir "$data" --profile bench stats)"
if [ -n "${DISPLAY:-}" ]; then
  report "library ready" \
    "$(CHANGCHUN_CARDS_EXIT_WHEN_READY=1 seconds "$app" --data-dir "$data" --profile bench)"
  report "statistics screen ready" \
    "$(CHANGCHUN_CARDS_EXIT_WHEN_READY=statistics seconds "$app" --data-dir "$data" --profile bench)"
else
  echo "no DISPLAY: the window's times were not measured"
fi
