"""Plainly stated denials, taken at their word: only the denied phrase is removed before the rules run."""

from __future__ import annotations

import re

# ---------------------------------------------------------------------------------------------
# Denials
# ---------------------------------------------------------------------------------------------
# A plainly stated denial of an explicit act ("i'm not suicidal", "i would never kill myself",
# "i don't want to die") is taken at its word, and only that phrase is removed; any other
# signal in the same or recent turns still fires. Why not fire anyway: speech recognition drops
# words far more often than it invents a "not", so a heard negation is strong evidence; people
# often say this to reassure before talking about tiredness; and answering a denial with the
# crisis script teaches someone to stop saying how they feel. What a denial never clears:
# passive wishes, where the negation IS the risk ("i don't want to live / to wake up / to be
# here anymore"), and "not sure if..." hedges, which are not denials. Those are matched by
# their own rules below and are not in this list.
_DENIALS = re.compile(
    r"\b(?:i am|am i|i was|i have never been|never been|i am definitely|i am really|i am honestly|"
    r"no|not that i am)\s+(?:not\s+)?(?:not|never)\s+(?:feeling\s+|being\s+)?suicidal\b"
    r"|\bi am not suicidal\b|\bnot suicidal\b"
    # ...but "if i don't hurt myself i can't sleep" is a condition, not a denial.
    r"|(?<!if )(?<!unless )\bi (?:would|will|am|do|did|could|have) (?:not|never) (?:ever )?(?:going to |want to |"
    r"wanted to |try to |actually )?(?:kill myself|hurt myself|harm myself|end my life|"
    r"take my (?:own )?life|do anything to myself|die|hurt (?:anyone|anybody|him|her|them|"
    r"someone|a fly)|do that)\b"
    r"|\bi (?:would|will) never\b(?= (?:kill|hurt|harm|do) )[a-z ]{0,20}?(?:myself|anyone|"
    r"anybody|that)\b"
    r"|\bi (?:do not|never|dont) want to die\b"
    # Panic, not intent: "my heart is pounding like i am going to die" asks for breathing help.
    r"|\b(?:like|as if|as though|feel|feels|felt|feeling|thought|think) (?:that )?i (?:am|was) (?:going to|"
    r"about to|gonna) (?:die|pass out|faint|have a heart attack)\b(?! tonight| today| by| soon)"
    # Hyperbole after a big meal or a dull wait: "i ate too much i'm gonna die".
    r"|\b(?:ate|eaten|eat|eating|had) (?:too much|so much|that much|way too much|all of (?:it|that)|another "
    r"(?:bite|slice|one))\b[a-z ]{0,25}?\bi (?:am|was|will) (?:going to |gonna |about to )?(?:die|explode|burst)\b"
    r"(?! tonight| today| by| soon| anyway)"
    r"|\bso (?:full|stuffed|bored) (?:that )?i (?:am |was )?(?:going to |gonna |could |might )?(?:die|explode|burst)\b"
    r"|\b(?:afraid|scared|terrified|worried|frightened) (?:that |of )?(?:i am )?(?:going to |"
    r"gonna |might |will )?(?:die|dying|death)\b"
)



def strip_denials(text: str) -> str:
    return re.sub(r"\s+", " ", _DENIALS.sub(" ", text)).strip()
