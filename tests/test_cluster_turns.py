"""A comment that turns from the post it sits under to a matter of its own (issue 14, the
precision round on the winter and late-spring development sets ``outside12`` and ``outside13``).

Citizens comment under a neighbour's post and pass its matter over before their own: "广场舞的事先
不说了 东岸那片洼地…", "别说地道桥了 我们地库也进水了", "油烟是一方面 更要命的是…", "暖气是好了
现在雪又没人扫", "跟7号楼那个坏电梯不是一个事". Posts are written with spaces for commas as often as
with commas. Each rule beside its look-alike (a comment that only agrees, a post that names no
other place). The sentences are new ones written for each rule, never copied from a set.
"""

from __future__ import annotations

from collections.abc import Callable

import pytest
from test_cluster import app, case_of, ingest  # noqa: F401 - the pipeline on each backend
from test_cluster_apart import fresh  # noqa: F401 - a signature maker that has learnt nothing
from test_cluster_threads import at, platform, poll
from test_cluster_threads import case_of as case_of_item
from test_cluster_wording import classifier  # noqa: F401 - the real classifier

from monitor.cluster import Signature
from monitor.cluster.problems import problems
from monitor.runtime.stages import build_pipeline


# ---------------------------------------------------------------- the matter set aside, space-written

@pytest.mark.parametrize(("text", "own", "aside"), [
    ("广场舞的事先不说了 小区东门的路灯坏了一排 晚上黑乎乎的", "路灯", "噪音"),  # spaces for commas
    ("路灯是一方面 更要命的是东门的井盖丢了", "井盖", "路灯"),                 # weighed: 是一方面
    ("暖气是好了 现在楼道里的灯又不亮了", "楼道灯", "供暖"),                   # settled: 是好了
])
def test_a_matter_set_aside_in_a_space_written_post_is_not_the_main_one(text: str, own: str, aside: str) -> None:
    found = problems().find(text)
    assert found[0] == own and aside in found


def test_a_matter_named_first_and_not_set_aside_stays_the_main_one() -> None:
    # the look-alike: the same words in order, nothing set aside
    assert problems().find("小区东门的路灯坏了一排 晚上黑乎乎的 广场舞也吵")[0] == "路灯"
    assert problems().find("暖气不热 楼道灯也不亮了")[0] == "供暖"


# ---------------------------------------------------------------- the place passed over

def test_the_place_a_comment_passes_over_is_not_the_writers(fresh: Callable[[str], Signature]) -> None:  # noqa: F811
    sig = fresh("别说澄湖路下穿了 我们锦苑小区地库也进水了 车都泡着")
    assert "锦苑小区" in sig.places and not any("澄湖路" in k for k in sig.places)


def test_a_place_passed_over_with_no_place_of_ones_own_stays_named(fresh: Callable[[str], Signature]) -> None:  # noqa: F811
    sig = fresh("别说澄湖路了 车都开不过去")
    assert any("澄湖路" in k for k in sig.places)


def test_the_building_a_comment_passes_over_is_not_the_writers(fresh: Callable[[str], Signature]) -> None:  # noqa: F811
    assert fresh("不说3号楼电梯了 5号楼的也停了两天").buildings == frozenset({5})


# ---------------------------------------------------------------- under the post: its matter or another

