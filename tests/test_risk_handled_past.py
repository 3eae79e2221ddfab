"""A past event told with how it was handled (fifth session of 2026-12-03, second risk engineer).

Written for these tests, never copied from a set. Citizens come back to a hazard, a poisoning or a crowd
that is over to complain of its handling: nobody paid (那回车库被淹，开发商到今天都没赔), help came late
(跑水那天物业两个钟头才到), the findings were never published (那次中毒的调查结果至今没公开), someone
apologised. The hit's clause is dated (a `past` word, 上回/那天, or a report dated: 上次反映的那个煤气味)
and the handling is told after it in its sentence: the hit is history (`[match] handled`, `event_past`;
monitor/classify/risk/context.py ``_handled_past``). Beside each, the same words telling a danger that is so now
must still be raised: the danger told again (今天又漏了), still there (到现在还有味), a repair not done
(没人修: the hazard stays), no date at all, or 上回 in a comparison (水比上回还深).
"""

from __future__ import annotations

import pytest
from test_risk import det, eager  # noqa: F401 - fixtures
from test_risk import flags as raised
from test_risk import no_pattern

from monitor.classify.risk import RiskDetector

LOOKALIKES = [  # (phenomenon, text, kind that must not be raised by a pattern)
    ("nobody paid for a flood", "那回楼上跑水把我家车库淹了，开发商到今天都没赔", "safety_hazard"),
    ("help came late to a lift", "电梯关人那天维保的人四十分钟才到，这个得整改", "safety_hazard"),
    ("help came late to a fire", "上回楼道里电瓶车着火，消防半小时才到，物业必须给个说法", "safety_hazard"),
    ("a leak's repairman was rude", "上次反映的那个煤气味，燃气公司的师傅服务态度太差，我要投诉", "safety_hazard"),
    ("an apology for a lift", "那天电梯困人的事维保公司已经道歉了，算了", "safety_hazard"),
    ("findings never published", "那次食堂集体中毒的调查结果到现在都没公开", "medical"),
    ("a poisoning compensated", "上回在那家馆子食物中毒，医药费的赔偿到现在还没给", "medical"),
]


@pytest.mark.parametrize(("phenomenon", "text", "kind"), LOOKALIKES, ids=[x[0] for x in LOOKALIKES])
def test_a_past_event_told_with_its_handling_raises_no_pattern(det: RiskDetector, phenomenon: str, text: str,
                                                               kind: str) -> None:
    assert no_pattern(raised(det, text), kind), (phenomenon, det.detect(text))


DANGERS = [  # (phenomenon, text, kind): the same words telling a danger that is so now
    ("the fire again today", "上回楼道里电瓶车着火，消防半小时才到，今天又着火了", "safety_hazard"),
    ("the leak still there", "上次反映的那个煤气味，到现在还有味，师傅态度还差", "safety_hazard"),
    ("a leak now, help late", "燃气泄漏了，燃气公司两个钟头才到，现在还在漏", "safety_hazard"),
    ("a flood now, nobody pays", "楼上跑水把我家车库淹了，开发商不赔", "safety_hazard"),
    ("a flood deeper than the last", "车库的水比上回还深，已经漫到车门了，物业一直不赔", "safety_hazard"),
    ("a lift with people in it now", "电梯困人了，里面有个老人，维保的人还没到，四十分钟才到怎么行", "safety_hazard"),
    ("a poisoning now", "今天中午食堂集体中毒，好几个孩子送医院了，调查结果呢", "medical"),
    # a past event, its apology, then a turn to what happened now: the earlier date dates nothing after 结果
    ("a lift again after a turn", "上次电梯困人，物业道歉了，结果我妈被困在里面两个小时了", "safety_hazard"),
]


@pytest.mark.parametrize(("phenomenon", "text", "kind"), DANGERS, ids=[x[0] for x in DANGERS])
def test_the_same_words_telling_a_danger_now_are_raised(det: RiskDetector, phenomenon: str, text: str,
                                                        kind: str) -> None:
    assert kind in raised(det, text), (phenomenon, det.detect(text))


def test_the_model_reads_the_event_as_history_too(det: RiskDetector, eager: RiskDetector) -> None:
    text = "上回楼道里电瓶车着火，消防半小时才到，物业必须给个说法"
    evidence: dict = {}
    assert "safety_hazard" not in {r["flag"] for r in eager.detect(text, evidence)}
    assert {"flag": "safety_hazard", "words": "模型", "by": "上回…才到"} in evidence["risk"]["cancelled"]
    # …but the evidence names the handling, and a danger told again keeps the model free
    assert "safety_hazard" in raised(det, "上回楼道里电瓶车着火，消防半小时才到，今天又着火了")
