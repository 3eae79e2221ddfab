"""Danger told by what was seen or done, read from the set retired at the start of the sixth session of 2026-12-04
(eval22: early winter in Yinchuan, heating, coal stoves, gas, ice and the cold; 12345 work orders, voice messages,
letters), and the harmless uses of the same words.

Written for these tests, never copied from a set. Dangers told without their word: stepping in front of traffic told
as nearly done; running oneself against a lorry wished aloud; not going back, said by water or a height; a pet given
away and nobody to be troubled; a farewell wish to those left behind after a cry (你们好好的 settles nothing); a pinyin
slip of 想 (不相活); a help line that cannot be reached before the means. Threats: an oath on one's surname with the
target found; a way of one's own with its consequences owned; a weapon laid ready with a dare. Crowds: workers sleeping
at the site until paid; several estates going together; everyone's decision to block. Harm at home and to children:
a girl taken out of school to be married; marks on a child's back and what made them; beaten by a partner, told with
打的 and the wounds; a child shut out in the cold; children left alone for days; a campaign derided beside one's own
past; a clip placed here by its accent. Hazards: a gas main dug through or knocked askew, gas heard hissing, gas just
connected that smells wrong, a flue led nowhere, a lift that dropped floors, a crack that creaks, a roof bending under
snow, scalding water loose, a power strip burnt black, a chemical spilt, smoke smelt from one home, the hotline's
"with a smell", smoke driven back down a chimney, people unmoving beside a coal stove. Emergencies: someone taken ill
in a lift, a child barely responding, chest pain with a numb arm.
"""

from __future__ import annotations

import pytest
from test_risk import det  # noqa: F401 - fixtures
from test_risk import flags as raised
from test_risk import no_pattern

from monitor.classify.risk import RiskDetector

DANGERS = [  # (phenomenon, text, kind)
    ("stepping in front of traffic, nearly", "加班到凌晨 在马路牙子上站了很久 看着大车一辆辆开过来 差点就冲出去了", "self_harm"),
    ("running oneself against a lorry", "房贷断了 老婆也走了 我真想一头撞死在那辆渣土车上", "self_harm"),
    ("not going back, by the water", "钱全赔光了 我也不回去了 一个人坐在黄河边", "self_harm"),
    ("not going back, by a height", "被开除了 没必要回家了 我在天台上吹风", "self_harm"),
    ("a pet given away, nobody troubled", "狗托付给楼下阿姨了 屋里也收拾好了 以后不麻烦任何人", "self_harm"),
    ("a farewell wish after a cry", "爸 我真的不想活了 你们都好好的", "self_harm"),
    ("a pinyin slip of 想", "欠了一屁股债 我是真不相活了", "self_harm"),
    ("a help line unreachable, then the means", "那个心理热线根本没人接 绳子我都挂好了", "self_harm"),
    ("an oath on one's surname", "那个房东我打听到他住哪了 明天就去找他 不废了他我就不姓李", "threat"),
    ("a way of one's own, consequences owned", "派出所不管 街道也不管 我只能用自己的办法解决了 后果我担着", "threat"),
    ("a weapon laid ready with a dare", "对门天天半夜剁东西 我把菜刀磨好了 他再闹试试", "threat"),
    ("workers sleeping at the site", "三十多个工友都睡在工地上 老板不给工钱就在这过年", "mass_incident"),
    ("several estates going together", "下礼拜我们去区政府 五个小区一起 人少不了", "mass_incident"),
    ("everyone's decision to block", "欠了半年的钱，大伙商量好了，周一去开发商门口把路堵上", "mass_incident"),
    ("a girl married off from school", "村里有户人家让十四岁的闺女退学 说年后就定亲", "minor_domestic"),
    ("marks on a child's back", "邻居家小孩洗澡我看见身上全是淤青 一条一条的 像是拿衣架打的", "minor_domestic"),
    ("beaten by a partner, told with 打的", "我妹又叫她男人打的鼻青脸肿 半夜抱着孩子跑回娘家", "minor_domestic"),
    ("a child shut out in the cold", "楼上那家考砸了就不让娃进门 大冬天孩子在楼道里冻了半宿", "minor_domestic"),
    ("children left alone for days", "社区反映一户租户家孩子独自在家 父母好几天不回 屋里没暖气", "minor_domestic"),
    ("a campaign derided beside one's own past", "搞宣传有啥用 我小时候天天被我爸打 谁管过", "minor_domestic"),
    ("a clip placed here by its accent", "这个视频里那个男的拿皮带抽孩子 听口音是本地的 背景像是我们这边的菜市场", "minor_domestic"),
    ("a gas main dug through", "挖掘机把路边的天然气管道挖破了 现在整条街都是味", "safety_hazard"),
    ("gas heard hissing", "单元门口那根燃气管接口处一直呲呲响", "safety_hazard"),
    ("gas just connected that smells wrong", "我家刚通燃气 屋里闻着有股味 不敢开火", "safety_hazard"),
    ("a flue led nowhere", "装热水器的师傅说烟道不用接出去 结果我妈洗完澡就头晕", "safety_hazard"),
    ("a lift that dropped floors", "单元电梯刚才一下子掉到三楼才停住 里面还有两个人", "safety_hazard"),
    ("a crack that creaks", "老屋的山墙裂了好大一道口子 风一吹就咯吱咯吱响 怕塌", "safety_hazard"),
    ("a roof bending under snow", "市场的彩钢棚上积雪很厚 中间都压弯了 底下还有人摆摊", "safety_hazard"),
    ("scalding water loose", "楼上暖气管爆了 烫水顺着墙往下流 流了一地", "safety_hazard"),
    ("a power strip burnt black", "宿舍的排插上插了三个电热毯 插头那里都烧焦了", "safety_hazard"),
    ("a chemical spilt indoors", "化学实验室的盐酸打翻了 走廊里刺鼻得睁不开眼", "safety_hazard"),
    ("smoke smelt from one home", "五楼那户门缝里烟味越来越重 敲门也没人开门", "safety_hazard"),
    ("the hotline's with a smell", "市民反映某小区锅炉房旁燃气管道有嘶嘶声并伴有异味，请尽快处置。", "safety_hazard"),
    ("smoke driven back down a chimney", "来电人称家中烟囱倒烟，满屋子都是烟，孩子咳嗽不止。", "safety_hazard"),
    ("people unmoving beside a coal stove", "老两口屋里生着炉子 喊了半天没动静 隔着窗户看人躺着不动", "safety_hazard"),
    ("someone taken ill in a lift", "电梯里有人犯病了 倒在地上抽", "medical"),
    ("a child barely responding", "孩子烧了一夜 早上叫着没反应 我该怎么办", "medical"),
    ("chest pain with a numb arm", "胸口闷得喘不上气 左手麻 家里就我一个人", "medical"),
]



