"""Matrix-wide statistics: metrics, breakdowns, periods and exports (see ``docs/metrics.md``).

Uses core/, store/ and access/ (an account's subtree).
"""

from monitor.stats.compute import compute_stats
from monitor.stats.period import Period, PeriodError
from monitor.stats.scope import Slice, StatsError

__all__ = ["Period", "PeriodError", "Slice", "StatsError", "compute_stats"]
