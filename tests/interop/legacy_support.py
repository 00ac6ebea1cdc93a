"""What every legacy-SDK driver (v1_*.py) shares: a client of aliyun-python-sdk-core
pointed at the emulator, a call that decodes the JSON answer, the documented-error check
and the retry a real caller does while a resource is being configured."""

from __future__ import annotations

import json
import time

from aliyunsdkcore.acs_exception.exceptions import ServerException
from aliyunsdkcore.client import AcsClient

from harness import expect, expect_eq


def make_client(args, *, ak=None, secret=None, region=None) -> AcsClient:
    """An AcsClient for `region` (default: the run's) whose Vpc endpoint is the emulator."""
    region = region or args.region
    client = AcsClient(
        ak or args.access_key_id,
        secret or args.access_key_secret,
        region,
        port=args.port,
        connect_timeout=5,
        timeout=15,
    )
    client.add_endpoint(region, "Vpc", args.host)
    return client


def call(client: AcsClient, request) -> dict:
    """Sends a request; returns the decoded JSON body (the SDK returns raw bytes)."""
    body = client.do_action_with_exception(request)
    data = json.loads(body)
    expect(isinstance(data, dict), f"response body is a JSON object: {body!r}")
    expect(bool(data.get("RequestId")), f"response has a RequestId: {body!r}")
    return data


def expect_error(client: AcsClient, request, code: str, http_status: int | None = None) -> ServerException:
    """Sends a request that must fail with the documented `code` (and HTTP status)."""
    try:
        body = client.do_action_with_exception(request)
    except ServerException as exc:
        expect_eq(exc.get_error_code(), code, "error code")
        if http_status is not None:
            expect_eq(exc.get_http_status(), http_status, "HTTP status")
        expect(bool(exc.get_request_id()), "error carries a RequestId")
        return exc
    raise AssertionError(f"expected {code}, but the call succeeded: {body!r}")


def retry_configuring(fn, *, code: str = "VpnGateway.Configuring", timeout_s: float = 30.0):
    """Retries fn while the service answers `code` (a resource still being configured),
    as a real caller would."""
    deadline = time.monotonic() + timeout_s
    while True:
        try:
            return fn()
        except ServerException as exc:
            if exc.get_error_code() != code or time.monotonic() >= deadline:
                raise
            time.sleep(0.2)


def items(data: dict, outer: str, inner: str) -> list:
    """`{"VpnGateways": {"VpnGateway": [...]}}` -> the list."""
    wrapper = data.get(outer)
    expect(isinstance(wrapper, dict), f"{outer} is an object: {data!r}")
    got = wrapper.get(inner)
    expect(isinstance(got, list), f"{outer}.{inner} is a list: {data!r}")
    return got
