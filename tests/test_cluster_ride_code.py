"""The ride code told by the scan that fails, and a heating fee told as 热费 (issue 14, third
session of 2026-12-04: eval18 and eval19 read). Sentences of our own, never copied from a set.
"""

from __future__ import annotations

from monitor.cluster.problems import problems


def test_the_ride_code_told_by_the_scan() -> None:
    table = problems()
    assert table.find("早上坐公交扫不了码，司机让下车")[0] == "乘车码"
    assert "乘车码" in table.find("刷码全瘫了，上不了车")
    assert "乘车码" in table.find("Took the bus today, the QR thing keeps failing")
    assert "乘车码" not in table.find("超市的扫码枪坏了，排了好久")  # a shop's scanner is no ride code


def test_the_heating_fee_told_as_heat_fee() -> None:
    table = problems()
    assert "供暖缴费" in table.find("热费一直交不上，明天截止")
    assert "供暖缴费" not in table.find("停暖三天，能不能退热费")  # a refund asked is another matter
