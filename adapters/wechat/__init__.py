"""The WeChat Official Account adapter (公众号): message push in, customer-service replies out.

See ``docs/adapters/wechat.md`` for the server configuration and a worked ``curl`` example.
"""

from __future__ import annotations

from typing import Any

import aiohttp

from adapters.wechat.source import Options, WeChatSource
from monitor.core.config import Matrix

__all__ = ["Options", "WeChatSource", "create"]

IDENTITY_OPTIONS: tuple[str, ...] = ()  # a push source has no cursor


def create(options: dict[str, Any], *, name: str, matrix: Matrix, http: aiohttp.ClientSession) -> WeChatSource:
    """Validate ``options`` (a missing token names its variable) and build the source."""
    opts = Options.model_validate(options, context={"name": name})
    return WeChatSource(opts, name=name, http=http)
