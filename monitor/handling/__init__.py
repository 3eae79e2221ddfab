"""Case handling after intake: operator actions, the escalation queue and sweep, reply rules, feedback, replying.

Uses core/, store/, sla/, notify/ and intake/ (to reach a platform for replies); never web/ or runtime/.
"""
