"""`[model] content_bar` as a property of the model (second session of 2026-12-05): each kind's content bar is read at
training time from the dangers a model that never learnt them raised by its own guess, kept in the model file, and read
from there by the detector, as `unlike`'s bars are (tests/test_risk_unlike_bars.py).

- The content bar: a kind the model raises by its own guess is kept only when its content n-grams alone (the intercept
  and every n-gram but style's, 我要/真的/了。, and for harm at home but its words for a person, 孩子/老师) reach the bar.
  A fixed bar (0.15) was a figure on a sum whose intercept each refit moves: a retrain whose harm-at-home intercept fell
  while its person words weighed more cancelled three true guesses it still scored at 68-96 % as a whole.
- risk_train.held_out reads, in the folds it reads `unlike` in, every kind a fold's model raises by its own guess where
  only the content bar could keep it quiet, with the probability of its content n-grams alone; the model file keeps,
  per kind, how many dangers were read and the lowest of their scores (RiskModel.with_content);
  RiskModel.content_bars(shares) is the score below which at most each kind's share of them fall.
- `[model] content_share` states the share per kind, `content_most` the most a bar read so asks (the old fixed bar): a
  fit whose guessed dangers read lower on their content lowers its bars with them. `content_bar` stays as a kind's
  explicit bar. Mistakes are named with the file, the key and the problem.

Written for these tests, never copied from a set.
"""

from __future__ import annotations

import json
import math
from pathlib import Path

import pytest

from test_risk_unlike_bars import _config as replaced

from monitor.classify.risk import RiskDetector
from monitor.classify.risk_config import KINDS, load_risk
from monitor.classify.risk_model import RiskModel, RiskModelError, positions_of
from monitor.core.config import ConfigError

ROOT = Path(__file__).resolve().parents[1]


def _shipped_line() -> str:
    """risk.toml's `content_share` and `content_most` lines, replaced by the tests below."""
    lines = (ROOT / "config" / "risk.toml").read_text(encoding="utf-8").splitlines()
    at = next(i for i, line in enumerate(lines) if line.startswith("content_share = "))
    assert lines[at + 1].startswith("content_most = ")
    return "\n".join(lines[at:at + 2])


def _model(held: dict[str, list[float]], shares: dict[str, float] | None = None) -> RiskModel:
    bare = RiskModel(tuple(KINDS), (0.0,) * len(KINDS), {"煤气": (0.0,) * len(KINDS)})
    return bare.with_held_out({k: [0.5] for k in KINDS}, 5, 0.0).with_content(held, shares or {}).with_guesses([])


def test_a_content_bar_cancels_at_most_its_share_of_the_held_out_guesses() -> None:
    scores = [i / 100 for i in range(1, 101)]  # 100 dangers guessed, their content alone scored 0.01 … 1.0
    m = _model({"safety_hazard": scores, "self_harm": [0.4] * 50})
    bars = m.content_bars({"safety_hazard": 0.05, "self_harm": 0.05})
    assert bars["safety_hazard"] == 0.06 and sum(p < bars["safety_hazard"] for p in scores) == 5
    assert bars["self_harm"] == 0.4  # ties: the bar is a danger's own score, and those equal to it are kept
    assert m.content_bars({"safety_hazard": 0.0}) == {"safety_hazard": 0.01}  # none: the lowest danger's own score
    assert m.content_bars({"medical": 0.05}) == {"medical": 0.0}  # no guess of it read: nothing cancelled
    with pytest.raises(RiskModelError, match="beyond the .* lowest scores kept"):
        m.content_bars({"safety_hazard": 0.2})  # (the file keeps the lowest tenth and one: 11 of 100)
    with pytest.raises(RiskModelError, match="holds no held-out content scores"):
        RiskModel(tuple(KINDS), (0.0,) * len(KINDS), {"煤气": (0.0,) * len(KINDS)}).content_bars({"medical": 0.01})


def test_the_content_scores_travel_in_the_model_file(tmp_path: Path) -> None:
    m = _model({"medical": [0.3, 0.1, 0.2, 0.05]}, {"medical": 0.0})
    m.save(tmp_path / "m.json")
    data = json.loads((tmp_path / "m.json").read_text(encoding="utf-8"))
    assert data["content"]["shares"] == {"medical": 0.0} and data["content"]["bars"] == {"medical": 0.05}
    assert data["content"]["held_out"]["medical"] == {"n": 4, "lowest": [0.05]}  # (the lowest tenth and one)
    back = RiskModel.load(tmp_path / "m.json", KINDS)
    assert back.content == m.content and back.content_shares == m.content_shares
    # a broken section is refused with the file and the key
    for broken in ({"folds": 5, "shares": {}, "held_out": {"medical": {"n": 4, "lowest": [0.2, 0.1]}}},
                   {"folds": 5, "shares": {"sickness": 0.0}, "held_out": {}},
                   {"folds": 5, "held_out": {}}, [0.1]):
        data["content"] = broken
        (tmp_path / "m.json").write_text(json.dumps(data), encoding="utf-8")
        with pytest.raises(RiskModelError, match=r"m\.json: content: not the held-out content scores"):
            RiskModel.load(tmp_path / "m.json", KINDS)


