"""Recall by mechanism on unread text (ninth session of 2026-12-04, recall): the development misses of 轻生,
hazards and threats (eval25 and eval24 first, then the other development sets) grouped by why they were missed
and fixed at their cause —

* 轻生 told veiled, by what is made ready or by the writer's absence to come, never by the act: the reader's
  answer told as finding the writer gone, a plan made and not named beside a wish not to wake, the news to come
  beside a trouble that crushes, the means put by for oneself, a room's gaps sealed with something burning, a
  noose made and sat before, shoes left at the water's edge, money left to kin then gone from reach, a blade or
  pills hidden in someone's bed;
* poison served to another in a drink or a meal;
* a safeguard told gone right after it is named (警示牌被冲走了) cancels nothing;
* a report told with 说了 or 找过 after a past marker (上次说了没人管) dates the report, not the danger;
* smoke told by the way it gets into a home or pours back into a building;
* (round 2) threats told by who would be taken along (让所有人陪我), by gas let loose on purpose with ruin for all, by a
  menace reported then told carried out (真的…), by a wait at the home of the one who hurt one's own, by a throw
  from a height; 轻生 by one's own people doused with petrol at home; a retrofitted lift or its scaffold told as a
  thing in use is no retrofit talk (加装的电梯);
* (round 3) 轻生 has signs that a farewell is meant (对不起我妈, 替我照顾, 就没我了: the kind's `danger`), so the model's own
  everyday words (最后一单) beside one make it 疑似; hazards told by rubbish or fields set alight beside a stock that
  burns, by a gap named as one growing or running through, by something loose over where people pass, by bare wires
  beside standing water, by flood water reaching the power;
* (round 4) a body's sign of fumes indoors (头晕, 头疼恶心) is a sign of real danger of hazards, so the model's 刷油漆 beside
  it is 疑似; a grill or charcoal burning inside a room, shut tight or making people ill;
* (round 5) a penalty asked for an act placed at a particular door or office (在…门口, 在…办公室里) is a plan's
  question, 疑似, as one asked with a grievance already was;
* the model's own everyday words (`[model.unless]`: 拜年, 刷油漆) beside a sign of real danger of the kind are 疑似,
  as a pattern's `unless` beside one already was.

Every sentence here is my own, none taken from a development or blind set; each look-alike uses the danger's
words harmlessly and must raise no pattern of the kind."""

from __future__ import annotations

import pytest
from test_risk import det, no_pattern  # noqa: F401 - det is a fixture
from test_risk import flags as raised

from monitor.classify.risk import RiskDetector

