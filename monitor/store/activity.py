"""The matrix's own activity: audience snapshots, own posts and the state of each account's reading.

Why snapshots: the platform tells the audience *now* (``followers_count``), never what it was on
the 1st; the change over a month is the difference between two readings we kept. Why own posts
with counters, rather than a monthly total: reposts, comments and likes keep arriving after a
post is published, so each post's counters are overwritten at every reading while it is inside
the look-back, and a month's engagement is the sum over the posts *published* in it (as
@问政银川 counts 转评赞 on its posts). ``activity_reads`` is per-account poll state, as ``sources``
is for the message polls: the last success, the last error and when to try again, so one
account's expired token is visible and retried without holding up the others.

Imported by :mod:`monitor.store.models` so one ``Base.metadata`` holds every table.
"""

from __future__ import annotations

import datetime as dt

from sqlalchemy import Boolean, Index, Integer, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from monitor.store.models import Base, utcnow


class AccountSnapshot(Base):
    """One reading of one account's audience (``users/show``)."""

    __tablename__ = "account_snapshots"
    __table_args__ = (Index("ix_account_snapshots_account_taken", "account_id", "taken_at"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    account_id: Mapped[str] = mapped_column(String(64))
    platform: Mapped[str] = mapped_column(String(32))
    taken_at: Mapped[dt.datetime]
    followers: Mapped[int] = mapped_column(Integer)
    friends: Mapped[int | None] = mapped_column(Integer)
    statuses_total: Mapped[int | None] = mapped_column(Integer)


class AccountPost(Base):
    """A post on a member account's own timeline; counters as last read (``read_at``: when they
    were last seen to change, or first read)."""

    __tablename__ = "account_posts"
    __table_args__ = (UniqueConstraint("platform", "external_id", name="uq_account_posts_platform_external"),
                      Index("ix_account_posts_account_posted", "account_id", "posted_at"),
                      Index("ix_account_posts_posted", "posted_at"))

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    account_id: Mapped[str] = mapped_column(String(64))
    platform: Mapped[str] = mapped_column(String(32))
    external_id: Mapped[str] = mapped_column(String(32))
    posted_at: Mapped[dt.datetime]
    reposts: Mapped[int] = mapped_column(Integer, default=0)
    comments: Mapped[int] = mapped_column(Integer, default=0)
    likes: Mapped[int] = mapped_column(Integer, default=0)
    repost: Mapped[bool] = mapped_column(Boolean, default=False)
    text: Mapped[str] = mapped_column(Text, default="")
    first_read_at: Mapped[dt.datetime] = mapped_column(default=utcnow)
    read_at: Mapped[dt.datetime] = mapped_column(default=utcnow)


class ActivityRead(Base):
    """The reading state of one account on one platform."""

    __tablename__ = "activity_reads"

    account_id: Mapped[str] = mapped_column(String(64), primary_key=True)
    platform: Mapped[str] = mapped_column(String(32), primary_key=True)
    last_ok_at: Mapped[dt.datetime | None]
    last_error: Mapped[str | None] = mapped_column(Text)
    last_error_at: Mapped[dt.datetime | None]
    failures: Mapped[int] = mapped_column(Integer, default=0)
    next_at: Mapped[dt.datetime | None]  # not before this (after an error: the back-off)
    incomplete: Mapped[bool] = mapped_column(Boolean, default=False)  # page limit hit last time
