"""``/hooks/{source}``: where platforms push (WeChat, 12345 platforms, signed webhooks).

What every push endpoint shares is kept here so each adapter only verifies and parses:

* **no console login**, and nothing but the named push source is reachable through this prefix
  (an unknown source is a 404; the handler never touches the API or the console);
* **bounded bodies**: more than the source's ``max_body`` bytes is a 413, decided from
  ``Content-Length`` when given and while reading otherwise;
* **refusals are clear and logged**: an adapter raises :class:`monitor.core.types.HookRefused`
  (403 forged or replayed, 400 unreadable) and the sender gets the reason as plain text, the log
  one ``hook.refused`` line with source, status and reason (never the body: it is citizens' text);
* **nothing is acknowledged before it is stored**: the adapter answers only after ``deliver``
  returned, and ``deliver`` returns after the commit; a storage failure answers 503, so the
  platform retries and the retry (deduped) is one case.
"""

from __future__ import annotations

import asyncio
from collections.abc import Mapping, Sequence
import structlog
from aiohttp import web

from monitor.core.types import HookRefused, Item, PushSource
from monitor.intake.pipeline import Pipeline
from monitor.intake.push import store_items

log = structlog.get_logger("wenzheng.hooks")

PREFIX = "/hooks/"


def _refuse(source: str, status: int, message: str, request: web.Request) -> web.Response:
    log.warning("hook.refused", source=source, status=status, reason=message,
                method=request.method, remote=request.remote)
    return web.Response(status=status, text=message + "\n", content_type="text/plain", charset="utf-8")


async def _read(request: web.Request, limit: int) -> bytes:
    declared = request.content_length
    if declared is not None and declared > limit:
        raise HookRefused(413, f"body of {declared} bytes is over this endpoint's limit of {limit} bytes")
    chunks: list[bytes] = []
    size = 0
    async for chunk in request.content.iter_chunked(64 * 1024):
        size += len(chunk)
        if size > limit:
            raise HookRefused(413, f"body is over this endpoint's limit of {limit} bytes")
        chunks.append(chunk)
    return b"".join(chunks)


def setup_hooks(app: web.Application, sources: Mapping[str, PushSource],
                pipeline: Pipeline | None, channels: Mapping[str, str | None] | None = None) -> None:
    """Mount ``/hooks/{source}`` for ``sources`` (name → adapter), storing through ``pipeline``."""
    channels = channels or {}

    async def hook(request: web.Request) -> web.StreamResponse:
        name = request.match_info["source"]
        source = sources.get(name)
        if source is None or pipeline is None:
            return _refuse(name, 404, f"no push source named {name!r} is configured", request)

        async def deliver(items: Sequence[Item]) -> dict[str, int | None]:
            return await asyncio.to_thread(store_items, pipeline, items, source_name=name,
                                           channel=channels.get(name))

        try:
            body = await _read(request, source.max_body)
            return await source.receive(request, body, deliver)
        except HookRefused as err:
            return _refuse(name, err.status, err.message, request)
        except Exception as err:  # noqa: BLE001 - never acknowledge what was not stored
            log.error("hook.store_failed", source=name, error=f"{type(err).__name__}: {err}")
            return web.Response(status=503, text="not stored, please retry\n", content_type="text/plain")

    app.router.add_route("*", PREFIX + "{source}", hook)


def is_hook_path(path: str) -> bool:
    """True for the push prefix (the console login exempts it: platforms cannot log in)."""
    return path.startswith(PREFIX)


__all__ = ["PREFIX", "is_hook_path", "setup_hooks"]
