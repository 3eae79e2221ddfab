"""Public culture and sport are 银川文旅's, domain 其他 (decided by the lead, 2026-12-03).

`matrix.toml` gives 银川文旅 the domain 其他 and every outside writer files a public library's hours, a
museum's bookings or a marathon's entry 其他; `routing.toml` sends that sub-topic (其他.文化场馆) to 银川文旅,
so a right 其他 is no unroutable case. A school's own library stays the school's, a gym's prepaid card
the market regulator's. Sentences of our own, each read by the lexicon alone and by a fresh install
(the shipped models beside it), then routed over the shipped matrix.
"""

from __future__ import annotations

import jieba
import pytest

from monitor.classify import Classifier
from monitor.route import Router
from tests.classifiers import cues, fresh, router  # noqa: F401 (fixtures)

VENUES = [
    "市图书馆春节放假那几天开不开门？想带孩子去看书",
    "博物馆网上预约每天一放号就没了，外地亲戚来了进不去",
    "全民健身中心晚上八点就关门了，上班族下了班根本来不及去锻炼",
    "文化馆的公益舞蹈班报名名额太少，能不能多开几个班",
    "今年的马拉松什么时候开始报名？去年没抢到名额",
    "放暑假了学生都去图书馆自习，座位根本不够，能不能多开个自习室",  # pupils are the venue's visitors
]


@pytest.mark.parametrize("text", VENUES)
def test_a_public_venue_is_wenlv_s_other(cues: Classifier, fresh: Classifier, router: Router, text: str) -> None:
    for clf in (cues, fresh):
        got = clf.classify(text)
        assert (got.domain, got.subtopic) == ("其他", "文化场馆"), got.evidence["domain"]
        decision = router.route(got)
        assert (decision.lead, decision.unroutable) == ("city-wl", False)
        assert decision.rule.startswith("文化场馆：文旅局"), decision.rule


@pytest.mark.parametrize(("text", "domain"), [
    ("孩子学校的图书馆一学期都不开门，书都锁在柜子里落灰", "教育"),  # a school's own library
    ("大学的体育馆只对本校学生开放，附近居民能不能也进去锻炼", "教育"),
    ("学校组织去博物馆参观，每个学生收了八十块车费", "教育"),  # the school's trip, the venue its setting
    ("小区门口新开的游泳馆办了三千块年卡，没两个月老板跑路了", "市场监管"),  # a business's prepaid card
    ("银川马拉松那天北京路交通管制，公交改线了也没提前通知", "交通"),  # the race's road closures
])
def test_a_venue_that_is_another_s_matter(cues: Classifier, fresh: Classifier, text: str, domain: str) -> None:
    for clf in (cues, fresh):
        got = clf.classify(text)
        assert got.domain == domain, got.evidence["domain"]


def test_an_other_without_a_department_is_still_unroutable(fresh: Classifier, router: Router) -> None:
    """Only the venues' 其他 has a department: a message naming no matter at all stays at the hub."""
    got = fresh.classify("今天天气不错，出去走走")
    assert (got.domain, got.subtopic) == ("其他", None)
    assert router.route(got).unroutable


def test_an_office_model_taught_venues_as_school_matters_does_not_take_them(cues: Classifier) -> None:
    """A model trained on a corpus that files libraries under 教育文体 (the 泰迪杯 convention) reads a
    library post as 教育: the venue word is a domain word the rules found, 其他's though it is, so the
    rules' answer stands as any domain word's would (before, 其他 counted as nothing found and the model
    filled it)."""
    from monitor.classify.training import train

    school = ["图书馆座位不够", "体育馆对外开放时间太短", "孩子入学划片不合理", "学校强制补课收费",
              "幼儿园收费太高", "班主任要求家长批改作业"]
    road = ["公交车班次太少等了一个小时", "路口红绿灯时间太短行人过不去", "出租车拒载还乱收费",
            "这条路坑洼不平车辆颠簸", "高速收费站排队太长", "网约车司机绕路多收费"]
    model = train([(t, "教育") for t in school] + [(t, "交通") for t in road], source="libraries as schools")
    text = "市图书馆春节放假那几天开不开门？"
    assert model.predict(jieba.lcut(text), text)[0] == "教育"
    settings = cues.settings.model_copy(update={"model": cues.settings.model.model_copy(
        update={"post_model_margin": 0.0})})  # the model's guess would fill any post the rules left empty
    got = Classifier(settings, cues.gazetteer, model).classify(text)
    assert (got.domain, got.subtopic) == ("其他", "文化场馆"), got.evidence["domain"]
    assert got.evidence["domain"]["by"] == "rules"
