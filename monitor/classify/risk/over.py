"""Events a writer tells as over or as someone else's: what risk detection reads beside its patterns.

Five ways citizens tell a danger that is no call for help, each read from how it is said, not from a
sentence (issue 10: the false flags left on unseen text were mostly of these families):

* **A thanks for a rescue** (感谢物业师傅，昨晚厨房漏气，师傅半夜赶到了; 写一封感谢信。…失足掉进水里，
  路过的小伙子把他救了上来). A thanks addressed to those who responded (消防, 民警, 120, 医生, 社区…) or a letter of
  thanks named as such (感谢信, 表扬信) says the writer tells what was done: the arrival or the rescue it
  tells (就到了, 赶到, 救了出来, 送到医院) settles what is told before it, as 已扑灭 does. A thanks to
  everyone (谢谢大家, 谢谢这些年) is a farewell, not this, and 轻生 is never settled so.
* **Who pays for damage done** (大风把广告牌刮下来砸了我的车，找谁赔; 树枝砸坏了窗户，损失谁承担). A question of
  compensation asked after the damage, with nothing told as still so between, makes the damage the
  question's history, for kinds whose past is history (hazards, crowds, emergencies). Not 谁负责 (真出了
  事谁负责 warns of a danger now), not a demand (要赔偿: a crowd at a gate demands so).
* **A scene far away** (上海那边一个小区着火了; 听说河南那里又发大水了). A distant region, province,
  city or country named as where it happens (那边, 那里, 有个, 又有…) frames its clause as a story from
  elsewhere, as 新闻 and 外地发生 do; not a destination (去北京那边上访) and not where one's own people are
  (我姐在北京那边, 孩子在上海那里): a relative in danger far away is still a call.
* **A work named by its title** (看完《…》…太可怕了): its sentence tells of the work, not of the writer
  (:func:`is_work`); a norm or a file a letter names in 《》 is not a work.
* **A past harm told over** (小时候…，现在她老了，脾气软多了; 以前…，后来他们离了): a later clause tells now as
  other and how it ended, and nothing is told as going on (:func:`outgrown`).
"""

from __future__ import annotations

import re
from bisect import bisect_left, bisect_right
from collections.abc import Iterable

from monitor.classify.risk.spans import _search, _sentence_end

# a thanks reaches who it thanks within a few characters (感谢@银川消防, 谢谢120的医生, 给消防员点赞)
_THANK_REACH = 10
# where a place is a destination, not a scene (去北京那边, 到上海那里, 跑外省)
_DESTINATION = frozenset("去到往来回赴跑进从")
# one's own people or oneself in the clause of a far place: the danger is theirs, told by kin (我姐在北京那边)
_OURS = re.compile(r"我|俺|咱|家里|亲戚|[姐哥妈爸弟妹]|儿子|女儿|闺女|孩子|娃|老公|老婆|对象|朋友|同学|同事|老乡")
# what keeps damage a danger now, told between it and the question (现在还, 又, 还在往下掉)
_NOW = re.compile(r"又|还在|还有|现在|正在|一直|随时|快要|马上")
_DONE = re.compile(r"[了过]")
_MARKS = frozenset("，。！？,.!?;；\n ")


def thanked(norm: str, thanks: Iterable[tuple[int, int]], responders: list[int]) -> list[tuple[int, int]]:
    """The thanks of ``thanks`` (start, stop) addressed to those who responded: a responder (at
    ``responders``, their starts) within a few characters after or before it, in its clause (感谢@银川消防,
    谢谢120的医生, 给消防员点个赞). A thanks to no one of them (谢谢大家, 谢谢这些年) is not one: a farewell."""
    out: list[tuple[int, int]] = []
    starts = sorted(responders)  # (each thanks reads only the responders within its reach: bisected)
    for a, b in thanks:
        for r in starts[bisect_left(starts, a - _THANK_REACH):bisect_right(starts, b + _THANK_REACH)]:
            if (b <= r <= b + _THANK_REACH or a - _THANK_REACH <= r < a) and not any(
                    c in _MARKS for c in norm[min(b, r):max(a, r)]):
                out.append((a, b))
                break
    return out


