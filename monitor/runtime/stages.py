"""The production stages the ingest pipeline runs inside each batch transaction.

Order per new case: classify (jieba, once per text) → find its cluster (a recent open case about
the same problem at the same place) → route (the cluster's handlers when it joins one, else
explicit @, region + domain rules, hub fallback) → file it in the joining index → SLA clocks. Before a case opens: is it a chaser on the citizen's own open
case? Per reply: reply-rule lint. Per citizen follow-up after a reply: satisfaction feedback; per
chaser or 同问 comment: the cluster's heat. Per follow-up and comment: risk, read again on the new
text (a citizen who writes 活不下去了 under an open case must reach a person as fast as a new post
would). After the batch: every touched case's clocks are recomputed from its timeline, so a reply
polled late still counts at its platform time.
"""

from __future__ import annotations

import datetime as dt
import threading
from collections.abc import Sequence
from dataclasses import dataclass, field, replace
from typing import Any

from sqlalchemy.orm import Session

from adapters.notify.settings import load_notify
from monitor.classify import Classification, Classifier
from monitor.classify.risk import describe, risk_flag
from monitor.cluster import ClusterStage, Signature, SignatureMaker
from monitor.cluster.joining import Found, count_chaser, count_repost, defer_counts, write_counts
from monitor.cluster.markers import agrees, answers_another, chaser_words, is_same_question, quoted_names, wrote_on
from monitor.cluster.problems import problems
from monitor.cluster.signature import common_words, word_tags
from monitor.cluster.terms import load_terms
from monitor.store.context import App
from monitor.handling.escalation import alert_risk, backfilled, risk_handlers, summarise_backfilled_risk
from monitor.notify.outbox import defer as defer_alerts, write_deferred
from monitor.handling.feedback import record_feedback
from monitor.intake.events import NewEvent
from monitor.intake.pipeline import OwnCase, Pipeline, Stages
from monitor.runtime.allocator import trim
from monitor.runtime.heap import freeze_heap
from monitor.handling.lint import ReplyLinter, Windows
from monitor.handling.queue import mark_fresh, open_entry, preload_open, settle
from monitor.route import RouteDecision, Router
from monitor.route.assign import apply_classification, apply_route, prefill_classification
from monitor.sla import SlaEngine
from monitor.core.config import Matrix
from monitor.core.timeutil import to_local
from monitor.core.types import Item
from monitor.store.models import Case, CaseEvent, utcnow

RISK_TEXT_EVENTS = frozenset({"follow_up", "comment"})
"""Timeline events whose text is read for risk (replies are the members' own words)."""


@dataclass
class BatchState:
    """What :class:`CoreStages` remembers about one batch, from its first stage to its end.

    Why it is kept per thread (:attr:`CoreStages._local`) and not on the stages: one daemon
    ingests every pull source's poll in a worker thread of its own, all through one pipeline and
    one ``CoreStages``. Kept on the instance, a batch ending in one thread cleared another's
    mid-batch (a citizen's 已经解决了 after a reply in the same batch was no longer read as
    feedback), or summarised its backfilled risks in the wrong transaction, before they were
    committed. A batch runs from start to end in the thread that called ``Pipeline.ingest``, and
    a thread runs one batch at a time, so the thread's state is the batch's.
    """

    replied: set[int] = field(default_factory=set)
    """Cases with a reply in the batch (their ``first_response_at`` is set at its end)."""
    old_risks: list[int] = field(default_factory=list)
    """Backfilled cases with risk signals: one summary to the hub when the batch ends."""
    classified: dict[str, Classification] = field(default_factory=dict)
    """Texts classified for the chaser check or prefill, reused when the same text opens a case."""
    signed: dict[tuple[str, tuple[str, ...]], Signature] = field(default_factory=dict)
    """Signatures made as the batch is threaded (by text and context), used once by on_case(s)_created."""
    opening: dict[str, Signature] = field(default_factory=dict)
    """The same by case key, for a chaser of a case this batch opens (:meth:`CoreStages.chaser_of`)."""
    said: dict[str, Signature] = field(default_factory=dict)
    """Posts commented under that opened no case this batch, by text (:meth:`CoreStages._said`)."""
    context: dict[tuple[str, str], tuple[tuple[str, ...], tuple[str, ...], str]] = field(default_factory=dict)
    """(platform, case root) → the ids and words of what the item opening it answers or passes
    on, and that item's kind (a ``comment``, or a ``status`` reposting) (:meth:`CoreStages.context`)."""
    replies: Windows = field(default_factory=dict)
    """The batch's repliers' recent replies, for the reply lint (:meth:`ReplyLinter.preload`)."""


