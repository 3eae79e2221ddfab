"""The shipped domain model beside the lexicon: when it decides, what it learnt from, its file, and
how it stands with an office's own model (``wenzheng train``).

Sentences written for these tests, never copied from a set.
"""

from __future__ import annotations

import json
from pathlib import Path

import jieba
import numpy as np
import pytest

from monitor.classify import Classifier, LearnedModel
from monitor.classify.classifier import load_domain_model, load_type_model
from monitor.classify.domain_model import DomainModel
from monitor.classify.ngram_model import Reading, reach
from monitor.classify.settings import load_classify, load_gazetteer
from monitor.core.config import ConfigError

ROOT = Path(__file__).resolve().parents[1]
CONFIG = ROOT / "config" / "classify.toml"
WATER = "我们这栋楼又停水了，一大早洗漱都没法弄"  # the lexicon's 民生, on one word (score 4)


@pytest.fixture(scope="module")
def settings():  # type: ignore[no-untyped-def]
    return load_classify(CONFIG)


@pytest.fixture(scope="module")
def fresh(settings) -> Classifier:  # type: ignore[no-untyped-def]
    """What a fresh install answers: the rules and the shipped type and domain models."""
    return Classifier(settings, load_gazetteer(ROOT / "config" / "regions.toml"),
                      type_model=load_type_model(settings, CONFIG), domain_model=load_domain_model(settings, CONFIG))


def Sure(label: str, margin: float, other: str = "其他") -> DomainModel:
    """A real domain model that knows no n-gram: its intercepts alone say ``label`` with ``margin``
    over one other domain, whatever the text (the combination with the rules is what is tested)."""
    return DomainModel((label, other), np.log([(1 + margin) / 2, (1 - margin) / 2]), {}, np.zeros((0, 2)))


def with_model(fresh: Classifier, model: DomainModel) -> Classifier:
    return Classifier(fresh.settings, fresh.gazetteer, domain_model=model)


def test_a_sure_model_decides_a_disagreement_and_says_what_the_rules_said(fresh: Classifier) -> None:
    assert Classifier(fresh.settings, fresh.gazetteer).classify(WATER).domain == "民生"
    got = with_model(fresh, Sure("住房", 0.9)).classify(WATER)
    assert got.domain == "住房" and got.rule_domain == "民生"
    ev = got.evidence["domain"]
    assert ev["by"] == "shipped" and ev["shipped"] == {"label": "住房", "margin": 0.9} and "model" not in ev
    assert ev["rules"]["label"] == "民生" and "停水" in ev["rules"]["words"]
    assert "领域模型把握大" in ev["why"] and "民生" in ev["why"]
    assert ev["rules"]["scores"]["民生"] < fresh.settings.domains.model.rules_below
    assert got.subtopic is None  # the lexicon named no 住房 sub-topic: none of the rules' is kept


def test_a_verdict_resting_on_many_words_stays_the_rules(fresh: Classifier) -> None:
    text = "小区停水三天了，自来水公司也不通知一声"  # 停水 in the opening and 自来水公司: score 14
    got = with_model(fresh, Sure("住房", 0.99)).classify(text)
    assert got.evidence["domain"]["scores"]["民生"] >= fresh.settings.domains.model.rules_below
    assert got.domain == "民生" and got.evidence["domain"]["by"] == "rules"
    assert got.evidence["domain"]["shipped"]["label"] == "住房"


def test_the_model_files_no_domain_word_under_other(fresh: Classifier) -> None:
    """其他 is no office's work: where the lexicon found a domain word the model cannot clear it."""
    got = with_model(fresh, Sure("其他", 0.99, other="民生")).classify(WATER)
    assert got.domain == "民生" and got.evidence["domain"]["by"] == "rules"
    nothing = "这个事情到底什么时候能有个说法"  # no domain word: the model's sure guess is taken
    assert fresh.classify(nothing).rule_domain == "其他"
    assert with_model(fresh, Sure("民生", 0.99)).classify(nothing).domain == "民生"


