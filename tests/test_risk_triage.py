"""疑似 risk goes to the hub first; a person confirms (everyone is alerted) or dismisses it.

Real pipeline, real outbox and a mock WeCom robot on port 0, real database on both backends.
Each account of interest has its own robot (hub, district, street), so "who was told" is read off
the robot keys that received a message, as the duty groups would see it.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import json
import re
from collections.abc import Iterator
from pathlib import Path

import aiohttp
import pytest
from sqlalchemy import select
from typer.testing import CliRunner

from adapters.notify.wecom import mock as wecom_mock
from monitor.access.users import add_user
from monitor.core.config import ConfigError
from monitor.core.types import Item
from monitor.handling.actions import ActionError
from monitor.handling.queue import list_entries
from monitor.notify import outbox
from monitor.runtime.stages import build_pipeline
from monitor.store.context import App, open_app
from monitor.store.models import Case, CaseEvent, Notification
from tests.factories import T0, comment, status

from conftest import Database
from test_alert_storm import robot  # noqa: F401 - fixture: the mock WeCom robot on port 0

STREET = "兴庆区文化街街道"
CITIZEN = "9001"
ROBOTS = {"wzyc": "hub-robot", "xingqing": "district-robot", "xingqing-wenhuajie": "street-robot"}
EVERYONE = set(ROBOTS.values())
POSSIBLE = "听说小区有人要跳楼，大家都在传"  # 疑似轻生 (hearsay: a pattern in doubt)
CERTAIN = "楼道里闻到很浓的煤气泄漏味道，太危险了"  # 安全隐患, certain
CODES = re.compile(r"\b(?:self_harm|safety_hazard|possible|risk_confirmed|risk_dismissed|True|False)\b")


@pytest.fixture(autouse=True)
def _no_leftover_notify_settings() -> object:
    """The outbox's settings are process-wide: leave none of this file's robots to later tests."""
    yield
    outbox.configure(None)


@pytest.fixture
def office(db: Database, config_dir: Path, robot) -> Iterator[tuple[App, wecom_mock.WecomState]]:
    """The app with hub-only 疑似 alerts (the default) and the robot that receives them."""
    url, state = robot
    app = configure(config_dir, url, db)
    yield app, state
    app.close()


def configure(config_dir: Path, robot_url: str, db: Database, possible: str | None = None) -> App:
    """The shipped notify.toml with the mock robot, quiet hours on (risk alerts ignore them), and
    a robot of their own for the hub, the district and the street."""
    notify = config_dir / "notify.toml"
    text = re.sub(r'(?m)^base_url = ".*"$', f'base_url = "{robot_url}"', notify.read_text(encoding="utf-8"))
    assert "start = 22:00:00\nend = 07:00:00" in text and 'possible = "hub"' in text
    text = text.replace("start = 22:00:00\nend = 07:00:00", "start = 00:00:00\nend = 23:59:00")
    text = text.replace('possible = "hub"', f'possible = "{possible or "hub"}"')
    for account, key in ROBOTS.items():
        text += f'\n[accounts.{account}]\nwecom_key = "{key}"\n'
    notify.write_text(text, encoding="utf-8")
    app = open_app(config_dir / "wenzheng.toml", database_url=db.url)
    outbox.configure(app.config)
    return app


def live(item: Item) -> Item:
    shift = (dt.datetime.now(dt.UTC) - dt.timedelta(hours=1)) - T0
    return dataclasses.replace(item, created_at=item.created_at + shift)


def new_post(app: App, sid: str, text: str) -> int:
    build_pipeline(app).ingest([live(status(sid, CITIZEN, f"@{STREET} {text}", 0, mentions=(STREET,)))])
    with app.sessions() as s:
        return s.scalars(select(Case.id).where(Case.root_external_id == sid)).one()


async def deliver(app: App, state: wecom_mock.WecomState) -> dict[str, list[str]]:
    """Deliver what is due; the messages each robot received in this round."""
    before = len(state.messages)
    async with aiohttp.ClientSession() as http:
        await outbox.Outbox.from_config(app.config, http).deliver_due(
            app.sessions, now=dt.datetime.now(dt.UTC) + dt.timedelta(seconds=1))
    got: dict[str, list[str]] = {}
    for m in state.messages[before:]:
        got.setdefault(m.robot, []).append(m.content)
    return got


def events(app: App, case_id: int, kind: str) -> list[CaseEvent]:
    with app.sessions() as s:
        return list(s.scalars(select(CaseEvent).where(CaseEvent.case_id == case_id, CaseEvent.kind == kind)))


def act(app: App, name: str, case_id: int, note: str = "", actor: str = "值班员王") -> None:
    from monitor.handling import actions
    from monitor.sla import SlaEngine

    fn = {"confirm": actions.confirm_risk, "dismiss": actions.dismiss_risk}[name]
    extra = {"matrix": app.matrix} if name == "confirm" else {}
    with app.sessions.begin() as s:
        fn(s, case_id, actor=actor, now=dt.datetime.now(dt.UTC), engine=SlaEngine.from_config(app.config),
           note=note, **extra)


async def test_possible_only_case_alerts_the_hub_only_and_stands_first(office) -> None:
    app, state = office
    case_id = new_post(app, "100", POSSIBLE)
    with app.sessions() as s:
        case = s.get(Case, case_id)
        assert case is not None and [(r["label"], r["possible"]) for r in case.risk] == [("疑似轻生", True)]
        top = list_entries(s)[0]
    assert (top.case_id, top.reason, top.priority) == (case_id, "risk", 0)
    assert top.detail["risk"].startswith("疑似轻生（")
    got = await deliver(app, state)  # inside quiet hours: urgent all the same
    assert set(got) == {"hub-robot"} and len(got["hub-robot"]) == 1, got
    text = got["hub-robot"][0]
    assert f"【疑似风险】案件#{case_id}：疑似轻生（" in text and "—请核实" in text
    assert "承办：兴庆区文化街街道" in text and not CODES.search(text)
    # polled again: the same alert is not sent twice
    build_pipeline(app).ingest([live(status("100", CITIZEN, f"@{STREET} {POSSIBLE}", 0, mentions=(STREET,)))])
    assert await deliver(app, state) == {}

    # a citizen's follow-up with a certain flag: everyone, at once
    build_pipeline(app).ingest([live(comment("200", CITIZEN, "我真的活不下去了，今晚就从楼顶跳下去", 20,
                                             on="100", on_author=CITIZEN))])
    got = await deliver(app, state)
    assert set(got) == EVERYONE, got
    assert all("【风险预警】" in t and "轻生" in t for texts in got.values() for t in texts)


async def test_certain_case_alerts_everyone(office) -> None:
    app, state = office
    case_id = new_post(app, "110", CERTAIN)
    got = await deliver(app, state)
    assert set(got) == EVERYONE, got
    assert f"【风险预警】案件#{case_id}：安全隐患（" in got["street-robot"][0]


async def test_confirm_alerts_everyone_and_keeps_the_evidence(office) -> None:
    app, state = office
    case_id = new_post(app, "120", POSSIBLE)
    await deliver(app, state)
    with app.sessions() as s:
        before = s.get(Case, case_id)
        assert before is not None
        text, flags = before.text, before.risk

    act(app, "confirm", case_id, note="电话联系物业，确有住户情绪激动")
    got = await deliver(app, state)
    assert set(got) == EVERYONE, got
    msg = got["district-robot"][0]
    assert f"【风险预警】案件#{case_id}：轻生（" in msg and "（已核实）" in msg and "疑似" not in msg.split("\n")[0]
    assert "核实：值班员王" in msg and "确有住户情绪激动" in msg and not CODES.search(msg)
    [event] = events(app, case_id, "risk_confirmed")
    assert event.actor == "值班员王" and event.data["note"] == "电话联系物业，确有住户情绪激动"
    assert event.data["risk"].startswith("轻生（")
    assert set(event.data["notified"]) == set(ROBOTS)
    with app.sessions() as s:
        after = s.get(Case, case_id)
        assert after is not None and (after.text, after.risk) == (text, flags)  # nothing rewritten
        assert [r.reason for r in list_entries(s) if r.case_id == case_id] == ["risk"]  # still first

    # once confirmed, a later 疑似 text on the case reaches everyone, and confirming twice is refused
    build_pipeline(app).ingest([live(comment("220", "9005", "听说他还要去跳河", 30, on="120",
                                             on_author=CITIZEN))])
    assert set(await deliver(app, state)) == EVERYONE
    with pytest.raises(ActionError, match="已确认过"):
        act(app, "confirm", case_id)


async def test_dismiss_acknowledges_the_entry_and_alerts_nobody(office) -> None:
    app, state = office
    case_id = new_post(app, "130", POSSIBLE)
    await deliver(app, state)
    with pytest.raises(ActionError, match="排除理由"):
        act(app, "dismiss", case_id, note="  ")
    act(app, "dismiss", case_id, note="小区在放电影，说的是剧情")
    assert await deliver(app, state) == {}
    [event] = events(app, case_id, "risk_dismissed")
    assert event.data == {"risk": event.data["risk"], "note": "小区在放电影，说的是剧情"}
    assert event.data["risk"].startswith("疑似轻生（")
    with app.sessions() as s:
        assert [r for r in list_entries(s) if r.case_id == case_id] == []
        [entry] = [r for r in list_entries(s, include_resolved=True) if r.case_id == case_id]
        assert entry.resolved_by == "值班员王" and "小区在放电影" in entry.detail["settled"]
        case = s.get(Case, case_id)
        assert case is not None and case.risk and case.risk[0]["evidence"]  # the flag is kept
    with pytest.raises(ActionError, match="已排除"):
        act(app, "dismiss", case_id, note="再排除一次")

    # a new 疑似 text after the dismissal waits for a person again, at the hub
    build_pipeline(app).ingest([live(comment("230", "9006", "听说那人又说要跳楼", 40, on="130",
                                             on_author=CITIZEN))])
    got = await deliver(app, state)
    assert set(got) == {"hub-robot"} and "【疑似风险】" in got["hub-robot"][0]
    with app.sessions() as s:
        assert [r.reason for r in list_entries(s) if r.case_id == case_id] == ["risk"]


async def test_certain_flags_are_neither_confirmed_nor_dismissed(office) -> None:
    app, _state = office
    case_id = new_post(app, "140", CERTAIN)
    plain = new_post(app, "141", "小区门口路灯坏了很久，希望尽快维修")
    with pytest.raises(ActionError, match="不是疑似"):
        act(app, "dismiss", case_id, note="误报")
    with pytest.raises(ActionError, match="没有风险标记"):
        act(app, "confirm", plain)


async def test_possible_all_sends_possible_flags_to_everyone(db: Database, config_dir: Path, robot) -> None:
    url, state = robot
    app = configure(config_dir, url, db, possible="all")
    new_post(app, "150", POSSIBLE)
    got = await deliver(app, state)
    assert set(got) == EVERYONE and "【风险预警】" in got["street-robot"][0]
    app.close()


def test_bad_possible_setting_is_named(db: Database, config_dir: Path) -> None:
    (config_dir / "notify.toml").write_text('[risk]\npossible = "everyone"\n', encoding="utf-8")
    app = open_app(config_dir / "wenzheng.toml", database_url=db.url)
    try:
        with pytest.raises(ConfigError, match=r"notify\.toml: risk\.possible: Input should be 'hub' or 'all'"):
            build_pipeline(app)
    finally:
        app.close()


def test_cli_confirm_and_dismiss_with_permissions(db: Database, config_dir: Path) -> None:
    from monitor import cli as cli_module

    cli_module._register_all()
    cli = cli_module.app
    cfg = config_dir / "wenzheng.toml"
    app = open_app(cfg, database_url=db.url)
    outbox.configure(None)
    first, second = new_post(app, "160", POSSIBLE), new_post(app, "161", "听说楼道里煤气泄漏了，是真的吗")
    with app.sessions.begin() as s:
        add_user(s, "值班员王", "operator", "long-enough-password")
        add_user(s, "街道小李", "member", "long-enough-password", account_id="xingqing-wenhuajie")
        add_user(s, "金凤小赵", "member", "long-enough-password", account_id="jinfeng")
        add_user(s, "统计员", "viewer", "long-enough-password")
    app.close()
    runner = CliRunner()

    def run(*args: str) -> tuple[int, str]:
        r = runner.invoke(cli, [*args, "-c", str(cfg)], env={"WENZHENG_DATABASE_URL": db.url})
        return r.exit_code, r.stdout + r.stderr

    code, out = run("case", "dismiss-risk", str(first), "--note", "看错了", "--as", "街道小李")
    assert code == 2 and "成员单位不能排除风险" in out  # dismissing is the duty desk's
    # every action's --as follows the API's role rule, not only these two (dispatching is the desk's)
    code, out = run("case", "assign", str(first), "--account", "jinfeng", "--reason", "转办", "--as", "街道小李")
    assert code == 2 and "成员单位不能" in out, out
    code, out = run("case", "confirm-risk", str(first), "--as", "金凤小赵")
    assert code == 2 and "不在其单位范围内" in out
    code, out = run("case", "confirm-risk", str(first), "--as", "统计员")
    assert code == 2
    code, out = run("case", "confirm-risk", str(first), "--note", "打电话核实属实", "--as", "街道小李", "--json")
    assert code == 0, out
    assert json.loads(out)["event"] == "risk_confirmed"
    code, out = run("case", "dismiss-risk", str(second), "--note", "只是问问应急办法", "--as", "值班员王")
    assert code == 0 and "排除风险" in out, out
    code, out = run("case", "dismiss-risk", str(second), "--note", "再来一次", "--as", "值班员王")
    assert code == 1 and "已排除" in out
    code, out = run("cases", "show", str(second))
    assert code == 0 and "风险核实：疑似风险已核实排除" in out and "排除风险" in out

    app = open_app(cfg, database_url=db.url)
    with app.sessions() as s:
        rows = s.scalars(select(Notification).where(Notification.case_id == first,
                                                    Notification.subject.contains("已核实"))).all()
        reached = {a for n in rows for a in (n.accounts or [n.recipient])}
    assert set(ROBOTS) <= reached
    app.close()
