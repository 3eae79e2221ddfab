"""Places a citizen names as someone else's: said not to be theirs, likened to, passed over.

"不是胜利街那栋", "跟对面宁华小区一样", "别说地道桥了，…": a report names other places to tell its own
apart, and those must neither place the case nor join it to them. Each function masks such
phrases with the same number of characters (positions hold for the name reader), and
:func:`said_not` also returns what the citizen said it is not about, which the case keeps as
``unlike`` and never joins. Pure functions over the text.
"""

from __future__ import annotations

import re

# "不是胜利街那栋", "跟悦府不是一家", "不是烧烤那家": a citizen telling their problem apart from a
# neighbour's names the other place or problem to say it is not theirs
_SAID_NOT = re.compile(r"(?<![是就也])不是([^，。！？、：；不是]{2,10}?)(?:那边|那栋|那棵|那个|那家|那一片|那片|那里|那儿|那座|那条|那处)"
                       # (a name may hold 和 past its first character: 东和村, 德和园)
                       r"|(?:跟|和|与)([^，。！？、：；跟和与][^，。！？、：；跟与]{1,9}?)(?:不是(?:一回事|一家|一个|同一|一处|一起|一码事"
                       # …nor one pipe, one lift, one line ("跟6号楼不是一根管", "跟2单元不是一部"), nor
                       # anything to do with it ("跟金河湾那个爆管没关系")
                       r"|一[根部条台套栋路])|没(?:有)?关系|无关|不相干|不搭界)")
_THAT = re.compile(r"(那边|那个|那家|这边|那里|那儿)$")
_THAT_INSIDE = re.compile(r"那边的?|那个|那家|这边的?|那里的?|的")
# "和兰光苑是一回事吗", "跟文昌路那边是不是一回事": a citizen asking whether their problem is the
# one told at another place names that place as the other one: not theirs, yet maybe the same
# event (masked from their places, not kept as unlike)
_ASKS_IF = re.compile(r"(?:跟|和|与)([^，。！？、：；跟和与][^，。！？、：；跟与]{1,9}?)(?:是不是|是)(?:一回事|一码事|同一|一个原因|一样的)"
                      r"|(?:是不是|是)(?:跟|和|与)([^，。！？、：；跟和与][^，。！？、：；跟与]{1,9}?)(?:一回事|一码事|一片|同一|一个原因|一样|一起)"
                      # "比正源街那个还深": the place compared with is another one
                      r"|比([^，。！？、：；比]{2,10}?)(?:那个|那边|那儿|那里|的)还")
# a cut its writer says is planned, whatever they asked first ("也没水了，是不是那边爆管？物业说计划检修"):
# works announced for its own streets, no burst's; not 抢修, the burst's mending
PLANNED_CUT = re.compile(r"计划(性)?(检修|停|施工|维修|改造)|(检修|维修|改造|施工)(性)?停(水|电|气)|停(水|电|气)(检修|维修|施工)"
                         r"|说是?(在)?(例行|定期|管网|管道)?(检修|维修保养)")
# …and the road of the burst such a post asked after first ("是不是也是X路爆管？") is not its place
# (asked without such an answer, the burst's road may be how the writer's cut is tied to it: an
# estate's heating gone cold, asking whether it is that road's burst)
_ASKS_BURST = re.compile(r"(?:是不是|是否|难道|莫非)(?:也)?(?:是|因为|跟|和)?([^，。！？、：；\s是跟和]{2,10}?)"
                         r"(?:那个|那边|那儿|那里|那)?的?(?:爆管|水管爆|管道爆|管子爆)")
# "跟对面宁华小区一样", "跟前进街那边一样", "和中山公园似的": a citizen likening their own place's
# problem to a neighbour's names the neighbour's place as the other one (masked from their places
# when they name one of their own: :func:`compared_with`)
_LIKE = re.compile(r"(?:跟|和|与|像)(?:对面|隔壁|旁边|楼下|前面|我们|人家)?([^，。！？、：；\s跟和与像][^，。！？、：；\s跟与像]{1,9}?)"
                   r"(?:那边|那儿|那里|那个|那块|那片|的)?(?:一样|一模一样|似的|差不多|那样)")
