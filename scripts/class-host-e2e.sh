#!/usr/bin/env bash
# End-to-end check of a class hosted from the real game window, under a virtual X server (Xvfb).
#
# Usage: scripts/class-host-e2e.sh [--docs] [OUT_DIR]
#   OUT_DIR  where screenshots, logs, the class log, the bots' report and the export go
#            (default: a new temporary folder, kept and printed at the end)
#   --docs   also copy lobby.png and dashboard.png to docs/images/class-{lobby,dashboard}.png
#
# What it does, in order (every wait is bounded; the whole run takes about 3-5 minutes):
#  1. builds `cargo build --release` (unless AFTERMATH_BIN names a binary), starts Xvfb at
#     1280x720x24 on a free display;
#  2. runs `aftermath class host` (4 groups, --auto, 12 s votes, --port 0) with fresh temporary
#     settings/data folders, reads `Students open: URL` and `Join code: CODE` from its stdout;
#  3. screenshots the lobby (lobby.png), decodes its QR code with zbarimg and checks it is the
#     printed URL; the rest of the run uses the URL read from the QR code, as a phone would;
#  4. measures the game's CPU over a 20 s idle window in the lobby (nobody joined yet);
#  5. a real browser joins: headless Chromium through chromedriver, driven by
#     scripts/webdriver_student.py (stdlib WebDriver client): group 1, waits for the vote,
#     taps a choice, presses Vote, checks the page shows the ballot taken (student.png);
#  6. starts `aftermath class bots URL --students 30` in the background, presses S (start):
#     the dashboard (dashboard.png, ~10 s later); V the projector view, 1 spotlights group 1
#     (projector.png), Esc back to the dashboard;
#  7. waits for the bots (exit 0, every group ended), measures the game's CPU over the bots' run
#     and its peak memory (VmHWM);
#  8. screenshots the debrief the window switched to when the class ended (debrief.png), presses
#     X to export it into OUT_DIR/class-debrief/, checks the four files, and compares the ballot
#     rows of ballots.csv with the ballots the bots' report counts plus the browser's one;
#  9. prints a summary; exits 1 if any check failed.
#
# Screens a build does not have yet (projector, debrief) are reported as failed checks, never
# waited on forever: a screen change is detected by comparing screenshots, an export by its files.
#
# Knobs (environment): AFTERMATH_BIN, WAIT_WINDOW (60 s), IDLE_SECONDS (20), BROWSER_WAIT (30 s
# per browser wait), BOTS_WAIT (300 s), EXPORT_WAIT (15 s), CHANGE_PCT (screens differ when more
# than this % of pixels change; 15), EXPORT_FILES (the four file names expected).
set -euo pipefail

cd "$(dirname "$0")/.."
ROOT=$PWD

DOCS=0
OUT=
for arg in "$@"; do
    case $arg in
        --docs) DOCS=1 ;;
        -h | --help) sed -n '2,/^set -euo/p' "$0" | sed '$d; s/^# \{0,1\}//'; exit 0 ;;
        -*) echo "class-host-e2e: unknown option $arg" >&2; exit 2 ;;
        *) OUT=$arg ;;
    esac
done
if [ -z "$OUT" ]; then
    OUT=$(mktemp -d "${TMPDIR:-/tmp}/aftermath-class-e2e.XXXXXX")
fi
mkdir -p "$OUT"
OUT=$(cd "$OUT" && pwd)

WAIT_WINDOW=${WAIT_WINDOW:-60}
IDLE_SECONDS=${IDLE_SECONDS:-20}
BROWSER_WAIT=${BROWSER_WAIT:-30}
BOTS_WAIT=${BOTS_WAIT:-300}
EXPORT_WAIT=${EXPORT_WAIT:-15}
CHANGE_PCT=${CHANGE_PCT:-15}
EXPORT_FILES=${EXPORT_FILES:-"debrief.html debrief.md ballots.csv class.json"}
W=1280 H=720
STUDENTS=30
CHROMIUM=${CHROMIUM:-/usr/bin/chromium}
CHROMEDRIVER=${CHROMEDRIVER:-/usr/bin/chromedriver}

