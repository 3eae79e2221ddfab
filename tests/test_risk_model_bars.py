"""The model's bars as a property of the model (third session of 2026-12-05): each kind's bar, per length band, read at
training time from the guesses of models that never learnt the messages they read, kept in the model file, and read
from there by the detector (`[model] bars_odds`), as `unlike`'s and the content bars are
(tests/test_risk_unlike_bars.py, tests/test_risk_content_bars.py).

- risk_train.held_out reads, in the ten folds it reads `unlike` in, every kind a fold's model raises by its own guess with
  every bar at a floor (0.2), with its probability, its content score, the length of the text and whether the patterns
  raised anything in it. The model file keeps, per kind, per length band (under 20 characters, under 40, the rest: a
  short post's few n-grams each weigh more, so it scores further from the middle) and per step of 0.05, how many of the
  guesses that a bar under `thresholds` could raise were dangers of the kind, false on a look-alike, false on a danger
  of another kind (RiskModel.with_guesses).
- RiskModel.guess_bars(odds, ceilings): `thresholds` lowered step by step while the step just below holds at least one
  held-out danger and `odds` dangers per false guess on a look-alike; never above `thresholds`, so a retrain reads its
  own bars and the hand bars stay the ceiling.
- A guess under `thresholds` is raised only on a message nothing else raises: there it brings a post to a person that
  would reach none; beside another flag it would only add a label (so a false guess on a danger of another kind costs
  nothing in the count above).

Written for these tests, never copied from a set.
"""

from __future__ import annotations

import json
import math
from pathlib import Path

import pytest

from monitor.classify.risk import RiskDetector
from monitor.classify.risk_config import KINDS, load_risk
from monitor.classify.risk_model import GUESS_FLOOR, GUESS_LENGTHS, GUESS_STEP, RiskModel, RiskModelError
from monitor.core.config import ConfigError

ROOT = Path(__file__).resolve().parents[1]
CEILINGS = {"self_harm": 0.65, "threat": 0.6, "safety_hazard": 0.65, "mass_incident": 0.55, "minor_domestic": 0.55,
            "medical": 0.6}


def _bare() -> RiskModel:
    return RiskModel(tuple(KINDS), (0.0,) * len(KINDS), {"煤气": (0.0,) * len(KINDS)})


def _at(step: int) -> float:
    """A probability inside step ``step`` (from GUESS_FLOOR up)."""
    return GUESS_FLOOR + (step + 0.5) * GUESS_STEP


def test_a_bar_goes_down_only_through_steps_whose_held_out_guesses_are_right_often_enough() -> None:
    # threats in long texts: [0.55, 0.6) two dangers and one look-alike, [0.5, 0.55) two dangers and one look-alike,
    # [0.45, 0.5) one danger and one look-alike (odds 1 only), [0.4, 0.45) three dangers and nothing false
    held = ([("threat", _at(7), 60, "danger")] * 2 + [("threat", _at(7), 60, "look")]
            + [("threat", _at(6), 60, "danger")] * 2 + [("threat", _at(6), 60, "look")]
            + [("threat", _at(5), 60, "danger"), ("threat", _at(5), 60, "look")]
            + [("threat", _at(4), 60, "danger")] * 3)
    m = _bare().with_guesses(held)
    assert m.guess_bars(2.0, CEILINGS)["threat"] == (0.6, 0.6, 0.5)  # (stops at the first step short of the odds)
    assert m.guess_bars(1.0, CEILINGS)["threat"] == (0.6, 0.6, 0.4)
    assert m.guess_bars(2.0, CEILINGS)["self_harm"] == (0.65, 0.65, 0.65)  # (nothing read: the ceiling)
    # a short post's guesses are read apart: the same counts in a text of 12 characters move only its band
    short = _bare().with_guesses([(k, p, 12, w) for k, p, _, w in held])
    assert short.guess_bars(2.0, CEILINGS)["threat"] == (0.5, 0.6, 0.6)


def test_a_false_guess_on_a_danger_of_another_kind_is_no_cost_and_a_step_needs_a_danger() -> None:
    m = _bare().with_guesses([("medical", _at(7), 30, "danger"), ("medical", _at(7), 30, "other"),
                              ("medical", _at(7), 30, "other"), ("medical", _at(6), 30, "other")])
    # [0.55, 0.6) one danger, two guesses on dangers of other kinds; [0.5, 0.55) no danger at all
    assert m.guess_bars(1.0, CEILINGS)["medical"] == (0.6, 0.55, 0.6)
    with_look = _bare().with_guesses([("medical", _at(7), 30, "danger"), ("medical", _at(7), 30, "look")])
    assert with_look.guess_bars(2.0, CEILINGS)["medical"] == (0.6, 0.6, 0.6)


