"""The sweep: every minute, move cases whose windows are ending up the escalation ladder.

Cost: each case stores when the sweep next has work for it (``cases.next_check_at``, see
:mod:`monitor.sla.attention`: the at-risk instant, the breach, the 督办, or "now" for a rung that
may be pending), written with its clocks by every writer. The sweep selects
``next_check_at <= now`` through the partial index ``ix_cases_next_check``, so its work follows
the cases *due* this minute, never the number of open cases. Having handled a case, it stores
the case's next moment knowing which rungs are recorded. Candidates are handled in chunks with a
few queries each (clocks, steps recorded, queue), not a few queries per case.

Idempotent: each candidate is re-derived from its timeline (:meth:`SlaEngine.refresh_many`) and
escalated (:func:`monitor.handling.escalation.escalate`), which records each step once.
"""

from __future__ import annotations

import datetime as dt
from collections import Counter
from dataclasses import dataclass, field

from sqlalchemy import select
from sqlalchemy.orm import Session

from monitor.core.config import Config
from monitor.handling.escalation import Ladder, Step, escalate, recorded_many, summarise_late
from monitor.handling.queue import forget, preload_open, settle
from monitor.sla.attention import rung
from monitor.sla.engine import SlaEngine
from monitor.store.models import Case


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


def candidate_ids(session: Session, now: dt.datetime) -> list[int]:
    """Ids of the cases whose next moment has come (``next_check_at <= now``), by id."""
    return sorted(session.scalars(select(Case.id).where(Case.next_check_at <= now)))


def candidates(session: Session, now: dt.datetime) -> list[Case]:
    """The candidate cases themselves (see :func:`candidate_ids`)."""
    ids = candidate_ids(session, now)
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
    ids = candidate_ids(session, now)
    for i in range(0, len(ids), CHUNK):
        cases = list(session.scalars(select(Case).where(Case.id.in_(ids[i:i + CHUNK]))
                                     .order_by(Case.id)))
        states = engine.refresh_many(session, cases, now=now)
        done = recorded_many(session, [c.id for c in cases])
        preload_open(session, [c.id for c in cases])  # open_entry need not select per case
        # the rungs' claims and notifications are single statements of their own; the events,
        # queue entries and case updates they leave are flushed together, once per chunk
        with session.no_autoflush:
            for case in cases:
                state, recorded = states[case.id], done[case.id]
                steps = escalate(session, case, state, now=now, ladder=ladder, done=recorded)
                for step in steps:
                    due = state.due(step.clock)
                    if due is not None:
                        recorded.add(rung(step.clock, step.level, due))
                # knowing the rungs now recorded: the case's next moment, not "at once"
                case.next_check_at = engine.next_check(case, state, done=recorded)
                report.steps.extend(steps)
                report.checked += 1
        settle(session, cases, now=now)
        if len(ids) > CHUNK:
            session.flush()
            session.expunge_all()  # written: nothing of this chunk is needed again
            forget(session)
    summarise_late(session, report.steps, matrix=config.matrix, now=now)
    return report
