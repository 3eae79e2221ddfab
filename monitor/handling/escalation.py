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

**Backfill is not an alarm.** A case wenzheng learnt of only after a rung's moment had passed (a
backfill, an import, a platform that delivered late) gets the rung recorded, and its queue
entry, but no message of its own: the step is marked ``late`` and the sweep sends one summary
for all of them (:func:`summarise_late`). Twenty thousand old cases make one message, and a
fresh risk alert never waits behind them. The sweep commits chunk by chunk, so the summary is
owed in the database by each chunk that records late rungs and written once the sweep is done,
or by the next sweep if this one was killed (:func:`owe_summary`, :func:`summarise_owed`).

Texts name accounts and use Chinese labels (承办：兴庆区文化街街道), never ids or codes.

Exactly once, by the database: several daemons share one database, and two sweeps can meet
(a sweeper lease changing hands, ``wenzheng`` run by hand beside the daemon). Each step first
inserts its row in the ``case_alerts`` ledger, unique on (case, clock, level, due); only the
sweep whose insert created the row records the event, queues the case and writes the
notifications. The other's insert waits for that commit, finds the row and does nothing. The
sweep claims a chunk's rungs in one statement (:func:`claim_rungs`, rows in the order of their
keys, so two sweeps wait for each other one way round only) and climbs those it got.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from sqlalchemy import delete, func, select
from sqlalchemy.orm import Session

from monitor.classify.risk import describe, risk_label
from monitor.core.config import Matrix
from monitor.handling import triage
from monitor.handling.queue import open_entry
from monitor.sla.attention import rung
from monitor.sla.policy import Escalation
from monitor.sla.state import SlaState
from monitor.store.leases import claim_many
from monitor.store.models import Case, CaseAlert, CaseEvent, JobRun
from monitor.core.timeutil import iso_local, show

CLOCKS = ("first_response", "closure")
CLOCK_NAMES = {"first_response": "首次响应", "closure": "办结"}
LEVEL_NAMES = {"at_risk": "即将超时", "breached": "已超时", "supervision": "督办"}
PLATFORM_NAMES = {"weibo": "微博"}
BACKFILL_AGE = dt.timedelta(hours=24)  # a risk post older than this when it arrives is history
QUEUE_REASON = {"first_response": "first_response_breached", "closure": "closure_breached"}


@dataclass(frozen=True)
class Step:
    """One rung climbed for one case: what was recorded and who was told."""

    case_id: int
    clock: str  # first_response | closure | "" for supervision
    level: str  # at_risk | breached | supervision
    accounts: tuple[str, ...]
    notifications: int = 0
    late: bool = False  # the rung had passed before wenzheng knew the case: summarised, not sent


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


def risk_handlers(case: Case) -> list[str]:
    """Whom a risk alert on a stored case names as handling it: its active handlers, else its lead
    (a case whose assignments were closed still has the account that last led it)."""
    return responsible_accounts(case) or ([case.lead_account_id] if case.lead_account_id else [])


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


def names(matrix: Matrix, accounts: Sequence[str]) -> str:
    """Accounts by their names (兴庆区、银川城管), for texts people read."""
    return "、".join(matrix.by_id[a].name if a in matrix.by_id else a for a in accounts)


def risk_labels(risks: Sequence[Any]) -> list[str]:
    """Chinese labels of a case's risk flags, whatever shape a flag has (a dict or a code)."""
    return list(dict.fromkeys(risk_label(r) for r in risks))


def _notify(session: Session, *, kind: str, case: Case, accounts: Sequence[str], subject: str,
            body: str, urgent: bool, dedupe: str, now: dt.datetime) -> int:
    from monitor.notify import outbox

    return outbox.enqueue(session, kind=kind, case_id=case.id, account_ids=list(accounts),
                          subject=subject, body=body, urgent=urgent, dedupe=dedupe, now=now)


def _excerpt(case: Case, n: int = 60) -> str:
    text = " ".join(case.text.split())
    return text if len(text) <= n else text[: n - 1] + "…"


