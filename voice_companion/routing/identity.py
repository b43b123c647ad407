""""Are you a real person?": an honest, fixed answer, never the model's.

Someone lying in the dark and talking to a voice may not be sure what is answering. A small
model asked this improvises (it has claimed to be a person, or to be "here for you always"); the
answer here says plainly what it is, what it is not, and where the words go. The crisis gate's
similarity layer read "are you a real person?" as a sign of psychosis (people who are not real):
put to the companion about itself, it is judged by the rules, as a question about an exercise is
(routing.decision). Pure: words only.
"""

from __future__ import annotations

import re

from voice_companion.safety.normalise import normalise

_WHAT = (r"(?:a |an )?(?:real |actual |live |human )?(?:person|human|human being|people|robot|bot|chat ?bot|ai|a i|"
         r"machine|computer|program|programme|recording|therapist|counsel+or|doctor|nurse|psychologist|psychiatrist)")
ASKS_IDENTITY = re.compile(
    r"\b(?:are you|r u|is this|am i (?:talking|speaking|chatting) (?:to|with)) " + _WHAT + r"\b"
    r"|\bwho (?:are you|am i (?:talking|speaking) (?:to|with)|is this)\b"
    r"|^(?:(?:so|and|but|um|uh|wait|sorry|hey) )*what (?:exactly )?are you(?: exactly)?$"
    r"|\bare you (?:alive|sentient|conscious|even real|real)\b"
)

# Longer, and the question comes with something else the person said ("are you real, because i
# feel so alone"): that is answered as talk, with the rest.
MAX_WORDS = 8

LINES = (
    "I'm not a person. I'm a computer program, a voice companion that runs on this device, and nothing you say leaves it.",
    "I'm not a therapist or a doctor, but I can keep you company and guide you through breathing or grounding.",
)


def asks_identity(text: str) -> bool:
    """Asked what it is, and little else (MAX_WORDS)."""
    return len(text.split()) <= MAX_WORDS and bool(ASKS_IDENTITY.search(normalise(text).strip(" .!?")))
