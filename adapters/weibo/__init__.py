"""The Weibo adapter: member accounts' mentions and comments in, replies out (open API v2).

``create`` is what :mod:`adapters.registry` calls with a ``[sources.options]`` table; it
validates the options against the matrix (an unknown account id is a config error, raised as
``pydantic.ValidationError`` so the caller can name file and key).
"""

from __future__ import annotations

from typing import Any

import aiohttp

from adapters.weibo.normalize import normalize_comment, normalize_status, parse_payload
from adapters.weibo.source import IDENTITY_OPTIONS, Options, WeiboSource, token_env_name
from monitor.core.config import Matrix

__all__ = ["IDENTITY_OPTIONS", "Options", "WeiboSource", "create", "normalize_comment",
           "normalize_status", "parse_payload", "token_env_name"]


def create(options: dict[str, Any], *, name: str, matrix: Matrix, http: aiohttp.ClientSession) -> WeiboSource:
    """Validate ``options`` and build the source (raises ``pydantic.ValidationError``)."""
    opts = Options.model_validate(options, context={"matrix": matrix})
    return WeiboSource(opts, name=name, matrix=matrix, http=http)
