"""The WeChat API calls wenzheng makes: the access token and the customer-service text message.

The access token (``/cgi-bin/token``) lasts 7,200 s and the platform limits how often it may be
fetched, so it is cached and refreshed :data:`REFRESH_EARLY` s before it runs out; an answer with
errcode 40001/40014/42001 (token invalid or expired, e.g. fetched again elsewhere) refreshes it
once and retries. A refused app id or secret is an :class:`AuthError`: a person must fix it.
"""

from __future__ import annotations

import asyncio
import time
from collections.abc import Callable
from typing import Any

import aiohttp

from monitor.core.types import AuthError, SourceError

DEFAULT_API = "https://api.weixin.qq.com/"
REFRESH_EARLY = 300
TOKEN_EXPIRED = frozenset({40001, 40014, 42001})
BAD_CREDENTIALS = frozenset({40013, 40125, 40164, 41002, 41004})
REASONS = {
    45015: "more than 48 hours since the citizen's last message: the platform allows no reply now",
    45047: "too many replies since the citizen's last message",
    43004: "the citizen no longer follows the account",
    40003: "not a valid openid for this account",
    45002: "the reply is too long",
}


class WeChatClient:
    """Token cache plus ``message/custom/send`` on an injected session."""

    def __init__(self, http: aiohttp.ClientSession, base_url: str, appid: str,
                 secret: Callable[[], str | None], *, timeout: float = 10.0) -> None:
        self.http = http
        self.base = base_url.rstrip("/") + "/"
        self.appid = appid
        self._secret = secret
        self.timeout = aiohttp.ClientTimeout(total=timeout)
        self._token: str | None = None
        self._expires = 0.0
        self._lock = asyncio.Lock()

    async def _json(self, method: str, path: str, **kw: Any) -> dict[str, Any]:
        try:
            async with self.http.request(method, self.base + path, timeout=self.timeout, **kw) as r:
                if r.status >= 500:
                    raise SourceError(f"wechat {path}: HTTP {r.status}", retryable=True, code=r.status)
                data = await r.json(content_type=None)
        except (aiohttp.ClientError, TimeoutError) as err:
            raise SourceError(f"wechat {path}: {type(err).__name__}: {err}", retryable=True) from err
        except ValueError:
            raise SourceError(f"wechat {path}: the answer is not JSON", retryable=True, code="shape") from None
        if not isinstance(data, dict):
            raise SourceError(f"wechat {path}: the answer is not a JSON object", retryable=True, code="shape")
        return data

    async def token(self, *, force: bool = False) -> str:
        async with self._lock:
            if not force and self._token and time.monotonic() < self._expires:
                return self._token
            secret = self._secret()
            if not self.appid or not secret:
                raise AuthError("no WeChat appid/secret configured: replies cannot be sent", code="no_secret")
            data = await self._json("GET", "cgi-bin/token", params={
                "grant_type": "client_credential", "appid": self.appid, "secret": secret})
            code = int(data.get("errcode") or 0)
            if code in BAD_CREDENTIALS:
                raise AuthError(f"wechat refused the appid/secret: {data.get('errmsg')} ({code})", code=code)
            if code or not data.get("access_token"):
                raise SourceError(f"wechat token: {data.get('errmsg', 'no access_token')} ({code})",
                                  retryable=True, code=code or "shape")
            self._token = str(data["access_token"])
            lifetime = float(data.get("expires_in") or 7200)
            self._expires = time.monotonic() + max(60.0, lifetime - REFRESH_EARLY)
            return self._token

    async def send_text(self, openid: str, content: str) -> None:
        """Send ``content`` to ``openid``; raise :class:`SourceError` with the platform's reason."""
        body = {"touser": openid, "msgtype": "text", "text": {"content": content}}
        for attempt in (0, 1):
            token = await self.token(force=attempt == 1)
            data = await self._json("POST", "cgi-bin/message/custom/send",
                                    params={"access_token": token}, json=body)
            code = int(data.get("errcode") or 0)
            if code == 0:
                return
            if code in TOKEN_EXPIRED and attempt == 0:
                continue
            reason = REASONS.get(code, str(data.get("errmsg") or "refused"))
            raise SourceError(f"wechat refused the reply: {reason} ({code})", retryable=False, code=code)
