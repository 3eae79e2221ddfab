"""Feeding results back to the media (媒体反馈): per outlet, what became of each report.

@问政银川 follows up what local media report and tells them the outcome (seed 003). A media case's
author is the outlet (``citizen_id`` = the feed's outlet id), so the feedback for one outlet is its
media cases of the period with the handling account, the latest reply and the closure result.

Cost: one query for the period's media cases (``received_at`` is indexed) and one for their reply
and closure events (by case id), so it grows with the outlet's reports, not with all cases.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Iterable
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from monitor.core.labels import STATUS_LABELS
from monitor.core.timeutil import show
from monitor.stats.period import Period
from monitor.store.models import Account, Case, CaseEvent

COLUMNS = (("案件编号", "case_id"), ("报道标题", "title"), ("报道链接", "url"), ("受理时间", "received_at"),
           ("承办单位", "handler"), ("办理状态", "status"), ("首次回复时间", "first_response_at"),
           ("最新回复", "reply"), ("办结时间", "closed_at"), ("办理结果", "result"))


def media_feedback(session: Session, period: Period, *, outlet: str | None = None,
                   channel: str = "media") -> dict[str, dict[str, Any]]:
    """Outlet id → ``{"outlet": name, "cases": [row, …]}``, rows oldest first."""
    q = (select(Case).where(Case.channel == channel, Case.received_at >= period.start_utc,
                            Case.received_at < period.end_utc)
         .order_by(Case.received_at, Case.id))
    if outlet:
        q = q.where(Case.citizen_id == outlet)
    cases = list(session.scalars(q))
    if not cases:
        return {}
    names = dict(session.execute(select(Account.id, Account.name)).all())
    replies: dict[int, str] = {}
    results: dict[int, str] = {}
    for e in session.scalars(select(CaseEvent).where(CaseEvent.case_id.in_([c.id for c in cases]),
                                                     CaseEvent.kind.in_(("reply", "closed")))
                             .order_by(CaseEvent.at, CaseEvent.id)):
        text = str((e.data or {}).get("text" if e.kind == "reply" else "result") or "")
        if text:
            (replies if e.kind == "reply" else results)[e.case_id] = text  # the latest wins
    out: dict[str, dict[str, Any]] = {}
    for c in cases:
        title, _, _rest = c.text.partition("\n")
        row = {"case_id": c.id, "title": title, "url": c.url or "", "received_at": show(c.received_at),
               "handler": names.get(c.lead_account_id or "", c.lead_account_id or "未分派"),
               "status": STATUS_LABELS.get(c.status, c.status),
               "first_response_at": show(c.first_response_at) if c.first_response_at else "",
               "reply": replies.get(c.id, ""), "closed_at": show(c.closed_at) if c.closed_at else "",
               "result": results.get(c.id, "")}
        out.setdefault(c.citizen_id, {"outlet": c.citizen_name or c.citizen_id, "cases": []})["cases"].append(row)
    return out


def feedback_csv(rows: Iterable[dict[str, Any]]) -> str:
    """One outlet's rows as CSV with Chinese headers (UTF-8 with BOM, so Excel opens it right)."""
    buf = io.StringIO()
    buf.write("\ufeff")
    w = csv.writer(buf)
    w.writerow([h for h, _ in COLUMNS])
    for r in rows:
        w.writerow([r[k] for _, k in COLUMNS])
    return buf.getvalue()
