"""Alibaba's official Python SDK against a running vpn-emulator: the peer figure of
BENCHMARKS.md's Python table. Driven by python_peer.sh (see there).

  python_peer.py run --endpoint URL --access-key-id ID --access-key-secret S
                     [--calls N] [--concurrency 1,64] [--warmup N] --json FILE
      N calls of DescribeVpnGateway and of CreateCustomerGateway per concurrency, with
      aliyun-python-sdk-core's AcsClient (V1 HMAC-SHA1, POST as the request classes
      set it) and the aliyun-python-sdk-vpc request classes; the body is decoded with
      json.loads; CreateCustomerGateway carries a ClientToken (uuid4), as in Rust.
      Before each measured segment the emulator is reset and one active VPN gateway
      seeded through its control endpoint; CreateCustomerGateway rotates regions every
      100 calls (the emulator's quota), exactly as the Rust loopback program does.

  python_peer.py report RUST_JSON... -- PY_JSON...
      Ratios to the Rust floor of the same round (paired: median and range over the
      rounds), measured against the same emulator binary, and medians of the rest
      (markdown table on stdout).
"""

from __future__ import annotations

import argparse
import json
import statistics
import sys
import threading
import time
import urllib.request
import uuid
from concurrent.futures import ThreadPoolExecutor
from urllib.parse import urlsplit

REGION = "cn-hangzhou"
PER_REGION = 100  # the emulator's default customer-gateway quota per region


def create_target(i: int) -> tuple[str, str]:
    """Same rotation as vpn_bench::create_target."""
    return f"bench-{i // PER_REGION}", f"203.0.113.{i % PER_REGION + 1}"


def control(endpoint: str, path: str, body: dict | None = None) -> dict:
    data = json.dumps(body or {}).encode()
    req = urllib.request.Request(
        endpoint.rstrip("/") + path,
        data=data,
        method="POST",
        headers={"content-type": "application/json"},
    )
    with urllib.request.urlopen(req, timeout=30) as resp:
        text = resp.read()
    return json.loads(text) if text else {}


def reset_and_seed(endpoint: str) -> str:
    control(endpoint, "/_emulator/reset")
    seeded = control(endpoint, "/_emulator/seed/vpn-gateway", {"region": REGION, "status": "active"})
    return seeded["VpnGatewayId"]


