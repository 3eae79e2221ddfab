"""False flags by phenomenon (sixth session of 2026-12-04): the look-alikes still flagged on the development sets and
the real letters, grouped by how citizens use danger's words for something else, each cancelled for the phenomenon
with a danger told in the same words kept beside it.

Written for these tests, never copied from a set. Jokes and exaggeration: a joke owned to at the end (哈哈开玩笑的),
venting said as such (纯属吐槽), a vow taken back in brackets (（做不到）); a menace whose means is the petition office or
the press. A match cheered on, a verdict applauded. A
wedding convoy, a quarrel that ended at the table. Everyday words of danger: a parcel that does not move, socks dropped
from upstairs, a notice on a lift's wall, a medicine's price per bottle and a drip added, Tibetan medicine, fish
leaping. Past and explained: the cause found in a neighbour's pot, a doctor's plain verdict (积食, 岔气), a gas company's
check, a smell gone once lit, a thing made fast again; a pot boiled dry or a radiator boiling over is 疑似, not certain.
Internet slang (ordinary10's voice): a mood that blew up, a heart that bleeds at the pump, going all out, a like given, a
stream flooded with gifts, riders racing the clock, xswl, mock ravings (发疯文学), a driving test's question, a scam's
slang, a sheep for the table, a fish still twitching at the stall, a wedding's door game, a university student. And a
grown child nagged to marry, homework filmed for the class, words of a beating never acted on (其实从来没舍得), a school's
meeting crowded (疑似 at most), a fire a hazard may easily cause (极易: 疑似). From the real letters: a group's hardship
told as unlivable (老师真的快活不下去了), grown-ups lured into a deal, citizens passed between offices like a ball, a
house's appraisal grade, a fuel tax, asphalt that lets no water through, a quarry's blasting, a certificate issued
(打了证明), odd jobs, a site halted, a ditch blocked, money in the millions, rubbish burnt, a patriot's couplet.
"""

from __future__ import annotations

import pytest
from test_risk import det  # noqa: F401 - fixtures
from test_risk import flags as raised
from test_risk import no_pattern

from monitor.classify.risk import RiskDetector

LOOKALIKES = [  # (phenomenon, text, kind): no pattern of the kind fires
    ("a joke owned to at the end", "今天又加班到十点，真不想活了，哈哈开玩笑的啦", "self_harm"),
    ("venting said as such", "期中考试又没及格，我要跳楼（纯属吐槽）", "self_harm"),
    ("a vow taken back in brackets", "这个月吃土了，饿死自己算了（做不到）", "self_harm"),
    ("a menace that names the petition office", "你们等着，下礼拜我就去信访局反映", "threat"),
    ("a menace that names the press", "你们给我等着，我会让记者来的", "threat"),
    ("a match cheered on", "周六宁夏队主场，兄弟们去把对面杀个片甲不留", "threat"),
    ("a verdict applauded", "那个砍人案宣判了，判得好", "threat"),
    ("a wedding convoy", "结婚车队二十多辆排成一排，路上有点堵，大家都喜气洋洋的", "mass_incident"),
    ("a quarrel that ended at the table", "两家人吵了半天差点动手，最后一起去吃饭了", "mass_incident"),
    ("a parcel that does not move", "我的快递在路上三天了一动不动", "medical"),
    ("socks dropped from upstairs", "楼上晾的袜子掉下来一只，挂在我家空调外机上", "safety_hazard"),
    ("a notice on a lift's wall", "电梯里贴了个广告：困在电梯里请拨打这个号码", "safety_hazard"),
    ("a medicine's price per bottle", "大叔的药一百多一瓶，医保能报吗", "self_harm"),
    ("a drip added", "老人住院，医生又加了一瓶消炎药", "self_harm"),
    ("Tibetan medicine", "听朋友说送了些西藏药，说能治风湿", "self_harm"),
    ("fish leaping", "小溪里的鱼活蹦乱跳的", "self_harm"),
    ("the cause found in a neighbour's pot", "刚才闻到一股煤气味，吓一跳，结果是隔壁在熬中药", "safety_hazard"),
    ("a school doctor's plain verdict", "体育课跑完八百米，孩子喊肚子疼，校医说是岔气", "medical"),
    ("a doctor's plain verdict", "孩子晚上说肚子疼，去了医院，医生说是积食", "medical"),
    ("a gas company's check", "闻到有点煤气味，燃气公司的人来检查后确认为厨房下水道的味道", "safety_hazard"),
    ("a smell gone once lit", "燃气灶刚打火的时候有点味道，点着以后就没了", "safety_hazard"),
    ("a thing made fast again", "阳台上的花架被风吹得晃，物业已经来加固过了", "safety_hazard"),
]


