"""Look-alikes read by mechanism (eighth session of 2026-12-04): why a danger's words were used, not which words.

- The act named as the bare topic of a verdict or a definition (打老婆是不对的; 打娃到底管不管用; 同归于尽是什么意思;
  家暴零容忍): the hit opens its clause and the verdict follows it at once, so the act is talked about and told of
  nobody; the model reads it so too. Told of someone (他天天打孩子，这样不好吧; 我老公打孩子不对吗) or quoted from
  someone's own words (你发的"不想活了"是什么意思) it stands.
- A remark someone reported (他说要…, a quote) and then what came of it, in a clause opening with 结果 or 原来 that tells
  no danger and says nothing was meant (真的): told as what the remark was (结果是说说而已) it is cancelled; told as what
  happened next (结果请他吃了顿饭) the kind is 疑似, for a person, since what came of a threat or a farewell may be told
  without a danger's words (结果今天没来上班). A danger told after the outcome word keeps it certain.
- What is over, told as such: a hazard replaced in its sentence (把煤气罐换成了电烤炉; 都改成电暖了), wages or compensation
  told paid with 都/也 between (工钱都发了, 补偿都到位了), a time told as 那会儿 (as 当时); a wish for the future
  (希望以后…都能这么顺利) is no event now (疑似). What the sentence tells after the marker stands.
- Things compared for a choice (烧煤炉子和烧电暖气哪个省钱; 120和999有啥区别): a hit among them, before the question word
  in its clause, names a product or a service asked about; the model is quiet beside such a question too. A danger told
  in another clause stands.
- A dream's end (醒来, 醒了): no cue pairs with a word across it when the text tells a dream (梦见厨房着火了，醒来…燃气灶);
  what is told awake pairs as ever (醒来发现真的着火了).
- One who fell and walked off by themself (扶起来以后自己走回家了) is history for emergencies; getting up and falling
  again is not (自己爬起来了，可是…又倒下了). What care is taken to prevent (不想让东西掉下去砸到人, 免得) is 疑似.
- A short name in quotes that says itself what it names, a shop or a dish ("快刀拉面"门口…), or is followed at once by
  a dish (羊杂碎), names a thing; quoted speech (他喊"我要炸了你的店") is what was said, and stands.
- A remark someone reported (他说再输一把就从楼上跳下去) and a laugh anywhere after it in its sentence, the listeners'
  banter between: the laugh comments on what was said; not across a turn (结果他真的…).
- A rule asked about a class of people, the class opening its clause and the question closing it (小学生能不能一个人在家
  过夜？): told of nobody. One's own child (我儿子能不能…) or a report (学生可以随便进出网吧，…通宵) stands.
- A hazard named as what it is not (说非燃气泄漏): 非 right before its word or the noun it ends is a denial; 除非, 非常
  are none. An old clip passed round (一看是五年前的视频) is settled, as 是旧闻 is.
- A case named by the act and pointed at (那个家暴案子的判决; 那起杀人纵火案): a case at law or in the news, no call; a
  case reported (报案) names none, one's own told bare (我被家暴的案子一直不立案) stands, and what else the message tells
  stands.
- An animal as the one a body's sign or a loss is told of (我家狗吃了老鼠药，…一动不动): named before the hit in its
  sentence, no person named there but its owner, for emergencies and harm at home; a person named (邻居家的狗把孩子咬了;
  …隔壁老人倒在地上) keeps the hit, and so does an animal told as the one who did it (一条大狗冲过来，一口咬在腿上).
- A child at home alone doing homework (一个人在家写作业: a mask of harm at home) is an afternoon arranged; a child at home
  alone and a stranger at the door stays 疑似.

Written for these tests, never copied from a set.
"""

from __future__ import annotations

import pytest
from test_risk import det  # noqa: F401 - fixtures
from test_risk import flags as raised

from monitor.classify.risk import RiskDetector

RAISED = [  # (mechanism, text, kind): raised for certain
    ("a verdict a clause after a beating told", "他天天打孩子，这样不好吧", "minor_domestic"),
    ("a verdict asked of someone's beating", "我老公打孩子不对吗，昨天又打了", "minor_domestic"),
    ("the meaning of someone's own words asked", "你昨晚发的“不想活了”是什么意思？你现在在哪", "self_harm"),
    ("a definition asked, then the act told", "跳楼是什么意思啊，我弟弟刚才说要跳楼", "self_harm"),
    ("a threat reported, what came of it meant", "他说要弄死我，结果真的拿着刀来了", "threat"),
    ("a cry reported, a danger after the outcome word", "我弟说想跳河，结果今天一天都联系不上", "self_harm"),
    ("a hazard kept, not replaced", "夜市的烧烤摊还在用煤气罐，就放在炉子边上", "safety_hazard"),
    ("wages paid, then a crowd again", "工资都发了，可今天又有几十个工人堵在项目部门口", "mass_incident"),
    ("things compared, then a leak told", "燃气灶和电磁炉哪个安全？我家燃气灶一直漏气，一股煤气味", "safety_hazard"),
    ("things compared, a collapse told", "打120和自己开车送哪个快，我妈刚晕倒了", "medical"),
    ("a dream, then the fire awake", "做梦梦到家里着火，醒来发现真的着火了，楼道全是烟", "safety_hazard"),
    ("up by themself, then down again", "大爷在路边摔倒了，自己爬起来了，可是走了两步又倒下了，叫不应", "medical"),
    ("a threat quoted, ending with a shop", "他在电话里喊\"我要炸了你的店\"，现在人就在店门口", "threat"),
    ("a cry reported, a laugh, then a turn", "我弟说他不想活了，我们都以为他又在闹，哈哈，结果他真的把药都吞了", "self_harm"),
    ("a class's freedom told, not asked", "学生可以随便进出网吧，好几个初中生在里面通宵", "minor_domestic"),
    ("除非 before a leak, a smell now", "除非燃气泄漏，不然报警器不会一直响，现在家里一股煤气味", "safety_hazard"),
    ("非常 before a smell", "楼道里非常大的煤气味", "safety_hazard"),
    ("a case reported, then a threat at the door", "前夫家暴，我去派出所报案了，他昨晚又来砸门", "minor_domestic"),
    ("a case named, then a beating told", "我姐的家暴案子还没判，那个男的昨天又把她打进医院了", "minor_domestic"),
    ("a dog bites a child", "邻居家的狗把孩子咬了，孩子一直哭，流了好多血", "medical"),
    ("a dog barks, an old man down", "楼下的狗叫了一晚上，隔壁老人倒在地上一动不动", "medical"),
    ("a dog bites, nobody named", "一条大狗冲过来，一口咬在腿上，血流不止", "medical"),
    ("one's own case told bare", "我被家暴的案子派出所一直不立案，他现在天天在门口堵我", "minor_domestic"),
]


