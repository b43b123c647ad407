"""The direct question asked when only the looser, similarity-based layer of the crisis gate
fired. Asking plainly about suicide does not put the idea in anyone's head; it lets a person who
said "i just feel off" say "no" and go on, while anyone else gets the crisis answer.

Pure logic: the question, and how to read the answer. Unsure is read as unsafe."""

from __future__ import annotations

import re

QUESTION = (
    "Can I ask you something directly? Are you thinking about harming yourself or someone else, "
    "or are you in danger right now?"
)
SAFE_LINE = "Thank you for telling me. I'm glad. I'm here with you."

_UNSAFE = re.compile(
    r"\b(yes|yeah|yep|yup|i am|i think so|maybe|perhaps|sort of|kind of|kinda|a bit|a little|"
    r"sometimes|not sure|unsure|i don'?t know|dunno|probably|possibly|i guess|i might|i have been|"
    r"a lot|all the time|help)\b"
)
_SAFE = re.compile(
    r"\b(no|nope|nah|not at all|of course not|definitely not|never|nothing like that|"
    r"i'?m (fine|okay|ok|alright|all right|safe)|i am (fine|okay|ok|alright|all right|safe)|"
    r"i'?m not|i am not|i didn'?t mean (it|that)|not like that)\b"
)


def read_answer(text: str | None) -> str:
    """"safe" only for a clear no; "unsafe" for yes, unsure, silence or anything else."""
    if not text:
        return "unsafe"
    said = " " + re.sub(r"[^a-z' ]", " ", text.lower()) + " "
    if _UNSAFE.search(said):
        return "unsafe"
    return "safe" if _SAFE.search(said) else "unsafe"


def classify_answer(text: str | None) -> str:
    """Finer than read_answer, for the session's risk state:
    "safe"  a clear, specific statement of safety ("i'm safe", "i'm not going to hurt myself");
    "no"    a bare no or "i'm fine": not enough to lower risk, enough to go on carefully;
    "unsafe" yes, maybe, unsure;
    "none"  silence, or something that does not answer the question."""
    from voice_companion.safety.risk import specific_safety

    if not text or not text.strip():
        return "none"
    if specific_safety(text):
        return "safe"
    said = " " + re.sub(r"[^a-z' ]", " ", text.lower()) + " "
    if _UNSAFE.search(said):
        return "unsafe"
    if _SAFE.search(said):
        return "no"
    return "none"
