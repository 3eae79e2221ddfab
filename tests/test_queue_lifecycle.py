"""The 督办 queue empties when the work is done (issue 12's scenario), through the real pipeline and CLI.

A risk case, an unroutable case, a violating reply and an unhappy follow-up each open their
entry; assigning, replying, acknowledging and closing clear them; ``queue --json`` is ``[]``.
"""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path

from sqlalchemy import select
from typer.testing import CliRunner

from monitor import cli
from monitor.access.users import add_user
from monitor.core.types import Item
from monitor.runtime.stages import build_pipeline
from monitor.store.context import open_app
from monitor.store.models import Case, CaseEvent, QueueEntry

from conftest import Database

cli._register_all()
runner = CliRunner()

HUB, XQ, XQ_CG = "5600000001", "5600000002", None  # weibo uids of 问政银川 and 兴庆区


def invoke(cfg: Path, db: Database, *args: str) -> tuple[int, str, str]:
    r = runner.invoke(cli.app, [*args, "-c", str(cfg)], env={"WENZHENG_DATABASE_URL": db.url})
    return r.exit_code, r.stdout, r.stderr


def post(sid: str, uid: str, text: str, at: dt.datetime, mentions: tuple[str, ...] = ()) -> Item:
    return Item(platform="weibo", external_id=sid, kind="status", author_id=uid,
                author_name=f"网友{uid[-3:]}", text=text, created_at=at, mentioned_names=mentions,
                raw={"idstr": sid, "text": text})


def comment(cid: str, uid: str, text: str, at: dt.datetime, *, on: str, on_author: str,
            name: str | None = None) -> Item:
    return Item(platform="weibo", external_id=cid, kind="comment", author_id=uid,
                author_name=name or f"网友{uid[-3:]}", text=text, created_at=at, parent_id=on,
                parent_author_id=on_author, thread_root_id=on,
                raw={"idstr": cid, "text": text, "status": {"idstr": on}})


def open_queue(db: Database) -> dict[int, list[str]]:
    with db.session() as s:
        out: dict[int, list[str]] = {}
        for e in s.scalars(select(QueueEntry).where(QueueEntry.resolved_at.is_(None))
                           .order_by(QueueEntry.id)):
            out.setdefault(e.case_id, []).append(e.reason)
        return out


