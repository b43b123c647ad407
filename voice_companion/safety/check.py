"""What the crisis gate answers: a CrisisCheck, and the categories of risk it can name."""

from __future__ import annotations

from dataclasses import dataclass

CATEGORIES = (
    "suicidal",
    "passive_wish",
    "self_harm",
    "means",
    "goodbye",
    "overdose",
    "harm_to_others",
    "danger_at_home",
    "psychosis",
)
# Harm from others that needs its own line (a sexual-assault or child-protection service, not only
# a suicide line). Raised by rules only: the semantic bank files such examples under
# danger_at_home, so the flagger and its linear model keep the nine categories above.
RULE_ONLY_CATEGORIES = ("sexual_assault", "child_abuse")
ALL_CATEGORIES = CATEGORIES + RULE_ONLY_CATEGORIES


@dataclass(frozen=True)
class CrisisCheck:
    crisis: bool
    category: str | None
    reason: str  # names the rule, never quotes the person (it ends up in logs)
    gentle: bool = False  # a rule that is a warning sign, not a statement of risk: ask first

    @property
    def tentative(self) -> bool:
        """The live loop asks the direct safety question first, and gives the crisis answer unless
        the reply is a clear no: raised by the similarity layer alone, or by a warning-sign rule
        ("dark thoughts", days without eating, a wish to be with someone who died)."""
        return self.crisis and (self.gentle or self.reason.startswith("semantic"))


NO_CRISIS = CrisisCheck(False, None, "")
