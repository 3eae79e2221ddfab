"""Dangers told by what is left behind or shared, and their look-alikes (session of 2026-12-03, second).

Written for these tests, never copied from a set. The phenomena were read from the risk sets retired this
session (eval10, eval11) and grouped by how the danger is told: a going read by what is left behind (a
note, money with a word and the phone off, shoes on a bank), a room sealed, water walked into, the
writer's death asked about for what it leaves the family; a threat that takes the writer along or
promises a vague reckoning; crowds organised on line; people fallen in the street or slumped at the
wheel; illness shared by those who ate or drank the same; hazards told by a rigged bottle, loose petrol,
a rusting gas pipe, bikes charging where people sleep, a crane in a gale. And what only looks like them:
a note about the cat, money sent home, a window sealed against a draught, a wading cool-off, a rule
question on the phone, a gathering for an outing, a drunk asleep, a head knock that came to nothing.
"""

from __future__ import annotations

import pytest
from test_risk import det  # noqa: F401 - fixture
from test_risk import flags as raised
from test_risk import no_pattern

from monitor.classify.risk import RiskDetector

DANGERS = [  # (phenomenon, text, kind): each must be raised, certain or 疑似
    ("a letter left, then gone", "我舅舅昨晚在茶几上留了一封信就出门了，到现在电话一直打不通", "self_harm"),
    ("a note on the door asking for the police", "楼下那户门上贴了张纸，写着别开门直接报警，好几天没见人下楼", "self_harm"),
    ("money with a word, the phone off", "我姐今天忽然给我转了五万，只说了一句照顾好爸妈，之后手机就关机了", "self_harm"),
    ("things given away, a farewell signature", "我表弟把自己的吉他和球鞋全送人了，朋友圈签名也改成了勿念", "self_harm"),
    ("relief for all, do not look for me", "等高考一结束我就解脱了，你们以后别找我", "self_harm"),
    ("a room sealed beside charcoal", "出租屋里我已经把门缝窗缝都用胶带贴上了，炭也买好了", "self_harm"),
    ("walking into deep water", "深夜看见一个女的在黄河边一直往水深的地方走，水都到腰了，喊她也不回头", "self_harm"),
    ("shoes left on a bank", "湖边台阶上有双鞋子整整齐齐摆在岸上，人不知道去哪了", "self_harm"),
    ("giving oneself to the water", "真想把自己交给黄河", "self_harm"),
    ("not wanting to be saved", "哪个水库最深，我不想被人救上来", "self_harm"),
    ("one's death asked about for the family", "要是我死在厂门口，欠的工钱能不能直接给我娃", "self_harm"),
    ("living given up as a plan", "离婚了什么都没了，这日子我也不打算过下去了", "self_harm"),
    ("slang for it", "最近qs的想法越来越重，晚上睡不着", "self_harm"),
    ("the means taken, help refused", "她说药已经吃下去了，叫我别管", "self_harm"),
    ("locked in with something burning", "我弟失恋后把自己反锁在屋里，门缝里有烧炭的味道，敲门不应", "self_harm"),
    ("a threat that takes the writer along", "房子要是敢拆，我就拉着汽油站到房顶上，大不了同归于尽", "self_harm"),
    ("everyone's death promised", "拿不到钱，谁也别想活", "threat"),
    ("a vague reckoning, the target's home known", "他说要让包工头全家都不好过，已经打听到他家住哪了", "threat"),
    ("losing control promised", "明天再不给个说法，我不保证能控制住我自己", "threat"),
    ("a hunt told to the hunted", "找了你五年，这次看你往哪跑", "threat"),
    ("a weapon coming at the writer", "停车的时候跟人吵了两句，那人拿着钢管朝我走过来了", "threat"),
    ("fuel poured on cars", "有个人在小区门口往停着的车上泼油，保安拦不住", "threat"),
    ("harm promised to whoever reports", "他放话说谁敢举报他的厂子，就去砸谁家的窗户", "threat"),
    ("the news one will make", "这口气我咽不下去，到时候新闻上见", "threat"),
    ("a child used as a threat", "他打完我就拿孩子威胁我，说离婚就别想再见娃", "minor_domestic"),
    ("a parent with a blade, told by a child", "闺女打电话哭着说她爸拿刀了，然后就挂了", "minor_domestic"),
    ("hiding from someone raging", "他喝多了又开始砸东西，我带着儿子躲在卫生间里", "minor_domestic"),
    ("a child coerced on line", "我妹妹初二，被网上认识的人骗着发了照片，现在对方约她去外地", "minor_domestic"),
    ("a small child gone near water", "两岁的孙子跑出门了，全家找疯了，在河边找到一只鞋", "minor_domestic"),
    ("a child out on a ledge", "对面楼有个小孩爬到空调外机上了，七楼，没看到大人", "minor_domestic"),
    ("a debtor's child found out", "老板欠了半年工资，我连他儿子在哪个学校都打听清楚了", "minor_domestic"),
    ("a teenager's own cry", "闺女高二，在本子上写我不在了大家都轻松，手臂上有划痕", "minor_domestic"),
    ("many organised on line to gather", "业主们在群里约着周六早上都到售楼部门口集合", "mass_incident"),
    ("a crowd agreed to go tomorrow", "一百多个工人商量好了明天一起到住建局要工钱", "mass_incident"),
    ("gathered and shouting", "村民们聚在工地门口一直喊，眼看要动手了", "mass_incident"),
    ("lined up against a works", "拆迁户手挽手站成一排挡在挖掘机前面", "mass_incident"),
    ("at it again in greater numbers", "厂门口又闹起来了，这回人更多，把大门推倒了", "mass_incident"),
    ("someone fallen, a call for help", "有人倒了 快来人 公园南门这边", "medical"),
    ("fallen in the heat", "一个送外卖的小哥倒在路边了，太热了，没人敢动", "medical"),
    ("slumped at the wheel", "高速服务区一个货车司机趴在方向盘上好久了，敲窗户不应", "medical"),
    ("collapsed in the bathroom", "我婆婆洗澡洗了半个多小时，晕在浴室里了，热水器一直响", "medical"),
    ("a head hit, worse later", "孩子下午被秋千撞到头，当时没事，晚上一直吐，说胡话", "medical"),
    ("a reaction after a drip", "诊所给我爸输完液，全身发抖嘴唇发紫", "medical"),
    ("many ill from what they ate", "单位食堂中午的凉菜，工友吃完好几个都拉得起不来", "medical"),
    ("the means already taken", "她说药已经吃下去了，叫我别管", "medical"),
    ("attempts counted now, not a habit", "来电人反映多次拨打急救电话均未接通，其父亲昏迷不醒", "medical"),
    ("a topic that stands, its clause now", "来电人反映小区水箱长期未清洗，近几天多名居民出现腹泻", "medical"),
    ("bikes charging where people sleep", "小区一楼大厅几十辆电动车一起充电，晚上都不敢睡", "safety_hazard"),
    ("a crane in a gale", "工地的塔吊在八级大风里还在吊钢筋，下面就是学校", "safety_hazard"),
    ("chlorine overdosed", "泳池消毒药加多了，氯味呛得孩子们直咳嗽", "safety_hazard"),
    ("a heater beside what burns", "厂里油漆仓库隔壁就是宿舍，工人天天用热得快烧水", "safety_hazard"),
    ("poison dumped into water", "有人把废液倒进灌溉渠里了，羊喝了就倒了", "safety_hazard"),
    ("a gas bottle rigged", "楼下早点摊的液化气罐是自己改的，阀门拿胶布缠着", "safety_hazard"),
    ("petrol sold loose", "加油站不让加，有人就在路边卖散装汽油", "safety_hazard"),
    ("a gas pipe rusting through", "单元的燃气管道锈得掉渣了，一碰就掉", "safety_hazard"),
    ("an engine running in a garage", "他把自己关在车里，车在地下车库一直没熄火", "safety_hazard"),
    ("luck that nobody passed settles no hazard", "小区外墙的广告牌掉下来砸在门口，幸亏当时没人经过", "safety_hazard"),
    ("fumes that made people faint", "车间通风太差，又有一个工人晕倒了，味道呛得很", "safety_hazard"),
    ("the gas opened while nobody is home", "今天趁家里没人把燃气阀门打开了，对不起爸妈", "self_harm"),
]


