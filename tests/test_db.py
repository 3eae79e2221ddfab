"""Schema upgrades through Alembic: an empty database is brought to head by any command."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

from sqlalchemy import inspect

from monitor.store.db import current_revision, head_revision, make_engine, upgrade

ROOT = Path(__file__).resolve().parents[1]


def test_empty_sqlite_database_is_upgraded_by_a_command(tmp_path: Path):
    url = f"sqlite:///{tmp_path / 'fresh.db'}"
    env = {"WENZHENG_DATABASE_URL": url, "PATH": "/usr/bin:/bin"}
    proc = subprocess.run([sys.executable, "-m", "monitor", "db", "upgrade", "--config",
                           str(ROOT / "config" / "wenzheng.toml")],
                          capture_output=True, text=True, env=env, cwd=ROOT, timeout=120)
    assert proc.returncode == 0, proc.stderr
    engine = make_engine(url)
    assert current_revision(engine) == head_revision(engine)
    tables = set(inspect(engine).get_table_names())
    assert {"accounts", "sources", "mentions", "cases", "case_events", "queue_entries",
            "notifications"} <= tables
    engine.dispose()


def test_upgrade_is_idempotent(db):
    upgrade(db.engine)
    upgrade(db.engine)
    assert current_revision(db.engine) == head_revision(db.engine)


def test_older_database_is_brought_to_head(tmp_path: Path):
    from alembic import command

    from monitor.store.context import open_app
    from monitor.store.db import alembic_config

    url = f"sqlite:///{tmp_path / 'old.db'}"
    engine = make_engine(url)
    command.upgrade(alembic_config(engine), "0001")
    assert "ix_case_events_account_kind_at" not in {
        ix["name"] for ix in inspect(engine).get_indexes("case_events")}
    app = open_app(ROOT / "config" / "wenzheng.toml", database_url=url)
    assert current_revision(app.engine) == head_revision(app.engine) != "0001"
    assert "ix_case_events_account_kind_at" in {
        ix["name"] for ix in inspect(app.engine).get_indexes("case_events")}
    app.close()
    engine.dispose()
