"""A problem recognised by its form (issue 14, spring round): the thing and what is wrong with it.

The problem table holds the problems its writers met; a season brings others. These sentences
(written for the rule, on things the table does not name: letter boxes, clothes racks, catkins)
check that two reports of one such problem at one place meet, that two such problems at one place
stay apart, and that what every report says (小区, 问题, people) is never the thing. Signature
level with the real classifier; the in-memory count of recent places (:class:`Spread`) on its own.
"""

from __future__ import annotations

from collections.abc import Callable

import pytest
from test_cluster import app, case_of, ingest  # noqa: F401 - the pipeline on each backend
from test_cluster_phenomena import joins, sign  # noqa: F401 - the real classifier and signature maker

from monitor.cluster import Signature
from monitor.cluster.faults import Spread
from monitor.cluster.score import shared_things


@pytest.mark.parametrize(("text", "thing", "kind"), [
    ("东门那个井盖又松了，晚上踩上去咣当响", "井盖", "broken"),
    ("楼下的下水道堵了好几天了", "下水道", "blocked"),
    ("单元门口的垃圾桶臭得不行", "垃圾桶", "smell"),
    ("河边那排柳树的柳絮满天飞", "柳絮", "mess"),
    ("有人往绿化带里乱扔建筑垃圾", "建筑垃圾", "mess"),
    ("后面那家烧烤摊天天冒黑烟", "黑烟", "leak"),
])
def test_the_thing_is_read_from_the_fault_told_of_it(sign: Callable[[str], Signature], text: str,
                                                     thing: str, kind: str) -> None:
    assert sign(text).things.get(thing) == kind, sign(text).things


def test_a_thing_jieba_glued_to_its_fault_is_cut_from_it(sign: Callable[[str], Signature]) -> None:
    """杨絮堆了一地 is cut 杨絮堆 / 了: the part before the fault is the thing."""
    assert "杨絮" in sign("锦华苑楼道里杨絮堆了一地").things


@pytest.mark.parametrize("text", ["小区的问题一直没人管", "二十一小门口每天放学都有人吵架", "这边确实不亮",
                                  "我们反映了好几次还是没人管"])
def test_filler_people_and_pointing_words_are_no_things(sign: Callable[[str], Signature], text: str) -> None:
    found = set(sign(text).things)
    assert not found & {"小区", "问题", "有人", "确实", "我们", "反映", "还是"}, found


def test_a_problem_the_table_does_not_name_meets_by_its_thing(sign: Callable[[str], Signature]) -> None:
    a = sign("翠湖苑小区3号楼下的信报箱锈烂了，小门都掉了")
    b = sign("翠湖苑的信报箱门掉了好几个，信都丢了")
    assert not a.issues and not b.issues  # the table knows no letter box: the form finds it
    assert joins(b, a)


def test_two_things_wrong_at_one_place_are_two_problems(sign: Callable[[str], Signature]) -> None:
    """Whatever sub-topic the place gives both (翠湖 reads as a lake), a letter box and catkins
    at one estate are two problems."""
    boxes = sign("翠湖苑小区3号楼下的信报箱锈烂了，小门都掉了")
    assert not joins(sign("翠湖苑小区的晾衣架倒了，没人管"), boxes)
    assert not joins(sign("翠湖苑门口杨絮飘得到处都是"), boxes)


def test_one_kind_of_thing_in_two_words_is_one_problem(sign: Callable[[str], Signature]) -> None:
    """杨絮 and 柳絮 are one spring nuisance: the same head and the same kind of fault."""
    a = sign("翠湖苑小区门口杨絮飘得到处都是，一出门就打喷嚏")
    b = sign("翠湖苑这两天柳絮满天飞，窗户都不敢开")
    assert shared_things(a, b)[0] > 0
    assert joins(b, a)


def test_the_same_thing_at_another_estate_is_another_problem(sign: Callable[[str], Signature]) -> None:
    a = sign("翠湖苑小区3号楼下的信报箱锈烂了，小门都掉了")
    assert not joins(sign("金水苑的信报箱锈烂了，小门都掉了"), a)


