"""One event told as many problems at many places (issue 14, the outside11 round of 2026-12-02:
the development set ``cluster_outside11.jsonl``, October, by a writer who never read the rules;
and ``outside10.jsonl``).

A burst main is told as the burst at its crossing, as a jam on the road it closes, as a bus
diverted, and as 停水 at every estate it cuts off — each estate by its own name; nothing ties the
estate to the crossing but the citizen's word ("物业说是外面主管道坏了", "同一片的吧", an echo posted
under the neighbour's outage). Each rule beside its look-alikes: the same road with another
problem, the same problem on another road, an estate's own fault, two events at once. The
sentences are new ones written for each rule, never copied from a set.
"""

from __future__ import annotations

from collections.abc import Callable

import pytest
from test_cluster import app, case_of, ingest  # noqa: F401 - the pipeline on each backend
from test_cluster_threads import at, platform, poll
from test_cluster_threads import case_of as case_of_item
from test_cluster_phenomena import joins
from test_cluster_wording import classifier, main, sign  # noqa: F401 - the real classifier and maker

from monitor.cluster import Signature
from monitor.cluster.markers import area_wide
from monitor.cluster.problems import problems
from monitor.runtime.stages import build_pipeline


# ---------------------------------------------------------------- the event named beside its effect

def test_an_effect_naming_the_event_joins_it_on_a_road_both_name(sign: Callable[[str], Signature]) -> None:
    burst = sign("利民路和光明巷路口地下水管爆了，水冒出来老高，路上全是水")
    jam = sign("利民路从东头就开始堵，半小时挪了两百米，听说前面水管爆了")
    bus = sign("利民路爆管抢修，18路绕行了，站台上等了四十分钟没车")
    assert problems().of_event(jam.issues, burst.issues)
    assert joins(jam, burst) and joins(bus, burst)
    # look-alikes: the same road's jam that names no burst, the same jam with a burst on another road
    plain_jam = sign("利民路每天早上七点半堵得走不动，红绿灯太短")
    other_road = sign("向阳街从北头就开始堵，听说前面水管爆了")
    assert not joins(plain_jam, burst)
    assert not joins(other_road, burst)


def test_an_effect_naming_an_event_of_another_day_is_its_own_problem(sign: Callable[[str], Signature]) -> None:
    """An event's effects are told the hours it happens: the bus diverted "爆管抢修" meets the
    burst told that morning, not the burst of two days before on the same road; the dust of road
    works meets the works told that day, not the works told a week before (two problems)."""
    burst = sign("利民路和光明巷路口地下水管爆了，水冒出来老高，路上全是水")
    bus = sign("利民路爆管抢修，18路绕行了，站台上等了四十分钟没车")
    assert joins(bus, burst, days=0.2)
    assert not joins(bus, burst, days=2.0)
    works = sign("利民路又挖开了，半边路都围起来施工")
    dust = sign("利民路施工的扬尘太大，晾的衣服全是土")
    assert problems().of_event(works.issues, dust.issues)
    assert joins(dust, works, days=0.1)
    assert not joins(dust, works, days=5.0)


def test_an_event_named_as_a_side_remark_of_an_ordinary_problem_is_still_that_problem() -> None:
    """The event rule asks for the event as one report's *main* problem: two reports that both
    name another problem first keep the old reading."""
    table = problems()
    assert not table.of_event(("拥堵", "爆管"), ("乱停车",))
    assert not table.of_event(("噪音",), ("拥堵",))


# ---------------------------------------------------------------- 离谱 is indignation, not a price

@pytest.mark.parametrize("text", ["步行街那家酒吧真的离谱，隔两条街都听得见",
                                  "物业离谱到家了，电梯坏了半个月不修"])
def test_离谱_alone_names_no_overcharge(text: str) -> None:
    assert "乱收费" not in problems().find(text)


@pytest.mark.parametrize("text", ["景区门口一瓶水卖十五，价格离谱", "培训班的资料费收得离谱，一本三百",
                                  "一碗羊杂碎要了四十，太离谱了"])
