"""The ingest pipeline on real databases: threading, idempotence, cursor atomicity."""

from __future__ import annotations

from sqlalchemy import func, select

from monitor.intake.pipeline import Pipeline
from monitor.store.models import Case, CaseEvent, Mention, Source
from tests.factories import CG_UID, WHJ_UID, XQ_UID, comment, small_matrix, status


def _pipeline(db):
    return Pipeline(db.sessions, small_matrix(), batch_size=3)


def _events(db, case_id):
    with db.session() as s:
        return [(e.kind, e.actor) for e in s.scalars(
            select(CaseEvent).where(CaseEvent.case_id == case_id).order_by(CaseEvent.at, CaseEvent.id))]


def test_mention_opens_case_and_thread_attaches(db):
    items = [
        status("501", "9001", "@兴庆区文化街街道 小区门口停车太乱了", 0, mentions=("兴庆区文化街街道",)),
        comment("601", WHJ_UID, "您好，已转社区核实处理。", 30, on="501", on_author="9001",
                name="兴庆区文化街街道"),
        comment("602", "9001", "还没人来处理吗？", 90, on="501", on_author="9001", reply_to="601"),
        comment("603", "9002", "我们小区也一样", 95, on="501", on_author="9001"),
    ]
    report = _pipeline(db).ingest(items)
    assert (report.new, report.cases_opened) == (4, 1)
    with db.session() as s:
        case = s.scalars(select(Case)).one()
        assert case.root_external_id == "501" and case.citizen_id == "9001"
        assert case.text.startswith("@兴庆区文化街街道")
        assert s.scalar(select(func.count()).select_from(Mention).where(Mention.case_id == case.id)) == 4
        reply = s.scalar(select(Mention).where(Mention.external_id == "601"))
        assert reply.role == "member" and reply.account_id == "xingqing-wenhuajie"
    assert [k for k, _ in _events(db, case.id)] == ["created", "reply", "follow_up", "comment"]


def test_comment_on_member_post_opens_one_case_per_citizen(db):
    items = [
        comment("701", "9001", "这条路什么时候修好？", 0, on="300", on_author=CG_UID),
        comment("702", "9002", "路灯坏了一个月了", 1, on="300", on_author=CG_UID),
        comment("703", CG_UID, "已安排维修，本周内完成。", 20, on="300", on_author=CG_UID, reply_to="701"),
        comment("704", "9001", "谢谢！", 40, on="300", on_author=CG_UID, reply_to="703"),
    ]
    _pipeline(db).ingest(items)
    with db.session() as s:
        cases = {c.root_external_id: c for c in s.scalars(select(Case))}
    assert set(cases) == {"701", "702"}
    assert [k for k, _ in _events(db, cases["701"].id)] == ["created", "reply", "follow_up"]
    assert [k for k, _ in _events(db, cases["702"].id)] == ["created"]


def test_same_items_twice_make_no_duplicates(db):
    items = [status(str(800 + i), "9001", f"第{i}个问题 @兴庆区", i, mentions=("兴庆区",)) for i in range(7)]
    p = _pipeline(db)
    first = p.ingest(items)
    again = p.ingest(items + items)
    assert first.new == 7 and again.new == 0 and again.duplicates == 14
    with db.session() as s:
        assert s.scalar(select(func.count()).select_from(Case)) == 7
        assert s.scalar(select(func.count()).select_from(Mention)) == 7
        assert s.scalar(select(func.count()).select_from(CaseEvent)) == 7


def test_reply_seen_before_its_thread_is_adopted(db):
    p = _pipeline(db)
    p.ingest([comment("902", XQ_UID, "您好，已督促整改。", 30, on="900", on_author="9005", name="兴庆区")])
    with db.session() as s:
        orphan = s.scalar(select(Mention).where(Mention.external_id == "902"))
        assert orphan.case_id is None and orphan.thread_root_id == "900"
    p.ingest([status("900", "9005", "@兴庆区 夜市油烟太大", 0, mentions=("兴庆区",))])
    with db.session() as s:
        case = s.scalars(select(Case)).one()
    assert [k for k, _ in _events(db, case.id)] == ["created", "reply"]


def test_citizen_post_without_member_mention_is_kept_without_case(db):
    report = _pipeline(db).ingest([status("950", "9001", "今天天气不错", 0)])
    assert report.new == 1 and report.cases_opened == 0 and report.orphans == 1


def test_a_comment_under_a_chaser_joins_the_case_the_chaser_was_sent_to():
    """A citizen's new post chasing their stored case (the pipeline's chaser check sends it there)
    and a comment under that post in the same batch: the comment joins the chased case. Before,
    the batch's view of cases did not hold the chased case, the comment opened it again, and the
    duplicate key rolled the batch back until it was bisected (bench/daemons.py, a source polled
    after the others)."""
    from monitor.intake.threads import Decision, Threader

    threader, known, cases = Threader(small_matrix(), "weibo"), {}, {}
    chaser = status("950", "9001", "@兴庆区 还没人管吗", 60, mentions=("兴庆区",))
    first = threader.decide(chaser, known, cases)
    assert first.action == "open"
    sent = Decision(chaser, first.role, first.account_id, "follow_up", "900", "900", first.addressed)
    threader.remember(sent, known, cases)
    under = comment("951", "9002", "同问", 70, on="950", on_author="9001")
    assert (threader.decide(under, known, cases).action, known["950"].case_key) == ("comment", "900")
    assert threader.decide(under, known, cases).case_key == "900"
    # addressing the matrix there, the other citizen appeals in their own name (clustering joins
    # their case to the chased one's cluster: tests/test_cluster_threads.py)
    asked = comment("952", "9002", "@兴庆区 同问", 70, on="950", on_author="9001", mentions=("兴庆区",))
    assert (threader.decide(asked, known, cases).action, threader.decide(asked, known, cases).root) == ("open", "952")


def test_a_batch_is_stored_with_one_item_read_ahead_and_the_cursor_with_the_last(db):
    """A lazily read round (a spool) is read batch by batch: when a batch is stored, at most one
    item past it has been read (not the next batch), and the last batch carries the cursor."""
    items = [status(str(900 + i), "9001", f"第{i}个问题 @兴庆区", i, mentions=("兴庆区",)) for i in range(7)]
    pulled: list[int] = []

    def lazily():
        for n, item in enumerate(items, 1):
            pulled.append(n)
            yield item

    seen_at_batch: list[tuple[int, int]] = []
    with db.session() as s, s.begin():
        s.add(Source(name="weibo-main", adapter="weibo", fingerprint="f"))
    p = _pipeline(db)
    report = p.ingest(lazily(), source_name="weibo-main", cursor={"since_id": "906"},
                      on_batch=lambda r: seen_at_batch.append((r.seen, pulled[-1])))
    assert report.new == 7
    # batches of 3, 3, 1: each stored with one item read ahead, the last with none left to read
    assert seen_at_batch == [(3, 4), (3, 7), (1, 7)]
    with db.session() as s:
        assert s.get(Source, "weibo-main").cursor == {"since_id": "906"}