@pytest.mark.parametrize(("mechanism", "text", "kind"), RAISED, ids=[x[0] for x in RAISED])
def test_a_danger_told_stays_certain(det: RiskDetector, mechanism: str, text: str, kind: str) -> None:
    out = raised(det, text)
    assert kind in out and not out[kind]["possible"], (mechanism, det.detect(text))


QUIET = [  # (mechanism, text, kind): not raised at all (the model quiet too)
    ("a verdict on the act", "打老婆是不对的，咱们村得好好宣传", "minor_domestic"),
    ("a slogan against the act", "家暴零容忍，转发支持", "minor_domestic"),
    ("whether the act works, asked", "集体上访有用吗 想问问过来人", "mass_incident"),
    ("an opinion's opening before the verdict", "我觉得打娃真的不好，讲道理比啥都强", "minor_domestic"),
    ("a definition of a longer word begun by the hit", "同归于尽是什么意思，语文作业要造句", "threat"),
    ("a cry reported, told as what it was", "我妹说再胖就不活了，结果是说说而已，晚上又点了炸鸡", "self_harm"),
    ("a hazard replaced", "夜市的烧烤摊都把煤气罐换成了电烤炉，城管说今年必须换", "safety_hazard"),
    ("a crowd, then wages told paid", "工地上百号人堵在项目部门口要钱，后来工钱都发了，人也散了", "mass_incident"),
    ("a crowd told at 那会儿, compensation paid", "那会儿村里几十户去镇政府门口坐着要说法，后来补偿都到位了", "mass_incident"),
    ("ways of heating compared", "烧煤炉子取暖和烧电暖气哪个省钱", "safety_hazard"),
    ("fuels compared, the model quiet", "液化气罐和管道燃气哪个便宜，店里要换", "safety_hazard"),
    ("a fire dreamt, the stove checked awake", "梦见厨房着火了，醒来赶紧去厨房看了看燃气灶", "safety_hazard"),
    ("a fall, then home on foot", "早上有个大爷在菜市场门口摔了一跤，大家把他扶起来，他拍拍土自己走回家了", "medical"),
    ("a shop named in quotes", "“快刀拉面”门口天天停满了车，我家门都出不去", "threat"),
    ("a remark reported, banter, a laugh", "我表哥说他再输一把就从楼上跳下去，我们都说那你先把饭钱结了，哈哈哈", "self_harm"),
    ("a rule asked about a class", "请问小学生能不能一个人在家过夜？", "minor_domestic"),
    ("a leak named as what it is not", "维修师傅上门查了一遍，说非燃气泄漏，让我们放心用", "safety_hazard"),
    ("a case at law", "那个家暴案子的判决出来了，我觉得判轻了", "minor_domestic"),
    ("a case in a village's story", "我们村那起杀人纵火案过去好几年了，到现在都没破", "threat"),
    ("a dog poisoned", "我家狗吃了老鼠药，口吐白沫，躺着一动不动", "medical"),
    ("a child alone doing homework", "闺女一个人在家写作业呢，我七点下班就回", "minor_domestic"),
]


@pytest.mark.parametrize(("mechanism", "text", "kind"), QUIET, ids=[x[0] for x in QUIET])
def test_a_lookalike_is_read_by_its_mechanism(det: RiskDetector, mechanism: str, text: str, kind: str) -> None:
    assert kind not in raised(det, text), (mechanism, det.detect(text))


POSSIBLE = [  # (mechanism, text, kind): raised, as 疑似
    ("a threat reported, then what happened next", "我表哥说要把那个骗子砍了，结果今天请他吃了顿饭", "threat"),
    ("a farewell reported, then an absence told bare", "同事说要跳楼，结果今天没来上班", "self_harm"),
    ("a wish for the future", "希望以后咱们工地一百多个工人讨薪都能这么顺利，谢谢", "mass_incident"),
    ("one's own child asked about", "我儿子能不能一个人在家？他才六岁", "minor_domestic"),
    ("a child alone, a stranger at the door", "放学后儿子一个人在家，刚才打电话说门外有个陌生男的一直敲门", "minor_domestic"),
    ("what care is taken to prevent", "楼上搬家往下吊冰箱，绳子要多粗才行？不想让东西掉下去砸到人", "safety_hazard"),
]


@pytest.mark.parametrize(("mechanism", "text", "kind"), POSSIBLE, ids=[x[0] for x in POSSIBLE])
def test_a_lookalike_close_to_a_danger_goes_to_a_person(det: RiskDetector, mechanism: str, text: str, kind: str) -> None:
    out = raised(det, text)
    assert kind in out and out[kind]["possible"], (mechanism, det.detect(text))
