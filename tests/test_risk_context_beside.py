"""Dangers that look-alike context told beside them hid (fifth session of 2026-12-03), in sentences of my own.

A farewell told with the organ donation that puts one's affairs in order; a colleague or a husband who cannot be
woken after working late; an old person gone missing or unreachable (filed as an emergency, as the project's sets
file an old person unreachable); a threat whose fuel is told as prepared in other words.
"""

from __future__ import annotations

import pytest
from test_risk import det, eager  # noqa: F401 - fixtures
from test_risk import flags as raised

from monitor.classify.risk import RiskDetector

DANGERS = [  # (phenomenon, text, kind): each must be raised, certain or 疑似
    ("a donation signed, then a farewell", "遗体捐献的手续办完了，存款密码写在本子上，我可以放心走了", "self_harm"),
    ("a donation registered, a calm goodbye", "我已经登记了捐献器官，你们别难过，我安心地走", "self_harm"),
    ("asleep at the desk after overtime", "我爸晚上加班到十点，同事打电话说他趴在桌上叫不醒", "medical"),
    ("a husband home late who will not wake", "老公加班到凌晨，回来倒在沙发上怎么喊都喊不醒", "medical"),
    ("an old person lost since the morning", "我家老人走丢了，一早出门到现在找不到人", "medical"),
    ("an old man's age and no trace", "我爸七十多了，昨天出去到现在找不到人了", "medical"),
    ("a confused grandfather not seen since", "姥爷糊涂了，上午出门遛弯到现在也没个人影", "medical"),
    ("dementia and not back", "奶奶这两年有点糊涂了，早上去菜市场到现在没回来", "medical"),
    ("fuel laid by beside unpaid wages", "工钱拖了一年，汽油早就备下了，再不给我就去他公司门口", "threat"),
    ("oil bought beside a demolition", "拆迁款一分不给，我买了两桶油放在车上，明天去镇政府", "threat"),
    ("fuel stored before a forced demolition", "拆迁补偿谈不拢，汽油早备下了，谁来强拆谁试试", "threat"),
]


@pytest.mark.parametrize(("phenomenon", "text", "kind"), DANGERS, ids=[d[0] for d in DANGERS])
def test_a_danger_told_beside_look_alike_context_is_raised(det: RiskDetector, phenomenon: str, text: str,
                                                           kind: str) -> None:
    assert kind in raised(det, text), (phenomenon, det.detect(text))


@pytest.mark.parametrize(("text", "kind"), [
    ("遗体捐献要到哪里登记？我爸想百年之后捐献，他身体挺好的", "self_harm"),  # a question, no farewell
    ("器官捐献宣传日，讲座上说登记以后家属可以放心", "self_harm"),  # publicity
    ("加班到十点才下班，累得叫不醒", "medical"),  # tired, said of oneself
    ("加班到凌晨三点，早上闹钟都叫不醒我", "medical"),  # an alarm clock wakes nobody
    ("天天加班到十一点，早上根本叫不醒", "medical"),  # a standing grumble
    ("老人走丢了怎么办，有什么防走失手环推荐", "medical"),  # a question about wandering
    ("前几天走失的那个老人找到了，在火车站候车室睡着了", "medical"),  # found
    ("谢谢大家转发，走丢的孩子找到了，在他奶奶家睡着了", "medical"),  # found
    ("大爷家的狗走丢了，贴了好多寻狗启事", "medical"),  # a pet
    ("汽油早就备下了，过冬的发电机要用", "threat"),  # a generator, no grievance
    ("单位过节发了两桶油，工资却拖了三个月没给", "threat"),  # a gift of cooking oil
    ("老板说再不加班就扣工资，我买了两桶油回家做饭", "threat"),  # the kitchen's oil
    ("加油站老板说汽油备着呢，不用排队", "threat"),  # the pump's stock
])
def test_their_everyday_neighbours_raise_nothing(det: RiskDetector, text: str, kind: str) -> None:
    assert kind not in raised(det, text), det.detect(text)


@pytest.mark.parametrize("text", [
    "前男友说我要是不复合就在我单位门口捅死我",
    "表姐跟我说，她老公今早出门前磨了菜刀，说去找那个跟她聊天的男的算账",
])
def test_a_partner_named_beside_the_threat_is_harm_at_home_too(det: RiskDetector, text: str) -> None:
    assert "minor_domestic" in raised(det, text), det.detect(text)


def test_a_partner_named_far_from_the_threat_in_a_long_letter_is_not(det: RiskDetector) -> None:
    text = ("尊敬的领导：我和丈夫二十年前来银川打工，买了这套房子，一家人住得好好的。去年小区开始拆迁，补偿一直谈不拢，"
            "开发商天天派人来骚扰，断水断电，门口堆垃圾。我们找过街道，找过区里，都说在协调。昨天开发商的人说再不签字"
            "就让我们好看，还说知道我孩子在哪上学，扬言要把我们家点了。")
    assert "threat" in raised(det, text), det.detect(text)
    assert "minor_domestic" not in raised(det, text), det.detect(text)
