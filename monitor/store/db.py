"""Engines, sessions and schema upgrades.

Every command calls :func:`open_database`, which brings an empty or older database up to date
through Alembic before anything touches it: operators never run a separate migration step by
accident-prone hand, and ``wenzheng db upgrade`` exists for those who want only that.

Several processes may start together on one database (daemons of a cluster, a CLI command beside
them): the upgrade runs under a database-wide lock (:func:`migration_lock`), so exactly one of
them migrates and the others wait, then find the schema current and go on. Without it two
daemons on an empty PostgreSQL both ran ``CREATE TABLE`` and one died with ``UniqueViolation
pg_type_typname_nsp_index``.
"""

from __future__ import annotations

import contextlib
import fcntl
import os
import socket
from collections.abc import Iterator
from pathlib import Path
from typing import IO, Any

from alembic import command
from alembic.config import Config as AlembicConfig
from alembic.runtime.migration import MigrationContext
from alembic.script import ScriptDirectory
from sqlalchemy import Engine, create_engine, event, text
from sqlalchemy.engine import make_url
from sqlalchemy.orm import Session, sessionmaker

from monitor.store import jsoncodec

MIGRATIONS = Path(__file__).resolve().parents[2] / "migrations"
# pg_advisory_xact_lock key of the schema upgrade: any constant; this one spells "wzmigr" in hex
MIGRATION_LOCK_KEY = 0x777A6D696772


class SchemaTooNew(RuntimeError):
    """The database was migrated by a newer wenzheng than this one (a rolling upgrade half done)."""


def _sqlite_pragmas(dbapi_conn: Any, _record: Any) -> None:
    # WAL lets the console read while the daemon writes; busy_timeout rides out short locks
    # instead of failing a poll; foreign keys are off by default in SQLite.
    cur = dbapi_conn.cursor()
    cur.execute("PRAGMA journal_mode=WAL")
    cur.execute("PRAGMA synchronous=NORMAL")
    cur.execute("PRAGMA foreign_keys=ON")
    cur.execute("PRAGMA busy_timeout=10000")
    cur.close()


SQLITE_STATEMENTS = 32
"""Prepared statements Python's ``sqlite3`` keeps per connection (its default: 128). Why fewer:
an ``IN (…)`` of n ids is a statement of its own for every n, and one of a few hundred ids holds
~60 KB prepared; with the default, each pooled connection of a long-running daemon filled its
cache with such lists (tens of MB in all, issue 19's soak). The statements that repeat stay hot
in 32; a list seen once is re-prepared if it comes again, some tens of µs."""


def make_engine(url: str) -> Engine:
    """An engine for ``url``; SQLite files get their directory created and sane pragmas."""
    u = make_url(url)
    if u.get_backend_name() == "sqlite":
        if u.database and u.database != ":memory:":
            Path(u.database).parent.mkdir(parents=True, exist_ok=True)
        engine = create_engine(u, connect_args={"timeout": 30, "cached_statements": SQLITE_STATEMENTS},
                               json_serializer=jsoncodec.dumps, json_deserializer=jsoncodec.loads)
        event.listen(engine, "connect", _sqlite_pragmas)
        return engine
    if u.get_backend_name() == "postgresql" and u.drivername == "postgresql":
        u = u.set(drivername="postgresql+psycopg")
    return create_engine(u, pool_pre_ping=True, json_serializer=jsoncodec.dumps,
                         json_deserializer=jsoncodec.loads)


def alembic_config(engine: Engine) -> AlembicConfig:
    cfg = AlembicConfig()
    cfg.set_main_option("script_location", str(MIGRATIONS))
    cfg.attributes["engine"] = engine
    return cfg


def current_revision(engine: Engine) -> str | None:
    with engine.connect() as conn:
        return MigrationContext.configure(conn).get_current_revision()


def head_revision(engine: Engine) -> str | None:
    return ScriptDirectory.from_config(alembic_config(engine)).get_current_head()


