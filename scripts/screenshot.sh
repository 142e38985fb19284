#!/usr/bin/env bash
# Takes a screenshot of the desktop game in play, under a virtual X server (Xvfb).
#
# Usage: scripts/screenshot.sh [OUT.png]      (default: docs/images/playing.png)
#        SHOT_ARGS="--lang ko" scripts/screenshot.sh docs/images/playing-ko.png
#
# Builds the release binary if needed, starts Xvfb at 1280x800x24 on a free display, plays
# `--role soldier --seed 7` for a few choices with fresh temporary settings/data/save folders
# (so your own settings and saves are neither used nor touched), grabs the screen and cleans up.
# Rendering uses whatever Vulkan driver is present (Mesa's llvmpipe on a machine without a GPU).
set -euo pipefail

cd "$(dirname "$0")/.."
OUT=${1:-docs/images/playing.png}
BIN=${CARGO_TARGET_DIR:-target}/release/aftermath   # where `cargo build --release` puts it
WAIT_WINDOW=${WAIT_WINDOW:-60}   # seconds to wait for the window

say() { printf 'screenshot: %s\n' "$*"; }

# --- tools -----------------------------------------------------------------------------------
need=()
command -v Xvfb >/dev/null || need+=(xvfb)
command -v xdotool >/dev/null || need+=(xdotool)
command -v import >/dev/null || need+=(imagemagick)
# Software Vulkan for machines without a GPU.
ls /usr/share/vulkan/icd.d/lvp_icd*.json >/dev/null 2>&1 || need+=(mesa-vulkan-drivers)
if ((${#need[@]})); then
    say "installing ${need[*]}"
    SUDO=; [ "$(id -u)" -ne 0 ] && SUDO=sudo
    $SUDO apt-get update -qq
    DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq "${need[@]}" >/dev/null
fi

# --- binary ----------------------------------------------------------------------------------
say "cargo build --release"
cargo build --release --quiet

# --- cleanup ---------------------------------------------------------------------------------
TMP=$(mktemp -d "${TMPDIR:-/tmp}/aftermath-shot.XXXXXX")
XVFB_PID= GAME_PID=
cleanup() {
    set +e   # a killed child's status must not stop the cleanup half-way
    local pid
    for pid in $GAME_PID $XVFB_PID; do
        kill "$pid" 2>/dev/null
        wait "$pid" 2>/dev/null
    done
    rm -rf "$TMP"
}
trap cleanup EXIT
trap 'exit 130' INT TERM

# --- X server on a free display --------------------------------------------------------------
DISP=
for n in $(seq 77 120); do
    if [ ! -e "/tmp/.X$n-lock" ] && [ ! -e "/tmp/.X11-unix/X$n" ]; then DISP=$n; break; fi
done
[ -n "$DISP" ] || { say "no free X display between :77 and :120"; exit 1; }
Xvfb ":$DISP" -screen 0 1280x800x24 -nolisten tcp >"$TMP/xvfb.log" 2>&1 &
XVFB_PID=$!
export DISPLAY=":$DISP"
for _ in $(seq 50); do
    xdotool getdisplaygeometry >/dev/null 2>&1 && break
    kill -0 "$XVFB_PID" 2>/dev/null || { say "Xvfb failed:"; cat "$TMP/xvfb.log"; exit 1; }
    sleep 0.1
done
say "Xvfb on :$DISP (pid $XVFB_PID), 1280x800x24"

# --- the game --------------------------------------------------------------------------------
mkdir -p "$TMP/config" "$TMP/data" "$TMP/saves"
AFTERMATH_CONFIG_DIR="$TMP/config" AFTERMATH_DATA_DIR="$TMP/data" \
    "$BIN" --role soldier --seed 7 --save-dir "$TMP/saves" ${SHOT_ARGS:-} >"$TMP/game.log" 2>&1 &
GAME_PID=$!
say "started $BIN --role soldier --seed 7 (pid $GAME_PID)"

WIN=$(timeout "$WAIT_WINDOW" xdotool search --sync --onlyvisible --name '^Aftermath' | head -n1) || true
if [ -z "$WIN" ]; then
    say "no window after ${WAIT_WINDOW}s; game log:"
    cat "$TMP/game.log"
    exit 1
fi
say "window $WIN: $(xdotool getwindowname "$WIN")"
# Fill the screen so the picture has no black border, then give it focus.
xdotool windowmove "$WIN" 0 0 windowsize "$WIN" 1280 800 2>/dev/null || true
# No window manager under Xvfb: set the input focus directly and keep the pointer inside.
xdotool windowfocus --sync "$WIN" 2>/dev/null || xdotool windowfocus "$WIN" 2>/dev/null || true
xdotool mousemove --window "$WIN" 640 60 2>/dev/null || true
sleep 3   # first frames on software rendering

# Each passage reveals over time: Space shows it all, then a number key chooses. Keys go through
# XTEST to the focused window (winit ignores synthetic events sent with --window).
key() { xdotool key "$1"; sleep "${2:-1}"; }
for choice in 1 2 1; do
    key space
    key "$choice" 2
    say "chose $choice"
done
key space 2   # the last passage fully shown

if ! kill -0 "$GAME_PID" 2>/dev/null; then
    say "the game exited early; log:"
    cat "$TMP/game.log"
    exit 1
fi

mkdir -p "$(dirname "$OUT")"
import -window root "$OUT"
say "wrote $OUT ($(identify -format '%wx%h' "$OUT"))"
