"""How the store writes a batch's rows (monitor/store/ids.py), on real SQLite and PostgreSQL:
changed rows are written with one statement per table (each row's own changed columns only), and rows kept for early
insertion are written before the rows that name them, with their values as they are then."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from pathlib import Path

import pytest
from sqlalchemy import event, select, update

from conftest import Database
from monitor.store import ids
from monitor.store.context import App, open_app
from monitor.store.models import Case, Cluster

ROOT = Path(__file__).resolve().parents[1]
T0 = dt.datetime(2026, 10, 12, 0, 0, tzinfo=dt.UTC)


@pytest.fixture
def app(db: Database) -> Iterator[App]:
    a = open_app(ROOT / "config" / "wenzheng.toml", database_url=db.url)
    yield a
    a.close()


def _case(n: int) -> Case:
    return Case(platform="weibo", channel="test", root_external_id=f"r{n}", citizen_id=f"c{n}",
                text=f"第{n}件", received_at=T0, status="open", last_activity_at=T0)


class Statements:
    def __init__(self) -> None:
        self.seen: list[tuple[str, bool]] = []

    def __call__(self, _conn, _cursor, statement, _params, _context, executemany) -> None:  # type: ignore[no-untyped-def]
        self.seen.append((" ".join(statement.split()), executemany))


def test_changed_rows_are_written_in_one_statement_each_its_own_columns(app: App) -> None:
    with app.sessions.begin() as s:
        s.add_all([_case(n) for n in range(8)])
    later = T0 + dt.timedelta(hours=1)
    elsewhere = T0 + dt.timedelta(hours=5)
    seen = Statements()
    event.listen(app.engine, "before_cursor_execute", seen)
    try:
        with app.sessions.begin() as s:
            s.autoflush = False
            cases = list(s.scalars(select(Case).order_by(Case.id)))
            for i, c in enumerate(cases):  # interleaved: a, b, a+b, a, b, a+b, …
                if i % 3 in (0, 2):
                    c.region = "兴庆区"
                    c.metrics = {"转发": i, "话题": ["停车"]}  # JSON goes through its bind processor
                if i % 3 in (1, 2):
                    c.last_activity_at = later
            cases[7].domain = cases[7].domain  # set to the value it has: not a change
            # another writer commits a column this batch changes on other rows only (r3 changes
            # region and metrics): the batch's statement must not write r3's back
            with app.sessions.begin() as other:
                other.execute(update(Case).where(Case.root_external_id == "r3")
                              .values(last_activity_at=elsewhere, street="胜利街"))
    finally:
        event.remove(app.engine, "before_cursor_execute", seen)
    updates = [st for st, _many in seen.seen if st.startswith("UPDATE cases") and "street" not in st]
    assert len(updates) == 1, updates  # three sets of columns, one statement
    # one statement for all its rows: an executemany, on PostgreSQL one UPDATE … FROM unnest
    assert all(many or "FROM unnest(" in st for st, many in seen.seen if st in updates)
    with app.sessions() as s:
        got = {c.root_external_id: (c.region, c.last_activity_at, c.updated_at, c.metrics, c.street)
               for c in s.scalars(select(Case))}
    for i in range(8):
        region, last, updated, metrics, street = got[f"r{i}"]
        assert region == ("兴庆区" if i % 3 in (0, 2) else None)
        assert metrics == ({"转发": i, "话题": ["停车"]} if i % 3 in (0, 2) else {})
        assert last == (elsewhere if i == 3 else later if i % 3 in (1, 2) else T0)
        assert street == ("胜利街" if i == 3 else None)
        assert updated is not None and updated.tzinfo is not None


def test_a_json_column_holding_a_list_is_written_as_that_list_on_every_row(app: App) -> None:
    # a case's risk flags are a JSON list: in the one UPDATE for the batch's cases, a list must
    # be one value of the column's array of values, never a dimension of it. On PostgreSQL the
    # array's type read a list as a sub-array: the batch failed ("malformed array literal") when
    # the first changed row held a list, and rows holding lists of one length were spread over
    # the wrong cases
    with app.sessions.begin() as s:
        s.add_all([_case(n) for n in range(4)])
    flags = {0: [{"flag": "fire", "n": 0}, {"flag": "medical", "n": 0}],
             1: [{"flag": "fire", "n": 1}, {"flag": "safety", "n": 1}],
             2: [{"flag": "medical", "n": 2}]}
    for changed in ((0, 1), (0, 1, 2, 3), (2, 3)):  # every row a list of two; the first a list; not
        with app.sessions.begin() as s:
            s.autoflush = False
            cases = list(s.scalars(select(Case).order_by(Case.id)))
            for i in changed:
                if i in flags:
                    cases[i].risk = [dict(f, round=changed) for f in flags[i]]
                else:
                    cases[i].region = f"第{changed}轮"
        with app.sessions() as s:
            got = {c.root_external_id: c.risk for c in s.scalars(select(Case))}
        for i in changed:
            if i in flags:
                assert got[f"r{i}"] == [dict(f, round=list(changed)) for f in flags[i]]


def test_early_rows_go_in_before_the_rows_naming_them_with_their_last_values(app: App) -> None:
    with app.sessions.begin() as s:
        s.add(_case(1))
    seen = Statements()
    event.listen(app.engine, "before_cursor_execute", seen)
    try:
        with app.sessions.begin() as s:
            s.autoflush = False
            case = s.scalars(select(Case)).one()
            made = []
            for n in range(3):
                cluster = Cluster(id=ids.take(s, Cluster.__table__), place=f"地点{n}", problem="停车难",
                                  domain=None, subtopic=None, lead_account_id=None, co_account_ids=[],
                                  members=1, chasers=0, reposts=0, first_seen=T0, last_seen=T0,
                                  created_at=T0, burst_at=None)
                ids.insert_early(s, cluster)
                made.append(cluster)
            made[1].members += 1  # changed before the batch writes: inserted with it, not updated
            case.cluster_id = made[2].id  # names a row not written yet
    finally:
        event.remove(app.engine, "before_cursor_execute", seen)
    inserts = [i for i, (st, _m) in enumerate(seen.seen)
               if st.startswith(("INSERT INTO clusters", "COPY clusters"))]  # COPY on PostgreSQL
    assert len(inserts) == 1
    assert not any(st.startswith("UPDATE clusters") for st, _m in seen.seen)
    first_case_update = next(i for i, (st, _m) in enumerate(seen.seen) if st.startswith("UPDATE cases"))
    assert inserts[0] < first_case_update
    with app.sessions() as s:
        rows = {c.place: c for c in s.scalars(select(Cluster))}
        assert sorted(rows) == ["地点0", "地点1", "地点2"]
        assert rows["地点1"].members == 2
        assert s.scalars(select(Case)).one().cluster_id == rows["地点2"].id


def test_early_rows_are_forgotten_with_a_rolled_back_transaction(app: App) -> None:
    with pytest.raises(RuntimeError):
        with app.sessions.begin() as s:
            ids.insert_early(s, Cluster(id=ids.take(s, Cluster.__table__), place="甲", problem="乙",
                                        co_account_ids=[], members=1, chasers=0, reposts=0,
                                        first_seen=T0, last_seen=T0, created_at=T0))
            raise RuntimeError("the batch failed")
    with app.sessions.begin() as s:
        s.add(_case(2))  # the next transaction writes nothing of the rolled-back one
    with app.sessions() as s:
        assert s.scalars(select(Cluster)).all() == []


def test_the_batch_read_of_the_joining_index_picks_what_each_case_s_own_read_picks(app: App) -> None:
    """The cluster join reads the index once for a batch (newest rows per key and domain, cut at
    the limit); each case must get exactly the candidates its own index read returns, also when
    a key holds more rows than the limit and when later rows crowd an earlier case's read."""
    from monitor.cluster.joining import _CANDIDATES, _CANDIDATES_IN, BATCH, MAX_KEYS
    from monitor.cluster.signature import Signature
    from monitor.runtime.stages import build_pipeline
    from monitor.store.models import ClusterKey

    stage = build_pipeline(app).stages.cluster
    kinds = [{"domain": "生态环境", "issues": ["噪音"]}, {"domain": "城乡建设"},
             {"domain": "生态环境"}, {"domain": stage.maker.default_domain}]  # the last: any domain
    with app.sessions() as s:
        for n in range(60):  # one every 4 hours for 10 days at one place: over the limit per key
            case = _case(n)
            case.received_at = T0 + dt.timedelta(hours=4 * n)
            places = {"丽景湖": 1.0, "丽景湖公园": 1.0} if n % 5 == 0 else {"丽景湖": 1.0}
            sig = Signature.from_json({"places": places, **kinds[n % len(kinds)]})
            case.cluster_sig = sig.to_json()
            s.add(case)
            s.flush()
            s.add_all(ClusterKey(key=k, domain=d, at=case.received_at, case_id=case.id)
                      for k in places for d in sig.index_domains())
        s.commit()
    probes = [0, 1, 3, 4, 30, 31, 55, 56, 57, 58, 59]  # read in groups of cases a few hours apart
    with app.sessions() as s:
        cases = [s.scalars(select(Case).where(Case.root_external_id == f"r{n}")).one() for n in probes]
        signed = [(c, Signature.from_json(c.cluster_sig)) for c in cases]
        stage.prefetch(s, signed)
        picks = s.info[BATCH].picks
        for case, sig in signed:
            wanted = stage._wanted(sig, case.text)
            params = {"keys": list(sig.places)[:MAX_KEYS], "lo": case.received_at - stage.window,
                      "hi": case.received_at + stage.window}
            if wanted is not None:
                params["doms"] = sorted(wanted)
            own = {row[0] for row in s.execute(_CANDIDATES_IN if wanted is not None else _CANDIDATES, params)}
            assert own
            if case.id in picks:  # else: later rows may crowd it, and its own read decides
                assert set(picks[case.id]) == own, case.root_external_id
        assert {c.root_external_id for c in cases if c.id in picks} >= {"r55", "r56", "r57", "r58", "r59"}
        assert any(c.id not in picks for c in cases), "the crowded read is exercised"


