"""Reports at no place: the city's matters, and one matter told in rare words of no table entry.

Why a module of its own: a report naming no place has no place key to be read by. Two kinds of
them are one matter all the same: a matter of the whole city (提前供暖, 养老金: ``citywide`` in the
table), read under the city's key (``~城``), and a report whose problem the table does not know,
told in words rare among the recent cases, read under those words (``~词``) within
:data:`WORD_WINDOW`. Each is its own index range, never a scan. A follow-up at no place is read at
its writer's own place (:meth:`Unplaced._at_own_place`).
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Sequence
from dataclasses import replace
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from monitor.cluster.apart import Apart
from monitor.cluster.batch import _aware, _batch, _case_key
from monitor.cluster.drift import Drift
from monitor.cluster.echoes import one_group_latest
from monitor.cluster.index import MAX_KEYS, PLACELESS, WORD_TAG, _CANDIDATES_IN, _WORD_CANDIDATES
from monitor.cluster.markers import agrees, is_same_question, opens_another, opens_new_matter, tells_since
from monitor.cluster.problems import problems
from monitor.cluster.score import Match, described, placeless, placeless_for_city, said_apart, term_weight
from monitor.cluster.signature import ISSUE_TAG, Signature
from monitor.store.models import Case


_HANDLE = re.compile(r"@([\w\-]+)")  # an account addressed or quoted
# a follow-up saying its matter is a new one ("路口留下的冰…是新问题了"): not the old one told again
_NEW_PROBLEM = re.compile(r"新(的)?问题|新情况")
MAX_WORD_KEYS = 6  # rare words a case is filed under and looks up
MIN_WORDS = 2  # rare words two reports must share to be one matter by their words alone
# and their weight: each word's rarity (:func:`~monitor.cluster.score.term_weight`), a word sharing a
# character with a longer one counted once (:func:`_disjoint`). Development sets, outside6: at 2.0 the
# false pairs were two lexicon words of one everyday matter (停车 + 扣了我); 2.5 asks for a third
MIN_WORD_STRENGTH = 2.5
# …or, when the classifier gives both one domain of their own (the problem agrees where the table
# knows neither), two rare words weighing 1.5 (灵活就业 + 缴费, 坡道 + 车库)
MIN_DOMAIN_WORD_STRENGTH = 1.5
WORD_WINDOW = dt.timedelta(hours=48)  # citizens telling one event in their own words tell it soon
SERVICE_TAG = "~服"  # the index key of an app a report at no place names (~服i银川)
# an app named by its name and its kind (人社APP, 燃气公众号, 缴费小程序), or the city's own (i银川: an i
# that ends no Latin word, as in 家里WiFi断了 or Hi大家好)
_APP = re.compile(r"([A-Za-z\u4e00-\u9fff]{2,4}?)(?:APP|App|app|小程序|公众号|客户端)|(?<![A-Za-z])i[\u4e00-\u9fff]{2}|网上国网")
_APP_LEAD = re.compile(r"^(?:[的在用过是那这个你们我们手机微信]+)")


def services(text: str) -> list[str]:
    """The apps ``text`` names, each by its name without the words before it (在人社APP: 人社)."""
    found = []
    for m in _APP.finditer(text):
        name = _APP_LEAD.sub("", m.group(1) if m.group(1) else m.group(0)).rstrip("的个这那")
        if len(name) >= 2:
            found.append(name)
    return sorted(set(found))[:2]


def _citywide(sig: Signature) -> list[str]:
    """The matters of the whole city a report told at no place names, the main one first; a
    symptom may come first ("冷得受不了，能不能早点供暖"), so not only its main problem counts;
    and a county's drifting nuisance told at the county alone (its main problem, ``drifts``).
    The bus lines where the city's ride code failed ("3路上好几个人都扫不了") are no place of it
    (:func:`~monitor.cluster.score.placeless_for_city`)."""
    if sig.places and not placeless_for_city(sig):
        return []
    table = problems()
    told = [issue for issue in sig.issues if issue in table.citywide]
    if not sig.places and sig.region and sig.issues and sig.issues[0] in table.drifts:
        # a nuisance the air carries over a whole county town, told at the town alone ("灵武这边
        #味道很大", "贺兰+1 一股化工味"): the county's matter for a day (score.placeless)
        told.append(sig.issues[0])
    return told


def _disjoint(words: Sequence[str]) -> list[str]:
    """The words of one matter each counted once: the longest first, leaving out any sharing a
    character with one kept (广场舞 beside 广场舞噪音, 排到 beside 排队 say one thing twice)."""
    kept: list[str] = []
    used: set[str] = set()
    for w in sorted(words, key=lambda w: (-len(w), w)):
        if not used & set(w):
            kept.append(w)
            used |= set(w)
    return sorted(kept)


def _bound(sig: Signature) -> tuple[str, ...]:
    """The problems of the table ``sig`` names that bind it to a place or a matter of its own: all
    but the city's systems down (``outage``: "缴费失败" is told of the gas, the water, the social
    insurance alike, so it says which matter no more than the rare words do)."""
    outages = problems().outages
    return tuple(i for i in sig.issues if i not in outages)


class Unplaced(Drift, Apart):
    """Joins of reports naming no place: the city's matters and rare words (mixed into the stage)."""

    @staticmethod
    def _worded(case: Case, sig: Signature) -> bool:
        """Whether ``case`` may meet another on its words alone (:meth:`_by_words`): it names no
        problem of the table (a problem the table knows is bound to a place it names, or the
        city's: two 路灯坏了 at no place are two estates nobody named), and it was not imported
        (a backfill replays history; its copies of one routine complaint are no burst)."""
        return not _bound(sig) and not (case.channel or "").endswith("import")

    def _rare_words(self, sig: Signature, text: str) -> list[str]:
        """The words of ``sig`` that are rare among the recent cases (:func:`term_weight` 1: the
        recent places' say, the dictionary's before they can), the longest first: what a case
        is filed under and looks up for :meth:`_by_words`."""
        rarity = self.spread.weight
        handles = _HANDLE.findall(text)  # an account addressed is no word of the matter (@银川人社)
        words = {w for w in sig.terms | sig.words | sig.things.keys()
                 if term_weight(w, rarity) >= 1.0 and not any(w in h for h in handles)}
        return sorted(words, key=lambda w: (-len(w), w))[:MAX_WORD_KEYS]

    def _by_words(self, session: Session, case: Case, sig: Signature) -> tuple[int, Match, str] | None:
        """The fallback for a report naming no place that met no case otherwise (no problem of
        the table, or none with a case to join): the recent open case of another citizen sharing
        at least :data:`MIN_WORDS` of its rare words (:func:`described`'s words, less those of an
        account either addresses, each concept once: :func:`_disjoint`), weighing together at
        least :data:`MIN_WORD_STRENGTH`, when nothing sets the two apart (two problems of the
        table, two domains, two counties, "不是…那个"). Index-driven: the cases filed under its
        rare words (:data:`WORD_TAG`) in the last :data:`WORD_WINDOW`, the newest
        :data:`MAX_CANDIDATES` rows. The join records its score and the words that matched."""
        if sig.places or not self._worded(case, sig):
            return None  # a place named is the evidence: at it, or not at all
        words = self._rare_words(sig, case.text)
        if len(words) < MIN_WORDS:
            return None
        keys = [WORD_TAG + w for w in words]
        lo, hi = case.received_at - WORD_WINDOW, case.received_at
        batch = _batch(session)
        cands: dict[int, tuple[str, dt.datetime, dict[str, Any] | None]] = {}
        others: set[int] = set()  # candidates of the same citizen: their own case is a chaser's matter
        for k in keys:
            for _dom, at, cid in batch.index.get(k, ()):
                if lo <= at <= hi:
                    cands[cid] = ("open", at, None)
        texts: dict[int, str] = {}
        rows = batch.worded.get(case.id)
        if rows is None:  # the stored rows do not change within the batch (its own are in memory)
            rows = batch.worded[case.id] = list(session.execute(_WORD_CANDIDATES,
                                                                {"keys": keys, "lo": lo, "hi": hi}))
        for cid, status, received, stored, name, text_ in rows:
            cands.setdefault(cid, (status, _aware(received), stored))
            texts[cid] = text_ or ""
            if name == case.citizen_name:
                others.add(cid)
        others |= {cid for cid in cands if cid in batch.names and batch.names[cid][0] == case.citizen_name}
        cands.pop(case.id, None)
        found = []
        for cid, received, old in self._open_candidates(batch, cands):
            if cid in others or _bound(old) or self._contradicts(sig, old) \
                    or sig.region and old.region and sig.region != old.region \
                    or (sig.unlike or old.unlike) and (said_apart(sig, old) or said_apart(old, sig)):
                continue
            _, shared = described(sig, old, self.spread.weight)
            if cid not in texts:
                member = session.identity_map.get(_case_key(cid))
                texts[cid] = member.text or "" if member is not None else ""
            handles = _HANDLE.findall(case.text) + _HANDLE.findall(texts[cid])
            shared = _disjoint([w for w in shared if not any(w in h for h in handles)])
            strength = sum(term_weight(w, self.spread.weight) for w in shared)
            if len(shared) >= MIN_WORDS and strength >= (
                    MIN_WORD_STRENGTH if sig.domain != old.domain or sig.domain == self.maker.default_domain
                    else MIN_DOMAIN_WORD_STRENGTH):
                found.append((strength, received, cid, shared))
        found.sort(key=lambda t: (-t[0], -t[1].timestamp(), t[2]))
        for strength, _received, cid, shared in found:
            m = Match(round(strength, 3), 0.0, 0.0, [], shared, [], None)
            if not self._drifts(session, sig, cid, m):
                return cid, m, "words"
        return None

    def _at_own_place(self, session: Session, case: Case, sig: Signature) -> tuple[int, Match, str] | None:
        """A follow-up naming its problem and no place ("到现在还没水", "终于来水了 但是黄的", "又在半夜
        干活") that the chaser check left a case of its own (the writer's own case is of another
        problem, or their 同问 under another's post) is told at its writer's place: their latest own
        case of the window naming one. Read as a report there would be (that place's index keys,
        place and problem both: never an echo of the place's latest appeal), it joins the appeal of
        its problem told there, which may be the cluster of the writer's own case (a 同问 of theirs
        the chaser check set aside), never that case alone. Only a post telling its matter goes on
        or how it stands (:func:`tells_since`): a first report naming no place is told anywhere,
        and one saying it is another matter (单独反映, 另外, 新问题) is no follow-up. Index-driven:
        the citizen's cases by the index of their id, then the place's keys. The join records how
        (``own_place``), its score and the places and words that matched."""
        text = case.text or ""
        if not sig.issues or sig.places or is_same_question(text) or agrees(text) or not tells_since(text) \
                or opens_new_matter(text) or opens_another(text) or _NEW_PROBLEM.search(text):
            return None
        home = self._own_place(session, case)
        if home is None:
            return None
        own_id, places = home
        at_home = replace(sig, places=places)
        found = self._best(session, case, at_home, list(places)[:MAX_KEYS],  # type: ignore[attr-defined]
                           at_home.index_domains())
        if found is None or found[2] not in ("similar", "same_question"):
            return None
        cid, m, _how = found
        if cid == own_id:
            return None
        return cid, m, "own_place"

    def _own_place(self, session: Session, case: Case) -> tuple[int, dict[str, float]] | None:
        """The citizen's latest own case of the window that names a place: its id and its places."""
        lo = case.received_at - self.window  # type: ignore[attr-defined]
        batch = _batch(session)
        own: list[tuple[dt.datetime, int, Signature]] = []
        for cid, sig in batch.sigs.items():  # this batch's cases, not in the table yet
            member = session.identity_map.get(_case_key(cid))
            if cid != case.id and member is not None and member.citizen_id == case.citizen_id \
                    and lo <= _aware(member.received_at) <= case.received_at:
                own.append((_aware(member.received_at), cid, sig))
        for cid, received, stored in session.execute(
                select(Case.id, Case.received_at, Case.cluster_sig)
                .where(Case.citizen_id == case.citizen_id, Case.received_at >= lo,
                       Case.received_at <= case.received_at, Case.id != case.id)):
            if cid not in batch.sigs and stored:
                own.append((_aware(received), cid, self.stored_signature(session, cid, stored)))  # type: ignore[attr-defined]
        placed = [t for t in own if t[2].places]
        if not placed:
            return None
        _at, cid, sig = max(placed, key=lambda t: (t[0], t[1]))
        return cid, dict(sig.places)

    def _by_service(self, session: Session, case: Case, sig: Signature) -> tuple[int, Match, str] | None:
        """A report at no place naming an app (:func:`services`) joins the one open appeal naming
        that app in the last :data:`WORD_WINDOW`, when their problems of the table agree."""
        if sig.places:
            return None
        table = problems()
        recent: dict[int, tuple[int | None, dt.datetime]] = {}
        names = services(case.text or "")
        for name in names:
            for cid, v in self._echo_cands(session, case, SERVICE_TAG + name, window=WORD_WINDOW).items():  # type: ignore[attr-defined]
                old = self._sig_of(session, cid)  # type: ignore[attr-defined]
                if old is None or sig.issues and old.issues and sig.issues[0] != old.issues[0] \
                        and not table.are_related(sig.issues[0], old.issues[0]) \
                        and not {sig.issues[0], old.issues[0]} & table.outages:
                    continue
                recent[cid] = v
        cid = one_group_latest(recent)
        if cid is None:
            return None
        return cid, Match(1.0, 0.0, 0.0, [], [f"{n}" for n in names], [], None), "citywide"

    def _placeless(self, session: Session, case: Case, sig: Signature) -> tuple[int, Match, str] | None:
        """A report that names no place joins the latest open report of the same city-wide matter
        (:func:`~monitor.cluster.score.placeless`): an index range of the cases filed under
        :data:`PLACELESS` with its problems or domains, within the window, the newest
        :data:`MAX_CANDIDATES` only."""
        wanted = {ISSUE_TAG + issue for issue in _citywide(sig)}
        if not wanted:
            return None  # only a matter of the whole city is one matter without a place
        lo, hi = case.received_at - self._lookback(case.text), case.received_at
        batch = _batch(session)
        cands: dict[int, tuple[str, dt.datetime, dict[str, Any] | None]] = {}
        for dom, at, cid in batch.index.get(PLACELESS, ()):
            if dom in wanted and lo <= at <= hi:
                cands[cid] = ("open", at, None)
        picks = batch.city.get(case.id)
        if picks is not None:  # prefetched for the batch: the rows the read below would return
            for cid in picks:
                if cid in batch.info:
                    cands.setdefault(cid, batch.info[cid])
        else:
            for cid, status, received, stored in session.execute(
                    _CANDIDATES_IN, {"keys": [PLACELESS], "lo": lo, "hi": hi, "doms": sorted(wanted)}):
                cands.setdefault(cid, (status, received, stored))
        cands.pop(case.id, None)
        found = []
        for cid, received, old in self._open_candidates(batch, cands):
            age = abs((case.received_at - _aware(received)).total_seconds()) / 86400
            m = placeless(sig, old, age_days=age, window_days=self.settings.window_days)
            if m.problem:
                found.append((m.score, _aware(received), cid, m))
        found.sort(key=lambda t: (-t[0], -t[1].timestamp(), t[2]))
        how = "same_question" if is_same_question(case.text) else "citywide"
        for _, _, cid, m in found:
            if not self._drifts(session, sig, cid, m):
                return cid, m, how
        return None
