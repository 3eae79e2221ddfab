"""Deny by default: every route of the daemon needs a signed-in user, except a few public ones.

One aiohttp middleware (:func:`setup_auth` installs it) runs before every handler, including
routes added later by anyone, and

1. lets through only ``/login``, ``/healthz``, ``/static/…`` and ``/hooks/…`` without a user
   (push endpoints under ``/hooks/`` prove themselves with their platform's signature instead);
2. authenticates the request: ``Authorization: Bearer TOKEN`` (the API, scripts, Prometheus) or
   the signed session cookie of the console. Without one, ``/api/…`` and ``/metrics`` answer
   401 JSON and pages redirect to ``/login?next=…``;
3. checks the role: admins and operators may call every route; a member or a viewer only the
   handlers marked with :func:`allow` (which promise to narrow what they show with the helpers
   below), so a new page is never open to a member by accident — it answers 403 until its author
   makes it scope-aware; :func:`admin_only` handlers answer admins alone;
4. refuses cross-site writes: any POST/PUT/PATCH/DELETE whose ``Origin`` (or ``Referer``) names
   another host is 403, and one authenticated by the cookie must also carry the session's CSRF
   token (form field ``csrf_token`` or header ``X-CSRF-Token``; :func:`monitor.web.console.render.page`
   puts the field into every POST form it renders). A bearer token needs no CSRF token: a browser
   never attaches it by itself.

Helpers for handlers (what another route needs to respect scope)::

    from monitor.web.auth import allow, user_of

    @allow("member")                      # members may call it; admins/operators always may
    async def my_page(request):
        me = user_of(request)             # Principal: name, role, accounts (None = all)
        rows = await in_session(lambda s: s.scalars(me.scoped(select(Case))).all())
        ok = await in_session(lambda s: me.sees_case(s, case_id))   # False -> answer 404
        me.actor                          # what to record as the actor of an action
"""

from __future__ import annotations

import asyncio
import contextvars
from collections.abc import Awaitable, Callable
from typing import TYPE_CHECKING, Any, TypeVar
from urllib.parse import urlencode, urlsplit

from aiohttp import web
from sqlalchemy.orm import Session

from monitor.access.scope import WHOLE_MATRIX, Principal, principal_for
from monitor.access.sessions import SessionCodec, session_user, signing_key
from monitor.access.users import user_for_token

if TYPE_CHECKING:
    from monitor.web.context import InSession, WebContext

F = TypeVar("F", bound=Callable[..., Any])
Handler = Callable[[web.Request], Awaitable[web.StreamResponse]]

SESSION_COOKIE = "wz_session"
CSRF_FIELD = "csrf_token"
CSRF_HEADER = "X-CSRF-Token"
PUBLIC_PATHS = frozenset({"/login", "/healthz"})
PUBLIC_PREFIXES = ("/static/", "/hooks/")
JSON_PREFIXES = ("/api/", "/metrics")
UNSAFE_METHODS = frozenset({"POST", "PUT", "PATCH", "DELETE"})

PRINCIPAL_KEY = web.RequestKey("wz_principal", Principal)
SESSION_ID_KEY = web.RequestKey("wz_session_id", str)

_principal: contextvars.ContextVar[Principal | None] = contextvars.ContextVar("wz_principal", default=None)
_csrf: contextvars.ContextVar[str] = contextvars.ContextVar("wz_csrf", default="")


def allow(*roles: str) -> Callable[[F], F]:
    """Let ``roles`` (``"member"``, ``"viewer"``) call this handler besides admins and operators.

    Mark a handler only when it narrows what it shows to :func:`user_of`'s scope (members) or
    shows no citizen's text (viewers).
    """
    def mark(handler: F) -> F:
        handler.wz_roles = frozenset(roles)  # type: ignore[attr-defined]
        return handler
    return mark


def admin_only(handler: F) -> F:
    """Only admins may call this handler (user management and other configuration views)."""
    handler.wz_admin = True  # type: ignore[attr-defined]
    return handler


def user_of(request: web.Request) -> Principal:
    """The signed-in user of a request that passed the middleware."""
    principal = request.get(PRINCIPAL_KEY)
    if not isinstance(principal, Principal):
        raise RuntimeError("user_of() on a public route: no user was authenticated")
    return principal


def current_user() -> Principal | None:
    """The user of the request being handled (templates: ``current_user()``), None on public pages."""
    return _principal.get()


def current_csrf_token() -> str:
    """The CSRF token of the current console session ('' for token-authenticated or public requests)."""
    return _csrf.get()


def wants_json(request: web.Request) -> bool:
    return request.path.startswith(JSON_PREFIXES)


def is_public(request: web.Request) -> bool:
    """Decided on the *matched* route, not the raw path, so ``/static/../api`` tricks do not apply."""
    route = request.match_info.route
    resource = route.resource if route is not None else None
    if resource is None:
        return False
    canonical = resource.canonical
    if isinstance(resource, web.StaticResource):  # its canonical is the bare prefix, "/static"
        canonical += "/"
    return canonical in PUBLIC_PATHS or canonical.startswith(PUBLIC_PREFIXES)


def same_origin(request: web.Request) -> bool:
    """False when ``Origin`` (or, without it, ``Referer``) names another host than the request's."""
    origin = request.headers.get("Origin")
    if origin is None:
        referer = request.headers.get("Referer")
        if not referer:
            return True  # not a browser, or one that sends neither: the CSRF token decides
        origin = referer
    netloc = urlsplit(origin).netloc if origin != "null" else ""
    return bool(netloc) and netloc.lower() == request.host.lower()


