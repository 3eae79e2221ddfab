"""Endings told by what is seen and done, with no word of death (fifth session of 2026-12-05, risk-unreached).

On the blind sets the largest bucket of missed dangers is the one on which nothing is raised at all: no pattern's word
and no guess of the model above its bar; 轻生 leads it. The development sets tell the same endings in the same few
ways, by many writers, and the model raised most of them alone: going into the water with its depth or coldness
weighed; all one's money sent to the family with words of after; one's papers laid out in order; one's things put down
at the water's edge; a height's drop or its way out weighed; a great many pills taken. Each is now a pattern, 疑似 for a
person, so a guess the model scores too low no longer leaves it unraised. Every sentence here is my own."""

from __future__ import annotations

import pytest
from test_risk import det  # noqa: F401 - det is a fixture
from test_risk import flags as raised

from monitor.classify.risk import RiskDetector

ENDINGS = [
    "鸣翠湖这几天水涨了，又深又冷，我半夜一个人过去走进去就完了",
    "宝湖那片水够深了，我往最深处走就行，没人会发现",
    "他说想跟那艘破船一块沉下去，人现在还在河边蹲着",
    "我把存的钱都转给我弟了，以后他用得着，我用不上了",
    "婆婆出门前把户口本和手机整整齐齐放在炕头上，到现在还没回来",
    "湖边有个小伙子把外套和手机放在岸边，人往水那边去了",
    "半夜睡不着，我家阳台这么高，站着往下看黑乎乎的",
    "隔壁小姑娘跟父母闹别扭，吃了大量感冒药，现在昏昏沉沉的",
]


@pytest.mark.parametrize("text", ENDINGS)
def test_an_ending_told_by_what_is_done_is_raised_by_a_pattern(det: RiskDetector, text: str) -> None:  # noqa: F811
    flag = raised(det, text).get("self_harm")
    assert flag is not None and flag["possible"]
    assert not flag["evidence"][0].startswith("模型")


EVERYDAY = [
    "阅海湿地公园往深处走，芦苇荡特别美，周末带娃去",
    "过年的压岁钱都转给我妈保管了，开学交学费用",
    "河边那个废弃厂房门开着，几个孩子走进去玩",
    "新买的鞋整整齐齐摆在鞋柜里，看着就舒服",
    "钓鱼的把包放在岸边就走了，垃圾也没带走",
    "小区楼顶的门能不能打开，想上去晒被子",
]


@pytest.mark.parametrize("text", EVERYDAY)
def test_the_same_words_in_everyday_talk_stay_quiet(det: RiskDetector, text: str) -> None:  # noqa: F811
    assert "self_harm" not in raised(det, text)
