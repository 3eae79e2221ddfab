"""Hyperbole over a trifle (sixth session of 2026-12-04): a cry of despair or fury in danger's words whose small cause is
told beside it — in its clause, the clause before, or the clause right after it (never further) — is a figure of
speech: a fund gone green, an exam of English abroad scored again, a bathroom scale, a wind that bites, a game's save
deleted, a flower watered to death, a sore throat from eating hot; spam calls, a radiator not warm, the writer's singing,
a family's way of talking (家里人说话就这样). Each beside a danger told in the same words that
must stay certain: a loss that is no trifle, a means or a deed of the kind told with it, the trifle told two clauses
away, or hits of the kind in two clauses (the trifle explains one clause's cry, not a weapon told after it).

Written for these tests, never copied from a set (config: each kind's `trifles` in config/risk.toml).
"""

from __future__ import annotations

import pytest
from test_risk import det  # noqa: F401 - fixtures
from test_risk import flags as raised
from test_risk import no_pattern

from monitor.classify.risk import RiskDetector

TRIFLES = [  # (phenomenon, text, kind): no pattern of the kind fires
    ("a fund gone green, told before", "股票又绿了一大片，我不活了", "self_harm"),
    ("an English test scored again", "托福考了三回还是八十分 不想活了", "self_harm"),
    ("a bathroom scale", "体重秤又涨了两斤，想死", "self_harm"),
    ("a wind that bites", "早上出门那风刮得我真的不想活了", "self_harm"),
    ("a gripe right after", "不想活了 早八课到底是谁发明的", "self_harm"),
    ("a game's save, told right after", "我哥说要跟我同归于尽，他的游戏存档被我删了", "threat"),
    ("a flower watered to death, told right after", "我妈说要打断我的腿，阳台上那盆花被我浇死了", "threat"),
    ("a sore throat from eating hot", "火锅连吃了三顿，喉咙疼得说不出话，上火了", "medical"),
    ("spam calls, told right after", "把旧号码停了，一了百了，以后推销的骚扰电话终于清净了", "self_harm"),
    ("a radiator that is not warm", "暖气不热 活不下去了 屋里才十一度", "self_harm"),
    ("the writer's singing, told right after", "我妹说再听见我唱歌就掐死我，我唱得有那么跑调吗", "threat"),
    ("the writer's singing, a sister's words", "我妹说再听见我唱歌就掐死我，我唱得有那么跑调吗", "minor_domestic"),
    ("a family's way of talking", "我妈说再让我熬夜就打断我的腿，家里人说话就这样", "threat"),
]


@pytest.mark.parametrize(("phenomenon", "text", "kind"), TRIFLES, ids=[x[0] for x in TRIFLES])
def test_a_cry_over_a_trifle_raises_no_pattern(det: RiskDetector, phenomenon: str, text: str, kind: str) -> None:
    assert no_pattern(raised(det, text), kind), (phenomenon, det.detect(text))


KEPT = [  # (phenomenon, text, kind): the same words telling a danger are still raised for certain
    ("a loss that is no trifle", "股票亏光了，全家的积蓄都没了，我不活了", "self_harm"),
    ("a trifle, then a place of ending", "托福考了三回还是八十分，不想活了，现在站在楼顶", "self_harm"),
    ("a trifle, then a note written", "股票又绿了一大片，我不活了，遗书都写好了", "self_harm"),
    ("a trifle two clauses after the cry", "不想活了 安眠药已经攒够了 早八课到底是谁发明的", "self_harm"),
    ("a cause that is no trifle", "他说要打断我的腿，因为我去法院告了他", "threat"),
    ("a trifle, then a weapon at the door", "我妈说要打断我的腿，阳台上那盆花被我浇死了，她拿着菜刀在门外", "threat"),
    ("a trifle, then a weapon a look-alike word precedes", "我哥说要跟我同归于尽，因为他的游戏存档被我删了，他拿着菜刀在门外",
     "threat"),
    ("a trifle two clauses after the threat", "我哥说要跟我同归于尽，刀已经拿在手里了，就因为我删了他的存档", "threat"),
    ("a throat that shuts, the trifle further on", "孩子嗓子肿得说不出话，喘不上气，上火也不会这样吧", "medical"),
    ("debt collectors' calls are no trifle", "把手机卡扔了，一了百了，催收电话以后也打不进来了", "self_harm"),
    ("a cold home, then the gas opened", "暖气不热，活不下去了，我把煤气阀门打开了", "self_harm"),
    ("a family's way of talking, then a club at the door", "他说要打断我的腿，家里人说话就这样，可这次他真拿着棍子在门口等我",
     "threat"),
    ("a song, then strangling done before", "我哥说再听到我唱歌就掐死我，他以前真掐过我好几回", "threat"),
]


@pytest.mark.parametrize(("phenomenon", "text", "kind"), KEPT, ids=[x[0] for x in KEPT])
def test_a_danger_in_the_same_words_is_kept(det: RiskDetector, phenomenon: str, text: str, kind: str) -> None:
    out = raised(det, text)
    assert kind in out and not out[kind]["possible"], (phenomenon, det.detect(text))
