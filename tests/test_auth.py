"""Access control over HTTP against the real daemon and database (both backends).

Deny by default (401 JSON for the API, a redirect to /login for pages, routes added later
included), login with rate limiting, the session cookie, CSRF and Origin checks on writes, bearer
tokens (revoked, disabled user), and the actor of an action being the signed-in user.
"""

from __future__ import annotations

import datetime as dt
import re
from pathlib import Path
from typing import Any

import aiohttp
from aiohttp import web
from sqlalchemy import func, select
from sqlalchemy.orm import sessionmaker
from yarl import URL

from monitor.access.users import disable_user, revoke_tokens
from monitor.core.timeutil import SHANGHAI
from monitor.store.db import make_engine
from monitor.store.models import CaseEvent, LoginFailure
from test_console_support import OPERATOR, PASSWORD, add_case, api, base_url, daemon, make_user  # noqa: F401

from conftest import Database


def _ago(**kw: float) -> str:
    return (dt.datetime.now(SHANGHAI) - dt.timedelta(**kw)).isoformat()


def browser(daemon: Any, **headers: str) -> aiohttp.ClientSession:
    """A client that keeps cookies like a browser (127.0.0.1 needs the 'unsafe' jar)."""
    return aiohttp.ClientSession(base_url(daemon), cookie_jar=aiohttp.CookieJar(unsafe=True),
                                 headers=headers)


async def sign_in(http: aiohttp.ClientSession, name: str = OPERATOR, password: str = PASSWORD,
                  **extra: str) -> aiohttp.ClientResponse:
    async with http.post("/login", data={"name": name, "password": password, **extra},
                         allow_redirects=False) as r:
        await r.read()
        return r


def csrf_of(html: str) -> str:
    found = re.search(r'name="csrf_token" value="([0-9a-f]+)"', html)
    assert found, "no CSRF field in the page"
    return found.group(1)


def acted(db: Database, case_id: int) -> list[str]:
    """What people did to the case (the daemon's own sweep may escalate it meanwhile)."""
    with db.session() as s:
        return list(s.scalars(select(CaseEvent.kind).where(CaseEvent.case_id == case_id,
                                                           CaseEvent.actor != "system")
                              .order_by(CaseEvent.id)))


async def test_nothing_answers_without_a_user(daemon: Any, db: Database, config_dir: Path) -> None:
    case_id = add_case(db, config_dir / "wenzheng.toml", _ago(hours=1), text="小区门口路灯不亮")
    async with aiohttp.ClientSession(base_url(daemon)) as http:
        for path in ("/api/cases", f"/api/cases/{case_id}", "/api/queue", "/api/stats", "/api/sources",
                     "/metrics"):
            async with http.get(path) as r:
                assert r.status == 401, path
                assert "authentication required" in (await r.json())["error"]
                assert r.headers["WWW-Authenticate"].startswith("Bearer")
        async with http.post(f"/api/cases/{case_id}/actions/close", json={"result": "x"}) as r:
            assert r.status == 401
        for path in ("/", "/cases", f"/cases/{case_id}", "/queue", "/sources", "/stats", "/no-such-page"):
            async with http.get(path, allow_redirects=False) as r:
                assert r.status == 303, path
                assert r.headers["Location"].startswith("/login?next="), path
        async with http.post(f"/cases/{case_id}/do/close", data={"result": "x"}, allow_redirects=False) as r:
            assert r.status == 303 and r.headers["Location"].startswith("/login")
        for path in ("/healthz", "/login", "/static/console.css"):
            async with http.get(path) as r:
                assert r.status == 200, path
        async with http.get("/cases", headers={"Authorization": "Bearer wz_not-a-token"}) as r:
            assert r.status == 401  # a wrong token is refused, not redirected
    assert acted(db, case_id) == []


