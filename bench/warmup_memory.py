"""What the daemon's warm-up holds in memory, component by component.

Builds the pipeline the daemon builds (``build_pipeline`` then ``CoreStages.warm_up``), but one
component at a time in the order they load, and prints for each:

* ``rss_mb``: growth of the process's resident set (``VmRSS`` in /proc/self/status), in a run
  *without* tracemalloc (tracing every allocation roughly doubles the resident set);
* ``traced_mb``: growth of the live Python allocations (``tracemalloc``), in a second run of this
  script in a child process, so each figure is the component's own data and not the tracer's.
  Memory that C extensions allocate themselves (the MARISA tries, the Aho–Corasick automata) is
  not traced: their ``rss_mb`` says what they cost.

Both runs load the same things in the same order; a component already loaded by an earlier
one (jieba's dictionary, the cached word lists) costs nothing again, so the rows add up to the
total. ``model`` is the learned domain model when ``[model].path`` exists (``wenzheng train``).

    .venv/bin/python bench/warmup_memory.py [--config config/wenzheng.toml]

Last line: one JSON object (``rss_mb`` per component, ``rss_start_mb``, ``rss_after_warmup_mb``).
"""

from __future__ import annotations

import argparse
import gc
import json
import os
import subprocess
import sys
import tempfile
import tracemalloc
from collections.abc import Callable
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

TEXT = "银川市兴庆区文化街小区门口停车难，希望尽快解决。"


def rss_mb() -> float:
    with open("/proc/self/status", encoding="ascii") as fh:
        for line in fh:
            if line.startswith("VmRSS:"):
                return int(line.split()[1]) / 1024
    raise RuntimeError("no VmRSS in /proc/self/status")


def steps(config: str) -> list[tuple[str, Callable[[], object]]]:
    """The warm-up, cut into components, in the order the daemon loads them."""
    state: dict[str, object] = {}

    def imports() -> None:
        import monitor.runtime.stages  # noqa: F401  (sqlalchemy, aiohttp, numpy, jieba, ahocorasick…)

    def app() -> None:
        from monitor.store.context import open_app
        tmp = state["tmp"] = tempfile.TemporaryDirectory()
        state["app"] = open_app(config, database_url=f"sqlite:///{tmp.name}/warmup.db")  # type: ignore[attr-defined]

    def rules() -> None:
        from monitor.classify.settings import load_classify, load_gazetteer
        cfg = state["app"].config  # type: ignore[attr-defined]
        state["settings"] = load_classify(cfg.file("classify"))
        state["gazetteer"] = load_gazetteer(cfg.file("regions"))

    def risk() -> None:
        from monitor.classify.risk import RiskDetector
        state["risk"] = RiskDetector.load(state["app"].config.file("risk"))  # type: ignore[attr-defined]

    def model() -> None:
        from monitor.classify.classifier import _load_model_cached
        settings = state["settings"]
        path = state["app"].config.file("classify").parent / settings.model.path  # type: ignore[attr-defined]
        if path.exists() and settings.model.mode != "rules":  # type: ignore[attr-defined]
            _load_model_cached(path)

    def idf() -> None:
        from monitor.classify.keywords import idf_table
        idf_table()

    def jieba_dict() -> None:
        import jieba
        jieba.initialize()

    def cluster_lists() -> None:
        # the signature maker's word lists read from jieba's dictionary (by part of speech)
        from monitor.cluster import signature as sg
        sg.name_word_lists()
        sg.dictionary_words()
        sg.word_tags()

    def classifier() -> None:
        # the index, the lexicon words taught to jieba, the keyword scorer (risk, model and IDF
        # are cached above); the pipeline's own classifier is the one built here
        from monitor.runtime.stages import build_pipeline
        state["pipeline"] = build_pipeline(state["app"])  # type: ignore[arg-type]

    def first_classify() -> None:
        state["pipeline"].stages.classifier.classify(TEXT)  # type: ignore[attr-defined]

    def cluster_words() -> None:
        from monitor.cluster.problems import problems
        from monitor.cluster.signature import common_words
        common_words()
        problems()

    def freeze() -> None:
        state["pipeline"].stages.warm_up()  # type: ignore[attr-defined]  (all loaded: gc.collect + freeze)

    return [("imports", imports), ("open_app", app), ("classify/regions rules", rules),
            ("risk patterns + model", risk), ("domain model", model), ("keyword IDF table", idf),
            ("jieba dictionary", jieba_dict),
            ("cluster word lists (jieba dictionary by tag)", cluster_lists),
            ("pipeline (index, lexicon words, signature maker)", classifier),
            ("first classify", first_classify), ("cluster common words, problems", cluster_words),
            ("gc.collect + freeze + malloc trim", freeze)]


def measure(config: str, traced: bool) -> dict[str, float]:
    out: dict[str, float] = {"start": rss_mb()}
    if traced:
        tracemalloc.start()
    for name, step in steps(config):
        before = tracemalloc.get_traced_memory()[0] if traced else rss_mb()
        step()
        after = tracemalloc.get_traced_memory()[0] if traced else rss_mb()
        out[name] = ((after - before) / 2**20) if traced else (after - before)
    out["end"] = rss_mb()
    if traced:
        out["traced_total"] = tracemalloc.get_traced_memory()[0] / 2**20
    gc.collect()
    return out


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--config", default=str(ROOT / "config" / "wenzheng.toml"))
    ap.add_argument("--traced-child", action="store_true", help=argparse.SUPPRESS)
    args = ap.parse_args()
    if args.traced_child:
        print(json.dumps(measure(args.config, traced=True)))
        return
    rss = measure(args.config, traced=False)
    child = subprocess.run([sys.executable, __file__, "--config", args.config, "--traced-child"],
                           capture_output=True, text=True, check=True, env=os.environ.copy())
    traced = json.loads(child.stdout.strip().splitlines()[-1])
    names = [n for n, _ in steps(args.config)]
    print(f"{'component':56s} {'rss MB':>8s} {'traced MB':>10s}")
    print(f"{'(interpreter at start)':56s} {rss['start']:8.1f}")
    for n in names:
        print(f"{n:56s} {rss[n]:8.1f} {traced[n]:10.1f}")
    print(f"{'RSS after warm-up':56s} {rss['end']:8.1f} {traced['traced_total']:10.1f}")
    print(json.dumps({"rss_start_mb": round(rss["start"], 1), "rss_after_warmup_mb": round(rss["end"], 1),
                      "traced_after_warmup_mb": round(traced["traced_total"], 1),
                      "rss_mb": {n: round(rss[n], 1) for n in names},
                      "traced_mb": {n: round(traced[n], 1) for n in names}}, ensure_ascii=False))


if __name__ == "__main__":
    main()
