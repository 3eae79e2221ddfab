"""Look-alikes by mechanism, fourth session of 2026-12-05 (risk-looks): a beating weighed or denied.

- Harm at home is told in the words parents use to weigh discipline: 老公说孩子不听话就得打，我不同意，我觉得要讲道理;
  我觉得娃犯了错罚站就行，不能打，大家怎么看. And a blow a child was promised is often told as one that never came:
  混合双打预定…其实我爸妈从来不打我; 说要打断我的腿，说了二十年了，一次没打过. With such a view (讲道理, 不能打 beside 我觉得,
  我不同意, 怎么看…) or a denial that a blow ever came, and nothing told anywhere of a blow done, a wound, fear, a habit or
  a change (打了, 天天, 伤, 哭, 怕, 不敢, 关, 推, 最近, 突然, 喝…), harm at home's hits are cancelled and the model's guess
  stays quiet; the denial answers a threat's hit too (`looks.beating_weighed`).
- A view told beside a blow done, a habit or a change keeps the flag: 我跟他讲道理他不听，还把孩子打哭了.

Written for these tests, never copied from a set.
"""

from __future__ import annotations

import pytest
from test_risk import det  # noqa: F401 - fixtures
from test_risk import flags as raised

from monitor.classify.risk import RiskDetector
from monitor.classify.risk.looks import beating_weighed

WEIGHED = [  # (mechanism, text, kind): the kind not raised (each raised for certain before this check)
    ("a father's view against the writer's", "孩子爸说娃不听话就得打，我不同意，我觉得还是讲道理好，大家觉得呢", "minor_domestic"),
    ("a joke, the blow denied", "数学考了五十分，回家准备挨揍吧（其实我爸从来不打我）", "minor_domestic"),
    ("a threat never carried out", "我爸老说再考不及格就打断你的腿，说了好多年，从来没打过", "threat"),
    ("the same, harm at home", "我爸老说再考不及格就打断你的腿，说了好多年，从来没打过", "minor_domestic"),
]


@pytest.mark.parametrize(("mechanism", "text", "kind"), WEIGHED, ids=[x[0] for x in WEIGHED])
def test_a_beating_weighed_or_denied_is_no_harm(det: RiskDetector, mechanism: str, text: str, kind: str) -> None:
    assert kind not in raised(det, text), (mechanism, det.detect(text))


STANDS = [  # (mechanism, text, kind): the kind still raised
    ("a view beside a habit of blows", "我跟老公讲道理没用，他天天打孩子，孩子身上都是伤，我觉得这样不对", "minor_domestic"),
    ("a view beside a blow last night", "我觉得应该讲道理，可我老公不听，昨晚又拿皮带抽孩子", "minor_domestic"),
    ("a denial, then a change", "我老公以前从来不打孩子，最近喝了酒就打，孩子吓得躲在柜子里", "minor_domestic"),
    ("a threat with a stick now", "他说要打断我的腿，以前一次没打过，可今天他拿着棍子在门口等我", "threat"),
]


@pytest.mark.parametrize(("mechanism", "text", "kind"), STANDS, ids=[x[0] for x in STANDS])
def test_a_beating_with_a_blow_told_stays(det: RiskDetector, mechanism: str, text: str, kind: str) -> None:
    assert kind in raised(det, text), (mechanism, det.detect(text))


def test_a_view_answers_harm_at_home_only() -> None:
    assert beating_weighed("minor_domestic", "我觉得孩子犯错要讲道理，不能打") == "讲道理"
    assert beating_weighed("threat", "我觉得孩子犯错要讲道理，不能打") is None
    assert beating_weighed("threat", "说要揍我，说了好多年，从来没打过") is not None
