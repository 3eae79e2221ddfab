"""Risk patterns on messages written for these tests (not copied from any data set or the blind set).

Each kind is checked on phrasings that have no single trigger token, then negations, look-alikes,
the 疑似 (possible) path, the JSON shape and configuration errors that name file, key and problem.
"""

from __future__ import annotations

import json
import re
from pathlib import Path

import jieba
import pytest
from typer.testing import CliRunner

from monitor.classify.risk import RiskDetector, describe, risk_label
from monitor.classify.risk_config import KINDS, load_risk
from monitor.cli import _register_all, app
from monitor.core.config import ConfigError

ROOT = Path(__file__).resolve().parents[1]


@pytest.fixture(scope="module")
def det() -> RiskDetector:
    return RiskDetector.load(ROOT / "config" / "risk.toml")


def flags(det: RiskDetector, text: str) -> dict[str, dict]:
    return {r["flag"]: r for r in det.detect(text)}


def no_pattern(raised: dict[str, dict], kind: str) -> bool:
    """Whether ``kind`` is not raised, or raised only as the model's own 疑似 guess (a person looks
    at it): no pattern fired for it and nothing about it is certain."""
    return kind not in raised or (raised[kind]["possible"] and raised[kind]["evidence"][0].startswith("模型"))


ISSUE_MESSAGES = [  # the messages issue 10 says were missed, each with the kind it must raise
    ("真的熬不下去了，活着一点意思都没有，明天就从单位楼顶跳下去", "self_harm"),
    ("把攒的安眠药全吃了，不想再拖累家里人", "self_harm"),
    ("小区地下室一股煤气味，是不是哪里的管子漏了", "safety_hazard"),
    ("电线杆上的变压器冒烟还打火花", "safety_hazard"),
    ("楼道里电瓶车着了，烟特别大", "safety_hazard"),
    ("他喝多了就打我跟孩子", "minor_domestic"),
    ("急救电话一直占线，我妈晕倒在厨房了", "medical"),
    ("上百个工人堵在项目部门口要工钱", "mass_incident"),
    ("全村人准备下周一起去省里上访", "mass_incident"),
]


@pytest.mark.parametrize(("text", "kind"), ISSUE_MESSAGES)
def test_the_issue_messages_are_flagged_for_certain(det: RiskDetector, text: str, kind: str) -> None:
    out = flags(det, text)
    assert kind in out and not out[kind]["possible"], out


@pytest.mark.parametrize(("text", "kind"), [
    # self-harm without the word 自杀
    ("我已经写好遗书了，对不起爸妈", "self_harm"),
    ("在这个世上活着太累了，还不如死了算了", "self_harm"),
    ("拿着一瓶农药坐在村委会门口，说不给解决就喝下去", "self_harm"),
    # threats and extreme acts
    ("再不给我退钱，我就带着汽油去你们售楼部", "threat"),
    ("那个包工头再赖账，我就拿刀去找他，大不了同归于尽", "threat"),
    ("邻居天天半夜吵，迟早有一天我要弄死他", "threat"),
    # hazards of every sort
    ("楼道里闻到好大一股天然气的味道，邻居家没人", "safety_hazard"),
    ("我们被困在电梯里快半小时了，物业电话没人接", "safety_hazard"),
    ("路口的井盖不见了，晚上黑乎乎的", "safety_hazard"),
    ("六楼阳台的空调外机摇摇晃晃，底下就是幼儿园门口", "safety_hazard"),
    ("承重墙上的裂缝越来越宽了，能塞进一根手指", "safety_hazard"),
    ("暴雨后地下车库进水，水已经没过膝盖", "safety_hazard"),
    # crowds
    ("我们三十多个农民工明天一起去区政府讨薪", "mass_incident"),
    ("业主们在售楼部门口拉起了横幅", "mass_incident"),
    # children and domestic violence, across jieba's splits
    ("隔壁天天打孩子，孩子哭得撕心裂肺", "minor_domestic"),
    ("老公一喝醉就动手，我身上都是伤", "minor_domestic"),
    ("超市停车场有个小孩被锁在车里，车窗全关着", "minor_domestic"),
    # medical emergencies
    ("打了好几次120都打不通，老人倒在地上起不来", "medical"),
    ("学校食堂中午吃完，好多学生上吐下泻", "medical"),
    ("我爸突然晕过去了，叫也叫不醒", "medical"),
])
def test_each_kind_in_everyday_phrasing(det: RiskDetector, text: str, kind: str) -> None:
    out = flags(det, text)
    assert kind in out, (text, out)


def test_character_matching_survives_segmentation(det: RiskDetector) -> None:
    text = "他喝多了就打我跟孩子"
    assert "打孩子" not in jieba.lcut(text)  # what the token lexicon needed and never got
    r = flags(det, text)["minor_domestic"]
    assert r["evidence"] == ["喝多…打我"] and r["severity"] == "critical" and r["label"] == "未成年人/家暴"


@pytest.mark.parametrize("text", [
    "小区没有燃气泄漏，只是暖气不热",
    "我不是要跳楼，只是想问问公积金怎么提取",
    "并没有人晕倒，大家都挺好",
])
def test_negation_cancels_and_says_why(det: RiskDetector, text: str) -> None:
    evidence: dict = {}
    assert det.detect(text, evidence) == []
    assert evidence["risk"]["cancelled"], "a cancellation is explained, never silent"


@pytest.mark.parametrize("text", [
    "学校开展防溺水宣传，提醒孩子不要私自下河",
    "下午小区搞消防演练，模拟楼道着火疏散",
    "楼下广场舞吵死了，天天晚上十点还不停",
    "宿舍没空调，热死了",
    "物业乱收费，我一定投诉到底",
    "商场跳楼价大甩卖，全场五折",
    "楼下有人跳广场舞，音响太大",
    "电动车轮胎漏气了，附近哪里能打气",
    "工作人员打我电话说材料不全",
    "打了120元的话费还没到账",
    "我想死你们了，过年回家见",
    "给孩子打疫苗要排多久的队",
    "天然气费怎么网上缴纳",
    "担心被打击报复，不敢实名举报",
])
def test_lookalikes_raise_nothing(det: RiskDetector, text: str) -> None:
    assert det.detect(text) == [], text


def test_uncertain_hits_are_raised_as_possible_not_dropped(det: RiskDetector) -> None:
    r = flags(det, "最近真的撑不下去了")["self_harm"]
    assert r["possible"] and r["label"] == "疑似轻生"
    r = flags(det, "万一哪天燃气泄漏，整栋楼都危险")["safety_hazard"]
    assert r["possible"] and r["label"] == "疑似安全隐患"  # a conditional: for a person to judge
    # a certain and an uncertain hit of the same kind: certain wins
    r = flags(det, "我撑不下去了，想从楼顶跳下去")["self_harm"]
    assert not r["possible"] and r["label"] == "轻生"


def test_several_kinds_most_severe_first(det: RiskDetector) -> None:
    out = det.detect("工地上百个工人围住项目部，有个师傅晕倒了")
    assert [r["flag"] for r in out] == ["medical", "mass_incident"]
    assert [r["severity_label"] for r in out] == ["危急", "紧急"]
    assert describe(out).startswith("医疗急症（")


def test_full_width_and_spaces_are_folded(det: RiskDetector) -> None:
    assert "medical" in flags(det, "打 １２０ 一直 占线，人 晕倒 了")


def test_stored_items_read_in_chinese_old_and_new() -> None:
    assert risk_label({"flag": "minor_in_danger", "label": "未成年人危险", "words": ["溺水"]}) == "未成年人危险"
    assert risk_label({"flag": "minor_in_danger"}) == "未成年人/家暴"  # an old code, no label stored
    assert risk_label("safety_hazard") == "安全隐患"
    assert describe([{"flag": "threat", "label": "暴力威胁", "words": ["拼命"]}]) == "暴力威胁（拼命）"


def test_classify_json_returns_risk_objects() -> None:
    _register_all()
    res = CliRunner().invoke(app, ["classify", "--json", "急救电话一直占线，我妈晕倒在厨房了",
                                   "-c", str(ROOT / "config" / "wenzheng.toml")])
    assert res.exit_code == 0, res.output
    data = json.loads(res.stdout)
    [r] = data["risk"]
    assert r["flag"] == "medical" and r["label"] == "医疗急症" and r["severity"] == "critical"
    assert "晕倒" in "".join(r["evidence"]) and data["evidence"]["risk"]["fired"]["medical"]
    res = CliRunner().invoke(app, ["classify", "急救电话一直占线，我妈晕倒在厨房了",
                                   "-c", str(ROOT / "config" / "wenzheng.toml")])
    assert "风险  医疗急症（" in res.stdout and "medical" not in res.stdout


@pytest.fixture(scope="module")
def eager(tmp_path_factory: pytest.TempPathFactory) -> RiskDetector:
    """The shipped patterns and model with the model's bars at 0.05: the model guesses on nearly
    any text, so a test of what keeps its guesses quiet does not depend on one model's figures."""
    folder = tmp_path_factory.mktemp("eager")
    text = (ROOT / "config" / "risk.toml").read_text(encoding="utf-8")
    text = re.sub(r"(?m)^threshold = .*$", "threshold = 0.05", text)
    text = re.sub(r"(?m)^thresholds = .*$", "thresholds = {}", text)
    (folder / "risk.toml").write_text(text, encoding="utf-8")
    (folder / "risk_model.json").write_text((ROOT / "config" / "risk_model.json").read_text(encoding="utf-8"),
                                            encoding="utf-8")
    return RiskDetector(load_risk(folder / "risk.toml"))


def _bad(tmp_path: Path, old: str, new: str) -> Path:
    p = tmp_path / "risk.toml"
    text = (ROOT / "config" / "risk.toml").read_text(encoding="utf-8")
    assert old in text
    p.write_text(text.replace(old, new), encoding="utf-8")
    return p


@pytest.mark.parametrize(("old", "new", "message"), [
    ('words = ["跳"]\nnear = ["@place_high"]', 'words = ["跳"]', r"kinds\.self_harm\.rules\[1\].*one-character word"),
    ('near = ["@place_high"]', 'near = ["@places"]', r"'@places' names no set"),
    ("kinds.minor_domestic", "kinds.minor_in_danger", r"minor_in_danger is now minor_domestic"),
    ('severity = "high"', 'severity = "urgent"', r"kinds\.safety_hazard.*'urgent' is not one of"),
    ('"轻生", "自杀"', '"轻生", "轻生"', r"kinds\.self_harm\.rules\[0\].*'轻生' listed twice"),
    ('"轻生", "自杀"', '"轻生", ""', r"empty word"),
    ("window = 8", "widow = 8", r"match\.widow"),
    ('frames = ["应急演练"', 'frames = ["应急 演练"', r"frames: '应急 演练' contains spaces"),
    ('turns = ["突然"', 'turns = ["突然", "突然"', r"turns: '突然' listed twice"),
    ('not_unless = ["油烟管道"', 'not_unless = ["管道"', r"kinds\.safety_hazard.*not_unless: 管道 hold\(s\) no word of `unless`"),
    ('settled = ["一分没少"', 'settled = ["一分没少", "一分没少"', r"kinds\.mass_incident.*settled: '一分没少' listed twice"),
    ("\ndoubt = 0.1\n", "\ndoubt = 1.5\n", r"model\.doubt"),
    ("doubt_single = { safety_hazard = 0.3 }", "doubt_single = { hazard = 0.2 }", r"doubt_single: unknown kind\(s\) hazard"),
    ("doubt_single = { safety_hazard = 0.3 }", "doubt_single = { safety_hazard = 1.5 }",
     r"doubt_single: safety_hazard must lie between 0 and 1"),
    ("unlike_share = 0.001", "unlike_share = 0.001\nunlike_keeps = { safety_hazard = 1.5 }",
     r"unlike_keeps: safety_hazard must lie from 0 up to 1"),
    ("unlike_share = 0.001", "unlike_share = 0.001\nunlike_keeps = { hazard = 0.01 }", r"unlike_keeps: unknown kind\(s\) hazard"),
    ('sources = ["烧树叶"', 'sources = ["烧明火"', r"kinds\.safety_hazard\.everyday\[0\].*sources: 烧明火 hold\(s\) a `danger` word"),
    ('explains = ["炭", "碳"]', 'explains = []', r"kinds\.self_harm\.everyday\[0\]\.explains"),
    ('sources = ["烧烤", "烤串"', 'sources = ["烤", "烤串"', r"kinds\.self_harm\.everyday\[0\].*one-character word\(s\) 烤"),
    ('danger = ["被困"', 'danger = ["困"', r"kinds\.safety_hazard.*danger: one-character word\(s\) 困"),
    ('danger = ["被困"', 'danger = ["烧烤摊"', r"kinds\.safety_hazard.*danger: 烧烤摊 is also an `unless` word"),
    ('trifles = ["基金又绿"', 'trifles = ["我不想活了"', r"kinds\.self_harm.*trifles: 我不想活了 hold\(s\) a word of the kind's own rules"),
    ('trifles = ["基金又绿"', 'trifles = ["花盆"', r"kinds\.self_harm.*trifles: 花盆 also listed in `unless`"),
    ('trifles = ["基金又绿"', 'trifles = ["绿"', r"kinds\.self_harm.*trifles: one-character word\(s\) 绿"),
])
def test_bad_pattern_names_file_key_and_problem(tmp_path: Path, old: str, new: str, message: str) -> None:
    with pytest.raises(ConfigError, match=r"risk\.toml: .*" + message):
        load_risk(_bad(tmp_path, old, new))


def test_every_kind_is_configured(det: RiskDetector) -> None:
    assert list(det.labels) == list(KINDS)
    assert all(label and not label.isascii() for label in det.labels.values())


def test_old_classify_risk_section_is_a_clear_error(tmp_path: Path) -> None:
    from monitor.classify.settings import load_classify
    p = tmp_path / "classify.toml"
    text = (ROOT / "config" / "classify.toml").read_text(encoding="utf-8")
    p.write_text(text + '\n[risk]\nwindow = 2\n', encoding="utf-8")
    with pytest.raises(ConfigError, match=r"classify\.toml: .*\[risk\] has moved to risk\.toml"):
        load_classify(p)


@pytest.mark.parametrize(("text", "kind"), [
    ("上个月楼道着火，消防员及时赶到扑灭了，特别感谢", None),          # told as settled history
    ("上次漏气已经修好了，今天厨房又闻到很重的煤气味", "safety_hazard"),  # …and a new danger after it
    ("建议小区安装燃气泄漏报警器", None),                              # equipment, not a leak
    ("120急救车收费太贵了，跑两公里收三百", None),
    ("装修的电钻声吵得我想跳楼", None),                                # hyperbole
])
def test_history_equipment_and_hyperbole(det: RiskDetector, text: str, kind: str | None) -> None:
    out = flags(det, text)
    assert (list(out) == []) if kind is None else (kind in out), out


def test_hearsay_and_questions_are_possible_not_certain(det: RiskDetector) -> None:
    r = flags(det, "听说隔壁小区有人跳楼，是真的吗")["self_harm"]
    assert r["possible"] and r["label"] == "疑似轻生"
    r = flags(det, "请问家暴可以申请人身保护令吗")["minor_domestic"]
    assert r["possible"]


def test_sets_can_be_named_in_words_and_must_exist(tmp_path: Path) -> None:
    with pytest.raises(ConfigError, match=r"words: '@kids' names no set"):
        load_risk(_bad(tmp_path, 'words = ["@child"]', 'words = ["@kids"]'))


# ---------------------------------------------------------------------- the learned backstop

@pytest.mark.parametrize(("text", "kind"), [  # phrasings no pattern lists, written for this test
    ("我不想再睁开眼睛了", "self_harm"),
    ("老板再不给钱，我让他见不到明天的太阳", "threat"),
    ("孩子身上天天带着新印子，一问就哭，他爸不让我们多问", "minor_domestic"),  # (被他爸…抽 is now a rule's)
    ("村口的变电站里面有噼啪的声音，还有一股焦糊的味道", "safety_hazard"),
])
def test_model_raises_unlisted_phrasing_as_possible(det: RiskDetector, text: str, kind: str) -> None:
    evidence: dict = {}
    out = {r["flag"]: r for r in det.detect(text, evidence)}
    assert kind in out, out
    r = out[kind]
    assert r["possible"] and r["label"].startswith("疑似")          # never certain on its own
    assert r["evidence"][0].startswith("模型")                      # the operator sees it was the model
    assert det.threshold_of(kind, len(text)) <= evidence["risk"]["model"][kind] <= 1


def test_model_score_is_the_fitted_models_probability(det: RiskDetector) -> None:
    from monitor.classify.risk import normalise
    text = "老板再不给钱，我让他见不到明天的太阳"
    evidence: dict = {}
    det.detect(text, evidence)
    assert det.model is not None
    assert evidence["risk"]["model"]["threat"] == pytest.approx(det.model.probabilities(normalise(text))["threat"],
                                                                abs=1e-3)


def test_model_table_agrees_with_scikit_learn() -> None:
    """The weight table applied by hand gives scikit-learn's own probabilities."""
    import math

    from scipy.sparse import diags
    from sklearn.feature_extraction.text import CountVectorizer
    from sklearn.linear_model import LogisticRegression

    from monitor.classify.risk_model import NGRAMS, RiskModel, positions
    texts = ["楼道里有煤气味", "煤气味好大", "小区停车难", "停车费太贵", "楼道灯坏了", "闻到煤气味了",
             "路灯不亮", "厨房煤气味很重"]
    labels = [["safety_hazard"] if "煤气" in t else [] for t in texts]
    model = RiskModel.fit(texts, labels, ["safety_hazard"], c=2.0, keep=0.0)
    vec = CountVectorizer(analyzer="char", ngram_range=NGRAMS, binary=True, lowercase=False, min_df=2)
    x = diags([1 / math.sqrt(positions(t)) for t in texts]) @ vec.fit_transform(texts)
    clf = LogisticRegression(C=2.0, class_weight="balanced", max_iter=5000).fit(x, [bool(ls) for ls in labels])
    for t, p in zip(texts, clf.predict_proba(x)[:, 1]):
        assert model.probabilities(t)["safety_hazard"] == pytest.approx(p, abs=1e-3)


