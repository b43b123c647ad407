"""The crisis gate: deterministic rules that decide whether an utterance needs a human, now.

It runs on every transcript before anything else and never asks a model. A false alarm costs
one calm message with a helpline; a miss can cost a life. So the rules lean towards firing, and
only a short, audited list of idioms ("this commute is killing me") and plainly stated denials
("i'm not suicidal") are allowed to hold them back.

Rules are written as combinations of concepts (who + intent + act + object), not as a list of
sentences, so that new phrasings are caught. Speech recognition output is messy (no punctuation,
fillers, split or merged words, mishearings), so everything is normalised first.

A small local semantic classifier (semantic.py) is OR-ed in to *raise* a flag on phrasings
the rules do not know; it can never clear one. CrisisGate, which every utterance of the live app
passes, uses it by default. check_crisis() asks it only when told (semantic=True): its other
callers check the assistant's own sentences (guard.py), where the flagger's examples of what
people say do not apply, or need the rules' exact behaviour.

The gate itself is here; the text it reads is prepared by normalise.py and denials.py, the
rules (rules.py, built from vocabulary.py) decide, and check.py holds what it answers.
"""

from __future__ import annotations

from collections import deque
from collections.abc import Sequence

from voice_companion.safety.check import CrisisCheck
from voice_companion.safety.denials import strip_denials
from voice_companion.safety.normalise import normalise
from voice_companion.safety.rules import check_rules
from voice_companion.safety.vocabulary import FINAL, HOPELESS, IDIOM, mention_only, recovered


def check_crisis(text: str, recent: Sequence[str] = (), *, semantic: bool = False, claimed: bool = False) -> CrisisCheck:
    """Check one utterance. `recent` holds the person's earlier turns, oldest first.

    With semantic=True: crisis when the rules OR the semantic flagger say so. The flagger is
    asked only when the rules found nothing, and its silence never overrides them. Without its
    model the rules decide alone (semantic.py logs that once). claimed=True: the router took the
    utterance as a command or an exercise request, so the flagger is held to its stricter
    standard (SemanticFlagger.decide)."""
    hit = check_rules(text, recent)
    if hit.crisis or not semantic:
        return hit
    norm = strip_denials(normalise(text))
    if mention_only(norm):
        # The similarity layer hears the subject, not who it is about: a chart, a claim or a
        # lecture about suicide is close in meaning to suicide. A mention is the rules' to judge.
        return hit
    if recovered(norm):
        # "i've been clean from cutting for two years and i'm proud": the similarity layer hears
        # the subject, not that it is over. The rules still judge it.
        return hit
    if IDIOM.search(norm) and not (HOPELESS.search(norm) or FINAL.search(norm)):
        # "so tired i could sleep forever", "i'll just ghost them": the similarity layer hears
        # the words; said without despair they are the idiom.
        return hit
    from voice_companion.safety.semantic import semantic_flag  # imported late: it needs numpy and a model

    flagged = semantic_flag(text, claimed=claimed)
    return flagged if flagged is not None and flagged.crisis else hit


class CrisisGate:
    """The gate with the short memory that multi-turn cases need (a loss, then a means question).
    Rules plus the semantic flagger unless semantic=False."""

    def __init__(self, memory_turns: int = 6, *, semantic: bool = True) -> None:
        self._recent: deque[str] = deque(maxlen=max(1, memory_turns))
        self.semantic = semantic
        if semantic:
            # Load the flagger now, at start-up, rather than during the first thing someone says.
            from voice_companion.safety.semantic import shared_flagger

            shared_flagger()

    def check(self, text: str, *, semantic: bool | None = None, claimed: bool = False) -> CrisisCheck:
        """semantic=False: rules only for this utterance (the caller knows it is a voice command
        during an exercise, where the flagger's looser matching only makes false alarms).
        claimed=True: the router took it as a command or exercise request; the flagger may still
        raise a flag, by its stricter standard."""
        use = self.semantic if semantic is None else (semantic and self.semantic)
        result = check_crisis(text, tuple(self._recent), semantic=use, claimed=claimed)
        self._recent.append(text)
        return result

    def reset(self) -> None:
        self._recent.clear()
