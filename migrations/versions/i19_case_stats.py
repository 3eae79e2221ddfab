"""per case, the statistics' values that do not depend on the observation instant, kept by the database (issue 19)

``cases.stat_fr_s`` and ``stat_cl_s`` (first response and closure after receipt, in seconds),
``stat_day`` (the Asia/Shanghai day of receipt), ``stat_reads`` and ``stat_engagement`` (the
platform's reads; reposts + comments + likes), and ``case_keywords`` (one row per element of
``cases.keywords``, with the case's ``received_at`` so that a month's keywords are one range of
an index). The statistics read these instead of computing them per case on every read
(``monitor.stats``); the flags observed *as of* an instant (replied by then, overdue then) are
still computed per read.

Who keeps them true: **triggers**, not the application. Every writer of a case (the ingest's Core
``INSERT`` and PostgreSQL ``COPY``, the ORM's updates from the SLA refresh, handling, import,
console and CLI, a daemon of the previous release beside an upgraded one, a hand-written
``UPDATE``) goes through them, and each value is the very SQL expression the statistics computed
before (``monitor.stats.sqlfn``), evaluated by the same database, so no figure moves
(``tests/test_stats_figures.py``). SQLite: ``AFTER`` triggers (SQLite's ``BEFORE`` triggers cannot
set ``NEW``) on an ``INSERT`` and on an ``UPDATE OF`` the columns the values come from.
PostgreSQL: a ``BEFORE INSERT OR UPDATE`` row trigger sets ``NEW``'s values (on every update, so
no write can leave them stale), and ``AFTER`` row triggers keep ``case_keywords``.
The engine's statement count (``bench/ingest.py``'s ``sql_statements_per_mention``) does not move.

A later migration that rebuilds ``cases`` on SQLite (Alembic's batch mode copying it into a new
table) drops these triggers with the old table: it must create them again (``_SQLITE``);
``tests/test_case_stats_columns.py`` fails at head without them.

Existing rows are filled in batches of ``BATCH`` ids (one statement each, all in the migration's
one transaction: an interrupted upgrade leaves nothing half done). Additive: a daemon of the
previous release keeps running against this schema (it never names the new columns).

Revision ID: i19_case_stats
Revises: i17_source_lanes
Create Date: 2026-12-03 21:10:00.000000
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

import monitor.store.models  # noqa: F401  (UTCDateTime)

revision: str = 'i19_case_stats'
down_revision: str | None = 'i17_source_lanes'
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

UTC = monitor.store.models.UTCDateTime
BATCH = 50_000

#: SQLite: each value over the row's own columns (the expressions of ``monitor.stats.sqlfn`` as
#: compiled for SQLite), for the trigger's ``UPDATE … WHERE id = NEW.id`` and the backfill alike
_SQLITE_SET = (
    "stat_fr_s = round((julianday(first_response_at) - julianday(received_at)) * 86400.0, 3), "
    "stat_cl_s = round((julianday(closed_at) - julianday(received_at)) * 86400.0, 3), "
    "stat_day = strftime('%Y-%m-%d', received_at, '+8 hours'), "
    "stat_reads = coalesce(CAST(JSON_EXTRACT(metrics, '$.\"reads\"') AS INTEGER), 0), "
    "stat_engagement = coalesce(CAST(JSON_EXTRACT(metrics, '$.\"reposts\"') AS INTEGER), 0)"
    " + coalesce(CAST(JSON_EXTRACT(metrics, '$.\"comments\"') AS INTEGER), 0)"
    " + coalesce(CAST(JSON_EXTRACT(metrics, '$.\"attitudes\"') AS INTEGER), 0)"
)
_SQLITE_KEYWORDS = ("INSERT INTO case_keywords (case_id, pos, received_at, keyword) "
                    "SELECT NEW.id, key, NEW.received_at, value FROM json_each(NEW.keywords);")
_SQLITE = [
    f"CREATE TRIGGER tr_cases_stat_insert AFTER INSERT ON cases BEGIN "
    f"UPDATE cases SET {_SQLITE_SET} WHERE id = NEW.id; {_SQLITE_KEYWORDS} END",
    f"CREATE TRIGGER tr_cases_stat_update AFTER UPDATE OF received_at, first_response_at, closed_at, "
    f"metrics ON cases BEGIN UPDATE cases SET {_SQLITE_SET} WHERE id = NEW.id; END",
    f"CREATE TRIGGER tr_cases_keywords_update AFTER UPDATE OF keywords, received_at ON cases BEGIN "
    f"DELETE FROM case_keywords WHERE case_id = OLD.id; {_SQLITE_KEYWORDS} END",
    "CREATE TRIGGER tr_cases_keywords_delete AFTER DELETE ON cases BEGIN "
    "DELETE FROM case_keywords WHERE case_id = OLD.id; END",
]

#: PostgreSQL: the same values (``EXTRACT(EPOCH …)``, the day as a ``date``) set on ``NEW``. An
#: engagement count that is not an integer counts 0 instead of failing the case's write (the
#: statistics' own cast failed the whole statistics on such a value; the fast path takes the
#: integers platforms send, the slow one anything ``CAST(… AS INTEGER)`` accepts)
_PG_FUNCTIONS = [
    """CREATE FUNCTION wz_json_int_slow(j jsonb, k text) RETURNS integer LANGUAGE plpgsql IMMUTABLE AS $$
