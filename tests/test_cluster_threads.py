"""同问 and +1 in their platform context: the real mock Weibo platform over HTTP (port 0), the real
Weibo source and pipeline, a real database on both backends.

On Weibo an echo is never alone: a comment carries the post it sits under (and a reply the comment
it answers), a repost carries its original. A citizen's 同问 under a member account's repost of
another citizen's post opens a case of its own (a top-level comment on a member's post is an
appeal) and says nothing of its matter in its own words; the platform says what it is about. The
scenarios are written for this test.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
from collections.abc import Iterator
from pathlib import Path

import aiohttp
import pytest
from sqlalchemy import select

from adapters.weibo.mock import MockWeibo, demo_token_env, served
from adapters.weibo.normalize import normalize_comment, normalize_status
from adapters.weibo.source import Options, WeiboSource
from conftest import Database
from monitor.core.limits import check_item
from monitor.core.types import Item
from monitor.runtime.stages import build_pipeline
from monitor.store.context import App, open_app
from monitor.store.models import Case, CaseEvent, Mention

ROOT = Path(__file__).resolve().parents[1]
T0 = dt.datetime(2026, 12, 1, 9, 0, tzinfo=dt.UTC)


@pytest.fixture
def app(db: Database) -> Iterator[App]:
    a = open_app(ROOT / "config" / "wenzheng.toml", database_url=db.url)
    yield a
    a.close()


async def poll(app: App, state: MockWeibo) -> list[Item]:
    """Everything the Weibo source reads from the mock platform over HTTP, as the daemon would."""
    async with served(state) as base, aiohttp.ClientSession() as http:
        source = WeiboSource(Options(base_url=base, count=50), name="weibo", matrix=app.matrix, http=http,
                             env=demo_token_env(app.matrix))
        return list((await source.poll({})).items)


def platform(app: App, citizens: tuple[tuple[str, str], ...]) -> MockWeibo:
    """The mock platform of the matrix, with these citizens (uid, screen name) on it."""
    state = MockWeibo.from_matrix(app.matrix)
    for uid, name in citizens:
        state.add_user(uid, name)
    return state


def at(minutes: float) -> dt.datetime:
    return T0 + dt.timedelta(minutes=minutes)


def case_of(app: App, external_id: int) -> Case:
    with app.sessions() as s:
        cid = s.scalar(select(Mention.case_id).where(Mention.external_id == str(external_id)))
        case = s.get(Case, cid)
        assert case is not None, external_id
        s.expunge(case)
        return case


def how_joined(app: App, case: Case) -> str | None:
    with app.sessions() as s:
        data = s.scalars(select(CaseEvent.data).where(CaseEvent.case_id == case.id,
                                                      CaseEvent.kind == "clustered")).first()
    return data.get("how") if data else None


async def test_echoes_under_a_member_accounts_repost_join_the_reposted_case(app: App) -> None:
    state = MockWeibo.from_matrix(app.matrix)
    hub = app.matrix.hub
    hub_uid = hub.platform_ids["weibo"]
    for uid, name in (("6200000001", "住阅海湾的老马"), ("6200000002", "楼上的小周"),
                      ("6200000003", "三号楼李阿姨"), ("6200000004", "路过的司机")):
        state.add_user(uid, name)
    first = state.post_status("6200000001", f"@{hub.name} 阅海湾小区从昨晚开始停水，到现在一滴水都没有，"
                                            "也没见通知", at=at(0))
    passed_on = state.post_status(hub_uid, "转发微博，请相关部门尽快核实处理", at=at(20), retweet_of=first.id)
    same = state.add_comment("6200000002", passed_on.id, "同问！", at=at(30))
    plus = state.add_comment("6200000003", passed_on.id, "+1 我家也是，孩子上学前脸都没洗", at=at(35))
    other = state.add_comment("6200000004", passed_on.id, "门口那条路的路灯也坏了好几天了", at=at(40))

    items = await poll(app, state)
    comment = next(it for it in items if it.external_id == str(same.id))
    assert comment.context_ids[:2] == (str(passed_on.id), str(first.id))  # its post, the post's original
    build_pipeline(app).ingest(items)

    original = case_of(app, first.id)
    echo, echo2, lamp = case_of(app, same.id), case_of(app, plus.id), case_of(app, other.id)
    assert len({original.id, echo.id, echo2.id, lamp.id}) == 4, "each citizen keeps a case of their own"
    assert original.cluster_id is not None
    assert echo.cluster_id == echo2.cluster_id == original.cluster_id
    assert how_joined(app, echo) == "thread" and how_joined(app, echo2) == "thread"
    assert echo.lead_account_id == original.lead_account_id  # the cluster's handlers, decided once
    # another problem under the same post is not its echo
    assert lamp.cluster_id != original.cluster_id


async def test_an_echo_of_a_post_nobody_addressed_is_about_that_posts_matter(app: App) -> None:
    """A citizen's post that @-mentions no member account is never read; a comment under it that
    does, or a repost of it that does, opens a case — about the post's matter, which the platform
    gives with it: it meets the neighbours who wrote to the matrix themselves."""
    state = MockWeibo.from_matrix(app.matrix)
    hub = app.matrix.hub
    for uid, name in (("6300000001", "宁华苑业主"), ("6300000002", "宁华苑的小杨"), ("6300000003", "宁华苑一楼"),
                      ("6300000004", "丽景湖晨练"), ("6300000005", "丽景湖边住"), ("6300000006", "湖边遛狗的")):
        state.add_user(uid, name)
    lift = state.post_status("6300000001", "宁华苑小区8号楼电梯又坏了，早上困了两个老人在里面", at=at(0))
    asked = state.post_status("6300000003", f"@{hub.name} 宁华苑小区8号楼电梯坏了两天了，没人修", at=at(5))
    under = state.add_comment("6300000002", lift.id, f"同问 @{hub.name}", at=at(10))
    noise = state.post_status("6300000004", "兴庆区丽景湖公园晚上广场舞音响太大声了，十点多还在放", at=at(60))
    told = state.post_status("6300000006", f"@{hub.name} 丽景湖广场舞噪音太大，晚上根本睡不着", at=at(65))
    repost = state.post_status("6300000005", f"+1 @{hub.name}", at=at(70), retweet_of=noise.id)

    build_pipeline(app).ingest(await poll(app, state))
    assert case_of(app, under.id).cluster_id == case_of(app, asked.id).cluster_id is not None
    assert case_of(app, repost.id).cluster_id == case_of(app, told.id).cluster_id is not None
    assert case_of(app, under.id).cluster_id != case_of(app, repost.id).cluster_id


def test_the_context_is_a_hint_never_an_error() -> None:
    """What an item answers is read when it is there; a nested object without an id or text is
    left out, and the item is read as it is."""
    user = {"idstr": "6400000001", "screen_name": "市民"}
    when = "Tue Dec 01 09:00:00 +0800 2026"
    status = {"idstr": "900", "created_at": when, "user": {"idstr": "1", "screen_name": "问政银川"},
              "text": "转发微博", "retweeted_status": {"created_at": when, "text": "没有id的原文"}}
    item = normalize_comment({"idstr": "901", "created_at": when, "user": user, "text": "同问", "status": status})
    assert item.context_ids == ("900",) and item.context == ("转发微博",)
    repost = normalize_status({"idstr": "902", "created_at": when, "user": user, "text": "+1",
                               "retweeted_status": {"idstr": "903", "created_at": when, "user": user,
                                                    "text": "湖滨街路灯坏了"}})
    assert repost.context_ids == ("903",) and repost.context == ("湖滨街路灯坏了",)
    plain = normalize_status({"idstr": "904", "created_at": when, "user": user, "text": "路灯坏了"})
    assert plain.context_ids == () and plain.context == ()


def test_the_stored_context_keeps_ids_and_words_paired() -> None:
    """An id the store cannot keep drops its words with it: the words that remain still belong to
    the ids beside them (a 同问 is joined by the words of what it answers, threaded by the ids)."""
    base = Item(platform="weibo", external_id="905", kind="comment", author_id="6400000001",
                author_name="市民", text="同问", created_at=T0)
    kept = check_item(dataclasses.replace(base, context_ids=("9" * 100, "906"),
                                          context=("一百位编号的原文", "湖滨街路灯坏了")), now=T0)
    assert kept.context_ids == ("906",) and kept.context == ("湖滨街路灯坏了",)
    unpaired = check_item(dataclasses.replace(base, context_ids=("906", "907"), context=("只有一段",)), now=T0)
    assert unpaired.context_ids == () and unpaired.context == ()


async def test_a_citizens_echo_under_another_citizens_case_is_a_case_of_their_own_in_its_cluster(app: App) -> None:
    """A citizen who comments under another citizen's appeal, or reposts it, and addresses the
    matrix (同问 @问政银川, //@…) appeals in their own name: a case of their own (their own reply
    is owed), which joins the commented or reposted case's cluster because the platform says what
    it answers (`how: thread`, with the case and whether it was a comment or a repost). Beside
    them the look-alikes: a comment there naming another problem is no echo of it, a comment there
    that addresses nobody stays a comment on the case, and the citizen's own comment under their
    own post is their follow-up."""
    state = platform(app, (("6500000001", "金水苑老住户"), ("6500000002", "金水苑三楼"), ("6500000003", "金水苑的小刘"),
                           ("6500000004", "对面楼的"), ("6500000005", "路过看看")))
    hub = app.matrix.hub
    first = state.post_status("6500000001", f"@{hub.name} 金水苑小区从早上开始停水，一点通知都没有", at=at(0))
    same = state.add_comment("6500000002", first.id, f"同问 @{hub.name}", at=at(10))
    repost = state.post_status("6500000003", f"+1，一样的情况 @{hub.name}", at=at(15), retweet_of=first.id)
    other = state.add_comment("6500000004", first.id, f"@{hub.name} 我们这边路灯坏了一个星期了", at=at(20))
    idle = state.add_comment("6500000005", first.id, "是啊", at=at(25))
    own = state.add_comment("6500000001", first.id, f"@{hub.name} 还没人管吗", at=at(90))
    items = await poll(app, state)
    # a comment that addresses nobody is not read from the platform at all (no stream carries it);
    # fed as the thread's comment it must stay one
    items.append(Item(platform="weibo", external_id=str(idle.id), kind="comment", author_id="6500000005",
                      author_name="路过看看", text="是啊", created_at=at(25), parent_id=str(first.id),
                      parent_author_id="6500000001", thread_root_id=str(first.id),
                      context_ids=(str(first.id),), context=(first.text,)))
    build_pipeline(app).ingest(items)

    original = case_of(app, first.id)
    echo, passed, lamp = case_of(app, same.id), case_of(app, repost.id), case_of(app, other.id)
    assert len({original.id, echo.id, passed.id, lamp.id}) == 4, "each citizen who writes to the matrix has a case"
    assert echo.citizen_id == "6500000002" and passed.citizen_id == "6500000003"
    assert original.cluster_id is not None
    assert echo.cluster_id == passed.cluster_id == original.cluster_id
    assert how_joined(app, echo) == how_joined(app, passed) == "thread"
    with app.sessions() as s:
        via = {cid: data.get("via") for cid, data in s.execute(
            select(CaseEvent.case_id, CaseEvent.data).where(CaseEvent.kind == "clustered",
                                                            CaseEvent.case_id.in_([echo.id, passed.id])))}
    assert via == {echo.id: "comment", passed.id: "repost"}
    assert echo.lead_account_id == original.lead_account_id
    assert lamp.cluster_id != original.cluster_id
    assert case_of(app, idle.id).id == original.id  # a comment on the case
    assert case_of(app, own.id).id == original.id  # the citizen's own follow-up


async def test_an_echo_under_a_case_that_turns_to_another_matter_is_not_its_echo(app: App) -> None:
    """Under a post, a citizen may turn to another matter: they say so ("说到公交，…") or set the
    post's problem aside and name their own ("噪音先不说，…"). Their case is no member of the post's
    cluster; beside each, an echo in the same thread that answers the post joins it."""
    state = MockWeibo.from_matrix(app.matrix)
    hub = app.matrix.hub
    for uid, name in (("6600000001", "早班车上"), ("6600000002", "等车的老王"), ("6600000003", "带娃出门"),
                      ("6600000004", "宝湖边住"), ("6600000005", "晨练大爷"), ("6600000006", "宝湖西苑")):
        state.add_user(uid, name)
    burst = state.post_status("6600000001", f"@{hub.name} 亲水大街长城路口水管爆了，水冒出来半米高，"
                                            "23路公交都改道了，站上一堆人等不到车", at=at(0))
    bus = state.add_comment("6600000002", burst.id, f"23路我等了四十分钟，司机说前面封路了 @{hub.name}", at=at(20))
    glass = state.add_comment("6600000003", burst.id, f"说到公交，宝湖公园站的候车亭玻璃碎了一地，"
                                                      f"孩子在边上跑，赶紧清一下 @{hub.name}", at=at(30))
    noise = state.post_status("6600000004", f"@{hub.name} 宝湖公园南门广场舞音响太大，天天到十点多", at=at(60))
    loud = state.add_comment("6600000006", noise.id, f"音响是真大，关窗都挡不住 @{hub.name}", at=at(70))
    toilet = state.add_comment("6600000005", noise.id, f"噪音先不说，宝湖公园南门那个公厕都锁了快一周了，"
                                                       f"晨练的老人只能跑去商场 @{hub.name}", at=at(80))
    build_pipeline(app).ingest(await poll(app, state))

    burst_case, noise_case = case_of(app, burst.id), case_of(app, noise.id)
    assert case_of(app, bus.id).cluster_id == burst_case.cluster_id is not None
    assert case_of(app, glass.id).cluster_id != burst_case.cluster_id
    assert case_of(app, loud.id).cluster_id == noise_case.cluster_id is not None
    assert case_of(app, toilet.id).cluster_id != noise_case.cluster_id
