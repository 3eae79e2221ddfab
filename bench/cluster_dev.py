"""Why clustering missed or wrongly made a pair, post by post: for development sets only.

``bench/cluster.py`` prints totals, so it may run on a blind set; this tool prints the texts, so
it refuses the blind ones (``eval3``, ``eval4*``: see docs/evaluation.md). It feeds a labelled
file through the real pipeline exactly as ``bench/cluster.py`` does, then prints:

* **split problems**: each true problem landing in several groups, each group's posts with the
  signature that decided (place keys, problems of the table, domain/sub-topic, terms), and the
  comparison of each stray group's first post with the main group's first post (place, problem,
  score, matched places and words) — what a rule would have to change for them to meet;
* **mixed groups**: each predicted group holding several true problems, with the join event
  (how, score, places, words, terms) that brought each post in;
* **chasers** that did not land on their author's case of the same problem.

With ``--only kinds`` it prints instead where the missed pairs are, by the posts outside their
problem's largest group (kind, answering a post or alone, what their case names): what a round of
rules should aim at first. With ``--only reasons`` it weighs the same posts by *why* their case did
not meet the largest group: the best comparison of its signature with that group's opened cases,
at their true ages (a place named by neither or otherwise, a problem named by neither or
otherwise, capped on a road, the threshold, or a comparison that would join: then the window,
the index or the candidate chosen decided), or a follow-up put on a wrong case. With ``--only
census`` it sorts them by what they are (:func:`census`: echoes naming nothing, a city's service
failing, one event told from several places); ``CENSUS_SHOW=<reason's beginning>`` prints those posts.
With ``--only pairs`` it counts the missed pairs exactly by reason (:func:`by_pairs`: each post of
a group that is not its problem's largest counts its pairs with every larger group, so the column
sums to the missed pairs), then by the kind of post; ``PAIRS_SHOW=<reason's beginning>`` prints
those posts, each with the best-matching post of the larger groups (``PAIRS_SIGS=1``: with both posts'
problems, places, domain, words and things). With ``--only stray`` it records
what the join stage saw when it decided each case (every candidate's match as the pipeline scored
it, the drift check's refusals and which of its rules refused, the choice: :func:`_record_decisions`)
and splits the posts that "would join within the window" by it, and the follow-ups on their own
problem's stray case by that case's own reason (:func:`strays`; ``STRAY_SHOW=<reason's beginning>``
prints those posts with their candidates).

    .venv/bin/python bench/cluster_dev.py --file tests/fixtures/cluster/eval2.jsonl [--only split|mixed|chasers|kinds|reasons|census|pairs|stray]

With ``--real DIR`` it reads the real letters of ``DIR/messages_train.csv`` (../shared/data: a
whole province's letters, about one problem each, read in place and never copied) five minutes
apart instead, and prints the groups they formed: each is a look-alike joined on shared words or
a place name, so fewer is better (issue 14's docs give the count per session)::

    .venv/bin/python bench/cluster_dev.py --real ../shared/data
"""

from __future__ import annotations

import argparse
import csv
import os
import re
import datetime as dt
import sys
import tempfile
from collections import Counter, defaultdict
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from sqlalchemy import select  # noqa: E402

from bench.cluster import pairs, posts_as_items, read  # noqa: E402
from monitor.cluster.markers import agrees, is_same_question  # noqa: E402
from monitor.cluster.score import MIN_PLACE, MIN_PROBLEM, compare  # noqa: E402
from monitor.classify.training import is_unseen  # noqa: E402
from monitor.cluster.signature import Signature  # noqa: E402
from monitor.core.types import Item  # noqa: E402
from monitor.runtime.stages import build_pipeline  # noqa: E402
from monitor.store.context import open_app  # noqa: E402
from monitor.store.models import Case, CaseEvent, Mention  # noqa: E402



