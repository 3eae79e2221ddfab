"""WeCom (企业微信) group robot: client and mock receiver."""

from adapters.notify.wecom.client import WecomOptions, WecomRobot

__all__ = ["WecomOptions", "WecomRobot"]
