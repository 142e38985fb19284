#!/usr/bin/env bash
# Reads the desktop game through the Linux screen-reader interface (AT-SPI) and plays a choice
# with it: proof that the passage, its notes and the choices reach a screen reader.
#
# Usage: scripts/a11y.sh [OUT.txt]          (default: docs/a11y-tree.txt)
#        A11Y_ARGS="--lang ko" scripts/a11y.sh docs/a11y-tree-ko.txt
#
# Starts a private D-Bus session (dbus-run-session) with the AT-SPI bus and registry
# (at-spi2-core), turns on "screen reader enabled" as Orca would, starts Xvfb and the game
# (`--role soldier --seed 7`, fresh temporary settings and saves), then runs
# scripts/a11y_probe.py, which writes the accessibility tree to OUT, checks that the passage and
# the choices are there, activates a choice through AT-SPI and checks that the story moved on.
# Uses the release binary (built if missing) or BIN=path.
set -euo pipefail

cd "$(dirname "$0")/.."
OUT=${1:-docs/a11y-tree.txt}
BIN=${BIN:-${CARGO_TARGET_DIR:-target}/release/aftermath}
PY=/usr/bin/python3   # Debian's python, where python3-pyatspi installs
say() { printf 'a11y: %s\n' "$*"; }

if [ -z "${A11Y_INNER:-}" ]; then
    # --- tools -------------------------------------------------------------------------------
    need=()
    command -v Xvfb >/dev/null || need+=(xvfb)
    command -v dbus-run-session >/dev/null || need+=(dbus)
    [ -x /usr/libexec/at-spi-bus-launcher ] || need+=(at-spi2-core)
    "$PY" -c 'import pyatspi' 2>/dev/null || need+=(python3-pyatspi gir1.2-atspi-2.0)
    ls /usr/share/vulkan/icd.d/lvp_icd*.json >/dev/null 2>&1 || need+=(mesa-vulkan-drivers)
    if ((${#need[@]})); then
        say "installing ${need[*]}"
        SUDO=; [ "$(id -u)" -ne 0 ] && SUDO=sudo
        $SUDO apt-get update -qq
        DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq --no-install-recommends "${need[@]}" >/dev/null
    fi
    if [ ! -x "$BIN" ]; then
        say "cargo build --release"
        cargo build --release --quiet
    fi
    # Everything else runs inside a D-Bus session of its own, gone when the script ends.
    A11Y_INNER=1 BIN="$BIN" exec dbus-run-session -- "$0" "$OUT"
fi

# --- inside the D-Bus session ----------------------------------------------------------------
TMP=$(mktemp -d "${TMPDIR:-/tmp}/aftermath-a11y.XXXXXX")
PIDS=()
cleanup() {
    set +e
    local pid
    for pid in "${PIDS[@]}"; do kill "$pid" 2>/dev/null; wait "$pid" 2>/dev/null; done
    rm -rf "$TMP"
}
trap cleanup EXIT
trap 'exit 130' INT TERM

# The AT-SPI bus (its own dbus-daemon) and the registry, as a desktop session starts them.
/usr/libexec/at-spi-bus-launcher --launch-immediately >"$TMP/atspi.log" 2>&1 &
PIDS+=($!)
for _ in $(seq 50); do
    dbus-send --session --print-reply --dest=org.a11y.Bus /org/a11y/bus org.a11y.Bus.GetAddress \
        >/dev/null 2>&1 && break
    sleep 0.1
done
# "A screen reader is running": AccessKit turns its adapter on when this becomes true.
for prop in IsEnabled ScreenReaderEnabled; do
    dbus-send --session --print-reply --dest=org.a11y.Bus /org/a11y/bus \
        org.freedesktop.DBus.Properties.Set string:org.a11y.Status "string:$prop" variant:boolean:true \
        >/dev/null
done
say "AT-SPI bus up, screen reader enabled"

# Xvfb picks a free display itself and writes its number once it accepts connections
# (-displayfd): no race with another X server starting, and no game started before the display
# is up, however loaded the machine is (CI runs this beside the other tests).
Xvfb -displayfd 9 -screen 0 1280x800x24 -nolisten tcp 9>"$TMP/display" >"$TMP/xvfb.log" 2>&1 &
XVFB=$!
PIDS+=("$XVFB")
for _ in $(seq 600); do
    [ -s "$TMP/display" ] && break
    kill -0 "$XVFB" 2>/dev/null || break
    sleep 0.1
done
DISP=$(tr -dc '0-9' <"$TMP/display")
if [ -z "$DISP" ]; then
    say "Xvfb did not come up within 60 s; its log:"
    tail -n 20 "$TMP/xvfb.log"
    exit 1
fi
export DISPLAY=":$DISP"
say "Xvfb on :$DISP"

mkdir -p "$TMP/config" "$TMP/data" "$TMP/saves"
AFTERMATH_CONFIG_DIR="$TMP/config" AFTERMATH_DATA_DIR="$TMP/data" \
    "$BIN" --role soldier --seed 7 --save-dir "$TMP/saves" ${A11Y_ARGS:-} >"$TMP/game.log" 2>&1 &
GAME=$!
PIDS+=("$GAME")
say "started $BIN --role soldier --seed 7 ${A11Y_ARGS:-} (pid $GAME)"

mkdir -p "$(dirname "$OUT")"
if "$PY" scripts/a11y_probe.py "$OUT" --timeout "${A11Y_TIMEOUT:-120}"; then
    say "passed; tree in $OUT"
else
    say "failed; game log:"
    tail -n 30 "$TMP/game.log"
    exit 1
fi