def _sig_line(sig: dict[str, Any]) -> str:
    places = ",".join(f"{k}:{w:g}" for k, w in sorted((sig.get("places") or {}).items(), key=lambda kv: -kv[1]))
    return (f"places[{places}] issues{list(sig.get('issues') or [])} "
            f"{sig.get('domain')}/{sig.get('subtopic')} region={sig.get('region')} words{sorted(sig.get('words') or [])} "
            f"terms{sorted(sig.get('terms') or [])[:10]}")


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--file")
    ap.add_argument("--real", type=Path, default=None, help="real letters' folder (messages_train.csv)")
    ap.add_argument("--config", default=str(ROOT / "config" / "wenzheng.toml"))
    ap.add_argument("--only", choices=("split", "mixed", "chasers", "kinds", "reasons", "census", "pairs", "stray"),
                    default=None)
    args = ap.parse_args()
    if args.real is not None:
        real(args)
        return
    if not args.file:
        ap.error("--file or --real")
    if is_unseen(Path(args.file).name):
        sys.exit(f"{args.file}: a blind evaluation set; this tool prints texts, use bench/cluster.py (totals only)")
    rows = read(Path(args.file))
    decided = _record_decisions() if args.only == "stray" else {}
    tmp = tempfile.TemporaryDirectory()
    app = open_app(args.config, database_url=f"sqlite:///{tmp.name}/dev.db")
    hub = app.matrix.hub
    pipeline = build_pipeline(app)
    pipeline.stages.warm_up()
    items = posts_as_items(rows, hub.name)
    pipeline.ingest(items, channel="dev")
    with app.sessions() as s:
        case_of = dict(s.execute(select(Mention.external_id, Mention.case_id)
                                 .where(Mention.external_id.like("bench-%"))).all())
        cases = {c.id: c for c in s.scalars(select(Case))}
        joined: dict[int, dict[str, Any]] = {}
        for cid, data in s.execute(select(CaseEvent.case_id, CaseEvent.data).where(CaseEvent.kind == "clustered")):
            joined[cid] = data or {}
        follow: dict[str, dict[str, Any]] = {}
        for cid, data in s.execute(select(CaseEvent.case_id, CaseEvent.data).where(CaseEvent.kind == "follow_up")):
            ext = (data or {}).get("external_id")
            if ext:
                follow[ext] = {**(data or {}), "case": cid}
    app.close()

    ids = [f"bench-{i}" for i in range(len(rows))]
    group, case_id = [], []
    for ext in ids:
        case = cases.get(case_of.get(ext) or -1)
        case_id.append(case.id if case else None)
        group.append(f"K{case.cluster_id}" if case and case.cluster_id else f"c{case.id}" if case else f"lost{ext}")
    truth = [r["problem"] for r in rows]
    p_pairs, t_pairs = pairs(group), pairs(truth)
    tp = len(p_pairs & t_pairs)
    root = {i for i, ext in enumerate(ids) if case_id[i] and cases[case_id[i]].root_external_id == ext}

    def show(i: int, extra: str = "") -> None:
        r = rows[i]
        sig = cases[case_id[i]].cluster_sig if i in root and case_id[i] else None
        print(f"   {r['id']} [{r.get('kind', 'report')}] {r['created_at'][5:16]} {r['author']['id']} {extra}")
        print(f"      {r['text']}")
        if sig:
            print(f"      {_sig_line(sig)}")
        elif case_id[i]:
            f = follow.get(ids[i]) or {}
            print(f"      → follow-up on case {case_id[i]} ({cases[case_id[i]].root_external_id}) "
                  f"by={f.get('by')} chaser={f.get('chaser')} words={f.get('words')}")

    by_truth: dict[str, dict[str, list[int]]] = defaultdict(lambda: defaultdict(list))
    by_group: dict[str, dict[str, list[int]]] = defaultdict(lambda: defaultdict(list))
    for i, (t, g) in enumerate(zip(truth, group, strict=True)):
        by_truth[t][g].append(i)
        by_group[g][t].append(i)

    if args.only == "kinds":
        kinds(rows, by_truth, {i: cases[case_id[i]].cluster_sig or {} for i in root if case_id[i]})
    if args.only == "reasons":
        reasons(rows, by_truth, {i: cases[case_id[i]].cluster_sig or {} for i in root if case_id[i]},
                app.config.settings.cluster)
    if args.only == "census":
        census(rows, by_truth, {i: cases[case_id[i]].cluster_sig or {} for i in root if case_id[i]},
               app.config.settings.cluster, group)
    if args.only == "pairs":
        by_pairs(rows, by_truth, {i: cases[case_id[i]].cluster_sig or {} for i in root if case_id[i]},
                 app.config.settings.cluster, {i: truth[ids.index(cases[case_id[i]].root_external_id)]
                                               for i in range(len(rows)) if case_id[i] and i not in root})
    if args.only == "stray":
        strays(rows, by_truth, {i: cases[case_id[i]].cluster_sig or {} for i in root if case_id[i]},
               app.config.settings.cluster, {i: case_id[i] for i in range(len(rows))}, root, decided, joined,
               follow, ids)
    if args.only in (None, "split"):
        print("=" * 30, "SPLIT PROBLEMS (missed pairs)")
        order = sorted(by_truth.items(), key=lambda kv: -sum(
            len(a) * len(b) for x, a in kv[1].items() for y, b in kv[1].items() if x < y))
        for t, groups in order:
            if len(groups) < 2:
                continue
            gs = sorted(groups.values(), key=len, reverse=True)
            missed = sum(len(a) * len(b) for n, a in enumerate(gs) for b in gs[n + 1:])
            print(f"\n## {t}: {len(gs)} groups, {missed} missed pairs; note: {rows[gs[0][0]].get('note', '')[:100]}")
            main_sig = next((cases[case_id[i]].cluster_sig for i in gs[0] if i in root), None)
            for n, g in enumerate(gs):
                print(f"  group {n} ({group[g[0]]}, {len(g)} posts)")
                for i in g:
                    extra = ""
                    if n and main_sig and i in root:
                        m = compare(Signature.from_json(cases[case_id[i]].cluster_sig),
                                    Signature.from_json(main_sig), age_days=0, window_days=7)
                        extra = f"vs main: place {m.place:.2f} problem {m.problem:.2f} score {m.score:.2f} {m.places}{m.words}"
                    show(i, extra)
    if args.only in (None, "mixed"):
        print("\n" + "=" * 30, "MIXED GROUPS (false pairs)")
        for g, parts in by_group.items():
            if len(parts) < 2:
                continue
            print(f"\n## {g}: problems {dict(Counter({t: len(v) for t, v in parts.items()}))}")
            for t, members in parts.items():
                print(f"  truth {t}")
                for i in members:
                    j = joined.get(case_id[i] or -1, {}) if i in root else {}
                    extra = (f"how={j.get('how')} with={j.get('with_case')} score={j.get('score')} "
                             f"pl={j.get('place')} pr={j.get('problem')} {j.get('places')}{j.get('words')}{j.get('terms')}")
                    show(i, extra if j else "")
    if args.only in (None, "chasers"):
        print("\n" + "=" * 30, "CHASERS NOT ON THEIR OWN CASE")
        for i, r in enumerate(rows):
            if r.get("kind") != "chaser":
                continue
            case = cases.get(case_id[i] or -1)
            ok = (case is not None and case.root_external_id != ids[i] and case.citizen_id == r["author"]["id"]
                  and truth[ids.index(case.root_external_id)] == truth[i])
            if not ok:
                own = [rows[j]["id"] for j in range(i) if rows[j]["author"]["id"] == r["author"]["id"]]
                show(i, f"own earlier posts {own}")
    print(f"\nprecision {tp / max(1, len(p_pairs)):.4f} recall {tp / max(1, len(t_pairs)):.4f} "
          f"false pairs {len(p_pairs - t_pairs)} missed pairs {len(t_pairs - p_pairs)}")


