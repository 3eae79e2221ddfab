"""The learned domain model: training, its fast scorer, files, corrections, and the CLI around it."""

from __future__ import annotations

import csv
import json
from pathlib import Path

import jieba
import numpy as np
import pytest
from typer.testing import CliRunner

from monitor.classify import Classifier, LearnedModel
from monitor.classify.model import CHARS, WEIGHTS, char_features, head_features, word_features
from monitor.classify.settings import load_classify, load_gazetteer
from monitor.classify.training import (
    DataError,
    iter_texts,
    read_labelled,
)
from monitor.cli import _register_all, app
from monitor.core.config import Config

ROOT = Path(__file__).resolve().parents[1]
_register_all()
runner = CliRunner()

# Hand-written, in the style of a 问政 board (no shared data copied): three labels, 12 each.
FIXTURE = {
    "交通运输": ["公交车班次太少等了一个小时", "路口红绿灯时间太短行人过不去", "出租车拒载还乱收费",
             "这条路坑洼不平车辆颠簸", "希望增开到火车站的公交线路", "高速收费站排队太长",
             "驾驶证换证流程太复杂", "公交站牌信息错误", "道路施工没有绕行提示牌",
             "网约车司机绕路多收费", "公交车司机开车太猛", "路口拥堵希望增加交警疏导"],
    "环境保护": ["化工厂晚上偷排废气刺鼻", "河道里漂满垃圾发出臭味", "小区旁边工厂噪音扰民",
             "烧烤店油烟直排熏得开不了窗", "工地扬尘太大满天灰", "污水直接排进河里",
             "垃圾站臭味熏人蚊蝇多", "夜间施工噪声影响睡觉", "焚烧秸秆浓烟滚滚",
             "湖里死鱼很多水体发黑", "养殖场粪便污染水源", "企业排放黑烟污染空气"],
    "教育文体": ["孩子入学划片不合理", "学校强制补课收费", "幼儿园收费太高",
             "老师体罚学生", "中学食堂饭菜质量差", "培训机构卷钱跑路学费不退",
             "校车超载很危险", "小学放学太早家长接不了", "体育馆对外开放时间太短",
             "图书馆座位不够", "学位不够孩子上不了学", "班主任要求家长批改作业"],
}


def write_fixture(path: Path) -> Path:
    with path.open("w", encoding="utf-8", newline="") as fh:
        w = csv.writer(fh)
        w.writerow(["id", "message", "category"])
        n = 0
        for label, texts in FIXTURE.items():
            for t in texts:
                n += 1
                w.writerow([f"f{n}", t, label])
        w.writerow(["f-empty", "", "交通运输"])  # reported, not fatal
    return path


@pytest.fixture(scope="module")
def clf() -> Classifier:
    return Classifier(load_classify(ROOT / "config" / "classify.toml"),
                      load_gazetteer(ROOT / "config" / "regions.toml"))


def test_fast_scorer_equals_scikit_learn(clf: Classifier) -> None:
    from scipy.sparse import hstack
    from sklearn.feature_extraction.text import TfidfVectorizer
    from sklearn.svm import LinearSVC

    texts = [t for ts in FIXTURE.values() for t in ts]
    labels = [lab for lab, ts in FIXTURE.items() for _ in ts]
    docs = [(jieba.lcut(t), t) for t in texts]
    model = LearnedModel.fit(docs, labels)
    vecs = [TfidfVectorizer(analyzer=f, sublinear_tf=True, min_df=1)
            for f in (word_features, char_features, head_features)]
    x = hstack([v.fit_transform(docs) * w for v, w in zip(vecs, WEIGHTS.values(), strict=True)]).tocsr()
    ref = LinearSVC(C=1.0, class_weight="balanced", random_state=0).fit(x, labels)
    # the last probe is longer than the chars block reads (model.CHARS): both must stop at the same place
    probe = ["兴庆区公交车太挤了", "河里有人偷排污水", "学校乱收费", "完全无关的句子xyz",
             "小区门口的路" * 40 + "学校乱收费" * 60]
    pdocs = [(clf.classify(p).tokens, p) for p in probe]
    xp = hstack([v.transform(pdocs) * w for v, w in zip(vecs, WEIGHTS.values(), strict=True)]).tocsr()
    expected = ref.decision_function(xp)
    got = np.vstack([model.scores(*d) for d in pdocs])
    assert np.allclose(got, expected, atol=1e-9)
    assert [model.predict(*d)[0] for d in pdocs[:3]] == ["交通运输", "环境保护", "教育文体"]
    # a model saved before the limit existed has no chars_limit in its state: it reads whole texts
    old = LearnedModel.__new__(LearnedModel)
    old.__dict__.update({k: v for k, v in model.__getstate__().items() if k != "chars_limit"})
    assert model.chars_limit == CHARS and old.chars_limit is None


