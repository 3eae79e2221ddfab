"""Operator actions on the database (both backends): each is an event, then a refresh."""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import ClassVar

import pytest
from sqlalchemy import select

from monitor.handling import actions
from monitor.handling.actions import ActionError
from monitor.core.config import Config
from monitor.handling.queue import list_entries, open_entry
from monitor.sla import SlaEngine
from monitor.store.models import Case, CaseEvent, Mention
from monitor.core.timeutil import iso_local
from monitor.core.types import Item, SourceError
from test_sla_builders import add_event, make_case, mirror, t, write_config

from conftest import Database

ENGINE = SlaEngine()
OP = "operator:li"


@pytest.fixture
def config(tmp_path: Path) -> Config:
    return write_config(tmp_path / "config")


def kinds(s, case_id: int) -> list[str]:  # type: ignore[no-untyped-def]
    return list(s.scalars(select(CaseEvent.kind).where(CaseEvent.case_id == case_id)
                          .order_by(CaseEvent.id)))


def test_claim_assign_co_handler(db: Database, config: Config) -> None:
    with db.session() as s:
        mirror(s, config)
        case = make_case(s, "2026-03-10T10:00", "complaint", lead=None)
        now = t("2026-03-10T10:20")
        r = actions.claim(s, case.id, account_id="xingqing", actor="xingqing", now=now, engine=ENGINE)
        assert r.event.kind == "claimed" and r.event.actor == "xingqing" and r.event.at == now
        assert case.lead_account_id == "xingqing"
        with pytest.raises(ActionError, match="已由.*承办"):
            actions.claim(s, case.id, account_id="chengguan", actor="chengguan", now=now, engine=ENGINE)
        due_before = case.first_response_due
        actions.assign(s, case.id, account_id="chengguan", actor=OP, now=t("2026-03-10T10:30"),
                       engine=ENGINE, reason="属城管职责")
        actions.add_co_handler(s, case.id, account_id="xingqing.wenhuajie", actor=OP,
                               now=t("2026-03-10T10:31"), engine=ENGINE)
        with pytest.raises(ActionError, match="已在办理案件#"):
            actions.add_co_handler(s, case.id, account_id="chengguan", actor=OP,
                                   now=t("2026-03-10T10:32"), engine=ENGINE)
        with pytest.raises(ActionError, match="账号 'nobody' 不在矩阵中"):
            actions.assign(s, case.id, account_id="nobody", actor=OP, now=now, engine=ENGINE)
        s.commit()
        active = [(a.account_id, a.role) for a in case.assignments if a.active]
        assert active == [("chengguan", "lead"), ("xingqing.wenhuajie", "co")]
        assert case.joint and case.first_response_due == due_before  # clocks kept
        assert kinds(s, case.id) == ["created", "claimed", "unassigned", "assigned", "assigned"]


def test_reply_no_post_then_close_and_reopen(db: Database, config: Config) -> None:
    with db.session() as s:
        mirror(s, config)
        case = make_case(s, "2026-03-10T10:00", "consult")
        r = actions.record_reply(s, case.id, account_id="xingqing.wenhuajie",
                                 text="您好，已安排环卫今日清运。", actor=OP, now=t("2026-03-10T11:30"),
                                 at=t("2026-03-10T10:40"), engine=ENGINE)
        assert r.state.first_response_state == "met" and case.status == "replied"
        with pytest.raises(ActionError, match="请填写回复内容"):
            actions.record_reply(s, case.id, account_id="xingqing", text="  ", actor=OP,
                                 now=t("2026-03-10T11:30"), engine=ENGINE)
        with pytest.raises(ActionError, match="办结结果"):
            actions.close(s, case.id, result="", actor=OP, now=t("2026-03-11T09:00"), engine=ENGINE)
        r = actions.close(s, case.id, result="垃圾已清运，并督促物业增加清运频次", actor=OP,
                          now=t("2026-03-11T09:00"), engine=ENGINE)
        assert (case.status, r.state.closure_state, case.closed_at) == (
            "closed", "met", t("2026-03-11T09:00"))
        with pytest.raises(ActionError, match="已办结"):
            actions.close(s, case.id, result="再次办结", actor=OP, now=t("2026-03-11T09:05"),
                          engine=ENGINE)
        with pytest.raises(ActionError, match="已办结：请先重新打开"):
            actions.extend(s, case.id, days=1, reason="x", actor=OP, now=t("2026-03-11T09:05"),
                           engine=ENGINE)
        with pytest.raises(ActionError, match="重新打开的理由"):
            actions.reopen(s, case.id, reason="", actor=OP, now=t("2026-03-12T09:00"), engine=ENGINE)
        r = actions.reopen(s, case.id, reason="市民反映垃圾又堆积", actor=OP,
                           now=t("2026-03-12T09:00"), engine=ENGINE)
        assert case.status == "open" and case.closed_at is None
        assert iso_local(case.closure_due) == "2026-03-14T00:00:00+08:00"
        s.commit()


