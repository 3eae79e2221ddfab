"""The data model: the matrix, sources, raw mentions, cases and their timelines.

Design rules, each for a reason:

* **Times are UTC and timezone-aware** in Python (:class:`UTCDateTime`); SQLite has no timezone
  type, so the decorator normalises on the way in and re-attaches UTC on the way out. Display
  converts to Asia/Shanghai at the edge (:mod:`monitor.core.timeutil`).
* **Raw items are kept** (``mentions.raw``): classification and threading can be re-run, and an
  audit can always show what the citizen actually sent.
* **The case timeline is append-only** (``case_events``): SLA state, statistics and the console
  are all derived from it; the columns on ``cases`` (due times, first response, states) are a
  cache of that derivation, indexed so that sweeps and monthly statistics touch only the rows
  they need.
* **Platform ids are strings**: Weibo ids exceed 2**53.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from typing import Any

from sqlalchemy import (
    JSON,
    Boolean,
    Date,
    DateTime,
    Float,
    ForeignKey,
    Index,
    Integer,
    LargeBinary,
    MetaData,
    String,
    Text,
    UniqueConstraint,
    text as sql_text,
)
from sqlalchemy.dialects.postgresql import JSONB
from sqlalchemy.engine import Dialect
from sqlalchemy.orm import DeclarativeBase, Mapped, defer, mapped_column, relationship
from sqlalchemy.types import TypeDecorator

from monitor.store import ids as _ids

CHECK_AT_ONCE = dt.datetime(1970, 1, 1, tzinfo=dt.UTC)
"""``cases.next_check_at`` of a case whose clocks nobody derived yet: the next SLA sweep looks
at it (see :mod:`monitor.sla.attention`)."""
CHECK_AT_ONCE_SQL = "'1970-01-01 00:00:00+00:00'"
"""The same instant as an SQL literal (a timestamp with time zone on PostgreSQL; on SQLite a text
that sorts before every stored time)."""

NAMING = {
    "ix": "ix_%(column_0_label)s",
    "uq": "uq_%(table_name)s_%(column_0_name)s",
    "ck": "ck_%(table_name)s_%(constraint_name)s",
    "fk": "fk_%(table_name)s_%(column_0_name)s_%(referred_table_name)s",
    "pk": "pk_%(table_name)s",
}


class UTCDateTime(TypeDecorator[dt.datetime]):
    """Aware UTC datetimes on every backend; naive input is a bug and is refused."""

    impl = DateTime(timezone=True)
    cache_ok = True

    def process_bind_param(self, value: dt.datetime | None, dialect: Dialect) -> dt.datetime | None:
        if value is None:
            return None
        if value.tzinfo is None:
            raise ValueError(f"naive datetime {value!r}: wenzheng stores only aware UTC times")
        value = value.astimezone(dt.UTC)
        if dialect.name == "sqlite":  # stored as text; keep one fixed format so comparisons sort
            return value.replace(tzinfo=None)
        return value

    def process_result_value(self, value: dt.datetime | None, dialect: Dialect) -> dt.datetime | None:
        if value is None:
            return None
        if value.tzinfo is None:
            return value.replace(tzinfo=dt.UTC)
        return value.astimezone(dt.UTC)

    def bind_processor(self, dialect: Dialect) -> Callable[[dt.datetime | None], Any] | None:
        """On SQLite the text SQLAlchemy's ``DATETIME`` writes (``YYYY-MM-DD HH:MM:SS.ffffff``, UTC)
        in one C call; elsewhere :meth:`process_bind_param` as usual.

        Why: chained, :meth:`process_bind_param` made a naive copy and ``DATETIME`` then formatted
        its seven fields through a dict in Python, for every time bound: an ingest batch binds
        tens of thousands (events, cases, index rows, range reads), about 2 % of its CPU (issue
        19). The text is the same byte for byte (``tests/test_db.py`` holds the two side by side),
        so rows stored before compare and sort with those stored after."""
        if dialect.name != "sqlite":
            return super().bind_processor(dialect)
        utc = dt.UTC

        def process(value: dt.datetime | None) -> str | None:
            if value is None:
                return None
            if value.tzinfo is utc:  # nearly every time bound: its own text less "+00:00"
                return value.isoformat(" ", "microseconds")[:-6]
            if value.tzinfo is None:
                raise ValueError(f"naive datetime {value!r}: wenzheng stores only aware UTC times")
            return value.astimezone(utc).replace(tzinfo=None).isoformat(" ", "microseconds")

        return process

    def result_processor(self, dialect: Dialect, coltype: Any) -> Callable[[Any], dt.datetime | None] | None:
        """On SQLite the stored text parsed as SQLAlchemy's ``DATETIME`` parses it, then made UTC as
        :meth:`process_result_value` makes it, in one function: chained, each time read went through
        three calls (the chain's, the parse, the method), about 1 % of the ingest's CPU (issue 19)."""
        parse = self.impl_instance.result_processor(dialect, coltype)
        if dialect.name != "sqlite" or parse is None:
            return super().result_processor(dialect, coltype)
        utc = dt.UTC

        def process(value: Any) -> dt.datetime | None:
            if value is None:
                return None
            value = parse(value)
            if value is None:
                return None
            return value.replace(tzinfo=utc) if value.tzinfo is None else value.astimezone(utc)

        return process


JSONType = JSON().with_variant(JSONB(), "postgresql")


def utcnow() -> dt.datetime:
    return dt.datetime.now(dt.UTC)


class Base(DeclarativeBase):
    metadata = MetaData(naming_convention=NAMING)
    type_annotation_map = {dt.datetime: UTCDateTime, dict[str, Any]: JSONType, list[Any]: JSONType}


class Account(Base):
    """A member account of the matrix, mirrored from ``config/matrix.toml`` at start-up.

    Mirrored (not only kept in config) so statistics can join and group by account, region and
    hierarchy in SQL. ``active`` goes false when an account leaves the config: its history stays.
    """

    __tablename__ = "accounts"

    id: Mapped[str] = mapped_column(String(64), primary_key=True)
    name: Mapped[str] = mapped_column(String(200))
    kind: Mapped[str] = mapped_column(String(16))
    parent_id: Mapped[str | None] = mapped_column(String(64), index=True)
    region: Mapped[str] = mapped_column(String(100), default="")
    domains: Mapped[list[Any]] = mapped_column(default=list)
    platform_ids: Mapped[dict[str, Any]] = mapped_column(default=dict)
    supervisors: Mapped[list[Any]] = mapped_column(default=list)
    active: Mapped[bool] = mapped_column(Boolean, default=True)
    updated_at: Mapped[dt.datetime] = mapped_column(default=utcnow)


class Source(Base):
    """A configured adapter instance and its cursor.

    ``fingerprint`` identifies what the cursor belongs to (adapter + the options that select
    the stream). A source removed from the config is *retired* and its cursor dropped; added
    again, or pointed at another stream, it starts from a fresh cursor: dedupe on
    (platform, external_id) makes the overlap harmless, whereas a stale cursor silently skips
    or mis-threads items.
    """

    __tablename__ = "sources"

    name: Mapped[str] = mapped_column(String(64), primary_key=True)
    adapter: Mapped[str] = mapped_column(String(64))
    fingerprint: Mapped[str] = mapped_column(String(64))
    cursor: Mapped[dict[str, Any]] = mapped_column(default=dict)
    created_at: Mapped[dt.datetime] = mapped_column(default=utcnow)
    retired_at: Mapped[dt.datetime | None]
    last_poll_at: Mapped[dt.datetime | None]
    last_success_at: Mapped[dt.datetime | None]
    last_error: Mapped[str | None] = mapped_column(Text)
    last_error_at: Mapped[dt.datetime | None]
    consecutive_failures: Mapped[int] = mapped_column(Integer, default=0)
    paused: Mapped[bool] = mapped_column(Boolean, default=False)
    items_total: Mapped[int] = mapped_column(Integer, default=0)
    newest_item_at: Mapped[dt.datetime | None]
    # polls succeed but bring nothing while the platform is elsewhere (re-created, ids reset)
    stalled_since: Mapped[dt.datetime | None]
    stall_reason: Mapped[str | None] = mapped_column(Text)


class SourceLane(Base):
    """One lane of a source: the part of its streams one daemon polls under one lease.

    Why lanes: a source is read in order by the daemon holding its lease, so the busiest source
    (a city's 问政 account, @-mentioned in most appeals) bounded how fast any number of daemons
    finished a backlog. A source split into lanes (Weibo's ``partitions``: its items divided by
    their post's author) has a lease per lane (``source:<name>/<lane>``) and a cursor per lane
    here, so different daemons store its lanes at once. The lane's cursor is committed in the
    transaction that stores its items, exactly as a source's is; a lane with no row yet starts
    from its source's cursor (``sources.cursor``: what the source had read before it was
    split), and resetting a source resets its lanes.
    """

    __tablename__ = "source_lanes"

    source: Mapped[str] = mapped_column(String(64), ForeignKey("sources.name", ondelete="CASCADE"),
                                        primary_key=True)
    lane: Mapped[str] = mapped_column(String(64), primary_key=True)
    cursor: Mapped[dict[str, Any]] = mapped_column(default=dict)
    items_total: Mapped[int] = mapped_column(Integer, default=0)  # the lane's weight for sharing
    last_success_at: Mapped[dt.datetime | None]
    # what this lane's stall check found; the source shows the first of its lanes'
    stall_reason: Mapped[str | None] = mapped_column(Text)


class DeadLetter(Base):
    """Something received that could not be stored, set aside so its stream goes on.

    ``raw`` holds the bytes as received (UTF-8 of the JSON, lone surrogates kept with
    ``surrogatepass``) in a binary column, because the value that could not be stored may be
    exactly what a text column refuses (a NUL on PostgreSQL). ``key`` identifies the item
    (platform and id, or the raw bytes when it has no usable id): the same item seen again bumps
    ``attempts`` and ``last_seen_at`` instead of adding a row. ``resolved_at`` is set when a retry
    stored it or an operator dropped it; the row stays as a record.
    """

    __tablename__ = "dead_letters"
    __table_args__ = (
        UniqueConstraint("key", name="uq_dead_letters_key"),
        Index("ix_dead_letters_open", "resolved_at", "last_seen_at"),
    )

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    key: Mapped[str] = mapped_column(String(64))
    source: Mapped[str | None] = mapped_column(String(64))  # configured source; None: a file
    adapter: Mapped[str] = mapped_column(String(64))  # which parser reads ``raw`` on retry
    channel: Mapped[str | None] = mapped_column(String(64))
    platform: Mapped[str | None] = mapped_column(String(32))
    external_id: Mapped[str | None] = mapped_column(String(64))
    origin: Mapped[str] = mapped_column(Text, default="")
    stage: Mapped[str] = mapped_column(String(16))  # parse | check | store
    error: Mapped[str] = mapped_column(Text)
    raw: Mapped[bytes] = mapped_column(LargeBinary)
    raw_size: Mapped[int] = mapped_column(Integer)  # bytes received; > len(raw) when cut
    first_seen_at: Mapped[dt.datetime] = mapped_column(default=utcnow)
    last_seen_at: Mapped[dt.datetime] = mapped_column(default=utcnow)
    attempts: Mapped[int] = mapped_column(Integer, default=1)
    resolved_at: Mapped[dt.datetime | None]
    resolution: Mapped[str | None] = mapped_column(String(16))  # retried | dropped


class Mention(Base):
    """Every raw item ever received, normalized; unique on (platform, external_id)."""

    __tablename__ = "mentions"
    __table_args__ = (
        UniqueConstraint("platform", "external_id", name="uq_mentions_platform_external_id"),
        Index("ix_mentions_platform_thread_root", "platform", "thread_root_id"),
    )

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    platform: Mapped[str] = mapped_column(String(32))
    external_id: Mapped[str] = mapped_column(String(64))
    source_name: Mapped[str | None] = mapped_column(String(64))
    kind: Mapped[str] = mapped_column(String(32))
    author_id: Mapped[str] = mapped_column(String(64))
    author_name: Mapped[str] = mapped_column(String(200), default="")
    role: Mapped[str] = mapped_column(String(16))  # citizen | member | other
    account_id: Mapped[str | None] = mapped_column(String(64))  # when a member account wrote it
    text: Mapped[str] = mapped_column(Text)
    created_at: Mapped[dt.datetime]
    url: Mapped[str | None] = mapped_column(Text)
    thread_root_id: Mapped[str | None] = mapped_column(String(64))
    reply_to_id: Mapped[str | None] = mapped_column(String(64))
    parent_id: Mapped[str | None] = mapped_column(String(64))
    case_id: Mapped[int | None] = mapped_column(ForeignKey("cases.id"), index=True)
    metrics: Mapped[dict[str, Any]] = mapped_column(default=dict)
    raw: Mapped[dict[str, Any]] = mapped_column(default=dict)
    ingested_at: Mapped[dt.datetime] = mapped_column(default=utcnow)


class Case(Base):
    """A citizen's appeal: one thread on one platform, its classification, routing and clocks."""

    __tablename__ = "cases"
    __table_args__ = (
        UniqueConstraint("platform", "root_external_id", name="uq_cases_platform_root"),
        Index("ix_cases_open_first_due", "status", "first_response_due"),
        Index("ix_cases_open_closure_due", "status", "closure_due"),
        # the sweep's only way in: cases with something due (closed and settled ones hold NULL
        # and stay out of the index)
        Index("ix_cases_next_check", "next_check_at",
              sqlite_where=sql_text("next_check_at IS NOT NULL"),
              postgresql_where=sql_text("next_check_at IS NOT NULL")),
    )

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    platform: Mapped[str] = mapped_column(String(32))
    channel: Mapped[str] = mapped_column(String(64))  # source name: "weibo", "hotline-12345"…
    root_external_id: Mapped[str] = mapped_column(String(64))
    citizen_id: Mapped[str] = mapped_column(String(64), index=True)
    citizen_name: Mapped[str] = mapped_column(String(200), default="", index=True)  # 同问 quotes name it
    text: Mapped[str] = mapped_column(Text)
    url: Mapped[str | None] = mapped_column(Text)
    received_at: Mapped[dt.datetime] = mapped_column(index=True)
    status: Mapped[str] = mapped_column(String(16), default="open", index=True)
    # open | replied | pending_info | closed ; "reopened" is an event, status goes back to open

    # classification (filled by monitor.classify)
    type: Mapped[str | None] = mapped_column(String(16), index=True)
    domain: Mapped[str | None] = mapped_column(String(32), index=True)
    subtopic: Mapped[str | None] = mapped_column(String(32))
    region: Mapped[str | None] = mapped_column(String(32), index=True)
    street: Mapped[str | None] = mapped_column(String(64))
    risk: Mapped[list[Any]] = mapped_column(default=list)
    keywords: Mapped[list[Any]] = mapped_column(default=list)
    evidence: Mapped[dict[str, Any]] = mapped_column(default=dict)

    # routing (filled by monitor.route); lead denormalised for statistics
    lead_account_id: Mapped[str | None] = mapped_column(String(64), index=True)
    joint: Mapped[bool] = mapped_column(Boolean, default=False)

    # clocks: a cache of what the timeline and the SLA policy imply (monitor.sla)
    first_response_at: Mapped[dt.datetime | None] = mapped_column(index=True)
    first_response_due: Mapped[dt.datetime | None]
    first_response_state: Mapped[str | None] = mapped_column(String(16))  # ok|at_risk|breached|met|missed
    closure_due: Mapped[dt.datetime | None]
    closure_state: Mapped[str | None] = mapped_column(String(16))
    closed_at: Mapped[dt.datetime | None] = mapped_column(index=True)
    supervised_at: Mapped[dt.datetime | None]  # 督办: hub supervision flag
    # when the SLA sweep next has work for this case (monitor.sla.attention); NULL: none until an
    # event changes the clocks. A writer that leaves it out (a daemon of the previous release
    # too: hence the server default) gets "at the next sweep"
    next_check_at: Mapped[dt.datetime | None] = mapped_column(
        default=CHECK_AT_ONCE, server_default=sql_text(CHECK_AT_ONCE_SQL))
    satisfaction: Mapped[str | None] = mapped_column(String(16))  # satisfied | unsatisfied

    metrics: Mapped[dict[str, Any]] = mapped_column(default=dict)  # reads/reposts/likes…
    # mass-appeal cluster (monitor.cluster): null while the case stands alone; ``cluster_sig`` is
    # the place and problem signature it was compared on, kept so later cases compare without
    # re-classifying it
    cluster_id: Mapped[int | None] = mapped_column(ForeignKey("clusters.id"), index=True)
    cluster_sig: Mapped[dict[str, Any]] = mapped_column(default=dict)
    last_activity_at: Mapped[dt.datetime] = mapped_column(default=utcnow)
    created_at: Mapped[dt.datetime] = mapped_column(default=utcnow)
    updated_at: Mapped[dt.datetime] = mapped_column(default=utcnow, onupdate=utcnow)
    # the statistics' values that do not depend on the observation instant, kept by the database's
    # triggers on every write of the row (migration i19_case_stats): never written here, read only
    # by monitor.stats. First response and closure after receipt (s), the Asia/Shanghai day of
    # receipt (text on SQLite, a date on PostgreSQL), reads, reposts + comments + likes
    stat_fr_s: Mapped[float | None] = mapped_column(Float, deferred=True)
    stat_cl_s: Mapped[float | None] = mapped_column(Float, deferred=True)
    stat_day: Mapped[Any] = mapped_column(String(10).with_variant(Date(), "postgresql"), nullable=True,
                                          deferred=True)
    stat_reads: Mapped[int | None] = mapped_column(Integer, deferred=True)
    stat_engagement: Mapped[int | None] = mapped_column(Integer, deferred=True)

    assignments: Mapped[list[Assignment]] = relationship(
        back_populates="case", order_by="Assignment.id", lazy="selectin"
    )


class CaseKeyword(Base):
    """One element of a case's ``keywords``, with its ``received_at``: a period's keyword counts
    are one range of ``ix_case_keywords_received_keyword`` instead of a JSON expansion per case.
    Kept by the database's triggers on ``cases`` (migration i19_case_stats); never written here."""

    __tablename__ = "case_keywords"
    __table_args__ = (Index("ix_case_keywords_received_keyword", "received_at", "keyword"),)

    case_id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=False)
    pos: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=False)
    received_at: Mapped[dt.datetime]
    keyword: Mapped[str | None] = mapped_column(Text)


