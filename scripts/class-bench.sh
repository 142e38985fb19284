#!/usr/bin/env bash
# The classroom server under simulated students, over loopback (127.0.0.1 only):
#
#  1. latency: 40 students in 4 groups, `--auto --tie facilitator` (every closed vote is
#     decided at once and the next one opens), no vote timer, so a vote closes when the
#     group's last ballot arrives. The bots time, for every phone and round, the wait from the
#     group's last ballot leaving its phone to this phone receiving the `state` of the next
#     round (or the ending). RUNS classes (default 3, seeds 1..RUNS), samples pooled.
#  2. idle: 60 students in 6 groups connected, no vote open (no --auto, nobody types `open`),
#     server CPU over IDLE_SECS (default 30) seconds and its memory (VmRSS, VmHWM).
#  3. load: the server pinned to core 0 (`taskset -c 0`), the bots to core 1, groups of 10,
#     votes every few seconds (each bot waits 0.375–3 s before voting: --max-delay 3000), for
#     STUDENTS (default "60 120 250 500"; 500 is the most `--seats` takes). Server CPU over
#     the run, peak memory, latency, errors. Then 1000 students against 500 seats, to show
#     what the cap does.
#
# Usage: scripts/class-bench.sh [WORK_DIR]      (default: a temporary folder, removed after)
#
# Needs the release binary without the GUI feature:
#   CARGO_TARGET_DIR=~/.cache/aftermath/bench-target cargo build --release --no-default-features
# (BIN=path overrides). The latency figures come from `aftermath
# class bots …`, which writes the bots' JSON report (src/serve/bots.rs, `Latency`).
# Figures are in BENCHMARKS.md ("Classroom server"). Takes about 8 minutes.
set -euo pipefail

cd "$(dirname "$0")/.."
RUNS=${RUNS:-3}
IDLE_SECS=${IDLE_SECS:-30}
STUDENTS=${STUDENTS:-60 120 250 500}
OVER_CAP=${OVER_CAP-1000}
BIN=${BIN:-${CARGO_TARGET_DIR:-$HOME/.cache/aftermath/bench-target}/release/aftermath}
[ -x "$BIN" ] || { echo "no $BIN: build it first (see the top of $0)" >&2; exit 1; }
KEEP=${1:-}
WORK=${1:-$(mktemp -d)}
mkdir -p "$WORK"
TCK=$(getconf CLK_TCK)
PIDS=()
cleanup_pids() {
    local p
    for p in "${PIDS[@]}"; do kill "$p" 2>/dev/null || true; done
    PIDS=()
}
trap 'cleanup_pids; [ -n "$KEEP" ] || rm -rf "$WORK"' EXIT

# roles N: N groups, soldier and planner in turn.
roles() {
    local i out=""
    for ((i = 0; i < $1; i++)); do
        if ((i % 2)); then out+=",planner"; else out+=",soldier"; fi
    done
    echo "${out#,}"
}

# cpu PID: the process's user+system CPU so far, in clock ticks.
cpu() { awk '{ print $14 + $15 }' "/proc/$1/stat"; }
# mem PID: "VmRSS VmHWM" in KB.
mem() { awk '/^VmRSS/ { r = $2 } /^VmHWM/ { h = $2 } END { print r, h }' "/proc/$1/status"; }
# secs TICKS
secs() { awk -v t="$1" -v k="$TCK" 'BEGIN { printf "%.2f", t / k }'; }
now() { date +%s.%N; }
# busy: other processes above 20% CPU (ps: average over each one's life; our server excluded).
busy() {
    ps -eo pid=,pcpu=,comm= --sort=-pcpu |
        awk -v me="${SERVER:-0}" '$2 > 20 && $1 != me && $3 != "ps" { printf "%s(%s%%) ", $3, $2 }'
}

