"""The daemon end to end, against the mock Weibo platform over real HTTP and a real database.

Covers the spine's promises: items become cases, replies attach, re-polling adds nothing, platform
faults lose and duplicate nothing and never move the cursor past unconsumed items, an expired
token pauses the source, and the API serves what the CLI prints.
"""

from __future__ import annotations

import asyncio
import datetime as dt
import json
import os
import re
import signal
import sys
from collections.abc import Awaitable, Callable
from pathlib import Path

import aiohttp
import pytest
from sqlalchemy import func, select

from adapters.weibo.mock import MockWeibo, demo_token_env, make_app
from monitor.core.config import Config
from monitor.runtime.daemon import Daemon
from monitor.store.models import Case, CaseEvent, Mention, Source
from monitor.core.timeutil import SHANGHAI
from test_console_support import OPERATOR, make_user

ACCOUNTS = ["wzyc", "xingqing-wenhuajie", "city-zj"]
CITIZEN, CITIZEN2 = "7100000001", "7100000002"


def write_config(config_dir: Path, base_url: str, *, batch_size: int = 500, interval: float = 0.3,
                 accounts: list[str] = ACCOUNTS, count: int = 100) -> Path:
    path = config_dir / "wenzheng.toml"
    head = path.read_text(encoding="utf-8").split("[[sources]]")[0]
    head = re.sub(r"batch_size = \d+", f"batch_size = {batch_size}", head)
    path.write_text(head + f"""
[[sources]]
name = "weibo"
adapter = "weibo"
interval = {interval}
timeout = 10
[sources.options]
base_url = "{base_url}"
accounts = {json.dumps(accounts)}
max_pages = 50
count = {count}
request_timeout = 2
""", encoding="utf-8")
    return path


@pytest.fixture
def tokens(monkeypatch: pytest.MonkeyPatch, config_dir: Path) -> None:
    for k, v in demo_token_env(Config.load(config_dir / "wenzheng.toml").matrix).items():
        monkeypatch.setenv(k, v)


@pytest.fixture
async def platform(aiohttp_server, config_dir: Path):
    state = MockWeibo.from_matrix(Config.load(config_dir / "wenzheng.toml").matrix)
    state.add_user(CITIZEN, "银川小王")
    state.add_user(CITIZEN2, "贺兰山下")
    server = await aiohttp_server(make_app(state))
    return state, str(server.make_url("/2/"))


def posts_and_replies(state: MockWeibo, street: str, n: int, uid_prefix: str, problem: str, reply: str,
                      post_at: Callable[[int], dt.datetime], reply_at: Callable[[int], dt.datetime]) -> None:
    """``n`` citizens each @-mention the street about building i's ``problem``; the street
    answers each. One citizen each: the same citizen writing the same problem again is a chaser
    on their own case (issue 14), not a case of its own, and these tests count cases."""
    for i in range(n):
        citizen = f"{uid_prefix}{i:08d}"
        state.add_user(citizen, f"楼{i}住户")
        st = state.post_status(citizen, f"@兴庆区文化街街道 第{i}号楼{problem}", at=post_at(i))
        state.add_comment(street, st.id, reply, at=reply_at(i))


async def start_daemon(cfg: Path, database_url: str) -> asyncio.subprocess.Process:
    """``wenzheng run`` as a process of its own (to be killed with SIGKILL)."""
    env = dict(os.environ, WENZHENG_DATABASE_URL=database_url, WENZHENG_LOG_LEVEL="WARNING")
    return await asyncio.create_subprocess_exec(
        sys.executable, "-m", "monitor", "run", "--config", str(cfg), "--port", "0",
        env=env, cwd=Path(__file__).resolve().parents[1], stdout=asyncio.subprocess.DEVNULL,
        stderr=asyncio.subprocess.PIPE)


def naive_utc(t: dt.datetime) -> dt.datetime:
    return t if t.tzinfo is None else t.astimezone(dt.UTC).replace(tzinfo=None)


