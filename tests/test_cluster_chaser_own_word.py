"""Which of a citizen's own cases their follow-up is about (issue 14, chasers; sixth session of
2026-12-04).

* A follow-up saying the day its writer wrote ("我12号说的…") may point at a 同问 they added under a
  neighbour's appeal, though a report of their own is open too: a word on their matter is otherwise
  read against their reports only (their 同问 set aside), but the day they name is their word on
  which of their posts it was.

New sentences, never copied from a set; ingested through the real pipeline as the other cluster
tests are.
"""

from __future__ import annotations

from test_cluster import app, case_of, ingest  # noqa: F401 - the pipeline on each backend

DAY = 24 * 60  # T0 is Monday 2026-10-12, 08:00 in 银川
HEAT = "塞上明苑8号楼暖气一点都不热，屋里只有十五度 @银川热力"
ECHO_HEAT = "同问，我们8号楼3单元也是冰凉的"
PAVING = "北门外的人行道砖翘起来好几块，早上有个老人被绊倒了"


def test_the_day_said_follows_the_writers_own_same_question(app) -> None:  # type: ignore[no-untyped-def]  # noqa: F811
    ingest(app, [("u1", HEAT, 0), ("u2", ECHO_HEAT, 30), ("u2", PAVING, 2 * DAY),
                 ("u2", "我12号说的那个，到今天还是不热，家里老人都感冒了", 4 * DAY)])
    assert case_of(app, 3).id == case_of(app, 1).id


def test_unsaid_the_word_is_read_against_the_writers_reports(app) -> None:  # type: ignore[no-untyped-def]  # noqa: F811
    """No day said: the 同问 stays aside, and a word on the paving follows the paving."""
    ingest(app, [("u1", HEAT, 0), ("u2", ECHO_HEAT, 30), ("u2", PAVING, 2 * DAY),
                 ("u2", "人行道那几块砖还是翘着，没人来修", 4 * DAY)])
    assert case_of(app, 3).id == case_of(app, 2).id