def test_read_labelled_reports_missing_columns_and_empty_rows(tmp_path: Path) -> None:
    f = write_fixture(tmp_path / "m.csv")
    with pytest.raises(DataError, match=r"m\.csv: no column 'text', 'label' \(columns: id, message, category\); use --text-column"):
        read_labelled(f)
    got = read_labelled(f, text_column="message", label_column="category")
    assert len(got.examples) == 36 and got.skipped == [f"{f}:38: empty text"]
    with pytest.raises(DataError, match="file not found"):
        read_labelled(tmp_path / "nope.csv")


def test_iter_texts_keeps_order_and_reports_bad_lines(tmp_path: Path) -> None:
    j = tmp_path / "in.jsonl"
    j.write_text('{"text": "一"}\nnot json\n{"id": 3}\n\n{"text": "四"}\n', encoding="utf-8")
    assert [(n, t, e is not None) for n, t, e in iter_texts(j)] == [
        (1, "一", False), (2, None, True), (3, None, True), (5, "四", False)]
    p = tmp_path / "in.txt"
    p.write_text("第一条\n\n第二条\n", encoding="utf-8")
    assert [t for _, t, _ in iter_texts(p)] == ["第一条", "第二条"]


def test_model_file_errors_are_clear(tmp_path: Path) -> None:
    bad = tmp_path / "model.pkl"
    bad.write_bytes(b"not a pickle")
    with pytest.raises(ValueError, match=r"model\.pkl: not a wenzheng model file"):
        LearnedModel.load(bad)
    with pytest.raises(ValueError, match="model file not found"):
        LearnedModel.load(tmp_path / "missing.pkl")


def test_cli_train_then_classify_file_roundtrip(tmp_path: Path, config_dir: Path) -> None:
    cfg = config_dir / "wenzheng.toml"
    data = write_fixture(tmp_path / "labelled.csv")
    model = tmp_path / "out" / "model.pkl"
    r = runner.invoke(app, ["train", str(data), "--text-column", "message", "--label-column", "category",
                            "--no-seed", "--out", str(model), "-c", str(cfg)])
    assert r.exit_code == 0, r.output
    assert "trained on 36 messages" in r.stdout and model.is_file()
    meta = LearnedModel.load(model).meta
    assert meta["labels"] == sorted(["交通", "环境保护", "教育"]) and meta["n"] == 36 and meta["trained_at"].endswith("+00:00")

    inp = tmp_path / "todo.csv"
    with inp.open("w", encoding="utf-8", newline="") as fh:
        w = csv.writer(fh)
        w.writerow(["id", "text"])
        for i, t in enumerate(["银川公交车太挤，班次太少", "工厂偷排污水河里发臭", "", "学校强制补课还收费"]):
            w.writerow([i, t])
    r = runner.invoke(app, ["classify", "--file", str(inp), "--model", str(model), "--json", "-c", str(cfg)])
    assert r.exit_code == 0, r.output
    rows = [json.loads(line) for line in r.stdout.splitlines()]
    assert [x.get("domain") for x in rows] == ["交通", "环境保护", None, "教育"]  # the office's names
    assert rows[2] == {"line": 4, "error": "empty text"} and "skipped: empty text" in r.stderr
    assert rows[0]["evidence"]["domain"]["by"] in ("model", "model+rules")
    assert rows[0]["route"]["lead"] == "city-bus"  # 交通运输 → 交通 at training, rules' sub-topic 公交

    # without --model: the rules decide, and the config's default model path does not exist here
    r = runner.invoke(app, ["classify", "--json", "银川公交车太挤，班次太少", "-c", str(cfg)])
    assert r.exit_code == 0 and json.loads(r.stdout)["domain"] == "交通"


