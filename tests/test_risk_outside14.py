"""Winter dangers of outside14's kind (coal fumes told by the body, endings told by giving things away and
by farewells, the old nobody has seen, a head hurt and getting worse), each beside a look-alike in the
same words.

Written for these tests, never copied from a set (outside14 is not shipped). The danger must be raised
(certain or 疑似); no pattern may raise the look-alike's kind (the model's own 疑似 guess aside).
"""

from __future__ import annotations

from pathlib import Path

import pytest

from monitor.classify.risk import RiskDetector

ROOT = Path(__file__).resolve().parents[1]


@pytest.fixture(scope="module")
def det() -> RiskDetector:
    return RiskDetector.load(ROOT / "config" / "risk.toml")


def kinds(det: RiskDetector, text: str) -> set[str]:
    return {r["flag"] for r in det.detect(text)}


def by_rule(det: RiskDetector, text: str) -> set[str]:
    return {r["flag"] for r in det.detect(text) if not (r["possible"] and r["evidence"][0].startswith("模型"))}


PAIRS = [  # (phenomenon, danger, look-alike in the same words, kind)
    ("slang said in earnest", "最近真的想紫砂 没跟任何人说", "朋友送了我一把紫砂壶，泡茶特别香", "self_harm"),
    ("a cut tried, a deeper one promised", "昨晚拿刀片划了一下 没敢深 下次就敢了", "切菜划了一下手，不深，贴了个创可贴", "self_harm"),
    ("a jump planned from a floor", "我想好了，等过完这个周末就从十八楼下去，谁也拦不住", "我从十八楼下去取个快递，马上回来", "self_harm"),
    ("waiting to fade", "不吃了，就等着慢慢没了，谁也别管我", "减肥第三天，晚饭不吃了，饿得慢慢没力气了", "self_harm"),
    ("things given away, a going that is no trip",
     "把存款和车钥匙都交给我弟了，说以后就靠他了，现在电话不接", "把车钥匙都交给代驾了，喝了酒不能开", "self_harm"),
    ("a farewell that asks nothing back", "以后你们好好的，别惦记我", "祝大家新年快乐，身体健康", "self_harm"),
    ("asking how long the cold takes", "人在外面冻一晚上就什么都不知道了吧", "冬天在外面冻一晚上，第二天就感冒了", "self_harm"),
    ("a family better without me", "这个家没有我会更好，我真的累了", "这个家没有我做饭就都吃泡面", "self_harm"),
    ("a life offered for a debt", "欠的这些钱我还不上了，就拿命抵吧", "欠的钱下个月发工资就还上", "self_harm"),
    ("not even daring to die", "我连死都不敢，今晚再试一次", "我连蟑螂都不敢踩", "self_harm"),
    ("doused and holding the lighter", "他浑身浇了汽油坐在老板办公室门口，手里攥着打火机", "他浑身是泥从地里回来，说今天活干完了", "self_harm"),
    ("pills bought under a pretext", "去了好几家药店买安眠药，店员问我买这么多干啥", "药店今天打折，我妈买了好几盒维生素", "self_harm"),
    ("a room sealed with a stove", "她把门窗封死了，屋里还生着煤炉，电话也不接", "冬天窗户缝漏风，我们用胶条把窗缝贴上了", "self_harm"),
    ("a date, a place and something brought", "下周一我会带着东西来你们公司，到时候别说我没提前打招呼", "下周一我带着材料来你们公司办手续", "threat"),
    ("those who wronged sought one by one", "谁坑了我的钱，我会一个一个找上门", "年货我一个一个挑的，都挺新鲜", "threat"),
    ("smashing from one place to the next", "你们再不退钱，我就从你们门店开始砸，一直砸到你们老板家", "装修队明天开始砸墙，请邻居们谅解", "threat"),
    ("drunk and not waking", "我爸喝多了躺在地上，叫不醒，吐了一身", "我爸喝多了躺在沙发上睡着了，打着呼噜", "medical"),
    ("a head hurt and getting worse", "孩子在学校撞到头了，回家以后一直吐，还喊困", "孩子在学校撞到头了，起了个包，现在活蹦乱跳的", "medical"),
    ("help kept away", "工人从架子上摔下来了，老板不让叫120", "工人从架子上下来吃饭，老板请大家吃羊肉", "medical"),
    ("something stuck in the throat", "老人吃汤圆卡在喉咙里了，喘不上气，脸都憋紫了", "这个汤圆太粘了，吃得喉咙有点不舒服", "medical"),
    ("a household liquid drunk", "孩子把洗衣液当饮料喝了几口，现在一直咳", "洗衣液用完了，记得去超市买一瓶", "medical"),
    ("a gas water heater and someone faint",
     "卫生间的燃气热水器开着，我妈洗澡洗着就头晕，差点晕倒", "卫生间的燃气热水器换了新的，洗澡水特别热", "safety_hazard"),
    ("a flue that draws no more", "平房的烟道堵了，一烧炉子屋里就熏得慌，我爷爷一直犯困", "烟道今年请人掏过了，炉子烧得挺旺", "safety_hazard"),
    ("water through a light", "楼上漏水，我家客厅的灯也在漏水，都不敢开灯", "楼上漏水，我家客厅墙皮泡了一块", "safety_hazard"),
    ("fuel beside a flame", "加油站门口有辆车在漏油，旁边有人在烧纸", "车好像有点漏油，明天去修理厂看看", "safety_hazard"),
    ("a child touched by a stranger", "地铁上有个男的一直在摸旁边一个小女孩，女孩吓得往边上躲", "公交上有个男的一直在摸手机，差点坐过站", "minor_domestic"),
    ("a child taken and not back", "我家十岁的外孙女放学被一个陌生男人带走了，至今未归", "我家十岁的外孙女放学被她姑姑带走去吃饭了", "minor_domestic"),
    ("a crowd that smashes", "开发商跑路了，一百多个业主堵在售楼部，有人在砸玻璃", "售楼部今天换玻璃，工人在砸旧的", "mass_incident"),
]


