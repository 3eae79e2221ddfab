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
reads, has no cohort and no means: :class:`Before`). Accounts keep their own grouped pass (:func:`monitor.stats.breakdowns.by_account`):
there are hundreds, and crossed with the five keys they would multiply the rows instead of
collapsing them.

Cost: one sort of the cohort for the counts, one light sort per key for the means; the Python side
follows the combinations, not the cases (at worst one per case, when the cases differ from each
other in these keys).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from monitor.stats.cohort import FLAGS, Cohort, case_columns
from monitor.stats.scope import Scope

#: the keys of the one grouped pass, in the order of its rows
DIMS = ("type", "domain", "subtopic", "region", "channel")
#: what the comparison with the period before reads (``monitor.stats.compute.change`` and the
#: breakdowns' previous counts and ranks): the cases received per type, domain, region, channel
#: and lead account, and these flags in all (no sub-topic, no means, no oldest due time)
PREV_KEYS = ("type", "domain", "region", "channel", "lead")  # the lead last: its own pass
PREV_FLAGS = ("replied", "first_response_on_time", "closed", "overdue_unaccepted", "overdue_unclosed",
              "satisfied", "unsatisfied", "joint_cases")
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
        return {k: v["received"] for k, v in self.by(key).items()}


@dataclass(frozen=True)
class Before:
    """The period before, as far as it is compared: ``totals`` (``received`` and each of
    :data:`PREV_FLAGS`) and the cases received per value of each of :data:`PREV_KEYS`, read
    straight from ``cases`` (no cohort) with the cohort's own expressions
    (:func:`monitor.stats.cohort.case_columns`), so both count alike.

    Why three passes of this shape: the flags summed in a ``GROUP BY`` go through SQLite's
    sorter with every row, and that, more than reading the rows, made the period before's
    grouped pass cost (eleven flags grouped on four keys). The flags are now one pass without
    grouping (no sort), and the keys a ``GROUP BY`` with a count only: on type, domain, region
    and channel (one row per combination that occurs, 780 for a month of the 1M-case bench,
    added up per key in Python), and on the lead account alone (crossed with the other keys it
    makes a row of nearly every case). The flags the comparison does not read (late replies,
    closures on time, supervision) are not counted."""

    totals: dict[str, int]
    received: dict[str, dict[Any, int]]

    @classmethod
    def read(cls, session: Session, scope: Scope) -> Before:
        cols = case_columns(scope)
        where = scope.where()
        flags = (select(func.count(), *(func.coalesce(func.sum(cols[f]), 0) for f in PREV_FLAGS))
                 .where(*where))
        totals = dict(zip(("received", *PREV_FLAGS), map(int, session.execute(flags).one())))
        received: dict[str, dict[Any, int]] = {k: {} for k in PREV_KEYS}
        for names in (PREV_KEYS[:-1], PREV_KEYS[-1:]):
            keys = [cols[k] for k in names]
            per_key = [received[k] for k in names]
            for row in session.execute(select(*keys, func.count()).where(*where).group_by(*keys)):
                n = int(row[-1])
                for d, v in zip(per_key, row):
                    d[v] = d.get(v, 0) + n
        return cls(totals, received)

    def received_by(self, key: str) -> dict[Any, int]:
        return dict(self.received[key])


def _counts(rows: list[tuple[Any, ...]], n: int) -> dict[str, Any]:
    """Add up rows of :meth:`Rollup.read` whose first ``n`` columns are keys (column by column:
    ``sum`` over a transposed tuple)."""
    cols = list(zip(*rows)) if rows else [()] * (n + _DUE + 1)
    out: dict[str, Any] = {"received": int(sum(cols[n]))}
    out.update((f, int(sum(cols[n + 1 + i]))) for i, f in enumerate(FLAGS))
    dues = [d for d in cols[n + _DUE] if d is not None]
    out["oldest_unaccepted_due"] = min(dues) if dues else None
    return out