BEGIN
    RETURN coalesce(CAST(j ->> k AS INTEGER), 0);
EXCEPTION WHEN others THEN
    RETURN 0;
END $$""",
    """CREATE FUNCTION wz_json_int(j jsonb, k text) RETURNS integer LANGUAGE sql IMMUTABLE AS $$
    SELECT CASE WHEN j ->> k IS NULL THEN 0
                WHEN (j ->> k) ~ '^-?[0-9]{1,9}$' THEN CAST(j ->> k AS INTEGER)
                ELSE wz_json_int_slow(j, k) END
$$""",
]
_PG = [
    """CREATE FUNCTION wz_case_stats() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    NEW.stat_fr_s := CAST(EXTRACT(EPOCH FROM (NEW.first_response_at - NEW.received_at)) AS DOUBLE PRECISION);
    NEW.stat_cl_s := CAST(EXTRACT(EPOCH FROM (NEW.closed_at - NEW.received_at)) AS DOUBLE PRECISION);
    NEW.stat_day := CAST(NEW.received_at AT TIME ZONE 'Asia/Shanghai' AS DATE);
    NEW.stat_reads := wz_json_int(NEW.metrics, 'reads');
    NEW.stat_engagement := wz_json_int(NEW.metrics, 'reposts') + wz_json_int(NEW.metrics, 'comments')
        + wz_json_int(NEW.metrics, 'attitudes');
    RETURN NEW;
END $$""",
    """CREATE FUNCTION wz_case_keywords() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    IF TG_OP <> 'INSERT' THEN
        DELETE FROM case_keywords WHERE case_id = OLD.id;
    END IF;
    IF TG_OP <> 'DELETE' AND jsonb_typeof(NEW.keywords) = 'array' THEN
        INSERT INTO case_keywords (case_id, pos, received_at, keyword)
        SELECT NEW.id, k.n - 1, NEW.received_at, k.value
        FROM jsonb_array_elements_text(NEW.keywords) WITH ORDINALITY AS k(value, n);
    END IF;
    RETURN NULL;
