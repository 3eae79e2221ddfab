"""A demo month, end to end: cases (with mass appeals, feedback and closures) and a month of the
matrix's own activity read from the mock Weibo platform over real HTTP, in the real database (both
backends); then ``wenzheng stats --format json`` and ``wenzheng report`` through the real CLI, and
every section of the bulletin checked against the JSON it must agree with."""

from __future__ import annotations

import datetime as dt
import html as htmllib
import json
import re
from pathlib import Path
from typing import Any

import aiohttp
import pytest
from sqlalchemy import select

from adapters.weibo import create
from adapters.weibo.mock import MockWeibo, demo_token_env, make_app
from adapters.weibo.mock_activity import MatrixActivity
from monitor.activity import read_matrix_activity
from monitor.core.config import ActivityConfig
from monitor.core.timeutil import SHANGHAI
from monitor.store.models import CaseEvent, Cluster, Mention
from tests.factories import WHJ_UID, small_matrix
from tests.stats_config import write_config
from tests.stats_history import add_case, build_history, t

CFG = ActivityConfig(interval_hours=24, lookback_days=40, silent_days=7)


def _cluster(s: Any, place: str, problem: str, domain: str, subtopic: str | None, lead: str,
             members: list[Any], *, chasers: int = 0, reposts: int = 0) -> Cluster:
    cl = Cluster(place=place, problem=problem, domain=domain, subtopic=subtopic, lead_account_id=lead,
                 co_account_ids=[], members=len(members), chasers=chasers, reposts=reposts,
                 first_seen=min(c.received_at for c in members), last_seen=max(c.received_at for c in members))
    s.add(cl)
    s.flush()
    for c in members:
        c.cluster_id = cl.id
    return cl


def build_month(s: Any) -> None:
    """The stats history (c1–c7) plus two mass appeals and feedback in March 2026."""
    cases = build_history(s)
    n = iter(range(20, 100))

    def closed_case(day: int, text: str, result: str, **kw: Any) -> Any:
        c = add_case(s, next(n), t(3, day, 9), lead="xingqing-wenhuajie", type="complaint",
                     domain="城乡建设", subtopic="物业管理", region="兴庆区", status="closed",
                     first_response_due=t(3, day, 10), first_response_at=t(3, day, 9, 30),
                     closure_due=t(3, day + 3), closed_at=t(3, day + 2), text=text,
                     events=(("reply", t(3, day, 9, 30)), ("closed", t(3, day + 2))), **kw)
        return c

    parking = [closed_case(d, f"丽景花园小区停车难，第{d}天了", "已施划临时停车位60个") for d in (5, 6, 7)]
    _cluster(s, "丽景花园", "停车难", "城乡建设", "物业管理", "xingqing-wenhuajie", parking,
             chasers=2, reposts=4)
    sign = [add_case(s, next(n), t(3, d, 15), lead="city-cg", type="complaint", domain="交通",
                     subtopic="公交", region="金凤区", first_response_due=t(3, d, 16),
                     closure_due=t(3, d + 5), text=f"北京路公交站牌坏了{d}") for d in (12, 13)]
    _cluster(s, "北京路公交站", "站牌损坏", "交通", "公交", "city-cg", sign, chasers=1)
    for c, k in ((parking[0], 2), (sign[0], 1)):  # the chasers the clusters count
        for i in range(k):
            s.add(CaseEvent(case_id=c.id, kind="follow_up", at=c.received_at + dt.timedelta(hours=i + 2),
                            actor="citizen", data={"chaser": True}))
    s.flush()
    for e in s.scalars(select(CaseEvent).where(CaseEvent.kind == "closed")):
        e.data = {"result": "已施划临时停车位60个" if e.case_id in {c.id for c in parking}
                  else "已督促物业整改"}
    m = Mention(platform="weibo", external_id="fb1", kind="comment", author_id="u", role="citizen",
                text="回复@兴庆区文化街街道: 车位画好了，谢谢！", created_at=t(3, 8, 10), case_id=parking[0].id)
    s.add(m)
    s.flush()
    parking[0].satisfaction = "satisfied"
    s.add(CaseEvent(case_id=parking[0].id, kind="feedback", at=t(3, 8, 10), actor="citizen",
                    mention_id=m.id, data={"label": "satisfied", "words": []}))
    assert cases


