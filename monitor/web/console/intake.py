"""The console's form for appeals that arrive by phone or in person (登记来电、来访).

The form carries a fresh ``key`` each time it is shown, and the case is stored under it, so a
double-clicked submit or a browser re-send is the same case, never two. The entry goes through
the same pipeline as every platform's items (:mod:`monitor.intake.manual`): classified, routed,
clocked; who entered it is the signed-in user. A mistake re-shows the form with what was typed and the reason (HTTP 400).
"""

from __future__ import annotations

import asyncio
import uuid
from typing import TYPE_CHECKING, Any

from aiohttp import web

from monitor.core.timeutil import parse_iso, utcnow
from monitor.intake.manual import CHANNELS, Entry, EntryError, open_case
from monitor.web.auth import user_of
from monitor.web.console.readmodels import active_accounts
from monitor.web.console.render import page

if TYPE_CHECKING:
    from monitor.web.console.pages import Pages

FIELDS = ("channel", "citizen", "phone", "at", "account", "text", "key")


class NewCase:
    def __init__(self, pages: Pages) -> None:
        self.pages = pages

    async def _render(self, request: web.Request, values: dict[str, str], error: str | None,
                      status: int = 200) -> web.Response:
        accounts = await self.pages.in_session(active_accounts)
        common = self.pages.common(request, "cases")
        values = {"channel": "phone", **{k: v for k, v in values.items() if v}}
        values.setdefault("key", uuid.uuid4().hex)
        return page("new_case.html", http_status=status, values=values, error=error, accounts=accounts,
                    channels=CHANNELS, **common)

    async def form(self, request: web.Request) -> web.Response:
        return await self._render(request, {}, None)

    async def create(self, request: web.Request) -> web.Response:
        posted = await request.post()
        values = {k: str(posted.get(k, "")).strip() for k in FIELDS}
        pipeline = self.pages.ctx.pipeline
        if pipeline is None:
            return self.pages.error_page(request, 503, "此服务未接入受理流程，无法登记")
        try:
            at = parse_iso(values["at"]) if values["at"] else None
        except ValueError:
            return await self._render(request, values, f"时间格式不对：{values['at']}（例如 2026-03-02 09:30）", 400)
        entry = Entry(channel=values["channel"], text=values["text"], citizen=values["citizen"],
                      phone=values["phone"], at=at, account=await self.pages._account_id(values["account"]),
                      actor=user_of(request).name, key=values["key"])
        try:
            case_id = await asyncio.to_thread(open_case, pipeline, entry, now=utcnow())
        except EntryError as err:
            return await self._render(request, values, _chinese(err), 400)
        raise web.HTTPSeeOther(f"/cases/{case_id}?done=new")


_FIELD_NAMES = {"text": "诉求内容", "at": "时间", "account": "承办账号", "channel": "渠道", "key": "表单"}


def _chinese(err: Exception) -> str:
    """``text: …`` → ``诉求内容：…`` (the field named as the form names it; the detail as written)."""
    field, _, rest = str(err).partition(": ")
    return f"{_FIELD_NAMES.get(field, field)}：{rest or field}"


def add_routes(app: web.Application, pages: Pages) -> Any:
    """Mount ``/cases/new`` (before ``/cases/{case_id}``, which would otherwise take it)."""
    nc = NewCase(pages)
    app.router.add_get("/cases/new", nc.form)
    app.router.add_post("/cases/new", nc.create)
    return nc