def test_model_keeps_quiet_in_lookalike_context(det: RiskDetector) -> None:
    evidence: dict = {}
    assert det.detect("社区组织演练：老板再不给钱，我让他见不到明天的太阳", evidence) == []
    assert {"flag": "threat", "words": "模型", "by": "演练"} in evidence["risk"]["cancelled"]


def test_model_never_replaces_a_certain_pattern_hit(det: RiskDetector) -> None:
    r = flags(det, "他喝多了就打我跟孩子")["minor_domestic"]
    assert not r["possible"] and not any(w.startswith("模型") for w in r["evidence"])


@pytest.mark.parametrize(("old", "new", "message"), [
    ('path = "risk_model.json"', 'path = "missing.json"', r"model\.path: .*missing\.json: cannot read"),
    ("thresholds = { safety_hazard = 0.65,", "thresholds = { suicide = 0.65,", r"model: .*thresholds: unknown kind"),
    ("threshold = 0.55\n", "threshold = 1.5\n", r"model\.threshold"),
    ("content_share = { self_harm = 0.01,", "content_share = { suicide = 0.01,", r"model: .*content_share: unknown kind"),
    ("content_share = { self_harm = 0.01,", "content_share = { self_harm = 1.5,",
     r"model: .*content_share: self_harm must lie from 0 up to"),
    ('threat = ["投诉", "告到"', 'threat = ["投诉", "投诉"', r"model: .*unless\.threat: '投诉' listed twice"),
    ('style = """', 'stile = """', r"model\.stile"),
    ('topic = { minor_domestic =', 'topic = { threat =', r"model: .*topic: threat has no `content_bar`"),
])
def test_bad_model_settings_name_file_key_and_problem(tmp_path: Path, old: str, new: str, message: str) -> None:
    (tmp_path / "risk_model.json").write_text((ROOT / "config" / "risk_model.json").read_text(encoding="utf-8"),
                                              encoding="utf-8")
    with pytest.raises(ConfigError, match=r"risk\.toml: .*" + message):
        RiskDetector(load_risk(_bad(tmp_path, old, new)))


def test_a_model_file_that_is_not_one_is_a_clear_error(tmp_path: Path) -> None:
    (tmp_path / "risk_model.json").write_text('{"format": "something-else"}', encoding="utf-8")
    with pytest.raises(ConfigError, match=r"risk\.toml: model\.path: .*risk_model\.json: format is not"):
        RiskDetector(load_risk(_bad(tmp_path, "threshold = 0.55\n", "threshold = 0.55\n")))


# ---------------------------------------------------------------------- context that cancels

@pytest.mark.parametrize(("text", "by"), [
    ("我家燃气没有漏气，工作人员上门查过了", "没有"),             # the denial sits between word and cue
    ("今天学校组织了防溺水安全教育，孩子回来讲得头头是道", None),   # 溺水 inside 防溺水 is no cue for 孩子
    ("隔壁烧烤摊烟太大了，天天冒烟到半夜", "烧烤摊"),              # the topic, told in the clause before
    ("去年发大水的时候我家被淹了，补贴到现在还没发", "去年"),        # history, for a kind whose past cancels
    ("请问在家里打孩子犯法吗", "犯法吗"),                          # a question about the rules
    ("楼上装修吵得我想离家出走", "吵得"),                           # annoyance told as hyperbole (its degree)
])
def test_lookalike_context_cancels(det: RiskDetector, text: str, by: str | None) -> None:
    evidence: dict = {}
    assert det.detect(text, evidence) == [], text
    if by is not None:
        assert any(c["by"] == by for c in evidence["risk"]["cancelled"]), evidence


def test_past_self_harm_still_reaches_a_person(det: RiskDetector) -> None:
    r = flags(det, "我以前就自杀过一次，最近又开始整夜睡不着")["self_harm"]
    assert r["possible"]                                           # self_harm's past makes it 疑似, never silent


def test_a_settled_marker_that_is_denied_settles_nothing(det: RiskDetector) -> None:
    assert "safety_hazard" in flags(det, "楼道里一股煤气味，燃气公司说还没修好")


@pytest.mark.parametrize(("text", "kind"), [  # the families, each in a phrasing the tests above lack
    ("前男友一直在我家楼下守着，还打了我好几次", "minor_domestic"),
    ("后妈把我弟弟关在阳台上，不给饭吃", "minor_domestic"),
    ("菜市场的摊贩们不满意搬迁，一大早就把管理处包围了", "mass_incident"),
    ("群里有人组织明天去堵高速收费站", "mass_incident"),
    ("拿着斧头在门口守着，谁来拆就劈谁", "threat"),
    ("孩子吞了一颗纽扣电池", "medical"),
    ("空调外机就剩一个螺丝挂着，下面是人行道", "safety_hazard"),
    ("吃了半瓶安定，好困", "self_harm"),
])
def test_cue_families(det: RiskDetector, text: str, kind: str) -> None:
    assert kind in flags(det, text)


@pytest.mark.slow
def test_shipped_model_is_what_the_written_fixtures_train(tmp_path: Path) -> None:
    """config/risk_model.json is no opaque artefact: the fixtures in this repository rebuild it."""
    from monitor.classify.risk_model import RiskModel, train_from_files
    from monitor.classify.risk_train import PARAMS, TWICE, all_sources, blanked_names
    from monitor.classify.training import is_unseen
    fixtures = [ROOT / "tests" / "fixtures" / "risk" / n for n in all_sources()]
    assert not any(is_unseen(p.name) for p in fixtures)  # never a validation or blind set
    assert {"outside7.jsonl", "eval2.jsonl", "ordinary4.jsonl"} <= {p.name for p in fixtures}  # every development set
    # (the sets weighing twice: risk_train.TWICE; the names every text is read without: risk_train.blanked_names)
    trained = train_from_files(fixtures, KINDS, twice=TWICE, names=blanked_names(), **PARAMS)
    shipped = RiskModel.load(ROOT / "config" / "risk_model.json", KINDS)
    assert set(trained.weights) == set(shipped.weights)
    assert trained.intercepts == pytest.approx(shipped.intercepts, abs=1e-3)
    assert trained.chars == shipped.chars and shipped.chars[:2] == ",了"     # the insertion order, most frequent first
    assert trained.names == shipped.names
    # …and the file names the sets it was trained on: every development set but those waiting in NOT_TRAINED
    trained_on = json.loads((ROOT / "config" / "risk_model.json").read_text(encoding="utf-8"))["trained_on"]
    assert trained_on == [f"tests/fixtures/risk/{n}" for n in all_sources()]


def test_a_message_read_twice_weighs_twice_but_brings_no_n_gram_of_its_own() -> None:
    """RiskModel.fit's ``repeat``: the regressions read a text that many times, the n-grams are counted over
    the messages read once (min_df 2), so a one-off phrase of a message read twice is no feature, while
    the same message listed twice would make it one."""
    from monitor.classify.risk_model import RiskModel
    texts = ["楼道里煤气味很重", "厨房煤气味很重", "楼道里灯坏了", "厨房水龙头坏了", "甲乙丙楼道里煤气味"]
    labels = [["safety_hazard"], ["safety_hazard"], [], [], ["safety_hazard"]]
    once = RiskModel.fit(texts, labels, ["safety_hazard"], c=1.0, keep=0.0)
    twice = RiskModel.fit(texts, labels, ["safety_hazard"], c=1.0, keep=0.0, repeat=[1, 1, 1, 1, 2])
    listed = RiskModel.fit(texts + texts[-1:], labels + labels[-1:], ["safety_hazard"], c=1.0, keep=0.0)
    assert "甲乙" not in once.weights and "甲乙" not in twice.weights and "甲乙" in listed.weights
    assert set(twice.weights) == set(once.weights)
    assert twice.weights["煤气"][0] > once.weights["煤气"][0]  # the message read twice weighs more
    same = RiskModel.fit(texts, labels, ["safety_hazard"], c=1.0, keep=0.0, repeat=[1] * len(texts))
    assert same == once


# ------------------------------------------------------------------ when it is not happening now

def _cancelled_by(det: RiskDetector, text: str) -> list[str]:
    evidence: dict = {}
    det.detect(text, evidence)
    return [c["by"] for c in evidence.get("risk", {}).get("cancelled", [])]


def test_a_standing_condition_is_no_medical_emergency(det: RiskDetector) -> None:
    text = "湖滨街和上海路路口长期有车占用消防通道，120进不来怎么办？"
    assert "medical" not in flags(det, text)
    assert "长期" in _cancelled_by(det, text)
    assert flags(det, "小区门口停满了车，120进不来，我爸晕倒在家里了")["medical"]["possible"] is False


def test_a_standing_hazard_is_possible_but_abuse_that_recurs_is_certain(det: RiskDetector) -> None:
    assert flags(det, "我们楼的电梯经常关人，物业不管")["safety_hazard"]["possible"] is True
    assert flags(det, "他经常喝多了就打我跟孩子")["minor_domestic"]["possible"] is False


@pytest.mark.parametrize(("text", "kind"), [
    ("2018年12月28日下午线路老化引起火灾，烧了两间房，后来保险赔了一部分", "safety_hazard"),
    ("2019年7月17日我父亲因为心梗住进医院，医院强行放了支架", "medical"),
    ("上个月业主们去售楼部拉横幅，开发商才答应整改", "mass_incident"),
])
def test_a_dated_incident_is_history(det: RiskDetector, text: str, kind: str) -> None:
    assert kind not in flags(det, text)


def test_a_date_the_danger_runs_from_is_not_history(det: RiskDetector) -> None:
    assert "safety_hazard" in flags(det, "3月5日起小区地下室一直有煤气味，物业不管")
    assert "safety_hazard" in flags(det, "去年开始楼道里一直漏气，至今没人来修")


def test_a_long_letter_tells_hazards_as_background_unless_they_are_so_now(det: RiskDetector) -> None:
    story = "我家的房子在征收范围内，" + "补偿标准与周边村组不一致，我们多次找到街道和区里反映，" * 20
    past = story + "邻居家的猪圈在那场大雨里倒塌了，补偿却比我们多。请领导主持公道。"
    assert len(past) >= 500 and "safety_hazard" not in flags(det, past)
    assert any(b.startswith("长信") for b in _cancelled_by(det, past))
    now = story + "目前我家后墙的裂缝越来越大，随时可能倒塌。"
    assert "safety_hazard" in flags(det, now)
    cry = story + "再不解决我就从市政府楼顶跳下去。"
    assert "self_harm" in flags(det, cry)  # a cry for help is never background


@pytest.mark.parametrize("text", [  # hard luck told without any word of an ending
    "厂里已经三个月没发工资了，我自己现在连房租都交不起",
    "我得了尿毒症，透析好几年了，家里已经没钱了，自己也找不到工作",
])
def test_model_reads_hard_luck_at_most_as_possible(det: RiskDetector, text: str) -> None:
    # no pattern fires: the model alone may ask a person to look (疑似), never more
    assert all(r["possible"] and r["evidence"][0].startswith("模型") for r in det.detect(text))


@pytest.mark.parametrize("text", [  # an ending told in words no list holds (written for this test; the eighth session of
    # 2026-12-05's 'no more trouble to anyone after a near day' holds the two sentences written here before)
    "过了今晚，一切都会安静下来，谢谢你们这些年对我好",
    "今晚过去就好了，谢谢你们这些年对我好",
])
def test_model_reads_an_ending_no_word_list_holds(det: RiskDetector, text: str) -> None:
    out = flags(det, text)  # no pattern lists these; the model does, as 疑似 for a person
    assert out["self_harm"]["possible"] and out["self_harm"]["evidence"][0].startswith("模型")


def test_model_keeps_quiet_on_a_procedure_question(det: RiskDetector, tmp_path: Path) -> None:
    question = "孩子之前随爸爸姓，现在我们离婚了，想改成跟妈妈姓，可以吗？"
    assert det.detect(question) == []
    # with a bar low enough for the model to guess something here, the question still keeps it quiet
    (tmp_path / "risk_model.json").write_text((ROOT / "config" / "risk_model.json").read_text(encoding="utf-8"),
                                              encoding="utf-8")
    low = _bad(tmp_path, "threshold = 0.55\n", "threshold = 0.05\n")
    text = low.read_text(encoding="utf-8")
    low.write_text(re.sub(r"(?m)^thresholds = \{.*\}$", "thresholds = {}", text), encoding="utf-8")
    eager = RiskDetector(load_risk(low))
    assert eager.detect(question) == []
    assert "可以吗" in _cancelled_by(eager, question)
    # …while the patterns still read one: a question does not hide a danger told in it
    assert "minor_domestic" in flags(det, "孩子他爸喝多了就打我跟孩子，这种情况能否申请保护令，可以吗？")


@pytest.mark.parametrize("text", [  # written for this test: how people write, with nothing happening
    "唉，一个人过年也挺好的，现在习惯了",                          # 一个人/现在: no emergency
    "这家装修公司真的太坑了，我已经找律师了",                      # 真的/我已经: no ending
])
def test_style_alone_raises_no_model_guess(det: RiskDetector, eager: RiskDetector, text: str) -> None:
    # n-grams of pronouns and particles only (我要, 真的, 一个) learned weight from the first-person
    # risk messages; the model's other n-grams must reach [model] content_bar on their own. 不 and 没
    # are not style: 我不想再睁开眼睛了 is told by them (test_model_raises_unlisted_phrasing_as_possible)
    assert det.detect(text) == []
    # (with a bar low enough for the model to guess here whatever model is shipped, the gate holds it)
    assert "仅语气字眼" in _cancelled_by(eager, text)


@pytest.mark.parametrize(("text", "way"), [  # written for this test: a lawful way to get one's due
    ("这个开发商太过分了，我要告到底", "要告"),
    ("你们这个快递公司不赔钱，我就去消协投诉", "投诉"),
    ("你们要是再不退款，我就去12345举报你们", "举报"),
    ("我现在就去你们公司，我要当面问问经理", "问问"),
    ("这家装修公司真的太坑了，我已经找律师了", "找律师"),
])
def test_a_lawful_way_keeps_the_models_threat_guess_quiet(det: RiskDetector, eager: RiskDetector, text: str,
                                                          way: str) -> None:
    assert "threat" not in flags(det, text)
    assert "threat" not in flags(eager, text)
    assert way in _cancelled_by(eager, text)


def test_a_lawful_word_does_not_hide_a_threat_the_patterns_read(det: RiskDetector) -> None:
    # [model.unless] holds the model's guess only; a threat told in words is still raised
    assert "threat" in flags(det, "我已经投诉了三次没人管，再不处理我就带汽油去你们单位")
    # and a threat made at an office's door is no lawful way: places are not in the list
    assert "threat" in flags(det, "再不给我解决，我就去你们信访局门口把那栋楼点了")


@pytest.mark.parametrize("text", [  # written for this test: the families, not fixture sentences
    "等号等得我要晕倒了，医院能不能多开几个挂号窗口",            # hyperbole of waiting
    "女儿的疫苗本找不到了，去哪里补办",                          # a thing lost, not a child
    "砖厂的废气一到晚上就排放，味道刺鼻",                        # pollution: an environmental case
    "农民工讨薪可以找哪里的法律援助",                              # asking where help is
])
def test_everyday_lookalikes_raise_nothing(det: RiskDetector, text: str) -> None:
    assert flags(det, text) == {}


def test_childrens_games_fire_no_pattern(det: RiskDetector) -> None:
    # the model may still guess 疑似 from 小男孩 alone (its known weakness); no pattern may fire
    out = flags(det, "两个小男孩在楼下踢球，把车窗踢碎了")
    assert all(r["possible"] and r["evidence"][0].startswith("模型") for r in out.values())


# ---------------------------------------------------------------------- this round's phenomena

@pytest.mark.parametrize(("text", "by"), [  # written for this test, not fixture sentences
    ("食堂门口排队的人太多，挤得我都快窒息了", "挤得"),                 # a degree told by its effect
    ("年底天天加班，这个月加到吐血", "加到"),
    ("我姥爷二十年前就是脑梗走的，想问问现在有什么筛查", "二十年前"),    # a time ago is history
    ("请问阳台上存放液化气罐会被罚款吗", "会被罚"),                      # a question about a penalty
])
def test_figures_of_speech_history_and_penalty_questions_cancel(det: RiskDetector, text: str, by: str) -> None:
    assert flags(det, text) == {}
    assert by in _cancelled_by(det, text)


def test_a_degree_does_not_hide_harm_done_to_a_body(det: RiskDetector) -> None:
    # 打得/烧得/憋得 tell what was done to a body, not how annoying something was
    assert "minor_domestic" in flags(det, "她男人喝醉了把她打得鼻青脸肿")
    assert "medical" in flags(det, "孩子一口果冻卡住，憋得脸发紫")