def refuse(request: web.Request, status: int, message: str, chinese: str) -> web.Response:
    """401/403 as JSON for the API, as the console's error page for pages.

    The JSON's ``error`` is for whoever writes the client (how to authenticate, which header); its
    ``message`` is the console's Chinese sentence, for a client that shows the refusal to a person."""
    if wants_json(request):
        from monitor.web.api import json_response

        resp = json_response({"error": message, "message": chinese}, status=status)
        if status == 401:
            resp.headers["WWW-Authenticate"] = 'Bearer realm="wenzheng"'
        return resp
    from monitor.web.console.render import page

    return page("error.html", http_status=status, message=chinese, code=status, nav="")


class Gate:
    """Authenticates requests for the middleware; the cookie codec is built on first use."""

    def __init__(self, ctx: WebContext, in_session: InSession) -> None:
        self.ctx = ctx
        self.in_session = in_session
        self._codec: SessionCodec | None = None

    async def codec(self) -> SessionCodec:
        if self._codec is None:
            key = await self.in_session(lambda _s: signing_key(self.ctx.app.sessions))
            self._codec = SessionCodec(key)
        return self._codec

    async def _principal(self, find: Callable[[Session], Any]) -> Principal | None:
        matrix = self.ctx.app.matrix

        def work() -> Principal | None:
            with self.ctx.app.sessions.begin() as s:
                user = find(s)
                return principal_for(s, user, matrix) if user is not None else None

        return await asyncio.to_thread(work)

    async def by_token(self, token: str) -> Principal | None:
        return await self._principal(lambda s: user_for_token(s, token))

    async def by_cookie(self, request: web.Request) -> tuple[Principal, str] | None:
        raw = request.cookies.get(SESSION_COOKIE)
        if not raw:
            return None
        codec = await self.codec()
        session_id = codec.session_id(raw)
        if session_id is None:
            return None
        principal = await self._principal(lambda s: session_user(s, session_id))
        return (principal, session_id) if principal is not None else None


def _login_redirect(request: web.Request) -> web.HTTPException:
    target = request.path_qs if request.method in ("GET", "HEAD") else "/"
    return web.HTTPSeeOther("/login?" + urlencode({"next": target}))


async def _csrf_token_in(request: web.Request) -> str:
    """The token of a write: the header, else the form field (the form is parsed once and cached:
    a handler reads it again with ``request.post()``; one that streams ``request.multipart()``
    must have its page send the header instead)."""
    header = request.headers.get(CSRF_HEADER)
    if header:
        return header
    if request.content_type in ("application/x-www-form-urlencoded", "multipart/form-data"):
        form = await request.post()  # cached: the handler's own request.post() reads it again
        value = form.get(CSRF_FIELD)
        return value if isinstance(value, str) else ""
    return ""


def make_middleware(gate: Gate) -> Any:
    @web.middleware
    async def access(request: web.Request, handler: Handler) -> web.StreamResponse:
        if is_public(request):
            return await handler(request)
        session_id: str | None = None
        auth = request.headers.get("Authorization")
        if auth is not None:
            scheme, _, token = auth.strip().partition(" ")
            principal = await gate.by_token(token.strip()) if scheme.lower() == "bearer" else None
            if principal is None:
                return refuse(request, 401, "invalid, revoked or malformed bearer token",
                              "令牌无效或已被吊销。")
        else:
            found = await gate.by_cookie(request)
            if found is None:
                if wants_json(request):
                    return refuse(request, 401, "authentication required: send Authorization: Bearer TOKEN "
                                  "(wenzheng users token NAME) or sign in", "请先登录。")
                raise _login_redirect(request)
            principal, session_id = found
        if request.match_info.http_exception is None:  # unknown paths stay 404/405 for signed-in users
            handler_ = request.match_info.handler
            roles = getattr(handler_, "wz_roles", frozenset())
            if getattr(handler_, "wz_admin", False):
                roles, allowed = frozenset(), principal.role == "admin"
            else:
                allowed = principal.role in WHOLE_MATRIX or principal.role in roles
            if not allowed:
                return refuse(request, 403, f"role {principal.role!r} may not use {request.path}",
                              "您的账号无权访问此页面或执行此操作。")
        if request.method in UNSAFE_METHODS:
            if not same_origin(request):
                return refuse(request, 403, "cross-site request refused (Origin is another site)",
                              "请求来自其他网站，已拒绝。")
            if session_id is not None:
                codec = await gate.codec()
                if not codec.csrf_ok(session_id, await _csrf_token_in(request)):
                    return refuse(request, 403, f"missing or wrong CSRF token (form field {CSRF_FIELD!r} "
                                  f"or header {CSRF_HEADER})",
                                  "表单已过期或缺少安全令牌，请刷新页面后重试。")
        request[PRINCIPAL_KEY] = principal
        if session_id is not None:
            request[SESSION_ID_KEY] = session_id
        p_token = _principal.set(principal)
        c_token = _csrf.set((await gate.codec()).csrf_token(session_id) if session_id else "")
        try:
            return await handler(request)
        finally:
            _principal.reset(p_token)
            _csrf.reset(c_token)

    return access


def setup_auth(app: web.Application, ctx: WebContext, in_session: InSession) -> Gate:
    """Install the middleware and mount ``/login`` and ``/logout`` on the daemon's application."""
    from monitor.web.login import add_login_routes

    gate = Gate(ctx, in_session)
    app.middlewares.append(make_middleware(gate))
    add_login_routes(app, gate)
    return gate
