"""Shared fixtures: a real database per test, on SQLite and on PostgreSQL.

Every test that takes ``db`` runs once per backend named in ``WENZHENG_TEST_BACKENDS``
(default ``sqlite,postgresql``). PostgreSQL is expected at ``WENZHENG_TEST_PG_URL`` (default
127.0.0.1:5432, trust auth, as `.ci/run` provides); when it is requested but unreachable the
tests *fail*: a suite that silently skips its PostgreSQL half would hide real bugs.

The schema is built once per session through the real Alembic migrations; each test then gets a
fresh copy (SQLite: a copied file; PostgreSQL: emptied tables), so tests stay independent and fast.
"""

from __future__ import annotations

import os
import re
import shutil
import socket
import sys
import uuid
from collections.abc import AsyncIterator, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest
import pytest_asyncio
import structlog
from sqlalchemy import Engine, text
from sqlalchemy.orm import Session, sessionmaker

from monitor.store.db import make_engine, upgrade
from monitor.store.models import Base

# pytest-xdist's workers start with COLUMNS=80 and LINES=24 in their environment; a rich Console
# made while they are set keeps that size for good, so the CLI's module-level consoles would ignore
# the COLUMNS a test sets. A test that depends on the width sets it itself (monkeypatch.setenv).
os.environ.pop("COLUMNS", None)
os.environ.pop("LINES", None)

def _command_of_app_once() -> None:
    """``CliRunner().invoke(app, …)`` turns the Typer app into its click command again on every
    call (typer.testing's ``_get_command``): 0.06 s of CPU reading the signatures of 54 commands,
    about 400 times in the suite. The command is made once per app and set of registered commands
    and reused; the invocation itself (parsing, context, the command's code) is unchanged. Were
    typer to drop the name, the conversion would simply happen on every call again."""
    import typer.testing

    convert = getattr(typer.testing, "_get_command", None)
    if convert is None or getattr(convert, "_wenzheng_once", False):
        return
    made: dict[tuple[int, int, int], Any] = {}

    def once(app: Any) -> Any:
        key = (id(app), len(app.registered_commands), len(app.registered_groups))
        if key not in made:
            made[key] = (app, convert(app))  # the app kept alive, so its id is not reused
        return made[key][1]

    once._wenzheng_once = True  # type: ignore[attr-defined]
    typer.testing._get_command = once


_command_of_app_once()

ROOT = Path(__file__).resolve().parents[1]
BACKENDS = [b.strip() for b in os.environ.get("WENZHENG_TEST_BACKENDS", "sqlite,postgresql").split(",") if b.strip()]
PG_ADMIN_URL = os.environ.get("WENZHENG_TEST_PG_URL", "postgresql://postgres@127.0.0.1:5432/postgres")


@pytest.fixture(autouse=True)
def _logs_to_stderr() -> Iterator[None]:
    """Log lines of an in-process daemon go to the real stderr, as ``wenzheng`` sends them.

    Left to structlog's default they go to whatever ``sys.stdout`` is when a logger is made, and
    a CLI call run with CliRunner beside the daemon would find them in its ``--json`` output.
    """
    structlog.configure(logger_factory=structlog.PrintLoggerFactory(file=sys.__stderr__))
    yield


CHROMIUM = Path("/usr/bin/chromium")
ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking",
        "--disable-component-update", "--no-first-run", "--disable-sync"]


def need_chromium() -> None:
    """Skip the calling test with a reason when /usr/bin/chromium is absent; fail it instead under
    WENZHENG_REQUIRE_BROWSER=1 (CI), where a missing browser is a broken install, not a choice."""
    if not CHROMIUM.exists():
        if os.environ.get("WENZHENG_REQUIRE_BROWSER") == "1":
            pytest.fail(f"WENZHENG_REQUIRE_BROWSER=1 but {CHROMIUM} is missing "
                        "(apt-get install chromium fonts-noto-cjk)")
        pytest.skip(f"{CHROMIUM} not installed (apt-get install chromium fonts-noto-cjk)")


@pytest_asyncio.fixture(scope="session", loop_scope="session")
async def chromium() -> AsyncIterator[Any]:
    """Headless Chromium, launched once per test process for the tests that take
    test_console_browser's ``page`` (a fresh context each); skipped with a reason when
    /usr/bin/chromium is absent, unless WENZHENG_REQUIRE_BROWSER=1 (CI), where that fails."""
    need_chromium()
    from playwright.async_api import async_playwright

    async with async_playwright() as p:
        browser = await p.chromium.launch(executable_path=str(CHROMIUM), args=ARGS)
        try:
            yield browser
        finally:
            await browser.close()


@dataclass
class Database:
    """What a test gets: the URL (for CLI/daemon runs), an engine and a session factory."""

    backend: str
    url: str
    engine: Engine
    sessions: sessionmaker[Session]

    def session(self) -> Session:
        return self.sessions()


