"""A stalled source is not "ok"; display commands write nothing; a re-created platform is read again.

The mock Weibo platform over real HTTP (port 0), the real daemon, a real database.
"""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path

import aiohttp
import pytest
from sqlalchemy import func, select
from typer.testing import CliRunner

from adapters.weibo.mock import MockWeibo, clock_first_id, make_app
from monitor import cli
from monitor.core.config import Config
from monitor.runtime.daemon import Daemon
from monitor.store.models import Account, Case, Source
from test_daemon import CITIZEN, wait_for, write_config

from conftest import Database

cli._register_all()
runner = CliRunner()


def invoke(db: Database, *args: str) -> tuple[int, str, str]:
    r = runner.invoke(cli.app, list(args), env={"WENZHENG_DATABASE_URL": db.url})
    return r.exit_code, r.stdout, r.stderr


def snapshot(db: Database) -> tuple[object, ...]:
    with db.session() as s:
        src = [(r.name, r.fingerprint, json.dumps(r.cursor, sort_keys=True), r.retired_at)
               for r in s.scalars(select(Source).order_by(Source.name))]
        accounts = [(a.id, a.active) for a in s.scalars(select(Account).order_by(Account.id))]
    return tuple(src), tuple(accounts)


@pytest.fixture
def tokens_env(monkeypatch: pytest.MonkeyPatch, config_dir: Path) -> None:
    from adapters.weibo.mock import demo_token_env
    for k, v in demo_token_env(Config.load(config_dir / "wenzheng.toml").matrix).items():
        monkeypatch.setenv(k, v)


async def test_recreated_platform_stalls_is_reported_and_reset_reads_it_again(
        db: Database, config_dir: Path, tokens_env: None, aiohttp_server) -> None:
    matrix = Config.load(config_dir / "wenzheng.toml").matrix
    from adapters.weibo.shapes import FIRST_ID
    first = MockWeibo.from_matrix(matrix, first_id=FIRST_ID + 1_000_000)
    first.add_user(CITIZEN, "银川小王")
    server = await aiohttp_server(make_app(first))
    url1 = str(server.make_url("/2/"))
    cfg = write_config(config_dir, url1, interval=0.1)
    text = cfg.read_text(encoding="utf-8").replace("request_timeout = 2",
                                                   "request_timeout = 2\nstall_polls = 3")
    cfg.write_text(text, encoding="utf-8")
    now = dt.datetime.now(dt.UTC)
    for i in range(3):
        first.post_status(CITIZEN, f"@问政银川 第{i}个问题：小区路灯不亮", at=now - dt.timedelta(minutes=5 - i))

    def cases() -> int:
        with db.session() as s:
            return s.scalar(select(func.count()).select_from(Case))

    def state() -> str:
        with db.session() as s:
            src = s.get(Source, "weibo")
            return "stalled" if src is not None and src.stall_reason else "ok"

    daemon = Daemon(cfg, port=0, database_url=db.url)
    await daemon.start()
    try:
        await wait_for(lambda: cases() == 3)
    finally:
        await daemon.stop()
    await server.close()

    # the platform is re-created: its ids start again, below everything the cursor has seen
    second = MockWeibo.from_matrix(matrix)
    second.add_user(CITIZEN, "银川小王")
    server2 = await aiohttp_server(make_app(second))
    cfg.write_text(cfg.read_text(encoding="utf-8").replace(url1, str(server2.make_url("/2/"))),
                   encoding="utf-8")
    before = snapshot(db)
    code, out, err = invoke(db, "sources", "-c", str(cfg))  # a display command: writes nothing
    assert code == 0 and snapshot(db) == before
    # (the new URL is another stream to `sync_sources`; only the daemon may act on that, so pin it)
    with db.sessions.begin() as s:
        from monitor.intake.sources import fingerprint
        s.get(Source, "weibo").fingerprint = fingerprint(Config.load(cfg).settings.sources[0])
    second.post_status(CITIZEN, "@问政银川 新的问题：楼道灯坏了", at=dt.datetime.now(dt.UTC))
    daemon = Daemon(cfg, port=0, database_url=db.url)
    await daemon.start()
    try:
        await wait_for(lambda: state() == "stalled")
        assert cases() == 3  # the new appeal was never read: the cursor is ahead of the platform
        async with aiohttp.ClientSession() as http:
            async with http.get(f"http://127.0.0.1:{daemon.port}/healthz") as r:
                health = await r.json()
        assert health["status"] == "degraded" and health["sources"] == {"weibo": "stalled"}
        code, out, err = invoke(db, "sources", "-c", str(cfg))
        assert code == 0 and "停滞" in out and "wenzheng sources reset weibo" in err
        code, out, err = invoke(db, "sources", "reset", "weibo", "-c", str(cfg))
        assert code == 0, err
        await wait_for(lambda: cases() == 4)  # read again from the start; old items not doubled
        await wait_for(lambda: state() == "ok")
    finally:
        await daemon.stop()