async def test_login_act_logout(daemon: Any, db: Database, config_dir: Path) -> None:
    # received minutes ago: an hour-old case can reach its first-response deadline mid-test, and the
    # sweep's escalation would then be the case's last event instead of the action checked below
    case_id = add_case(db, config_dir / "wenzheng.toml", _ago(minutes=5), text="小区门口路灯不亮")
    url = base_url(daemon)
    async with browser(daemon) as http:
        r = await sign_in(http, password="wrong password")
        assert r.status == 401 and "set-cookie" not in r.headers
        r = await sign_in(http, next=f"/cases/{case_id}")
        assert r.status == 303 and r.headers["Location"] == f"/cases/{case_id}"
        cookie = r.headers["Set-Cookie"]
        assert "HttpOnly" in cookie and "SameSite=Lax" in cookie and "Max-Age=43200" in cookie
        async with http.get(f"/cases/{case_id}") as r:
            assert r.status == 200
            html = await r.text()
        assert OPERATOR in html and 'action="/logout"' in html
        token = csrf_of(html)
        # a form post without the token, or with another session's, changes nothing
        async with http.post(f"/cases/{case_id}/do/pending-info", data={"note": "请补充地址"},
                             headers={"Origin": url}) as r:
            assert r.status == 403 and "安全令牌" in await r.text()
        async with http.post(f"/cases/{case_id}/do/pending-info",
                             data={"note": "请补充地址", "csrf_token": "0" * 64}) as r:
            assert r.status == 403
        # a cross-site post is refused even with the right token (the browser sends Origin)
        async with http.post(f"/cases/{case_id}/do/pending-info", data={"note": "x", "csrf_token": token},
                             headers={"Origin": "http://evil.example"}, allow_redirects=False) as r:
            assert r.status == 403 and "其他网站" in await r.text()
        async with http.post(f"/cases/{case_id}/do/pending-info", data={"note": "x", "csrf_token": token},
                             headers={"Origin": "null"}, allow_redirects=False) as r:
            assert r.status == 403
        assert acted(db, case_id) == []
        # the session's own token, same origin: done, recorded as the signed-in user
        async with http.post(f"/cases/{case_id}/do/pending-info", data={"note": "请补充地址", "csrf_token": token},
                             headers={"Origin": url}, allow_redirects=False) as r:
            assert r.status == 303 and r.headers["Location"].endswith("done=pending-info")
        with db.session() as s:
            event = s.scalars(select(CaseEvent).where(CaseEvent.case_id == case_id)
                              .order_by(CaseEvent.id.desc())).first()
            assert event is not None and (event.kind, event.actor) == ("pending_info", OPERATOR)
            assert event.user_id is not None and event.acting_for is None
        # JSON with the session cookie needs the token in a header
        async with http.post(f"/api/cases/{case_id}/actions/info-received", json={}) as r:
            body = await r.json()
            assert r.status == 403 and "CSRF" in body["error"] and "安全令牌" in body["message"]
        async with http.post(f"/api/cases/{case_id}/actions/info-received", json={},
                             headers={"X-CSRF-Token": token}) as r:
            assert r.status == 200 and (await r.json())["timeline"][-1]["actor"] == OPERATOR
        stolen = http.cookie_jar.filter_cookies(URL(url))["wz_session"].value
        async with http.post("/logout", data={"csrf_token": token}, allow_redirects=False) as r:
            assert r.status == 303 and r.headers["Location"] == "/login"
        async with http.get("/cases", allow_redirects=False) as r:
            assert r.status == 303
    async with aiohttp.ClientSession(url, cookies={"wz_session": stolen}) as replay:
        async with replay.get("/cases", allow_redirects=False) as r:
            assert r.status == 303, "a logged-out session must not come back with its old cookie"


