"""Dangers told aside or by their means, and look-alikes settled, moved away or guarded (third session of 2026-12-03).

Written for these tests, never copied from a set. The phenomena were read from the risk set retired this
session (eval12) and grouped by how the danger is told: an end told without its word (no tomorrow wanted,
needed no more after tonight, a mercy death asked about in pain, a pet handed on before going for good,
sitting on a railing over traffic, a lethal mix made ready); a partner's threat, which is harm at home too;
a child alone in what failed, asking a stranger for the police, left unfed, driven by a drunk; acids left
open or poured away, black smoke from a window, a septic tank left open; people sitting down on a road;
blood told by where it runs, water fouled where people still drink; a follow-up that names the earlier
report (上次说的那个…). And what only looks like them: a leak tightened, a wire replaced, a belief proved
wrong, a decade long past, news from abroad, a warning issued, furniture on a rope, knives
bought as a set, a feast's slaughter, fuel for farm machines, a wish held back, a worker on a roof.
"""

from __future__ import annotations

import pytest
from test_risk import det, eager  # noqa: F401 - fixtures
from test_risk import flags as raised
from test_risk import no_pattern

from monitor.classify.risk import RiskDetector

DANGERS = [  # (phenomenon, text, kind): each must be raised, certain or 疑似
    ("no tomorrow wanted", "欠的钱这辈子还不上了，明天的太阳我就不看了", "self_harm"),
    ("needed no more after tonight", "你们不用再给我打电话催了，过了今晚就什么都不用了", "self_harm"),
    ("an exam never sat again", "儿子跟同桌说下周就不用考试了，永远不用了，我们吓坏了", "self_harm"),
    ("a mercy death asked about in pain", "化疗做到第六次了，太痛苦了，哪里能办安乐死", "self_harm"),
    ("leaving in peace once the money is settled", "存款都转给我闺女了，后事也交代了，我可以放心走了", "self_harm"),
    ("a pet handed on before going for good", "我的两只猫谁愿意领走，我这次出远门就不回来了", "self_harm"),
    ("sitting on a railing over traffic", "有个小伙子坐在大桥护栏上，腿悬在外面，底下全是车", "self_harm"),
    ("a lethal mix made ready", "头孢和白酒我都准备好了", "self_harm"),
    ("an ex-partner with a weapon, harm at home", "前夫拿着刀堵在我单位门口，说今天不复婚就别想走", "minor_domestic"),
    ("a husband's threat to burn her family's house", "我老公说我敢离婚就把我娘家房子点了", "minor_domestic"),
    ("a blow promised for every meeting", "那个收费员以后别让我看见，见一次打一次", "threat"),
    ("a place to be smashed, men brought along", "他放话明天带人来把我的店砸个稀巴烂", "threat"),
    ("explosives asked about", "想自己做个炸弹，配方哪里能找到", "threat"),
    ("a sentence asked about and accepted", "捅了他要坐牢吗？无所谓，坐几年我都认", "threat"),
    ("a child alone in a lift that stopped", "电梯停在两层中间，里面就一个孩子在哭", "minor_domestic"),
    ("a child asking a stranger for the police", "修水管的时候那家的小男孩偷偷跟我说，叔叔帮我报警", "minor_domestic"),
    ("a small child left uncared for", "对门家的小孩天天一个人在家，没人照管，饿了就翻垃圾吃", "minor_domestic"),
    ("a drunk school-bus driver", "今早看见校车司机一身酒气，车上坐满了学生", "minor_domestic"),
    ("acid left open in a school", "实验楼的盐酸就放在走廊里，柜子没锁", "safety_hazard"),
    ("waste acid poured away", "那个电镀厂晚上把废液直接倒进河沟里", "safety_hazard"),
    ("black smoke from a window", "三楼有户人家窗户里一直冒黑烟，敲门没人应", "safety_hazard"),
    ("a septic tank left open", "小区化粪池的盖子被人掀开了，天黑根本看不见", "safety_hazard"),
    ("an extinguisher expired where fire broke out", "仓库灭火器早就过期了，前两天电焊还起过火", "safety_hazard"),
    ("a follow-up naming the earlier report", "上次说的那个漏气的燃气管，今天楼道里又是一股味", "safety_hazard"),
    ("people sitting down on a road", "几十个拆迁户坐在国道上，车都停了", "mass_incident"),
    ("a follow-up of a crowd, more of them now", "上次说的那些讨薪的工人，今天又来了，人更多了，把路都堵了", "mass_incident"),
    ("blood running down a face", "两个人在菜市场打起来了，一个人血流了一脸", "medical"),
    ("blood coughed up while waiting", "在急诊坐了三个钟头，我妈还在咳血", "medical"),
    ("a child pulled out and not stirring", "孩子从水塘里捞上来了，脸发紫，一点也不动", "medical"),
    ("water fouled where people still drink", "村里的水井一股汽油味，全村人还在喝这水", "medical"),
]


