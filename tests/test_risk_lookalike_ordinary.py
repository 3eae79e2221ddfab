"""Look-alikes on ordinary text read by mechanism (ninth session of 2026-12-04): what raised each 疑似 on the
retired sets (bench/risk_dev.py --why), fixed at its cause.

- An outcome told after the event, in the writer's words. The thing or the state restored (今早已经退了, 现在正常了,
  吃了药现在好了) settles a hazard or an emergency. The person well (人没事, 好在没事, 好在没砸到人) settles an
  emergency of a person only: a hazard stays when its victim is well (掉进坑里，人没事，坑还敞着), a contrast or a residue
  after it tells what remains (…，但…; 就是一直喊疼), woken up is not well (人已经醒了，一直喊头疼), no violence is settled
  by a person fine (还好孩子没事), and 现在好了 as a
  clause of its own before another is the sarcastic opener of a worse state (现在好了，楼道里全是煤气味).
- A danger's word in a short post the model reads as none of the kind's messages (`[model] unlike`, 0.02): a kind the
  patterns raise by weak cues or certain hits only is dropped, with the model's figure among what was cancelled
  (看到电费单我心梗; 为了抢球鞋我拼了). A danger told in the same words stays (我爸吐血了，人站不起来; 跟包工头拼了，刀
  揣身上了); so does a hit made 疑似 by its context (听说…, 请问…, a past or standing marker: a person judges it), a
  long letter's 疑似 (its scores sit low) and an everyday source's (for the duty desk).
- `[model] unlike_keeps` (tenth engineer of the ninth session): a hazard the patterns call certain, in a post told
  plainly, asks its own lower bar (1.25 %), so a retrain's lower scores drop no report of one; a post that asks
  (什么时候能补上？) reads at `unlike` as before. Nothing is dropped from a message another kind raises as certain. 为了…我拼了
  (为了抢到门票我也拼了) is effort for a thing wanted, not a fight: 为了…我跟他拼了 faces someone and stays.
- A rumour passed on (网上说, 有人说, 群里都在传) and then corrected in the writer's own words (根本没这回事, 辟谣, 别再传了,
  其实是几个小伙子在拍视频, 是几年前的旧闻) is settled, as 是谣言 is; a rumour confirmed (其实是真的, 这不是谣言), asked about
  (不知道是不是真的), only believed false (我觉得不是真的) or followed by a contrast (…，但他今天一直没来上班) is not; nor is
  a story the config's settled words call false (是假的, 没这回事) when a contrast follows.
- A danger supposed (万一, 如果, 要是…, in the hit's clause, nobody told between) and asked what one should do about it or who
  pays (万一厨房里燃气泄漏了应该怎么做; 如果在公园里被狗咬了，疫苗钱谁出): knowledge asked for, the model quiet too. Someone
  told between (万一他真跳下去了怎么办; 如果我老公再打我怎么办) keeps it 疑似; an event told now (着火了怎么办！) stands.
- ``detect(text, trace=[])`` records each pattern hit that stood and what made it 疑似 (bench/risk_dev.py --why).

Written for these tests, never copied from a set.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from test_risk import det  # noqa: F401 - fixtures
from test_risk import flags as raised

from monitor.classify.risk import RiskDetector

RAISED = [  # (mechanism, text, kind): raised for certain
    ("the one who fainted awake, a stroke's signs after", "老人在菜地里晕倒了，现在醒了，可是说话含糊，嘴也歪了", "medical"),
    ("the rider well, the hole still open", "路上的井盖没了，刚才一个骑电动车的大哥掉进去了，人没事，坑还敞着", "safety_hazard"),
    ("a child well, the beating told", "他又把我打了一顿，还好孩子没事", "minor_domestic"),
    ("a sarcastic opener before the smell", "物业一直不管，现在好了，楼道里全是煤气味", "safety_hazard"),
    ("a fainting, nothing after", "地铁站里有个小伙子晕倒了，站务员给他喝了糖水", "medical"),
    ("woken up is not well", "老人在楼下摔倒了，人已经醒了，一直喊头疼，话也说不清", "medical"),
    ("awake, nothing after", "地铁站里有个小伙子晕倒了，站务员给他喝了糖水，人已经醒了", "medical"),
    ("deep water, nothing after", "昨晚暴雨小区门口积水齐腰深", "safety_hazard"),
    ("blood coughed up, a body down", "我爸刚才吐血了，吐了一大口，人站不起来", "medical"),
    ("a fight promised, a knife carried", "他说今晚就跟那个包工头拼了，刀都揣身上了", "threat"),
    ("a child lost, told plainly", "我家孩子丢了，在广场那边，穿黄衣服，三岁", "minor_domestic"),
    ("a rumour said to be no rumour", "群里都在传北塔那边有人要跳河，这不是谣言，我就在桥下，人还站在栏杆外面", "self_harm"),
    ("someone about to jump, told bare", "有人说桥上有个人要往下跳，快来人", "self_harm"),
    ("a story called false, then a farewell told", "群里都在传他要跳河，我觉得是假的，可是他昨晚发了告别的话", "self_harm"),
    ("a fire now, asked what to do", "着火了怎么办！楼道全是烟", "safety_hazard"),
]


@pytest.mark.parametrize(("mechanism", "text", "kind"), RAISED, ids=[x[0] for x in RAISED])
def test_a_danger_told_stays_certain(det: RiskDetector, mechanism: str, text: str, kind: str) -> None:
    out = raised(det, text)
    assert kind in out and not out[kind]["possible"], (mechanism, det.detect(text))


POSSIBLE = [  # (mechanism, text, kind): raised, as 疑似 at least
    ("a fever said to pass by itself", "孩子发高烧好几天了，家里人说捂一捂就好了", "medical"),
    ("a rumour confirmed", "朋友圈说北塔那边有人跳河了，其实是真的，救护车刚到", "self_harm"),
    ("a rumour doubted, then what remains", "有人说他要跳楼，我觉得不是真的，但他今天一直没来上班，电话也关机", "self_harm"),
    ("a supposition about someone", "万一他真跳下去了怎么办", "self_harm"),
    ("a supposition about one's husband", "如果我老公再打我怎么办", "minor_domestic"),
    ("a goal, then someone faced", "为了讨回这口气我跟他拼了", "threat"),
]


@pytest.mark.parametrize(("mechanism", "text", "kind"), POSSIBLE, ids=[x[0] for x in POSSIBLE])
def test_a_prediction_settles_nothing(det: RiskDetector, mechanism: str, text: str, kind: str) -> None:
    assert kind in raised(det, text), (mechanism, det.detect(text))


QUIET = [  # (mechanism, text, kind): not raised at all (the model quiet too)
    ("the one who fainted well again", "广场上有个大姐晕倒了，大家给她扇了扇风，好在没事", "medical"),
    ("the water gone down", "昨晚暴雨小区门口积水齐腰深，今早已经退了", "safety_hazard"),
    ("a heatstroke over", "我爸周末钓鱼中暑了，回来吃了药，现在好了", "medical"),
    ("a smell gone, told at the end", "楼道里全是煤气味，现在好了", "safety_hazard"),
    ("a score that stopped the heart", "看到女儿的期末成绩我当场心梗", "medical"),
    ("a fight for sneakers", "为了抢到那双球鞋我拼了，定了五个闹钟", "threat"),
    ("a rumour corrected: nothing of the kind", "群里都在传北塔那边有人要跳河，我刚问了派出所，根本没这回事，别再传了", "self_harm"),
    ("a rumour corrected: what it was", "群里有人说南门那边有人要跳河，其实是几个小伙子在拍视频", "self_harm"),
    ("a leak supposed, what to do asked", "万一厨房里燃气泄漏了应该怎么做，先关阀门还是先开窗", "safety_hazard"),
    ("a bite supposed, who pays asked", "如果在公园里被狗咬了，打疫苗的钱谁出", "medical"),
    ("effort for a thing wanted", "为了抢到演唱会的门票我也拼了，三台手机一起刷", "threat"),
]


@pytest.mark.parametrize(("mechanism", "text", "kind"), QUIET, ids=[x[0] for x in QUIET])
def test_a_lookalike_is_read_by_its_mechanism(det: RiskDetector, mechanism: str, text: str, kind: str) -> None:
    assert kind not in raised(det, text), (mechanism, det.detect(text))


def test_a_trace_names_each_hit_and_what_made_it_possible(det: RiskDetector) -> None:
    trace: list[tuple[int, int, str, int, str]] = []
    out = raised(det, "我爸周末钓鱼中暑了")
    det.detect("我爸周末钓鱼中暑了", None, trace)
    assert out["medical"]["possible"]
    assert [(k, how) for _, _, k, _, how in trace] == [("medical", "rule.possible")]
    trace.clear()
    det.detect("昨晚暴雨小区门口积水齐腰深", None, trace)
    assert {(k, how) for _, _, k, _, how in trace} == {("safety_hazard", "rule")}
    assert det.detect("昨晚暴雨小区门口积水齐腰深") == det.detect("昨晚暴雨小区门口积水齐腰深", None, [])


def test_what_the_model_reads_as_none_of_the_kind_is_shown_cancelled(det: RiskDetector) -> None:
    evidence: dict = {}
    assert "medical" not in raised(det, "看到女儿的期末成绩我当场心梗")
    det.detect("看到女儿的期末成绩我当场心梗", evidence)
    assert any(c["flag"] == "medical" and c["by"].startswith("模型") for c in evidence["risk"]["cancelled"])


def test_hearsay_keeps_its_possible_flag(det: RiskDetector) -> None:
    # a rumour asked about: 疑似 by its context, kept for a person whatever the model reads
    out = raised(det, "听说城东那个小区昨晚有人跳楼了，真的假的")
    assert "self_harm" in out and out["self_harm"]["possible"]


def test_a_long_letter_keeps_its_possible_flag(det: RiskDetector) -> None:
    # the same weak cue deep in a letter of more than 100 characters: the patterns keep it for a person
    letter = ("尊敬的领导：我是住在金凤区的普通老百姓，写信说说我们小区这几年的情况。小区物业换了三次，每次换完都说会好，"
              "可是楼道的灯还是不亮，门禁也坏了半年，垃圾常常两三天才清一次。看到女儿的期末成绩我当场心梗，"
              "家里的事情已经够多了，希望有关部门能来看看，把小区的管理理顺，谢谢。")
    assert len(letter) > 100
    assert "medical" in raised(det, letter)



def test_unlike_drops_no_danger_on_the_sets_the_model_never_learnt() -> None:
    """`[model] unlike` read on the development sets the shipped model never learnt (risk_train.NOT_TRAINED: its
    scores there are what unread text gets): no labelled kind of a danger raised without it may be dropped by it. Each
    kind's bar is the model's own (`unlike_share`, read from its held-out dangers at training time: test_risk_unlike_bars),
    so a retrain moves it with its scores; if this fails, the share asks too much of that model (docs/classify.md)."""
    from monitor.classify.risk_config import load_risk
    from monitor.classify.risk_train import NOT_TRAINED

    root = Path(__file__).resolve().parents[1]
    settings = load_risk(root / "config" / "risk.toml")
    assert settings.model is not None and (settings.model.unlike > 0 or settings.model.unlike_share is not None)
    shipped = RiskDetector(settings)
    without = RiskDetector(settings.model_copy(update={"model": settings.model.model_copy(
        update={"unlike": 0.0, "unlike_share": None})}))
    lost = []
    for name in sorted(NOT_TRAINED or {"eval24.jsonl", "eval25.jsonl"}):
        with (root / "tests" / "fixtures" / "risk" / name).open(encoding="utf-8") as fh:
            for row in map(json.loads, filter(str.strip, fh)):
                if row["kinds"]:
                    before = {r["flag"] for r in without.detect(row["text"])}
                    after = {r["flag"] for r in shipped.detect(row["text"])}
                    lost += [(row["id"], k) for k in row["kinds"] if k in before and k not in after]
    assert not lost, lost


def _unlike_at(bar: float, keeps: dict[str, float]) -> RiskDetector:
    # (a bar far above any danger's score: what `unlike` does, whatever the shipped model reads)
    from monitor.classify.risk_config import load_risk
    settings = load_risk(Path(__file__).resolve().parents[1] / "config" / "risk.toml")
    assert settings.model is not None
    return RiskDetector(settings.model_copy(update={"model": settings.model.model_copy(
        update={"unlike": bar, "unlike_share": None, "unlike_keeps": keeps})}))


def test_unlike_keeps_a_certain_hazard_told_without_asking() -> None:
    told, asked = "单元门口的井盖丢了，黑灯瞎火的", "单元门口的井盖丢了，什么时候能补上？"
    kept = _unlike_at(0.99, {"safety_hazard": 0.0})  # (a hazard told plainly: its own bar, here none)
    assert "safety_hazard" in raised(kept, told)  # (below `doubt` it would be 疑似 with the model's figure)
    assert "safety_hazard" not in raised(kept, asked)  # a service asked for: read as before
    assert "safety_hazard" not in raised(_unlike_at(0.99, {}), told)


def test_unlike_drops_nothing_from_a_message_certain_of_another_kind() -> None:
    # the sickness certain, the water's hazard weak: the message goes to a person anyway, so the hazard stays beside it
    text = "这两天井水喝着发涩，好几户都拉肚子了"
    out = raised(_unlike_at(0.99, {"medical": 0.0}), text)  # (the sickness kept certain: every other kind under the bar)
    assert "medical" in out and not out["medical"]["possible"]
    assert "safety_hazard" in out
