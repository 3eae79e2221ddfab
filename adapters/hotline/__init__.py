"""The 12345 hotline adapter: work orders from a drop folder of exports and from pushes.

See ``docs/adapters/hotline.md`` for the column mapping, the folder's life cycle and a ``curl``
example of a push.
"""

from __future__ import annotations

from typing import Any

import aiohttp

from adapters.hotline.orders import DEFAULT_COLUMNS, OrderReader, mask_phone
from adapters.hotline.source import HotlineSource, Options
from monitor.core.config import Matrix

__all__ = ["DEFAULT_COLUMNS", "HotlineSource", "Options", "OrderReader", "create", "mask_phone"]

# another folder holds other files; nothing else selects what the cursor counts
IDENTITY_OPTIONS = ("folder",)


def create(options: dict[str, Any], *, name: str, matrix: Matrix, http: aiohttp.ClientSession) -> HotlineSource:
    """Validate ``options`` (raises ``pydantic.ValidationError``) and build the source."""
    return HotlineSource(Options.model_validate(options, context={"name": name}), name=name, matrix=matrix)
