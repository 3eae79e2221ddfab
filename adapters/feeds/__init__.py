"""The media feed adapter: local media's RSS/Atom feeds, articles that concern the matrix as cases.

See ``docs/adapters/media.md`` for the options and a worked example.
"""

from __future__ import annotations

from typing import Any

import aiohttp

from adapters.feeds.source import Feed, FeedSource, Options
from monitor.core.config import Matrix

__all__ = ["Feed", "FeedSource", "Options", "create"]

# the feeds' URLs select what the cursor's validators belong to
IDENTITY_OPTIONS = ("feeds",)


def create(options: dict[str, Any], *, name: str, matrix: Matrix, http: aiohttp.ClientSession) -> FeedSource:
    """Validate ``options`` (raises ``pydantic.ValidationError``) and build the source."""
    return FeedSource(Options.model_validate(options), name=name, matrix=matrix, http=http)