def _mention_row(n: int, **over: object) -> dict[str, object]:
    row: dict[str, object] = dict(
        platform="weibo", external_id=f"m{n}", source_name="src", kind="comment", author_id=f"u{n}",
        author_name="张三\t李四", role="citizen", account_id=None,
        text="第一行\n第二行\\N 反斜杠\\ 和制表\t符，\"引号\" 'single' 😀", created_at=T0 + dt.timedelta(seconds=n),
        url=None, thread_root_id="r1", reply_to_id=None, parent_id=None, case_id=None,
        metrics={"likes": 3, "ratio": 0.1, "big": 12345678901234, "none": None},
        raw={"user": {"id": 7, "name": "张三", "tags": ["a", None, 1.5e-07, True]}, "text": "\\u4e00\n\t",
             "empty": {}, "list": []},
        ingested_at=T0)
    row.update(over)
    return row


def test_rows_written_in_one_statement_read_back_as_an_insert_s(app: App) -> None:
    """``bulk.insert_rows`` (COPY on PostgreSQL, the driver's own ``executemany`` on SQLite) stores
    what SQLAlchemy's INSERT stores, value for value (JSON payloads, aware times, tabs, newlines,
    backslashes, ``\\N`` as text), as one statement."""
    from sqlalchemy import insert, text

    from monitor.store.bulk import insert_rows
    from monitor.store.models import Mention

    table = Mention.__table__
    odd = {"raw": {}, "metrics": {"k": "v"}, "url": "https://例子.cn/a?b=1&c=\\d", "author_name": ""}
    seen = Statements()
    with app.sessions.begin() as s:
        conn = s.connection()
        taken = ids.allocate(s, table, 4)
        conn.execute(insert(table), [_mention_row(1, id=taken[0]), _mention_row(2, id=taken[1], **odd)])
        event.listen(app.engine, "before_cursor_execute", seen)
        try:
            insert_rows(conn, table, [_mention_row(3, id=taken[2]), _mention_row(4, id=taken[3], **odd)])
        finally:
            event.remove(app.engine, "before_cursor_execute", seen)
    assert len(seen.seen) == 1, seen.seen
    assert seen.seen[0][0].startswith("COPY" if app.engine.dialect.name == "postgresql" else "INSERT")
    cols = [c for c in table.c if c.name not in ("id", "external_id", "author_id", "created_at")]
    with app.sessions() as s:
        got = {r.external_id: r for r in s.execute(select(table).order_by(table.c.id))}
        assert [got[k].id for k in ("m1", "m2", "m3", "m4")] == taken
        for inserted, copied in (("m1", "m3"), ("m2", "m4")):
            for c in cols:
                assert getattr(got[inserted], c.name) == getattr(got[copied], c.name), c.name
        assert got["m3"].created_at == T0 + dt.timedelta(seconds=3)
        assert got["m3"].created_at.tzinfo is not None
        # the stored JSON (and on SQLite the stored time's text), byte for byte
        stored = dict(s.execute(text("SELECT external_id, raw::text || metrics::text FROM mentions"
                                     if app.engine.dialect.name == "postgresql" else
                                     "SELECT external_id, raw || metrics || ingested_at FROM mentions")).all())
        assert stored["m1"] == stored["m3"] and stored["m2"] == stored["m4"]


