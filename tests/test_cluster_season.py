"""Matters of a season for the whole city, and the hotline told by the caller's tries (issue 14,
the round of the retired eval8, a winter around the Spring Festival).

Before the Spring Festival many citizens ask the city the same question at no place, each in their
own words: whether fireworks may be set off this year and where, how to get a ticket home, when the
buses stop over the holiday. The table had no word for any of them, so each stayed alone. The
sentences are new ones written for each rule, never copied from a set; each beside its look-alike.
"""

from __future__ import annotations

import pytest
from test_cluster import app, case_of, ingest  # noqa: F401 - the pipeline on each backend

from monitor.cluster.problems import problems


@pytest.mark.parametrize(("text", "problem"), [
    ("今年过年市里到底让不让放烟花，有没有个正式说法", "烟花燃放"),
    ("哪些区域禁放鞭炮，几点以后不能放了", "烟花燃放"),
    ("+1 今年城里能放炮吗", "烟花燃放"),
    ("抢了三天都抢不到回成都的票，能不能多开几趟临客", "返乡车票"),
    ("回老家的火车票开售就没了，候补一直不成功", "返乡车票"),
    ("外地务工的想问有没有返乡包车", "返乡车票"),
    ("大年初一公交几点开始发车，除夕几点收车", "节日公交"),
    ("春节假期公交是不是要缩班，时刻表啥时候出", "节日公交"),
    ("96开头那个热线打了一上午都是忙音", "热线"),
    ("12345一直占线，想反映个事都反映不了", "热线"),
])
def test_a_seasons_question_of_the_whole_city_names_its_matter(text: str, problem: str) -> None:
    found = problems().find(text)
    assert found and found[0] == problem
    assert problem in problems().citywide


@pytest.mark.parametrize(("text", "problem"), [
    ("楼下天天晚上有人放鞭炮，吵得孩子睡不着", "噪音"),   # a night's firecrackers at home: noise
    ("38路末班车太早了，九点就没车", "公交服务"),          # a line's last bus, any day: that line's
])
def test_a_look_alike_of_a_seasons_matter_keeps_its_own_problem(text: str, problem: str) -> None:
    assert problems().find(text)[0] == problem


@pytest.mark.parametrize("text", ["物业电话一直打不通，电梯坏了三天", "客服电话打不通，退款到现在没到"])
def test_a_phone_beside_the_matter_is_no_hotline(text: str) -> None:
    assert "热线" not in problems().find(text)


def test_a_card_written_at_the_counter_is_paying_for_gas() -> None:
    assert problems().find("充值页面一直转圈，拿卡去营业厅写卡也说系统维护")[0] == "燃气缴费"
    assert problems().are_related("燃气费", "燃气缴费")


def test_citizens_asking_about_fireworks_at_no_place_are_one_matter(app) -> None:  # type: ignore[no-untyped-def]  # noqa: F811
    """Three citizens ask whether fireworks may be set off, each in their own words and at no place:
    one matter of the city. A citizen asking for tickets home the same hour is another; a family's
    firecracker noise at an estate is that estate's."""
    ingest(app, [("u1", "今年过年市里到底让不让放烟花，有没有个正式说法", 0),
                 ("u2", "哪些区域禁放鞭炮，几点以后不能放了", 40),
                 ("u3", "抢了三天都抢不到回成都的票，能不能多开几趟临客", 50),
                 ("u4", "+1 今年城里能放炮吗", 90),
                 ("u5", "翠湖苑楼下天天半夜有人放鞭炮，吵得孩子睡不着", 100)])
    first = case_of(app, 0)
    assert first.cluster_id is not None
    assert case_of(app, 1).cluster_id == first.cluster_id
    assert case_of(app, 3).cluster_id == first.cluster_id
    assert case_of(app, 2).cluster_id != first.cluster_id
    assert case_of(app, 4).cluster_id != first.cluster_id


def test_the_ride_code_failing_on_a_line_joins_the_citys_reports_of_it(app) -> None:  # type: ignore[no-untyped-def]  # noqa: F811
    """A rider naming the line where the city's ride code failed ("7路上好几个人都扫不了") was
    compared as one of the city's matter but never filed nor looked up as one (its line is a place
    key), so it stayed alone (the retired eval9's ride code after an app update). A line's own
    matter told with its number (a stop dropped) stays the line's."""
    ingest(app, [("u1", "乘车码一早上都刷不出来，司机让投币", 0),
                 ("u2", "乘车码更新以后就扫不上了，7路上好几个人都扫不了", 15),
                 ("u3", "在9路上扫码一直报错，后面排了一长串人", 40),
                 ("u4", "9路改线了，站也取消了", 60)])
    first = case_of(app, 0)
    assert first.cluster_id is not None
    assert case_of(app, 1).cluster_id == first.cluster_id
    assert case_of(app, 2).cluster_id == first.cluster_id
    assert case_of(app, 3).cluster_id != first.cluster_id


