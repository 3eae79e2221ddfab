"""What a statistic is computed over: a period, a slice of the matrix, and an "as of" instant.

Every figure is about the *cohort* of cases received in the period (inside the slice), observed
as of ``as_of``: the end of the period, or now while the period is still running. Fixing the
observation instant makes a published bulletin reproducible: March's figures computed in May are
the same as on 1 April, because a reply written in April does not count for March.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from typing import Any

from sqlalchemy import and_, exists, or_
from sqlalchemy.orm import Session
from sqlalchemy.sql.elements import ColumnElement

from monitor.access.scope import account_subtree
from monitor.core.config import Matrix
from monitor.core.labels import CASE_TYPES, TYPE_LABELS
from monitor.stats.period import Period
from monitor.store.models import Assignment, Case
from monitor.core.timeutil import utcnow


class StatsError(ValueError):
    """A statistics request names something that does not exist (an account, a type…)."""




@dataclass(frozen=True)
class Slice:
    """Which part of the matrix: an account and its subtree, a region, a type, a domain, a channel."""

    account_id: str | None = None
    region: str | None = None
    type: str | None = None
    domain: str | None = None
    channel: str | None = None

    def as_dict(self) -> dict[str, str | None]:
        return {"account_id": self.account_id, "region": self.region, "type": self.type,
                "domain": self.domain, "channel": self.channel}


def subtree_ids(session: Session, account_id: str, matrix: Matrix | None = None) -> set[str]:
    """The account and everything below it (:func:`monitor.access.scope.account_subtree`).

    Serves callers without a loaded config too (the API, the bench) and keeps accounts that have
    left the config but still own history.
    """
    ids = account_subtree(session, account_id, matrix)
    if not ids:
        raise StatsError(f"矩阵中没有账号“{account_id}”")
    return ids


@dataclass
class Scope:
    """A period + slice resolved into SQL conditions on ``cases``."""

    period: Period
    slice: Slice
    as_of: dt.datetime
    account_ids: frozenset[str] | None = None
    extra: list[ColumnElement[bool]] = field(default_factory=list)

    @classmethod
    def build(cls, session: Session, period: Period, slc: Slice | None = None, *,
              matrix: Matrix | None = None, as_of: dt.datetime | None = None,
              now: dt.datetime | None = None) -> Scope:
        slc = slc or Slice()
        if slc.type is not None and slc.type not in CASE_TYPES:
            raise StatsError(f"未知类型“{slc.type}”（可选：{'、'.join(f'{t}（{TYPE_LABELS[t]}）' for t in CASE_TYPES)}）")
        if as_of is None:
            as_of = min(period.end_utc, now or utcnow())
        if as_of.tzinfo is None:
            raise StatsError(f"naive as_of {as_of!r}: give a timezone")
        ids = frozenset(subtree_ids(session, slc.account_id, matrix)) if slc.account_id else None
        return cls(period, slc, as_of, ids)

    def with_period(self, period: Period, as_of: dt.datetime | None = None) -> Scope:
        """The same slice over another period (the previous month, for changes)."""
        return Scope(period, self.slice, as_of or min(period.end_utc, self.as_of), self.account_ids,
                     list(self.extra))

    def where(self) -> list[ColumnElement[bool]]:
        """Conditions selecting the cohort; the received_at range comes first (it is indexed)."""
        # a running period holds only what has arrived by as_of
        return [*self.received(Case.received_at), *self.slice_where()]

    def received(self, received_at: Any) -> list[ColumnElement[bool]]:
        """``received_at`` (of ``cases`` or of a table that copies it) in the period and before
        ``as_of``: a running period holds only what has arrived by then."""
        return [received_at >= self.period.start_utc, received_at < min(self.period.end_utc, self.as_of)]

    def slice_where(self) -> list[ColumnElement[bool]]:
        """The slice's conditions on ``cases`` (none for the whole matrix), without the period's."""
        conds: list[ColumnElement[bool]] = []
        s = self.slice
        if self.account_ids is not None:
            ids = sorted(self.account_ids)
            conds.append(or_(Case.lead_account_id.in_(ids), exists().where(and_(
                Assignment.case_id == Case.id, Assignment.account_id.in_(ids),
                Assignment.active.is_(True)))))
        if s.region is not None:
            conds.append(Case.region == s.region)
        if s.type is not None:
            conds.append(Case.type == s.type)
        if s.domain is not None:
            conds.append(Case.domain == s.domain)
        if s.channel is not None:
            conds.append(Case.channel == s.channel)
        return conds + self.extra

    # ---------------------------------------------------------------- per-case predicates
    def replied(self) -> ColumnElement[bool]:
        return and_(Case.first_response_at.is_not(None), Case.first_response_at < self.as_of)

    def not_replied(self) -> ColumnElement[bool]:
        return or_(Case.first_response_at.is_(None), Case.first_response_at >= self.as_of)

    def closed(self) -> ColumnElement[bool]:
        return and_(Case.closed_at.is_not(None), Case.closed_at < self.as_of)

    def not_closed(self) -> ColumnElement[bool]:
        return or_(Case.closed_at.is_(None), Case.closed_at >= self.as_of)

    def on_time(self) -> ColumnElement[bool]:
        """Replied by the due time; a reply *exactly* at the due time is on time."""
        return and_(self.replied(), Case.first_response_due.is_not(None),
                    Case.first_response_at <= Case.first_response_due)

    def late_reply(self) -> ColumnElement[bool]:
        return and_(self.replied(), Case.first_response_due.is_not(None),
                    Case.first_response_at > Case.first_response_due)

    def overdue_unaccepted(self) -> ColumnElement[bool]:
        return and_(self.not_replied(), Case.first_response_due.is_not(None),
                    Case.first_response_due < self.as_of)

    def closed_on_time(self) -> ColumnElement[bool]:
        return and_(self.closed(), Case.closure_due.is_not(None), Case.closed_at <= Case.closure_due)

    def overdue_unclosed(self) -> ColumnElement[bool]:
        return and_(self.not_closed(), Case.closure_due.is_not(None), Case.closure_due < self.as_of)

    def describe(self) -> dict[str, Any]:
        return {"period": self.period.key, "label": self.period.label,
                "from": self.period.start.isoformat(), "to": self.period.last_day.isoformat(),
                **self.slice.as_dict()}
