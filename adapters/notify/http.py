"""One POST for both robots: transport failures become :class:`NotifyError` with the right
``retryable`` flag, so each channel only has to interpret the platform's ``errcode``.

The URL is passed *with* its secret query parameters but every message built here uses
``safe_url`` (secrets removed): a robot key in a log line lets anyone post to that group.
"""

from __future__ import annotations

import asyncio
import json
from typing import Any, ClassVar

import aiohttp

from adapters.notify.base import Message, NotifyError, TokenBucket, check_rate


REF_HEADER = "X-Wenzheng-Outbox"


async def post_json(http: aiohttp.ClientSession, url: str, payload: dict[str, Any], *,
                    params: dict[str, str], timeout: float, what: str,
                    headers: dict[str, str] | None = None) -> dict[str, Any]:
    """POST ``payload`` as JSON and return the decoded JSON object the platform answered."""
    try:
        async with http.post(url, params=params, json=payload, headers=headers,
                             timeout=aiohttp.ClientTimeout(total=timeout)) as resp:
            raw = await resp.read()
            if resp.status == 429 or resp.status >= 500:
                raise NotifyError(f"{what}: HTTP {resp.status}", retryable=True, code=resp.status)
            if resp.status != 200:
                raise NotifyError(f"{what}: HTTP {resp.status}", retryable=False, code=resp.status)
    except TimeoutError:
        raise NotifyError(f"{what}: no answer within {timeout:g}s", retryable=True) from None
    except asyncio.CancelledError:
        raise
    except aiohttp.ClientError as err:  # some carry the URL, query secrets included: scrub them
        text = str(err)
        for value in params.values():
            if value:
                text = text.replace(value, "***")
        raise NotifyError(f"{what}: {type(err).__name__}: {text}", retryable=True) from None
    try:
        body = json.loads(raw)
    except ValueError:
        raise NotifyError(f"{what}: answer is not JSON ({raw[:80]!r})", retryable=True) from None
    if not isinstance(body, dict):
        raise NotifyError(f"{what}: answer is not a JSON object", retryable=True)
    return body


def clip_utf8(text: str, limit: int) -> str:
    """Cut ``text`` to at most ``limit`` UTF-8 bytes (robots count bytes), marking the cut."""
    data = text.encode("utf-8")
    if len(data) <= limit:
        return text
    cut = data[: limit - len("…".encode())].decode("utf-8", errors="ignore")
    return cut + "…"


class Robot:
    """A group robot reached by one JSON POST (WeCom, DingTalk): rate limit, send, read ``errcode``.

    A subclass says where to post (``path``, :meth:`params`), what to post (:meth:`payload`) and
    which ``errcode`` values mean "too fast" and "try again"; the sending is the same for both.
    """

    channel: ClassVar[str]
    path: ClassVar[str]
    too_fast: ClassVar[int]
    retryable: ClassVar[frozenset[int]]

    def __init__(self, options: Any, http: aiohttp.ClientSession,
                 bucket: TokenBucket | None = None) -> None:
        self.options = options
        self.http = http
        self.bucket = bucket or TokenBucket(options.rate_per_minute)

    def params(self) -> dict[str, str]:
        raise NotImplementedError

    def payload(self, message: Message) -> dict[str, object]:
        raise NotImplementedError

    async def send(self, message: Message) -> None:
        """Deliver ``message`` or raise :class:`NotifyError` (``RateLimited`` when throttled here)."""
        what = self.options.describe()
        check_rate(self.bucket, what)
        url = self.options.base_url.rstrip("/") + self.path
        answer = await post_json(self.http, url, self.payload(message), params=self.params(),
                                 timeout=self.options.timeout, what=what,
                                 headers={REF_HEADER: message.ref} if message.ref else None)
        code = answer.get("errcode")
        if code == 0:
            return
        text = f"{what}: errcode {code}: {answer.get('errmsg', '')}"
        if code == self.too_fast:
            raise NotifyError(text, retryable=True, retry_after=60.0, code=code)
        raise NotifyError(text, retryable=code in self.retryable, code=code)
