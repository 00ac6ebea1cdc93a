"""The emulator's control endpoint (`/_emulator/...`, unsigned, loopback only), for the
drivers that need state the SDKs cannot create: certificates the account holds, seeded
VPN and customer gateways, fault rules, the diagnosis delay. Not an SDK under test."""

from __future__ import annotations

import json
import urllib.request


def control(endpoint: str, path: str, body=None, method: str = "POST"):
    """Sends one control request; returns the decoded JSON answer."""
    data = None if body is None else json.dumps(body).encode()
    req = urllib.request.Request(
        f"{endpoint}/_emulator/{path}",
        data=data,
        method=method,
        headers={"content-type": "application/json"},
    )
    with urllib.request.urlopen(req, timeout=10) as resp:  # noqa: S310 - loopback only
        return json.loads(resp.read() or b"null")


def inject_error(args, action: str, code: str, times: int = 1) -> None:
    """The next `times` calls of `action` answer the service error `code` (the emulator's
    fault rules), for documented errors whose condition the emulator cannot reach."""
    rule = {"action": action, "kind": "error", "code": code, "times": times}
    control(f"http://{args.host}:{args.port}", "faults", rule)
