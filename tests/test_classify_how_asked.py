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

import pytest

from monitor.classify import Classifier
from test_classify_speech_acts import _type, clf  # noqa: F401 - the shipped rules, as a fresh install answers


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


@pytest.mark.parametrize("text", [
    "这条步道修好才半年就塌了，当初是谁验收的？",
    "小区花园被铲了改成收费车位，谁批准的？",
    "幼儿园一学期涨了八百，有没有经过物价部门？",
    "每个月交两百多的医保，看个门诊还是全自费，图啥",
    "同一个小区有的交了暖气费有的不交，大家一样热，这公平吗",
    "22路怎么不走文化街了，也不通知一声",
    "你们的回复跟上回一字不差，复制粘贴的吧",
])
def test_more_grievances_asked_as_questions(clf: Classifier, text: str) -> None:
    assert _type(clf, text) == "投诉"


@pytest.mark.parametrize("text", [
    "有人拿着大喇叭在小区门口卖所谓的特效药，说高血压吃两个疗程就断根",
    "有人开着三轮车在河滩上倒垃圾，一天好几趟",
    "我是那家蛋糕店以前的店员，他们一直用过期的奶油",
    "楼后面那片荒地被倒了几十车渣土，把水渠都堵了",
])
def test_the_wrongdoer_named_by_what_they_do(clf: Classifier, text: str) -> None:
    assert _type(clf, text) == "举报"


@pytest.mark.parametrize(("text", "domain"), [
    ("单元门口的马路牙子被压塌了，一下雨水就往楼道里灌", "城乡建设"),
    ("老街上的架空线乱成一团，能不能统一入地", "城乡建设"),
    ("村里有人在自家承包地上起房子，说是要开饭馆", "城乡建设"),
    ("体育馆里有没有配AED，万一有人心脏骤停怎么办", "卫生健康"),
    ("托管班十几个孩子这两天都腹泻，是不是吃的有问题", "卫生健康"),
    ("街口药店的处方药不用处方随便卖", "市场监管"),
    ("楼下几个人喝醉了在砸车，已经报警了还没来", "公共安全"),
    ("过年有人在麦场边放孔明灯，旁边全是草垛", "公共安全"),
    ("厨房的燃气报警器半夜响了好几次，关了阀门还响", "公共安全"),
    ("夏天好多人去黄河边游野泳，那一段全是漩涡", "公共安全"),
    ("楼道里停满了电动自行车，还有人接线在楼道充电", "公共安全"),
    ("在厂里干活的时候被机器轧了手指，老板只给了两千", "劳动和社会保障"),
    ("毕业时档案放在学校，现在换工作了该转到哪", "劳动和社会保障"),
    ("天桥底下睡着个流浪老人，这么冷的天没人管", "劳动和社会保障"),
])
def test_the_department_that_acts_names_the_domain(clf: Classifier, text: str, domain: str) -> None:
    c = clf.classify(text)
    assert c.domain == domain, c.evidence["domain"]


@pytest.mark.parametrize("text", [
    "群里有人发通知说社保卡要升级，点链接填银行卡号，是真的吗",
    "听说下个月起公交老年卡要收费了，真的假的",
])
def test_checking_a_rumour_is_a_question(clf: Classifier, text: str) -> None:
    assert _type(clf, text) == "咨询"


@pytest.mark.parametrize("text", [
    "村口那片空地上常有人在烧电线取铜，一股塑料味",  # the actor and the act: two report cues outweigh the nuisance
    "元宵节晚上广场上好多人放孔明灯，飘得到处都是",
])
def test_an_act_forbidden_in_itself_is_a_report(clf: Classifier, text: str) -> None:
    assert _type(clf, text) == "举报"
