"""Notification channels: WeCom group robot, DingTalk custom robot, e-mail.

One subpackage per channel, each with its client (``client.py``) and a mock receiver
(``mock.py``) that validates requests the way the real platform does, so tests and the demo run
the unchanged client over real HTTP/SMTP. The outbox (:mod:`monitor.notify.outbox`) is the only caller
in the daemon; ``wenzheng notify test CHANNEL`` calls a channel directly.
"""

from adapters.notify.base import Message, NotifyError, RateLimited, TokenBucket

__all__ = ["Message", "NotifyError", "RateLimited", "TokenBucket"]
