#!/usr/bin/env bash
# Client CPU per call, from the operating system's accounting rather than from wall
# time: runs `loopback` against a separate `vpn-emulator` process, once with the floor
# alone and once with the floor and one SDK contender, and prints the extra user+system
# CPU time of the client process divided by the contender's calls. Scheduling noise from
# other processes moves wall-clock ratios a lot on a shared 2-core machine; CPU seconds
# move much less.
#
#   ./cpu_per_call.sh [CONTENDER] [CONCURRENCY] [REPEATS]    (defaults: sdk 64 3)
#
# Each run: 5 rounds x (DescribeVpnGateway + CreateCustomerGateway) x 1000 calls, plus
# a warm-up of 200 per operation. The floor's figure includes what every run pays once
# (start-up, resets and seeding through the control endpoint) and its pre-signing. The
# contenders run in segments (`--segments`), as at concurrency 64: CPU seconds need no
# pairing against the machine's noise, and taking turns would add untimed calls and
# change the floor's own pattern between the two runs.
set -euo pipefail

here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
contender="${1:-sdk}"
concurrency="${2:-64}"
repeats="${3:-3}"
calls=$((5 * 2 * 1000 + 2 * 200))
cd "$here"
cargo build --release --quiet --bin loopback
cargo build --release --quiet -p vpn-emulator --bin vpn-emulator

cpu_of() {
    local out
    out="$(mktemp)"
    RUST_LOG=warn "$here/target/release/vpn-emulator" --bind 127.0.0.1:0 \
        --access-key-id bench-key-id --access-key-secret bench-key-secret \
        --activation-delay-ms 0 --seed 7 >"$out" 2>/dev/null </dev/null &
    local pid=$!
    for _ in $(seq 200); do [ -s "$out" ] && break; sleep 0.05; done
    local endpoint
    endpoint="$(head -n 1 "$out")"
    local t0 t1
    t0="$(mktemp)"
    /usr/bin/time -f "%U %S" -o "$t0" "$here/target/release/loopback" --endpoint "$endpoint" \
        --contenders "$1" --ops describe,create --concurrency "$concurrency" --rounds 5 \
        --warmup 200 --segments >/dev/null 2>&1
    kill "$pid" 2>/dev/null || true
    wait "$pid" 2>/dev/null || true
    awk '{print $1 + $2}' "$t0"
    rm -f "$out" "$t0"
}

for r in $(seq "$repeats"); do
    floor="$(cpu_of floor)"
    both="$(cpu_of "floor,$contender")"
    awk -v f="$floor" -v b="$both" -v n="$calls" -v r="$r" -v c="$contender" -v k="$concurrency" \
        'BEGIN { printf "run %d, c=%d: floor %.1f us/call (all of the run), %s +%.1f us/call\n", r, k, f / n * 1e6, c, (b - f) / n * 1e6 }'
done
