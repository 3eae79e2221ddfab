"""Builders shared by the SLA, escalation and action tests (no tests here).

A small matrix written into tmp_path (hub → district → street, hub → department) keeps these
tests independent of the demo config other engineers are editing.
"""

from __future__ import annotations

import datetime as dt
import itertools
from pathlib import Path

from sqlalchemy.orm import Session

from monitor.core.config import Config
from monitor.store.matrix_sync import sync_accounts
from monitor.store.models import Assignment, Case, CaseEvent, Mention
from monitor.core.timeutil import parse_iso

MATRIX = """
[[accounts]]
id = "wzyc"
name = "问政银川"
kind = "hub"
platform_ids = { weibo = "1000" }

[[accounts]]
id = "xingqing"
name = "兴庆区"
kind = "district"
parent = "wzyc"
platform_ids = { weibo = "2000" }

[[accounts]]
id = "xingqing.wenhuajie"
name = "文化街街道"
kind = "street"
parent = "xingqing"
platform_ids = { weibo = "2100" }

[[accounts]]
id = "chengguan"
name = "银川城管"
kind = "department"
parent = "wzyc"
supervisors = ["wzyc", "xingqing"]
platform_ids = { weibo = "3000" }
"""

_ids = itertools.count(1)


def write_config(root: Path, sla: str = "", calendar: str = "") -> Config:
    """A complete minimal config directory under ``root``; returns the loaded Config."""
    root.mkdir(parents=True, exist_ok=True)
    (root / "wenzheng.toml").write_text("", encoding="utf-8")
    (root / "matrix.toml").write_text(MATRIX, encoding="utf-8")
    (root / "sla.toml").write_text(sla, encoding="utf-8")
    (root / "calendar.toml").write_text(calendar, encoding="utf-8")
    return Config.load(root / "wenzheng.toml")


def t(text: str) -> dt.datetime:
    """Asia/Shanghai local time (what an operator reads) as an aware UTC datetime."""
    return parse_iso(text).astimezone(dt.UTC)


def make_case(session: Session, received: str, case_type: str | None = "complaint", *,
              lead: str | None = "xingqing.wenhuajie", co: tuple[str, ...] = (),
              text: str = "小区门口垃圾三天没人清运，味道很大") -> Case:
    """A case received at local time ``received`` with a root mention, a created event, handlers."""
    n = next(_ids)
    at = t(received)
    case = Case(platform="weibo", channel="weibo", root_external_id=f"r{n}", citizen_id="u9",
                citizen_name="市民", text=text, received_at=at, type=case_type,
                lead_account_id=lead, last_activity_at=at, created_at=at)
    session.add(case)
    session.flush()
    session.add(Mention(platform="weibo", external_id=f"r{n}", kind="status", author_id="u9",
                        author_name="市民", role="citizen", text=text, created_at=at,
                        case_id=case.id))
    session.add(CaseEvent(case_id=case.id, kind="created", at=at))
    if lead:
        case.assignments.append(Assignment(account_id=lead, role="lead", assigned_at=at))
    for acc in co:
        case.assignments.append(Assignment(account_id=acc, role="co", assigned_at=at))
    session.flush()
    return case


def add_event(session: Session, case: Case, kind: str, at: str, *, account_id: str | None = None,
              recorded: str | None = None, **data: object) -> CaseEvent:
    ev = CaseEvent(case_id=case.id, kind=kind, at=t(at), account_id=account_id, data=dict(data),
                   recorded_at=t(recorded or at))
    session.add(ev)
    session.flush()
    return ev


def mirror(session: Session, config: Config) -> None:
    sync_accounts(session, config.matrix)
    session.flush()
