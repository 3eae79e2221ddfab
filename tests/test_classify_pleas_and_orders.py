"""Type: pleas for a hand now, questions asked in a complaint's words, alternatives proposed, one's own
fine, and a 12345 order's own verb (outside10 round). Sentences written for the tests (never copied
from a development set), each beside a look-alike in the same words.

* **求助**: someone asked to think of a way or to come now (想想办法, 有没有人能…), an answer awaited now
  (在线等), nowhere to sleep tonight (睡哪); a remedy that failed (杀虫剂都不管用) refuses nothing.
  Not a reproach that they will not (就不能想想办法？), nor the meme that closes a joke (在线等，挺急的).
* **咨询**: where to look it up (在哪查), what a fine costs or whether one would be fined (罚多少, 会不会被),
  what is required (有啥要求: no demand), which day (哪天), the days off asked about (放几天: nothing put in).
* **建议**: an alternative proposed after the complaint that calls for it (…不如在广场边划块地方); a
  comparison (还不如地摊上的) proposes nothing.
* **Not 举报**: a report made earlier, told with thanks (上次举报的那家…); the writer impersonated (有人冒充
  我); a traffic offence the writer was fined for and contests (被抓拍闯红灯，要求撤销处罚).
* **A 12345 order's verb**: an order opened 来电人询问 is a question whatever it tells; 询问 deep in an
  order that demands action is one question among a complaint's demands.
"""

from __future__ import annotations

import pytest

from monitor.classify import Classifier
from test_classify_speech_acts import _type, clf  # noqa: F401 - the shipped rules, as a fresh install answers


@pytest.mark.parametrize(("text", "cue"), [
    ("家里暖气管子冻裂了，屋里零下几度，老人扛不住，街道能不能先给想想办法", "想想办法"),
    ("单元门口下水道往外冒污水，物业下班了，有没有人能来疏通一下", "有没有人能"),
    ("墙角返潮长霉，刷了防霉漆都不管用，有没有人能上门看看", "有没有人能"),
    ("车在地库打不着火了，拖车电话一直占线 在线等", "在线等"),
    ("宿舍突然说要清退，行李都被扔到楼下了，今晚睡哪", "睡哪"),
])
def test_a_hand_asked_for_now_is_a_plea(clf: Classifier, text: str, cue: str) -> None:
    c = clf.classify(text)
    assert c.type_label == "求助", c.evidence["type"]
    assert cue in c.evidence["type"]["words"]


@pytest.mark.parametrize("text", [
    "补办护照跑了四趟都说系统维护，出入境就不能想想办法？",
    "楼上天天半夜跺脚，跟物业说了也不管用",
])
def test_a_reproach_in_the_same_words_stays_a_complaint(clf: Classifier, text: str) -> None:
    assert _type(clf, text) == "投诉"


def test_the_meme_closing_a_joke_is_no_plea(clf: Classifier) -> None:
    assert _type(clf, "周末去沙湖还是去镇北堡？在线等，挺急的") != "求助"


@pytest.mark.parametrize("text", [
    "今年的中考分数线在哪能查到",
    "在小区里骑电动车不戴头盔罚多少",
    "院子里自己搭个棚放杂物，会不会被当成违建拆掉",
    "报名当社区志愿者有啥要求",
    "今年的秋假放几天，哪天开学",
])
def test_a_question_in_a_complaints_words_is_a_question(clf: Classifier, text: str) -> None:
    c = clf.classify(text)
    assert c.type_label == "咨询", c.evidence["type"]


def test_things_put_in_are_still_proposed(clf: Classifier) -> None:
    # 放几天 asks about days off; 放几张 still proposes benches
    assert _type(clf, "公园湖边能不能放几张长椅，走累了没地方坐") == "建议"


def test_a_plea_for_oneself_is_no_proposal(clf: Classifier) -> None:
    # what the plea is, the type model reads (no plea word here); the cues no longer call it a proposal
    assert _type(clf, "停气两天了，家里有坐月子的，能不能给我们送个电磁炉") != "建议"
    assert _type(clf, "能不能给小区门口装个减速带，车开得太快了") == "建议"


@pytest.mark.parametrize(("text", "label"), [
    ("天天罚占道的菜贩子也解决不了，不如在广场边上划块地方让他们早上摆", "建议"),
    ("学校指定的校服一套三百多，质量还不如地摊上二十块的", "投诉"),
])
def test_an_alternative_proposed_against_a_comparison(clf: Classifier, text: str, label: str) -> None:
    assert _type(clf, text) == label


@pytest.mark.parametrize(("text", "label"), [
    # a report made earlier, told with thanks
    ("给综合执法局点个赞，上次举报的那家烧烤摊已经搬走了", "其他"),
    ("举报一家黑作坊，在村口院子里灌装散装白酒，没有任何证照", "举报"),
    # the writer impersonated
    ("有人冒充我的名字在朋友圈借钱，好几个同学都转了，我该怎么办", "求助"),
    ("有人冒充燃气公司的人挨家挨户上门收检测费", "举报"),
    # a traffic offence the writer was fined for and contests
    ("我开车给消防车让道压了停止线，被电子警察抓拍闯红灯，要求交警核实后撤销处罚", "投诉"),
    ("有辆渣土车每天早上在这个路口闯红灯，车号我都记下来了", "举报"),
])
def test_a_report_word_beside_the_writers_own_story_is_no_report(clf: Classifier, text: str, label: str) -> None:
    assert _type(clf, text) == label


@pytest.mark.parametrize(("text", "label"), [
    ("来电人询问：其单位拖欠的三个月工资由谁负责追讨，是否可以直接申请仲裁。", "咨询"),
    ("来电人询问：其小区电梯年检合格证到底由谁负责张贴。", "咨询"),
    ("来电人反映：其所在单位拖欠工资三个月，多次讨要无果，要求劳动监察部门介入。", "投诉"),
    ("来电人反映：小区物业将电梯停运两周未修，来电人询问物业此举是否合规，要求住建部门督促维修。", "投诉"),
])
def test_an_orders_verb_says_a_question_at_its_opening_only(clf: Classifier, text: str, label: str) -> None:
    c = clf.classify(text)
    assert c.type_label == label, c.evidence["type"]
