"""Statistics over a hand-built history where every figure is worked out by hand.

March 2026 (tests/stats_history.py): c1 replied exactly at its due time and closed on time;
c2 replied 10 h late, joint, closed only on 2 April; c3 never answered (escalated twice); c4
arrived at 23:30 on 31 March and was replied in 20 minutes. c5 belongs to April, c6/c7 to
February. Observed as of the end of March (2026-04-01 00:00 +08:00).
"""

from __future__ import annotations

import datetime as dt

import pytest

from monitor.stats import Period, StatsError, compute_stats
from monitor.stats.period import PeriodError
from tests.stats_history import build_history, t
from tests.factories import small_matrix

LATER = dt.datetime(2026, 6, 1, tzinfo=dt.UTC)


@pytest.fixture
def march(db):
    with db.session() as s:
        build_history(s)
        s.commit()
        yield s, compute_stats(s, Period.month(2026, 3), now=LATER)


def test_headline_figures(march) -> None:
    _, st = march
    expected = {
        "received": 4, "replied": 3, "reply_rate": 0.75,
        "first_response_on_time": 2, "late_replies": 1, "overdue_unaccepted": 1,
        "first_response_on_time_rate": 0.5,  # 2 on time / (3 replied + 1 overdue)
        "closed": 1, "closure_rate": 0.25, "closed_on_time": 1, "closed_on_time_rate": 1.0,
        "overdue_unclosed": 2, "overdue_unaccepted_days_max": 11,
        "satisfied": 1, "unsatisfied": 1, "rated": 2, "satisfaction_rate": 0.5,
        "reply_violations": 1, "escalations": 2, "joint_cases": 1,
        "first_response_median_s": 3600.0, "first_response_p90_s": 29520.0,
        "closure_median_s": 97200.0, "closure_p90_s": 97200.0,
        "first_response_mean_s": 13600.0,
    }
    assert {k: st[k] for k in expected} == expected
    assert st["as_of"] == "2026-04-01T00:00:00+08:00"
    assert st["period"]["period"] == "2026-03"


def test_reply_exactly_at_due_is_on_time(march) -> None:
    _, st = march
    by_acc = {a["account_id"]: a for a in st["by_account"]}
    c1 = by_acc["xingqing-wenhuajie"]
    assert (c1["first_response_on_time"], c1["late_replies"], c1["first_response_mean_s"]) == (1, 0, 3600.0)


def test_closed_next_month_counts_only_when_observed_later(db, march) -> None:
    s, st = march
    cg = next(a for a in st["by_account"] if a["account_id"] == "city-cg")
    assert (cg["closed"], cg["overdue_unclosed"]) == (0, 1)
    seen_now = compute_stats(s, Period.month(2026, 3), as_of=LATER, now=LATER)
    assert (seen_now["closed"], seen_now["closure_rate"], seen_now["closed_on_time"]) == (2, 0.5, 1)
    assert seen_now["closure_median_s"] == (97200.0 + (t(4, 2, 10) - t(3, 10, 20)).total_seconds()) / 2
    april = compute_stats(s, Period.month(2026, 4), now=LATER)
    assert april["received"] == 1 and april["closed"] == 0  # c2's closure is March's, not April's


def test_month_boundary_in_shanghai_time(march) -> None:
    _, st = march
    days = {d["date"]: d["received"] for d in st["daily"]}
    assert len(days) == 31 and days["2026-03-31"] == 1 and days["2026-03-02"] == 1
    assert sum(days.values()) == 4


def test_breakdowns(march) -> None:
    _, st = march
    assert [(r["type"], r["received"], r["rank"], r["previous_rank"]) for r in st["by_type"]] == [
        ("consult", 2, 1, 1), ("complaint", 1, 2, 1), ("suggestion", 1, 2, None)]
    dom = {r["domain"]: r for r in st["by_domain"]}
    assert dom["城乡建设"]["received"] == 2 and dom["城乡建设"]["rank_change"] == 0
    assert dom["交通"]["rank_change"] == -1  # tied first in February, second in March
    assert dom["城乡建设"]["subtopics"] == [{"subtopic": "噪音", "received": 1},
                                        {"subtopic": "物业管理", "received": 1}]
    assert [(r["region"], r["received"], r["replied"]) for r in st["by_region"]] == [
        ("兴庆区", 2, 1), ("金凤区", 1, 1), (None, 1, 1)]
    assert st["active_regions"]["by_cases"][0] == {"region": "兴庆区", "received": 2}
    acc = {a["account_id"]: a for a in st["by_account"]}
    assert acc["xingqing"]["overdue_unaccepted"] == 1
    assert acc["xingqing"]["overdue_unaccepted_days_max"] == 11
    assert acc["xingqing"]["escalations"] == 2 and acc[None]["reply_violations"] == 1
    assert acc["xingqing-wenhuajie"]["name"] == "兴庆区文化街街道"