@pytest.mark.parametrize(("text", "kind"), [  # each family added this round, in a phrasing of its own
    ("老伴走了三个月，我妈说她也不想一个人过了，要去陪他", "self_harm"),   # joining the dead
    ("他把存折和密码都写好留给了我，说以后别找他", "self_harm"),           # affairs put in order
    ("前夫恐吓我说不许报警，不然就找我麻烦", "threat"),                   # silencing a witness
    ("那个骗子我已经摸清了他住哪，准备叫上几个人去", "threat"),           # locating, bringing people
    ("山坡上的石块一直往下落，路上全是碎石", "safety_hazard"),             # rocks coming down
    ("楼上在电焊，火星子溅到了楼下的泡沫板上", "safety_hazard"),           # sparks
    ("几十个司机今天都不出车了，车停满了广场", "mass_incident"),           # a strike
    ("两个村的人为了抢水在河边起了冲突", "mass_incident"),                 # a clash
    ("孩子被忘在校车上一整个下午，司机才发现", "minor_domestic"),         # a child forgotten in a vehicle
    ("地铁上一个孕妇突然肚子疼得直不起腰", "medical"),                     # a pregnant woman in pain
    ("厂里一个师傅的手被机器卷进去了", "medical"),                         # a body caught by a machine
    ("吃了芒果过敏，喉咙肿得说不出话", "medical"),                         # an allergy at the throat
    ("楼上的老人好几天没动静了，敲门不开", "medical"),                     # an old person nobody can reach
    ("俺爹喝了半瓶农药，正往镇上送", "medical"),                           # poison swallowed
    ("他这几天总说自己没用，刚才把自己反锁在阳台上", "self_harm"),         # shutting oneself away
    ("要是今晚睡着了醒不过来也好", "self_harm"),                           # wishing not to wake
    ("小区门口有个男的老是去摸小姑娘的裙子", "minor_domestic"),           # touching a girl
    ("网吧老板拿黄色视频给几个小学生看", "minor_domestic"),               # pornography shown to children
    ("我表妹在学校被人用刀划伤了胳膊", "minor_domestic"),                 # a child cut
    ("河边草丛里有个刚出生的婴儿，没人要", "minor_domestic"),             # a baby left behind
    ("隔壁的老爷子被他儿子踹了一脚", "minor_domestic"),                   # an old man kicked by his son
    ("亲戚要带我去南方工厂打工，我今年才十五岁", "minor_domestic"),       # a child sent to work
    ("他放话说今晚要带人来砸店，谁拦着砍谁", "threat"),                   # 砍谁: whoever stands in the way
    ("小孩把奶奶的安眠药当糖吃了", "medical"),                             # pills taken for sweets
    ("河边那座桥的桥墩被洪水冲得露出了钢筋", "safety_hazard"),             # a structure stripped to its steel
    ("网约车司机们把车停在高架上抗议", "mass_incident"),                   # a protest by drivers
    ("已经没有什么值得留恋的了，想找个没人的地方", "self_harm"),           # nothing left to hold on to
    ("我要是哪天不在了，家里人应该能轻松不少吧", "self_harm"),             # one's absence imagined, others relieved
    ("他把游戏机和书都送给室友了，说再也用不上了", "self_harm"),           # things given away
    ("有没有什么办法能不痛地走", "self_harm"),                             # an ending without pain (有没有 denies nothing)
    ("他在站台边站了好久，说差点就往前迈了", "self_harm"),                 # a step from the platform's edge
    ("好多人都涌进了开发商的售楼处", "mass_incident"),                     # people pouring into one place
    ("楼下两口子打架，女的一直喊救命", "minor_domestic"),                   # a fight at home, a cry for help
    ("十五岁的侄子被送去工地干活，学也不上了", "minor_domestic"),           # a minor put to work
    ("我家老伴喝了酒就拿擀面杖打我", "minor_domestic"),                     # an old partner, a rolling pin
    ("我爸突然说心口疼得厉害，浑身冒冷汗", "medical"),                     # chest pain and cold sweat
    ("孩子高烧不退，刚才突然抽了起来", "medical"),                         # a fever that fits
    ("好想睡个长长的觉，睡过去就不用再面对了", "self_harm"),               # a sleep with no waking
    ("这病拖累得全家都没法过，我还是自己先走吧", "self_harm"),             # going first so as not to burden
    ("热水器的压力阀一直在响，感觉要炸了", "safety_hazard"),               # something under pressure
    ("商场的扶梯突然倒着转，好几个人摔倒了", "safety_hazard"),             # an escalator running away
    ("楼下面馆的抽油烟机着火了，火苗往外窜", "safety_hazard"),             # a hood on fire (not_unless 油烟机)
    ("几十个工人爬到楼顶，说不给钱就不下来", "mass_incident"),             # holding out on a height
    ("他们教练总让我女儿训练完一个人留下", "minor_domestic"),               # an adult calling a child alone
    ("快递员集体罢送了，好几天的件都堆着", "mass_incident"),               # a strike named by what stops
    ("几十个工人守在工地老板的车旁边，不给钱不让走", "mass_incident"),     # waiting it out at the door
    ("我同学说她后爸总偷看她洗澡", "minor_domestic"),                       # a child watched washing
    ("托管班的阿姨用胶带把孩子的手绑起来", "minor_domestic"),               # a child taped up
    ("哈哈哈哈我真的不想活了", "self_harm"),                                 # despair laughed off is still despair
    # look-alike context must not swallow the danger told beside it (each was cancelled once)
    ("厂里天天排放毒气，再不停我就一把火烧了他的厂", "threat"),             # pollution, then a threat
    ("矿山老板不给钱，我就用炸药把他矿炸了", "threat"),                     # a mine, then a threat
    ("他炒股投资亏了，回家就打我和孩子", "minor_domestic"),                 # money, then a beating
    ("工资一直不发放，几十个工人堵在公司门口", "mass_incident"),             # wages unpaid, then a crowd
    ("有人在加油站旁边焚烧垃圾，火苗很高", "safety_hazard"),                 # burning by a petrol station
])
def test_this_rounds_families(det: RiskDetector, text: str, kind: str) -> None:
    assert kind in flags(det, text), text


@pytest.mark.parametrize("text", [  # written for this test: ordinary life that shares a word
    "社区志愿者每周给独居老人送饭",                                      # 独居老人 alone is no emergency
    "孩子们在小区里玩水枪，玩得很开心",                                  # a water game
    "这家店门口拉着横幅说跳楼价清仓",                                    # a sale banner, not a protest
    "小学门口接孩子的车把路都堵了",                                      # traffic, not a crowd
    "孩子打完疫苗有点发烧，去医院看了说没事",                            # a fever is no arson
    "单位组织献血，献完有点头晕，坐一会儿就好了",                        # a little dizzy
    "老公周末打牌打到凌晨才回家",                                        # 打 a game until late
    "楼下烧烤冒烟，邻居还以为着火了",                                    # a mistaken belief
    "路边倒了的树已经清理走了，谢谢园林局",                              # settled
    "儿子练散打比赛中被踢了一脚，教练说没事",                            # sport
    "女儿大学毕业后在深圳打工，想问问社保怎么转回来",                    # a grown child at work
    "连着加了一个月班，身体被掏空了",                                    # a body "hollowed out"
    "昨晚看了一部讲家暴的纪录片，心里堵得慌",                            # a documentary
    "我家小狗从沙发上掉下去了，腿有点瘸",                                # a pet
    "上个月暴雨车被淹了，保险公司一直不理赔",                            # an insurance claim
    "吃了超市的过期面包拉肚子要求赔偿",                                  # a refund, not an emergency
    "孩子总爱玩火该怎么教育",                                            # how to bring a child up
    "想了解万一遇到燃气泄漏该怎么处理",                                  # a what-if question
    "这题难死了，明天还要考试",                                          # 难死: a degree, said with 死
    "我老公中午给我打了一个电话",                                        # 打 a call (the model reads it so too)
    "房价涨得我都不想活了，哈哈",                                        # a degree, and a laugh
    "这火锅辣得我喘不过气",                                              # a taste told by its effect
    "爷爷在院子里摔了一跤，去医院查了，没什么大碍",                      # settled: no harm done
    "业主们在群里讨论换物业的事",                                        # owners chatting: no crowd at a gate
    "街道今天搞燃气泄漏应急演练，有人假装晕倒",                          # a drill frames the whole sentence
    "理财产品诱骗老人购买，能退吗",                                      # cheating customers, not a child lured
    "鱼塘的鱼被上游排的污水毒死了",                                      # pollution killed fish, no one threatened
    "合同写了台风、地震、洪水属于不可抗力",                              # a contract's force majeure
    "婆婆每天帮我带孩子，经常给孩子买零食",                              # a child in everyday life (the model)
    "楼下饭店油烟太大了，天天冒烟熏得窗户都黑了",                        # fumes, not a fire
    "人才市场门口排了好多人等招聘",                                      # a queue to be hired
    "隔壁装修电钻天天响，吵得我睡不着",                                  # a figure of speech keeps the model quiet
    "县里要在河边建垃圾焚烧厂，离村子太近了",                            # a plant that burns rubbish
    "朋友聚会他喝了一瓶白酒，还想自己开车回去",                          # a drink, not poison
    "村口屠宰场天天杀猪，味道大得很",                                    # animals slaughtered
    "家里的灯又开始罢工了，物业说明天来修",                              # a device that "strikes"
    "超市打折，门口一早就挤满了买菜的老人",                              # shoppers, not a crowd
    "家长们守在校门口等着接孩子放学",                                    # parents at the school gate
])
def test_this_rounds_lookalikes_raise_nothing(det: RiskDetector, text: str) -> None:
    assert flags(det, text) == {}


def test_model_hazard_guess_needs_a_word_of_the_hazard(det: RiskDetector) -> None:
    needs = det.model_needs["safety_hazard"]
    assert "火" in needs and "漏" in needs
    # a crowd needs people acting together; an ending, a harm at home and an emergency are said in
    # too many ways for such a list: the model reads them alone (above a higher bar for the first two)
    assert "堵" in det.model_needs["mass_incident"]
    assert not {"self_harm", "minor_domestic", "medical"} & det.model_needs.keys()
    assert det.threshold_of("self_harm") == pytest.approx(0.65)
    assert det.threshold_of("self_harm") > det.threshold_of("mass_incident")


def test_a_frame_cancels_its_whole_sentence_but_not_the_next(det: RiskDetector) -> None:
    evidence: dict = {}
    assert det.detect("社区今天搞消防演练，三楼有人被困，浓烟很大", evidence) == []
    # the patterns' hits are cancelled by the frame (the model, reading the whole message, by the drill)
    assert {c["by"] for c in evidence["risk"]["cancelled"] if c["words"] != "模型"} == {"消防演练"}
    # the drill is over; what follows in the next sentence is told as so
    assert "safety_hazard" in flags(det, "上午社区搞了消防演练。下午三楼真的起火了，浓烟很大")
    # a turn in the hit's own clause says it really happened: the drill told before frames nothing
    assert "medical" in flags(det, "社区消防演练的时候，突然真的有个老人晕倒了")
    assert "self_harm" in flags(det, "学校今天搞安全教育，结果有个学生从楼上跳下去了")


# ---------------------------------------------------------------------- generalising to other writers
# eval.jsonl and eval2.jsonl (written by people outside the rules) were retired to development; each
# family below is a phenomenon their misses showed, in sentences written for this test (none copied)

@pytest.mark.parametrize(("text", "kind"), [
    # self-harm told by its trace, its means or a farewell, not by a word of death
    ("又拿小刀在胳膊上划了几道，血止住了就不疼了", "self_harm"),             # cutting told by its trace
    ("我老公说要开车冲进水库里，现在电话不接了", "self_harm"),               # driving into the water
    ("我爸把自己关在车库里，车一直发动着没熄火", "self_harm"),               # an engine running in a closed space
    ("她发了一句以后别找我了，然后就一直联系不上", "self_harm"),             # a farewell, then silence
    ("手机关机了，最后定位在大桥上", "self_harm"),                           # out of reach at a height
    ("如果我下周没再发朋友圈，麻烦帮我把狗送人", "self_harm"),               # a charge left in case one is gone
    ("我去信访局门口不是烧别人，是要烧我自己", "self_harm"),                 # fire on oneself
    ("我妈喝了农药，现在在去医院的路上", "self_harm"),                       # a poison named and taken
    # harm promised as a consequence, told with 把, or drawn
    ("再拖工钱，我叫人把你们项目部给砸了", "threat"),                        # 把 + a place wrecked
    ("他在电话里说要掐死我", "threat"),                                      # a verb, 死 and a person
    ("你们经理最好小心点，我会让他好看的", "threat"),                        # harm promised as a consequence
    ("有本事你晚上别走夜路", "threat"),                                      # a warning about the night
    ("三轮车司机发了疯一样往人群里冲", "threat"),                            # a vehicle driven at people
    ("欠我的钱再不还，你们就等着看新闻吧，我拿着刀过去", "threat"),          # 看新闻 threatened, no news cited
    ("天天施工吵得我睡不着，斧头我已经备好了", "threat"),                    # a degree in one clause, a weapon in the next
    ("我说要跟他同归于尽，这不是开玩笑的", "threat"),                        # a joke denied is meant
    # hazards named by their signs or consequences
    ("充电宝放在床头充电，摸着发烫，还冒了点烟", "safety_hazard"),           # a battery that heats
    ("楼道里有股臭鸡蛋的气味，管子那边还有嘶嘶的声音", "safety_hazard"),     # gas told by its signs
    ("货车油箱一直在漏油，旁边就是修车师傅在电焊", "safety_hazard"),         # fuel leaking near a flame
    ("立交桥下面的水都到车窗了，还有车往里开", "safety_hazard"),             # water depth told by the car
    ("桥墩的水泥一块块掉，里面的钢筋都露出来了", "safety_hazard"),           # a structure worn to its steel
    ("商场中庭的吊顶裂开一大块，下面全是人", "safety_hazard"),               # a crack above people
    ("电梯又把人关在里面了，有个孕妇在拍门", "safety_hazard"),               # a lift that traps
    ("水库上的冰都化开了，还有人在冰上钓鱼", "safety_hazard"),               # thin ice with people
    ("虽然火扑灭了，可是旁边的电线还在冒烟", "safety_hazard"),               # conceded settled: what follows stands
    # crowds called up or gathered, said without the words 上访/集体
    ("明天上午九点售楼部门口集合，能来的都来", "mass_incident"),             # a call to come in numbers
    ("我们二十多户说好了，下礼拜一块去拦国道", "mass_incident"),             # a plan to block a road
    # children and home: neglect as absence, hiding, hunger, secrets, heat
    ("闺女放学说去同学家写作业，到现在都没消息", "minor_domestic"),         # a child not heard from
    ("一个小孩站在小区水塔边上往下看，大人都不在", "minor_domestic"),       # a child at a height
    ("邻居家七八岁的男孩独自在家好几天了，饿了就去翻垃圾", "minor_domestic"),  # neglect told as absence
    ("他一喝酒回来，我就带着儿子躲进厕所里", "minor_domestic"),             # hiding from someone at home
    ("继母不给她饭吃，孩子上课饿得发抖", "minor_domestic"),                 # a child kept hungry
    ("舞蹈班的男老师单独叫她，还让她别告诉爸妈", "minor_domestic"),         # an adult who asks for secrecy
    ("儿子在宿舍被几个同学逼着喝洗洁精", "minor_domestic"),                 # made to swallow something
    ("超市门口那辆车里锁着个小孩，太阳晒着都快一个小时了", "minor_domestic"),  # a child shut in a car
    ("补习班老师拿尺子打学生手心，打得都红肿了", "minor_domestic"),         # a place named 培训/补习 is no lesson
    # emergencies told plainly, or alone with no help
    ("整个单元的人都在拉肚子，怀疑是楼顶水箱的问题", "medical"),           # one source, many people ill
    ("奶奶的哮喘又犯了，家里的药也用完了", "medical"),                     # a chronic illness flaring
    ("体育课跑完步他就倒了，脸色发白", "medical"),                           # a collapse told plainly
    ("我一个人在宿舍，肚子疼得直冒冷汗，谁能帮帮我", "medical"),           # acute pain, nobody to help
    ("我父亲吃了大半瓶安眠药，现在叫不醒", "medical"),                     # pills swallowed
])
def test_phenomena_from_other_writers(det: RiskDetector, text: str, kind: str) -> None:
    assert kind in flags(det, text), text


@pytest.mark.parametrize("text", [  # written for this test: the same words, nothing to raise
    "宝宝感冒了，吃了退烧药睡了一觉好多了",                              # a medicine taken as prescribed
    "楼下配电房那台变压器嗡嗡响，能不能想办法降降噪",                    # a transformer's hum
    "邻居装修敲墙，那动静好像楼要塌了一样",                              # a simile of what might happen
    "办个证跑了五趟，这效率真让人想跳楼",                                # 让人想…: a generic degree
    "殴打他人是违法行为，派出所今天来小区宣传了",                        # a statement about the law
    "刷到一个视频，教你燃气泄漏怎么自救，学到了",                        # a video teaches
    "做梦梦见从楼顶掉下去，吓出一身汗",                                  # a dream
    "我家猫把自己关在柜子里出不来了，笑死",                              # a pet
    "前两天我们小区停车场着火那事已经处理完了，物业赔了",                # settled
    "去年小区燃气管道漏气那次，燃气公司来得很快",                        # history told across clauses
    "社区组织老人免费量血压，大家都去了",                                # a free check-up, not a crowd
    "过年全村人聚在祠堂包饺子，可热闹了",                                # a festive gathering
    "物业不让电动车进电梯，充电的地方又太少",                            # a rule about e-bikes
    "老公喝多了回来倒头就睡，呼噜打得震天响",                            # snoring, not a blow
    "这件衣服让你穿上更好看",                                            # 让你…好看 said of clothes
    "手机电池鼓包了，去哪里换",                                          # a part to replace
])
def test_phenomena_lookalikes_raise_nothing(det: RiskDetector, text: str) -> None:
    assert flags(det, text) == {}, text


def test_a_denied_frame_and_a_conceded_settlement_cancel_nothing(det: RiskDetector) -> None:
    evidence: dict = {}
    assert "safety_hazard" in flags(det, "这次不是演练，三楼真的着火了")
    det.detect("虽然已经扑灭了，但是楼道里还在冒烟", evidence)
    assert "safety_hazard" in evidence["risk"]["fired"]
    # an undenied frame and a plain settlement still cancel
    assert flags(det, "社区今天消防演练，三楼着火了") == {}
    assert flags(det, "楼道起火，已经扑灭了") == {}


def test_a_bad_global_not_unless_names_the_key(tmp_path: Path) -> None:
    path = _bad(tmp_path, 'not_unless = ["培训机构"', 'not_unless = ["机构"')
    with pytest.raises(ConfigError, match=r"match\.not_unless: 机构 hold\(s\) no word of any `unless`"):
        load_risk(path)


def test_attempts_and_stillness_are_no_standing_condition(det: RiskDetector) -> None:
    # 打了好几次 tells attempts now and 一动不动 holds no 动不动 (habit): neither cancels an emergency
    assert "medical" in flags(det, "叫了好几次救护车都没来，我妈躺在地上起不来")
    assert _cancelled_by(det, "工地上一个师傅摔下来躺着一动不动") == []
    assert "medical" in flags(det, "工地上一个师傅摔下来躺着一动不动")