async def test_login_is_rate_limited(daemon: Any, db: Database) -> None:
    async with browser(daemon) as http:
        r = await sign_in(http, name="")
        assert r.status == 400
        for _ in range(5):
            assert (await sign_in(http, password="guess-again")).status == 401
        async with http.post("/login", data={"name": "x\0y", "password": "p\0"}) as r:
            assert r.status == 401 and "用户名或密码错误" in await r.text()  # bad bytes: refused, no 500
        locked = await sign_in(http)  # the right password, but the name is locked now
        assert locked.status == 429
        async with http.post("/login", data={"name": OPERATOR, "password": PASSWORD}) as r:
            assert "登录失败次数过多" in await r.text() and "分钟后再试" in await r.text()
        async with http.post("/login", data={"name": "nobody", "password": PASSWORD},
                             headers={"Origin": "http://evil.example"}) as r:
            assert r.status == 403  # login CSRF: signing a visitor in from another site
    make_user(db, "王芳", "operator")
    async with browser(daemon) as http:  # another name from the same address still may
        assert (await sign_in(http, name="王芳")).status == 303


async def test_tokens(daemon: Any, db: Database, config_dir: Path) -> None:
    case_id = add_case(db, config_dir / "wenzheng.toml", _ago(hours=1), text="咨询公积金提取")
    token = make_user(db, "张三", "operator")
    async with api(daemon, token) as http:
        async with http.get("/api/cases") as r:
            assert r.status == 200 and [c["id"] for c in await r.json()] == [case_id]
        async with http.post(f"/api/cases/{case_id}/actions/pending-info", json={"note": "地址？"},
                             headers={"Origin": "http://evil.example"}) as r:
            assert r.status == 403  # a foreign Origin is refused whatever the credentials
        async with http.post(f"/api/cases/{case_id}/actions/pending-info", json={"note": "地址？"}) as r:
            assert r.status == 200  # a bearer token needs no CSRF token
            assert (await r.json())["timeline"][-1]["actor"] == "张三"
        async with http.get("/metrics") as r:
            assert r.status == 200 and "wenzheng_" in await r.text()
        with db.sessions.begin() as s:
            assert revoke_tokens(s, "张三") == 1
        async with http.get("/api/cases") as r:
            assert r.status == 401 and "revoked" in (await r.json())["error"]
    token = make_user(db, "李四", "operator")
    with db.sessions.begin() as s:
        disable_user(s, "李四")
    async with api(daemon, token) as http, http.get("/api/cases") as r:
        assert r.status == 401
    async with browser(daemon) as http:
        assert (await sign_in(http, name="李四")).status == 401  # disabled: no login either


async def test_routes_added_later_are_protected(daemon: Any, db: Database, aiohttp_client: Any) -> None:
    """What another engineer's new page gets without doing anything: login, role, CSRF; /hooks/ is open."""
    from monitor.web import WebContext, setup_web
    from monitor.web.auth import allow, user_of

    app = web.Application()
    setup_web(app, WebContext(app=daemon.app, sla=daemon.pipeline.stages.sla, metrics=daemon.metrics,
                              runners={}))
    hits: list[str] = []

    async def clusters(request: web.Request) -> web.Response:
        return web.Response(text=f"later for {user_of(request).name}")

    @allow("member")
    async def mine(request: web.Request) -> web.Response:
        return web.Response(text=f"scope {sorted(user_of(request).accounts or [])}")

    async def ack(request: web.Request) -> web.Response:
        hits.append("ack")
        return web.Response(text="ok")

    app.router.add_get("/later", clusters)
    app.router.add_get("/mine", mine)
    app.router.add_post("/queue/1/ack", ack)
    app.router.add_get("/staticky", clusters)  # looks like /static, is not
    client = await aiohttp_client(app)
    for path in ("/later", "/clusters", "/staticky"):
        async with client.get(path, allow_redirects=False) as r:
            assert r.status == 303, path
    async with client.get("/api/clusters") as r:
        assert r.status == 401
    operator = {"Authorization": f"Bearer {daemon.tokens[OPERATOR]}"}
    member = {"Authorization": f"Bearer {make_user(db, 'jf', 'member', account='jinfeng')}"}
    async with client.get("/later", headers=operator) as r:
        assert r.status == 200 and await r.text() == f"later for {OPERATOR}"
    for path in ("/later", "/clusters", "/api/clusters"):  # the real cluster pages span accounts too
        async with client.get(path, headers=member) as r:
            assert r.status == 403, path  # not marked for members: closed to them until it scopes
    async with client.get("/mine", headers=member) as r:
        assert await r.text() == "scope ['jinfeng']"
    async with client.post("/queue/1/ack", headers=member) as r:
        assert r.status == 403
    async with client.post("/hooks/hotline", data=b"{}") as r:
        # reaches the push handler (no such source here: its own 404), no login asked: push
        # endpoints prove themselves with their platform's signature
        assert r.status == 404 and "hotline" in await r.text()
    assert hits == []


