#!/usr/bin/env bash
# Times `aftermath graph --format svg` on synthetic stories of 1,000, 16,000 and 100,000 nodes
# and `aftermath stats` on the scaffold story with one node's text grown to 10 MB and 50 MB:
# seconds and peak memory (`/usr/bin/time -f "%e s %M KB"`), RUNS runs each (default 3).
#
# Usage: scripts/perf-sizes.sh [WORK_DIR]      (default: a temporary folder, removed after)
#
# Builds the release binary without the GUI feature; the synthetic stories are written by the
# ignored test `write_synthetic_story` (`aftermath::tools::synth::synthetic_story(n, 2024)`).
# Figures are in BENCHMARKS.md ("Large stories: SVG graph and stats").
set -euo pipefail

cd "$(dirname "$0")/.."
RUNS=${RUNS:-3}
WORK=${1:-$(mktemp -d)}
[ -n "${1:-}" ] || trap 'rm -rf "$WORK"' EXIT
mkdir -p "$WORK"
cargo build --release --no-default-features -q
BIN=${CARGO_TARGET_DIR:-target}/release/aftermath

for n in 1000 16000 100000; do
    [ -f "$WORK/s$n/story.ron" ] || AFTERMATH_SYNTH_DIR="$WORK/s$n" AFTERMATH_SYNTH_NODES=$n \
        cargo test --no-default-features -q write_synthetic_story -- --ignored >/dev/null
done
rm -rf "$WORK/small"
"$BIN" new "$WORK/small" >/dev/null
for mb in 10 50; do
    rm -rf "$WORK/big$mb"
    cp -r "$WORK/small" "$WORK/big$mb"
    python3 - "$WORK/big$mb/road.ron" "$mb" <<'PY'
import sys
path, mb = sys.argv[1], int(sys.argv[2])
words = ("lorem ipsum dolor sit amet " * (mb * 1024 * 1024 // 27 + 1))[: mb * 1024 * 1024]
ron = open(path).read()
old = 'text: "You breathe slowly and count to ten."'
assert old in ron
open(path, "w").write(ron.replace(old, 'text: "' + words + '"', 1))
PY
done

for n in 1000 16000 100000; do
    for _ in $(seq "$RUNS"); do
        /usr/bin/time -f "graph svg $n nodes: %e s %M KB" "$BIN" graph "$WORK/s$n" --format svg \
            2>&1 >/dev/null | grep -v '^note:'
    done
done
for mb in 10 50; do
    for _ in $(seq "$RUNS"); do
        /usr/bin/time -f "stats ${mb} MB text: %e s %M KB" "$BIN" stats "$WORK/big$mb" 2>&1 >/dev/null
    done
done
