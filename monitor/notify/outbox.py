"""The notification outbox: written in the caller's transaction, delivered afterwards.

Design (chosen once, used by every caller):

* :func:`enqueue` keeps the exact signature the escalation code calls. It resolves each account
  to the *destinations* that reach it from ``notify.toml`` (a WeCom or DingTalk robot, an e-mail
  address), loaded once per process by :func:`configure` (``Outbox.from_config`` calls it; tests
  may pass ``settings=``), and writes one ``Notification`` row per destination, listing in
  ``accounts`` every account it reaches: two accounts sharing a duty group's robot get one
  message, and "was every co-handler reached?" is still a query over rows. A destination is
  named by a digest of its key, never the key; the target is looked up when sending, so secrets
  never enter the database and a rotated key applies to waiting rows.
* When no notify settings were configured in this process, enqueue still records the message,
  as one row per account with ``channel = "auto"``; the deliverer expands the accounts of one
  message together into per-destination rows (same dedupe, insert-or-ignore) and marks them
  ``expanded``. Nothing is lost for lack of configuration and nothing is doubled.
* ``dedupe_key = f"{dedupe}:{channel}:{destination}"`` is unique, inserted with an
  insert-or-ignore on SQLite and PostgreSQL: a sweep that runs twice queues once.
* Each row has a ``rank`` (:data:`monitor.notify.plan.RANK`, the order of harm): risk 0, breaches 1, the rest 2.
* Routine messages get ``not_before`` pushed to the end of quiet hours; urgent ones do not.

Delivery (:class:`Outbox`, below) claims due rows by rank, then age, and serves each destination
on its own: risk alerts one message each and first, everything else due together as one digest,
never more sends than the destination's rate limit allows (the overflow joins the digest, so
nothing is dropped). It is at-least-once: a due row is *claimed* by pushing its ``not_before``
one lease ahead and committing, then sent, then marked ``sent`` in its own short transaction
only after the channel confirmed. A crash between the channel's confirmation and that commit
re-sends that message once the lease expires; a crash before sending loses nothing.

A claim is *fenced* before each send: a round slower than the lease (a busy machine, a slow
robot ahead in the queue) may find that another daemon already re-claimed its rows once the
lease ran out. Just before sending, one ``UPDATE … WHERE not_before = <our claim>`` renews the
rows still ours; rows re-claimed meanwhile are left to their new owner instead of being sent
twice (three daemons on a loaded machine sent 29 alerts twice before this).
"""

from __future__ import annotations

import asyncio
import datetime as dt
import hashlib
import re
import time
from collections import deque
from collections.abc import Awaitable, Callable, Sequence
from dataclasses import dataclass, field, replace
from typing import Any

import aiohttp
import structlog
from sqlalchemy import insert, select, update
from sqlalchemy.orm import Session, sessionmaker

from adapters.notify.base import Message, NotifyError, RateLimited
from adapters.notify.dingtalk.client import DEFAULT_BASE_URL as DINGTALK_URL
from adapters.notify.dingtalk.client import DingtalkOptions, DingtalkRobot
from adapters.notify.email.client import EmailSender
from adapters.notify.settings import NotifySettings, QuietHours, load_notify
from adapters.notify.wecom.client import DEFAULT_BASE_URL as WECOM_URL
from adapters.notify.wecom.client import WecomOptions, WecomRobot
from monitor.core.config import Config
from monitor.store.leases import insert_many_once, insert_once
from monitor.notify.plan import Claim, digest, plan, rank_of, ref_of
from monitor.store.models import CaseEvent, Notification
from monitor.core.timeutil import SHANGHAI, to_utc

AUTO = "auto"  # channel of a row written before notify settings were configured
NONE = "none"  # channel of a row for an account no channel reaches (failed at once, visible)
KEY_LIMIT = 200

_settings: NotifySettings | None = None


def configure(settings: NotifySettings | Config | None) -> NotifySettings | None:
    """Set (or with ``None`` clear) the process-wide notify settings :func:`enqueue` uses."""
    global _settings
    if isinstance(settings, Config):
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
    return insert_once(session, Notification, dict(values), ["dedupe_key"])


def _digest(secret: str) -> str:
    return hashlib.sha256(secret.encode()).hexdigest()[:16]