def kinds(rows: list[dict[str, Any]], by_truth: dict[str, dict[str, list[int]]],
          opened: dict[int, dict[str, Any]]) -> None:
    """Where the missed pairs are, by the posts outside their problem's largest group: the post's
    kind (as labelled), whether it answers a post (``reply_to`` or a //@ chain) or stands alone, and
    what the case it opened names (a place, a problem of the table; ``follow-up`` when it opened
    none). Each post counts the pairs it misses with the largest group (a lower bound of its share)."""
    pairs_missed: Counter[tuple[str, str, str]] = Counter()
    posts: Counter[tuple[str, str, str]] = Counter()
    for groups in by_truth.values():
        gs = sorted(groups.values(), key=len, reverse=True)
        for g in gs[1:]:
            for i in g:
                r = rows[i]
                answers = "answers" if r.get("reply_to") or "//@" in r["text"] else "alone"
                sig = opened.get(i)
                named = ("follow-up" if sig is None else
                         f"{'place' if sig.get('places') else 'no place'}, {'problem' if sig.get('issues') else 'no problem'}")
                key = (r.get("kind", "report"), answers, named)
                pairs_missed[key] += len(gs[0])
                posts[key] += 1
    print(f"{'kind':<15}{'answers':<9}{'names':<24}{'posts':>6}{'pairs':>7}")
    for (kind, answers, named), n in pairs_missed.most_common():
        print(f"{kind:<15}{answers:<9}{named:<24}{posts[(kind, answers, named)]:>6}{n:>7}")


