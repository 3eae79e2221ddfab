"""The one longest-first alternation every word list compiles through (monitor/core/alternation.py)."""

import re

from monitor.core.alternation import longest_first


def test_the_longest_word_at_a_position_wins() -> None:
    # as written, 小区 would match first and 小区门口 never
    assert re.match(longest_first(["小区", "小区门口", "门口"]), "小区门口有个坑").group() == "小区门口"


def test_words_are_literal_and_the_pattern_is_the_same_in_any_order() -> None:
    words = ["a.b", "(x)", "路", "a.b"]
    assert longest_first(words) == longest_first(reversed(words))
    assert re.fullmatch(longest_first(words), "a.b") and not re.fullmatch(longest_first(words), "axb")
    assert re.fullmatch(longest_first(words), "(x)")


def test_no_words_is_an_empty_pattern() -> None:
    assert longest_first([]) == ""
