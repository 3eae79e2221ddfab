"""Plumbing every stage shares: configuration, the item and source types, time, logging, metrics.

Owns no stage. Uses nothing else in monitor/: every other package may import it.
"""
