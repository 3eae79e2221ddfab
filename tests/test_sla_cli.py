"""``wenzheng sla deadlines``, ``wenzheng queue`` and ``wenzheng case …`` through the real CLI app."""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path

import pytest
from typer.testing import CliRunner

from monitor import cli
from monitor.access.users import add_user
from monitor.handling.queue import open_entry
from monitor.store.models import CaseEvent
from monitor.core.timeutil import to_local, utcnow
from test_sla_builders import make_case, mirror, t, write_config

from conftest import Database

cli._register_all()
runner = CliRunner()


@pytest.fixture
def cfg(tmp_path: Path) -> Path:
    write_config(tmp_path / "config")
    return tmp_path / "config" / "wenzheng.toml"


def invoke(*args: str, url: str | None = None) -> tuple[int, str, str]:
    env = {"WENZHENG_DATABASE_URL": url} if url else {}
    r = runner.invoke(cli.app, list(args), env=env)
    return r.exit_code, r.stdout, r.stderr


@pytest.mark.parametrize(
    ("received", "case_type", "day_kind", "first", "closure"),
    [
        # Friday evening
        ("2026-03-06T19:30", "complaint", "workday", "2026-03-06T20:30:00+08:00",
         "2026-03-14T00:00:00+08:00"),
        # the day before Spring Festival (Sat 14 Feb is a make-up workday)
        ("2026-02-14T18:00", "consult", "workday", "2026-02-14T19:00:00+08:00",
         "2026-02-25T00:00:00+08:00"),
        # a statutory holiday
        ("2026-10-02T10:00+08:00", "help", "restday", "2026-10-02T18:00:00+08:00",
         "2026-10-09T00:00:00+08:00"),
        # a make-up Saturday
        ("2026-10-10T09:00", "suggestion", "workday", "2026-10-10T10:00:00+08:00",
         "2026-10-17T00:00:00+08:00"),
        # outside the calendar's coverage: Mon–Fri (a year no release of the package will carry soon:
        # 2027 was outside it until the release that carries 2027)
        ("2099-01-03T09:00", "report", "restday", "2099-01-03T17:00:00+08:00",
         "2099-01-10T00:00:00+08:00"),
    ],
)
def test_sla_deadlines_json(cfg: Path, received: str, case_type: str, day_kind: str, first: str,
                            closure: str) -> None:
    code, out, _ = invoke("sla", "deadlines", "--received", received, "--type", case_type,
                          "--json", "-c", str(cfg))
    assert code == 0, out
    data = json.loads(out)
    assert (data["day_kind"], data["first_response_due"], data["closure_due"]) == (
        day_kind, first, closure)


def test_sla_deadlines_text_and_warning(cfg: Path) -> None:
    code, out, err = invoke("sla", "deadlines", "--received", "2099-03-02T09:00", "--type",
                            "consult", "-c", str(cfg))
    assert code == 0
    assert "day_kind             workday" in out
    assert "closure_due          2099-03-04T00:00:00+08:00" in out
    assert "no official working calendar for 2099" in err


def test_sla_deadlines_bad_input(cfg: Path) -> None:
    code, _, err = invoke("sla", "deadlines", "--received", "yesterday", "-c", str(cfg))
    assert code == 2 and "--received: not an ISO 8601 time" in err
    code, _, err = invoke("sla", "deadlines", "--received", "2026-03-01T09:00", "--type", "inquiry",
                          "-c", str(cfg))
    assert code == 2 and "unknown case type 'inquiry'" in err


def test_queue_limit_says_how_many_are_left(db: Database, cfg: Path) -> None:
    """By default the queue lists the 50 most urgent entries; a cut list says so, on stderr."""
    from monitor.core.config import Config

    with db.session() as s:
        mirror(s, Config.load(cfg))
        first = make_case(s, "2026-03-10T10:00", "complaint", lead="chengguan")
        second = make_case(s, "2026-03-10T10:05", "complaint")
        open_entry(s, first.id, "first_response_breached", at=t("2026-03-10T11:01"), detail={})
        open_entry(s, second.id, "unroutable", at=t("2026-03-10T11:05"), detail={})
        s.commit()
        ids = first.id, second.id
    code, out, err = invoke("queue", "--limit", "1", "-c", str(cfg), url=db.url)
    assert code == 0 and f"#{ids[0]}" in out and f"#{ids[1]}" not in out
    assert "只列出最紧急的 1 条（未解除共 2 条）" in err
    code, out, err = invoke("queue", "-c", str(cfg), url=db.url)
    assert code == 0 and f"#{ids[1]}" in out and "只列出" not in err