def test_a_column_left_out_of_the_rows_gets_its_python_side_default(app: App) -> None:
    """SQLite's plain ``executemany`` sends only the columns named; a row that leaves out one with
    a Python-side default (``ingested_at``, ``raw``) still gets it, as from SQLAlchemy's INSERT."""
    from monitor.store.bulk import insert_rows
    from monitor.store.models import Mention

    table = Mention.__table__
    row = _mention_row(1)
    del row["ingested_at"], row["raw"]
    before = dt.datetime.now(dt.UTC)
    with app.sessions.begin() as s:
        insert_rows(s.connection(), table, [dict(row, id=ids.allocate(s, table, 1)[0])])
    with app.sessions() as s:
        stored = s.scalars(select(Mention)).one()
    assert stored.raw == {} and stored.ingested_at >= before - dt.timedelta(seconds=1)


def test_a_duplicate_row_in_one_statement_is_an_integrity_error_and_rolls_back(app: App) -> None:
    """The head's re-run and the batch's retry act on SQLAlchemy's IntegrityError: a COPY that
    meets a stored key must raise it too (with PostgreSQL's SQLSTATE), and store nothing."""
    from sqlalchemy.exc import IntegrityError

    from monitor.store.bulk import insert_rows
    from monitor.store.models import Mention

    table = Mention.__table__
    with app.sessions.begin() as s:
        insert_rows(s.connection(), table, [_mention_row(1, id=ids.allocate(s, table, 1)[0])])
    with pytest.raises(IntegrityError) as caught:
        with app.sessions.begin() as s:
            taken = ids.allocate(s, table, 2)
            with s.begin_nested():
                insert_rows(s.connection(), table, [_mention_row(5, id=taken[0]), _mention_row(1, id=taken[1])])
    if app.engine.dialect.name == "postgresql":
        assert caught.value.orig.sqlstate == "23505"  # type: ignore[union-attr]
    with app.sessions() as s:
        assert [m.external_id for m in s.scalars(select(Mention))] == ["m1"]


