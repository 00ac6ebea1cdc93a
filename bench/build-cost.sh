#!/usr/bin/env bash
# Cost to build: cold and incremental dev builds of the sdk crate and the size of the
# generated code, for the real spec and for a synthetically scaled one (every operation
# copied 9 times under a new Action name: 10x the operations), so the compile
# cost per operation is known.
#
# Everything happens in a temporary copy: a one-member workspace (the root manifest with
# `members = ["sdk"]`, the root Cargo.lock, a copy of sdk/) with its own target dir; the
# repository is never written to. Code is generated with bench's `gen` helper (the codegen
# library, as `cargo xtask codegen --spec --out`, writing only changed files).
#
# Steps (dev profile, as CI and developers build; cargo's default -j = nproc):
#   1. cold build, dependencies included ........................ the real spec
#   2. cold build of the sdk crate alone (dependencies built) ...... the real spec
#   3. incremental: touch one generated file ........................ the real spec
#   4. incremental: add one optional parameter (spec -> codegen -> build) the real spec
#   5. regenerate from the scaled spec; cold sdk-only build ........ scaled
#   6. incremental: touch one generated file ....................... scaled
#   7. incremental: add one optional parameter ..................... scaled
# After steps 2 and 5, `cargo test -p alibabacloud-vpn --doc` twice: right after the build
# (cargo rebuilds the crate first, as dev-dependencies add features to shared dependencies
# such as tokio's test-util; then the merged doc tests compile and run: what CI pays on top
# of the build) and again (the doc tests alone). The dev-dependencies themselves are built
# by an untimed warm-up run first.
# The release build of the sdk crate alone too (BENCH_RELEASE=0 skips it: ~3 minutes).
# About 11 minutes on 2 cores.
# Environment: BENCH_SCALE (default 10), BENCH_RELEASE, BENCH_OUT (where to write
# build-cost.md and .json; default a temp dir), BENCH_KEEP=1 keeps the temp dir.
set -euo pipefail

here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
root="$(cd "$here/.." && pwd)"
scale="${BENCH_SCALE:-10}"

log() { printf 'build-cost: %s\n' "$*" >&2; }

# shellcheck source=bench/common.sh
. "$here/common.sh"
require_openssl_dev

log "building the gen helper (release)"
(cd "$here" && cargo build --release --quiet --bin gen)
gen="$here/target/release/gen"

tmp="$(mktemp -d "${TMPDIR:-/tmp}/build-cost.XXXXXX")"
cleanup() { [ "${BENCH_KEEP:-0}" = 1 ] || rm -rf "$tmp"; }
trap cleanup EXIT
out="${BENCH_OUT:-$tmp/out}"
mkdir -p "$out"

ws="$tmp/ws"
mkdir -p "$ws"
sed -e 's/^members = .*/members = ["sdk"]/' -e 's/^default-members = .*/default-members = ["sdk"]/' \
    -e '/^exclude = /d' "$root/Cargo.toml" >"$ws/Cargo.toml"
cp "$root/Cargo.lock" "$ws/Cargo.lock"
(cd "$root" && tar --exclude=./target -cf - sdk) | (cd "$ws" && tar -xf -)
cp -r "$root/spec" "$tmp/spec_base"
export CARGO_TARGET_DIR="$tmp/target"
gendir="$ws/sdk/src/generated"
touched="$gendir/operation/describe_vpn_gateways.rs"

now() { date +%s.%N; }
elapsed() { awk -v a="$1" -v b="$2" 'BEGIN { printf "%.1f", b - a }'; }
timed() { # runs cargo "$@" in the copy; prints the seconds it took
    local t0 t1
    t0="$(now)"
    (cd "$ws" && cargo "$@") >"$tmp/cargo.log" 2>&1 || {
        cat "$tmp/cargo.log" >&2
        log "cargo $* failed"
        exit 1
    }
    t1="$(now)"
    elapsed "$t0" "$t1"
}
timed_build() { timed build --quiet -p alibabacloud-vpn; }
# The doc tests (one example per client method): what `cargo test` adds on top of the
# build, and what CI pays per operation. Compiled (2024 edition: merged) and run.
timed_doctests() { timed test --quiet -p alibabacloud-vpn --doc; }
timed_release() { timed build --quiet --release -p alibabacloud-vpn; }
sizes() { # files lines bytes of the generated tree
    local files lines bytes
    files="$(find "$gendir" -name '*.rs' | wc -l)"
    lines="$(find "$gendir" -name '*.rs' -print0 | xargs -0 cat | wc -l)"
    bytes="$(find "$gendir" -name '*.rs' -print0 | xargs -0 cat | wc -c)"
    echo "$files $lines $bytes"
}
handwritten() {
    find "$ws/sdk/src" -name '*.rs' -not -path "$gendir/*" -print0 | xargs -0 cat | wc -l
}