def test_an_unsure_model_leaves_the_rules_deciding_and_shows_what_it_read(fresh: Classifier) -> None:
    got = with_model(fresh, Sure("住房", 0.2)).classify(WATER)
    assert got.domain == "民生" and got.evidence["domain"]["by"] == "rules"
    assert got.evidence["domain"]["shipped"] == {"label": "住房", "margin": 0.2}


def test_a_few_words_are_left_to_the_rules(fresh: Classifier) -> None:
    got = with_model(fresh, Sure("住房", 0.99)).classify("@问政银川 又停水了")  # five characters without the account
    assert got.domain == "民生" and "model" not in got.evidence["domain"]


# a letter: its background (the road below, 交通) and its request (the barbecue's noise, 环境保护) come out
# nearly level in the lexicon (12.5 and 11.0), far above `rules_below`
LETTER = ("尊敬的领导：我家住在城东的一个老小区，楼下是一条主干道，每天早晚高峰堵车特别严重，公交车进站都要排队，"
          "红绿灯时间太短，电动车乱闯，停车位也找不到，交通秩序很乱。最近小区旁边又开了一家烧烤店，晚上有人喝酒"
          "划拳到半夜，吵得老人孩子睡不着。恳请有关部门管一管这家店的噪音扰民。")


def test_the_model_settles_a_near_tie_in_a_letter(fresh: Classifier) -> None:
    cfg = fresh.settings.domains.model
    scores = Classifier(fresh.settings, fresh.gazetteer).classify(LETTER).evidence["domain"]["scores"]
    assert len(LETTER) >= cfg.tie_min_chars and scores["交通"] >= cfg.rules_below
    assert cfg.tie_share * scores["交通"] <= scores["环境保护"] < scores["交通"]
    got = with_model(fresh, Sure("环境保护", 0.3)).classify(LETTER)
    assert got.domain == "环境保护" and got.rule_domain == "交通" and got.subtopic == "噪音"
    ev = got.evidence["domain"]
    assert ev["by"] == "shipped" and ev["rules"]["label"] == "交通" and "得分接近" in ev["why"]


@pytest.mark.parametrize("model", [Sure("环境保护", 0.05), Sure("住房", 0.9)], ids=["unsure", "not-a-candidate"])
def test_a_near_tie_needs_the_models_margin_and_a_domain_the_lexicon_found(fresh: Classifier,
                                                                           model: DomainModel) -> None:
    got = with_model(fresh, model).classify(LETTER)
    assert got.domain == "交通" and got.evidence["domain"]["by"] == "rules"


def test_a_near_tie_in_a_post_or_with_the_rule_off_stays_the_rules(fresh: Classifier) -> None:
    off = fresh.settings.model_copy(update={"domains": fresh.settings.domains.model_copy(
        update={"model": fresh.settings.domains.model.model_copy(update={"tie_min_chars": 0})})})
    assert Classifier(off, fresh.gazetteer, domain_model=Sure("环境保护", 0.3)).classify(LETTER).domain == "交通"
    longer = fresh.settings.model_copy(update={"domains": fresh.settings.domains.model_copy(
        update={"model": fresh.settings.domains.model.model_copy(update={"tie_min_chars": len(LETTER) + 1})})})
    assert Classifier(longer, fresh.gazetteer, domain_model=Sure("环境保护", 0.3)).classify(LETTER).domain == "交通"


def test_small_talk_keeps_no_matter_where_the_office_says_so(fresh: Classifier) -> None:
    """With ``no_matter_max_chars`` set, a small-talk cue that decided the type clears a post's
    domain and the model is not asked."""
    clearing = fresh.settings.model_copy(update={"types": fresh.settings.types.model_copy(
        update={"no_matter_max_chars": 80})})
    text = "今天的晚霞真好看，拍了好多张照片"
    assert Classifier(clearing, fresh.gazetteer).classify(text).domain == "其他"
    got = Classifier(clearing, fresh.gazetteer, domain_model=Sure("城乡建设", 0.99)).classify(text)
    assert got.domain == "其他" and got.evidence["domain"]["by"] == "type"


