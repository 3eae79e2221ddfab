"""Media feeds over real HTTP: the mock outlet serves RSS/Atom with validators to a real daemon."""

from __future__ import annotations

import datetime as dt

import pytest
from sqlalchemy import select

from adapters.feeds.mock import MockMedia, make_app
from monitor.core.timeutil import SHANGHAI
from monitor.store.models import Case, Source

from .conftest import case_count, wait_for


def sources(base: str) -> str:
    return f"""
[[sources]]
name = "media"
adapter = "feeds"
interval = 0.3
[sources.options]
places = ["阳光嘉园"]
keywords = ["停水"]
feeds = [
  {{ id = "ycrb", name = "银川日报", url = "{base}/feeds/ycrb.xml" }},
  {{ id = "ycwb", name = "银川晚报", url = "{base}/feeds/ycwb.atom" }},
]
"""


@pytest.fixture
async def media(aiohttp_server):
    state = MockMedia()
    server = await aiohttp_server(make_app(state))
    return state, str(server.make_url("")).rstrip("/")


def outlets(db) -> list[tuple[str, str, str | None]]:
    with db.session() as s:
        return [(c.citizen_name, c.channel, c.lead_account_id)
                for c in s.scalars(select(Case).order_by(Case.received_at))]


async def test_articles_that_concern_the_matrix_become_cases_once_across_restarts(media, start_daemon, db) -> None:
    state, base = media
    t0 = dt.datetime.now(dt.UTC) - dt.timedelta(hours=2)
    state.publish("ycrb", "银川公交调整多条线路", "记者从银川公交获悉，下周起2路、11路调整首末班时间。",
                  at=t0)
    state.publish("ycrb", "全市春季运动会开幕", "本报讯 全市春季运动会昨日开幕。", at=t0 + dt.timedelta(minutes=1))
    state.publish("ycwb", "阳光嘉园小区电梯停运半月", "<b>居民</b>反映电梯坏了半个月无人维修。",
                  at=t0 + dt.timedelta(minutes=2))
    state.publish("ycwb", "三年前的旧闻：阳光嘉园", "早已过时。", at=t0 - dt.timedelta(days=30))
    daemon = await start_daemon(sources(base))
    await wait_for(lambda: case_count(db) == 2)
    await wait_for(lambda: state.served["304"] >= 2)  # unchanged feeds now cost a 304
    assert outlets(db) == [("银川日报", "media", "city-bus"), ("银川晚报", "media", outlets(db)[1][2])]
    with db.session() as s:
        case = s.scalar(select(Case).where(Case.citizen_id == "ycwb"))
        assert case.text == "阳光嘉园小区电梯停运半月\n居民 反映电梯坏了半个月无人维修。"
        assert case.url.startswith("https://ycwb.example.cn/") and case.platform == "media"
        assert s.get(Source, "media").cursor["feeds"]["ycrb"]["etag"]
    await daemon.stop()

    # a restart reads the feeds again (conditional GET from the stored validators) and adds nothing;
    # a new article about a water cut is a new case
    served = dict(state.served)
    state.publish("ycrb", "金凤区部分小区明日停水", "因管网改造，明日9时至18时停水。", at=dt.datetime.now(dt.UTC))
    await start_daemon(sources(base))
    await wait_for(lambda: case_count(db) == 3)
    await wait_for(lambda: state.served["304"] > served["304"])
    assert case_count(db) == 3


async def test_a_broken_feed_backs_off_alone(media, start_daemon, db) -> None:
    state, base = media
    state.broken.add("ycrb")
    state.publish("ycwb", "阳光嘉园门口积水", "下雨后积水严重。", at=dt.datetime.now(dt.UTC))
    await start_daemon(sources(base))
    await wait_for(lambda: case_count(db) == 1)
    await wait_for(lambda: state.served["200"] + state.served["304"] >= 3)
    assert state.served["500"] == 1  # not retried at every poll: backing off for a minute
    with db.session() as s:
        assert s.get(Source, "media").last_error is None  # the source as a whole is fine
    state.garbage.add("ycwb")
    state.publish("ycwb", "阳光嘉园又积水", "再次积水。", at=dt.datetime.now(dt.UTC))
    await wait_for(lambda: _failing(db))  # every feed due is now failing: the source says so