def _compared(a: Signature, b: Signature, age: float, settings: Any) -> tuple[tuple[bool, float, float, float], Any]:
    m = compare(a, b, age_days=age, window_days=settings.window_days)
    return (m.joins(settings.threshold), m.score, m.place, m.problem), m


def _reason(a: Signature, b: Signature, m: Any, age: float, settings: Any) -> str:
    """Why the comparison ``m`` of ``a`` with ``b`` (the best of the largest group) did not join."""
    if m.joins(settings.threshold):
        return "would join: " + ("past the window" if age > settings.window_days else "window, index or pick")
    if m.place < MIN_PLACE:
        return "place: " + ("this names none" if not a.places else "main names none" if not b.places
                           else "named otherwise")
    if m.problem < MIN_PROBLEM:
        if not (a.issues or b.issues):
            return "problem: neither names one"
        if not a.issues or not b.issues:
            return "problem: " + ("this" if not a.issues else "main") + " names none"
        return "problem: " + ("capped on a road" if m.raw_problem >= MIN_PROBLEM else "named otherwise")
    return "threshold"


def _best_reason(i: int, mains: list[int], sigs: dict[int, Signature], at: list[dt.datetime], settings: Any) -> str:
    """Why post ``i``'s case did not meet the best of the opened cases ``mains`` (at their true ages)."""
    ages = {j: abs((at[i] - at[j]).total_seconds()) / 86400 for j in mains}
    j = max(mains, key=lambda j: _compared(sigs[i], sigs[j], ages[j], settings)[0])
    return _reason(sigs[i], sigs[j], _compared(sigs[i], sigs[j], ages[j], settings)[1], ages[j], settings)


def reasons(rows: list[dict[str, Any]], by_truth: dict[str, dict[str, list[int]]],
            opened: dict[int, dict[str, Any]], settings: Any) -> None:
    """The posts outside their problem's largest group by reason (see the module's docstring),
    each weighed by that group's size, as :func:`kinds` weighs them."""
    at = [dt.datetime.fromisoformat(r["created_at"].replace("Z", "+00:00")) for r in rows]
    sigs = {i: Signature.from_json(sig) for i, sig in opened.items() if sig}
    weight: Counter[str] = Counter()
    posts: Counter[str] = Counter()
    for groups in by_truth.values():
        gs = sorted(groups.values(), key=len, reverse=True)
        mains = [j for j in gs[0] if j in sigs]
        for g in gs[1:]:
            for i in g:
                if i not in sigs:
                    why = "follow-up on a wrong case"
                elif not mains:
                    why = "the largest group opened no case"
                else:
                    why = _best_reason(i, mains, sigs, at, settings)
                weight[why] += len(gs[0])
                posts[why] += 1
    print(f"{'reason':<48}{'posts':>6}{'pairs':>7}")
    for why, n in weight.most_common():
        print(f"{why:<48}{posts[why]:>6}{n:>7}")


# what a problem's label says of a city's service failing (an app, a hotline, a line, a payment):
# the writers' notes, read only to sort development's misses for ``--only census``
_SERVICE_NOTE = re.compile(r"\bapp\b|APP|mini.?program|小程序|hotline|12345|website|online|system|platform|payment|"
                           r"\bpay\b|paying|card\b|\bcode\b|码|bus (line|route)|route|公交|\d+路|network|signal|"
                           r"server|crash|(system|site|app|is|went|goes) down\b|login|log in|scan", re.I)


