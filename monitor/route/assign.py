"""Recording a classification and a routing decision on a case.

Everything lands in the same transaction as the case itself (the caller commits): the
classification columns, one ``Assignment`` row per handler, the timeline events ``classified``
and ``assigned`` (one per handler, with role and rule, so the timeline alone tells who got the
case and why), and the queue entries a person must see: ``risk`` at once, ``unroutable`` for
manual dispatch. Clocks are not touched here: the SLA stage owns them, and a reassignment must
never restart them.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence

from sqlalchemy.orm import Session

from monitor.classify.result import Classification
from monitor.classify.risk import describe
from monitor.handling.queue import open_entry
from monitor.route.router import RouteDecision
from monitor.core.types import Actor, actor_columns
from monitor.store.ids import add_row
from monitor.store.models import Account, Assignment, Case, CaseEvent


def _aware(at: dt.datetime) -> dt.datetime:
    if at.tzinfo is None:
        raise ValueError(f"naive datetime {at!r}: give a timezone")
    return at.astimezone(dt.UTC)


def prefill_classification(case: Case, c: Classification) -> None:
    """The classification columns alone (no event): the ingest fills them before the case is
    first written, and :func:`apply_classification` sets the same values again at no cost."""
    case.type = c.type
    case.domain = c.domain[:32] if c.domain else c.domain
    case.subtopic = c.subtopic
    case.region = c.region
    case.street = c.street
    case.risk = [dict(r) for r in c.risk]
    case.keywords = list(c.keywords)
    case.evidence = dict(c.evidence)


def apply_classification(session: Session, case: Case, c: Classification, *, at: dt.datetime,
                         actor: Actor | str = "system") -> None:
    """Fill the case's classification columns and append a ``classified`` event."""
    at = _aware(at)
    prefill_classification(case, c)
    # a plain row (written by the next flush): nothing reads it back as an object
    add_row(session, CaseEvent.__table__, {
        "case_id": case.id, "kind": "classified", "at": at, **actor_columns(actor),
        "data": {"type": c.type, "domain": c.domain, "subtopic": c.subtopic, "region": c.region,
                 "street": c.street, "risk": describe(c.risk), "keywords": list(c.keywords)}})


def apply_route(session: Session, case: Case, classification: Classification, decision: RouteDecision,
                *, at: dt.datetime, actor: Actor | str = "system", queue: bool = True) -> None:
    """Record classification and routing on ``case`` (which must already have an id: flush first).

    ``queue=False`` records without opening queue entries (risk, unroutable). Called by the ingest
    pipeline for each new case::

        c = clf.classify(case.text); d = router.route(c, mentioned_ids)
        apply_route(session, case, c, d, at=case.received_at)
    """
    at = _aware(at)
    if case.id is None:
        session.flush()
    apply_classification(session, case, classification, at=at, actor=actor)
    _assign(session, case, decision.lead, decision.co, rule=decision.rule, at=at, actor=actor,
            extra={"unroutable": True} if decision.unroutable else None)
    if not queue:  # imported history: a case settled years ago needs nobody's attention now
        return
    if classification.risk:
        # what the queue row shows a person: labels and the words that fired, in Chinese
        open_entry(session, case.id, "risk", at=at, detail={"risk": describe(classification.risk)})
    if decision.unroutable:
        open_entry(session, case.id, "unroutable", at=at,
                   detail={"rule": decision.rule, "domain": classification.domain,
                           "region": classification.region})


def _assign(session: Session, case: Case, lead: str, co: Sequence[str], *, rule: str, at: dt.datetime,
            actor: Actor | str, extra: dict[str, object] | None = None, reason: str | None = None) -> None:
    for role, account in [("lead", lead)] + [("co", a) for a in co if a != lead]:
        case.assignments.append(Assignment(account_id=account, role=role, assigned_at=at, active=True,
                                           rule=rule))
        data: dict[str, object] = {"account": account, "role": role, "rule": rule}
        if reason is not None:
            data["reason"] = reason
        if extra:
            data.update(extra)
        add_row(session, CaseEvent.__table__, {"case_id": case.id, "kind": "assigned", "at": at,
                                               **actor_columns(actor), "account_id": account,
                                               "data": data})
    case.lead_account_id = lead
    case.joint = any(a != lead for a in co)


def reassign(session: Session, case: Case, lead: str, co: Sequence[str] = (), *, at: dt.datetime,
             actor: Actor | str, reason: str) -> None:
    """An operator's new routing: old assignments end (``unassigned`` events), new ones begin.

    Deliberately does not touch due times or SLA states: the citizen has been waiting since the
    case arrived, whoever holds it now.
    """
    at = _aware(at)
    if not reason.strip():
        raise ValueError("reassign: give a reason (it is shown on the case's timeline)")
    for account in (lead, *co):
        row = session.get(Account, account)
        if row is None or not row.active:
            raise ValueError(f"reassign: unknown or inactive account {account!r}")
    for a in case.assignments:
        if a.active:
            a.active = False
            session.add(CaseEvent(case_id=case.id, kind="unassigned", at=at, **actor_columns(actor),
                                  account_id=a.account_id,
                                  data={"account": a.account_id, "role": a.role, "reason": reason}))
    _assign(session, case, lead, list(dict.fromkeys(co)), rule=f"改派：{reason}", at=at, actor=actor,
            reason=reason)