def destinations(settings: NotifySettings, account_id: str) -> list[tuple[str, str]]:
    """``(channel, destination)`` pairs that reach ``account_id``: one per robot and address.

    A destination names where a message lands without holding a secret (a robot key is kept as
    a digest), so two accounts sharing a duty group's robot share one destination.
    """
    t = settings.targets(account_id)
    out: list[tuple[str, str]] = []
    if t.wecom_key is not None:
        out.append(("wecom", f"wecom:{_digest(t.wecom_key.get_secret_value())}"))
    if t.dingtalk_token is not None:
        out.append(("dingtalk", f"dingtalk:{_digest(t.dingtalk_token.get_secret_value())}"))
    out.extend(("email", f"email:{addr.lower()}") for addr in t.email)
    return out


def enqueue(session: Session, *, kind: str, case_id: int | None, account_ids: Sequence[str],
            subject: str, body: str, urgent: bool, dedupe: str, now: dt.datetime,
            settings: NotifySettings | None = None) -> int:
    """Queue a notification for ``account_ids``, in the caller's transaction; returns rows created.

    One row per *destination* (robot, e-mail address), listing every account it reaches: two
    accounts sharing a robot get one message. ``dedupe`` names the *thing* being told (e.g.
    ``f"sla:{case_id}:first_response:breached:…"``): calling again with the same value is a no-op
    per destination. ``urgent`` messages ignore quiet hours. ``settings`` overrides the
    process-wide configuration.
    """
    if not dedupe:
        raise ValueError("enqueue: dedupe must not be empty (it is what makes a re-run harmless)")
    if not kind or len(kind) > 32:
        raise ValueError(f"enqueue: kind must be 1–32 characters (got {kind!r})")
    now = to_utc(now)
    cfg = settings if settings is not None else _settings
    quiet = cfg.quiet_hours if cfg is not None else QuietHours()
    not_before = now if urgent else (quiet_until(now, quiet) or now)
    row = {"case_id": case_id, "kind": kind, "urgent": urgent, "subject": subject, "body": body,
           "created_at": now, "not_before": not_before, "attempts": 0, "rank": rank_of(kind)}
    rows: list[dict[str, object]] = []  # written together: one statement per alert
    reach: dict[str, tuple[str, list[str]]] = {}  # destination → (channel, accounts)
    for account_id in dict.fromkeys(account_ids):  # keep order, drop repeats
        if not account_id:
            raise ValueError("enqueue: empty account id")
        if cfg is None:  # not configured yet: the deliverer expands it (same dedupe)
            rows.append({
                **row, "recipient": account_id, "accounts": [account_id], "channel": AUTO,
                "dedupe_key": dedupe_key(dedupe, AUTO, account_id), "status": "pending"})
            continue
        found = destinations(cfg, account_id)
        if not found:
            rows.append({
                **row, "recipient": account_id, "accounts": [account_id], "channel": NONE,
                "dedupe_key": dedupe_key(dedupe, NONE, account_id), "status": "failed",
                "last_error": f"no channel reaches account {account_id!r}: give it targets in "
                              "notify.toml [accounts] or set [default]"})
            continue
        for channel, dest in found:
            reach.setdefault(dest, (channel, []))[1].append(account_id)
    for dest, (channel, accounts) in reach.items():
        rows.append({
            **row, "recipient": accounts[0], "accounts": accounts, "destination": dest,
            "channel": channel, "dedupe_key": dedupe_key(dedupe, channel, dest.split(":", 1)[1]),
            "status": "pending"})
    pending = session.info.get(DEFERRED)
    if pending is not None:  # an ingest batch: written with the batch's others, at its end
        pending.extend(rows)
        return len(rows)
    # the same destination twice in one call cannot happen (reach is keyed by it), so the rows'
    # keys are distinct and one statement is the same as inserting them one by one
    return insert_many_once(session, Notification, rows, ["dedupe_key"])


DEFERRED = "wenzheng_outbox_deferred"
DEFERRED_CHUNK = 500  # rows a statement (15 columns each: well under PostgreSQL's 65,535 parameters)
_NUMBER = re.compile(r"(\d+)")


def defer(session: Session) -> None:
    """Until :func:`write_deferred`, :func:`enqueue` in ``session`` collects its rows instead of
    inserting them (it returns how many it queued, not how many were new).

    Why: two ingest batches (two daemons, or two sources of one) both pushing one cluster past
    its burst size, or both alerting on one case, insert the same dedupe keys. Inserted as each
    alert arose, in each batch's own order, the second insert of a key waits for the first
    transaction, which may itself be waiting for the second's key: a deadlock, and PostgreSQL
    rolled a whole 500-item batch back to be classified, clustered and written again
    (bench/daemons.py, 3 daemons on 30,000 items: 11 of 24 deadlocks were two ``INSERT INTO
    notifications``). Written once at the batch's end in one order every transaction shares,
    two batches can wait for each other's keys only one way round."""
    session.info.setdefault(DEFERRED, [])


