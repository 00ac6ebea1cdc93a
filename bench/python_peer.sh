#!/usr/bin/env bash
# Alibaba's official Python SDK (aliyun-python-sdk-core + aliyun-python-sdk-vpc, V1) against
# the emulator binary, beside a Rust floor (and this SDK) measured against the SAME binary
# in the same run, in alternating rounds (Rust, Python, Rust, Python, ...).
#
#   1. builds bench/target/release/{loopback,vpn-emulator} (release);
#   2. calls tests/interop/run.sh with that emulator binary: it creates or reuses the
#      pinned venv (tests/interop/requirements.txt, nothing duplicated here) and runs the
#      interop suite, which also proves the Python SDK works against this binary;
#   3. starts the binary (signature verification on, activation delay 0, RUST_LOG=warn);
#   4. BENCH_PY_ROUNDS times: `loopback --endpoint URL --contenders floor,sdk --rounds 1`
#      then `python_peer.py run`, each resetting and seeding the emulator per segment;
#   5. prints the table (python_peer.py report): medians, ratios to the Rust floor.
#
# Environment: BENCH_PY_CALLS (default 1000), BENCH_PY_ROUNDS (default 3),
# BENCH_PY_CONCURRENCY (default 1,64), BENCH_OUT (directory for the JSON, default a temp
# dir), PYTHON, INTEROP_VENV (as for tests/interop/run.sh).
set -euo pipefail

here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
root="$(cd "$here/.." && pwd)"
python="${PYTHON:-python3}"
calls="${BENCH_PY_CALLS:-1000}"
rounds="${BENCH_PY_ROUNDS:-3}"
concurrency="${BENCH_PY_CONCURRENCY:-1,64}"
key_id="bench-key-id"
key_secret="bench-key-secret"

log() { printf 'python_peer: %s\n' "$*" >&2; }
die() {
    log "error: $*"
    exit 1
}

# shellcheck source=bench/common.sh
. "$here/common.sh"
require_openssl_dev

cd "$here"
log "building loopback and vpn-emulator (release)"
cargo build --release --quiet --bin loopback ||
    die "cargo build --bin loopback failed"
cargo build --release --quiet -p vpn-emulator --bin vpn-emulator ||
    die "cargo build -p vpn-emulator failed"
emulator="$here/target/release/vpn-emulator"
loopback="$here/target/release/loopback"

# The venv of tests/interop/run.sh (same default location), created or reused by it.
root_target="$(cd "$root" && cargo metadata --format-version 1 --no-deps 2>/dev/null |
    "$python" -c 'import json,sys; print(json.load(sys.stdin)["target_directory"])')" ||
    die "cargo metadata failed"
export INTEROP_VENV="${INTEROP_VENV:-$root_target/interop-venv}"
log "preparing the pinned Python SDKs with tests/interop/run.sh (venv $INTEROP_VENV)"
INTEROP_EMULATOR_BIN="$emulator" "$root/tests/interop/run.sh" >"${TMPDIR:-/tmp}/bench-interop.log" 2>&1 ||
    die "tests/interop/run.sh failed (see ${TMPDIR:-/tmp}/bench-interop.log)"
tail -n 1 "${TMPDIR:-/tmp}/bench-interop.log" | sed 's/^/python_peer: /' >&2
venv_python="$INTEROP_VENV/bin/python"

out="${BENCH_OUT:-$(mktemp -d "${TMPDIR:-/tmp}/bench-python.XXXXXX")}"
mkdir -p "$out"
emu_pid=""
cleanup() {
    if [ -n "$emu_pid" ] && kill -0 "$emu_pid" 2>/dev/null; then
        kill -TERM "$emu_pid" 2>/dev/null || true
        wait "$emu_pid" 2>/dev/null || true
    fi
}
trap cleanup EXIT

RUST_LOG=warn NO_COLOR=1 "$emulator" --bind 127.0.0.1:0 \
    --access-key-id "$key_id" --access-key-secret "$key_secret" \
    --activation-delay-ms 0 --seed 7 \
    >"$out/emulator.out" 2>"$out/emulator.err" </dev/null &
emu_pid=$!
endpoint=""
for _ in $(seq 300); do
    if [ "$(wc -l <"$out/emulator.out")" -ge 1 ]; then
        endpoint="$(head -n 1 "$out/emulator.out" | tr -d '\r')"
        break
    fi
    kill -0 "$emu_pid" 2>/dev/null || die "the emulator exited: $(cat "$out/emulator.err")"
    sleep 0.1
done
case "$endpoint" in
    http://127.0.0.1:[0-9]*) ;;
    *) die "unexpected first line from the emulator: '$endpoint'" ;;
esac
log "emulator pid $emu_pid at $endpoint; $rounds rounds of $calls calls, concurrency $concurrency"

rust_json=()
py_json=()
for r in $(seq "$rounds"); do
    "$loopback" --endpoint "$endpoint" --contenders floor,sdk --ops describe,create \
        --calls "$calls" --rounds 1 --warmup 100 --concurrency "$concurrency" \
        --json "$out/rust-$r.json" >/dev/null
    rust_json+=("$out/rust-$r.json")
    PYTHONDONTWRITEBYTECODE=1 "$venv_python" "$here/python_peer.py" run --endpoint "$endpoint" \
        --access-key-id "$key_id" --access-key-secret "$key_secret" \
        --calls "$calls" --concurrency "$concurrency" --warmup 100 --json "$out/python-$r.json"
    py_json+=("$out/python-$r.json")
done
kill -0 "$emu_pid" 2>/dev/null || die "the emulator died during the run"

"$python" "$here/python_peer.py" report "${rust_json[@]}" -- "${py_json[@]}" | tee "$out/python-table.md"
log "JSON and table in $out"
