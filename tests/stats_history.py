"""A hand-built case history where every statistic is known (shared by the stats/report tests).

March 2026 (Asia/Shanghai) holds c1–c4; c5 arrives ten minutes into April; c6–c7 are February.
The expected figures are worked out by hand in ``tests/test_stats.py``.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from sqlalchemy.orm import Session

from monitor.store.matrix_sync import sync_accounts
from monitor.store.models import Assignment, Case, CaseEvent
from monitor.core.timeutil import SHANGHAI
from tests.factories import small_matrix


def t(month: int, day: int, hour: int = 0, minute: int = 0) -> dt.datetime:
    return dt.datetime(2026, month, day, hour, minute, tzinfo=SHANGHAI)


def add_case(s: Session, n: int, received: dt.datetime, *, lead: str | None = None,
             co: tuple[str, ...] = (), events: tuple[tuple[str, dt.datetime], ...] = (),
             **fields: Any) -> Case:
    c = Case(platform="weibo", channel="weibo", root_external_id=f"s{n}", citizen_id=f"u{n}",
             citizen_name=f"网友{n}", text=fields.pop("text", f"第{n}件诉求"), received_at=received,
             lead_account_id=lead, last_activity_at=received, **fields)
    s.add(c)
    s.flush()
    if lead:
        s.add(Assignment(case_id=c.id, account_id=lead, role="lead", assigned_at=received))
    for acc in co:
        s.add(Assignment(case_id=c.id, account_id=acc, role="co", assigned_at=received))
    s.add(CaseEvent(case_id=c.id, kind="created", at=received))
    for kind, at in events:
        s.add(CaseEvent(case_id=c.id, kind=kind, at=at, account_id=lead))
    return c


def build_history(s: Session) -> dict[str, Case]:
    sync_accounts(s, small_matrix())
    cases = {
        # replied exactly at its due time; closed on time; satisfied
        "c1": add_case(s, 1, t(3, 2, 9), lead="xingqing-wenhuajie", type="consult", domain="城乡建设",
                       subtopic="物业管理", region="兴庆区", status="closed",
                       first_response_due=t(3, 2, 10), first_response_at=t(3, 2, 10),
                       closure_due=t(3, 4), closed_at=t(3, 3, 12), satisfaction="satisfied",
                       keywords=["物业", "停车"], metrics={"reads": 100, "reposts": 2},
                       text="小区物业乱收停车费", events=(("reply", t(3, 2, 10)), ("closed", t(3, 3, 12)))),
        # replied late (10 h); joint with 兴庆区; closed only in April; unsatisfied
        "c2": add_case(s, 2, t(3, 10, 20), lead="city-cg", co=("xingqing",), type="complaint",
                       domain="交通", region="金凤区", status="closed", joint=True,
                       first_response_due=t(3, 11, 4), first_response_at=t(3, 11, 6),
                       closure_due=t(3, 18), closed_at=t(4, 2, 10), satisfaction="unsatisfied",
                       keywords=["停车"], events=(("reply", t(3, 11, 6)), ("closed", t(4, 2, 10)))),
        # never answered: overdue unaccepted and unclosed; escalated twice
        "c3": add_case(s, 3, t(3, 20, 8), lead="xingqing", type="consult", domain="城乡建设",
                       subtopic="噪音", region="兴庆区", status="open",
                       first_response_due=t(3, 20, 9), closure_due=t(3, 24),
                       keywords=["噪音", "物业"], metrics={"reposts": 5},
                       events=(("escalated", t(3, 20, 10)), ("escalated", t(3, 23, 9)))),
        # the last half hour of March: replied in 20 minutes; one reply-rule violation
        "c4": add_case(s, 4, t(3, 31, 23, 30), type="suggestion", status="replied",
                       first_response_due=t(4, 1, 7, 30), first_response_at=t(3, 31, 23, 50),
                       closure_due=t(4, 8), keywords=["物业"],
                       events=(("reply", t(3, 31, 23, 50)), ("reply_violation", t(3, 31, 23, 55)))),
        # ten minutes into April
        "c5": add_case(s, 5, t(4, 1, 0, 10), lead="xingqing", type="complaint", domain="交通",
                       region="兴庆区", first_response_due=t(4, 1, 8, 10)),
        # February
        "c6": add_case(s, 6, t(2, 15, 10), lead="xingqing", type="consult", domain="城乡建设",
                       region="兴庆区", status="closed", first_response_due=t(2, 15, 18),
                       first_response_at=t(2, 15, 10, 30), closure_due=t(2, 17), closed_at=t(2, 16),
                       keywords=["噪音"]),
        "c7": add_case(s, 7, t(2, 20, 10), lead="city-cg", type="complaint", domain="交通",
                       region="金凤区", status="replied", first_response_due=t(2, 20, 18),
                       first_response_at=t(2, 20, 11), closure_due=t(2, 27)),
    }
    s.flush()
    return cases
