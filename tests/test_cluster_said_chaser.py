"""A chase said in so many words lands on its citizen's own case, however the matter is named
again (issue 14, chasers; third session of 2026-12-05).

Citizens chasing their own report point back at the writing in forms the chaser words did not
read: counted without 了 between ("反映两次了", "两次反映了"), timed ("说了快一周了", "反映一个多月
了"), just now ("刚才报的那个路口"), at an hour ("我七点多发的"), or by what followed it ("反映了以后
好了两天"). Those back-references are chaser words now. And said so, a chase often names its
matter anew as it goes on (a village's low voltage, read as heating from 电暖气, comes back as
its breaker tripping): the signature reads another problem and contradicts the own case. When
the post names the writing and a place of the citizen's one open report, their word and the place
agree, and it lands there. A count of the problem itself ("这个月第三次") or 再次 naming the problem
(再次积水) names no writing: no such chase. New sentences, never copied from a set.
"""

from __future__ import annotations

import pytest
from test_cluster import app, case_of, ingest  # noqa: F401 - the pipeline on each backend

from monitor.cluster.markers import back_reference, chaser_words, said_written

DAY = 24 * 60


@pytest.mark.parametrize("text", [
    "金凤区那个路口的事我反映两次了，今天还是一样",
    "两次反映了，排水沟还是没人掏",
    "公厕锁门的事说了快一周了，今天去还是锁着",
    "老年卡补贴这事反映一个多月了，到底归谁管",
    "刚才报的那个路口，现在还是没人指挥",
    "我七点多发的，到现在九点了还没来电",
    "工地反映了以后好了两天，今晚又开始切割",
    "又来问了，小区门口那堆建筑垃圾还在",
    "第二次反映，楼道里的电动车还在充电",
])
def test_a_chase_told_by_its_writing_is_read(text: str) -> None:
    assert chaser_words(text)
    assert back_reference(text) and said_written(text)


@pytest.mark.parametrize("text", [
    "23号楼电梯今天又停了，这个月第三次",  # the problem counted, not the writing
    "下穿通道再次积水，车都过不去",  # 再次 naming the problem: it is back
    "听说有人反映以后，物业把垃圾清了一点",  # another's writing
])
def test_no_writing_said(text: str) -> None:
    assert not said_written(text)


REPORT = "北塔村这两天一到晚上电压就掉，灯一闪一闪的，电暖气开不起来"
CHASE = "北塔村的事前几天说过，今天电工来村里转了一圈，说是变压器太小带不动，一到饭点就跳闸，让我们自己少开电器"


def test_a_said_chase_naming_its_matter_anew_lands_on_the_report_at_its_place(app) -> None:  # type: ignore[no-untyped-def]  # noqa: F811
    """The report's low voltage read as 供暖 (电暖气), its chase as 停电 (跳闸) three days on: the
    village and the citizen's word agree."""
    ingest(app, [("u1", REPORT, 0), ("u1", CHASE, 3 * DAY)])
    assert case_of(app, 1).id == case_of(app, 0).id


def test_the_same_place_without_a_word_of_writing_is_a_new_case(app) -> None:  # type: ignore[no-untyped-def]  # noqa: F811
    """Another matter of the citizen's in the same village, with no word that they wrote before."""
    ingest(app, [("u1", REPORT, 0), ("u1", "北塔村口堆的生活垃圾快一个月了也没人拉走，一刮风满村都是塑料袋", 3 * DAY)])
    assert case_of(app, 1).id != case_of(app, 0).id


def test_a_count_of_the_problem_is_no_chase_of_another_matter_there(app) -> None:  # type: ignore[no-untyped-def]  # noqa: F811
    """"这个月第三次" counts the lift's stops, not the writing: the heating report at the same
    building is another matter."""
    ingest(app, [("u1", "金水园7号楼暖气回水管冰凉，一楼到六楼都不热，物业说是供热公司的事", 0),
                 ("u1", "金水园7号楼电梯下午又困了人，这个月第三次，维保公司干啥的", 3 * DAY)])
    assert case_of(app, 1).id != case_of(app, 0).id


def test_a_reposts_quoted_chase_is_not_the_reposters() -> None:
    """The back-reference in a quoted chain is the quoted neighbour's chase, not the reposter's."""
    words = chaser_words("一样，我家也等到现在 //@楼下王姐:早上说的停电，到现在还没来")
    assert not any("早上说的" in w for w in words)
