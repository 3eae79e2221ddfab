"""轻生, threats and hazards told by how they show, not by their own words (sixth session of 2026-12-05, risk-unreached).

On the blind sets most missed dangers raise nothing at all, 轻生 and hazards first. Where a writer tells them without the
kind's words, they tell them by what they ask of others (谁在附近去拦一下, 派人来劝劝) or, for a hazard, by who is exposed to
it, what it already did, or the protection missing (娃娃在旁边玩, 翻了两辆车, 没有救生衣); a threat by the reckoning it
promises or those who cannot hold the writer back (弄谁, 一人一根, 一次算清, 拉不住). Beside such a word (`told` in
`[kinds.self_harm]`, `[kinds.threat]` and `[kinds.safety_hazard]`), not denied, the model's own guess is raised as 疑似 from `told_bar` on,
below its bar, and the content bar is not asked of it: the word is what the post tells. Every sentence here is my own."""

from __future__ import annotations

import math
import re

import pytest
from test_risk import ROOT, det  # noqa: F401 - det is a fixture
from test_risk import flags as raised

from monitor.classify.risk import RiskDetector
from monitor.classify.risk_config import load_risk


@pytest.fixture(scope="module")
def untold(tmp_path_factory: pytest.TempPathFactory) -> RiskDetector:
    """The shipped patterns and model without the told words of 轻生, threats and hazards (an emergency's body words
    kept)."""
    folder = tmp_path_factory.mktemp("untold_reach")
    text = (ROOT / "config" / "risk.toml").read_text(encoding="utf-8")
    for kind in ("self_harm", "threat", "safety_hazard"):
        text, n = re.subn(rf"(?ms)^(\[kinds\.{kind}\]\n.*?)^told = \[.*?\]\ntold_bar = [0-9.]+\n", r"\1", text)
        assert n == 1
    (folder / "risk.toml").write_text(text, encoding="utf-8")
    (folder / "risk_model.json").write_text((ROOT / "config" / "risk_model.json").read_text(encoding="utf-8"),
                                            encoding="utf-8")
    return RiskDetector(load_risk(folder / "risk.toml"))


TOLD = [("我舅舅地里的苗全淹了，一个人在地头蹲了半天，说要跟着苗一起走，谁离得近过去劝劝他", "self_harm", "去劝"),
        ("渡口的小船载客过河，船上没有救生衣，船底还漏了一块", "safety_hazard", "没有救生衣")]
# (a threat's: the reckoning it promises, those who cannot hold the writer back)
THREATS = ["周六晚上球赛完了，在体育馆后门堵那几个人，一人一根", "他欠我的那些，开春以后我一次算清"]


@pytest.mark.parametrize(("text", "kind", "word"), TOLD)
def test_a_kind_told_by_how_it_shows_raises_the_models_guess_below_its_bar(
        det: RiskDetector, untold: RiskDetector, text: str, kind: str, word: str) -> None:  # noqa: F811
    got = raised(det, text)
    assert kind in got and got[kind]["possible"]  # 疑似: a person looks
    assert got[kind]["evidence"][0].startswith("模型")
    assert word in got[kind]["evidence"]
    assert kind not in raised(untold, text)  # the model's bar alone does not raise it


@pytest.mark.parametrize("text", THREATS)
def test_a_threat_told_by_its_reckoning_reaches_the_model(det: RiskDetector, untold: RiskDetector,  # noqa: F811
                                                          text: str) -> None:
    got = raised(det, text)
    assert "threat" in got and got["threat"]["possible"]
    assert got["threat"]["evidence"][0].startswith("模型")
    assert "threat" not in raised(untold, text)


def test_the_told_word_must_not_be_denied(det: RiskDetector) -> None:  # noqa: F811
    step = det.learned
    k = step._kind_index["self_harm"]
    high = 10 ** 9  # (a guess far above any bar: only the words decide here)
    assert step._told_word("他往河边去了，谁在附近去拦一下", k, high, 1.0) == "去拦"
    assert step._told_word("我们几个都没拦住他", k, high, 1.0) is None  # denied just before
    assert step._told_word("他往河边去了，谁在附近去拦一下", k, -high, 1.0) is None  # the model reads nothing near it


def test_the_content_bar_is_not_asked_of_a_told_kind() -> None:
    # a detector of its own whose 轻生 content bar no guess reaches: a guess without a told word is kept quiet by it
    # (仅语气字眼), a guess beside one is raised
    own = RiskDetector(load_risk(ROOT / "config" / "risk.toml"))
    step = own.learned
    step._content_bar[step._kind_index["self_harm"]] = math.log(0.999 / 0.001)
    assert "self_harm" not in raised(own, "李叔这两天老往水库那边走，上回就是在那被人拉回来的")
    got = raised(own, "王婶又往机井那边去了，上回就差点出事，谁在附近赶紧去拦一下")
    assert "self_harm" in got and got["self_harm"]["possible"] and "去拦" in got["self_harm"]["evidence"]


@pytest.mark.parametrize("text", [
    "毕业了，今天跟室友们告别，有点舍不得",  # a parting, no ask: 告别 is no told word
    "我妈又要去买保健品，谁有空帮我去劝劝她",  # an ask the model reads nowhere near an ending
    "熬了三个通宵终于交了，睡了，别叫醒我",
    "小区新装的健身器材挺好，孩子们天天在旁边玩",  # exposure beside no hazard: the kind's needs are not met
    "公园的湖边划船都要穿救生衣，挺规范",
])
def test_everyday_uses_of_the_told_words_raise_nothing(det: RiskDetector, text: str) -> None:  # noqa: F811
    got = raised(det, text)
    assert "self_harm" not in got and "safety_hazard" not in got, text