async def read_activity_month(db: Any, aiohttp_server: Any, monkeypatch: pytest.MonkeyPatch) -> None:
    matrix = small_matrix()
    state = MockWeibo.from_matrix(matrix)
    act = MatrixActivity(state, matrix, seed=11, start=dt.datetime(2026, 2, 20, tzinfo=SHANGHAI))
    act.profiles[WHJ_UID].posts_per_day = 0.0  # a silent street
    for k, v in demo_token_env(matrix).items():
        monkeypatch.setenv(k, v)
    server = await aiohttp_server(make_app(state))
    async with aiohttp.ClientSession() as http:
        src = create({"base_url": str(server.make_url("/2/"))}, name="weibo", matrix=matrix, http=http)
        day = dt.datetime(2026, 2, 27, 12, tzinfo=SHANGHAI)
        while day < dt.datetime(2026, 4, 2, tzinfo=SHANGHAI):
            act.advance(day)
            await read_matrix_activity(db.sessions, [src], CFG, day)
            day += dt.timedelta(days=1)


def text_of(fragment: str) -> str:
    """The visible text of an HTML fragment, whitespace collapsed."""
    return " ".join(htmllib.unescape(re.sub(r"<[^>]+>", " ", fragment)).split())


def section(page: str, title: str) -> str:
    """From ``<h2>title</h2>`` to the next ``<h2>`` (or the end)."""
    part = page.split(f"<h2>{title}</h2>", 1)[1]
    return part.split("<h2>", 1)[0]


def table_rows(page: str, table_id: str) -> list[list[str]]:
    body = re.search(rf'<table[^>]*id="{table_id}"[^>]*>(.*?)</table>', page, re.S).group(1)
    return [[text_of(c) for c in re.findall(r"<td[^>]*>(.*?)</td>", tr, re.S)]
            for tr in re.findall(r"<tr>(.*?)</tr>", body, re.S) if "<td" in tr]


def pct(v: float | None) -> str:
    return "-" if v is None else f"{v * 100:.2f}%"


@pytest.fixture
async def month(db: Any, tmp_path: Path, aiohttp_server: Any, monkeypatch: pytest.MonkeyPatch) -> Any:
    from typer.testing import CliRunner

    from monitor.cli import _register_all, app

    with db.sessions.begin() as s:
        build_month(s)
    await read_activity_month(db, aiohttp_server, monkeypatch)
    monkeypatch.setenv("WENZHENG_DATABASE_URL", db.url)
    cfg = write_config(tmp_path)
    _register_all()
    res = CliRunner().invoke(app, ["stats", "--month", "2026-03", "--format", "json", "-c", str(cfg)])
    assert res.exit_code == 0, res.output
    out = tmp_path / "march.html"
    rep = CliRunner().invoke(app, ["report", "--month", "2026-03", "--min-cases", "1", "--out", str(out),
                                   "-c", str(cfg)])
    assert rep.exit_code == 0, rep.output
    return json.loads(res.stdout), out.read_text(encoding="utf-8")


