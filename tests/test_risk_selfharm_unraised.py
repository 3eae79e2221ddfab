"""Endings that raised nothing but the model's guess (eighth session of 2026-12-05, risk-selfharm).

On the blind sets the largest group of missed dangers raises nothing at all, and 轻生 leads it for a third session. On
the development sets the model never learnt (eval26-eval31, ordinary11-14, outside15), 125 of 635 self-harm dangers
were raised by the model's guess alone and 26 not at all: a writer whose words the model reads a little lower is left
with nothing. The ways they are told, each by three writers or more: a long while (or hours, or crying) at the water's
or a height's edge; a pet's keeping arranged for after one's going, or handed over before a silence; gas left on in a
closed room; a poison or pills set out at hand; one's own last day or last word; one's affairs put in order (keys,
letters, a pet, things given away) beside a farewell or a silence; no more trouble to anyone after a near day; the
water's depth or the ice's thinness weighed; a painless way searched for; a farewell said and then silence; one's own
life as what is left to pay with; giving up told through a plight. Each is a pattern now, 疑似 for a person.
Every sentence here is my own."""

from __future__ import annotations

import pytest
from test_risk import det  # noqa: F401 - det is a fixture
from test_risk import flags as raised

from monitor.classify.risk import RiskDetector

RAISED = [
    "一个人在鸣翠湖边，坐了很久，风挺冷，不想回去",
    "典农河桥上有个大哥，坐着哭了一个多小时了，谁离得近",
    # (lead) 我走了以后 counts only beside a pet given away for good (送人, 谁来养), not beside a pet's care asked for
    # (a trip); 我家狗 inside the span is still one of 轻生's older exception words and cancels it (not mended)
    "我走了以后，猫谁来养啊，想想还是先送人吧",
    "她说小猫就拜托我了，后来手机一直关机",
    "天然气我打开了，门窗都关好了，别来找我",
    "那瓶农药我已经拧开了，家里没人",
    "今天是我最后一天，没什么好留恋的，谢谢你们",
    "车钥匙放在门垫下面了，以后别给我打电话了",
    "信写好了压在枕头底下，就这样吧",
    "过了这个周末，你们就清净了，以后不会有人烦你们了",
    "唐徕渠那一段，水有多深？我就想一个人待着",
    "半夜睡不着，查哪种药吃了不疼",
    "表弟在群里，说了句对不起大家，之后电话就打不通了",
    "欠了一屁股债，就剩我这条命还能还了",
    "包工头跑了工钱没拿到，家里也回不去，这辈子就这样吧",
]


@pytest.mark.parametrize("text", RAISED)
def test_an_ending_the_model_alone_raised_is_raised_by_a_pattern(det: RiskDetector, text: str) -> None:  # noqa: F811
    flag = raised(det, text).get("self_harm")
    assert flag is not None
    assert flag["possible"]  # 疑似: a person judges it
    assert not flag["evidence"][0].startswith("模型")


QUIET = [
    "出差一周，狗托付给朋友了，回来请他吃饭",
    "阅海的冰现在多厚？能不能带孩子去滑冰",
    "这条命是医生救回来的，谢谢医院，医药费保险报了大部分",
    "家里燃气灶打不着火，师傅说明天上门",
    "钥匙放在物业前台了，你到了自己取",
    "今天是羊肉节的最后一天，人特别多",
    # (lead) the same words in the replies and complaints an office reads every day: lingering by the water or on a
    # roof is leisure or work, thanks close with 以后就不麻烦你们了, an office says 对不起 and hangs up, keys are left
    # with a neighbour, a gas company tests with the windows shut, a trip needs the dog cared for
    "周末去鸣翠湖钓鱼，在湖边坐了一下午，一条没钓上",
    "问题已经解决了，谢谢你们，以后就不麻烦你们了",
    "打12345，对方说对不起我们这边管不了，就挂了",
    "今天是我生日，也是国庆假期最后一天，景区人太多了",
    "药就在桌上放着，老人自己记不住吃，社区能不能派人来看看",
    "出门前把钥匙交给邻居了，回来发现物业把门锁换了，打电话也没人接",
    "燃气公司来检查，让我们把门窗都关好再试压",
    "我走了以后谁来照顾我家狗，出差半个月，求推荐宠物寄养",
]


@pytest.mark.parametrize("text", QUIET)
def test_the_same_words_in_everyday_talk_stay_quiet(det: RiskDetector, text: str) -> None:  # noqa: F811
    assert "self_harm" not in raised(det, text)


def test_a_child_locked_out_on_a_balcony_for_an_hour_is_harm_at_home_not_self_harm(det: RiskDetector) -> None:  # noqa: F811
    # hours or crying count at the water or on a height, not on a balcony or at a window, where a child shut out is
    # told the same way
    out = raised(det, "楼下那家，把孩子关在阳台上，哭了一个多小时了，大人不在家")
    assert "minor_domestic" in out
    assert "self_harm" not in out


@pytest.mark.parametrize("text", [
    # into a truck or a machine, hands off the wheel (a second step, the same session)
    "跑了一天车，货也没拉上，开着开着，就想松开方向盘",
    "地被收走了，我站在地头，想一头扎进收割机",
    # the wrist called 腕子, a cut told as new; the tallest building known of
    "腕子上又添了一道，没人知道",
    "我知道哪儿的楼最高，门也没人看着",
])
def test_more_words_of_older_ways_raise_a_pattern(det: RiskDetector, text: str) -> None:  # noqa: F811
    flag = raised(det, text).get("self_harm")
    assert flag is not None
    assert not flag["evidence"][0].startswith("模型")


def test_welts_on_a_beaten_childs_arm_are_no_self_harm(det: RiskDetector) -> None:  # noqa: F811
    out = raised(det, "邻居家孩子又挨打了，胳膊上一道一道的红印子")
    assert "self_harm" not in out
