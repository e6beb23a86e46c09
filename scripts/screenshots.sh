#!/usr/bin/env bash
# Takes docs/screenshots/<screen>-<theme>-<width>x<height>.png of every screen, in the light and dark
# themes, at 800×600 and 1280×800, by driving the real app with its keyboard shortcuts.
# Needs an X display without a window manager, xdotool and ImageMagick's `import`, e.g.
#   Xvfb :93 -screen 0 1280x800x24 &  DISPLAY=:93 scripts/screenshots.sh
# The app runs on a fresh data folder per theme (with ICED_BACKEND=tiny-skia, as no GPU is needed).
set -euo pipefail
cd "$(dirname "$0")/.."
# The app as built by `cargo build` (or `cargo test`); BIN=path takes another build.
bin="${BIN:-${CARGO_TARGET_DIR:-target}/debug/changchun-cards}"
out=docs/screenshots
mkdir -p "$out"
export ICED_BACKEND="${ICED_BACKEND:-tiny-skia}"

# Keys go to the focused window (winit ignores keys sent to a window that is not focused).
key() { xdotool key "$@"; sleep "${PAUSE:-1.2}"; }
shot() { import -window "$win" "$out/$1-$theme-${w}x${h}.png"; }

for theme in ${THEMES:-light dark}; do
  for size in ${SIZES:-1280x800 800x600}; do
    w="${size%x*}"; h="${size#*x}"
    data="$(mktemp -d)"
    mkdir -p "$data"
    echo "(theme: ${theme^})" > "$data/settings.ron"
    # A class folder the learner joins (their study below writes their results there), and two
    # classmates who joined but have not studied yet.
    class="$data/class-9b"
    "$bin" --data-dir "$data" class create "History 9B" --folder "$class" >/dev/null
    "$bin" --data-dir "$data" class join "$class" --name "Anna Petrova" >/dev/null 2>&1
    for mate in "Boris Ito" "Chen Wei"; do
      "$bin" --data-dir "$data/mates" --profile "${mate%% *}" class join "$class" --name "$mate" >/dev/null 2>&1
    done
    "$bin" --data-dir "$data" >/dev/null 2>&1 &
    app=$!
    win="$(xdotool search --sync --onlyvisible --name "Changchun Cards" | head -n 1)"
    xdotool windowmove "$win" 0 0 windowsize "$win" "$w" "$h" windowfocus --sync "$win"
    xdotool mousemove "$w" "$h"
    sleep 3
    shot library
    # A few answers first, so that the statistics and the summary have something to show.
    key s
    shot study
    key space
    shot study-answer
    key 3
    shot study-next
    # The second card of a fresh learner asks for a year.
    xdotool type --delay 80 1918; key Return
    shot study-answered
    key Return
    # The first Escape leaves the answer field, the second ends the session.
    key Escape; key Escape
    shot summary
    key Return
    key q
    shot quiz-setup
    key Return
    shot quiz
    key Escape; key Escape
    key b
    shot browse
    # ↓ selects the first card (studied above); R asks before it resets it to new; Escape takes
    # the question back.
    key Down
    key r
    shot browse-reset
    key Escape
    key Escape
    key g
    sleep 2
    shot statistics
    key c
    shot class-student
    # Opening the class folder as its teacher: the in-app chooser, as this desktop has no dialog.
    key o
    sleep 2
    # Tab puts the cursor in the path field.
    key Tab
    xdotool key ctrl+a; xdotool type --delay 20 "$class/"; key Return
    sleep 2
    shot class
    key Escape
    key n
    shot editor
    key Escape
    key comma
    shot settings
    key Escape
    # The Help button of the library (a synthetic "?" does not reach the app under Xvfb).
    if [ "$w" = 1280 ]; then xdotool mousemove 285 133; else xdotool mousemove 430 133; fi
    sleep 0.5; xdotool mousedown 1; sleep 0.2; xdotool mouseup 1
    xdotool mousemove "$w" "$h"; sleep 1.2
    shot help
    key Escape
    key o
    sleep 2
    shot file-chooser
    key Escape
    kill "$app"
    wait "$app" 2>/dev/null || true
    rm -rf "$data"
  done
done
