"""Alerts people can live with: per destination, digests, order of harm, backfill summarised.

Real pipeline, real sweep, real outbox, and the mock WeCom robot on port 0. Every account of the
shipped matrix shares the one default robot, as a small office's duty group would.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import AsyncIterator
from pathlib import Path

import aiohttp
import pytest
from sqlalchemy import func, select

from adapters.notify.wecom import mock as wecom_mock
from monitor.core.types import Item
from monitor.handling.sweep import sweep
from monitor.notify import outbox
from monitor.runtime.stages import build_pipeline
from monitor.sla import SlaEngine
from monitor.store.context import App, open_app
from monitor.store.models import Case, Notification

from conftest import Database

IDS = re.compile(r"\b[a-z]+(?:[-.][a-z]+)+\b|\b(?:safety_hazard|self_harm|breached|at_risk)\b")


@pytest.fixture
async def robot() -> AsyncIterator[tuple[str, wecom_mock.WecomState]]:
    runner, state = await wecom_mock.start_mock("127.0.0.1", 0)
    try:
        yield f"http://127.0.0.1:{runner.addresses[0][1]}", state
    finally:
        await runner.cleanup()


def configure(config_dir: Path, robot_url: str, db: Database) -> App:
    notify = config_dir / "notify.toml"
    text = notify.read_text(encoding="utf-8")
    text = re.sub(r'(?m)^base_url = ".*"$', f'base_url = "{robot_url}"', text)
    text = text.replace("enabled = true", "enabled = false", 1)  # quiet hours: not in this test
    notify.write_text(text, encoding="utf-8")
    app = open_app(config_dir / "wenzheng.toml", database_url=db.url)
    outbox.configure(app.config)
    return app


def post(sid: str, text: str, at: dt.datetime, to: str = "兴庆区") -> Item:
    uid = f"72{int(sid):08d}"
    return Item(platform="weibo", external_id=sid, kind="status", author_id=uid,
                author_name=f"市民{sid[-3:]}", text=f"@{to} {text}", created_at=at,
                mentioned_names=(to,), raw={"idstr": sid})


# (人行道砖翘起来好几块，老人容易绊倒 was routine here until the risk model learnt eval12-eval16: it reads the
# trip hazard as 疑似安全隐患 at 63 %, docs/classify.md; this test wants texts that raise nothing)
ROUTINE = ("小区门口路灯坏了很久，晚上很黑，希望尽快维修", "楼下垃圾三天没人清运，味道很大",
           "附近工地晚上十一点还在施工，噪音太大", "小区绿化带的草好久没修剪了，希望物业管一管")
RISKY = ("楼道里闻到很浓的煤气泄漏味道，太危险了", "小区旧楼墙体开裂，随时可能坍塌，住户很害怕")


async def deliver(app: App, now: dt.datetime) -> outbox.DeliveryReport:
    async with aiohttp.ClientSession() as http:
        return await outbox.Outbox.from_config(app.config, http).deliver_due(app.sessions, now=now)


async def test_backlog_on_a_shared_robot_is_one_alert_per_risk_case_and_one_digest(
        db: Database, config_dir: Path, robot) -> None:
    url, state = robot
    app = configure(config_dir, url, db)
    now = dt.datetime.now(dt.UTC)
    items = [post(str(100 + i), text, now - dt.timedelta(minutes=20 - i))
             for i, text in enumerate(ROUTINE + RISKY)]
    build_pipeline(app).ingest(items, channel="weibo")
    engine = SlaEngine.from_config(app.config)
    with app.sessions() as s:
        later = max(c.first_response_due for c in s.scalars(select(Case))) + dt.timedelta(minutes=5)
    # nobody answered: every case breaches in the same sweep
    with app.sessions.begin() as s:
        report = sweep(s, engine, now=later, config=app.config)
    assert report.counts["breached"] == 6 and not any(st.late for st in report.steps)
    await deliver(app, later)

    texts = [m.content for m in state.messages]
    risk = [t for t in texts if "【风险预警】" in t]
    digests = [t for t in texts if "【汇总】" in t]
    assert len(risk) == 2 and len(digests) == 1 and len(texts) == 3, texts
    assert "安全隐患" in risk[0] and "承办：兴庆区" in risk[0]
    assert "已超时 6 条" in digests[0] and digests[0].count("案件#") == 6
    for t in texts:  # names and Chinese labels, never ids or codes
        assert not IDS.search(t.replace(url, "")), t
    # the digest carries every row: nothing is pending or lost
    with app.sessions() as s:
        assert s.scalar(select(func.count()).select_from(Notification)
                        .where(Notification.status != "sent")) == 0
    # a second round sends nothing more
    await deliver(app, later + dt.timedelta(minutes=1))
    assert len(state.messages) == 3
    app.close()


@pytest.mark.slow
async def test_after_a_large_backfill_a_new_risk_alert_goes_first(db: Database, config_dir: Path,
                                                                  robot) -> None:
    url, state = robot
    app = configure(config_dir, url, db)
    now = dt.datetime.now(dt.UTC)
    old = now - dt.timedelta(days=3)
    texts = ROUTINE * 100 + RISKY * 5
    backfill = [post(str(1000 + i), f"{t}（{i}）", old + dt.timedelta(seconds=30 * i))
                for i, t in enumerate(texts)]
    pipeline = build_pipeline(app)
    pipeline.ingest(backfill, channel="weibo-import")
    engine = SlaEngine.from_config(app.config)
    with app.sessions.begin() as s:
        report = sweep(s, engine, now=now, config=app.config)
    assert report.steps and all(st.late and st.notifications == 0 for st in report.steps)
    # the late states are recorded, and the queue shows the cases
    with app.sessions() as s:
        assert s.scalar(select(func.count()).select_from(Case)
                        .where(Case.first_response_state == "breached")) == len(texts)
        kinds = dict(s.execute(select(Notification.kind, func.count()).group_by(Notification.kind)).all())
    assert kinds == {"backlog": 2}  # one for the late states, one for the old risk posts

    # a fresh gas leak arrives
    pipeline.ingest([post("99999", "家里燃气泄漏，闻到很大的味道，老人在家，快来人", now)], channel="weibo")
    await deliver(app, dt.datetime.now(dt.UTC) + dt.timedelta(seconds=1))
    contents = [m.content for m in state.messages]
    assert "【风险预警】" in contents[0] and "燃气泄漏" in contents[0]
    assert len(contents) == 2 and "【补录汇总】" in contents[1]
    # each summary names its cases by the console's numbers, the first ten and how many in all
    with app.sessions() as s:
        bodies = sorted(s.scalars(select(Notification.body).where(Notification.kind == "backlog")
                                  .distinct()))
    assert len(bodies) == 2 and all(b.count("#") == 10 for b in bodies), bodies
    assert [("等 410 件" in b) for b in bodies].count(True) == 1 and not any("等 10 件" in b for b in bodies)
    app.close()
