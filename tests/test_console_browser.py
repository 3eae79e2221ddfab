"""The console in real headless Chromium against the real daemon and database.

Skipped with a reason when /usr/bin/chromium is absent, unless WENZHENG_REQUIRE_BROWSER=1 (CI),
in which case a missing browser is a failure: a console nobody tested in a browser is not tested.

One Chromium per test process (``chromium`` in tests/conftest.py, session-scoped), and each test's :func:`page` in a
browser context of its own (cookies, storage and cache start empty, as in a new browser): starting
Playwright's driver and Chromium took about 0.9 s of CPU and a second of waiting per test. A
browser outlives one test's event loop only in a loop the whole session shares, so the modules
that take :func:`page` run their tests in it (``BROWSER_LOOP``) and take this module's
:func:`daemon`, the console's daemon started in that loop.
"""

from __future__ import annotations

import datetime as dt
import os
from collections.abc import AsyncIterator
from pathlib import Path
from typing import Any

import pytest
import pytest_asyncio

from monitor.store.models import Source
from monitor.core.timeutil import SHANGHAI
from test_console_support import OPERATOR, add_case, base_url, login, make_user, running_daemon

from conftest import Database

SHOTS = os.environ.get("WENZHENG_SCREENSHOTS")  # a directory: keep screenshots of each page

# the event loop of the tests that take `page` (see the module's docstring)
BROWSER_LOOP = pytest.mark.asyncio(loop_scope="session")

pytestmark = [pytest.mark.browser, BROWSER_LOOP]


@pytest_asyncio.fixture(loop_scope="session")
async def page(chromium: Any) -> AsyncIterator[Any]:
    """A page in a fresh browser context: nothing kept from another test."""
    context = await chromium.new_context(viewport={"width": 1360, "height": 900}, locale="zh-CN")
    try:
        yield await context.new_page()
    finally:
        await context.close()


@pytest_asyncio.fixture(loop_scope="session")
async def daemon(config_dir: Path, db: Database) -> AsyncIterator[object]:
    """test_console_support's daemon, in the loop the browser lives in."""
    async with running_daemon(config_dir, db) as d:
        yield d


async def shot(page: Any, name: str) -> None:
    if SHOTS:
        Path(SHOTS).mkdir(parents=True, exist_ok=True)
        await page.screenshot(path=str(Path(SHOTS) / f"{name}.png"), full_page=True)


def _ago(**kw: float) -> str:
    return (dt.datetime.now(SHANGHAI) - dt.timedelta(**kw)).isoformat()


async def test_list_detail_and_close(daemon: Any, db: Database, config_dir: Path, page: Any) -> None:
    cfg = config_dir / "wenzheng.toml"
    add_case(db, cfg, _ago(days=2), text="小区门口垃圾三天没人清运，味道很大", citizen="王先生")
    case_id = add_case(db, cfg, _ago(hours=3), text="@问政银川 兴庆区文化街路灯不亮，晚上出行很不安全",
                       follow_up="今晚还是不亮，请尽快处理")
    url = base_url(daemon)

    await login(page, daemon)
    await page.goto(f"{url}/")
    rows = page.locator("#case-list tbody tr")
    assert await rows.count() == 2, [await rows.nth(i).inner_text() for i in range(await rows.count())]
    first = await rows.nth(0).inner_text()  # newest first
    assert "路灯不亮" in first and "兴庆区" in first and "办理中" in first
    assert "垃圾三天没人清运" in await rows.nth(1).inner_text()
    await shot(page, "cases")

    await page.click(f"#case-list a[href='/cases/{case_id}'] >> nth=0")
    await page.wait_for_url(f"{url}/cases/{case_id}")
    thread = await page.locator("#thread").inner_text()
    assert "晚上出行很不安全" in thread and "今晚还是不亮" in thread
    assert "受理" in await page.locator("#timeline").inner_text()
    assert await page.locator("#case-status").inner_text() == "办理中"

    form = page.locator("form[data-action=close]")
    await form.locator("textarea[name=result]").fill("已更换路灯灯泡，恢复照明")
    await form.locator("button[type=submit]").click()
    await page.wait_for_url(f"{url}/cases/{case_id}?done=close")
    assert await page.locator("#case-status").inner_text() == "已办结"
    timeline = await page.locator("#timeline").inner_text()
    assert "办结" in timeline and "已更换路灯灯泡" in timeline and "李科长" in timeline
    await shot(page, "case-closed")

    # closing again is refused with the reason shown; reopening needs a reason (the form requires it)
    assert await page.locator("form[data-action=close]").count() == 0
    reopen = page.locator("form[data-action=reopen]")
    await reopen.locator("input[name=reason]").fill("群众反映又不亮了")
    await reopen.locator("button[type=submit]").click()
    await page.wait_for_url(f"{url}/cases/{case_id}?done=reopen")
    assert await page.locator("#case-status").inner_text() != "已办结"

    await page.goto(f"{url}/cases?status=closed")
    assert await page.locator("#case-list").count() == 0 and "没有符合条件的案件" in await page.content()