@pytest.mark.parametrize(("phenomenon", "danger", "lookalike", "kind"), PAIRS, ids=[p[0] for p in PAIRS])
def test_the_danger_is_raised_and_its_words_alone_do_not_raise_it(
        det: RiskDetector, phenomenon: str, danger: str, lookalike: str, kind: str) -> None:
    assert kind in kinds(det, danger), (phenomenon, det.detect(danger))
    assert kind not in by_rule(det, lookalike), (phenomenon, det.detect(lookalike))


def test_the_old_nobody_has_seen_is_raised_for_a_person_to_check(det: RiskDetector) -> None:
    assert "medical" in kinds(det, "对门独居的老大爷好几天没下楼了，他有心脏病")
    # the rule cannot tell an absence explained (去他女儿家住了): it stays 疑似, for a person, never certain
    raised = {r["flag"]: r for r in det.detect("对门的老大爷最近去他女儿家住了，好几天没下楼")}
    assert "medical" not in raised or raised["medical"]["possible"]


def test_what_only_looked_like_a_negation(det: RiskDetector) -> None:
    # 没考好 denies the mark, not the beating; 防冻液 is antifreeze, not prevention; 不让叫120 keeps help away
    assert "minor_domestic" in kinds(det, "儿子期末没考好被他爸往死里打，现在躲在我家不敢回去")
    assert "medical" in kinds(det, "他在工地被钢管砸到了头，一直喊困，工头不让叫120")


def test_a_chimney_or_a_flue_missing_is_no_everyday_smoke(det: RiskDetector) -> None:
    # 烟囱 names everyday smoke for hazards (unless); its sparks on the washing or a stove with none is the danger
    assert "safety_hazard" in kinds(det, "隔壁烟囱冒火星子，把我家晾的被子点着了")
    assert "safety_hazard" in kinds(det, "出租屋里的煤炉无烟囱，房东说开窗就行")


def test_children_playing_where_a_hazard_is_are_raised_as_harm_to_minors_too(det: RiskDetector) -> None:
    raised = {r["flag"]: r for r in det.detect("工地的围挡倒了一大片，钢筋头露在外面，一帮小孩在那玩")}
    assert not raised["safety_hazard"]["possible"]
    md = raised["minor_domestic"]
    assert md["possible"] and md["label"] == "疑似未成年人/家暴"
    assert md["evidence"] == ["在那玩", "旁有安全隐患"]


def test_beside_never_flags_a_message_on_its_own(det: RiskDetector) -> None:
    # children playing where nothing is wrong: no hazard raised, so no harm to minors either
    assert kinds(det, "小区新修的滑梯很安全，几个小孩在上面玩得可开心了") == set()


def test_a_denied_wish_to_die_quiets_the_model_too(det: RiskDetector) -> None:
    # (test_risk.py's sentence) the pattern reads 不是要跳楼 as denied; the model, which cannot, read 楼顶
    # and raised 疑似轻生 at 62 % on its own: a denial of the writer's intent now keeps it quiet as well
    # (ninth session of 2026-12-04: the model that learns eval24 and eval25 scores that sentence below its bar, so
    # another of the same denial)
    evidence: dict = {}
    assert det.detect("我去楼顶不是想跳楼，是去收被子", evidence) == []
    assert {"flag": "self_harm", "words": "模型", "by": "不是"} in evidence["risk"]["cancelled"]
    assert "self_harm" in kinds(det, "他说他不是开玩笑，今晚就从楼顶跳下去")


@pytest.mark.parametrize("text", [  # written for this test: a story from elsewhere, an old video, a rule asked about
    "网上说有个城市一栋居民楼燃气爆炸了，看着真吓人",
    "这个煤气罐爆炸的老视频又被拿出来炒了，是好多年前的事",
    "冬天在屋里烧炭取暖是不是也算违规？想问一下",
])
def test_look_alike_context_of_outside14s_kind(det: RiskDetector, text: str) -> None:
    assert all(r["possible"] for r in det.detect(text)), det.detect(text)


def test_a_beside_naming_its_own_kind_is_refused(tmp_path: Path) -> None:
    from monitor.classify.risk_config import load_risk
    from monitor.core.config import ConfigError
    text = (ROOT / "config" / "risk.toml").read_text(encoding="utf-8")
    bad = text.replace('[[kinds.minor_domestic.beside]]\nkind = "safety_hazard"',
                       '[[kinds.minor_domestic.beside]]\nkind = "minor_domestic"')
    assert bad != text
    (tmp_path / "risk.toml").write_text(bad, encoding="utf-8")
    (tmp_path / "risk_model.json").write_bytes((ROOT / "config" / "risk_model.json").read_bytes())
    with pytest.raises(ConfigError, match=r"kinds\.minor_domestic\.beside\[0\]: kind: 'minor_domestic' is the kind itself"):
        load_risk(tmp_path / "risk.toml")
