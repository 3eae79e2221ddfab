"""A threat told as an ultimatum past the writer's lawful step (sixth session of 2026-12-05, the lead's probe).

The threat kind's `unless` words name lawful ways (去投诉, 去仲裁, 起诉): beside one, a weapon's word reads as talk of a
complaint (我要去投诉，不然这事没完). In the clause before a hit they cancelled it even when the hit's own clause was an
ultimatum going past that step (再不解决我就拿刀去找他), so a knife promised after a complaint raised nothing at all.
Such a word in the clause before no longer cancels a hit whose own clause carries the ultimatum
(`context._escalated`). Written for these tests, never copied from a set.
"""

from __future__ import annotations

import pytest
from test_risk import det  # noqa: F401 - fixtures
from test_risk import flags as raised

from monitor.classify.risk import RiskDetector

STANDS = [  # (mechanism, text): a threat raised
    ("a knife after a complaint", "我要去投诉，再不解决我就拿刀去找他"),
    ("petrol after a complaint", "我已经去投诉了，还不处理就拿汽油烧了他家"),
    ("after arbitration, if still unpaid", "我去劳动仲裁了，要是还不给钱，就拿刀跟他拼了"),
]

QUIET = [  # (mechanism, text): no threat raised
    ("the complaint is the ultimatum", "我要去投诉，再不解决我就打12345"),
    ("a knife in a shop, then a complaint", "买的菜刀刀柄松了，我要去投诉商家"),
]


@pytest.mark.parametrize(("mechanism", "text"), STANDS, ids=[x[0] for x in STANDS])
def test_an_ultimatum_past_a_lawful_step_is_a_threat(det: RiskDetector, mechanism: str, text: str) -> None:
    assert "threat" in raised(det, text), (mechanism, det.detect(text))


@pytest.mark.parametrize(("mechanism", "text"), QUIET, ids=[x[0] for x in QUIET])
def test_a_lawful_step_alone_stays_quiet(det: RiskDetector, mechanism: str, text: str) -> None:
    assert "threat" not in raised(det, text), (mechanism, det.detect(text))