def test_a_bar_is_never_raised_above_thresholds() -> None:
    # every held-out guess above the ceiling false: the bar stays where `thresholds` put it
    m = _bare().with_guesses([("safety_hazard", _at(s), 30, "look") for s in range(9, 16)])
    assert m.guess_bars(1.0, CEILINGS)["safety_hazard"] == (0.65, 0.65, 0.65)
    assert max(b for bars in m.guess_bars(0.1, CEILINGS).values() for b in bars) <= max(CEILINGS.values())


def test_the_guesses_travel_in_the_model_file(tmp_path: Path) -> None:
    m = _bare().with_guesses([("threat", _at(7), 60, "danger"), ("threat", _at(3), 10, "look"),
                              ("threat", 0.1, 60, "danger")])  # (under the floor: not counted)
    m.save(tmp_path / "m.json")
    data = json.loads((tmp_path / "m.json").read_text(encoding="utf-8"))
    assert (data["guesses"]["floor"], data["guesses"]["step"], data["guesses"]["lengths"]) == (
        GUESS_FLOOR, GUESS_STEP, list(GUESS_LENGTHS))
    assert data["guesses"]["held_out"]["threat"][2][7] == [1, 0, 0] and data["guesses"]["held_out"]["threat"][0][3] == [0, 1, 0]
    assert sum(map(sum, data["guesses"]["held_out"]["threat"][2])) == 1
    back = RiskModel.load(tmp_path / "m.json", KINDS)
    assert back.guesses == m.guesses and back.guess_bars(1.0, CEILINGS) == m.guess_bars(1.0, CEILINGS)
    # a broken section, or one counted in other steps, is refused with the file named
    for broken in ({**data["guesses"], "step": 0.1}, {**data["guesses"], "lengths": [30]},
                   {**data["guesses"], "held_out": {"fire": data["guesses"]["held_out"]["threat"]}},
                   {**data["guesses"], "held_out": {"threat": [[[1, 0, 0]]] * 3}}, [0.1]):
        (tmp_path / "bad.json").write_text(json.dumps({**data, "guesses": broken}, ensure_ascii=False), encoding="utf-8")
        with pytest.raises(RiskModelError, match=r"bad\.json: guesses: not the held-out guesses"):
            RiskModel.load(tmp_path / "bad.json", KINDS)


def _config(tmp_path: Path, model: RiskModel, line: str) -> Path:
    """risk.toml with `bars_odds` replaced by ``line``, reading ``model``."""
    model.save(tmp_path / "risk_model.json")
    text = (ROOT / "config" / "risk.toml").read_text(encoding="utf-8")
    old = next(x for x in text.splitlines() if x.startswith("bars_odds = "))
    (tmp_path / "risk.toml").write_text(text.replace(old, line), encoding="utf-8")
    return tmp_path / "risk.toml"


def test_a_model_without_held_out_guesses_asked_for_bars_is_a_clear_error(tmp_path: Path) -> None:
    shipped = RiskModel.load(ROOT / "config" / "risk_model.json", KINDS)
    old = RiskModel(shipped.kinds, shipped.intercepts, shipped.weights, shipped.chars, shipped.names, shipped.held_out,
                    shipped.folds, shipped.share, shipped.content, shipped.content_shares)  # (a file of the session before)
    with pytest.raises(ConfigError, match=r"risk\.toml: model\.bars_odds: .*risk_model\.json: holds no held-out "
                                          r"guesses .*retrain"):
        RiskDetector(load_risk(_config(tmp_path, old, "bars_odds = 2")))
    RiskDetector(load_risk(_config(tmp_path, old, "")))  # (…and without `bars_odds` it reads `thresholds` as before)
    with pytest.raises(ConfigError, match=r"risk\.toml: model\.bars_odds"):
        load_risk(_config(tmp_path, old, "bars_odds = 0"))


def test_the_detector_reads_each_kinds_bars_from_the_shipped_model() -> None:
    settings = load_risk(ROOT / "config" / "risk.toml")
    assert settings.model is not None and settings.model.bars_odds is not None
    shipped = RiskModel.load(Path(settings.model.path), KINDS)
    assert set(shipped.guesses) == set(KINDS)
    # every kind read on a hundred held-out guesses or more
    assert all(sum(c[0] + c[1] + c[2] for band in bands for c in band) >= 100 for bands in shipped.guesses.values())
    ceilings = {k: settings.model.thresholds.get(k, settings.model.threshold) for k in KINDS}
    bars = shipped.guess_bars(settings.model.bars_odds, ceilings)
    step = RiskDetector(settings).learned
    assert step.model is not None
    for b in range(len(GUESS_LENGTHS) + 1):
        got = {kind: 1 / (1 + math.exp(-m - bias)) for kind, m, bias in zip(step.model.kinds, step._band_margins[b],
                                                                             step._bias)}
        assert got == pytest.approx({k: bars[k][b] for k in step.model.kinds}, rel=1e-9)
    assert all(bars[k][b] <= ceilings[k] for k in KINDS for b in range(len(GUESS_LENGTHS) + 1))


