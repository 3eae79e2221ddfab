"""``/login`` and ``/logout``: the console's sign-in, with failed attempts rate-limited.

Failures are counted per user name and per client address in a moving window kept in the
database (:mod:`monitor.access.throttle`), so several daemons behind one address share the count:
too many wrong passwords and the name or address is refused (429) for a while, whatever the
password.
"""

from __future__ import annotations

import asyncio
import math
import os
from typing import TYPE_CHECKING
from urllib.parse import urlsplit

from aiohttp import web

from monitor.access import throttle
from monitor.access.sessions import end_session, start_session
from monitor.access.users import authenticate
from monitor.web.auth import SESSION_COOKIE, SESSION_ID_KEY, allow, refuse, same_origin
from monitor.web.console.render import page

if TYPE_CHECKING:
    from monitor.web.auth import Gate

SECURE_COOKIES_ENV = "WENZHENG_SECURE_COOKIES"  # "1" behind a proxy that terminates HTTPS


def safe_next(target: str | None) -> str:
    """Where to go after signing in: a path on this site only (never ``//evil`` or a full URL)."""
    if not target:
        return "/"
    parts = urlsplit(target)
    if parts.scheme or parts.netloc or not target.startswith("/") or target.startswith("//") \
            or "\\" in target:
        return "/"
    return target


def add_login_routes(app: web.Application, gate: Gate) -> None:

    def form(request: web.Request, *, status: int = 200, error: str = "", name: str = "",
             next_: str = "/") -> web.Response:
        return page("login.html", http_status=status, error=error, name=name, next=next_, nav="")

    async def login_page(request: web.Request) -> web.StreamResponse:
        next_ = safe_next(request.query.get("next"))
        if await gate.by_cookie(request) is not None:
            raise web.HTTPSeeOther(next_)
        return form(request, next_=next_)

    async def login(request: web.Request) -> web.StreamResponse:
        if not same_origin(request):  # login CSRF: no one signs a visitor in from another site
            return refuse(request, 403, "cross-site request refused", "请求来自其他网站，已拒绝。")
        data = await request.post()
        name = str(data.get("name") or "").strip()
        password = str(data.get("password") or "")
        next_ = safe_next(str(data.get("next") or "/"))
        address = request.remote or ""

        def locked() -> int:
            with gate.ctx.app.sessions() as s:
                return throttle.wait_seconds(s, name, address)

        wait = await asyncio.to_thread(locked)
        if wait:
            minutes = max(1, math.ceil(wait / 60))
            return form(request, status=429, name=name, next_=next_,
                        error=f"登录失败次数过多，已暂时锁定，请 {minutes} 分钟后再试。")
        if not name or not password:
            return form(request, status=400, name=name, next_=next_, error="请输入用户名和密码。")

        def check() -> str | None:
            with gate.ctx.app.sessions.begin() as s:
                # a NUL byte is in no user name or password (PostgreSQL text cannot even hold one):
                # a wrong password like any other, never a database error
                user = None if "\0" in name + password else authenticate(s, name, password)
                if user is None:
                    throttle.failed(s, name, address)
                    return None
                throttle.succeeded(s, name)
                return start_session(s, user, address=address, ttl=codec.ttl)

        codec = await gate.codec()
        session_id = await asyncio.to_thread(check)
        if session_id is None:
            return form(request, status=401, name=name, next_=next_, error="用户名或密码错误。")
        resp = web.HTTPSeeOther(next_)
        resp.set_cookie(SESSION_COOKIE, codec.cookie(session_id), max_age=int(codec.ttl.total_seconds()),
                        httponly=True, samesite="Lax", path="/",
                        secure=request.secure or os.environ.get(SECURE_COOKIES_ENV) == "1")
        raise resp

    @allow("member", "viewer")
    async def logout(request: web.Request) -> web.StreamResponse:
        session_id = request.get(SESSION_ID_KEY)
        if session_id:
            def end() -> None:
                with gate.ctx.app.sessions.begin() as s:
                    end_session(s, session_id)
            await asyncio.to_thread(end)
        resp = web.HTTPSeeOther("/login")
        resp.del_cookie(SESSION_COOKIE, path="/")
        raise resp

    app.router.add_get("/login", login_page)
    app.router.add_post("/login", login)
    app.router.add_post("/logout", logout)