END $$""",
    "CREATE TRIGGER tr_cases_stat BEFORE INSERT OR UPDATE ON cases FOR EACH ROW EXECUTE FUNCTION wz_case_stats()",
    "CREATE TRIGGER tr_cases_keywords_insert AFTER INSERT OR DELETE ON cases FOR EACH ROW "
    "EXECUTE FUNCTION wz_case_keywords()",
    "CREATE TRIGGER tr_cases_keywords_update AFTER UPDATE OF keywords, received_at ON cases FOR EACH ROW "
    "WHEN (OLD.keywords IS DISTINCT FROM NEW.keywords OR OLD.received_at IS DISTINCT FROM NEW.received_at) "
    "EXECUTE FUNCTION wz_case_keywords()",
]
_PG_DROP = [
    "DROP TRIGGER IF EXISTS tr_cases_keywords_update ON cases",
    "DROP TRIGGER IF EXISTS tr_cases_keywords_insert ON cases",
    "DROP TRIGGER IF EXISTS tr_cases_stat ON cases",
    "DROP FUNCTION IF EXISTS wz_case_keywords()",
    "DROP FUNCTION IF EXISTS wz_case_stats()",
    "DROP FUNCTION IF EXISTS wz_json_int(jsonb, text)",
    "DROP FUNCTION IF EXISTS wz_json_int_slow(jsonb, text)",
]
_SQLITE_DROP = [f"DROP TRIGGER IF EXISTS {n}" for n in (
    "tr_cases_stat_insert", "tr_cases_stat_update", "tr_cases_keywords_update", "tr_cases_keywords_delete")]


def upgrade() -> None:
    dialect = op.get_bind().dialect.name
    with op.batch_alter_table('cases', schema=None) as batch_op:
        batch_op.add_column(sa.Column('stat_fr_s', sa.Float(), nullable=True))
        batch_op.add_column(sa.Column('stat_cl_s', sa.Float(), nullable=True))
        batch_op.add_column(sa.Column('stat_day', sa.String(length=10).with_variant(sa.Date(), 'postgresql'),
                                      nullable=True))
        batch_op.add_column(sa.Column('stat_reads', sa.Integer(), nullable=True))
        batch_op.add_column(sa.Column('stat_engagement', sa.Integer(), nullable=True))
    op.create_table('case_keywords',
    sa.Column('case_id', sa.Integer(), nullable=False),
    sa.Column('pos', sa.Integer(), nullable=False),
    sa.Column('received_at', UTC(timezone=True), nullable=False),
    sa.Column('keyword', sa.Text(), nullable=True),
    sa.PrimaryKeyConstraint('case_id', 'pos', name=op.f('pk_case_keywords'))
    )
    op.create_index('ix_case_keywords_received_keyword', 'case_keywords', ['received_at', 'keyword'],
                    unique=False)
    if dialect == 'postgresql':
        for stmt in _PG_FUNCTIONS:  # the triggers and the backfill use them
            op.execute(stmt)
    _backfill(dialect)
    for stmt in (_PG if dialect == 'postgresql' else _SQLITE):
        op.execute(stmt)


def _backfill(dialect: str) -> None:
    """Existing rows, ``BATCH`` ids a statement: the values, then the keyword rows."""
    bind = op.get_bind()
    lo, hi = bind.execute(sa.text("SELECT min(id), max(id) FROM cases")).one()
    if lo is None:
        return
    if dialect == 'postgresql':
        values = ("UPDATE cases SET "
                  "stat_fr_s = CAST(EXTRACT(EPOCH FROM (first_response_at - received_at)) AS DOUBLE PRECISION), "
                  "stat_cl_s = CAST(EXTRACT(EPOCH FROM (closed_at - received_at)) AS DOUBLE PRECISION), "
                  "stat_day = CAST(received_at AT TIME ZONE 'Asia/Shanghai' AS DATE), "
                  "stat_reads = wz_json_int(metrics, 'reads'), "
                  "stat_engagement = wz_json_int(metrics, 'reposts') + wz_json_int(metrics, 'comments')"
                  " + wz_json_int(metrics, 'attitudes') "
                  "WHERE id >= :a AND id < :b")
        keywords = ("INSERT INTO case_keywords (case_id, pos, received_at, keyword) "
                    "SELECT c.id, k.n - 1, c.received_at, k.value FROM cases c "
                    "CROSS JOIN LATERAL jsonb_array_elements_text(c.keywords) WITH ORDINALITY AS k(value, n) "
                    "WHERE c.id >= :a AND c.id < :b AND jsonb_typeof(c.keywords) = 'array'")
    else:
        values = f"UPDATE cases SET {_SQLITE_SET} WHERE id >= :a AND id < :b"
        keywords = ("INSERT INTO case_keywords (case_id, pos, received_at, keyword) "
                    "SELECT c.id, k.key, c.received_at, k.value FROM cases c, json_each(c.keywords) k "
                    "WHERE c.id >= :a AND c.id < :b")
    for a in range(lo, hi + 1, BATCH):
        bind.execute(sa.text(values), {"a": a, "b": a + BATCH})
        bind.execute(sa.text(keywords), {"a": a, "b": a + BATCH})


def downgrade() -> None:
    dialect = op.get_bind().dialect.name
    for stmt in (_PG_DROP if dialect == 'postgresql' else _SQLITE_DROP):
        op.execute(stmt)
    op.drop_index('ix_case_keywords_received_keyword', table_name='case_keywords')
    op.drop_table('case_keywords')
    with op.batch_alter_table('cases', schema=None) as batch_op:
        for name in ('stat_engagement', 'stat_reads', 'stat_day', 'stat_cl_s', 'stat_fr_s'):
            batch_op.drop_column(name)
