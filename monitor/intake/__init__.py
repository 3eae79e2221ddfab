"""Intake: sources polled or pushed, items deduped and threaded into cases, replay and import.

Uses core/ and store/; stages (classify, route, SLA) are plugged in by runtime/, never imported here.
"""
