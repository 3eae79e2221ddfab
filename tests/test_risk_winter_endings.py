"""Dangers of the retired sets' kind (eval8, eval9: read in full since 2026-12-02 night), each beside a
look-alike in the same words.

Written for these tests, never copied from a set. The phenomena: someone old or alone nobody reaches; coal
fumes told by the body; a collapse with no answer; pills of the cupboard taken by the box; an ending told
by a height one will not come down from, affairs put in order, a life closed in words, the last post, how
a fall would feel, poison kept at hand; threats that scout the target or name the family; a child left or
begging; a pit under a board, powder stored, a gauge broken, ice under traffic, gas turned on to end it.
The danger must be raised (certain or 疑似); the look-alike must not raise its kind.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from test_risk import no_pattern

from monitor.classify.risk import RiskDetector

ROOT = Path(__file__).resolve().parents[1]


@pytest.fixture(scope="module")
def det() -> RiskDetector:
    return RiskDetector.load(ROOT / "config" / "risk.toml")


def kinds(det: RiskDetector, text: str) -> set[str]:
    return {r["flag"] for r in det.detect(text)}


PAIRS = [  # (phenomenon, danger, look-alike in the same words, kind)
    ("someone old nobody reaches",
     "我姥姥八十多了，自己一个人住在镇上，从昨天晚上到现在电话一直打不通",
     "我姥姥八十多了，自己一个人住在镇上，想问问高龄补贴怎么申请", "medical"),
    ("coal fumes told by the body",
     "昨晚屋里生着煤炉子睡的，早上起来我和我爸都头晕得站不稳",
     "屋里生着煤炉子暖和多了，就是得记得每天倒炉灰", "medical"),
    ("a stove with no flue",
     "出租屋的房东让我们烧蜂窝煤取暖，炉子连烟筒都没装", "出租屋的炉子烟筒装好了，物业也检查过了", "safety_hazard"),
    ("a collapse with no answer",
     "车间里一个师傅突然趴在桌上，叫他半天也没反应", "午休的时候大家都趴在桌上睡觉，下午两点准时开工", "medical"),
    ("pills taken by the box",
     "我室友刚才把一整盒感冒药全吞了，现在说胃里烧得慌", "感冒药买了一盒放在抽屉里，按说明书一次两粒", "self_harm"),
    ("a height one will not come down from",
     "有个工人爬到楼顶广告牌上面，说老板不结账他就松手", "工人们在楼顶装广告牌，系着安全带，下面拉了警戒线", "self_harm"),
    ("affairs put in order",
     "爸，存折在衣柜最下面，密码是你生日，别怪我", "爸，存折的密码是你生日，明天你自己去银行取一下", "self_harm"),
    ("a life closed in words",
     "想了一晚上，这辈子就到这吧，谁也别来劝我", "这辈子最开心的事就是考上了大学", "self_harm"),
    ("poison kept at hand",
     "地里的收成全完了，那瓶百草枯我藏在床底下了", "百草枯早就禁了，村里收得干干净净", "self_harm"),
    ("a target scouted",
     "那个拆迁办的主任几点下班、走哪条路我都摸清楚了", "去新单位的路我都摸清楚了，坐公交四十分钟", "threat"),
    ("as many as can be taken along",
     "反正我也活不成了，临死前拉一个是一个", "超市抽奖拉一个人进群就多一次机会", "threat"),
    ("a partner's threat against the family",
     "我男人说只要我敢起诉离婚，他就把我们一家老小都杀了", "过年我们一家老小都去三亚了，玩得很开心", "minor_domestic"),
    ("a child begging with an adult watching",
     "地下通道里有个小孩一个人要饭，一个男的在对面一直盯着他", "小时候家里穷，我奶奶年轻时出去要过饭", "minor_domestic"),
    ("a small child abandoned",
     "他把两岁的女儿扔在网吧门口，自己进去打游戏到天亮", "网吧门口扔了一地烟头，希望城管管一管", "minor_domestic"),
    ("a pit under a board",
     "公园角落有口废弃的机井，就拿一块木板盖着，孩子们常在旁边跑", "村里的机井今年换了新水泵，浇地方便多了", "safety_hazard"),
    ("powder stored where people live",
     "隔壁院子私自做鞭炮，屋里堆了好几袋火药", "过年放鞭炮的火药味到现在还没散，挺有年味", "safety_hazard"),
    ("a boiler run past its safety",
     "小区锅炉房的压力表早就坏了，工人说照样硬烧", "锅炉房新换了压力表，检测站也来验过了", "safety_hazard"),
    ("gas turned on to end it",
     "他发消息说把自己反锁在卧室了，煤气开着", "做完饭记得关火，别让煤气开着", "safety_hazard"),
    ("a crowd packed and still pushing",
     "庙会门口人挤人，挤得动不了，后面的人还在往前涌", "庙会今年人不多，逛得挺舒服", "safety_hazard"),
]


@pytest.mark.parametrize(("phenomenon", "danger", "lookalike", "kind"), PAIRS, ids=[p[0] for p in PAIRS])
def test_the_danger_is_raised_and_its_words_alone_do_not_raise_it(
        det: RiskDetector, phenomenon: str, danger: str, lookalike: str, kind: str) -> None:
    assert kind in kinds(det, danger), (phenomenon, det.detect(danger))
    # no pattern fires on the look-alike; the model's own 疑似 guess aside, which these rules do not make
    # (the model that learnt eval9 reads 存折…密码是你生日 and 感冒药买了一盒…放在 as 疑似轻生 at 72 %)
    raised = {r["flag"]: r for r in det.detect(lookalike)}
    assert no_pattern(raised, kind), (phenomenon, raised)


def test_a_lunar_month_alone_is_the_season_not_a_date_past(det: RiskDetector) -> None:
    # 进了腊月 tells when it is, not that it is over; 腊月初八 with its day still dates what is told
    assert "safety_hazard" in kinds(det, "进了腊月，桥下那段路全是冰，今天一上午摔了好几个老人，也没人撒盐")


def test_a_confiscated_phone_is_no_negation(det: RiskDetector) -> None:
    # 没收 (confiscated) holds 没 and denies nothing: the child locked in and threatening to jump is told
    raised = kinds(det, "孩子手机被没收以后把自己锁在房间里，说要从窗户跳下去，家住九楼")
    assert "self_harm" in raised


def test_an_unanswered_hotline_is_no_publicity(det: RiskDetector) -> None:
    # 热线 names publicity for 轻生 (unless); a hotline that does not answer is a cry for help
    assert "self_harm" in kinds(det, "心理热线打了好多遍都没人接，我现在站在天台边上")
    assert "self_harm" not in kinds(det, "社区今天在广场宣传心理援助热线，发了很多小册子")


MORE_PAIRS = [  # (phenomenon, danger, look-alike in the same words, kind): written for these tests
    ("a crowd at an office that holds power",
     "拖欠的工钱还没给，五十多个工友现在都在人社局门口", "人社局门口新开了一家面馆，味道不错", "mass_incident"),
    ("a crowd's temper the warning", "听说学校要合并，已经来了几十个家长了，群情激愤", "新年音乐会现场几十个家长带着孩子来了，气氛很好", "mass_incident"),
    ("villages joining to block a works", "几个村的人联合起来，说要把进垃圾场的路挖断", "几个村的人联合起来办了一场春节联欢会", "mass_incident"),
    ("a rail too low where children go", "天台的门一直开着，好几个小孩上去玩，护栏太矮了", "天台新装了一米五的护栏，门也锁了", "safety_hazard"),
    ("a blow to the mother promised back", "他要是再敢打我妈，我就跟他拼了", "我妈说过年要给我打毛衣", "minor_domestic"),
    ("help not found is no denial", "商场里有人突然倒地了，保安没找到AED，救护车还没到", "商场新配了AED，保安都培训过了", "medical"),
    ("a crisis line that does not answer", "心理援助热线打了好几遍都打不通，我现在站在楼顶上", "社区在宣传心理援助热线，发了很多传单", "self_harm"),
]


@pytest.mark.parametrize(("phenomenon", "danger", "lookalike", "kind"), MORE_PAIRS, ids=[p[0] for p in MORE_PAIRS])
def test_more_of_the_retired_sets_phenomena(
        det: RiskDetector, phenomenon: str, danger: str, lookalike: str, kind: str) -> None:
    assert kind in kinds(det, danger), (phenomenon, det.detect(danger))
    raised = {r["flag"]: r for r in det.detect(lookalike)}
    assert no_pattern(raised, kind), (phenomenon, raised)


def test_a_small_child_beside_a_carer_who_collapsed(det: RiskDetector) -> None:
    raised = {r["flag"]: r for r in det.detect("外公在家突然晕倒了，叫不醒，家里就一个两岁多的小外孙")}
    assert "medical" in raised
    assert raised["minor_domestic"]["possible"] and "旁有医疗急症" in raised["minor_domestic"]["evidence"]