class CoreStages(Stages):
    """Classification, clustering, routing, SLA, risk, lint and feedback (module docstring).

    Shared by every thread ingesting through the pipeline: what is built once from the config
    (classifier, router, SLA engine, linter) and the caches keyed by text or stored case, which
    give the same answer to every batch, are shared; what belongs to one batch is in
    :class:`BatchState`, one per thread.
    """

    def __init__(self, app: App) -> None:
        self.classifier = Classifier.from_config(app.config)
        self.router = Router.from_config(app.config)
        self.sla = SlaEngine.from_config(app.config)
        self.linter = ReplyLinter.from_config(app.config)
        self.matrix = app.matrix
        self.possible_to = load_notify(app.config).risk.possible  # who hears of a 疑似 flag first
        terms_file = app.config.file("cluster_terms")  # absent: the shipped list (as lint.toml's defaults)
        terms = load_terms(terms_file) if terms_file.exists() else None
        self.cluster = ClusterStage(app.config.settings.cluster, SignatureMaker(self.classifier, terms), app.matrix)
        self.chaser_window = dt.timedelta(days=app.config.settings.cluster.chaser_window_days)
        self._local = threading.local()  # .batch: the BatchState of the thread's batch
        self._members: dict[str, frozenset[str]] = {}  # platform → the member accounts' ids on it

    @property
    def batch(self) -> BatchState:
        """The state of the batch this thread is ingesting (begun on its first stage)."""
        state: BatchState | None = getattr(self._local, "batch", None)
        if state is None:
            state = self._local.batch = BatchState()
        return state

    def _classify(self, text: str) -> Classification:
        known = self.batch.classified
        c = known.get(text)
        if c is None:
            c = known[text] = self.classifier.classify(text)
        return c

    def chaser_of(self, session: Session, item: Item,
                  own: Sequence[OwnCase]) -> tuple[str, dict[str, object]] | None:
        under = self._under_another(item)
        if under and (is_same_question(item.text) or agrees(item.text)):
            return None
        sig = self.cluster.maker.make(item.text, self._classify(item.text))
        mine = []
        for o in own:
            # a stored case's signature came with the batch's one query for its citizens' cases
            old = (self.cluster.stored_signature(session, o.case_id, o.signature)
                   if o.signature and o.case_id is not None
                   else self.batch.opening.get(o.case_key) or self.cluster.maker.make(o.text, self._classify(o.text)))
            mine.append((o.case_key, old, o.received_at))
        # the own cases of the day the post says its writer wrote ("我2号说的…"), read once here
        today = to_local(item.created_at).date()
        dated = {o.case_key for o in own if wrote_on(item.text, today, to_local(o.received_at).date())}
        if not (is_same_question(item.text) or agrees(item.text)):
            # a citizen's word on their matter ("还在 今天又有人差点栽进去") is about a report of
            # theirs, not a 同问 they added to another's (often their latest case): those set aside
            # while a report of their own is open (development sets outside5–13: +6 to +18 right
            # pairs each, false ones fewer; validation eval3–7 P .9143 → .9192, R .6282 → .6307)
            # …unless the post says it was written on that day ("我2号说的…" of the 同问 the writer
            # added on the 2nd under a neighbour's post: their word on which of their posts it was)
            told = [m for m, o in zip(mine, own, strict=True) if not (is_same_question(o.text) or agrees(o.text))
                    or o.case_key in dated]
            if told:
                mine = told
        if under and item.context and not chaser_words(item.text):
            # a comment under another citizen's post that does not say it chases ("又不热了，跟上个月
            # 一个样", "来了辆警车，转一圈又走了") is about that post: the writer's own case only when
            # it is of the post's matter (the post would join it), not an older matter of theirs
            said = self._said(item)
            mine = [m for m in mine if self.cluster.of_matter(said, m[1], item.created_at - m[2])]
            if not mine:
                return None
        # the own cases that echo another's appeal (同问, +1, 对…, a repost): no report of the citizen's
        echoes = {o.case_key for o in own if o.text and (is_same_question(o.text) or answers_another(o.text)
                                                          or quoted_names(o.text) or "//@" in o.text)}
        return self.cluster.chaser_target(item.text, sig, mine, item.created_at, echoes=echoes, dated=dated)

    def _said(self, item: Item) -> Signature:
        """The signature of the post ``item`` comments under (the first of its chain): the one its
        case was opened with when this batch opened it, else made (and classified) once a batch."""
        text = item.context[-1]
        batch = self.batch
        sig = batch.opening.get(item.context_ids[-1]) if item.context_ids else None
        if sig is None:
            sig = batch.said.get(text)
            if sig is None:
                sig = batch.said[text] = self._signed(text, self._classify(text), ())
        return sig

    def _under_another(self, item: Item) -> bool:
        """Whether ``item`` comments under another citizen's post (or reposts it). A 同问 or a word
        of agreement there asks that post's question, not after the writer's own case ("同问 中考
        的时候管不管" under a neighbour's post, from a citizen whose own case is another matter):
        on the development sets every one of 42 such comments by a citizen with an earlier post
        was the post's problem. Under a member account's own post a citizen may still chase."""
        author = item.parent_author_id
        if not author or author == item.author_id:
            return False
        members = self._members.get(item.platform)
        if members is None:
            members = self._members[item.platform] = frozenset(self.matrix.by_platform_id(item.platform))
        return author not in members

    def context(self, case: Case, ids: Sequence[str], words: Sequence[str], kind: str = "") -> None:
        self.batch.context[(case.platform, case.root_external_id)] = (tuple(ids), tuple(words), kind)

    def _context_of(self, case: Case) -> tuple[tuple[str, ...], tuple[str, ...], str]:
        return self.batch.context.get((case.platform, case.root_external_id), ((), (), ""))

    def sign_ahead(self, item: Item, key: str) -> None:
        """The signature of a case about to be opened, made as the batch is threaded, in time
        order: the signature maker learns place names from every text it reads (阅海湾 from
        阅海湾小区), and a post a later post's writer had open was read for the chaser check while
        the batch was threaded: a case signed after that knew names from posts written after it,
        and the figures moved with the batch size (development set eval8 .8892 / .6539 in batches
        of 500, .8876 / .6436 of 250, .8870 / .6395 of 1; now .8870 / .6395 at any size)."""
        words = tuple(item.context) if item.context_ids else ()
        signed = self.batch.signed
        sig = signed.get((item.text, words))
        if sig is None:
            sig = signed[(item.text, words)] = self._signed(item.text, self._classify(item.text), words)
        self.batch.opening[key] = sig

    def _sign(self, case: Case, c: Classification) -> Signature:
        return self._signed(case.text, c, self._context_of(case)[1])

    def _signed(self, text: str, c: Classification, context: Sequence[str]) -> Signature:
        """The case's cluster signature; a post naming no place or no problem of its own (a 同问
        under a post, a repost of it) takes them from the nearest text it answers or passes on
        that names one (:meth:`Signature.echoing`)."""
        sig = self.cluster.maker.make(text, c)
        if sig.places and sig.issues:
            return sig
        for words in context:
            said = self.cluster.maker.make(words, self._classify(words))
            if said.places or said.issues:
                return sig.echoing(said, self.cluster.maker.default_domain)
        return sig

    def _signed_key(self, case: Case) -> tuple[str, tuple[str, ...]]:
        return case.text, self._context_of(case)[1]

    def warm_up(self) -> None:
        """Load dictionaries and models now rather than on the first case (benchmarks, start-up),
        then move them out of the garbage collector's sight (:func:`freeze_heap`): they live as
        long as the process, and every collection walked their millions of objects again."""
        self.classifier.classify("银川市兴庆区文化街小区门口停车难，希望尽快解决。")
        # the cluster signatures' word lists (not a signature: making one learns its place names)
        common_words()
        word_tags()
        problems()
        freeze_heap()
        # what loading freed (dictionary files read line by line, the word sets the tries were
        # built from) stays resident in malloc's free lists until trimmed: 28 MB of the warm-up's
        # 228, and about 15 MB of the ingest's resident set after (bench/ingest.py)
        trim()

    def prefill(self, case: Case, addressed: Sequence[str], assigned: str | None = None) -> None:
        # classification, signature, routing without a cluster, and the clocks of a case with no
        # reply yet: what on_case_created and the batch's SLA refresh will write, unless the case
        # joins a cluster or is answered in the same batch (then those columns are updated)
        c = self._classify(case.text)
        prefill_classification(case, c)
        key = self._signed_key(case)
        sig = self.batch.signed.get(key) or self._sign(case, c)
        self.batch.signed[key] = sig
        case.cluster_sig = sig.to_json()
        if assigned is not None and assigned in self.matrix.by_id:
            case.lead_account_id, case.joint = assigned, False
        else:
            decision = self.router.route(c, list(addressed))
            case.lead_account_id = decision.lead
            case.joint = any(a != decision.lead for a in decision.co)
        self.sla.write(case, self.sla.derive(case, [], now=utcnow()))

    def on_cases_created(self, session: Session,
                         created: Sequence[tuple[Case, Sequence[str], str | None]]) -> None:
        # one read of the joining index for the whole batch; a first pass over the stored cases
        # alone names the cases the batch will join, loaded together; then each case, in order,
        # is matched again exactly as alone (against the stored cases and the batch's earlier
        # ones, with the clusters as the earlier joins left them), routed and joined
        mark_fresh(session, [case.id for case, _a, _s in created])
        batch = self.batch
        signed = []
        for case, _a, _s in created:
            c = batch.classified.pop(case.text, None) or self.classifier.classify(case.text)
            sig = batch.signed.pop(self._signed_key(case), None) or self._sign(case, c)
            signed.append((case, c, sig))
        self.cluster.prefetch(session, [(case, sig) for case, _c, sig in signed])
        # what the platform says the batch's echoes answer or pass on, if it is a case's: one read
        self.cluster.read_threads(session, [(case, ids, kind) for case, _a, _s in created
                                            for ids, _w, kind in [self._context_of(case)] if ids])
        likely = [self.cluster.best(session, case, sig) for case, _c, sig in signed]
        self.cluster.load_targets(session, [b[0] for b in likely if b is not None],
                                  [case.received_at for case, _a, _s in created])
        for (case, addressed, assigned), (_case, c, sig) in zip(created, signed, strict=True):
            found = self.cluster.found(session, self.cluster.best(session, case, sig))
            self.cluster.file(session, case, sig)  # later cases of the batch can join it
            self._created(session, case, addressed, assigned, c, sig, found)

    def on_case_created(self, session: Session, case: Case, addressed: Sequence[str],
                        assigned: str | None = None) -> None:
        mark_fresh(session, [case.id])  # opened in this transaction: no stored queue entry to look up
        batch = self.batch
        c = batch.classified.pop(case.text, None) or self.classifier.classify(case.text)
        sig = batch.signed.pop(self._signed_key(case), None) or self._sign(case, c)
        ids, _words, kind = self._context_of(case)
        if ids:
            self.cluster.read_threads(session, [(case, ids, kind)])
        found = self.cluster.find(session, case, sig)
        self.cluster.file(session, case, sig)
        self._created(session, case, addressed, assigned, c, sig, found)

    def _created(self, session: Session, case: Case, addressed: Sequence[str], assigned: str | None,
                 c: Classification, sig: Signature, found: Found | None) -> None:
        chosen = assigned is not None and assigned in self.matrix.by_id
        if chosen:
            # the sender decided (12345's 承办单位, an operator's choice): that is the routing,
            # even inside a cluster
            decision = RouteDecision(assigned, (), f"来源指定承办：{self.matrix.by_id[assigned].name}",
                                     evidence={"by": "assigned", "assigned": assigned})
        else:
            decision = self.router.route(c, list(addressed))
            named = decision.lead in addressed and decision.lead != self.matrix.hub.id
            if found is not None and found.lead and not named:
                # a mass appeal's handlers are decided once (unless the citizen named the
                # department, and the rules gave it to that department)
                decision = RouteDecision(found.lead, tuple(a for a in found.co if a != found.lead),
                                         rule=f"同类诉求：随案件#{found.target.id}统一办理",
                                         evidence={"cluster_of_case": found.target.id})
            chosen = chosen or named
        apply_route(session, case, c, decision, at=case.received_at)
        if found is not None:
            self.cluster.join(session, case, found.target, match=found.match, how=found.how,
                              at=case.received_at, inherit=not chosen)
        if c.risk:
            sent = alert_risk(session, case, risks=c.risk, handlers=[decision.lead, *decision.co],
                              matrix=self.matrix, now=utcnow(), possible_to=self.possible_to)
            if not sent and backfilled(case, utcnow()):
                self.batch.old_risks.append(case.id)

    def on_events(self, session: Session, events: Sequence[tuple[Case, NewEvent]]) -> None:
        # what the batch's events need, loaded once: the repliers' recent replies for the lint,
        # and the open queue entries of the cases they touch
        self.batch.replies = self.linter.preload(session, [e for _, e in events if e.kind == "reply"])
        preload_open(session, [c.id for c, _ in events])
        super().on_events(session, events)

    def on_event(self, session: Session, case: Case, event: NewEvent) -> None:
        if event.kind in RISK_TEXT_EVENTS and self.classifier.risk is not None:
            text = str((event.data or {}).get("text", ""))
            risk = self.classifier.risk.detect(text)
            if risk:
                raise_risk(session, self.matrix, case, risk, text=text, author=event.actor,
                           at=event.at, source=event.kind, event_id=event.id,
                           possible_to=self.possible_to)
        # events arrive in platform-time order within a batch, so a follow-up after a reply
        # polled in the same batch sees it here; earlier replies show in first_response_at
        if event.kind == "reply":
            batch = self.batch
            batch.replied.add(case.id)
            self.linter.record(session, case, event, now=event.at, fresh=True,  # ingested now
                               windows=batch.replies)
        elif event.kind == "follow_up":
            text = event.data.get("text", "")
            if not event.data.get("chaser") and chaser_words(text):  # 催办 in the thread itself
                event.data = {**event.data, "chaser": True, "by": "words", "words": chaser_words(text)}
            if event.data.get("chaser"):
                count_chaser(session, case, event.at)
            if case.first_response_at is not None or case.id in self.batch.replied:
                record_feedback(session, case, text, at=event.at, mention_id=event.mention_id)
        elif event.kind == "comment" and is_same_question(event.data.get("text", "")):
            cluster = count_repost(session, case, event.at)
            event.data = {**event.data, "same_question": True, "cluster": cluster.id}

    def before_batch(self, session: Session) -> None:
        # the batch's alerts and its stored clusters' counters are written together at its end,
        # each in one order every batch shares (outbox.defer, joining.defer_counts)
        defer_alerts(session)
        defer_counts(session)

    def after_batch(self, session: Session, cases: Sequence[Case], now: dt.datetime) -> None:
        self.cluster.flush_index(session)
        timelines: dict[int, list[Any]] = {}  # the replies settling reads, read with the clocks'
        self.sla.refresh_many(session, cases, now=now, timelines=timelines)  # flushes first
        # the refresh flushed the batch's events and entries; the clocks it set since go with the
        # flush below (a flush of its own here was about 2 % of the ingest's CPU at 20,000 mentions)
        settle(session, cases, now=now, flushed=True, timelines=timelines)
        summarise_backfilled_risk(session, self.batch.old_risks, matrix=self.matrix, now=now)
        # everything else first: a batch locks its stored cases before its clusters' rows and its
        # alerts' keys, never after. Flushed after the increments, a batch holding a cluster's row
        # waited for a case another batch held while that one waited for the cluster's row
        # (bench/daemons.py, 3 daemons on 30,000 items: 8 of the 32 waits of 16 deadlocks)
        session.flush()
        write_counts(session)
        write_deferred(session)
        self._local.batch = None

    def discard(self) -> None:
        # the batch's cases, replies and risks were rolled back; what a text was classified as
        # still holds, and the batch's re-run (or its halves) classifies the same texts
        self._local.batch = BatchState(classified=self.batch.classified)


