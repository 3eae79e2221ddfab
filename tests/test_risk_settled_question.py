"""An answer word that opens a question settles nothing (lead, seventh session of 2026-12-05).

`[match] settled` holds what the writer was told a scene was (问了是…, 一问是…, 一看是…, 原来是…): the danger read is
someone's mistake. The same words open the writer's own question when 不是 or 否 follows (我问了是不是哪家漏气; 想问一问
是不是要打120): then nothing is settled, as 是不是真的 settles nothing. Written for these tests, never copied from a set.
"""

from __future__ import annotations

import pytest
from test_risk import det  # noqa: F401 - fixtures
from test_risk import flags as raised

from monitor.classify.risk import RiskDetector


@pytest.mark.parametrize(("kind", "text"), [
    ("safety_hazard", "单元门口一股呛人的煤气味，我问了是不是谁家漏气，没人说得清"),
    ("medical", "宝宝烧到四十度一直抽搐叫不醒，想问一问是不是该打120"),
    ("safety_hazard", "后院那边冒黑烟，一看是不是着火了，我赶紧往下跑"),
])
def test_a_question_opened_by_an_answer_word_settles_nothing(det: RiskDetector, kind: str, text: str) -> None:
    flag = raised(det, text)
    assert kind in flag and not flag[kind]["possible"], text


@pytest.mark.parametrize("text", [
    "小区门口排了一长串人，问了一下是来领免费鸡蛋的",
    "一股刺鼻的油漆味，问了是楼下刚刷的防火涂料",
])
def test_what_the_writer_was_told_still_settles(det: RiskDetector, text: str) -> None:
    assert not raised(det, text), text
