"""A supply failing across a district: the gas's pressure, the heating from its source.

Why a module of its own: a gas network losing pressure at the evening's peak, or a heating plant's
boiler tripping, leaves a whole district cold at once, and each citizen tells it at their own
estate or road ("湖滨社区燃气灶点不着了", "玉皇阁北街一带燃气压力低得很", "怀远路一带暖气全凉了"):
places that never meet by name. Yet a cold flat or a weak hob is as often one estate's own (its
pipes, its meter, its boiler room), and two such reports of one evening are two estates. So only a
report that says the failure is wider than its door (:data:`WIDE`: neighbours, the area, many
homes) or names the network's source (:data:`SOURCE`: the plant, its boiler, the trunk main, the
pressure) is read as the district's, and it joins the one appeal of that supply told in the same
district in the last :data:`SUPPLY_WINDOW` (any member filed under its problem, so an evening's
failure stays one while its reports go on), or for the gas (:data:`AT_ONCE`) the first told of
several (a main dug through is told from each road at once); a report only saying it has it too ("银古路也是") does
so within :data:`ALSO_WINDOW`. A failure of one's own (:data:`OWN`: a meter, a card, a bill, a
leak, one's own boiler or valve) never does. Index-driven: the range ``~燃气`` / ``~供暖`` of the
window, as the district's water and power cuts read theirs (:mod:`~monitor.cluster.echoes`).
"""

from __future__ import annotations

import datetime as dt
import re

from sqlalchemy.orm import Session

from monitor.cluster.batch import StageParts
from monitor.cluster.echoes import PLANNED, first_told_latest, one_group_latest
from monitor.cluster.problems import problems
from monitor.cluster.score import Match
from monitor.cluster.signature import ISSUE_TAG, Signature
from monitor.store.models import Case

SUPPLY_WINDOW = dt.timedelta(hours=12)
ALSO_WINDOW = dt.timedelta(hours=3)
# a heating network's failure (a trunk main bursting, a plant stopping) leaves its estates cold
# within the same morning or evening, each told at its own estate as the heat stopping
HEAT_CUT_WINDOW = dt.timedelta(hours=3)
HEATING = "供暖"

# the supplies a district loses at once, each with the words that name its network's source
# (the plant, the trunk main, the pressure): a citizen blaming it speaks of more than their flat
SOURCE = {
    "燃气": re.compile(r"(气压|压力)[^，。！？\s]{0,4}(低|小|不足|不够|不稳|上不来)|降压|减压|用气高峰|没劲|全区|全镇|门站|调压站|中压"),
    "供暖": re.compile(r"热源|锅炉(?!房)[^，。！？\s]{0,6}(坏|故障|出问题|跳|停|爆|检修|抢修)|主管道|主管网|一次网|外网|换热站|热力站|首站"
                     r"|热电厂|全区|全镇"),
}
# …or that says how far it reaches: the neighbours, the area, many homes
WIDE = re.compile(r"一带|一片|这片|那片|整片|片区|大面积|全停|都停|好几个小区|好多小区|很多小区|几个小区(都|也)|附近(的)?小区|周边(的)?小区"
                  r"|邻居(家)?(都|也)|(很多|好多|好些|不少)(老人|人家|住户|居民|家|户|人)|家家|整个(区|片|小区|街道)|整条街")
# …or only that it has it too ("银古路也是 火苗一下就灭", "同问 文昌路的也不热了")
ALSO = re.compile(r"也(是|一样|停|没|不热|凉|冷|不行|不着|灭|小)|同问|[+＋]\s*1")
# (the gas only: a district's pressure falls at the evening's peak, and "我们也是" says so; at the
# heating season's start many estates are cold at once, each for its own reasons)
ALSO_SAID = frozenset({"燃气"})
# the supplies whose network fails a district at once (a main dug through, the pressure at the
# peak): several roads' appeals of one morning, told as the district's by a later writer, are one
# failure; a district's estates are cold each for its own reasons as often (the heating)
AT_ONCE = frozenset({"燃气"})
# a failure of one's own: the meter, the card or the bill; a leak; one's own boiler, valve or pipe
# (a flat's radiator, a building's riser), a repair done in one's flat, a claim for what it cost
OWN = re.compile(r"燃气表|气表|表[^，。！？\s]{0,3}(坏|没电|电池)|气卡|充值|充不|欠费|缴费|交费|到账|漏气|煤气味|燃气味|天然气味|闻到"
                 r"|阀门|自己家|就我家|只有我家|就我们(家|楼|单元)|楼道|单元的?暖气|暖气片[^，。！？\s]{0,4}(漏|坏|换)|放气|排气|立管"
                 r"|空置|赔|补偿|不是[^，。！？\s]{0,8}(那个|那边|那次|一回事|一个|同一)|一回事吗"
                 # a new estate never connected: its developer's matter, not a failure
                 r"|没通|未通|通暖|验收|交房|开发商")


# the heat told as stopping, not as weak: it went cold at an hour (从半夜开始就凉了, 凌晨起), it
# stopped or went out (暖气停了, 没暖气了, 又没了), the radiator is stone cold (冰凉, 凉透), the cold
# woke them (冻醒): what the estates of one failure say; a flat never warm (温吞, 不达标, 17度) is
# its building's
HEAT_STOPPED = re.compile(
    r"(突然|半夜|凌晨|昨晚|昨天晚上|昨夜|今早|早上|一早|夜里|一夜之间)[^，。！？\s]{0,8}(凉|停|不热|没了|冰)"
    r"|暖气?[^，。！？\s]{0,4}(停了|凉了|没了|全凉|凉透|断了)|没(有)?暖气了|又没暖气|停暖了|都停了|全凉|凉透|冰凉|冰的|冻醒"
    # …or across several estates at once ("几个小区没暖气", "好多小区都停了")
    r"|(几个|好几个|好多|很多|附近)小区[^，。！？\s]{0,3}(没|停|不热|凉)")
