"""Read models the console and ``/api/queue`` need beyond :mod:`monitor.web.views`.

``queue_rows`` mirrors ``wenzheng queue --json`` field for field, so a script can switch between
the CLI and the API without noticing.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from monitor.sla.calendar import WorkCalendar
from monitor.handling.queue import list_entries
from monitor.store.models import Account
from monitor.core.timeutil import to_local
from monitor.web.views import Narrow


def queue_rows(session: Session, *, include_resolved: bool = False, limit: int | None = None,
               offset: int = 0, narrow: Narrow | None = None) -> list[dict[str, Any]]:
    """The escalation queue, most urgent first (priority, then oldest), as the CLI prints it."""
    names = dict(session.execute(select(Account.id, Account.name)).all())
    return [r.as_json(names)
            for r in list_entries(session, include_resolved=include_resolved, limit=limit,
                                  offset=offset, narrow=narrow)]


def active_accounts(session: Session) -> list[dict[str, str]]:
    """Member accounts an operator may pick in a form (id and display name)."""
    rows = session.execute(select(Account.id, Account.name, Account.kind)
                           .where(Account.active.is_(True)).order_by(Account.id)).all()
    return [{"id": i, "name": n, "kind": k} for i, n, k in rows]


def calendar_gaps(calendar: WorkCalendar, *, now: dt.datetime | None = None) -> list[int]:
    """Years (this one and next) the working calendar does not cover: deadlines there are guesses."""
    today = to_local(now or dt.datetime.now(dt.UTC)).date()
    return calendar.uncovered_years(today=today)