def _failing(db) -> bool:
    with db.session() as s:
        src = s.get(Source, "media")
        return bool(src.last_error and "not a readable feed" in src.last_error)


async def test_results_are_fed_back_per_outlet(media, config_dir, db, tmp_path) -> None:
    import csv
    import json

    import aiohttp
    from typer.testing import CliRunner

    from adapters.feeds import create
    from monitor import cli
    from monitor.handling.actions import close, record_reply
    from monitor.runtime.stages import build_pipeline
    from monitor.store.context import open_app

    state, base = media
    now = dt.datetime.now(dt.UTC)
    first, second = now - dt.timedelta(hours=3), now - dt.timedelta(hours=2)
    if second.astimezone(SHANGHAI).month != first.astimezone(SHANGHAI).month:
        second = first + dt.timedelta(minutes=1)  # both in the month the feedback is asked for
    state.publish("ycrb", "阳光嘉园小区电梯停运半月", "居民反映电梯坏了。", at=first)
    state.publish("ycwb", "银川公交站牌破损", "多处站牌破损。", at=second)
    app = open_app(config_dir / "wenzheng.toml", database_url=db.url)
    pipeline = build_pipeline(app)
    async with aiohttp.ClientSession() as http:
        src = create({"places": ["阳光嘉园"], "feeds": [
            {"id": "ycrb", "name": "银川日报", "url": f"{base}/feeds/ycrb.xml"},
            {"id": "ycwb", "name": "银川晚报", "url": f"{base}/feeds/ycwb.atom"}]},
            name="media", matrix=app.matrix, http=http)
        result = await src.poll({})
    pipeline.ingest(result.items, channel=src.channel)
    with app.sessions.begin() as s:
        lift = s.scalar(select(Case).where(Case.citizen_id == "ycrb"))
        record_reply(s, lift.id, account_id="xingqing", text="已联系物业，电梯明日恢复运行。", actor="王敏",
                     now=now, engine=pipeline.stages.sla, at=now - dt.timedelta(hours=1))
        close(s, lift.id, result="电梯已修复并通过检验。", actor="王敏", now=now, engine=pipeline.stages.sla)
    app.close()
    cli._register_all()
    env = {"WENZHENG_DATABASE_URL": db.url}
    # the articles' month: in the first hours of a month (Beijing time) they are last month's
    month = first.astimezone(SHANGHAI).strftime("%Y-%m")
    args = ["media", "feedback", "--month", month, "--config", str(config_dir / "wenzheng.toml")]
    r = CliRunner().invoke(cli.app, [*args, "--json"], env=env)
    data = json.loads(r.stdout)["outlets"]
    assert set(data) == {"ycrb", "ycwb"} and data["ycrb"]["outlet"] == "银川日报"
    row = data["ycrb"]["cases"][0]
    assert row["title"] == "阳光嘉园小区电梯停运半月" and row["status"] == "已办结"
    assert row["reply"] == "已联系物业，电梯明日恢复运行。" and row["result"] == "电梯已修复并通过检验。"
    r = CliRunner().invoke(cli.app, [*args, "--out", str(tmp_path / "fb"), "--outlet", "ycwb"], env=env)
    assert r.exit_code == 0 and "银川晚报: 1 件" in r.stdout
    with (tmp_path / "fb" / f"ycwb-{month}.csv").open(encoding="utf-8-sig") as fh:
        rows = list(csv.reader(fh))
    assert rows[0][:3] == ["案件编号", "报道标题", "报道链接"] and rows[1][1] == "银川公交站牌破损"