def test_离谱_of_a_price_is_an_overcharge(text: str) -> None:
    assert main(text) == "乱收费"


# ---------------------------------------------------------------- low pressure told by the trickle

def test_a_trickle_from_the_tap_is_no_water(sign: Callable[[str], Signature]) -> None:
    assert main("六楼往上拧开龙头就筷子粗细的水，洗澡根本不行") == "停水"
    assert main("水龙头出来细细一股，接一壶要五分钟") == "停水"
    assert main("烟囱冒着细细一股烟，一股焦味") != "停水"  # a trickle of smoke


# ---------------------------------------------------------------- an estate's outage told as the event's

@pytest.mark.parametrize("text", ["物业说是外面主管道坏了，不知道什么时候来水", "同一片的吧，我们也没水",
                                  "附近几个小区都停了", "市政管网在抢修，整片都没水", "那片整个停水了是吧"])
def test_an_outage_told_as_the_areas_says_so(text: str) -> None:
    assert area_wide(text)


@pytest.mark.parametrize(("text", "told"), [("物业说是外面主管道坏了，不知道什么时候来水", "main"),
                                            ("市政管网在抢修，整片都没水", "main"),
                                            ("同一片的吧，我们也没水", "area"), ("附近几个小区都停了", "area")])
def test_an_outage_blamed_on_the_main_is_told_apart_from_one_the_neighbours_share(text: str, told: str) -> None:
    """Blaming the main outside ties an estate to a burst; saying the neighbours have it too only
    tells how far a cut reaches (a planned cut reaches as far)."""
    assert area_wide(text) == told


@pytest.mark.parametrize("text", ["楼里的水泵坏了，十楼以上没水", "路口一片汪洋，车都开不过去",
                                  "小区停水三天了，物业也不说原因"])
def test_an_outage_of_ones_own_building_is_no_areas(text: str) -> None:
    assert not area_wide(text)


def test_an_estates_outage_blamed_on_the_main_joins_the_burst_nearby(app) -> None:  # type: ignore[no-untyped-def]  # noqa: F811
    """"物业说是外面主管道坏了" at an estate joins the one burst of the last hours; an estate's
    own pump, told the same hour, stays its own."""
    ingest(app, [("u1", "利民路光明巷路口地下水管爆了，水往外冒，整个路口都淹了", 0),
                 ("u2", "利民路光明巷路口还在冒水，抢修车刚到", 15),
                 ("u3", "翠湖苑一早就没水了，物业说是外面主管道坏了，啥时候能来水", 40),
                 ("u4", "康泰家园停水了，物业说是楼里的水泵坏了，等配件", 50),
                 ("u5", "金桂园也停水了，同一片的吧", 70)])
    burst, estate, pump, third = (case_of(app, i) for i in (0, 2, 3, 4))
    assert burst.cluster_id is not None
    assert estate.cluster_id == burst.cluster_id
    assert third.cluster_id == burst.cluster_id
    assert pump.cluster_id != burst.cluster_id


def test_an_outage_blamed_on_the_main_a_day_after_a_burst_is_no_effect_of_it(app) -> None:  # type: ignore[no-untyped-def]  # noqa: F811
    """A main told of a day later ("主管道老化", cut every few days) is the village's own matter."""
    ingest(app, [("u1", "利民路光明巷路口地下水管爆了，水往外冒", 0),
                 ("u3", "翠湖苑自来水三天两头断，物业说是主管道老化", 20 * 60)])
    assert case_of(app, 1).cluster_id is None


def test_an_outage_the_neighbours_share_joins_a_burst_only_in_its_first_hours(app) -> None:  # type: ignore[no-untyped-def]  # noqa: F811
    """"同一片的吧" four hours after a burst tells a cut as far as the neighbours, which a planned
    cut or low pressure does too: its own; blaming the main at the same hour still joins."""
    ingest(app, [("u1", "利民路光明巷路口地下水管爆了，水往外冒，整个路口都淹了", 0),
                 ("u2", "金桂园也停水了，同一片的吧", 4 * 60),
                 ("u3", "翠湖苑一早就没水了，物业说是外面主管道坏了", 4 * 60 + 10)])
    burst = case_of(app, 0)
    assert case_of(app, 2).cluster_id == burst.cluster_id is not None
    assert case_of(app, 1).cluster_id != burst.cluster_id


