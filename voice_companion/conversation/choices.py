"""Which of the two or three exercises just offered by name the person picked.

"I can guide you through box breathing, grounding or getting up. Would you like one of those?"
is answered "the second one", "you choose" or "yes" as often as with a name, and a name is
already heard by the router. Pure: words only.
"""

from __future__ import annotations

import re

from voice_companion.textnorm import tokens

# A reply longer than this is saying something else ("the first thing i do every morning is...").
MAX_WORDS = 6

_ORDINALS = (
    (0, re.compile(r"\b(?:first|1st|number one|top)\b")),
    (1, re.compile(r"\b(?:second|2nd|number two)\b")),
    (2, re.compile(r"\b(?:third|3rd|number three)\b")),
)
_LAST = re.compile(r"\b(?:last|final|bottom)\b")
_MIDDLE = re.compile(r"\bmiddle\b")
# Any of them will do: the first is as good as any, and it is said by name when it starts.
_ANY = re.compile(r"\b(?:you (?:choose|pick|decide)|up to you|your (?:choice|pick)|any(?: of them| one)?|whichever"
                  r"|either|does not matter|do not mind|do not care|surprise me|you know best)\b")


def picked(text: str, count: int) -> int | None:
    """The index of the offered exercise the reply picks, or None when it picks none."""
    flat = " ".join(tokens(text))
    if not flat or len(flat.split()) > MAX_WORDS or count < 1:
        return None
    for index, pattern in _ORDINALS:
        if pattern.search(flat) and index < count:
            return index
    if _LAST.search(flat):
        return count - 1
    if _MIDDLE.search(flat) and count == 3:
        return 1
    if _ANY.search(flat):
        return 0
    return None


def listed(names: list[str]) -> str:
    """ "a, b or c" """
    return names[0] if len(names) == 1 else ", ".join(names[:-1]) + " or " + names[-1]
