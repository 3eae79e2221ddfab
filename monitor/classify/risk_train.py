"""Retrain the risk model from the written fixtures: ``python -m monitor.classify.risk_train``.

Why a module of its own: ``monitor.classify`` imports :mod:`risk_model` when the package loads,
so running that module with ``-m`` would import it twice. Training reads every development set
in ``tests/fixtures/risk`` (:func:`all_sources`): the sets written for the project (``dev``,
``train``, the everyday appeals ``ordinary*`` so that a bare 孩子 or 医院 weighs nothing, the
routine complaints ``routine`` so that a smell, smoke, a leak or a dark lamp told as a nuisance
weighs nothing, the holdouts), the retired blind sets ``eval``, ``eval2``, ``eval8`` … ``eval25``, the winter set ``outside14`` and the outside
development sets ``outside`` … ``outside7``, written by people outside the rules: about 8,800
messages, 4,000 of them look-alikes, from a dozen writers. Never the validation and blind sets ``eval3`` and on (:func:`training.is_unseen`)
(docs/evaluation.md). Until December 2026 the model read only a third of these; trained on all of
them it raised recall on every validation set (``bench/risk_loso.py`` holds one set out at a time:
the figure that says how the model reads a writer it never saw). Every text is read
without its @-mentions and the gazetteer's and the matrix's names (:func:`blanked_names`), as the detector
reads it. Writes ``config/risk_model.json``; the same fixtures and names give the same file.
``--folds DIR`` keeps the ten held-out folds' models there (:func:`held_out`'s ``cache``) and reads them back while the
sets they were fitted on are unchanged: a retrain after a rule change then fits the final model only (on a shared host a
fit takes three to six minutes, the whole retrain half an hour or more).
"""

from __future__ import annotations

import hashlib
import json
import tempfile
from collections.abc import Collection, Sequence
from pathlib import Path
from typing import NamedTuple

from monitor.classify.risk_config import KINDS, RiskSettings, load_risk
from monitor.classify.risk_model import GUESS_FLOOR, RiskModel, train_from_files
from monitor.classify.training import is_unseen

# a first fit at C = 8 picks the n-grams weighing 1.2 or more in some kind (about 4,800), and a
# second fit at C = 8 on those only gives their weights (see RiskModel.fit: ``refit``)
PARAMS: dict[str, float] = {"c": 8.0, "keep": 1.2, "refit": 8.0}
# the folds of the training sources held out in turn to set `unlike` (held_out): ten fits of nine tenths of the sources
FOLDS = 10
FIXTURES = Path(__file__).resolve().parents[2] / "tests" / "fixtures" / "risk"


# development sets read by rule writers but not learnt: a newly retired set waits here until a retrain
# with it passes the validation gate (eval8 and eval9, retired at the start of the session of
# 2026-12-02 night, were learnt that way; eval10 and eval11 in the second session of 2026-12-03, after
# the rules for their phenomena; eval12-eval16, retired one a session from the third session of
# 2026-12-03 on, in its late session, with the model's bars for 轻生, threats and emergencies raised
# to keep the look-alikes it flags where they were: see docs/classify.md; eval17, retired at the start of
# the session of 2026-12-04, and ordinary5, written for development in it, in that session, with the rules
# for their phenomena first; eval18-eval21, retired one a session from the second session of 2026-12-04 on,
# and ordinary6-ordinary8, written for development in its second to fourth sessions, in its fifth, weighing
# eval18-eval21 twice (TWICE) with the bars of threats and harm at home at 0.55; ordinary9, written for
# development in the fifth session and on main after that retrain's held-out runs had begun, eval22, retired
# at the start of the sixth session of 2026-12-04, ordinary10, written for development in it, and eval23,
# retired at the start of its seventh, in its seventh, once each; eval24, retired at the start of its eighth, and
# eval25, retired at the start of its ninth, in its ninth, once each, with every text's names blanked
# (blanked_names): see docs/classify.md). eval26, retired at the start of the session of 2026-12-05, is
# kept out so that `unlike`'s guard test (tests/test_risk_lookalike_ordinary.py) reads dangers the model has not learnt; ordinary11 (hotline
# summaries and very short posts), ordinary12 (dangers in many voices) and ordinary13 (look-alikes in danger's words),
# written for development in that session, wait here: a retrain learning them, measured that session, lost six
# development dangers the shipped model raised and flagged more everyday posts (docs/classify.md, risk-retrain).
# eval27, retired at the start of the second session of 2026-12-05, waits here with them until a retrain is gated,
# and so does ordinary14 (hazards and harm at home told indirectly, with look-alikes in the same voices), written for
# development in that session for the model to learn what rules did not reach. eval28, retired at the start of its third
# session, waits here too: its texts unread, its totals a held-out check on any rule or retrain; and so does eval29,
# retired at the start of its fourth session and held out in eval27's place (eval27 is read in full from then on), and
# eval30, retired at the start of its fifth session and held out in eval28's place (eval28 is read in full from then on),
# eval31, retired at the start of its sixth session and held out in eval29's place (eval29 is read in full from then on),
# eval32, retired at the start of its seventh session and held out in eval30's place (eval30 is read in full from then on),
# and eval33, retired at the start of its eighth session and held out in eval31's place (eval31 is read in full from then on).
# outside15 (look-alikes in the voices of dangers: a threat's grammar on a lawful consequence, family talk, despair in
# hyperbole), written for development in that seventh session, waits here too until a retrain with it is gated.
NOT_TRAINED: frozenset[str] = frozenset({"eval26.jsonl", "eval27.jsonl", "eval28.jsonl", "eval29.jsonl", "eval30.jsonl",
                                         "eval31.jsonl", "eval32.jsonl", "eval33.jsonl", "ordinary11.jsonl",
                                         "ordinary12.jsonl", "ordinary13.jsonl", "ordinary14.jsonl",
                                         "outside15.jsonl"})


