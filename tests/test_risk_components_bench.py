"""bench/risk_components.py (fifth session of 2026-12-05): which part of the detector misses a set's dangers and raises its
look-alikes, from totals alone. It must refuse the validation and blind sets, print no text, and sort each miss and each
false flag by the component at fault. Every sentence here is my own."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

from test_risk import ROOT, det  # noqa: F401 - det is a fixture

from bench.risk_components import missed_by, raised_by, totals
from monitor.classify.risk import RiskDetector


def test_an_unseen_set_is_refused_and_a_set_s_texts_are_never_printed(tmp_path: Path) -> None:
    for name in ("eval4.jsonl", "eval34.jsonl"):
        unseen = tmp_path / name
        unseen.write_text('{"text": "楼道里有煤气味", "kinds": ["safety_hazard"]}\n', encoding="utf-8")
        run = subprocess.run([sys.executable, str(ROOT / "bench" / "risk_components.py"), "--set", str(unseen)],
                             capture_output=True, text=True, cwd=ROOT)
        assert run.returncode != 0 and "never read here" in run.stderr
    # a file that is not UTF-8, or is not there, is named with what is wrong, not a traceback
    garbled = tmp_path / "garbled.jsonl"
    garbled.write_bytes(b'{"text": "\xff\xfe", "kinds": []}\n')
    for path, said in ((garbled, "not UTF-8 text"), (tmp_path / "missing.jsonl", "cannot be read")):
        run = subprocess.run([sys.executable, str(ROOT / "bench" / "risk_components.py"), "--set", str(path)],
                             capture_output=True, text=True, cwd=ROOT)
        assert run.returncode != 0 and said in run.stderr and path.name in run.stderr and "Traceback" not in run.stderr
    mine = tmp_path / "mine.jsonl"
    mine.write_text('{"text": "三楼楼道里一股煤气味，越来越冲", "kinds": ["safety_hazard"]}\n'
                    '{"text": "周末带娃去公园放风筝，天气真好", "kinds": []}\n', encoding="utf-8")
    run = subprocess.run([sys.executable, str(ROOT / "bench" / "risk_components.py"), "--set", str(mine)],
                         capture_output=True, text=True, cwd=ROOT, check=True)
    assert "煤气" not in run.stdout and "风筝" not in run.stdout
    figures = json.loads(run.stdout.strip().splitlines()[-1])
    assert figures["messages"] == 2 and figures["lookalikes"] == 1
    assert sum(figures["missed"]["safety_hazard"].values()) == 0  # the leak is found


def test_each_flag_is_put_to_what_raised_it() -> None:
    assert raised_by({"evidence": ["模型72%", "一股"], "possible": True}) == "model guess"
    assert raised_by({"evidence": ["煤气味", "模型3%"], "possible": True}) == "model doubt"
    assert raised_by({"evidence": ["娃娃们", "旁有安全隐患"], "possible": True}) == "beside"
    assert raised_by({"evidence": ["漏气"], "possible": True}) == "rule 疑似"
    assert raised_by({"evidence": ["漏气"], "possible": False}) == "rule certain"


def test_each_miss_is_put_to_why(det: RiskDetector) -> None:  # noqa: F811
    assert missed_by("medical", {}, [{"flag": "medical", "words": "模型", "by": "电影里"}]) == "model cancelled"
    assert missed_by("self_harm", {}, [{"flag": "self_harm", "words": "跳楼", "by": "电影里"}]) == "pattern cancelled"
    assert missed_by("medical", {"threat": {}}, []) == "other kind raised"
    assert missed_by("medical", {}, []) == "nothing raised"
    # a danger told in a film's frame is cancelled, and counted so; a kite in the park raises nothing
    looks, missed, raised = totals(det, [("电影里他从楼顶跳楼了，看得我好难受", ["self_harm"]),
                                         ("周末带娃去公园放风筝，天气真好", [])])
    assert looks == 1 and missed["self_harm"]["pattern cancelled"] == 1
    assert not any(n for by in raised.values() for n in by.values())