def uid(config_dir: Path, account: str) -> str:
    return Config.load(config_dir / "wenzheng.toml").matrix.by_id[account].platform_ids["weibo"]


T0 = dt.datetime(2026, 3, 2, 9, 0, tzinfo=SHANGHAI)


async def wait_for(predicate, timeout: float = 20.0):
    deadline = asyncio.get_running_loop().time() + timeout
    while True:
        value = await asyncio.to_thread(predicate)
        if value:
            return value
        if asyncio.get_running_loop().time() > deadline:
            raise AssertionError("condition not reached in time")
        await asyncio.sleep(0.1)


def counts(db) -> tuple[int, int, int]:
    with db.session() as s:
        return (s.scalar(select(func.count()).select_from(Case)),
                s.scalar(select(func.count()).select_from(Mention)),
                s.scalar(select(func.count()).select_from(CaseEvent).where(CaseEvent.kind == "reply")))


async def test_mentions_become_cases_replies_attach_and_api_serves_them(db, config_dir, tokens, platform):
    state, base = platform
    whj = uid(config_dir, "xingqing-wenhuajie")
    st = state.post_status(CITIZEN, "@兴庆区文化街街道 丽景湖小区门口大车违停，堵住消防通道", at=T0)
    state.add_comment(whj, st.id, "您好，已安排社区和交警核实处理。", at=T0 + dt.timedelta(minutes=30))
    daemon = Daemon(write_config(config_dir, base), port=0, database_url=db.url)
    await daemon.start()
    try:
        await wait_for(lambda: counts(db) == (1, 2, 1))
        # a later follow-up and a second appeal arrive between polls
        state.post_status(CITIZEN2, "@问政银川 金凤区公交站牌坏了好几天", at=T0 + dt.timedelta(hours=1))
        await wait_for(lambda: counts(db) == (2, 3, 1))
        token = make_user(db, OPERATOR, "operator")
        async with aiohttp.ClientSession(headers={"Authorization": f"Bearer {token}"}) as http:
            base_url = f"http://127.0.0.1:{daemon.port}"
            async with http.get(f"{base_url}/api/cases") as r:
                cases = await r.json()
            assert [c["citizen"] for c in cases] == ["贺兰山下", "银川小王"]
            first = cases[1]
            assert first["status"] == "replied" and first["received_at"] == "2026-03-02T09:00:00+08:00"
            async with http.get(f"{base_url}/api/cases/{first['id']}") as r:
                detail = await r.json()
            assert [m["role"] for m in detail["thread"]] == ["citizen", "member"]
            for missing in (99999, 10**12):  # beyond a 32-bit id too: a 404, not a database error
                async with http.get(f"{base_url}/api/cases/{missing}") as r:
                    assert r.status == 404
            async with http.get(f"{base_url}/api/cases?limit=x") as r:
                assert r.status == 400 and "limit" in (await r.json())["error"]
            async with http.get(f"{base_url}/healthz") as r:
                health = await r.json()
            assert health["status"] == "ok" and health["sources"] == {"weibo": "ok"}
            async with http.get(f"{base_url}/metrics") as r:
                text = await r.text()
            assert 'wenzheng_cases_opened_total{source="weibo"} 2.0' in text
    finally:
        await daemon.stop()
    with db.session() as s:
        src = s.get(Source, "weibo")
        assert src.items_total == 3 and src.last_error is None


