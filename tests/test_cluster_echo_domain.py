"""A 同问 naming no problem of the table reads all of its place's cases, whatever words it writes
(issue 14, the index's candidates; fifth session of 2026-12-05).

An echo ("景湖苑+1", "同问") names its place and little else; the few words it adds are its own
life beside the appeal ("孩子写作业", "送学生上学"), and the classifier gives it their domain
(教育) rather than the appeal's. The joining index read only the cases filed under that domain
at the place, so the echo never met the appeal it agrees with, filed under 绿化 or 冰雪. An echo
now reads every case at its place, as one writing no domain word did; the join decides as before
(a term shared with the appeal: 半空, 下坡), refusing an appeal of another domain it shares
nothing with but the place (``Apart._other_domain``), and a report naming no problem keeps to its
own domain. New sentences, never copied from a set.
"""

from __future__ import annotations

import pytest
from test_cluster import app, case_of, ingest  # noqa: F401 - the pipeline on each backend


@pytest.mark.parametrize("appeal, echo", [
    ("金波北街社区院里的大树被风刮断了一根粗枝，挂在半空，底下就是停车位", "金波北街社区那根粗枝我接孩子放学天天路过，确实挂在半空，同问"),
    ("宁安大街桥下坡那段全是冰，电动车一辆接一辆滑倒 @银川交警", "宁安大街桥下坡同问，早上送学生上学差点摔了"),
])
def test_an_echo_writing_words_of_its_own_meets_the_appeal(app, appeal: str, echo: str) -> None:  # type: ignore[no-untyped-def]  # noqa: F811
    ingest(app, [("u1", appeal, 0), ("u2", echo, 90)])
    assert case_of(app, 1).cluster_id is not None
    assert case_of(app, 1).cluster_id == case_of(app, 0).cluster_id


HEAT = "景湖苑小区这两天暖气一直不热，屋里才十五度，老人冻得直哆嗦"


@pytest.mark.parametrize("other", [
    "景湖苑旁边那所小学收的课后服务费没有公示",  # a report: another matter at the place
    "景湖苑+1 娃在家写作业手都伸不出来",  # an echo sharing nothing with the appeal but its place
])
def test_what_shares_only_the_place_stays_apart(app, other: str) -> None:  # type: ignore[no-untyped-def]  # noqa: F811
    """A report naming no problem of the table keeps to its own domain's cases; an echo reads
    them all, but one sharing no word or term with the appeal, in words of another domain, is
    still refused by the join (``Apart._other_domain``)."""
    ingest(app, [("u1", HEAT, 0), ("u2", other, 90)])
    assert case_of(app, 1).cluster_id is None
