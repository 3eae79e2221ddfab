"""Harmless uses of danger words, read as citizens write them (fifth session of 2026-12-03).

Written for these tests, never copied from a set. The phenomena were read from the risk set retired this
session (eval14) and from the look-alikes that the development sets' held-out read still flags: whether a
blade may be carried or posted (a rule question), a team game's or a paintball day's words, a show told by
its episode and cast, a rule asked after what it is about, a rumour the writer denies, an alarm chirping
for its battery, a diet or an exam told by how far it went, praise of food with mock murder, a home remedy
asked about, a crowd cheering a proposal or a school's good news, a child's bargaining threat to run away,
a fish gutted at a stall, a collection of knives, a classroom volcano, meditation; a licence
asked for at the end; work or a test told as a wish to jump or die; one's own broken car wished
burnt; a market's fall or a betrayal told as a jump or a stab; a sign taken down; a concert's stage smoke; nobody hurt, only things damaged; a shop's sale that
jumps every year, a bill that electrocutes, children running upstairs, a zombie game, cooking that sets off
the alarm, a hide hung to dry; a policy praised, a seasonal notice,
an inspection campaign, a doctor's visit planned, parents weighing a smack; a dream told with
梦到, a rescuer praised, a song named by its words, an ambulance's fee asked, an appliance on strike; and the model's own
guesses on a vow about food, a family joke, a ceremony, a suggestion for a pool, a hospital's queue. Beside
each, a danger told with the same words must still be raised, and an outraged question (还让不让…活) is
no rule question and denies nothing.
"""

from __future__ import annotations

import pytest
from test_risk import det, eager  # noqa: F401 - fixtures
from test_risk import flags as raised
from test_risk import no_pattern

from monitor.classify.risk import RiskDetector

