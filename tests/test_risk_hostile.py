"""Risk detection on long hostile texts (one shape repeated with commas only, no sentence ending): the
bounds and searches each hit's checks read are found once per text (spans._sentence_end, spans._search),
and they answer as a search from each hit did. What is asserted is the flags and the answers, never the
time (bench/risk_hostile.py measures that)."""

from __future__ import annotations

import random
import re
import threading
from pathlib import Path

import pytest

from monitor.classify.risk import RiskDetector
from monitor.classify.risk.context import _in_clause
from monitor.classify.risk.over import elsewhere, thanked
from monitor.classify.risk import spans
from monitor.classify.risk.spans import _SENTENCE, _search, _sentence_end

ROOT = Path(__file__).resolve().parents[1]


@pytest.fixture(scope="module")
def det() -> RiskDetector:
    return RiskDetector.load(ROOT / "config" / "risk.toml")


def _long(unit: str, n: int = 10_000) -> str:
    return (unit * (n // len(unit) + 1))[:n]


@pytest.fixture(params=[spans._LONG, 0], ids=["short", "remembered"])
def long_from(request: pytest.FixtureRequest, monkeypatch: pytest.MonkeyPatch) -> int:
    """Both ways: a short text searched as it was, and (from 0 characters) every text remembered."""
    monkeypatch.setattr(spans, "_LONG", request.param)
    return int(request.param)


@pytest.mark.usefixtures("long_from")
def test_sentence_end_is_the_next_stop_or_the_text_end() -> None:
    for norm in ("", "，，，", "着火了。扑灭了！好了？", "a\nb!c", "没有句号的一句话，接着说"):
        for at in range(len(norm) + 2):
            mt = _SENTENCE.search(norm, at)
            assert _sentence_end(norm, at) == (mt.start() if mt is not None else len(norm)), (norm, at)


@pytest.mark.usefixtures("long_from")
def test_search_answers_as_a_search_from_each_position() -> None:
    rng = random.Random(5)
    patterns = [re.compile(r"(?:可|但)[^。！？!?\n]{0,6}(?:还是|还在)"), re.compile(r"还|又"), re.compile(r"x*"),
                re.compile(r"(?<=了)好")]
    for _ in range(40):
        norm = "".join(rng.choice("可但还是在又了好，。x") for _ in range(rng.randint(0, 120)))
        queries = [(rng.randint(-2, len(norm) + 2), rng.choice([None, rng.randint(-1, len(norm) + 3)]))
                   for _ in range(60)]
        queries += sorted(queries, key=lambda q: q[0])  # ascending, as the hits of a walk ask
        for rx in patterns:
            for lo, hi in queries:
                want = rx.search(norm, max(lo, 0), len(norm) if hi is None else hi)
                got = _search(rx, norm, lo, hi)
                assert (got and (got.span(), got.group())) == (want and (want.span(), want.group())), (norm, lo, hi)


@pytest.mark.usefixtures("long_from")
def test_search_forgets_another_text() -> None:
    rx = re.compile("还是")
    assert _search(rx, "可还是在烧", 0) is not None
    assert _search(rx, "已经扑灭了", 0) is None
    assert _search(rx, "可还是在烧", 1) is not None


def test_search_keeps_each_thread_to_its_text() -> None:
    rx = re.compile("还是")
    seen: dict[str, list[bool]] = {}

    def read(norm: str) -> None:
        seen[norm] = [_search(rx, norm, i) is not None for i in range(len(norm))]

    threads = [threading.Thread(target=read, args=(t,)) for t in ("可还是在烧" * 200, "已经扑灭了" * 200)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert not any(seen["已经扑灭了" * 200])
    assert seen["可还是在烧" * 200][0]


def test_thanked_reads_the_responders_within_reach_of_each_thanks() -> None:
    norm = _long("感谢消防员，", 600)
    thanks = [(m.start(), m.end()) for m in re.finditer("感谢", norm)]
    responders = [m.start() for m in re.finditer("消防", norm)]
    assert thanked(norm, thanks, list(reversed(responders))) == thanks
    assert thanked(norm, thanks, []) == []
    far = "感谢大家，今天天气很好，我们去公园散步了，消防"
    assert thanked(far, [(0, 2)], [far.index("消防")]) == []


def test_elsewhere_reads_the_clause_of_each_place() -> None:
    norm = "上海那边着火了，我姐在北京那边，去广州那边"
    breaks = [i for i, c in enumerate(norm) if c == "，"]
    spots = [(m.start(), m.end()) for m in re.finditer("上海那边|北京那边|广州那边", norm)]
    assert elsewhere(norm, spots, breaks) == [(0, 4, None)]


def test_in_clause_bisects_the_words_that_start_in_a_clause() -> None:
    norm = "上回漏水，那天停电，上回又漏"
    items = [(m.start(), m.group()) for m in re.finditer("上回|那天", norm)]
    for lo, hi in ((0, 4), (5, 9), (10, 14), (3, 12), (0, 0)):
        assert [x for x in _in_clause(items, lo, hi) if lo <= x[0] < hi] == [x for x in items if lo <= x[0] < hi]


@pytest.mark.parametrize("unit", ["水管爆了已经修好了，", "感谢消防员，", "楼下着火了，消防来了把火扑灭了，", "，", "@市消防支队 ",
                                  "上回水管漏水淹了车库，物业一直没赔，"])
def test_a_long_sentence_of_what_is_over_raises_nothing(det: RiskDetector, unit: str) -> None:
    assert det.detect(_long(unit)) == []


def test_a_long_sentence_of_ultimatums_is_still_raised(det: RiskDetector) -> None:
    assert [f["flag"] for f in det.detect(_long("再不还钱我就去跳楼，"))] == ["self_harm"]


def test_what_is_still_so_at_the_end_of_a_long_sentence_keeps_every_fire(det: RiskDetector) -> None:
    # (each 扑灭了 reads to the end of the one sentence, where 可…还是 says the fire is not over)
    text = "着火了已经扑灭了，" * 30 + "可火还是在烧。"
    assert "safety_hazard" in [f["flag"] for f in det.detect(text)]
    assert det.detect("着火了已经扑灭了，" * 30 + "大家都没事。") == []
