"""The notification outbox: written in the caller's transaction, delivered afterwards.

Design (chosen once, used by every caller):

* :func:`enqueue` keeps the exact signature the escalation code calls. It resolves each account
  to the *channels* that reach it from ``notify.toml``, loaded once per process by
  :func:`configure` (``Outbox.from_config`` calls it; tests may pass ``settings=``). It writes
  one ``Notification`` row per (account, channel): ``recipient`` is the account id, so "was
  every co-handler reached?" is a query over rows. The channel's *target* (robot key, e-mail
  addresses) is looked up when sending, so secrets never enter the database and a rotated key
  applies to waiting rows.
* When no notify settings were configured in this process, enqueue still records the message,
  as one row per account with ``channel = "auto"``; the deliverer expands it into the
  per-channel rows (same dedupe keys, insert-or-ignore) and marks it ``expanded``. Nothing is
  lost for lack of configuration and nothing is doubled.
* ``dedupe_key = f"{dedupe}:{channel}:{recipient}"`` is unique, inserted with an
  insert-or-ignore on SQLite and PostgreSQL: a sweep that runs twice queues once.
* Routine messages get ``not_before`` pushed to the end of quiet hours; urgent ones do not.

Delivery (:class:`Outbox`) lives in :mod:`monitor.outbox_delivery`, re-exported here.
"""

from __future__ import annotations

import datetime as dt
import hashlib
from collections.abc import Sequence

from sqlalchemy import insert
from sqlalchemy.dialects.postgresql import insert as pg_insert
from sqlalchemy.dialects.sqlite import insert as sqlite_insert
from sqlalchemy.orm import Session

from adapters.notify.settings import NotifySettings, QuietHours
from monitor.config import Config
from monitor.store.models import Notification
from monitor.timeutil import SHANGHAI, to_utc

AUTO = "auto"  # channel of a row written before notify settings were configured
NONE = "none"  # channel of a row for an account no channel reaches (failed at once, visible)
KEY_LIMIT = 200

_settings: NotifySettings | None = None


def configure(settings: NotifySettings | Config | None) -> NotifySettings | None:
    """Set (or with ``None`` clear) the process-wide notify settings :func:`enqueue` uses."""
    global _settings
    if isinstance(settings, Config):
        from adapters.notify.settings import load_notify

        settings = load_notify(settings)
    _settings = settings
    return _settings


def configured() -> NotifySettings | None:
    return _settings


def quiet_until(now: dt.datetime, quiet: QuietHours) -> dt.datetime | None:
    """End of the quiet period ``now`` falls in (UTC), or ``None`` when it is not quiet now."""
    if not quiet.enabled or quiet.start == quiet.end:
        return None
    local = now.astimezone(SHANGHAI)
    t = local.timetz().replace(tzinfo=None)
    day = local.date()
    if quiet.start < quiet.end:  # e.g. 12:00–14:00
        inside = quiet.start <= t < quiet.end
        end_day = day
    else:  # crosses midnight, e.g. 22:00–07:00
        inside = t >= quiet.start or t < quiet.end
        end_day = day + dt.timedelta(days=1) if t >= quiet.start else day
    if not inside:
        return None
    return dt.datetime.combine(end_day, quiet.end, tzinfo=SHANGHAI).astimezone(dt.UTC)


def dedupe_key(dedupe: str, channel: str, recipient: str) -> str:
    """The unique key; an over-long ``dedupe`` is replaced by its hash so the key fits."""
    key = f"{dedupe}:{channel}:{recipient}"
    if len(key) > KEY_LIMIT:
        key = f"h:{hashlib.sha256(dedupe.encode()).hexdigest()[:40]}:{channel}:{recipient}"
    return key


def insert_ignore(session: Session, values: dict[str, object]) -> bool:
    """Insert one notification unless its ``dedupe_key`` exists; True when a row was created."""
    name = session.get_bind().dialect.name
    if name == "postgresql":
        stmt = pg_insert(Notification).values(**values).on_conflict_do_nothing(
            index_elements=["dedupe_key"])
    elif name == "sqlite":
        stmt = sqlite_insert(Notification).values(**values).on_conflict_do_nothing(
            index_elements=["dedupe_key"])
    else:  # pragma: no cover - only the two supported backends are tested
        stmt = insert(Notification).values(**values)
    # RETURNING rather than rowcount: psycopg reports -1 for a skipped conflict in some paths
    return session.execute(stmt.returning(Notification.id)).scalar() is not None


def enqueue(session: Session, *, kind: str, case_id: int | None, account_ids: Sequence[str],
            subject: str, body: str, urgent: bool, dedupe: str, now: dt.datetime,
            settings: NotifySettings | None = None) -> int:
    """Queue a notification to each account, in the caller's transaction; returns rows created.

    ``dedupe`` names the *thing* being told (e.g. ``f"breached:{case_id}:first_response"``):
    calling again with the same value is a no-op per (channel, account). ``urgent`` messages
    (risk alerts) ignore quiet hours. ``settings`` overrides the process-wide configuration.
    """
    if not dedupe:
        raise ValueError("enqueue: dedupe must not be empty (it is what makes a re-run harmless)")
    if not kind or len(kind) > 32:
        raise ValueError(f"enqueue: kind must be 1–32 characters (got {kind!r})")
    now = to_utc(now)
    cfg = settings if settings is not None else _settings
    quiet = cfg.quiet_hours if cfg is not None else QuietHours()
    not_before = now if urgent else (quiet_until(now, quiet) or now)
    created = 0
    for account_id in dict.fromkeys(account_ids):  # keep order, drop repeats
        if not account_id:
            raise ValueError("enqueue: empty account id")
        channels: list[str] = list(cfg.channels_for(account_id)) if cfg is not None else [AUTO]
        row = {"case_id": case_id, "kind": kind, "urgent": urgent, "subject": subject,
               "body": body, "recipient": account_id, "created_at": now,
               "not_before": not_before, "attempts": 0}
        if not channels:
            created += insert_ignore(session, {
                **row, "dedupe_key": dedupe_key(dedupe, NONE, account_id), "channel": NONE,
                "status": "failed",
                "last_error": f"no channel reaches account {account_id!r}: give it targets in "
                              "notify.toml [accounts] or set [default]"})
            continue
        for channel in channels:
            created += insert_ignore(session, {
                **row, "dedupe_key": dedupe_key(dedupe, channel, account_id), "channel": channel,
                "status": "pending"})
    return created
