"""`[model] unlike` as a property of the model (session of 2026-12-05): each kind's bar is read at training time from
dangers the model never learnt, kept in the model file, and read from there by the detector.

- risk_train.held_out deals the training sources into folds; each fold's messages are read by the detector's patterns
  with a model fitted on the other folds, and every kind the patterns raise that `unlike` could drop (a short post, no
  hit made 疑似 by its context, no everyday source, no other kind certain) is scored by that model.
- The model file keeps, per kind, how many labelled dangers were scored and the lowest of their scores
  (RiskModel.with_held_out); RiskModel.unlike_bars(share) is the score below which at most that share of them fall.
- `[model] unlike_share` states the share; `unlike` (one bar for every kind) stays as the explicit override. Either
  mistake is named with the file, the key and the problem.

Written for these tests, never copied from a set.
"""

from __future__ import annotations

import json
import math
from pathlib import Path

import pytest

from monitor.classify.risk import RiskDetector
from monitor.classify.risk_config import KINDS, load_risk
from monitor.classify.risk_model import RiskModel, RiskModelError
from monitor.core.config import ConfigError

ROOT = Path(__file__).resolve().parents[1]
SHIPPED = "unlike_share = 0.001\nunlike_bars = { minor_domestic = 0.025 }"  # (risk.toml's lines, replaced below)


def _model(held: dict[str, list[float]]) -> RiskModel:
    # (no held-out guess of any kind for its content bars: tests/test_risk_content_bars.py)
    bare = RiskModel(tuple(KINDS), (0.0,) * len(KINDS), {"煤气": (0.0,) * len(KINDS)}).with_content({}, {}).with_guesses([])
    return bare.with_held_out(held, 5, 0.01)


def test_a_bar_drops_at_most_its_share_of_the_held_out_dangers() -> None:
    scores = [i / 1000 for i in range(1, 401)]  # 400 dangers of one kind scored 0.001 … 0.4
    m = _model({"safety_hazard": scores})
    bars = m.unlike_bars(0.01)  # four of 400 may fall below
    assert bars["safety_hazard"] == 0.005 and sum(p < bars["safety_hazard"] for p in scores) == 4
    assert m.unlike_bars(0.0)["safety_hazard"] == 0.001  # none: the lowest danger's own score
    assert m.unlike_bars(0.0)["medical"] == 0.0  # no held-out danger read for a kind: nothing dropped
    # ties: the bar is a danger's score, and a score equal to it is kept
    tied = _model({"threat": [0.02] * 300}).unlike_bars(0.01)["threat"]
    assert tied == 0.02 and not any(p < tied for p in [0.02] * 300)
    with pytest.raises(RiskModelError, match="beyond the .* lowest scores kept"):
        m.unlike_bars(0.2)  # the file keeps the lowest 5 % only


def test_the_held_out_scores_and_the_bars_travel_in_the_model_file(tmp_path: Path) -> None:
    m = _model({"self_harm": [0.3, 0.01, 0.2, 0.05]})
    m.save(tmp_path / "m.json")
    data = json.loads((tmp_path / "m.json").read_text(encoding="utf-8"))
    assert data["unlike"]["folds"] == 5 and data["unlike"]["share"] == 0.01
    assert data["unlike"]["held_out"]["self_harm"] == {"n": 4, "lowest": [0.01]}  # (the lowest 5 % and one)
    assert data["unlike"]["bars"]["self_harm"] == 0.01
    back = RiskModel.load(tmp_path / "m.json", KINDS)
    assert back.held_out == m.held_out and back.unlike_bars(0.01) == m.unlike_bars(0.01)
    # a broken section is refused with the file and the key
    data["unlike"]["held_out"]["self_harm"]["lowest"] = [0.2, 0.1]
    (tmp_path / "m.json").write_text(json.dumps(data), encoding="utf-8")
    with pytest.raises(RiskModelError, match=r"m\.json: unlike: not the held-out scores"):
        RiskModel.load(tmp_path / "m.json", KINDS)
    # (the same for a kind the model does not have, and a section that is no table)
    for broken in ({"folds": 5, "share": 0.01, "held_out": {"fire": {"n": 1, "lowest": [0.1]}}}, [0.1]):
        data["unlike"] = broken
        (tmp_path / "m.json").write_text(json.dumps(data), encoding="utf-8")
        with pytest.raises(RiskModelError, match=r"m\.json: unlike: not the held-out scores"):
            RiskModel.load(tmp_path / "m.json", KINDS)


def _config(tmp_path: Path, model: RiskModel | None, old: str, new: str) -> Path:
    if model is not None:
        model.save(tmp_path / "risk_model.json")
    else:
        (tmp_path / "risk_model.json").write_text((ROOT / "config" / "risk_model.json").read_text(encoding="utf-8"),
                                                  encoding="utf-8")
    text = (ROOT / "config" / "risk.toml").read_text(encoding="utf-8")
    assert old in text
    (tmp_path / "risk.toml").write_text(text.replace(old, new), encoding="utf-8")
    return tmp_path / "risk.toml"