say() { printf 'class-e2e: %s\n' "$*"; }
FAILS=()
fail() { say "FAIL: $*"; FAILS+=("$*"); }
pass() { say "ok: $*"; }
# Stops the run at once (the cleanup still runs).
die() { fail "$*"; summary; exit 1; }

# --- tools -----------------------------------------------------------------------------------
need=()
command -v Xvfb >/dev/null || need+=(xvfb)
command -v xdotool >/dev/null || need+=(xdotool)
command -v import >/dev/null && command -v compare >/dev/null || need+=(imagemagick)
command -v zbarimg >/dev/null || need+=(zbar-tools)
command -v python3 >/dev/null || need+=(python3)
[ -x "$CHROMIUM" ] || need+=(chromium)
[ -x "$CHROMEDRIVER" ] || need+=(chromium-driver)
# Software Vulkan for machines without a GPU.
ls /usr/share/vulkan/icd.d/lvp_icd*.json >/dev/null 2>&1 || need+=(mesa-vulkan-drivers)
if ((${#need[@]})); then
    say "installing ${need[*]}"
    SUDO=; [ "$(id -u)" -ne 0 ] && SUDO=sudo
    $SUDO apt-get update -qq
    DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq --no-install-recommends "${need[@]}" >/dev/null
fi

# --- binary ----------------------------------------------------------------------------------
if [ -n "${AFTERMATH_BIN:-}" ]; then
    BIN=$AFTERMATH_BIN
else
    say "cargo build --release"
    cargo build --release --quiet
    BIN=${CARGO_TARGET_DIR:-target}/release/aftermath
fi
case $BIN in /*) ;; *) BIN=$ROOT/$BIN ;; esac
[ -x "$BIN" ] || { say "no binary at $BIN"; exit 1; }

# --- state for the summary and the cleanup ---------------------------------------------------
XVFB_PID= GAME_PID= DRIVER_PID= BOTS_PID=
URL= CODE= QR_URL= QR_OK=no BROWSER_OK=no BROWSER_BALLOTS=0
BOTS_LINE= BOTS_BALLOTS=? BOTS_UNCERTAIN=? BOTS_GROUPS=? BOTS_ENDED=? BOTS_RC=?
CPU_IDLE=? CPU_CLASS=? CLASS_SECONDS=? PEAK_MB=? CSV_ROWS=? CSV_FROM=
EXPORT_DIR=$OUT/class-debrief
EXPORT_LIST=()
HZ=$(getconf CLK_TCK)
SCRATCH=$(mktemp -d "${TMPDIR:-/tmp}/aftermath-e2e-scratch.XXXXXX")

summary() {
    trap - EXIT
    echo
    echo "==================== class host e2e: summary ===================="
    echo "out dir:        $OUT"
    echo "binary:         $BIN"
    echo "join URL:       ${URL:-?}   code: ${CODE:-?}"
    echo "QR code:        $QR_OK (decoded: ${QR_URL:-nothing})"
    echo "browser:        $BROWSER_OK (ballots cast: $BROWSER_BALLOTS)"
    echo "bots:           exit $BOTS_RC; $STUDENTS students, ballots $BOTS_BALLOTS, uncertain $BOTS_UNCERTAIN, groups ended $BOTS_ENDED/$BOTS_GROUPS"
    echo "CPU idle lobby: $CPU_IDLE % of one core (${IDLE_SECONDS} s, nobody joined)"
    echo "CPU class:      $CPU_CLASS % of one core (${CLASS_SECONDS} s, bots' whole run)"
    echo "peak memory:    $PEAK_MB MB (VmHWM)"
    echo "ballots.csv:    $CSV_ROWS rows${CSV_FROM:+ ($CSV_FROM)}"
    if ((${#EXPORT_LIST[@]})); then
        echo "export files:"
        printf '  %s\n' "${EXPORT_LIST[@]}"
    else
        echo "export files:   none"
    fi
    echo "screenshots:    $(cd "$OUT" && ls -1 ./*.png 2>/dev/null | sed 's|^\./||' | tr '\n' ' ')"
    if ((${#FAILS[@]})); then
        echo "FAILED (${#FAILS[@]}):"
        printf '  - %s\n' "${FAILS[@]}"
    else
        echo "ALL CHECKS PASSED"
    fi
    echo "================================================================"
    cleanup
}

cleanup() {
    set +e   # a killed child's status must not stop the cleanup half-way
    local pid
    for pid in $BOTS_PID $DRIVER_PID $GAME_PID $XVFB_PID; do
        kill "$pid" 2>/dev/null
        wait "$pid" 2>/dev/null
    done
    BOTS_PID= DRIVER_PID= GAME_PID= XVFB_PID=
    rm -rf "$SCRATCH"
}
trap cleanup EXIT
trap 'exit 130' INT TERM

alive() { kill -0 "$GAME_PID" 2>/dev/null; }
need_alive() {
    alive && return 0
    say "the game exited; its stderr (last 30 lines):"
    tail -n 30 "$OUT/game.err" || true
    die "the game exited early ($1)"
}

# CPU ticks (utime + stime) of a process; the fields after the `(comm)` that may hold spaces.
ticks() { sed 's/^.*) //' "/proc/$1/stat" | awk '{print $12 + $13}'; }
now() { date +%s.%N; }
# CPU ticks per thread name over the bots' run (which threads the class costs: render, server...).
thread_ticks() {
    local t
    for t in /proc/"$1"/task/*; do
        printf '%s\t%s\n' "$(sed 's/^.*) //' "$t/stat" | awk '{print $12 + $13}')" "$(cat "$t/comm")"
    done 2>/dev/null
}
pct() { awk -v t="$1" -v hz="$HZ" -v s="$2" 'BEGIN { printf "%.1f", 100 * t / hz / s }'; }

# --- X server on a free display --------------------------------------------------------------
DISP=
for n in $(seq 77 120); do
    if [ ! -e "/tmp/.X$n-lock" ] && [ ! -e "/tmp/.X11-unix/X$n" ]; then DISP=$n; break; fi
done
[ -n "$DISP" ] || die "no free X display between :77 and :120"
Xvfb ":$DISP" -screen 0 "${W}x${H}x24" -nolisten tcp >"$OUT/xvfb.log" 2>&1 &
XVFB_PID=$!
export DISPLAY=":$DISP"
for _ in $(seq 50); do
    xdotool getdisplaygeometry >/dev/null 2>&1 && break
    kill -0 "$XVFB_PID" 2>/dev/null || { cat "$OUT/xvfb.log"; die "Xvfb did not start"; }
    sleep 0.1
done
say "Xvfb on :$DISP (pid $XVFB_PID), ${W}x${H}x24"

# --- the game hosts the class ----------------------------------------------------------------
mkdir -p "$SCRATCH/config" "$SCRATCH/data"
rm -f "$OUT/class.jsonl"
rm -rf "$EXPORT_DIR"
AFTERMATH_CONFIG_DIR="$SCRATCH/config" AFTERMATH_DATA_DIR="$SCRATCH/data" \
    "$BIN" class host --groups soldier,planner,soldier,planner --bind 127.0.0.1 --port 0 \
    --vote-seconds 12 --auto --seed 5 --log "$OUT/class.jsonl" \
    >"$OUT/game.out" 2>"$OUT/game.err" &
GAME_PID=$!
say "started class host (pid $GAME_PID)"

for _ in $(seq $((WAIT_WINDOW * 10))); do
    URL=$(sed -n 's/^Students open: *//p' "$OUT/game.out" | head -n1)
    CODE=$(sed -n 's/^Join code: *//p' "$OUT/game.out" | head -n1)
    [ -n "$URL" ] && [ -n "$CODE" ] && break
    need_alive "before printing the join URL"
    sleep 0.1
done
[ -n "$URL" ] || die "no 'Students open: URL' on stdout in ${WAIT_WINDOW}s"
say "stdout: URL $URL, code $CODE"

WIN=$(timeout "$WAIT_WINDOW" xdotool search --sync --onlyvisible --name '^Aftermath' | head -n1) || true
[ -n "$WIN" ] || { need_alive "no window"; die "no window after ${WAIT_WINDOW}s"; }
say "window $WIN: $(xdotool getwindowname "$WIN")"
xdotool windowmove "$WIN" 0 0 windowsize "$WIN" "$W" "$H" 2>/dev/null || true
focus() {
    # No window manager under Xvfb: set the input focus directly, pointer inside the window.
    xdotool windowfocus --sync "$WIN" 2>/dev/null || xdotool windowfocus "$WIN" 2>/dev/null || true
}
focus
xdotool mousemove --window "$WIN" $((W / 2)) 8 2>/dev/null || true
# Keys go through XTEST to the focused window (winit ignores synthetic events sent with --window).
key() { focus; xdotool key "$1"; sleep "${2:-1}"; }
shot() { import -window root "$OUT/$1"; }
# Percentage of pixels that differ between two screenshots, or between the same region of both
# (a crop geometry as third argument); small redraws stay well below CHANGE_PCT.
diff_pct() {
    local a=$1 b=$2 ae n=$((W * H))
    if [ -n "${3:-}" ]; then
        convert "$1" -crop "$3" +repage "$SCRATCH/crop-a.png"
        convert "$2" -crop "$3" +repage "$SCRATCH/crop-b.png"
        a=$SCRATCH/crop-a.png b=$SCRATCH/crop-b.png
        n=$(identify -format '%[fx:w*h]' "$a")
    fi
    ae=$(compare -metric AE -fuzz 10% "$a" "$b" null: 2>&1 >/dev/null || true)
    ae=${ae%% *}
    awk -v a="$ae" -v n="$n" 'BEGIN { printf "%.1f", 100 * a / n }'
}
# The dashboard's row of class buttons (Open all, Close all, Pause class, Join code, End class…)
# stays put while the cards below change with every vote: the same pixels there as in
# dashboard.png mean the window shows the dashboard.
BAR=640x50+0+55
on_dashboard() { ! differs "$(diff_pct "$OUT/dashboard.png" "$1" "$BAR")"; }
differs() { awk -v p="$1" -v t="$CHANGE_PCT" 'BEGIN { exit !(p > t) }'; }

# --- lobby: screenshot, QR code --------------------------------------------------------------
sleep 4   # first frames on software rendering
need_alive "lobby"
for try in 1 2 3 4 5; do
    shot lobby.png
    QR_URL=$(zbarimg -q --raw "$OUT/lobby.png" 2>/dev/null | head -n1) || true
    [ -n "$QR_URL" ] && break
    sleep 2
done
if [ -z "$QR_URL" ]; then
    fail "no QR code decoded from lobby.png (tried $try times)"
elif [ "$QR_URL" != "$URL" ]; then
    fail "the QR code holds '$QR_URL', stdout printed '$URL'"
else
    QR_OK=yes
    pass "QR code in lobby.png = the printed URL ($QR_URL)"
fi
# From here on the URL a phone would have: the QR code's (stdout's if the QR code failed).
JOIN=${QR_URL:-$URL}

# --- idle CPU in the lobby, nobody joined --------------------------------------------------
say "idle lobby: measuring CPU for ${IDLE_SECONDS}s"
t0=$(now); k0=$(ticks "$GAME_PID")
sleep "$IDLE_SECONDS"
need_alive "idle lobby"
k1=$(ticks "$GAME_PID"); t1=$(now)
CPU_IDLE=$(pct $((k1 - k0)) "$(awk -v a="$t0" -v b="$t1" 'BEGIN { print b - a }')")
say "idle lobby: $((k1 - k0)) ticks = $CPU_IDLE % of one core"

# --- a real browser joins and votes ----------------------------------------------------------
DPORT=$(python3 -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')
"$CHROMEDRIVER" --port="$DPORT" --allowed-ips=127.0.0.1 >"$OUT/chromedriver.log" 2>&1 &
DRIVER_PID=$!
for _ in $(seq 100); do
    (exec 3<>"/dev/tcp/127.0.0.1/$DPORT") 2>/dev/null && break
    sleep 0.1
done
say "chromedriver on port $DPORT (pid $DRIVER_PID); the student joins $JOIN"
if timeout $((BROWSER_WAIT * 8)) python3 "$ROOT/scripts/webdriver_student.py" \
    --driver "http://127.0.0.1:$DPORT" --url "$JOIN" --group 1 --wait "$BROWSER_WAIT" \
    --chromium "$CHROMIUM" --shot "$OUT/student.png" >"$OUT/student.log" 2>&1; then
    BROWSER_OK=yes BROWSER_BALLOTS=1
    pass "browser joined group 1 and voted: $(sed -n 's/^result: //p' "$OUT/student.log")"
else
    fail "the browser student did not vote (see student.log)"
fi
sed 's/^/  browser: /' "$OUT/student.log"
# The browser closed its session; its seat stays in group 1 (it no longer votes: group 1's
# votes close by the 12 s timer).
kill "$DRIVER_PID" 2>/dev/null; wait "$DRIVER_PID" 2>/dev/null || true; DRIVER_PID=
need_alive "after the browser"
sleep 1
shot lobby-joined.png

# --- bots, start, dashboard, projector -------------------------------------------------------
"$BIN" class bots "$JOIN" --students "$STUDENTS" --report "$OUT/bots.json" --timeout 600 \
    >"$OUT/bots.log" 2>&1 &
BOTS_PID=$!
t_bots=$(now); k_bots=$(ticks "$GAME_PID"); thread_ticks "$GAME_PID" >"$SCRATCH/threads0"
say "bots: $STUDENTS students (pid $BOTS_PID)"
sleep 2
key s 10
need_alive "dashboard"
shot dashboard.png
p=$(diff_pct "$OUT/lobby.png" "$OUT/dashboard.png")
if differs "$p"; then pass "S left the lobby ($p % of pixels changed)"; else fail "S did not leave the lobby? only $p % of pixels changed"; fi

key v 2
key 1 2
shot projector.png
p=$(diff_pct "$OUT/dashboard.png" "$OUT/projector.png")
if ! on_dashboard "$OUT/projector.png"; then
    pass "V (projector view) + 1 (spotlight group 1) left the dashboard ($p % of pixels changed)"
    key Escape 2
    shot after-escape.png
    if on_dashboard "$OUT/after-escape.png"; then
        pass "Esc went back from the projector view to the dashboard"
    else
        fail "Esc did not bring the dashboard back (see after-escape.png)"
    fi
    # Safety: had that Esc reached the dashboard itself, it asks to end the class; N cancels.
    key n 1
else
    # Esc on the dashboard asks to end the class: not pressed when V did not leave it.
    fail "projector view: V then 1 left the window on the dashboard (no projector screen in this build?); Esc not pressed"
fi
need_alive "projector"

# --- the bots play the class to its end ------------------------------------------------------
say "waiting for the bots (at most ${BOTS_WAIT}s)"
for _ in $(seq "$BOTS_WAIT"); do
    kill -0 "$BOTS_PID" 2>/dev/null || break
    alive || break
    sleep 1
done
if kill -0 "$BOTS_PID" 2>/dev/null; then
    fail "the bots had not finished after ${BOTS_WAIT}s; stopped"
    kill "$BOTS_PID" 2>/dev/null
fi
BOTS_RC=0; wait "$BOTS_PID" || BOTS_RC=$?; BOTS_PID=
t_end=$(now)
need_alive "while the bots played"
k_end=$(ticks "$GAME_PID"); thread_ticks "$GAME_PID" >"$SCRATCH/threads1"
CLASS_SECONDS=$(awk -v a="$t_bots" -v b="$t_end" 'BEGIN { printf "%.0f", b - a }')
CPU_CLASS=$(pct $((k_end - k_bots)) "$(awk -v a="$t_bots" -v b="$t_end" 'BEGIN { print b - a }')")
say "class: $((k_end - k_bots)) ticks in ${CLASS_SECONDS}s = $CPU_CLASS % of one core; by thread name:"
# Threads are matched by name (a thread that started during the run counts from 0).
awk -F'\t' -v hz="$HZ" -v s="$CLASS_SECONDS" '
    NR == FNR { before[$2] += $1; next }
    { after[$2] += $1 }
    END { for (n in after) { d = after[n] - before[n]; if (d > 0) printf "%8.1f %%  %s\n", 100 * d / hz / s, n } }' \
    "$SCRATCH/threads0" "$SCRATCH/threads1" | sort -rn | head -n 8 | sed 's/^/  /'
BOTS_LINE=$(tail -n1 "$OUT/bots.log")
say "bots said: $BOTS_LINE"
[ "$BOTS_RC" -eq 0 ] && pass "bots exited 0" || fail "bots exited $BOTS_RC (see bots.log)"
if [ -s "$OUT/bots.json" ]; then
    read -r BOTS_BALLOTS BOTS_UNCERTAIN BOTS_GROUPS BOTS_ENDED BOTS_OUTCOME < <(python3 -c '
import json, sys
r = json.load(open(sys.argv[1]))
print(r["ballots"], r["uncertain"], r["groups"], r["groups_ended"], r.get("outcome", "?"))' "$OUT/bots.json") || true
    say "bots.json: outcome $BOTS_OUTCOME, ballots $BOTS_BALLOTS, uncertain $BOTS_UNCERTAIN, groups ended $BOTS_ENDED/$BOTS_GROUPS"
    if [ "$BOTS_GROUPS" = 4 ] && [ "$BOTS_ENDED" = 4 ]; then pass "groups ended 4/4"; else fail "groups ended $BOTS_ENDED/$BOTS_GROUPS, expected 4/4"; fi
else
    fail "no bots report at $OUT/bots.json"
fi

# --- debrief: screenshot, export ---------------------------------------------------------------
sleep 3   # the window switches to the debrief when the class ends
shot debrief.png
if on_dashboard "$OUT/debrief.png"; then
    fail "the window did not switch to the debrief when the class ended (debrief.png shows the dashboard)"
else
    pass "the window left the dashboard when the class ended (debrief.png)"
fi
exported() { [ -d "$EXPORT_DIR" ] && [ -n "$(ls -A "$EXPORT_DIR" 2>/dev/null)" ]; }
wait_export() {
    for _ in $(seq $((EXPORT_WAIT * 2))); do
        exported && { sleep 1; return 0; }   # let the last of the four files land
        sleep 0.5
    done
    return 1
}
key x 1
if wait_export; then
    pass "X exported the debrief into $EXPORT_DIR"
else
    # Perhaps the window stayed on the dashboard: R shows the debrief of an ended class.
    say "no export after X within ${EXPORT_WAIT}s; trying R (debrief) then X"
    key r 3
    shot debrief-after-r.png
    on_dashboard "$OUT/debrief-after-r.png" && say "R left the window on the dashboard too"
    key x 1
    if wait_export; then
        pass "R then X exported the debrief into $EXPORT_DIR"
    else
        fail "X exported nothing into $EXPORT_DIR (no debrief export in this build?)"
    fi
fi
if alive; then
    PEAK_KB=$(awk '/^VmHWM:/ { print $2 }' "/proc/$GAME_PID/status")
    PEAK_MB=$(awk -v k="$PEAK_KB" 'BEGIN { printf "%.0f", k / 1024 }')
    say "peak memory (VmHWM): $PEAK_MB MB"
else
    fail "the game exited before the end of the run"
fi

if [ -d "$EXPORT_DIR" ]; then
    for f in $EXPORT_FILES; do
        if [ -s "$EXPORT_DIR/$f" ]; then
            EXPORT_LIST+=("$f $(stat -c %s "$EXPORT_DIR/$f") bytes")
        else
            fail "export: no $f in $EXPORT_DIR"
        fi
    done
    extra=$(cd "$EXPORT_DIR" && ls -1 | grep -vxF -f <(tr ' ' '\n' <<<"$EXPORT_FILES") || true)
    [ -z "$extra" ] || say "export also holds: $(echo $extra)"
fi

# --- ballots: the CSV's rows against the bots' report plus the browser's ballot ---------------
# ballots.csv has one row per ballot cast (a changed vote is a later row), after the header
# `round,group,node,choice,choice_text,at_ms,seat,counted`; a choice_text may be quoted and hold
# line breaks, so rows are counted with a CSV parser, not with wc -l.
CSV=$EXPORT_DIR/ballots.csv
if [ ! -s "$CSV" ]; then
    # The window's export is missing: still check the count on `class export` of the same log.
    say "no ballots.csv from the window; counting on 'aftermath class export' of class.jsonl instead"
    if "$BIN" class export "$OUT/class.jsonl" --out "$OUT/cli-export" >"$OUT/cli-export.log" 2>&1; then
        CSV=$OUT/cli-export/ballots.csv
        CSV_FROM="from 'class export' of the log, not from the window"
    fi
fi
LOG_BALLOTS=$(grep -c '"event":"ballot"' "$OUT/class.jsonl" 2>/dev/null || true)
if [ -s "$CSV" ]; then
    read -r HEADER CSV_ROWS < <(python3 -c '
import csv, sys
rows = list(csv.reader(open(sys.argv[1], newline="", encoding="utf-8")))
print(",".join(rows[0]), len(rows) - 1)' "$CSV") || true
    say "ballots.csv header: $HEADER; $CSV_ROWS ballot rows; the class log has $LOG_BALLOTS ballot events"
    if [[ $BOTS_BALLOTS =~ ^[0-9]+$ ]]; then
        lo=$((BOTS_BALLOTS + BROWSER_BALLOTS)) hi=$((BOTS_BALLOTS + BOTS_UNCERTAIN + BROWSER_BALLOTS))
        want="bots' ballots $BOTS_BALLOTS + browser's $BROWSER_BALLOTS"
        ((BOTS_UNCERTAIN > 0)) && want+=" (+ up to $BOTS_UNCERTAIN uncertain)"
        if ((CSV_ROWS >= lo && CSV_ROWS <= hi)); then
            pass "ballots.csv rows $CSV_ROWS = $want"
        else
            fail "ballots.csv has $CSV_ROWS rows, expected $want = $lo..$hi"
        fi
    fi
    [ "$CSV_ROWS" = "$LOG_BALLOTS" ] || fail "ballots.csv rows $CSV_ROWS != ballot events in class.jsonl $LOG_BALLOTS"
else
    fail "no ballots.csv to count (neither the window's export nor class export)"
fi

# --- docs images -----------------------------------------------------------------------------
if ((DOCS)); then
    mkdir -p docs/images
    cp "$OUT/lobby.png" docs/images/class-lobby.png
    cp "$OUT/dashboard.png" docs/images/class-dashboard.png
    say "copied lobby.png and dashboard.png to docs/images/class-{lobby,dashboard}.png"
fi

summary
((${#FAILS[@]} == 0))
