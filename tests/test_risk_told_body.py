"""An emergency told by how it shows in a body (second session of 2026-12-05, risk-recall).

The development sets' misses, and eval27's totals read before any of its texts, said the same thing: a held-out
emergency is missed because nothing reaches it, not because context cancels it, and the model reads many of them
between 0.3 and its bar. Beside a word of a body's acute state (`[kinds.medical] told`: 昏迷, 抽搐, 喘不上气, 呕吐,
人倒了…), not denied, not nausea announced and not an animal's, the model's own 急症 guess is raised as 疑似 from
`told_bar` on. Every sentence here is my own."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from test_risk import ROOT, det  # noqa: F401 - det is a fixture
from test_risk import flags as raised

from monitor.classify.risk import RiskDetector
from monitor.classify.risk_config import load_risk
from monitor.core.config import ConfigError


@pytest.fixture(scope="module")
def untold(tmp_path_factory: pytest.TempPathFactory) -> RiskDetector:
    """The shipped patterns and model without the told words: the model's bar alone."""
    folder = tmp_path_factory.mktemp("untold")
    text = (ROOT / "config" / "risk.toml").read_text(encoding="utf-8")
    text, n = re.subn(r"(?ms)^told = \[.*?\]\ntold_bar = [0-9.]+\n", "", text)
    assert n >= 1
    (folder / "risk.toml").write_text(text, encoding="utf-8")
    (folder / "risk_model.json").write_text((ROOT / "config" / "risk_model.json").read_text(encoding="utf-8"),
                                            encoding="utf-8")
    return RiskDetector(load_risk(folder / "risk.toml"))


# a body's acute state the model reads as near an emergency but below its bar, with no pattern of the kind
TOLD = ["心跳得乱七八糟，头也晕，感觉要倒了",
        "人倒了 快叫车 在南关清真寺门口"]


@pytest.mark.parametrize("text", TOLD)
def test_a_body_told_raises_the_models_guess_below_its_bar(det: RiskDetector, untold: RiskDetector,  # noqa: F811
                                                           text: str) -> None:
    got = raised(det, text)
    assert "medical" in got and got["medical"]["possible"]
    assert got["medical"]["evidence"][0].startswith("模型")
    assert any(w in got["medical"]["evidence"] for w in ("心跳", "人倒了"))
    assert "medical" not in raised(untold, text)  # the model's bar alone does not raise it


def test_the_body_word_must_be_told_not_denied_announced_or_an_animals(det: RiskDetector) -> None:  # noqa: F811
    step = det.learned
    k = step._kind_index["medical"]
    high = 10 ** 9  # (a guess far above any bar: only the words decide here)
    assert step._told_word("老人突然抽搐，叫不醒", k, high, 1.0) == "抽搐"
    assert step._told_word("他没抽搐，也不呕吐", k, high, 1.0) is None  # denied just before
    assert step._told_word("那股味闻得我都要吐了", k, high, 1.0) is None  # nausea announced
    assert step._told_word("一只小狗在路边倒地抽搐", k, high, 1.0) is None  # an animal's body
    assert step._told_word("老人突然抽搐", k, -high, 1.0) is None  # the model reads nothing near the kind


def test_everyday_uses_of_the_body_words_raise_nothing(det: RiskDetector) -> None:  # noqa: F811
    for text in ("闻到垃圾站那个味我都要吐了，能不能管管", "跑完五公里心跳好快，歇了一会就好了",
                 "小区安全意识宣传栏的玻璃碎了", "我家猫吃了草一直在吐，是不是正常的"):
        assert "medical" not in raised(det, text), text


def test_told_and_its_bar_go_together(tmp_path: Path) -> None:
    p = tmp_path / "risk.toml"
    text = (ROOT / "config" / "risk.toml").read_text(encoding="utf-8")
    text, n = re.subn(r"(?m)^told_bar = [0-9.]+\n", "", text)
    assert n >= 1
    p.write_text(text, encoding="utf-8")
    with pytest.raises(ConfigError, match=r"risk\.toml: .*kinds\.\w+.*told and told_bar go together"):
        load_risk(p)



def test_the_ablation_bench_reads_totals_and_refuses_an_unseen_set(tmp_path: Path) -> None:
    import subprocess
    import sys

    for name in ("eval5.jsonl", "eval34.jsonl"):
        unseen = tmp_path / name
        unseen.write_text('{"text": "楼道里有煤气味", "kinds": ["safety_hazard"]}\n', encoding="utf-8")
        run = subprocess.run([sys.executable, str(ROOT / "bench" / "risk_ablate.py"), "--set", str(unseen)],
                             capture_output=True, text=True, cwd=ROOT)
        assert run.returncode != 0 and "never read here" in run.stderr
    from bench.risk_ablate import totals, variants

    rows = [("老人突然倒地抽搐，叫也叫不醒", ["medical"]), ("周末去爬山，风景很好", [])]
    made = dict(variants(load_risk(ROOT / "config" / "risk.toml"), 0.3))
    assert "match.unless off" in made and "model bars all 0.3" in made and "model bar medical 0.3" in made
    got = totals(made["shipped"](), rows)
    assert got["found"]["medical"] == 1 and got["of"]["medical"] == 1 and got["lookalikes"] == 0
    assert set(got) == {"found", "of", "lookalikes", "certain", "n_lookalikes"}  # totals only, no text
