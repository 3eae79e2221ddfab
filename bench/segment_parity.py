"""Faster segmenters against ``jieba.lcut`` with our dictionary: same tokens, and how much faster.

Issue 19 allows a faster segmentation of the same dictionary where it gives the same tokens as
plain jieba. This sets up each candidate that is installed the way the pipeline uses jieba
(jieba's bundled ``dict.txt``; the classifier's words added with the frequencies jieba gave them,
:func:`monitor.classify.lexicon.register_words`; ``lcut`` with the HMM on) and compares its tokens
with ``jieba.lcut``'s on

* the development fixtures' texts (``tests/fixtures``: never the validation or blind sets,
  ``eval*`` and ``blind*``, which are not read at all),
* the shared data's letters, titles and replies (``--data``, read in place),
* the generated Weibo traffic of ``bench/ingest.py`` (``--n`` mentions),

and times both on CPU (best of 3 passes over the same texts). Candidates:

* ``rjieba`` (jieba-rs): its own copy of ``dict.txt``, our words added with jieba's frequencies,
  and one unused word carrying the difference of the totals (jieba's ``add_word`` adds a word's
  whole frequency to the total even for a word it holds; jieba-rs replaces the old one), so both
  divide by the same total;
* ``jieba_fast_dat``: jieba's own ``dict.txt`` (its bundled one is another, larger dictionary);
* ``jieba_next``: its bundled ``dict.txt`` (jieba's), our words as for jieba;
* ``rjieba_han_blocks``: jieba's own loop over a text's blocks, rjieba only for the blocks of
  Chinese characters alone (jieba for letters, digits and signs); ``rjieba_han_unrepeated``: and
  only where no character repeats in the block (where the differences left are near-ties).

    .venv/bin/python bench/segment_parity.py [--n 20000] [--data /work/shared/data] [--show 5]

Last line: one JSON object, per candidate the texts compared, those segmented differently and
the rates. Not a test: run it before adopting a segmenter (a candidate needs 0 differing texts).
"""

from __future__ import annotations

import argparse
import csv
import importlib
import json
import re
import sys
import tempfile
import time
from collections.abc import Callable, Iterable
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

import jieba  # noqa: E402

FIXTURES = ROOT / "tests" / "fixtures"
NOT_READ = ("eval", "blind")  # validation and blind sets: never opened here


def fixture_texts() -> list[str]:
    out = []
    for path in sorted(FIXTURES.rglob("*.jsonl")):
        if path.name.startswith(NOT_READ):
            continue
        for line in path.open(encoding="utf-8"):
            try:
                row = json.loads(line)
            except ValueError:  # a comment line
                continue
            if isinstance(row, dict) and isinstance(row.get("text"), str):
                out.append(row["text"])
    return out


def shared_texts(data: Path) -> list[str]:
    out = []
    for name in ("messages_train.csv", "messages_dev.csv", "replies.csv"):
        path = data / name
        if not path.exists():
            continue
        with path.open(encoding="utf-8", newline="") as fh:
            out += [row[k] for row in csv.DictReader(fh) for k in ("title", "text", "reply") if row.get(k)]
    return out


def traffic_texts(n: int) -> list[str]:
    """The texts of ``bench/ingest.py``'s stream, after the pipeline's stages have warmed up (the
    classifier has registered its words in jieba)."""
    from adapters.weibo.normalize import parse_payload
    from adapters.weibo.traffic import generate_backlog
    from monitor.runtime.stages import build_pipeline
    from monitor.store.context import open_app

    with tempfile.TemporaryDirectory() as tmp:
        app = open_app(ROOT / "config" / "wenzheng.toml", database_url=f"sqlite:///{tmp}/seg.db")
        build_pipeline(app).stages.warm_up()
        texts = [it.text for raw in generate_backlog(n, app.matrix, 42) for it in parse_payload(raw)]
        app.close()
    return texts


def our_words() -> dict[str, int]:
    """The words the classifier added to jieba, with the frequency jieba gave each."""
    from monitor.classify import lexicon

    return {w: jieba.dt.FREQ[w] for w in lexicon._registered}  # noqa: SLF001 - read only


def setup_rjieba(words: dict[str, int], base: dict[str, int], base_total: int) -> Callable[[str], list[str]]:
    import rjieba

    seg = rjieba.Jieba()
    total = base_total
    for w, f in words.items():
        seg.add_word(w, f, None)
        total += f - (base.get(w) or 0)
    seg.add_word("\ue000\ue001", jieba.dt.total - total, None)  # private-use: in no text
    return seg.cut


