"""Chasers: a citizen's post about their own open case is a follow-up on it, not a new case.

Why a module of its own: a chaser is decided before a case opens (:meth:`Chasers.chaser_target`,
called by the pipeline's chaser check with the citizen's own open cases, read by the index of
their name), by other evidence than a join's: the citizen's own words (催办, 我3号反映的…, 还是,
然后呢), how long ago they wrote, which of their cases a short word can be about. A post saying it
is a new matter chases nothing; a post contradicting every own case (another place, another
problem) opens a case of its own.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Collection, Sequence
from typing import Any

from monitor.cluster.apart import Apart
from monitor.cluster.markers import (AGAIN, MENTION, SINCE, appeals_only, back_again, back_reference, bare_own_word,
                                     chaser_words, continues, is_same_question, known_matter, lasted_days,
                                     opens_new_matter, quoted_names, recurs, said_written, speaks_to_others, still,
                                     tells_since, tells_update, wrote_on)
from monitor.cluster.problems import problems
from monitor.cluster.score import MIN_PROBLEM, Match, SAME_PROBLEM, compare, issue_match
from monitor.cluster.signature import Signature
from monitor.cluster.unplaced import _citywide
from monitor.core.timeutil import to_local


# a citizen's short word naming nothing and sharing no word with their one open case is about it
# when that case is of the last day ("来人换了闸板 不漏了 谢谢"); validation eval3–7: at one day +20
# right pairs and +4 false, at two +24 / +37 (older, a new matter as often)
ONLY_CASE_WINDOW = dt.timedelta(days=1)
# what a cut leaves when it ends, told by the citizen who reported the cut: the water back but
# yellow ("水来了但是浑的") after their estate's outage; one way only, and only for their own word
# on their own report (two estates' outage and yellow water are not one matter to a join)
LEAVES = {"停水": ("水质",)}
# a citizen's short word naming nothing, with several own cases open, is about the latest when
# that one was opened this recently (development sets, follow-ups landed right: at a day 11 of 11,
# at two days 13 of 16, at any age 20 of 35)
LATEST_SPAN = dt.timedelta(hours=24)


class Chasers(Apart):
    """Which of a citizen's own open cases a post chases (mixed into the stage)."""

    def chaser_target(self, text: str, sig: Signature,
                      own: Sequence[tuple[str, Signature, dt.datetime]],
                      at: dt.datetime, echoes: Collection[str] = (),
                      dated: Collection[str] | None = None) -> tuple[str, dict[str, Any]] | None:
        """Which of the citizen's own open cases (``(key, signature, received)``) ``text`` chases.

        Said in words (催办, 我3号反映的…): the best-matching own case that it does not
        contradict (another place, another domain). Not said: only an own case it matches as
        well as a cluster join would (the citizen repeating the same report). A post saying it
        is a new matter ("再反映一个：…跟垃圾的事不是一回事") chases nothing. ``echoes``: the keys of
        own cases that are the citizen's 同问 or agreement under another's appeal, not a report;
        ``dated``: the keys of own cases of the day the post says its writer wrote (read here when
        not given: :func:`~monitor.cluster.markers.wrote_on`).
        """
        if opens_new_matter(text):
            return None
        if recurs(text) or back_again(text) and not still(text):
            # put right once and back again ("上个月刚修好，今天又停了"), or back and said so ("又满了，
            # 上个月就说过", "又是黄汤，跟上次一样"): a new episode once the first is older than the
            # cluster window; the case of the first one is no longer the open matter, and its chaser
            # words (再次, 上个月说过) say no more
            own = [o for o in own if at - o[2] <= self.window]
        if not own:
            return None
        words = [] if recurs(text) else chaser_words(text)
        # an answer asked for is all the post says of chasing ("有没有人管", "给个说法"), and it tells
        # neither that its matter goes on nor of a day since: a first report closes so as often
        # ("小区车位费一个月涨了一百 有没有人管"), so it follows an own case only as one of its matter
        weak = appeals_only(words) and not continues(text) and not SINCE.search(text)
        scored = []
        for key, old, received in own:
            age = (at - received).total_seconds() / 86400
            m = compare(sig, old, age_days=age, window_days=self.settings.chaser_window_days,
                        default=self.maker.default_domain, rarity=self.spread.weight)
            scored.append((m, received, key, old))
        # of equal scores, an own case naming the post's main problem first, then the latest: a
        # chaser naming its problem and no place ("东门路灯还是不亮") scores nothing with any own
        # case, and the citizen's latest may be a 同问 of theirs under a neighbour's post
        # …and first of all the own case of the date the post says its writer wrote ("昨天说的",
        # "上周反映过", "我2号说的": their word on which of their matters it is)
        if dated is None:
            today = to_local(at).date()
            dated = {key for _m, received, key, _old in scored if wrote_on(text, today, to_local(received).date())}
        else:
            dated = {key for _m, _received, key, _old in scored if key in dated}
        # …then the one as old as the post says its matter has lasted ("一周了，依旧…", "都一个礼拜了")
        lasted = lasted_days(text)
        aged = {key for _m, received, key, _old in scored
                if lasted and -max(1.5, lasted * 0.2) <= (at - received).total_seconds() / 86400 - lasted
                <= max(1.0, lasted * 0.3)}
        # …and, for a post saying it chases, the own case of the day or the age it names comes
        # before how well the few words score with each ("今天还是晚 昨天说过了", "车位费的事一个
        # 礼拜了没人回": the writer's word on which of their matters, not a place or a domain read
        # into so short a text; an own case it contradicts is still passed over below)
        told = bool(words)
        scored.sort(key=lambda t: (told and t[2] not in dated, told and t[2] not in aged, -t[0].score,
                                   t[2] not in dated, t[2] not in aged,
                                   not (sig.issues and sig.issues[0] in t[3].issues),
                                   -t[1].timestamp(), t[2]))
        if len(dated) == 1:
            # the one own case of the date the citizen says they wrote ("上周反映过", "我2号说的"),
            # naming no other problem than the post's: their word outweighs a place or a domain
            # the signature of so short a post reads otherwise (环湖路 for the lake's 炸街)
            m, received, key, old = next(t for t in scored if t[2] in dated)
            if self._same_main(sig, old):
                return key, {"chaser": True, "by": "dated", "words": words, **m.to_json()}
        for m, received, key, old in scored:
            # unsaid, the same problem at the same place weeks later is the problem back again (a
            # new episode: "又冒了，12号刚疏通过"), not a chaser: only said chasers reach further
            # back than a cluster would
            recent = (at - received) <= self.window
            if m.joins(self.settings.threshold) and (recent or words) and (
                    words or not (sig.issues and old.issues) or m.problem >= SAME_PROBLEM):
                # unsaid, two related problems at one place are two matters of one citizen (the
                # school gate's traffic, then the snack carts at it), not the same report again
                return key, {"chaser": True, "by": "similar", **m.to_json()}
            if self._contradicts(sig, old):
                continue
            if words and not (weak and not self._told_of(sig, old, at - received)):
                return key, {"chaser": True, "by": "words", "words": words, **m.to_json()}
            if not recent:
                continue
            if quoted_names(text) or not self._same_main(sig, old):
                continue  # a repost of another citizen's report is about theirs; another main
                # problem at the same place (the road's dug trench after its night noise) is new
            # how strongly the two tell one problem, before the place's caps: compare's own
            if m.place > 0 and m.raw_problem >= MIN_PROBLEM and (
                    not (sig.issues and old.issues) or issue_match(sig, old)[0] >= SAME_PROBLEM):
                # the citizen writes again about the same problem at the same place: the place
                # AND the problem (a citizen's two matters are mostly at their one home, so half a
                # problem shared there, 0.25, was wrong five times in seven on the development sets)
                return key, {"chaser": True, "by": "own_case", **m.to_json()}
            if not sig.places and sig.issues and old.issues and issue_match(sig, old)[0] >= SAME_PROBLEM \
                    and not is_same_question(text):
                # …or names its problem again without the place ("阀门关了，店里的货泡了一半"): a
                # citizen's second report of one problem within the window is about their first
                return key, {"chaser": True, "by": "own_case", **m.to_json()}
        # of the own cases that fit a post naming little, the ones sharing a word with it first
        # ("今天收到了补发的" is about the pension's 补发, not the heating asked after since)
        scored = sorted(scored, key=lambda t: not (sig.terms & t[3].terms or sig.words & t[3].words))
        if continues(text) and not is_same_question(text):
            # "今天又停了", "9号楼电梯还是停的", "补充一下…": the citizen says their matter goes on
            # and names no other place or problem than their own case's (the latest that fits)
            # naming nothing at all, it can be about nothing but their open case, however old
            # (or saying it never stopped: 还是, 仍), however old
            # 又 with the problem named is the problem back again, whatever else it says ("又停水了！
            # 上个月刚停过，还是没通知"): the cluster window, as for an unsaid one
            again = "又" in text and bool(sig.issues)
            span = (dt.timedelta(days=self.settings.chaser_window_days)
                    if still(text) and not again or not (sig.places or sig.issues) else self.window)
            inside = [t for t in scored if (at - t[1]) <= span]
            for m, received, key, old in inside:
                # the citizen's one open case is told more of by its follow-up than one of several
                if self._continues(sig, old, m, only=len(inside) == 1):
                    return key, {"chaser": True, "by": "continued", **m.to_json()}
        # the citizen's one open case is a report of their own, not their 同问 or +1 under another's
        own_report = len(scored) == 1 and scored[0][2] not in echoes
        if own_report and sig.issues and bare_own_word(text) \
                and (continues(text) or tells_since(text)) and not AGAIN.search(text) and not MENTION.search(text):
            # the citizen's one open report, told of again weeks on, unsaid, in a short word
            # ("文昌北街的坑还在", "养殖场还在往渠里排"): the same problem named at its place or at
            # none, with a word that it goes on or of what came since, within the chaser window. Not
            # 又: weeks on, the problem back is a new episode as often as not ("又结冰了，上回扫完才两个
            # 礼拜", "又灭了"); nor a long post, a matter told in full (禁噪 asked again a year on),
            # nor a word addressed to an office ("井盖又丢了，月初才换的 @城管": a report again)
            m, received, key, old = scored[0]
            if self.window < (at - received) <= dt.timedelta(days=self.settings.chaser_window_days) \
                    and old.issues and issue_match(sig, old)[0] >= SAME_PROBLEM and (not sig.places or m.place > 0):
                return key, {"chaser": True, "by": "weeks_on", **m.to_json()}
        if words and back_reference(text) and not is_same_question(text):
            # said in so many words ("前天说的…", "第二次问", "再次反映") and every own case
            # contradicted by what the signature read into a short post: the citizen's word
            # outweighs ours when the post shares its main problem or a rare word with one of
            # them (two kinds of evidence agreeing, never the back-reference alone)
            told = self._told_back(sig, scored)
            if told is not None:
                m, key = told
                return key, {"chaser": True, "by": "said", "words": words, **m.to_json()}
            # …or, sharing neither, the one report of theirs at the place the post names: the citizen
            # names the matter anew as it goes on (浇水 for the report's 灌溉, 电压低 for its flicker,
            # the refund promised for the cold flat), and their word and the place are two kinds of
            # evidence agreeing
            here = self._said_here(scored, dated, echoes, at) if said_written(text) else None
            if here is not None:
                m, key = here
                return key, {"chaser": True, "by": "said_here", "words": words, **m.to_json()}
        known = known_matter(text)
        if known is not None and not is_same_question(text) and not self._adds_matter(*known):
            # "物业涨价的事，房管局有回复吗", "常信乡煤改电补贴的事，乡里说报上去了": the citizen names
            # their matter first thing as one the reader knows, then what an office answered or a
            # question after it; it chases the own case within the chaser window it shares its main
            # problem or a rare word with, or their one open report there (the matter named anew:
            # 物业涨价 for the report's 物业费从…涨到…, 画线 for its worn zebra crossing), unless the
            # post names a place that is not that report's; not when it goes on to another problem
            # ("电梯的事还没完，暖气也不热": a second matter told beside the known one)
            target = self._known(sig, scored, echoes, at)
            if target is not None:
                m, key = target
                return key, {"chaser": True, "by": "known", **m.to_json()}
        if tells_update(text) and "又" not in text and not is_same_question(text):
            # "今天修好了，谢谢", "物业说是外面管道爆了", "课后服务收费的事有回复吗": how the
            # citizen's own matter stands, naming nothing of another (the latest own case that fits)
            span = dt.timedelta(days=self.settings.chaser_window_days)
            for m, received, key, old in scored:
                if (at - received) <= span and not self._contradicts(sig, old) and self._continues(sig, old, m) \
                        and not self._other_domain(sig, old) \
                        and not (weak and not self._told_of(sig, old, at - received)):
                    return key, {"chaser": True, "by": "update", **m.to_json()}
        if not (sig.places or sig.issues) and bare_own_word(text):
            # a citizen's short word on their own matter names it by a thing of it, not by the
            # place or the table's word ("篮球场的灯能不能十点关" after the court's noise, "两天了
            # 太阳能还悬着"): naming no place and no problem of the table, it follows up the one
            # own case it shares a rare word or thing with (:meth:`_told_back`; none or several:
            # a new case), a word of numbering (单元, 号楼) being none. Its domain says little: the
            # classifier reads 保险 of "保险那边要证明"
            told = self._told_back(sig, scored, numbering=False)
            if told is not None:
                m, key = told
                return key, {"chaser": True, "by": "shared", **m.to_json()}
            if len(scored) == 1 and (at - scored[0][1]) <= ONLY_CASE_WINDOW:
                # …or, sharing none, the citizen's one open case, written since yesterday: "来人换了
                # 闸板 不漏了 谢谢" after their sluice gate's leak (``ONLY_CASE_WINDOW``)
                m, _received, key, _old = scored[0]
                return key, {"chaser": True, "by": "only_case", **m.to_json()}
            if own_report and (at - scored[0][1]) <= self.window and not speaks_to_others(text) \
                    and tells_since(text):
                # …or written within the cluster window, when that one case is a report of the
                # citizen's own (not their 同问 or +1 under a neighbour's appeal) and the word
                # addresses no office and answers nobody, and tells what came of the matter since or
                # asks after it ("今天来了吊篮把松的都拆了", "劳动监察让我们写材料，写完了然后呢" days
                # after their own report): days on, such a word is on the matter they wrote of
                m, _received, key, _old = scored[0]
                return key, {"chaser": True, "by": "only_report", **m.to_json()}
        of_day = [t for t in scored if (at - t[1]) <= ONLY_CASE_WINDOW]
        if sig.issues and not sig.places and len(of_day) == 1 and of_day[0][2] not in echoes \
                and bare_own_word(text) and not speaks_to_others(text) and not self._other_domain(sig, of_day[0][3]) \
                and not _citywide(sig) and "#" not in text and not self._other_kind(sig, of_day[0][3]):
            # a citizen's short word naming a problem and no place, hours after their one open
            # report of the last day (older ones of theirs may be open too): what the matter became
            # ("水退了，雨水口全是泥" after the flooded road, "又停了 死了一片鱼" after the fish pond's
            # blackout, "还封着吗" after the flooded underpass), whatever problem of the table its few
            # words name; not a matter of the whole city ("乘车码崩了吗": the city's, not theirs) nor
            # a post to the public (#话题#)
            m, _received, key, _old = of_day[0]
            return key, {"chaser": True, "by": "same_day", **m.to_json()}
        if sig.issues and not sig.places and own_report and bare_own_word(text) \
                and not speaks_to_others(text) and tells_since(text):
            # a citizen's short word telling what they see of their one open report since, by the
            # problem it became ("水来了但是黄的" after their estate's outage, "盖了块木板" over the
            # lost cover's hole): naming no place, addressing no office and answering nobody, within
            # the cluster window (the chaser window when it says it chases), and naming the report's
            # problem or a related one (or the report named none of the table)
            m, received, key, old = scored[0]
            span = dt.timedelta(days=self.settings.chaser_window_days) if words else self.window
            if (at - received) <= span and self._told_since(sig, old):
                return key, {"chaser": True, "by": "told_since", **m.to_json()}
        if not bare_own_word(text) or speaks_to_others(text) or not (tells_since(text) or words):
            return None
        if len(scored) == 1 and scored[0][2] not in echoes and not (sig.places or sig.issues):
            # …from a citizen with one open case, a report of theirs: that report, within the
            # chaser window ("今天门口多了两个锥桶" twelve days on; ``only_report`` reaches the
            # cluster window only)
            m, received, key, _old = scored[0]
            if (at - received) <= dt.timedelta(days=self.settings.chaser_window_days):
                return key, {"chaser": True, "by": "only_case_since", **m.to_json()}
        if own_report and still(text) and not (recurs(text) or back_again(text)):
            # a citizen with one open report of their own saying, in a short word addressed to no
            # one, that the matter still stands (还是, 还没, 仍, 依旧: "工钱还是没到", "那几盏还是
            # 不亮") is chasing it within the chaser window, though the signature of so few words
            # reads a problem the report's table entry does not hold (工资 read as a refund beside
            # the welders' unpaid wages) — unless it names another place, or names a place that does
            # not pin the report's and another problem there (a road holds many matters: the snow at
            # its crossing is no word on its market's litter), or tells a problem none of the
            # report's at no pinned place and sharing no rare word or thing with it (the fitness
            # card's deposit after the barbecue smoke: a matter of its own); and as for a word that
            # it goes on, 又 with the problem named is the problem back once the report is older
            # than the cluster window ("又停水了，还是没通知" a month on)
            m, received, key, old = scored[0]
            age = at - received
            match = issue_match(sig, old)[0] if sig.issues and old.issues else SAME_PROBLEM
            if age <= dt.timedelta(days=self.settings.chaser_window_days) \
                    and not (AGAIN.search(text) and sig.issues and age > self.window) \
                    and not (sig.places and (m.place == 0 or match < SAME_PROBLEM and m.place < 1.0)) \
                    and not (match == 0 and m.place < 1.0 and not self._shares(sig, old, numbering=False)):
                return key, {"chaser": True, "by": "still_one", **m.to_json()}
        if len(scored) > 1:
            # a short word naming nothing new, telling what came since or asking after it, from a
            # citizen with several open cases: the latest, opened within ``LATEST_SPAN``, is what
            # they write of hours later ("抢修车刚到", "早上来电了"), unless the word names another
            # place or problem than that case's (32 development sets: +23 right pairs, 0 false;
            # validation eval3-7 +4 right, 0 false, +2 chasers)
            m, received, key, old = max(scored, key=lambda t: (t[1], t[2]))
            if (at - received) <= LATEST_SPAN and not (
                    (sig.places or sig.issues) and self._contradicts(sig, old)):
                return key, {"chaser": True, "by": "latest", **m.to_json()}
        return None

    def of_matter(self, said: Signature, old: Signature, age: dt.timedelta) -> bool:
        """Whether a post telling ``said`` (the post a comment is under) would join a case telling
        ``old``, ``age`` older: the same matter, as a cluster sees it."""
        if age > self.window:
            return False
        m = compare(said, old, age_days=age.total_seconds() / 86400, window_days=self.settings.window_days,
                    default=self.maker.default_domain, rarity=self.spread.weight)
        # …or names the same problem and nothing against it (a post in the thread names its place
        # less often than a first report)
        return m.joins(self.settings.threshold) or bool(said.issues and old.issues) \
            and issue_match(said, old)[0] >= SAME_PROBLEM and not self._contradicts(said, old)

    def _told_of(self, sig: Signature, old: Signature, age: dt.timedelta) -> bool:
        """Whether a post asking for an answer (:func:`~monitor.cluster.markers.appeals_only`) is of
        ``old``'s matter by what it names: nothing of place or problem (the matter is the writer's
        own: "来人贴了张停用通知，修多久给个说法"), ``old``'s main problem or a related one, or a
        rare word or thing of it; not a problem or a place of its own alone ("村里的收割机一亩涨了
        三十 有没有人管" after the writer's 同问 on a bus line). Within a day of ``old`` (``age``),
        any such word: hours after their report the writer asks after it (``ONLY_CASE_WINDOW``)."""
        return (age <= ONLY_CASE_WINDOW or not (sig.places or sig.issues)
                or (bool(sig.issues and old.issues) and self._same_main(sig, old))
                or self._shares(sig, old, numbering=False))

    @staticmethod
    def _other_kind(new: Signature, old: Signature) -> bool:
        """Whether ``new`` names ``old``'s main problem in another kind: two matters (a site's
        piling, then the night market's shouting: noise both), as for a join."""
        return bool(new.issues and old.issues and new.issues[0] == old.issues[0] and new.kinds and old.kinds
                    and not new.kinds & old.kinds)

    @staticmethod
    def _told_since(new: Signature, old: Signature) -> bool:
        """Whether the problem ``new`` names is one of ``old``'s or related to one (or ``old`` named
        none of the table: its citizen's word names it now)."""
        if not old.issues:
            return True
        if Chasers._other_kind(new, old):
            return False
        table = problems()
        return any(i == new.issues[0] or table.are_related(i, new.issues[0])
                   or new.issues[0] in LEAVES.get(i, ()) for i in old.issues)

    def _told_back(self, sig: Signature, scored: Sequence[tuple[Match, dt.datetime, str, Signature]],
                   numbering: bool = True) -> tuple[Match, str] | None:
        """Of the own cases a post pointing back at one of them may mean, the one sharing its main
        problem or a rare word or thing with it (:func:`~monitor.cluster.score.described`); None
        when none or several do. Not the place: a citizen's two matters are mostly at their home."""
        sharing = {key: m for m, _received, key, old in scored
                   if sig.issues and sig.issues[0] in old.issues or self._shares(sig, old, numbering)}
        if len(sharing) == 1:
            key, m = next(iter(sharing.items()))
            return m, key
        return None

    @staticmethod
    def _adds_matter(what: str, rest: str) -> bool:
        """Whether a post naming ``what`` as its known matter goes on (``rest``) to a problem of the
        table that is none of the matter's nor related to one: a second matter told beside it."""
        table = problems()
        named = table.find(what)
        return bool(named) and any(not any(a == n or table.are_related(a, n) for n in named)
                                   for a in table.find(rest))

    def _known(self, sig: Signature, scored: Sequence[tuple[Match, dt.datetime, str, Signature]],
               echoes: Collection[str], at: dt.datetime) -> tuple[Match, str] | None:
        """Of a citizen's own cases within the chaser window, the one a post naming its matter as
        known (:func:`~monitor.cluster.markers.known_matter`) is about: the one sharing its
        main problem or a rare word (:meth:`_told_back`), else their one open report (not a 同问 or
        +1 of theirs, and no 同问 of theirs but of another matter) at no other place than the post
        names and of no other problem, sharing no rare word (a garage's flood is no 物业费的事);
        None when none or several fit."""
        span = dt.timedelta(days=self.settings.chaser_window_days)
        inside = [t for t in scored if at - t[1] <= span]
        told = self._told_back(sig, inside, numbering=False)
        if told is not None:
            return told
        # (a 同问 of theirs is passed over only when it is about something else: "物业费的事" may be
        # the matter they echoed under a neighbour's post)
        left = [t for t in inside if t[2] not in echoes or not self._contradicts(sig, t[3])]
        if len(left) != 1 or left[0][2] in echoes:
            return None
        m, _received, key, old = left[0]
        if sig.places and old.places and m.place == 0 and not self._shorter(sig, old) \
                or sig.issues and old.issues and issue_match(sig, old)[0] == 0.0 and not self._shares(sig, old):
            return None
        return m, key

    def _said_here(self, scored: Sequence[tuple[Match, dt.datetime, str, Signature]], dated: Collection[str],
                   echoes: Collection[str], at: dt.datetime) -> tuple[Match, str] | None:
        """Of a citizen's own reports within the chaser window (not their 同问 or +1 under another's
        appeal), the one at the place a post pointing back names (a place of both, however the
        problem is read): the one of the date the post says they wrote when several are there;
        None when none or several fit."""
        span = dt.timedelta(days=self.settings.chaser_window_days)
        here = [(m, key) for m, received, key, _old in scored
                if m.place > 0 and key not in echoes and at - received <= span]
        if len(here) > 1:
            here = [(m, key) for m, key in here if key in dated]
        return here[0] if len(here) == 1 else None

    def _continues(self, new: Signature, old: Signature, m: Match, only: bool = False) -> bool:
        """Whether a post saying its matter goes on can be about ``old``: at its place or naming
        none, and naming its problem (or a related one) or none. The classifier's domain of so
        short a post is no problem named ("还是停着的，物业说等师傅" is 物业 to it: who, not what).
        ``only``: ``old`` is the citizen's one open case in reach; told at no place, it is placed
        by a follow-up naming its problem at a place."""
        if new.places and m.place == 0 and not self._shorter(new, old) and not (
                only and not old.places and old.issues and new.issues):
            return False  # (the one own case, telling a problem at no place, is placed by its
            # follow-up naming that problem: "我们这条街北头那几盏路灯", then "满城北街路灯还是黑的")
        if self._other_kind(new, old):
            return False  # two kinds of one problem are two matters (the night market's shouting
            # after the building site's piling, "一点多了还在吼": noise both), as for a join
        if not new.issues or not old.issues and (old.domain == self.maker.default_domain or self._shares(new, old)):
            return True  # or the own case named no problem at all (a 同问: "同问，天天刷网站"), or
            # none of the table and a rare word of this post ("七个工作日早过了，电费还没退" after
            # "电费扣了两次，客服说要七个工作日": 退 names 预付退费 to the table, not to the citizen)
        table = problems()
        return any(i == new.issues[0] or table.are_related(i, new.issues[0]) for i in old.issues)