def _who(case: Case) -> str:
    platform = PLATFORM_NAMES.get(case.platform, "")
    return f"{platform}网友{case.citizen_name}" if case.citizen_name else f"{platform}网友"


def backfilled(case: Case, now: dt.datetime) -> bool:
    """Did the case reach wenzheng long after it was posted (a backfill or an import)?"""
    seen = case.created_at or now
    return seen - case.received_at > BACKFILL_AGE


def _risk_body(case: Case, matrix: Matrix, handlers: Sequence[str], text: str | None,
               author: str | None) -> str:
    said = (f"{author or _who(case)}：{' '.join(text.split())[:120]}\n原帖：{_excerpt(case, 60)}\n"
            if text is not None else f"{_who(case)}：{_excerpt(case, 120)}\n")
    return f"{said}承办：{names(matrix, handlers) or '未分派'}；受理时间：{show(case.received_at)}"


def risk_people(matrix: Matrix, handlers: Sequence[str]) -> list[str]:
    """Everyone a risk alert reaches: the handlers, their supervisors and the hub."""
    return list(dict.fromkeys([*handlers, *supervisors(matrix, handlers), matrix.hub.id]))


def alert_risk(session: Session, case: Case, *, risks: Sequence[Any], handlers: Sequence[str],
               matrix: Matrix, now: dt.datetime, text: str | None = None, author: str | None = None,
               where: str = "", at: dt.datetime | None = None, dedupe: str | None = None,
               possible_to: str = "hub") -> int:
    """The one place a risk alert is queued as a text raises it: at once, quiet hours or not.

    Risk (轻生, gas leak, threats…) cannot wait for a sweep, so the alert is urgent and the
    outbox delivers it before anything else. A post that was already a day old when it arrived
    (a backfill) is not an emergency call any more: its queue entry stands at the top of the
    queue, and :func:`summarise_backfilled_risk` counts it instead (returns 0).

    Who: handlers, their supervisors and the hub when any flag of the text or of the case is
    certain, or a person confirmed the case's risk (:mod:`monitor.handling.triage`); a case whose
    flags are all 疑似 alerts the hub only (``possible_to="hub"``, notify.toml ``[risk]``), as
    【疑似风险】…—请核实, until a person there confirms it (:func:`alert_confirmed_risk`).

    A later text on the case (a follow-up saying 活不下去了, a comment) alerts again with its own
    ``text``, ``where`` it was written (群众追问…), its time ``at`` and its own ``dedupe``. The
    subject names each kind in Chinese with the words that fired: 轻生（活不下去）.
    """
    if backfilled(case, now) or (at is not None and now - at > BACKFILL_AGE):
        return 0
    everyone = (possible_to == "all" or not triage.only_possible([*risks, *(case.risk or [])])
                or (text is not None and triage.confirmed(session, case.id)))
    labels = describe(risks) or "风险"
    body = _risk_body(case, matrix, handlers, text, author)
    origin = f"（{where}）" if where else ""
    if everyone:
        people, subject = risk_people(matrix, handlers), f"【风险预警】案件#{case.id}{origin}：{labels}"
    else:
        people, subject = [matrix.hub.id], f"【疑似风险】案件#{case.id}{origin}：{labels}—请核实"
        body += "\n疑似风险，仅通知枢纽：请核实后在案件页确认（通知承办单位及其上级）或排除（注明理由）。"
    return _notify(session, kind="risk", case=case, accounts=people, urgent=True, subject=subject,
                   body=body, dedupe=dedupe or f"risk:{case.id}", now=now)