@pytest.mark.parametrize(("phenomenon", "text", "kind"), DANGERS, ids=[d[0] for d in DANGERS])
def test_a_danger_told_aside_or_by_its_means_is_raised(det: RiskDetector, phenomenon: str, text: str,
                                                       kind: str) -> None:
    assert kind in raised(det, text), (phenomenon, det.detect(text))


LOOKALIKES = [  # (phenomenon, text, kind that must not be raised)
    ("a leak tightened, the smell gone", "昨天说的燃气味，师傅来了把阀门拧紧了，现在一点味都没有了", "safety_hazard"),
    ("a sparking wire replaced", "楼道里那根老打火的电线，电工今天换成新的了", "safety_hazard"),
    ("a follow-up telling it is fixed", "上次说的那个冒火花的插座，电工来换了线，谢谢", "safety_hazard"),
    ("a belief proved wrong", "我们以为燃气泄漏了，后来发现是隔壁在煮臭豆腐", "safety_hazard"),
    ("a decade long past", "我爸说九几年那会儿厂里着过一次大火", "safety_hazard"),
    ("news from abroad", "国外一个商场着火了，看着真吓人", "safety_hazard"),
    ("a warning issued", "气温回升，冰面变薄，公安局发了提醒，别去冰上玩", "safety_hazard"),
    ("furniture on a rope", "搬家的时候从五楼往下吊柜子，绳子断了怎么办", "self_harm"),
    ("a drug and a drink asked about", "吃了头孢几天能喝酒", "self_harm"),
    ("a knife set bought and praised", "买了一套刀具，切菜特别顺手", "threat"),
    ("a feast's slaughter", "古尔邦节要宰羊，刀都磨好了", "threat"),
    ("fuel for farm machines", "拉了一桶汽油去给收割机加油", "threat"),
    ("a wish held back", "真想把那个插队的骂一顿，当然只是想想", "threat"),
    ("a lecture with sign-up", "社区请了老师来讲怎么帮助抑郁的家人，欢迎大家报名", "self_harm"),
    ("a worker on a roof", "楼顶站着的是修水箱的工人，系着安全绳，不是想不开", "self_harm"),
    ("an ambulance that came in time", "前天叫的120来得很快，想问下救护车的费用能报销吗", "medical"),
    ("an operation done, an insurance question", "我妈摔了一跤，已经住院手术完了，意外险能报多少", "medical"),
    ("a meeting and a vote", "周日开业主大会选业委会，希望大家都来投票", "mass_incident"),
    ("volunteers mustered", "志愿者们周六早上八点在广场集合，去河边捡垃圾", "mass_incident"),
    ("waiting told as a degree", "办个证排了两个小时，等死我了", "self_harm"),
    ("effort told as a degree", "早高峰挤地铁，拼了老命才挤上去", "threat"),
    ("homework that would drown anyone", "作业多得能把人淹死，孩子天天写到十一点", "minor_domestic"),
]


@pytest.mark.parametrize(("phenomenon", "text", "kind"), LOOKALIKES, ids=[x[0] for x in LOOKALIKES])
def test_a_lookalike_settled_moved_or_guarded_raises_no_pattern(det: RiskDetector, phenomenon: str, text: str,
                                                                kind: str) -> None:
    out = raised(det, text)
    # the model's own 疑似 guess aside (a person looks at it); no pattern fires and nothing is certain
    assert no_pattern(out, kind), (phenomenon, out)


def test_a_partners_threat_is_harm_at_home_but_a_strangers_is_not(det: RiskDetector) -> None:
    out = raised(det, "前男友说我再不接电话就拿刀来找我")
    assert "threat" in out and out["minor_domestic"]["possible"]
    assert "minor_domestic" not in raised(det, "那个送水的说我再不给钱就拿刀来找我")


def test_a_cry_told_by_one_who_moved_away_for_work_is_raised(det: RiskDetector) -> None:
    # a move for work is no look-alike context: the one who moved is often the one who cries
    assert "self_harm" in raised(det, "女儿去外地工作了，昨晚打电话说活着没意思")


def test_an_expired_extinguisher_alone_is_no_hazard(det: RiskDetector) -> None:
    # expired extinguishers with nobody's fire told are a question of who replaces them
    assert "safety_hazard" not in raised(det, "楼道里的灭火器全过期了，这归谁管")