async def test_refused_action_shows_why(daemon: Any, db: Database, config_dir: Path, page: Any) -> None:
    case_id = add_case(db, config_dir / "wenzheng.toml", _ago(hours=1), text="咨询居住证办理地点")
    await login(page, daemon)
    await page.goto(f"{base_url(daemon)}/cases/{case_id}")
    form = page.locator("form[data-action=co-handler]")
    await form.locator("input[name=account]").fill("兴庆区")  # by name; it is already the lead
    await form.locator("button[type=submit]").click()
    await page.wait_for_selector("#flash.bad")
    assert "已在办理案件#" in await page.locator("#flash").inner_text()
    await form.locator("input[name=account]").fill("金凤区")
    await form.locator("button[type=submit]").click()
    await page.wait_for_selector("#flash.ok")
    assert "协办：金凤区" in await page.locator("#case-accounts").inner_text()


async def test_queue_sources_stats_pages(daemon: Any, db: Database, config_dir: Path, page: Any) -> None:
    cfg = config_dir / "wenzheng.toml"
    # the daemon's first sweep (at +1 s) would add 首次响应超期 entries for these cases on a
    # weekday afternoon if it ran after them (the sign-in makes that likely): this test is about
    # the entries it puts there itself
    daemon.scheduler.pause_job("sla-sweep")
    add_case(db, cfg, _ago(days=1), text="对回复不满意，问题依旧", queue=("negative_feedback",))
    risk = add_case(db, cfg, _ago(hours=2), text="楼道里有很重的燃气味，担心泄漏", queue=("risk",))
    url = base_url(daemon)

    await login(page, daemon)
    await page.goto(f"{url}/queue")
    rows = page.locator("#queue tbody tr")
    assert await rows.count() == 2, [await rows.nth(i).inner_text() for i in range(await rows.count())]
    top = await rows.nth(0).inner_text()
    assert f"#{risk}" in top and "风险预警" in top and "燃气味" in top and "兴庆区" in top
    assert "群众不满意" in await rows.nth(1).inner_text()
    await shot(page, "queue")

    await page.goto(f"{url}/sources")
    assert "尚未配置数据源" in await page.content()
    with db.sessions.begin() as s:
        s.add(Source(name="hotline", adapter="hotline", fingerprint="f", paused=True,
                     consecutive_failures=5, last_error="HTTP 502 上游错误",
                     last_error_at=dt.datetime.now(dt.UTC)))
    await page.goto(f"{url}/sources")
    row = page.locator("#sources tbody tr")
    assert "已暂停" in await row.inner_text() and "HTTP 502 上游错误" in await row.inner_text()
    assert await row.evaluate("el => getComputedStyle(el.querySelector('td')).color") == "rgb(207, 34, 46)"
    await shot(page, "sources")
    await page.goto(f"{url}/stats")
    figures = await page.locator("#stats-figures").inner_text()
    assert "受理" in figures and "回复率" in figures
    assert "办理中" in await page.locator("#case-counts").inner_text()
    await shot(page, "stats")