def sidecar(engine: Engine, suffix: str) -> Path | None:
    """A file next to a SQLite database (``var/wenzheng.db`` → ``var/wenzheng.db.<suffix>``)."""
    u = engine.url
    if u.get_backend_name() != "sqlite" or not u.database or u.database == ":memory:":
        return None
    return Path(u.database).with_name(Path(u.database).name + f".{suffix}")


@contextlib.contextmanager
def migration_lock(engine: Engine) -> Iterator[None]:
    """Hold the database-wide schema lock: others calling this wait until we leave.

    Held for the schema upgrade and for mirroring the config into tables at start (accounts,
    sources): the work that makes the database match this installation, which two processes
    starting together would otherwise both do, inserting the same rows.

    PostgreSQL: a transaction-level advisory lock on a connection of its own, released by the
    commit (or by the server when the process dies: no stale lock). SQLite: ``flock`` on a file
    next to the database, released by the kernel however the process ends.
    """
    if engine.url.get_backend_name() == "postgresql":
        with engine.connect() as conn, conn.begin():
            conn.execute(text("SELECT pg_advisory_xact_lock(:k)"), {"k": MIGRATION_LOCK_KEY})
            yield
        return
    path = sidecar(engine, "migrate.lock")
    if path is None:
        yield
        return
    with open(path, "a+b") as fh:
        fcntl.flock(fh, fcntl.LOCK_EX)
        try:
            yield
        finally:
            fcntl.flock(fh, fcntl.LOCK_UN)


class AnotherDaemon(RuntimeError):
    """A second daemon tried to start on a SQLite database that already has one."""


def single_daemon_lock(engine: Engine) -> IO[bytes] | None:
    """On SQLite, hold an exclusive lock file next to the database for the daemon's life.

    SQLite has no row locks to share work by (``SKIP LOCKED`` is ignored, one writer at a time),
    so it gets exactly one daemon. ``flock`` and not a lease row: the kernel drops the lock however
    the process ends, so a daemon killed by SIGKILL or a power cut never leaves a stale lock that
    would make the next start wait or refuse. Returns the open file (close it to release), or
    ``None`` on PostgreSQL, where daemons share work through leases instead.
    """
    path = sidecar(engine, "daemon.lock")
    if path is None:
        return None
    fh = open(path, "a+b")  # noqa: SIM115 - held open for the daemon's life
    try:
        fcntl.flock(fh, fcntl.LOCK_EX | fcntl.LOCK_NB)
    except BlockingIOError:
        fh.seek(0)
        holder = fh.read().decode("utf-8", "replace").strip() or "another process"
        fh.close()
        raise AnotherDaemon(
            f"another wenzheng daemon ({holder}) is already running on the SQLite database "
            f"{engine.url.database}. SQLite supports one daemon: stop that one first, or move to "
            "PostgreSQL to run several (docs/deploy.md).") from None
    fh.seek(0)
    fh.truncate()
    fh.write(f"pid {os.getpid()} on {socket.gethostname()}".encode())
    fh.flush()
    return fh


def upgrade(engine: Engine) -> None:
    """Bring the schema to the newest migration (a no-op when it already is).

    The cheap check runs first without the lock (every CLI command passes here); only a database
    that needs work takes :func:`migration_lock` and checks again, since another process may have
    migrated it while we waited.
    """
    head = head_revision(engine)
    if current_revision(engine) == head:
        return
    with migration_lock(engine):
        current = current_revision(engine)
        if current == head:
            return
        script = ScriptDirectory.from_config(alembic_config(engine))
        if current is not None and current not in {r.revision for r in script.walk_revisions()}:
            raise SchemaTooNew(
                f"the database schema is at revision {current!r}, which this installation of "
                f"wenzheng does not know (its newest is {head!r}): a newer wenzheng migrated it. "
                "Install the same version as the other daemons (docs/deploy.md).")
        command.upgrade(alembic_config(engine), "head")


def open_database(url: str, *, migrate: bool = True) -> tuple[Engine, sessionmaker[Session]]:
    engine = make_engine(url)
    if migrate:
        upgrade(engine)
    return engine, sessionmaker(engine, expire_on_commit=False)
