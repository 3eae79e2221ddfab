"""Smoke of burning leaves or a barbecue, and a hot-pot stall's charcoal: raised as 疑似, never dropped.

Why: a certain flag alerts handlers, supervisors and the hub at once, night included, and
`烟呛`/`烧炭` told of an everyday source (烧秸秆, 烧烤摊) are routine complaints. Dropping them would
lose a real fire told beside a barbecue, so the flag stays, as 疑似 for the hub's duty desk, with the
source as evidence — unless a sign of real danger is told (火苗, 被困, 不想活, 门窗…).
"""

from __future__ import annotations

from pathlib import Path

import pytest

from monitor.classify.risk import RiskDetector

ROOT = Path(__file__).resolve().parents[1]


@pytest.fixture(scope="module")
def det() -> RiskDetector:
    return RiskDetector.load(ROOT / "config" / "risk.toml")


def _flag(det: RiskDetector, text: str, kind: str) -> dict | None:
    return next((r for r in det.detect(text) if r["flag"] == kind), None)


@pytest.mark.parametrize(("text", "kind", "source"), [
    ("后面那片地里有人在烧秸秆，浓烟滚滚的，晾的衣服全是味", "safety_hazard", "烧秸秆"),
    ("物业的保洁在花坛边烧落叶，烟特别浓，熏得人直咳嗽", "safety_hazard", "烧落叶"),
    ("我们单元门口开了个撸串的摊子，今晚烟大得很，窗户都不敢开", "safety_hazard", "撸串"),
    ("铜锅要先烧炭，后厨有人专门烧炭，烧炭的烟从后窗飘进我家卧室", "self_harm", "铜锅"),
    ("小区边上的炭火烧烤傍晚开始烧炭，整个小区都能闻到", "self_harm", "炭火烧烤"),
])
def test_an_everyday_source_makes_the_flag_possible_with_the_source_as_evidence(
        det: RiskDetector, text: str, kind: str, source: str) -> None:
    f = _flag(det, text, kind)
    assert f is not None, "never dropped: a person at the hub confirms it"
    assert f["possible"] and f["label"].startswith("疑似")
    assert f"来源：{source}" in f["evidence"]


@pytest.mark.parametrize(("text", "kind"), [
    ("邻居烧秸秆没看住，火苗蹿到了柴火垛上，烟大得看不见人", "safety_hazard"),
    ("隔壁饭店炒菜的烟一直往楼道里灌，现在整层都是烟，有人被困在三楼出不来", "safety_hazard"),
    ("昨晚吃完烧烤回来，发现楼道电箱那里在冒烟，烟特别大", "safety_hazard"),
    ("有人在加气站后面的荒地上烧荒，浓烟一直往站里飘", "safety_hazard"),
    ("他下班后说不想活了，借口吃烧烤买了一袋炭，屋里门窗关得死死的", "self_harm"),
    ("我妹一个人在出租屋里烧炭，说是烤肉，电话一直不接", "self_harm"),
])
def test_a_sign_of_real_danger_keeps_the_flag_certain(det: RiskDetector, text: str, kind: str) -> None:
    f = _flag(det, text, kind)
    assert f is not None and not f["possible"], f
    assert not any(w.startswith("来源：") for w in f["evidence"])


def test_a_denied_sign_of_danger_is_no_sign(det: RiskDetector) -> None:
    """没有明火 tells no fire: the barbecue still explains the smoke."""
    f = _flag(det, "对面烧烤店烟太浓了，呛得人直流眼泪，没有明火，就是烟大", "safety_hazard")
    assert f is not None and f["possible"]
    assert "来源：烧烤" in f["evidence"]


def test_evidence_the_source_cannot_explain_stays_certain(det: RiskDetector) -> None:
    """A barbecue explains smoke, not a gas leak: 燃气…漏 beside 烧烤 is a hazard for certain."""
    f = _flag(det, "烧烤店门口那个燃气罐一直在漏，能闻到很重的气味", "safety_hazard")
    assert f is not None and not f["possible"]


@pytest.mark.parametrize(("text", "context"), [
    ("烤串店门口烟太大，火苗已经蹿到了隔壁的雨棚上", "烤串"),
    ("对面烧烤摊烟大得吓人，我闻着不对劲，好像里面的人跑不出来了", "烧烤摊"),
    ("饭店油烟从窗户往外涌，浓烟里有人在喊救命", "油烟"),
])
def test_a_sign_of_real_danger_keeps_a_look_alike_flag_as_possible(det: RiskDetector, text: str, context: str) -> None:
    """Look-alike context (烧烤摊, 烤串, 油烟) cancels a hazard, but not beside a sign of real
    danger: the stall's own fire may be the danger, so a person at the hub judges it (疑似), the
    context and the sign as evidence."""
    f = _flag(det, text, "safety_hazard")
    assert f is not None, "never dropped beside a sign of real danger"
    assert f["possible"] and f["label"] == "疑似安全隐患"
    assert any(w.startswith(f"{context}，但") for w in f["evidence"]), f["evidence"]


@pytest.mark.parametrize("text", [
    "楼下烧烤摊的烟太大了，晚上根本没法开窗",
    "楼下烤串的烟一直往上飘，好在没有人受伤，就是呛",  # a sign nobody suffered is no sign
    "看新闻说外地有饭店燃气爆炸，我们这条街的烧烤摊要不要查查",  # a story of elsewhere: not overruled
])
def test_look_alike_context_without_a_real_sign_still_cancels(det: RiskDetector, text: str) -> None:
    f = _flag(det, text, "safety_hazard")
    assert f is None or not any("，但" in w for w in f["evidence"]), f
