"""The console's pages: server-rendered HTML over the same read models the JSON API returns.

Forms post classically (``application/x-www-form-urlencoded``) and redirect back (POST/redirect/GET),
so the console works without JavaScript and a reload never repeats an action. Who acts is the
signed-in user; pages open to members (``@allow("member")``) show only the cases in their scope,
and a case outside it is "not found".
"""

from __future__ import annotations

import asyncio
from typing import TYPE_CHECKING, Any
from urllib.parse import urlencode

from aiohttp import web

from monitor.core.labels import CHANNEL_LABELS
from monitor.handling.actions import ActionError
from monitor.handling.queue import count_open
from monitor.intake import deadletters
from monitor.web.console import stats as web_stats
from monitor.access.users import list_users
from monitor.web.auth import admin_only, allow, user_of
from monitor.web.console.dispatch import (
    ACTIONS,
    MEMBER_ACTIONS,
    BadRequest,
    CaseNotFound,
    Forbidden,
    case_id_of,
    corrector_for,
    perform,
    replier_for,
)
from monitor.web.console.labels import ACTION, STATUS
from monitor.web.console.readmodels import active_accounts, calendar_gaps, queue_rows
from monitor.web.console.render import page
from monitor.web.views import (
    AUDIT_PAGE,
    CASE_STATUSES,
    account_names,
    audit_events,
    case_detail,
    count_cases,
    list_cases,
    sources_status,
    user_names,
)

if TYPE_CHECKING:
    from monitor.web.context import InSession, WebContext

PER_PAGE = 30
QUEUE_PAGE = 50
MAX_PAGE_NO = 100_000  # beyond it the offset means nothing; a 100-digit page must not reach SQL


def page_number(raw: str) -> int | None:
    """``?page=`` as 1..MAX_PAGE_NO, or None: a 100-digit or negative page must not reach SQL."""
    if raw.isascii() and raw.isdigit() and 1 <= int(raw[:12]) <= MAX_PAGE_NO:
        return int(raw)
    return None


