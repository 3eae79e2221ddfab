"""Registering an e-bike is a matter of the whole city (issue 14, third session of 2026-12-03:
the retired ``eval12`` read with the other development sets, where five writers told it).

The appointment that is always full, the registration point's queue, the temporary plate's
deadline and the fines for riding without a plate are one counter's matter, told at no place:
two such reports meet as the city's. A sign hung on a road (挂牌子) is no plate. The sentences are
new ones, never copied from a set.
"""

from __future__ import annotations

import pytest
from test_cluster import app, case_of, ingest  # noqa: F401 - the pipeline on each backend
from test_cluster_wording import main

from monitor.store.context import App


@pytest.mark.parametrize("text", [
    "电动车上牌的号一放出来就没了，天天抢不到",
    "电动自行车登记要排三个钟头，能不能多开几个窗口",
    "临时号牌到期了新牌还办不下来，咋骑车上班",
    "没牌照的电动车被交警扣了，可预约根本约不上",
    "新买的电动车一个月了还上不了牌，网上天天约满",
])
def test_an_e_bike_s_plate_is_the_city_s_counter(text: str) -> None:
    assert main(text) == "电动车上牌"


@pytest.mark.parametrize("text", [
    "路口施工也不挂个牌子提醒一下",
    "小区门口挂牌的那家药店关门了",
])
def test_a_sign_hung_is_no_plate(text: str) -> None:
    assert main(text) != "电动车上牌"


def test_two_riders_at_no_place_meet_as_the_city_s_matter(app: App) -> None:  # noqa: F811
    ingest(app, [
        ("p1", "电动车上牌预约小程序一开就满，骑车被罚了两回了", 0),
        ("p2", "电动自行车登记太难约了，号一放就没，我们送外卖的咋办", 180),
    ])
    first, second = case_of(app, 0), case_of(app, 1)
    assert first.cluster_id is not None and second.cluster_id == first.cluster_id