@pytest.mark.parametrize(("text", "kind"), [  # dialect and input-method slips, written for this test
    ("活着有啥意思，天天受罪", "self_harm"),                  # 什么 → 啥
    ("俺不想活咧，这日子熬不下去", "self_harm"),               # 我 → 俺
    ("俺爹喝多了就打俺娘", "minor_domestic"),                  # 打我 → 打俺 (a listed spelling)
    ("我妈突然晕到在厨房了", "medical"),                      # 晕倒 → 晕到
    ("楼下一股媒气味，呛得人头疼", "safety_hazard"),           # 煤气 → 媒气
])
def test_dialect_and_slips_are_read_as_the_word(det: RiskDetector, text: str, kind: str) -> None:
    assert kind in flags(det, text), text


def test_spellings_apply_to_masks_too_and_are_validated(det: RiskDetector, tmp_path: Path) -> None:
    assert flags(det, "好久没见你了，想死俺了") == {}          # the mask 想死我了, in its spelling too
    with pytest.raises(ConfigError, match=r"spellings\.什么: '什么' is the word itself"):
        load_risk(_bad(tmp_path, '"什么" = ["啥"]', '"什么" = ["什么"]'))
    with pytest.raises(ConfigError, match=r"spellings\.什么: no spelling given"):
        load_risk(_bad(tmp_path, '"什么" = ["啥"]', '"什么" = []'))


@pytest.mark.parametrize(("text", "kind"), [  # a second kind told beside the first, written for this test
    ("她从自家阳台跳下去了，人还有呼吸", "medical"),             # a fall from a height is an emergency too
    ("楼上把承重墙敲掉了，我家天花板开始掉渣", "safety_hazard"),  # a bearing wall knocked through
    ("工地电焊的火星子到处飞，下面就是一堆木板", "safety_hazard"),  # sparks flying
    ("我妹妹说被她后爸摸过好几回", "minor_domestic"),             # touched by a stepfather
    ("邻居家的娃三天没见着了，大人也不着急", "minor_domestic"),     # a child not seen for days
])
def test_a_second_kind_and_wider_families(det: RiskDetector, text: str, kind: str) -> None:
    assert kind in flags(det, text), text


def test_lightning_splitting_a_tree_is_no_threat(det: RiskDetector) -> None:
    assert "threat" not in flags(det, "路边的大树被雷劈成两半，挡住了半条路")


@pytest.mark.parametrize(("text", "kind"), [  # more families, each in a sentence written for this test
    ("商场的自动扶梯刚才倒溜了一段，有老人摔倒", "safety_hazard"),           # an escalator running back
    ("连下三天雨，村后的土坎垮了一大片，离房子就几米", "safety_hazard"),     # a bank giving way
    ("冬天屋里烧蜂窝煤取暖，一家人早上起来都头晕", "safety_hazard"),         # a stove that fumes
    ("化工厂后门的废液桶漏了，一滩黄水，熏眼睛", "safety_hazard"),           # a spill told by the senses
    ("有个初一的女孩被一个男的带去宾馆了", "minor_domestic"),                 # a child taken to a hotel
    ("我妹初二，放学后一直联系不上，班主任也说没看见她", "minor_domestic"),   # a child out of reach
    ("她爸一输钱就拿孩子撒气", "minor_domestic"),                             # 出气 spelt 撒气
    ("以后不会再打扰大家了，谢谢你们这些年的照顾", "self_harm"),             # a farewell
    ("公司没我也一样，家里没我也一样", "self_harm"),                         # 没有我 spelt 没我
])
def test_more_families(det: RiskDetector, text: str, kind: str) -> None:
    assert kind in flags(det, text), text


@pytest.mark.parametrize("text", [  # written for this test
    "孩子在幼儿园学了怎么拨打急救电话，回家给爷爷演示",                       # a lesson
    "前两天群里说有个小孩走丢了，后来找到了",                                 # settled
    "楼下有人在喷油漆，味道太大了",                                           # a painting smell
])
def test_more_lookalikes_raise_nothing(det: RiskDetector, text: str) -> None:
    assert flags(det, text) == {}, text


@pytest.mark.parametrize("text", [  # figures of speech, lessons and settled history, written for this test
    "幼儿园放了一部防拐卖的宣传片，女儿看完说不跟陌生人走",             # a film shown as a lesson
    "今年的房价贵到爆炸，根本买不起",                                   # a degree: X到爆炸
    "电脑又蓝屏了，真想砸了它",                                         # smashing a thing
    "方案一公布，评论区炸开了锅",                                       # a figurative explosion
    "电梯以前老关人，换了新的以后再没出过问题",                         # settled by what followed
])
def test_figures_lessons_and_settled_history_raise_nothing(det: RiskDetector, text: str) -> None:
    assert flags(det, text) == {}, text


@pytest.mark.parametrize("text", [  # written for this test: the look-alike phenomena of the outside set, in new words
    "昨晚看了部灾难片，大桥塌了洪水冲进城，看得我一身汗",  # a film told as a film
    "县里办了抗洪三十周年的图片展，老照片里的大水很吓人",  # a commemoration
    "女儿语文课本里讲有人被毒打的故事，问我为什么",  # a lesson
    "那位外卖小哥把晕倒的老人扶起来送医，应该表扬一下",  # praise for a rescue
    "上个月暴雨把车库的车泡了，车险理赔要准备什么",  # a claim for damage done
    "托尼老师给我剪了个爆炸头，能退钱吗",  # a hairstyle
    "他家火锅生意好得着火了，排队排到马路上",  # business booming
    "来办事的人多得像潮水一样，窗口能不能多开两个",  # a degree told by its effect
    "这个价格跳进黄河也洗不清，明明是商家的问题",  # an idiom
    "单位的复印机又罢工了，材料都交不上",  # a machine that stops
    "冬天宿舍暖气烧得太热，开窗都没用",  # heating
    "今年房价塌了一半，首付都亏没了",  # prices
    "医生说要动刀切掉囊肿，请问住院押金多少",  # surgery
    "周末去商场血拼，停车场太挤",  # shopping slang
    "和老张下象棋最后同归于尽了，哈哈",  # a board game
    "我家猫又离家出走了，两天后自己回来",  # a pet
    "我家的猫从窗台跳下去，好在是一楼",  # a pet
    "这物价，老百姓都活不下去了，菜价该管管了",  # prices told as a people's plight
    "医生给我开了安眠药，能走医保吗",  # medicine as prescribed
    "宝宝感冒喝药总吐，换什么药好",  # medicine as prescribed
    "外墙有几块瓷砖松了但不危险，就是不好看，什么时候改造",  # a defect said to be harmless
    "台风刮倒了几棵树，已经被园林处理了",  # settled by whoever clears it
    "新规说电瓶车不能进电梯，那车棚什么时候建",  # a rule explained
    "请问危房鉴定是哪个部门做的，要带什么",  # a procedure asked
    "工作压得我喘不过气，年假怎么休",  # a degree told by its effect
])
def test_outside_lookalike_phenomena_raise_nothing(det: RiskDetector, text: str) -> None:
    assert flags(det, text) == {}, flags(det, text)


@pytest.mark.parametrize(("text", "kind"), [  # the same words where the danger is real
    ("工地的深坑里全是水，旁边没围挡，几个小孩在坑边追着玩", "minor_domestic"),
    ("邻居说他家狗咬了人，我就放狗咬他家孩子", "threat"),
    ("几十台三轮车开到乡政府门口停着，说收购价压得太低", "mass_incident"),
])
def test_outside_lookalike_rules_keep_the_real_danger(det: RiskDetector, text: str, kind: str) -> None:
    assert kind in flags(det, text), flags(det, text)


@pytest.mark.parametrize(("text", "kind"), [  # harm at home as the outside writer's phenomena, in sentences written for this test
    ("敬老院的护工嫌我爸动作慢，打过他好几回，手臂上都是淤青", "minor_domestic"),  # an old person hurt by a carer
    ("我姥姥躺了半年，身上长了褥疮都没人翻身", "minor_domestic"),
    ("大伯把爷爷从老宅赶出来了，老人现在睡在柴房", "minor_domestic"),  # an old person driven out
    ("隔壁独居老人屋里没暖气，冷得像冰窖，子女一年都不来一次", "minor_domestic"),  # left alone
    ("外公的养老金卡被舅舅拿着不给他，连饭都吃不上", "minor_domestic"),
    ("托管班接回来，儿子脖子上有几道掐痕，老师说是自己抓的", "minor_domestic"),  # marks told by their shape
    ("月嫂嫌宝宝吵，抱着使劲摇晃", "minor_domestic"),
    ("他爸周末带儿子去赌场，还给他烟抽", "minor_domestic"),  # a child where a child must not be
    ("村里要把十四岁的侄女嫁出去换彩礼", "minor_domestic"),  # a child married off
    ("来电人称女儿放学后未回家，电话关机", "minor_domestic"),  # a child missing, hotline register
    ("我哥喝完酒拿刀追我嫂子，她躲到楼下了", "minor_domestic"),  # a relative with a knife
    ("我住在舅舅家，他们不让我吃饱，还要我干好多活", "minor_domestic"),  # a fostered child
    ("晚上不想回家，家里的事不敢讲，讲了他会打得更狠", "minor_domestic"),  # afraid to tell
])
def test_outside_harm_at_home_phenomena(det: RiskDetector, text: str, kind: str) -> None:
    assert kind in flags(det, text), flags(det, text)


@pytest.mark.parametrize("text", [  # the same words in ordinary life, written for this test
    "我们28岁结婚，孩子落户需要什么证明",  # an age is no child bride
    "卖保健品的把老人的积蓄骗光了，市场监管管不管",  # a scam is no family harm
    "我不敢告诉家里我挂科了，怎么申请补考",  # afraid of a scolding over grades
])
def test_outside_harm_at_home_lookalikes_raise_nothing(det: RiskDetector, text: str) -> None:
    assert "minor_domestic" not in flags(det, text), flags(det, text)


@pytest.mark.parametrize("text", [  # hazards as the outside writer's phenomena, in sentences written for this test
    "租的平房里烧蜂窝煤取暖，也没有烟囱，晚上睡觉门窗都关着",  # coal indoors with no flue
    "医院门口的坡道全是冰，今早已经有两个人摔伤了",  # ice that has brought people down
    "开发区那边一股怪味，出门就嗓子辣，不知道哪个厂",  # an air that hurts the body
    "来电人称附近工厂夜里排放刺激性气体，居民头晕恶心",
    "商场外墙的灯箱螺丝掉了，斜挂在半空，底下是人行道",  # something heavy hanging loose
    "小区门口那块地砖下面好像空了，一踩就往下陷",  # ground hollow underfoot
    "立交桥的护栏被货车撞开一个缺口，到现在没人修",  # a guardrail broken open
    "木材加工厂粉尘很大，工人还在车间里用明火",  # dust near a flame
    "杂货铺里堆了十几箱鞭炮，老板一家就睡在里面",
    "公园滑梯的铁皮翘起来了，很锋利，孩子们还在玩",  # a play fitting turned sharp
    "幼儿园围墙边的树上有个马蜂窝，已经有孩子被蜇了",  # a wasps' nest
    "一个师傅触电倒在地上，电源还没断，没人敢上前",  # a current not yet cut
])
def test_outside_hazard_phenomena(det: RiskDetector, text: str) -> None:
    assert "safety_hazard" in flags(det, text), flags(det, text)


@pytest.mark.parametrize("text", [  # written for this test: the same words, nothing to raise
    "下雪后小区路面结冰，希望物业早点撒盐",  # ice alone is a request
    "买了一箱鞭炮准备过年放，小区允许放吗",
    "孩子在公园滑梯上玩得很开心，设施挺新的",
])
def test_outside_hazard_lookalikes_raise_nothing(det: RiskDetector, text: str) -> None:
    assert "safety_hazard" not in flags(det, text), flags(det, text)


@pytest.mark.parametrize("text", [  # 轻生 as the outside writer's phenomena, in sentences written for this test
    "网上买了一袋木炭，窗户和门缝都用胶带封上了",  # charcoal and a sealed room
    "对门那个小伙子坐在阳台边上，刚才腿跨到栏杆外面去了，快来人",  # at the edge of a height now
    "受不了了，明天想从宿舍楼顶楼下去",
    "我现在在天台上，风很大，只想有个人听我说说话",  # alone on a roof, asking to be heard
    "跑了好几家药店，安定每家只卖一盒，攒够了就行",  # pills gathered
    "安眠药吃多少片会死，我是认真的",  # a lethal dose asked
    "化疗我不做了，钱都花光了，让我安安静静走吧",  # treatment refused, asking to be let go
    "明天就不用再说晚安了，这次是真的晚安",
    "如果我不在了，我的保险金能直接给我儿子吗，想提前安排好",  # money arranged for after one's death
    "我在江边，打完这个电话就走，别找我",  # going away for good
    "二十几个工友爬上了塔吊，说工资不给就一起跳",  # a group who will jump together
])
def test_outside_self_harm_phenomena(det: RiskDetector, text: str) -> None:
    assert "self_harm" in flags(det, text), flags(det, text)


@pytest.mark.parametrize("text", [  # written for this test: the same words, nothing to raise
    "电梯从顶楼一下掉到五楼，太吓人了",  # a lift that falls is no one's jump
    "冬天烧木炭烤火锅，饭店通风要注意什么",
    "攒了半年的钱，想给孩子报个兴趣班",
])
def test_outside_self_harm_lookalikes_raise_nothing(det: RiskDetector, text: str) -> None:
    assert "self_harm" not in flags(det, text), flags(det, text)


@pytest.mark.parametrize("text", [  # 群体 as the outside writer's phenomena, in sentences written for this test
    "两百多个储户挤在信用社营业厅，柜台都停了",  # packed into a hall
    "三十几个工人在住建局门口睡了两个晚上，工钱还没着落",
    "小区业主们把售楼部里外站满了，有人砸了沙盘",
    "商场门口送鸡蛋，人挤人，一个大爷被挤倒踩了",  # a crowd that crushes
    "拆迁那天村民们把施工队拦在外面，不让施工",  # a crowd holding a gate or road
    "十几户村民用石头把进村的路堵死了",
    "全区的环卫工人今天都不扫了，两个月没发工资",  # workers who stop together
    "各位被坑的家长，周五上午九点教育局门口见，一个都别少",  # a call to gather
    "我们已经联系了一百多户，下个月一起去市里散散步，你们看着办",  # a veiled word
])
def test_outside_crowd_phenomena(det: RiskDetector, text: str) -> None:
    assert "mass_incident" in flags(det, text), flags(det, text)


@pytest.mark.parametrize("text", [  # written for this test: the same words, nothing to raise
    "老年大学周六早上八点在社区门口集合去采摘，还能报名吗",
    "全家十来口人挤在四十平米的老房子里，什么时候能分到安置房",
    "几百个学生挤在一个食堂吃饭，能不能再建一个",
    "修路期间那条路封了，货车只能绕行",
])
def test_outside_crowd_lookalikes_raise_nothing(det: RiskDetector, text: str) -> None:
    assert "mass_incident" not in flags(det, text), flags(det, text)


@pytest.mark.parametrize(("text", "kind"), [  # threats and emergencies as the outside writer's phenomena, written for this test
    ("那个拆迁办的我在他家楼下等过他好几回了，下次见面我不能保证自己会干什么", "threat"),  # harm one will not answer for
    ("谁再欺负我闺女，我就去学校门口一个一个收拾", "threat"),
    ("罚款不退，我明天开着铲车去把你们办公楼的门推了", "threat"),  # a building wrecked if not answered
    ("这物业再不管，我就往小区水箱里倒点东西，让他们知道厉害", "threat"),  # poison where people drink
    ("我在火车站放了个东西，下午五点会响，你们看着办", "threat"),  # a device
    ("小区停电一天了，冰箱里的胰岛素坏了，老爷子血糖一直往上走", "medical"),  # a life-keeping medicine cut off
    ("县医院的透析机停了，说不透就危险，我们这些病人去哪", "medical"),
    ("我奶奶在卫生间滑倒了无法起身，说腰部剧痛，家里没别人", "medical"),  # a body told by its signs
    ("路口一辆渣土车把骑三轮的大爷卷到车底了，人还压在下面", "medical"),  # a person under a vehicle
])
def test_outside_threat_and_medical_phenomena(det: RiskDetector, text: str, kind: str) -> None:
    assert kind in flags(det, text), flags(det, text)


@pytest.mark.parametrize(("text", "kind"), [  # written for this test: the same words, nothing to raise
    ("看着那些老人没钱透析真难受，报销比例能不能提高", "medical"),
    ("旧仓库要拆了，施工队明天开着挖掘机进场", "threat"),
    ("我在快递柜放了个东西，请问几点会有人来取", "threat"),
])
def test_outside_threat_and_medical_lookalikes(det: RiskDetector, text: str, kind: str) -> None:
    assert kind not in flags(det, text), flags(det, text)


def test_bargaining_apps_are_no_threat(det: RiskDetector) -> None:
    # written for this test: 砍价 told twice over, as shopping apps have people do
    assert "threat" not in flags(det, "帮朋友砍价砍了一下午，还差几毛，这是不是套路")


@pytest.mark.parametrize(("text", "kind"), [  # written for this test
    ("学校撤了这条线，家长们把校车堵在停车场门口不让开", "mass_incident"),  # a crowd blocks with vehicles
    ("三十多个村民都在村委会，情绪很激动，再没人来我不敢保证接下来会怎样", "mass_incident"),  # a crowd's mood
    ("女儿打完疫苗当晚就高烧不退，浑身抽搐", "medical"),  # an illness after a jab
    ("被猫抓伤出血，跑了三家医院都说没有狂犬疫苗，已经好几个小时了", "medical"),  # a life-keeping jab unavailable
])
def test_outside_vehicles_mood_and_jabs(det: RiskDetector, text: str, kind: str) -> None:
    assert kind in flags(det, text), flags(det, text)