def test_ids_for_several_tables_come_from_one_statement_as_if_taken_alone(app: App) -> None:
    """A flush that writes events, assignments and queue entries takes their ids in one statement
    (``ids.allocate_many``): each table's ids are the ones it would get alone (after its stored
    rows, on PostgreSQL its sequence's next values); on SQLite the block of a table named to be
    primed (a batch's new clusters) starts after its stored rows with no statement of its own."""
    from monitor.store.models import Mention

    with app.sessions.begin() as s:
        s.add_all([_case(n) for n in range(3)])
        s.add(Cluster(place="甲", problem="乙", members=1, chasers=0, reposts=0, first_seen=T0,
                      last_seen=T0, created_at=T0))
    with app.sessions() as s:
        top_case = s.scalar(select(Case.id).order_by(Case.id.desc()).limit(1))
        top_cluster = s.scalar(select(Cluster.id).order_by(Cluster.id.desc()).limit(1))
    seen = Statements()
    with app.sessions.begin() as s:
        s.connection()
        event.listen(app.engine, "before_cursor_execute", seen)
        try:
            cases, mentions, none = ids.allocate_many(
                s, [(Case.__table__, 3), (Mention.__table__, 2), (Cluster.__table__, 0)],
                prime=[Cluster.__table__])
            cluster_id = ids.take(s, Cluster.__table__)
        finally:
            event.remove(app.engine, "before_cursor_execute", seen)
    reads = [st for st, _many in seen.seen if "max(" in st or "nextval(" in st]
    assert cases == [top_case + 1, top_case + 2, top_case + 3]
    assert mentions == [1, 2] and none == []
    assert cluster_id > top_cluster
    if app.engine.dialect.name == "postgresql":
        assert len(reads) == 2, reads  # the two tables' sequences, then the cluster block's when taken
    else:
        assert cluster_id == top_cluster + 1
        assert len(reads) == 1, reads  # the cluster's block too, primed


def test_each_engine_s_dialect_writes_with_its_own_statement_and_frees_it_when_gone(app: App) -> None:
    """A batch's plain statement is the dialect's own (COPY on PostgreSQL, INSERT … VALUES (?, …) on SQLite), and
    goes with its dialect: kept by ``id(dialect)``, a SQLite dialect's statement freed with its engine was once handed
    to a PostgreSQL dialect allocated at the same address, and the batch failed ("syntax error at or near ','")."""
    import gc
    import weakref

    from sqlalchemy import create_engine

    from monitor.store import bulk

    from monitor.store.models import ClusterKey

    table, columns = ClusterKey.__table__, ("key", "domain", "at", "case_id")  # the joining index, as a batch writes it
    other = create_engine("sqlite://")
    assert (bulk._plain_insert(other.dialect, table, columns) or "").startswith("INSERT INTO")
    bulk._processors(other.dialect, table, columns)
    held = len(bulk._INSERTS), len(bulk._PROCESSORS)
    gone = weakref.ref(other.dialect)
    other.dispose()
    del other
    gc.collect()
    assert gone() is None  # nothing of the store's keeps a dialect alive…
    assert (len(bulk._INSERTS), len(bulk._PROCESSORS)) == (held[0] - 1, held[1] - 1)  # …and its statements go with it
    mine = bulk._plain_insert(app.engine.dialect, table, columns)
    assert mine is not None
    assert mine.startswith("COPY" if app.engine.dialect.name == "postgresql" else "INSERT INTO")
