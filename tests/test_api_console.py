"""The operator API over HTTP against the real daemon and the real database (both backends).

Covers ``/api/queue`` (most urgent first, the CLI's JSON shape), case actions (success returns the
updated case; refused transitions answer 409 with the action's sentence), bad input (400 with a
JSON error, never a traceback), unknown cases (404) and ``/api/stats``.
"""

from __future__ import annotations

import asyncio
import datetime as dt
import json
from pathlib import Path
from typing import Any

import aiohttp

from monitor.core.timeutil import SHANGHAI
from test_console_support import OPERATOR, add_case, api, daemon, make_user  # noqa: F401 - fixture

from conftest import Database


def _ago(**kw: float) -> str:
    return (dt.datetime.now(SHANGHAI) - dt.timedelta(**kw)).isoformat()


async def _post(http: aiohttp.ClientSession, url: str, body: Any) -> tuple[int, Any]:
    async with http.post(url, data=json.dumps(body, ensure_ascii=False).encode(),
                         headers={"Content-Type": "application/json"}) as r:
        return r.status, await r.json()


async def test_queue_most_urgent_first(daemon: Any, db: Database, config_dir: Path) -> None:
    cfg = config_dir / "wenzheng.toml"
    # the daemon's sweep would add 首次响应超期 entries for these unanswered cases if it ran after
    # them: this test is about the order of the entries it puts there itself
    daemon.scheduler.pause_job("sla-sweep")
    feedback = add_case(db, cfg, _ago(days=3), text="回复了但问题没解决，不满意", queue=("negative_feedback",))
    breached = add_case(db, cfg, _ago(days=20), text="路灯坏了一个月没人修", queue=("closure_breached",))
    risk = add_case(db, cfg, _ago(hours=1), text="楼道里有很重的燃气味，担心泄漏", queue=("risk",))
    older_breach = add_case(db, cfg, _ago(days=30), text="小区垃圾三天没人清运",
                            queue=("first_response_breached",))
    async with api(daemon) as http:
        async with http.get("/api/queue") as r:
            assert r.status == 200
            rows = await r.json()
        assert [row["case_id"] for row in rows] == [risk, older_breach, breached, feedback]
        assert rows[0]["reason"] == "risk" and rows[0]["accounts"] == ["xingqing"]
        assert rows[0]["since"].endswith("+08:00") and "燃气" in rows[0]["text"]
        assert set(rows[0]) == {"id", "case_id", "reason", "label", "priority", "since", "accounts",
                                "account_names", "text", "detail", "resolved_at", "resolved_by"}
        assert rows[0]["label"] == "风险预警" and rows[0]["account_names"] == ["兴庆区"]
        async with http.get("/api/queue?limit=2") as r:
            assert [row["case_id"] for row in await r.json()] == [risk, older_breach]
        async with http.get("/api/queue?limit=lots") as r:
            assert r.status == 400 and "limit" in (await r.json())["error"]


async def test_actions_change_the_case(daemon: Any, db: Database, config_dir: Path) -> None:
    case_id = add_case(db, config_dir / "wenzheng.toml", _ago(hours=2), text="金凤区某路段井盖缺失，很危险")
    url = f"/api/cases/{case_id}/actions"
    async with api(daemon) as http:
        status, c = await _post(http, f"{url}/assign", {"account": "jinfeng",
                                                        "reason": "属金凤区辖区"})
        assert status == 200, c
        assert c["lead"] == "jinfeng" and c["timeline"][-1]["kind"] == "assigned"
        status, c = await _post(http, f"{url}/co-handler", {"account": "xingqing"})
        assert status == 200 and {(a["id"], a["role"]) for a in c["accounts"]} == {
            ("jinfeng", "lead"), ("xingqing", "co")}
        status, c = await _post(http, f"{url}/reply", {"account": "jinfeng",
                                                       "text": "您好，已安排人员现场处置。", "post": False})
        assert status == 200 and c["status"] == "replied" and c["first_response_at"] is not None
        assert c["first_response_state"] in ("met", "missed")  # stopped; which depends on the hour
        status, c = await _post(http, f"{url}/extend", {"days": 2, "reason": "需协调施工单位"})
        assert status == 200 and c["timeline"][-1]["kind"] == "extended"
        status, c = await _post(http, f"{url}/close", {"result": "井盖已补装"})
        assert status == 200 and c["status"] == "closed" and c["closed_at"].endswith("+08:00")
        # the same transitions refused, with the action's own sentence
        status, err = await _post(http, f"{url}/close", {"result": "再次办结"})
        assert status == 409 and "已办结" in err["error"]
        status, err = await _post(http, f"{url}/assign", {"account": "xixia"})
        assert status == 409 and "请先重新打开" in err["error"]
        status, err = await _post(http, f"{url}/reopen", {"reason": " "})
        assert status == 409 and "重新打开的理由" in err["error"]
        status, c = await _post(http, f"{url}/reopen", {"reason": "群众反映仍有隐患"})
        assert status == 200 and c["status"] != "closed"
        # posting needs a running source for the platform; this daemon has none
        status, err = await _post(http, f"{url}/reply", {"account": "jinfeng",
                                                         "text": "跟进中", "post": True})
        assert status == 409 and "post=false" in err["error"]
        async with http.get(f"/api/cases/{case_id}") as r:
            kinds = [e["kind"] for e in (await r.json())["timeline"]]
        assert kinds[-3:] == ["extended", "closed", "reopened"]


