"""Tables of BENCHMARKS.md's loopback section from `loopback --json FILE`.

Each round measures every contender once, back to back, so a round's floor is the
baseline of that round's contenders: the ratio is taken per round (paired) and the median
and range over the rounds are shown. On a noisy machine the floor itself moves between
rounds (the JSON keeps every round's figure); paired ratios move much less.

Usage: python3 report_loopback.py loopback.json
"""

from __future__ import annotations

import json
import statistics
import sys


def main() -> int:
    doc = json.load(open(sys.argv[1]))
    rows = doc["rows"]
    floor = {(r["op"], r["concurrency"]): r for r in rows if r["contender"] == "floor"}
    print(
        f"Server: {doc['server']}. {doc['rounds']} rounds; per round {doc['calls']} calls per "
        f"contender ({doc.get('peer_calls', doc['calls'])} for the two peer crates), after a "
        f"warm-up of {doc['warmup']}. `x floor`: time per call over the floor's in the same "
        "round, median [min – max] over the rounds."
    )
    if doc.get("c1_schedule") == "turns":
        print(
            f"At concurrency 1 the contenders of a round take turns in blocks of "
            f"{doc['c1_block']} timed calls (each turn opens with one untimed call); at higher "
            "concurrency each contender runs its segment of the round alone."
        )
    cells = []
    for r in rows:
        key = (r["op"], r["concurrency"])
        if key not in cells:
            cells.append(key)
    for op, conc in cells:
        f = floor[(op, conc)]
        print()
        print(f"**{op}, concurrency {conc}**")
        print()
        print(
            "| contender | req/s (median) | time/call (µs) | x floor | overhead/call over floor (µs) | p50 latency (µs) | p99 latency (µs) | errors |"
        )
        print("|---|---:|---:|---:|---:|---:|---:|---:|")
        for r in rows:
            if (r["op"], r["concurrency"]) != (op, conc):
                continue
            ratios = [a / b for a, b in zip(f["rounds_rps"], r["rounds_rps"])]
            over = [1e6 / b - 1e6 / a for a, b in zip(f["rounds_rps"], r["rounds_rps"])]
            rng = f"{statistics.median(ratios):.2f} [{min(ratios):.2f} – {max(ratios):.2f}]"
            print(
                f"| {r['contender']} | {r['rps']:.0f} | {r['per_call_us']:.1f} | {rng} | "
                f"{statistics.median(over):+.1f} | {r['p50_us']:.0f} | {r['p99_us']:.0f} | {r['errors']} |"
            )
    return 0


if __name__ == "__main__":
    sys.exit(main())