def test_a_model_without_held_out_scores_asked_for_a_share_is_a_clear_error(tmp_path: Path) -> None:
    bare = RiskModel(tuple(KINDS), (0.0,) * len(KINDS), {"煤气": (0.0,) * len(KINDS)}).with_content({}, {}).with_guesses([])
    with pytest.raises(ConfigError, match=r"risk\.toml: model\.unlike_share: .*risk_model\.json: holds no held-out "
                                          r"scores .*retrain"):
        RiskDetector(load_risk(_config(tmp_path, bare, SHIPPED, SHIPPED)))
    # …and an explicit bar reads it as before
    RiskDetector(load_risk(_config(tmp_path, bare, SHIPPED, "unlike = 0.025")))


@pytest.mark.parametrize(("new", "message"), [
    ("unlike_share = 0.5", r"unlike_share: 0\.5 must lie from 0 up to 0\.05"),
    ("unlike_share = -0.001", r"unlike_share: -0\.001 must lie from 0 up to"),
    ("unlike_share = 0.001\nunlike = 0.025", r"unlike_share: give `unlike` \(one bar for every kind\) or `unlike_share`"),
    ("unlike_share = 0.001\nunlike_bars = { crowd = 0.1 }", r"unlike_bars: unknown kind\(s\) crowd"),
    ("unlike_share = 0.001\nunlike_bars = { threat = 1.0 }", r"unlike_bars: threat must lie from 0 up to 1"),
])
def test_a_bad_share_names_file_key_and_problem(tmp_path: Path, new: str, message: str) -> None:
    with pytest.raises(ConfigError, match=r"risk\.toml: .*" + message):
        load_risk(_config(tmp_path, None, SHIPPED, new))


def test_the_detector_reads_each_kinds_bar_from_the_shipped_model() -> None:
    settings = load_risk(ROOT / "config" / "risk.toml")
    assert settings.model is not None and settings.model.unlike_share is not None and not settings.model.unlike
    shipped = RiskModel.load(Path(settings.model.path), KINDS)
    assert shipped.folds >= 5 and set(shipped.held_out) == set(KINDS)
    assert all(n >= 1000 for n, _ in shipped.held_out.values())  # every kind read on a thousand held-out dangers or more
    bars = shipped.unlike_bars(settings.model.unlike_share)
    assert shipped.share == settings.model.unlike_share  # (the file's own bars are those the config asks for)
    step = RiskDetector(settings).learned
    assert step.model is not None
    for k, kind in enumerate(step.model.kinds):  # (an explicit bar of `unlike_bars` over the model's)
        want = settings.model.unlike_bars.get(kind, bars[kind])
        assert 1 / (1 + math.exp(-step._unlike[k])) == pytest.approx(want, rel=1e-9)
    assert len(set(bars.values())) > 1  # a bar per kind, not one number


def test_an_explicit_bar_of_a_kind_overrides_the_models(tmp_path: Path) -> None:
    m = _model({"threat": [i / 1000 for i in range(1, 401)], "medical": [i / 1000 for i in range(1, 401)]})
    path = _config(tmp_path, m, SHIPPED, "unlike_share = 0.01\nunlike_bars = { medical = 0.3 }")
    step = RiskDetector(load_risk(path)).learned
    assert step.model is not None
    bar = {kind: 1 / (1 + math.exp(-step._unlike[k])) for k, kind in enumerate(step.model.kinds)}
    assert bar["threat"] == pytest.approx(0.005) and bar["medical"] == pytest.approx(0.3)
    assert bar["self_harm"] == 0.0  # (no held-out danger of it in this file: nothing dropped)


def _source(path: Path, rows: list[tuple[str, list[str]]]) -> Path:
    path.write_text("".join(json.dumps({"id": f"{path.stem}-{i}", "text": t, "kinds": k}, ensure_ascii=False) + "\n"
                            for i, (t, k) in enumerate(rows)), encoding="utf-8")
    return path


# a message of each kind and three of none, for the small sources of the held-out tests (here and in
# tests/test_risk_content_bars.py): each source holds every kind, so that a model fitted on either alone has each
# kind's two classes
ONE_OF_EACH = {"self_harm": "我真的撑不下去了，药都攒好了", "threat": "再不给钱我就拿刀去他家",
               "safety_hazard": "楼里一股焦糊味，配电箱在冒火星", "mass_incident": "一群工人把项目部围了，说不给工钱不散",
               "minor_domestic": "隔壁天天打孩子，哭得喘不上气", "medical": "我妈突然晕倒了，叫不醒"}
PLAIN = [("小区门口的路灯坏了一个星期", []), ("物业费今年又涨了，路灯也不修", []), ("楼下早餐店的包子挺好吃", [])]


