#!/usr/bin/env bash
# The spec's upstream tooling, timed, and the whole VPC product built as a scratch crate.
#
#   1. `cargo xtask spec upstream refresh --check` (npm ci + npm view + extract.mjs; needs
#      the npm registry; BENCH_REFRESH=0 skips it);
#   2. `cargo xtask spec audit` (the spec against the snapshot);
#   3. `cargo xtask spec import` of one operation, into a scratch copy of the spec;
#   4. `cargo xtask spec import --all` into a scratch copy: every operation of the snapshot;
#      then `spec check --allow-todo` and `spec audit` on it;
#   5. code generation (`cargo xtask codegen --spec --out`) for the real spec and for the
#      whole product, into a one-member copy of the workspace (the root manifest with
#      `members = ["sdk"]`, the root Cargo.lock, a copy of sdk/), own target dir;
#   6. cold dev build of the sdk crate alone (dependencies built first, not timed), for
#      the spec and for the whole product; generated lines per operation.
# The repository is never written to (everything under a temp dir). The xtask binary is
# built first and run directly, so cargo's start-up is not in the command times.
# About 5 minutes on 2 cores. Environment: BENCH_OUT (where to write import-all.md and
# .json; default a temp dir), BENCH_KEEP=1 keeps the temp dir, BENCH_REFRESH.
set -euo pipefail

here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
root="$(cd "$here/.." && pwd)"

log() { printf 'import-all: %s\n' "$*" >&2; }

# shellcheck source=bench/common.sh
. "$here/common.sh"

tmp="$(mktemp -d "${TMPDIR:-/tmp}/import-all.XXXXXX")"
cleanup() { [ "${BENCH_KEEP:-0}" = 1 ] || rm -rf "$tmp"; }
trap cleanup EXIT
out="${BENCH_OUT:-$tmp/out}"
mkdir -p "$out"
machine_info >"$out/machine.txt"

log "building xtask"
(cd "$root" && cargo build --quiet -p xtask)
xtask="$root/target/debug/xtask"

now() { date +%s.%N; }
elapsed() { awk -v a="$1" -v b="$2" 'BEGIN { printf "%.2f", b - a }'; }
timed_cmd() { # runs "$@"; prints the seconds it took; output to $tmp/cmd.log
    local t0 t1
    t0="$(now)"
    "$@" >"$tmp/cmd.log" 2>&1 || {
        cat "$tmp/cmd.log" >&2
        log "$* failed"
        exit 1
    }
    t1="$(now)"
    elapsed "$t0" "$t1"
}

declare -A r
spec="$root/spec"
r[snapshot_bytes]="$(wc -c <"$spec/upstream/vpc-2016-04-28.json")"

if [ "${BENCH_REFRESH:-1}" = 1 ]; then
    log "1/6 refresh --check (npm ci, npm view, extract)"
    r[refresh]="$(timed_cmd "$xtask" spec upstream refresh --check)"
    log "    ${r[refresh]} s"
fi

r[ops_spec]="$("$xtask" spec check | sed -n 's/^spec ok: \([0-9]*\) operations.*/\1/p')"
n="${r[ops_spec]}"
log "2/6 audit ($n operations)"
r[audit]="$(timed_cmd "$xtask" spec audit)"
log "    ${r[audit]} s"

# One operation of the product that a VPN spec does not carry.
log "3/6 import one operation (DescribeVpcs)"
r[import_one]="$(timed_cmd "$xtask" spec import --out "$tmp/spec_one" DescribeVpcs)"
log "    ${r[import_one]} s"

log "4/6 import the whole product"
r[import_all]="$(timed_cmd "$xtask" spec import --all --out "$tmp/spec_all")"
grep '^note:' "$tmp/cmd.log" >"$out/import-all-notes.txt" || true
r[import_notes]="$(wc -l <"$out/import-all-notes.txt")"
r[ops_all]="$("$xtask" spec check --dir "$tmp/spec_all" --allow-todo | sed -n 's/^spec ok: \([0-9]*\) operations.*/\1/p')"
r[check_all]="$(timed_cmd "$xtask" spec check --dir "$tmp/spec_all" --allow-todo)"
r[audit_all]="$(timed_cmd "$xtask" spec audit --dir "$tmp/spec_all")"
log "    ${r[import_all]} s for ${r[ops_all]} operations (check ${r[check_all]} s, audit ${r[audit_all]} s)"