def test_with_two_bursts_in_reach_an_estates_outage_stays_its_own(app) -> None:  # type: ignore[no-untyped-def]  # noqa: F811
    ingest(app, [("u1", "利民路光明巷路口地下水管爆了，水往外冒", 0),
                 ("u2", "向阳街东口也爆管了，水漫到人行道上", 20),
                 ("u3", "翠湖苑一早就没水了，物业说是外面主管道坏了", 40)])
    assert case_of(app, 2).cluster_id is None


@pytest.mark.parametrize(("text", "told"), [
    ("翠湖苑后面的家属院也没水了，是不是跟路口那个爆管有关系", "main"),
    ("利民路那爆管了吧，我们这边一早就没水", "main"),
    ("城东那个爆管的视频都传到我们群里了", "main"),
    ("停水是不是爆管闹的", "main"),
    ("金桂园停水了，物业说是检修，跟那边爆管没关系", None),
    ("楼道里水管爆了，水顺着楼梯往下淌", None),
])
def test_a_burst_pointed_at_is_one_the_writer_heard_of(text: str, told: str | None) -> None:
    assert area_wide(text) == told


def test_a_burst_pointed_at_joins_the_one_burst_of_the_hours(app) -> None:  # type: ignore[no-untyped-def]  # noqa: F811
    """"是不是跟路口那个爆管有关系" at an estate, and "那个爆管的视频" at no place, point at the burst
    of that morning; an estate saying its cut has nothing to do with it, and a pipe burst in a
    stairwell the same hour, are their own."""
    ingest(app, [("u1", "利民路光明巷路口地下水管爆了，水冒得老高，整个路口都淹了", 0),
                 ("u2", "翠湖苑后面的家属院也没水了，是不是跟路口那个爆管有关系", 30),
                 ("u3", "城东那个爆管的视频都传到我们群里了，水柱一人多高", 45),
                 ("u4", "金桂园停水了，物业说是检修，跟那边爆管没关系", 50),
                 ("u5", "康泰家园5号楼楼道里水管爆了，水顺着楼梯往下淌", 60)])
    burst = case_of(app, 0)
    assert burst.cluster_id is not None
    assert case_of(app, 1).cluster_id == burst.cluster_id
    assert case_of(app, 2).cluster_id == burst.cluster_id
    assert case_of(app, 3).cluster_id != burst.cluster_id
    assert case_of(app, 4).cluster_id != burst.cluster_id


def test_a_bursts_effects_are_its_own_until_it_is_mended(app) -> None:  # type: ignore[no-untyped-def]  # noqa: F811
    """A burst is dug up and mended in a day or two (``lasts`` in the table): the water on the
    crossing told that morning and the ice left the next day are the burst's; ice on the same road
    four days later, after a snowfall, names no burst and is the snow's: its own matter, though it
    meets the burst's ice report on the road and the problem."""
    ingest(app, [("u1", "利民路光明巷路口地下水管爆了，水冒得老高，路面都是水", 0),
                 ("u2", "光明巷利民路口一地的水，一会儿就冻成冰了，骑车的小心", 10),
                 ("u3", "利民路光明巷口的冰还在，今早又有人滑倒", 26 * 60),
                 ("u4", "下了一夜雪，利民路上全是冰，送孩子摔了两跤", 4 * 24 * 60),
                 ("u5", "利民路冰面+1 公交站那段最滑", 4 * 24 * 60 + 30)])
    burst = case_of(app, 0)
    assert burst.cluster_id is not None
    assert case_of(app, 1).cluster_id == burst.cluster_id
    assert case_of(app, 2).cluster_id == burst.cluster_id
    snow, echo = case_of(app, 3), case_of(app, 4)
    assert snow.cluster_id != burst.cluster_id
    assert echo.cluster_id != burst.cluster_id


