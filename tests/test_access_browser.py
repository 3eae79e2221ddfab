"""Sign-in, scope and CSRF in real headless Chromium against the real daemon (both backends).

A member sees and acts on its own account's cases only (another's is "not found", page and API);
a viewer sees statistics only; a cross-site form and a form stripped of its CSRF token change
nothing; a citizen's ``<script>`` is shown as text; repeated wrong passwords lock the login.
"""

from __future__ import annotations

import contextlib
import datetime as dt
from collections.abc import AsyncIterator
from pathlib import Path
from typing import Any

import pytest
from aiohttp import web
from sqlalchemy import select

from monitor.core.timeutil import SHANGHAI
from monitor.store.models import CaseEvent
from test_console_browser import BROWSER_LOOP, daemon, page, shot  # noqa: F401 - fixture
from test_console_support import OPERATOR, PASSWORD, add_case, base_url, login, make_user

from conftest import Database

pytestmark = [pytest.mark.browser, BROWSER_LOOP]


def _ago(**kw: float) -> str:
    return (dt.datetime.now(SHANGHAI) - dt.timedelta(**kw)).isoformat()


def human_events(db: Database, case_id: int) -> list[str]:
    with db.session() as s:
        return list(s.scalars(select(CaseEvent.kind).where(CaseEvent.case_id == case_id,
                                                           CaseEvent.actor != "system")))


async def test_member_sees_only_its_cases(daemon: Any, db: Database, config_dir: Path, page: Any) -> None:
    cfg = config_dir / "wenzheng.toml"
    mine = add_case(db, cfg, _ago(minutes=20), text="金凤区某小区电梯停运两天", lead="jinfeng")
    other = add_case(db, cfg, _ago(minutes=10), text="兴庆区文化街路灯不亮，王女士电话13900000000",
                     lead="xingqing")
    make_user(db, "金凤区办", "member", account="jinfeng")
    url = base_url(daemon)
    await login(page, daemon, "金凤区办")
    assert "金凤区办" in await page.locator("#me").inner_text()
    rows = page.locator("#case-list tbody tr")
    assert await rows.count() == 1 and "电梯停运" in await rows.nth(0).inner_text()
    assert "路灯不亮" not in await page.content()
    assert await page.locator("nav a[href='/sources']").count() == 0  # not a member's page
    await shot(page, "member-cases")

    response = await page.goto(f"{url}/cases/{other}")
    assert response.status == 404 and "13900000000" not in await page.content()
    api = await page.request.get(f"{url}/api/cases/{other}")
    assert api.status == 404
    api = await page.request.get(f"{url}/api/cases")
    assert [c["id"] for c in await api.json()] == [mine]
    response = await page.goto(f"{url}/sources")
    assert response.status == 403

    # on its own case: only the member's forms, acting as its own account
    await page.goto(f"{url}/cases/{mine}")
    assert await page.locator("form[data-action=assign]").count() == 0
    assert await page.locator("form[data-action=merge]").count() == 0
    form = page.locator("form[data-action=pending-info]")
    await form.locator("input[name=note]").fill("请补充楼栋号")
    await form.locator("button[type=submit]").click()
    await page.wait_for_url(f"{url}/cases/{mine}?done=pending-info")
    timeline = await page.locator("#timeline").inner_text()
    assert "待群众补充" in timeline and "金凤区办" in timeline and "代 金凤区" in timeline

    # acting on the other case through the page's own session is refused and changes nothing
    token = await page.locator("meta[name=csrf-token]").get_attribute("content")
    refused = await page.request.post(f"{url}/cases/{other}/do/close",
                                      form={"result": "已处理", "csrf_token": token or ""})
    assert refused.status == 404
    assert human_events(db, other) == []

    await page.click("#logout button[type=submit]")
    await page.wait_for_url(f"{url}/login")
    response = await page.goto(f"{url}/cases/{mine}")
    assert "/login" in page.url


