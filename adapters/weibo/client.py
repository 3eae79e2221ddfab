"""HTTP to the Weibo open API v2 on an injected :class:`aiohttp.ClientSession`.

The session is injected (never created here) so the daemon shares one connection pool across
sources, and tests point the same code at the mock platform over real HTTP.

Every failure becomes a :class:`monitor.core.types.SourceError` the poller understands, classified by
Weibo's ``error_code``: rate limits carry ``retry_after``; token problems are
:class:`monitor.core.types.AuthError` (a person must re-authorise, retrying only burns quota); server
errors, timeouts, connection errors and bodies that are not the JSON we expect are retryable.
Unknown codes are retryable *and logged*: the retired v1 table reused numbers, so guessing
"permanent" could silently stop a source.

Tokens travel as the documented ``access_token`` parameter; they are redacted from anything this
module logs or raises (:func:`redact`).
"""

from __future__ import annotations

import asyncio
import json
import re
from typing import Any
from urllib.parse import urljoin

import aiohttp
import structlog

from monitor.core.limits import DEFAULT_LIMITS
from monitor.core.types import AuthError, SourceError

log = structlog.get_logger("wenzheng.weibo")

DEFAULT_BASE_URL = "https://api.weibo.com/2/"

RATE_LIMIT_CODES = frozenset({10022, 10023, 10024})
AUTH_CODES = frozenset({21301, 21314, 21315, 21316, 21317, 21327, 21332})
SERVER_CODES = frozenset({10001, 10009})
# Answers to a write that retrying cannot fix: the post is gone, the author restricts comments,
# the same text twice, posting too fast (the platform wants a person to wait, not a retry loop).
REJECT_CODES = {20101: "the post no longer exists", 20019: "duplicate content",
                20012: "text too long", 10008: "invalid parameter", 10016: "a required parameter is missing",
                20016: "posting too fast", 20206: "the author restricts who may comment",
                20207: "the author restricts who may comment", 20003: "the user does not exist"}
DEFAULT_RETRY_AFTER = 60.0

_TOKEN_RE = re.compile(r"(access_token=)[^&\s\"']+")


def redact(text: str) -> str:
    """Mask ``access_token=…`` in URLs and messages."""
    return _TOKEN_RE.sub(r"\1***", text)


class ReplyRejected(SourceError):
    """The platform (or our pre-check) refused a reply for a reason retrying cannot fix."""

    def __init__(self, message: str, *, code: str | int | None = None) -> None:
        super().__init__(message, retryable=False, code=code)


class ReplyTooLong(ReplyRejected, ValueError):
    """More than Weibo's 140 characters: refused before sending."""


def _retry_after(headers: Any) -> float:
    value = headers.get("Retry-After") if headers is not None else None
    try:
        return max(1.0, float(value)) if value is not None else DEFAULT_RETRY_AFTER
    except ValueError:
        return DEFAULT_RETRY_AFTER


def error_from(status: int, body: Any, path: str, headers: Any = None) -> SourceError:
    """Turn an HTTP status and Weibo error JSON into the right :class:`SourceError`."""
    code = body.get("error_code") if isinstance(body, dict) else None
    text = body.get("error") if isinstance(body, dict) else None
    if isinstance(code, str) and code.isdigit():
        code = int(code)
    where = f"weibo {path}"
    if isinstance(code, int):
        msg = f"{where}: HTTP {status}, error {code}: {text or 'no message'}"
        if code in RATE_LIMIT_CODES:
            return SourceError(msg + " (rate limited)", retryable=True,
                               retry_after=_retry_after(headers), code=code)
        if code in AUTH_CODES:
            return AuthError(msg + " (the account must be re-authorised)", code=code)
        if code in SERVER_CODES:
            return SourceError(msg, retryable=True, code=code)
        if code in REJECT_CODES:
            return ReplyRejected(f"{msg} ({REJECT_CODES[code]})", code=code)
        log.warning("weibo.unknown_error_code", path=path, status=status, error_code=code,
                    error=redact(str(text)))
        return SourceError(msg + " (unknown code, will retry)", retryable=True, code=code)
    if status == 429:
        return SourceError(f"{where}: HTTP 429 (rate limited)", retryable=True,
                           retry_after=_retry_after(headers), code=429)
    return SourceError(f"{where}: HTTP {status}", retryable=True, code=status)


