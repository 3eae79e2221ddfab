"""Routing of classified cases to member accounts, and recording it on the case.

``Router.from_config(config).route(classification, mentioned_ids)`` decides;
:func:`monitor.route.assign.apply_route` writes the decision (assignments, events, queue).
"""

from monitor.route.router import RouteDecision, Router

__all__ = ["RouteDecision", "Router"]
