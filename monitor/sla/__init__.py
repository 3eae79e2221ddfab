"""Response windows (SLA): policy, deadlines on China's working calendar, derived state, sweeps.

Modules: :mod:`~monitor.sla.policy` (``config/sla.toml``), :mod:`~monitor.sla.clock` (working-time
arithmetic), :mod:`~monitor.sla.deadlines` (the rules), :mod:`~monitor.sla.state` (state as a pure
function of the timeline), :mod:`~monitor.sla.engine` (cache writer), :mod:`~monitor.sla.calendar`
(China's working calendar). The sweep that acts on the clocks is :mod:`monitor.handling.sweep`.
"""

from monitor.sla.engine import Deadlines, SlaEngine
from monitor.sla.policy import SlaPolicy, load_policy
from monitor.sla.state import SlaState, derive, derive_status

__all__ = ["Deadlines", "SlaEngine", "SlaPolicy", "SlaState", "derive", "derive_status", "load_policy"]
