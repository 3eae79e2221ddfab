"""The daemon's operator API (queue, statistics, case actions) and the web console mount.

Handlers stay thin: reads go through ``in_session`` (a read-only session in a worker thread), writes
through :func:`monitor.web.console.dispatch.perform`, which owns its transaction. Every failure a
client can cause answers a JSON ``{"error": ...}`` with a 4xx status, never a traceback.
"""

from __future__ import annotations

import json
from collections.abc import Awaitable, Callable
from typing import TYPE_CHECKING, Any

from aiohttp import web

from monitor.handling.actions import ActionError
from monitor.web.api import json_response
from monitor.web.console.dispatch import BadRequest, CaseNotFound, case_id_of, perform
from monitor.web.console.readmodels import queue_rows
from monitor.web.console.stats import StatsUnavailable, stats_json

if TYPE_CHECKING:
    from monitor.runtime.services import Services

InSession = Callable[[Callable[[Any], Any]], Awaitable[Any]]


def error(message: str, status: int) -> web.Response:
    return json_response({"error": message}, status=status)


def _flag(request: web.Request, name: str) -> bool:
    return request.query.get(name, "").lower() in ("1", "true", "yes", "on")


def _limit(request: web.Request) -> int | None:
    raw = request.query.get("limit", "")
    if not raw:
        return None
    if not raw.isdigit():
        raise BadRequest(f"query parameter 'limit' must be a non-negative integer, got {raw!r}")
    return int(raw) or None


def add_routes(app: web.Application, services: Services, in_session: InSession) -> None:
    """Register ``/api/queue``, ``/api/stats``, ``/api/cases/{id}/actions/{action}`` and the console."""

    async def api_queue(request: web.Request) -> web.Response:
        try:
            limit = _limit(request)
        except BadRequest as err:
            return error(str(err), 400)
        include = _flag(request, "all")
        return json_response(await in_session(lambda s: queue_rows(s, include_resolved=include,
                                                                   limit=limit)))

    async def api_stats(request: web.Request) -> web.Response:
        try:
            data = await in_session(lambda s: stats_json(s, dict(request.query), services))
        except BadRequest as err:
            return error(str(err), 400)
        except StatsUnavailable as err:
            return error(str(err), 503)
        return json_response(data)

    async def api_action(request: web.Request) -> web.Response:
        try:
            case_id = case_id_of(request.match_info["case_id"])
            body = await request.json() if request.can_read_body else {}
        except BadRequest as err:
            return error(str(err), 400)
        except (json.JSONDecodeError, UnicodeDecodeError):
            return error("the request body is not valid JSON", 400)
        try:
            detail = await perform(services, case_id, request.match_info["action"], body)
        except BadRequest as err:
            return error(str(err), 400)
        except CaseNotFound as err:
            return error(str(err), 404)
        except ActionError as err:
            return error(str(err), 409)
        return json_response(detail)

    app.router.add_get("/api/queue", api_queue)
    app.router.add_get("/api/stats", api_stats)
    app.router.add_post(r"/api/cases/{case_id}/actions/{action}", api_action)

    from monitor.web.console import setup_console

    setup_console(app, services, in_session)
