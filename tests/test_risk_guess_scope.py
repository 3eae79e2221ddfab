"""Recall by mechanism, fifth session of 2026-12-05 (risk-guess): the model's guess and the context words that quiet it.

- A kind's `unless` word (体检, 投诉), a frame (电影) or a past marker kept the model's guess of the kind quiet wherever it
  stood in the text, while the patterns read each only around a hit. The model cannot say where it read its danger, so
  the guess is read again with what each word frames cut out (`learned._framed`: an `unless` word or a lawful way its
  clause, the clause before and the one after within its sentence; a frame or a past marker its sentence), the n-grams
  scaled as the whole text's: a guess the rest of the post raises by itself is of a danger told elsewhere, and stands.
- A word in the danger's own clause or the clause beside it, or in a question (a question asks about what the post
  tells), still keeps it quiet; so does a frame in the danger's sentence.
- A past marker's sentence ends, for it, at a contrast told after it (当时…，可是到晚上…), and a settled marker is taken
  back by a contrast after it (人没事，但是…): what follows is read by itself.

Written for these tests, never copied from a set.
"""

from __future__ import annotations

import pytest
from test_risk import det  # noqa: F401 - fixtures
from test_risk import flags as raised

from monitor.classify.risk import RiskDetector

ELSEWHERE = [  # (mechanism, text, kind): the word is told in another sentence than the danger, which stands
    ("a check-up told before a sickness today", "上个月单位体检都正常。今天早上我爸起床后一直吐，头晕得站不住", "medical"),
    ("a complaint made before a menace", "这事我想过很多次了，投诉也投诉过。他每天几点从哪个门出来我都知道，我已经没什么可以失去的了",
     "threat"),
    ("a past marker taken back by a contrast", "下午骑车摔了一跤，当时觉得人没事，可是到晚上头一直疼，吐了好几回", "medical"),
]


@pytest.mark.parametrize(("mechanism", "text", "kind"), ELSEWHERE, ids=[x[0] for x in ELSEWHERE])
def test_a_guess_told_away_from_the_word_stands(det: RiskDetector, mechanism: str, text: str, kind: str) -> None:
    assert kind in raised(det, text), (mechanism, det.detect(text))


FRAMED = [  # (mechanism, text, kind): the word frames the danger's own clause or sentence, or asks about it: no flag
    ("the word in the danger's clause", "单位体检那天我爸一直吐，头晕得站不住", "medical"),
    ("a film in the danger's sentence", "昨晚看了部电影，主角一直吐，头晕得站不住", "medical"),
    ("a lawful way in the clause before", "我投诉过他好几次，他每天几点从哪个门出来我都知道", "threat"),
    ("the word in a question", "上个月单位体检都正常？今天早上我爸起床后一直吐，头晕得站不住", "medical"),
    ("a mishap told as over, no contrast after", "昨天骑车摔了一跤，有点头晕，现在没事了", "medical"),
    ("a stomach upset over, a contrast of no danger", "前几天吃坏了肚子，吐了两回，已经好了，不过还是有点乏", "medical"),
]


@pytest.mark.parametrize(("mechanism", "text", "kind"), FRAMED, ids=[x[0] for x in FRAMED])
def test_a_guess_the_word_frames_stays_quiet(det: RiskDetector, mechanism: str, text: str, kind: str) -> None:
    assert kind not in raised(det, text), (mechanism, det.detect(text))
