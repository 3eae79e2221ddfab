"""The house signature for pushes into wenzheng: HMAC-SHA256 over "<timestamp>.<raw body>".

Used by the signed webhook and the 12345 push endpoint (any system that is not a platform with
its own scheme). Why each part:

* the **timestamp is signed with the body**, so a captured request cannot be replayed later with a
  fresh timestamp, and requests more than :data:`WINDOW` seconds off our clock are refused;
* the comparison is **constant-time** (``hmac.compare_digest``), so the signature cannot be
  guessed byte by byte from response times;
* the **secret is per source** and comes from the environment (``WENZHENG_HOOK_SECRET_<SOURCE>``)
  when set, else from the source's ``secret`` option (the demo's), so a deployment never has to
  write it into a file.
"""

from __future__ import annotations

import hashlib
import hmac
import os
import time
from collections.abc import Mapping

from monitor.core.types import HookRefused

TIMESTAMP_HEADER = "X-Wenzheng-Timestamp"
SIGNATURE_HEADER = "X-Wenzheng-Signature"
WINDOW = 300  # seconds either side of our clock


def env_name(prefix: str, source: str) -> str:
    """``("WENZHENG_HOOK_SECRET_", "hotline-12345")`` → ``WENZHENG_HOOK_SECRET_HOTLINE_12345``."""
    return prefix + "".join(c if c.isalnum() else "_" for c in source.upper())


def resolve_secret(configured: str | None, variable: str, env: Mapping[str, str] | None = None) -> str | None:
    """The environment's value when set (it overrides the file), else the configured one."""
    value = (env if env is not None else os.environ).get(variable, "").strip()
    return value or (configured or None)


def sign(secret: str, timestamp: int | str, body: bytes) -> str:
    """``sha256=<hex>`` of ``"<timestamp>.<body>"`` under ``secret``."""
    mac = hmac.new(secret.encode("utf-8"), f"{timestamp}.".encode() + body, hashlib.sha256)
    return "sha256=" + mac.hexdigest()


def signed_headers(secret: str, body: bytes, now: float | None = None) -> dict[str, str]:
    """The two headers a sender adds (mocks, tests and the docs' examples use this)."""
    ts = int(time.time() if now is None else now)
    return {TIMESTAMP_HEADER: str(ts), SIGNATURE_HEADER: sign(secret, ts, body),
            "Content-Type": "application/json"}


def verify(secret: str, headers: Mapping[str, str], body: bytes, now: float | None = None) -> None:
    """Raise :class:`HookRefused` (403) unless the request is signed with ``secret`` and fresh."""
    raw_ts = headers.get(TIMESTAMP_HEADER, "").strip()
    given = headers.get(SIGNATURE_HEADER, "").strip()
    if not raw_ts or not given:
        raise HookRefused(403, f"missing {TIMESTAMP_HEADER} or {SIGNATURE_HEADER} header")
    if not raw_ts.isdigit():
        raise HookRefused(403, f"{TIMESTAMP_HEADER} must be unix seconds, got {raw_ts[:20]!r}")
    skew = (time.time() if now is None else now) - int(raw_ts)
    if abs(skew) > WINDOW:
        raise HookRefused(403, f"{TIMESTAMP_HEADER} is {abs(int(skew))} s {'old' if skew > 0 else 'ahead'}; "
                               f"requests more than {WINDOW} s off are refused (replay protection)")
    if not hmac.compare_digest(sign(secret, raw_ts, body).encode(), given.encode()):
        raise HookRefused(403, f"bad {SIGNATURE_HEADER}: expected sha256=<hex HMAC-SHA256 of "
                               f"\"<timestamp>.<raw body>\"> under this source's secret")
