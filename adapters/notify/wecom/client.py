"""WeCom (企业微信) group robot client.

Protocol: ``POST {base_url}/cgi-bin/webhook/send?key=KEY`` with
``{"msgtype": "markdown", "markdown": {"content": …}}`` or ``{"msgtype": "text", "text":
{"content": …}}``; the answer is ``{"errcode": 0, "errmsg": "ok"}``. A robot accepts 20
messages a minute (errcode 45009 past that); markdown content is limited to 4096 bytes and text
to 2048, so longer bodies are clipped here rather than refused there.
"""

from __future__ import annotations

from typing import ClassVar

from pydantic import BaseModel, ConfigDict, Field, SecretStr

from adapters.notify.base import Message, mask
from adapters.notify.http import Robot, clip_utf8

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


class WecomRobot(Robot):
    """Sends to one WeCom group robot, on an injected :class:`aiohttp.ClientSession`."""

    channel: ClassVar[str] = "wecom"
    path: ClassVar[str] = "/cgi-bin/webhook/send"
    too_fast: ClassVar[int] = RATE_LIMITED
    retryable: ClassVar[frozenset[int]] = frozenset(RETRYABLE)
    options: WecomOptions

    def params(self) -> dict[str, str]:
        return {"key": self.options.key.get_secret_value()}

    def payload(self, message: Message) -> dict[str, object]:
        if message.markdown:
            return {"msgtype": "markdown",
                    "markdown": {"content": clip_utf8(message.as_markdown(), MARKDOWN_LIMIT)}}
        return {"msgtype": "text", "text": {"content": clip_utf8(message.as_text(), TEXT_LIMIT)}}
