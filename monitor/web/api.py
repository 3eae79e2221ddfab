"""HTTP routes of the daemon: health, metrics, the JSON API the console and scripts use, the console,
and the push endpoints under ``/hooks/`` (:mod:`monitor.web.hooks`).

Handlers are thin: reads run one function of :mod:`monitor.web.views` (or a stage module) in a
worker thread, so the API returns exactly what the CLI's ``--json`` prints; writes go through
:func:`monitor.web.console.dispatch.perform`, which owns its transaction. Every failure a client can
cause answers a JSON ``{"error": ...}`` with a 4xx status, never a traceback.

Bounded, so that no request can take the daemon down:

* **pages**: lists answer at most :data:`MAX_PAGE` rows; ``limit`` above it (or 0, which used to
  mean "everything") is a 400 that says so, and a full page carries a ``Link: <…>; rel="next"``
  header with the next ``offset``. Numbers are range-checked (a 100-digit ``offset`` is a 400,
  not a database overflow), dates too (:mod:`monitor.web.console.stats`).
* **threads**: API and console reads run on their own small pool (:data:`API_WORKERS`) and
  ``/healthz`` and ``/metrics`` on another, so sixteen heavy statistics requests queue behind each
  other, not in front of monitoring or of polling, sweeping and delivery (the default pool).

Access: :func:`monitor.web.auth.setup_auth` is installed first, so every route here and any route
added later needs a signed-in user or a bearer token (``/healthz`` excepted). Handlers marked
``@allow("member")`` narrow what they return to the user's scope; a case outside it is a 404.
"""

from __future__ import annotations

import asyncio
import json
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from typing import Any, TypeVar
from urllib.parse import urlencode

from aiohttp import web
from sqlalchemy import func, select, text

from monitor.cluster.ops import cluster_detail, list_clusters
from monitor.core.timeutil import iso_local
from monitor.handling.actions import ActionError
from monitor.intake import deadletters
from monitor.store.models import Case, Notification, QueueEntry
from monitor.web.console import setup_console
from monitor.web.auth import allow, setup_auth, user_of
from monitor.web.console.dispatch import BadRequest, CaseNotFound, Forbidden, case_id_of, perform
from monitor.web.console.readmodels import queue_rows
from monitor.web.console.stats import stats_json
from monitor.web.context import WebContext
from monitor.web.hooks import setup_hooks
from monitor.web.views import audit_events, case_detail, daemons_status, list_cases, sources_status

T = TypeVar("T")


def json_response(data: Any, status: int = 200) -> web.Response:
    """JSON with Chinese left readable (the console and scripts read it as text too)."""
    return web.Response(text=json.dumps(data, ensure_ascii=False), status=status,
                        content_type="application/json")


def _bad_request(message: str, field: str | None = None) -> web.HTTPBadRequest:
    body = {"error": message} | ({"field": field} if field else {})
    return web.HTTPBadRequest(text=json.dumps(body, ensure_ascii=False), content_type="application/json")


MAX_PAGE = 200
"""Rows one list request may return; page with ``offset`` beyond it."""
MAX_OFFSET = 2**31 - 1
API_WORKERS = 3
"""Threads for API and console reads: the rest of the daemon keeps the default pool."""
HEALTH_TIMEOUT = 10.0


def _int_param(request: web.Request, name: str, default: int, *, lo: int = 0, hi: int = MAX_OFFSET,
               hint: str = "") -> int:
    """An integer query parameter within ``lo..hi``, or a 400 that says what is allowed."""
    raw = request.query.get(name)
    if raw is None or raw == "":
        return default
    text = raw.strip()
    if not (text.isascii() and text.lstrip("-").isdigit()) or len(text) > 12:
        if text.isascii() and text.isdigit():
            raise _bad_request(f"查询参数 {name} 应在 {lo} 到 {hi} 之间{hint}", name)
        raise _bad_request(f"查询参数 {name} 应为整数，给的是“{raw[:40]}”", name)
    value = int(text)
    if not lo <= value <= hi:
        raise _bad_request(f"查询参数 {name} 应在 {lo} 到 {hi} 之间{hint}，给的是 {value}", name)
    return value


def _page(request: web.Request) -> tuple[int, int]:
    """``limit`` (1..MAX_PAGE, default 50) and ``offset`` of a list request."""
    limit = _int_param(request, "limit", 50, lo=1, hi=MAX_PAGE,
                       hint=f"（每页最多 {MAX_PAGE} 行，用 offset 翻页）")
    return limit, _int_param(request, "offset", 0)


def _paged(request: web.Request, rows: list[Any], limit: int, offset: int) -> web.Response:
    """The first ``limit`` of ``rows`` (one more was read to know whether a next page exists)."""
    resp = json_response(rows[:limit])
    if len(rows) > limit:
        query = {**request.query, "offset": str(offset + limit), "limit": str(limit)}
        resp.headers["Link"] = f'<{request.path}?{urlencode(query)}>; rel="next"'
    return resp


