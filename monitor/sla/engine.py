"""The SLA engine: policy + calendar, and the one place that writes the clock cache on ``cases``.

Every writer of the timeline (ingest recording a reply, an operator action, the sweep) calls
:meth:`SlaEngine.refresh` afterwards, so the cached columns never disagree with the events.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Collection, Sequence
from dataclasses import dataclass
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from monitor.sla.attention import Rung, next_check
from monitor.sla.calendar import WorkCalendar
from monitor.core.config import Config
from monitor.sla.deadlines import DeadlineRules
from monitor.sla.policy import SlaPolicy, load_policy
from monitor.sla.state import CLOCK_EVENTS, SlaState, derive
from monitor.store.models import Case, CaseEvent

SETTLING_EVENTS = ("reply", "reply_violation")
"""What the queue's settling reads of a timeline (:func:`monitor.handling.queue.settle`): given with
the clocks' events by :meth:`SlaEngine.refresh_many`'s ``timelines``, or read by settling itself."""

_CLOCK_COLUMNS = ("status", "first_response_due", "first_response_at", "first_response_state",
                  "closure_due", "closure_state", "closed_at")
"""The case's columns :meth:`SlaEngine.write` copies from its :class:`SlaState` (same names)."""


@dataclass(frozen=True)
class Deadlines:
    """What ``wenzheng sla deadlines`` prints: the two due times for a case received at ``received``."""

    received: dt.datetime
    case_type: str | None
    day_kind: str
    first_response_due: dt.datetime
    closure_due: dt.datetime
    closure_workdays: int
    calendar_covered: bool


class SlaEngine:
    """Derives and caches SLA state. Cheap to build; build once per process."""

    def __init__(self, policy: SlaPolicy | None = None, calendar: WorkCalendar | None = None) -> None:
        self.policy = policy or SlaPolicy()
        self.calendar = calendar or WorkCalendar()
        self.rules = DeadlineRules(self.policy, self.calendar)
        self.wait = dt.timedelta(hours=self.policy.escalation.supervise_after_hours)
        """How long a breach may last before 督办 (the ladder's last rung)."""

    @classmethod
    def from_config(cls, config: Config) -> SlaEngine:
        return cls(load_policy(config.file("sla")), WorkCalendar.from_config(config))

    def deadlines(self, received: dt.datetime, case_type: str | None) -> Deadlines:
        received = received.astimezone(dt.UTC)
        return Deadlines(
            received=received,
            case_type=case_type,
            day_kind=self.rules.day_kind(received),
            first_response_due=self.rules.first_response(received).due,
            closure_due=self.rules.closure(received, case_type).due,
            closure_workdays=self.rules.closure_workdays(case_type),
            calendar_covered=self.calendar.covered(received),
        )

    def derive(self, case: Case, events: list[CaseEvent], *, now: dt.datetime) -> SlaState:
        return derive(case, events, self.rules, now)

    def events(self, session: Session, case_id: int) -> list[CaseEvent]:
        session.flush()  # events added in this transaction but not yet flushed must count
        return list(session.scalars(
            select(CaseEvent).where(CaseEvent.case_id == case_id).order_by(CaseEvent.at, CaseEvent.id)
        ))

    def refresh(self, session: Session, case: Case, *, now: dt.datetime) -> SlaState:
        """Recompute ``case``'s clocks from its stored timeline and write the cache columns.

        The queue is settled by the caller afterwards (:func:`monitor.handling.queue.settle`),
        which owns every queue reason's lifecycle.
        """
        return self.refresh_many(session, [case], now=now)[case.id]

    def refresh_many(self, session: Session, cases: Sequence[Case], *, now: dt.datetime,
                     timelines: dict[int, list[Any]] | None = None) -> dict[int, SlaState]:
        """:meth:`refresh` for many cases with two queries in all, not two per case.

        The ingest pipeline calls this once per batch for every case the batch touched.
        ``timelines``: filled with each case's replies and reply violations as read here (the
        rows :func:`monitor.handling.queue.settle` reads next: given them, it reads nothing).
        """
        session.flush()  # events added in this transaction but not yet flushed must count
        by_id = {c.id: c for c in cases}
        events: dict[int, list[Any]] = {cid: [] for cid in by_id}
        kinds = CLOCK_EVENTS
        if timelines is not None:
            timelines.update({cid: [] for cid in by_id})
            kinds = (*CLOCK_EVENTS, *SETTLING_EVENTS)
        ids = list(by_id)
        # only the events that move a clock, and only the columns derivation reads, as plain rows:
        # a batch touches hundreds of cases, and whole ORM events (JSON decoded, tracked in the
        # session) for every event of each was most of this refresh's cost
        for i in range(0, len(ids), 500):
            chunk = ids[i:i + 500]
            for e in session.execute(
                    select(CaseEvent.id, CaseEvent.case_id, CaseEvent.kind, CaseEvent.at, CaseEvent.data)
                    .where(CaseEvent.case_id.in_(chunk), CaseEvent.kind.in_(kinds))
                    .order_by(CaseEvent.case_id, CaseEvent.at, CaseEvent.id)):
                if timelines is not None and e.kind in SETTLING_EVENTS:
                    timelines[e.case_id].append(e)
                if e.kind in CLOCK_EVENTS:
                    events[e.case_id].append(e)
        states = {}
        for cid, case in by_id.items():
            state = states[cid] = self.derive(case, events[cid], now=now)
            self.write(case, state)
        return states

    def write(self, case: Case, state: SlaState) -> None:
        """The clock cache columns of ``case`` from ``state``, and when the sweep must look next.

        ``next_check_at`` (:mod:`monitor.sla.attention`): this writer does not know which rungs
        are recorded, so a changed clock gets the cautious moment (a rung that may be pending is
        due at once). An unchanged one keeps the moment already stored: the sweep set it knowing
        the rungs, and a batch that only touched the case (a comment) must not undo that.
        """
        unchanged = (case.next_check_at is not None
                     and case.first_response_state == state.first_response_state
                     and case.first_response_due == state.first_response_due
                     and case.closure_state == state.closure_state
                     and case.closure_due == state.closure_due)
        # only what changed is set: a column set to the value it holds still marks the case
        # changed, and every flush after walks it again to find nothing to write (a batch's
        # refresh covers every case it touched, most of them with the same clocks)
        for name in _CLOCK_COLUMNS:
            value = getattr(state, name)
            if getattr(case, name) != value:
                setattr(case, name, value)
        if not unchanged:
            case.next_check_at = self.next_check(case, state)

    def next_check(self, case: Case, state: SlaState,
                   done: Collection[Rung] | None = None) -> dt.datetime | None:
        """When the sweep next has work for ``case`` in ``state`` (``done``: the rungs recorded)."""
        return next_check(state, supervised=case.supervised_at is not None, wait=self.wait,
                          done=done)
