"""The console's pages: server-rendered HTML over the same read models the JSON API returns.

Forms post classically (``application/x-www-form-urlencoded``) and redirect back (POST/redirect/GET),
so the console works without JavaScript and a reload never repeats an action. The operator's name
is kept in a cookie so it need not be typed on every form.
"""

from __future__ import annotations

import asyncio
from typing import TYPE_CHECKING, Any
from urllib.parse import quote, unquote, urlencode

from aiohttp import web

from monitor.core.labels import CHANNEL_LABELS
from monitor.handling.actions import ActionError
from monitor.intake import deadletters
from monitor.web.console import stats as stats_bridge
from monitor.web.console.dispatch import (
    ACTIONS,
    BadRequest,
    CaseNotFound,
    case_id_of,
    corrector_for,
    perform,
    replier_for,
)
from monitor.web.console.labels import ACTION, STATUS
from monitor.web.console.readmodels import active_accounts, calendar_gaps, queue_rows
from monitor.web.console.render import page
from monitor.web.views import CASE_STATUSES, account_names, case_detail, count_cases, list_cases, sources_status

if TYPE_CHECKING:
    from monitor.web.context import InSession, WebContext

PER_PAGE = 30
MAX_PAGE_NO = 100_000  # beyond it the offset means nothing; a 100-digit page must not reach SQL
ACTOR_COOKIE = "wz_actor"