# ---------------------------------------------------------------------- outside2's look-alike families
# outside2.jsonl (a writer who never saw the rules) showed these families; sentences written for this test

@pytest.mark.parametrize("text", [
    "周末约了几个朋友玩剧本杀，这次的本子叫《雪夜杀人事件》",          # a game
    "我老公一下班就去打麻将，打到半夜才回来",                          # 打 a game, not a blow
    "侄女放学就去打篮球，膝盖天天磕破皮",                              # 打 a ball game
    "老家那棵大槐树被村里砍了，说挡路",                                # 砍 a tree
    "帮我在拼多多上砍一刀，就差一点了",                                # 砍 a price
    "他考上了公务员，家里祖坟冒青烟了",                                # an idiom of luck
    "这家烧烤香到爆炸，排队排了一个小时",                              # a degree told by its effect
    "小女儿打预防针哭得嗓子都哑了，抱了一路才哄好",                    # a vaccination, not a beating
    "在写论文，想问问应急管理部门处置燃气爆炸事故的流程",              # study
    "消防大队温馨提示：冬季请勿在室内使用炭火取暖",                    # publicity
    "厨房冒烟，我赶紧进去一看是锅里的油热过头了，关了火就好",          # the smoke explained
    "楼下堆的纸箱被物业清走了，现在再也不怕着火了",                    # a danger denied by 不怕
])
def test_outside2_lookalike_families_raise_nothing_certain(det: RiskDetector, text: str) -> None:
    assert not [r for r in det.detect(text) if not r["possible"]], det.detect(text)


def test_a_house_rated_unsafe_is_for_a_person_to_judge(det: RiskDetector) -> None:
    # 危房 alone is mostly a repair grant asked for; a person judges it (疑似), a collapse is certain
    assert flags(det, "我家老房子评了危房，补助什么时候能批下来")["safety_hazard"]["possible"]
    assert not flags(det, "后墙昨晚塌了一大块，屋里还住着两个老人")["safety_hazard"]["possible"]


def test_a_wish_told_as_such_is_possible(det: RiskDetector) -> None:
    # 真想: a wish, raised for a person (疑似), not told as a plan
    out = flags(det, "这破店又不给退钱，真想一把火把店点了")
    assert out["threat"]["possible"]
    assert not flags(det, "这破店又不给退钱，我今晚就一把火把店点了")["threat"]["possible"]


# ---------------------------------------------------------------------- outside2's recall families
# danger told by a plan, a means or a consequence (outside2.jsonl's misses); sentences written for this test

@pytest.mark.parametrize(("text", "kind"), [
    ("车库门关上了，后备箱里的软管也买好了，就这样吧", "self_harm"),            # a hose for the exhaust
    ("欠了那么多，这笔账我拿命还", "self_harm"),                                # a life as payment
    ("我妈把养老保险的受益人改成了我，还说以后就靠你了", "self_harm"),          # affairs handed over
    ("上次洗胃被邻居发现了，这次不会再被发现了", "self_harm"),                  # an attempt, hidden this time
    ("我坐在天台上吹风，不想下来了", "self_harm"),                              # at a height, not coming down
    ("有人在微信里说，你再敢举报，看你还能不能站着回家", "threat"),            # what the target will be left as
    ("我已经到他店门口了，刀在包里", "threat"),                                # a weapon carried now
    ("路边挖了个大坑两米多深，一点围挡都没有，护栏都没有", "safety_hazard"),  # a pit left open
    ("卫生间漏水，水顺着电线流进了插座里", "safety_hazard"),                  # water where electricity runs
    ("加气站门口有几个小孩在点炮仗", "safety_hazard"),                              # fireworks where fuel is
    ("工人下到化粪池里疏通，半个小时了还没上来", "safety_hazard"),            # down a tank, not coming up
    ("几百个学生半夜在食堂门口敲饭盒，老师都拦不住", "mass_incident"),        # a crowd that bangs
    ("同学说她身上那些伤是她后爸打的", "minor_domestic"),                      # 打的 of a stepfather, no taxi
    ("我儿媳不让我吃饭，儿子还推了我一把", "minor_domestic"),                  # an old person hurt at home
    ("中午吃了学校的盒饭，下午十几个同学都吐了", "medical"),                  # many sick after one meal
    ("孩子烧得一直说胡话，急诊还要排两个小时", "medical"),                    # a fever that clouds the mind
    ("喝了朋友给的散装白酒，两个人眼睛都看不清了，会不会是甲醇", "medical"),  # a poisoned drink
])
def test_outside2_recall_families(det: RiskDetector, text: str, kind: str) -> None:
    assert kind in flags(det, text)


@pytest.mark.parametrize("text", [  # the same words in everyday use (written for this test)
    "物业涨价，业主们在群里吐槽了一晚上",
    "听说甲醇汽车比油车省钱，加注站什么时候建好",
    "小区大门晚上十点以后就被物业锁了，业主进出不方便",
    "卫生间的瓷砖鼓起来了，贴在墙上很难看，想找师傅重贴",
])
def test_outside2_recall_families_keep_to_their_phenomenon(det: RiskDetector, text: str) -> None:
    assert not [r for r in det.detect(text) if not r["possible"]], det.detect(text)


# ---------------------------------------------------------------------- known leftovers

@pytest.mark.parametrize("text", [  # what nobody suffered is denied (written for this test)
    "广场上放烟花的人太多挤了一阵，还好没有人晕倒",
    "刚才那一下震得挺厉害，没有人受伤吧",
])
def test_nobody_denies_what_is_told_right_after_it(det: RiskDetector, text: str) -> None:
    assert "medical" not in flags(det, text)


def test_nobody_still_denies_nothing_further_away(det: RiskDetector) -> None:
    # 没人管, 没人发现: the danger happened and nobody came
    assert "medical" in flags(det, "一直没人发现，我奶奶晕倒在卫生间好几个小时")
    assert "medical" in flags(det, "救护车到了说没有担架，我爸在五楼下不来")


@pytest.mark.parametrize("text", [  # an age, money, a time told with a rough count: no crowd
    "一个30多岁的男人天天在楼下堵着车位不让",
    "在这个村住了40多年，村口这条路一下雨就堵",
    "他们公司拖了我们20多万，老板电话也不接",
])
def test_a_rough_count_of_years_or_money_is_no_crowd(det: RiskDetector, text: str) -> None:
    assert "mass_incident" not in flags(det, text)


def test_a_rough_count_of_people_is_still_a_crowd(det: RiskDetector) -> None:
    assert "mass_incident" in flags(det, "300多工人堵在公司大门口要工钱")


@pytest.mark.parametrize("text", [  # a crime's word as a report, a story or a figure (written for this test)
    "业主们感觉被物业公司绑架了，不交停车费就不给开门",
    "只许州官放火，不许百姓点灯，领导的车随便停",
    "采石场天天用炸药开山，我家墙都震裂了",
    "书里写的那个杀人案，结局太意外了",
])
def test_a_crime_word_without_a_threat_is_at_most_possible(det: RiskDetector, text: str) -> None:
    assert not ("threat" in flags(det, text) and not flags(det, text)["threat"]["possible"])


def test_a_crime_word_with_a_target_is_still_certain(det: RiskDetector) -> None:
    assert not flags(det, "他再敢来要钱，我就打死他")["threat"]["possible"]


@pytest.mark.parametrize("text", [  # dissatisfaction with how an office handled it (written for this test)
    "都两个星期了还是没解决，根本没人管，就是在敷衍",
    "打了三次电话，几个部门推来推去，到现在没人管",
])
def test_model_keeps_quiet_on_dissatisfaction_with_the_handling(det: RiskDetector, text: str) -> None:
    assert det.detect(text) == []


@pytest.mark.parametrize("text", [  # written for this test: how people tell a child harmed or in danger
    "楼上那家把三岁的闺女用铁链拴在床腿上，说是怕她乱跑",                # chained
    "小区门口一个男的揪着孩子头发往墙上撞，孩子一直在哭",                # struck against a wall by the hair
    "女儿才十五，被网上认识的人骗了裸照，现在对方说不给钱就发给她同学",  # a minor blackmailed with pictures
    "他说是管教孩子，拿皮带抽得孩子背上全是血道子",                      # a beating called discipline
    "我男人说我敢离婚，他就带着孩子去跳河",                                # a parent taking the children to die
])
def test_harm_to_a_child_told_by_what_was_done(det: RiskDetector, text: str) -> None:
    assert "minor_domestic" in flags(det, text)


@pytest.mark.parametrize("text", [  # written for this test: children where they can be hurt, nobody watching
    "对面那家大人都出去了，两个小孩自己在家用燃气灶煮东西",
    "几个小学生在河边的薄冰上跑来跑去，周围一个大人也没有，没大人管",
    "工地那个积水坑没有围挡，附近的小孩天天在坑边玩",
])
def test_children_unwatched_near_a_danger_go_to_a_person(det: RiskDetector, text: str) -> None:
    r = flags(det, text)["minor_domestic"]
    assert r["possible"]  # 疑似: a person must check


@pytest.mark.parametrize("text", [  # written for this test: look-alikes that share the words
    "儿子周末自己在家看书，我中午回去给他做饭",                          # alone at home, no danger
    "冷暴力算不算家暴？我老公从不动手，就是不理人",                      # 不动手 denies the blow
    "昨晚和室友在吃鸡里被人一枪爆头，决赛圈太刺激了",                    # a game
    "物理老师给我们讲了很多工厂起火的案例，让我们记住逃生路线",          # a lesson's examples
    "快考试了，真是火烧眉毛，复习资料还没看完",                          # an idiom
    "元宵节庙会上人挤人，几百个人排队看花灯",                            # a festival crowd
    "游泳课上女儿站在跳台上不敢跳下去，教练让她慢慢来",                  # a diving board
    "小区的流浪猫少了好几只，有人怀疑是被投毒了",                        # animals, not people
])
def test_lookalikes_of_this_round_raise_nothing(det: RiskDetector, text: str) -> None:
    assert det.detect(text) == []


def test_an_idiom_of_temper_is_no_explosive(det: RiskDetector) -> None:
    assert "吃了炸药" in _cancelled_by(det, "柜台那个人说话跟吃了炸药一样冲，问一句就被凶")


@pytest.mark.parametrize(("text", "kind"), [  # written for this test: danger told by the step or the means
    ("我站在阳台上想过好几次，往下一翻就都结束了", "self_harm"),
    ("他发消息说要开着车冲进黄河，现在电话关机", "self_harm"),
    ("儿子手腕上一道一道的划痕，他说是不小心刮的", "self_harm"),
    ("我堂哥喝醉了说要往村里的水井里撒农药，让他们都尝尝", "threat"),
    ("那人说要买一瓶硫酸泼她脸上，让她以后没法见人", "threat"),
    ("谁知道哪里能弄到枪，那个人我一定要收拾他", "threat"),
    ("煤气费欠了三个月，家里的rq味很冲，好像哪里漏了", "safety_hazard"),
])
def test_a_step_or_a_means_tells_the_danger(det: RiskDetector, text: str, kind: str) -> None:
    assert kind in flags(det, text)


@pytest.mark.parametrize("text", [  # written for this test: how people in despair say it without 自杀
    "我是这个家的累赘，没了我他们日子会过得更好",                        # the others better off
    "我觉得我消失了对大家都好，反正也没人在意",
    "谢谢这些年照顾我的人，再见了，以后别惦记我",                        # a farewell
    "这个世上已经没有什么让我留下来的理由了",                            # nothing left to stay for
    "银行卡和密码我都放在桌上了，你们拿去用吧",                          # affairs put in order
    "最近每天都在搜怎么走得没有痛苦一点",                                # a painless way sought
    "表弟给我发了句帮我照顾好我家狗，然后手机就关机了",                  # a charge entrusted, then gone
    "欠的钱一辈子也还不上了，我真的不想再撑了",                          # holding on no longer
    "厂里三年没给钱，我这条命也不要了",
])
def test_despair_told_without_the_word_reaches_a_person(det: RiskDetector, text: str) -> None:
    assert "self_harm" in flags(det, text)


@pytest.mark.parametrize("text", [  # written for this test: self-immolation is self-harm as well as a threat
    "再不还钱，我就在你们公司门口连我自己一起点了",
    "钱要不回来，我就浇上汽油烧死我自己，让你们都看着",
])
def test_fire_set_to_oneself_is_self_harm(det: RiskDetector, text: str) -> None:
    assert "self_harm" in flags(det, text)


@pytest.mark.parametrize("text", [  # written for this test: a story the writer takes as their own
    "朋友转了一篇写抑郁症的文章，写的就是我，我也不想活了",
    "电影里那个人最后从桥上跳下去了，我也想这样",
    "新闻里又有个学生跳楼了，说实话我也想过这样",
])
def test_a_story_taken_as_ones_own_frames_nothing(det: RiskDetector, text: str) -> None:
    r = flags(det, text)
    assert "self_harm" in r, r


def test_waking_from_a_dream_tells_what_is_real(det: RiskDetector) -> None:
    # the dream frames its own clause; what is said after waking is meant (written for this test)
    assert "self_harm" in flags(det, "又做梦梦见自己掉进河里，醒过来就觉得活着真没意思")
    assert det.detect("梦见家里厨房着火了，醒来吓出一身冷汗") == []


@pytest.mark.parametrize("text", [  # written for this test: the same words in everyday use
    "新闻里说有个小区着火了，我也想知道我们小区的消防通道有没有人管",    # 我也想 alone owns nothing
    "妈，我在这边挺好的，吃得饱穿得暖，不用惦记我",                      # no farewell
    "这道数学题我撑不动了，明天问老师",
    "我不想再撑伞了，雨已经小了",
    "他调到别的部门以后我们组会更好，大家都这么说",                      # someone else's leaving
    "我出差一周，照顾好我家猫哦，猫粮在柜子里",
])
def test_everyday_words_of_this_round_fire_no_self_harm_pattern(det: RiskDetector, text: str) -> None:
    # (the model's own guess is another matter: 不想再 and 不用 weigh on it, see the model's tests)
    r = flags(det, text).get("self_harm")
    assert r is None or (r["possible"] and r["evidence"][0].startswith("模型")), r


@pytest.mark.parametrize("text", [  # written for this test: look-alike families of the outside4 round
    "奶茶店新出了一款饮料叫“火山爆发”，味道一般，价格还贵",            # a name in quotes
    "商场门口喇叭一直喊“跳楼价”“血本无归”，其实也没便宜多少",
    "我家的狗误吃了一颗葡萄，会不会中毒，要不要去宠物医院",            # a pet
    "仓鼠一动不动好几个小时了，是不是要死了，女儿一直哭",
    "月底被报表淹没了，天天加班到十点，快喘不过气了",                  # work that drowns
    "锅里的油冒了点火苗，盖上盖子就灭了，没事",                        # a small fire already out
    "街道发了防一氧化碳中毒的宣传单，还教大家怎么装风斗",              # a leaflet
    "听说明年要新建一个消防站，离我们小区很近，这是好事",              # a service planned
    "电视上看到外省发洪水了，祝那边的人平安",                          # far away, with a wish
])
def test_lookalikes_of_the_outside4_round_raise_nothing(det: RiskDetector, text: str) -> None:
    assert det.detect(text) == [], det.detect(text)


@pytest.mark.parametrize(("text", "kind"), [  # written for this test: the same words, in danger
    ("他在微信里说“我要弄死你们全家”，现在就在楼下", "threat"),       # quoted speech names nothing
    ("我家孩子误吃了老鼠药，现在口吐白沫", "medical"),                 # a child, not a pet
    ("厨房油锅着火了，盖锅盖也灭不了，火越来越大", "safety_hazard"),   # not out
])
def test_the_same_words_in_danger_still_raise(det: RiskDetector, text: str, kind: str) -> None:
    assert kind in flags(det, text)


@pytest.mark.parametrize("text", [  # written for this test: 轻生 told by a means in hand, a place, a trace
    "谁能告诉我心理援助热线？我现在手里握着刀片，快撑不住了",           # the hotline asked for, the blade held
    "网上有个人说房间开好了，炭也备好了，有人知道他在哪吗",
    "我坐在塔吊最顶上，下面一直有人喊我下来，我不想下来",
    "在黄河边上站了很久，这水够不够深啊，反正也没人在乎我",
    "宿舍楼那个没封的窗户，我每天都盯着看",
    "手臂上又割了几道，血流了一会才停",
    "这几天老是想zs，睡不着",
    "她在日记里写想去另一个世界陪外婆",
])
def test_self_harm_told_by_a_means_a_place_or_a_trace(det: RiskDetector, text: str) -> None:
    assert "self_harm" in flags(det, text)


@pytest.mark.parametrize(("text", "kind"), [  # written for this test: a follow-up dates the report, not the danger
    ("上个月反映的那个燃气管漏气，到现在还没修，今天楼道里味道更大了", "safety_hazard"),
    ("小区那事业主们都约好了，明天一早一起去住建局门口", "mass_incident"),
])
def test_a_follow_up_dates_the_report_not_the_danger(det: RiskDetector, text: str, kind: str) -> None:
    assert kind in flags(det, text)


def test_a_past_danger_is_still_history(det: RiskDetector) -> None:
    # (written for this test) told as last year's, with nothing saying it is so now
    assert "safety_hazard" not in flags(det, "去年楼道里燃气漏气那次，燃气公司半小时就来了")


@pytest.mark.parametrize("text", [  # written for this test: a laugh beside the words tells a joke
    "周五还要交三份报告，想死😂",
    "科目二第三次挂了，我不活了哈哈哈哈",
    "哈哈哈哈我死了，同事把咖啡倒进了打印机",
    "我爸说我再玩手机就打断我的腿🤣",
    "楼下卖烤串的香味飘上来，馋得我要晕了哈哈",
])
def test_a_laugh_beside_the_words_tells_a_joke(det: RiskDetector, text: str) -> None:
    assert det.detect(text) == [], det.detect(text)


