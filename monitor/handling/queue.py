"""The escalation queue: cases that need a person, each entry saying why and since when.

Entries are opened by the stages that notice a problem (classification: risk; routing:
unroutable; SLA sweeps: breaches; feedback and reply lint) and resolved when the cause goes away.
At most one *open* entry exists per (case, reason), so a stage may call :func:`open_entry`
every time it looks without flooding the queue.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from monitor.store.models import Case, QueueEntry

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


def _pending(session: Session) -> dict[tuple[int, str], QueueEntry]:
    """Entries opened in this session, by (case, reason).

    The ingest pipeline runs its batch with autoflush off (a flush per query would cost more
    than the query), so entries opened earlier in the same transaction are found here rather
    than by the SELECT.
    """
    return session.info.setdefault("wenzheng_queue_pending", {})


def open_entry(session: Session, case_id: int, reason: str, *, at: dt.datetime,
               detail: dict[str, Any] | None = None) -> QueueEntry:
    """Open (or return the already open) queue entry for ``case_id`` and ``reason``."""
    if reason not in PRIORITY:
        raise ValueError(f"unknown queue reason {reason!r} (known: {', '.join(PRIORITY)})")
    pending = _pending(session)
    mine = pending.get((case_id, reason))
    if mine is not None and mine.resolved_at is None:
        return mine
    existing = session.scalar(
        select(QueueEntry).where(QueueEntry.case_id == case_id, QueueEntry.reason == reason,
                                 QueueEntry.resolved_at.is_(None))
    )
    if existing is not None:
        return existing
    entry = QueueEntry(case_id=case_id, reason=reason, priority=PRIORITY[reason], since=at,
                       detail=detail or {})
    session.add(entry)
    pending[(case_id, reason)] = entry
    return entry


def resolve_entries(session: Session, case_id: int, reasons: Iterable[str] | None = None, *,
                    at: dt.datetime, by: str = "system") -> int:
    """Resolve the open entries of a case (all, or those with the given reasons); returns how many."""
    wanted = None if reasons is None else set(reasons)
    q = select(QueueEntry).where(QueueEntry.case_id == case_id, QueueEntry.resolved_at.is_(None))
    if wanted is not None:
        q = q.where(QueueEntry.reason.in_(list(wanted)))
    found = {e.id: e for e in session.scalars(q)}
    for (cid, reason), entry in _pending(session).items():
        if cid == case_id and entry.resolved_at is None and (wanted is None or reason in wanted):
            found[id(entry) if entry.id is None else entry.id] = entry
    n = 0
    for entry in found.values():
        entry.resolved_at = at
        entry.resolved_by = by
        n += 1
    return n


@dataclass(frozen=True)
class QueueRow:
    """One queue entry as operators see it: why, since when, whose, and what the case says."""

    id: int
    case_id: int
    reason: str
    priority: int
    since: dt.datetime
    accounts: tuple[str, ...]
    text: str
    detail: dict[str, Any]
    resolved_at: dt.datetime | None = None
    resolved_by: str | None = None


def _short(text: str, n: int = 40) -> str:
    flat = " ".join(text.split())
    return flat if len(flat) <= n else flat[: n - 1] + "…"


def list_entries(session: Session, *, include_resolved: bool = False,
                 limit: int | None = None) -> list[QueueRow]:
    """Queue entries, most urgent first: priority, then the oldest ``since``.

    Accounts are the case's active handlers, lead first; the text is the start of the appeal.
    """
    q = (select(QueueEntry, Case).join(Case, Case.id == QueueEntry.case_id)
         .order_by(QueueEntry.resolved_at.is_not(None), QueueEntry.priority, QueueEntry.since,
                   QueueEntry.id))
    if not include_resolved:
        q = q.where(QueueEntry.resolved_at.is_(None))
    if limit:
        q = q.limit(limit)
    rows = []
    for entry, case in session.execute(q):
        active = [a for a in case.assignments if a.active]
        accounts = tuple([a.account_id for a in active if a.role == "lead"]
                         + [a.account_id for a in active if a.role != "lead"])
        rows.append(QueueRow(entry.id, case.id, entry.reason, entry.priority, entry.since, accounts,
                             _short(case.text), dict(entry.detail or {}), entry.resolved_at,
                             entry.resolved_by))
    return rows
