"""When a case next needs the sweep: the moment its clocks reach their next rung.

Why a stored moment: the sweep runs every minute, and with a hundred thousand open cases it
cannot look at each of them, nor at all those whose due time merely lies within some horizon.
Each case therefore carries ``cases.next_check_at``, the earliest instant at which the sweep has
something to do for it, and the sweep selects ``next_check_at <= now`` through a partial index on
that column: its cost follows the cases *due*, not the cases open.

The rungs are those of :mod:`monitor.handling.escalation`, per clock (first response, closure):

* running and not yet at risk → the at-risk instant;
* at risk → now if its reminder is not known to be recorded, else the breach (just after due);
* breached → now if its alert is not known to be recorded, else, while the case has no 督办 yet,
  the due time plus ``supervise_after_hours``;
* met, missed, or paused (waiting for the citizen: no due) → nothing until an event changes it.

``done`` says which rungs are recorded. The sweep knows (it loads them and records the new ones);
other writers (ingest, operator actions) do not, and get the cautious answer: a rung that may be
pending is due at once, so the next sweep looks and settles it. A writer that leaves the column
out of an insert gets :data:`CHECK_AT_ONCE` (the model's default): the next sweep derives the
case and stores its real moment.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Collection

from monitor.sla.state import SlaState
from monitor.store.models import CHECK_AT_ONCE

__all__ = ["CHECK_AT_ONCE", "Rung", "next_check", "rung"]

CLOCKS = ("first_response", "closure")
_TICK = dt.timedelta(microseconds=1)  # a clock is breached strictly after its due time

Rung = tuple[str, str, str]
"""(clock, level, due as UTC ISO 8601): how the escalation ledger names a step, once per due."""


def rung(clock: str, level: str, due: dt.datetime) -> Rung:
    return (clock, level, due.astimezone(dt.UTC).isoformat())


def next_check(state: SlaState, *, supervised: bool, wait: dt.timedelta,
               done: Collection[Rung] | None = None) -> dt.datetime | None:
    """The earliest instant the sweep has work for a case in ``state``; None when it has none
    until an event changes the clocks. ``done=None``: the recorded rungs are unknown."""
    moments: list[dt.datetime] = []
    for clock in CLOCKS:
        due = state.due(clock)
        if due is None:
            continue  # paused: the citizen's answer (an event) restarts it
        cs = state.clock_state(clock)
        at_risk_at = (state.first_response_at_risk_at if clock == "first_response"
                      else state.closure_at_risk_at)
        if cs == "ok":
            moments.append(at_risk_at or due)
        elif cs == "at_risk":
            recorded = done is not None and rung(clock, "at_risk", due) in done
            moments.append(due + _TICK if recorded else (at_risk_at or due))
        elif cs == "breached":
            if done is None or rung(clock, "breached", due) not in done:
                moments.append(due)
            elif not supervised:
                moments.append(due + wait)
    return min(moments, default=None)