async def test_ack_a_queue_entry_and_see_a_stalled_source(daemon: Any, db: Database, config_dir: Path,
                                                          page: Any) -> None:
    risk = add_case(db, config_dir / "wenzheng.toml", _ago(minutes=30),
                    text="楼道里有很重的燃气味，担心泄漏", queue=("risk",))
    url = base_url(daemon)
    make_user(db, "值班员王", "operator")
    await login(page, daemon, "值班员王")
    await page.goto(f"{url}/cases/{risk}")
    form = page.locator("form[data-action=ack]")
    assert await form.count() == 1
    await form.locator("input[name=note]").fill("已通知燃气公司上门检测，无泄漏")
    await form.locator("button[type=submit]").click()
    await page.wait_for_selector("#flash.ok")
    assert "确认处理" in await page.locator("#flash").inner_text()
    entries = await page.locator(".queue-entries").inner_text()
    assert "已解除" in entries and "已通知燃气公司上门检测" in entries
    timeline = await page.locator("#timeline").inner_text()
    assert "确认处理" in timeline and "值班员王" in timeline
    await page.goto(f"{url}/queue")
    assert "队列为空" in await page.content()

    with db.sessions.begin() as s:
        s.add(Source(name="weibo", adapter="weibo", fingerprint="f",
                     last_success_at=dt.datetime.now(dt.UTC), stalled_since=dt.datetime.now(dt.UTC),
                     stall_reason="游标超过了平台上最新的条目。处理：运行 wenzheng sources reset weibo"))
    await page.goto(f"{url}/sources")
    row = await page.locator("#sources tbody tr").nth(0).inner_text()
    assert "停滞" in row and "wenzheng sources reset weibo" in row


async def test_cluster_page_and_one_reply_to_all(daemon: Any, db: Database, config_dir: Path,
                                                 page: Any) -> None:
    from sqlalchemy import select

    from monitor.cluster.ops import cluster_with
    from monitor.core.timeutil import utcnow
    from monitor.store.models import CaseEvent

    cfg = config_dir / "wenzheng.toml"
    ids = [add_case(db, cfg, _ago(hours=h), text=t, citizen=c) for h, t, c in (
        (3, "丽景湖公园广场舞音响太吵", "王先生"), (2, "丽景湖跳广场舞噪音扰民", "李女士"),
        (1, "丽景湖晚上广场舞吵到十点", "赵先生"))]
    with db.sessions.begin() as s:
        for other in ids[1:]:
            cluster_with(s, other, other=ids[0], actor="测试", now=utcnow())
    url = base_url(daemon)
    await login(page, daemon)
    await page.goto(f"{url}/clusters")
    row = page.locator("#clusters tbody tr")
    assert await row.count() == 1 and "3" in await row.inner_text()
    await page.goto(f"{url}/cases/{ids[1]}")
    link = page.locator("#case-cluster a")
    assert "#" in await link.inner_text()
    await link.click()
    members = page.locator("#members tbody tr")
    assert await members.count() == 3
    assert "操作员" in await members.nth(1).inner_text() and "首件" in await members.nth(0).inner_text()
    await shot(page, "cluster")
    form = page.locator("#cluster-reply")
    await form.locator("input[name=account]").fill("xingqing")
    await form.locator("input[name=post]").check()
    await form.locator("textarea[name=text]").fill("您好，已通知社区与城管到丽景湖现场劝导，调低音量。")
    await form.locator("button").click()
    assert "已回复 3 件" in await page.locator("#flash").inner_text()
    # the result is the POST's own answer: a link carrying ?done=/?error= prints nothing on the page
    cid = page.url.rstrip("/").rsplit("/", 2)[-2]
    await page.goto(f"{url}/clusters/{cid}?done=已回复+999+件&error=请拨打0000-00000000退款")
    assert await page.locator("#flash").count() == 0 and await page.locator("#flash-error").count() == 0
    assert "0000-00000000" not in await page.content()
    await form.locator("textarea[name=text]").fill("   ")
    await form.locator("input[name=post]").check()
    await form.locator("button").click()  # refused by the server: its own message, in Chinese
    assert "回复内容不能为空" in await page.locator("#flash-error").inner_text()
    with db.sessions() as s:
        replied = dict(s.execute(select(CaseEvent.case_id, CaseEvent.actor).where(CaseEvent.kind == "reply")).all())
    assert set(replied) == set(ids) and set(replied.values()) == {OPERATOR}  # the signed-in user


