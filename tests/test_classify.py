"""The rule classifier on messages in the style of the seeds: type, domain, region, risk, keywords."""

from __future__ import annotations

from pathlib import Path

import jieba
import pytest

from monitor.classify import Classifier
from monitor.classify.risk import RiskDetector
from monitor.classify.settings import load_classify, load_gazetteer
from monitor.core.config import ConfigError

ROOT = Path(__file__).resolve().parents[1]


@pytest.fixture(scope="module")
def clf() -> Classifier:
    """Rules only (no learned model), from the shipped config: what an office gets out of the box."""
    return Classifier(load_classify(ROOT / "config" / "classify.toml"),
                      load_gazetteer(ROOT / "config" / "regions.toml"),
                      risk=RiskDetector.load(ROOT / "config" / "risk.toml"))


def test_seed_example_is_a_noise_complaint(clf: Classifier) -> None:
    c = clf.classify("城南二号A区篮球场，每天下午都有人在跳广场舞，能不能小声点？")
    assert (c.type, c.type_label, c.domain, c.subtopic) == ("complaint", "投诉", "环境保护", "噪音")
    assert any("广场舞" in w for w in c.evidence["domain"]["words"])
    assert c.evidence["type"]["nuisance"] == "噪音"
    assert c.risk == []


@pytest.mark.parametrize(("text", "code", "label"), [
    ("请问金凤区公租房怎么申请？需要什么条件？", "consult", "咨询"),
    ("小区楼下烧烤店油烟太大，多次反映没人管", "complaint", "投诉"),
    ("建议在贺兰县富兴街增设公交站，方便老人出行", "suggestion", "建议"),
    ("我要实名举报西夏区怀远路一家餐馆偷排污水", "report", "举报"),
    ("求助！老人走失两天了，帮帮我们", "help", "求助"),
    ("今天阳光明媚", "other", "其他"),
])
def test_each_type(clf: Classifier, text: str, code: str, label: str) -> None:
    c = clf.classify(text)
    assert (c.type, c.type_label) == (code, label), c.evidence.get("type")


@pytest.mark.parametrize(("text", "domain", "subtopic"), [
    ("金凤区黄河东路有人私搭乱建彩钢房", "城乡建设", "违建"),
    ("物业公司收了物业费却不打扫楼道", "住房", "物业"),
    ("文化街小区门口停车难，车位太少", "交通", "停车"),
    ("2路公交车班次太少，公交站等半小时", "交通", "公交"),
    ("孩子上学划片不合理，入学难", "教育", "入学"),
    ("公司拖欠工资半年了，农民工讨薪无门", "劳动和社会保障", "拖欠工资"),
    ("我们小区暖气不热，室温只有十五度", "民生", "供暖"),
    ("医院挂号太难，门诊排队三小时", "卫生健康", "医疗服务"),
    ("超市卖过期食品，商家拒绝退款", "市场监管", "消费维权"),
])
def test_domains_and_subtopics(clf: Classifier, text: str, domain: str, subtopic: str) -> None:
    c = clf.classify(text)
    assert (c.domain, c.subtopic) == (domain, subtopic), c.evidence.get("domain")
    assert c.rule_domain == domain and c.domains[0] == domain


def test_region_short_forms_street_and_community(clf: Classifier) -> None:
    c = clf.classify("兴庆文化街小区门口停车难")
    assert (c.region, c.street) == ("兴庆区", "文化街街道")
    assert c.evidence["region"]["words"] == ["兴庆", "文化街"]
    # a street alone implies its district; the place segments whole
    c = clf.classify("满城北街这边路灯坏了一个月")
    assert (c.region, c.street) == ("金凤区", "满城北街街道") and "满城北街" in c.tokens
    c = clf.classify("西夏的宁夏大学门口占道经营严重")
    assert (c.region, c.street) == ("西夏区", None)
    c = clf.classify("湖滨社区垃圾堆放没人清运")
    assert (c.region, c.street, c.community) == ("兴庆区", "文化街街道", "湖滨社区")
    assert clf.classify("小区门口停车难").region is None