@pytest.mark.parametrize(("phenomenon", "text", "kind"), LOOKALIKES, ids=[x[0] for x in LOOKALIKES])
def test_a_false_flag_phenomenon_raises_no_pattern(det: RiskDetector, phenomenon: str, text: str, kind: str) -> None:
    assert no_pattern(raised(det, text), kind), (phenomenon, det.detect(text))


EVERYDAY = [  # (phenomenon, text): smoke whose source is a pot or a radiator is 疑似 for the hub, not certain
    ("a pot boiled dry", "锅里的鸡汤炖干了，冒烟了，赶紧关了火"),
    ("a radiator boiling over", "路边一辆车冒烟，司机说是水箱开锅了"),
]


@pytest.mark.parametrize(("phenomenon", "text"), EVERYDAY, ids=[x[0] for x in EVERYDAY])
def test_smoke_of_a_pot_or_a_radiator_is_possible(det: RiskDetector, phenomenon: str, text: str) -> None:
    out = raised(det, text)
    assert out["safety_hazard"]["possible"], (phenomenon, det.detect(text))


KEPT = [  # (phenomenon, text, kind): the same words telling a danger are still raised for certain
    ("a weapon beside a menace and the press", "你们给我等着，我拿刀来找你们", "threat"),
    ("petrol beside the press", "他说再赔不上钱，就让记者来，然后拿汽油跟他们同归于尽", "threat"),
    ("a last post with pills taken", "这是我最后一条微博，药已经吃下去了，别找我", "self_harm"),
    ("a brawl after an away match", "客场比赛结束后，对方几十个球迷冲进来打人，还有人拿刀", "threat"),
    ("the cause found is a leak", "刚闻到煤气味，结果是楼下燃气管漏了，整栋楼都是味", "safety_hazard"),
    ("the staff's verdict doubted", "物业说是下水道返味，可厨房的煤气味一天比一天重", "safety_hazard"),
    ("a verdict that is an emergency", "孩子肚子疼得直打滚，医生说是阑尾炎要马上手术", "medical"),
    ("still unconscious after a verdict", "我妈在家晕倒了，医生说是积食我不信，现在还叫不醒", "medical"),
    ("a smell back once the flame is off", "燃气灶点着以后就没了，可关了火又有一股很浓的煤气味", "safety_hazard"),
    ("a pot boiling dry behind a door nobody opens", "三楼楼道里全是烟，像是谁家锅烧干了，敲了半天门也没人应", "safety_hazard"),
]


@pytest.mark.parametrize(("phenomenon", "text", "kind"), KEPT, ids=[x[0] for x in KEPT])
def test_a_danger_in_the_same_words_is_kept(det: RiskDetector, phenomenon: str, text: str, kind: str) -> None:
    out = raised(det, text)
    assert kind in out and not out[kind]["possible"], (phenomenon, det.detect(text))


