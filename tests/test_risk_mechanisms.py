"""How far context reaches (seventh session of 2026-12-04): mechanisms of the rule check, not words.

- A repost chain (…//@name:…) parts speakers: one speaker's past marker ends at their words, and no cue pairs with a
  word across a //@ (a frame of the reposter still says what the reposted words are: 感谢转发提醒 //@…).
- A clause ending in 吗 is a question, a sentence of its own even without its mark: the look-alike question's words
  (犯法吗) do not reach a danger told in the clause after it, and no cue pairs with a word across it.
- A threat dared on a lawful act (敢去法院起诉，他就…; 我敢申请就…) is someone's intimidation: the lawful words, and a
  question about them told before, cancel nothing. A parent's idle threat over a game stays a look-alike.
- A laugh comments on what was just said: read from the later half of a hit (its cue in a later clause, a turn such
  as 结果 inside the hit not between it and the laugh), and up to a short clause further on in the same sentence.
- 视频里 after the writer's own kin named in its sentence is a video call, first-hand, not a clip of elsewhere.
- A rule question that is by itself the clause after a hit's (…打工，合法吗？) asks about what was named there; not
  when the hit's clause tells who did it or when (邻居家男人天天打孩子，犯法吗？ stands).
- Anger told as the cause of an act (一气之下, 一怒之下) is a turn: the clause before is what provoked it, so its
  look-alike word (a game played) cancels no weapon told after it; a game as the setting still does.
- A hazard's sign told as ceased (不 right before it, 了 right after: 不冒火花了) is over, for the model too; a body's
  sign stopped (不动了) is still the emergency.

Written for these tests, never copied from a set.
"""

from __future__ import annotations

import pytest
from test_risk import det  # noqa: F401 - fixtures
from test_risk import flags as raised
from test_risk import no_pattern

from monitor.classify.risk import RiskDetector

RAISED = [  # (phenomenon, text, kind): raised for certain
    ("a repost: one speaker's past fall, another's ice and a fall now",
     "//@老周:前天我也在那滑倒过 //@小区群:三号楼门口的坡道全结冰了 刚才一个老人摔下去 起不来", "safety_hazard"),
    ("a law asked about, then a beating told", "打孩子犯法吗 我家隔壁那个男的天天打孩子", "minor_domestic"),
    ("a threat dared on going to court", "他说我要是敢去法院起诉，他就把我家房子点了", "threat"),
    ("a threat dared on applying, a how-to question before it", "离婚协议怎么申请，他说我敢申请就弄死我", "threat"),
    ("a threat dared on a report", "老板在群里说谁再去劳动局举报，就让谁横着出去", "threat"),
    ("a laugh with a turn between it and the hit", "哈哈，我这次真的要拿刀砍死他", "threat"),
    ("a video call with a grandfather", "我姥爷一个人在老家，刚才视频里看见他倒在炕边起不来，说头晕得厉害", "medical"),
    ("a hazard's sign going on", "配电箱一直冒火花，还噼啪响", "safety_hazard"),
    ("a body's sign stopped", "老人躺在床上不动了", "medical"),
    ("harm told, then a rule question", "邻居家男人天天打孩子，犯法吗？", "minor_domestic"),
    ("a weapon after a game, anger the cause", "他打游戏输了，一气之下拿着菜刀在门外砍门", "threat"),
]


@pytest.mark.parametrize(("phenomenon", "text", "kind"), RAISED, ids=[x[0] for x in RAISED])
def test_context_does_not_reach_past_its_mechanism(det: RiskDetector, phenomenon: str, text: str, kind: str) -> None:
    out = raised(det, text)
    assert kind in out and not out[kind]["possible"], (phenomenon, det.detect(text))


QUIET = [  # (phenomenon, text, kind): no pattern of the kind fires
    ("a reposter's frame over the reposted words", "感谢转发提醒 //@社区:燃气泄漏时请先关阀门开窗", "safety_hazard"),
    ("a law asked about alone", "打孩子犯法吗 想问问", "minor_domestic"),
    ("a parent's idle threat over a game", "你要是敢再玩游戏，我就打死你", "threat"),
    ("a laugh after the cue's clause, a turn inside the hit", "我弟说要给我露一手 结果把锅炸了 哈哈", "threat"),
    ("a laugh a short clause further on", "我说再哭我打死你 他还冲我吐舌头 哈哈", "threat"),
    ("a laugh after a turn that only stresses", "周末真的不想活了，不想加班，哈哈", "self_harm"),
    ("a clip of elsewhere", "刷到一个视频，外地有个老人倒在路边起不来，没人扶", "medical"),
    ("a hazard's sign ceased, the model quiet too", "小区配电箱修好以后，不冒火花了，也不响了", "safety_hazard"),
    ("a plan named, then a rule question", "十五岁的娃寒假想去饭馆打工，合法吗？", "minor_domestic"),
    ("a cue across a question's end", "我们几个摊主想联名写信反映摊位费 这样可以吗 会不会被当成闹事", "mass_incident"),
    ("a weapon in a game, the game the setting", "玩游戏的时候，我拿刀砍了对面十几个", "threat"),
]


@pytest.mark.parametrize(("phenomenon", "text", "kind"), QUIET, ids=[x[0] for x in QUIET])
def test_context_still_reaches_within_its_mechanism(det: RiskDetector, phenomenon: str, text: str, kind: str) -> None:
    assert no_pattern(raised(det, text), kind), (phenomenon, det.detect(text))


def test_a_repost_keeps_the_model_text_unchanged() -> None:
    from monitor.classify.risk import model_text, normalise

    norm = normalise("我也摔了//@张三:台阶全是冰")
    assert norm == "我也摔了 //@张三:台阶全是冰"
    assert model_text(norm) == "我也摔了//@张三:台阶全是冰"
