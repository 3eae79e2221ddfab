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
    # three different problems: one citizen repeating one problem is a follow-up on one case
    for i, problem in enumerate(("小区路灯不亮", "楼下垃圾三天没人清运", "小区门口井盖丢了")):
        first.post_status(CITIZEN, f"@问政银川 第{i}个问题：{problem}", at=now - dt.timedelta(minutes=5 - i))

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
    second.post_status(CITIZEN, "@问政银川 新的问题：旁边工地半夜施工太吵", at=dt.datetime.now(dt.UTC))
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


def test_a_lane_starts_from_its_source_cursor_and_a_reset_during_its_poll_is_kept(
        db: Database, config_dir: Path) -> None:
    """A source split into lanes: each lane's cursor is its own row, committed with its items.

    The first commit of a lane starts from what the source had read whole (an upgrade keeps its
    place); a lane's commit leaves the other lanes' cursors alone; ``sources reset`` resets every
    lane, and a lane poll that started before the reset does not undo it.
    """
    from monitor.intake.pipeline import Pipeline
    from monitor.intake.sources import reset_source, sync_sources
    from monitor.store.lanes import lane_cursor, source_cursor

    config = Config.load(config_dir / "wenzheng.toml")
    whole = {"streams": {"wzyc/statuses/mentions": {"since": "40"}, "wzyc/comments/to_me": {"since": "50"}}}
    with db.sessions.begin() as s:
        sync_sources(s, config)
        s.get(Source, "weibo").cursor = whole
    with db.session() as s:
        assert lane_cursor(s, "weibo", "2of2") == whole  # no row yet: the source's cursor
    pipeline = Pipeline(db.sessions, config.matrix)
    pipeline.ingest([], source_name="weibo", lane="2of2", expected_cursor=whole,
                    cursor={"streams": {"wzyc/comments/to_me": {"since": "55"}}})
    pipeline.ingest([], source_name="weibo", lane="1of2", expected_cursor=whole,
                    cursor={"streams": {"wzyc/statuses/mentions": {"since": "44"}}})
    with db.session() as s:
        assert lane_cursor(s, "weibo", "2of2") == {"streams": {"wzyc/comments/to_me": {"since": "55"}}}
        assert source_cursor(s, "weibo")["streams"] == {"wzyc/statuses/mentions": {"since": "44"},
                                                        "wzyc/comments/to_me": {"since": "55"}}
    started_from = {"streams": {"wzyc/comments/to_me": {"since": "55"}}}
    with db.sessions.begin() as s:  # an operator resets while the lane's poll is out fetching
        old = reset_source(s, "weibo")
    assert old["lanes"]["2of2"] == started_from  # what was dropped, lanes included
    pipeline.ingest([], source_name="weibo", lane="2of2", expected_cursor=started_from,
                    cursor={"streams": {"wzyc/comments/to_me": {"since": "60"}}})
    with db.session() as s:
        assert lane_cursor(s, "weibo", "2of2") == {}
        assert lane_cursor(s, "weibo", "1of2") == {}  # no row: the reset source's
        assert source_cursor(s, "weibo") == {}
    with db.sessions.begin() as s:  # split in three now: the two former lanes are forgotten
        from monitor.store.lanes import forget_other_lanes
        from monitor.store.models import SourceLane
        forget_other_lanes(s, "weibo", {"1of3", "2of3", "3of3"})
    with db.session() as s:
        assert s.scalar(select(func.count()).select_from(SourceLane)) == 0


async def test_a_partitioned_source_gives_each_item_to_exactly_one_lane(config_dir: Path) -> None:
    """Every item of the source is in exactly one lane, the one of its post's author, whether the
    lane tells it from the raw object (others' items are paged past unparsed) or from the item;
    a post and everything under it share a lane."""
    from adapters.weibo.mock import demo_token_env, served
    from adapters.weibo.source import Options, WeiboSource
    from adapters.weibo.traffic import Traffic, preload

    matrix = Config.load(config_dir / "wenzheng.toml").matrix
    state = MockWeibo.from_matrix(matrix)
    preload(Traffic(state, matrix, seed=3, rate=0), 400)
    async with served(state) as base, aiohttp.ClientSession() as http:
        whole = WeiboSource(Options(base_url=base, count=50), name="weibo", matrix=matrix, http=http,
                            env=demo_token_env(matrix))
        split = WeiboSource(Options(base_url=base, count=50, partitions=3), name="weibo", matrix=matrix,
                            http=http, env=demo_token_env(matrix))
        everything = {it.external_id: it for it in (await whole.poll({})).items}
        lanes = {name: (await split.lane(name).poll({})).items for name in split.lanes()}
    assert split.lanes() == ("1of3", "2of3", "3of3") and whole.lanes() == ()
    seen = [it.external_id for items in lanes.values() for it in items]
    assert len(seen) == len(set(seen)) and set(seen) == set(everything) and len(seen) > 300
    lane_of_post: dict[str, str] = {}
    for name, items in lanes.items():
        assert items, name
        for it in items:
            post = it.external_id if it.kind == "status" else it.parent_id
            assert lane_of_post.setdefault(post, name) == name  # a post's comments in its lane