def write_deferred(session: Session) -> int:
    """Insert what :func:`enqueue` collected since :func:`defer`, in the order of their keys
    (numbers compared as numbers), after everything else the session has pending; returns the
    rows created. Ends the deferral."""
    rows = session.info.pop(DEFERRED, None)
    if not rows:
        return 0
    session.flush()  # the batch's own rows first: the alerts are its last writes before the cursor
    once: dict[str, dict[str, object]] = {}
    for r in rows:  # a key queued twice in one batch (one cluster's burst seen twice) is one row
        once.setdefault(str(r["dedupe_key"]), r)
    ordered = [once[k] for k in sorted(once, key=lambda k: ([int(x) if x.isdigit() else x
                                                              for x in _NUMBER.split(k)], k))]
    return sum(insert_many_once(session, Notification, ordered[i:i + DEFERRED_CHUNK], ["dedupe_key"])
               for i in range(0, len(ordered), DEFERRED_CHUNK))


# --------------------------------------------------------------------------- delivery

log = structlog.get_logger("wenzheng.outbox")
Send = Callable[[Message], Awaitable[None]]


@dataclass
class DeliveryReport:
    """What one :meth:`Outbox.deliver_due` round did (counts are rows, ``messages`` are sends)."""

    picked: int = 0
    sent: int = 0
    retried: int = 0  # failed this time, will be tried again later
    failed: int = 0  # given up (non-retryable, or out of attempts)
    deferred: int = 0  # not tried: the destination's rate limit was spent
    expanded: int = 0  # "auto" rows turned into per-destination rows
    messages: int = 0  # messages actually sent (a digest carries several rows)
    digested: int = 0  # rows delivered inside a digest
    lost: int = 0  # claimed, but re-claimed by another daemon before we sent them (not sent)
    errors: list[str] = field(default_factory=list)

    def as_dict(self) -> dict[str, Any]:
        return {k: getattr(self, k) for k in
                ("picked", "sent", "retried", "failed", "deferred", "expanded", "messages",
                 "digested", "lost", "errors")}


