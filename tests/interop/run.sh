#!/usr/bin/env bash
# Interop tests: the official Alibaba Cloud Python SDKs, unmodified, against the emulator.
#
#   1. creates (or reuses) a virtualenv and installs tests/interop/requirements.txt from PyPI;
#   2. builds the emulator (cargo build -p vpn-emulator --bin vpn-emulator);
#   3. starts it on 127.0.0.1:0 with explicit credentials, strict about parameters (an
#      undeclared one is refused), and reads its endpoint from the first line it prints;
#   4. runs every driver against it: the scripts named v1_*.py (aliyun-python-sdk-core, V1
#      HMAC-SHA1 signatures) and v3_*.py (alibabacloud-vpc20160428, V3 ACS3-HMAC-SHA256
#      signatures), in name order. A driver's Runner is named after its file stem and
#      prints `[stem] summary: passed=N failed=M skipped=K` last;
#   5. always stops the emulator, prints `interop: N passed, M failed` and exits non-zero
#      on any failure.
#
# Environment (all optional):
#   PYTHON                interpreter that creates the venv (default: python3)
#   INTEROP_VENV          venv directory (default: <cargo target dir>/interop-venv)
#   INTEROP_EMULATOR_BIN  use this emulator binary instead of building one
#   INTEROP_ACTIVATION_DELAY_MS  passed to --activation-delay-ms (default: 300)
set -euo pipefail

here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
root="$(cd "$here/../.." && pwd)"
cd "$root"

python="${PYTHON:-python3}"
access_key_id="interop-test-key-id"
access_key_secret="interop-test-key-secret"
activation_delay_ms="${INTEROP_ACTIVATION_DELAY_MS:-300}"

log() { printf 'interop: %s\n' "$*" >&2; }
die() {
    log "error: $*"
    printf 'interop: 0 passed, 1 failed\n'
    exit 1
}

target_dir="$(cargo metadata --format-version 1 --no-deps 2>/dev/null |
    "$python" -c 'import json,sys; print(json.load(sys.stdin)["target_directory"])')" ||
    die "cargo metadata failed (is cargo on PATH?)"
venv="${INTEROP_VENV:-$target_dir/interop-venv}"

# ------------------------------------------------------------------ virtualenv
make_venv() {
    rm -rf "$venv"
    if "$python" -m venv "$venv" >/dev/null 2>&1; then
        return 0
    fi
    log "'$python -m venv' failed (ensurepip missing?); trying virtualenv"
    rm -rf "$venv"
    if ! "$python" -m virtualenv --version >/dev/null 2>&1; then
        "$python" -m pip install --user --quiet --disable-pip-version-check virtualenv >/dev/null 2>&1 ||
            "$python" -m pip install --user --quiet --break-system-packages virtualenv >/dev/null 2>&1 || true
    fi
    if "$python" -m virtualenv --quiet "$venv" >/dev/null 2>&1; then
        return 0
    fi
    if [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null 2>&1; then
        log "virtualenv unavailable; installing python3-venv with apt-get"
        pyver="$("$python" -c 'import sys; print("%d.%d" % sys.version_info[:2])')"
        apt-get update -qq >/dev/null 2>&1 || true
        DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "python${pyver}-venv" >/dev/null 2>&1 ||
            DEBIAN_FRONTEND=noninteractive apt-get install -y -qq python3-venv >/dev/null 2>&1 || true
        rm -rf "$venv"
        "$python" -m venv "$venv" >/dev/null 2>&1 && return 0
    fi
    return 1
}

req_hash="$("$python" -c 'import hashlib,sys; print(hashlib.sha256(open(sys.argv[1],"rb").read()).hexdigest())' \
    "$here/requirements.txt")"
stamp="$venv/.interop-requirements.sha256"
if [ -x "$venv/bin/python" ] && [ -f "$stamp" ] && [ "$(cat "$stamp")" = "$req_hash" ] &&
    "$venv/bin/python" -c 'import aliyunsdkcore, aliyunsdkvpc, alibabacloud_vpc20160428' 2>/dev/null; then
    log "reusing $venv"
else
    log "creating $venv"
    make_venv || die "could not create a virtualenv with $python (need the venv module, virtualenv or python3-venv)"
    log "installing pinned SDKs from PyPI (tests/interop/requirements.txt)"
    "$venv/bin/python" -m pip install --quiet --disable-pip-version-check --no-input \
        -r "$here/requirements.txt" || die "pip install failed"
    printf '%s\n' "$req_hash" >"$stamp"
fi

# -------------------------------------------------------------------- emulator
if [ -n "${INTEROP_EMULATOR_BIN:-}" ]; then
    emulator="$INTEROP_EMULATOR_BIN"
else
    log "building the emulator"
    cargo build --quiet -p vpn-emulator --bin vpn-emulator || die "cargo build -p vpn-emulator failed"
    emulator="$target_dir/debug/vpn-emulator"
fi
[ -x "$emulator" ] || die "no emulator binary at $emulator"

work="$(mktemp -d "${TMPDIR:-/tmp}/interop.XXXXXX")"
emu_pid=""
stop_emulator() {
    if [ -n "$emu_pid" ] && kill -0 "$emu_pid" 2>/dev/null; then
        kill -TERM "$emu_pid" 2>/dev/null || true
        for _ in $(seq 50); do
            kill -0 "$emu_pid" 2>/dev/null || break
            sleep 0.1
        done
        if kill -0 "$emu_pid" 2>/dev/null; then
            log "emulator ignored SIGTERM for 5 s; killing it"
            kill -KILL "$emu_pid" 2>/dev/null || true
        fi
        wait "$emu_pid" 2>/dev/null || true
    fi
    emu_pid=""
}
cleanup() {
    stop_emulator
    rm -rf "$work"
}
trap cleanup EXIT
trap 'exit 130' INT
trap 'exit 143' TERM

show_emulator_log() {
    if [ -s "$work/emulator.err" ]; then
        log "last lines of the emulator's stderr:"
        tail -n 40 "$work/emulator.err" | sed -e $'s/\x1b\\[[0-9;]*m//g' -e 's/^/    /' >&2
    fi
}

NO_COLOR=1 "$emulator" --bind 127.0.0.1:0 \
    --access-key-id "$access_key_id" --access-key-secret "$access_key_secret" \
    --activation-delay-ms "$activation_delay_ms" --strict \
    >"$work/emulator.out" 2>"$work/emulator.err" </dev/null &
emu_pid=$!

endpoint=""
for _ in $(seq 300); do # up to 30 s for the first complete line
    if [ "$(wc -l <"$work/emulator.out")" -ge 1 ]; then
        endpoint="$(head -n 1 "$work/emulator.out" | tr -d '\r')"
        break
    fi
    if ! kill -0 "$emu_pid" 2>/dev/null; then
        show_emulator_log
        die "the emulator exited before printing its endpoint"
    fi
    sleep 0.1
done
case "$endpoint" in
    http://127.0.0.1:[0-9]*) ;;
    *)
        show_emulator_log
        die "unexpected first line from the emulator: '${endpoint}'"
        ;;
