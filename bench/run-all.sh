#!/usr/bin/env bash
# Every benchmark of BENCHMARKS.md, in one run, one after the other (nothing else should
# run on the machine meanwhile; every figure is reported beside a baseline measured in the
# same run, because 2-core machines are noisy).
#
#   1. machine description (nproc, CPU model, rustc, load average);
#   2. micro benchmarks: `cargo bench --bench micro`, tables by report_micro.py;
#   3. end to end on loopback, in-process emulator: `loopback` (all contenders);
#   4. the official Python SDK against the emulator binary: python_peer.sh;
#   5. cost to build: build-cost.sh.
#
# Results (markdown and JSON) go to BENCH_OUT (default bench/target/results/<UTC time>).
# Takes about 25-35 minutes on 2 cores. Environment for the parts: LOOPBACK_ARGS (extra
# arguments for `loopback`), BENCH_PY_* (python_peer.sh), BENCH_SCALE / BENCH_RELEASE
# (build-cost.sh). BENCH_SKIP="micro loopback python build" skips parts.
set -euo pipefail

here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
cd "$here"
# shellcheck source=bench/common.sh
. "$here/common.sh"
require_openssl_dev

out="${BENCH_OUT:-$here/target/results/$(date -u +%Y%m%dT%H%M%SZ)}"
mkdir -p "$out"
export BENCH_OUT="$out"
skip="${BENCH_SKIP:-}"
log() { printf '\n==> %s\n' "$*" >&2; }
skipped() { [[ " $skip " == *" $1 "* ]]; }

log "machine"
machine_info | tee "$out/machine.txt"

log "building (release): micro benches, loopback, gen, vpn-emulator"
cargo build --release --quiet --bins
cargo build --release --quiet -p vpn-emulator --bin vpn-emulator
cargo bench --quiet --bench micro --no-run
cargo test --release --quiet --lib

if ! skipped micro; then
    log "micro benchmarks (cargo bench --bench micro)"
    rm -rf target/criterion
    cargo bench --bench micro 2>&1 | tee "$out/micro.log" | grep -E '^[a-z_0-9]+/|time:' || true
    python3 "$here/report_micro.py" target/criterion | tee "$out/micro.md"
fi

if ! skipped loopback; then
    log "end to end on loopback, in-process emulator"
    # shellcheck disable=SC2086 # LOOPBACK_ARGS is a list of arguments
    "$here/target/release/loopback" --json "$out/loopback.json" ${LOOPBACK_ARGS:-} 2> >(tee "$out/loopback.log" >&2) |
        tee "$out/loopback.md"
    python3 "$here/report_loopback.py" "$out/loopback.json" | tee "$out/loopback-table.md"
fi

if ! skipped python; then
    log "the official Python SDK against the emulator binary"
    "$here/python_peer.sh" 2> >(tee "$out/python.log" >&2)
fi

if ! skipped build; then
    log "cost to build"
    "$here/build-cost.sh" 2> >(tee "$out/build-cost.log" >&2)
fi

printf 'load average at end: %s\n' "$(cut -d' ' -f1-3 /proc/loadavg)" | tee -a "$out/machine.txt"
log "results in $out"
