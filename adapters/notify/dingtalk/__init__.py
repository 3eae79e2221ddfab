"""DingTalk (钉钉) custom robot with a signed URL: client and mock receiver."""

from adapters.notify.dingtalk.client import DingtalkOptions, DingtalkRobot, sign

__all__ = ["DingtalkOptions", "DingtalkRobot", "sign"]
