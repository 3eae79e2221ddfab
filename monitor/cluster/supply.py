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
failure stays one while its reports go on); a report only saying it has it too ("银古路也是") does
so within :data:`ALSO_WINDOW`. A failure of one's own (:data:`OWN`: a meter, a card, a bill, a
leak, one's own boiler or valve) never does. Index-driven: the range ``~燃气`` / ``~供暖`` of the
window, as the district's water and power cuts read theirs (:mod:`~monitor.cluster.echoes`).
"""

from __future__ import annotations

import datetime as dt
import re

from sqlalchemy.orm import Session

from monitor.cluster.batch import StageParts
from monitor.cluster.echoes import one_group_latest
from monitor.cluster.score import Match
from monitor.cluster.signature import Signature
from monitor.store.models import Case

SUPPLY_WINDOW = dt.timedelta(hours=12)
ALSO_WINDOW = dt.timedelta(hours=3)

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
# a failure of one's own: the meter, the card or the bill; a leak; one's own boiler, valve or pipe
# (a flat's radiator, a building's riser), a repair done in one's flat, a claim for what it cost
OWN = re.compile(r"燃气表|气表|表[^，。！？\s]{0,3}(坏|没电|电池)|气卡|充值|充不|欠费|缴费|交费|到账|漏气|煤气味|燃气味|天然气味|闻到"
                 r"|阀门|自己家|就我家|只有我家|就我们(家|楼|单元)|楼道|单元的?暖气|暖气片[^，。！？\s]{0,4}(漏|坏|换)|放气|排气|立管"
                 r"|空置|赔|补偿|不是[^，。！？\s]{0,8}(那个|那边|那次|一回事|一个|同一)|一回事吗"
                 # a new estate never connected: its developer's matter, not a failure
                 r"|没通|未通|通暖|验收|交房|开发商")


class Supply(StageParts):
    """How a report of a district's failing supply finds the failure's appeal (mixed into the stage)."""

    def _supply_out(self, session: Session, case: Case, sig: Signature) -> tuple[int, Match, str] | None:
        """The appeal of the supply failing across the district ``case`` is told in, when it tells
        the failure as the district's (:data:`WIDE`, :data:`SOURCE`; :data:`ALSO` within
        :data:`ALSO_WINDOW`) and there is one such appeal there in the window: its main problem
        the same supply (燃气, 供暖), its district the same (both say one). A building named is one
        building's (its riser); two appeals there leave it alone."""
        if not sig.issues or sig.issues[0] not in SOURCE or not sig.region or sig.buildings or sig.zones:
            return None
        text = case.text or ""
        main = sig.issues[0]
        if OWN.search(text):
            return None
        if WIDE.search(text) or SOURCE[main].search(text):
            window = SUPPLY_WINDOW
        elif main in ALSO_SAID and ALSO.search(text):
            window = ALSO_WINDOW
        else:
            return None
        recent = self._told_in_district(session, case, sig.region, [main], window)  # type: ignore[attr-defined]
        cid = one_group_latest(recent)
        if cid is None:
            return None  # (two: an estate's own cold flat beside the plant's failure may be either)
        return cid, Match(1.0, 0.0, 1.0, [sig.region], [main], [], None), "event"
