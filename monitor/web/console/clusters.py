"""The console's cluster pages (同类诉求): the list, one cluster, and one reply to all its members.

Same read models and actions as ``wenzheng clusters …`` (:mod:`monitor.cluster.ops`). A reply to
the cluster goes out once per member, each through the running source of that case's own
channel (or is recorded as made elsewhere when the form says so).
"""

from __future__ import annotations

import asyncio
from typing import TYPE_CHECKING, Any
from aiohttp import web

from monitor.cluster.ops import cluster_detail, list_clusters, reply_to_cluster
from monitor.core.labels import JOIN_LABELS, channel_label
from monitor.core.timeutil import utcnow
from monitor.handling import actions
from monitor.handling.actions import ActionError
from monitor.store.models import Case
from monitor.web.auth import user_of
from monitor.web.console.dispatch import _LoopReplier, replier_for
from monitor.web.console.render import page

if TYPE_CHECKING:
    from monitor.web.console.pages import Pages

HOW = JOIN_LABELS

# No @allow on these pages: a cluster spans many accounts' cases, so the deny-by-default middleware
# keeps them to operators and admins (members and viewers get 403), as /api/clusters.


def _cluster_id(request: web.Request) -> int | None:
    raw = request.match_info["cluster_id"]
    return int(raw) if raw.isdigit() and 0 < int(raw) < 2**31 else None


def add_cluster_routes(app: web.Application, pages: Pages) -> None:
    ctx = pages.ctx

    async def clusters(request: web.Request) -> web.Response:
        rows = await pages.in_session(lambda s: list_clusters(s, limit=100))
        return page("clusters.html", rows=rows, **pages.common(request, "clusters"))

    async def cluster_page(request: web.Request, cid: int, *, done: str | None = None,
                           error: str | None = None, status: int = 200) -> web.Response:
        """The cluster page; ``done``/``error`` only ever come from this server's own action."""
        d = await pages.in_session(lambda s: cluster_detail(s, cid))
        if d is None:
            return pages.error_page(request, 404, f"没有编号为 {cid} 的同类诉求")
        return page("cluster.html", http_status=status, c=d, how=HOW, done=done, error=error,
                    **pages.common(request, "clusters"))

    async def cluster(request: web.Request) -> web.Response:
        cid = _cluster_id(request)
        if cid is None:
            return pages.error_page(request, 400, f"同类诉求编号必须是正整数：{request.match_info['cluster_id']!r}")
        # nothing from the URL reaches the page: a link carrying ?error=… or ?done=… must not be
        # able to print its text in the official banner (the result of a reply is rendered by
        # the POST that made it)
        return await cluster_page(request, cid)

    async def reply(request: web.Request) -> web.Response:
        cid = _cluster_id(request)
        if cid is None:
            return pages.error_page(request, 400, "同类诉求编号必须是正整数")
        form = {k: v for k, v in (await request.post()).items() if isinstance(v, str)}
        actor = user_of(request).actor  # who replies is the signed-in user (operators and admins only)
        text = form.get("text") or ""
        record_only = form.get("post") == "false"
        account = (form.get("account") or "").strip() or None
        if account:
            account = await pages._account_id(account)
        loop = asyncio.get_running_loop()

        def work() -> list[dict[str, Any]]:
            with ctx.app.sessions.begin() as s:
                async def post(session: Any, case_id: int, account_id: str) -> None:
                    case = session.get(Case, case_id)
                    adapter = None if record_only else replier_for(ctx, case.platform, case.channel)
                    if adapter is None and not record_only:
                        raise ActionError(f"没有可在{channel_label(case.platform)}发布的运行中数据源")
                    if adapter is None:
                        actions.record_reply(session, case_id, account_id=account_id, text=text,
                                             actor=actor, now=utcnow(), engine=ctx.sla)
                    else:
                        await actions.post_reply(session, case_id, account_id=account_id, text=text,
                                                 replier=_LoopReplier(adapter, loop), actor=actor,
                                                 now=utcnow(), engine=ctx.sla)

                return asyncio.run(reply_to_cluster(s, cid, text=text, actor=actor, account_id=account,
                                                    post=post))

        try:
            results = await asyncio.to_thread(work)
        except ActionError as err:  # the server's own refusal, on the page answered to this POST
            return await cluster_page(request, cid, error=str(err), status=409)
        ok = sum(1 for r in results if r["ok"])
        failed = [f"#{r['case_id']}：{r['error']}" for r in results if not r["ok"]]
        return await cluster_page(request, cid, done=f"已回复 {ok} 件",
                                  error="；".join(failed) or None, status=200 if ok or not failed else 409)

    app.router.add_get("/clusters", clusters)
    app.router.add_get(r"/clusters/{cluster_id}", cluster)
    app.router.add_post(r"/clusters/{cluster_id}/reply", reply)