def test_lasts_is_hours_of_an_event(tmp_path) -> None:  # type: ignore[no-untyped-def]
    from monitor.cluster.problems import load
    assert problems().lasts["爆管"] == 48
    bad = tmp_path / "p.toml"
    bad.write_text('["积水"]\nwords = ["积水"]\nlasts = 24\n', encoding="utf-8")
    with pytest.raises(ValueError, match="lasts"):
        load(bad)


# ---------------------------------------------------------------- a neighbour's cut under one's post

async def test_a_neighbours_outage_echoed_under_an_estates_post_is_the_same_cut(app) -> None:  # type: ignore[no-untyped-def]  # noqa: F811
    """Water and power are cut by their network: "同问，翠湖苑也没水" under 金桂园's 停水 is the
    same cut, though each names its own estate. Look-alikes in the same threads: a lift is no
    network (a neighbour's broken lift is its own), and a neighbour's outage told without saying
    it is shared (its own cause), or with a 也 of the writer's helplessness ("宁华苑停水两天了，
    也不知道找谁"), is its own."""
    state = platform(app, (("6700000001", "金桂园业主"), ("6700000002", "翠湖苑住户"), ("6700000003", "康泰家园老李"),
                           ("6700000004", "金桂园3号楼"), ("6700000005", "翠湖苑小张"),
                           ("6700000006", "宁华苑住户")))
    hub = app.matrix.hub
    cut = state.post_status("6700000001", f"@{hub.name} 金桂园早上六点开始停水，一滴都没有", at=at(0))
    echo = state.add_comment("6700000002", cut.id, f"同问，翠湖苑也没水 @{hub.name}", at=at(10))
    own = state.add_comment("6700000003", cut.id, f"康泰家园停水是楼里水泵坏了，物业说等配件 @{hub.name}",
                            at=at(20))
    helpless = state.add_comment("6700000006", cut.id, f"宁华苑停水两天了，也不知道找谁 @{hub.name}", at=at(25))
    lift = state.post_status("6700000004", f"@{hub.name} 金桂园3号楼电梯又坏了，困了人", at=at(30))
    other_lift = state.add_comment("6700000005", lift.id, f"翠湖苑的电梯也坏了两天了 @{hub.name}", at=at(40))
    build_pipeline(app).ingest(await poll(app, state))

    first = case_of_item(app, cut.id)
    assert first.cluster_id is not None
    assert case_of_item(app, echo.id).cluster_id == first.cluster_id
    assert case_of_item(app, own.id).cluster_id != first.cluster_id
    assert case_of_item(app, helpless.id).cluster_id != first.cluster_id
    lift_case = case_of_item(app, lift.id)
    other = case_of_item(app, other_lift.id)
    assert other.cluster_id is None or other.cluster_id != lift_case.cluster_id


async def test_a_neighbours_outage_echoed_a_day_later_is_another_cut(app) -> None:  # type: ignore[no-untyped-def]  # noqa: F811
    """A network's cut lasts hours: "翠湖苑也停电了" under 金桂园's outage of the day before is
    another cut (each estate's own), while the same echo that hour is the same."""
    state = platform(app, (("6700000011", "金桂园业主"), ("6700000012", "翠湖苑住户"), ("6700000013", "康泰家园老李")))
    hub = app.matrix.hub
    cut = state.post_status("6700000011", f"@{hub.name} 金桂园下午三点开始停电，冰箱都化了", at=at(0))
    same = state.add_comment("6700000012", cut.id, f"翠湖苑也停电了 @{hub.name}", at=at(30))
    later = state.add_comment("6700000013", cut.id, f"康泰家园今天也停电了 @{hub.name}", at=at(26 * 60))
    build_pipeline(app).ingest(await poll(app, state))

    first = case_of_item(app, cut.id)
    assert first.cluster_id is not None
    assert case_of_item(app, same.id).cluster_id == first.cluster_id
    assert case_of_item(app, later.id).cluster_id != first.cluster_id