# "听说隔壁宝湖湾也不热", "不止你们枫林湾", "别只修丽景湾": the writer's own estate set beside a
# neighbour's with the same trouble names the neighbour's place as the other one (masked, as a
# place likened to, when they name one of their own)
_NEIGHBOUR_TOO = re.compile(r"(?:隔壁|旁边|对面)的?([^，。！？、：；\s也都]{2,10}?)(?:小区)?(?:那边|那儿|那里|那个|那块|那片)?(?:也|都)"
                            r"|(?:不止|不光|不只)(?:是)?(?:你们|他们|人家)([^，。！？、：；\s]{2,10}?)(?=$|[，。！？、；\s]|一家|一个)"
                            r"|别只(?:修|管|顾着?|盯着?|查)([^，。！？、：；\s]{2,10}?)(?=$|[，。！？、；\s])")

# a citizen whose own supply did not stop ("我们这边倒没停", "跟着凉") names the place where it did
# ("X小区停暖了") to tell their own trouble beside it: that place is the other one (masked, as a place
# likened to, when they name one of their own)
_OTHERS_CUT = re.compile(r"([^，。！？、：；\s的]{2,12}?)(?:那边|那儿|那里)?(?:都|也)?停(?:暖|气|水|电)?了")
_NOT_STOPPED = re.compile(r"(?<!还)没(?:有)?停(?![车放工过下])|跟着(?:凉|冷|不热)")
# …and one whose building has a station of its own ("我们楼是单独一个换热站", "跟那边不是一个锅炉")
OWN_STATION = re.compile(r"单独(?:的)?(?:一个)?(?:换热站|锅炉|热源)|不是(?:同)?一个(?:换热站|锅炉|热源)"
                         r"|(?:换热站|锅炉)(?:不是同一个|是单独的|单独)")


def said_not(text: str) -> tuple[frozenset[str], str]:
    """The names ``text`` says it is not about, and the text with those phrases masked (same
    length, so positions hold) for reading its own places: "不是医院家属院那边" names no place of
    this case and says it must not join the 家属院's."""
    names: set[str] = set()
    masked = text
    for m in _SAID_NOT.finditer(text):
        name = _THAT.sub("", m.group(1) or m.group(2))
        if len(name) >= 2:
            # "金河湾那个爆管": the place and the problem, each set apart
            names.update(p for p in _THAT_INSIDE.split(name) if len(p) >= 2)
            masked = masked[:m.start()] + "，" * (m.end() - m.start()) + masked[m.end():]
    for m in _ASKS_IF.finditer(masked):
        g = next(i for i in (1, 2, 3) if m.group(i))
        masked = masked[:m.start(g)] + "，" * (m.end(g) - m.start(g)) + masked[m.end(g):]
    if PLANNED_CUT.search(text):
        for m in _ASKS_BURST.finditer(masked):
            masked = masked[:m.start(1)] + "，" * (m.end(1) - m.start(1)) + masked[m.end(1):]
    return frozenset(names), masked


# "别说地道桥了，万达华府地库也进水了", "广场舞的事先不说了 东岸那片洼地…": the matter (and its
# place) a comment passes over before the writer's own
_PASSED_OVER = re.compile(r"(?:^|(?<=[，,。！？!?；;\s]))(?:别|先|且|就|咱)?(?:不)?(?:说|提)(?:起)?([^，,。！？!?；;\s]{2,12}?)了"
                          r"(?=$|[，,。！？!?；;\s])"
                          r"|(?:^|(?<=[，,。！？!?；;\s]))([^，,。！？!?；;\s]{2,12}?)(?:的事)?(?:先|就|且|暂且|姑且)?不(?:说|提)了")


def compared_with(text: str) -> str:
    """``text`` with the places it likens its own to masked ("康居小区燃气也小，跟对面宁华小区一样":
    宁华小区 is the neighbour's), and those of a matter it passes over ("别说地道桥了，…": the
    post's place, not the writer's); same length, so positions hold."""
    for pattern in (_LIKE, _PASSED_OVER, _NEIGHBOUR_TOO):
        for m in pattern.finditer(text):
            g = next(i for i in range(1, pattern.groups + 1) if m.group(i))
            text = text[:m.start(g)] + "，" * (m.end(g) - m.start(g)) + text[m.end(g):]
    if _NOT_STOPPED.search(text):  # (their own supply did not stop: where it did is another place)
        for m in _OTHERS_CUT.finditer(text):
            text = text[:m.start(1)] + "，" * (m.end(1) - m.start(1)) + text[m.end(1):]
    return text
