"""The sweep: every minute, move cases whose windows are ending up the escalation ladder.

Cost: each case stores when the sweep next has work for it (``cases.next_check_at``, see
:mod:`monitor.sla.attention`: the at-risk instant, the breach, the 督办, or "now" for a rung that
may be pending), written with its clocks by every writer. The sweep selects
``next_check_at <= now`` through the partial index ``ix_cases_next_check``, so its work follows
the cases *due* this minute, never the number of open cases. Having handled a case, it stores
the case's next moment knowing which rungs are recorded. Candidates are handled in chunks of
:data:`CHUNK` with about fourteen statements each whatever their number (clocks, steps recorded,
queue, the rungs claimed, notifications, events, updates), none per case: measured by
``bench/sweep.py``, a sweep with nothing due is one statement and well under a millisecond at
100,000 open cases, and each case due costs about 0.7–0.9 ms of this process's CPU (the ORM's
objects and the clocks' derivation).

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
from monitor.handling.escalation import (Ladder, Step, wanted_rungs, claim_rungs, escalate, recorded_many,
                                         summarise_late)
from monitor.handling.queue import forget, preload_open, settle
from monitor.notify import outbox
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
        # the chunk's rungs claimed in one statement, its notifications written in one (in the
        # order of their keys), its events, queue entries and case updates flushed together:
        # a few statements a chunk, none a case
        wanted = {c.id: wanted_rungs(c, states[c.id], now=now, ladder=ladder, done=done[c.id])
                  for c in cases}
        claimed = claim_rungs(session, wanted, now=now)
        deferring = outbox.DEFERRED not in session.info  # else the caller writes them, with its own
        if deferring:
            outbox.defer(session)
        try:
            with session.no_autoflush:
                for case in cases:
                    state, recorded = states[case.id], done[case.id]
                    steps = escalate(session, case, now=now, ladder=ladder, rungs=wanted[case.id],
                                     claimed=claimed)
                    for step in steps:
                        due = state.due(step.clock)
                        if due is not None:
                            recorded.add(rung(step.clock, step.level, due))
                    # knowing the rungs now recorded: the case's next moment, not "at once"
                    case.next_check_at = engine.next_check(case, state, done=recorded)
                    report.steps.extend(steps)
                    report.checked += 1
            if deferring:
                outbox.write_deferred(session)
        finally:
            if deferring:  # a failed chunk leaves no rows behind for the session's next use
                session.info.pop(outbox.DEFERRED, None)
        settle(session, cases, now=now)
        if len(ids) > CHUNK:
            session.flush()
            session.expunge_all()  # written: nothing of this chunk is needed again
            forget(session)
    summarise_late(session, report.steps, matrix=config.matrix, now=now)
    return report
