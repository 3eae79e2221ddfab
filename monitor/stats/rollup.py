"""The headline and the breakdowns by type, domain (and sub-topic), region and channel from one
grouped pass over the cohort, added up per key in Python.

Why: they are the same counts (:data:`monitor.stats.cohort.FLAGS`, the oldest unanswered due
time) over the same cohort, grouped six ways. Six ``GROUP BY`` queries with fourteen aggregates each
were six sorts of the period's cases (a month of a big city: ~80,000 rows, about a tenth of a
second each on SQLite), and the previous period's five more. One ``GROUP BY`` on all five keys
sorts them once and returns one row per combination that occurs (2,334 for a month of the
1M-case bench); Python adds those rows up per key and for the headline, exactly (integers, and
the minimum of the minima).

The mean first response is the exception: ``AVG`` adds its doubles in the order the rows come,
and its quotient, rounded to the millisecond, can land on the other side of a half millisecond
when the same values are added in another order (a generated month showed it: 4404.112 against
4404.111). Partial sums would change the published figure, so each key's mean keeps its own
``AVG`` (one cheap query per key, a single aggregate; the previous period, whose means nobody
reads, has no cohort and no means: :meth:`Rollup.read_cases`). Accounts keep their own grouped pass (:func:`monitor.stats.breakdowns.by_account`):
there are hundreds, and crossed with the five keys they would multiply the rows instead of
collapsing them.

Cost: one sort of the cohort for the counts, one light sort per key for the means; the Python side
follows the combinations, not the cases (at worst one per case, when the cases differ from each
other in these keys).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from sqlalchemy import func, null, select
from sqlalchemy.orm import Session

from monitor.stats.cohort import FLAGS, Cohort, case_columns
from monitor.stats.scope import Scope

#: the keys of the one grouped pass, in the order of its rows
DIMS = ("type", "domain", "subtopic", "region", "channel")
#: the keys of the period before's pass: what its comparisons read (cases received per type,
#: domain, region and channel; no sub-topic, no means; the lead accounts have a pass of their
#: own, :meth:`Rollup.read_cases`)
PREV_DIMS = ("type", "domain", "region", "channel")
#: the keys whose rows show a mean first response (sub-topics show counts only)
MEAN_KEYS = ((), ("type",), ("domain",), ("region",), ("channel",))
_DUE = 1 + len(FLAGS)


@dataclass(frozen=True)
class Rollup:
    """One cohort's counts per combination of :data:`DIMS`, and its means per :data:`MEAN_KEYS`
    (see the module docstring)."""

    rows: list[tuple[Any, ...]]
    means: dict[tuple[str, ...], dict[Any, float | None]] = field(default_factory=dict)
    dims: tuple[str, ...] = DIMS
    #: cases received per lead account, when read (:meth:`read_cases`)
    leads: dict[Any, int] | None = None

    @classmethod
    def read(cls, session: Session, co: Cohort) -> Rollup:
        """The grouped pass, and the mean first response per key of :data:`MEAN_KEYS`."""
        c = co.c
        keys = [c[d] for d in DIMS]
        q = (select(*keys, func.count(), *(func.coalesce(func.sum(c[f]), 0) for f in FLAGS),
                    func.min(c.unaccepted_due))
             .select_from(co.t).group_by(*keys))
        rows = [tuple(r) for r in session.execute(q)]
        avg: dict[tuple[str, ...], dict[Any, float | None]] = {}
        for mk in MEAN_KEYS:
            cols = [c[k] for k in mk]
            mq = select(*cols, func.avg(c.fr_s)).select_from(co.t).group_by(*cols)
            avg[mk] = {(r[0] if mk else ()): r[-1] for r in session.execute(mq)}
        return cls(rows, avg)

    @classmethod
    def read_cases(cls, session: Session, scope: Scope) -> Rollup:
        """The counts per combination of :data:`PREV_DIMS`, straight from ``cases`` (no cohort),
        and the cases received per lead account (``received_by("lead")``).

        Why: the period before is read for its comparisons only (the headline's counts, each
        key's cases received, the accounts' among them). Copying its cases into a cohort and then
        grouping that twice (the five keys, the accounts) cost more than one grouped pass over
        ``cases`` with the cohort's own flag expressions (:func:`monitor.stats.cohort.case_columns`)
        and a count per lead account. The lead stays out of the grouped pass: crossed with the
        other keys it made a row of nearly every case (30,000 for a month of the 1M-case bench),
        each added up in Python. Counts only: the oldest unanswered due time, which the
        comparisons do not show, is left out (None)."""
        cols = case_columns(scope)
        keys = [cols[d] for d in PREV_DIMS]
        q = (select(*keys, func.count(), *(func.coalesce(func.sum(cols[f]), 0) for f in FLAGS), null())
             .where(*scope.where()).group_by(*keys))
        leads = (select(cols["lead"], func.count()).where(*scope.where()).group_by(cols["lead"]))
        return cls([tuple(r) for r in session.execute(q)], dims=PREV_DIMS,
                   leads={k: int(n) for k, n in session.execute(leads)})

    def by(self, *keys: str) -> dict[Any, dict[str, Any]]:
        """The counts per value of ``keys`` (one key: its value; several: a tuple; none: the
        whole cohort under ``()``, present even when the cohort is empty), in the form
        :func:`monitor.stats.metrics.derive_rates` takes: ``received``, each flag,
        ``oldest_unaccepted_due`` and ``first_response_mean_s`` (None unless read for ``keys``)."""
        idx = [self.dims.index(k) for k in keys]
        parts: dict[Any, list[tuple[Any, ...]]] = {(): []} if not keys else {}
        for r in self.rows:
            k = r[idx[0]] if len(idx) == 1 else tuple(r[i] for i in idx)
            parts.setdefault(k, []).append(r)
        means = self.means.get(tuple(keys), {})
        n = len(self.dims)
        return {k: {**_counts(rows, n), "first_response_mean_s": means.get(k)} for k, rows in parts.items()}

    def received_by(self, key: str) -> dict[Any, int]:
        if key == "lead" and self.leads is not None:
            return dict(self.leads)
        return {k: v["received"] for k, v in self.by(key).items()}


def _counts(rows: list[tuple[Any, ...]], n: int) -> dict[str, Any]:
    """Add up rows of :meth:`Rollup.read` whose first ``n`` columns are keys (column by column:
    ``sum`` over a transposed tuple)."""
    cols = list(zip(*rows)) if rows else [()] * (n + _DUE + 1)
    out: dict[str, Any] = {"received": int(sum(cols[n]))}
    out.update((f, int(sum(cols[n + 1 + i]))) for i, f in enumerate(FLAGS))
    dues = [d for d in cols[n + _DUE] if d is not None]
    out["oldest_unaccepted_due"] = min(dues) if dues else None
    return out
