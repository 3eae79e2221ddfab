"""The monthly bulletin (HTML with inline SVG charts) built from :mod:`monitor.stats`."""

from monitor.report.bulletin import render_bulletin

__all__ = ["render_bulletin"]
