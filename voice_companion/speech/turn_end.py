"""Does what was heard so far read as a finished turn? Pure text logic, used at a short pause.

A tired or upset person pauses mid-sentence ("I have been feeling ... really low"). A pause after
words that cannot end an English sentence is a pause to think, so the turn is held open; a pause
after words that can is the end, and the companion answers without waiting out a long silence.
Judged on Whisper's raw text (fillers like "um" are dropped from the clean one)."""

from __future__ import annotations

import re

# A whole command, said on its own, is finished however short it is.
COMMANDS = frozenset({
    "stop", "pause", "wait", "slower", "faster", "louder", "quieter", "softer", "skip", "next",
    "yes", "no", "yeah", "yep", "nope", "ok", "okay", "sure", "please", "help", "again", "repeat",
    "continue", "carry on", "go on", "resume", "shh", "shush", "quiet", "be quiet", "hold on",
    "thanks", "thank you", "stop please", "please stop", "no thanks", "no thank you", "not now",
    "i'm done", "done", "enough", "bye", "goodbye", "hello", "hi",
})

# Words after which a sentence goes on. Grouped as the brief for the rule reads.
_CONJUNCTIONS = "and but or nor so because cause cos if when whenever while although though than that which who whom whose whether until unless since as where"
_PREPOSITIONS = "of to in on at for with about from into onto by over under after before through without around between towards toward against upon near across behind during like"
_ARTICLES = "a an the this these those every some any"
_POSSESSIVES = "my your his her our their its"
_AUXILIARIES = (
    "am is are was were be been being have has had will would can could should shall may might must "
    "i'm you're we're they're he's she's it's that's there's what's i've you've we've they've i'd you'd we'd "
    "they'd he'd she'd i'll you'll we'll they'll he'll she'll"
)
# Verbs and adverbs that lead into what comes next ("I feel like ...", "I want to ...").
_LEAD_INS = (
    "feeling feel feels felt think thinking thought want wanted wanna need needed gonna going trying "
    "wish hope guess starting seem seems seemed getting just really very quite kind sort bit"
)
_PRONOUNS = "i we they he she"  # a subject with no verb yet
_FILLERS = "um umm uh uhh uhm erm er hmm mm mmm ah eh like so and"
# Endings made of open words that still close a sentence ("I think so", "not really").
CLOSED_PAIRS = frozenset({
    "think so", "hope so", "guess so", "suppose so", "even so", "or so", "so so", "not really",
    "not quite", "keep going", "going on", "you like",
})

OPEN_ENDINGS = frozenset(
    " ".join((_CONJUNCTIONS, _PREPOSITIONS, _ARTICLES, _POSSESSIVES, _AUXILIARIES, _LEAD_INS, _PRONOUNS, _FILLERS)).split()
)

_WORD = re.compile(r"[a-z]+(?:'[a-z]+)?")
_TRAILING_OFF = re.compile(r"(\.\.\.|…|,|-|—|–)\s*$")


def words_of(text: str) -> list[str]:
    return _WORD.findall(text.lower().replace("’", "'"))


def sounds_finished(raw: str) -> bool:
    """True when the words heard so far can stand as the whole turn."""
    text = raw.strip()
    words = words_of(text)
    if not words:
        # Nothing but noise or breath: there is no sentence to wait for.
        return True
    if " ".join(words) in COMMANDS:
        return True
    if _TRAILING_OFF.search(text):
        return False  # Whisper itself heard the voice trail off mid-thought
    if text.endswith("?"):
        return True
    if " ".join(words[-2:]) in CLOSED_PAIRS:
        return True
    if words == ["well"]:
        return False
    return words[-1] not in OPEN_ENDINGS
