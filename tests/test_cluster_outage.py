"""The city's app or payment counter down, and the ride code told by the scan (issue 14, third
session of 2026-12-04: eval19 read).

When the city's app fails every bill paid through it fails at once, and citizens tell it by the bill
they could not pay (the gas not topped up, the water bill, the heating fee) or by the app crashing:
one matter that day, at no place. The same app failing a week later is another failure. The ride
code is told by the scan that fails ("扫不了码"). Sentences of our own, never copied from a set.
"""

from __future__ import annotations

from test_cluster import app, case_of, ingest  # noqa: F401 - the pipeline on each backend

from monitor.cluster.problems import problems
from monitor.store.context import App

DAY = 24 * 60


def test_bills_unpaid_while_the_app_is_down_are_one_matter(app: App) -> None:  # noqa: F811
    ingest(app, [("a1", "我的宁夏一打开就闪退，燃气卡没法充", 0),
                 ("a2", "水费交了三遍都提示支付失败，钱还扣了", 40),
                 ("a3", "手机上交不了暖气费，明天就截止了", 90)])
    first = case_of(app, 0)
    assert first.cluster_id is not None
    assert case_of(app, 1).cluster_id == first.cluster_id and case_of(app, 2).cluster_id == first.cluster_id


def test_the_app_down_a_week_apart_is_two_failures(app: App) -> None:  # noqa: F811
    ingest(app, [("b1", "政务小程序又打不开了，水费交不了", 0),
                 ("b2", "这个缴费平台怎么又打不开，一直报错", 3 * DAY)])
    assert case_of(app, 1).cluster_id is None


def test_the_ride_code_told_by_the_scan() -> None:
    table = problems()
    assert table.find("早上坐公交扫不了码，司机让下车")[0] == "乘车码"
    assert "乘车码" in table.find("刷码全瘫了，上不了车")
    assert table.find("i银川缴费一直报系统繁忙")[0] == "缴费系统"
    assert "缴费系统" not in table.find("医院的系统故障，挂不上号")  # a hospital's system is its own
    assert "缴费系统" not in table.find("这个app一打开就闪退")  # an app alone: which one, and what for?
    assert "供暖缴费" in table.find("热费一直交不上") and "供暖缴费" not in table.find("停暖能不能退热费")