class Outbox:
    """Sends due outbox rows through the configured channels; one instance per process."""

    def __init__(self, settings: NotifySettings, http: aiohttp.ClientSession,
                 email: EmailSender | None = None) -> None:
        self.settings = settings
        self.http = http
        self.email = email or EmailSender(settings.email)
        self._robots: dict[tuple[str, str], WecomRobot | DingtalkRobot] = {}
        self._sent: dict[str, deque[float]] = {}  # destination → monotonic times of recent sends

    @classmethod
    def from_config(cls, config: Config, http: aiohttp.ClientSession) -> Outbox:
        """Load ``notify.toml``, make it the process-wide setting for :func:`enqueue`, and build."""
        settings = load_notify(config)
        configure(settings)
        return cls(settings, http)

    # ---- channel targets, looked up at send time (secrets stay out of the database)

    def sender(self, channel: str, account_id: str | None, destination: str | None = None) -> Send:
        """The coroutine function that delivers to ``account_id`` (None: [default]) over ``channel``."""
        t = self.settings.targets(account_id) if account_id else self.settings.default
        where = f"notify.toml: accounts.{account_id} (or [default])"
        if channel == "wecom":
            if t.wecom_key is None:
                raise NotifyError(f"{where}: no wecom_key any more", retryable=False)
            key = ("wecom", t.wecom_key.get_secret_value())
            if key not in self._robots:
                c = self.settings.wecom
                self._robots[key] = WecomRobot(WecomOptions(
                    key=t.wecom_key, base_url=c.base_url or WECOM_URL,
                    rate_per_minute=c.rate_per_minute, timeout=c.timeout), self.http)
            return self._robots[key].send
        if channel == "dingtalk":
            if t.dingtalk_token is None:
                raise NotifyError(f"{where}: no dingtalk_token any more", retryable=False)
            key = ("dingtalk", t.dingtalk_token.get_secret_value())
            if key not in self._robots:
                c = self.settings.dingtalk
                self._robots[key] = DingtalkRobot(DingtalkOptions(
                    access_token=t.dingtalk_token, secret=t.dingtalk_secret,
                    base_url=c.base_url or DINGTALK_URL, rate_per_minute=c.rate_per_minute,
                    timeout=c.timeout), self.http)
            return self._robots[key].send
        if channel == "email":
            if destination and destination.startswith("email:"):
                to: tuple[str, ...] = (destination.split(":", 1)[1],)
            elif t.email:
                to = t.email
            else:
                raise NotifyError(f"{where}: no email addresses any more", retryable=False)
            return lambda message: self.email.send(message, to)
        raise NotifyError(f"unknown channel {channel!r}", retryable=False)

    def rate(self, channel: str) -> float:
        if channel in ("wecom", "dingtalk"):
            return float(getattr(self.settings, channel).rate_per_minute)
        return float(self.settings.email.rate_per_minute)

    def budget(self, channel: str, destination: str) -> int:
        """Sends the destination may still take in the current minute (its own rate limit)."""
        window = self._sent.setdefault(destination, deque())
        cutoff = time.monotonic() - 60.0
        while window and window[0] < cutoff:
            window.popleft()
        return max(0, int(self.rate(channel)) - len(window))

    # ---- the round

    async def deliver_due(self, sessions: sessionmaker[Session], *, now: dt.datetime) -> DeliveryReport:
        """Send what is due at ``now`` (one bounded batch) and record each row's outcome.

        Per destination: risk alerts first, one message each; the rest due together as one
        digest; never more sends than the destination's rate limit allows this minute (the
        overflow joins the digest). Destinations are served side by side.
        """
        now = to_utc(now)
        report = DeliveryReport()
        with sessions.begin() as s:
            report.expanded = self._expand_auto(s, now)
        with sessions.begin() as s:  # the claim is its transaction's first statement (see _claim)
            claims = self._claim(s, now)
        report.picked = len(claims)
        groups: dict[str, list[Claim]] = {}
        for c in claims:
            groups.setdefault(c.destination, []).append(c)
        gate = asyncio.Semaphore(self.settings.delivery.concurrency)
        fence = _Fence(self._claimed_until(now), now, time.monotonic(),
                       self.settings.delivery.lease_seconds)

        async def one(group: list[Claim]) -> None:
            async with gate:
                await self._deliver_group(sessions, group, now, report, fence)

        await asyncio.gather(*(one(g) for g in groups.values()))
        if report.lost:  # once per round, not per row: a slow round can lose hundreds
            log.warning("outbox.claims_lost", rows=report.lost,
                        hint="this round outlasted [delivery].lease_seconds; the daemon that "
                             "re-claimed those rows sends them (each once)")
        if claims:
            log.info("outbox.delivered", **{k: v for k, v in report.as_dict().items() if k != "errors"})
        return report

    async def _deliver_group(self, sessions: sessionmaker[Session], group: list[Claim],
                             now: dt.datetime, report: DeliveryReport, fence: _Fence) -> None:
        first = group[0]
        messages = plan(group, self.budget(first.channel, first.destination))
        planned = {c.id for m in messages for c in m}
        waiting = [c for c in group if c.id not in planned]
        for i, planned_bundle in enumerate(messages):
            with sessions.begin() as s:
                bundle = fence.keep(s, planned_bundle)
            report.lost += len(planned_bundle) - len(bundle)
            if not bundle:
                continue
            head = bundle[0]
            message = replace(head.message if len(bundle) == 1 else digest(bundle), ref=ref_of(bundle))
            error: NotifyError | None = None
            try:
                await self.sender(head.channel, head.recipient, head.destination)(message)
            except NotifyError as err:
                error = err
            except Exception as err:  # noqa: BLE001 - a bug in a channel must not stop the round
                error = NotifyError(f"{head.channel}: unexpected {type(err).__name__}: {err}",
                                    retryable=True)
            if isinstance(error, RateLimited) and error.local:
                waiting.extend(c for b in messages[i:] for c in b)
                break
            if error is None:
                self._sent.setdefault(head.destination, deque()).append(time.monotonic())
                report.messages += 1
                if len(bundle) > 1:
                    report.digested += len(bundle)
            with sessions.begin() as s:
                if error is None:
                    self._record_sent(s, bundle, now, report)
                else:
                    for claim in bundle:
                        self._record(s, claim, error, now, report, digest=len(bundle) > 1)
        if waiting:
            with sessions.begin() as s:
                kept = [c.id for c in fence.keep(s, waiting)]
                if kept:  # still ours: due again in a few seconds, one statement for them all
                    report.deferred += len(s.execute(
                        update(Notification).where(Notification.id.in_(kept), Notification.status == "pending")
                        .values(not_before=now + dt.timedelta(seconds=5)).returning(Notification.id)
                        .execution_options(synchronize_session=False)).all())

    def _expand_auto(self, s: Session, now: dt.datetime) -> int:
        rows = list(s.scalars(select(Notification).where(
            Notification.status == "pending", Notification.channel == AUTO,
            Notification.not_before <= now).limit(self.settings.delivery.batch_size)))
        together: dict[str, list[Notification]] = {}
        for row in rows:  # the accounts of one message are expanded together (shared robots)
            together.setdefault(row.dedupe_key.rsplit(":", 2)[0], []).append(row)
        for dedupe, same in together.items():
            row = same[0]
            enqueue(s, kind=row.kind, case_id=row.case_id, account_ids=[r.recipient for r in same],
                    subject=row.subject, body=row.body, urgent=row.urgent, dedupe=dedupe,
                    now=max(row.not_before, row.created_at), settings=self.settings)
            for r in same:
                r.status = "expanded"
        return len(rows)

    def _claim(self, s: Session, now: dt.datetime) -> list[Claim]:
        """Claim a batch of due rows in ONE statement: ``UPDATE … WHERE id IN (SELECT … FOR
        UPDATE SKIP LOCKED) RETURNING``.

        Several daemons deliver at once: on PostgreSQL each takes rows the others have not
        locked; on SQLite (one daemon, but ``wenzheng outbox deliver`` may run beside it) the
        statement takes the write lock before it reads, so two processes never claim one row.
        A separate SELECT then UPDATE let two readers both see a row as due.
        """
        due = select(Notification.id).where(Notification.status == "pending",
                                            Notification.channel != AUTO, Notification.not_before <= now)
        if quiet_until(now, self.settings.quiet_hours) is not None:
            due = due.where(Notification.urgent.is_(True))  # a retry must not wake people up either
        due = due.order_by(Notification.rank, Notification.not_before, Notification.id)
        due = due.limit(self.settings.delivery.batch_size).with_for_update(skip_locked=True)
        lease = self._claimed_until(now)
        rows = s.execute(
            update(Notification).where(Notification.id.in_(due.scalar_subquery()))
            .values(not_before=lease)
            .returning(Notification.id, Notification.channel, Notification.recipient,
                       Notification.destination, Notification.case_id, Notification.kind,
                       Notification.rank, Notification.subject, Notification.body,
                       Notification.urgent, Notification.attempts, Notification.created_at)
            .execution_options(synchronize_session=False)).all()
        rows.sort(key=lambda r: (r.rank, r.created_at, r.id))  # RETURNING keeps no order
        return [Claim(r.id, r.channel, r.recipient, r.destination or f"{r.channel}:{r.recipient}",
                       r.case_id, r.kind, r.rank,
                       Message(subject=r.subject, body=r.body, urgent=r.urgent), r.attempts)
                for r in rows]

    def _claimed_until(self, now: dt.datetime) -> dt.datetime:
        """The ``not_before`` a claim at ``now`` writes: the claim's mark as well as its lease."""
        return now + dt.timedelta(seconds=self.settings.delivery.lease_seconds)

    def _record_sent(self, s: Session, bundle: Sequence[Claim], now: dt.datetime,
                     report: DeliveryReport) -> None:
        """Mark a delivered message's rows ``sent`` and put a ``notified`` event on each one's
        case: one ``UPDATE … RETURNING`` and one ``INSERT`` for the whole message, whatever the
        number of rows it carried (was a read, an update and, on SQLite, three statements for
        the event's id, per row). Only rows still pending are marked, as :meth:`_record` does."""
        done = {r.id: r for r in s.execute(
            update(Notification).where(Notification.id.in_([c.id for c in bundle]),
                                       Notification.status == "pending")
            .values(status="sent", sent_at=now, last_error=None, attempts=Notification.attempts + 1)
            .returning(Notification.id, Notification.case_id, Notification.recipient, Notification.channel,
                       Notification.kind, Notification.accounts)
            .execution_options(synchronize_session=False))}
        report.sent += len(done)
        events = [{"case_id": r.case_id, "kind": "notified", "at": now, "actor": "system",
                   "account_id": r.recipient,
                   "data": {"channel": r.channel, "kind": r.kind, "accounts": list(r.accounts or [r.recipient]),
                            "notification_id": r.id, "digest": len(bundle) > 1}}
                  for c in bundle if (r := done.get(c.id)) is not None and r.case_id is not None]
        if events:  # in the message's order, numbered by the table as a plain INSERT numbers them
            s.execute(insert(CaseEvent.__table__), events)

    def _record(self, s: Session, claim: Claim, error: NotifyError | None, now: dt.datetime,
                report: DeliveryReport, *, digest: bool = False) -> None:
        row = s.get(Notification, claim.id)
        if row is None or row.status != "pending":
            return
        d = self.settings.delivery
        if error is None:
            row.status, row.sent_at, row.last_error = "sent", now, None
            row.attempts += 1
            report.sent += 1
            if row.case_id is not None:
                s.add(CaseEvent(case_id=row.case_id, kind="notified", at=now, account_id=row.recipient,
                                data={"channel": row.channel, "kind": row.kind,
                                      "accounts": list(row.accounts or [row.recipient]),
                                      "notification_id": row.id, "digest": digest}))
            return
        row.attempts += 1
        report.errors.append(f"#{row.id} {row.channel}→{row.recipient}: {error}")
        if error.retryable and row.attempts < d.max_attempts:
            delay = min(d.backoff_seconds * 2 ** (row.attempts - 1), d.backoff_max_seconds)
            row.not_before = now + dt.timedelta(seconds=max(delay, error.retry_after or 0.0))
            row.last_error = f"attempt {row.attempts}: {error}"
            report.retried += 1
            log.warning("outbox.retry", id=row.id, channel=row.channel, attempts=row.attempts, error=str(error))
            return
        why = "not retryable" if not error.retryable else f"gave up after {row.attempts} attempts"
        row.status, row.last_error = "failed", f"{why}: {error}"
        report.failed += 1
        log.error("outbox.failed", id=row.id, channel=row.channel, recipient=row.recipient, error=str(error))


