"""Hazards told by what they do to the people in them and by what those near them notice (eighth session of 2026-12-05,
risk-hazard).

On the blind sets hazards are the weakest kind, and many missed ones raise nothing. On the development sets the model
never learnt, a hazard told without its matter (no fire, gas, water or falling thing named) was read by the model at its
bar and then kept quiet by the kind's `[model] needs`: a worker shut in a cold store, a fermenting tank that stifles, a
ride stopped in mid-air, a lid gone and the ankles it turned. Those words of being shut in, of air that stifles, of thin
ice, of a lid, a railway, a fire it already had, a tank and a farm machine are now among the needs. And a hazard told by
what those near it notice (no answer from where a gas heater burns, a cry for help, a smell off a tanker, a hole growing
by the day) is among the kind's `told` words, whose guess is raised as 疑似 from 0.3. Every sentence here is my own."""

from __future__ import annotations

import re

import pytest
from test_risk import ROOT, det  # noqa: F401 - det is a fixture
from test_risk import flags as raised

from monitor.classify.risk import RiskDetector, normalise
from monitor.classify.risk_config import load_risk

CONFIG = ROOT / "config" / "risk.toml"


def _without(tmp: pytest.TempPathFactory, name: str, pattern: str) -> RiskDetector:
    """The shipped detector with the eighth session's words of ``pattern`` (a `needs` or `told` block) taken out."""
    folder = tmp.mktemp(name)
    text, n = re.subn(pattern, "", CONFIG.read_text(encoding="utf-8"), flags=re.S)
    assert n == 1
    (folder / "risk.toml").write_text(text, encoding="utf-8")
    (folder / "risk_model.json").write_bytes((ROOT / "config" / "risk_model.json").read_bytes())
    return RiskDetector(load_risk(folder / "risk.toml"))


@pytest.fixture(scope="module")
def old_needs(tmp_path_factory: pytest.TempPathFactory) -> RiskDetector:
    return _without(tmp_path_factory, "old_needs", r',\n\s+# \(eighth session of 2026-12-05, risk-hazard\) a hazard told by '
                                                   r'what it does.*?"叉车"(?=\])')


@pytest.fixture(scope="module")
def old_told(tmp_path_factory: pytest.TempPathFactory) -> RiskDetector:
    return _without(tmp_path_factory, "old_told", r',\n\s+# \(eighth session of 2026-12-05, risk-hazard\) or by what those '
                                                  r'near it notice.*?"越来越斜"')


def test_a_worker_shut_in_a_cold_store_is_a_hazard(det: RiskDetector, old_needs: RiskDetector) -> None:  # noqa: F811
    text = "冷库的门坏了，里面打不开，前天有个搬运工被关在里头半天"
    got = raised(det, text)
    assert "safety_hazard" in got and got["safety_hazard"]["possible"]  # 疑似: the model's guess, for a person to read
    assert got["safety_hazard"]["evidence"][0].startswith("模型")
    # before: the model read it at its bar, and no word of fire, gas, water or a fall let the guess stand
    assert "safety_hazard" not in raised(old_needs, text)


def test_no_answer_from_a_bathroom_with_a_gas_heater_is_a_hazard(det: RiskDetector,  # noqa: F811
                                                                  old_told: RiskDetector) -> None:
    text = "奶奶在浴室洗澡快一个钟头了，喊她不答应，浴室里是燃气热水器"
    got = raised(det, text)
    assert "safety_hazard" in got and got["safety_hazard"]["possible"]
    assert "不答应" in got["safety_hazard"]["evidence"]
    assert "safety_hazard" not in raised(old_told, text)  # the model's guess is under its bar


def test_workers_from_elsewhere_are_who_sleeps_by_the_stove_not_a_story_from_elsewhere(det: RiskDetector) -> None:  # noqa: F811
    got = raised(det, "蔬菜大棚里烧着煤炉子，几个外地来的工人就睡在里面，门窗都关死了")
    assert "safety_hazard" in got


def test_smoking_told_in_the_hotlines_word_beside_what_burns(det: RiskDetector) -> None:  # noqa: F811
    got = raised(det, "12345：来电人反映某仓库内堆放大量烟花爆竹，仓库内还有人吸烟，请求查处。")
    assert "safety_hazard" in got and not got["safety_hazard"]["possible"]
    assert any(w.endswith("有人吸烟") for w in got["safety_hazard"]["evidence"])


@pytest.mark.parametrize("text", [
    # the body's reaction to a neighbour's smoke or noise: a complaint, no hazard word told by it
    "楼下烧烤的烟熏得人头疼，孩子一直咳嗽，能不能管管",
    "隔壁那家饭馆的空调外机吵得人头晕，晚上睡不着",
    # shut in by a broken lift or a traffic jam, a fridge that will not open
    "电梯坏了三天了，十八楼的老人下不来楼",
    "学校门口接孩子的车太多，小区的车出不来",
    "我家冰箱冷冻室的门打不开了，是不是冻住了",
    # a noise likened to a tractor
    "楼下那家店的空调外机一开，响得跟拖拉机一样",
])
def test_everyday_talk_in_the_new_words_stays_quiet(det: RiskDetector, text: str) -> None:  # noqa: F811
    assert "safety_hazard" not in raised(det, text)


# (second step) a degree told of the river itself is its state, not a figure of speech over a nuisance
@pytest.mark.parametrize("text", ["大渠开闸放水了，水流急得很，渠沿上还有放学的娃娃在追着玩",
                                  "上游下了一夜雨，今天黄河水涨得老快，滩地上还有人在搭帐篷钓鱼"])
def test_a_river_told_by_its_degree_is_a_hazard(det: RiskDetector, text: str) -> None:  # noqa: F811
    got = raised(det, text)
    assert "safety_hazard" in got and got["safety_hazard"]["possible"]
    assert got["safety_hazard"]["evidence"][0].startswith("模型")


def test_the_rivers_degree_is_no_figure_of_speech_but_pay_and_a_worry_are(det: RiskDetector) -> None:  # noqa: F811
    def figures(text: str) -> list[str]:
        r = det.matcher.walk(normalise(text))
        return [r.norm[a:b] for a, b in r.hypers]

    assert figures("今天水急得很，渠沿上都是人") == []
    assert figures("水位涨得很快") == []
    assert figures("薪水涨得比房租慢") == ["涨得"]  # pay, not water
    assert figures("我急得直哭") == ["急得"]