def _config(tmp_path: Path, model: RiskModel | None, new: str) -> Path:
    """risk.toml with its content lines replaced by ``new``, beside ``model`` (None: the shipped file)."""
    return replaced(tmp_path, model, _shipped_line(), new)


def test_a_model_without_content_scores_asked_for_a_share_is_a_clear_error(tmp_path: Path) -> None:
    bare = RiskModel.load(ROOT / "config" / "risk_model.json", KINDS)
    old = RiskModel(bare.kinds, bare.intercepts, bare.weights, bare.chars, bare.names, bare.held_out, bare.folds,
                    bare.share)  # (a model file of the session before: `unlike`'s scores, no content scores)
    # (with the held-out guesses `bars_odds` reads, so that the content bars alone are asked for: see
    # tests/test_risk_model_bars.py for a file without them)
    old = old.with_guesses([])
    with pytest.raises(ConfigError, match=r"risk\.toml: model\.content_share: .*risk_model\.json: holds no held-out "
                                          r"content scores .*retrain"):
        RiskDetector(load_risk(_config(tmp_path, old, _shipped_line())))
    # …and explicit bars read it as before
    RiskDetector(load_risk(_config(tmp_path, old, "content_bar = { self_harm = 0.15, safety_hazard = 0.15, "
                                                  "mass_incident = 0.15, minor_domestic = 0.15, medical = 0.15 }")))


@pytest.mark.parametrize(("new", "message"), [
    ("content_share = { minor_domestic = 0.09, medical = 0.5 }", r"content_share: medical must lie from 0 up to 0\.1"),
    ("content_share = { minor_domestic = 0.09, medical = -0.01 }", r"content_share: medical must lie from 0 up to"),
    ("content_share = { minor_domestic = 0.09, sickness = 0.01 }", r"content_share: unknown kind\(s\) sickness"),
    ("content_share = { minor_domestic = 0.09, medical = 0.01 }\ncontent_bar = { medical = 0.15 }",
     r"content_share: medical also has a `content_bar`"),
    ("content_share = { medical = 0.01 }", r"topic: minor_domestic has no `content_bar` nor `content_share`"),
    ("content_share = { minor_domestic = 0.09 }\ncontent_bar = { medical = 1.0 }", r"content_bar: medical must lie between 0 and 1"),
    ("content_bar = { minor_domestic = 0.15 }\ncontent_most = 0.15", r"content_most: caps the bars read at `content_share`, and none is given"),
    ("content_share = { minor_domestic = 0.09 }\ncontent_most = 0", r"content_most"),
])
def test_a_bad_content_share_names_file_key_and_problem(tmp_path: Path, new: str, message: str) -> None:
    with pytest.raises(ConfigError, match=r"risk\.toml: .*" + message):
        load_risk(_config(tmp_path, None, new))


def test_the_detector_reads_each_kinds_content_bar_from_the_shipped_model() -> None:
    settings = load_risk(ROOT / "config" / "risk.toml")
    assert settings.model is not None and settings.model.content_share and not settings.model.content_bar
    shipped = RiskModel.load(Path(settings.model.path), KINDS)
    assert set(shipped.content) == set(KINDS) and shipped.content_shares == settings.model.content_share
    assert all(n >= 100 for n, _ in shipped.content.values())  # every kind read on a hundred held-out guesses or more
    bars = shipped.content_bars(settings.model.content_share)
    step = RiskDetector(settings).learned
    assert step.model is not None
    got = {step.model.kinds[k]: 1 / (1 + math.exp(-z)) for k, z in step._content_bar.items()}
    assert got == pytest.approx({k: min(b, settings.model.content_most) for k, b in bars.items()}, rel=1e-9)
    assert settings.model.content_most < 1.0 and any(b < settings.model.content_most for b in bars.values())
    assert "threat" not in got  # (a threat is told by its grammar: no content bar)


