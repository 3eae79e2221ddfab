"""The sweep: every minute, move cases whose windows are ending up the escalation ladder.

Cost: the sweep asks only for cases whose due time lies within a *horizon* of now (see
:func:`cutoffs`), through the ``(status, due)`` indexes ``ix_cases_open_first_due`` and
``ix_cases_open_closure_due``, so its work grows with the cases that are due soon or overdue, not
with every open case. Breached cases leave the candidate set once they reached the top of the
ladder (督办); a first response breached and already alerted leaves it until its 督办 is due, and
(without business hours) one not yet at risk, or at risk and alerted, until its next moment comes.
Candidates are handled in chunks with a few queries each (clocks, steps recorded, queue), not a
few queries per case.

Idempotent: each candidate is re-derived from its timeline (:meth:`SlaEngine.refresh`) and
escalated (:func:`monitor.handling.escalation.escalate`), which records each step once.
"""

from __future__ import annotations

import datetime as dt
from collections import Counter
from dataclasses import dataclass, field
from typing import Any

from sqlalchemy import and_, bindparam, not_, or_, select
from sqlalchemy.orm import Session

from monitor.core.config import Config
from monitor.handling.escalation import Ladder, Step, escalate, recorded_many, summarise_late
from monitor.handling.queue import settle
from monitor.sla.engine import SlaEngine
from monitor.stats.sqlfn import seconds_between
from monitor.store.models import Case, CaseAlert

FIRST_RESPONSE_STATUSES = ("open", "pending_info")
CLOSURE_STATUSES = ("open", "replied")


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


def cutoffs(engine: SlaEngine, now: dt.datetime) -> tuple[dt.datetime, dt.datetime]:
    """The latest first-response and closure due times that can already be at risk at ``now``.

    A window turns at risk when less than ``1 - at_risk_share`` of its grant remains, so a due
    time further away than that share of the *longest* grant (measured in working time, on the
    same clock) cannot be at risk yet. Extensions enlarge a grant: an extended case is flagged at
    risk once it comes within this horizon, which may be somewhat later than its own share.
    """
    p, rules = engine.policy, engine.rules
    rest = 1.0 - p.escalation.at_risk_share
    fr = p.first_response
    first = now + dt.timedelta(hours=rest * max(fr.workday_hours, fr.restday_hours))
    if rules.work_clock.hours:
        first = max(first, rules.work_clock.advance(now, rest * fr.workday_hours * 3600))
    n = max([p.closure.default_workdays, *p.closure.workdays.values()])
    start, end = rules.work_clock.hours or (dt.timedelta(0), dt.timedelta(days=1))
    grant = (n + 1) * (end - start).total_seconds()  # the receipt day's remainder + n workdays
    return first, rules.work_clock.advance(now, rest * grant)


def candidate_ids(session: Session, engine: SlaEngine, now: dt.datetime) -> list[int]:
    """Ids of open cases whose first-response or closure due time falls within the horizon, and
    of open cases whose clocks were never computed."""
    first_cut, closure_cut = cutoffs(engine, now)
    done_first = and_(Case.first_response_state == "breached", Case.supervised_at.is_not(None))
    done_closure = and_(Case.closure_state == "breached", Case.supervised_at.is_not(None))
    # a first response breached and alerted waits for its 督办 (supervise_after_hours later) with
    # nothing to do: leave it out until then, or every unanswered case of the last day would be
    # re-derived every minute (a first-response deadline never moves, so one ledger row per case
    # says the breach was alerted)
    wait = dt.timedelta(hours=engine.policy.escalation.supervise_after_hours)

    def alerted(level: str) -> Any:
        return select(CaseAlert.id).where(CaseAlert.case_id == Case.id,
                                          CaseAlert.reason == "first_response",
                                          CaseAlert.level == level).exists()

    state = Case.first_response_state
    waiting = [and_(state == "breached", Case.first_response_due > now - wait, alerted("breached"))]
    if not engine.rules.work_clock.hours:
        # without business hours a first-response window is wall time from receipt to due, so
        # the moment it turns at risk is known in SQL: an "ok" case before that moment, and an
        # "at_risk" case already alerted before its due, have nothing to do either
        at = bindparam("sweep_now", now, type_=Case.first_response_due.type)
        rest = 1.0 - engine.policy.escalation.at_risk_share
        waiting += [
            and_(state == "ok", seconds_between(Case.first_response_due, at)
                 > rest * seconds_between(Case.first_response_due, Case.received_at)),
            and_(state == "at_risk", Case.first_response_due > now, alerted("at_risk")),
        ]
    first = select(Case.id).where(
        Case.status.in_(FIRST_RESPONSE_STATUSES),
        Case.first_response_due <= first_cut,
        Case.first_response_at.is_(None),
        or_(state.is_(None), not_(done_first)),
        # (a NULL state must not turn NOT(...) into NULL)
        or_(state.is_(None), not_(or_(*waiting))),
    )
    closure = select(Case.id).where(
        Case.status.in_(CLOSURE_STATUSES),
        Case.closure_due <= closure_cut,
        or_(Case.closure_state.is_(None), not_(done_closure)),
    )
    # cases whose clocks were never computed (created by a writer that did not refresh)
    uncached = select(Case.id).where(Case.status == "open", Case.first_response_due.is_(None))
    return sorted(set(session.scalars(first)) | set(session.scalars(closure))
                  | set(session.scalars(uncached)))


def candidates(session: Session, engine: SlaEngine, now: dt.datetime) -> list[Case]:
    """The candidate cases themselves (see :func:`candidate_ids`)."""
    ids = candidate_ids(session, engine, now)
    if not ids:
        return []
    return list(session.scalars(select(Case).where(Case.id.in_(ids)).order_by(Case.id)))


CHUNK = 500
"""Candidates loaded, refreshed and escalated together. Memory: a sweep holds one chunk of cases
(and their events) at a time, whatever the number due, so the daemon's peak does not climb
with the backlog of overdue cases each minute."""


def sweep(session: Session, engine: SlaEngine, *, now: dt.datetime, config: Config) -> SweepReport:
    """Refresh and escalate every candidate case; the caller commits.

    Chunk by chunk (:data:`CHUNK`): the clocks of a chunk are refreshed with two queries
    (:meth:`SlaEngine.refresh_many`), then each case climbs its ladder, the chunk's queue is
    settled, written, and its objects leave the session.
    """
    ladder = Ladder(config.matrix, engine.policy.escalation)
    report = SweepReport(now=now)
    ids = candidate_ids(session, engine, now)
    for i in range(0, len(ids), CHUNK):
        cases = list(session.scalars(select(Case).where(Case.id.in_(ids[i:i + CHUNK]))
                                     .order_by(Case.id)))
        states = engine.refresh_many(session, cases, now=now)
        done = recorded_many(session, [c.id for c in cases])
        for case in cases:
            report.steps.extend(escalate(session, case, states[case.id], now=now, ladder=ladder,
                                         done=done[case.id]))
            report.checked += 1
        settle(session, cases, now=now)
        if len(ids) > CHUNK:
            session.flush()
            session.expunge_all()  # written: nothing of this chunk is needed again
    summarise_late(session, report.steps, matrix=config.matrix, now=now)
    return report
