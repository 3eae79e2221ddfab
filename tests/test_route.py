"""Routing over the shipped matrix and routing.toml, and recording it on a case (both backends)."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest
from sqlalchemy import select

from monitor.classify import Classifier
from monitor.classify.risk import RiskDetector
from monitor.classify.settings import load_classify, load_gazetteer
from monitor.core.config import ConfigError, Matrix, load_model
from monitor.store.matrix_sync import sync_accounts
from monitor.route import Router
from monitor.route.assign import apply_route, reassign
from monitor.route.settings import load_routing
from monitor.store.models import Assignment, Case, CaseEvent, QueueEntry
from monitor.core.timeutil import SHANGHAI

ROOT = Path(__file__).resolve().parents[1]
T0 = dt.datetime(2026, 3, 2, 9, 30, tzinfo=SHANGHAI)


@pytest.fixture(scope="module")
def matrix() -> Matrix:
    return load_model(ROOT / "config" / "matrix.toml", Matrix)


@pytest.fixture(scope="module")
def clf() -> Classifier:
    return Classifier(load_classify(ROOT / "config" / "classify.toml"),
                      load_gazetteer(ROOT / "config" / "regions.toml"),
                      risk=RiskDetector.load(ROOT / "config" / "risk.toml"))


@pytest.fixture(scope="module")
def router(matrix: Matrix) -> Router:
    return Router(load_routing(ROOT / "config" / "routing.toml"), matrix)


def test_noise_in_a_street_goes_to_that_street(clf: Classifier, router: Router) -> None:
    d = router.route(clf.classify("兴庆区文化街小区楼下广场舞噪音扰民，能不能小声点？"))
    assert (d.lead, d.co, d.unroutable) == ("xingqing-wenhuajie", (), False)
    assert d.rule == "噪音、油烟、垃圾等扰民：属地街道" and d.evidence["lead_target"] == "street"


def test_tiers_fall_back_street_then_district_then_city(clf: Classifier, router: Router) -> None:
    d = router.route(clf.classify("金凤区黄河东路有人私搭乱建彩钢房"))
    assert (d.lead, d.co) == ("jinfeng-huanghedonglu", ("jinfeng-cg",))  # street leads, 城管 co-handles
    d = router.route(clf.classify("金凤区有人私搭乱建彩钢房"))
    assert (d.lead, d.co) == ("jinfeng-cg", ())  # no street: the district's 城管
    d = router.route(clf.classify("有人私搭乱建彩钢房"))
    assert (d.lead, d.co) == ("city-cg", ())  # no place at all: the city department
    d = router.route(clf.classify("公司拖欠工资半年了，农民工讨薪无门"))
    assert d.lead == "city-rs" and d.evidence["rule"] == "拖欠工资：人社局牵头，属地协办"


def test_explicit_mentions_win_and_several_make_a_joint_case(clf: Classifier, router: Router) -> None:
    c = clf.classify("兴庆区文化街小区楼下广场舞噪音扰民")
    d = router.route(c, ["city-police-traffic"])
    assert (d.lead, d.co) == ("city-police-traffic", ()) and d.rule == "@提及：银川交警"
    d = router.route(c, ["wzyc", "xingqing-cg", "city-sthj", "xingqing-cg", "no-such-account"])
    assert (d.lead, d.co) == ("xingqing-cg", ("city-sthj",)) and d.joint  # hub and unknown ids ignored
    assert router.route(c, ["wzyc"]).lead == "xingqing-wenhuajie"  # only the hub @: rules decide


def test_multi_domain_case_gets_co_handlers(clf: Classifier, router: Router) -> None:
    d = router.route(clf.classify("西夏区朔方路小区暖气不热，物业也不管，还违章搭建"))
    assert d.lead == "xixia-shuofanglu"
    assert d.co == ("xixia-cg", "city-heat")  # 违章搭建 is the most specific 城乡建设 word
    assert "联合办理" in d.rule and d.evidence["joint"] == {"民生": "供暖：供热公司"}


def test_no_confident_match_goes_to_the_hub_as_unroutable(clf: Classifier, router: Router) -> None:
    d = router.route(clf.classify("今天阳光明媚，心情不错"))
    assert (d.lead, d.co, d.unroutable) == ("wzyc", (), True)
    # a place but no recognisable matter: still a person decides (其他 never routes by territory alone)
    d = router.route(clf.classify("兴庆区今天阳光明媚"))
    assert d.unroutable and d.lead == "wzyc"


def test_routing_speaks_only_the_office_taxonomy(tmp_path: Path, matrix: Matrix, clf: Classifier,
                                                 router: Router) -> None:
    from dataclasses import replace

    c = clf.classify("2路公交车班次太少，公交站等半小时")
    # a domain the rules did not name: their sub-topic is not used
    d = router.route(replace(c, domain="卫生健康"))
    assert d.evidence["subtopic"] is None and d.lead == "city-wj"
    text = (ROOT / "config" / "routing.toml").read_text(encoding="utf-8")
    old = tmp_path / "old.toml"
    old.write_text('[domain_aliases]\n"交通运输" = "交通"\n' + text, encoding="utf-8")
    with pytest.raises(ConfigError, match=r"domain_aliases: removed; map training labels in classify.toml"):
        load_routing(old)
    foreign = tmp_path / "foreign.toml"
    foreign.write_text(text.replace('domains = ["教育"]', 'domains = ["教育文体"]'), encoding="utf-8")
    with pytest.raises(ConfigError, match=r"rules\[\d+\]\.domains: '教育文体' is not one of the office's domains"):
        Router(load_routing(foreign), matrix, domains=load_classify(ROOT / "config" / "classify.toml").taxonomy.domains)


def test_places_first_when_the_citizen_wrote_to_another_place(clf: Classifier, router: Router) -> None:
    c = clf.classify("兴庆区新华街晚上广场舞噪音太大，吵得睡不着")
    d = router.route(c, ["yongning"])  # a comment under 永宁县's post
    assert d.lead == "xingqing-xinhuajie" and not d.unroutable
    assert d.evidence["addressed"] == ["yongning"] and d.evidence["by_place"] == "兴庆区新华街街道"
    assert d.rule.startswith("按文中地点（兴庆区新华街街道）") and "群众所@账号：永宁县" in d.rule
    # the same place's own account keeps the mention; so does a message that names no place
    assert router.route(c, ["xingqing"]).lead == "xingqing"
    assert router.route(clf.classify("广场舞噪音太大"), ["yongning"]).lead == "yongning"
    # a city department mentioned alongside keeps the mention (it answers everywhere)
    assert router.route(c, ["yongning", "city-cg"]).lead == "yongning"


def test_known_street_without_a_rule_goes_to_that_street(clf: Classifier, router: Router) -> None:
    c = clf.classify("兴庆区新华街这边的事情想找人说一说")
    assert c.domain == "其他" and c.street == "新华街街道"
    d = router.route(c)
    assert d.lead == "xingqing-xinhuajie" and not d.unroutable and d.rule.startswith("属地管理")
    assert router.route(clf.classify("这边的事情想找人说一说")).unroutable


def test_unknown_account_in_routing_is_a_config_error(config_dir: Path, matrix: Matrix) -> None:
    p = config_dir / "routing.toml"
    p.write_text(p.read_text(encoding="utf-8").replace('lead = ["city-bus"]', 'lead = ["city-buss"]'),
                 encoding="utf-8")
    with pytest.raises(ConfigError, match=r"routing\.toml: rules\[\d+\]\.lead: unknown account 'city-buss'"):
        Router(load_routing(p), matrix, source=str(p))
    p.write_text('[[rules]]\nname = "x"\ndomains = ["交通"]\nlead = ["Street!"]\n', encoding="utf-8")
    with pytest.raises(ConfigError, match=r"routing\.toml: rules\[0\]\.lead"):
        load_routing(p)


def _case(s, text: str) -> Case:  # type: ignore[no-untyped-def]
    case = Case(platform="weibo", channel="weibo", root_external_id=str(abs(hash(text))), citizen_id="42",
                citizen_name="网友042", text=text, received_at=T0)
    s.add(case)
    s.flush()
    return case


def test_apply_route_records_assignments_events_and_queue(db, clf: Classifier, router: Router,  # type: ignore[no-untyped-def]
                                                          matrix: Matrix) -> None:
    with db.session() as s, s.begin():
        sync_accounts(s, matrix)
        case = _case(s, "西夏区朔方路小区物业不管，物业费照收，楼道里还闻到燃气泄漏的味道")
        c = clf.classify(case.text)
        apply_route(s, case, c, router.route(c), at=case.received_at)
        case_id = case.id
    with db.session() as s:
        case = s.get(Case, case_id)
        assert (case.type, case.domain, case.subtopic) == ("complaint", "住房", "物业")
        assert (case.region, case.street) == ("西夏区", "朔方路街道")
        assert case.risk[0]["flag"] == "safety_hazard" and case.keywords == c.keywords
        assert case.lead_account_id == "xixia-shuofanglu" and case.joint
        rows = [(a.account_id, a.role, a.active) for a in case.assignments]
        # the gas leak joins 应急管理 as a second domain (联合办理)
        assert rows == [("xixia-shuofanglu", "lead", True), ("xixia-zj", "co", True), ("city-yjgl", "co", True)]
        events = s.scalars(select(CaseEvent).where(CaseEvent.case_id == case_id).order_by(CaseEvent.id)).all()
        assert [e.kind for e in events][:2] == ["classified", "assigned"]
        first = events[1]
        assert first.data["account"] == "xixia-shuofanglu" and first.data["role"] == "lead"
        assert first.data["rule"].startswith("物业") and first.at == T0.astimezone(dt.UTC)
        reasons = {q.reason: q for q in s.scalars(select(QueueEntry).where(QueueEntry.case_id == case_id))}
        assert set(reasons) == {"risk"} and reasons["risk"].priority == 0
        detail = reasons["risk"].detail["risk"]  # Chinese, as the queue shows it: label and words
        assert detail.startswith("安全隐患（") and "燃气泄漏" in detail


def test_unroutable_case_queues_for_manual_dispatch_and_reassign(db, clf: Classifier,  # type: ignore[no-untyped-def]
                                                                  router: Router, matrix: Matrix) -> None:
    later = T0 + dt.timedelta(hours=2)
    with db.session() as s, s.begin():
        sync_accounts(s, matrix)
        case = _case(s, "你们到底管不管？")
        case.first_response_due = T0 + dt.timedelta(hours=24)
        c = clf.classify(case.text)
        apply_route(s, case, c, router.route(c), at=T0)
        assert case.lead_account_id == "wzyc" and not case.joint
        reassign(s, case, "xingqing-wenhuajie", ["xingqing-cg", "xingqing-wenhuajie"], at=later,
                 actor="operator:li", reason="属地问题")
        case_id = case.id
    with db.session() as s:
        case = s.get(Case, case_id)
        assert case.lead_account_id == "xingqing-wenhuajie" and case.joint
        assert case.first_response_due == (T0 + dt.timedelta(hours=24)).astimezone(dt.UTC)  # clocks untouched
        active = [(a.account_id, a.role) for a in case.assignments if a.active]
        assert active == [("xingqing-wenhuajie", "lead"), ("xingqing-cg", "co")]
        assert [a.account_id for a in case.assignments if not a.active] == ["wzyc"]
        kinds = s.scalars(select(CaseEvent.kind).where(CaseEvent.case_id == case_id).order_by(CaseEvent.id)).all()
        assert kinds == ["classified", "assigned", "unassigned", "assigned", "assigned"]
        q = s.scalars(select(QueueEntry).where(QueueEntry.case_id == case_id)).all()
        assert [x.reason for x in q] == ["unroutable"]
        assert s.scalar(select(Assignment.rule).where(Assignment.account_id == "xingqing-cg")) == "改派：属地问题"
    with db.session() as s, s.begin():
        case = s.get(Case, case_id)
        with pytest.raises(ValueError, match="unknown or inactive account 'nobody'"):
            reassign(s, case, "nobody", at=later, actor="operator:li", reason="x")
        with pytest.raises(ValueError, match="reason"):
            reassign(s, case, "xingqing", at=later, actor="operator:li", reason=" ")
