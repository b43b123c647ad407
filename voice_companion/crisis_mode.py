"""Crisis mode: what the assistant says after the gate fires, until the person is safe.

While active, nothing the person says reaches the LLM. Every reply is fixed text. Leaving
needs two steps, because a single "I'm fine" is often said to make the worry go away:
first a gentle question, then an explicit "I am safe".
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from voice_companion.crisis import CrisisCheck, check_crisis, normalise
from voice_companion.helplines import crisis_reply, helpline_short, helpline_slowly

GROUNDING_EXERCISE = "grounding_54321"


@dataclass
class CrisisAction:
    say: list[str]
    start_exercise: str | None = None
    ended: bool = False


def _rx(p: str) -> re.Pattern[str]:
    return re.compile(p)


# Patterns run on crisis.normalise() output (lowercase, contractions expanded, fillers gone).
_REPEAT = _rx(
    r"\b(?:repeat|say (?:that|it) again|say the number|what (?:is|was) (?:the|that) (?:number|line)|"
    r"the number again|number again|give me the number|tell me the number|what number|"
    r"which number|(?:did not|didn t) (?:catch|get|hear)|say again|one more time|slower|"
    r"what do i call|who do i call|how do i call)\b"
)
_BARE_YES = _rx(r"^(?:yes|yeah|yep|yup|ok|okay|sure|i will|i am|i think so|mhm)$")
_EXPLICIT_SAFE = _rx(r"\b(?:i am safe|i will (?:stay|be|keep myself) safe|i promise|i am going to stay safe)\b")
_FINE = _rx(
    r"\b(?:i am (?:fine|ok|okay|alright|all right|good|better|feeling better)|never ?mind|forget it|"
    r"forget (?:about it|i said (?:it|anything))|i was (?:joking|kidding)|just joking|it is nothing|"
    r"(?:do not|no need to) worry|i did not mean it|ignore (?:that|me|it)|it was a joke)\b"
)
_ACCEPT = _rx(
    r"^(?:yes|yeah|yep|yup|ok|okay|please|sure|alright|all right|go on|go ahead|let us|lets)\b"
    r"|\b(?:stay with me|grounding|ground me|do it together|do the exercise|let us do it|lets do it|"
    r"i would like that|help me|do not leave|please stay)\b"
)
# Any hedge keeps the question open: "i am safe but...", "not sure i am safe".
_NEGATIVE = _rx(r"\b(?:no|not|nope|unsafe|but|maybe|might|probably|sure|think|guess|hope)\b")


class CrisisMode:
    def __init__(self, region: str) -> None:
        self.region = region
        self.active = False
        self._awaiting_safety = False  # asked "are you safe?", waiting for an explicit answer

    def enter(self, check: CrisisCheck) -> CrisisAction:
        # The category is not spoken: naming it back ("you mentioned overdose") can feel like
        # being labelled. It stays available for the session log through `check`.
        self.active = True
        self._awaiting_safety = False
        return CrisisAction(say=crisis_reply(self.region))

    def handle(self, text: str) -> CrisisAction:
        if not self.active:
            return CrisisAction(say=[], ended=True)
        t = normalise(text)

        # A new crisis statement outranks everything, including an earlier "i am safe" question.
        if check_crisis(text).crisis:
            self._awaiting_safety = False
            return CrisisAction(say=crisis_reply(self.region))

        if self._awaiting_safety:
            if _EXPLICIT_SAFE.search(t) and not _NEGATIVE.search(t):
                return self._end()
            if _BARE_YES.match(t):
                # "yes" to a two-part question is not clear enough to stop watching over someone.
                return CrisisAction(say=[
                    "Thank you.",
                    "Could you tell me in your own words? You can say 'I am safe'.",
                ])
            self._awaiting_safety = False
            if _NEGATIVE.search(t):
                return CrisisAction(say=[
                    "Thank you for telling me. I'm staying right here.",
                    helpline_short(self.region),
                    "Would you like to do a grounding exercise with me while you reach out?",
                ])
            # Anything else is answered as usual below; the question can be asked again later.

        if _REPEAT.search(t):
            return CrisisAction(say=helpline_slowly(self.region))

        if _EXPLICIT_SAFE.search(t):
            # Said unprompted: still ask once, plainly, so the ending is the person's clear choice.
            self._awaiting_safety = True
            return CrisisAction(say=[
                "I'm glad to hear it.",
                "Just to be sure: are you safe right now, and will you stay safe? You can say 'I am safe'.",
            ])

        if _FINE.search(t):
            self._awaiting_safety = True
            return CrisisAction(say=[
                "I'm glad to hear it.",
                "Before we go on: are you safe right now, and will you stay safe? You can say 'I am safe'.",
            ])

        if _ACCEPT.search(t) and not re.match(r"^(?:no|not|nope)\b", t):
            return CrisisAction(
                say=["I'm here. Let's do it together."], start_exercise=GROUNDING_EXERCISE
            )

        return CrisisAction(say=[
            "I'm still here with you.",
            helpline_short(self.region),
            "If you like, we can do a grounding exercise together while you reach out.",
        ])

    def _end(self) -> CrisisAction:
        self.active = False
        self._awaiting_safety = False
        return CrisisAction(
            say=[
                "Thank you for telling me. I'm really glad you're safe.",
                "If things get hard again, a person is there for you.",
                helpline_short(self.region),
            ],
            ended=True,
        )