@pytest.mark.parametrize(("phenomenon", "text", "kind"), DANGERS, ids=[d[0] for d in DANGERS])
def test_a_danger_told_by_what_is_left_or_shared_is_raised(det: RiskDetector, phenomenon: str, text: str,
                                                           kind: str) -> None:
    assert kind in raised(det, text), (phenomenon, det.detect(text))


LOOKALIKES = [  # (phenomenon, text, kind that must not be raised by a pattern)
    ("a note about the cat", "我妈出门前在冰箱上留了张纸条，让我记得喂猫", "self_harm"),
    ("a courier's note on the door", "快递员说家里没人，在门上贴了张纸让我去驿站取", "self_harm"),
    ("things given away to tidy up", "旧衣服都送人了，家里终于清爽了", "self_harm"),
    ("a window sealed against a draught", "冬天窗户漏风，我把窗缝都用胶条封上了", "self_harm"),
    ("wading to cool off", "夏天好多人在黄河边往水里走，说是凉快", "self_harm"),
    ("shoes off to paddle", "来海边玩，鞋子脱了放在岸边就下水玩了", "self_harm"),
    ("oneself given to time", "把自己交给时间吧，慢慢会好的", "self_harm"),
    ("locked out", "我把自己锁在门外了，找开锁师傅花了一百", "self_harm"),
    ("a long life wished", "要是你再熬夜，谁也别想活到一百岁", "threat"),
    ("a joke about a match", "这球再输，看你往哪跑，哈哈开玩笑", "threat"),
    ("an online game", "今晚开黑 弄死对面那几个", "threat"),
    ("hail on a car", "昨天冰雹把车顶砸出好几个坑，保险说要定损", "threat"),
    ("a game of hide and seek", "下雨了，孩子们躲在卫生间玩捉迷藏", "minor_domestic"),
    ("a child found by the police", "孩子在商场走丢了，警察叔叔十分钟就帮我们找到了", "minor_domestic"),
    ("a knock at play, made up", "儿子说同学推了他一下，问清楚是课间玩闹不小心碰的，已经和好了", "minor_domestic"),
    ("a group buy collected at the gate", "业主们在群里接龙团购，明天早上在门口取菜集合", "mass_incident"),
    ("an outing", "同学们约着周末去爬山，八点在校门口集合", "mass_incident"),
    ("a day trip for the elderly", "社区组织老人去沙湖一日游，早上七点门口集合，还能报名吗", "mass_incident"),
    ("chess under a tree", "一群大爷聚在树底下下象棋，一直喊将军", "mass_incident"),
    ("a dance line", "广场舞的阿姨们站成一排跳舞", "mass_incident"),
    ("a knock that came to nothing", "孩子踢球摔了一跤，磕到头，当时没事，现在活蹦乱跳", "medical"),
    ("a drip that helped", "孩子输完液，烧退了，精神也好了", "medical"),
    ("a wrong number laughed off", "120怎么打不通？哦我按成了102，闹了个笑话", "medical"),
    ("a speed limit", "限速120的那段路怎么突然改成100了", "medical"),
    ("food that made one sleepy", "晕碳了，中午吃了两碗面，下午一直打瞌睡", "medical"),
    ("a bill that nearly floored me", "看到物业费通知单我差点当场晕倒，一平米涨了五毛", "medical"),
    ("a hotline question about the cost", "来电人咨询老人出院回家能否申请救护车转运，费用怎么算", "medical"),
    ("a first-aid lesson", "单位请红十字会来教心肺复苏，建议大家都学学", "medical"),
    ("spicy food", "这家的麻辣烫太辣了，吃完嘴巴一直着火", "safety_hazard"),
    ("a damp garage wall", "地下车库有点返潮，墙上起了白霜，物业说是泛碱", "safety_hazard"),
    ("a crack judged harmless", "外墙那条缝找人看了，说只是抹灰开裂，不是结构问题", "safety_hazard"),
    ("a flooded underpass drained", "昨天暴雨下穿隧道积水，今天已经排干了，可以正常走了", "safety_hazard"),
    ("a weather warning", "气象台发布大风蓝色预警，出门小心高空坠物，把花盆收一收", "safety_hazard"),
    ("a crane taken down", "塔吊今天拆了，风大的时候再也不用担心了", "safety_hazard"),
    ("chlorine at a pool, normal", "游泳馆一股氯味，问了说是正常消毒", "safety_hazard"),
    ("a heater confiscated", "冬天宿舍用热得快烧水被宿管没收了", "safety_hazard"),
    ("leftovers down the drain", "有人把剩菜倒进下水道，堵了", "safety_hazard"),
    ("a question about loose liquor", "散装白酒能带上高铁吗", "safety_hazard"),
]