def test_cli_classify_json_keys_and_errors(config_dir: Path) -> None:
    cfg = config_dir / "wenzheng.toml"
    r = runner.invoke(app, ["classify", "--json", "兴庆区文化街小区广场舞噪音扰民，能不能小声点？", "-c", str(cfg)])
    assert r.exit_code == 0, r.output
    d = json.loads(r.stdout)
    assert list(d) == ["type", "type_label", "domain", "subtopic", "region", "street", "risk", "keywords",
                       "evidence", "route"]
    assert d["route"] == {"lead": "xingqing-wenhuajie", "co": [], "rule": "噪音、油烟、垃圾等扰民：属地街道"}
    assert (d["type"], d["domain"], d["subtopic"], d["region"], d["street"]) == (
        "complaint", "环境保护", "噪音", "兴庆区", "文化街街道")
    human = runner.invoke(app, ["classify", "兴庆区文化街小区广场舞噪音扰民", "-c", str(cfg)])
    assert human.exit_code == 0 and "兴庆区文化街街道" in human.stdout and "xingqing" not in human.stdout
    r = runner.invoke(app, ["classify", "-c", str(cfg)])
    assert r.exit_code == 1 and "give either TEXT or --file" in r.stderr
    r = runner.invoke(app, ["classify", "x", "--model", str(config_dir / "none.pkl"), "-c", str(cfg)])
    assert r.exit_code == 1 and "model file not found" in r.stderr


def test_train_refuses_unmapped_labels(tmp_path: Path, config_dir: Path) -> None:
    data = tmp_path / "foreign.csv"
    with data.open("w", encoding="utf-8", newline="") as fh:
        w = csv.writer(fh)
        w.writerow(["text", "label"])
        for t in FIXTURE["交通运输"]:
            w.writerow([t, "交通运输"])
        for t in FIXTURE["环境保护"][:5]:
            w.writerow([t, "生态文明"])
        w.writerow(["烧烤店半夜营业", "夜经济"])
    model = tmp_path / "m.pkl"
    r = runner.invoke(app, ["train", str(data), "--out", str(model), "-c", str(config_dir / "wenzheng.toml")])
    assert r.exit_code == 1 and not model.exists()
    assert "labels that are not office domains and have no mapping: 生态文明 (5), 夜经济 (1)" in r.stderr
    assert "[taxonomy.label_map]" in r.stderr


def test_a_model_in_another_vocabulary_is_refused(tmp_path: Path, clf: Classifier) -> None:
    texts = [t for ts in FIXTURE.values() for t in ts]
    labels = [lab for lab, ts in FIXTURE.items() for _ in ts]
    old = LearnedModel.fit([(jieba.lcut(t), t) for t in texts], labels)
    with pytest.raises(ValueError, match=r"answers in 交通运输, 教育文体, not the office's domains.*retrain"):
        Classifier(clf.settings, clf.gazetteer, old)


def test_confident_rules_beat_a_model_that_never_learned_the_domain(clf: Classifier) -> None:
    texts = [t for ts in FIXTURE.values() for t in ts]
    labels = [{"交通运输": "交通", "教育文体": "教育"}.get(lab, lab) for lab, ts in FIXTURE.items() for _ in ts]
    model = LearnedModel.fit([(jieba.lcut(t), t) for t in texts], labels)
    both = Classifier(clf.settings, clf.gazetteer, model)
    c = both.classify("小区停水三天了，自来水公司也不通知")  # the model knows no 民生
    assert c.domain == "民生" and c.evidence["domain"]["by"] == "rules"
    assert "从未学过" in c.evidence["domain"]["why"] and c.evidence["domain"]["model"]["label"] != "民生"
    c = both.classify("公交车班次太少等了一个小时")
    assert c.domain == "交通" and c.evidence["domain"]["by"] == "model+rules"