def test_a_word_many_places_use_is_common_and_a_burst_at_one_stays_specific() -> None:
    spread = Spread(7 * 86400)
    assert spread.weight("信报箱") is None  # too few places seen to say
    for n in range(60):
        spread.add(f"第{n}小区", {"门口", "晚上好"} if n % 2 else {"门口"}, at=1000.0 + n)
    for _ in range(40):  # forty reports of one estate's broken letter boxes
        spread.add("翠湖苑", {"信报箱", "门口"}, at=2000.0)
    assert spread.weight("门口") == 0.0
    assert spread.weight("晚上好") == 0.0
    assert spread.weight("信报箱") == 1.0


def test_what_was_seen_before_the_window_is_forgotten() -> None:
    day = 86400.0
    spread = Spread(7 * day)
    for n in range(50):
        spread.add(f"第{n}小区", {"杨絮"}, at=n)
    assert spread.weight("杨絮") == 0.0
    for n in range(50):  # three weeks later: spring is over, another 50 places write of other things
        spread.add(f"第{n}号院", {"蚊子"}, at=21 * day + n)
    assert spread.weight("杨絮") == 1.0


def test_a_flood_within_the_window_is_held_to_the_cap_oldest_forgotten_first() -> None:
    spread = Spread(7 * 86400, max_entries=1000)
    for n in range(3000):  # one hour of new places, each with three words of its own and one shared
        spread.add(f"第{n}小区", {f"甲{n}", f"乙{n}", f"丙{n}", "门口"}, at=float(n))
        assert spread.pairs + len(spread.places) <= 1000
    assert "第2999小区" in spread.places and "第0小区" not in spread.places
    kept = sorted(int(p[1:-2]) for p in spread.places)
    assert kept == list(range(kept[0], 3000))  # the newest places, every one of them
    assert spread.pairs == sum(len(seen) for seen in spread.words.values())
    assert set(spread.words["门口"]) == set(spread.places)
    assert "甲0" not in spread.words and spread.weight("甲2999") == 1.0
    assert spread.weight("门口") == 0.0


# ---------------------------------------------------------------- through the pipeline, both backends

def test_reports_of_a_thing_the_table_does_not_name_are_one_cluster(app) -> None:  # type: ignore[no-untyped-def]
    ingest(app, [("f1", "翠湖苑小区3号楼下的信报箱锈烂了，小门都掉了", 0),
                 ("f2", "翠湖苑的信报箱门掉了好几个，信都丢了", 25),
                 ("f3", "翠湖苑小区的晾衣架倒了，没人管", 40)])  # the same estate, another thing
    c = [case_of(app, i) for i in range(3)]
    assert c[0].cluster_id is not None and c[1].cluster_id == c[0].cluster_id
    assert c[2].cluster_id != c[0].cluster_id


def test_a_short_post_agreeing_about_a_place_echoes_its_appeal(app) -> None:  # type: ignore[no-untyped-def]
    """"X这边同样", "X天天这样", "X确实…": a 同问 in other words, naming the place only; whatever
    domain its few words were given, it joins the place's latest appeal. A longer post telling
    its own matter is no echo."""
    ingest(app, [("g1", "凤凰园小区南门口的路灯一到晚上就不亮，黑咕隆咚的", 0),
                 ("g2", "凤凰园这边同样", 30),
                 ("g3", "凤凰园小区门口天天这样", 50),
                 ("g4", "凤凰园小区的快递柜确实好用，就是物业收费贵，一个月要交两百块停车费还不给发票", 60)])
    c = [case_of(app, i) for i in range(4)]
    assert c[0].cluster_id is not None and c[1].cluster_id == c[0].cluster_id == c[2].cluster_id
    assert c[3].cluster_id != c[0].cluster_id


def test_agreement_words() -> None:
    from monitor.cluster.markers import agrees
    for text in ("宝塔路这边同样", "@问政银川 望远这边也是", "东门天天这样", "那边确实黑", "附议"):
        assert agrees(text), text
    for text in ("我们小区的电梯也是三天两头坏，物业说配件要从外地调过来，让等着",  # its own matter
                 "小区门口的路灯不亮"):
        assert not agrees(text), text