declare -A r

# Scaling first only counts: the real spec has ops_scaled / scale operations.
r[ops_scaled]="$("$gen" scale --spec "$root/spec" --out "$tmp/spec_scaled" --factor "$scale")"
r[ops_base]=$((r[ops_scaled] / scale))
n="${r[ops_base]}"

# -------------------------------------------------------------------- real spec
log "generating from the real spec ($n operations)"
read -r _ _ _ r[gen_ms_base] < <("$gen" generate --spec "$tmp/spec_base" --out "$gendir")
read -r r[files_base] r[lines_base] r[bytes_base] < <(sizes)
r[handwritten_lines]="$(handwritten)"
log "1/7 cold build with dependencies ($n operations)"
r[cold_full_base]="$(timed_build)"
log "    ${r[cold_full_base]} s"
log "2/7 cold build of the sdk crate alone ($n)"
(cd "$ws" && cargo clean --quiet -p alibabacloud-vpn)
r[cold_sdk_base]="$(timed_build)"
log "    ${r[cold_sdk_base]} s"
log "    doc tests: warm-up (builds the dev-dependencies; not timed)"
timed_doctests >/dev/null
(cd "$ws" && cargo clean --quiet -p alibabacloud-vpn)
r[cold_sdk_base_again]="$(timed_build)"
log "    cold build of the sdk crate alone, second sample: ${r[cold_sdk_base_again]} s"
log "    doc tests right after the build ($n)"
r[doctests_cold_base]="$(timed_doctests)"
r[doctests_warm_base]="$(timed_doctests)"
log "    ${r[doctests_cold_base]} s; again: ${r[doctests_warm_base]} s"
if [ "${BENCH_RELEASE:-1}" = 1 ]; then
    log "    release: dependencies (not timed), then the sdk crate alone ($n)"
    timed_release >/dev/null
    (cd "$ws" && cargo clean --quiet --release -p alibabacloud-vpn)
    r[release_sdk_base]="$(timed_release)"
    log "    ${r[release_sdk_base]} s"
fi
log "3/7 touch one generated file ($n)"
touch "$touched"
r[touch_base]="$(timed_build)"
log "    ${r[touch_base]} s"
log "4/7 add one optional parameter ($n)"
t0="$(now)"
"$gen" add-param --spec "$tmp/spec_base" --op DescribeVpnGateways --param BenchExtra
read -r _ _ _ r[regen_ms_base] < <("$gen" generate --spec "$tmp/spec_base" --out "$gendir")
t1="$(now)"
r[param_gen_base]="$(elapsed "$t0" "$t1")"
r[param_build_base]="$(timed_build)"
log "    codegen ${r[param_gen_base]} s + build ${r[param_build_base]} s"

# --------------------------------------------------------------- scaled spec
log "the spec scaled x$scale (${r[ops_scaled]} operations)"
read -r _ _ _ r[gen_ms_scaled] < <("$gen" generate --spec "$tmp/spec_scaled" --out "$gendir")
read -r r[files_scaled] r[lines_scaled] r[bytes_scaled] < <(sizes)
log "5/7 cold build of the sdk crate alone (${r[ops_scaled]} operations)"
(cd "$ws" && cargo clean --quiet -p alibabacloud-vpn)
r[cold_sdk_scaled]="$(timed_build)"
log "    ${r[cold_sdk_scaled]} s"
log "    doc tests right after the build (${r[ops_scaled]})"
r[doctests_cold_scaled]="$(timed_doctests)"
r[doctests_warm_scaled]="$(timed_doctests)"
log "    ${r[doctests_cold_scaled]} s; again: ${r[doctests_warm_scaled]} s"
if [ "${BENCH_RELEASE:-1}" = 1 ]; then
    log "    release: the sdk crate alone (${r[ops_scaled]})"
    r[release_sdk_scaled]="$(timed_release)"
    log "    ${r[release_sdk_scaled]} s"
fi
log "6/7 touch one generated file (${r[ops_scaled]})"
touch "$touched"
r[touch_scaled]="$(timed_build)"
log "    ${r[touch_scaled]} s"
log "7/7 add one optional parameter (${r[ops_scaled]})"
t0="$(now)"
"$gen" add-param --spec "$tmp/spec_scaled" --op DescribeVpnGateways --param BenchExtra
read -r _ _ _ r[regen_ms_scaled] < <("$gen" generate --spec "$tmp/spec_scaled" --out "$gendir")
t1="$(now)"
r[param_gen_scaled]="$(elapsed "$t0" "$t1")"
r[param_build_scaled]="$(timed_build)"
log "    codegen ${r[param_gen_scaled]} s + build ${r[param_build_scaled]} s"