# each row: the mechanism, the text, the kind it must raise
DANGERS = [
    ("the reader's answer finds the writer gone", "你们这次不用回了，回复了我也看不到了，谢谢这些天听我说", "self_harm"),
    ("a plan not named beside a wish not to wake", "明天要是不用醒就好了，办法我都想好了", "self_harm"),
    ("the news to come beside debts", "外卖跑不动了，网贷还不上，明天大家看新闻吧", "self_harm"),
    ("the means put by for oneself", "我爸说地里剩的那瓶百草枯是给自己准备的", "self_harm"),
    ("gaps sealed with something burning", "隔壁屋的门缝拿湿毛巾塞着，里面一股焦味，敲门也不开", "self_harm"),
    ("a noose sat before", "把皮带挂门把手上打了个结，坐在那看了半天", "self_harm"),
    ("shoes at the water's edge", "我叔把鞋脱在水库边上，人坐着一动不动", "self_harm"),
    ("money left to kin, then out of reach", "工友发消息说工资卡留给他媳妇，然后就退群了，电话也关机", "self_harm"),
    ("a blade hidden in a bed", "收拾儿子房间，枕头底下压着一盒刀片", "self_harm"),
    ("poison served in a drink", "那个老板拖了我半年工钱，安眠药磨成粉了，明天中午给他泡咖啡", "threat"),
    ("a safeguard washed away", "水渠边的警示牌被冲走了，水又急又深，放学的娃都从那走", "safety_hazard"),
    ("a safeguard pulled out", "鱼塘边的警示牌叫人拔了，塘边连个栏杆都没有，娃娃们天天在那耍", "safety_hazard"),
    ("a report told with 说了", "楼道里电动车充电的线拖了一地，插排都烤黄了，上次说了物业也没管", "safety_hazard"),
    ("smoke getting into a home", "不知道哪家在烧东西，烟顺着窗户缝往家里钻，老人憋得直咳", "safety_hazard"),
    ("a chimney's smoke pouring back into a building", "供暖站烟囱冒的烟往楼里倒灌，楼道里都是烟", "safety_hazard"),
    # round 2: threats told by what they would take along, gas let loose, a menace carried out, a wait at the
    # home of the one who hurt one's own, a throw from a height; 轻生 by one's own people doused at home; a
    # retrofitted lift told as a thing in use
    ("everyone made to go down together", "再不赔我钱我就去汽车站，让所有人陪我", "threat"),
    ("gas let loose on a building", "那个被辞退的厨师放话，哪天夜里回来把燃气一开，让这整层一起完蛋", "threat"),
    ("a menace carried out", "网吧那个小伙说要去砍了欠他钱的人，大家以为是气话，结果真的拿着刀出去了", "threat"),
    ("a wait at the home of the one who hurt", "把我表哥捅伤的那个人判了两年放出来了，我表哥这几天天天在他家楼下等", "threat"),
    ("a throw from a height, threatened", "继父喝了酒说再闹就把我扔到楼下去", "threat"),
    ("a throw from a height, by the one at home", "继父喝了酒说再闹就把我扔到楼下去", "minor_domestic"),
    ("one's own people doused", "再来强拆，我和孩子就在屋里浇上汽油，谁也别想进来", "self_harm"),
    ("a retrofitted lift in use", "我们单元加装的电梯门开着就往上走", "safety_hazard"),
    # round 3: 轻生's farewell signs lift the model's everyday words; hazards told by what lights a stock, a gap
    # growing, something loose over where people pass, bare wires by water, flood water near the power
    ("a farewell beside the last of a shift", "今天跑完最后一单了，以后这个群里就没有我了，替我照顾好我爸妈", "self_harm"),
    ("rubbish burnt by a stock of straw", "麦场边上堆着几大垛麦草，隔壁天天在那烧垃圾，火星子乱飞", "safety_hazard"),
    ("a gap growing in a bridge", "小区东门那座人行天桥，桥面那条缝越来越宽了，走上去一颤一颤的", "safety_hazard"),
    ("something loose over a stop", "广告牌的铁架子松动了，刮大风的时候直晃，底下就是公交站", "safety_hazard"),
    ("bare wires by water", "楼道里的电表箱盖子没了，电线露在外面，墙根还积着一滩水", "safety_hazard"),
    ("flood water near the sockets", "暴雨下了一夜，院子里的水快进屋了，插座就在离地一拃高的地方", "safety_hazard"),
    # round 4: a body's sign of fumes indoors is a sign of real danger of hazards; a grill or charcoal inside a room
    ("the model's everyday word beside a body's sign of fumes", "地下室刷油漆，一个排风的都没有，刷了两天头晕得厉害", "safety_hazard"),
    ("a grill inside a shut room", "我们在屋里烤串，门窗关着，吃着吃着头晕了", "safety_hazard"),
    # round 5: a penalty asked for an act at a particular door
    ("a penalty asked for an act at a particular door", "请问在街道办门口拿汽油点火要判几年", "threat"),
    ("a penalty asked for an act in someone's office", "在物业办公室里砍人怎么判", "threat"),
    ("the model's everyday word beside a grievance", "欠薪快一年了，正月里工友们约着到老板家拜年，拖家带口的都去", "mass_incident"),
]

