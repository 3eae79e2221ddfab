"""Whose matter a letter is, where the lexicon had no word or the wrong setting (2026-12-03).

Sentences of our own for phenomena read on the shared dev split's misses: freight transport and its
permits (运输, 运输车), a flyover (立交桥), a civil servant's rank (职级并行), a recruitment's medical check
(the hiring's, not the hospital's), the state's personnel exams (人社's, the exam hall in a school
its setting), a polluted water source (the environment's, the taps its setting) and a
benefit paid from the pension fund for an illness (病残津贴, 病退: the illness its setting); the money one
was cheated of called 血汗钱 (the writer's stake, not a wage) and an incident of a person hurt (打人事件, which
holds no 人事). Each is read by the lexicon alone and by a fresh install.
"""

from __future__ import annotations

import pytest

from monitor.classify import Classifier
from tests.classifiers import cues, fresh  # noqa: F401 (fixtures)


@pytest.mark.parametrize(("text", "domain"), [
    ("木材凭证运输的规定什么时候能取消", "交通"),  # freight and its permits: no 其他
    ("砂石运输车换了新标准，我们跑运输的还要再换车吗", "交通"),  # the haulier's truck, not the emission
    ("城北那座立交桥的匝道口设计得不合理", "交通"),
    ("职级并行的文件什么时候下发", "劳动和社会保障"),  # a civil servant's rank and pay: 人社's
    ("事业单位招考的体检在哪家医院做", "劳动和社会保障"),  # the hiring's medical check, not the hospital's
    ("教师招聘的体检结果什么时候出来", "教育"),  # a teacher's hiring is the school system's
    # the state's personnel exams are 人社's: the candidates and the school lending its halls their setting
    ("今年公务员面试的考点设在一所学院，考生在候考室里随便用手机，监考的学生志愿者也不管", "劳动和社会保障"),
    ("水库严重污染，下游几个村子的生活用水都受影响", "环境保护"),  # the source polluted, the taps its setting
    ("老伴因病办了病残津贴，每月能领多少", "劳动和社会保障"),  # paid from the pension fund
    ("癌症患者申请病残津贴要走什么流程", "劳动和社会保障"),  # the illness is why, the benefit the matter
])
def test_whose_matter_a_letter_is(cues: Classifier, fresh: Classifier, text: str, domain: str) -> None:
    for clf in (cues, fresh):
        got = clf.classify(text)
        assert got.domain == domain, got.evidence["domain"]


@pytest.mark.parametrize(("text", "domain"), [
    ("自来水一打开就是黄的，生活用水都成问题", "民生"),  # foul from the tap, no pollution named: supply
    ("在县医院体检，排了一上午的队，报告三天还没出来", "卫生健康"),  # a check-up of one's own: the hospital's
    ("高中老师评职称的考试什么时候报名", "教育"),  # a teacher's title exam stays the school system's
])
def test_their_look_alikes(cues: Classifier, fresh: Classifier, text: str, domain: str) -> None:
    for clf in (cues, fresh):
        got = clf.classify(text)
        assert got.domain == domain, got.evidence["domain"]


def test_hard_earned_money_is_no_wage(cues: Classifier, fresh: Classifier) -> None:
    """血汗钱 names what the writer lost, to a wage thief or a swindler alike: a setting, not a labour matter."""
    text = "保健品店骗走了我妈的血汗钱，说那药能治高血压"
    for clf in (cues, fresh):
        got = clf.classify(text)
        assert got.domain != "劳动和社会保障", got.evidence["domain"]
    assert fresh.classify(text).domain == "市场监管"
    assert cues.classify("包工头跑了，我们几十个人的血汗钱一分没拿到").domain == "劳动和社会保障"


def test_an_incident_of_someone_hurt_holds_no_personnel_matter(cues: Classifier) -> None:
    got = cues.classify("医院急诊科又发生了打人事件，病人家属把护士打伤了")
    assert "劳动和社会保障" not in got.evidence["domain"]["scores"], got.evidence["domain"]
