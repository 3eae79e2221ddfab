"""SLA state as a pure function of a case's timeline, the policy and the calendar.

Why derive instead of keeping counters: the columns on ``cases`` are only a cache. After a policy
change, a calendar correction or a reply polled hours late (its ``at`` is the platform time), the
state is recomputed from the events and comes out the same as if everything had been known on time.
This is also what defuses the three classic helpdesk SLA complaints:

* *the clock ignores a real reply*: the first ``reply`` event's ``at`` stops the first-response
  clock, whenever it was recorded;
* *the clock keeps running after closure*: a ``closed`` event fixes both clocks (met or missed);
* *the clock restarts on reassignment*: assignment events are simply not inputs here.

Closure-clock events: ``extended`` (data ``days`` workdays or ``until`` ISO instant) moves the due;
``pending_info`` (待补充) freezes the remaining working time until ``info_received`` or the citizen's
``follow_up``; ``reopened`` starts a new window from the reopening.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any, Literal, Protocol

from monitor.sla.calendar import DayKind
from monitor.sla.deadlines import DeadlineRules, Window

ClockState = Literal["ok", "at_risk", "breached", "met", "missed"]


class EventLike(Protocol):
    """What derivation reads from an event (a :class:`~monitor.store.models.CaseEvent` fits)."""

    kind: str
    at: dt.datetime
    data: dict[str, Any]


class CaseLike(Protocol):
    received_at: dt.datetime
    type: str | None


@dataclass(frozen=True)
class SlaState:
    """Both clocks of one case at ``now``."""

    status: str
    day_kind: DayKind
    first_response_due: dt.datetime
    first_response_at_risk_at: dt.datetime
    first_response_at: dt.datetime | None
    first_response_state: ClockState
    closure_window_start: dt.datetime
    closure_due: dt.datetime | None
    """None while the closure clock is paused (waiting for the citizen)."""
    closure_at_risk_at: dt.datetime | None
    closure_state: ClockState
    closed_at: dt.datetime | None
    closure_paused_since: dt.datetime | None = None
    closure_remaining_s: float | None = None
    """Working seconds left on the closure clock while it is paused."""

    def clock_state(self, clock: str) -> ClockState:
        return self.first_response_state if clock == "first_response" else self.closure_state

    def due(self, clock: str) -> dt.datetime | None:
        return self.first_response_due if clock == "first_response" else self.closure_due


CLOCK_EVENTS = ("reply", "closed", "reopened", "pending_info", "info_received", "follow_up", "extended")
"""The only event kinds :func:`derive` and :func:`derive_status` read; any other kind (created,
assigned, comment, risk…) changes no clock, so a caller may leave it out."""


def _running_state(t: dt.datetime, due: dt.datetime, at_risk_at: dt.datetime) -> ClockState:
    if t > due:
        return "breached"
    if t >= at_risk_at:
        return "at_risk"
    return "ok"


def _parse_until(value: Any) -> dt.datetime:
    at = dt.datetime.fromisoformat(str(value))
    if at.tzinfo is None:
        raise ValueError(f"extension until {value!r} has no UTC offset")
    return at.astimezone(dt.UTC)


def _ordered(events: Sequence[EventLike]) -> list[EventLike]:
    indexed = list(enumerate(events))
    indexed.sort(key=lambda p: (p[1].at, getattr(p[1], "id", None) or 0, p[0]))
    return [e for _, e in indexed]


def derive_status(events: Sequence[EventLike]) -> str:
    """``open`` → ``replied`` on a reply; ``pending_info`` until the citizen answers; ``closed``;
    a reopening goes back to ``open``."""
    status, replied = "open", False
    for ev in _ordered(events):
        if ev.kind == "reply":
            replied = True
            if status == "open":
                status = "replied"
        elif ev.kind == "pending_info" and status != "closed":
            status = "pending_info"
        elif ev.kind in ("info_received", "follow_up") and status == "pending_info":
            status = "replied" if replied else "open"
        elif ev.kind == "closed":
            status = "closed"
        elif ev.kind == "reopened" and status == "closed":
            status = "open"
    return status


def derive(case: CaseLike, events: Sequence[EventLike], rules: DeadlineRules,
           now: dt.datetime) -> SlaState:
    """Replay ``events`` (any order; sorted by ``at``) and return both clocks at ``now``."""
    received = case.received_at
    fr = rules.first_response(received)
    first_reply: dt.datetime | None = None
    first_closed: dt.datetime | None = None

    win: Window = rules.closure(received, case.type)
    due, allotted, at_risk = win.due, win.allotted, win.at_risk_at
    window_start = received
    closed_at: dt.datetime | None = None
    paused_at: dt.datetime | None = None
    clock = win.clock

    def resume(at: dt.datetime) -> None:
        nonlocal due, at_risk, paused_at
        assert paused_at is not None
        if paused_at < due:  # a pause after the deadline gives no time back
            due = clock.advance(max(at, paused_at), clock.seconds_between(paused_at, due))
            at_risk = rules.at_risk_at(due, allotted, clock)
        paused_at = None

    for ev in _ordered(events):
        kind = ev.kind
        if kind == "reply":
            if first_reply is None:
                first_reply = ev.at
        elif kind == "closed":
            if closed_at is None:
                if paused_at is not None:
                    resume(ev.at)
                closed_at = ev.at
                if first_closed is None:
                    first_closed = ev.at
        elif kind == "reopened":
            if closed_at is not None:
                new = rules.closure(ev.at, case.type)
                due, allotted, at_risk = new.due, new.allotted, new.at_risk_at
                window_start, closed_at, paused_at = ev.at, None, None
        elif closed_at is not None:
            continue  # nothing else moves a closed case's clocks
        elif kind == "pending_info":
            if paused_at is None:
                paused_at = ev.at
        elif kind in ("info_received", "follow_up"):
            if paused_at is not None:
                resume(ev.at)
        elif kind == "extended":
            data = ev.data or {}
            old = due
            if data.get("until") is not None:
                due = _parse_until(data["until"])
            elif data.get("days"):
                due = rules.extend_by_workdays(due, int(data["days"]))
            sign = 1.0 if due >= old else -1.0
            allotted = max(0.0, allotted + sign * clock.seconds_between(min(old, due), max(old, due)))
            at_risk = rules.at_risk_at(due, allotted, clock)

    # first response: stopped by the first reply or, failing that, by the first closure
    stop = min((t for t in (first_reply, first_closed) if t is not None), default=None)
    if stop is not None:
        fr_state: ClockState = "met" if stop <= fr.due else "missed"
    else:
        fr_state = _running_state(now, fr.due, fr.at_risk_at)

    remaining: float | None = None
    if closed_at is not None:
        cl_state: ClockState = "met" if closed_at <= due else "missed"
    elif paused_at is not None:
        cl_state = _running_state(paused_at, due, at_risk)  # frozen as it was when paused
        remaining = clock.seconds_between(paused_at, due)
    else:
        cl_state = _running_state(now, due, at_risk)

    return SlaState(
        status=derive_status(events),
        day_kind=rules.day_kind(received),
        first_response_due=fr.due,
        first_response_at_risk_at=fr.at_risk_at,
        first_response_at=first_reply,
        first_response_state=fr_state,
        closure_window_start=window_start,
        closure_due=None if paused_at is not None else due,
        closure_at_risk_at=None if paused_at is not None else at_risk,
        closure_state=cl_state,
        closed_at=closed_at,
        closure_paused_since=paused_at,
        closure_remaining_s=remaining,
    )
