"""eval13's misses read as phenomena (fourth session of 2026-12-03), in sentences of my own.

An ending offered as proof or thought of as a way out, the tallest building looked up, an attempt that failed, a
roof door forced to sit up there, a wheel turned toward lorries; the wind overturning a shelter onto a road or
tearing a roof where people sleep, people cut off by rising water, a lorry shedding its load, a pile-up still
growing, a septic tank that fells those who go down; a teacher kicking a pupil, a husband's blows every week, a
partner breaking the door before silence, children at deep water with no adult; a village hiring coaches to the
city; the news the writer promises to make.
"""

from __future__ import annotations

import pytest
from test_risk import det, eager  # noqa: F401 - fixtures
from test_risk import flags as raised

from monitor.classify.risk import RiskDetector

DANGERS = [  # (phenomenon, text, kind): each must be raised, certain or 疑似
    ("a life offered as proof", "他在朋友圈说要用命证明自己没偷东西", "self_harm"),
    ("thoughts only of ending", "这半年天天睡不着，脑子里想的都是怎么结束这一切", "self_harm"),
    ("the tallest building looked up", "成绩出来了，我查好了学校旁边哪栋楼最高", "self_harm"),
    ("an attempt that failed", "前天夜里拿绳子试过一次，没成功，到现在脖子上还是紫的", "self_harm"),
    ("a roof door forced", "天台门被我撬开了，我坐这儿吹吹风，想想以后", "self_harm"),
    ("a wheel turned toward lorries", "每次在高速上看到对面过来的大货车，就想打一把方向", "self_harm"),
    ("a shelter overturned onto a road", "工地的板房让大风吹翻到路中间了，车都过不去", "safety_hazard"),
    ("a roof torn off where people sleep", "工棚屋顶被风掀了，里面还有工人住", "safety_hazard"),
    ("people cut off by rising water", "河滩上有人露营，水涨得很快，好几个人被水围住了", "safety_hazard"),
    ("a lorry shedding its load", "前面的渣土车没绑好，石头一路掉，后面的车都在躲", "safety_hazard"),
    ("a pile-up still growing", "大雾天高速上连环追尾，还有车在往里冲", "safety_hazard"),
    ("a septic tank that fells", "村里有人下化粪池掏东西晕在里面了，下去救的也没上来", "safety_hazard"),
    ("a teacher kicking a pupil", "群里都在说体育老师把学生踹倒在地还踢了几脚", "minor_domestic"),
    ("a husband's blows every week", "我老公每周都动手，我腿上到现在还是青的", "minor_domestic"),
    ("a partner breaking the door, then silence", "我妹刚发消息说前夫在砸门，然后就不回了", "minor_domestic"),
    ("children at deep water, no adult", "几个小孩在小区人工湖边上玩，水挺深，一个大人都没有", "minor_domestic"),
    ("a village hiring coaches to the city", "我们村租了大巴，明天一早去市里，都报名了", "mass_incident"),
    ("the news the writer promises to make", "再不给个说法你们就等着，下周本地新闻头条就是我了", "threat"),
]


@pytest.mark.parametrize(("phenomenon", "text", "kind"), DANGERS, ids=[d[0] for d in DANGERS])
def test_a_danger_told_as_eval13_told_it_is_raised(det: RiskDetector, phenomenon: str, text: str, kind: str) -> None:
    assert kind in raised(det, text), (phenomenon, det.detect(text))


@pytest.mark.parametrize(("text", "kind"), [
    ("新买的大衣没绑好吊牌，一路走一路掉线头", "safety_hazard"),  # no lorry
    ("今天试了一下新菜谱没成功，糊了", "self_harm"),  # no means, no body
    ("孩子们在游泳馆玩，水挺深，救生员一直盯着", "minor_domestic"),  # adults are there
])
def test_their_everyday_neighbours_raise_nothing(det: RiskDetector, text: str, kind: str) -> None:
    assert kind not in raised(det, text), det.detect(text)
