"""Possible risk (疑似): who hears of it first, and a person's word on it.

Why a 疑似 flag is not sent like a certain one: it is a pattern in doubt or the learned model's
guess, and on look-alike text it is wrong far more often than a certain flag (about 7 in 100 real
letters get one, 4 in 100 a certain one). Sent at night to every handler and supervisor, each
guess teaches them to ignore the alert, the one thing a risk alert must never be. Dropping it
would be worse: recall comes first. So a case whose flags are all 疑似 alerts the hub's duty desk
at once (urgent, quiet hours or not) and stands first in the queue; a person there confirms it
(``risk_confirmed``: handlers, supervisors and hub are alerted) or dismisses it with a note
(``risk_dismissed``: the risk entry is acknowledged). Neither touches the case's text or its flags'
evidence: the decision is an event on the timeline, and the latest one is the case's state.

``notify.toml [risk] possible = "all"`` sends 疑似 flags to everyone, as certain ones.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from typing import Any

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from monitor.classify.risk import describe, risk_label
from monitor.store.models import CaseEvent

CONFIRMED = "risk_confirmed"
DISMISSED = "risk_dismissed"
REVIEW_EVENTS = (CONFIRMED, DISMISSED)

REVIEW_LABELS = {
    "certain": "风险已确定（已通知承办单位、上级和枢纽）",
    "pending": "疑似风险，待核实",
    "confirmed": "疑似风险已核实确认（已通知承办单位、上级和枢纽）",
    "dismissed": "疑似风险已核实排除",
}
"""What the console and ``cases show`` say about a case's risk, by :func:`review_state`."""


def possible(item: Mapping[str, Any] | str | object) -> bool:
    """Is this stored flag only possible (疑似)? Flags stored before 疑似 existed are certain."""
    return isinstance(item, Mapping) and bool(item.get("possible"))


def only_possible(risks: Iterable[Any]) -> bool:
    """Flags there are, and every one is 疑似."""
    items = list(risks)
    return bool(items) and all(possible(r) for r in items)


def review_state(risks: Sequence[Any], kinds: Iterable[str]) -> str | None:
    """``certain``, ``pending``, ``confirmed`` or ``dismissed`` (None: no flag).

    ``kinds``: the case's event kinds in time order. The latest confirmation or dismissal is the
    state, unless a later text raised risk again (a ``risk`` event after a dismissal): that one
    waits for a person once more.
    """
    if not risks:
        return None
    if not only_possible(risks):
        return "certain"
    state = "pending"
    for kind in kinds:
        if kind == CONFIRMED:
            state = "confirmed"
        elif kind == DISMISSED:
            state = "dismissed"
        elif kind == "risk" and state == "dismissed":
            state = "pending"
    return state


def stored_state(session: Session, case_id: int, risks: Sequence[Any]) -> str | None:
    """:func:`review_state` of a stored case (one query for its risk and review events)."""
    if not only_possible(risks):
        return review_state(risks, ())
    # the kind inside a function: SQLite reaches the rows by case, not by walking the kind index
    kinds = session.scalars(select(CaseEvent.kind).where(
        CaseEvent.case_id == case_id,
        func.coalesce(CaseEvent.kind, "").in_(("risk", *REVIEW_EVENTS)))
        .order_by(CaseEvent.at, CaseEvent.id))
    return review_state(risks, kinds)


def confirmed(session: Session, case_id: int) -> bool:
    """Is the latest word of a person on this case's risk a confirmation?"""
    kind = session.scalar(select(CaseEvent.kind).where(
        CaseEvent.case_id == case_id, func.coalesce(CaseEvent.kind, "").in_(REVIEW_EVENTS))
        .order_by(CaseEvent.at.desc(), CaseEvent.id.desc()).limit(1))
    return kind == CONFIRMED


def describe_confirmed(risks: Iterable[Any]) -> str:
    """:func:`describe` once a person confirmed the flags: 轻生（活不下去）, without 疑似 (the
    stored flags keep their own label and evidence)."""
    return describe({**r, "label": risk_label(r).removeprefix("疑似")} if isinstance(r, Mapping) else r
                    for r in risks)