class Pages:
    def __init__(self, ctx: WebContext, in_session: InSession) -> None:
        self.ctx = ctx
        self.in_session = in_session

    # ------------------------------------------------------------------ helpers

    def common(self, request: web.Request, nav: str) -> dict[str, Any]:
        gaps = calendar_gaps(self.ctx.sla.calendar)
        return {"nav": nav, "calendar_gaps": gaps, "me": user_of(request)}

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

    @allow("member", "viewer")
    async def index(self, request: web.Request) -> web.Response:
        raise web.HTTPFound("/cases" if user_of(request).sees_cases else "/stats")

    @allow("member")
    async def cases(self, request: web.Request) -> web.Response:
        me = user_of(request)
        if not me.sees_cases:
            return self.error_page(request, 403, "您的账号只能查看统计，不能查看案件。")
        status = request.query.get("status") or None
        account = (request.query.get("account") or "").strip() or None
        channel = (request.query.get("channel") or "").strip() or None
        raw_page = request.query.get("page", "1")
        if status is not None and status not in CASE_STATUSES:
            return self.error_page(request, 400, f"未知状态 {status!r}")
        page_no = page_number(raw_page)
        if page_no is None:
            return self.bad_page(request, raw_page)

        def read(s: Any) -> dict[str, Any]:
            rows = list_cases(s, status=status, account=account, limit=PER_PAGE + 1,
                              offset=(page_no - 1) * PER_PAGE, channel=channel, narrow=me.scoped)
            return {"rows": rows[:PER_PAGE], "more": len(rows) > PER_PAGE,
                    "counts": count_cases(s, me.scoped), "accounts": self._accounts(s, request),
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

    @staticmethod
    def _accounts(s: Any, request: web.Request) -> list[dict[str, str]]:
        """The accounts a form may offer this user: all for operators, a member's own ones."""
        me = user_of(request)
        return [a for a in active_accounts(s) if me.may_use_account(a["id"])]

    @allow("member")
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
                         status: int = 200) -> web.Response:
        me = user_of(request)

        def read(s: Any) -> dict[str, Any] | None:
            detail = case_detail(s, case_id) if me.sees_case(s, case_id) else None
            if detail is None:
                return None
            return {"case": detail, "accounts": self._accounts(s, request), "names": account_names(s)}

        data = await self.in_session(read)
        if data is None:
            return self.error_page(request, 404, f"没有编号为 {case_id} 的案件")
        can_post = replier_for(self.ctx, data["case"]["platform"], data["case"]["channel"]) is not None
        allowed = set(ACTIONS) if me.whole_matrix else set(MEMBER_ACTIONS)
        vocabulary = await asyncio.to_thread(self._vocabulary)  # the first call loads the classifier
        return page("case.html", http_status=status, **data, can_post=can_post, done=done, error=error,
                    failed=failed, action_names=ACTION, vocabulary=vocabulary, allowed=allowed,
                    **self.common(request, "cases"))

    def _vocabulary(self) -> dict[str, Any]:
        """Choices of the 改分类 form: the office's types, domains and districts."""
        clf = corrector_for(self.ctx).classifier
        return {"types": list(clf.settings.types.labels.values()),
                "domains": list(clf.settings.taxonomy.domains),
                "regions": [d.name for d in clf.gazetteer.districts]}

    @allow("member")
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
        try:
            await perform(self.ctx, user_of(request), case_id, action, body)
        except CaseNotFound:
            return self.error_page(request, 404, f"没有编号为 {case_id} 的案件")
        except Forbidden as err:
            return self.error_page(request, 403, f"您的账号无权执行此操作：{err}")
        except (BadRequest, ActionError) as err:
            # the refusal is shown on the case page answered to this POST, from the server's own
            # message: never carried in the URL, where anyone could write any text into it
            resp = await self._case_page(
                request, case_id, error=str(err), failed=action if action in ACTIONS else None,
                status=400 if isinstance(err, BadRequest) else 409)
        else:
            raise web.HTTPSeeOther(f"/cases/{case_id}?" + urlencode({"done": action}))
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

    @allow("member")
    async def queue(self, request: web.Request) -> web.Response:
        me = user_of(request)
        if not me.sees_cases:
            return self.error_page(request, 403, "您的账号只能查看统计，不能查看案件。")
        include = request.query.get("all") == "1"
        raw_page = request.query.get("page", "1")
        page_no = page_number(raw_page)
        if page_no is None:
            return self.bad_page(request, raw_page)

        def read(s: Any) -> dict[str, Any]:
            # a page at a time: after an outage the queue can hold thousands of entries
            rows = queue_rows(s, include_resolved=include, narrow=me.scoped, limit=QUEUE_PAGE + 1,
                              offset=(page_no - 1) * QUEUE_PAGE)
            return {"rows": rows[:QUEUE_PAGE], "more": len(rows) > QUEUE_PAGE,
                    "open_count": count_open(s, narrow=me.scoped), "names": account_names(s)}

        def link(**change: Any) -> str:
            q = {"all": "1" if include else "", "page": page_no} | change
            return "/queue?" + urlencode({k: v for k, v in q.items() if v not in ("", None)})

        data = await self.in_session(read)
        return page("queue.html", **data, include=include, page=page_no, link=link,
                    **self.common(request, "queue"))

    def bad_page(self, request: web.Request, raw: str) -> web.Response:
        return self.error_page(request, 400, f"页码必须是 1 到 {MAX_PAGE_NO} 之间的整数：{raw[:20]!r}")

    async def sources(self, request: web.Request) -> web.Response:
        rows, dead = await self.in_session(lambda s: (sources_status(s), deadletters.counts(s)))
        return page("sources.html", rows=rows, dead=dead, **self.common(request, "sources"))

    async def audit(self, request: web.Request) -> web.Response:
        """操作记录 (admins and operators): every action by a person, filterable by user and case."""
        user = (request.query.get("user") or "").strip()
        raw_case, raw_page = (request.query.get("case") or "").strip(), request.query.get("page", "1")
        try:
            case = case_id_of(raw_case) if raw_case else None
        except BadRequest:
            return self.error_page(request, 400, f"案件编号必须是正整数：{raw_case!r}")
        page_no = page_number(raw_page)
        if page_no is None:
            return self.bad_page(request, raw_page)

        def read(s: Any) -> dict[str, Any]:
            rows = audit_events(s, user=user or None, case_id=case, limit=AUDIT_PAGE + 1,
                                offset=(page_no - 1) * AUDIT_PAGE)
            return {"rows": rows[:AUDIT_PAGE], "more": len(rows) > AUDIT_PAGE,
                    "users": user_names(s), "names": account_names(s)}

        data = await self.in_session(read)

        def link(**change: Any) -> str:
            q = {"user": user, "case": case or "", "page": page_no} | change
            return "/audit?" + urlencode({k: v for k, v in q.items() if v not in ("", None)})

        return page("audit.html", **data, user=user, case=case, page=page_no, link=link,
                    **self.common(request, "audit"))

    @admin_only
    async def users(self, request: web.Request) -> web.Response:
        """用户 (admins): who may sign in, with which role and scope; managed with ``wenzheng users``."""
        rows = await self.in_session(list_users)
        return page("users.html", rows=rows, **self.common(request, "users"))

    @allow("member", "viewer")
    async def stats(self, request: web.Request) -> web.Response:
        me = user_of(request)
        counts = await self.in_session(lambda s: count_cases(s, me.scoped if me.sees_cases else None))
        figures, period, problem = None, None, None
        try:
            period = web_stats.parse_period(request.query)
            figures = await self.in_session(
                lambda s: web_stats.stats_json(s, dict(request.query), self.ctx, me))
        except BadRequest as err:
            problem = str(err)
        return page("stats.html", counts=counts, figures=figures, period=period, problem=problem,
                    statuses=CASE_STATUSES, headline=web_stats.HEADLINE,
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
    app.router.add_get("/audit", pages.audit)
    app.router.add_get("/users", pages.users)


__all__ = ["ACTIONS", "Pages", "add_page_routes"]
