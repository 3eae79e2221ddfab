"""Instruction counts of a measured loop against ``jieba.lcut``, shared by the cost benches.

CPU time on this shared host is noisy; ``valgrind --tool=callgrind`` counts instructions, which
repeat for the same code and input. A cost bench runs itself under callgrind once per side (set-up
only, set-up + the measured side, set-up + lcut) with ``--only SIDE`` and subtracts the set-up,
so the figures count the measured loops only (:func:`count_instructions`); :func:`run_side` is
what each of those runs does.
"""

from __future__ import annotations

import os
import re
import shutil
import subprocess
from collections.abc import Callable, Sequence

WARM = 20  # texts each side reads before anything is counted (lazy caches, first-call paths)

_COLLECTED = re.compile(r"Collected\s*:\s*(\d+)")


def run_side(only: str, fns: dict[str, Callable[[str], object]], texts: list[str], passes: int = 1) -> None:
    """Warm every side on the first texts, then run side ``only`` (``none``: no side) ``passes`` times."""
    for fn in fns.values():
        for x in texts[:WARM]:
            fn(x)
    if only == "none":
        return
    fn = fns[only]
    for _ in range(passes):
        for x in texts:
            fn(x)


def count_instructions(command: Sequence[str], sides: Sequence[str]) -> dict[str, int]:
    """Instructions of each of ``sides``' loops: ``command --only SIDE`` under callgrind, for
    ``none`` and each side, with the set-up (the ``none`` run) subtracted; ``setup`` as counted."""
    if shutil.which("valgrind") is None:
        raise SystemExit("valgrind is not installed (apt-get install -y valgrind)")
    counts: dict[str, int] = {}
    for only in ("none", *sides):
        proc = subprocess.run(["valgrind", "--tool=callgrind", "--callgrind-out-file=/dev/null",
                               *command, "--only", only], capture_output=True, text=True,
                              env=os.environ | {"PYTHONHASHSEED": "0"})  # same hashes, same count
        found = _COLLECTED.search(proc.stderr)
        if proc.returncode != 0 or found is None:
            raise SystemExit(f"the {only} run under callgrind failed:\n{proc.stderr[-2000:]}")
        counts[only] = int(found.group(1))
    return {**{s: counts[s] - counts["none"] for s in sides}, "setup": counts["none"]}
