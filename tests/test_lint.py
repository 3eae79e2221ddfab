"""Reply rules on realistic Chinese replies (written for these tests), each flagged and clean."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest
from sqlalchemy import select

from monitor.core.config import ConfigError, load_model
from monitor.handling.lint import SPARE, LintSettings, ReplyLinter
from monitor.store.models import Case, CaseEvent, QueueEntry
from tests.factories import small_matrix

ROOT = Path(__file__).resolve().parents[1]


@pytest.fixture(scope="module")
def linter() -> ReplyLinter:
    return ReplyLinter(load_model(ROOT / "config" / "lint.toml", LintSettings), small_matrix())


def rules(linter: ReplyLinter, text: str, account: str = "xingqing", previous: tuple[str, ...] = ()) -> set[str]:
    return {v.rule for v in linter.check(text, account_id=account, previous=previous)}


GOOD = ("网友您好，您反映的丽景街小区东门路灯不亮问题，经我街道城建办现场核实，系地下线路老化短路所致。"
        "3月5日已协调供电所更换线路，目前路灯已恢复照明，后续将纳入日常巡查。")


def test_substantive_reply_is_clean(linter):
    assert rules(linter, GOOD) == set()


def test_a_reply_is_segmented_once_for_both_readings(monkeypatch):
    """The duplicate rule's tokens and the perfunctory rule's substance read the same cleaned
    body of a reply without boilerplate: one segmentation serves both."""
    import monitor.handling.lint as lint

    cut: list[str] = []
    real = lint.jieba.lcut
    monkeypatch.setattr(lint.jieba, "lcut", lambda text: cut.append(text) or real(text))
    fresh = ReplyLinter(load_model(ROOT / "config" / "lint.toml", LintSettings), small_matrix())
    assert rules(fresh, GOOD, previous=("网友您好，您反映的问题已转交相关部门处理。",)) == set()
    assert len(cut) == 2  # the reply once, the previous reply once
    assert fresh.tokens(GOOD) and fresh.substance(GOOD)[0]  # both readings, from the memo
    assert len(cut) == 2


# ---- duplicate

TEMPLATE = "网友“{who}”您好！您反映的{what}问题已收悉，我局高度重视，已安排执法人员于{day}到现场核查，并责令相关商户限期整改，感谢您的监督。"


def test_duplicate_template_to_another_case_is_flagged(linter):
    mine = TEMPLATE.format(who="UU1203", what="占道经营", day="3月2日")
    earlier = TEMPLATE.format(who="UU8876", what="占道经营", day="2月25日")
    (v,) = [v for v in linter.check(mine, account_id="city-cg", previous=[GOOD, earlier]) if v.rule == "duplicate"]
    assert v.score is not None and v.score >= 0.8 and v.evidence[0].startswith("网友“UU8876”")


def test_different_reply_is_not_a_duplicate(linter):
    mine = TEMPLATE.format(who="UU1203", what="占道经营", day="3月2日")
    other = ("您好，关于北京路噪音扰民问题，经环保分局夜间监测，噪声值超过标准5分贝，已对该工地下达停工整改通知，"
             "夜间22时后禁止施工。")
    assert "duplicate" not in rules(linter, mine, "city-cg", previous=(GOOD, other))


# ---- perfunctory

@pytest.mark.parametrize("text", [
    "您好，您反映的问题已收到，已转相关部门处理，请耐心等待。感谢您的关注！",
    "网友：您好！留言已收悉。",
    "您的留言已收悉，关于您反映的问题，已转兴庆区调查处理。2026年3月2日",
    "感谢您对我们工作的关心、监督与支持！",
])
def test_boilerplate_only_is_perfunctory(linter, text):
    (v,) = [v for v in linter.check(text, account_id="xingqing") if v.rule == "perfunctory"]
    assert v.evidence  # names the boilerplate it removed


def test_boilerplate_around_substance_is_fine(linter):
    text = "您好，留言已收悉。经核实，该路段积水系雨水管网堵塞，市政养护队已于今日完成疏通，感谢您的关注！"
    assert "perfunctory" not in rules(linter, text)


# ---- buck passing

@pytest.mark.parametrize(("text", "phrase"), [
    ("您好，您反映的工地噪音问题不属于我单位职责范围，建议您向兴庆区生态环境分局反映。", "不属于我单位职责范围"),
    ("网友您好，物业收费问题请您直接向住建局咨询。", "请您直接向住建局咨询"),
    ("该事项不在我局职责范围内，特此说明。", "不在我局职责范围"),
])
def test_passing_the_buck_is_flagged(linter, text, phrase):
    (v,) = [v for v in linter.check(text, account_id="xingqing") if v.rule == "buck_passing"]
    assert any(phrase in e for e in v.evidence)


@pytest.mark.parametrize("text", [
    "您好，该噪音问题不属于我单位职责范围，我们已转交兴庆区生态环境分局办理，处理结果将在此回复您。",
    GOOD + "如您还有疑问，请向我局市容科反映，电话0951-0000000。",
    GOOD + "如有疑问，建议您到社区服务中心咨询。",
])
def test_transfer_or_helpful_pointer_is_not_buck_passing(linter, text):
    assert "buck_passing" not in rules(linter, text)


# ---- @-mentioning a superior

def test_mentioning_a_superior_is_flagged(linter):
    text = "您好，此事需协调多个部门，@兴庆区 @问政银川 请上级协调处理。"
    (v,) = [v for v in linter.check(text, account_id="xingqing-wenhuajie") if v.rule == "mentions_superior"]
    assert v.evidence == ["@兴庆区", "@问政银川"]


def test_mentioning_a_subordinate_or_sibling_is_fine(linter):
    assert "mentions_superior" not in rules(linter, "已督促@兴庆区文化街街道 立即整改，" + GOOD, "xingqing")
    assert "mentions_superior" not in rules(linter, "已联系@银川城管 协同处理，" + GOOD, "xingqing")


# ---- returning the case in the comments

@pytest.mark.parametrize("text", [
    "您好，该诉求不属于本平台受理范围，予以退回，请向问政银川重新反映。",
    "经审核，您的诉求不予受理。",
    "此件退件，请您通过12345热线重新提交。",
])
def test_returning_the_case_is_flagged(linter, text):
    assert "returned_in_comments" in rules(linter, text)


def test_refund_is_not_returning_the_case(linter):
    text = "您好，经协调，培训机构已于3月3日将预交的学费全额退回您的账户，请注意查收。"
    assert rules(linter, text) == set()


# ---- configuration errors name file and key

def test_bad_pattern_is_a_config_error(tmp_path):
    path = tmp_path / "lint.toml"
    path.write_text("[buck_passing]\npatterns = ['不属于(我']\n", encoding="utf-8")
    with pytest.raises(ConfigError) as info:
        load_model(path, LintSettings)
    assert str(path) in str(info.value) and "buck_passing.patterns" in str(info.value)
    assert "regular expression" in str(info.value)


# ---- recording on the timeline and in the queue (both backends)

T = dt.datetime(2026, 3, 2, 2, 0, tzinfo=dt.UTC)


def add_case_with_reply(s, root: str, text: str, at: dt.datetime, account: str = "city-cg") -> tuple[Case, CaseEvent]:
    case = Case(platform="weibo", channel="weibo", root_external_id=root, citizen_id="c" + root,
                text="门口小摊占道经营", received_at=at)
    s.add(case)
    s.flush()
    ev = CaseEvent(case_id=case.id, kind="reply", at=at + dt.timedelta(minutes=30), account_id=account,
                   data={"text": text, "external_id": "r" + root})
    s.add(ev)
    s.flush()
    return case, ev


def test_record_writes_events_and_queue_once(db, linter):
    with db.sessions.begin() as s:
        add_case_with_reply(s, "100", TEMPLATE.format(who="UU1", what="占道经营", day="2月25日"), T)
        add_case_with_reply(s, "101", GOOD, T + dt.timedelta(hours=1), account="xingqing")  # other account
        case, ev = add_case_with_reply(s, "102", TEMPLATE.format(who="UU2", what="占道经营", day="3月2日"),
                                       T + dt.timedelta(days=1))
        found = linter.record(s, case, ev, now=T + dt.timedelta(days=1, hours=1))
        again = linter.record(s, case, ev, now=T + dt.timedelta(days=1, hours=2))
    assert [v.rule for v in found] == ["duplicate"] and [v.rule for v in again] == ["duplicate"]
    with db.session() as s:
        events = s.scalars(select(CaseEvent).where(CaseEvent.kind == "reply_violation")).all()
        entries = s.scalars(select(QueueEntry)).all()
    assert len(events) == 1
    assert events[0].account_id == "city-cg" and events[0].data["rule"] == "duplicate"
    assert events[0].data["evidence"][0].startswith("网友“UU1”")
    assert [(e.reason, e.case_id, e.detail["rules"]) for e in entries] == [("reply_violation", case.id, ["duplicate"])]


def test_record_clean_reply_records_nothing(db, linter):
    with db.sessions.begin() as s:
        case, ev = add_case_with_reply(s, "200", GOOD, T, account="xingqing")
        assert linter.record(s, case, ev, now=T) == []
    with db.session() as s:
        assert s.scalars(select(QueueEntry)).all() == []
        assert s.scalars(select(CaseEvent).where(CaseEvent.kind == "reply_violation")).all() == []


def test_replies_to_the_same_case_are_not_duplicates(db, linter):
    text = TEMPLATE.format(who="UU3", what="占道经营", day="3月2日")
    with db.sessions.begin() as s:
        case, first = add_case_with_reply(s, "300", text, T)
        second = CaseEvent(case_id=case.id, kind="reply", at=T + dt.timedelta(hours=2), account_id="city-cg",
                           data={"text": text})
        s.add(second)
        assert linter.record(s, case, second, now=T + dt.timedelta(hours=2)) == []


def test_preload_reads_each_accounts_newest_replies_only(db):
    # each account's window is its newest replies (window + the batch's own + SPARE) up to the
    # batch's last reply, read per account and cut at the limit; later ones and other kinds of
    # event are not read. A reply that finds too few replies to other cases in a cut window (an
    # account answering one case again and again) reads them itself: the same result either way
    settings = load_model(ROOT / "config" / "lint.toml", LintSettings)
    settings = settings.model_copy(update={"duplicate": settings.duplicate.model_copy(update={"window": 2})})
    small = ReplyLinter(settings, small_matrix())
    keep = 2 + 1 + SPARE
    with db.sessions.begin() as s:
        made: dict[str, list[CaseEvent]] = {"city-cg": [], "xingqing": []}
        for i in range(keep * 2):
            account = "xingqing" if i % 4 == 0 else "city-cg"
            _case, ev = add_case_with_reply(s, f"50{i:02d}", f"第{i}条答复：已安排人员到现场处理", T + dt.timedelta(hours=i),
                                            account=account)
            made[account].append(ev)
        s.add(CaseEvent(case_id=made["city-cg"][0].case_id, kind="comment", at=T + dt.timedelta(hours=200),
                        account_id="city-cg", data={"text": "不是答复"}))
        # one case of city-cg's answered SPARE + 2 times more, after everything else
        busy, first = add_case_with_reply(s, "5999", GOOD, T + dt.timedelta(hours=100))
        again = [CaseEvent(case_id=busy.id, kind="reply", at=T + dt.timedelta(hours=101 + k), account_id="city-cg",
                           data={"text": f"{GOOD}（第{k}次补充）"}) for k in range(SPARE + 1)]
        again.append(CaseEvent(case_id=busy.id, kind="reply", at=T + dt.timedelta(hours=130), account_id="city-cg",
                               data={"text": "第99条答复：已安排人员到现场处理"}))
        s.add_all(again)
        s.flush()
        batch = [made["city-cg"][-2], made["xingqing"][-2]]  # the batch's replies: one each
        windows = small.preload(s, batch)
        until = max(e.at for e in batch)
        for account, events in made.items():
            expect = sorted((e for e in events if e.at <= until), key=lambda e: e.at, reverse=True)[:keep]
            assert windows[account].rows == [(e.at, e.case_id, e.data["text"]) for e in expect], account
        assert windows["city-cg"].cut and not windows["xingqing"].cut
        # what a reply is compared with is the same whether read from the window or per reply
        for ev in batch:
            case = s.get(Case, ev.case_id)
            assert small.record(s, case, ev, now=ev.at, windows=windows) == small.record(s, case, ev, now=ev.at)
        last = again[-1]
        windows = small.preload(s, [last])
        assert windows["city-cg"].cut
        found = small.record(s, busy, last, now=last.at, windows=windows)
        assert found == small.record(s, busy, last, now=last.at)
        # only the other cases' replies, beyond the window read, make it the template it is
        assert [v.rule for v in found] == ["duplicate"]
