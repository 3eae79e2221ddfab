"""Assembling the result: flags as stored and shown, with their labels, severities and evidence.

After the rule check and the model step have decided what each kind found, this stage demotes a
flag an everyday source explains (烟呛 beside 烧树叶), adds a kind told by another's danger and who is
exposed to it (a hazard where children play), and turns each into what an operator reads: the label
(疑似… when uncertain), the severity and at most six words, the outermost of overlapping ones. The
evidence words of a hit (:func:`_snippet`) are made here too, so that what an operator reads is
decided in one place.

Cost: a few comparisons per raised kind; nothing for a text that raised none.
"""

from __future__ import annotations

from bisect import bisect_left
from typing import Any

from monitor.classify.risk.policy import Policy
from monitor.classify.risk.reading import Found, Reading
from monitor.classify.risk_config import KINDS, SEVERITIES, RiskSettings

_SEVERITY_ORDER = {s: i for i, s in enumerate(SEVERITIES)}
_KIND_ORDER = {k: i for i, k in enumerate(KINDS)}
_BESIDE_SHORT = 80  # a message short enough that who it names is beside what the model read in it


def _listing_order(r: dict[str, Any]) -> tuple[bool, int, int]:
    """How raised flags are listed: certain first, then the most severe, then in the kinds' order."""
    return r["possible"], _SEVERITY_ORDER[r["severity"]], _KIND_ORDER[r["flag"]]


def _outermost(words: list[str]) -> list[str]:
    """The words not held inside another (跳下去 over 跳下), in their order: what the operator reads.
    (Plain loops: a generator per word cost more than the comparisons.)"""
    out = []
    for w in words:
        for o in words:
            if w != o and w in o:
                break
        else:
            out.append(w)
    return out


def _snippet(norm: str, s: int, e: int, cue: tuple[int, int]) -> str:
    """The words that fired, the word at ``s:e`` and its cue: '煤气味' when word and cue touch,
    '全村…上访' when text lies between. (Bounds as plain integers, not tuples compared and sorted:
    this runs for nearly every hit raised.)"""
    cs, ce = cue
    lo, hi = (s if s < cs else cs), (e if e > ce else ce)
    if hi - lo <= (e - s) + (ce - cs) + 1:
        return norm[lo:hi]
    if (cs, ce) < (s, e):  # the cue comes first
        s, e, cs, ce = cs, ce, s, e
    while s > 0 and norm[s - 1].isdigit():  # "00多" matched inside "200多"
        s -= 1
    return f"{norm[s:e]}…{norm[cs:ce]}"