async def test_viewer_sees_statistics_only(daemon: Any, db: Database, config_dir: Path, page: Any) -> None:
    add_case(db, config_dir / "wenzheng.toml", _ago(minutes=30), text="张先生反映小区噪音扰民")
    make_user(db, "领导", "viewer")
    url = base_url(daemon)
    await login(page, daemon, "领导")
    assert page.url == f"{url}/stats"
    assert "受理" in await page.locator("#stats-figures").inner_text()
    assert "噪音扰民" not in await page.content() and "张先生" not in await page.content()
    assert await page.locator("nav a[href='/cases']").count() == 0
    for path in ("/cases", "/queue"):
        response = await page.goto(f"{url}{path}")
        assert response.status == 403, path
    api = await page.request.get(f"{url}/api/cases")
    assert api.status == 403


@contextlib.asynccontextmanager
async def serve(app: web.Application) -> AsyncIterator[str]:
    """``app`` on a free port of 127.0.0.1, in the running loop (pytest-aiohttp's ``aiohttp_server``
    starts its servers in each test's own loop, not in the browser's); yields its base URL."""
    runner = web.AppRunner(app)
    await runner.setup()
    try:
        site = web.TCPSite(runner, "127.0.0.1", 0)
        await site.start()
        yield f"http://127.0.0.1:{runner.addresses[0][1]}"
    finally:
        await runner.cleanup()


async def test_cross_site_and_tokenless_posts_are_refused(daemon: Any, db: Database, config_dir: Path,
                                                          page: Any) -> None:
    case_id = add_case(db, config_dir / "wenzheng.toml", _ago(minutes=15), text="小区门口井盖缺失")
    url = base_url(daemon)
    evil = web.Application()

    async def attack(_request: web.Request) -> web.Response:
        return web.Response(content_type="text/html", text=f"""<!doctype html><body>
<form id="f" method="post" action="{url}/cases/{case_id}/do/pending-info">
<input name="note" value="attacker"></form><script>document.getElementById('f').submit()</script>""")

    evil.router.add_get("/", attack)
    await login(page, daemon)

    async with serve(evil) as other:
        await page.goto(f"{other}/")  # another origin: its form posts with our cookie
        await page.wait_for_load_state("networkidle")
    assert "其他网站" in await page.content()
    assert human_events(db, case_id) == []

    await page.goto(f"{url}/cases/{case_id}")
    form = page.locator("form[data-action=pending-info]")
    await form.evaluate("f => f.querySelector('input[name=csrf_token]').remove()")
    await form.locator("input[name=note]").fill("没有令牌")
    await form.locator("button[type=submit]").click()
    await page.wait_for_load_state("networkidle")
    assert "安全令牌" in await page.content()
    assert human_events(db, case_id) == []


async def test_citizen_script_is_text(daemon: Any, db: Database, config_dir: Path, page: Any) -> None:
    text = "路灯坏了<script>window.__pwned = 1</script><img src=x onerror=\"window.__pwned = 2\">"
    case_id = add_case(db, config_dir / "wenzheng.toml", _ago(minutes=5), text=text,
                       citizen="<b>王</b>")
    await login(page, daemon)
    for path in ("/cases", f"/cases/{case_id}"):
        await page.goto(f"{base_url(daemon)}{path}")
        assert await page.evaluate("window.__pwned") is None, path
    assert "<script>window.__pwned = 1</script>" in await page.locator("#thread").inner_text()
    assert "<b>王</b>" in await page.locator("#thread").inner_text()


async def test_login_locks_after_repeated_failures(daemon: Any, db: Database, page: Any) -> None:
    url = base_url(daemon)
    await page.goto(f"{url}/cases")
    assert "/login" in page.url
    for _ in range(5):
        await page.fill("input[name=name]", OPERATOR)
        await page.fill("input[name=password]", "not-the-password")
        await page.click("#login-form button[type=submit]")
        await page.wait_for_selector("#login-error")
        assert "用户名或密码错误" in await page.locator("#login-error").inner_text()
    await page.fill("input[name=name]", OPERATOR)
    await page.fill("input[name=password]", PASSWORD)  # right, but too late
    await page.click("#login-form button[type=submit]")
    await page.wait_for_selector("#login-error")
    assert "已暂时锁定" in await page.locator("#login-error").inner_text()
    await shot(page, "login-locked")
    response = await page.goto(f"{url}/cases")
    assert "/login" in page.url and response.status == 200