@dataclass
class _Fence:
    """Which claimed rows are still this round's, checked (and renewed) just before each send.

    A row's claim is the ``not_before`` the claim wrote (``until``). Another daemon can claim the
    row only after that moment has passed, and it then writes a later one, so equality says
    "nobody claimed it since". Renewal pushes it one lease past the round's clock (the round's
    ``now`` plus the time elapsed), which keeps a long round's remaining rows to itself.
    """

    until: dt.datetime
    now: dt.datetime
    started: float
    lease_seconds: float
    renewed: dict[int, dt.datetime] = field(default_factory=dict)

    def keep(self, s: Session, claims: Sequence[Claim]) -> list[Claim]:
        if not claims:
            return []
        elapsed = time.monotonic() - self.started
        to = self.now + dt.timedelta(seconds=elapsed + self.lease_seconds)
        kept: set[int] = set()
        by_mark: dict[dt.datetime, list[int]] = {}
        for c in claims:
            by_mark.setdefault(self.renewed.get(c.id, self.until), []).append(c.id)
        for mark, ids in by_mark.items():
            kept.update(s.scalars(
                update(Notification).where(Notification.id.in_(ids), Notification.status == "pending",
                                           Notification.not_before == mark)
                .values(not_before=to).returning(Notification.id)
                .execution_options(synchronize_session=False)))
        self.renewed.update((i, to) for i in kept)
        return [c for c in claims if c.id in kept]


def delivery_state(session: Session, case_id: int) -> list[dict[str, Any]]:
    """Per (kind, account) delivery state of a case's notifications.

    An account counts as ``sent`` when at least one destination reaching it delivered, ``failed``
    when all of them gave up, ``pending`` otherwise: a case whose co-handler was never reached
    shows that account as pending or failed, never as sent.
    """
    rows = session.scalars(select(Notification).where(
        Notification.case_id == case_id, Notification.status != "expanded").order_by(Notification.id))
    grouped: dict[tuple[str, str], dict[str, str]] = {}
    for r in rows:
        for account in (r.accounts or [r.recipient]):
            grouped.setdefault((r.kind, account), {})[r.destination or r.channel] = r.status
    out = []
    for (kind, recipient), channels in grouped.items():
        states = set(channels.values())
        state = "sent" if "sent" in states else ("failed" if states == {"failed"} else "pending")
        out.append({"kind": kind, "recipient": recipient, "state": state, "channels": channels})
    return out