# each row: what it shares with a danger, the text, the kind it must not raise by a pattern
LOOKALIKES = [
    ("a plan for an errand", "怎么做我心里有数了，明天一早去社区交材料", "self_harm"),
    ("the news of a village's harvest", "明天大家看新闻吧，电视台来拍我们村的枸杞", "self_harm"),
    ("gaps sealed against the cold", "冬天冷，门缝拿湿毛巾塞着挡风", "self_harm"),
    ("a knot for the washing", "晾衣绳打了个结，被子晒上了", "self_harm"),
    ("shoes left to swim", "游泳的时候鞋脱在河边，被人拿走了", "self_harm"),
    ("a wage card kept by a wife", "工资卡留给媳妇管，我出去跑车", "self_harm"),
    ("a blade found for a parcel", "美工刀翻出来了，拆快递用", "self_harm"),
    ("a drink served", "给他泡了杯咖啡，他说太苦了", "threat"),
    ("a safeguard put up", "河边新立了警示牌，护栏也装好了", "safety_hazard"),
    ("a safeguard lost and replaced", "水渠边的警示牌被冲走了，昨天已经换了新的", "safety_hazard"),
    ("a report then a repair", "上回说了要修路灯，今天来修好了", "safety_hazard"),
    ("a stall's fumes asked about", "楼下烧烤店的油烟往家里钻，这个归谁管", "safety_hazard"),
    ("a holiday visit", "初二大伙一起去老板家拜年，热热闹闹的", "mass_incident"),
    ("a repair done as promised", "他说要来修燃气管，结果真的来了，修得挺好", "threat"),
    ("a wait for one released, with no harm told", "我哥放出来以后一直在他家楼下等我们去接", "threat"),
    ("a child left with a grandmother", "我爸把我扔在姥姥家就出门打工了", "minor_domestic"),
    ("a toy thrown down", "把孩子的玩具扔到楼下了，找不着了", "threat"),
    ("the last of a shift, then leave asked", "最后一单送完了，今天收工，明天不跑了，替我跟站长请个假", "self_harm"),
    ("a door's gap in a draught", "我家门缝越来越大了，冬天漏风，想换个门", "safety_hazard"),
    ("a market below, a smell on the wind", "楼下就是菜市场，风一吹全是鱼腥味", "safety_hazard"),
    ("a socket by the bed", "插座就在床头，晚上给手机充电方便", "safety_hazard"),
    ("a hot pot with the windows shut", "冬天门窗关着，屋里火锅一开，暖和得很", "safety_hazard"),
    ("a stall's fumes, a headache", "烧烤摊的油烟熏得我头晕", "safety_hazard"),
    ("a penalty asked for an act anywhere", "在公共场所打架判几年", "threat"),
    ("a penalty asked for a crime named", "纵火罪一般判几年", "threat"),
    ("a retrofit talked of", "加装电梯的方案一楼不同意，坑挖了一半停了", "safety_hazard"),
]


@pytest.mark.parametrize(("mechanism", "text", "kind"), DANGERS, ids=[m for m, _, _ in DANGERS])
def test_a_danger_missed_by_its_mechanism_is_raised(det: RiskDetector, mechanism: str, text: str, kind: str) -> None:
    assert kind in raised(det, text), (mechanism, det.detect(text))


# the rows whose mechanism is the model's (its own everyday words beside a sign of real danger)
BY_PATTERNS = [d for d in DANGERS if not d[0].startswith("the model's")]


@pytest.mark.parametrize(("mechanism", "text", "kind"), BY_PATTERNS, ids=[m for m, _, _ in BY_PATTERNS])
def test_a_pattern_raises_it_not_the_model_alone(det: RiskDetector, mechanism: str, text: str, kind: str) -> None:
    """The mechanism is read by the patterns: a model that guesses differently after a retrain loses none of them."""
    assert not raised(det, text)[kind]["evidence"][0].startswith("模型"), (mechanism, det.detect(text))