SLANG = [  # (phenomenon, text, kind): internet slang in danger's words raises no pattern of the kind
    ("a mood that blew up", "排了两个小时队就为了一杯奶茶，心态炸了", "threat"),
    ("a heart that bleeds at the pump", "菜价又涨了，买一斤排骨心在滴血", "safety_hazard"),
    ("going all out", "为了抢演唱会的票，这些粉丝也是拼了", "threat"),
    ("a like given", "群里领导发了通知，说谁不想干可以走，我默默点了个赞", "threat"),
    ("a stream flooded with gifts", "有个老铁说要炸了我的直播间，结果刷了一堆礼物", "threat"),
    ("riders racing the clock", "送外卖的小哥都是拿命在跑，平台能不能少扣点钱", "threat"),
    ("laughing out loud in letters", "xswl 我同桌说再考不及格他就去跳河 结果考了九十分", "self_harm"),
    ("mock ravings", "发疯文学：再加班我就躺在公司门口打滚，然后默默把活干完", "threat"),
    ("a driving test's question", "科目一有道题问车辆起火怎么办，我选错了", "safety_hazard"),
    ("a scam's slang", "杀猪盘都杀到业主群里了，大家千万别转账", "threat"),
    ("a sheep for the table", "过年家里说要杀一只羊，邻居们都来吃手抓", "threat"),
    ("a fish still twitching at the stall", "早市上买鱼，老板杀鱼 一刀下去鱼还在跳", "self_harm"),
    ("a wedding's door game", "今天接亲玩堵门，伴娘把新郎堵在门外半小时", "mass_incident"),
    ("a university student is no minor", "大学生暑假兼职被中介骗了押金，能管吗", "minor_domestic"),
]


@pytest.mark.parametrize(("phenomenon", "text", "kind"), SLANG, ids=[x[0] for x in SLANG])
def test_internet_slang_raises_no_pattern(det: RiskDetector, phenomenon: str, text: str, kind: str) -> None:
    assert no_pattern(raised(det, text), kind), (phenomenon, det.detect(text))


SLANG_KEPT = [  # (phenomenon, text, kind): the same words telling a danger are still raised for certain
    ("going all out to flee a threat", "他说要杀了我全家，我真是拼了命才跑出来", "threat"),
    ("a rider down and not moving", "送外卖的骑手被车撞了，倒在路边一动不动", "medical"),
    ("a university student on a roof's edge", "大学生站在楼顶边上，喊也不下来", "self_harm"),
    ("a crowd blocking a gate", "两百多个工人把项目部的大门堵了讨工钱", "mass_incident"),
]


@pytest.mark.parametrize(("phenomenon", "text", "kind"), SLANG_KEPT, ids=[x[0] for x in SLANG_KEPT])
def test_a_danger_beside_slang_words_is_kept(det: RiskDetector, phenomenon: str, text: str, kind: str) -> None:
    out = raised(det, text)
    assert kind in out and not out[kind]["possible"], (phenomenon, det.detect(text))


MORE = [  # (phenomenon, text, kind): no pattern of the kind fires
    ("a grown child nagged to marry", "我妈天天催婚，春节都不敢回家了", "minor_domestic"),
    ("homework filmed for the class", "孩子的手工作业要家长签字拍视频上传", "minor_domestic"),
    ("words of a beating never acted on", "我姑说要揍我表哥，其实从来没舍得动他一下", "minor_domestic"),
]


@pytest.mark.parametrize(("phenomenon", "text", "kind"), MORE, ids=[x[0] for x in MORE])
def test_a_family_phrase_raises_no_pattern(det: RiskDetector, phenomenon: str, text: str, kind: str) -> None:
    assert no_pattern(raised(det, text), kind), (phenomenon, det.detect(text))


POSSIBLE = [  # (phenomenon, text, kind): raised for a person at most, never certain
    ("a school's meeting crowded", "开学第一天家长会，礼堂里挤满了人，过道都站满了", "mass_incident"),
    ("a fire a hazard may easily cause", "仓库里堆满了纸箱，极易引起火灾", "safety_hazard"),
]


@pytest.mark.parametrize(("phenomenon", "text", "kind"), POSSIBLE, ids=[x[0] for x in POSSIBLE])
def test_a_look_alike_is_not_certain(det: RiskDetector, phenomenon: str, text: str, kind: str) -> None:
    out = raised(det, text)
    assert kind not in out or out[kind]["possible"], (phenomenon, det.detect(text))