async def test_operator_moves_cases_into_and_out_of_clusters_and_undoes_a_merge(
        daemon: Any, db: Database, config_dir: Path, page: Any) -> None:
    """The case page's cluster actions (issue 14): 归入, 移出 and 撤销合并, as the CLI's
    ``case cluster --into``, ``case uncluster`` and ``case uncluster --merge``."""
    from sqlalchemy import select

    from monitor.cluster.merge import merge_clusters
    from monitor.cluster.ops import cluster_with
    from monitor.core.timeutil import utcnow
    from monitor.store.models import Case, Cluster

    cfg = config_dir / "wenzheng.toml"
    ids = [add_case(db, cfg, _ago(hours=h), text=t, citizen=c) for h, t, c in (
        (6, "育英巷自来水停了一上午，做饭都没水", "马女士"), (5, "育英巷这边停水了，什么时候来水", "丁先生"),
        (4, "育英巷口水管裂了往外冒水", "杨师傅"), (3, "育英巷口路面全是水，好像是管子坏了", "周同学"),
        (2, "育英巷也没水了吗，我家水龙头一滴都没有", "苏阿姨"))]
    with db.sessions.begin() as s:
        cluster_with(s, ids[1], other=ids[0], actor="测试", now=utcnow())
        cluster_with(s, ids[3], other=ids[2], actor="测试", now=utcnow())
        dry, burst = s.get(Case, ids[0]).cluster_id, s.get(Case, ids[2]).cluster_id
        merge_clusters(s, s.get(Cluster, dry), s.get(Cluster, burst), at=utcnow(), actor="测试",
                       why={"by_case": ids[3], "places": ["育英巷"], "other_places": ["育英巷口"]})
    url = base_url(daemon)
    await login(page, daemon)

    await page.goto(f"{url}/cases/{ids[4]}")  # a case alone: into the cluster by its number
    assert await page.locator("form[data-action=uncluster]").count() == 0
    form = page.locator("form[data-action=cluster-into]")
    await form.locator("input[name=cluster]").fill(str(dry))
    await form.locator("button").click()
    assert "归入同类诉求" in await page.locator("#flash").inner_text()
    assert f"#{dry}" in await page.locator("#case-cluster").inner_text()
    await page.locator("form[data-action=uncluster] button").click()  # and out again
    assert "无（单独诉求）" in await page.locator("#case-cluster").inner_text()
    await page.locator("form[data-action=cluster-into] input[name=cluster]").fill("99999")
    await page.locator("form[data-action=cluster-into] button").click()  # refused, in Chinese
    assert "没有编号为 99999 的同类诉求" in await page.locator("#flash").inner_text()

    await page.goto(f"{url}/cases/{ids[0]}")  # founded its cluster: no merge to undo
    assert await page.locator("form[data-action=unmerge]").count() == 0
    await page.goto(f"{url}/cases/{ids[2]}")  # came with the merge: its timeline says so in words
    timeline = await page.locator("#timeline").inner_text()
    assert "归入方式：合并并入" in timeline and f"原同类诉求：{burst}" in timeline
    assert "促成合并的案件" in timeline and "how" not in timeline and f"{burst}>{dry}" not in timeline
    # …and undo it whole
    await page.locator("form[data-action=unmerge] button").click()
    assert f"#{burst}" in await page.locator("#case-cluster").inner_text()
    with db.sessions() as s:
        where = dict(s.execute(select(Case.id, Case.cluster_id).where(Case.id.in_(ids))).all())
    assert (where[ids[0]], where[ids[1]], where[ids[2]], where[ids[3]], where[ids[4]]) == (
        dry, dry, burst, burst, None)
