"""Operators' corrections (改分类): the API, the CLI, the timeline, and training on them (both backends)."""

from __future__ import annotations

import datetime as dt
import json
import re
from pathlib import Path
from typing import Any

from sqlalchemy import select
from typer.testing import CliRunner

from monitor.classify import LearnedModel
from monitor.cli import _register_all, app
from monitor.core.timeutil import SHANGHAI
from monitor.store.models import Case, LabelledExample
from test_api_console import _post
from test_console_support import add_case, api, daemon, make_user  # noqa: F401 - fixture

from conftest import Database

_register_all()
runner = CliRunner()


def _ago(**kw: float) -> str:
    return (dt.datetime.now(SHANGHAI) - dt.timedelta(**kw)).isoformat()


async def test_reclassify_through_the_api(daemon: Any, db: Database, config_dir: Path) -> None:
    case_id = add_case(db, config_dir / "wenzheng.toml", _ago(hours=2), case_type="consult",
                       text="文化街小区停水三天了，什么时候恢复供水")
    url = f"/api/cases/{case_id}/actions/reclassify"
    async with api(daemon) as http:  # signed in as 李科长
        status, c = await _post(http, url, {"type": "投诉", "domain": "民生",
                                            "region": "兴庆区", "reroute": True})
        assert status == 200, c
        assert (c["type"], c["domain"], c["region"]) == ("complaint", "民生", "兴庆区")
        ev = [e for e in c["timeline"] if e["kind"] == "reclassified"][-1]
        assert ev["actor"] == "李科长" and ev["data"]["changes"]["type"] == {"from": "consult", "to": "complaint"}
        assert ev["data"]["changes"]["domain"]["to"] == "民生" and ev["data"]["reroute"] is True
        leads = [e["account"] for e in c["timeline"] if e["kind"] == "assigned" and e["data"]["role"] == "lead"]
        assert leads[-1] == "city-water"  # 供水 → 供水企业 by the rules, after the correction
        status, err = await _post(http, url, {"domain": "商贸旅游"})
        assert status == 409 and "未知领域 '商贸旅游'" in err["error"]
        status, err = await _post(http, url, {})
        assert status == 409 and "请说明要更正什么" in err["error"]
        status, err = await _post(http, url, {"actor": "王", "domain": "民生"})
        assert status == 400 and "actor" in err["error"]  # who acts is the signed-in user
    # the console's form takes the same path and shows the change on the timeline in Chinese
    async with api(daemon, make_user(db, "王", "operator")) as http:
        async with http.post(f"/cases/{case_id}/do/reclassify",
                             data={"form": "1", "type": "建议", "domain": "", "region": ""},
                             allow_redirects=False) as r:
            assert r.status == 303 and "done=reclassify" in r.headers["Location"]
        async with http.get(f"/cases/{case_id}") as r:
            html = await r.text()
        assert "改分类" in html and "类型 投诉→建议" in html
    with db.sessions() as s:
        rows = s.execute(select(LabelledExample.field, LabelledExample.label, LabelledExample.created_by)
                         .where(LabelledExample.case_id == case_id).order_by(LabelledExample.id)).all()
        assert [tuple(r) for r in rows] == [("type", "complaint", "李科长"), ("domain", "民生", "李科长"),
                                            ("region", "兴庆区", "李科长"), ("type", "suggestion", "王")]


def test_cli_reclassify_then_train_with_corrections(db: Database, config_dir: Path, tmp_path: Path) -> None:
    cfg = config_dir / "wenzheng.toml"
    env = {"WENZHENG_DATABASE_URL": db.url}
    texts = {"民生": ["小区停水两天了没人管", "楼里又停水了，水压也小", "自来水发黄有异味", "暖气不热，家里才十四度"],
             "交通": ["公交车班次太少等了一个小时", "路口红绿灯坏了", "出租车拒载", "公交站牌信息错误"]}
    ids = {label: [add_case(db, cfg, _ago(hours=3), text=t, lead=None) for t in ts] for label, ts in texts.items()}
    make_user(db, "王科员", "operator")
    for label, case_ids in ids.items():
        for cid in case_ids:
            r = runner.invoke(app, ["case", "reclassify", str(cid), "--domain", label, "--as", "王科员",
                                    "--json", "-c", str(cfg)], env=env)
            assert r.exit_code == 0, r.output
            assert json.loads(r.stdout)["event"] == "reclassified"
    r = runner.invoke(app, ["case", "reclassify", str(ids["民生"][0]), "--domain", "卫生计生", "-c", str(cfg)], env=env)
    assert r.exit_code == 1 and "未知领域 '卫生计生'" in r.stderr
    with db.sessions() as s:
        assert s.get(Case, ids["民生"][0]).domain == "民生"
    model = tmp_path / "m.pkl"
    r = runner.invoke(app, ["train", "--with-corrections", "--no-seed", "--out", str(model), "-c", str(cfg)], env=env)
    assert r.exit_code == 0, r.output
    meta = LearnedModel.load(model).meta
    assert meta["labels"] == ["交通", "民生"] and meta["n"] == 8 and "corrections (8)" in meta["source"]
    # --explain names the operator's correction of that very text
    r = runner.invoke(app, ["classify", "--explain", "小区停水两天了没人管", "--model", str(model), "-c", str(cfg)],
                      env=env)
    assert r.exit_code == 0, r.output
    # in the timeline's words: the field by its label, the time in Beijing time to the minute
    assert f"人工更正：案件#{ids['民生'][0]} 领域 → 民生（王科员，" in r.stdout
    assert re.search(r"（王科员，\d{4}-\d\d-\d\d \d\d:\d\d）", r.stdout), r.stdout
    assert "领域：由" in r.stdout and "模型" in r.stdout
    # `cases show` tells the correction as the console does, not as stored codes and keys
    r = runner.invoke(app, ["cases", "show", str(ids["民生"][0]), "-c", str(cfg)], env=env)
    assert r.exit_code == 0, r.output
    assert "改分类" in r.stdout and "更改：领域" in r.stdout and '"from"' not in r.stdout
