"""Follow-ups that land on the wrong own case, and a problem's second episode taken for a chaser
of its first (issue 14, ninth session of 2026-12-04).

* A citizen saying when they wrote before ("昨天说过了", "上周反映过的") or how long their matter
  has lasted ("一个礼拜了没人回") names which of their open cases a short word is about; that comes
  before how well the few words happen to score with each case.
* The problem counted ("第二次淹了", "这个月第三回停水", "第二次被泡") is its episodes counted, not
  the writer writing again: no chaser's word, and like "修好了又坏" a new episode that reaches no own
  case older than the cluster window. "第二次反映" stays a chaser's word.
* A building's heating joins its estate's heating cluster through a member reporting the estate's
  heating (naming no building): heating comes from the estate's station. A lift stays the building's.

Sentences of my own, never copied from a set.
"""

from __future__ import annotations

import pytest
from test_cluster import app, case_of, ingest  # noqa: F401 - the pipeline on each backend

from monitor.cluster.markers import back_reference, chaser_words, recurs

DAY = 24 * 60
FLOOD = "文昌路下穿积水很深，一辆小轿车熄火在里面了，赶紧封路"


@pytest.mark.parametrize("text", [
    "文昌路下穿第二次淹了，排水泵到底修没修",
    "这个月第三回停水了，小区里没人解释",
    "我这周第二次被泡在下穿里了",
])
def test_the_problem_counted_is_no_chasers_word(text: str) -> None:
    assert not chaser_words(text)
    assert not back_reference(text)
    assert recurs(text)


@pytest.mark.parametrize("text", ["第二次反映了，下穿的水还没抽完", "第三次问，到底谁管"])
def test_the_writer_counting_their_words_still_chases(text: str) -> None:
    assert chaser_words(text)
    assert back_reference(text)
    assert not recurs(text)


def test_mended_and_broken_again_is_a_new_episode() -> None:
    assert recurs("路面上个月修补后又裂开一道缝")


def test_a_second_flood_weeks_on_is_no_chaser_of_the_first(app) -> None:  # type: ignore[no-untyped-def]  # noqa: F811
    ingest(app, [("u1", FLOOD, 0), ("u1", "文昌路下穿第二次淹了，排水泵到底修没修", 20 * DAY)])
    assert case_of(app, 1).id != case_of(app, 0).id


def test_the_writer_asking_again_the_next_day_still_chases(app) -> None:  # type: ignore[no-untyped-def]  # noqa: F811
    ingest(app, [("u1", FLOOD, 0), ("u1", "第二次反映了，文昌路下穿的水到现在还没抽完", DAY)])
    assert case_of(app, 1).id == case_of(app, 0).id


def test_said_yesterday_follows_yesterdays_case_not_the_one_scoring_higher(app) -> None:  # type: ignore[no-untyped-def]  # noqa: F811
    """The flood three weeks ago and its second episode yesterday, both the citizen's: "昨天反映的"
    is about yesterday's, though the first report names the underpass at more length."""
    ingest(app, [("u1", "文昌路宁安大街口下穿积水很深，一辆小轿车熄火在里面了，赶紧封路", 0),
                 ("u1", "文昌路下穿再次积水，这次比上次还深", 20 * DAY),
                 ("u1", "昨天反映的文昌路宁安大街口下穿，今天还封着，绕路多走半小时", 21 * DAY)])
    assert case_of(app, 1).id != case_of(app, 0).id
    assert case_of(app, 2).id == case_of(app, 1).id


HEAT = [("h1", "金桂园3号楼的暖气摸着冰凉，家里十四度，老人冻得睡不着", 0),
        ("h2", "金桂园整个小区暖气都是温的，热力公司到底烧没烧", 120),
        ("h3", "金桂园8号楼暖气也是凉的，孩子在家穿棉袄", 300)]


def test_a_buildings_heating_joins_the_estates_heating_through_a_report_naming_no_building(app) -> None:  # type: ignore[no-untyped-def]  # noqa: F811
    """An estate's heating told by one building, then by the estate as a whole: a third building's
    cold flats join the cluster (heating comes from the estate's station, not a building's)."""
    ingest(app, HEAT)
    assert case_of(app, 1).cluster_id is not None
    assert case_of(app, 2).cluster_id == case_of(app, 0).cluster_id


def test_a_buildings_lift_stays_apart_from_another_buildings(app) -> None:  # type: ignore[no-untyped-def]  # noqa: F811
    """…but a lift is a building's own: the third building's stays out of the cluster."""
    ingest(app, [("l1", "金桂园3号楼电梯坏了三天了，老人下不了楼", 0),
                 ("l2", "金桂园的电梯天天坏，物业到底管不管", 120),
                 ("l3", "金桂园8号楼电梯也坏了，爬十六楼", 300)])
    assert case_of(app, 2).cluster_id is None or case_of(app, 2).cluster_id != case_of(app, 0).cluster_id