def test_small_talk_keeps_the_domain_of_what_it_names(fresh: Classifier) -> None:
    """As shipped (``no_matter_max_chars = 0``) small talk is 其他 in type and keeps the domain of
    the thing it names, as the writers file it; the lexicon decides as in any post."""
    assert fresh.settings.types.no_matter_max_chars == 0
    got = Classifier(fresh.settings, fresh.gazetteer).classify("新换的物业真不错，楼道天天有人扫👍")
    assert (got.type_label, got.domain) == ("其他", "住房"), got.evidence


OWN_TEXTS = ["公交车班次太少等了一个小时", "路口红绿灯时间太短行人过不去", "出租车拒载还乱收费",
             "孩子入学划片不合理", "学校强制补课收费", "幼儿园收费太高"]


@pytest.fixture(scope="module")
def own() -> LearnedModel:
    """An office's own model (``wenzheng train``), fitted on a few sentences of two domains."""
    return LearnedModel.fit([(jieba.lcut(t), t) for t in OWN_TEXTS], ["交通"] * 3 + ["教育"] * 3)


@pytest.fixture(scope="module")
def made_up() -> LearnedModel:
    """An office's model that knows strings of no lexicon: it fills a message the rules find nothing in."""
    texts = ["甲乙丙丁甲乙丙丁", "甲乙丙丁丙丁甲乙", "丁丙乙甲甲乙丙丁", "戊己庚辛戊己庚辛", "戊己庚辛庚辛戊己", "辛庚己戊戊己庚辛"]
    return LearnedModel.fit([(jieba.lcut(t), t) for t in texts], ["交通"] * 3 + ["教育"] * 3)


def test_an_offices_own_model_and_the_rules_agreeing_on_many_words_stand(fresh: Classifier, own: LearnedModel) -> None:
    """A verdict resting on many words (score ≥ ``rules_below``) is not the shipped model's to overrule,
    with or without an office's model; the evidence shows what each of the three read."""
    clf = Classifier(fresh.settings, fresh.gazetteer, own, domain_model=Sure("住房", 0.99))
    got = clf.classify("公交车班次太少等了一个小时还没来")
    ev = got.evidence["domain"]
    assert got.domain == "交通" and ev["by"] == "model+rules"
    assert ev["rules"]["score"] >= fresh.settings.domains.model.rules_below
    assert ev["shipped"] == {"label": "住房", "margin": 0.99} and "shipped" not in ev["model"]


def test_training_keeps_the_shipped_models_correction_of_a_few_words(fresh: Classifier, own: LearnedModel) -> None:
    """Where the rules' answer stood on a few words (the office's model agreeing or unsure), the shipped
    model overrules it as it does in a fresh install: training never takes that correction away."""
    text = "孩子上学的事情到底什么时候能有个说法"  # 上学: 教育 on one word (score 2)
    alone = with_model(fresh, Sure("住房", 0.99)).classify(text)
    clf = Classifier(fresh.settings, fresh.gazetteer, own, domain_model=Sure("住房", 0.99))
    got = clf.classify(text)
    assert alone.domain == got.domain == "住房" and got.rule_domain == "教育"
    ev = got.evidence["domain"]
    assert ev["by"] == "shipped" and ev["shipped"] == {"label": "住房", "margin": 0.99}
    assert ev["model"]["label"] == "教育" and ev["rules"]["label"] == "教育" and ev["rules"]["words"] == ["上学"]
    assert "领域模型把握大" in ev["why"]
    unsure = Classifier(fresh.settings, fresh.gazetteer, own, domain_model=Sure("住房", 0.2)).classify(text)
    assert unsure.domain == "教育" and unsure.evidence["domain"]["by"] == "model+rules"
    assert unsure.evidence["domain"]["shipped"] == {"label": "住房", "margin": 0.2}