LOOKALIKES = [  # (phenomenon, text, kind that must not be raised by a pattern)
    ("a blade on a train, asked", "出差想带把削皮刀，高铁上能带吗", "threat"),
    ("a blade posted, asked", "网上买的剪刀想寄给我妈，快递能寄吗", "threat"),
    ("knives collected", "我爸喜欢收藏刀具，家里摆了一柜子", "threat"),
    ("a permit asked after the blade", "朋友送了把开山刀当摆件，需要办什么证吗", "threat"),
    ("a team game", "晚上跟室友开了几把，团战被对面炸了三次，气死", "threat"),
    ("a paintball day", "单位组织玩真人CS，我被打了一身彩弹，腿上青了一块", "minor_domestic"),
    ("a show's episode", "上周那集女配从楼顶跳下去了，弹幕都在哭", "self_harm"),
    ("a child's age asked against the law", "孩子十岁了，放学后自己在家待两个钟头，有啥规定吗", "minor_domestic"),
    ("a rumour denied", "群里说河边有人跳水轻生，我问了派出所，根本没这回事", "self_harm"),
    ("an alarm chirping for its battery", "厨房的燃气报警器隔一会滴一声，是不是没电了", "safety_hazard"),
    ("a diet told by how far it went", "为了穿婚纱减到想死，晚饭只吃了一个黄瓜", "self_harm"),
    ("an exam that dazed", "物理期中考晕了，选择题全靠蒙", "medical"),
    ("praise of food with mock murder", "这家手抓太好吃了，老板我要杀了你，开到我家门口来", "threat"),
    ("a home remedy asked", "有点中暑了喝啥好，淡盐水管用吗", "medical"),
    ("a crowd cheering a proposal", "商场中庭有人求婚，里三层外三层围着看", "mass_incident"),
    ("a banner of congratulations", "社区门口拉横幅热烈祝贺咱们的老支书八十大寿", "mass_incident"),
    ("a child's bargaining threat to run away", "闺女说不给买小裙子就离家出走，说完就去搭积木了", "minor_domestic"),
    ("a fish gutted at the stall", "早市杀鱼的大姐手快，鱼血溅了我一鞋", "threat"),
    ("a classroom volcano", "娃在家做火山爆发的实验，醋洒了一桌子", "safety_hazard"),
    ("meditation", "晚上在家静坐冥想半小时，睡得特别香", "mass_incident"),
    ("jumping onto one's bed", "忙了一天，回家第一件事就是跳到床上躺平", "self_harm"),
    ("a family's rough talk", "我妈老说再不好好吃饭就揍我，我家说话就那样，从没真动过手", "threat"),
    # a licence asked for at the end of what it is about
    ("a jump under a glider, asked", "想从山坡上往下跳着飞一次，需要什么资质", "self_harm"),
    # tired of work or a test, told as a wish to jump or to die
    ("tired of work, a wish to jump", "天天加班干得想跳河，想想房贷还是接着干吧", "self_harm"),
    ("a driving test, told by degree", "侧方停车练了一下午，被教练虐到想死", "self_harm"),
    ("one's own broken car wished burnt", "这破车又打不着了，真想一把火烧了它", "threat"),
    ("a market's fall told as a jump", "基金净值从楼顶直接跳到地下室了，心态崩了", "self_harm"),
    ("betrayal told as a stab", "说好一起戒奶茶，他偷偷点了外卖，背后捅我一刀", "threat"),
    ("a sign taken down, at ease", "路口那块松动的广告牌昨天拆了，以后可以放心了", "safety_hazard"),
    ("stage smoke at a concert", "昨晚演唱会舞台上烟雾特别大，灯光一照像仙境", "safety_hazard"),
    ("nobody hurt, only things damaged", "没人受伤，就是我停在楼下的电动车被掉下来的树枝砸弯了", "safety_hazard"),
    ("a shop that 'jumps' every year", "街角那家鞋店年年跳楼，门口的牌子都褪色了", "self_harm"),
    ("a bill that 'electrocutes'", "这个月空调开得多，电费是想把我电死", "safety_hazard"),
    ("children running upstairs", "楼上俩娃从早到晚跑跳，地板咚咚响", "self_harm"),
    ("a zombie game", "那款丧尸游戏里的人从天台往下跳，特效挺吓人", "self_harm"),
    ("cooking sets off the alarm", "煎个鱼烟大了点，厨房的报警器响个不停，以为着火了", "safety_hazard"),
    ("a hide hung to dry", "过节宰了羊，用绳子把羊皮挂在棚子梁上晾着", "self_harm"),
    ("a policy praised", "街道给独居老人装了烟感和呼叫器，老人摔倒了一按就有人来，政策真好", "medical"),
    ("a seasonal notice", "冬季取暖季火灾多发，提醒大家出门前检查电暖器和插座", "safety_hazard"),
    ("an inspection campaign seen", "今天在收费站碰上危化品车专项检查，排了好长的队", "safety_hazard"),
    ("a doctor's visit planned", "牙疼了三四天，吃了止疼片也不管用，周末去医院看看", "medical"),
    ("parents weighing a smack", "我和孩子他爸争论该不该打屁股，翻了好几本育儿书", "minor_domestic"),
    ("a dream told with 梦到", "昨晚梦到被一群人拿刀追，吓出一身汗", "threat"),
    ("a rescuer praised", "去年冬天从冰窟窿里救人的大哥被评为见义勇为先进，真给咱县争光", "medical"),
    ("a rule asked in a sentence of its own", "物业不让电动车推进电梯。这个是有规定的吗", "safety_hazard"),
    ("a song named by its words", "最近那首叫“跳下去”的神曲太洗脑了，同事都在哼", "self_harm"),
    ("an ambulance's fee asked", "救护车拉了五公里收了三百，收费标准是按啥定的", "medical"),
    ("an appliance on strike", "家里洗衣机罢工了，师傅说要等配件", "mass_incident"),
]


@pytest.mark.parametrize(("phenomenon", "text", "kind"), LOOKALIKES, ids=[x[0] for x in LOOKALIKES])
def test_a_harmless_use_raises_no_pattern(det: RiskDetector, phenomenon: str, text: str, kind: str) -> None:
    assert no_pattern(raised(det, text), kind), (phenomenon, det.detect(text))


