"""One place named otherwise (issue 14, ninth session of 2026-12-04): a county's town by any of its
words, a landmark without the town it is named after, an estate by its short name before a
building, a zone or a gate, the medical university's hospital by either of its
roles.

Sentences of our own, written for each phenomenon, never copied from a labelled set. Signature
level (the real classifier and signature maker, which learns the names it meets as ingest does).
"""

from __future__ import annotations

from collections.abc import Callable

import pytest
from test_cluster_phenomena import joins, sign  # noqa: F401 - fixture (its own learnt names per module)

from monitor.cluster import Signature
from monitor.cluster.place_forms import ESTATE_MARK


# ---------------------------------------------------------------- a county's town

@pytest.mark.parametrize("text", [
    "灵武城区今天一天都没来水",
    "我们灵武城里也是一滴水没有",
    "灵武城这两天停水，老人咋办",
    "灵武市区又停水了，也不提前说",
])
def test_a_county_s_town_is_one_key_however_written(sign: Callable[[str], Signature], text: str) -> None:  # noqa: F811
    assert "灵武市区" in sign(text).places  # the gazetteer's name of the town (config/regions.toml)


def test_a_county_s_town_told_by_two_words_is_one_place(sign: Callable[[str], Signature]) -> None:  # noqa: F811
    first = sign("灵武市区夜里一股臭味，像化工厂排的，窗户都不敢开")
    again = sign("灵武城区这股臭味又来了，嗓子疼")
    assert joins(again, first)
    other = sign("贺兰县城晚上也有股臭味")  # another county's town
    assert not joins(other, first)


def test_the_town_s_office_a_trip_s_end_and_its_street(sign: Callable[[str], Signature]) -> None:  # noqa: F811
    assert "灵武市区" not in sign("灵武城管今天来收摊了").places  # 城管: an office, no town
    assert "灵武市区" not in sign("灵武城区到银川的班车一小时才一趟").places  # one end of a bus's trip
    assert sign("城区街道在小学门口设了一个送水点，@灵武市").places.get("灵武市区") == 0.5  # its 街道


# ---------------------------------------------------------------- a landmark without its town

def test_a_landmark_named_after_its_town_is_written_without_it(sign: Callable[[str], Signature]) -> None:  # noqa: F811
    bare = sign("西部影城外面堵车堵了两公里，一动不动")
    assert "镇北堡西部影城" in bare.places and "镇北堡镇" in bare.places  # the landmark, in its town
    full = sign("镇北堡西部影城进门那条路堵车，停车场也满了")
    assert joins(bare, full)
    town = sign("镇北堡这边今天也堵车，走不动")  # the town named: the landmark's town, a town's weight
    assert joins(town, full)


# ---------------------------------------------------------------- an estate by its short name

def test_an_estate_is_called_by_its_last_word_before_a_zone_a_building_or_a_gate(
        sign: Callable[[str], Signature]) -> None:  # noqa: F811
    first = sign("金凤区康乐万家小区暖气片冰凉，屋里才十三度")  # learnt: 康乐万家小区
    for text in ("万家B区暖气也不热，孩子都感冒了", "我们万家12号楼暖气也是凉的", "万家9号楼暖气同样不热"):
        again = sign(text)
        assert again.places.get("康乐万家小区") == 0.7, text
        assert joins(again, first), text
    assert not sign("万家灯火的时候暖气还是不热").places  # no mark after it: the everyday word
    assert not sign("万家那边暖气也是凉的").places  # a pointer says where the writer is, not which estate


def test_a_community_of_the_gazetteer_is_called_by_its_name(sign: Callable[[str], Signature]) -> None:  # noqa: F811
    assert "湖滨社区" in sign("湖滨3号楼燃气还是点不着").places
    assert "湖滨社区" not in sign("湖滨那边的柳树很好看").places  # 湖滨 is any lakeside too


def test_a_short_name_two_estates_are_called_by_names_neither(sign: Callable[[str], Signature]) -> None:  # noqa: F811
    sign("兴庆区东岳新城小区停电了，电梯里还困着人")
    sign("西夏区南苑新城小区的路灯不亮")
    assert not sign("新城那边也停电了").places  # 新城 of two estates: which one, nobody can say


def test_the_marks_only_a_place_takes() -> None:
    for mark in ("D区", "12号楼", "3单元", "22楼", "北门", "门口", "物业"):
        assert ESTATE_MARK.fullmatch(mark), mark
    assert not ESTATE_MARK.fullmatch("的时候") and not ESTATE_MARK.fullmatch("那边")


# ---------------------------------------------------------------- the medical university's hospital

def test_the_university_hospital_by_either_role_is_one(sign: Callable[[str], Signature]) -> None:  # noqa: F811
    a = sign("医大附院看病排队排了四个小时，孩子烧得厉害")
    b = sign("总医院看病排队三个多小时还没看上")
    assert "总医院" in a.places and "总医院" in b.places
    assert joins(a, b)
