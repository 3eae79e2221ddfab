"""A problem the cluster's founder told beside its main one is no drift (issue 14, third session of
2026-12-05): drift.py's ``_founder_told``.

The drift check keeps a cluster on the problem it was founded on; a cluster keeps only its
founder's main problem, yet citizens often tell one matter by two: a night market's smoke and its
din after midnight, an estate's company cutting the water of those behind with their fees. A
later report of the other, met through a member that told both, is the founder's matter. A
cluster whose founder told one problem alone still keeps a report of another out. Sentences of
my own, never copied from a set.
"""

from __future__ import annotations

import pytest
from test_cluster import app, case_of, ingest  # noqa: F401 - the pipeline on each backend

from monitor.cluster.problems import problems
from monitor.store.context import App


def _clusters(app: App, n: int) -> list[int | None]:  # noqa: F811
    return [case_of(app, i).cluster_id for i in range(n)]


def test_the_founder_tells_two_problems() -> None:
    table = problems()
    assert table.find("西塔夜市的烧烤烟全往我们楼上飘，半夜一两点还有人划拳喊叫，窗户都不敢开")[:2] == ("油烟", "噪音")
    assert table.find("西塔夜市又吵到凌晨，喇叭放歌加上喝酒划拳，孩子一晚上醒三回") == ("噪音",)
    assert not table.are_related("噪音", "油烟")  # two problems of the table, unrelated elsewhere


# a founder, a second report of the night market, then its din alone: joins the founder's
# cluster when the founder told the din beside the smoke, stays out when it told the smoke alone
FOUNDERS = {
    "the founder told the smoke and the din": ([
        ("m1", "西塔夜市的烧烤烟全往我们楼上飘，半夜一两点还有人划拳喊叫，窗户都不敢开", 0),
        ("m2", "西塔夜市半夜划拳喊叫吵死了，烧烤摊的烟也呛得人难受", 30),
        ("m3", "西塔夜市又吵到凌晨，喇叭放歌加上喝酒划拳，孩子一晚上醒三回", 90),
    ], True),
    "the founder told the smoke alone": ([
        ("s1", "西塔夜市烧烤的烟呛得人咳嗽，晾的衣服全是味，关着窗都能闻到", 0),
        ("s2", "西塔夜市的油烟太呛了，衣服晾出去一股烤肉味", 30),
        ("s3", "西塔夜市又吵到凌晨，喇叭放歌加上喝酒划拳，孩子一晚上醒三回", 90),
    ], False),
}


@pytest.mark.parametrize("told", sorted(FOUNDERS))
def test_the_din_joins_only_a_founder_that_told_it(app: App, told: str) -> None:  # noqa: F811
    rows, joins = FOUNDERS[told]
    ingest(app, rows)
    founder, second, din = _clusters(app, 3)
    assert founder is not None and second == founder
    assert (din == founder) is joins
