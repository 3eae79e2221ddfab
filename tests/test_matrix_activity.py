"""The matrix's own activity end to end: a month of daily readings from the mock platform over
real HTTP into the real database (both backends), the figures against what the platform served,
errors that lose nothing, and ``wenzheng stats`` / the bulletin showing every member account."""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path
from typing import Any

import aiohttp
import pytest
from sqlalchemy import func, select
from structlog.testing import capture_logs

from adapters.weibo import create
from adapters.weibo.mock import MockWeibo, demo_token_env, make_app
from adapters.weibo.mock_activity import MatrixActivity
from monitor.activity import read_matrix_activity
from monitor.core.config import ActivityConfig
from monitor.core.timeutil import SHANGHAI, to_local
from monitor.report import render_bulletin
from monitor.stats import Period, compute_stats
from monitor.stats.activity import matrix_activity
from monitor.stats.scope import Scope
from monitor.store.activity import AccountPost, ActivityRead
from monitor.store.matrix_sync import sync_accounts
from tests.factories import CG_UID, HUB_UID, WHJ_UID, XQ_UID, small_matrix

MARCH = Period.month(2026, 3)
START = dt.datetime(2026, 2, 20, tzinfo=SHANGHAI)
CFG = ActivityConfig(interval_hours=24, retry_minutes=60, lookback_days=40, silent_days=7)
UIDS = {"wzyc": HUB_UID, "xingqing": XQ_UID, "xingqing-wenhuajie": WHJ_UID, "city-cg": CG_UID}


def noon(day: dt.date) -> dt.datetime:
    return dt.datetime(day.year, day.month, day.day, 12, tzinfo=SHANGHAI)


class Month:
    """The mock platform, its simulated publishing, and a Weibo source reading it daily."""

    def __init__(self, state: MockWeibo, act: MatrixActivity, source: Any, db: Any) -> None:
        self.state, self.act, self.source, self.db = state, act, source, db
        self.followers: dict[str, list[tuple[dt.datetime, int]]] = {a: [] for a in UIDS}
        self.options: dict[str, Any] = {}

    async def read(self, now: dt.datetime) -> Any:
        self.act.advance(now)
        report = await read_matrix_activity(self.db.sessions, [self.source], CFG, now)
        for acc in report.read:
            self.followers[acc].append((now, self.state.users[UIDS[acc]]["followers_count"]))
        return report

    async def days(self, first: dt.date, last: dt.date) -> None:
        d = first
        while d <= last:
            await self.read(noon(d))
            d += dt.timedelta(days=1)

    def last_before(self, acc: str, t: dt.datetime) -> int:
        return [f for at, f in self.followers[acc] if at < t][-1]

    def served_posts(self, acc: str, start: dt.datetime, end: dt.datetime) -> list[Any]:
        return [self.state.statuses[i] for i in self.state.own_posts.get(UIDS[acc], [])
                if start <= self.state.statuses[i].at < end]


@pytest.fixture
async def month(db: Any, aiohttp_server: Any, monkeypatch: pytest.MonkeyPatch) -> Any:
    matrix = small_matrix()
    with db.sessions.begin() as s:
        sync_accounts(s, matrix)
    state = MockWeibo.from_matrix(matrix)
    act = MatrixActivity(state, matrix, seed=7, start=START)
    act.profiles[WHJ_UID].posts_per_day = 0.0  # the street falls silent: listed as such
    for k, v in demo_token_env(matrix).items():
        monkeypatch.setenv(k, v)
    server = await aiohttp_server(make_app(state))
    async with aiohttp.ClientSession() as http:
        options = {"base_url": str(server.make_url("/2/")), "request_timeout": 10}
        month = Month(state, act, create(options, name="weibo", matrix=matrix, http=http), db)
        month.options = options
        yield month


async def test_a_month_of_readings(month: Month, db: Any) -> None:
    await month.days(dt.date(2026, 2, 25), dt.date(2026, 4, 3))
    with db.session() as s:
        got = matrix_activity(s, Scope.build(s, MARCH, now=noon(dt.date(2026, 4, 3))), silent_days=7)
    rows = {r["account_id"]: r for r in got["accounts"]}
    assert set(rows) == set(UIDS)  # every member account with a Weibo uid
    start, end = MARCH.start_utc, MARCH.end_utc
    for acc in UIDS:
        r = rows[acc]
        assert r["followers"] == month.last_before(acc, end)
        assert r["followers_change"] == month.last_before(acc, end) - month.last_before(acc, start)
        served = month.served_posts(acc, start, end)
        assert r["posts"] == len(served)
        # counters as read on 3 April (the last reading; nothing advanced since)
        assert r["engagement"] == sum(p.reposts + p.comments + p.likes for p in served)
        assert r["likes"] == sum(p.likes for p in served)
        assert r["read_error"] is None
    assert rows["wzyc"]["posts"] > 100 and rows["wzyc"]["engagement"] > 0
    street = rows["xingqing-wenhuajie"]
    assert street["posts"] == 0 and street["silent"]
    assert [a["account_id"] for a in got["silent"]] == ["xingqing-wenhuajie"]
    tot = got["totals"]
    assert tot["accounts"] == 4 and tot["accounts_read"] == 4
    assert tot["followers"] == sum(r["followers"] for r in rows.values())
    assert tot["posts"] == sum(r["posts"] for r in rows.values())
    assert tot["engagement"] == sum(r["engagement"] for r in rows.values())
    assert tot["silent_accounts"] == 1
    # each post once, however many readings saw it
    with db.session() as s:
        assert s.scalar(select(func.count()).select_from(AccountPost)) == \
            s.scalar(select(func.count(func.distinct(AccountPost.external_id))))