# serve NAME LIMIT [taskset prefix…] -- ARGS…: starts the server (killed after LIMIT s at the
# latest) with stdin held open by a fifo; sets SERVER (its pid) and URL.
serve() {
    local name=$1 limit=$2
    shift 2
    local pre=()
    while [ "$1" != "--" ]; do pre+=("$1"); shift; done
    shift
    rm -f "$WORK/$name.fifo" "$WORK/$name.jsonl"
    mkfifo "$WORK/$name.fifo"
    sleep "$limit" >"$WORK/$name.fifo" &
    PIDS+=($!)
    timeout -k 3 "$limit" "${pre[@]}" "$BIN" class serve --bind 127.0.0.1 --port 0 \
        --log "$WORK/$name.jsonl" "$@" <"$WORK/$name.fifo" >"$WORK/$name.out" 2>"$WORK/$name.err" &
    local t=$!
    PIDS+=("$t")
    URL=""
    for _ in $(seq 100); do
        URL=$(grep -o 'http://[^ ]*' "$WORK/$name.out" 2>/dev/null | head -1 || true)
        [ -n "$URL" ] && break
        sleep 0.1
    done
    [ -n "$URL" ] || { echo "the server did not start:" >&2; cat "$WORK/$name.err" >&2; exit 1; }
    SERVER=$(pgrep -P "$t" | head -1)
}

# sample PID FILE: writes "CPU_TICKS VmHWM_KB" of PID into FILE every 0.2 s while it lives
# (a class with --auto ends by itself soon after its last group).
sample() {
    while [ -e "/proc/$1/stat" ]; do
        c=$(cpu "$1" 2>/dev/null) || break
        h=$(mem "$1" 2>/dev/null | cut -d' ' -f2)
        [ -n "$c" ] && [ -n "$h" ] || break
        echo "$c $h" >"$2.tmp" && mv "$2.tmp" "$2"
        sleep 0.2
    done
}

stop_server() {
    kill "$SERVER" 2>/dev/null || true
    cleanup_pids
    wait 2>/dev/null || true
}

# bots NAME STUDENTS MAX_DELAY TIMEOUT [taskset prefix…]: runs the bots (bounded), report in
# NAME.json, their CPU in NAME.time; returns their exit status.
bots() {
    local name=$1 n=$2 delay=$3 limit=$4
    shift 4
    local rc=0
    timeout -k 3 $((limit + 10)) \
        /usr/bin/time -f "%U %S" -o "$WORK/$name.time" "$@" "$BIN" class bots "$URL" \
        --students "$n" --max-delay "$delay" --timeout "$limit" --seed "${SEED:-1}" \
        --report "$WORK/$name.json" \
        >"$WORK/$name.bots" 2>&1 || rc=$?
    return "$rc"
}

pct() { # pct FILE P: nearest-rank P-quantile of the numbers in FILE (one a line, sorted)
    awk -v p="$2" '{ v[NR] = $1 } END { r = int(p * NR); if (r < p * NR) r++; if (r < 1) r = 1;
        printf "%.1f", v[r] / 1000 }' "$1"
}

echo "# Classroom server bench, $(date -u '+%Y-%m-%d %H:%M UTC'), $(nproc) cores, $("$BIN" --version 2>/dev/null || echo aftermath)"
echo "# busy before: $(busy)load $(cut -d' ' -f1-3 /proc/loadavg)"

# 1. Latency, 40 phones.
: >"$WORK/lat.samples"
LAT_ROWS=""
for seed in $(seq "$RUNS"); do
    serve "lat$seed" 200 -- --groups "$(roles 4)" --auto --tie facilitator --seed "$seed"
    SEED=$seed bots "lat$seed" 40 2000 150 || echo "bots run $seed exited with $?" >&2
    stop_server
    j="$WORK/lat$seed.json"
    jq -r '.samples_us[]' "$j" >>"$WORK/lat.samples"
    LAT_ROWS+=$(jq -r --arg s "$seed" '"| 40 (4 groups), seed \($s) | \(.rounds) | \(.samples) | \(.median_ms) | \(.p95_ms) | \(.max_ms) | \(.ballots) | \(.errors | tostring) |"' "$j")$'\n'
done
sort -n -o "$WORK/lat.samples" "$WORK/lat.samples"
echo
echo "## 1. Last ballot → next round's state on every phone (ms)"
echo "| Class | Rounds | Samples | Median | p95 | Max | Ballots | Errors |"
echo "|---|---|---|---|---|---|---|---|"
printf '%s' "$LAT_ROWS"
echo "| pooled | | $(wc -l <"$WORK/lat.samples") | $(pct "$WORK/lat.samples" 0.5) | $(pct "$WORK/lat.samples" 0.95) | $(pct "$WORK/lat.samples" 1) | | |"

