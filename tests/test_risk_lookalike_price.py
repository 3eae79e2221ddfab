"""Look-alikes by mechanism, third session of 2026-12-05 (risk-looks): a cry of hardship over a price gone up.

- 这日子没法过了 is how despair is told, and how citizens complain about the cost of living to those who set or watch
  prices: 鸡蛋都涨到七块一斤了，这日子没法过了; 房租一个月涨了两百，这日子没法过了. With a price told gone up and nothing
  of the writer's own plight, no means, no place and no end told anywhere in the post, a weak cue of 轻生 is cancelled and
  the model's guess stays quiet (`context._price_cry`).
- Those in danger tell a cry over money with their plight (工作也没了, 交不上, 欠债), a place (桥, 湖) or a plain cry (不想活了)
  beside the price: those keep it.

Written for these tests, never copied from a set.
"""

from __future__ import annotations

import pytest
from test_risk import det  # noqa: F401 - fixtures
from test_risk import flags as raised

from monitor.classify.risk import RiskDetector

PRICES = [  # (mechanism, text): no 轻生 raised
    ("a food's price", "鸡蛋都涨到七块一斤了，这日子没法过了"),
    ("a rent raised", "房租一个月涨了两百，这日子没法过了"),
    ("a fee raised, a hearing asked", "暖气费又涨了，这日子没法过了，还不给开听证会"),
]


@pytest.mark.parametrize(("mechanism", "text"), PRICES, ids=[x[0] for x in PRICES])
def test_a_cry_over_a_price_is_a_complaint(det: RiskDetector, mechanism: str, text: str) -> None:
    assert "self_harm" not in raised(det, text), (mechanism, det.detect(text))


STANDS = [  # (mechanism, text): 轻生 still raised
    ("a place beside the price", "天然气又涨价，我把车停在黄河大桥上了，这日子没法过了"),
    ("the writer's plight beside it", "房租涨了两百，房东天天催，工作也没了，这日子没法过了"),
    ("a plain cry beside it", "菜价又涨了，这日子没法过了，老婆带着孩子回了娘家，我不想活了"),
]


@pytest.mark.parametrize(("mechanism", "text"), STANDS, ids=[x[0] for x in STANDS])
def test_a_cry_with_a_plight_stays(det: RiskDetector, mechanism: str, text: str) -> None:
    assert "self_harm" in raised(det, text), (mechanism, det.detect(text))