def census(rows: list[dict[str, Any]], by_truth: dict[str, dict[str, list[int]]],
           opened: dict[int, dict[str, Any]], settings: Any, group: list[str]) -> None:
    """The posts outside their problem's largest group (weighed as :func:`reasons` weighs them) by
    what they are: (a) an echo answering no post and naming no place (同问, +1, 我们这也是), split by
    whether it names a problem; (b) a post of a city's service failing (an app, a hotline, a line,
    a payment: by the problem's label) that is no echo; (c) a post naming a place of its own when
    the problem's posts name three places or more (one event told from several places); then
    the follow-ups and the rest by :func:`reasons`' reason."""
    at = [dt.datetime.fromisoformat(r["created_at"].replace("Z", "+00:00")) for r in rows]
    sigs = {i: Signature.from_json(sig) for i, sig in opened.items() if sig}
    weight: Counter[str] = Counter()
    posts: Counter[str] = Counter()
    services: list[str] = []
    show = os.environ.get("CENSUS_SHOW")  # the posts of the reasons beginning so, printed
    for groups in by_truth.values():
        gs = sorted(groups.values(), key=len, reverse=True)
        members = [i for g in gs for i in g]
        note = rows[members[0]].get("note", "")
        service = bool(_SERVICE_NOTE.search(note.split("—")[0]))
        spots = {max(sigs[i].places, key=lambda k: sigs[i].places[k]) for i in members if i in sigs and sigs[i].places}
        mains = [j for j in gs[0] if j in sigs]
        if service and len(gs) > 1:
            services.append(f"{rows[members[0]]['problem']} {len(members)} posts in {len(gs)}: {note[:80]}")
        for g in gs[1:]:
            for i in g:
                r = rows[i]
                sig = sigs.get(i)
                echo = r.get("kind") == "same_question" or is_same_question(r["text"]) or agrees(r["text"])
                if sig is not None and echo and not r.get("reply_to") and not sig.places:
                    why = ("(a) echo, no reply_to, no place: " + ("names a problem" if sig.issues else "names none")
                           + (", alone" if group[i].startswith("c") else ", in a group"))
                elif service and sig is not None:
                    why = "(b) a city's service failing"
                elif sig is None:
                    why = "follow-up on a wrong case" + (" (service)" if service else "")
                elif not mains:
                    why = "the largest group opened no case"
                else:
                    ages = {j: abs((at[i] - at[j]).total_seconds()) / 86400 for j in mains}
                    j = max(mains, key=lambda j: _compared(sig, sigs[j], ages[j], settings)[0])
                    m = _compared(sig, sigs[j], ages[j], settings)[1]
                    why = _reason(sig, sigs[j], m, ages[j], settings)
                    if why == "place: named otherwise" and len(spots) >= 3:
                        why = "(c) one event told from several places"
                    elif echo and not r.get("reply_to"):
                        why = "echo naming a place: " + why
                weight[why] += len(gs[0])
                posts[why] += 1
                if show and why.startswith(show):
                    print(f"{why[:3]} {r['id']} {r['created_at'][5:16]} [{r.get('kind')}] {r['text'][:70]}"
                          f" | main {len(gs[0])}: {rows[gs[0][0]]['text'][:40]}")
    print(f"{'census':<56}{'posts':>6}{'pairs':>7}")
    for why, n in sorted(weight.items(), key=lambda kv: -kv[1]):
        print(f"{why:<56}{posts[why]:>6}{n:>7}")
    print("services split:", *services, sep="\n  ")
def by_pairs(rows: list[dict[str, Any]], by_truth: dict[str, dict[str, list[int]]],
             opened: dict[int, dict[str, Any]], settings: Any, followed: dict[int, str]) -> None:
    """:func:`reasons` weighed exactly: each post of a group that is not its problem's largest
    counts its pairs with every larger group of its problem (so the column sums to the missed
    pairs), and its reason is read against the opened cases of all those larger groups. A join
    that would be made only past the window says whether a larger group was active (any post of
    it, a follow-up or a member) within the window before it; a follow-up says whether the case
    it went on is of its own problem (then that case's group is the miss) or of another."""
    at = [dt.datetime.fromisoformat(r["created_at"].replace("Z", "+00:00")) for r in rows]
    sigs = {i: Signature.from_json(sig) for i, sig in opened.items() if sig}
    window = dt.timedelta(days=settings.window_days)
    weight: Counter[str] = Counter()
    posts: Counter[str] = Counter()
    by_kind: Counter[tuple[str, str, str]] = Counter()
    show = os.environ.get("PAIRS_SHOW")  # the posts of the reasons beginning so, printed
    for i, (why, n, larger) in _pair_reasons(rows, by_truth, sigs, settings, followed).items():
        if why.endswith("past the window"):
            near = [k for k in larger if at[i] - window <= at[k] <= at[i]]
            why += (" (larger group inactive)" if not near else
                    " (active: a member)" if any(k in sigs for k in near) else " (active: follow-ups)")
        weight[why] += n
        posts[why] += 1
        r = rows[i]
        kind = (r.get("kind", "report"), "answers" if r.get("reply_to") or "//@" in r["text"] else "alone")
        by_kind[(why, *kind)] += n
        if show and why.startswith(show):
            mains = [j for j in larger if j in sigs]
            best = max(mains, key=lambda j: _compared(sigs[i], sigs[j], abs((at[i] - at[j]).total_seconds()) / 86400,
                                                      settings)[0]) if mains and i in sigs else None
            print(f"{why[:12]} {r['id']} {r['created_at'][5:16]} [{r.get('kind')}] {r['text'][:80]}"
                  + (f"\n      best {rows[best]['created_at'][5:16]}: {rows[best]['text'][:80]}" if best is not None else "")
                  + f" (larger {n})")
            if os.environ.get("PAIRS_SIGS") and i in sigs:
                for k in (i, best) if best is not None else (i,):
                    s = sigs[k]
                    print(f"      {'this' if k == i else 'best'}: issues{list(s.issues)} places{sorted(s.places)} "
                          f"{s.domain}/{s.subtopic} words{sorted(s.words)} things{sorted(s.things)}")
    print(f"{'reason (pair-exact)':<60}{'posts':>6}{'pairs':>7}")
    for why, n in weight.most_common():
        print(f"{why:<60}{posts[why]:>6}{n:>7}")
    print(f"{'total':<60}{sum(posts.values()):>6}{sum(weight.values()):>7}")
    print(f"\n{'reason, kind of post (as labelled), answers or alone':<60}{'pairs':>13}")
    for (why, kind, answers), n in by_kind.most_common():
        print(f"{why + ', ' + kind + ', ' + answers:<60}{n:>13}")


