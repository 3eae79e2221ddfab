"""Threats, emergencies and crowds by mechanism (eighth session of 2026-12-04, risk-threats): the development
misses of the three kinds were grouped by why they were missed, and the largest groups fixed at their cause —
a crowd's ordinary setting (促销, 灯会, 车堵) cancelling a crowd told with a conflict or a grievance; a crowd
told by its gathering or its way to the seat of government; an outcome asked for read as an outcome; someone's
verdict disputed by the state worsening; a degree told of an organ read as a figure of speech; a lawful way
that is a place, a dare's act or someone else's ultimatum keeping the model's threat quiet.
 Every sentence here is my own, none taken from
a development or blind set; the look-alikes use the dangers' words harmlessly and must stay quiet."""

from __future__ import annotations

import pytest
from test_risk import det, no_pattern  # noqa: F401 - det is a fixture
from test_risk import flags as raised

from monitor.classify.risk import RiskDetector

# each row: why it was missed, the text, the kind it must raise
DANGERS = [
    # a crowd's ordinary setting beside a sign of conflict or grievance: 疑似, not cancelled
    ("a fight among crowds at a fair", "庙会上两伙人因为抢摊位打起来了，十几个人混战", "mass_incident"),
    ("placards on a festive night over a stalled estate", "跨年夜广场上一群业主举着牌子，说开发商烂尾三年了", "mass_incident"),
    ("lorries held at a toll gate over unpaid fares", "高速口几十辆大货车堵着，车主们讲运费欠了一年，不结清就不让开", "mass_incident"),
    # a crowd told by its way to the seat of government, without 去
    ("a crowd walking to the county town", "拆迁户一百来号人正往县里走，说补偿款一直不给", "mass_incident"),
    # an outcome asked for is no outcome
    ("a request that names the matter settled", "请街道尽快派人来，把他天天拿刀堵我家门口的事解决了", "threat"),
    # someone's verdict disputed by the state worsening since
    ("a clinic's reassurance, then worse", "卫生院说孩子没什么事，回来以后烧得越来越厉害，还抽了两下", "medical"),
    # a degree told of an organ is a symptom
    ("a throat tight after food", "吃了几颗花生，嗓子眼堵得慌，嘴唇也肿了", "medical"),
    ("eyes stinging beside a plant's smell", "化工厂那边飘过来一股味，眼睛辣得直流泪，好几个老人在咳", "medical"),
    # a lawful way that is not the writer's way to their due
    ("a dare on a lawful act", "包工头放话，以后谁再到劳动监察告他，就让谁站着进去躺着出来", "threat"),
    ("someone else's ultimatum answered", "经理说再来要钱就报警，好啊，我们几十号人明天去他公司，看谁熬得过谁", "threat"),
    # round 2: an outbreak is not cancelled by past (unanswered since), standing or a long letter
    ("a past outbreak unanswered", "上周班里七八个孩子吃完午饭上吐下泻，学校至今没有一个说法", "medical"),
    ("a standing outbreak", "那台净水器的滤芯一年没换过，娃娃们每天都喝，好几个喊肚子疼", "medical"),
    # harm put as what it takes for an office to act; poison put into another's food or water
    ("harm as what it takes", "是不是非得等我把他打残了你们才管", "threat"),
    ("poison into another's feed", "我把耗子药拌进他们家鸡食里了", "threat"),
    # a concealment of what a penalty question is for
    ("a penalty asked with a concealment", "拿刀捅人要判几年？为什么问你别问", "threat"),
    # a death brought to the one blamed
    ("wreaths at a hospital", "病人没了，家属叫来二三十口人在医院门口摆花圈", "mass_incident"),
    # pills by the handful beside a cry
    ("pills by the handful", "嗑了一大把药，晕乎乎的，不想醒了", "medical"),
]

# each row: what it shares with a danger, the text, the kind it must not raise by a pattern
LOOKALIKES = [
    ("a queue at a sale, orderly", "超市搞促销，门口排队排了一百多人，大家都挺有秩序", "mass_incident"),
    ("a festive crowd counting down", "跨年夜广场上人山人海，大家一起倒计时", "mass_incident"),
    ("a traffic jam's annoyance", "家门口天天堵车，堵得我心里烦透了", "mass_incident"),
    ("a matter told settled, then a request", "他拿刀堵过我家门口，街道调解以后事情已经解决了，请大家放心", "threat"),
    ("a clinic's reassurance borne out", "卫生院说孩子没什么事，回来睡了一觉就好了", "medical"),
    ("the writer's own lawful way", "我要去仲裁，让他把钱吐出来", "threat"),
    ("a past outbreak told over", "上个月公司团建好几个同事吃坏了肚子，现在都好了", "medical"),
    ("months counted are no group", "我怀孕五个月了，上个月有点拉肚子", "medical"),
    ("a wreath at a grave", "清明回村里给太爷摆花圈", "mass_incident"),
    ("poison kept out of reach", "耗子药放在他够不着的柜子顶上", "threat"),
    ("a penalty asked bare", "持刀伤人判几年", "threat"),
    ("pills held, not taken", "心理热线打不进去，手里攥着一把药", "medical"),
]


@pytest.mark.parametrize(("mechanism", "text", "kind"), DANGERS, ids=[m for m, _, _ in DANGERS])
def test_a_danger_missed_by_its_mechanism_is_raised(det: RiskDetector, mechanism: str, text: str, kind: str) -> None:
    assert kind in raised(det, text), (mechanism, det.detect(text))


@pytest.mark.parametrize(("mechanism", "text", "kind"), LOOKALIKES, ids=[m for m, _, _ in LOOKALIKES])
def test_the_same_words_harmless_stay_quiet(det: RiskDetector, mechanism: str, text: str, kind: str) -> None:
    assert no_pattern(raised(det, text), kind), (mechanism, det.detect(text))


def test_a_setting_beside_conflict_is_possible_not_certain(det: RiskDetector) -> None:
    """The setting still says where people are: a person judges the crowd (疑似), with the sign as evidence."""
    out = raised(det, "跨年夜广场上一群业主举着牌子，说开发商烂尾三年了")["mass_incident"]
    assert out["possible"] and any("烂尾" in e for e in out["evidence"])


def test_a_heart_of_feelings_is_no_organ(det: RiskDetector) -> None:
    """心里堵得慌 stays a figure: only an organ felt (嗓子眼, 胸口, 眼睛) makes the degree a symptom."""
    assert "medical" not in raised(det, "排了一上午队，心里堵得慌")
