"""Persistence: SQLAlchemy models and the database helpers (SQLite embedded, PostgreSQL at scale)."""

from monitor.store.db import make_engine, open_database, upgrade
from monitor.store.models import (
    Account,
    Assignment,
    Base,
    Case,
    CaseEvent,
    DeadLetter,
    Cluster,
    ClusterKey,
    LabelledExample,
    Mention,
    Notification,
    QueueEntry,
    Source,
    utcnow,
)

__all__ = [
    "Account", "Assignment", "Base", "Case", "CaseEvent", "DeadLetter", "LabelledExample", "Mention",
    "Account", "Assignment", "Base", "Case", "CaseEvent", "Cluster", "ClusterKey", "LabelledExample", "Mention",
    "Notification", "QueueEntry", "Source", "make_engine", "open_database", "upgrade", "utcnow",
]