def test_a_same_question_naming_only_a_building_echoes_that_buildings_appeal(app) -> None:  # type: ignore[no-untyped-def]
    """"5号楼+1" names a building of an estate it does not name: the one recent appeal naming
    that building is what it asks after; with a problem named too, the appeal of that problem
    and that building among several of the problem."""
    ingest(app, [("h1", "金辉小区5号楼的暖气片摸着冰凉，屋里才十三度", 0),
                 ("h2", "金辉小区8号楼的电梯卡在六楼不动了，物业电话打不通", 10),
                 ("h3", "丽园小区2号楼暖气也不热，家里老人冻得直哆嗦", 20),
                 ("h4", "5号楼+1", 40),
                 ("h5", "同问，8号楼的住户", 50),
                 ("h6", "同问，我们2号楼暖气也不热", 60)])
    c = [case_of(app, i) for i in range(6)]
    assert c[3].cluster_id is not None and c[3].cluster_id == c[0].cluster_id
    assert c[4].cluster_id is not None and c[4].cluster_id == c[1].cluster_id
    assert c[5].cluster_id is not None and c[5].cluster_id == c[2].cluster_id


def test_a_building_two_recent_appeals_name_is_either(app) -> None:  # type: ignore[no-untyped-def]
    ingest(app, [("k1", "金辉小区5号楼的暖气片摸着冰凉，屋里才十三度", 0),
                 ("k2", "丽园小区5号楼楼道里的灯全坏了，晚上上楼摸黑", 10),
                 ("k3", "5号楼+1", 40)])
    assert case_of(app, 2).cluster_id is None


def test_a_stop_named_after_a_numbered_school_is_at_the_school(sign: Callable[[str], Signature]) -> None:
    """"五中站" is the bus stop of 五中: one spot with a chaser naming the school alone."""
    a = sign("五中站的候车亭顶棚掉了一半，下雨没处躲")
    b = sign("五中那个站台还是坏的")
    assert "五中" in a.places and "五中" in b.places
    assert joins(b, a)
    assert "二十中" not in sign("坐了二十分钟站着").places  # minutes standing: no school


def test_a_chaser_saying_how_long_or_asking_for_an_answer_follows_up_the_own_case(app) -> None:  # type: ignore[no-untyped-def]
    """"两天了，…", "都四天了！", "问了没回复", "给个准话": the citizen's own matter, naming nothing
    else; the same citizen's new report of another problem elsewhere is a case of its own."""
    day = 24 * 60
    ingest(app, [("m1", "康泰苑6号楼楼顶的广告牌被风吹歪了，挂在半空，底下是停车的地方", 0)])
    for n, (text, at) in enumerate([("两天了那块牌子还在半空晃悠，没人来弄", 2 * day),
                                    ("都四天了！", 4 * day),
                                    ("问了没回复，给个准话啥时候拆", 4 * day + 60),
                                    ("胜利街菜市场门口下水道反味三天了，路过都捂鼻子", 4 * day + 90)], 1):
        ingest(app, [("m1", text, at)], start=n)  # posts arrive days apart, each in its own poll
    own = case_of(app, 0)
    assert [case_of(app, i).id == own.id for i in range(1, 5)] == [True, True, True, False]


def test_chaser_words_of_time_and_of_an_answer() -> None:
    from monitor.cluster.markers import chaser_words
    for text in ("一星期了天天夜里干", "三个礼拜了，谁给个时间", "钱扣了五天没退", "问了几次了", "十天了，谁来管管"):
        assert chaser_words(text), text
    for text in ("小区停水三天了", "我了解了情况", "下午三点停的水"):
        assert not chaser_words(text), text


def test_a_numbered_school_named_with_a_part_of_the_city_is_the_citys(sign: Callable[[str], Signature]) -> None:
    """The city's numbering is one: "凤凰街第六小学" and "六小" are one school, and so are "阅海
    六小" and "六小"; a county's is its own (贺兰县六小, 贺兰六小), even once the city's 六小 is
    known by its bare name."""
    a = sign("凤凰街第六小学的操场塑胶跑道鼓包了，孩子跑步老绊倒")
    assert "六小" in a.places
    assert joins(sign("六小的跑道确实鼓起来好几块"), a)
    assert "六小" in sign("阅海六小门口").places
    for text in ("贺兰县六小门口", "贺兰六小门口"):
        places = sign(text).places
        assert "贺兰六小" in places and "六小" not in places, (text, places)
