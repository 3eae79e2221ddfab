"""Institutions as places, an echo naming a problem two appeals have, dust and smell by their
amount (issue 14, second session of 2026-12-04: redone from the description of the session of
2026-12-04's branch, which was lost).

Citizens point at a school, a kindergarten or a market by where it is ("…那个小学") more often
than they name it; an experimental school goes by three names; a 同问 naming a problem two recent
appeals have says which one by its other words. Sentences of our own, never copied from a set.
"""

from __future__ import annotations

from collections.abc import Callable

import pytest
from test_cluster import app, case_of, ingest  # noqa: F401 - the pipeline on each backend
from test_cluster_phenomena import joins, sign  # noqa: F401 - fixture (its own learnt names per module)

from monitor.cluster import Signature
from monitor.cluster.institutions import institution_places, unqualified
from monitor.cluster.problems import problems
from monitor.store.context import App


# ------------------------------------------------------------------ an institution pointed at

def test_a_school_pointed_at_by_its_road_is_the_school_named_after_it(sign: Callable[[str], Signature]) -> None:
    named = sign("红旗街小学放学时候门口车停得乱七八糟，堵得走不动")
    pointed = sign("红旗街那个小学一到放学就堵，家长的车把路都占了")
    assert "红旗街小学" in pointed.places and pointed.places["红旗街小学"] < 1.0  # it places, it does not pin
    assert joins(pointed, named)


def test_a_kindergarten_pointed_at_by_its_sub_district_and_a_market_by_its_street() -> None:
    found = {"阅海街道": 0.5}
    assert institution_places("阅海街道一家民办幼儿园收了钱不退", found) == {"阅海幼儿园": 0.7}
    assert institution_places("阅海这边那家私立幼儿园", found) == {"阅海幼儿园": 0.7}
    market = institution_places("胜利街那个农贸市场的秤都不准", {"胜利街": 0.7})
    assert market == {"胜利街菜市场": 0.7}


def test_a_county_town_points_at_its_institution() -> None:
    assert institution_places("永宁县城那个幼儿园天天加收费用", {}, ["永宁县"]) == {"永宁幼儿园": 0.7}


@pytest.mark.parametrize("text", [
    "我们那个小学门口天天堵",        # a pointer, no area: which school?
    "他家那个幼儿园老师挺好的",
    "前面那个医院停车难",
])
def test_a_pointer_without_an_area_names_no_institution(text: str) -> None:
    assert institution_places(text, {}) == {}


def test_a_kind_of_school_is_no_name(sign: Callable[[str], Signature]) -> None:
    assert unqualified("阅海普惠") == "阅海" and unqualified("普惠") == ""
    assert not sign("普惠幼儿园的名额怎么申请").places
    assert "丽子园幼儿园" in sign("丽子园普惠幼儿园门口的路灯坏了").places


# ------------------------------------------------------------------ an experimental school's names

def test_an_experimental_school_whole_short_or_by_its_branch_is_one_school() -> None:
    found = {"长湖街道": 0.5}
    whole = institution_places("长湖实验小学门口早上堵", found)
    short = institution_places("长湖实小放学的时候车太多", found)
    branch = institution_places("实验小学长湖分校门口没人疏导", found)
    assert whole == short == branch == {"长湖实小": 1.0}
    other = institution_places("实验小学金沙分校门口没人疏导", {"金沙街道": 0.5})
    assert other == {"金沙实小": 1.0}  # two branches, two schools


def test_a_bare_experimental_school_places_and_an_unknown_name_files_nothing() -> None:
    assert institution_places("实小门口的斑马线都磨没了", {}) == {"实小": 0.7}
    assert institution_places("孩子在实验小学上三年级", {}) == {"实小": 0.7}
    assert institution_places("老实小心眼", {}) == {}
    assert institution_places("青禾实验小学门口", {}) == {}  # a name the reader did not find: not the bare one


# ------------------------------------------------------------------ dust and smell by their amount

@pytest.mark.parametrize(("text", "problem"), [
    ("旁边拆房子，灰太大了", "扬尘"),
    ("灰实在太大，衣服都不敢晾", "扬尘"),
    ("晚上那个厂一开工味儿太大了", "臭味"),
    ("确实味大，熏得头疼", "臭味"),
])
def test_dust_and_smell_told_by_their_amount(text: str, problem: str) -> None:
    assert problems().find(text)[:1] == (problem,)


@pytest.mark.parametrize(("text", "problem"), [
    ("楼道里燃气味好大", "燃气"),      # a gas smell is gas
    ("灰太狼的玩具", None),
    ("这家店口味大众", None),
    ("年味大不如从前", None),
])
def test_look_alikes_of_amounts(text: str, problem: str | None) -> None:
    found = problems().find(text)
    assert (found[0] if found else None) == problem


def test_a_problem_s_spans_are_its_words_and_phrasings() -> None:
    text = "同问，我家也停水了，物业电话打不通"
    spans = problems().spans(text, "停水")
    assert spans and all(text[a:b] in "停水了" or "停水" in text[a:b] for a, b in spans)


# ------------------------------------------------------------------ an echo naming a problem

def test_an_echo_naming_a_problem_two_appeals_have_takes_the_one_whose_words_it_repeats(app: App) -> None:  # noqa: F811
    ingest(app, [
        ("e1", "青禾苑三号楼从中午开始停水，水箱检修也没通知", 0),
        ("e2", "长湖街东段的商铺都停水了，说是管道抢修", 15),
        ("e3", "同问，水箱检修为啥不提前通知，一直停水", 40),  # the first appeal's words: 水箱, 检修, 通知
    ])
    first, second, echo = (case_of(app, i) for i in range(3))
    assert first.cluster_id != second.cluster_id or first.cluster_id is None
    assert echo.cluster_id is not None and echo.cluster_id == first.cluster_id


def test_an_echo_naming_only_the_problem_two_appeals_have_stays_alone(app: App) -> None:  # noqa: F811
    ingest(app, [
        ("f1", "青禾苑三号楼从中午开始停水，水箱检修也没通知", 0),
        ("f2", "长湖街东段的商铺都停水了，说是管道抢修", 15),
        ("f3", "同问，我家也停水了", 40),  # the problem's words are every appeal's: either
    ])
    first, second, echo = (case_of(app, i) for i in range(3))
    assert echo.cluster_id is None or echo.cluster_id not in (first.cluster_id, second.cluster_id)
