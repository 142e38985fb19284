#!/usr/bin/env bash
# Plays the bundled story in the terminal player for many seeds and both roles, with a fixed,
# seed-derived stream of inputs (choice numbers, some out of range, some undos), and writes each
# transcript to OUT/ROLE-SEED.txt. Run it with two builds and `diff -r` the folders to show a
# change left play exactly as it was.
#
# Usage: scripts/transcripts.sh BIN OUT [COUNT]    (COUNT seeds per role, default 200)
# Another story: STORY=DIR ROLES="a b" scripts/transcripts.sh ... (default: the bundled story,
# roles soldier and planner). Another language: LANG_ID=ko scripts/transcripts.sh ... (plays with
# `--lang ko`).
set -euo pipefail

BIN=$1
OUT=$2
COUNT=${3:-200}
ROLES=${ROLES:-soldier planner}
STORY_ARGS=()
if [[ -n ${STORY:-} ]]; then
    STORY_ARGS=(--story "$STORY")
fi
if [[ -n ${LANG_ID:-} ]]; then
    STORY_ARGS+=(--lang "$LANG_ID")
fi
mkdir -p "$OUT"

# Inputs for one playthrough: 400 lines from a small LCG seeded by the seed and role, so both
# builds read the same lines. About 1 line in 12 is `u`, 1 in 25 is a number out of range.
inputs() {
    local state=$(( $1 * 2654435761 + $2 + 1 ))
    local i
    for (( i = 0; i < 400; i++ )); do
        state=$(( (state * 6364136223846793005 + 1442695040888963407) & 0x7fffffffffffffff ))
        local r=$(( (state >> 33) % 100 ))
        if (( r < 8 )); then
            echo u
        elif (( r < 12 )); then
            echo 9
        else
            echo $(( r % 3 + 1 ))
        fi
    done
}

role_index=0
for role in $ROLES; do
    for (( seed = 0; seed < COUNT; seed++ )); do
        inputs "$seed" "$role_index" |
            "$BIN" play "${STORY_ARGS[@]}" --text --role "$role" --seed "$seed" >"$OUT/$role-$seed.txt" 2>&1 || true
    done
    role_index=$(( role_index + 1 ))
done
echo "wrote $(( COUNT * role_index )) transcripts to $OUT"
