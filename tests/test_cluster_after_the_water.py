"""A flood told by what it leaves (issue 14, fifth session of 2026-12-03: the retired ``eval14``
read with the other development sets).

A citizen who reported a flooded road or cellar writes again when the water goes down, and names
the water by what is left of it: gone down or not yet, the pump lorry, the mud on the road. Such a
follow-up names neither the place nor the word 积水 again, yet it is the same matter. The
sentences are new ones, written for these tests.
"""

from __future__ import annotations

import pytest
from test_cluster import app, case_of, ingest  # noqa: F401 - the pipeline on each backend

from monitor.cluster.problems import problems
from monitor.store.context import App


@pytest.mark.parametrize("text", [
    "天亮了水总算退了，单元门口全是烂泥",
    "都下午了，涵洞里的水还一点没退",
    "抽水车说好的到现在也没见",
    "地下室的水昨晚才抽完",
    "门面前头一地淤泥，没人来冲",
])
def test_water_told_by_what_it_leaves_is_the_flood(text: str) -> None:
    assert "积水" in problems().find(text)


@pytest.mark.parametrize("text", [
    "上个月的水费退了没有",  # a refund
    "家里抽水马桶老是漏",  # a flush
    "河道里淤泥积了一米厚，该清淤了",  # a river's silt
    "水库这两天在放水",
])
def test_refunds_flushes_and_river_silt_are_no_flood(text: str) -> None:
    assert "积水" not in problems().find(text)


def test_the_flood_s_own_reporter_writing_when_it_goes_down_follows_up_their_case(app: App) -> None:  # noqa: F811
    ingest(app, [
        ("w1", "暴雨后朔方路下穿通道积水一米多深，两辆车熄火泡在里面", 0),
        ("w2", "朔方路下穿淹了，车都过不去", 20),
        ("w1", "水是退了，可通道里留了一层淤泥，骑车过去直打滑", 60 * 14),
    ])
    first = case_of(app, 0)
    later = case_of(app, 2).id
    assert later == first.id, "the follow-up lands on the citizen's own flood case"