def alert_confirmed_risk(session: Session, case: Case, *, handlers: Sequence[str], matrix: Matrix,
                         now: dt.datetime, who: str, note: str, dedupe: str) -> int:
    """A person confirmed a 疑似 risk: the full alert to handlers, supervisors and hub, at once.

    Sent whatever the case's age (a person has just said it is real, backfill or not); the
    subject drops 疑似 and says it was checked: 【风险预警】案件#12：轻生（活不下去）（已核实）.
    """
    body = _risk_body(case, matrix, handlers, None, None)
    body += f"\n核实：{who}，{show(now)}" + (f"；{note}" if note else "")
    subject = f"【风险预警】案件#{case.id}：{triage.describe_confirmed(case.risk or []) or '风险'}（已核实）"
    return _notify(session, kind="risk", case=case, accounts=risk_people(matrix, handlers),
                   urgent=True, subject=subject, body=body, dedupe=dedupe, now=now)


def _late(case: Case, level: str, due: dt.datetime, share: float, wait: dt.timedelta) -> bool:
    """Had this rung's moment passed already when wenzheng first saw the case?"""
    seen = case.created_at or case.received_at
    if level == "at_risk":
        return seen >= case.received_at + (due - case.received_at) * share
    if level == "supervision":
        return seen >= due + wait
    return seen >= due


def case_numbers(ids: Sequence[int], shown: int = 10) -> str:
    """The cases a summary counts, by the numbers the console shows (案件#12、#15…), the first
    ``shown`` of them: the hub can open them from the message, and two summaries of the same size
    from two batches or two sweeps read as the two messages they are, not as one sent twice."""
    listed = "、".join(f"#{i}" for i in ids[:shown])
    return f"案件：{listed}" + (f" 等 {len(ids)} 件" if len(ids) > shown else "")


def summarise_backfilled_risk(session: Session, case_ids: Sequence[int], *, matrix: Matrix,
                              now: dt.datetime) -> int:
    """One message to the hub for the backfilled cases with risk signals of one ingest batch."""
    if not case_ids:
        return 0
    from monitor.notify import outbox

    ids = sorted(case_ids)
    return outbox.enqueue(
        session, kind="backlog", case_id=None, account_ids=[matrix.hub.id],
        subject=f"【补录汇总】{len(ids)} 件补录的历史案件含风险信号",
        body=(f"补录或导入的 {len(ids)} 件案件发布已超过一天，含风险信号，未逐件预警；"
              f"它们排在督办队列最前面，请查看并确认处理。\n{case_numbers(ids)}"),
        urgent=False, dedupe=f"backlog-risk:{ids[0]}:{ids[-1]}:{len(ids)}", now=now)


LATE_JOB = "sla-sweep-late"
"""The ``job_runs`` rows of summaries owed: one per sweep (``period`` its moment, ISO UTC) that
recorded late rungs and has not had them summarised yet."""


def owe_summary(session: Session, now: dt.datetime) -> None:
    """Record, in the transaction that records late rungs at ``now``, that the sweep at ``now``
    owes their summary (a ``job_runs`` row; one per sweep however many chunks it commits).

    Why in the database: the daemon's sweep commits chunk by chunk. A summary kept in memory and
    written at the sweep's end would be lost to a kill between two chunks, while their rungs, now
    recorded, are never climbed again; one written per chunk would make the midnight backfill
    forty messages instead of one. The row makes the summary part of what each chunk commits.
    """
    from monitor.store.leases import insert_once

    insert_once(session, JobRun, {"job": LATE_JOB, "period": now.astimezone(dt.UTC).isoformat(),
                                  "daemon": "", "at": now}, ["job", "period"])