class ImportStages:
    """What ``wenzheng import`` does to each imported case (unless ``--raw``): classify, route, clocks.

    Why: imported history that is never classified says 未分类 in every bulletin, and without
    routing and deadlines its on-time figures are all zero. What the export itself says wins over
    the classifier (its type, its region, its domain when that maps into the office's taxonomy, the
    account that handled it); the deadlines count from each case's own received time, so an old
    letter answered in two days is on time, not three years late. Imports open no queue entries
    for closed cases: a letter settled years ago needs nobody now.
    """

    def __init__(self, app: App) -> None:
        self.classifier = Classifier.from_config(app.config)
        self.router = Router.from_config(app.config)
        self.sla = SlaEngine.from_config(app.config)
        self.taxonomy = self.classifier.settings.taxonomy

    def __call__(self, session: Session, created: list[tuple[Case, dict[str, Any]]]) -> None:
        for case, rec in created:
            c = self.classifier.classify(case.text)
            given: dict[str, Any] = {}
            if rec.get("type"):
                given["type"] = rec["type"]
                given["type_label"] = self.classifier.settings.types.labels.get(rec["type"], rec["type"])
            domain = self.taxonomy.map_label(rec["domain"]) if rec.get("domain") else None
            if domain is not None and domain != c.domain:
                given.update(domain=domain, subtopic=c.subtopics.get(domain), rule_domain=domain,
                             domains=(domain,))
            if rec.get("region") and rec["region"] != c.region:
                given.update(region=rec["region"], street=None, community=None)
            if given:
                c = replace(c, **given, evidence={**c.evidence, "import": sorted(given)})
            if rec.get("account"):  # the export says who handled it: keep that assignment
                apply_classification(session, case, c, at=case.received_at, actor="import")
                if c.risk and case.status != "closed":  # an open letter that speaks of danger
                    open_entry(session, case.id, "risk", at=case.received_at, detail={"risk": describe(c.risk)})
            else:
                apply_route(session, case, c, self.router.route(c), at=case.received_at, actor="import",
                            queue=case.status != "closed")
        now = utcnow()
        cases = [case for case, _ in created]
        self.sla.refresh_many(session, cases, now=now)
        settle(session, cases, now=now)