def test_rules_refine_a_broad_source_label(clf: Classifier, tmp_path: Path, config_dir: Path) -> None:
    """泰迪杯's 城乡建设 also holds 民生 and 交通 ([taxonomy.label_covers]): when the model says
    城乡建设 and the rules name one of those, the rules refine it (the issue's 暖气不热 → 住建局)."""
    rows = {"城乡建设": ["小区暖气不热物业不管", "楼房漏水开发商不维修", "小区违章搭建没人管", "老旧小区改造进度慢",
                      "希望小区门口增设公交站", "小区停水物业不通知", "路灯坏了没人修", "开发商延期交房"],
            "环境保护": FIXTURE["环境保护"][:8]}
    data = tmp_path / "broad.csv"
    with data.open("w", encoding="utf-8", newline="") as fh:
        w = csv.writer(fh)
        w.writerow(["text", "label"])
        for label, texts in rows.items():
            for t in texts:
                w.writerow([t, label])
    model_path = tmp_path / "m.pkl"
    r = runner.invoke(app, ["train", str(data), "--no-seed", "--out", str(model_path),
                            "-c", str(config_dir / "wenzheng.toml")])
    assert r.exit_code == 0, r.output
    model = LearnedModel.load(model_path)
    assert model.meta["covers"] == {"城乡建设": ["交通", "住房", "公共安全", "民生"]}
    both = Classifier(clf.settings, clf.gazetteer, model)
    c = both.classify("家里暖气不热，室温才十五度")
    assert (c.domain, c.subtopic) == ("民生", "供暖") and c.evidence["domain"]["by"] == "rules"
    assert "也包含「民生」" in c.evidence["domain"]["why"]
    assert both.classify("小区违章搭建没人管").domain == "城乡建设"


def test_train_adds_the_shipped_seed_so_the_model_speaks_every_domain(tmp_path: Path, config_dir: Path) -> None:
    """The shared-style file knows 3 labels; the shipped seed (config/classify_seed.jsonl) adds short
    messages in all the office's domains, so the model can say 民生 or 住房 too."""
    cfg = config_dir / "wenzheng.toml"
    seed = [json.loads(x) for x in (config_dir / "classify_seed.jsonl").read_text(encoding="utf-8").splitlines() if x]
    model = tmp_path / "m.pkl"
    r = runner.invoke(app, ["train", str(write_fixture(tmp_path / "labelled.csv")), "--text-column", "message",
                            "--label-column", "category", "--out", str(model), "-c", str(cfg)])
    assert r.exit_code == 0, r.output
    assert f"{len(seed)} seed examples from" in r.stderr
    meta = LearnedModel.load(model).meta
    assert meta["n"] == 36 + len(seed) and f"seed ({len(seed)})" in meta["source"]
    assert set(meta["labels"]) == {row["domain"] for row in seed} | {"交通", "环境保护", "教育"}
    assert {"民生", "住房", "公共安全", "其他"} <= set(meta["labels"])

    # a seed row without a domain stops training, naming file and line
    (config_dir / "classify_seed.jsonl").write_text('{"text": "小区停水了", "domain": "民生"}\n{"text": "没有领域"}\n',
                                                     encoding="utf-8")
    r = runner.invoke(app, ["train", str(write_fixture(tmp_path / "labelled.csv")), "--text-column", "message",
                            "--label-column", "category", "--out", str(model), "-c", str(cfg)])
    assert r.exit_code != 0 and "classify_seed.jsonl:2: a seed example needs" in r.stderr


def _wrong_teacher() -> tuple[LearnedModel, str, float]:
    """A model taught that school matters are 交通 (on purpose), a school post it calls 交通, its margin."""
    from monitor.classify.training import train

    wrong = ([(t, "交通") for t in FIXTURE["教育文体"]] + [(t, "教育") for t in FIXTURE["交通运输"]]
             + [(t, "环境保护") for t in FIXTURE["环境保护"]])
    model = train(wrong, source="wrong on purpose")
    text = "班主任要求家长批改作业"
    label, margin = model.predict(jieba.lcut(text), text)
    assert label == "交通" and margin > 0
    return model, text, margin


def test_the_model_overrules_the_rules_only_with_a_clear_margin(clf: Classifier) -> None:
    """A model taught that school matters are 交通 (a wrong teacher, on purpose) disagrees with the
    rules' 教育: it wins only when its margin reaches ``model_confident``; rules that found no
    domain word at all defer to it."""
    model, text, margin = _wrong_teacher()

    def combined(model_confident: float) -> Classifier:
        # weighed as a letter is (a post's own rule is the next test's)
        settings = clf.settings.model_copy(update={"model": clf.settings.model.model_copy(
            update={"model_confident": model_confident, "post_max_chars": 0})})
        return Classifier(settings, clf.gazetteer, model)

    unsure = combined(margin + 1).classify(text)
    assert unsure.domain == "教育" and unsure.evidence["domain"]["by"] == "rules"
    assert "模型把握小" in unsure.evidence["domain"]["why"]
    sure = combined(margin / 2).classify(text)
    assert sure.domain == "交通" and sure.evidence["domain"]["by"] == "model"
    nothing = combined(margin + 1).classify("今天阳光明媚")  # no domain word: the model's guess
    assert nothing.evidence["domain"]["by"] == "model" and nothing.domain in ("交通", "教育", "环境保护")