async def test_bad_input_is_a_clear_error(daemon: Any, db: Database, config_dir: Path) -> None:
    # received minutes ago: one received an hour ago may reach its first-response deadline while the
    # requests below run, and the daemon's sweep would rightly add an escalation to its timeline
    case_id = add_case(db, config_dir / "wenzheng.toml", _ago(minutes=5), text="咨询公积金提取流程")
    url = f"/api/cases/{case_id}/actions"
    async with api(daemon) as http:
        cases: list[tuple[str, Any, int, str]] = [
            (f"{url}/close", {"actor": "李科长", "result": "已答复"}, 400, "不再接受 actor 字段"),
            (f"{url}/close", ["actor"], 400, "请求内容应为 JSON 对象"),
            (f"{url}/close", None, 400, "请求内容应为 JSON 对象"),
            (f"{url}/fly", {}, 400, "未知操作 'fly'"),
            (f"{url}/extend", {"days": "two", "reason": "r"}, 400, "延期工作日应为整数，填的是“two”"),
            (f"{url}/extend", {"until": "next week", "reason": "r"}, 400, "新期限应为时间"),
            (f"{url}/claim", {}, 400, "请填写账号"),
            (f"{url}/close", {"result": 7}, 400, "办理结果应为文字"),
            (f"{url}/merge", {"into": 99999}, 409, "没有编号为 99999 的案件"),
            (f"{url}/assign", {"account": "nobody"}, 409, "账号 'nobody' 不在矩阵中"),
            ("/api/cases/99999/actions/close", {"result": "r"}, 404, "没有编号为 99999 的案件"),
            ("/api/cases/abc/actions/close", {"result": "r"}, 400, "案件编号应为正整数"),
            ("/api/cases/99999999999999/actions/close", {"result": "r"}, 400, "案件编号应为正整数"),
            (f"{url}/merge", {"into": 10**15}, 400, "并入案件应为正整数"),
            (f"{url}/cluster-into", {}, 400, "请填写同类诉求编号"),
            (f"{url}/cluster-into", {"cluster": "第三个"}, 400, "同类诉求编号应为整数"),
            (f"{url}/cluster-into", {"cluster": 99999}, 409, "没有编号为 99999 的同类诉求"),
            (f"{url}/cluster-into", {"cluster": 10**15}, 400, "同类诉求编号应为正整数"),
            (f"{url}/cluster-into", {"cluster": -3}, 400, "同类诉求编号应为正整数"),
            (f"{url}/uncluster", {}, 409, "不在任何同类诉求中"),
            (f"{url}/unmerge", {}, 409, "不在任何同类诉求中"),
        ]
        for path, body, want, words in cases:
            status, err = await _post(http, path, body)
            assert (status, words in err.get("error", "")) == (want, True), (path, body, err)
        async with http.post(f"{url}/close", data=b"{not json", headers={"Content-Type": "application/json"}) as r:
            assert r.status == 400 and "不是有效的 JSON" in (await r.json())["error"]
        async with http.get("/api/cases/99999") as r:
            assert r.status == 404
        async with http.get(f"/api/cases/{case_id}") as r:  # nothing above changed the case
            assert [e["kind"] for e in (await r.json())["timeline"]] == ["created"]