def test_extend_rules(db: Database, config: Config) -> None:
    with db.session() as s:
        mirror(s, config)
        case = make_case(s, "2026-03-10T10:00", "consult")
        now = t("2026-03-11T10:00")
        ENGINE.refresh(s, case, now=now)
        with pytest.raises(ActionError, match="请填写延期理由"):
            actions.extend(s, case.id, days=2, reason=" ", actor=OP, now=now, engine=ENGINE)
        with pytest.raises(ActionError, match="只能填一个"):
            actions.extend(s, case.id, days=2, until=t("2026-03-20T18:00"), reason="x", actor=OP,
                           now=now, engine=ENGINE)
        with pytest.raises(ActionError, match="延期至少 1 个工作日"):
            actions.extend(s, case.id, days=0, reason="x", actor=OP, now=now, engine=ENGINE)
        with pytest.raises(ActionError, match="必须晚于现在的期限"):
            actions.extend(s, case.id, until=t("2026-03-11T20:00"), reason="x", actor=OP, now=now,
                           engine=ENGINE)
        r = actions.extend(s, case.id, days=2, reason="需现场核实", actor=OP, now=now, engine=ENGINE)
        assert iso_local(case.closure_due) == "2026-03-14T00:00:00+08:00"
        assert r.event.data["previous_due"] == t("2026-03-12T00:00").isoformat()
        actions.extend(s, case.id, until=t("2026-03-20T18:00"), reason="等检测报告", actor=OP,
                       now=now, engine=ENGINE)
        assert case.closure_due == t("2026-03-20T18:00")
        assert kinds(s, case.id).count("extended") == 2


def test_pending_info_and_info_received(db: Database, config: Config) -> None:
    with db.session() as s:
        mirror(s, config)
        case = make_case(s, "2026-03-10T10:00", "consult")
        with pytest.raises(ActionError, match="没有在等待群众"):
            actions.info_received(s, case.id, actor=OP, now=t("2026-03-10T11:00"), engine=ENGINE)
        actions.pending_info(s, case.id, note="请提供具体小区名称", actor=OP,
                             now=t("2026-03-11T12:00"), engine=ENGINE)
        assert case.status == "pending_info" and case.closure_due is None
        with pytest.raises(ActionError, match="已在等待群众"):
            actions.pending_info(s, case.id, actor=OP, now=t("2026-03-11T12:01"), engine=ENGINE)
        actions.info_received(s, case.id, note="市民电话补充", actor=OP,
                              now=t("2026-03-16T09:00"), engine=ENGINE)
        assert case.status == "open"
        assert case.closure_due == t("2026-03-16T21:00")  # 12 working hours remained


def test_merge_duplicates(db: Database, config: Config) -> None:
    with db.session() as s:
        mirror(s, config)
        target = make_case(s, "2026-03-10T10:00", "complaint")
        dup = make_case(s, "2026-03-10T10:30", "complaint")
        open_entry(s, dup.id, "unroutable", at=t("2026-03-10T10:31"))
        with pytest.raises(ActionError, match="不能合并到自身"):
            actions.merge(s, dup.id, into=dup.id, actor=OP, now=t("2026-03-10T11:00"), engine=ENGINE)
        r = actions.merge(s, dup.id, into=target.id, actor=OP, now=t("2026-03-10T11:00"),
                          engine=ENGINE)
        s.commit()
        assert dup.status == "closed" and r.event.data["resolution"] == "merged"
        assert r.event.data["into"] == target.id
        assert set(s.scalars(select(Mention.case_id).where(
            Mention.external_id == dup.root_external_id))) == {target.id}
        assert kinds(s, dup.id)[-2:] == ["merged", "closed"]
        assert kinds(s, target.id)[-1] == "merged"
        with pytest.raises(ActionError, match="请重新打开那一件"):
            actions.reopen(s, dup.id, reason="误合并", actor=OP, now=t("2026-03-10T12:00"),
                           engine=ENGINE)
        third = make_case(s, "2026-03-10T10:40", "complaint")
        with pytest.raises(ActionError, match="本身已合并到"):
            actions.merge(s, third.id, into=dup.id, actor=OP, now=t("2026-03-10T12:00"),
                          engine=ENGINE)