def test_in_a_post_the_rules_domain_word_decides(clf: Classifier) -> None:
    """The model learnt long letters: in a post a domain word the rules found decides however sure
    the model is, and where the rules found none its guess must reach ``post_model_margin``."""
    model, text, _ = _wrong_teacher()

    def combined(post_model_margin: float) -> Classifier:
        settings = clf.settings.model_copy(update={"model": clf.settings.model.model_copy(
            update={"model_confident": 0.0, "post_max_chars": 80, "post_model_margin": post_model_margin})})
        return Classifier(settings, clf.gazetteer, model)

    post = combined(0.5).classify(text)
    assert post.domain == "教育" and post.evidence["domain"]["by"] == "rules"
    assert "短帖" in post.evidence["domain"]["why"]
    letter = text + "，" + "每天晚上都要签字拍照上传到群里，家长下班回家还要检查作业，" * 3
    assert len(letter) >= 80 and combined(0.5).classify(letter).evidence["domain"]["by"] == "model"
    nothing = "今天阳光明媚"  # no domain word: the model's guess needs the post margin
    _, guess = model.predict(jieba.lcut(nothing), nothing)
    unsure = combined(guess + 0.01).classify(nothing)
    assert unsure.domain == "其他" and unsure.evidence["domain"]["by"] == "rules", unsure.evidence["domain"]
    assert combined(guess / 2).classify(nothing).evidence["domain"]["by"] == "model"


def test_explain_says_in_chinese_when_only_a_hint_or_a_default_decided(config_dir: Path) -> None:
    cfg = str(config_dir / "wenzheng.toml")
    r = runner.invoke(app, ["classify", "--explain", "家里的药一盒比一盒贵", "-c", cfg])
    assert r.exit_code == 0, r.output
    assert "类型：没有类型词，写明了事项（医疗服务），按投诉" in r.stdout
    assert "领域：没有领域词，按字面线索（药）定为卫生健康，把握最小" in r.stdout
    r = runner.invoke(app, ["classify", "--explain", "今天阳光明媚", "-c", cfg])
    assert "类型：没有类型词，也没写明事项：其他" in r.stdout and "no type word" not in r.stdout


def test_cli_classify_file_not_utf8_and_table_names(tmp_path: Path, config_dir: Path) -> None:
    """A file that is not UTF-8 (a GBK export) is refused naming the file, for classify and train
    alike, not with a traceback; the table of a file's results names accounts, never their ids."""
    cfg = config_dir / "wenzheng.toml"
    for name in ("gbk.csv", "gbk.txt", "gbk.jsonl"):
        bad = tmp_path / name
        header = "text\n" if name.endswith(".csv") else ""
        bad.write_bytes(header.encode() + "公交车太挤了\n".encode("gbk"))
        r = runner.invoke(app, ["classify", "--file", str(bad), "-c", str(cfg)])
        assert r.exit_code != 0 and isinstance(r.exception, SystemExit), (r.output, r.exception)
        assert f"{bad}: not UTF-8 text" in r.output
    r = runner.invoke(app, ["train", str(tmp_path / "gbk.csv"), "--no-seed", "-c", str(cfg)])
    assert r.exit_code != 0 and f"{tmp_path / 'gbk.csv'}: not UTF-8 text" in r.output

    good = tmp_path / "todo.csv"
    good.write_text("text\n银川公交车太挤，班次太少\n", encoding="utf-8")
    r = runner.invoke(app, ["classify", "--file", str(good), "-c", str(cfg)])
    assert r.exit_code == 0, r.output
    lead = r.stdout.strip().split("\t")[6]
    names = {a.id: a.name for a in Config.load(cfg).matrix.accounts}
    assert lead in names.values() and lead not in names, r.stdout