def error(message: str, status: int, field: str | None = None) -> web.Response:
    """``{"error": …}`` for a person (Chinese), plus ``field`` naming the request key at fault."""
    return json_response({"error": message} | ({"field": field} if field else {}), status=status)


def _flag(request: web.Request, name: str) -> bool:
    return request.query.get(name, "").lower() in ("1", "true", "yes", "on")


def setup_web(app: web.Application, ctx: WebContext) -> None:
    """Mount ``/healthz``, ``/metrics``, ``/api/…`` and the console on the daemon's application."""
    sessions = ctx.app.sessions
    api_pool = ThreadPoolExecutor(API_WORKERS, thread_name_prefix="wz-api")
    health_pool = ThreadPoolExecutor(2, thread_name_prefix="wz-health")  # /healthz and /metrics

    async def _shutdown(_app: web.Application) -> None:
        api_pool.shutdown(wait=False, cancel_futures=True)
        health_pool.shutdown(wait=False, cancel_futures=True)
    app.on_cleanup.append(_shutdown)

    async def in_session(fn: Callable[[Any], T], pool: ThreadPoolExecutor = api_pool) -> T:
        def work() -> T:
            with sessions() as s:
                return fn(s)
        return await asyncio.get_running_loop().run_in_executor(pool, work)

    setup_auth(app, ctx, in_session)

    async def healthz(_request: web.Request) -> web.Response:
        def check(s: Any) -> tuple[list[dict[str, Any]], deadletters.Counts]:
            s.execute(text("SELECT 1"))
            return sources_status(s), deadletters.counts(s)
        try:
            sources, dead = await asyncio.wait_for(in_session(check, health_pool), HEALTH_TIMEOUT)
        except TimeoutError:
            return json_response({"status": "error", "database": f"no answer within {HEALTH_TIMEOUT:g} s"},
                                 status=503)
        except Exception as err:  # noqa: BLE001 - health must answer, not crash
            return json_response({"status": "error", "database": str(err)}, status=503)
        bad = [s["name"] for s in sources if s["state"] in ("paused", "failing", "stalled")]
        me = ctx.membership
        # items set aside recently: the stream goes on, but someone must look at what was dropped
        return json_response({"status": "degraded" if bad or dead.recent else "ok", "database": "ok",
                              "sources": {s["name"]: s["state"] for s in sources}, "unhealthy": bad,
                              "dead_letters": {"open": dead.open, "recent": dead.recent,
                                               "last_seen_at": iso_local(dead.last_seen_at)},
                              "holders": {s["name"]: s["holder"] for s in sources if s["state"] != "retired"},
                              "lane_holders": {f"{s['name']}/{lane['lane']}": lane["holder"]
                                               for s in sources if s["state"] != "retired"
                                               for lane in s["lanes"]},
                              "daemon": me.id if me is not None else None,
                              "leases": sorted(me.held) if me is not None else [],
                              "daemons_alive": me.alive if me is not None else None})

    async def api_daemons(_request: web.Request) -> web.Response:
        window = ctx.app.config.settings.daemon.lease_seconds
        return json_response(await in_session(lambda s: daemons_status(s, silent_after=window)))

    @allow("viewer")  # counts only, no citizen's text: Prometheus scrapes with a viewer's token
    async def metrics(_request: web.Request) -> web.Response:
        def gauges(s: Any) -> None:
            m = ctx.metrics
            for status, n in s.execute(select(Case.status, func.count()).where(Case.status != "closed")
                                       .group_by(Case.status)):
                m.open_cases.labels(status).set(n)
            for reason, n in s.execute(select(QueueEntry.reason, func.count())
                                       .where(QueueEntry.resolved_at.is_(None)).group_by(QueueEntry.reason)):
                m.queue.labels(reason).set(n)
            for status, n in s.execute(select(Notification.status, func.count()).group_by(Notification.status)):
                m.outbox.labels(status).set(n)
            m.dead_letters.clear()  # a source whose letters were all resolved must read 0, not stay
            m.dead_letters.labels("-").set(0)
            for source, n in deadletters.counts(s).by_source.items():
                m.dead_letters.labels(source or "-").set(n)
        await in_session(gauges, health_pool)
        return web.Response(body=ctx.metrics.render(),
                            headers={"Content-Type": "text/plain; version=0.0.4; charset=utf-8"})

    @allow("member")
    async def api_cases(request: web.Request) -> web.Response:
        me = user_of(request)
        if not me.sees_cases:
            return error("此角色只能查看统计，不能查看案件", 403)
        status = request.query.get("status") or None
        limit, offset = _page(request)
        account = request.query.get("account") or None
        channel = request.query.get("channel") or None
        try:
            rows = await in_session(lambda s: list_cases(s, status=status, limit=limit + 1,
                                                         offset=offset, account=account, channel=channel,
                                                         narrow=me.scoped))
        except ValueError as err:
            raise _bad_request(str(err)) from None
        return _paged(request, rows, limit, offset)

    @allow("member")
    async def api_case(request: web.Request) -> web.Response:
        me = user_of(request)
        try:
            case_id = int(request.match_info["case_id"])
        except ValueError:
            raise _bad_request("案件编号应为整数") from None
        if not 0 < case_id < 2**31:  # the column is a 32-bit INTEGER: beyond it no case exists
            return error(f"没有编号为 {case_id} 的案件", 404)
        detail = await in_session(lambda s: case_detail(s, case_id) if me.sees_case(s, case_id) else None)
        if detail is None:
            return error(f"没有编号为 {case_id} 的案件", 404)
        return json_response(detail)

    async def api_clusters(request: web.Request) -> web.Response:
        limit = _int_param(request, "limit", 50)
        return json_response(await in_session(lambda s: list_clusters(s, limit=limit)))

    async def api_cluster(request: web.Request) -> web.Response:
        raw = request.match_info["cluster_id"]
        if not raw.isdigit():
            raise _bad_request("同类诉求编号应为整数")
        cid = int(raw)
        detail = await in_session(lambda s: cluster_detail(s, cid)) if 0 < cid < 2**31 else None
        if detail is None:
            return error(f"没有编号为 {cid} 的同类诉求", 404)
        return json_response(detail)

    async def api_sources(_request: web.Request) -> web.Response:
        return json_response(await in_session(sources_status))

    @allow("member")
    async def api_queue(request: web.Request) -> web.Response:
        me = user_of(request)
        if not me.sees_cases:
            return error("此角色只能查看统计，不能查看案件", 403)
        limit, offset = _page(request)
        include = _flag(request, "all")
        rows = await in_session(lambda s: queue_rows(s, include_resolved=include, limit=limit + 1,
                                                     offset=offset, narrow=me.scoped))
        return _paged(request, rows, limit, offset)

    async def api_audit(request: web.Request) -> web.Response:
        """Admins and operators: who did what, newest first (``user=``, ``case=``, ``limit=``, ``offset=``)."""
        user = (request.query.get("user") or "").strip() or None
        try:
            case = case_id_of(request.query["case"]) if request.query.get("case") else None
        except BadRequest as err:
            return error(str(err), 400, err.field)
        limit, offset = _page(request)
        rows = await in_session(
            lambda s: audit_events(s, user=user, case_id=case, limit=limit + 1, offset=offset))
        return _paged(request, rows, limit, offset)

    @allow("member", "viewer")
    async def api_stats(request: web.Request) -> web.Response:
        me = user_of(request)
        try:
            data = await in_session(lambda s: stats_json(s, dict(request.query), ctx, me))
        except BadRequest as err:
            return error(str(err), 400, err.field)
        return json_response(data)

    @allow("member")
    async def api_action(request: web.Request) -> web.Response:
        try:
            case_id = case_id_of(request.match_info["case_id"])
            body = await request.json() if request.can_read_body else {}
        except BadRequest as err:
            return error(str(err), 400, err.field)
        except (json.JSONDecodeError, UnicodeDecodeError):
            return error("请求内容不是有效的 JSON", 400)
        try:
            detail = await perform(ctx, user_of(request), case_id, request.match_info["action"], body)
        except BadRequest as err:
            return error(str(err), 400, err.field)
        except Forbidden as err:
            return error(str(err), 403)
        except CaseNotFound as err:
            return error(str(err), 404)
        except ActionError as err:
            return error(str(err), 409)
        return json_response(detail)

    app.router.add_get("/healthz", healthz)
    app.router.add_get("/metrics", metrics)
    app.router.add_get("/api/daemons", api_daemons)
    app.router.add_get("/api/cases", api_cases)
    app.router.add_get(r"/api/cases/{case_id}", api_case)
    app.router.add_get("/api/clusters", api_clusters)
    app.router.add_get(r"/api/clusters/{cluster_id}", api_cluster)
    app.router.add_get("/api/sources", api_sources)
    app.router.add_get("/api/queue", api_queue)
    app.router.add_get("/api/stats", api_stats)
    app.router.add_get("/api/audit", api_audit)
    app.router.add_post(r"/api/cases/{case_id}/actions/{action}", api_action)
    setup_console(app, ctx, in_session)
    setup_hooks(app, ctx.push_sources, ctx.pipeline,
                {name: getattr(src, "channel", None) for name, src in ctx.push_sources.items()})
