"""The sweep: every minute, move cases whose windows are ending up the escalation ladder.

Cost: each case stores when the sweep next has work for it (``cases.next_check_at``, see
:mod:`monitor.sla.attention`: the at-risk instant, the breach, the 督办, or "now" for a rung that
may be pending), written with its clocks by every writer. The sweep selects
``next_check_at <= now`` through the partial index ``ix_cases_next_check``, so its work follows
the cases *due* this minute, never the number of open cases. Having handled a case, it stores
the case's next moment knowing which rungs are recorded. Candidates are handled in chunks of
:data:`CHUNK` with about fourteen statements each whatever their number (clocks, steps recorded,
queue, the rungs claimed, notifications, events, updates), none per case: measured by
``bench/sweep.py``, a sweep with nothing due is two statements (the candidates, the summaries
owed) and well under a millisecond at 100,000 open cases, and each case due costs about
0.7–0.9 ms of this process's CPU (the ORM's objects and the clocks' derivation).

**A transaction per chunk** (:func:`sweep_in_chunks`, what the daemon runs): a large backlog (the
midnight sweep, when every closure due that day breaches at once; a daemon back after hours
away) is thousands of cases, 20–40 s of work. In one transaction that held SQLite's one write
lock past its 10 s ``busy_timeout``, and an ingest batch waiting behind it failed. Each chunk
commits its own rungs, events, notifications, queue entries and next moments, so no
transaction lasts longer than one chunk (:data:`CHUNK_COMMITTED` cases, well under a second),
and the ingest's batches and the other daemons' writes go in between.

Killed between or inside chunks (kill -9, a power cut), a sweep loses nothing and repeats
nothing: a chunk is all or nothing; a committed chunk's cases hold their next moment, so the
next sweep does not look at them again, while an uncommitted chunk's cases still hold the
moment that made them due, so the next sweep (this daemon's or another's) takes them up. Every
rung is claimed in the ``case_alerts`` ledger in the transaction that records it and writes its
notification, so a rung is sent once however the chunks interleave with another sweep. The one
thing a sweep writes once for all its chunks, the summary of late rungs (backfill), is owed in
the database by the chunk that records them and written by whichever sweep next finishes
(:func:`monitor.handling.escalation.summarise_owed`).

Idempotent: each candidate is re-derived from its timeline (:meth:`SlaEngine.refresh_many`) and
escalated (:func:`monitor.handling.escalation.escalate`), which records each step once.
"""

from __future__ import annotations

import datetime as dt
from collections import Counter
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field

from sqlalchemy import select
from sqlalchemy.orm import Session, sessionmaker

from monitor.core.config import Config
from monitor.handling.escalation import (Ladder, Step, wanted_rungs, claim_rungs, escalate, owe_summary,
                                         recorded_many, summarise_owed)
from monitor.handling.queue import forget, preload_open, settle
from monitor.notify import outbox
from monitor.sla.attention import rung
from monitor.sla.engine import SlaEngine
from monitor.store.models import Case


@dataclass
class SweepReport:
    """What one sweep did: cases looked at, the steps newly recorded, the transactions committed
    (:func:`sweep_in_chunks`) and whether it stopped before the end (``keep_going``)."""

    now: dt.datetime
    checked: int = 0
    steps: list[Step] = field(default_factory=list)
    commits: int = 0
    stopped: bool = False

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

CHUNK_COMMITTED = 100
"""Candidates a transaction of :func:`sweep_in_chunks` handles. Fewer than :data:`CHUNK`: a
chunk holds SQLite's write lock from its claim to its commit, and a case of the midnight sweep
costs about 1.2 ms of CPU (breach and 督办 recorded, told, queued), so 100 keep a transaction near
a tenth of a second of CPU, and under a second of wall time on a machine loaded several times
over (``bench/sweep.py``); the statements a chunk costs whatever its size (about fourteen) stay
a small share of its time."""


