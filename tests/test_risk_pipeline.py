"""Every text is read for risk, through the real pipeline and database (both backends).

A first post, a citizen's follow-up on an open case, another user's comment and an imported letter:
each that speaks of danger puts the case at the top of the queue, alerts handlers, supervisors and
the hub at once, and says so in Chinese on the timeline and in the queue.
"""

from __future__ import annotations

import csv
import dataclasses
import datetime as dt
from pathlib import Path

import pytest
from sqlalchemy import select

from monitor.core.config import Config
from monitor.handling.queue import list_entries, open_entry
from monitor.intake.importer import import_file, parse_mapping
from monitor.runtime.stages import ImportStages, build_pipeline
from monitor.store.context import App
from monitor.store.matrix_sync import sync_accounts
from monitor.store.models import Case, CaseEvent, Notification, utcnow
from monitor.core.types import Item
from tests.factories import T0, comment, status

CITIZEN = "9001"
STREET = "兴庆区文化街街道"


@pytest.fixture
def app(db, config_dir: Path) -> App:  # type: ignore[no-untyped-def]
    cfg = Config.load(config_dir / "wenzheng.toml")
    with db.sessions.begin() as s:
        sync_accounts(s, cfg.matrix)
    return App(cfg, db.engine, db.sessions)


def live(item: Item) -> Item:
    """The item as if posted today (the factories' fixed dates would make it a backfill, which is
    queued but not alerted): same offsets from T0, shifted to an hour ago."""
    shift = (dt.datetime.now(dt.UTC) - dt.timedelta(hours=1)) - T0
    return dataclasses.replace(item, created_at=item.created_at + shift)


def _street_uid(app: App) -> str:
    acc = next(a for a in app.matrix.accounts if a.name == STREET)
    return acc.platform_ids["weibo"]


def _case(app: App, root: str) -> Case:
    with app.sessions() as s:
        return s.scalars(select(Case).where(Case.root_external_id == root)).one()


def _risk_alerts(app: App, case_id: int) -> list[Notification]:
    with app.sessions() as s:
        return list(s.scalars(select(Notification).where(Notification.case_id == case_id,
                                                         Notification.kind == "risk")))


def test_follow_up_with_risk_words_tops_the_queue_and_alerts(app: App) -> None:
    pipeline = build_pipeline(app)
    uid = _street_uid(app)
    # an ordinary appeal, answered; an older unroutable-looking case already waits in the queue
    pipeline.ingest([live(x) for x in [
        status("700", "9002", "@兴庆区文化街街道 路灯坏了好几天", 0, mentions=(STREET,)),
        status("701", CITIZEN, "@兴庆区文化街街道 单位拖欠我半年工资，一直没人管", 5, mentions=(STREET,)),
        comment("801", uid, "您好，已转劳动监察核实。", 30, on="701", on_author=CITIZEN, name=STREET),
    ]])
    first = _case(app, "701")
    assert first.risk == [] and _risk_alerts(app, first.id) == []
    with app.sessions.begin() as s:  # something else is already waiting for a person
        open_entry(s, _case(app, "700").id, "reply_violation", at=utcnow())

    report = pipeline.ingest([live(x) for x in [
        comment("802", CITIZEN, "等了一个月还是没人管，我真的活不下去了", 90, on="701", on_author=CITIZEN,
                reply_to="801"),
    ]])
    assert report.events == 1
    case = _case(app, "701")
    assert [r["flag"] for r in case.risk] == ["self_harm"] and case.risk[0]["label"] == "轻生"

    with app.sessions() as s:
        rows = list_entries(s)
        assert (rows[0].case_id, rows[0].reason, rows[0].priority) == (case.id, "risk", 0)
        assert rows[0].detail["source"] == "群众追问" and rows[0].detail["risk"].startswith("轻生（")
        events = s.scalars(select(CaseEvent).where(CaseEvent.case_id == case.id, CaseEvent.kind == "risk")).all()
        assert [e.data for e in events] == [{"risk": "轻生（活不下去）", "source": "群众追问"}]

    alerts = _risk_alerts(app, case.id)
    reached = {a for n in alerts for a in (n.accounts or [n.recipient])}
    assert {"xingqing-wenhuajie", "xingqing", "wzyc"} <= reached  # handler, supervisor, hub
    assert all(n.urgent for n in alerts)
    subject = alerts[0].subject
    assert subject == f"【风险预警】案件#{case.id}（群众追问）：轻生（活不下去）"
    assert "self_harm" not in subject and "活不下去了" in alerts[0].body

    # the same follow-up polled again: nothing new (no second alert, no second event)
    pipeline.ingest([live(comment("802", CITIZEN, "等了一个月还是没人管，我真的活不下去了", 90, on="701",
                                  on_author=CITIZEN, reply_to="801"))])
    assert len(_risk_alerts(app, case.id)) == len(alerts)