async def _read_bounded(resp: aiohttp.ClientResponse, limit: int) -> bytes | None:
    """The body, or None when it is larger than ``limit`` (read no further than that)."""
    if resp.content_length is not None and resp.content_length > limit:
        return None
    chunks: list[bytes] = []
    size = 0
    async for chunk in resp.content.iter_chunked(1 << 16):
        size += len(chunk)
        if size > limit:
            return None
        chunks.append(chunk)
    return b"".join(chunks)


class WeiboClient:
    """One Weibo API endpoint family on a shared session; one call = one HTTP request."""

    def __init__(self, http: aiohttp.ClientSession, base_url: str = DEFAULT_BASE_URL,
                 *, timeout: float = 20.0, max_body: int = DEFAULT_LIMITS.max_body_bytes) -> None:
        self.http = http
        self.max_body = max_body
        self.base_url = base_url if base_url.endswith("/") else base_url + "/"
        self.timeout = aiohttp.ClientTimeout(total=timeout)

    def url(self, path: str) -> str:
        return urljoin(self.base_url, path if path.endswith(".json") else path + ".json")

    async def get(self, path: str, token: str, params: dict[str, Any] | None = None) -> dict[str, Any]:
        query = {k: str(v) for k, v in (params or {}).items() if v is not None}
        query["access_token"] = token
        return await self._call("GET", path, params=query)

    async def post(self, path: str, token: str, data: dict[str, Any]) -> dict[str, Any]:
        """Form-encoded, as the real API expects for writes."""
        form = {k: str(v) for k, v in data.items() if v is not None}
        form["access_token"] = token
        return await self._call("POST", path, data=form)

    async def _call(self, method: str, path: str, **kw: Any) -> dict[str, Any]:
        url = self.url(path)
        try:
            async with self.http.request(method, url, timeout=self.timeout, **kw) as resp:
                raw = await _read_bounded(resp, self.max_body)
                status, headers = resp.status, resp.headers
        except (TimeoutError, asyncio.TimeoutError):
            err = SourceError(f"weibo {path}: no answer within {self.timeout.total:g}s", retryable=True,
                              code="timeout")
            log.warning("weibo.request_failed", path=path, reason="timeout")
            raise err from None
        except aiohttp.ClientError as exc:
            reason = redact(f"{type(exc).__name__}: {exc}")
            log.warning("weibo.request_failed", path=path, reason=reason)
            raise SourceError(f"weibo {path}: {reason}", retryable=True, code="connection") from None
        body: Any
        if raw is None:
            log.warning("weibo.request_failed", path=path, reason="body too large", limit=self.max_body)
            raise SourceError(f"weibo {path}: the answer is larger than {self.max_body:,} bytes",
                              retryable=True, code="too_large")
        try:
            body = json.loads(raw.decode("utf-8"))
        except (UnicodeDecodeError, ValueError, RecursionError):  # RecursionError: a nesting bomb
            body = None
        if status >= 400:
            err = error_from(status, body, path, headers)
            log.warning("weibo.request_failed", path=path, status=status, error_code=err.code,
                        retryable=err.retryable, reason=redact(str(err)))
            raise err
        if not isinstance(body, dict):
            snippet = redact(raw[:80].decode("utf-8", "replace"))
            log.warning("weibo.request_failed", path=path, status=status, reason="malformed JSON",
                        body_start=snippet)
            raise SourceError(f"weibo {path}: HTTP {status} but the body is not a JSON object "
                              f"(starts {snippet!r})", retryable=True, code="malformed")
        if "error_code" in body and "error" in body:  # some proxies answer errors with 200
            err = error_from(status, body, path, headers)
            log.warning("weibo.request_failed", path=path, status=status, error_code=err.code,
                        retryable=err.retryable, reason=redact(str(err)))
            raise err
        return body
