"""What a citizen asks for, told the way people write it: one phenomenon per test, sentences written
for the test (never copied from a development set).

Type is the weakest judgement on other people's text: a question that is a reproach, a wish that is a
proposal, a plea told as a predicament, a wrongdoer named, a notice or thanks passed on. Domain
boundaries follow who handles the matter: a heating fee fought with the 物业 is housing, a gas smell
in a stairwell a danger, 医保 at a hospital counter the insurance office's, a school canteen's food the
school's until it makes children ill.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from monitor.classify import Classifier
from monitor.classify.settings import load_classify, load_gazetteer
from monitor.core.config import ConfigError

ROOT = Path(__file__).resolve().parents[1]


@pytest.fixture(scope="module")
def clf() -> Classifier:
    """Rules only, from the shipped config: what a fresh install answers."""
    return Classifier(load_classify(ROOT / "config" / "classify.toml"),
                      load_gazetteer(ROOT / "config" / "regions.toml"))


def _type(clf: Classifier, text: str) -> str:
    return clf.classify(text).type_label


@pytest.mark.parametrize("text", [
    "小区垃圾站的垃圾三天没人拉，这合理吗",
    "为啥我们这片每年冬天都停水好几回？",
    "收了全年的物业费，楼道灯坏了半年都不换，还好意思涨价？",
    "公交站说挪就挪，咋又没人提前说一声",
    "路灯半个月不亮了，市政什么时候来修",
    "排污口的事，这都多长时间了，到底谁负责？",
])
def test_a_question_that_blames_is_a_complaint(clf: Classifier, text: str) -> None:
    assert _type(clf, text) == "投诉", clf.classify(text).evidence["type"]


@pytest.mark.parametrize("text", [
    "之前反映的公交站的事，到现在还没有答复，请问进展如何",
    "我上周留言说的井盖，回复说已解决，可我今天路过还是没人来过",
    "第三次在这反映了，小区门口的下水道还是堵着",
    "社区办低保，材料交了两个月还没办下来，窗口让我明天再来",
])
def test_a_chaser_about_an_unresolved_matter_is_a_complaint(clf: Classifier, text: str) -> None:
    assert _type(clf, text) == "投诉", clf.classify(text).evidence["type"]


@pytest.mark.parametrize("text", [
    "要是能在菜市场旁边划几个临时停车位就好了",
    "希望冬天的公交首班车能早半个小时，上早班的人太难了",
    "建议对校门口的小吃摊查一查，卖的烤肠都是三无的",
    "环卫工人扫完街能不能设个歇脚的地方，冬天太冷了",
])
def test_a_wish_or_a_proposal_at_the_opening_is_a_suggestion(clf: Classifier, text: str) -> None:
    assert _type(clf, text) == "建议", clf.classify(text).evidence["type"]


def test_a_letters_subject_hope_is_not_forced_into_a_proposal(clf: Classifier) -> None:
    """希望 opens a wish in a post only: a letter's subject line keeps its own weighing."""
    text = ("希望有关部门尽快处理我们村的污水问题。尊敬的领导：我们村东头的小厂每天往渠里排黑水，"
            "已经好几年了，臭得人没法住，庄稼也浇不了，多次反映都没人管，村民苦不堪言，恳请领导过问。")
    assert len(text) >= 80
    assert _type(clf, text) == "投诉", clf.classify(text).evidence["type"]


@pytest.mark.parametrize("text", [
    "我带着孩子被房东赶出来了，现在在火车站坐着，不知道今晚去哪",
    "我爸中风瘫在床上，我一个人要上班又要照顾他，社区能不能给点帮助",
    "母亲透析两年了家里积蓄花光了，听说可以申请大病救助，求指条路",
    "钥匙锁在屋里了，孩子一个人在家，开锁的说一个小时才能到，急！",
    "被人骗了两万块，身上就剩几百了，不知道找谁",
    "干了一年的活，老板人找不到了，家里实在困难，工钱还能要回来吗？",
])
def test_a_plea_told_by_its_predicament_is_help(clf: Classifier, text: str) -> None:
    assert _type(clf, text) == "求助", clf.classify(text).evidence["type"]


