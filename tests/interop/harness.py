"""A tiny step runner shared by the interop drivers.

Each driver is a sequence of named steps. A step passes when its function returns
without raising; it fails on any exception (the traceback's last line is printed).
A step whose prerequisites failed (a `needs` value is None) is skipped, not run.
The driver ends with one summary line that run.sh reads:

    [v1_legacy] summary: passed=N failed=M skipped=K

and exits 0 only when nothing failed or was skipped.
"""

from __future__ import annotations

import argparse
import sys
import time
import traceback
from urllib.parse import urlsplit


class Runner:
    def __init__(self, name: str) -> None:
        self.name = name
        self.passed = 0
        self.failed = 0
        self.skipped = 0
        self.failures: list[str] = []

    def step(self, label: str, fn, *, needs=()):
        """Runs `fn()`; returns its result, or None when it failed or was skipped."""
        if any(n is None for n in needs):
            self.skipped += 1
            print(f"[{self.name}] SKIP {label} (a prerequisite failed)", flush=True)
            return None
        started = time.monotonic()
        try:
            result = fn()
        except Exception as exc:  # noqa: BLE001 - every failure is reported, none hidden
            self.failed += 1
            detail = f"{type(exc).__name__}: {exc}"
            self.failures.append(f"{label}: {detail}")
            print(f"[{self.name}] FAIL {label}: {detail}", flush=True)
            tb = traceback.format_exc().rstrip().splitlines()
            for line in tb[-6:]:
                print(f"[{self.name}]      {line}", flush=True)
            return None
        self.passed += 1
        ms = (time.monotonic() - started) * 1000
        print(f"[{self.name}] ok   {label} ({ms:.0f} ms)", flush=True)
        # A step that passes but has nothing to hand on still counts as done.
        return True if result is None else result

    def finish(self) -> int:
        print(
            f"[{self.name}] summary: passed={self.passed} failed={self.failed} "
            f"skipped={self.skipped}",
            flush=True,
        )
        for f in self.failures:
            print(f"[{self.name}]   failed: {f}", flush=True)
        return 0 if self.failed == 0 and self.skipped == 0 else 1


def expect(cond: bool, what: str) -> None:
    if not cond:
        raise AssertionError(what)


def expect_eq(actual, wanted, what: str) -> None:
    if actual != wanted:
        raise AssertionError(f"{what}: expected {wanted!r}, got {actual!r}")


def poll(fn, *, until, timeout_s: float = 60.0, interval_s: float = 0.25, what: str = "condition"):
    """Calls fn() until until(result) is true; returns that result or raises after timeout."""
    deadline = time.monotonic() + timeout_s
    last = None
    while True:
        last = fn()
        if until(last):
            return last
        if time.monotonic() >= deadline:
            raise AssertionError(f"timed out after {timeout_s}s waiting for {what}; last: {last!r}")
        time.sleep(interval_s)


def parse_args(description: str):
    p = argparse.ArgumentParser(description=description)
    p.add_argument("--endpoint", required=True, help="emulator URL, e.g. http://127.0.0.1:PORT")
    p.add_argument("--access-key-id", required=True)
    p.add_argument("--access-key-secret", required=True)
    p.add_argument("--region", default="cn-hangzhou")
    args = p.parse_args()
    u = urlsplit(args.endpoint)
    if u.scheme != "http" or not u.hostname or not u.port:
        sys.exit(f"--endpoint must look like http://HOST:PORT, got {args.endpoint!r}")
    args.host = u.hostname
    args.port = u.port
    return args