# what may follow a closing thanks to the end of a post: marks, emoji and @-mentions (谢谢！😊 @银川急救)
_TAIL = re.compile(r"(?:[\s,.!?;~，。！？；…～]|[\U0001F300-\U0001FAFF\u2600-\u27BF]|@\S+)*")


def closing(norm: str, thanks: Iterable[tuple[int, int]]) -> list[tuple[int, int]]:
    """The thanks of ``thanks`` (start, stop) that close the post: a clause of their own at its end, or the last
    clause opened by one (谢谢, 感谢工作人员), with only marks, emoji or @-mentions after it. A writer who ends a post
    so thanks those who answered for what the post told, as a thanks that names them does (the rescue it tells is
    then settled, see :func:`thanked`); a closing thanks to no rescue told (请尽快处理，谢谢) settles nothing."""
    out: list[tuple[int, int]] = []
    for a, b in thanks:
        if (a == 0 or norm[a - 1] in _MARKS or norm[a - 1] == "@") and (
                _TAIL.fullmatch(norm, b) is not None
                or _TAIL.fullmatch(norm, min((i for i in range(b, len(norm)) if norm[i] in _MARKS), default=len(norm)))
                is not None):
            out.append((a, b))
    return out


def content_closes(words: Iterable[str]) -> re.Pattern[str] | None:
    """The expression of a post that closes on the writer's own content verdict (…，挺好; 挺热闹; 但很有意义; 变化真大):
    one of ``words`` as the post's last clause, after a turn or a degree (但, 也, 挺, 很, 真…) and before a particle (的,
    了, 啊), with only marks, emoji or @-mentions after it. None when there are no words."""
    words = sorted(words, key=len, reverse=True)
    if not words:
        return None
    return re.compile(r"(?:^|(?<=[\s,.!?;~，。！？；…～]))((?:但|也|还|都|真的)?(?:挺|很|真|太|特别|非常|超|蛮)?(?:"
                      + "|".join(map(re.escape, words)) + r")(?:的|了|啊|呀|哈|多了)*)" + _TAIL.pattern + "$")


def elsewhere(norm: str, spots: Iterable[tuple[int, int]], breaks: list[int]) -> list[tuple[int, int, None]]:
    """The far places of ``spots`` (start, stop) told as a scene: not a destination (去北京那边) and not
    in a clause that names the writer or their own people (我姐在北京那边)."""
    out: list[tuple[int, int, None]] = []
    for a, b in spots:
        if a > 0 and norm[a - 1] in _DESTINATION:
            continue
        i, j = bisect_left(breaks, a), bisect_left(breaks, b)  # (breaks ascend: the clause's bounds bisected)
        lo = breaks[i - 1] + 1 if i else 0
        hi = breaks[j] if j < len(breaks) else len(norm)
        if _OURS.search(norm, lo, hi) is not None:
            continue
        out.append((a, b, None))
    return out


def liable_after(norm: str, liable: Iterable[tuple[int, int]], s: int, e: int, hi: int, stop: int) -> str | None:
    """A question of who pays (``liable``, starts and stops) told after a hit at ``s:e`` whose clause
    (ending at ``hi``) tells the damage done (了, 过 after the hit's start), before ``stop`` (the end of
    the next sentence), with nothing between that says it is so now (又, 还在, 现在…): the hit is its
    history, returned as ``砸了…能赔吗``; None otherwise."""
    if _DONE.search(norm, s, hi) is None:
        return None
    for a, b in liable:
        if e <= a < stop:
            if _NOW.search(norm, e, a) is not None:
                return None
            return f"{norm[s:e]}…{norm[a:b]}"
    return None