def sweep_chunk(session: Session, engine: SlaEngine, ids: Sequence[int], *, now: dt.datetime,
                ladder: Ladder, report: SweepReport) -> None:
    """Refresh and escalate the cases ``ids`` in ``session``'s transaction (one chunk).

    The chunk's clocks are refreshed with two queries (:meth:`SlaEngine.refresh_many`), its rungs
    claimed in one statement, its notifications written in one (in the order of their keys), its
    events, queue entries and case updates flushed together: a few statements a chunk, none a
    case. Late rungs (backfill) leave a summary owed in the same transaction.
    """
    cases = list(session.scalars(select(Case).where(Case.id.in_(list(ids))).order_by(Case.id)))
    # reads first, then the claim: the clocks just derived are flushed with the chunk's other
    # writes, after it, so the chunk's first write (on SQLite, its hold of the one write lock)
    # comes as late as it can
    with session.no_autoflush:
        states = engine.refresh_many(session, cases, now=now)
        done = recorded_many(session, [c.id for c in cases])
        preload_open(session, [c.id for c in cases])  # open_entry need not select per case
        wanted = {c.id: wanted_rungs(c, states[c.id], now=now, ladder=ladder, done=done[c.id])
                  for c in cases}
        claimed = claim_rungs(session, wanted, now=now)
    deferring = outbox.DEFERRED not in session.info  # else the caller writes them, with its own
    if deferring:
        outbox.defer(session)
    late = False
    try:
        with session.no_autoflush:
            for case in cases:
                state, recorded = states[case.id], done[case.id]
                steps = escalate(session, case, now=now, ladder=ladder, rungs=wanted[case.id],
                                 claimed=claimed)
                for step in steps:
                    late = late or step.late
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
    if late:  # summarised once for the whole sweep, by whichever sweep finishes next
        owe_summary(session, now)
    settle(session, cases, now=now)


def sweep(session: Session, engine: SlaEngine, *, now: dt.datetime, config: Config) -> SweepReport:
    """Refresh and escalate every candidate case in one transaction; the caller commits.

    For a sweep by hand, a test, or a caller that must see it all at once. The daemon runs
    :func:`sweep_in_chunks`. Chunk by chunk (:data:`CHUNK`) all the same: each chunk's objects
    leave the session once written, so memory does not grow with the cases due.
    """
    ladder = Ladder(config.matrix, engine.policy.escalation)
    report = SweepReport(now=now)
    ids = candidate_ids(session, now)
    for i in range(0, len(ids), CHUNK):
        sweep_chunk(session, engine, ids[i:i + CHUNK], now=now, ladder=ladder, report=report)
        if len(ids) > CHUNK:
            session.flush()
            session.expunge_all()  # written: nothing of this chunk is needed again
            forget(session)
    summarise_owed(session, matrix=config.matrix, now=now)
    return report


def sweep_in_chunks(sessions: sessionmaker[Session], engine: SlaEngine, *, now: dt.datetime,
                    config: Config, chunk: int = CHUNK_COMMITTED,
                    keep_going: Callable[[], bool] | None = None) -> SweepReport:
    """Refresh and escalate every candidate case, committing each chunk of ``chunk`` cases.

    What the daemon runs: no transaction lasts longer than one chunk (see the module's
    docstring), and a sweep cut short anywhere is taken up by the next one. ``keep_going`` is
    asked before each chunk (the daemon: "do I still hold the sweep's lease, and am I not
    stopping?"); when it says no, the sweep stops there and says so (``report.stopped``), the
    cases not reached left to the next sweep. Summaries owed (this sweep's, and any an
    interrupted sweep left) are written with the last chunk, or in a short transaction of their
    own when there was no chunk or the sweep stopped.
    """
    ladder = Ladder(config.matrix, engine.policy.escalation)
    report = SweepReport(now=now)
    with sessions() as s:
        ids = candidate_ids(s, now)
    finished = False
    for i in range(0, len(ids), chunk):
        if keep_going is not None and not keep_going():
            report.stopped = True
            break
        last = i + chunk >= len(ids)
        with sessions.begin() as s:
            sweep_chunk(s, engine, ids[i:i + chunk], now=now, ladder=ladder, report=report)
            if last:  # the summaries owed with the last chunk: no transaction of their own
                summarise_owed(s, matrix=config.matrix, now=now)
                finished = True
        report.commits += 1
    if not finished:
        with sessions.begin() as s:
            summarise_owed(s, matrix=config.matrix, now=now)
    return report
