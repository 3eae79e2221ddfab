"""Look-alikes that share a danger's words, each beside a danger told with the same words.

Written for these tests (not copied from any data set or the blind set). Each phenomenon is how
citizens phrase an ordinary matter in danger words: someone missing told as found, a hazard
explained by a denial after it, a shop's name in quotes, a harm averted, an appliance that will not
light, water up to the ankle, a blow promised not to land, a degree of feeling, a spell over once a
remedy was taken, a little smoke. The look-alike must raise nothing; the danger beside it must still
be raised.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from test_risk import no_pattern
from test_risk_third_person import THIRD_PERSON_PAIRS

from monitor.classify.risk import RiskDetector

ROOT = Path(__file__).resolve().parents[1]


@pytest.fixture(scope="module")
def det() -> RiskDetector:
    return RiskDetector.load(ROOT / "config" / "risk.toml")


def kinds(det: RiskDetector, text: str) -> set[str]:
    return {r["flag"] for r in det.detect(text)}


def cancelled_by(det: RiskDetector, text: str) -> list[str]:
    evidence: dict = {}
    det.detect(text, evidence)
    return [c["by"] for c in evidence.get("risk", {}).get("cancelled", [])]


PAIRS = [  # (phenomenon, look-alike that raises nothing, danger in the same words, its kind)
    ("someone missing, told as found",
     "走失的老人找到了，已经平安回家了", "我爸走失两天了，到现在还没找到", "minor_domestic"),
    ("a hazard explained by a denial told after it",
     "楼后面冒白烟，问了物业，是锅炉房排的蒸汽，不是着火", "楼后面冒白烟，还有噼啪的声音，像是着火了", "safety_hazard"),
    ("a shop's name in quotes",
     '商场里新开的"跳楼"服装店，衣服都很便宜', '他说"我要跳楼"，然后就往楼顶走了', "self_harm"),
    ("a harm averted",
     "电热毯的线冒了几下火星，幸亏当时拔了插头", "电热毯的线一直在冒火星，插头还插着，拔不下来", "safety_hazard"),
    ("an appliance that will not light",
     "煤气灶点火老是点不着，是不是该换电池了", "他扬言今晚要去他家点火", "threat"),
    ("water up to the ankle",
     "下雨后小区路上积水没过脚面，走路湿鞋", "地下通道积水没过车顶，有车困在里面", "safety_hazard"),
    ("a blow promised not to land",
     "作者你出来，我保证不打死你", "他说再看见我就打死我", "threat"),
    ("a degree of feeling",
     "看到这个月的电费单，我心脏病都快犯了", "我爸心脏病犯了，嘴唇发紫，120一直打不通", "medical"),
    ("a spell over once a plain remedy was taken",
     "早上没吃早饭有点头晕，吃了块巧克力就好了", "工地上师傅中暑晕倒了，浑身滚烫，工头说休息一下就好", "medical"),
    ("a little smoke from fireworks",
     "给闺女买的仙女棒，在阳台点了两根，烟有点呛", "阳台上的杂物着火了，烟特别大，呛得喘不上气", "safety_hazard"),
]


OUTSIDE10_PAIRS = [  # (phenomenon, look-alike, danger in the same words, its kind); written for these tests
    ("an account called on is no context",
     "心理援助热线开通了，大家有需要可以打", "对不起，我撑不动了，就想安安静静地走 @市心理援助热线", "self_harm"),
    ("a goodbye with nothing more",
     "今晚加班，你们先吃饭，不用等我了", "谢谢你们这些年，晚安，不用等我了", "self_harm"),
    ("dying where one is wronged",
     "这块地是我爷爷开出来的，我们一家子都在这地里干活", "工地欠了两年工钱不给，我就死在这工地上，看他们管不管", "self_harm"),
    ("a blade at one's own throat",
     "刮胡子的时候刀片对着自己脖子，手一抖划了个口子", "他拿着水果刀抵着自己脖子，说谁过来就划下去", "self_harm"),
    ("someone on a bridge's rail",
     "桥上的护栏刷了新漆，晚上亮灯挺好看", "有个小伙子坐在护栏上一动不动，桥下就是黄河，谁能过去看看", "self_harm"),
    ("pets given away",
     "邻居的猫生了一窝，想找个好人家收养，猫粮一起送", "谁能收养我养的两只猫，猫粮猫砂一起送，我以后用不上了", "self_harm"),
    ("a gas joint bubbling under soap",
     "家里洗衣机用了肥皂水，出水口一直起泡，正常吗", "刚装的燃气表接口拿肥皂水一抹就冒泡，燃气公司说明天才来", "safety_hazard"),
    ("a socket flashing blue",
     "充电器的指示灯亮蓝光，插座上显示正常", "卧室那个插座一插电暖器就冒蓝火，还有焦味", "safety_hazard"),
    ("a crowd pressing on the fallen",
     "早高峰地铁里人挤人，挤不动，好不容易才下车", "庙会门口人挤人，前面有个老人摔倒了，后面的还在往前挤", "safety_hazard"),
    ("an old person locked in by their own",
     "我出门前把门锁好了，家里老人有钥匙，下午就回来", "对门老爷子有痴呆，他儿子把他锁在屋里好几天没来，听见他在喊饿", "minor_domestic"),
    ("a punishment that harms a child",
     "孩子上课说话，老师罚他抄了五遍课文，回来跟我说以后不说了", "孩子没背课文，老师罚他在雪地里站了一节课，手都冻紫了，晚上就发烧了", "minor_domestic"),
    ("a child's school named to a debtor",
     "你家儿子在哪上学？我家的也快上小学了，想打听一下哪个学校好", "钱再不还，你闺女在哪上学我可清楚得很，放学我去接她", "threat"),
    ("a sale that stocks up pills",
     "药店搞促销打八折，我爸一口气囤了一年的降压药", "降压药我攒了一整瓶，已经准备好了，这次不会再被救回来", "self_harm"),
    ("a hobby one is hooked on, a machine that fits",
     "最近迷上了一个手游，中毒了，天天玩到半夜", "吃了楼下小摊的凉皮，一家人都上吐下泻，怕是食物中毒了", "medical"),
    ("a group chat in uproar",
     "停水通知一出来，业主群里大家都炸了", "楼下小饭馆的液化气罐炸了，玻璃全碎了，有人受伤", "safety_hazard"),
    ("a short span of time is no denial",
     "检修工下去没几分钟就上来了，说井里一切正常", "检修工下到井里没几分钟就没动静了，喊他也不答应", "safety_hazard"),
    ("a jump into a canal",
     "夏天好多小孩在渠边跳皮筋，家长都在旁边看着", "他在电话里说要去跳那条大渠，现在电话关机了", "self_harm"),
    ("charcoal through a door nobody answers",
     "楼下烧烤店的炭味每天晚上都飘上来，关窗也没用", "对门门缝里一股炭味，敲门半天没人应，她一个人住", "self_harm"),
    ("someone trapped in a lift, told at length",
     "电梯维保公司的人说下周来检修，到时候会停运半天", "来电人称其父被困于小区三号楼电梯内已四十分钟，救援电话打不通", "safety_hazard"),
    ("fireworks stored where people live",
     "过年在城外指定地点放了烟花，孩子们可高兴了", "隔壁把好几箱烟花堆在楼道里，说过年要卖，楼上全是住户", "safety_hazard"),
    ("a scald poured over skin",
     "泡茶的开水浇在茶具上，一股清香", "孩子碰翻了水壶，开水浇在胳膊上，起了一大片泡", "medical"),
    ("someone pinned under a vehicle",
     "我的自行车被压在一堆共享单车底下，拽都拽不出来", "路口电动车翻了，人压在车底下起不来，快来人帮忙", "medical"),
    ("a line of treatment pulled out",
     "护士来拔了输液的针头，说明天就能出院了", "我妈昨晚趁没人把管子拔了，说不想透析了，护士说很危险", "medical"),
    ("hiding with the children from an armed partner",
     "孩子玩捉迷藏躲在卫生间，找了半天才找到", "他喝多了拿着菜刀砸门，我跟孩子躲在卫生间里不敢出声", "minor_domestic"),
    ("a woman heard crying for help",
     "小区晚上有女的在跳广场舞，音乐开得很大", "半夜听见隔壁有女的在喊救命，后来就没声音了", "minor_domestic"),
    ("bruises explained as falls",
     "邻居大姐胳膊青了一块，说是自己摔的，我看她走路确实不太利索", "她胳膊上又青又紫，说是自己摔的，这个月已经好几回了", "minor_domestic"),
]

MEME_AND_QUESTION_PAIRS = [  # (phenomenon, look-alike, danger in the same words, its kind); written for these tests
    ("a writer's own death as a reaction to food",
     "楼下新开的烤肉店也太香了吧，我死了", "我死了你们就都省心了，这个家我也不想待了", "self_harm"),
    ("a writer's own death as a reaction to a mark",
     "一看期末成绩我直接死了", "反正我死了也没人在乎，药都攒好了", "self_harm"),
    ("同归于尽 with a thing",
     "这道物理题算了一晚上，我要跟它同归于尽", "那个老板再不给钱，我就跟他同归于尽", "threat"),
    ("同归于尽 with homework",
     "寒假作业还剩一半，今晚跟作业同归于尽", "他们再来拆我家房子，我就跟他们同归于尽", "threat"),
    ("the danger named as the topic of a question for a number",
     "家暴求助电话是多少？社区想印在宣传栏上", "我老公喝完酒又打我，家暴求助电话是多少", "minor_domestic"),
    ("the danger named as what one asks how to report",
     "想了解一下怎么举报家暴，单位要做个调查表", "邻居家男人天天打老婆，昨晚又打得她满脸是血，怎么举报", "minor_domestic"),
]



OUTSIDE11_LOOKALIKE_PAIRS = [  # (phenomenon, look-alike, danger in the same words, its kind); written for these tests
    ("internet slang taking a cry back (bushi)",
     "论文又被退回来了，不想活了（bushi），去吃碗面", "论文又被退回来了，不想活了，药都买好了", "self_harm"),
    ("a wish to die told as a degree (…的心都有了)",
     "排了三个小时队还没办上，跳楼的心都有了", "排了三个小时队还没办上，我现在就站在办事大厅的楼顶，准备跳楼了", "self_harm"),
    ("a lively child",
     "楼上的娃一到晚上就上蹿下跳，楼板咚咚响", "楼上的娃一个人爬到窗台上跳来跳去，家里没大人", "minor_domestic"),
    ("a question about a danger's after-effects",
     "一氧化碳中毒后遗症有哪些？我姥爷前些年中过一次", "我姥爷一氧化碳中毒了，现在叫不醒，嘴唇发红", "medical"),
    ("a question whether something may be carried",
     "坐长途大巴能否携带汽油，是否违反规定", "他带着一桶汽油去了村委会，说要烧了那个地方", "threat"),
    ("a questionnaire's question",
     "体检的心理问卷里问有没有伤害自己的想法，这个要如实填吗", "最近总有伤害自己的想法，手腕上已经划了好几道了", "self_harm"),
    ("copywriting and a novel being written",
     "帮朋友写网文，男主角在这一章要从楼上跳下去，编辑说太丧", "我朋友刚才在电话里说要从楼上跳下去，现在联系不上", "self_harm"),
    ("a drama's plot",
     "这个剧的女主动不动就晕倒，太假了", "我妈刚才看电视的时候突然晕倒了，叫不醒", "medical"),
    ("an advertisement",
     "家用菜刀套装，剁骨切肉不费力，送货上门", "楼下那个人拿着菜刀在剁邻居家的门，说要砍死他们", "threat"),
    ("a campaign's exhortation",
     "冬季火灾高发，请勿在楼道内给电动车充电", "楼道里的电动车充着电突然起火了，烟已经上来了", "safety_hazard"),
    ("a stay in hospital told as over",
     "我爸上个月脑梗住院，出院时医保结算了，想问二次报销怎么申请", "我爸刚才突然说话不清楚，半边身子动不了，怕是脑梗", "medical"),
    ("people let out of a lift",
     "昨天被困电梯二十分钟，维保来把我们放出来了，想投诉他们来得慢", "现在被困在电梯里快一个小时了，维保电话打不通", "safety_hazard"),
    ("a condition stable again",
     "我妈前天晕倒送医，目前病情稳定，想问住院押金能不能少交", "我妈刚才在菜市场晕倒了，叫她也没反应", "medical"),
    ("someone who went off and came back",
     "儿子赌气说要离家出走，走到小区门口就回来了", "儿子昨晚说要离家出走，到现在还没回来，电话关机", "minor_domestic"),
    ("a wish to hit held back",
     "孩子把作业撕了，我真想揍他一顿，最后还是忍住了", "邻居那个男的说下次见到我就揍我一顿，今天真的带人来了", "threat"),
    ("a refund dispute told as 逼得人想跳楼",
     "培训机构退费拖了半年，真是逼得人想跳楼", "培训机构卷钱跑了，我借的钱还不上，已经站在楼顶了，准备跳楼", "self_harm"),
    ("thanks for a rescue that is over",
     "上个月我爸在小区门口晕倒了，多亏保安及时叫了救护车，今天特意来感谢", "上次感谢民警帮忙，可他今天又喝多了打我，孩子吓得直哭", "minor_domestic"),
    ("a question whether a practice works",
     "打孩子到底有没有用？现在的专家都说不该打", "他喝了酒就打孩子，打得满身是伤，报警到底有没有用", "minor_domestic"),
    ("darkness told as 黑灯瞎火 (no fire in it)",
     "小区路灯坏了半个月，晚上黑灯瞎火的，物业一直不修", "楼道里黑灯瞎火的，配电箱还在冒火花，一股焦糊味", "safety_hazard"),
    ("nobody unwell, told after a question about water",
     "家里自来水烧开有沉淀，想申请水质检测，家人无不适", "家里自来水发黄有怪味，喝了以后一家人都上吐下泻", "medical"),
    ("asking for a holiday day-care class",
     "小学生寒假托管班哪里有？要正规一点的，价格别太贵", "寒假托管班的老师把孩子关在小黑屋里，还打了他耳光", "minor_domestic"),
    ("a past danger whose cause is still there",
     "楼道的电线上个月冒过火花，电工来换了新线", "楼道的电线上个月冒过火花，物业就拿胶布缠了缠，现在还是那样", "safety_hazard"),
    ("a venue's noise beside a child",
     "小区楼下的酒吧太吵了，孩子晚上写作业都静不下心", "才十五岁的孩子天天晚上在酒吧陪酒，家里也不管", "minor_domestic"),
    ("someone smoking beside fuel",
     "办公室里有人抽烟，烟味特别大，说了也不听", "楼道里堆着好几桶汽油，还有人在旁边抽烟", "safety_hazard"),
    ("an icy slope nobody salts",
     "下雪了，物业一大早就撒了盐，路上一点都不滑", "小区门口的坡冻得跟镜子一样，今天已经摔了好几个老人，也没人撒盐", "safety_hazard"),
    ("a hydrant with no water",
     "消防栓刚检查过，水压正常，物业还贴了检查记录", "楼里的消防栓一点水都没有，楼道里还堆满了杂物", "safety_hazard"),
    ("a child who lost a thing, not a child lost",
     "孩子在学校又丢了一副手套，老师说管不过来", "孩子放学到现在还没回家，学校说早就走了，孩子丢了", "minor_domestic"),
    ("vanishing for a few days",
     "年底太累了，好想消失几天，去海边躺着什么都不管", "我想消失，这次不会再回来了，你们别找我", "self_harm"),
]


OUTSIDE11_DANGER_PAIRS = [  # (phenomenon, look-alike sharing the words that does not raise the kind, danger, its kind)
    ("an ending in winter water",
     "冬天黄河边的冰窟窿是渔民凿的，钓鱼的人挺多", "这日子过不下去了，今晚就去黄河边找个冰窟窿跳下去", "self_harm"),
    ("going out onto the ice and not coming back",
     "冰面上人太多了，我们不去了，在岸上看看就回来", "一个人在湖面上，想一直走到中间，不回来了", "self_harm"),
    ("a railway to lie on",
     "铁道边上的路灯坏了，晚上走路看不清", "欠的钱还不上了，明天就去铁道上躺着", "self_harm"),
    ("gas left unlit",
     "燃气灶打不着火，开着阀门点了好几次，是不是电池没电了", "盯着燃气灶看了一晚上，想把阀打开不点火，就这样睡过去", "self_harm"),
    ("a pet left to whoever will take it",
     "邻居出差一周，猫没人喂了，托我每天去喂一次", "最后麻烦大家一件事，我走了以后猫就没人喂了，谁能来领走它", "self_harm"),
    ("a vehicle driven at people",
     "春节庙会人多，我们开车绕开人多的地方走", "他们再不给我说法，我就开着车往人多的地方冲", "threat"),
    ("a vehicle driven at whoever stops it",
     "黄灯亮了我一脚油门冲过去了，会不会被拍", "交警再拦我，我直接一脚油门冲过去，大不了一起完蛋", "threat"),
    ("a leg broken promised, not a discount",
     "超市的腿肉打折了，一斤便宜五块", "那小子再敢碰我闺女，我就把他腿打折", "threat"),
    ("no peace promised to someone's family",
     "忙了一年，今年终于能安安生生过个好年了", "工钱再不结，过年他家里人也别想安生", "threat"),
    ("two groups facing off",
     "两个村的秧歌队在广场上对着跳，可热闹了", "两个村的人为了水的事叫了人在渠边对峙，手里都拿着家伙", "mass_incident"),
    ("drivers keeping their buses in",
     "下大雪了，好几条线路都停运了，司机们在停车场扫雪", "公交公司欠了三个月工资，好几条线路的司机都没出车，全在停车场坐着", "mass_incident"),
    ("icicles over a doorway",
     "公园里的冰挂真好看，好多人去拍照", "单元门正上方挂着一排冰挂，一米多长，孩子们天天从下面过", "safety_hazard"),
    ("a roof giving under snow",
     "下雪了，大棚顶上的雪得扫一扫，不然影响采光", "菜市场彩钢棚顶上的雪太厚了，棚子中间都往下凹了，底下全是人", "safety_hazard"),
    ("a flue blocked by snow",
     "平房的烟囱冒着烟，一看就知道家里生着炉子", "隔壁老人家的烟囱让雪给堵了，屋里往外冒烟，人还在里面", "safety_hazard"),
    ("ice that gives",
     "冰面上好多人在滑冰，冰场管理得挺好", "有人把车开到冰面上了，冰咔咔响，随时要裂", "safety_hazard"),
    ("an escalator with steps missing",
     "商场的扶梯停了，在换踏板，下周恢复", "商场扶梯有一级踏板缺了，还在运行，也没人看着", "safety_hazard"),
    ("a shock felt in water",
     "下雨天地道里积水，走过去腿都湿了", "地道积水里泡着个灯箱，有人趟水过去说腿麻了一下", "safety_hazard"),
    ("a wall left leaning",
     "老房子拆了一半，墙上还贴着以前的年画", "拆了一半的老厂房，墙就这么斜着立着，下面还有人摆摊", "safety_hazard"),
    ("fire near fuel",
     "油罐车每周二来加油站卸油，那天加油要排队", "几个小孩在加油站旁边放鞭炮，油罐车正在卸油", "safety_hazard"),
    ("signs of a stroke",
     "孩子说话有点大舌头，想问问哪里能做语言矫正", "我爸刚才突然说话大舌头，右手拿不住筷子", "medical"),
    ("poisoning told by the body",
     "花椒放多了，吃得嘴麻，不过挺香的", "吃完外卖半小时嘴麻，心跳特别快，手一直抖", "medical"),
    ("many taken ill at once",
     "这家店的菜太咸了，吃坏了胃口", "学校食堂中午吃坏了好几个孩子，都吐了，已经送医", "medical"),
    ("a collapse told by how it felt",
     "站起来猛了眼前一黑，缓了一下就好了", "我妈刚才眼前一黑就倒在厨房了，现在还晕", "medical"),
    ("a child taken along into a death",
     "孩子睡不着，我抱着他一起在阳台看星星", "实在撑不下去了，想抱着孩子一起从楼顶下去", "minor_domestic"),
    ("a child shut out of home",
     "孩子放学忘带钥匙，在楼道里等了我半小时", "楼里有个八岁的孩子被他爸喝多了赶出家门，在楼道里过夜", "minor_domestic"),
    ("a woman beaten at home",
     "社区民警到家中走访，讲了防诈骗的事", "来电人称邻居男子今晚又在家中殴打妻子，能听见哭喊", "minor_domestic"),
    ("a face swollen beside who did it",
     "智齿发炎了，脸肿了，明天去拔牙", "他喝了酒把我手机摔了，我脸都肿了，孩子吓坏了", "minor_domestic"),
    ("a partner chased with a weapon",
     "他当年追他媳妇追了三年，现在孩子都上大学了", "对门男的喝多了拿着菜刀追他媳妇，一直喊要砍死她", "minor_domestic"),
    ("someone alone who cannot get up",
     "我妈腰扭了，这两天起不了床，我请了假在家照顾", "隔壁独居的大爷从昨天起就下不了床，一天没吃东西了，说话有气无力", "medical"),
    ("a vehicle driven at a crowd somewhere named",
     "周末开车别往步行街那种人多的地方开，停车太难", "真想开着车往广场上人多的地方冲，让他们知道我有多冤", "threat"),
    ("those who came for their wages smashing the office",
     "讨工钱的老乡说这个项目部的玻璃是新换的", "那些讨工钱的把项目部的门窗都砸了，现在还堵在门口", "mass_incident"),
    ("a stove left burning with no grown-up at home",
     "炉子还着着，我去加点煤，晚上屋里暖和", "他们家大人都出去了，把孩子锁在屋里，炉子还着着", "safety_hazard"),
]


ALL_PAIRS = PAIRS + OUTSIDE10_PAIRS + MEME_AND_QUESTION_PAIRS + OUTSIDE11_LOOKALIKE_PAIRS + THIRD_PERSON_PAIRS


@pytest.mark.parametrize(("phenomenon", "lookalike", "danger", "kind"), ALL_PAIRS, ids=[p[0] for p in ALL_PAIRS])
def test_lookalike_raises_nothing_and_the_danger_beside_it_is_raised(
        det: RiskDetector, phenomenon: str, lookalike: str, danger: str, kind: str) -> None:
    raised = det.detect(lookalike)
    if phenomenon in MODEL_DOUBTS:  # no pattern fires; the model's 疑似 guess only, never certain
        assert all(r["possible"] and r["evidence"][0].startswith("模型") for r in raised), (phenomenon, raised)
    else:
        assert raised == [], (phenomenon, raised)
    assert kind in kinds(det, danger), (phenomenon, det.detect(danger))


# look-alikes the model that learnt outside14 (2026-12-02 night: validation mean recall .9492 -> .9504,
# look-alikes 117 -> 116 of 1,157) reads as 疑似 at 0.55-0.65: a goodbye before working late (不用等我了),
# a field one's family works in, a hydrant checked. No pattern fires on them; a person looks.
# The model that learnt eval10 and eval11 (2026-12-03, second session: validation mean recall .9536 -> .9546,
# look-alikes 111 -> 112, certain 30 -> 28 of 1,157) reads children by a canal (小孩在渠边, 88 %: those sets
# tell small children gone to the water) and an owners' group in uproar (业主群里大家都炸了, 64 %) as 疑似.
MODEL_DOUBTS = frozenset({"a goodbye with nothing more", "dying where one is wronged", "a hydrant with no water",
                          "a jump into a canal", "a group chat in uproar"})


def test_a_settlement_told_again_stands_taken_back(det: RiskDetector) -> None:
    # 被救下 settles the attempt last month; 今天又 tells it again now
    assert "self_harm" in kinds(det, "楼上那个小伙子上个月被救下来过一次，今天又站到天台边上说要跳")


def test_a_denial_that_explains_says_so_and_a_question_or_an_either_explains_nothing(det: RiskDetector) -> None:
    text = "楼后面冒白烟，问了物业，是锅炉房排的蒸汽，不是着火"
    assert "不是着火" in cancelled_by(det, text)
    assert "safety_hazard" in kinds(det, "厨房里一股焦糊味，还有烟，不是着火了吧？")
    assert "safety_hazard" in kinds(det, "厨房里一股焦糊味，还有烟，不是着火就是电线短路了")


def test_advice_to_take_care_is_no_mask_for_a_menace(det: RiskDetector) -> None:
    # 老人走路得小心点 is advice, but the same words to the one threatened are a menace: no mask for them
    assert "threat" in kinds(det, "你出门得小心点，我知道你住哪")


def test_a_missing_one_is_found_only_when_named(det: RiskDetector) -> None:
    # 就找到了 finds a shoe as well as a child: only the one missing, named, settles it
    assert "minor_domestic" in kinds(det, "孩子走丢了，我们找了一夜，就找到了一只鞋，人还没找到")


def test_a_bad_explained_value_names_file_key_and_problem(tmp_path: Path) -> None:
    from monitor.classify.risk_config import load_risk
    from monitor.core.config import ConfigError
    text = (ROOT / "config" / "risk.toml").read_text(encoding="utf-8")
    bad = text.replace('explained = "cancel"', 'explained = "drop"', 1)
    assert bad != text
    (tmp_path / "risk.toml").write_text(bad, encoding="utf-8")
    (tmp_path / "risk_model.json").write_text((ROOT / "config" / "risk_model.json").read_text(encoding="utf-8"),
                                              encoding="utf-8")
    with pytest.raises(ConfigError, match=r"risk\.toml.*explained"):
        load_risk(tmp_path / "risk.toml")


def test_a_long_text_of_many_denials_reads_each_hit_in_its_window(det: RiskDetector) -> None:
    # a long text repeating one hit and its denial is read by window (risk.spans._ends): each hit still
    # meets its own denial, and a danger told after hundreds of them is still raised
    denied = "楼道里煤气泄漏了吗，没有煤气泄漏。" * 400
    assert kinds(det, denied) == set()
    assert "没有" in cancelled_by(det, denied)
    assert "self_harm" in kinds(det, denied + "我真的不想活了，今晚就从楼顶跳下去")
    drills = "消防演练的时候有人假装晕倒了，" * 300
    assert kinds(det, drills) == set()
    assert "medical" in kinds(det, drills + "刚才我妈真的晕倒在厨房了，叫不醒")



def test_each_of_a_count_of_attempts_is_no_habit(det: RiskDetector) -> None:
    # 每次 after 打了三次 is each attempt now, not a standing complaint (长期/每次 cancel emergencies)
    assert "medical" in kinds(det, "打了三次120每次都说马上派车，我妈已经叫不醒了")
    assert "medical" not in kinds(det, "我们小区每次叫120都进不来，消防通道长期被占")


def test_an_idle_question_owned_as_a_preoccupation_is_possible(det: RiskDetector) -> None:
    out = {r["flag"]: r for r in det.detect("从楼顶跳下去会不会很疼，就是随便问问，这几天总在想")}
    assert "self_harm" in out and out["self_harm"]["possible"]
    assert kinds(det, "从楼顶跳下去会不会很疼，就是随便问问") == set()


def test_a_past_jump_into_a_canal_reaches_a_person_never_certain(det: RiskDetector) -> None:
    # a past jump into a canal (past = possible for 轻生) still reaches a person, never certain
    out = {r["flag"]: r for r in det.detect("我们村前几年有人跳渠了，后来装了护栏")}
    assert "self_harm" not in out or out["self_harm"]["possible"]


def test_a_busy_queue_is_no_crowd_and_a_crowd_at_the_same_hall_is(det: RiskDetector) -> None:
    assert "mass_incident" not in kinds(det, "今天去办护照，办事大厅坐满了人，上百人在等叫号")
    assert "mass_incident" in kinds(det, "上百个工人堵在人社局门口讨薪，拉着横幅不让车走")


def test_a_smell_of_paint_is_possible_and_gas_beside_it_is_certain(det: RiskDetector) -> None:
    paint = {r["flag"]: r for r in det.detect("楼上装修刷油漆，整个楼道都是刺鼻的味道，好几天了")}
    assert "safety_hazard" not in paint or paint["safety_hazard"]["possible"]
    gas = {r["flag"]: r for r in det.detect("楼上装修把管子碰了，整个楼道都是燃气味，刺鼻得很")}
    assert "safety_hazard" in gas and not gas["safety_hazard"]["possible"]


def test_a_joke_told_as_someone_elses_verdict_frames_nothing(det: RiskDetector) -> None:
    # the writer's own 说着玩的 frames the sentence; a teacher's verdict reported by the writer does
    # not: the knife is raised as 疑似 for a person to judge
    told = "有个男生带了把刀到学校，说放学要捅那几个欺负他的人，老师说小孩是说着玩的"
    out = {r["flag"]: r for r in det.detect(told)}
    assert "threat" in out and out["threat"]["possible"]
    assert kinds(det, "同事说要捅死那几个甲方，当然是说着玩的") == set()


def test_a_danger_named_as_a_question_s_topic_is_no_hit_and_one_told_before_it_stands(det: RiskDetector) -> None:
    # named: a question's opening at most before it (请问, 这种), nothing told of who or what happened
    assert kinds(det, "请问一氧化碳中毒有什么症状") == set()
    assert kinds(det, "群体上访需要提前报备吗") == set()
    assert kinds(det, "楼道里堆满了杂物，这种消防隐患找谁管") == set()
    # told of someone and asked about at once: 疑似, for a person (never dropped)
    for told in ("邻居天天打孩子怎么举报", "我老公家暴怎么举报他"):
        out = {r["flag"]: r for r in det.detect(told)}
        assert "minor_domestic" in out and out["minor_domestic"]["possible"], told
    # a place or a question's opening before it tells nobody: still named
    assert kinds(det, "请问一下银川的家暴求助电话是多少") == set()


def test_a_question_of_where_to_complain_or_what_to_do_first_is_at_most_possible(det: RiskDetector) -> None:
    for text, kind in (("农民工讨薪应该去哪里投诉", "mass_incident"), ("燃气泄漏应该先关阀门还是先开窗", "safety_hazard")):
        out = {r["flag"]: r for r in det.detect(text)}
        assert kind not in out or out[kind]["possible"], (text, out)


def test_a_cry_before_a_question_for_a_number_is_still_raised(det: RiskDetector) -> None:
    # the question asks the number away, not the cry told before it in its own clause
    assert "self_harm" in kinds(det, "我想死，心理热线多少")
    assert kinds(det, "心理热线多少？想存一个") == set()
    assert "电话是多少" in cancelled_by(det, "家暴报警电话是多少")


def test_nobody_hurt_settles_the_injury_not_the_hole_still_growing(det: RiskDetector) -> None:
    # 人没事 settles an emergency (medical's own `settled`), not the hazard that is still there
    assert "safety_hazard" in kinds(det, "路中间塌了个坑，一辆三轮车掉进去了，人没事，坑还在往外扩")
    assert "medical" not in kinds(det, "路中间塌了个坑，一辆三轮车掉进去了，人没事")


@pytest.mark.parametrize(("phenomenon", "lookalike", "danger", "kind"), OUTSIDE11_DANGER_PAIRS,
                         ids=[p[0] for p in OUTSIDE11_DANGER_PAIRS])
def test_a_danger_told_by_circumstance_is_raised_and_its_words_alone_do_not_raise_it(
        det: RiskDetector, phenomenon: str, lookalike: str, danger: str, kind: str) -> None:
    # the rule's own kind only: other readers may see another kind in the look-alike's words (an open ice
    # hole is a hazard; the model reads a petrol station as one)
    # (the model's own 疑似 guess aside: learning eval8 and eval9 made it read a parent holding a child on a
    # balcony at night as 疑似 harm at home; the rule is what this tests, and it must not fire)
    raised = {r["flag"]: r for r in det.detect(lookalike)}
    assert no_pattern(raised, kind), (phenomenon, raised)
    assert kind in kinds(det, danger), (phenomenon, det.detect(danger))