def test_scenario_each_entry_opens_and_dealing_with_it_empties_the_queue(db: Database,
                                                                          config_dir: Path) -> None:
    cfg = config_dir / "wenzheng.toml"
    app = open_app(cfg, database_url=db.url)
    pipeline = build_pipeline(app)
    t0 = dt.datetime.now(dt.UTC) - dt.timedelta(minutes=30)
    m = dt.timedelta(minutes=1)
    report = pipeline.ingest([
        post("9001", "7100000001", "@兴庆区 楼道里闻到很浓的煤气泄漏味道，邻居家没人，太危险了", t0,
             ("兴庆区",)),
        post("9002", "7100000002", "@问政银川 有个事情想反映一下，不知道该找谁，麻烦帮忙看看", t0 + m,
             ("问政银川",)),
        post("9003", "7100000003", "@兴庆区 解放街路灯坏了一个月了，晚上很黑，希望尽快维修", t0 + 2 * m,
             ("兴庆区",)),
        post("9004", "7100000004", "@兴庆区 小区门口垃圾三天没人清运，味道很大，希望尽快处理", t0 + 3 * m,
             ("兴庆区",)),
    ], channel="weibo")
    assert report.cases_opened == 4
    with db.session() as s:
        ids = dict(s.execute(select(CaseEvent.mention_id, CaseEvent.case_id)
                             .where(CaseEvent.kind == "created")).all())
    risk_id, unroutable_id, lint_id, unhappy_id = sorted(ids.values())
    # a perfunctory reply on one case; a good reply then an unhappy citizen on the other
    pipeline.ingest([
        comment("9101", XQ, "已收悉。", t0 + 5 * m, on="9003", on_author="7100000003", name="兴庆区"),
        comment("9102", XQ, "您好，已通知物业和环卫所今天下午清运，并安排每天定时巡查，如仍有问题请再联系我们。",
                t0 + 6 * m, on="9004", on_author="7100000004", name="兴庆区"),
        comment("9103", "7100000004", "根本没解决，还是没人管，敷衍", t0 + 7 * m, on="9004",
                on_author="7100000004"),
    ], channel="weibo")
    queue = open_queue(db)
    assert "risk" in queue[risk_id]
    assert queue[unroutable_id] == ["unroutable"]
    assert queue[lint_id] == ["reply_violation"]
    assert queue[unhappy_id] == ["negative_feedback"]

    # the queue names entries in Chinese, with account names
    code, out, _ = invoke(cfg, db, "queue")
    assert code == 0 and "风险预警" in out and "无法分派" in out and "回复不规范" in out
    assert "群众不满意" in out and "兴庆区" in out and "xingqing" not in out

    # risk: an operator acknowledges it, with a note, on the timeline
    with db.sessions.begin() as s:
        add_user(s, "值班员王", "operator", "long-enough-password")
    code, out, err = invoke(cfg, db, "case", "ack", str(risk_id), "--entry", "风险预警", "--note",
                            "已电话联系燃气公司抢修，现场已处置", "--as", "值班员王")
    assert code == 0, err
    with db.session() as s:
        ev = s.scalars(select(CaseEvent).where(CaseEvent.case_id == risk_id,
                                               CaseEvent.kind == "acknowledged")).one()
        assert ev.actor == "值班员王" and ev.data["reason"] == "risk"
    # acknowledging what is not open says what is
    code, _, err = invoke(cfg, db, "case", "ack", str(risk_id), "--entry", "风险预警", "--note", "再次")
    assert code == 1 and "没有未处理的队列条目" in err
    # unroutable: a member account whose region fits claims it from the hub (认领)
    code, _, err = invoke(cfg, db, "case", "claim", str(unroutable_id), "--account", "xingqing")
    assert code == 0, err
    # the perfunctory reply: a compliant reply clears it
    code, _, err = invoke(cfg, db, "case", "reply", str(lint_id), "--account", "xingqing", "--no-post",
                          "--text", "您好，解放街路灯已列入本周维修计划，维修班组周三晚上前到场更换灯具，"
                                    "修好后在此回复您。")
    assert code == 0, err
    # the unhappy citizen: the case is closed with its result
    code, _, err = invoke(cfg, db, "case", "close", str(unhappy_id), "--result",
                          "环卫所已清运并调整清运频次为每日一次")
    assert code == 0, err

    leftover = {cid: r for cid, r in open_queue(db).items() if cid in ids.values()}
    assert all(set(r) <= {"first_response_breached", "closure_breached"} for r in leftover.values())
    code, out, _ = invoke(cfg, db, "queue", "--json")
    assert code == 0 and json.loads(out) == []

    # reopening brings back what still applies (the citizen is still unhappy), not what was dealt with
    code, _, err = invoke(cfg, db, "case", "reopen", str(unhappy_id), "--reason", "群众再次反映")
    assert code == 0, err
    assert open_queue(db) == {unhappy_id: ["negative_feedback"]}
    code, out, _ = invoke(cfg, db, "case", "ack", str(unhappy_id), "--entry", "negative_feedback",
                          "--note", "已回访，群众表示理解", "--json")
    assert code == 0 and json.loads(out)["event"] == "acknowledged"
    code, out, _ = invoke(cfg, db, "queue", "--json")
    assert json.loads(out) == []
    app.close()


def test_claim_from_the_hub_needs_a_fitting_account(db: Database, config_dir: Path) -> None:
    cfg = config_dir / "wenzheng.toml"
    app = open_app(cfg, database_url=db.url)
    t0 = dt.datetime.now(dt.UTC) - dt.timedelta(minutes=5)
    build_pipeline(app).ingest([post("9201", "7100000009", "@问政银川 西夏区这边有个事情想反映一下，不知道归谁管，麻烦看看", t0,
                                     ("问政银川",))],
                               channel="weibo")
    with db.session() as s:
        (entry,) = s.scalars(select(QueueEntry)).all()
        case_id = entry.case_id
    assert entry.reason == "unroutable"
    code, _, err = invoke(cfg, db, "case", "claim", str(case_id), "--account", "jinfeng")
    assert code == 1 and "不能认领" in err and "不符" in err  # another district's region
    assert open_queue(db) == {case_id: ["unroutable"]}
    code, _, err = invoke(cfg, db, "case", "claim", str(case_id), "--account", "xixia")
    assert code == 0, err
    assert open_queue(db) == {}
    with db.session() as s:
        leads = [a.account_id for a in s.get(Case, case_id).assignments if a.active]
    assert leads == ["xixia"]  # the hub handed it over
    app.close()