def _detectors(tmp_path: Path) -> tuple[RiskDetector, RiskDetector, RiskDetector]:
    """The shipped detector; the same with every kind's bar read down to the floor in every band; and the same with
    `thresholds` at the floor (every guess from the floor raised, beside anything)."""
    from monitor.classify.risk_config import model_at

    shipped = load_risk(ROOT / "config" / "risk.toml")
    low = RiskModel.load(ROOT / "config" / "risk_model.json", KINDS)
    low = low.with_guesses([(k, _at(s), n, "danger") for k in KINDS for s in range(16) for n in (10, 30, 60)])
    assert all(b == (GUESS_FLOOR,) * 3 for b in low.guess_bars(1.0, CEILINGS).values())
    floor = model_at(shipped, ROOT / "config" / "risk_model.json", bars_odds=None, threshold=GUESS_FLOOR,
                     thresholds=dict.fromkeys(KINDS, GUESS_FLOOR))
    return RiskDetector(shipped), RiskDetector(load_risk(_config(tmp_path, low, "bars_odds = 1"))), RiskDetector(floor)


def _model_kinds(det: RiskDetector, text: str) -> set[str]:
    """The kinds raised in ``text`` by the model's own guess."""
    return {f["flag"] for f in det.detect(text) if f["possible"] and str(f["evidence"][0]).startswith("模型")}


def test_a_guess_under_thresholds_is_raised_only_on_a_message_nothing_else_raises(tmp_path: Path) -> None:
    shipped, low, floor = _detectors(tmp_path)
    # a message of no flag at the shipped bars whose model reads some kind between the floor and its bar: raised
    # (of two such guesses, the likelier: wages unpaid for months and a workforce near the end of its means, read as
    # sickness more than as an ending)
    alone = "厂里好几个月没发钱了，大家都快过不下去了"
    assert not shipped.detect(alone) and _model_kinds(floor, alone) == {"self_harm", "medical"}
    assert _model_kinds(low, alone) == {"medical"}
    # a message the patterns raise (an old man unseen for days): the floor's guess beside it is not raised
    flagged = "隔壁老头好几天没出门了，敲门也没人应"
    assert _model_kinds(floor, flagged) == {"self_harm"} and not _model_kinds(low, flagged)
    assert {f["flag"] for f in low.detect(flagged)} == {f["flag"] for f in shipped.detect(flagged)} == {"medical"}
    # …nor beside a guess at its `thresholds` bar (an old man off his food: sickness guessed at its bar)
    guessed = "家里老人这两天吃不下饭，人也没精神"
    assert _model_kinds(floor, guessed) == {"self_harm", "medical"}
    assert _model_kinds(low, guessed) == _model_kinds(shipped, guessed) == {"medical"}


def test_held_out_reads_the_guesses_of_a_model_that_never_learnt_the_message(tmp_path: Path) -> None:
    from test_risk_unlike_bars import PLAIN, _source, others_than

    from monitor.classify import risk_train
    from monitor.classify.risk_model import train_from_files

    a = _source(tmp_path / "a.jsonl", [("他说明天带着刀去公司找老板算账", ["threat"]),
                                       ("再不给工钱我就跟他们拼了，谁也别想好过", ["threat"])] + others_than("threat") + PLAIN)
    b = _source(tmp_path / "b.jsonl", [("他扬言要拿刀去找物业的人算账", ["threat"]),
                                       ("说了再不退钱就去砸了他的店", ["threat"])] + others_than("threat")[::-1] + PLAIN[::-1])
    params = {"c": 1.0, "keep": 0.0}
    settings = load_risk(ROOT / "config" / "risk.toml")
    rows = [r for r in risk_train.held_out([a, b], settings, folds=2, params=params) if r.bar == "guess"]
    assert rows and {r.source for r in rows} <= {"a.jsonl", "b.jsonl"}
    for held, learnt in ((a, b), (b, a)):  # each source read by a model fitted on the other alone, every bar at the floor
        train_from_files([learnt], KINDS, **params).save(tmp_path / "other.json")
        det = RiskDetector(risk_train.guess_settings(settings, tmp_path / "other.json"))
        texts = {json.loads(line)["id"]: json.loads(line) for line in held.read_text(encoding="utf-8").splitlines()}
        for r in (r for r in rows if r.source == held.name):
            read, alone = det.guess_scores(texts[r.id]["text"])
            assert read[r.kind] == (r.p, r.content) and r.alone == alone and r.p >= GUESS_FLOOR
            assert r.labelled == (r.kind in texts[r.id]["kinds"]) and r.danger == bool(texts[r.id]["kinds"])