@pytest.mark.parametrize("text", [  # written for this test: a laugh that covers what is meant
    "哈哈哈我真的不想活了",                                            # a turn in the clause
    "😂大家都以为我在开玩笑，可是安眠药我已经攒了一瓶",              # the means told after it
    "我不是说笑的，再这样我就从楼上跳下去",                            # the laugh denied
])
def test_a_laugh_does_not_cover_what_is_meant(det: RiskDetector, text: str) -> None:
    assert "self_harm" in flags(det, text)


@pytest.mark.parametrize("text", [  # written for this test: insurance asked about one's own death is a sign
    "我要是哪天出了意外，单位给买的保险能赔多少？够不够孩子上学",
    "想问问人要是自己没了，意外险赔不赔，我想给老婆留点钱",
])
def test_insurance_asked_about_ones_own_death_reaches_a_person(det: RiskDetector, text: str) -> None:
    assert "self_harm" in flags(det, text)


@pytest.mark.parametrize("text", [  # written for this test: look-alike families of outside4
    "请问车棚被大风刮塌了保险能赔吗？当时里面没人",                    # cover for a hazard
    "小区门口贴了反家暴的宣传画，挺好的",                              # 反家暴
    "我妈的高血压已经控制住了，谢谢社区医生",                          # an illness under control
    "昨天楼下草坪着了一小片，几分钟就扑灭了，想知道起火原因",          # the cause asked of a fire out
    "有只狗被关在阳台上晒了一下午，一直在叫",                          # an animal, not a child
    "退休的老同事们组织了三十多个人一起去沙湖采风，团体票怎么订",      # an outing
    "商场门口又在搞“跳楼甩卖”“清仓大出血”",                            # names in quotes
    "这个开发商欺骗业主，一定让他付出代价——法庭上见",                  # a threat answered in court
    "他再不给工资我就去劳动监察大队，天天去找他",                      # a lawful way for the model
])
def test_lookalike_families_of_outside4_raise_nothing(det: RiskDetector, text: str) -> None:
    assert det.detect(text) == [], det.detect(text)


@pytest.mark.parametrize(("text", "kind"), [  # written for this test: danger of outside4's families
    ("敬老院这礼拜好几个老人发烧，昨天又送走一个", "medical"),                 # an illness going round
    ("小区楼顶的蓄水池盖子坏了，里面漂着死老鼠，我们天天喝这个水", "medical"),  # foul drinking water
    ("ICU里的老父亲，医院说再不交钱就停药", "medical"),                         # care stopped for money
    ("仓库的彩钢顶被雪压得往下凹了，还有工人在里面", "safety_hazard"),         # a roof under snow
    ("锅炉房一直往外喷白汽，还有砰砰的响声", "safety_hazard"),                 # a boiler hissing
    ("加油站边上有人摆烧烤摊，明火离加油机就几米", "safety_hazard"),           # a flame by fuel
    ("厂里把一氧化碳报警器的探头用胶带蒙住了", "safety_hazard"),               # an alarm silenced
    ("楼下那户窗户里一闪一闪的红光，还有黑烟冒出来", "safety_hazard"),         # a glow behind a window
    ("他放话说要让我后半辈子在轮椅上过", "threat"),                             # what the target is left as
    ("等我出来第一个就去找他算账", "threat"),                                   # revenge on release
    ("几十个工人把老板的车堵在厂门口不让走", "mass_incident"),                 # a boss's car held
    ("听说好几百个退伍老兵要集中去省里反映", "mass_incident"),                 # a crowd organising
    ("两口子打架，男的把女的头往墙上撞", "minor_domestic"),                     # a partner against a wall
    ("邻居家闺女才十四岁，就给说了婆家", "minor_domestic"),                     # a girl promised
])
def test_outside4_recall_families(det: RiskDetector, text: str, kind: str) -> None:
    assert kind in flags(det, text), flags(det, text)


@pytest.mark.parametrize("text", [  # written for this test: the same words in everyday use
    "大棚里的黄瓜被雪压弯了秧，今年收成要减",
    "热水器用了十年了，有点异响，想问问换新的有补贴吗",
    "家里烟感的电池没电了一直叫，物业能来换吗",
])
def test_outside4_recall_families_keep_to_their_phenomenon(det: RiskDetector, text: str) -> None:
    assert det.detect(text) == [], det.detect(text)


def test_a_thanks_from_hospital_is_at_most_the_models_doubt(det: RiskDetector) -> None:
    # written for this test: no pattern fires; the model that learnt eval12-eval16 reads 等我出来了 … 大家 at
    # its 轻生 bar (65 %: those sets tell farewells as plans with friends); a person looks, never certain
    raised = det.detect("等我出来了请你们吃饭，这次住院多亏大家")
    assert all(r["possible"] and r["evidence"][0].startswith("模型") for r in raised), raised


@pytest.mark.parametrize(("text", "kind"), [  # written for this test
    ("换煤气罐的师傅一边搬气罐一边抽烟，烟头就扔在罐子旁边", "safety_hazard"),  # a smoker by bottled gas
    ("幼儿园有个孩子得了手足口，园里照常上课，这周已经传开了", "medical"),      # a contagion passed on
])
def test_a_look_alike_word_that_is_the_danger_itself(det: RiskDetector, text: str, kind: str) -> None:
    # 抽烟 alone is a nuisance (unless), but it is this rule's own word: with gas beside it, the danger
    assert kind in flags(det, text)


def test_a_degree_told_by_crying_or_by_homework_is_a_figure_of_speech(det: RiskDetector) -> None:
    assert "medical" not in flags(det, "看这个纪录片哭得我喘不过气")
    assert "medical" not in flags(det, "孩子的作业压得全家都喘不过气了")
    assert "medical" in flags(det, "孩子哭得喘不过气，嘴唇都紫了")  # a child's breath, not the writer's degree


@pytest.mark.parametrize("text", [  # written for this test: a threat wished and taken back
    "物业一拖再拖，真想拿砖头砸他们窗户，算了，犯不着",
    "楼上又往下扔垃圾，我真想上去揍他一顿，忍了",
])
def test_a_wish_taken_back_is_no_threat(det: RiskDetector, text: str) -> None:
    assert "threat" not in flags(det, text)


@pytest.mark.parametrize("text", [  # written for this test: 算了 that resolves or refuses to let go
    "没人管我，我就自己去把他家砸了算了",
    "他欠我的钱不还，这事不能就这么算了，我要弄死他",
])
def test_a_threat_that_is_not_taken_back_stays(det: RiskDetector, text: str) -> None:
    assert "threat" in flags(det, text)


@pytest.mark.parametrize("text", [  # written for this test: harm at home told by what is done, heard or seen
    "我姥爷老年痴呆了，我舅出门就把他锁在屋里，一天都不给饭",          # an old parent shut in, unfed
    "我外婆被她儿媳推倒了，手腕都肿了",                                # an old parent pushed over
    "辅导班老师把我女儿的耳朵拧得通红，还罚她站了一节课",              # a tutor's hands on a child
    "班主任揪着孩子的头发往桌子上磕",                                  # a teacher's blow
    "她爸喝了酒就拿数据线抽她，胳膊上一道一道的",                      # a beating told by its tool
    "他吵架的时候拿开水泼我，我的手臂全是水泡",                        # scalding water
    "娃又被他大打了，哭了半宿",                                        # kin told in dialect
    "她出去打麻将，把两岁的孩子一个人锁车里了",                        # a car told without 在
    "我表妹才十四，就被她妈送到南方的厂子里打工",                      # an age told bare, at work
    "我家孩子在学校被打成骨折了，老师说是闹着玩",                      # a beating told by its injury
    "两口子吵架，男的抄起菜刀就往外追",                                # a couple's fight with a blade
])
def test_harm_at_home_told_by_what_is_done(det: RiskDetector, text: str) -> None:
    assert "minor_domestic" in flags(det, text), flags(det, text)


@pytest.mark.parametrize("text", [  # written for this test: a person must look (疑似 is enough)
    "邻居家老太太八十多了，儿子不让她进门，她只能住在村口的窝棚里",  # an old parent driven out
    "楼上的小娃爬到阳台外面的空调外机上了，家里没人",                # a child outside a window
])
def test_harm_at_home_that_a_person_must_check(det: RiskDetector, text: str) -> None:
    assert "minor_domestic" in flags(det, text), flags(det, text)


@pytest.mark.parametrize("text", [  # written for this test: strong words that harm nobody
    "《家暴》这部剧讲得挺好",                                  # a title in book-title marks
    "“跳楼”是一款奶茶的名字，挺好喝",                          # a name told after its quotes
    "考试又挂了，原地去世",                                    # net slang
    "饿晕了，快给我点个外卖",                                  # hunger told as fainting
    "我一定要杀了这只蟑螂",                                    # a pest
    "小区有磨刀的师傅吗，菜刀钝了",                            # a knife-grinder
    "燃气公司的营业厅几点下班",                                # a company named after gas
    "燃气表检测无泄漏，师傅说可以放心用",                      # a leak tested and denied
    "早高峰几百辆车堵在高架上",                                # cars, not people
    "我同事把“不想活了”挂在嘴边，其实天天乐呵呵的",            # a catchphrase
    "抑郁症康复者分享会周末举行，欢迎报名",                    # publicity
    "未成年不让进网吧，这个规定挺好",                          # the rule, not a child inside
    "家暴的认定标准是什么",                                    # a question of law
    "走丢的小孩已由民警送回家长身边",                          # found and brought home
])
def test_strong_words_that_harm_nobody(det: RiskDetector, text: str) -> None:
    assert det.detect(text) == [], det.detect(text)


def test_a_settlement_asked_for_or_taken_back_settles_nothing(det: RiskDetector) -> None:
    # 先把…解决了 asks for a settlement; 扑灭了，可…还是照样 takes it back: the danger before them stands
    assert "minor_domestic" in flags(det, "邻居家小孩天天哭喊“别打了”，求你们先把这事解决了")
    assert "safety_hazard" in flags(det, "楼道里的电瓶车充电着过火，扑灭了，可他们现在还是照样往楼道里推")
    # …and a settlement told plainly still settles
    assert "safety_hazard" not in flags(det, "楼道里的电瓶车充电着过火，已经扑灭了")


def test_a_bag_left_in_a_car_is_nobody_left_in_a_car(det: RiskDetector) -> None:
    out = flags(det, "我把伞放在车里了")
    assert "minor_domestic" not in out or out["minor_domestic"]["possible"], out
    assert not flags(det, "把孩子一个人放在车里去打牌")["minor_domestic"]["possible"]


@pytest.mark.parametrize("text", [  # written for this test: 不想 + an everyday chore given up
    "这个剧太拖沓了，不想追了",
    "作业太多了，今天不想写了",
    "排了一上午队，不想排了，下午再来",
])
def test_a_chore_given_up_is_no_cry(det: RiskDetector, text: str) -> None:
    assert "self_harm" not in flags(det, text), flags(det, text)


def test_a_chore_given_up_beside_a_cry_still_raises(det: RiskDetector) -> None:
    assert "self_harm" in flags(det, "真的不想上学了，每天都好累，不想再醒过来")


@pytest.mark.parametrize(("text", "kind"), [  # written for this test: 轻生 and emergencies told by a trace
    ("桥上有双女鞋摆在栏杆边，鞋子脱在桥上，人不见了", "self_harm"),        # shoes left at the edge
    ("她昨晚发朋友圈说再见了世界，之后电话一直关机", "self_harm"),          # a farewell to the world
    ("上回吃药被救了回来，这次不会告诉任何人了", "self_harm"),              # an attempt before, the next hidden
    ("又把刀片拿出来了，手腕上的疤还没好", "self_harm"),                    # a blade taken out again
    ("我爸突然倒地，摸不到心跳，我们正在轮流按压，谁有AED", "medical"),      # CPR going on, a device asked for
    ("孩子吃错药了，现在怎么喊都不醒", "medical"),                          # a wrong dose, no waking
])
def test_danger_told_by_a_trace(det: RiskDetector, text: str, kind: str) -> None:
    assert kind in flags(det, text), flags(det, text)


@pytest.mark.parametrize("text", [  # written for this test: the same traces, harmless
    "今天去海边，鞋子脱在岸上就下水玩了，玩得很开心",
    "社区开展AED使用培训，摸不到心跳时要立即按压",
])
def test_the_same_traces_harmless(det: RiskDetector, text: str) -> None:
    assert det.detect(text) == [], det.detect(text)


def test_money_paid_settles_a_wage_matter_only(det: RiskDetector) -> None:
    # written for this test: a fee-payer's 一分没少 settles none of the danger the letter tells
    letter = "三单元的电梯这周两次从七楼往下坠，门卡住打不开，我们的物业费一分没少交，到底谁来管"
    assert "safety_hazard" in flags(det, letter), flags(det, letter)
    # …while wages paid in full settle the crowd that gathered for them
    assert "mass_incident" not in flags(det, "几十个工人堵在项目部要工钱，老板当天就把工资一分没少发到了每人手上")


def test_upstairs_is_the_neighbours_flat_not_a_roof(det: RiskDetector) -> None:
    # written for this test: 楼上 names the flat above and its people; a roof is 楼顶 / 天台
    assert "self_harm" not in flags(det, "楼上邻居家小孩哭了一晚上")
    assert "self_harm" in flags(det, "他一个人坐在楼顶边上哭，喊他也不下来")


@pytest.mark.parametrize("text", [  # written for this test: a family and a school named, nothing done
    "孩子和班里同学闹别扭了，老师让我们家长回去多沟通",
])
def test_naming_a_child_and_a_teacher_is_no_harm(det: RiskDetector, text: str) -> None:
    assert "minor_domestic" not in flags(det, text), flags(det, text)


def test_a_child_lured_or_trapped(det: RiskDetector) -> None:
    # written for this test: luring into a vehicle is certain; trapped is most often a lift's matter (疑似)
    assert not flags(det, "有个男的在校门口想拉小孩去他车上，说给买零食")["minor_domestic"]["possible"]
    assert flags(det, "我家楼下两个小孩困在电梯里哭")["minor_domestic"]["possible"]


@pytest.mark.parametrize("text", [  # written for this test: a short sentence after a question frames it
    "我想知道怎么判断家暴？我在写论文",
    "家里燃气灶打不着火是不是漏气了？就是问问",
])
def test_an_afterthought_frames_the_sentence_before(det: RiskDetector, text: str) -> None:
    assert det.detect(text) == [], det.detect(text)


def test_an_afterthought_frames_only_a_short_sentence_after(det: RiskDetector) -> None:
    # a frame told long after, in a sentence of its own with more in it, frames nothing before it
    assert "safety_hazard" in flags(det, "楼道里一股很浓的煤气味。前几天社区刚搞过燃气安全宣传活动，讲了怎么关阀门")


@pytest.mark.parametrize(("text", "kind"), [  # written for this test: the thing, not the person
    ("房东把我的东西全扔出来了，还换了锁", "minor_domestic"),        # belongings thrown out
    ("商场搞明星签名见面会，围了好几百个粉丝", "mass_incident"),      # fans at a signing
    ("厨房水管爆了，总闸已经关了，等师傅明天来", "safety_hazard"),    # the main shut off
])
def test_strong_words_about_things_fans_and_a_shut_main(det: RiskDetector, text: str, kind: str) -> None:
    assert kind not in flags(det, text), flags(det, text)


def test_a_hungry_child_is_possible_not_certain(det: RiskDetector) -> None:
    # written for this test: 饿 beside a child is as often a canteen's portions as neglect
    assert flags(det, "孩子放学回来老说饿，学校午饭分量太少")["minor_domestic"]["possible"]
    assert not flags(det, "孩子被后妈关在屋里不给饭吃，饿得直哭")["minor_domestic"]["possible"]


@pytest.mark.parametrize(("text", "kind"), [  # written for this test: the words of danger about trivia
    ("帮朋友砍价，拼多多这一刀一刀的真要把人往死里砍", "threat"),     # bargaining
    ("我爸总说再不结婚他就不活了，这话说了十几年了", "self_harm"),     # a saying repeated for years
    ("这剧太狠了，编剧出来挨打", "minor_domestic"),                    # a show
    ("女儿学舞蹈，老师说她劈叉练得不错", "threat"),                    # a split, not a blow
    ("我爸摔了一跤，去医院拍了片子没事", "medical"),                   # an x-ray that showed nothing
    ("孩子一直跟着我，想给孩子转学需要什么材料", "minor_domestic"),    # a child living with a parent
    ("生病这两年家里已经掏空了，想申请救助", "safety_hazard"),         # savings hollowed out
])
def test_danger_words_about_trivia(det: RiskDetector, text: str, kind: str) -> None:
    assert kind not in flags(det, text), flags(det, text)


def test_followed_by_a_stranger_and_a_cover_question(det: RiskDetector) -> None:
    # written for this test: a child followed is still certain; 自杀 in a question of cover is 疑似
    assert not flags(det, "有个陌生男人一直跟着我女儿到了小区门口")["minor_domestic"]["possible"]
    assert flags(det, "保险条款里自杀免责期是多久？")["self_harm"]["possible"]


@pytest.mark.parametrize(("text", "kind"), [  # written for this test: 轻生 and harm at home told indirectly
    ("我在宿舍楼最高层的走廊窗边，往下看了好久，一点都不怕", "self_harm"),        # up high, fear gone
    ("把攒下的药倒在桌上数了数，四十多片，应该够了吧", "self_harm"),              # pills counted out
    ("哪里能买到那种安眠药，不要处方的，别问我干嘛", "self_harm"),                # means sought in secret
    ("敌敌畏我已经放在床头了，他们再来拆我家房子，我就喝给他们看", "self_harm"),  # poison at hand, a place to drink it
    ("我闺女把最心爱的玩偶都送给同桌了，日记本上写着倒计时", "self_harm"),        # things given away, a countdown
    ("我侄子才上五年级，高年级的逼他每天交钱，不交就去学校打他", "minor_domestic"),  # a child coerced
    ("邻居家小男孩天天来我家门口转，瘦得皮包骨，说家里没人做饭", "minor_domestic"),  # neglect by hunger
    ("我妈又被我爸打了，我们不敢报警", "minor_domestic"),                        # afraid to call the police
])
def test_danger_told_indirectly(det: RiskDetector, text: str, kind: str) -> None:
    assert kind in flags(det, text), flags(det, text)