@pytest.fixture(scope="session")
def _sqlite_template(tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("sqlite-template") / "template.db"
    engine = make_engine(f"sqlite:///{path}")
    upgrade(engine)
    engine.dispose()
    return path


@pytest.fixture(scope="session")
def _pg_url() -> Iterator[str]:
    name = f"wenzheng_test_{uuid.uuid4().hex[:8]}"
    admin = make_engine(PG_ADMIN_URL).execution_options(isolation_level="AUTOCOMMIT")
    try:
        with admin.connect() as conn:
            conn.execute(text(f'CREATE DATABASE "{name}"'))
    except Exception as err:  # noqa: BLE001
        pytest.fail(f"PostgreSQL requested (WENZHENG_TEST_BACKENDS) but unreachable at {PG_ADMIN_URL}: {err}")
    url = PG_ADMIN_URL.rsplit("/", 1)[0] + f"/{name}"
    with admin.connect() as conn:
        # a throw-away database need not wait for each commit to reach the disk: every test
        # commits often (a daemon's batches, each API call), and the wait was most of their time
        conn.execute(text(f'ALTER DATABASE "{name}" SET synchronous_commit = off'))
    engine = make_engine(url)
    upgrade(engine)
    engine.dispose()
    yield url
    with admin.connect() as conn:
        conn.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
    admin.dispose()


@pytest.fixture(params=BACKENDS)
def db(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[Database]:
    """A migrated, empty database on each backend."""
    backend = request.param
    if backend == "sqlite":
        path = tmp_path / "wenzheng.db"
        shutil.copy(request.getfixturevalue("_sqlite_template"), path)
        url = f"sqlite:///{path}"
        engine = make_engine(url)
    elif backend == "postgresql":
        url = request.getfixturevalue("_pg_url")
        engine = make_engine(url)
        with engine.begin() as conn:
            conn.exec_driver_sql(request.getfixturevalue("_pg_emptying"))
    else:
        raise pytest.UsageError(f"unknown backend {backend!r} in WENZHENG_TEST_BACKENDS")
    yield Database(backend, url, engine, sessionmaker(engine, expire_on_commit=False))
    engine.dispose()


@pytest.fixture(scope="session")
def _pg_emptying(_pg_url: str) -> str:
    """One script that empties every table and restarts every id sequence, written once for the
    session's database (its schema does not change after the migrations).

    DELETE rather than TRUNCATE: a test leaves a handful of rows, and TRUNCATE gives each of the
    tables a new file on disk (0.6 s a test for 25 tables, against 0.01 s). Foreign keys are not
    checked while it runs (``session_replication_role``), so the order of the tables is free.
    """
    engine = make_engine(_pg_url)
    with engine.connect() as conn:
        sequences = conn.exec_driver_sql("SELECT quote_ident(schemaname) || '.' || quote_ident(sequencename) "
                                         "FROM pg_sequences").scalars().all()
    engine.dispose()
    return "; ".join(["SET LOCAL session_replication_role = replica",
                      *(f'DELETE FROM "{t.name}"' for t in Base.metadata.sorted_tables),
                      *(f"SELECT setval('{seq}', 1, false)" for seq in sequences)])


@pytest.fixture(scope="session")
def closed_port() -> Iterator[int]:
    """A port on 127.0.0.1 bound (from port 0) but never listening: connecting is refused.

    The shipped config points at the demo's mock platform (:8081) and mock robot (:8082); a test
    that inherited those would post real messages into a demo running beside it.
    """
    sock = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
    sock.bind(("127.0.0.1", 0))
    yield sock.getsockname()[1]
    sock.close()


FIXED_PORTS = re.compile(r"(127\.0\.0\.1|localhost):80[0-9]{2}\b")


@pytest.fixture
def config_dir(tmp_path: Path, closed_port: int) -> Path:
    """A private copy of the shipped config/ that a test may edit, touching no fixed port.

    Every ``127.0.0.1:80xx`` URL points at :func:`closed_port` and the daemon's port is 0; a test
    that needs a platform or a robot starts its mock on port 0 and writes that URL.
    """
    dest = tmp_path / "config"
    shutil.copytree(ROOT / "config", dest)
    for path in dest.glob("*.toml"):
        text = path.read_text(encoding="utf-8")
        new = FIXED_PORTS.sub(f"127.0.0.1:{closed_port}", text)
        new = re.sub(r"(?m)^port = 80[0-9]{2}\b", "port = 0", new)
        if new != text:
            path.write_text(new, encoding="utf-8")
    return dest


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    """Tests marked ``slow`` run first (a stable sort: the rest keep their order).

    pytest-xdist hands tests out in collection order; a 40-second test dealt out last keeps
    one worker busy long after the others have finished. Dealt out first, it runs beside the
    many short ones.
    """
    items.sort(key=lambda item: item.get_closest_marker("slow") is None)