# sets the model reads twice (``train_from_files``' ``twice``: each of their messages weighs twice in the
# regressions, their n-grams counted once): the four newest writers' sets, learnt in the fifth session of
# 2026-12-04 (held out, weighing them twice lost fewer threats and flagged fewer look-alikes than once: see
# docs/classify.md)
TWICE: frozenset[str] = frozenset({"eval18.jsonl", "eval19.jsonl", "eval20.jsonl", "eval21.jsonl"})


def all_sources(folder: Path = FIXTURES) -> list[str]:
    """Every development set in ``folder`` (all but the validation and blind sets), by name."""
    return sorted(p.name for p in folder.glob("*.jsonl") if not is_unseen(p.name) and p.name not in NOT_TRAINED)


def blanked_names(config: Path = FIXTURES.parents[2] / "config") -> list[str]:
    """What the model is trained and read without (``risk.text.blank_names``), kept in the model file: every
    name of the gazetteer (``regions.toml``: the city, the districts and counties, their streets and towns,
    communities and landmarks, each with its short forms) and of the matrix (``matrix.toml``: each account's
    name and aliases). A name says who was asked and where, never what happened, and nearly every post names
    an account: learnt, 问政银川 and 西夏区 became signs of 轻生 (docs/classify.md, ninth session of 2026-12-04)."""
    from monitor.classify.settings import load_gazetteer
    from monitor.core.config import Matrix, load_model

    gaz = load_gazetteer(config / "regions.toml")
    names = {gaz.city, *gaz.city_short}
    for d in gaz.districts:
        names |= {d.name, *d.short, *d.landmarks}
        for st in d.streets:
            names |= {st.name, *st.short, *st.communities, *st.landmarks}
    for acc in load_model(config / "matrix.toml", Matrix).accounts:
        names |= {acc.name, *acc.aliases}
    return sorted(n for n in names if n)


class HeldOut(NamedTuple):
    """A kind the patterns raise in a training message that `unlike` could drop, scored by a model that never learnt it
    (``bar`` "unlike"); a kind that model raises by its own guess, reaching `content_bar` (``bar`` "content"); or a kind
    it raises by its own guess with every bar at :data:`GUESS_FLOOR`, the content bar aside (``bar`` "guess": ``p`` its
    probability, ``content`` that of its content n-grams alone, ``n`` the length of the text it read)."""

    source: str
    id: str
    kind: str
    labelled: bool  # the kind is among the message's (a danger), else the patterns' (or the model's) false hit
    p: float  # the fold model's probability of the kind (for "content": of its content n-grams alone)
    plain: bool  # a certain hit in a post told plainly (`unlike_keeps`)
    bar: str = "unlike"  # which bar the row is evidence for: "unlike", "content" or "guess"
    content: float = 0.0  # ("guess": the probability of its content n-grams alone, which a content bar reads)
    n: int = 0  # ("guess": the length of the text the model read)
    danger: bool = False  # ("guess": whether the message holds any kind, this one or another)
    alone: bool = False  # ("guess": whether the patterns raised nothing in the message)