def summarise_owed(session: Session, *, matrix: Matrix, now: dt.datetime) -> int:
    """Write the summary of every sweep that owes one (:func:`owe_summary`), this one's and any a
    killed sweep left; returns how many summaries were written.

    A sweep's late rungs are its ``escalated`` events marked ``late`` at the sweep's moment (the
    ``(kind, at)`` index): what its committed chunks recorded, whoever finishes. The owed rows are
    deleted with ``RETURNING`` before the summaries are written, in one transaction: two sweeps
    finishing together (a sweep by hand beside the daemon) each get the rows the other did not,
    so a summary is written once. Costs one indexed read when nothing is owed.
    """
    periods = list(session.execute(select(JobRun.period, JobRun.at).where(JobRun.job == LATE_JOB)))
    if not periods:
        return 0
    owed = session.execute(delete(JobRun).where(JobRun.job == LATE_JOB,
                                                JobRun.period.in_([p for p, _ in periods]))
                           .returning(JobRun.period, JobRun.at)).all()
    written = 0
    for period, at in sorted(owed):
        late: dict[str, set[int]] = {}
        for cid, data in session.execute(select(CaseEvent.case_id, CaseEvent.data).where(
                CaseEvent.kind == "escalated", CaseEvent.at == at)):
            if data.get("late"):
                late.setdefault(str(data.get("level", "")), set()).add(cid)
        written += summarise_late(session, late, matrix=matrix, now=now, sweep=period) > 0
    return written


def summarise_late(session: Session, late: dict[str, set[int]], *, matrix: Matrix,
                   now: dt.datetime, sweep: str) -> int:
    """One message to the hub for every rung the sweep at ``sweep`` (its moment, ISO) recorded
    without alerting (backfill): ``late`` maps each level to its cases."""
    by_level = {lv: late[lv] for lv in LEVEL_NAMES if late.get(lv)}
    if not by_level:
        return 0
    counts = "、".join(f"{LEVEL_NAMES[lv]} {len(ids)} 件" for lv, ids in by_level.items())
    cases = sorted(set().union(*by_level.values()))
    body = (f"本轮共 {len(cases)} 件补录或迟到的案件在进入系统时已临期或超时（{counts}），"
            f"未逐件提醒；请在控制台督办队列查看并处理。\n{case_numbers(cases)}")
    from monitor.notify import outbox

    # the count in the key: were a sweep still running when another summarised its first chunks
    # (its lease lost to a stall), its own summary, larger, is a message of its own, not dropped
    return outbox.enqueue(session, kind="backlog", case_id=None, account_ids=[matrix.hub.id],
                          subject=f"【补录汇总】{len(cases)} 件案件到达时已临期或超时", body=body,
                          urgent=False, dedupe=f"backlog:{sweep}:{len(cases)}", now=now)


def recorded_many(session: Session, case_ids: Sequence[int]) -> dict[int, set[tuple[str, str, str]]]:
    """The escalation rungs recorded for each of ``case_ids`` (clock, level, due ISO), in one query
    (the sweep, chunk by chunk)."""
    out: dict[int, set[tuple[str, str, str]]] = {cid: set() for cid in case_ids}
    if not out:
        return out
    # the kind inside a function: SQLite must reach the rows by case, not walk the (kind, at) index
    rows = session.execute(select(CaseEvent.case_id, CaseEvent.data).where(
        CaseEvent.case_id.in_(list(out)), func.coalesce(CaseEvent.kind, "") == "escalated"))
    for cid, d in rows:
        out[cid].add((str(d.get("clock", "")), str(d.get("level", "")), str(d.get("due", ""))))
    return out


def wanted_rungs(case: Case, state: SlaState, *, now: dt.datetime, ladder: Ladder,
            done: set[tuple[str, str, str]]) -> list[tuple[str, str, dt.datetime]]:
    """The rungs ``state`` calls for that are not recorded in ``done``, as (clock, level, due), in
    the order they are climbed: each clock's at-risk or breach, then one 督办 (the first clock
    breached for longer than the wait; only that one is tried, as a case is supervised once)."""
    out: list[tuple[str, str, dt.datetime]] = []
    for clock in CLOCKS:
        cs, due = state.clock_state(clock), state.due(clock)
        if due is None or cs not in ("at_risk", "breached"):
            continue
        if rung(clock, cs, due) not in done:
            out.append((clock, cs, due))
    if case.supervised_at is None:
        wait = dt.timedelta(hours=ladder.policy.supervise_after_hours)
        for clock in CLOCKS:
            due = state.due(clock)
            if state.clock_state(clock) == "breached" and due is not None and now >= due + wait:
                out.append((clock, "supervision", due))
                break
    return out


