"""Satisfaction feedback: what a citizen says after a reply (谢谢 / 满意 vs 没解决 / 敷衍).

Why a lexicon and not a classifier: the signal is a handful of fixed expressions, an operator
must see *which words* made the call, and negation is the only hard part ("没有解决" vs
"已经解决", "不满意" vs "满意"). Rules, in order:

1. An unsatisfied expression anywhere wins (``谢谢你们的敷衍`` is not thanks).
2. A satisfied word preceded (within a few characters, same clause) by a negator flips to
   unsatisfied: ``没有解决``, ``并未解决``, ``不太满意``.
3. Plain thanks (谢谢, 感谢) next to a request (请, 希望, 尽快, a question) is politeness, not
   satisfaction: ``麻烦尽快处理，谢谢`` returns ``None``.

The lead's pipeline calls :func:`record_feedback` on a citizen's follow-up after a reply.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass
from typing import Literal

from sqlalchemy.orm import Session

from monitor.handling.queue import open_entry, resolve_entries
from monitor.store.models import Case, CaseEvent

Label = Literal["satisfied", "unsatisfied"]

UNSATISFIED = (
    "没解决", "没有解决", "未解决", "还没解决", "仍未解决", "没处理", "没人管", "还是没人管", "没人理",
    "敷衍", "不满意", "踢皮球", "推诿", "推脱", "扯皮", "糊弄", "应付", "形式主义", "石沉大海",
    "没用", "没有用", "不作为", "官腔", "答非所问", "又是这样", "等了这么久", "骗人", "差评",
)
SATISFIED_STRONG = (
    "满意", "已解决", "已经解决", "解决了", "得到解决", "处理好了", "修好了", "搞定了", "点赞",
    "辛苦了", "给力", "效率高", "效率真高", "好评", "为你们点赞", "真快", "及时雨",
)
SATISFIED_WEAK = ("谢谢", "感谢", "多谢", "谢了")
NEGATORS = re.compile(r"(不|没|没有|未|并未|尚未|还没|还未|别|无|不太|不是很|不怎么)$")
REQUEST = re.compile(r"请|希望|麻烦|尽快|能否|能不能|何时|什么时候|[?？]")
CLAUSE = re.compile(r"[，。！!？?；;,、\s]")


@dataclass(frozen=True)
class Feedback:
    label: Label
    words: tuple[str, ...]


def _occurrences(text: str, word: str) -> list[int]:
    return [m.start() for m in re.finditer(re.escape(word), text)]


def _negated(text: str, start: int) -> bool:
    """Is the word at ``start`` negated by what precedes it in the same clause (≤4 chars)?"""
    before = text[max(0, start - 4):start]
    cut = max((m.end() for m in CLAUSE.finditer(before)), default=0)
    return bool(NEGATORS.search(before[cut:]))


def detect(text: str) -> Feedback | None:
    """Satisfaction expressed in ``text``, with the words that decided it; None when none."""
    if not text or not text.strip():
        return None
    unhappy = [w for w in UNSATISFIED if w in text]
    # drop shorter matches contained in longer ones (还是没人管 ⊃ 没人管) for readable evidence
    unhappy = [w for w in unhappy if not any(w != o and w in o for o in unhappy)]
    happy: list[str] = []
    for word in SATISFIED_STRONG + SATISFIED_WEAK:
        for pos in _occurrences(text, word):
            neg = _negated(text, pos)
            if neg:
                m = NEGATORS.search(text[max(0, pos - 4):pos])
                unhappy.append((m.group(0) if m else "") + word)
            else:
                happy.append(word)
    if unhappy:  # evidence in the order the citizen wrote it
        return Feedback("unsatisfied", tuple(sorted(dict.fromkeys(unhappy), key=text.find)))
    happy = [w for w in dict.fromkeys(happy) if not any(w != o and w in o for o in happy)]
    happy.sort(key=text.find)
    if not happy:
        return None
    if all(w in SATISFIED_WEAK for w in happy) and REQUEST.search(text):
        return None  # "请尽快处理，谢谢": politeness, not satisfaction
    return Feedback("satisfied", tuple(happy))


def record_feedback(session: Session, case: Case, text: str, *, at: dt.datetime,
                    mention_id: int | None) -> Feedback | None:
    """Record what ``text`` says about the handling of ``case``; None when it says nothing.

    Appends a ``feedback`` event, sets ``case.satisfaction`` (the latest word counts), opens a
    ``negative_feedback`` queue entry when unsatisfied, and resolves that entry when the
    citizen later says it is solved.
    """
    fb = detect(text)
    if fb is None:
        return None
    session.add(CaseEvent(case_id=case.id, kind="feedback", at=at, actor="citizen", mention_id=mention_id,
                          data={"label": fb.label, "words": list(fb.words)}))
    case.satisfaction = fb.label
    if fb.label == "unsatisfied":
        open_entry(session, case.id, "negative_feedback", at=at, detail={"words": list(fb.words)})
    else:
        resolve_entries(session, case.id, ["negative_feedback"], at=at, by="citizen")
    return fb
