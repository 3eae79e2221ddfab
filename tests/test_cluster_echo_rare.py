"""A 同问 naming neither place nor problem, posted alone, echoes the one appeal of the last hours
holding a word of it that no other recent case holds (issue 14, sixth session of 2026-12-05).

The echo takes up one word of the appeal it read ("看到锦鲤了" under a park's lake), hours later
and with other appeals between: one word does not say which appeal by itself (the wording rule
asks two, or an appeal of the last hour), but a word that only one of the recent cases holds
does. A word of two content characters only (锦鲤, 城际), never one with a character of grammar
(扣了, 楼的); a word two recent cases hold, or rare words pointing at two appeals, leave the echo
alone. The sentences are new ones, never copied from a set.
"""

from __future__ import annotations

import pytest
from test_cluster import app, case_of, ingest  # noqa: F401 - the pipeline on each backend

from monitor.cluster.echoes import Echoes
from monitor.store.context import App


@pytest.mark.parametrize("echo", [
    "同问，看到锦鲤了",     # three hours on, another appeal between: 锦鲤 says which
    "对 锦鲤也没人捞一下",  # no 同问, no place, no problem: an answer written as a post, the thread left out
])
def test_an_echo_joins_the_one_recent_appeal_holding_its_rare_word(app: App, echo: str) -> None:  # noqa: F811
    ingest(app, [
        ("r1", "人民公园湖里的锦鲤翻着肚皮漂了一片", 0),
        ("r2", "北京中路公交站的顶棚被风刮歪了", 60),
        ("r3", echo, 180),
    ])
    fish, shelter, joined = (case_of(app, i) for i in range(3))
    assert joined.cluster_id is not None and joined.cluster_id == fish.cluster_id
    assert shelter.cluster_id != joined.cluster_id


def test_a_word_two_recent_cases_hold_says_no_appeal(app: App) -> None:  # noqa: F811
    ingest(app, [
        ("s1", "典农河边的排水渠里锦鲤翻了白肚", 0),
        ("s2", "人民公园湖里的锦鲤翻着肚皮漂了一片", 600),
        ("s3", "同问，看到锦鲤了", 780),  # 锦鲤 at the canal this morning and the lake now: either
    ])
    canal, lake, echo = (case_of(app, i) for i in range(3))
    assert echo.cluster_id is None or echo.cluster_id not in (canal.cluster_id, lake.cluster_id)


def test_a_word_with_a_character_of_grammar_is_no_rare_word(app: App) -> None:  # noqa: F811
    ingest(app, [
        ("u1", "燃气公众号充值扣了钱，卡里一直没到账", 0),
        ("u2", "北京中路公交站的顶棚被风刮歪了", 60),
        ("u3", "+1 扣了", 180),  # 扣了: any payment's, any fine's
    ])
    gas, _shelter, echo = (case_of(app, i) for i in range(3))
    assert echo.cluster_id is None or echo.cluster_id != gas.cluster_id


def test_rare_words_of_two_appeals_leave_the_echo_alone() -> None:
    groups = {-1: ({"锦鲤"}, set(), None, 1), -2: ({"顶棚"}, set(), None, 2)}
    read = [(None, 1, "湖里锦鲤"), (None, 2, "车站顶棚")]
    assert Echoes._rare_taken_up(frozenset({"锦鲤", "顶棚"}), groups, read) is None  # type: ignore[arg-type]
    assert Echoes._rare_taken_up(frozenset({"锦鲤"}), groups, read) == ({"锦鲤"}, 1)  # type: ignore[arg-type]


def test_a_longer_post_naming_nothing_tells_a_matter_of_its_own(app: App) -> None:  # noqa: F811
    ingest(app, [
        ("q1", "人民公园湖里的锦鲤翻着肚皮漂了一片", 0),
        ("q2", "锦鲤那个事，散步的人都说这是第几回了，每年夏天都来这么一次，从来不提前换水也不增氧，到底归谁管", 180),
    ])
    fish, letter = case_of(app, 0), case_of(app, 1)
    assert letter.cluster_id is None or letter.cluster_id != fish.cluster_id