LOOKALIKES = [  # (phenomenon, text, kind): no pattern of the kind fires
    ("a farewell wish with no cry", "过完年我就回单位了，你们在家好好的", "self_harm"),
    ("someone found well", "走丢的爷爷找到了，人好好的", "medical"),
    ("going home told by a lake", "今年过年不回去了，在湖边租了个房子", "self_harm"),
    ("a surname joked about", "我不姓王，我姓汪，快递老写错", "threat"),
    ("a way of one's own that is lawful", "物业不管，那我只能用自己的办法了，明天请律师", "threat"),
    ("a knife for the kitchen", "新买的菜刀挺快，剁排骨一下就断", "threat"),
    ("owners voting together", "三个小区一起开业主大会，选新的物业公司", "mass_incident"),
    ("a wedding of grown-ups", "表姐二十六了，家里说明年就订婚", "minor_domestic"),
    ("a call made, no blow", "我爸爸打的电话，说晚上回来吃饭", "minor_domestic"),
    ("snow on a roof, no danger", "屋顶上的雪太厚了，拍照特别好看", "safety_hazard"),
    ("a new power strip", "插线板买了个新的，带开关的那种", "safety_hazard"),
    ("a lift asked about", "电梯年检是谁负责，多久一次", "safety_hazard"),
    ("someone ill told as routine", "我爸老毛病了，每年冬天咳嗽，开点药就行", "medical"),
]


# ---- the internet's voice (ordinary10, the same session): an ending told as a way down from a height or a last post,
# a cut told bare, violence seen in the street told to the police with its casualty, a beating in a clip of one's own
# building, a child alone at deep water
DANGERS += [
    ("a way down from a roof, told without 跳", "裁员名单有我 房贷还不上 明晚从单位天台下去", "self_harm"),
    ("a floor's way down asked how quick", "想了一整晚 从我家十六楼下去疼不疼", "self_harm"),
    ("standing on a roof with a last word", "谢谢大家这几年的关注 我在楼顶上 最后发一次", "self_harm"),
    ("everything lost, then not to be looked for", "网贷还不上了 播完这场我就走了 别找我", "self_harm"),
    ("a cut told bare", "我又割了 这次血怎么都止不住", "self_harm"),
    ("a cut bleeding on is an emergency too", "胳膊上第二道了 割得很深 一直在流血", "medical"),
    ("violence in the street told to the police", "@平安银川 步行街有人被群殴 地上那个已经躺地上不动了", "threat"),
    ("a casualty of violence", "菜市场两个摊主打成一团 一个被捅了 一直在冒血", "medical"),
    ("a clip of one's own building", "刷到个视频 就是我们小区的 那个男的把老婆按在地上打 孩子吓得直哭", "minor_domestic"),
    ("a child alone at deep water", "鸣翠湖边一个小孩在玩水 水很深 一个大人都没有", "safety_hazard"),
]
LOOKALIKES += [
    ("going downstairs", "我下楼下去拿快递，很快就回", "self_harm"),
    ("a windy roof with the washing", "天台风挺大，晾的床单一下午就干了", "self_harm"),
    ("a debt put off", "钱暂时还不上先欠着，下个月发了工资再说，不用找中介", "self_harm"),
    ("a game's fight", "打游戏被人围殴了，气死我了", "threat"),
    ("deep water fenced off", "水很深的地方都拉了警戒线，孩子们在浅水区玩水", "safety_hazard"),
]


