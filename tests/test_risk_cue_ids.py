"""How the word walk hands cues to the rule check (issue 10, cost): a word that is a cue and nothing else is
kept as the automaton's own hit, and a cue's rules are read by its id, digit cues (00多) numbered after the
words. The flags through the real detector are what they were before this bookkeeping changed."""

from __future__ import annotations

from pathlib import Path

import pytest

from monitor.classify.risk import RiskDetector

CONFIG = Path(__file__).resolve().parents[1] / "config" / "risk.toml"


@pytest.fixture(scope="module")
def det() -> RiskDetector:
    return RiskDetector.load(CONFIG)


def test_every_cue_only_word_has_its_rules_by_id(det: RiskDetector) -> None:
    m = det.matcher
    assert len(m.cue_bits) > len(m.words)  # the digit cues numbered after the words
    assert all(m.cue_bits[i] for i, entry in enumerate(m._values) if entry is None)
    assert all(m.cue_bits[i] == 0 for i, entry in enumerate(m._values) if entry is not None and not entry[2])


@pytest.mark.parametrize(("text", "flag", "evidence"), [
    ("200多名工人围在工地门口要工钱", "mass_incident", "200多…围在"),  # a cue with digits, by its id
    ("地下车库一股煤气味", "safety_hazard", "煤气味"),  # a word and its cue side by side
])
def test_a_cue_pairs_with_its_word(det: RiskDetector, text: str, flag: str, evidence: str) -> None:
    out = {r["flag"]: r for r in det.detect(text)}
    assert flag in out and evidence in out[flag]["evidence"]


@pytest.mark.parametrize("text", [
    "小区里200多名业主在开会",  # a crowd counted, no act of one
    "楼下有人在跳广场舞",  # a look-alike phrase
])
def test_no_cue_no_flag(det: RiskDetector, text: str) -> None:
    assert det.detect(text) == []