def test_a_follow_up_names_its_report_and_a_settled_follow_up_stays_settled(det: RiskDetector) -> None:
    # 上次说的 dates the report, not the danger: told again now, it is raised; told fixed, it is settled
    assert "safety_hazard" in raised(det, "上次说的那根冒火花的电线，今天晚上又冒火花了")
    assert "safety_hazard" not in raised(det, "上次说的那根冒火花的电线，供电所换成新的了")
    # a danger told in the past with no report named stays history
    assert "safety_hazard" not in raised(det, "上次楼道着火的时候，消防及时赶到扑灭了")


def test_a_collapse_denied_by_one_who_went_to_see_keeps_the_model_quiet(det: RiskDetector) -> None:
    out = raised(det, "广场上那个老人不是晕倒了，我去问了，他就是坐着打盹")
    assert "medical" not in out
    # a denial of a stretcher is no denial of the collapse
    assert "medical" in raised(det, "我爸晕倒在车间，厂里没有担架")


# the model's own 疑似 guesses on harmless text, read on the development sets by a model fitted without each
# (bench/risk_loso.py) and grouped by phenomenon: an ultimatum that only asks again or goes elsewhere, a family
# quarrel told, one's own phone smashed in a huff, people together for a meeting, a show or an outing, a
# patient home again, thanks and good news, a nuisance to settle, a child's everyday punishment
MODEL_QUIET = [  # (phenomenon, text, kind the model must not guess, what keeps it quiet)
    ("an ultimatum that only asks again", "三天了还没人来修，再不来我就去你们上级部门问问", "threat", "上级部门"),
    ("an ultimatum that goes elsewhere", "再不给我退押金，我就换一家公司租", "threat", "换一家"),
    ("a family quarrel told", "和我哥因为分房子的事吵翻了，他说我没良心，我说他不讲理", "threat", "吵翻"),
    ("one's own phone smashed in a huff", "再让我看到这种推销电话，我就把手机砸了", "threat", "把手机砸"),
    ("people together for a meeting", "下午六十多个家长一起去礼堂开家长会", "mass_incident", "家长会"),
    ("people together for a bargain", "菜市场大白菜特价，门口好几十个人排着", "mass_incident", "特价"),
    ("people together for an outing", "班里四十多个同学约好周末一起去滑冰", "mass_incident", "滑冰"),
    ("a patient home again", "孩子已经出院了，感谢120及时赶到", "medical", "已经出院"),
    ("good news told", "旧小区的燃气管道全换了，好政策", "safety_hazard", "好政策"),
    # nuisances told as a dispute or as damage done, a queue promised again, an invitation, a punishment
    ("a nuisance to settle between neighbours", "隔壁厨房的水渗到我家墙上了，想跟他们协商赔偿", "safety_hazard", "协商"),
    ("damage already done", "楼上漏了两回水，我家卧室墙角全发霉了", "safety_hazard", "发霉"),
    ("an ultimatum that only queues again", "明天再不给结果，我就天天到窗口排队", "threat", "窗口排队"),
    ("an invitation to an outing", "周六几个朋友约好去爬贺兰山，有人一起吗", "mass_incident", "有人一起吗"),
    ("a child's everyday punishment", "儿子数学考砸了，他爸没收手机一个月", "minor_domestic", "考砸"),
]


@pytest.mark.parametrize(("phenomenon", "text", "kind", "by"), MODEL_QUIET, ids=[x[0] for x in MODEL_QUIET])
def test_the_model_stays_quiet_on_harmless_families(det: RiskDetector, eager: RiskDetector, phenomenon: str,
                                                    text: str, kind: str, by: str) -> None:
    assert kind not in raised(det, text), (phenomenon, det.detect(text))
    # with the model's bars at 0.05 it guesses nearly anywhere: what keeps this guess quiet is the phenomenon's word
    evidence: dict = {}
    assert kind not in {r["flag"] for r in eager.detect(text, evidence)}
    assert {"flag": kind, "words": "模型", "by": by} in evidence["risk"]["cancelled"], (phenomenon, evidence["risk"])


def test_a_threat_over_a_review_or_a_quarrel_is_still_read(det: RiskDetector) -> None:
    # a bad review and a quarrel are what threats are made over: neither keeps the model quiet
    evidence: dict = {}
    det.detect("给了个差评，老板就打电话说知道我住哪个单元", evidence)
    assert not any(c["flag"] == "threat" and c["by"] == "差评" for c in evidence["risk"]["cancelled"])


def test_a_leak_onto_wires_is_not_quieted_as_a_nuisance(det: RiskDetector) -> None:
    # 漏水 alone is no nuisance word: a leak down a light's wires is a hazard, whatever the neighbours settle
    assert "safety_hazard" in raised(det, "楼上漏水顺着吊灯电线往下滴，灯一开就滋滋响，还没协商好")
