"""Type by how a citizen asks (ninth session): a wrong nobody stops, a grievance asked as a question,
talk to the account itself, a matter already put right. Sentences written for the tests (never
copied from a development set).

* **举报**: a wrongdoing told with a reproach that nobody stops it (…这不是违法的吗？没人管吗) asks for
  enforcement; a nuisance merely blamed on someone (有人在跳广场舞…没人管) stays a complaint.
* **投诉** asked as a question: doubled indignation (？？), a charge still made (还要收…？), a bill that
  jumped (咋一下涨这么多), care beyond need (是不是过度检查), the same wrong again (是不是又在排).
* **其他**: 在吗/有人吗/是真人吗 to the account; a matter put right (已经办好了, 到账了) with thanks,
  which keeps its domain (the department hears of it).
"""

from __future__ import annotations

from pathlib import Path

import pytest

from monitor.classify import Classifier
from monitor.classify.settings import load_classify, load_gazetteer

ROOT = Path(__file__).resolve().parents[1]


@pytest.fixture(scope="module")
def clf() -> Classifier:
    """Rules only, from the shipped config: what a fresh install answers."""
    return Classifier(load_classify(ROOT / "config" / "classify.toml"),
                      load_gazetteer(ROOT / "config" / "regions.toml"))


def _type(clf: Classifier, text: str) -> str:
    return clf.classify(text).type_label


@pytest.mark.parametrize("text", [
    "西河村有人在基本农田上盖仓库，墙都砌起来了，这不是违法占地吗？镇上咋没人管",
    "有家洗车店把污水直接排到马路边的雨水口，天天这样，到底有没有人管",
    "城郊那个废品站每天晚上烧电线，黑烟呛人，这不是违法的吗",
])
def test_a_wrong_nobody_stops_is_a_report(clf: Classifier, text: str) -> None:
    assert _type(clf, text) == "举报"


@pytest.mark.parametrize("text", [
    "有人在小区广场跳舞，音响开到十点多，没人管吗",
    "楼道灯坏了一个多月，物业也不管",
])
def test_a_nuisance_nobody_stops_stays_a_complaint(clf: Classifier, text: str) -> None:
    assert _type(clf, text) == "投诉"


@pytest.mark.parametrize("text", [
    "幼儿园放学后看孩子半小时还要收钱？一个月又多出三百",
    "停车场明明写着前半小时免费，出来还收了我五块？？",
    "这个月水费咋一下涨这么多？家里就两个人住",
    "孩子咳嗽两声，医生让做了CT又验血，是不是过度检查？",
    "晚上河边又是一股酸臭味，是不是又在排污了？",
])
def test_a_grievance_asked_as_a_question_is_a_complaint(clf: Classifier, text: str) -> None:
    assert _type(clf, text) == "投诉"


@pytest.mark.parametrize("text", [
    "请问幼儿园延时服务怎么收费？",
    "医保报销需要带哪些材料？",
])
def test_a_plain_question_stays_a_question(clf: Classifier, text: str) -> None:
    assert _type(clf, text) == "咨询"


@pytest.mark.parametrize("text", [
    "@问政银川 在吗？",
    "小编在吗，有人吗",
    "你们这个号是真人在回复还是机器人？",
])
def test_talk_to_the_account_is_other(clf: Classifier, text: str) -> None:
    c = clf.classify(text)
    assert c.type_label == "其他"
    assert c.domain == "其他"


def test_a_matter_put_right_is_other_and_keeps_its_domain(clf: Classifier) -> None:
    c = clf.classify("上周反映的孩子转学的事，学校那边已经办好了，谢谢教育局")
    assert c.type_label == "其他"
    assert c.domain == "教育"


def test_not_comfortable_is_no_small_talk(clf: Classifier) -> None:
    assert _type(clf, "隔壁工地的粉尘太大了，出门嗓子就不舒服") == "投诉"
    assert _type(clf, "早上去湖边走了一圈，空气好，真舒服") == "其他"