# a title is a work's when it is told as watched, read, heard or played: a verb or a kind of work just before it
# (看《…》, 刷到《…》, 电影《…》) or a viewing or a scene just after it (《…》里, 《…》看完, 《…》重刷, 《…》那段). A
# letter's 《》 name a norm, a certificate, a file or a firm as well (《城镇燃气设计规范》, 《…合格证》): not works
_WORK_BEFORE = re.compile(r"(?:看|刷|追|读|听|唱|玩|演|电影|电视剧|剧|书|小说|歌|游戏|动画|动漫|综艺|节目|纪录片|片子|话剧|小品|剧本杀)"
                          r"(?:了|完|过|到|着)?(?:一遍|一部|一本|这部|那部|部)?$")
_WORK_AFTER = re.compile(r"(?:里|中的|中,|那段|那集|这集|那一集|看完|看了|看得|重刷|重看|二刷|三刷|后劲|太好看|好看|讲的|演的|的剧情|的结局|的主角|的男主|的女主)")


def is_work(norm: str, start: int, stop: int) -> bool:
    """Whether the title at ``start:stop`` (with its 《》) is a work told as watched, read or played (看《少年的你》…
    校园霸凌太可怕了; 《狂飙》重刷…拿刀那段), whose sentence is then told of the work, not a norm, a file or a
    firm a letter names (《城镇燃气设计规范》, 《…号文件》)."""
    return (_WORK_BEFORE.search(norm, max(0, start - 6), start) is not None
            or _WORK_AFTER.match(norm, stop) is not None)


# a later clause telling now as other than then, and how it ended (现在老了可慈祥了, 这几年把酒戒了, 后来离了): what a
# past-dated harm told is over; anything told as going on after the harm (又, 还, 也, 天天, 一直…) keeps it, and a
# now told without an ending (现在他出来了，说要来找我) is no ending
_NOW_OTHER = re.compile(r"现在|如今|这几年|这些年|后来|早就")
_ENDED = re.compile(r"离了|离婚|分开|分手|搬走|搬出|戒了|和好|调解|和解|慈祥|挺好|很好|好了|好多了|没事|不打了|不喝了|没再|"
                    r"再没|再也没|不联系|当了爹|当了妈|当爹|当妈|明白|理解|老了|过得|日子好|"
                    # a memory looked back on and laughed at (现在想起来还挺好笑, 现在还拿出来说笑)
                    r"好笑|说笑|笑话")
# (还 and 也 of degree, comparison, concession or memory tell nothing going on: 跑得比兔子还快, 现在想起来还挺好笑,
# 现在想想也就是那时候的规矩, 现在还拿出来说笑; 还是, 还在, 也打 do)
_GOES_ON = re.compile(r"又|(?<!比.)(?<!比..)(?<!比...)还(?![挺蛮真算拿记])|仍|依然|照样|照旧|继续|越来越|更|也(?![就算挺蛮])|天天|每天|"
                      r"经常|总|老是|一直|开始|每次|动不动")


def outgrown(norm: str, e: int, hi: int) -> str | None:
    """After a hit ending at ``e`` whose clause (ending at ``hi``) is dated in the past (小时候, 以前, 上回):
    ``现在…慈祥`` when a later clause tells now as other and how it ended (现在, 后来, 这几年 with 离了, 戒了,
    慈祥, 过得挺好…) and nothing after the hit is told as going on (我爸小时候打我，现在老了可慈祥了: over;
    小时候他打我，现在又打我妹: not; 现在他出来了，说要来找我: no ending told); None otherwise."""
    mt = _search(_NOW_OTHER, norm, hi)
    if mt is None or _search(_GOES_ON, norm, e) is not None:
        return None
    end = _search(_ENDED, norm, mt.end(), _sentence_end(norm, mt.end()))
    return None if end is None else f"{mt.group()}…{end.group()}"