def test_keywords_are_tfidf_over_the_same_tokens(clf: Classifier) -> None:
    text = "兴庆区文化街小区广场舞噪音扰民，广场舞音响开得太大，希望相关部门管一管"
    c = clf.classify(text)
    assert c.keywords[0] == "广场舞噪音"  # the problem named leads, near-synonyms merged into it
    assert "希望" not in c.keywords and "部门" not in c.keywords  # stop words from config
    assert len(c.keywords) == len(set(c.keywords)) <= 6
    assert all(k in c.tokens for k in c.keywords[1:])
    assert c.tokens == jieba.lcut(text)  # exactly one segmentation, reused


@pytest.mark.parametrize(("text", "topic", "absent"), [
    ("兴庆区文化街3号楼楼下晚上跳广场舞，能不能小声点", "广场舞噪音", ["号楼", "3号楼", "兴庆区", "文化街", "能不能"]),
    ("金凤区某小区又停水了，水压也低，已经三天了", "停水", ["金凤区", "三天", "已经"]),
    ("西夏区朔方路小区暖气不热，家里才十四度，物业也不管", "暖气不热", ["十四", "西夏区", "朔方路", "不管"]),
    ("家里没水了，自来水公司也不通知", "停水", []),
    # counted things are amounts, however counted (一股, 好几家, 两辆)
    ("楼道里燃气泄漏，一股味，好几家都闻到了，两辆车停在门口", "燃气问题", ["一股", "好几家", "两辆"]),
    # a charge with no ground is its own topic, not a school's fee (补课收费) wherever it is made
    ("高速公路收费站乱收费，过一次多收二十", "乱收费", ["补课收费"]),
])
def test_hot_topics_are_problems_not_fillers(clf: Classifier, text: str, topic: str, absent: list[str]) -> None:
    c = clf.classify(text)
    assert c.keywords[0] == topic and c.evidence["keywords"]["topics"][0] == topic
    for word in absent + ["坏了", "号楼"]:
        assert word not in c.keywords


@pytest.mark.parametrize(("text", "absent", "kept"), [
    # a road or province the gazetteer does not list (an export from another city names its own)
    ("芦花台万寿路口的井盖丢了好几天，请尽快办理", ["万寿路", "办理"], []),
    ("西地省某县城的高速公路收费站，请有关部门核实并予以答复", ["西地省", "核实", "予以", "答复"], ["高速公路"]),
    # the lexicon's own words and generic nouns with the same ending are matters, not names
    ("步行街和超市门口的断头路什么时候打通", [], ["断头路"]),
])
def test_hot_topics_leave_out_unlisted_places_and_the_offices_procedure(
        clf: Classifier, text: str, absent: list[str], kept: list[str]) -> None:
    c = clf.classify(text)
    for word in absent:
        assert word not in c.keywords, c.keywords
    for word in kept:
        assert word in c.keywords, c.keywords


def test_multi_domain_case_lists_its_domains(clf: Classifier) -> None:
    c = clf.classify("西夏区朔方路小区暖气不热，物业也不管，还违章搭建")
    assert c.domains[:2] == ("城乡建设", "民生")
    assert c.subtopics["民生"] == "供暖"
    assert set(c.evidence["domains"]) == {"城乡建设", "民生"}


def test_json_shape(clf: Classifier) -> None:
    d = clf.classify("请问兴庆区怎么办理社保卡？").to_dict()
    assert list(d) == ["type", "type_label", "domain", "subtopic", "region", "street", "risk", "keywords",
                       "evidence"]


def test_bad_lexicon_names_file_and_key(tmp_path: Path) -> None:
    p = tmp_path / "classify.toml"
    text = (ROOT / "config" / "classify.toml").read_text(encoding="utf-8")
    p.write_text(text.replace('type = "report"', 'type = "praise"', 1), encoding="utf-8")
    with pytest.raises(ConfigError, match=r"classify\.toml: types\.rules\[0\].*praise"):
        load_classify(p)
    g = tmp_path / "regions.toml"
    gtext = (ROOT / "config" / "regions.toml").read_text(encoding="utf-8")
    g.write_text(gtext.replace('short = ["金凤"]', 'short = ["兴庆"]', 1), encoding="utf-8")
    with pytest.raises(ConfigError, match=r"regions\.toml: .*districts\[1\]\.short: '兴庆' already names 兴庆区"):
        load_gazetteer(g)


