#!/usr/bin/env bash
# Checks that the bundled maps in decks/maps are exactly what scripts/maps/render.mjs makes from its
# inputs: renders them afresh into a temporary folder and compares file by file.
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
root="$(cd "$here/../.." && pwd)"

if ! command -v npm >/dev/null; then
    echo "npm not found: installing Node.js and npm"
    apt-get update -qq
    DEBIAN_FRONTEND=noninteractive apt-get install -y -qq nodejs npm >/dev/null
fi

(cd "$here" && npm ci --silent --no-audit --no-fund)

out="$(mktemp -d)"
trap 'rm -rf "$out"' EXIT
node "$here/render.mjs" "$out"

status=0
for made in "$out"/*; do
    name="$(basename "$made")"
    if ! cmp -s "$made" "$root/decks/maps/$name"; then
        echo "decks/maps/$name differs from what scripts/maps/render.mjs makes: run it and commit the result"
        status=1
    fi
done
for kept in "$root"/decks/maps/*; do
    name="$(basename "$kept")"
    if [ ! -e "$out/$name" ]; then
        echo "decks/maps/$name is not made by scripts/maps/render.mjs"
        status=1
    fi
done
[ "$status" -eq 0 ] && echo "maps: $(ls "$out" | wc -l) files match"
exit "$status"