class Pages:
    def __init__(self, ctx: WebContext, in_session: InSession) -> None:
        self.ctx = ctx
        self.in_session = in_session

    # ------------------------------------------------------------------ helpers

    def common(self, request: web.Request, nav: str) -> dict[str, Any]:
        gaps = calendar_gaps(self.ctx.sla.calendar)
        return {"nav": nav, "calendar_gaps": gaps,
                "actor": unquote(request.cookies.get(ACTOR_COOKIE, ""))}

    def error_page(self, request: web.Request, status: int, message: str) -> web.Response:
        return page("error.html", http_status=status, message=message, code=status,
                    **self.common(request, ""))

    @staticmethod
    def _case_id(request: web.Request) -> int | None:
        try:
            return case_id_of(request.match_info["case_id"])
        except BadRequest:
            return None

    # ------------------------------------------------------------------ pages

    async def index(self, _request: web.Request) -> web.Response:
        raise web.HTTPFound("/cases")

    async def cases(self, request: web.Request) -> web.Response:
        status = request.query.get("status") or None
        account = (request.query.get("account") or "").strip() or None
        channel = (request.query.get("channel") or "").strip() or None
        raw_page = request.query.get("page", "1")
        if status is not None and status not in CASE_STATUSES:
            return self.error_page(request, 400, f"未知状态 {status!r}")
        if not raw_page.isascii() or not raw_page.isdigit() or not 1 <= int(raw_page[:12]) <= MAX_PAGE_NO:
            return self.error_page(request, 400, f"页码必须是 1 到 {MAX_PAGE_NO} 之间的整数：{raw_page[:20]!r}")
        page_no = int(raw_page)

        def read(s: Any) -> dict[str, Any]:
            rows = list_cases(s, status=status, account=account, limit=PER_PAGE + 1,
                              offset=(page_no - 1) * PER_PAGE, channel=channel)
            return {"rows": rows[:PER_PAGE], "more": len(rows) > PER_PAGE, "counts": count_cases(s),
                    "accounts": active_accounts(s),
                    # the known channels: a DISTINCT over every case would scan the table per page view
                    "channels": list(CHANNEL_LABELS)}

        data = await self.in_session(read)

        def link(**change: Any) -> str:
            q = {"status": status or "", "account": account or "", "channel": channel or "",
                 "page": page_no} | change
            return "/cases?" + urlencode({k: v for k, v in q.items() if v not in ("", None)})

        return page("cases.html", **data, status=status, account=account or "", channel=channel,
                    page=page_no,
                    statuses=CASE_STATUSES, status_names=STATUS, link=link,
                    **self.common(request, "cases"))

    async def case(self, request: web.Request) -> web.Response:
        case_id = self._case_id(request)
        if case_id is None:
            return self.error_page(request, 400, f"案件编号必须是正整数：{request.match_info['case_id']!r}")
        done = request.query.get("done")
        # only a known action (one with a label) is echoed; no text from the URL reaches the page (a link
        # carrying ?error=… must not be able to print anything in the official banner)
        return await self._case_page(request, case_id, done=done if done in ACTION else None)

    async def _case_page(self, request: web.Request, case_id: int, *, done: str | None = None,
                         error: str | None = None, failed: str | None = None,
                         status: int = 200, actor: str | None = None) -> web.Response:
        def read(s: Any) -> dict[str, Any] | None:
            detail = case_detail(s, case_id)
            return None if detail is None else {"case": detail, "accounts": active_accounts(s)}

        data = await self.in_session(read)
        if data is None:
            return self.error_page(request, 404, f"没有编号为 {case_id} 的案件")
        can_post = replier_for(self.ctx, data["case"]["platform"], data["case"]["channel"]) is not None
        vocabulary = await asyncio.to_thread(self._vocabulary)  # the first call loads the classifier
        common = self.common(request, "cases")
        if actor:  # the refused form's operator: the cookie set with this answer is not read yet
            common["actor"] = actor
        return page("case.html", http_status=status, **data, can_post=can_post, done=done, error=error,
                    failed=failed, action_names=ACTION, vocabulary=vocabulary, **common)

    def _vocabulary(self) -> dict[str, Any]:
        """Choices of the 改分类 form: the office's types, domains and districts."""
        clf = corrector_for(self.ctx).classifier
        return {"types": list(clf.settings.types.labels.values()),
                "domains": list(clf.settings.taxonomy.domains),
                "regions": [d.name for d in clf.gazetteer.districts]}

    async def act(self, request: web.Request) -> web.Response:
        action = request.match_info["action"]
        case_id = self._case_id(request)
        if case_id is None:
            return self.error_page(request, 400, f"案件编号必须是正整数：{request.match_info['case_id']!r}")
        form = dict(await request.post())
        body: dict[str, Any] = {k: v for k, v in form.items() if isinstance(v, str)}
        if action == "reply" and "post" not in body:
            body["post"] = "false" if body.get("post_shown") else ""
        if "account" in body:
            body["account"] = await self._account_id(body["account"])
        actor = str(body.get("actor") or "").strip()
        try:
            await perform(self.ctx, case_id, action, body)
        except CaseNotFound as err:
            return self.error_page(request, 404, str(err))
        except (BadRequest, ActionError) as err:
            # the refusal is shown on the case page answered to this POST, from the server's own
            # message: never carried in the URL, where anyone could write any text into it
            resp: web.StreamResponse = await self._case_page(
                request, case_id, error=str(err), failed=action if action in ACTIONS else None,
                status=400 if isinstance(err, BadRequest) else 409, actor=actor)
        else:
            resp = web.HTTPSeeOther(f"/cases/{case_id}?" + urlencode({"done": action}))
        if actor:
            resp.set_cookie(ACTOR_COOKIE, quote(actor), max_age=180 * 86400, httponly=True,
                            samesite="Strict")
        if isinstance(resp, web.HTTPException):
            raise resp
        return resp

    async def _account_id(self, value: str) -> str:
        """Forms accept an account's id or its display name (what operators remember)."""
        text = value.strip()
        if not text:
            return text

        def lookup(s: Any) -> str:
            for acc in active_accounts(s):
                if text in (acc["id"], acc["name"], f"{acc['name']} ({acc['id']})"):
                    return acc["id"]
            return text

        return await self.in_session(lookup)

    async def queue(self, request: web.Request) -> web.Response:
        include = request.query.get("all") == "1"
        rows, names = await self.in_session(
            lambda s: (queue_rows(s, include_resolved=include), account_names(s)))
        return page("queue.html", rows=rows, names=names, include=include,
                    **self.common(request, "queue"))

    async def sources(self, request: web.Request) -> web.Response:
        rows, dead = await self.in_session(lambda s: (sources_status(s), deadletters.counts(s)))
        return page("sources.html", rows=rows, dead=dead, **self.common(request, "sources"))

    async def stats(self, request: web.Request) -> web.Response:
        counts = await self.in_session(count_cases)
        figures, period, problem = None, None, None
        if stats_bridge.available():
            try:
                period = stats_bridge.parse_period(request.query)
                figures = await self.in_session(
                    lambda s: stats_bridge.stats_json(s, dict(request.query), self.ctx))
            except BadRequest as err:
                problem = str(err)
        return page("stats.html", counts=counts, figures=figures, period=period, problem=problem,
                    statuses=CASE_STATUSES, headline=stats_bridge.HEADLINE,
                    **self.common(request, "stats"))


def add_page_routes(app: web.Application, pages: Pages) -> None:
    app.router.add_get("/", pages.index)
    app.router.add_get("/cases", pages.cases)
    from monitor.web.console.intake import add_routes

    add_routes(app, pages)  # /cases/new before /cases/{case_id}
    app.router.add_get(r"/cases/{case_id}", pages.case)
    app.router.add_post(r"/cases/{case_id}/do/{action}", pages.act)
    app.router.add_get("/queue", pages.queue)
    app.router.add_get("/sources", pages.sources)
    app.router.add_get("/stats", pages.stats)


__all__ = ["ACTIONS", "Pages", "add_page_routes"]
