"""The signed webhook adapter: JSON items pushed by any other system to ``/hooks/<source>``.

See ``docs/adapters/webhook.md`` for the body, the signature and a worked ``curl`` example.
"""

from __future__ import annotations

from typing import Any

import aiohttp

from adapters.webhook.source import Options, WebhookSource
from monitor.core.config import Matrix

__all__ = ["Options", "WebhookSource", "create"]

# a push source reads no stream: nothing of its options selects a cursor
IDENTITY_OPTIONS: tuple[str, ...] = ()


def create(options: dict[str, Any], *, name: str, matrix: Matrix, http: aiohttp.ClientSession) -> WebhookSource:
    """Validate ``options`` (a missing secret is an error naming the variable) and build the source."""
    opts = Options.model_validate(options, context={"name": name})
    return WebhookSource(opts, name=name, matrix=matrix)