class Cluster(Base):
    """A mass appeal (同类诉求): several citizens' cases about one problem at one place.

    Every member keeps its own citizen, thread and reply obligation; the cluster holds what is
    decided once for all of them (the lead and co-handlers, copied onto each member as it joins)
    and the figures offices publish (heat = members + chasers + reposts). ``members``,
    ``chasers`` and ``reposts`` are counters kept by the cluster stage, so listing hot topics
    never counts timelines.
    """

    __tablename__ = "clusters"
    __table_args__ = (Index("ix_clusters_last_seen", "last_seen"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    place: Mapped[str] = mapped_column(String(200), default="")
    problem: Mapped[str] = mapped_column(String(200), default="")
    domain: Mapped[str | None] = mapped_column(String(32))
    subtopic: Mapped[str | None] = mapped_column(String(32))
    lead_account_id: Mapped[str | None] = mapped_column(String(64))
    co_account_ids: Mapped[list[Any]] = mapped_column(default=list)
    members: Mapped[int] = mapped_column(Integer, default=0)
    chasers: Mapped[int] = mapped_column(Integer, default=0)
    reposts: Mapped[int] = mapped_column(Integer, default=0)
    first_seen: Mapped[dt.datetime]
    last_seen: Mapped[dt.datetime]
    burst_at: Mapped[dt.datetime | None]  # when it was escalated as 突发聚集 (once)
    created_at: Mapped[dt.datetime] = mapped_column(default=utcnow)


class ClusterKey(Base):
    """The joining index: one row per (place key, domain) of each case, with its time.

    A new case looks up only rows with its own place keys and domains inside the window, so
    joining costs the handful of recent cases at that place, never a scan of all open cases.
    """

    __tablename__ = "cluster_keys"
    # newest first along the index, ties by case_id, so a read cut at a limit needs no sort;
    # (key, at, case_id): a key's newest rows whatever their domain
    __table_args__ = (Index("ix_cluster_keys_lookup", "key", "domain", "at", "case_id"),
                      Index("ix_cluster_keys_recent", "key", "at", "case_id"))

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    key: Mapped[str] = mapped_column(String(64))
    domain: Mapped[str] = mapped_column(String(32))
    at: Mapped[dt.datetime]
    case_id: Mapped[int] = mapped_column(ForeignKey("cases.id"), index=True)


class Assignment(Base):
    """Which member accounts handle a case: one lead, any co-handlers (联合办理)."""

    __tablename__ = "case_assignments"
    __table_args__ = (Index("ix_case_assignments_account_active", "account_id", "active"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    case_id: Mapped[int] = mapped_column(ForeignKey("cases.id"), index=True)
    account_id: Mapped[str] = mapped_column(String(64))
    role: Mapped[str] = mapped_column(String(8))  # lead | co
    assigned_at: Mapped[dt.datetime] = mapped_column(default=utcnow)
    active: Mapped[bool] = mapped_column(Boolean, default=True)
    rule: Mapped[str] = mapped_column(Text, default="")

    case: Mapped[Case] = relationship(back_populates="assignments")


class CaseEvent(Base):
    """One entry of a case's append-only timeline.

    ``at`` is when it happened in the world (the platform time of a reply), ``recorded_at`` when
    wenzheng learnt of it; SLA uses ``at`` so a late-polled reply still counts at its real time.
    Kinds: created, follow_up, reply, comment, assigned, unassigned, classified, claimed,
    escalated, supervised, extended, pending_info, info_received, closed, reopened, merged,
    feedback, reply_violation, notified, note.
    """

    __tablename__ = "case_events"
    __table_args__ = (
        Index("ix_case_events_case_at", "case_id", "at"),
        Index("ix_case_events_kind_at", "kind", "at"),
        # the reply lint compares a reply with the same account's recent replies
        Index("ix_case_events_account_kind_at", "account_id", "kind", "at"),
    )

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    case_id: Mapped[int] = mapped_column(ForeignKey("cases.id"))
    kind: Mapped[str] = mapped_column(String(32))
    at: Mapped[dt.datetime]
    actor: Mapped[str] = mapped_column(String(200), default="system")
    account_id: Mapped[str | None] = mapped_column(String(64))
    # who acted: the signed-in user (None for the system and for events older than logins) and,
    # for a member user, the member account they acted for
    user_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"), index=True)
    acting_for: Mapped[str | None] = mapped_column(String(64))
    mention_id: Mapped[int | None] = mapped_column(ForeignKey("mentions.id"))
    data: Mapped[dict[str, Any]] = mapped_column(default=dict)
    recorded_at: Mapped[dt.datetime] = mapped_column(default=utcnow)


class QueueEntry(Base):
    """The operators' escalation queue: why a case needs a person, and since when.

    One open entry per (case, reason); ``resolved_at`` set when the cause goes away (a reply
    clears a breach) or an operator dismisses it.
    """

    __tablename__ = "queue_entries"
    __table_args__ = (Index("ix_queue_entries_open", "resolved_at", "priority"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    case_id: Mapped[int] = mapped_column(ForeignKey("cases.id"), index=True)
    reason: Mapped[str] = mapped_column(String(32))
    # risk | unroutable | first_response_breached | closure_breached | supervision |
    # negative_feedback | reply_violation | burst (突发聚集: the cluster's first case stands for it)
    priority: Mapped[int] = mapped_column(Integer)  # 0 = most urgent
    since: Mapped[dt.datetime]
    detail: Mapped[dict[str, Any]] = mapped_column(default=dict)
    resolved_at: Mapped[dt.datetime | None]
    resolved_by: Mapped[str | None] = mapped_column(String(200))


class Notification(Base):
    """Outbox: one row per (message, destination): accounts sharing a robot get one message.

    Written in the same transaction as the event that caused it and sent afterwards by the
    outbox worker; ``dedupe_key`` is unique so a sweep that runs twice never queues twice, and
    a crash between send and mark-sent re-sends at most that one message.
    """

    __tablename__ = "notifications"
    __table_args__ = (
        UniqueConstraint("dedupe_key", name="uq_notifications_dedupe_key"),
        Index("ix_notifications_due", "status", "not_before"),
        Index("ix_notifications_claim", "status", "rank", "not_before"),
    )

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    dedupe_key: Mapped[str] = mapped_column(String(200))
    channel: Mapped[str] = mapped_column(String(32))  # wecom | dingtalk | email
    recipient: Mapped[str] = mapped_column(String(200))  # the account whose targets are used
    # where it goes: "wecom:<key digest>", "dingtalk:<token digest>", "email:<address>" (no secret)
    destination: Mapped[str | None] = mapped_column(String(200))
    accounts: Mapped[list[Any] | None] = mapped_column()  # every account this one message reaches
    rank: Mapped[int] = mapped_column(Integer, default=2, server_default="2")  # 0 risk, 1 breach, 2 rest
    case_id: Mapped[int | None] = mapped_column(ForeignKey("cases.id"), index=True)
    kind: Mapped[str] = mapped_column(String(32))  # at_risk | breached | risk | supervision | bulletin
    urgent: Mapped[bool] = mapped_column(Boolean, default=False)
    subject: Mapped[str] = mapped_column(Text, default="")
    body: Mapped[str] = mapped_column(Text, default="")
    status: Mapped[str] = mapped_column(String(16), default="pending")  # pending | sent | failed
    attempts: Mapped[int] = mapped_column(Integer, default=0)
    last_error: Mapped[str | None] = mapped_column(Text)
    created_at: Mapped[dt.datetime] = mapped_column(default=utcnow)
    not_before: Mapped[dt.datetime] = mapped_column(default=utcnow)
    sent_at: Mapped[dt.datetime | None]


class LabelledExample(Base):
    """Labelled text for ``wenzheng train``: imports and operators' corrections alike."""

    __tablename__ = "labelled_examples"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    field: Mapped[str] = mapped_column(String(16))  # domain | type
    label: Mapped[str] = mapped_column(String(32))
    text: Mapped[str] = mapped_column(Text)
    case_id: Mapped[int | None] = mapped_column(ForeignKey("cases.id"))
    origin: Mapped[str] = mapped_column(String(32), default="correction")
    created_by: Mapped[str] = mapped_column(String(200), default="")
    created_at: Mapped[dt.datetime] = mapped_column(default=utcnow)


class CaseAlert(Base):
    """The ledger of escalation steps: one row per (case, reason, level, deadline), ever.

    Why a table of its own: with several daemons, two sweeps can meet (a sweeper lease changing
    hands, a manual sweep beside the daemon). The unique constraint, not timing, decides which of
    them records the step, queues the case and writes the notifications: the other's insert finds
    the row and does nothing. ``deadline`` is the due time the step was about (ISO, UTC) or ``""``:
    an extended deadline earns its own reminders.
    """

    __tablename__ = "case_alerts"
    __table_args__ = (
        UniqueConstraint("case_id", "reason", "level", "deadline", name="uq_case_alerts_step"),
    )

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    case_id: Mapped[int] = mapped_column(ForeignKey("cases.id"))
    reason: Mapped[str] = mapped_column(String(32))  # first_response | closure
    level: Mapped[str] = mapped_column(String(16))  # at_risk | breached | supervision
    deadline: Mapped[str] = mapped_column(String(40), default="")
    at: Mapped[dt.datetime] = mapped_column(default=utcnow)


class DaemonRow(Base):
    """A ``wenzheng run`` process that joined the database: who it is and when it last beat.

    A daemon is alive while its heartbeat is recent and it has not recorded a stop; rows of
    daemons gone for a day are deleted by the living, so the table stays as small as the cluster.
    """

    __tablename__ = "daemons"

    id: Mapped[str] = mapped_column(String(64), primary_key=True)  # host-pid-random
    host: Mapped[str] = mapped_column(String(200))
    pid: Mapped[int] = mapped_column(Integer)
    url: Mapped[str] = mapped_column(Text, default="")
    started_at: Mapped[dt.datetime] = mapped_column(default=utcnow)
    heartbeat_at: Mapped[dt.datetime] = mapped_column(default=utcnow)
    stopped_at: Mapped[dt.datetime | None]


class Lease(Base):
    """Who may do one piece of singular work (poll a source, sweep) until when.

    ``owner`` is a :class:`DaemonRow` id or NULL when free; a lease past ``expires_at`` is free
    to take whoever holds it. Times come from the database's clock (PostgreSQL ``now()``), so
    machines with drifting clocks still agree on expiry.
    """

    __tablename__ = "leases"

    name: Mapped[str] = mapped_column(String(120), primary_key=True)  # source:weibo, job:sla-sweep
    owner: Mapped[str | None] = mapped_column(String(64), index=True)
    acquired_at: Mapped[dt.datetime | None]
    renewed_at: Mapped[dt.datetime | None]
    expires_at: Mapped[dt.datetime | None]
    takeovers: Mapped[int] = mapped_column(Integer, default=0)  # times taken from an expired owner


class JobRun(Base):
    """Once-per-period work (the monthly bulletin): one row per (job, period), inserted in the
    transaction that does the work, so exactly one daemon does it and a crash lets another retry.

    Also work owed (job ``sla-sweep-late``): a sweep's summary of late rungs, inserted by the
    chunk that records them and deleted by the transaction that writes the summary
    (:func:`monitor.handling.escalation.owe_summary`)."""

    __tablename__ = "job_runs"

    job: Mapped[str] = mapped_column(String(64), primary_key=True)
    period: Mapped[str] = mapped_column(String(64), primary_key=True)
    daemon: Mapped[str] = mapped_column(String(64), default="")
    at: Mapped[dt.datetime] = mapped_column(default=utcnow)


class User(Base):
    """Someone who signs in to the console or calls the API (``wenzheng users add``).

    ``role`` is admin | operator | member | viewer. A member is bound to one member account
    (``account_id``) and, with ``subtree``, everything below it in the matrix; the scope rules are
    in :mod:`monitor.access.scope`. Users are disabled, never deleted: the timeline names them.
    """

    __tablename__ = "users"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    name: Mapped[str] = mapped_column(String(64), unique=True)
    role: Mapped[str] = mapped_column(String(16))
    account_id: Mapped[str | None] = mapped_column(String(64))
    subtree: Mapped[bool] = mapped_column(Boolean, default=False)
    password_hash: Mapped[str] = mapped_column(Text, default="")  # argon2id; "" = cannot log in
    created_at: Mapped[dt.datetime] = mapped_column(default=utcnow)
    password_changed_at: Mapped[dt.datetime | None]
    disabled_at: Mapped[dt.datetime | None]


class ApiToken(Base):
    """A bearer token for the API; only its SHA-256 is stored (the token is shown once)."""

    __tablename__ = "api_tokens"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id"), index=True)
    token_hash: Mapped[str] = mapped_column(String(64), unique=True)
    created_at: Mapped[dt.datetime] = mapped_column(default=utcnow)
    last_used_at: Mapped[dt.datetime | None]
    revoked_at: Mapped[dt.datetime | None]


class WebSession(Base):
    """A console login: the cookie carries the signed session id, the row makes logout real.

    Keyed by the SHA-256 of the id, so reading the table does not hand out live sessions.
    """

    __tablename__ = "web_sessions"

    id_hash: Mapped[str] = mapped_column(String(64), primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id"), index=True)
    created_at: Mapped[dt.datetime] = mapped_column(default=utcnow)
    expires_at: Mapped[dt.datetime] = mapped_column(index=True)
    address: Mapped[str] = mapped_column(String(64), default="")


class LoginFailure(Base):
    """One wrong password, counted per user name and per client address (``kind``: name | address).

    In the database, not in a daemon's memory, so that several daemons behind one address count
    the same failures (:mod:`monitor.access.throttle`); rows older than the window are pruned.
    """

    __tablename__ = "login_failures"
    __table_args__ = (Index("ix_login_failures_key_at", "kind", "key", "at"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    kind: Mapped[str] = mapped_column(String(8))
    key: Mapped[str] = mapped_column(String(200))
    at: Mapped[dt.datetime] = mapped_column(index=True)


class AppSecret(Base):
    """Process-wide secrets generated on first use (the cookie signing key), shared by every daemon
    on the same database so a restart or a second instance keeps sessions valid."""

    __tablename__ = "app_secrets"

    name: Mapped[str] = mapped_column(String(64), primary_key=True)
    value: Mapped[str] = mapped_column(Text)
    created_at: Mapped[dt.datetime] = mapped_column(default=utcnow)


# the tables the ingest hot path writes many rows of: ids before the flush, one executemany each
_ids.install(Mention, Case, CaseEvent, Assignment, QueueEntry, Notification, Cluster, ClusterKey, CaseAlert)

# The matrix's own activity (snapshots, own posts, reading state) lives in its own module; imported
# here so Base.metadata, Alembic and the tests' TRUNCATE see its tables.
from monitor.store import activity as _activity  # noqa: E402,F401


INGEST_LEAVES_UNREAD = tuple(defer(c) for c in (Case.keywords, Case.evidence, Case.metrics))
"""Load options for the stored cases an ingest batch adds to (its threads' cases, the cases new
ones join): their classification's keywords and evidence and their metrics stay unread. They are
JSON, decoded on load, and nothing a batch does to such a case reads them (a stage that sets them
writes them; a reader would load them then)."""