@pytest.mark.parametrize("fault", ["ratelimit", "http500", "malformed", "hang"])
async def test_platform_faults_lose_and_duplicate_nothing(db, config_dir, tokens, platform, fault):
    state, base = platform
    whj = uid(config_dir, "xingqing-wenhuajie")
    for i in range(5):  # five citizens (one citizen's repeats would be chasers on one case)
        state.add_user(f"73{i:08d}", f"住户{i}")
        st = state.post_status(f"73{i:08d}", f"@兴庆区文化街街道 第{i}个问题：楼道灯坏了",
                               at=T0 + dt.timedelta(minutes=i))
        state.add_comment(whj, st.id, "已转社区处理。", at=T0 + dt.timedelta(minutes=i + 10))
    state.hang_seconds = 5.0
    # fail in the middle of a poll: some streams answered, one fails
    state.fail(fault, times=1, path="comments/by_me", after=1)
    daemon = Daemon(write_config(config_dir, base), port=0, database_url=db.url)
    runner = None
    await asyncio.to_thread(daemon._sync_sources)
    from monitor.intake.sources import SourceRunner, create_adapter

    http = aiohttp.ClientSession()
    try:
        cfg = daemon.app.config.settings.sources[0]
        runner = SourceRunner(cfg, create_adapter(daemon.app.config, 0, cfg, http), daemon.pipeline,
                              daemon.app.sessions)
        failed = await runner.poll_once()
        assert not failed.ok and failed.error
        with db.session() as s:
            src = s.get(Source, "weibo")
            assert src.cursor == {} and src.consecutive_failures == 1 and src.last_error
        assert counts(db)[1] == 0  # a failed poll commits nothing, so nothing can be skipped later
        runner.not_before = None  # skip the backoff wait in the test
        ok = await runner.poll_once()
        assert ok.ok, ok.error
        assert counts(db) == (5, 10, 5)
        runner.not_before = None
        again = await runner.poll_once()
        assert again.ok and again.report.new == 0
        assert counts(db) == (5, 10, 5)
        with db.session() as s:
            src = s.get(Source, "weibo")
            assert src.cursor and src.consecutive_failures == 0 and src.last_error is None
    finally:
        await http.close()
        daemon.app.close()


async def test_expired_token_pauses_the_source_until_resumed(db, config_dir, tokens, platform):
    state, base = platform
    state.post_status(CITIZEN, "@问政银川 小区供暖不热", at=T0)
    state.expire_token(uid(config_dir, "wzyc"))
    daemon = Daemon(write_config(config_dir, base), port=0, database_url=db.url)
    await daemon.start()
    try:
        def paused() -> bool:
            with db.session() as s:
                src = s.get(Source, "weibo")
                return bool(src and src.paused)
        await wait_for(paused)
        with db.session() as s:
            assert "21327" in (s.get(Source, "weibo").last_error or "")
        assert counts(db)[0] == 0
        async with aiohttp.ClientSession() as http, \
                http.get(f"http://127.0.0.1:{daemon.port}/healthz") as r:
            health = await r.json()
        assert health["status"] == "degraded" and health["unhealthy"] == ["weibo"]
    finally:
        await daemon.stop()


@pytest.mark.slow
async def test_killed_mid_batch_and_restarted_ends_with_exactly_the_expected_cases(
        db, config_dir, tokens, platform):
    """SIGKILL while a large backlog is being committed batch by batch; a restart finishes it."""
    state, base = platform
    n = 160  # 32 batches of 10: the kill lands after the first, long before the last
    posts_and_replies(state, uid(config_dir, "xingqing-wenhuajie"), n, "72", "下水管漏水", "已通知物业维修。",
                      lambda i: T0 + dt.timedelta(seconds=i), lambda i: T0 + dt.timedelta(seconds=i, minutes=5))
    cfg = write_config(config_dir, base, batch_size=10)

    def start() -> Awaitable[asyncio.subprocess.Process]:
        return start_daemon(cfg, db.url)

    proc = await start()
    try:
        stored = await wait_for(lambda: counts(db)[1], timeout=240)  # the first batches committed (see below)
        proc.send_signal(signal.SIGKILL)
        await proc.wait()
    finally:
        if proc.returncode is None:
            proc.kill()
    killed_at = counts(db)
    assert 0 < stored <= killed_at[1] < 2 * n, "the kill must land in the middle of the backlog"
    with db.session() as s:
        assert s.get(Source, "weibo").cursor == {}  # the cursor only moves with the last batch

    proc = await start()
    try:
        # a generous wait: the restarted daemon loads its models and then stores the rest; on a loaded
        # CI machine (the whole suite side by side) that took more than 90 s once
        await wait_for(lambda: counts(db) == (n, 2 * n, n), timeout=240)
        proc.send_signal(signal.SIGTERM)  # and a clean, draining stop
        _, err = await asyncio.wait_for(proc.communicate(), 30)
    finally:
        if proc.returncode is None:
            proc.kill()
    assert proc.returncode == 0, err.decode()[-2000:]
    assert counts(db) == (n, 2 * n, n)
    with db.session() as s:
        assert s.scalar(select(func.count(func.distinct(Mention.external_id)))) == 2 * n
        assert s.get(Source, "weibo").cursor


