"""Keep every spoken LLM reply whole, and keep the model from leading an exercise.

A small model asked for help starts a list ("Here are some gentle ways you can help:"), and a
sentence cap then cuts it after the lead-in, or counts "1." as a sentence; or it leads an
exercise itself ("Imagine your body is a big blanket"), which the engine does better and with
the person's consent. Pure functions on one piece of text each; session._reply_sentences
applies them as the reply streams:

- a list marker alone is nothing ("1." is not a sentence and is not counted);
- a lead-in, a colon at the end, or a list item ends the reply there (what was said before it
  stands; if nothing was, an offer of exercises is said instead);
- a sentence that leads an exercise is dropped, and the rest of the reply goes on;
- so is a help desk's sign-off ("don't hesitate to ask!").
"""

from __future__ import annotations

import re

KEEP, DROP, END = "keep", "drop", "end"

_MARKER = re.compile(r"^\s*(?:[-*+•]|\(?\d{1,2}[.):]|\(?[a-e][.)]|step \d+[.:)]?)\s*", re.IGNORECASE)
_LEAD_IN = re.compile(
    r"^(?:(?:so|okay|ok|well|sure|of course|absolutely|yes)[,!.]?\s+)*(?:here (?:are|is)|here's|these are|there are (?:a few|some|several|many|lots of)"
    r"|a few (?:ways|things|ideas|tips|exercises)|some (?:ways|things|ideas|tips|exercises|options|techniques|strategies)"
    r"|you (?:could|can|might) (?:try|do) (?:these|the following|some of these|a few things)|try (?:these|the following)"
    r"|the following|(?:one|two|three|four|five) (?:ways|things|ideas|tips|exercises|options|steps))\b",
    re.IGNORECASE,
)
_FOLLOWING = re.compile(r"\b(?:the following|as follows|these steps|following steps)\b", re.IGNORECASE)
# The model leading an exercise: an instruction to breathe, imagine, notice or count.
_SELF_LED = re.compile(
    r"^(?:(?:now|okay|ok|so|first|firstly|next|then|and|gently|slowly|together|just|when you are ready|when you're ready|let us|let's|try to|please|begin by|start by)[, ]+)*"
    r"(?:imagine|picture|visuali[sz]e|close your eyes|shut your eyes|take (?:a|another|one|some|two|three|a few) (?:\w+ )?breaths?|breathe|inhale|exhale"
    r"|hold (?:it|your breath|for|that)|count (?:to|with me|slowly|your)|focus on (?:your|the)|notice (?:your|the|how|where|any)|feel (?:your|the)"
    r"|place (?:your|a|one) hand|put (?:your|a|one) hand|relax your|let your (?:body|shoulders|breath|breathing|mind|muscles|jaw)|scan your body"
    r"|tense (?:your|up)|squeeze|think of (?:a|five|four|three|a place)|name (?:five|four|three|5|4|3)|look around|find (?:five|5|three|3)"
    r"|sit (?:up|comfortably|back)|lie (?:down|back)|get comfortable|ground yourself|repeat (?:this|after)|do this"
    r"|try (?:to )?(?:breath\w*|tak\w* (?:a|some|slow|deep)|imagin\w*|clos\w*|focus\w*|count\w*|relax\w*|visuali\w*|picture|notic\w*"
    r"|ground\w*|tens\w*|inhal\w*|exhal\w*|slow\w* (?:your|down your) breath\w*)"
    r"|(?:deep|slow) breathing (?:can|will|might)|breathing (?:deeply|slowly) (?:can|will|might|for)"
    # "Let's try some breathing exercises together", "Try slow breathing": starting one itself,
    # when only the engine leads, and only after a yes.
    r"|i(?:'ll| will| am going to|'m going to) (?:lead|guide|walk|take|talk) you"
    r"|(?:start|begin|try|do)\b(?! not\b)[^.?!]{0,40}?\b(?:exercises?|breathing|breaths?|grounding|meditation|relaxation|technique|body scan))\b",
    re.IGNORECASE,
)

# A help desk's sign-off ("If you have any other questions, don't hesitate to ask!"): it says
# nothing, and its cheer is not the companion's voice with someone who is struggling.
_SIGN_OFF = re.compile(
    r"^(?:(?:and|so|also|remember|please)[, ]+)*(?:if you (?:have|ever have|need|want) (?:any|more|some)? ?(?:other |more |further |specific )?"
    r"(?:questions?|help|assistance|support|thing else)|(?:do not|don't|never) hesitate|feel free to (?:ask|reach out|let me know|contact)"
    r"|i am (?:always |just )?here to help|i'm (?:always |just )?here to help|happy to help|glad (?:i could|to) help"
    r"|is there anything else (?:i can|you would like|you'd like)|let me know if (?:you need|there is|there's) (?:anything|any))\b",
    re.IGNORECASE,
)


def _strip_marker(line: str) -> tuple[str, bool]:
    m = _MARKER.match(line)
    if m:
        return line[m.end():].strip(), True
    return line.strip(), False


def judge(piece: str) -> tuple[str, str]:
    """(verdict, text to say): KEEP it (maybe cleaned), DROP it, or END the reply before it. A
    sign-off alone is KEEP with nothing to say: left out, it is not a reason to offer exercises."""
    lines = [line for line in piece.split("\n") if line.strip()]
    kept: list[str] = []
    dropped = False
    for line in lines:
        text, marked = _strip_marker(line)
        if not any(c.isalpha() for c in text):
            dropped = True
            continue  # "1." or "-": a list number is not a sentence
        if marked or text.rstrip(" *").endswith(":") or _LEAD_IN.match(text) or _FOLLOWING.search(text):
            return (END, " ".join(kept)) if kept else (END, "")
        if _SELF_LED.match(text) and not text.rstrip(" \"')").endswith("?"):
            dropped = True
            continue  # a question ("Do you want to try some breathing?") is an offer, not a lead
        if _SIGN_OFF.match(text):
            continue
        kept.append(text)
    if not kept:
        return (DROP, "") if dropped or not lines else (KEEP, "")
    return KEEP, " ".join(kept)


def ends_sentence(text: str) -> bool:
    """Whole: ends with . ! ? or … (a closing quote or bracket after it is fine)."""
    return text.rstrip("\"')] ").endswith((".", "!", "?", "…"))


_SUBORDINATE = re.compile(r"^(?:when|whenever|if|before|after|as|while|once|on days when|at times when)\b", re.IGNORECASE)


def finish_clause(clause: str) -> str:
    """Words that make a first clause said early ("When you feel like this,") a whole sentence
    when the rest of it was left out or never came."""
    if _SUBORDINATE.match(clause.strip()):
        return "a gentle exercise can help, and I can guide you through one if you'd like."
    return "and I'm here with you."
