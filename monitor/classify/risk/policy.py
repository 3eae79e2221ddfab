"""What each kind's settings say about context, compiled once for every stage that asks.

``risk.toml`` says per kind whether a past marker cancels it, whether a standing condition does,
which look-alike context an everyday source explains, who is exposed beside another kind's danger…
The rule check, the model step and the result's assembly each ask some of these; read here once,
they cannot drift apart between the stages.
"""

from __future__ import annotations

from dataclasses import dataclass

from monitor.classify.risk_config import RiskSettings


@dataclass(frozen=True, slots=True)
class Policy:
    """Per-kind tables of :class:`RiskSettings` (kind codes as keys or members)."""

    labels: dict[str, str]  # kind -> what an operator reads (轻生)
    severity: dict[str, str]  # kind -> its own severity (a rule may raise it)
    # (kind, the kind it rides on, who is exposed): see risk_config.Beside
    beside: list[tuple[str, str, tuple[str, ...]]]
    beside_near: frozenset[int]  # the entries of `beside` read by clause (reach = "clause")
    # the look-alike context a sign of real danger overrules: an everyday source of the kind's
    # evidence (烧烤摊, 烤串, 油烟: its fire or smoke may be the danger), not a story told of
    # elsewhere (新闻, 外地, 案例, 节目), where the danger words are the story
    questioned: dict[str, frozenset[str]]
    grievances: dict[str, tuple[str, ...]]
    services: dict[str, frozenset[str]]  # kind -> the general measures a post may ask for (see risk_config `services`)
    stakes: dict[str, frozenset[str]]  # kind -> the minor stakes a maintenance complaint names (see risk_config `stakes`)
    sourced: dict[str, frozenset[str]]
    withdrawn: frozenset[str]  # kinds a wish taken back (算了) cancels
    past_cancels: frozenset[str]  # kinds a past marker cancels (history, not an event now)
    explained: frozenset[str]  # kinds a denial told after every hit explains (不是着火)
    standing: dict[str, str]  # kind -> what a standing condition does to it ("cancel", "possible")
    long_letter: int  # from this many characters on a text is a long letter (0: never)
    long_cancels: frozenset[str]  # kinds a long letter's background cancels
    # kinds a thanks for a rescue settles (see .over): every kind but 轻生, whose farewells thank too (谢谢这些年)
    thanked: frozenset[str]
    # kinds whose past harm a later "now, otherwise" tells over (我爸小时候打我，现在老了可慈祥了: see .over.outgrown):
    # those a past marker leaves 疑似, but 轻生, whose past attempt still goes to a person
    outgrown: frozenset[str]

    @classmethod
    def of(cls, settings: RiskSettings) -> Policy:
        """The tables of ``settings``."""
        kinds = settings.kinds
        return cls(
            labels={code: k.label for code, k in kinds.items()},
            severity={code: k.severity for code, k in kinds.items()},
            beside=[(code, b.kind, b.words) for code, k in kinds.items() for b in k.beside],
            beside_near=frozenset(i for i, b in enumerate(b for k in kinds.values() for b in k.beside)
                                  if b.reach == "clause"),
            questioned={code: frozenset(k.questioned) for code, k in kinds.items() if k.questioned},
            grievances={code: k.grievances for code, k in kinds.items() if k.questioned},
            services={code: frozenset(k.services) for code, k in kinds.items() if k.services},
            stakes={code: frozenset(k.stakes) for code, k in kinds.items() if k.stakes},
            sourced={code: frozenset(u for u in k.unless
                                     if any(src in u or u in src for ev in k.everyday for src in ev.sources))
                     for code, k in kinds.items() if k.danger},
            withdrawn=frozenset(code for code, k in kinds.items() if k.withdrawn == "cancel"),
            past_cancels=frozenset(code for code, k in kinds.items() if k.past == "cancel"),
            explained=frozenset(code for code, k in kinds.items() if k.explained == "cancel"),
            standing={code: k.standing for code, k in kinds.items() if k.standing != "keep"},
            long_letter=settings.match.long_letter,
            long_cancels=frozenset(code for code, k in kinds.items() if k.long_letter == "cancel"),
            thanked=frozenset(code for code in kinds if code != "self_harm"),
            outgrown=frozenset(code for code, k in kinds.items() if k.past != "cancel" and code != "self_harm"),
        )
