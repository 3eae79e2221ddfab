"""One place written several ways (issue 14): a market by any of its words, an estate with or
without its developer's brand; and places that only share a generic word stay apart.

Sentences written for the phenomenon, never copied from a labelled set. Signature level (the
real classifier and signature maker, which learns the names it meets as ingest does).
"""

from __future__ import annotations

from collections.abc import Callable

from monitor.cluster import Signature
from monitor.cluster.score import compare, same_spot
from monitor.cluster.signature import unbranded
from test_cluster_phenomena import THRESHOLD, sign  # noqa: F401 - fixture (its own learnt names per module)


def joins(a: Signature, b: Signature) -> bool:
    return compare(a, b, age_days=0.2, window_days=7).joins(THRESHOLD)


def test_a_market_named_by_an_everyday_word_is_one_market_with_any_of_its_words(
        sign: Callable[[str], Signature]) -> None:
    """东门 is a dictionary word, yet 东门市场, 东门菜市场 and 东门农贸市场 are one market."""
    first = sign("东门菜市场卖猪肉的秤不准，买一斤回家一称少了二两")
    again = sign("东门市场那几家肉摊短斤少两，称都有问题")
    third = sign("东门农贸市场缺斤少两的问题到底有没有人管")
    assert joins(again, first) and joins(third, first)
    other = sign("西门菜市场卖猪肉的也短斤少两，一斤少了二两")  # another market, the same problem
    assert not joins(other, first)


def test_no_name_before_a_market_is_no_market_named() -> None:
    """附近 and 这个 point at a market, they name none: two such markets are not one."""
    assert not same_spot("附近市场", "附近菜市场")
    assert not same_spot("这个市场", "这个菜市场")
    assert same_spot("北门农贸市场", "北门市场")
    assert not same_spot("北门市场", "南门菜市场")


def test_an_estate_with_or_without_its_developers_brand_is_one_estate(sign: Callable[[str], Signature]) -> None:
    first = sign("保利阳光家园地下车库漏水，好几辆车都泡了")
    again = sign("阳光家园的地下车库还在漏水，车子泡了一晚上")
    assert joins(again, first)
    other = sign("阳光丽景小区地下车库也漏水，车泡在水里")  # another estate whose name starts alike
    assert not joins(other, first)


def test_a_brand_is_only_stripped_when_a_name_is_left() -> None:
    assert unbranded("万科金色") == "金色"
    assert unbranded("万科") == "" and unbranded("万科城") == "" and unbranded("金色") == ""
    assert same_spot("万科金色家园", "金色小区")
    assert not same_spot("金色家园", "金色阳光小区")
    assert not same_spot("万科金色家园", "恒大金色阳光花园")


def test_an_estate_is_filed_under_the_word_anyone_adds_not_under_another_own_word(
        sign: Callable[[str], Signature]) -> None:
    """The index brings 新华苑 to 新华小区 and 新华社区 (any estate is called a 小区), never to
    新华华庭: two own words of one everyday name are two estates."""
    sign("新华苑的电梯又坏了，老人困在里面半小时")
    assert "新华苑" in sign("新华小区电梯坏了，有人被困在里面").places
    assert "新华苑" in sign("新华社区的电梯坏了好几天").places
    assert "新华苑" not in sign("新华华庭的电梯也坏了，困了人").places


def test_a_sub_district_named_after_its_road_is_no_report_on_the_road(sign: Callable[[str], Signature]) -> None:
    """"@兴庆区胜利街街道" addresses the sub-district office named after 胜利街: two estates' and a
    market's reports addressed to it met on 胜利街 as on a road (the retired eval8: a frozen water
    meter at an estate joined a leaking pipe at a market). The 街道 stays their common area (0.5);
    the road is read where it is written as one."""
    addressed = sign("花园南苑5号楼水表冻裂了，整栋楼没水 @兴庆区胜利街街道")
    assert "胜利街" not in addressed.places
    assert addressed.places.get("胜利街街道") == 0.5
    assert sign("胜利街菜市场门口的水管漏了，地上全是冰").places.get("胜利街", 0) >= 0.7
    market = sign("中山北街菜市场门口水管漏了，一地的冰 @兴庆区胜利街街道")
    assert not joins(addressed, market)
