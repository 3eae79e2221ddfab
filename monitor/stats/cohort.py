"""The cohort, materialized once: one narrow temporary row per case of the period and slice.

Why: a month of a big city is ~80,000 cases, and a bulletin needs some twenty aggregates over
them (headline, four breakdowns, percentiles, daily volume, …). Evaluating the per-case
predicates (replied by as_of? on time? overdue?) and durations once, into a temporary table of
small integer flags, turns every later aggregate into a cheap ``SUM`` over a narrow table instead
of a fresh pass over the wide ``cases`` rows. It is still plain SQL (``INSERT … SELECT`` into a
``TEMPORARY`` table, private to the connection) on SQLite and PostgreSQL alike.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from sqlalchemy import Column, Date, Float, Integer, MetaData, String, Table, case, func, select
from sqlalchemy.orm import Session
from sqlalchemy.sql.elements import ColumnElement

from monitor.stats.scope import Scope
from monitor.store.models import Case, CaseEvent, UTCDateTime

FLAGS = ("replied", "first_response_on_time", "late_replies", "closed", "closed_on_time",
         "overdue_unaccepted", "overdue_unclosed", "satisfied", "unsatisfied", "joint_cases",
         "supervised")


_TABLES: dict[tuple[str, str], Table] = {}


def _table(dialect: str, name: str) -> Table:
    """The cohort's temporary table, one definition per dialect and name for the whole process.

    Why one object and a fixed name: SQLAlchemy keys its compiled-statement cache on the table
    object, so a fresh ``Table`` per call (the name numbered to stay unique) had the statements that
    read the cohort compiled anew on every call (28 of a month's 76; none now after the first). A temporary table is private to its
    connection and dropped at the end of :func:`monitor.stats.compute.compute_stats`, so a fixed
    name cannot meet another call's."""
    key = (dialect, name)
    if key not in _TABLES:
        _TABLES[key] = Table(
            name, MetaData(),
            Column("id", Integer, primary_key=True),
            Column("type", String(16)), Column("domain", String(32)), Column("subtopic", String(32)),
            Column("region", String(32)), Column("lead", String(64)),
            Column("day", Date if dialect == "postgresql" else String(10)),
            Column("channel", String(64)), Column("cluster_id", Integer),
            *(Column(f, Integer) for f in FLAGS),
            Column("fr_s", Float), Column("cl_s", Float),
            Column("unaccepted_due", UTCDateTime), Column("late_due", UTCDateTime),
            Column("reads", Integer), Column("engagement", Integer),
            prefixes=["TEMPORARY"],
        )
    return _TABLES[key]


def _flag(cond: ColumnElement[bool]) -> ColumnElement[int]:
    return case((cond, 1), else_=0)


def _event_counts(scope: Scope) -> Any:
    """Per case, its reply-rule violations and escalation steps before ``as_of``.

    A cohort case's events happen after it was received, so they lie in [period start, as_of):
    one range over the (kind, at) index instead of a probe per case.
    """
    kind = CaseEvent.kind
    return (select(CaseEvent.case_id.label("cid"),
                   func.sum(case((kind == "reply_violation", 1), else_=0)).label("rv"),
                   func.sum(case((kind == "escalated", 1), else_=0)).label("esc"))
            .where(kind.in_(("reply_violation", "escalated")),
                   CaseEvent.at >= scope.period.start_utc, CaseEvent.at < scope.as_of)
            .group_by(CaseEvent.case_id).subquery("ev"))


def case_columns(scope: Scope) -> dict[str, Any]:
    """Each cohort column as an expression over ``cases``: the keys, the flags observed at
    ``scope.as_of``, the durations, due times and engagement. One definition for the cohort's
    ``INSERT … SELECT`` and for the period before's grouped pass straight over ``cases``
    (:meth:`monitor.stats.rollup.Before.read`), so both count alike.

    What does not depend on ``as_of`` is read as stored with the case (``cases.stat_*``, kept by
    the database's triggers: migration ``i19_case_stats``): the durations (``seconds_between``
    of first response and closure), the local day of receipt and the engagement counts, each the
    very expression of :mod:`monitor.stats.sqlfn` computed once per write instead of per case per
    read (``tests/test_case_stats_columns.py`` holds them equal). The flags, observed at
    ``as_of``, are still computed here."""
    s = scope
    return {
        "id": Case.id, "type": Case.type, "domain": Case.domain, "subtopic": Case.subtopic,
        "region": Case.region, "lead": Case.lead_account_id, "day": Case.stat_day,
        "channel": Case.channel, "cluster_id": Case.cluster_id,
        "replied": _flag(s.replied()), "first_response_on_time": _flag(s.on_time()),
        "late_replies": _flag(s.late_reply()), "closed": _flag(s.closed()),
        "closed_on_time": _flag(s.closed_on_time()),
        "overdue_unaccepted": _flag(s.overdue_unaccepted()),
        "overdue_unclosed": _flag(s.overdue_unclosed()),
        "satisfied": _flag(Case.satisfaction == "satisfied"),
        "unsatisfied": _flag(Case.satisfaction == "unsatisfied"),
        "joint_cases": _flag(Case.joint.is_(True)),
        "supervised": _flag(Case.supervised_at.is_not(None) & (Case.supervised_at < s.as_of)),
        "fr_s": case((s.replied(), Case.stat_fr_s)),
        "cl_s": case((s.closed(), Case.stat_cl_s)),
        "unaccepted_due": case((s.overdue_unaccepted(), Case.first_response_due)),
        "late_due": case((s.overdue_unaccepted(), Case.first_response_due),
                         (s.overdue_unclosed(), Case.closure_due)),
        "reads": Case.stat_reads,
        "engagement": Case.stat_engagement,
    }


def event_totals(session: Session, scope: Scope) -> dict[str, int]:
    """Reply-rule violations and escalation steps of ``scope``'s cases, in all: the events of
    :func:`_event_counts` joined to ``cases`` under ``scope``'s conditions (the cohort's own rows,
    without a cohort: the period before needs only these two totals). The events are grouped per
    case first, as for the cohort: joined flat, SQLite probes the events of every case of the
    month instead (0.19 s against 0.11 s of CPU on the 1M-case bench)."""
    ev = _event_counts(scope)
    q = (select(func.coalesce(func.sum(ev.c.rv), 0), func.coalesce(func.sum(ev.c.esc), 0))
         .select_from(ev).join(Case, Case.id == ev.c.cid).where(*scope.where()))
    rv, esc = session.execute(q).one()
    return {"reply_violations": int(rv), "escalations": int(esc)}


@dataclass
class Cohort:
    """A materialized cohort: ``t`` is the temporary table, ``scope`` what it was built from."""

    scope: Scope
    t: Table

    @classmethod
    def build(cls, session: Session, scope: Scope) -> Cohort:
        """Materialize ``scope``'s cohort (the period before needs no cohort: :meth:`monitor.stats.rollup.Before.read`)."""
        t = _table(session.get_bind().dialect.name, "wz_cohort")
        name = t.name
        conn = session.connection()
        conn.exec_driver_sql(f"DROP TABLE IF EXISTS {name}")
        t.create(conn)
        exprs = case_columns(scope)
        source = select(*exprs.values()).where(*scope.where())
        conn.execute(t.insert().from_select(list(exprs), source))
        return cls(scope, t)

    def event_counts(self, session: Session, key: str | None = None) -> dict[Any, dict[str, int]]:
        """Reply-rule violations and escalation steps per value of cohort column ``key``.

        The few matching events are aggregated first, then joined to the cohort by its primary
        key, so the cost follows the events, not the cases. Memoized per key: the headline and
        the per-account table ask for the same counts.
        """
        cache: dict[str | None, dict[Any, dict[str, int]]] = self.__dict__.setdefault("_ev", {})
        if key in cache:
            return cache[key]
        ev = _event_counts(self.scope)
        keys = [self.t.c[key]] if key else []
        q = (select(*keys, func.coalesce(func.sum(ev.c.rv), 0), func.coalesce(func.sum(ev.c.esc), 0))
             .select_from(ev).join(self.t, self.t.c.id == ev.c.cid).group_by(*keys))
        out: dict[Any, dict[str, int]] = {}
        for r in session.execute(q):
            out[r[0] if key else None] = {"reply_violations": int(r[-2]), "escalations": int(r[-1])}
        cache[key] = out
        return out

    def drop(self, session: Session) -> None:
        session.connection().exec_driver_sql(f"DROP TABLE IF EXISTS {self.t.name}")

    @property
    def c(self) -> Any:
        return self.t.c