# ------------------------------------------------------------------ report
ratio() { awk -v a="$1" -v b="$2" 'BEGIN { printf "%.2f", a / b }'; }
per_op() { awk -v a="$1" -v b="$2" -v n="$3" 'BEGIN { printf "%.2f", (b - a) / n }'; }
d_ops=$((r[ops_scaled] - n))
{
    echo "Dev profile, \`cargo build -p alibabacloud-vpn\` in a one-member copy of the workspace"
    echo "(root Cargo.lock), own target dir; hand-written runtime: ${r[handwritten_lines]} lines (not scaled)."
    echo
    echo "| | $n operations | ${r[ops_scaled]} operations | x (scaled / $n) | per added operation |"
    echo "|---|---:|---:|---:|---:|"
    echo "| generated files | ${r[files_base]} | ${r[files_scaled]} | $(ratio "${r[files_scaled]}" "${r[files_base]}") | $(per_op "${r[files_base]}" "${r[files_scaled]}" "$d_ops") |"
    echo "| generated lines | ${r[lines_base]} | ${r[lines_scaled]} | $(ratio "${r[lines_scaled]}" "${r[lines_base]}") | $(per_op "${r[lines_base]}" "${r[lines_scaled]}" "$d_ops") |"
    echo "| generated bytes | ${r[bytes_base]} | ${r[bytes_scaled]} | $(ratio "${r[bytes_scaled]}" "${r[bytes_base]}") | $(per_op "${r[bytes_base]}" "${r[bytes_scaled]}" "$d_ops") |"
    echo "| code generation (load + generate, ms) | ${r[gen_ms_base]} | ${r[gen_ms_scaled]} | $(ratio "${r[gen_ms_scaled]}" "${r[gen_ms_base]}") | $(per_op "${r[gen_ms_base]}" "${r[gen_ms_scaled]}" "$d_ops") |"
    echo "| cold build incl. dependencies (s) | ${r[cold_full_base]} | – | | |"
    echo "| cold build, sdk crate alone (s) | ${r[cold_sdk_base]} (again: ${r[cold_sdk_base_again]}) | ${r[cold_sdk_scaled]} | $(ratio "${r[cold_sdk_scaled]}" "${r[cold_sdk_base]}") | $(per_op "${r[cold_sdk_base]}" "${r[cold_sdk_scaled]}" "$d_ops") |"
    echo "| \`cargo test --doc\` right after the build (s) | ${r[doctests_cold_base]} | ${r[doctests_cold_scaled]} | $(ratio "${r[doctests_cold_scaled]}" "${r[doctests_cold_base]}") | $(per_op "${r[doctests_cold_base]}" "${r[doctests_cold_scaled]}" "$d_ops") |"
    echo "| \`cargo test --doc\` again: doc tests alone (s) | ${r[doctests_warm_base]} | ${r[doctests_warm_scaled]} | $(ratio "${r[doctests_warm_scaled]}" "${r[doctests_warm_base]}") | $(per_op "${r[doctests_warm_base]}" "${r[doctests_warm_scaled]}" "$d_ops") |"
    if [ "${BENCH_RELEASE:-1}" = 1 ]; then
        echo "| release build, sdk crate alone (s) | ${r[release_sdk_base]} | ${r[release_sdk_scaled]} | $(ratio "${r[release_sdk_scaled]}" "${r[release_sdk_base]}") | $(per_op "${r[release_sdk_base]}" "${r[release_sdk_scaled]}" "$d_ops") |"
    fi
    echo "| incremental: touch one generated file (s) | ${r[touch_base]} | ${r[touch_scaled]} | $(ratio "${r[touch_scaled]}" "${r[touch_base]}") | $(per_op "${r[touch_base]}" "${r[touch_scaled]}" "$d_ops") |"
    echo "| incremental: add one optional parameter, codegen (s) | ${r[param_gen_base]} | ${r[param_gen_scaled]} | $(ratio "${r[param_gen_scaled]}" "${r[param_gen_base]}") | |"
    echo "| incremental: add one optional parameter, build (s) | ${r[param_build_base]} | ${r[param_build_scaled]} | $(ratio "${r[param_build_scaled]}" "${r[param_build_base]}") | $(per_op "${r[param_build_base]}" "${r[param_build_scaled]}" "$d_ops") |"
    echo
    echo "Same-run baseline: the sdk-alone cold build is $(ratio "${r[cold_sdk_base]}" "${r[cold_full_base]}") of the cold build with dependencies ($n operations)."
} | tee "$out/build-cost.md"
{
    printf '{'
    first=1
    for k in "${!r[@]}"; do
        [ $first = 1 ] || printf ','
        first=0
        printf '"%s":"%s"' "$k" "${r[$k]}"
    done
    printf '}\n'
} >"$out/build-cost.json"
log "results in $out"
