"""A 同问 naming neither place nor problem, posted alone, echoes the appeal whose wording it takes
up (issue 14, third session of 2026-12-03: the retired ``eval12`` read with the other development
sets).

Without a reply or a //@ chain only the echo's words and its time are there, and the time alone
does not say which appeal it agrees with: the latest appeal before it is its own less often than
not. Its words do: citizens echo what they read ("我也打不开", "又灭了，+1"). Each rule beside its
look-alikes; the sentences are new ones, never copied from a set.
"""

from __future__ import annotations

import pytest
from test_cluster import app, case_of, ingest  # noqa: F401 - the pipeline on each backend

from monitor.cluster.wording import content_pairs, taken_up
from monitor.store.context import App


@pytest.mark.parametrize(("text", "pairs"), [
    ("同问，我也打不开", {"打不", "不开"}),
    ("又灭了，+1", {"又灭", "灭了"}),
    ("+1 @银川发布 我们也是交了钱查不到", {"交了", "了钱", "钱查", "查不"}),
    ("同问//@市民甲:宝湖路井盖丢了", set()),       # a chain quoted is the quoted post's words
])
def test_an_echo_s_content_pairs_leave_out_its_markers_mentions_and_chain(text: str, pairs: set[str]) -> None:
    assert set(content_pairs(text)) == pairs


@pytest.mark.parametrize("text", [
    "同问，今天也是这样",          # grammar and time: 今天, 也是
    "+1 希望尽快处理",            # urgency every report writes
    "同问，孩子天天从门口过",      # who suffers, where one stands
])
def test_words_every_report_uses_are_no_content(text: str) -> None:
    assert not content_pairs(text)
    assert not taken_up(content_pairs(text), "希望尽快处理，孩子天天从门口过都害怕，今天也是这样")


def test_an_echo_joins_the_recent_appeal_whose_wording_it_takes_up(app: App) -> None:  # noqa: F811
    ingest(app, [
        ("w1", "长河苑东门的充电桩扫码打不开，一排六个全是这样", 0),
        ("w2", "文萃街菜市场门口的垃圾桶满了两天没人清", 20),
        ("w3", "同问，我也打不开", 35),  # the latest appeal is the bins; it echoes the chargers
    ])
    chargers, bins, echo = (case_of(app, i) for i in range(3))
    assert echo.cluster_id is not None and echo.cluster_id == chargers.cluster_id
    assert bins.cluster_id != echo.cluster_id


def test_one_pair_taken_up_says_it_only_of_an_appeal_of_the_last_hour(app: App) -> None:  # noqa: F811
    ingest(app, [
        ("x1", "康宁路十字的红绿灯灭了，车都挤在路口", 0),
        ("x2", "同问，又灭了", 150),  # one pair (灭了), two and a half hours on: which lights?
        ("x3", "景城名苑北门的路灯灭了", 200),
        ("x4", "+1 灭了好几天", 230),  # 灭了 in both appeals: either
    ])
    lights, late, lamps, both = (case_of(app, i) for i in range(4))
    assert late.cluster_id is None or late.cluster_id != lights.cluster_id
    assert both.cluster_id is None or both.cluster_id not in (lights.cluster_id, lamps.cluster_id)


def test_an_echo_naming_nothing_an_appeal_wrote_stays_alone(app: App) -> None:  # noqa: F811
    ingest(app, [
        ("y1", "长河苑东门的充电桩扫码打不开，一排六个全是这样", 0),
        ("y2", "同问，希望尽快处理", 10),
        ("y3", "同问，今天也是这样", 15),
    ])
    assert case_of(app, 1).cluster_id is None and case_of(app, 2).cluster_id is None


def test_an_echo_of_another_county_is_no_echo_of_the_city_s_appeal(app: App) -> None:  # noqa: F811
    ingest(app, [
        ("z1", "银川火车站出租车不打表，一口价五十", 0),
        ("z2", "贺兰这边出租车也不打表，同问", 20),
    ])
    taxi, echo = case_of(app, 0), case_of(app, 1)
    assert echo.cluster_id is None or echo.cluster_id != taxi.cluster_id