async def test_audit_lists_who_did_what(daemon: Any, db: Database, config_dir: Path) -> None:
    cfg = config_dir / "wenzheng.toml"
    first = add_case(db, cfg, _ago(minutes=5), text="咨询居住证办理地点")
    second = add_case(db, cfg, _ago(minutes=4), text="小区路灯不亮")
    token = make_user(db, "王芳", "operator")
    async with api(daemon) as http:
        async with http.post(f"/api/cases/{first}/actions/pending-info", json={"note": "请补充小区名"}) as r:
            assert r.status == 200
    async with api(daemon, token) as http:
        async with http.post(f"/api/cases/{second}/actions/extend", json={"days": 2, "reason": "需现场核实"}) as r:
            assert r.status == 200
        async with http.get("/api/audit") as r:
            rows = await r.json()
        assert [(e["actor"], e["kind"], e["case_id"]) for e in rows] == [
            ("王芳", "extended", second), (OPERATOR, "pending_info", first)]
        async with http.get("/api/audit", params={"user": OPERATOR}) as r:
            assert [e["case_id"] for e in await r.json()] == [first]
        async with http.get("/api/audit", params={"case": str(second)}) as r:
            assert [e["actor"] for e in await r.json()] == ["王芳"]
        async with http.get("/api/audit", params={"case": "x"}) as r:
            assert r.status == 400
        async with http.get("/audit", params={"user": "王芳"}) as r:
            html = await r.text()
        assert r.status == 200 and "延期" in html and "需现场核实" in html and "请补充小区名" not in html
    member = make_user(db, "jf", "member", account="jinfeng")
    async with api(daemon, member) as http:
        for path in ("/audit", "/api/audit"):
            async with http.get(path) as r:
                assert r.status == 403, path


async def test_scope_in_the_api(daemon: Any, db: Database, config_dir: Path) -> None:
    cfg = config_dir / "wenzheng.toml"
    # the statistics below are asked for the month these cases were received in (Beijing time):
    # "this month", /api/stats's default, may have turned by the time they are asked for
    received = dt.datetime.now(SHANGHAI) - dt.timedelta(minutes=30)
    when, month = received.isoformat(), {"month": received.strftime("%Y-%m")}
    jf = add_case(db, cfg, when, text="金凤区电梯停运", lead="jinfeng", queue=("risk",))
    xq = add_case(db, cfg, when, text="兴庆区路灯不亮", lead="xingqing", queue=("risk",))
    street = add_case(db, cfg, when, text="文化街垃圾未清运", lead="xingqing-wenhuajie")
    member = make_user(db, "jf", "member", account="jinfeng")
    district = make_user(db, "xq", "member", account="xingqing", subtree=True)
    viewer = make_user(db, "leader", "viewer")
    async with api(daemon, member) as http:
        async with http.get("/api/cases") as r:
            assert [c["id"] for c in await r.json()] == [jf]
        async with http.get("/api/queue") as r:
            assert [e["case_id"] for e in await r.json()] == [jf]
        async with http.get(f"/api/cases/{xq}") as r:
            assert r.status == 404 and (await r.json())["error"] == f"没有编号为 {xq} 的案件"  # as if absent
        async with http.post(f"/api/cases/{xq}/actions/close", json={"result": "已处理"}) as r:
            assert r.status == 404
        async with http.post(f"/api/cases/{jf}/actions/assign", json={"account": "xixia"}) as r:
            assert r.status == 403 and "成员单位不能转派" in (await r.json())["error"]
        async with http.post(f"/api/cases/{jf}/actions/reply",
                             json={"account": "xingqing", "text": "您好", "post": False}) as r:
            assert r.status == 403 and "只能以本单位的账号办理" in (await r.json())["error"]
        async with http.post(f"/api/cases/{jf}/actions/reply",
                             json={"account": "jinfeng", "text": "您好，已安排维保单位检修。", "post": False}) as r:
            assert r.status == 200
            event = [e for e in (await r.json())["timeline"] if e["kind"] == "reply"][-1]
            assert (event["actor"], event["acting_for"]) == ("jf", "jinfeng")
        async with http.get("/api/stats", params=month) as r:
            assert r.status == 200 and (await r.json())["received"] == 1  # its own account only
        async with http.get("/api/stats", params={"account": "xingqing"}) as r:
            assert r.status == 400 and "矩阵中没有账号“xingqing”" in (await r.json())["error"]
        async with http.get("/api/sources") as r:
            assert r.status == 403
    async with api(daemon, district) as http:  # --subtree: the district and its streets
        async with http.get("/api/cases") as r:
            assert sorted(c["id"] for c in await r.json()) == sorted([xq, street])
        async with http.get("/api/stats", params=month) as r:
            assert (await r.json())["received"] == 2
    async with api(daemon, viewer) as http:
        for path in ("/api/cases", "/api/queue", f"/api/cases/{jf}"):
            async with http.get(path) as r:
                assert r.status in (403, 404), path
        async with http.post(f"/api/cases/{jf}/actions/close", json={"result": "x"}) as r:
            assert r.status == 403
        async with http.get("/api/stats", params=month) as r:
            assert r.status == 200 and (await r.json())["received"] == 3
    assert acted(db, xq) == [] and acted(db, street) == []