# the content bar of every kind while held_out reads the content scores: nothing is cancelled by it (see
# ModelStep.score's ``content``), so each guess that reaches it is recorded
_UNBARRED = 1e-9


def fold_settings(settings: RiskSettings, path: Path) -> RiskSettings:
    """``settings`` reading a fold's model at ``path`` as :func:`held_out` does: no `unlike` bar and every kind's
    content bar at nothing, so each score a bar would be read from is there to record (a fold's model holds no
    held-out scores of its own)."""
    assert settings.model is not None
    return settings.model_copy(update={"model": settings.model.model_copy(update={
        "path": str(path), "unlike_share": None, "unlike": 0.0, "content_share": {}, "bars_odds": None,
        "content_bar": dict.fromkeys(KINDS, _UNBARRED)})})


def guess_settings(settings: RiskSettings, path: Path) -> RiskSettings:
    """:func:`fold_settings` with every kind's bar at :data:`GUESS_FLOOR`: each guess a bar read from the folds could
    raise is there to record (a kind told in a body, `told_bar`, is then raised by the floor alone)."""
    fold = fold_settings(settings, path)
    assert fold.model is not None
    return fold.model_copy(update={"model": fold.model.model_copy(update={
        "threshold": GUESS_FLOOR, "thresholds": dict.fromkeys(KINDS, GUESS_FLOOR)})})


def fold_key(learnt: Sequence[Path], *, names: Sequence[str], twice: Collection[str], params: dict[str, float]) -> str:
    """What a fold's model is fitted from, as one hash: each learnt source's name and bytes, which of them weigh twice,
    the names read blank, the fit's parameters, the kinds and the fitting code (:mod:`risk_model`'s source)
    (:func:`held_out`'s ``cache``): the same key, the same fit."""
    from monitor.classify import risk_model

    h = hashlib.sha256(Path(risk_model.__file__).read_bytes())
    for p in sorted(learnt, key=lambda p: p.name):
        h.update(f"{p.name}\0{p.name in twice}\0".encode())
        h.update(hashlib.sha256(p.read_bytes()).digest())
    h.update(json.dumps([sorted(names), sorted(params.items()), list(KINDS)], ensure_ascii=False).encode())
    return h.hexdigest()[:32]


def held_out(sources: Sequence[Path], settings: RiskSettings, *, folds: int = FOLDS, names: Sequence[str] = (),
             twice: Collection[str] = TWICE, params: dict[str, float] | None = None,
             cache: Path | None = None) -> list[HeldOut]:
    """What `[model] unlike` and `content_share` are set by: the training sources dealt into ``folds`` folds (in name
    order, one to each in turn), each fold's messages read by the detector (``settings``' patterns) with a model fitted
    on the other folds, which never learnt them. One row per kind the patterns raise in a message that `unlike` could
    drop (:meth:`RiskDetector.unlike_scores`), and one ("content") per kind that model raises by its own guess where
    only a content bar could keep it quiet, with the probability of its content n-grams alone
    (:meth:`RiskDetector.content_scores`); and one ("guess") per kind that model raises by its own guess with every bar
    at :data:`GUESS_FLOOR` (:meth:`RiskDetector.guess_scores`, read apart so that the content rows stay those of the
    configured bars). A labelled danger's row is what a bar costs; the others' (a kind not among the message's) what it
    saves.
    Why folds of whole sources: a writer's habits must not leak from the fit into the messages it scores.
    With ``cache`` (a folder), each fold's model is kept there under :func:`fold_key` and read back when the same
    sources, weights, names and parameters ask for it again: the rows of a retrain whose rules changed, not its
    training sets, are read again without the ten fits (most of a retrain's time)."""
    from monitor.classify.risk import RiskDetector, model_text, normalise

    assert settings.model is not None
    rows: list[HeldOut] = []
    with tempfile.TemporaryDirectory() as tmp:
        for i in range(folds):
            test = list(sources[i::folds])
            if not test:
                continue
            learnt = [p for p in sources if p not in test]
            fit = PARAMS if params is None else params
            kept = cache / f"fold-{fold_key(learnt, names=names, twice=twice, params=fit)}.json" if cache else None
            path = Path(tmp) / f"fold{i}.json"
            if kept is not None and kept.exists():
                path.write_bytes(kept.read_bytes())
            else:
                train_from_files(learnt, KINDS, twice=twice, names=names, **fit).save(path)
                if kept is not None:
                    kept.parent.mkdir(parents=True, exist_ok=True)
                    kept.write_bytes(path.read_bytes())
            det = RiskDetector(fold_settings(settings, path))
            guesser = RiskDetector(guess_settings(settings, path))
            for src in test:
                with src.open(encoding="utf-8") as fh:
                    for n, row in enumerate(map(json.loads, filter(str.strip, fh)), 1):
                        text, at = str(row["text"]), str(row.get("id", n))
                        for kind, (p, plain) in det.unlike_scores(text).items():
                            rows.append(HeldOut(src.name, at, kind, kind in row["kinds"], p, plain))
                        for kind, p in det.content_scores(text).items():
                            rows.append(HeldOut(src.name, at, kind, kind in row["kinds"], p, False, "content"))
                        if guesser.model is not None:
                            n = len(model_text(normalise(text)))
                            read, alone = guesser.guess_scores(text)
                            for kind, (p, content) in read.items():
                                rows.append(HeldOut(src.name, at, kind, kind in row["kinds"], p, False, "guess", content,
                                                    n, bool(row["kinds"]), alone))
    return rows


