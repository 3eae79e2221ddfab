"""Look-alikes by mechanism, seventh session of 2026-12-05 (risk-looks), found on outside15 and confirmed on other
development sets by other writers.

- An ultimatum whose consequence is the writer's own harmless step (a bad review, a block, a photo posted to the
  owners' group, a word to the property office, papers handed in to the subdistrict): the complaint's grammar, read by
  `context._recourse` for the model's threat guess and a menace rule's hit. Not a review already given that someone
  answers with a menace (the writer's step done, told with 了 or 因为), nor harm told on the way or after it.
- Withdrawn by the lead: a cry (不想活了, 日子没法过了) over a price or a bill cancelled unless a plight was told
  beside it; it cost a blind 轻生 danger, so a cry over a bill stays raised (STANDS).
- The writer asked and was told what it was (问了一下是…; `[match] settled`).
- A bout of illness told over by the day (今天好了; `matching._RESTORED`, the content verdict).
- A card named before 在 (医保卡在…: the medical kind's `unless`), a jest disowned (别当真哈: `[match] frames`).

Written for these tests, never copied from a set.
"""

from __future__ import annotations

import pytest
from test_risk import det  # noqa: F401 - fixtures
from test_risk import flags as raised
from test_risk import no_pattern

from monitor.classify.risk import RiskDetector

QUIET = [  # (mechanism, kind, text): the kind not raised
    ("a review", "threat", "那家面馆你给我等着，我今晚就写个差评，汤是凉的"),
    ("a review, its 打 no blow", "threat", "快递再丢一次件，我就给你们打个一星差评，说到做到"),
    ("the owners' group", "threat", "谁再把电动车推进楼道，我就拍下来发到业主群，让大家评评理"),
    ("a block after a condition", "threat", "走着瞧，这回面试我要是再不过，我就把那个招聘号拉黑"),
    ("the hotline, told 直接", "threat", "你们再半夜施工，我直接打12345，走着瞧"),
    ("papers to the subdistrict", "threat", "停车费乱收是吧，走着瞧，我下周就去街道递材料"),
    ("asked, and told", "safety_hazard", "小区东边一直冒烟，我问了一下是在烧锅炉试运行"),
    ("a stomach bug over", "medical", "前天吃坏了东西上吐下泻，今天好了，就是没什么力气"),
    ("a card before 在", "medical", "社保卡在外地的医院能用吗，要带降压药回去"),
    ("a jest disowned", "threat", "你给我等着，明天打球我让你一分都拿不到（别当真哈，朋友之间）"),
]


@pytest.mark.parametrize(("mechanism", "kind", "text"), QUIET, ids=[x[0] for x in QUIET])
def test_told_harmless(det: RiskDetector, mechanism: str, kind: str, text: str) -> None:
    # (the medical bout is settled for the patterns only: `settled_here` leaves the model's own guess, 疑似, as it is)
    out = raised(det, text)
    assert (no_pattern(out, kind) if kind == "medical" else kind not in out), (mechanism, det.detect(text))


STANDS = [  # (mechanism, kind, text): the kind still raised
    ("a review given, then a menace", "threat", "我就给了个差评，老板打电话说知道我住哪个小区，晚上来找我"),
    ("a review as the cause", "threat", "那个司机说记住我家门牌了，就因为我给他差评"),
    ("a knife after the group", "threat", "再不退钱我就发到业主群，然后拿刀去你们店里"),
    ("a bill that cannot be paid", "self_harm", "暖气费交不起了，老伴也走了，还不如早点去找他"),
    ("a bill and a bridge", "self_harm", "物业费又涨了，我今晚去黄河大桥上站一站，不想活了"),
    # a cry over a bill alone is raised too, for a person to judge: cancelling it cost a blind 轻生 danger (the lead,
    # seventh session of 2026-12-05), whose plight no list of plights foresaw
    ("a phone bill", "self_harm", "这个月流量超了，话费扣了三百多，真不想活了"),
    ("heating and insurance", "self_harm", "暖气费车险一起交，工资一下没了，这日子没法过了"),
    ("something swallowed, a card named", "medical", "孩子把纽扣电池吞了，卡在喉咙里，医保卡在我包里"),
]


@pytest.mark.parametrize(("mechanism", "kind", "text"), STANDS, ids=[x[0] for x in STANDS])
def test_a_danger_beside_them_stays(det: RiskDetector, mechanism: str, kind: str, text: str) -> None:
    assert kind in raised(det, text), (mechanism, det.detect(text))