async def test_a_comment_turning_from_the_post_to_its_own_matter_is_not_its_echo(app) -> None:  # type: ignore[no-untyped-def]  # noqa: F811
    """Under a post naming no problem of the table ("…冰压得实实的"), "路滑就算了，…候车亭顶棚
    掉了" sets the post's matter aside for its own; "同问，天天走这" under it is the post's. Under a
    lift's post, another building's lift, or a lift said not to be that one, is its own."""
    state = platform(app, (("6800000001", "澄湖路学生"), ("6800000002", "澄湖路老王"), ("6800000003", "澄湖路小赵"),
                           ("6800000004", "锦苑7号楼"), ("6800000005", "锦苑9号楼"), ("6800000006", "锦苑住户"),
                           ("6800000007", "锦苑7号楼邻居")))
    hub = app.matrix.hub
    post = state.post_status("6800000001", f"@{hub.name} 澄湖路学校门口人行道冰压得实实的 一步一滑", at=at(0))
    turns = state.add_comment("6800000002", post.id,
                              f"路滑就算了 澄湖路车站的候车亭顶棚掉了半年了 下雪天等车没处躲 @{hub.name}", at=at(10))
    echo = state.add_comment("6800000003", post.id, f"同问 天天走这 @{hub.name}", at=at(20))
    lift = state.post_status("6800000004", f"@{hub.name} 锦苑小区7号楼电梯又困人了 这个月第三次", at=at(30))
    other = state.add_comment("6800000005", lift.id, f"锦苑9号楼电梯晚上轰隆轰隆响 @{hub.name}", at=at(40))
    apart = state.add_comment("6800000006", lift.id,
                              f"锦苑小区东边那部电梯老是异响 跟7号楼那个坏电梯不是一个事 @{hub.name}", at=at(50))
    same = state.add_comment("6800000007", lift.id, f"7号楼电梯今天又停了 同问 @{hub.name}", at=at(60))
    build_pipeline(app).ingest(await poll(app, state))

    first = case_of_item(app, post.id)
    assert first.cluster_id is not None and case_of_item(app, echo.id).cluster_id == first.cluster_id
    assert case_of_item(app, turns.id).cluster_id != first.cluster_id
    lift_case = case_of_item(app, lift.id)
    assert lift_case.cluster_id is not None and case_of_item(app, same.id).cluster_id == lift_case.cluster_id
    for item in (other, apart):
        assert case_of_item(app, item.id).cluster_id != lift_case.cluster_id



# ---------------------------------------------------------------- a 同问 under another citizen's post

async def test_a_same_question_under_another_citizens_post_asks_theirs_not_the_writers_own(app) -> None:  # type: ignore[no-untyped-def]  # noqa: F811
    """A citizen with an open case of their own (a square dance's noise, "娃要中考") who writes
    "同问 中考那几天管不管" under a neighbour's post asking for quiet in the exam weeks asks the
    neighbour's question, though it shares a word with their own case. Their own word on their
    matter, posted on its own ("广场舞还是那么吵"), is still their case's chaser."""
    state = platform(app, (("6800000011", "丽水湾业主"), ("6800000012", "考生家长")))
    hub = app.matrix.hub
    own = state.post_status("6800000011", f"@{hub.name} 丽水湾广场舞音响天天开到十点 娃初三要中考", at=at(0))
    post = state.post_status("6800000012", f"@{hub.name} 中考期间能不能出个禁噪令 各处工地晚上还在干", at=at(60))
    asks = state.add_comment("6800000011", post.id, f"同问 中考那几天管不管 @{hub.name}", at=at(70))
    chases = state.post_status("6800000011", f"@{hub.name} 丽水湾广场舞还是那么吵 没人管", at=at(90))
    build_pipeline(app).ingest(await poll(app, state))

    own_case, post_case = case_of_item(app, own.id), case_of_item(app, post.id)
    asked = case_of_item(app, asks.id)
    assert asked.id != own_case.id and asked.cluster_id is not None and asked.cluster_id == post_case.cluster_id
    assert case_of_item(app, chases.id).id == own_case.id


async def test_a_chaser_naming_its_problem_follows_the_own_case_of_that_problem(app) -> None:  # type: ignore[no-untyped-def]  # noqa: F811
    """A citizen's latest own case may be a 同问 under a neighbour's post that names nothing; their
    "东门路灯还是不亮 三天了", naming no place, follows their own case about the lamps."""
    state = platform(app, (("6800000021", "锦苑老住户"), ("6800000022", "锦苑7号楼")))
    hub = app.matrix.hub
    lamp = state.post_status("6800000021", f"@{hub.name} 锦苑小区东门的路灯坏了一排 晚上黑乎乎的", at=at(0))
    lift = state.post_status("6800000022", f"@{hub.name} 锦苑小区7号楼电梯又困人了 这个月第三次", at=at(30))
    state.add_comment("6800000021", lift.id, f"同问 啥时候修 @{hub.name}", at=at(40))
    chases = state.post_status("6800000021", f"@{hub.name} 东门路灯还是不亮 三天了", at=at(60))
    build_pipeline(app).ingest(await poll(app, state))

    assert case_of_item(app, chases.id).id == case_of_item(app, lamp.id).id


# ---------------------------------------------------------------- a short word on one's one open case