MORE_KEPT = [  # (phenomenon, text, kind): the same words telling a danger are still raised for certain
    ("a beating after the words never acted on", "我叔说要揍表弟，其实从来没舍得，可昨晚喝多了把表弟打得满脸是血", "minor_domestic"),
    ("a child afraid to go home", "孩子被他爸打得不敢回家，晚上睡在楼道里", "minor_domestic"),
    ("a fire that may easily spread", "仓库着火了，火越烧越大，极易蔓延到隔壁居民楼", "safety_hazard"),
]


@pytest.mark.parametrize(("phenomenon", "text", "kind"), MORE_KEPT, ids=[x[0] for x in MORE_KEPT])
def test_a_danger_beside_family_words_is_kept(det: RiskDetector, phenomenon: str, text: str, kind: str) -> None:
    out = raised(det, text)
    assert kind in out and not out[kind]["possible"], (phenomenon, det.detect(text))


LETTERS = [  # (phenomenon, text, kind): the real letters' look-alikes, in sentences of my own
    ("a group's hardship told as unlivable", "评职称的事拖了三年，我们这些老师真的快活不下去了", "self_harm"),
    ("a school's food told as unlivable", "食堂天天吃不饱，学生没法活了，学校管不管", "self_harm"),
    ("citizens passed between offices like a ball", "跑了三个月，区里把我们踢到街道办，谁都不管", "minor_domestic"),
    ("grown-ups lured into a deal", "某公司高额返租诱骗老人买商铺", "minor_domestic"),
    ("a house's appraisal grade", "说是C级危房，能不能申请改造", "safety_hazard"),
    ("a fuel tax", "燃油税费改革以后公路养护费怎么算", "safety_hazard"),
    ("asphalt that lets no water through", "新铺的操场沥青不透水，下雨全是积水", "safety_hazard"),
    ("a quarry's blasting", "采石场天天放炮，炸药震得房子都裂了", "threat"),
    ("a certificate issued", "在村委打了证明也不管用，还要去派出所", "minor_domestic"),
    ("odd jobs", "他偶尔打打临工，老婆在家带孩子", "minor_domestic"),
    ("a site halted", "工地已停工三个月，业主们天天打听什么时候复工", "mass_incident"),
    ("a ditch blocked", "村里的水渠被堵了，村民没法浇地", "mass_incident"),
    ("money in the millions", "他在赌场输了上百万，家里人都不知道", "mass_incident"),
    ("rubbish burnt, no arson", "我反映垃圾焚烧的问题，村委一直不管", "threat"),
    ("a patriot's couplet quoted", "我们始终相信苟利国家生死以，恳请领导主持公道", "self_harm"),
]


@pytest.mark.parametrize(("phenomenon", "text", "kind"), LETTERS, ids=[x[0] for x in LETTERS])
def test_a_letter_look_alike_raises_no_pattern(det: RiskDetector, phenomenon: str, text: str, kind: str) -> None:
    assert no_pattern(raised(det, text), kind), (phenomenon, det.detect(text))


LETTERS_KEPT = [  # (phenomenon, text, kind): the same words telling a danger are still raised for certain
    ("a teacher's own cry with the means", "老师说再逼我就去死，我真的快活不下去了，药都买好了", "self_harm"),
    ("a child lured away", "孩子被人诱骗到网吧，已经两天没回家了", "minor_domestic"),
    ("a child kicked by a drunk father", "爸爸喝醉了把我踢到墙角", "minor_domestic"),
    ("explosives against an office", "他说要用炸药把村委会炸了", "threat"),
    ("workers who down tools together", "工人们集体停工，把项目部的大门堵了", "mass_incident"),
    ("a village office to be burnt", "他说要一把火烧了村委会", "threat"),
]


@pytest.mark.parametrize(("phenomenon", "text", "kind"), LETTERS_KEPT, ids=[x[0] for x in LETTERS_KEPT])
def test_a_danger_beside_a_letter_look_alike_is_kept(det: RiskDetector, phenomenon: str, text: str, kind: str) -> None:
    out = raised(det, text)
    assert kind in out and not out[kind]["possible"], (phenomenon, det.detect(text))
