#!/usr/bin/env python3
"""Compares Aftermath's play speed between two builds of the peer bench, run alternately.

The machine's speed drifts by up to 2x over minutes, so two figures taken minutes apart do not
compare; this runs build A and build B in turns, ROUNDS times each, inside one script, and
reports each one's median choices/s and B's over A's.

Usage: scripts/peer-ab.py STORY_DIR ROUNDS BENCH_A BENCH_B
  STORY_DIR  a peer story folder written by the bench (e.g. target/peer/story-1000)
  BENCH_A/B  peer bench binaries (target/release/deps/peer-*), e.g. before and after a change
Environment: PEER_REPS (plays of 20,000 choices per run, default 20) and PEER_MODE pass
through to the bench's play-only child (see benches/peer.rs).
"""

import os
import statistics
import subprocess
import sys


def run(bench: str, story: str) -> float:
    env = dict(os.environ, PEER_CHILD=f"aftermath-play:{story}")
    env.setdefault("PEER_REPS", "20")
    out = subprocess.run([bench, "--bench"], env=env, capture_output=True, text=True,
                         timeout=600, check=True)
    return float(out.stdout.split()[-1])


def main() -> int:
    if len(sys.argv) != 5:
        print(__doc__.strip(), file=sys.stderr)
        return 2
    story, rounds, a, b = sys.argv[1], int(sys.argv[2]), sys.argv[3], sys.argv[4]
    figures = {a: [], b: []}
    for r in range(rounds):
        # Alternate which goes first, so neither always follows the other.
        for bench in (a, b) if r % 2 == 0 else (b, a):
            figures[bench].append(run(bench, story))
    ma, mb = statistics.median(figures[a]), statistics.median(figures[b])
    print(f"A {ma:,.0f} choices/s (median of {rounds}: {', '.join(f'{x:,.0f}' for x in figures[a])})")
    print(f"B {mb:,.0f} choices/s (median of {rounds}: {', '.join(f'{x:,.0f}' for x in figures[b])})")
    print(f"B/A {mb / ma:.3f}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