esac
log "emulator pid $emu_pid at $endpoint"

# --------------------------------------------------------------------- drivers
total_passed=0
total_failed=0
total_skipped=0
status=0
drivers=()
for script in "$here"/v1_*.py "$here"/v3_*.py; do
    [ -e "$script" ] && drivers+=("$(basename "$script" .py)")
done
[ "${#drivers[@]}" -gt 0 ] || die "no v1_*.py or v3_*.py driver in $here"
for driver in "${drivers[@]}"; do
    log "running $driver.py"
    set +e
    PYTHONDONTWRITEBYTECODE=1 PYTHONUNBUFFERED=1 "$venv/bin/python" "$here/$driver.py" \
        --endpoint "$endpoint" \
        --access-key-id "$access_key_id" --access-key-secret "$access_key_secret" \
        2>&1 | tee "$work/$driver.log"
    rc=${PIPESTATUS[0]}
    set -e
    summary="$(grep -E "^\[$driver\] summary: passed=[0-9]+ failed=[0-9]+ skipped=[0-9]+$" "$work/$driver.log" | tail -n 1 || true)"
    if [ -z "$summary" ]; then
        log "$driver.py ended (exit $rc) without a summary line"
        total_failed=$((total_failed + 1))
        status=1
        continue
    fi
    p="$(sed -E 's/.*passed=([0-9]+).*/\1/' <<<"$summary")"
    f="$(sed -E 's/.*failed=([0-9]+).*/\1/' <<<"$summary")"
    s="$(sed -E 's/.*skipped=([0-9]+).*/\1/' <<<"$summary")"
    total_passed=$((total_passed + p))
    total_failed=$((total_failed + f))
    total_skipped=$((total_skipped + s))
    if [ "$rc" -ne 0 ] || [ "$f" -ne 0 ] || [ "$s" -ne 0 ]; then
        status=1
    fi
done

if ! kill -0 "$emu_pid" 2>/dev/null; then
    log "the emulator died during the run"
    status=1
    total_failed=$((total_failed + 1))
fi
[ "$status" -eq 0 ] || show_emulator_log
stop_emulator

if [ "$total_skipped" -gt 0 ]; then
    printf 'interop: %d passed, %d failed, %d skipped\n' "$total_passed" "$total_failed" "$total_skipped"
else
    printf 'interop: %d passed, %d failed\n' "$total_passed" "$total_failed"
fi
exit "$status"
