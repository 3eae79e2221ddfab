"""Satisfaction feedback: lexicon with negation, recorded on the case and in the queue."""

from __future__ import annotations

import datetime as dt

import pytest
from sqlalchemy import select

from monitor.handling.feedback import detect, record_feedback
from monitor.store.models import Case, CaseEvent, QueueEntry


@pytest.mark.parametrize(("text", "label", "word"), [
    ("问题已经解决了，谢谢你们！", "satisfied", "已经解决"),
    ("路灯修好了，为你们点赞", "satisfied", "点赞"),
    ("非常满意，工作人员辛苦了", "satisfied", "满意"),
    ("感谢回复，小区门口的积水已清理。", "satisfied", "感谢"),
    ("问题还是没有解决，物业根本不管", "unsatisfied", "没有解决"),
    ("对这个答复不满意", "unsatisfied", "不满意"),
    ("这种回复就是敷衍", "unsatisfied", "敷衍"),
    ("打了三次电话还是没人管", "unsatisfied", "还是没人管"),
    ("部门之间互相踢皮球", "unsatisfied", "踢皮球"),
    ("谢谢你们的敷衍", "unsatisfied", "敷衍"),
    ("并未解决，路灯还是不亮", "unsatisfied", "未解决"),
    ("说是处理了，其实不太满意", "unsatisfied", "不太满意"),
])
def test_detect(text, label, word):
    fb = detect(text)
    assert fb is not None and fb.label == label
    assert any(word in w for w in fb.words), fb.words


@pytest.mark.parametrize("text", [
    "", "   ", "请问什么时候能处理？谢谢", "麻烦尽快处理一下，谢谢", "小区东门的路灯坏了一个月了",
])
def test_no_feedback(text):
    assert detect(text) is None


T = dt.datetime(2026, 3, 3, 2, 0, tzinfo=dt.UTC)


def make_case(s) -> Case:
    case = Case(platform="weibo", channel="weibo", root_external_id="900", citizen_id="42",
                text="路灯坏了", received_at=T - dt.timedelta(days=1), status="replied")
    s.add(case)
    s.flush()
    return case


def test_unsatisfied_then_satisfied(db):
    with db.sessions.begin() as s:
        case = make_case(s)
        fb = record_feedback(s, case, "回复了也没用，问题还是没解决", at=T, mention_id=None)
        assert fb is not None and fb.label == "unsatisfied"
        case_id = case.id
    with db.session() as s:
        case = s.get(Case, case_id)
        assert case.satisfaction == "unsatisfied"
        (entry,) = s.scalars(select(QueueEntry)).all()
        assert (entry.reason, entry.resolved_at, entry.detail["words"]) == ("negative_feedback", None, ["没用", "没解决"])
    with db.sessions.begin() as s:
        case = s.get(Case, case_id)
        assert record_feedback(s, case, "今天来人修好了，满意", at=T + dt.timedelta(days=1), mention_id=None)
    with db.session() as s:
        assert s.get(Case, case_id).satisfaction == "satisfied"
        (entry,) = s.scalars(select(QueueEntry)).all()
        assert entry.resolved_at is not None and entry.resolved_by == "citizen"
        events = s.scalars(select(CaseEvent).where(CaseEvent.kind == "feedback").order_by(CaseEvent.at)).all()
        assert [e.data["label"] for e in events] == ["unsatisfied", "satisfied"]
        assert events[0].actor == "citizen"


def test_neutral_follow_up_records_nothing(db):
    with db.sessions.begin() as s:
        case = make_case(s)
        assert record_feedback(s, case, "请问什么时候来处理？", at=T, mention_id=None) is None
        assert case.satisfaction is None
    with db.session() as s:
        assert s.scalars(select(CaseEvent)).all() == []
        assert s.scalars(select(QueueEntry)).all() == []