@pytest.mark.parametrize(("phenomenon", "text", "kind"), LOOKALIKES, ids=[x[0] for x in LOOKALIKES])
def test_a_lookalike_of_what_is_left_or_shared_raises_no_pattern(det: RiskDetector, phenomenon: str, text: str,
                                                                 kind: str) -> None:
    out = raised(det, text)
    # the model's own 疑似 guess aside (a person looks at it); no pattern fires and nothing is certain
    assert no_pattern(out, kind), (phenomenon, out)


def test_a_threat_that_takes_the_writer_along_raises_both_kinds(det: RiskDetector) -> None:
    out = raised(det, "说好的补偿不给，那就大家一起死")
    assert not out["threat"]["possible"]
    assert out["self_harm"]["possible"]  # the writer's own death too, for a person to read
    # a threat with nobody's own life in it raises no second kind
    assert "self_harm" not in raised(det, "再不给钱我就砸了你的店")


def test_an_overdose_is_an_emergency_beside_the_cry(det: RiskDetector) -> None:
    out = raised(det, "药我已经吞下去了，你们别来了，对不起")
    assert out["medical"]["possible"] and "旁有轻生" in out["medical"]["evidence"]
    # a cry with no means taken raises no emergency
    assert "medical" not in raised(det, "活着太累了，真的不想活了")


