"""Running it all: the daemon (scheduler, polling, web server), the demo, periodic services, pipeline assembly.

Uses every package below it; only cli/ imports it.
"""