async def test_one_account_per_day_and_not_before_due(month: Month, db: Any) -> None:
    first = await month.read(noon(dt.date(2026, 3, 1)))
    assert sorted(first.read) == sorted(UIDS)
    again = await month.read(noon(dt.date(2026, 3, 1)) + dt.timedelta(hours=3))
    assert again.read == [] and again.failed == {}  # nobody due: no request made
    assert month.state.requests["users/show"] == 4


async def test_errors_lose_nothing(month: Month, db: Any) -> None:
    await month.read(noon(dt.date(2026, 3, 1)))
    month.state.expire_token(XQ_UID)
    with capture_logs() as logs:
        for day in (2, 3, 4):
            rep = await month.read(noon(dt.date(2026, 3, day)))
            assert "xingqing" in rep.failed and "re-authorised" in rep.failed["xingqing"]
            assert sorted(rep.read) == ["city-cg", "wzyc", "xingqing-wenhuajie"]
    failed = [e for e in logs if e["event"] == "activity.failed"]
    assert len(failed) == 1 and failed[0]["accounts"] == ["xingqing"]  # once, when it began
    with db.session() as s:
        state = s.get(ActivityRead, ("xingqing", "weibo"))
        assert state.failures == 3 and state.last_error == "访问令牌已失效或被拒绝：需由账号管理员重新授权"
        got = matrix_activity(s, Scope.build(s, MARCH, now=noon(dt.date(2026, 3, 4))))
    row = next(r for r in got["accounts"] if r["account_id"] == "xingqing")
    assert row["read_error"] == state.last_error and got["totals"]["accounts_with_errors"] == 1
    month.state.expired.clear()  # re-authorised
    with capture_logs() as logs:
        rep = await month.read(noon(dt.date(2026, 3, 5)))
    assert "xingqing" in rep.read
    assert any(e["event"] == "activity.recovered" for e in logs)
    # the posts of the failed days were read on recovery: none lost
    with db.session() as s:
        stored = set(s.scalars(select(AccountPost.external_id).where(AccountPost.account_id == "xingqing")))
    served = {str(p.id) for p in month.served_posts("xingqing", noon(dt.date(2026, 3, 1)),
                                                    noon(dt.date(2026, 3, 5)))}
    assert served and served <= stored


async def test_rate_limit_retries_after_the_wait(month: Month, db: Any) -> None:
    month.state.fail("ip_ratelimit", times=1, path="users/show")  # our address: the round stops
    month.source = create({**month.options, "concurrency": 1}, name="weibo", matrix=small_matrix(),
                          http=month.source.client.http)  # one request at a time: the order is fixed
    t0 = noon(dt.date(2026, 3, 1))
    rep = await month.read(t0)
    assert rep.read == [] and set(rep.failed) == set(UIDS)
    assert "rate limited" in rep.failed["wzyc"]  # the log's words; the operator's are Chinese:
    with db.session() as s:
        assert s.get(ActivityRead, ("wzyc", "weibo")).last_error == "平台限流：约60分钟后自动重试"
    assert (await month.read(t0 + dt.timedelta(minutes=30))).read == []  # still waiting
    assert sorted((await month.read(t0 + dt.timedelta(minutes=61))).read) == sorted(UIDS)


