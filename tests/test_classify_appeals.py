"""Requests to act on a problem are complaints (投诉), not 其他: what most 问政 posts look like."""

from pathlib import Path

import pytest

from monitor.classify import Classifier
from monitor.core.config import Config

ROOT = Path(__file__).resolve().parents[1]


@pytest.fixture(scope="module")
def clf() -> Classifier:
    return Classifier.from_config(Config.load(ROOT / "config" / "wenzheng.toml"))


@pytest.mark.parametrize("text", [
    "@兴庆区凤凰北街街道 小区北门的路灯坏了快一个月了，晚上出行很不方便，希望尽快维修。",
    "书香苑有业主遛狗不拴绳，还有犬只半夜叫个不停，请有关部门协调解决。",
    "紫园2号楼电梯三天两头停运，物业说没钱维修，业主天天爬楼，请有关部门督促。",
    # (…请派人看看 is a boundary: the outside writers file 13 of their 16 messages asking to send someone
    # as 求助, and the type model, trained on them, reads it so where the cues are weak)
    "我们单元的楼道窗户玻璃碎了，风一吹掉渣，担心砸到孩子，请尽快维修。",
])
def test_requests_to_fix_a_problem_are_complaints(clf: Classifier, text: str):
    assert clf.classify(text).type == "complaint"


@pytest.mark.parametrize(("text", "expected"), [
    ("请问停水什么时候恢复？", "consult"),
    ("建议在万达附近增设公交站", "suggestion"),
])
def test_questions_and_suggestions_keep_their_type(clf: Classifier, text: str, expected: str):
    assert clf.classify(text).type == expected
