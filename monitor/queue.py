"""The escalation queue: cases that need a person, each entry saying why and since when.

Entries are opened by the stages that notice a problem (classification: risk; routing:
unroutable; SLA sweeps: breaches; feedback and reply lint) and resolved when the cause goes away.
At most one *open* entry exists per (case, reason), so a stage may call :func:`open_entry`
every time it looks without flooding the queue.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from monitor.store.models import QueueEntry

# Lower is more urgent. Risk (self-harm, gas leak…) always comes first: a life may depend on it.
PRIORITY: dict[str, int] = {
    "risk": 0,
    "supervision": 1,
    "closure_breached": 2,
    "first_response_breached": 2,
    "negative_feedback": 3,
    "reply_violation": 4,
    "unroutable": 5,
}


def open_entry(session: Session, case_id: int, reason: str, *, at: dt.datetime,
               detail: dict[str, Any] | None = None) -> QueueEntry:
    """Open (or return the already open) queue entry for ``case_id`` and ``reason``."""
    if reason not in PRIORITY:
        raise ValueError(f"unknown queue reason {reason!r} (known: {', '.join(PRIORITY)})")
    existing = session.scalar(
        select(QueueEntry).where(QueueEntry.case_id == case_id, QueueEntry.reason == reason,
                                 QueueEntry.resolved_at.is_(None))
    )
    if existing is not None:
        return existing
    entry = QueueEntry(case_id=case_id, reason=reason, priority=PRIORITY[reason], since=at,
                       detail=detail or {})
    session.add(entry)
    return entry


def resolve_entries(session: Session, case_id: int, reasons: Iterable[str] | None = None, *,
                    at: dt.datetime, by: str = "system") -> int:
    """Resolve the open entries of a case (all, or those with the given reasons); returns how many."""
    q = select(QueueEntry).where(QueueEntry.case_id == case_id, QueueEntry.resolved_at.is_(None))
    if reasons is not None:
        q = q.where(QueueEntry.reason.in_(list(reasons)))
    n = 0
    for entry in session.scalars(q):
        entry.resolved_at = at
        entry.resolved_by = by
        n += 1
    return n
