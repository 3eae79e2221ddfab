"""The sweep: every minute, move cases whose windows are ending up the escalation ladder.

Cost: the sweep asks only for cases whose due time lies within a *horizon* of now, through the
``(status, due)`` indexes ``ix_cases_open_first_due`` and ``ix_cases_open_closure_due``, so its
work grows with the cases that are due soon or overdue, not with every open case. The horizon is
the longest time before a due instant at which a window can turn at risk: the at-risk share of
the longest window plus the longest run of rest days (Spring Festival: 9 days) that can sit in it.

Idempotent: each candidate is re-derived from its timeline (:meth:`SlaEngine.refresh`) and
escalated (:func:`monitor.escalate.escalate`), which records each step once.
"""

from __future__ import annotations

import datetime as dt
from collections import Counter
from dataclasses import dataclass, field

from sqlalchemy import and_, not_, or_, select
from sqlalchemy.orm import Session

from monitor.config import Config
from monitor.escalate import Ladder, Step, escalate
from monitor.sla.engine import SlaEngine
from monitor.store.models import Case

FIRST_RESPONSE_STATUSES = ("open", "pending_info")
CLOSURE_STATUSES = ("open", "replied")
_LONGEST_REST_RUN = dt.timedelta(days=10)


@dataclass
class SweepReport:
    """What one sweep did: cases looked at and the steps newly recorded."""

    now: dt.datetime
    checked: int = 0
    steps: list[Step] = field(default_factory=list)

    @property
    def counts(self) -> dict[str, int]:
        """New steps by level: ``{"at_risk": 2, "breached": 1, "supervision": 0}``."""
        c = Counter(s.level for s in self.steps)
        return {level: c.get(level, 0) for level in ("at_risk", "breached", "supervision")}

    @property
    def changed(self) -> bool:
        return bool(self.steps)


def horizons(engine: SlaEngine) -> tuple[dt.timedelta, dt.timedelta]:
    """How far ahead of ``now`` a due time may lie for its window to be at risk already."""
    p = engine.policy
    rest = 1.0 - p.escalation.at_risk_share
    fr_hours = max(p.first_response.workday_hours, p.first_response.restday_hours)
    first = dt.timedelta(hours=rest * fr_hours)
    if p.business_hours.enabled:  # an office-hours window may span a night and a holiday
        first += _LONGEST_REST_RUN + dt.timedelta(days=1)
    n = max([p.closure.default_workdays, *p.closure.workdays.values()])
    closure = dt.timedelta(days=rest * (n + 1)) + _LONGEST_REST_RUN
    return first, closure


def candidates(session: Session, engine: SlaEngine, now: dt.datetime) -> list[Case]:
    """Open cases whose first-response or closure due time falls within the horizon."""
    h_first, h_closure = horizons(engine)
    done_first = and_(Case.first_response_state == "breached", Case.supervised_at.is_not(None))
    done_closure = and_(Case.closure_state == "breached", Case.supervised_at.is_not(None))
    first = select(Case.id).where(
        Case.status.in_(FIRST_RESPONSE_STATUSES),
        Case.first_response_due <= now + h_first,
        Case.first_response_at.is_(None),
        or_(Case.first_response_state.is_(None), not_(done_first)),
    )
    closure = select(Case.id).where(
        Case.status.in_(CLOSURE_STATUSES),
        Case.closure_due <= now + h_closure,
        or_(Case.closure_state.is_(None), not_(done_closure)),
    )
    ids = sorted(set(session.scalars(first)) | set(session.scalars(closure)))
    if not ids:
        return []
    return list(session.scalars(select(Case).where(Case.id.in_(ids)).order_by(Case.id)))


def sweep(session: Session, engine: SlaEngine, *, now: dt.datetime, config: Config) -> SweepReport:
    """Refresh and escalate every candidate case; the caller commits."""
    ladder = Ladder(config.matrix, engine.policy.escalation)
    report = SweepReport(now=now)
    for case in candidates(session, engine, now):
        state = engine.refresh(session, case, now=now)
        report.steps.extend(escalate(session, case, state, now=now, ladder=ladder))
        report.checked += 1
    session.flush()
    return report
