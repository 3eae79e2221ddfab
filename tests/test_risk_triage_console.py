"""Confirming or dismissing a 疑似 risk through the API and on the console's case page.

The real daemon on a real database (both backends); the page in real headless Chromium (skipped
without /usr/bin/chromium unless WENZHENG_REQUIRE_BROWSER=1, as the other console tests).
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import select

from monitor.core.timeutil import SHANGHAI
from monitor.handling.queue import open_entry
from monitor.store.models import Case, Notification
from test_console_browser import BROWSER_LOOP, daemon, page, shot  # noqa: F401 - fixture
from test_console_support import add_case, api, base_url, login, make_user

from conftest import Database

pytestmark = BROWSER_LOOP  # the daemon and the page share the browser's event loop (test_console_browser)

FLAG = {"flag": "self_harm", "label": "疑似轻生", "severity": "critical", "severity_label": "危急",
        "possible": True, "evidence": ["要跳楼"]}


def possible_case(db: Database, config_dir: Path, text: str = "听说小区有人要跳楼，大家都在传") -> int:
    """A case the detector flagged 疑似轻生 only, with its risk entry first in the queue."""
    received = (dt.datetime.now(SHANGHAI) - dt.timedelta(minutes=20)).isoformat()
    case_id = add_case(db, config_dir / "wenzheng.toml", received, text=text, lead="xingqing")
    with db.sessions.begin() as s:
        case = s.get(Case, case_id)
        assert case is not None
        case.risk = [FLAG]
        open_entry(s, case_id, "risk", at=case.received_at, detail={"risk": "疑似轻生（要跳楼）"})
    return case_id


async def _post(http: Any, url: str, body: dict[str, Any]) -> tuple[int, Any]:
    async with http.post(url, json=body) as r:
        return r.status, await r.json()


def _reached(db: Database, case_id: int) -> set[str]:
    with db.session() as s:
        rows = s.scalars(select(Notification).where(Notification.case_id == case_id)).all()
        return {a for n in rows for a in (n.accounts or [n.recipient])}


async def test_confirm_and_dismiss_through_the_api_with_roles(daemon: Any, db: Database,
                                                              config_dir: Path) -> None:
    first, second = possible_case(db, config_dir), possible_case(db, config_dir, "听说楼道里煤气泄漏了，是真的吗")
    member = make_user(db, "兴庆区办", "member", account="xingqing")
    other = make_user(db, "金凤区办", "member", account="jinfeng")
    viewer = make_user(db, "统计员", "viewer")
    async with api(daemon, viewer) as http:
        status, _ = await _post(http, f"/api/cases/{first}/actions/confirm-risk", {})
        assert status == 403  # a viewer handles no case
    async with api(daemon, other) as http:
        status, _ = await _post(http, f"/api/cases/{first}/actions/confirm-risk", {})
        assert status == 404  # not in its scope: not even said to exist
    async with api(daemon, member) as http:
        status, body = await _post(http, f"/api/cases/{first}/actions/dismiss-risk", {"note": "不是"})
        assert status == 403 and "排除风险" in body["error"]
        status, c = await _post(http, f"/api/cases/{first}/actions/confirm-risk", {"note": "已联系本人"})
        assert status == 200, c
        assert c["risk_review"] == "confirmed" and c["risk"] == [FLAG]
        ev = [e for e in c["timeline"] if e["kind"] == "risk_confirmed"][-1]
        assert ev["actor"] == "兴庆区办" and ev["data"]["note"] == "已联系本人"
    assert {"xingqing", "wzyc"} <= _reached(db, first)

    async with api(daemon, make_user(db, "值班员王", "operator")) as http:
        url = f"/api/cases/{second}/actions/dismiss-risk"
        status, body = await _post(http, url, {})
        assert status == 400 and body["field"] == "note"
        status, c = await _post(http, url, {"note": "只是问问应急办法"})
        assert status == 200 and c["risk_review"] == "dismissed"
        assert [q for q in c["queue"] if q["reason"] == "risk"][0]["resolved_at"] is not None
        status, body = await _post(http, url, {"note": "再排除"})
        assert status == 409 and "已排除" in body["error"]
        async with http.get("/api/queue") as r:
            assert [q["case_id"] for q in await r.json()] == [first]
    assert _reached(db, second) == set()  # dismissing alerts nobody


@pytest.mark.browser
async def test_case_page_confirm_and_dismiss_buttons(daemon: Any, db: Database, config_dir: Path,
                                                     page: Any) -> None:
    first, second = possible_case(db, config_dir), possible_case(db, config_dir, "听说楼道里煤气泄漏了，是真的吗")
    url = base_url(daemon)
    make_user(db, "值班员王", "operator")
    await login(page, daemon, "值班员王")
    await page.goto(f"{url}/queue")  # first in the queue, with its Chinese 疑似 label and words
    assert "疑似轻生（要跳楼）" in await page.content() and "self_harm" not in await page.content()

    await page.goto(f"{url}/cases/{second}")
    assert await page.locator("#risk-review").inner_text() == "疑似风险，待核实"
    form = page.locator("form[data-action=dismiss-risk]")
    await form.locator("input[name=note]").fill("只是问问应急办法，并非险情")
    await form.locator("button[type=submit]").click()
    await page.wait_for_selector("#flash.ok")
    assert "排除风险" in await page.locator("#flash").inner_text()
    assert await page.locator("#risk-review").inner_text() == "疑似风险已核实排除"
    timeline = await page.locator("#timeline").inner_text()
    assert "排除风险" in timeline and "并非险情" in timeline and "疑似轻生（要跳楼）" in timeline
    assert "值班员王" in timeline and "risk" not in timeline
    assert "已解除" in await page.locator(".queue-entries").inner_text()
    await shot(page, "risk-dismissed")

    await page.goto(f"{url}/cases/{first}")
    assert await page.locator("form[data-action=dismiss-risk]").count() == 1
    form = page.locator("form[data-action=confirm-risk]")
    await form.locator("input[name=note]").fill("电话核实属实")
    await form.locator("button[type=submit]").click()
    await page.wait_for_selector("#flash.ok")
    assert "确认风险" in await page.locator("#flash").inner_text()
    assert "已核实确认" in await page.locator("#risk-review").inner_text()
    assert await page.locator("form[data-action=confirm-risk]").count() == 0
    timeline = await page.locator("#timeline").inner_text()
    assert "确认风险" in timeline and "电话核实属实" in timeline and "问政银川" in timeline
    assert "wzyc" not in timeline and "self_harm" not in timeline
    await shot(page, "risk-confirmed")
    assert {"xingqing", "wzyc"} <= _reached(db, first)
