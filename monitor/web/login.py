"""``/login`` and ``/logout``: the console's sign-in, with failed attempts rate-limited.

Failures are counted per user name and per client address in a moving window (the ``limits``
library, in memory): after :data:`FAILURES_PER_NAME` wrong passwords for one name, or
:data:`FAILURES_PER_ADDRESS` from one address, within 15 minutes, that name or address is refused
(429) until the window has room again, whatever the password. The counts live in the daemon's
memory: a restart forgets them, which only ever helps the rightful user. Behind a reverse proxy
every client has the proxy's address, hence the higher per-address limit.
"""

from __future__ import annotations

import asyncio
import math
import os
import time
from typing import TYPE_CHECKING
from urllib.parse import urlsplit

from aiohttp import web
from limits import RateLimitItemPerMinute
from limits.storage import MemoryStorage
from limits.strategies import MovingWindowRateLimiter

from monitor.access.sessions import end_session, start_session
from monitor.access.users import authenticate
from monitor.web.auth import SESSION_COOKIE, SESSION_ID_KEY, allow, refuse, same_origin
from monitor.web.console.render import page

if TYPE_CHECKING:
    from monitor.web.auth import Gate

SECURE_COOKIES_ENV = "WENZHENG_SECURE_COOKIES"  # "1" behind a proxy that terminates HTTPS
FAILURES_PER_NAME = RateLimitItemPerMinute(5, 15)
FAILURES_PER_ADDRESS = RateLimitItemPerMinute(30, 15)


class LoginLimiter:
    """Counts failed logins; answers how long a name or an address must still wait."""

    def __init__(self) -> None:
        self._limiter = MovingWindowRateLimiter(MemoryStorage())

    def _keys(self, name: str, address: str) -> list[tuple[RateLimitItemPerMinute, str, str]]:
        return [(FAILURES_PER_NAME, "name", name.strip().lower()),
                (FAILURES_PER_ADDRESS, "address", address)]

    def wait_seconds(self, name: str, address: str) -> int:
        """0 when a login may be tried, else seconds until the oldest failure leaves the window."""
        wait = 0.0
        for item, kind, key in self._keys(name, address):
            if not self._limiter.test(item, kind, key):
                reset = self._limiter.get_window_stats(item, kind, key).reset_time
                wait = max(wait, reset - time.time())
        return math.ceil(wait) if wait > 0 else 0

    def failed(self, name: str, address: str) -> None:
        for item, kind, key in self._keys(name, address):
            self._limiter.hit(item, kind, key)

    def succeeded(self, name: str) -> None:
        self._limiter.clear(FAILURES_PER_NAME, "name", name.strip().lower())


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
    limiter = LoginLimiter()

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
        wait = limiter.wait_seconds(name, address)
        if wait:
            minutes = max(1, math.ceil(wait / 60))
            return form(request, status=429, name=name, next_=next_,
                        error=f"登录失败次数过多，已暂时锁定，请 {minutes} 分钟后再试。")
        if not name or not password:
            return form(request, status=400, name=name, next_=next_, error="请输入用户名和密码。")

        def check() -> str | None:
            with gate.ctx.app.sessions.begin() as s:
                user = authenticate(s, name, password)
                if user is None:
                    return None
                return start_session(s, user, address=address, ttl=codec.ttl)

        codec = await gate.codec()
        session_id = await asyncio.to_thread(check)
        if session_id is None:
            limiter.failed(name, address)
            return form(request, status=401, name=name, next_=next_, error="用户名或密码错误。")
        limiter.succeeded(name)
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