@pytest.mark.parametrize(("text", "problem"), [
    ("市妇幼儿科急诊排到两百多号，孩子烧到三十九度还没看上", "看病排队"),
    ("发热门诊外面排长队，老人站在风里", "看病排队"),
    ("儿童医院夜间门诊一号难求", "看病排队"),
    ("高铁站进站安检只开了一个口，队排到停车场", "进站排队"),
    ("汽车站售票窗口排队排了一个小时", "进站排队"),
])
def test_a_queue_told_by_its_number_or_its_gate_names_whose_queue(text: str, problem: str) -> None:
    assert problems().find(text)[0] == problem


def test_a_queue_of_cars_into_the_hospital_is_the_roads_jam_not_the_wards(app) -> None:  # type: ignore[no-untyped-def]  # noqa: F811
    """Two reports of the children's emergency queue at one hospital are one matter; the cars
    queueing into its car park and blocking the street (which names 急诊 as those it delays) are
    another. The station's security queue is no matter of the taxis touting outside it."""
    ingest(app, [("u1", "市妇幼保健院儿科急诊排到两百多号，孩子烧到三十九度还没看上", 0),
                 ("u2", "市妇幼保健院儿科急诊今晚又排了四个小时，医生就两个", 60),
                 ("u3", "市妇幼保健院门口排队进停车场的车排到大街上了，把路堵死了，送急诊的都被堵着", 90),
                 ("u4", "高铁站进站安检只开了一个口，队排到停车场", 120),
                 ("u5", "高铁站出站口的出租车不打表，张口就要一百", 150)])
    ward = case_of(app, 0)
    assert ward.cluster_id is not None and case_of(app, 1).cluster_id == ward.cluster_id
    assert case_of(app, 2).cluster_id != ward.cluster_id
    station = case_of(app, 3)
    assert station.cluster_id is None or case_of(app, 4).cluster_id != station.cluster_id


@pytest.mark.parametrize("text", [
    "去年冬天办了停供，多交的热费到现在也没退还",
    "空置房报停交了基础热费，说好按面积退差价，钱呢",
    "热费退费到底啥时候，营业厅一直说等审批",
])
def test_the_heating_refund_owed_for_a_stopped_flat_is_the_citys_matter(text: str) -> None:
    assert problems().find(text)[0] == "空置房热费"


@pytest.mark.parametrize(("text", "absent"), [
    ("接市民来电：其小区电梯停了三天", "停电"),     # 来电： is the hotline's call, not power back
    ("暖气费交了家里还是不热，能不能退一部分", "空置房热费"),  # a cold flat's own grievance
])
def test_look_alikes_of_a_refund_and_of_power_back(text: str, absent: str) -> None:
    assert absent not in problems().find(text)


def test_citizens_asking_after_the_heating_refund_at_no_place_are_one_matter(app) -> None:  # type: ignore[no-untyped-def]  # noqa: F811
    ingest(app, [("u1", "去年冬天办了停供，多交的热费到现在也没退还 @银川供热", 0),
                 ("u2", "接市民来电：其办理停供的房屋多缴热费至今未退还，要求明确退费时间", 60),
                 ("u3", "我们报停的也没退，一直说等审批", 120)])
    first = case_of(app, 0)
    assert first.cluster_id is not None
    assert case_of(app, 1).cluster_id == first.cluster_id
    assert case_of(app, 2).cluster_id == first.cluster_id


@pytest.mark.parametrize(("text", "jam"), [
    ("实验小学门口 每天堵 同问", True),        # a gate's daily jam, told in four characters
    ("小区门口早晚都堵", True),
    ("马桶经常堵", False),                     # a toilet, no traffic
    ("下水道每天堵，一股臭味", False),
])
def test_a_gate_that_jams_every_day_names_the_jam(text: str, jam: bool) -> None:
    """"学校门口 每天堵 同问" named no problem, so it echoed the gate's latest appeal (the ice on
    its slope, the retired eval8) instead of asking after the traffic."""
    assert (problems().find(text)[:1] == ("拥堵",)) is jam