@pytest.mark.parametrize(("text", "label"), [
    # asked from a predicament, the question is a plea; announced as a question, it stays one
    ("我妈八十多了没交过医保，还能补交吗？家里实在困难", "求助"),
    ("请问驾驶证到期能在网上换吗？人在外地回不去", "咨询"),
    ("咨询一下，老人一个人住，社区的助餐点怎么报名", "咨询"),
])
def test_a_question_from_a_predicament(clf: Classifier, text: str, label: str) -> None:
    assert _type(clf, text) == label, clf.classify(text).evidence["type"]


@pytest.mark.parametrize("text", [
    "丽景街那家叫好运来的棋牌室天天有人聚众打牌赌钱，输赢几千",
    "我们村的支书把集体的地租出去了，钱进了自己腰包，是他亲戚在种",
    "有个驾校教练私下收钱，说交两千能保过",
    "医院门口有医托，专往私人诊所拉人",
    "发现一家药店不用处方就卖抗生素，还给医保卡刷生活用品",
    "有个收废品的在小区后面空地上烧电线，黑烟滚滚的",
    "有人在河滩上倒渣土，一晚上十几车",
])
def test_a_wrongdoer_named_or_a_wrongdoing_in_itself_is_a_report(clf: Classifier, text: str) -> None:
    assert _type(clf, text) == "举报", clf.classify(text).evidence["type"]


@pytest.mark.parametrize("text", [
    "晚上小区门口总有人喝酒吵闹，还在路边撒尿",  # someone making a nuisance is complained about
    "我的车违章了，能在手机上处理吗",  # one's own ticket is no report
    "附近某小区的物业费比我们低一半，我们这凭什么这么贵",  # 某 names nobody's wrongdoing
])
def test_third_parties_that_are_no_report(clf: Classifier, text: str) -> None:
    assert _type(clf, text) != "举报", clf.classify(text).evidence["type"]


@pytest.mark.parametrize(("text", "domain"), [
    ("扩散：周六上午社区有免费量血压，带上医保卡", None),
    ("转：明天起高速部分路段封闭，出门前查一下路况", "交通"),
    ("提醒家里老人：有人冒充社保局打电话让转账，都是骗子", None),
    ("温馨提示：周五全天停水检修，请提前储水", "民生"),
])
def test_a_notice_passed_on_is_other(clf: Classifier, text: str, domain: str | None) -> None:
    c = clf.classify(text)
    assert c.type_label == "其他", c.evidence["type"]
    if domain:
        assert c.domain == domain, c.evidence["domain"]


@pytest.mark.parametrize(("text", "domain"), [
    ("谢谢银川交警，昨天钱包掉了民警帮我找回来了", "交通"),
    ("昨天反映的事情今天社区就来人处理了，速度真快", "其他"),  # no matter named: nothing to file it under
    ("感谢供热站的师傅，半夜还上门给我们排气", "民生"),
    ("上个月说的楼道灯已经修好了，特此感谢", "住房"),
    ("周末天气真好，太美了，推荐大家出门转转", "其他"),  # delight naming no department's thing
    ("早上送娃又堵了半小时，我都想下车跑过去了哈哈", "交通"),  # a joke about the traffic is the traffic's
    ("回复@银川水务：收到，谢谢提前通知，我们先接好水", "民生"),  # an answer acknowledged, then thanked
    ("回复@兴庆区教育局：好的谢谢，报名材料明天就送过去", "教育"),
])
def test_thanks_and_delight_ask_nobody_to_act(clf: Classifier, text: str, domain: str) -> None:
    """Nobody is asked to act (type 其他); thanks keep the domain of the work thanked, so the
    department hears of it, and so does small talk about a thing a department looks after (the
    writers file it so); small talk naming nothing has no domain."""
    c = clf.classify(text)
    assert (c.type_label, c.domain) == ("其他", domain), (c.evidence["type"], c.evidence["domain"])


def test_thanks_at_the_end_of_a_complaint_is_a_courtesy(clf: Classifier) -> None:
    assert _type(clf, "楼下饭店的油烟天天往我家窗户里灌，请尽快处理，谢谢") == "投诉"


def test_the_opening_skips_mentions(clf: Classifier) -> None:
    assert _type(clf, "@银川公安 感谢你们帮我找回了丢的电动车") == "其他"