def test_stories(march) -> None:
    _, st = march
    f = st["fastest_first_response"]
    assert (f["case_id"], f["seconds"], f["received_at"]) == (4, 1200.0, "2026-03-31T23:30:00+08:00")
    assert [(h["keyword"], h["count"], h["previous_rank"]) for h in st["hot_topics"]] == [
        ("物业", 3, None), ("停车", 2, None), ("噪音", 1, 1)]
    assert [(m["case_id"], m["reads"], m["engagement"]) for m in st["most_engaged"]] == [(1, 100, 2), (3, 0, 5)]
    od = st["overdue_open"]
    assert od["count"] == 2
    assert [(c["case_id"], c["clock"], c["days_overdue"]) for c in od["cases"]] == [
        (2, "closure", 14), (3, "first_response", 11)]
    dist = {b["bucket"]: b["count"] for b in st["response_time_distribution"]}
    assert dist == {"1小时内": 2, "1-4小时": 0, "4-24小时": 1, "1-3天": 0, "3-7天": 0, "7天以上": 0}


def test_previous_period_change(march) -> None:
    _, st = march
    assert st["previous"]["period"] == "2026-02" and st["previous"]["received"] == 2
    assert st["change"]["received"] == {"previous": 2, "delta": 2, "pct": 1.0}
    assert st["change"]["reply_rate"] == {"previous": 1.0, "delta": -0.25, "pct": -0.25}
    assert st["change"]["escalations"] == {"previous": 0, "delta": 2, "pct": None}


def test_subtree_slices(march) -> None:
    s, _ = march
    # 兴庆区 + its street: c1 (street leads), c3 (district leads), c2 (district co-handles)
    xq = compute_stats(s, Period.month(2026, 3), account_id="xingqing", now=LATER)
    assert (xq["received"], xq["replied"], xq["joint_cases"], xq["escalations"]) == (3, 2, 1, 2)
    via_matrix = compute_stats(s, Period.month(2026, 3), account_id="xingqing", matrix=small_matrix(), now=LATER)
    assert via_matrix["received"] == 3
    street = compute_stats(s, Period.month(2026, 3), account_id="xingqing-wenhuajie", now=LATER)
    assert (street["received"], street["closed"]) == (1, 1)
    hub = compute_stats(s, Period.month(2026, 3), account_id="wzyc", now=LATER)
    assert hub["received"] == 3  # c4 has no handler, so it is in no account's subtree
    cg = compute_stats(s, Period.month(2026, 3), region="金凤区", now=LATER)
    assert cg["received"] == 1 and cg["late_replies"] == 1
    typed = compute_stats(s, Period.month(2026, 3), type="consult", domain="城乡建设", now=LATER)
    assert typed["received"] == 2
    with pytest.raises(StatsError, match="矩阵中没有账号"):
        compute_stats(s, Period.month(2026, 3), account_id="nobody", now=LATER)
    with pytest.raises(StatsError, match="未知类型“rant”"):
        compute_stats(s, Period.month(2026, 3), type="rant", now=LATER)


def test_quarter_and_range(march) -> None:
    s, _ = march
    q1 = compute_stats(s, Period.quarter(2026, 1), now=LATER)
    assert q1["received"] == 6 and q1["previous"]["period"] == "2025-Q4"
    rng = compute_stats(s, Period.range(dt.date(2026, 3, 31), dt.date(2026, 3, 31)), now=LATER)
    assert rng["received"] == 1 and rng["fastest_first_response"]["case_id"] == 4


def test_no_cases(db) -> None:
    with db.session() as s:
        st = compute_stats(s, Period.month(2025, 1), now=LATER)
    assert st["received"] == 0 and st["replied"] == 0
    for rate in ("reply_rate", "closure_rate", "satisfaction_rate", "first_response_on_time_rate",
                 "first_response_median_s", "closure_p90_s", "overdue_unaccepted_days_max"):
        assert st[rate] is None, rate
    assert st["by_type"] == [] and st["by_account"] == [] and st["hot_topics"] == []
    assert st["fastest_first_response"] is None and st["overdue_open"] == {"count": 0, "cases": []}
    assert len(st["daily"]) == 31 and all(d["received"] == 0 for d in st["daily"])
    assert st["change"]["received"] == {"previous": 0, "delta": 0, "pct": None}


def test_running_month_is_observed_now(march) -> None:
    s, _ = march
    mid = t(3, 20, 12)  # c3 is 3 h past its first-response due; c2 not yet closed, 2 days late
    st = compute_stats(s, Period.month(2026, 3), now=mid)
    assert st["as_of"] == "2026-03-20T12:00:00+08:00"
    assert (st["received"], st["overdue_unaccepted"], st["overdue_unclosed"]) == (3, 1, 1)
    assert st["overdue_unaccepted_days_max"] == 0


def test_periods() -> None:
    p = Period.parse("2026-03")
    assert (p.start, p.end, p.label, p.previous().key) == (dt.date(2026, 3, 1), dt.date(2026, 4, 1),
                                                            "2026年3月", "2026-02")
    assert p.start_utc == dt.datetime(2026, 2, 28, 16, tzinfo=dt.UTC)
    assert Period.parse("2026-Q1").previous().key == "2025-Q4"
    assert Period.parse("2026-q4").label == "2026年第四季度"
    assert Period.parse("2026-01").previous().key == "2025-12"
    r = Period.parse("2026-03-01..2026-03-15")
    assert (r.days, r.previous().key, r.label) == (15, "2026-02-14..2026-02-28", "2026年3月1日至3月15日")
    for bad in ("2026-13", "March", "2026-Q5", "2026-03-15..2026-03-01"):
        with pytest.raises(PeriodError):
            Period.parse(bad)