def _drift_seen(stage: Any, session: Any, sig: Any, cid: int) -> str:
    """What a refusing drift check compared: the new case's spots and problems, the cluster's
    founding place and problem (read without loading the candidate: the batch's map, else the
    identity map, so the pipeline's own reads are unchanged)."""
    from monitor.cluster.batch import _batch, _case_key
    from monitor.store.models import Cluster

    batch = _batch(session)
    member = session.identity_map.get(_case_key(cid))
    cluster_id = member.cluster_id if member is not None else batch.cluster_of.get(cid)
    cluster = session.get(Cluster, cluster_id) if cluster_id else None
    places = ",".join(f"{k}:{w:g}" for k, w in sig.places.items())
    founder = stage._founder(session, batch, cluster.id) if cluster is not None else None
    told = (f" founder[{','.join(f'{k}:{w:g}' for k, w in founder.places.items())}]{list(founder.issues)}"
            if founder is not None else "")
    return (f"case places[{places}] issues{list(sig.issues)} | cluster "
            f"{cluster.place if cluster else '?'} / {cluster.problem if cluster else '?'}{told}")


def _record_decisions() -> dict[int, dict[str, Any]]:
    """Record, for every case the join stage decides on, what it saw: each candidate's match (the
    pipeline's own, rarity and all), the candidates the drift check refused, the threads it
    answers and what it chose (the last call of ``best``: the batch's first pass is redone)."""
    import monitor.cluster.joining as joining

    decided: dict[int, dict[str, Any]] = defaultdict(lambda: {"cands": {}, "drift": set(), "best": None,
                                                               "threads": set()})
    current: list[int] = []
    stage = joining.ClusterStage
    own_best, own_drifts, own_compared = stage._best, stage._drifts, joining._compared

    def _best(self: Any, session: Any, case: Any, sig: Any, keys: Any, doms: Any) -> Any:
        current.append(case.id)
        rec = decided[case.id]
        rec["cands"], rec["drift"] = {}, set()
        rec["threads"] = set(joining._batch(session).threads.get(case.id, {}))
        rec["keys"], rec["wanted"] = list(keys), self._wanted(sig, case.text)
        rec["filed"] = (list(sig.places)[:joining.MAX_KEYS], sig.index_domains())
        try:
            rec["best"] = own_best(self, session, case, sig, keys, doms)
        finally:
            current.pop()
        return rec["best"]

    def _drifts(self: Any, session: Any, sig: Any, cid: int, match: Any, at: Any = None) -> bool:
        lines: list[int] = []  # which of the drift's rules refused: the line of its return

        def local(frame: Any, event: str, arg: Any) -> Any:
            if event == "line":
                lines.append(frame.f_lineno)
            return local

        sys.settrace(lambda frame, event, arg: local if frame.f_code is own_drifts.__code__ else None)
        try:
            refused = own_drifts(self, session, sig, cid, match, at)
        finally:
            sys.settrace(None)
        if refused and current:
            decided[current[-1]]["drift"].add(cid)
            decided[current[-1]].setdefault("drift_line", {})[cid] = lines[-1] if lines else 0
            decided[current[-1]].setdefault("drift_seen", {})[cid] = _drift_seen(self, session, sig, cid)
        return refused

    def _compared(batch: Any, case_id: int, cid: int, old: Any, age: float, score: Any) -> Any:
        m = own_compared(batch, case_id, cid, old, age, score)
        decided[case_id]["cands"][cid] = m
        return m

    stage._best, stage._drifts, joining._compared = _best, _drifts, _compared  # type: ignore[method-assign]
    return decided