@pytest.mark.slow
async def test_a_round_of_many_pages_is_stored_oldest_first_and_a_kill_mid_round_loses_nothing(
        db, config_dir, tokens, platform):
    """A backlog of many pages in two streams (posts, the street's replies) is one poll round,
    read newest page first and stored oldest first: killed mid-round, what is stored is exactly
    the oldest part of the round, every reply in its post's case, and the cursor has not moved;
    the restart stores the rest once (issue 19: rounds kept on disk, monitor/core/spool.py)."""
    state, base = platform
    n = 80
    posts_and_replies(state, uid(config_dir, "xingqing-wenhuajie"), n, "73", "电梯停了", "已联系维保单位。",
                      lambda i: T0 + dt.timedelta(minutes=2 * i), lambda i: T0 + dt.timedelta(minutes=2 * i + 1))
    cfg = write_config(config_dir, base, batch_size=10, count=7)  # 12 pages a stream, 16 batches, one round

    def start() -> Awaitable[asyncio.subprocess.Process]:
        return start_daemon(cfg, db.url)

    def stored() -> list[tuple[dt.datetime, str, int | None]]:
        with db.session() as s:
            return list(s.execute(select(Mention.created_at, Mention.external_id, Mention.case_id)
                                  .order_by(Mention.created_at, Mention.id)))

    proc = await start()
    try:
        # the first batches committed; as generous as the restart's wait: the daemon loads its models first,
        # and on a loaded machine that took more than 60 s once (the sixth session of 2026-12-05's CI); the
        # wait ends at the first committed batch, so a longer bound cannot let the round finish before the kill
        await wait_for(lambda: counts(db)[1], timeout=240)
        proc.send_signal(signal.SIGKILL)
        await proc.wait()
    finally:
        if proc.returncode is None:
            proc.kill()
    part = stored()
    assert 0 < len(part) < 2 * n, "the kill must land in the middle of the round"
    with db.session() as s:
        assert s.get(Source, "weibo").cursor == {}  # the cursor moves only with the round's last batch
    served = sorted([(T0 + dt.timedelta(minutes=m)).astimezone(dt.UTC).replace(tzinfo=None)
                     for m in range(2 * n)])
    # stored oldest first: what the kill left is the round's oldest items, each reply with its post
    assert [naive_utc(row[0]) for row in part] == served[:len(part)]
    assert all(case_id is not None for _, _, case_id in part)

    proc = await start()
    try:
        # a generous wait: the restarted daemon loads its models and then stores the rest; on a loaded
        # CI machine (the whole suite side by side) that took more than 90 s once
        await wait_for(lambda: counts(db) == (n, 2 * n, n), timeout=240)
        proc.send_signal(signal.SIGTERM)
        _, err = await asyncio.wait_for(proc.communicate(), 30)
    finally:
        if proc.returncode is None:
            proc.kill()
    assert proc.returncode == 0, err.decode()[-2000:]
    everything = stored()
    assert len({ext for _, ext, _ in everything}) == len(everything) == 2 * n
    assert all(case_id is not None for _, _, case_id in everything)
    with db.session() as s:
        streams = s.get(Source, "weibo").cursor["streams"]
    assert streams["xingqing-wenhuajie/comments/by_me"]["since"] == str(max(state.comments))
