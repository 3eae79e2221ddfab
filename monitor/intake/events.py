"""The timeline events an ingest batch adds (reply, follow-up, comment) as plain rows.

Why not ``CaseEvent`` objects: a batch of 500 mentions adds a few hundred of them, and an ORM
object costs about four times a plain row (construction, attribute instrumentation, the unit of
work's bookkeeping at the flush, its registration as persistent, and the garbage collector
walking it until the batch ends: :mod:`monitor.store.ids`, ``add_row``). Nothing in the batch
needs more of an event than its values and its id, so each is a row given to
:func:`~monitor.store.ids.add_row` (written with the batch's other rows, numbered in the order
they were added, one ``executemany`` or ``COPY`` a table) and the stages see a :class:`NewEvent`
over it.

What stays the same, and how:

* **Ids before the stages**: :func:`write_events` writes the rows (the flush numbers them with
  the objects pending beside them) before any stage sees one; the reply lint names a reply's id
  in the violations it records.
* **A stage's change is stored**: a stage that marks an event (a chaser, a 同问) replaces its
  ``data``; :func:`save_changes` writes the replaced ones in one statement, before the batch's
  clocks and queue read the timeline back (where the ORM's next flush wrote them before).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from sqlalchemy.orm import Session

from monitor.store.bulk import update_rows
from monitor.store.ids import add_row, write_rows
from monitor.store.models import CaseEvent

_EVENTS = CaseEvent.__table__
_DEFAULT_ACTOR: str = _EVENTS.c.actor.default.arg  # the model's one default ("system")


@dataclass(eq=False, slots=True)
class NewEvent:
    """An event the batch added, as the stages read it (the attributes of a ``CaseEvent``).

    ``data`` may be replaced (never changed in place): :func:`save_changes` stores it."""

    case_id: int
    kind: str
    at: dt.datetime
    actor: str | None
    account_id: str | None
    mention_id: int | None
    data: dict[str, Any]
    row: dict[str, Any]
    """The row as given to ``add_row``: its ``id`` is set when the session writes it."""

    @property
    def id(self) -> int:
        return int(self.row["id"])


def add_event(session: Session, case_id: int, kind: str, at: dt.datetime, *, actor: str | None,
              account_id: str | None, mention_id: int | None, data: dict[str, Any]) -> NewEvent:
    """Keep a new event's row for the session's next write; the event the stages will see."""
    # (an actor of None is stored as the column's default, as the ORM stores an attribute of None)
    row = {"case_id": case_id, "kind": kind, "at": at, "actor": _DEFAULT_ACTOR if actor is None else actor,
           "account_id": account_id,
           "mention_id": mention_id, "data": data}
    add_row(session, _EVENTS, row)
    return NewEvent(case_id, kind, at, actor, account_id, mention_id, data, row)


def write_events(session: Session) -> None:
    """Write everything pending, the kept rows included, so every new event has its id.

    A flush writes the kept rows with the objects pending beside them; a flush with no ORM work
    does nothing, not even its hooks, so the rows are then written on their own."""
    session.flush()
    write_rows(session)


def save_changes(session: Session, events: Sequence[NewEvent]) -> None:
    """Store the ``data`` the stages replaced (one ``UPDATE`` for all of the batch's events)."""
    changed = [{"b_id": e.id, "b_data": e.data} for e in events if e.data is not e.row["data"]]
    if not changed:
        return
    changed.sort(key=lambda r: r["b_id"])  # primary-key order, as every writer of the table
    update_rows(session.connection(), _EVENTS, {"b_id": _EVENTS.c.id.type, "b_data": _EVENTS.c.data.type}, changed,
                lambda src: _EVENTS.c.id == src("b_id"), lambda src: {_EVENTS.c.data: src("b_data")})
    for e in events:
        e.row["data"] = e.data