def others_than(kind: str) -> list[tuple[str, list[str]]]:
    return [(text, [k]) for k, text in ONE_OF_EACH.items() if k != kind]


def test_held_out_scores_each_message_by_a_model_that_never_learnt_its_source(tmp_path: Path) -> None:
    from monitor.classify import risk_train

    others, plain = others_than("safety_hazard"), PLAIN
    a = _source(tmp_path / "a.jsonl", [("楼道里一股很重的煤气味，门都不敢开", ["safety_hazard"]),
                                       ("地下室有煤气味，好几户都闻到了", ["safety_hazard"])] + others + plain)
    b = _source(tmp_path / "b.jsonl", [("单元楼里煤气味很大，谁家漏气了", ["safety_hazard"]),
                                       ("燃气表那里一股煤气味，是不是漏了", ["safety_hazard"])] + others[::-1] + plain[::-1])
    params = {"c": 1.0, "keep": 0.0}  # (a small fit keeps every n-gram)
    settings = load_risk(ROOT / "config" / "risk.toml")
    assert settings.model is not None
    rows = risk_train.held_out([a, b], settings, folds=2, params=params)
    assert {r.source for r in rows} == {"a.jsonl", "b.jsonl"}
    assert any(r.kind == "safety_hazard" and r.labelled for r in rows)
    for held, learnt in ((a, b), (b, a)):  # each source is scored by a model fitted on the other one alone
        risk_train.train_from_files([learnt], KINDS, **params).save(tmp_path / "other.json")
        det = RiskDetector(risk_train.fold_settings(settings, tmp_path / "other.json"))
        texts = {json.loads(line)["id"]: json.loads(line) for line in held.read_text(encoding="utf-8").splitlines()}
        for r in (r for r in rows if r.source == held.name and r.bar == "unlike"):
            assert det.unlike_scores(texts[r.id]["text"])[r.kind] == (r.p, r.plain)
            assert r.labelled == (r.kind in texts[r.id]["kinds"])


def test_a_bench_reading_a_fit_without_held_out_scores_reads_the_shipped_bars(tmp_path: Path) -> None:
    from monitor.classify.risk_config import model_at

    settings = load_risk(ROOT / "config" / "risk.toml")
    assert settings.model is not None and settings.model.unlike_share is not None
    bare = RiskModel.load(Path(settings.model.path), KINDS)
    RiskModel(bare.kinds, bare.intercepts, bare.weights, bare.chars, bare.names).save(tmp_path / "fit.json")
    moved = model_at(settings, tmp_path / "fit.json", doubt=0.2)
    assert moved.model is not None and moved.model.doubt == 0.2 and moved.model.unlike_share is None
    shipped, bench = RiskDetector(settings).learned, RiskDetector(moved).learned
    assert bench._unlike == shipped._unlike


def test_held_out_reads_a_fold_model_kept_for_the_same_sources_and_refits_for_changed_ones(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """risk_train.held_out's ``cache`` (`python -m monitor.classify.risk_train --folds DIR`): a retrain after a rule
    change reads the folds' models it kept, which its training sets still give, and gives the same rows; a source
    whose text changed is fitted again."""
    from monitor.classify import risk_train

    others, plain = others_than("safety_hazard"), PLAIN
    a = _source(tmp_path / "a.jsonl", [("楼道里一股很重的煤气味，门都不敢开", ["safety_hazard"])] + others + plain)
    b = _source(tmp_path / "b.jsonl", [("单元楼里煤气味很大，谁家漏气了", ["safety_hazard"])] + others[::-1] + plain)
    params = {"c": 1.0, "keep": 0.0}
    settings = load_risk(ROOT / "config" / "risk.toml")
    cache = tmp_path / "folds"
    first = risk_train.held_out([a, b], settings, folds=2, params=params, cache=cache)
    assert first == risk_train.held_out([a, b], settings, folds=2, params=params)  # (the same rows as without)
    assert len(list(cache.glob("fold-*.json"))) == 2
    fits: list[list[str]] = []
    real = risk_train.train_from_files

    def counted(paths, *args, **kw):  # type: ignore[no-untyped-def]
        fits.append([p.name for p in paths])
        return real(paths, *args, **kw)

    monkeypatch.setattr(risk_train, "train_from_files", counted)
    assert risk_train.held_out([a, b], settings, folds=2, params=params, cache=cache) == first and not fits
    _source(b, [("配电箱冒火星，一股焦糊味", ["safety_hazard"])] + others[::-1] + plain)  # b's text changed
    risk_train.held_out([a, b], settings, folds=2, params=params, cache=cache)
    assert fits == [["b.jsonl"]]  # (a's fold, fitted on b alone, again; b's, fitted on a, read back)
    assert len(list(cache.glob("fold-*.json"))) == 3