def test_resolved_by_platform_clears_the_queue(db: Database, config: Config) -> None:
    with db.session() as s:
        mirror(s, config)
        case = make_case(s, "2026-03-10T10:00", "consult")
        ENGINE.refresh(s, case, now=t("2026-03-12T09:00"))
        open_entry(s, case.id, "closure_breached", at=t("2026-03-12T09:00"))
        open_entry(s, case.id, "supervision", at=t("2026-03-12T09:00"))
        actions.resolved_by_platform(s, case.id, actor=OP, now=t("2026-03-12T10:00"), engine=ENGINE)
        assert case.status == "closed" and case.closure_state == "missed"
        assert list_entries(s) == []
        assert [e.resolved_by for e in list_entries(s, include_resolved=True)] == ["system"] * 2


def test_unknown_case_and_naive_time(db: Database) -> None:
    with db.session() as s:
        with pytest.raises(ActionError, match="没有编号为 999 的案件"):
            actions.close(s, 999, result="x", actor=OP, now=t("2026-03-10T10:00"), engine=ENGINE)
        with pytest.raises(ActionError, match="没有时区"):
            actions.close(s, 1, result="x", actor=OP, now=dt.datetime(2026, 3, 10, 10), engine=ENGINE)


class FakeWeibo:
    """A Replier standing in for the platform: answers like comments/reply does (no monitor code)."""

    platform: ClassVar[str] = "weibo"

    def __init__(self, fail: bool = False) -> None:
        self.fail = fail
        self.calls: list[tuple[str, str, str]] = []

    async def post_reply(self, *, account_external_id: str, item: Item, text: str) -> Item:
        self.calls.append((account_external_id, item.external_id, text))
        if self.fail:
            raise SourceError("error_code 20019: 相同内容短时间内不能重复发布", retryable=False)
        return Item(platform="weibo", external_id="c9001", kind="comment",
                    author_id=account_external_id, author_name="文化街街道", text=text,
                    created_at=t("2026-03-10T10:41:30"), reply_to_id=item.external_id,
                    parent_id=item.external_id)


async def test_posted_reply_counts_at_platform_time(db: Database, config: Config) -> None:
    with db.session() as s:
        mirror(s, config)
        case = make_case(s, "2026-03-10T10:00", "consult")
        weibo = FakeWeibo()
        r = await actions.post_reply(s, case.id, account_id="xingqing.wenhuajie",
                                     text="您好，已联系环卫今日清运。", replier=weibo, actor=OP,
                                     now=t("2026-03-10T10:41"), engine=ENGINE)
        assert weibo.calls == [("2100", case.root_external_id, "您好，已联系环卫今日清运。")]
        assert r.event.at == t("2026-03-10T10:41:30") and r.event.mention_id is not None
        assert case.first_response_at == t("2026-03-10T10:41:30")
        m = s.get(Mention, r.event.mention_id)
        assert m is not None and (m.role, m.account_id, m.case_id) == (
            "member", "xingqing.wenhuajie", case.id)

        failing = FakeWeibo(fail=True)
        with pytest.raises(ActionError, match="拒绝了这条回复：error_code 20019"):
            await actions.post_reply(s, case.id, account_id="xingqing.wenhuajie", text="再次回复",
                                     replier=failing, actor=OP, now=t("2026-03-10T10:50"),
                                     engine=ENGINE)
        assert kinds(s, case.id).count("reply") == 1


def test_queue_listing_most_urgent_first(db: Database, config: Config) -> None:
    with db.session() as s:
        a = make_case(s, "2026-03-10T10:00", "complaint", text="燃气管道漏气，味道很大")
        b = make_case(s, "2026-03-10T09:00", "complaint", lead="chengguan", co=("xingqing",))
        open_entry(s, b.id, "first_response_breached", at=t("2026-03-10T10:01"))
        open_entry(s, a.id, "risk", at=t("2026-03-10T10:05"))
        open_entry(s, b.id, "supervision", at=t("2026-03-11T10:01"))
        add_event(s, a, "note", "2026-03-10T10:06")
        rows = list_entries(s)
        assert [(r.case_id, r.reason) for r in rows] == [
            (a.id, "risk"), (b.id, "supervision"), (b.id, "first_response_breached")]
        assert rows[1].accounts == ("chengguan", "xingqing")
        assert rows[0].text.startswith("燃气管道漏气")
        assert s.get(Case, a.id) is not None
