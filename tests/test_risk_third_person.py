"""Threats and harm to children told the way a post without punctuation or a neighbour tells them.

Written for these tests (not copied from any data set). Two phenomena of how citizens write:

* a post whose clauses are parted by spaces, not commas (那男的住哪我打听到了 今天就去): the space ends
  a clause, so a negation or a past marker of one clause does not reach into the next;
* a threat or a child's danger told in the third person, by consequence or in dialect: a reckoning
  promised as a show (看我怎么收拾他), harm promised by where the target ends up (包你躺着出去), a
  warning of worse (只是开始), a child hurt by an adult with power over them (被教练踢了), a child left
  alone at home, violence waved away as a family matter (说是家务事).

Each danger must be raised (疑似 where a person must judge); each look-alike beside it must not.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from monitor.classify.risk import RiskDetector, model_text, normalise

ROOT = Path(__file__).resolve().parents[1]


@pytest.fixture(scope="module")
def det() -> RiskDetector:
    return RiskDetector.load(ROOT / "config" / "risk.toml")


def flags(det: RiskDetector, text: str) -> dict[str, dict]:
    return {r["flag"]: r for r in det.detect(text)}


# ------------------------------------------------------------------ a space that ends a clause

def test_a_space_between_clauses_is_kept_as_one_and_word_spacing_is_removed() -> None:
    assert normalise("我也没脸回家了 铁棍就在车上  明天去找他") == "我也没脸回家了 铁棍就在车上 明天去找他"
    assert normalise("打 １２０ 一直 占线，人 晕倒 了") == "打120一直占线,人晕倒了"  # short pieces: word spacing
    assert normalise("工资扣了300 老板不见人") == "工资扣了300老板不见人"  # a digit beside the space: no clause told
    assert model_text(normalise("我也没脸回家了 铁棍就在车上")) == "我也没脸回家了铁棍就在车上"  # the model reads as trained


def test_a_negation_of_one_spaced_clause_does_not_reach_the_next(det: RiskDetector) -> None:
    # 没 of 没脸回家了 once denied the knife told after it, the space removed
    assert "threat" in flags(det, "钱要不回来我也没脸回家了 刀就在包里 见到他就捅")
    assert "threat" not in flags(det, "钱要不回来 我也没拿刀 就是想跟他好好谈谈")