@pytest.mark.parametrize(("mechanism", "text", "kind"), LOOKALIKES, ids=[m for m, _, _ in LOOKALIKES])
def test_the_same_words_harmless_stay_quiet(det: RiskDetector, mechanism: str, text: str, kind: str) -> None:
    assert no_pattern(raised(det, text), kind), (mechanism, det.detect(text))


def test_a_veiled_plan_is_possible_not_certain(det: RiskDetector) -> None:
    """Told veiled, the danger is for a person to judge (疑似): the words say what is ready, never what it is for."""
    assert raised(det, "明天要是不用醒就好了，办法我都想好了")["self_harm"]["possible"]


def test_the_models_everyday_word_beside_danger_is_told(det: RiskDetector) -> None:
    """The setting and the sign are both the evidence, as for a pattern's `unless` beside a sign; 疑似."""
    out = raised(det, "欠薪快一年了，正月里工友们约着到老板家拜年，拖家带口的都去")["mass_incident"]
    assert out["possible"] and any(e.startswith("拜年，但") for e in out["evidence"])


# (session of 2026-12-05, risk-recall) a second kind told by the first: a danger of one kind told through another's
# means or the one it reaches. Each row: the mechanism, a message of my own, the kind a pattern raises, the kind told
# beside it (疑似, with the other kind named as evidence).
SECOND_KINDS = [
    ("a threat made with a building's water", "他扬言要往我们单元的水箱里撒老鼠药，让我们都尝尝", "threat", "safety_hazard"),
    ("fuel set down at a door beside a threat", "邻居在自家门口放了一桶汽油，天天骂街说要跟楼里人拼了", "threat", "safety_hazard"),
    ("a child left alone with flame", "小孙子一个人在家拿打火机烧纸玩，爷爷奶奶下地去了没人看", "minor_domestic", "safety_hazard"),
    ("someone still inside a fire", "小区里着火了，五楼那家的老太太还在屋里没出来", "safety_hazard", "medical"),
    ("a group named in a threat", "工友们说今晚去把包工头家的门砸了，让他过不好年", "threat", "mass_incident"),
    ("a child's body hurt past a beating's marks", "孩子被他爸推下楼梯，胳膊脱臼了", "minor_domestic", "medical"),
    ("despair beside small children", "俩娃还小，我真的撑不下去了，不想活了", "self_harm", "minor_domestic"),
    ("a child hurt where the owner is at fault", "放学路上一个娃被狗咬了，腿上流了好多血，狗主人跑了", "medical", "minor_domestic"),
]

# what the writers file under one kind stays one: a threat to bring fuel, a beating to a fracture
ONE_KIND = [
    ("a threat to bring fuel is no hazard", "有人说要拿汽油去烧了开发商的售楼处", "threat", "safety_hazard"),
    ("a beating to a fracture is harm at home", "被老公打得胳膊骨折了，他还说敢离婚就弄死我", "minor_domestic", "medical"),
]

# the second kind's words with nothing raised: a second kind never flags a message alone
NOTHING_RAISED = ["小区的水箱上周清洗过了，水质检测合格", "学校今天教孩子们打火机和燃气的安全知识", "活动现场几十号人排队领鸡蛋"]


@pytest.mark.parametrize(("mechanism", "text", "first", "second"), SECOND_KINDS, ids=[m for m, *_ in SECOND_KINDS])
def test_a_second_kind_is_told_beside_the_first(det: RiskDetector, mechanism: str, text: str, first: str, second: str) -> None:
    out = raised(det, text)
    assert first in out and second in out, (mechanism, det.detect(text))
    assert out[second]["possible"] and any(e.startswith("旁有") for e in out[second]["evidence"]), (mechanism, out[second])


