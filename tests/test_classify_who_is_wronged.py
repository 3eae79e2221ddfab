"""Type by speech act: who did wrong to whom, and what the writer asks for. Sentences written for
the tests (never copied from a development set).

* **举报**: a third party doing what the rules forbid (a lorry through red lights, used oil down a
  drain, a scale rigged, a flat sold without a presale permit, a teacher's paid tutoring, benefits
  given to an official's kin), often introduced as someone the writer does not know (有家…, 有辆…).
* **投诉**: a wrong done to the writer, or a service that fails them; a question whose answer the
  writer already holds (这叫自愿？, 是咋批下来的) is a reproach, not a question.
* **求助**: the writer's own trouble asked as "what now" (咋办, 我该找谁); a question of procedure
  (手续怎么办) stays a question.
* **咨询** in colloquial words (要啥材料, 扔哪儿); **建议** as 能不能 + a change; **其他** as delight
  (越来越好, 贴心👍).
"""

from __future__ import annotations

from pathlib import Path

import pytest

from monitor.classify import Classifier
from monitor.classify.settings import load_classify, load_gazetteer

ROOT = Path(__file__).resolve().parents[1]


@pytest.fixture(scope="module")
def clf() -> Classifier:
    """Rules only, from the shipped config: what a fresh install answers."""
    return Classifier(load_classify(ROOT / "config" / "classify.toml"),
                      load_gazetteer(ROOT / "config" / "regions.toml"))


def _check(clf: Classifier, text: str, label: str) -> None:
    c = clf.classify(text)
    assert c.type_label == label, c.evidence["type"]


@pytest.mark.parametrize("text", [
    "北塔路上有辆拉水泥的罐车天天闯红灯，好几次差点撞到学生",
    "有家物业公司让保洁阿姨签了自愿放弃社保的协议",
    "城东那个汽修店把换下来的废机油倒进雨水井",
    "有家卖羊肉的把冻肉染色当鲜肉卖",
    "新开的那个楼盘没拿预售证就在收定金了",
    "我们班主任周末在自己家办补习班，一个人收八百",
    "村会计家的亲戚年年吃低保，家里开着两辆车",
    "有个男的在超市里偷拍女顾客，被保安赶走了又回来",
    "有人把村里的集体土地圈起来往外租，一年收好几万",
    "楼下早点铺的秤做了手脚，一斤油条少了一两多",
    "一家培训机构用没有资格证的大学生当老师",
])
def test_a_third_party_doing_what_is_forbidden_is_a_report(clf: Classifier, text: str) -> None:
    _check(clf, text, "举报")


@pytest.mark.parametrize("text", [
    # 所有家长 holds 有家 (no third party); 抢红包 is no bribe; a change already made is no proposal;
    # the writer went in as a customer (在一家…): a complaint
    "所有家长都要在群里打卡，每天晚上十点还在发作业",
    "过年抢红包抢到半夜，第二天上班迟到被扣了钱",
    "物业把小区门口的绿地改成了停车位，这是谁批的？",
    "车库被人改成了仓库，进出都要绕路",
    "在一家火锅店吃完回来就肚子疼，店里不认账",
])
def test_words_that_only_look_like_a_report(clf: Classifier, text: str) -> None:
    assert clf.classify(text).type_label not in ("举报", "建议"), clf.classify(text).evidence["type"]


@pytest.mark.parametrize(("text", "label"), [
    # one's own trouble asked as "what now", or someone asked to come: a plea
    ("被老板欠了三个月工资，现在咋办", "求助"),
    ("孩子在学校摔断了胳膊，学校说跟他们没关系，我们该找谁", "求助"),
    ("租的房子漏水把楼下泡了，房东电话一直不接，这咋整", "求助"),
    ("物业说我们欠费，把单元门卡停了，现在一家人进不了门，咋办？", "求助"),
    ("家门口的井水这几天发浑，烧开了也有沉淀，能不能派人来看看", "求助"),
    # how a procedure is done is a question; a danger warned of a complaint; 请问… wins a tie
    ("新生儿上户口的手续怎么办", "咨询"),
    ("个体户营业执照在网上咋办", "咨询"),
    ("楼道里堆满了纸箱子，万一出事咋办", "投诉"),
    ("楼顶的招牌松了，风一吹就晃，掉下来砸到人咋办", "投诉"),
    ("请问个人可以举报企业排污吗？", "咨询"),
    # a question whose answer the writer already holds: a reproach
    ("课外活动说是自愿参加，不去的就被点名批评，这叫自愿？", "投诉"),
    ("小区门口那段路修了又挖挖了又修，是钱没处花吗", "投诉"),
    ("新楼离我们不到二十米，一楼整天见不到太阳，这日照是咋批下来的？", "投诉"),
    ("减负减了个啥，作业比去年还多", "投诉"),
    # colloquial questions
    ("办居住证要啥材料", "咨询"),
    ("家里换下来的旧沙发扔哪儿？小区不让放", "咨询"),
    ("银川的生活垃圾分几类", "咨询"),
    # 能不能 + a change
    ("湖边公园能不能加个饮水机", "建议"),
    ("小学放学时间能不能晚半小时，家长都还在上班", "建议"),
    ("路边那排柳树能不能换成别的树，春天飘絮太厉害", "建议"),
])
def test_what_the_writer_asks_for(clf: Classifier, text: str, label: str) -> None:
    _check(clf, text, label)


@pytest.mark.parametrize(("text", "domain"), [
    ("今天坐的新公交车又干净又准点，越来越好了", "交通"),
    ("社区医生上门给我爸量血压，真贴心👍", "卫生健康"),
    ("老街改造完路灯也亮了，晚上出来散步的人多了，真不错", "城乡建设"),
])
def test_delight_asks_nobody_to_act(clf: Classifier, text: str, domain: str) -> None:
    """Nobody is asked to act; the delight keeps the domain of the thing it is about."""
    c = clf.classify(text)
    assert (c.type_label, c.domain) == ("其他", domain), (c.evidence["type"], c.evidence["domain"])
