"""A 同问 naming a problem echoes the burst the city is telling now (issue 14, fifth session of 2026-12-05).

A 同问 posted alone that names its problem and no place ("同问几点来电", "同问 啥时候来水") joins the
one recent appeal of that problem. When two recent appeals have it and its other words take up
neither, it asked after none; but when one of them is told by many in the last hours (a cut, a
burst main) and the other by one or two, the 同问 agrees with the burst. Each rule beside its
look-alikes; the sentences are new ones, never copied from a set.
"""

from __future__ import annotations

from test_cluster import app, case_of, ingest  # noqa: F401 - the pipeline on each backend

from monitor.store.context import App

# an estate's power cut told by four citizens within the hour, another estate's told once
CUT = [
    ("b1", "金凤区康泰花园突然停电了，整个小区都黑了", 0),
    ("b2", "康泰花园停电了，电梯里好像还有人", 10),
    ("b3", "康泰花园这边停电半小时了，冰箱里的东西咋办", 25),
    ("b4", "康泰花园又停电了吗，家里一点电都没有", 40),
    ("o1", "西夏区怀远新村3号楼停电了，物业说在查", 30),
]


def test_a_bare_echo_of_the_cut_joins_the_burst(app: App) -> None:  # noqa: F811
    ingest(app, [*CUT, ("e1", "同问几点来电", 70)])
    burst = case_of(app, 0).cluster_id
    assert burst is not None and all(case_of(app, i).cluster_id == burst for i in range(4))
    echo = case_of(app, 5)
    assert echo.cluster_id == burst
    assert case_of(app, 4).cluster_id is None  # the other estate's cut stays its own


def test_two_appeals_told_alike_leave_it_alone(app: App) -> None:  # noqa: F811
    ingest(app, [
        *CUT[:2],
        ("p1", "西夏区怀远新村停电了，黑灯瞎火的", 5),
        ("p2", "怀远新村停电，孩子作业写不成", 15),
        ("e1", "同问几点来电", 60),  # two appeals told by two each: either may be its own
    ])
    echo = case_of(app, 4)
    assert echo.cluster_id is None or echo.cluster_id not in (case_of(app, 0).cluster_id, case_of(app, 2).cluster_id)


def test_a_burst_of_yesterday_is_no_burst_now(app: App) -> None:  # noqa: F811
    ingest(app, [*CUT, ("e1", "同问几点来电", 60 * 20)])  # twenty hours on: told by none since
    assert case_of(app, 5).cluster_id is None


def test_an_echo_of_the_water_joins_the_burst_main(app: App) -> None:  # noqa: F811
    ingest(app, [
        ("m1", "北京中路和宁安大街路口水管爆了，水冒得一米多高", 0),
        ("m2", "宁安大街北京中路十字那里爆管了，路面全是水", 15),
        ("m3", "北京中路宁安大街口子自来水管爆了，车都过不去", 30),
        ("w1", "西夏区朔方苑门口的路灯坏了一排", 20),
        ("e1", "同问 啥时候来水", 90),  # told by the cut the burst makes, naming no burst
    ])
    burst = case_of(app, 0).cluster_id
    assert burst is not None and case_of(app, 4).cluster_id == burst


def test_an_echo_told_from_another_district_is_not_the_burst(app: App) -> None:  # noqa: F811
    ingest(app, [
        *CUT,
        ("e1", "灵武这边也停电了，同问几点来电", 70),  # the county's cut, not the estate's in 金凤
    ])
    echo = case_of(app, 5)
    assert echo.cluster_id is None or echo.cluster_id != case_of(app, 0).cluster_id