def test_words_are_found_in_the_characters_however_jieba_cuts_them(clf: Classifier) -> None:
    """Citizens glue words into phrases: the lexicon word is found even when no token equals it."""
    for text, word, sub in (("楼下烧烤店烟熏火燎的", "烟熏", "油烟"), ("有人往渠里排黑水", "渠", "河流污染")):
        assert word not in jieba.lcut(text)  # jieba: 烟熏火燎, 渠里
        c = clf.classify(text)
        assert (c.domain, c.subtopic) == ("环境保护", sub) and word in c.evidence["domain"]["words"]
    # leftmost-longest: 暖气不热 is one word, not 暖气 and 不热
    c = clf.classify("家里暖气不热")
    assert c.evidence["domain"]["words"] == ["暖气不热"]
    # a type cue may overlap a domain word (没有营运证 around 营运证): both are read
    c = clf.classify("汽车站门口的面包车没有营运证天天拉客")
    assert (c.type, c.domain) == ("report", "交通")


@pytest.mark.parametrize(("text", "code"), [
    # one clear cue of wrongdoing outweighs a pile of generic complaint words
    ("菜市场有个摊主一直偷偷换秤，每天都坑老人，影响很坏", "report"),
    ("我们十几个人的工钱一分没拿到，过年回不了家，求政府帮帮我们", "help"),
    ("希望公办幼儿园多一些，私立的太贵了", "suggestion"),
    ("养老保险断了两年，现在能补交吗？需要带什么材料", "consult"),
    # a question that is a reproach is a complaint
    ("拆迁款拖了三年，到底什么时候才给？", "complaint"),
    ("上次反映的路灯问题当天就修好了，给工作人员点个赞", "other"),
    # favouritism and a missing licence are someone's wrongdoing; a lost person is a plea;
    # 能不能 + an improvement is a proposal; a good word with no appeal is 其他
    ("村干部把低保名额都给了自家亲戚，困难户领不到", "report"),
    ("有个培训机构没有办学许可证，在居民楼里上课", "report"),
    ("老人走丢了，穿灰色外套，求扩散", "help"),
    ("老旧小区能不能统一加装电梯", "suggestion"),
    ("今天带孩子去了新开的图书馆，环境真不错", "other"),
])
def test_types_by_phenomenon(clf: Classifier, text: str, code: str) -> None:
    c = clf.classify(text)
    assert c.type == code, c.evidence["type"]


def test_a_letters_subject_says_its_kind(clf: Classifier) -> None:
    """In a letter the cue in its subject line outweighs the same strength of cue in its story
    ([types] head_bonus); a short post has no subject line, so its cues weigh as they are."""
    letter = ("建议调整一下路面洒水车的作业时间。尊敬的领导：我家住在主干道旁边，洒水车每天早上五点多就来，"
              "一直开着喇叭，影响休息，多次反映过，希望有关部门尽快处理，恳请领导关注，谢谢")
    assert len(letter) >= clf.settings.types.head_min_chars
    c = clf.classify(letter)
    assert c.type == "suggestion", c.evidence["type"]
    # a short post has no subject line: a cue deep in it weighs as it is ("建议" closing a complaint)...
    assert clf.classify("洒水车每天早上五点多就来，一直开着喇叭，多次反映过，建议管管").type == "complaint"
    # ...but its first word says what it is ([[types.rules]] opening: every post of the readable
    # sets, 157, that opens with 建议 was filed 建议 by its writer)
    assert clf.classify("建议管管洒水车，每天早上五点多就来，一直开着喇叭，多次反映过").type == "suggestion"
    # a hope in the subject is a proposal; a courtesy is no thanks
    hope = clf.classify("希望G8县继续实行利民的合作医疗制度。领导您好，辛苦了！我县从去年开始实行药品零差价，"
                        "老百姓看病花钱少了很多，但是听说今年要取消，大家都很担心，恳请领导考虑群众的实际困难")
    assert hope.type == "suggestion", hope.evidence["type"]