async def test_stats(daemon: Any, db: Database, config_dir: Path) -> None:
    add_case(db, config_dir / "wenzheng.toml", "2026-03-10T10:00", text="建议增加公交线路")
    async with api(daemon) as http:
        async with http.get("/api/stats?month=2026-03") as r:
            assert r.status == 200
            data = await r.json()
        assert data["received"] == 1 and data["period"]
        from monitor.core.config import Config
        from monitor.stats import Period, compute_stats

        with db.session() as s:  # the CLI's --format json is exactly compute_stats
            direct = compute_stats(s, Period.month(2026, 3),
                                   matrix=Config.load(config_dir / "wenzheng.toml").matrix)
        assert json.loads(json.dumps(direct, ensure_ascii=False)) | {"generated_at": None} == \
            data | {"generated_at": None}
        async with http.get("/api/stats?quarter=2026-Q1&account=xingqing") as r:
            assert r.status == 200 and (await r.json())["received"] == 1
        async with http.get("/api/stats?from=2026-03-01&to=2026-03-09") as r:
            assert r.status == 200 and (await r.json())["received"] == 0
        # the 统计 page shows the matrix's own activity beside the appeals' figures
        from monitor.store.activity import AccountPost, AccountSnapshot

        at = dt.datetime(2026, 3, 20, 2, 0, tzinfo=dt.UTC)
        with db.sessions.begin() as s:
            s.add(AccountSnapshot(account_id="xingqing", platform="weibo", taken_at=at, followers=12345,
                                  friends=10, statuses_total=900))
            s.add(AccountPost(account_id="xingqing", platform="weibo", external_id="p1", posted_at=at,
                              reposts=3, comments=4, likes=5, text="通知"))
        async with http.get("/stats?month=2026-03") as r:
            html = await r.text()
        block = html[html.index('id="matrix-activity"'):]
        assert "矩阵账号" in html and "12345" in block and "粉丝" in block and "转评赞" in block
        assert ">12<" in block.replace(" ", "")  # 3 + 4 + 5
        for query, words in [("month=2026-13", "月份应为 1 到 12"), ("month=2026-03&quarter=2026-Q1", "只能给一个统计期"),
                             ("quarter=2026-03", "季度应写作 2026-Q1"), ("from=2026-03-01", "起止日期要一起给"),
                             ("month=2026-03&account=nobody", "矩阵中没有账号“nobody”")]:
            async with http.get(f"/api/stats?{query}") as r:
                assert r.status == 400, query
                assert words in (await r.json())["error"], query


async def test_reply_posts_through_the_running_weibo_source(db: Database, config_dir: Path,
                                                           aiohttp_server: Any,
                                                           monkeypatch: Any) -> None:
    """A reply without ``post: false`` goes out through the daemon's own Weibo adapter."""
    from adapters.weibo.mock import MockWeibo, demo_token_env, make_app
    from monitor.core.config import Config
    from monitor.runtime.daemon import Daemon

    matrix = Config.load(config_dir / "wenzheng.toml").matrix
    for k, v in demo_token_env(matrix).items():
        monkeypatch.setenv(k, v)
    state = MockWeibo.from_matrix(matrix)
    state.add_user("7100000009", "银川小王")
    state.post_status("7100000009", "@兴庆区 丽景湖小区门口大车违停，堵住消防通道",
                      at=dt.datetime.now(SHANGHAI) - dt.timedelta(minutes=30))
    server = await aiohttp_server(make_app(state))
    cfg = config_dir / "wenzheng.toml"
    cfg.write_text(f"""[daemon]
host = "127.0.0.1"
sweep_interval = 3600
[[sources]]
name = "weibo"
adapter = "weibo"
interval = 0.3
[sources.options]
base_url = "{server.make_url('/2/')}"
accounts = ["xingqing"]
request_timeout = 2
""", encoding="utf-8")
    daemon = Daemon(cfg, port=0, database_url=db.url)
    await daemon.start()
    try:
        async with api(daemon, make_user(db, OPERATOR, "operator")) as http:
            rows: list[Any] = []
            for _ in range(200):  # wait for the first poll to turn the post into a case
                async with http.get("/api/cases") as r:
                    rows = await r.json()
                if rows:
                    break
                await asyncio.sleep(0.1)
            assert rows, "the daemon never ingested the post"
            before = len(state.comments)
            status, c = await _post(http, f"/api/cases/{rows[0]['id']}/actions/reply",
                                    {"account": "xingqing", "text": "您好，已通知交警核实处理。"})
            assert status == 200, c
            reply = [e for e in c["timeline"] if e["kind"] == "reply"][-1]
            assert reply["data"]["posted"] is True
            assert len(state.comments) == before + 1
            posted = state.comments[max(state.comments)]
            assert posted.text == "您好，已通知交警核实处理。"
            assert posted.uid == matrix.by_id["xingqing"].platform_ids["weibo"]
            assert any(m["role"] == "member" and m["text"] == posted.text for m in c["thread"])
    finally:
        await daemon.stop()


async def test_ack_through_the_api(daemon: Any, db: Database, config_dir: Path) -> None:
    case_id = add_case(db, config_dir / "wenzheng.toml", _ago(minutes=20),
                       text="楼道里闻到燃气味，担心泄漏", queue=("risk", "negative_feedback"))
    async with api(daemon, make_user(db, "值班员王", "operator")) as http:
        url = f"/api/cases/{case_id}/actions/ack"
        status, body = await _post(http, url, {"entry": "risk"})
        assert status == 400 and "请填写备注" in body["error"] and body["field"] == "note"
        status, body = await _post(http, url, {"entry": "督办", "note": "x"})
        assert status == 409 and "没有未处理的队列条目" in body["error"]
        status, c = await _post(http, url, {"entry": "风险预警",
                                            "note": "已电话核实，燃气公司已到场"})
        assert status == 200, c
        ack = [e for e in c["timeline"] if e["kind"] == "acknowledged"][-1]
        assert ack["actor"] == "值班员王" and ack["data"]["reason"] == "risk"
        async with http.get("/api/queue") as r:
            queue = await r.json()
        assert [q["reason"] for q in queue] == ["negative_feedback"]
