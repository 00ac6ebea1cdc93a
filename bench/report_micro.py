"""Reads criterion's estimates (target/criterion/<group>/<bench>/new/estimates.json) and
prints one markdown table per group: each benchmark's median time and its ratio to the
group's baseline (the first `baseline/...` benchmark), all from the same run. Then the
heap allocations per call that the bench counted with its counting global allocator
(<CRITERION_DIR>/allocations.json, written by the `allocations` step of benches/micro.rs).

Usage: python3 report_micro.py [CRITERION_DIR]   (default: target/criterion)
"""

from __future__ import annotations

import json
import sys
from pathlib import Path

# Groups in the order of benches/micro.rs, each with its baseline and a note.
GROUPS = [
    ("sign_v1", "baseline/hmac_sha1_raw", "V1 signing of a DescribeVpnGateway request (10 parameters)"),
    ("sign_v3", "baseline/hmac_sha256_raw", "V3 signing of the same call (POST, 9 headers)"),
    (
        "encode_create_vpn_connection",
        "baseline/hand_written_pairs",
        "CreateVpnConnection input (8 parameters, IkeConfig as a JSON string) to wire parameters",
    ),
    (
        "call_describe_vpn_gateway_in_memory",
        "baseline/presign_and_parse_value",
        "one DescribeVpnGateway call's client-side work, network excluded (in-memory transport)",
    ),
    (
        "decode_describe_vpn_gateways_50",
        "baseline/serde_json_value",
        "a 50-item DescribeVpnGateways page (JSON text) to the typed output",
    ),
    ("codegen", "baseline/read_and_parse_json", "spec load and full code generation (the spec)"),
]


def fmt_time(ns: float) -> str:
    if ns >= 1e6:
        return f"{ns / 1e6:.2f} ms"
    if ns >= 1e3:
        return f"{ns / 1e3:.2f} µs"
    return f"{ns:.0f} ns"


def main() -> int:
    root = Path(sys.argv[1] if len(sys.argv) > 1 else "target/criterion")
    if not root.is_dir():
        sys.exit(f"{root}: no criterion results (run `cargo bench --bench micro` first)")
    for group, baseline, note in GROUPS:
        gdir = root / group
        if not gdir.is_dir():
            continue
        rows = []
        for est in sorted(gdir.glob("**/new/estimates.json")):
            # Directory names replace `/` with `_`; the id is in benchmark.json.
            meta = json.loads((est.parent / "benchmark.json").read_text())
            bench = meta.get("function_id") or est.parent.parent.relative_to(gdir).as_posix()
            data = json.loads(est.read_text())
            median = data["median"]["point_estimate"]
            lo = data["median"]["confidence_interval"]["lower_bound"]
            hi = data["median"]["confidence_interval"]["upper_bound"]
            rows.append((bench, median, lo, hi))
        base = next((r for r in rows if r[0] == baseline), None)
        if base is None:
            continue
        # The group's baseline first, then the other baselines, then the rest by name.
        rows.sort(key=lambda r: (r[0] != baseline, not r[0].startswith("baseline/"), r[0]))
        print(f"#### `{group}`: {note}")
        print()
        print("| benchmark | median | 95% CI of the median | x baseline |")
        print("|---|---:|---:|---:|")
        for bench, median, lo, hi in rows:
            print(
                f"| `{bench}` | {fmt_time(median)} | {fmt_time(lo)} – {fmt_time(hi)} | "
                f"{median / base[1]:.2f} |"
            )
        print()
    allocs = root / "allocations.json"
    if allocs.is_file():
        print("#### Heap allocations per call (counting global allocator, 1000 calls)")
        print()
        print("| group | benchmark | allocations per call | bytes per call |")
        print("|---|---|---:|---:|")
        for row in json.loads(allocs.read_text()):
            print(
                f"| `{row['group']}` | `{row['bench']}` | {row['allocations']:.1f} | "
                f"{row['bytes']:.0f} |"
            )
        print()
    return 0


if __name__ == "__main__":
    sys.exit(main())