# ---- the older development sets' leftovers, by phenomenon (step 3): a gas smell that stays after the repair visit, the
# hotline's smell beside a suspected leak, a lift that shut someone in again, a tanker dripping, a boiler blowing off,
# asleep in a car with the heater on, paper burnt beside what would burn, a valve that will not close beside a stall's
# fire; a small child alone by traffic or water; a brawl after the match; a clip placed in a Yinchuan school
DANGERS += [
    ("a gas smell that stays after the visit", "燃气维修的师傅中午来过了，可是厨房还是有味，晚上越来越冲", "safety_hazard"),
    ("the hotline's smell beside a suspected leak", "来电人称单元门口有明显异味，疑似燃气漏气，请尽快处置。", "safety_hazard"),
    ("a lift that shut someone in again", "又是东边那部电梯，把人关在里面半个钟头", "safety_hazard"),
    ("a tanker dripping", "服务区停着一辆槽罐车，底下一直在滴，味道刺鼻", "safety_hazard"),
    ("a boiler blowing off", "小区换热站的锅炉呲呲泄压，值班的人都跑出来了", "safety_hazard"),
    ("asleep in a car with the heater on", "我爸在车库里开着暖风睡着了，叫起来说头晕", "safety_hazard"),
    ("paper burnt beside what would burn", "有人在加油站旁边的空地上烧纸，风还挺大", "safety_hazard"),
    ("a stall's valve that will not close", "烧烤摊的液化气阀门拧不紧，关不上，火苗往外窜", "safety_hazard"),
    ("a small child alone by traffic", "国道边上有个两三岁的娃在路边走，没见大人", "minor_domestic"),
    ("a small child walking along a motorway", "看见一个小孩子沿着高速公路边上走，车开得飞快", "minor_domestic"),
    ("a brawl after the match", "球赛散场两拨球迷在停车场混战，几十号人", "threat"),
    ("a clip placed in a Yinchuan school", "网上传的视频，银川某小学的老师拿尺子抽学生的脸", "minor_domestic"),
]
LOOKALIKES += [
    ("a smell that stays after painting", "刷完墙师傅走了以后还是有味，开窗通风几天就好", "safety_hazard"),
    ("a lift's number asked", "3号梯什么时候年检，贴的合格证过期了没", "safety_hazard"),
    ("a tanker passing", "今天高速上好多罐车，开车注意安全", "safety_hazard"),
    ("a child going home alone from the stop", "孩子放学在路边等公交，没见大人来接，自己坐车回家了", "minor_domestic"),
    ("a match watched", "球赛散场以后大家一起去吃烧烤，挺热闹", "threat"),
]


# ---- winter and village dangers found by probes of my own (step 4)
DANGERS += [
    ("someone down a cellar not answering", "去菜窖里拿白菜的大爷下去一个钟头了还没上来，喊也不应", "safety_hazard"),
    ("straw piled against what sparks", "村口的柴火垛就堆在变压器底下，一点火星就着", "safety_hazard"),
    ("a coal stove where someone sleeps shut in", "看羊的老汉在圈房里生了个蜂窝煤炉子，晚上就睡在里面", "safety_hazard"),
    ("water breaking into a village", "上游的渠堤开了口子，水往村里灌，好几户院子都进水了", "safety_hazard"),
    ("bedding against a heater", "孩子把棉衣搭在电暖器上烤，都快挨上了，一股焦味", "safety_hazard"),
    ("a gas hose gnawed through", "厨房燃气软管让老鼠啃破了，开火的时候呲呲响", "safety_hazard"),
    ("a room full of smell beside a gas appliance", "燃气灶关了半天，厨房还是一屋子味，我妈在里屋睡着", "safety_hazard"),
    ("a pet entrusted and a far place", "以后我家猫就托付给你了，我要去另一个世界了", "self_harm"),
    ("one's funeral reckoned in money", "工资卡里还剩一点，够我办后事了", "self_harm"),
    ("waiting for the family to sleep", "等老婆睡着了我就去黄河，这样谁也拦不住", "self_harm"),
]
LOOKALIKES += [
    ("wind into a room", "窗户关不严，冷风一直往屋里灌", "safety_hazard"),
    ("a trip far away", "放假了，想去很远的地方旅游，猫就拜托邻居喂一下", "self_harm"),
    ("a cellar visited", "冬天的土豆都放在菜窖里，随吃随取", "safety_hazard"),
]


@pytest.mark.parametrize(("phenomenon", "text", "kind", "danger"),
                         [(*x, True) for x in DANGERS] + [(*x, False) for x in LOOKALIKES],
                         ids=[x[0] for x in DANGERS + LOOKALIKES])
def test_what_was_seen_raises_its_kind_and_its_harmless_use_none(det: RiskDetector, phenomenon: str, text: str,
                                                                  kind: str, danger: bool) -> None:
    """A danger is raised by a pattern (not the model's guess alone); a harmless use of its words by none."""
    out = raised(det, text)
    if danger:
        assert kind in out and not out[kind]["evidence"][0].startswith("模型"), (phenomenon, det.detect(text))
    else:
        assert no_pattern(out, kind), (phenomenon, det.detect(text))