def test_comment_by_another_user_is_read_too_and_flags_accumulate(app: App) -> None:
    pipeline = build_pipeline(app)
    pipeline.ingest([live(x) for x in [
        status("710", CITIZEN, "@兴庆区文化街街道 楼道里电瓶车着了，烟特别大", 0, mentions=(STREET,)),
    ]])
    case = _case(app, "710")
    assert [r["flag"] for r in case.risk] == ["safety_hazard"]
    n_first = len(_risk_alerts(app, case.id))
    assert n_first > 0
    pipeline.ingest([live(x) for x in [
        comment("811", "9003", "三楼有个老人晕倒在楼道里了，快打120", 3, on="710", on_author=CITIZEN),
        comment("812", "9004", "热死了，这烟呛得人难受，我要投诉到底", 4, on="710", on_author=CITIZEN),
    ]])
    case = _case(app, "710")
    assert {r["flag"] for r in case.risk} == {"safety_hazard", "medical"}
    alerts = _risk_alerts(app, case.id)
    assert len(alerts) > n_first and any("他人评论" in n.subject and "医疗急症" in n.subject for n in alerts)
    with app.sessions() as s:  # one open risk entry for the case, not one per text
        rows = [r for r in list_entries(s) if r.case_id == case.id]
        assert [r.reason for r in rows] == ["risk"]


def test_lookalike_follow_up_raises_nothing(app: App) -> None:
    pipeline = build_pipeline(app)
    pipeline.ingest([live(x) for x in [
        status("720", CITIZEN, "@兴庆区文化街街道 楼下广场舞太吵", 0, mentions=(STREET,)),
        comment("820", CITIZEN, "吵死了，热死了，我一定投诉到底", 10, on="720", on_author=CITIZEN),
    ]])
    case = _case(app, "720")
    assert case.risk == [] and _risk_alerts(app, case.id) == []


def test_imported_letters_are_read_for_risk(app: App, tmp_path: Path) -> None:
    path = tmp_path / "board.csv"
    with path.open("w", encoding="utf-8", newline="") as fh:
        w = csv.writer(fh)
        w.writerow(["编号", "内容", "时间"])
        w.writerow(["A1", "小区地下室一股煤气味，是不是哪里的管子漏了", "2026-03-02 09:00"])
        w.writerow(["A2", "希望小区增设充电桩", "2026-03-02 10:00"])
    with app.sessions.begin() as s:
        result = import_file(s, path, parse_mapping("id=编号,text=内容,received_at=时间"),
                             on_created=ImportStages(app))
    assert result.created == 2
    gas, plain = _case(app, "A1"), _case(app, "A2")
    assert [r["label"] for r in gas.risk] == ["安全隐患"] and plain.risk == []
    # an imported letter is history: it is not an emergency call (no alert), but it stands at the
    # top of the queue for a person to look at
    assert _risk_alerts(app, gas.id) == []
    with app.sessions() as s:
        rows = list_entries(s)
        assert (rows[0].case_id, rows[0].reason) == (gas.id, "risk")
        assert rows[0].detail["risk"].startswith("安全隐患（")
        assert plain.id not in [r.case_id for r in rows if r.reason == "risk"]


def test_follow_up_only_the_model_reads_still_reaches_a_person(app: App) -> None:
    """A follow-up in words no pattern lists: the learned backstop raises it as 疑似轻生, and the
    case goes to the top of the queue with an alert all the same (recall first)."""
    pipeline = build_pipeline(app)
    pipeline.ingest([live(x) for x in [
        status("730", CITIZEN, "@兴庆区文化街街道 工资拖了半年，找谁都没用", 0, mentions=(STREET,)),
    ]])
    case = _case(app, "730")
    assert case.risk == []
    pipeline.ingest([live(comment("830", CITIZEN, "我不想再睁开眼睛了", 30, on="730", on_author=CITIZEN))])
    case = _case(app, "730")
    assert [(r["flag"], r["label"], r["possible"]) for r in case.risk] == [("self_harm", "疑似轻生", True)]
    assert case.risk[0]["evidence"][0].startswith("模型")
    alerts = _risk_alerts(app, case.id)
    assert alerts and "疑似轻生" in alerts[0].subject and "self_harm" not in alerts[0].subject
    with app.sessions() as s:
        top = list_entries(s)[0]
        assert top.case_id == case.id and top.reason == "risk"
