"""The shipped type model beside the type cues: what it reads, when it decides, what it learnt from.

Sentences written for these tests, never copied from a set.
"""

from __future__ import annotations

import json
from pathlib import Path

import numpy as np
import pytest

from monitor.classify import Classifier
from monitor.classify.classifier import load_type_model
from monitor.classify.settings import TYPE_CODES, load_classify, load_gazetteer
from monitor.classify.type_model import TypeModel, reach
from monitor.core.config import ConfigError

ROOT = Path(__file__).resolve().parents[1]
CONFIG = ROOT / "config" / "classify.toml"


@pytest.fixture(scope="module")
def settings():  # type: ignore[no-untyped-def]
    return load_classify(CONFIG)


@pytest.fixture(scope="module")
def both(settings) -> Classifier:  # type: ignore[no-untyped-def]
    """What a fresh install answers: the cues and the shipped type model."""
    return Classifier(settings, load_gazetteer(ROOT / "config" / "regions.toml"),
                      type_model=load_type_model(settings, CONFIG))


def Sure(label: str, margin: float) -> TypeModel:
    """A real type model that knows no n-gram: its intercepts alone say ``label`` with ``margin``
    over one other type, whatever the text (the combination with the cues is what is tested)."""
    other = next(c for c in TYPE_CODES if c != label)
    return TypeModel((label, other), np.log([(1 + margin) / 2, (1 - margin) / 2]), {}, np.zeros((0, 2)))


@pytest.mark.parametrize(("text", "cues", "model"), [
    ("我爸住院要押金两万，家里实在凑不出来了", "投诉", "求助"),  # a plea told as a predicament
])
def test_the_model_reads_what_no_cue_was_written_for(both: Classifier, text: str, cues: str, model: str) -> None:
    alone = Classifier(both.settings, both.gazetteer)
    assert alone.classify(text).type_label == cues
    got = both.classify(text)
    assert got.type_label == model
    ev = got.evidence["type"]
    assert ev["by"] == "model" and both.settings.types.labels[ev["rules"]["label"]] == cues
    assert ev["model"]["margin"] >= both.settings.types.model.margin


def test_whom_it_is_addressed_to_is_not_read(both: Classifier) -> None:
    """An @account says nothing of the message's kind; a name frequent in thanks must not make a
    fault report 其他."""
    assert reach("@问政银川 回复@金凤区城管: 路灯不亮了") == "路灯不亮了"
    assert reach("@问政银川") == "@问政银川"  # nothing else: the name is all there is to read
    plain = both.type_model.predict("我爸住院要押金两万，家里实在凑不出来了")  # type: ignore[union-attr]
    assert both.type_model.predict("@问政银川 我爸住院要押金两万，家里实在凑不出来了") == plain  # type: ignore[union-attr]


def test_a_few_words_are_left_to_the_cues(both: Classifier) -> None:
    clf = Classifier(both.settings, both.gazetteer, type_model=Sure("report", 0.99))
    short = "@问政银川 路灯不亮了"  # five characters once the account is set aside
    assert clf.classify(short).type == "complaint" and "model" not in clf.classify(short).evidence["type"]
    assert clf.classify("小区门口的路灯已经半个月不亮了").type == "report"


def test_a_sure_model_decides_a_disagreement_and_says_so(both: Classifier) -> None:
    clf = Classifier(both.settings, both.gazetteer, type_model=Sure("report", 0.9))
    got = clf.classify("请问社区老年食堂几点开饭？")
    assert got.type == "report"
    ev = got.evidence["type"]
    assert ev["by"] == "model" and ev["rules"]["label"] == "consult" and "请问" in ev["rules"]["words"]
    assert "类型模型" in ev["why"]


def test_an_unsure_model_leaves_the_cues_deciding(both: Classifier) -> None:
    """Below ``weak_margin`` (and so below ``margin``) the model only says what it read."""
    clf = Classifier(both.settings, both.gazetteer, type_model=Sure("report", 0.1))
    got = clf.classify("请问社区老年食堂几点开饭？")
    assert got.type == "consult"
    assert got.evidence["type"]["by"] == "rules"
    assert got.evidence["type"]["model"] == {"label": "report", "margin": 0.1}