def test_a_sure_shipped_model_decides_a_post_the_offices_model_filled(fresh: Classifier, made_up: LearnedModel) -> None:
    """A post without a domain word that the office's model fills (margin ≥ ``post_model_margin``) goes
    to the shipped model where it reads another domain at its margin; where it agrees or is unsure the
    office's model keeps it."""
    text = "甲乙丙丁甲乙丙丁甲乙丙丁"
    assert fresh.classify(text).rule_domain == "其他"
    office = Classifier(fresh.settings, fresh.gazetteer, made_up, domain_model=Sure("住房", 0.2)).classify(text)
    assert office.domain == "交通" and office.evidence["domain"]["by"] == "model"
    assert office.evidence["domain"]["model"]["margin"] >= fresh.settings.model.post_model_margin
    got = Classifier(fresh.settings, fresh.gazetteer, made_up, domain_model=Sure("住房", 0.99)).classify(text)
    assert got.domain == "住房" and got.evidence["domain"]["by"] == "shipped"
    assert "本单位模型的交通" in got.evidence["domain"]["why"]
    agree = Classifier(fresh.settings, fresh.gazetteer, made_up, domain_model=Sure("交通", 0.99)).classify(text)
    assert agree.domain == "交通" and agree.evidence["domain"]["by"] == "model"


