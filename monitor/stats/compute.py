"""``compute_stats``: everything ``wenzheng stats --format json`` prints and ``/api/stats`` serves.

Headline figures sit at the top level under the names of ``docs/metrics.md``; breakdowns and
stories beside them; ``previous`` and ``change`` compare with the period before (same slice).
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from sqlalchemy.orm import Session

from monitor.core.config import Matrix
from monitor.stats import activity as act
from monitor.stats import breakdowns as bd
from monitor.stats import clusters as cl
from monitor.stats import highlights as hl
from monitor.stats import outcomes, stories
from monitor.stats.cohort import Cohort
from monitor.stats.metrics import CHANGE_METRICS, counts_headline, headline
from monitor.stats.period import Period
from monitor.stats.rollup import Before, Rollup
from monitor.stats.scope import Scope, Slice
from monitor.stats.sqlfn import without_jit
from monitor.core.timeutil import iso_local, utcnow



def change(now: dict[str, Any], before: dict[str, Any]) -> dict[str, dict[str, Any]]:
    """Per metric: previous value, difference, and relative change (None when it was 0)."""
    out = {}
    for m in CHANGE_METRICS:
        a, b = now.get(m), before.get(m)
        if a is None or b is None:
            out[m] = {"previous": b, "delta": None, "pct": None}
            continue
        delta = round(a - b, 6)
        out[m] = {"previous": b, "delta": delta, "pct": round(delta / b, 6) if b else None}
    return out


def compute_stats(session: Session, period: Period, *, account_id: str | None = None,
                  region: str | None = None, type: str | None = None,  # noqa: A002 - CLI name
                  domain: str | None = None, channel: str | None = None, matrix: Matrix | None = None,
                  as_of: dt.datetime | None = None, now: dt.datetime | None = None,
                  top: int = 10, min_cases: int = 5, silent_days: int = 7) -> dict[str, Any]:
    """All statistics of ``period`` for a slice of the matrix, as a JSON-ready dict.

    ``as_of`` (default: the period's end, or ``now`` if earlier) is the instant at which replies,
    closures and overdue states are observed. ``top`` bounds the ranked lists; ``min_cases`` is
    the volume an account needs to be ranked on performance (bulletins say "本月问政数量5条以上");
    ``silent_days`` how long without a post makes a member account silent (``[activity]``).
    Raises :class:`monitor.stats.scope.StatsError` for an unknown account or type.
    """
    now = now or utcnow()
    scope = Scope.build(session, period, Slice(account_id, region, type, domain, channel), matrix=matrix,
                        as_of=as_of, now=now)
    with without_jit(session):
        cur = Cohort.build(session, scope)
        try:
            out = _assemble(session, cur, scope.with_period(period.previous()), now, top, min_cases)
            out["matrix_activity"] = act.matrix_activity(session, scope, silent_days=silent_days)
        finally:
            cur.drop(session)
    return out


def _assemble(session: Session, co: Cohort, prev: Scope, now: dt.datetime, top: int,
              min_cases: int) -> dict[str, Any]:
    """The figures of ``co`` and, for comparison, of the period before (``prev``: counts read
    straight from ``cases``, no cohort of its own)."""
    scope = co.scope
    groups, prev_groups = Rollup.read(session, co), Before.read(session, prev)
    head = headline(session, co, groups)
    before = counts_headline(session, prev, prev_groups)
    accounts = bd.by_account(session, co, prev_groups)
    regions = bd.by_region(co, groups, prev_groups)
    named_regions = [r for r in regions if r["region"]]
    domains = bd.by_domain(co, groups, prev_groups)
    out: dict[str, Any] = {
        "period": scope.describe(),
        "as_of": iso_local(scope.as_of),
        "generated_at": iso_local(now),
        **head,
        "previous": {"period": prev.period.key, "label": prev.period.label,
                     **{m: before[m] for m in CHANGE_METRICS}},
        "change": change(head, before),
        "by_type": bd.by_type(co, groups, prev_groups),
        "by_domain": domains,
        "by_region": regions,
        "by_channel": bd.by_channel(co, groups, prev_groups),
        "by_account": accounts,
        "top_accounts": bd.top_accounts(accounts, top, min_cases),
        "active_regions": {
            "by_cases": [{"region": r["region"], "received": r["received"]}
                         for r in sorted(named_regions, key=lambda r: (-r["received"], r["region"]))[:3]],
            "by_replies": [{"region": r["region"], "replied": r["replied"]}
                           for r in sorted(named_regions, key=lambda r: (-r["replied"], r["region"]))[:3]],
        },
        "departments_involved": stories.departments_involved(session, co),
        "case_stories": stories.case_stories(session, co),
        "resolved_by_subtopic": outcomes.resolved_by_subtopic(session, co),
        "resolved_clusters": cl.resolved_clusters(session, co),  # {clusters, by_subtopic}
        "citizen_quotes": outcomes.citizen_quotes(session, co),
        "fastest_first_response": hl.fastest_first_response(session, co),
        "hot_topics": hl.hot_topics(session, co, prev, top),
        **cl.cluster_figures(session, co),
        "hot_clusters": cl.hot_clusters(session, co, top),
        "domain_hotspots": cl.domain_hotspots(session, co, [d for d in domains if d["domain"]][:5]),
        "most_engaged": hl.most_engaged(session, co),
        "overdue_open": hl.overdue_open(session, co),
        "risk": hl.risk_counts(session, co),
        "daily": hl.daily(session, co),
        "response_time_distribution": hl.response_time_distribution(session, co),
    }
    return out