def test_small_talk_the_model_overrules_keeps_the_matter(both: Classifier) -> None:
    """Where an office clears small talk's domain (``no_matter_max_chars``), a small-talk cue clears
    a short post's domain only when it decides the type."""
    clearing = both.settings.model_copy(update={"types": both.settings.types.model_copy(
        update={"no_matter_max_chars": 80})})
    text = "今天的晚霞真好看，小区的路灯也亮了"
    assert Classifier(clearing, both.gazetteer).classify(text).domain == "其他"
    clf = Classifier(clearing, both.gazetteer, type_model=Sure("complaint", 0.9))
    assert clf.classify(text).domain != "其他"


def test_no_path_means_the_cues_alone(settings, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    src = CONFIG.read_text(encoding="utf-8").replace('path = "type_model.json"', 'path = ""')
    (tmp_path / "classify.toml").write_text(src, encoding="utf-8")
    assert load_type_model(load_classify(tmp_path / "classify.toml"), tmp_path / "classify.toml") is None


@pytest.mark.parametrize(("content", "says"), [
    (None, r"types\.model\.path: .*type_model\.json: cannot read"),
    ('{"format": "something-else"}', "format is not wenzheng-type-model/1"),
    ('{"format": "wenzheng-type-model/1", "ngrams": [1, 3], "half": 100, "labels": ["complaint", "gripe"], '
     '"intercepts": [0, 0], "weights": {}}', "labels: gripe"),
    ('{"format": "wenzheng-type-model/1", "ngrams": [1, 3], "half": 100, "labels": ["complaint", "consult"], '
     '"intercepts": [0, 0], "weights": {"吗": [1]}}', "does not have one weight per type"),
    ('{"format": "wenzheng-type-model/1", "ngrams": [2, 3], "half": 100, "labels": ["complaint", "consult"], '
     '"intercepts": [0, 0], "weights": {}}', "fitted on other features"),
    # a hand-edited file: each a named config error, never a bare AttributeError at start-up
    ('{"format": "wenzheng-type-model/1", "ngrams": [1, 3], "half": 100, "labels": "complaint", '
     '"intercepts": [0, 0], "weights": {}}', "labels: not a list of type codes"),
    ('{"format": "wenzheng-type-model/1", "ngrams": [1, 3], "half": 100, "labels": ["complaint", "consult"], '
     '"intercepts": [0, 0], "weights": []}', "weights: not a table of n-grams"),
    ('{"format": "wenzheng-type-model/1", "ngrams": [1, 3], "half": 100, "labels": ["complaint", "consult"], '
     '"intercepts": [0, 0], "weights": {"吗": 5}}', "does not have one weight per type"),
    ('{"format": "wenzheng-type-model/1", "ngrams": [1, 3], "half": 100, "labels": ["complaint", "consult"], '
     '"intercepts": [0, 0], "weights": {"吗": ["=1+1", null]}}', "weights and intercepts must be numbers"),
])
def test_a_bad_model_file_is_a_config_error(settings, tmp_path: Path, content: str | None, says: str) -> None:  # type: ignore[no-untyped-def]
    if content is not None:
        (tmp_path / "type_model.json").write_text(content, encoding="utf-8")
    with pytest.raises(ConfigError, match=says):
        load_type_model(settings, tmp_path / "classify.toml")


def test_scoring_agrees_with_scikit_learn_and_survives_a_file(tmp_path: Path) -> None:
    import math

    from scipy.sparse import diags
    from sklearn.feature_extraction.text import CountVectorizer
    from sklearn.linear_model import LogisticRegression

    texts = ["请问怎么办理居住证", "办居住证要什么材料", "楼下烧烤店天天吵到半夜", "半夜工地还在打桩太吵了",
             "有人往河里偷偷倒垃圾", "有家厂晚上偷偷排污水", "建议公交站加个雨棚", "建议路口加个红绿灯"]
    labels = ["consult", "consult", "complaint", "complaint", "report", "report", "suggestion", "suggestion"]
    model = TypeModel.fit(texts, labels, c=4.0)
    vec = CountVectorizer(analyzer="char", ngram_range=(1, 3), binary=True, lowercase=False, min_df=2)
    x = vec.fit_transform(texts)
    pos = [sum(max(0, len(t) - k + 1) for k in (1, 2, 3)) for t in texts]
    x = diags([1 / math.sqrt(p) for p in pos]) @ x
    lr = LogisticRegression(C=4.0, class_weight="balanced", max_iter=5000).fit(x, labels)
    probe = "请问哪里办理居住证，楼下太吵了"
    want = lr.predict_proba(diags([1 / math.sqrt(sum(len(probe) - k + 1 for k in (1, 2, 3)))])
                            @ vec.transform([probe]))[0]
    assert model.probabilities(probe) == pytest.approx(want, abs=1e-3)
    model.save(tmp_path / "m.json")
    again = TypeModel.load(tmp_path / "m.json", TYPE_CODES)
    assert again.labels == model.labels
    assert np.allclose(again.probabilities(probe), model.probabilities(probe))


def test_a_long_letter_is_read_at_both_ends() -> None:
    letter = "尊敬的领导：" + "事情的经过是这样的。" * 40 + "恳请尽快解决！"
    cut = reach(letter)
    assert len(cut) == 200 and cut.startswith("尊敬的领导") and cut.endswith("恳请尽快解决！")
    assert reach("短帖不截") == "短帖不截"


@pytest.mark.slow
def test_shipped_model_is_what_the_written_sets_train() -> None:
    """config/type_model.json is no opaque artefact: the written sets in this repository rebuild it,
    and none of them is a set kept for validation or blind reading."""
    from monitor.classify.type_train import PARAMS, SOURCES, examples

    from monitor.classify.training import is_unseen

    assert not any(is_unseen(Path(s).name) for s in SOURCES)  # blind and blind6 are retired, the rest unseen
    assert not any("shared" in s for s in SOURCES)
    texts, types = examples(ROOT)
    trained = TypeModel.fit(texts, types, trained_on=SOURCES, **PARAMS)
    shipped = TypeModel.load(ROOT / "config" / "type_model.json", TYPE_CODES)
    assert set(trained.vocabulary) == set(shipped.vocabulary)
    assert trained.intercepts == pytest.approx(shipped.intercepts, abs=1e-3)
    assert list(shipped.trained_on) == list(SOURCES)
    assert json.loads((ROOT / "config" / "type_model.json").read_text(encoding="utf-8"))["labels"] == list(shipped.labels)


def test_explain_says_the_type_model_decided(config_dir: Path) -> None:
    from typer.testing import CliRunner

    from monitor.cli import _register_all, app

    _register_all()
    r = CliRunner().invoke(app, ["classify", "--explain", "我爸住院要押金两万，家里实在凑不出来了", "-c",
                                       str(config_dir / "wenzheng.toml")])
    assert r.exit_code == 0, r.output
    # who decided and why (no cue fired: the cues are weak), and what the cues said
    assert "类型规则弱" in r.output and "取模型的判断" in r.output and "按投诉" in r.output


@pytest.mark.parametrize(("body", "says"), [
    ('{"text": "路灯坏了", "type": "投诉"}\n{bad\n', r"written\.jsonl:2: not a JSON object"),
    ('["路灯坏了"]\n', r"written\.jsonl:1: needs a text"),
    ('{"text": "路灯坏了", "type": "牢骚"}\n', r"written\.jsonl:1: type '牢骚' is not a type"),
])
def test_a_bad_line_in_a_written_set_is_named(tmp_path: Path, body: str, says: str) -> None:
    """Retraining names the file and line of a broken example instead of a bare decoding error."""
    from monitor.classify.type_train import examples

    (tmp_path / "config").mkdir()
    (tmp_path / "config" / "classify.toml").write_text((ROOT / "config" / "classify.toml").read_text(encoding="utf-8"),
                                                       encoding="utf-8")
    (tmp_path / "written.jsonl").write_text(body, encoding="utf-8")
    with pytest.raises(ValueError, match=says):
        examples(tmp_path, ("written.jsonl",))


def weak_cues(settings, weak_margin: float, weak_below: float, firm: tuple[str, ...] = ()):  # type: ignore[no-untyped-def]
    """``settings`` with ``[types.model] weak_margin``, ``weak_below`` and ``firm`` set."""
    model = settings.types.model.model_copy(update={"weak_margin": weak_margin, "weak_below": weak_below,
                                                    "firm": firm})
    return settings.model_copy(update={"types": settings.types.model_copy(update={"model": model})})


def test_where_no_cue_fired_the_model_decides_at_the_weak_margin(both: Classifier) -> None:
    """A matter told without a type word is a complaint by default: the cues' guess, which a model
    reading how it is said overrules at ``weak_margin``; a clear cue still needs ``margin``."""
    told = "小区门口的路灯已经半个月不亮了"  # no type word: 投诉 by default
    asked = "请问社区老年食堂几点开饭？"  # 请问: a clear cue
    clf = Classifier(weak_cues(both.settings, 0.2, 2.6), both.gazetteer, type_model=Sure("report", 0.3))
    got = clf.classify(told)
    assert got.type == "report"
    ev = got.evidence["type"]
    assert ev["by"] == "model" and ev["rules"]["by"] == "default" and "类型规则弱" in ev["why"]
    assert clf.classify(asked).type == "consult"
    off = Classifier(weak_cues(both.settings, 0.2, 0.0), both.gazetteer, type_model=Sure("report", 0.3))
    assert off.classify(told).type == "complaint"  # weak_below = 0: margin everywhere
    assert off.classify(told).evidence["type"]["model"] == {"label": "report", "margin": 0.3}


def test_a_weak_cue_is_overruled_at_the_weak_margin(both: Classifier) -> None:
    """A cue scoring below ``weak_below`` is weak; the same message's cue scoring above it is not."""
    text = "小区门口的路灯已经半个月不亮了，希望能修一下"
    scores = Classifier(both.settings, both.gazetteer).classify(text).evidence["type"]["scores"]
    strongest = max(scores.values())
    above = Classifier(weak_cues(both.settings, 0.2, strongest + 0.1), both.gazetteer, type_model=Sure("report", 0.3))
    assert above.classify(text).type == "report"
    at = Classifier(weak_cues(both.settings, 0.2, strongest), both.gazetteer, type_model=Sure("report", 0.3))
    assert at.classify(text).type != "report"


def test_a_firm_type_found_by_the_cues_needs_the_full_margin(both: Classifier) -> None:
    """``[types.model] firm``: where a cue of a firm type (a proposal: 加个红绿灯) decided, the model
    needs ``margin`` however weak the cue scored; a firm type's cue is the cues' knowledge, not a guess."""
    text = "这个路口车多人多，能不能加个红绿灯"
    assert Classifier(both.settings, both.gazetteer).classify(text).type == "suggestion"
    loose = weak_cues(both.settings, 0.2, 9.0)  # every cue weak, no type firm
    assert Classifier(loose, both.gazetteer, type_model=Sure("complaint", 0.3)).classify(text).type == "complaint"
    firm = weak_cues(both.settings, 0.2, 9.0, ("suggestion",))
    got = Classifier(firm, both.gazetteer, type_model=Sure("complaint", 0.3)).classify(text)
    assert got.type == "suggestion" and got.evidence["type"]["model"] == {"label": "complaint", "margin": 0.3}
    assert Classifier(firm, both.gazetteer, type_model=Sure("complaint", 0.6)).classify(text).type == "complaint"