def test_a_letter_the_offices_model_decided_stays_its(fresh: Classifier, made_up: LearnedModel) -> None:
    """In a letter (``post_max_chars`` or longer) the office's model judges against the rules in the
    register it learnt: the shipped model is shown, not asked to decide."""
    text = "甲乙丙丁" * (fresh.settings.model.post_max_chars // 4 + 1)
    got = Classifier(fresh.settings, fresh.gazetteer, made_up, domain_model=Sure("住房", 0.99)).classify(text)
    assert got.domain == "交通" and got.evidence["domain"]["by"] == "model"
    assert got.evidence["domain"]["shipped"]["label"] == "住房"


def test_both_models_are_read_in_one_pass(fresh: Classifier) -> None:
    """One automaton over both models' n-grams gives each the probabilities it gives alone."""
    assert fresh.type_model is not None and fresh.domain_model is not None
    both = Reading({"type": fresh.type_model, "domain": fresh.domain_model})
    for text in (WATER, "请问孩子转学需要准备哪些材料，在哪里办", "楼下烧烤店油烟太大" * 30):
        cut = reach(text)
        read = both.probabilities(cut)
        assert read["type"] == pytest.approx(fresh.type_model.probabilities(text), abs=1e-9)
        assert read["domain"] == pytest.approx(fresh.domain_model.probabilities(text), abs=1e-9)
    assert set(fresh._reading.heads) == {"type", "domain"}  # type: ignore[union-attr]


def test_the_shipped_model_answers_in_the_office_domains(fresh: Classifier) -> None:
    assert fresh.domain_model is not None
    assert set(fresh.domain_model.labels) == set(fresh.settings.taxonomy.domains)


def test_no_path_means_the_rules_alone(tmp_path: Path) -> None:
    src = CONFIG.read_text(encoding="utf-8").replace('path = "domain_model.json"', 'path = ""')
    (tmp_path / "classify.toml").write_text(src, encoding="utf-8")
    assert load_domain_model(load_classify(tmp_path / "classify.toml"), tmp_path / "classify.toml") is None


HEAD = '"format": "wenzheng-domain-ngram-model/1", "ngrams": [1, 3], "half": 100'


@pytest.mark.parametrize(("content", "says"), [
    (None, r"domains\.model\.path: .*domain_model\.json: cannot read the domain model"),
    ("{not json", "not a domain model"),
    ('{"format": "wenzheng-type-model/1"}', "format is not wenzheng-domain-ngram-model/1"),
    ('{' + HEAD + ', "labels": ["民生", "天气"], "intercepts": [0, 0], "weights": {}}', "labels: 天气"),
    ('{' + HEAD + ', "labels": ["民生", "住房"], "intercepts": [0, 0], "weights": {"水": [1]}}',
     "does not have one weight per domain"),
    ('{"format": "wenzheng-domain-ngram-model/1", "ngrams": [2, 3], "half": 100, "labels": ["民生", "住房"], '
     '"intercepts": [0, 0], "weights": {}}', "fitted on other features.*domain_train"),
    ('{' + HEAD + ', "labels": "民生", "intercepts": [0, 0], "weights": {}}', "labels: not a list of office domains"),
    ('{' + HEAD + ', "labels": ["民生", "住房"], "intercepts": [0, 0], "weights": {"水": ["x", null]}}',
     "weights and intercepts must be numbers"),
])
def test_a_bad_model_file_is_a_config_error(settings, tmp_path: Path, content: str | None, says: str) -> None:  # type: ignore[no-untyped-def]
    if content is not None:
        (tmp_path / "domain_model.json").write_text(content, encoding="utf-8")
    with pytest.raises(ConfigError, match=says):
        load_domain_model(settings, tmp_path / "classify.toml")


@pytest.mark.slow
def test_shipped_model_is_what_the_written_sets_train() -> None:
    """config/domain_model.json is no opaque artefact: the written sets in this repository rebuild it,
    and none of them is a set kept for validation or blind reading, nor the shared data."""
    from monitor.classify.domain_train import PARAMS, SOURCES, examples

    assert not any(Path(s).name.startswith("blind") and Path(s).name != "blind.jsonl" for s in SOURCES)
    assert not any("shared" in s for s in SOURCES)
    texts, domains = examples(ROOT)
    trained = DomainModel.fit(texts, domains, trained_on=SOURCES, **PARAMS)
    shipped = DomainModel.load(ROOT / "config" / "domain_model.json", load_classify(CONFIG).taxonomy.domains)
    assert set(trained.vocabulary) == set(shipped.vocabulary)
    assert trained.intercepts == pytest.approx(shipped.intercepts, abs=1e-3)
    assert list(shipped.trained_on) == list(SOURCES)
    assert json.loads((ROOT / "config" / "domain_model.json").read_text(encoding="utf-8"))["labels"] == list(shipped.labels)


def test_a_line_in_no_office_domain_is_named(tmp_path: Path) -> None:
    from monitor.classify.domain_train import examples

    (tmp_path / "config").mkdir()
    (tmp_path / "config" / "classify.toml").write_text(CONFIG.read_text(encoding="utf-8"), encoding="utf-8")
    (tmp_path / "written.jsonl").write_text('{"text": "路灯坏了", "domain": "城乡建设"}\n'
                                            '{"text": "天气真好", "domain": "天气"}\n', encoding="utf-8")
    with pytest.raises(ValueError, match=r"written\.jsonl:2: domain '天气' is not a domain"):
        examples(tmp_path, ("written.jsonl",))


def test_explain_says_the_domain_model_decided(config_dir: Path) -> None:
    from typer.testing import CliRunner

    from monitor.cli import _register_all, app

    Sure("住房", 0.9).save(config_dir / "domain_model.json")
    _register_all()
    r = CliRunner().invoke(app, ["classify", "--explain", WATER, "-c", str(config_dir / "wenzheng.toml")])
    assert r.exit_code == 0, r.output
    assert "领域：领域模型把握大（差距 0.90 ≥ 0.25），规则（民生）得分低" in r.output
    assert "领域：由规则决定；词 " in r.output and "停水" in r.output  # what the rules said
    assert "领域模型（随附）：住房 差距 0.9" in r.output


def test_explain_says_the_shipped_model_decided_beside_an_offices_model(config_dir: Path, tmp_path: Path,
                                                                        own: LearnedModel) -> None:
    """With an office's model, --explain names who decided among the three and what each read."""
    from typer.testing import CliRunner

    from monitor.cli import _register_all, app

    Sure("住房", 0.99).save(config_dir / "domain_model.json")
    own.save(tmp_path / "own.pkl")
    _register_all()
    r = CliRunner().invoke(app, ["classify", "--explain", "孩子上学的事情到底什么时候能有个说法",
                                 "--model", str(tmp_path / "own.pkl"), "-c", str(config_dir / "wenzheng.toml")])
    assert r.exit_code == 0, r.output
    assert "领域：由随附的领域模型决定（领域模型把握大" in r.output
    assert "本单位模型 教育 差距" in r.output and "规则 教育 得分 2.0，词 上学" in r.output
    assert "领域模型（随附）：住房 差距 0.99" in r.output