async def test_users_page_is_for_admins(daemon: Any, db: Database) -> None:
    admin = make_user(db, "管理员", "admin")
    make_user(db, "jf", "member", account="jinfeng", subtree=True)
    async with api(daemon, admin) as http, http.get("/users") as r:
        html = await r.text()
        assert r.status == 200 and "管理员" in html and "金凤区及下级" in html and OPERATOR in html
    async with api(daemon) as http, http.get("/users") as r:  # an operator
        assert r.status == 403


def test_login_failures_are_counted_across_daemons(db: Database) -> None:
    """Two daemons on one database see one count: five guesses spread over both lock the name."""
    from monitor.access import throttle

    t0 = dt.datetime(2026, 3, 2, 9, 0, tzinfo=dt.UTC)
    other = make_engine(db.url)  # a second engine, as a second daemon process has
    daemon_a, daemon_b = db.sessions, sessionmaker(other, expire_on_commit=False)
    for i in range(5):
        with (daemon_a if i % 2 else daemon_b).begin() as s:
            assert throttle.wait_seconds(s, "李科长", "10.0.0.1", now=t0) == 0
            throttle.failed(s, " 李科长 ", f"10.0.0.{i}", now=t0 + dt.timedelta(minutes=i))
    with daemon_a() as s:
        # the first failure (t0) leaves the window at t0 + 15 min: from t0 + 5 min, 600 s to wait
        assert throttle.wait_seconds(s, "李科长", "10.9.9.9", now=t0 + dt.timedelta(minutes=5)) == 600
        assert throttle.wait_seconds(s, "王芳", "10.0.0.1", now=t0 + dt.timedelta(minutes=5)) == 0
        assert throttle.wait_seconds(s, "李科长", "x", now=t0 + dt.timedelta(minutes=15, seconds=1)) == 0
    with daemon_b.begin() as s:  # a failure later prunes what has left the window
        throttle.failed(s, "王芳", "10.0.0.7", now=t0 + dt.timedelta(hours=1))
    with daemon_a.begin() as s:
        assert s.scalar(select(func.count()).select_from(LoginFailure)) == 2
        throttle.succeeded(s, "王芳")
        assert s.scalars(select(LoginFailure.kind)).all() == ["address"]
    other.dispose()