# 2. Idle: 60 seats, no vote.
serve idle $((IDLE_SECS + 60)) -- --groups "$(roles 6)" --seed 1
bots idle 60 800 $((IDLE_SECS + 10)) &
BP=$!
PIDS+=("$BP")
for _ in $(seq 100); do
    j=$(grep -c '"event":"joined"' "$WORK/idle.jsonl" 2>/dev/null || true)
    [ "${j:-0}" -ge 60 ] && break
    sleep 0.1
done
sleep 2
c0=$(cpu "$SERVER"); t0=$(now)
sleep "$IDLE_SECS"
c1=$(cpu "$SERVER"); t1=$(now)
read -r rss hwm < <(mem "$SERVER")
joined=$(grep -c '"event":"joined"' "$WORK/idle.jsonl")
wait "$BP" 2>/dev/null || true
stop_server
echo
echo "## 2. Idle: $joined seats connected, no vote open"
echo "| Window | Server CPU | Share of one core | VmRSS | VmHWM |"
echo "|---|---|---|---|---|"
awk -v c="$((c1 - c0))" -v k="$TCK" -v a="$t0" -v b="$t1" -v r="$rss" -v h="$hwm" 'BEGIN {
    printf "| %.1f s | %.2f s | %.2f%% | %.1f MB | %.1f MB |\n", b - a, c / k, 100 * c / k / (b - a), r / 1024, h / 1024 }'

# 3. Load: server on core 0, bots on core 1.
echo
echo "## 3. Votes every few seconds (bots wait 0.375–3 s), groups of 10; server on core 0, bots on core 1"
echo "| Students | Groups | Seated | Outcome | Wall | Server CPU | Server core | Bots CPU | Ballots/s | Latency median | p95 | p99 | Max | VmHWM | Reconnects | Errors | Busy others |"
echo "|---|---|---|---|---|---|---|---|---|---|---|---|---|---|---|---|---|"
for n in $STUDENTS $OVER_CAP; do
    seats=$n
    [ "$n" -gt 500 ] && seats=500
    groups=$(((n + 9) / 10))
    [ "$n" -gt 500 ] && groups=50
    serve "load$n" 300 taskset -c 0 -- --groups "$(roles "$groups")" --auto --tie facilitator \
        --seed 1 --seats "$seats"
    others=$(busy)
    c0=$(cpu "$SERVER"); t0=$(now)
    sample "$SERVER" "$WORK/load$n.sample" &
    SP=$!
    PIDS+=("$SP")
    rc=0
    bots "load$n" "$n" 3000 240 taskset -c 1 || rc=$?
    t1=$(now)
    sleep 0.3
    read -r c1 hwm <"$WORK/load$n.sample"
    stop_server
    j="$WORK/load$n.json"
    read -r bu bs < <(tail -1 "$WORK/load$n.time") || { bu=0; bs=0; }
    seated=$(grep -c '"event":"joined"' "$WORK/load$n.jsonl" || true)
    out=$(jq -r '.outcome' "$j")
    [ "$rc" = 0 ] || out="$out, exit $rc: $(tail -1 "$WORK/load$n.bots" | cut -c1-80)"
    awk -v n="$n" -v g="$groups" -v s="$seated" -v o="$out" -v c="$((c1 - c0))" -v k="$TCK" -v a="$t0" -v b="$t1" \
        -v bu="$bu" -v bs="$bs" -v h="$hwm" -v others="$others" \
        -v ballots="$(jq .ballots "$j")" -v med="$(jq .median_ms "$j")" -v p95="$(jq .p95_ms "$j")" \
        -v p99="$(jq .p99_ms "$j")" -v max="$(jq .max_ms "$j")" -v rec="$(jq .reconnects "$j")" \
        -v err="$(jq -c .errors "$j")" 'BEGIN {
        w = b - a
        printf "| %d | %d | %d | %s | %.1f s | %.2f s | %.1f%% | %.2f s | %.0f | %s ms | %s ms | %s ms | %s ms | %.1f MB | %s | %s | %s |\n",
            n, g, s, o, w, c / k, 100 * c / k / w, bu + bs, ballots / w, med, p95, p99, max, h / 1024, rec, err, others }'
done
echo
echo "# busy after: $(busy)load $(cut -d' ' -f1-3 /proc/loadavg)"