def run(args) -> int:
    from aliyunsdkcore.client import AcsClient
    from aliyunsdkvpc.request.v20160428 import (
        CreateCustomerGatewayRequest,
        DescribeVpnGatewayRequest,
    )

    u = urlsplit(args.endpoint)
    host, port = u.hostname, u.port
    concurrency = [int(c) for c in args.concurrency.split(",")]
    clients: dict[str, AcsClient] = {}

    def client(region: str) -> AcsClient:
        # Built before the clock starts (one per region, pooled connections).
        c = clients.get(region)
        if c is None:
            c = AcsClient(
                args.access_key_id,
                args.access_key_secret,
                region,
                port=port,
                connect_timeout=5,
                timeout=15,
                pool_size=max(concurrency),
            )
            c.add_endpoint(region, "Vpc", host)
            clients[region] = c
        return c

    def describe_call(gateway: str):
        c = client(REGION)

        def call(_i: int) -> None:
            req = DescribeVpnGatewayRequest.DescribeVpnGatewayRequest()
            req.set_VpnGatewayId(gateway)
            data = json.loads(c.do_action_with_exception(req))
            if data.get("VpnGatewayId") != gateway:
                raise RuntimeError(f"unexpected answer: {data!r}")

        return call

    def create_call(n: int):
        for i in range(0, n, PER_REGION):
            client(create_target(i)[0])

        def call(i: int) -> None:
            region, ip = create_target(i)
            req = CreateCustomerGatewayRequest.CreateCustomerGatewayRequest()
            req.set_IpAddress(ip)
            # A ClientToken, as every Rust contender sends (same server-side work).
            req.set_ClientToken(str(uuid.uuid4()))
            data = json.loads(clients[region].do_action_with_exception(req))
            if not data.get("CustomerGatewayId"):
                raise RuntimeError(f"unexpected answer: {data!r}")

        return call

    def segment(op: str, n: int, conc: int) -> tuple[float, list[float], int, str | None]:
        gateway = reset_and_seed(args.endpoint)
        call = describe_call(gateway) if op == "DescribeVpnGateway" else create_call(n)
        latencies: list[float] = []
        errors = 0
        first_error: list[str] = []
        lock = threading.Lock()

        def timed(i: int) -> None:
            nonlocal errors
            t = time.perf_counter()
            try:
                call(i)
            except Exception as e:  # noqa: BLE001 - counted and reported
                with lock:
                    errors += 1
                    if not first_error:
                        first_error.append(f"{type(e).__name__}: {e}"[:300])
            dt = time.perf_counter() - t
            with lock:
                latencies.append(dt)

        start = time.perf_counter()
        if conc == 1:
            for i in range(n):
                timed(i)
        else:
            with ThreadPoolExecutor(max_workers=conc) as pool:
                list(pool.map(timed, range(n)))
        elapsed = time.perf_counter() - start
        return elapsed, latencies, errors, (first_error[0] if first_error else None)

    rows = []
    for op in ("DescribeVpnGateway", "CreateCustomerGateway"):
        if args.warmup:
            segment(op, args.warmup, 1)
        for conc in concurrency:
            elapsed, lat, errors, first = segment(op, args.calls, conc)
            lat.sort()
            rps = len(lat) / elapsed
            print(
                f"python {op:<22} c={conc:<3} {rps:9.0f} req/s" + (f"  ({errors} errors: {first})" if errors else ""),
                file=sys.stderr,
            )
            rows.append(
                {
                    "op": op,
                    "concurrency": conc,
                    "contender": "python-official",
                    "rps": rps,
                    "per_call_us": 1e6 / rps,
                    "p50_us": lat[len(lat) // 2] * 1e6,
                    "p99_us": lat[min(len(lat) - 1, round((len(lat) - 1) * 0.99))] * 1e6,
                    "errors": errors,
                    "first_error": first,
                }
            )
    import aliyunsdkcore
    import aliyunsdkvpc

    doc = {
        "python": sys.version.split()[0],
        "aliyun-python-sdk-core": getattr(aliyunsdkcore, "__version__", "?"),
        "aliyun-python-sdk-vpc": getattr(aliyunsdkvpc, "__version__", "?"),
        "calls": args.calls,
        "rows": rows,
    }
    with open(args.json, "w") as f:
        json.dump(doc, f, indent=2)
    return 0


def report(paths: list[str]) -> int:
    if "--" not in paths:
        sys.exit("report: RUST_JSON... -- PY_JSON...")
    cut = paths.index("--")
    rust_docs = [json.load(open(p)) for p in paths[:cut]]
    py_docs = [json.load(open(p)) for p in paths[cut + 1 :]]
    # rounds[i][(op, conc, contender)]: round i's row (Rust round i, then Python round i).
    rounds: list[dict[tuple[str, int, str], dict]] = []
    for rust, py in zip(rust_docs, py_docs):
        rows = {}
        for row in rust["rows"] + py["rows"]:
            rows[(row["op"], row["concurrency"], row["contender"])] = row
        rounds.append(rows)
    meta = py_docs[0]
    print(
        f"Python {meta['python']}, aliyun-python-sdk-core {meta['aliyun-python-sdk-core']}, "
        f"aliyun-python-sdk-vpc {meta['aliyun-python-sdk-vpc']}; "
        f"{len(py_docs)} alternating rounds (Rust floor and SDK, then Python), "
        f"{meta['calls']} calls per contender per round. `x floor`: time per call over the "
        "Rust floor's in the same round, median [min – max] over the rounds; other columns: "
        "medians over the rounds."
    )
    print()
    print("| operation | concurrency | contender | req/s | time/call (µs) | x floor | overhead/call over floor (µs) | p50 latency (µs) | p99 latency (µs) | errors |")
    print("|---|---:|---|---:|---:|---:|---:|---:|---:|---:|")
    order = {"floor": 0, "sdk": 1, "sdk-v3": 2, "python-official": 3}
    keys = sorted(rounds[0], key=lambda k: (k[0] != "DescribeVpnGateway", k[1], order.get(k[2], 9)))
    for op, conc, who in keys:
        rows = [r[(op, conc, who)] for r in rounds]
        floors = [r[(op, conc, "floor")] for r in rounds]
        ratios = [f["rps"] / x["rps"] for f, x in zip(floors, rows)]
        over = [1e6 / x["rps"] - 1e6 / f["rps"] for f, x in zip(floors, rows)]
        rps = statistics.median(r["rps"] for r in rows)
        print(
            f"| {op} | {conc} | {who} | {rps:.0f} | {1e6 / rps:.1f} | "
            f"{statistics.median(ratios):.2f} [{min(ratios):.2f} – {max(ratios):.2f}] | "
            f"{statistics.median(over):+.1f} | {statistics.median(r['p50_us'] for r in rows):.0f} | "
            f"{statistics.median(r['p99_us'] for r in rows):.0f} | {sum(r['errors'] for r in rows)} |"
        )
    return 0


def main() -> int:
    if len(sys.argv) > 1 and sys.argv[1] == "report":
        return report(sys.argv[2:])
    p = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    sub = p.add_subparsers(dest="cmd", required=True)
    r = sub.add_parser("run")
    r.add_argument("--endpoint", required=True)
    r.add_argument("--access-key-id", required=True)
    r.add_argument("--access-key-secret", required=True)
    r.add_argument("--calls", type=int, default=1000)
    r.add_argument("--concurrency", default="1,64")
    r.add_argument("--warmup", type=int, default=100)
    r.add_argument("--json", required=True)
    args = p.parse_args()
    return run(args)


if __name__ == "__main__":
    sys.exit(main())
