"""Builders for the console and operator-API tests (no tests here): a real daemon on a real database.

The daemon runs in-process in the test's event loop on a free port, with the shipped config files
but no ``[[sources]]`` (so no platform is polled); cases are written straight into the database.
"""

from __future__ import annotations

import datetime as dt
import functools
import itertools
from collections.abc import AsyncIterator
from pathlib import Path

import pytest

from monitor.core.config import Config
from monitor.handling.queue import open_entry
from monitor.sla import SlaEngine
from monitor.store.models import Assignment, Case, CaseEvent, Mention
from monitor.core.timeutil import parse_iso

from conftest import Database

_ids = itertools.count(1)


def write_daemon_config(config_dir: Path) -> Path:
    """The shipped config/ copy, with a wenzheng.toml that names no sources."""
    path = config_dir / "wenzheng.toml"
    path.write_text('[daemon]\nhost = "127.0.0.1"\nsweep_interval = 3600\n', encoding="utf-8")
    return path


@pytest.fixture
async def daemon(config_dir: Path, db: Database) -> AsyncIterator[object]:
    from monitor.runtime.daemon import Daemon

    d = Daemon(write_daemon_config(config_dir), port=0, database_url=db.url)
    await d.start()
    try:
        yield d
    finally:
        await d.stop()


def base_url(daemon: object) -> str:
    return f"http://127.0.0.1:{daemon.port}"  # type: ignore[attr-defined]


@functools.lru_cache(maxsize=8)
def _engine(config_path: str) -> SlaEngine:
    return SlaEngine.from_config(Config.load(config_path))


def add_case(db: Database, config_path: Path, received: str, *, text: str,
             citizen: str = "张女士", lead: str | None = "xingqing", case_type: str = "complaint",
             now: dt.datetime | None = None, queue: tuple[str, ...] = (),
             follow_up: str | None = None) -> int:
    """A case received at local time ``received``: root mention, created event, lead, SLA clocks."""
    n = next(_ids)
    at = parse_iso(received).astimezone(dt.UTC)
    engine = _engine(str(config_path))
    with db.sessions.begin() as s:
        case = Case(platform="weibo", channel="weibo", root_external_id=f"r{n}", citizen_id=f"u{n}",
                    citizen_name=citizen, text=text, received_at=at, type=case_type,
                    lead_account_id=lead, last_activity_at=at, created_at=at)
        s.add(case)
        s.flush()
        s.add(Mention(platform="weibo", external_id=f"r{n}", kind="status", author_id=f"u{n}",
                      author_name=citizen, role="citizen", text=text, created_at=at, case_id=case.id))
        if follow_up:
            later = at + dt.timedelta(minutes=5)
            s.add(Mention(platform="weibo", external_id=f"c{n}", kind="comment", author_id=f"u{n}",
                          author_name=citizen, role="citizen", text=follow_up, created_at=later,
                          thread_root_id=f"r{n}", parent_id=f"r{n}", case_id=case.id))
        s.add(CaseEvent(case_id=case.id, kind="created", at=at, recorded_at=at))
        if lead:
            case.assignments.append(Assignment(account_id=lead, role="lead", assigned_at=at))
        s.flush()
        engine.refresh(s, case, now=now or dt.datetime.now(dt.UTC))
        for i, reason in enumerate(queue):
            open_entry(s, case.id, reason, at=at + dt.timedelta(minutes=i), detail={"note": "测试"})
        return case.id
