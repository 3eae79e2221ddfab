"""A citizen's chaser reads a problem into its words that their own case never named (issue 14,
the round of the retired eval8/eval9).

"电费扣了两次，客服说会退，要七个工作日" names no problem of the table; a week on the citizen
writes "七个工作日早过了，电费还没退", where 退 reads as 预付退费 to the table. The chaser goes on
their matter when the case shares its rare words, not to the latest own case naming nothing.
New sentences, never copied from a set.
"""

from __future__ import annotations

import pytest
from test_cluster import app, case_of, ingest  # noqa: F401 - the pipeline on each backend

from monitor.cluster.markers import continues, still

DAY = 24 * 60


def test_a_chaser_goes_to_the_own_case_sharing_its_rare_words(app) -> None:  # type: ignore[no-untyped-def]  # noqa: F811
    ingest(app, [("u1", "手机缴费这个月电费被扣了两回，每回九十六，客服说会退但要五个工作日", 0),
                 ("u1", "12345回访的时候我说没解决，过两天系统就显示办结了，这个咋算的", 5 * DAY),
                 ("u1", "五个工作日早过了，电费还没退", 9 * DAY)])
    refund, hotline, chaser = (case_of(app, i) for i in range(3))
    assert refund.id != hotline.id
    assert chaser.id == refund.id


def test_a_chaser_sharing_no_word_is_not_carried_to_an_unrelated_case(app) -> None:  # type: ignore[no-untyped-def]  # noqa: F811
    """The look-alike: the own case shares nothing with the post, which tells its own problem."""
    ingest(app, [("u1", "小区门口新开的烧烤摊油烟太大，窗户都不敢开", 0),
                 ("u1", "办的健身卡店关门了，押金还没退", 3 * DAY)])
    assert case_of(app, 1).id != case_of(app, 0).id


@pytest.mark.parametrize(("text", "goes_on"), [
    ("停车费第一小时变成五块了，是正式调整还是收费员乱收", False),   # a choice asked: which
    ("这个托管班是学校办的还是外面机构办的？", False),
    ("还是没消息", True),
    ("是不是还是没人管", True),                                        # whether it still is
    ("我是3号楼的，还是冷", True),
])
def test_还是_offering_a_choice_says_nothing_goes_on(text: str, goes_on: bool) -> None:
    assert continues(text) is goes_on
    assert still(text) is goes_on


def test_a_new_question_offering_a_choice_is_no_chaser_of_an_own_case(app) -> None:  # type: ignore[no-untyped-def]  # noqa: F811
    """A citizen's report on the parking app, then a week later a question about a new parking
    fee ("是正式调整还是收费员乱收"): 还是 asks which, it says nothing goes on: a new case."""
    ingest(app, [("u1", "智慧停车app中午开始就打不开，路边停车扫码交不了费", 0),
                 ("u1", "今天开始路边停车收费涨了？第一小时变成五块了，是正式调整还是收费员乱收", 7 * DAY)])
    assert case_of(app, 1).id != case_of(app, 0).id
