"""WeCom (企业微信) group robot client.

Protocol: ``POST {base_url}/cgi-bin/webhook/send?key=KEY`` with
``{"msgtype": "markdown", "markdown": {"content": …}}`` or ``{"msgtype": "text", "text":
{"content": …}}``; the answer is ``{"errcode": 0, "errmsg": "ok"}``. A robot accepts 20
messages a minute (errcode 45009 past that); markdown content is limited to 4096 bytes and text
to 2048, so longer bodies are clipped here rather than refused there.
"""

from __future__ import annotations

from typing import ClassVar

import aiohttp
from pydantic import BaseModel, ConfigDict, Field, SecretStr

from adapters.notify.base import Message, NotifyError, TokenBucket, check_rate, mask
from adapters.notify.http import clip_utf8, post_json

DEFAULT_BASE_URL = "https://qyapi.weixin.qq.com"
RATE_LIMITED = 45009
RETRYABLE = {RATE_LIMITED, -1}  # -1: "system busy"
MARKDOWN_LIMIT = 4096
TEXT_LIMIT = 2048


class WecomOptions(BaseModel):
    """One robot. ``key`` is secret: printing the options shows it masked."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    key: SecretStr = Field(min_length=1)
    base_url: str = DEFAULT_BASE_URL
    rate_per_minute: float = Field(default=20, gt=0)
    timeout: float = Field(default=10, gt=0)

    def describe(self) -> str:
        return f"wecom robot {mask(self.key)} at {self.base_url}"


class WecomRobot:
    """Sends to one WeCom group robot, on an injected :class:`aiohttp.ClientSession`."""

    channel: ClassVar[str] = "wecom"

    def __init__(self, options: WecomOptions, http: aiohttp.ClientSession,
                 bucket: TokenBucket | None = None) -> None:
        self.options = options
        self.http = http
        self.bucket = bucket or TokenBucket(options.rate_per_minute)

    def payload(self, message: Message) -> dict[str, object]:
        if message.markdown:
            return {"msgtype": "markdown",
                    "markdown": {"content": clip_utf8(message.as_markdown(), MARKDOWN_LIMIT)}}
        return {"msgtype": "text", "text": {"content": clip_utf8(message.as_text(), TEXT_LIMIT)}}

    async def send(self, message: Message) -> None:
        """Deliver ``message`` or raise :class:`NotifyError` (``RateLimited`` when throttled here)."""
        what = self.options.describe()
        check_rate(self.bucket, what)
        url = self.options.base_url.rstrip("/") + "/cgi-bin/webhook/send"
        answer = await post_json(self.http, url, self.payload(message),
                                 params={"key": self.options.key.get_secret_value()},
                                 timeout=self.options.timeout, what=what)
        code = answer.get("errcode")
        if code == 0:
            return
        text = f"{what}: errcode {code}: {answer.get('errmsg', '')}"
        if code == RATE_LIMITED:
            raise NotifyError(text, retryable=True, retry_after=60.0, code=code)
        raise NotifyError(text, retryable=code in RETRYABLE, code=code)
