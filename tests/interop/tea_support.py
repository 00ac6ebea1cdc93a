"""What every tea-SDK driver (v3_*.py) shares: a client of alibabacloud-vpc20160428
pointed at the emulator with the SDK's own Config, the success and documented-error checks
and the retry a real caller does while a resource is being configured."""

from __future__ import annotations

import time

from alibabacloud_tea_openapi.models import Config
from alibabacloud_vpc20160428.client import Client
from Tea.exceptions import TeaException

from harness import expect, expect_eq


def make_client(args, *, ak=None, secret=None, region=None) -> Client:
    """A Client for `region` (default: the run's) with the emulator as its endpoint."""
    return Client(
        Config(
            access_key_id=ak or args.access_key_id,
            access_key_secret=secret or args.access_key_secret,
            endpoint=f"{args.host}:{args.port}",
            protocol="http",
            region_id=region or args.region,
            connect_timeout=5000,
            read_timeout=15000,
        )
    )


def ok(resp):
    """Checks the transport-level facts of a success and returns the typed body."""
    expect_eq(resp.status_code, 200, "HTTP status")
    body = resp.body
    expect(body is not None and bool(body.request_id), f"response has a RequestId: {resp.to_map()!r}")
    return body


def expect_error(fn, code: str, http_status: int | None = None) -> TeaException:
    """Calls fn, which must fail with the documented `code` (and HTTP status)."""
    try:
        resp = fn()
    except TeaException as exc:
        expect_eq(exc.code, code, f"error code (message: {exc.message!r})")
        if http_status is not None:
            expect_eq(getattr(exc, "status_code", None), http_status, "HTTP status")
        expect(bool(getattr(exc, "request_id", None)) and exc.request_id != "None", "error carries a RequestId")
        return exc
    raise AssertionError(f"expected {code}, but the call succeeded: {resp.to_map()!r}")


def retry_configuring(fn, *, code: str = "VpnGateway.Configuring", timeout_s: float = 30.0):
    """Retries fn while the service answers `code` (a resource still being configured),
    as a real caller would."""
    deadline = time.monotonic() + timeout_s
    while True:
        try:
            return fn()
        except TeaException as exc:
            if exc.code != code or time.monotonic() >= deadline:
                raise
            time.sleep(0.2)