def test_a_setting_counts_less_than_the_act(clf: Classifier) -> None:
    """电动车 names where the trouble is; 上楼充电 is the trouble ([domains] weak)."""
    c = clf.classify("电动车推上楼充电，插线板都烧黑了")
    assert c.domain == "公共安全" and c.subtopic == "消防", c.evidence["domain"]
    # without the act, the setting still names the matter
    assert clf.classify("电动车在人行道上横冲直撞").domain == "交通"


def test_a_message_without_lexicon_words_is_placed_by_hinting_characters(clf: Classifier, tmp_path: Path) -> None:
    """No listed word, but 药 and 路 say what it is about: a domain, never silently 其他; the
    evidence says it was only a hint. A message with no hint at all stays 其他."""
    c = clf.classify("我爸吃的药一盒比一盒贵")
    assert (c.domain, c.subtopic, c.type) == ("卫生健康", "医疗服务", "complaint")
    assert c.evidence["domain"]["words"] == ["药"] and "hint" in c.evidence["domain"]["rule"]
    assert clf.classify("路上全是冰，一天摔了好几个人").domain == "交通"
    assert clf.classify("今天阳光明媚").domain == "其他"
    # a hint must point at a sub-topic of the lexicon (routing rules name sub-topics)
    bad = tmp_path / "classify.toml"
    bad.write_text((ROOT / "config" / "classify.toml").read_text(encoding="utf-8").replace(
        '"民生.供水" = ["水"]', '"民生.喝水" = ["水"]'), encoding="utf-8")
    with pytest.raises(ConfigError, match="fallback.民生.喝水: not a domain.sub-topic"):
        load_classify(bad)


def test_frame_turns_the_setting_into_scenery() -> None:
    """A hospital bill 新农合 will not pay is a social-insurance matter however many 医院 words it
    holds ([[domains.frames]]), and the evidence names the frame that decided."""
    root = Path(__file__).resolve().parents[1] / "config"
    clf = Classifier(load_classify(root / "classify.toml"), load_gazetteer(root / "regions.toml"))
    text = ("尊敬的领导：我母亲今年七十岁，上个月在县医院住院做了手术，住院二十多天，治疗用了四万多，"
            "出院结算时新农合只给报销了三成，医院说有些药不在目录里，我们去问了好几次都说不清楚，"
            "请问这个报销比例是按什么规定算的")
    assert len(text) >= clf.settings.domains.frame_min_chars
    c = clf.classify(text)
    assert c.domain == "劳动和社会保障"
    assert c.evidence["domain"]["frames"][0]["frame"] == "医疗费用与社会保险"
    assert "卫生健康" in c.evidence["domain"]["frames"][0]["settings"]
    plain = clf.classify("县医院住院部的医生查房很敷衍，手术后没人来看")
    assert plain.domain == "卫生健康" and "frames" not in plain.evidence["domain"]
    # 医保's frame reads a one-line post too (its own min_chars = 0): 医保 settled at a hospital is the
    # insurance office's, however few words name it; other frames keep frame_min_chars
    short = clf.classify("住院花了四万，新农合能报多少")
    assert short.domain == "劳动和社会保障" and short.evidence["domain"]["frames"][0]["frame"] == "医疗费用与社会保险"


def test_frame_words_must_belong_to_the_frame_domain(tmp_path) -> None:
    """A frame word that is not in its domain's lexicon would never be found: refused at load."""
    src = (Path(__file__).resolve().parents[1] / "config" / "classify.toml").read_text(encoding="utf-8")
    bad = src.replace('name = "传销与会销"\nwords = ["传销"', 'name = "传销与会销"\nwords = ["不存在的词", "传销"', 1)
    assert bad != src
    path = tmp_path / "classify.toml"
    path.write_text(bad, encoding="utf-8")
    with pytest.raises(ConfigError, match="不存在的词 not in the lexicon of 市场监管"):
        load_classify(path)