DANGERS = [  # (phenomenon, text, kind): the same words telling a danger are still raised
    ("a classmate who fainted (学晕 is no mask)", "体育课跑完步，我们班一个同学晕过去了，嘴唇发白", "medical"),
    ("a knife hidden, not collected", "他把一把砍刀藏在床底下，说等那个人出来就动手", "threat"),
    ("a blade carried to someone", "他说明天带把刀去找工头，谁拦都没用", "threat"),
    ("an alarm that sounds beside a smell", "燃气报警器一直在响，屋里一股臭鸡蛋味", "safety_hazard"),
    ("a diet that turned to a wish to die", "减肥减到不敢吃饭，我觉得就这么饿死自己也挺好", "self_harm"),
    ("a heat stroke told by what it does", "工地上有个师傅中暑了，叫也叫不醒", "medical"),
    ("a child who ran away for real", "儿子昨晚离家出走了，到现在电话也打不通", "minor_domestic"),
    ("a rumour doubted, the danger seen", "有人说河边跳水是谣传，可我刚才亲眼看见有人往下跳了，快来人", "self_harm"),
    ("a threat told, then a fee asked about", "物业再这么欺负人，我真会拎着刀去跟他们拼了。请问乱收费合法吗", "threat"),
    ("a threat told, then asked whether a fee is lawful", "逼急了我就提刀上门。停车收费这合法吗", "threat"),
    ("a crowd told after an outraged question", "还让不让老百姓活了，全村人明天一起去县政府", "mass_incident"),
    ("an outraged question denies nothing", "物业把大门锁了，还让不让人回家了，几十户业主堵在物业办公室门口", "mass_incident"),
    ("someone hurt beside damage", "树枝砸下来把车砸了，还有个老人被砸到头，流了好多血", "safety_hazard"),
    ("a jump from a roof beside a sale", "商场搞清仓，结果有个店员从楼顶跳下去了", "self_harm"),
    ("an elder in a care home who wants to go", "我姥姥住养老院，昨天电话里说让我走吧，药都攒了一抽屉", "self_harm"),
    ("a fire now, in the season of fires", "冬天火灾多发，可这会儿是真的，我们楼三层着火了，浓烟滚滚，有人被困在里面", "safety_hazard"),
    ("a bystander beaten for stepping in", "一伙人闯进小区打人，还把上前见义勇为的邻居打得头破血流，说谁报警就弄死谁", "threat"),
    ("workers on strike for pay", "厂里几十个工人都罢工了，堵在老板办公室门口要工钱", "mass_incident"),
    ("a farewell at ease", "存折都分给孙子们了，看到你们都好好的我就放心了，这几天别找我", "self_harm"),
    ("someone else's car to be burnt", "他那辆破车天天堵我门口，今晚我就一把火烧了他的车", "threat"),
]


@pytest.mark.parametrize(("phenomenon", "text", "kind"), DANGERS, ids=[x[0] for x in DANGERS])
def test_the_same_words_telling_a_danger_are_raised(det: RiskDetector, phenomenon: str, text: str, kind: str) -> None:
    assert kind in raised(det, text), (phenomenon, det.detect(text))


MODEL_QUIET = [  # (phenomenon, text, kind, word that keeps the model quiet)
    ("a vow about food", "再点一份烤串我就是狗，下周一定开始跑步", "threat", "我就是狗"),
    ("a family joke of peace", "我爸今天主动洗碗了，我妈笑着说世界和平了", "self_harm", "世界和平"),
    ("a child's ceremony", "闺女小学毕业典礼上抱着班主任哭成了泪人", "minor_domestic", "毕业典礼"),
    ("a suggestion for a pool", "提个建议，小区游泳池应该规定小孩必须有大人陪着", "minor_domestic", "提个建议"),
]


def assert_model_quiet(det: RiskDetector, eager: RiskDetector, phenomenon: str, text: str, kind: str,
                       by: str) -> None:
    """The model's guess of ``kind`` on ``text`` is cancelled by the word ``by`` (kept as evidence),
    in the detector as shipped and in the eager one that reports every cancelled guess."""
    assert kind not in raised(det, text), (phenomenon, det.detect(text))
    evidence: dict = {}
    assert kind not in {r["flag"] for r in eager.detect(text, evidence)}
    assert {"flag": kind, "words": "模型", "by": by} in evidence["risk"]["cancelled"], (phenomenon, evidence["risk"])


@pytest.mark.parametrize(("phenomenon", "text", "kind", "by"), MODEL_QUIET, ids=[x[0] for x in MODEL_QUIET])
def test_the_model_stays_quiet_on_a_harmless_use(det: RiskDetector, eager: RiskDetector, phenomenon: str,
                                                 text: str, kind: str, by: str) -> None:
    assert_model_quiet(det, eager, phenomenon, text, kind, by)
