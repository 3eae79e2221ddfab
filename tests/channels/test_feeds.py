"""Media feeds over real HTTP: the mock outlet serves RSS/Atom with validators to a real daemon."""

from __future__ import annotations

import datetime as dt

import pytest
from sqlalchemy import select

from adapters.feeds.mock import MockMedia, make_app
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
