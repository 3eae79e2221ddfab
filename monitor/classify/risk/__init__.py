"""Risk detection over what citizens actually write: 轻生, threats, hazards, crowds, children, emergencies.

Why not jieba tokens: people phrase danger a hundred ways and segmentation splits the phrase
(他喝多了就打我跟孩子 → 打/我/跟/孩子, so no token 打孩子 exists). The detector therefore reads the
*characters* of the text, with rules from ``config/risk.toml`` (see :mod:`risk_config`):

* a **word** fires alone (煤气泄漏, 晕倒), or only with a **near** cue within a few characters on
  either side (跳 + 楼/桥/下去; 煤气 + 味/漏; 困 + 电梯; 打我 + 喝多/孩子);
* a **mask** (look-alike phrase) swallows a hit inside it (跳广场舞, 吵死了, 防溺水, 120元);
* a **negation** in the same clause just before the hit cancels it (没有漏气, 不是要跳楼), unless
  the negation word is part of a phrase that denies nothing (没人管, 不停地冒烟);
* an **unless** context in the same clause cancels the kind (消防*演练*, 防溺水*宣传*), and a
  **frame** anywhere in the sentence cancels every kind (社区组织了燃气泄漏应急*演练*，…;
  亏得我想跳楼，*开玩笑的*);
* a frame or ``unless`` word just after a denial frames nothing (这次不是演练; 这话不是说着玩的);
* a hit inside a comparison with what might happen (那声音跟楼要塌了一样) is a figure of speech,
  like one told after 吵得我 anywhere in its clause (not in the next: 吵得我睡不着，刀已经磨好了);
* a hit told as settled history (…已经扑灭了, …已修好) is cancelled; one told after the settled
  part (已修好，今天又漏气) still counts, and a settlement conceded (虽然扑灭了，可是…) settles nothing;
* a denial of the kind told after every hit of it explains them, for kinds with ``explained``
  (冒的白烟是供热站排的蒸汽，不是着火), unless it is asked (不是着火吧？) or one of two (不是…就是…);
* a past marker in the clause of the word or of its cue dates the hit (去年燃气管道漏气那次，燃气
  公司半小时就来了);
* a **conditional** in the same clause (万一, 一旦, 听说, 请问…) or a rule marked ``possible``
  makes the hit *possible*: it is still raised, labelled 疑似…, for a person to look at. Recall
  first: nothing that fires is dropped except by a negation, a mask, an ``unless`` or a settled
  marker — and the evidence lists those too.

Cost: one Aho–Corasick pass (daachorse's double array, compiled) over the normalised text finds every anchor,
`near` cue, mask, negation and conditional at once; the per-hit checks look at a few characters around it.
A message with no anchor costs the normalisation and that one pass (about a tenth of a
``jieba.lcut`` of the same text; ``bench/risk.py`` measures it).

Layout (one module per stage, each reading one :class:`~.reading.Reading` per text):
:mod:`.text` normalises; :mod:`.matching` walks the text once for every word and cue and reads each
context word in its place; :mod:`.rules` checks each hit against its cues and context (the checks
themselves in :mod:`.context` and, for events told as over or as someone else's — a thanks for a rescue,
who pays for damage done, a far place, a work by its title — in :mod:`.over`; clause and sentence bounds
in :mod:`.spans`); :mod:`.learned` is the
model's second opinion and doubt; :mod:`.flags` assembles flags, labels, severities and evidence;
:mod:`.policy` holds what each kind's settings say; :mod:`.detector` composes them; :mod:`.labels`
is what people read of a stored flag.
"""

from monitor.classify.risk.detector import RiskDetector
from monitor.classify.risk.labels import DEFAULT_LABELS, describe, risk_flag, risk_label, risk_words
from monitor.classify.risk.text import model_text, normalise

__all__ = ["DEFAULT_LABELS", "RiskDetector", "describe", "model_text", "normalise", "risk_flag", "risk_label",
           "risk_words"]