def test_clock_ids_put_a_recreated_demo_above_the_last_cursor() -> None:
    earlier = clock_first_id(dt.datetime(2026, 11, 30, 8, 0, tzinfo=dt.UTC))
    later = clock_first_id(dt.datetime(2026, 11, 30, 9, 0, tzinfo=dt.UTC))
    # an hour of demo traffic at a few items a second stays far below 3.6 million ids
    assert later - earlier == 3_600_000


def test_read_commands_leave_the_database_as_they_found_it(db: Database, config_dir: Path,
                                                           tmp_path: Path) -> None:
    cfg = config_dir / "wenzheng.toml"
    code, _, err = invoke(db, "db", "upgrade", "-c", str(cfg))
    assert code == 0, err
    with db.sessions.begin() as s:
        from monitor.intake.sources import sync_sources
        from monitor.store.matrix_sync import sync_accounts
        config = Config.load(cfg)
        sync_accounts(s, config.matrix)
        sync_sources(s, config)
        s.get(Source, "weibo").cursor = {"streams": {"wzyc/statuses/mentions": {"since": "42"}}}
    before = snapshot(db)
    # another config: no sources, one account fewer
    other = tmp_path / "other"
    other.mkdir()
    for f in config_dir.iterdir():
        (other / f.name).write_bytes(f.read_bytes())
    text = (other / "wenzheng.toml").read_text(encoding="utf-8").split("[[sources]]")[0]
    (other / "wenzheng.toml").write_text(text, encoding="utf-8")
    matrix = (other / "matrix.toml").read_text(encoding="utf-8")
    last = matrix.rindex("[[accounts]]")
    (other / "matrix.toml").write_text(matrix[:last], encoding="utf-8")
    assert len(Config.load(other / "wenzheng.toml").matrix.accounts) == len(config.matrix.accounts) - 1
    assert any(active for _, active in before[1])  # the database holds the matrix to be kept
    for args in (["sources"], ["sources", "--json"], ["cases", "list"], ["queue"], ["queue", "--json"],
                 ["outbox"], ["stats", "--month", "2026-03"], ["clusters", "list"],
                 ["clusters", "list", "--json"], ["daemons"], ["deadletters", "list"]):
        code, out, err = invoke(db, *args, "-c", str(other / "wenzheng.toml"))
        assert code == 0, (args, err)
        assert snapshot(db) == before, args
    code, out, _ = invoke(db, "sources", "--json", "-c", str(cfg))
    weibo = next(r for r in json.loads(out) if r["name"] == "weibo")
    assert weibo["cursor"] == {"streams": {"wzyc/statuses/mentions": {"since": "42"}}}


def test_a_poll_does_not_undo_a_reset_made_while_it_ran(db: Database, config_dir: Path) -> None:
    from monitor.intake.pipeline import Pipeline
    from monitor.intake.sources import reset_source, sync_sources

    config = Config.load(config_dir / "wenzheng.toml")
    with db.sessions.begin() as s:
        sync_sources(s, config)
        s.get(Source, "weibo").cursor = {"since": "100"}
    started_from = {"since": "100"}
    with db.sessions.begin() as s:  # an operator resets while the poll is out fetching
        reset_source(s, "weibo")
    pipeline = Pipeline(db.sessions, config.matrix)
    pipeline.ingest([], source_name="weibo", cursor={"since": "150"}, expected_cursor=started_from)
    with db.session() as s:
        assert s.get(Source, "weibo").cursor == {}
    pipeline.ingest([], source_name="weibo", cursor={"since": "7"}, expected_cursor={})
    with db.session() as s:
        assert s.get(Source, "weibo").cursor == {"since": "7"}
