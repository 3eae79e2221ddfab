"""What a citizen tells of their own matter since, and places written otherwise (issue 14, late
session of 2026-12-03: the retired ``eval16`` read with the other development sets).

* a citizen's short word on their one open report, naming the problem it became and no place
  ("水是来了，可浑得很" after their estate's outage), follows that report up;
* a citizen asking whether it is done ("原因查出来没有", "修好了吗") or after its progress
  ("…的事有没有进度") asks after their own matter;
* two roads written side by side ("北京路正源街附近") name their crossing as 路口 does;
* estates named …名居 are estates.

The sentences are new ones, written for these tests.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from test_cluster import app, case_of, ingest  # noqa: F401 - the pipeline on each backend

from monitor.cluster.markers import tells_update
from monitor.store.context import App

ROOT = Path(__file__).resolve().parents[1]


@pytest.fixture(scope="module")
def maker():  # type: ignore[no-untyped-def]
    from monitor.classify import Classifier
    from monitor.cluster import SignatureMaker
    from monitor.core.config import Config

    classifier = Classifier.from_config(Config.load(ROOT / "config" / "wenzheng.toml"))
    return classifier, SignatureMaker(classifier)


def places(maker, text: str) -> dict[str, float]:  # type: ignore[no-untyped-def]
    classifier, m = maker
    return dict(m.make(text, classifier.classify(text)).places)


def test_two_roads_side_by_side_name_their_crossing(maker) -> None:  # type: ignore[no-untyped-def]
    assert "×".join(sorted(["宁安街", "长城中路"])) in places(maker, "宁安大街长城中路的红绿灯一直黄闪")
    assert "×".join(sorted(["北京东路", "凤凰街"])) in places(maker, "北京东路凤凰街那边的井盖没了")


def test_a_community_named_after_a_road_and_a_stretch_are_no_crossing(maker) -> None:  # type: ignore[no-untyped-def]
    assert not any("×" in k for k in places(maker, "胜利街中山北街社区门口的垃圾没人收"))
    assert not any("×" in k for k in places(maker, "正源街从北京中路一直到宁安大街都黑着灯"))


def test_an_estate_named_with_ming_ju_is_a_place(maker) -> None:  # type: ignore[no-untyped-def]
    assert places(maker, "金桂名居今早又停电了").get("金桂名居") == 1.0


@pytest.mark.parametrize("text", [
    "上回说的原因查出来没有？",
    "门口那个坑修好了吗",
    "充电的事有没有进度",
])
def test_asking_whether_it_is_done_asks_after_one_s_matter(text: str) -> None:
    assert tells_update(text)


@pytest.mark.parametrize("text", [
    "刚修好没两天就坏了",  # done once, broken again: no question
    "这个问题能解决吗",  # a first report's question, nothing done yet
])
def test_what_is_no_question_after_it(text: str) -> None:
    assert not tells_update(text)


def test_the_problem_a_cut_became_told_since_follows_up_the_citizen_s_report(app: App) -> None:  # noqa: F811
    ingest(app, [
        ("y1", "金桂名居从早上八点停水，物业说是外面管道的问题，老人孩子都等着用水", 0),
        ("y2", "丽景湖公园那边的路灯坏了一排，晚上走路看不见", 30),
        ("y1", "今天水是来了，可浑得很，跟泥汤一样", 60 * 20),
    ])
    first = case_of(app, 0)
    later = case_of(app, 2).id
    assert later == first.id, "the word on the water since lands on the citizen's own outage"


def test_a_word_on_another_problem_opens_a_case_of_its_own(app: App) -> None:  # noqa: F811
    ingest(app, [
        ("y1", "金桂名居从早上八点停水，物业说是外面管道的问题，老人孩子都等着用水", 0),
        ("y1", "今天楼下烧烤的油烟又熏进屋里了", 60 * 20),
    ])
    first = case_of(app, 0)
    later = case_of(app, 1).id
    assert later != first.id, "smoke from a grill is no word on the water"


def test_the_one_report_told_of_again_weeks_on_is_followed_up(app: App) -> None:  # noqa: F811
    ingest(app, [
        ("y3", "兴庆区文化东街菜场门口路面塌了一个坑，骑车的晚上根本看不见", 0),
        ("y3", "文化东街那个坑还在，围的两个桶都倒了", 60 * 24 * 10),
    ])
    first = case_of(app, 0)
    later = case_of(app, 1).id
    assert later == first.id, "ten days on, the pit still there is the citizen's own report"


def test_the_problem_back_weeks_on_is_a_new_episode(app: App) -> None:  # noqa: F811
    ingest(app, [
        ("y4", "兴庆区文化东街菜场门口一排路灯都不亮，晚上黑漆漆的", 0),
        ("y4", "文化东街的路灯又灭了，前几天刚亮", 60 * 24 * 12),
    ])
    first = case_of(app, 0)
    later = case_of(app, 1).id
    assert later != first.id, "back again weeks on: a case of its own"