# …but not at the season's start, when many estates are cold at once, each for its own reasons
# ("今天不是说开始供暖了吗…冰凉"), nor a fee, a unit's or a flat's own fault
SEASON_START = re.compile(r"开始供暖|开始供热|说(是)?供暖了|正式供暖|今天供暖|供暖第|试供暖|试运行|刚供暖|才供暖|供暖(头|前)几天|开头几天")
# (the pump stopped by a blackout: the power's matter)
HEAT_OWN = re.compile(r"单元|壁挂炉|锅炉房|自己烧|空置|退费|暖气费|热费|采暖费|物业费|补贴|泵|停电|断电|没电")


class Supply(StageParts):
    """How a report of a district's failing supply finds the failure's appeal (mixed into the stage)."""

    def _supply_out(self, session: Session, case: Case, sig: Signature) -> tuple[int, Match, str] | None:
        """The appeal of the supply failing across the district ``case`` is told in, when it tells
        the failure as the district's (:data:`WIDE`, :data:`SOURCE`; :data:`ALSO` within
        :data:`ALSO_WINDOW`) and there is one such appeal there in the window: its main problem
        the same supply (燃气, 供暖), its district the same (both say one). A building named is one
        building's (its riser); two appeals there leave it alone, but for the gas told wide or by
        its source (:data:`AT_ONCE`: the first told)."""
        if sig.issues and sig.issues[0] in problems().events and HEATING in sig.issues[1:]:
            return self._heat_stopped(session, case, sig)  # (a heating main's burst: 热力管子爆了)
        if not sig.issues or sig.issues[0] not in SOURCE:
            return None
        if not sig.region or sig.buildings or sig.zones:
            return self._heat_stopped(session, case, sig)
        text = case.text or ""
        main = sig.issues[0]
        if OWN.search(text):
            return None
        if WIDE.search(text) or SOURCE[main].search(text):
            window = SUPPLY_WINDOW
        elif main in ALSO_SAID and ALSO.search(text):
            window = ALSO_WINDOW
        else:
            return self._heat_stopped(session, case, sig)
        recent = self._told_in_district(session, case, sig.region, [main], window)  # type: ignore[attr-defined]
        # the gas told as the district's (the area, its source): its first appeal there, however
        # many roads told it since; said only "too", or the heating: its one appeal (two: an
        # estate's own cold flat beside the plant's failure may be either)
        cid = first_told_latest(recent) if window == SUPPLY_WINDOW and main in AT_ONCE else one_group_latest(recent)
        if cid is None:
            return None
        return cid, Match(1.0, 0.0, 1.0, [sig.region], [main], [], None), "event"

    def _heat_stopped(self, session: Session, case: Case, sig: Signature) -> tuple[int, Match, str] | None:
        """An estate's heat told as stopping (:data:`HEAT_STOPPED`) joins the one appeal of heat
        told as stopping in the last :data:`HEAT_CUT_WINDOW` in a district that agrees (both say the
        same one, or either says none, a county's never a city district's): a heating main's
        failure leaves several estates cold the same morning, each told at its own estate. Not at
        the season's start (:data:`SEASON_START`), nor a unit's, a boiler room's or a fee's matter
        (:data:`HEAT_OWN`, :data:`OWN`); two such appeals leave it alone. Index-driven: the range
        ``~供暖`` of the window, each candidate's own words read again."""
        text = case.text or ""
        burst = bool(sig.issues) and sig.issues[0] in problems().events
        if (not sig.issues or (not burst and (sig.issues[0] != HEATING or not _stopped(text)))
                or (burst and (sig.buildings or PLANNED.search(text) or OWN.search(text)))):
            return None
        heat_tag = ISSUE_TAG + HEATING
        recent: dict[int, tuple[int | None, dt.datetime]] = {}
        for tag in (heat_tag, *(ISSUE_TAG + e for e in sorted(problems().events))):
            for cid, v in self._echo_cands(session, case, tag, {tag}, HEAT_CUT_WINDOW).items():  # type: ignore[attr-defined]
                old = session.get(Case, cid)
                was = self._sig_of(session, cid)  # type: ignore[attr-defined]
                if old is None or was is None or not _districts_agree(sig.region, was.region):
                    continue  # (another district; a county's failure is the county's own)
                told = old.text or ""
                if (_stopped(told) if tag == heat_tag
                        else HEATING in was.issues and not was.buildings
                        and not (PLANNED.search(told) or OWN.search(told))):
                    recent[cid] = v  # (heat told as stopping, or a heating main's burst, not works announced)
        cid = one_group_latest(recent)
        if cid is None:
            return None
        return cid, Match(1.0, 0.0, 1.0, [sig.region] if sig.region else [], list(dict.fromkeys([sig.issues[0], HEATING])),
                          [], None), "event"


def _districts_agree(a: str | None, b: str | None) -> bool:
    """Whether two reports' districts agree: the same one, or one says none and the other is a city
    district (区): a county's failure is the county's own."""
    one = {r for r in (a, b) if r}
    return not (len(one) > 1 or ((a is None) != (b is None) and not next(iter(one)).endswith("区")))


def _stopped(text: str) -> bool:
    """Whether ``text`` tells the heat stopping, not at the season's start nor as its own matter."""
    return bool(HEAT_STOPPED.search(text)) and not SEASON_START.search(text) and not HEAT_OWN.search(text) \
        and not OWN.search(text)
