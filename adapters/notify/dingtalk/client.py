"""DingTalk (钉钉) custom robot client.

Protocol: ``POST {base_url}/robot/send?access_token=T&timestamp=MS&sign=S`` where ``S`` is
``base64(HMAC-SHA256(key=secret, msg=f"{MS}\\n{secret}"))`` URL-encoded, ``MS`` the current time
in milliseconds (refused when more than an hour off). Body ``{"msgtype": "markdown", "markdown":
{"title": …, "text": …}}`` or ``{"msgtype": "text", "text": {"content": …}}``; the answer is
``{"errcode": 0, "errmsg": "ok"}``. 130101: more than 20 messages a minute; 310000: the security
check (signature, keyword or IP allow-list) failed, which retrying cannot fix.
"""

from __future__ import annotations

import base64
import hashlib
import hmac
import time
from typing import ClassVar

from pydantic import BaseModel, ConfigDict, Field, SecretStr

from adapters.notify.base import Message, mask
from adapters.notify.http import Robot, clip_utf8

DEFAULT_BASE_URL = "https://oapi.dingtalk.com"
TOO_FAST = 130101
SECURITY_FAILED = 310000
RETRYABLE = {TOO_FAST, -1}
CONTENT_LIMIT = 20000


def sign(timestamp_ms: int, secret: str) -> str:
    """The ``sign`` query value (before URL encoding) for ``timestamp_ms`` and ``secret``."""
    digest = hmac.new(secret.encode("utf-8"), f"{timestamp_ms}\n{secret}".encode(),
                      hashlib.sha256).digest()
    return base64.b64encode(digest).decode("ascii")


class DingtalkOptions(BaseModel):
    """One robot. ``access_token`` and ``secret`` are masked when printed."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    access_token: SecretStr = Field(min_length=1)
    secret: SecretStr | None = None  # "加签" security; robots may use keywords instead
    base_url: str = DEFAULT_BASE_URL
    rate_per_minute: float = Field(default=20, gt=0)
    timeout: float = Field(default=10, gt=0)

    def describe(self) -> str:
        return f"dingtalk robot {mask(self.access_token)} at {self.base_url}"


class DingtalkRobot(Robot):
    """Sends to one DingTalk custom robot, on an injected :class:`aiohttp.ClientSession`."""

    channel: ClassVar[str] = "dingtalk"
    path: ClassVar[str] = "/robot/send"
    too_fast: ClassVar[int] = TOO_FAST
    retryable: ClassVar[frozenset[int]] = frozenset(RETRYABLE)
    options: DingtalkOptions

    def payload(self, message: Message) -> dict[str, object]:
        if message.markdown:
            title = (("【紧急】" if message.urgent else "") + message.subject) or "wenzheng"
            return {"msgtype": "markdown",
                    "markdown": {"title": title, "text": clip_utf8(message.as_markdown(), CONTENT_LIMIT)}}
        return {"msgtype": "text", "text": {"content": clip_utf8(message.as_text(), CONTENT_LIMIT)}}

    def params(self, timestamp_ms: int | None = None) -> dict[str, str]:
        params = {"access_token": self.options.access_token.get_secret_value()}
        if self.options.secret is not None:
            ts = timestamp_ms if timestamp_ms is not None else int(time.time() * 1000)
            params["timestamp"] = str(ts)
            params["sign"] = sign(ts, self.options.secret.get_secret_value())
        return params