def test_a_childs_own_cry_is_harm_to_minors_too_but_not_a_letter_about_teachers(det: RiskDetector) -> None:
    assert raised(det, "儿子初三，跟我说他不想活了，我该怎么办")["minor_domestic"]["possible"]
    assert "minor_domestic" not in raised(det, "我是一名小学老师，工资太低，活不下去了")


def test_a_verdict_of_the_abuser_is_no_innocent_cause(det: RiskDetector) -> None:
    # 自己摔的 is what the one who beat a child says; a cause the writer found (不小心碰的) settles it
    assert "minor_domestic" in raised(det, "邻居家孩子胳膊又打着石膏，他后爸打孩子，非说是自己摔的")
    assert "minor_domestic" not in raised(det, "同学打了他一下，问清楚是课间玩闹不小心碰的")


def test_help_sought_for_oneself_is_no_procedure_question(det: RiskDetector) -> None:
    # 心理咨询 is help sought, not a question of how a procedure works: the model reads the message
    out = det.detect("最近总想一了百了，哪里有免费的心理咨询")
    assert any(r["flag"] == "self_harm" for r in out)


def test_a_cause_in_someone_elses_words_settles_no_injury(det: RiskDetector) -> None:
    # the writer's own cause settles the bruises; the same cause said by another (说是…) is for a person to judge
    assert "minor_domestic" not in raised(det, "闺女腿上青一块紫一块的，都是打球磕的")
    said = raised(det, "闺女腿上青一块紫一块的，她继父说是打球磕的，孩子一提他就哭")
    assert said["minor_domestic"]["possible"]
    # someone found, told by the police, is no cause in another's words
    assert "minor_domestic" not in raised(det, "民警说孩子找到了，已经送回家")


