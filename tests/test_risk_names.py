"""The learned model can read no names (ninth session of 2026-12-04): @-mentions and the gazetteer's and the matrix's
names are blanked before its n-grams are taken, in training and in detection alike (``risk.text.blank_names``), for
a model file that keeps the names it was trained without. The shipped model is trained without names since the
ninth session's retrain (it learns eval24 and eval25); the model before it raised two of these requests on names
(strict xfails until then, plain tests since).

Why: nearly every post to an account names it, and many name a district. A model that learnt eval24 raised an
ordinary request to the hub as 疑似轻生 at 67 % on the hub's and a district's names and on the filler of asking
(麻烦, 帮忙, 知道). Written for these tests, never copied from a set: ordinary requests to accounts that name
accounts, districts, towns and landmarks and ask for help in the everyday words; real dangers that name the same
places, still raised.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from test_risk import det  # noqa: F401 - fixtures
from test_risk import flags as raised

from monitor.classify.risk import RiskDetector, normalise
from monitor.classify.risk.text import BLANK, blank_names, name_automaton
from monitor.classify.risk_model import RiskModel

ORDINARY = [  # requests to accounts: who is asked and where, and the words of asking, nothing that happened
    "@问政银川 有件事想问问，不知道归哪里管，麻烦帮忙看一下",
    "@问政银川 想问一下这个事该去哪个窗口办，麻烦帮忙回复一下",
    "@西夏区 你好，我们小区的事一直没人回，麻烦看一下，谢谢",
    "@兴庆区 请问一下社保卡丢了在哪补办，不知道找谁",
    "@金凤区 有个情况想跟你们说说，不知道归不归你们管，麻烦了",
    "@银川人社 你好，想咨询一下，麻烦帮忙看看",
    "@永宁县 请问望洪镇到县城的班车几点有，麻烦告知一下",
    "@贺兰县 问一下习岗镇办居住证要带什么材料，谢谢帮忙",
    "@金凤区 阅海公园东门的公厕什么时候开，麻烦告知",
]
# the model before the ninth session's retrain raised these as 疑似轻生 on 麻烦, 知道, 个事 and 灵武 (85 %) or the hub's
# and district's names (80 %)
RAISED_ON_NAMES = [
    "@灵武市 我想了解个事，知道的麻烦说一声，谢谢了",
    "@问政银川 @西夏区 有个事情麻烦帮忙看看，不知道该找谁",
]

DANGERS = [  # (text, kind): the same places named beside a danger
    ("@问政银川 西夏区怀远路上有个井盖没了，晚上有人掉下去了", "safety_hazard"),
    ("@兴庆区 我爸在鼓楼附近晕倒了，120一直打不通", "medical"),
    ("@金凤区 阅海公园那边有人说不想活了要往湖里跳", "self_harm"),
    ("@永宁县 闽宁镇两百多个工人围在工地门口讨工钱", "mass_incident"),
    ("@贺兰县 习岗镇我们楼道里一股煤气味，是不是漏了", "safety_hazard"),
    ("@西夏区 麻烦帮忙看看，我邻居天天打孩子，孩子身上都是伤", "minor_domestic"),
]


@pytest.mark.parametrize("text", ORDINARY + RAISED_ON_NAMES)
def test_an_ordinary_request_naming_accounts_and_places_raises_nothing(det: RiskDetector, text: str) -> None:
    assert det.detect(text) == [], text


@pytest.mark.parametrize(("text", "kind"), DANGERS, ids=[k for _, k in DANGERS])
def test_a_danger_naming_places_is_still_raised(det: RiskDetector, text: str, kind: str) -> None:
    assert kind in raised(det, text), det.detect(text)


def _named_model() -> RiskModel:
    """A model fitted here on texts that name accounts and places, with those names blanked (as risk_train fits)."""
    names = ["问政银川", "西夏区", "金凤区", "兴庆区"]
    blanker = name_automaton(names)
    texts = ["@问政银川 楼道里有煤气味", "@西夏区 煤气味好大", "@问政银川 小区停车难", "@金凤区 停车费太贵",
             "西夏区楼道灯坏了", "@兴庆区 闻到煤气味了", "金凤区路灯不亮", "@西夏区 厨房煤气味很重"]
    labels = [["safety_hazard"] if "煤气" in t else [] for t in texts]
    texts = [blank_names(normalise(t), blanker).replace(" ", "") for t in texts]
    return RiskModel.fit(texts, labels, ["safety_hazard"], c=2.0, keep=0.0, names=names)


def test_a_model_fitted_without_names_learns_none_and_keeps_them() -> None:
    model = _named_model()
    assert model.names == tuple(sorted(["问政银川", "西夏区", "金凤区", "兴庆区"]))
    assert not any(BLANK in g or g in ("西夏", "夏区", "政银", "问政", "金凤") for g in model.weights)
    assert BLANK not in model.chars
    # read as it was trained: the account or district named (names of one length) moves no score
    assert model.probabilities(normalise("@西夏区 楼道里煤气味")) == model.probabilities(normalise("@金凤区 楼道里煤气味"))


def test_a_model_file_keeps_its_names(tmp_path: Path) -> None:
    from monitor.classify.risk_config import KINDS

    model = _named_model()
    model.save(tmp_path / "m.json")
    assert RiskModel.load(tmp_path / "m.json", KINDS).names == model.names


def test_blanked_names_are_the_gazetteers_and_the_matrixs() -> None:
    from monitor.classify.risk_train import blanked_names

    names = set(blanked_names())
    assert {"问政银川", "银川市问政", "西夏区", "西夏", "银川", "鼓楼", "望洪镇", "银古社区", "怀远夜市"} <= names


def test_blank_names_keeps_the_length_and_blanks_mentions_to_their_end() -> None:
    names = name_automaton(["问政银川", "西夏区", "西夏", "鼓楼"])
    text = normalise("@问政银川 西夏区鼓楼旁边有人晕倒了")
    out = blank_names(text, names)
    assert len(out) == len(text)
    assert out.replace(BLANK, "") == " 旁边有人晕倒了"
    # a mention ends at a space, a colon or punctuation; the space after it is kept even before a short clause
    assert blank_names(normalise("@某个网友 救命"), names) == BLANK * 5 + " 救命"
    assert blank_names(normalise("//@楼下老张:电梯又坏了"), names) == " //" + BLANK * 5 + ":电梯又坏了"
    # a handle with nothing to end it is blanked up to the account name it opens with, else not at all
    assert blank_names("@问政银川我家楼道里的燃气管子一直在漏气快来人", names).startswith(BLANK * 5 + "我家")
    long = "@张三我家楼道里的燃气管子一直在漏气快来人啊"
    assert blank_names(long, names) == long
    assert blank_names("没有名字的一句话", None) == "没有名字的一句话"