def test_a_bar_read_from_the_model_moves_with_its_intercept(tmp_path: Path) -> None:
    # two fits that read a guess the same as a whole (logit 1.0): the second's intercept lower by 1.5, its word for a
    # person weighing 1.5 more (what a refit did to harm at home). The fixed bar (0.15) cancels the guess in the second
    # (its content alone: logit -2.0, 12 %); the bar each model reads from its own held-out guesses, whose content moved
    # with its intercept, keeps it in both
    text = "隔壁那家的娃儿又去楼下买蓝莓了"
    kinds, k = tuple(KINDS), KINDS.index("minor_domestic")
    scale = math.sqrt(positions_of(len(text)))

    def fit(bias: float, person: float, act: float) -> RiskModel:
        def w(v: float) -> tuple[float, ...]:
            return tuple(round(v * scale, 4) if i == k else 0.0 for i in range(len(kinds)))
        m = RiskModel(kinds, tuple(bias if i == k else -9.0 for i in range(len(kinds))),
                      {"娃儿": w(person), "蓝莓": w(act)})  # (娃儿 names a person: no content for harm at home)
        told = 1 / (1 + math.exp(-(bias + act)))  # (thirty held-out guesses told like this one, by what was done)
        return m.with_held_out({}, 5, 0.0).with_content({"minor_domestic": [told] * 30}, {}).with_guesses([])

    fixed = ("content_bar = { self_harm = 0.15, safety_hazard = 0.15, mass_incident = 0.15, minor_domestic = 0.15, "
             "medical = 0.15 }")
    for m, kept_by_fixed in ((fit(-1.0, 1.5, 0.5), True), (fit(-2.5, 3.0, 0.5), False)):
        assert m.probabilities(text)["minor_domestic"] == pytest.approx(1 / (1 + math.exp(-1.0)), abs=1e-3)
        for line, raised in ((fixed, kept_by_fixed), (_shipped_line(), True)):
            evidence: dict = {}
            out = RiskDetector(load_risk(_config(tmp_path, m, line))).detect(text, evidence)
            assert ("minor_domestic" in {f["flag"] for f in out}) == raised, (m.intercepts[k], line, evidence)
            if not raised:
                assert {"flag": "minor_domestic", "words": "模型", "by": "仅人物字眼"} in evidence["risk"]["cancelled"]


def test_held_out_reads_the_content_of_each_guess_by_a_model_that_never_learnt_it(tmp_path: Path) -> None:
    from monitor.classify import risk_train

    from test_risk_unlike_bars import PLAIN as plain
    from test_risk_unlike_bars import _source as source
    from test_risk_unlike_bars import others_than

    others = others_than("minor_domestic")
    # (a child's plight the patterns hold no word of: only the model raises it)
    a = source(tmp_path / "a.jsonl", [("对门那家的小娃天天在楼道捡瓶子换馒头", ["minor_domestic"]),
                                      ("楼下小娃天天捡瓶子换馒头吃", ["minor_domestic"])] + others + plain)
    b = source(tmp_path / "b.jsonl", [("邻居的小娃天天捡瓶子换馒头", ["minor_domestic"]),
                                      ("那个小娃又在捡瓶子换馒头", ["minor_domestic"])] + others[::-1] + plain[::-1])
    params = {"c": 100.0, "keep": 0.0}  # (a small fit that keeps every n-gram, strong enough to guess)
    settings = load_risk(ROOT / "config" / "risk.toml")
    assert settings.model is not None
    rows = [r for r in risk_train.held_out([a, b], settings, folds=2, params=params) if r.bar == "content"]
    assert any(r.kind == "minor_domestic" and r.labelled for r in rows) and all(not r.plain for r in rows)
    for held, learnt in ((a, b), (b, a)):  # each source's guesses read by a model fitted on the other one alone
        risk_train.train_from_files([learnt], KINDS, **params).save(tmp_path / "other.json")
        det = RiskDetector(risk_train.fold_settings(settings, tmp_path / "other.json"))
        texts = {json.loads(line)["id"]: json.loads(line) for line in held.read_text(encoding="utf-8").splitlines()}
        for r in (r for r in rows if r.source == held.name):
            assert det.content_scores(texts[r.id]["text"])[r.kind] == r.p
            assert r.labelled == (r.kind in texts[r.id]["kinds"])


def test_a_bench_reading_a_fit_without_content_scores_reads_the_shipped_content_bars(tmp_path: Path) -> None:
    from monitor.classify.risk_config import model_at

    settings = load_risk(ROOT / "config" / "risk.toml")
    assert settings.model is not None and settings.model.content_share
    bare = RiskModel.load(Path(settings.model.path), KINDS)
    RiskModel(bare.kinds, bare.intercepts, bare.weights, bare.chars, bare.names).save(tmp_path / "fit.json")
    moved = model_at(settings, tmp_path / "fit.json")
    assert moved.model is not None and not moved.model.content_share
    assert RiskDetector(moved).learned._content_bar == RiskDetector(settings).learned._content_bar