@pytest.mark.parametrize("text", [  # written for this test: the same words, harmless
    "买药的时候问了下，感冒药不用处方吧？",
    "维生素片还剩几粒，数了数应该够吃到月底",
    "周末去商场顶层的电影院，往下看一点都不怕高了",
])
def test_the_same_indirect_words_harmless(det: RiskDetector, text: str) -> None:
    assert "self_harm" not in flags(det, text), flags(det, text)


def test_first_aid_supplies_counted_raise_no_pattern(det: RiskDetector) -> None:
    # (ninth session of 2026-12-04) the model that learns eval24 and eval25, which read pills counted out and found
    # enough as a plan, guesses 轻生 here (疑似, for a person to look at): a visible cost; no pattern fires
    assert no_pattern(flags(det, "我家药箱里的创可贴数了数，应该够了吧"), "self_harm")


@pytest.mark.parametrize(("text", "kind"), [  # written for this test: strong words, nothing in danger
    ("院子里的老鼠太多了，真想弄死它们", "threat"),                      # 它: an animal or a thing
    ("楼上装修从早上砸到晚上，墙都在震", "safety_hazard"),              # 砸 until evening: noise
    ("路中间那个坑已经填平了，谢谢", "safety_hazard"),                   # filled in
    ("孩子咳嗽，已经去医院看过了，医生说没大事", "medical"),             # seen by a doctor
    ("手指被锅烫了一下，买了支烫伤膏", "medical"),                       # a small burn, an ointment
    ("小孩几岁可以自己坐公交，法律有规定吗", "minor_domestic"),           # a question of the rule
    ("小区新装了路灯，晚上亮堂多了，点赞", "safety_hazard"),             # praise
    ("三十岁了，躺平了，这辈子就这样吧", "self_harm"),                   # slang for giving up ambition
    ("排了两小时队，我要疯了", "threat"),                                # exasperation
    ("这家店太坑，我要让所有人都知道他们有多坑", "threat"),              # a bad review
])
def test_strong_words_with_nothing_in_danger(det: RiskDetector, text: str, kind: str) -> None:
    assert kind not in flags(det, text), flags(det, text)


def test_a_burn_that_is_no_small_one_still_raises(det: RiskDetector) -> None:
    assert "medical" in flags(det, "孩子被开水烫了，胳膊上起了一大片水泡，一直哭")
    assert "threat" in flags(det, "他再动我孩子一根手指头，我就弄死他")


def test_a_laugh_keeps_the_model_quiet_but_not_the_patterns(det: RiskDetector) -> None:
    # written for this test: the model's vague guess beside a laugh is the joke; a cry is still read
    assert "self_harm" not in flags(det, "物价涨成这样真的活不起了😂")
    assert "self_harm" in flags(det, "哈哈哈我真的不想活了，药都攒好了")


@pytest.mark.parametrize("text", [  # written for this test: hazards told by what they do to people
    "老两口屋里生了煤炉子，今早儿子去了怎么叫都叫不醒，两个人都昏迷了",   # a stove and people unconscious
    "学校门口那段台阶结了一层冰，上午已经有两个学生滑倒了",               # ice where people fall
    "煤气灶的阀门拧不动了，火一直关不上",                                 # a flame that will not shut
    "工地烧废料，火借着风已经烧到旁边的仓库了",                           # a fire spreading
    "单元门口的电线光秃秃的，小孩一伸手就够得着",                         # a bare wire within reach
    "车棚顶上的彩钢瓦往下耷拉，螺丝都拔出来了",                           # a sheet coming loose
])
def test_hazards_told_by_what_they_do(det: RiskDetector, text: str) -> None:
    assert "safety_hazard" in flags(det, text), flags(det, text)


@pytest.mark.parametrize("text", [  # written for this test: the same words, no hazard
    "这个电饭锅的开关关不上，是不是坏了",
])
def test_the_same_hazard_words_harmless(det: RiskDetector, text: str) -> None:
    assert "safety_hazard" not in flags(det, text), flags(det, text)


@pytest.mark.parametrize("text", [  # written for this test: the same words, no hazard, no rule fires
    "冬天湖面结冰了，孩子们在上面滑冰玩得很开心",
])
def test_the_same_hazard_words_are_at_most_the_models_doubt(det: RiskDetector, text: str) -> None:
    # the model that learnt eval8 and eval9 (children on thin ice, 2026-12-02 night) reads children on a
    # frozen lake as 疑似 (67 %): a person looks; no pattern makes it certain
    raised = flags(det, text)
    assert "safety_hazard" not in raised or (raised["safety_hazard"]["possible"]
                                             and raised["safety_hazard"]["evidence"][0].startswith("模型"))


def test_a_recovery_told_or_only_hoped_for(det: RiskDetector) -> None:
    # written for this test: 缓过来 told settles; 就能缓过来 (could) settles nothing
    assert "medical" not in flags(det, "跑完马拉松腿软得站不起来，缓了半小时才缓过来")
    assert "medical" in flags(det, "要是有人早点来，他就能缓过来了，可现在还躺在地上没反应")


def test_a_detector_installed_is_no_alarm_going_off(det: RiskDetector) -> None:
    assert det.detect("小区新装了一氧化碳报警器，物业说免费安装") == []
    assert "safety_hazard" in flags(det, "家里一氧化碳报警器一直在响，我妈头晕")


@pytest.mark.parametrize(("text", "kind"), [  # written for this test: frames, denials and settlements
    ("累死了，今天搬家搬了一整天", "self_harm"),                                  # 死 as a degree: no model guess
    ("楼下的燃气管道没有漏气，燃气公司已经检测过了", "safety_hazard"),            # denied outright
    ("梦里有人拿刀追我，醒来一身冷汗", "threat"),                                  # a dream
    ("追的剧里女主被家暴了，编剧太狠了", "minor_domestic"),                        # a show
    ("女儿跟我闹脾气，把自己关在房间里不出来，晚饭都没吃", "minor_domestic"),      # shut in by herself
    ("警察说那个跳河的人已经被救上来了，送医院了，没有生命危险", "self_harm"),    # rescued, out of danger
    ("包工头欠我三千块工钱，我天天去他家门口要，今天他终于给了", "threat"),        # paid at last
])
def test_frames_denials_and_settlements_of_my_own(det: RiskDetector, text: str, kind: str) -> None:
    assert kind not in flags(det, text), flags(det, text)


def test_awake_after_a_dream_is_real(det: RiskDetector) -> None:
    assert "threat" in flags(det, "梦里有人拿刀追我，醒来发现他真的拿着刀站在床边")


@pytest.mark.parametrize(("text", "kind"), [  # written for this test: harm told by a trace or a way out
    ("网上查了好几天，哪种方式走得不那么难受", "self_harm"),                          # a painless way sought
    ("我表姐脸上又青了一块，她说是自己撞的，可这是这个月第三次了", "minor_domestic"),  # injuries explained away
    ("我妈被我后爸推下楼梯，腿摔断了，她不让我报警", "minor_domestic"),                # pushed down the stairs
    ("隔壁的小孩冬天还穿着单衣在楼道里坐着，说爸妈不让进门", "minor_domestic"),        # shut out by the parents
])
def test_harm_told_by_a_trace_or_a_way_out(det: RiskDetector, text: str, kind: str) -> None:
    assert kind in flags(det, text), flags(det, text)


@pytest.mark.parametrize(("text", "kind"), [  # written for this test: the same words, harmless
    ("打针的时候用哪种方式不那么疼", "self_harm"),
    ("我妈被我后爸推下楼梯，腿摔断了，她不让我报警", "safety_hazard"),   # a broken leg is no broken stair
])
def test_the_same_trace_words_harmless(det: RiskDetector, text: str, kind: str) -> None:
    assert kind not in flags(det, text), flags(det, text)


@pytest.mark.parametrize(("text", "kind"), [  # written for this test: threats, crowds and emergencies
    ("他说我要是敢离婚，就抱着孩子一起从楼上跳下去", "threat"),              # taking a child along
    ("食堂吃完午饭，十几个工人上吐下泻，有两个站都站不稳", "medical"),      # many sick after one meal
    ("老人在家摔了一跤，腿摔断了，一直喊疼，起不来", "medical"),            # a broken bone, pain, no way up
    ("工地几十个人说好了，过年前再不结清工钱，就一起去住建局门口坐着", "mass_incident"),  # a deadline before the new year
])
def test_threats_crowds_and_emergencies_of_my_own(det: RiskDetector, text: str, kind: str) -> None:
    assert kind in flags(det, text), flags(det, text)


def test_a_crowd_that_grows_is_possible_and_a_healed_break_nothing(det: RiskDetector) -> None:
    assert flags(det, "好多老人在广场上越聚越多，跳舞的人越来越多")["mass_incident"]["possible"]
    assert "medical" not in flags(det, "我爸滑雪摔断了腿，现在在医院打了石膏，恢复得不错")
    assert "threat" not in flags(det, "咱俩一起去跳广场舞吧")


@pytest.mark.parametrize("text", [  # written for this test: research, exams, shows, slang, a child's bad day
    "我想申请研究经费，课题是城市燃气泄漏的应急响应",
    "期末考题里有一道：发现有人触电第一步怎么做",
    "景区的喷火表演火光冲天，孩子看呆了",
    "看到房租涨价，我当场晕倒（不是）",
    "熬夜赶稿我要原地爆炸了",
    "女儿月考没考好，哭了一晚上，今天又跟没事人一样",
    "元旦跨年夜广场上聚了好几千人一起倒计时",
    "超市鸡蛋打折，一群老人冲进去抢",
    "装修公司跑路了，我一定要让他们付出代价——去12315投诉",
])
def test_research_exams_shows_slang_and_a_bad_day(det: RiskDetector, text: str) -> None:
    assert det.detect(text) == [], det.detect(text)


def test_nobody_hit_is_no_settlement_of_a_falling_slab(det: RiskDetector) -> None:
    assert "safety_hazard" in flags(det, "阳台上掉下一大块水泥，把车砸了，幸好没砸着人")


@pytest.mark.parametrize(("text", "kind"), [  # written for this test: more ways 轻生 and harm at home are told
    ("昨晚在楼顶边上站了很久，差一点就下去了", "self_harm"),                  # the step almost taken
    ("医院每次只给开几片安眠药，根本不够，哪里能多买点", "self_harm"),        # pills sought in quantity
    ("绳子已经准备好了，爸妈别怪我", "self_harm"),                            # a means ready, a farewell
    ("今晚一个人去河边走走，不打算回来了", "self_harm"),                      # not coming back from the water
    ("wo bu xiang huo le", "self_harm"),                                      # pinyin
    ('他又"教育"我了，眼睛都青了', "minor_domestic"),                         # a euphemism and an injury
    ("村里有户人家拿铁链子把他们家傻儿子拴在院子里", "minor_domestic"),       # chained at home
    ("隔壁两口子又吵架，女的喊救命，后来就没动静了", "minor_domestic"),       # a cry for help, then silence
    ("对门瘫在床上的老奶奶，儿子出去打工，好几天没人送饭了", "minor_domestic"),  # an old person unfed
    ("隔壁家的孩子，今天又听见在打了", "minor_domestic"),                     # a beating heard again
    ("表姐被家爆好几年了", "minor_domestic"),                                 # a slip of the input method
    ("烟雾报警器一直在响，屋里全是烟", "safety_hazard"),                     # an alarm sounding
    ("警戒线拉了，可外墙还在往下掉砖", "safety_hazard"),                      # danger told after the cordon
    ("我说的不是气话，明天就从楼顶跳下去", "self_harm"),                      # words denied to be words
    ("医生给的安眠药不够，想多备一些，哪里能多买点", "self_harm"),          # pills sought beyond a prescription
    ("楼顶的门今晚开着吗？我想一个人上去待一会儿", "self_harm"),              # a roof door tried, to be alone
    ("要是我从这个世界消失，是不是什么问题都解决了", "self_harm"),            # a question is no settlement
    ("我爸胸口疼，含了救心丸也不管用", "medical"),                            # a rescue drug that does not help
    ("我爷爷在公园下棋突然倒下了，现在叫不醒", "medical"),                    # chess is no fiction for a body
    ("等你们回复的时候，我应该已经不在了", "self_harm"),                       # one's own absence foretold
    ("保险受益人改好了，该交代的都交代了", "self_harm"),                       # affairs settled with a farewell
    ("我不会放过他的，他住哪我都知道，打官司有什么用", "threat"),               # a lawful way dismissed
    ("他扬言要砍死我，我已经去派出所报案了", "threat"),                         # a victim reports: no lawful way
    ("你们看到这条的时候，明天我就看不到了", "self_harm"),                      # no tomorrow for oneself
    ("药也买好了，今晚一个人过，谁都别劝我", "self_harm"),                      # a means bought, alone
    ("宿舍窗户正对着操场，最近老站那往下看，觉得挺近的", "self_harm"),        # a height watched
    ("怎么才能走得体面一点，不给家里添麻烦", "self_harm"),                    # a seemly going sought
    ("她桌上一堆空药瓶，叫她也不应", "self_harm"),                            # pills emptied, no answer
    ("要是我后天还没上线，帮我报个警", "self_harm"),                          # a charge left in case
    ("谢谢你们听我说了这么多，我已经想好了", "self_harm"),                    # thanks and a decision
    ("娃他爸不要我们了，干脆娘俩一起……", "minor_domestic"),                   # a mother taking her child
    ("对门那家又听见了，孩子一直哭一直喊", "minor_domestic"),                  # heard again, a follow-up
    ("他又在打他老婆，邻居都不敢去", "minor_domestic"),                        # a man beating his wife
    ("老两口的儿子把门锁换了，不让老人进门", "minor_domestic"),                # an old parent locked out
    ("爷爷摔在厕所里了，我一个人扶不起来他", "medical"),                      # down and not lifted
    ("工友从脚手架上摔下来，腿断了，这里没信号", "medical"),                  # a break out of reach of help
    ("手上的口子一直往外冒血，按不住", "medical"),                             # bleeding that will not stop
    ("同事吃了两口虾，喉咙发紧，喘不上来", "medical"),                        # a throat closing
    ("我们单元好几户都头晕恶心，水箱的水发苦", "medical"),                    # a group sick from one water
    ("厨房的燃气报警器一直在响，滴滴滴的", "safety_hazard"),                  # a gas alarm sounding
    ("摩天轮卡在半空了，我们一家在最上面", "safety_hazard"),                  # a ride stopped in the air
    ("地铁口上面挂着一排冰锥，行人都从底下走", "safety_hazard"),               # ice over a path
    ("这个仇我记着，早晚让他拿血还", "threat"),                                # a debt in blood
    ("老婆跟我吵，后排乘客还来抢方向盘", "threat"),                            # a driver attacked
    ("他把我家住址查到了，说今晚见", "threat"),                                # a home found
    ("照片里他拿着刀，说今晚来找我", "threat"),                                # a photo's content is no film
    ("我不是开玩笑，是真的想死了", "self_harm"),                               # 不是 denies the joke, not the cry
    ("一群出租车司机在客运站门口聚着，几十辆车把路堵了", "mass_incident"),
    ("村民把施工队的车堵在村口不让走", "mass_incident"),
    ("屋里生着炉子，一家人头疼恶心，是不是中煤气了", "medical"),
])
def test_more_ways_of_telling_of_my_own(det: RiskDetector, text: str, kind: str) -> None:
    assert kind in flags(det, text), flags(det, text)


@pytest.mark.parametrize(("text", "kind"), [  # written for this test: the same words, harmless
    ("出国读书不打算回来了，在那边找工作", "self_harm"),
    ("看到一只小狗被铁链拴在院子里，好可怜", "minor_domestic"),
    ("下象棋被对面杀得片甲不留", "threat"),                                    # a game's killing
    ("我爷爷已经不在了，他名下的存款怎么取出来", "self_harm"),                 # another's absence
    ("房子过户给儿子了，工作上该交代的都交代了，下个月就退休", "self_harm"),    # a handover
    ("你们等着，我明天就去12315投诉你们这个破店", "threat"),                   # a menace, then the lawful way
    ("这家黑心装修公司我饶不了它，下周就去法院起诉", "threat"),
    ("老板欠我工资不给，我不会放过他的，已经申请劳动仲裁了", "threat"),
    ("辅导孩子写作业，真是要了我的命", "threat"),                              # one's own suffering as a figure
    ("加班到十二点，老板简直要杀了我", "threat"),
    ("我们球队明天要血洗对面，大家加油", "threat"),                            # sport
    ("新开的商场人气爆炸，停车位都找不到", "threat"),                          # slang
    ("我爸走得很安详，想问丧葬补贴怎么领", "self_harm"),
    ("放假了，我们娘俩一起回老家过年", "minor_domestic"),
    ("这小狗谁要就领走吧，我搬家带不了", "minor_domestic"),
    ("脑子里就剩一个念头：赶紧下班回家睡觉", "self_harm"),
    ("家里的空药盒和过期药怎么处理，社区有回收点吗", "self_harm"),
    ("轮胎扎破了，路上全是钉子", "threat"),
    ("屋檐上的冰溜子真好看，拍了好多照片", "safety_hazard"),
    ("燃气报警器装在哪个位置最好？", "safety_hazard"),
    ("燃气报警器一直响，后来发现是电池没电了", "safety_hazard"),
    ("楼道的电线上个月冒火花，供电公司已更换线路，对处理结果满意", "safety_hazard"),
    ("邻居说他拿刀是误会，人家在院子里劈柴，看错了", "threat"),
    ("姥姥在家摔了一跤，拍了片子，没骨折", "medical"),
    ("我被这道物理题绕晕了", "medical"),
    ("弟弟抢我手机，我俩打了一架，被我妈骂了", "minor_domestic"),
    ("《狂飙》里那段拿刀的戏拍得真好", "threat"),
    ("王者里我方打野冲上去跟对面同归于尽", "threat"),
    ("两个卖菜的斗得你死我活，便宜了我们", "threat"),
    ("外墙保温层脱落属于维修基金的使用范围吗", "safety_hazard"),
    ("单位组织学急救，学了心肺复苏", "medical"),
    ("家庭暴力怎么取证？我在写一篇普法文章", "minor_domestic"),
    ("那个讨薪的工地，工人都领到钱回家了", "mass_incident"),
    ("奶店快撑不下去了，房租又涨", "self_harm"),
    ("猫误吃了老鼠药，在宠物医院洗胃", "self_harm"),
    ("不是燃气味，是下水道返味", "safety_hazard"),
    ("我上楼顶不是要跳楼，是去看漏水的地方", "self_harm"),
    ("早高峰车把路堵了，半小时没动", "mass_incident"),
    ("老板拖着工资不给，我跟他耗到底，大不了打官司", "threat"),             # a lawful way the model must see
    ("你们不给答复，我就天天打12345，打到有人管为止", "threat"),              # persistence
    ("今天见不到领导我就坐这不走了", "threat"),                              # a sit-in
    ("想给老人装个燃气报警器，推荐一款", "safety_hazard"),                    # a detector wanted
    ("楼顶广告牌松了，下面已经拉了警戒线", "safety_hazard"),                  # a cordon is handling it
    ("上午抽完血有点晕，坐了一会儿，现在没事", "medical"),
    ("不是真的想死，就是说说气话，工资的事帮忙问问", "self_harm"),
    ("离婚时跟前夫抢孩子抚养权，法院判给他了，我要上诉", "minor_domestic"),   # custody at court
    ("医生开的安眠药一次能开几盒？医保能报吗", "self_harm"),
    ("天台的门能打开吗？想上去晒被子", "self_harm"),
    ("这个胰岛素没效果，医生让换一种", "medical"),
])
def test_more_ways_harmless(det: RiskDetector, text: str, kind: str) -> None:
    raised = flags(det, text)
    if text in MODEL_DOUBTED_HARMLESS:  # the patterns read the denial; the model's 疑似 guess only
        assert no_pattern(raised, kind), raised
    else:
        assert kind not in raised, raised


