"""Look-alikes that cancel a danger by their frame, and dangers told beside them (fourth session of 2026-12-03).

Written for these tests, never copied from a set. The phenomena were read from the sets retired this session
(eval12, eval13) and from the look-alike flags of the development sets read by a model fitted without each
(bench/risk_loso.py --show): an outcome or a relief told after a danger, settling what its own sentence tells
(``settled_here``); thanks and praise for help received; a rule or permission question; a story from
elsewhere; a child's play, a parent's nagging, a market's bad day, a crane's load, a child's lost papers; and
the dangers that share their words: a date planned for (拟于…前往), a child's scream in quotes, charcoal lit by
someone alone, water seeping that was never seen before.
"""

from __future__ import annotations

import pytest
from test_risk import det, eager  # noqa: F401 - fixtures
from test_risk import flags as raised
from test_risk import no_pattern

from monitor.classify.risk import RiskDetector

DANGERS = [  # (phenomenon, text, kind): each must be raised, certain or 疑似
    ("a crowd on a date planned for", "听说三十多户拆迁户定于下周一前往区政府门口集体讨说法", "mass_incident"),
    ("a crowd on a date, a 12345 order", "来电人称约60名工人拟于7月2日到项目部集体讨薪，情绪激动", "mass_incident"),
    ("a child's scream in quotes", "隔壁又传来孩子哭喊“别打我了”，大人还在骂", "minor_domestic"),
    ("charcoal lit by someone alone", "他一个人在宿舍点了炭，门窗都关着", "self_harm"),
    ("water seeping never seen before", "渠坝底下一直往外冒水，老辈人说以前没见过", "safety_hazard"),
    # the mask 背后捅 (betrayal) cancels the stab; only the model's guess raised the threat, and the model that
    # learnt eval12-eval16 reads the masked text at 52 % (the one before at 65 %): the message is still raised
    # (医疗急症, certain, 血止不住), the threat is lost until a pattern reads a literal stab beside blood
    pytest.param("a stab in the back told literally", "那人从背后捅了我一刀，血止不住", "threat",
                 marks=pytest.mark.xfail(strict=True, reason="the threat rested on the model's guess alone")),
    ("a market's loss and a real menace", "炒股亏光了，我要去营业部砍了那个经理", "threat"),
    ("a tower crane's swinging load", "塔吊吊着一捆钢管在头顶晃，下面还有人干活", "safety_hazard"),
    ("a glass pane fallen, nobody hit", "楼上掉下来一块玻璃，幸好没砸到人", "safety_hazard"),
    ("a relief told, then another matter", "去年换了管子以后安心多了。今天楼道里又是一股燃气味", "safety_hazard"),
    ("a disputed explanation of a smell", "车库一股臭鸡蛋味，物业说是下水道返味，我咋闻着都不像", "safety_hazard"),
    ("a petrol threat with a can", "他说要用桶打汽油去烧了村委会", "threat"),
    ("a fire exit blocked by shopping carts", "商场的安全出口让购物车堵死了，真着火了谁也跑不出去", "safety_hazard"),
]


@pytest.mark.parametrize(("phenomenon", "text", "kind"), DANGERS, ids=[d.values[0] if hasattr(d, "marks") else d[0] for d in DANGERS])
def test_a_danger_beside_a_lookalike_word_is_raised(det: RiskDetector, phenomenon: str, text: str, kind: str) -> None:
    assert kind in raised(det, text), (phenomenon, det.detect(text))


LOOKALIKES = [  # (phenomenon, text, kind that must not be raised by a pattern)
    ("a relief after an old fire", "前年楼里着过一次火，后来装了喷淋，现在住着踏实多了", "safety_hazard"),
    ("a burst pipe dealt with", "厨房水管爆了，师傅十分钟就来了，换了一截管子，损失不大", "safety_hazard"),
    ("a teacher thanked for handling bullying", "儿子在学校被高年级的欺负，班主任处理得很好，现在没人敢了", "minor_domestic"),
    ("a smell explained by a measurement", "昨天说的燃气味，燃气公司来测过了，是下水道返味", "safety_hazard"),
    ("praise for an ambulance", "给120点赞，我妈半夜胸口疼，十几分钟车就到了", "medical"),
    ("a thank-you letter", "这是一封感谢信：上个月我爸脑梗送到医院，医生连夜抢救", "medical"),
    ("tips to keep", "暑假防走失小贴士：孩子走散了就原地等，别跟陌生人走", "minor_domestic"),
    ("a question about buying knives", "网上买水果刀要实名吗？", "threat"),
    ("an old story from elsewhere", "群里转的那个工厂爆炸视频是外省的旧闻，别再转了", "safety_hazard"),
    ("a child's wish", "儿子说长大了要当消防员去救火", "safety_hazard"),
    ("toy swords", "俩孩子拿着塑料剑在院子里比划，喊着要杀了对方", "threat"),
    ("a parent's nagging", "我妈说我再不找对象她就不活了，年年这样", "self_harm"),
    ("a market's bad day", "今天大盘一片血洗，账户全绿", "threat"),
    ("a crane's load", "驾校旁边的工地上吊水桶练塔吊，稳得很", "self_harm"),
    ("a child's lost papers", "孩子学生证丢了，补办要去哪", "minor_domestic"),
    ("a child sulking behind a door", "闺女被说了两句，把自己关在屋里生闷气", "minor_domestic"),
    ("a punishment found fair", "孩子上课说话被老师罚站，我觉得罚得对", "minor_domestic"),
    ("a boat race's crowd", "龙舟赛两岸围了上千人，太热闹了", "mass_incident"),
    ("a rhetorical question about an exam", "这套卷子是要杀人吗，最后一题根本做不出来", "threat"),
    ("effort told as a degree", "快考试了，天天拼了命地背书", "threat"),
]


@pytest.mark.parametrize(("phenomenon", "text", "kind"), LOOKALIKES, ids=[x[0] for x in LOOKALIKES])
def test_a_lookalike_raises_no_pattern(det: RiskDetector, phenomenon: str, text: str, kind: str) -> None:
    out = raised(det, text)
    # the model's own 疑似 guess aside (a person looks at it); no pattern fires and nothing is certain
    assert no_pattern(out, kind), (phenomenon, out)


def test_an_outcome_settles_its_own_sentence_only(det: RiskDetector) -> None:
    # 损失不大 closes the burst pipe it follows; a danger of the letter's other sentences stands
    # (the model's own guess is left alone by such a marker: 疑似 at most)
    assert no_pattern(raised(det, "暖气管爆了，物业来关了阀，损失不大"), "safety_hazard")
    assert "safety_hazard" in raised(det, "楼道电线一直打火花。上回的漏水物业处理得很好，损失不大")


def test_a_date_of_the_past_still_dates_and_a_planned_one_does_not(det: RiskDetector) -> None:
    assert "mass_incident" not in raised(det, "2019年3月5日几十个工人在项目部门口堵过一次")
    assert "mass_incident" in raised(det, "几十个工人准备3月5日去项目部门口堵门要工资")
