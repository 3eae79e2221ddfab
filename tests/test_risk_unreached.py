"""Endings told by what is seen and done, with no word of death (fifth session of 2026-12-05, risk-unreached).

On the blind sets the largest bucket of missed dangers is the one on which nothing is raised at all: no pattern's word
and no guess of the model above its bar; 轻生 leads it. The development sets tell the same endings in the same few
ways, by many writers, and the model raised most of them alone: going into the water with its depth or coldness
weighed; all one's money sent to the family with words of after; one's papers laid out in order; one's things put down
at the water's edge; a height's drop or its way out weighed; a great many pills taken. A second step gave six more ways
the model alone raised, each told on three to eight sets: days without food, waiting for the end; a floor counted as
high enough or the fall timed; into the water and not coming back; one's traces cleared away; the water's cold or depth
weighed; a treatment that keeps one alive given up. Each is now a pattern, 疑似 for a person, so a guess the model scores
too low no longer leaves it unraised. Every sentence here is my own."""

from __future__ import annotations

import pytest
from test_risk import det  # noqa: F401 - det is a fixture
from test_risk import flags as raised

from monitor.classify.risk import RiskDetector

RAISED = [
    ("self_harm", "鸣翠湖这几天水涨了，又深又冷，我半夜一个人过去走进去就完了"),
    ("self_harm", "宝湖那片水够深了，我往最深处走就行，没人会发现"),
    ("self_harm", "他说想跟那艘破船一块沉下去，人现在还在河边蹲着"),
    ("self_harm", "我把存的钱都转给我弟了，以后他用得着，我用不上了"),
    ("self_harm", "婆婆出门前把户口本和手机整整齐齐放在炕头上，到现在还没回来"),
    ("self_harm", "湖边有个小伙子把外套和手机放在岸边，人往水那边去了"),
    ("self_harm", "半夜睡不着，我家阳台这么高，站着往下看黑乎乎的"),
    ("self_harm", "隔壁小姑娘跟父母闹别扭，吃了大量感冒药，现在昏昏沉沉的"),
    # the model's own endings, now a pattern's too (a guess it scores too low no longer leaves them unraised)
    ("self_harm", "失业两个月，已经四天没吃饭了，就想这么一直躺着"),
    ("self_harm", "宿舍在九楼，我算了一下，九层够了"),
    ("self_harm", "明晚去典农河里洗个澡，洗完就不上来了"),
    ("self_harm", "欠的债还不完，我想往黄河里一扎算了"),
    ("self_harm", "这些年写的日记都烧了，谁也不用看了"),
    ("self_harm", "猫送人了，朋友圈都删了，心里很平静"),
    ("self_harm", "这个时候典农河的水凉不凉啊，我就想知道"),
    ("self_harm", "透析第六年了，我也熬不动了，不想再去医院了"),
    ("self_harm", "住院的大爷半夜自己把针拔了，护士又给扎上了"),
    # a phone about to die with a farewell, an ending settled at a place, shame at the water's edge (a fourth step)
    ("self_harm", "我在山沟里坐着呢，手机快没电了，就这样吧，你们别打了"),
    ("self_harm", "他说今晚去湖边把这事了结，之后就联系不上了"),
    ("self_harm", "被骗了二十万，没脸见我爸妈，现在一个人在渠边"),
    ("safety_hazard", "公园湖边好多人钓鱼，头顶上就是高压线，鱼竿甩来甩去"),
    ("self_harm", "我奶奶这几天老念叨，今天把存折塞给我妈，说以后用不着了"),
    ("threat", "他说要挑商场人最多的那天干点大事，让大家都记住他"),
    ("medical", "单位食堂中午那顿饭，吃完好多同事下午都在吐"),
    # hazards told by what a resident sees, on which the patterns raised nothing and the model alone spoke
    ("safety_hazard", "三号楼电梯门一开，里面没轿厢，我闺女差点一脚踩空"),
    ("safety_hazard", "车库那部电梯井的门被人撬开了，拿个纸箱挡着"),
    ("safety_hazard", "楼上水管爆了，水流进楼道的配电箱里，还在往下滴"),
    ("safety_hazard", "有人在加油站后面的空地上烧垃圾，火很大"),
    ("safety_hazard", "村口修路挖了一道深沟，没围挡，娃娃们放学天天从边上走"),
    ("safety_hazard", "小区大门那扇铁门快倒了，合页掉了一个，一推就晃"),
]


@pytest.mark.parametrize(("kind", "text"), RAISED)
def test_a_danger_told_by_what_is_seen_and_done_is_raised_by_a_pattern(det: RiskDetector, kind: str,  # noqa: F811
                                                                        text: str) -> None:
    flag = raised(det, text).get(kind)
    assert flag is not None
    assert not flag["evidence"][0].startswith("模型")


QUIET = [
    ("self_harm", "阅海湿地公园往深处走，芦苇荡特别美，周末带娃去"),
    ("self_harm", "过年的压岁钱都转给我妈保管了，开学交学费用"),
    ("self_harm", "河边那个废弃厂房门开着，几个孩子走进去玩"),
    ("self_harm", "新买的鞋整整齐齐摆在鞋柜里，看着就舒服"),
    ("self_harm", "钓鱼的把包放在岸边就走了，垃圾也没带走"),
    ("self_harm", "小区楼顶的门能不能打开，想上去晒被子"),
    ("self_harm", "感冒三天没吃饭，也不想吃，医生说多喝水"),
    ("self_harm", "明天搬家，东西都收拾好了，朋友来帮忙"),
    ("self_harm", "分手了，朋友圈全删了，重新开始"),
    ("self_harm", "我家住十二楼，电梯坏了下去要多久啊"),
    ("self_harm", "车陷在渠里拉不上来了，求拖车"),
    ("self_harm", "手机掉进湖里捞不上来了"),
    ("self_harm", "我爸透析的医院太远了，下个月不去了换一家近的"),
    ("self_harm", "护士把针拔了，说明天再输"),
    ("self_harm", "周末在贺兰山上露营，手机快没电了，充电宝也没带"),
    ("self_harm", "那场官司在河东的法院终于了结了"),
    ("self_harm", "我把养老钱都转给骗子了，以后日子怎么过"),
    ("self_harm", "卡里的钱都转给那个假客服了，以后还能追回来吗"),
    ("safety_hazard", "电梯井道正在装修，已经围起来了"),
    ("safety_hazard", "电线顺着墙拉到院子里，挺整齐的"),
    ("safety_hazard", "去加油站加油排了半小时队"),
]


@pytest.mark.parametrize(("kind", "text"), QUIET)
def test_the_same_words_in_everyday_talk_stay_quiet(det: RiskDetector, kind: str, text: str) -> None:  # noqa: F811
    assert kind not in raised(det, text)