async def test_stats_and_bulletin_show_every_account(month: Month, db: Any, tmp_path: Path,
                                                     monkeypatch: pytest.MonkeyPatch) -> None:
    from typer.testing import CliRunner

    from monitor.cli import _register_all, app
    from tests.stats_config import write_config

    await month.days(dt.date(2026, 2, 27), dt.date(2026, 4, 2))
    later = noon(dt.date(2026, 4, 2))
    with db.session() as s:
        stats = compute_stats(s, MARCH, matrix=small_matrix(), now=later)
        html = render_bulletin(s, MARCH, matrix=small_matrix(), stats=stats)
    act = stats["matrix_activity"]
    tot = act["totals"]
    assert "<h2>看矩阵</h2>" in html
    lead = "截至3月31日，政务微博矩阵共有4个账号，粉丝总量"
    assert lead in html
    assert f"矩阵账号共发布微博{tot['posts']}条" in html
    assert "1个账号7天以上未发布微博：兴庆区文化街街道" in html
    for name in ("问政银川", "兴庆区", "兴庆区文化街街道", "银川城管"):
        assert f'<td class="l">{name}</td>' in html.split('id="matrix-accounts"')[1]
    # the CLI prints the same computation
    monkeypatch.setenv("WENZHENG_DATABASE_URL", db.url)
    monkeypatch.setenv("COLUMNS", "200")  # a wide terminal: names are not wrapped
    cfg = write_config(tmp_path)
    _register_all()
    run = lambda *a: CliRunner().invoke(app, [*a, "-c", str(cfg)])  # noqa: E731
    res = run("stats", "--month", "2026-03", "--format", "json")
    assert res.exit_code == 0, res.output
    printed = json.loads(res.stdout)["matrix_activity"]
    assert printed["accounts"] == act["accounts"] and printed["totals"] == tot
    res = run("stats", "--month", "2026-03", "--activity")
    assert res.exit_code == 0, res.output
    for name in ("问政银川", "兴庆区文化街街道", "银川城管"):
        assert name in res.stdout
    assert f"粉丝总数{tot['followers']}" in res.stdout and "沉默" in res.stdout
    res = run("stats", "--month", "2026-03", "--activity", "--format", "csv")
    assert res.stdout.splitlines()[0].startswith("账号,粉丝,粉丝变化,发博数")
    assert len(res.stdout.splitlines()) == 5


async def test_the_daemon_reads_the_matrix_on_its_schedule(db: Any, config_dir: Path, aiohttp_server: Any,
                                                           monkeypatch: pytest.MonkeyPatch) -> None:
    """``wenzheng run`` with the shipped matrix: the leased job reads every member account once,
    then waits for the interval (not again at the next check)."""
    import asyncio
    import re

    from monitor.core.config import Config
    from monitor.runtime.daemon import Daemon
    from monitor.store.activity import AccountSnapshot

    matrix = Config.load(config_dir / "wenzheng.toml").matrix
    for k, v in demo_token_env(matrix).items():
        monkeypatch.setenv(k, v)
    state = MockWeibo.from_matrix(matrix)
    # the platform's last three days (the daemon reads it at the real now); counted below over those
    # days, not over "this month", which at 00:30 on the 1st holds half an hour of them
    now = dt.datetime.now(dt.UTC)
    MatrixActivity(state, matrix, seed=1, start=now - dt.timedelta(days=3)).advance(now)
    server = await aiohttp_server(make_app(state))
    path = config_dir / "wenzheng.toml"
    text = path.read_text(encoding="utf-8")
    text = re.sub(r"check_minutes = [\d.]+", "check_minutes = 0.01", text)
    text = re.sub(r'base_url = "http://127\.0\.0\.1:\d+/2/"', f'base_url = "{server.make_url("/2/")}"', text)
    text = text.replace("interval = 15               # seconds between polls", "interval = 3600")
    path.write_text(text, encoding="utf-8")
    weibo_accounts = [a.id for a in matrix.accounts if "weibo" in a.platform_ids]
    daemon = Daemon(path, port=0, database_url=db.url)
    await daemon.start()
    try:
        deadline = asyncio.get_running_loop().time() + 60
        while True:
            with db.session() as s:
                n = s.scalar(select(func.count(func.distinct(AccountSnapshot.account_id))))
            if n == len(weibo_accounts):
                break
            assert asyncio.get_running_loop().time() < deadline, f"{n} of {len(weibo_accounts)} read"
            await asyncio.sleep(0.2)
        await asyncio.sleep(2.0)  # several more checks: nobody is due again for a day
        assert state.requests["users/show"] == len(weibo_accounts)
    finally:
        await daemon.stop()
    with db.session() as s:
        got = matrix_activity(s, Scope.build(s, Period.range(to_local(now - dt.timedelta(days=3)).date(),
                                                             to_local(now).date())))
    assert {r["account_id"] for r in got["accounts"]} == set(weibo_accounts)
    assert got["totals"]["accounts_read"] == len(weibo_accounts) and got["totals"]["posts"] > 0


async def test_a_missing_token_says_which_variable(month: Month, db: Any,
                                                   monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("WENZHENG_WEIBO_TOKEN_CITY_CG")
    rep = await month.read(noon(dt.date(2026, 3, 1)))
    assert "city-cg" in rep.failed and month.state.requests["users/show"] == 3  # not even asked
    with db.session() as s:
        got = matrix_activity(s, Scope.build(s, MARCH, now=noon(dt.date(2026, 3, 2))))
    row = next(r for r in got["accounts"] if r["account_id"] == "city-cg")
    assert row["read_error"] == "未配置访问令牌：请设置环境变量 WENZHENG_WEIBO_TOKEN_CITY_CG"
    assert row["followers"] is None and not row["silent"]  # never read: not called silent
