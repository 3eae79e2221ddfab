"""Fixtures for the intake channels: a real daemon on a free port with one or more channel sources.

The daemon runs in the test's event loop with the shipped config files; ``channel_daemon`` writes
a wenzheng.toml naming only the sources a test gives (TOML text), so no Weibo platform is needed.
"""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator, Callable
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import func, select

from monitor.store.models import Case, Mention

from conftest import Database
from test_console_support import OPERATOR, make_user

HEAD = '[daemon]\nhost = "127.0.0.1"\nsweep_interval = 3600\n'


def write_config(config_dir: Path, sources: str) -> Path:
    path = config_dir / "wenzheng.toml"
    path.write_text(HEAD + sources, encoding="utf-8")
    return path


@pytest.fixture
async def start_daemon(config_dir: Path, db: Database) -> AsyncIterator[Callable[[str], Any]]:
    """``await start_daemon(sources_toml)`` → a started daemon; every one is stopped at teardown."""
    from monitor.runtime.daemon import Daemon

    started: list[Daemon] = []
    tokens: dict[str, str] = {}

    async def start(sources: str) -> Daemon:
        d = Daemon(write_config(config_dir, sources), port=0, database_url=db.url)
        if not tokens:  # every route needs a user: the operator of tests/test_console_support.py
            tokens[OPERATOR] = make_user(db, OPERATOR, "operator")
        d.tokens = tokens  # type: ignore[attr-defined]
        await d.start()
        started.append(d)
        return d

    yield start
    for d in started:
        if d.scheduler is not None and d.scheduler.running:  # not stopped by the test itself
            await d.stop()


def case_count(db: Database) -> int:
    with db.session() as s:
        return int(s.scalar(select(func.count()).select_from(Case)) or 0)


def mention_count(db: Database) -> int:
    with db.session() as s:
        return int(s.scalar(select(func.count()).select_from(Mention)) or 0)


async def wait_for(predicate: Callable[[], Any], timeout: float = 20.0) -> Any:
    loop = asyncio.get_running_loop()
    deadline = loop.time() + timeout
    while True:
        value = await asyncio.to_thread(predicate)
        if value:
            return value
        if loop.time() > deadline:
            raise AssertionError("condition not reached in time")
        await asyncio.sleep(0.1)
