"""An event told by its effects at its own road, its water told by where it stands, ice by the
cars on it, a cold flat by its thermometer (issue 14, fourth session of 2026-12-03: the retired ``eval13`` read with the
other development sets).

A burst main is told by what it does to the road while it lasts: the jam at its crossing, the bus
diverted round it, the road dug up to mend it, the pit it leaves (``effects`` in the table). A
report of one of them at the road where the burst was told, within its hours, is the burst's; a
burst told where a jam was told first is no effect of the jam, a jam two days on is the road's own,
and a jam at a 街道 the burst's road lies in is not at the burst. The sentences are new ones, never
copied from a set.
"""

from __future__ import annotations

import pytest
from test_cluster import app, case_of, ingest  # noqa: F401 - the pipeline on each backend

from monitor.cluster.problems import problems
from monitor.store.context import App


def test_a_bus_diverted_and_the_road_dug_up_at_the_burst_s_road_are_the_burst_s(app: App) -> None:  # noqa: F811
    ingest(app, [
        ("a1", "凤凰北街文化街路口水管爆了，水哗哗往外冒，半条路都淹了", 0),
        ("a2", "凤凰北街爆管了，大家绕着走", 10),
        ("a3", "8路公交在凤凰北街改道了，等了半小时车都没来，站台也没个提示", 40),
        ("a4", "凤凰北街那边路挖开了在修，只剩一条道能走", 120),
    ])
    burst, bus, dug = case_of(app, 0), case_of(app, 2), case_of(app, 3)
    assert burst.cluster_id is not None
    assert bus.cluster_id == burst.cluster_id
    assert dug.cluster_id == burst.cluster_id


def test_effects_told_days_on_or_first_or_only_in_its_street_stay_out(app: App) -> None:  # noqa: F811
    ingest(app, [
        # a jam told first: the burst after it is no effect of the jam
        ("b1", "康平路早高峰天天堵，红绿灯时间太短", 0),
        ("b2", "康平路宝湖西路路口水管爆了，地底下往外涌水", 30),
        ("b3", "康平路宝湖西路路口水管爆了，路上全是水", 45),
        # three days on: the road's own works, the burst long mended
        ("b4", "康平路又挖开了，说是铺燃气管道，围挡占了半条路", 60 * 24 * 3),
    ])
    jam, burst, again, later = (case_of(app, i) for i in range(4))
    assert burst.cluster_id is not None and again.cluster_id == burst.cluster_id
    assert jam.cluster_id != burst.cluster_id
    assert later.cluster_id != burst.cluster_id


@pytest.mark.parametrize(("text", "problem"), [
    # a burst told by its water coming up
    ("南关那边地底下往外涌水，半条街都是水", "爆管"),
    ("看新闻说是供水主管爆了，附近都停水", "爆管"),
    ("十字路口水柱一人多高，车都不敢过", "爆管"),
    # water told by where it stands and gets in, by wading and by the river it makes
    ("我们铺子门口全是水，店里也进水了，货没法卖", "积水"),
    ("地下室仓库进水了，几十箱饮料全泡了", "积水"),
    ("刚蹚水过来，裤子湿到膝盖", "积水"),
    ("那段路跟河一样，电动车都熄火了", "积水"),
    # ice told by the cars on it
    ("文昌路那个坡上车都在打滑，根本上不去", "冰雪"),
    ("后面那辆车刹不住滑过来了，直接怼我车屁股上", "冰雪"),
    ("#银川下雪# 北京路高架上连环追尾，已经堵死了", "冰雪"),
    ("桥面一直没人除冰，早晚出事", "冰雪"),
    # …and by the surface it makes, and what lies there
    ("医院门口的台阶都成滑梯了，扶着墙才下来", "冰雪"),
    ("小区主路跟溜冰场一样，外卖都送不进来", "冰雪"),
    ("学校那个坡今天还滑，娃摔了两跤", "冰雪"),
    ("菜市场门口的冰两天了没人管", "冰雪"),
    ("过了一中午了还是冰，环卫在哪", "冰雪"),
    # a cold flat by its thermometer
    ("屋里17度不到，老人晚上冻得睡不着", "供暖"),
    ("我家温度计才15度，暖气片是温的", "供暖"),
    ("+1 五楼 16度", "供暖"),
    ("室温十五六度，交了暖气费就这样", "供暖"),
])
def test_water_and_cold_told_otherwise_name_their_problem(text: str, problem: str) -> None:
    assert problems().find(text)[:1] == (problem,)


@pytest.mark.parametrize("text", [
    "楼上卫生间漏水漏到我家天花板",  # a leak from upstairs: 房屋漏水
    "孩子烧到39度，儿科排队三小时",  # a fever
    "外面零下十几度，公交站没有挡风的",  # the weather outside
    "下雨天追尾了，保险公司一直不来",  # a crash in the rain
    "手机屏幕滑过去就卡死",  # a screen
    "手机壳太滑了拿不住",  # a phone case
    "小区的滑梯掉漆了，孩子划破了手",  # a playground's slide
    "暖气片摸着还是冰的",  # a radiator: cold, not ice
])
def test_look_alikes_of_water_and_cold_name_no_such_problem(text: str) -> None:
    found = problems().find(text)
    assert "积水" not in found and "冰雪" not in found and ("供暖" not in found or "暖气" in text)
