"""Risk as a property of the conversation, not of one sentence.

The crisis gate judges one utterance. Harm in a conversation with a small model builds across
turns: a belief on turn 2, a stopped medication on turn 5, a goodbye on turn 8, each harmless-
looking alone. So the session keeps a score that rises with every signal and does not fall
because of one "no", "I'm fine" or a change of subject; people in danger often say exactly that.

- Each signal adds its weight; a repeat of a signal already seen adds half (a belief restated
  every turn should not re-ask the direct question every other turn).
- The level is a step on that score. The direct safety question is asked at most once per step:
  when the level rises past the last step it was asked at.
- A "no" to the direct question sets `careful` for the rest of the session: care replies and
  short, strictly guarded model turns, never open chat again.
- Only a clear, specific statement of safety right after the question lowers the score (to one
  step below the question). The session stays `risky` (exercises are offered, not started by a
  keyword; model turns pass the strict guard) once anything was said.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from voice_companion.safety.normalise import normalise

# How much one signal says about the speaker's own safety. Warning signs and means are close to
# danger on their own; a belief or a stopped medication is a reason to watch more closely.
WEIGHTS = {
    "means": 4.0,
    "warning": 3.0,
    "crisis": 4.0,          # the gate fired (crisis mode handles the turn itself)
    "tentative": 2.0,       # only the similarity layer fired
    "hallucination": 1.5,
    "delusion": 1.0,
    "medication": 1.5,
    "mania": 1.0,
    "eating": 1.0,
    "compulsion": 0.5,
    "helplines_dont_help": 1.0,
    "third_party": 0.0,     # someone else's trouble: care for them, no question to the speaker
}
MAX_NOES = 2  # the direct question is not asked again after this many bare "no"s
STEP = 2.0  # score per level; the direct question comes from level 1 upwards (score >= 2)

# "No" is not enough to lower anything; a specific statement is ("i'm safe", "i'm not going to
# hurt myself", "i have no plan to").
_SPECIFIC_SAFE = re.compile(
    r"\b(?:i am safe|i am (?:completely |totally )?safe right now|i will (?:stay|be|keep myself) safe|"
    r"i promise (?:i will be|i am|to stay) safe|"
    r"i am not (?:going to|thinking (?:of|about)|planning (?:to|on)) (?:hurt|harm|kill|hurting|harming|"
    r"killing|end|ending|doing anything to) (?:myself|me|my life|anyone|it)|"
    r"i (?:have|had) no (?:plan|plans|intention|intentions|thoughts) (?:to|of|about) (?:hurt|harm|kill|hurting|"
    r"harming|killing|dying|suicide|ending)|not suicidal)\b"
)
_HEDGE = re.compile(r"\b(?:but|maybe|might|probably|not sure|i think|i guess|i hope|sort of|kind of)\b")


def specific_safety(text: str | None) -> bool:
    """A clear, specific statement of safety (not a bare "no", not "i'm fine", not hedged)."""
    if not text:
        return False
    t = normalise(text)
    return bool(_SPECIFIC_SAFE.search(t)) and not _HEDGE.search(t)


@dataclass
class SessionRisk:
    score: float = 0.0
    careful: bool = False        # a "no" to the direct question: never back to open chat
    asked_level: int = 0         # the level at which the direct question was last asked
    noes: int = 0                # bare "no"s to the direct question so far
    seen: dict[str, int] = field(default_factory=dict)
    history: list[str] = field(default_factory=list)  # signal names, in order (for logs and tests)

    @property
    def level(self) -> int:
        """0: nothing said; 1: something to watch; 2, 3, …: each a step that earns the question."""
        if self.score <= 0:
            return 0
        return 1 + int(self.score // STEP)

    @property
    def risky(self) -> bool:
        """Anything said this session that an exercise keyword or open chat must not override."""
        return self.score > 0 or self.careful

    def observe(self, signals: list[str]) -> bool:
        """Add this turn's signals. Returns True when the level rose."""
        before = self.level
        for name in signals:
            weight = WEIGHTS.get(name, 1.0)
            if weight <= 0:
                continue
            repeats = self.seen.get(name, 0)
            self.score += weight if repeats == 0 else weight / 2
            self.seen[name] = repeats + 1
            self.history.append(name)
        return self.level > before

    def should_ask(self) -> bool:
        """Ask the direct question? At most once per step, only from level 2, and not again
        after two "no"s: asking a third time stops being care (the rise is met with the
        warning-sign reply and the helpline instead, see escalated)."""
        return self.level >= 2 and self.level > self.asked_level and self.noes < MAX_NOES

    def escalated(self) -> bool:
        """A new step after the question stopped being asked."""
        return self.level >= 2 and self.level > self.asked_level and self.noes >= MAX_NOES

    def asked(self) -> None:
        self.asked_level = self.level

    def answered_no(self) -> None:
        self.careful = True
        self.noes += 1

    def answered_safe(self) -> None:
        # Lowered one step below where the question was asked, so the next signal that comes
        # earns the question again; careful mode stays, because something was said.
        self.score = max(0.5, (self.asked_level - 2) * STEP + 0.5) if self.score > 0 else 0.0
        self.asked_level = min(self.asked_level, self.level)