SOURCE_LABELS = {"follow_up": "群众追问", "comment": "他人评论"}


def raise_risk(session: Session, matrix: Matrix, case: Case, risk: list[dict[str, Any]], *,
               text: str, author: str | None, at: dt.datetime, source: str,
               event_id: int | None = None, possible_to: str = "hub") -> None:
    """Risk found in a text added to an existing case (a citizen's follow-up, another user's comment).

    The case gets the new flags (kept with those it had), a ``risk`` timeline event saying
    which text raised them, a ``risk`` queue entry (priority 0: the top of the queue) and an
    alert to its handlers, their supervisors and the hub, once per text that raised it (to the
    hub alone while every flag is 疑似 and nobody confirmed them: :func:`alert_risk`).
    """
    known = {risk_flag(r): r for r in case.risk or []}
    added = [r for r in risk if r["flag"] not in known or (known[r["flag"]].get("possible")
                                                            and not r["possible"])]
    if added:
        merged = {**known, **{r["flag"]: r for r in added}}
        case.risk = list(merged.values())
    where = SOURCE_LABELS.get(source, source)
    session.add(CaseEvent(case_id=case.id, kind="risk", at=at, actor="system",
                          data={"risk": describe(risk), "source": where}))
    open_entry(session, case.id, "risk", at=at, detail={"risk": describe(case.risk), "source": where})
    alert_risk(session, case, risks=risk, handlers=risk_handlers(case), matrix=matrix, now=utcnow(),
               text=text, author=author, where=where, at=at, possible_to=possible_to,
               dedupe=f"risk:{case.id}:{source}:{event_id if event_id is not None else at.isoformat()}")


def build_pipeline(app: App) -> Pipeline:
    """The pipeline every entry point uses (daemon, ``wenzheng ingest``, benchmarks)."""
    return Pipeline(app.sessions, app.matrix, stages=CoreStages(app),
                    batch_size=app.config.settings.database.batch_size,
                    limits=app.config.settings.intake)
