"""The matrix's own activity: each member account's audience, posts and engagement.

Uses core/ and store/; used by runtime/ (the daemon's slow reading job), stats/ (the figures)
and cli/. An adapter takes part by implementing :class:`ActivitySource` (the Weibo adapter does).
"""

from monitor.activity.reading import ActivitySource, ReadReport, read_matrix_activity, record_readings

__all__ = ["ActivitySource", "ReadReport", "read_matrix_activity", "record_readings"]
