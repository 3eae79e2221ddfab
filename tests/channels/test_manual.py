"""Cases typed in by hand (phone, walk-in): ``wenzheng case new`` and the console form."""

from __future__ import annotations

import json
from pathlib import Path

import aiohttp
import pytest
from sqlalchemy import select
from typer.testing import CliRunner

from monitor import cli
from monitor.store.models import Case, Mention

from test_console_browser import BROWSER_LOOP, daemon, page  # noqa: F401 - fixture
from test_console_support import OPERATOR, login
from .conftest import case_count

cli._register_all()
runner = CliRunner()


def invoke(cfg: Path, url: str, *args: str) -> tuple[int, str, str]:
    r = runner.invoke(cli.app, [*args, "--config", str(cfg)], env={"WENZHENG_DATABASE_URL": url})
    return r.exit_code, r.stdout, r.stderr


def test_case_new_goes_through_the_pipeline(config_dir, db) -> None:
    cfg = config_dir / "wenzheng.toml"
    code, out, _ = invoke(cfg, db.url, "case", "new", "--channel", "phone", "--citizen", "张女士",
                          "--phone", "13812345678", "--at", "2026-03-02 09:30", "--as", "王敏",
                          "--text", "兴庆区文化街阳光嘉园小区暖气不热，屋里只有十四度，老人孩子受不了。")
    assert code == 0, out
    assert out.startswith("案件 #1 已受理（电话）：承办 ")
    code, out, _ = invoke(cfg, db.url, "case", "new", "--channel", "visit", "--account", "金凤区",
                          "--text", "来访反映单位拖欠工资三个月", "--json")
    detail = json.loads(out)
    assert code == 0 and detail["channel"] == "visit" and detail["lead"] == "jinfeng"
    assert detail["channel_label"] == "来访" and detail["first_response_due"]
    with db.session() as s:
        phone = s.get(Case, 1)
        assert phone.channel == "phone" and phone.type and phone.lead_account_id
        assert phone.citizen_id == "138****5678"
        m = s.scalar(select(Mention).where(Mention.case_id == 1))
        assert m.raw["entered_by"] == "王敏" and "13812345678" not in json.dumps(m.raw)
    for args, says in ((["--channel", "fax", "--text", "x"], "channel must be one of phone, visit"),
                       (["--channel", "phone", "--text", "  "], "text"),
                       (["--channel", "phone", "--text", "x", "--account", "nobody"], "not a member account"),
                       (["--channel", "phone", "--text", "x", "--at", "2999-01-01 10:00"], "future")):
        code, _, err = invoke(cfg, db.url, "case", "new", *args)
        assert code == 2 and says in err
    assert case_count(db) == 2


async def test_console_form_registers_once_even_when_sent_twice(start_daemon, db) -> None:
    d = await start_daemon("")
    base = f"http://127.0.0.1:{d.port}"
    async with aiohttp.ClientSession(headers={"Authorization": f"Bearer {d.tokens[OPERATOR]}"}) as http:
        async with http.get(f"{base}/cases/new") as r:
            html = await r.text()
        assert r.status == 200 and "登记来电、来访" in html
        key = html.split('name="key" value="')[1].split('"')[0]
        form = {"channel": "visit", "citizen": "马大爷", "text": "小区门口人行道砖翘起来了，老人容易绊倒",
                "key": key}
        for _ in range(2):  # a double click
            async with http.post(f"{base}/cases/new", data=form, allow_redirects=False) as r:
                assert r.status == 303 and r.headers["Location"] == "/cases/1?done=new"
        async with http.get(f"{base}/cases/1?done=new") as r:
            page = await r.text()
        assert "已登记" in page and "来访" in page
        async with http.post(f"{base}/cases/new", data={**form, "key": "", "text": ""}) as r:
            assert r.status == 400 and "诉求内容" in await r.text()
    assert case_count(db) == 1


@pytest.mark.browser
@BROWSER_LOOP
async def test_console_form_in_a_browser(daemon, db, page) -> None:
    """In the Chromium the console's tests share, with their daemon (tests/test_console_browser.py)."""
    base = f"http://127.0.0.1:{daemon.port}"
    await login(page, daemon)
    await page.goto(f"{base}/cases")
    await page.click("#new-case")
    form = page.locator("#new-case-form")
    await form.locator("select[name=channel]").select_option("phone")
    await form.locator("input[name=citizen]").fill("刘先生")
    await form.locator("input[name=phone]").fill("13900001111")
    await form.locator("input[name=account]").fill("兴庆区")
    await form.locator("textarea[name=text]").fill("楼下烧烤店油烟太大，晚上窗户都不敢开")
    await form.locator("button[type=submit]").click()
    await page.wait_for_url(f"{base}/cases/1?done=new")
    assert await page.locator("#case-channel").inner_text() == "电话"
    assert "兴庆区" in await page.locator("#case-accounts").inner_text()
    await page.goto(f"{base}/cases")
    assert "电话" in await page.locator("#case-list tbody tr").nth(0).inner_text()