@pytest.mark.parametrize(("mechanism", "text", "first", "second"), ONE_KIND, ids=[m for m, *_ in ONE_KIND])
def test_what_is_filed_under_one_kind_stays_one(det: RiskDetector, mechanism: str, text: str, first: str, second: str) -> None:
    out = raised(det, text)
    assert first in out and second not in out, (mechanism, det.detect(text))


@pytest.mark.parametrize("text", NOTHING_RAISED)
def test_a_second_kind_never_flags_alone(det: RiskDetector, text: str) -> None:
    assert det.detect(text) == [], det.detect(text)


# (session of 2026-12-05, risk-recall, step 2) a rule question asked beside the writer's own plight: the question frame
# (算不算, 想问问, 合法吗) asks about the law only when the message tells no case of the writer's; beside money owed to the
# writer or their group, a plan made together, or the writer's own death supposed, it is about what the writer means to
# do, 疑似 for a person, by the patterns and by the model alike.
ASKED_BESIDE_A_PLIGHT = [
    ("a group's plan asked about beside the wages owed them", "请问一下我们几十个工友一起去讨薪算不算违法？老板欠我们一年了，大家准备一起去他家",
     "mass_incident"),
    ("a weapon's errand asked about beside money owed", "他欠我钱不还，我拿刀去他家门口等他算不算违法", "threat"),
]
ASKED_ALONE = [
    ("a group's errand asked about with no plight", "请问一下我们几十个工友一起去讨薪算不算违法？", "mass_incident"),
    ("a lawful way asked about beside money owed", "他欠我钱不还，我去法院起诉他算不算违法", "threat"),
    ("a procedure asked about beside wages owed", "想问问，工资被拖欠了三个月，劳动仲裁怎么申请", "self_harm"),
    ("an outing planned together, asked about", "我们打算下周一起去看望退休老师，算不算违规", "mass_incident"),
]


@pytest.mark.parametrize(("mechanism", "text", "kind"), ASKED_BESIDE_A_PLIGHT, ids=[m for m, *_ in ASKED_BESIDE_A_PLIGHT])
def test_a_question_beside_the_writers_plight_is_possible(det: RiskDetector, mechanism: str, text: str, kind: str) -> None:
    out = raised(det, text)
    assert kind in out and out[kind]["possible"], (mechanism, det.detect(text))
    assert any(e.startswith("问") for e in out[kind]["evidence"]), (mechanism, out[kind])


@pytest.mark.parametrize(("mechanism", "text", "kind"), ASKED_ALONE, ids=[m for m, *_ in ASKED_ALONE])
def test_a_question_with_no_plight_stays_a_rule_question(det: RiskDetector, mechanism: str, text: str, kind: str) -> None:
    assert kind not in raised(det, text), (mechanism, det.detect(text))


def test_the_model_reads_a_question_beside_a_plight_as_the_patterns_do(det: RiskDetector) -> None:
    """The model's guess, kept quiet by the question alone, is 疑似 beside the plight (a retrain that scores the message
    below the bar raises nothing here: then read the mechanism on the development sets again)."""
    out = raised(det, "我们二十几个人打算后天一起去老板家要钱，这算不算违法？他欠我们半年了")
    assert "mass_incident" in out and out["mass_incident"]["possible"], det.detect("我们二十几个人打算后天一起去老板家要钱")
    assert any(e.startswith("问算不算") for e in out["mass_incident"]["evidence"])


# (step 3) what the patterns read as no look-alike, the model reads so too: 视频里 after the writer's kin is a video call
# with them, first-hand (the patterns' `_video_call`), so it no longer keeps the model's guess quiet either; a clip of
# elsewhere still does
def test_a_video_call_with_kin_frames_nothing_for_the_model(det: RiskDetector) -> None:
    assert "minor_domestic" in raised(det, "我儿子在外地上学 视频里说同宿舍的天天欺负他 不给他饭吃")
    assert det.detect("刷到一个视频 视频里一个阿姨天天拿衣架抽小孩 太气人了") == []
