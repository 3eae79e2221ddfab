"""The statistics' one grouped pass gives the figures the per-key passes gave, on a generated
year of cases (``bench/stats.py``'s generator, keys left empty or varied here and there as real
data has them), on both backends.

``monitor.stats.rollup`` replaced one ``GROUP BY`` per breakdown (type, domain, domain × sub-topic,
region, channel, the headline, and the previous period's counts) with one ``GROUP BY`` on all the
keys, added up in Python; the percentiles read an index on the cohort instead of sorting per
query. The old definitions stay in the code as the reference: ``grouped`` (still the accounts'
pass), ``received_by`` and ``count_columns`` over the whole cohort; the percentiles are checked
against the values sorted in Python. The period before has no cohort (its counts come from
passes over ``cases``, :class:`Before`): they are checked against the cohort of the same scope,
for every figure the comparison reads.
"""

from __future__ import annotations

import datetime as dt
import math
from fractions import Fraction

import pytest
from sqlalchemy import select, update

from bench.stats import generate
from monitor.stats import Period, compute_stats
from monitor.stats import breakdowns as bd
from monitor.stats.cohort import Cohort
from monitor.stats.metrics import (CHANGE_METRICS, PERCENTILES, count_columns, counts_headline,
                                   derive_rates, headline)
from monitor.stats.rollup import DIMS, MEAN_KEYS, PREV_FLAGS, PREV_KEYS, Before, Rollup
from monitor.stats.scope import Scope, Slice
from monitor.store.models import Case

NOW = dt.datetime(2026, 2, 1, tzinfo=dt.UTC)
JUNE = Period.month(2025, 6)
SCOPES = [
    ({}, None),
    ({"region": "第3区"}, None),
    ({"account_id": "d03"}, None),  # a district and its streets and departments
    ({"channel": "12345"}, None),
    ({}, dt.datetime(2025, 6, 17, 5, tzinfo=dt.UTC)),  # the month still running: observed mid-way
]


@pytest.fixture
def history(db):
    generate(db.engine, 6000, seed=19)
    with db.engine.begin() as conn:
        for mod, values in ((17, {"domain": None, "subtopic": None}), (13, {"subtopic": None}),
                            (11, {"type": None}), (7, {"region": None}), (29, {"region": ""}),
                            (5, {"channel": "12345"}), (19, {"lead_account_id": None}),
                            (23, {"first_response_due": None}), (31, {"closure_due": None})):
            conn.execute(update(Case).where(Case.id % mod == 0).values(**values))
    return db


def _reference_percentiles(session, co: Cohort, column: str) -> dict[str, float | None]:
    values = sorted(v for v in session.scalars(select(co.c[column])) if v is not None)
    out: dict[str, float | None] = {}
    for label, frac in PERCENTILES.items():
        if not values:
            out[label] = None
            continue
        pos = frac * (len(values) - 1)
        lo = math.floor(pos)
        a, b = values[lo], values[min(lo + 1, len(values) - 1)]
        out[label] = round(a + float(pos - Fraction(lo)) * (b - a), 3)
    return out


@pytest.mark.parametrize("slice_kw, as_of", SCOPES)
def test_one_pass_equals_a_pass_per_key(history, slice_kw, as_of) -> None:
    with history.session() as s:
        scope = Scope.build(s, JUNE, Slice(**slice_kw), as_of=as_of, now=NOW)
        co = Cohort.build(s, scope)
        try:
            groups = Rollup.read(s, co)
            whole = dict(s.execute(select(*count_columns(co)).select_from(co.t)).one()._mapping)
            assert derive_rates(groups.by()[()], scope) == derive_rates(whole, scope)
            assert groups.by()[()]["received"] > 0
            for key in DIMS:
                want = bd.grouped(s, co, co.c[key])
                got = {k: derive_rates(v, scope) for k, v in groups.by(key).items()}
                if (key,) not in MEAN_KEYS:  # sub-topics alone: counts only, no mean read
                    for row in (*want.values(), *got.values()):
                        row.pop("first_response_mean_s")
                assert got == want, key
                assert groups.received_by(key) == bd.received_by(s, co, co.c[key]), key
            pairs = bd.received_by(s, co, co.c.domain.concat("|").concat(co.c.subtopic))
            by_pair = {f"{d}|{st}": v["received"] for (d, st), v in groups.by("domain", "subtopic").items()
                       if d is not None and st is not None}
            assert by_pair == {k: n for k, n in pairs.items() if k is not None}
            head = headline(s, co, groups)
            for name, column in (("first_response", "fr_s"), ("closure", "cl_s")):
                ref = _reference_percentiles(s, co, column)
                assert {lab: head[f"{name}_{lab}_s"] for lab in PERCENTILES} == ref, name
            # the period before's passes straight over ``cases`` count what the cohort counts
            direct = Before.read(s, scope)
            assert direct.totals == {k: int(whole[k]) for k in ("received", *PREV_FLAGS)}
            events = {k: sum(v[k] for v in co.event_counts(s, "lead").values())
                      for k in ("reply_violations", "escalations")}
            full = {**derive_rates(whole, scope), **events}
            assert counts_headline(s, scope, direct) == {m: full[m] for m in CHANGE_METRICS}
            for key in PREV_KEYS:
                assert direct.received_by(key) == bd.received_by(s, co, co.c[key]), key
        finally:
            co.drop(s)


def test_the_generated_month_reads_as_before(history) -> None:
    """Whole statistics on the generated June: the rolled-up tables agree with each other and with
    the headline, as they did when each was its own query."""
    with history.session() as s:
        st = compute_stats(s, JUNE, now=NOW)
    assert st["received"] > 300
    for table, key in (("by_type", "type"), ("by_domain", "domain"), ("by_region", "region"),
                       ("by_channel", "channel"), ("by_account", "account_id")):
        rows = st[table]
        assert sum(r["received"] for r in rows) == st["received"], table
        assert sum(r["replied"] for r in rows) == st["replied"], table
        assert sum(r["overdue_unaccepted"] for r in rows) == st["overdue_unaccepted"], table
        assert len({r[key] for r in rows}) == len(rows), table
    assert {None, ""} <= {r["region"] for r in st["by_region"]}
    assert None in {r["type"] for r in st["by_type"]} and None in {r["domain"] for r in st["by_domain"]}
    assert st["previous"]["received"] == sum(r["previous_received"] for r in st["by_type"])