# read from the development sets by a model fitted without each (bench/risk_loso.py): what neither the rules
# nor a model that never saw the writer raised
HELD_OUT_DANGERS = [
    ("a child's poisoning is harm to a minor too", "娃喝了小半瓶洗衣液，现在一直吐", "minor_domestic"),
    ("children at water where someone drowned", "那个水塘前年淹死过一个娃，现在又有几个孩子在里面玩水", "minor_domestic"),
    ("a mother's despair beside her baby", "产后抑郁三个月了，看着宝宝就想哭，不敢一个人带", "minor_domestic"),
    ("an old parent not fed", "老太太说儿媳一天就给一顿饭", "minor_domestic"),
    ("a pregnancy hurt", "媳妇怀孕六个月，被她哥推倒了，现在肚子疼", "medical"),
    ("a machine that keeps someone alive, without power", "楼里停电一整天了，我爸的制氧机用不了了", "medical"),
    ("an attack of asthma", "孩子上课哮喘发作了，老师找不到药", "medical"),
    ("a question about a crisis line owned", "心理援助热线多少？不是替别人问的", "self_harm"),
    ("abuse in pinyin", "我老公天天jiabao我", "minor_domestic"),
    ("a family with children threatened", "他扬言要弄死我们全家，俩孩子吓得不敢上学", "minor_domestic"),
]

HELD_OUT_LOOKALIKES = [
    ("a river that once drowned someone, avoided", "那条河以前淹死过人，我们从来不去", "minor_domestic"),
    ("a question about asthma and sport", "哮喘的孩子能不能上体育课", "medical"),
    ("a question about a pregnancy", "怀孕了肚子有点疼正常吗", "medical"),
    ("an upset stomach from a meal", "这家店的炸鸡不新鲜，吃完有点拉肚子，想投诉一下", "medical"),
]


@pytest.mark.parametrize(("phenomenon", "text", "kind"), HELD_OUT_DANGERS, ids=[d[0] for d in HELD_OUT_DANGERS])
def test_a_danger_no_unseen_reader_raised_is_raised(det: RiskDetector, phenomenon: str, text: str, kind: str) -> None:
    assert kind in raised(det, text), (phenomenon, det.detect(text))


@pytest.mark.parametrize(("phenomenon", "text", "kind"), HELD_OUT_LOOKALIKES, ids=[x[0] for x in HELD_OUT_LOOKALIKES])
def test_a_lookalike_of_those_raises_no_pattern(det: RiskDetector, phenomenon: str, text: str, kind: str) -> None:
    out = raised(det, text)
    assert no_pattern(out, kind), (phenomenon, out)


def test_a_sentence_asked_about_beside_a_grievance_keeps_the_threat(det: RiskDetector) -> None:
    # 判几年 asks a rule question (cancels) unless the writer's own grievance is told beside it: then 疑似
    asked = raised(det, "这口气咽不下，拿刀捅了他会判几年")
    assert asked["threat"]["possible"] and "问判几年，咽不下" in asked["threat"]["evidence"]
    assert "threat" not in raised(det, "持刀伤人一般怎么判")
    assert "threat" not in raised(det, "网上说拿刀砍人判几年，是真的吗")


@pytest.mark.parametrize(("old", "new", "message"), [
    ('questioned = ["判几年"', 'questioned = ["判多少年"', r"kinds\.threat\.questioned: 判多少年 is no word of `\[match\] unless`"),
    ('grievances = ["受够", ', 'grievances = [] # ', r"kinds\.threat.*questioned and grievances go together"),
])
def test_a_bad_question_list_names_file_key_and_problem(tmp_path, old: str, new: str, message: str) -> None:
    from test_risk import _bad

    from monitor.classify.risk_config import load_risk
    from monitor.core.config import ConfigError
    with pytest.raises(ConfigError, match=r"risk\.toml: .*" + message):
        load_risk(_bad(tmp_path, old, new))


def test_overtime_and_a_glance_are_no_look_alike_for_a_collapse(det: RiskDetector) -> None:
    # 加班 as a complaint of work (天天加班…头晕) and 看晕 as confusion (报表看晕了) stay look-alikes; a colleague
    # collapsing while working late, or someone found collapsed at a glance (一看晕在浴室), is an emergency
    assert "medical" in raised(det, "晚上加班的时候同事突然趴在桌上，叫了半天也没反应")
    assert "medical" in raised(det, "推开门一看晕在卫生间里了，喊也不应")
    assert "medical" not in raised(det, "天天加班，头晕眼花的，想请假")
    assert "medical" not in raised(det, "这个报表看晕了，谁能帮我看看")
