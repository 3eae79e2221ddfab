"""Two roads named as an area are no crossing, and stray dogs still there (issue 14, sixth session of 2026-12-04).

A letter names the area an outage reached by its roads ("X路、Y路这一片停水") and, clauses later,
people waiting at a 路口: the crossing word is not written with the roads, so the two roads are an
area, not a crossing (a crossing pins a spot, and two crossings of one road never meet). Written
with the roads, 路口 / 交叉口 / 下穿 still make the crossing. Sentences of our own.
"""

from __future__ import annotations

import pytest
from test_cluster import classifier, maker  # noqa: F401 - the signature maker

from monitor.classify.classifier import Classifier


def test_roads_named_as_an_area_with_a_crossing_word_far_off_are_no_crossing(  # type: ignore[no-untyped-def]
        maker, classifier: Classifier) -> None:  # noqa: F811
    text = "昨天宁安大街、长城中路这一带整片停电，我们店里的冰柜都化了，晚上大家只能站在路口等消息"
    places = maker.make(text, classifier.classify(text)).places
    assert not any("×" in k for k in places) and "长城中路" in places


@pytest.mark.parametrize("text", [
    "宁安大街和长城中路交叉口的红绿灯又坏了",
    "宁安大街长城中路路口积水很深",
    "正源街下穿北京路那一段全是水",
])
def test_the_crossing_written_with_its_roads_stays(maker, classifier: Classifier, text: str) -> None:  # type: ignore[no-untyped-def]  # noqa: F811
    assert any("×" in k for k in maker.make(text, classifier.classify(text)).places)


def test_stray_dogs_still_there_in_a_follow_up() -> None:
    from monitor.cluster.problems import problems
    assert problems().find("那几条狗还在，上回就说过了")[0] == "流浪狗"
    assert not problems().find("隔壁的狗还在叫") and not problems().find("门口热狗还在卖")