def test_every_section_agrees_with_stats_json(month: Any) -> None:
    s, page = month
    lead = text_of(re.search(r'<p id="lead">(.*?)</p>', page, re.S).group(1))
    assert (f"平台共受理网友留言{s['received']}件，部门回复{s['replied']}件，"
            f"回复率为{pct(s['reply_rate'])}") in lead

    data = text_of(section(page, "看数据"))
    assert f"{s['received']} 受理诉求" in data and f"{s['closed']} 办结（办结率 {pct(s['closure_rate'])}）" in data
    assert f"{s['overdue_unaccepted']} / {s['overdue_unclosed']} 超期未受理 / 超期未办结" in data
    types = "，".join(f"{x['label']}{'类' if x['type'] else ''}{x['received']}件" for x in s["by_type"])
    assert f"从留言类型看，{types}。" in data
    regions = "，".join(f"{r['region']}{r['received']}件" for r in s["by_region"] if r["region"])
    assert f"问政数量排名为：{regions}。" in data

    hot = section(page, "看热点")
    hot_text = text_of(hot)
    spots = {d["domain"]: d for d in s["domain_hotspots"]}
    city = spots["城乡建设"]
    assert city["clusters"][0]["place"] == "丽景花园" and city["clusters"][0]["heat"] == 3 + 2 + 4
    for d in s["domain_hotspots"]:
        line = text_of(re.search(rf"<strong>{d['domain']}</strong>（{d['received']}件）：(.*?)</p>", hot, re.S).group(1))
        for st in d["subtopics"][:5]:
            assert f"{st['subtopic']}{st['received']}件" in line
        for h in d["clusters"]:
            assert f"{h['place']}{h['problem']}（同类诉求{h['size']}件，热度{h['heat']}）" in line
    assert [r[1:5] for r in table_rows(page, "hot-clusters")] == [
        [h["place"], h["problem"], str(h["size"]), str(h["heat"])] for h in s["hot_clusters"]]
    assert (f"本期共有{s['clustered_cases']}件诉求归入{s['clusters']}个同类诉求"
            f"（同一地点、同一问题的多位群众反映），群众追问{s['chasers']}次") in hot_text
    assert s["chasers"] == 3

    reply = text_of(section(page, "看回复"))
    assert f"共有{s['departments_involved']}个部门（单位）参与群众诉求办理工作" in reply
    for story in s["case_stories"]:
        assert f"【{story['label']}】" in reply and story["title"] in reply
    # the department tables hold exactly the accounts with cases (min-cases 1), with their figures
    tables = table_rows(page, "table_city") + table_rows(page, "table_county")
    named = {a["name"]: a for a in s["by_account"] if a["account_id"]}
    assert sorted(r[1] for r in tables) == sorted(named)
    for r in tables:
        a = named[r[1]]
        assert r[2:6] == [str(a["received"]), str(a["replied"]), pct(a["reply_rate"]),
                          pct(a["first_response_on_time_rate"])]
        assert r[6:8] == [str(a["closed"]), pct(a["closure_rate"])]
    solved = text_of(re.search(r'<p id="resolved">(.*?)</p>', page, re.S).group(1))
    for r in s["resolved_by_subtopic"]:
        assert f"{r['domain']}{'·' + r['subtopic'] if r['subtopic'] else ''}方面诉求{r['closed']}件" in solved
    rc = s["resolved_clusters"]
    assert [(c["place"], c["cases"]) for c in rc["clusters"]] == [("丽景花园", 3)]  # 北京路 still open
    clusters_line = text_of(re.search(r'<p id="resolved-clusters">(.*?)</p>', page, re.S).group(1))
    for r in rc["by_subtopic"]:
        assert f"{r['domain']}·{r['subtopic']}方面{r['clusters']}起（涉及诉求{r['cases']}件）" in clusters_line
    listed = text_of(re.search(r'<ul id="resolved-cluster-list">(.*?)</ul>', page, re.S).group(1))
    assert "丽景花园停车难：同类诉求3件，3月5日首次反映，3月9日全部办结" in listed
    assert "办理结果：已施划临时停车位60个" in listed
    for q in s["citizen_quotes"]:
        assert f"{q['region']}网友：“{q['quote']}”" in reply
    late = [f"{s['overdue_unclosed']}件诉求超过办结期限未办结"] if s["overdue_unclosed"] else []
    late += [f"{s['overdue_unaccepted']}件诉求超过首次回复期限未回复"] if s["overdue_unaccepted"] else []
    assert f"仍有{'、'.join(late)}" in reply

    act = s["matrix_activity"]
    tot = act["totals"]
    matrix = section(page, "看矩阵")
    mtext = text_of(matrix)
    assert f"政务微博矩阵共有{tot['accounts']}个账号，粉丝总量{_wan(tot['followers'])}人" in mtext
    assert f"矩阵账号共发布微博{tot['posts']}条，获转发、评论、点赞{_wan(tot['engagement'])}次" in mtext
    assert [a["name"] for a in act["silent"]] == ["兴庆区文化街街道"]
    assert f"1个账号{act['silent_days']}天以上未发布微博：兴庆区文化街街道" in mtext
    rows = table_rows(page, "matrix-accounts")
    assert [r[1] for r in rows] == [a["name"] for a in act["accounts"]]
    assert sorted(r[1] for r in rows) == sorted(a.name for a in small_matrix().accounts)  # every member
    for r, a in zip(rows, act["accounts"], strict=True):
        assert r[2:9] == [str(a["followers"]), f"{a['followers_change']:+d}", str(a["posts"]),
                          str(a["reposts"]), str(a["comments"]), str(a["likes"]), str(a["engagement"])]
    assert tot["posts"] > 0 and tot["engagement"] > 0 and tot["accounts_read"] == 4


def _wan(v: int) -> str:
    return f"{v / 10000:.1f}万" if abs(v) >= 10000 else str(v)