ws="$tmp/ws"
mkdir -p "$ws"
sed -e 's/^members = .*/members = ["sdk"]/' -e 's/^default-members = .*/default-members = ["sdk"]/' \
    -e '/^exclude = /d' "$root/Cargo.toml" >"$ws/Cargo.toml"
cp "$root/Cargo.lock" "$ws/Cargo.lock"
(cd "$root" && tar --exclude=./target -cf - sdk) | (cd "$ws" && tar -xf -)
export CARGO_TARGET_DIR="$tmp/target"
gendir="$ws/sdk/src/generated"
lines() { find "$gendir" -name '*.rs' -print0 | xargs -0 cat | wc -l; }
files() { find "$gendir" -name '*.rs' | wc -l; }
timed_build() { (cd "$ws" && timed_cmd cargo build --quiet -p alibabacloud-vpn); }

log "5/6 generate ($n operations), build the dependencies (not timed), cold sdk build"
rm -rf "$gendir"
mkdir -p "$gendir"
r[gen_spec]="$(timed_cmd "$xtask" codegen --spec "$spec" --out "$gendir")"
r[lines_spec]="$(lines)"
r[files_spec]="$(files)"
timed_build >/dev/null
(cd "$ws" && cargo clean --quiet -p alibabacloud-vpn)
r[cold_spec]="$(timed_build)"
log "    generate ${r[gen_spec]} s, ${r[lines_spec]} lines; cold sdk build ${r[cold_spec]} s"

log "6/6 generate (whole product), cold sdk build"
rm -rf "$gendir"
mkdir -p "$gendir"
r[gen_all]="$(timed_cmd "$xtask" codegen --spec "$tmp/spec_all" --out "$gendir")"
r[lines_all]="$(lines)"
r[files_all]="$(files)"
(cd "$ws" && cargo clean --quiet -p alibabacloud-vpn)
r[cold_all]="$(timed_build)"
log "    generate ${r[gen_all]} s, ${r[lines_all]} lines; cold sdk build ${r[cold_all]} s"

div() { awk -v a="$1" -v b="$2" 'BEGIN { printf "%.2f", a / b }'; }
{
    echo "| | $n operations (the spec) | ${r[ops_all]} operations (whole product, imported) | ratio |"
    echo "|---|---:|---:|---:|"
    echo "| generated files | ${r[files_spec]} | ${r[files_all]} | $(div "${r[files_all]}" "${r[files_spec]}") |"
    echo "| generated lines | ${r[lines_spec]} | ${r[lines_all]} | $(div "${r[lines_all]}" "${r[lines_spec]}") |"
    echo "| generated lines per operation | $(div "${r[lines_spec]}" "$n") | $(div "${r[lines_all]}" "${r[ops_all]}") | $(div "$(div "${r[lines_all]}" "${r[ops_all]}")" "$(div "${r[lines_spec]}" "$n")") |"
    echo "| code generation, debug xtask (s) | ${r[gen_spec]} | ${r[gen_all]} | $(div "${r[gen_all]}" "${r[gen_spec]}") |"
    echo "| cold dev build, sdk crate alone (s) | ${r[cold_spec]} | ${r[cold_all]} | $(div "${r[cold_all]}" "${r[cold_spec]}") |"
    echo "| cold dev build per operation (s) | $(div "${r[cold_spec]}" "$n") | $(div "${r[cold_all]}" "${r[ops_all]}") | |"
    echo
    echo "Load average at the end: $(cut -d' ' -f1-3 /proc/loadavg) (2 cores)."
    echo
    echo "| command | seconds |"
    echo "|---|---:|"
    [ -n "${r[refresh]:-}" ] && echo "| \`spec upstream refresh --check\` (npm ci, npm view, extract ${r[ops_all]} operations, ${r[snapshot_bytes]} bytes) | ${r[refresh]} |"
    echo "| \`spec audit\` ($n operations) | ${r[audit]} |"
    echo "| \`spec import\` one operation (copy + import + reload) | ${r[import_one]} |"
    echo "| \`spec import --all\` (${r[ops_all]} operations; ${r[import_notes]} conservative mappings listed) | ${r[import_all]} |"
    echo "| \`spec check --allow-todo\` of the whole product | ${r[check_all]} |"
    echo "| \`spec audit\` of the whole product | ${r[audit_all]} |"
} | tee "$out/import-all.md"
{
    printf '{'
    first=1
    for k in "${!r[@]}"; do
        [ $first = 1 ] || printf ','
        first=0
        printf '"%s":"%s"' "$k" "${r[$k]}"
    done
    printf '}\n'
} >"$out/import-all.json"
log "results in $out"