@pytest.mark.parametrize(("text", "domain"), [
    # a heating fee: fought with the 物业 who collects it is housing, with the heat company 民生
    ("暖气费交给物业代收了，物业拖着不给热力公司，现在说我们欠费", "住房"),
    ("热力公司说我家欠了三年采暖费，可房子一直空着", "民生"),
    # the gas company rung is whom the citizen called; the gas smell is the danger
    ("楼道里一股煤气味，给燃气公司打了电话一直没人来", "公共安全"),
    ("饭馆后厨私接燃气管道，绕开燃气表用气", "公共安全"),
    # 医保 settled at a hospital is the insurance office's
    ("在县医院住院，出院结算医保只报了三成，说药不在目录里", "劳动和社会保障"),
    ("医院停车场收费太贵，陪护一周光停车就几百", "卫生健康"),
    # a site: noise and dust are environmental, the workers' pay labour
    ("工地上的尘土刮得满屋都是，窗户都不敢开", "环境保护"),
    ("工地半夜还在打桩，整栋楼都被吵醒了", "环境保护"),
    ("工地老板欠我们工钱不给，十几个人在门口等了三天", "劳动和社会保障"),
    # a road: its surface is transport's, its lights the city's, its bus stop the bus company's
    ("这条路上全是坑，昨天晚上一个骑电动车的摔了", "交通"),
    ("这条路上的路灯一到晚上就全灭，黑漆漆的", "城乡建设"),
    ("建议BRT增加夜班车，下了晚班只能打车", "交通"),
    # the vehicle is the setting when the act is a traffic offence
    ("一辆渣土车天天在这个路口闯红灯", "交通"),
    # a child's enrolment is the school system's; renaming a child the police's
    ("孩子上小学前想改个名字，派出所怎么办", "公共安全"),
    ("高校宿舍暖气不热，学生裹着被子上自习", "教育"),
    ("老公喝了酒就打我，我不敢回家", "公共安全"),
    ("邻居扬言要拿刀砍我们家，天天在楼道里骂", "公共安全"),
    ("平房区冬天都烧散煤，晚上满街煤烟味", "环境保护"),
    ("开个小饭馆需要消防验收吗", "公共安全"),
    ("想给店铺换个门头广告牌，需要审批吗", "城乡建设"),
    ("一楼住户私自往下挖地下室，整栋楼都在震", "城乡建设"),
    # a school canteen's food: poor is the school's, making children ill is food safety
    ("学校食堂的菜太咸了，孩子说每天都吃不饱", "教育"),
    ("幼儿园食堂的午饭孩子们吃完吐了好几个，园里说没事", "卫生健康"),
    # moving one's 户口 into a new flat: the 房产证 is what the police ask for
    ("买了二手房想把户口迁进来，房产证还在过户，能先落户吗", "公共安全"),
    ("隔壁装修天天用电锤，周末一早就开始", "环境保护"),
    ("火车站候车室能不能配个AED，人多的地方要急救设备", "卫生健康"),
])
def test_domain_boundaries(clf: Classifier, text: str, domain: str) -> None:
    c = clf.classify(text)
    assert c.domain == domain, c.evidence["domain"]


@pytest.mark.parametrize(("old", "new", "message"), [
    ('plea_over_question = 2.6\nasks = ["请问"', 'plea_over_question = 2.6\nasks = ["不是问句"', "asks: 不是问句 must be consult cues"),
    ('type = "suggestion"\nweight = 2.6\nopening = 1\nmax_chars = 80', 'type = "suggestion"\nweight = 2.6\nmax_chars = 80',
     "max_chars: applies to opening cues only"),
    ('unless = ["住院"', 'unless = [7, "住院"', "unless"),
    ('masks = ["来电表示"', 'masks = [3, "来电表示"', "masks"),
])
def test_type_settings_are_checked_at_load(tmp_path: Path, old: str, new: str, message: str) -> None:
    """An ask that is no consult cue would never be seen, a length limit without an opening never
    applied: both are refused with the key."""
    src = (ROOT / "config" / "classify.toml").read_text(encoding="utf-8")
    bad = src.replace(old, new, 1)
    assert bad != src
    path = tmp_path / "classify.toml"
    path.write_text(bad, encoding="utf-8")
    with pytest.raises(ConfigError, match=message):
        load_classify(path)
