"""What every entry point (CLI command, daemon, API) needs: config, database, matrix.

Built once per process by :func:`open_app`; the CLI, the daemon and the tests all go through it,
so a command pointed at an empty or older database upgrades it first, the same way everywhere.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from sqlalchemy import Engine
from sqlalchemy.orm import Session, sessionmaker

from monitor.core.config import Config, Matrix
from monitor.store.db import migration_lock, open_database


@dataclass
class App:
    config: Config
    engine: Engine
    sessions: sessionmaker[Session]

    @property
    def matrix(self) -> Matrix:
        return self.config.matrix

    def close(self) -> None:
        self.engine.dispose()


def open_app(config_path: Path | str | None = None, *, database_url: str | None = None,
             migrate: bool = True, sync: bool = True) -> App:
    """Load and validate config, open (and upgrade) the database, mirror the matrix into it.

    Display commands pass ``sync=False``: they read, and must leave the data as they found it
    (a ``wenzheng cases list`` with another config must not retire the running daemon's
    accounts). Only the daemon, the demo, ``db upgrade`` and explicit actions mirror the config.
    """
    from monitor.store.matrix_sync import sync_accounts

    config = Config.load(config_path)
    engine, sessions = open_database(database_url or config.database_url, migrate=migrate)
    app = App(config, engine, sessions)
    if migrate and sync:  # under the schema lock: daemons starting together must not insert twice
        with migration_lock(engine), sessions.begin() as s:
            sync_accounts(s, config.matrix)
    return app
