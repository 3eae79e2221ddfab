"""Builders for the console and operator-API tests (no tests here): a real daemon on a real database.

The daemon runs in-process in the test's event loop on a free port, with the shipped config files
but no ``[[sources]]`` (so no platform is polled); cases are written straight into the database.

Every route needs a signed-in user, so the ``daemon`` fixture creates an operator, :data:`OPERATOR`
(password :data:`PASSWORD`), and keeps an API token for it: :func:`api` is an HTTP client that
carries it, :func:`login` signs a browser page in. :func:`make_user` adds users of other roles.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import functools
import itertools
from collections.abc import AsyncIterator
from pathlib import Path
from typing import Any

import aiohttp
import pytest

from monitor.access.users import add_user, issue_token
from monitor.core.config import Config
from monitor.handling.queue import open_entry
from monitor.sla import SlaEngine
from monitor.store.models import Assignment, Case, CaseEvent, Mention
from monitor.core.timeutil import parse_iso

from conftest import Database

_ids = itertools.count(1)

OPERATOR = "李科长"
PASSWORD = "correct-horse-battery"


def make_user(db: Database, name: str, role: str, *, account: str | None = None,
              subtree: bool = False) -> str:
    """Create a user with :data:`PASSWORD`; returns a fresh API token of theirs."""
    with db.sessions.begin() as s:
        add_user(s, name, role, PASSWORD, account_id=account, subtree=subtree)
        return issue_token(s, name)


def write_daemon_config(config_dir: Path) -> Path:
    """The shipped config/ copy, with a wenzheng.toml that names no sources."""
    path = config_dir / "wenzheng.toml"
    path.write_text('[daemon]\nhost = "127.0.0.1"\nsweep_interval = 3600\n', encoding="utf-8")
    return path


@contextlib.asynccontextmanager
async def running_daemon(config_dir: Path, db: Database) -> AsyncIterator[object]:
    """The daemon of :func:`daemon`, started in the running event loop and stopped on leaving."""
    from monitor.runtime.daemon import Daemon

    d = Daemon(write_daemon_config(config_dir), port=0, database_url=db.url)
    tokens = {OPERATOR: make_user(db, OPERATOR, "operator")}  # before start: the sweep runs at +1 s
    await d.start()
    d.tokens = tokens  # type: ignore[attr-defined]
    try:
        yield d
    finally:
        await d.stop()


@pytest.fixture
async def daemon(config_dir: Path, db: Database) -> AsyncIterator[object]:
    async with running_daemon(config_dir, db) as d:
        yield d


def base_url(daemon: object) -> str:
    return f"http://127.0.0.1:{daemon.port}"  # type: ignore[attr-defined]


def api(daemon: object, token: str | None = None) -> aiohttp.ClientSession:
    """An HTTP client of the daemon signed in by bearer token (default: the fixture's operator)."""
    token = token or daemon.tokens[OPERATOR]  # type: ignore[attr-defined]
    return aiohttp.ClientSession(base_url(daemon), headers={"Authorization": f"Bearer {token}"})


async def login(page: Any, daemon: object, name: str = OPERATOR, password: str = PASSWORD) -> None:
    """Sign a Playwright page in through the login form; it lands on the case list."""
    url = base_url(daemon)
    await page.goto(f"{url}/login")
    await page.fill("input[name=name]", name)
    await page.fill("input[name=password]", password)
    await page.click("#login-form button[type=submit]")
    await page.wait_for_url(lambda u: "/login" not in u)


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