def test_queue_and_case_actions(db: Database, cfg: Path) -> None:
    from monitor.core.config import Config

    with db.session() as s:
        mirror(s, Config.load(cfg))
        case = make_case(s, "2026-03-10T10:00", "complaint", lead="chengguan")
        dup = make_case(s, "2026-03-10T10:05", "complaint")
        open_entry(s, case.id, "first_response_breached", at=t("2026-03-10T11:01"),
                   detail={"clock": "first_response"})
        s.commit()
        cid, did = case.id, dup.id

    code, out, _ = invoke("queue", "--json", "-c", str(cfg), url=db.url)
    assert code == 0
    rows = json.loads(out)
    assert [(r["case_id"], r["reason"], r["accounts"]) for r in rows] == [
        (cid, "first_response_breached", ["chengguan"])]
    assert rows[0]["since"] == "2026-03-10T11:01:00+08:00"
    code, out, _ = invoke("queue", "-c", str(cfg), url=db.url)
    assert code == 0 and "首次响应超期" in out and f"#{cid}" in out

    code, _, err = invoke("case", "pending-info", str(cid), "--as", "wang", "-c", str(cfg), url=db.url)
    assert code == 2 and "no user named 'wang'" in err  # --as names a wenzheng user
    with db.sessions.begin() as s:
        wang = add_user(s, "wang", "operator", "long-enough-password").id
    code, out, _ = invoke("case", "reply", str(cid), "--account", "chengguan", "--text",
                          "您好，已安排执法队员现场核查。", "--no-post", "--at", "2026-03-10T11:20",
                          "--as", "wang", "--json", "-c", str(cfg), url=db.url)
    assert code == 0, out
    with db.session() as s:
        event = s.get(CaseEvent, json.loads(out)["event_id"])
        assert (event.actor, event.user_id) == ("wang", wang)
    data = json.loads(out)
    assert (data["event"], data["status"], data["first_response_state"]) == (
        "reply", "replied", "missed")
    code, out, _ = invoke("queue", "--json", "-c", str(cfg), url=db.url)
    assert json.loads(out) == []  # the reply resolved the breach
    code, out, _ = invoke("queue", "--json", "--all", "-c", str(cfg), url=db.url)
    assert [r["resolved_by"] for r in json.loads(out)] == ["system"]

    code, _, err = invoke("case", "reply", str(cid), "--account", "chengguan", "--text", "x",
                          "-c", str(cfg), url=db.url)
    assert code == 1 and "没有配置可在" in err and "--no-post" in err

    code, out, _ = invoke("case", "extend", str(cid), "--days", "2", "--reason", "需联系产权单位",
                          "--json", "-c", str(cfg), url=db.url)
    assert code == 0 and json.loads(out)["event"] == "extended"
    # a bare date means the end of that day (the CLI acts at the real now, so pick a future day)
    day = to_local(utcnow()).date() + dt.timedelta(days=60)
    code, out, _ = invoke("case", "extend", str(cid), "--until", day.isoformat(), "--reason",
                          "等检测报告", "--json", "-c", str(cfg), url=db.url)
    assert code == 0, out
    assert json.loads(out)["closure_due"] == f"{day + dt.timedelta(days=1)}T00:00:00+08:00"
    code, _, err = invoke("case", "extend", str(cid), "--until", "2026-02-30", "--reason", "x",
                          "-c", str(cfg), url=db.url)
    assert code == 2 and "--until: not a date" in err
    code, _, err = invoke("case", "extend", str(cid), "--days", "2", "--reason", " ",
                          "-c", str(cfg), url=db.url)
    assert code == 1 and "请填写延期理由" in err

    code, out, _ = invoke("case", "merge", str(did), "--into", str(cid), "-c", str(cfg), url=db.url)
    assert code == 0 and f"案件#{did}：已记录「办结」；状态 已办结" in out
    code, out, _ = invoke("case", "close", str(cid), "--result", "违建已拆除", "-c", str(cfg),
                          url=db.url)
    assert code == 0
    code, _, err = invoke("case", "close", str(cid), "--result", "再次", "-c", str(cfg), url=db.url)
    assert code == 1 and "已办结" in err
    code, _, err = invoke("case", "close", "9999", "--result", "x", "-c", str(cfg), url=db.url)
    assert code == 1 and "没有编号为 9999 的案件" in err

    with db.session() as s:
        from sqlalchemy import select

        events = s.scalars(select(CaseEvent).where(CaseEvent.case_id == cid)
                           .order_by(CaseEvent.id)).all()
        assert [e.kind for e in events] == ["created", "reply", "extended", "extended", "merged", "closed"]
        assert events[1].actor == "wang" and events[1].at == t("2026-03-10T11:20")
        assert events[2].actor.startswith("cli:")
