"""The detector: the stages of risk detection composed, and shared per config in a process.

Stages, in the order they read a text (each in its module, each reading one
:class:`~.reading.Reading`): :func:`~.text.normalise`, :meth:`.matching.Matcher.walk` (rule words,
cues and context in one pass), :meth:`.rules.RuleCheck.check` (cues and context per hit),
:meth:`.flags.Flags.everyday`, :meth:`.learned.ModelStep.score` (the model's second opinion and
doubt) and :meth:`.flags.Flags.result` (labels, severities, evidence).

Cost: building one takes a third of a second (the automata and the packed model), so
:meth:`RiskDetector.load` shares one per config and model file; detection is pure and thread-safe.
"""

from __future__ import annotations

import hashlib
import threading
from pathlib import Path
from typing import Any

from monitor.classify.risk.flags import Flags
from monitor.classify.risk.learned import ModelStep
from monitor.classify.risk.matching import Matcher
from monitor.classify.risk.policy import Policy
from monitor.classify.risk.reading import Reading
from monitor.classify.risk.rules import RuleCheck
from monitor.classify.risk.text import normalise
from monitor.classify.risk_config import RiskSettings, load_risk
from monitor.classify.risk_model import RiskModel

_SHARED: dict[tuple[bytes, bytes], RiskDetector] = {}  # RiskDetector.load's detectors, by file contents
_SHARED_LOCK = threading.Lock()


class RiskDetector:
    """Compiled risk patterns; :meth:`detect` is pure and thread-safe."""

    def __init__(self, settings: RiskSettings) -> None:
        self.settings = settings
        self.policy = Policy.of(settings)
        self.labels = self.policy.labels
        self.severity = self.policy.severity
        # the model first: the word walk's automaton is ordered by the model's characters
        self.learned = ModelStep(settings, self.policy)
        self.model: RiskModel | None = self.learned.model
        self.model_needs = self.learned.model_needs
        self.matcher = Matcher(settings, self.policy, self.learned.chars, self.learned.order)
        self.rules = RuleCheck(settings, self.policy, self.matcher)
        self.flags = Flags(settings, self.policy)

    def threshold_of(self, kind: str, n: int | None = None) -> float:
        """The model's bar for ``kind`` (a probability), in a text of ``n`` characters the model reads (without: the
        kind's `thresholds` bar, the most any length asks): at or above it the kind is raised as 疑似."""
        return self.learned.threshold_of(kind, n)

    @classmethod
    def load(cls, path: Path) -> RiskDetector:
        """The detector of ``path``, shared by every caller in the process while ``risk.toml`` and
        the model file it names keep their contents: building one takes a third of a second, a
        built one is read-only, and one process may build many pipelines from one config (a CLI
        command beside the daemon, every test's daemon). A changed file is a new detector."""
        settings = load_risk(path)
        model = Path(settings.model.path) if settings.model is not None else None
        key = (hashlib.sha256(path.read_bytes()).digest(),
               hashlib.sha256(model.read_bytes()).digest() if model is not None and model.exists() else b"")
        with _SHARED_LOCK:
            detector = _SHARED.pop(key, None) or cls(settings)
            _SHARED[key] = detector  # the most recent last; at most two versions kept
            while len(_SHARED) > 2:
                del _SHARED[next(iter(_SHARED))]
            return detector

    # ------------------------------------------------------------------ detection
    def detect(self, text: str, evidence: dict[str, Any] | None = None,
               trace: list[tuple[int, int, str, int, str]] | None = None) -> list[dict[str, Any]]:
        """Risk flags of ``text``, most severe first: ``[{"flag", "label", "severity", "possible",
        "evidence"}]``. When ``evidence`` is given, ``evidence["risk"]`` explains what fired and
        what was cancelled (and by what); when ``trace`` is given, it receives ``(start, end, kind,
        rule, how)`` for each pattern hit that stood (``rule``: the index into :attr:`.matching.Matcher.rules`;
        ``how``: ``rule`` when certain, else what made it 疑似): see bench/risk_dev.py ``--why``."""
        r = self._read(text, trace)
        return self.flags.result(r, self.learned.score(r), evidence)

    def _read(self, text: str, trace: list[tuple[int, int, str, int, str]] | None = None) -> Reading:
        """``text`` walked by the patterns and, when a rule word is found, checked by the rules and
        the everyday sources: what :meth:`detect` and :meth:`unlike_scores` both read."""
        r = self.matcher.walk(normalise(text))
        r.trace = trace
        if r.anchors:  # (only a rule word raises a flag before the model: no anchor, nothing to check)
            self.rules.check(r)
            self.flags.everyday(r)
        return r

    def unlike_scores(self, text: str) -> dict[str, tuple[float, bool]]:
        """Per kind the patterns raise in ``text`` that `[model] unlike` could drop, the model's probability and whether
        the hit is certain in a post told plainly (:meth:`.learned.ModelStep.unlike_scores`): what risk_train reads, on
        dangers a fold's model never learnt, to set each kind's bar."""
        r = self._read(text)
        return self.learned.unlike_scores(r) if r.anchors else {}

    def content_scores(self, text: str) -> dict[str, float]:
        """Per kind the model raises in ``text`` by its own guess that reaches `[model] content_bar` (nothing else keeps
        it quiet), the probability of its content n-grams alone (:meth:`.learned.ModelStep.score`'s ``content``): what
        risk_train reads, on dangers a fold's model never learnt, to set each kind's content bar."""
        content: dict[str, float] = {}
        self.learned.score(self._read(text), content)
        return content

    def guess_scores(self, text: str) -> tuple[dict[str, tuple[float, float]], bool]:
        """Per kind the model raises in ``text`` by its own guess (no pattern raised it, no context keeps it quiet; the
        content bar aside), its probability and that of its content n-grams alone; and whether the patterns raised
        nothing in it. What risk_train reads, on messages a fold's model never learnt, with every bar at a floor
        (``risk_train.GUESS_FLOOR``), to set each kind's bar."""
        content: dict[str, float] = {}
        r = self._read(text)
        scores = self.learned.score(r, content)
        # (the model adds a kind it guesses to what the patterns found, and every guess reaching the content bar)
        return {kind: (scores[kind], p) for kind, p in content.items()}, not set(r.found) - set(content)
