"""Notifications: the outbox that queues, dedupes, rate-limits and delivers alerts (channel clients live in adapters/notify/).

Uses core/ and store/ only.
"""