def _pair_reasons(rows: list[dict[str, Any]], by_truth: dict[str, dict[str, list[int]]],
                  sigs: dict[int, Signature], settings: Any, followed: dict[int, str]
                  ) -> dict[int, tuple[str, int, list[int]]]:
    """Each post outside its problem's largest group: (its reason as :func:`by_pairs` reads it,
    the pairs it misses with the larger groups, those groups' posts)."""
    at = [dt.datetime.fromisoformat(r["created_at"].replace("Z", "+00:00")) for r in rows]
    out: dict[int, tuple[str, int, list[int]]] = {}
    for t, groups in by_truth.items():
        gs = sorted(groups.values(), key=lambda g: (-len(g), min(g)))
        for n, g in enumerate(gs[1:], 1):
            larger = [j for h in gs[:n] for j in h]
            mains = [j for j in larger if j in sigs]
            for i in g:
                if i not in sigs:
                    why = ("follow-up on its own problem's case (stray)" if followed.get(i) == t
                           else "follow-up on another problem's case")
                elif not mains:
                    why = "the larger groups opened no case"
                else:
                    why = _best_reason(i, mains, sigs, at, settings)
                out[i] = (why, len(larger), larger)
    return out


def strays(rows: list[dict[str, Any]], by_truth: dict[str, dict[str, list[int]]],
           opened: dict[int, dict[str, Any]], settings: Any, case_of: dict[int, int | None], root: set[int],
           decided: dict[int, dict[str, Any]], joined: dict[int, dict[str, Any]],
           follow: dict[str, dict[str, Any]], ids: list[str]) -> None:
    """Why a stray group won: the posts that "would join within the window" split by what the
    join stage saw when it decided (:func:`_record_decisions`), and the follow-ups on their own
    problem's stray case split by that case's own reason (and, when it would join, the same split)."""
    at = [dt.datetime.fromisoformat(r["created_at"].replace("Z", "+00:00")) for r in rows]
    sigs = {i: Signature.from_json(sig) for i, sig in opened.items() if sig}
    post_of = {case_of[i]: i for i in root if case_of[i]}
    followed_root = {i: post_of.get(case_of[i]) for i in range(len(rows)) if i not in root and case_of[i]}
    truth = [r["problem"] for r in rows]
    reasons_ = _pair_reasons(rows, by_truth, sigs, settings,
                             {i: truth[j] for i, j in followed_root.items() if j is not None})
    show = os.environ.get("STRAY_SHOW")
    thr = settings.threshold

    def split(i: int) -> str:
        why, _n, larger = reasons_[i]
        if not why.startswith("would join: window"):
            return why
        ci = case_of[i]
        big = {case_of[j] for j in larger if j in sigs}
        rec = decided.get(ci) or {"cands": {}, "drift": set(), "best": None, "threads": set()}
        earlier = [j for j in larger if j in sigs and at[j] <= at[i]]
        if not earlier:
            later = [decided.get(case_of[j]) for j in larger if j in sigs]
            saw = [d for d in later if d and ci in d["cands"]]
            if not saw:
                return "window: the larger group came after; it was no candidate of theirs"
            joins = [d for d in saw if d["cands"][ci].joins(thr)]
            if not joins:
                return "window: the larger group came after; below the threshold for them"
            return "window: the larger group came after; they chose another (higher or older)"
        cand = {cid: m for cid, m in rec["cands"].items() if cid in big}
        alone = ", joined nothing" if rec["best"] is None else f", joined a stray case ({rec['best'][2]})"
        if not cand:
            return "window: the larger group's cases were no candidate (index, domain, lookback)" + alone
        ok = {cid: m for cid, m in cand.items() if m.joins(thr)}
        if not ok:
            return "window: the larger group below the threshold in the pipeline (rarity, domain)" + alone
        top = max(m.score for m in ok.values())
        best = rec["best"]
        refused = bool(set(ok) & rec["drift"])
        if best is None:
            line = min(rec.get("drift_line", {}).get(c, 0) for c in set(ok) & rec["drift"]) if refused else 0
            return "window: joined nothing, " + (f"drift refused the larger (drift.py:{line})" if refused else "?")
        cid, m, how = best
        if cid in big:
            return "window: chose the larger group's case (" + how + ")"
        if how in ("thread", "quote"):
            return f"window: a {how} to a stray case"
        if refused and m.score <= top + 1e-9:
            line = min(rec.get("drift_line", {}).get(c, 0) for c in set(ok) & rec["drift"])
            return f"window: drift refused the larger (drift.py:{line}), a stray case next"
        if m.score > top + 1e-9:
            gap = m.score - top
            return "window: a stray case scored higher by " + ("<.05" if gap < .05 else "<.15" if gap < .15
                                                               else ">=.15")
        if abs(m.score - top) <= 1e-9:
            return "window: a tie, the stray case older"
        return f"window: {how} chosen below the larger (?)"

    weight: Counter[str] = Counter()
    posts: Counter[str] = Counter()
    for i, (why, n, _larger) in reasons_.items():
        if why.startswith("would join: window"):
            key = split(i)
        elif why == "follow-up on its own problem's case (stray)":
            j = followed_root.get(i)
            key = "follow-up → its case: " + (split(j) if j in reasons_ else "(its case in the largest group?)")
        else:
            continue
        weight[key] += n
        posts[key] += 1
        if show and key.startswith(show):
            r = rows[i]
            ci = case_of[i]
            rec = decided.get(ci) or {}
            best = rec.get("best")
            print(f"{key[:40]} {r['id']} {r['created_at'][5:16]} [{r.get('kind')}] {r['text'][:int(os.environ.get('STRAY_CHARS', 70))]}")
            if best:
                print(f"     chose case {best[0]} how={best[2]} score={best[1].score:.3f} "
                      f"{best[1].places}{best[1].words}")
            if key.startswith("window: the larger group's cases were no"):
                print(f"     keys {rec.get('keys')} wanted {rec.get('wanted')}")
                for j in reasons_[i][2][:3]:
                    if j in sigs:
                        d = decided.get(case_of[j]) or {}
                        print(f"     larger {rows[j]['created_at'][5:16]} filed {d.get('filed')} | {rows[j]['text'][:40]}")
            for cid, m in sorted((rec.get("cands") or {}).items(), key=lambda kv: -kv[1].score)[:4]:
                j = post_of.get(cid)
                print(f"     cand {cid} {truth[j] if j is not None else '?'} score={m.score:.3f} "
                      f"pl={m.place:.2f} pr={m.problem:.2f} drift={cid in rec.get('drift', ())} "
                      f"{m.places}{m.words} | {rows[j]['text'][:40] if j is not None else ''}")
                if cid in rec.get("drift", ()):
                    print(f"       drift line {rec.get('drift_line', {}).get(cid)}: {rec.get('drift_seen', {}).get(cid)}")
    print(f"{'why a stray group won (pair-exact)':<80}{'posts':>6}{'pairs':>7}")
    for key, n in weight.most_common():
        print(f"{key:<80}{posts[key]:>6}{n:>7}")
    print(f"{'total':<80}{sum(posts.values()):>6}{sum(weight.values()):>7}")