async def test_a_short_word_naming_nothing_follows_the_citizens_one_case_of_the_day(app) -> None:  # type: ignore[no-untyped-def]  # noqa: F811
    """"拿了块板子盖着 凑合吧" names no place, no problem and no word of the citizen's case
    about a missing cover that morning: it is about that case, their only one open. The same word
    from a citizen with two open cases says nothing of which: a case of its own."""
    state = platform(app, (("6800000031", "锦苑东门住户"), ("6800000032", "锦苑西门住户")))
    hub = app.matrix.hub
    cover = state.post_status("6800000031", f"@{hub.name} 锦苑小区东门外人行道井盖丢了一个 黑洞洞的", at=at(0))
    word = state.post_status("6800000031", f"@{hub.name} 拿了块板子盖着 凑合吧", at=at(180))
    state.post_status("6800000032", f"@{hub.name} 锦苑小区西门的路灯坏了一排", at=at(0))
    state.post_status("6800000032", f"@{hub.name} 德和园菜市场门口垃圾堆了三天没人清", at=at(30))
    other = state.post_status("6800000032", f"@{hub.name} 来人看了一眼 说明天再来", at=at(180))
    build_pipeline(app).ingest(await poll(app, state))

    assert case_of_item(app, word.id).id == case_of_item(app, cover.id).id
    assert case_of_item(app, other.id).root_external_id == str(other.id)


# ---------------------------------------------------------------- back after a repair, in the hotline's words

@pytest.mark.parametrize("text", [
    "来电人反映：金桂苑3号楼楼道灯维修后再次不亮，要求彻底修复。",
    "来电人反映：金桂苑东门化粪池再次外溢，上月已疏通过，诉求：彻底清掏。",
    "来电人反映：金桂苑5号楼地下室再次渗水，本月中旬已渗水一次，诉求：查明原因。",
])
def test_a_problem_back_after_a_repair_in_the_hotlines_words_recurs(text: str) -> None:
    from monitor.cluster.markers import recurs
    assert recurs(text)


@pytest.mark.parametrize("text", ["来电人再次反映：金桂苑3号楼楼道灯仍未维修，要求尽快处理。",
                                  "来电人再次来电：金桂苑东门化粪池外溢问题至今无人疏通。"])
def test_a_hotline_chaser_asking_for_the_repair_does_not_recur(text: str) -> None:
    from monitor.cluster.markers import recurs
    assert not recurs(text)


def test_a_callers_problem_back_weeks_after_a_repair_is_not_a_chaser_of_the_old_case(app) -> None:  # type: ignore[no-untyped-def]  # noqa: F811
    day = 24 * 60
    ingest(app, [("h1", "来电人反映：金桂苑东门化粪池外溢，污水流到人行道，诉求：尽快疏通。", 0)])
    ingest(app, [("h1", "来电人反映：金桂苑东门化粪池再次外溢，上月已疏通过，诉求：彻底清掏。", 20 * day)], start=1)
    first, back = case_of(app, 0), case_of(app, 1)
    assert back.id != first.id  # a new episode, not the three-week-old case


# ---------------------------------------------------------------- a chaser is of one's own report, not one's 同问

async def test_a_chaser_naming_nothing_follows_the_citizens_own_report_not_their_same_question(app) -> None:  # type: ignore[no-untyped-def]  # noqa: F811
    """A citizen who reported a collapsed ditch, then added a "+1" to a flooded market gate,
    writes "还在 今天看到一个老汉骑三轮差点栽进去": their own report's matter goes on, not the
    flood they only echoed (the latest of their cases)."""
    state = platform(app, (("6800000041", "锦苑东门住户"), ("6800000042", "德和园摊主")))
    hub = app.matrix.hub
    ditch = state.post_status("6800000041", f"@{hub.name} 锦苑小区东门外的排水沟塌了一段 晚上看不见", at=at(0))
    state.post_status("6800000042", f"@{hub.name} 德和园菜市场门口积水没过脚脖子 摊子都泡了", at=at(60))
    state.post_status("6800000041", f"@{hub.name} 德和园菜市场门口积水+1 鞋都湿了", at=at(90))
    chaser = state.post_status("6800000041", f"@{hub.name} 还在 今天看到一个老汉骑三轮差点栽进去", at=at(24 * 60 + 600))
    build_pipeline(app).ingest(await poll(app, state))

    assert case_of_item(app, chaser.id).id == case_of_item(app, ditch.id).id