class Flags:
    """The kinds' labels, severities and `beside`/`everyday` entries; :meth:`result` is pure per text."""

    def __init__(self, settings: RiskSettings, policy: Policy) -> None:
        self.labels = policy.labels
        self.severity = policy.severity
        self.beside = policy.beside
        # (kind, everyday entry) -> the words of evidence its source explains (see _everyday)
        self.explains = {(code, j): ev.explains for code, k in settings.kinds.items() for j, ev in enumerate(k.everyday)}

    def everyday(self, r: Reading) -> None:
        """Demote what an everyday source told in ``r`` explains (see :meth:`_everyday`): read before the
        model's second opinion, so that a hit both demote shows the source (来源：烧落叶), which tells the
        hub why, rather than the model's figure."""
        if r.everyday and r.found:
            self._everyday(r.found, r.everyday, r.danger)

    def result(self, r: Reading, model_p: dict[str, float],
               evidence: dict[str, Any] | None = None) -> list[dict[str, Any]]:
        """The flags of ``r``, most severe first, with the kinds told beside another's danger; when
        ``evidence`` is given, ``evidence["risk"]`` explains what fired and what was cancelled (and by
        what), with the model's probabilities (``model_p``) when it raised anything."""
        found, cancelled = r.found, r.cancelled
        if r.beside_at and found:
            self._near_besides(r.beside_at, r.besides, found, r.breaks, len(r.norm))
        if r.besides and found:
            self._besides(r.besides, found)
        if not found:
            if evidence is not None and cancelled:
                evidence["risk"] = {"fired": {}, "cancelled": cancelled}
            return []
        # each raised kind as stored and shown: its label (疑似… when possible) and at most six words, the
        # outermost of overlapping ones (a plain loop: a comprehension's frame and a call per kind cost more)
        labels = self.labels
        out = []
        for kind, f in found.items():
            ev = f.evidence
            label = labels[kind]
            out.append({"flag": kind, "label": label if f.certain else f"疑似{label}",
                        "severity": f.severity, "severity_label": SEVERITIES[f.severity],
                        "possible": not f.certain, "evidence": (ev if len(ev) == 1 else _outermost(ev))[:6]})
        if len(out) > 1:  # (most risk messages raise one kind: no key function built for them)
            out.sort(key=_listing_order)
        if evidence is not None:
            evidence["risk"] = {"fired": {x["flag"]: x["evidence"] for x in out}, "cancelled": cancelled}
            if model_p:
                evidence["risk"]["model"] = model_p
        return out

    def _near_besides(self, beside_at: list[tuple[int, int, int]], besides: dict[int, int],
                      found: dict[str, Found], breaks: list[int], n: int) -> None:
        """The entries read by clause (``reach = "clause"``): a word of one counts (into ``besides``) only
        in the clause of one of the other kind's pattern hits or cues or a clause next to it (前男友说要
        砍我; not a partner named in a long letter's first lines, far from a threat told at its end);
        beside the model's guess alone, which has no place, only in a short message."""
        for i, j, start in beside_at:
            if besides.get(i, j) < j:
                continue
            other = found.get(self.beside[i][1])
            if other is None:
                continue
            if other.at:
                c = bisect_left(breaks, start)
                if not any(abs(bisect_left(breaks, a) - c) <= 1 for a in other.at):
                    continue
            elif n > _BESIDE_SHORT:
                continue
            besides[i] = j

    def _besides(self, besides: dict[int, int], found: dict[str, Found]) -> None:
        """A kind told by another's danger and who is exposed to it (a hazard where children play is
        harm to minors as well): 疑似, with who and the other kind as evidence (娃娃们, 旁有安全隐患).
        Only beside a flag already raised, so it never flags a message on its own. ``besides``: for
        each entry the text holds a word of, the first such word in its list (the word walk's)."""
        for i, (code, other, words) in enumerate(self.beside):
            if code in found or other not in found:
                continue
            j = besides.get(i)
            if j is not None:
                found[code] = Found(certain=False, severity=self.severity[code],
                                     evidence=[words[j], f"旁有{self.labels[other]}"])

    def _everyday(self, found: dict[str, Found], named: dict[tuple[str, int], str],
                  danger: set[tuple[str, int]]) -> None:
        """A certain flag whose every piece of evidence an everyday source told in the message
        explains (烟呛 beside 烧树叶 or 烧烤摊; 烧炭 beside 炭火烧烤), with no sign of real danger
        (明火, 人员被困, 不想活), is shown as 疑似, the source as evidence (来源：烧树叶). Why not
        dropped: a real fire or a charcoal suicide may be told beside a barbecue in words the lists
        miss, and a person at the hub reads 疑似 in minutes; why not left certain: the model, which
        reads smoke as smoke, cannot tell them apart, and a certain flag wakes handlers at night."""
        for (code, j), word in named.items():
            f = found.get(code)
            if f is None or not f.certain or (code, j) in danger:
                continue
            explains = self.explains[code, j]
            if all(any(x in ev for x in explains) for ev in f.evidence):
                f.certain = False
                f.evidence[5:] = []  # (the operator sees six words at most: keep the source)
                f.evidence.append(f"来源：{word}")