def guesses(rows: Sequence[HeldOut], model: RiskModel, settings: RiskSettings) -> list[tuple[str, float, int, str]]:
    """The held-out guesses (``bar`` "guess") that a bar under `thresholds` would raise (see `bars_odds`), as (kind,
    probability, length, what it was: "danger", "look" or "other"; see :meth:`RiskModel.with_guesses`): those whose
    content reaches the kind's content bar (the config's, or read at its shares from ``model``'s content scores, at most
    `content_most`), in a message the patterns raised nothing in and no other kind's guess reaches its `thresholds` bar:
    a guess under its bar is raised only there (``learned.ModelStep.score``)."""
    m = settings.model
    assert m is not None
    content = m.content_bars(model)
    kept = [h for h in rows if h.bar == "guess" and h.content >= content.get(h.kind, 0.0)]
    at_bar = {(h.source, h.id) for h in kept if h.p >= m.thresholds.get(h.kind, m.threshold)}
    return [(h.kind, h.p, h.n, "danger" if h.labelled else "other" if h.danger else "look")
            for h in kept if h.alone and ((h.source, h.id) not in at_bar or h.p >= m.thresholds.get(h.kind, m.threshold))]


def main(argv: Sequence[str] | None = None) -> None:
    import argparse

    ap = argparse.ArgumentParser(description="Retrain config/risk_model.json from the development sets.")
    ap.add_argument("--folds", type=Path, default=None,
                    help="a folder to keep the ten folds' models in and read them back from (held_out's cache): a "
                         "retrain after a rule change, its training sets unchanged, then refits nothing but the model")
    args = ap.parse_args(argv)
    root = FIXTURES.parents[2]
    settings = load_risk(root / "config" / "risk.toml")
    sources = [FIXTURES / n for n in all_sources()]
    names = blanked_names()
    model = train_from_files(sources, KINDS, twice=TWICE, names=names, **PARAMS)
    # each kind's held-out dangers, the bars at the config's shares saved beside them (0 when the config gives a bar)
    scores: dict[str, dict[str, list[float]]] = {"unlike": {}, "content": {}}
    rows = held_out(sources, settings, names=names, cache=args.folds)
    for h in rows:
        if h.labelled and h.bar != "guess":
            scores[h.bar].setdefault(h.kind, []).append(h.p)
    assert settings.model is not None
    model = model.with_held_out(scores["unlike"], FOLDS, settings.model.unlike_share or 0.0)
    model = model.with_content(scores["content"], settings.model.content_share)
    model = model.with_guesses(guesses(rows, model, settings))
    out = root / "config" / "risk_model.json"
    model.save(out, trained_on=[str(p.relative_to(root)) for p in sources])
    print(f"{out.relative_to(root)}: {len(model.weights)} n-grams, kinds {', '.join(model.kinds)}")


if __name__ == "__main__":
    main()