def setup_jieba_fast_dat(words: dict[str, int], *_: object) -> Callable[[str], list[str]]:
    import jieba_fast_dat as lib

    lib.setLogLevel(60)
    lib.set_dictionary(str(Path(jieba.__file__).with_name("dict.txt")))
    lib.initialize()
    for w, f in words.items():
        lib.add_word(w, f)
    return lib.lcut


def setup_jieba_next(words: dict[str, int], *_: object) -> Callable[[str], list[str]]:
    import jieba_next as lib

    lib.setLogLevel(60)
    lib.initialize()
    for w, f in words.items():
        lib.add_word(w, f)
    return lib.lcut


_PURE_HAN = re.compile("[\u4E00-\u9FD5]+")


def han_blocks(rcut: Callable[[str], list[str]], *, unrepeated: bool) -> Callable[[str], list[str]]:
    """jieba's own loop over a text's blocks (``jieba.Tokenizer.cut``), ``rcut`` for a block of
    Chinese characters only (with ``unrepeated``: none of them twice), ``jieba.lcut`` for any
    other block (letters, digits, ``-``: jieba-rs keeps 3-2 whole, jieba cuts 3 / - / 2)."""
    han, skip, lcut = jieba.re_han_default, jieba.re_skip_default, jieba.lcut

    def cut(text: str) -> list[str]:
        out: list[str] = []
        for blk in han.split(text):
            if not blk:
                continue
            if han.match(blk):
                ours = _PURE_HAN.fullmatch(blk) and not (unrepeated and len(set(blk)) < len(blk))
                out += rcut(blk) if ours else lcut(blk)
            else:
                for x in skip.split(blk):
                    if skip.match(x):
                        out.append(x)
                    else:
                        out.extend(x)
        return out
    return cut


def setup_rjieba_han(*a: object) -> Callable[[str], list[str]]:
    return han_blocks(setup_rjieba(*a), unrepeated=False)  # type: ignore[arg-type]


def setup_rjieba_han_unrepeated(*a: object) -> Callable[[str], list[str]]:
    return han_blocks(setup_rjieba(*a), unrepeated=True)  # type: ignore[arg-type]


CANDIDATES = {"rjieba": setup_rjieba, "rjieba_han_blocks": setup_rjieba_han,
              "rjieba_han_unrepeated": setup_rjieba_han_unrepeated,
              "jieba_fast_dat": setup_jieba_fast_dat, "jieba_next": setup_jieba_next}


def rate(cut: Callable[[str], object], texts: Iterable[str], passes: int = 3) -> float:
    texts = list(texts)
    best = float("inf")
    for _ in range(passes):
        t0 = time.process_time()
        for t in texts:
            cut(t)
        best = min(best, time.process_time() - t0)
    return len(texts) / max(best, 1e-9)


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--n", type=int, default=20_000, help="generated mentions")
    ap.add_argument("--data", type=Path, default=Path("/work/shared/data"))
    ap.add_argument("--show", type=int, default=5, help="differing texts shown per candidate")
    args = ap.parse_args()

    jieba.setLogLevel(60)
    jieba.initialize()
    base, base_total = dict(jieba.dt.FREQ), jieba.dt.total  # before our words
    texts = list(dict.fromkeys(traffic_texts(args.n) + fixture_texts() + shared_texts(args.data)))
    words = our_words()
    theirs = [jieba.lcut(t) for t in texts]
    result: dict[str, object] = {"texts": len(texts), "our_words": len(words),
                                 "jieba_per_s": round(rate(jieba.lcut, texts), 1)}
    print(f"{len(texts)} distinct texts, {len(words)} words of ours; jieba.lcut {result['jieba_per_s']}/s")
    for name, setup in CANDIDATES.items():
        try:
            importlib.import_module(name.split("_han")[0])
        except ImportError:
            result[name] = "not installed"
            continue
        cut = setup(words, base, base_total)
        differ = [(t, a, b) for t, a in zip(texts, theirs) if a != (b := cut(t))]
        per_s = rate(cut, texts)
        result[name] = {"differ": len(differ), "per_s": round(per_s, 1),
                        "times_jieba": round(per_s / result["jieba_per_s"], 2)}  # type: ignore[operator]
        print(f"\n{name}: {len(differ)} of {len(texts)} texts segmented differently; {per_s:.0f}/s")
        for t, a, b in differ[:args.show]:
            i = next((k for k, (x, y) in enumerate(zip(a, b)) if x != y), min(len(a), len(b)))
            print(f"  {t[:50]}\n    jieba {a[max(i - 1, 0):i + 4]}\n    {name} {b[max(i - 1, 0):i + 4]}")
    print(json.dumps(result, ensure_ascii=False))


if __name__ == "__main__":
    main()
