"""The heat stopping at several estates the same morning (issue 14, sixth session of 2026-12-04: eval22 read).

A heating main bursting, or a plant stopping, leaves several estates cold within the same hours;
each citizen tells it at their own estate ("…暖气从凌晨开始就凉了", "…暖气突然停了"), and the
burst is told at its road by the steam ("地上冒白气，说是热力管道爆了"). A report telling the heat
as stopping joins the one appeal of heat told so in the last three hours; a flat never warm, the
season's first days, a unit's own fault or a report hours later stay apart. And a hotline's
words for an episode back after a fix (与…日情况类似, …日曾出现…今日再次) are no chaser of the
first. Sentences of our own, never copied from a set.
"""

from __future__ import annotations

from test_cluster import app, case_of, ingest  # noqa: F401 - the pipeline on each backend

from monitor.cluster.markers import recurs
from monitor.cluster.supply import HEAT_STOPPED, _stopped
from monitor.store.context import App

FIRST = ("h1", "金桂苑暖气从凌晨开始就凉了，老人冻得睡不着觉", 0)


def test_estates_told_cold_the_same_morning_are_one_failure(app: App) -> None:  # noqa: F811
    ingest(app, [FIRST,
                 ("h2", "枫林小区暖气突然停了，屋里越来越冷", 25),
                 ("h3", "我家在丽水家园，早上起来暖气片冰凉", 60),
                 ("h4", "好几个小区都没暖气了吧，到底哪里坏了", 100)])
    first = case_of(app, 0)
    assert first.cluster_id is not None
    for n in (1, 2, 3):
        assert case_of(app, n).cluster_id == first.cluster_id


def test_the_heating_main_told_at_its_road_joins_the_estates(app: App) -> None:  # noqa: F811
    ingest(app, [FIRST,
                 ("b2", "枫林小区暖气突然停了，屋里越来越冷", 25),
                 ("b3", "北京中路那边地上一直冒白气，说是热力管道爆了", 50)])
    first = case_of(app, 0)
    assert first.cluster_id is not None and case_of(app, 2).cluster_id == first.cluster_id


def test_a_flat_never_warm_the_season_s_start_and_hours_later_stay_apart(app: App) -> None:  # noqa: F811
    ingest(app, [FIRST,
                 ("s2", "枫林小区暖气温吞吞的，屋里才十七度", 20),                 # weak, not stopped
                 ("s3", "不是说开始供暖了吗，丽水家园暖气片冰凉", 40),             # the season's first day
                 ("s4", "银湖苑3单元暖气突然停了，别的单元都热", 60),              # one unit's own
                 ("s5", "翠柳小区暖气半夜就凉了，冻得起不来", 300)])               # five hours on
    first = case_of(app, 0)
    for n in (1, 2, 3, 4):
        assert case_of(app, n).cluster_id is None or case_of(app, n).cluster_id != first.cluster_id


def test_the_words_of_heat_stopping() -> None:
    assert HEAT_STOPPED.search("暖气夜里突然不热了") and HEAT_STOPPED.search("家里暖气全凉了")
    assert HEAT_STOPPED.search("早上被冻醒了") and HEAT_STOPPED.search("附近小区都停了")
    assert not HEAT_STOPPED.search("暖气一直温温的") and not HEAT_STOPPED.search("屋里十七度不达标")
    assert not _stopped("今天正式供暖了，暖气片还是冰凉") and not _stopped("暖气费交了，暖气凉了")


def test_a_hotline_s_words_for_an_episode_back_after_a_fix() -> None:
    assert recurs("工单：某某苑再次出现暖气不热，来电人称与10月9日情况类似")
    assert recurs("来电人反映：某某小区2月3日曾出现停水，经处理后恢复，今日再次停水")
    assert recurs("暖气又凉了，这个月第三次打热线")
    assert not recurs("暖气还是不热，第三次反映了") and not recurs("我昨天说的暖气还没人来")


def test_a_matter_added_after_the_one_others_told_is_the_post_s_own() -> None:
    from monitor.cluster.problems import problems
    # "不光X，…也Y": X is what others told; the post's own problem is Y
    assert problems().find("我们这边不光暖气，小区门口井盖也冒热气了")[0] == "井盖"
    assert problems().find("井盖冒热气，暖气也不热")[0] == "井盖"