@pytest.mark.parametrize("text", ["同问，翠湖苑也没水", "康泰家园今天也停电了", "我们这也是", "+1 翠湖苑",
                                  "翠湖苑情况一样，水龙头一滴都没有"])
def test_a_network_echo_says_its_own_place_has_the_cut_too(text: str) -> None:
    from monitor.cluster.joining import ALSO
    assert ALSO.search(text)


@pytest.mark.parametrize("text", ["康泰家园停水两天了，也不知道找谁", "翠湖苑停水了，我也是醉了",
                                  "康泰家园停水还收费，也太离谱了", "翠湖苑停电一整天，也没人管",
                                  "康泰家园停水贴了通知，跟没贴一样"])
def test_a_也_that_says_nothing_of_sharing_the_cut_is_no_network_echo(text: str) -> None:
    from monitor.cluster.joining import ALSO
    assert not ALSO.search(text)


# ---------------------------------------------------------------- a comment borrowing the thread

@pytest.mark.parametrize("text", ["借楼问一下，我们小区门口的快递驿站丢件找谁", "插一句，东门那盏路灯也坏了",
                                  "题外话，公园的公厕锁了一周了", "再说个宝湖的事：湖边好多死鱼",
                                  "油烟我管不了，我说交通：晚上车停两排"])
def test_a_comment_borrowing_the_thread_says_it_opens_another_matter(text: str) -> None:
    from monitor.cluster.markers import opens_another
    assert opens_another(text)


@pytest.mark.parametrize("text", ["借楼下邻居家的水洗了把脸，还是没来水", "同问，我也不清楚什么时候来水",
                                  "楼上说得对，音响太大"])
def test_an_echo_of_the_thread_borrows_nothing(text: str) -> None:
    from monitor.cluster.markers import opens_another
    assert not opens_another(text)


# ---------------------------------------------------------------- a post's matter passed over

@pytest.mark.parametrize(("text", "own", "passed_over"), [
    ("不说3号楼电梯了，7号楼顶楼漏雨两年了", "房屋漏水", "电梯"),
    ("油烟我管不了，晚上夜市那段路车停两排，公交都过不去", "乱停车", "油烟"),
])
def test_the_posts_matter_passed_over_is_not_the_comments_main_problem(text: str, own: str, passed_over: str) -> None:
    found = problems().find(text)
    assert found[0] == own and passed_over in found


# ---------------------------------------------------------------- a citizen's new matter said so

def test_a_citizen_saying_they_write_of_a_new_matter_is_no_chaser(app) -> None:  # type: ignore[no-untyped-def]  # noqa: F811
    """"再反映一个：…跟垃圾的事不是一回事" is a second matter of the same citizen at the same place,
    a case of its own; "再反映一下，…" is a chaser of the first."""
    ingest(app, [("u1", "康乐小区的垃圾桶三天没人清了，都堆到楼门口了", 0),
                 ("u1", "再反映一个：康乐小区隔壁工地晚上十一点还在打桩，跟垃圾的事不是一回事", 300),
                 ("u1", "再反映一下，康乐小区的垃圾还是没人清", 600),
                 ("u1", "除了垃圾，楼下那家烧烤店凌晨还在吵，跟工地无关，单独反映一下", 900)])
    first = case_of(app, 0)
    assert case_of(app, 1).id != first.id
    assert case_of(app, 2).id == first.id
    assert case_of(app, 3).id not in (first.id, case_of(app, 1).id)


@pytest.mark.parametrize("text", ["再反映一下，还是没人管", "宁华苑也停水了，跟文昌路那边是不是一回事？",
                                  "跟上次反映的是同一个问题"])
def test_a_chaser_or_a_question_is_no_new_matter(text: str) -> None:
    from monitor.cluster.markers import opens_new_matter
    assert not opens_new_matter(text)


