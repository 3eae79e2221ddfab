"""A long text's characters that no automaton key holds are walked as one placeholder
(``trie_order.foreign``): a speed-up only, so every flag, label, severity and piece of evidence,
and the explanation with the model's figures, must be what the plain walk gives."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from monitor.classify.risk import RiskDetector, learned, matching
from monitor.classify.trie_order import FOREIGN, NEVER, foreign

ROOT = Path(__file__).resolve().parents[1]

# long letters of my own, each with characters that begin or hold no pattern (鼋, 曌, 龘, ㈱, ©)
_FILLER = "我们小区的物业这几年换了三家，每一家都说会把路灯修好，可到现在还是黑的，老人晚上出门很不方便。"
_LETTERS = [
    _FILLER * 5 + "鼋曌龘这栋楼地下室一股很冲的煤气味，已经两天了，没人来查。",
    "龘㈱" + _FILLER * 5 + "我实在撑不下去了，活着没什么意思，今晚就从桥上跳下去。©",
    _FILLER * 5 + "上个月单位搞了一回燃气泄漏的应急演练，同事们都挺当回事，鼋。",
    _FILLER * 3 + "隔壁男的喝多了就拿皮带抽他家孩子，孩子哭了半夜，曌曌曌。" + _FILLER,
]


@pytest.fixture(scope="module")
def detector() -> RiskDetector:
    return RiskDetector.load(ROOT / "config" / "risk.toml")


def _run(det: RiskDetector, text: str) -> tuple[list[dict[str, Any]], dict[str, Any]]:
    ev: dict[str, Any] = {}
    return det.detect(text, ev), ev


def test_foreign_keeps_positions_and_held_characters() -> None:
    pattern = foreign(["煤气", "跳下去", "漏" + NEVER])
    text = "鼋煤气龘漏了跳下去"
    walked = pattern.sub(FOREIGN, text)
    assert len(walked) == len(text)
    assert walked == FOREIGN + "煤气" + FOREIGN + "漏" + FOREIGN + "跳下去"


@pytest.mark.parametrize("text", _LETTERS)
def test_long_letter_walked_with_placeholder_decides_the_same(
        detector: RiskDetector, text: str, monkeypatch: pytest.MonkeyPatch) -> None:
    assert len(text) >= matching._FOREIGN_LONG
    for stage in (matching, learned):  # (the word walk's and the model's n-gram walk's bound)
        monkeypatch.setattr(stage, "_FOREIGN_LONG", 10**9)  # the plain walk, for every text
    plain = [_run(detector, t) for t in (text, text[-60:])]
    for stage in (matching, learned):
        monkeypatch.setattr(stage, "_FOREIGN_LONG", 0)  # every text through the placeholder
    assert [_run(detector, t) for t in (text, text[-60:])] == plain


def test_letters_hold_foreign_characters_and_raise_flags(detector: RiskDetector) -> None:
    """(the comparison above is worth something: the letters hold characters no key holds, and raise)"""
    assert all(detector.matcher._ac_foreign.search(t) and detector.learned._grams_foreign.search(t) for t in _LETTERS)
    assert sum(bool(detector.detect(t)) for t in _LETTERS) >= 2
