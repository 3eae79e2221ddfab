"""Read models shared by the CLI (``--json``) and the HTTP API, so both say the same thing.

Times are rendered ISO 8601 in Asia/Shanghai (+08:00): what operators read; the database keeps UTC.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from sqlalchemy import Select, func, select
from sqlalchemy.orm import Session

from monitor.handling.triage import REVIEW_LABELS, review_state
from monitor.intake import deadletters
from monitor.store.lanes import lane_streams
from monitor.store.leases import db_now, holders
from monitor.store.models import (
    Account, Assignment, Case, CaseEvent, Cluster, DaemonRow, Lease, Mention, QueueEntry, Source, SourceLane,
    User, utcnow,
)
from monitor.core.labels import STATUS_LABELS, channel_label
from monitor.core.timeutil import iso_local

CASE_STATUSES = ("open", "replied", "pending_info", "closed")

Narrow = Callable[[Select[Any]], Select[Any]]
"""Restricts a select over cases to what the reader may see (``Principal.scoped``); None = all."""


def case_summary(case: Case, names: dict[str, str]) -> dict[str, Any]:
    accounts = [
        {"id": a.account_id, "name": names.get(a.account_id, a.account_id), "role": a.role}
        for a in case.assignments if a.active
    ]
    return {
        "id": case.id,
        "channel": case.channel,
        "channel_label": channel_label(case.channel),
        "platform": case.platform,
        "citizen": case.citizen_name or case.citizen_id,
        "citizen_id": case.citizen_id,
        "text": case.text,
        "url": case.url,
        "received_at": iso_local(case.received_at),
        "status": case.status,
        "type": case.type,
        "domain": case.domain,
        "subtopic": case.subtopic,
        "region": case.region,
        "street": case.street,
        "risk": case.risk,
        "accounts": accounts,
        "lead": case.lead_account_id,
        "first_response_at": iso_local(case.first_response_at),
        "first_response_due": iso_local(case.first_response_due),
        "first_response_state": case.first_response_state,
        "closure_due": iso_local(case.closure_due),
        "closure_state": case.closure_state,
        "closed_at": iso_local(case.closed_at),
        "satisfaction": case.satisfaction,
        "cluster_id": case.cluster_id,
    }


def account_names(session: Session) -> dict[str, str]:
    return dict(session.execute(select(Account.id, Account.name)).all())


def list_cases(session: Session, *, status: str | None = None, limit: int = 50,
               account: str | None = None, offset: int = 0,
               channel: str | None = None, narrow: Narrow | None = None) -> list[dict[str, Any]]:
    """Cases newest first; ``limit`` 0 means all."""
    if status is not None and status not in CASE_STATUSES:
        known = "、".join(f"{k}（{STATUS_LABELS.get(k, k)}）" for k in CASE_STATUSES)
        raise ValueError(f"未知状态“{status}”（可选：{known}）")
    q = select(Case).order_by(Case.received_at.desc(), Case.id.desc())
    if status:
        q = q.where(Case.status == status)
    if channel:
        q = q.where(Case.channel == channel)
    if account:
        q = q.where(Case.id.in_(select(Assignment.case_id).where(Assignment.account_id == account,
                                                                  Assignment.active.is_(True))))
    if narrow is not None:
        q = narrow(q)
    if offset:
        q = q.offset(offset)
    if limit:
        q = q.limit(limit)
    names = account_names(session)
    return [case_summary(c, names) for c in session.scalars(q)]


def count_cases(session: Session, narrow: Narrow | None = None) -> dict[str, int]:
    q = select(Case.status, func.count()).group_by(Case.status)
    rows = session.execute(narrow(q) if narrow is not None else q).all()
    return {status: n for status, n in rows}


def _came_by_merge(timeline: list[dict[str, Any]], cluster_id: int) -> bool:
    """Whether the case's last move into cluster ``cluster_id`` was a merge (it came with another
    cluster, or bridged two): the console then offers to undo that merge whole."""
    joins = [e["data"] for e in timeline if e["kind"] == "clustered" and e["data"].get("cluster") == cluster_id]
    return bool(joins) and joins[-1].get("how") in ("merged", "bridged")


def case_detail(session: Session, case_id: int) -> dict[str, Any] | None:
    """One case: its thread as written (mentions in order) and its timeline of events."""
    case = session.get(Case, case_id)
    if case is None:
        return None
    names = account_names(session)
    out = case_summary(case, names)
    out["keywords"] = case.keywords
    out["evidence"] = case.evidence
    out["joint"] = case.joint
    out["supervised_at"] = iso_local(case.supervised_at)
    out["thread"] = [
        {"external_id": m.external_id, "kind": m.kind, "role": m.role,
         "author": m.author_name or m.author_id, "account": m.account_id,
         "text": m.text, "at": iso_local(m.created_at), "url": m.url}
        for m in session.scalars(select(Mention).where(Mention.case_id == case_id)
                                 .order_by(Mention.created_at, Mention.id))
    ]
    out["timeline"] = [
        {"id": e.id, "kind": e.kind, "at": iso_local(e.at), "actor": e.actor,
         "user_id": e.user_id, "acting_for": e.acting_for, "account": e.account_id, "data": e.data, "recorded_at": iso_local(e.recorded_at)}
        for e in session.scalars(select(CaseEvent).where(CaseEvent.case_id == case_id)
                                 .order_by(CaseEvent.at, CaseEvent.id))
    ]
    # 疑似 flags wait for a person (monitor/handling/triage.py): the page offers confirm / dismiss
    out["risk_review"] = review_state(case.risk or [], (e["kind"] for e in out["timeline"]))
    out["risk_review_label"] = REVIEW_LABELS.get(out["risk_review"] or "", "")
    out["cluster"] = None
    if case.cluster_id is not None:
        cluster = session.get(Cluster, case.cluster_id)
        if cluster is not None:
            out["cluster"] = {"id": cluster.id, "size": cluster.members,
                              "heat": cluster.members + cluster.chasers + cluster.reposts,
                              "place": cluster.place, "problem": cluster.problem,
                              "lead": cluster.lead_account_id,
                              "lead_name": names.get(cluster.lead_account_id or "", cluster.lead_account_id),
                              "by_merge": _came_by_merge(out["timeline"], cluster.id)}
    out["queue"] = [
        {"id": q.id, "reason": q.reason, "priority": q.priority, "since": iso_local(q.since),
         "resolved_at": iso_local(q.resolved_at), "resolved_by": q.resolved_by, "detail": q.detail}
        for q in session.scalars(select(QueueEntry).where(QueueEntry.case_id == case_id)
                                 .order_by(QueueEntry.since))
    ]
    return out


def sources_status(session: Session) -> list[dict[str, Any]]:
    """Each source: cursor, last successful poll, lag, items taken, last error, dead letters, and
    the daemon holding its lease (``holder``; None when no daemon polls it now).

    A source split into lanes (:mod:`monitor.store.lanes`) has no lease of its own: ``lanes``
    lists each lane with its holder, items and expiry, ``holder`` names its lanes' holders
    (comma-separated when several daemons share it) and ``cursor`` is its lanes' streams.
    """
    now = utcnow()
    held = holders(session)
    dead = deadletters.counts(session, now=now).by_source
    lanes: dict[str, dict[str, dict[str, Any]]] = {}
    for (name,) in session.execute(select(Lease.name).where(Lease.name.like("source:%/%"))
                                   .order_by(Lease.name)):
        source, _, lane = name.removeprefix("source:").partition("/")
        owner, expires = held.get(name, (None, None))
        lanes.setdefault(source, {})[lane] = {"lane": lane, "holder": owner, "items_total": 0,
                                              "lease_expires_at": iso_local(expires), "cursor": {}}
    for row in session.scalars(select(SourceLane)):
        if row.lane in lanes.get(row.source, {}):
            lanes[row.source][row.lane].update(items_total=row.items_total, cursor=row.cursor or {})
    out = []
    for s in session.scalars(select(Source).order_by(Source.name)):
        lag = (now - s.last_success_at).total_seconds() if s.last_success_at else None
        state = "retired" if s.retired_at else "paused" if s.paused else (
            "failing" if s.consecutive_failures else "stalled" if s.stall_reason else (
                "ok" if s.last_success_at else "never polled"))
        out.append({
            "name": s.name, "adapter": s.adapter, "state": state, "cursor": s.cursor,
            "last_poll_at": iso_local(s.last_poll_at), "last_success_at": iso_local(s.last_success_at),
            "lag_seconds": round(lag, 1) if lag is not None else None,
            "newest_item_at": iso_local(s.newest_item_at),
            "items_total": s.items_total, "consecutive_failures": s.consecutive_failures,
            "last_error": s.last_error, "last_error_at": iso_local(s.last_error_at),
            "retired_at": iso_local(s.retired_at), "dead_letters": dead.get(s.name, 0),
            "stalled_since": iso_local(s.stalled_since), "stall_reason": s.stall_reason,
            "holder": held.get(f"source:{s.name}", (None, None))[0],
            "lease_expires_at": iso_local(held.get(f"source:{s.name}", (None, None))[1]),
            "lanes": [],
        })
        mine = list(lanes.get(s.name, {}).values())
        if mine and out[-1]["holder"] is None:
            streams = lane_streams(lane["cursor"] for lane in mine)
            owners = sorted({lane["holder"] for lane in mine if lane["holder"]})
            out[-1].update(lanes=[{k: v for k, v in lane.items() if k != "cursor"} for lane in mine],
                           holder=", ".join(owners) or None,
                           cursor={"streams": streams} if streams else s.cursor)
    return out


def daemons_status(session: Session, *, silent_after: float) -> list[dict[str, Any]]:
    """The daemons that joined this database, newest first: state, last heartbeat, leases.

    ``state``: ``alive`` (beat within ``silent_after`` seconds), ``stopped`` (left on SIGTERM) or
    ``silent`` (killed or cut off: its leases expire and move to the others).
    """
    now = db_now(session)
    held: dict[str, list[str]] = {}
    for name, (owner, _expires) in holders(session).items():
        held.setdefault(owner, []).append(name)
    out = []
    for d in session.scalars(select(DaemonRow).order_by(DaemonRow.started_at.desc(), DaemonRow.id)):
        state = "stopped" if d.stopped_at else (
            "alive" if (now - d.heartbeat_at).total_seconds() <= silent_after else "silent")
        out.append({
            "id": d.id, "host": d.host, "pid": d.pid, "url": d.url, "state": state,
            "started_at": iso_local(d.started_at), "heartbeat_at": iso_local(d.heartbeat_at),
            "heartbeat_age_seconds": round(max(0.0, (now - d.heartbeat_at).total_seconds()), 1),
            "stopped_at": iso_local(d.stopped_at), "leases": sorted(held.get(d.id, [])),
        })
    return out


AUDIT_PAGE = 50


def audit_events(session: Session, *, user: str | None = None, case_id: int | None = None,
                 limit: int = AUDIT_PAGE, offset: int = 0) -> list[dict[str, Any]]:
    """Who did what to which case, newest first: every event a person recorded (not the system).

    ``user`` is a user's name (matched by user id, indexed) or a recorded actor such as
    ``cli:<login>``. Newest first by id: ids follow recording order and need no extra index.
    """
    q = select(CaseEvent).where(CaseEvent.actor != "system").order_by(CaseEvent.id.desc())
    if user:
        uid = session.scalar(select(User.id).where(User.name == user))
        q = q.where(CaseEvent.user_id == uid) if uid is not None else q.where(CaseEvent.actor == user)
    if case_id is not None:
        q = q.where(CaseEvent.case_id == case_id)
    q = q.offset(offset).limit(limit) if limit else q.offset(offset)
    return [{"id": e.id, "case_id": e.case_id, "kind": e.kind, "actor": e.actor, "user_id": e.user_id,
             "acting_for": e.acting_for, "account": e.account_id, "at": iso_local(e.at),
             "recorded_at": iso_local(e.recorded_at), "data": e.data}
            for e in session.scalars(q)]


def user_names(session: Session) -> list[str]:
    """Every user's name (the audit view's filter offers them)."""
    return list(session.scalars(select(User.name).order_by(User.name)))
