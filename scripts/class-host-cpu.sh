#!/usr/bin/env bash
# The game window's CPU between events while it hosts a class, under Xvfb (software rendering).
#
# Usage: scripts/class-host-cpu.sh [SECONDS]     (each measured window; default 30)
#
# Starts `aftermath class host` (4 groups, 600 s vote timer, loopback, any free port) on a fresh
# Xvfb 1280x720 screen with temporary settings/data folders, seats 30 bot students who wait
# (`class bots --max-delay 600000`: nobody votes during the run), presses S (every vote opens)
# and measures the game process's CPU (utime+stime from /proc) over three windows:
#   1. votes open, timers counting down: the window redraws once a second for the seconds left;
#   2. the class paused (P): no timer runs, nothing changes;
#   3. the projector view (V) of a group with its vote paused.
# Prints each as % of one core, then peak memory (VmHWM). Needs Xvfb, xdotool, a release build
# (AFTERMATH_BIN, default $CARGO_TARGET_DIR/release/aftermath).
set -euo pipefail
cd "$(dirname "$0")/.."
SECS=${1:-30}
BIN=${AFTERMATH_BIN:-${CARGO_TARGET_DIR:-target}/release/aftermath}
[ -x "$BIN" ] || { echo "class-host-cpu: build first (cargo build --release) or set AFTERMATH_BIN" >&2; exit 1; }
HZ=$(getconf CLK_TCK)
TMP=$(mktemp -d "${TMPDIR:-/tmp}/aftermath-host-cpu.XXXXXX")
XVFB_PID= GAME_PID= BOTS_PID=
cleanup() {
    set +e
    for pid in $BOTS_PID $GAME_PID $XVFB_PID; do kill "$pid" 2>/dev/null; wait "$pid" 2>/dev/null; done
    rm -rf "$TMP"
}
trap cleanup EXIT
say() { printf 'class-host-cpu: %s\n' "$*"; }

DISP=
for n in $(seq 130 170); do
    if [ ! -e "/tmp/.X$n-lock" ] && [ ! -e "/tmp/.X11-unix/X$n" ]; then DISP=$n; break; fi
done
[ -n "$DISP" ] || { say "no free X display"; exit 1; }
Xvfb ":$DISP" -screen 0 1280x720x24 -nolisten tcp >"$TMP/xvfb.log" 2>&1 &
XVFB_PID=$!
export DISPLAY=":$DISP"
for _ in $(seq 50); do xdotool getdisplaygeometry >/dev/null 2>&1 && break; sleep 0.1; done

mkdir -p "$TMP/config" "$TMP/data"
AFTERMATH_CONFIG_DIR="$TMP/config" AFTERMATH_DATA_DIR="$TMP/data" \
    "$BIN" class host --groups soldier,planner,soldier,planner --bind 127.0.0.1 --port 0 \
    --vote-seconds 600 --log "$TMP/class.jsonl" >"$TMP/game.out" 2>"$TMP/game.err" &
GAME_PID=$!
URL=
for _ in $(seq 600); do
    URL=$(sed -n 's/^Students open: //p' "$TMP/game.out")
    [ -n "$URL" ] && break
    kill -0 "$GAME_PID" 2>/dev/null || { say "the game exited:"; cat "$TMP/game.err"; exit 1; }
    sleep 0.1
done
[ -n "$URL" ] || { say "no URL printed"; exit 1; }
WIN=$(timeout 60 xdotool search --sync --onlyvisible --name '^Aftermath' | head -n1)
xdotool windowmove "$WIN" 0 0 windowsize "$WIN" 1280 720 2>/dev/null || true
focus() { xdotool windowfocus "$WIN" 2>/dev/null || true; }
key() { focus; xdotool key "$1"; sleep 2; }
sleep 3

"$BIN" class bots "$URL" --students 30 --max-delay 600000 --timeout $((SECS * 3 + 60)) \
    >"$TMP/bots.out" 2>&1 &
BOTS_PID=$!
for _ in $(seq 100); do
    n=$(grep -c '"event":"joined"' "$TMP/class.jsonl" 2>/dev/null || true)
    [ "${n:-0}" -ge 30 ] && break
    sleep 0.2
done
say "$n students seated at $URL"

ticks() { sed 's/^.*) //' "/proc/$GAME_PID/stat" | awk '{print $12 + $13}'; }
measure() {
    local a b
    sleep 3   # let the last redraws of the change settle
    a=$(ticks); sleep "$SECS"; b=$(ticks)
    awk -v t=$((b - a)) -v hz="$HZ" -v s="$SECS" -v what="$1" \
        'BEGIN { printf "class-host-cpu: %-52s %5.2f %% of one core (%d ticks in %d s)\n", what, 100 * t / hz / s, t, s }'
}

key s
measure "dashboard, 4 votes open, timers counting down:"
key p
measure "dashboard, class paused (no timer runs):"
key v
key 1
measure "projector view, class paused:"
say "peak memory (VmHWM): $(awk '/^VmHWM:/ { printf "%.0f MB", $2 / 1024 }' "/proc/$GAME_PID/status")"
ballots=$(grep -c '"event":"ballot"' "$TMP/class.jsonl" || true)
say "ballots cast during the run: ${ballots:-0} (the bots wait, so none is expected)"
