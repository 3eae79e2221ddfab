"""Deadline rules: when a first response and a closure are due, and when a window turns "at risk".

All day-counting happens in Asia/Shanghai (offices count Beijing days), the results are UTC.
The rules are the published promise of @问政银川 (seed 003): respond within 1 h when the case
arrives on a workday and within 8 h on a rest day; close by the end of the 1st (咨询/求助) or 5th
(投诉/建议/举报) workday after the day of receipt.
"""

from __future__ import annotations

import datetime as dt
import functools
from dataclasses import dataclass

from monitor.sla.calendar import DayKind, WorkCalendar
from monitor.sla.clock import Clock, WallClock, WorkClock, day_at
from monitor.sla.policy import SlaPolicy, parse_hhmm
from monitor.core.timeutil import to_local

_TICK = dt.timedelta(microseconds=1)
WINDOW_MEMO = 2048
"""Windows remembered per rule (first response, closure), by start (and type): an ingest batch
derives each case it opens twice (its first clocks, then the batch's refresh) and each case it
touches again, from the same received time; the working-day arithmetic was about three quarters
of a derivation (issue 19). A batch is 250 items: the memo holds several batches' cases."""


@dataclass(frozen=True)
class Window:
    """One SLA window: from ``start`` to ``due``, at risk from ``at_risk_at``, measured on ``clock``.

    ``allotted`` is the working time the window grants (seconds on ``clock``): extensions add to it,
    pauses do not consume it, and the at-risk point is the moment when less than
    ``1 - at_risk_share`` of it remains.
    """

    start: dt.datetime
    due: dt.datetime
    at_risk_at: dt.datetime
    allotted: float
    clock: Clock


class DeadlineRules:
    """The policy applied on a calendar: pure functions of instants and case types."""

    def __init__(self, policy: SlaPolicy, calendar: WorkCalendar) -> None:
        self.policy = policy
        self.calendar = calendar
        hours = policy.business_hours.window() if policy.business_hours.enabled else None
        self.work_clock = WorkClock(calendar, hours)
        self.wall_clock = WallClock()
        self.day_end = parse_hhmm(policy.closure.day_end)
        self.share = policy.escalation.at_risk_share
        # pure functions of their arguments on an immutable calendar and policy: remembered for
        # UTC instants (an equal instant in another zone would get back a window in the first
        # one's zone, so those are computed). lru_cache: shared by every ingest thread
        self._first_response_utc = functools.lru_cache(maxsize=WINDOW_MEMO)(self._first_response)
        self._closure_utc = functools.lru_cache(maxsize=WINDOW_MEMO)(self._closure)

    # ------------------------------------------------------------------ helpers

    def day_kind(self, at: dt.datetime) -> DayKind:
        return self.calendar.day_kind(to_local(at).date())

    def at_risk_at(self, due: dt.datetime, allotted: float, clock: Clock) -> dt.datetime:
        return clock.retreat(due, (1.0 - self.share) * allotted)

    def _window(self, start: dt.datetime, due: dt.datetime, clock: Clock) -> Window:
        allotted = clock.seconds_between(start, due)
        return Window(start, due, self.at_risk_at(due, allotted, clock), allotted, clock)

    def end_of(self, day: dt.date) -> dt.datetime:
        """The end of due day ``day`` (``closure.day_end``, 24:00 by default)."""
        return day_at(day, self.day_end)

    def due_day(self, due: dt.datetime) -> dt.date:
        """The local day a due instant closes (24:00 belongs to the day before)."""
        return to_local(due - _TICK).date()

    # ------------------------------------------------------------------ the two clocks

    def first_response(self, received: dt.datetime) -> Window:
        """:meth:`_first_response`, remembered for UTC instants (:data:`WINDOW_MEMO`)."""
        if received.tzinfo is dt.UTC:
            return self._first_response_utc(received)
        return self._first_response(received)

    def _first_response(self, received: dt.datetime) -> Window:
        """1 h after a case received on a workday, 8 h after one received on a rest day (seed 003).

        With business hours on, the workday hour counts only office time: a case received at
        20:00 on a workday is due one office hour after the next opening.
        """
        fr = self.policy.first_response
        if self.day_kind(received) == "workday":
            clock: Clock = self.work_clock if self.work_clock.hours else self.wall_clock
            due = clock.advance(received, fr.workday_hours * 3600)
        else:
            clock = self.wall_clock
            due = received + dt.timedelta(hours=fr.restday_hours)
        return self._window(received, due, clock)

    def closure_workdays(self, case_type: str | None) -> int:
        return self.policy.closure.workdays_for(case_type)

    def closure(self, start: dt.datetime, case_type: str | None) -> Window:
        """:meth:`_closure`, remembered for UTC instants (:data:`WINDOW_MEMO`)."""
        if start.tzinfo is dt.UTC:
            return self._closure_utc(start, case_type)
        return self._closure(start, case_type)

    def _closure(self, start: dt.datetime, case_type: str | None) -> Window:
        """End of the N-th workday strictly after the day of ``start`` (receipt or reopening)."""
        n = self.closure_workdays(case_type)
        day = self.calendar.add_workdays(to_local(start).date(), n)
        return self._window(start, self.end_of(day), self.work_clock)

    def extend_by_workdays(self, due: dt.datetime, days: int) -> dt.datetime:
        """A 延期 of ``days`` workdays: the end of the ``days``-th workday after the current due day."""
        return self.end_of(self.calendar.add_workdays(self.due_day(due), days))