# the model that learnt outside14 (2026-12-02 night) reads these as 疑似 (0.55-0.65) though no pattern
# stands: 还不退款…我就 its if-then (不是要跳楼, read as 疑似 at first, is quiet since a denied intent quiets the model)
MODEL_DOUBTED_HARMLESS = frozenset({"要是还不退款，我就再去一次消协"})


@pytest.mark.parametrize(("text", "kind"), [  # written for the tests above: harmless, near a kind's words
    ("闺女班上的同学都很友好，老师也负责，孩子天天开心", "minor_domestic"),
    ("孩子膝盖青了一块，说是自己摔的，踢球的时候", "minor_domestic"),
    ("小区门口不让进门，外卖只能放门口，孩子放学得等", "minor_domestic"),
    ("站在观景台上往下看，整个城市都在脚下", "self_harm"),
    ("快递员查到我家地址送错了，照片发来是别人家门口", "threat"),
])
def test_a_model_guess_on_harmless_words_is_never_certain(det: RiskDetector, text: str, kind: str) -> None:
    # The model trained on every development set (8,800 messages) reads 孩子 + 的时候, a height and a
    # home found as signs, and guesses these at 0.6-0.8: raised, they are 疑似 for a person to read,
    # never certain. Its bars were not raised for them: held out one set at a time, a harm-at-home
    # content bar of 0.3 kept three of these quiet and lost 1.2 points of harm-at-home recall
    # (bench/risk_loso.py), the weakest kind on unseen text.
    assert no_pattern(flags(det, text), kind)


# written for these tests, never trained on (test_held_out_sentences_are_in_no_training_set)
ROUTINE_COMPLAINTS = [  # a nuisance told with a hazard's words (味, 烟, 漏, 电, 水): nothing to raise
    "小区东门的垃圾桶溢出来了，一整天没人倒，气味很重",
    "隔壁烧烤店的烟一到晚上就往我家阳台灌",
    "楼上刚装修完，油漆味道到现在都没散",
    "公园的厕所臭得没法进",
    "有人在楼下空地烧落叶，烟味很大，不是着火",
    "工地凌晨还在打混凝土，吵得孩子睡不着",
    "我们这条街路灯灭了一排，晚上走路看不清",
    "老板欠我一个月工资，说下个月发，我想问问能不能先给一半",
    "单元门口停满了电动车，出入都困难",
    "电梯停运三天了，物业说零件在路上",
]
ULTIMATUMS = [  # 再不…我就 + asking again, complaining or giving up: no blow, no threat
    "要是明天还不回复，我就再打一次12345",       # 打 as dialling: calling again is no blow
    "再不给退押金，我就再打一次市长热线",
    "要是还不退款，我就再去一次消协",
    "再不给答复，我就再写一封信",
]


@pytest.mark.parametrize("text", ROUTINE_COMPLAINTS)
def test_a_routine_complaint_raises_nothing(det: RiskDetector, text: str) -> None:
    # The model trained without everyday nuisances read 味道 + 很大 + 楼下 as a gas smell and raised
    # such complaints as 疑似安全隐患 (an urgent alert); routine.jsonl taught it otherwise.
    assert det.detect(text) == []


def test_a_farm_smell_is_at_most_the_models_doubt(det: RiskDetector) -> None:
    # written for this test. Learning eval8 and eval9 (2026-12-02 night) took the model's smell of a
    # poisoned well or a chemical works to a farm's smell (疑似, 70 %); no pattern fires, never certain
    raised = det.detect("村东头养猪的味道太大了，风一吹全村都闻得到")
    assert all(r["possible"] and r["evidence"][0].startswith("模型") for r in raised)


@pytest.mark.parametrize(("text", "kind"), [  # written for this test: the same words, a danger
    ("楼下垃圾堆着火了，烟越来越大，旁边就是电动车棚", "safety_hazard"),
    ("楼道里一股煤气味，越来越浓，敲门也没人应", "safety_hazard"),
    ("楼上漏水漏到我家电表箱里了，一直在冒火花", "safety_hazard"),
])
def test_the_same_words_in_a_danger_still_raise(det: RiskDetector, text: str, kind: str) -> None:
    assert kind in flags(det, text), flags(det, text)


@pytest.mark.parametrize("text", ULTIMATUMS)
def test_an_ultimatum_to_ask_again_is_no_threat(det: RiskDetector, text: str) -> None:
    raised = flags(det, text)
    if text in MODEL_DOUBTED_HARMLESS:
        assert "threat" not in raised or (raised["threat"]["possible"]
                                          and raised["threat"]["evidence"][0].startswith("模型"))
    else:
        assert "threat" not in raised, raised


@pytest.mark.parametrize("text", [  # written for this test: the same if-then, a harm
    "再不给退押金，我就拿刀去你们店里",
    "要是还不给钱，我就一把火把你们公司点了",
])
def test_an_ultimatum_of_harm_is_still_a_threat(det: RiskDetector, text: str) -> None:
    assert "threat" in flags(det, text), flags(det, text)


def test_held_out_sentences_are_in_no_training_set() -> None:
    # the sentences above test what the model learned from the phenomenon, so none may be trained on
    from monitor.classify.risk_train import FIXTURES, all_sources
    trained = {json.loads(line)["text"] for name in all_sources()
               for line in (FIXTURES / name).read_text(encoding="utf-8").splitlines() if line.strip()}
    assert not trained & set(ROUTINE_COMPLAINTS + ULTIMATUMS)


def test_a_game_keeps_its_killing_but_not_a_collapse(det: RiskDetector) -> None:
    assert "medical" in flags(det, "我儿子打王者的时候突然晕倒了，叫不醒")
    assert "self_harm" in flags(det, "王者又输了，真的不想活了，药已经攒够了")


# ------------------------------------------------------------------ the model's second opinion

def _with_doubt(tmp_path: Path, doubt: str, single: str = "{}") -> RiskDetector:
    (tmp_path / "risk_model.json").write_text((ROOT / "config" / "risk_model.json").read_text(encoding="utf-8"),
                                              encoding="utf-8")
    text = _bad(tmp_path, "\ndoubt = 0.1\n", f"\ndoubt = {doubt}\n").read_text(encoding="utf-8")
    shipped = "doubt_single = { safety_hazard = 0.3 }"
    assert shipped in text
    (tmp_path / "risk.toml").write_text(text.replace(shipped, f"doubt_single = {single}"), encoding="utf-8")
    return RiskDetector(load_risk(tmp_path / "risk.toml"))


def test_a_pattern_hit_the_model_doubts_is_possible_never_dropped(tmp_path: Path) -> None:
    # written for this test: a certain pattern hit; with a bar above any score the model gives it,
    # it is shown as 疑似 with the model's figure, and still raised (recall first)
    text = "楼道里一股很浓的煤气味，邻居家敲门没人应"
    never = _with_doubt(tmp_path, "0.0")
    assert not flags(never, text)["safety_hazard"]["possible"]
    always = _with_doubt(tmp_path, "0.99999")
    hit = flags(always, text)["safety_hazard"]
    assert hit["possible"] and hit["label"] == "疑似安全隐患"
    assert hit["evidence"][-1].startswith("模型") and hit["evidence"][-1].endswith("%")
    assert "煤气味" in "".join(hit["evidence"])


def test_a_lone_cue_asks_its_kinds_higher_bar_a_danger_told_twice_does_not(tmp_path: Path) -> None:
    # written for this test: a hazard resting on one piece of evidence (煤气味) meets `doubt_single`,
    # one told by several (起火, 烟, 电动车在楼道) meets only `doubt`; neither is dropped
    lone, told = "楼道里一股很浓的煤气味，邻居家敲门没人应", "电动车在楼道里充电起火了，烟特别大，有人被困在楼上"
    plain = _with_doubt(tmp_path, "0.1")
    assert not flags(plain, lone)["safety_hazard"]["possible"]
    strict = _with_doubt(tmp_path, "0.1", "{ safety_hazard = 0.99999 }")
    hit = flags(strict, lone)["safety_hazard"]
    assert hit["possible"] and hit["label"] == "疑似安全隐患"
    assert hit["evidence"][0] == "煤气味" and hit["evidence"][-1].startswith("模型")
    assert len(flags(strict, told)["safety_hazard"]["evidence"]) > 1
    assert not flags(strict, told)["safety_hazard"]["possible"]
    # a bar for one kind leaves the others' lone cues as they were
    assert not flags(strict, "攒了两个月的安眠药，今晚全吃了，谁也别找我")["self_harm"]["possible"]


def test_the_shipped_doubt_asks_more_of_a_routine_lone_hazard(det: RiskDetector) -> None:
    # written for this test: minor road damage told by one cue is raised for a person, not for certain (the
    # model that learnt eval12-eval16 reads it at 25 %, below the lone-cue bar of 0.3; 19 % before, below 0.2)
    hit = flags(det, "小区门口的井盖有点下沉，开车过去颠一下")["safety_hazard"]
    assert hit["label"] == "疑似安全隐患" and hit["evidence"][-1].startswith("模型")


def test_the_shipped_doubt_leaves_plain_dangers_certain(det: RiskDetector) -> None:
    # written for this test: dangers told plainly read like their kind to the model too
    for text, kind in [("楼道里一股很浓的煤气味，邻居家敲门没人应", "safety_hazard"),
                       ("我爸喝多了又拿皮带抽我弟，弟弟身上全是血印子", "minor_domestic"),
                       ("攒了两个月的安眠药，今晚全吃了，谁也别找我", "self_harm"),
                       ("几百个工人把项目部大门堵了，要不到工钱不走", "mass_incident")]:
        assert not flags(det, text)[kind]["possible"], text


def test_held_out_sets_are_never_learnt_and_never_printed_by_the_development_tools() -> None:
    """eval32 and eval33 are retired, but their texts stay unread so that their totals check a rule or a retrain on
    text nobody tuned to: the model must not learn them, and bench/risk_dev.py refuses to list their texts. eval27,
    held out before eval29, is read in full since the fourth session of 2026-12-05, eval28, held out before eval30,
    since its fifth, eval29, held out before eval31, since its sixth, eval30, held out before eval32, since its
    seventh, and eval31, held out before eval33, since its eighth."""
    import subprocess
    import sys

    from monitor.classify.risk_train import NOT_TRAINED
    from monitor.classify.training import HELD_OUT, is_held_out, is_unseen
    assert is_held_out("eval32.jsonl") and is_held_out("eval33.jsonl")
    assert not any(is_held_out(f"eval{n}.jsonl") for n in (27, 28, 29, 30, 31))
    assert HELD_OUT <= NOT_TRAINED and not any(is_unseen(n) for n in HELD_OUT)
    root = Path(__file__).resolve().parents[1]
    out = subprocess.run([sys.executable, str(root / "bench" / "risk_dev.py"), "--set",
                          str(root / "tests" / "fixtures" / "risk" / "eval33.jsonl"), "--show"],
                         capture_output=True, text=True, timeout=120)
    assert out.returncode != 0 and "held-out set" in out.stderr and "eval33.jsonl" in out.stderr
    assert "recall" not in out.stdout


def test_retired_sets_are_read_and_validation_and_blind_sets_are_not() -> None:
    """eval8 and eval9 (and classification's blind6) were retired to development (2026-12-02 night),
    eval10, eval11 and blind7 in the second session of 2026-12-03, eval12 in its third, eval13 in its
    fourth, eval14 in its fifth, eval15 in its sixth, eval16 in the late session, eval17 on 2026-12-04,
    eval18 in its second session, eval19 in its third, eval20 in its fourth, eval21 in its fifth, eval22 in its sixth, eval23 in its
    seventh, eval24 in its eighth, eval25 in its ninth, eval26 on 2026-12-05, eval27 in its second session, eval28 in its third, eval29 in its
    fourth, eval30 in its fifth, eval31 in its sixth, eval32 in its seventh, eval33 in its eighth; eval3…eval7 and
    blind2…blind5 validate, eval34 and blind8 on are blind.
    eval17 and ordinary5 (written for development on 2026-12-04) are learnt since that session's gated
    retrain; eval18-eval21 and ordinary6-ordinary8 (written for development in its second to fourth
    sessions) since its fifth session's; ordinary9 (written for development in the fifth), eval22 and ordinary10
    (retired and written in the sixth) and eval23 (retired in the seventh) since its seventh session's; eval24 and
    eval25 (retired in its eighth and ninth) since its ninth session's, the first to read no names; eval26, eval27, eval28,
    eval29, eval30, eval31, eval32 and eval33 wait in NOT_TRAINED, so that `unlike`'s guard test reads dangers the model never learnt."""
    from monitor.classify.risk_train import NOT_TRAINED, all_sources
    from monitor.classify.training import is_unseen
    retired = ("eval", "eval2", "eval8", "eval9", "eval10", "eval11", "eval12", "eval13", "eval14", "eval15",
               "eval16", "eval17", "eval18", "eval19", "eval20", "eval21", "eval22", "eval23", "eval24", "eval25", "eval26",
               "eval27", "eval28", "eval29", "eval30", "eval31", "eval32", "eval33", "blind",
               "blind6",
               "blind7")
    assert not any(is_unseen(f"{n}.jsonl") for n in retired)
    assert all(is_unseen(f"{n}.jsonl") for n in ("eval3", "eval7",
                                                   "eval34", "eval35", "eval36", "eval37", "eval38", "eval39", "eval100", "blind2", "blind5", "blind8",
                                                   "blind9", "blind10", "blind11"))
    # retired, read, and learnt once a retrain with them passed the gate (eval12-eval16: the late session
    # of 2026-12-03; eval17 and ordinary5: the session of 2026-12-04); a set retired later waits in
    # NOT_TRAINED until then
    assert {"eval12.jsonl", "eval13.jsonl", "eval14.jsonl", "eval15.jsonl", "eval16.jsonl", "eval17.jsonl",
            "ordinary5.jsonl"} <= set(all_sources())
    assert {"eval18.jsonl", "eval19.jsonl", "eval20.jsonl", "eval21.jsonl", "ordinary6.jsonl", "ordinary7.jsonl",
            "ordinary8.jsonl"} <= set(all_sources())  # learnt in the fifth session of 2026-12-04
    assert {"ordinary9.jsonl", "eval22.jsonl", "ordinary10.jsonl", "eval23.jsonl"} <= set(all_sources())  # learnt in
    # the seventh session of 2026-12-04; eval24 and eval25, retired in its eighth and ninth, in its ninth
    assert {"eval24.jsonl", "eval25.jsonl"} <= set(all_sources())
    # eval26, retired on 2026-12-05, read by `unlike`'s guard test; ordinary11-ordinary13, written for development that
    # day, eval27 to eval33, retired in its second to eighth sessions, wait until a retrain with them is gated
    assert NOT_TRAINED == frozenset({"eval26.jsonl", "eval27.jsonl", "eval28.jsonl", "eval29.jsonl", "eval30.jsonl",
                                     "eval31.jsonl", "eval32.jsonl", "eval33.jsonl", "ordinary11.jsonl",
                                     "ordinary12.jsonl", "ordinary13.jsonl", "ordinary14.jsonl",  # ordinary14: written in its second
                                     "outside15.jsonl"})  # outside15: written for development in its seventh
    assert not NOT_TRAINED & set(all_sources())
    assert not any(is_unseen(n) for n in all_sources())


def test_a_complaint_split_by_its_particle_is_no_vomiting(det: RiskDetector) -> None:
    """吐槽 split by 了 or 个, as a verb and its object are (都吐了槽, 吐了个槽): a complaint, and no pattern reads its 吐了
    as vomiting; a class vomiting after a meal still is one (fifth session of 2026-12-05, the lead's own probes)."""
    assert no_pattern(flags(det, "食堂今天的菜太难吃了，好多学生都吐了槽"), "medical")
    assert "medical" not in flags(det, "大家在群里吐了个槽，物业第二天就来修了")
    raised = flags(det, "吃完午饭全班都吐了，有的还发烧")
    assert "medical" in raised and not raised["medical"]["possible"]