async def test_a_citizens_own_comment_on_a_new_matter_is_a_case_of_its_own(app) -> None:  # type: ignore[no-untyped-def]  # noqa: F811
    """Under their own post, to the matrix, a citizen who says they write of a new matter ("再说个
    宝湖的事：…死鱼" under their dance's noise) opens a case of its own, outside the noise's cluster;
    their own comment on the same matter ("还是一样吵") stays their follow-up."""
    state = platform(app, (("6900000001", "宝湖边跑步的"), ("6900000002", "宝湖西苑住户")))
    hub = app.matrix.hub
    noise = state.post_status("6900000001", f"@{hub.name} 宝湖公园南门广场舞音响太大，天天到十点", at=at(0))
    echo = state.add_comment("6900000002", noise.id, f"同问，关窗都挡不住 @{hub.name}", at=at(10))
    fish = state.add_comment("6900000001", noise.id, f"@{hub.name} 再说个宝湖的事：湖边这几天漂了好多死鱼，"
                                                     "水都发绿了", at=at(60))
    again = state.add_comment("6900000001", noise.id, f"@{hub.name} 还是一样吵，今晚又到十点", at=at(90))
    build_pipeline(app).ingest(await poll(app, state))

    noise_case = case_of_item(app, noise.id)
    assert case_of_item(app, echo.id).cluster_id == noise_case.cluster_id is not None
    fish_case = case_of_item(app, fish.id)
    assert fish_case.id != noise_case.id and fish_case.citizen_id == "6900000001"
    assert fish_case.cluster_id != noise_case.cluster_id
    assert case_of_item(app, again.id).id == noise_case.id


@pytest.mark.parametrize(("text", "chaser"), [("反映快二十天，烧烤摊一家都没整改", True), ("投诉了两周了，没人来", True),
                                              ("反映一下小区门口的问题", False), ("这个问题反映给谁", False)])
def test_how_long_ago_it_was_written_is_a_chaser_word(text: str, chaser: bool) -> None:
    from monitor.cluster.markers import chaser_words
    assert bool(chaser_words(text)) == chaser


def test_照旧_says_the_matter_goes_on() -> None:
    from monitor.cluster.markers import continues, still
    assert continues("十一月第一天，臭味照旧。") and still("今晚照旧")


# ---------------------------------------------------------------- a smell the air carries

def test_a_smell_carried_from_one_town_is_one_nuisance_at_two_estates(sign: Callable[[str], Signature]) -> None:
    """A night smell from a town's works is told at every estate the wind reaches, each naming its
    own; both naming the town it comes from, they are one nuisance. Look-alikes: the same smell
    said to come from another town, a smell at another estate naming no town, and two estates'
    lifts naming one town."""
    one = sign("金湖嘉园这几天晚上一股化工味，像是掌政镇那边的厂子排的")
    other = sign("晚上十点以后翠湖苑也有刺鼻的味道，从掌政镇方向飘过来的")
    assert joins(other, one)
    assert not joins(sign("翠湖苑晚上也有刺鼻的味道，像是通贵乡那边的养殖场"), one)
    assert not joins(sign("翠湖苑晚上也有刺鼻的味道，不知道哪来的"), one)
    lift = sign("金湖嘉园5号楼电梯又坏了，掌政镇就没人管吗")
    assert not joins(sign("翠湖苑3号楼电梯困人了，掌政镇的维保公司不来"), lift)


def test_the_muddy_water_when_it_comes_back_is_the_bursts(app) -> None:  # type: ignore[no-untyped-def]  # noqa: F811
    """After a burst the water comes back muddy or yellow: a citizen whose estate was cut by the
    burst writing "来水了，水是黄的" that evening follows their own case (爆管 and 水质 related)."""
    ingest(app, [("u1", "利民路光明巷路口地下水管爆了，水冒得老高", 0),
                 ("u2", "翠湖苑停水了，物业说外面主管道爆了", 30),
                 ("u2", "晚上八点来水了，就是黄的，放了半天才清", 12 * 60)])
    assert case_of(app, 2).id == case_of(app, 1).id
