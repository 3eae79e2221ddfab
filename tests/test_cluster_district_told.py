"""A cut or a supply's failure told as the whole district's joins the first appeal told there
(issue 14, seventh session of 2026-12-05: cluster-split).

When a gas main is dug through or a district's power goes, citizens tell it at once from their
own roads and estates ("文昌路这边没气了", "朔方路小区燃气灶打不着"), and those reports meet by no
name. A later writer who says it is the district's or the area's ("西夏区大面积停气", "这一片是不是
都停了") sees them as one failure; with two appeals of it already told in the district the rule
left that writer alone. Now they join the first appeal told; a report saying only "too", and the
heating (a district's estates are cold each for its own reasons as often), keep to one appeal.
Sentences of our own, never copied from a set.
"""

from __future__ import annotations

from test_cluster import app, case_of, ingest  # noqa: F401 - the pipeline on each backend

from monitor.cluster.echoes import first_told_latest
from monitor.store.context import App


def test_the_district_s_gas_told_wide_joins_its_first_appeal(app: App) -> None:  # noqa: F811
    ingest(app, [("a1", "文昌路这边燃气突然停了，灶上点不着火", 0),
                 ("a2", "朔方路小区没气了，热水器也打不着", 8),
                 ("a3", "西夏这一片是不是都没气了，怀远路做饭做到一半", 20)])
    first, second, wide = (case_of(app, n) for n in range(3))
    assert first.cluster_id is not None
    assert wide.cluster_id == first.cluster_id
    assert second.cluster_id is None or second.cluster_id != first.cluster_id  # (told at its own estate)


def test_gas_said_only_too_beside_two_appeals_stays_alone(app: App) -> None:  # noqa: F811
    ingest(app, [("b1", "文昌路这边燃气突然停了，灶上点不着火", 0),
                 ("b2", "朔方路小区没气了，热水器也打不着", 8),
                 ("b3", "怀远路也没气，饭做不成", 20)])  # "too": either of the two
    assert case_of(app, 2).cluster_id is None


def test_the_first_told_group() -> None:
    import datetime as dt
    t = dt.datetime(2031, 1, 1, 8, 0)
    cands = {1: (7, t), 2: (None, t + dt.timedelta(minutes=5)), 3: (7, t + dt.timedelta(minutes=30))}
    assert first_told_latest(cands) == 3  # the first told's cluster, its latest case
    assert first_told_latest({2: (None, t)}) == 2 and first_told_latest({}) is None
