"""HTTP routes of the daemon: health, metrics and the JSON API the console and scripts use.

Handlers are thin: each runs one function of :mod:`monitor.web.views` (or a stage module) in a worker
thread, so the API returns exactly what the CLI's ``--json`` prints.
"""

from __future__ import annotations

import asyncio
import json
from collections.abc import Callable
from typing import TYPE_CHECKING, Any, TypeVar

from aiohttp import web
from sqlalchemy import func, select, text

from monitor.store.models import Case, Notification, QueueEntry
from monitor.web.views import case_detail, list_cases, sources_status

if TYPE_CHECKING:
    from monitor.runtime.daemon import Daemon

T = TypeVar("T")


def json_response(data: Any, status: int = 200) -> web.Response:
    """JSON with Chinese left readable (the console and scripts read it as text too)."""
    return web.Response(text=json.dumps(data, ensure_ascii=False), status=status,
                        content_type="application/json")


def _bad_request(message: str) -> web.HTTPBadRequest:
    return web.HTTPBadRequest(text=json.dumps({"error": message}, ensure_ascii=False),
                              content_type="application/json")


def _int_param(request: web.Request, name: str, default: int) -> int:
    raw = request.query.get(name)
    if raw is None:
        return default
    try:
        value = int(raw)
    except ValueError:
        raise _bad_request(f"query parameter {name!r} must be an integer, got {raw!r}") from None
    if value < 0:
        raise _bad_request(f"query parameter {name!r} must be >= 0")
    return value


def setup_routes(app: web.Application, daemon: Daemon) -> None:
    sessions = daemon.app.sessions

    async def in_session(fn: Callable[[Any], T]) -> T:
        def work() -> T:
            with sessions() as s:
                return fn(s)
        return await asyncio.to_thread(work)

    async def healthz(_request: web.Request) -> web.Response:
        def check(s: Any) -> list[dict[str, Any]]:
            s.execute(text("SELECT 1"))
            return sources_status(s)
        try:
            sources = await in_session(check)
        except Exception as err:  # noqa: BLE001 - health must answer, not crash
            return json_response({"status": "error", "database": str(err)}, status=503)
        bad = [s["name"] for s in sources if s["state"] in ("paused", "failing")]
        return json_response({"status": "degraded" if bad else "ok", "database": "ok",
                      "sources": {s["name"]: s["state"] for s in sources}, "unhealthy": bad})

    async def metrics(_request: web.Request) -> web.Response:
        def gauges(s: Any) -> None:
            m = daemon.metrics
            for status, n in s.execute(select(Case.status, func.count()).where(Case.status != "closed")
                                       .group_by(Case.status)):
                m.open_cases.labels(status).set(n)
            for reason, n in s.execute(select(QueueEntry.reason, func.count())
                                       .where(QueueEntry.resolved_at.is_(None)).group_by(QueueEntry.reason)):
                m.queue.labels(reason).set(n)
            for status, n in s.execute(select(Notification.status, func.count()).group_by(Notification.status)):
                m.outbox.labels(status).set(n)
        await in_session(gauges)
        return web.Response(body=daemon.metrics.render(),
                            headers={"Content-Type": "text/plain; version=0.0.4; charset=utf-8"})

    async def api_cases(request: web.Request) -> web.Response:
        status = request.query.get("status") or None
        limit = _int_param(request, "limit", 50)
        offset = _int_param(request, "offset", 0)
        account = request.query.get("account") or None
        try:
            rows = await in_session(lambda s: list_cases(s, status=status, limit=limit,
                                                         offset=offset, account=account))
        except ValueError as err:
            raise _bad_request(str(err)) from None
        return json_response(rows)

    async def api_case(request: web.Request) -> web.Response:
        try:
            case_id = int(request.match_info["case_id"])
        except ValueError:
            raise _bad_request("case id must be an integer") from None
        if not 0 < case_id < 2**31:  # the column is a 32-bit INTEGER: beyond it no case exists
            return json_response({"error": f"no case {case_id}"}, status=404)
        detail = await in_session(lambda s: case_detail(s, case_id))
        if detail is None:
            return json_response({"error": f"no case {case_id}"}, status=404)
        return json_response(detail)

    async def api_sources(_request: web.Request) -> web.Response:
        return json_response(await in_session(sources_status))

    app.router.add_get("/healthz", healthz)
    app.router.add_get("/metrics", metrics)
    app.router.add_get("/api/cases", api_cases)
    app.router.add_get(r"/api/cases/{case_id}", api_case)
    app.router.add_get("/api/sources", api_sources)
    daemon.services.add_routes(app, in_session)
