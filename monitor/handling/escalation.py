"""The escalation ladder: at risk → remind; breached → supervisors + queue; still breached → 督办.

Why a ladder and not one alarm: the county bulletin (seed 001) names departments for "超期未受理"
and "受理未按时回复" *after the fact*; the point of wenzheng is to act before that. The handling
account is reminded while there is still time (at risk), its supervisors learn of a breach at once
and an operator sees it in the queue, and a breach that lingers becomes hub supervision (督办), the
lever @问政银川 actually uses ("跟进督办").

Each step is a ``CaseEvent`` of kind ``escalated`` (data ``level``, ``clock``, ``due``) recorded
once per (clock, level, due): running the sweep twice records nothing new, while a new deadline
(extension, reopening) earns its own reminders. Notifications go through :mod:`monitor.notify.outbox` in
the same transaction, with a dedupe key built from the same triple.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass

import structlog
from sqlalchemy import select
from sqlalchemy.orm import Session

from monitor.core.config import Matrix
from monitor.handling.queue import open_entry
from monitor.sla.policy import Escalation
from monitor.sla.state import SlaState
from monitor.store.models import Case, CaseEvent
from monitor.core.timeutil import iso_local, show

CLOCKS = ("first_response", "closure")
CLOCK_NAMES = {"first_response": "首次响应", "closure": "办结"}
log = structlog.get_logger(__name__)
QUEUE_REASON = {"first_response": "first_response_breached", "closure": "closure_breached"}


@dataclass(frozen=True)
class Step:
    """One rung climbed for one case: what was recorded and who was told."""

    case_id: int
    clock: str  # first_response | closure | "" for supervision
    level: str  # at_risk | breached | supervision
    accounts: tuple[str, ...]
    notifications: int = 0


@dataclass
class Ladder:
    """What the escalation needs to know besides the case: the matrix and the policy's ladder."""

    matrix: Matrix
    policy: Escalation


def responsible_accounts(case: Case) -> list[str]:
    """Active handlers, lead first then co-handlers (联合办理), in assignment order."""
    active = [a for a in case.assignments if a.active]
    return [a.account_id for a in active if a.role == "lead"] + [
        a.account_id for a in active if a.role != "lead"
    ]


def supervisors(matrix: Matrix, accounts: Sequence[str]) -> list[str]:
    """Union of ``matrix.supervisors_of`` over ``accounts``; the hub when nobody else is above."""
    out: list[str] = []
    for acc in accounts:
        if acc not in matrix.by_id:
            continue  # an account that left the matrix keeps its history but has no supervisors
        for sup in matrix.supervisors_of(acc):
            if sup not in out:
                out.append(sup)
    return out or [matrix.hub.id]


def _notify(session: Session, *, kind: str, case: Case, accounts: Sequence[str], subject: str,
            body: str, urgent: bool, dedupe: str, now: dt.datetime) -> int:
    try:
        from monitor.notify import outbox
    except ModuleNotFoundError:  # no outbox in this build: the escalated event still names them
        log.warning("escalate.no_outbox", case_id=case.id, kind=kind)
        return 0
    return outbox.enqueue(session, kind=kind, case_id=case.id, account_ids=list(accounts),
                          subject=subject, body=body, urgent=urgent, dedupe=dedupe, now=now)


def _excerpt(case: Case, n: int = 60) -> str:
    text = " ".join(case.text.split())
    return text if len(text) <= n else text[: n - 1] + "…"


def _recorded(session: Session, case_id: int) -> set[tuple[str, str, str]]:
    # select by case only and filter the kind here: with both in the WHERE clause SQLite picks the
    # (kind, at) index and walks every escalation ever recorded, once per case per sweep
    rows = session.execute(select(CaseEvent.kind, CaseEvent.data).where(CaseEvent.case_id == case_id))
    return {(str(d.get("clock", "")), str(d.get("level", "")), str(d.get("due", "")))
            for kind, d in rows if kind == "escalated"}


def escalate(session: Session, case: Case, state: SlaState, *, now: dt.datetime,
             ladder: Ladder) -> list[Step]:
    """Climb whatever rungs ``state`` calls for that were not climbed yet; return the new steps."""
    done = _recorded(session, case.id)
    handlers = responsible_accounts(case)
    hub = ladder.matrix.hub.id
    steps: list[Step] = []

    def record(clock: str, level: str, due: dt.datetime, accounts: list[str], *, kind: str,
               subject: str, urgent: bool) -> None:
        due_iso = due.astimezone(dt.UTC).isoformat()
        data = {"level": level, "clock": clock, "due": due_iso, "accounts": accounts}
        session.add(CaseEvent(case_id=case.id, kind="escalated", at=now, actor="system", data=data))
        body = (f"案件#{case.id}（{case.channel}）：{_excerpt(case)}\n"
                f"承办：{', '.join(handlers) or '未分派'}；期限：{show(due)}")
        n = _notify(session, kind=kind, case=case, accounts=accounts, subject=subject, body=body,
                    urgent=urgent, dedupe=f"sla:{case.id}:{clock}:{level}:{due_iso}", now=now)
        steps.append(Step(case.id, clock, level, tuple(accounts), n))

    for clock in CLOCKS:
        cs, due = state.clock_state(clock), state.due(clock)
        if due is None:
            continue
        key = due.astimezone(dt.UTC).isoformat()
        name = CLOCK_NAMES[clock]
        if cs == "at_risk" and (clock, "at_risk", key) not in done:
            record(clock, "at_risk", due, handlers or [hub], kind="at_risk", urgent=False,
                   subject=f"【即将超时】案件#{case.id} {name}期限 {show(due)}")
        if cs == "breached" and (clock, "breached", key) not in done:
            sups = supervisors(ladder.matrix, handlers)
            record(clock, "breached", due, sups, kind="breached", urgent=True,
                   subject=f"【已超时】案件#{case.id} {name}已于 {show(due)} 超时")
            open_entry(session, case.id, QUEUE_REASON[clock], at=now,
                       detail={"clock": clock, "due": iso_local(due), "accounts": handlers})

    if case.supervised_at is None:
        wait = dt.timedelta(hours=ladder.policy.supervise_after_hours)
        for clock in CLOCKS:
            due = state.due(clock)
            if state.clock_state(clock) == "breached" and due is not None and now >= due + wait:
                accounts = [hub] + [a for a in handlers + supervisors(ladder.matrix, handlers)
                                    if a != hub]
                accounts = list(dict.fromkeys(accounts))
                case.supervised_at = now
                session.add(CaseEvent(case_id=case.id, kind="supervised", at=now, actor="system",
                                      data={"clock": clock, "due": iso_local(due)}))
                record(clock, "supervision", due, accounts, kind="supervision", urgent=True,
                       subject=f"【督办】案件#{case.id} {CLOCK_NAMES[clock]}超时未办理")
                open_entry(session, case.id, "supervision", at=now,
                           detail={"clock": clock, "due": iso_local(due), "accounts": handlers})
                break
    return steps