def real(args: argparse.Namespace) -> None:
    """The real letters five minutes apart: the groups they form are look-alikes."""
    with (args.real / "messages_train.csv").open(encoding="utf-8") as fh:
        texts = [(r.get("title") or "") + (r.get("text") or "") for r in csv.DictReader(fh)]
    tmp = tempfile.TemporaryDirectory()
    app = open_app(args.config, database_url=f"sqlite:///{tmp.name}/real.db")
    pipeline = build_pipeline(app)
    pipeline.stages.warm_up()
    t0 = dt.datetime(2026, 1, 5, 8, 0, tzinfo=dt.UTC)
    items = [Item(platform="weibo", external_id=f"real-{i}", kind="status", author_id=f"r{i}", author_name=f"r{i}",
                  text=t[:2000], created_at=t0 + dt.timedelta(minutes=5 * i), mentioned_names=(app.matrix.hub.name,))
             for i, t in enumerate(texts) if t.strip()]
    pipeline.ingest(items, channel="dev")
    groups: dict[int, list[Case]] = defaultdict(list)
    with app.sessions() as s:
        for case in s.scalars(select(Case).where(Case.cluster_id.is_not(None))):
            groups[case.cluster_id].append(case)
        for cid, members in sorted(groups.items()):
            label = members[0].cluster_sig or {}
            print(f"## K{cid}: {len(members)} cases; {_sig_line(label)[:160]}")
            for c in members:
                print(f"   {c.text[:90]!s}")
    app.close()
    print(f"\nreal letters {len(items)}: {len(groups)} groups, {sum(len(v) for v in groups.values())} cases in them")


if __name__ == "__main__":
    main()