ALERT_KEYS = ("case_id", "reason", "level", "deadline")


def claim_rungs(session: Session, wanted: dict[int, list[tuple[str, str, dt.datetime]]], *,
                now: dt.datetime) -> set[tuple[int, str, str, str]]:
    """Insert the ``case_alerts`` rows of every wanted rung of many cases in one statement;
    return the (case, clock, level, due ISO) of those this transaction claimed (the rows it
    inserted: a rung another sweep recorded, or is recording, is not returned)."""
    rows = [{"case_id": cid, "reason": clock, "level": level, "deadline": rung(clock, level, due)[2],
             "at": now} for cid, rungs in wanted.items() for clock, level, due in rungs]
    return claim_many(session, CaseAlert, rows, ALERT_KEYS)  # type: ignore[return-value]


def escalate(session: Session, case: Case, *, now: dt.datetime, ladder: Ladder,
             rungs: Sequence[tuple[str, str, dt.datetime]],
             claimed: set[tuple[int, str, str, str]]) -> list[Step]:
    """Climb the case's wanted ``rungs`` (:func:`wanted_rungs`, in their order) that this
    transaction ``claimed`` (:func:`claim_rungs`, for a chunk of cases at a time); return the new
    steps. A rung not claimed was recorded by another sweep, or is being recorded: it is left."""
    handlers = responsible_accounts(case)
    hub = ladder.matrix.hub.id
    steps: list[Step] = []

    share = ladder.policy.at_risk_share
    wait = dt.timedelta(hours=ladder.policy.supervise_after_hours)

    def record(clock: str, level: str, due: dt.datetime, accounts: list[str], *, kind: str,
               subject: str, urgent: bool) -> None:
        due_iso = due.astimezone(dt.UTC).isoformat()
        late = _late(case, level, due, share, wait)
        data = {"level": level, "clock": clock, "due": due_iso, "accounts": accounts}
        if late:
            data["late"] = True
        session.add(CaseEvent(case_id=case.id, kind="escalated", at=now, actor="system", data=data))
        n = 0
        if not late:
            body = (f"{_who(case)}：{_excerpt(case)}\n"
                    f"承办：{names(ladder.matrix, handlers) or '未分派'}；期限：{show(due)}")
            n = _notify(session, kind=kind, case=case, accounts=accounts, subject=subject,
                        body=body, urgent=urgent, dedupe=f"sla:{case.id}:{clock}:{level}:{due_iso}",
                        now=now)
        steps.append(Step(case.id, clock, level, tuple(accounts), n, late))

    for clock, level, due in rungs:
        if (case.id, *rung(clock, level, due)) not in claimed:
            continue
        name = CLOCK_NAMES[clock]
        if level == "at_risk":
            record(clock, "at_risk", due, handlers or [hub], kind="at_risk", urgent=False,
                   subject=f"【即将超时】案件#{case.id} {name}期限 {show(due)}")
        elif level == "breached":
            sups = supervisors(ladder.matrix, handlers)
            record(clock, "breached", due, sups, kind="breached", urgent=True,
                   subject=f"【已超时】案件#{case.id} {name}已于 {show(due)} 超时")
            open_entry(session, case.id, QUEUE_REASON[clock], at=now,
                       detail={"clock": clock, "due": iso_local(due), "accounts": handlers})
        else:  # supervision
            accounts = [hub] + [a for a in handlers + supervisors(ladder.matrix, handlers) if a != hub]
            accounts = list(dict.fromkeys(accounts))
            case.supervised_at = now
            session.add(CaseEvent(case_id=case.id, kind="supervised", at=now, actor="system",
                                  data={"clock": clock, "due": iso_local(due)}))
            record(clock, "supervision", due, accounts, kind="supervision", urgent=True,
                   subject=f"【督办】案件#{case.id} {name}超时未办理")
            open_entry(session, case.id, "supervision", at=now,
                       detail={"clock": clock, "due": iso_local(due), "accounts": handlers})
    return steps
