"""The API and console trust no size: absurd numbers and dates are a 400 that says why, never a 500.

And the console shows only what the server says: ``?error=`` in a link prints nothing, and a
stored ``javascript:`` URL is never a link.
"""

from __future__ import annotations

import asyncio
import datetime as dt
import re
from pathlib import Path
from typing import Any

import aiohttp
import pytest
from sqlalchemy import text, update

from monitor.core.timeutil import SHANGHAI
from monitor.store.models import Case, Mention
from monitor.web.api import MAX_PAGE
from test_console_support import add_case, api, daemon  # noqa: F401 - fixture

from conftest import Database

HUGE = "9" * 100


async def test_absurd_numbers_and_dates_are_a_clear_400(daemon: Any, db: Database, config_dir: Path) -> None:
    case_id = add_case(db, config_dir / "wenzheng.toml", "2026-03-02T09:00", text="咨询公积金提取流程")
    gets = [
        (f"/api/cases?limit={HUGE}", "查询参数 limit 应在 1 到 200 之间"),
        ("/api/cases?limit=0", "每页最多 200 行"),
        (f"/api/cases?limit={MAX_PAGE + 1}", "用 offset 翻页"),
        ("/api/cases?limit=-5", "查询参数 limit 应在 1 到 200 之间"),
        (f"/api/cases?offset={HUGE}", "查询参数 offset 应在 0 到"),
        ("/api/cases?offset=-1", "查询参数 offset 应在 0 到"),
        (f"/api/queue?limit={HUGE}", "查询参数 limit 应在 1 到 200 之间"),
        (f"/api/queue?offset={HUGE}", "offset"),
        ("/api/stats?month=0001-01", "统计期须在 2000-01-01 至 2099-12-31 之间"),
        ("/api/stats?from=0001-01-01&to=9999-12-31", "统计期须在 2000-01-01 至 2099-12-31 之间"),
        ("/api/stats?quarter=9999-Q4", "超出了 2000–2099 年"),
    ]
    url = f"/api/cases/{case_id}/actions"
    posts = [
        (f"{url}/extend", {"reason": "r", "days": int(HUGE)}, "延期工作日应在 1 到 250 个工作日之间"),
        (f"{url}/extend", {"reason": "r", "days": HUGE}, "延期工作日应为整数"),
        (f"{url}/extend", {"reason": "r", "until": "0001-01-01T00:00"}, "新期限应在 2000 年至 2099 年之间"),
        (f"{url}/reply", {"account": "xingqing", "text": "您好", "post": False,
                          "at": "9999-12-31T23:59"}, "回复时间应在 2000 年至 2099 年之间"),
        (f"{url}/merge", {"into": HUGE}, "并入案件应为整数"),
    ]
    async with api(daemon) as http:
        for path, words in gets:
            async with http.get(path) as r:
                body = await r.json()
                assert (r.status, words in body.get("error", "")) == (400, True), (path, body)
        for path, payload, words in posts:
            async with http.post(path, json=payload) as r:
                body = await r.json()
                assert (r.status, words in body.get("error", "")) == (400, True), (path, body)
                assert body["field"] in payload, body  # the script's engineer is told which key
        async with http.get(f"/cases?page={HUGE}") as r:
            assert r.status == 400 and "页码必须是 1 到" in await r.text()
        async with http.get("/stats?month=0001-01") as r:
            assert r.status == 200 and "统计期须在 2000-01-01 至 2099-12-31 之间" in await r.text()
        async with http.get("/healthz") as r:
            assert r.status == 200


async def test_lists_are_paged_with_a_next_link(daemon: Any, db: Database, config_dir: Path) -> None:
    t0 = dt.datetime(2026, 3, 2, 9, 0, tzinfo=SHANGHAI)
    ids = [add_case(db, config_dir / "wenzheng.toml", (t0 + dt.timedelta(minutes=i)).isoformat(),
                    text=f"第{i}号诉求：路面坑洼") for i in range(5)]
    async with api(daemon) as http:
        seen: list[int] = []
        path: str | None = "/api/cases?limit=2"
        while path:
            async with http.get(path) as r:
                assert r.status == 200
                seen += [c["id"] for c in await r.json()]
                link = r.headers.get("Link")
            path = re.match(r'<([^>]+)>; rel="next"', link)[1] if link else None  # type: ignore[index]
        assert seen == ids[::-1]


async def test_case_page_shows_only_the_servers_own_messages_and_only_http_links(
        daemon: Any, db: Database, config_dir: Path) -> None:
    case_id = add_case(db, config_dir / "wenzheng.toml", "2026-03-02T09:00", text="路灯坏了")
    with db.sessions.begin() as s:  # as an import of an office's spreadsheet could have stored it
        s.execute(update(Case).where(Case.id == case_id).values(url="javascript:alert(document.cookie)"))
        s.execute(update(Mention).where(Mention.case_id == case_id).values(url="JaVaScRiPt:alert(1)"))
    async with api(daemon) as http:
        forged = "您的账号已冻结，请拨打 400-000-0000 解冻"
        async with http.get(f"/cases/{case_id}", params={"error": forged, "action": "close",
                                                         "done": "<script>x</script>"}) as r:
            html = await r.text()
        assert r.status == 200 and forged not in html and 'id="flash"' not in html
        i = html.lower().find("javascript:")
        assert i < 0 and "原文</a>" not in html, html[i - 300:i + 100]
        # a refused action shows the server's reason on the page it answers, with the form's status
        async with http.post(f"/cases/{case_id}/do/extend", data={"reason": "r", "days": "99999"},
                             allow_redirects=False) as r:
            html = await r.text()
        assert r.status == 400 and "延期工作日应在 1 到 250 个工作日之间" in html and 'class="banner bad"' in html
        assert "days" not in html.split('class="banner bad"')[1].split("</")[0]  # the label, not the key


async def test_health_answers_while_heavy_requests_wait(daemon: Any, db: Database, config_dir: Path) -> None:
    """Sixteen list requests stuck behind a lock on ``cases`` must not hold ``/healthz``.

    Before, API reads shared the default thread pool with everything else: once they filled it,
    health (and polling) waited for them. The lock makes "heavy" deterministic.
    """
    if db.backend != "postgresql":
        pytest.skip("needs a lock that blocks readers (PostgreSQL LOCK TABLE); SQLite readers never wait")
    add_case(db, config_dir / "wenzheng.toml", "2026-03-02T09:00", text="咨询公积金提取流程")
    async with api(daemon) as http:
        async def get(path: str) -> int:
            async with http.get(path) as r:
                await r.read()
                return r.status

        with db.engine.connect() as conn:
            tx = conn.begin()
            conn.execute(text("LOCK TABLE cases IN ACCESS EXCLUSIVE MODE"))
            heavy = [asyncio.create_task(get(f"/api/cases?limit=200&offset={i}")) for i in range(16)]
            await asyncio.sleep(1.0)
            assert not any(t.done() for t in heavy), "the requests should be waiting on the lock"
            async with http.get("/healthz", timeout=aiohttp.ClientTimeout(total=8)) as r:
                health = await r.json()
            assert r.status == 200 and health["database"] == "ok"
            tx.rollback()
        assert await asyncio.gather(*heavy) == [200] * 16
