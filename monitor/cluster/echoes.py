"""Echoes: a 同问, +1 or agreement naming little joins the appeal it agrees with.

Why a module of its own: an echo names too little to be scored as a report (often no place, no
problem), so it asks after one appeal by other evidence, each read from an index range: the one
recent appeal of the problem it names (``~停水``), of the building or zone it names (``~楼5``,
``~区D``), of the town it names, of an event it blames (a burst main: ``events`` in the table), or
the recent appeal whose wording it takes up (:mod:`~monitor.cluster.wording`). Two appeals it
could mean leave it alone: an echo joins only when one appeal fits.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Iterator
from typing import Any

from sqlalchemy.orm import Session

from monitor.cluster.apart import Apart
from monitor.cluster.batch import _aware, _batch, _case_key
from monitor.cluster.index import (BUILDING_TAG, MAX_BUILDINGS, MAX_CANDIDATES, MAX_KEYS, RECENT_TAG, TAG_ROWS,
                                   TAG_SPAN, ZONE_TAG, _ECHOES, _ECHOES_IN, _RECENT, _TAG_ROWS, _TAG_ROWS_IN,
                                   _unit_key, with_domains)
from monitor.cluster.markers import area_wide
from monitor.cluster.problems import problems
from monitor.cluster.score import BUS_LINE, EVENT_HOURS, SPECIFIC, Match
from monitor.cluster.signature import ISSUE_TAG, ROAD_SUFFIXES, Signature, UNNAMED, W_AREA, W_STREET, base_road
from monitor.cluster.wording import FUNCTION, content_pairs, taken_up
from monitor.store.models import Case


ECHO_WINDOW = dt.timedelta(hours=48)  # a 同问 that names no place asks after an appeal this recent
WORDING_WINDOW = dt.timedelta(hours=6)
# two content pairs taken up say which appeal; one says it only of an appeal of the last hour
# (25 development sets, counted offline: +209 right pairs / −10 false, against +247 / −29 at six hours)
WORDING_NEAR = dt.timedelta(hours=1)
# an outage told as an event's (a burst main) is told the day the event is: a main ageing for
# years ("主管道老化", 三天两头断) is no event of the last hours
EVENT_WINDOW = dt.timedelta(hours=EVENT_HOURS)  # …and a network's cut echoed at a neighbour's
# an outage told only as the neighbourhood's ("同一片的吧", "附近几个小区都没水") is the burst's
# while it runs, in its first hours; later the same words tell a planned cut or low pressure
NEIGHBOURS_WINDOW = dt.timedelta(hours=3)
# a network's cut across a district is told through the night and the next morning: reports this
# close to one already told there (any of its members) are of it
CUT_WINDOW = dt.timedelta(hours=12)
# what a network's cut stops, told instead of the cut in its district: in a blackout the lifts (people
# in them), the lights at the crossings, the lights of the stairs and lanes, the doors' locks
CUT_EFFECTS = {"停电": ("电梯", "红绿灯", "路灯", "门禁")}
# the estates a burst main leaves dry tell their own estate's cut in the burst's first hours, and
# name no burst ("XX苑停水了？？一滴水都没有")
DRY_WINDOW = dt.timedelta(hours=3)
# …or, naming no place, their home's ("家里突然没水了"): not a field's water, nor a canal's
AT_HOME = re.compile(r"家|小区|楼|单元|屋|水龙头|龙头")
# …unless they tell a cut of works announced or under way at the estate (管网改造, 维修, "通知说…")
PLANNED = re.compile(r"改造|施工|维修|通知说")
# a cut said to reach beyond one's road: the area's, a wide one, everyone's
WIDE_CUT = re.compile(r"一带|一片|这片|那片|整片|片区|大面积|全停|都停|都没(水|电)|全都没|整个(区|片|镇|县城|城区)|全镇|全县|全城"
                      r"|好几个小区|附近(的)?小区都")
# a cut of one's own, not the district's: the building's pump or its secondary supply, a tripped
# switch or a burnt box, the meter or a bill; a cut said to be another ("不是县城那个停水"), or
# one dug through by a digger at one's door
OWN_CUT = re.compile(r"泵|二次供水|跳闸|配电箱|电箱|电表|水表|电卡|水卡|欠费|缴费|交费|充值|挖断|挖坏|就我家|只有我家|就我们(家|楼|单元)"
                     r"|计划|检修|赔|损失[^，。！？\s]{0,6}(谁|找|怎么办|负责|承担|补)"  # a planned cut is announced for its own streets; a claim is a matter of its own
                     r"|不是[^，。！？\s]{0,8}(那个|那边|那次|一回事)|(跟|和|与)[^，。！？\s]{0,10}(没关系|无关)"
                     # prices raised while it lasts (bottled water, candles): the market's matter
                     r"|涨价|涨到|翻了?一?倍|趁火打劫|哄抬|坐地起价")
# an echo of an appeal older than WORDING_WINDOW (up to ECHO_WINDOW) takes up this many of its
# phrases (pairs sharing a character are one: :func:`_apart`)
FAR_PAIRS = 2
# a 同问 naming a problem two recent appeals have echoes the one told by this many cases in the last
# BURST_WINDOW, and by at least BURST_LEAD times as many as any other: the burst the city is telling now
BURST_WINDOW = dt.timedelta(hours=12)
BURST_TOLD = 3
BURST_LEAD = 2
# a post naming nothing and no 同问 this short may be an answer written as a post of its own
# (:meth:`Echoes._answer_alone`)
ANSWER_LENGTH = 40
# a report at a bus line naming no problem of the table asks after the line's one appeal this recent
LINE_WINDOW = dt.timedelta(days=7)
BUS = "公交"  # the buses' problems of the table (公交服务, 公交站, 公交空调…) name them so


def _apart(pairs: set[str]) -> list[set[str]]:
    """``pairs`` as the phrases they were read from: pairs sharing a character, directly or through
    others, are one phrase (物业, 业说, 说等 are 物业说等), each phrase its pairs."""
    phrases: list[set[str]] = []
    for p in sorted(pairs):
        joined = [ph for ph in phrases if any(set(p) & set(q) for q in ph)]
        merged = {p}.union(*joined)
        phrases = [ph for ph in phrases if ph not in joined] + [merged]
    return phrases


# a county's own town told as a place (县城, 城区, 灵武市区, 贺兰县城, "我们灵武城里"): the county told
# whole, no spot in it
TOWN_KEY = re.compile(r"(.*?)(县城|城区|市区|城里|城)$")


def county_town(key: str, region: str | None) -> bool:
    """Whether place key ``key`` is the town of the county ``region`` (a county, not a city's 区)."""
    if not region or region.endswith("区"):
        return False
    m = TOWN_KEY.match(key)
    return bool(m) and m.group(1) in ("", region, region[:-1])


def names_spot(places: dict[str, float], region: str | None = None) -> bool:
    """Whether ``places`` hold a spot (an estate, a landmark: :data:`SPECIFIC` or more), not a
    crossing (on the roads) nor, for a county ``region``, its town told whole: a cut told at a
    spot is that spot's, and a burst there is its own pipes'."""
    return any(w >= SPECIFIC and "×" not in k and not county_town(k, region) for k, w in places.items())


def _group(cid: int, cluster_id: int | None) -> int:
    """The group of case ``cid``: its cluster, or the case alone (its id negated, apart from every cluster's)."""
    return cluster_id if cluster_id is not None else -cid


def _groups(cands: dict[int, tuple[int | None, dt.datetime]]) -> set[int]:
    """The groups (a cluster, or a case alone) of echo candidates."""
    return {_group(cid, cluster_id) for cid, (cluster_id, _) in cands.items()}


def one_group_latest(cands: dict[int, tuple[int | None, dt.datetime]]) -> int | None:
    """The latest of ``cands`` when they are all one group (one cluster, or one case alone), else
    None: a district's failure joins its one appeal, and two appeals there may be two failures."""
    if len(_groups(cands)) != 1:
        return None
    return max(cands, key=lambda c: (cands[c][1], c))


def first_told_latest(cands: dict[int, tuple[int | None, dt.datetime]]) -> int | None:
    """The latest case of the group (a cluster, or a case alone) holding the earliest of ``cands``;
    None when there are none. For a report that tells a cut or a supply's failure as its whole
    district's or area's ("西夏区大面积停气", "这一片都停了"): the appeals of it told there in the
    last hours at several roads and estates are the one failure its writer sees, told first where
    it was noticed first, so it joins the first told rather than none (:func:`one_group_latest`
    leaves it alone when a writer says nothing of the area)."""
    if not cands:
        return None
    first = min(cands, key=lambda c: (cands[c][1], c))
    group = _group(first, cands[first][0])
    mine = {c: v for c, v in cands.items() if _group(c, v[0]) == group}
    return max(mine, key=lambda c: (mine[c][1], c))


class Echoes(Apart):
    """How a 同问 naming little finds its appeal (mixed into the stage)."""

    def _echo(self, session: Session, case: Case, sig: Signature) -> tuple[int, Match, str] | None:
        """A 同问 that names no place ("同问，我家孩子也在那报了班，学费退不了"): it asks after the
        latest appeal of the same problem, when in the last ``ECHO_WINDOW`` exactly one open case
        or cluster has that problem; with two or more it could be either, and it stays alone.

        One that names a building of its estate and not the estate ("5号楼+1", "3号楼2单元也不
        热", "7号楼确实有味") asks after the appeal of that building: among the recent appeals of
        its problem the one of that building number (the heating of 3号楼 when 8号楼's lift was
        also told), or, naming no problem, the one recent appeal naming that building at all.
        A number two recent appeals name (two estates' 5号楼) leaves it alone. A zone of an estate
        (D区, 3期) written without the estate is asked after as a building is."""
        found = self._echo_named(session, case, sig)
        if found is None and not sig.issues:
            found = self._echo_by_wording(session, case, sig)
        return found

    def _echo_named(self, session: Session, case: Case, sig: Signature) -> tuple[int, Match, str] | None:
        """:meth:`_echo` by the problem or the building the echo names."""
        by_issue = self._echo_cands(session, case, ISSUE_TAG + sig.issues[0]) if sig.issues else {}
        if sig.region:  # "贺兰这边出租车也不打表，同问" is no echo of the city's station, nor of a
            # cluster founded in another district whose later members say none
            by_issue = {c: v for c, v in by_issue.items() if not self._elsewhere(session, sig, c)
                        and not self._founded_elsewhere(session, sig, v[0])}  # type: ignore[attr-defined]
        if by_issue and len(_groups(by_issue)) == 1:
            cid = max(by_issue, key=lambda c: (by_issue[c][1], c))
            return cid, Match(1.0, 0.0, 1.0, [], [sig.issues[0]], [], None), "same_question"
        if len(_groups(by_issue)) > 1 and not (sig.buildings or sig.zones):
            # two recent appeals of its problem: the one whose other words it takes up, else the
            # one told by many in the last hours (a burst)
            return self._echo_by_wording(session, case, sig, among=_groups(by_issue), blank=sig.issues[0]) \
                or self._echo_in_burst(session, case, sig)
        if sig.issues and not by_issue and not (sig.buildings or sig.zones):
            return self._echo_in_burst(session, case, sig)  # (an event's burst, told by the cut it makes)
        if not (sig.buildings or sig.zones) or sig.issues and not by_issue:
            return None
        # of its own domain when it names words of one ("12号楼、13号楼都不热" asks after heating,
        # not after 12号楼's lift); any, when it names none ("5号楼+1")
        doms = None if sig.issues or not sig.words else {*sig.index_domains()} - {UNNAMED}
        def appeals_at(keys: Iterator[str]) -> dict[int, tuple[int | None, dt.datetime]]:
            """The recent appeals filed under ``keys``, of its problem when it names one."""
            found: dict[int, tuple[int | None, dt.datetime]] = {}
            for key in keys:
                found.update(self._echo_cands(session, case, key, doms))
            return {c: v for c, v in found.items() if c in by_issue} if sig.issues else found

        buildings = sorted(sig.buildings)[:MAX_BUILDINGS]
        if buildings:
            # a building's unit first ("5-2的电梯"), when one appeal names it; else the building's
            by_building = appeals_at(_unit_key(n, u) for n in buildings for u in sorted(sig.units)[:MAX_BUILDINGS])
            if len(_groups(by_building)) != 1:
                by_building = appeals_at(f"{BUILDING_TAG}{n}" for n in buildings)
            named = [f"{n}号楼" for n in buildings]
        else:  # a zone of its estate ("我家也是，D区这边全凉了"), as a building
            by_building = appeals_at(f"{ZONE_TAG}{z}" for z in sorted(sig.zones))
            named = [f"{z}区" for z in sorted(sig.zones)]
        if len(_groups(by_building)) != 1:
            return None
        cid = max(by_building, key=lambda c: (by_building[c][1], c))
        said = [sig.issues[0]] if sig.issues else []
        return cid, Match(1.0, 0.0, 1.0, [], said, named, None), "same_question"

    def _echo_in_burst(self, session: Session, case: Case, sig: Signature) -> tuple[int, Match, str] | None:
        """A 同问 naming a problem two recent appeals have, or only an event that makes it, and
        taking up neither's words ("同问几点来电", "同问 啥时候来水", "早上起来还是没水，同问"),
        echoes the one the city is telling now: the appeal (a cluster, or a case alone) told by
        :data:`BURST_TOLD` cases or more in the last :data:`BURST_WINDOW`, filed under its problem
        or an event of the table related to it (爆管 for 停水), and by at least :data:`BURST_LEAD`
        times as many as any other. A cut, a lift or a dance's noise told by many at once is the
        burst a bare 同问 of it agrees with; the estate's own cut told once beside it is not. Not an
        appeal of another district or county, nor a cluster founded in one (a cut told "贺兰这边"
        is no burst of the city's). Index-driven: the problem's and its events' tag ranges in the
        window, read only for an echo that named a problem and found no one appeal of it."""
        table = problems()
        main = sig.issues[0]
        tags = [main, *(e for e in sorted(table.events) if e != main and table.are_related(e, main))]
        told = self._told_under(session, case, tags, BURST_WINDOW)
        counts: dict[int, int] = {}
        latest: dict[int, int] = {}
        for cid, (cluster_id, received) in told.items():
            group = _group(cid, cluster_id)
            counts[group] = counts.get(group, 0) + 1
            if group not in latest or (received, cid) > (told[latest[group]][1], latest[group]):
                latest[group] = cid
        ranked = sorted(counts, key=lambda g: -counts[g])
        if not ranked or counts[ranked[0]] < BURST_TOLD \
                or len(ranked) > 1 and counts[ranked[0]] < BURST_LEAD * counts[ranked[1]]:
            return None
        group, cid = ranked[0], latest[ranked[0]]
        if self._elsewhere(session, sig, cid) \
                or group > 0 and self._founded_elsewhere(session, sig, group):  # type: ignore[attr-defined]
            return None
        return cid, Match(1.0, 0.0, 1.0, [], [main], [], None), "same_question"

    def _echo_by_wording(self, session: Session, case: Case, sig: Signature, among: set[int] | None = None,
                         blank: str | None = None, rare_only: bool = False) -> tuple[int, Match, str] | None:
        """A 同问 naming neither place nor problem and answering no post ("同问，我也刷不了", "我也是
        扣了钱查不到记录", "又坏了，同问") echoes an appeal it read in the last ``WORDING_WINDOW`` and
        takes up its wording (:mod:`~monitor.cluster.wording`): the appeal (a cluster's members
        together, or a case alone) whose texts hold the most of the echo's content pairs, when no
        other holds as many, and it holds two, or one and was written in the last ``WORDING_NEAR``.
        The time alone does not say it (the latest appeal before an echo is its own less often than
        not), nor does an appeal of another county, or of another domain when the echo writes
        words of its own. When no appeal of that window holds a pair, the echo may be one posted
        hours later (the next morning's "+1"): it takes up an older appeal of the last
        ``ECHO_WINDOW`` by :meth:`_taken_up_since`, which asks more. Index-driven: the newest
        :data:`MAX_CANDIDATES` cases filed under :data:`RECENT_TAG` in the last ``ECHO_WINDOW``.

        An echo naming a problem that two or more recent appeals have (``among``: their groups,
        read from the index under the problem ``blank``) asks the same of them, counting only its
        other words: the problem's own words (停水, 不热), which every such appeal holds, are
        blanked first, and it takes two pairs ("同问，我家也停水了" after two outages stays alone).

        ``rare_only``: a short post naming nothing and no echo by its markers (:meth:`_answer_alone`)
        takes only a word rare among the hour's appeals (:meth:`_rare_taken_up`)."""
        text = case.text or ""
        if blank is not None:
            for a, b in problems().spans(text, blank):
                text = text[:a] + " " * (b - a) + text[b:]
        echo = content_pairs(text)
        if not echo or among is not None and len(echo) < 2:
            return None
        lo, hi = case.received_at - ECHO_WINDOW, case.received_at
        batch = _batch(session)
        rows = batch.recent.get(case.id)
        if rows is None:  # the stored rows do not change within the batch (its own are in memory)
            rows = batch.recent[case.id] = list(session.execute(_RECENT, {"lo": lo, "hi": hi}))
        cands: dict[int, tuple[int | None, str, dt.datetime, dict[str, Any] | None, str]] = {
            cid: (cluster_id, status, _aware(received), stored, text_ or "")
            for cid, cluster_id, status, received, stored, text_ in rows}
        for _dom, at, cid in batch.index.get(RECENT_TAG, ()):
            member = session.identity_map.get(_case_key(cid))
            if lo <= at <= hi and member is not None:
                cands[cid] = (member.cluster_id, member.status, at, None, member.text or "")
        cands.pop(case.id, None)
        near = case.received_at - WORDING_WINDOW
        # group → pairs taken up in the last WORDING_WINDOW, pairs taken up in the last ECHO_WINDOW,
        # the latest case and when
        groups: dict[int, tuple[set[str], set[str], dt.datetime, int]] = {}
        for cid, received, old in self._open_candidates(
                batch, {cid: (status, received, stored) for cid, (_c, status, received, stored, _t) in cands.items()}):
            if sig.region and old.region and sig.region != old.region or sig.words and self._other_domain(sig, old):
                continue
            cluster_id, _s, _r, _st, text_ = cands[cid]
            group = _group(cid, cluster_id)
            if among is not None and group not in among:
                continue
            recent, older, latest, newest = groups.get(group, (set(), set(), received, cid))
            said = taken_up(echo, text_)
            (recent if received >= near else older).update(said)
            if received >= latest:
                latest, newest = received, cid
            groups[group] = (recent, older, latest, newest)
        found = None if rare_only else self._taken_up_recently(case, groups, among)
        if found is None and among is None:
            found = self._rare_taken_up(echo, groups, [(c[0], cid, c[4]) for cid, c in cands.items()])
        if found is None and not rare_only and not any(g[0] for g in groups.values()):
            found = self._taken_up_since(groups)
        if found is None:
            return None
        pairs, cid = found
        said = [blank, *sorted(pairs)] if blank is not None else sorted(pairs)
        return cid, Match(1.0, 0.0, 1.0 if blank is not None else 0.0, [], said, [], None), "same_question"

    @staticmethod
    def _taken_up_recently(case: Case, groups: dict[int, tuple[set[str], set[str], dt.datetime, int]],
                           among: set[int] | None) -> tuple[set[str], int] | None:
        """:meth:`_echo_by_wording`'s pick among the appeals of the last ``WORDING_WINDOW``: the one
        holding the most pairs, alone; two pairs, or one written in the last ``WORDING_NEAR``."""
        ranked = sorted(((g[0], g[2], g[3]) for g in groups.values() if g[0]),
                        key=lambda g: (-len(g[0]), -g[1].timestamp()))
        if not ranked or len(ranked) > 1 and len(ranked[1][0]) == len(ranked[0][0]):
            return None
        pairs, latest, cid = ranked[0]
        if len(pairs) < 2 and (among is not None or case.received_at - latest > WORDING_NEAR):
            return None
        return pairs, cid

    def _answer_alone(self, session: Session, case: Case, sig: Signature) -> tuple[int, Match, str] | None:
        """A short post naming no place and no problem of the table, with no mark of a 同问, that
        met nothing else ("城际车天天这样 挤不上去", "对 改线了也不说一声"): an answer to an
        appeal written as a post of its own, the thread left out. It joins the appeal holding a
        word of it rare among the hour's appeals (:meth:`_rare_taken_up`), as a 同问 would; a
        longer post tells a matter of its own, and a backfill's copies answer nobody."""
        if sig.places or sig.issues or len(case.text or "") > ANSWER_LENGTH or (case.channel or "").endswith("import"):
            return None
        return self._echo_by_wording(session, case, sig, rare_only=True)

    @staticmethod
    def _rare_taken_up(echo: frozenset[str], groups: dict[int, tuple[set[str], set[str], dt.datetime, int]],
                       read: list[tuple[int | None, int, str]]) -> tuple[set[str], int] | None:
        """:meth:`_echo_by_wording`'s pick by a word rare among the hour's appeals: a 同问 naming
        neither problem nor place ("同问，看到锦鲤了", "+1 城际车天天挤成这样") takes up a
        word of the appeal it read, and a word that one appeal of the last ``WORDING_WINDOW`` holds
        and no other case of the last ``ECHO_WINDOW`` does (``read``: every case the echo's index
        read returned, of any district, domain or status: (cluster, case, text)) says which. A pair
        counts only of two content characters (锦鲤, 城际; not 扣了, 楼的); every such pair the
        echo shares must point at the same appeal."""
        owners: dict[str, set[int]] = {}
        for cluster_id, cid, text_ in read:
            group = _group(cid, cluster_id)
            for p in taken_up(echo, text_):
                owners.setdefault(p, set()).add(group)
        rare = {p: next(iter(g)) for p, g in owners.items()
                if len(g) == 1 and p[0] not in FUNCTION and p[1] not in FUNCTION}
        picked = {g for p, g in rare.items() if g in groups and p in groups[g][0]}
        if len(picked) != 1 or any(g not in picked for g in rare.values()):
            return None
        group = next(iter(picked))
        return {p for p, g in rare.items() if g == group}, groups[group][3]

    @staticmethod
    def _taken_up_since(groups: dict[int, tuple[set[str], set[str], dt.datetime, int]]) -> tuple[set[str], int] | None:
        """:meth:`_echo_by_wording`'s pick when no appeal of the last ``WORDING_WINDOW`` holds a pair:
        an echo posted hours after what it agrees with ("扣了两次+1" the next morning) takes up an
        appeal of the last ``ECHO_WINDOW`` that holds :data:`FAR_PAIRS` of its pairs with no
        character in common (one phrase, 物业说等, is three pairs and one word), when every other
        appeal holds fewer than half as many."""
        ranked = sorted(((len(_apart(g[1])), g[1], g[3]) for g in groups.values() if g[1]), key=lambda g: -g[0])
        if not ranked or ranked[0][0] < FAR_PAIRS or len(ranked) > 1 and 2 * len(ranked[1][1]) >= len(ranked[0][1]):
            return None
        return ranked[0][1], ranked[0][2]

    def _echo_at_area(self, session: Session, case: Case, sig: Signature) -> tuple[int, Match, str] | None:
        """A 同问 naming only a town or a 街道 and no problem ("望远这边也是", "东塔也停了，同问"): a
        town is no spot, so it asks after the town's one appeal of the last ``ECHO_WINDOW``; with
        two or more (two matters of one town) it could be either, and it stays alone."""
        if not sig.places or max(sig.places.values()) > W_STREET:
            return None
        recent: dict[int, tuple[int | None, dt.datetime]] = {}
        for key in list(sig.places)[:MAX_KEYS]:
            recent.update(self._echo_cands(session, case, key))
        if len(_groups(recent)) != 1:
            return None
        cid = max(recent, key=lambda c: (recent[c][1], c))
        return cid, Match(1.0, W_STREET, 0.0, list(sig.places)[:MAX_KEYS], [], [], None), "same_question"

    def _at_line(self, session: Session, case: Case, sig: Signature) -> tuple[int, Match, str] | None:
        """A report at a bus line naming no problem of the table ("38路改走别处了，我们那站的人怎么办",
        "18路调整以后老人出行不方便"): the line is the service, and what it says of it is the line's
        matter in words the table does not hold. It joins the line's one open appeal (a cluster,
        or a case alone) of the last :data:`LINE_WINDOW` naming the buses or nothing of the table,
        read from the index under the line's key (a stop or its estate named beside the line is where
        the rider boards, not another matter); a line with two such appeals (its wait and its route)
        leaves it alone, and so do two lines named."""
        lines = [k for k in sig.places if k.endswith(BUS_LINE)]
        if sig.issues or len(lines) != 1:
            return None
        recent = {cid: v for cid, v in self._echo_cands(session, case, lines[0], window=LINE_WINDOW).items()
                  if (old := self._sig_of(session, cid)) is not None
                  and (not old.issues or BUS in old.issues[0]) and not self._elsewhere(session, sig, cid)}
        cid = one_group_latest(recent)
        if cid is None:
            return None
        old = self._sig_of(session, cid)
        said = [old.issues[0]] if old is not None and old.issues else []
        return cid, Match(1.0, 1.0, 0.0, [lines[0]], said, [], None), "line"

    def _of_event(self, session: Session, case: Case, sig: Signature) -> tuple[int, Match, str] | None:
        """A problem at one's estate told as an event outside it (a burst main: "物业说是外面主管道
        坏了", "我们康馨苑也没水，同一片的吧": :func:`~monitor.cluster.markers.area_wide`) joins that
        event's appeal: the one open case or cluster of an event of the table related to its
        problem (``events``: 爆管 for 停水) in the last ``EVENT_WINDOW`` when it blames the main,
        ``NEIGHBOURS_WINDOW`` when it only says the neighbours have it too, read from the index
        under the event's problem, and not told in another district. Nothing ties the estate to the
        crossing but the citizen's word, so two recent events (two bursts) leave it alone, and so
        does an estate's own fault (水泵坏了)."""
        told = area_wide(case.text)
        if not sig.issues:
            return None
        if not told:
            return self._cut_in_district(session, case, sig)
        table = problems()
        main = sig.issues[0]
        effect = main not in table.events  # (a cut told, not the burst: "金凤那个爆管的视频传到兴庆这边了")
        if effect and sig.there and sig.district and sig.there != sig.district:
            # "兴庆区文化街这边也没水了，跟金凤那边爆管有关系吗": the burst asked after is another district's
            return self._cut_in_district(session, case, sig)
        for event in sorted(table.events):
            if event != main and not table.are_related(event, main):
                continue
            recent = {cid: v for cid, v in self._echo_cands(
                session, case, ISSUE_TAG + event, {ISSUE_TAG + event}, EVENT_WINDOW if told == "main" else NEIGHBOURS_WINDOW).items()
                # (not another district's or county's, nor a cluster's founded in one)
                if not self._elsewhere(session, sig, cid)
                and not (effect and self._founded_elsewhere(session, sig, v[0]))}  # type: ignore[attr-defined]
            if len(_groups(recent)) == 1:
                cid = max(recent, key=lambda c: (recent[c][1], c))
                return cid, Match(1.0, 0.0, 1.0, [], [f"{main}/{event}"] if main != event else [main], [], None), \
                    "event"
        return self._cut_in_district(session, case, sig)  # ("这片是不是都停了": no burst, the district's cut)

    def _cut_in_district(self, session: Session, case: Case, sig: Signature) -> tuple[int, Match, str] | None:
        """A network's cut told across a district, at no spot of one's own ("金凤这片是全停了吗",
        "西夏这片停电了吧", "长城中路这边也没水"): a burst main or a storm cuts a district
        at once, and its citizens tell it by the district or the road they live on, naming no
        estate and no cause. Such a report (its main problem a network's cut: ``network`` in the
        table; no estate, landmark or building named; a district said) joins the one appeal of
        that cut, or of an event that causes it (``events`` related: 爆管 for 停水), told in the
        same district in the last ``CUT_WINDOW`` (by any member filed under it, so a night's cut
        stays one while its reports go on). Several appeals of it there (its first roads, told
        minutes apart, meet by no name): the first told (:func:`first_told_latest`), as the
        district's writer sees one cut. A cut of one's own (:data:`OWN_CUT`: the building's pump, a
        tripped switch, a bill) is left alone."""
        table = problems()
        main = sig.issues[0]
        if main in table.events and sig.region:
            return self._town_burst(session, case, sig, main)
        if main not in table.networks:
            # …or told by what the cut stops (``CUT_EFFECTS``: lifts with people in them, the
            # lights at the crossings, the stairwell's lights and the door's lock in a blackout)
            main = next((cut for cut, stopped in CUT_EFFECTS.items() if main in stopped), "")
        if main not in table.networks or OWN_CUT.search(case.text or ""):
            return None
        named = {k: w for k, w in sig.places.items() if not county_town(k, sig.region)}  # (a county told whole)
        if names_spot(sig.places, sig.region) \
                or not sig.places and not sig.region and AT_HOME.search(case.text or ""):
            # an estate's cut, or one's home's told at no place, in a burst's hours
            return self._dry_estate(session, case, sig, main) or self._cut_beside(session, case, sig, main)
        places = [w for k, w in named.items() if "×" not in k]  # a crossing is on the roads
        if named and max(places, default=0.0) < W_AREA and not sig.buildings \
                and (road := self._road_estate(session, case, sig, main, named)) is not None:
            return road
        if not sig.region or sig.buildings:
            return None
        if named and (max(places, default=0.0) >= W_AREA or not WIDE_CUT.search(case.text or "")):
            # an estate or a spot named: its cut is told where it is; a road named, unless the cut
            # is said to reach beyond it ("文化路一带都停了"): two roads' cuts of one evening may be
            # two (a shop row's, an estate's), but not the estate that bears the road's name
            return None
        # the event that cuts it first (a burst main: its estates' cuts told alone are its own), then
        # the cut itself
        events = [e for e in sorted(table.events) if table.are_related(e, main)]
        by_event = self._told_in_district(session, case, sig.region, events, CUT_WINDOW)
        for said, recent in ((events, by_event), ([main], None)):
            if recent is None:  # (read only when the event alone did not decide)
                recent = {**by_event, **self._told_in_district(session, case, sig.region, [main], CUT_WINDOW)}
            cid = first_told_latest(recent)
            if cid is not None:
                return cid, Match(1.0, 0.0, 1.0, [sig.region], list(dict.fromkeys([sig.issues[0], main, *said])), [], None), \
                    "event"
        return None

    def _road_estate(self, session: Session, case: Case, sig: Signature, main: str,
                     named: dict[str, float]) -> tuple[int, Match, str] | None:
        """A network's cut told at a road alone ("X路这边突然没电了", "X路这块停电了") while the estate
        that bears the road's name (X花园, X小区, X家园 on X路) told the same cut, in no other district,
        in the last :data:`CUT_WINDOW`: the road's passer-by and the estate's flats tell one cut, each by
        the name they know. Joins that one appeal (of the cut, or of an event that causes it);
        two such appeals, or none, leave it alone."""
        stems = set()
        for key in named:
            road = base_road(key)
            for suf in ROAD_SUFFIXES:
                if road.endswith(suf) and len(road) - len(suf) >= 2:
                    stems.add(road[:-len(suf)])
                    break
        if not stems:
            return None
        table = problems()
        cuts = [main, *(e for e in sorted(table.events) if table.are_related(e, main))]
        told = {c: v for c, v in self._told_under(session, case, cuts, CUT_WINDOW).items()
                if not self._elsewhere(session, sig, c) and (old := self._sig_of(session, c)) is not None
                and any(w >= SPECIFIC and "×" not in k and any(k.startswith(st) and k != st and not
                        any(k.endswith(suf) for suf in ROAD_SUFFIXES) for st in stems)
                        for k, w in old.places.items())}
        cid = one_group_latest(told)
        if cid is None:
            return None
        return cid, Match(1.0, 0.0, 1.0, [sig.region or ""], [sig.issues[0], main], [], None), "event"

    def _cut_beside(self, session: Session, case: Case, sig: Signature, main: str) -> tuple[int, Match, str] | None:
        """An estate's cut told as reaching beyond it, across an area it names ("X苑也停电了！Y那一片是
        不是都停了", "X社区没水，…是不是Y街这片都停了"): the writer ties their spot to the cut told there.
        Such a report (a network's cut at a spot, a wide cut said: :data:`WIDE_CUT`) joins the one
        appeal of that cut in the last :data:`CUT_WINDOW`, in no other district, that names the
        area, road or stem it names beside its spot (a key between a 街道's weight and a spot's);
        several such appeals: the first told (:func:`first_told_latest`); none leaves it alone, and a
        街道 alone ties nothing."""
        if not WIDE_CUT.search(case.text or ""):
            return None
        areas = {k for k, w in sig.places.items() if W_STREET < w < SPECIFIC and "×" not in k}
        if not areas:
            return None
        told = {c: v for c, v in self._told_under(session, case, [main], CUT_WINDOW).items()
                if not self._elsewhere(session, sig, c)
                and (old := self._sig_of(session, c)) is not None and areas & set(old.places)}
        cid = first_told_latest(told)
        if cid is None:
            return None
        return cid, Match(1.0, 0.0, 1.0, sorted(areas), [main], [], None), "event"

    def _town_burst(self, session: Session, case: Case, sig: Signature, event: str) -> tuple[int, Match, str] | None:
        """A burst main in a county told at its road or its town, while the county's town is told
        without water: a county town has one network, and its burst is its cut ("永宁县城…路上冒水了"
        beside "…全镇停水了"). It joins the one appeal of the cut it causes told in the county in the
        last :data:`CUT_WINDOW`; an estate named (its own pipes) or two such appeals leave it alone."""
        if names_spot(sig.places, sig.region) or OWN_CUT.search(case.text or "") or PLANNED.search(case.text or ""):
            return None  # (an estate's own pipes, works announced or under way, "跟那边没关系")
        table = problems()
        cuts = [n for n in sorted(table.networks) if table.are_related(event, n)]
        told = self._told_in_district(session, case, sig.region or "", cuts, CUT_WINDOW)
        if sig.region and sig.region.endswith("区"):
            # a city's district: only a cut told at no spot ("兴庆这边一早就没水"), in the burst's
            # first hours; an estate's own cut told before it may be its own
            told = {c: v for c, v in told.items() if case.received_at - v[1] <= DRY_WINDOW
                    and (old := self._sig_of(session, c)) is not None
                    and not names_spot(old.places)}
        cid = one_group_latest(told)
        if cid is None:
            return None
        return cid, Match(1.0, 0.0, 1.0, [sig.region or ""], [event, *cuts], [], None), "event"

    def _dry_estate(self, session: Session, case: Case, sig: Signature, main: str) -> tuple[int, Match, str] | None:
        """An estate's cut told while a burst main is told in its district: the estates a burst
        leaves dry each tell their own estate ("XX苑停水了？？早上一滴水都没有"), in its first hours,
        naming no burst and no crossing, and found no appeal at their estate. Such a report (its
        main problem a network's cut caused by an event of the table: 停水 by 爆管; a spot named,
        not only a crossing) joins the one appeal of that event filed in the last
        :data:`DRY_WINDOW` (by any member filed under the event), when the event was told in the
        report's district: both say the same one, or the report says none and the event was told
        in the city's districts (区), or the event says none and the report is told in one. A
        county's burst is no estate's of the city, nor the other way. Two events in the window,
        works announced or under way (:data:`PLANNED`), a cut of one's own (:data:`OWN_CUT`,
        read by the caller), or a cluster founded at another estate (the drift check: that
        estate's cut, which the burst joined) leave it alone.

        Index-driven: the event's tag range in the window (``_echo_cands``), as a district's cut
        reads it; only for a cut at a spot that met no appeal there."""
        if PLANNED.search(case.text or ""):
            return None
        table = problems()
        events = [e for e in sorted(table.events) if e != main and table.are_related(e, main)]
        recent = self._told_under(session, case, events, DRY_WINDOW)
        cid = one_group_latest(recent)
        if cid is None:
            return None  # none, or two events: either may have left it dry
        # the districts the event's members were told in (read only for the one event found)
        where = {r for c in recent if (r := self._region_of(session, c))}
        if sig.region and (where - {sig.region} or not where and not sig.region.endswith("区")) \
                or not sig.region and any(not r.endswith("区") for r in where):
            return None  # told in another district, or a county's burst and an estate of the city
        match = Match(1.0, 0.0, 1.0, [sig.region] if sig.region else [], [main, *events], [], None)
        if self._drifts(session, sig, cid, match, case.received_at):  # type: ignore[attr-defined]
            return None  # a cluster founded at another estate (its own cut, the burst joined to it)
        return cid, match, "event"

    def _told_in_district(self, session: Session, case: Case, region: str, problems_: list[str],
                          window: dt.timedelta) -> dict[int, tuple[int | None, dt.datetime]]:
        """The open appeals filed under any of ``problems_`` in the last ``window`` and told in
        ``region``: index-driven (each problem's tag range), read by a district's cut here and by a
        district's failing supply (:mod:`~monitor.cluster.supply`)."""
        return {cid: v for cid, v in self._told_under(session, case, problems_, window).items()
                if self._region_of(session, cid) == region}

    def _told_under(self, session: Session, case: Case, problems_: list[str],
                    window: dt.timedelta) -> dict[int, tuple[int | None, dt.datetime]]:
        """The open appeals filed under any of ``problems_`` in the last ``window``: each
        problem's tag range of the index (``_echo_cands``), what a burst, a district's or a road's
        cut and a dry estate read."""
        told: dict[int, tuple[int | None, dt.datetime]] = {}
        for problem in problems_:
            tag = ISSUE_TAG + problem
            told.update(self._echo_cands(session, case, tag, {tag}, window))
        return told

    def _sig_of(self, session: Session, cid: int) -> Signature | None:
        """Case ``cid``'s signature (this batch's, one parsed before, or the stored one parsed now)."""
        batch = _batch(session)
        old = batch.sigs.get(cid) or batch.parsed.get(cid)
        if old is None and (member := session.get(Case, cid)) is not None and member.cluster_sig:
            old = batch.parsed[cid] = Signature.from_json(member.cluster_sig)
        return old

    def _region_of(self, session: Session, cid: int) -> str | None:
        """The district or county case ``cid`` was told in, when it says one."""
        old = self._sig_of(session, cid)
        return old.region if old is not None else None

    def _elsewhere(self, session: Session, sig: Signature, cid: int) -> bool:
        """Whether case ``cid`` was told in another district or county than ``sig`` (both say one)."""
        old = self._sig_of(session, cid)
        return bool(old and sig.region and old.region and sig.region != old.region)

    def _echo_cands(self, session: Session, case: Case, key: str, doms: set[str] | None = None,
                    window: dt.timedelta = ECHO_WINDOW) -> dict[int, tuple[int | None, dt.datetime]]:
        """The open cases filed under ``key`` in the last ``window`` (with one of the index tags
        ``doms``, when given): case → (cluster, received)."""
        lo, hi = case.received_at - window, case.received_at
        cands: dict[int, tuple[int | None, dt.datetime]] = {}
        for cid, cluster_id, status, received in self._stored_under(session, key, doms, lo, hi):
            if status != "closed":
                cands[cid] = (cluster_id, received)
        for dom, at, cid in _batch(session).index.get(key, ()):
            if doms is not None and dom not in doms:
                continue
            member = session.get(Case, cid)
            if lo <= at <= hi and member is not None and member.status != "closed":
                cands[cid] = (member.cluster_id, at)
        cands.pop(case.id, None)
        return cands

    @staticmethod
    def _stored_under(session: Session, key: str, doms: set[str] | None, lo: dt.datetime,
                      hi: dt.datetime) -> list[tuple[Any, ...]]:
        """The stored cases filed under ``key`` (in ``doms``) from ``lo`` to ``hi``, the newest
        :data:`MAX_CANDIDATES` rows: (case, cluster, status, received). The key's rows over a
        wider span are read once a batch and each case's range cut from them (an event's tag is
        asked by every estate's cut of a burst's hours, the same rows each time); when the span
        holds more than :data:`TAG_ROWS`, the case's own range is read as before."""
        memo = _batch(session).tagged
        mk = (key, tuple(sorted(doms)) if doms is not None else None)
        held = memo.get(mk)
        if held is None or not (held[0] <= lo and hi <= held[1]):
            wide_lo, wide_hi = min(lo, hi - TAG_SPAN), hi + TAG_SPAN
            if held is not None:  # (the span read before and this case's: both, in one read)
                wide_lo, wide_hi = min(wide_lo, held[0]), max(wide_hi, held[1])
            params = with_domains({"key": key, "lo": wide_lo, "hi": wide_hi, "n": TAG_ROWS}, doms)
            rows = list(session.execute(_TAG_ROWS if doms is None else _TAG_ROWS_IN, params))
            held = memo[mk] = (wide_lo, wide_hi, rows, len(rows) < TAG_ROWS)
        if held[3]:
            # as the case's own read cuts them: its range, the newest rows, each case once
            inside = [r for r in held[2] if lo <= _aware(r[1]) <= hi][:MAX_CANDIDATES]
            return list({r[0]: (r[0], r[2], r[3], r[4]) for r in inside}.values())
        return list(session.execute(_ECHOES if doms is None else _ECHOES_IN,
                                    with_domains({"key": key, "lo": lo, "hi": hi}, doms)))
